"""A cheap end-of-turn check on the words of a speculative transcript."""

from __future__ import annotations

import re

from audio.options import TurnOptions

# Words after which an English speaker usually goes on.
_TRAILING_WORDS = {
    "and", "but", "so", "or", "because", "if", "when", "that", "which", "the", "a", "an",
    "to", "of", "for", "with", "um", "uh", "er", "erm", "like", "then", "also", "my", "our",
    "your", "is", "are", "was", "i", "we", "you", "it's", "what", "how", "about",
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
    if words[-1] in _TRAILING_WORDS or stripped.endswith((",", "...", "-")):
        return options.end_silence_incomplete
    if stripped.endswith(("?", ".", "!")) and len(words) >= 2:
        return options.end_silence_complete
    return options.end_silence
