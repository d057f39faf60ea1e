"""Every threshold of the assessment, in one place; ``docs/assessment.md`` gives each one's source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssessmentOptions:
    """Thresholds of the assessment. Times are seconds, rates are shares from 0 to 1."""

    time_box_s: float = 1800.0  # used when the record carries no time_box_s
    time_box_grace_s: float = 180.0  # over the box by less than this earns half credit

    talk_ratio_max: float = 0.50  # manager share of speaking time for full credit
    talk_ratio_partial_max: float = 0.60  # half credit up to here

    pace_wpm_min: float = 130.0
    pace_wpm_max: float = 175.0
    pace_partial_margin_wpm: float = 20.0  # half credit this far outside the range
    min_turn_s_for_pace: float = 2.0  # shorter turns get no per-turn words per minute

    monologue_join_gap_s: float = 2.0  # a pause shorter than this does not end a monologue
    monologue_max_s: float = 60.0
    monologue_partial_max_s: float = 90.0

    patience_pause_s: float = 1.0  # median pause after the persona stops, for full credit
    patience_partial_pause_s: float = 0.6

    long_silence_s: float = 8.0  # a gap in all speech at least this long
    long_silence_partial_count: int = 2  # up to this many long silences earn half credit

    overlap_share_max: float = 0.05  # overlap seconds over speaking seconds
    overlap_share_partial_max: float = 0.10
    interruptions_partial_per_10_min: float = 1.0

    backchannel_max_words: int = 3  # a short utterance made only of backchannel words

    open_question_share: float = 0.6  # share of questions that are open, for full credit
    single_question_share: float = 0.9  # share of question turns that ask one question

    motivation_drop_max: float = 0.10  # on a 0 to 1 scale
    motivation_floor: float = 0.40  # half credit while the final motivation stays above this


DEFAULT_OPTIONS = AssessmentOptions()
