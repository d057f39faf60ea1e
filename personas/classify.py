"""Classification of one manager utterance, as speech-to-text delivers it.

Input may be lowercase, unpunctuated and full of filler words ("um so what
changes for the customer"), with digits such as "30%". The classifier is a
set of word patterns: it is deterministic and runs in well under a
millisecond, so the director can answer at once.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from personas.scenario import Scenario

FILLERS = re.compile(r"\b(?:u+m+|u+h+|e+r+m*|hmm+|mm+|ah+|you know|i mean|sort of|kind of|basically)\b[,.]?")
# Words that open a clause without changing whether it is a question.
LEADING_MARKERS = re.compile(
    r"^(?:(?:so|and|but|okay|ok|alright|right|well|now|yeah|yes|great|good|cool|sure|look|listen|"
    r"then|also|actually|like|thanks|thank you|hi|hey|hello)\b[ ,]*)+"
)
WH_WORDS = ("what", "what's", "whats", "how", "how's", "why", "which", "who", "where", "when")
AUXILIARIES = (
    "do", "does", "did", "is", "isn't", "are", "aren't", "was", "were", "can", "could", "would",
    "will", "should", "shall", "have", "has", "might", "may", "don't", "doesn't", "wouldn't", "won't",
)
REQUESTS = re.compile(
    r"\b(?:tell me|walk me through|talk me through|help me understand|i'm curious|i am curious|i wonder|"
    r"can you explain|could you explain|explain to me|describe)\b"
)
OPEN_CLOSED_FORM = re.compile(r"^(?:can|could|would|will) you (?:tell|walk|talk|explain|describe|say more|help me)")
CLAUSE_SPLIT = re.compile(r"[.?!;]+|,\s*|\s+(?:and|or|but|so|also)\s+")
# Only a question mark or a joined question ("... and how ...") separates stacked questions;
# commas often separate a topic from its question ("the demos, how many did you book").
QUESTION_SPLIT = re.compile(
    r"\?|\s(?:and|also|or|plus)\s(?=(?:what|how|why|which|who|where|when|do|does|did|is|are|can|could|would|will|should)\b)"
)
# "if you had to choose, which matters more": a question that opens with a condition.
CONDITIONAL_QUESTION = re.compile(r"^(?:\w+ )*?if\b.*\b(?:which|what|how|why|would you|could you)\b")
# "on a scale of 1 to 10 how confident are you": a question after an opening phrase.
EMBEDDED_QUESTION = re.compile(
    r"\b(?:how|what|why|which|where|who)\s+(?:\w+\s+)?(?:are|is|do|does|did|would|will|could|can|should)\s+"
    r"(?:you|we|they|it|i|the|your|our)\b"
)
# "churn is 38 percent right": a statement turned into a question by its tag.
TAG_QUESTION = re.compile(r"(?<!you're )(?<!that's )(?<!all)\b(?:right|correct|isn't it|don't you think)\s*\??\s*$")
TOPIC_MARKER = re.compile(r"^(?:what|how) about\b")

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b")


PROBE_PATTERNS: dict[str, re.Pattern[str]] = {
    "outcome": _words(
        r"customers?|users?|clients?|outcomes?|impact|what (?:changes|would change|will change|happens|difference)|"
        r"difference|different|what would (?:we|you|i|people|anyone|they|customers) (?:see|notice)|"
        r"what does (?:good|great|better) look like|look like (?:if|when|once)|why (?:does|do|is|would) (?:it|this|that) matter|so what(?=\s*\??\s*$)|benefit|value|success look|"
        r"what does success|better off|behaviou?r|end result|the point of|for whom|who benefits|what problem|"
        r"achieve|accomplish|what it's for|what is it for|when it ships|once it(?:'s| is) (?:live|shipped|launched|done)"
    ),
    "baseline": _words(
        r"today|currently|current|right now|how (?:many|much)(?! (?:you|i|we|they) )|what (?:percent|percentage|share|proportion)|at the moment|these days|baseline|starting point|starting from|"
        r"where are we|where (?:do|are) (?:we|things) stand|last (?:quarter|month|year)|so far|what is it now|"
        r"what(?:'s| is) the number|historical|trend|benchmark|what did (?:we|you|the team) (?:hit|get|do|reach|achieve)"
    ),
    "measurement": _words(
        r"measur\w*|metrics?|numbers?|data|track\w*|quantif\w*|dashboard|kpis?|evidence|objectively|prove|proof|"
        r"verif\w*|outsider|how (?:would|will|do|can|could) (?:we|you|i|anyone|someone|an outsider|they|people) "
        r"(?:know|tell|see|check|prove)|tell (?:if|whether)|where does (?:the|that) (?:data|number) come"
    ),
    "ambition": _words(
        r"confiden\w*|1 to 10|scale of|stretch\w*|ambitio\w*|easy|easily|too low|low bar|safe|"
        r"already (?:hit\w*|reach\w*|doing|do|at|there|beat\w*|exceed\w*|achiev\w*)|certain\w*|likel\w*|chances?|odds|"
        r"aspirational|committed|comfortable|push (?:it|further|higher|harder)|higher|raise (?:the|it)|bold|"
        r"50 50|fifty fifty|guaranteed"
    ),
    "control": _words(
        r"control\w*|depend\w*|other teams?|another team|their (?:team|side|delivery|part|roadmap)|in your hands|"
        r"you own|your team owns|owns?|influence|rel(?:y|ies|iant)|waiting (?:on|for)|blocked|blockers?|"
        r"if (?:they|sales|product|engineering|legal|finance) (?:don't|do not|doesn't|slip|miss|fail)|levers?|"
        r"your (?:part|side|piece|share)|within your|out of your hands|who decides|up to you|leading indicators?|"
        r"you can (?:move|change|affect|drive)"
    ),
    "priority": _words(
        r"priorit\w*|most important|more important|matters? (?:most|more)|only (?:keep|pick|choose|have)|if you had to|if you (?:could|can) only|"
        r"drop|cut (?:one|two|some|these|it|them)|pick (?:three|one|two|3|1|2)|(?:three|3) (?:of|key|krs|things|objectives)|"
        r"focus on (?:fewer|less|three|3|what)|business as usual|bau|routine|day job|day to day|keep(?:ing)? the lights on|"
        r"health metrics?|all (?:critical|important|urgent)|too many|say no|trade ?offs?|choose|what can wait|"
        r"which (?:one|ones) (?:matter|would you keep)|anyway|keep (?:it )?running|something you(?:'re| are) changing"
    ),
}

ACKNOWLEDGEMENT = _words(
    r"thanks|thank you|appreciate\w*|i can see|great (?:work|job|effort|start)|good (?:work|job|effort|start|point|thinking)|"
    r"nice (?:work|job)|well done|clearly (?:put|worked|thought|care)|you(?:'ve| have) (?:put|done|thought|worked)|"
    r"makes sense|fair point|i hear you|i get (?:it|that|why)|i understand|that's helpful|helpful|important work|"
    r"real work|lot of work|hard work|worked hard|valuable|i like (?:that|how|the)|proud|good question"
)
APPROVAL = _words(
    r"looks? (?:good|great|fine)|sounds? (?:good|great|fine)|(?:that's|that is|it's|it is|they're|they are|this is|these are) "
    r"(?:fine|ok|okay|good|great|perfect)|fine by me|works for me|that works|let's go with|go with (?:it|that|this|those|them)|"
    r"approv\w*|sign (?:it )?off|signed off|ship it|happy with|i'm (?:ok|okay|good|fine) with|ok with (?:it|that|this)|"
    r"agreed|deal|keep (?:it|that|this|them|those) (?:as is|as it is|like that|the way)|leave (?:it|them) as|"
    r"lock (?:it|that|this|them) in|let's keep|we(?:'ll| will) go with|no changes|all good|good to go|i'm convinced|"
    r"i trust you(?:r judgement)?(?: on (?:this|that|it))?"
)
# A whole utterance of praise approves what is on the table ("perfect", "great, thanks").
SHORT_APPROVAL = re.compile(
    r"^(?:(?:that's |that is )?(?:great|perfect|excellent|brilliant|lovely|wonderful|love it|love that))"
    r"(?:,? (?:thanks|thank you))?[.!]*$"
)
APPROVE_ALL = _words(
    r"all of (?:them|these|those)|them all|these all|they all|everything|the whole (?:set|thing|list|draft)|"
    r"the lot|all (?:three|four|five|six|seven|the krs|the key results|the objectives)|these (?:look|are|sound)|"
    r"they (?:look|are|sound)"
)
JUDGEMENT = _words(
    r"lazy|useless|terrible|awful|pathetic|rubbish|stupid|dumb|ridiculous|lame|sloppy|weak|not good enough|"
    r"waste of (?:time|space)|amateur\w*|embarrass\w*|a joke|disappoint\w*|you always|you never|your fault|"
    r"you failed|you don't care|careless|incompeten\w*|what were you thinking|come on|lowball\w*|sandbag\w*|"
    r"hiding behind|(?:just|more|another|your|these|those) excuses?|garbage|nonsense|crap|sucks|half[- ]hearted|"
    r"unacceptable|mediocre|clueless|not even trying|can't be serious"
)
# Pressure counts whether or not it is phrased as a question ("you need to change it, ok?").
PRESSURE = _words(
    r"you need to|you have to|you must|you(?:'ve| have) got to|i want you to|i need you to|"
    r"i'm not (?:accepting|approving|signing)|i won't (?:approve|sign)|can't approve|not (?:happy|ok|okay) with"
)
# Orders that count as pressure only in a statement: "what would you change it to?" is a real question.
ORDERS = _words(r"just (?:change|make|put|do|add|fix|rewrite|raise|use)|change it|make it|fix it|rewrite it|redo")
REASSURANCE = _words(
    r"(?:won't|will not|doesn't|does not|not going to|isn't|is not) (?:be )?(?:used|count|affect|hurt|feed|go|tied|linked)"
    r"(?: \w+){0,3} (?:review|appraisal|performance|bonus|rating)|"
    r"not (?:tied|linked|connected) to (?:your |the )?(?:review|appraisal|bonus|rating|performance)|"
    r"separate from (?:your |the )?(?:review|appraisal|bonus|rating|performance)|"
    r"(?:ok|okay|fine|safe|alright) to miss|missing (?:it|a stretch|some) is (?:fine|ok|okay|expected)|"
    r"(?:nobody|no one) (?:will|gets) (?:punish|blame)\w*|got your back|i(?:'ll| will) back you|"
    r"70 percent is (?:good|great|a success|success)"
)
REVISION_OFFER = re.compile(
    r"\bfrom \d+(?:\.\d+)?\s*\w*\s+to \d+|\b(?:what if|how about|could we|let's|should we) (?:we )?"
    r"(?:make|set|aim|target|measure|track|use|say|try|turn|move|keep)\b"
)
REVISION_REQUEST = _words(
    r"what would (?:you|we) (?:change|put|write|make|replace)|what would (?:a|the) (?:better|good|new|revised|stretch)|"
    r"how would you (?:write|phrase|change|reword|rewrite)|what (?:number|target) would|instead|"
    r"better (?:version|key result|kr|way to (?:write|put|say))|rewrite|reword|what should (?:it|we) (?:say|be)|"
    r"what would (?:the|a|that|it) (?:key result |kr |new one )?(?:be|say|become)"
)
RECAP = _words(
    r"recap|sum (?:it |this |that |things )?up|summari[sz]e|summary|run through (?:what|where) we|"
    r"(?:which|what) (?:key results|krs|okrs) do we have|what have we (?:got|agreed|settled)|where did we land"
)
NEXT_REQUEST = _words(
    r"next one|move on|moving on|next (?:kr|key result|objective|item)|what(?:'s| is) next|(?:look at|go to|talk about) the next"
)
CONTINUER = re.compile(r"^(?:ok|okay|right|sure|yes|yeah|go on|mm-?hm|i see|got it|tell me more|carry on)[.!]?$")
GREETING = re.compile(r"^(?:hi|hello|hey|good (?:morning|afternoon|evening)|morning)\b")
ON_TOPIC = _words(
    r"okrs?|krs?|key results?|objectives?|goals?|targets?|quarter|team|plan|draft|this|that|it|these|those|one|them"
)
# British and American spellings that speech-to-text and sheets mix.
SPELLINGS = {"center": "centre", "centers": "centres", "organization": "organisation", "color": "colour"}
# Stemmed words that Key Results share in meaning even when one text alone uses them, so a
# single one of them does not move the discussion ("what is the lead time today").
GENERIC_TERMS = frozenset(
    "customer user client people staff person time rate share number value percent percentage level score "
    "project product process quality service work hour minute month year target metric data today total "
    "average mean median increase decrease reduce successful success new".split()
)
# A phrase that points at one Key Result by a single word of its text: "what about the workshops",
# "the uptime one". Without such a phrase, one shared word ("time", "share") names nothing.
REFERRING_PHRASE = (
    r"\b(?:about|to|on|with) (?:the |that |this |those |your |our )?(?:[\w'-]+ ){{0,2}}{term}\w*\b"
    r"|\b(?:the|that|this) (?:[\w'-]+ ){{0,2}}{term}\w* (?:one|kr|key result|item)\b"
)
NEGATION = re.compile(r"(?:\bnot|n't|\bno|\bnever)\s+(?:\w+\s+){0,2}$")
STOPWORDS = frozenset(
    "a an the of to in on for and or by with from at our we us my your this that these those be is are it as "
    "by end q1 q2 q3 q4 quarter next all new every each per than more less into out up down "
    # Verbs that start many Key Results name none of them in particular.
    "launch run write make keep get set create improve grow raise cut reach book close start review deliver "
    "ship lift hit roll answer migrate strengthen "
    # Words any Key Result discussion uses.
    "better good great key result results objective okr okrs kr krs team change changes day days week month "
    "reaching support system who their one first".split()
)


@dataclass(frozen=True)
class Move:
    """What the manager did in one utterance."""

    question: bool  # asks something, with or without a question mark
    open: bool  # an open question: what, how, why, tell me
    leading: bool  # suggests its own answer: "don't you think...", "..., right?"
    stacked: bool  # two or more questions at once
    key_result: str | None  # the Key Result the utterance names, if exactly one
    named_by: str  # how it names it: "number" (also ordinals), "words", "word" (one telling word) or ""
    mentions: tuple[str, ...]  # every Key Result the utterance names
    probes: tuple[str, ...]  # the weaknesses it probes, in order of appearance
    acknowledgement: bool
    approval: bool
    approve_all: bool  # the approval covers every Key Result still open
    judgement: bool  # judgemental or blaming language
    pressure: bool  # orders or ultimatums instead of questions
    reassurance: bool  # separates the OKRs from the review or makes missing safe
    revision_offered: bool  # the manager proposes a new form or target
    revision_requested: bool  # the manager asks the persona for a better version
    next_requested: bool  # the manager asks to move to the next Key Result
    recap: bool  # the manager asks for a summary of where every Key Result stands
    continuer: bool  # "okay", "go on": the manager yields the floor
    greeting: bool
    on_topic: bool  # mentions the OKRs at all
    words: int

    @property
    def kind(self) -> str:
        return "question" if self.question else "statement"

    @property
    def matched(self) -> bool:
        """Whether anything in the utterance gave the director something to act on."""
        return any(
            (self.key_result, self.probes, self.acknowledgement, self.approval, self.judgement, self.pressure,
             self.reassurance, self.revision_offered, self.revision_requested, self.next_requested, self.recap, self.continuer, self.greeting,
             self.question and self.on_topic)
        )

    def as_dict(self) -> dict:
        fields = asdict(self)
        fields["kind"] = self.kind
        return fields


def normalize(text: str) -> str:
    """Lowercase, drop filler words, spell "30%" as "30 percent" and "one to ten" as "1 to 10"."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"\b(one|1)\s*(?:to|-|through)\s*(ten|10)\b", "1 to 10", text)
    text = re.sub(r"\b(fifty)[- ](fifty)\b", "50 50", text)
    text = FILLERS.sub(" ", text)
    text = re.sub(r"\bk\s?r\s?(\d)\b", r"kr\1", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z']+|\d+(?:\.\d+)?", text.lower().replace("-", " "))
    words = [SPELLINGS.get(word, word) for word in words]
    return {_stem(word) for word in words if word not in STOPWORDS and (len(word) > 2 or word.isdigit())}


def _affirmed(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Return the matches of ``pattern`` that no "not" or "don't" just before negates."""
    return [match for match in pattern.finditer(text) if not NEGATION.search(text[: match.start()])]


class Classifier:
    """Classifies utterances against one scenario's Key Results."""

    def __init__(self, scenario: Scenario):
        self._ids = [kr.id for kr in scenario.key_results]
        self._objective_first_kr = [objective.key_result_ids[0] for objective in scenario.objectives]
        # Words of the text name a Key Result, because the manager sees the sheet and not the
        # metric behind it. A word also in another Key Result's text or metric names neither.
        text_terms = {kr.id: _terms(kr.text) for kr in scenario.key_results}
        all_terms = {kr.id: _terms(f"{kr.text} {kr.metric}") for kr in scenario.key_results}
        self._all_terms = all_terms
        self._distinct = {
            kr_id: {term for term in kr_terms if not any(term in all_terms[other] for other in all_terms if other != kr_id)}
            for kr_id, kr_terms in text_terms.items()
        }

    def uses_words_of(self, text: str, kr_id: str) -> bool:
        """Return whether ``text`` uses a word of the Key Result's text or metric, shared or not."""
        return bool(_terms(normalize(text)) & self._all_terms[kr_id])

    def classify(self, text: str) -> Move:
        normal = normalize(text)
        clauses = [LEADING_MARKERS.sub("", clause.strip()) for clause in CLAUSE_SPLIT.split(normal)]
        question_clauses = [clause for clause in clauses if _is_question_clause(clause)]
        question = (
            bool(question_clauses)
            or "?" in text
            or bool(REQUESTS.search(normal) or CONDITIONAL_QUESTION.search(normal) or EMBEDDED_QUESTION.search(normal))
            or bool(TAG_QUESTION.search(normal))
        )
        first = question_clauses[0] if question_clauses else ""
        open_question = question and (
            first.split(" ")[0] in WH_WORDS
            or bool(OPEN_CLOSED_FORM.match(first) or REQUESTS.search(normal))
            or (not first and bool(EMBEDDED_QUESTION.search(normal)))
        )

        probes = self._probes(normal)
        mentions, named_by = self._mentions(normal)
        judgement = bool(_affirmed(JUDGEMENT, normal)) or bool(re.search(r"\bseriously\?", text.lower()))
        pressure = bool(PRESSURE.search(normal)) or (not question and bool(_affirmed(ORDERS, normal)))
        approvals = _affirmed(APPROVAL, normal) or list(SHORT_APPROVAL.finditer(normal))
        # An approval followed by a challenge ("fine, but how would we know?") is a challenge.
        approval = bool(approvals) and not (
            question and probes
        ) and not any(
            pattern.search(normal, approvals[-1].end()) for pattern in (*PROBE_PATTERNS.values(), JUDGEMENT, PRESSURE)
        )

        return Move(
            question=question,
            open=open_question,
            leading=question and _is_leading(normal),
            stacked=_is_stacked(normal),
            key_result=mentions[0] if len(mentions) == 1 else None,
            named_by=named_by if len(mentions) == 1 else "",
            mentions=mentions,
            probes=probes,
            acknowledgement=bool(_affirmed(ACKNOWLEDGEMENT, normal)),
            approval=approval,
            approve_all=approval and bool(APPROVE_ALL.search(normal)),
            judgement=judgement,
            pressure=pressure,
            reassurance=bool(REASSURANCE.search(normal)),
            revision_offered=bool(REVISION_OFFER.search(normal)),
            revision_requested=bool(_affirmed(REVISION_REQUEST, normal)),
            next_requested=bool(NEXT_REQUEST.search(normal)),
            recap=bool(RECAP.search(normal)),
            continuer=bool(CONTINUER.match(normal)),
            greeting=bool(GREETING.match(normal)),
            on_topic=bool(ON_TOPIC.search(normal)),
            words=len(normal.split()),
        )

    def _probes(self, normal: str) -> tuple[str, ...]:
        found = []
        for probe, pattern in PROBE_PATTERNS.items():
            matches = _affirmed(pattern, normal)
            if matches:
                found.append((matches[0].start(), probe))
        return tuple(probe for _, probe in sorted(found))

    def _mentions(self, normal: str) -> tuple[tuple[str, ...], str]:
        """Return the Key Results the utterance names and how it names them (see ``Move.named_by``)."""
        explicit = re.search(r"\bkr ?(\d)\b|\bkey result (?:number )?(\w+)\b|\bnumber (\w+)\b", normal)
        if explicit:
            token = next(group for group in explicit.groups() if group)
            index = int(NUMBER_WORDS.get(token, token)) if NUMBER_WORDS.get(token, token).isdigit() else 0
            if 1 <= index <= len(self._ids):
                return (self._ids[index - 1],), "number"
        by_words, strength = self._named_by_words(normal)
        ordinal = re.search(
            r"\b(first|second|third|fourth|fifth|sixth|seventh|last)(?: one| kr| key result| objective| item| goal)\b"
            r"|\bthe (first|second|third|fourth|fifth|sixth|seventh|last)\b(?! (?:\w+ )?(?:week|day|month|time|step|thing|quarter|year))",
            normal,
        )
        if ordinal:
            word = ordinal.group(1) or ordinal.group(2)
            objective = "objective" in ordinal.group(0)
            ids = self._objective_first_kr if objective else self._ids
            index = len(ids) if word == "last" else ORDINALS[word]
            # "the second one, the help centre articles": the words name the Key Result
            # more surely than a count the manager may have made in their head.
            if len(by_words) == 1:
                return by_words, strength
            if index <= len(ids):
                return (ids[index - 1],), "number"
        objective_number = re.search(r"\bobjective (?:number )?(\d|one|two|three|four|five|six|seven)\b", normal)
        if objective_number:
            index = int(NUMBER_WORDS.get(objective_number.group(1), objective_number.group(1)))
            if index <= len(self._objective_first_kr):
                return (self._objective_first_kr[index - 1],), "number"
        return by_words, strength

    def _named_by_words(self, normal: str) -> tuple[tuple[str, ...], str]:
        """Return the Key Results whose distinctive words the utterance uses, best first, and how.

        The Key Result with the most distinct words comes first, and a tie names
        several. A single word counts inside a referring phrase ("words") or when it
        is specific enough on its own ("word").
        """
        spoken = _terms(normal)
        scores: dict[str, int] = {}
        strengths: dict[str, str] = {}
        for kr_id, terms in self._distinct.items():
            shared = spoken & terms
            if len(shared) >= 2 or any(_referred(term, normal) for term in shared):
                scores[kr_id], strengths[kr_id] = len(shared), "words"
            elif any(_telling(term) for term in shared):
                scores[kr_id], strengths[kr_id] = len(shared), "word"
        named = sorted(scores, key=lambda kr_id: -scores[kr_id])
        if len(named) > 1 and scores[named[0]] > scores[named[1]]:
            return (named[0],), strengths[named[0]]
        return tuple(named), (strengths[named[0]] if len(named) == 1 else "")


def _telling(term: str) -> bool:
    """Return whether one word is specific enough to name a Key Result on its own ("patching", "laptops")."""
    return len(term) >= 5 and not term.isdigit() and term not in GENERIC_TERMS


def _referred(term: str, normal: str) -> bool:
    """Return whether ``term`` (a stemmed word) sits in a phrase that points at a Key Result."""
    pattern = REFERRING_PHRASE.format(term=re.escape(term))
    return bool(re.search(pattern, normal.replace("-", " ")))


def _is_question_clause(clause: str) -> bool:
    words = clause.split(" ")
    if not words or not words[0]:
        return False
    if words[0] in WH_WORDS and len(words) >= 2:
        return True
    return words[0] in AUXILIARIES and len(words) >= 3 and words[1] in (
        "you", "we", "i", "it", "that", "this", "they", "there", "the", "your", "our", "these", "those", "anyone",
    )


def _is_stacked(normal: str) -> bool:
    parts = [LEADING_MARKERS.sub("", part.strip(" ,.")) for part in QUESTION_SPLIT.split(normal)]
    questions = [part for part in parts if _is_question_clause(part) and not TOPIC_MARKER.match(part)]
    return len(questions) >= 2


def _is_leading(normal: str) -> bool:
    return bool(
        re.search(
            r"\b(?:don't you (?:think|agree)|wouldn't (?:it|you|that)|isn't (?:it|that)|shouldn't (?:it|we|you|this|that)|"
            r"surely|you'd agree|can't we just|why don't (?:we|you) just|agree that)\b",
            normal,
        )
        or re.search(r"(?<!you're )(?<!that's )(?<!all)\b(?:right|correct|yeah)\s*\??\s*$", normal)
    )
