"""Replay, history, coach notes and export over HTTP, and the storage's life in the app.

Who may see what:

- A share token (``/replay/{token}``) opens one session. A ``replay`` token
  reads; a ``coach`` token also adds, edits and deletes notes.
- The owner sees every session, by session id, and may list them. A request
  is the owner's when it carries ``PUSHBACK_OWNER_KEY`` (header
  ``X-Pushback-Owner-Key`` or query ``owner_key``) if that setting is set, or
  else when it comes from a loopback address.

Everything else gets 404 for a session it names and 403 for the list.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.recording import SessionArchive, recording_dir
from server.settings import Settings
from server.storage import MAX_AUTHOR_CHARS, MAX_NOTE_CHARS, NotFound, Storage, StorageError, database_url
from server.storage.retranscribe import Retranscriber

logger = logging.getLogger(__name__)

router = APIRouter()

OWNER_KEY_HEADER = "x-pushback-owner-key"


# ------------------------------------------------------------ app wiring


class StorageOpenError(RuntimeError):
    """The database named by the settings cannot be opened; the message says which setting to fix."""


def connect_storage(settings: Settings) -> Storage:
    """Open the database of ``settings`` and apply its migrations; raise ``StorageOpenError`` on failure."""
    from sqlalchemy.exc import SQLAlchemyError

    url = database_url(settings.database_url, settings.data_dir)
    try:
        return Storage.open(url)
    except (SQLAlchemyError, ImportError, OSError) as error:
        if settings.database_url:
            where = "the database in DATABASE_URL"
            fix = "check that the server is running and the URL, user and password are right, or unset DATABASE_URL for SQLite"
        else:
            where = f"the SQLite database in {settings.data_dir}"
            fix = "check that PUSHBACK_DATA_DIR is a writable directory"
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StorageOpenError(f"cannot open {where} ({type(error).__name__}: {reason}); {fix}.") from error


def open_storage(app: FastAPI, settings: Settings) -> None:
    """Open the database (applying migrations) and the re-transcription queue on ``app.state``."""
    storage = connect_storage(settings)
    if storage.dialect == "sqlite":
        interrupted = storage.mark_interrupted()
        if interrupted:
            logger.warning("marked %d sessions left open by an earlier server as server_stopped: %s", len(interrupted), ", ".join(interrupted))
    app.state.storage = storage
    app.state.retranscriber = Retranscriber(storage, settings.data_dir, settings.batch_stt_model_dir)


def close_storage(app: FastAPI) -> None:
    retranscriber = getattr(app.state, "retranscriber", None)
    if retranscriber is not None:
        retranscriber.close()
    storage = getattr(app.state, "storage", None)
    if storage is not None:
        storage.close()
        logger.info("storage closed")


async def register_session(app: FastAPI, config) -> dict:
    """Store a new session, attach its archive to ``config``; return its ``replay_url`` and ``coach_url``."""
    storage: Storage = app.state.storage
    settings: Settings = app.state.settings
    summary = config.scenario.summary()
    links = await run_in_threadpool(
        storage.create_session,
        config.session_id,
        scenario_id=summary["id"],
        scenario_title=summary.get("title", ""),
        persona_name=summary.get("persona", {}).get("name", ""),
        mode=config.mode.value,
    )
    on_closed = app.state.retranscriber.schedule if settings.retranscribe else None
    config.archive = SessionArchive(
        storage,
        settings.data_dir,
        config.session_id,
        persona_rate=app.state.engines.synthesizer.sample_rate,
        on_closed=on_closed,
    )
    return {"replay_url": f"/replay/{links.replay_token}", "coach_url": f"/replay/{links.coach_token}"}


# ---------------------------------------------------------------- access


@dataclass(frozen=True)
class Access:
    session_id: str
    role: str  # "owner", "coach" or "replay"

    @property
    def can_edit_notes(self) -> bool:
        return self.role in ("owner", "coach")


def is_owner(request: Request) -> bool:
    """Return whether ``request`` comes from the owner (see the module docstring)."""
    owner_key = request.app.state.settings.owner_key
    if owner_key:
        supplied = request.headers.get(OWNER_KEY_HEADER) or request.query_params.get("owner_key") or ""
        return secrets.compare_digest(supplied.encode(), owner_key.encode())
    client = request.client
    if client is None:
        return False
    try:
        return ipaddress.ip_address(client.host).is_loopback
    except ValueError:
        return False


def _storage(request: Request) -> Storage:
    return request.app.state.storage


def _access(request: Request, ref: str) -> Access:
    storage = _storage(request)
    found = storage.resolve_token(ref)
    if found is not None:
        return Access(session_id=found[0], role=found[1])
    if is_owner(request) and storage.get_session(ref) is not None:
        return Access(session_id=ref, role="owner")
    raise HTTPException(404, "No session found for this link. Check that the link is complete, or ask for a new one.")


def _require_notes_access(access: Access) -> None:
    if not access.can_edit_notes:
        raise HTTPException(403, "This is a read-only replay link; adding or changing notes needs the coach link.")


def _require_owner(request: Request, action: str) -> None:
    if not is_owner(request):
        raise HTTPException(403, f"Only the owner may {action}: open Pushback on this computer, or send the owner key.")


# ----------------------------------------------------------------- pages


def _static(name: str) -> Path:
    return Path(str(resources.files("web_client") / "static" / name))


@router.get("/replay/{ref}", include_in_schema=False)
async def replay_page(ref: str) -> FileResponse:
    # The page is the same for everyone; the data behind it needs the token.
    return FileResponse(_static("replay.html"))


@router.get("/history", include_in_schema=False)
async def history_page() -> FileResponse:
    return FileResponse(_static("history.html"))


# ------------------------------------------------------------------- API


@router.get("/api/sessions")
def list_sessions(request: Request) -> list[dict]:
    """Return every stored session, newest first (owner only)."""
    _require_owner(request, "list sessions")
    return _storage(request).list_sessions()


@router.get("/api/replays/{ref}")
def get_replay(ref: str, request: Request) -> dict:
    """Return what the replay page shows: session, record, assessment, notes, and the caller's role."""
    access = _access(request, ref)
    storage = _storage(request)
    session = storage.get_session(access.session_id)
    audio = recording_dir(request.app.state.settings.data_dir, access.session_id) / "conversation.ogg"
    body = {
        "role": access.role,
        "can_edit_notes": access.can_edit_notes,
        "session": session,
        "record": storage.get_record(access.session_id),
        "assessment": storage.get_assessment(access.session_id),
        "notes": storage.list_notes(access.session_id),
        "audio_url": f"/api/replays/{ref}/audio" if audio.is_file() else None,
        "exports": {"json": f"/api/replays/{ref}/export.json", "markdown": f"/api/replays/{ref}/export.md"},
    }
    if access.role == "owner":
        tokens = storage.share_tokens(access.session_id)
        body["links"] = {f"{role}_url": f"/replay/{token}" for role, token in tokens.items()}
    return body


@router.get("/api/replays/{ref}/audio")
def get_audio(ref: str, request: Request) -> FileResponse:
    """Return ``conversation.ogg``; ``FileResponse`` supports Range requests, which browsers need to seek."""
    access = _access(request, ref)
    path = recording_dir(request.app.state.settings.data_dir, access.session_id) / "conversation.ogg"
    if not path.is_file():
        raise HTTPException(404, "This session has no recording.")
    return FileResponse(path, media_type="audio/ogg", headers={"Cache-Control": "no-store"})


class NoteIn(BaseModel):
    at: float = Field(ge=0, le=86400, description="seconds from the session start")
    text: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    author: str = Field(min_length=1, max_length=MAX_AUTHOR_CHARS)


class NotePatch(BaseModel):
    at: float | None = Field(default=None, ge=0, le=86400)
    text: str | None = Field(default=None, min_length=1, max_length=MAX_NOTE_CHARS)
    author: str | None = Field(default=None, min_length=1, max_length=MAX_AUTHOR_CHARS)


@router.get("/api/replays/{ref}/notes")
def list_notes(ref: str, request: Request) -> list[dict]:
    access = _access(request, ref)
    return _storage(request).list_notes(access.session_id)


@router.post("/api/replays/{ref}/notes", status_code=201)
def add_note(ref: str, note: NoteIn, request: Request) -> dict:
    """Add a coach note (coach link or owner)."""
    access = _access(request, ref)
    _require_notes_access(access)
    try:
        created = _storage(request).add_note(access.session_id, at_s=note.at, text=note.text, author=note.author)
    except StorageError as error:
        raise HTTPException(422, f"Invalid note: {error}.") from None
    logger.info("session %s: note %d added by %s (%s link)", access.session_id, created["id"], created["author"], access.role)
    return created


@router.patch("/api/replays/{ref}/notes/{note_id}")
def update_note(ref: str, note_id: int, patch: NotePatch, request: Request) -> dict:
    access = _access(request, ref)
    _require_notes_access(access)
    try:
        return _storage(request).update_note(access.session_id, note_id, at_s=patch.at, text=patch.text, author=patch.author)
    except NotFound:
        raise HTTPException(404, f"Note {note_id} not found in this session.") from None
    except StorageError as error:
        raise HTTPException(422, f"Invalid note: {error}.") from None


@router.delete("/api/replays/{ref}/notes/{note_id}", status_code=204)
def delete_note(ref: str, note_id: int, request: Request) -> Response:
    access = _access(request, ref)
    _require_notes_access(access)
    try:
        _storage(request).delete_note(access.session_id, note_id)
    except NotFound:
        raise HTTPException(404, f"Note {note_id} not found in this session.") from None
    logger.info("session %s: note %d deleted (%s link)", access.session_id, note_id, access.role)
    return Response(status_code=204)


@router.get("/api/replays/{ref}/export.json")
def export_json(ref: str, request: Request) -> Response:
    """Return the session record as a JSON download."""
    access = _access(request, ref)
    record = _storage(request).get_record(access.session_id)
    if record is None:
        raise HTTPException(404, "This session has no record yet.")
    return Response(
        json.dumps(record, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="pushback-{access.session_id}.json"'},
    )


@router.get("/api/replays/{ref}/export.md")
def export_markdown(ref: str, request: Request) -> Response:
    """Return a Markdown report: the assessment (scorecard, findings, tips) and the coach notes."""
    access = _access(request, ref)
    storage = _storage(request)
    record = storage.get_record(access.session_id)
    if record is None:
        raise HTTPException(404, "This session has no record yet.")
    report = markdown_report(storage.get_session(access.session_id), record, storage.list_notes(access.session_id))
    return Response(
        report,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="pushback-{access.session_id}.md"'},
    )


@router.post("/api/replays/{ref}/retranscribe", status_code=202)
def retranscribe(ref: str, request: Request) -> dict:
    """Queue the re-transcription of the manager's track with Whisper base (owner only)."""
    _require_owner(request, "re-transcribe a session")
    access = _access(request, ref)
    session = _storage(request).get_session(access.session_id)
    if session["ended_at"] is None:
        raise HTTPException(409, "This session is still running; re-transcribe it after it ends.")
    if not session["has_recording"]:
        raise HTTPException(409, "This session has no recording to re-transcribe.")
    if request.app.state.retranscriber.schedule(access.session_id) is None:
        raise HTTPException(409, "This session is already queued for re-transcription.")
    logger.info("session %s: re-transcription requested", access.session_id)
    return {"session_id": access.session_id, "retranscription": "queued"}


def markdown_report(session: dict | None, record: dict, notes: list[dict]) -> str:
    """Return the assessment's Markdown report followed by the coach notes."""
    from assessment import RecordError, assess

    try:
        body = assess(record).to_markdown().rstrip()
    except RecordError as error:
        body = f"# Pushback session\n\nThis record cannot be assessed: {error}"
    lines = [body, "", "## Coach notes", ""]
    if not notes:
        lines.append("No notes.")
    for note in notes:
        lines.append(f"- **{_clock(note['at'])}**, {note['author']}: {note['text']}")
    if session is not None:
        started = session.get("started_at") or session.get("created_at")
        when = datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M UTC") if started else "unknown date"
        lines += ["", f"_Session {session['session_id']}, scenario {session['scenario_id']}, {when}._"]
    return "\n".join(lines) + "\n"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
