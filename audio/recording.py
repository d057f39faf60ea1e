"""Recording a session to Ogg/Opus as it happens, without holding it in memory.

``OpusWriter`` encodes PCM16 mono to an Ogg/Opus file packet by packet.
``ConversationRecorder`` writes two such files on the microphone clock: the
manager's microphone alone, and a mix of the microphone with the persona's
audio placed where the listener heard it.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from audio.options import FRAME_SAMPLES, SAMPLE_RATE

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordingOptions:
    """Encoder and mixing settings of a recording."""

    bit_rate: int = 24_000  # Opus bits per second per track; speech at 16 kHz sounds clean from about 16 kbit/s
    # Maximum audio per Ogg page. The muxer writes a page only when it is full,
    # so this bounds what a server crash can lose from a file's tail.
    page_duration_us: int = 200_000
    # The mixed track trails the microphone by this much, so that playback
    # reports arriving late (start, cut at a barge-in) still apply to audio
    # that is not written yet. VoiceSession estimates a cut it has not heard
    # about after 1 s, so this must exceed that.
    mix_delay_s: float = 2.0
    persona_gain: float = 1.0
    microphone_gain: float = 1.0


class OpusWriter:
    """Encode PCM16 mono at ``sample_rate`` into an Ogg/Opus file as it arrives.

    Packets reach the file as soon as an Ogg page fills (``page_duration_us``),
    so a file whose writer was never closed still decodes up to its last page.
    """

    def __init__(self, path: Path, sample_rate: int = SAMPLE_RATE, options: RecordingOptions = RecordingOptions()):
        self.path = path
        self.sample_rate = sample_rate
        self.samples_written = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._container = av.open(
            str(path),
            mode="w",
            format="ogg",
            options={"flush_packets": "1", "page_duration": str(options.page_duration_us)},
        )
        self._stream = self._container.add_stream("libopus", rate=sample_rate, layout="mono")
        self._stream.bit_rate = options.bit_rate
        self._closed = False

    @property
    def seconds(self) -> float:
        return self.samples_written / self.sample_rate

    def write(self, samples: np.ndarray) -> None:
        """Encode int16 samples; any count is accepted and buffered to whole Opus frames."""
        if self._closed:
            raise ValueError(f"the recording {self.path} is already closed")
        if samples.size == 0:
            return
        frame = av.AudioFrame.from_ndarray(samples.astype(np.int16, copy=False).reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.sample_rate
        frame.pts = self.samples_written
        self.samples_written += samples.size
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def close(self) -> None:
        """Flush the encoder and finish the file. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            for packet in self._stream.encode(None):
                self._container.mux(packet)
        finally:
            self._container.close()


@dataclass
class _PersonaSpeech:
    """One persona utterance waiting to be mixed, as int16 samples at 16 kHz.

    ``start`` is the microphone sample where playback began, and ``length``
    the number of samples the listener heard. Both stay None until the
    client reports them.
    """

    resampler: av.AudioResampler
    pcm: bytearray = field(default_factory=bytearray)
    dropped: int = 0  # samples already mixed and removed from the front of ``pcm``
    start: int | None = None
    length: int | None = None
    finished: bool = False

    def end(self) -> int | None:
        if self.start is None or self.length is None:
            return None
        return self.start + self.length


class ConversationRecorder:
    """Write ``manager.ogg`` (the microphone) and ``conversation.ogg`` (microphone plus persona).

    Both files run on the microphone clock: sample N of either file is the
    Nth microphone sample the server received. Persona audio is mixed in from
    the sample where the client reported that playback started, and stops
    after the share the client reported as played, so an utterance cut off at
    a barge-in stops where the listener stopped hearing it.

    Memory is bounded: ``mix_delay_s`` of microphone audio, plus the persona
    audio sent but not yet mixed (at most the utterances in flight).
    """

    def __init__(self, directory: Path, persona_rate: int, options: RecordingOptions = RecordingOptions()):
        self.directory = directory
        self.persona_rate = persona_rate
        self.options = options
        self.manager = OpusWriter(directory / "manager.ogg", SAMPLE_RATE, options)
        self.conversation = OpusWriter(directory / "conversation.ogg", SAMPLE_RATE, options)
        self._pending_mic: deque[np.ndarray] = deque()
        self._pending_samples = 0
        self._delay_samples = int(options.mix_delay_s * SAMPLE_RATE)
        self._mixed_until = 0  # microphone samples already written to conversation.ogg
        self._persona: dict[int, _PersonaSpeech] = {}
        self._closed = False

    @property
    def seconds(self) -> float:
        """Return the length of the manager track in seconds."""
        return self.manager.seconds

    # ------------------------------------------------------------ input

    def add_microphone(self, frame: bytes | np.ndarray) -> None:
        """Record one frame of PCM16 microphone audio at 16 kHz."""
        if self._closed:
            return
        samples = np.frombuffer(frame, dtype="<i2") if isinstance(frame, (bytes, bytearray)) else frame
        self.manager.write(samples)
        self._pending_mic.append(samples.copy())
        self._pending_samples += samples.size
        while self._pending_samples - self._pending_mic[0].size >= self._delay_samples:
            self._mix_next()

    def add_persona_audio(self, utterance: int, pcm: bytes) -> None:
        """Keep PCM16 persona audio (at ``persona_rate``) of ``utterance`` until it is mixed."""
        if self._closed or not pcm:
            return
        speech = self._persona.get(utterance)
        if speech is None:
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            speech = self._persona[utterance] = _PersonaSpeech(resampler=resampler)
        if speech.finished:
            return
        frame = av.AudioFrame.from_ndarray(np.frombuffer(pcm, dtype="<i2").reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.persona_rate
        for resampled in speech.resampler.resample(frame):
            speech.pcm.extend(resampled.to_ndarray().astype("<i2").tobytes())

    def persona_started(self, utterance: int, at_seconds: float) -> None:
        """Place ``utterance`` on the microphone clock from ``at_seconds``."""
        speech = self._persona.get(utterance)
        if speech is not None and speech.start is None:
            speech.start = int(round(at_seconds * SAMPLE_RATE))

    def persona_finished(self, utterance: int, start_seconds: float, played_ms: float) -> None:
        """Fix where ``utterance`` played and how much of it the listener heard."""
        speech = self._persona.get(utterance)
        if speech is None:
            return
        if speech.start is None:
            speech.start = int(round(start_seconds * SAMPLE_RATE))
        speech.length = int(round(played_ms / 1000 * SAMPLE_RATE))
        speech.finished = True
        self._forget_finished()

    def close(self) -> None:
        """Mix what is pending and finish both files. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            while self._pending_mic:
                self._mix_next()
        finally:
            self._persona.clear()
            try:
                self.manager.close()
            finally:
                self.conversation.close()

    # ----------------------------------------------------------- mixing

    def _mix_next(self) -> None:
        samples = self._pending_mic.popleft()
        self._pending_samples -= samples.size
        start = self._mixed_until
        mixed = samples.astype(np.float32) * self.options.microphone_gain
        for speech in self._persona.values():
            self._add_persona(mixed, start, speech)
        self._mixed_until += samples.size
        self.conversation.write(np.clip(mixed, -32768, 32767).astype(np.int16))
        self._forget_finished()

    def _add_persona(self, mixed: np.ndarray, start: int, speech: _PersonaSpeech) -> None:
        if speech.start is None:
            return
        # Positions below are samples on the microphone clock.
        available_end = speech.start + speech.dropped + len(speech.pcm) // 2
        end = available_end if speech.length is None else min(available_end, speech.start + speech.length)
        lo = max(start, speech.start + speech.dropped)
        hi = min(start + mixed.size, end)
        if hi > lo:
            offset = lo - speech.start - speech.dropped
            # No name may keep the frombuffer view alive: a bytearray with a
            # live view cannot shrink below.
            mixed[lo - start : hi - start] += (
                np.frombuffer(speech.pcm, dtype="<i2", count=hi - lo, offset=offset * 2).astype(np.float32) * self.options.persona_gain
            )
        # Drop what lies before the next frame; it can no longer be mixed.
        consumed = min(start + mixed.size, available_end) - speech.start - speech.dropped
        if consumed > 0:
            del speech.pcm[: consumed * 2]
            speech.dropped += consumed

    def _forget_finished(self) -> None:
        done = [
            number
            for number, speech in self._persona.items()
            if speech.finished and (speech.length == 0 or (speech.end() is not None and speech.end() <= self._mixed_until))
        ]
        for number in done:
            del self._persona[number]
