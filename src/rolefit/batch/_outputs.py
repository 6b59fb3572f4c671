"""Files rolefit itself wrote, recognised by their content: a batch journal, a batch table
(CSV or Parquet) and a shortlist page are not CVs, so a batch whose folder holds them (an
output written inside the input folder, by this run or another) skips them instead of giving
each an error row.

Recognised by what the file starts with, never by its name: a journal's first line starts
``{"path": ..., "input_sha256": ..., "status": "ok"|"error", ...`` (:func:`encode` writes the
columns of :data:`rolefit.batch.ROW_FIELDS` in order); a table's header (CSV) or schema
(Parquet) holds the row columns up to ``model_id``, in order; a shortlist page carries
:data:`REPORT_MARKER` in its head (pages of earlier versions, without it: the page's own
head and notice). Only files whose suffix is not a container format rolefit reads (PDF, DOCX)
are opened, and only their first :data:`HEAD_BYTES` bytes (a Parquet file: its schema too, read by pyarrow).
"""

from __future__ import annotations

import os
import re
from typing import Final

from rolefit._io import REPORT_MARKER
#: Bytes of a file read to recognise it.
HEAD_BYTES: Final = 4096
#: The row columns every version wrote first, in this order (``rolefit.batch.ROW_FIELDS``
#: starts with them; columns added later come after).
_FIRST_COLUMNS: Final = (
    "path", "input_sha256", "status", "error_code", "error_message", "n_mentions", "reason", "warnings", "model_id",
)
_JOURNAL_HEAD: Final = re.compile(
    rb'\{"path": "(?:[^"\\]|\\.)*", "input_sha256": (?:null|"[0-9a-f]{64}"), "status": "(?:ok|error)", "error_code": '
)
_CSV_HEAD: Final = ",".join(_FIRST_COLUMNS).encode("ascii")
#: How earlier shortlist pages (without :data:`REPORT_MARKER`) start, and their notice.
_PAGE_HEAD: Final = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width, initial-scale=1"><title>'
)
_PAGE_NOTICE: Final = b'<p class="notice" id="notice">'
_PAGE_BYTES: Final = 1 << 16
#: What each kind is called in a batch summary.
KINDS: Final = {"journal": "batch journal", "table": "batch table", "report": "shortlist page"}


def rolefit_output(path: str | os.PathLike[str]) -> str | None:
    """``"journal"``, ``"table"`` or ``"report"`` if rolefit wrote the file at ``path``, else
    None (also when it cannot be opened: it is then an input, with its error row)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
            if _JOURNAL_HEAD.match(head):
                return "journal"
            first = head.split(b"\n", 1)[0].rstrip(b"\r")
            if first == _CSV_HEAD or first.startswith(_CSV_HEAD + b","):
                return "table"
            if head.startswith(b"<!DOCTYPE html>") and REPORT_MARKER.encode("ascii") in head:
                return "report"
            if head.startswith(_PAGE_HEAD):
                return "report" if _PAGE_NOTICE in head + fh.read(_PAGE_BYTES - len(head)) else None
            if head.startswith(b"PAR1"):
                return "table" if _parquet_columns(path)[: len(_FIRST_COLUMNS)] == list(_FIRST_COLUMNS) else None
    except OSError:
        return None
    return None


def _parquet_columns(path: str | os.PathLike[str]) -> list[str]:
    """The column names of a Parquet file's schema (``[]`` if it cannot be read as one);
    pyarrow, which writes the tables, is imported only when such a file is met."""
    try:
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    except (OSError, ValueError):  # pyarrow.ArrowInvalid is a ValueError
        return []
