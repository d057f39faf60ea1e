"""The session API and WebSocket protocol: bad input gets a clear error and the session carries on."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
import websockets


async def _create(live_server, **body) -> httpx.Response:
    async with httpx.AsyncClient(base_url=live_server.url) as http:
        return await http.post("/api/sessions", json={"scenario_id": "task-lister", "mode": "headset", **body})


async def _next(socket, kind: str, timeout: float = 10.0) -> dict:
    """Return the next JSON message of type ``kind``, skipping audio and other events."""
    async with asyncio.timeout(timeout):
        while True:
            message = await socket.recv()
            if isinstance(message, bytes):
                continue
            data = json.loads(message)
            if data["type"] == kind:
                return data


async def _connect(live_server):
    created = (await _create(live_server)).json()
    socket = await websockets.connect(live_server.url.replace("http", "ws", 1) + created["ws_url"], max_size=None)
    return created, socket


async def test_create_rejects_unknown_scenario(live_server):
    response = await _create(live_server, scenario_id="no-such-scenario")

    assert response.status_code == 404
    assert "task-lister" in response.json()["detail"]


async def test_create_rejects_invalid_mode(live_server):
    response = await _create(live_server, mode="loudspeaker")

    assert response.status_code == 422


async def test_create_returns_socket_path(live_server):
    response = await _create(live_server)
    body = response.json()

    assert response.status_code == 201
    assert body["ws_url"] == f"/ws/sessions/{body['session_id']}"
    assert body["scenario"]["id"] == "task-lister"


async def test_ready_announces_protocol(live_server):
    created, socket = await _connect(live_server)
    async with socket:
        ready = await _next(socket, "ready")

    assert ready["protocol"] == 1
    assert ready["session_id"] == created["session_id"]
    assert ready["sample_rate"] == 22050
    assert ready["scenario"]["time_box_s"] == 1800


async def test_bad_messages_get_errors_and_session_goes_on(live_server):
    created, socket = await _connect(live_server)
    async with socket:
        await _next(socket, "ready")

        await socket.send(b"\x00\x01\x02")
        odd = await _next(socket, "error")
        await socket.send("this is not json")
        not_json = await _next(socket, "error")
        await socket.send(json.dumps({"type": "dance"}))
        unknown = await _next(socket, "error")
        await socket.send(json.dumps({"type": "playback", "utterance": 99, "event": "started", "played_ms": 0}))
        wrong_utterance = await _next(socket, "error")
        await socket.send(json.dumps({"type": "playback", "utterance": 1, "event": "paused", "played_ms": 0}))
        wrong_event = await _next(socket, "error")

        # The session still works: audio is accepted and the manager can end it.
        await socket.send(bytes(640))
        await socket.send(json.dumps({"type": "end"}))
        assessment = await _next(socket, "assessment")
        ended = await _next(socket, "ended")

    assert odd["code"] == "bad_audio_frame"
    assert not_json["code"] == "bad_event"
    assert "JSON" in not_json["message"]
    assert unknown["code"] == "bad_event"
    assert "dance" in unknown["message"]
    assert wrong_utterance["code"] == "bad_event"
    assert "99" in wrong_utterance["message"]
    assert wrong_event["code"] == "bad_event"
    assert ended["reason"] == "manager_ended"
    assert assessment["assessment"]["session"]["session_id"] == created["session_id"]
    assert len(assessment["assessment"]["scorecard"]) == 3

    record_path = Path(live_server.settings.data_dir, "sessions", f"{created['session_id']}.json")
    record = json.loads(record_path.read_text())
    errors = [event["code"] for event in record["events"] if event["type"] == "error"]
    assert errors.count("bad_event") == 4
    assert record["complete"] is True
    assert record["time_box_s"] == 1800


async def test_wrong_protocol_version_closes(live_server):
    _created, socket = await _connect(live_server)
    async with socket:
        await _next(socket, "ready")
        await socket.send(json.dumps({"type": "hello", "protocol": 2}))
        error = await _next(socket, "error")
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _next(socket, "never")

    assert error["code"] == "protocol_version"
    assert closed.value.rcvd.code == 4400


async def test_unknown_session_is_closed(live_server):
    url = live_server.url.replace("http", "ws", 1) + "/ws/sessions/not-a-session"
    async with websockets.connect(url) as socket:
        error = await _next(socket, "error")
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await socket.recv()

    assert error["code"] == "unknown_session"
    assert closed.value.rcvd.code == 4404


async def test_second_connection_is_closed(live_server):
    created, first = await _connect(live_server)
    async with first:
        await _next(first, "ready")
        url = live_server.url.replace("http", "ws", 1) + created["ws_url"]
        async with websockets.connect(url) as second:
            error = await _next(second, "error")
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await second.recv()

    assert error["code"] == "already_connected"
    assert closed.value.rcvd.code == 4409


async def test_disconnect_keeps_record_incomplete(live_server):
    created, socket = await _connect(live_server)
    async with socket:
        await _next(socket, "ready")
        await _next(socket, "persona_audio_end")
    record_path = Path(live_server.settings.data_dir, "sessions", f"{created['session_id']}.json")

    async with asyncio.timeout(10):
        while True:
            if record_path.exists() and json.loads(record_path.read_text())["end_reason"] is not None:
                break
            await asyncio.sleep(0.1)
    record = json.loads(record_path.read_text())

    assert record["complete"] is False
    assert record["end_reason"] == "disconnected"
    opening = [e for e in record["events"] if e["type"] == "utterance" and e["speaker"] == "persona"]
    assert len(opening) == 1


async def test_reconnect_after_end_says_ended(live_server):
    created, first = await _connect(live_server)
    async with first:
        await _next(first, "ready")
        await first.send(json.dumps({"type": "end"}))
        await _next(first, "ended")
    url = live_server.url.replace("http", "ws", 1) + created["ws_url"]
    async with websockets.connect(url) as again:
        error = await _next(again, "error")

    assert error["message"] == "This session has ended; start a new one."


async def test_oversized_body_is_rejected(live_server):
    async with httpx.AsyncClient(base_url=live_server.url) as http:
        declared = await http.post("/api/sessions", content=b"x" * 2_000_000, headers={"content-type": "application/json"})

        async def chunks():
            for _ in range(40):
                yield b"y" * 50_000

        chunked = await http.post("/api/scenarios/import", content=chunks(), headers={"content-type": "application/json"})
        small = await _create(live_server)

    assert declared.status_code == 413
    assert "larger than" in declared.json()["detail"]
    assert chunked.status_code == 413
    assert small.status_code == 201
