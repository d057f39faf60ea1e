"""The Key Result linter: flags the weaknesses published OKR guidance warns about.

Each rule reads only the Key Result's text and the optional context beside it
(facts such as today's value or last quarter's trend). The rules and their
sources are listed in ``docs/assessment.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessment.quantities import (
    Quantity,
    find_change,
    find_numbers,
    find_trend,
    has_measure,
)

FLAG_NAMES = ("activity", "vague", "no_baseline", "dependency", "bau", "sandbagged")
"""Flag names, in the order the linter reports them; they match the corpus labels."""

OUTCOME = "outcome"
"""The label of a Key Result with no flag."""


@dataclass(frozen=True)
class Flag:
    """One weakness of a Key Result: ``name`` is one of ``FLAG_NAMES``, ``reason`` is for the manager."""

    name: str
    reason: str


# Verbs that name work to be done. A Key Result that starts with one of them
# describes an initiative unless it also states a measured change.
_ACTIVITY_VERBS = frozenset(
    """
    add attend build complete conduct create define deliver deploy design develop document draft
    establish finish hire hold host implement install integrate introduce launch migrate organise
    organize plan prepare present publish redesign refactor release replace rewrite roll run send
    set ship start train update upgrade write
    """.split()
)
# Work verbs without a finish line, so no one can say when the work is done.
_OPEN_ENDED_VERBS = frozenset("assist contribute engage explore help investigate participate research support".split())
_OPEN_ENDED_PHRASES = re.compile(r"^(look into|work on|work towards|think about)\b")

# Verbs that move a quantity; a Key Result built on one needs a starting value.
_CHANGE_VERBS = frozenset(
    "boost cut decrease double grow halve increase lift lower raise reach reduce shrink triple".split()
)
# Verbs that hold a level instead of changing it.
_KEEP_VERBS = frozenset("keep maintain preserve remain retain stay sustain".split())
_LEVEL_WORDS = re.compile(r"\b(within|below|under|above|at least|at most|no more than|less than|all|every)\b", re.I)

_PREAMBLE = re.compile(
    r"^\s*(?:(?:kr|key result)\s*\d*\s*[:.)-]\s*|\d+\s*[.)]\s*|[-*]\s+)?"
    r"(?:(?:we|i|the team|our team)\s+(?:will|shall|want to|aim to|plan to)\s+|we'll\s+|to\s+)?",
    re.I,
)

_DEPENDENCY_TEXT = re.compile(
    r"\b(once|after|as soon as|provided|pending|subject to|depends? on|dependent on|relies on|relying on"
    r"|waiting (?:for|on)|if|when)\b[^.;]*?\b(team|legal|finance|marketing|sales|platform|vendor|partner"
    r"|approved|approval|ships?|shipped|delivers?|delivered|releases?|released|signs? off|signed off)\b",
    re.I,
)
_DELEGATED = re.compile(r"^\s*(?:get|have|ask|make)\s+(?!us\b|we\b|ourselves\b)(?:the\s+)?([a-z][\w-]*(?:\s+team)?)\s+to\s+\w+", re.I)
_DEPENDENCY_CONTEXT = re.compile(
    r"\b(not ours|not our|not us|another team|other team|owned by|(?:is|are) waiting (?:for|on)|waits for"
    r"|sign-off|signoff|approval from|roadmap|depends on|outside (?:our|the team's) control)\b",
    re.I,
)

_NOT_MEASURED = re.compile(
    r"\b(not (?:yet )?(?:measured|tracked|known)|never (?:been )?measured|no (?:\w+\s+){0,3}(?:exists?|yet|data)"
    r"|unknown|nobody knows|no one knows|no baseline|don't know|do not know)\b",
    re.I,
)
# Context that says a level has held for a while: the target is already routine.
_ROUTINE_CONTEXT = re.compile(
    r"\b(has been|have been|already|every (?:month|quarter|week|year)|each (?:month|quarter|week)"
    r"|all year|for (?:\w+|\d+) (?:months|quarters|years))\b",
    re.I,
)

HOLD_SLACK = 0.20
"""A level to hold is sandbagged when today's value beats it by more than this share of the target."""


def lint_key_result(text: str, context: str = "") -> list[Flag]:
    """Return the flags of one Key Result, in ``FLAG_NAMES`` order; an empty list means an outcome.

    ``context`` holds facts a reader needs, such as today's value or last
    quarter's trend; it can turn a target into a sandbagged or routine one.
    """
    text = " ".join(text.split())
    context = " ".join((context or "").split())
    body = _PREAMBLE.sub("", text, count=1)
    verb = _leading_verb(body)
    change = find_change(body)
    flags: list[Flag] = []

    activity = _activity_flag(body, verb, change)
    if activity:
        flags.append(activity)
    vague = _vague_flag(body, verb, activity is not None)
    if vague:
        flags.append(vague)
    no_baseline = _no_baseline_flag(body, verb, change, context)
    if no_baseline:
        flags.append(no_baseline)
    dependency = _dependency_flag(body, context)
    if dependency:
        flags.append(dependency)
    bau = _bau_flag(body, verb, context)
    if bau:
        flags.append(bau)
    sandbagged = _sandbagged_flag(body, verb, change, context)
    if sandbagged:
        flags.append(sandbagged)
    return flags


def label_names(flags: list[Flag]) -> list[str]:
    """Return the flag names, or ``["outcome"]`` for a Key Result without flags."""
    return [flag.name for flag in flags] or [OUTCOME]


def _leading_verb(body: str) -> str:
    words = re.findall(r"[a-z][a-z'-]*", body.lower())
    if not words:
        return ""
    if words[0] == "roll" and len(words) > 1 and words[1] == "out":
        return "roll out"
    if words[0] == "set" and len(words) > 1 and words[1] == "up":
        return "set up"
    return words[0]


def _activity_flag(body: str, verb: str, change) -> Flag | None:
    first = verb.split()[0] if verb else ""
    if change is not None:
        return None
    if first in _ACTIVITY_VERBS:
        return Flag(
            "activity",
            f"\u201c{verb.capitalize()}\u201d names work the team will do, not a change it will cause. "
            "Ask what changes for customers once it is done and measure that; the work becomes an initiative.",
        )
    if first in _OPEN_ENDED_VERBS or _OPEN_ENDED_PHRASES.match(body.lower()):
        return Flag(
            "activity",
            f"\u201c{verb.capitalize()}\u201d describes an effort, not a result. "
            "Ask what should be different at the end of the quarter because of it.",
        )
    return None


def _vague_flag(body: str, verb: str, is_activity: bool) -> Flag | None:
    first = verb.split()[0] if verb else ""
    if first in _OPEN_ENDED_VERBS or _OPEN_ENDED_PHRASES.match(body.lower()):
        return Flag(
            "vague",
            "It has no finish line: nobody could say at the end of the quarter whether it was done.",
        )
    if is_activity or has_measure(body):
        return None
    return Flag(
        "vague",
        "It has no number, so nobody outside the team could tell at the end of the quarter whether it was hit. "
        "Name the metric and the target.",
    )


def _no_baseline_flag(body: str, verb: str, change, context: str) -> Flag | None:
    unmeasured = _NOT_MEASURED.search(context)
    if unmeasured:
        return Flag(
            "no_baseline",
            f"Today's value is not known (\u201c{context}\u201d), so nobody can judge whether the target is "
            "ambitious. Measuring it could be the first Key Result.",
        )
    if verb not in _CHANGE_VERBS:
        return None
    if change is not None and (change.start is not None or change.relative):
        return None
    if find_numbers(context):
        return None
    return Flag(
        "no_baseline",
        "It says which way the number should move but not where it starts. "
        "Ask what the number is today and write the Key Result as \u201cfrom X to Y\u201d.",
    )


def _dependency_flag(body: str, context: str) -> Flag | None:
    condition = _DEPENDENCY_TEXT.search(body)
    if condition:
        clause = body[condition.start():].rstrip(".")
        return Flag(
            "dependency",
            f"Whether it is hit depends on someone else (\u201c{clause}\u201d). Ask which part the team controls, "
            "and make the dependency explicit or move to a leading indicator the team owns.",
        )
    delegated = _DELEGATED.match(body)
    if delegated:
        return Flag(
            "dependency",
            f"It asks {delegated.group(1)} to deliver the result, so the team does not control it. "
            "Ask which part the team owns and measure that.",
        )
    owner = _DEPENDENCY_CONTEXT.search(context)
    if owner:
        return Flag(
            "dependency",
            f"The context says another party decides it (\u201c{context}\u201d). "
            "Ask which part the team controls and make the dependency explicit.",
        )
    return None


def _bau_flag(body: str, verb: str, context: str) -> Flag | None:
    if verb in _KEEP_VERBS:
        return Flag(
            "bau",
            f"\u201c{verb.capitalize()}\u201d asks to hold today's level. Running the business belongs in health "
            "metrics that are watched every week; OKRs are for change.",
        )
    if _LEVEL_WORDS.search(body) and _ROUTINE_CONTEXT.search(context) and find_change(body) is None:
        return Flag(
            "bau",
            f"It describes what already happens (\u201c{context}\u201d). Business as usual belongs in health "
            "metrics, not in OKRs.",
        )
    return None


def _sandbagged_flag(body: str, verb: str, change, context: str) -> Flag | None:
    if not context:
        return None
    trend = find_trend(context)
    if change is not None and trend is not None:
        planned = change.delta_percent if trend.unit == "%" else change.delta
        if planned is not None and abs(planned) <= abs(trend.value):
            return Flag(
                "sandbagged",
                f"The planned change ({_signed(planned, trend.unit)}) is no more than last period's trend "
                f"({_signed(trend.value, trend.unit)}: \u201c{context}\u201d), so it would be hit without new effort. "
                "Ask for a confidence from 1 to 10 and aim near 5.",
            )
    level = _held_level(body, verb, change)
    today = find_numbers(context)
    if level is None or not today or trend is not None:
        return None
    bound, target = level
    if bound == "upper":
        worst_today = max(number.value for number in today)
        slack = (target.value - worst_today) / target.value if target.value else 0.0
    else:
        worst_today = min(number.value for number in today)
        slack = (worst_today - target.value) / target.value if target.value else 0.0
    if slack > HOLD_SLACK:
        return Flag(
            "sandbagged",
            f"Today's level already beats the target by a wide margin (\u201c{context}\u201d against "
            f"{target.text}), so the target asks for less than the team delivers now.",
        )
    return None


def _held_level(body: str, verb: str, change) -> tuple[str, Quantity] | None:
    """Return ``("upper"|"lower", target)`` for a level to hold or to reach, or None."""
    lowered = body.lower()
    numbers = find_numbers(body)
    if not numbers:
        return None
    if change is not None and (change.start is not None or change.relative):
        return None
    target = numbers[-1]
    upper = re.search(r"\b(below|under|at most|no more than|less than)\s+[$\d]", lowered)
    if upper:
        return "upper", target
    if verb in _KEEP_VERBS or verb in {"reach", "raise", "increase", "grow"} or re.search(r"\b(above|at least|over)\s+[$\d]", lowered):
        return "lower", target
    return None


def _signed(value: float, unit: str) -> str:
    number = f"{value:+,.1f}".replace(".0", "") if value != int(value) else f"{int(value):+,}"
    return f"{number}{'%' if unit == '%' else ''}"
