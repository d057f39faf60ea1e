"""Alembic environment: runs on the connection that ``server.storage.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from server.storage.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "These migrations run from the app (server.storage.migrate.upgrade), which passes a connection; "
        "the alembic command line is not set up for them."
    )

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
