"""The session record of a text rehearsal, in the ``pushback.session/1`` schema.

A text session has no clock: every time field (``at``, ``start``, ``end``
and the latencies) is null and ``timed`` is false. ``started_at`` and
``ended_at`` are still the wall-clock times of the session.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from personas.scenario import Scenario

SCHEMA = "pushback.session/1"
LATENCY_FIELDS = ("speech_end", "transcript_ready_ms", "first_text_ms", "first_audio_sent_ms", "first_audio_played_ms")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class TextSessionRecord:
    """Builds one text session's record, event by event."""

    def __init__(self, scenario: Scenario, session_id: str):
        persona = scenario.persona
        self.data: dict = {
            "schema": SCHEMA,
            "session_id": session_id,
            "scenario_id": scenario.id,
            "persona": {"name": persona.name, "role": persona.role, "pattern": persona.pattern},
            "mode": "text",
            "timed": False,
            "started_at": _now(),
            "ended_at": None,
            "complete": False,
            "end_reason": None,
            "events": [],
            "turns": [],
            "key_results": [],
        }
        self._manager_turns = 0
        self._persona_utterances = 0

    @property
    def turn(self) -> int:
        """The number of manager turns so far."""
        return self._manager_turns

    def manager_said(self, text: str) -> int:
        """Append a manager utterance and its turn entry; return the turn number."""
        self._manager_turns += 1
        turn = self._manager_turns
        self.data["events"].append(self._utterance(f"m{turn}", "manager", turn, text))
        self.data["turns"].append({"turn": turn, **dict.fromkeys(LATENCY_FIELDS), "speculative": False})
        return turn

    def persona_said(self, text: str) -> None:
        """Append a persona utterance that answers the current turn (0 for the opening)."""
        self._persona_utterances += 1
        event = self._utterance(f"p{self._persona_utterances}", "persona", self._manager_turns, text)
        event.update(played_text=text, played_ms=None)
        self.data["events"].append(event)

    def decision(self, record: dict) -> None:
        self.data["events"].append({"type": "decision", "at": None, **record, "turn": self._manager_turns})

    def error(self, code: str, message: str) -> None:
        self.data["events"].append({"type": "error", "at": None, "code": code, "message": message})

    def end(self, reason: str, key_results: list[dict], complete: bool = True) -> None:
        self.data["events"].append({"type": "ended", "at": None, "reason": reason})
        self.data.update(ended_at=_now(), complete=complete, end_reason=reason, key_results=key_results)

    def write(self, path: str | Path, key_results: list[dict] | None = None) -> None:
        """Write the record to ``path`` atomically, with the current Key Result states when given."""
        if key_results is not None and not self.data["complete"]:
            self.data["key_results"] = key_results
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self.data, file, indent=2, ensure_ascii=False)
                file.write("\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @staticmethod
    def _utterance(utterance_id: str, speaker: str, turn: int, text: str) -> dict:
        return {
            "type": "utterance",
            "at": None,
            "id": utterance_id,
            "speaker": speaker,
            "turn": turn,
            "start": None,
            "end": None,
            "text": text,
            "words": [],
            "cut_off": False,
            "cut_off_by": None,
        }
