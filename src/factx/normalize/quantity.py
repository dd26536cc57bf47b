"""Quantities: a count or measure with its measure word or unit (250余家 → 250 家, over)."""

from __future__ import annotations

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import is_chinese_one, number_fields, qualifier_of, read_number


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    text = match.group("num")
    if is_chinese_one(text):
        return None
    num = read_number(text)
    if num is None:
        return None
    word = match.group("unit")
    unit = ruleset.lexicon("measure_word").get(word, word)
    return number_fields(num, qualifier_of(match, ruleset, num.qualifier), unit)
