"""Barge-in: talking over the persona stops it; a cough, a "mm-hm" or its own echo does not."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import numpy as np
import pytest

from audio import SAMPLE_RATE, resample
from tests.support.corpus import speech_clip
from tests.support.text import word_error_rate
from tests.support.voice_client import SimulatedClient

pytestmark = pytest.mark.slow


def _cough(seconds: float = 0.3, seed: int = 3) -> np.ndarray:
    """A cough-like burst: loud noise with a sharp attack, a decay and a low-frequency body."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    envelope = np.minimum(1.0, t / 0.015) * np.exp(-t / 0.09)
    noise = rng.normal(0, 1, t.size)
    # A two-tap smoothing darkens white noise towards the spectrum of a cough.
    body = np.convolve(noise, np.ones(4) / 4, mode="same") + 0.4 * np.sin(2 * np.pi * 180 * t)
    burst = 0.5 * envelope * body / np.max(np.abs(body))
    return (burst * 32767).astype(np.int16)


def _hum(seed: int = 5) -> np.ndarray:
    """A "mm-hm": two short nasal hums, the second higher, as a listener makes with a closed mouth."""
    parts = []
    for seconds, pitch in ((0.16, 120.0), (0.2, 150.0)):
        t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
        envelope = np.sin(np.pi * t / seconds) ** 0.5
        harmonics = sum(np.sin(2 * np.pi * pitch * k * t) / k**1.5 for k in range(1, 12))
        parts.append(0.25 * envelope * harmonics / np.max(np.abs(harmonics)))
        parts.append(np.zeros(int(0.08 * SAMPLE_RATE)))
    return (np.concatenate(parts) * 32767).astype(np.int16)


def _spoken(engines, text: str) -> np.ndarray:
    """``text`` spoken by the bundled Piper voice, at 16 kHz."""
    audio = engines.synthesizer._voice.synthesize(text)
    pcm = b"".join(chunk.audio_int16_bytes for chunk in audio)
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768
    return (resample(samples, engines.synthesizer.sample_rate, SAMPLE_RATE) * 32767).astype(np.int16)


def _record(live_server, client) -> dict:
    path = Path(live_server.settings.data_dir, "sessions", f"{client.session['session_id']}.json")
    return json.loads(path.read_text())


async def _end(client) -> None:
    await client.send_json({"type": "end"})
    await client.wait_for(lambda m: m["type"] == "ended")


async def _wait_playing(client, number: int, seconds: float) -> None:
    """Wait until utterance ``number`` has played for ``seconds``."""
    while True:
        played = client.utterances.get(number)
        if played is not None and played.samples_played >= seconds * client.sample_rate:
            return
        await asyncio.sleep(0.02)


async def test_speech_over_persona_stops_it(live_server):
    samples, reference = speech_clip("vctk_p314_272")
    async with SimulatedClient(live_server.url) as client:
        await _wait_playing(client, 1, 1.0)
        start, _end_time = await client.speak(samples)

        barge_in = await client.wait_for(lambda m: m["type"] == "barge_in", timeout=5)
        cut = await client.wait_for(lambda m: m["type"] == "persona_cut_off", timeout=5)
        transcript = await client.wait_for(lambda m: m["type"] == "transcript", timeout=10)
        reply = await client.wait_for(lambda m: m["type"] == "persona_text" and m["turn"] == 1, timeout=10)
        await client.wait_persona_done(reply["utterance"])
        await _end(client)

        opening = client.utterances[1]
        assert opening.cleared
        assert not opening.finished
        # The manager's speech starts in the clip's leading silence; the
        # persona must stop within a second of the first voiced audio.
        assert barge_in["at"] - start < 2.0
        assert word_error_rate(reference, transcript["text"]) <= 0.25

    record = _record(live_server, client)
    persona = next(e for e in record["events"] if e["type"] == "utterance" and e["id"] == "p1")
    assert persona["cut_off"] is True
    assert persona["cut_off_by"] == "manager"
    assert 0 < len(persona["played_text"]) < len(persona["text"])
    assert persona["played_text"] == cut["heard_text"]
    assert persona["played_ms"] == pytest.approx(cut["played_ms"], abs=1)
    assert any(e["type"] == "barge_in" and e["utterance"] == "p1" for e in record["events"])


async def test_cough_does_not_stop_persona(live_server):
    async with SimulatedClient(live_server.url) as client:
        await _wait_playing(client, 1, 1.0)
        await client.speak(_cough())
        await client.wait_persona_done(1)
        await asyncio.sleep(1.0)
        await _end(client)

        assert any(m["speaking"] for m in client.messages("speech")), "the burst was not heard at all"
        assert client.utterances[1].finished
        assert not client.messages("barge_in")
        assert not client.messages("transcript")


@pytest.mark.parametrize("word", ["mm-hm", "Right.", "Okay.", "Yeah."])
async def test_backchannel_does_not_stop_persona(live_server, engines, word):
    # NOTE: Piper reads "Mm-hm." as a long made-up word, so the hum is synthesised.
    audio = _hum() if word == "mm-hm" else _spoken(engines, word)
    async with SimulatedClient(live_server.url) as client:
        await _wait_playing(client, 1, 1.0)
        await client.speak(audio)
        await client.wait_persona_done(1)
        await asyncio.sleep(1.0)
        await _end(client)

        assert any(m["speaking"] for m in client.messages("speech")), "the backchannel was not heard at all"
        assert client.utterances[1].finished
        assert not client.messages("barge_in")
        assert not client.messages("transcript"), "a backchannel must not become a turn"


async def test_own_voice_from_speakers_is_ignored(live_server):
    async with SimulatedClient(live_server.url, mode="speakers", echo_gain=0.5, echo_delay=0.08) as client:
        opening = await client.wait_persona_done(1)
        await asyncio.sleep(1.5)
        await _end(client)

        assert any(m["speaking"] for m in client.messages("speech")), "the echo never reached the detector"
        assert opening.finished, "the persona's own voice stopped it"
        assert not client.messages("barge_in")
        assert not client.messages("transcript")


async def test_speech_over_echo_still_stops_persona(live_server):
    samples, _reference = speech_clip("vctk_p314_272")
    async with SimulatedClient(live_server.url, mode="speakers", echo_gain=0.5, echo_delay=0.08) as client:
        await _wait_playing(client, 1, 1.0)
        await client.speak(samples)
        await client.wait_for(lambda m: m["type"] == "barge_in", timeout=5)
        await _end(client)

        assert client.utterances[1].cleared
