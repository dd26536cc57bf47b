"""People in a list of people: normalize/person_lists.py."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.normalize.person_lists import RULE_ID


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def people(extractor: Extractor, text: str) -> dict[str, str]:
    return {f.text: f.rule for f in extractor.extract(text) if f.type == "person"}


def test_the_other_names_of_a_list_of_people_are_people(extractor):
    text = "出席会议的有：国务委员杨洁篪、郭声琨、王勇、肖捷，中央统战部部长尤权。"
    found = people(extractor, text)
    assert found["杨洁篪"] != RULE_ID and found["郭声琨"] != RULE_ID  # found with a title, and known
    assert found["王勇"] == RULE_ID and found["肖捷"] == RULE_ID


def test_people_named_again_can_make_a_list_one_of_people(extractor):
    # 何章鸿 and 谭卫 are found in the second list only as people named again (person_propagate.py), after the
    # first reading of the lists: the lists are read once more, and 岑宇钿 is then a person too
    text = "谭卫、何章鸿、赖斌认为侵权。记者发现，该专利持有人为岑宇钿、何章鸿、赖斌和谭卫，申请日期为2008年。"
    assert people(extractor, text).get("岑宇钿") == RULE_ID


def test_a_first_or_last_item_is_read_up_to_its_clean_edge(extractor):
    text = "习近平、俞正声、王坚等7人出席。"
    found = people(extractor, text)
    assert found.get("王坚") == RULE_ID  # not 王坚等: 等 ends a name
    assert "王坚等" not in found


def test_offsets_hold_and_facts_stay_in_order(extractor):
    text = "习近平、李强、王晓东、周建国和李明华出席。"
    facts = extractor.extract(text)
    assert facts == sorted(facts, key=lambda f: (f.start, f.end))
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert {f.text for f in facts if f.rule == RULE_ID} == {"王晓东", "周建国"}  # 周建国和李明华: 和 ends the item


@pytest.mark.parametrize(
    "text",
    [
        "王晓东、周建国、李明华的作品展出。",  # no item is a person found, and 周 opens words (周末): a name needs a cue
        "阴道炎、宫颈炎、盆腔炎、外阴炎等是常见妇科病",  # no person found, and the items end alike: things
        "维护好、巩固好、发展好中俄关系",
        "分布在东北、黄淮海、长江中下游和西南地区",  # 东北 reads as no name
        "首次公布殷墟外围的辛店、陶家营、邵家棚遗址",
        "习近平会见了王晓东、周建国、李明华。",  # one is, in front of the list: not in it
        "习近平、李强、北京、上海、广州等地",  # places are not read as names
        "习近平、李强、高新区、工业园区负责人",  # nor are words
        "主持人全伟说，以前曹老师、王老师、周老师都参加过",  # a surname and an honorific: no given name
    ],
)
def test_lists_that_are_not_of_people_add_nobody(extractor, text):
    assert RULE_ID not in people(extractor, text).values()


def test_no_person_found_is_needed_when_every_item_reads_as_a_name(extractor):
    """The items between two 、 must be names of three characters with a surname that seldom opens a word."""
    text = "对宁连珠、朱小卫、阎建明、陈胜利、金涛给予警告"
    assert people(extractor, text) == dict.fromkeys(["宁连珠", "朱小卫", "阎建明", "陈胜利", "金涛"], RULE_ID)
    assert RULE_ID not in people(extractor, "对宁连珠、朱小、阎建明给予警告").values()  # a two-character inner item


def test_one_person_is_enough_when_every_other_item_reads_as_a_name(extractor):
    found = people(extractor, "中央军委委员刘振立、苗华、张升民等出席。")
    assert found["刘振立"] != RULE_ID  # found with a title
    assert found.get("苗华") == RULE_ID and "张升民" in found  # 张升民等: a group word vouches for the last
    assert people(extractor, "王晓东、周建国、李明华参加了比赛。") == dict.fromkeys(["王晓东", "周建国"], RULE_ID) | {
        "李明华": "person.after"}  # 李明华参加: a cue word vouches for the last, the list for the others


def test_one_person_and_an_item_that_is_no_name_add_nobody(extractor):
    assert RULE_ID not in people(extractor, "主任王晓东、周建国、高新区负责人出席。").values()


def test_an_item_beside_a_middle_dot_is_part_of_a_transliterated_name(extractor):
    found = people(extractor, "委员张春贤、吉炳轩、艾力更·依明巴海、万鄂湘出席。")
    assert "艾力" not in found and "艾力更" not in found


def test_transliterated_names_in_a_list_of_people(extractor):
    found = people(extractor, "广东队这边外线手感全开，周鹏拿下了26分，德莱尼、威姆斯、赵睿等人纷纷都有三分进账。")
    assert found.get("德莱尼") == RULE_ID and found.get("威姆斯") == RULE_ID
