"""After a session, the manager's track is re-transcribed with Whisper base and the assessment recomputed."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
import uvicorn

from server.app import create_app
from server.settings import Settings
from tests.conftest import LiveServer
from tests.support.corpus import speech_clip
from tests.support.voice_client import SimulatedClient

pytestmark = pytest.mark.slow


class RetranscribingServer(LiveServer):
    """The live test server with ``PUSHBACK_RETRANSCRIBE=1``."""

    def __init__(self, engines, data_dir):
        super().__init__(engines, data_dir)
        self.settings = Settings(port=self.port, data_dir=data_dir, retranscribe=True)
        self.app = create_app(self.settings, engines=engines)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", ws_max_size=1 << 20)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)


async def _wait_retranscribed(storage, session_id: str, previous_at: str | None = None, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        await asyncio.to_thread(storage.flush)
        session = storage.get_session(session_id)
        record = storage.get_record(session_id) or {}
        stamp = (record.get("transcription") or {}).get("at")
        if session["retranscription"] == "failed":
            raise AssertionError(f"re-transcription failed: {session['retranscription_error']}")
        if session["retranscription"] == "done" and stamp is not None and stamp != previous_at:
            return record
        if time.monotonic() > deadline:
            raise TimeoutError(f"session {session_id} was not re-transcribed within {timeout}s: {session}")
        await asyncio.sleep(0.5)


async def test_retranscription_replaces_transcript(engines, tmp_path):
    samples, _reference = speech_clip("vctk_p238_165")
    with RetranscribingServer(engines, tmp_path) as server:
        storage = server.app.state.storage
        async with SimulatedClient(server.url) as client:
            session_id = client.session["session_id"]
            await client.wait_persona_done(1, timeout=30)
            await client.speak(samples)
            reply = await client.wait_for(lambda m: m["type"] == "persona_text" and m["utterance"] == 2, timeout=20)
            await client.wait_persona_done(reply["utterance"], timeout=30)
            await client.send_json({"type": "end"})
            await client.wait_for(lambda m: m["type"] == "ended", timeout=10)

        # PUSHBACK_RETRANSCRIBE=1 queues it when the session ends.
        record = await _wait_retranscribed(storage, session_id)
        manager = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "manager"]
        assert manager, "no manager utterance in the record"
        assert "conflicts" in manager[0]["text"].lower(), manager[0]["text"]
        assert "live_text" in manager[0]
        assert manager[0]["words"], "the new transcript has no word times"
        assert manager[0]["start"] - 0.5 <= manager[0]["words"][0]["start"] <= manager[0]["end"]
        assert record["transcription"]["source"] == "batch"
        assert record["transcription"]["model"] == "whisper-base"
        session = storage.get_session(session_id)
        assert session["transcript_source"] == "batch"
        assert storage.get_assessment(session_id)["session"]["session_id"] == session_id
        assert (tmp_path / "models" / "whisper-base" / "model.bin").is_file()

        # The owner can ask for it again through the API.
        async with httpx.AsyncClient(base_url=server.url) as http:
            response = await http.post(f"/api/replays/{session_id}/retranscribe")
            assert response.status_code == 202, response.text
            assert response.json()["retranscription"] == "queued"
        again = await _wait_retranscribed(storage, session_id, previous_at=record["transcription"]["at"])
        assert again["transcription"]["source"] == "batch"
