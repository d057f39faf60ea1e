"""The streaming Ogg/Opus writer and the conversation mix, on synthetic tones."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from audio import FRAME_SAMPLES, SAMPLE_RATE
from audio.recording import ConversationRecorder, OpusWriter
from server.storage.retranscribe import _cut_spans, decode_track

PERSONA_RATE = 22050


def _tone(seconds: float, rate: int, frequency: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (level * 32767 * np.sin(2 * np.pi * frequency * t)).astype(np.int16)


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def _window(samples: np.ndarray, start: float, end: float) -> np.ndarray:
    return samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]


def test_persona_cut_at_barge_in(tmp_path):
    recorder = ConversationRecorder(tmp_path, PERSONA_RATE)
    silence = np.zeros(FRAME_SAMPLES, dtype=np.int16).tobytes()
    persona = _tone(3.0, PERSONA_RATE)
    # The server sends all 3 s at once, ahead of playback, in 200 ms chunks.
    chunk = int(0.2 * PERSONA_RATE)
    for offset in range(0, persona.size, chunk):
        recorder.add_persona_audio(1, persona[offset : offset + chunk].tobytes())
    for frame in range(int(5.0 * SAMPLE_RATE / FRAME_SAMPLES)):
        seconds = frame * FRAME_SAMPLES / SAMPLE_RATE
        if seconds == 1.0:
            recorder.persona_started(1, 1.0)
        if seconds == 2.8:
            # The client reports the cut late: it stopped after 1.5 s of playback.
            recorder.persona_finished(1, 1.0, 1500.0)
        recorder.add_microphone(silence)
    recorder.close()

    conversation = np.concatenate(list(decode_track(tmp_path / "conversation.ogg"))) * 32768
    manager = np.concatenate(list(decode_track(tmp_path / "manager.ogg"))) * 32768
    assert conversation.size == pytest.approx(5.0 * SAMPLE_RATE, abs=0.05 * SAMPLE_RATE)
    assert _rms(_window(conversation, 0.0, 0.95)) < 100, "persona audio before playback started"
    assert _rms(_window(conversation, 1.05, 2.45)) > 3000, "persona audio missing while it played"
    assert _rms(_window(conversation, 2.55, 5.0)) < 100, "persona audio after the cut"
    assert _rms(manager) < 100, "the manager track carries persona audio"


def test_unclosed_file_decodes(tmp_path):
    writer = OpusWriter(tmp_path / "track.ogg")
    for _ in range(150):  # 3 s in 20 ms frames
        writer.write(_tone(0.02, SAMPLE_RATE))
    # A crashed server never closes the file: a copy taken now is what it leaves.
    shutil.copy(tmp_path / "track.ogg", tmp_path / "crashed.ogg")
    writer.close()
    decoded = np.concatenate(list(decode_track(tmp_path / "crashed.ogg")))
    # Pages hold at most 200 ms, so at most that much (plus the encoder's lookahead) is lost.
    assert decoded.size / SAMPLE_RATE >= 3.0 - 0.3


def test_cut_spans_finds_each_utterance(tmp_path):
    writer = OpusWriter(tmp_path / "manager.ogg")
    bursts = [(1.0, 1.5), (3.0, 4.0), (4.2, 4.6)]
    track = np.zeros(int(6.0 * SAMPLE_RATE), dtype=np.int16)
    for start, end in bursts:
        piece = _tone(end - start, SAMPLE_RATE)
        track[int(start * SAMPLE_RATE) : int(start * SAMPLE_RATE) + piece.size] = piece
    for offset in range(0, track.size, 333):
        writer.write(track[offset : offset + 333])
    writer.close()

    cuts = list(_cut_spans(tmp_path / "manager.ogg", bursts + [(5.8, 7.0)]))
    assert [index for index, _ in cuts] == [0, 1, 2, 3]
    for index, (start, samples) in cuts[:3]:
        expected = bursts[index]
        assert start == pytest.approx(expected[0])
        assert samples.size == pytest.approx((expected[1] - expected[0]) * SAMPLE_RATE, abs=2)
        assert _rms(samples[FRAME_SAMPLES:-FRAME_SAMPLES]) > 0.15
    # The last span runs past the end of the track and is cut short.
    assert cuts[3][1][1].size <= int(0.25 * SAMPLE_RATE)
