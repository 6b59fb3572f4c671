"""Exact, additive contributions of a linear role estimator.

For the estimator of :func:`rolefit.ml.make_estimator` with a linear classifier (one with
``coef_`` and ``intercept_`` whose ``decision_function`` is ``X @ coef_ + intercept_``,
such as :class:`rolefit.ml.MonotoneLogisticRegression`) and ``sigmoid`` calibration,
every step is linear in the concept evidence except the presence indicators, which belong
to one concept each. So the calibrated **log-odds** of each role decompose exactly::

    logit(p_r) = baseline_r + sum_j term_rj(x_j)
    term_rj(x_j) = x_j * slope_rj + [x_j > 0] * presence_rj

(the calibrator is ``p = expit(-(a * f + b))`` of the classifier's log-odds ``f``, so
``baseline_r = -(a * intercept + b)`` and every slope is scaled by ``-a > 0``). The same
terms, summed by feature block, give the per-group terms: ``concepts`` (a concept's own
column), ``similarity`` (the role-profile similarities), ``groups`` (evidence per concept
group) and ``kinds`` (evidence per concept kind); group terms plus ``baseline_r`` also sum
to ``logit(p_r)``. An estimator with interaction terms (:mod:`rolefit.ml._interactions`)
adds a fifth group, ``interactions``: each term ``w * A * B`` is split exactly among the
concepts of its two sides (proportional within a capped side, equal between the sides), so
the per-concept terms still sum to the log-odds. Contributions are in log-odds units (natural log); a concept outside
the CV contributes 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.preprocessing import Binarizer, FunctionTransformer

from rolefit.ml._additive import GROUP_TERMS, LinearDecomposition
from rolefit.ml._interactions import InteractionTerms

__all__ = ["GROUP_TERMS", "LinearDecomposition", "decomposition_of"]

def decomposition_of(estimator: Any) -> LinearDecomposition | None:
    """The exact decomposition of ``estimator``, or None if it is not linear + sigmoid.

    Parameters
    ----------
    estimator : Pipeline
        A fitted estimator from :func:`rolefit.ml.make_estimator`.

    Returns
    -------
    LinearDecomposition or None
        None when a role's classifier has no ``coef_`` (trees...), its calibration is
        not ``sigmoid`` or uses an ensemble of calibrated classifiers.

    Raises
    ------
    ValueError
        If a sigmoid calibrator is decreasing in the classifier's output (the directional
        guarantees would be reversed).
    """
    steps = getattr(estimator, "named_steps", {})
    if not {"concepts", "features", "classifier"} <= set(steps):
        return None
    concepts, features, multi = steps["concepts"], steps["features"], steps["classifier"]
    ids = np.asarray(concepts.concept_ids_, dtype=str)
    C = ids.size
    block = dict(features.transformer_list)
    inter = block.get("interactions")
    if inter is not None and not isinstance(inter, InteractionTerms):
        return None
    n_inter = 0 if inter is None else inter.left_.shape[0]
    sizes = [
        C, len(block["similarity"].weights_), block["groups"].group_names_.size, block["kinds"].group_names_.size, n_inter
    ]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    # concept block: which union column reads which concept, graded or presence
    graded_of = np.full(C, -1)
    presence_of = np.full(C, -1)
    conc = block["concepts"]
    if (isinstance(conc, str) and conc == "passthrough") or (
        isinstance(conc, FunctionTransformer) and conc.func is None
    ):
        graded_of = np.arange(C)
    else:
        col = 0
        for name, trans, cols in conc.transformers_:
            if name == "remainder" or trans == "drop":
                continue
            cols = np.asarray(cols, dtype=np.intp)
            if isinstance(trans, Binarizer):
                if trans.threshold != 0.0:
                    return None
                target = presence_of
            elif trans == "passthrough" or (isinstance(trans, FunctionTransformer) and trans.func is None):
                target = graded_of
            else:
                return None
            target[cols] = np.arange(col, col + cols.size)
            col += cols.size
    sim_w = block["similarity"].weights_  # (R', C)
    grp = np.zeros((block["groups"].group_names_.size, C))
    grp[block["groups"].group_index_, np.arange(C)] = 1.0
    kind = np.zeros((block["kinds"].group_names_.size, C))
    kind[block["kinds"].group_index_, np.arange(C)] = 1.0

    baselines, slopes, presences, inter_weights = [], [], [], []
    for calibrated in getattr(multi, "estimators_", []):
        fitted = getattr(calibrated, "calibrated_classifiers_", None)
        if getattr(calibrated, "method", None) != "sigmoid" or not fitted or len(fitted) != 1:
            return None
        inner, calibrators = fitted[0].estimator, fitted[0].calibrators
        if not hasattr(inner, "coef_") or len(calibrators) != 1 or not hasattr(calibrators[0], "a_"):
            return None
        a, b = float(calibrators[0].a_), float(calibrators[0].b_)
        if a >= 0:
            raise ValueError(
                f"The sigmoid calibrator is non-increasing in the classifier's output (a_={a}); "
                "the estimator's directional guarantees do not hold. Refit with more data."
            )
        w = np.asarray(inner.coef_, dtype=np.float64).reshape(-1)
        scale = -a
        s = np.zeros((len(GROUP_TERMS), C))
        p = np.zeros(C)
        g = graded_of >= 0
        s[0, g] = w[graded_of[g]]
        q = presence_of >= 0
        p[q] = w[presence_of[q]]
        s[1] = w[starts[1] : starts[2]] @ sim_w
        s[2] = w[starts[2] : starts[3]] @ grp
        s[3] = w[starts[3] : starts[4]] @ kind
        inter_weights.append(scale * w[starts[4] : starts[5]])
        baselines.append(-(a * float(np.ravel(inner.intercept_)[0]) + b))
        slopes.append(scale * s)
        presences.append(scale * p)
    if not baselines:
        return None
    if inter is None:
        return LinearDecomposition(ids, np.asarray(baselines), np.stack(slopes, axis=1), np.stack(presences))
    return LinearDecomposition(
        ids, np.asarray(baselines), np.stack(slopes, axis=1), np.stack(presences),
        inter_left=inter.left_, inter_right=inter.right_, inter_weight=np.stack(inter_weights), inter_cap=float(inter.cap),
    )
