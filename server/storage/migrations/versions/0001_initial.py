"""Sessions, records, assessments, coach notes and share tokens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("scenario_id", sa.String(120), nullable=False),
        sa.Column("scenario_title", sa.String(300), nullable=False),
        sa.Column("persona_name", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("length_s", sa.Float()),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("end_reason", sa.String(40)),
        sa.Column("overall_score", sa.Float()),
        sa.Column("pacing_score", sa.Float()),
        sa.Column("interruptions_score", sa.Float()),
        sa.Column("challenge_score", sa.Float()),
        sa.Column("recording_dir", sa.String(300)),
        sa.Column("transcript_source", sa.String(20), nullable=False),
        sa.Column("retranscription", sa.String(20)),
        sa.Column("retranscription_error", sa.Text()),
    )
    op.create_index("ix_sessions_created_at", "sessions", ["created_at"])
    op.create_table(
        "session_records",
        sa.Column("session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "coach_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at_s", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_coach_notes_session_id", "coach_notes", ["session_id"])
    op.create_table(
        "share_tokens",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_share_tokens_session_id", "share_tokens", ["session_id"])


def downgrade() -> None:
    op.drop_table("share_tokens")
    op.drop_table("coach_notes")
    op.drop_table("assessments")
    op.drop_table("session_records")
    op.drop_index("ix_sessions_created_at", table_name="sessions")
    op.drop_table("sessions")
