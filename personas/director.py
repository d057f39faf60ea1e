"""The director: deterministic decisions about how the persona reacts.

For each manager utterance the director classifies the move, updates the
state of each Key Result and the persona's mood, and picks a stance. The
actor only phrases that stance. Good challenges (new probes of a Key
Result's real weaknesses) wear resistance down. Repeating a probe, pressure
and judgement do not, and judgement adds resistance back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from personas.classify import Classifier, Move, normalize
from personas.scenario import Fact, KeyResult, Scenario
from personas.state import KeyResultState, Mood

STANCES = (
    "open",  # the persona opens the meeting and presents the first Key Result
    "explain",  # presents or explains a Key Result; the manager has not challenged it
    "defend",  # argues for the draft (or for a revision already proposed)
    "deflect",  # sidesteps a repeated probe or pressure without giving ground
    "reveal_fact",  # states a fact the manager asked for
    "concede",  # admits the Key Result is weak
    "propose_revision",  # offers the better Key Result
    "push_back_on_tone",  # objects to judgemental or blaming language
    "interrupt",  # cuts into a manager monologue
    "accept_approval",  # takes the manager's approval, gladly when the Key Result is still weak
    "recap",  # sums up where every Key Result stands
    "not_following",  # the utterance matched nothing the persona can act on
)


@dataclass(frozen=True)
class DirectorOptions:
    """Every tunable number of the director, in one place."""

    interrupt_words: int = 110  # manager words in one turn before the persona cuts in (voice)
    interrupt_seconds: float = 45.0  # seconds of manager speech before the persona cuts in (voice)
    monologue_words: int = 160  # a whole turn this long is answered with an interruption
    weight_open: float = 1.0  # an open question probing a new weakness
    weight_closed: float = 0.75  # a closed question probing a new weakness
    weight_telling: float = 0.5  # a statement, a leading question or a stacked question
    bonus_acknowledgement: float = 0.5  # acknowledging the work in the same turn as the challenge
    low_trust: float = 0.3  # below this trust, challenges count half
    reassurance_relief: float = 1.0  # resistance a sandbagged Key Result loses when the review is taken off the table
    judgement_motivation: float = -0.15
    judgement_trust: float = -0.2
    pressure_motivation: float = -0.05
    pressure_trust: float = -0.1
    repeat_trust: float = -0.05
    acknowledgement_motivation: float = 0.03
    acknowledgement_trust: float = 0.1
    reassurance_motivation: float = 0.05
    reassurance_trust: float = 0.15
    approval_motivation: float = 0.1
    approval_trust: float = 0.05
    revision_motivation: float = 0.05
    monologue_trust: float = -0.05


@dataclass(frozen=True)
class Cue:
    """The director's stage direction for one persona utterance."""

    stance: str
    key_result: KeyResult | None
    key_result_state: str = "untouched"
    fact: Fact | None = None  # the fact to reveal now
    next_key_result: KeyResult | None = None  # the Key Result to bring up after this reply
    all_settled: bool = False  # every Key Result is approved, so the meeting can close
    warm: bool = False  # the manager acknowledged the persona's work
    reassured: bool = False  # the manager separated the OKRs from the review or made missing safe
    probe: str | None = None
    approved: tuple[str, ...] = ()  # Key Result ids approved in this turn
    summary: tuple[dict, ...] = ()  # for a recap: every Key Result's state, as ``KeyResultState.as_dict``
    revealed: tuple[Fact, ...] = ()  # facts the persona may mention, this one included
    withheld: tuple[Fact, ...] = ()  # facts the persona must not mention yet
    motivation: float = 0.7
    trust: float = 0.5


@dataclass
class Decision:
    """The cue for the actor and the record of why it was chosen."""

    cue: Cue
    record: dict = field(default_factory=dict)


class Director:
    """The persona's decisions across one session."""

    def __init__(self, scenario: Scenario, options: DirectorOptions | None = None):
        self.scenario = scenario
        self.options = options or DirectorOptions()
        self.classifier = Classifier(scenario)
        default = scenario.resistance.challenges_to_concede
        self.states = {
            kr.id: KeyResultState(kr, resistance=kr.resistance if kr.resistance is not None else default)
            for kr in scenario.key_results
        }
        self.mood = Mood(motivation=scenario.persona.motivation, trust=scenario.persona.trust)
        self.turn = 0
        self.focus = scenario.key_results[0].id
        # Key Results the persona has read out or the manager has named. Only these can
        # be conceded or revised, so no discussion is filed under one nobody raised.
        self.discussed: set[str] = {self.focus}
        self.revealed: list[Fact] = []
        self._interrupted_turn = -1

    def opening(self) -> Decision:
        """Return the decision for the persona's opening: greet and present the first Key Result."""
        cue = self._cue("open", self.states[self.focus])
        return Decision(cue, self._record(cue, move=None, extra={}))

    def decide(self, manager_text: str) -> Decision:
        """Classify one manager utterance, update the state and pick the stance."""
        self.turn += 1
        move = self.classifier.classify(manager_text)
        if self._moves_focus(move, manager_text):
            self.focus = move.key_result
        elif move.next_requested and not move.key_result:
            self.focus = self._next_open(after=self.focus) or self.focus
        self.discussed.add(self.focus)
        extra: dict = {"probe": None, "weight": 0.0, "repeated": False, "fact": None, "approved": []}
        stance, details = self._choose(move, normalize(manager_text), extra)
        state = self.states[self.focus]
        cue = self._cue(stance, state, **details)
        return Decision(cue, self._record(cue, move, extra))

    def _moves_focus(self, move: Move, manager_text: str) -> bool:
        """Return whether the utterance clearly turns to another Key Result than the one in focus.

        A number, an ordinal or several distinctive words move the focus. One
        specific word ("the laptops") does too, unless the utterance also uses words
        of the Key Result in focus ("onboarding tickets" while on the help articles).
        """
        if not move.key_result or move.key_result == self.focus:
            return False
        if move.named_by == "word":
            return not self.classifier.uses_words_of(manager_text, self.focus)
        return True

    def should_interrupt(self, manager_words: int, seconds: float) -> bool:
        """Return True once per manager turn when the manager's monologue runs long."""
        if self._interrupted_turn == self.turn + 1:
            return False
        if manager_words >= self.options.interrupt_words or seconds >= self.options.interrupt_seconds:
            self._interrupted_turn = self.turn + 1
            self.mood.change(trust=self.options.monologue_trust)
            return True
        return False

    def forget_unheard(self, decision: Decision, heard_text: str) -> None:
        """Undo what a cut-off reply did not get across: an unheard fact or revision."""
        cue = decision.cue
        if cue.fact is not None and not _mentions(cue.fact.text, heard_text) and cue.fact in self.revealed:
            self.revealed.remove(cue.fact)
        if cue.stance == "propose_revision" and cue.key_result is not None:
            state = self.states[cue.key_result.id]
            if state.revised_text and not _mentions(state.revised_text, heard_text):
                state.state, state.revised_text = "conceded", None

    def key_results(self) -> list[dict]:
        return [state.as_dict() for state in self.states.values()]

    # The stance policy, in order of precedence.
    def _choose(self, move: Move, normal: str, extra: dict) -> tuple[str, dict]:
        options = self.options
        state = self.states[self.focus]
        constructive = bool(
            move.question or move.probes or move.acknowledgement or move.revision_offered or move.revision_requested
            or move.continuer or move.reassurance
        )
        if move.words == 0:
            return "not_following", {}
        if move.words > options.monologue_words:
            self.mood.change(trust=options.monologue_trust)
            return "interrupt", {}
        if move.judgement:
            self.mood.change(motivation=options.judgement_motivation, trust=options.judgement_trust)
            state.resistance += self.scenario.resistance.hardening
            if state.state == "untouched":
                state.state = "challenged"
            return "push_back_on_tone", {}
        if move.approval:
            return "accept_approval", self._approve(move, extra)
        if move.recap:
            return "recap", {"summary": tuple(self.key_results())}
        if move.acknowledgement:
            self.mood.change(motivation=options.acknowledgement_motivation, trust=options.acknowledgement_trust)
        if move.reassurance:
            self._reassure()
        if move.pressure:
            self.mood.change(motivation=options.pressure_motivation, trust=options.pressure_trust)

        fact = self._fact_asked(move, normal)
        if fact is not None:
            self.revealed.append(fact)
            extra["fact"] = fact.id
            # A fact about another Key Result is answered, but the discussion stays where it is.
            if fact.key_result in ("", self.focus):
                self._wear(state, move, extra)
                if state.state == "untouched":
                    state.state = "challenged"
            return "reveal_fact", {"fact": fact}

        tone = {"warm": move.acknowledgement, "reassured": move.reassurance}
        if self.focus not in self.discussed:
            # Defensive: decide() marks the focus as discussed, so this is not expected.
            return "explain", tone
        if state.state == "conceded" and constructive and not move.pressure:
            state.state, state.revised_text = "revised", state.key_result.revised
            self.mood.change(motivation=options.revision_motivation)
            return "propose_revision", tone
        if state.key_result.weak and state.resistance <= 0 and state.state not in ("conceded", "revised") and constructive:
            if move.revision_requested:
                # Asked for a better version once the resistance is gone, the
                # persona concedes and proposes in the same reply.
                state.state, state.revised_text = "revised", state.key_result.revised
                self.mood.change(motivation=options.revision_motivation)
                return "propose_revision", tone
            self._set_state(state, "conceded")
            return "concede", tone
        if move.probes:
            return self._answer_probe(state, move, extra), tone
        if move.revision_requested and state.key_result.weak and state.state != "revised":
            # Asked for a new version before being convinced, the persona keeps the draft.
            self._set_state(state, "defended")
            return "defend", tone
        if move.pressure:
            return "deflect", {}
        if constructive or move.greeting or move.next_requested or move.key_result or (move.question and move.on_topic):
            return "explain", tone
        return "not_following", {}

    def _answer_probe(self, state: KeyResultState, move: Move, extra: dict) -> str:
        state.challenges += 1
        if state.state in ("revised", "approved"):
            extra["probe"] = move.probes[0]
            return "defend"
        counted = self._wear(state, move, extra)
        if counted and state.resistance <= 0:
            self._set_state(state, "conceded")
            return "concede"
        if not counted and any(probe in state.key_result.probes() for probe in move.probes):
            extra["repeated"] = True
            self.mood.change(trust=self.options.repeat_trust)
            if state.state == "untouched":
                self._set_state(state, "challenged")
            return "deflect"
        self._set_state(state, "defended")
        return "defend"

    @staticmethod
    def _set_state(state: KeyResultState, new: str) -> None:
        """Move a Key Result to ``new``, keeping an approval the persona accepted.

        Defending or deflecting leaves an approved Key Result approved, so the sheet
        agrees with "I'll tell the team it's signed off". Conceding reopens it.
        """
        if new == "conceded":
            state.approved = False
            state.state = new
        elif not state.approved:
            state.state = new

    def _wear(self, state: KeyResultState, move: Move, extra: dict) -> bool:
        """Count the first new probe of a real weakness against the Key Result's resistance."""
        new = [probe for probe in move.probes if probe in state.key_result.probes() and probe not in state.counted_probes]
        extra["probe"] = new[0] if new else (move.probes[0] if move.probes else None)
        if not new or state.state in ("revised", "approved"):
            return False
        weight = self._weight(move)
        state.counted_probes.add(new[0])
        state.resistance -= weight
        extra["weight"] = weight
        return True

    def _weight(self, move: Move) -> float:
        options = self.options
        if not move.question or move.leading or move.stacked or move.pressure:
            weight = options.weight_telling
        elif move.open:
            weight = options.weight_open
        else:
            weight = options.weight_closed
        if move.acknowledgement:
            weight += options.bonus_acknowledgement
        if self.mood.trust < options.low_trust:
            weight /= 2
        return weight

    def _approve(self, move: Move, extra: dict) -> dict:
        targets = [s for s in self.states.values() if not s.approved] if move.approve_all else [self.states[self.focus]]
        newly_approved = any(not state.approved for state in targets)
        for state in targets:
            state.approved = True
            if state.state == "revised":
                continue
            state.state = "approved_weak" if state.key_result.weak else "approved"
        extra["approved"] = [state.key_result.id for state in targets]
        if newly_approved:
            # Approving the same Key Result again is no new news, so it lifts nothing.
            self.mood.change(motivation=self.options.approval_motivation, trust=self.options.approval_trust)
        following = self._next_open(after=self.focus)
        details = {"approved": tuple(extra["approved"])}
        if following is None:
            details["all_settled"] = True
        else:
            details["next_key_result"] = self.scenario.key_result(following)
        return details

    def _reassure(self) -> None:
        self.mood.change(motivation=self.options.reassurance_motivation, trust=self.options.reassurance_trust)
        for state in self.states.values():
            if "sandbagged" in state.key_result.weaknesses and not state.reassured:
                state.reassured = True
                state.resistance -= self.options.reassurance_relief

    def _fact_asked(self, move: Move, normal: str) -> Fact | None:
        if not (move.question or move.probes):
            return None
        hidden = [fact for fact in self.scenario.facts if fact not in self.revealed]
        if len(move.mentions) > 1:
            # A comparison of Key Results ("patching or the cloud bill?") asks about the one in focus.
            hidden = [fact for fact in hidden if fact.key_result in ("", self.focus)]
        for fact in hidden:
            if any(re.search(rf"\b{re.escape(keyword)}\b", normal) for keyword in fact.keywords):
                return fact
        for fact in hidden:
            if fact.key_result in ("", self.focus) and set(fact.probes) & set(move.probes):
                return fact
        return None

    def _next_open(self, after: str) -> str | None:
        ids = [kr.id for kr in self.scenario.key_results]
        start = ids.index(after)
        for kr_id in ids[start + 1:] + ids[: start + 1]:
            if not self.states[kr_id].approved:
                return kr_id
        return None

    def _cue(self, stance: str, state: KeyResultState, **details) -> Cue:
        if details.get("next_key_result") is not None:
            self.focus = details["next_key_result"].id
            self.discussed.add(self.focus)
        revealed = tuple(self.revealed)
        return Cue(
            stance=stance,
            key_result=state.key_result,
            key_result_state=state.state,
            revealed=revealed,
            withheld=tuple(fact for fact in self.scenario.facts if fact not in revealed),
            motivation=self.mood.motivation,
            trust=self.mood.trust,
            **details,
        )

    def _record(self, cue: Cue, move: Move | None, extra: dict) -> dict:
        state = self.states[cue.key_result.id] if cue.key_result else None
        return {
            "turn": self.turn,
            "stance": cue.stance,
            "move": move.as_dict() if move else None,
            "key_result": cue.key_result.id if cue.key_result else None,
            "probe": extra.get("probe"),
            "weight": extra.get("weight", 0.0),
            "repeated": extra.get("repeated", False),
            "fact": extra.get("fact"),
            "approved": extra.get("approved", []),
            "next_key_result": cue.next_key_result.id if cue.next_key_result else None,
            "resistance": round(state.resistance, 2) if state else None,
            "motivation": round(self.mood.motivation, 3),
            "trust": round(self.mood.trust, 3),
            "key_results": {kr_id: kr_state.state for kr_id, kr_state in self.states.items()},
        }


def _mentions(content: str, heard: str) -> bool:
    """Return whether ``heard`` got ``content`` across: verbatim, or every number in it."""
    if _squash(content) in _squash(heard):
        return True
    numbers = re.findall(r"\d+(?:[.,]\d+)?", content)
    return bool(numbers) and all(number in heard for number in numbers)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()
