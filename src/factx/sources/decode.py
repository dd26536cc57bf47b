"""Turn raw bytes into text: BOMs, strict UTF-8 / GB18030 / Big5 detection, then a least-damage fallback.

Chinese news arrives as UTF-8, GBK/GB18030 (mainland) or Big5 (Taiwan, Hong Kong), rarely labelled.
Strict decoding settles most files. GB18030 and Big5 overlap, so when both decode a byte string we keep
the reading whose characters are the common ones of its own character set (a Big5 text read as GB18030
turns into kana, Greek and private-use characters; a GB text read as Big5 into rare hanzi).
"""

from __future__ import annotations

import codecs
import threading
from functools import lru_cache

BINARY_SNIFF_BYTES = 8192
CONTROL_RATIO_LIMIT = 0.3
# A text that is valid UTF-8 except for a few bytes (a truncated or damaged file) stays UTF-8 with a
# warning instead of strictly decoding as GB18030 mojibake: this many good non-ASCII characters per bad byte.
UTF8_GOOD_PER_ERROR = 10
# GB18030-vs-Big5 plausibility is judged on this many leading characters (plenty, and bounded).
RARITY_SAMPLE_CHARS = 200_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never appear in text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_DELETE = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

_counter = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: like errors="replace", but counts the replacements (per thread)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _counter.errors = getattr(_counter, "errors", 0) + 1
    return "\ufffd", exc.end


_HANDLER = "factx-count-replace"
codecs.register_error(_HANDLER, _count_and_replace)


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a leading byte-order mark, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read: NUL bytes or mostly control bytes up front.

    UTF-16/32 text is full of NULs, so data that starts with their byte-order mark is never binary.
    """
    if bom_encoding(data) is not None:
        return False
    head = data[:BINARY_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_DELETE))  # counted in C, not byte by byte
    return controls / len(head) > CONTROL_RATIO_LIMIT


def decode_replacing(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for undecodable bytes; returns the text and how many replacements were made."""
    _counter.errors = 0
    text = codecs.decode(data, encoding, _HANDLER)
    return text, _counter.errors


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return codecs.decode(data, encoding, "strict")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=65536)
def _rare_in_gb(char: str) -> bool:
    """Not GB2312 punctuation (rows A1-A3) or hanzi (rows B0-F7): rare in text genuinely written in GB."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return True
    return 0xA4 <= lead <= 0xAF


@lru_cache(maxsize=65536)
def _rare_in_big5(char: str) -> bool:
    """Not Big5 punctuation (A140-A3BF) or frequently used hanzi (A440-C67E): rare in genuine Big5 text."""
    try:
        high, low = char.encode("big5")
    except (UnicodeEncodeError, ValueError):
        return True
    code = high << 8 | low
    return not (0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E)


def _rarity(text: str, encoding: str) -> int:
    """How many non-ASCII characters are unusual for a text written in ``encoding``."""
    rare = _rare_in_big5 if encoding == "big5" else _rare_in_gb
    return sum(1 for char in text[:RARITY_SAMPLE_CHARS] if char > "\x7f" and char != "\ufffd" and rare(char))


def _prefer_big5(gb_text: str, big5_text: str, gb_errors: int = 0, big5_errors: int = 0) -> bool:
    """Big5 only when it is clearly the more plausible reading; ties go to GB18030 (far more common)."""
    return big5_errors + _rarity(big5_text, "big5") < gb_errors + _rarity(gb_text, "gb18030")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """The replaced UTF-8 reading of a UTF-8 text with a few damaged bytes, else None."""
    text, errors = decode_replacing(data, "utf-8")
    good = sum(1 for char in text if char > "\x7f") - errors
    if errors and good >= UTF8_GOOD_PER_ERROR * errors:
        return text, errors
    return None


def _replacement_warning(encoding: str, errors: int) -> str:
    return f"decoded with replacement characters ({encoding}): {errors} undecodable byte sequence(s)"


def decode_forced(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    """Decode with the encoding the user named (errors replaced and reported)."""
    name = codecs.lookup(encoding).name
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    text, errors = decode_replacing(data, name)
    return text, name, [_replacement_warning(name, errors)] if errors else []


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Decode one document's bytes; returns (text, encoding used, warnings).

    With ``encoding`` the bytes are decoded with it (an unknown name raises LookupError). Otherwise:
    BOM → utf-8-sig / utf-16 / utf-32; strict UTF-8; UTF-8 with a few bad bytes; strict GB18030 or Big5
    (the more plausible if both); else the reading with the fewest errors, with a warning.
    """
    if encoding is not None:
        return decode_forced(data, encoding)
    bom = bom_encoding(data)
    if bom is not None:
        text, errors = decode_replacing(data, bom)
        return text, bom, [_replacement_warning(bom, errors)] if errors else []
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", []
    damaged_utf8 = _mostly_utf8(data)
    if damaged_utf8 is not None:
        return damaged_utf8[0], "utf-8", [_replacement_warning("utf-8", damaged_utf8[1])]
    gb_text = _strict(data, "gb18030")
    big5_text = _strict(data, "big5")
    if gb_text is not None and big5_text is not None:
        if _prefer_big5(gb_text, big5_text):
            return big5_text, "big5", []
        return gb_text, "gb18030", []
    if gb_text is not None:
        return gb_text, "gb18030", []
    if big5_text is not None:
        return big5_text, "big5", []
    return _least_damaged(data)


def _least_damaged(data: bytes) -> tuple[str, str, list[str]]:
    """Nothing decodes strictly: the reading with the fewest errors (GB18030 vs Big5 also by plausibility)."""
    readings = {name: decode_replacing(data, name) for name in ("utf-8", "gb18030", "big5")}
    fewest = min(errors for _, errors in readings.values())
    if readings["utf-8"][1] == fewest:
        best = "utf-8"
    else:
        (gb_text, gb_errors), (big5_text, big5_errors) = readings["gb18030"], readings["big5"]
        best = "big5" if _prefer_big5(gb_text, big5_text, gb_errors, big5_errors) else "gb18030"
    text, errors = readings[best]
    return text, best, [_replacement_warning(best, errors)]
