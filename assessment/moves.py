"""The manager's moves: what each manager utterance does in the conversation.

The persona's director writes its own classification into ``decision``
events. Where a field is missing (older records, text rehearsals, converted
recordings), the small rules here classify the manager's words instead.
Every move records which source decided it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessment.record import Decision, SessionRecord, Utterance

PROBES = ("outcome", "baseline", "measurement", "confidence", "control", "priority")
"""The weaknesses a challenge can probe, in report order."""

# Names the director may use for a probe, mapped to the assessment's names.
_PROBE_ALIASES = {
    "outcome": "outcome",
    "impact": "outcome",
    "why": "outcome",
    "baseline": "baseline",
    "current_value": "baseline",
    "measurement": "measurement",
    "measure": "measurement",
    "data": "measurement",
    "data_source": "measurement",
    "metric": "measurement",
    "confidence": "confidence",
    "ambition": "confidence",
    "confidence_ambition": "confidence",
    "stretch": "confidence",
    "control": "control",
    "dependency": "control",
    "control_dependency": "control",
    "ownership": "control",
    "priority": "priority",
    "focus": "priority",
}

_PROBE_RULES = {
    "outcome": re.compile(
        r"\b(customers?|users?|clients?|outcomes?|results?|impact|what changes|what would change|what will change"
        r"|difference|so that|why|value|behaviou?r|success|what happens (?:if|when)|benefit)\b"
    ),
    "baseline": re.compile(
        r"\b(today|currently|current|right now|at the moment|baseline|starting point|start from|where are we"
        r"|where do we stand|last quarter|so far)\b"
    ),
    "measurement": re.compile(
        r"\b(measur\w*|track\w*|how (?:would|will|do|could|can) (?:we|you|i|anyone|an outsider|somebody|someone) (?:know|tell|see)"
        r"|(?:we|you|anyone|someone) (?:would|will|could) (?:know|tell|see)|know (?:it|this|that) worked"
        r"|data|metrics?|dashboard|numbers?|source|evidence|prove)\b"
    ),
    "confidence": re.compile(
        r"\b(confiden\w*|1 to 10|one to ten|scale|stretch\w*|ambitio\w*|aspiration\w*|committed|trend|anyway"
        r"|sandbag\w*|too easy|easy|safe|without (?:any )?(?:extra|new) (?:effort|work))\b"
    ),
    "control": re.compile(
        r"\b(control|depend\w*|rel(?:y|ies|ying) on|other teams?|another team|in your hands|(?:you|we|your team) own"
        r"|influence|blocked|waiting (?:on|for))\b"
    ),
    "priority": re.compile(
        r"\b(priorit\w*|most important|matters most|choose|pick|focus|trade-?offs?|drop|health metrics?"
        r"|if you could only|only (?:one|two|three)|fewer|too many)\b"
    ),
}

_ACKNOWLEDGEMENT = re.compile(
    r"\b(thank(?:s| you)|appreciate\w*|(?:great|good|nice|solid) (?:work|job|start)|well done|i can see (?:you|the|how|that)"
    r"|i hear you|makes sense|good point|fair point|hard work|i like|valuable|helpful|you(?:'ve| have)? put (?:a lot|real|in))\b"
)
_APPROVAL = re.compile(
    r"\b(looks? good|looks? great|looks? fine|sounds? good|sounds? great|fine by me|that'?s fine|i approve|approved?"
    r"|let'?s go with (?:it|that|this)|go ahead|ship it|happy with (?:it|that|this|these|them)|keep (?:it|that|this) as"
    r"|leave (?:it|that|this) as|that works|works for me|good to go|sign(?:ed)? off|let'?s keep (?:it|that|this)"
    r"|no changes? needed|move on to the next)\b"
)
_JUDGEMENT = re.compile(
    r"\b(lazy|useless|terrible|pathetic|rubbish|stupid|not good enough|sloppy|careless|nonsense|a waste|ridiculous"
    r"|embarrassing|disappointing|amateur\w*|lame|garbage|what were you thinking|you always|you never|come on"
    r"|makes no sense|weak|(?:that'?s|this is) (?:just )?(?:wrong|bad))\b"
)
_TELLING = re.compile(
    r"\b(you should|you need to|you have to|you must|change (?:it|this|that) to|make it|it should be|it needs to be"
    r"|rewrite|replace (?:it|this|that) with|let'?s (?:change|make|rewrite|turn|use|say)|i want (?:you|it|this|the)"
    r"|we need to (?:change|make)|should read|instead,? (?:say|write|use))\b"
)
_LEADING = re.compile(
    r"\b(don'?t you (?:think|agree)|wouldn'?t you (?:say|agree)|wouldn'?t it be|isn'?t it|isn'?t that|aren'?t (?:they|we|you)"
    r"|surely|shouldn'?t (?:it|we|you|this)|you'?d agree|doesn'?t it)\b|,\s*right\s*\?\s*$"
)
_NEGATION = re.compile(r"\b(not|never|no|cannot|can'?t|won'?t|don'?t|isn'?t|wasn'?t|before i|until|not yet)\b[^.?!]{0,12}$")

_OPEN_STARTS = ("what", "how", "why", "which", "who", "where", "tell me", "walk me through", "talk me through", "help me understand", "describe", "say more", "explain")
_CLOSED_STARTS = frozenset(
    "is are was were do does did can could will would should shall have has had isn't aren't don't doesn't didn't "
    "won't wouldn't shouldn't may might".split()
)
_FILLERS = frozenset("so okay ok and but well right alright now then also just um uh look".split())
_STOPWORDS = frozenset(
    "about after again against being below between both could doing during each from further have having here into more most "
    "other over same should some such than that their them then there these they this those through under until very what when "
    "where which while with would your quarter next team".split()
)
_ORDINALS = tuple(
    (index, re.compile(rf"\b(?:{word}|{short}) (?:one|kr|key result)\b|\bkr ?{index + 1}\b|\bnumber {spoken}\b|\bkey result {spoken}\b"))
    for index, (word, short, spoken) in enumerate(
        [("first", "1st", "one"), ("second", "2nd", "two"), ("third", "3rd", "three"), ("fourth", "4th", "four"), ("fifth", "5th", "five")]
    )
)


# Questions that move the meeting on rather than probe a Key Result.
_NAVIGATION = re.compile(
    r"\b(what'?s next|what is next|next one|move on|moving on|anything else|what else is there|shall we continue|go on)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Move:
    """The classification of one manager utterance.

    ``open`` is None for statements. ``key_result`` is the id of the Key
    Result the move is about, or None. ``source`` is ``director``, ``rules``
    or ``director+rules`` when the director gave only some fields.
    """

    utterance: Utterance
    form: str
    open: bool | None
    leading: bool
    stacked: bool
    key_result: str | None
    probes: tuple[str, ...]
    acknowledgement: bool
    approval: bool
    judgement: bool
    judgement_words: str | None
    telling: bool
    source: str

    @property
    def is_question(self) -> bool:
        return self.form == "question"

    @property
    def is_challenge(self) -> bool:
        """Return whether the move probes a weakness, is an open question, proposes a change, or judges.

        A closed question without a probe ("Will it be done by March?") checks
        status and is not a challenge; neither is approval alone.
        """
        if self.approval and not self.probes:
            return False
        if not self.probes and _NAVIGATION.search(self.utterance.text):
            return False
        return bool(self.probes) or (self.is_question and bool(self.open)) or self.telling or self.judgement

    def to_dict(self) -> dict:
        return {
            "utterance": self.utterance.id,
            "turn": self.utterance.turn,
            "at": self.utterance.start,
            "text": self.utterance.text,
            "form": self.form,
            "open": self.open,
            "leading": self.leading,
            "stacked": self.stacked,
            "key_result": self.key_result,
            "probes": list(self.probes),
            "acknowledgement": self.acknowledgement,
            "approval": self.approval,
            "judgement": self.judgement,
            "telling": self.telling,
            "source": self.source,
        }


def classify_moves(record: SessionRecord) -> list[Move]:
    """Classify every manager utterance of the record, in order."""
    key_results = [(str(item.get("id")), str(item.get("text") or ""), str(item.get("revised_text") or "")) for item in record.key_results if item.get("id") is not None]
    focus = key_results[0][0] if key_results else None
    moves = []
    for utterance in sorted(record.utterances, key=lambda u: u.order):
        if utterance.speaker == "persona":
            decision = record.decision_for_turn(utterance.turn)
            focus = _director_key_result(decision) or _last_key_result_named(utterance.text, key_results) or focus
            continue
        decision = record.decision_for_turn(utterance.turn)
        move = classify_utterance(utterance, decision, key_results, focus)
        focus = move.key_result or focus
        moves.append(move)
    return moves


def classify_utterance(
    utterance: Utterance,
    decision: Decision | None,
    key_results: list[tuple[str, str, str]],
    focus: str | None,
) -> Move:
    """Classify one manager utterance: the director's fields first, the rules for what they leave out."""
    rules = classify_text(utterance.text)
    director = _director_fields(decision)
    key_result = director.get("key_result") or match_key_result(utterance.text, key_results) or focus
    merged = {name: director.get(name, rules[name]) for name in rules}
    if merged["form"] == "statement":
        merged["open"] = None
    elif merged["open"] is None:
        merged["open"] = rules["open"] if rules["open"] is not None else False
    given = set(director) - {"key_result"}
    if not given:
        source = "rules"
    elif given >= set(rules) - {"judgement_words"}:
        source = "director"
    else:
        source = "director+rules"
    return Move(utterance=utterance, key_result=key_result, source=source, **merged)


def classify_text(text: str) -> dict:
    """Classify a manager utterance from its words alone (the assessment's own rules)."""
    lowered = " ".join(text.lower().split())
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", lowered) if s.strip()]
    punctuated = "?" in lowered
    questions = [s for s in sentences if _is_question(s, punctuated) and len(s.split()) >= 2]
    statements = [s for s in sentences if s not in questions]
    without_kr_phrase = re.sub(r"\bkey results?\b", " ", lowered)

    judgement = _JUDGEMENT.search(lowered)
    return {
        "form": "question" if questions else "statement",
        "open": _is_open(questions[0]) if questions else None,
        "leading": any(_LEADING.search(q) for q in questions),
        "stacked": len(questions) >= 2,
        "probes": tuple(name for name in PROBES if _PROBE_RULES[name].search(without_kr_phrase)),
        "acknowledgement": any(_affirms(_ACKNOWLEDGEMENT, s) for s in sentences),
        "approval": any(_affirms(_APPROVAL, s) for s in statements),
        "judgement": judgement is not None,
        "judgement_words": judgement.group(0) if judgement else None,
        "telling": any(_TELLING.search(s) for s in statements),
    }


def match_key_result(text: str, key_results: list[tuple[str, str, str]]) -> str | None:
    """Return the id of the Key Result the text names, by ordinal or shared words; None when unclear."""
    lowered = text.lower()
    for index, pattern in _ORDINALS:
        if pattern.search(lowered) and index < len(key_results):
            return key_results[index][0]
    spoken = _stems(lowered)
    all_stems = [_stems(f"{kr_text} {revised}") for _, kr_text, revised in key_results]
    best, best_score = None, 0
    for (kr_id, _, _), stems in zip(key_results, all_stems):
        shared = stems & spoken
        unique = {stem for stem in shared if sum(stem in other for other in all_stems) == 1}
        score = len(shared) + len(unique)
        if score > best_score:
            best, best_score = kr_id, score
    return best if best_score >= 2 else None


def _last_key_result_named(text: str, key_results: list[tuple[str, str, str]]) -> str | None:
    """Return the Key Result named in the last sentence that names one (a persona often moves on at the end)."""
    for sentence in reversed(re.split(r"(?<=[.?!:])\s+", text)):
        found = match_key_result(sentence, key_results)
        if found:
            return found
    return None


def _stems(text: str) -> set[str]:
    return {word[:6] for word in re.findall(r"[a-z]+", text) if len(word) >= 5 and word not in _STOPWORDS}


def _is_question(sentence: str, punctuated: bool) -> bool:
    if sentence.endswith("?"):
        return True
    start = _strip_fillers(sentence)
    if start.startswith(("tell me", "walk me through", "talk me through", "help me understand", "say more")):
        return True
    if punctuated:
        return False
    first = start.split(" ", 1)[0] if start else ""
    return first in _CLOSED_STARTS or first in ("what", "how", "why", "which", "who", "where")


def _is_open(question: str) -> bool:
    return _strip_fillers(question).startswith(_OPEN_STARTS)


def _strip_fillers(sentence: str) -> str:
    """Drop leading fillers ("so", "okay") and a leading name ("sam,") before the question word."""
    words = sentence.split()
    while len(words) > 1:
        head = words[0].rstrip(",")
        vocative = words[0].endswith(",") and head.isalpha() and not head.startswith(_OPEN_STARTS)
        if head in _FILLERS or vocative:
            words = words[1:]
        else:
            break
    return " ".join(words)


def _affirms(pattern: re.Pattern, sentence: str) -> bool:
    for match in pattern.finditer(sentence):
        if not _NEGATION.search(sentence[: match.start()]):
            return True
    return False


def _director_key_result(decision: Decision | None) -> str | None:
    if decision is None:
        return None
    value = decision.fields.get("key_result")
    return str(value) if isinstance(value, (str, int)) and value != "" else None


def _director_fields(decision: Decision | None) -> dict:
    """Return the classification fields the director wrote, in the assessment's names."""
    if decision is None:
        return {}
    fields: dict = {}
    sources = [decision.fields]
    for nested in ("move", "classification"):
        value = decision.fields.get(nested)
        if isinstance(value, dict):
            sources.append(value)
        elif isinstance(value, str):
            fields.update(_fields_from_move_name(value))
    for source in sources:
        _read_field(source, "form", fields, lambda v: v if v in ("question", "statement") else None)
        if isinstance(source.get("question"), bool):
            fields["form"] = "question" if source["question"] else "statement"
        for name in ("open", "leading", "stacked", "acknowledgement", "approval", "telling"):
            _read_field(source, name, fields, lambda v: v if isinstance(v, bool) else None)
        for alias in ("judgement", "judgment", "blame"):
            _read_field(source, alias, fields, lambda v: v if isinstance(v, bool) else None, target="judgement")
        probes = source.get("probes", source.get("probe"))
        if isinstance(probes, str):
            probes = [probes]
        if isinstance(probes, list):
            names = [_PROBE_ALIASES.get(str(p).lower().replace("/", "_").replace(" ", "_").replace("-", "_")) for p in probes]
            fields["probes"] = tuple(name for name in PROBES if name in names)
            for flag in ("acknowledgement", "approval", "judgement"):
                if flag in [str(p).lower() for p in probes]:
                    fields[flag] = True
    key_result = _director_key_result(decision)
    if key_result:
        fields["key_result"] = key_result
    return fields


def _read_field(source: dict, name: str, fields: dict, convert, target: str | None = None) -> None:
    if name in source:
        value = convert(source[name])
        if value is not None:
            fields[target or name] = value


def _fields_from_move_name(move: str) -> dict:
    """Read a director move name such as ``open_question`` or ``judgement``."""
    tokens = set(re.split(r"[^a-z]+", move.lower()))
    fields: dict = {}
    if tokens & {"question", "ask"}:
        fields["form"] = "question"
    elif tokens & {"statement", "tell", "telling", "proposal", "propose", "suggest", "suggestion"}:
        fields["form"] = "statement"
    if "open" in tokens:
        fields["open"] = True
    elif "closed" in tokens:
        fields["open"] = False
    if "leading" in tokens:
        fields["leading"] = True
    if "stacked" in tokens:
        fields["stacked"] = True
    if tokens & {"approval", "approve", "approved", "accept"}:
        fields["approval"] = True
    if tokens & {"judgement", "judgment", "blame", "judgemental", "judgmental"}:
        fields["judgement"] = True
    if tokens & {"acknowledgement", "acknowledgment", "acknowledge", "ack"}:
        fields["acknowledgement"] = True
    if tokens & {"tell", "telling"}:
        fields["telling"] = True
    return fields
