"""``pushback serve``: run the app with uvicorn."""

from __future__ import annotations

import logging
import sys

from models import ModelNotFoundError
from server.settings import Settings, SettingsError

logger = logging.getLogger(__name__)


def run_serve(host: str | None, port: int | None) -> int:
    import uvicorn

    from server.app import create_app
    from server.engines import load_engines
    from server.replay_routes import StorageOpenError, connect_storage

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    host = host or settings.host
    port = port or settings.port
    logging.getLogger().setLevel(settings.log_level)

    # Check the database and load the models before binding the port, so a bad
    # DATABASE_URL or a missing model is a clear start-up error rather than a
    # traceback from the app's start-up or a server that fails its first session.
    try:
        connect_storage(settings).close()
    except StorageOpenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        engines = load_engines(settings)
    except ModelNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    app = create_app(settings, engines=engines)
    try:
        uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
    finally:
        engines.close()
    return 0
