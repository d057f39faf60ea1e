"""The scorecard gives no credit that the session did not earn (text sessions from `pushback chat`)."""

from __future__ import annotations

import json
import subprocess
import sys

from assessment import assess


def _chat(tmp_path, lines: list[str]) -> dict:
    path = tmp_path / "session.json"
    subprocess.run(
        [sys.executable, "-m", "server.cli", "chat", "task-lister", "--session-out", str(path)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(path.read_text())


def _finding(report: dict, kr_id: str) -> dict:
    return next(item for item in report["key_results"] if item["id"] == kr_id)


def test_no_manager_turn_has_no_score(tmp_path):
    report = assess(_chat(tmp_path, [])).to_dict()

    assert report["overall_score"] is None


def test_moving_on_is_not_a_challenge(tmp_path):
    report = assess(_chat(tmp_path, ["Okay, what's next?"])).to_dict()

    assert _finding(report, "kr1")["challenged"] is False


def test_approval_without_question_is_not_asking(tmp_path):
    report = assess(_chat(tmp_path, ["Looks good, I approve that one as it is."])).to_dict()
    finding = _finding(report, "kr1")

    assert finding["asked_before_telling"] is False


def test_question_first_is_asking(tmp_path):
    lines = ["What would change for a new customer if the flow ships?", "Looks good, I approve that one."]
    report = assess(_chat(tmp_path, lines)).to_dict()

    assert _finding(report, "kr1")["asked_before_telling"] is True


def test_patience_evidence_quotes_speech():
    # A timed record: the persona speaks 0-4 s, the manager replies at 4.2 s.
    utterances = [
        ("p1", "persona", 0, 0.0, 4.0, "I think launching the flow is the result."),
        ("m1", "manager", 1, 4.2, 6.0, "What changes for the customer when it ships?"),
        ("p2", "persona", 1, 6.8, 9.0, "Fewer people leave in week one, I suppose."),
        ("m2", "manager", 2, 9.1, 11.0, "How many leave today?"),
    ]
    events = [
        {"type": "utterance", "at": start, "id": uid, "speaker": speaker, "turn": turn, "start": start, "end": end,
         "text": text, "words": [], "cut_off": False, "cut_off_by": None}
        for uid, speaker, turn, start, end, text in utterances
    ]
    record = {
        "schema": "pushback.session/1", "session_id": "timed", "scenario_id": "task-lister", "persona": {},
        "mode": "headset", "timed": True, "started_at": "2026-12-04T20:00:00+00:00",
        "ended_at": "2026-12-04T20:00:11+00:00", "complete": True, "end_reason": "manager_ended",
        "events": events, "turns": [], "key_results": [],
    }
    scorecard = assess(record).to_dict()["scorecard"]
    checks = [check for dimension in scorecard for check in dimension["checks"]]
    patience = next(check for check in checks if check["id"] == "patience")

    assert patience["evidence"][0]["quote"] == "How many leave today?"
    assert "shortest 0.10 s" in patience["detail"]
