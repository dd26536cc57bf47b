"""JSON Lines (one fact a line, flushed per document) and a streamed JSON array ("[]" when empty)."""

from __future__ import annotations

import json
from typing import IO

from factx.model import Document, Fact

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options builds one a call


def fact_json(fact: Fact) -> str:
    return _ENCODE(fact.to_dict())


class JsonLinesWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, document: Document, facts: list[Fact]) -> None:
        if facts:
            self.stream.write("".join(fact_json(f) + "\n" for f in facts))
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.first = True

    def write(self, document: Document, facts: list[Fact]) -> None:
        for fact in facts:
            self.stream.write(("[\n  " if self.first else ",\n  ") + fact_json(fact))
            self.first = False

    def close(self) -> None:
        self.stream.write("[]\n" if self.first else "\n]\n")
        self.stream.flush()
