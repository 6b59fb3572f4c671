"""Turn documents (bytes or files) into text, in the calling process or in a sandbox.

Formats come from one registry, :data:`FORMATS` (``.txt``, ``.md``, ``.pdf``, ``.docx``
today), each entry defined beside its reader: ``_text.py``, ``_pdf.py``, ``_docx.py``
(ZIP safety in ``_zip.py``). The format is detected from the content (magic bytes), never
from the file name; the suffix only tells ``"txt"`` from ``"md"`` and decides which paths are
read at all (:func:`is_supported_path`: any other suffix is UNSUPPORTED_FORMAT, in a batch and in
every read of a path; bytes have no suffix to check). See ``_registry.py`` for the detection order.

Every failure is a :class:`rolefit.errors.ReadError` whose ``code`` (one of
:data:`rolefit.errors.READ_ERROR_CODES`) a batch can put in an error row, and whose
message says what happened, in which file and how to fix it. Any exception of pypdf or
python-docx that is not mapped to a specific code is a PARSE_ERROR naming the exception
class.

A document that reads but not completely carries coded warnings
(:attr:`ReadResult.warnings`, codes in :data:`rolefit.errors.READ_WARNING_CODES`): DOCX text
Word does not show is left out and counted (HIDDEN_TEXT_EXCLUDED, ``_hidden.py``); PDF pages
without a text layer and unreadable glyphs are measured (PAGES_WITHOUT_TEXT,
UNMAPPED_GLYPHS, REPLACEMENT_CHARS), and the readers alone decide, with the thresholds in
``_pdf.py``, when a warning carries ``review=True`` (the scorer then labels the document
``review`` with the warning as the reason). Multi-column PDF pages are read column by column
(``_columns.py``, COLUMNS_READ).

Offsets convention: the text returned is the decoded document with line ends (``\\r\\n``,
``\\r``) normalised to ``"\\n"`` and NUL characters removed, and nothing else changed (no
Unicode normalisation; ligatures, soft hyphens and odd spaces are kept for the extractor to
handle). Character offsets computed later index this string. Empty means no byte, or no
character other than whitespace and invisible format characters (:func:`has_visible_text`):
EMPTY.

Limits are one frozen value, :class:`ReadLimits` (defaults from :mod:`rolefit._limits`,
shared with the extractor):

==========================  ===============  ===================================
limit                       default          error code
==========================  ===============  ===================================
input size ``max_bytes``    20,000,000 B     ``TOO_LARGE``
text length ``max_chars``   200,000 chars    ``TOO_LARGE``
PDF pages ``max_pages``     50               ``TOO_LARGE``
reader memory ``memory_mb`` 1,024 MiB        ``RESOURCE_LIMIT`` (isolated reads)
wall clock ``timeout_s``    30 s             ``TIMEOUT`` (isolated reads)
PDF stream inflation        16,000,000 B     ``RESOURCE_LIMIT`` (pypdf limits)
DOCX ZIP members            1,000            ``RESOURCE_LIMIT``
DOCX uncompressed total     100,000,000 B    ``RESOURCE_LIMIT``
DOCX member ratio           100:1 (>1 MB)    ``RESOURCE_LIMIT``
==========================  ===============  ===================================

The first three bound what one call can allocate from the *input*; CPU time and memory of
the parsers themselves are bounded by the isolation sandbox (``_isolation.py``:
:class:`ReaderPool`, :func:`read_document_isolated`, :func:`iter_read_documents_isolated`),
long-lived memory-capped worker processes with a per-file timeout.
"""

from __future__ import annotations

from rolefit._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from rolefit.readers._base import DEFAULT_MAX_PAGES, Format, ReadLimits, ReadResult, has_visible_text
from rolefit.readers._isolation import (
    ReaderPool,
    iter_read_documents_isolated,
    iter_read_isolated,
    read_document_isolated,
    read_text_isolated,
)
from rolefit.readers._read import read_document, read_text
from rolefit.readers._registry import (
    FORMATS,
    needs_sandbox,
    SUPPORTED_SUFFIXES,
    formats_wording,
    is_supported_path,
    suffixes_wording,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MEMORY_MB",
    "DEFAULT_TIMEOUT_S",
    "FORMATS",
    "SUPPORTED_SUFFIXES",
    "Format",
    "ReadLimits",
    "ReadResult",
    "ReaderPool",
    "formats_wording",
    "has_visible_text",
    "is_supported_path",
    "iter_read_documents_isolated",
    "iter_read_isolated",
    "needs_sandbox",
    "read_document",
    "read_document_isolated",
    "read_text",
    "read_text_isolated",
    "suffixes_wording",
]
