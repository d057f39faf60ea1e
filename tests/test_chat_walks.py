"""Whole text rehearsals through ``pushback chat``: a skilled manager and a conflict-avoiding one.

Each walk runs the real director and scripted actor on a built-in scenario
and reads back the session record that ``--session-out`` wrote.
"""

from __future__ import annotations

import io
import json

import pytest

from personas import list_scenarios
from server.chat_command import run_chat

SKILLED = {
    "task-lister": [
        "thanks sam, i can see the team put a lot of work into this. what changes for a new customer once the new flow ships",
        "um how would we know if it worked",
        "what's seven day churn today",
        "okay so what would a better key result look like",
        "great lets go with that",
        "i really appreciate the workshops idea. what would be different for customers after the workshops",
        "and where are we today on that",
        "so how would you write it instead",
        "sounds good, let's lock it in",
        "thanks. the help centre articles, what happens to support if they work",
        "how many invoicing tickets do we get today",
        "what would you change it to",
        "perfect, approved",
    ],
    "sandbagger": [
        "hi marcus, thanks for pulling this together. before we start, i want to be clear these okrs won't be used in your performance review",
        "how confident are you about the 1.2 million on a scale of 1 to 10",
        "what did the team close last quarter",
        "so what number would make it a real stretch",
        "okay let's go with that",
        "thanks. on the win rate, what was it last quarter",
        "how would it feel to aim higher than where you already are",
        "what would you put instead",
        "great, agreed",
        "what about the demos, how many did you book last quarter",
        "how confident are you in 120",
        "what would a stretch look like",
        "sounds good",
    ],
    "fog-machine": [
        "thanks dana, it's clear how much you care about the clinicians. how would an outsider know that engagement had improved",
        "where are we today",
        "what would a better key result look like then",
        "love it, let's go with that",
        "thanks. on the employer brand one, what would we see if it got stronger",
        "where are we on offer acceptance today",
        "so how would you write it",
        "great, agreed",
        "thanks. the onboarding experience, how would we know it was better",
        "how many new clinicians leave in the first 90 days",
        "what would you put instead",
        "sounds good",
    ],
    "dependent": [
        "thanks tomás, i like that you want marketing tied to revenue. which part of that 2 million does your team actually control",
        "what happens if sales have a slow quarter",
        "so what's the leading indicator you own",
        "great, let's go with that",
        "the german launch, what does it depend on",
        "if the site launches, what changes for us",
        "what would you write instead",
        "perfect",
        "thanks. on conversion, who owns the trial experience",
        "what would you measure that's in your hands",
        "what would a better key result be",
        "sounds good",
    ],
    "everything-keeper": [
        "thanks ngozi, this is a thorough list and i can see how much the team carries. "
        "if you could only keep three of these objectives which would they be",
        "what would change for the stores if till uptime were an okr rather than a health metric",
        "what would you do with it instead",
        "agreed",
        "thanks for taking security seriously. what would be different for the business if patching were in the okrs",
        "which matters more this quarter, patching or cutting the cloud bill",
        "how would you write it then",
        "great",
        "thanks for keeping the desk fast. the sla, is that something you're changing or something you keep running",
        "what would be different for the stores if it moved to the health metrics",
        "so what would it become",
        "sounds good",
        "i appreciate you watching the cloud bill. what changes for the business if you review it every month",
        "what's the cloud bill today",
        "what would a better version be",
        "perfect",
        "the laptops, would you do that anyway even without an okr",
        "thanks. what would be different for the stores once the managers have them",
        "so what would you do with it",
        "great",
        "the ci migration, what would change for the stores once it's done",
        "how long does a change take to reach the stores today",
        "what would you write instead",
        "agreed",
        "thanks for pushing on self-service. what happens to the service desk if the password portal works",
        "how many reset tickets do you get today",
        "so what would the key result be",
        "perfect, thanks",
    ],
}

AVOIDING = {
    "task-lister": [
        "hi sam, thanks for putting this together",
        "yeah these look good",
        "the workshops sound good too",
        "fine by me, let's keep the articles as well",
    ],
    "sandbagger": [
        "hey marcus, thanks",
        "1.2 million sounds good to me",
        "um ok i trust you on this one",
        "that's fine, let's go with it",
    ],
    "fog-machine": [
        "thanks dana, lovely to see the care in this",
        "engagement matters, i'm happy with that",
        "ok sounds good",
        "yeah that's fine",
    ],
    "dependent": [
        "thanks tomás, revenue is what matters",
        "looks good to me",
        "sure, let's go with the german launch",
        "works for me",
    ],
    "everything-keeper": [
        "thanks ngozi, clearly a lot of work went into this",
        "these all look important, let's go with all of them",
    ],
}


def rehearse(tmp_path, scenario_id: str, lines: list[str]) -> tuple[dict, str]:
    record_path = tmp_path / f"{scenario_id}.json"
    output = io.StringIO()
    status = run_chat(scenario_id, session_out=str(record_path), stdin=io.StringIO("\n".join(lines) + "\n"), stdout=output)
    assert status == 0
    return json.loads(record_path.read_text()), output.getvalue()


def decisions(record: dict) -> list[dict]:
    return [event for event in record["events"] if event["type"] == "decision"]


def test_walks_cover_every_builtin_scenario():
    ids = {scenario.id for scenario in list_scenarios()}
    assert set(SKILLED) == ids
    assert set(AVOIDING) == ids


@pytest.mark.parametrize("scenario_id", sorted(SKILLED))
def test_skilled_manager_revises_every_key_result(tmp_path, scenario_id):
    record, output = rehearse(tmp_path, scenario_id, SKILLED[scenario_id])

    states = {kr["id"]: kr["state"] for kr in record["key_results"]}
    assert set(states.values()) == {"revised"}, states
    assert all(kr["revised_text"] for kr in record["key_results"])
    assert record["mode"] == "text"
    assert record["timed"] is False
    assert record["complete"] is True
    assert record["end_reason"] == "manager_ended"
    stances = [decision["stance"] for decision in decisions(record)]
    assert "concede" in stances or stances.count("propose_revision") == len(states)
    assert "push_back_on_tone" not in stances
    # A skilled manager keeps the persona motivated.
    final = decisions(record)[-1]
    assert final["motivation"] >= decisions(record)[0]["motivation"]
    assert "revised" in output


@pytest.mark.parametrize("scenario_id", sorted(AVOIDING))
def test_avoiding_manager_ends_with_weak_key_results_approved(tmp_path, scenario_id):
    record, _ = rehearse(tmp_path, scenario_id, AVOIDING[scenario_id])

    states = {kr["id"]: kr["state"] for kr in record["key_results"]}
    assert set(states.values()) == {"approved_weak"}, states
    assert all(kr["revised_text"] is None for kr in record["key_results"])
    approvals = [decision for decision in decisions(record) if decision["stance"] == "accept_approval"]
    assert approvals
    assert all(decision["motivation"] >= 0.7 for decision in approvals)


@pytest.mark.parametrize("scenario_id", ["task-lister", "everything-keeper"])
def test_record_shows_state_and_motivation_each_turn(tmp_path, scenario_id):
    lines = SKILLED[scenario_id]
    record, _ = rehearse(tmp_path, scenario_id, lines)

    manager = [event for event in record["events"] if event["type"] == "utterance" and event["speaker"] == "manager"]
    persona = [event for event in record["events"] if event["type"] == "utterance" and event["speaker"] == "persona"]
    assert [event["text"] for event in manager] == lines
    assert len(persona) == len(lines) + 1
    assert [turn["turn"] for turn in record["turns"]] == list(range(1, len(lines) + 1))
    assert all(turn["first_text_ms"] is None for turn in record["turns"])
    assert all(event["at"] is None for event in record["events"])

    per_turn = decisions(record)
    assert [decision["turn"] for decision in per_turn] == list(range(0, len(lines) + 1))
    kr_ids = [kr["id"] for kr in record["key_results"]]
    for decision in per_turn:
        assert 0.0 <= decision["motivation"] <= 1.0
        assert 0.0 <= decision["trust"] <= 1.0
        assert list(decision["key_results"]) == kr_ids
    # The first Key Result moves from untouched to revised across the session.
    first = [decision["key_results"][kr_ids[0]] for decision in per_turn]
    assert first[0] == "untouched"
    assert first[-1] == "revised"
    assert "conceded" in first or "defended" in first


def test_persona_never_repeats_a_line_verbatim(tmp_path):
    lines = SKILLED["everything-keeper"] + ["how would we know", "how would we know", "how would we know"]
    record, _ = rehearse(tmp_path, "everything-keeper", lines)

    persona = [event["text"] for event in record["events"] if event["type"] == "utterance" and event["speaker"] == "persona"]
    sentences = [sentence for text in persona for sentence in text.split(". ") if len(sentence) > 40]
    assert len(persona) == len(set(persona))
    assert len(sentences) == len(set(sentences)), [s for s in sentences if sentences.count(s) > 1]


def test_chat_reports_unknown_scenario(capsys):
    status = run_chat("no-such-scenario", stdin=io.StringIO(""), stdout=io.StringIO())

    assert status == 2
    error = capsys.readouterr().err
    assert "no-such-scenario" in error
    assert "task-lister" in error


def test_chat_ends_at_end_command(tmp_path):
    record, output = rehearse(tmp_path, "dependent", ["hi tomás", "/end", "this line is never read"])

    manager = [event for event in record["events"] if event["type"] == "utterance" and event["speaker"] == "manager"]
    assert [event["text"] for event in manager] == ["hi tomás"]
    assert record["events"][-1] == {"type": "ended", "at": None, "reason": "manager_ended"}
