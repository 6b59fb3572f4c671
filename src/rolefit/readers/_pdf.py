"""PDF: text from pypdf under tighter limits than pypdf's own, with its integrity measured.

The empty user password is tried first (permissions-only encryption, AES included: the
``cryptography`` package is a dependency); any other password is ENCRYPTED. Pages are joined
with ``"\n\n"``. Reading order follows the content stream (pypdf's default mode), except on
pages with a column gutter, which are read column by column (``_columns.py``; measured in
``benchmarks/reading_order.py``): a COLUMNS_READ warning counts them.

Integrity, measured per document (thresholds below, one home: the reader decides, the
scorer only turns a warning with ``review=True`` into a ``review`` label with its message as
the reason):

- no text at all is NO_TEXT_LAYER (an error row); pages that draw something (an image, a
  content stream) but have no text are PAGES_WITHOUT_TEXT, with ``review=True`` from
  :data:`PAGES_WITHOUT_TEXT_REVIEW_MIN` such pages (their text, maybe the skills, is missing);
- characters from fonts without a Unicode map (:data:`UNMAPPED_RE`: glyph names such as
  ``/g74/g97`` and ``(cid:N)``, each counted as the one character it stands for, private-use characters inside words, and whole lines of
  shifted glyph runs such as ``-DQH\x03'RH``, recognised by the control characters their
  spaces and commas become, or, for a one-word line such as ``-DQH`` ("Jane") or
  ``.XEHUQHWHV`` ("Kubernetes"), by its shape: shifted back by :data:`GLYPH_SHIFT` it is a
  word of letters that starts with a capital and has lower-case letters and a vowel, which few
  plain words give;
  one-word lines count from :data:`SHIFTED_WORDS_MIN` in a document, or from one when another
  line is in such a font) are UNMAPPED_GLYPHS, U+FFFD characters REPLACEMENT_CHARS. When
  together they are at least :data:`UNREADABLE_REVIEW_SHARE` of the visible characters (and
  at least :data:`UNREADABLE_REVIEW_MIN` characters), both warnings carry ``review=True``;
  from :data:`GARBLED_MIN_SHARE` the document is GARBLED_TEXT (an error row).

pypdf's repair notes (logged warnings) become PDF_REPAIRED warnings.

pypdf is imported when the first PDF is read (deliberately lazy: ``import rolefit.readers``
stays light for callers that never see a PDF).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from rolefit.errors import Errors, ReadError
from rolefit.readers import _columns
from rolefit.readers._base import (
    Format, ReadLimits, ReadResult, fail, has_visible_text, normalise, parse_error, resource_error, too_long,
    warning,
)
from rolefit.schema import ReadWarning

if TYPE_CHECKING:
    import pypdf

#: Most bytes one PDF stream may inflate to (per filter, pypdf ``*_maximum_output_length``).
PDF_MAX_STREAM_BYTES: Final = 16_000_000
#: A PDF whose visible characters are at least this share unreadable (unmapped glyphs and
#: U+FFFD) is GARBLED_TEXT, an error.
GARBLED_MIN_SHARE: Final = 0.5
#: From this share of unreadable characters (and at least ``UNREADABLE_REVIEW_MIN`` of them)
#: the UNMAPPED_GLYPHS / REPLACEMENT_CHARS warnings put the document under review: about one
#: line of a one-page CV (a 3,000-character page, a 60-character skills line is 2 %).
UNREADABLE_REVIEW_SHARE: Final = 0.01
UNREADABLE_REVIEW_MIN: Final = 20
#: From this many pages that draw something but have no text layer, PAGES_WITHOUT_TEXT puts
#: the document under review (any such page may hold the skills).
PAGES_WITHOUT_TEXT_REVIEW_MIN: Final = 1
#: Unmapped-glyph runs: glyph names (``/g74``, ``/cid123``, ``/glyph7``; two or more in a row,
#: or one with a g/cid/gid/glyph/index prefix), ``(cid:N)``, private-use characters next to
#: another non-space character (a lone one between spaces is a bullet symbol), C0 controls.
UNMAPPED_RE: Final = re.compile(
    r"(?:/[A-Za-z]{0,6}\d{1,5}){2,}|/(?:g|gid|cid|glyph|index)\d{1,5}|\(cid:\d+\)"
    r"|[\ue000-\uf8ff](?=\S)|(?<=\S)[\ue000-\uf8ff]|[\x01-\x08\x0b\x0e-\x1f]"
)
_CONTROL_RE: Final = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")
#: :data:`UNMAPPED_RE` behind a look-ahead for the characters every one of its matches starts
#: with: the same matches, found about 5 times faster on a page's text (the regex engine skips
#: to those characters instead of trying every alternative at every position).
_UNMAPPED_SEARCH_RE: Final = re.compile(r"(?=[/(\ue000-\uf8ff\x01-\x08\x0b\x0e-\x1f])(?:" + UNMAPPED_RE.pattern + ")")
#: One-word lines of shifted glyphs count from this many in a document (or from one, when a
#: longer line of the document is in such a font).
SHIFTED_WORDS_MIN: Final = 2
#: The shift of subset fonts without a Unicode map that pypdf reads as glyph ids: Apple's
#: standard glyph order puts the space (32) at glyph 3, so each printable ASCII character
#: comes out 29 lower ("Jane" -> "-DQH", a space -> "\x03").
GLYPH_SHIFT: Final = 29
# a one-word line in such a font: no lower-case letter (a-z would come from beyond ASCII),
# starting with a shifted capital ("$".."=" is A..Z), ending with a shifted lower-case letter
# ("D".."]" is a..z), two of them at least ("SKILLS:" ends with a colon, which is a shifted "W")
_SHIFTED_WORD_RE: Final = re.compile(r"[\x24-\x3d](?=.*[\x44-\x5d].)[\x24-\x3d\x44-\x5d]*[\x44-\x5d]")


def _shifted_word(line: str) -> bool:
    """A one-word line of shifted glyphs (``-DQH`` for "Jane"); see the module docstring."""
    word = line.strip()
    if not _SHIFTED_WORD_RE.fullmatch(word):
        return False
    plain = "".join(chr(ord(c) + GLYPH_SHIFT) for c in word)
    return plain.isascii() and plain.isalpha() and any(c in "aeiouy" for c in plain)

_PDF_LIMITS: Final = {
    "zlib_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": 2 * PDF_MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * PDF_MAX_STREAM_BYTES,
}
_SPACE_RE: Final = re.compile(r"\s+")
_MAX_LOGGED: Final = 20


def detect_pdf(data: bytes) -> bool:
    """``%PDF-`` in the first KB (PDF readers accept leading junk up to 1 KB)."""
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes, where: str, limits: ReadLimits) -> ReadResult:
    """Extract a PDF's text with pypdf under the limits above; see the module docstring."""
    # pypdf >= 6.18 keeps its limits in a context-local Configuration (no global state);
    # fields added later (brotli, decoding work) are applied when the installed pypdf has them.
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    known = {field.name for field in dataclasses.fields(pypdf.Configuration)}
    config = {name: value for name, value in _PDF_LIMITS.items() if name in known}  # older pypdf
    logged: list[str] = []
    try:
        with pypdf.apply_configuration(**config), _collect_log("pypdf", logged):
            reader = pypdf.PdfReader(io.BytesIO(data))
            result = _extract_pdf(reader, data, where, limits.max_chars, limits.max_pages)
    except ReadError:
        raise
    except FileNotDecryptedError:
        raise fail("ENCRYPTED", Errors.RF510, where, kind="This PDF") from None
    except DependencyError as exc:
        if "AES" not in str(exc) and "cryptography" not in str(exc):
            raise parse_error(where, "PDF", exc) from None
        # AES-encrypted with an empty user password: decrypting needs `cryptography`
        kind = f"This AES-encrypted PDF (pypdf: {exc})"
        raise fail("ENCRYPTED", Errors.RF510, where, kind=kind) from None
    except LimitReachedError as exc:
        detail = f"pypdf stopped at one of its safety limits ({exc})"
        limit = f"{PDF_MAX_STREAM_BYTES:,} bytes per decoded stream"
        raise fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit) from None
    except (MemoryError, RecursionError) as exc:
        raise resource_error(where, exc) from exc  # the cause tells a capped reader process why
    except ImportError:  # a parser's own import failed: the installation or a memory cap, not the file
        raise
    except Exception as exc:  # parser boundary: any other pypdf failure is a damaged file
        raise parse_error(where, "PDF", exc) from None
    if logged:
        note = warning("PDF_REPAIRED", len(logged), detail="; ".join(logged)[:400])
        result = dataclasses.replace(result, warnings=(*result.warnings, note))
    return result


class _Collector(logging.Handler):
    """Keeps the first :data:`_MAX_LOGGED` distinct messages logged from one thread."""

    def __init__(self, thread: int, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.thread, self.messages = thread, messages

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and len(self.messages) < _MAX_LOGGED:
            message = record.getMessage().strip()[:200]
            if message not in self.messages:
                self.messages.append(message)


@contextlib.contextmanager
def _collect_log(logger_name: str, messages: list[str]) -> Iterator[None]:
    """Collect a library's log warnings from this thread into ``messages``.

    pypdf reports the repairs it makes on damaged files through :mod:`logging`.
    They belong in :attr:`ReadResult.warnings`; the records still propagate to
    any handlers the application configured. No global logging set-up changes.
    """
    handler = _Collector(threading.get_ident(), messages)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _extract_pdf(reader: pypdf.PdfReader, data: bytes, where: str, max_chars: int, max_pages: int) -> ReadResult:
    import pypdf

    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        raise fail("ENCRYPTED", Errors.RF510, where, kind="This PDF")
    n_pages = len(reader.pages)
    if n_pages == 0:
        raise fail("EMPTY", Errors.RF506, where, detail="the PDF has no pages")
    if n_pages > max_pages:
        raise fail("TOO_LARGE", Errors.RF516, where, n_pages=n_pages, max_pages=max_pages)
    texts: list[str] = []
    length = 0
    column_pages = 0
    for index, page in enumerate(reader.pages):
        fragments: list[_columns.Fragment] = []
        page_text = normalise(page.extract_text(visitor_text=_columns.collect(fragments)))
        width = float(page.mediabox.width)
        if _columns.find_gutter(fragments, width) is not None:
            columns = _column_text(data, index, width)
            if columns is not None:
                page_text, column_pages = columns, column_pages + 1
        length += len(page_text) + 2
        if length > max_chars:
            raise too_long(where, max_chars)
        texts.append(page_text)
    text = "\n\n".join(texts)
    if not has_visible_text(text):
        raise fail("NO_TEXT_LAYER", Errors.RF511, where, n_pages=n_pages)
    warnings: list[ReadWarning] = []
    blank = [i + 1 for i, page_text in enumerate(texts) if not has_visible_text(page_text) and _draws(reader.pages[i])]
    if blank:
        pages = ", ".join(map(str, blank))
        review = len(blank) >= PAGES_WITHOUT_TEXT_REVIEW_MIN
        warnings.append(warning("PAGES_WITHOUT_TEXT", len(blank), review=review, pages=pages, n_pages=n_pages))
    warnings.extend(integrity_warnings(text, where))
    if column_pages:
        warnings.append(warning("COLUMNS_READ", column_pages, n_pages=n_pages))
    return ReadResult(text=text, format="pdf", n_pages=n_pages, warnings=tuple(warnings))


def _column_text(data: bytes, index: int, width: float) -> str | None:
    """Page ``index`` read column by column; None if pdfminer.six fails on it (pypdf's text is kept)."""
    try:
        # pdfminer.six logs font-descriptor notes at WARNING level; a handler on its logger keeps
        # Python's last-resort handler from printing them on stderr (they are no repairs: dropped)
        with _collect_log("pdfminer", []):
            return normalise(_columns.column_text(data, index, width))
    except (MemoryError, RecursionError, ImportError):
        raise
    except Exception:  # a second parser's failure must not lose the page pypdf read
        return None


def _draws(page: pypdf.PageObject) -> bool:
    """Whether a page without text draws anything (an image, paths): a scan, not a blank page."""
    try:
        contents = page.get_contents()
        return contents is not None and bool(contents.get_data().strip())
    except Exception:  # unreadable content stream: count the page as not blank
        return True


def integrity_warnings(text: str, where: str) -> list[ReadWarning]:
    """UNMAPPED_GLYPHS and REPLACEMENT_CHARS of a PDF's text; GARBLED_TEXT (raised) from
    :data:`GARBLED_MIN_SHARE`. See the module docstring for what counts and the thresholds."""
    visible = _visible_count(text)
    unmapped = 0
    examples: list[str] = []
    lines = text.split("\n")
    words = [line for line in lines if _shifted_word(line)]
    # the usual document (the check runs on a document's joined text): no match of UNMAPPED_RE anywhere (whose last class is _CONTROL_RE's, and
    # none of whose matches can span a line break, so no line matches either) and too few
    # one-word shifted lines to count: nothing is unmapped, and the line-by-line pass is skipped
    plain = len(words) < SHIFTED_WORDS_MIN and _UNMAPPED_SEARCH_RE.search(text) is None
    shifted_runs = 0 if plain else sum(1 for line in lines if _CONTROL_RE.search(line))
    # a one-word line counts with corroboration: another line in the same kind of font
    # (".NET" or "-SQL" alone are plain words of that shape)
    shifted_words = frozenset(words) if shifted_runs or len(words) >= SHIFTED_WORDS_MIN else frozenset()
    for line in () if plain else lines:
        if _CONTROL_RE.search(line) or line in shifted_words:  # a shifted glyph run: the whole line is unreadable
            unmapped += _visible_count(line)
            examples.append(line.strip()[:20])
            continue
        for match in UNMAPPED_RE.finditer(line):
            found = match.group()
            glyphs = found.count("/") or found.count("(cid:") or len(found)  # one per glyph name
            unmapped += glyphs
            visible -= len(found) - glyphs  # a glyph name such as "/g74" stands for one character
            examples.append(found[:20])
    replaced = text.count("\ufffd")
    unreadable = unmapped + replaced
    share = unreadable / visible if visible else 0.0
    detail = f"e.g. {', '.join(repr(e) for e in dict.fromkeys(examples[:20]))}"[:120]
    if share >= GARBLED_MIN_SHARE:
        counted = f"{unmapped:,} unmapped glyph characters and {replaced:,} U+FFFD, {detail}"
        raise fail("GARBLED_TEXT", Errors.RF512, where, share=share, detail=counted)
    review = share >= UNREADABLE_REVIEW_SHARE and unreadable >= UNREADABLE_REVIEW_MIN
    warnings = []
    if unmapped:
        warnings.append(warning("UNMAPPED_GLYPHS", unmapped, review=review, visible=visible,
                                share=unmapped / visible, detail=detail))
    if replaced:
        warnings.append(warning("REPLACEMENT_CHARS", replaced, review=review, share=replaced / visible))
    return warnings


def _visible_count(text: str) -> int:
    """Characters of ``text`` that are not whitespace: ``len(_SPACE_RE.sub("", text))``, 3 times
    faster (``str.split`` and the regex ``\\s`` agree on every code point)."""
    return sum(map(len, text.split()))


#: Registry entry.
PDF: Final = Format(name="pdf", suffixes=(".pdf",), wording=".pdf (with a text layer)", read=read_pdf, magic=detect_pdf)
