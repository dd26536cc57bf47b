"""Per-type normalisers: a rule's match → the value, unit and qualifier of a fact.

Each normaliser reads the match's named groups (the group names are the contract, documented in the README)
and returns a ``Fields`` record, or None to reject the candidate (the numeral did not parse, an "a"/"one"
reading, ...), letting another rule's candidate win the span. Every normaliser takes a keyword argument
``context`` (None, or a mapping such as ``{"ref_date": date}``) and may ignore it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize import date, location, money, number, numeric, org, percent, person, quantity
from factx.normalize.fields import Context, Fields


class Normalizer(Protocol):
    def __call__(
        self, match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
    ) -> Fields | None: ...


NORMALIZERS: dict[str, Normalizer] = {
    "money": money.normalize,
    "percent": percent.normalize,
    "quantity": quantity.normalize,
    "number": number.normalize,
    "date": date.normalize,
    "location": location.normalize,
    "org": org.normalize,
    "person": person.normalize,
}


MOVES_SPAN = frozenset({"location", "org", "person"})
"""Types whose normaliser may report a span other than the match's (``Fields.span``: a chain of places, an
organisation's name walked left from its suffix). Every other type's fact is its match's ``fact`` group."""

DEFERRABLE = frozenset(NORMALIZERS) - MOVES_SPAN
"""Types whose candidates can be normalised late, only where they matter (engine/nearby.py): the fact is the
match, so its span is known before normalising, and normalising costs something (a block has no normaliser)."""


EXTENTS: dict[str, Callable[[RuleSet, str, int], int]] = {"location": location.extent}
"""Per type, where a fact anchored at a position ends at the furthest, when its normaliser can tell cheaply (a
place chain is a run of names): the nearby search skips anchors whose facts cannot reach the amounts."""


def extent_for(fact_type: str, ruleset: RuleSet) -> Callable[[str, int], int] | None:
    found = EXTENTS.get(fact_type)
    return None if found is None else partial(found, ruleset)


def normalizer_for(fact_type: str) -> Normalizer:
    """The normaliser of a fact type; types without one (block) keep only their span."""
    return NORMALIZERS.get(fact_type, _span_only)


def _span_only(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields:
    return Fields()


def build_indexes(ruleset: RuleSet) -> None:
    """Build the normalisers' lexicon indexes of a fresh rule set (done before it is cached)."""
    types = ruleset.types()
    if "location" in types:
        location.place_index(ruleset)
    if "org" in types:
        org.org_index(ruleset)
    if "person" in types:
        person.person_index(ruleset)
    if types & {"money", "percent", "quantity", "number"}:
        ruleset.index("qualifier", numeric.qualifiers)
    if "quantity" in types:
        ruleset.index("quantity", quantity.MeasureWords)
