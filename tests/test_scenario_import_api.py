"""The scenario routes over HTTP: import an OKR sheet, reject bad uploads, list the result."""

from __future__ import annotations

import tempfile

import httpx
import pytest

from server.scenario_routes import MAX_SHEET_BYTES

SHEET = """\
# Make invoicing effortless for small businesses

- Launch the redesigned invoice editor
- Improve the invoicing experience
- Raise the share of invoices paid within 30 days from 61% to 75%
"""


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        yield http


def post_sheet(client: httpx.Client, filename: str, content: str = SHEET, pattern: str = "task_lister") -> httpx.Response:
    return client.post("/api/scenarios/import", json={"filename": filename, "content": content, "pattern": pattern})


def test_import_returns_scenario_and_flags(client):
    response = post_sheet(client, "invoicing-api.md")

    assert response.status_code == 201, response.text
    body = response.json()
    scenario = body["scenario"]
    assert scenario["id"] == "invoicing-api-task-lister"
    assert scenario["persona"]["pattern"] == "task_lister"
    assert scenario["objective"] == "Make invoicing effortless for small businesses"
    assert [kr["text"] for kr in scenario["key_results"]] == [
        "Launch the redesigned invoice editor",
        "Improve the invoicing experience",
        "Raise the share of invoices paid within 30 days from 61% to 75%",
    ]
    flags = {item["text"]: item["flags"] for item in body["key_results"]}
    assert "activity" in flags["Launch the redesigned invoice editor"]
    assert "vague" in flags["Improve the invoicing experience"]
    assert flags["Raise the share of invoices paid within 30 days from 61% to 75%"] == []


def test_import_lists_new_scenario(client):
    before = {scenario["id"] for scenario in client.get("/api/scenarios").json()}
    assert "listed-sheet-fog-machine" not in before

    response = post_sheet(client, "listed-sheet.md", pattern="fog_machine")
    assert response.status_code == 201, response.text

    listed = {scenario["id"]: scenario for scenario in client.get("/api/scenarios").json()}
    assert "listed-sheet-fog-machine" in listed
    assert listed["listed-sheet-fog-machine"]["persona"]["pattern"] == "fog_machine"
    assert before <= set(listed), "an import removed a scenario from the list"


def test_imported_scenario_starts_session(client):
    assert post_sheet(client, "session-sheet.md").status_code == 201

    response = client.post("/api/sessions", json={"scenario_id": "session-sheet-task-lister", "mode": "headset"})

    assert response.status_code == 201, response.text
    assert response.json()["scenario"]["id"] == "session-sheet-task-lister"


def test_import_rejects_wrong_suffix(client):
    response = post_sheet(client, "okrs.pdf")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "'.pdf'" in detail
    assert "Markdown" in detail


def test_import_rejects_large_sheet(client):
    content = SHEET + "- Launch another thing\n" * (MAX_SHEET_BYTES // 20)
    assert len(content.encode("utf-8")) > MAX_SHEET_BYTES

    response = post_sheet(client, "huge.md", content=content)

    assert response.status_code == 413
    assert "200 kB" in response.json()["detail"]


def test_import_rejects_unknown_pattern(client):
    response = post_sheet(client, "pattern.md", pattern="micromanager")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "'micromanager'" in detail
    assert "task_lister" in detail


def test_import_rejects_sheet_without_key_results(client, live_server):
    response = post_sheet(client, "prose.md", content="# Our plans\n\nWe will do great things next quarter.\n")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("Could not build a scenario from prose.md: ")
    assert "no Key Result found" in detail
    assert tempfile.gettempdir() not in detail, "the message leaks the server's scratch path"
    ids = {scenario["id"] for scenario in client.get("/api/scenarios").json()}
    assert "prose-task-lister" not in ids
    assert not (live_server.settings.data_dir / "scenarios" / "prose-task-lister.yaml").exists()


def test_import_rejects_csv_without_key_result_column(client):
    response = post_sheet(client, "columns.csv", content="goal,owner\nGrow revenue,Ana\n")

    assert response.status_code == 422
    assert "key_result column" in response.json()["detail"]
