"""Recognise the persona's own voice coming back through the microphone.

In speakers mode the persona's audio plays on loudspeakers and reaches the
microphone. Browser echo cancellation removes most of it, but not all, and not
in every browser. The server knows exactly what it sent, so it keeps that
audio on the microphone clock and checks whether a stretch of microphone audio
is a delayed, scaled copy of it: a normalised cross-correlation peak near 1
means echo, while the manager's own voice correlates weakly.
"""

from __future__ import annotations

import numpy as np

from audio.frames import resample
from audio.options import SAMPLE_RATE, EchoOptions

# Reference audio older than this is dropped; it bounds memory per session.
_HISTORY_SECONDS = 20.0


class EchoReference:
    """The persona audio as the microphone would hear it, on the microphone clock."""

    def __init__(self, options: EchoOptions):
        self.options = options
        self._origin = 0  # microphone sample index of _samples[0]
        self._samples = np.zeros(0, dtype=np.float32)
        self._active_until = -1.0

    def add(self, pcm16: bytes, sample_rate: int, at_sample: int) -> None:
        """Place persona audio so that its first sample plays at ``at_sample``."""
        audio = resample(np.frombuffer(pcm16, dtype=np.int16).astype(np.float32) / 32768.0, sample_rate, SAMPLE_RATE)
        end = at_sample + audio.size
        if self._samples.size == 0:
            self._origin = at_sample
        needed = end - self._origin
        if needed > self._samples.size:
            self._samples = np.concatenate([self._samples, np.zeros(needed - self._samples.size, np.float32)])
        offset = at_sample - self._origin
        if offset < 0:
            audio = audio[-offset:]
            offset = 0
        self._samples[offset : offset + audio.size] += audio
        self._active_until = max(self._active_until, end / SAMPLE_RATE + self.options.tail)
        self._trim(end)

    def stop_at(self, at_sample: int) -> None:
        """Drop reference audio after ``at_sample``: playback was cleared there."""
        keep = max(0, at_sample - self._origin)
        self._samples = self._samples[:keep]
        self._active_until = at_sample / SAMPLE_RATE + self.options.tail

    def active(self, at_seconds: float) -> bool:
        """Return whether persona audio may be reaching the microphone at ``at_seconds``."""
        return at_seconds <= self._active_until

    def is_echo(self, mic: np.ndarray, mic_start_sample: int) -> tuple[bool, float]:
        """Return whether float samples ``mic``, starting at ``mic_start_sample``, are echo.

        Also returns the correlation peak, for logs and tests.
        """
        if mic.size == 0 or self._samples.size == 0:
            return False, 0.0
        max_lag = int(self.options.max_lag * SAMPLE_RATE)
        lo = max(0, mic_start_sample - max_lag - self._origin)
        hi = min(self._samples.size, mic_start_sample + mic.size + max_lag - self._origin)
        reference = self._samples[lo:hi]
        if reference.size < mic.size // 2:
            return False, 0.0
        peak = _max_normalised_correlation(mic, reference)
        return peak >= self.options.correlation_threshold, peak

    def _trim(self, newest_sample: int) -> None:
        excess = (newest_sample - self._origin) - int(_HISTORY_SECONDS * SAMPLE_RATE)
        if excess > 0:
            self._samples = self._samples[excess:]
            self._origin += excess


def _max_normalised_correlation(mic: np.ndarray, reference: np.ndarray) -> float:
    """Return the largest normalised cross-correlation of ``mic`` against any window of ``reference``."""
    mic = mic - mic.mean()
    mic_energy = float(np.dot(mic, mic))
    if mic_energy <= 1e-9:
        return 0.0
    if reference.size < mic.size:
        reference = np.concatenate([reference, np.zeros(mic.size - reference.size, np.float32)])
    size = 1 << int(np.ceil(np.log2(reference.size + mic.size)))
    spectrum = np.fft.rfft(reference, size) * np.conj(np.fft.rfft(mic, size))
    cross = np.fft.irfft(spectrum, size)[: reference.size - mic.size + 1]
    # Energy of each reference window of the mic's length, by cumulative sums.
    squares = np.concatenate([[0.0], np.cumsum(reference.astype(np.float64) ** 2)])
    window_energy = squares[mic.size :] - squares[: -mic.size]
    denominator = np.sqrt(np.maximum(window_energy, 1e-12) * mic_energy)
    return float(np.max(np.abs(cross) / denominator))
