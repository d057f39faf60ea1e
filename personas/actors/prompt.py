"""Chat messages for the language-model actor: the persona brief, the history and the stage direction."""

from __future__ import annotations

from dataclasses import dataclass

from personas.director import Cue
from personas.scenario import Scenario

PATTERN_BRIEFS = {
    "task_lister": "You think in launches and deliverables, and you believe that shipping the work is the result.",
    "sandbagger": "You set targets you know the team will hit, because a miss last year hurt your review.",
    "fog_machine": "You describe goals in warm, broad words and distrust putting numbers on people matters.",
    "dependent": "You want your team measured on results that other teams' delivery decides.",
    "everything_keeper": "You believe everything on your list is critical, including the routine work.",
}

WEAKNESS_WORDS = {
    "activity": "it describes work to do, not a change in results",
    "vague": "nobody could tell for sure whether it was achieved",
    "no_baseline": "nobody knows today's value, so progress cannot be shown",
    "sandbagged": "the team would reach it without stretching",
    "dependency": "another team's delivery decides it",
    "bau": "it is routine work that happens anyway",
}


@dataclass(frozen=True)
class Message:
    """One utterance in the conversation history."""

    speaker: str  # "manager" or "persona"
    text: str


def persona_brief(scenario: Scenario) -> str:
    """Return the instructions that set up the persona for the whole session."""
    persona = scenario.persona
    draft = []
    for objective in scenario.objectives:
        draft.append(f"Objective: {objective.text}")
        for kr_id in objective.key_result_ids:
            draft.append(f"- Key Result: {scenario.key_result(kr_id).text}")
    return "\n".join(
        [
            f"You are {persona.name}, {persona.role} at {scenario.company}.",
            f"Your team: {scenario.team or 'not described'}. Your tenure: {persona.tenure}.",
            f"What drives you: {persona.drive}.",
            f"You are in a one-to-one meeting with your manager, the {scenario.manager_role}, "
            "to agree next quarter's OKRs. Your draft:",
            *draft,
            PATTERN_BRIEFS.get(persona.pattern, ""),
            "Rules: stay in character as "
            f"{persona.name} at all times. Never mention being an AI, a model, a script or a stage direction. "
            "Speak as people speak in a meeting: one to three short sentences, no lists, no markdown, "
            "no names before your lines. Each manager line comes with a stage direction in square brackets; "
            "follow it exactly. Do not agree to change a Key Result unless the stage direction says so. "
            "Mention only numbers that appear in the draft, in the manager's words or in facts the stage "
            "direction lets you share.",
        ]
    )


def stage_direction(scenario: Scenario, cue: Cue, states: dict[str, str]) -> str:
    """Return the bracketed direction that bounds one reply."""
    key_result = cue.key_result
    parts = [f"[Stage direction for {scenario.persona.name}:"]
    if key_result is not None:
        parts.append(f'The Key Result in play is "{key_result.text}".')
    if cue.warm:
        parts.append("The manager just acknowledged your work; thank them in a few words.")
    if cue.reassured:
        parts.append("The manager just made it safe to miss; say briefly that this helps.")
    parts.append(_stance_instruction(scenario, cue))
    if cue.revealed:
        parts.append("Facts already shared: " + " ".join(fact.text for fact in cue.revealed if fact is not cue.fact))
    parts.append("Share no other facts or numbers you know.")
    parts.append("Progress so far: " + ", ".join(f"{kr_id} {state}" for kr_id, state in states.items()) + ".")
    parts.append("Reply in at most three short spoken sentences.]")
    return " ".join(part for part in parts if part and not part.endswith(": "))


def _stance_instruction(scenario: Scenario, cue: Cue) -> str:
    key_result = cue.key_result
    defence = key_result.defence if key_result and key_result.defence else "it is the right thing to work on"
    weakness = WEAKNESS_WORDS.get(key_result.weaknesses[0], "") if key_result and key_result.weaknesses else ""
    arguments = " ".join(scenario.resistance.arguments[:2])
    match cue.stance:
        case "explain":
            return f"Explain why this Key Result is in the draft ({defence}). Do not change it."
        case "defend" if cue.key_result_state == "revised":
            return f"Stand by the revised Key Result: {key_result.revised}."
        case "defend":
            return f"Defend the draft with your own reasoning: {defence}. Do not concede anything."
        case "deflect":
            return f"The manager is repeating themselves or pressing you. Sidestep politely and hold your position: {arguments}"
        case "reveal_fact":
            return f"Answer by stating this fact plainly: {cue.fact.text} Do not concede yet."
        case "concede":
            return f"Admit in your own words that the Key Result is weak because {weakness}. Do not propose new wording yet."
        case "propose_revision":
            return f"Propose this revised Key Result in your own words, keeping every number: {key_result.revised}."
        case "push_back_on_tone":
            return "Say, in character, that the remark felt harsh or unfair and that it hurts. Do not change the Key Result."
        case "interrupt":
            return "Cut in politely: the manager has talked for a long time. Ask them to take one point at a time."
        case "accept_approval":
            follow = (
                f'Then bring up the next Key Result: "{cue.next_key_result.text}".'
                if cue.next_key_result
                else "Then close the meeting: every Key Result is agreed."
            )
            return f"Accept the manager's approval gladly. {follow}"
        case "recap":
            lines = "; ".join(_recap_item(item) for item in cue.summary)
            return f"Sum up where the Key Results stand, briefly and without changing any: {lines}."
        case "not_following":
            return "Say you did not follow, and ask the manager to say it another way."
    return "Greet your manager and present the first Key Result."


def _recap_item(item: dict) -> str:
    if item["state"] == "revised" and item["revised_text"]:
        return f'"{item["text"]}" is revised to "{item["revised_text"]}"'
    return f'"{item["text"]}" is {item["state"].replace("_", " ")}'


def build_messages(
    scenario: Scenario,
    history: list[Message],
    manager_text: str,
    direction: str,
    instructions: str,
    history_chars: int,
) -> list[dict]:
    """Return chat messages within ``history_chars`` of history.

    ``instructions`` is ``system``, ``user`` or ``both``: where the persona
    brief goes. ``user`` and ``both`` put it in the first user message, for
    servers that drop system messages.
    """
    brief = persona_brief(scenario)
    messages: list[dict] = []
    if instructions in ("system", "both"):
        messages.append({"role": "system", "content": brief})
    opener = "[The manager joins the meeting.]"
    if instructions in ("user", "both"):
        opener = f"{brief}\n\n{opener}"
    turns: list[dict] = [{"role": "user", "content": opener}]

    kept: list[Message] = []
    budget = history_chars
    for message in reversed(history):
        budget -= len(message.text)
        if budget < 0:
            break
        kept.append(message)
    for message in reversed(kept):
        role = "user" if message.speaker == "manager" else "assistant"
        turns.append({"role": role, "content": message.text})
    turns.append({"role": "user", "content": f"{manager_text}\n\n{direction}"})
    return messages + _merge_same_role(turns)


def _merge_same_role(turns: list[dict]) -> list[dict]:
    """Join consecutive messages of one role, since many servers require user and assistant to alternate."""
    merged: list[dict] = []
    for turn in turns:
        if merged and merged[-1]["role"] == turn["role"]:
            merged[-1] = {"role": turn["role"], "content": merged[-1]["content"] + "\n\n" + turn["content"]}
        else:
            merged.append(dict(turn))
    return merged
