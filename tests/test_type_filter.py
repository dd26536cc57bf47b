"""``--types`` filters after overlaps are resolved across all types, even though the scanner skips work.

With only some types wanted, entity rules run only near the wanted candidates (engine/scanner.py). The
facts must be exactly those of a full extraction filtered by type: checked here on the shipped samples,
the gold page and a slice of the real news corpus.
"""

from __future__ import annotations

import pytest
from conftest import REPO, SHARED

from factx import Extractor
from factx.engine.nearby import CLAUSE_BREAK, NearbySearch, _unsearched, _windows
from factx.engine.scanner import resolve, scan

ALL_TYPES = frozenset({"money", "percent", "quantity", "date", "org", "person", "location", "number"})
SUBSETS = [
    frozenset({"money", "percent", "quantity"}),
    frozenset({"money"}),
    frozenset({"quantity", "date"}),
    frozenset({"org"}),
    frozenset({"person", "location"}),
    frozenset({"number"}),
]
CORPUS = SHARED / "corpus" / "news"
# Facts of every type, for when ../shared is absent (the samples alone hold no person or place).
BUILT_IN = ("记者林旭东报道：2024年，平湖市人民政府与中国石化上海石油化工股份有限公司签约，总投资885亿元，"
            "同比增长15.8%，新增企业250余家。浙江省嘉兴市平湖市新仓镇主任王学斌说，三只松鼠今年卖出两千万件。")


def _texts() -> list[str]:
    files = sorted((REPO / "samples").glob("*.txt"))
    gold = SHARED / "gold" / "pinghu-2025-01.txt"
    if gold.is_file():
        files.append(gold)
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.txt"))[::60]  # about a hundred articles of every kind
    return [BUILT_IN] + [f.read_text(encoding="utf-8") for f in files]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _facts(text: str, wanted: frozenset[str], extractor: Extractor) -> list[tuple[int, int, str, str]]:
    return [
        (f.start, f.end, f.type, f.rule)
        for f in extractor.extract(text, types=wanted)
    ]


@pytest.mark.parametrize("wanted", SUBSETS, ids=lambda s: ",".join(sorted(s)))
def test_subset_equals_filtered_full_extraction(wanted: frozenset[str], texts: list[str]) -> None:
    extractor = Extractor()
    checked = 0
    for text in texts:
        full = [fact for fact in _facts(text, ALL_TYPES, extractor) if fact[2] in wanted]
        assert _facts(text, wanted, extractor) == full
        checked += len(full)
    assert checked > 0  # the texts hold facts of every subset: the comparison is not vacuous


def test_entity_rules_are_skipped_far_from_wanted_facts() -> None:
    """The shortcut is real: far from any amount, the entity rules are not run at all."""
    ruleset = Extractor().ruleset
    text = "平湖市人民政府与中国石化上海石油化工股份有限公司签约。" * 3 + "总投资885亿元。"
    wanted = frozenset({"money"})
    candidates = scan(text, ruleset, wanted=wanted)
    assert {c.rule.type for c in candidates} >= {"money"}
    assert not [c for c in candidates if c.rule.type in {"org", "location"}]
    assert [c.fields.value for c in resolve(candidates) if c.rule.type == "money"] == [88500000000]


def test_org_with_numerals_still_blocks_a_quantity() -> None:
    """An org found only because it overlaps a wanted candidate still wins the span (three-character brand)."""
    text = "三只松鼠股份有限公司今年营收70亿元。"
    extractor = Extractor()
    everything = extractor.extract(text, types=ALL_TYPES)
    money_only = extractor.extract(text, types="money,quantity")
    assert [f.text for f in money_only] == [f.text for f in everything if f.type in {"money", "quantity"}]
    assert "三只" not in [f.text for f in money_only]


def test_entity_rules_are_skipped_in_other_clauses() -> None:
    """An entity can take no span across a clause break, so rules are not tried in a clause without amounts."""
    ruleset = Extractor().ruleset
    text = "平湖市人民政府签约，总投资885亿元。"  # the org is within 32 characters of the amount, but a clause away
    candidates = scan(text, ruleset, wanted=frozenset({"money"}))
    assert [c.rule.type for c in candidates if c.rule.type in {"org", "location"}] == []
    full = scan(text, ruleset)
    assert {"org", "money"} <= {c.rule.type for c in full}  # both are there when every type is wanted


def test_windows_stop_at_clause_breaks() -> None:
    text = "甲乙丙，丁戊己庚辛。壬癸"
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    assert breaks == [3, 9]
    breaks = [-1, *breaks, len(text)]  # every span has a break on either side
    assert _windows([(5, 7)], breaks) == [(4, 9)]  # the clause 丁戊己庚辛 only
    assert _windows([(0, 2)], breaks) == [(0, 3)]
    assert _windows([(2, 5)], breaks) == [(0, 9)]  # a span over a break reaches both clauses
    assert _windows([(10, 11)], breaks) == [(10, 12)]  # the last clause ends with the text
    assert _windows([(6, 7), (5, 6)], breaks) == [(4, 9)]  # overlapping windows merge


def test_each_ring_holds_only_positions_not_searched_before() -> None:
    searched = bytearray(20)
    assert _unsearched(searched, [(2, 5), (8, 12)]) == [(2, 5), (8, 12)]
    assert _unsearched(searched, [(0, 14)]) == [(0, 2), (5, 8), (12, 14)]
    assert _unsearched(searched, [(3, 13), (14, 14)]) == []
    assert searched == b"\1" * 14 + bytes(6)


def test_rings_grow_from_the_chain_within_the_clause() -> None:
    text = "甲" * 40 + "，" + "乙" * 40
    search = NearbySearch([(50, 52)], [(60, 62), (51, 53)], text)  # (51, 53) overlaps the wanted span
    assert search.windows() == [(41, 81)]  # from past the break to the end of the text
    search.join([(10, 12), (79, 81)])  # neither overlaps the chain: no new ring
    assert search.windows() == []
    assert search.touches(52, 53) and not search.touches(60, 62)


def test_a_span_found_early_joins_when_a_later_one_reaches_it() -> None:
    """A candidate that did not overlap the chain in its ring still takes part once a span found in a later
    ring overlaps both it and the chain (the chain is then the same as a full scan's)."""
    text = "甲" * 100
    search = NearbySearch([(50, 52)], [], text)
    assert search.windows() == [(19, 84)]
    search.join([(56, 60), (51, 54)])  # (56, 60) does not overlap the chain yet; (51, 54) does
    assert not search.touches(56, 60)
    assert search.windows() == [(84, 86)]  # the next ring: around (51, 54), what was not searched
    search.join([(53, 57)])  # overlaps (51, 54) and (56, 60): both now belong to the chain
    assert search.touches(56, 60)


def test_anchored_fact_across_a_clause_break_is_dropped(tmp_path) -> None:
    """Enforced in every mode, so a user's anchored rule cannot make ``--types`` differ from a full run."""
    rules = _rule_file(
        tmp_path, "org.wide", "org", "(?P<fact>{org_known}[，,]\\p{Han}{2})", 'anchor = "org_known"\npriority = 9\n'
    )
    extractor = Extractor(rules=[rules])
    assert "org.wide" in {rule.id for rule in extractor.ruleset.rules}
    facts = extractor.extract("据新华社，平湖消息", types="org")
    assert [(f.text, f.rule) for f in facts] == [("新华社", "org.known")]


def test_blocks_are_searched_near_the_wanted_facts_only_with_the_entity_rules():
    """An anchored block (block.idiom, block.slogan) waits for the nearby search when entity rules do; with every
    entity type wanted there is no such search, and setting one up for the blocks alone cost more than it saved."""
    from factx.engine.scanner import _plan
    from factx.extractor import DEFAULT_TYPES

    ruleset = Extractor().ruleset
    numeric = _plan(ruleset, frozenset({"money", "percent", "quantity"}), None)
    assert any(step.rule.id == "block.slogan" for step in numeric.nearby)
    assert any(step.rule.type == "org" for step in numeric.nearby)
    default = _plan(ruleset, DEFAULT_TYPES, None)
    assert default.nearby == ()
    assert any(step.rule.id == "block.slogan" for step in default.direct)
    assert [step.order for step in default.direct] == sorted(step.order for step in default.direct)


@pytest.mark.parametrize("text", ["安徽省六安市今年新建", "河南省三门峡市", "湖北省十堰市的三家企业", "海南省五指山市"])
def test_a_place_chain_that_reaches_a_numeral_from_afar_still_takes_it(text: str) -> None:
    """The place rule is tried only where its run of names (``location.extent``) reaches the chain; the run
    from 安徽省 reaches the 六 of 六安市, so the numeral is still no number of its own."""
    extractor = Extractor()
    everything = extractor.extract(text, types=ALL_TYPES)
    assert any(f.type == "location" and f.start == 0 for f in everything)
    for wanted in ({"number"}, {"quantity", "number"}):
        assert [f.text for f in extractor.extract(text, types=wanted)] == [
            f.text for f in everything if f.type in wanted
        ]


def test_reachable_anchors_are_those_whose_facts_can_reach_the_chain() -> None:
    text = "甲" * 40
    search = NearbySearch([(20, 22)], [], text)
    extent = {5: 9, 10: 21, 12: 13, 16: 19, 18: 25, 30: 35}.__getitem__
    near, far = search.reachable([5, 10, 12, 16, 18, 30], lambda _, position: extent(position))
    # 16 reaches nothing, but its fact may cover 18, which is tried: a full scan would skip 18 then
    assert near == [10, 16, 18]
    assert far == [5, 12, 30]
    search.join([(28, 31)])  # not touching the chain: it stays as it was
    assert search.reachable(far, lambda _, position: extent(position)) == ([], [5, 12, 30])


def test_place_extent_bounds_every_place_fact(texts: list[str]) -> None:
    """``location.extent`` is where a place fact from its anchor ends at the furthest: never short of one."""
    from factx.normalize.location import extent

    extractor = Extractor(types="location")
    checked = 0
    for text in texts:
        for fact in extractor.extract(text):
            assert fact.end <= extent(extractor.ruleset, text, fact.start), fact
            checked += 1
    assert checked > 0


def test_an_unknown_type_is_an_error_not_an_empty_result() -> None:
    """``types="mony"`` names no type a rule gives: said at once, listing those the rules give."""
    with pytest.raises(ValueError, match=r"no rule gives fact type 'mony' \(the rules give: date, location, money"):
        Extractor(types="money,mony").extract("花了3元")
    with pytest.raises(ValueError, match="no rule gives fact type 'all'"):
        Extractor().extract("花了3元", types="all")
    assert [f.text for f in Extractor().extract("花了3元", types="money")] == ["3元"]


def test_a_rule_set_without_the_default_types_extracts_its_own(tmp_path) -> None:
    """Only the types asked for are checked: a user's own rules, without the shipped ones, run by default."""
    rules = _rule_file(tmp_path, "quantity.points", "quantity", "(?P<fact>(?P<num>[0-9]+)(?P<unit>积分))")
    extractor = Extractor(rules=[rules], shipped=False)
    assert [(f.type, f.text) for f in extractor.extract("兑换300积分")] == [("quantity", "300积分")]
    with pytest.raises(ValueError, match=r"no rule gives fact type 'org' \(the rules give: quantity\)"):
        extractor.extract("兑换300积分", types="org")


def _rule_file(folder, rule_id: str, fact_type: str, pattern: str, more: str = "") -> str:
    """A user's rule file of one rule, written to ``folder``: its path."""
    path = folder / f"{rule_id}.toml"
    path.write_text(f'[[rules]]\nid = "{rule_id}"\ntype = "{fact_type}"\n{more}pattern = \'{pattern}\'\n', encoding="utf-8")
    return str(path)


def test_default_names_the_default_types():
    from factx.extractor import DEFAULT_TYPES, parse_types

    assert parse_types("default") is None  # recorded and resumed as the default
    assert parse_types("default,number") == DEFAULT_TYPES | {"number"}
    assert parse_types(["money", "default"]) is None
    everything = Extractor(types="default,number").extract("获利4.87亿，总投资885亿元")
    assert {f.type for f in everything} == {"number", "money"}
    assert Extractor(types="default").extract("获利4.87亿，总投资885亿元") == Extractor().extract("获利4.87亿，总投资885亿元")
