"""Scan a text with every rule, normalise the candidates, and resolve overlaps into one flat list.

Resolution is deterministic: the longest span wins, then the higher priority, then the earlier start, then
the rule loaded first. Bare numbers (type ``number``) are resolved last, in the gaps the other types leave,
so they are only scanned when asked for and never change another type's result. A winning ``block``
candidate (idioms, codes, names that contain numerals) claims its span and is dropped from the output,
which is how "not a fact" is written as data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from regex import Match

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize import normalizer_for
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
    numbers: bool = True,
    context: Mapping[str, Any] | None = None,
) -> list[Candidate]:
    """Every valid candidate of every rule (spans in ``text`` offsets), before overlap resolution.

    ``context`` is handed to every normaliser (``{"ref_date": date}`` resolves relative dates).
    """
    candidates: list[Candidate] = []
    starts: dict[str, list[int]] | None = None
    for order, rule in enumerate(ruleset.rules):
        if (rule.type == "number" and not numbers) or (rule.requires and not rule.requires.search(text)):
            continue  # a rule whose required word is absent cannot match: skip its scan
        normalize = normalizer_for(rule.type)
        has_fact_group = FACT_GROUP in rule.pattern.groupindex
        reach = [0]  # an anchored rule skips anchors inside its last fact (a place chain's later names)
        if rule.anchor and ruleset.anchors is not None:
            if starts is None:
                starts = ruleset.anchors.starts(text)  # one pass for every anchored rule
            matches = _anchored(rule, text, _positions(starts, rule.anchor), timeout, reach)
        else:
            matches = rule.pattern.finditer(text, timeout=timeout)
        for match in matches:
            start, end = match.span(FACT_GROUP) if has_fact_group else match.span()
            if start >= end or start < 0:
                continue
            fields = normalize(match, rule, ruleset, context=context)
            if fields is not None:
                if fields.span is not None:
                    start, end = fields.span
                candidates.append(Candidate(start, end, order, rule, fields))
                reach[0] = end
    return candidates


def _positions(starts: dict[str, list[int]], names: tuple[str, ...]) -> list[int]:
    if len(names) == 1:
        return starts[names[0]]
    return sorted({position for name in names for position in starts[name]})


def _anchored(
    rule: CompiledRule, text: str, positions: list[int], timeout: float | None, reach: list[int]
) -> Iterator[Match[str]]:
    """Like ``finditer``, but trying the pattern only at ``positions`` (where an anchor word starts).

    A position inside the previous match, or inside the last fact found (``reach[0]``, kept by the caller),
    is skipped: the facts of one rule do not overlap.
    """
    match_at = rule.pattern.match
    end = 0
    for position in positions:
        if position < end or position < reach[0]:
            continue
        match = match_at(text, position, timeout=timeout)
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
            taken.extend(b"\0" * (cand.end - len(taken)))
        if any(taken[cand.start : cand.end]):
            continue
        taken[cand.start : cand.end] = b"\1" * (cand.end - cand.start)
        if cand.rule.type != "block":
            winners.append(cand)
    winners.sort(key=lambda c: (c.start, c.end))
    return winners
