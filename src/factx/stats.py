"""What a batch found, read back from its SQLite database or JSON Lines file (``factx stats``).

Both inputs go through one counting path, so the two outputs of the same run summarise the same way. Money is
summed as Decimal, so totals stay exact.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from factx.errors import FactxError

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(slots=True)
class Stats:
    documents: int = 0
    """Documents seen: every row of a database; for JSON Lines, the sources that have facts."""
    types: Counter[str] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)
    organisations: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    money: dict[str, Decimal] = field(default_factory=dict)
    errors: list[tuple[str, str]] | None = None
    """(source, error) of failed documents; None when the input does not record documents (JSON Lines)."""

    def add(self, kind: str, text: str, unit: str | None, value: Any) -> None:
        self.types[kind] += 1
        if unit:
            self.units[unit] += 1
        if kind == "org":
            self.organisations[text] += 1
        elif kind == "location":
            self.places[text] += 1
        elif kind == "money" and unit and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            self.money[unit] = self.money.get(unit, Decimal(0)) + Decimal(str(value))


def read_stats(path: Path) -> Stats:
    """Statistics of a factx SQLite database or a JSON Lines file of facts."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise FactxError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _from_sqlite(path) if head == SQLITE_MAGIC else _from_jsonl(path)


def _from_sqlite(path: Path) -> Stats:
    stats = Stats(errors=[])
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            stats.documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
            for kind, text, unit, value in connection.execute('SELECT "type", "text", unit, value FROM facts'):
                stats.add(kind, text, unit, value)
            stats.errors = connection.execute(
                "SELECT source, error FROM documents WHERE status = 'error' ORDER BY id"
            ).fetchall()
    except sqlite3.Error as exc:
        raise FactxError(f"{path}: not a factx database ({exc})") from None
    return stats


def _from_jsonl(path: Path) -> Stats:
    stats = Stats()
    sources: set[str | None] = set()
    for record in _records(path):
        sources.add(record.get("source"))
        stats.add(str(record.get("type")), str(record.get("text")), record.get("unit"), record.get("value"))
    stats.documents = len(sources)
    return stats


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_float=Decimal)
            except (json.JSONDecodeError, InvalidOperation):
                record = None
            if not isinstance(record, dict) or "type" not in record:
                raise FactxError(f"{path}:{number}: not a fact in JSON Lines (expected a factx SQLite or .jsonl file)")
            yield record
