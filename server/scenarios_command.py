"""``pushback scenarios`` and ``pushback scenarios validate FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

from personas import ScenarioError, list_scenarios, load_scenario_file


def run_scenarios(validate_file: str | None) -> int:
    if validate_file is None:
        for scenario in list_scenarios():
            print(f"{scenario.id}\t{scenario.title}")
        return 0

    problem = _unreadable_reason(Path(validate_file))
    if problem:
        print(f"invalid: {validate_file}: {problem}", file=sys.stderr)
        return 1
    try:
        scenario = load_scenario_file(validate_file)
    except ScenarioError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    print(f"valid: {validate_file} ({scenario.id}, {len(scenario.key_results)} Key Results)")
    return 0


def _unreadable_reason(path: Path) -> str | None:
    """Return why ``path`` is no YAML text at all (binary or empty), or None.

    A missing or unreadable file returns None, so that the scenario loader
    reports it with its own message.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (invalid byte at offset {error.start}); save the scenario as UTF-8 YAML."
    if not text.strip():
        return "the file is empty; write a scenario in YAML, such as a copy of one in personas/scenarios/."
    return None
