"""Pacing: how fast and how much the manager talks, how long they wait, and the silences.

Definitions and sources are in ``docs/assessment.md``. Every metric needs
times, so a text session gets ``measured=False`` with a reason, never zeros.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field

from assessment.backchannels import is_backchannel
from assessment.intervals import Interval, difference, overlaps, total, union
from assessment.options import AssessmentOptions
from assessment.record import Evidence, SessionRecord, Utterance

PUSHBACK_STANCES = frozenset(
    {"defend", "deflect", "push_back", "push_back_on_tone", "resist", "object", "refuse", "interrupt", "challenge_back"}
)
"""Director stances in which the persona resists the manager."""

NOT_TIMED_REASON = "not measured: this is a text session, which has no timings"


@dataclass(frozen=True)
class TurnPace:
    """Words per minute of one manager utterance; ``wpm`` is None for turns shorter than the minimum."""

    utterance: str
    turn: int | None
    at: float
    seconds: float
    words: int
    wpm: float | None


@dataclass(frozen=True)
class Pause:
    """The gap between the persona stopping and the manager starting to reply."""

    after: str
    reply: str
    at: float
    seconds: float
    after_pushback: bool
    stance: str
    reply_text: str = ""


@dataclass(frozen=True)
class Span:
    """A stretch of the session, in seconds, with the utterance under way at its start."""

    start: float
    end: float
    evidence: Evidence | None = None

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "seconds": round(self.seconds, 3),
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }


@dataclass
class PacingMetrics:
    """Pacing figures; every field except ``measured`` and ``reason`` is None when not measured."""

    measured: bool
    reason: str | None = None
    duration_s: float | None = None
    time_box_s: float | None = None
    manager_speaking_s: float | None = None
    persona_speaking_s: float | None = None
    talk_ratio: float | None = None
    overall_wpm: float | None = None
    turns: list[TurnPace] = field(default_factory=list)
    longest_monologue: Span | None = None
    pauses: list[Pause] = field(default_factory=list)
    median_pause_s: float | None = None
    median_pause_after_pushback_s: float | None = None
    long_silences: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "measured": self.measured,
            "reason": self.reason,
            "duration_s": _rounded(self.duration_s),
            "time_box_s": self.time_box_s,
            "manager_speaking_s": _rounded(self.manager_speaking_s),
            "persona_speaking_s": _rounded(self.persona_speaking_s),
            "talk_ratio": _rounded(self.talk_ratio),
            "overall_wpm": _rounded(self.overall_wpm, 1),
            "turns": [asdict(turn) for turn in self.turns],
            "longest_monologue": self.longest_monologue.to_dict() if self.longest_monologue else None,
            "pauses": [asdict(pause) for pause in self.pauses],
            "median_pause_s": _rounded(self.median_pause_s),
            "median_pause_after_pushback_s": _rounded(self.median_pause_after_pushback_s),
            "long_silences": [span.to_dict() for span in self.long_silences],
        }


def measure_pacing(record: SessionRecord, options: AssessmentOptions) -> PacingMetrics:
    """Compute the pacing metrics of a timed record; a text session returns ``measured=False``."""
    if not record.timed:
        return PacingMetrics(measured=False, reason=NOT_TIMED_REASON)
    manager = [u for u in record.manager_utterances() if u.timed]
    persona = [u for u in record.persona_utterances() if u.timed]
    if not manager and not persona:
        return PacingMetrics(measured=False, reason="not measured: the record has no timed utterance")

    manager_time = speaking_intervals(manager)
    persona_time = speaking_intervals(persona)
    manager_s, persona_s = total(manager_time), total(persona_time)
    metrics = PacingMetrics(
        measured=True,
        duration_s=record.duration_s,
        time_box_s=record.time_box_s or options.time_box_s,
        manager_speaking_s=manager_s,
        persona_speaking_s=persona_s,
        talk_ratio=manager_s / (manager_s + persona_s) if manager_s + persona_s > 0 else None,
    )
    metrics.turns, metrics.overall_wpm = _words_per_minute(manager, options)
    metrics.longest_monologue = longest_monologue(manager_time, persona_time, options.monologue_join_gap_s)
    if metrics.longest_monologue:
        metrics.longest_monologue = Span(
            metrics.longest_monologue.start,
            metrics.longest_monologue.end,
            _evidence_at(manager, metrics.longest_monologue.start),
        )
    replies = [u for u in manager + persona if not is_backchannel(u.text, options.backchannel_max_words)]
    metrics.pauses = _pauses(record, replies)
    metrics.median_pause_s = _median([pause.seconds for pause in metrics.pauses])
    metrics.median_pause_after_pushback_s = _median([p.seconds for p in metrics.pauses if p.after_pushback])
    metrics.long_silences = _long_silences(record, manager + persona, options.long_silence_s)
    return metrics


def speaking_intervals(utterances: list[Utterance]) -> list[Interval]:
    """Return the union of the utterances' ``(start, end)`` intervals."""
    return union((u.start, u.end) for u in utterances if u.timed)


def longest_monologue(speaker: list[Interval], others: list[Interval], join_gap_s: float) -> Span | None:
    """Return the longest stretch in which ``speaker`` talks and ``others`` stay silent.

    The speaker's time minus the others' time gives solo pieces. Two pieces
    join into one monologue when the pause between them is shorter than
    ``join_gap_s`` and the other side is silent in it.
    """
    solo = difference(speaker, others)
    best: Span | None = None
    run_start = run_end = None
    for start, end in solo:
        if run_end is not None and start - run_end < join_gap_s and not overlaps(others, run_end, start):
            run_end = end
            continue
        if run_start is not None and (best is None or run_end - run_start > best.seconds):
            best = Span(run_start, run_end)
        run_start, run_end = start, end
    if run_start is not None and (best is None or run_end - run_start > best.seconds):
        best = Span(run_start, run_end)
    return best


def _words_per_minute(manager: list[Utterance], options: AssessmentOptions) -> tuple[list[TurnPace], float | None]:
    turns = []
    words = 0
    seconds = 0.0
    for utterance in manager:
        if utterance.word_count == 0 or utterance.duration <= 0:
            continue
        words += utterance.word_count
        seconds += utterance.duration
        long_enough = utterance.duration >= options.min_turn_s_for_pace
        turns.append(
            TurnPace(
                utterance=utterance.id,
                turn=utterance.turn,
                at=utterance.start,
                seconds=round(utterance.duration, 3),
                words=utterance.word_count,
                wpm=round(utterance.word_count / utterance.duration * 60.0, 1) if long_enough else None,
            )
        )
    overall = words / seconds * 60.0 if seconds > 0 else None
    return turns, overall


def _pauses(record: SessionRecord, timed: list[Utterance]) -> list[Pause]:
    """Return each manager reply that starts after the persona's previous utterance has ended.

    ``timed`` excludes backchannel-like utterances, which are not replies.
    """
    pauses = []
    ordered = sorted(timed, key=lambda u: (u.start, u.order))
    for previous, current in zip(ordered, ordered[1:]):
        if previous.speaker != "persona" or current.speaker != "manager" or current.start < previous.end:
            continue
        decision = record.decision_for_turn(previous.turn)
        stance = decision.stance if decision else ""
        pauses.append(
            Pause(
                after=previous.id,
                reply=current.id,
                at=previous.end,
                seconds=round(current.start - previous.end, 3),
                after_pushback=stance in PUSHBACK_STANCES,
                stance=stance,
                reply_text=current.text,
            )
        )
    return pauses


def _long_silences(record: SessionRecord, timed: list[Utterance], threshold_s: float) -> list[Span]:
    speech = union(
        [(u.start, u.end) for u in timed]
        + [(b.start, b.end) for b in record.backchannels if b.start is not None and b.end is not None]
    )
    silences = []
    for (_, previous_end), (next_start, _) in zip(speech, speech[1:]):
        if next_start - previous_end >= threshold_s:
            silences.append(Span(previous_end, next_start, _evidence_at(timed, next_start)))
    return silences


def _evidence_at(utterances: list[Utterance], at: float) -> Evidence | None:
    """Return the evidence of the utterance that is under way, or starts next, at ``at``."""
    candidates = [u for u in utterances if u.timed and u.end > at - 1e-6]
    if not candidates:
        return None
    chosen = min(candidates, key=lambda u: (max(u.start - at, 0.0), u.start))
    return chosen.evidence()


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return round(value, digits) if value is not None else None
