"""Build, fit and apply the role estimator (the scikit-learn half; no spaCy, no I/O).

The estimator is a scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    ConceptVectorizer(taxonomy.concept_ids)       evidence mappings -> (n, n_concepts)
    FeatureUnion(concepts, similarity, groups, kinds)   see rolefit.ml._features
    MultiOutputClassifier(                         one calibrated probability per role
        CalibratedClassifierCV(<classifier>, method=..., cv=n_splits, ensemble=False))

``classifier`` is pluggable (:func:`make_estimator`); the default is documented there.

Default classifier (since 0.2): a monotone-constrained L2 logistic regression per role with
Platt (sigmoid) calibration, so each role's log-odds are an exact sum of per-concept terms
(:func:`rolefit.ml.decomposition_of`). Monotone gradient-boosted trees with isotonic
calibration (0.1) remain available as ``default_classifier(taxonomy, kind="trees")``.

Calibration folds. :func:`fit_estimator` fits with folds grouped on the corpus's
duplicate groups (:class:`~sklearn.model_selection.StratifiedGroupKFold`, stratified on
the label combination) so that near-duplicate CVs never sit on both sides of a
calibration split. The folds are passed for the duration of the fit only: the fitted
estimator keeps the plain ``cv=n_splits`` hyper-parameter, so ``clone(estimator).fit``
works on any other data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from rolefit.errors import CorpusTooSmallError
from rolefit.ml._features import (
    ConceptVectorizer,
    Interaction,
    build_feature_union,
    monotonic_constraints,
)
from rolefit.ml._linear import MonotoneLogisticRegression
from rolefit.ml._model import (
    DEFAULT_C,
    DEFAULT_CALIBRATION,
    DEFAULT_MAX_ITER,
    DEFAULT_MONOTONIC,
    DEFAULT_N_SPLITS,
)




_THREADPOOLS: list[ThreadpoolController] = []


def _single_threaded() -> Any:
    """Context manager running OpenMP and BLAS on one thread.

    The matrices here are small (thousands of rows, hundreds of columns): threads cost more
    than they save, and when other processes compete for the cores their spin-waiting makes
    fits an order of magnitude slower (measured on 2 shared cores: gradient-boosted trees on
    1,700 x 460, 1.7 s per fit single-threaded vs 21.7 s with two contended threads; the
    logistic regression on 3,300 x 800, 0.1 s vs 3.3 s). The previous limits are restored
    on exit.
    """
    if not _THREADPOOLS:
        _THREADPOOLS.append(ThreadpoolController())
    return _THREADPOOLS[0].limit(limits=1)


def default_classifier(
    taxonomy: Any,
    *,
    kind: str = "linear",
    seed: int = 0,
    max_iter: int = DEFAULT_MAX_ITER,
    monotonic: str = DEFAULT_MONOTONIC,
    C: float = DEFAULT_C,
    interactions: Sequence[Interaction] = (),
) -> Any:
    """A per-role classifier constrained to the directional guarantees.

    Parameters
    ----------
    taxonomy : Taxonomy
        Fixes the monotonic constraints (:func:`rolefit.ml.monotonic_constraints`).
    kind : {"linear", "trees"}, default "linear"
        ``"linear"``: :class:`~rolefit.ml.MonotoneLogisticRegression` (``C``), the default
        since 0.2 -- exactly additive, so every role's log-odds decompose into per-concept
        terms (:mod:`rolefit.ml._contributions`). ``"trees"``: the 0.1 model,
        :class:`~sklearn.ensemble.HistGradientBoostingClassifier` (``seed``, ``max_iter``).
        The choice and its numbers are in ``benchmarks/model_families.py``.
    seed : int, default 0
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
        Boosting iterations of the trees.
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
    C : float, default :data:`DEFAULT_C`
        Inverse L2 strength of the logistic regression.
    interactions : sequence of Interaction, default ()
        The interaction columns of the feature union (constrained non-decreasing).

    Returns
    -------
    classifier
        Unfitted.
    """
    cst = monotonic_constraints(taxonomy, monotonic, interactions)
    if kind == "linear":
        return MonotoneLogisticRegression(C=C, monotonic_cst=cst)
    if kind == "trees":
        return HistGradientBoostingClassifier(
            learning_rate=0.1,
            max_iter=int(max_iter),
            max_leaf_nodes=15,
            min_samples_leaf=20,
            l2_regularization=1.0,
            monotonic_cst=cst,
            early_stopping=False,
            random_state=seed,
        )
    raise ValueError(f"kind must be 'linear' or 'trees', got {kind!r}.")


def make_estimator(
    taxonomy: Any,
    *,
    classifier: Any = None,
    seed: int = 0,
    max_iter: int = DEFAULT_MAX_ITER,
    n_splits: int = DEFAULT_N_SPLITS,
    monotonic: str = DEFAULT_MONOTONIC,
    calibration: str = DEFAULT_CALIBRATION,
    interactions: Sequence[Interaction] = (),
) -> Pipeline:
    """The unfitted role estimator for ``taxonomy``.

    Parameters
    ----------
    taxonomy : Taxonomy
        Duck-typed (``concept_ids``, ``concepts``, ``roles``, ``profile(role)``): fixes the
        concept columns, the role profiles and the group/kind counts.
    classifier : scikit-learn classifier, optional
        The per-role binary classifier, cloned once per role and calibrated. ``None``:
        :func:`default_classifier` (monotone logistic regression). Directional guarantees
        hold only for a classifier that is non-decreasing in the features constrained by
        :func:`rolefit.ml.monotonic_constraints` (both default kinds are); exact additive
        contributions need a linear one with sigmoid calibration.
    seed : int, default 0
        ``random_state`` of a tree classifier.
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
        Boosting iterations of a tree classifier.
    n_splits : int, default 5
        Calibration folds. :func:`fit_estimator` uses grouped folds for the duration of
        the fit; calling ``Pipeline.fit`` directly uses ungrouped stratified folds.
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
        Which directional guarantees the features and default classifier give; see
        :func:`rolefit.ml.monotonic_constraints`.
    calibration : {"sigmoid", "isotonic", "temperature"}, default :data:`DEFAULT_CALIBRATION`
        ``method`` of :class:`~sklearn.calibration.CalibratedClassifierCV`.
    interactions : sequence of :class:`~rolefit.ml.Interaction`, default ()
        Interaction terms added to the features (:mod:`rolefit.ml._interactions`), e.g.
        management evidence x IT-context evidence; their contributions are split exactly
        among their concepts. A ``classifier`` passed in must then take the extra columns
        (the default one is built with matching constraints). The bundled model uses none.

    Returns
    -------
    Pipeline
        Steps ``concepts`` (:class:`~rolefit.ml.ConceptVectorizer`), ``features``
        (:func:`~rolefit.ml.build_feature_union`) and ``classifier``
        (:class:`~sklearn.multioutput.MultiOutputClassifier` of
        :class:`~sklearn.calibration.CalibratedClassifierCV`). ``fit(evidence, Y)`` takes
        evidence mappings and a 0/1 label matrix of shape (n, n_roles); the probability of
        role ``r`` is ``predict_proba(evidence)[r][:, 1]``.
    """
    if classifier is None:
        classifier = default_classifier(
            taxonomy, seed=seed, max_iter=max_iter, monotonic=monotonic, interactions=interactions
        )
    calibrated = CalibratedClassifierCV(classifier, method=calibration, cv=int(n_splits), ensemble=False)
    return Pipeline(
        [
            ("concepts", ConceptVectorizer(concept_ids=np.asarray(taxonomy.concept_ids, dtype=str))),
            ("features", build_feature_union(taxonomy, monotonic=monotonic, interactions=interactions)),
            ("classifier", MultiOutputClassifier(calibrated)),
        ]
    )


def stratify_codes(Y: np.ndarray, n_splits: int) -> np.ndarray:
    """One stratification class per row: its combination of role labels.

    Combinations with fewer than ``n_splits`` rows are merged into the most frequent
    combination (stratifying on them is impossible anyway).

    Parameters
    ----------
    Y : ndarray of shape (n, n_roles), 0/1
    n_splits : int

    Returns
    -------
    ndarray of int, shape (n,)
    """
    Y = np.asarray(Y)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    _, codes, counts = np.unique(Y.astype(np.int64), axis=0, return_inverse=True, return_counts=True)
    codes = codes.reshape(-1)
    rare = counts < n_splits
    if rare.any():
        codes = np.where(rare[codes], int(np.argmax(counts)), codes)
    return codes


def grouped_splits(
    Y: np.ndarray,
    groups: Sequence[Any],
    *,
    n_splits: int = DEFAULT_N_SPLITS,
    seed: int = 0,
    roles: Sequence[str] | None = None,
    where: str | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Grouped, stratified folds.

    Parameters
    ----------
    Y : ndarray of shape (n, n_roles), 0/1
        Label matrix; rows are stratified on their label combination.
    groups : sequence of length n
        Group id per row (near-duplicates share one); no group straddles two folds.
    n_splits : int, default 5
    seed : int, default 0
    roles : sequence of str, optional
        Names of the columns of ``Y``, for error messages.
    where : str, optional
        What these rows are, for error messages (e.g. "the development split (24 of 30
        rows; ...)"); default "these N rows".

    Returns
    -------
    list of (train_index, test_index)
        ``n_splits`` pairs of int arrays, from
        ``StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)``.

    Raises
    ------
    CorpusTooSmallError
        If there are fewer groups than ``n_splits`` (RF210), or a role has fewer than
        ``n_splits`` positive or negative rows (RF209).
    """
    Y = np.asarray(Y)
    groups = np.asarray(groups)
    if where is None:
        where = f"these {len(Y)} rows"
    n_groups = np.unique(groups).size
    if n_groups < n_splits:
        raise CorpusTooSmallError(
            "RF210", where=where, n_groups=n_groups, n_splits=n_splits, fix="Add labelled documents."
        )
    Y2 = Y.reshape(len(Y), -1)
    for r in range(Y2.shape[1]):
        pos = int(Y2[:, r].sum())
        if min(pos, len(Y2) - pos) < n_splits:
            name = roles[r] if roles is not None and r < len(roles) else f"column {r}"
            raise CorpusTooSmallError(
                "RF209", role=name, positives=pos, negatives=len(Y2) - pos, where=where,
                n_splits=n_splits, fix="Add labelled rows of that role (positive and negative ones).",
            )
    codes = stratify_codes(Y2, n_splits)
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in cv.split(np.zeros((len(codes), 1)), codes, groups)]


#: The parameter of a :func:`make_estimator` pipeline that holds its calibration folds (``cv``).
_CALIBRATION_CV = "classifier__estimator__cv"


def calibration_folds(estimator: Pipeline) -> int:
    """How many calibration folds ``estimator`` (from :func:`make_estimator`) is set to:
    its ``cv`` when that is an int, else :data:`DEFAULT_N_SPLITS`."""
    n = estimator.get_params().get(_CALIBRATION_CV, DEFAULT_N_SPLITS)
    return n if isinstance(n, int) else DEFAULT_N_SPLITS


def fit_estimator(
    estimator: Pipeline,
    evidence: Sequence[Mapping[str, float]],
    Y: np.ndarray,
    groups: Sequence[Any],
    *,
    seed: int = 0,
    sample_weight: np.ndarray | None = None,
    roles: Sequence[str] | None = None,
    where: str | None = None,
) -> Pipeline:
    """Fit ``estimator`` with grouped calibration folds built from these rows.

    Parameters
    ----------
    estimator : Pipeline
        From :func:`make_estimator`; fitted in place.
    evidence : sequence of mapping
        One evidence mapping per row (:func:`rolefit.ml.concept_evidence`).
    Y : ndarray of shape (n, n_roles), 0/1
    groups : sequence of length n
    seed : int, default 0
        Shuffles the calibration folds.
    sample_weight : ndarray of shape (n,), optional
        Per-row weights of the fit and of the calibration (e.g. :func:`rolefit.training.corpus_weights`);
        None weighs every row 1.
    roles, where : optional
        Role names and what these rows are, for the error messages of :func:`grouped_splits`.

    Returns
    -------
    Pipeline
        ``estimator``, fitted.
    """
    Y = np.asarray(Y, dtype=np.int64)
    key = _CALIBRATION_CV
    n_splits = calibration_folds(estimator)
    splits = grouped_splits(Y, groups, n_splits=n_splits, seed=seed, roles=roles, where=where)
    estimator.set_params(**{key: splits})
    try:
        with _single_threaded():
            if sample_weight is None:
                estimator.fit(list(evidence), Y)
            else:
                estimator.fit(list(evidence), Y, classifier__sample_weight=np.asarray(sample_weight, dtype=np.float64))
    finally:
        # the folds belong to this fit, not to the estimator's configuration
        estimator.set_params(**{key: n_splits})
        for fitted in getattr(estimator.named_steps["classifier"], "estimators_", []):
            fitted.set_params(cv=n_splits)
    return estimator


def estimator_proba(estimator: Pipeline, evidence: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Probability per role from a fitted estimator, shape (n, n_roles), in [0, 1]."""
    docs = list(evidence)
    if not docs:
        n_roles = len(estimator.named_steps["classifier"].estimators_)
        return np.zeros((0, n_roles), dtype=np.float64)
    with _single_threaded():
        per_role = estimator.predict_proba(docs)
    if isinstance(per_role, np.ndarray):  # a single-output classifier
        per_role = [per_role]
    out = np.column_stack([p[:, 1] for p in per_role]).astype(np.float64)
    return np.clip(out, 0.0, 1.0)


def _label_balance(Y: np.ndarray, roles: Sequence[str]) -> dict[str, dict[str, float]]:
    n = max(len(Y), 1)
    return {
        r: {"positives": int(Y[:, i].sum()), "share": round(float(Y[:, i].sum()) / n, 6)}
        for i, r in enumerate(roles)
    }
