"""Challenge quality: how the manager handled each weak Key Result, and how each one ended."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.linter import lint_key_result
from assessment.moves import Move, classify_moves
from assessment.record import Decision, Evidence, SessionRecord

ENDINGS = ("revised", "dropped", "still_open", "approved_weak", "approved")
"""Endings of a Key Result. ``approved_weak`` is a weak one approved unchanged, which is the failure
the product exists to catch. ``approved`` is a Key Result without weakness approved unchanged."""

# Probes that address each weakness; any one of them counts.
PROBES_FOR_WEAKNESS = {
    "activity": ("outcome",),
    "vague": ("measurement", "outcome"),
    "no_baseline": ("baseline", "measurement"),
    "dependency": ("control",),
    "bau": ("priority",),
    "sandbagged": ("confidence",),
}

_REVISED_STATES = frozenset({"revised", "approved_revised", "rewritten", "replaced", "accepted_revision", "agreed_revision"})
_DROPPED_STATES = frozenset({"dropped", "removed", "moved_to_health", "health_metric", "deprioritised", "deprioritized"})
_APPROVED_WEAK_STATES = frozenset({"approved_weak", "approved_while_weak", "approved_as_is"})


@dataclass
class KeyResultFinding:
    """The assessment of one Key Result of the scenario."""

    id: str
    text: str
    weak: bool
    weaknesses: list[str]
    weakness_source: str  # "record" when the record lists them, "linter" otherwise
    state: str | None
    ending: str
    revised_text: str | None = None
    challenged: bool = False
    first_challenge: Evidence | None = None
    probes: list[str] = field(default_factory=list)
    weaknesses_probed: list[str] = field(default_factory=list)
    open_questions: int = 0
    closed_questions: int = 0
    leading_questions: int = 0
    stacked_turns: int = 0
    acknowledged_before_challenge: bool | None = None
    asked_before_telling: bool | None = None
    demotivating: list[Evidence] = field(default_factory=list)
    approval: Evidence | None = None
    last_word: Evidence | None = None  # the manager's last utterance about this Key Result

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "weak": self.weak,
            "weaknesses": self.weaknesses,
            "weakness_source": self.weakness_source,
            "state": self.state,
            "ending": self.ending,
            "revised_text": self.revised_text,
            "challenged": self.challenged,
            "first_challenge": self.first_challenge.to_dict() if self.first_challenge else None,
            "probes": self.probes,
            "weaknesses_probed": self.weaknesses_probed,
            "open_questions": self.open_questions,
            "closed_questions": self.closed_questions,
            "leading_questions": self.leading_questions,
            "stacked_turns": self.stacked_turns,
            "acknowledged_before_challenge": self.acknowledged_before_challenge,
            "asked_before_telling": self.asked_before_telling,
            "demotivating": [item.to_dict() for item in self.demotivating],
            "approval": self.approval.to_dict() if self.approval else None,
            "last_word": self.last_word.to_dict() if self.last_word else None,
        }


@dataclass
class ChallengeMetrics:
    """Challenge figures over the whole session; ``motivation_*`` are on a 0 to 1 scale or None."""

    moves: list[Move]
    key_results: list[KeyResultFinding]
    questions: int = 0
    open_questions: int = 0
    leading_questions: int = 0
    stacked_turns: int = 0
    demotivating: list[Evidence] = field(default_factory=list)
    motivation_start: float | None = None
    motivation_end: float | None = None
    largest_motivation_drop: Evidence | None = None

    @property
    def weak_key_results(self) -> list[KeyResultFinding]:
        return [finding for finding in self.key_results if finding.weak]

    def to_dict(self) -> dict:
        return {
            "key_results": [finding.to_dict() for finding in self.key_results],
            "moves": [move.to_dict() for move in self.moves],
            "questions": self.questions,
            "open_questions": self.open_questions,
            "leading_questions": self.leading_questions,
            "stacked_turns": self.stacked_turns,
            "demotivating": [item.to_dict() for item in self.demotivating],
            "motivation_start": self.motivation_start,
            "motivation_end": self.motivation_end,
            "largest_motivation_drop": self.largest_motivation_drop.to_dict() if self.largest_motivation_drop else None,
        }


def measure_challenge(record: SessionRecord) -> ChallengeMetrics:
    """Assess every Key Result of the record against the manager's moves."""
    moves = classify_moves(record)
    states = _state_history(record.decisions)
    findings = [_finding(record, item, moves, states) for item in record.key_results if item.get("id") is not None]
    questions = [move for move in moves if move.is_question]
    metrics = ChallengeMetrics(
        moves=moves,
        key_results=findings,
        questions=len(questions),
        open_questions=sum(1 for move in questions if move.open),
        leading_questions=sum(1 for move in questions if move.leading),
        stacked_turns=sum(1 for move in questions if move.stacked),
        demotivating=[_judgement_evidence(move) for move in moves if move.judgement],
    )
    _add_motivation(metrics, record)
    return metrics


def _finding(record: SessionRecord, item: dict, moves: list[Move], states: dict[str, list[tuple[Decision, str]]]) -> KeyResultFinding:
    kr_id = str(item.get("id"))
    text = str(item.get("text") or "")
    weaknesses, source = _weaknesses(item, text)
    history = states.get(kr_id, [])
    state = item.get("state") if isinstance(item.get("state"), str) else None
    if state is None and history:
        state = history[-1][1]
    revised_text = item.get("revised_text") if isinstance(item.get("revised_text"), str) and item.get("revised_text") else None
    about = [move for move in moves if move.key_result == kr_id]
    finding = KeyResultFinding(
        id=kr_id,
        text=text,
        weak=bool(weaknesses),
        weaknesses=weaknesses,
        weakness_source=source,
        state=state,
        ending=_ending(state, revised_text, about),
        revised_text=revised_text,
    )

    if not finding.weak and finding.ending == "approved_weak":
        finding.ending = "approved"

    challenges = [move for move in about if move.is_challenge]
    # The director's "challenged" and "conceded" states also count; "defended" alone does not, because
    # the persona also defends against a closed status question.
    finding.challenged = bool(challenges) or any(s in ("challenged", "conceded") for _, s in history)
    if challenges:
        finding.first_challenge = challenges[0].utterance.evidence()
    probes = {probe for move in about for probe in move.probes}
    finding.probes = [probe for probe in ("outcome", "baseline", "measurement", "confidence", "control", "priority") if probe in probes]
    finding.weaknesses_probed = [w for w in weaknesses if set(PROBES_FOR_WEAKNESS.get(w, ())) & probes]
    asked = [move for move in about if move.is_question]
    finding.open_questions = sum(1 for move in asked if move.open)
    finding.closed_questions = len(asked) - finding.open_questions
    finding.leading_questions = sum(1 for move in asked if move.leading)
    finding.stacked_turns = sum(1 for move in asked if move.stacked)
    finding.demotivating = [_judgement_evidence(move) for move in about if move.judgement]
    if challenges:
        finding.acknowledged_before_challenge = _acknowledged_before(moves, challenges[0])
    finding.asked_before_telling = _asked_before_telling(about)
    if about:
        finding.last_word = about[-1].utterance.evidence()
    if finding.ending == "approved_weak":
        finding.approval = _approval_evidence(record, kr_id, about, history)
    return finding


def _weaknesses(item: dict, text: str) -> tuple[list[str], str]:
    listed = item.get("weaknesses")
    if isinstance(listed, list):
        return [str(name) for name in listed if str(name) != "outcome"], "record"
    if isinstance(item.get("weak"), bool) and not item["weak"]:
        return [], "record"
    context = str(item.get("context") or "")
    return [flag.name for flag in lint_key_result(text, context)], "linter"


def _ending(state: str | None, revised_text: str | None, about: list[Move]) -> str:
    normalised = (state or "").lower()
    if normalised in _APPROVED_WEAK_STATES or normalised == "approved" and not revised_text:
        return "approved_weak"
    if normalised in _REVISED_STATES or revised_text or normalised == "approved":
        return "revised"
    if normalised in _DROPPED_STATES:
        return "dropped"
    if state is None and about and about[-1].approval:
        # No state anywhere in the record: the last word on this Key Result was an approval.
        return "approved_weak"
    return "still_open"


def _state_history(decisions: list[Decision]) -> dict[str, list[tuple[Decision, str]]]:
    """Return each Key Result's states over the director's decisions, in order."""
    history: dict[str, list[tuple[Decision, str]]] = {}
    for decision in decisions:
        value = decision.fields.get("key_results")
        pairs: list[tuple[str, str]] = []
        if isinstance(value, dict):
            pairs = [(str(k), v if isinstance(v, str) else str((v or {}).get("state", ""))) for k, v in value.items()]
        elif isinstance(value, list):
            pairs = [(str(entry.get("id")), str(entry.get("state") or "")) for entry in value if isinstance(entry, dict)]
        for kr_id, state in pairs:
            if state:
                history.setdefault(kr_id, []).append((decision, state))
    return history


def _acknowledged_before(moves: list[Move], first_challenge: Move) -> bool:
    """Return whether an acknowledgement came in the first challenge or the manager move just before it."""
    index = moves.index(first_challenge)
    window = moves[max(0, index - 1) : index + 1]
    return any(move.acknowledgement for move in window)


def _asked_before_telling(about: list[Move]) -> bool | None:
    """Return whether a question came before any statement or approval about the Key Result.

    None when the manager neither asked nor told anything about it.
    """
    for move in about:
        if move.is_question:
            return True
        if move.telling or move.approval:
            return False
    return None


def _approval_evidence(record: SessionRecord, kr_id: str, about: list[Move], history: list[tuple[Decision, str]]) -> Evidence | None:
    # The director's state change is the authority: the manager turn where the state became approved.
    for decision, state in history:
        if state.lower() in _APPROVED_WEAK_STATES or state.lower() == "approved":
            for utterance in record.manager_utterances():
                if utterance.turn == decision.turn:
                    return utterance.evidence()
    approvals = [move for move in about if move.approval]
    if approvals:
        return approvals[-1].utterance.evidence()
    return about[-1].utterance.evidence() if about else None


def _judgement_evidence(move: Move) -> Evidence:
    return move.utterance.evidence()


def _add_motivation(metrics: ChallengeMetrics, record: SessionRecord) -> None:
    values: list[tuple[Decision, float]] = []
    for decision in record.decisions:
        value = decision.fields.get("motivation")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values.append((decision, normalise_motivation(float(value))))
    if not values:
        return
    metrics.motivation_start = values[0][1]
    metrics.motivation_end = values[-1][1]
    drops = [(before - after, decision) for (_, before), (decision, after) in zip(values, values[1:]) if after < before]
    if drops:
        _, decision = max(drops, key=lambda pair: pair[0])
        for utterance in record.manager_utterances():
            if utterance.turn == decision.turn:
                metrics.largest_motivation_drop = utterance.evidence()
                break


def normalise_motivation(value: float) -> float:
    """Return a motivation on a 0 to 1 scale; values above 1 are read as out of 10, above 10 as out of 100."""
    if value > 10:
        value /= 100.0
    elif value > 1:
        value /= 10.0
    return max(0.0, min(1.0, value))
