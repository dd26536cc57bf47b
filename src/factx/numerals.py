"""Chinese and Arabic numerals to exact Decimal values.

cn2an covers plain Chinese integers and decimals, but returns floats, costs ~110 ms to import, and rejects
the forms news is full of: Arabic digits mixed with Chinese units (2千零30万), approximations (250余,
三十几万), adjacent-digit ranges (六七十), explicit ranges (3至5亿), fractions (三分之一) and full-width
digits. So factx parses numerals itself, exactly, with Decimal; the test suite uses cn2an as an oracle.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

__all__ = ["Number", "NumeralError", "parse_decimal_digits", "parse_fraction", "parse_number"]


class NumeralError(ValueError):
    """The text is not a numeral factx can read."""


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed numeral: an exact value, or a low/high range (value None), and an approximation flag."""

    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: str | None = None

    def scaled(self, factor: Decimal) -> Number:
        """The same number multiplied by ``factor`` (for 成, 折, 分之 and currency sub-units)."""

        def mul(x: Decimal | None) -> Decimal | None:
            return None if x is None else x * factor

        return Number(mul(self.value), mul(self.low), mul(self.high), self.qualifier)


# Variants folded to one spelling before parsing: full-width digits, traditional and financial characters.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "壹": "一",
        "贰": "二",
        "貳": "二",
        "叁": "三",
        "參": "三",
        "肆": "四",
        "伍": "五",
        "陆": "六",
        "陸": "六",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "佰": "百",
        "仟": "千",
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "倆": "两",
        "幾": "几",
        "點": "点",
        "○": "〇",
        "廿": "二十",
        "卅": "三十",
        "Ｏ": "〇",
        "负": "-",
        "負": "-",
        "−": "-",
    }
)

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_UNITS = frozenset({**_SMALL_UNITS, **_BIG_UNITS})
_APPROX = "余多来许"
_POSITIONAL_NOT = frozenset("两俩仨")  # counting words: never a digit of 二〇二四

_ARABIC = regex.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+")
_CN_POINT = regex.compile(r"([零〇一二两三四五六七八九十百千万亿兆]+)点([零〇一二三四五六七八九]+)")
_CN_DIGIT = "零〇一二两三四五六七八九"
_ADJACENT = regex.compile(rf"(?<![{_CN_DIGIT}])([一二两三四五六七八])([二两三四五六七八九])(?![{_CN_DIGIT}])")
_RANGE = regex.compile(r"^(.+?)(?:至|到|~|～|〜|--?|—|–)(.+)$")
_SCALE_TAIL = regex.compile(r"[十百千万亿兆]+$")
_FRACTION = regex.compile(r"^(.+)分之(.+)$")


def _fold(text: str) -> str:
    return "".join(text.translate(_FOLD).split())


def parse_decimal_digits(text: str) -> Decimal:
    """A plain digit run, Arabic (1,234.5) or Chinese positional (二〇二四, 八五), as a Decimal."""
    text = _fold(text)
    if _ARABIC.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if text and all(ch in _DIGITS for ch in text):
        if len(text) > 1 and not _POSITIONAL_NOT.isdisjoint(text):
            raise NumeralError(f"两 is no positional digit: {text!r}")  # 七、八两个月 is not 82
        return Decimal("".join(str(_DIGITS[ch]) for ch in text))
    raise NumeralError(f"not a digit run: {text!r}")


def _tokens(text: str) -> list[Decimal | str]:
    """Split into number tokens (Decimal) and unit characters."""
    tokens: list[Decimal | str] = []
    pos = 0
    while pos < len(text):
        arabic = _ARABIC.match(text, pos)
        if arabic:
            tokens.append(Decimal(arabic.group().replace(",", "")))
            pos = arabic.end()
            continue
        ch = text[pos]
        if ch in _DIGITS:
            tokens.append(Decimal(_DIGITS[ch]) if ch not in "零〇" else ch)
        elif ch in _SMALL_UNITS or ch in _BIG_UNITS:
            tokens.append(ch)
        else:
            raise NumeralError(f"unexpected character {ch!r}")
        pos += 1
    return tokens


def _integer(text: str) -> Decimal:
    """Positional Chinese with units (also mixed with Arabic parts): 一万三 = 13000, 2千零30万 = 20300000."""
    tokens = _tokens(text)
    if not tokens:
        raise NumeralError("empty numeral")
    if _UNITS.isdisjoint(text):  # digits and zeros only
        if len(tokens) == 1:
            return tokens[0] if isinstance(tokens[0], Decimal) else Decimal(0)
        if all(isinstance(t, str) or (t == t.to_integral_value() and 0 <= t <= 9) for t in tokens):
            return parse_decimal_digits(text)  # 二〇二四
        raise NumeralError(f"ambiguous digit sequence {text!r}")
    total = Decimal(0)  # completed big-unit sections
    section = Decimal(0)  # inside the current big-unit section
    pending: Decimal | None = None  # a number waiting for its unit
    last_unit = 0  # the unit value last applied, for elision (一万三, 两千三百五)
    top_unit = 0  # the largest big unit applied so far
    zero_seen = False
    previous: Decimal | str | None = None
    for token in tokens:
        if isinstance(token, Decimal):
            if pending is not None:
                raise NumeralError(f"two numbers in a row in {text!r}")
            pending = token
        elif token in ("零", "〇"):
            zero_seen = True
            last_unit = 0
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if pending is None:
                if token != "十" or section or total:
                    if token == "十" and (section or total) and last_unit != 10:
                        pending = Decimal(1)  # 一百一十: 十 after a zero or a higher unit
                    else:
                        raise NumeralError(f"unit {token!r} without a number in {text!r}")
                else:
                    pending = Decimal(1)  # 十五
            section += pending * unit
            pending = None
            last_unit = unit
            zero_seen = False
        elif previous == token and pending is None and section == 0:
            unit = _BIG_UNITS[token]  # 四万万: a repeated big unit multiplies (万万 = 亿)
            total *= unit
            top_unit *= unit
            last_unit *= unit
        else:
            unit = _BIG_UNITS[token]
            if pending is not None:
                section += pending
                pending = None
            if section == 0 and total == 0:
                raise NumeralError(f"unit {token!r} without a number in {text!r}")
            if unit > top_unit:
                total = (total + section) * unit  # 一万零一亿, 万亿: the bigger unit scales all before it
                top_unit = unit
            else:
                total += section * unit
            section = Decimal(0)
            last_unit = unit
            zero_seen = False
        previous = token
    if pending is not None:
        if last_unit >= 100 and not zero_seen and pending == pending.to_integral_value() and pending < 10:
            pending *= last_unit // 10  # elided trailing unit: 一万三, 两千三百五
        section += pending
    return total + section


def _point_digits(text: str) -> str:
    """Rewrite Chinese 点 decimals into Arabic form, keeping leading zeros of the fraction (五点零五)."""

    def repl(m: regex.Match[str]) -> str:
        whole = _integer(m.group(1))
        frac = "".join(str(_DIGITS[ch]) for ch in m.group(2))
        return f"{whole}.{frac}"

    return _CN_POINT.sub(repl, text)


def parse_fraction(text: str) -> Decimal:
    """三分之一 → 1/3 (rounded to 12 places when it does not terminate)."""
    match = _FRACTION.match(_fold(text))
    if not match:
        raise NumeralError(f"not a fraction: {text!r}")
    denominator_text = match.group(1)
    if denominator_text in _SMALL_UNITS or denominator_text in _BIG_UNITS:
        denominator_text = "一" + denominator_text  # 百分之, 千分之, 万分之
    denominator = _value(denominator_text)
    numerator = _value(match.group(2))
    if denominator == 0:
        raise NumeralError("zero denominator")
    result = numerator / denominator
    # Rounded only where 12 decimal places fit the context's 28 digits: 三亿亿亿 per 千 is 3E+21, already whole.
    if len(str(result)) > 20 and result.adjusted() <= 15:
        return result.quantize(Decimal("1e-12")).normalize()
    return result


def _value(text: str) -> Decimal:
    negative = text.startswith("-")
    body = _point_digits(text[1:] if negative else text)
    value = _integer(body)
    return -value if negative else value


@lru_cache(maxsize=8192)
def parse_number(text: str) -> Number:
    """Parse any numeral factx matches: exact values, approximations, adjacent-digit and explicit ranges.

    Cached: news repeats the same numerals (2个, 10%, 1亿元) and Number is immutable.
    """
    if _ARABIC.fullmatch(text):  # 3, 2024, 1,234.5: most numerals, and _parse would read them the same
        return Number(Decimal(text.replace(",", "")))
    folded = _fold(text)
    if not folded:
        raise NumeralError("empty numeral")
    try:
        return _parse(folded)
    except (InvalidOperation, ArithmeticError) as exc:
        raise NumeralError(f"cannot read {text!r}: {exc}") from None


def _parse(text: str) -> Number:
    qualifier = None
    approx = [ch for ch in _APPROX if ch in text]
    if approx:
        if len(approx) > 1 or text.count(approx[0]) > 1 or text[0] in _APPROX:
            raise NumeralError(f"misplaced approximation word in {text!r}")
        text = text.replace(approx[0], "")
        qualifier = "over"
    if "几" in text:
        if text.startswith("几") or text.count("几") > 1:
            raise NumeralError(f"vague numeral {text!r}")
        text = text.replace("几", "")
        qualifier = "over"
    range_match = _RANGE.match(text)
    if range_match:
        low_text, high_text = range_match.group(1), range_match.group(2)
        low_text += _shared_scale(low_text, high_text)
        low, high = _value(low_text), _value(high_text)
        if low >= high:
            raise NumeralError(f"range runs backwards in {text!r}")
        return Number(None, low, high, qualifier)
    adjacent = None if "点" in text else _ADJACENT.search(text)  # 零点二三 is a decimal, not a range
    if adjacent and _is_consecutive(adjacent.group(1), adjacent.group(2)):
        before, after = text[: adjacent.start()], text[adjacent.end():]
        if after or before or len(text) == 2:
            low = _value(before + adjacent.group(1) + after)
            high = _value(before + adjacent.group(2) + after)
            return Number(None, low, high, qualifier)
    return Number(_value(text), qualifier=qualifier)


def _shared_scale(low: str, high: str) -> str:
    """The scale the low end of a range inherits: 3至5亿 is 3亿 to 5亿, 3千至5千万 is 3千万 to 5千万."""
    high_tail = _SCALE_TAIL.search(high)
    if not high_tail:
        return ""
    tail = high_tail.group()
    if tail == high and tail[0] == "十":
        tail = tail[1:]  # 五至十, 五到十万: the leading 十 of the high end is the number ten, not a scale
    low_tail = _SCALE_TAIL.search(low)
    low_scale = low_tail.group() if low_tail else ""
    if tail.startswith(low_scale):
        return tail[len(low_scale):]
    return ""


def _is_consecutive(first: str, second: str) -> bool:
    """Two digits that read as a rough range: consecutive ones (两三, 六七), and 三五 ("three to five" days, not
    35, which is 三十五)."""
    return _DIGITS[second] - _DIGITS[first] == 1 or first + second == "三五"
