"""Helpers the numeric normalisers share: reading the numeral group and the qualifier words."""

from __future__ import annotations

import regex

from factx.engine.compiler import RuleSet
from factx.normalize.fields import Fields
from factx.numerals import Number, NumeralError, parse_number

_SCALE_ONLY = regex.compile(r"[十百千万亿兆]+")
_CHINESE_ONE = regex.compile(r"[一壹]")


def read_number(text: str) -> Number | None:
    """The numeral of a match, or None when it does not parse; a bare scale (亿 in 超亿美元) counts as one."""
    if _SCALE_ONLY.fullmatch(text):
        text = "一" + text
    try:
        return parse_number(text)
    except NumeralError:
        return None


def is_chinese_one(text: str) -> bool:
    """一 used as the article "a" (一家, 一个): not a count worth reporting."""
    return bool(_CHINESE_ONE.fullmatch(text))


def qualifier_of(match: regex.Match[str], ruleset: RuleSet, default: str | None) -> str | None:
    """Qualifier words around the amount (``qual`` groups) win over an approximation inside it (250余)."""
    table = ruleset.lexicon("qualifier")
    for word in match.captures("qual") if "qual" in match.re.groupindex else ():
        if word in table:
            return table[word]
    return default


def number_fields(num: Number, qualifier: str | None, unit: str | None) -> Fields:
    return Fields(value=num.value, unit=unit, qualifier=qualifier, low=num.low, high=num.high)
