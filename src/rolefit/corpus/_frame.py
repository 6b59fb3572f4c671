"""The :class:`Corpus` value and its construction from a validated table."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rolefit.corpus._common import _cell, _listing, _read_file
from rolefit.corpus._dedup import (
    DuplicateReport,
    _check_threshold,
    _DisjointSet,
    _duplicate_sets,
    _merge_given_groups,
    _report,
)
from rolefit.corpus._labels import _check_roles, _row_labels, load_mapping
from rolefit.corpus._protected import check_no_protected_columns
from rolefit.errors import CorpusError, Errors
from rolefit.taxonomy import ROLES

#: Columns of :attr:`Corpus.frame`, in order.
FRAME_COLUMNS = ("id", "text", "labels", "group", "source")


#: What joins a file's stem and a row's own id in a corpus read from several files
#: (``djinni_roles:<id>``; :func:`rolefit.corpus.read_corpora`, :meth:`Corpus.files`).
FILE_ID_SEP = ":"


@dataclass(frozen=True, eq=False)
class Corpus:
    """A validated, de-duplicated labelled corpus.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``id`` (str, unique), ``text`` (str, non-empty), ``labels`` (tuple of role
        ids in ``roles`` order; empty tuple for ``none``), ``group`` (str: rows sharing it
        are the same person/posting or duplicates; see :func:`read_corpus`), ``source``
        (str, may be empty). Treat it as read-only.
    roles : tuple of str
        Role ids, the columns of :meth:`label_matrix`.
    path : pathlib.Path or None
        Where the corpus was read from.
    sha256 : str
        Hex SHA-256 of the canonical content: for each row in order, the UTF-8 JSON array
        ``[id, text, [labels...], group]`` (no spaces, non-ASCII kept) followed by ``\\n``,
        after the line ``rolefit-corpus-v1\\n``. It does not depend on the file format.
    duplicate_report : DuplicateReport
    parts : tuple of (str, str)
        For a corpus joined from several files (:func:`rolefit.corpus.read_corpora`), each
        file's name and :attr:`sha256` as read alone, in order; empty otherwise.
    """

    frame: pd.DataFrame
    roles: tuple[str, ...]
    path: Path | None
    sha256: str
    duplicate_report: DuplicateReport
    parts: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def texts(self) -> list[str]:
        """The CV texts in row order."""
        return self.frame["text"].tolist()

    def label_matrix(self) -> np.ndarray:
        """0/1 int64 array of shape (n_rows, n_roles); column j is ``roles[j]``."""
        out = np.zeros((len(self.frame), len(self.roles)), dtype=np.int64)
        index = {r: j for j, r in enumerate(self.roles)}
        for i, labels in enumerate(self.frame["labels"]):
            for label in labels:
                out[i, index[label]] = 1
        return out

    def groups(self) -> np.ndarray:
        """Group of each row (object array of str, shape (n_rows,)), for grouped splits."""
        return self.frame["group"].to_numpy(dtype=object)

    def files(self) -> np.ndarray:
        """The corpus file of each row (array of str, shape (n_rows,)): the file stem that
        :func:`rolefit.corpus.read_corpora` puts before :data:`FILE_ID_SEP` in each id; ``""``
        for every row of a corpus read from one file."""
        if not self.parts:
            return np.full(len(self.frame), "", dtype=object)
        return np.asarray([str(i).split(FILE_ID_SEP, 1)[0] for i in self.frame["id"]], dtype=object)


def _canonical_sha256(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256(b"rolefit-corpus-v1\n")
    for row in frame[["id", "text", "labels", "group"]].itertuples(index=False):
        line = json.dumps([row.id, row.text, list(row.labels), row.group],
                          ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def corpus_from_frame(
    frame: pd.DataFrame,
    *,
    mapping: str | os.PathLike[str] | Iterable[Any] | None = None,
    roles: Sequence[str] = ROLES,
    text_column: str = "text",
    base_dir: str | os.PathLike[str] | None = None,
    path: str | os.PathLike[str] | None = None,
    duplicate_threshold: float = 0.8,
    locations: Sequence[str] | None = None,
    problems: Sequence[str] = (),
) -> Corpus:
    """Validate an in-memory table as a corpus; see :func:`read_corpus` for the columns.

    ``locations`` names each row in messages (default ``"data row N"``, 1-based);
    ``problems`` are problems already found (e.g. while parsing) to report with the rest.
    """
    roles = _check_roles(roles)
    threshold = _check_threshold(duplicate_threshold)
    where = path if path is not None else "<frame>"
    check_no_protected_columns(frame.columns, path=where)
    rules = load_mapping(mapping, roles=roles) if mapping is not None else None
    problems = list(problems)
    n = len(frame)
    if locations is None:
        locations = [f"data row {i}" for i in range(1, n + 1)]
    columns = set(map(str, frame.columns))
    has_text, has_path = text_column in columns, "path" in columns
    if not has_text and not has_path:
        problems.append(f"missing column {text_column!r} (or 'path' to CV files); "
                        f"found columns {', '.join(map(repr, frame.columns)) or 'none'}")
    if rules is None and "labels" not in columns:
        problems.append("missing column 'labels'; add it (role ids separated by ';', or "
                        "'none') or pass mapping=... to derive labels from categories")
    if rules is not None:
        for column in dict.fromkeys(r.column for r in rules):
            if column not in columns:
                problems.append(f"missing column {column!r}, used by the label mapping")
    if n == 0 and not problems:
        problems.append("no data rows")
    base = Path(base_dir) if base_dir is not None else (
        Path(path).parent if path is not None else Path.cwd())

    records = frame.to_dict("records")
    ids, texts, labels_out, given, sources = [], [], [], [], []
    seen_ids: dict[str, str] = {}
    for i, (loc, rec) in enumerate(zip(locations, records, strict=True)):
        rid = _cell(rec["id"]).strip() if "id" in columns else str(i + 1)
        if not rid:
            problems.append(f"{loc}: empty id; give every row a unique id or drop the column")
        elif rid in seen_ids:
            problems.append(f"{loc}: id {rid!r} repeats {seen_ids[rid]}; ids must be unique")
        else:
            seen_ids[rid] = loc
        text = _cell(rec[text_column]) if has_text else ""
        file_cell = _cell(rec["path"]).strip() if has_path else ""
        if not text.strip() and file_cell:
            text = _read_file(base / file_cell, loc, problems)
            if text is not None and not text.strip():
                problems.append(f"{loc}: file {file_cell!r} holds no text")
        elif not text.strip() and (has_text or has_path):
            column = text_column if has_text else "path"
            problems.append(f"{loc}: empty text in column {column!r}; give the CV text or "
                            "a 'path' to a CV file, or drop the row")
        labels = _row_labels(rec, rules, roles, columns, loc, problems)
        ids.append(rid)
        texts.append(text or "")
        labels_out.append(labels)
        given.append(_cell(rec["group"]).strip() if "group" in columns else "")
        sources.append(_cell(rec["source"]).strip() if "source" in columns else "")
    if problems:
        note = ("Row numbers count data rows from 1, not counting the header."
                if any("data row" in p for p in problems) else "")
        raise CorpusError(
            Errors.RF201.format(path=where, count=len(problems), problems=_listing(problems, note)),
            problems=problems,
        )

    dsu, n_exact = _duplicate_sets(texts, threshold)
    n_families = len({dsu.find(i) for i in range(n)})
    _merge_given_groups(dsu, given)
    report = _report(dsu, n, n_exact, n_families, threshold)
    out = pd.DataFrame({
        "id": ids,
        "text": texts,
        "labels": pd.Series(labels_out, dtype=object),
        "group": _group_names(dsu, ids, given),
        "source": sources,
    })
    return Corpus(frame=out, roles=roles, path=Path(path) if path is not None else None,
                  sha256=_canonical_sha256(out), duplicate_report=report)


def _group_names(dsu: _DisjointSet, ids: list[str], given: list[str]) -> list[str]:
    """Name each component: its first given group in row order, else its first row's id."""
    chosen: dict[int, str] = {}
    for i in range(len(ids)):
        root = dsu.find(i)
        if given[i] and root not in chosen:
            chosen[root] = given[i]
    used: set[str] = set()
    final: dict[int, str] = {}
    for i in range(len(ids)):
        root = dsu.find(i)
        if root in final:
            continue
        name, k = chosen.get(root, ids[root]), 2
        while name in used:
            name, k = f"{chosen.get(root, ids[root])}~{k}", k + 1
        used.add(name)
        final[root] = name
    return [final[dsu.find(i)] for i in range(len(ids))]
