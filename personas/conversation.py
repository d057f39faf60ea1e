"""One persona's side of one conversation: the director decides, the actor phrases."""

from __future__ import annotations

import logging
from collections import deque

from personas.actors.prompt import Message
from personas.actors.scripted import ScriptedActor
from personas.director import Decision, Director, DirectorOptions
from personas.reply import Reply
from personas.scenario import Scenario

logger = logging.getLogger("pushback.personas")

HISTORY_LIMIT = 400  # utterances kept; a 30-minute session has well under 200


class Conversation:
    """The persona's state across one session, fed one manager turn at a time.

    ``actor`` is a ``ScriptedActor`` (the default) or an ``LLMActor``. The
    opening and monologue interjections are always scripted, so their text
    is known at once.
    """

    def __init__(
        self,
        scenario: Scenario,
        actor: object | None = None,
        options: DirectorOptions | None = None,
        session_id: str = "",
    ):
        self.scenario = scenario
        self.director = Director(scenario, options)
        self.actor = actor or ScriptedActor(scenario)
        self.scripted: ScriptedActor = getattr(self.actor, "scripted", self.actor)
        self.session_id = session_id
        self.history: deque[Message] = deque(maxlen=HISTORY_LIMIT)
        self._persona_ids: deque[int] = deque(maxlen=HISTORY_LIMIT)  # reply number of each history entry, 0 for the manager
        self._replies = 0
        self._last: tuple[int, Decision] | None = None
        self._heard: dict[int, str] = {}

    @property
    def motivation(self) -> float:
        return self.director.mood.motivation

    @property
    def trust(self) -> float:
        return self.director.mood.trust

    def opening(self) -> Reply:
        """Return the persona's first words: a greeting and the first Key Result."""
        decision = self.director.opening()
        return self._scripted_reply(decision)

    async def respond(self, manager_text: str) -> Reply:
        """Decide and phrase the reply to one manager turn; returns before any model call."""
        decision = self.director.decide(manager_text)
        earlier = list(self.history)
        self._add("manager", manager_text, 0)
        if not getattr(self.actor, "streams", False):
            return self._scripted_reply(decision)

        self._replies += 1
        number = self._replies
        self._last = (number, decision)
        stream = self.actor.stream(
            decision.cue,
            earlier,
            manager_text,
            decision.record["key_results"],
            context=f"session {self.session_id or '-'} turn {decision.record['turn']}",
        )
        return Reply(
            decision.cue.stance,
            dict(decision.record),
            stream=stream,
            on_spoken=lambda text: self._persona_said(number, text),
        )

    def should_interrupt(self, manager_words: int, seconds: float) -> str | None:
        """Return a line that cuts into the manager's turn once it runs long, else None.

        Call it while the manager speaks, with the words and seconds of the
        turn so far; it returns a line at most once per turn.
        """
        if not self.director.should_interrupt(manager_words, seconds):
            return None
        line = self.scripted.interjection()
        self._replies += 1
        self._persona_said(self._replies, line)
        return line

    def heard(self, full_text: str, heard_text: str) -> None:
        """Trim the last persona reply to ``heard_text``: the manager cut it off there.

        ``full_text`` is the reply as meant. A fact or a revision that the
        manager did not hear counts as not said.
        """
        if self._last is None:
            return
        number, decision = self._last
        heard_text = heard_text.strip()
        self._heard[number] = heard_text
        self._set_persona(number, heard_text)
        self.director.forget_unheard(decision, heard_text)
        logger.info(
            "session %s: persona cut off after %d of %d characters", self.session_id or "-", len(heard_text), len(full_text)
        )

    def key_results(self) -> list[dict]:
        """Return the state of each Key Result: ``id``, ``text``, ``state`` and ``revised_text``."""
        return self.director.key_results()

    def _scripted_reply(self, decision: Decision) -> Reply:
        lines = self.scripted.phrase(decision.cue)
        record = dict(decision.record, actor="scripted", fallback=None)
        self._replies += 1
        self._last = (self._replies, decision)
        self._persona_said(self._replies, " ".join(lines))
        return Reply(decision.cue.stance, record, lines=lines)

    def _persona_said(self, number: int, text: str) -> None:
        self._set_persona(number, self._heard.get(number, text))

    def _set_persona(self, number: int, text: str) -> None:
        for index, entry_number in enumerate(self._persona_ids):
            if entry_number == number:
                if text:
                    self.history[index] = Message("persona", text)
                else:
                    del self.history[index]
                    del self._persona_ids[index]
                return
        if text:
            self._add("persona", text, number)

    def _add(self, speaker: str, text: str, number: int) -> None:
        self.history.append(Message(speaker, text))
        self._persona_ids.append(number)
