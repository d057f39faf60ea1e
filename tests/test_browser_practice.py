"""The practice page in headless Chromium: a fake microphone speaks, the page shows and plays the reply."""

from __future__ import annotations

import json
import os
import time
import wave
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.support.corpus import speech_clip
from tests.support.text import normalise_words

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CLIP = "jfk"
SAMPLE_RATE = 16000
# Silence before the speech covers the time from getUserMedia to `ready`,
# because the page drops frames until then. Silence after it ends the turn and
# leaves the persona time to reply before the fake microphone loops the file.
LEADING_SILENCE_S = 2.0
TRAILING_SILENCE_S = 10.0
MIN_WORD_RECALL = 0.8
MIN_PLAYED_S = 1.0
TIMEOUT_S = 90.0


def require_browser():
    """Skip when Chromium or Playwright is missing, unless PUSHBACK_REQUIRE_BROWSER=1 makes that a failure."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found; install Debian's chromium package (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright for Python is not installed; run pip install '.[test]'"
    if problem is None:
        return
    if os.environ.get("PUSHBACK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{problem} (PUSHBACK_REQUIRE_BROWSER=1 turns this skip into a failure)")
    pytest.skip(problem)


def write_microphone_wav(path: Path, samples: np.ndarray) -> None:
    """Write the clip between stretches of silence as 16 kHz mono PCM16, the format of Chromium's fake microphone."""
    leading = np.zeros(int(LEADING_SILENCE_S * SAMPLE_RATE), dtype=np.int16)
    trailing = np.zeros(int(TRAILING_SILENCE_S * SAMPLE_RATE), dtype=np.int16)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(np.concatenate([leading, samples, trailing]).tobytes())


def word_recall(reference: str, hypothesis: str) -> float:
    """Return the share of reference words, counted with repeats, that the hypothesis contains."""
    reference_counts = Counter(normalise_words(reference))
    hypothesis_counts = Counter(normalise_words(hypothesis))
    matched = sum(min(count, hypothesis_counts[word]) for word, count in reference_counts.items())
    return matched / max(1, sum(reference_counts.values()))


def chromium_args(wav_path: Path) -> list[str]:
    # The file loops: if the first pass starts before the session is ready,
    # the next pass is heard whole.
    return [
        "--no-sandbox",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav_path}",
        "--autoplay-policy=no-user-gesture-required",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]


def test_practice_page_voice_turn(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    samples, reference = speech_clip(CLIP)
    wav_path = tmp_path / "manager.wav"
    write_microphone_wav(wav_path, samples)
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=chromium_args(wav_path)
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            # raw=1 turns off echo cancellation, noise suppression and gain
            # control, which would alter the file's audio.
            page.goto(f"{live_server.url}/?raw=1")
            page.wait_for_selector("#scenario option[value='task-lister']", state="attached")
            page.select_option("#scenario", "task-lister")
            page.check("input[name='mode'][value='headset']")
            page.click("#start")
            page.wait_for_function("['live', 'failed'].includes(window.pushback.state)", timeout=30_000)
            state = page.evaluate("window.pushback.state")
            assert state == "live", f"the session did not start: {page.inner_text('#alert')}"

            sample_rate = page.evaluate("window.pushback.sampleRate")
            deadline = time.monotonic() + TIMEOUT_S
            while True:
                page_transcript = " ".join(page.locator(".turn-manager:not(.turn-pending) .turn-text").all_inner_texts())
                stats = page.evaluate("window.pushback.stats")
                enough_audio = stats["playedSamples"] >= MIN_PLAYED_S * sample_rate
                # The opening and the reply to the manager's turn.
                if word_recall(reference, page_transcript) >= MIN_WORD_RECALL and enough_audio and stats["utterancesStarted"] >= 2:
                    break
                if time.monotonic() > deadline:
                    break
                time.sleep(0.5)

            page.screenshot(path=str(tmp_path / "practice.png"))
            session_id = page.evaluate("window.pushback.sessionId")
            page.click("#end")
            page.wait_for_function("window.pushback.state === 'ended'", timeout=15_000)
            end_reason = page.evaluate("window.pushback.stats.endReason")
        finally:
            browser.close()

    print(f"page_transcript={page_transcript!r} stats={json.dumps({k: v for k, v in stats.items() if k != 'latency'})}")
    assert page_errors == [], f"uncaught errors in the page: {page_errors}"
    assert stats["errors"] == [], f"the server sent error events: {stats['errors']}"
    assert stats["framesSent"] > 0, "no microphone frames were sent"
    assert word_recall(reference, page_transcript) >= MIN_WORD_RECALL, f"page transcript {page_transcript!r} vs reference {reference!r}"
    assert stats["personaTexts"], "no persona sentence reached the page"
    assert stats["utterancesStarted"] >= 2, "the opening and the reply did not both start playing"
    assert stats["playedSamples"] >= MIN_PLAYED_S * sample_rate, f"only {stats['playedSamples']} samples played"
    assert end_reason == "manager_ended", f"the server did not confirm the end (reason {end_reason!r})"

    record_path = Path(live_server.settings.data_dir, "sessions", f"{session_id}.json")
    record = json.loads(record_path.read_text())
    played = [turn["first_audio_played_ms"] for turn in record["turns"]]
    assert any(value is not None for value in played), "the record has no first_audio_played_ms from the page"


def test_practice_page_microphone_denied(live_server):
    require_browser()
    from playwright.sync_api import sync_playwright

    # Without --use-fake-ui-for-media-stream, headless Chromium dismisses the
    # permission prompt, which getUserMedia reports as NotAllowedError.
    args = ["--no-sandbox", "--use-fake-device-for-media-stream", "--no-first-run", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            page = browser.new_page()
            page.goto(live_server.url)
            page.wait_for_selector("#start:not([disabled])")
            page.click("#start")
            page.wait_for_selector("#alert:not([hidden])", timeout=15_000)
            alert = page.inner_text("#alert")
            state = page.evaluate("window.pushback.state")
            start_enabled = page.is_enabled("#start")
        finally:
            browser.close()

    assert alert.startswith("Pushback needs your microphone"), alert
    assert state == "failed"
    assert start_enabled, "Start stays disabled after the microphone was denied"
