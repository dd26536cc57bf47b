"""JSON Lines input: one document per line, its text in ``text_field``; a bad line is reported, not fatal.

Crawler dumps are often JSONL. Lines are read one at a time and never beyond ``max_bytes``, so a multi-GB
dump streams in constant memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from typing import BinaryIO

from factx.model import Document
from factx.sources.build import error_document, too_large_error
from factx.sources.decode import decode_bytes, decode_forced
from factx.sources.files import os_error_message
from factx.sources.streams import CHUNK_BYTES

DEFAULT_MAX_BYTES = 200_000_000
_BOM = b"\xef\xbb\xbf"


def jsonl_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line bytes) pairs; None for a line longer than ``max_bytes``, whose rest is skipped."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if isinstance(line, str):
            raise TypeError("iter_jsonl needs a binary stream")
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(CHUNK_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def _decode_line(line: bytes, number: int, encoding: str | None) -> tuple[str, str, list[str]]:
    """JSON is UTF-8 by spec; a line that is not is decoded by detection, with a warning saying so."""
    if encoding is not None:
        text, used, warnings = decode_forced(line, encoding)
        return text, used, [f"line {number}: {warning}" for warning in warnings]
    try:
        return line.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        text, used, warnings = decode_bytes(line)
        return text, used, [f"line {number}: not UTF-8, decoded as {used}", *warnings]


def _identifier(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def record_document(
    name: str, number: int, line: bytes, text_field: str, id_field: str | None, encoding: str | None
) -> Document:
    """The Document for one non-blank line (an error Document when the line is unusable)."""
    fallback = f"{name}!{number}"
    line_text, used, warnings = _decode_line(line.rstrip(b"\r\n"), number, encoding)
    try:
        record = json.loads(line_text)
    except json.JSONDecodeError as exc:
        return error_document(fallback, f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})")
    except (ValueError, RecursionError) as exc:
        return error_document(fallback, f"line {number}: invalid JSON: {exc}")
    if not isinstance(record, dict):
        return error_document(fallback, f"line {number}: expected a JSON object, got {type(record).__name__}")
    ident = _identifier(record.get(id_field)) if id_field is not None else None
    source = fallback if ident is None else f"{name}!{ident}"
    if id_field is not None and ident is None:
        warnings.append(f"line {number}: no {id_field!r} value; the line number identifies the record")
    if text_field not in record:
        return error_document(source, f"line {number}: no {text_field!r} field")
    text = record[text_field]
    if not isinstance(text, str):
        return error_document(source, f"line {number}: field {text_field!r} is not a string")
    raw = text.encode("utf-8", "surrogatepass")
    return Document(
        source=source,
        text=text,
        encoding=used,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        warnings=warnings,
    )


def _iter_stream(
    stream: BinaryIO, name: str, text_field: str, id_field: str | None, encoding: str | None, max_bytes: int
) -> Iterator[Document]:
    from factx.sources.archives import ARCHIVE_ERRORS  # here: plain text never loads the archive readers

    number = 0
    try:
        for number, line in jsonl_lines(stream, max_bytes):
            if line is None:
                yield error_document(f"{name}!{number}", f"line {number}: {too_large_error(max_bytes)}")
                continue
            if number == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if line.strip():
                yield record_document(name, number, line, text_field, id_field, encoding)
    except ARCHIVE_ERRORS as exc:  # I/O error, or a truncated/corrupt compressed dump
        yield error_document(name, f"read error after line {number}: {exc or type(exc).__name__}")


def iter_jsonl(
    path_or_stream: str | os.PathLike[str] | BinaryIO,
    text_field: str = "text",
    id_field: str | None = None,
    *,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Documents from a JSON Lines file or binary stream, in line order; blank lines are skipped.

    Each is named ``f"{source}!{id}"`` (``source`` defaults to the path or the stream's name), or
    ``f"{source}!{line_number}"`` without ``id_field`` or when a record has no id. A malformed line, a
    non-object, a missing or non-string text field become error Documents and the batch continues.
    sha256/size describe the UTF-8 bytes of the text field.
    """
    if isinstance(path_or_stream, str | os.PathLike):
        name = source if source is not None else os.fspath(path_or_stream)
        try:
            handle = open(path_or_stream, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            yield error_document(name, os_error_message(exc))
            return
        with handle:
            yield from _iter_stream(handle, name, text_field, id_field, encoding, max_bytes)
        return
    stream_name = getattr(path_or_stream, "name", None)
    name = source if source is not None else (stream_name if isinstance(stream_name, str) else "<stream>")
    yield from _iter_stream(path_or_stream, name, text_field, id_field, encoding, max_bytes)
