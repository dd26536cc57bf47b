"""Salvage members of a zip whose central directory is missing or damaged (typically a truncated download).

``zipfile`` needs the central directory at the end of the file; when it is gone, the local file headers
that precede every member still describe it. We walk them from the start and recover every stored or
deflated member that is complete and passes its CRC check, stopping at the first damaged spot.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from factx.sources.build import too_large_error
from factx.sources.streams import CHUNK_BYTES

LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
LOCAL_SIGNATURE = b"PK\x03\x04"
END_SIGNATURES = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")
DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
FLAG_ENCRYPTED = 0x1
FLAG_DESCRIPTOR = 0x8
FLAG_UTF8 = 0x800
STORED, DEFLATED = 0, 8
ZIP64_EXTRA = 0x0001


@dataclass(frozen=True, slots=True)
class ScannedMember:
    """One member found by the scan: its raw name, its data (None when unusable) and why not."""

    name: bytes
    flags: int
    data: bytes | None
    error: str | None = None


class ScanStop(Exception):
    """The scan cannot go on (truncation or garbage); members before this point were yielded."""


def _read_exact(stream: BinaryIO, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ScanStop(f"truncated in {what}")
    return data


def _zip64_sizes(extra: bytes, csize: int, usize: int) -> tuple[int, int]:
    """Real sizes from the Zip64 extra field when the 32-bit header fields are saturated."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        if tag == ZIP64_EXTRA:
            values = list(struct.unpack_from(f"<{len(body) // 8}Q", body))
            if usize == 0xFFFFFFFF and values:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            break
        pos += 4 + length
    return csize, usize


def _inflate(stream: BinaryIO, csize: int | None, max_bytes: int) -> tuple[bytes | None, int]:
    """Inflate one member; returns (data or None if over max_bytes, CRC of everything inflated).

    With ``csize`` None (data descriptor) the deflate stream's own end marks the member's end; bytes read
    past it are given back by seeking. Output beyond ``max_bytes`` is checksummed and dropped, never kept.
    """
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    kept: list[bytes] = []
    kept_size, crc, left, pending = 0, 0, csize, b""
    while not inflater.eof:
        if not pending:
            want = CHUNK_BYTES if left is None else min(CHUNK_BYTES, left)
            pending = stream.read(want) if want else b""
            if left is not None:
                left -= len(pending)
        try:
            out = inflater.decompress(pending, CHUNK_BYTES)
        except zlib.error as exc:
            raise ScanStop(f"corrupt compressed data ({exc})") from exc
        if not pending and not out:
            raise ScanStop("truncated in compressed data")
        pending = inflater.unconsumed_tail
        crc = zlib.crc32(out, crc)
        if kept_size <= max_bytes:
            kept.append(out)
            kept_size += len(out)
            if kept_size > max_bytes:
                kept.clear()
    if left is None:
        stream.seek(-len(inflater.unused_data), 1)
    elif left:
        stream.seek(left, 1)
    return (b"".join(kept) if kept_size <= max_bytes else None), crc


def _copy_stored(stream: BinaryIO, csize: int, max_bytes: int) -> tuple[bytes | None, int]:
    if csize > max_bytes:
        stream.seek(csize, 1)
        return None, 0
    data = _read_exact(stream, csize, "stored data")
    return data, zlib.crc32(data)


def _read_descriptor(stream: BinaryIO, zip64: bool) -> int:
    """Skip a data descriptor; returns its CRC."""
    first = _read_exact(stream, 4, "data descriptor")
    if first == DESCRIPTOR_SIGNATURE:
        first = _read_exact(stream, 4, "data descriptor")
    _read_exact(stream, 16 if zip64 else 8, "data descriptor")
    return struct.unpack("<I", first)[0]


def scan_zip(stream: BinaryIO, max_bytes: int, wanted: Callable[[bytes], bool]) -> Iterator[ScannedMember]:
    """Members of a seekable zip stream read from its local headers; raises ScanStop where it must stop.

    ``wanted(raw_name)`` says whether a member's data should be read at all (others are skipped).
    """
    stream.seek(0)
    while True:
        signature = stream.read(4)
        if not signature or signature in END_SIGNATURES:
            return
        if signature != LOCAL_SIGNATURE:
            raise ScanStop(f"no member header at offset {stream.tell() - len(signature)}")
        fields = LOCAL_HEADER.unpack(signature + _read_exact(stream, LOCAL_HEADER.size - 4, "member header"))
        _, _, flags, method, _, _, crc, csize, usize, name_len, extra_len = fields
        name = _read_exact(stream, name_len, "member name")
        extra = _read_exact(stream, extra_len, "member header")
        zip64 = csize == 0xFFFFFFFF or usize == 0xFFFFFFFF
        if zip64:
            csize, usize = _zip64_sizes(extra, csize, usize)
        has_descriptor = bool(flags & FLAG_DESCRIPTOR)
        readable = method in (STORED, DEFLATED) and not flags & FLAG_ENCRYPTED
        if not readable or not wanted(name) or name.endswith(b"/"):
            if has_descriptor:
                raise ScanStop(f"cannot find the end of member {name!r} without the central directory")
            stream.seek(csize, 1)
            if not readable and wanted(name) and not name.endswith(b"/"):
                reason = (
                    "encrypted member"
                    if flags & FLAG_ENCRYPTED
                    else f"unsupported compression method {method}"
                )
                yield ScannedMember(name, flags, None, reason)
            continue
        if method == STORED:
            if has_descriptor:
                raise ScanStop(f"cannot find the end of stored member {name!r} without the central directory")
            data, actual_crc = _copy_stored(stream, csize, max_bytes)
        else:
            data, actual_crc = _inflate(stream, None if has_descriptor else csize, max_bytes)
        if has_descriptor:
            crc = _read_descriptor(stream, zip64)
        if data is None:
            detail = f"more than {max_bytes} bytes uncompressed"
            yield ScannedMember(name, flags, None, too_large_error(max_bytes, detail))
        elif actual_crc != crc:
            yield ScannedMember(name, flags, None, "corrupt archive member: bad CRC-32")
        else:
            yield ScannedMember(name, flags, data)
