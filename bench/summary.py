"""Summary statistics and result files shared by the benchmarks."""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile: the smallest value with at least ``share`` of values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarise(values: list[float]) -> dict:
    """Return p50 (the median), p95, min, max and n of ``values``; empty lists give n 0 and no figures."""
    values = [value for value in values if value is not None]
    if not values:
        return {"p50": None, "p95": None, "min": None, "max": None, "n": 0}
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def format_summary(stats: dict, unit: str = "ms", digits: int = 0) -> str:
    if not stats["n"]:
        return "no values"
    parts = [f"{key} {stats[key]:.{digits}f}" for key in ("p50", "p95", "min", "max")]
    return f"{', '.join(parts)} {unit}, n {stats['n']}"


def print_table(headers: list[str], rows: list[list]) -> None:
    """Print ``rows`` as a plain-text table with right-aligned columns."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(header), *(len(row[i]) for row in cells)) if cells else len(header) for i, header in enumerate(headers)]
    print("  ".join(header.rjust(width) for header, width in zip(headers, widths)))
    for row in cells:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))


def write_results(name: str, results: dict) -> Path:
    """Write ``results`` as JSON under bench/results/, which git ignores, and return the path."""
    RESULTS_DIR.mkdir(exist_ok=True)
    ignore = RESULTS_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Benchmark output stays out of git; docs/benchmarks.md records the figures.\n*\n", encoding="utf-8")
    path = RESULTS_DIR / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return path
