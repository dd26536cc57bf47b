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
    # Where the fact really is, when the normaliser moved it (offsets in the scanned text): a lexicon walk can
    # grow a span past what the pattern matched (a chain of place names, an organisation's name before its
    # suffix). None keeps the span of the ``fact`` group.
    span: tuple[int, int] | None = None
