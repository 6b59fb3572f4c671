"""Turn documents (bytes or files) into text: .txt, .md, .pdf and .docx.

The format is detected from the content (magic bytes), never from the file
name: ``%PDF-`` (in the first KB) is a PDF; a ZIP whose content types declare
a Word main part is a DOCX, other ZIPs (xlsx, odt...) are UNSUPPORTED_FORMAT;
an OLE2 file (legacy .doc) is UNSUPPORTED_FORMAT with advice to save it as
.docx or PDF; images, RTF and other binary data are UNSUPPORTED_FORMAT;
anything else is decoded as text. The suffix only tells ``"txt"`` from
``"md"`` and lets a batch choose files (:func:`is_supported_path`).

Every failure is a :class:`rolefit.errors.ReadError` whose ``code`` (one of
:data:`rolefit.errors.READ_ERROR_CODES`) a batch can put in an error row, and
whose message says what happened, in which file and how to fix it. Any
exception of pypdf or python-docx that is not mapped to a specific code is a
PARSE_ERROR naming the exception class.

Offsets convention: the text returned is the decoded document with line ends
(``\r\n``, ``\r``) normalised to ``"\n"`` and NUL characters removed, and
nothing else changed (no Unicode normalisation; ligatures, soft hyphens and
odd spaces are kept for :mod:`rolefit.nlp` to handle). Character offsets
computed later index this string.

Text files: a byte-order mark decides first (UTF-32 LE/BE before UTF-16 LE/BE,
then UTF-8); then strict UTF-8; then BOM-less UTF-16 recognised by its NUL
pattern; then a guess among :data:`LEGACY_ENCODINGS` with charset-normalizer,
where a plausible cp1252 reading wins ties (short Western texts). Nothing is
ever decoded with ``errors="ignore"``: decoded text with more than
:data:`BAD_CHARS_MAX_COUNT` (10) NUL/U+FFFD characters, or more than
:data:`BAD_CHARS_MAX_SHARE` (1 %) of them, is ENCODING; fewer are kept (NULs
removed) and reported in :attr:`ReadResult.warnings`.

PDF: pypdf, with tighter decompression limits than its defaults (see below),
the empty password tried once (else ENCRYPTED), pages joined with ``"\n\n"``.
No text at all is NO_TEXT_LAYER (a scan); at least half unmapped glyphs
(``(cid:N)``, U+FFFD, private-use or control characters) is GARBLED_TEXT.
Text comes from pypdf's default extraction mode, which follows the content
stream: on the two-column Resume-Matcher sample CV it yields the left column,
then the right one, whereas ``extraction_mode="layout"`` puts both columns
side by side on each line (e.g. "SUMMARY ... EDUCATION").

DOCX: before python-docx parses anything, the ZIP is checked with
:mod:`zipfile` for the limits below, and any part containing ``<!DOCTYPE``
(in UTF-8/16/32) is refused as PARSE_ERROR: the Open Packaging Conventions
forbid DTDs, so such a file is malformed whatever it declares, and refusing it
unparsed removes entity-expansion attacks (RESOURCE_LIMIT is kept for limits
that were measured and crossed). The text is then collected in document order
from headers, body paragraphs, tables (nested too), content controls and text
boxes, and footers.

Empty means no byte, or no character other than whitespace and invisible
format characters (:func:`has_visible_text`): EMPTY.

Limits (the first three are keyword arguments; the others module constants):

==========================  ===============  ===================================
limit                       default          error code
==========================  ===============  ===================================
input size ``max_bytes``    20,000,000 B     ``TOO_LARGE``
text length ``max_chars``   500,000 chars    ``TOO_LARGE``
PDF pages ``max_pages``     50               ``TOO_LARGE``
PDF stream inflation        16,000,000 B     ``RESOURCE_LIMIT`` (pypdf limits)
DOCX ZIP members            1,000            ``RESOURCE_LIMIT``
DOCX uncompressed total     100,000,000 B    ``RESOURCE_LIMIT``
DOCX member ratio           100:1 (>1 MB)    ``RESOURCE_LIMIT``
==========================  ===============  ===================================

A 10 MB plain-text file is therefore ``TOO_LARGE`` by the character cap (a CV
is rarely above 50,000 characters). These limits bound what one call can
allocate from the *input*; CPU time and memory of the parsers themselves are
bounded by running the readers in a child process, see
:mod:`rolefit.isolation`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import os
import re
import stat
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from rolefit.errors import Errors, InputTypeError, ReadError

if TYPE_CHECKING:  # imported lazily: `import rolefit.readers` stays light
    import docx.document
    import pypdf

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_PAGES",
    "SUPPORTED_SUFFIXES",
    "ReadResult",
    "has_visible_text",
    "is_supported_path",
    "read_document",
    "read_text",
]

#: Default cap on the input size in bytes (``max_bytes``).
DEFAULT_MAX_BYTES: Final = 20_000_000
#: Default cap on the length of the returned text in characters (``max_chars``).
DEFAULT_MAX_CHARS: Final = 500_000
#: Default cap on the number of PDF pages (``max_pages``).
DEFAULT_MAX_PAGES: Final = 50
#: File suffixes a batch reads (lower case); other files become UNSUPPORTED_FORMAT rows.
SUPPORTED_SUFFIXES: Final = frozenset({".txt", ".md", ".pdf", ".docx"})

#: Most bytes one PDF stream may inflate to (per filter, pypdf ``*_maximum_output_length``).
PDF_MAX_STREAM_BYTES: Final = 16_000_000
#: DOCX (ZIP) limits: member count, total uncompressed bytes, per-member inflation ratio
#: (checked for members larger than ``ZIP_RATIO_MIN_BYTES``).
ZIP_MAX_MEMBERS: Final = 1_000
ZIP_MAX_TOTAL_BYTES: Final = 100_000_000
ZIP_MAX_RATIO: Final = 100
ZIP_RATIO_MIN_BYTES: Final = 1_000_000
#: Decoded text with more than this many NUL/U+FFFD characters, or more than this
#: share of them, is an ENCODING error; fewer are reported in ``ReadResult.warnings``.
BAD_CHARS_MAX_COUNT: Final = 10
BAD_CHARS_MAX_SHARE: Final = 0.01
#: A PDF whose non-space characters are at least this share of unmapped glyphs
#: (``(cid:N)``, U+FFFD, private-use or control characters) is GARBLED_TEXT;
#: above ``GARBLED_WARN_SHARE`` it is only a warning.
GARBLED_MIN_SHARE: Final = 0.5
GARBLED_WARN_SHARE: Final = 0.05
#: Legacy encodings tried (with charset-normalizer) for text that is not UTF-8 and
#: has no byte-order mark. Short, mostly-English texts whose cp1252 reading is
#: plausible (see ``_western_cp1252``) are read as cp1252 unless charset-normalizer
#: recognises another language with confidence.
LEGACY_ENCODINGS: Final = (
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "cp1253",
    "cp1254", "cp1257", "mac_roman", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)

_PDF_LIMITS: Final = {
    "zlib_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": 2 * PDF_MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * PDF_MAX_STREAM_BYTES,
}

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS: Final = (  # UTF-32 before UTF-16: FF FE 00 00 starts with FF FE
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xef\xbb\xbf", "utf-8"),
)
# signature -> (what it is, how to fix); checked at offset 0 after PDF/ZIP/OLE
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
_WORD_MAIN: Final = b"wordprocessingml.document.main+xml"
_ZIP_ERRORS: Final = (  # what zipfile raises on damaged archives
    zipfile.BadZipFile, zlib.error, struct.error, NotImplementedError, OSError, ValueError,
    EOFError, RuntimeError, LookupError,
)
_DOCTYPE_PATTERNS: Final = tuple(
    "<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
# C0 controls other than tab, LF, VT, FF, CR, SUB (DOS end of file) and ESC, plus DEL
_CONTROL_BYTES: Final = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B}) | {
    0x7F
}
_GARBLE_RE: Final = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
_SPACE_RE: Final = re.compile(r"\s+")
_WESTERN_PUNCTUATION: Final = frozenset("€‚„…†‡‰‘’“”•–—™\u00a0¡£§©«®°±´·»¿")
_MAX_LOGGED: Final = 20


@dataclasses.dataclass(frozen=True)
class ReadResult:
    """The text of one document and how it was read.

    Attributes
    ----------
    text : str
        The document text: line ends normalised to ``"\\n"``, NUL characters
        removed, otherwise as decoded or extracted (no Unicode normalisation).
        Character offsets of later stages index this string.
    format : {"txt", "md", "pdf", "docx"}
        The detected format; ``"md"`` only when the file name ends in ``.md``.
    n_pages : int or None
        Number of PDF pages; ``None`` for other formats.
    warnings : tuple of str
        Problems that did not stop reading (pages without text, a guessed
        encoding, a few undecodable characters...), one sentence each.
    encoding : str or None
        The text encoding used for txt/md (e.g. ``"utf-8"``, ``"cp1252"``);
        ``None`` for PDF and DOCX.
    """

    text: str
    format: str
    n_pages: int | None = None
    warnings: tuple[str, ...] = ()
    encoding: str | None = None


def is_supported_path(path: str | os.PathLike[str]) -> bool:
    """Whether a batch should read ``path``, judged by its suffix only.

    Parameters
    ----------
    path : str or os.PathLike
        A file name or path; the file need not exist.

    Returns
    -------
    bool
        True if the lower-cased suffix is in :data:`SUPPORTED_SUFFIXES`. The
        reader itself ignores the suffix and detects the format from content.
    """
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def read_text(
    source: str | os.PathLike[str] | bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    name: str | None = None,
) -> str:
    """Read a CV document (txt, md, pdf or docx) and return its text.

    Same as ``read_document(...).text``; see :func:`read_document` for the
    parameters, the caps and the errors raised.
    """
    return read_document(
        source, max_bytes=max_bytes, max_chars=max_chars, max_pages=max_pages, name=name
    ).text


def read_document(
    source: str | os.PathLike[str] | bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    name: str | None = None,
) -> ReadResult:
    """Read a CV document (txt, md, pdf or docx) into a :class:`ReadResult`.

    Runs in the calling process. For untrusted files in a service or a batch,
    prefer :func:`rolefit.isolation.read_document_isolated`, which adds a
    wall-clock timeout and a memory cap.

    Parameters
    ----------
    source : str, os.PathLike or bytes
        A path (a ``str`` is always a path, never the text itself) or the
        document's bytes.
    max_bytes : int, default 20,000,000
        Largest input accepted, in bytes; checked before reading a file.
    max_chars : int, default 500,000
        Longest text returned, in characters (code points).
    max_pages : int, default 50
        Most PDF pages accepted.
    name : str, optional
        File name used in messages and for the txt/md distinction when
        ``source`` is bytes (default ``"<bytes>"``).

    Returns
    -------
    ReadResult
        The text (line ends ``"\\n"``, offsets index it), format, page count
        and warnings.

    Raises
    ------
    ReadError
        With ``code``: ``NOT_FOUND`` (missing or unopenable file), ``EMPTY``
        (no bytes or only whitespace), ``TOO_LARGE`` (a ``max_*`` cap),
        ``UNSUPPORTED_FORMAT`` (legacy .doc, images, other archives, binary
        data), ``ENCODING`` (text that does not decode cleanly), ``ENCRYPTED``,
        ``NO_TEXT_LAYER`` (scanned PDF), ``GARBLED_TEXT`` (PDF fonts without
        Unicode mapping), ``PARSE_ERROR`` (damaged file; DOCX with a DOCTYPE),
        ``RESOURCE_LIMIT`` (decompression limits, memory exhausted).
    InputTypeError
        If ``source`` is neither a path nor bytes.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        where = name or "<bytes>"
        if len(data) > max_bytes:
            raise _fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=max_bytes)
    elif isinstance(source, (str, os.PathLike)):
        where = name or os.fspath(source)
        data = _read_file(Path(source), where, max_bytes)
    else:
        expected = "a path (str, os.PathLike) or bytes"
        raise InputTypeError(Errors.RF520.format(name="source", expected=expected, value=source))

    if not data:
        raise _fail("EMPTY", Errors.RF506, where, detail="0 bytes")
    kind = _sniff(data, where)
    if kind == "pdf":
        result = _read_pdf(data, where, max_chars, max_pages)
    elif kind == "docx":
        result = _read_docx(data, where, max_chars)
    else:
        fmt = "md" if Path(where).suffix.lower() == ".md" else "txt"
        result = _read_plain(data, where, max_chars, fmt)
    return result


# --------------------------------------------------------------------------- input


def _read_file(path: Path, where: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            fix = "pass one file (a batch reads folders)."
            raise _fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix)
        if info.st_size > max_bytes:
            raise _fail("TOO_LARGE", Errors.RF504, where, size=info.st_size, max_bytes=max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise _fail("NOT_FOUND", Errors.RF502, where) from None
    except OSError as exc:  # permissions, name too long, I/O errors
        problem = f"{type(exc).__name__}: {exc.strerror or exc}"
        raise _fail("NOT_FOUND", Errors.RF503, where, problem=problem) from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise _fail("TOO_LARGE", Errors.RF504, where, size=len(data), max_bytes=max_bytes)
    return data


def _sniff(data: bytes, where: str) -> str:
    """Return ``"pdf"``, ``"docx"`` or ``"text"``; raise for anything unsupported."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return "text"
    if b"%PDF-" in data[:1024]:  # readers accept leading junk up to 1 KB
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, where)
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _fail("ENCRYPTED", Errors.RF510, where, kind="This Office document")
        kind = "a legacy Word 97-2003 (.doc) or other OLE2 file"
        raise _fail("UNSUPPORTED_FORMAT", Errors.RF507, where, kind=kind)
    for magic, kind, fix in _SIGNATURES:
        if data.startswith(magic):
            raise _fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix)
    sample = data[:8192]
    controls = sum(byte in _CONTROL_BYTES for byte in sample)
    if controls > 0.1 * len(sample) and _utf16_without_bom(data) is None:
        kind = f"binary data ({controls:,} control bytes in the first {len(sample):,})"
        fix = "export the CV as .txt, .pdf or .docx."
        raise _fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix)
    return "text"


def _sniff_zip(data: bytes, where: str) -> str:
    with _open_zip(data, where) as zf:
        return _zip_kind(zf, where)


def _zip_kind(zf: zipfile.ZipFile, where: str) -> str:
    names = set(zf.namelist())
    content_types = b""
    if "[Content_Types].xml" in names and zf.getinfo("[Content_Types].xml").file_size <= 1_000_000:
        content_types = _zip_read(zf, "[Content_Types].xml", where)
    if _WORD_MAIN in content_types:
        return "docx"
    if b"ms-word.document.macroEnabled" in content_types or b"ml.template" in content_types:
        kind = "a macro-enabled Word document or Word template"
        raise _fail("UNSUPPORTED_FORMAT", Errors.RF507, where, kind=kind)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        kind, fix = "an Excel workbook", "export the CV as .docx or PDF."
    elif "ppt/presentation.xml" in names:
        kind, fix = "a PowerPoint presentation", "export the CV as PDF."
    elif "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
        mimetype = _zip_read(zf, "mimetype", where).decode("ascii", "replace").strip()
        kind = f"a ZIP package of type {mimetype!r} (e.g. OpenDocument)"
        fix = "save the CV as .docx or PDF."
    else:
        kind = "a ZIP archive that is not a Word document"
        fix = "unpack it and read the files inside."
    raise _fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix)


# --------------------------------------------------------------------------- text


def _read_plain(data: bytes, where: str, max_chars: int, fmt: str) -> ReadResult:
    if len(data) > 4 * max_chars:  # every encoding needs at most 4 bytes per character
        length = f"at least {len(data) // 4:,}"
        raise _fail("TOO_LARGE", Errors.RF505, where, length=length, max_chars=max_chars)
    warnings: list[str] = []
    text, encoding = _decode(data, where, warnings)
    bad = text.count("\x00") + text.count("\ufffd")
    if bad > BAD_CHARS_MAX_COUNT or bad > BAD_CHARS_MAX_SHARE * len(text):
        detail = (
            f"{bad:,} NUL or U+FFFD replacement characters in {len(text):,} after decoding as "
            f"{encoding}; at most {BAD_CHARS_MAX_COUNT} and {BAD_CHARS_MAX_SHARE:.0%} are accepted"
        )
        raise _fail("ENCODING", Errors.RF509, where, detail=detail)
    if bad:
        warnings.append(f"{bad} NUL or U+FFFD character(s) in the text; the NULs were removed.")
    text = _normalise(text)
    _check_text(text, where, max_chars, "only whitespace")
    return ReadResult(text=text, format=fmt, warnings=tuple(warnings), encoding=encoding)


def _decode(data: bytes, where: str, warnings: list[str]) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                position = exc.start + len(bom)
                detail = f"the byte-order mark says {codec}, but {exc.reason} at byte {position:,}"
                raise _fail("ENCODING", Errors.RF509, where, detail=detail) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        warnings.append(f"No byte-order mark; decoded as {utf16[1]} from the pattern of NUL bytes.")
        return utf16
    western = _western_cp1252(data)
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    best = matches.best()
    unsure = best is None or best.coherence == 0 or _ties_cp1252(best, matches)
    if best is None or (western is not None and unsure):
        if western is None:
            detail = f"not UTF-8, and none of {', '.join(LEGACY_ENCODINGS)} fits"
            raise _fail("ENCODING", Errors.RF509, where, detail=detail)
        text, codec = western, "cp1252"
    else:
        text, codec = str(best), best.encoding
    warnings.append(f"Not UTF-8; decoded as {codec} (a guess). Save the file as UTF-8 to be sure.")
    return text, codec


def _western_cp1252(data: bytes) -> str | None:
    """The cp1252 decoding of ``data`` if it reads like Western European text.

    Plausible means: every non-ASCII character is a Latin-1 letter or common
    typographic punctuation (curly quotes, dashes, euro sign...), and no three
    such letters are adjacent (Cyrillic bytes read as cp1252 give runs such as
    "Ïðèâåò"; Polish ones give symbols such as "¿ó³").
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    run = 0  # adjacent non-ASCII letters
    for char in text:
        if char < "\x80" or char in _WESTERN_PUNCTUATION:
            run = 0
        elif "\xc0" <= char <= "\xff" and char not in "\xd7\xf7":
            run += 1
            if run >= 3:
                return None
        else:
            return None
    return text


def _ties_cp1252(best: Any, matches: Any) -> bool:
    """Whether charset-normalizer rates cp1252 as good as its best guess: on short
    texts cp1250/cp1252/cp1257 often tie, and its pick among them is arbitrary."""
    return any(
        m.chaos <= best.chaos + 0.01
        and m.coherence >= best.coherence - 0.02
        and "cp1252" in (m.encoding, *m.could_be_from_charset)
        for m in matches
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 text: mostly-ASCII text has NULs at every other byte."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if max(even, odd) < 0.3 * half or min(even, odd) > 0.05 * half:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _check_text(text: str, where: str, max_chars: int, empty_detail: str) -> None:
    if len(text) > max_chars:
        raise _fail("TOO_LARGE", Errors.RF505, where, length=f"{len(text):,}", max_chars=max_chars)
    if not has_visible_text(text):
        raise _fail("EMPTY", Errors.RF506, where, detail=empty_detail)


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character that is neither whitespace nor an invisible
    format character (category Cf: zero-width spaces, U+FEFF...). Texts without
    one are EMPTY."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


# --------------------------------------------------------------------------- PDF


def _read_pdf(data: bytes, where: str, max_chars: int, max_pages: int) -> ReadResult:
    # pypdf >= 6.18 keeps its limits in a context-local Configuration (no global state);
    # fields added later (brotli, decoding work) are applied when the installed pypdf has them.
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    known = {field.name for field in dataclasses.fields(pypdf.Configuration)}
    limits = {name: value for name, value in _PDF_LIMITS.items() if name in known}  # older pypdf
    logged: list[str] = []
    try:
        with pypdf.apply_configuration(**limits), _collect_log("pypdf", logged):
            result = _extract_pdf(pypdf.PdfReader(io.BytesIO(data)), where, max_chars, max_pages)
    except ReadError:
        raise
    except FileNotDecryptedError:
        raise _fail("ENCRYPTED", Errors.RF510, where, kind="This PDF") from None
    except DependencyError as exc:
        if "AES" not in str(exc) and "cryptography" not in str(exc):
            raise _parse_error(where, "PDF", exc) from None
        # AES-encrypted with an empty user password: decrypting needs `cryptography`
        kind = f"This AES-encrypted PDF (pypdf: {exc})"
        raise _fail("ENCRYPTED", Errors.RF510, where, kind=kind) from None
    except LimitReachedError as exc:
        detail = f"pypdf stopped at one of its safety limits ({exc})"
        limit = f"{PDF_MAX_STREAM_BYTES:,} bytes per decoded stream"
        raise _fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit) from None
    except (MemoryError, RecursionError) as exc:
        raise _resource_error(where, exc) from None
    except Exception as exc:  # parser boundary: any other pypdf failure is a damaged file
        raise _parse_error(where, "PDF", exc) from None
    if logged:
        notes = tuple(f"pypdf: {message}" for message in logged)
        result = dataclasses.replace(result, warnings=result.warnings + notes)
    return result


@contextlib.contextmanager
def _collect_log(logger_name: str, messages: list[str]) -> Iterator[None]:
    """Collect a library's log warnings from this thread into ``messages``.

    pypdf reports the repairs it makes on damaged files through :mod:`logging`.
    They belong in :attr:`ReadResult.warnings`; the records still propagate to
    any handlers the application configured. No global logging set-up changes.
    """
    thread = threading.get_ident()

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread and len(messages) < _MAX_LOGGED:
                message = record.getMessage().strip()[:200]
                if message not in messages:
                    messages.append(message)

    handler = _Collector(logging.WARNING)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _extract_pdf(reader: pypdf.PdfReader, where: str, max_chars: int, max_pages: int) -> ReadResult:
    import pypdf

    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        raise _fail("ENCRYPTED", Errors.RF510, where, kind="This PDF")
    n_pages = len(reader.pages)
    if n_pages == 0:
        raise _fail("EMPTY", Errors.RF506, where, detail="the PDF has no pages")
    if n_pages > max_pages:
        raise _fail("TOO_LARGE", Errors.RF516, where, n_pages=n_pages, max_pages=max_pages)
    texts: list[str] = []
    length = 0
    for page in reader.pages:
        # Default (content-stream order) mode, not extraction_mode="layout": layout mode
        # puts both columns of a two-column CV side by side on each line.
        page_text = _normalise(page.extract_text())
        length += len(page_text) + 2
        if length > max_chars:
            length_text = f"more than {max_chars:,}"
            raise _fail("TOO_LARGE", Errors.RF505, where, length=length_text, max_chars=max_chars)
        texts.append(page_text)
    text = "\n\n".join(texts)
    if not has_visible_text(text):
        raise _fail("NO_TEXT_LAYER", Errors.RF511, where, n_pages=n_pages)
    warnings = []
    blank = [str(i + 1) for i, page_text in enumerate(texts) if not has_visible_text(page_text)]
    if blank:
        pages = ", ".join(blank)
        warnings.append(f"Page(s) {pages} have no text layer (scanned?); their text is missing.")
    share, detail = _garbled_share(text)
    if share >= GARBLED_MIN_SHARE:
        raise _fail("GARBLED_TEXT", Errors.RF512, where, share=share, detail=detail)
    if share >= GARBLED_WARN_SHARE:
        warnings.append(f"{share:.0%} of the characters are unmapped glyphs ({detail}).")
    return ReadResult(text=text, format="pdf", n_pages=n_pages, warnings=tuple(warnings))


def _garbled_share(text: str) -> tuple[float, str]:
    visible = len(_SPACE_RE.sub("", text))
    matches = _GARBLE_RE.findall(text)
    bad = sum(len(m) for m in matches)
    examples = ", ".join(repr(m) for m in dict.fromkeys(matches[:50]))
    return (bad / visible if visible else 0.0), f"{len(matches):,} such, e.g. {examples[:80]}"


# --------------------------------------------------------------------------- DOCX


def _read_docx(data: bytes, where: str, max_chars: int) -> ReadResult:
    with _open_zip(data, where) as zf:
        _check_zip(zf, where)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = _DocxText(max_chars, where).document(document)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise _resource_error(where, exc) from None
    except Exception as exc:  # parser boundary: any other python-docx/lxml failure
        raise _parse_error(where, "DOCX", exc) from None
    text = _normalise(text)
    _check_text(text, where, max_chars, "no text in the body, tables, text boxes, headers, footers")
    return ReadResult(text=text, format="docx")


def _open_zip(data: bytes, where: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise _parse_error(where, "ZIP (DOCX)", exc) from None


def _zip_read(zf: zipfile.ZipFile, member: str, where: str) -> bytes:
    return b"".join(_zip_chunks(zf, member, where))


def _zip_chunks(zf: zipfile.ZipFile, member: str, where: str) -> Iterator[bytes]:
    # zipfile stops at the declared size and checks the CRC, so a member cannot
    # inflate beyond what _check_zip accepted.
    try:
        with zf.open(member) as handle:
            while chunk := handle.read(1 << 20):
                yield chunk
    except _ZIP_ERRORS as exc:  # RuntimeError: encrypted member; NotImplementedError: compression
        raise _parse_error(where, "ZIP (DOCX)", exc) from None


def _check_zip(zf: zipfile.ZipFile, where: str) -> None:
    """Refuse ZIP bombs and DOCTYPE declarations before python-docx parses anything."""
    members = zf.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _zip_limit(where, f"{len(members):,} ZIP members", f"{ZIP_MAX_MEMBERS:,} members")
    total = sum(info.file_size for info in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise _zip_limit(where, f"{total:,} bytes uncompressed", f"{ZIP_MAX_TOTAL_BYTES:,} bytes")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_RATIO_MIN_BYTES and ratio > ZIP_MAX_RATIO:
            detail = f"member {info.filename!r} inflates {ratio:,.0f}:1 to {info.file_size:,} bytes"
            raise _zip_limit(where, detail, f"{ZIP_MAX_RATIO}:1")
    for info in members:
        if info.is_dir():
            continue
        tail = b""
        for chunk in _zip_chunks(zf, info.filename, where):
            window = tail + chunk
            if any(pattern in window for pattern in _DOCTYPE_PATTERNS):
                raise _fail("PARSE_ERROR", Errors.RF515, where, part=info.filename)
            tail = window[-40:]


def _zip_limit(where: str, detail: str, limit: str) -> ReadError:
    return _fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit)


class _DocxText:
    """Collect DOCX text in document order: headers, body, footers.

    Walks the WordprocessingML tree: paragraphs (``w:p``), tables (``w:tbl``,
    nested ones inside cells), content controls and text boxes
    (``w:txbxContent``, emitted as their own lines after the paragraph that
    anchors them; of ``mc:AlternateContent`` only the first choice is read so
    a text box's VML fallback copy is not read twice). Deleted revisions and
    field codes are skipped. Table cells are joined with tabs, rows with
    newlines. Footnotes, endnotes and comments are not read.
    """

    def __init__(self, max_chars: int, where: str) -> None:
        from docx.oxml.ns import qn

        self.max_chars, self.where, self.length = max_chars, where, 0
        mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
        self.P, self.TBL, self.TR, self.TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
        self.T, self.TXBX = qn("w:t"), qn("w:txbxContent")
        self.TABS = {qn("w:tab"), qn("w:ptab")}
        self.BREAKS = {qn("w:br"), qn("w:cr")}
        self.HYPHEN = qn("w:noBreakHyphen")
        skipped = ("w:del", "w:moveFrom", "w:delText", "w:instrText", "w:rPr", "w:pPr", "w:sectPr")
        self.SKIP = {qn(tag) for tag in skipped}
        self.WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
        self.ALT, self.CHOICE = mc + "AlternateContent", mc + "Choice"
        self.FALLBACK = mc + "Fallback"
        self.HEADER_REF, self.FOOTER_REF = qn("w:headerReference"), qn("w:footerReference")
        self.RID, self.SECTPR = qn("r:id"), qn("w:sectPr")

    def document(self, document: docx.document.Document) -> str:
        body = document.element.body
        related = document.part.related_parts
        headers: dict[str, Any] = {}  # part name -> root element, in order of first reference
        footers: dict[str, Any] = {}
        for sect_pr in body.iter(self.SECTPR):
            for ref in sect_pr:
                rid = ref.get(self.RID)
                if ref.tag not in (self.HEADER_REF, self.FOOTER_REF) or rid not in related:
                    continue
                target = headers if ref.tag == self.HEADER_REF else footers
                target.setdefault(str(related[rid].partname), related[rid].element)
        sections = [self.blocks(el) for el in headers.values()]
        sections.append(self.blocks(body))
        sections.extend(self.blocks(el) for el in footers.values())
        return "\n\n".join("\n".join(lines) for lines in sections if lines)

    def blocks(self, container: Any) -> list[str]:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == self.P:
                parts: list[str] = []
                boxes: list[list[str]] = []
                self.inline(child, parts, boxes)
                lines.append("".join(parts))
                for box in boxes:
                    lines.extend(box)
            elif tag == self.TBL:
                for row in self.children(child, self.TR):
                    cells = ["\n".join(self.blocks(tc)) for tc in self.children(row, self.TC)]
                    lines.append("\t".join(cells))
            elif tag == self.ALT:
                lines.extend(self.blocks(self.choice(child)))
            elif tag not in self.SKIP and isinstance(tag, str):
                lines.extend(self.blocks(child))
        return lines

    def inline(self, element: Any, parts: list[str], boxes: list[list[str]]) -> None:
        for child in element:
            tag = child.tag
            if tag == self.T:
                text = child.text or ""
                self.length += len(text)
                if self.length > self.max_chars:  # stop early; the exact cap is checked later
                    length, cap = f"more than {self.max_chars:,}", self.max_chars
                    raise _fail("TOO_LARGE", Errors.RF505, self.where, length=length, max_chars=cap)
                parts.append(text)
            elif tag in self.TABS:
                parts.append("\t")
            elif tag in self.BREAKS:
                parts.append("\n")
            elif tag == self.HYPHEN:
                parts.append("-")
            elif tag == self.TXBX:
                boxes.append(self.blocks(child))
            elif tag == self.ALT:
                self.inline(self.choice(child), parts, boxes)
            elif tag not in self.SKIP and isinstance(tag, str):  # runs, hyperlinks, drawings...
                self.inline(child, parts, boxes)

    def choice(self, alternate: Any) -> list[Any]:
        for child in alternate:
            if child.tag in (self.CHOICE, self.FALLBACK):
                return [child]
        return []

    def children(self, element: Any, tag: str) -> Iterator[Any]:
        """Direct children with ``tag``, looking through content-control wrappers."""
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag in self.WRAPPERS:
                yield from self.children(child, tag)


# --------------------------------------------------------------------------- errors


def _fail(code: str, template: str, where: str, **fields: Any) -> ReadError:
    return ReadError(code, template.format(path=where, **fields), where)


def _parse_error(where: str, fmt: str, exc: BaseException) -> ReadError:
    problem = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "no details"
    message = Errors.RF513.format(path=where, fmt=fmt, exc_type=type(exc).__name__, problem=problem)
    return ReadError("PARSE_ERROR", message, where)


def _resource_error(where: str, exc: BaseException) -> ReadError:
    if isinstance(exc, RecursionError):
        detail, limit = "the document nests objects too deeply", "Python's recursion limit"
    else:
        detail, limit = "reading it needed more memory than is available", "the process memory"
    return _fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit)
