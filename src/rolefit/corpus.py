"""Read, validate and de-duplicate labelled CV corpora.

A corpus is a table of CV texts with zero, one or more role labels each. It can be a
UTF-8 ``.csv``, a ``.jsonl`` (one JSON object per line) or a ``.parquet`` file, or a folder
with one sub-folder per label (``mlops_engineer/``, ``ai_operations_manager/``, ``none/``)
holding CV files, which are read with :func:`rolefit.readers.read_text`.

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

import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rolefit.errors import CorpusError, Errors, InputTypeError, ReadError
from rolefit.taxonomy import ROLES

__all__ = [
    "Corpus",
    "DuplicateReport",
    "MappingRule",
    "PROTECTED_ATTRIBUTES",
    "read_corpus",
    "read_corpora",
    "corpus_from_frame",
    "load_mapping",
    "check_no_protected_columns",
    "find_duplicate_groups",
    "duplicate_report",
    "normalise_text",
]

#: Label written for a CV that fits none of the roles.
NONE_LABEL = "none"
#: Columns of :attr:`Corpus.frame`, in order.
FRAME_COLUMNS = ("id", "text", "labels", "group", "source")
#: Protected attributes (EU non-discrimination grounds and proxies) refused as columns.
PROTECTED_ATTRIBUTES = (
    "gender", "sex", "age", "birth date", "date of birth", "dob", "nationality",
    "ethnicity", "race", "religion", "marital status", "photo", "disability",
    "sexual orientation", "pregnancy",
)
_PROTECTED_TOKENS = frozenset({
    "gender", "sex", "age", "dob", "birthdate", "birthday", "nationality", "ethnicity",
    "ethnic", "race", "religion", "religious", "marital", "photo", "photograph", "headshot",
    "picture", "disability", "disabled", "pregnancy", "pregnant",
})
_PROTECTED_COMPACT = frozenset({
    *_PROTECTED_TOKENS, "birthdate", "dateofbirth", "maritalstatus", "sexualorientation",
    "placeofbirth",
})
_PROTECTED_PHRASES = (("date", "of", "birth"), ("birth", "date"), ("sexual", "orientation"),
                      ("place", "of", "birth"))

_SHINGLE = 5
_N_PERM = 64
_SEED = 20240521
_MAX_LISTED = 200


# --------------------------------------------------------------------------- duplicates


def normalise_text(text: str) -> str:
    """Return the form under which two texts count as exact duplicates.

    NFKC-normalised, case-folded, every run of punctuation, symbols and underscores replaced
    by one space, whitespace collapsed, stripped.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spread the bits of uint64 keys (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _shingles(norm: str) -> np.ndarray:
    """Sorted unique uint64 hashes of the character 5-grams of a normalised text."""
    if not norm:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = min(_SHINGLE, len(codes))
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = h * np.uint64(1_000_003) + codes[j : j + n]
    return np.unique(_mix64(h))


class _DisjointSet:
    """Union-find whose root is always the smallest member index (so results are canonical)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _check_threshold(threshold: float) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise CorpusError(Errors.RF207.format(value=threshold))
    if not (0.5 <= threshold <= 1) or math.isnan(threshold):
        raise CorpusError(Errors.RF207.format(value=threshold))
    return float(threshold)


def _bands(threshold: float) -> int:
    """Rows per LSH band: the largest that keeps P(candidate | J = threshold) >= 0.999."""
    for rows in range(_N_PERM, 0, -1):
        bands = _N_PERM // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.999:
            return rows
    return 1


def _candidate_pairs(signature: np.ndarray, sizes: np.ndarray, threshold: float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Candidate near-duplicate pairs (i < j, sorted) from MinHash LSH banding.

    Pairs that share a band bucket are kept if their sizes allow the threshold
    (``min/max >= threshold``) and their MinHash Jaccard estimate is within 4.5 standard
    errors (plus one hash) of it; the caller checks each with the exact Jaccard.
    """
    rows = _bands(threshold)
    keys = []
    n = len(signature)
    for band in range(_N_PERM // rows):
        block = signature[:, band * rows : (band + 1) * rows]
        _, inverse = np.unique(block, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        order = np.argsort(inverse, kind="stable")
        cuts = np.flatnonzero(np.diff(inverse[order])) + 1
        for bucket in np.split(order, cuts):
            if len(bucket) > 1:
                bucket = np.sort(bucket)
                x, y = np.triu_indices(len(bucket), 1)
                keys.append(bucket[x].astype(np.int64) * n + bucket[y])
    if not keys:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    pairs = np.unique(np.concatenate(keys))
    i, j = pairs // n, pairs % n
    small, large = np.minimum(sizes[i], sizes[j]), np.maximum(sizes[i], sizes[j])
    ok = small >= threshold * large
    margin = 4.5 * math.sqrt(threshold * (1 - threshold) / _N_PERM) + 1 / _N_PERM
    for lo in range(0, len(pairs), 100_000):
        part = slice(lo, lo + 100_000)
        estimate = (signature[i[part]] == signature[j[part]]).mean(axis=1)
        ok[part] &= estimate >= threshold - margin
    return i[ok], j[ok]


def _duplicate_sets(texts: Sequence[str], threshold: float) -> tuple[_DisjointSet, int]:
    """Union-find over exact and near-duplicate rows, and the number of exact-duplicate rows."""
    n = len(texts)
    dsu = _DisjointSet(n)
    first: dict[str, int] = {}
    reps: list[int] = []
    norms: list[str] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputTypeError(Errors.RF102.format(type_name=type(text).__name__))
        norm = normalise_text(text)
        key = hashlib.sha256(norm.encode("utf-8")).hexdigest()
        if key in first:
            dsu.union(first[key], i)
        else:
            first[key] = i
            reps.append(i)
            norms.append(norm)
    n_exact = n - len(reps)

    shingles = [_shingles(s) for s in norms]
    keep = [k for k, sh in enumerate(shingles) if len(sh)]
    if len(keep) < 2:
        return dsu, n_exact
    sizes = np.array([len(shingles[k]) for k in keep])
    flat = np.concatenate([shingles[k] for k in keep])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rng = np.random.default_rng(_SEED)
    a = rng.integers(0, 2**64 - 1, size=_N_PERM, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = rng.integers(0, 2**64 - 1, size=_N_PERM, dtype=np.uint64, endpoint=True)
    signature = np.empty((len(keep), _N_PERM), dtype=np.uint32)
    for p in range(_N_PERM):
        hashed = (flat * a[p] + b[p]) >> np.uint64(32)
        signature[:, p] = np.minimum.reduceat(hashed, starts)

    local = _DisjointSet(len(keep))
    for i, j in zip(*_candidate_pairs(signature, sizes, threshold), strict=True):
        i, j = int(i), int(j)
        if local.find(i) == local.find(j):
            continue
        si, sj = shingles[keep[i]], shingles[keep[j]]
        inter = len(np.intersect1d(si, sj, assume_unique=True))
        if inter >= threshold * (len(si) + len(sj) - inter):
            local.union(i, j)
    for x in range(len(keep)):
        dsu.union(reps[keep[x]], reps[keep[local.find(x)]])
    return dsu, n_exact


def _labels_from_roots(dsu: _DisjointSet, n: int) -> np.ndarray:
    """Component ids 0, 1, ... numbered in order of first appearance."""
    ids: dict[int, int] = {}
    return np.array([ids.setdefault(dsu.find(i), len(ids)) for i in range(n)], dtype=np.int64)


def find_duplicate_groups(texts: Sequence[str], threshold: float = 0.8) -> np.ndarray:
    """Group exact and near-duplicate texts.

    Parameters
    ----------
    texts : sequence of str
        The texts, in row order.
    threshold : float, default 0.8
        Minimum Jaccard similarity in [0.5, 1] of the texts' character 5-gram sets for two
        texts to be near-duplicates (below 0.5 texts share less than half their 5-grams,
        and MinHash blocking no longer saves work). Exact duplicates (equal after
        :func:`normalise_text`) are always grouped.

    Returns
    -------
    numpy.ndarray of int64, shape (n_texts,)
        Group id of each text; ids are 0, 1, ... in order of first appearance, and two texts
        share an id when a chain of duplicate pairs links them. The partition does not
        depend on the order of ``texts``.

    Raises
    ------
    CorpusError
        If ``threshold`` is not in [0.5, 1] (RF207).
    InputTypeError
        If a text is not a ``str`` (RF102).
    """
    threshold = _check_threshold(threshold)
    texts = list(texts)
    dsu, _ = _duplicate_sets(texts, threshold)
    return _labels_from_roots(dsu, len(texts))


@dataclass(frozen=True)
class DuplicateReport:
    """How many rows of a corpus duplicate an earlier row.

    Attributes
    ----------
    n_rows : int
    n_exact_duplicates : int
        Rows whose normalised text equals that of an earlier row.
    n_near_duplicates : int
        Further rows that are near-duplicates (Jaccard >= ``threshold``) of an earlier row.
    duplicate_rate : float
        ``(n_exact_duplicates + n_near_duplicates) / n_rows``, in [0, 1]: the share of rows
        that would go if one row per duplicate family were kept.
    n_groups : int
        Number of groups after merging duplicate families with any given groups.
    threshold : float
        The near-duplicate Jaccard threshold used.
    """

    n_rows: int
    n_exact_duplicates: int
    n_near_duplicates: int
    duplicate_rate: float
    n_groups: int
    threshold: float

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return asdict(self)


def duplicate_report(
    texts: Sequence[str], threshold: float = 0.8, groups: Sequence[object] | None = None
) -> DuplicateReport:
    """Count exact and near-duplicate rows; see :func:`find_duplicate_groups`.

    ``groups``, if given (one value per text, ``None``/``""`` for none), are merged with the
    duplicate families for ``n_groups``.
    """
    threshold = _check_threshold(threshold)
    texts = list(texts)
    dsu, n_exact = _duplicate_sets(texts, threshold)
    n_families = len({dsu.find(i) for i in range(len(texts))})
    if groups is not None:
        _merge_given_groups(dsu, list(groups))
    return _report(dsu, len(texts), n_exact, n_families, threshold)


def _merge_given_groups(dsu: _DisjointSet, groups: Sequence[object]) -> None:
    seen: dict[object, int] = {}
    for i, group in enumerate(groups):
        if group is None or group == "":
            continue
        dsu.union(seen.setdefault(group, i), i)


def _report(dsu: _DisjointSet, n: int, n_exact: int, n_families: int, t: float) -> DuplicateReport:
    n_dup = n - n_families
    return DuplicateReport(
        n_rows=n,
        n_exact_duplicates=n_exact,
        n_near_duplicates=n_dup - n_exact,
        duplicate_rate=round(n_dup / n, 6) if n else 0.0,
        n_groups=len({dsu.find(i) for i in range(n)}),
        threshold=t,
    )


# --------------------------------------------------------------------------- protected


def _column_tokens(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    return [t for t in re.split(r"[\W_]+", spaced.casefold()) if t]


def check_no_protected_columns(columns: Iterable[object], *, path: object = "<frame>") -> None:
    """Refuse column names that hold protected attributes.

    Names are compared case-insensitively with separators (spaces, ``_``, ``-``, ``.``,
    camelCase) normalised, against :data:`PROTECTED_ATTRIBUTES` and close variants
    (``Gender``, ``date_of_birth``, ``DOB``, ``Marital Status``, ``photo_url``...).

    Raises
    ------
    CorpusError
        RF202, naming every protected column, with ``problems`` listing them.
    """
    found = []
    for column in columns:
        tokens = _column_tokens(str(column))
        compact = "".join(tokens)
        hit = compact in _PROTECTED_COMPACT or any(t in _PROTECTED_TOKENS for t in tokens)
        hit = hit or any(
            tuple(tokens[i : i + len(p)]) == p
            for p in _PROTECTED_PHRASES
            for i in range(len(tokens))
        )
        if hit:
            found.append(str(column))
    if found:
        raise CorpusError(
            Errors.RF202.format(path=path, columns=", ".join(repr(c) for c in found)),
            problems=[f"column {c!r} is a protected attribute" for c in found],
        )


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class MappingRule:
    """One row of a category -> roles mapping.

    Attributes
    ----------
    column : str
        Corpus column to look at, e.g. ``"role_family"``.
    value : str
        Value to match (case-insensitive, surrounding spaces ignored); ``"*"`` matches any
        non-empty value.
    labels : tuple of str
        Role ids given to matching rows; empty for ``none``.
    """

    column: str
    value: str
    labels: tuple[str, ...]

    def matches(self, cell: str) -> bool:
        """Whether a (stripped) cell value matches this rule."""
        if self.value == "*":
            return cell != ""
        return cell.casefold() == self.value.casefold()


def _check_roles(roles: Sequence[str]) -> tuple[str, ...]:
    ok = isinstance(roles, Sequence) and not isinstance(roles, str) and len(roles) > 0
    ok = ok and all(isinstance(r, str) and r.strip() == r and r for r in roles)
    ok = ok and len(set(roles)) == len(roles) and NONE_LABEL not in roles
    if not ok:
        raise CorpusError(Errors.RF206.format(value=roles))
    return tuple(roles)


def _parse_labels(value: object, roles: tuple[str, ...]) -> tuple[tuple[str, ...] | None, str]:
    """Parse a labels cell: (labels in role order, "") or (None, problem)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [_cell(v) for v in value]
    else:
        items = _cell(value).split(";")
    items = [i.strip().casefold() for i in items if i.strip()]
    valid = ", ".join([*roles, NONE_LABEL])
    if not items:
        return None, f"empty labels; write one or more of {valid} (';'-separated)"
    unknown = [i for i in items if i not in roles and i != NONE_LABEL]
    if unknown:
        names = ", ".join(repr(u) for u in dict.fromkeys(unknown))
        return None, f"unknown role {names} in labels; valid values: {valid}"
    if NONE_LABEL in items and len(set(items)) > 1:
        return None, f"labels {';'.join(items)!r} mix 'none' with roles; use 'none' alone"
    return tuple(r for r in roles if r in items), ""


def load_mapping(
    mapping: str | os.PathLike[str] | Iterable[tuple[str, str, str]] | Iterable[MappingRule],
    *,
    roles: Sequence[str] = ROLES,
) -> tuple[MappingRule, ...]:
    """Load a category -> roles mapping.

    A mapping is a UTF-8 CSV with the columns ``column,value,labels`` (or the same triples
    in memory). Rules are tried in order; the FIRST rule whose ``column`` holds ``value``
    gives the row its labels (``;``-separated role ids, or ``none``). ``value`` ``*`` matches
    any non-empty value, so ``role_family,*,none`` says "every other family is none". A row
    that no rule matches is a corpus problem.

    Raises
    ------
    CorpusError
        RF205 listing every bad mapping row (line numbers count the header as line 1).
    """
    roles = _check_roles(roles)
    problems: list[str] = []
    raw: list[tuple[str, object, object, object]] = []
    where: object = "<memory>"
    if isinstance(mapping, (str, os.PathLike)):
        where = Path(mapping)
        try:
            frame = pd.read_csv(where, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError,
                pd.errors.EmptyDataError) as err:
            raise CorpusError(Errors.RF205.format(path=where, count=1, problems=f"  - {err}"),
                              problems=[str(err)]) from err
        missing = [c for c in ("column", "value", "labels") if c not in frame.columns]
        if missing:
            problem = f"missing column(s) {', '.join(missing)}"
            raise CorpusError(Errors.RF205.format(path=where, count=1, problems=f"  - {problem}"),
                              problems=[problem])
        raw = [(f"line {n}", r.column, r.value, r.labels)
               for n, r in enumerate(frame.itertuples(index=False), start=2)]
    else:
        for n, item in enumerate(mapping, start=1):
            if isinstance(item, MappingRule):
                item = (item.column, item.value, ";".join(item.labels) or NONE_LABEL)
            if not isinstance(item, (tuple, list)) or len(item) != 3:
                problems.append(f"rule {n}: expected (column, value, labels), got {item!r}")
                continue
            raw.append((f"rule {n}", *item))
    rules = []
    for loc, column, value, labels in raw:
        column, value = _cell(column).strip(), _cell(value).strip()
        parsed, problem = _parse_labels(labels, roles)
        if not column or not value:
            problems.append(f"{loc}: empty column or value")
        elif parsed is None:
            problems.append(f"{loc}: {problem}")
        else:
            rules.append(MappingRule(column, value, parsed))
    if not rules and not problems:
        problems.append("no rules")
    if problems:
        raise CorpusError(
            Errors.RF205.format(path=where, count=len(problems), problems=_listing(problems)),
            problems=problems,
        )
    return tuple(rules)


# --------------------------------------------------------------------------- corpus


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
    """

    frame: pd.DataFrame
    roles: tuple[str, ...]
    path: Path | None
    sha256: str
    duplicate_report: DuplicateReport

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


def _cell(value: object) -> str:
    """A cell as a string: missing values become ""."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (np.integer, np.floating)):
        return _cell(value.item())
    return str(value)


def _listing(problems: Sequence[str], note: str = "") -> str:
    lines = [f"  - {p}" for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(f"  ... and {len(problems) - _MAX_LISTED} more (see CorpusError.problems)")
    if note:
        lines.append(note)
    return "\n".join(lines)


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


def _row_labels(rec: Mapping[str, Any], rules: tuple[MappingRule, ...] | None,
                roles: tuple[str, ...], columns: set[str], loc: str,
                problems: list[str]) -> tuple[str, ...]:
    given: tuple[str, ...] | None = None
    if "labels" in columns:
        cell = rec["labels"]
        if isinstance(cell, (list, tuple, np.ndarray)):
            empty = len(cell) == 0
        else:
            empty = not _cell(cell).strip()
        if not (rules is not None and empty):
            given, problem = _parse_labels(cell, roles)
            if given is None:
                problems.append(f"{loc}: {problem}")
                return ()
    if rules is None:
        return given or ()
    if any(r.column not in columns for r in rules):
        return given or ()
    for rule in rules:
        if rule.matches(_cell(rec[rule.column]).strip()):
            if given is not None and given != rule.labels:
                problems.append(
                    f"{loc}: labels {';'.join(given) or NONE_LABEL!r} disagree with the mapping "
                    f"rule {rule.column}={rule.value} -> {';'.join(rule.labels) or NONE_LABEL}")
            return rule.labels
    columns_used = dict.fromkeys(r.column for r in rules)
    shown = ", ".join(f"{c}={_cell(rec[c]).strip()!r}" for c in columns_used)
    problems.append(f"{loc}: no mapping rule matches ({shown}); add a rule, e.g. "
                    "'<column>,*,none' for every other value")
    return ()


def _read_file(file: Path, loc: str, problems: list[str]) -> str | None:
    from rolefit.readers import read_text  # lazy: readers pulls in pypdf/docx

    try:
        return read_text(file)
    except ReadError as err:
        problems.append(f"{loc}: cannot read {file} ({err.code}): {err}")
    except OSError as err:
        problems.append(f"{loc}: cannot read {file} (NOT_FOUND): {err}")
    return None


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
        A ``.csv`` (UTF-8), ``.jsonl``/``.ndjson`` or ``.parquet`` file, or a folder with one
        sub-folder per label (a role id or ``none``) holding CV files (any format
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
        raise CorpusError(Errors.RF204.format(path=path))
    kwargs = dict(mapping=mapping, roles=roles, text_column=text_column,
                  duplicate_threshold=duplicate_threshold)
    if path.is_dir():
        frame, locations, problems = _read_folder(path, _check_roles(roles))
        return corpus_from_frame(frame, base_dir=path, path=path, locations=locations,
                                 problems=problems, **kwargs)
    suffix = path.suffix.lower()
    problems: list[str] = []
    locations = None
    if suffix == ".csv":
        frame = _read_table(path, lambda: pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"))
    elif suffix in (".jsonl", ".ndjson"):
        frame, locations, problems = _read_jsonl(path)
    elif suffix in (".parquet", ".pq"):
        frame = _read_table(path, lambda: pd.read_parquet(path))
    else:
        raise CorpusError(Errors.RF203.format(path=path, suffix=path.suffix))
    return corpus_from_frame(frame, base_dir=base_dir if base_dir is not None else path.parent,
                             path=path, locations=locations, problems=problems, **kwargs)


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
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    mapping: str | os.PathLike[str] | Iterable[Any] | None = None,
    roles: Sequence[str] = ROLES,
    duplicate_threshold: float = 0.8,
) -> Corpus:
    """Read one corpus, or several and join them into one (e.g. Djinni CVs + occupation documents).

    Each file is read and checked by :func:`read_corpus` (``mapping`` applies to every file
    that has the mapping's columns; pass it only when all files need it). The rows are then
    joined in the given order and validated again as one corpus, so ids must be unique
    across files, and duplicates are grouped across files too.

    Returns
    -------
    Corpus
        ``path`` is the single file, or ``None``-free joined name ``"a.csv+b.csv"`` in the
        files' folder for several; ``source`` keeps each row's own source.

    Raises
    ------
    CorpusError
        As :func:`read_corpus`, and RF201 when ids repeat across files.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if len(paths) == 1:
        return read_corpus(paths[0], mapping=mapping, roles=roles, duplicate_threshold=duplicate_threshold)
    parts = [read_corpus(p, mapping=mapping, roles=roles, duplicate_threshold=duplicate_threshold) for p in paths]
    frames = []
    for part in parts:
        f = part.frame[["id", "text", "labels", "group", "source"]].copy()
        f["labels"] = [";".join(labels) if labels else NONE_LABEL for labels in f["labels"]]
        frames.append(f)
    joined = pd.concat(frames, ignore_index=True)
    name = paths[0].parent / "+".join(p.name for p in paths)
    return corpus_from_frame(joined, roles=roles, path=name, duplicate_threshold=duplicate_threshold)
