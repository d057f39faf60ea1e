"""The persona's reply to one turn, known in full or streamed sentence by sentence."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Protocol


class SentenceStream(Protocol):
    """A reply phrased while it streams, such as the language-model actor's."""

    def sentences(self) -> AsyncIterator[str]: ...

    @property
    def report(self) -> dict: ...


class Reply:
    """The persona's reply to one manager turn.

    ``text`` is the whole reply when it is known before streaming starts
    (scripted lines), so speech synthesis can start on it at once; it is
    ``None`` for a streamed reply. ``sentences()`` yields the reply sentence
    by sentence in both cases. ``decision`` is the director's record for the
    session's ``decision`` event; a streamed reply adds ``actor`` and
    ``fallback`` to it when the stream ends.
    """

    def __init__(
        self,
        stance: str,
        decision: dict,
        lines: list[str] | None = None,
        stream: SentenceStream | None = None,
        on_spoken: Callable[[str], None] | None = None,
    ):
        if (lines is None) == (stream is None):
            raise ValueError("a Reply needs either lines or a stream")
        self.stance = stance
        self.decision = decision
        self._lines = lines
        self._stream = stream
        self._on_spoken = on_spoken
        self.spoken_text: str | None = " ".join(lines) if lines is not None else None

    @property
    def text(self) -> str | None:
        return " ".join(self._lines) if self._lines is not None else None

    async def sentences(self) -> AsyncIterator[str]:
        if self._lines is not None:
            for line in self._lines:
                yield line
            return
        said: list[str] = []
        try:
            async for sentence in self._stream.sentences():
                said.append(sentence)
                yield sentence
        finally:
            self.spoken_text = " ".join(said)
            self.decision.update(self._stream.report)
            if self._on_spoken is not None:
                self._on_spoken(self.spoken_text)
