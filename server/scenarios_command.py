"""``pushback scenarios`` and ``pushback scenarios validate FILE``."""

from __future__ import annotations

import sys

from personas import ScenarioError, list_scenarios, load_scenario_file


def run_scenarios(validate_file: str | None) -> int:
    if validate_file is None:
        for scenario in list_scenarios():
            print(f"{scenario.id}\t{scenario.title}")
        return 0

    try:
        scenario = load_scenario_file(validate_file)
    except ScenarioError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    print(f"valid: {validate_file} ({scenario.id}, {len(scenario.key_results)} Key Results)")
    return 0
