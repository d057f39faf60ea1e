"""Checks on each sentence the language model streams, before the manager hears it."""

from __future__ import annotations

import re

from personas.director import Cue
from personas.scenario import Scenario

OUT_OF_CHARACTER = re.compile(
    r"\b(?:as an ai|an ai (?:language )?model|language model|i(?:'m| am) an ai|artificial intelligence|chatbot|"
    r"openai|chatgpt|stage direction|role-?play|in character|out of character|as an assistant|"
    r"i(?:'m| am) an assistant|i (?:cannot|can't) (?:assist|help) with|my instructions|system prompt)\b",
    re.IGNORECASE,
)
# Brackets or a "Manager:" label mean the model is echoing the prompt or writing both parts.
PROMPT_ECHO = re.compile(r"\[|\bmanager:", re.IGNORECASE)
GIVING_GROUND = re.compile(
    r"\b(?:you're right|you are right|let's change it|i'll change it|we should rewrite|i'll rewrite|"
    r"i agree, (?:it|this) is weak)\b",
    re.IGNORECASE,
)
HOLDING_STANCES = ("explain", "defend", "deflect", "push_back_on_tone", "reveal_fact")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    return {match.replace(",", "").rstrip(".") for match in NUMBER.findall(text)}


def forbidden_numbers(scenario: Scenario, cue: Cue, spoken_by_manager: str) -> set[str]:
    """Return numbers the persona may not say yet: in withheld facts and unproposed revisions."""
    allowed = numbers_in(spoken_by_manager)
    for objective in scenario.objectives:
        allowed |= numbers_in(objective.text)
    for key_result in scenario.key_results:
        allowed |= numbers_in(key_result.text)
    for fact in cue.revealed:
        allowed |= numbers_in(fact.text)
    hidden: set[str] = set()
    for fact in cue.withheld:
        hidden |= numbers_in(fact.text)
    for key_result in scenario.key_results:
        proposing = cue.key_result is key_result and (
            cue.stance == "propose_revision" or cue.key_result_state == "revised"
        )
        if proposing:
            allowed |= numbers_in(key_result.revised)
        else:
            hidden |= numbers_in(key_result.revised)
    return hidden - allowed


def check_sentence(sentence: str, cue: Cue, forbidden: set[str]) -> str | None:
    """Return why ``sentence`` must not be spoken, or None when it may be."""
    if OUT_OF_CHARACTER.search(sentence) or PROMPT_ECHO.search(sentence):
        return "out of character"
    if cue.stance in HOLDING_STANCES and GIVING_GROUND.search(sentence):
        return f"gives ground against the stance {cue.stance}"
    # NOTE: numbers spelled out in words ("thirty-eight") pass this check.
    leaked = numbers_in(sentence) & forbidden
    if leaked:
        return f"reveals withheld numbers {', '.join(sorted(leaked))}"
    return None


def clean_sentence(sentence: str, persona_name: str) -> str:
    """Strip markdown emphasis, list markers, quotes and a leading speaker name."""
    sentence = sentence.replace("**", "").replace("*", "").strip()
    sentence = re.sub(r"^(?:[-#>]+|\d+\.)\s+", "", sentence)
    sentence = re.sub(rf"^{re.escape(persona_name)}:\s*", "", sentence)
    return sentence.strip().strip('"').strip()
