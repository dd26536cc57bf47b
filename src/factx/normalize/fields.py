"""The normalised part of a fact, as a normaliser returns it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Fields:
    value: Any = None
    unit: str | None = None
    qualifier: str | None = None
    low: Any = None
    high: Any = None
    role: str | None = None
    relative: bool | None = None
