"""Interaction features: "management AND IT context" as one monotone, attributable column.

A purely additive model cannot express a conjunction: a sales manager has management
evidence, a network engineer has IT evidence, and only an IT manager has both. An
interaction term is the product of two capped evidence sums over concept sets::

    A_t(x) = min(sum_{i in L_t} max(x_i, 0), cap)      (the "left" side, e.g. management)
    B_t(x) = min(sum_{j in R_t} max(x_j, 0), cap)      (the "right" side, e.g. IT context)
    term_t(x) = A_t(x) * B_t(x)

Both sides are non-negative and non-decreasing in every concept's evidence, so their product
is too: with a coefficient constrained ``>= 0`` (the estimator's monotonic constraint for
these columns is ``1``) the directional guarantees of :mod:`rolefit.ml._features` still hold.

Exact attribution (:mod:`rolefit.ml._additive`) splits ``w * A_t * B_t`` among the concepts
that make it up: each side's capped value is shared among that side's concepts in proportion
to their evidence (``A_t * x_i / sum_L x``), and the product is split equally between the two
sides, so concept ``i`` receives::

    w * B_t * (A_t * x_i / S_L) / 2   (as a left concept)  +  w * A_t * (B_t * x_i / S_R) / 2   (as a right one)

These shares sum to ``w * A_t * B_t`` (up to float rounding; the scorer's log-odds are the
sum of the shares, so contributions and log-odds agree exactly). Without a cap (``A_t = S_L``) this is the
Shapley split of the bilinear term ``w * S_L * S_R`` (every product ``x_i * x_j`` split
equally between its two concepts); with a cap it is the proportional split just described.

The terms are :class:`rolefit.schema.Interaction` values, read from an interactions file
(:func:`rolefit.taxonomy.parse_interactions`; ``rolefit train --interactions FILE``) or built
in code; ``make_estimator(..., interactions=...)`` adds them. The bundled model uses none:
measured by ``scripts/interaction_ablation.py`` on the terms of ``examples/interactions.csv``,
the training labels give them no weight for the role they were meant for (the proxy positives
rarely show both sides: 12 % of the Djinni project managers name any IT or AI context, 1 % of
the Djinni ML and DevOps CVs name both ML and operations).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from rolefit.schema import Interaction

__all__ = ["Interaction", "InteractionTerms", "check_input_features", "interaction_masks"]


def check_input_features(est: BaseEstimator, input_features: Sequence[str] | None) -> None:
    """Validate ``input_features`` the way scikit-learn's own transformers do (shared with
    the transformers of :mod:`rolefit.ml._features`)."""
    if input_features is None:
        return
    input_features = np.asarray(input_features, dtype=object)
    names_in = getattr(est, "feature_names_in_", None)
    if names_in is not None and not np.array_equal(names_in, input_features):
        raise ValueError("input_features is not equal to feature_names_in_")
    if len(input_features) != est.n_features_in_:
        raise ValueError(
            "input_features should have length equal to number of features "
            f"({est.n_features_in_}), got {len(input_features)}"
        )


def interaction_masks(
    interactions: Sequence[Interaction], concept_ids: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """0/1 membership matrices of the interaction sides over ``concept_ids``.

    Returns
    -------
    left, right : ndarray of float64, shape (n_terms, n_concepts)
    names : list of str

    Raises
    ------
    ValueError
        If a term names an unknown concept, has an empty side, or a name is repeated.
    """
    index = {c: j for j, c in enumerate(concept_ids)}
    left = np.zeros((len(interactions), len(index)), dtype=np.float64)
    right = np.zeros_like(left)
    names: list[str] = []
    for t, term in enumerate(interactions):
        name, lhs, rhs = term.name, term.left, term.right
        if name in names:
            raise ValueError(f"interaction name {name!r} is used twice; give each term its own name.")
        for side, ids, out in (("left", lhs, left), ("right", rhs, right)):
            ids = tuple(ids)
            if not ids:
                raise ValueError(f"interaction {name!r}: the {side} side has no concept.")
            unknown = sorted({c for c in ids if c not in index})
            if unknown:
                raise ValueError(f"interaction {name!r}: unknown concept id(s) {unknown} on the {side} side.")
            out[t, [index[c] for c in ids]] = 1.0
        names.append(str(name))
    return left, right, names


class InteractionTerms(TransformerMixin, BaseEstimator):
    """Products of two capped evidence sums (see the module docstring).

    Parameters
    ----------
    left, right : array-like of shape (n_terms, n_features), optional
        0/1 membership of each input column in each term's left and right side. ``None``
        (both): one term whose two sides are all columns.
    cap : float, default 1.0
        Each side's sum is capped at ``cap`` (> 0; ``inf`` for no cap).
    names : sequence of str, optional
        One name per term (default ``term0, term1, ...``).

    Attributes
    ----------
    left_, right_ : ndarray of float64, shape (n_terms, n_features_in_)
    names_ : ndarray of str, shape (n_terms,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Defined only when ``X`` has string feature names.
    """

    def __init__(self, left: object = None, right: object = None, cap: float = 1.0, names: object = None) -> None:
        self.left = left
        self.right = right
        self.cap = cap
        self.names = names

    def fit(self, X: object, y: object = None) -> InteractionTerms:
        """Validate ``X`` and the term definitions.

        Raises
        ------
        ValueError
            If ``X`` is not a finite 2-D numeric array, ``left``/``right`` do not have
            ``n_features`` columns and the same number of rows, are not 0/1, a side is empty,
            ``cap`` is not positive, or ``names`` does not give one name per term.
        """
        X = validate_data(self, X, dtype=np.float64)
        d = X.shape[1]
        if (self.left is None) != (self.right is None):
            raise ValueError("Pass both left and right, or neither.")
        if self.left is None:
            left = right = np.ones((1, d), dtype=np.float64)
        else:
            left = np.atleast_2d(np.asarray(self.left, dtype=np.float64))
            right = np.atleast_2d(np.asarray(self.right, dtype=np.float64))
            if left.shape != right.shape or left.shape[1] != d:
                raise ValueError(
                    f"left {left.shape} and right {right.shape} must both have shape (n_terms, {d})."
                )
            if not (np.isin(left, (0.0, 1.0)).all() and np.isin(right, (0.0, 1.0)).all()):
                raise ValueError("left and right must be 0/1 membership matrices.")
            if (left.sum(axis=1) == 0).any() or (right.sum(axis=1) == 0).any():
                raise ValueError("Every interaction term needs at least one column on each side.")
        cap = float(self.cap)
        if not cap > 0:
            raise ValueError(f"cap must be positive (or inf), got {self.cap!r}.")
        names = [f"term{t}" for t in range(left.shape[0])] if self.names is None else [str(n) for n in self.names]
        if len(names) != left.shape[0]:
            raise ValueError(f"names has {len(names)} entries for {left.shape[0]} terms.")
        self.left_, self.right_ = left, right
        self.names_ = np.asarray(names, dtype=str)
        return self

    def sides(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The capped sides ``A`` and ``B``, each of shape (n_samples, n_terms)."""
        X = np.maximum(np.asarray(X, dtype=np.float64), 0.0)
        cap = float(self.cap)
        return np.minimum(X @ self.left_.T, cap), np.minimum(X @ self.right_.T, cap)

    def transform(self, X: object) -> np.ndarray:
        """``A * B`` per term.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_terms), values in [0, cap**2]
        """
        check_is_fitted(self, "left_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        A, B = self.sides(X)
        return A * B

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """The term names, as an object array."""
        check_is_fitted(self, "left_")
        check_input_features(self, input_features)
        return np.asarray(self.names_, dtype=object)
