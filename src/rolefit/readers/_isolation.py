"""The isolation sandbox: read untrusted documents in child processes, with a timeout and a
memory cap.

:func:`rolefit.readers.read_document` bounds what the *input* can make it
allocate (byte, character, page, inflation and ZIP limits), but a hostile or
damaged file can still keep a parser busy for a long time or find a path to
large allocations inside pypdf or lxml. Here each file is read in its own
child process that

- has a memory cap: ``RLIMIT_AS`` (address space) is set, in the child only,
  to what the child starts with plus ``ReadLimits.memory_mb``; an allocation beyond it
  fails with ``MemoryError`` -> ``RESOURCE_LIMIT``;
- has a wall-clock timeout: after ``ReadLimits.timeout_s`` seconds the child is killed
  (``SIGKILL``) -> ``TIMEOUT``;
- is fresh: one process per file, so nothing a hostile file did survives
  into the next read. A child that dies without answering (killed by a
  signal, e.g. the kernel's OOM killer) gives ``RESOURCE_LIMIT``.

The child's :class:`~rolefit.errors.ReadError` is re-raised (or yielded) in
the parent with its code and message; the parent only ever receives the
text, so its own memory does not grow with the input.

Start method: ``forkserver`` where the platform has it (Linux, macOS), else
``spawn``. A fork server is a small process started once (about 0.3 s) that
imports the reader libraries once and forks a clean child per file (about
10 ms each, against about 50 ms for ``spawn``). Plain ``fork`` would be
faster but copies the calling process, which may hold threads (a progress
bar, BLAS pools, spaCy) whose locks a forked child can deadlock on; Python
3.12+ warns about it and 3.14 moved off it by default. As with any
multiprocessing code, a script that calls these functions must do so under
``if __name__ == "__main__":``. The memory cap needs ``resource`` and
``/proc`` (Linux); elsewhere only the timeout applies.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, Final, TypeVar

from rolefit.errors import Errors, InputTypeError, ReadError
from rolefit.readers._base import ReadLimits, ReadResult
from rolefit.readers._read import read_document

_PRELOAD: Final = ["__main__", "rolefit.readers", "pypdf", "docx", "charset_normalizer"]
_EXIT_NO_MEMORY: Final = 3  # the child could not even send its MemoryError report
_KILL_GRACE_S: Final = 5.0  # wait for a child to exit after it sent its answer

P = TypeVar("P", bound="str | os.PathLike[str]")
Reader = Callable[[Any], ReadResult]


def read_text_isolated(
    path: str | os.PathLike[str],
    *,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> str:
    """Read one file's text in a child process with a timeout and a memory cap.

    Same as ``read_document_isolated(...).text``; see
    :func:`read_document_isolated`.
    """
    return read_document_isolated(path, limits=limits, reader=reader, **limit_overrides).text


def read_document_isolated(
    path: str | os.PathLike[str],
    *,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> ReadResult:
    """Read one file in a child process with a timeout and a memory cap.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read; only its path is sent to the child.
    limits : ReadLimits, optional
        All caps: ``timeout_s`` (wall-clock seconds before the child is killed),
        ``memory_mb`` (MiB the child may allocate beyond its start-up size; Linux
        only), and the byte/character/page caps passed to
        :func:`rolefit.readers.read_document`. Default ``ReadLimits()``.
    reader : callable, optional
        Replaces :func:`~rolefit.readers.read_document` (and its caps): a
        module-level function ``reader(path) -> ReadResult`` (or a
        ``functools.partial`` of one) that the child can import by name, e.g. an
        OCR reader.
    **limit_overrides
        Any :class:`ReadLimits` field by name (e.g. ``timeout_s=5``).

    Returns
    -------
    ReadResult
        As :func:`rolefit.readers.read_document` returns it.

    Raises
    ------
    ReadError
        Every code :func:`~rolefit.readers.read_document` raises, plus
        ``TIMEOUT`` (killed after ``timeout_s``) and ``RESOURCE_LIMIT`` (out of
        memory under ``memory_mb``, or killed by a signal). A reader that
        fails with any other exception gives ``PARSE_ERROR``.
    InputTypeError
        If a limit is invalid (see :class:`ReadLimits`).
    """
    ((_, outcome),) = iter_read_documents_isolated(
        [path], jobs=1, limits=limits, reader=reader, **limit_overrides
    )
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
    """Read many files' text, up to ``jobs`` at a time, each in its own capped child process.

    Same as :func:`iter_read_documents_isolated` but yields ``(path, text)``
    instead of ``(path, ReadResult)`` for files that could be read.
    """
    rows = iter_read_documents_isolated(paths, jobs=jobs, limits=limits, reader=reader, **limit_overrides)
    return _texts(rows)


def _texts(rows: Iterator[tuple[P, ReadResult | ReadError]]) -> Iterator[tuple[P, str | ReadError]]:
    with contextlib.closing(rows):  # closing this iterator kills the running children too
        for path, outcome in rows:
            yield path, outcome if isinstance(outcome, ReadError) else outcome.text


def iter_read_documents_isolated(
    paths: Iterable[P],
    *,
    jobs: int = 1,
    limits: ReadLimits | None = None,
    reader: Reader | None = None,
    **limit_overrides: Any,
) -> Iterator[tuple[P, ReadResult | ReadError]]:
    """Read many files, up to ``jobs`` at a time, each in its own capped child process.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Files to read; consumed lazily.
    jobs : int, default 1
        Most child processes alive at once.
    limits, reader, **limit_overrides
        As in :func:`read_document_isolated`; the timeout counts per file from
        the start of its process, so a hung file costs ``timeout_s`` of one slot
        and its process is then killed and replaced.

    Yields
    ------
    (path, ReadResult or ReadError)
        One pair per input path (the same object), in input order; a file
        that cannot be read yields its :class:`~rolefit.errors.ReadError`
        instead of raising, so a batch loses no row.

    Raises
    ------
    InputTypeError
        If ``jobs`` is not a positive integer or a limit is invalid (raised at
        the call, before any file is read).

    Notes
    -----
    At most ``4 * jobs`` files are in flight or waiting to be yielded, so a
    slow file holds back a bounded number of finished results. Closing the
    iterator early kills the children still running.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs <= 0:
        raise InputTypeError(Errors.RF520.format(name="jobs", expected="a positive integer", value=jobs))
    limits = ReadLimits.resolve(limits, **limit_overrides)
    target = reader or partial(read_document, limits=limits)
    return _run(paths, target, jobs, limits.timeout_s, limits.memory_mb)


def _run(
    paths: Iterable[P], target: Reader, jobs: int, timeout_s: float, memory_mb: int
) -> Iterator[tuple[P, ReadResult | ReadError]]:
    context = _context()
    pending = enumerate(paths)
    running: dict[int, _Job] = {}
    finished: dict[int, tuple[P, ReadResult | ReadError]] = {}
    next_out = started = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < jobs and started - next_out < 4 * jobs:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                running[item[0]] = _Job(context, target, item[1], timeout_s, memory_mb)
                started += 1
            while next_out in finished:
                yield finished.pop(next_out)
                next_out += 1
            if not running:
                if exhausted:
                    return
                continue
            wait_s = max(0.0, min(job.deadline for job in running.values()) - time.monotonic())
            handles = [h for job in running.values() for h in (job.conn, job.process.sentinel)]
            multiprocessing.connection.wait(handles, timeout=wait_s)
            for index, job in list(running.items()):
                outcome = job.outcome()
                if outcome is not None:
                    del running[index]
                    finished[index] = (job.path, outcome)
    finally:
        for job in running.values():
            job.kill()


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)  # takes effect when the server first starts
        return context
    return multiprocessing.get_context("spawn")


class _Job:
    """One child process reading one file, and the parent's end of its pipe."""

    def __init__(
        self, context: Any, target: Reader, path: Any, timeout_s: float, memory_mb: int
    ) -> None:
        self.path, self.timeout_s, self.memory_mb = path, timeout_s, memory_mb
        self.where = os.fspath(path) if isinstance(path, (str, os.PathLike)) else repr(path)
        self.conn, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child_main,
            args=(sender, target, path, memory_mb),
            name="rolefit-reader",
            daemon=True,
        )
        self.process.start()
        sender.close()
        self.deadline = time.monotonic() + timeout_s

    def outcome(self) -> ReadResult | ReadError | None:
        """The result if the child answered, died or ran out of time; else None."""
        alive = self.process.is_alive()
        if self.conn.poll():
            try:
                payload = self.conn.recv()
            except (EOFError, OSError):
                payload = None  # died mid-answer: judged by its exit status below
            if payload is not None:
                self.process.join(_KILL_GRACE_S)
                self.kill()
                return self._decode(payload)
            alive = False
        if not alive:
            self.process.join()
            code = self.process.exitcode
            self.kill()
            return self._died(code)
        if time.monotonic() >= self.deadline:
            self.kill()
            message = Errors.RF517.format(path=self.where, timeout_s=self.timeout_s)
            return ReadError("TIMEOUT", message, self.where)
        return None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()

    def _decode(self, payload: tuple[Any, ...]) -> ReadResult | ReadError:
        kind = payload[0]
        if kind == "ok":
            return payload[1]  # type: ignore[no-any-return]
        if kind == "error":
            return ReadError(payload[1], payload[2], self.where)
        if kind == "memory":
            return self._out_of_memory("MemoryError")
        message = Errors.RF519.format(path=self.where, exc_type=payload[1], problem=payload[2])
        return ReadError("PARSE_ERROR", message, self.where)

    def _died(self, exitcode: int | None) -> ReadError:
        if exitcode is not None and exitcode < 0:
            try:
                name = signal.Signals(-exitcode).name
            except ValueError:
                name = f"signal {-exitcode}"
            return self._out_of_memory(f"the process was killed by {name}")
        if exitcode == _EXIT_NO_MEMORY:
            return self._out_of_memory("MemoryError while returning the text")
        problem = f"the reader process exited with code {exitcode} without an answer"
        exc_type = "ChildProcessError"
        message = Errors.RF519.format(path=self.where, exc_type=exc_type, problem=problem)
        return ReadError("PARSE_ERROR", message, self.where)

    def _out_of_memory(self, detail: str) -> ReadError:
        message = Errors.RF518.format(path=self.where, memory_mb=self.memory_mb, detail=detail)
        return ReadError("RESOURCE_LIMIT", message, self.where)


def _child_main(conn: Any, target: Reader, path: Any, memory_mb: int) -> None:
    """Child process body: cap memory, read, send one answer tuple, exit."""
    payload: tuple[Any, ...]
    try:
        _cap_memory(memory_mb)
        result = target(path)
        if isinstance(result, ReadResult):
            payload = ("ok", result)
        else:
            problem = f"the reader returned {type(result).__name__}, not ReadResult"
            payload = ("bug", "TypeError", problem)
    except ReadError as exc:
        payload = ("error", exc.code, str(exc))
    except MemoryError:
        payload = ("memory",)
    except Exception as exc:  # process boundary: a reader bug becomes a PARSE_ERROR row
        payload = ("bug", type(exc).__name__, str(exc)[:300])
    try:
        conn.send(payload)
    except MemoryError:
        os._exit(_EXIT_NO_MEMORY)
    conn.close()


def _cap_memory(memory_mb: int) -> None:
    """Limit this process's address space to its current size plus ``memory_mb``."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # no resource module or no /proc: timeout only
    limit = current + memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
