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
import queue
import sys
import threading
import time
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
    """Iterate ``source`` in a thread, at most ``depth`` items ahead of :meth:`get`.

    ``extra`` items more may be read ahead at first, while the consumer is not consuming yet
    (e.g. loading a model), until :meth:`settle` is called or the items read add up to
    ``max_extra_size`` (``size(item)`` each); the queue then drains back to ``depth``.

    An exception raised by ``source`` is raised again by :meth:`get`. :meth:`close` stops the
    thread (``interrupt()`` is called first to wake it if it is blocked, e.g. by killing busy
    reader processes) and waits for it.
    """

    def __init__(
        self, source: Iterator[T], depth: int, *, interrupt: Any = None, extra: int = 0,
        size: Any = None, max_extra_size: float = float("inf"),
    ) -> None:
        self._depth = max(depth, 1)
        # start-up allowance (:meth:`settle`): ``extra`` more items, until their ``size`` adds up
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=self._depth + max(extra, 0))
        self._size, self._extra_left = size, max_extra_size
        self._stop = threading.Event()
        self._interrupt = interrupt
        self._thread = threading.Thread(target=self._run, args=(source,), name="rolefit-batch-reader", daemon=True)
        self._thread.start()

    def _run(self, source: Iterator[T]) -> None:
        try:
            for item in source:
                if not self._put(item):
                    return
                if self._size is not None and self._queue.maxsize > self._depth:
                    self._extra_left -= self._size(item)
                    if self._extra_left <= 0:
                        self.settle()
            self._put(END)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failed(exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def settle(self) -> None:
        """End the start-up allowance: from now on at most ``depth`` items ahead."""
        with self._queue.mutex:
            self._queue.maxsize = self._depth

    def get(self, timeout: float | None = None) -> Any:
        """The next item, :data:`END`, or :data:`TIMEOUT` after ``timeout`` seconds."""
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return TIMEOUT
        if isinstance(item, _Failed):
            self._put_back_end()
            raise item.exc
        if item is END:
            self._put_back_end()
        return item

    def _put_back_end(self) -> None:
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(END)

    def close(self) -> None:
        if not self._thread.is_alive():
            return
        self._stop.set()
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
