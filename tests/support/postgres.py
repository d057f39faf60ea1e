"""A fresh PostgreSQL database per test, on the server that ``PUSHBACK_TEST_DATABASE_URL`` names.

Without that variable the tests that need PostgreSQL skip, unless
``PUSHBACK_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) turns the skip into a failure.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.storage import database_url


def require_postgres() -> str:
    """Return the admin URL of the test server, or skip (fail when required) if there is none."""
    url = os.environ.get("PUSHBACK_TEST_DATABASE_URL", "")
    problem = None
    if not url:
        problem = "PUSHBACK_TEST_DATABASE_URL is not set; start a PostgreSQL server and set it, as .ci/run does"
    else:
        try:
            engine = create_engine(database_url(url, data_dir=None), isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            engine.dispose()
        except Exception as error:  # noqa: BLE001 - any connection failure means no server to test against
            problem = f"cannot connect to PUSHBACK_TEST_DATABASE_URL: {error}"
    if problem is None:
        return database_url(url, data_dir=None)
    if os.environ.get("PUSHBACK_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{problem} (PUSHBACK_REQUIRE_POSTGRES=1 turns this skip into a failure)")
    pytest.skip(problem)


@contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty database on the test server; yield its URL and drop it afterwards."""
    admin_url = require_postgres()
    name = f"pushback_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
