"""Expand command-line paths into an ordered, lazy stream of things to read.

Paths, folders (walked recursively in sorted order, hidden entries skipped), shell-glob patterns the shell did
not expand, "-" for stdin and ``--files-from`` lists all end up as InputItems; a path that cannot be used
becomes an item carrying the error, so one bad argument never stops a batch.
"""

from __future__ import annotations

import errno
import glob as globlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import BinaryIO

STDIN_ARG = "-"
STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True, slots=True)
class InputItem:
    """One input: a file ``path`` to read, standard input (``stdin``), or an ``error`` about ``source``."""

    source: str
    path: str | None = None
    stdin: bool = False
    error: str | None = None


_ERRNO_MESSAGES = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "symlink loop",
    errno.ENOTDIR: "not a directory",
    errno.ENAMETOOLONG: "file name too long",
}


def os_error_message(exc: OSError) -> str:
    """A short, stable, lower-case reason for an OS error (no path: the Document's source names it)."""
    if exc.errno in _ERRNO_MESSAGES:
        return _ERRNO_MESSAGES[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def has_glob_magic(path: str) -> bool:
    """Whether the path contains shell-glob characters."""
    return globlib.has_magic(path)


def _stat_error(path: str, exc: OSError) -> str:
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "broken symlink"
    return os_error_message(exc)


def _walk(root: str, root_key: tuple[int, int], name_glob: str | None) -> Iterator[InputItem]:
    """Files under ``root`` depth-first in sorted name order; hidden names skipped; symlink loops reported.

    Iterative (a stack of sorted listings), so deep trees cannot exhaust the recursion limit.
    """
    stack: list[tuple[str, Iterator[str], frozenset[tuple[int, int]]]] = []
    listing = _list_dir(root)
    if isinstance(listing, InputItem):
        yield listing
        return
    stack.append((root, iter(listing), frozenset({root_key})))
    while stack:
        folder, names, ancestors = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        child = os.path.join(folder, name)
        try:
            info = os.stat(child)
        except OSError as exc:
            yield InputItem(child, error=_stat_error(child, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield InputItem(child, error="symlink loop")
                continue
            listing = _list_dir(child)
            if isinstance(listing, InputItem):
                yield listing
                continue
            stack.append((child, iter(listing), ancestors | {key}))
        elif name_glob is not None and not fnmatchcase(name, name_glob):
            continue
        elif stat.S_ISREG(info.st_mode):
            yield InputItem(child, path=child)
        else:
            yield InputItem(child, error="not a regular file")


def _list_dir(folder: str) -> list[str] | InputItem:
    """Sorted visible entry names of one folder, or an error item for it."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except OSError as exc:
        return InputItem(folder, error=os_error_message(exc))


def expand_path(path: str, name_glob: str | None = None) -> Iterator[InputItem]:
    """The items one command-line path stands for, in order."""
    if path == STDIN_ARG:
        yield InputItem(STDIN_SOURCE, stdin=True)
        return
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path) and has_glob_magic(path):
            yield from _expand_pattern(path, name_glob)
        else:
            yield InputItem(path, error=_stat_error(path, exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, (info.st_dev, info.st_ino), name_glob)
    else:
        # Named explicitly: read it even if it is a FIFO or device (e.g. bash process substitution).
        yield InputItem(path, path=path)


def _expand_pattern(pattern: str, name_glob: str | None) -> Iterator[InputItem]:
    matches = sorted(globlib.glob(pattern, recursive=True))
    if not matches:
        yield InputItem(pattern, error="no files match this pattern")
        return
    for match in matches:
        yield from expand_path(match, name_glob)


def _list_entries(lines: Iterable[bytes]) -> Iterator[str]:
    """Paths from a --files-from list: one per line, line endings and blank lines dropped."""
    for raw in lines:
        entry = os.fsdecode(raw.rstrip(b"\r\n"))
        if entry.strip():
            yield entry


def _files_from(list_path: str, name_glob: str | None, stdin: BinaryIO | None) -> Iterator[InputItem]:
    if list_path == STDIN_ARG:
        stream = stdin if stdin is not None else sys.stdin.buffer
        for entry in _list_entries(stream):
            yield from expand_path(entry, name_glob)
        return
    try:
        listing = open(list_path, "rb")  # noqa: SIM115 - closed below; the list is read lazily
    except OSError as exc:
        yield InputItem(list_path, error=f"cannot read --files-from list: {os_error_message(exc)}")
        return
    with listing:
        try:
            for entry in _list_entries(listing):
                yield from expand_path(entry, name_glob)
        except OSError as exc:
            yield InputItem(list_path, error=f"cannot read --files-from list: {os_error_message(exc)}")


def iter_inputs(
    paths: Sequence[str],
    *,
    glob: str | None = None,
    files_from: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[InputItem]:
    """All inputs in order: ``paths`` first, then the ``files_from`` list; no paths and no list means stdin.

    ``glob`` filters the file names found inside folders (explicitly named files are always read). Standard
    input can be consumed only once; a second use is reported as an error item.
    """
    stdin_used = files_from == STDIN_ARG
    if not paths and files_from is None:
        paths = [STDIN_ARG]
    items: Iterable[InputItem] = (item for path in paths for item in expand_path(path, glob))
    for source in (items, _files_from(files_from, glob, stdin) if files_from is not None else ()):
        for item in source:
            if item.stdin:
                if stdin_used:
                    yield InputItem(STDIN_SOURCE, error="standard input can only be read once")
                    continue
                stdin_used = True
            yield item
