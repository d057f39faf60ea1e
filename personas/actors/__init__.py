"""Actors phrase the director's stance as the persona's words.

``ScriptedActor`` works offline from authored lines and is the default.
``LLMActor`` streams from an OpenAI-compatible endpoint and falls back to
the scripted line. ``actor_from_env`` picks the language model only when
``OPENAI_BASE_URL`` and ``PUSHBACK_LLM_MODEL`` are both set.
"""

from __future__ import annotations

from collections.abc import Mapping

from personas.actors.scripted import ScriptedActor
from personas.scenario import Scenario


def actor_from_env(scenario: Scenario, environ: Mapping[str, str] | None = None):
    """Return the LLM actor when the environment configures an endpoint, else the scripted actor."""
    from personas.actors.llm import LLMActor, LLMOptions

    options = LLMOptions.from_env(environ)
    if options is None:
        return ScriptedActor(scenario)
    return LLMActor(scenario, options)


__all__ = ["ScriptedActor", "actor_from_env"]
