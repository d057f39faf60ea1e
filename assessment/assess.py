"""``assess``: the whole assessment of one session record."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.challenge import ChallengeMetrics, measure_challenge
from assessment.interruptions import InterruptionMetrics, measure_interruptions
from assessment.options import DEFAULT_OPTIONS, AssessmentOptions
from assessment.pacing import PacingMetrics, measure_pacing
from assessment.record import SessionRecord, read_record
from assessment.scorecard import Dimension, challenge_dimension, interruptions_dimension, pacing_dimension
from assessment.tips import Tip, coaching_tips

ASSESSMENT_SCHEMA = "pushback.assessment/1"


@dataclass
class Assessment:
    """The assessment of one session: metrics, the scorecard, and three coaching tips."""

    record: SessionRecord
    pacing: PacingMetrics
    interruptions: InterruptionMetrics
    challenge: ChallengeMetrics
    dimensions: list[Dimension]
    tips: list[Tip]

    @property
    def overall_score(self) -> float | None:
        """Return the mean score of the measured dimensions, from 0 to 100, or None.

        A session in which the manager never spoke has nothing to score, so it is None.
        """
        if not self.record.manager_utterances():
            return None
        scores = [dimension.score for dimension in self.dimensions if dimension.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    def approved_weak(self) -> list[dict]:
        """Return each weak Key Result approved unchanged, with the quote and time of the approval."""
        return [
            {
                "id": finding.id,
                "text": finding.text,
                "weaknesses": finding.weaknesses,
                "evidence": finding.approval.to_dict() if finding.approval else None,
            }
            for finding in self.challenge.weak_key_results
            if finding.ending == "approved_weak"
        ]

    def to_dict(self) -> dict:
        """Return a JSON-ready dict; ``docs/assessment.md`` documents every field."""
        record = self.record
        return {
            "schema": ASSESSMENT_SCHEMA,
            "session": {
                "session_id": record.session_id,
                "scenario_id": record.scenario_id,
                "persona": record.persona,
                "mode": record.mode,
                "timed": record.timed,
                "complete": record.complete,
                "end_reason": record.end_reason,
                "duration_s": round(record.duration_s, 3) if record.duration_s is not None else None,
            },
            "overall_score": self.overall_score,
            "scorecard": [dimension.to_dict() for dimension in self.dimensions],
            "key_results": [finding.to_dict() for finding in self.challenge.key_results],
            "approved_weak": self.approved_weak(),
            "tips": [tip.to_dict() for tip in self.tips],
            "metrics": {
                "pacing": self.pacing.to_dict(),
                "interruptions": self.interruptions.to_dict(),
                "challenge": self.challenge.to_dict(),
            },
        }

    def to_markdown(self) -> str:
        """Return the assessment as a Markdown report."""
        from assessment.report import render_markdown

        return render_markdown(self)


def assess(record: dict, options: AssessmentOptions = DEFAULT_OPTIONS) -> Assessment:
    """Assess one session record (a parsed ``pushback.session/1`` document).

    Raises ``RecordError`` when the schema is missing, unknown, or of another
    major version, or when the record's structure is invalid.
    """
    session = read_record(record)
    pacing = measure_pacing(session, options)
    interruptions = measure_interruptions(session, options)
    challenge = measure_challenge(session)
    dimensions = [
        pacing_dimension(pacing, options),
        interruptions_dimension(interruptions, options),
        challenge_dimension(challenge, options),
    ]
    return Assessment(
        record=session,
        pacing=pacing,
        interruptions=interruptions,
        challenge=challenge,
        dimensions=dimensions,
        tips=coaching_tips(dimensions, challenge),
    )
