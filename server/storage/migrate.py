"""Apply the Alembic migrations in ``server/storage/migrations`` from the app, without an ini file."""

from __future__ import annotations

import logging
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

# Alembic logs each plugin and step at INFO; this module logs the one line
# that matters (the revision reached), so Alembic's own logger is quieter.
logging.getLogger("alembic").setLevel(logging.WARNING)


def _config() -> Config:
    config = Config()
    # A path inside the installed package, so migrations run from a wheel too.
    config.set_main_option("script_location", str(resources.files("server.storage") / "migrations"))
    return config


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision``; a no-op when it is already there."""
    before = current_revision(engine)
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    after = current_revision(engine)
    if before != after:
        logger.info("database migrated from %s to %s", before or "empty", after)
