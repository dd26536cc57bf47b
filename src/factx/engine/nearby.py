"""Where the rules of types nobody asked for must still run: near the wanted candidates.

With ``--types money``, an org or a place matters only where it can take a span from a money candidate: where
it overlaps one, or overlaps a candidate that overlaps one (a date over a quantity, an org over that date).
An anchored fact lies within ``ANCHOR_REACH`` characters of its anchor, and neither the fact nor the stretch
between it and its anchor holds a clause break (``CLAUSE_BREAK``: an organisation, a person or a place is named
within one clause). The scanner enforces both in every mode, so the anchors worth trying are known: those
within reach of the chain of overlapping spans and in the same clause. The search grows outwards one ring at
a time and stops when no new candidate joins the chain; the facts are then exactly those of a full scan,
filtered by type.

An unanchored rule of such a type (a date rule, when only amounts are wanted) has no anchor to bound its
matches, so it still matches everywhere; but where its fact is its match (``normalize.DEFERRABLE``), only the
matches that touch the chain are normalised. Their spans link the chain like any other candidate's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

Span = tuple[int, int]

ANCHOR_REACH = 32  # an anchored fact starts after anchor - 32 and ends before anchor + 32
CLAUSE_BREAK = re.compile(r"[，。；！？,;!?\r\n]")


class NearbySearch:
    """The rings of anchor positions to try, around a chain of overlapping spans that grows as facts join it."""

    def __init__(self, wanted: list[Span], others: list[Span], text: str) -> None:
        self.others = others  # the other types' spans not yet in the chain: they join where they overlap it
        self.size = len(text)
        self.breaks = [match.start() for match in CLAUSE_BREAK.finditer(text)]
        self.covered = bytearray(self.size)  # every span of the chain so far
        self.searched = bytearray(self.size)  # anchor positions already tried
        self.chain = self._link(wanted)  # the spans that joined last: the next ring is around them

    def windows(self) -> list[Span]:
        """The next ring: positions within reach of the chain, not tried before (empty when done)."""
        if not self.chain:
            return []
        return [
            piece
            for window in _windows(self.chain, self.size, self.breaks)
            for piece in _unsearched(self.searched, *window)
        ]

    def join(self, found: list[Span]) -> list[int]:
        """Which of the spans found in the last ring overlap the chain (their indexes); they extend it."""
        joined = [n for n, span in enumerate(found) if self.touches(*span)]
        self.chain = self._link([found[n] for n in joined])
        return joined

    def touches(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps the chain."""
        return self.covered.find(1, start, end) >= 0

    def _link(self, spans: list[Span]) -> list[Span]:
        """``spans`` plus every other span that overlaps them, directly or through another, all now covered."""
        linked = list(spans)
        pending = spans
        while pending:
            for start, end in pending:
                self.covered[start:end] = b"\1" * (end - start)
            pending, self.others = _split(self.others, self.covered)
            linked += pending
        return linked


def within(positions: list[int], windows: list[Span]) -> list[int]:
    """The sorted ``positions`` inside the sorted, disjoint ``windows``."""
    found: list[int] = []
    for low, high in windows:
        found += positions[bisect_left(positions, low) : bisect_left(positions, high)]
    return found


def _unsearched(searched: bytearray, low: int, high: int) -> Iterator[Span]:
    """The stretches of ``[low, high)`` not searched before, marking them searched."""
    position = low
    while position < high:
        start = searched.find(0, position, high)
        if start < 0:
            return
        end = searched.find(1, start, high)
        end = high if end < 0 else end
        searched[start:end] = b"\1" * (end - start)
        yield start, end
        position = end


def _split(spans: list[Span], covered: bytearray) -> tuple[list[Span], list[Span]]:
    """``spans`` that overlap ``covered``, and the rest."""
    touching: list[Span] = []
    rest: list[Span] = []
    for start, end in spans:
        (touching if covered.find(1, start, end) >= 0 else rest).append((start, end))
    return touching, rest


def _windows(spans: list[Span], size: int, breaks: list[int]) -> list[Span]:
    """Merged ranges of the anchor positions whose facts can overlap ``spans``: within reach, and with no
    clause break between the anchor and the span (``breaks``: the sorted offsets of the text's breaks)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        low, high = max(0, start - ANCHOR_REACH + 1), min(size, end + ANCHOR_REACH)
        before_start = bisect_left(breaks, start)  # breaks[:before_start] lie before the span
        if before_start:
            low = max(low, breaks[before_start - 1] + 1)
        first_after = bisect_left(breaks, end, before_start)  # the first break at or after the span's end
        if first_after < len(breaks):
            high = min(high, breaks[first_after])
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged
