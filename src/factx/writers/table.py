"""The human view: a Rich table per source with readable values and the fact highlighted in context."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factx.model import Document, Fact

CONTEXT = 12
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


class TableWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.console = Console(file=stream, highlight=False)
        self.counts: Counter[str] = Counter()

    def write(self, document: Document, facts: list[Fact]) -> None:
        if not facts:
            return
        table = Table(title=document.source, title_justify="left", expand=False)
        for name in ("type", "text", "value", "qualifier", "context"):
            table.add_column(name, overflow="fold")
        for fact in facts:
            self.counts[fact.type] += 1
            table.add_row(fact.type, _flat(fact.text), readable_value(fact), fact.qualifier or "",
                          snippet(document.text or "", fact))
        self.console.print(table)

    def close(self) -> None:
        total = sum(self.counts.values())
        parts = ", ".join(f"{name} {count}" for name, count in sorted(self.counts.items()))
        self.console.print(f"{total} facts" + (f": {parts}" if parts else ""))
