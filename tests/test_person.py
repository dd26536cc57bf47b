"""People in running news text: names found by cues, cut at cue words, and the words that only look like names."""

from __future__ import annotations

import pytest

from factx import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(types="person,org,location")


def people(extractor: Extractor, text: str) -> dict[str, str | None]:
    return {f.text: f.role for f in extractor.extract(text) if f.type == "person"}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("。习近平主席会见了来访的客人。", "习近平", "主席"),  # a post after the name
        ("深发展信用卡中心总裁彭小军日前在接受专访时透露", "彭小军", "总裁"),  # 小 opens a given name
        ("。李强随后指出，中方愿同各方", "李强", None),  # a word between the name and its verb
        ("。特朗普27日称，美国将", "特朗普", None),
        ("。李强强调，要", "李强", None),  # cut where the cue starts, not 李强强
        ("记者李强实习生费永璐报道", "李强", "记者"),
        ("。拉里贾尼2日说，伊朗已经", "拉里贾尼", None),  # a transliterated name, not its end 贾尼
        ("今年71岁的黄仕恒老先生，是一名兴趣广泛的人", "黄仕恒", None),
        ("余凯出任美国NEC高级研究员", "余凯", None),  # an act after the name
        ("□本报记者龙跃北京报道", "龙跃", "本报记者"),  # cut where the dateline starts
        ("俄罗斯总统梅德韦杰夫当天在索契", "梅德韦杰夫", "总统"),  # a long transliteration, not 梅德韦
        ("萧照兴还认为，", "萧照兴", None),
        ("国家副主席韩正在北京会见", "韩正", "副主席"),  # 正在 follows names but must not cut 韩正
        ("俄罗斯总统梅德韦杰夫特别强调", "梅德韦杰夫", "总统"),  # cut where 特别 starts
        # a known name right after a word that names often follow (包括, 像, 没有, 虽然): no cue needed
        ("毕竟他的级别还不像梅西一样能在场上散步", "梅西", None),
        ("如果没有金庸，就不会有仙剑", "金庸", None),
        ("其他参与投资者还包括马云。", "马云", None),
        ("在剧中扮演周迅，", "周迅", None),  # and after a verb that takes a person (扮演, 起诉, 饰)
    ],
)
def test_found(extractor, text, name, role):
    found = people(extractor, text)
    assert name in found, found
    assert found[name] == role


@pytest.mark.parametrize(
    "text",
    [
        "伊朗外长今天表示",  # a country before a post
        "白宫紧急回应",  # a known place that starts before the name
        "乐视网董事长表示",  # an organisation before a post
        "他出任美国NEC高级研究员",  # a word that opens a post
        "店员向记者解释道",  # a verb of saying read as surname 解 + 释道
        "张经理说",  # a surname and a title
        "技术总监和高级技术总监",  # a conjunction read as surname 和
        "高血压、高血脂、高血糖等有一定作用",  # a list of things
        "江苏、浙江等地",
        "高血压、高血脂等人群",  # 等人群 is no group of people
        "致电祝贺苏林当选",  # 贺 ends 祝贺: 贺苏林 is no name (苏林 alone has no cue)
        "公司控股股东徐州丰利质押给某券商",  # a city and a word after a title, not 徐 + 州丰
        "二十国集团领导人杭州峰会",
    ],
)
def test_not_found(extractor, text):
    assert people(extractor, text) == {}


def test_conjunction_before_a_name(extractor):
    assert people(extractor, "就给了offer，但王劲称自己很骄傲") == {"王劲": None}


def test_title_does_not_leak_into_the_name(extractor):
    assert people(extractor, "乐视网董事长孙宏斌回应说") == {"孙宏斌": "董事长"}


def test_no_title_is_a_place_name(extractor):
    """A title that is also a place (中卫, a city and a football position) would read the words after the
    place as a name: 宁夏中卫黄河岸边."""
    from factx.normalize.location import place_index

    ruleset = extractor.ruleset
    places = place_index(ruleset)
    assert [word for word in ruleset.lexicon("person_title_before") if places.readings(word)] == []
