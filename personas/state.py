"""What the director tracks across a session: each Key Result, and the persona's mood."""

from __future__ import annotations

from dataclasses import dataclass, field

from personas.scenario import KeyResult

# - untouched: not discussed yet
# - challenged: questioned, and the persona has not defended it
# - defended: the persona argued for the draft
# - conceded: the persona admits the weakness
# - revised: the persona proposed the better form
# - approved_weak: the manager approved it while still weak
# - approved: the manager approved a Key Result that had no weakness
KEY_RESULT_STATES = ("untouched", "challenged", "defended", "conceded", "revised", "approved_weak", "approved")


@dataclass
class KeyResultState:
    """One Key Result's progress through the conversation."""

    key_result: KeyResult
    resistance: float  # weight of good challenges still needed before the persona concedes
    state: str = "untouched"
    counted_probes: set[str] = field(default_factory=set)  # probes that already wore resistance down
    challenges: int = 0  # every probe of this Key Result, repeats included
    approved: bool = False  # the manager signed it off, weak or revised
    revised_text: str | None = None
    reassured: bool = False

    def as_dict(self) -> dict:
        return {
            "id": self.key_result.id,
            "text": self.key_result.text,
            "state": self.state,
            "revised_text": self.revised_text,
            "weaknesses": list(self.key_result.weaknesses),
        }


@dataclass
class Mood:
    """The persona's motivation and trust in the manager, each from 0 to 1."""

    motivation: float
    trust: float

    def change(self, motivation: float = 0.0, trust: float = 0.0) -> None:
        self.motivation = min(1.0, max(0.0, self.motivation + motivation))
        self.trust = min(1.0, max(0.0, self.trust + trust))
