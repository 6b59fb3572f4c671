"""Build, fit and apply the role estimator (the scikit-learn half; no spaCy, no I/O).

The estimator is a scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    ConceptVectorizer(taxonomy.concept_ids)       evidence mappings -> (n, n_concepts)
    FeatureUnion(concepts, similarity, groups, kinds)   see rolefit.ml._features
    MultiOutputClassifier(                         one calibrated probability per role
        CalibratedClassifierCV(<classifier>, method=..., cv=n_splits, ensemble=False))

``classifier`` is pluggable (:func:`make_estimator`); the default is documented there.

Calibration folds. :func:`fit_estimator` fits with folds grouped on the corpus's
duplicate groups (:class:`~sklearn.model_selection.StratifiedGroupKFold`, stratified on
the label combination) so that near-duplicate CVs never sit on both sides of a
calibration split. The folds are passed for the duration of the fit only: the fitted
estimator keeps the plain ``cv=n_splits`` hyper-parameter, so ``clone(estimator).fit``
works on any other data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from rolefit.errors import CorpusError
from rolefit.ml._features import (
    ConceptVectorizer,
    build_feature_union,
    monotonic_constraints,
)
from rolefit.schema import LABELS

#: Boosting iterations of each role's gradient-boosted trees.
DEFAULT_MAX_ITER = 150
#: Half-width of the review band around each role's threshold (see :func:`label_for`).
DEFAULT_REVIEW_BAND = 0.1
#: Monotonicity mode of the estimator (see :func:`rolefit.ml.monotonic_constraints`).
DEFAULT_MONOTONIC = "profiles"
#: Calibration and evaluation folds.
DEFAULT_N_SPLITS = 5

#: Called as ``progress(stage, step, total)`` while training, e.g.
#: ``progress("cross-validation", 2, 5)``.
Progress = Callable[[str, int, int], None]


_THREADPOOLS: list[ThreadpoolController] = []


def _single_threaded() -> Any:
    """Context manager running OpenMP (the gradient-boosted trees) on one thread.

    The matrices here are small (thousands of rows, hundreds of columns): OpenMP threads
    cost more than they save, and when other processes compete for the cores their
    spin-waiting makes fits an order of magnitude slower (measured on 2 cores, 1,700 x 460:
    1.7 s per fit single-threaded, 21.7 s with two contended threads). The previous limit
    is restored on exit.
    """
    if not _THREADPOOLS:
        _THREADPOOLS.append(ThreadpoolController())
    return _THREADPOOLS[0].limit(limits=1, user_api="openmp")


def default_classifier(taxonomy: Any, *, seed: int = 0, max_iter: int = DEFAULT_MAX_ITER,
                       monotonic: str = DEFAULT_MONOTONIC) -> Any:
    """The default per-role classifier: monotone-constrained gradient-boosted trees.

    Parameters
    ----------
    taxonomy : Taxonomy
        Fixes the monotonic constraints (:func:`rolefit.ml.monotonic_constraints`).
    seed : int, default 0
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`

    Returns
    -------
    HistGradientBoostingClassifier
        Unfitted.
    """
    return HistGradientBoostingClassifier(
        learning_rate=0.1,
        max_iter=int(max_iter),
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        monotonic_cst=monotonic_constraints(taxonomy, monotonic),
        early_stopping=False,
        random_state=seed,
    )


def make_estimator(
    taxonomy: Any,
    *,
    classifier: Any = None,
    seed: int = 0,
    max_iter: int = DEFAULT_MAX_ITER,
    n_splits: int = DEFAULT_N_SPLITS,
    monotonic: str = DEFAULT_MONOTONIC,
    calibration: str = "isotonic",
) -> Pipeline:
    """The unfitted role estimator for ``taxonomy``.

    Parameters
    ----------
    taxonomy : Taxonomy
        Duck-typed (``concept_ids``, ``concepts``, ``roles``, ``profile(role)``): fixes the
        concept columns, the role profiles and the group/kind counts.
    classifier : scikit-learn classifier, optional
        The per-role binary classifier, cloned once per role and calibrated. ``None``:
        :func:`default_classifier`. Directional guarantees hold only for a classifier that
        is non-decreasing in the features constrained by
        :func:`rolefit.ml.monotonic_constraints` (the default is).
    seed : int, default 0
        ``random_state`` of the default classifier.
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
        Boosting iterations of the default classifier (tests use a few).
    n_splits : int, default 5
        Calibration folds. :func:`fit_estimator` uses grouped folds for the duration of
        the fit; calling ``Pipeline.fit`` directly uses ungrouped stratified folds.
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
        Which directional guarantees the features and default classifier give; see
        :func:`rolefit.ml.monotonic_constraints`.
    calibration : {"isotonic", "sigmoid"}, default "isotonic"
        ``method`` of :class:`~sklearn.calibration.CalibratedClassifierCV`.

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
        classifier = default_classifier(taxonomy, seed=seed, max_iter=max_iter, monotonic=monotonic)
    calibrated = CalibratedClassifierCV(classifier, method=calibration, cv=int(n_splits), ensemble=False)
    return Pipeline(
        [
            ("concepts", ConceptVectorizer(concept_ids=np.asarray(taxonomy.concept_ids, dtype=str))),
            ("features", build_feature_union(taxonomy, monotonic=monotonic)),
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

    Returns
    -------
    list of (train_index, test_index)
        ``n_splits`` pairs of int arrays, from
        ``StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)``.

    Raises
    ------
    CorpusError
        If there are fewer groups than ``n_splits``, or a role has fewer than ``n_splits``
        positive or negative rows.
    """
    Y = np.asarray(Y)
    groups = np.asarray(groups)
    n_groups = np.unique(groups).size
    if n_groups < n_splits:
        raise CorpusError(
            f"The corpus has {n_groups} distinct document group(s), fewer than the "
            f"{n_splits} folds needed for grouped cross-validation and calibration. "
            "Add labelled documents."
        )
    Y2 = Y.reshape(len(Y), -1)
    for r in range(Y2.shape[1]):
        pos = int(Y2[:, r].sum())
        if min(pos, len(Y2) - pos) < n_splits:
            name = repr(roles[r]) if roles is not None and r < len(roles) else f"column {r}"
            raise CorpusError(
                f"Role {name} has {pos} positive and {len(Y2) - pos} negative row(s); "
                f"grouped {n_splits}-fold calibration needs at least {n_splits} of each. "
                "Add labelled documents for that role."
            )
    codes = stratify_codes(Y2, n_splits)
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in cv.split(np.zeros((len(codes), 1)), codes, groups)]


def fit_estimator(
    estimator: Pipeline,
    evidence: Sequence[Mapping[str, float]],
    Y: np.ndarray,
    groups: Sequence[Any],
    *,
    seed: int = 0,
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

    Returns
    -------
    Pipeline
        ``estimator``, fitted.
    """
    Y = np.asarray(Y, dtype=np.int64)
    key = "classifier__estimator__cv"
    n_splits = estimator.get_params().get(key, DEFAULT_N_SPLITS)
    if not isinstance(n_splits, int):
        n_splits = DEFAULT_N_SPLITS
    splits = grouped_splits(Y, groups, n_splits=n_splits, seed=seed)
    estimator.set_params(**{key: splits})
    try:
        with _single_threaded():
            estimator.fit(list(evidence), Y)
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


@dataclass(frozen=True)
class TrainedModel:
    """A fitted role estimator with everything needed to use and audit it.

    Attributes
    ----------
    estimator : Pipeline
        From :func:`make_estimator`, fitted on the whole corpus.
    roles : tuple of str
        Role ids, in the estimator's output order.
    thresholds : Mapping[str, float]
        Role -> probability threshold in [0, 1], chosen to maximise F1 on grouped
        out-of-fold predictions of the development split (see :func:`train`).
    review_band : float
        Half-width of the band around each threshold labelled ``review``.
    taxonomy_fingerprint : str
        :meth:`Taxonomy.fingerprint` of the taxonomy the model was trained with.
    corpus : Mapping[str, Any]
        ``sha256``, ``file`` (name only), ``n_rows``, ``n_groups``, ``n_dev_rows``,
        ``n_test_rows``, ``label_balance`` (role -> positives and share) and ``duplicates``
        (the corpus's duplicate report) of the training corpus.
    seed : int
    metrics : Mapping[str, Any]
        ``holdout`` and ``cv`` blocks from :mod:`rolefit.ml` (evaluation engine).
    versions : Mapping[str, str]
        :func:`library_versions` at training time.
    model_id : str or None
        Set when the model is saved (see :func:`rolefit.artifacts.save_model`).
    monotonic : str
        The estimator's monotonicity mode (:func:`rolefit.ml.monotonic_constraints`).
    """

    estimator: Pipeline
    roles: tuple[str, ...]
    thresholds: Mapping[str, float]
    review_band: float = DEFAULT_REVIEW_BAND
    taxonomy_fingerprint: str = ""
    corpus: Mapping[str, Any] = field(default_factory=dict)
    seed: int = 0
    metrics: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    model_id: str | None = None
    monotonic: str = DEFAULT_MONOTONIC

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", tuple(self.roles))
        object.__setattr__(self, "thresholds", MappingProxyType({r: float(self.thresholds[r]) for r in self.roles}))
        if not 0.0 <= float(self.review_band) <= 0.5:
            raise ValueError(f"review_band must be in [0, 0.5], got {self.review_band!r}.")

    @property
    def concept_ids(self) -> tuple[str, ...]:
        """The concept columns the estimator reads."""
        return tuple(self.estimator.named_steps["concepts"].concept_ids_.tolist())

    def predict_proba(self, evidence: Sequence[Mapping[str, float]]) -> np.ndarray:
        """See :func:`predict_proba`."""
        return predict_proba(self, evidence)

    def labels(self, probabilities: np.ndarray) -> list[dict[str, str]]:
        """Label per role for each row of ``probabilities`` (shape (n, n_roles))."""
        P = np.asarray(probabilities, dtype=np.float64).reshape(-1, len(self.roles))
        return [
            {r: label_for(p[i], self.thresholds[r], self.review_band) for i, r in enumerate(self.roles)}
            for p in P
        ]


def predict_proba(model: TrainedModel, evidence: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Calibrated probability per role.

    Parameters
    ----------
    model : TrainedModel
    evidence : sequence of mapping of str to float
        One concept evidence mapping per document (:func:`rolefit.ml.concept_evidence`);
        concepts the model does not know are ignored.

    Returns
    -------
    ndarray of float64, shape (n_docs, n_roles)
        Values in [0, 1]; column ``r`` is role ``model.roles[r]``.
    """
    return estimator_proba(model.estimator, evidence)


def label_for(probability: float, threshold: float, band: float = DEFAULT_REVIEW_BAND) -> str:
    """The decision label of one probability.

    Rule: ``fit`` if ``p >= min(t + b, 1)``; ``no_fit`` if ``p < max(t - b, 0)``;
    ``review`` otherwise. So a probability within ``b`` of the threshold ``t`` always
    goes to a human, and ``b = 0`` gives the plain ``p >= t`` rule.

    Parameters
    ----------
    probability : float in [0, 1]
    threshold : float in [0, 1]
    band : float in [0, 0.5], default 0.1

    Returns
    -------
    str
        One of :data:`rolefit.schema.LABELS`.
    """
    p, t, b = float(probability), float(threshold), float(band)
    if not (0.0 <= t <= 1.0 and 0.0 <= b <= 0.5):
        raise ValueError(f"threshold must be in [0, 1] and band in [0, 0.5], got {t!r}, {b!r}.")
    if p >= min(t + b, 1.0):
        return LABELS[2]
    if p < max(t - b, 0.0):
        return LABELS[0]
    return LABELS[1]


def _label_balance(Y: np.ndarray, roles: Sequence[str]) -> dict[str, dict[str, float]]:
    n = max(len(Y), 1)
    return {
        r: {"positives": int(Y[:, i].sum()), "share": round(float(Y[:, i].sum()) / n, 6)}
        for i, r in enumerate(roles)
    }
