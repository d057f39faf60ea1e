"""Shared fixtures: one set of real models and one live server per test run."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
import uvicorn

from server.app import create_app
from server.engines import load_engines
from server.settings import Settings


@pytest.fixture(scope="session")
def engines():
    """The real speech models, loaded once for the whole run."""
    loaded = load_engines(Settings())
    yield loaded
    loaded.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """The app under uvicorn on a loopback port, in a background thread."""

    def __init__(self, engines, data_dir):
        self.port = _free_port()
        self.settings = Settings(port=self.port, data_dir=data_dir)
        self.app = create_app(self.settings, engines=engines)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", ws_max_size=1 << 20)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start within 20 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(engines, tmp_path_factory):
    with LiveServer(engines, tmp_path_factory.mktemp("data")) as server:
        yield server
