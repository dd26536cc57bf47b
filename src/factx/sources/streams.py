"""Bounded reads and look-ahead on binary streams, so no input can make us hold more than one document."""

from __future__ import annotations

import io
from typing import BinaryIO

CHUNK_BYTES = 1 << 20
HEAD_BYTES = 8192


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read to EOF but at most ``max_bytes + 1`` bytes: a result longer than ``max_bytes`` means "too large".

    Reads in chunks, so a huge limit never pre-allocates a huge buffer and short reads are handled.
    """
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = stream.read(min(CHUNK_BYTES, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class _Prefixed(io.RawIOBase):
    """A stream that replays already-read bytes before continuing with the original stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._prefix:
            count = min(len(view), len(self._prefix))
            view[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def peek_head(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes, plus a stream positioned at the start again (seek, or replay for pipes)."""
    head = read_limited(stream, size - 1)
    try:
        seekable = stream.seekable()
    except (AttributeError, ValueError, OSError):
        seekable = False
    if seekable:
        stream.seek(-len(head), io.SEEK_CUR)
        return head, stream
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=CHUNK_BYTES)  # type: ignore[return-value]
