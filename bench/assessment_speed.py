"""How long the assessment of a 30-minute session takes.

Builds a synthetic timed record of 30 minutes: manager and persona turns with
word timings, backchannels, barge-ins, director decisions and five Key
Results. Then it times parsing the JSON text, ``assess(record)``,
``to_dict()`` and ``to_markdown()``, which is everything ``pushback assess``
does besides reading the file and printing. Prints the machine, the command, the median and the
spread.

Run: ``.venv/bin/python bench/assessment_speed.py [--runs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time

from assessment import assess

SESSION_S = 1800.0
MANAGER_LINES = [
    "Thanks for pulling these together, I can see the work in them.",
    "What would change for a new customer once this ships?",
    "How would someone outside the team know it worked?",
    "What is the number today?",
    "How confident are you in that target, from 1 to 10?",
    "Which part of this does the team control?",
    "If you could keep only three, which would they be?",
    "Is six workshops enough? And who runs them?",
    "That sounds good, let's keep it.",
    "This is not good enough, you should change it to a churn number.",
]
PERSONA_LINES = [
    "Honestly, shipping it is the result, and the team has worked hard on it.",
    "People would stop dropping out in the first week, I suppose.",
    "Seven-day churn of new sign-ups is 38% today.",
    "If the flow does what we think, 25% is realistic.",
    "The team needs something concrete they can deliver, not a number they cannot control.",
]
STANCES = ["defend", "deflect", "reveal_fact", "propose_revision", "concede", "push_back_on_tone"]
KEY_RESULTS = [
    ("kr1", "Launch the redesigned onboarding flow by end of February"),
    ("kr2", "Run six customer workshops this quarter"),
    ("kr3", "Write the new help-centre articles for invoicing"),
    ("kr4", "Maintain 99.9% API uptime"),
    ("kr5", "Improve code quality"),
]


def words_for(text: str, start: float, wpm: float) -> tuple[list[dict], float]:
    """Return word timings for ``text`` spoken from ``start`` at ``wpm``, and the end time."""
    words = []
    step = 60.0 / wpm
    at = start
    for word in text.split():
        words.append({"word": word, "start": round(at, 3), "end": round(at + step * 0.9, 3), "probability": 0.9})
        at += step
    return words, at


def synthetic_record(seed: int = 7) -> dict:
    """Return a timed 30-minute session record with realistic density."""
    rng = random.Random(seed)
    events: list[dict] = []
    at = 0.5
    turn = 0
    persona_count = manager_count = 0
    states = {kr_id: "untouched" for kr_id, _ in KEY_RESULTS}
    while at < SESSION_S - 20:
        persona_count += 1
        reply = " ".join(rng.sample(PERSONA_LINES, 2))
        words, end = words_for(reply, at, 165.0)
        cut = rng.random() < 0.08
        if cut:
            end = at + (end - at) * 0.6
        events.append({"type": "utterance", "at": at, "id": f"p{persona_count}", "speaker": "persona", "turn": turn,
                       "start": round(at, 3), "end": round(end, 3), "text": reply, "words": [], "cut_off": cut,
                       "cut_off_by": "manager" if cut else None, "played_text": reply, "played_ms": int((end - at) * 1000)})
        if rng.random() < 0.3:
            middle = (at + end) / 2
            events.append({"type": "backchannel", "at": middle, "speaker": "manager", "start": middle, "end": middle + 0.4, "text": "mm-hm"})
        start = end - 0.3 if cut else end + rng.uniform(0.2, 2.0)
        if cut:
            events.append({"type": "barge_in", "at": start, "by": "manager", "utterance": f"p{persona_count}"})
        turn += 1
        manager_count += 1
        line = " ".join(rng.sample(MANAGER_LINES, rng.choice([1, 2, 3])))
        words, end = words_for(line, start, rng.uniform(120.0, 190.0))
        events.append({"type": "utterance", "at": start, "id": f"m{manager_count}", "speaker": "manager", "turn": turn,
                       "start": round(start, 3), "end": round(end, 3), "text": line, "words": words, "cut_off": False, "cut_off_by": None})
        kr_id = KEY_RESULTS[min(len(KEY_RESULTS) - 1, int(start / SESSION_S * len(KEY_RESULTS)))][0]
        states[kr_id] = rng.choice(["challenged", "defended", "conceded"])
        events.append({"type": "decision", "at": end, "turn": turn, "stance": rng.choice(STANCES), "move": "open_question",
                       "key_result": kr_id, "probe": rng.choice(["outcome", "baseline", "confidence"]),
                       "motivation": round(rng.uniform(0.4, 0.8), 2), "key_results": dict(states)})
        at = end + rng.uniform(0.3, 1.2)
    events.append({"type": "ended", "at": SESSION_S, "reason": "time_box"})
    return {
        "schema": "pushback.session/1",
        "session_id": "bench",
        "scenario_id": "task-lister",
        "persona": {"name": "Sam Patel", "role": "Product Manager", "pattern": "task_lister"},
        "mode": "headset",
        "timed": True,
        "complete": True,
        "end_reason": "time_box",
        "events": events,
        "turns": [],
        "key_results": [
            {"id": kr_id, "text": text, "state": rng.choice(["revised", "approved_weak", "conceded"]), "revised_text": None}
            for kr_id, text in KEY_RESULTS
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed repetitions (default 30)")
    args = parser.parse_args(argv)

    record = synthetic_record()
    text = json.dumps(record)
    size = len(text)
    utterances = sum(1 for event in record["events"] if event["type"] == "utterance")
    assess(record).to_markdown()  # warm-up: imports and regex compilation

    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        result = assess(json.loads(text))
        result.to_dict()
        result.to_markdown()
        times.append(time.perf_counter() - began)

    times.sort()
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    print(f"command: {os.path.basename(sys.executable)} bench/assessment_speed.py --runs {args.runs}")
    print(f"record: {SESSION_S / 60:.0f} minutes, {len(record['events'])} events, {utterances} utterances, {size / 1024:.0f} KiB of JSON")
    print(f"json.loads + assess + to_dict + to_markdown: median {statistics.median(times) * 1000:.1f} ms, "
          f"min {times[0] * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
