"""The human view: a Rich table per source with readable values and the fact highlighted in context.

A source's table is printed ``CHUNK_ROWS`` rows at a time, so that a long one starts showing at once and a pager
or ``| head`` that stops reading stops the work: Rich takes about 0.6 ms a row, 12 s for the 18,600 facts of a
half-million-character file. The chunks share their column widths (those of the whole table, measured first)
and are joined where their borders meet, so they read as one table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from factx.model import Document, Fact

CONTEXT = 12
CHUNK_ROWS = 100
COLUMNS = ("type", "text", "value", "qualifier", "context")
WIDEST = {"text": 24, "value": 28}
NARROWEST = 12
QUALIFIER_MARK = {"over": "+", "at_least": "≥", "nearly": "≈<", "about": "≈", "under": "<", "at_most": "≤"}


def readable_number(number: Decimal | int | None) -> str:
    """88500000000 → 88,500,000,000; 15.80 → 15.8."""
    if number is None:
        return ""
    if isinstance(number, Decimal):
        number = number.normalize()
        if number == number.to_integral_value():
            return f"{int(number):,}"
        return f"{number:,f}"
    return f"{number:,}"


def readable_value(fact: Fact) -> str:
    unit = fact.unit or ""
    separator = " " if unit and (unit.isascii() or unit == "%") else ""
    if fact.low is not None and fact.high is not None:
        amount = f"{readable_number(fact.low)}–{readable_number(fact.high)}"
    elif isinstance(fact.value, Decimal | int):
        amount = readable_number(fact.value)
        if fact.qualifier == "over":
            amount += "+"
    elif isinstance(fact.value, dict):
        amount = str(fact.value.get("name", ""))
    else:
        amount = "" if fact.value is None else str(fact.value)
    return f"{amount}{separator}{unit}".strip()


def snippet(text: str, fact: Fact) -> Text:
    """The fact in bold inside a short, single-line context window."""
    before = text[max(0, fact.start - CONTEXT) : fact.start]
    after = text[fact.end : fact.end + CONTEXT]
    line = Text(_flat(before), style="dim")
    line.append(_flat(fact.text), style="bold yellow")
    line.append(_flat(after), style="dim")
    return line


def _flat(text: str) -> str:
    return " ".join(text.split())


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit with status 1 here; the command line stops quietly with 0, as for the other formats."""
        raise BrokenPipeError


class TableWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.console = _Console(file=stream, highlight=False)
        self.counts: Counter[str] = Counter()

    def write(self, document: Document, facts: list[Fact]) -> None:
        if not facts:
            return
        rows = [(fact.type, _flat(fact.text), readable_value(fact), fact.qualifier or "",
                 snippet(document.text or "", fact)) for fact in facts]
        self.counts.update(fact.type for fact in facts)
        widths = _widths(rows, self.console.width)
        for first in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[first : first + CHUNK_ROWS]
            table = Table(title=document.source if first == 0 else None, title_justify="left", expand=False,
                          show_header=first == 0)
            for name, width in zip(COLUMNS, widths, strict=True):
                table.add_column(name, overflow="fold", width=width)
            for row in chunk:
                table.add_row(*row)
            self.console.print(Segments(_joined(self.console, table, top=first == 0,
                                                 bottom=first + CHUNK_ROWS >= len(rows))))

    def close(self) -> None:
        total = sum(self.counts.values())
        parts = ", ".join(f"{name} {count}" for name, count in sorted(self.counts.items()))
        self.console.print(f"{total} facts" + (f": {parts}" if parts else ""))


def _widths(rows: list[tuple[str, str, str, str, Text]], room: int) -> list[int]:
    """Each column's width: its widest cell, text and value cut at ``WIDEST`` (they fold), then the context,
    value and text narrowed down to ``NARROWEST`` where the table would be wider than the ``room``."""
    widths = [max(cell_len(name), *(_width(row[column]) for row in rows)) for column, name in enumerate(COLUMNS)]
    widths = [min(width, WIDEST.get(name, width)) for name, width in zip(COLUMNS, widths, strict=True)]
    excess = sum(widths) + 3 * len(COLUMNS) + 1 - room  # each column has a border and a space either side
    for column in (4, 2, 1):
        cut = max(0, min(excess, widths[column] - NARROWEST))
        widths[column] -= cut
        excess -= cut
    return widths


def _width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def _joined(console: Console, table: Table, *, top: bool, bottom: bool) -> Iterator[Segment]:
    """The table's lines, without its top border (a chunk after the first, which has no title line above it)
    or its bottom border (one before the last), so that consecutive chunks join into one table."""
    lines = console.render_lines(table, pad=False, new_lines=True)
    if not top:
        del lines[0]
    if not bottom:
        del lines[-1]
    for line in lines:
        yield from line
