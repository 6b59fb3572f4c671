"""How a batch uses the cores of one machine: reading ahead while scoring, and scoring
processes forked from a parent that has already loaded the model.

Reading ahead. :class:`Prefetch` runs the reading side of an engine (loading each input's
bytes, decoding plain text, handing PDF and DOCX files to the reader processes and waiting for
their text) in a thread, a bounded number of inputs ahead of the scoring. The reader processes
then parse the next files while the engine's thread scores the current batch; before, a reader
process got its next file only when the scorer asked for it, so parsing and scoring took
turns. The thread mostly waits on pipes (the parsers run in other processes), so it costs the
scoring little of the GIL.

Forked scoring processes (``jobs > 1``). Loading the model, building the spaCy pipeline and the
first language check cost seconds per process; with the ``spawn`` start method every one of
``jobs`` processes paid them, on the same cores. Instead the parent loads and warms one engine
and the workers are forked from it (:func:`start_method`): they share its memory copy-on-write
and start scoring at once. Fork is used only where it is safe: on Linux, from a process with no
other Python thread running (spaCy, numpy and OpenBLAS start no Python threads; OpenBLAS's own
threads are stopped and restarted around ``fork`` by its ``pthread_atfork`` handlers). A process
with threads (a Dask client, a web server) gets ``spawn`` and pays the start-up per worker, as
before. A forked worker (:func:`init_forked_worker`) first closes its copies of the output
lock's descriptor (the lock belongs to the parent: if the parent is killed, the next run must
get it at once), limits BLAS and OpenMP to one thread (the worker is the unit of parallelism),
and exits when its parent is gone.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Any, Final, Generic, TypeVar

from rolefit.batch import _journal

T = TypeVar("T")

#: Returned by :meth:`Prefetch.get` when nothing arrived in time.
TIMEOUT: Final = object()
#: Returned by :meth:`Prefetch.get` after the last item.
END: Final = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class Prefetch(Generic[T]):
    """Iterate ``source`` in a thread, a bounded number of items ahead of :meth:`get`.

    The queue holds up to ``depth`` items, and up to ``extra`` more while the items queued
    (``size(item)`` each) add up to less than ``max_extra_size``. The bound is on what is
    queued now, for the whole run: the reading never waits while the consumer works through
    what was read ahead at start-up (e.g. while a model loaded), as long as that stays small.

    An exception raised by ``source`` is raised again by :meth:`get`. :meth:`close` stops the
    thread (``interrupt()`` is called first to wake it if it is blocked, e.g. by killing busy
    reader processes) and waits for it.
    """

    def __init__(
        self, source: Iterator[T], depth: int, *, interrupt: Any = None, extra: int = 0,
        size: Any = None, max_extra_size: float = float("inf"),
    ) -> None:
        self._depth = max(depth, 1)
        self._most = self._depth + max(extra, 0)
        self._size, self._max_size = size, max_extra_size
        self._items: deque[tuple[Any, float]] = deque()  # (item, its size)
        self._held = 0.0  # the size of the items queued
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._interrupt = interrupt
        self._thread = threading.Thread(target=self._run, args=(source,), name="rolefit-batch-reader", daemon=True)
        self._thread.start()

    def _run(self, source: Iterator[T]) -> None:
        try:
            for item in source:
                if not self._put(item, self._size(item) if self._size is not None else 0):
                    return
            self._put(END, 0, force=True)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failed(exc), 0, force=True)
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def _room(self) -> bool:
        n = len(self._items)
        return n < self._depth or (n < self._most and self._held < self._max_size)

    def _put(self, item: Any, size: float, *, force: bool = False) -> bool:
        with self._ready:
            while not (force or self._room()):
                if self._stop.is_set():
                    return False
                self._ready.wait(0.1)
            if self._stop.is_set():
                return False
            self._items.append((item, size))
            self._held += size
            self._ready.notify_all()
            return True

    def get(self, timeout: float | None = None) -> Any:
        """The next item, :data:`END`, or :data:`TIMEOUT` after ``timeout`` seconds."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._items, timeout):
                return TIMEOUT
            item, size = self._items.popleft()
            self._held -= size
            if isinstance(item, _Failed) or item is END:
                self._items.appendleft((END, 0))  # every later get() finds the end
            self._ready.notify_all()
        if isinstance(item, _Failed):
            raise item.exc
        return item

    def close(self) -> None:
        if not self._thread.is_alive():
            return
        self._stop.set()
        with self._ready:
            self._ready.notify_all()
        if self._interrupt is not None:
            self._interrupt()
        self._thread.join()


# --------------------------------------------------------------------------- forked workers


def start_method() -> str:
    """``"fork"`` where forking a warm engine is safe (Linux, no other Python thread), else ``"spawn"``."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        if threading.active_count() == 1:
            return "fork"
    return "spawn"


def fork_workers(executor: Any, jobs: int) -> None:
    """Fork ``executor``'s ``jobs`` workers now, with the garbage collector's objects frozen.

    A ``fork`` ``ProcessPoolExecutor`` forks all its workers at the first ``submit``. Frozen
    objects (:func:`gc.freeze`) are never traversed by the collector, so the workers do not
    write into (and thereby copy) every page of the model they share with the parent; the
    parent unfreezes its own right after.
    """
    gc.freeze()
    try:
        futures = [executor.submit(os.getpid) for _ in range(jobs)]
    finally:
        gc.unfreeze()
    for future in futures:
        future.result()


def init_forked_worker(parent_pid: int) -> None:
    """First thing a forked scoring process does (see the module docstring)."""
    for fd in list(_journal.HELD_LOCK_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _journal.HELD_LOCK_FDS.clear()
    limit_threads()
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="rolefit-parent-watch", daemon=True).start()


def limit_threads() -> None:
    """One BLAS/OpenMP thread for the rest of this process's life."""
    from threadpoolctl import threadpool_limits  # lazy: only worker processes need it here

    threadpool_limits(limits=1)


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)
