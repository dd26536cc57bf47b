"""The records factx passes around: a decoded document in, facts out.

The JSON form of a Fact (``Fact.to_dict``) is the public, stable schema documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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


@dataclass(frozen=True, slots=True, init=False)
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

    def __init__(
        self,
        type: str,
        text: str,
        start: int,
        end: int,
        rule: str,
        value: Any = None,
        unit: str | None = None,
        qualifier: str | None = None,
        low: Decimal | None = None,
        high: Decimal | None = None,
        source: str | None = None,
        role: str | None = None,
        relative: bool | None = None,
    ) -> None:
        # What a frozen dataclass's own __init__ does, but through each slot's setter instead of
        # object.__setattr__: 0.8 µs a fact instead of 1.5, and facts are made by the hundred thousand (in the
        # scan, and again in the parent of a --jobs run). Still frozen: assigning to a field raises.
        setters = _SLOT_SETTERS
        setters[0](self, type)
        setters[1](self, text)
        setters[2](self, start)
        setters[3](self, end)
        setters[4](self, rule)
        setters[5](self, value)
        setters[6](self, unit)
        setters[7](self, qualifier)
        setters[8](self, low)
        setters[9](self, high)
        setters[10](self, source)
        setters[11](self, role)
        setters[12](self, relative)

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


_SLOT_SETTERS = tuple(getattr(Fact, fact_field.name).__set__ for fact_field in fields(Fact))  # in __init__ order


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
