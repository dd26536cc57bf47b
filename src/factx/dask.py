"""Run factx on a Dask cluster (the optional ``dask`` extra: ``pip install 'factx[dask]'``).

``run_on_cluster`` backs ``factx extract --scheduler ADDR PATHS -o OUTDIR/``. The client lists the inputs
(never reading them whole) and plans partitions: runs of small files, runs of a zip's members, byte ranges
of a large JSONL dump (a tar or a single .gz/.bz2/.xz is one task: a stream cannot be entered midway).
Workers read their own inputs, so local paths must be on a filesystem that the client and every worker
see at the same location; paths with a scheme (``s3://bucket/news/``) are read through fsspec. Each
worker extracts with the pickled Extractor (configuration only; rules compile once per worker process)
and returns its partition's JSON lines; the client writes them, as partitions complete, to
``OUTDIR/part-00000.jsonl`` ... (each atomically, so a retried task can never leave a duplicate), then
``OUTDIR/_SUCCESS``, a JSON manifest of the counts, like a Spark job's output folder. The union of the part
files' fact lines is what ``factx extract --format jsonl`` prints for the same inputs; an input that could
not be read is an ``{"type": "error", "source": ..., "error": ...}`` line in its part. Parts follow the
input order, so reading them by name gives the local run's order too.

``extract_bag`` extracts from a Dask bag you already hold.

With PySpark, the same Extractor works in ``mapPartitions``: it is pickled as configuration and compiles
its rules once per Python worker, which Spark reuses across tasks (rule files given to it must exist on
the executors at the same absolute path)::

    import json
    from itertools import batched  # Python 3.12+; on 3.11, slice the rows into lists
    from factx import Extractor

    extractor = Extractor(types="money,percent")

    def extract_partition(rows):
        for chunk in batched(rows, 1000):  # extract_many scans many articles together: faster
            found = extractor.extract_many([r["text"] for r in chunk], sources=[r["id"] for r in chunk])
            for facts in found:
                for fact in facts:
                    yield json.dumps(fact.to_dict(), ensure_ascii=False)

    docs = spark.read.json("s3://bucket/news.jsonl")  # records with "id" and "text"
    docs.rdd.mapPartitions(extract_partition).saveAsTextFile("s3://bucket/facts/")
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

try:
    import dask.bag as db
    from distributed import Client, Future, LocalCluster, as_completed
except ImportError as exc:  # the base install has no Dask
    raise ImportError("factx.dask needs the dask extra: pip install 'factx[dask]'") from exc

from factx import __version__
from factx.errors import EXIT_INPUT_FAILED, FactxError
from factx.extractor import Extractor, parse_types
from factx.partitions import Partition, PartResult, ReadOptions, count_newlines, plan, run_partition
from factx.pipeline import summary_line
from factx.sources import DEFAULT_MAX_BYTES, iter_documents

__all__ = ["DaskJobError", "DaskSummary", "extract_bag", "run_on_cluster"]

SUCCESS = "_SUCCESS"
LOCAL = "local"
RETRIES = 2


class DaskJobError(FactxError):
    """A partition failed on every try (or the cluster is unusable); no ``_SUCCESS`` is written."""

    exit_code = EXIT_INPUT_FAILED


@dataclass(slots=True)
class DaskSummary:
    """What a cluster run did: the counts in ``_SUCCESS`` plus where to look."""

    outdir: str
    partitions: int = 0
    documents: int = 0
    characters: int = 0
    errors: int = 0
    warnings: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    dashboard: str | None = None

    def add(self, part: PartResult) -> None:
        self.documents += part.documents
        self.characters += part.characters
        self.errors += part.errors
        self.warnings += part.warnings
        self.facts.update(part.facts)

    def line(self) -> str:
        """The closing line, worded like a local run's."""
        return summary_line(self.documents, self.characters, self.facts, self.errors, self.seconds,
                            f", {self.partitions} partitions in {self.outdir}")

    def manifest(self, paths: Sequence[str]) -> dict[str, Any]:
        return {
            "factx_version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": list(paths),
            "partitions": self.partitions,
            "documents": self.documents,
            "characters": self.characters,
            "errors": self.errors,
            "warnings": self.warnings,
            "facts": dict(sorted(self.facts.items())),
            "facts_total": self.facts.total(),
            "seconds": round(self.seconds, 3),
        }


def run_on_cluster(
    paths: Sequence[str],
    scheduler: str,
    outdir: str,
    extractor: Extractor,
    *,
    glob: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jsonl_field: str | None = None,
    id_field: str | None = None,
    partition_bytes: int | None = None,
    partition_files: int = 1000,
    on_progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] = print,
) -> DaskSummary:
    """Extract facts from ``paths`` on a Dask cluster into ``outdir`` (part files and ``_SUCCESS``).

    ``scheduler`` is ``"tcp://HOST:PORT"`` or ``"local"`` (a LocalCluster here: one single-threaded worker
    process per core). The input options mean what they mean to ``factx extract``. ``partition_bytes``
    None sizes partitions to give each worker about eight (a short tail); ``partition_files`` caps files (or archive
    members) per partition. ``on_progress(done, total)`` is called as partitions complete. A task that
    raises is retried twice, and the tasks of a worker that dies are rerun elsewhere; a partition that
    still fails raises DaskJobError, leaving the parts written so far and no ``_SUCCESS``.
    ``summary.seconds`` times the job itself, not starting or reaching the cluster.
    """
    paths = list(paths)
    if not paths or "-" in paths:
        raise FactxError("a Dask job reads files, folders, archives or URLs: standard input cannot be sent to workers")
    iter_documents(paths, encoding=encoding, max_bytes=max_bytes)  # checks arguments as a local run does
    options = ReadOptions(glob, encoding, max_bytes, jsonl_field, id_field)
    extractor = _portable(extractor)
    extractor.ruleset  # noqa: B018 - a broken rule file stops the job here, before any task is sent
    out = _prepare_outdir(outdir)
    with _connect(scheduler) as client:
        summary = DaskSummary(str(out), dashboard=_dashboard(client))
        workers = sum(client.nthreads().values())
        log(f"dask: scheduler {client.scheduler.address}, {len(client.nthreads())} workers, {workers} threads")
        log(f"dask: dashboard {summary.dashboard}" if summary.dashboard else "dask: no dashboard (needs bokeh)")
        started = time.perf_counter()
        partitions = plan(
            paths, options, workers=workers, partition_bytes=partition_bytes, partition_files=partition_files,
            count_newlines=lambda ranges: client.gather(client.map(count_newlines, ranges, retries=RETRIES)),
        )
        summary.partitions = len(partitions)
        _run(client, partitions, extractor, options, out, summary, on_progress)
        summary.seconds = time.perf_counter() - started
    _write_atomic(out / SUCCESS, json.dumps(summary.manifest(paths), ensure_ascii=False, indent=2) + "\n")
    return summary


def _run(
    client: Client,
    partitions: list[Partition],
    extractor: Extractor,
    options: ReadOptions,
    out: Path,
    summary: DaskSummary,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """Submit every partition, write each part as it completes; cancel the rest if one fails for good."""
    job = uuid.uuid4().hex[:12]
    pending: dict[str, tuple[int, Future]] = {}
    for index, partition in enumerate(partitions):
        future = client.submit(
            run_partition, partition, extractor, options, key=f"factx-partition-{job}-{index:05d}", retries=RETRIES
        )
        pending[future.key] = (index, future)
    total = len(partitions)
    if on_progress:
        on_progress(0, total)
    try:
        for done, future in enumerate(as_completed([f for _, f in pending.values()]), 1):
            index, _ = pending.pop(future.key)
            try:
                part: PartResult = future.result()
            except Exception as exc:
                raise DaskJobError(f"partition {index} failed: {type(exc).__name__}: {exc}"
                                   " (are factx and its rules installed on every worker?)") from exc
            _write_atomic(out / f"part-{index:05d}.jsonl", part.text)
            summary.add(part)
            del future, part  # let the scheduler forget the result
            if on_progress:
                on_progress(done, total)
    finally:
        if pending:
            client.cancel([f for _, f in pending.values()])


@contextmanager
def _connect(scheduler: str) -> Iterator[Client]:
    if scheduler == LOCAL:
        with LocalCluster(processes=True, threads_per_worker=1) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler)
    except (OSError, TimeoutError) as exc:
        raise DaskJobError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def _dashboard(client: Client) -> str | None:
    """The dashboard link, or None when the scheduler runs none (it needs bokeh)."""
    try:
        return client.dashboard_link
    except KeyError:
        return None


def _portable(extractor: Extractor) -> Extractor:
    """A copy with absolute rule paths: workers may run in another working directory."""
    clone = copy.copy(extractor)
    clone.rule_paths = tuple(os.path.abspath(path) for path in extractor.rule_paths)
    return clone


def _prepare_outdir(outdir: str) -> Path:
    """Create the output folder; refuse one holding a previous job's parts, which would mix with ours."""
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        stale = sorted(p.name for p in out.iterdir() if p.name == SUCCESS or p.name.startswith("part-"))
    except OSError as exc:
        raise FactxError(f"cannot use {outdir} as the output folder: {exc.strerror or exc}") from None
    if stale:
        raise FactxError(f"{outdir} already holds a job's output ({stale[0]} ...): remove it or pick another folder")
    return out


def _write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it: readers never see a partial part."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def extract_bag(
    bag: db.Bag, extractor: Extractor | None = None, types: str | Sequence[str] | None = None
) -> db.Bag:
    """A bag of fact dicts (``Fact.to_dict``) from a bag of texts, ``(source, text)`` pairs or dicts with
    ``"text"`` (and optionally ``"source"``); items whose text is None or empty yield nothing.

    ``extractor`` defaults to the shipped rules (plus FACTX_RULES); it is shipped as configuration and
    compiled once per worker process.
    """
    return bag.map_partitions(_extract_items, _portable(extractor or Extractor()), parse_types(types))


def _extract_items(items: Iterator[Any], extractor: Extractor, types: frozenset[str] | None) -> list[dict[str, Any]]:
    pairs: list[tuple[str | None, str]] = []
    for item in items:
        if isinstance(item, str):
            source, text = None, item
        elif isinstance(item, Mapping):
            source, text = item.get("source"), item["text"]
        else:
            source, text = item
        if text:
            pairs.append((source, text))
    found = extractor.extract_many([text for _, text in pairs], sources=[source for source, _ in pairs], types=types)
    return [fact.to_dict() for document in found for fact in document]
