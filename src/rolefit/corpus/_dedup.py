"""Exact and near-duplicate detection: normalised-text hashes and MinHash LSH over character
5-gram shingles, verified with the exact Jaccard similarity (see :mod:`rolefit.corpus`)."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from rolefit.errors import CorpusError, Errors, InputTypeError

_SHINGLE = 5
_N_PERM = 64
_SEED = 20240521
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
