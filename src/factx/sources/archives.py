"""Read zip, tar (plain, gz, bz2, xz) and single-file gz/bz2/xz archives in place, one member at a time.

Nothing is unpacked to disk and no member is held beyond ``max_bytes + 1`` bytes, whatever its header claims
(zip bombs). A damaged archive yields every member that could be read, then one error naming the archive.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import BinaryIO

from factx.sources.build import too_large_error
from factx.sources.detect import BZ2, GZ, SINGLE_FILE_KINDS, TAR, XZ, ZIP
from factx.sources.streams import read_limited
from factx.sources.zipscan import FLAG_UTF8, ScanStop, scan_zip

# Everything a damaged or hostile archive can make the standard library raise while reading it.
ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    tarfile.TarError,
    zipfile.BadZipFile,
)


@dataclass(frozen=True, slots=True)
class Member:
    """One archive member's raw bytes, or why it (or, when ``source`` is the archive, the archive) failed."""

    source: str
    data: bytes | None = None
    error: str | None = None


def _decode_name(raw: bytes) -> str:
    """Member names without a UTF-8 flag: UTF-8 if valid, else GB18030 (Chinese Windows tools), else lossy."""
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def zip_member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & FLAG_UTF8:
        return info.filename
    return _decode_name(info.filename.encode("cp437"))


def _tar_name(info: tarfile.TarInfo) -> str:
    try:
        info.name.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes: the name was not UTF-8
        return _decode_name(info.name.encode("utf-8", "surrogateescape"))
    return info.name


def is_hidden(member_path: str) -> bool:
    """A member under a dot-name (or macOS's __MACOSX resource folder); "./x" and "a//b" are not hidden."""
    parts = [part for part in member_path.replace("\\", "/").split("/") if part not in ("", ".")]
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def member_wanted(member_path: str, member_glob: str | None) -> bool:
    if is_hidden(member_path):
        return False
    basename = member_path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return member_glob is None or fnmatchcase(basename, member_glob)


def _zip_members(source: str, stream: BinaryIO, max_bytes: int, member_glob: str | None) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(stream)
    except ARCHIVE_ERRORS as exc:
        yield from _salvaged_zip_members(source, stream, max_bytes, member_glob, exc)
        return
    with archive:
        for info in archive.infolist():
            name = zip_member_name(info)
            if info.is_dir() or not member_wanted(name, member_glob):
                continue
            yield zip_member(archive, info, f"{source}!{name}", max_bytes)


def zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, max_bytes: int) -> Member:
    if info.flag_bits & 0x1:
        return Member(source, error="encrypted archive member")
    if info.file_size > max_bytes:
        return Member(source, error=too_large_error(max_bytes, f"member is {info.file_size} bytes"))
    try:
        with archive.open(info) as handle:
            data = read_limited(handle, max_bytes)
    except ARCHIVE_ERRORS as exc:
        return Member(source, error=f"corrupt archive member: {exc}")
    if len(data) > max_bytes:  # the header lied about the size
        return Member(source, error=too_large_error(max_bytes, f"more than {max_bytes} bytes uncompressed"))
    return Member(source, data)


def _salvaged_zip_members(
    source: str, stream: BinaryIO, max_bytes: int, member_glob: str | None, cause: BaseException
) -> Iterator[Member]:
    """A zip whose index is unreadable: members recovered from local headers, then the archive's error."""
    recovered, stop = 0, ""
    try:
        for found in scan_zip(stream, max_bytes, lambda raw: member_wanted(_decode_name(raw), member_glob)):
            name = (
                found.name.decode("utf-8", "replace") if found.flags & FLAG_UTF8 else _decode_name(found.name)
            )
            recovered += found.data is not None
            yield Member(f"{source}!{name}", found.data, found.error)
    except ScanStop as exc:
        stop = f"; stopped: {exc}"
    except ARCHIVE_ERRORS as exc:
        stop = f"; stopped: {exc}"
    yield Member(source, error=f"corrupt zip archive ({cause}); recovered {recovered} member(s){stop}")


def _tar_members(source: str, stream: BinaryIO, max_bytes: int, member_glob: str | None) -> Iterator[Member]:
    try:
        archive = tarfile.open(fileobj=stream, mode="r|*")  # noqa: SIM115 - closed in the finally below
    except ARCHIVE_ERRORS as exc:
        yield Member(source, error=f"corrupt tar archive: {exc}")
        return
    current = ""
    try:
        for info in archive:
            name = _tar_name(info)
            if not info.isfile() or not member_wanted(name, member_glob):
                continue
            member_source = f"{source}!{name}"
            if info.size > max_bytes:
                yield Member(member_source, error=too_large_error(max_bytes, f"member is {info.size} bytes"))
                continue
            current = name
            handle = archive.extractfile(info)
            data = read_limited(handle, max_bytes) if handle is not None else b""
            current = ""
            yield Member(member_source, data)
    except ARCHIVE_ERRORS as exc:
        where = f" (in member {current})" if current else ""
        yield Member(source, error=f"corrupt or truncated tar archive{where}: {exc or type(exc).__name__}")
    finally:
        archive.close()


def open_single(kind: str, stream: BinaryIO) -> BinaryIO:
    """A decompressing reader over a single-file .gz / .bz2 / .xz stream."""
    if kind == GZ:
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if kind == BZ2:
        return bz2.BZ2File(stream)  # type: ignore[return-value]
    if kind == XZ:
        return lzma.LZMAFile(stream)  # type: ignore[return-value]
    raise ValueError(f"not a single-file compression kind: {kind!r}")


def _single_member(source: str, stream: BinaryIO, kind: str, max_bytes: int) -> Member:
    try:
        with open_single(kind, stream) as handle:
            data = read_limited(handle, max_bytes)
    except ARCHIVE_ERRORS as exc:
        return Member(source, error=f"corrupt {kind} file: {exc or type(exc).__name__}")
    if len(data) > max_bytes:
        return Member(source, error=too_large_error(max_bytes, f"more than {max_bytes} bytes uncompressed"))
    return Member(source, data)


def iter_members(
    source: str, stream: BinaryIO, kind: str, *, max_bytes: int, member_glob: str | None = None
) -> Iterator[Member]:
    """The members of an archive of ``kind`` (see detect_archive), in archive order.

    Zip needs a seekable stream; tar and single-file kinds are read strictly sequentially. A single-file
    .gz/.bz2/.xz is one member named ``source`` itself. ``member_glob`` filters member base names.
    """
    if kind == ZIP:
        yield from _zip_members(source, stream, max_bytes, member_glob)
    elif kind == TAR:
        yield from _tar_members(source, stream, max_bytes, member_glob)
    elif kind in SINGLE_FILE_KINDS:
        yield _single_member(source, stream, kind, max_bytes)
    else:
        raise ValueError(f"unknown archive kind: {kind!r}")
