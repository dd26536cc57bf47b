"""Documents in, facts out, in input order: the loop behind every local run of ``factx extract``.

With more than one job, documents go to worker processes in small batches while only a bounded window of them
is in flight, so an archive of any size streams through in constant memory and the output order never depends
on the number of jobs. Long documents are cut into pieces at line or sentence ends, in every mode, so that
``--jobs 1`` and ``--jobs N`` see exactly the same texts.
"""

from __future__ import annotations

import gc
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from functools import partial
from itertools import chain, islice
from operator import attrgetter
from typing import TYPE_CHECKING

from factx.extractor import SCAN_BATCH_CHARS, Extractor
from factx.model import Document, Fact

if TYPE_CHECKING:
    from factx.workers import Workers

PIECE_CHARS = 1_000_000
"""Documents longer than this are scanned in pieces (a few MB of text), which also spreads them over workers."""
BATCH_CHARS = SCAN_BATCH_CHARS
"""Documents are scanned in batches of about this many characters (``Extractor.extract_pieces``), and travel to
a worker together."""
BATCH_DOCUMENTS = 64
"""… or of at most this many documents when sent to a worker: a few batches per worker fit PENDING_PER_JOB."""
WINDOW_PER_JOB = 8
"""Batches in flight per worker: enough to keep every worker busy, few enough to bound memory."""
PENDING_PER_JOB = 256
"""Documents held (read, not yet written) per worker; their text is also capped at WINDOW_PER_JOB pieces' worth."""

Result = tuple[Document, list[Fact]]
Outcome = list[Fact] | str
"""A piece's facts, or why its scan failed."""
Packed = list[tuple[object, ...]] | str
"""An outcome on its way back from a worker: facts as plain tuples pickle and unpickle several times faster."""
Piece = tuple[str, str | None, int, bool]
"""What is scanned: the text, its document's source, its offset there, and whether it is the whole document."""
_FIELDS = [f.name for f in fields(Fact)]
_pack_fact = attrgetter(*_FIELDS)


@dataclass(slots=True)
class Summary:
    """What a run did, for the closing line on standard error and the exit code."""

    documents: int = 0
    characters: int = 0
    failed: int = 0
    skipped: int = 0
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
        skipped = f", {self.skipped} skipped (done before)" if self.skipped else ""
        return summary_line(self.documents, self.characters, self.facts, self.failed, self.seconds, skipped)


def summary_line(documents: int, characters: int, facts: Counter[str], errors: int, seconds: float,
                 extra: str = "") -> str:
    """The closing line of a run, local or on a cluster: counts, facts by type, errors, time and rate."""
    by_type = ", ".join(f"{name} {count}" for name, count in sorted(facts.items()))
    rate = characters / seconds if seconds > 0 else 0.0
    return (
        f"{_counted(documents, 'document')}, {_counted(characters, 'character')}, {_counted(facts.total(), 'fact')}"
        + (f" ({by_type})" if by_type else "")
        + f", {_counted(errors, 'error')}{extra}, {seconds:.2f} s, {rate:,.0f} chars/s"
    )


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``, each at most ``limit`` characters where the text allows.

    A cut goes after the last sentence end in the second half of the window, at a line end if possible: the
    text view never joins lines across a sentence end, while it does join a blank line inside a sentence (PDF
    page breaks), so that is not a safe place. Only a text with no full stop is cut at a bare newline, and a
    window with neither is extended to the next one instead of being cut blindly; no fact is ever split.
    """
    result = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start + limit // 2, start + limit)
        result.append((start, text[start:cut]))
        start = cut
    if start < len(text) or not result:
        result.append((start, text[start:]))
    return result


def _cut(text: str, low: int, high: int) -> int:
    for mark in ("。\n", "。", "\n"):
        found = text.rfind(mark, low, high)
        if found >= 0:
            return found + len(mark)
    forward = [i for i in (text.find("\n", high), text.find("。", high)) if i >= 0]
    return min(forward) + 1 if forward else len(text)


def extract_piece(extractor: Extractor, text: str, source: str | None, offset: int, whole: bool = True) -> Outcome:
    """Facts of one piece in document offsets; a timeout or a failing rule becomes a reason, not a crash.

    The piece of a document cut in several is left for ``_finish`` to complete (``Extractor.complete``)."""
    try:
        facts = extractor.extract(text, source=source) if whole else extractor.extract_piece(text, source=source)
    except TimeoutError:
        return f"scan exceeded the time limit of {extractor.timeout} s"
    except Exception as exc:  # one bad document must never sink a batch
        return f"extraction failed: {type(exc).__name__}: {exc}"
    return _shifted(facts, offset)


def extract_pieces(extractor: Extractor, batch: list[Piece]) -> list[Outcome]:
    """``extract_piece`` for a batch, scanned together; when the batch fails (a timeout, a failing rule), its
    pieces are scanned again one by one, so that only the piece at fault gets a reason."""
    try:
        found = extractor.extract_pieces([text for text, *_ in batch], sources=[source for _, source, *_ in batch])
    except Exception:  # the retry below reports it, on the piece at fault alone
        return [extract_piece(extractor, *piece) for piece in batch]
    outcomes: list[Outcome] = []
    for (text, source, offset, whole), facts in zip(batch, found, strict=True):
        outcomes.append(_shifted(extractor.complete(text, facts, source=source) if whole else facts, offset))
    return outcomes


def _shifted(facts: list[Fact], offset: int) -> list[Fact]:
    """A piece's facts in the offsets of its document, which the piece starts ``offset`` characters into."""
    return [replace(f, start=f.start + offset, end=f.end + offset) for f in facts] if offset else facts


def _finish(document: Document, outcomes: Iterable[Outcome], extractor: Extractor) -> Result:
    facts: list[Fact] = []
    parts = 0
    for outcome in outcomes:
        if isinstance(outcome, str):
            document.error = outcome
            document.text = None
            return document, []
        facts.extend(outcome)
        parts += 1
    if parts > 1 and document.text is not None:  # a document scanned in pieces is completed whole
        facts = extractor.complete(document.text, facts, source=document.source)
    return document, facts


def run_sequential(documents: Iterable[Document], extractor: Extractor) -> Iterator[Result]:
    """Documents in batches of about BATCH_CHARS characters, scanned together (``extract_pieces``)."""
    batch: list[Document] = []
    size = 0
    for document in documents:
        batch.append(document)
        size += len(document.text or "")
        if size >= BATCH_CHARS:
            yield from _extract_documents(extractor, batch)
            batch, size = [], 0
    yield from _extract_documents(extractor, batch)


def _extract_documents(extractor: Extractor, documents: list[Document]) -> Iterator[Result]:
    """Each document with its facts; a document that failed to read, or whose scan failed, has none."""
    cuts = [pieces(document.text) if document.text else [] for document in documents]
    items = [(text, document.source, offset, len(cut) == 1)
             for document, cut in zip(documents, cuts, strict=True) for offset, text in cut]
    outcomes = iter(extract_pieces(extractor, items))
    for document, cut in zip(documents, cuts, strict=True):
        if document.text is None:
            yield document, []
        else:
            yield _finish(document, [next(outcomes) for _ in cut], extractor)


def skip_done(
    documents: Iterable[Document], done: Callable[[Document], bool], skipped: Callable[[Document], None]
) -> Iterator[Document]:
    """The documents an earlier run did not finish (``--resume``); the others only go to ``skipped``."""
    for document in documents:
        if done(document):
            skipped(document)
        else:
            yield document


@contextmanager
def results(documents: Iterable[Document], extractor: Extractor, jobs: int) -> Iterator[Iterator[Result]]:
    """Every document with its facts, in input order, using ``jobs`` worker processes.

    A single short document (one file, stdin) is done in this process: starting workers would only cost time.
    Leaving the block for any reason (end, error, closed pipe, interrupt) stops the workers; an interrupt may
    land anywhere, since nothing the workers share is locked (``workers.py``).
    """
    documents = iter(documents)
    head = list(islice(documents, 2))
    stream = chain(head, documents)
    if jobs <= 1 or (len(head) < 2 and not any(len(d.text or "") > PIECE_CHARS for d in head)):
        yield run_sequential(stream, extractor)
        return
    _warm_up(extractor)
    with _shared_memory():
        from factx.workers import Workers  # imported only for workers: one document must not pay for it

        workers = Workers(jobs, partial(_extract_batch, extractor))
        try:
            yield _run_parallel(_Window(workers, extractor, jobs * WINDOW_PER_JOB), stream, jobs)
        except BaseException:
            workers.kill()
            raise
        workers.close()


def _warm_up(extractor: Extractor) -> None:
    """Scan every rule's examples before the fork.

    Whatever the rules build on first use (place indexes, caches) is then built once and shared by all
    workers, instead of once in each.
    """
    for rule in extractor.ruleset.rules:
        for example in rule.spec.examples:
            extract_piece(extractor, example["text"], None, 0)  # a failure here shows up again where it counts


@contextmanager
def _shared_memory() -> Iterator[None]:
    """Keep the collector off the objects workers inherit, so their memory stays shared after the fork.

    A collection writes into every object it visits, and a written page is copied: without this, each worker
    (and the parent) would soon hold a private copy of the compiled rules and lexicons.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _extract_batch(extractor: Extractor, batch: list[Piece]) -> list[Packed]:
    """What a worker does with a batch (the extractor is the one the worker inherited)."""
    return [_pack(outcome) for outcome in extract_pieces(extractor, batch)]


def _pack(outcome: Outcome) -> Packed:
    return outcome if isinstance(outcome, str) else [_pack_fact(f) for f in outcome]


def _unpack(packed: Packed) -> Outcome:
    return packed if isinstance(packed, str) else [Fact(*values) for values in packed]  # type: ignore[arg-type]


WORKER_DIED = "the worker process scanning it died (killed, or crashed in native code)"


class _Batch:
    """Pieces sent to a worker together, and their outcomes once known.

    A worker that dies (the kernel's out-of-memory killer, a crash in native code) takes its batches with it;
    their pieces are then tried again one by one, so that only the piece that kills a worker is lost, as an
    error.
    """

    def __init__(self, window: _Window, items: list[Piece], first: bool = False) -> None:
        self.window = window
        self.items = items
        self.task = window.workers.submit(items, first)
        self.outcomes: list[Packed] | None = None

    def ready(self) -> bool:
        return self.outcomes is not None or self.task.done or self.task.lost

    def wait(self) -> list[Packed]:
        """The batch's outcomes, waiting for them; a batch whose worker died is tried again piece by piece."""
        if self.outcomes is None:
            if self.window.workers.wait(self.task).done:
                self.outcomes = self.task.result
            elif len(self.items) == 1:
                self.outcomes = [WORKER_DIED]
            else:
                self.outcomes = [self.window.retry(item) for item in self.items]
        return self.outcomes


@dataclass(slots=True, eq=False)
class _Pending:
    """A document read but not yet returned, and where its pieces' outcomes will come from."""

    document: Document
    parts: list[tuple[_Batch, int]] = field(default_factory=list)
    unsent: bool = False
    """Some of its pieces still wait in the batch being packed."""

    def ready(self) -> bool:
        return all(batch.ready() for batch, _index in self.parts)


class _Window:
    """Packs pieces into batches of about BATCH_CHARS (at most BATCH_DOCUMENTS) and keeps at most ``limit``
    batches in flight."""

    def __init__(self, workers: Workers, extractor: Extractor, limit: int) -> None:
        self.workers = workers
        self.extractor = extractor  # completes a document cut in pieces, in this process
        self.limit = limit
        self.sent: deque[_Batch] = deque()
        self.batch: list[Piece] = []
        self.members: list[_Pending] = []
        self.size = 0

    def add(self, entry: _Pending, offset: int, text: str, whole: bool) -> None:
        self.batch.append((text, entry.document.source, offset, whole))
        self.members.append(entry)
        entry.unsent = True
        self.size += len(text)
        if self.size >= BATCH_CHARS or len(self.batch) >= BATCH_DOCUMENTS:
            self.send()

    def send(self) -> None:
        if not self.batch:
            return
        self.workers.poll()
        while self.sent and self.sent[0].ready():
            self.sent.popleft()
        while len(self.sent) >= self.limit:
            self.sent.popleft().wait()
        batch = _Batch(self, self.batch)
        for index, entry in enumerate(self.members):
            entry.parts.append((batch, index))
            entry.unsent = False
        self.sent.append(batch)
        self.batch, self.members, self.size = [], [], 0

    def retry(self, item: Piece) -> Packed:
        """One piece of a lost batch, alone, ahead of the batches queued."""
        return _Batch(self, [item], first=True).wait()[0]

    def collect(self, entry: _Pending) -> Result:
        if entry.unsent:
            self.send()
        return _finish(entry.document, (_unpack(batch.wait()[index]) for batch, index in entry.parts), self.extractor)


def _run_parallel(window: _Window, documents: Iterator[Document], jobs: int) -> Iterator[Result]:
    max_documents = jobs * PENDING_PER_JOB
    max_characters = jobs * WINDOW_PER_JOB * PIECE_CHARS
    pending: deque[_Pending] = deque()
    characters = 0
    for document in documents:
        window.workers.poll()
        entry = _Pending(document)
        pending.append(entry)
        if document.text:
            characters += len(document.text)
            cut = pieces(document.text)
            for offset, text in cut:
                window.add(entry, offset, text, whole=len(cut) == 1)
        while pending and (
            len(pending) > max_documents
            or characters > max_characters
            or (not pending[0].unsent and pending[0].ready())
        ):
            head = pending.popleft()
            characters -= len(head.document.text or "")
            yield window.collect(head)
    window.send()
    while pending:
        yield window.collect(pending.popleft())
