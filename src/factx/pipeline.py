"""Documents in, facts out, in input order: the loop shared by every local run of ``factx extract``."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from factx.extractor import Extractor
from factx.model import Document, Fact


@dataclass(slots=True)
class Summary:
    """What a run did, for the closing line on standard error and the exit code."""

    documents: int = 0
    characters: int = 0
    failed: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    def add(self, document: Document, facts: list[Fact]) -> None:
        self.documents += 1
        if document.text is None:
            self.failed += 1
        else:
            self.characters += len(document.text)
        self.facts.update(f.type for f in facts)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def line(self) -> str:
        total = sum(self.facts.values())
        by_type = ", ".join(f"{name} {count}" for name, count in sorted(self.facts.items()))
        rate = self.characters / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.documents} documents, {self.characters:,} characters, {total} facts"
            + (f" ({by_type})" if by_type else "")
            + f", {self.failed} errors, {self.seconds:.2f} s, {rate:,.0f} chars/s"
        )


def extract_document(extractor: Extractor, document: Document) -> tuple[Document, list[Fact]]:
    """Facts of one document; a document that failed to read, or whose scan failed, yields none."""
    if document.text is None:
        return document, []
    try:
        return document, extractor.extract(document.text, source=document.source)
    except TimeoutError:
        document.error = f"scan exceeded the time limit of {extractor.timeout} s"
        document.text = None
        return document, []


def run_sequential(
    documents: Iterable[Document], extractor: Extractor
) -> Iterator[tuple[Document, list[Fact]]]:
    for document in documents:
        yield extract_document(extractor, document)


Reporter = Callable[[Document], None]
