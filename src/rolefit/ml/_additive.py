"""The exact additive form of a linear role estimator (numpy only).

See :mod:`rolefit.ml._contributions` for how it is derived from a fitted estimator. Kept
free of scikit-learn and SciPy so that a model saved with its additive form scores CVs
without importing either (cold start, memory).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

__all__ = ["GROUP_TERMS", "Decomposed", "LinearDecomposition", "evidence_matrix"]


def _expit(x: np.ndarray) -> np.ndarray:
    """The logistic function, ``1 / (1 + exp(-x))``, without overflow warnings."""
    out = np.empty_like(x, dtype=np.float64)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


#: Names of the per-group terms, in order (the blocks of :func:`rolefit.ml.build_feature_union`).
GROUP_TERMS = ("concepts", "similarity", "groups", "kinds")


def evidence_matrix(evidence: Sequence[Mapping[str, float]], vocabulary: Mapping[str, int]) -> np.ndarray:
    """Evidence mappings as a dense float64 matrix of shape (n_documents, len(vocabulary)).

    ``out[i, vocabulary[c]]`` is document ``i``'s evidence for concept ``c``; concepts not in
    ``vocabulary`` are ignored and absent ones are 0. Shared by the fitted feature transformer
    and the numpy-only scoring path, so both build the same matrix.
    """
    out = np.zeros((len(evidence), len(vocabulary)), dtype=np.float64)
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, doc in enumerate(evidence):
        for c, v in doc.items():
            j = vocabulary.get(c)
            if j is not None:
                rows.append(i)
                cols.append(j)
                values.append(float(v))
    out[rows, cols] = values  # one assignment: a mapping has each concept once, so no index repeats
    return out


class Decomposed(NamedTuple):
    """What :meth:`LinearDecomposition.decompose` returns for n rows (R roles, nnz concepts
    present over all rows).

    Attributes
    ----------
    log_odds : ndarray of float64, shape (n, R)
        Calibrated log-odds: ``baseline`` plus the row's concept terms.
    proba : ndarray of float64, shape (n, R)
        Their logistic function, strictly inside (0, 1) for finite log-odds.
    groups : ndarray of float64, shape (n, R, len(GROUP_TERMS)), or None
        Per-group terms (None when not asked for).
    offsets : ndarray of int, shape (n + 1,)
        Row ``i``'s concepts are entries ``offsets[i]:offsets[i + 1]`` of ``columns`` and ``terms``.
    columns : ndarray of int, shape (nnz,)
        The concepts present (non-zero evidence) as column indices, row by row, ascending.
    terms : ndarray of float64, shape (R, nnz)
        Their per-concept log-odds terms: evidence times ``total_slope`` plus ``presence``.
    """

    log_odds: np.ndarray
    proba: np.ndarray
    groups: np.ndarray | None
    offsets: np.ndarray
    columns: np.ndarray
    terms: np.ndarray


class LinearDecomposition:
    """Per-concept and per-group log-odds terms of a fitted linear role estimator.

    Build with :func:`decomposition_of`. Attributes (R roles, C concepts):

    Attributes
    ----------
    concept_ids : ndarray of str, shape (C,)
    baseline : ndarray of float64, shape (R,)
        Log-odds of a document with no evidence.
    slope : ndarray of float64, shape (len(GROUP_TERMS), R, C)
        Log-odds per unit of evidence, by group term.
    presence : ndarray of float64, shape (R, C)
        Log-odds added by a concept's presence (``concepts`` group; 0 for graded concepts).
    total_slope : ndarray of float64, shape (R, C)
        ``slope`` summed over the group terms.
    """

    def __init__(self, concept_ids: np.ndarray, baseline: np.ndarray, slope: np.ndarray, presence: np.ndarray):
        self.concept_ids = np.asarray(concept_ids, dtype=str)
        self.vocabulary = {c: j for j, c in enumerate(self.concept_ids.tolist())}
        self.baseline = np.asarray(baseline, dtype=np.float64)
        self.slope = np.asarray(slope, dtype=np.float64)
        self.presence = np.asarray(presence, dtype=np.float64)
        self.total_slope = self.slope.sum(axis=0)

    def matrix(self, evidence: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Evidence mappings as a dense (n, C) matrix (unknown concepts ignored)."""
        return evidence_matrix(evidence, self.vocabulary)

    def concept_terms(self, X: np.ndarray) -> np.ndarray:
        """Per-concept log-odds terms, shape (n, R, C)."""
        return X[:, None, :] * self.total_slope[None] + (X > 0)[:, None, :] * self.presence[None]

    def group_terms(self, X: np.ndarray) -> np.ndarray:
        """Per-group log-odds terms, shape (n, R, len(GROUP_TERMS))."""
        return self.decompose(X).groups

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        """Calibrated log-odds, shape (n, R): ``baseline`` plus the concept terms."""
        return self.decompose(X, groups=False).log_odds

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape (n, R), strictly inside (0, 1) for finite log-odds."""
        return _expit(self.log_odds(X))

    def decompose(self, X: np.ndarray, *, groups: bool = True) -> Decomposed:
        """Log-odds, probabilities, per-concept and per-group terms of every row, in one pass.

        Each row's values are sums over the concepts present in that row only, each sum over
        a contiguous run of the row's terms in concept order: a document's value never depends
        on the other documents of its batch. (A BLAS matrix product blocks by batch size,
        which changed the last bits of a probability between a batch and a resumed batch, so
        `rolefit batch --resume` was not byte-identical.) Rows with the same number ``k`` of
        concepts present are summed together as one (m, R, k) array, whose sums over the last
        axis numpy computes row by row exactly as for a single (R, k) row.

        Parameters
        ----------
        X : ndarray of float64, shape (n, C)
            Evidence (:meth:`matrix`).
        groups : bool, default True
            Also compute the per-group terms (else ``groups`` is None).

        Returns
        -------
        Decomposed
        """
        X = np.asarray(X, dtype=np.float64)
        n, n_roles = X.shape[0], self.baseline.size
        rows, cols = np.nonzero(X)  # row-major: each row's concepts in ascending column order
        values = X[rows, cols]
        # every (row, concept) term at once: element-wise, so the same bits as row by row
        terms = values * self.total_slope[:, cols] + self.presence[:, cols]  # (R, nnz)
        counts = np.bincount(rows, minlength=n)
        offsets = np.zeros(n + 1, dtype=np.intp)
        np.cumsum(counts, out=offsets[1:])
        log_odds = np.empty((n, n_roles), dtype=np.float64)
        group_out = None
        if groups:
            group_out = np.zeros((n, n_roles, self.slope.shape[0]), dtype=np.float64)
            slope_terms = values * self.slope[:, :, cols]  # (G, R, nnz)
            presence = self.presence[:, cols]  # (R, nnz)
        for k in sorted(set(counts.tolist())):  # (np.unique would import numpy.ma: 15 ms of a cold start)
            r = np.flatnonzero(counts == k)  # the rows with k concepts present
            at = offsets[r][:, None] + np.arange(k)  # (m, k): their entries, in order
            log_odds[r] = self.baseline + terms[:, at].sum(axis=2).T  # sums of C-contiguous (R, m, k)
            if group_out is not None:
                group_out[r] = slope_terms[:, :, at].sum(axis=3).transpose(2, 1, 0)
                group_out[r, :, 0] += presence[:, at].sum(axis=2).T
        return Decomposed(log_odds, _expit(log_odds), group_out, offsets, cols, terms)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to save (``numpy.savez``; no pickled objects)."""
        return {
            "concept_ids": self.concept_ids,
            "baseline": self.baseline,
            "slope": self.slope,
            "presence": self.presence,
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> LinearDecomposition:
        """Inverse of :meth:`to_arrays`.

        Raises
        ------
        ValueError
            If the arrays are missing or their shapes disagree.
        """
        ids = np.asarray(arrays["concept_ids"], dtype=str)
        baseline = np.asarray(arrays["baseline"], dtype=np.float64)
        slope = np.asarray(arrays["slope"], dtype=np.float64)
        presence = np.asarray(arrays["presence"], dtype=np.float64)
        R, C = baseline.size, ids.size
        if slope.shape != (len(GROUP_TERMS), R, C) or presence.shape != (R, C):
            raise ValueError(
                f"additive arrays disagree: {C} concepts, {R} roles, slope {slope.shape}, presence {presence.shape}"
            )
        return cls(ids, baseline, slope, presence)
