"""The session WebSocket endpoint: connection handling around a ``VoiceSession``."""

from __future__ import annotations

import asyncio
import json
import logging

from fastapi import WebSocket, WebSocketDisconnect

from audio import InvalidAudioError
from server.protocol import ProtocolError, parse_client_event
from server.voice_session import VoiceSession

logger = logging.getLogger(__name__)

# Close codes in the 4000-4999 range that applications may define.
CLOSE_UNKNOWN_SESSION = 4404
CLOSE_ALREADY_CONNECTED = 4409
CLOSE_PROTOCOL_VERSION = 4400
CLOSE_SERVICE_RESTART = 1012


async def session_socket(websocket: WebSocket, session_id: str) -> None:
    """Run one session over ``websocket`` until the client ends it or disconnects."""
    state = websocket.app.state
    config = state.sessions.claim(session_id)
    await websocket.accept()
    if config is None:
        known = state.sessions.exists(session_id)
        code = CLOSE_ALREADY_CONNECTED if known else CLOSE_UNKNOWN_SESSION
        if not known:
            message = "Unknown session id; create a session first."
        elif state.sessions.is_closed(session_id):
            message = "This session has ended; start a new one."
        else:
            message = "This session is already connected."
        await websocket.send_text(json.dumps({"type": "error", "code": "unknown_session" if not known else "already_connected", "message": message}))
        await websocket.close(code=code)
        return

    send_lock = asyncio.Lock()

    # The session only knows ConnectionError: a send on a closed socket
    # raises it, whatever the server library calls the failure.
    async def send_json(message: dict) -> None:
        async with send_lock:
            try:
                await websocket.send_text(json.dumps(message))
            except WebSocketDisconnect as error:
                raise ConnectionError(f"socket closed with code {error.code}") from error

    async def send_bytes(data: bytes) -> None:
        async with send_lock:
            try:
                await websocket.send_bytes(data)
            except WebSocketDisconnect as error:
                raise ConnectionError(f"socket closed with code {error.code}") from error

    session = VoiceSession(config, state.engines, state.settings.data_dir, send_json, send_bytes)
    bad_frames = 0
    try:
        await session.start()
        while session.end_reason is None:
            receive = asyncio.ensure_future(websocket.receive())
            ended = asyncio.ensure_future(session.ended.wait())
            done, _ = await asyncio.wait({receive, ended}, return_when=asyncio.FIRST_COMPLETED)
            if receive not in done:
                receive.cancel()
                break
            ended.cancel()
            message = receive.result()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(message.get("code", 1000))
            try:
                if message.get("bytes") is not None:
                    session.on_audio(message["bytes"])
                elif message.get("text") is not None:
                    await session.on_text(parse_client_event(message["text"]))
            except InvalidAudioError as error:
                bad_frames += 1
                # Log the first few and then every hundredth, not every frame.
                if bad_frames <= 3 or bad_frames % 100 == 0:
                    logger.warning("session %s: bad audio frame (%d so far): %s", session_id, bad_frames, error)
                await send_json({"type": "error", "code": "bad_audio_frame", "message": f"Dropped an invalid audio frame: {error}."})
            except ProtocolError as error:
                logger.warning("session %s: %s: %s", session_id, error.code, error)
                session.recorder.add_event({"type": "error", "at": round(session.now(), 3), "code": error.code, "message": str(error)})
                await send_json({"type": "error", "code": error.code, "message": str(error)})
                if error.code == "protocol_version":
                    await session.close(reason="error", complete=False)
                    await websocket.close(code=CLOSE_PROTOCOL_VERSION)
                    return
        if session.end_reason in ("manager_ended", "time_box"):
            await _send_assessment(session, send_json)
            await send_json({"type": "ended", "reason": session.end_reason, "session_id": session_id})
            await websocket.close()
    except WebSocketDisconnect as disconnect:
        # Uvicorn closes open sockets with 1012 (service restart) when it stops.
        reason = "server_stopped" if disconnect.code == CLOSE_SERVICE_RESTART else "disconnected"
        logger.info("session %s: socket closed (code %s): %s", session_id, disconnect.code, reason)
        await session.close(reason=reason, complete=False)
    except asyncio.CancelledError:
        await asyncio.shield(session.close(reason="server_stopped", complete=False))
        raise
    finally:
        await session.close(reason="disconnected", complete=False)
        state.sessions.close(session_id)


async def _send_assessment(session: VoiceSession, send_json) -> None:
    """Send the scorecard of the finished session; a failure is logged and reported, not raised."""
    from assessment import assess

    try:
        report = assess(session.recorder.snapshot()).to_dict()
    except Exception as error:  # noqa: BLE001 - any bug here must not lose the session's end
        logger.exception("session %s: assessment failed", session.config.session_id)
        await send_json({"type": "error", "code": "assessment_failed", "message": f"The scorecard could not be computed: {error}"})
        return
    await send_json({"type": "assessment", "assessment": report})
