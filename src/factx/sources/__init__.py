"""The input layer: every file, folder, glob, archive, JSONL dump or stdin the CLI is given, as Documents.

``iter_documents`` is the one entry point. It is lazy and reads one document's bytes at a time, yields in
input order, and turns every bad input (missing path, binary file, corrupt archive, bad JSON line ...) into a
Document with ``error`` set instead of raising; only programmer errors (bad arguments) raise.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from factx.model import Document
from factx.sources.build import error_document, make_document, too_large_error
from factx.sources.decode import decode_bytes, looks_binary
from factx.sources.detect import SINGLE_FILE_KINDS, ZIP, detect_archive
from factx.sources.files import InputItem, iter_inputs, os_error_message
from factx.sources.jsonl import iter_jsonl
from factx.sources.streams import peek_head, read_limited

if TYPE_CHECKING:
    from factx.sources.archives import Member

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ReadOptions",
    "decode_bytes",
    "detect_archive",
    "iter_documents",
    "iter_inputs",
    "iter_jsonl",
    "looks_binary",
    "make_document",
    "member_documents",
]

DEFAULT_MAX_BYTES = 200_000_000


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: the input options of ``factx extract`` (also shipped to Dask workers)."""

    glob: str | None = None
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    jsonl_field: str | None = None
    id_field: str | None = None


def iter_documents(
    paths: Sequence[str],
    *,
    glob: str | None = None,
    files_from: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jsonl_field: str | None = None,
    id_field: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    """Lazily yield one Document per input text, in input order.

    ``paths``: files, folders (recursive, sorted, hidden entries skipped), shell-glob patterns, "-" for
    stdin; none (and no ``files_from``) means stdin. ``glob`` filters file names inside folders and member
    names inside archives. ``files_from`` names a list of paths, one per line ("-": read it from stdin).
    ``encoding`` forces a decoding; ``max_bytes`` caps every file, archive member and JSONL line.
    ``jsonl_field`` reads files and stdin as JSON Lines with the text in that field (``id_field`` names
    records). ``stdin`` defaults to ``sys.stdin.buffer``.

    Arguments are checked now (ValueError / TypeError); reading happens as the iterator is consumed.
    """
    if isinstance(paths, str | bytes):
        raise TypeError("paths must be a sequence of path strings, not a single string")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"unknown encoding: {encoding!r}") from None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise ValueError(f"max_bytes must be a non-negative integer, got {max_bytes!r}")
    options = ReadOptions(glob, encoding, max_bytes, jsonl_field, id_field)
    return _documents(list(paths), files_from, stdin, options)


def _documents(
    paths: list[str], files_from: str | None, stdin: BinaryIO | None, options: ReadOptions
) -> Iterator[Document]:
    for item in iter_inputs(paths, glob=options.glob, files_from=files_from, stdin=stdin):
        yield from _item_documents(item, stdin, options)


def _item_documents(item: InputItem, stdin: BinaryIO | None, options: ReadOptions) -> Iterator[Document]:
    if item.error is not None:
        yield error_document(item.source, item.error)
        return
    if item.stdin:
        yield from _stream_documents(item.source, stdin if stdin is not None else sys.stdin.buffer, options)
        return
    assert item.path is not None
    try:
        handle = open(item.path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield error_document(item.source, os_error_message(exc))
        return
    with handle:
        size = _regular_file_size(handle)
        yield from _stream_documents(item.source, handle, options, size)


def _regular_file_size(handle: BinaryIO) -> int | None:
    try:
        info = os.fstat(handle.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _stream_documents(
    source: str, stream: BinaryIO, options: ReadOptions, size: int | None = None
) -> Iterator[Document]:
    """Documents from one opened input: an archive's members, JSONL records, or the single text it holds."""
    try:
        head, stream = peek_head(stream)
    except OSError as exc:
        yield error_document(source, os_error_message(exc))
        return
    kind = detect_archive(source, head)
    if kind is None:
        yield from _plain_documents(source, stream, options, size)
    elif kind in SINGLE_FILE_KINDS and options.jsonl_field is not None:
        from factx.sources.archives import open_single  # imported for archives only: text starts faster

        with open_single(kind, stream) as decompressed:
            yield from _jsonl(decompressed, source, options)
    else:
        yield from _archive_documents(source, stream, kind, options)


def _plain_documents(
    source: str, stream: BinaryIO, options: ReadOptions, size: int | None
) -> Iterator[Document]:
    if options.jsonl_field is not None:
        yield from _jsonl(stream, source, options)
        return
    if size is not None and size > options.max_bytes:
        yield error_document(source, too_large_error(options.max_bytes, f"file is {size} bytes"))
        return
    data = _read_whole(source, stream, options.max_bytes)
    yield data if isinstance(data, Document) else make_document(source, data, options.encoding)


def _read_whole(source: str, stream: BinaryIO, max_bytes: int, detail: str = "") -> bytes | Document:
    """The stream's bytes, or the error document when it cannot be read or holds more than ``max_bytes``."""
    try:
        data = read_limited(stream, max_bytes)
    except OSError as exc:
        return error_document(source, os_error_message(exc))
    if len(data) > max_bytes:
        return error_document(source, too_large_error(max_bytes, detail))
    return data


def _archive_documents(source: str, stream: BinaryIO, kind: str, options: ReadOptions) -> Iterator[Document]:
    from factx.sources.archives import iter_members  # imported for archives only: text starts faster

    if kind == ZIP and not stream.seekable():  # a zip piped in: its index is at the end, so buffer it
        data = _read_whole(source, stream, options.max_bytes, "a piped zip is read whole")
        if isinstance(data, Document):
            yield data
            return
        stream = io.BytesIO(data)
    for member in iter_members(source, stream, kind, max_bytes=options.max_bytes, member_glob=options.glob):
        yield from member_documents(member, options)


def member_documents(member: Member, options: ReadOptions) -> Iterator[Document]:
    """The documents of one archive member: an error, a text, or the records of a JSONL member."""
    if member.data is None:
        yield error_document(member.source, member.error or "unreadable archive member")
    elif options.jsonl_field is not None:
        yield from _jsonl(io.BytesIO(member.data), member.source, options)
    else:
        yield make_document(member.source, member.data, options.encoding)


def _jsonl(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Document]:
    assert options.jsonl_field is not None
    yield from iter_jsonl(
        stream,
        options.jsonl_field,
        options.id_field,
        source=source,
        encoding=options.encoding,
        max_bytes=options.max_bytes,
    )
