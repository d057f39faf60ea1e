"""``Storage``: sessions, their records and assessments, coach notes and share tokens.

Every method is synchronous and safe to call from any thread. The event loop
reaches it through ``submit`` (writes, queued in order on one thread) or a
thread pool (reads, as FastAPI runs plain ``def`` routes).
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from server.storage import migrate
from server.storage.tables import AssessmentRow, NoteRow, RecordRow, SessionRow, ShareTokenRow, utc_now

logger = logging.getLogger(__name__)

ROLES = ("replay", "coach")
MAX_NOTE_CHARS = 4000
MAX_AUTHOR_CHARS = 80
# Seconds a note may sit after the session's last recorded event.
NOTE_TIME_MARGIN_S = 5.0
_DIMENSIONS = {"pacing": "pacing_score", "interruptions": "interruptions_score", "challenge": "challenge_score"}


class StorageError(ValueError):
    """A request to storage is invalid; the message names the value."""


class NotFound(LookupError):
    """The session or note does not exist."""


@dataclass(frozen=True)
class ShareLinks:
    replay_token: str
    coach_token: str


def database_url(configured: str, data_dir: Path) -> str:
    """Return the SQLAlchemy URL: ``configured`` (``DATABASE_URL``) or the SQLite file in ``data_dir``.

    ``postgres://`` and ``postgresql://`` URLs get the psycopg 3 driver, the
    only PostgreSQL driver this package depends on.
    """
    if not configured:
        return f"sqlite:///{(data_dir / 'pushback.sqlite3').resolve()}"
    for prefix in ("postgres://", "postgresql://"):
        if configured.startswith(prefix):
            return "postgresql+psycopg://" + configured[len(prefix) :]
    return configured


def create_database_engine(url: str) -> Engine:
    """Return an engine for ``url``; SQLite gets WAL mode and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite drops the time zone; every stored time is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def _iso(moment: datetime | None) -> str | None:
    moment = _aware(moment)
    return moment.isoformat() if moment is not None else None


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        return None


class Storage:
    """The one interface to the database, whichever engine is behind it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storage")

    @classmethod
    def open(cls, url: str) -> "Storage":
        """Connect to ``url`` and apply every migration not applied yet."""
        engine = create_database_engine(url)
        migrate.upgrade(engine)
        logger.info("storage ready: %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self.engine.dispose()

    # ------------------------------------------------------------ writes

    def submit(self, function: Callable, *args) -> Future | None:
        """Run ``function(*args)`` on the storage thread, after every write submitted before it.

        Errors are logged; the returned future also carries them. After
        ``close`` the write is dropped with an error in the log, and None returned.
        """
        try:
            future = self._writer.submit(function, *args)
        except RuntimeError as error:
            logger.error("storage is closed; dropped %s%r: %s", getattr(function, "__name__", function), args[:1], error)
            return None
        future.add_done_callback(_log_failure)
        return future

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until every write submitted so far has run."""
        self._writer.submit(lambda: None).result(timeout=timeout)

    # ---------------------------------------------------------- sessions

    def create_session(self, session_id: str, *, scenario_id: str, scenario_title: str, persona_name: str, mode: str) -> ShareLinks:
        """Insert a session and its two share tokens."""
        links = ShareLinks(replay_token=secrets.token_urlsafe(24), coach_token=secrets.token_urlsafe(24))
        with self._sessions.begin() as db:
            db.add(
                SessionRow(
                    id=session_id,
                    scenario_id=scenario_id,
                    scenario_title=scenario_title,
                    persona_name=persona_name,
                    mode=mode,
                    created_at=utc_now(),
                    complete=False,
                    transcript_source="live",
                )
            )
            db.flush()
            db.add(ShareTokenRow(token=links.replay_token, session_id=session_id, role="replay", created_at=utc_now()))
            db.add(ShareTokenRow(token=links.coach_token, session_id=session_id, role="coach", created_at=utc_now()))
        return links

    def set_recording_dir(self, session_id: str, relative: str) -> None:
        with self._sessions.begin() as db:
            row = self._session_row(db, session_id)
            row.recording_dir = relative

    def save_record(self, session_id: str, record: dict) -> None:
        """Store the session record and copy its summary fields to the session row."""
        with self._sessions.begin() as db:
            row = self._session_row(db, session_id)
            stored = db.get(RecordRow, session_id)
            if stored is None:
                db.add(RecordRow(session_id=session_id, record=record, updated_at=utc_now()))
            else:
                stored.record = record
                stored.updated_at = utc_now()
            row.started_at = _parse_time(record.get("started_at")) or row.started_at
            row.ended_at = _parse_time(record.get("ended_at"))
            row.complete = bool(record.get("complete"))
            row.end_reason = record.get("end_reason")
            row.length_s = _record_length(record)

    def save_assessment(self, session_id: str, assessment: dict, *, transcript_source: str | None = None) -> None:
        """Store an assessment (``Assessment.to_dict()``) and its scores on the session row."""
        with self._sessions.begin() as db:
            row = self._session_row(db, session_id)
            stored = db.get(AssessmentRow, session_id)
            if stored is None:
                db.add(AssessmentRow(session_id=session_id, assessment=assessment, computed_at=utc_now()))
            else:
                stored.assessment = assessment
                stored.computed_at = utc_now()
            row.overall_score = assessment.get("overall_score")
            scores = {dimension.get("id"): dimension.get("score") for dimension in assessment.get("scorecard", [])}
            for dimension, column in _DIMENSIONS.items():
                setattr(row, column, scores.get(dimension))
            duration = (assessment.get("session") or {}).get("duration_s")
            if duration is not None:
                row.length_s = duration
            if transcript_source is not None:
                row.transcript_source = transcript_source

    def set_retranscription(self, session_id: str, status: str | None, error: str | None = None) -> None:
        with self._sessions.begin() as db:
            row = self._session_row(db, session_id)
            row.retranscription = status
            row.retranscription_error = error

    def mark_interrupted(self) -> list[str]:
        """Mark sessions that never saved an end as ended by a server stop; return their ids.

        Only for a database that one server process owns (the SQLite default):
        with several servers on one PostgreSQL, another server's live session
        would look the same.
        """
        marked: list[str] = []
        with self._sessions.begin() as db:
            rows = db.scalars(select(SessionRow).where(SessionRow.started_at.is_not(None), SessionRow.ended_at.is_(None))).all()
            for row in rows:
                stored = db.get(RecordRow, row.id)
                record = dict(stored.record) if stored is not None else None
                if record is not None:
                    record.update(complete=False, end_reason="server_stopped", ended_at=_iso(stored.updated_at))
                    stored.record = record
                row.complete = False
                row.end_reason = "server_stopped"
                row.ended_at = stored.updated_at if stored is not None else utc_now()
                marked.append(row.id)
        return marked

    # ------------------------------------------------------------- reads

    def get_session(self, session_id: str) -> dict | None:
        with self._sessions() as db:
            row = db.get(SessionRow, session_id)
            return _session_dict(row) if row is not None else None

    def list_sessions(self) -> list[dict]:
        """Return every session, newest first."""
        with self._sessions() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.created_at.desc())).all()
            return [_session_dict(row) for row in rows]

    def get_record(self, session_id: str) -> dict | None:
        with self._sessions() as db:
            stored = db.get(RecordRow, session_id)
            return stored.record if stored is not None else None

    def get_assessment(self, session_id: str) -> dict | None:
        with self._sessions() as db:
            stored = db.get(AssessmentRow, session_id)
            return stored.assessment if stored is not None else None

    def resolve_token(self, token: str) -> tuple[str, str] | None:
        """Return ``(session_id, role)`` for a share token, or None."""
        if not token or len(token) > 64:
            return None
        with self._sessions() as db:
            row = db.get(ShareTokenRow, token)
            return (row.session_id, row.role) if row is not None else None

    def share_tokens(self, session_id: str) -> dict[str, str]:
        """Return the session's tokens by role."""
        with self._sessions() as db:
            rows = db.scalars(select(ShareTokenRow).where(ShareTokenRow.session_id == session_id)).all()
            return {row.role: row.token for row in rows}

    # ------------------------------------------------------------- notes

    def list_notes(self, session_id: str) -> list[dict]:
        """Return the session's notes in timeline order."""
        with self._sessions() as db:
            rows = db.scalars(select(NoteRow).where(NoteRow.session_id == session_id).order_by(NoteRow.at_s, NoteRow.id)).all()
            return [_note_dict(row) for row in rows]

    def add_note(self, session_id: str, *, at_s: float, text: str, author: str) -> dict:
        """Insert a note; raise ``StorageError`` on an invalid field and ``NotFound`` for an unknown session."""
        with self._sessions.begin() as db:
            session = self._session_row(db, session_id)
            at_s, text, author = _valid_note(at_s, text, author, session.length_s)
            now = utc_now()
            row = NoteRow(session_id=session_id, at_s=at_s, text=text, author=author, created_at=now, updated_at=now)
            db.add(row)
            db.flush()
            return _note_dict(row)

    def update_note(self, session_id: str, note_id: int, *, at_s: float | None = None, text: str | None = None, author: str | None = None) -> dict:
        """Change the given fields of a note of ``session_id``."""
        with self._sessions.begin() as db:
            row = db.get(NoteRow, note_id)
            if row is None or row.session_id != session_id:
                raise NotFound(f"note {note_id} not found in this session")
            new_at, new_text, new_author = _valid_note(
                row.at_s if at_s is None else at_s,
                row.text if text is None else text,
                row.author if author is None else author,
                self._session_row(db, session_id).length_s if at_s is not None else None,
            )
            row.at_s, row.text, row.author = new_at, new_text, new_author
            row.updated_at = utc_now()
            db.flush()
            return _note_dict(row)

    def delete_note(self, session_id: str, note_id: int) -> None:
        with self._sessions.begin() as db:
            row = db.get(NoteRow, note_id)
            if row is None or row.session_id != session_id:
                raise NotFound(f"note {note_id} not found in this session")
            db.delete(row)

    # ----------------------------------------------------------- helpers

    @staticmethod
    def _session_row(db: Session, session_id: str) -> SessionRow:
        row = db.get(SessionRow, session_id)
        if row is None:
            raise NotFound(f"session {session_id!r} not found")
        return row


def _log_failure(future: Future) -> None:
    if not future.cancelled() and future.exception() is not None:
        error = future.exception()
        logger.error("storage write failed: %r", error, exc_info=error)


def _record_length(record: dict) -> float | None:
    times = [event.get("end") or event.get("at") for event in record.get("events", [])]
    times = [value for value in times if isinstance(value, (int, float))]
    return round(max(times), 3) if times else None


def _valid_note(at_s, text, author, length_s: float | None = None) -> tuple[float, str, str]:
    """Return the note's fields, stripped; raise ``StorageError`` naming the first invalid one.

    ``length_s`` is the session length when the record is stored. A note may
    sit up to ``NOTE_TIME_MARGIN_S`` after it, because the recording can run
    slightly longer than the last event of the record.
    """
    if isinstance(at_s, bool) or not isinstance(at_s, (int, float)) or not at_s >= 0 or at_s > 24 * 3600:
        raise StorageError(f"a note's time must be seconds from the session start, from 0 to 86400; got {at_s!r}")
    if length_s is not None and at_s > length_s + NOTE_TIME_MARGIN_S:
        limit = length_s + NOTE_TIME_MARGIN_S
        raise StorageError(
            f"a note's time must be within the session, from 0 to {limit:.0f} s ({_clock(limit)}); "
            f"got {at_s:g} s ({_clock(at_s)})"
        )
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise StorageError("a note needs some text")
    if len(text) > MAX_NOTE_CHARS:
        raise StorageError(f"a note may have at most {MAX_NOTE_CHARS} characters; this one has {len(text)}")
    author = (author or "").strip() if isinstance(author, str) else ""
    if not author:
        raise StorageError("a note needs an author name")
    if len(author) > MAX_AUTHOR_CHARS:
        raise StorageError(f"an author name may have at most {MAX_AUTHOR_CHARS} characters; this one has {len(author)}")
    return float(at_s), text, author


def _session_dict(row: SessionRow) -> dict:
    return {
        "session_id": row.id,
        "scenario_id": row.scenario_id,
        "scenario_title": row.scenario_title,
        "persona_name": row.persona_name,
        "mode": row.mode,
        "created_at": _iso(row.created_at),
        "started_at": _iso(row.started_at),
        "ended_at": _iso(row.ended_at),
        "length_s": row.length_s,
        "complete": row.complete,
        "end_reason": row.end_reason,
        "scores": {
            "overall": row.overall_score,
            "pacing": row.pacing_score,
            "interruptions": row.interruptions_score,
            "challenge": row.challenge_score,
        },
        "has_recording": row.recording_dir is not None,
        "transcript_source": row.transcript_source,
        "retranscription": row.retranscription,
        "retranscription_error": row.retranscription_error,
    }


def _note_dict(row: NoteRow) -> dict:
    return {
        "id": row.id,
        "at": row.at_s,
        "text": row.text,
        "author": row.author,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"
