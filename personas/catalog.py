"""Finding and loading scenario files: the built-in ones and a user's own."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from personas.scenario import Scenario, ScenarioError
from personas.schema import parse_scenario


def _builtin_files() -> list[Path]:
    folder = resources.files("personas.scenarios")
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".yaml"))


def list_scenarios() -> list[Scenario]:
    """Return the built-in scenarios, sorted by id."""
    return sorted((load_scenario_file(path) for path in _builtin_files()), key=lambda scenario: scenario.id)


def load_scenario(scenario_id: str) -> Scenario:
    """Return the built-in scenario ``scenario_id``; raise ``KeyError`` when there is none."""
    for scenario in list_scenarios():
        if scenario.id == scenario_id:
            return scenario
    raise KeyError(scenario_id)


def load_scenario_file(path: str | Path) -> Scenario:
    """Parse and validate one scenario file; raise ``ScenarioError`` naming the file and each invalid field."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(source, [("", f"cannot read the file: {error.strerror}; check the path.")]) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioError(source, [("", f"invalid YAML: {error}")]) from error
    return parse_scenario(data, source)
