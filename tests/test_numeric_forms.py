"""Numeric forms of Chinese news beyond the rule files' own examples: how the money, percent, quantity and
number normalisers read them, and what stays out (precision). Found by benchmarks/bench_specs.py against
Recognizers-Text's Chinese specs and checked on the news corpus.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from factx import Extractor

D = Decimal
NUMERIC = Extractor(types="money,percent,quantity,number")
DEFAULT = Extractor(types="money,percent,quantity")


def facts(text: str, extractor: Extractor = NUMERIC) -> list[tuple]:
    return [(f.type, f.text, f.value, f.unit, f.qualifier, f.low, f.high) for f in extractor.extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("东芝重组另需1万亿日元", ("money", "1万亿日元", D(10**12), "JPY", None, None, None)),
        ("售价S$500", ("money", "S$500", D(500), "SGD", None, None, None)),  # not US dollars
        ("票价NT$1,000", ("money", "NT$1,000", D(1000), "TWD", None, None, None)),
        ("汇率445奈拉", ("money", "445奈拉", D(445), "NGN", None, None, None)),
        ("投资五到十万元", ("money", "五到十万元", None, "CNY", None, D(50000), D(100000))),
        ("出生率为10.5‰", ("percent", "10.5‰", D("1.05"), "%", None, None, None)),
        ("百分之百的满意度", ("percent", "百分之百", D(100), "%", None, None, None)),
        ("占比9.5成", ("percent", "9.5成", D(95), "%", None, None, None)),  # never 5成 = 50
        ("享受八点五折优惠", ("percent", "八点五折", D(85), "%", None, None, None)),
        ("上升２．４個百分點", ("percent", "２．４個百分點", D("2.4"), "pp", None, None, None)),
        ("会议持续了一个半小时", ("quantity", "一个半小时", D("1.5"), "小时", None, None, None)),
        ("缴获近一吨冰毒", ("quantity", "一吨", D(1), "吨", "nearly", None, None)),
        ("装机容量20GW", ("quantity", "20GW", D(20), "GW", None, None, None)),
        ("冬季最低气温零下6℃", ("quantity", "零下6℃", D(-6), "℃", None, None, None)),
        ("一般是3年至5年", ("quantity", "3年至5年", None, "年", None, D(3), D(5))),
        ("负三十二", ("number", "负三十二", D(-32), None, None, None, None)),
        ("-10000", ("number", "-10000", D(-10000), None, None, None, None)),
        ("十多万", ("number", "十多万", D(100000), None, "over", None, None)),
    ],
)
def test_reads(text, expected):
    assert expected in facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "作好一切准备",  # a single Chinese numeral is never a bare number
        "我一看你就笑",
        "咨询电话0573-85123456",
        "手机13812345678",
        "详见 http://a.com/?q=30%25%2020% 页面",
        "谈判一波三折",
        "三折叠屏手机",
        "打通最后一公里",
        "一米阳光",
        "关注半年线支撑",
        "一年半载",
        "100mA电流",
    ],
)
def test_not_facts(text):
    assert facts(text) == []


def test_a_hyphen_between_two_things_is_not_a_minus():
    assert ("quantity", "70℃-80℃", None, "℃", None, D(70), D(80)) in facts("加热到70℃-80℃")
    assert [f[2] for f in facts("比分3-5")] == [D(3)]  # never -5; digits after a hyphen are no bare number
    assert all(f[2] is None or f[2] > 0 for f in facts("2014年中-2015年中的牛市"))


def test_change_by_to_is_not_a_range():
    assert [f[1] for f in facts("头寸增加22153手至135948手", DEFAULT)] == ["22153手", "135948手"]


def test_leading_zero_years_are_not_durations():
    assert not [f for f in facts("当时市场经历07年到08年股灾", DEFAULT) if f[0] == "quantity"]


def test_a_height_needs_its_centimetres_alone() -> None:
    """1米83 is one height (1.83 米); in 2米10米 the 10 is a length of its own, not centimetres."""
    facts = [(f.text, f.value, f.unit) for f in Extractor(types="quantity").extract("跨度2米10米不等，他身高1米83。")]
    assert facts == [("2米", 2, "米"), ("10米", 10, "米"), ("1米83", Decimal("1.83"), "米")]
