"""Dates, periods and clock times → an ISO 8601 string.

Values: ``2024``, ``2003-09``, ``2024-12-05``, ``2024-Q1``, ``2024-H1``, ``2025-W04`` (an ISO week), intervals
joined by ``/`` (``2017/2020``, ``2024-01/2024-11``), times as ``T09:00`` or appended to a day
(``2024-12-05T15:30``). A date written without its year keeps the ISO "missing year" form (``--08-24``,
``--10``, ``--Q1``, ``--H1``, ``---12`` for a day alone).

Relative words (去年, 昨天, 本周, 上月, 近日 …) set ``relative = True``; their value is None unless the context
holds a reference date (``context["ref_date"]``, from ``Extractor(ref_date=...)``), against which they are
resolved: with 2025-01-20, 去年 → 2024, 昨天 → 2025-01-19, 上月 → 2024-12, 本周 → 2025-W04. With a reference
date, a date without a year takes the reference year (8月24日 → 2025-08-24; a day alone takes the reference
month too): the choice is simple and predictable, not a guess at the nearest past date. Vague words (近日,
目前, 当年 …) never get a value. A clock time alone stays ``T09:00``.

The rule's named groups are the contract; rules/date.toml lists them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields

_DIGITS = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                         "〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4",
                         "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "两": "2"})
_YEARS = range(1500, 2100)
_CENTURY = {"上": 1900, "上个": 1900, "本": 2000}  # and 19世纪, 十九世纪: the 1800s (_century_base)
_WEEKDAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_YEAR_PART = {"底": 12, "末": 12, "初": 1, "中": 6, "年中": 6}
_AFTERNOON = {"下午", "傍晚", "晚上", "晚间", "晚"}
_NIGHT = {"夜间", "夜里", "深夜", "夜"}
_EVENING = frozenset(_AFTERNOON | _NIGHT)  # a clock range's end after one of these is in the evening too
_ABSOLUTE = frozenset(("y", "ys", "yso", "ry", "m", "d", "q", "qn", "half", "nm", "hh"))  # groups that make a date


def _century_base(written: str) -> int:
    """The year before a century's first, as written (21世纪, 十九世纪, 上世纪, 本世纪): 2000, 1800, 1900, 2000."""
    century = written.removesuffix("世纪")
    return _CENTURY[century] if century in _CENTURY else (small_number(century) - 1) * 100


def _second_year(first: int | None, text: str) -> int:
    """The end of a range of years: 2019, or 24 in 2023/24 (the first year's century, or the next one's)."""
    if len(text) == 2 and first is not None:
        end = first - first % 100 + int(text.translate(_DIGITS))
        return end if end > first else end + 100
    return year_number(text)


class _Reject(Exception):
    """The match is not a valid date (month 13, 2月30日, an out-of-range year)."""


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    groups: dict[str, str] = {}
    for name, number in rule.pattern.groupindex.items():  # by number: see normalize/numeric.py
        text = match[number]
        if text:
            groups[name] = text
    if not groups:  # 近日, 目前, 当年: a vague word alone
        return Fields(relative=True)
    ref = context.get("ref_date") if context else None
    if isinstance(ref, datetime):
        ref = ref.date()
    try:
        value, relative = _Reader(groups, ref, ruleset).read()
    except _Reject:
        if "cend" not in groups:
            return None
        # a clock range that does not go forward (晚上10点至凌晨2点): the start alone is still a time
        for name in _CLOCK_END:
            groups.pop(name, None)
        try:
            value, relative = _Reader(groups, ref, ruleset).read()
        except _Reject:
            return None
        return Fields(value=value, relative=relative, span=(match.start(), match.start("cend")))
    return Fields(value=value, relative=relative)


_CLOCK_END = ("cend", "ampm2", "hh2", "mi2", "mhalf2", "mq2")  # the groups of a clock range's end


def small_number(text: str) -> int:
    """Month, day, hour, minute or quarter numerals: 12, １２, 十二, 二十三, 三十一, 五十九, 两."""
    text = text.translate(_DIGITS)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        if (tens and not tens.isdigit()) or (units and not units.isdigit()):
            raise _Reject
        return int(tens or 1) * 10 + int(units or 0)
    raise _Reject


def year_number(text: str) -> int:
    """2024, ２０２４, 二〇二四 → 2024, within 1500–2099 (other numbers stay quantities: 3000年)."""
    digits = text.translate(_DIGITS)
    if not digits.isdigit() or int(digits) not in _YEARS:
        raise _Reject
    return int(digits)


class _Reader:
    """Reads one match's groups into (value, relative)."""

    def __init__(self, groups: dict[str, str], ref: date | None, ruleset: RuleSet) -> None:
        self.g = groups
        self.ref = ref
        self.ruleset = ruleset  # its relative_date lexicon, looked up only for a relative word
        self.relative = False
        self.unresolved = False  # relative, and no reference date to resolve it against

    def read(self) -> tuple[str | None, bool]:
        value = self._value()
        if self.unresolved:
            value = None
        return value, self.relative

    # -- the shape of the match decides the reading ------------------------------------------------------

    def _value(self) -> str | None:
        g = self.g
        if "hol" in g or "hols" in g:
            day = _holiday(self.ruleset.lexicon("date_holiday").get(g["hol"]) if "hol" in g
                           else self.ruleset.lexicon("date_holiday_short").get(g["hols"]))
            # the year written (2019年元旦 → 2019-01-01), implied (今年国庆) or the reference year, as for 5月1日; a
            # lunar holiday moves, so 2019年春节 is 2019
            year = self._year()
            if year is None:
                return day  # --10-01 (a lunar holiday: no value)
            return f"{year}{day[1:]}" if day else str(year)
        if "dec" in g:
            return self._decade()
        if "cent" in g:
            return self._century()
        if "rd" in g or "rwp" in g or "wd" in g or "wend" in g:
            return self._day_or_week()
        if "rm" in g:
            return self._relative_month()
        if "rp" in g:
            return self._bare_part()
        if "rv" in g or _ABSOLUTE.isdisjoint(g):
            self.relative = True  # a vague word: 近日, 目前, 当年
            return None
        year = self._year()
        if "y2" in g and "m2" not in g and "m" not in g:
            end = _second_year(year, g["y2"])
            if year is None or end <= year:
                raise _Reject
            return f"{year}/{end}"
        if "half" in g:
            return f"{_y(year)}-H{1 if g['half'] == '上' else 2}"
        if "q" in g or "qn" in g:
            return self._quarters(year)
        if "nm" in g:
            months = small_number(g["nm"])
            if not 1 <= months <= 12:
                raise _Reject
            return f"{_y(year)}-01/{_y(year)}-{months:02d}"
        if "d" in g and "m" not in g:
            return self._day_alone()
        if "m" in g:
            return self._month_or_day(year)
        if "hh" in g and "y" not in g and "ry" not in g:
            return self._clock()
        if "y" not in g and "ry" not in g and "ypart" not in g and "yso" not in g:
            raise _Reject  # a two-digit year alone is not a date (but 17年底 is, and one its context vouches for)
        if "ypart" in g and g["ypart"] in _YEAR_PART:
            return f"{_y(year)}-{_YEAR_PART[g['ypart']]:02d}"
        return _y(year)

    def _year(self) -> int | None:
        """The year written or implied: absolute, relative to the reference date, or the reference year."""
        g = self.g
        if "y" in g:
            return year_number(g["y"])
        if "ys" in g or "yso" in g:  # 15年 → 2015, 98年 → 1998
            short = int((g.get("ys") or g["yso"]).translate(_DIGITS))
            return (2000 if short < 50 else 1900) + short
        if "ry" in g:
            self.relative = True
            return self._offset_year(g["ry"])
        if "ay" in g:  # 同年5月: the year of a date written before, which the text, not the reference, gives
            self.relative = self.unresolved = True
            return None
        return self.ref.year if self.ref else None

    def _offset_year(self, word: str) -> int | None:
        kind, offset = self._code(word)
        if kind != "year":
            raise _Reject
        if self.ref is None:
            self.unresolved = True
            return None
        return self.ref.year + offset

    def _code(self, word: str) -> tuple[str, int]:
        code = str(self.ruleset.lexicon("relative_date").get(word, ""))
        kind, _, offset = code.partition(":")
        if not kind or not offset:
            raise _Reject
        return kind, int(offset)

    # -- readings ------------------------------------------------------------------------------------------

    def _decade(self) -> str:
        g = self.g
        digits = g["dec"]
        if len(digits) == 4:
            start = int(digits)
        elif "cent" in g:
            start = _century_base(g["cent"]) + small_number(digits)
        else:  # 90年代, 九十年代: the 1900s, except 00年代
            start = (2000 if digits == "00" else 1900) + small_number(digits)
        if start not in _YEARS:
            raise _Reject
        return f"{start}/{start + 9}"

    def _century(self) -> str:
        """A century's years: 21世纪 → 2001/2100, 上世纪 → 1901/2000."""
        base = _century_base(self.g["cent"])
        if base + 1 not in _YEARS:
            raise _Reject
        return f"{base + 1}/{base + 100}"

    def _quarters(self, year: int | None) -> str:
        g = self.g
        if "qn" in g:
            first, last = 1, small_number(g["qn"])
        else:
            first = small_number(g["q"])
            last = small_number(g["q2"]) if "q2" in g else first
        if not 1 <= first <= last <= 4:
            raise _Reject
        if first == last and "qpart" in g:  # 三季度末: the quarter's last month, as 年底 is the year's
            return f"{_y(year)}-{3 * first - (2 if g['qpart'] == '初' else 0):02d}"
        if first == last:
            return f"{_y(year)}-Q{first}"
        return f"{_y(year)}-Q{first}/{_y(year)}-Q{last}"

    def _month_or_day(self, year: int | None) -> str:
        g = self.g
        month = _month(g["m"])
        if "d" not in g:  # a month or a range of months
            if "m2" not in g:
                return f"{_y(year)}-{month:02d}"
            end_year, end_month = self._range_end(year, month, g["m2"])
            return f"{_y(year)}-{month:02d}/{_y(end_year)}-{end_month:02d}"
        day = _day(year, month, g["d"])
        start = f"{_y(year)}-{month:02d}-{day:02d}"
        if "d2" in g:
            end_year, end_month = self._range_end(year, month, g["m2"], days=True) if "m2" in g else (year, month)
            end_day = _day(end_year, end_month, g["d2"])
            if (end_year, end_month) == (year, month) and end_day <= day:
                raise _Reject  # 9月30日至9月1日, 5日至5日
            return f"{start}/{_y(end_year)}-{end_month:02d}-{end_day:02d}"
        return self._at_time(start)

    def _range_end(self, year: int | None, month: int, end_text: str, days: bool = False) -> tuple[int | None, int]:
        """The year and month a range ends in: written (2024年3月), or this year, or next (12月至1月). A range
        of days may end in the month it starts in (9月1日至9月30日), a range of months may not."""
        end_month = _month(end_text)
        if "y2" in self.g:
            end_year: int | None = year_number(self.g["y2"])
            earliest = (year, month) if days else (year, month + 1)
            if year is not None and end_year is not None and (end_year, end_month) < earliest:
                raise _Reject
            return end_year, end_month
        if end_month < month:
            return (year + 1 if year is not None else None), end_month
        if end_month == month and not days:
            raise _Reject
        return year, end_month

    def _day_alone(self) -> str:
        day = self._day_of_ref_month(self.g["d"])
        if "d2" in self.g:  # 9日至10日
            end = self._day_of_ref_month(self.g["d2"])
            if end <= day:
                raise _Reject
            if self.ref:
                return f"{self.ref.year}-{self.ref.month:02d}-{day:02d}/{self.ref.year}-{self.ref.month:02d}-{end:02d}"
            return f"---{day:02d}/---{end:02d}"
        if self.ref:
            return self._at_time(f"{self.ref.year}-{self.ref.month:02d}-{day:02d}")
        return self._at_time(f"---{day:02d}")

    def _day_of_ref_month(self, text: str) -> int:
        """A day of the month written alone: 1 to 31, and within the reference date's month when there is one."""
        day = small_number(text)
        if not 1 <= day <= (_days_in(self.ref.year, self.ref.month) if self.ref else 31):
            raise _Reject
        return day

    def _day_or_week(self) -> str | None:
        """昨天, 今天上午9时, 本周, 上周四, 周末, 星期天."""
        g = self.g
        self.relative = True
        if self.ref is None:
            self.unresolved = True
            self._clock()  # still validate the time
            return None
        if "rd" in g:
            _kind, offset = self._code(g["rd"])
            return self._at_time((self.ref + timedelta(days=offset)).isoformat())
        offset = self._code(g["rwp"])[1] if "rwp" in g else 0
        monday = self.ref - timedelta(days=self.ref.weekday()) + timedelta(weeks=offset)
        if "wd" in g:
            return self._at_time((monday + timedelta(days=_WEEKDAY[g["wd"]] - 1)).isoformat())
        if "wend" in g:
            return f"{(monday + timedelta(days=5)).isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
        iso_year, week, _ = monday.isocalendar()
        return f"{iso_year}-W{week:02d}"

    def _relative_month(self) -> str | None:
        """本月, 上个月, 上月底, 本月5日."""
        g = self.g
        self.relative = True
        if self.ref is None:
            self.unresolved = True
            return None
        _kind, offset = self._code(g["rm"])
        index = self.ref.year * 12 + self.ref.month - 1 + offset
        year, month = divmod(index, 12)
        month += 1
        if "d" in g:
            return f"{year}-{month:02d}-{_day(year, month, g['d']):02d}"
        return f"{year}-{month:02d}"

    def _bare_part(self) -> str | None:
        """年底, 年初, 月底: this year's or this month's, so relative to the reference date."""
        word = self.g["rp"]
        self.relative = True
        if self.ref is None:
            self.unresolved = True
            return None
        if word.startswith("年"):
            return f"{self.ref.year}-{_YEAR_PART[word[1]]:02d}"
        return f"{self.ref.year}-{self.ref.month:02d}"

    def _clock(self) -> str:
        start = self._time_suffix()
        if "hh2" not in self.g:
            return start
        g = self.g
        hour = small_number(g["hh2"])
        end = self._time_suffix("2")
        if end <= start and hour < 12 and "ampm2" not in g and self._part() in _EVENING:
            end = self._time_suffix("2", hour + 12)  # 晚上6:00至7:30, 下午2时至5时: the end is in the evening too
        if end <= start:
            raise _Reject
        return f"{start}/{end}"

    def _part(self, end: str = "") -> str:
        """The part of the day a clock time is in (下午, 晚), or ""; 今晚9时: 晚."""
        part = self.g.get("ampm" + end, "")
        if not part and not end and any(ch in self.g.get("rd", "") for ch in "晚夜"):
            part = "晚"
        return part

    def _at_time(self, day: str) -> str:
        """``day`` at the clock time written after it (2024-12-05T14:00), or over the clock range written
        (2024-12-05T14:00/2024-12-05T17:00); ``day`` alone when no time is written."""
        start, _, end = self._clock().partition("/")
        return f"{day}{start}/{day}{end}" if end else day + start

    def _time_suffix(self, end: str = "", hour: int | None = None) -> str:
        """``T15:30`` for a clock time in the match, else ""; with ``end="2"`` the time that ends a clock range,
        read with its own part of the day (上午10点至下午2点) or at ``hour`` when given."""
        g = self.g
        if "hh" + end not in g:
            return ""
        if hour is None:
            hour = small_number(g["hh" + end])
        minute = 0
        if "mi" + end in g:
            minute = small_number(g["mi" + end])
        elif "mhalf" + end in g:
            minute = 30
        elif "mq" + end in g:
            minute = 15 if g["mq" + end].startswith("一") else 45
        part = self._part(end)
        if part in _AFTERNOON and 1 <= hour <= 11 and not (part.startswith("晚") and hour < 5):
            hour += 12
        elif part in _AFTERNOON and hour == 12 and part != "下午":
            hour = 24
        elif (part in _NIGHT and 6 <= hour <= 11) or (part in ("中午", "午间") and 1 <= hour <= 2):
            hour += 12
        elif part in ("凌晨", "午夜") and hour == 12:
            hour = 0
        return _clock_value(hour, minute, small_number(g["ss"]) if "ss" in g and not end else None)


def _holiday(day: object) -> str | None:
    """A holiday's value from its lexicon entry: --MM-DD for a fixed day; none for a lunar or movable one."""
    day = str(day or "")
    return f"--{day}" if day[:1].isdigit() else None


def _clock_value(hour: int, minute: int, second: int | None = None) -> str:
    if hour > 24 or minute > 59 or (hour == 24 and minute) or (second is not None and second > 59):
        raise _Reject
    return f"T{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")


def _y(year: int | None) -> str:
    """The year part of a value: ``2024``, or ``-`` when the year is unknown (so --08-24, --10, --Q1)."""
    return f"{year:04d}" if year is not None else "-"


def _month(text: str) -> int:
    month = 1 if text == "元" else small_number(text)  # 元月: January
    if not 1 <= month <= 12:
        raise _Reject
    return month


def _day(year: int | None, month: int, text: str) -> int:
    day = small_number(text)
    last = _days_in(year if year is not None else 2000, month)  # 2000: 2月29日 is valid
    if not 1 <= day <= last:
        raise _Reject
    return day


def _days_in(year: int, month: int) -> int:
    """The length of a month (the calendar module costs more to import than this line)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
