"""The Key Result linter against the labelled corpus.

A row agrees when the linter's set of flags equals the row's label set
exactly. A multi-label row such as ``bau,sandbagged`` needs both flags and no
other, with no partial credit. ``outcome`` stands for the empty set.
"""

from __future__ import annotations

import csv
from pathlib import Path

from assessment import FLAG_NAMES, OUTCOME, label_names, lint_key_result, read_okr_sheet

CORPUS_FILE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "okrs" / "labelled-key-results.tsv"
REQUIRED_AGREEMENT = 0.90


def labelled_rows() -> list[dict]:
    with CORPUS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_labels_are_known_flag_names():
    for row in labelled_rows():
        for label in row["labels"].split(","):
            assert label in FLAG_NAMES or label == OUTCOME, row


def test_linter_agrees_with_labels():
    rows = labelled_rows()
    assert len(rows) >= 40
    missed = []
    for row in rows:
        got = set(label_names(lint_key_result(row["key_result"], row["context"])))
        expected = set(row["labels"].split(","))
        if got != expected:
            missed.append(f"{row['id']} {row['key_result']!r} context={row['context']!r}: "
                          f"labelled {sorted(expected)}, linter {sorted(got)}")
    agreement = 1 - len(missed) / len(rows)
    print(f"linter agreement: {len(rows) - len(missed)}/{len(rows)} = {agreement:.1%}")
    for line in missed:
        print("  missed:", line)
    assert agreement >= REQUIRED_AGREEMENT


def test_every_flag_has_a_reason():
    for row in labelled_rows():
        for flag in lint_key_result(row["key_result"], row["context"]):
            assert flag.name in FLAG_NAMES
            assert len(flag.reason.split()) >= 8, flag


def test_sheet_reader_reads_corpus_tsv():
    key_results = read_okr_sheet(CORPUS_FILE)
    rows = labelled_rows()
    assert [item.text for item in key_results] == [row["key_result"] for row in rows]
    assert [item.context for item in key_results] == [row["context"] for row in rows]
