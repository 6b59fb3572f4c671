"""The exact additive form of a linear role estimator (numpy only).

See :mod:`rolefit.ml._contributions` for how it is derived from a fitted estimator. Kept
free of scikit-learn and SciPy so that a model saved with its additive form scores CVs
without importing either (cold start, memory).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["GROUP_TERMS", "LinearDecomposition", "evidence_matrix"]


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
    for i, doc in enumerate(evidence):
        for c, v in doc.items():
            j = vocabulary.get(c)
            if j is not None:
                out[i, j] = float(v)
    return out


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
        out = np.zeros((X.shape[0], self.baseline.size, self.slope.shape[0]), dtype=np.float64)
        for i, row in enumerate(X):  # row by row: see log_odds
            present = np.flatnonzero(row)
            out[i] = (row[present] * self.slope[:, :, present]).sum(axis=2).T
            out[i, :, 0] += self.presence[:, present].sum(axis=1)
        return out

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        """Calibrated log-odds, shape (n, R): ``baseline`` plus the concept terms."""
        # Row by row over the concepts present, in a fixed order: a document's value never
        # depends on the other documents of its batch. (A BLAS matrix product blocks by batch
        # size, which changed the last bits of a probability between a batch and a resumed
        # batch, so `rolefit batch --resume` was not byte-identical.)
        out = np.empty((X.shape[0], self.baseline.size), dtype=np.float64)
        for i, row in enumerate(X):
            present = np.flatnonzero(row)
            out[i] = self.baseline + (row[present] * self.total_slope[:, present] + self.presence[:, present]).sum(axis=1)
        return out

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape (n, R), strictly inside (0, 1) for finite log-odds."""
        return _expit(self.log_odds(X))

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
