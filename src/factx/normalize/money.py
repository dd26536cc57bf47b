"""Money: the amount in base units of an ISO 4217 currency (885亿元 → 88500000000 CNY)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import (
    Match,
    amount_text,
    captures,
    group,
    number_fields,
    qualifier_of,
    read_number,
    signed,
)
from factx.numerals import Number

_SUBUNITS = (("jiao", Decimal("0.1")), ("fen", Decimal("0.01")))
_CENT = Decimal("0.01")


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    groups = rule.pattern.groupindex
    unit = _currency(match, groups, ruleset)
    if group(match, groups, "jiao") or group(match, groups, "fen"):
        amount = _with_subunits(match, groups)
        if amount is None:
            return None
        return Fields(value=amount, unit=unit, qualifier=qualifier_of(match, groups, ruleset, None))
    num = read_number(amount_text(group(match, groups, "num"), group(match, groups, "num_high")))
    if num is None:
        return None
    num = signed(num, group(match, groups, "neg"))
    cent = group(match, groups, "cent")
    if cent:  # 50美分: hundredths of the currency the cent unit names
        unit = ruleset.lexicon("currency_cent").get(cent, unit)
        num = num.scaled(_CENT)
    return number_fields(num, qualifier_of(match, groups, ruleset, num.qualifier), unit)


def _currency(match: Match, groups: Mapping[str, int], ruleset: RuleSet) -> str:
    """The first currency other than CNY the ``cur`` group names, else the first it names, else CNY."""
    number = groups.get("cur")
    if number is None or match[number] is None:
        return "CNY"
    currencies = ruleset.lexicon("currency")
    first = None
    for word in captures(match, number):
        if word not in currencies:
            continue
        code: str = currencies[word]
        if code != "CNY":
            return code
        if first is None:
            first = code
    return "CNY" if first is None else first


def _with_subunits(match: Match, groups: Mapping[str, int]) -> Decimal | None:
    """五元三毛 → 5.3, 两毛五 → 0.25 (the elided 分), 123元1角1分 → 123.11."""
    total = Decimal(0)
    whole_text = group(match, groups, "num")
    if whole_text:
        whole = read_number(whole_text)
        if whole is None or whole.value is None:
            return None
        total += whole.value
    for name, factor in _SUBUNITS:
        text = group(match, groups, name)
        if text:
            part: Number | None = read_number(text)
            if part is None or part.value is None or part.value >= 10:
                return None
            total += part.value * factor
    return total
