"""Where the rules of types nobody asked for must still run: near the wanted candidates.

With ``--types money``, an org or a place matters only where it can take a span from a money candidate: where
it overlaps one, or overlaps a candidate that overlaps one (a date over a quantity, an org over that date).
An anchored fact lies within ``ANCHOR_REACH`` characters of its anchor, and neither the fact nor the stretch
between it and its anchor holds a clause break (``CLAUSE_BREAK``: an organisation, a person or a place is named
within one clause). The scanner enforces both in every mode, so the anchors worth trying are known: those
within reach of the chain of overlapping spans and in the same clause. The search grows outwards one ring at
a time and stops when no new candidate joins the chain; the facts are then exactly those of a full scan,
filtered by type. Where a type's normaliser can tell cheaply how far a fact from an anchor can run (a place
chain is a run of names: ``normalize.EXTENTS``), the anchors whose run cannot reach the chain are not tried.

An unanchored rule of such a type (a date rule, when only amounts are wanted) has no anchor to bound its
matches, so it still matches everywhere; but where its fact is its match (``normalize.DEFERRABLE``), only the
matches that touch the chain are normalised. Their spans link the chain like any other candidate's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

Span = tuple[int, int]

ANCHOR_REACH = 32  # an anchored fact starts after anchor - 32 and ends before anchor + 32
CLAUSE_BREAK = re.compile(r"[，。；！？,;!?\r\n]")


class NearbySearch:
    """The rings of anchor positions to try, around a chain of overlapping spans that grows as facts join it."""

    def __init__(self, wanted: list[Span], others: list[Span], text: str) -> None:
        self.others = others  # the other types' spans not yet in the chain: they join where they overlap it
        self.text = text
        self.breaks: list[int] = []  # -1, the clause breaks' offsets, len(text): found for the first ring
        self.covered = bytearray(len(text))  # every span of the chain so far
        self.searched = bytearray(len(text))  # anchor positions already tried
        self.chain = self._link(wanted)  # the spans that joined last: the next ring is around them

    def windows(self) -> list[Span]:
        """The next ring: positions within reach of the chain, not tried before (empty when done)."""
        if not self.chain:
            return []
        if not self.breaks:  # only now: a text whose chain is empty from the start never needs them
            self.breaks = [-1, *map(re.Match.start, CLAUSE_BREAK.finditer(self.text)), len(self.text)]
        return _unsearched(self.searched, _windows(self.chain, self.breaks))

    def join(self, found: list[Span]) -> None:
        """Extend the chain with the spans found in the last ring that overlap it. The others wait with the
        other types' spans: a later ring may reach them (a span that overlaps one found later)."""
        joining = []
        for span in found:
            (joining if self.touches(*span) else self.others).append(span)
        self.chain = self._link(joining)

    def reachable(self, positions: list[int], extent: Callable[[str, int], int]) -> tuple[list[int], list[int]]:
        """The anchor positions (sorted) worth trying for a rule whose fact from a position ends by
        ``extent(text, position)``: those whose facts can reach the chain so far, and the rest. A position is
        also tried when the fact it may start covers a later one that is tried: a rule skips anchors inside its
        last fact (engine/scanner.py), and the result must be a full scan's."""
        text, find = self.text, self.covered.find
        near: list[int] = []
        far: list[int] = []
        tried = len(text)  # the first position tried after the current one
        for position in reversed(positions):
            end = extent(text, position)
            if tried < end or find(1, position, end) >= 0:
                near.append(position)
                tried = position
            else:
                far.append(position)
        near.reverse()
        far.reverse()
        return near, far

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


def _unsearched(searched: bytearray, windows: list[Span]) -> list[Span]:
    """The stretches of ``windows`` not searched before, now marked searched."""
    pieces: list[Span] = []
    for low, high in windows:
        start = searched.find(0, low, high)
        while start >= 0:
            end = searched.find(1, start, high)
            end = high if end < 0 else end
            searched[start:end] = b"\1" * (end - start)
            pieces.append((start, end))
            start = searched.find(0, end, high) if end < high else -1
    return pieces


def _split(spans: list[Span], covered: bytearray) -> tuple[list[Span], list[Span]]:
    """``spans`` that overlap ``covered``, and the rest."""
    touching: list[Span] = []
    rest: list[Span] = []
    for start, end in spans:
        (touching if covered.find(1, start, end) >= 0 else rest).append((start, end))
    return touching, rest


def _windows(spans: list[Span], breaks: list[int]) -> list[Span]:
    """Merged ranges of the anchor positions whose facts can overlap ``spans``: within reach, and with no
    clause break between the anchor and the span (``breaks``: -1, the sorted offsets of the text's breaks, and
    the text's length, so that every span has a break on either side)."""
    merged: list[Span] = []
    first = last = -1  # the window being grown
    for start, end in sorted(spans):
        before = bisect_left(breaks, start)  # breaks[before - 1] is the last break before the span
        low = breaks[before - 1] + 1
        if low < start - ANCHOR_REACH + 1:
            low = start - ANCHOR_REACH + 1
        high = breaks[bisect_left(breaks, end, before)]  # the first break at or after the span's end
        if high > end + ANCHOR_REACH:
            high = end + ANCHOR_REACH
        if low > last:
            if last >= 0:
                merged.append((first, last))
            first = low
        if high > last:
            last = high
    if last >= 0:
        merged.append((first, last))
    return merged
