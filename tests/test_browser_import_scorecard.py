"""The practice page in headless Chromium: importing an OKR sheet, and the scorecard after a voice session."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time

import pytest

from assessment import assess
from tests.support.corpus import speech_clip
from tests.test_browser_practice import CHROMIUM, chromium_args, require_browser, write_microphone_wav

pytestmark = pytest.mark.browser

BROWSER_ARGS = ["--no-sandbox", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CLIP = "vctk_p314_272"
REPLY_TIMEOUT_S = 90.0

ACTIVITY_KR = "Launch the redesigned invoice editor"
VAGUE_KR = "Improve the invoicing experience"
OUTCOME_KR = "Raise the share of invoices paid within 30 days from 61% to 75%"
SHEET = f"""\
# Make invoicing effortless for small businesses

- {ACTIVITY_KR}
- {VAGUE_KR}
- {OUTCOME_KR}
"""


def open_import_panel(playwright, live_server):
    """Launch Chromium, load the page, and open the collapsed "Your own OKRs" panel."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=BROWSER_ARGS)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(live_server.url)
    page.wait_for_selector("#start:not([disabled])")
    assert not page.is_visible("#import-file"), "the import panel should start collapsed"
    page.click("#import summary")
    return browser, page


def verdict_flags(page) -> dict[str, list[str]]:
    """Return the flags the page shows for each Key Result of the import verdict."""
    verdict = {}
    for row in page.locator(".import-kr").all():
        text = row.locator(".import-kr-text").inner_text()
        verdict[text] = [badge.get_attribute("data-flag") for badge in row.locator(".badge").all()]
    return verdict


def test_import_sheet_selects_scenario(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    sheet = tmp_path / "browser-team.md"
    sheet.write_text(SHEET, encoding="utf-8")
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser, page = open_import_panel(playwright, live_server)
        try:
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.set_input_files("#import-file", str(sheet))
            page.select_option("#import-pattern", "task_lister")
            page.click("#import-button")
            page.wait_for_selector("#import-result:not([hidden]), #import-error:not([hidden])", timeout=15_000)
            error = page.inner_text("#import-error") if page.is_visible("#import-error") else ""
            verdict = verdict_flags(page)
            summary = page.inner_text(".import-summary")
            selected = page.input_value("#scenario")
            option_ids = page.eval_on_selector_all("#scenario option", "options => options.map((option) => option.value)")
            sheet_krs = page.locator("#okr-sheet .okr-kr-text").all_inner_texts()
            objective = page.inner_text("#okr-sheet .okr-objective")
            start_enabled = page.is_enabled("#start")
            page.screenshot(path=str(tmp_path / "imported.png"))
        finally:
            browser.close()

    assert error == "", f"the import failed: {error}"
    assert page_errors == [], f"uncaught errors in the page: {page_errors}"
    assert set(verdict) == {ACTIVITY_KR, VAGUE_KR, OUTCOME_KR}
    assert "activity" in verdict[ACTIVITY_KR]
    assert "outcome" not in verdict[ACTIVITY_KR]
    assert "vague" in verdict[VAGUE_KR]
    assert verdict[OUTCOME_KR] == ["outcome"]
    assert summary.startswith("3 Key Results read from browser-team.md")
    assert selected == "browser-team-task-lister"
    assert "task-lister" in option_ids, "the built-in scenarios are missing after the reload"
    assert sheet_krs == [ACTIVITY_KR, VAGUE_KR, OUTCOME_KR]
    assert objective == "Make invoicing effortless for small businesses"
    assert start_enabled


def test_import_errors_shown(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    pdf = tmp_path / "okrs.pdf"
    pdf.write_text(SHEET, encoding="utf-8")
    prose = tmp_path / "prose.md"
    prose.write_text("# Next quarter\n\nWe will do great things.\n", encoding="utf-8")

    with sync_playwright() as playwright:
        browser, page = open_import_panel(playwright, live_server)
        try:
            page.click("#import-button")
            no_file = page.inner_text("#import-error")

            page.set_input_files("#import-file", str(pdf))
            page.click("#import-button")
            page.wait_for_function("document.querySelector('#import-error').textContent.includes('.pdf')", timeout=15_000)
            wrong_suffix = page.inner_text("#import-error")

            page.set_input_files("#import-file", str(prose))
            page.click("#import-button")
            page.wait_for_function("document.querySelector('#import-error').textContent.includes('prose.md')", timeout=15_000)
            no_key_results = page.inner_text("#import-error")
            result_hidden = page.is_hidden("#import-result")
            selected = page.input_value("#scenario")
        finally:
            browser.close()

    assert no_file.startswith("Choose your OKR sheet first"), no_file
    assert wrong_suffix == "Unsupported file type '.pdf'; upload a Markdown (.md), YAML (.yaml), CSV, TSV or plain text (.txt) sheet.", wrong_suffix
    assert no_key_results.startswith("Could not build a scenario from prose.md: no Key Result found"), no_key_results
    assert result_hidden, "a failed import still shows a verdict"
    assert selected != "prose-task-lister"


def test_scorecard_after_voice_session(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    samples, _ = speech_clip(CLIP)
    wav_path = tmp_path / "manager.wav"
    write_microphone_wav(wav_path, samples)
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=chromium_args(wav_path))
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(f"{live_server.url}/?raw=1")
            page.wait_for_selector("#scenario option[value='task-lister']", state="attached")
            page.select_option("#scenario", "task-lister")
            page.click("#start")
            page.wait_for_function("['live', 'failed'].includes(window.pushback.state)", timeout=30_000)
            assert page.evaluate("window.pushback.state") == "live", f"the session did not start: {page.inner_text('#alert')}"

            # Wait for one manager turn and the persona's reply to it.
            deadline = time.monotonic() + REPLY_TIMEOUT_S
            while time.monotonic() < deadline:
                stats = page.evaluate("window.pushback.stats")
                if stats["transcripts"] and stats["utterancesStarted"] >= 2:
                    break
                time.sleep(0.5)
            assert stats["transcripts"], "no manager turn was transcribed"

            page.click("#end")
            page.wait_for_selector("#scorecard[open]", timeout=30_000)
            page.wait_for_function("window.pushback.state === 'ended'", timeout=15_000)
            page.screenshot(path=str(tmp_path / "scorecard.png"))

            dimensions = page.eval_on_selector_all(".dimension", "cards => cards.map((card) => card.dataset.dimension)")
            scores = page.locator(".dimension-score").all_inner_texts()
            statuses = page.eval_on_selector_all(".check", "checks => checks.map((check) => check.dataset.status)")
            tips = page.locator(".tip-title").all_inner_texts()
            findings = page.locator(".finding").count()
            times = page.locator(".evidence-time").all_inner_texts()
            assessment = page.evaluate("window.pushback.stats.assessment")

            page.click(".scorecard-close")
            closed = not page.evaluate("document.querySelector('#scorecard').open")
            page.click("#show-scorecard")
            reopened = page.evaluate("document.querySelector('#scorecard').open")
        finally:
            browser.close()

    assert page_errors == [], f"uncaught errors in the page: {page_errors}"
    assert assessment is not None, "the page received no assessment event"
    assert dimensions == ["pacing", "interruptions", "challenge"]
    assert len(scores) == 3
    for score, dimension in zip(scores, assessment["scorecard"]):
        # The page rounds half up, as JavaScript's Math.round does.
        expected = "not measured" if dimension["score"] is None else f"{math.floor(dimension['score'] + 0.5)}/100"
        assert score == expected, f"{dimension['id']}: shown {score!r}, expected {expected!r}"
    assert set(statuses) <= {"yes", "partly", "no", "not_measured"}
    assert len(statuses) == sum(len(dimension["checks"]) for dimension in assessment["scorecard"])
    assert len(tips) == 3, f"expected three coaching tips, got {tips}"
    assert findings > 0, "the scorecard lists no Key Result"
    assert findings == len(assessment["key_results"])
    for shown in times:
        assert re.fullmatch(r"\d\d:\d\d", shown), f"timestamp {shown!r} is not mm:ss"
    assert closed, "Close did not close the scorecard"
    assert reopened, "the Scorecard button did not reopen it"


def text_session_assessment(tmp_path) -> dict:
    """Return the assessment of a `pushback chat` session in which the manager approves weak Key Results."""
    manager_lines = [
        "Walk me through the first one: what changes for customers when it ships?",
        "Yes, that looks good, approved.",
        "Looks fine to me.",
    ]
    record_path = tmp_path / "text-session.json"
    subprocess.run(
        [sys.executable, "-m", "server.cli", "chat", "task-lister", "--session-out", str(record_path)],
        input="\n".join(manager_lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return assess(json.loads(record_path.read_text(encoding="utf-8"))).to_dict()


def test_scorecard_text_session_approvals(live_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    assessment = text_session_assessment(tmp_path)
    approved_texts = [item["text"] for item in assessment["approved_weak"]]
    assert approved_texts, "the scripted manager approved no weak Key Result, so there is nothing to show"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(live_server.url)
            page.wait_for_selector("#start:not([disabled])")
            page.evaluate(
                """async (assessment) => {
                    const { Scorecard } = await import("/static/scorecard.js");
                    new Scorecard(document.getElementById("scorecard"), document.getElementById("show-scorecard")).show(assessment);
                }""",
                assessment,
            )
            page.wait_for_selector("#scorecard[open]")
            page.screenshot(path=str(tmp_path / "scorecard-text.png"), full_page=True)
            callout_title = page.inner_text(".scorecard-approved h3")
            callout_krs = page.locator(".approved-kr-text").all_inner_texts()
            callout_quotes = page.locator(".scorecard-approved .evidence-quote").all_inner_texts()
            scores = dict(zip(
                page.eval_on_selector_all(".dimension", "cards => cards.map((card) => card.dataset.dimension)"),
                page.locator(".dimension-score").all_inner_texts(),
            ))
            pacing_statuses = page.locator(".dimension[data-dimension='pacing'] .check-status").all_inner_texts()
            times = page.locator(".evidence-time").count()
        finally:
            browser.close()

    count = len(approved_texts)
    assert callout_title == f"You approved {count} weak Key Result{'s' if count > 1 else ''} unchanged"
    assert callout_krs == approved_texts
    assert "Yes, that looks good, approved." in callout_quotes
    assert scores["pacing"] == "not measured"
    assert scores["interruptions"] == "not measured"
    assert scores["challenge"].endswith("/100")
    assert pacing_statuses and set(pacing_statuses) == {"not measured"}
    assert times == 0, "a text session has no times, so no quote should show one"
