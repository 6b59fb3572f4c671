"""Read one document in the calling process: input checks, detection, dispatch to its format."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from rolefit._io import check_not_text
from rolefit.errors import Errors, ParameterValueError
from rolefit.readers._base import ReadLimits, ReadResult, fail
from rolefit.readers._registry import detect_format, formats_wording, is_supported_path, unsupported_suffix


def read_text(
    source: str | os.PathLike[str] | bytes,
    *,
    limits: ReadLimits | None = None,
    name: str | None = None,
    **limit_overrides: Any,
) -> str:
    """Read a CV document in any registered format and return its text.

    Same as ``read_document(...).text``; see :func:`read_document` for the
    parameters, the caps and the errors raised.
    """
    return read_document(source, limits=limits, name=name, **limit_overrides).text


def read_document(
    source: str | os.PathLike[str] | bytes,
    *,
    limits: ReadLimits | None = None,
    name: str | None = None,
    **limit_overrides: Any,
) -> ReadResult:
    """Read a CV document (see :data:`rolefit.readers.FORMATS`) into a :class:`ReadResult`.

    Runs in the calling process. For untrusted files in a service or a batch,
    prefer :func:`rolefit.readers.read_document_isolated`, which adds a
    wall-clock timeout and a memory cap.

    Parameters
    ----------
    source : str, os.PathLike or bytes
        A path (a ``str`` is always a path, never the text itself) or the
        document's bytes. A path must end in a supported suffix
        (:data:`rolefit.readers.SUPPORTED_SUFFIXES`: ``.txt``, ``.md``, ``.pdf``, ``.docx``,
        any case), else it is ``UNSUPPORTED_FORMAT`` unread; bytes are judged by content
        alone.
    limits : ReadLimits, optional
        Byte, character and page caps (default ``ReadLimits()``: 20,000,000 bytes,
        200,000 characters, 50 pages).
    name : str, optional
        File name used in messages and for the txt/md distinction when
        ``source`` is bytes (default ``"<bytes>"``).
    **limit_overrides
        Any :class:`ReadLimits` field by name (e.g. ``max_pages=80``), replacing
        that field of ``limits``.

    Returns
    -------
    ReadResult
        The text (line ends ``"\\n"``, offsets index it), format, page count
        and warnings.

    Raises
    ------
    ReadError
        With ``code``: ``NOT_FOUND`` (missing or unopenable file), ``BROKEN_LINK``,
        ``SYMLINK_LOOP``, ``SPECIAL_FILE`` (FIFO, socket, device), ``PERMISSION_DENIED``, ``EMPTY``
        (no bytes or only whitespace), ``TOO_LARGE`` (a cap of ``limits``),
        ``UNSUPPORTED_FORMAT`` (a path with another suffix or none, legacy .doc,
        images, other archives, binary data), ``ENCODING`` (text that does not decode cleanly), ``ENCRYPTED``,
        ``NO_TEXT_LAYER`` (scanned PDF), ``GARBLED_TEXT`` (PDF fonts without
        Unicode mapping), ``PARSE_ERROR`` (damaged file; DOCX with a DOCTYPE),
        ``RESOURCE_LIMIT`` (decompression limits, memory exhausted).
    InputTypeError
        If ``source`` is neither a path nor bytes, or a limit is invalid; RF525 if it is a
        str that cannot be a path but reads as a document's text (see
        :func:`rolefit._io.check_not_text`).
    """
    limits = ReadLimits.resolve(limits, **limit_overrides)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        where = name or "<bytes>"
        if len(data) > limits.max_bytes:
            raise fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=limits.max_bytes)
    elif isinstance(source, (str, os.PathLike)):
        check_not_text(source, "the document to read", fix=_SCORE_TEXT)
        where = name or os.fspath(source)
        data = read_file(Path(source), where, limits.max_bytes)
    else:
        expected = "a path (str, os.PathLike) or bytes"
        raise ParameterValueError("source", expected, source)
    return read_bytes(data, where, limits)


#: RF525's advice when a reader is given a text: it may be scored as it is.
_SCORE_TEXT = "; to score a text you already hold, pass it to rolefit.score(text)"


def read_bytes(data: bytes, where: str, limits: ReadLimits) -> ReadResult:
    """Detect the format of ``data`` and read it (``where`` names it in messages)."""
    if not data:
        raise fail("EMPTY", Errors.RF506, where, detail="0 bytes")
    result = detect_format(data, where).read(data, where, limits)
    return dataclasses.replace(result, input_sha256=hashlib.sha256(data).hexdigest())


def check_entry(path: Path, where: str) -> os.stat_result:
    """``stat`` of a file to read; a classified ReadError for anything that is not one.

    Raises
    ------
    ReadError
        ``NOT_FOUND`` (no such file, or another OS error), ``BROKEN_LINK`` (a symbolic link
        to nothing), ``SYMLINK_LOOP``, ``SPECIAL_FILE`` (FIFO, socket, device: never opened,
        reading one can block forever), ``PERMISSION_DENIED``, ``UNSUPPORTED_FORMAT`` (a
        folder).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            raise fail("BROKEN_LINK", Errors.RF521, where, target=target) from None
        raise fail("NOT_FOUND", Errors.RF502, where) from None
    except PermissionError as exc:
        raise fail("PERMISSION_DENIED", Errors.RF524, where, problem=exc.strerror or str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("SYMLINK_LOOP", Errors.RF522, where) from None
        problem = f"{type(exc).__name__}: {exc.strerror or exc}"
        raise fail("NOT_FOUND", Errors.RF503, where, problem=problem) from None
    if stat.S_ISDIR(info.st_mode):
        fix = "pass one file (a batch reads folders)."
        raise fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind="a folder", fix=fix, formats=formats_wording())
    if not stat.S_ISREG(info.st_mode):
        raise fail("SPECIAL_FILE", Errors.RF523, where, kind=_special_kind(info.st_mode))
    return info


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_file(path: Path, where: str, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` (TOO_LARGE above); see :func:`check_entry`
    for the errors of entries that are not regular files. A file whose suffix rolefit does not
    read (:func:`~rolefit.readers.is_supported_path`) is UNSUPPORTED_FORMAT, whatever its bytes:
    every read of a path, a batch's included, follows the same rule."""
    info = check_entry(path, where)
    if not is_supported_path(path):
        raise unsupported_suffix(where, path.suffix, file_head(path))
    if info.st_size > max_bytes:
        raise fail("TOO_LARGE", Errors.RF504, where, size=info.st_size, max_bytes=max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise fail("NOT_FOUND", Errors.RF502, where) from None
    except PermissionError as exc:
        raise fail("PERMISSION_DENIED", Errors.RF524, where, problem=exc.strerror or str(exc)) from None
    except OSError as exc:  # name too long, I/O errors
        problem = f"{type(exc).__name__}: {exc.strerror or exc}"
        raise fail("NOT_FOUND", Errors.RF503, where, problem=problem) from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=max_bytes)
    return data


def file_head(path: Path) -> bytes:
    """The first bytes of a file (b"" if it cannot be read): enough to name a known kind."""
    try:
        with path.open("rb") as fh:
            return fh.read(16)
    except OSError:
        return b""
