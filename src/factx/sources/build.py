"""Build Document records from raw bytes or from a failure, so every input kind reports the same way."""

from __future__ import annotations

import codecs
import hashlib

from factx.model import Document
from factx.sources.decode import decode_bytes, looks_binary

# Forcing one of these means NUL bytes are expected, so the binary sniff must not reject the data.
_WIDE_CODECS = ("utf-16", "utf-32")


def error_document(source: str, error: str) -> Document:
    """A document that could not be read at all; ``text`` is None and ``error`` says why."""
    return Document(source=source, text=None, error=error)


def too_large_error(max_bytes: int, detail: str = "") -> str:
    """The one wording for the size limit, so users can grep for it."""
    suffix = f"; {detail}" if detail else ""
    return f"exceeds --max-bytes ({max_bytes} bytes){suffix}"


def make_document(source: str, data: bytes, encoding: str | None = None) -> Document:
    """Hash, sniff and decode one document's raw bytes; binary data becomes an error, not garbage text."""
    digest = hashlib.sha256(data).hexdigest()
    wide = encoding is not None and codecs.lookup(encoding).name.startswith(_WIDE_CODECS)
    if not wide and looks_binary(data):
        return Document(source=source, text=None, sha256=digest, size=len(data), error="binary file")
    text, used, warnings = decode_bytes(data, encoding)
    return Document(source=source, text=text, encoding=used, sha256=digest, size=len(data), warnings=warnings)
