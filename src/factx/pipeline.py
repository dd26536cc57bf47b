"""Documents in, facts out, in input order: the loop behind every local run of ``factx extract``.

With more than one job, documents go to worker processes in small batches while only a bounded window of them
is in flight, so an archive of any size streams through in constant memory and the output order never depends
on the number of jobs. Long documents are cut into pieces at line or sentence ends, in every mode, so that
``--jobs 1`` and ``--jobs N`` see exactly the same texts.
"""

from __future__ import annotations

import gc
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, fields, replace
from itertools import chain, islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from factx.extractor import SCAN_BATCH_CHARS, Extractor
from factx.model import Document, Fact

if TYPE_CHECKING:  # multiprocessing is imported only for a pool: one document must not pay for it
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

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


Hold = Callable[[], AbstractContextManager[None]]
"""A block in which Ctrl-C and SIGTERM are held back until it ends (``Interrupts.atomic``)."""


@contextmanager
def results(
    documents: Iterable[Document], extractor: Extractor, jobs: int, hold: Hold = nullcontext
) -> Iterator[Iterator[Result]]:
    """Every document with its facts, in input order, using ``jobs`` worker processes.

    A single short document (one file, stdin) is done in this process: starting workers would only cost time.
    Leaving the block for any reason (end, error, closed pipe, interrupt) stops the workers.

    ``hold`` keeps interrupts out of the pool's own locks. An exception raised inside ``with lock:`` may leave
    the lock taken (CPython issue 74174, mended only in 3.15); a wait for a result that an interrupt broke so
    would leave the pool's result thread stuck on it, and stopping the pool would then wait for that thread
    for ever. So every wait on the pool, and stopping it, runs in ``hold()``: an interrupt takes effect
    between two short waits.
    """
    documents = iter(documents)
    head = list(islice(documents, 2))
    stream = chain(head, documents)
    if jobs <= 1 or (len(head) < 2 and not any(len(d.text or "") > PIECE_CHARS for d in head)):
        yield run_sequential(stream, extractor)
        return
    _warm_up(extractor)
    with _shared_memory():
        context = _context()
        window_size = jobs * WINDOW_PER_JOB
        started = context.Array("q", window_size + 1, lock=False)  # which worker took each batch slot
        with _signals_blocked():  # workers, and the pool's own threads, start with SIGINT and SIGTERM held
            pool = context.Pool(jobs, initializer=_init_worker, initargs=(extractor, started))
        window = _Window(pool, extractor, window_size, started, hold)
        try:
            yield _run_parallel(window, stream, jobs)
        except BaseException:
            with hold():
                pool.terminate()
                pool.join()
            raise
        with hold():
            if window.lost:  # a batch lost with a dead worker never completes: close() would wait for it
                pool.terminate()
            else:
                pool.close()
            pool.join()


def _warm_up(extractor: Extractor) -> None:
    """Scan every rule's examples before the fork.

    Whatever the rules build on first use (place indexes, caches) is then built once and shared by all
    workers, instead of once in each.
    """
    for rule in extractor.ruleset.rules:
        for example in rule.spec.examples:
            extract_piece(extractor, example["text"], None, 0)  # a failure here shows up again where it counts


def _context() -> BaseContext:
    """Fork where there is fork: workers start at once and inherit the compiled rules.

    The pool is created before any other thread starts (progress bar), so forking is safe here.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


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


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold stop signals while workers are forked, until each has set its own handlers.

    A forked worker starts with the parent's Python handlers; a SIGTERM (``Pool.terminate``) caught by them
    just before the worker installs its own would be lost, leaving a worker that never exits.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


_worker_extractor: list[Extractor] = []
_worker_started: list[Any] = []


def _init_worker(extractor: Extractor, started: Any) -> None:
    """Ctrl-C reaches the whole process group: only the parent decides what to keep, workers just stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    extractor.ruleset  # noqa: B018 — compile once per worker (free after fork: the cache is inherited)
    _worker_extractor.append(extractor)
    _worker_started.append(started)


def _extract_batch(slot: int, batch: list[Piece]) -> list[Packed]:
    _worker_started[0][slot] = os.getpid()  # so that the parent knows whom to watch while it waits
    return [_pack(outcome) for outcome in extract_pieces(_worker_extractor[0], batch)]


def _pack(outcome: Outcome) -> Packed:
    return outcome if isinstance(outcome, str) else [_pack_fact(f) for f in outcome]


def _unpack(packed: Packed) -> Outcome:
    return packed if isinstance(packed, str) else [Fact(*values) for values in packed]  # type: ignore[arg-type]


WORKER_DIED = "the worker process scanning it died (killed, or crashed in native code)"
POLL_SECONDS = 0.2
"""How often a wait for a batch checks that the worker holding it is still alive."""


class _Batch:
    """Pieces sent to a worker together, and their outcomes once known.

    A worker that dies (the kernel's out-of-memory killer, a crash in native code) takes its batch with it and
    the pool never reports it. Each batch records which worker took it, so a wait notices the death; the pieces
    are then tried again one by one, so that only the piece that kills a worker is lost, as an error.
    """

    def __init__(self, window: _Window, items: list[Piece], slot: int) -> None:
        self.window = window
        self.items = items
        self.slot = slot
        window.started[slot] = 0
        self.result = window.pool.apply_async(_extract_batch, (self.slot, items))
        self.outcomes: list[Packed] | None = None

    def ready(self) -> bool:
        return self.outcomes is not None or self.result.ready()

    def wait(self) -> list[Packed]:
        """The batch's outcomes, waiting for them; a batch whose worker died is tried again piece by piece."""
        if self.outcomes is None:
            if self._finished():
                with self.window.hold():
                    self.outcomes = self.result.get()
            else:
                self.window.lost = True
                alone = len(self.items) == 1
                self.outcomes = [WORKER_DIED] if alone else [self.window.retry(item) for item in self.items]
        return self.outcomes

    def _finished(self) -> bool:
        """Wait until the result is in (True) or the worker that took the batch is gone (False)."""
        while not self.result.ready():
            with self.window.hold():
                self.result.wait(POLL_SECONDS)
            worker = self.window.started[self.slot]
            if worker and not self.result.ready() and not _alive(worker):
                return False
        return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone (PermissionError: its number now someone else's)
        return False
    return True


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

    def __init__(self, pool: Pool, extractor: Extractor, limit: int, started: Any, hold: Hold) -> None:
        self.pool = pool
        self.hold = hold  # around each wait on the pool: see ``results``
        self.extractor = extractor  # completes a document cut in pieces, in this process
        self.limit = limit
        self.started = started  # the worker of each batch in flight: ``limit`` slots, then one for a retry
        self.sends = 0
        self.lost = False  # a worker died holding a batch
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
        while self.sent and self.sent[0].ready():
            self.sent.popleft()
        while len(self.sent) >= self.limit:
            self.sent.popleft().wait()
        self.sends += 1  # the batches in flight are at most ``limit`` consecutive sends: their slots differ
        batch = _Batch(self, self.batch, self.sends % self.limit)
        for index, entry in enumerate(self.members):
            entry.parts.append((batch, index))
            entry.unsent = False
        self.sent.append(batch)
        self.batch, self.members, self.size = [], [], 0

    def retry(self, item: Piece) -> Packed:
        """One piece of a lost batch, alone, in the last slot (retries run one at a time)."""
        return _Batch(self, [item], self.limit).wait()[0]

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
