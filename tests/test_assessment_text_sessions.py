"""Challenge quality on two text sessions of the task-lister scenario.

Both records follow ``docs/session-record.md`` for a ``pushback chat``
session: no timings, one ``decision`` event per turn with the director's
fields. One manager challenges each launch-style Key Result until it becomes
an outcome; the other avoids conflict and approves all three unchanged.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from assessment import RecordError, assess
from server.assess_command import run_assess

KEY_RESULTS = [
    ("kr1", "Launch the redesigned onboarding flow by end of February"),
    ("kr2", "Run six customer workshops this quarter"),
    ("kr3", "Write the new help-centre articles for invoicing"),
]
OPENING = (
    "Hi, thanks for making the time. I've drafted our Key Results for next quarter; "
    "the first one is: Launch the redesigned onboarding flow by end of February."
)


def text_session(turns: list[dict], final_states: dict[str, str], revised: dict[str, str]) -> dict:
    """Build a text-session record from (manager, persona, decision) turns."""
    states = {kr_id: "untouched" for kr_id, _ in KEY_RESULTS}
    events = [
        {"type": "utterance", "at": None, "id": "p1", "speaker": "persona", "turn": 0, "start": None, "end": None,
         "text": OPENING, "words": [], "cut_off": False, "cut_off_by": None, "played_text": OPENING, "played_ms": None},
        {"type": "decision", "at": None, "turn": 0, "stance": "open", "key_result": "kr1", "motivation": 0.7,
         "key_results": dict(states)},
    ]
    for number, turn in enumerate(turns, start=1):
        states.update(turn.get("states", {}))
        events.append(
            {"type": "utterance", "at": None, "id": f"m{number}", "speaker": "manager", "turn": number, "start": None,
             "end": None, "text": turn["manager"], "words": [], "cut_off": False, "cut_off_by": None}
        )
        decision = {"type": "decision", "at": None, "turn": number, "stance": turn["stance"],
                    "key_results": dict(states), **turn["director"]}
        events.append(decision)
        events.append(
            {"type": "utterance", "at": None, "id": f"p{number + 1}", "speaker": "persona", "turn": number,
             "start": None, "end": None, "text": turn["persona"], "words": [], "cut_off": False, "cut_off_by": None,
             "played_text": turn["persona"], "played_ms": None}
        )
    events.append({"type": "ended", "at": None, "reason": "manager_ended"})
    return {
        "schema": "pushback.session/1",
        "session_id": "text-session",
        "scenario_id": "task-lister",
        "persona": {"name": "Sam Patel", "role": "Product Manager, Onboarding", "pattern": "task_lister"},
        "mode": "text",
        "timed": False,
        "started_at": "2026-12-04T20:01:02+00:00",
        "ended_at": "2026-12-04T20:19:40+00:00",
        "complete": True,
        "end_reason": "manager_ended",
        "events": events,
        "turns": [{"turn": n, "speech_end": None} for n in range(1, len(turns) + 1)],
        "key_results": [
            {"id": kr_id, "text": text, "state": final_states[kr_id], "revised_text": revised.get(kr_id)}
            for kr_id, text in KEY_RESULTS
        ],
    }


def skilled_record() -> dict:
    turns = [
        {"manager": "Thanks, Sam. I can see the team put real work into these. What would change for a new customer once the new flow ships?",
         "persona": "Honestly, shipping it is the result. The old flow is confusing and everyone knows it.",
         "stance": "defend", "states": {"kr1": "challenged"},
         "director": {"move": "open_question", "key_result": "kr1", "probe": "outcome", "acknowledgement": True, "motivation": 0.72}},
        {"manager": "How would we know, three months from now, that the new flow worked?",
         "persona": "People would stop dropping out in the first week, I suppose.",
         "stance": "deflect", "states": {"kr1": "defended"},
         "director": {"move": "open_question", "key_result": "kr1", "probe": "measurement", "motivation": 0.72}},
        {"manager": "What is the seven-day churn of new sign-ups today?",
         "persona": "Seven-day churn of new sign-ups is 38% today.",
         "stance": "reveal_fact", "states": {"kr1": "conceded"},
         "director": {"move": "open_question", "key_result": "kr1", "probe": "baseline", "motivation": 0.73}},
        {"manager": "So if the launch works, where should that number be at the end of the quarter?",
         "persona": "If the flow does what we think, 25% is realistic. So: reduce 7-day churn of new sign-ups from 38% to 25%?",
         "stance": "propose_revision", "states": {"kr1": "revised"},
         "director": {"move": "open_question", "key_result": "kr1", "probe": "outcome", "motivation": 0.75}},
        {"manager": "Yes, let's make that the Key Result. The launch is how you get there.",
         "persona": "Good. The second one is: Run six customer workshops this quarter.",
         "stance": "accept_revision", "states": {"kr1": "revised"},
         "director": {"move": "approval", "key_result": "kr1", "probe": "approval", "motivation": 0.76}},
        {"manager": "Thanks, that's a much stronger one. What do you hope changes for customers after the workshops?",
         "persona": "The workshops are how we learn what new customers struggle with. Running six is already a stretch.",
         "stance": "defend", "states": {"kr2": "challenged"},
         "director": {"move": "open_question", "key_result": "kr2", "probe": "outcome", "acknowledgement": True, "motivation": 0.76}},
        {"manager": "That makes sense. How many new customers send their first invoice in week one today?",
         "persona": "Only 41% of new customers send an invoice in their first week.",
         "stance": "reveal_fact", "states": {"kr2": "conceded"},
         "director": {"move": "open_question", "key_result": "kr2", "probe": "baseline", "acknowledgement": True, "motivation": 0.77}},
        {"manager": "What share would tell you the workshops worked?",
         "persona": "Raise the share of new customers who send an invoice in week one from 41% to 60%.",
         "stance": "propose_revision", "states": {"kr2": "revised"},
         "director": {"move": "open_question", "key_result": "kr2", "probe": "measurement", "motivation": 0.78}},
        {"manager": "How confident are you in sixty percent, on a scale from 1 to 10?",
         "persona": "About a five. It's a stretch, but the workshops should tell us what to fix.",
         "stance": "concede", "states": {"kr2": "revised"},
         "director": {"move": "open_question", "key_result": "kr2", "probe": "confidence", "motivation": 0.78}},
        {"manager": "A five is right for a stretch. Let's go with that one.",
         "persona": "Great. The last one is: Write the new help-centre articles for invoicing.",
         "stance": "accept_revision", "states": {"kr2": "revised"},
         "director": {"move": "approval", "key_result": "kr2", "probe": "approval", "motivation": 0.79}},
        {"manager": "I appreciate the writing effort behind this. What would tell you the articles are working?",
         "persona": "Fewer people would be confused about invoicing, so support would hear less about it.",
         "stance": "defend", "states": {"kr3": "challenged"},
         "director": {"move": "open_question", "key_result": "kr3", "probe": "measurement", "acknowledgement": True, "motivation": 0.79}},
        {"manager": "How many invoicing tickets do we get per hundred new customers right now?",
         "persona": "About 18 per hundred new customers.",
         "stance": "reveal_fact", "states": {"kr3": "conceded"},
         "director": {"move": "open_question", "key_result": "kr3", "probe": "baseline", "motivation": 0.8}},
        {"manager": "What would be a good number by the end of the quarter?",
         "persona": "Cut invoicing tickets per 100 new customers from 18 to 8.",
         "stance": "propose_revision", "states": {"kr3": "revised"},
         "director": {"move": "open_question", "key_result": "kr3", "probe": "outcome", "motivation": 0.8}},
        {"manager": "Great, that's the one. Thanks, Sam: these three are much stronger than where we started.",
         "persona": "Thanks. I'll update the doc and share it with the squad.",
         "stance": "accept_revision", "states": {"kr3": "revised"},
         "director": {"move": "approval", "key_result": "kr3", "probe": "approval", "acknowledgement": True, "motivation": 0.82}},
    ]
    revised = {
        "kr1": "Reduce 7-day churn of new sign-ups from 38% to 25%",
        "kr2": "Raise the share of new customers who send an invoice in week one from 41% to 60%",
        "kr3": "Cut invoicing tickets per 100 new customers from 18 to 8",
    }
    return text_session(turns, {"kr1": "revised", "kr2": "revised", "kr3": "revised"}, revised)


AVOIDER_APPROVALS = {
    "kr1": "Thanks Sam, these look good. The onboarding flow launch sounds great.",
    "kr2": "Okay, fair enough. Sounds good, let's keep it.",
    "kr3": "Great, then we're done. I'm happy with these.",
}


def avoider_record() -> dict:
    turns = [
        {"manager": AVOIDER_APPROVALS["kr1"],
         "persona": "Great, thanks! So we keep that one as it is. The second one is: Run six customer workshops this quarter.",
         "stance": "accept_approval", "states": {"kr1": "approved_weak"},
         "director": {"move": "approval", "key_result": "kr1", "probe": "approval", "motivation": 0.74}},
        {"manager": "Is six workshops enough?",
         "persona": "Six is already a lot for a squad our size.",
         "stance": "defend", "states": {"kr2": "defended"},
         "director": {"move": "closed_question", "key_result": "kr2", "probe": None, "motivation": 0.74}},
        {"manager": AVOIDER_APPROVALS["kr2"],
         "persona": "Thanks. The last one is: Write the new help-centre articles for invoicing.",
         "stance": "accept_approval", "states": {"kr2": "approved_weak"},
         "director": {"move": "approval", "key_result": "kr2", "probe": "approval", "motivation": 0.76}},
        {"manager": "Are the articles going to be done by March? And will support review them?",
         "persona": "Yes, we've planned them for February, and support has offered to review.",
         "stance": "defend", "states": {"kr3": "defended"},
         "director": {"move": "closed_question", "key_result": "kr3", "probe": None, "motivation": 0.76}},
        {"manager": AVOIDER_APPROVALS["kr3"],
         "persona": "Great, I'll tell the team we're good to go.",
         "stance": "accept_approval", "states": {"kr3": "approved_weak"},
         "director": {"move": "approval", "key_result": "kr3", "probe": "approval", "motivation": 0.78}},
    ]
    states = {"kr1": "approved_weak", "kr2": "approved_weak", "kr3": "approved_weak"}
    return text_session(turns, states, {})


def challenge_score(result) -> float:
    return next(d for d in result.to_dict()["scorecard"] if d["id"] == "challenge")["score"]


def without_director_fields(record: dict) -> dict:
    """Keep only turn, stance and the Key Result states in each decision, as an older director writes them."""
    stripped = copy.deepcopy(record)
    for event in stripped["events"]:
        if event["type"] == "decision":
            for name in ("move", "key_result", "probe", "acknowledgement", "motivation"):
                event.pop(name, None)
    return stripped


def test_skilled_and_avoider_scores_differ():
    skilled = challenge_score(assess(skilled_record()))
    avoider = challenge_score(assess(avoider_record()))
    print(f"challenge quality: skilled {skilled}, conflict-avoiding {avoider}")
    assert skilled >= 80
    assert avoider <= 40
    assert skilled - avoider >= 50


def test_avoider_report_names_each_approved_kr():
    result = assess(avoider_record())
    approved = {item["id"]: item for item in result.to_dict()["approved_weak"]}
    assert set(approved) == {"kr1", "kr2", "kr3"}
    markdown = result.to_markdown()
    for kr_id, text in KEY_RESULTS:
        assert approved[kr_id]["text"] == text
        assert approved[kr_id]["evidence"]["quote"] == AVOIDER_APPROVALS[kr_id]
        assert approved[kr_id]["evidence"]["at"] is None
        assert text in markdown
        assert AVOIDER_APPROVALS[kr_id] in markdown


def test_skilled_session_has_no_approved_weak():
    result = assess(skilled_record())
    endings = {finding["id"]: finding["ending"] for finding in result.to_dict()["key_results"]}
    assert endings == {"kr1": "revised", "kr2": "revised", "kr3": "revised"}
    assert result.to_dict()["approved_weak"] == []


def test_text_session_timings_not_measured():
    data = assess(skilled_record()).to_dict()
    pacing = data["metrics"]["pacing"]
    interruptions = data["metrics"]["interruptions"]
    assert pacing["measured"] is False
    assert "not measured" in pacing["reason"]
    assert pacing["talk_ratio"] is None
    assert interruptions["measured"] is False
    assert interruptions["by_manager_count"] is None
    assert interruptions["overlap_s"] is None
    for dimension in data["scorecard"][:2]:
        assert dimension["score"] is None
        assert all(check["status"] == "not_measured" for check in dimension["checks"])


def test_three_tips_quote_the_session():
    for record in (skilled_record(), avoider_record()):
        said = {event["text"] for event in record["events"] if event["type"] == "utterance"}
        tips = assess(record).to_dict()["tips"]
        assert len(tips) == 3
        for tip in tips:
            quotes = [item["quote"] for item in tip["evidence"]]
            assert quotes, tip
            assert all(quote in said for quote in quotes), tip


def test_avoider_first_tip_is_the_approval():
    tips = assess(avoider_record()).to_dict()["tips"]
    assert tips[0]["check"] == "no_weak_kr_approved"
    assert "Launch the redesigned onboarding flow by end of February" in tips[0]["text"]


def test_rules_classify_without_director_fields():
    skilled = assess(without_director_fields(skilled_record()))
    avoider = assess(without_director_fields(avoider_record()))
    moves = skilled.to_dict()["metrics"]["challenge"]["moves"]
    assert {move["source"] for move in moves} == {"rules"}
    assert [move["key_result"] for move in moves] == ["kr1"] * 5 + ["kr2"] * 5 + ["kr3"] * 4
    assert challenge_score(skilled) - challenge_score(avoider) >= 50
    assert {item["id"] for item in avoider.to_dict()["approved_weak"]} == {"kr1", "kr2", "kr3"}


def test_unknown_schema_rejected():
    record = avoider_record()
    record["schema"] = "pushback.session/2"
    with pytest.raises(RecordError, match="pushback.session/2"):
        assess(record)
    with pytest.raises(RecordError, match="missing 'schema'"):
        assess({"events": []})


def test_assess_command_formats(tmp_path, capsys):
    path = tmp_path / "session.json"
    path.write_text(json.dumps(avoider_record()), encoding="utf-8")
    assert run_assess(str(path), output_format="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "pushback.assessment/1"
    assert run_assess(str(path), output_format="markdown") == 0
    assert "Weak Key Results approved unchanged" in capsys.readouterr().out


def test_assess_command_rejects_bad_record(tmp_path, capsys):
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"schema": "pushback.session/9", "events": []}), encoding="utf-8")
    assert run_assess(str(path), output_format="json") == 1
    assert "pushback.session/9" in capsys.readouterr().err
    assert run_assess(str(tmp_path / "missing.json"), output_format="json") == 1


def test_chat_session_end_to_end(tmp_path):
    session = tmp_path / "chat.json"
    lines = "Thanks Sam, these look good.\nSounds good, let's keep it.\nI'm happy with these.\n"
    chat = subprocess.run(
        [sys.executable, "-m", "server.cli", "chat", "task-lister", "--session-out", str(session)],
        input=lines, capture_output=True, text=True, timeout=120,
    )
    assert chat.returncode == 0, chat.stderr
    completed = subprocess.run(
        [sys.executable, "-m", "server.cli", "assess", str(session), "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["session"]["timed"] is False
    assert data["metrics"]["pacing"]["measured"] is False
    said = lines.splitlines()
    for item in data["approved_weak"]:
        assert item["evidence"]["quote"] in said
    approved_ids = {item["id"] for item in data["approved_weak"]}
    final_states = json.loads(session.read_text(encoding="utf-8"))["key_results"]
    assert approved_ids == {kr["id"] for kr in final_states if kr["state"] == "approved_weak"}
