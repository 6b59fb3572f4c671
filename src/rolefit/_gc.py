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
def collector_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was
    (enabled or not), also when the block raises.

    Parameters
    ----------
    promote : bool, default False
        When the block ends and the collector is enabled again, move every object it tracks to
        its oldest generation (``gc.freeze()`` then ``gc.unfreeze()``: no traversal) instead of
        leaving all the block allocated in the youngest, where the first collection after the
        block traverses it all (after the first scorer is set up: some 400,000 objects that
        stay alive, 50-60 ms). For blocks whose objects mostly stay alive: cyclic garbage among
        them, or made earlier, is freed by the next full collection instead of a younger one.
        Not done while objects are frozen (``gc.get_freeze_count() > 0``: a pre-fork server, or
        ``rolefit batch``'s forked workers, froze them so that the collector never writes into
        the pages they share): ``gc.unfreeze()`` would release those too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if promote and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
