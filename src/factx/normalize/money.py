"""Money: the amount in base units of an ISO 4217 currency (885亿元 → 88500000000 CNY)."""

from __future__ import annotations

from decimal import Decimal

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.numeric import amount_text, captures, number_fields, qualifier_of, read_number, signed
from factx.numerals import Number

_SUBUNITS = (("jiao", Decimal("0.1")), ("fen", Decimal("0.01")))


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    currencies = ruleset.lexicon("currency")
    words = captures(match, "cur") if "cur" in match.re.groupindex else []
    codes = [currencies[w] for w in words if w in currencies]
    unit = next((c for c in codes if c != "CNY"), codes[0] if codes else "CNY")
    groups = match.groupdict()
    if groups.get("jiao") or groups.get("fen"):
        amount = _with_subunits(groups)
        if amount is None:
            return None
        return Fields(value=amount, unit=unit, qualifier=qualifier_of(match, ruleset, None))
    num = read_number(amount_text(groups))
    if num is None:
        return None
    num = signed(num, groups)
    if groups.get("cent"):  # 50美分: hundredths of the currency the cent unit names
        unit = ruleset.lexicon("currency_cent").get(groups["cent"], unit)
        num = num.scaled(Decimal("0.01"))
    return number_fields(num, qualifier_of(match, ruleset, num.qualifier), unit)


def _with_subunits(groups: dict[str, str | None]) -> Decimal | None:
    """五元三毛 → 5.3, 两毛五 → 0.25 (the elided 分), 123元1角1分 → 123.11."""
    total = Decimal(0)
    if groups.get("num"):
        whole = read_number(groups["num"] or "")
        if whole is None or whole.value is None:
            return None
        total += whole.value
    for name, factor in _SUBUNITS:
        text = groups.get(name)
        if text:
            part: Number | None = read_number(text)
            if part is None or part.value is None or part.value >= 10:
                return None
            total += part.value * factor
    return total
