"""Sentence splitting for speech synthesis."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by space and a capital letter, a digit
# or a quote. "Dr. Smith" splits wrongly; persona lines avoid such titles.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, so the first can play while the next is synthesised."""
    return [sentence.strip() for sentence in _BOUNDARY.split(text) if sentence.strip()]
