"""A session ends by itself when its time box runs out."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import websockets
import yaml

from personas import load_scenario_file
from tests.support.corpus import PROJECT_ROOT


async def test_time_box_ends_session(live_server):
    # A five-minute copy (the shortest time box a scenario may have) of the task-lister scenario, stored as a user's own.
    source = PROJECT_ROOT / "personas" / "scenarios" / "task-lister.yaml"
    data = yaml.safe_load(source.read_text())
    data.update(id="short-task-lister", time_box_minutes=5)
    folder = Path(live_server.settings.data_dir, "scenarios")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "short-task-lister.yaml"
    path.write_text(yaml.safe_dump(data))
    load_scenario_file(path)

    async with httpx.AsyncClient(base_url=live_server.url) as http:
        created = (await http.post("/api/sessions", json={"scenario_id": "short-task-lister"})).json()
    url = live_server.url.replace("http", "ws", 1) + created["ws_url"]
    messages = []
    async with websockets.connect(url, max_size=None) as socket:
        # The server's clock is the audio it receives, so 301 s of silence
        # sent as fast as the socket takes it reaches the time box at once.
        for _ in range(301 * 50):
            await socket.send(bytes(640))
        async with asyncio.timeout(20):
            async for message in socket:
                if isinstance(message, str):
                    messages.append(json.loads(message))
        closed = socket.close_code

    kinds = [message["type"] for message in messages]
    ended = next(message for message in messages if message["type"] == "ended")
    record = json.loads(Path(live_server.settings.data_dir, "sessions", f"{created['session_id']}.json").read_text())

    assert ended["reason"] == "time_box"
    assert kinds.index("assessment") < kinds.index("ended")
    assert closed == 1000
    assert record["end_reason"] == "time_box"
    assert record["complete"] is True
