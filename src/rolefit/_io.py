"""Small file helpers shared by the model files, the batch job, the prebuilt caches, the
profile writer and the decision log; the installed version of a library (from its metadata file)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from rolefit.errors import Errors, InputTypeError, OutputExistsError, shown_path


#: Longest path and longest path component, in bytes, that Linux accepts (PATH_MAX, NAME_MAX);
#: most other systems accept less. A str beyond them cannot name a file.
PATH_MAX, NAME_MAX = 4096, 255


def check_not_text(path: str | os.PathLike[str], what: str, *, fix: str = "") -> None:
    """RF525 (:class:`~rolefit.errors.InputTypeError`) when ``path`` is a text, not a path.

    A str that holds a line break, or is longer than any path or file name can be
    (:data:`PATH_MAX`, :data:`NAME_MAX`), and names no existing file was passed by mistake
    (``rolefit.read_text(cv_text)``, a CV's text pasted as a command's argument). The error says
    so without echoing the str, which would put a CV's name and e-mail into a log or a
    terminal. Every public entry point that takes a path checks it first; the opposite
    mistake, a path passed to ``rolefit.score``, is RF106.

    Parameters
    ----------
    path : str or os.PathLike
        The value given as a path.
    what : str
        What the path names, for the message (``"the decision log"``).
    fix : str, optional
        Advice added to the message, starting with ``"; "``.
    """
    text = os.fspath(path)
    if not isinstance(text, str):
        return
    why = _why_not_a_path(text)
    if why is not None and not os.path.lexists(text):
        raise InputTypeError(Errors.RF525.format(what=what, length=len(text), why=why, fix=fix))


def _why_not_a_path(text: str) -> str | None:
    """Why ``text`` reads as a text rather than a path (None when it could be a path)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if breaks:
        return f"{breaks:,} line break(s)"
    size = len(text.encode("utf-8", "surrogateescape"))
    if size > PATH_MAX:
        return f"{size:,} bytes, longer than any path ({PATH_MAX:,})"
    longest = max(len(part.encode("utf-8", "surrogateescape")) for part in text.replace("\\", "/").split("/"))
    if longest > NAME_MAX:
        return f"a name of {longest:,} bytes between slashes, longer than any file name ({NAME_MAX})"
    return None

#: Written in the ``<head>`` of every shortlist page (:mod:`rolefit.report`), so that `rolefit
#: batch` tells a page it wrote from a CV in the same folder (:mod:`rolefit.batch._outputs`).
REPORT_MARKER = '<meta name="generator" content="rolefit report">'


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 (hex) of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=32)
def sha256_of_bundled(path: str) -> str:
    """:func:`sha256_file` of a file that does not change while the process runs (rolefit's own
    data and source files), computed once per process: the prebuilt-cache keys and the taxonomy
    fingerprint hash some of the same files (``job_titles.csv``, 1.9 MB) at load.

    Raises
    ------
    OSError
        If the file cannot be read (not cached).
    """
    return sha256_file(path)


@lru_cache(maxsize=32)
def installed_version(dist: str) -> str | None:
    """``importlib.metadata.version(dist)``, or None when ``dist`` is not installed.

    The ``Version`` field is read from the head of the distribution's metadata file
    (``METADATA``, else ``PKG-INFO``) instead of parsing the whole file with the e-mail parser,
    which took about 1.2 ms a distribution (library versions are checked at every model load and
    are part of a prebuilt cache's key: some 10 ms of a cold start, ``benchmarks/cold_start.py``).
    Same value: ``Version`` is a one-line header field of the core metadata; when the quick read
    meets anything else first (a field continued on the next line, no ``Version`` field) the
    file is parsed as before.
    Cached per process.
    """
    try:
        dist_info = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return None
    text = dist_info.read_text("METADATA") or dist_info.read_text("PKG-INFO") or ""
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line[0] in " \t" or ":" not in line:
            break  # the end of the header fields, a continued field or an odd line: parse as before
        if line[:8].lower() == "version:":
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if following[:1] not in (" ", "\t"):
                return line[8:].lstrip(" \t")  # as the e-mail parser takes a field's value
            break
    return dist_info.version


def check_output_file(path: str | os.PathLike[str], *, overwrite: bool = False,
                      option: str = "overwrite=True") -> None:
    """Raise unless a writer may write the file ``path``: it does not exist, or ``overwrite``.

    ``option`` names what replaces an existing file in the RF412 message (``"--force"`` for
    the CLI, which checks every output before doing any work).

    Raises
    ------
    OutputExistsError
        RF412 if ``path`` exists and ``overwrite`` is False.
    """
    if not overwrite and os.path.lexists(path):
        raise OutputExistsError(Errors.RF412.format(path=shown_path(path), option=option))


def write_csv_atomically(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a UTF-8 CSV file (``header`` then ``rows``, ``\\n`` line ends) all at once, with
    :func:`replace_atomically`; the writers of profiles and requirements share it."""
    import csv

    rows = list(rows)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    replace_atomically(path, write)


def make_folders(folder: str | os.PathLike[str]) -> list[Path]:
    """Create ``folder`` and its missing parents, as ``mkdir -p``; the folders this call
    created, deepest first (for :func:`remove_empty_folders` when nothing was written in them).

    Raises
    ------
    OSError
        If a folder cannot be created (those created before stay).
    """
    target = folder = Path(folder)
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)  # mkdir's own error when a part is a file
    return missing


def remove_empty_folders(folders: Iterable[Path]) -> None:
    """Remove ``folders`` (deepest first, from :func:`make_folders`) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()  # refuses a folder that is not empty
        except OSError:
            return


def replace_atomically(
    target: str | os.PathLike[str], write: Callable[[Path], object], *, fsync: bool = False
) -> None:
    """Write ``target`` all at once: readers see the old file or the new one, never a part.

    ``write(tmp)`` fills a temporary file beside ``target`` (same folder, so the same file
    system; named ``.<name>.<pid>.<random>.tmp``, created by ``write`` with the process's
    default permissions), which :func:`os.replace` then renames over ``target``.

    Parameters
    ----------
    target : path
        The file to create or replace; its folder must exist.
    write : callable
        Called once with the temporary path; must create that file.
    fsync : bool, default False
        Flush the temporary file to disk before the rename (for files whose content must
        survive a power cut, such as the batch journal).

    Raises
    ------
    OSError, or whatever ``write`` raises
        ``target`` is then unchanged and the temporary file is removed.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        if fsync:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
