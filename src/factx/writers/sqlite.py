"""SQLite output: one row per document and per fact, committed in batches so an interrupted run can resume.

Rows are prepared in memory and a batch goes in as one transaction, so a document and its facts land together
or not at all, whatever stops the run. A resumed run skips documents whose source and SHA-256 are already done
and replaces what it redoes (failed documents, changed files).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from decimal import Decimal
from operator import itemgetter
from typing import Any

from factx.errors import FactxError
from factx.model import FACT_FIELDS, Document, Fact

SCHEMA_VERSION = 2
BATCH_DOCUMENTS = 200
BATCH_SECONDS = 5.0
"""A batch is also committed after this long, so a slow run loses little if it is killed outright."""

_COLUMN_TYPES = {"start": "INTEGER NOT NULL", "end": "INTEGER NOT NULL", "type": "TEXT NOT NULL",
                 "text": "TEXT NOT NULL", "rule": "TEXT NOT NULL", "relative": "INTEGER"}
_NUMERIC = ("value", "low", "high")  # no declared type: numbers stay numbers, text values stay text
_INT64 = 1 << 63


def _schema() -> str:
    columns = ",\n  ".join(
        f'"{name}" {"" if name in _NUMERIC else _COLUMN_TYPES.get(name, "TEXT")}'.rstrip() for name in FACT_FIELDS
    )
    return f"""
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  sha256 TEXT,
  encoding TEXT,
  characters INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error TEXT
);
CREATE TABLE facts (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  {columns}
);
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE INDEX documents_source ON documents (source, sha256);
CREATE INDEX facts_document ON facts (document_id);
CREATE INDEX facts_type ON facts (type);
CREATE INDEX facts_unit ON facts (unit);
CREATE INDEX facts_value ON facts (value);
PRAGMA user_version = {SCHEMA_VERSION};
"""


def sql_value(value: Any) -> Any:
    """A fact field as SQLite stores it: exact integers where they fit, JSON for structured values."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


_schema_order = itemgetter(*FACT_FIELDS)
_CONVERTED = [FACT_FIELDS.index(name) for name in _NUMERIC]  # other fields are already str, int or None


def _fact_row(fact: Fact) -> list[Any]:
    row = list(_schema_order(fact.to_dict()))
    for index in _CONVERTED:
        row[index] = sql_value(row[index])
    return row


def _remove_database(path: str) -> None:
    """Start over, journals included: a hot journal left by a killed run would be replayed into the new file."""
    for name in (path, f"{path}-journal", f"{path}-wal", f"{path}-shm"):
        if os.path.lexists(name):
            os.remove(name)


class SqliteWriter:
    """Writes ``path`` from scratch, or, with ``resume``, adds to the database a previous run left there.

    ``settings`` (the options that decide which facts a document yields: types, rule files, reference date) are
    stored with the database; a resumed run must use the same ones, or its facts would not match those before.
    """

    def __init__(self, path: str, *, resume: bool = False, settings: dict[str, str] | None = None) -> None:
        settings = settings or {}
        fresh = not (resume and os.path.exists(path))
        try:
            if fresh:
                _remove_database(path)
            self.connection = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise FactxError(f"cannot write {path}: {exc}") from None
        if fresh:
            self.connection.executescript(_schema())
            self.connection.executemany("INSERT INTO settings VALUES (?, ?)", sorted(settings.items()))
        else:
            self._check_schema(path)
            self._check_settings(path, settings)
        self.resuming = not fresh
        self.batch: list[tuple[tuple[Any, ...], list[list[Any]]]] = []
        self.last_commit = time.monotonic()
        names = ", ".join(f'"{name}"' for name in ("document_id", *FACT_FIELDS))
        self.insert_fact = f"INSERT INTO facts ({names}) VALUES ({', '.join('?' * (len(FACT_FIELDS) + 1))})"

    def _check_schema(self, path: str) -> None:
        try:
            version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise FactxError(f"{path}: not a SQLite database ({exc})") from None
        if version != SCHEMA_VERSION:
            raise FactxError(f"{path}: not a factx database of schema {SCHEMA_VERSION}; cannot --resume into it")

    def _check_settings(self, path: str, settings: dict[str, str]) -> None:
        stored = dict(self.connection.execute("SELECT name, value FROM settings").fetchall())
        changed = [
            f"{name} {stored.get(name, '(none)')!r} then, {settings.get(name, '(none)')!r} now"
            for name in sorted(set(stored) | set(settings))
            if stored.get(name) != settings.get(name)
        ]
        if changed:
            raise FactxError(
                f"{path} was written with other settings ({'; '.join(changed)}): resume with the same options, "
                "or start over without --resume"
            )

    def is_done(self, document: Document) -> bool:
        """Whether a previous run already stored this exact document successfully."""
        if not self.resuming or document.sha256 is None:
            return False
        row = self.connection.execute(
            "SELECT 1 FROM documents WHERE source = ? AND sha256 = ? AND status = 'ok' LIMIT 1",
            (document.source, document.sha256),
        ).fetchone()
        return row is not None

    def write(self, document: Document, facts: list[Fact]) -> None:
        row = (
            document.source,
            document.sha256,
            document.encoding,
            None if document.text is None else len(document.text),
            "error" if document.error else "ok",
            document.error,
        )
        fact_rows = [_fact_row(f) for f in facts]
        self.batch.append((row, fact_rows))  # one append: the document is in the batch whole, or not at all
        if len(self.batch) >= BATCH_DOCUMENTS or time.monotonic() - self.last_commit >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Store the prepared batch in one transaction."""
        if self.batch:
            cursor = self.connection.cursor()
            cursor.execute("BEGIN")
            try:
                for row, fact_rows in self.batch:
                    if self.resuming:
                        self._forget(cursor, row[0])
                    cursor.execute(
                        "INSERT INTO documents (source, sha256, encoding, characters, status, error)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        row,
                    )
                    document_id = cursor.lastrowid
                    cursor.executemany(self.insert_fact, [(document_id, *r) for r in fact_rows])
                cursor.execute("COMMIT")
            except BaseException:
                if self.connection.in_transaction:
                    cursor.execute("ROLLBACK")
                raise
            self.batch = []
        self.last_commit = time.monotonic()

    @staticmethod
    def _forget(cursor: sqlite3.Cursor, source: str) -> None:
        """Drop what an earlier run stored for ``source`` (it failed then, or the file changed since)."""
        cursor.execute("DELETE FROM facts WHERE document_id IN (SELECT id FROM documents WHERE source = ?)",
                       (source,))
        cursor.execute("DELETE FROM documents WHERE source = ?", (source,))

    def close(self) -> None:
        self.commit()
        self.connection.close()
