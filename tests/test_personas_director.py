"""The director and the scripted actor through ``Conversation``: how the persona keeps its ground."""

from __future__ import annotations

import pytest

from personas import Conversation, load_scenario

TONE_WORDS = ("harsh", "fair", "stings", "hurts", "dig in", "ouch")


def opened(scenario_id: str = "task-lister") -> Conversation:
    conv = Conversation(load_scenario(scenario_id))
    conv.opening()
    return conv


@pytest.mark.parametrize("scenario_id", ["task-lister", "sandbagger", "fog-machine", "dependent", "everything-keeper"])
async def test_repeated_challenge_does_not_concede(scenario_id):
    conv = opened(scenario_id)
    challenge = {
        "task-lister": "what changes for the customer when it ships?",
        "sandbagger": "how confident are you, on a scale of 1 to 10?",
        "fog-machine": "how would an outsider know?",
        "dependent": "how much of that do you control?",
        "everything-keeper": "if you could only keep three, would this be one?",
    }[scenario_id]

    replies = [await conv.respond(challenge) for _ in range(5)]

    states = [reply.decision["key_results"]["kr1"] for reply in replies]
    assert "conceded" not in states
    assert "revised" not in states
    assert [reply.stance for reply in replies[1:]] == ["deflect"] * 4
    assert replies[-1].decision["resistance"] == replies[0].decision["resistance"]
    assert len({reply.text for reply in replies}) == 5


async def test_new_good_challenges_make_the_persona_concede():
    conv = opened()

    first = await conv.respond("what changes for a new customer once the flow ships?")
    second = await conv.respond("and how would we measure whether it worked?")

    assert first.stance == "defend"
    assert second.stance == "concede"
    assert conv.key_results()[0]["state"] == "conceded"


async def test_judgement_costs_motivation_and_hardens():
    conv = opened()
    before = conv.motivation

    reply = await conv.respond("honestly this is lazy, you're just listing tasks")

    assert reply.stance == "push_back_on_tone"
    assert conv.motivation == pytest.approx(before - 0.15)
    assert reply.decision["motivation"] == pytest.approx(before - 0.15, abs=0.001)
    assert any(word in reply.text.lower() for word in TONE_WORDS), reply.text
    assert reply.decision["resistance"] == 3.0
    # The two good challenges that make an unhurt persona concede no longer do.
    await conv.respond("what changes for a new customer once the flow ships?")
    after = await conv.respond("and how would we measure whether it worked?")
    assert after.stance != "concede"
    assert conv.key_results()[0]["state"] == "defended"


async def test_blame_in_stt_form_is_judgement():
    conv = opened("sandbagger")

    reply = await conv.respond("um so you're basically sandbagging again come on")

    assert reply.stance == "push_back_on_tone"
    assert conv.motivation < 0.7


async def test_weak_approval_is_accepted_gladly():
    conv = opened()
    before = conv.motivation

    reply = await conv.respond("yeah that looks good to me")

    assert reply.stance == "accept_approval"
    assert conv.key_results()[0]["state"] == "approved_weak"
    assert conv.motivation > before
    assert reply.decision["approved"] == ["kr1"]
    assert reply.decision["next_key_result"] == "kr2"
    assert "Run six customer workshops" in reply.text


async def test_unmatched_words_get_not_following():
    conv = opened()

    reply = await conv.respond("banana weather tomorrow")

    assert reply.stance == "not_following"
    assert "?" in reply.text
    assert conv.key_results()[0]["state"] == "untouched"


async def test_long_monologue_is_interrupted_once_per_turn():
    conv = opened()

    assert conv.should_interrupt(20, 6.0) is None
    line = conv.should_interrupt(115, 38.0)
    assert line and "?" in line
    assert conv.should_interrupt(140, 50.0) is None
    await conv.respond("so what changes for the customer")
    second = conv.should_interrupt(30, 46.0)
    assert second and second != line


async def test_typed_monologue_gets_interrupt_stance():
    conv = opened()

    reply = await conv.respond(" ".join(["and then we also need to think about the roadmap"] * 20))

    assert reply.stance == "interrupt"


async def test_unheard_fact_counts_as_not_said():
    conv = opened()
    reply = await conv.respond("what's seven day churn today")
    assert reply.stance == "reveal_fact"

    conv.heard(reply.text, reply.text.split(" ")[0])
    again = await conv.respond("sorry, what's seven day churn today")

    assert again.stance == "reveal_fact"
    assert "38%" in again.text
    assert conv.history[-3].text == reply.text.split(" ")[0]


async def test_reassurance_lowers_sandbagger_resistance():
    conv = opened("sandbagger")

    reply = await conv.respond("i want to be clear these okrs won't be used in your performance review")

    assert reply.decision["resistance"] == 1.5
    assert conv.trust > 0.4


async def test_approve_all_marks_every_weak_key_result():
    conv = opened("everything-keeper")

    reply = await conv.respond("these all look important, let's go with all of them")

    assert reply.decision["approved"] == [f"kr{index}" for index in range(1, 8)]
    assert {kr["state"] for kr in conv.key_results()} == {"approved_weak"}
