"""Output formats behind one registry: the CLI picks a format, a writer streams documents' facts to it.

Every writer takes documents one at a time (``write``) so output is streamed in input order, and a final
``close``; data goes to the output stream, never to standard error.
"""

from __future__ import annotations

from enum import StrEnum
from typing import IO, Protocol

from factx.model import Document, Fact


class Format(StrEnum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Writer(Protocol):
    def write(self, document: Document, facts: list[Fact]) -> None: ...

    def close(self) -> None: ...


def resolve_format(fmt: Format, stream: IO[str], output_path: str | None) -> Format:
    """``auto`` means a table on a terminal, JSON lines otherwise (and by the output file's suffix)."""
    if fmt is not Format.auto:
        return fmt
    if output_path:
        suffix = output_path.rsplit(".", 1)[-1].lower()
        if suffix in {"json", "jsonl", "csv"}:
            return Format(suffix)
        return Format.jsonl
    return Format.table if stream.isatty() else Format.jsonl


def make_writer(fmt: Format, stream: IO[str]) -> Writer:
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
