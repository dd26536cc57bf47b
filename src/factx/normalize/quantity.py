"""Quantities: a count or measure with its measure word or unit (250余家 → 250 家, over; 一个半小时 → 1.5 小时)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import (
    Match,
    amount_text,
    group,
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
    groups = rule.pattern.groupindex
    word = match[groups["unit"]] or ""
    words = ruleset.index("quantity", MeasureWords)
    if group(match, groups, "half"):  # 一个半小时, 一年半, 半个月
        return _half(group(match, groups, "num"), words.half_units.get(word, word), match, groups, ruleset)
    if "minutes" in groups:  # 4分55秒, 3小时20分, 43秒70: all of it in seconds
        return _race_time(match, groups)
    text = amount_text(group(match, groups, "num"), group(match, groups, "num_high"))
    decimals = group(match, groups, "decimals")
    if decimals:  # 1米83, 一米八五: the metres and the centimetres after the unit read as one number
        text = f"{text}.{decimals}" if decimals.isdigit() else f"{text}点{decimals}"
    if "." in text and _heading_number(match, groups):
        return None
    over = words.over.get(word)  # 3个多月: 个月, more than three
    more = group(match, groups, "qual") == "多"  # 一年多以来: more than one year
    if is_chinese_one(text) and not (over or more) and (word not in words.units or _in_idiom(match, groups, words)):
        return None  # 一家, 一个: the article "a"; but 一吨, 一公里, 一个多月, 一年多 are amounts (not in 最后一公里)
    num = read_number(text)
    if num is None:
        return None
    num = signed(num, group(match, groups, "neg"))
    unit = over or words.units_by_word.get(word, word)
    return number_fields(num, qualifier_of(match, groups, ruleset, "over" if over else num.qualifier), unit)


class MeasureWords:
    """The measure-word lexicons a quantity is read with, fetched with one look-up per match rather than one per
    lexicon (55,000 matches over the news corpus); the idioms' tuple is built once, not at every 一 + unit."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.over: dict[str, str] = ruleset.lexicon("measure_word_over")  # 个多月 -> 个月
        self.units: dict[str, object] = ruleset.lexicon("measure_unit")  # units of measure: 一吨 is an amount
        self.units_by_word: dict[str, str] = ruleset.lexicon("measure_word")  # the unit each measure word gives
        self.half_units: dict[str, str] = ruleset.lexicon("half_unit")  # 一个半小时: 个小时 -> 小时
        self.idioms = tuple(ruleset.lexicon("measure_unit_idiom"))  # 最后一公里: no amount


def _half(
    text: str | None, unit: str, match: Match, groups: Mapping[str, int], ruleset: RuleSet
) -> Fields | None:
    whole = Decimal(0)
    if text:
        num = read_number(text)
        if num is None or num.value is None:
            return None
        whole = num.value
    return number_fields(Number(whole + HALF), qualifier_of(match, groups, ruleset, None), unit)


def _race_time(match: Match, groups: Mapping[str, int]) -> Fields:
    """Hours, minutes, seconds and the hundredths after 秒, each written in ASCII digits (the pattern's)."""
    seconds = f"{group(match, groups, 'num') or 0}.{group(match, groups, 'decimals') or 0}"
    hours, minutes = group(match, groups, "hours") or "0", group(match, groups, "minutes") or "0"
    total = Decimal(hours) * 3600 + Decimal(minutes) * 60 + Decimal(seconds)
    return number_fields(Number(total.to_integral_value() if total == total.to_integral_value() else total), None, "秒")


def _in_idiom(match: Match, groups: Mapping[str, int], words: MeasureWords) -> bool:
    start = match.start(groups["num"])
    before = match.string[max(0, start - 4) : start]
    return before.endswith(words.idioms)


def _heading_number(match: Match, groups: Mapping[str, int]) -> bool:
    """A numbered heading (1.1 股指现货回顾, 4.1 人工智能：…): a dotted number alone at a line's start with a space
    after it, before the heading's first word, is no count of 人 or 股."""
    num = groups["num"]
    if match.end(num) == match.start(groups["unit"]):
        return False
    text, start = match.string, match.start(num)
    before = text[text.rfind("\n", 0, start) + 1 : start]
    return not before or before.isspace()
