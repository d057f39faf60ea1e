"""The scripted actor: authored lines per pattern and stance, never repeated verbatim.

Lines live in ``personas/lines``: ``common.yaml`` for every persona and one
file per pattern, whose lines are preferred. Each line is a template filled
with the Key Result and facts in play.
"""

from __future__ import annotations

import random
import re
import string
import zlib
from functools import cache
from importlib import resources

import yaml

from personas.director import Cue
from personas.scenario import Scenario

# Groups where "Like I said, ..." fits a line said before; other groups get a neutral opener.
ARGUING_GROUPS = ("explain", "defend", "deflect", "defend_sound", "defend_revision", "concede")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_FORMATTER = string.Formatter()


@cache
def load_lines(name: str) -> dict[str, tuple[str, ...]]:
    """Return the line groups of ``personas/lines/{name}.yaml``, or none when there is no such file."""
    folder = resources.files("personas.lines")
    item = folder / f"{name}.yaml"
    if not item.is_file():
        return {}
    data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
    return {group: tuple(lines) for group, lines in data.items()}


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def lower_first(text: str) -> str:
    """Lowercase the first letter unless the first word is "I" or an acronym."""
    first = text.split(" ", 1)[0]
    if re.match(r"^I(?:'\w+)?$", first) or (len(first) > 1 and first[1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class ScriptedActor:
    """Phrases cues from authored lines; instant and offline."""

    streams = False

    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self._pattern = load_lines(scenario.pattern)
        self._common = load_lines("common")
        self._random = random.Random(zlib.crc32(scenario.id.encode()) if seed is None else seed)
        self._used: set[str] = set()
        self._presented: set[str] = set()
        self._next_argument = 0
        self._weaknesses: tuple[str, ...] = ()

    def phrase(self, cue: Cue) -> list[str]:
        """Return the reply to ``cue`` as sentences."""
        fields = self._fields(cue)
        groups = self._groups(cue)
        sentences: list[str] = []
        for group in groups:
            line = self._pick(group, fields)
            if line:
                sentences.extend(split_sentences(line))
        return sentences

    def interjection(self) -> str:
        """Return a line that cuts into a manager's monologue."""
        return self._pick("interrupt", {})

    def _groups(self, cue: Cue) -> list[str]:
        key_result = cue.key_result
        warm = ["reassured"] if cue.reassured else ["warm"] if cue.warm else []
        if cue.stance == "open":
            self._presented.add(key_result.id)
            return ["open", "present"]
        if cue.stance == "explain":
            if key_result.id not in self._presented:
                self._presented.add(key_result.id)
                return [*warm, "present_again", "explain"]
            return [*warm, "explain"]
        if cue.stance == "defend":
            if cue.key_result_state == "revised":
                return [*warm, "defend_revision"]
            return [*warm, "defend" if key_result.weak else "defend_sound"]
        if cue.stance == "concede":
            return [*warm, "concede"]
        if cue.stance == "propose_revision":
            return [*warm, "propose_revision"]
        if cue.stance == "accept_approval":
            if len(cue.approved) > 1:
                first = "accept_approval_all"
            elif cue.key_result_state == "revised":
                first = "accept_approval_revised"
            else:
                first = "accept_approval_weak"
            if cue.next_key_result is not None:
                self._presented.add(cue.next_key_result.id)
                return [first, "present_next"]
            return [first, "closing"]
        return [cue.stance]

    def _candidates(self, group: str) -> list[str]:
        names = [group]
        if group in ("concede", "propose_revision") and self._weaknesses:
            names = [f"{group}_{weakness}" for weakness in self._weaknesses] + names
        ordered: list[str] = []
        for source in (self._pattern, self._common):
            for name in names:
                lines = list(source.get(name, ()))
                self._random.shuffle(lines)
                ordered.extend(lines)
        return ordered

    def _pick(self, group: str, fields: dict[str, str]) -> str:
        filled = [line for line in (_fill(template, fields) for template in self._candidates(group)) if line]
        for line in filled:
            if not any(sentence in self._used for sentence in split_sentences(line)):
                return self._use(line)
        for line in filled:
            if line not in self._used:
                return self._use(line)
        # Every line of the group was said already: vary it with a prefix.
        prefixes = "repeat_prefixes" if group in ARGUING_GROUPS else "fresh_prefixes"
        for prefix in self._common.get(prefixes, ()):
            for line in filled:
                varied = prefix + lower_first(line)
                if varied not in self._used:
                    return self._use(varied)
        # NOTE: reached only after every line and prefix of a group was used in one
        # session; the line then repeats.
        return filled[0] if filled else ""

    def _use(self, line: str) -> str:
        """Remember ``line`` and each of its sentences as said."""
        self._used.add(line)
        self._used.update(split_sentences(line))
        return line

    def _fields(self, cue: Cue) -> dict[str, str]:
        key_result = cue.key_result
        self._weaknesses = key_result.weaknesses if key_result else ()
        arguments = self.scenario.resistance.arguments
        argument = ""
        if arguments and cue.stance in ("defend", "deflect"):
            argument = arguments[self._next_argument % len(arguments)]
            self._next_argument += 1
        objective = self.scenario.objective
        if key_result is not None:
            objective = next(o.text for o in self.scenario.objectives if o.id == key_result.objective_id)
        if cue.stance == "open":
            objective = self.scenario.objective
        fields = {
            "name": self.scenario.persona.name,
            "objective": objective,
            "kr": key_result.text if key_result else "",
            "metric": key_result.metric if key_result else "",
            "defence": key_result.defence if key_result else "",
            "revised": key_result.revised if key_result else "",
            "fact": cue.fact.text if cue.fact else "",
            "next_kr": cue.next_key_result.text if cue.next_key_result else "",
            "argument": argument,
        }
        fields["defence_cap"] = upper_first(fields["defence"])
        fields["revised_cap"] = upper_first(fields["revised"])
        fields["fact_lc"] = lower_first(fields["fact"])
        fields["argument_lc"] = lower_first(fields["argument"])
        return fields


def _fill(template: str, fields: dict[str, str]) -> str | None:
    """Fill ``template``; return None when a placeholder it needs has no value."""
    names = [name for _, name, _, _ in _FORMATTER.parse(template) if name]
    if any(not fields.get(name) for name in names):
        return None
    return template.format_map(fields)
