"""The records factx passes around: a decoded document in, facts out.

The JSON form of a Fact (``Fact.to_dict``) is the public, stable schema documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FACT_FIELDS = (
    "type",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "rule",
    "source",
    "role",
    "relative",
)

QUALIFIERS = ("over", "at_least", "nearly", "about", "under", "at_most")


def json_number(number: Decimal | int | None) -> int | float | None:
    """An exact JSON number: integral Decimals become ints (3.96亿 → 396000000, never 3.96e8)."""
    if number is None or isinstance(number, int):
        return number
    if number == number.to_integral_value():
        return int(number)
    return float(number)


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted fact; ``text == document[start:end]`` always holds."""

    type: str
    text: str
    start: int
    end: int
    rule: str
    value: Any = None
    unit: str | None = None
    qualifier: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    source: str | None = None
    role: str | None = None
    relative: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record, every field of the schema present, in schema order."""
        value = self.value
        if isinstance(value, Decimal | int):
            value = json_number(value)
        return {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "low": json_number(self.low),
            "high": json_number(self.high),
            "rule": self.rule,
            "source": self.source,
            "role": self.role,
            "relative": self.relative,
        }


@dataclass(slots=True)
class Document:
    """A decoded input document, or the reason it could not be decoded (``text`` is then None)."""

    source: str
    text: str | None
    encoding: str | None = None
    sha256: str | None = None
    size: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
