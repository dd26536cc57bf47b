"""An on-disk cache of the compiled rule set, so ``factx`` starts in milliseconds instead of compiling.

The ``regex`` module parses patterns in Python (about 0.2 s for the shipped rules), but a compiled pattern
pickles with its compiled code and unpickles in C (about 10 ms). An entry records every file it was built
from (rule files, lexicon tables, rule folders) with size and modification time, and is rebuilt when any of
them changes. ``FACTX_CACHE_DIR`` moves the cache; ``FACTX_CACHE_DIR=off`` disables it. A cache that cannot
be read or written is ignored: it only ever saves time. The folder keeps the KEEP most recently used entries.
"""

from __future__ import annotations

import binascii
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import regex

from factx.engine.collector import collector_paused

FORMAT = 6
KEEP = 12  # entries kept in the cache folder: each rule-set variant (user rule folders) has its own, ~7 MB
Stamp = tuple[str, int, int]


def cache_dir() -> Path | None:
    configured = os.environ.get("FACTX_CACHE_DIR")
    if configured is not None:
        return None if configured.lower() in {"", "off", "0", "none"} else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factx"


def stamps(paths: Iterable[str]) -> list[Stamp]:
    result = []
    for path in paths:
        info = os.stat(path)
        result.append((path, info.st_size, info.st_mtime_ns))
    return result


def cached(key: Any, build: Callable[[], tuple[Any, list[str]]]) -> Any:
    """The value built for ``key``: from the cache when its files are unchanged, else ``build()`` and store.

    ``build`` returns the value and the list of files (and folders) it was built from.
    """
    folder = cache_dir()
    if folder is None:
        return build()[0]
    from factx import __version__

    identity = repr((FORMAT, __version__, regex.__version__, sys.version, key))
    # A short checksum names the file (hashlib costs 3 ms to import); the entry keeps the whole identity, so
    # two keys that share a checksum only overwrite each other.
    entry = folder / f"ruleset-{binascii.crc32(identity.encode()):08x}.pickle"
    value = _read(entry, identity)
    if value is not None:
        return value
    value, dependencies = build()
    _write(entry, identity, value, dependencies)
    return value


def _read(entry: Path, identity: str) -> Any:
    try:
        with entry.open("rb") as handle, collector_paused():  # a one-article command loads 2-4 ms faster
            written_for, recorded, value = pickle.load(handle)
        if written_for == identity and stamps(path for path, _, _ in recorded) == recorded:
            os.utime(entry)  # recently used: kept when the folder is pruned
            return value
    except Exception:  # a missing, stale, truncated or foreign entry: rebuild
        return None
    return None


def _write(entry: Path, identity: str, value: Any, dependencies: list[str]) -> None:
    import tempfile  # only a rebuild writes: a run that reads the cache does not pay for the import

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((identity, stamps(dependencies), value), protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, prefix=".tmp-") as handle:
            handle.write(payload)
        os.replace(handle.name, entry)
        _prune(entry.parent)
    except (OSError, pickle.PicklingError):
        pass  # a read-only home or full disk only costs the compile time next run


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently used entries (and no stray temporary files): the folder must not grow."""
    entries = sorted(folder.glob("ruleset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP:]:
        stale.unlink(missing_ok=True)
