"""Reading a session record (``docs/session-record.md``) into typed parts.

The reader is lenient about optional fields, because records come from
several writers (the voice server, ``pushback chat``, converted recordings),
and strict about the schema name and its major version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

SCHEMA_NAME = "pushback.session"
SUPPORTED_MAJOR_VERSION = 1

_SCHEMA = re.compile(r"^pushback\.session/(\d+)(?:\.\d+)*$")


class RecordError(ValueError):
    """A session record is not one this version can assess; the message names the problem."""


@dataclass(frozen=True)
class Evidence:
    """A moment of the session: a quote and the time the replay can seek to (None in text sessions)."""

    quote: str
    at: float | None
    speaker: str | None = None
    utterance: str | None = None

    def to_dict(self) -> dict:
        return {"quote": self.quote, "at": self.at, "speaker": self.speaker, "utterance": self.utterance}


@dataclass(frozen=True)
class Utterance:
    """One ``utterance`` event. ``start`` and ``end`` are None in text sessions."""

    id: str
    speaker: str
    turn: int | None
    start: float | None
    end: float | None
    text: str
    played_text: str
    cut_off: bool
    cut_off_by: str | None
    word_count: int
    order: int

    @property
    def timed(self) -> bool:
        return self.start is not None and self.end is not None and self.end >= self.start

    @property
    def duration(self) -> float:
        return (self.end - self.start) if self.timed else 0.0

    def evidence(self, quote: str | None = None) -> Evidence:
        return Evidence(quote=quote if quote is not None else self.text, at=self.start, speaker=self.speaker, utterance=self.id)


@dataclass(frozen=True)
class Backchannel:
    """One ``backchannel`` event: short speech that did not take the floor."""

    speaker: str
    start: float | None
    end: float | None
    text: str


@dataclass(frozen=True)
class Decision:
    """One ``decision`` event, with the director's fields in ``fields`` as written."""

    turn: int | None
    stance: str
    fields: dict
    order: int


@dataclass
class SessionRecord:
    """The parts of a session record that the assessment reads."""

    session_id: str | None
    scenario_id: str | None
    persona: dict
    mode: str | None
    timed: bool
    complete: bool | None
    end_reason: str | None
    utterances: list[Utterance] = field(default_factory=list)
    backchannels: list[Backchannel] = field(default_factory=list)
    barge_ins: list[dict] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    key_results: list[dict] = field(default_factory=list)
    time_box_s: float | None = None
    duration_s: float | None = None

    def manager_utterances(self) -> list[Utterance]:
        return [u for u in self.utterances if u.speaker == "manager"]

    def persona_utterances(self) -> list[Utterance]:
        return [u for u in self.utterances if u.speaker == "persona"]

    def decision_for_turn(self, turn: int | None) -> Decision | None:
        """Return the last decision for a manager turn, or None."""
        found = None
        for decision in self.decisions:
            if turn is not None and decision.turn == turn:
                found = decision
        return found


def check_schema(data: object) -> int:
    """Return the record's major schema version; raise ``RecordError`` for anything this reader does not know."""
    if not isinstance(data, dict):
        raise RecordError(f"a session record must be a JSON object, got {type(data).__name__}.")
    schema = data.get("schema")
    if schema is None:
        raise RecordError("missing 'schema' field: this is not a session record (expected 'pushback.session/1').")
    match = _SCHEMA.match(str(schema))
    if not match:
        raise RecordError(f"unknown schema {schema!r}: expected 'pushback.session/{SUPPORTED_MAJOR_VERSION}'.")
    major = int(match.group(1))
    if major != SUPPORTED_MAJOR_VERSION:
        raise RecordError(
            f"unsupported session record schema {schema!r}: this version of Pushback reads "
            f"'pushback.session/{SUPPORTED_MAJOR_VERSION}' only; upgrade Pushback to assess it."
        )
    return major


def read_record(data: dict) -> SessionRecord:
    """Check the schema and return the typed record; raise ``RecordError`` when it cannot be assessed."""
    check_schema(data)
    events = data.get("events")
    if not isinstance(events, list):
        raise RecordError("invalid session record: 'events' must be a list.")

    record = SessionRecord(
        session_id=_optional_str(data.get("session_id")),
        scenario_id=_optional_str(data.get("scenario_id")),
        persona=data.get("persona") if isinstance(data.get("persona"), dict) else {},
        mode=_optional_str(data.get("mode")),
        timed=bool(data.get("timed", data.get("mode") != "text")),
        complete=data.get("complete") if isinstance(data.get("complete"), bool) else None,
        end_reason=_optional_str(data.get("end_reason")),
        key_results=[item for item in data.get("key_results") or [] if isinstance(item, dict)],
        time_box_s=_number(data.get("time_box_s")),
    )
    ended_at = None
    for order, event in enumerate(events):
        if not isinstance(event, dict):
            raise RecordError(f"invalid session record: events[{order}] must be an object.")
        kind = event.get("type")
        if kind == "utterance":
            record.utterances.append(_utterance(event, order))
        elif kind == "backchannel":
            record.backchannels.append(
                Backchannel(
                    speaker=str(event.get("speaker") or "manager"),
                    start=_number(event.get("start", event.get("at"))),
                    end=_number(event.get("end")),
                    text=str(event.get("text") or ""),
                )
            )
        elif kind == "barge_in":
            record.barge_ins.append(event)
        elif kind == "decision":
            record.decisions.append(
                Decision(turn=_integer(event.get("turn")), stance=str(event.get("stance") or ""), fields=event, order=order)
            )
        elif kind == "ended":
            ended_at = _number(event.get("at"))
    record.duration_s = _duration(record, ended_at, data) if record.timed else None
    return record


def _utterance(event: dict, order: int) -> Utterance:
    speaker = str(event.get("speaker") or "")
    if speaker not in ("manager", "persona"):
        raise RecordError(f"invalid session record: utterance event {order} has speaker {speaker!r}; expected manager or persona.")
    text = str(event.get("text") or "")
    played = event.get("played_text")
    words = event.get("words")
    word_count = len(words) if isinstance(words, list) and words else len(text.split())
    cut_off_by = event.get("cut_off_by")
    return Utterance(
        id=str(event.get("id") or f"{speaker[0]}@{order}"),
        speaker=speaker,
        turn=_integer(event.get("turn")),
        start=_number(event.get("start")),
        end=_number(event.get("end")),
        text=text,
        played_text=str(played) if isinstance(played, str) else text,
        cut_off=bool(event.get("cut_off")),
        cut_off_by=str(cut_off_by) if cut_off_by in ("manager", "persona") else None,
        word_count=word_count,
        order=order,
    )


def _duration(record: SessionRecord, ended_at: float | None, data: dict) -> float | None:
    ends = [u.end for u in record.utterances if u.end is not None]
    ends += [b.end for b in record.backchannels if b.end is not None]
    candidates = [value for value in [ended_at, max(ends) if ends else None] if value is not None]
    if candidates:
        return max(candidates)
    started, ended = _timestamp(data.get("started_at")), _timestamp(data.get("ended_at"))
    if started and ended:
        return max(0.0, (ended - started).total_seconds())
    return None


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _optional_str(value: object) -> str | None:
    return str(value) if value is not None else None
