"""Quantities: a count or measure with its measure word or unit (250余家 → 250 家, over; 一个半小时 → 1.5 小时)."""

from __future__ import annotations

from decimal import Decimal

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import (
    amount_text,
    is_chinese_one,
    number_fields,
    qualifier_of,
    read_number,
    signed,
)
from factx.numerals import Number

HALF = Decimal("0.5")


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    groups = match.groupdict()
    word = groups["unit"] or ""
    if groups.get("half"):  # 一个半小时, 一年半, 半个月
        return _half(groups.get("num"), word, match, ruleset)
    text = amount_text(groups)
    if is_chinese_one(text) and (word not in ruleset.lexicon("measure_unit") or _in_idiom(match, ruleset)):
        return None  # 一家, 一个: the article "a"; but 一吨, 一公里 are amounts (not in 最后一公里)
    num = read_number(text)
    if num is None:
        return None
    num = signed(num, groups)
    unit = ruleset.lexicon("measure_word").get(word, word)
    return number_fields(num, qualifier_of(match, ruleset, num.qualifier), unit)


def _half(text: str | None, word: str, match: regex.Match[str], ruleset: RuleSet) -> Fields | None:
    whole = Decimal(0)
    if text:
        num = read_number(text)
        if num is None or num.value is None:
            return None
        whole = num.value
    unit = ruleset.lexicon("half_unit").get(word, word)
    return number_fields(Number(whole + HALF), qualifier_of(match, ruleset, None), unit)


def _in_idiom(match: regex.Match[str], ruleset: RuleSet) -> bool:
    before = match.string[max(0, match.start("num") - 4) : match.start("num")]
    return any(before.endswith(word) for word in ruleset.lexicon("measure_unit_idiom"))
