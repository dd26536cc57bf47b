"""Helpers the numeric normalisers share: reading the numeral group and the qualifier words.

Groups are read by number through the rule's ``groupindex`` (``group(match, groups, "num")``): a name lookup on
a ``regex`` match costs about five times a number's, and ``groupdict()`` copies every group of the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import regex

from factx.engine.compiler import RuleSet
from factx.normalize.fields import Fields
from factx.normalize.words import Grouped, by_char, ends_at
from factx.numerals import Number, NumeralError, parse_number

_SCALE_ONLY = regex.compile(r"[十百千万亿兆]+")
_CHINESE_ONE = ("一", "壹")
_MINUS_ONE = Decimal(-1)
Match = regex.Match[str] | re.Match[str]  # a rule may run on either engine (engine/scanner.py)


def group(match: Match, groups: Mapping[str, int], name: str) -> str | None:
    """The text of a named group (``groups`` is the rule's ``pattern.groupindex``); None when it did not take
    part or the rule has no such group. The ``re`` and ``regex`` patterns of a rule number groups alike."""
    number = groups.get(name)
    return None if number is None else match[number]


@lru_cache(maxsize=32768)
def read_number(text: str) -> Number | None:
    """The numeral of a match, or None when it does not parse; a bare scale (亿 in 超亿美元) counts as one.

    Cached, failures too: news repeats its numerals (2个, 10%, 2018年), and parse_number caches successes only.
    """
    if _SCALE_ONLY.fullmatch(text):
        text = "一" + text
    try:
        return parse_number(text)
    except NumeralError:
        return None


def is_chinese_one(text: str) -> bool:
    """一 used as the article "a" (一家, 一个): not a count worth reporting."""
    return text in _CHINESE_ONE


class Qualifiers(NamedTuple):
    """The qualifier lexicon (word → code), and its words by their last character."""

    codes: dict[str, str]
    by_end: Grouped


def qualifiers(ruleset: RuleSet) -> Qualifiers:
    """The qualifier index of a rule set (the ``qualifier`` index, built once and cached with the rule set)."""
    codes = ruleset.lexicon("qualifier")
    return Qualifiers(codes, by_char(codes, -1))


def qualifier_of(match: Match, groups: Mapping[str, int], ruleset: RuleSet, default: str | None) -> str | None:
    """Qualifier words around the amount win over an approximation inside it (250余).

    A word before the fact (超过, 约: the ``qual_before`` fragment) is looked for here, at the fact's start; a
    word after it (左右, 以上) or one the pattern itself requires comes from the match's ``qual`` group.
    """
    index: Qualifiers = ruleset.index("qualifier", qualifiers)
    before = ruleset.context.get("qual_before")
    if before is not None:
        fact = groups.get("fact")
        start = match.start() if fact is None else match.start(fact)
        if _may_follow_word(match.string, start, index):
            found = before.match(match.string, start)
            if found is not None and found.group("qual") in index.codes:
                return index.codes[found.group("qual")]
    qual = groups.get("qual")
    if qual is not None and match[qual] is not None:
        for word in captures(match, qual):
            if word in index.codes:
                return index.codes[word]
    return default


def _may_follow_word(text: str, start: int, index: Qualifiers) -> bool:
    """Whether a qualifier word ends just before ``start``, or one space before it (the fragment looks behind
    the fact's start): most facts have none in front, and this test saves trying the lookbehind there."""
    if ends_at(text, start, index.by_end):
        return True
    return start > 0 and text[start - 1].isspace() and ends_at(text, start - 1, index.by_end)


def captures(match: Match, number: int) -> list[str]:
    """Every text the group captured: ``regex`` keeps each repetition, the standard ``re`` only the last."""
    if isinstance(match, re.Match):
        text = match[number]
        return [] if text is None else [text]
    return match.captures(number)  # type: ignore[no-any-return]


def amount_text(num: str | None, num_high: str | None) -> str:
    """The numeral groups as one text: a range whose two ends each carry the unit (200元至300元, 10年-20年)
    reads as low至high."""
    text = num or ""
    return f"{text}至{num_high}" if num_high else text


def signed(num: Number, neg: str | None) -> Number:
    """The number, negated when the match caught a sign in its ``neg`` group (负3%, -10000)."""
    return num.scaled(_MINUS_ONE) if neg else num


def number_fields(num: Number, qualifier: str | None, unit: str | None) -> Fields:
    return Fields(value=num.value, unit=unit, qualifier=qualifier, low=num.low, high=num.high)
