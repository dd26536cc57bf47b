"""Numeral parsing: a table of the forms news uses, and property tests against cn2an's renderings.

Which forms come from where: cn2an renders integers and decimals to Chinese (an2cn, lower and upper case)
and is the oracle for plain integers; factx itself parses mixed Arabic/Chinese forms, elisions, ranges,
approximations, fractions and full-width digits, which cn2an rejects (see test_cn2an_rejects_these).
"""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factx.numerals import Number, NumeralError, parse_fraction, parse_number

D = Decimal

TABLE = [
    ("885", Number(D(885))),
    ("3.96亿", Number(D(396000000))),
    ("１２３．５", Number(D("123.5"))),
    ("1,234.5万", Number(D(12345000))),
    ("3.5万", Number(D(35000))),
    ("1.2亿", Number(D(120000000))),
    ("3千万", Number(D(30000000))),
    ("2千零30万", Number(D(20300000))),
    ("1亿3000万", Number(D(130000000))),
    ("两千三百万", Number(D(23000000))),
    ("一万三", Number(D(13000))),
    ("两千三百五", Number(D(2350))),
    ("一亿三", Number(D(130000000))),
    ("伍仟", Number(D(5000))),
    ("壹万贰仟叁佰", Number(D(12300))),
    ("十五点八", Number(D("15.8"))),
    ("五点零五", Number(D("5.05"))),
    ("三点五亿", Number(D(350000000))),
    ("负四十", Number(D(-40))),
    ("-2.5", Number(D("-2.5"))),
    ("一千零一", Number(D(1001))),
    ("一百一十", Number(D(110))),
    ("十万", Number(D(100000))),
    ("廿五", Number(D(25))),
    ("二〇二四", Number(D(2024))),
    ("一兆", Number(D(10**12))),
    ("萬", None),
    ("250余", Number(D(250), qualifier="over")),
    ("30多万", Number(D(300000), qualifier="over")),
    ("1亿多", Number(D(100000000), qualifier="over")),
    ("3000余万", Number(D(30000000), qualifier="over")),
    ("三十几万", Number(D(300000), qualifier="over")),
    ("十几", Number(D(10), qualifier="over")),
    ("两三", Number(None, D(2), D(3))),
    ("一两", Number(None, D(1), D(2))),  # 两 counts as 2 here: 一两年 is one or two years, not 12
    ("一两万", Number(None, D(10000), D(20000))),
    ("八两", None),  # 七、八两个月: 两 is no positional digit
    ("六七十", Number(None, D(60), D(70))),
    ("三五", Number(None, D(3), D(5))),  # "three to five", not 35 (三十五)
    ("三五十", Number(None, D(30), D(50))),
    ("五六十万", Number(None, D(500000), D(600000))),
    ("三四十", Number(None, D(30), D(40))),
    ("3至5亿", Number(None, D(300000000), D(500000000))),
    ("3-5亿", Number(None, D(300000000), D(500000000))),
    ("3~5亿", Number(None, D(300000000), D(500000000))),
    ("3千至5千万", Number(None, D(30000000), D(50000000))),
    ("15到30", Number(None, D(15), D(30))),
    ("10万万", Number(D(10**9))),  # a repeated big unit multiplies: 万万 = 亿
    ("四万万", Number(D(4 * 10**8))),
    ("四万万五千万", Number(D(450000000))),
    ("一亿亿", Number(D(10**16))),
    ("1.5万亿", Number(D(15 * 10**11))),
    ("倆千两百贰拾二", Number(D(2222))),
    ("二十幾萬", Number(D(200000), qualifier="over")),
    ("一百零几万", Number(D(1000000), qualifier="over")),
    ("负六点六", Number(D("-6.6"))),
    ("－122", Number(D(-122))),
    ("４，５６５", Number(D(4565))),
    ("五至十", Number(None, D(5), D(10))),  # 十 is the number ten here, not a shared scale
    ("五到十万", Number(None, D(50000), D(100000))),
    ("三至五百", Number(None, D(300), D(500))),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t for t, _ in TABLE])
def test_table(text, expected):
    if expected is None:
        with pytest.raises(NumeralError):
            parse_number(text)
    else:
        assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "几十", "余三", "5至3", "万", "千千", "万万"])
def test_not_numerals(text):
    with pytest.raises(NumeralError):
        parse_number(text)


def test_fractions():
    assert parse_fraction("千分之三") == D("0.003")
    assert parse_fraction("十分之一") == D("0.1")
    assert parse_fraction("五分之四") == D("0.8")
    assert parse_fraction("三分之一") == D("0.333333333333")
    # too large to round to 12 places within Decimal's 28 digits: it raised InvalidOperation (found by test_fuzz)
    assert parse_fraction("千分之三亿亿亿") == D("3E+21")
    assert parse_fraction("三分之一亿亿亿") == D("1E+24") / 3


@pytest.mark.parametrize("text", ["250余", "六七十", "3至5亿", "三十几万", "1亿多", "五六十万"])
def test_cn2an_rejects_these(text):
    """The forms factx parses itself because cn2an rejects them; factx reads each one."""
    with pytest.raises((ValueError, KeyError)):
        cn2an.cn2an(text, "smart")
    parsed = parse_number(text)
    assert parsed.value is not None or (parsed.low is not None and parsed.high is not None)


def test_exact_decimals_not_floats():
    value = parse_number("3.96亿").value
    assert value == D(396000000)
    assert str(int(value)) == "396000000"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_an2cn_integers_round_trip(n):
    for mode in ("low", "up"):
        assert parse_number(cn2an.an2cn(n, mode)).value == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=999))
def test_an2cn_decimals_round_trip(whole, fraction):
    text = f"{whole}.{fraction:03d}".rstrip("0")
    assert parse_number(cn2an.an2cn(text, "low")).value == D(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "亿"]))
def test_mixed_arabic_and_scale(n, scale):
    factor = 10**4 if scale == "万" else 10**8
    assert parse_number(f"{n}{scale}").value == n * factor
    assert parse_number(f"{n:,}{scale}").value == n * factor


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_yi_wan_compound(yi, wan):
    assert parse_number(f"{yi}亿{wan}万").value == yi * 10**8 + wan * 10**4


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_cn2an_agrees_on_plain_integers(n):
    text = cn2an.an2cn(n, "low")
    assert parse_number(text).value == D(str(cn2an.cn2an(text, "strict")))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits(n):
    full = "".join(chr(0xFF10 + int(d)) for d in str(n))
    assert parse_number(full).value == n
