"""Scan a text with every rule, normalise the candidates, and resolve overlaps into one flat list.

Resolution is deterministic: the longest span wins, then the higher priority, then the earlier start, then
the rule loaded first. Bare numbers (type ``number``) are resolved last, in the gaps the other types leave, so
they are only scanned when asked for and never change another type's result. A winning ``block`` candidate (idioms, codes, names that contain numerals) claims its
span and is dropped from the output, which is how "not a fact" is written as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
    for order, rule in enumerate(ruleset.rules):
        if (rule.type == "number" and not numbers) or (rule.requires and not rule.requires.search(text)):
            continue  # a rule whose required word is absent cannot match: skip its scan
        normalize = normalizer_for(rule.type)
        has_fact_group = FACT_GROUP in rule.pattern.groupindex
        for match in rule.pattern.finditer(text, timeout=timeout):
            start, end = match.span(FACT_GROUP) if has_fact_group else match.span()
            if start >= end or start < 0:
                continue
            fields = normalize(match, rule, ruleset, context=context)
            if fields is not None:
                candidates.append(Candidate(start, end, order, rule, fields))
    return candidates


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
