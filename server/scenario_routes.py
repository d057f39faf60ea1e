"""Scenario routes: the list the practice page offers, and importing a team's own OKR sheet."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from personas import PATTERNS, ScenarioError, list_scenarios

logger = logging.getLogger(__name__)

router = APIRouter()

# An OKR sheet is a page or two of text; anything larger is not one.
MAX_SHEET_BYTES = 200_000
# A team's real sheet has at most a few dozen Key Results, and a rehearsal
# cannot discuss more than that in its 30-minute time box.
MAX_KEY_RESULTS = 60


def too_many_key_results(data: dict) -> str | None:
    """Return the error message when scenario ``data`` has more than ``MAX_KEY_RESULTS`` Key Results, else None."""
    count = sum(len(objective["key_results"]) for objective in data["objectives"])
    if count <= MAX_KEY_RESULTS:
        return None
    return (
        f"the sheet has {count} Key Results, and a scenario can have at most {MAX_KEY_RESULTS}; "
        "keep one team's OKRs for one quarter."
    )
SHEET_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".csv", ".tsv", ".txt")


class SheetUpload(BaseModel):
    filename: str = Field(min_length=1, max_length=200)
    content: str
    pattern: str


def user_scenario_dir(request: Request) -> Path:
    """Return the folder of imported scenarios, inside the data directory."""
    return request.app.state.settings.data_dir / "scenarios"


@router.get("/api/scenarios")
async def scenarios(request: Request) -> list[dict]:
    return [scenario.summary() for scenario in list_scenarios((user_scenario_dir(request),))]


@router.post("/api/scenarios/import", status_code=201)
async def import_sheet(upload: SheetUpload, request: Request) -> dict:
    """Build a scenario on an uploaded OKR sheet (Markdown, YAML or CSV) and keep it for later sessions."""
    from assessment import lint_key_result, read_okr_sheet
    from personas.importer import SheetImportError, build_scenario, write_scenario

    suffix = Path(upload.filename).suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise HTTPException(422, f"Unsupported file type {suffix or '(none)'!r}; upload a Markdown (.md), YAML (.yaml), CSV, TSV or plain text (.txt) sheet.")
    if len(upload.content.encode("utf-8")) > MAX_SHEET_BYTES:
        raise HTTPException(413, f"The sheet is larger than {MAX_SHEET_BYTES // 1000} kB; upload only the OKRs.")
    if upload.pattern not in PATTERNS:
        raise HTTPException(422, f"Unknown persona pattern {upload.pattern!r}; use one of {', '.join(PATTERNS)}.")

    folder = user_scenario_dir(request)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        # The importer names the scenario after the file, so the upload keeps its name.
        sheet = Path(scratch) / Path(upload.filename).name
        sheet.write_text(upload.content, encoding="utf-8")
        try:
            data = build_scenario(sheet, upload.pattern)
            limit_error = too_many_key_results(data)
            if limit_error:
                raise SheetImportError(limit_error)
            scenario = write_scenario(data, folder / f"{data['id']}.yaml", sheet)
            flags = [
                {"text": item.text, "flags": [flag.name for flag in lint_key_result(item.text, item.context)]}
                for item in read_okr_sheet(sheet)
            ]
        except (SheetImportError, ScenarioError, ValueError) as error:
            logger.warning("import of %s failed: %s", upload.filename, error)
            # The reader prefixes its messages with the scratch path, and the detail already names the file.
            message = str(error).replace(f"{sheet}: ", "").replace(str(sheet), upload.filename)
            raise HTTPException(422, f"Could not build a scenario from {upload.filename}: {message}") from None

    logger.info("imported %s as scenario %s", upload.filename, scenario.id)
    return {"scenario": scenario.summary(), "key_results": flags}
