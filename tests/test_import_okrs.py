"""``pushback import-okrs``: a company's own OKR sheet becomes a scenario that can be rehearsed."""

from __future__ import annotations

import io
import json

import pytest

from personas import load_scenario_file
from server.chat_command import run_chat, run_import_okrs

MARKDOWN_SHEET = """\
# Objective: Make our mobile app something customers love
- KR: Launch the new checkout screen by March
- KR: Improve the app store rating (not measured today)
- KR: Raise repeat purchase rate from 22% to 30%
# Objective: Grow partner revenue
- KR: Sign 3 partners once legal approves the contract template
"""

CSV_SHEET = """\
objective,key_result,context
Keep the platform healthy,Keep API uptime at 99.9%,we already do this every month
Keep the platform healthy,Run the quarterly security review,
"""


def test_markdown_sheet_becomes_valid_scenario(tmp_path, capsys):
    sheet = tmp_path / "mobile-team.md"
    sheet.write_text(MARKDOWN_SHEET)
    out = tmp_path / "mobile.yaml"

    status = run_import_okrs(str(sheet), pattern="task_lister", out=str(out))

    assert status == 0
    scenario = load_scenario_file(out)
    assert scenario.id == "mobile-team-task-lister"
    assert scenario.pattern == "task_lister"
    assert [kr.text for kr in scenario.key_results] == [
        "Launch the new checkout screen by March",
        "Improve the app store rating",
        "Raise repeat purchase rate from 22% to 30%",
        "Sign 3 partners once legal approves the contract template",
    ]
    assert [objective.text for objective in scenario.objectives] == [
        "Make our mobile app something customers love",
        "Grow partner revenue",
    ]
    weaknesses = {kr.id: kr.weaknesses for kr in scenario.key_results}
    assert "activity" in weaknesses["kr1"]
    assert weaknesses["kr3"] == ()
    assert "dependency" in weaknesses["kr4"]
    # The sheet's context becomes a fact the persona reveals when asked for a baseline.
    assert any(fact.key_result == "kr2" and "not measured today" in fact.text.lower() for fact in scenario.facts)
    assert "rehearse it with: pushback chat" in capsys.readouterr().out


def test_imported_scenario_can_be_rehearsed(tmp_path):
    sheet = tmp_path / "mobile-team.md"
    sheet.write_text(MARKDOWN_SHEET)
    out = tmp_path / "mobile.yaml"
    assert run_import_okrs(str(sheet), pattern="task_lister", out=str(out)) == 0
    record_path = tmp_path / "session.json"
    lines = [
        "thanks for this. what changes for customers once the new checkout screen ships",
        "how would we know it worked",
        "what would you write instead",
        "great, let's go with that",
        "the app store rating, where is it today",
        "sounds good",
    ]

    status = run_chat(str(out), session_out=str(record_path), stdin=io.StringIO("\n".join(lines)), stdout=io.StringIO())

    assert status == 0
    record = json.loads(record_path.read_text())
    assert record["scenario_id"] == "mobile-team-task-lister"
    states = {kr["id"]: kr["state"] for kr in record["key_results"]}
    assert states["kr1"] == "revised"
    assert states["kr2"] == "approved_weak"
    revealed = [event for event in record["events"] if event["type"] == "decision" and event["fact"]]
    assert [event["fact"] for event in revealed] == ["kr2_context"]


def test_csv_sheet_with_everything_keeper(tmp_path):
    sheet = tmp_path / "platform.csv"
    sheet.write_text(CSV_SHEET)
    out = tmp_path / "platform.yaml"

    assert run_import_okrs(str(sheet), pattern="everything_keeper", out=str(out)) == 0

    scenario = load_scenario_file(out)
    assert scenario.pattern == "everything_keeper"
    assert scenario.persona.voice.length_scale == 0.86
    assert [kr.text for kr in scenario.key_results] == ["Keep API uptime at 99.9%", "Run the quarterly security review"]
    assert all(kr.weak for kr in scenario.key_results)


@pytest.mark.parametrize(
    "sheet_name, pattern, status, message",
    [
        ("sheet.md", "bully", 2, "invalid --pattern 'bully'"),
        ("missing.md", "sandbagger", 1, "missing.md"),
        ("sheet.pdf", "sandbagger", 1, "sheet.pdf"),
    ],
)
def test_bad_input_is_reported(tmp_path, capsys, sheet_name, pattern, status, message):
    (tmp_path / "sheet.md").write_text(MARKDOWN_SHEET)
    (tmp_path / "sheet.pdf").write_text("%PDF")

    assert run_import_okrs(str(tmp_path / sheet_name), pattern=pattern, out=str(tmp_path / "out.yaml")) == status

    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.yaml").exists()
