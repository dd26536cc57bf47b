"""Bare numerals (opt-in type ``number``): what is left once money, percentages and quantities are taken."""

from __future__ import annotations

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import group, number_fields, qualifier_of, read_number, signed

_DIGITS = frozenset("0123456789０１２３４５６７８９")


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    groups = rule.pattern.groupindex
    text = match[groups["num"]]
    if len(text) == 1 and text not in _DIGITS:
        return None  # 一 in 一切, 十 alone: a single Chinese numeral is not worth a fact
    num = read_number(text)
    if num is None:
        return None
    num = signed(num, group(match, groups, "neg"))
    return number_fields(num, qualifier_of(match, groups, ruleset, num.qualifier), None)
