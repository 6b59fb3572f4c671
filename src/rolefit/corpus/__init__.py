"""Read, validate and de-duplicate labelled CV corpora.

A corpus is a table of CV texts with zero, one or more role labels each. It can be a
file of a format in :data:`CORPUS_FORMATS` (UTF-8 CSV, JSON lines with one object per line,
Parquet; by suffix), or a folder with one sub-folder per label (``mlops_engineer/``,
``ai_operations_manager/``, ``none/``) holding CV files, which are read with
:func:`rolefit.readers.read_text`.

Columns
-------
``text``
    The CV text (the name can be changed with ``text_column``). A row may instead give
    ``path``: a CV file, relative to the corpus file's folder (or to ``base_dir``).
``labels``
    One or more role ids separated by ``;``, or ``none`` for a CV that fits neither role.
    Not needed when a ``mapping`` derives the labels from the dataset's own categories.
``id`` (optional)
    Unique row id; defaults to the 1-based data row number.
``group`` (optional)
    Rows of one person, posting or duplicate family. Rows sharing a group stay on one side
    of a grouped train/test split.
``source`` (optional)
    Where the row comes from.

Row numbers in messages are 1-based *data* rows (the CSV header is not counted) for CSV
and Parquet, file *lines* for JSONL, and file paths for folders.

Duplicates
----------
Exact duplicates are texts whose normalised form (NFKC, case-folded, punctuation and
symbols removed, whitespace collapsed; :func:`normalise_text`) has the same SHA-256.
Near-duplicates are texts whose sets of character 5-grams (shingles of the normalised text)
have a Jaccard similarity of at least ``threshold`` (0.8 by default, allowed range
[0.5, 1]). Candidate pairs come from MinHash locality-sensitive hashing: 64 hash functions
split into bands sized so that a pair at exactly the threshold becomes a candidate with
probability >= 0.999; candidates whose MinHash estimate lies more than 4.5 standard errors
below the threshold are dropped, and every remaining candidate is checked with the exact
Jaccard similarity, so there are no false positives. Duplicates are put into the same
``group`` (union-find over duplicate pairs and the given groups), so no duplicate straddles
a grouped train/test split. This matters: the popular Kaggle resume data set is about 83%
duplicates, which is why its published ~99% accuracies say nothing.
"""

from __future__ import annotations

from rolefit._lazy import lazy_names

from rolefit.corpus._formats import CORPUS_FORMATS, CORPUS_SUFFIXES, corpus_suffixes_wording
from rolefit.corpus._weights import WEIGHT_SCHEMES, WEIGHTS, weights_wording

# public name -> private module, resolved lazily (PEP 562): the CLI reads the formats and the
# weighting schemes above for its help text without importing pandas, which the readers and the de-duplication need
_LAZY = {
    "DuplicateReport": "_dedup",
    "duplicate_report": "_dedup",
    "find_duplicate_groups": "_dedup",
    "normalise_text": "_dedup",
    "read_corpora": "_files",
    "read_corpus": "_files",
    "FRAME_COLUMNS": "_frame",
    "Corpus": "_frame",
    "corpus_from_frame": "_frame",
    "NONE_LABEL": "_labels",
    "MappingRule": "_labels",
    "load_mapping": "_labels",
    "PROTECTED_ATTRIBUTES": "_protected",
    "check_no_protected_columns": "_protected",
}

__all__ = [
    "CORPUS_FORMATS",
    "CORPUS_SUFFIXES",
    "Corpus",
    "DuplicateReport",
    "FRAME_COLUMNS",
    "MappingRule",
    "NONE_LABEL",
    "PROTECTED_ATTRIBUTES",
    "WEIGHTS",
    "WEIGHT_SCHEMES",
    "read_corpus",
    "read_corpora",
    "corpus_from_frame",
    "corpus_suffixes_wording",
    "load_mapping",
    "check_no_protected_columns",
    "find_duplicate_groups",
    "duplicate_report",
    "normalise_text",
    "weights_wording",
]


__getattr__, __dir__ = lazy_names(globals(), _LAZY, __all__)
