"""An on-disk cache of the compiled rule set, so ``factx`` starts in milliseconds instead of compiling.

The ``regex`` module parses patterns in Python (about 0.2 s for the shipped rules), but a compiled pattern
pickles with its compiled code and unpickles in C (about 10 ms). An entry records every file it was built
from (rule files, lexicon tables, rule folders) with size and modification time, and is rebuilt when any of
them changes. ``FACTX_CACHE_DIR`` moves the cache; ``FACTX_CACHE_DIR=off`` disables it. A cache that cannot
be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import regex

FORMAT = 5
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

    digest = hashlib.sha256(repr((FORMAT, __version__, regex.__version__, sys.version, key)).encode()).hexdigest()
    entry = folder / f"ruleset-{digest[:32]}.pickle"
    value = _read(entry)
    if value is not None:
        return value
    value, dependencies = build()
    _write(entry, value, dependencies)
    return value


def _read(entry: Path) -> Any:
    try:
        with entry.open("rb") as handle:
            recorded, value = pickle.load(handle)
        if stamps(path for path, _, _ in recorded) == recorded:
            return value
    except Exception:  # a missing, stale, truncated or foreign entry: rebuild
        return None
    return None


def _write(entry: Path, value: Any, dependencies: list[str]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((stamps(dependencies), value), protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, prefix=".tmp-") as handle:
            handle.write(payload)
        os.replace(handle.name, entry)
    except (OSError, pickle.PicklingError):
        pass  # a read-only home or full disk only costs the compile time next run
