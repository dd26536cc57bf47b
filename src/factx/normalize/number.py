"""Bare numerals (opt-in type ``number``): what is left once money, percentages and quantities are taken."""

from __future__ import annotations

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import number_fields, qualifier_of, read_number, signed

_ONE_CHINESE_CHARACTER = regex.compile(r"[^0-9０-９]")


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    text = match.group("num")
    if _ONE_CHINESE_CHARACTER.fullmatch(text):
        return None  # 一 in 一切, 十 alone: a single Chinese numeral is not worth a fact
    num = read_number(text)
    if num is None:
        return None
    num = signed(num, match.groupdict())
    return number_fields(num, qualifier_of(match, ruleset, num.qualifier), None)
