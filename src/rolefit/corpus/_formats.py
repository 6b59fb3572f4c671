"""Corpus file formats: the one home of the suffixes :func:`rolefit.corpus.read_corpus` reads.

``read_corpus`` dispatches on :data:`CORPUS_FORMATS`; the RF203 and RF204 messages, the help of
``rolefit train`` and the README's list derive from it (a test checks the README). This module
imports no pandas: the CLI reads it for its help text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CORPUS_FORMATS", "CORPUS_SUFFIXES", "corpus_suffixes_wording"]

#: Corpus file suffix (lower-case) -> format: ``csv`` (UTF-8 CSV), ``jsonl`` (JSON lines, one
#: object per line) or ``parquet``. A folder with one sub-folder per label is read as well.
CORPUS_FORMATS: Mapping[str, str] = MappingProxyType({
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
})
#: The suffixes of :data:`CORPUS_FORMATS`, in order.
CORPUS_SUFFIXES: tuple[str, ...] = tuple(CORPUS_FORMATS)


def corpus_suffixes_wording(*, conjunction: str = "or") -> str:
    """The corpus suffixes as a phrase: ``".csv, .jsonl, .ndjson, .parquet or .pq"``."""
    *head, last = CORPUS_SUFFIXES
    return f"{', '.join(head)} {conjunction} {last}" if head else last
