"""The persona cuts into a manager turn that runs long."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from personas.director import DirectorOptions
from tests.support.corpus import speech_clip
from tests.support.voice_client import SimulatedClient

pytestmark = pytest.mark.slow


@pytest.fixture
def impatient_persona(live_server):
    """Sessions created during the test interrupt after 4 s of manager speech."""
    registry = live_server.app.state.sessions
    previous = registry.director_options
    registry.director_options = DirectorOptions(interrupt_seconds=4.0)
    yield
    registry.director_options = previous


async def test_persona_interrupts_long_turn(live_server, impatient_persona):
    # 10.4 s of read speech with no pause long enough to end the turn.
    samples, _reference = speech_clip("libri_1089-134686-0000")
    async with SimulatedClient(live_server.url) as client:
        await client.wait_persona_done(1)
        start, end = await client.speak(samples)

        transcript = await client.wait_for(lambda m: m["type"] == "transcript", timeout=10)
        interjection = next(m for m in client.messages("persona_text") if m["utterance"] == 2)
        await client.wait_persona_done(3)
        await client.send_json({"type": "end"})
        await client.wait_for(lambda m: m["type"] == "ended")

    record = json.loads(Path(live_server.settings.data_dir, "sessions", f"{client.session['session_id']}.json").read_text())
    manager = next(e for e in record["events"] if e["type"] == "utterance" and e["id"] == "m1")
    cut_in = next(e for e in record["events"] if e["type"] == "utterance" and e["id"] == "p2")
    decisions = [e for e in record["events"] if e["type"] == "decision"]

    assert transcript["turn"] == 1
    assert interjection["turn"] == 1
    assert client.utterances[2].started_mic < end, "the interjection must start while the manager still speaks"
    assert cut_in["start"] < manager["end"]
    assert manager["cut_off"] is True
    assert manager["cut_off_by"] == "persona"
    assert any(d["stance"] == "interrupt" for d in decisions)
