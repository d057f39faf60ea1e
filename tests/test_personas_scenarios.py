"""Scenario files: the built-in five and the errors an invalid file gets."""

from __future__ import annotations

import pytest
import yaml

from personas import PATTERNS, ScenarioError, list_scenarios, load_scenario, load_scenario_file
from server.scenarios_command import run_scenarios


def test_one_builtin_scenario_per_pattern():
    scenarios = list_scenarios()

    assert sorted(scenario.pattern for scenario in scenarios) == sorted(PATTERNS)
    assert load_scenario("task-lister").pattern == "task_lister"
    assert len({scenario.company for scenario in scenarios}) == 5
    assert len({scenario.team for scenario in scenarios}) == 5
    assert all(scenario.time_box_minutes == 30 for scenario in scenarios)


def test_builtin_voices_differ():
    voices = [scenario.persona.voice for scenario in list_scenarios()]

    assert all(voice.model == "en_US-joe-medium" for voice in voices)
    assert len({(v.length_scale, v.noise_scale, v.noise_w_scale) for v in voices}) == 5
    assert len({voice.length_scale for voice in voices}) == 5


def test_builtin_scenarios_are_complete():
    for scenario in list_scenarios():
        assert scenario.facts, scenario.id
        assert scenario.resistance.arguments, scenario.id
        for key_result in scenario.key_results:
            assert key_result.weaknesses, key_result.id
            assert key_result.revised != key_result.text
        # Every fact is reachable by some probe or keyword.
        assert all(fact.probes or fact.keywords for fact in scenario.facts)


def test_summary_shape():
    summary = load_scenario("task-lister").summary()

    assert summary["time_box_s"] == 1800
    assert summary["persona"] == {"name": "Sam Patel", "role": "Product Manager, Onboarding squad", "pattern": "task_lister"}
    assert summary["key_results"][0] == {"id": "kr1", "text": "Launch the redesigned onboarding flow by the end of February"}
    assert summary["objective"] == "Give new customers a first week that makes them stay"


def broken(tmp_path, change) -> str:
    data = yaml.safe_load(load_scenario_file_path().read_text())
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def load_scenario_file_path():
    from importlib import resources
    from pathlib import Path

    return Path(str(resources.files("personas.scenarios") / "task-lister.yaml"))


@pytest.mark.parametrize(
    "change, field, fix",
    [
        (lambda d: d["persona"].pop("name"), "persona.name", "add a non-empty text value"),
        (lambda d: d["persona"].update(pattern="bully"), "persona.pattern", "use one of task_lister"),
        (lambda d: d["persona"]["voice"].update(length_scale=5), "persona.voice.length_scale", "from 0.5 to 2.0"),
        (lambda d: d["facts"][0].update(key_result="kr9"), "facts[0].key_result", "use one of kr1, kr2, kr3"),
        (lambda d: d.update(objectve="typo"), "objectve", "unknown field"),
        (lambda d: d["objectives"][0]["key_results"][0].update(weaknesses=["boring"]), "weaknesses", "use one of activity"),
        (lambda d: d["resistance"].update(challenges_to_concede=1), "resistance.challenges_to_concede", "from 2.0 to 6.0"),
        (lambda d: d["objectives"][0]["key_results"][1].update(id="kr1"), "key_results[1].id", "used twice"),
    ],
)
def test_invalid_field_names_file_field_and_fix(tmp_path, change, field, fix):
    path = broken(tmp_path, change)

    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(path)

    message = str(caught.value)
    assert path in message
    assert field in message
    assert fix in message


def test_every_problem_is_listed(tmp_path):
    def change(data):
        data["persona"].pop("name")
        data.pop("title")

    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(broken(tmp_path, change))

    assert {field for field, _ in caught.value.problems} == {"persona.name", "title"}


def test_unreadable_and_invalid_yaml(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario_file(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed")
    with pytest.raises(ScenarioError, match="invalid YAML"):
        load_scenario_file(bad)


def test_validate_command(tmp_path, capsys):
    assert run_scenarios(validate_file=str(load_scenario_file_path())) == 0
    assert "valid:" in capsys.readouterr().out
    assert run_scenarios(validate_file=broken(tmp_path, lambda d: d.pop("company"))) == 1
    assert "company: missing" in capsys.readouterr().err
