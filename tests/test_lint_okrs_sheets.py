"""OKR sheets in Markdown, YAML and CSV, and the ``pushback lint-okrs`` output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assessment import OkrSheetError, lint_key_result, read_okr_sheet
from server.assess_command import run_lint_okrs

MARKDOWN_HEADINGS = """\
# Q3 OKRs, onboarding squad

## Objective: Give new customers a first week that makes them stay

- Launch the redesigned onboarding flow by end of February
- Reduce 7-day churn of new sign-ups from 38% to 25%
- Raise NPS to 55 (NPS is not measured today)

## Make invoicing effortless

1. Grow newsletter subscribers from 10,000 to 10,400 \u2014 context: list grew by 900 last quarter
2. Keep the defect escape rate below 5%
   - context: defect escape rate has been 2-3% all year
"""

MARKDOWN_BULLETS = """\
- Objective: Win the mid-market
  - KR1: Close 40 enterprise deals once the Platform team ships SSO
  - KR2: Increase trial-to-paid conversion from 12% to 18%
- Be the team engineers want to join
  - Hire two senior backend engineers
"""

YAML_SHEET = """\
objectives:
  - objective: Give new customers a first week that makes them stay
    key_results:
      - Launch the redesigned onboarding flow by end of February
      - text: Reach 10,000 monthly readers of the engineering blog
        context: the blog had 2,100 monthly readers last quarter
  - objective: Keep the lights on
    key_results:
      - key_result: Maintain 99.9% API uptime
        context: uptime has been 99.95% for four quarters
"""

CSV_SHEET = """\
objective,key_result,context
Grow revenue,Increase revenue by 2%,revenue grew 9% last quarter without new initiatives
Grow revenue,Double the number of self-serve upgrades from 150 to 300 per month,
,Improve code quality,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_headings_and_context(tmp_path):
    items = read_okr_sheet(write(tmp_path, "okrs.md", MARKDOWN_HEADINGS))
    assert [item.objective for item in items] == ["Give new customers a first week that makes them stay"] * 3 + ["Make invoicing effortless"] * 2
    assert items[2].text == "Raise NPS to 55"
    assert items[2].context == "NPS is not measured today"
    assert items[3].text == "Grow newsletter subscribers from 10,000 to 10,400"
    assert items[3].context == "list grew by 900 last quarter"
    assert items[4].context == "defect escape rate has been 2-3% all year"
    flags = [[flag.name for flag in lint_key_result(item.text, item.context)] for item in items]
    assert flags == [["activity"], [], ["no_baseline"], ["sandbagged"], ["bau", "sandbagged"]]


def test_markdown_nested_bullets(tmp_path):
    items = read_okr_sheet(write(tmp_path, "okrs.markdown", MARKDOWN_BULLETS))
    assert [(item.objective, item.text) for item in items] == [
        ("Win the mid-market", "Close 40 enterprise deals once the Platform team ships SSO"),
        ("Win the mid-market", "Increase trial-to-paid conversion from 12% to 18%"),
        ("Be the team engineers want to join", "Hire two senior backend engineers"),
    ]


def test_yaml_sheet(tmp_path):
    items = read_okr_sheet(write(tmp_path, "okrs.yaml", YAML_SHEET))
    assert [item.text for item in items] == [
        "Launch the redesigned onboarding flow by end of February",
        "Reach 10,000 monthly readers of the engineering blog",
        "Maintain 99.9% API uptime",
    ]
    assert items[1].context == "the blog had 2,100 monthly readers last quarter"
    assert items[2].objective == "Keep the lights on"


def test_yaml_scenario_file_layout(tmp_path):
    text = "objective: Ship less, learn more\nkey_results:\n  - id: kr1\n    text: Run six customer workshops this quarter\n"
    items = read_okr_sheet(write(tmp_path, "scenario.yml", text))
    assert [(item.objective, item.text) for item in items] == [("Ship less, learn more", "Run six customer workshops this quarter")]


def test_csv_sheet(tmp_path):
    items = read_okr_sheet(write(tmp_path, "okrs.csv", CSV_SHEET))
    assert [(item.objective, item.text, item.context) for item in items] == [
        ("Grow revenue", "Increase revenue by 2%", "revenue grew 9% last quarter without new initiatives"),
        ("Grow revenue", "Double the number of self-serve upgrades from 150 to 300 per month", ""),
        (None, "Improve code quality", ""),
    ]


def test_sheet_errors(tmp_path):
    with pytest.raises(OkrSheetError, match="unsupported file extension"):
        read_okr_sheet(write(tmp_path, "okrs.docx", "x"))
    with pytest.raises(OkrSheetError, match="key_result column"):
        read_okr_sheet(write(tmp_path, "okrs.csv", "text,context\nfoo,bar\n"))
    with pytest.raises(OkrSheetError, match="no Key Result"):
        read_okr_sheet(write(tmp_path, "empty.md", "# Nothing here\n\nJust prose.\n"))
    with pytest.raises(OkrSheetError, match="cannot read"):
        read_okr_sheet(tmp_path / "missing.md")


def test_lint_command_json(tmp_path, capsys):
    path = write(tmp_path, "okrs.md", MARKDOWN_HEADINGS)
    assert run_lint_okrs(str(path), output_format="json") == 1
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 5
    assert results[0]["text"] == "Launch the redesigned onboarding flow by end of February"
    assert [flag["name"] for flag in results[0]["flags"]] == ["activity"]
    assert results[1]["labels"] == ["outcome"]
    assert results[1]["flags"] == []


def test_lint_command_text_and_exit_codes(tmp_path, capsys):
    good = write(tmp_path, "good.csv", "key_result\nIncrease weekly active teams from 1200 to 1800\n")
    assert run_lint_okrs(str(good), output_format="text") == 0
    assert "[outcome] Increase weekly active teams" in capsys.readouterr().out
    assert run_lint_okrs(str(tmp_path / "missing.csv"), output_format="text") == 2
    assert "cannot read" in capsys.readouterr().err


def test_pushback_cli_lint(tmp_path):
    path = write(tmp_path, "okrs.csv", CSV_SHEET)
    completed = subprocess.run(
        [sys.executable, "-m", "server.cli", "lint-okrs", str(path), "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    names = [[flag["name"] for flag in item["flags"]] for item in json.loads(completed.stdout)]
    assert names == [["sandbagged"], [], ["vague"]]
