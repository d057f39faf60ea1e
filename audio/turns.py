"""Turn detection: when the manager starts speaking, pauses, and yields the floor.

The detector is a pure state machine over 20 ms frames and their VAD flags.
It emits events; the session decides what they mean (a turn, a barge-in, a
backchannel) because that depends on who holds the floor.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from audio.options import FRAME_MS, SAMPLE_RATE, TurnOptions, VadOptions

_FRAME_SECONDS = FRAME_MS / 1000
# Voiced frames in a row that count as speech inside a segment. A lone
# voiced frame in a pause is usually a click or a breath.
_MIN_VOICED_RUN = 2
# Silence kept after the last voiced frame in the audio handed to STT.
_TRAILING_KEEP = 0.3


@dataclass(frozen=True)
class SpeechStarted:
    start: float


@dataclass(frozen=True)
class Paused:
    """The speaker has been silent for ``TurnOptions.pause``; ``audio`` is the segment so far."""

    at: float
    speech_end: float
    audio: np.ndarray


@dataclass(frozen=True)
class Resumed:
    at: float


@dataclass(frozen=True)
class SpeechEnded:
    """The segment is over: ``end`` is the end of its last voiced frame."""

    start: float
    end: float
    audio: np.ndarray
    voiced_seconds: float
    forced: bool


@dataclass(frozen=True)
class NoiseDiscarded:
    """A segment with too little voiced audio to be a word (a click, a breath)."""

    start: float
    end: float


TurnEvent = SpeechStarted | Paused | Resumed | SpeechEnded | NoiseDiscarded


class TurnDetector:
    """Group voiced frames into speech segments separated by silence.

    ``push`` takes every microphone frame in order. Times are seconds on the
    microphone clock (samples received / 16 000).
    """

    def __init__(self, vad_options: VadOptions, turn_options: TurnOptions):
        self.vad_options = vad_options
        self.options = turn_options
        preroll_frames = max(1, int(vad_options.preroll / _FRAME_SECONDS))
        self._preroll: deque[tuple[float, bytes, bool]] = deque(maxlen=max(preroll_frames, vad_options.onset_window))
        self._window: deque[bool] = deque(maxlen=vad_options.onset_window)
        self._reset_segment()

    def _reset_segment(self) -> None:
        self.in_speech = False
        self._segment: list[bytes] = []
        self._segment_start = 0.0
        self._last_voiced_end = 0.0
        self._voiced_run = 0
        self._voiced_frames = 0
        self._paused = False
        self._end_silence = self.options.end_silence

    @property
    def voiced_seconds(self) -> float:
        """Voiced audio in the current segment, in seconds."""
        return self._voiced_frames * _FRAME_SECONDS

    @property
    def segment_start(self) -> float:
        return self._segment_start

    def segment_audio(self) -> np.ndarray:
        """Return the int16 samples of the current segment so far."""
        return np.frombuffer(b"".join(self._segment), dtype=np.int16)

    def set_end_silence(self, seconds: float) -> None:
        """Change the silence that ends the current segment, capped by ``max_end_silence``."""
        self._end_silence = min(seconds, self.options.max_end_silence)

    def cancel_segment(self) -> None:
        """Drop the current segment, for example audio recognised as echo."""
        self._reset_segment()
        self._window.clear()

    def push(self, frame: bytes, voiced: bool, frame_start: float) -> list[TurnEvent]:
        frame_end = frame_start + _FRAME_SECONDS
        self._window.append(voiced)

        if not self.in_speech:
            self._preroll.append((frame_start, frame, voiced))
            if sum(self._window) < self.vad_options.onset_voiced_frames:
                return []
            return [self._start_segment()]

        self._segment.append(frame)
        events: list[TurnEvent] = []
        if voiced:
            self._voiced_run += 1
            self._voiced_frames += 1
        else:
            self._voiced_run = 0
        if self._voiced_run >= _MIN_VOICED_RUN:
            self._last_voiced_end = frame_end
            if self._paused:
                self._paused = False
                self._end_silence = self.options.end_silence
                events.append(Resumed(at=frame_end))

        silence = frame_end - self._last_voiced_end
        if not self._paused and silence >= self.options.pause:
            self._paused = True
            events.append(Paused(at=frame_end, speech_end=self._last_voiced_end, audio=self._audio(frame_end)))

        if silence >= self._end_silence:
            events.append(self._end_segment(forced=False))
        elif frame_end - self._segment_start >= self.options.max_turn:
            events.append(self._end_segment(forced=True))
        return events

    def _start_segment(self) -> SpeechStarted:
        # The segment starts at the first voiced frame of the onset window and
        # keeps the preroll before it, so STT hears the first syllable.
        frames = list(self._preroll)
        recent = frames[-self.vad_options.onset_window :]
        first_voiced = next(start for start, _, flag in recent if flag)
        self._reset_segment()
        self.in_speech = True
        self._segment = [frame for _, frame, _ in frames]
        self._segment_start = frames[0][0]
        self._voiced_frames = sum(1 for _, _, flag in frames if flag)
        self._last_voiced_end = frames[-1][0] + _FRAME_SECONDS
        self._preroll.clear()
        return SpeechStarted(start=first_voiced)

    def _end_segment(self, *, forced: bool) -> SpeechEnded | NoiseDiscarded:
        end = self._last_voiced_end
        if self.voiced_seconds < self.options.min_voiced:
            noise = NoiseDiscarded(start=self._segment_start, end=end)
            self._reset_segment()
            self._window.clear()
            return noise
        audio = self._audio(end + _TRAILING_KEEP)
        event = SpeechEnded(
            start=self._segment_start,
            end=end,
            audio=audio,
            voiced_seconds=self.voiced_seconds,
            forced=forced,
        )
        self._reset_segment()
        self._window.clear()
        return event

    def _audio(self, until: float) -> np.ndarray:
        """Return the segment's int16 samples from its start up to ``until`` seconds."""
        samples = np.frombuffer(b"".join(self._segment), dtype=np.int16)
        keep = int(round((until - self._segment_start) * SAMPLE_RATE))
        return samples[: max(0, keep)].copy()
