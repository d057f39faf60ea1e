"""The scorecard: yes/no checks per dimension, with partial credit and evidence.

A check earns a credit from 0 to 1: 1 is "yes", 0 is "no", anything between
is "partly". A check that cannot be measured (a text session has no timings)
has no credit and does not count. A dimension's score is the weighted mean
of its measured checks' credits, times 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.challenge import ChallengeMetrics, KeyResultFinding
from assessment.interruptions import InterruptionMetrics
from assessment.options import AssessmentOptions
from assessment.pacing import PacingMetrics
from assessment.record import Evidence


@dataclass
class Check:
    """One yes/no question of the scorecard; ``credit`` is None when the check was not measured."""

    id: str
    question: str
    credit: float | None
    detail: str
    weight: float = 1.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.credit is None:
            return "not_measured"
        if self.credit >= 1.0:
            return "yes"
        return "no" if self.credit <= 0.0 else "partly"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "status": self.status,
            "credit": round(self.credit, 3) if self.credit is not None else None,
            "weight": self.weight,
            "detail": self.detail,
            "evidence": [item.to_dict() for item in self.evidence],
        }


@dataclass
class Dimension:
    """One part of the scorecard (pacing, interruptions, challenge) with its checks."""

    id: str
    title: str
    checks: list[Check]
    reason: str | None = None

    @property
    def measured(self) -> bool:
        return any(check.credit is not None for check in self.checks)

    @property
    def score(self) -> float | None:
        measured = [check for check in self.checks if check.credit is not None]
        weight = sum(check.weight for check in measured)
        if not weight:
            return None
        return round(100.0 * sum(check.credit * check.weight for check in measured) / weight, 1)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "measured": self.measured,
            "reason": self.reason if not self.measured else None,
            "score": self.score,
            "checks": [check.to_dict() for check in self.checks],
        }


def pacing_dimension(pacing: PacingMetrics, options: AssessmentOptions) -> Dimension:
    """Return the pacing checks."""
    checks = [
        _talk_ratio_check(pacing, options),
        _pace_check(pacing, options),
        _monologue_check(pacing, options),
        _patience_check(pacing, options),
        _silence_check(pacing, options),
        _time_box_check(pacing, options),
    ]
    return Dimension("pacing", "Pacing", checks, reason=pacing.reason)


def interruptions_dimension(metrics: InterruptionMetrics, options: AssessmentOptions) -> Dimension:
    """Return the interruption checks."""
    if not metrics.measured:
        return Dimension(
            "interruptions",
            "Interruptions",
            [
                Check("no_manager_interruptions", "Did you let the persona finish?", None, metrics.reason or ""),
                Check("no_persona_interruptions", "Did you hand over before the persona had to cut in?", None, metrics.reason or ""),
                Check("little_overlap", "Did you avoid talking over each other?", None, metrics.reason or ""),
            ],
            reason=metrics.reason,
        )
    count = len(metrics.by_manager)
    rate = metrics.manager_per_10_min if metrics.manager_per_10_min is not None else float(count)
    manager_credit = _band(rate, 0.0, options.interruptions_partial_per_10_min)
    persona_count = len(metrics.by_persona)
    share = metrics.overlap_share or 0.0
    overlap_credit = _band(share, options.overlap_share_max, options.overlap_share_partial_max)
    return Dimension(
        "interruptions",
        "Interruptions",
        [
            Check(
                "no_manager_interruptions",
                "Did you let the persona finish?",
                manager_credit,
                f"you cut the persona off {count} time(s), {rate:.1f} per ten minutes; backchannels such as "
                f"\u201cmm-hm\u201d are not counted ({metrics.backchannels_ignored} ignored)",
                evidence=[item.evidence[-1] for item in metrics.by_manager],
            ),
            Check(
                "no_persona_interruptions",
                "Did you hand over before the persona had to cut in?",
                _band(persona_count, 0, 1),
                f"the persona cut you off {persona_count} time(s)",
                evidence=[item.evidence[0] for item in metrics.by_persona],
            ),
            Check(
                "little_overlap",
                "Did you avoid talking over each other?",
                overlap_credit,
                f"{metrics.overlap_s:.1f} s of overlap, {share:.1%} of speaking time (full credit up to "
                f"{options.overlap_share_max:.0%})",
            ),
        ],
    )


def challenge_dimension(metrics: ChallengeMetrics, options: AssessmentOptions) -> Dimension:
    """Return the challenge-quality checks."""
    weak = metrics.weak_key_results
    reason = None if weak else "not measured: the record lists no weak Key Result"
    checks = [
        _share_check(
            "challenged_every_weak_kr",
            "Did you challenge every weak Key Result?",
            weak,
            lambda f: f.challenged,
            "challenged",
            weight=2.0,
            evidence=lambda f: [f.first_challenge] if f.first_challenge else [],
        ),
        _approved_weak_check(weak),
        _share_check(
            "weak_krs_revised",
            "Did each weak Key Result end revised or dropped?",
            weak,
            lambda f: f.ending in ("revised", "dropped"),
            "ended revised or dropped",
            weight=2.0,
        ),
        _probe_check(weak),
        _open_question_check(metrics, options),
        _single_question_check(metrics, options),
        _leading_check(metrics),
        _share_check(
            "acknowledged_before_challenge",
            "Did you acknowledge the work before challenging it?",
            [f for f in weak if f.acknowledged_before_challenge is not None],
            lambda f: bool(f.acknowledged_before_challenge),
            "acknowledged before the first challenge",
            evidence=lambda f: [f.first_challenge] if f.first_challenge else [],
        ),
        _share_check(
            "asked_before_telling",
            "Did you ask before telling?",
            [f for f in weak if f.asked_before_telling is not None],
            lambda f: bool(f.asked_before_telling),
            "asked a question before proposing a fix",
        ),
        _demotivating_check(metrics),
        _motivation_check(metrics, options),
    ]
    if not weak:
        for check in checks:
            check.credit = None
            check.detail = reason
    return Dimension("challenge", "Challenge quality", checks, reason=reason)


def _talk_ratio_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    question = "Did you talk half the time or less?"
    if not pacing.measured or pacing.talk_ratio is None:
        return Check("talk_ratio", question, None, pacing.reason or "not measured: nobody spoke")
    credit = _band(pacing.talk_ratio, options.talk_ratio_max, options.talk_ratio_partial_max)
    evidence = [pacing.longest_monologue.evidence] if credit < 1 and pacing.longest_monologue and pacing.longest_monologue.evidence else []
    return Check(
        "talk_ratio",
        question,
        credit,
        f"you talked {pacing.talk_ratio:.0%} of the speaking time (full credit up to {options.talk_ratio_max:.0%})",
        evidence=evidence,
    )


def _pace_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    question = f"Did you speak at a conversational pace ({options.pace_wpm_min:.0f} to {options.pace_wpm_max:.0f} words per minute)?"
    if not pacing.measured or pacing.overall_wpm is None:
        return Check("pace", question, None, pacing.reason or "not measured: no manager words with times")
    wpm = pacing.overall_wpm
    if options.pace_wpm_min <= wpm <= options.pace_wpm_max:
        credit = 1.0
    elif options.pace_wpm_min - options.pace_partial_margin_wpm <= wpm <= options.pace_wpm_max + options.pace_partial_margin_wpm:
        credit = 0.5
    else:
        credit = 0.0
    rated = [turn for turn in pacing.turns if turn.wpm is not None]
    evidence = []
    if credit < 1 and rated:
        extreme = max(rated, key=lambda turn: abs(turn.wpm - (options.pace_wpm_min + options.pace_wpm_max) / 2))
        evidence = [Evidence(quote=f"{extreme.words} words in {extreme.seconds:.1f} s ({extreme.wpm:.0f} wpm)", at=extreme.at, speaker="manager", utterance=extreme.utterance)]
    return Check("pace", question, credit, f"{wpm:.0f} words per minute over your speaking time", evidence=evidence)


def _monologue_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    question = f"Did you keep every monologue under {options.monologue_max_s:.0f} s?"
    if not pacing.measured:
        return Check("longest_monologue", question, None, pacing.reason or "")
    longest = pacing.longest_monologue
    if longest is None:
        return Check("longest_monologue", question, 1.0, "you never spoke alone")
    credit = _band(longest.seconds, options.monologue_max_s, options.monologue_partial_max_s)
    return Check(
        "longest_monologue",
        question,
        credit,
        f"your longest monologue lasted {longest.seconds:.1f} s",
        evidence=[longest.evidence] if longest.evidence else [],
    )


def _patience_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    question = f"Did you pause at least {options.patience_pause_s:.1f} s before replying to pushback?"
    if not pacing.measured:
        return Check("patience", question, None, pacing.reason or "")
    after_pushback = [pause for pause in pacing.pauses if pause.after_pushback]
    pauses = after_pushback or pacing.pauses
    median = pacing.median_pause_after_pushback_s if after_pushback else pacing.median_pause_s
    if median is None:
        return Check("patience", question, None, "not measured: you never replied after the persona finished")
    credit = _band(-median, -options.patience_pause_s, -options.patience_partial_pause_s)
    which = "after pushback" if after_pushback else "after the persona stopped (no pushback was recorded)"
    shortest = min(pauses, key=lambda pause: pause.seconds)
    # The quote is what the manager said after the shortest pause; the pause itself goes in the detail.
    evidence = [Evidence(quote=shortest.reply_text, at=shortest.at, speaker="manager", utterance=shortest.reply)]
    replies = "reply" if len(pauses) == 1 else "replies"
    detail = f"median pause {which}: {median:.2f} s over {len(pauses)} {replies}; shortest {shortest.seconds:.2f} s"
    return Check("patience", question, credit, detail, evidence=evidence)


def _silence_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    question = f"Did the conversation avoid silences of {options.long_silence_s:.0f} s or more?"
    if not pacing.measured:
        return Check("long_silences", question, None, pacing.reason or "")
    count = len(pacing.long_silences)
    credit = _band(count, 0, options.long_silence_partial_count)
    return Check(
        "long_silences",
        question,
        credit,
        f"{count} silence(s) of {options.long_silence_s:.0f} s or more",
        evidence=[span.evidence for span in pacing.long_silences if span.evidence],
    )


def _time_box_check(pacing: PacingMetrics, options: AssessmentOptions) -> Check:
    box = pacing.time_box_s or options.time_box_s
    question = f"Did the session fit the {box / 60:.0f}-minute box?"
    if not pacing.measured or pacing.duration_s is None:
        return Check("time_box", question, None, pacing.reason or "not measured: the session length is unknown")
    duration = pacing.duration_s
    credit = _band(duration, box, box + options.time_box_grace_s)
    return Check("time_box", question, credit, f"the session lasted {duration / 60:.1f} minutes of {box / 60:.0f}")


def _share_check(check_id, question, findings, passed, verb, weight=1.0, evidence=None) -> Check:
    if not findings:
        return Check(check_id, question, None, "not measured: no weak Key Result to judge", weight=weight)
    good = [finding for finding in findings if passed(finding)]
    missed = [finding.text for finding in findings if not passed(finding)]
    detail = f"{len(good)} of {len(findings)} weak Key Results {verb}"
    if missed:
        detail += "; not: " + "; ".join(f"\u201c{text}\u201d" for text in missed)
    items = [item for finding in findings for item in (evidence(finding) if evidence else [])]
    return Check(check_id, question, len(good) / len(findings), detail, weight=weight, evidence=items)


def _approved_weak_check(weak: list[KeyResultFinding]) -> Check:
    question = "Did you avoid approving a weak Key Result unchanged?"
    if not weak:
        return Check("no_weak_kr_approved", question, None, "", weight=3.0)
    approved = [finding for finding in weak if finding.ending == "approved_weak"]
    detail = f"{len(approved)} of {len(weak)} weak Key Results approved while still weak"
    if approved:
        detail += ": " + "; ".join(f"\u201c{finding.text}\u201d" for finding in approved)
    return Check(
        "no_weak_kr_approved",
        question,
        1.0 - len(approved) / len(weak),
        detail,
        weight=3.0,
        evidence=[finding.approval for finding in approved if finding.approval],
    )


def _probe_check(weak: list[KeyResultFinding]) -> Check:
    question = "Did you probe each Key Result's actual weakness?"
    if not weak:
        return Check("probed_weakness", question, None, "", weight=2.0)
    credit = sum(len(f.weaknesses_probed) / len(f.weaknesses) for f in weak) / len(weak)
    parts = [f"\u201c{f.text}\u201d ({', '.join(f.weaknesses)}): probed {', '.join(f.probes) or 'nothing'}" for f in weak]
    return Check("probed_weakness", question, credit, "; ".join(parts), weight=2.0)


def _open_question_check(metrics: ChallengeMetrics, options: AssessmentOptions) -> Check:
    question = f"Were most of your questions open (at least {options.open_question_share:.0%})?"
    if metrics.questions == 0:
        return Check("open_questions", question, 0.0, "you asked no questions")
    share = metrics.open_questions / metrics.questions
    closed = [move.utterance.evidence() for move in metrics.moves if move.is_question and not move.open]
    return Check(
        "open_questions",
        question,
        min(1.0, share / options.open_question_share),
        f"{metrics.open_questions} of {metrics.questions} questions were open ({share:.0%})",
        evidence=closed[:3],
    )


def _single_question_check(metrics: ChallengeMetrics, options: AssessmentOptions) -> Check:
    question = "Did you ask one question at a time?"
    if metrics.questions == 0:
        return Check("one_question_at_a_time", question, None, "not measured: you asked no questions")
    share = 1.0 - metrics.stacked_turns / metrics.questions
    stacked = [move.utterance.evidence() for move in metrics.moves if move.is_question and move.stacked]
    return Check(
        "one_question_at_a_time",
        question,
        min(1.0, share / options.single_question_share),
        f"{metrics.stacked_turns} of {metrics.questions} question turns asked several questions at once",
        evidence=stacked[:3],
    )


def _leading_check(metrics: ChallengeMetrics) -> Check:
    question = "Did you avoid leading questions?"
    if metrics.questions == 0:
        return Check("no_leading_questions", question, None, "not measured: you asked no questions")
    leading = [move.utterance.evidence() for move in metrics.moves if move.is_question and move.leading]
    return Check(
        "no_leading_questions",
        question,
        1.0 - metrics.leading_questions / metrics.questions,
        f"{metrics.leading_questions} of {metrics.questions} questions suggested their own answer",
        evidence=leading[:3],
    )


def _demotivating_check(metrics: ChallengeMetrics) -> Check:
    count = len(metrics.demotivating)
    return Check(
        "no_demotivating_language",
        "Did you avoid judgemental or demotivating language?",
        _band(count, 0, 1),
        f"{count} judgemental remark(s)",
        evidence=metrics.demotivating,
    )


def _motivation_check(metrics: ChallengeMetrics, options: AssessmentOptions) -> Check:
    question = "Did the persona end the session still motivated?"
    start, end = metrics.motivation_start, metrics.motivation_end
    if start is None or end is None:
        return Check("motivation_kept", question, None, "not measured: the record has no motivation from the director")
    if end >= start - options.motivation_drop_max:
        credit = 1.0
    elif end >= options.motivation_floor:
        credit = 0.5
    else:
        credit = 0.0
    evidence = [metrics.largest_motivation_drop] if credit < 1 and metrics.largest_motivation_drop else []
    return Check("motivation_kept", question, credit, f"motivation went from {start:.2f} to {end:.2f} (0 to 1 scale)", evidence=evidence)


def _band(value: float, full_max: float, partial_max: float) -> float:
    """Return 1 up to ``full_max``, 0.5 up to ``partial_max``, else 0."""
    if value <= full_max:
        return 1.0
    return 0.5 if value <= partial_max else 0.0
