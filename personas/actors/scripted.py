"""The scripted actor: authored lines per pattern and stance, never repeated verbatim.

Lines live in ``personas/lines``: ``common.yaml`` for every persona and one
file per pattern, whose lines are preferred. Each line is a template filled
with the Key Result and facts in play. A line may be a mapping with ``text``
and ``when``, the conditions under which it fits (see ``Line``).
"""

from __future__ import annotations

import random
import re
import string
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from personas.director import Cue
from personas.scenario import KeyResult, Scenario

# Groups where "Like I said, ..." fits a line said before; other groups get a neutral opener.
ARGUING_GROUPS = ("explain", "defend", "deflect", "defend_sound", "defend_revision", "concede")
# When a group's own lines are used up, these groups lend a line that fits the same moment.
FALLBACK_GROUPS = {
    "explain": ("defend",),
    "defend": ("deflect", "explain"),
    "deflect": ("defend", "explain"),
    "defend_sound": ("explain",),
    "warm": ("reassured",),
    "reassured": ("warm",),
}
# Groups whose reply may end in a short neutral acknowledgement once nothing fresh is left.
# The others carry content (a Key Result, a fact, a revision) and are varied with a prefix instead.
NEUTRAL_GROUPS = (
    "explain", "defend", "deflect", "defend_sound", "warm", "reassured", "concede", "not_following",
    "push_back_on_tone", "accept_approval_weak", "accept_approval_revised", "accept_approval_all", "recap_intro",
)
# Fields that carry one argument each. A line that would say one of them a second time
# counts as a repeat, even when the words around it differ.
ARGUMENT_FIELDS = ("defence", "defence_cap", "argument", "argument_lc")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Line:
    """One authored line and the conditions under which it fits.

    ``when`` keys: ``number`` (true: the Key Result in focus contains a number),
    ``weakness`` (the Key Result has this weakness) and ``context`` (a list of
    words, one of which the scenario's company, team or persona role contains).
    """

    text: str
    when: tuple[tuple[str, object], ...] = ()

    def fits(self, scenario: Scenario, key_result: KeyResult | None) -> bool:
        for condition, value in self.when:
            if condition == "number" and bool(key_result and re.search(r"\d", key_result.text)) != bool(value):
                return False
            if condition == "weakness" and (key_result is None or value not in key_result.weaknesses):
                return False
            if condition == "context":
                context = f"{scenario.company} {scenario.team} {scenario.persona.role}".lower()
                if not any(re.search(rf"\b{re.escape(str(word).lower())}", context) for word in value):
                    return False
        return True


LINE_CONDITIONS = ("number", "weakness", "context")


@cache
def load_lines(name: str) -> dict[str, tuple[Line, ...]]:
    """Return the line groups of ``personas/lines/{name}.yaml``, or none when there is no such file."""
    folder = resources.files("personas.lines")
    item = folder / f"{name}.yaml"
    if not item.is_file():
        return {}
    data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
    return {group: tuple(_line(entry, f"{name}.yaml: {group}") for entry in lines) for group, lines in data.items()}


def _line(entry: str | dict, where: str) -> Line:
    if isinstance(entry, str):
        return Line(entry)
    unknown = set(entry.get("when", {})) - set(LINE_CONDITIONS)
    if set(entry) - {"text", "when"} or unknown or not isinstance(entry.get("text"), str):
        raise ValueError(f"{where}: invalid line {entry!r}; use a string, or text and when ({', '.join(LINE_CONDITIONS)})")
    return Line(entry["text"], tuple(entry.get("when", {}).items()))


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
        self._used_arguments: set[str] = set()  # values of ARGUMENT_FIELDS said so far
        self._presented: set[str] = set()
        self._closed = False  # the persona has closed the meeting once
        self._key_result: KeyResult | None = None
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
        if cue.stance == "recap":
            sentences.extend(self._recap(cue.summary))
        return sentences

    def interjection(self) -> str:
        """Return a line that cuts into a manager's monologue."""
        return self._pick("interrupt", {})

    def _recap(self, summary: tuple[dict, ...]) -> list[str]:
        """Return one sentence per Key Result with the state the director recorded."""
        sentences = []
        for item in summary:
            group = {
                "revised": "recap_revised", "approved": "recap_approved", "approved_weak": "recap_approved",
                "conceded": "recap_conceded", "untouched": "recap_untouched",
            }.get(item["state"], "recap_open")
            fields = {"kr": item["text"], "revised": item["revised_text"] or ""}
            templates = [line.text for line in self._common.get(group, ())]
            filled = next((line for line in (_fill(t, fields) for t in templates) if line), None)
            if filled:
                sentences.append(filled)
        return sentences

    def _groups(self, cue: Cue) -> list[str]:
        key_result = cue.key_result
        warm = ["reassured"] if cue.reassured else ["warm"] if cue.warm else []
        if cue.stance == "open":
            self._presented.add(key_result.id)
            return ["open", "present"]
        if cue.stance == "explain":
            if cue.key_result_state == "revised":
                return [*warm, "defend_revision"]
            if key_result.id not in self._presented and cue.key_result_state == "untouched":
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
            if self._closed:
                # The meeting was closed once already; the manager carried on, so no second goodbye.
                return [first]
            self._closed = True
            return [first, "closing"]
        if cue.stance == "recap":
            return ["recap_intro"]
        return [cue.stance]

    def _candidates(self, group: str) -> list[str]:
        """Return the templates of ``group`` that fit the scenario and Key Result, pattern lines first."""
        names = [group]
        if group in ("concede", "propose_revision") and self._weaknesses:
            names = [f"{group}_{weakness}" for weakness in self._weaknesses] + names
        ordered: list[str] = []
        for source in (self._pattern, self._common):
            for name in names:
                lines = [line.text for line in source.get(name, ()) if line.fits(self.scenario, self._key_result)]
                self._random.shuffle(lines)
                ordered.extend(lines)
        return ordered

    def _pick(self, group: str, fields: dict[str, str]) -> str:
        """Return a line for ``group`` that repeats no sentence and no argument said before.

        In order: a fresh line of the group, a fresh line of a fallback group, a
        short neutral acknowledgement, then a line of the group with a prefix
        ("Like I said, ...") that makes a new sentence of it.
        """
        filled = self._filled(group, fields)
        for line in filled:
            if self._fresh(line, fields):
                return self._use(line, fields)
        for fallback in FALLBACK_GROUPS.get(group, ()):
            for line in self._filled(fallback, fields):
                if self._fresh(line, fields):
                    return self._use(line, fields)
        if group in NEUTRAL_GROUPS:
            for line in self._filled("neutral", fields):
                if self._fresh(line, fields):
                    return self._use(line, fields)
        else:
            # A line that carries content (a fact, a revision, a Key Result) may need saying
            # again, for example after the manager cut it off: never as the same whole line.
            for line in filled:
                if line not in self._used:
                    return self._use(line, fields)
        prefixes = "repeat_prefixes" if group in ARGUING_GROUPS else "fresh_prefixes"
        for prefix in self._common_texts(prefixes):
            for line in filled:
                if line.lower().startswith(prefix.lower().rstrip(", ")):
                    continue  # no "Okay, okay, ..."
                varied = prefix + lower_first(line)
                if varied not in self._used:
                    return self._use(varied, fields)
        # NOTE: reached only after every line, fallback, neutral line and prefix was used
        # in one session (well over a hundred replies); the reply is then left out.
        return ""

    def _filled(self, group: str, fields: dict[str, str]) -> list[str]:
        return [line for line in (_fill(template, fields) for template in self._candidates(group)) if line]

    def _common_texts(self, group: str) -> list[str]:
        return [line.text for line in self._common.get(group, ())]

    def _fresh(self, line: str, fields: dict[str, str]) -> bool:
        """Return whether ``line`` says no sentence and no argument said before."""
        if any(sentence in self._used for sentence in split_sentences(line)):
            return False
        return not any(fields.get(name) and fields[name] in line and _bare(fields[name]) in self._used_arguments
                       for name in ARGUMENT_FIELDS)

    def _use(self, line: str, fields: dict[str, str] | None = None) -> str:
        """Remember ``line``, each of its sentences and each argument in it as said."""
        self._used.add(line)
        self._used.update(split_sentences(line))
        for name in ARGUMENT_FIELDS:
            value = (fields or {}).get(name)
            if value and value in line:
                self._used_arguments.add(_bare(value))
        return line

    def _fields(self, cue: Cue) -> dict[str, str]:
        key_result = cue.key_result
        self._key_result = key_result
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


def _bare(text: str) -> str:
    """Return ``text`` lowercased and without end punctuation, to compare arguments however they are cased."""
    return text.lower().rstrip(".!? ")


def _fill(template: str, fields: dict[str, str]) -> str | None:
    """Fill ``template``; return None when a placeholder it needs has no value."""
    names = [name for _, name, _, _ in _FORMATTER.parse(template) if name]
    if any(not fields.get(name) for name in names):
        return None
    return template.format_map(fields)
