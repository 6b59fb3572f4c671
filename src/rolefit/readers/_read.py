"""Read one document in the calling process: input checks, detection, dispatch to its format."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from rolefit.errors import Errors, InputTypeError
from rolefit.readers._base import ReadLimits, ReadResult, fail
from rolefit.readers._registry import detect_format, formats_wording


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
        document's bytes.
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
        With ``code``: ``NOT_FOUND`` (missing or unopenable file), ``EMPTY``
        (no bytes or only whitespace), ``TOO_LARGE`` (a cap of ``limits``),
        ``UNSUPPORTED_FORMAT`` (legacy .doc, images, other archives, binary
        data), ``ENCODING`` (text that does not decode cleanly), ``ENCRYPTED``,
        ``NO_TEXT_LAYER`` (scanned PDF), ``GARBLED_TEXT`` (PDF fonts without
        Unicode mapping), ``PARSE_ERROR`` (damaged file; DOCX with a DOCTYPE),
        ``RESOURCE_LIMIT`` (decompression limits, memory exhausted).
    InputTypeError
        If ``source`` is neither a path nor bytes, or a limit is invalid.
    """
    limits = ReadLimits.resolve(limits, **limit_overrides)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        where = name or "<bytes>"
        if len(data) > limits.max_bytes:
            raise fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=limits.max_bytes)
    elif isinstance(source, (str, os.PathLike)):
        where = name or os.fspath(source)
        data = read_file(Path(source), where, limits.max_bytes)
    else:
        expected = "a path (str, os.PathLike) or bytes"
        raise InputTypeError(Errors.RF520.format(name="source", expected=expected, value=source))
    return read_bytes(data, where, limits)


def read_bytes(data: bytes, where: str, limits: ReadLimits) -> ReadResult:
    """Detect the format of ``data`` and read it (``where`` names it in messages)."""
    if not data:
        raise fail("EMPTY", Errors.RF506, where, detail="0 bytes")
    return detect_format(data, where).read(data, where, limits)


def read_file(path: Path, where: str, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` (TOO_LARGE above, NOT_FOUND if unopenable)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            fix = "pass one file (a batch reads folders)."
            raise fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix, formats=formats_wording())
        if info.st_size > max_bytes:
            raise fail("TOO_LARGE", Errors.RF504, where, size=info.st_size, max_bytes=max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise fail("NOT_FOUND", Errors.RF502, where) from None
    except OSError as exc:  # permissions, name too long, I/O errors
        problem = f"{type(exc).__name__}: {exc.strerror or exc}"
        raise fail("NOT_FOUND", Errors.RF503, where, problem=problem) from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=max_bytes)
    return data
