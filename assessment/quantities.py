"""Numbers in Key Result text: values, planned changes ("from X to Y", "by N%") and trends."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number written with digits, optionally with a currency sign, thousands
# separators, decimals and a percent sign. A digit glued to a letter ("p99",
# "v2") is a name, not a quantity.
_NUMBER = r"[$\u20ac\u00a3]?(?<![A-Za-z])\d[\d,]*(?:\.\d+)?(?:\s?%|\s?percent\b|(?:k|K|M|bn)\b)?"
_NUMBER_RE = re.compile(_NUMBER, re.I)
_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9}
_BOUND = r"(?:under|below|above|over|at least|at most|less than|more than|no more than)\s+"

_FROM_TO = re.compile(rf"\bfrom\s+({_NUMBER})(?:\s+[a-z.]+){{0,3}}\s+to\s+(?:{_BOUND})?({_NUMBER})", re.I)
_BY = re.compile(rf"\bby\s+({_NUMBER})", re.I)
_TO = re.compile(rf"\bto\s+(?:{_BOUND})?({_NUMBER})", re.I)
_MULTIPLIER_VERBS = {"double": 100.0, "triple": 200.0, "halve": -50.0}
_TREND = re.compile(
    rf"\b(grew|grown|rose|risen|increased|went up|gained|added|climbed|fell|dropped|decreased|declined"
    rf"|went down|shrank)\s+(?:by\s+)?({_NUMBER})",
    re.I,
)
_NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|dozen|half|double|triple|halve|zero|all|every|none|sla)\b",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number found in text: ``value``, ``unit`` (``"%"`` or ``""``) and the ``text`` it came from."""

    value: float
    unit: str
    text: str


@dataclass(frozen=True)
class Change:
    """A planned change of a metric.

    ``start`` is None when the text gives no starting value. ``delta`` is the
    absolute change and ``delta_percent`` the change relative to ``start``;
    either is None when the text does not give it. ``relative`` is true for
    "by N%" and "double" forms, which are measured from today's value.
    """

    start: Quantity | None
    end: Quantity | None
    delta: float | None
    delta_percent: float | None
    relative: bool


def parse_quantity(text: str) -> Quantity:
    """Return the Quantity of one match of ``_NUMBER``."""
    cleaned = text.strip()
    unit = "%" if cleaned.endswith("%") or cleaned.lower().endswith("percent") else ""
    scale = 1.0
    for suffix, factor in _SCALES.items():
        if cleaned.endswith(suffix):
            scale = factor
    digits = re.sub(r"[^\d.]", "", cleaned.lower().replace("percent", ""))
    return Quantity(value=float(digits) * scale, unit=unit, text=cleaned)


def find_numbers(text: str) -> list[Quantity]:
    """Return every number written with digits, in order; a range "2-3%" gives two numbers."""
    return [parse_quantity(match.group(0)) for match in _NUMBER_RE.finditer(text or "")]


def has_measure(text: str) -> bool:
    """Return whether the text states anything countable: a number, a quantity word, "all", or an SLA."""
    return bool(find_numbers(text) or _NUMBER_WORDS.search(text))


def find_change(text: str) -> Change | None:
    """Return the planned change that a Key Result states, or None when it states none."""
    from_to = _FROM_TO.search(text)
    if from_to:
        start = parse_quantity(from_to.group(1))
        end = parse_quantity(from_to.group(2))
        delta = end.value - start.value
        percent = delta / start.value * 100.0 if start.value else None
        return Change(start=start, end=end, delta=delta, delta_percent=percent, relative=False)
    by = _BY.search(text)
    if by:
        amount = parse_quantity(by.group(1))
        if amount.unit == "%":
            return Change(start=None, end=None, delta=None, delta_percent=amount.value, relative=True)
        return Change(start=None, end=None, delta=amount.value, delta_percent=None, relative=True)
    first_word = text.strip().split(" ", 1)[0].lower()
    if first_word in _MULTIPLIER_VERBS:
        return Change(start=None, end=None, delta=None, delta_percent=_MULTIPLIER_VERBS[first_word], relative=True)
    to = _TO.search(text)
    if to:
        return Change(start=None, end=parse_quantity(to.group(1)), delta=None, delta_percent=None, relative=False)
    return None


def find_trend(context: str) -> Quantity | None:
    """Return the recent change a context reports ("grew by 900 last quarter"), or None."""
    match = _TREND.search(context or "")
    if not match:
        return None
    return parse_quantity(match.group(2))
