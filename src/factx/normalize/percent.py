"""Percentages, in percent units: 15.8%, 百分之十五点八, 三成半, 千分之三, 10.5‰, 九折, and 个百分点 (unit pp)."""

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
    number_fields,
    qualifier_of,
    read_number,
    signed,
)
from factx.numerals import Number, NumeralError, parse_decimal_digits, parse_fraction

HUNDRED = Decimal(100)
TEN = Decimal(10)
TENTH = Decimal("0.1")
_PERCENT_SIGNS = str.maketrans("", "", "%％‰")


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    groups = rule.pattern.groupindex
    num = _read(match, groups)
    if num is None:
        return None
    num = signed(num, group(match, groups, "neg"))
    if group(match, groups, "permille"):  # 10.5‰ is 1.05 %
        num = num.scaled(TENTH)
    unit = "pp" if group(match, groups, "pp") else "%"
    return number_fields(num, qualifier_of(match, groups, ruleset, num.qualifier), unit)


def _read(match: Match, groups: Mapping[str, int]) -> Number | None:
    """Which reading applies is told by the named group the rule captured."""
    den = group(match, groups, "den")
    if den:
        try:
            fraction = parse_fraction(f"{den}分之{group(match, groups, 'num')}")
        except NumeralError:
            return None
        return Number(fraction * HUNDRED)
    cheng = group(match, groups, "cheng")
    if cheng:
        low = group(match, groups, "cheng_low")
        num = read_number(amount_text(low, cheng) if low else cheng)  # 一至两成: a range
        if num is None:
            return None
        num = num.scaled(TEN)
        if not group(match, groups, "half"):
            return num
        if num.high is not None:  # 2至3成半: the half is the range's end
            return Number(None, num.low, num.high + 5, num.qualifier)
        return Number(num.value + 5, qualifier=num.qualifier) if num.value else num
    zhe = group(match, groups, "zhe")
    if zhe:
        return _discount(zhe)
    text = amount_text(group(match, groups, "num"), group(match, groups, "num_high"))
    return read_number(text.translate(_PERCENT_SIGNS))  # 5%-20%, 5‰-8‰, 百分之五到百分之八


def _discount(text: str) -> Number | None:
    """九折 → 90, 八五折 → 85, 7.5折 → 75, 八点五折 → 85, 对折 → 50: one digit counts tens, a decimal counts tens
    and tenths, two digits are read as written."""
    if text in ("对", "對"):
        return Number(Decimal(50))
    if "点" in text or "點" in text:
        num = read_number(text)
        return None if num is None or num.value is None else Number(num.value * TEN)
    try:
        digits = parse_decimal_digits(text)
    except NumeralError:
        return None
    if "." in text or "．" in text or len(text) == 1:
        return Number(digits * TEN)
    return Number(digits) if len(text) == 2 else None
