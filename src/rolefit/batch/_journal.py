"""The JSON-lines journal of a batch: one writer (an advisory lock), rows flushed as they
finish, ``fsync`` in groups, and the resume-time repair of a torn last line.

Durability: every row is written and flushed to the operating system as soon as it is final,
so a killed process (``kill -9``) loses nothing already written; ``fsync`` (what survives a
power cut) runs at least once a second while rows arrive and once at the end.

One writer: :func:`lock_output` takes ``fcntl.flock`` on a small sidecar file
(``.<output name>.lock`` beside the output) for the whole run. The kernel releases it when
the process ends, however it ends, so there is never a stale lock to clean up by hand; the
sidecar file itself is left in place (deleting it would let two runs lock two different
files). Needs ``fcntl`` (POSIX); elsewhere no lock is taken.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from rolefit._io import replace_atomically

#: Most seconds between two ``fsync`` calls while rows are being written.
FSYNC_INTERVAL_S: Final = 1.0
#: Descriptors of the output locks this process holds: a forked scoring process closes its
#: copies at once, so that the lock dies with the process that took it.
HELD_LOCK_FDS: set[int] = set()


class OutputLockedError(Exception):
    """Another process holds the output's lock (its pid, if it wrote one, is ``holder``)."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        super().__init__(f"{lock_path} is locked by {holder}")
        self.lock_path, self.holder = lock_path, holder


def lock_path_for(output: Path) -> Path:
    """The sidecar lock file of ``output``."""
    return output.with_name(f".{output.name}.lock")


@contextlib.contextmanager
def lock_output(output: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``output`` for the ``with`` block.

    Raises
    ------
    OutputLockedError
        At once (no waiting) if another process holds it.
    OSError
        If the lock file cannot be created (e.g. the folder is not writable).
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks
        yield
        return
    path = lock_path_for(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            raise OutputLockedError(path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}\n".encode("ascii"), 0)
        HELD_LOCK_FDS.add(fd)
        yield
    finally:
        HELD_LOCK_FDS.discard(fd)
        os.close(fd)  # releases the lock


def read_rows(journal: Path) -> list[dict[str, Any]]:
    """Rows already written; a torn last line (crash mid-write) is cut off the file."""
    if not journal.exists():
        return []
    data = journal.read_bytes()
    rows: list[dict[str, Any]] = []
    good_end = pos = 0
    for line in data.splitlines(keepends=True):
        pos += len(line)
        if not line.endswith(b"\n"):
            break
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            break
        good_end = pos
    if good_end != len(data):
        with journal.open("r+b") as fh:
            fh.truncate(good_end)
    return rows


def rewrite(journal: Path, rows: list[dict[str, Any]]) -> None:
    """Atomically replace the journal with ``rows`` (used when resuming drops stale rows)."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(encode(row) for row in rows)

    replace_atomically(journal, write, fsync=True)


def encode(row: dict[str, Any]) -> str:
    """One journal line (the byte format ``--resume`` compares)."""
    return json.dumps(row, ensure_ascii=False) + "\n"


class JournalWriter:
    """Append rows: each flushed to the OS at once, ``fsync``-ed at least once a second."""

    def __init__(self, journal: Path) -> None:
        self._fh: IO[str] = journal.open("a", encoding="utf-8")
        self._synced = time.monotonic()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.write_lines([encode(row) for row in rows])

    def write_lines(self, lines: list[str]) -> None:
        """Append lines made by :func:`encode` (e.g. in the process that scored the rows)."""
        if not lines:
            return
        self._fh.write("".join(lines))
        self._fh.flush()
        if time.monotonic() - self._synced >= FSYNC_INTERVAL_S:
            self.sync()

    def sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            self.sync()
            self._fh.close()

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
