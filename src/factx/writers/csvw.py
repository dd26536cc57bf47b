"""CSV with the schema's columns in schema order; the value is written flat (JSON for structured values)."""

from __future__ import annotations

import csv
import json
from typing import IO

from factx.model import FACT_FIELDS, Document, Fact


class CsvWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.writer(stream)
        self.writer.writerow(FACT_FIELDS)

    def write(self, document: Document, facts: list[Fact]) -> None:
        for fact in facts:
            record = fact.to_dict()
            self.writer.writerow([_cell(record[name]) for name in FACT_FIELDS])
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _cell(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return value
