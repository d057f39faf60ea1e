"""OKR sheets: a team's draft Key Results in Markdown, YAML, CSV or TSV.

The accepted layouts are documented in ``docs/assessment.md``. In short:

- Markdown: a heading, or a list item with deeper items under it, is an
  objective; the list items under it are its Key Results. A prefix
  ``Objective:`` or ``O1:`` marks an objective and ``KR:`` or ``KR1:`` a Key
  Result wherever they sit. Context goes in a trailing parenthesis,
  ``Raise NPS to 55 (not measured today)``, or after `` — context:``.
- YAML: a list of objectives (``objective`` with ``key_results``), a mapping
  with ``objectives``, or a mapping with ``objective`` and ``key_results``.
  Each Key Result is a string or a mapping with ``text`` (or ``key_result``)
  and an optional ``context``.
- CSV and TSV: a header row with a ``key_result`` column and optional
  ``context`` and ``objective`` columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml


class OkrSheetError(ValueError):
    """An OKR sheet cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class SheetKeyResult:
    """One Key Result of a sheet, with the objective above it (or None) and its context ("" when none)."""

    objective: str | None
    text: str
    context: str = ""


_FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv"}

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_OBJECTIVE_PREFIX = re.compile(r"^(?:\*\*)?(?:objective|o\d+)\s*\d*\s*[:.)\u2014-]\s*(?:\*\*)?\s*", re.I)
_KR_PREFIX = re.compile(r"^(?:\*\*)?(?:key result|kr)\s*\d*(?:\.\d+)?\s*[:.)\u2014-]\s*(?:\*\*)?\s*", re.I)
_CONTEXT_SEPARATOR = re.compile(r"\s+(?:\u2014|\u2013|--)\s*context\s*:\s*", re.I)
_CONTEXT_LINE = re.compile(r"^context\s*:\s*", re.I)
_TRAILING_PARENTHESIS = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*\.?$")


def read_okr_sheet(path: str | Path) -> list[SheetKeyResult]:
    """Read the Key Results of one sheet, in file order; the format follows the file extension.

    Raises ``OkrSheetError`` when the file is missing, its extension is not one
    of .md, .markdown, .txt, .yaml, .yml, .csv or .tsv, or it contains no Key Result.
    """
    path = Path(path)
    kind = _FORMATS.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(_FORMATS))
        raise OkrSheetError(f"{path}: unsupported file extension {path.suffix!r}; use one of {supported}.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise OkrSheetError(f"{path}: cannot read the file: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise OkrSheetError(
            f"{path}: not UTF-8 text (invalid byte at offset {error.start}); save the sheet as UTF-8 Markdown, YAML or CSV."
        ) from None

    if kind == "markdown":
        key_results = parse_markdown_sheet(text)
    elif kind == "yaml":
        key_results = parse_yaml_sheet(text, source=str(path))
    else:
        key_results = parse_table_sheet(text, delimiter="\t" if kind == "tsv" else ",", source=str(path))
    if not key_results:
        raise OkrSheetError(
            f"{path}: no Key Result found. List each Key Result as a bullet under its objective's heading "
            "(Markdown), under key_results (YAML), or in a key_result column (CSV)."
        )
    return key_results


def parse_markdown_sheet(text: str) -> list[SheetKeyResult]:
    """Parse a Markdown sheet (layout in the module docstring)."""
    sections: list[tuple[str | None, list[tuple[int, str]]]] = [(None, [])]
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            sections.append((_OBJECTIVE_PREFIX.sub("", heading.group(2)).strip() or None, []))
            continue
        item = _LIST_ITEM.match(line)
        if item:
            sections[-1][1].append((len(item.group(1).expandtabs(4)), item.group(2)))
            continue
        stripped = line.strip()
        if _OBJECTIVE_PREFIX.match(stripped):
            sections.append((_OBJECTIVE_PREFIX.sub("", stripped).strip(), []))
        elif stripped and _KR_PREFIX.match(stripped):
            sections[-1][1].append((0, stripped))

    key_results: list[SheetKeyResult] = []
    for heading, items in sections:
        key_results.extend(_section_key_results(heading, items))
    return key_results


def _section_key_results(heading: str | None, items: list[tuple[int, str]]) -> list[SheetKeyResult]:
    # With two or more list levels, the shallowest items are objectives and the
    # next level their Key Results. With one level, every item is a Key Result.
    # Items starting with "context:" never count as a level.
    levels = sorted({indent for indent, raw in items if not _CONTEXT_LINE.match(raw)})
    objective_level = levels[0] if len(levels) > 1 else None
    key_result_level = None
    if levels:
        key_result_level = levels[1] if len(levels) > 1 else levels[0]
    objective = heading
    key_results: list[SheetKeyResult] = []
    for indent, raw in items:
        if _OBJECTIVE_PREFIX.match(raw) or indent == objective_level and not _KR_PREFIX.match(raw):
            objective = _OBJECTIVE_PREFIX.sub("", raw).strip().strip("*").strip() or heading
            continue
        if _CONTEXT_LINE.match(raw) and key_results:
            previous = key_results[-1]
            context = _join_context(previous.context, _CONTEXT_LINE.sub("", raw))
            key_results[-1] = SheetKeyResult(previous.objective, previous.text, context)
            continue
        if indent > key_result_level:
            # A note nested under a Key Result adds to its context.
            if key_results:
                previous = key_results[-1]
                key_results[-1] = SheetKeyResult(previous.objective, previous.text, _join_context(previous.context, raw))
            continue
        text, context = split_context(_KR_PREFIX.sub("", raw))
        if text:
            key_results.append(SheetKeyResult(objective, text, context))
    return key_results


def split_context(item: str) -> tuple[str, str]:
    """Split ``"KR — context: facts"`` or ``"KR (facts)"`` into the Key Result and its context."""
    item = item.strip()
    separated = _CONTEXT_SEPARATOR.split(item, maxsplit=1)
    if len(separated) == 2:
        return separated[0].strip(), separated[1].strip()
    parenthesis = _TRAILING_PARENTHESIS.match(item)
    if parenthesis:
        return parenthesis.group(1).strip(), parenthesis.group(2).strip()
    return item, ""


def _join_context(first: str, second: str) -> str:
    second = second.strip()
    return f"{first}; {second}" if first else second


def parse_yaml_sheet(text: str, source: str = "<yaml>") -> list[SheetKeyResult]:
    """Parse a YAML sheet (layouts in the module docstring)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise OkrSheetError(f"{source}: invalid YAML: {error}") from error

    if isinstance(data, dict) and "objectives" in data:
        data = data["objectives"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise OkrSheetError(f"{source}: expected a list of objectives or a mapping with key_results, got {type(data).__name__}.")

    key_results: list[SheetKeyResult] = []
    for index, entry in enumerate(data):
        if isinstance(entry, str):
            text, context = split_context(entry)
            key_results.append(SheetKeyResult(None, text, context))
            continue
        if not isinstance(entry, dict):
            raise OkrSheetError(f"{source}: objectives[{index}] must be a mapping or a string.")
        objective = entry.get("objective") or entry.get("title")
        items = entry.get("key_results")
        if items is None and ("text" in entry or "key_result" in entry):
            items, objective = [entry], None
        if not isinstance(items, list):
            raise OkrSheetError(f"{source}: objectives[{index}].key_results must be a list.")
        for position, item in enumerate(items):
            key_results.append(_yaml_key_result(item, str(objective) if objective else None, f"{source}: objectives[{index}].key_results[{position}]"))
    return key_results


def _yaml_key_result(item: object, objective: str | None, where: str) -> SheetKeyResult:
    if isinstance(item, str):
        text, context = split_context(item)
        return SheetKeyResult(objective, text, context)
    if not isinstance(item, dict):
        raise OkrSheetError(f"{where} must be a string or a mapping with text.")
    text = item.get("text") or item.get("key_result")
    if not text:
        raise OkrSheetError(f"{where}: missing text.")
    return SheetKeyResult(item.get("objective") or objective, str(text).strip(), str(item.get("context") or "").strip())


def parse_table_sheet(text: str, delimiter: str = ",", source: str = "<csv>") -> list[SheetKeyResult]:
    """Parse a CSV or TSV sheet with a ``key_result`` column and optional ``context`` and ``objective``."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "key_result" not in columns:
        raise OkrSheetError(f"{source}: missing the key_result column in the header row (found: {', '.join(columns) or 'nothing'}).")
    key_results = []
    for row in reader:
        cells = {(name or "").strip().lower(): (value or "").strip() for name, value in row.items() if isinstance(value, str)}
        if not cells.get("key_result"):
            continue
        key_results.append(SheetKeyResult(cells.get("objective") or None, cells["key_result"], cells.get("context", "")))
    return key_results
