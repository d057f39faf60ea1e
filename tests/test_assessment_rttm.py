"""Turn-taking metrics against the reference speaker turns of real AMI meetings.

Each RTTM file becomes a timed session record: one speaker is the manager and
every other speaker is the persona, one utterance per RTTM segment. The test
runs this for every speaker of every file. The expected values come from a
1 ms grid built straight from the RTTM intervals, a computation that shares
no code with ``assessment``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assessment import assess
from assessment.options import DEFAULT_OPTIONS

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "conversations"
RTTM_FILES = sorted(CORPUS.glob("ami_*.rttm"))
TOLERANCE_S = 0.002


def read_rttm(path: Path) -> list[tuple[str, float, float]]:
    """Return ``(speaker, start, end)`` for each SPEAKER line."""
    segments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        start, duration = float(fields[3]), float(fields[4])
        segments.append((fields[7], start, start + duration))
    return segments


def record_from_rttm(segments: list[tuple[str, float, float]], manager: str) -> dict:
    events = []
    counts = {"manager": 0, "persona": 0}
    for speaker, start, end in sorted(segments, key=lambda s: s[1]):
        role = "manager" if speaker == manager else "persona"
        counts[role] += 1
        events.append(
            {"type": "utterance", "at": start, "id": f"{role[0]}{counts[role]}", "speaker": role, "turn": None,
             "start": start, "end": end, "text": "", "words": [], "cut_off": False, "cut_off_by": None}
        )
    return {
        "schema": "pushback.session/1",
        "session_id": f"rttm-{manager}",
        "scenario_id": None,
        "persona": {"name": "other AMI speakers"},
        "mode": "headset",
        "timed": True,
        "complete": True,
        "events": events,
        "turns": [],
        "key_results": [],
    }


def grid_reference(segments: list[tuple[str, float, float]], manager: str, join_gap_s: float) -> dict:
    """Compute talk ratio, overlap and longest monologue on a 1 ms grid."""
    length = int(round(max(end for _, _, end in segments) * 1000)) + 1
    ours = np.zeros(length, dtype=bool)
    theirs = np.zeros(length, dtype=bool)
    for speaker, start, end in segments:
        target = ours if speaker == manager else theirs
        target[int(round(start * 1000)) : int(round(end * 1000))] = True

    solo = ours & ~theirs
    best = 0
    run_start = None
    last_solo_end = None
    other_since_solo = False
    for ms in range(length):
        if solo[ms]:
            joins = (
                run_start is not None
                and ms - last_solo_end < join_gap_s * 1000
                and not other_since_solo
            )
            if not joins:
                run_start = ms
            last_solo_end = ms + 1
            other_since_solo = False
            best = max(best, last_solo_end - run_start)
        elif theirs[ms]:
            other_since_solo = True

    ours_s, theirs_s = ours.sum() / 1000, theirs.sum() / 1000
    return {
        "talk_ratio": float(ours_s / (ours_s + theirs_s)),
        "overlap_s": float((ours & theirs).sum() / 1000),
        "longest_monologue_s": best / 1000,
    }


def cases():
    for path in RTTM_FILES:
        segments = read_rttm(path)
        for speaker in sorted({speaker for speaker, _, _ in segments}):
            yield pytest.param(path, speaker, id=f"{path.stem}-{speaker}")


def test_corpus_has_rttm_files():
    assert len(RTTM_FILES) >= 3, f"expected the AMI RTTM files in {CORPUS}"


@pytest.mark.parametrize("path,manager", list(cases()))
def test_turn_taking_matches_rttm(path, manager):
    segments = read_rttm(path)
    expected = grid_reference(segments, manager, DEFAULT_OPTIONS.monologue_join_gap_s)
    result = assess(record_from_rttm(segments, manager))
    monologue = result.pacing.longest_monologue
    longest = monologue.seconds if monologue else 0.0
    print(f"{path.stem} manager={manager}: expected {expected}; got talk ratio {result.pacing.talk_ratio:.6f}, "
          f"overlap {result.interruptions.overlap_s:.3f} s, longest monologue {longest:.3f} s")

    assert result.pacing.talk_ratio == pytest.approx(expected["talk_ratio"], abs=1e-5)
    assert result.interruptions.overlap_s == pytest.approx(expected["overlap_s"], abs=TOLERANCE_S)
    assert longest == pytest.approx(expected["longest_monologue_s"], abs=TOLERANCE_S)
    data = result.to_dict()
    assert data["metrics"]["pacing"]["talk_ratio"] == pytest.approx(expected["talk_ratio"], abs=1e-3)
    assert data["metrics"]["interruptions"]["overlap_s"] == pytest.approx(expected["overlap_s"], abs=TOLERANCE_S)


def test_persona_overlaps_count_once():
    # Two persona speakers talking at once are one persona: their overlap with
    # each other is neither manager time nor manager-persona overlap.
    segments = [("A", 0.0, 4.0), ("B", 1.0, 3.0), ("C", 2.0, 5.0)]
    data = assess(record_from_rttm(segments, "A")).to_dict()
    assert data["metrics"]["pacing"]["manager_speaking_s"] == pytest.approx(4.0)
    assert data["metrics"]["pacing"]["persona_speaking_s"] == pytest.approx(4.0)
    assert data["metrics"]["interruptions"]["overlap_s"] == pytest.approx(3.0)
    assert data["metrics"]["pacing"]["longest_monologue"]["seconds"] == pytest.approx(1.0)
