"""The session record: one JSON document per session (see docs/session-record.md)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
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

    def __init__(self, path: Path | None, *, session_id: str, scenario: dict, mode: str):
        self.path = path
        self.record: dict = {
            "schema": SCHEMA,
            "session_id": session_id,
            "scenario_id": scenario["id"],
            "persona": scenario.get("persona", {}),
            "mode": mode,
            "timed": mode != "text",
            "time_box_s": scenario.get("time_box_s"),
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

    @property
    def finished(self) -> bool:
        return self.record["end_reason"] is not None

    def finish(self, *, reason: str, complete: bool) -> None:
        self.record["ended_at"] = _now()
        self.record["end_reason"] = reason
        self.record["complete"] = complete
        self.add_event({"type": "ended", "at": self._last_time(), "reason": reason})

    def snapshot(self) -> dict:
        """Return the record as written: events sorted, internal fields removed."""
        events = sorted(self.events, key=lambda e: (e["at"] is None, e["at"] or 0.0, e["_order"]))
        return {**self.record, "events": [{k: v for k, v in e.items() if k != "_order"} for e in events]}

    def save(self, path: Path | None = None) -> None:
        """Write the record to ``path``, or to the recorder's own path."""
        path = Path(path or self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self.snapshot(), file, indent=1, ensure_ascii=False)
                file.write("\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _last_time(self) -> float | None:
        if not self.record["timed"]:
            return None
        times = [e["at"] for e in self.events if e.get("at") is not None]
        return max(times, default=0.0)
