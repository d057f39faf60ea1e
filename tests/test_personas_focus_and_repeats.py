"""Regression cases from a new-user test: focus, recap, approval state, mood and repeats."""

from __future__ import annotations

import re

import pytest

from personas import Conversation, load_scenario
from personas.actors.scripted import split_sentences
from personas.importer import build_scenario
from personas.schema import parse_scenario


def opened(scenario_id: str = "task-lister") -> Conversation:
    conv = Conversation(load_scenario(scenario_id))
    conv.opening()
    return conv


async def test_baseline_question_keeps_focus():
    conv = opened()
    await conv.respond("What changes for the customer if the onboarding flow ships?")
    await conv.respond("How would we know that new users are actually getting value faster?")

    reply = await conv.respond("What share of new signups reach their first successful project today?")

    assert reply.decision["key_result"] == "kr1"
    assert reply.decision["key_results"]["kr2"] == "untouched"


async def test_revision_lands_on_discussed_key_result():
    conv = opened()
    for line in (
        "What changes for the customer if the onboarding flow ships?",
        "How would we know that new users are actually getting value faster?",
        "What share of new signups reach their first successful project today?",
        "Could we make that the Key Result instead of the launch itself?",
    ):
        reply = await conv.respond(line)

    states = {item["id"]: item["state"] for item in conv.key_results()}
    assert states["kr1"] == "revised"
    assert states["kr2"] == "untouched"
    assert "38% to 25%" in reply.text


@pytest.mark.parametrize(
    "line, key_result",
    [
        ("What about the second one, the help center articles?", "kr3"),
        ("let's talk about the workshops", "kr2"),
        ("kr 3, what changes for customers?", "kr3"),
        ("Okay, let's move on to the next one.", "kr2"),
        ("What is the lead time from merge to production today?", "kr1"),
    ],
)
async def test_focus_moves_only_on_clear_reference(line, key_result):
    conv = opened()

    reply = await conv.respond(line)

    assert reply.decision["key_result"] == key_result


async def test_recap_summarises_without_representing():
    conv = opened()
    await conv.respond("kr 3, what changes for customers when the articles are live?")
    await conv.respond("how would we measure that?")
    await conv.respond("what would a better version be?")

    reply = await conv.respond("Let's recap: which Key Results do we have now?")

    assert reply.stance == "recap"
    assert "Cut invoicing support tickets per 100 new customers from 18 to 8" in reply.text
    assert "This one says" not in reply.text
    assert reply.decision["key_results"]["kr3"] == "revised"


async def test_approved_state_survives_later_pushback():
    conv = opened("sandbagger")
    for line in ("Looks great, I think this is fine.", "Yeah, sounds good to me.", "Sure, let's keep it."):
        await conv.respond(line)

    replies = [await conv.respond("Just change it to a number. Just change it to a number now.") for _ in range(2)]

    assert all(reply.decision["key_results"]["kr3"] == "approved_weak" for reply in replies)


async def test_accepted_approval_matches_state():
    conv = opened("sandbagger")

    reply = await conv.respond("Looks great, I think this is fine.")

    assert reply.stance == "accept_approval"
    assert reply.decision["key_results"]["kr1"] in ("approved", "approved_weak")


@pytest.mark.parametrize(
    "line",
    ["This is lazy work, honestly.", "Thanks, but this is lazy work.", "Looks fine, but honestly it's lazy work."],
)
async def test_judgement_never_raises_motivation(line):
    conv = opened("sandbagger")
    before = conv.motivation

    reply = await conv.respond(line)

    assert reply.stance == "push_back_on_tone"
    assert conv.motivation < before


async def test_repeated_approval_lifts_nothing():
    conv = opened("sandbagger")
    for line in ("Looks great.", "Sounds good.", "Sure, let's keep it."):
        await conv.respond(line)
    settled = conv.motivation

    await conv.respond("That's fine too.")

    assert conv.motivation == settled


async def test_meeting_closes_once():
    conv = opened("sandbagger")
    replies = [
        await conv.respond(line)
        for line in ("Looks great.", "Sounds good.", "Sure, let's keep it.", "That's fine too.", "Sounds good.", "All good.")
    ]

    closings = [reply for reply in replies if re.search(r"that's all of them|covers everything|that's the lot", reply.text)]
    assert len(closings) == 1


async def no_repeated_sentence(conv: Conversation, lines: list[str]) -> list[str]:
    said: list[str] = []
    for line in lines:
        reply = await conv.respond(line)
        said.extend(split_sentences(reply.text))
    return said


async def test_no_sentence_repeats_on_pressure():
    conv = opened("sandbagger")
    lines = ["Is that a good Key Result?"] * 6 + ["Just change it to a number."] * 6

    said = await no_repeated_sentence(conv, lines)

    repeats = {sentence for sentence in said if said.count(sentence) > 1}
    assert not repeats


def imported(tmp_path, pattern: str):
    sheet = tmp_path / "okrs.md"
    sheet.write_text(
        "# Make deployments boring\n"
        "- Launch the new CI pipeline by August\n"
        "- Improve developer experience\n"
        "- Work with the payments team to ship the checkout migration\n",
        encoding="utf-8",
    )
    return parse_scenario(build_scenario(sheet, pattern), str(sheet))


async def test_imported_sheet_repeats_no_defence(tmp_path):
    conv = Conversation(imported(tmp_path, "task_lister"))
    conv.opening()
    lines = ["Thanks for the draft.", "Why is this one in?", "Is that a good Key Result?", "Okay, go on.",
             "Let's move on to the next one.", "What do you mean by developer experience?", "Is that a good Key Result?",
             "Why this one?", "Is that a good Key Result?", "Okay."]

    said = await no_repeated_sentence(conv, lines)

    defence = "most concrete thing we can deliver this quarter"
    assert sum(defence in sentence for sentence in said) <= 1
    assert not {sentence for sentence in said if said.count(sentence) > 1}


async def test_imported_sandbagger_fits_sheet(tmp_path):
    conv = Conversation(imported(tmp_path, "sandbagger"))
    conv.opening()
    lines = ["Why this one?", "Is that a good Key Result?", "How confident are you?", "Why this one?",
             "Is that ambitious?", "Is that a good Key Result?", "Just change it.", "Really?"]

    said = " ".join(await no_repeated_sentence(conv, lines))

    assert "my reps" not in said
    assert "a number I know we can hit" not in said
