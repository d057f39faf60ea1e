"""The Markdown report of an assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment.record import Evidence
from assessment.tips import quote

if TYPE_CHECKING:
    from assessment.assess import Assessment

_STATUS = {"yes": "yes", "partly": "partly", "no": "**no**", "not_measured": "not measured"}


def render_markdown(assessment: Assessment) -> str:
    """Return the report: summary, weak Key Results approved, tips, scorecard, then each Key Result."""
    record = assessment.record
    persona = record.persona.get("name") or "the persona"
    lines = [f"# Assessment: {record.scenario_id or 'session'} with {persona}", ""]
    mode = "text session (no timings)" if not record.timed else f"{record.mode or 'voice'} session"
    length = f", {record.duration_s / 60:.1f} minutes" if record.duration_s is not None else ""
    lines.append(f"{mode.capitalize()}{length}. Overall score: {_score(assessment.overall_score)}.")
    if record.complete is False:
        lines.append(f"The session did not end normally ({record.end_reason or 'unknown reason'}).")
    lines.append("")

    approved = [f for f in assessment.challenge.weak_key_results if f.ending == "approved_weak"]
    if approved:
        lines += ["## Weak Key Results approved unchanged", ""]
        for finding in approved:
            said = f": you said {_evidence(finding.approval)}" if finding.approval else ""
            lines.append(f"- \u201c{finding.text}\u201d ({', '.join(finding.weaknesses)}){said}")
        lines.append("")

    lines += ["## Three things to work on", ""]
    for number, tip in enumerate(assessment.tips, start=1):
        lines.append(f"{number}. **{tip.title}.** {tip.text}")
    lines.append("")

    for dimension in assessment.dimensions:
        lines += [f"## {dimension.title}: {_score(dimension.score)}", ""]
        if not dimension.measured:
            lines += [f"{(dimension.reason or 'not measured').capitalize()}.", ""]
            continue
        lines += ["| check | result | detail |", "|---|---|---|"]
        for check in dimension.checks:
            detail = check.detail.replace("|", "/")
            if check.evidence:
                detail += "<br>" + "<br>".join(_evidence(item).replace("|", "/") for item in check.evidence[:3])
            lines.append(f"| {check.question} | {_STATUS[check.status]} | {detail} |")
        lines.append("")

    lines += ["## Key Results", ""]
    for finding in assessment.challenge.key_results:
        weakness = ", ".join(finding.weaknesses) if finding.weaknesses else "no weakness found"
        lines.append(f"### \u201c{finding.text}\u201d")
        lines.append("")
        lines.append(f"- weaknesses: {weakness} (from the {finding.weakness_source})")
        lines.append(f"- ended: {finding.ending.replace('_', ' ')}" + (f", as \u201c{finding.revised_text}\u201d" if finding.revised_text else ""))
        if finding.weak:
            lines.append(f"- challenged: {'yes, first with ' + _evidence(finding.first_challenge) if finding.first_challenge else 'no'}")
            lines.append(f"- probes: {', '.join(finding.probes) or 'none'}; weaknesses probed: {', '.join(finding.weaknesses_probed) or 'none'}")
            lines.append(f"- questions: {finding.open_questions} open, {finding.closed_questions} closed, {finding.leading_questions} leading, {finding.stacked_turns} stacked")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _evidence(item: Evidence) -> str:
    return quote(item)


def _score(score: float | None) -> str:
    return "not measured" if score is None else f"{score:.0f}/100"
