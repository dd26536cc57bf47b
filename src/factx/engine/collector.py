"""Pausing Python's cyclic garbage collector while factx makes many short-lived objects that hold no cycles.

The collector runs every few hundred allocations and, now and then, walks every object the process holds,
the rule set's tables and the normalisers' memos included. Unpickling the rule set and scanning a batch of
texts (matches, candidates, facts: freed by reference counting alone) make many objects quickly, and the
collector found nothing to collect there. It is switched back on afterwards, unless it was off before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
