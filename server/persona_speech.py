"""Speaking one persona reply: synthesis sentence by sentence, streamed as it is made."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from audio import SAMPLE_RATE, EchoReference, Synthesizer, VoiceSettings, split_sentences
from personas import Reply
from server.protocol import audio_frame

logger = logging.getLogger(__name__)


@dataclass
class Sentence:
    text: str
    duration_ms: float = 0.0


@dataclass
class PersonaUtterance:
    """One persona utterance from its first sentence to the end of its playback.

    ``start`` and the playback fields are seconds on the microphone clock,
    filled in as the client reports playback.
    """

    number: int
    turn: int
    sentences: list[Sentence] = field(default_factory=list)
    chunks_sent: int = 0
    audio_ms_sent: float = 0.0
    all_sent: bool = False
    first_text_wall: float | None = None
    first_sent_wall: float | None = None
    first_sent_at: float | None = None
    start: float | None = None
    played_ms: float = 0.0
    finished: bool = False
    cut_at: float | None = None

    @property
    def id(self) -> str:
        return f"p{self.number}"

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)

    def heard_text(self, played_ms: float) -> str:
        """Return the words the listener heard in ``played_ms`` of audio.

        Whole sentences up to the cut, then the share of the cut sentence's
        words that matches the share of its audio that played.
        NOTE: word boundaries inside a sentence are estimated from its
        duration, not aligned, so the last word heard may be off by one.
        """
        heard: list[str] = []
        remaining = played_ms
        for sentence in self.sentences:
            if remaining >= sentence.duration_ms:
                heard.append(sentence.text)
                remaining -= sentence.duration_ms
                continue
            if sentence.duration_ms > 0 and remaining > 0:
                words = sentence.text.split()
                count = int(len(words) * remaining / sentence.duration_ms)
                if count:
                    heard.append(" ".join(words[:count]))
            break
        return " ".join(heard)


SendJson = Callable[[dict], Awaitable[None]]
SendBytes = Callable[[bytes], Awaitable[None]]


class PersonaSpeaker:
    """Turn a ``Reply`` into ``persona_text`` events and tagged audio frames."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        voice: VoiceSettings | None,
        chunk_ms: int,
        send_json: SendJson,
        send_bytes: SendBytes,
        clock: Callable[[], float],
        echo: EchoReference | None,
    ):
        self.synthesizer = synthesizer
        self.voice = voice
        self.chunk_bytes = int(synthesizer.sample_rate * chunk_ms / 1000) * 2
        self.send_json = send_json
        self.send_bytes = send_bytes
        self.clock = clock
        self.echo = echo

    async def speak(self, reply: Reply, utterance: PersonaUtterance) -> None:
        """Send the reply's sentences and audio; cancellation stops at the next chunk."""
        index = 0
        async for line in reply.sentences():
            for text in split_sentences(line):
                await self._speak_sentence(text, index, utterance)
                index += 1

        utterance.all_sent = True
        await self.send_json(
            {
                "type": "persona_audio_end",
                "utterance": utterance.number,
                "chunks": utterance.chunks_sent,
                "duration_ms": round(utterance.audio_ms_sent, 1),
            }
        )

    async def _speak_sentence(self, text: str, index: int, utterance: PersonaUtterance) -> None:
        sentence = Sentence(text=text)
        utterance.sentences.append(sentence)
        if utterance.first_text_wall is None:
            utterance.first_text_wall = time.monotonic()
        await self.send_json(
            {"type": "persona_text", "utterance": utterance.number, "turn": utterance.turn, "index": index, "text": text}
        )
        audio = await self.synthesizer.synthesize(text, self.voice)
        sentence.duration_ms = audio.duration_ms
        await self._send_audio(audio.pcm, utterance)

    async def _send_audio(self, pcm: bytes, utterance: PersonaUtterance) -> None:
        for offset in range(0, len(pcm), self.chunk_bytes):
            chunk = pcm[offset : offset + self.chunk_bytes]
            if utterance.first_sent_wall is None:
                utterance.first_sent_wall = time.monotonic()
                utterance.first_sent_at = self.clock()
            if self.echo is not None:
                # The client plays chunks back to back from the first one, so
                # each lands at the first chunk's time plus the audio before it.
                start_sample = int((utterance.first_sent_at + utterance.audio_ms_sent / 1000) * SAMPLE_RATE)
                self.echo.add(chunk, self.synthesizer.sample_rate, start_sample)
            await self.send_bytes(audio_frame(utterance.number, utterance.chunks_sent, chunk))
            utterance.chunks_sent += 1
            utterance.audio_ms_sent += len(chunk) / 2 / self.synthesizer.sample_rate * 1000
