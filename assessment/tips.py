"""Three coaching tips, each built on a moment of the session.

Tips come from the checks that lost the most weighted credit. When fewer
than three checks lost credit, the rest are "keep doing" tips built on the
best moments of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.challenge import ChallengeMetrics, KeyResultFinding
from assessment.record import Evidence
from assessment.scorecard import Check, Dimension

TIP_COUNT = 3

# The question to ask about each weakness, following the guidance in docs/assessment.md.
QUESTION_FOR_WEAKNESS = {
    "activity": "what changes for customers once the work is done, then make that change the Key Result, \u201cfrom X to Y\u201d",
    "vague": "how someone outside the team would know at the end of the quarter that it was hit",
    "no_baseline": "what the number is today; if nobody knows, measuring it becomes the first Key Result",
    "dependency": "which part the team controls, and move to a leading indicator it owns",
    "bau": "whether this is change or running the business; routine work belongs in health metrics",
    "sandbagged": "how confident they are from 1 to 10, and aim for a target near 5",
}


@dataclass(frozen=True)
class Tip:
    """One coaching tip: a short ``title``, the advice in ``text``, and the moments it is drawn from."""

    title: str
    text: str
    check: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"title": self.title, "text": self.text, "check": self.check, "evidence": [item.to_dict() for item in self.evidence]}


def format_time(at: float) -> str:
    """Return ``m:ss`` for a session time in seconds."""
    minutes, seconds = divmod(int(round(at)), 60)
    return f"{minutes}:{seconds:02d}"


def quote(evidence: Evidence) -> str:
    """Return the quote in quotation marks, followed by its time when the session has times."""
    when = f" at {format_time(evidence.at)}" if evidence.at is not None else ""
    return f"\u201c{evidence.quote}\u201d{when}"


def coaching_tips(dimensions: list[Dimension], challenge: ChallengeMetrics) -> list[Tip]:
    """Return up to three tips, worst weighted loss first, then strengths to keep."""
    checks = [check for dimension in dimensions for check in dimension.checks if check.credit is not None]
    losing = sorted((c for c in checks if c.credit < 1.0), key=lambda c: -(c.weight * (1.0 - c.credit)))
    tips: list[Tip] = []
    for check in losing:
        if check.id == "weak_krs_revised" and all(
            f.ending in ("revised", "dropped", "approved_weak") for f in challenge.weak_key_results
        ) and any(t.check == "no_weak_kr_approved" for t in tips):
            continue  # every unrevised Key Result was approved, which the approval tip already covers
        tip = _improvement_tip(check, challenge)
        if tip is not None:
            tips.append(tip)
        if len(tips) == TIP_COUNT:
            return tips
    for tip in _strength_tips(checks, challenge):
        if len(tips) == TIP_COUNT:
            break
        tips.append(tip)
    return tips


def _improvement_tip(check: Check, challenge: ChallengeMetrics) -> Tip | None:
    """Return the tip for a check that lost credit, or None when the session offers no moment to show."""
    tip = _challenge_tip(check, challenge)
    if tip is None:
        tip = _conversation_tip(check)
    return tip


def _challenge_tip(check: Check, challenge: ChallengeMetrics) -> Tip | None:
    weak = challenge.weak_key_results
    first = check.evidence[0] if check.evidence else None
    if check.id == "no_weak_kr_approved":
        approved = [f for f in weak if f.ending == "approved_weak"]
        finding = approved[0]
        said = f", when you said {quote(finding.approval)}" if finding.approval else ""
        return Tip(
            "Do not approve a weak Key Result to end the discomfort",
            f"You approved \u201c{finding.text}\u201d while it was still {_weakness_words(finding)}{said}. "
            f"Before agreeing, ask {_question_for(finding)}.",
            check.id,
            tuple(f.approval for f in approved if f.approval),
        )
    if check.id == "challenged_every_weak_kr":
        finding = next(f for f in weak if not f.challenged)
        return Tip(
            "Challenge every weak Key Result",
            f"\u201c{finding.text}\u201d was never challenged, although it is {_weakness_words(finding)}. "
            f"Ask {_question_for(finding)}.",
            check.id,
            _moments(finding),
        )
    if check.id == "probed_weakness":
        # The least-probed Key Result, preferring one that no approval tip names.
        approved_first = [f for f in weak if f.ending == "approved_weak"][:1]
        finding = min(weak, key=lambda f: (len(f.weaknesses_probed) / len(f.weaknesses), f in approved_first))
        missing = [w for w in finding.weaknesses if w not in finding.weaknesses_probed]
        evidence = _moments(finding)
        return Tip(
            "Probe the weakness that is actually there",
            f"On \u201c{finding.text}\u201d you never probed that it is {_words(missing)}. "
            f"Ask {QUESTION_FOR_WEAKNESS.get(missing[0], 'what would show it worked')}.",
            check.id,
            evidence,
        )
    if check.id == "weak_krs_revised":
        finding = next(f for f in weak if f.ending not in ("revised", "dropped"))
        return Tip(
            "Finish with a revised Key Result",
            f"\u201c{finding.text}\u201d ended {finding.ending.replace('_', ' ')}. Close each discussion with a rewritten "
            f"\u201cfrom X to Y\u201d version, or agree to drop it; ask {_question_for(finding)}.",
            check.id,
            _moments(finding),
        )
    if check.id == "no_demotivating_language" and first:
        return Tip(
            "Criticise the Key Result, not the person",
            f"You said {quote(first)}. Judgement hardens the persona; name what the Key Result lacks and ask how to close the gap.",
            check.id,
            tuple(check.evidence),
        )
    if check.id == "open_questions":
        example = f" such as {quote(first)}" if first else ""
        return Tip(
            "Ask open questions",
            f"Closed questions{example} invite a yes or a no. Start with what, how or why: "
            "\u201cWhat would change for customers if this ships?\u201d",
            check.id,
            tuple(check.evidence[:1]),
        )
    if check.id == "one_question_at_a_time" and first:
        return Tip(
            "Ask one question, then wait",
            f"You asked several questions at once: {quote(first)}. The persona answers the easiest one; ask the one that matters and stop.",
            check.id,
            (first,),
        )
    if check.id == "no_leading_questions" and first:
        return Tip(
            "Ask without suggesting the answer",
            f"{quote(first)} suggests its own answer. Ask it neutrally and let the persona think.",
            check.id,
            (first,),
        )
    if check.id == "acknowledged_before_challenge":
        finding = next((f for f in weak if f.acknowledged_before_challenge is False), None)
        if finding is None or finding.first_challenge is None:
            return None
        return Tip(
            "Acknowledge the work before challenging it",
            f"You opened on \u201c{finding.text}\u201d with {quote(finding.first_challenge)}. Name the effort first "
            "(\u201cI can see the work in this\u201d), then ask.",
            check.id,
            (finding.first_challenge,),
        )
    if check.id == "asked_before_telling":
        finding = next((f for f in weak if f.asked_before_telling is False), None)
        if finding is None:
            return None
        return Tip(
            "Ask before you tell",
            f"On \u201c{finding.text}\u201d you proposed the fix before asking anything. Ask {_question_for(finding)}, "
            "so the rewrite is theirs.",
            check.id,
            _moments(finding),
        )
    if check.id == "motivation_kept":
        where = f" The biggest drop followed {quote(challenge.largest_motivation_drop)}." if challenge.largest_motivation_drop else ""
        return Tip(
            "Keep the person on your side",
            f"The persona's motivation fell ({check.detail}).{where} Pair each challenge with recognition of the work.",
            check.id,
            (challenge.largest_motivation_drop,) if challenge.largest_motivation_drop else (),
        )
    return None


def _conversation_tip(check: Check) -> Tip | None:
    first = check.evidence[0] if check.evidence else None
    if check.id == "talk_ratio":
        where = f" Your longest stretch began {quote(first)}." if first else ""
        return Tip("Talk less, ask more", f"{check.detail.capitalize()}.{where} Aim to speak less than half the time.", check.id, tuple(check.evidence))
    if check.id == "longest_monologue" and first:
        return Tip(
            "Hand the floor back sooner",
            f"{check.detail.capitalize()}, starting {quote(first)}. Make one point, then ask a question.",
            check.id,
            (first,),
        )
    if check.id == "patience" and first:
        return Tip(
            "Pause after pushback",
            f"{check.detail.capitalize()}; at {format_time(first.at or 0.0)} you {first.quote}. Let a second or two pass before you answer an objection.",
            check.id,
            (first,),
        )
    if check.id == "no_manager_interruptions" and first:
        return Tip(
            "Let the persona finish",
            f"You cut in with {quote(first)}. Wait for the end of the sentence; a backchannel such as \u201cmm-hm\u201d keeps you present without taking the floor.",
            check.id,
            tuple(check.evidence),
        )
    if check.id == "no_persona_interruptions" and first:
        return Tip(
            "Stop before you are stopped",
            f"The persona had to cut in while you said {quote(first)}. Shorter turns leave room for an answer.",
            check.id,
            tuple(check.evidence),
        )
    if check.id == "pace" and first:
        return Tip("Mind your pace", f"{check.detail.capitalize()}; fastest or slowest turn: {quote(first)}.", check.id, (first,))
    if check.id == "long_silences" and first:
        return Tip("Fill long silences with a question", f"{check.detail.capitalize()}, the first ending at {quote(first)}.", check.id, (first,))
    if check.id == "time_box":
        return Tip("Keep to the time box", f"{check.detail.capitalize()}. Agree the order of the Key Results at the start.", check.id)
    if check.id == "little_overlap":
        return Tip("Take turns", f"{check.detail.capitalize()}.", check.id)
    return None


def _strength_tips(checks: list[Check], challenge: ChallengeMetrics) -> list[Tip]:
    tips = []
    open_questions = [move for move in challenge.moves if move.is_question and move.open]
    if open_questions:
        best = max(open_questions, key=lambda move: (len(move.probes), -len(move.utterance.text)))
        tips.append(
            Tip(
                "Keep asking open questions",
                f"{quote(best.utterance.evidence())} made the persona think instead of defend. Keep starting with what, how or why.",
                "open_questions",
                (best.utterance.evidence(),),
            )
        )
    revised = [f for f in challenge.weak_key_results if f.ending == "revised"]
    if revised:
        finding = revised[0]
        outcome = f" as \u201c{finding.revised_text}\u201d" if finding.revised_text else ""
        evidence = (finding.first_challenge,) if finding.first_challenge else ()
        tips.append(
            Tip(
                "Keep closing with a rewrite",
                f"\u201c{finding.text}\u201d ended revised{outcome}. Agreeing the new wording before moving on is what makes the challenge stick.",
                "weak_krs_revised",
                evidence,
            )
        )
    acknowledged = [m for m in challenge.moves if m.acknowledgement]
    if acknowledged:
        evidence = acknowledged[0].utterance.evidence()
        tips.append(
            Tip(
                "Keep recognising the work",
                f"{quote(evidence)} kept the persona open to the challenge that followed.",
                "acknowledged_before_challenge",
                (evidence,),
            )
        )
    for check in checks:
        if check.credit == 1.0 and check.evidence and not any(t.check == check.id for t in tips):
            tips.append(Tip("Keep doing this", f"{check.question} Yes: {check.detail}.", check.id, (check.evidence[0],)))
    return tips


def _moments(finding: KeyResultFinding) -> tuple[Evidence, ...]:
    """Return the best moment to show for a Key Result: its first challenge, its approval, or the last word on it."""
    for item in (finding.first_challenge, finding.approval, finding.last_word):
        if item is not None:
            return (item,)
    return ()


def _weakness_words(finding: KeyResultFinding) -> str:
    return _words(finding.weaknesses)


def _words(weaknesses: list[str]) -> str:
    names = {
        "activity": "an activity, not an outcome",
        "vague": "vague",
        "no_baseline": "missing a baseline",
        "dependency": "dependent on another team",
        "bau": "business as usual",
        "sandbagged": "below the current trend",
    }
    return " and ".join(names.get(w, w) for w in weaknesses) or "weak"


def _question_for(finding: KeyResultFinding) -> str:
    return QUESTION_FOR_WEAKNESS.get(finding.weaknesses[0] if finding.weaknesses else "", "what would show it worked")
