"""A cheap end-of-turn check on the words of a speculative transcript."""

from __future__ import annotations

import re

from audio.options import TurnOptions

# Words after which an English speaker goes on, even when Whisper has put a
# full stop after them: a conjunction, an article, a preposition, a filler.
_DANGLING_WORDS = {
    "and", "but", "so", "or", "because", "if", "the", "a", "an", "to", "of", "for", "with",
    "um", "uh", "er", "erm", "like", "my", "our", "your", "their",
}
# Words that end a sentence often enough ("than he was.", "accept that.") to
# count as dangling only when no terminal punctuation follows them.
_OPEN_WORDS = {
    "that", "which", "when", "then", "also", "is", "are", "was", "i", "we", "you", "it's",
    "what", "how", "about", "where", "while",
}
_WORD = re.compile(r"[a-z0-9']+")


def end_silence_for(text: str, options: TurnOptions) -> float:
    """Return how long to wait in silence before the turn ends, given its words so far.

    A question or a finished sentence ends sooner; words that trail off
    ("... and", "um") buy the speaker more time to go on.
    """
    stripped = text.strip()
    words = _WORD.findall(stripped.lower())
    if not words:
        return options.end_silence
    terminal = stripped.endswith(("?", ".", "!")) and not stripped.endswith("...")
    last = words[-1]
    if last in _DANGLING_WORDS or stripped.endswith((",", "...", "-")):
        return options.end_silence_incomplete
    if last in _OPEN_WORDS and not terminal:
        return options.end_silence_incomplete
    if terminal and len(words) >= 2:
        return options.end_silence_complete
    return options.end_silence
