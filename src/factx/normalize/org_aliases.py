"""Organisations' short names that the text itself defines: 宁夏华锦资产管理有限公司(下称宁夏华锦),
中国金融期货交易所(以下简称“中金所”), 中国证券监督管理委员会（“证监会”）.

Filings and financial news name a company in full once, give in brackets the short name they will use, then write
only that: no rule reads 宁夏华锦 or 柯桥领英 as an organisation (each starts with a place). Once a document's facts
are resolved, a bracket right after an organisation that defines a short name makes the short name an organisation
there and at each later occurrence, whose value names the organisation it stands for (its canonical name when it
has one); an occurrence a rule read as an organisation without a canonical name gets that value. An occurrence replaces the
places, people and bare numbers read inside it (宁夏 of 宁夏华锦); one that overlaps anything else, or sits inside a
longer fact, is left alone. Generic short names (公司, 本行, 发行人: ``org_alias_generic``) name no one organisation,
and a short name holding a numeral or a date word is not taken, so that amounts and dates never depend on it.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from factx.engine.compiler import RuleSet
from factx.model import Fact
from factx.normalize.org import org_index

RULE_ID = "org.alias"
_DEFINITION = regex.compile(
    r"""\s? [（(] \s? (?:
        (?:以下简称|以下称|以下统称|下称|简称) [：:]? \s? (?P<quote>[“"「])? (?P<alias>[\p{Han}A-Za-z·]{2,12}?) (?(quote)[”"」])
      | [“"「] (?P<alias>[\p{Han}A-Za-z·]{2,12}?) [”"」]
    ) \s? [)）]""",
    regex.VERBOSE,
)
_NOT_IN_ALIAS = regex.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿年月日]")
_REPLACEABLE = frozenset({"location", "person", "number"})
_OPENING = frozenset("（( ")


def org_aliases(text: str, facts: list[Fact], ruleset: RuleSet, source: str | None = None) -> list[Fact]:
    """``facts`` (resolved, in document order) with the organisations' defined short names added where they are
    written, in document order."""
    if "(" not in text and "（" not in text:
        return facts  # most documents: no bracket, no definition
    generic = org_index(ruleset).alias_generic
    defined: dict[str, tuple[str, int]] = {}  # short name -> (the full name, where it is defined)
    for fact in facts:
        if text[fact.end : fact.end + 1] not in _OPENING or fact.type != "org":
            continue
        found = _DEFINITION.match(text, fact.end)
        if found is None:
            continue
        alias = found.group("alias")
        if alias != fact.text and alias not in generic and not _NOT_IN_ALIAS.search(alias):
            full = fact.value["name"] if isinstance(fact.value, dict) and "name" in fact.value else fact.text
            defined.setdefault(alias, (full, found.start("alias")))
    if not defined:
        return facts
    starts = [f.start for f in facts]
    added: list[Fact] = []
    replaced: set[int] = set()
    for alias, (full, first) in defined.items():
        start = text.find(alias, first)
        while start >= 0:
            end = start + len(alias)
            inside = _overlapping(facts, starts, start, end)
            if len(inside) == 1 and _named_alike(inside[0], start, end):  # read as an org already: give it the name
                replaced.add(id(inside[0]))
                added.append(Fact("org", alias, start, end, inside[0].rule, {"name": full}, source=source))
            elif all(f.type in _REPLACEABLE and start <= f.start and f.end <= end for f in inside) and not any(
                a.start < end and start < a.end for a in added
            ):
                replaced.update(id(f) for f in inside)
                added.append(Fact("org", alias, start, end, RULE_ID, {"name": full}, source=source))
            start = text.find(alias, end)
    kept = [f for f in facts if id(f) not in replaced]
    return sorted(kept + added, key=lambda f: (f.start, f.end))


def _named_alike(fact: Fact, start: int, end: int) -> bool:
    """An organisation found by a rule at exactly the short name's span, without a canonical name (易泽资本 by its
    suffix): the definition names it."""
    return fact.type == "org" and fact.start == start and fact.end == end and fact.value is None


def _overlapping(facts: list[Fact], starts: list[int], start: int, end: int) -> list[Fact]:
    """The facts overlapping ``[start, end)``: resolved facts overlap no other, so their ends are ordered too."""
    at = bisect_right(starts, start)
    if at and facts[at - 1].end > start:
        at -= 1
    found = []
    while at < len(facts) and facts[at].start < end:
        found.append(facts[at])
        at += 1
    return found
