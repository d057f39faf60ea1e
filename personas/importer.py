"""A scenario built on a company's own draft OKRs: ``pushback import-okrs``.

The sheet is read and each Key Result flagged by ``assessment``'s linter;
the flags become the Key Result's weaknesses. The persona comes from the
built-in scenario of the chosen pattern, with a generic role, and any
context the sheet gives for a Key Result becomes a fact the persona
reveals when asked about the baseline or the measurement.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from personas.catalog import list_scenarios
from personas.scenario import PATTERNS, WEAKNESS_PROBES, Scenario, ScenarioError
from personas.schema import parse_scenario

PATTERN_ARGUMENTS = {
    "task_lister": [
        "We control what we ship. The numbers move for reasons we don't control.",
        "The team needs something concrete to deliver.",
    ],
    "sandbagger": [
        "I'd rather promise what we can deliver and then beat it.",
        "I don't want to set the team up to fail.",
    ],
    "fog_machine": [
        "Not everything that matters fits in a spreadsheet.",
        "You can feel it when things are going well.",
    ],
    "dependent": [
        "That's the number the business cares about, so we should aim at it.",
        "We can't do our job if we aim at a different number from the teams around us.",
    ],
    "everything_keeper": [
        "If it's not in the OKRs, it won't get done.",
        "Leaving something off makes it look like it doesn't matter.",
    ],
}
PATTERN_DEFENCE = {
    "task_lister": "it's the most concrete thing we can deliver this quarter",
    "sandbagger": "it's a number I know the team can hit",
    "fog_machine": "everyone agrees this is what matters",
    "dependent": "it's the result the business actually looks at",
    "everything_keeper": "it's critical, and if it slips everybody notices",
}
REVISION_TEMPLATES = {
    "activity": 'Treat "{text}" as an initiative, and set the Key Result on the result it should change, from today\'s value to a target',
    "vague": 'Say how we would measure "{text}", find today\'s value, and set a target for the end of the quarter',
    "no_baseline": 'Measure today\'s value for "{text}" in the first two weeks, and set the target from it',
    "dependency": 'Track the part of "{text}" our team controls, and name the other team\'s part as a dependency',
    "bau": 'Move "{text}" to the team\'s health metrics, not the OKRs',
    "sandbagged": 'Raise the target in "{text}" to one we give about five in ten, and mark it aspirational',
}
UNKNOWN_BASELINE = "Honestly, I don't know today's number for that one. Nobody measures it yet."


class SheetImportError(ValueError):
    """The sheet cannot become a scenario; the message states why and what to change."""


def build_scenario(sheet: str | Path, pattern: str) -> dict:
    """Return scenario file data for the OKR sheet at ``sheet``, with a persona of ``pattern``."""
    from assessment import lint_key_result, read_okr_sheet

    if pattern not in PATTERNS:
        raise SheetImportError(f"invalid --pattern {pattern!r}; use one of {', '.join(PATTERNS)}.")
    sheet = Path(sheet)
    items = read_okr_sheet(sheet)
    template = _builtin(pattern)

    objectives: list[dict] = []
    facts: list[dict] = []
    by_objective: dict[str, dict] = {}
    for index, item in enumerate(items, start=1):
        kr_id = f"kr{index}"
        objective_text = (item.objective or "").strip() or "Objective from the sheet"
        objective = by_objective.get(objective_text)
        if objective is None:
            objective = {"id": f"o{len(by_objective) + 1}", "text": objective_text, "key_results": []}
            by_objective[objective_text] = objective
            objectives.append(objective)
        weaknesses = [flag.name for flag in lint_key_result(item.text, item.context) if flag.name in WEAKNESS_PROBES]
        weaknesses = list(dict.fromkeys(weaknesses))
        objective["key_results"].append(
            {
                "id": kr_id,
                "text": item.text,
                "weaknesses": weaknesses,
                "defence": PATTERN_DEFENCE[pattern],
                "revised": _revision(item.text, weaknesses),
            }
        )
        fact = _fact(kr_id, item.context, weaknesses)
        if fact:
            facts.append(fact)

    persona = template.persona
    return {
        "id": f"{_slug(sheet.stem)}-{pattern.replace('_', '-')}",
        "title": f"Your draft OKRs from {sheet.name}, defended by a {pattern.replace('_', ' ')}",
        "time_box_minutes": 30,
        "company": f"Your company, with the draft OKRs from {sheet.name}",
        "team": "The team that wrote the draft",
        "manager_role": "The team's manager, reviewing next quarter's draft OKRs",
        "persona": {
            "name": persona.name,
            "role": "Team lead",
            "pattern": pattern,
            "tenure": "three years on the team",
            "drive": persona.drive,
            "motivation": persona.motivation,
            "trust": persona.trust,
            "voice": {
                "model": persona.voice.model,
                "length_scale": persona.voice.length_scale,
                "noise_scale": persona.voice.noise_scale,
                "noise_w_scale": persona.voice.noise_w_scale,
            },
        },
        "resistance": {
            "challenges_to_concede": template.resistance.challenges_to_concede,
            "hardening": template.resistance.hardening,
            "arguments": PATTERN_ARGUMENTS[pattern],
        },
        "objectives": objectives,
        "facts": facts,
    }


def write_scenario(data: dict, out: str | Path, sheet: str | Path) -> Scenario:
    """Validate ``data``, write it to ``out`` as YAML and return the scenario."""
    scenario = parse_scenario(data, str(out))
    header = (
        f"# Built by `pushback import-okrs` from {Path(sheet).name}.\n"
        "# Edit each Key Result's `revised` text to what you would accept, and add facts\n"
        "# (today's values) the persona should reveal when asked.\n"
    )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    Path(out).write_text(header + body, encoding="utf-8")
    return scenario


def _builtin(pattern: str) -> Scenario:
    for scenario in list_scenarios():
        if scenario.pattern == pattern:
            return scenario
    raise ScenarioError("personas/scenarios", [("", f"no built-in scenario has the pattern {pattern}; reinstall pushback.")])


def _revision(text: str, weaknesses: list[str]) -> str:
    if not weaknesses:
        return text
    return REVISION_TEMPLATES[weaknesses[0]].format(text=text.rstrip("."))


def _fact(kr_id: str, context: str, weaknesses: list[str]) -> dict | None:
    context = context.strip().rstrip(".")
    if context:
        text = context[:1].upper() + context[1:] + "."
    elif {"no_baseline", "vague"} & set(weaknesses):
        text = UNKNOWN_BASELINE
    else:
        return None
    return {"id": f"{kr_id}_context", "key_result": kr_id, "probes": ["baseline", "measurement"], "text": text}


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "imported"
