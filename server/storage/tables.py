"""The database tables, as SQLAlchemy 2 declarative models.

The migrations in ``server/storage/migrations`` create these tables; a
change here needs a new migration beside them.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    """One practice session: what the history page lists."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(120))
    scenario_title: Mapped[str] = mapped_column(String(300), default="")
    persona_name: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    length_s: Mapped[float | None] = mapped_column(Float)  # seconds on the microphone clock
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    end_reason: Mapped[str | None] = mapped_column(String(40))
    overall_score: Mapped[float | None] = mapped_column(Float)
    pacing_score: Mapped[float | None] = mapped_column(Float)
    interruptions_score: Mapped[float | None] = mapped_column(Float)
    challenge_score: Mapped[float | None] = mapped_column(Float)
    recording_dir: Mapped[str | None] = mapped_column(String(300))  # relative to the data directory
    transcript_source: Mapped[str] = mapped_column(String(20), default="live")  # "live" or "batch"
    retranscription: Mapped[str | None] = mapped_column(String(20))  # None, "running", "done", "failed"
    retranscription_error: Mapped[str | None] = mapped_column(Text)


class RecordRow(Base):
    """The session record (``pushback.session/1``) as last saved."""

    __tablename__ = "session_records"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    record: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AssessmentRow(Base):
    """The assessment (``pushback.assessment/1``) of the stored record."""

    __tablename__ = "assessments"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    assessment: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class NoteRow(Base):
    """A coach's note pinned to a moment of a session."""

    __tablename__ = "coach_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    at_s: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ShareTokenRow(Base):
    """An unguessable link to one session: ``replay`` reads, ``coach`` also writes notes."""

    __tablename__ = "share_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
