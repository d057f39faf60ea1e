"""Access to the shared recordings: ``../shared/corpus`` beside the project root."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def speech_clip(name: str) -> tuple[np.ndarray, str]:
    """Return the int16 samples at 16 kHz and the reference transcript of ``speech/NAME``."""
    samples = read_wav(CORPUS / "speech" / f"{name}.wav")
    reference = (CORPUS / "speech" / f"{name}.txt").read_text(encoding="utf-8").strip()
    return samples, reference


def read_wav(path: Path) -> np.ndarray:
    """Return mono int16 samples of a 16 kHz PCM16 WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getframerate() != 16000:
            raise ValueError(f"{path}: expected 16-bit PCM at 16 kHz")
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        if wav.getnchannels() > 1:
            samples = samples.reshape(-1, wav.getnchannels())[:, 0]
    return samples.copy()
