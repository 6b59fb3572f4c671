"""Inputs of a batch: discovery in a local folder or under an fsspec URL, and loading one
input's bytes and SHA-256 (or the classified error that replaces them).

Every directory entry that is not a directory is an input: regular files, and also broken
symbolic links, symbolic link loops, FIFOs, sockets and devices, and files that cannot be
read; each of those gets its own error row (``BROKEN_LINK``, ``SYMLINK_LOOP``,
``SPECIAL_FILE``, ``PERMISSION_DENIED``), never silence. Hidden entries (a name starting with
``.``) and the batch's own output, journal and lock are skipped, and so are files rolefit
wrote (another run's journal, table or shortlist page in a local folder, recognised by their
content: :mod:`rolefit.batch._outputs`), which :func:`find_inputs` lists apart.

An input is named by a *locator*: an absolute local path, or a full fsspec URL (``s3://``,
``gs://``, ``memory://``...) when the folder was given as a URL. Workers of a Dask cluster
load inputs from their locators, so a local folder must be visible at the same path on every
worker (a shared file system), and a URL needs the matching fsspec filesystem installed
there.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from rolefit._io import sha256_file
from rolefit.batch._outputs import rolefit_output
from rolefit.errors import Errors, ReadError
from rolefit.readers import ReadLimits, is_supported_path
from rolefit.readers._read import check_entry, read_file
from rolefit.readers._registry import CONTAINER_SUFFIXES, unsupported_suffix

#: One input: ``(rel, locator)``: the row's ``path`` (relative, POSIX) and where to read it.
Item = tuple[str, str]


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is an fsspec URL rather than a local path."""
    return isinstance(location, str) and "://" in location


class Found(NamedTuple):
    """What :func:`find_inputs` found: the inputs, and the files rolefit wrote that are not
    inputs, as ``(rel, kind)`` (kind: ``"journal"``, ``"table"`` or ``"report"``)."""

    items: list[Item]
    outputs: list[tuple[str, str]]


def discover(
    directory: str | os.PathLike[str], *, recursive: bool = False, exclude: tuple[Path, ...] = ()
) -> list[Item]:
    """Inputs under ``directory`` (a local folder or an fsspec URL), in sorted ``rel`` order
    (:func:`find_inputs`, without the files it skipped)."""
    return find_inputs(directory, recursive=recursive, exclude=exclude).items


def find_inputs(
    directory: str | os.PathLike[str], *, recursive: bool = False, exclude: tuple[Path, ...] = ()
) -> Found:
    """Inputs under ``directory``, in sorted ``rel`` order, and the files rolefit wrote there
    (:func:`rolefit.batch._outputs.rolefit_output`: looked for in a local folder only, among
    files that are not PDF or DOCX by name), which are not inputs."""
    if is_url(directory):
        return Found(_discover_url(str(directory), recursive), [])
    root = Path(directory)
    skip = {os.path.realpath(p) for p in exclude}  # realpath: never raises on a symlink loop
    entries = root.rglob("*") if recursive else root.glob("*")
    items, outputs = [], []
    for path in entries:
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or _is_dir(path) or os.path.realpath(path) in skip:
            continue
        if path.suffix.lower() not in CONTAINER_SUFFIXES and _is_file(path) and (kind := rolefit_output(path)):
            outputs.append((rel.as_posix(), kind))
            continue
        items.append((rel.as_posix(), os.path.abspath(path)))
    return Found(sorted(items), sorted(outputs))


def _is_file(path: Path) -> bool:
    """A regular file (a FIFO is never opened: reading it could block)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def count_subfolders(directory: str | os.PathLike[str]) -> int:
    """Folders directly under ``directory`` that are not hidden: what a batch without
    ``recursive`` does not search (0 when they cannot be listed)."""
    try:
        if is_url(directory):
            fs, root = _filesystem(str(directory))
            entries = fs.ls(root.rstrip("/"), detail=True)
            names = [e["name"].rstrip("/").rsplit("/", 1)[-1] for e in entries if e.get("type") == "directory"]
        else:
            names = [p.name for p in Path(directory).iterdir() if _is_dir(p)]
    except OSError:
        return 0
    return sum(not name.startswith(".") for name in names)


def count_containers(items: list[Item]) -> int:
    """Inputs whose suffix is a container format's (PDF, DOCX...): how many reader processes
    are worth starting before the first file is read (a hint; formats are detected from the bytes)."""
    return sum(Path(rel).suffix.lower() in CONTAINER_SUFFIXES for rel, _ in items)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a symlink loop, a permission problem: an input with an error row
        return False


def _discover_url(url: str, recursive: bool) -> list[Item]:
    fs, root = _filesystem(url)
    root = root.rstrip("/")
    found = fs.find(root, maxdepth=None if recursive else 1, withdirs=False, detail=False)
    items = []
    for path in found:
        rel = path[len(root) :].lstrip("/")
        if rel and not any(part.startswith(".") for part in rel.split("/")):
            items.append((rel, fs.unstrip_protocol(path)))
    return sorted(items)


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec.core
    except ImportError as exc:  # optional dependency: the rolefit[dask] extra installs it
        raise ImportError(
            f"reading {url} needs fsspec: pip install 'rolefit[dask]' (plus e.g. s3fs for s3://)"
        ) from exc
    return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]


def is_folder(directory: str | os.PathLike[str]) -> bool:
    """Whether ``directory`` is an existing folder (local) or a listable prefix (URL)."""
    if not is_url(directory):
        return Path(directory).is_dir()
    fs, root = _filesystem(str(directory))
    try:
        return bool(fs.isdir(root))
    except OSError:
        return False


def load(locator: str, limits: ReadLimits) -> tuple[str | None, bytes | ReadError]:
    """``(sha256 or None, bytes or ReadError)`` of one input.

    The SHA-256 is of the whole file whenever it is a readable regular file (also when it
    is refused for its suffix or size); ``None`` for entries that are not (broken links,
    FIFOs...). Bytes are read only for supported suffixes, at most ``limits.max_bytes``.
    """
    if is_url(locator):
        return _load_url(locator, limits)
    path = Path(locator)
    try:
        # read_file checks the entry, then the suffix (UNSUPPORTED_FORMAT) and the size, as every read of a path
        data = read_file(path, locator, limits.max_bytes)
    except ReadError as exc:
        # a regular file refused for its suffix or size still gets its SHA-256 (a folder's is None)
        return (_sha_or_none(path) if exc.code in ("TOO_LARGE", "UNSUPPORTED_FORMAT") else None), exc
    return hashlib.sha256(data).hexdigest(), data


def input_sha256(locator: str, limits: ReadLimits) -> str | None:
    """The ``input_sha256`` a row for ``locator`` would carry (used when resuming)."""
    if is_url(locator):
        return _load_url(locator, limits, data=False)[0]
    path = Path(locator)
    try:
        check_entry(path, locator)
    except ReadError:
        return None
    return _sha_or_none(path)


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def _load_url(locator: str, limits: ReadLimits, *, data: bool = True) -> tuple[str | None, Any]:
    fs, path = _filesystem(locator)
    try:
        digest = hashlib.sha256()
        head = bytearray()
        total = 0
        with fs.open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
                total += len(block)
                if len(head) <= limits.max_bytes:
                    head += block
    except FileNotFoundError:
        return None, ReadError("NOT_FOUND", Errors.RF502.format(path=locator), locator)
    except PermissionError as exc:
        message = Errors.RF524.format(path=locator, problem=str(exc))
        return None, ReadError("PERMISSION_DENIED", message, locator)
    except OSError as exc:
        message = Errors.RF503.format(path=locator, problem=f"{type(exc).__name__}: {exc}")
        return None, ReadError("NOT_FOUND", message, locator)
    sha = digest.hexdigest()
    if not data:
        return sha, None
    if not is_supported_path(path):
        return sha, unsupported_suffix(locator, Path(path).suffix, bytes(head[:16]))
    if len(head) > limits.max_bytes:
        message = Errors.RF504.format(path=locator, size=total, max_bytes=limits.max_bytes)
        return sha, ReadError("TOO_LARGE", message, locator)
    return sha, bytes(head)
