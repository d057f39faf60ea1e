"""The session record of a text rehearsal (``pushback chat``).

A text session has no clock: every time field (``at``, ``start``, ``end``
and the latencies) is null and ``timed`` is false. ``started_at`` and
``ended_at`` are still the wall-clock times of the session.
"""

from __future__ import annotations

from pathlib import Path

from personas import Scenario
from server.record import SessionRecorder

LATENCY_FIELDS = ("speech_end", "transcript_ready_ms", "first_text_ms", "first_audio_sent_ms", "first_audio_played_ms")


class TextSessionRecord:
    """Build one text session's record, event by event, on a ``SessionRecorder``."""

    def __init__(self, scenario: Scenario, session_id: str):
        self.recorder = SessionRecorder(None, session_id=session_id, scenario=scenario.summary(), mode="text")
        self._manager_turns = 0
        self._persona_utterances = 0

    @property
    def data(self) -> dict:
        return self.recorder.snapshot()

    @property
    def turn(self) -> int:
        """The number of manager turns so far."""
        return self._manager_turns

    def manager_said(self, text: str) -> int:
        """Append a manager utterance and its turn entry; return the turn number."""
        self._manager_turns += 1
        turn = self._manager_turns
        self.recorder.add_event(_utterance(f"m{turn}", "manager", turn, text))
        self.recorder.add_turn({"turn": turn, **dict.fromkeys(LATENCY_FIELDS), "speculative": False})
        return turn

    def persona_said(self, text: str) -> None:
        """Append a persona utterance that answers the current turn (0 for the opening)."""
        self._persona_utterances += 1
        event = _utterance(f"p{self._persona_utterances}", "persona", self._manager_turns, text)
        event.update(played_text=text, played_ms=None)
        self.recorder.add_event(event)

    def decision(self, record: dict) -> None:
        self.recorder.add_event({"type": "decision", "at": None, **record, "turn": self._manager_turns})

    def error(self, code: str, message: str) -> None:
        self.recorder.add_event({"type": "error", "at": None, "code": code, "message": message})

    def end(self, reason: str, key_results: list[dict], complete: bool = True) -> None:
        self.recorder.set_key_results(key_results)
        self.recorder.finish(reason=reason, complete=complete)

    def write(self, path: str | Path, key_results: list[dict] | None = None) -> None:
        """Write the record to ``path`` atomically, with the current Key Result states when given."""
        if key_results is not None and not self.recorder.finished:
            self.recorder.set_key_results(key_results)
        self.recorder.save(Path(path))


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
