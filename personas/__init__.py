"""Scenarios and personas: who the manager talks to and how they reply.

Public surface: ``list_scenarios``, ``load_scenario``, ``load_scenario_file``,
``Scenario``, ``ScenarioError``, ``Conversation`` (one persona's state across
a session) and ``Reply``. ``personas.actors`` contains the actors and
``actor_from_env``.
"""

from personas.catalog import list_scenarios, load_scenario, load_scenario_file
from personas.conversation import Conversation
from personas.reply import Reply
from personas.scenario import PATTERNS, Scenario, ScenarioError

__all__ = [
    "PATTERNS",
    "Conversation",
    "Reply",
    "Scenario",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "load_scenario_file",
]
