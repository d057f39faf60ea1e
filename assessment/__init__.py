"""Assessment of a practice session, and the Key Result linter.

Pure functions over the session record (``docs/session-record.md``); nothing
here imports from ``server`` or ``audio``. Public surface:

- ``assess(record) -> Assessment``, with ``to_dict()`` and ``to_markdown()``;
  raises ``RecordError`` for a record whose schema it does not know.
- ``lint_key_result(text, context="") -> list[Flag]``: an empty list is an outcome.
- ``read_okr_sheet(path) -> list[SheetKeyResult]`` for Markdown, YAML, CSV and TSV sheets.
"""

from assessment.assess import ASSESSMENT_SCHEMA, Assessment, assess
from assessment.linter import FLAG_NAMES, OUTCOME, Flag, label_names, lint_key_result
from assessment.okr_sheet import OkrSheetError, SheetKeyResult, read_okr_sheet
from assessment.options import AssessmentOptions
from assessment.record import Evidence, RecordError

__all__ = [
    "ASSESSMENT_SCHEMA",
    "Assessment",
    "AssessmentOptions",
    "Evidence",
    "FLAG_NAMES",
    "Flag",
    "OUTCOME",
    "OkrSheetError",
    "RecordError",
    "SheetKeyResult",
    "assess",
    "label_names",
    "lint_key_result",
    "read_okr_sheet",
]
