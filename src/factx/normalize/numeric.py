"""Helpers the numeric normalisers share: reading the numeral group and the qualifier words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import regex

from factx.engine.compiler import RuleSet
from factx.normalize.fields import Fields
from factx.numerals import Number, NumeralError, parse_number

_SCALE_ONLY = regex.compile(r"[十百千万亿兆]+")
_CHINESE_ONE = regex.compile(r"[一壹]")
Match = regex.Match[str] | re.Match[str]  # a rule may run on either engine (engine/scanner.py)


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


def qualifier_of(match: Match, ruleset: RuleSet, default: str | None) -> str | None:
    """Qualifier words around the amount win over an approximation inside it (250余).

    A word before the fact (超过, 约: the ``qual_before`` fragment) is looked for here, at the fact's start; a
    word after it (左右, 以上) or one the pattern itself requires comes from the match's ``qual`` group.
    """
    table = ruleset.lexicon("qualifier")
    before = ruleset.context.get("qual_before")
    if before is not None:
        start = match.start("fact") if "fact" in match.re.groupindex else match.start()
        found = before.match(match.string, start)
        if found is not None and found.group("qual") in table:
            return table[found.group("qual")]
    for word in captures(match, "qual") if "qual" in match.re.groupindex else ():
        if word in table:
            return table[word]
    return default


def captures(match: Match, name: str) -> list[str]:
    """Every text the group captured: ``regex`` keeps each repetition, the standard ``re`` only the last."""
    if hasattr(match, "captures"):
        return list(match.captures(name))
    text = match.group(name)
    return [] if text is None else [text]


def amount_text(groups: Mapping[str, str | None]) -> str:
    """The numeral groups as one text: a range whose two ends each carry the unit (200元至300元, 10年-20年)
    reads as low至high."""
    text = groups.get("num") or ""
    return f"{text}至{groups['num_high']}" if groups.get("num_high") else text


def signed(num: Number, groups: Mapping[str, str | None]) -> Number:
    """The number, negated when the match caught a sign in its ``neg`` group (负3%, -10000)."""
    return num.scaled(Decimal(-1)) if groups.get("neg") else num


def number_fields(num: Number, qualifier: str | None, unit: str | None) -> Fields:
    return Fields(value=num.value, unit=unit, qualifier=qualifier, low=num.low, high=num.high)
