"""Pacing and interruptions on a small timed record whose expected values are worked out by hand.

Timeline (seconds):

    persona p1   0.0 -  5.0  opening
    manager m1   6.0 - 12.0  20 words, 1.0 s after the opening
    persona p2  12.5 - 20.0  defends; the manager says "mm-hm" (backchannel event) at 15.0
    manager m2  20.3 - 26.0  0.3 s after the pushback
    persona p3  26.5 - 30.0  defends, cut off by the manager (barge_in at 29.2)
    manager m3  29.0 - 35.0
    persona p4  36.0 - 40.0  reveals a fact
    manager m4  39.5 - 40.6  "right, okay": a backchannel-like utterance that outlasts p4
    manager m5  50.0 - 80.0  a monologue after a 9.4 s silence
    persona p5  75.0 - 82.0  cuts the monologue off
    ended       85.0
"""

from __future__ import annotations

import pytest

from assessment import assess


def utterance(uid, speaker, turn, start, end, text, **extra):
    return {"type": "utterance", "at": start, "id": uid, "speaker": speaker, "turn": turn, "start": start, "end": end,
            "text": text, "words": [], "cut_off": False, "cut_off_by": None, **extra}


def decision(turn, stance, at):
    return {"type": "decision", "at": at, "turn": turn, "stance": stance}


def timed_record() -> dict:
    twenty_words = " ".join(["word"] * 19) + " today?"
    events = [
        utterance("p1", "persona", 0, 0.0, 5.0, "Hi, here are my Key Results."),
        decision(0, "open", 0.0),
        utterance("m1", "manager", 1, 6.0, 12.0, twenty_words),
        decision(1, "defend", 12.2),
        utterance("p2", "persona", 1, 12.5, 20.0, "Shipping it is the result."),
        {"type": "backchannel", "at": 15.0, "speaker": "manager", "start": 15.0, "end": 15.4, "text": "mm-hm"},
        utterance("m2", "manager", 2, 20.3, 26.0, "But what changes for the customer?"),
        decision(2, "defend", 26.2),
        utterance("p3", "persona", 2, 26.5, 30.0, "Honestly the launch is what matters and the team",
                  cut_off=True, cut_off_by="manager", played_text="Honestly the launch is what matters"),
        utterance("m3", "manager", 3, 29.0, 35.0, "Sorry, let me stop you there: what is churn today?"),
        {"type": "barge_in", "at": 29.2, "by": "manager", "utterance": "p3"},
        decision(3, "reveal_fact", 35.2),
        utterance("p4", "persona", 3, 36.0, 40.0, "Churn is 38% today."),
        utterance("m4", "manager", 4, 39.5, 40.6, "right, okay"),
        utterance("m5", "manager", 5, 50.0, 80.0, "Let me explain at length why this matters so much to the company.",
                  cut_off=True, cut_off_by="persona"),
        decision(5, "interrupt", 75.0),
        utterance("p5", "persona", 5, 75.0, 82.0, "Can I jump in here?"),
        {"type": "ended", "at": 85.0, "reason": "manager_ended"},
    ]
    return {
        "schema": "pushback.session/1",
        "session_id": "timed",
        "scenario_id": "task-lister",
        "persona": {"name": "Sam Patel"},
        "mode": "headset",
        "timed": True,
        "complete": True,
        "end_reason": "manager_ended",
        "events": events,
        "turns": [],
        "key_results": [{"id": "kr1", "text": "Launch the redesigned onboarding flow by end of February", "state": "challenged"}],
    }


def test_talk_ratio_and_speaking_time():
    pacing = assess(timed_record()).pacing
    assert pacing.manager_speaking_s == pytest.approx(6.0 + 5.7 + 6.0 + 1.1 + 30.0)
    assert pacing.persona_speaking_s == pytest.approx(5.0 + 7.5 + 3.5 + 4.0 + 7.0)
    assert pacing.talk_ratio == pytest.approx(48.8 / 75.8)


def test_words_per_minute_per_turn():
    pacing = assess(timed_record()).pacing
    first = next(turn for turn in pacing.turns if turn.utterance == "m1")
    assert first.words == 20
    assert first.wpm == pytest.approx(200.0)
    short = next(turn for turn in pacing.turns if turn.utterance == "m4")
    assert short.wpm is None


def test_pauses_split_by_pushback():
    pacing = assess(timed_record()).pacing
    pauses = {(pause.after, pause.reply): pause for pause in pacing.pauses}
    assert set(pauses) == {("p1", "m1"), ("p2", "m2"), ("p4", "m5")}
    assert pauses[("p1", "m1")].seconds == pytest.approx(1.0)
    assert pauses[("p1", "m1")].after_pushback is False
    assert pauses[("p2", "m2")].seconds == pytest.approx(0.3)
    assert pauses[("p2", "m2")].after_pushback is True
    assert pauses[("p4", "m5")].seconds == pytest.approx(10.0)
    assert pacing.median_pause_after_pushback_s == pytest.approx(0.3)


def test_long_silence_and_monologue():
    pacing = assess(timed_record()).pacing
    assert [(span.start, span.end) for span in pacing.long_silences] == [(40.6, 50.0)]
    assert pacing.longest_monologue.start == pytest.approx(50.0)
    assert pacing.longest_monologue.seconds == pytest.approx(25.0)
    assert pacing.longest_monologue.evidence.utterance == "m5"


def test_interruptions_ignore_backchannels():
    interruptions = assess(timed_record()).interruptions
    assert [item.interrupted for item in interruptions.by_manager] == ["p3"]
    assert interruptions.by_manager[0].evidence[0].quote == "Honestly the launch is what matters"
    assert interruptions.by_manager[0].evidence[-1].utterance == "m3"
    assert [item.interrupted for item in interruptions.by_persona] == ["m5"]
    assert interruptions.backchannels_ignored == 2
    assert interruptions.overlap_s == pytest.approx(1.0 + 5.0)
    assert interruptions.manager_per_10_min == pytest.approx(600.0 / 85.0)


def test_overlap_without_flags_is_interruption():
    record = timed_record()
    for event in record["events"]:
        event.pop("cut_off", None)
        event.pop("cut_off_by", None)
    record["events"] = [event for event in record["events"] if event["type"] != "barge_in"]
    interruptions = assess(record).interruptions
    assert [item.interrupted for item in interruptions.by_manager] == ["p3"]
    assert [item.source for item in interruptions.by_manager] == ["overlap"]
    assert [item.interrupted for item in interruptions.by_persona] == ["m5"]


def test_scorecard_flags_impatience():
    data = assess(timed_record()).to_dict()
    pacing = next(d for d in data["scorecard"] if d["id"] == "pacing")
    checks = {check["id"]: check for check in pacing["checks"]}
    assert checks["patience"]["status"] == "no"
    assert checks["patience"]["evidence"][0]["at"] == pytest.approx(20.0)
    assert checks["time_box"]["status"] == "yes"
    assert checks["long_silences"]["status"] == "partly"
    assert checks["talk_ratio"]["status"] == "no"
