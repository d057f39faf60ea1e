"""PCM16 conversion, re-framing and resampling."""

from __future__ import annotations

import numpy as np

from audio.options import FRAME_BYTES


class InvalidAudioError(ValueError):
    """Bytes that are not whole PCM16 samples."""


class Reframer:
    """Cut a byte stream of PCM16 samples into fixed 20 ms frames.

    Clients may send any whole number of samples per message; webrtcvad only
    accepts 10, 20 or 30 ms frames, so leftovers wait for the next message.
    """

    def __init__(self, frame_bytes: int = FRAME_BYTES):
        self.frame_bytes = frame_bytes
        self._pending = bytearray()

    def push(self, data: bytes) -> list[bytes]:
        if len(data) % 2:
            raise InvalidAudioError(
                f"audio frame of {len(data)} bytes is not a whole number of 16-bit samples"
            )
        self._pending.extend(data)
        frames = []
        while len(self._pending) >= self.frame_bytes:
            frames.append(bytes(self._pending[: self.frame_bytes]))
            del self._pending[: self.frame_bytes]
        return frames


def pcm16_to_float(data: bytes | np.ndarray) -> np.ndarray:
    """Return float32 samples in [-1, 1) from PCM16 bytes or an int16 array."""
    samples = np.frombuffer(data, dtype=np.int16) if isinstance(data, (bytes, bytearray)) else data
    return samples.astype(np.float32) / 32768.0


def float_to_pcm16(samples: np.ndarray) -> bytes:
    """Return little-endian PCM16 bytes, clipping samples outside [-1, 1]."""
    clipped = np.clip(samples, -1.0, 1.0)
    return (clipped * 32767.0).astype("<i2").tobytes()


def rms(samples: np.ndarray) -> float:
    """Return the root mean square of float samples (full scale = 1.0)."""
    if samples.size == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def resample(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Resample float samples by linear interpolation.

    NOTE: linear interpolation aliases a little above 4 kHz when going down
    from 22 050 Hz; it serves the echo check, which compares envelopes and
    low-band shape, not audio that anyone listens to.
    """
    if source_rate == target_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    duration = samples.size / source_rate
    target_size = int(round(duration * target_rate))
    source_times = np.arange(samples.size) / source_rate
    target_times = np.arange(target_size) / target_rate
    return np.interp(target_times, source_times, samples).astype(np.float32)
