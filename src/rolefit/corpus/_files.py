"""Reading corpus files (the formats of :data:`~rolefit.corpus._formats.CORPUS_FORMATS`), or a folder
with one sub-folder per label."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from rolefit.corpus._formats import CORPUS_FORMATS, corpus_suffixes_wording
from rolefit.corpus._frame import FILE_ID_SEP, Corpus, corpus_from_frame
from rolefit.corpus._labels import NONE_LABEL, _check_roles
from rolefit.errors import CorpusError, Errors
from rolefit.taxonomy import ROLES


def read_corpus(
    path: str | os.PathLike[str],
    *,
    mapping: str | os.PathLike[str] | Iterable[Any] | None = None,
    roles: Sequence[str] = ROLES,
    text_column: str = "text",
    base_dir: str | os.PathLike[str] | None = None,
    duplicate_threshold: float = 0.8,
) -> Corpus:
    """Read, validate and de-duplicate a labelled corpus.

    Parameters
    ----------
    path : path-like
        A file of a format in :data:`~rolefit.corpus.CORPUS_FORMATS` (by suffix: UTF-8 CSV,
        JSON lines, Parquet), or a folder with one sub-folder per label (a role id or ``none``) holding CV files (any format
        :func:`rolefit.readers.read_text` reads); ids are then the files' relative paths.
    mapping : path-like or iterable of (column, value, labels), optional
        Category -> roles rules (see :func:`load_mapping`) that derive each row's labels
        from the dataset's own columns. If the corpus also has ``labels``, they must agree.
    roles : sequence of str, default ``("ai_operations_manager", "mlops_engineer")``
        Valid role ids, in label-matrix column order.
    text_column : str, default "text"
        Column holding the CV text.
    base_dir : path-like, optional
        Folder that ``path`` cells are relative to; default the corpus file's folder.
    duplicate_threshold : float, default 0.8
        Character 5-gram Jaccard similarity from which two texts are near-duplicates.

    Returns
    -------
    Corpus
        Rows in file order. Each row's ``group`` is the first given group of its component
        (rows linked by a shared given group or by duplicate texts), else the id of the
        component's first row.

    Raises
    ------
    CorpusError
        RF201 listing every problem at once (missing columns, empty texts, unknown roles,
        unreadable files with their ReadError code, repeated ids...), RF202 if a column is a
        protected attribute (training on those is refused), RF203 for an unsupported
        format, RF204 if ``path`` does not exist, RF205 for a bad mapping.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(Errors.RF204.format(
            path=path, what="corpus file or folder",
            expected=f"a {corpus_suffixes_wording()} file, or of a folder with one sub-folder per label",
        ))
    kwargs = dict(mapping=mapping, roles=roles, text_column=text_column,
                  duplicate_threshold=duplicate_threshold)
    if path.is_dir():
        frame, locations, problems = _read_folder(path, _check_roles(roles))
        return corpus_from_frame(frame, base_dir=path, path=path, locations=locations,
                                 problems=problems, **kwargs)
    fmt = CORPUS_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(Errors.RF203.format(path=path, suffix=path.suffix, suffixes=corpus_suffixes_wording()))
    frame, locations, problems = _READERS[fmt](path)
    return corpus_from_frame(frame, base_dir=base_dir if base_dir is not None else path.parent,
                             path=path, locations=locations, problems=problems, **kwargs)


def _read_csv(path: Path) -> tuple[pd.DataFrame, None, list[str]]:
    frame = _read_table(path, lambda: pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"))
    return frame, None, []


def _read_parquet(path: Path) -> tuple[pd.DataFrame, None, list[str]]:
    return _read_table(path, lambda: pd.read_parquet(path)), None, []


def _read_table(path: Path, read: Any) -> pd.DataFrame:
    try:
        frame = read()
    except UnicodeDecodeError as err:
        problem = f"not UTF-8 text ({err}); re-save the file as UTF-8"
    except pd.errors.EmptyDataError:
        problem = "the file is empty; it needs a header row and data rows"
    except (pd.errors.ParserError, OSError, ValueError) as err:
        problem = f"cannot be parsed: {err}"
    else:
        if frame.columns.duplicated().any():
            dup = sorted(set(frame.columns[frame.columns.duplicated()]))
            problem = f"repeated column name(s) {dup}"
        else:
            return frame
    raise CorpusError(Errors.RF201.format(path=path, count=1, problems=f"  - {problem}"),
                      problems=[problem])


def _read_jsonl(path: Path) -> tuple[pd.DataFrame, list[str], list[str]]:
    problems: list[str] = []
    records, locations = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        problem = f"not UTF-8 text ({err}); re-save the file as UTF-8"
        raise CorpusError(Errors.RF201.format(path=path, count=1, problems=f"  - {problem}"),
                          problems=[problem]) from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {number}: not valid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            problems.append(f"line {number}: expected a JSON object, got {type(record).__name__}")
            continue
        records.append(record)
        locations.append(f"line {number}")
    columns = list(dict.fromkeys(k for r in records for k in r))
    frame = pd.DataFrame.from_records(records, columns=columns) if records else pd.DataFrame()
    return frame, locations, problems


#: Format of :data:`CORPUS_FORMATS` -> its reader: (frame, row locations or None, problems).
_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}


def _read_folder(root: Path, roles: tuple[str, ...]) -> tuple[pd.DataFrame, list[str], list[str]]:
    problems: list[str] = []
    rows, locations = [], []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            problems.append(f"file {entry.name}: not inside a label sub-folder; move it into "
                            f"one of {', '.join([*roles, NONE_LABEL])}/")
            continue
        if entry.name not in roles and entry.name != NONE_LABEL:
            problems.append(f"folder {entry.name}/: not a label; name label folders "
                            f"{', '.join([*roles, NONE_LABEL])}")
            continue
        files = sorted(p for p in entry.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))
        for file in files:
            rel = file.relative_to(root).as_posix()
            rows.append({"id": rel, "path": rel, "labels": entry.name})
            locations.append(f"file {rel}")
    if not rows and not problems:
        problems.append("no CV files in label sub-folders")
    frame = pd.DataFrame(rows, columns=["id", "path", "labels"])
    return frame, locations, problems


def read_corpora(
    paths: Sequence[str | os.PathLike[str]],
    *,
    mapping: str | os.PathLike[str] | Iterable[Any] | None = None,
    roles: Sequence[str] = ROLES,
    duplicate_threshold: float = 0.8,
) -> Corpus:
    """Read several corpus files as one corpus (e.g. CVs plus out-of-IT negatives).

    Each file is read with :func:`read_corpus` (``mapping`` applies to every file). Row ids
    and groups are prefixed with the file's stem (``djinni_roles:<id>``) so they stay unique
    and no group spans two files, except that exact and near-duplicate texts across files
    are grouped again over the joined rows.

    Parameters
    ----------
    paths : sequence of path-like
        One or more corpus files or folders; one path gives exactly ``read_corpus(path)``.
    mapping, roles, duplicate_threshold
        As :func:`read_corpus`.

    Returns
    -------
    Corpus
        ``path`` is None for several files; ``sha256`` covers the joined rows and ``parts``
        holds each file's name and ``sha256`` as read alone.

    Raises
    ------
    CorpusError
        From any file, or if two files have the same stem.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise CorpusError("No corpus file given; pass at least one labelled corpus.")
    if len(paths) == 1:
        return read_corpus(paths[0], mapping=mapping, roles=roles, duplicate_threshold=duplicate_threshold)
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise CorpusError(f"Corpus files {', '.join(map(str, paths))} repeat a file name; give each file once.")
    frames = []
    parts = []
    for p, stem in zip(paths, stems):
        c = read_corpus(p, mapping=mapping, roles=roles, duplicate_threshold=duplicate_threshold)
        parts.append((p.name, c.sha256))
        f = c.frame[["id", "text", "labels", "group", "source"]].copy()
        f["id"] = stem + FILE_ID_SEP + f["id"].astype(str)
        f["group"] = stem + FILE_ID_SEP + f["group"].astype(str)
        f["labels"] = [";".join(t) or NONE_LABEL for t in f["labels"]]
        f["source"] = [s or stem for s in f["source"]]
        frames.append(f)
    joined = pd.concat(frames, ignore_index=True)
    corpus = corpus_from_frame(joined, roles=roles, duplicate_threshold=duplicate_threshold)
    return dataclasses.replace(corpus, parts=tuple(parts))
