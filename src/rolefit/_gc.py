"""The one pause of Python's cyclic garbage collector, for work that allocates many objects.

Building the pipeline and scoring a batch each allocate many objects while some 100,000
long-lived ones (lexemes, patterns, titles, the model) are alive, so the collector's thresholds
trigger collections that traverse those and free nothing. What such work frees is freed by
reference counting as usual; the few cycles it leaves are collected once the collector runs
again. Nothing computed depends on it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was
    (enabled or not), also when the block raises."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
