"""Finding and loading scenario files: the built-in ones and a user's own."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import logging

import yaml

from personas.scenario import Scenario, ScenarioError
from personas.schema import parse_scenario

logger = logging.getLogger(__name__)


def _builtin_files() -> list[Path]:
    folder = resources.files("personas.scenarios")
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".yaml"))


def _user_files(folders: tuple[Path, ...]) -> list[Path]:
    return sorted(path for folder in folders if Path(folder).is_dir() for path in Path(folder).glob("*.yaml"))


def list_scenarios(user_dirs: tuple[Path, ...] = ()) -> list[Scenario]:
    """Return the built-in scenarios, then those in ``user_dirs``, each group sorted by id.

    A user file that no longer validates is skipped with a warning, so one bad
    file does not hide the others.
    """
    builtin = sorted((load_scenario_file(path) for path in _builtin_files()), key=lambda scenario: scenario.id)
    known = {scenario.id for scenario in builtin}
    user: list[Scenario] = []
    for path in _user_files(tuple(user_dirs)):
        try:
            scenario = load_scenario_file(path)
        except ScenarioError as error:
            logger.warning("skipping invalid scenario file %s: %s", path, error)
            continue
        if scenario.id in known:
            logger.warning("skipping %s: its id %r is already taken by another scenario", path, scenario.id)
            continue
        known.add(scenario.id)
        user.append(scenario)
    return builtin + sorted(user, key=lambda scenario: scenario.id)


def load_scenario(scenario_id: str, user_dirs: tuple[Path, ...] = ()) -> Scenario:
    """Return the scenario ``scenario_id``; raise ``KeyError`` when there is none."""
    for scenario in list_scenarios(user_dirs):
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
