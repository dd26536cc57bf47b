"""Per-type normalisers: a rule's match → the value, unit and qualifier of a fact.

Each normaliser reads the match's named groups (the group names are the contract, documented in the README)
and returns a ``Fields`` record, or None to reject the candidate (the numeral did not parse, an "a"/"one"
reading, ...), letting another rule's candidate win the span.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize import money, number, percent, quantity
from factx.normalize.fields import Fields

Normalizer = Callable[[regex.Match[str], CompiledRule, RuleSet], Fields | None]

NORMALIZERS: dict[str, Normalizer] = {
    "money": money.normalize,
    "percent": percent.normalize,
    "quantity": quantity.normalize,
    "number": number.normalize,
}


def normalizer_for(fact_type: str) -> Normalizer:
    """The normaliser of a fact type; types without one (block) keep only their span."""
    return NORMALIZERS.get(fact_type, _span_only)


def _span_only(match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet) -> Fields:
    return Fields()
