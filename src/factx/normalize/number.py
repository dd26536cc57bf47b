"""Bare numerals (opt-in type ``number``): what is left once money, percentages and quantities are taken."""

from __future__ import annotations

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import number_fields, qualifier_of, read_number


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    num = read_number(match.group("num"))
    if num is None:
        return None
    return number_fields(num, qualifier_of(match, ruleset, num.qualifier), None)
