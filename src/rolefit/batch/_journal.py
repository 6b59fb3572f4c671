"""The JSON-lines journal of a batch: one writer (an advisory lock), rows flushed as they
finish, ``fsync`` in groups, and the resume-time repair of a torn last line.

Durability: every row is written and flushed to the operating system as soon as it is final,
so a killed process (``kill -9``) loses nothing already written; ``fsync`` (what survives a
power cut) runs at least once a second while rows arrive and once at the end.

Resuming never loses a row the journal held. A resumed run appends its new rows after the
rows it keeps (:func:`scan` reads the journal without changing it, :func:`cut_torn_tail` then
drops a torn last line), so the file only grows while rows are scored: a run killed then
leaves every earlier row plus the new ones, and the next resume keeps them all. When the rows
end up out of input order (a new file that sorts before kept ones) or the journal holds rows
of files changed or removed since, :func:`rewrite_in_order` writes the rows of this run's
inputs, in input order, to a temporary file and renames it over the journal
(:func:`rolefit._io.replace_atomically`): the journal on disk is the old one or the complete
new one, never a part.

One writer: :func:`lock_output` takes ``fcntl.flock`` on a small sidecar file
(``.<output name>.lock`` beside the output) for the whole run. The kernel releases it when
the process ends, however it ends, so there is never a stale lock to clean up by hand. The
run removes the sidecar file when it ends (while still holding the lock; a run that then
finds its locked file no longer at the path locks the new one instead, so two runs never hold
locks on two different files); after a killed run it stays, holding the pid, and the next run
takes it. Folders the lock had to create are removed too when they are left empty (a run that
failed before writing leaves nothing behind). Needs ``fcntl`` (POSIX); elsewhere no lock is
taken.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final, NamedTuple

from rolefit._io import make_folders, remove_empty_folders, replace_atomically

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
    """Hold an exclusive advisory lock on ``output`` for the ``with`` block; the lock file,
    and the folders made for it that are left empty, are removed when the block ends.

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
    made = make_folders(path.parent)
    try:
        fd = _locked_fd(path, fcntl)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}\n".encode("ascii"), 0)
            HELD_LOCK_FDS.add(fd)
            yield
        finally:
            HELD_LOCK_FDS.discard(fd)
            with contextlib.suppress(OSError):
                path.unlink()  # while locked: a run waiting on this file sees it gone and retries
            os.close(fd)  # releases the lock
    finally:
        remove_empty_folders(made)  # a run that wrote nothing leaves no folder behind


def _locked_fd(path: Path, fcntl: Any) -> int:
    """A descriptor of the lock file at ``path``, locked: the file still at ``path`` once
    locked (a run that ended in between may have removed the one opened; then again)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise OutputLockedError(path, holder) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        mine = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (mine.st_ino, mine.st_dev):
            return fd
        os.close(fd)


def read_rows(journal: Path) -> list[dict[str, Any]]:
    """Rows already written; a torn last line (crash mid-write) is cut off the file."""
    found = scan(journal)
    cut_torn_tail(journal, found)
    return [row for row, _, _ in found.rows]


class Scan(NamedTuple):
    """A journal as :func:`scan` found it: each complete row with the byte span of its line,
    where the complete lines end (``good_end``) and the file's size."""

    rows: list[tuple[dict[str, Any], int, int]]
    good_end: int
    size: int


def scan(journal: Path) -> Scan:
    """The journal's rows and their byte spans, without changing the file (a torn last line,
    from a crash mid-write, is left out: see :func:`cut_torn_tail`)."""
    if not journal.exists():
        return Scan([], 0, 0)
    data = journal.read_bytes()
    rows: list[tuple[dict[str, Any], int, int]] = []
    good_end = pos = 0
    for line in data.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.endswith(b"\n"):
            break
        try:
            rows.append((json.loads(line), start, pos))
        except json.JSONDecodeError:
            break
        good_end = pos
    return Scan(rows, good_end, len(data))


def cut_torn_tail(journal: Path, found: Scan) -> None:
    """Cut what follows the last complete row :func:`scan` found (a torn last line)."""
    if found.good_end != found.size:
        with journal.open("r+b") as fh:
            fh.truncate(found.good_end)


def in_order(spans: list[tuple[int, int]], size: int) -> bool:
    """Whether the lines at ``spans`` (in input order) are the whole file, in that order."""
    pos = 0
    for start, end in spans:
        if start != pos:
            return False
        pos = end
    return pos == size


def rewrite_in_order(journal: Path, spans: list[tuple[int, int]]) -> None:
    """Atomically replace the journal with its lines at ``spans``, in that order (rows of
    inputs gone or changed, at no span, are dropped); the old journal stays whole until the
    new one is complete and synced."""

    def write(tmp: Path) -> None:
        with journal.open("rb") as src, tmp.open("wb") as dst:
            for start, end in spans:
                src.seek(start)
                dst.write(src.read(end - start))

    replace_atomically(journal, write, fsync=True)


def encode(row: dict[str, Any]) -> str:
    """One journal line (the byte format ``--resume`` compares)."""
    return json.dumps(row, ensure_ascii=False) + "\n"


class JournalWriter:
    """Append rows: each flushed to the OS at once, ``fsync``-ed at least once a second.
    :attr:`size` is the file's size in bytes (where the next line starts)."""

    def __init__(self, journal: Path) -> None:
        self._fh: IO[bytes] = journal.open("ab")
        self.size = self._fh.tell()
        self._synced = time.monotonic()

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.write_lines([encode(row) for row in rows])

    def write_lines(self, lines: list[str]) -> list[tuple[int, int]]:
        """Append lines made by :func:`encode` (e.g. in the process that scored the rows);
        the byte span of each."""
        if not lines:
            return []
        data = [line.encode("utf-8") for line in lines]
        spans = []
        for chunk in data:
            spans.append((self.size, self.size + len(chunk)))
            self.size += len(chunk)
        self._fh.write(b"".join(data))
        self._fh.flush()
        if time.monotonic() - self._synced >= FSYNC_INTERVAL_S:
            self.sync()
        return spans

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
