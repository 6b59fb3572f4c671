"""The exact additive form of a linear role estimator (numpy only).

See :mod:`rolefit.ml._contributions` for how it is derived from a fitted estimator. Kept
free of scikit-learn and SciPy so that a model saved with its additive form scores CVs
without importing either (cold start, memory).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

__all__ = ["GROUP_TERMS", "INTERACTION_TERM", "Decomposed", "LinearDecomposition", "evidence_matrix"]


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
#: The extra group term of a model with interaction terms (:mod:`rolefit.ml._interactions`).
INTERACTION_TERM = "interactions"


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
    groups : ndarray of float64, shape (n, R, len(group_names)), or None
        Per-group terms (None when not asked for), in :attr:`LinearDecomposition.group_names`
        order.
    offsets : ndarray of int, shape (n + 1,)
        Row ``i``'s concepts are entries ``offsets[i]:offsets[i + 1]`` of ``columns`` and ``terms``.
    columns : ndarray of int, shape (nnz,)
        The concepts present (non-zero evidence) as column indices, row by row, ascending.
    terms : ndarray of float64, shape (R, nnz)
        Their per-concept log-odds terms: evidence times ``total_slope`` plus ``presence``,
        plus the concept's shares of the interaction terms.
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
    inter_left, inter_right : ndarray of float64, shape (T, C)
        0/1 membership of each concept in each interaction term's sides (T = 0: none).
    inter_weight : ndarray of float64, shape (R, T)
        Log-odds per unit of each interaction term ``A_t * B_t`` (>= 0 for the default
        classifier).
    inter_cap : float
        The cap of each side's evidence sum.
    group_names : tuple of str
        :data:`GROUP_TERMS`, plus ``"interactions"`` when T > 0.

    Notes
    -----
    With interaction terms the log-odds are still an exact sum of per-concept terms: a term
    ``w * A * B`` (``A = min(sum of left evidence, cap)``, ``B`` likewise) gives concept ``i``
    ``w * B * (A * x_i / S_L) / 2`` as a left concept plus ``w * A * (B * x_i / S_R) / 2`` as a
    right one (``S`` the uncapped sums): each capped side shared in proportion to evidence,
    the product split equally between the sides (the Shapley split of the bilinear term when
    no cap binds). See :mod:`rolefit.ml._interactions`.
    """

    def __init__(
        self,
        concept_ids: np.ndarray,
        baseline: np.ndarray,
        slope: np.ndarray,
        presence: np.ndarray,
        inter_left: np.ndarray | None = None,
        inter_right: np.ndarray | None = None,
        inter_weight: np.ndarray | None = None,
        inter_cap: float = 1.0,
    ):
        self.concept_ids = np.asarray(concept_ids, dtype=str)
        self.vocabulary = {c: j for j, c in enumerate(self.concept_ids.tolist())}
        self.baseline = np.asarray(baseline, dtype=np.float64)
        self.slope = np.asarray(slope, dtype=np.float64)
        self.presence = np.asarray(presence, dtype=np.float64)
        self.total_slope = self.slope.sum(axis=0)
        C, R = self.concept_ids.size, self.baseline.size
        self.inter_left = np.zeros((0, C)) if inter_left is None else np.asarray(inter_left, dtype=np.float64)
        self.inter_right = np.zeros((0, C)) if inter_right is None else np.asarray(inter_right, dtype=np.float64)
        T = self.inter_left.shape[0]
        self.inter_weight = np.zeros((R, 0)) if inter_weight is None else np.asarray(inter_weight, dtype=np.float64)
        self.inter_cap = float(inter_cap)
        if self.inter_right.shape != (T, C) or self.inter_left.shape != (T, C) or self.inter_weight.shape != (R, T):
            raise ValueError(
                f"interaction arrays disagree: {C} concepts, {R} roles, left {self.inter_left.shape}, "
                f"right {self.inter_right.shape}, weight {self.inter_weight.shape}"
            )
        self.group_names = GROUP_TERMS + ((INTERACTION_TERM,) if T else ())

    def matrix(self, evidence: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Evidence mappings as a dense (n, C) matrix (unknown concepts ignored)."""
        return evidence_matrix(evidence, self.vocabulary)

    def concept_terms(self, X: np.ndarray) -> np.ndarray:
        """Per-concept log-odds terms (interaction shares included), shape (n, R, C)."""
        X = np.asarray(X, dtype=np.float64)
        if not self.inter_left.shape[0]:
            return X[:, None, :] * self.total_slope[None] + (X > 0)[:, None, :] * self.presence[None]
        dec = self.decompose(X, groups=False)
        out = np.zeros((X.shape[0], self.baseline.size, X.shape[1]), dtype=np.float64)
        rows = np.repeat(np.arange(X.shape[0]), np.diff(dec.offsets))
        out[rows, :, dec.columns] = dec.terms.T
        return out

    def group_terms(self, X: np.ndarray) -> np.ndarray:
        """Per-group log-odds terms, shape (n, R, len(group_names))."""
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
        ks = sorted(set(counts.tolist()))  # (np.unique would import numpy.ma: 15 ms of a cold start)
        # the rows with k concepts present, and their entries in order, shape (m, k)
        runs = [(r, offsets[r][:, None] + np.arange(k)) for k in ks for r in [np.flatnonzero(counts == k)]]
        inter = self._interaction_terms(values, rows, cols, runs, n) if self.inter_left.shape[0] else None
        if inter is not None:
            terms = terms + inter
        log_odds = np.empty((n, n_roles), dtype=np.float64)
        group_out = None
        if groups:
            group_out = np.zeros((n, n_roles, len(self.group_names)), dtype=np.float64)
            slope_terms = values * self.slope[:, :, cols]  # (G, R, nnz)
            presence = self.presence[:, cols]  # (R, nnz)
        for r, at in runs:
            log_odds[r] = self.baseline + terms[:, at].sum(axis=2).T  # sums of C-contiguous (R, m, k)
            if group_out is not None:
                group_out[r, :, : len(GROUP_TERMS)] = slope_terms[:, :, at].sum(axis=3).transpose(2, 1, 0)
                group_out[r, :, 0] += presence[:, at].sum(axis=2).T
                if inter is not None:
                    group_out[r, :, len(GROUP_TERMS)] = inter[:, at].sum(axis=2).T
        return Decomposed(log_odds, _expit(log_odds), group_out, offsets, cols, terms)

    def _interaction_terms(
        self, values: np.ndarray, rows: np.ndarray, cols: np.ndarray, runs: list, n: int
    ) -> np.ndarray:
        """Each (row, concept) entry's shares of the interaction terms, shape (R, nnz).

        Per-row sums use the same row-by-row runs as the log-odds, so a document's shares
        never depend on its batch; the rest is element-wise.
        """
        v = np.maximum(values, 0.0)
        lv = v * self.inter_left[:, cols]  # (T, nnz)
        rv = v * self.inter_right[:, cols]
        T = lv.shape[0]
        SL = np.zeros((T, n), dtype=np.float64)
        SR = np.zeros((T, n), dtype=np.float64)
        for r, at in runs:
            SL[:, r] = lv[:, at].sum(axis=2)
            SR[:, r] = rv[:, at].sum(axis=2)
        cap = self.inter_cap
        SLe, SRe = SL[:, rows], SR[:, rows]  # (T, nnz): the uncapped sums of each entry's row
        half_ab = 0.5 * np.minimum(SLe, cap) * np.minimum(SRe, cap)
        share_l = np.divide(lv, SLe, out=np.zeros_like(lv), where=SLe > 0)  # x_i / S_L
        share_r = np.divide(rv, SRe, out=np.zeros_like(rv), where=SRe > 0)
        share = half_ab * share_l + half_ab * share_r  # (T, nnz): sums to A * B over a row
        out = np.zeros((self.baseline.size, values.size), dtype=np.float64)
        for t in range(T):  # element-wise, in term order (no BLAS blocking by batch size)
            out += self.inter_weight[:, t : t + 1] * share[t]
        return out

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to save (``numpy.savez``; no pickled objects). The interaction arrays
        only when there are interaction terms, so a model without them saves what 0.2 saved."""
        out = {
            "concept_ids": self.concept_ids,
            "baseline": self.baseline,
            "slope": self.slope,
            "presence": self.presence,
        }
        if self.inter_left.shape[0]:
            out.update(
                inter_left=self.inter_left,
                inter_right=self.inter_right,
                inter_weight=self.inter_weight,
                inter_cap=np.asarray(self.inter_cap),
            )
        return out

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
        if "inter_left" not in arrays:
            return cls(ids, baseline, slope, presence)
        return cls(
            ids, baseline, slope, presence,
            inter_left=np.asarray(arrays["inter_left"]),
            inter_right=np.asarray(arrays["inter_right"]),
            inter_weight=np.asarray(arrays["inter_weight"]),
            inter_cap=float(np.asarray(arrays["inter_cap"])),
        )
