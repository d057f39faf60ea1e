"""Validation of scenario files: each problem names the field and the fix.

``parse_scenario`` checks the whole mapping before building anything, so one
run of ``pushback scenarios validate`` lists every problem in a file.
"""

from __future__ import annotations

import re

from personas.scenario import (
    DEFAULT_VOICE,
    PATTERNS,
    PROBES,
    WEAKNESS_PROBES,
    Fact,
    KeyResult,
    Objective,
    Persona,
    Resistance,
    Scenario,
    ScenarioError,
    Voice,
)

TOP_LEVEL_FIELDS = (
    "id", "title", "time_box_minutes", "company", "team", "manager_role",
    "persona", "resistance", "objectives", "facts",
)
PERSONA_FIELDS = ("name", "role", "pattern", "tenure", "drive", "voice", "motivation", "trust")
VOICE_FIELDS = ("model", "length_scale", "noise_scale", "noise_w_scale")
RESISTANCE_FIELDS = ("challenges_to_concede", "hardening", "arguments")
OBJECTIVE_FIELDS = ("id", "text", "key_results")
KEY_RESULT_FIELDS = ("id", "text", "weaknesses", "revised", "metric", "defence", "resistance")
FACT_FIELDS = ("id", "text", "keywords", "probes", "key_result")

# Ranges that Piper 1.3 voices accept and that still sound like speech.
VOICE_RANGES = {"length_scale": (0.5, 2.0), "noise_scale": (0.0, 1.5), "noise_w_scale": (0.0, 1.5)}
TIME_BOX_RANGE = (5, 120)
SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Checker:
    """Collects problems while reading fields out of nested mappings."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, where: str, text: str) -> None:
        self.problems.append((where, text))

    def mapping(self, value: object, where: str, fields: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping with the fields {', '.join(fields)}; got {type(value).__name__}.")
            return {}
        for key in value:
            if key not in fields:
                self.fail(f"{where}.{key}" if where else str(key), f"unknown field; use one of {', '.join(fields)}.")
        return value

    def text(self, mapping: dict, key: str, where: str, required: bool = True, default: str = "") -> str:
        path = f"{where}.{key}" if where else key
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "missing; add a non-empty text value.")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(path, f"must be text, got {type(value).__name__}.")
            return default
        return str(value).strip()

    def number(self, mapping: dict, key: str, where: str, default: float, low: float, high: float) -> float:
        path = f"{where}.{key}" if where else key
        value = mapping.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"must be a number from {low} to {high}, got {value!r}.")
            return default
        if not low <= value <= high:
            self.fail(path, f"{value} is out of range; use a number from {low} to {high}.")
            return default
        return float(value)

    def words(self, mapping: dict, key: str, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        path = f"{where}.{key}"
        value = mapping.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(path, f"must be a list, got {type(value).__name__}.")
            return ()
        items = []
        for item in value:
            word = str(item).strip().lower()
            if allowed is not None and word not in allowed:
                self.fail(path, f"{item!r} is not known; use one of {', '.join(allowed)}.")
                continue
            if word:
                items.append(word)
        return tuple(items)


def parse_scenario(data: object, source: str) -> Scenario:
    """Build a ``Scenario`` from a parsed scenario file; raise ``ScenarioError`` listing every problem."""
    check = _Checker()
    data = check.mapping(data, "", TOP_LEVEL_FIELDS)
    if not data:
        if not check.problems:
            check.fail("", "the file is empty; start from a built-in scenario in personas/scenarios/.")
        raise ScenarioError(source, check.problems)

    scenario_id = check.text(data, "id", "")
    if scenario_id and not SCENARIO_ID.match(scenario_id):
        check.fail("id", f"{scenario_id!r} is invalid; use lowercase letters, digits and hyphens, such as task-lister.")
    title = check.text(data, "title", "")
    company = check.text(data, "company", "")
    team = check.text(data, "team", "", required=False)
    manager_role = check.text(data, "manager_role", "")
    time_box = check.number(data, "time_box_minutes", "", 30, *TIME_BOX_RANGE)

    persona = _parse_persona(check, data.get("persona"))
    resistance = _parse_resistance(check, data.get("resistance", {}))
    objectives, key_results = _parse_objectives(check, data.get("objectives"))
    facts = _parse_facts(check, data.get("facts") or [], {kr.id for kr in key_results})

    if check.problems:
        raise ScenarioError(source, check.problems)
    return Scenario(
        id=scenario_id,
        title=title,
        company=company,
        team=team,
        manager_role=manager_role,
        persona=persona,
        objectives=objectives,
        key_results=key_results,
        facts=facts,
        resistance=resistance,
        time_box_minutes=int(time_box),
    )


def _parse_persona(check: _Checker, value: object) -> Persona:
    if value is None:
        check.fail("persona", "missing; add name, role, pattern, tenure and drive.")
        value = {}
    persona = check.mapping(value, "persona", PERSONA_FIELDS)
    pattern = check.text(persona, "pattern", "persona")
    if pattern and pattern not in PATTERNS:
        check.fail("persona.pattern", f"{pattern!r} is not a pattern; use one of {', '.join(PATTERNS)}.")
    voice_map = check.mapping(persona.get("voice", {}) or {}, "persona.voice", VOICE_FIELDS)
    voice = Voice(
        model=check.text(voice_map, "model", "persona.voice", required=False, default=DEFAULT_VOICE),
        **{
            name: check.number(voice_map, name, "persona.voice", getattr(Voice, name), low, high)
            for name, (low, high) in VOICE_RANGES.items()
        },
    )
    return Persona(
        name=check.text(persona, "name", "persona"),
        role=check.text(persona, "role", "persona"),
        pattern=pattern,
        tenure=check.text(persona, "tenure", "persona"),
        drive=check.text(persona, "drive", "persona"),
        voice=voice,
        motivation=check.number(persona, "motivation", "persona", 0.7, 0.1, 1.0),
        trust=check.number(persona, "trust", "persona", 0.5, 0.1, 1.0),
    )


def _parse_resistance(check: _Checker, value: object) -> Resistance:
    resistance = check.mapping(value or {}, "resistance", RESISTANCE_FIELDS)
    arguments = resistance.get("arguments") or []
    if not isinstance(arguments, list) or not all(isinstance(item, str) and item.strip() for item in arguments):
        check.fail("resistance.arguments", "must be a list of sentences the persona uses to deflect.")
        arguments = []
    return Resistance(
        # Below 2, a single good question would make the persona concede,
        # which is the caving the product exists to avoid.
        challenges_to_concede=check.number(resistance, "challenges_to_concede", "resistance", 2.0, 2.0, 6.0),
        hardening=check.number(resistance, "hardening", "resistance", 1.0, 0.0, 3.0),
        arguments=tuple(item.strip() for item in arguments),
    )


def _parse_objectives(check: _Checker, value: object) -> tuple[tuple[Objective, ...], tuple[KeyResult, ...]]:
    if not isinstance(value, list) or not value:
        check.fail("objectives", "missing or empty; add a list of objectives, each with id, text and key_results.")
        return (), ()
    objectives: list[Objective] = []
    key_results: list[KeyResult] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"objectives[{index}]"
        objective = check.mapping(item, where, OBJECTIVE_FIELDS)
        objective_id = check.text(objective, "id", where)
        _check_unique(check, objective_id, f"{where}.id", seen)
        text = check.text(objective, "text", where)
        items = objective.get("key_results")
        if not isinstance(items, list) or not items:
            check.fail(f"{where}.key_results", "missing or empty; add at least one Key Result with id, text and revised.")
            items = []
        ids = []
        for kr_index, kr_item in enumerate(items):
            key_result = _parse_key_result(check, kr_item, f"{where}.key_results[{kr_index}]", objective_id)
            _check_unique(check, key_result.id, f"{where}.key_results[{kr_index}].id", seen)
            ids.append(key_result.id)
            key_results.append(key_result)
        objectives.append(Objective(id=objective_id, text=text, key_result_ids=tuple(ids)))
    return tuple(objectives), tuple(key_results)


def _parse_key_result(check: _Checker, value: object, where: str, objective_id: str) -> KeyResult:
    item = check.mapping(value, where, KEY_RESULT_FIELDS)
    resistance = item.get("resistance")
    if resistance is not None:
        resistance = check.number(item, "resistance", where, 2.0, 2.0, 6.0)
    return KeyResult(
        id=check.text(item, "id", where),
        text=check.text(item, "text", where),
        objective_id=objective_id,
        weaknesses=check.words(item, "weaknesses", where, tuple(WEAKNESS_PROBES)),
        revised=check.text(item, "revised", where),
        metric=check.text(item, "metric", where, required=False),
        defence=check.text(item, "defence", where, required=False),
        resistance=resistance,
    )


def _parse_facts(check: _Checker, value: object, key_result_ids: set[str]) -> tuple[Fact, ...]:
    if not isinstance(value, list):
        check.fail("facts", f"must be a list of facts, got {type(value).__name__}.")
        return ()
    facts = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"facts[{index}]"
        fact = check.mapping(item, where, FACT_FIELDS)
        fact_id = check.text(fact, "id", where)
        _check_unique(check, fact_id, f"{where}.id", seen)
        key_result = check.text(fact, "key_result", where, required=False)
        if key_result and key_result not in key_result_ids:
            known = ", ".join(sorted(key_result_ids)) or "none"
            check.fail(f"{where}.key_result", f"{key_result!r} is not a Key Result id; use one of {known}.")
        keywords = check.words(fact, "keywords", where)
        probes = check.words(fact, "probes", where, PROBES)
        if fact and not keywords and not probes:
            check.fail(where, "no way to ask for it; add keywords or probes.")
        facts.append(
            Fact(id=fact_id, text=check.text(fact, "text", where), keywords=keywords, probes=probes, key_result=key_result)
        )
    return tuple(facts)


def _check_unique(check: _Checker, identifier: str, where: str, seen: set[str]) -> None:
    if identifier and identifier in seen:
        check.fail(where, f"{identifier!r} is used twice; give each one its own id.")
    seen.add(identifier)
