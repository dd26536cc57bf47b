"""Ctrl-C and SIGTERM stop a batch at once, except while one document's results are being written.

Work in flight is simply dropped (it is redone on ``--resume``), but a document that is half written would be
a lie in the output, so inside ``atomic()`` the signal is held back until the block ends.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """Within ``with Interrupts() as guard``, SIGINT and SIGTERM raise KeyboardInterrupt (exit 130)."""

    def __init__(self) -> None:
        self._depth = 0
        self._held: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Interrupts:
        for signum in _SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._depth:
            self._held = signum
            return
        raise KeyboardInterrupt

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run the block whole: a signal that arrives meanwhile takes effect when it ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._held is not None and not self._depth:
            self._held = None
            raise KeyboardInterrupt
