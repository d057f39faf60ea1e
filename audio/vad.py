"""Frame-level voice activity detection with webrtcvad."""

from __future__ import annotations

import webrtcvad

from audio.frames import pcm16_to_float, rms
from audio.options import SAMPLE_RATE, VadOptions


class VoiceActivityDetector:
    """Classify 20 ms PCM16 frames at 16 kHz as voiced or not.

    A frame below ``VadOptions.min_rms`` is unvoiced whatever webrtcvad says,
    because webrtcvad judges spectral shape, not loudness.
    """

    def __init__(self, options: VadOptions):
        self.options = options
        self._vad = webrtcvad.Vad(options.mode)

    def is_speech(self, frame: bytes) -> tuple[bool, float]:
        """Return whether ``frame`` is voiced, and its RMS level."""
        level = rms(pcm16_to_float(frame))
        if level < self.options.min_rms:
            return False, level
        return self._vad.is_speech(frame, SAMPLE_RATE), level
