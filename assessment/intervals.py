"""Sets of time intervals, as sorted lists of disjoint ``(start, end)`` pairs in seconds."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

Interval = tuple[float, float]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Return the union of intervals as sorted, disjoint pairs; empty and reversed pairs are dropped."""
    merged: list[list[float]] = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def intersection(first: list[Interval], second: list[Interval]) -> list[Interval]:
    """Return the intersection of two unions (outputs of ``union``)."""
    result: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if end > start:
            result.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result


def difference(first: list[Interval], second: list[Interval]) -> list[Interval]:
    """Return the parts of ``first`` not covered by ``second`` (both outputs of ``union``)."""
    result: list[Interval] = []
    j = 0
    for start, end in first:
        cursor = start
        while j < len(second) and second[j][1] <= cursor:
            j += 1
        k = j
        while k < len(second) and second[k][0] < end:
            if second[k][0] > cursor:
                result.append((cursor, second[k][0]))
            cursor = max(cursor, second[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def total(intervals: Iterable[Interval]) -> float:
    """Return the summed length of disjoint intervals."""
    return sum(end - start for start, end in intervals)


def overlaps(intervals: list[Interval], start: float, end: float) -> bool:
    """Return whether any interval of a union (output of ``union``) overlaps ``(start, end)``."""
    # The union is sorted and disjoint, so only the last interval starting
    # before ``end`` can reach past ``start``.
    index = bisect_right(intervals, (end, float("-inf"))) - 1
    return index >= 0 and intervals[index][1] > start and intervals[index][0] < end
