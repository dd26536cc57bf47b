"""How a distributed run splits its inputs, and what one partition task does on a worker.

Free of Dask, so the plan and the per-partition reading can be tested (or driven by another executor)
without a cluster. Planning never reads whole inputs: file sizes come from ``stat``, zip member lists from
the central directory, and only zips and large JSONL dumps have their first 8 KB read to confirm their
kind. Reading goes through ``factx.sources``, so documents, source names and errors are exactly those of
a local run; the underscored imports are private helpers of factx.sources, needed because the public API
reads a zip or a JSONL dump only whole, while a partition reads a slice of one.

Paths with a scheme (``s3://``, ``gcs://``, ``file://`` ...) are listed and opened with fsspec (a Dask
dependency; remote filesystems need their fsspec plugin, e.g. s3fs). Every other path must be readable at
the same location on every worker: a shared filesystem.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import BinaryIO

from factx.extractor import Extractor
from factx.model import Document
from factx.pipeline import run_sequential
from factx.sources import (
    ReadOptions,
    detect_archive,
    iter_documents,
    iter_inputs,
    member_documents,
)
from factx.sources.archives import ARCHIVE_ERRORS, ZIP, member_wanted, zip_member, zip_member_name
from factx.sources.build import error_document, too_large_error
from factx.sources.files import STDIN_ARG, STDIN_SOURCE, has_glob_magic, os_error_message
from factx.sources.jsonl import jsonl_lines, record_document
from factx.sources.streams import CHUNK_BYTES, HEAD_BYTES, read_limited
from factx.writers.jsonw import fact_json

MIN_PARTITION_BYTES = 256_000
MAX_PARTITION_BYTES = 32_000_000
PARTITIONS_PER_WORKER = 8
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class WholeFile:
    """A file (or URL) read exactly as a local run reads it: a text, an archive or a JSONL dump.

    ``source`` is the name a local run gives it (relative paths stay relative); ``path`` is what a worker
    opens: an absolute path, since workers run in other working directories, or the URL.
    """

    source: str
    path: str
    size: int


@dataclass(frozen=True, slots=True)
class BadInput:
    """An input that could not be listed (missing path, no glob match ...): one error record."""

    source: str
    error: str


@dataclass(frozen=True, slots=True)
class ZipSlice:
    """Entries ``start:stop`` of a zip's central directory; ``size`` is their uncompressed total."""

    source: str
    path: str
    start: int
    stop: int
    size: int


@dataclass(frozen=True, slots=True)
class LineRange:
    """The JSONL lines of ``path`` whose first byte is in ``[start, stop)``.

    ``newlines`` counts the line feeds before ``start``, so records keep the line numbers (and hence the
    source names) they have in a local run.
    """

    source: str
    path: str
    start: int
    stop: int
    newlines: int = 0


Unit = WholeFile | BadInput | ZipSlice | LineRange
Partition = tuple[Unit, ...]


@dataclass(slots=True)
class PartResult:
    """One partition's part-file text (fact lines and error records) and its counts for the manifest."""

    text: str = ""
    documents: int = 0
    characters: int = 0
    errors: int = 0
    warnings: int = 0
    facts: Counter[str] = field(default_factory=Counter)


def is_url(path: str) -> bool:
    """Whether a path has a scheme (``s3://bucket/key``) and so is opened through fsspec."""
    return bool(_URL.match(path))


def open_input(path: str) -> BinaryIO:
    """A seekable binary reader over a local path or an fsspec URL.

    fsspec's own file objects have no ``readline(limit)``, which the JSONL reader needs: a BufferedReader
    over them provides it.
    """
    if not is_url(path):
        return open(path, "rb")
    import fsspec

    return io.BufferedReader(fsspec.open(path, "rb").open(), buffer_size=CHUNK_BYTES)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------- planning


def plan(
    paths: Sequence[str],
    options: ReadOptions,
    *,
    workers: int,
    count_newlines: Callable[[list[LineRange]], list[int]],
    partition_bytes: int | None = None,
    partition_files: int = 1000,
) -> list[Partition]:
    """Partitions covering ``paths`` in input order, each about ``partition_bytes`` or ``partition_files``.

    ``partition_bytes`` None sizes partitions for PARTITIONS_PER_WORKER per worker (load balance), within
    MIN/MAX_PARTITION_BYTES. Zips are split into runs of members and large JSONL files into byte ranges;
    ``count_newlines`` counts the line feeds in such ranges (on the workers: they read, not the client).
    """
    if STDIN_ARG in paths:
        raise ValueError("standard input cannot be split into partitions")
    listed = [unit for path in paths for unit in _list_path(path, options.glob)]
    if partition_bytes is None:
        total = sum(unit.size for unit in listed if isinstance(unit, WholeFile))
        share = total // (PARTITIONS_PER_WORKER * max(1, workers))
        partition_bytes = min(MAX_PARTITION_BYTES, max(MIN_PARTITION_BYTES, share))
    units: list[Unit] = []
    for unit in listed:
        units.extend(_split(unit, options, partition_bytes, partition_files) if isinstance(unit, WholeFile) else [unit])
    return group(_number_lines(units, count_newlines), partition_bytes, partition_files)


def _list_path(path: str, name_glob: str | None) -> Iterator[WholeFile | BadInput]:
    if is_url(path):
        yield from _list_url(path, name_glob)
        return
    for item in iter_inputs([path], glob=name_glob):
        if item.error is not None or item.path is None:
            yield BadInput(item.source, item.error or "not a readable file")
            continue
        try:
            size = os.stat(item.path).st_size
        except OSError as exc:
            yield BadInput(item.source, os_error_message(exc))
            continue
        yield WholeFile(item.source, os.path.abspath(item.path), size)


def _list_url(url: str, name_glob: str | None) -> Iterator[WholeFile | BadInput]:
    """Files behind a URL: the file itself, or a folder's files (sorted, hidden skipped), or glob matches."""
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # unknown scheme, or its fsspec plugin is not installed
        yield BadInput(url, f"cannot open this URL: {exc}")
        return
    try:
        if has_glob_magic(root):
            matches = sorted(fs.glob(root))
            if not matches:
                yield BadInput(url, "no files match this pattern")
            for match in matches:
                yield from _list_url(fs.unstrip_protocol(match), name_glob)
        elif fs.isdir(root):
            found = fs.find(root, detail=True)
            for name in sorted(found):
                if member_wanted(name[len(root) :], name_glob):
                    full = fs.unstrip_protocol(name)
                    yield WholeFile(full, full, int(found[name]["size"] or 0))
        else:
            yield WholeFile(url, url, int(fs.size(root) or 0))
    except OSError as exc:
        yield BadInput(url, os_error_message(exc))


def _split(unit: WholeFile, options: ReadOptions, partition_bytes: int, partition_files: int) -> list[Unit]:
    """A zip as runs of members, a large plain JSONL file as byte ranges, anything else whole."""
    large_jsonl = options.jsonl_field is not None and unit.size > partition_bytes
    if detect_archive(unit.source, b"") != ZIP and not large_jsonl:
        return [unit]
    try:
        with open_input(unit.path) as handle:
            kind = detect_archive(unit.source, read_limited(handle, HEAD_BYTES - 1))
            if kind == ZIP:
                handle.seek(0)
                return _zip_slices(unit, zipfile.ZipFile(handle).infolist(), options, partition_bytes, partition_files)
    except ARCHIVE_ERRORS:  # unreadable or damaged: the worker reads it whole and reports or salvages it
        return [unit]
    if kind is None and large_jsonl:
        starts = range(0, unit.size, partition_bytes)
        return [LineRange(unit.source, unit.path, s, min(s + partition_bytes, unit.size)) for s in starts]
    return [unit]


def _zip_slices(
    unit: WholeFile, infos: list[zipfile.ZipInfo], options: ReadOptions, partition_bytes: int, partition_files: int
) -> list[Unit]:
    slices: list[Unit] = []
    start, size = 0, 0
    for index, info in enumerate(infos):
        member_size = min(info.file_size, options.max_bytes + 1)
        if index > start and (size + member_size > partition_bytes or index - start >= partition_files):
            slices.append(ZipSlice(unit.source, unit.path, start, index, size))
            start, size = index, 0
        size += member_size
    if len(infos) > start:
        slices.append(ZipSlice(unit.source, unit.path, start, len(infos), size))
    return slices


def _number_lines(units: list[Unit], count_newlines: Callable[[list[LineRange]], list[int]]) -> list[Unit]:
    """Give each JSONL byte range the number of line feeds before it (ranges of one file are consecutive)."""
    ranges = [unit for unit in units if isinstance(unit, LineRange)]
    if not ranges:
        return units
    before: dict[LineRange, int] = {}
    running = 0
    for unit, count in zip(ranges, count_newlines(ranges), strict=True):
        running = 0 if unit.start == 0 else running
        before[unit] = running
        running += count
    return [replace(u, newlines=before[u]) if isinstance(u, LineRange) else u for u in units]


def count_newlines(unit: LineRange) -> int:
    """Line feeds in the byte range (runs on a worker while planning)."""
    with open_input(unit.path) as handle:
        handle.seek(unit.start)
        left, count = unit.stop - unit.start, 0
        while left > 0:
            chunk = handle.read(min(CHUNK_BYTES, left))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
        return count


def _weight(unit: Unit) -> tuple[int, int]:
    """(bytes, documents) a unit adds to a partition; a JSONL range counts by bytes only."""
    if isinstance(unit, WholeFile | ZipSlice):
        return unit.size, 1 if isinstance(unit, WholeFile) else unit.stop - unit.start
    if isinstance(unit, LineRange):
        return unit.stop - unit.start, 0
    return 0, 1


def group(units: Sequence[Unit], partition_bytes: int, partition_files: int) -> list[Partition]:
    """Consecutive units packed into partitions of at most ``partition_bytes`` and ``partition_files``."""
    partitions: list[Partition] = []
    current: list[Unit] = []
    size = count = 0
    for unit in units:
        unit_size, unit_count = _weight(unit)
        if current and (size + unit_size > partition_bytes or count + unit_count > partition_files):
            partitions.append(tuple(current))
            current, size, count = [], 0, 0
        current.append(unit)
        size += unit_size
        count += unit_count
    if current:
        partitions.append(tuple(current))
    return partitions


# ----------------------------------------------------------------------------------------------- reading


def read_unit(unit: Unit, options: ReadOptions) -> Iterator[Document]:
    """The Documents of one unit, named and decoded as a local run names and decodes them."""
    if isinstance(unit, BadInput):
        yield error_document(unit.source, unit.error)
    elif isinstance(unit, ZipSlice):
        yield from _zip_slice_documents(unit, options)
    elif isinstance(unit, LineRange):
        yield from _line_range_documents(unit, options)
    elif is_url(unit.path):
        yield from _url_documents(unit, options)
    else:
        yield from _renamed(iter_documents([unit.path], **asdict(options)), unit.path, unit.source)


def _renamed(documents: Iterator[Document], prefix: str, source: str) -> Iterator[Document]:
    """Documents read under one name, given another (every source starts with the name read: "x", "x!m")."""
    for document in documents:
        document.source = source + document.source[len(prefix) :]
        yield document


def _url_documents(unit: WholeFile, options: ReadOptions) -> Iterator[Document]:
    """A URL read as if it were standard input, the public way to read a stream."""
    try:
        handle = open_input(unit.path)
    except OSError as exc:
        yield error_document(unit.source, os_error_message(exc))
        return
    with handle:
        yield from _renamed(iter_documents([STDIN_ARG], stdin=handle, **asdict(options)), STDIN_SOURCE, unit.source)


def _zip_slice_documents(unit: ZipSlice, options: ReadOptions) -> Iterator[Document]:
    try:
        handle = open_input(unit.path)
    except OSError as exc:
        yield error_document(unit.source, f"members {unit.start}-{unit.stop}: {os_error_message(exc)}")
        return
    with handle:
        try:
            archive = zipfile.ZipFile(handle)
        except ARCHIVE_ERRORS as exc:  # changed since it was planned
            yield error_document(unit.source, f"members {unit.start}-{unit.stop}: corrupt zip archive ({exc})")
            return
        with archive:
            for info in archive.infolist()[unit.start : unit.stop]:
                name = zip_member_name(info)
                if info.is_dir() or not member_wanted(name, options.glob):
                    continue
                member = zip_member(archive, info, f"{unit.source}!{name}", options.max_bytes)
                yield from member_documents(member, options)


class _LinesFrom:
    """``readline`` over a file that reports end of file at the first line starting at or after ``stop``."""

    def __init__(self, handle: BinaryIO, position: int, stop: int) -> None:
        self.handle = handle
        self.position = position
        self.stop = stop
        self.at_line_start = True

    def readline(self, limit: int = -1) -> bytes:
        if self.at_line_start and self.position >= self.stop:
            return b""
        line = self.handle.readline(limit)
        self.position += len(line)
        self.at_line_start = line.endswith(b"\n")
        return line


def _line_range_documents(unit: LineRange, options: ReadOptions) -> Iterator[Document]:
    """Mirrors factx.sources.jsonl's reader for the lines starting in the range, numbered globally."""
    assert options.jsonl_field is not None
    try:
        handle = open_input(unit.path)
    except OSError as exc:
        yield error_document(unit.source, f"bytes {unit.start}-{unit.stop}: {os_error_message(exc)}")
        return
    with handle:
        number = line_number = unit.newlines
        try:
            position = unit.start
            if unit.start > 0:
                handle.seek(unit.start - 1)
                position -= 1
                while True:  # finish the line that starts before the range: it belongs to the range before
                    rest = handle.readline(CHUNK_BYTES)
                    position += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
                if position > unit.start:  # that line's feed lies inside the range
                    number = line_number = number + 1
            for offset, line in jsonl_lines(_LinesFrom(handle, position, unit.stop), options.max_bytes):  # type: ignore[arg-type]
                line_number = number + offset
                if line is None:
                    message = f"line {line_number}: {too_large_error(options.max_bytes)}"
                    yield error_document(f"{unit.source}!{line_number}", message)
                    continue
                if line_number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if line.strip():
                    yield record_document(
                        unit.source, line_number, line, options.jsonl_field, options.id_field, options.encoding
                    )
        except ARCHIVE_ERRORS as exc:
            yield error_document(unit.source, f"read error after line {line_number}: {exc or type(exc).__name__}")


# ------------------------------------------------------------------------------------------------ running


def error_record(document: Document) -> str:
    """The part-file line for a document that could not be read or scanned."""
    record = {"type": "error", "source": document.source, "error": document.error or "unreadable"}
    return json.dumps(record, ensure_ascii=False)


def run_partition(units: Partition, extractor: Extractor, options: ReadOptions) -> PartResult:
    """Read and extract one partition on a worker: its part file's lines, in input order, and counts.

    ``extractor`` arrives pickled (configuration only) and compiles its rules on first use, once per worker
    process thanks to the rule-set cache.
    """
    result = PartResult()
    lines: list[str] = []
    documents = (raw for unit in units for raw in read_unit(unit, options))
    for document, facts in run_sequential(documents, extractor):  # in batches: faster than one by one
        result.documents += 1
        result.warnings += len(document.warnings)
        if document.text is None:
            result.errors += 1
            lines.append(error_record(document) + "\n")
            continue
        result.characters += len(document.text)
        result.facts.update(fact.type for fact in facts)
        lines.extend(fact_json(fact) + "\n" for fact in facts)
    result.text = "".join(lines)
    return result
