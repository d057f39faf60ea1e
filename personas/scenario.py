"""Scenario data: the company, the persona, the draft OKRs and the facts held back.

The dataclasses here are plain values. ``personas.schema`` builds them from a
scenario file and reports every invalid field; ``personas.catalog`` finds the
files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PATTERNS = ("task_lister", "sandbagger", "fog_machine", "dependent", "everything_keeper")

PROBES = ("outcome", "baseline", "measurement", "ambition", "control", "priority")

# Each weakness a Key Result can have, with the probes that expose it. The
# first probe is the direct one; the others also count as good challenges.
# The names match the Key Result linter in ``assessment``.
WEAKNESS_PROBES: dict[str, tuple[str, ...]] = {
    "activity": ("outcome", "measurement", "baseline"),
    "vague": ("measurement", "baseline", "outcome"),
    "no_baseline": ("baseline", "measurement"),
    "sandbagged": ("ambition", "baseline"),
    "dependency": ("control", "measurement", "outcome"),
    "bau": ("priority", "outcome"),
}

DEFAULT_VOICE = "en_US-joe-medium"


class ScenarioError(ValueError):
    """A scenario file is missing or invalid.

    ``problems`` lists each invalid field as ``(field, problem and fix)``;
    the message names the file and every problem.
    """

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {field_name}: {text}" if field_name else f"{source}: {text}" for field_name, text in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Voice:
    """Piper synthesis settings for the persona's voice."""

    model: str = DEFAULT_VOICE
    length_scale: float = 1.0  # speaking rate: above 1 is slower
    noise_scale: float = 0.667  # variation in intonation
    noise_w_scale: float = 0.8  # variation in phoneme length


@dataclass(frozen=True)
class Persona:
    """The employee the manager talks to."""

    name: str
    role: str
    pattern: str
    tenure: str
    drive: str
    voice: Voice = field(default_factory=Voice)
    motivation: float = 0.7  # 0..1 at the start of the session
    trust: float = 0.5  # 0..1 at the start of the session


@dataclass(frozen=True)
class KeyResult:
    """One draft Key Result with its weaknesses and a good revision."""

    id: str
    text: str
    objective_id: str
    weaknesses: tuple[str, ...]
    revised: str  # what a good revision looks like; the persona proposes it
    metric: str = ""  # the outcome measure behind the Key Result
    defence: str = ""  # the persona's main argument for the draft
    resistance: float | None = None  # overrides the scenario's challenges_to_concede

    @property
    def weak(self) -> bool:
        return bool(self.weaknesses)

    def probes(self) -> tuple[str, ...]:
        """Return the probes that count as good challenges of this Key Result."""
        found: list[str] = []
        for weakness in self.weaknesses:
            for probe in WEAKNESS_PROBES[weakness]:
                if probe not in found:
                    found.append(probe)
        return tuple(found)


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    key_result_ids: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """Something the persona says only when the manager asks the right question.

    The question is right when it contains one of ``keywords``, or when it
    makes one of ``probes`` about ``key_result`` (or about any Key Result
    when ``key_result`` is empty).
    """

    id: str
    text: str
    keywords: tuple[str, ...] = ()
    probes: tuple[str, ...] = ()
    key_result: str = ""


@dataclass(frozen=True)
class Resistance:
    """How hard the persona holds on to the draft."""

    challenges_to_concede: float = 2.0  # weight of good challenges a weak Key Result takes
    hardening: float = 1.0  # weight each judgemental remark adds back
    arguments: tuple[str, ...] = ()  # the persona's recurring reasons, used when deflecting


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    company: str
    team: str
    manager_role: str
    persona: Persona
    objectives: tuple[Objective, ...]
    key_results: tuple[KeyResult, ...]
    facts: tuple[Fact, ...] = ()
    resistance: Resistance = field(default_factory=Resistance)
    time_box_minutes: int = 30

    @property
    def persona_name(self) -> str:
        return self.persona.name

    @property
    def persona_role(self) -> str:
        return self.persona.role

    @property
    def pattern(self) -> str:
        return self.persona.pattern

    @property
    def objective(self) -> str:
        """The first objective's text; ``objectives`` contains all of them."""
        return self.objectives[0].text

    def key_result(self, key_result_id: str) -> KeyResult:
        for key_result in self.key_results:
            if key_result.id == key_result_id:
                return key_result
        raise KeyError(key_result_id)

    def summary(self) -> dict:
        """Return what a client shows before and during a session."""
        return {
            "id": self.id,
            "title": self.title,
            "persona": {"name": self.persona.name, "role": self.persona.role, "pattern": self.persona.pattern},
            "time_box_s": self.time_box_minutes * 60,
            "objective": self.objective,
            "objectives": [
                {"id": objective.id, "text": objective.text, "key_results": list(objective.key_result_ids)}
                for objective in self.objectives
            ],
            "key_results": [{"id": kr.id, "text": kr.text} for kr in self.key_results],
        }
