"""The replay page in headless Chromium: seek from the transcript, coach notes, and the read-only link."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.support.corpus import speech_clip
from tests.support.voice_client import SimulatedClient
from tests.test_browser_practice import CHROMIUM, require_browser

pytestmark = pytest.mark.browser

SEEK_TOLERANCE_S = 0.3
NOTE_TEXT = "Good open question: you asked before telling."


async def _record_session(base_url: str) -> dict:
    """Run a short real voice session (opening, one manager turn, the reply) and end it."""
    samples, _ = speech_clip("vctk_p238_165")
    async with SimulatedClient(base_url) as client:
        await client.wait_persona_done(1, timeout=30)
        await client.speak(samples)
        reply = await client.wait_for(lambda m: m["type"] == "persona_text" and m["utterance"] == 2, timeout=20)
        await client.wait_persona_done(reply["utterance"], timeout=30)
        await client.send_json({"type": "end"})
        await client.wait_for(lambda m: m["type"] == "ended", timeout=10)
        return client.session


def _wait_assessed(storage, session_id: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while storage.get_assessment(session_id) is None:
        assert time.monotonic() < deadline, f"session {session_id} was not assessed within {timeout}s"
        storage.flush()
        time.sleep(0.2)


def _open_replay(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("['ready', 'failed'].includes(window.replay && window.replay.state)", timeout=15_000)
    assert page.evaluate("window.replay.state") == "ready", page.inner_text("#alert")
    page.wait_for_function("document.querySelector('#player').readyState >= 1", timeout=15_000)


def test_replay_seek_and_coach_notes(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    session = asyncio.run(_record_session(live_server.url))
    storage = live_server.app.state.storage
    _wait_assessed(storage, session["session_id"])
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--no-first-run", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("pageerror", lambda error: page_errors.append(str(error)))

            # Coach link: seek from the transcript, then add a note.
            _open_replay(page, live_server.url + session["coach_url"])
            assert page.evaluate("window.replay.role") == "coach"
            line = page.locator(".line-manager").first
            start = float(line.get_attribute("data-start"))
            assert start > 1.0, "the manager's line starts after the opening"
            line.click()
            page.wait_for_function(
                f"Math.abs(document.querySelector('#player').currentTime - {start}) < {SEEK_TOLERANCE_S}", timeout=10_000
            )
            position = page.evaluate("document.querySelector('#player').currentTime")
            page.wait_for_selector(".line-manager.current", timeout=5_000)

            assert page.is_visible("#note-form")
            page.fill("#note-author", "Ana Coach")
            page.fill("#note-text", NOTE_TEXT)
            page.click("#note-save")
            page.wait_for_selector(f".note:has-text('{NOTE_TEXT}')", timeout=10_000)
            page.screenshot(path=str(tmp_path / "replay-coach.png"), full_page=True)

            page.reload()
            _open_replay(page, live_server.url + session["coach_url"])
            saved = page.locator(".note").filter(has_text=NOTE_TEXT)
            assert saved.count() == 1, "the note is gone after a reload"
            assert "Ana Coach" in saved.inner_text()
            assert page.locator(".marker-note").count() == 1

            # Read-only link: no note form, and the API refuses a note.
            _open_replay(page, live_server.url + session["replay_url"])
            assert page.evaluate("window.replay.role") == "replay"
            form_visible = page.is_visible("#note-form")
            readonly_visible = page.is_visible("#notes-readonly")
            status = page.evaluate(
                """async () => {
                    const ref = window.replay.ref;
                    const response = await fetch(`/api/replays/${ref}/notes`, {
                        method: "POST",
                        headers: {"Content-Type": "application/json"},
                        body: JSON.stringify({at: 1.0, text: "sneaky", author: "Someone"}),
                    });
                    return response.status;
                }"""
            )
            notes_on_replay = page.locator(".note").filter(has_text=NOTE_TEXT).count()
            edit_buttons = page.locator(".note-edit").count()
        finally:
            browser.close()

    assert page_errors == [], f"uncaught errors in the page: {page_errors}"
    assert abs(position - start) < SEEK_TOLERANCE_S, (position, start)
    assert form_visible is False, "the read-only link shows the note form"
    assert readonly_visible is True
    assert edit_buttons == 0
    assert status == 403
    assert notes_on_replay == 1, "the read-only link does not show the coach's note"
    notes = storage.list_notes(session["session_id"])
    assert [note["text"] for note in notes] == [NOTE_TEXT]
    assert notes[0]["author"] == "Ana Coach"
    assert notes[0]["at"] == pytest.approx(position, abs=0.2)
