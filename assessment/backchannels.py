"""Backchannels: short acknowledgements ("mm-hm", "right", "okay") that do not take the floor."""

from __future__ import annotations

import re

BACKCHANNEL_WORDS = frozenset(
    "ah alright cool exactly got hm hmm i mhm mm mm-hm mmhm oh ok okay right see sure thanks true uh-huh uhhuh yeah yep yes".split()
)
"""Words that, alone in a short utterance, acknowledge without taking the floor."""


def is_backchannel(text: str, max_words: int) -> bool:
    """Return whether an utterance is only a short acknowledgement such as "mm-hm" or "okay, right"."""
    words = re.findall(r"[a-z][a-z'-]*", text.lower())
    return 0 < len(words) <= max_words and all(word in BACKCHANNEL_WORDS for word in words)
