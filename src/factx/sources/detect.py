"""What kind of archive an input is, from its name and first bytes.

Kept apart from ``archives`` (tarfile, zipfile, lzma, ...): every input is sniffed, but most are plain
text, and reading one article should not import the archive readers.
"""

from __future__ import annotations

import zlib

ZIP, TAR, GZ, BZ2, XZ = "zip", "tar", "gz", "bz2", "xz"
SINGLE_FILE_KINDS = (GZ, BZ2, XZ)

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
_SUFFIX_KINDS = ((".zip", ZIP), (".gz", GZ), (".bz2", BZ2), (".xz", XZ))
# Zip containers that are documents, not archives of texts: left to the binary-file check.
_CONTAINER_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".jar", ".apk", ".whl")
_TAR_MAGIC_OFFSET = 257
_BZ2_BLOCK_MAGIC = b"1AY&SY"


def _kind_by_magic(head: bytes) -> str | None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(b"\x1f\x8b\x08"):
        return GZ
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == _BZ2_BLOCK_MAGIC:
        return BZ2
    if head.startswith(b"\xfd7zXZ\x00"):
        return XZ
    if head[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar":
        return TAR
    return None


def _kind_by_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(_TAR_SUFFIXES):
        return TAR
    for suffix, kind in _SUFFIX_KINDS:
        if lower.endswith(suffix):
            return kind
    return None


def _holds_tar(kind: str, head: bytes) -> bool:
    """Whether a compressed stream starts with a tar header, judged from its first bytes only."""
    import bz2
    import lzma

    try:
        if kind == GZ:
            out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
        elif kind == XZ:
            out = lzma.LZMADecompressor().decompress(head, max_length=512)
        else:
            out = bz2.BZ2Decompressor().decompress(head, max_length=512)
    except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError):
        return False
    return out[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar"


def detect_archive(name: str, head: bytes) -> str | None:
    """The archive kind of a file from its name and first bytes: "zip", "tar", "gz", "bz2", "xz" or None.

    Magic bytes win over the name (a gzipped tar called .gz is a tar; a gzip called .txt is a gzip); a name
    alone still counts, so a damaged archive is reported as a damaged archive, not as a binary file.
    """
    if name.lower().endswith(_CONTAINER_SUFFIXES):
        return None
    by_magic = _kind_by_magic(head)
    by_name = _kind_by_name(name)
    if by_magic in (ZIP, TAR):
        return by_magic
    if by_magic is not None:
        return TAR if by_name == TAR or _holds_tar(by_magic, head) else by_magic
    return by_name
