"""A voice session whose socket drops mid-turn leaves its audio and record in storage, marked incomplete."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import numpy as np
import pytest

from audio import SAMPLE_RATE
from server.storage.retranscribe import decode_track
from tests.support.corpus import speech_clip
from tests.support.voice_client import SimulatedClient

pytestmark = pytest.mark.slow

# Opus adds a few milliseconds of pre-skip and padding; the client may have
# frames in flight when the socket drops.
DURATION_TOLERANCE_S = 0.3


def _decode(path: Path) -> np.ndarray:
    return np.concatenate(list(decode_track(path)))


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


async def _wait_stored(storage, session_id: str, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        await asyncio.to_thread(storage.flush)
        session = storage.get_session(session_id)
        if session["ended_at"] is not None and storage.get_assessment(session_id) is not None:
            return session
        if time.monotonic() > deadline:
            raise TimeoutError(f"session {session_id} was not stored as ended within {timeout}s: {session}")
        await asyncio.sleep(0.2)


async def test_dropped_socket_keeps_recording(live_server):
    samples, _reference = speech_clip("vctk_p238_165")
    interruption, _ = speech_clip("libri_1089-134686-0000")
    storage = live_server.app.state.storage

    client = SimulatedClient(live_server.url)
    await client.__aenter__()
    session_id = client.session["session_id"]
    assert client.session["replay_url"].startswith("/replay/")
    assert client.session["coach_url"].startswith("/replay/")
    try:
        await client.wait_persona_done(1, timeout=30)  # the opening
        await client.speak(samples)
        await client.wait_for(lambda m: m["type"] == "transcript", timeout=20)
        reply = await client.wait_for(lambda m: m["type"] == "persona_text" and m["utterance"] == 2, timeout=20)
        deadline = time.monotonic() + 20
        while client.utterances.get(reply["utterance"]) is None or client.utterances[reply["utterance"]].started_wall is None:
            assert time.monotonic() < deadline, "the reply never started playing"
            await asyncio.sleep(0.05)
        # Half a second into the reply, the manager starts talking, and the
        # socket drops in the middle of that turn.
        await asyncio.sleep(0.5)
        client.say(interruption)
        await client.wait_mic(client.mic_seconds + interruption.size / SAMPLE_RATE / 2)
    finally:
        for task in client._tasks:
            task.cancel()
        await asyncio.gather(*client._tasks, return_exceptions=True)
        client.socket.transport.abort()
    sent_seconds = client.mic_seconds
    opening_played_s = client.utterances[1].samples_played / client.sample_rate

    session = await _wait_stored(storage, session_id)
    assert session["complete"] is False
    assert session["end_reason"] == "disconnected"
    assert session["has_recording"] is True
    assert session["length_s"] is not None and session["length_s"] <= sent_seconds + DURATION_TOLERANCE_S

    record = storage.get_record(session_id)
    assert record["complete"] is False
    assert record["end_reason"] == "disconnected"
    assert record["ended_at"] is not None
    manager_turns = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "manager"]
    assert manager_turns, "no manager turn was stored"
    assert "conflicts" in manager_turns[0]["text"].lower(), manager_turns[0]["text"]
    persona = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "persona"]
    assert len(persona) >= 2, "the opening and the reply cut by the drop"

    on_disk = json.loads(Path(live_server.settings.data_dir, "sessions", f"{session_id}.json").read_text())
    assert on_disk["end_reason"] == record["end_reason"]
    assert on_disk["complete"] == record["complete"]

    directory = Path(live_server.settings.data_dir, "recordings", session_id)
    manager = _decode(directory / "manager.ogg")
    conversation = _decode(directory / "conversation.ogg")
    assert abs(manager.size / SAMPLE_RATE - sent_seconds) <= DURATION_TOLERANCE_S, (manager.size / SAMPLE_RATE, sent_seconds)
    assert abs(conversation.size - manager.size) <= int(0.05 * SAMPLE_RATE)

    # The opening plays while the manager's microphone is silent, so the mix
    # carries it and the manager track does not.
    opening = persona[0]
    span = slice(int(opening["start"] * SAMPLE_RATE), int(opening["end"] * SAMPLE_RATE))
    assert opening["end"] - opening["start"] == pytest.approx(opening_played_s, abs=0.1)
    assert _rms(conversation[span]) > 0.02, "the persona's opening is missing from conversation.ogg"
    assert _rms(manager[span]) < 0.005, "the manager track carries the persona's voice"

    # The manager's speech is in both tracks.
    turn = manager_turns[0]
    speech = slice(int(turn["start"] * SAMPLE_RATE), int(turn["end"] * SAMPLE_RATE))
    assert _rms(manager[speech]) > 0.02
    assert _rms(conversation[speech]) > 0.02
