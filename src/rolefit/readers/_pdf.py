"""PDF: text from pypdf's default extraction mode, under tighter limits than pypdf's own.

The empty password is tried once (else ENCRYPTED); pages are joined with ``"\\n\\n"``. No
text at all is NO_TEXT_LAYER (a scan); at least half unmapped glyphs (``(cid:N)``, U+FFFD,
private-use or control characters) is GARBLED_TEXT. The default mode follows the content
stream: on the two-column Resume-Matcher sample CV it yields the left column, then the
right one, whereas ``extraction_mode="layout"`` puts both columns side by side on each line.
pypdf's repair notes (logged warnings) become :attr:`ReadResult.warnings`.

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
from rolefit.readers._base import (
    Format, ReadLimits, ReadResult, fail, has_visible_text, normalise, parse_error, resource_error, too_long,
)

if TYPE_CHECKING:
    import pypdf

#: Most bytes one PDF stream may inflate to (per filter, pypdf ``*_maximum_output_length``).
PDF_MAX_STREAM_BYTES: Final = 16_000_000
#: A PDF whose non-space characters are at least this share of unmapped glyphs
#: (``(cid:N)``, U+FFFD, private-use or control characters) is GARBLED_TEXT;
#: above ``GARBLED_WARN_SHARE`` it is only a warning.
GARBLED_MIN_SHARE: Final = 0.5
GARBLED_WARN_SHARE: Final = 0.05

_PDF_LIMITS: Final = {
    "zlib_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": 2 * PDF_MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * PDF_MAX_STREAM_BYTES,
}
_GARBLE_RE: Final = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
_SPACE_RE: Final = re.compile(r"\s+")
_MAX_LOGGED: Final = 20


def detect_pdf(data: bytes, where: str) -> bool:
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
            result = _extract_pdf(pypdf.PdfReader(io.BytesIO(data)), where, limits.max_chars, limits.max_pages)
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
        raise resource_error(where, exc) from None
    except Exception as exc:  # parser boundary: any other pypdf failure is a damaged file
        raise parse_error(where, "PDF", exc) from None
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
        raise fail("ENCRYPTED", Errors.RF510, where, kind="This PDF")
    n_pages = len(reader.pages)
    if n_pages == 0:
        raise fail("EMPTY", Errors.RF506, where, detail="the PDF has no pages")
    if n_pages > max_pages:
        raise fail("TOO_LARGE", Errors.RF516, where, n_pages=n_pages, max_pages=max_pages)
    texts: list[str] = []
    length = 0
    for page in reader.pages:
        # Default (content-stream order) mode, not extraction_mode="layout": layout mode
        # puts both columns of a two-column CV side by side on each line.
        page_text = normalise(page.extract_text())
        length += len(page_text) + 2
        if length > max_chars:
            raise too_long(where, max_chars)
        texts.append(page_text)
    text = "\n\n".join(texts)
    if not has_visible_text(text):
        raise fail("NO_TEXT_LAYER", Errors.RF511, where, n_pages=n_pages)
    warnings = []
    blank = [str(i + 1) for i, page_text in enumerate(texts) if not has_visible_text(page_text)]
    if blank:
        pages = ", ".join(blank)
        warnings.append(f"Page(s) {pages} have no text layer (scanned?); their text is missing.")
    share, detail = _garbled_share(text)
    if share >= GARBLED_MIN_SHARE:
        raise fail("GARBLED_TEXT", Errors.RF512, where, share=share, detail=detail)
    if share >= GARBLED_WARN_SHARE:
        warnings.append(f"{share:.0%} of the characters are unmapped glyphs ({detail}).")
    return ReadResult(text=text, format="pdf", n_pages=n_pages, warnings=tuple(warnings))


def _garbled_share(text: str) -> tuple[float, str]:
    visible = len(_SPACE_RE.sub("", text))
    matches = _GARBLE_RE.findall(text)
    bad = sum(len(m) for m in matches)
    examples = ", ".join(repr(m) for m in dict.fromkeys(matches[:50]))
    return (bad / visible if visible else 0.0), f"{len(matches):,} such, e.g. {examples[:80]}"


#: Registry entry.
PDF: Final = Format(name="pdf", suffixes=(".pdf",), wording=".pdf (with a text layer)", read=read_pdf, detect=detect_pdf)
