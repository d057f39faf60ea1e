"""``pushback assess SESSION_FILE`` and ``pushback lint-okrs FILE``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assessment import OkrSheetError, RecordError, assess, label_names, lint_key_result, read_okr_sheet


def run_assess(session_file: str, output_format: str = "markdown") -> int:
    """Print the assessment of a saved session record as ``json`` or ``markdown``.

    Returns 0 on success and 1 when the file cannot be read or is not a
    session record of a schema this version reads; the reason goes to standard error.
    """
    path = Path(session_file)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"cannot read {path}: {error.strerror}", file=sys.stderr)
        return 1
    except json.JSONDecodeError as error:
        print(f"{path}: invalid JSON at line {error.lineno}: {error.msg}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as error:
        print(f"{path}: not UTF-8 text (invalid byte at offset {error.start}); give a session record JSON file.", file=sys.stderr)
        return 1
    try:
        result = assess(record)
    except RecordError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1

    if output_format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.to_markdown(), end="")
    return 0


def run_lint_okrs(file: str, output_format: str = "text") -> int:
    """Print the flags of each Key Result in an OKR sheet as ``text`` or ``json``.

    Returns 0 when every Key Result is an outcome, 1 when any is flagged, and
    2 when the sheet cannot be read (the reason goes to standard error).
    """
    try:
        key_results = read_okr_sheet(file)
    except OkrSheetError as error:
        print(str(error), file=sys.stderr)
        return 2

    results = []
    for item in key_results:
        flags = lint_key_result(item.text, item.context)
        results.append(
            {
                "objective": item.objective,
                "text": item.text,
                "context": item.context,
                "labels": label_names(flags),
                "flags": [{"name": flag.name, "reason": flag.reason} for flag in flags],
            }
        )

    if output_format == "json":
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(_lint_text(results), end="")
    return 1 if any(result["flags"] for result in results) else 0


def _lint_text(results: list[dict]) -> str:
    lines: list[str] = []
    objective = object()
    for result in results:
        if result["objective"] != objective:
            objective = result["objective"]
            if lines:
                lines.append("")
            lines.append(f"Objective: {objective}" if objective else "Key Results without an objective")
        lines.append(f"  [{', '.join(result['labels'])}] {result['text']}")
        if result["context"]:
            lines.append(f"      context: {result['context']}")
        for flag in result["flags"]:
            lines.append(f"      {flag['name']}: {flag['reason']}")
    flagged = sum(1 for result in results if result["flags"])
    lines += ["", f"{flagged} of {len(results)} Key Results flagged."]
    return "\n".join(lines) + "\n"
