"""The format registry: the one list of formats rolefit reads, and detection from content.

Each :class:`~rolefit.readers.Format` entry (defined beside its reader, in ``_text.py``,
``_pdf.py``, ``_docx.py``) carries its name, suffixes, magic-byte detector, reader and
wording. Everything that names the supported formats derives from :data:`FORMATS`: the
suffixes a batch reads, the accepted job-posting files, the UNSUPPORTED_FORMAT messages, the
CLI help and the README list (checked by a test). Adding a format means a new module with
its ``Format`` entry and one line here.

Detection never trusts the file name: a byte-order mark means text; then each magic-byte
test (and closer ``detect`` look) in :data:`FORMATS` order; then bytes no format claimed are
refused if they are a known unreadable kind (legacy .doc and other OLE2 files, other ZIP
packages, images, RTF, archives) or binary data, or if the file name claims a container
format (one with a magic-byte test) and the bytes are not UTF-8 text either (a ``.pdf`` or
``.docx`` of random bytes, a damaged download: UNSUPPORTED_FORMAT, not ENCODING; UTF-8 text
misnamed ``.pdf`` is still read as text); anything else is plain text, and only then does
the suffix choose among the plain-text formats (``.md`` -> ``"md"``, else ``"txt"``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from rolefit.errors import Errors, ReadError
from rolefit.readers._base import Format, fail
from rolefit.readers._docx import DOCX
from rolefit.readers._pdf import PDF
from rolefit.readers._text import MD, TXT, has_bom, utf16_without_bom
from rolefit.readers._zip import is_zip, refuse_unknown_zip

#: Every format rolefit reads, in the order messages list them and detectors run.
FORMATS: Final[tuple[Format, ...]] = (TXT, MD, PDF, DOCX)
#: File suffixes rolefit reads (lower case); any other file is UNSUPPORTED_FORMAT (a batch row, a
#: ReadError of a read by path).
SUPPORTED_SUFFIXES: Final = frozenset(suffix for fmt in FORMATS for suffix in fmt.suffixes)
#: Suffixes of the container formats (those detected by magic bytes, read in the sandbox):
#: a hint for starting reader processes early; what a file is, is decided from its bytes.
CONTAINER_SUFFIXES: Final = frozenset(suffix for fmt in FORMATS if fmt.magic is not None for suffix in fmt.suffixes)

_PLAIN: Final = tuple(fmt for fmt in FORMATS if fmt.magic is None)
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# signature -> (what it is, how to fix); checked at offset 0 after the detectors
_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "if it is a scanned CV, run OCR on it first."),
    (b"\xff\xd8\xff", "a JPEG image", "if it is a scanned CV, run OCR on it first."),
    (b"GIF87a", "a GIF image", "export the CV as PDF or DOCX."),
    (b"GIF89a", "a GIF image", "export the CV as PDF or DOCX."),
    (b"II*\x00", "a TIFF image", "if it is a scanned CV, run OCR on it first."),
    (b"MM\x00*", "a TIFF image", "if it is a scanned CV, run OCR on it first."),
    (b"{\\rtf", "an RTF document", "save it as .docx or PDF."),
    (b"%!PS", "a PostScript file", "convert it to PDF."),
    (b"\x1f\x8b", "a gzip archive", "unpack it and read the files inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it and read the files inside."),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it and read the files inside."),
)
# C0 controls other than tab, LF, VT, FF, CR, SUB (DOS end of file) and ESC, plus DEL
_CONTROL_BYTES: Final = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B}) | {
    0x7F
}


def _join(items: list[str], conjunction: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def formats_wording(*, conjunction: str = "and") -> str:
    """The supported formats as a phrase, e.g. ``".txt, .md, .pdf (with a text layer) and .docx"``."""
    return _join([fmt.wording for fmt in FORMATS], conjunction)


def suffixes_wording(*, conjunction: str = "or") -> str:
    """The supported suffixes as a phrase, e.g. ``".txt, .md, .pdf or .docx"``."""
    return _join([suffix for fmt in FORMATS for suffix in fmt.suffixes], conjunction)


def is_supported_path(path: str | os.PathLike[str]) -> bool:
    """Whether rolefit reads the file ``path``, judged by its suffix only.

    Parameters
    ----------
    path : str or os.PathLike
        A file name or path; the file need not exist.

    Returns
    -------
    bool
        True if the lower-cased suffix is in :data:`SUPPORTED_SUFFIXES`. Every read of a
        path (:func:`~rolefit.readers.read_document`, the isolated readers, a batch) refuses
        other files with :func:`unsupported_suffix`; among the supported suffixes the bytes
        decide the format. Bytes read without a file name have no suffix to check.
    """
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def unsupported_suffix(where: str, suffix: str, head: bytes = b"") -> ReadError:
    """UNSUPPORTED_FORMAT (RF508) for a file whose suffix rolefit does not read, worded as a
    read of the same bytes would be ("a PNG image ... run OCR on it first") when its first
    bytes say what it is (``head``: at least the first 16 bytes); else it says to convert the
    file, or rename it if it is text."""
    if head.startswith(_OLE_MAGIC):
        return fail("UNSUPPORTED_FORMAT", Errors.RF507, where, kind="a legacy Word 97-2003 (.doc) or other OLE2 file")
    known = known_kind(head)
    if known is not None:
        kind, fix = known
    else:
        kind = f"a file of type {suffix!r}" if suffix else "a file without a suffix"
        fix = (
            f"convert it (e.g. save it as PDF or DOCX), or, if it is plain text, rename it to "
            f"{_join([s for fmt in _PLAIN for s in fmt.suffixes], 'or')}."
        )
    return fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, formats=formats_wording(), fix=fix)


def needs_sandbox(data: bytes) -> bool:
    """Whether ``data`` is a container (a magic test of the registry matches) whose parser
    must run in the isolation sandbox; plain text and cheap refusals need none."""
    return not has_bom(data) and any(fmt.magic is not None and fmt.magic(data) for fmt in FORMATS)


def detect_format(data: bytes, where: str) -> Format:
    """The registry entry that reads ``data``; see the module docstring for the order.

    Raises
    ------
    ReadError
        UNSUPPORTED_FORMAT (or ENCRYPTED for a protected Office file) for content no
        registered format reads; PARSE_ERROR for a ZIP that cannot be opened.
    """
    if not has_bom(data):
        for fmt in FORMATS:
            if fmt.magic is not None and fmt.magic(data) and (fmt.detect is None or fmt.detect(data, where)):
                return fmt
        _refuse_unknown(data, where)
    suffix = Path(where).suffix.lower()
    return next((fmt for fmt in _PLAIN if suffix in fmt.suffixes), _PLAIN[0])


def known_kind(head: bytes) -> tuple[str, str] | None:
    """``(what it is, how to fix it)`` of a file rolefit cannot read, from its first bytes
    (PNG, JPEG, GIF, TIFF, RTF, PostScript, archives), or None: the one list both a read and a
    batch's suffix check name them from ("a PNG image", "run OCR on it first.")."""
    return next(((kind, fix) for magic, kind, fix in _SIGNATURES if head.startswith(magic)), None)


def _refuse_unknown(data: bytes, where: str) -> None:
    """Raise UNSUPPORTED_FORMAT for known unreadable kinds and binary data; else return."""
    if is_zip(data):
        raise refuse_unknown_zip(data, where, formats_wording())
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise fail("ENCRYPTED", Errors.RF510, where, kind="This Office document")
        kind = "a legacy Word 97-2003 (.doc) or other OLE2 file"
        raise fail("UNSUPPORTED_FORMAT", Errors.RF507, where, kind=kind)
    known = known_kind(data)
    if known is not None:
        raise fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=known[0], fix=known[1], formats=formats_wording())
    sample = data[:8192]
    suffix = Path(where).suffix.lower()
    claimed = next((fmt for fmt in FORMATS if fmt.magic is not None and suffix in fmt.suffixes), None)
    if claimed is not None and not _is_utf8(data):
        kind = f"named {suffix} but not a {claimed.name.upper()} file (its first bytes are {data[:8]!r})"
        fix = f"check the file: it may be damaged, truncated or mislabelled; export it again as {suffixes_wording()}."
        raise fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix, formats=formats_wording())
    controls = sum(byte in _CONTROL_BYTES for byte in sample)
    if controls > 0.1 * len(sample) and utf16_without_bom(data) is None:
        kind = f"binary data ({controls:,} control bytes in the first {len(sample):,})"
        fix = f"export the CV as {suffixes_wording()}."
        raise fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix, formats=formats_wording())


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
