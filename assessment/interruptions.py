"""Interruptions: who cut whom off, when, and how much the two talked over each other.

Backchannels ("mm-hm", "right", "okay") never count: neither ``backchannel``
events nor short utterances made only of backchannel words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.backchannels import is_backchannel
from assessment.intervals import intersection, total, union
from assessment.options import AssessmentOptions
from assessment.pacing import NOT_TIMED_REASON
from assessment.record import Evidence, SessionRecord, Utterance

@dataclass(frozen=True)
class Interruption:
    """One speaker cutting the other off; ``source`` is ``cut_off``, ``barge_in`` or ``overlap``."""

    by: str
    interrupted: str
    at: float | None
    source: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        return {
            "by": self.by,
            "interrupted": self.interrupted,
            "at": self.at,
            "source": self.source,
            "evidence": [item.to_dict() for item in self.evidence],
        }


@dataclass
class InterruptionMetrics:
    """Interruption figures; counts and rates are None when not measured."""

    measured: bool
    reason: str | None = None
    by_manager: list[Interruption] = field(default_factory=list)
    by_persona: list[Interruption] = field(default_factory=list)
    overlap_s: float | None = None
    overlap_share: float | None = None
    manager_per_10_min: float | None = None
    persona_per_10_min: float | None = None
    backchannels_ignored: int = 0

    def to_dict(self) -> dict:
        return {
            "measured": self.measured,
            "reason": self.reason,
            "by_manager": [item.to_dict() for item in self.by_manager] if self.measured else None,
            "by_persona": [item.to_dict() for item in self.by_persona] if self.measured else None,
            "by_manager_count": len(self.by_manager) if self.measured else None,
            "by_persona_count": len(self.by_persona) if self.measured else None,
            "overlap_s": round(self.overlap_s, 3) if self.overlap_s is not None else None,
            "overlap_share": round(self.overlap_share, 4) if self.overlap_share is not None else None,
            "manager_per_10_min": _rounded(self.manager_per_10_min),
            "persona_per_10_min": _rounded(self.persona_per_10_min),
            "backchannels_ignored": self.backchannels_ignored,
        }


def measure_interruptions(record: SessionRecord, options: AssessmentOptions) -> InterruptionMetrics:
    """Find interruptions and overlap in a timed record; a text session returns ``measured=False``."""
    if not record.timed:
        return InterruptionMetrics(measured=False, reason=NOT_TIMED_REASON)

    floor = [u for u in record.utterances if not is_backchannel(u.text, options.backchannel_max_words)]
    short_count = len(record.utterances) - len(floor)
    metrics = InterruptionMetrics(measured=True, backchannels_ignored=len(record.backchannels) + short_count)

    found: dict[str, Interruption] = {}
    for interruption in _flagged(record, floor) + _timed_overlaps(floor):
        found.setdefault(interruption.interrupted, interruption)
    ordered = sorted(found.values(), key=lambda item: (item.at is None, item.at or 0.0))
    metrics.by_manager = [item for item in ordered if item.by == "manager"]
    metrics.by_persona = [item for item in ordered if item.by == "persona"]

    manager_time = union((u.start, u.end) for u in floor if u.speaker == "manager" and u.timed)
    persona_time = union((u.start, u.end) for u in floor if u.speaker == "persona" and u.timed)
    metrics.overlap_s = total(intersection(manager_time, persona_time))
    speaking = total(union(manager_time + persona_time))
    metrics.overlap_share = metrics.overlap_s / speaking if speaking > 0 else None
    if record.duration_s:
        metrics.manager_per_10_min = len(metrics.by_manager) / record.duration_s * 600.0
        metrics.persona_per_10_min = len(metrics.by_persona) / record.duration_s * 600.0
    return metrics


def _flagged(record: SessionRecord, floor: list[Utterance]) -> list[Interruption]:
    """Return the interruptions the record marks: ``cut_off`` utterances and ``barge_in`` events."""
    by_id = {u.id: u for u in record.utterances}
    found = []
    for utterance in floor:
        if not utterance.cut_off:
            continue
        other = "manager" if utterance.speaker == "persona" else "persona"
        by = utterance.cut_off_by or other
        if by == utterance.speaker:
            continue
        found.append(_interruption(by, utterance, _next_from(floor, by, utterance), "cut_off"))
    for event in record.barge_ins:
        cut = by_id.get(str(event.get("utterance")))
        if cut is None or cut.speaker != "persona":
            continue
        at = event.get("at") if isinstance(event.get("at"), (int, float)) else None
        found.append(_interruption("manager", cut, _next_from(floor, "manager", cut), "barge_in", at))
    return found


def _timed_overlaps(floor: list[Utterance]) -> list[Interruption]:
    """Return each utterance that starts while the other speaker talks and outlasts them."""
    found = []
    ordered = sorted((u for u in floor if u.timed), key=lambda u: (u.start, u.order))
    active: list[Utterance] = []
    for current in ordered:
        active = [u for u in active if u.end > current.start]
        for earlier in active:
            if earlier.speaker != current.speaker and earlier.start < current.start and earlier.end < current.end:
                found.append(_interruption(current.speaker, earlier, current, "overlap"))
        active.append(current)
    return found


def _next_from(floor: list[Utterance], speaker: str, cut: Utterance) -> Utterance | None:
    """Return the utterance of ``speaker`` that took the floor from ``cut``."""
    later = [u for u in floor if u.speaker == speaker and u.order > cut.order]
    if cut.timed:
        timed = [u for u in floor if u.speaker == speaker and u.timed and cut.start <= u.start <= cut.end + 1.0]
        later = timed or later
    return min(later, key=lambda u: (u.start if u.start is not None else 0.0, u.order)) if later else None


def _interruption(by: str, cut: Utterance, interrupter: Utterance | None, source: str, at: float | None = None) -> Interruption:
    heard = cut.played_text if cut.speaker == "persona" else cut.text
    evidence = [cut.evidence(heard)]
    if interrupter is not None:
        evidence.append(interrupter.evidence())
    if at is None:
        at = interrupter.start if interrupter is not None and interrupter.start is not None else cut.end
    return Interruption(by=by, interrupted=cut.id, at=at, source=source, evidence=tuple(evidence))


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None
