"""A name found once with a cue is a person at its other occurrences: normalize/person_propagate.py."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.normalize.person_propagate import RULE_ID, Spans
from factx.normalize.words import han_at


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def people(extractor: Extractor, text: str) -> list[tuple[str, int, str]]:
    return [(f.text, f.start, f.rule) for f in extractor.extract(text, source="doc") if f.type == "person"]


def test_a_name_is_found_again_without_its_cue(extractor):
    text = "市长王学斌说，今年要稳增长。王学斌认为，关键在项目。会后，王学斌走进企业。"
    found = people(extractor, text)
    assert [(name, start) for name, start, _ in found] == [("王学斌", 2), ("王学斌", 14), ("王学斌", 29)]
    assert found[2][2] == RULE_ID  # 走进 vouches for no name: only the first mention's cue does


def test_a_name_found_whole_replaces_the_piece_read_elsewhere(extractor):
    # read backwards from 表示, the second mention gives 辛斯 (考 is no transliteration character alone); the name
    # found whole with its dot replaces that piece, and nothing else overlaps it
    text = "前锋德马库斯-考辛斯接受了采访。赛后，考辛斯表示自己很满意。"
    found = people(extractor, text)
    assert [(name, start) for name, start, _ in found] == [("德马库斯-考辛斯", 2), ("考辛斯", 19)]
    assert found[1][2] == RULE_ID


def test_offsets_and_order_hold(extractor):
    text = "记者林小东报道。林小东在平湖市新仓镇采访。"
    facts = extractor.extract(text)
    assert facts == sorted(facts, key=lambda f: (f.start, f.end))
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert ("林小东", 8) in {(f.text, f.start) for f in facts if f.rule == RULE_ID}


@pytest.mark.parametrize(
    "text",
    [
        "主任王明说，要抓落实。王明星工作室也来了。",  # glued to the next word: 王明星
        "记者王刚报道。王刚好路过这里。",  # 王刚好: the name's end is not clean
        "记者林旭东报道。大林旭东路上",  # the start is not clean
    ],
)
def test_glued_occurrences_are_left_alone(extractor, text):
    assert [rule for _, _, rule in people(extractor, text)].count(RULE_ID) == 0


def test_a_well_attested_name_needs_one_clean_edge(extractor):
    """Found with a cue twice, a two-character name is read again where one side of it is clean: 邓晖虽 (a
    conjunction after it), 进入 … ; found once, it still needs both (the glued cases above)."""
    twice = "长江证券总裁邓晖辞任。邓晖说，会留任。获知，邓晖虽辞去总裁职务。2008年，邓晖进入齐鲁证券。"
    found = [(name, start) for name, start, rule in people(extractor, twice) if rule == RULE_ID]
    assert found == [("邓晖", 22), ("邓晖", 38)]
    once = "长江证券总裁邓晖辞任。获知，邓晖虽辞去总裁职务。2008年，邓晖进入齐鲁证券。"
    assert [rule for _, _, rule in people(extractor, once)].count(RULE_ID) == 0


def test_a_common_surname_spreads_once_well_attested(extractor):
    """A very common surname character and one more (马刚, 马 being a word too) is spread only when found with a cue
    four times or more, and then with clean edges on both sides."""
    cued = "马刚说，要抓落实。马刚表示同意。马刚认为可行。马刚指出方向。"
    found = [(name, start) for name, start, rule in people(extractor, cued + "会后，与马刚一起走访。") if rule == RULE_ID]
    assert found == [("马刚", len(cued) + 4)], found
    thrice = "马刚说，要抓落实。马刚表示同意。马刚认为可行。会后，与马刚一起走访。"
    assert [rule for _, _, rule in people(extractor, thrice)].count(RULE_ID) == 0


def test_a_longer_name_is_found_again_between_other_words(extractor):
    """Three characters or more read as the name wherever they are written, as a name of the people lexicon
    does; a two-character one needs clean edges."""
    text = "记者阮生雄报道。会议选举阮生雄为主任。"
    assert ("阮生雄", 12, RULE_ID) in people(extractor, text)
    text = "记者林东报道。会议选举林东为主任。"
    assert [rule for _, _, rule in people(extractor, text)].count(RULE_ID) == 0


def test_a_name_inside_another_fact_is_not_spread(extractor):
    text = "董事长张悦说，张悦水果批发部今年扩大了规模。"
    facts = extractor.extract(text)
    org_spans = [(f.start, f.end) for f in facts if f.type == "org"]
    for fact in facts:
        if fact.rule == RULE_ID:
            assert not any(s < fact.end and fact.start < e for s, e in org_spans)


def test_common_surname_with_one_character_is_not_spread(extractor):
    text = "局长高新说，要抓落实。高新区今年发展很快。"
    assert [rule for _, _, rule in people(extractor, text)].count(RULE_ID) == 0


def test_the_type_filter_stays_exact(extractor):
    """A name named again is found the same with or without other types asked for, bare numbers included."""
    text = "记者林旭东报道。林旭东在平湖市新仓镇采访了王三百，王三百说，三家企业已投产。"
    everything = Extractor(types="money,percent,quantity,number,date,org,person,location").extract(text)
    for types in ("person", "person,number", "number", "org,person"):
        wanted = set(types.split(","))
        assert Extractor(types=types).extract(text) == [f for f in everything if f.type in wanted], types
    assert ("王三百", 21, RULE_ID) in people(extractor, text)  # its 三百 is then no bare number


def test_han_at_is_false_outside_the_text() -> None:
    """The edge tests ask about the character before a name's start and after its end: at 0 and at len(text)
    there is none (not the last character, as text[-1] would give)."""
    assert han_at("王学斌", 0) and han_at("王学斌", 2)
    assert not han_at("王学斌", -1) and not han_at("王学斌", 3)
    assert not han_at("A王", 0) and not han_at("王，", 1)


def test_a_name_that_is_a_whole_title_is_not_spread(extractor):
    """《王学斌》 is a book or a film named after him, not a mention (normalize/words.py ``fills_title``)."""
    text = "市长王学斌说，纪录片《王学斌》上映。王学斌认为，影片好看。"
    assert [start for _, start, _ in people(extractor, text)] == [2, 18]


def test_part_of_a_hyphenated_name_is_not_a_mention(extractor):
    """克里斯-保罗 is one man: 保罗 alone there is no mention of 保罗 (normalize/person.py ``bare_mention``)."""
    text = "球员保罗说，今天很好。克里斯-保罗和保罗-乔治都上场了。"
    found = [(name, start) for name, start, _ in people(extractor, text)]
    assert found == [("保罗", 2), ("克里斯-保罗", 11), ("保罗-乔治", 18)]  # 保罗-乔治 is another man, whole


def test_a_known_name_needs_no_cue_but_must_stand_alone(extractor):
    """people.tsv (tools/build_people.py): 金庸 is a person anywhere he stands as a name of his own."""
    assert people(extractor, "他读了金庸的小说。") == [("金庸", 3, "person.known")]
    assert people(extractor, "他读了金庸全集。") == []  # 全 is no character that follows names
    assert people(extractor, "他读了《金庸》。") == []  # the title of a work


def test_a_foreign_name_is_found_again_by_its_last_part(extractor):
    """泰瑞克-埃文斯 first, then 埃文斯: news writes a foreign name whole once, then its last part."""
    text = "泰瑞克-埃文斯表示球队很强。至今，埃文斯场均得到20分。博大科集团CEO马丁·舍夫特说，与舍夫特同行的还有两人。"
    found = people(extractor, text)
    assert ("埃文斯", text.index("埃文斯场"), RULE_ID) in found
    assert ("舍夫特", text.index("舍夫特同行"), RULE_ID) in found
    assert [name for name, _, _ in found if name in ("泰瑞克", "马丁")] == []


@pytest.mark.parametrize(
    ("text", "half"),
    [
        ("勇士队主帅史蒂夫-科尔赛后表示库里会复出", "史蒂夫"),  # a title before the first half
        ("吉米-巴特勒加盟火箭队终究不是一件易事", "巴特勒"),  # a cue after the second half
    ],
)
def test_half_a_hyphened_name_is_no_person(extractor, text, half):
    assert half not in [name for name, _, _ in people(extractor, text)]


def test_a_name_repeated_thousands_of_times_is_found_at_each(extractor):
    # the added people are looked up by binary search (Spans): this text took 20 s when each was compared with all
    text = "记者李明华说。" + "李明华来了。" * 3000
    found = people(extractor, text)
    assert len(found) == 3001
    assert [start for _, start, _ in found[1:4]] == [7, 13, 19]


def test_spans_overlap_by_binary_search():
    spans = Spans()
    for start, end in [(10, 13), (0, 2), (20, 25)]:
        spans.add(start, end)
    assert spans.starts == [0, 10, 20]
    assert spans.overlaps(12, 14) and spans.overlaps(8, 11) and spans.overlaps(1, 2) and spans.overlaps(21, 22)
    assert not spans.overlaps(2, 10) and not spans.overlaps(13, 20) and not spans.overlaps(25, 30)


def test_one_character_three_times_is_no_name(extractor):
    assert people(extractor, "王王王说") == []
    assert [name for name, _, _ in people(extractor, "中信证券首席分析师明明对记者说")] == ["明明"]


def test_a_latin_name_is_found_again_by_its_last_word(extractor):
    text = "经理Paul Nolte表示不乐观。“市场在寻找下一个事件，”Nolte说。Noltes基金没有回应。"
    found = people(extractor, text)
    assert [(name, start) for name, start, _ in found] == [("Paul Nolte", 2), ("Nolte", 31)]
    assert found[1][2] == RULE_ID  # not inside the longer word Noltes


def test_a_latin_last_word_inside_another_latin_name_is_no_mention(extractor):
    text = "研究员Stephanie Schoeppe表示，情况更糟。Anna Schoeppe并未置评。"
    assert [name for name, _, _ in people(extractor, text)] == ["Stephanie Schoeppe"]
