"""Scan a text with every rule, normalise the candidates, and resolve overlaps into one flat list.

Resolution is deterministic: the longest span wins, then the higher priority, then the earlier start, then
the rule loaded first. Bare numbers (type ``number``) are resolved last, in the gaps the other types leave,
so they are only scanned when asked for and never change another type's result. A winning ``block``
candidate (idioms, codes, names that contain numerals) claims its span and is dropped from the output,
which is how "not a fact" is written as data.

When only some types are wanted, an anchored rule of another type (the entity lexicons: the costly part of
a scan) is tried only near the wanted candidates: its facts matter there alone, where they can take a span
from a wanted one (engine/nearby.py). An anchored fact lies within ``ANCHOR_REACH`` characters of its anchor,
in its anchor's clause (both enforced here, in every mode), so the anchors that can matter are known, and the
result is the same as scanning everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from functools import partial
from typing import Any

from regex import Match

from factx.engine.compiler import CompiledRule, RuleSet, standard_pattern, standard_requires
from factx.engine.nearby import ANCHOR_REACH, CLAUSE_BREAK, NearbySearch, within
from factx.normalize import DEFERRABLE, normalizer_for
from factx.normalize.fields import Fields

FACT_GROUP = "fact"


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    order: int
    rule: CompiledRule
    fields: Fields


def scan(
    text: str,
    ruleset: RuleSet,
    timeout: float | None = None,
    wanted: Set[str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> list[Candidate]:
    """Every candidate that can decide the facts of the ``wanted`` types (all types when None), unresolved.

    ``context`` is handed to every normaliser (``{"ref_date": date}`` resolves relative dates).
    """
    _SCANNED[0] += len(text)
    scanner = _Scanner(text, ruleset, timeout, context)
    direct: list[tuple[int, CompiledRule]] = []
    nearby: list[tuple[int, CompiledRule]] = []
    deferred: list[tuple[int, CompiledRule]] = []
    present: dict[str, bool] = {}  # rules often share a required word (元, 年): look for it once
    for order, rule in enumerate(ruleset.rules):
        if wanted is not None and rule.type == "number" and "number" not in wanted:
            continue
        if rule.requires:
            found = present.get(rule.requires.pattern)
            if found is None:
                requires = (_standard(rule, standard_requires) if timeout is None else None) or rule.requires
                found = present[rule.requires.pattern] = requires.search(text) is not None
            if not found:
                continue  # a rule whose required word is absent cannot match: skip its scan
        if wanted is None or rule.type in wanted:
            direct.append((order, rule))
        elif rule.anchor and ruleset.anchors is not None:
            nearby.append((order, rule))
        elif rule.type in DEFERRABLE:
            deferred.append((order, rule))  # normalised only where its match touches the wanted candidates
        else:
            direct.append((order, rule))
    candidates: list[Candidate] = []
    anchors = {name for _, rule in direct for name in rule.anchor or ()}  # scanned for in the whole text
    for order, rule in direct:
        if rule.anchor and ruleset.anchors is not None:
            candidates += scanner.anchored(order, rule, _positions(scanner.anchor_starts(anchors), rule.anchor))
        else:
            candidates += scanner.unanchored(order, rule)
    if wanted is not None and (nearby or deferred):
        candidates += _near_wanted(scanner, nearby, deferred, candidates, wanted)
    return candidates


class _Scanner:
    """One text, one rule set: runs a rule everywhere or at given anchor positions, normalising matches."""

    def __init__(self, text: str, ruleset: RuleSet, timeout: float | None, context: Mapping[str, Any] | None):
        self.text = text
        self.ruleset = ruleset
        self.timeout = timeout
        self.context = context
        self._starts: dict[str, list[int]] | None = None

    def anchor_starts(self, names: Set[str]) -> dict[str, list[int]]:
        """Where the words of the anchor lexicons ``names`` start: one pass over the text for all of them."""
        if self._starts is None:
            assert self.ruleset.anchors is not None
            self._starts = self.ruleset.anchors.starts(self.text, names=names)
        return self._starts

    def anchor_starts_in(self, windows: list[tuple[int, int]], names: Set[str]) -> dict[str, list[int]]:
        """Where the words of ``names`` start inside ``windows``: a pass over those stretches alone, for the
        lexicons the whole text was not scanned for."""
        assert self.ruleset.anchors is not None
        scanned = self._starts or {}
        starts = {name: within(scanned[name], windows) for name in names if name in scanned}
        rest = {name for name in names if name not in scanned}
        if rest:
            starts.update(self.ruleset.anchors.starts(self.text, windows, rest))
        return starts

    def unanchored(self, order: int, rule: CompiledRule) -> list[Candidate]:
        return self._candidates(order, rule, self.matches(rule), [0])

    def matches(self, rule: CompiledRule) -> Iterator[Match[str] | re.Match[str]]:
        """An unanchored rule's matches over the whole text, not yet normalised."""
        standard = _standard(rule, standard_pattern) if self.timeout is None else None
        if standard is not None:
            return standard.finditer(self.text)
        return rule.pattern.finditer(self.text, timeout=self.timeout)

    def normalized(self, order: int, rule: CompiledRule, matches: list[Match[str] | re.Match[str]]) -> list[Candidate]:
        return self._candidates(order, rule, iter(matches), [0])

    def anchored(self, order: int, rule: CompiledRule, positions: Iterable[int]) -> list[Candidate]:
        reach = [0]  # an anchored rule skips anchors inside its last fact (a place chain's later names)
        matches = _anchored(rule, self.text, positions, self.timeout, reach)
        return self._candidates(order, rule, matches, reach, bounded=True)

    def _candidates(
        self,
        order: int,
        rule: CompiledRule,
        matches: Iterator[Match[str] | re.Match[str]],
        reach: list[int],
        bounded: bool = False,
    ) -> list[Candidate]:
        normalize = normalizer_for(rule.type)
        has_fact_group = FACT_GROUP in rule.pattern.groupindex
        found = []
        for match in matches:
            start, end = _fact_span(match, has_fact_group)
            if start >= end or start < 0:
                continue
            fields = normalize(match, rule, self.ruleset, context=self.context)
            if fields is None:
                continue
            if fields.span is not None:
                start, end = fields.span
            if bounded and not _near_anchor(self.text, match.start(), start, end):
                continue
            found.append(Candidate(start, end, order, rule, fields))
            reach[0] = end
        return found


def _near_anchor(text: str, anchor: int, start: int, end: int) -> bool:
    """Whether an anchored fact lies where engine/nearby.py counts on: within reach, in its anchor's clause."""
    if not (anchor - ANCHOR_REACH < start and end < anchor + ANCHOR_REACH):
        return False
    return CLAUSE_BREAK.search(text, min(start, anchor), max(end, anchor + 1)) is None


STANDARD_AFTER = 100_000
"""Characters a process scans with ``regex`` before it compiles the ``engine = "re"`` patterns (about 10 ms,
and ``re`` patterns are not cached on disk): a one-article command does not pay for them."""
_SCANNED = [0]


def _standard(
    rule: CompiledRule, compiled: Callable[[CompiledRule], re.Pattern[str] | None]
) -> re.Pattern[str] | None:
    """The rule's pattern (or ``requires``) for the standard engine, once this process has scanned enough to pay
    for it.

    ``re`` has no timeout: with ``--timeout`` every rule stays on ``regex``. Both engines give the same
    matches (``rules check`` compares them on every example; tests/test_rule_examples.py on the corpus).
    """
    if _SCANNED[0] < STANDARD_AFTER:
        return None
    return compiled(rule)


def _near_wanted(
    scanner: _Scanner,
    nearby: list[tuple[int, CompiledRule]],
    deferred: list[tuple[int, CompiledRule]],
    direct: list[Candidate],
    wanted: Set[str],
) -> list[Candidate]:
    """The candidates of types not wanted that can take part in deciding a wanted candidate (engine/nearby.py):
    those of the anchored ``nearby`` rules, tried only near the wanted candidates, and those of the
    ``deferred`` rules, matched everywhere but normalised only where their match touches the chain."""
    unsettled = [
        (order, rule, match, _fact_span(match, FACT_GROUP in rule.pattern.groupindex))
        for order, rule in deferred
        for match in scanner.matches(rule)
    ]
    search = NearbySearch(
        [(c.start, c.end) for c in direct if c.rule.type in wanted],
        [(c.start, c.end) for c in direct if c.rule.type not in wanted] + [span for *_, span in unsettled],
        scanner.text,
    )
    kept: list[Candidate] = []
    anchors = {name for _, rule in nearby for name in rule.anchor or ()}
    while nearby and (windows := search.windows()):
        starts = scanner.anchor_starts_in(windows, anchors)
        found = [
            candidate
            for order, rule in nearby
            for candidate in scanner.anchored(order, rule, _positions(starts, rule.anchor or ()))
        ]
        kept += [found[n] for n in search.join([(c.start, c.end) for c in found])]
    for order, rule, match, span in unsettled:
        if search.touches(*span):
            kept += scanner.normalized(order, rule, [match])
    return kept


def _fact_span(match: Match[str] | re.Match[str], has_fact_group: bool) -> tuple[int, int]:
    """Where a match's fact is, before any normaliser moves it: its ``fact`` group, else the whole match."""
    return match.span(FACT_GROUP) if has_fact_group else match.span()


def _positions(starts: dict[str, list[int]], names: tuple[str, ...]) -> list[int]:
    if len(names) == 1:
        return starts.get(names[0], [])
    return sorted({position for name in names for position in starts.get(name, ())})


def _anchored(
    rule: CompiledRule, text: str, positions: Iterable[int], timeout: float | None, reach: list[int]
) -> Iterator[Match[str]]:
    """Like ``finditer``, but trying the pattern only at ``positions`` (where an anchor word starts).

    A position inside the previous match, or inside the last fact found (``reach[0]``, kept by the caller),
    is skipped: the facts of one rule do not overlap.
    """
    # a keyword argument doubles the cost of a call (0.31 → 0.68 µs): pass the timeout only when there is one
    match_at = rule.pattern.match if timeout is None else partial(rule.pattern.match, timeout=timeout)
    end = 0
    for position in positions:
        if position < end or position < reach[0]:
            continue
        match = match_at(text, position)
        if match is not None:
            end = max(match.end(), position + 1)
            yield match


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping winners in document order; blocks are resolved like facts, then dropped."""
    ranked = sorted(
        candidates,
        key=lambda c: (c.rule.type == "number", c.start - c.end, -c.rule.priority, c.start, c.order),
    )
    taken = bytearray()
    winners: list[Candidate] = []
    for cand in ranked:
        if len(taken) < cand.end:
            taken.extend(bytes(cand.end - len(taken)))
        if taken.find(1, cand.start, cand.end) >= 0:
            continue
        taken[cand.start : cand.end] = b"\1" * (cand.end - cand.start)
        if cand.rule.type != "block":
            winners.append(cand)
    winners.sort(key=lambda c: (c.start, c.end))
    return winners
