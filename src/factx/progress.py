"""A progress bar on standard error for interactive batch runs: documents, MB, facts, rate and ETA.

The total behind the ETA is estimated in a background thread from the inputs' sizes (the uncompressed size
for zip and gzip), so a huge folder tree does not delay the start; until then the bar just counts.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from factx.model import Document, Fact
from factx.sources import iter_inputs

if TYPE_CHECKING:
    from rich.progress import Progress


class Bar:
    """The bar for one run; ``enabled=False`` makes every call a no-op (``--quiet``, stderr not a terminal).

    ``paths`` are the inputs to estimate the total from; none (stdin, a --files-from list) means no ETA.
    """

    def __init__(self, enabled: bool, paths: Sequence[str], glob: str | None) -> None:
        self.progress: Progress | None = None
        self.task: Any = 0
        if enabled:  # rich.progress is imported only here: it costs ~40 ms of start-up
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[documents]:,} documents"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[facts]:,} facts"),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
        self.paths = list(paths)
        self.glob = glob
        self.documents = 0
        self.facts = 0

    def __enter__(self) -> Bar:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task("extract", total=None, documents=0, facts=0)
            if self.paths and "-" not in self.paths:
                threading.Thread(target=self._estimate, daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, document: Document, facts: list[Fact]) -> None:
        if self.progress is None:
            return
        self.documents += 1
        self.facts += len(facts)
        self.progress.update(self.task, advance=document.size, documents=self.documents, facts=self.facts)

    def _estimate(self) -> None:
        total = sum(input_size(item.path) for item in iter_inputs(self.paths, glob=self.glob) if item.path)
        if self.progress is not None:
            self.progress.update(self.task, total=total)


def input_size(path: str) -> int:
    """About how many bytes of documents one input file holds; 0 when it cannot be read.

    Only regular files are opened: a FIFO (``<(zcat dump.gz)``) must be left whole for the real reader.
    """
    import zipfile  # here, in the estimating thread: not on the way to the first result

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return 0
        size = info.st_size
        with open(path, "rb") as handle:
            magic = handle.read(4)
            if magic.startswith(b"PK\x03\x04"):
                with zipfile.ZipFile(handle) as archive:
                    return sum(member.file_size for member in archive.infolist())
            if magic.startswith(b"\x1f\x8b") and size >= 4:
                handle.seek(-4, os.SEEK_END)  # gzip's trailer: the uncompressed size modulo 4 GiB
                return max(int.from_bytes(handle.read(4), "little"), size)
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0
    return size
