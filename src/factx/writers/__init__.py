"""Output formats behind one registry: the CLI picks a format, a writer streams documents' facts to it.

Every writer takes documents one at a time (``write``) so output is streamed in input order, and a final
``close``; data goes to the output stream (or the SQLite file), never to standard error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import IO, Protocol

from factx.errors import FactxError
from factx.model import Document, Fact


class Format(StrEnum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


_SUFFIXES = {"json": Format.json, "jsonl": Format.jsonl, "csv": Format.csv,
             "sqlite": Format.sqlite, "sqlite3": Format.sqlite, "db": Format.sqlite}


class Writer(Protocol):
    def write(self, document: Document, facts: list[Fact]) -> None: ...

    def close(self) -> None: ...


def resolve_format(fmt: Format, stream: IO[str], output_path: str | None) -> Format:
    """``auto`` means a table on a terminal, JSON lines otherwise (and by the output file's suffix)."""
    if fmt is not Format.auto:
        return fmt
    if output_path:
        return _SUFFIXES.get(output_path.rsplit(".", 1)[-1].lower(), Format.jsonl)
    return Format.table if stream.isatty() else Format.jsonl


def make_writer(fmt: Format, stream: IO[str] | None, path: str | None = None, *, resume: bool = False,
                settings: dict[str, str] | None = None) -> Writer:
    """A writer to ``stream``; SQLite, the one format that is a file rather than a stream, writes ``path``.

    ``resume`` keeps an existing SQLite database to add to (the only format that can be resumed); ``settings``
    are the run's options that it records, and checks when resuming.
    """
    if fmt is Format.sqlite:
        if path is None:
            raise FactxError("SQLite output needs a file: add -o results.sqlite")
        from factx.writers.sqlite import SqliteWriter

        return SqliteWriter(path, resume=resume, settings=settings)
    assert stream is not None
    if fmt is Format.table:
        from factx.writers.table import TableWriter

        return TableWriter(stream)
    if fmt is Format.json:
        from factx.writers.jsonw import JsonWriter

        return JsonWriter(stream)
    if fmt is Format.csv:
        from factx.writers.csvw import CsvWriter

        return CsvWriter(stream)
    from factx.writers.jsonw import JsonLinesWriter

    return JsonLinesWriter(stream)
