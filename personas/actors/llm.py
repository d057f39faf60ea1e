"""The language-model actor: streams the persona's reply from an OpenAI-compatible endpoint.

The director's cue bounds each reply through a stage direction, and every
streamed sentence passes ``guard.check_sentence`` before the manager hears
it. When the endpoint is slow, fails, or the reply breaks character or
reveals a withheld fact before any sentence went out, the scripted line for
the same cue is spoken instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import aclosing
from dataclasses import dataclass, field

import openai

from personas.actors.guard import check_sentence, clean_sentence, forbidden_numbers
from personas.actors.prompt import Message, build_messages, stage_direction
from personas.actors.scripted import ScriptedActor
from personas.director import Cue
from personas.scenario import Scenario

logger = logging.getLogger("pushback.personas.llm")

SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z\"'])")
INSTRUCTION_MODES = ("system", "user", "both")


class LLMConfigError(ValueError):
    """An LLM setting in the environment is invalid."""


@dataclass(frozen=True)
class LLMOptions:
    """Settings of the language-model actor, with their environment variables."""

    base_url: str  # OPENAI_BASE_URL, such as http://127.0.0.1:11434/v1 for Ollama
    model: str  # PUSHBACK_LLM_MODEL
    api_key: str = field(default="", repr=False)  # OPENAI_API_KEY; local servers accept any value
    instructions: str = "both"  # PUSHBACK_LLM_INSTRUCTIONS: system, user or both (see prompt.build_messages)
    first_sentence_timeout_s: float = 4.0  # PUSHBACK_LLM_TIMEOUT_S: request start to first full sentence
    chunk_timeout_s: float = 4.0  # maximum wait for the next streamed chunk after the first sentence
    max_tokens: int = 160
    max_sentences: int = 4  # the reply stops after this many sentences
    temperature: float = 0.7
    history_chars: int = 6000  # history sent per request; older turns are dropped first

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "LLMOptions | None":
        """Return options from the environment, or None when no endpoint and model are configured."""
        env = os.environ if environ is None else environ
        base_url = env.get("OPENAI_BASE_URL", "").strip()
        model = env.get("PUSHBACK_LLM_MODEL", "").strip()
        if not base_url or not model:
            return None
        instructions = env.get("PUSHBACK_LLM_INSTRUCTIONS", "both").strip().lower()
        if instructions not in INSTRUCTION_MODES:
            raise LLMConfigError(
                f"PUSHBACK_LLM_INSTRUCTIONS must be one of {', '.join(INSTRUCTION_MODES)}, got {instructions!r}."
            )
        timeout_text = env.get("PUSHBACK_LLM_TIMEOUT_S", "4")
        try:
            timeout = float(timeout_text)
        except ValueError:
            raise LLMConfigError(f"PUSHBACK_LLM_TIMEOUT_S must be a number of seconds, got {timeout_text!r}.") from None
        return cls(
            base_url=base_url,
            model=model,
            api_key=env.get("OPENAI_API_KEY", ""),
            instructions=instructions,
            first_sentence_timeout_s=timeout,
            chunk_timeout_s=timeout,
        )


class ReplyRejected(Exception):
    """A streamed sentence failed a check; the message names the check and the sentence."""


class LLMActor:
    """Phrases cues with a language model, falling back to ``scripted`` lines."""

    streams = True

    def __init__(self, scenario: Scenario, options: LLMOptions, scripted: ScriptedActor | None = None):
        self.scenario = scenario
        self.options = options
        self.scripted = scripted or ScriptedActor(scenario)
        self._client = openai.AsyncOpenAI(
            base_url=options.base_url,
            # The client rejects an empty key; servers without authentication ignore it.
            api_key=options.api_key or "unused",
            max_retries=0,
            timeout=options.first_sentence_timeout_s + options.chunk_timeout_s,
        )

    def stream(
        self,
        cue: Cue,
        history: list[Message],
        manager_text: str,
        states: dict[str, str],
        context: str = "",
    ) -> "LLMStream":
        """Return the streamed reply to ``manager_text``; ``context`` names the session and turn in logs."""
        direction = stage_direction(self.scenario, cue, states)
        messages = build_messages(
            self.scenario, history, manager_text, direction, self.options.instructions, self.options.history_chars
        )
        spoken_by_manager = " ".join(m.text for m in history if m.speaker == "manager") + " " + manager_text
        forbidden = forbidden_numbers(self.scenario, cue, spoken_by_manager)
        return LLMStream(self, cue, messages, forbidden, context)

    async def close(self) -> None:
        await self._client.close()


class LLMStream:
    """One streamed reply; ``report`` records which actor spoke and why it fell back."""

    def __init__(self, actor: LLMActor, cue: Cue, messages: list[dict], forbidden: set[str], context: str):
        self.actor = actor
        self.cue = cue
        self.messages = messages
        self.forbidden = forbidden
        self.context = context
        self.report: dict = {"actor": "llm", "fallback": None}

    async def sentences(self) -> AsyncIterator[str]:
        said = 0
        failure: str | None = None
        try:
            async with aclosing(self._checked_sentences()) as checked:
                async for sentence in checked:
                    said += 1
                    yield sentence
        except ReplyRejected as error:
            failure = str(error)
        except TimeoutError:
            failure = "timed out"
        except openai.OpenAIError as error:
            failure = f"request failed: {type(error).__name__}: {error}"
        if failure is None:
            return

        if said:
            # Part of the reply was already spoken, so it ends here rather than
            # restarting with a different line.
            self.report = {"actor": "llm", "fallback": f"stopped after {said} sentences: {failure}"}
            logger.warning("%s: LLM reply stopped after %d sentences: %s", self.context, said, failure)
            return
        self.report = {"actor": "scripted", "fallback": failure}
        logger.warning("%s: LLM reply replaced by the scripted line: %s", self.context, failure)
        for line in self.actor.scripted.phrase(self.cue):
            yield line

    async def _checked_sentences(self) -> AsyncIterator[str]:
        options = self.actor.options
        loop = asyncio.get_running_loop()
        first_deadline = loop.time() + options.first_sentence_timeout_s
        said = 0

        def limit() -> float:
            return max(0.0, first_deadline - loop.time()) if said == 0 else options.chunk_timeout_s

        response = await asyncio.wait_for(
            self.actor._client.chat.completions.create(
                model=options.model,
                messages=self.messages,
                stream=True,
                max_tokens=options.max_tokens,
                temperature=options.temperature,
            ),
            timeout=limit(),
        )
        try:
            buffer = ""
            chunks = response.__aiter__()
            while said < options.max_sentences:
                try:
                    chunk = await asyncio.wait_for(chunks.__anext__(), timeout=limit())
                except StopAsyncIteration:
                    break
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    buffer += chunk.choices[0].delta.content
                *complete, buffer = SENTENCE_BOUNDARY.split(buffer)
                for sentence in complete:
                    checked = self._check(sentence)
                    if checked:
                        said += 1
                        yield checked
            tail = self._check(buffer) if said < options.max_sentences else ""
            if tail:
                said += 1
                yield tail
            if said == 0:
                raise ReplyRejected("empty reply")
        finally:
            await response.close()

    def _check(self, sentence: str) -> str:
        sentence = clean_sentence(sentence, self.actor.scenario.persona.name)
        if not sentence:
            return ""
        problem = check_sentence(sentence, self.cue, self.forbidden)
        if problem:
            raise ReplyRejected(f"{problem}: {sentence[:120]!r}")
        return sentence
