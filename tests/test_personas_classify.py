"""The classifier on manager utterances as speech-to-text delivers them."""

from __future__ import annotations

import pytest

from personas import load_scenario
from personas.classify import Classifier


@pytest.fixture(scope="module")
def classify():
    return Classifier(load_scenario("task-lister")).classify


@pytest.mark.parametrize(
    "text, question, open_question, probes",
    [
        ("um so what changes for the customer", True, True, ("outcome",)),
        ("What changes for the customer?", True, True, ("outcome",)),
        ("uh is that the number today", True, False, ("measurement", "baseline")),
        ("how would an outsider know we'd done it", True, True, ("measurement",)),
        ("on a scale of one to ten how confident are you", True, True, ("ambition",)),
        ("like how much of that is in your hands", True, True, ("baseline", "control")),
        ("if you had to keep three which ones matter most", True, False, ("priority",)),
        ("i think it should be a metric", False, False, ("measurement",)),
        ("so churn today is 38% right", True, False, ("baseline",)),
    ],
)
def test_question_and_probe(classify, text, question, open_question, probes):
    move = classify(text)

    assert move.question is question
    assert move.open is open_question
    assert move.probes == probes


def test_leading_and_stacked(classify):
    assert classify("don't you think it should be a number").leading
    assert classify("churn is 38 percent right").leading
    assert not classify("you're right").leading
    assert classify("what's the number today and how do you measure it").stacked
    assert not classify("what about the workshops, how many customers come").stacked


@pytest.mark.parametrize(
    "text, key_result",
    [
        ("the second one", "kr2"),
        ("kr 3", "kr3"),
        ("let's talk about the workshops", "kr2"),
        ("what about the help centre articles", "kr3"),
        ("the last one", "kr3"),
        ("what happens in the first week", None),
    ],
)
def test_key_result_named(classify, text, key_result):
    assert classify(text).key_result == key_result


@pytest.mark.parametrize(
    "text, approval, approve_all",
    [
        ("yeah looks good", True, False),
        ("perfect", True, False),
        ("ok fine let's go with them all", True, True),
        ("i'm not happy with this one", False, False),
        ("that's fine but how would we know", False, False),
        ("doesn't look good to me", False, False),
    ],
)
def test_approval(classify, text, approval, approve_all):
    move = classify(text)

    assert move.approval is approval
    assert move.approve_all is approve_all


def test_acknowledgement_judgement_pressure(classify):
    assert classify("thanks, i can see the work that went into this").acknowledgement
    assert not classify("i don't understand").acknowledgement
    assert classify("this is pretty lazy").judgement
    assert classify("you need to change it").pressure
    assert not classify("what would you change it to").pressure
    assert classify("what would you change it to").revision_requested
    assert classify("these won't be used in your review").reassurance


def test_nothing_matched(classify):
    move = classify("banana weather tomorrow")

    assert not move.matched
    assert classify("").words == 0
