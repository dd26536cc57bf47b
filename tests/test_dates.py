"""Dates: ISO 8601 values, relative words resolved against a reference date, and the interplay with quantities."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest

from factx import Extractor
from factx.errors import BadDateError

REF = date(2025, 1, 20)  # a Monday, ISO week 2025-W04
PLAIN = Extractor(types="date")
DATED = Extractor(types="date", ref_date=REF)


def dates(text: str, extractor: Extractor = PLAIN) -> list[tuple[str, object, bool | None]]:
    return [(f.text, f.value, f.relative) for f in extractor.extract(text)]


def one(text: str, extractor: Extractor = PLAIN):
    found = extractor.extract(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("去年", "2024"),
        ("今年", "2025"),
        ("明年", "2026"),
        ("前年", "2023"),
        ("昨天", "2025-01-19"),
        ("今天", "2025-01-20"),
        ("明天", "2025-01-21"),
        ("前天", "2025-01-18"),
        ("本周", "2025-W04"),
        ("上周", "2025-W03"),
        ("下周", "2025-W05"),
        ("上周四", "2025-01-16"),
        ("周四", "2025-01-23"),
        ("周末", "2025-01-25/2025-01-26"),
        ("本月", "2025-01"),
        ("上月", "2024-12"),
        ("上个月", "2024-12"),
        ("下月", "2025-02"),
        ("本月5日", "2025-01-05"),
        ("去年底", "2024-12"),
        ("今年年初", "2025-01"),
        ("年底", "2025-12"),
        ("今年上半年", "2025-H1"),
        ("去年第四季度", "2024-Q4"),
        ("今年前11个月", "2025-01/2025-11"),
        ("去年1至11月", "2024-01/2024-11"),
        ("去年12月5日", "2024-12-05"),
        ("昨天上午9时", "2025-01-19T09:00"),
        ("今晚8点", "2025-01-20T20:00"),
    ],
)
def test_relative_dates_resolve_against_the_reference_date(text, value):
    fact = one(text, DATED)
    assert (fact.text, fact.value, fact.relative) == (text, value, True)


@pytest.mark.parametrize("text", ["去年", "昨天", "本周", "上月", "去年1至11月", "今年上半年", "上周四", "年底"])
def test_relative_dates_have_no_value_without_a_reference_date(text):
    fact = one(text)
    assert (fact.text, fact.value, fact.relative) == (text, None, True)


@pytest.mark.parametrize(
    ("text", "plain", "dated"),
    [
        ("8月24日", "--08-24", "2025-08-24"),
        ("10月", "--10", "2025-10"),
        ("1至11月", "--01/--11", "2025-01/2025-11"),
        ("上半年", "--H1", "2025-H1"),
        ("一季度", "--Q1", "2025-Q1"),
        ("12月5日上午9时", "--12-05T09:00", "2025-12-05T09:00"),
        ("12月28日至1月3日", "--12-28/--01-03", "2025-12-28/2026-01-03"),
        ("12日晚间", "---12", "2025-01-12"),
    ],
)
def test_a_missing_year_is_the_reference_year(text, plain, dated):
    """Documented choice: a date without a year takes the reference year (not the nearest past date)."""
    assert dates(text) == [(text, plain, False)]
    assert dates(text, DATED) == [(text, dated, False)]


@pytest.mark.parametrize("text", ["近日", "目前", "近年来", "当年", "日前"])
def test_vague_words_never_get_a_value(text):
    assert dates(text, DATED) == [(text, None, True)]


@pytest.mark.parametrize("text", ["同年5月", "次年2月10日", "当年上半年", "翌年一季度"])
def test_a_month_in_the_year_of_another_date_gets_no_value(text):
    """同年 and 次年 name the year of a date written before: the reference date is not it (it would give 2025-05)."""
    assert dates(text, DATED) == [(text, None, True)]
    assert dates(text) == [(text, None, True)]


def test_absolute_dates_ignore_the_reference_date():
    for text, value in [("2024年12月5日", "2024-12-05"), ("2017-2020年", "2017/2020"), ("2023年底", "2023-12"),
                        ("1990年代", "1990/1999"), ("2024年1至11月", "2024-01/2024-11"), ("凌晨1时", "T01:00")]:
        assert dates(text, DATED) == [(text, value, False)]


def test_per_call_reference_date_and_datetime():
    assert one("去年", PLAIN).value is None
    assert PLAIN.extract("去年", ref_date=date(2019, 6, 1))[0].value == "2018"
    assert DATED.extract("昨天", ref_date=datetime(2020, 3, 1, 12, 0))[0].value == "2020-02-29"


def test_a_holiday_without_its_year_takes_the_reference_year_as_a_month_does():
    for text, plain, dated in [("国庆节", "--10-01", "2025-10-01"), ("五一假期", "--05-01", "2025-05-01"),
                               ("春节", None, "2025"), ("5月1日", "--05-01", "2025-05-01")]:
        assert PLAIN.extract(text)[0].value == plain
        assert DATED.extract(text)[0].value == dated
    assert DATED.extract("2019年元旦")[0].value == "2019-01-01"  # a year written wins


def test_reference_date_as_iso_text():
    # a Spark or pandas column of publication dates is often text
    assert PLAIN.extract("去年", ref_date="2019-06-01")[0].value == "2018"
    assert Extractor(types="date", ref_date=" 2020-03-01 ").extract("昨天")[0].value == "2020-02-29"
    assert Extractor(ref_date=datetime(2020, 3, 1, 23, 59)).ref_date == date(2020, 3, 1)


@pytest.mark.parametrize("bad", ["yesterday", "2020-13-01", 20200301])
def test_a_reference_date_that_is_no_date_is_said_at_once(bad):
    with pytest.raises(BadDateError, match="ref_date must be a date or a YYYY-MM-DD text"):
        Extractor(ref_date=bad)
    with pytest.raises(ValueError, match=repr(bad)):
        PLAIN.extract("去年", ref_date=bad)


def test_reference_date_survives_pickling():
    copy = pickle.loads(pickle.dumps(DATED))
    assert copy.ref_date == REF
    assert copy.extract("去年")[0].value == "2024"


def test_old_pickled_state_without_reference_date():
    extractor = Extractor.__new__(Extractor)
    extractor.__setstate__({"rule_paths": (), "types": None, "shipped": True, "timeout": None})
    assert extractor.ref_date is None
    assert extractor.extract("去年", types="date")[0].relative is True


@pytest.mark.parametrize("text", ["2月30日", "2023年2月29日", "13月", "12月32日", "25:30", "3000年"])
def test_impossible_dates_are_not_reported_as_such(text):
    assert all(f.text != text for f in PLAIN.extract(text))


def test_leap_day():
    assert dates("2024年2月29日") == [("2024年2月29日", "2024-02-29", False)]
    assert dates("2月29日") == [("2月29日", "--02-29", False)]


@pytest.mark.parametrize(
    ("text", "fact_type", "fact_text"),
    [
        ("2024年,全市", "date", "2024年"),
        ("2017-2020年", "date", "2017-2020年"),
        ("工作了10年", "quantity", "10年"),
        ("3至5年", "quantity", "3至5年"),
        ("为期一年", None, None),
        ("有1300年历史", "quantity", "1300年"),
        ("今年前11个月", "date", "今年前11个月"),
        ("前11个月，全国", "date", "前11个月"),  # a period at a clause's start, as statistics write it
        ("他前11个月没来", "quantity", "11个月"),  # elsewhere a duration
    ],
)
def test_years_are_dates_and_durations_stay_quantities(text, fact_type, fact_text):
    facts = Extractor(types="date,quantity").extract(text)
    if fact_type is None:
        assert not facts
    else:
        assert [(f.type, f.text) for f in facts] == [(fact_type, fact_text)]


def test_gold_dates(gold_path):
    from factx.evaluate import read_gold, score

    scores = score(read_gold(gold_path), Extractor(types="date"))
    dates_score = scores["date"]
    assert dates_score.f1 >= 0.9
    assert not dates_score.value_errors
    numeric = score(read_gold(gold_path), Extractor(types="money,percent,quantity"))
    for fact_type in ("money", "percent", "quantity"):
        assert numeric[fact_type].precision == numeric[fact_type].recall == 1.0, fact_type
