"""The isolation sandbox: a pool of long-lived reader processes with a memory cap and a
per-file timeout.

:func:`rolefit.readers.read_document` bounds what the *input* can make it allocate (byte,
character, page, inflation and ZIP limits), but a hostile or damaged file can still keep a
parser busy for a long time or find a path to large allocations inside pypdf or lxml. A
:class:`ReaderPool` therefore runs the parsers in worker processes that

- have a memory cap: ``RLIMIT_AS`` (address space) is set, in the worker only, to what the
  worker occupies once its parsers are imported plus ``ReadLimits.memory_mb``; an
  allocation beyond it fails with ``MemoryError`` -> ``RESOURCE_LIMIT``, and the worker is
  replaced (its heap may be fragmented);
- have a wall-clock limit per file: a worker still busy ``ReadLimits.timeout_s`` after it
  received a file is killed (``SIGKILL``) and replaced -> ``TIMEOUT``; the other files go on;
- are recycled: after :data:`RECYCLE_FILES` files, or once the worker has grown by more than
  half its memory allowance, it is stopped and a fresh one takes its place, so nothing a
  hostile file left behind lasts long (its successor is started while it reads its last
  files, :meth:`ReaderPool._prestart`). A worker that dies without answering (killed by a
  signal, e.g. the kernel's OOM killer) gives ``RESOURCE_LIMIT`` for the file it held.

Plain text needs no parser sandbox: when no custom ``reader`` is given, files whose first
bytes match no container format of the registry (PDF, ZIP...) are decoded in the calling
process under the byte and character caps, and only containers go to a worker.

Workers are plain child interpreters (:mod:`subprocess`, not :mod:`multiprocessing`), so the
pool also works inside daemonic processes such as Dask workers, and nothing of the calling
process (threads, locks, a loaded model) is copied into them. Messages are length-prefixed
pickles over the worker's stdin/stdout; the parent only ever receives the text, so its own
memory does not grow with the input. Starting a worker costs about 0.3-0.6 s (one
interpreter importing the parsers); it happens on the first container file, not per file.
The memory cap needs ``resource`` and ``/proc`` (Linux); elsewhere only the timeout applies.

Length: about 580 lines: the worker protocol (framing, start-up, kill-and-replace on timeout,
recycling, the memory cap) is one state machine whose parts are only correct together;
keeping it in one module keeps its invariants reviewable in one read.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeVar

from rolefit.errors import Errors, ParameterValueError, ReadError, shown_path
from rolefit.readers import _base
from rolefit.readers._base import ReadLimits, ReadResult
from rolefit.readers._read import read_bytes, read_document, read_file
from rolefit.readers._registry import needs_sandbox

__all__ = [
    "RECYCLE_FILES",
    "ReaderPool",
    "iter_read_documents_isolated",
    "iter_read_isolated",
    "read_document_isolated",
    "read_text_isolated",
]

#: A reader worker is replaced after this many files.
RECYCLE_FILES: Final = 500
#: What the built-in parsers import for every file, imported by a worker before its memory cap
#: is set: a module first imported under the cap can fail to map its shared libraries (numpy's
#: ImportError, OpenBLAS exiting when it cannot start its threads), which is no fault of the
#: file. The modules only some files need (numpy and pdfminer.six for a page with columns,
#: python-docx for a DOCX; about 0.2 s of a worker's 0.45 s start-up) are imported on first
#: use (:func:`rolefit.readers._base.parser_module`) with the cap lifted meanwhile, and the cap
#: then raised by what they occupy (:func:`_import_uncapped`): the same cap as if preloaded.
_PRELOAD: Final = (
    "rolefit.readers", "pypdf", "charset_normalizer", "encodings.charmap", "encodings.cp437",
)
_EXIT_NO_MEMORY: Final = 3  # the worker could not even send its MemoryError report
_START_TIMEOUT_S: Final = 120.0  # a worker that cannot import the parsers in this time is broken
_HEADER: Final = struct.Struct("<Q")

P = TypeVar("P")
Reader = Callable[[Any], ReadResult]
Outcome = ReadResult | ReadError


def read_text_isolated(
    path: str | os.PathLike[str],
    *,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> str:
    """Read one file's text in a sandboxed worker; ``read_document_isolated(...).text``."""
    return read_document_isolated(path, limits=limits, reader=reader, **limit_overrides).text


def read_document_isolated(
    path: str | os.PathLike[str],
    *,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> ReadResult:
    """Read one file in a sandboxed reader process with a timeout and a memory cap.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.
    limits : ReadLimits, optional
        All caps: ``timeout_s`` (wall-clock seconds before the worker is killed),
        ``memory_mb`` (MiB the worker may allocate beyond its start-up size; Linux
        only), and the byte/character/page caps of :func:`rolefit.readers.read_document`.
    reader : callable, optional
        Replaces :func:`~rolefit.readers.read_document` (and its caps): a module-level
        function ``reader(path) -> ReadResult`` (or a ``functools.partial`` of one) that
        the worker can import by name, e.g. an OCR reader. It always runs in a worker.
    **limit_overrides
        Any :class:`ReadLimits` field by name (e.g. ``timeout_s=5``).

    Returns
    -------
    ReadResult
        As :func:`rolefit.readers.read_document` returns it.

    Raises
    ------
    ReadError
        Every code :func:`~rolefit.readers.read_document` raises, plus ``TIMEOUT`` (killed
        after ``timeout_s``) and ``RESOURCE_LIMIT`` (out of memory under ``memory_mb``, or
        killed by a signal). A reader that fails with any other exception gives
        ``PARSE_ERROR``.
    InputTypeError
        If a limit is invalid (see :class:`ReadLimits`).
    """
    ((_, outcome),) = iter_read_documents_isolated([path], limits=limits, reader=reader, **limit_overrides)
    if isinstance(outcome, ReadError):
        raise outcome
    return outcome


def iter_read_isolated(
    paths: Iterable[P],
    *,
    jobs: int = 1,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> Iterator[tuple[P, str | ReadError]]:
    """Like :func:`iter_read_documents_isolated`, yielding ``(path, text)`` for files read."""
    rows = iter_read_documents_isolated(paths, jobs=jobs, limits=limits, reader=reader, **limit_overrides)
    return _texts(rows)


def _texts(rows: Iterator[tuple[P, Outcome]]) -> Iterator[tuple[P, str | ReadError]]:
    with contextlib.closing(rows):  # closing this iterator stops the workers too
        for path, outcome in rows:
            yield path, outcome if isinstance(outcome, ReadError) else outcome.text


def iter_read_documents_isolated(
    paths: Iterable[P],
    *,
    jobs: int = 1,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> Iterator[tuple[P, Outcome]]:
    """Read many files with a :class:`ReaderPool` of ``jobs`` workers, in input order.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Files to read; consumed lazily.
    jobs : int, default 1
        Reader worker processes.
    limits, reader, **limit_overrides
        As in :func:`read_document_isolated`.

    Yields
    ------
    (path, ReadResult or ReadError)
        One pair per input path (the same object), in input order; a file that cannot be
        read yields its :class:`~rolefit.errors.ReadError` instead of raising.

    Raises
    ------
    InputTypeError
        If ``jobs`` is not a positive integer or a limit is invalid (raised at the call,
        before any file is read).

    Notes
    -----
    At most ``64 * jobs`` files are in flight or waiting to be yielded (beyond ``4 * jobs``,
    only while their bytes add up to less than 64 MiB). Closing the
    iterator early stops the workers.
    """
    pool = ReaderPool(workers=jobs, limits=ReadLimits.resolve(limits, **limit_overrides), reader=reader)
    return _pool_rows(pool, paths)


def _pool_rows(pool: ReaderPool, paths: Iterable[P]) -> Iterator[tuple[P, Outcome]]:
    with pool:
        yield from pool.imap(paths)


class ReaderPool:
    """Long-lived, memory-capped reader processes with a per-file timeout.

    Parameters
    ----------
    workers : int, default 1
        Most reader processes alive at once (started on demand).
    limits : ReadLimits, optional
        Caps; ``timeout_s`` and ``memory_mb`` apply per file and per worker.
    reader : callable, optional
        A module-level ``reader(path) -> ReadResult`` replacing
        :func:`~rolefit.readers.read_document`; every file then goes to a worker.
    recycle_files : int, default :data:`RECYCLE_FILES`
        Files a worker reads before it is replaced.

    Raises
    ------
    InputTypeError
        If ``workers`` or ``recycle_files`` is not a positive integer.

    Notes
    -----
    Use as a context manager (or call :meth:`close`): leaving it stops every worker.
    """

    def __init__(
        self,
        *,
        workers: int = 1,
        limits: ReadLimits | None = None,
        reader: Reader | None = None,
        recycle_files: int = RECYCLE_FILES,
    ) -> None:
        for name, value in (("jobs", workers), ("recycle_files", recycle_files)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ParameterValueError(name, "a positive integer", value)
        self.workers, self.recycle_files = workers, recycle_files
        self.limits = ReadLimits.resolve(limits)
        self.reader = reader
        self._target: Reader = reader or partial(read_document, limits=self.limits)
        self._live: list[_Worker] = []  # every worker process not yet stopped
        # workers that may run now (:meth:`throttle`); may be raised from another thread
        self.active = workers
        self._slow_s = float("inf")
        self._queue: deque[_Job] = deque()  # not yet sent to a worker
        self.pids: set[int] = set()  # every worker process started (for tests and monitoring)
        # a worker started ahead of time to take over from one about to be recycled (:meth:`_prestart`)
        self._standby: _Worker | None = None
        self._expected: int | None = None  # container files still to come (:meth:`expect`), if known

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (busy ones are killed)."""
        idle = [w for w in self._live if not w.jobs]
        for worker in idle:  # every idle worker is told first, so they exit together
            worker.hang_up()
        for worker in idle:
            worker.stop()
        for worker in self._live:
            if worker.jobs:
                worker.kill()
        if self._standby is not None:  # holds no file: nothing to finish
            self._standby.kill()
            self._standby = None
        self._live = []
        self._queue.clear()

    def start(self, n: int | None = None) -> None:
        """Start ``n`` workers (default: ``workers``) now, without waiting for them.

        A worker imports the parsers in about 0.3 s; started before the first container file
        arrives (e.g. while the caller loads a model), they are ready when it does. Workers
        are otherwise started on demand.
        """
        while len(self._live) < min(self.active, self.active if n is None else n):
            self._spawn()

    def expect(self, files: int | None) -> None:
        """Say how many container files the coming :meth:`imap` calls will send to workers
        (None: unknown). Only used to start a worker's successor ahead of time when the
        worker is about to be recycled (:data:`PRESTART_S`): not when the files still to
        come fit in what the worker may still read.
        """
        self._expected = files

    def throttle(self, n: int, *, slow_s: float) -> None:
        """Run at most ``n`` workers (at least 1) until reading turns out to be slow.

        A worker costs its start-up (an interpreter importing the parsers, about 0.3-0.5 s of
        CPU) even when one worker reads faster than the caller uses the text, as with small
        PDFs whose scoring costs more than their parsing. Throttled, the pool starts more
        workers (up to ``workers``, each when a file is waiting for one) once a file has cost
        its worker ``slow_s`` CPU seconds or more (a worker's first file, which also pays the
        parsers' first-use set-up, does not count), once a worker is killed for overrunning or
        found dead (files that hang would otherwise wait for one worker each), or once
        :meth:`unthrottle` is called (e.g.
        by a consumer whose texts arrive slower than it uses them). Timeouts, memory caps and
        every error code are the same with any number of workers.
        """
        self.active = max(1, min(self.workers, n))
        self._slow_s = slow_s

    def unthrottle(self) -> None:
        """Allow ``workers`` workers again (started when files are waiting for one).

        Safe to call from another thread than the one iterating :meth:`imap`: it only raises
        a number that thread reads when it next hands out files.
        """
        self.active = self.workers

    def interrupt(self) -> None:
        """Kill the busy workers (a signal only), waking a thread blocked in :meth:`imap`.

        Safe to call from another thread than the one iterating :meth:`imap`: that thread
        sees the workers die and reports the files they were reading as ``RESOURCE_LIMIT``;
        the pool stays usable. Used to stop reading ahead at once when a batch is interrupted.
        """
        for worker in list(self._live):
            if worker.jobs:
                with contextlib.suppress(OSError):
                    worker.process.kill()

    def read_here(self, source: Any, where: str) -> Outcome | None:
        """Read ``source`` in this process if it needs no sandbox (plain text); else None.

        ``source`` is a path, bytes, or a ReadError (returned as it is). Without a custom
        ``reader`` only.
        """
        if isinstance(source, ReadError):
            return source
        if self.reader is not None:
            return None
        try:
            data = bytes(source) if isinstance(source, (bytes, bytearray)) else None
            if data is None:
                data = read_file(Path(source), where, self.limits.max_bytes)
            if needs_sandbox(data):
                return None
            return read_bytes(data, where, self.limits)
        except ReadError as exc:
            return exc

    def imap(
        self,
        sources: Iterable[P],
        *,
        where: Callable[[P], str] | None = None,
        payload: Callable[[P], Any] | None = None,
    ) -> Iterator[tuple[P, Outcome]]:
        """Read ``sources`` in input order, yielding ``(source, ReadResult or ReadError)``.

        Parameters
        ----------
        sources : iterable
            Paths; or any objects, with ``payload(source)`` giving what to read (a path,
            the bytes, or a ReadError that is passed through as the outcome) and
            ``where(source)`` the name used in messages.

        Notes
        -----
        Plain text is read in this process, containers by the workers; at most
        ``4 * workers`` sources are in flight or waiting to be yielded.
        """
        name = where or (lambda s: os.fspath(s) if isinstance(s, (str, os.PathLike)) else "<bytes>")
        what = payload or (lambda s: s)
        pending = iter(sources)
        window: deque[list[Any]] = deque()  # [source, outcome or None, job id, payload bytes]
        jobs: dict[int, list[Any]] = {}
        try:
            yield from self._imap(pending, name, what, window, jobs)
        finally:
            if jobs:  # closed early: what it left queued or in workers must not reach a later imap
                self._abandon()

    def _abandon(self) -> None:
        """Drop queued files and stop the workers holding unanswered ones (their answers would
        otherwise be taken for a later call's files)."""
        self._queue.clear()
        for worker in [w for w in self._live if w.jobs]:
            worker.jobs.clear()
            worker.kill()
            self._live.remove(worker)

    def _imap(
        self, pending: Iterator[Any], name: Callable[[Any], str], what: Callable[[Any], Any],
        window: deque[list[Any]], jobs: dict[int, list[Any]],
    ) -> Iterator[tuple[Any, Outcome]]:
        next_id = 0
        exhausted = False
        held = 0  # bytes of the window's payloads (the sources hold them until yielded)
        while True:
            while not exhausted and self._room(len(window), held):
                source = next(pending, _END)
                if source is _END:
                    exhausted = True
                    break
                label, item = name(source), what(source)
                size = len(item) if isinstance(item, (bytes, bytearray)) else 0
                slot = [source, self.read_here(item, label), next_id, size]
                if slot[1] is None:
                    jobs[next_id] = slot
                    self._queue.append(_Job(next_id, item, label))
                    if self._expected:
                        self._expected -= 1
                next_id += 1
                held += size
                window.append(slot)
            while window and window[0][1] is not None:
                source, outcome, _, size = window.popleft()
                held -= size
                yield source, outcome
            if not window:
                if exhausted:
                    return
                continue
            for job_id, outcome in self._step():
                jobs.pop(job_id)[1] = outcome

    def _room(self, n: int, held: int) -> bool:
        """Whether :meth:`imap` may take one more source, with ``n`` in its window holding
        ``held`` bytes: :data:`WINDOW_PER_WORKER` per worker (a few whatever their size), so
        that a worker always has files queued while the caller is busy, within :data:`WINDOW_BYTES`."""
        if n < 4 * self.workers:
            return True
        return n < WINDOW_PER_WORKER * self.workers and held < WINDOW_BYTES

    # ------------------------------------------------------------------ scheduling

    def _spawn(self) -> _Worker:
        worker, self._standby = self._standby, None
        if worker is None or worker.process.poll() is not None:  # none started ahead, or it died
            if worker is not None:
                worker.kill()
            worker = self._start_worker()
        self._live.append(worker)
        return worker

    def _start_worker(self) -> _Worker:
        """A new worker process, its pid recorded in :attr:`pids`."""
        worker = _Worker(self._target, self.limits, self.recycle_files)
        self.pids.add(worker.pid)
        return worker

    def _prestart(self) -> None:
        """Start the successor of a worker about to be recycled while it reads its last files.

        A worker is replaced after :data:`RECYCLE_FILES` files; its successor needs about
        0.3-0.6 s to import the parsers, and started only when the old one has finished, the
        files meanwhile wait for it (on small PDFs the caller then waits too). So once a worker
        has at most about :data:`PRESTART_S` of files left before its recycling (at the rate
        it has been reading) and more files are known to come than it may still take (queued
        here, or announced by :meth:`expect`), one worker is started ahead; it takes the next
        free place (:meth:`_spawn`) and is killed by :meth:`close` if it was never needed.
        """
        if self._standby is not None:
            return
        now = time.monotonic()
        coming = len(self._queue) + (self._expected or 0)
        for worker in self._live:
            left = self.recycle_files - worker.files
            if not worker.alive or worker.spent or coming <= max(left, 0):
                continue
            if left > 0 and (not worker.answered or left * (now - worker.first_sent) / worker.answered > PRESTART_S):
                continue
            self._standby = self._start_worker()
            return

    def _dispatch(self) -> None:
        """Hand queued files to workers: idle ones first, then new ones (up to ``workers``),
        then queued behind a busy worker's current file (:meth:`_Worker.can_queue`), so a
        worker never waits for this process to send its next small file."""
        # a worker that died or failed to start while idle holds no file: drop it, else it would
        # count towards ``workers`` for ever and no file could be sent (the call would spin)
        if any(not w.alive and not w.jobs for w in self._live):
            self._live = [w for w in self._live if w.alive or w.jobs]
        try:
            self._hand_out()
        finally:
            for worker in self._live:
                worker.flush()

    def _hand_out(self) -> None:
        while self._queue:
            job = self._queue[0]
            open_ = [w for w in self._live if w.accepting]
            worker = next((w for w in open_ if not w.jobs), None)
            if worker is None and len(self._live) < self.active:
                worker = self._spawn()
            if worker is None:
                queueable = [w for w in open_ if w.can_queue(job)]
                worker = min(queueable, key=lambda w: len(w.jobs), default=None)
            if worker is None:
                return
            self._queue.popleft()
            try:
                worker.send(job)
            except BaseException:
                # only a worker's first send can raise (it did not start: RuntimeError from
                # _wait_ready), and such a worker holds no file: it leaves the pool, so a later
                # call starts a new one, and the file goes back to the front of the queue
                worker.kill()
                self._live.remove(worker)
                self._queue.appendleft(job)
                raise

    def _step(self) -> list[tuple[int, Outcome]]:
        """Hand queued files to workers, wait for one event, return finished jobs.

        A worker's files are answered in the order they were sent; its deadline is that of
        the file it is reading (the oldest unanswered one), counted from when it could start
        it. A worker killed for overrunning, or found dead, gives its current file the
        outcome (TIMEOUT, RESOURCE_LIMIT...); the files queued behind it go back to the front
        of the queue, for another worker, in their order.
        """
        self._dispatch()
        self._prestart()
        busy = [w for w in self._live if w.jobs]
        if not busy:
            return []
        # answers already read ahead are taken without waiting; else wait for one (or a deadline)
        wait_s = 0.0 if any(w.has_answer() for w in busy) else max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready, _, _ = select.select([w.stdout for w in busy], [], [], wait_s)
        ended = {w for w in busy if w.stdout in ready and not w.pull()}  # one read each: all it holds
        done: list[tuple[int, Outcome]] = []
        for worker in busy:
            while worker.jobs:
                outcome: Outcome
                if worker.has_answer() or worker in ended:
                    outcome = worker.receive()
                    if worker.read_cpu_s >= self._slow_s:
                        self.unthrottle()  # reading is the slow side: more workers are worth their start
                elif time.monotonic() >= worker.deadline:
                    worker.kill()
                    message = Errors.RF517.format(path=shown_path(worker.label), timeout_s=self.limits.timeout_s)
                    outcome = ReadError("TIMEOUT", message, worker.label)
                else:
                    break  # its current file is still being read
                done.append((worker.finish(), outcome))
                if not worker.alive:
                    # killed (timeout) or dead: files that hang would otherwise wait for one reader
                    # each, one after another
                    self.unthrottle()
                if not worker.alive or worker.spent:  # killed, dead, or to be started afresh
                    self._queue.extendleft(reversed(worker.take_back()))
                elif worker.accepting or worker.jobs:
                    continue  # a worker due for recycling reads what it holds first
                self._live.remove(worker)
                worker.stop()
                break
        return done


_END: Final = object()
#: Files in flight or waiting to be yielded by :meth:`ReaderPool.imap`, per worker (beyond
#: the first four, only while their bytes add up to less than :data:`WINDOW_BYTES`).
WINDOW_PER_WORKER: Final = 64
WINDOW_BYTES: Final = 64 << 20
#: Seconds of reading (at a worker's pace so far) before its recycling from which its successor
#: is started (:meth:`ReaderPool._prestart`): a little more than a worker's start-up.
PRESTART_S: Final = 1.0
#: Files sent to one worker before it answered the first of them (its current file included)...
QUEUE_PER_WORKER: Final = 4
#: ...or more, up to :data:`QUEUE_MAX` files, while they take it at most :data:`QUEUE_AHEAD_S`
#: CPU seconds to read at its pace so far (its first file not counted): enough small files (a
#: generated one-page PDF costs 2-3 ms) to keep it busy while the calling process scores a
#: batch and does not answer (a thread of a busy process gets the GIL back only every few
#: milliseconds), and no more slow ones (a real CV PDF costs 30-500 ms) than before, so that a
#: worker started later still finds files waiting for it.
QUEUE_MAX: Final = 64
QUEUE_AHEAD_S: Final = 0.2
#: Capacity asked for each of a worker's pipes (Linux ``F_SETPIPE_SZ``; what an unprivileged
#: process may ask by default): room for the files queued to it and for its answers, which
#: then wait in the pipe instead of the worker waiting for this process to read them.
PIPE_BYTES: Final = 1 << 20
#: Most bytes read from a worker's pipe at once (its answers are taken from what was read).
_READ_BYTES: Final = 1 << 20
#: Bytes of frames that may wait unread in a worker's input pipe (a share of the pipe's
#: capacity, so that sending never blocks while the worker reads another file).
_QUEUE_BYTES_SHARE: Final = 0.5


class _Job:
    """One file for a worker: its id, what to read (a path or the bytes), its name, and an
    upper bound of the size of the frame that carries it (built only when it is sent, so a
    queued file's bytes are not held twice)."""

    __slots__ = ("job_id", "source", "label", "size")

    def __init__(self, job_id: int, source: Any, label: str) -> None:
        self.job_id, self.source, self.label = job_id, source, label
        if isinstance(source, (bytes, bytearray)):
            payload = len(source)
        elif isinstance(source, (str, os.PathLike)):
            payload = 4 * len(os.fspath(source))
        else:
            payload = 1 << 62  # anything else is never queued behind another file
        self.size = payload + 4 * len(label) + _FRAME_OVERHEAD

    def frame(self) -> bytes:
        return _frame((self.job_id, self.source, self.label))


#: More than the bytes pickle adds around a job's payload and label (header, tuple, opcodes).
_FRAME_OVERHEAD: Final = 256


class _Worker:
    """One reader process and the parent's ends of its pipes.

    The process is started at once; its "ready" answer (after it imported the parsers) is
    awaited only before the first file is sent, so several workers start in parallel.
    """

    def __init__(self, target: Reader, limits: ReadLimits, recycle_files: int = RECYCLE_FILES) -> None:
        self.limits, self.recycle_files = limits, recycle_files
        code = "from rolefit.readers._isolation import _worker_main; _worker_main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            close_fds=True, start_new_session=True,
            bufsize=0,  # unbuffered: an answer read ahead into a buffer would be invisible to select()
        )
        self.pid = self.process.pid
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: BinaryIO = self.process.stdin
        self.stdout: BinaryIO = self.process.stdout
        self.alive, self.ready, self.files, self.spent = True, False, 0, False
        self.read_cpu_s = 0.0  # CPU seconds the worker spent on the last file it read
        self.answered = 0  # files read without an error
        self.cpu_s = 0.0  # CPU seconds of those files, the first one excepted (its reading pace)
        self.jobs: deque[_Job] = deque()  # sent, not answered yet; the first is being read
        self.deadline = float("inf")
        self.first_sent = 0.0  # when the first file was sent (its reading pace: :meth:`ReaderPool._prestart`)
        for pipe in (self.stdin, self.stdout):
            _grow_pipe(pipe)
        self.queue_bytes = _queue_bytes(self.stdin)
        self.outbox: list[bytes] = []  # frames of files sent, not written yet (:meth:`flush`)
        self.inbox = bytearray()  # answers read from the pipe, not taken yet (:meth:`receive`)
        _write_frame(self.stdin, list(sys.path))
        _write_frame(self.stdin, (target, limits.memory_mb, _PRELOAD))

    @property
    def label(self) -> str:
        """The name of the file being read."""
        return self.jobs[0].label if self.jobs else ""

    @property
    def accepting(self) -> bool:
        """Whether more files may be sent (alive, not spent, not due for recycling)."""
        return self.alive and not self.spent and self.files < self.recycle_files

    def can_queue(self, job: _Job) -> bool:
        """Whether ``job`` may wait behind this busy worker's files: few enough files, and
        every frame it holds unread fits in its pipe (sending must never block)."""
        if len(self.jobs) >= self.queue_files:
            return False
        return sum(j.size for j in self.jobs) + job.size <= self.queue_bytes

    @property
    def queue_files(self) -> int:
        """Files this worker may hold: :data:`QUEUE_PER_WORKER`, more when its files read fast."""
        timed = self.answered - 1  # its first file also paid the parsers' first-use set-up
        if timed < 1 or self.cpu_s <= 0.0:
            return QUEUE_PER_WORKER
        ahead = int(QUEUE_AHEAD_S * timed / self.cpu_s)
        return max(QUEUE_PER_WORKER, min(QUEUE_MAX, ahead))

    def _wait_ready(self) -> None:
        ready, _, _ = select.select([self.stdout], [], [], _START_TIMEOUT_S)
        try:
            hello = _read_frame(self.stdout) if ready else None
        except (EOFError, OSError, pickle.UnpicklingError):
            hello = None
        if not (isinstance(hello, tuple) and hello[:1] == ("ready",)):
            self.kill()
            raise RuntimeError(f"a rolefit reader process did not start (got {hello!r})")
        self.ready = True

    def send(self, job: _Job) -> None:
        if not self.ready:
            self._wait_ready()
            self.first_sent = time.monotonic()
        if not self.jobs:
            self.deadline = time.monotonic() + self.limits.timeout_s
        self.jobs.append(job)
        self.files += 1
        self.outbox.append(job.frame())

    def flush(self) -> None:
        """Write the frames of the files sent since the last call, in one write."""
        if not self.outbox:
            return
        data = self.outbox[0] if len(self.outbox) == 1 else b"".join(self.outbox)
        self.outbox.clear()
        try:
            _write_all(self.stdin, data)
        except OSError:
            pass  # died already: receive() reports it

    def finish(self) -> int:
        """The current file was answered: its job id; the next file's clock starts now."""
        job = self.jobs.popleft()
        self.deadline = time.monotonic() + self.limits.timeout_s if self.jobs else float("inf")
        return job.job_id

    def take_back(self) -> list[_Job]:
        """The files sent but not started (all when the worker is gone): to send elsewhere.

        A live worker that should take no more files (spent, recycled) keeps none either: it
        is killed if it holds any, since it may already be reading the next one.
        """
        if not self.jobs:
            return []
        jobs = list(self.jobs)
        self.jobs.clear()
        if self.alive:
            self.kill()
        return jobs

    def pull(self) -> bool:
        """Read what the worker's pipe holds into :attr:`inbox` (one read: call it when
        ``select`` said the pipe is readable); False at the end of the pipe."""
        try:
            chunk = os.read(self.stdout.fileno(), _READ_BYTES)
        except OSError:
            chunk = b""
        self.inbox += chunk
        return bool(chunk)

    def has_answer(self) -> bool:
        """Whether a whole answer is in :attr:`inbox`."""
        if len(self.inbox) < _HEADER.size:
            return False
        (size,) = _HEADER.unpack_from(self.inbox)
        return len(self.inbox) >= _HEADER.size + size

    def receive(self) -> Outcome:
        """The answer for the current file: the next whole one in :attr:`inbox`, or, when
        there is none (the pipe ended), the outcome of the worker's death."""
        payload = None
        if self.has_answer():
            (size,) = _HEADER.unpack_from(self.inbox)
            end = _HEADER.size + size
            data = bytes(self.inbox[_HEADER.size : end])
            del self.inbox[:end]
            try:
                payload = pickle.loads(data)
            except Exception:  # noqa: BLE001 - a garbled answer: the worker is not to be trusted
                payload = None
        if payload is None:
            self.alive = False
            return self._died()
        kind = payload[0]
        if kind == "ok":
            self.spent = payload[2] > self.limits.memory_mb * 2**19  # grew by half the allowance
            # a worker's first file also pays the parsers' first-use set-up: not a measure
            self.read_cpu_s = payload[3] if self.answered else 0.0
            self.cpu_s += self.read_cpu_s
            self.answered += 1
            return payload[1]  # type: ignore[no-any-return]
        if kind == "error":
            return ReadError(payload[1], payload[2], self.label)
        self.spent = True  # after a MemoryError or a reader bug, start afresh
        if kind == "memory":
            return self._out_of_memory(payload[1])
        message = Errors.RF519.format(path=shown_path(self.label), exc_type=payload[1], problem=payload[2])
        return ReadError("PARSE_ERROR", message, self.label)

    def _died(self) -> ReadError:
        self.kill()
        code = self.process.returncode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return self._out_of_memory(f"the process was killed by {name}")
        if code == _EXIT_NO_MEMORY:
            return self._out_of_memory("MemoryError while returning the text")
        problem = f"the reader process exited with code {code} without an answer"
        message = Errors.RF519.format(path=shown_path(self.label), exc_type="ChildProcessError", problem=problem)
        return ReadError("PARSE_ERROR", message, self.label)

    def _out_of_memory(self, detail: str) -> ReadError:
        message = Errors.RF518.format(path=shown_path(self.label), memory_mb=self.limits.memory_mb, detail=detail)
        return ReadError("RESOURCE_LIMIT", message, self.label)

    def hang_up(self) -> None:
        """Close the worker's stdin: an idle worker exits when it reads the end of it."""
        with contextlib.suppress(OSError):
            self.stdin.close()

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not within a second."""
        if self.process.poll() is None:
            self.hang_up()
            try:
                self.process.wait(1.0)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        self.alive = False
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def _grow_pipe(pipe: BinaryIO) -> None:
    """Ask for :data:`PIPE_BYTES` of capacity in ``pipe`` (best effort: Linux only, and the
    system may refuse, e.g. past the user's pipe-memory allowance)."""
    try:
        import fcntl

        if fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) < PIPE_BYTES:
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _queue_bytes(pipe: BinaryIO) -> int:
    """Bytes of frames that may wait in ``pipe`` (0 where its capacity is unknown: no queueing)."""
    try:
        import fcntl

        capacity = fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ)  # Linux
    except (ImportError, AttributeError, OSError):
        return 0
    return int(capacity * _QUEUE_BYTES_SHARE)


def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _write_frame(stream: BinaryIO, obj: Any) -> None:
    _write_all(stream, _frame(obj))


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` (an unbuffered pipe may take it in parts)."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        view = view[written if written is not None else len(view) :]
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """``size`` bytes (an unbuffered pipe returns what is there); fewer only at the end of the pipe."""
    chunks: list[bytes] = []
    missing = size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _read_frame(stream: BinaryIO) -> Any:
    header = _read_exactly(stream, _HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("reader pipe closed")
    (size,) = _HEADER.unpack(header)
    data = _read_exactly(stream, size)
    if len(data) < size:
        raise EOFError("reader pipe closed mid-message")
    return pickle.loads(data)


# --------------------------------------------------------------------------- worker side


def _worker_main() -> None:
    """Reader process body: import the parsers, cap memory, answer one frame per file."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a chatty reader must not corrupt the protocol
    # two set-up frames: sys.path first, so that a custom reader's module can be unpickled
    sys.path[:] = _read_frame(stdin)
    target, memory_mb, preload = _read_frame(stdin)
    missing = False  # a module that does not import even before the cap: the installation's fault
    for module in preload:
        try:
            importlib.import_module(module)
        except ImportError:
            missing = True
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    heap = _Memory(*_cap_memory(memory_mb))
    capped = heap.capped
    if capped:
        _base.IMPORT_PARSER_MODULE[0] = heap.import_uncapped
    builtin = isinstance(target, partial) and target.func is read_document
    _write_frame(stdout, ("ready", os.getpid()))
    while True:
        try:
            _job_id, source, label = _read_frame(stdin)
        except EOFError:
            if builtin:
                # every answer is flushed and the built-in readers leave nothing to clean up:
                # skip the interpreter's teardown of pypdf, lxml... (~60 ms per worker)
                os._exit(0)
            return  # a custom reader may rely on atexit handlers or finalizers
        payload: tuple[Any, ...]
        cpu = time.process_time()
        try:
            if isinstance(source, (bytes, bytearray)) and isinstance(target, partial):
                result = target(source, name=label)
            else:
                result = target(source)
            if isinstance(result, ReadResult):
                payload = ("ok", result, _vm_bytes() - heap.start, time.process_time() - cpu)
            else:
                problem = f"the reader returned {type(result).__name__}, not ReadResult"
                payload = ("bug", "TypeError", problem)
        except ReadError as exc:  # a parser's MemoryError under the cap: the cap's message
            memory = capped and isinstance(exc.__cause__, MemoryError)
            payload = ("memory", "MemoryError") if memory else ("error", exc.code, str(exc))
        except MemoryError:
            payload = ("memory", "MemoryError")
        except ImportError as exc:  # a built-in parser's module first loaded under the cap
            if capped and builtin and not missing and not heap.import_failed:
                payload = ("memory", f"ImportError loading {exc.name or 'a parser module'}")
            else:
                payload = ("bug", type(exc).__name__, str(exc)[:300])
        except Exception as exc:  # process boundary: a reader bug becomes a PARSE_ERROR row
            payload = ("bug", type(exc).__name__, str(exc)[:300])
        try:
            _write_frame(stdout, payload)
        except MemoryError:
            os._exit(_EXIT_NO_MEMORY)


def _exit_with_parent(parent: int) -> None:
    """Exit when the pool's process is gone (killed with -9 while this worker was busy)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _cap_memory(memory_mb: int) -> tuple[int, bool]:
    """Limit this process's address space to its current size plus ``memory_mb``; return the
    size and whether a cap was set.

    The cap is the soft limit (what an allocation beyond fails against); the hard limit is
    left as it was, so that :func:`_import_uncapped` can lift the cap while a parser module
    is imported (only this module's code changes it: no parser calls ``setrlimit``).
    """
    current = _vm_bytes()
    try:
        import resource
    except ImportError:
        return current, False  # no resource module: timeout only
    if not current:
        return current, False  # no /proc: timeout only
    limit = current + memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return current, True


class _Memory:
    """A capped worker's memory baseline (what it occupied with its parsers imported) and the
    import of a parser module on first use (:func:`rolefit.readers._base.parser_module`)."""

    def __init__(self, start: int, capped: bool) -> None:
        self.start, self.capped = start, capped
        self.import_failed = False  # a module failed to import with the cap lifted: the installation

    def import_uncapped(self, name: str) -> Any:
        """Import ``name`` with the cap lifted; the cap and the baseline then grow by what the
        import occupied, as if it had been imported before the cap was set."""
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        before = _vm_bytes()
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        try:
            return importlib.import_module(name)
        except ImportError:
            self.import_failed = True
            raise
        finally:
            grown = max(0, _vm_bytes() - before) if before else 0
            self.start += grown
            limit = soft + grown if hard == resource.RLIM_INFINITY else min(soft + grown, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
