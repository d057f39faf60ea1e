"""Storage of sessions, records, assessments, coach notes and share tokens.

SQLite in the data directory by default, PostgreSQL when ``DATABASE_URL``
names it. The schema comes from the Alembic migrations in ``migrations/``,
which are applied when the storage opens.
"""

from server.storage.store import (
    MAX_AUTHOR_CHARS,
    MAX_NOTE_CHARS,
    ROLES,
    NotFound,
    ShareLinks,
    Storage,
    StorageError,
    create_database_engine,
    database_url,
)

__all__ = [
    "MAX_AUTHOR_CHARS",
    "MAX_NOTE_CHARS",
    "ROLES",
    "NotFound",
    "ShareLinks",
    "Storage",
    "StorageError",
    "create_database_engine",
    "database_url",
]
