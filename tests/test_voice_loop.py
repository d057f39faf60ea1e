"""The voice loop end to end: recordings streamed in real time over the real WebSocket."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.support.corpus import speech_clip
from tests.support.text import word_error_rate
from tests.support.voice_client import SimulatedClient

pytestmark = pytest.mark.slow

# Five speakers and accents, each one sentence without a pause of 0.4 s or
# more, which the end-of-turn check may take as the end of a complete
# sentence (jfk, libri_1089-134691-0001 and libri_2412-153948-0000 have such pauses).
# Each clip transcribes within the threshold from several start offsets,
# because the turn's first frame depends on when the previous reply ended.
CLIPS = [
    "librivox_sense_sensibility_0870",
    "vctk_p314_272",
    "arctic_aew_a0003",
    "pocketsphinx_goforward",
    "vctk_p238_165",
]


def record_turns(live_server, session_id):
    path = Path(live_server.settings.data_dir, "sessions", f"{session_id}.json")
    return json.loads(path.read_text())["turns"]


async def test_turns_transcribed_and_answered(live_server):
    async with SimulatedClient(live_server.url) as client:
        opening = await client.wait_persona_done(1, timeout=30)
        assert opening.finished

        for turn, clip in enumerate(CLIPS, start=1):
            samples, reference = speech_clip(clip)
            await client.speak(samples)

            transcript = await client.wait_for(lambda m, t=turn: m["type"] == "transcript" and m["turn"] == t)
            error_rate = word_error_rate(reference, transcript["text"])
            print(f"{clip}: WER {error_rate:.2f} reference={reference!r} heard={transcript['text']!r}")
            assert error_rate <= 0.25, f"{clip}: {transcript['text']!r} vs {reference!r}"

            reply = await client.wait_for(lambda m, t=turn: m["type"] == "persona_text" and m["turn"] == t)
            played = await client.wait_persona_done(reply["utterance"])
            assert played.finished, f"turn {turn}: persona audio was cut off"
            assert played.samples_played / client.sample_rate > 0.5, f"turn {turn}: under 0.5 s of persona audio played"

        session_id = client.session["session_id"]
        await client.send_json({"type": "end"})
        await client.wait_for(lambda m: m["type"] == "ended")

    for entry in record_turns(live_server, session_id):
        print("latency", entry)

    record = json.loads(Path(live_server.settings.data_dir, "sessions", f"{session_id}.json").read_text())
    assert record["complete"] is True
    assert record["end_reason"] == "manager_ended"
    manager = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "manager"]
    persona = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "persona"]
    assert len(manager) == len(CLIPS)
    assert len(persona) == len(CLIPS) + 1
    assert all(e["words"] for e in manager), "manager utterances carry word timings"
    assert [t["turn"] for t in record["turns"]] == list(range(1, len(CLIPS) + 1))
    for entry in record["turns"]:
        assert entry["first_audio_sent_ms"] is not None
        assert entry["first_audio_played_ms"] is not None
        assert entry["first_audio_played_ms"] >= entry["first_audio_sent_ms"]
    starts = [e["at"] for e in record["events"] if e["at"] is not None]
    assert starts == sorted(starts)
