"""The evaluation engine: grouped cross-validation or a held-out split over precomputed
concept evidence, with a TF-IDF text baseline on the same splits.

Every split is grouped on the corpus's duplicate groups (no group on both sides) and
stratified on the combination of role labels (:func:`rolefit.ml.grouped_splits`).
The text baseline (:func:`build_baseline`) is for comparison only: it sees every word,
names and all, which the shipped estimator by construction cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline

from rolefit.ml._estimator import estimator_proba, fit_estimator, grouped_splits
from rolefit.ml._metrics import class_counts, metrics_block, targets_met, threshold_max_f1


def build_baseline(seed: int = 0) -> Pipeline:
    """The text baseline: TF-IDF (word 1-2-grams, sublinear tf) + logistic regression per role.

    ``fit(texts, Y)`` with ``Y`` of shape (n, n_roles); for comparison only (it sees every
    word of the CV, including personal details).
    """
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, max_features=50_000)),
            ("classifier", MultiOutputClassifier(LogisticRegression(C=4.0, max_iter=2000, random_state=seed))),
        ]
    )


@dataclass
class Outcome:
    """Predictions and metrics of one evaluation (kept for plots)."""

    name: str
    metrics: dict[str, Any]
    roles: tuple[str, ...]
    rows: np.ndarray
    Y: np.ndarray
    P: np.ndarray
    P_baseline: np.ndarray | None


def _baseline_proba(est: Pipeline, texts: Sequence[str]) -> np.ndarray:
    per_role = est.predict_proba(list(texts))
    return np.column_stack([p[:, 1] for p in per_role]).astype(np.float64)


def run_evaluation(
    name: str,
    make: Callable[[], Pipeline],
    evidence: Sequence[Mapping[str, float]],
    Y: np.ndarray,
    groups: np.ndarray,
    roles: Sequence[str],
    *,
    rows: np.ndarray | None,
    texts: Sequence[str] | None,
    n_splits: int,
    seed: int,
    n_bootstrap: int,
    thresholds: Mapping[str, float] | None,
    baseline_thresholds: Mapping[str, float] | None = None,
    holdout: tuple[np.ndarray, np.ndarray] | None = None,
    threshold_source: str = "given",
    sample_weight: np.ndarray | None = None,
    where: str | None = None,
) -> Outcome:
    Y = np.asarray(Y, dtype=np.int64)
    groups = np.asarray(groups)
    evidence = list(evidence)
    if holdout is not None:
        folds = [holdout]
        rows = np.asarray(holdout[1])
        n_tr, n_te = len(holdout[0]), len(holdout[1])
        places = [f"the training split ({n_tr} of {len(Y)} rows; the held-out test split took {n_te})"]
    else:
        rows = np.arange(len(Y)) if rows is None else np.asarray(rows)
        if where is None:
            where = f"the corpus (all {len(Y)} rows)" if len(rows) == len(Y) else f"{len(rows)} of {len(Y)} rows"
        local = grouped_splits(Y[rows], groups[rows], n_splits=n_splits, seed=seed, roles=roles, where=where)
        folds = [(rows[tr], rows[te]) for tr, te in local]
        places = [
            f"the training part of cross-validation fold {i} of {len(folds)} ({len(tr)} rows; its validation "
            f"part took {len(te)}) of {where}"
            for i, (tr, te) in enumerate(folds, start=1)
        ]
    P = np.full((len(Y), len(roles)), np.nan)
    PB = np.full((len(Y), len(roles)), np.nan) if texts is not None else None
    for (tr, te), place in zip(folds, places):
        est = fit_estimator(
            make(), [evidence[i] for i in tr], Y[tr], groups[tr], seed=seed,
            sample_weight=None if sample_weight is None else np.asarray(sample_weight)[tr],
            roles=roles, where=place,
        )
        P[te] = estimator_proba(est, [evidence[i] for i in te])
        if PB is not None:
            base = build_baseline(seed).fit([texts[i] for i in tr], Y[tr])
            PB[te] = _baseline_proba(base, [texts[i] for i in te])
    Yr, Pr = Y[rows], P[rows]
    if thresholds is None:
        thresholds = {role: threshold_max_f1(Yr[:, r], Pr[:, r]) for r, role in enumerate(roles)}
        source = "max-F1 on these out-of-fold predictions (precision/recall/F1 are optimistic)"
    else:
        source = threshold_source
    metrics: dict[str, Any] = {
        "kind": "holdout" if holdout is not None else "cv",
        "n_rows": int(len(rows)),
        "n_train_rows": int(len(holdout[0])) if holdout is not None else None,
        "n_splits": 1 if holdout is not None else int(n_splits),
        "seed": int(seed),
        "n_bootstrap": int(n_bootstrap),
        "thresholds": {r: round(float(thresholds[r]), 6) for r in roles},
        "threshold_source": source,
        "roles": metrics_block(Yr, Pr, roles, thresholds, n_bootstrap, seed),
        "class_counts": class_counts(Yr, roles),
    }
    if PB is not None:
        PBr = PB[rows]
        if baseline_thresholds is None:
            baseline_thresholds = {role: threshold_max_f1(Yr[:, r], PBr[:, r]) for r, role in enumerate(roles)}
        metrics["baseline_thresholds"] = {r: round(float(baseline_thresholds[r]), 6) for r in roles}
        metrics["baseline"] = metrics_block(Yr, PBr, roles, baseline_thresholds, n_bootstrap, seed)
    if holdout is not None:
        metrics["targets"] = targets_met(metrics["roles"])
    return Outcome(name, metrics, tuple(roles), rows, Yr, Pr, None if PB is None else PB[rows])
