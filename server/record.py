"""The session record: one JSON document per session (see docs/session-record.md)."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

logger = logging.getLogger(__name__)

SCHEMA = "pushback.session/1"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class SessionRecorder:
    """Build one session's record and keep it on disk as it grows.

    ``save`` writes to a temporary file and renames it over the record, so a
    crash leaves either the previous or the new version, never half a file.
    """

    def __init__(self, path: Path, *, session_id: str, scenario: dict, mode: str):
        self.path = path
        self.record: dict = {
            "schema": SCHEMA,
            "session_id": session_id,
            "scenario_id": scenario["id"],
            "persona": scenario.get("persona", {}),
            "mode": mode,
            "timed": mode != "text",
            "started_at": _now(),
            "ended_at": None,
            "complete": False,
            "end_reason": None,
            "events": [],
            "turns": [],
            "key_results": [],
        }
        self._order = 0

    @property
    def events(self) -> list[dict]:
        return self.record["events"]

    def add_event(self, event: dict) -> dict:
        """Append an event; events are kept sorted by ``at``, ties in arrival order."""
        self._order += 1
        event = {**event, "_order": self._order}
        self.events.append(event)
        return event

    def add_turn(self, turn: dict) -> dict:
        self.record["turns"].append(turn)
        return turn

    def set_key_results(self, key_results: list[dict]) -> None:
        self.record["key_results"] = key_results

    def finish(self, *, reason: str, complete: bool) -> None:
        self.record["ended_at"] = _now()
        self.record["end_reason"] = reason
        self.record["complete"] = complete
        self.add_event({"type": "ended", "at": self._last_time(), "reason": reason})

    def snapshot(self) -> dict:
        """Return the record as written: events sorted, internal fields removed."""
        events = sorted(self.events, key=lambda e: (e["at"] is None, e["at"] or 0.0, e["_order"]))
        return {**self.record, "events": [{k: v for k, v in e.items() if k != "_order"} for e in events]}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(self.snapshot(), indent=1), encoding="utf-8")
        os.replace(temporary, self.path)

    def _last_time(self) -> float | None:
        times = [e["at"] for e in self.events if e.get("at") is not None]
        return max(times) if times else (None if not self.record["timed"] else 0.0)
