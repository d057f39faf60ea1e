"""Text normalisation and word error rate for comparing transcripts with references."""

from __future__ import annotations

import re

_NUMBERS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
    "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
    "20": "twenty", "30": "thirty", "40": "forty", "50": "fifty", "100": "hundred",
}
_SPELLING = {"mr": "mister", "mrs": "missus", "em": "them", "etc": "etcetera", "counseled": "counselled"}


def normalise_words(text: str) -> list[str]:
    """Lowercase, drop punctuation, and spell out small numbers as Whisper writes digits."""
    text = text.lower().replace("-", " ")
    words = re.findall(r"[a-z0-9']+", text)
    normalised = []
    for word in words:
        word = word.strip("'")
        word = _NUMBERS.get(word, word)
        word = _SPELLING.get(word, word)
        if word:
            normalised.append(word)
    return normalised


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Return (substitutions + deletions + insertions) / reference words."""
    ref = normalise_words(reference)
    hyp = normalise_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, start=1):
            cost = 0 if ref_word == hyp_word else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        previous = current
    return previous[-1] / len(ref)
