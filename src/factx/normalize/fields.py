"""The normalised part of a fact, as a normaliser returns it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# What a normaliser may know beyond the match: {"ref_date": datetime.date} resolves relative dates.
Context = Mapping[str, Any]


@dataclass(slots=True)
class Fields:
    value: Any = None
    unit: str | None = None
    qualifier: str | None = None
    low: Any = None
    high: Any = None
    role: str | None = None
    relative: bool | None = None
