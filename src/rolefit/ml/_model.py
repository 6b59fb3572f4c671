"""The trained model value and the decision rule: light (numpy only, no scikit-learn), so
that scoring with a linear model never imports scikit-learn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from rolefit.ml._additive import LinearDecomposition
from rolefit.schema import LABELS

if TYPE_CHECKING:  # pragma: no cover
    from sklearn.pipeline import Pipeline

#: Boosting iterations of the gradient-boosted trees (``default_classifier(kind="trees")``).
DEFAULT_MAX_ITER = 150
#: Inverse L2 strength of the default logistic regression. Chosen on grouped 5-fold CV of
#: the training corpora with the out-of-domain set as tie-breaker: 0.1 gave in-distribution
#: ROC-AUC within 0.004 of C=0.3 and ECE <= 0.017, with the better out-of-domain ROC-AUC.
DEFAULT_C = 0.1
#: Calibration of each role's classifier (``CalibratedClassifierCV`` ``method``): Platt
#: scaling keeps the log-odds linear, hence exactly additive; see benchmarks/model_families.py.
DEFAULT_CALIBRATION = "sigmoid"
#: Half-width of the review band around each role's threshold (see :func:`label_for`).
DEFAULT_REVIEW_BAND = 0.1
#: Monotonicity mode of the estimator (see :func:`rolefit.ml.monotonic_constraints`).
DEFAULT_MONOTONIC = "profiles"
#: Calibration and evaluation folds.
DEFAULT_N_SPLITS = 5

#: Called as ``progress(stage, step, total)`` while training, e.g.
#: ``progress("cross-validation", 2, 5)``.
Progress = Callable[[str, int, int], None]


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
    additive : LinearDecomposition or None
        The estimator's exact additive form (:func:`rolefit.ml.decomposition_of`), when it
        has one. A model loaded for scoring only (``load_model(..., estimator=False)``) has
        ``estimator=None`` and predicts from this, without importing scikit-learn.
    """

    estimator: Pipeline | None
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
    additive: LinearDecomposition | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.estimator is None and self.additive is None:
            raise ValueError("A TrainedModel needs an estimator or its additive form.")
        object.__setattr__(self, "roles", tuple(self.roles))
        object.__setattr__(self, "thresholds", MappingProxyType({r: float(self.thresholds[r]) for r in self.roles}))
        if not 0.0 <= float(self.review_band) <= 0.5:
            raise ValueError(f"review_band must be in [0, 0.5], got {self.review_band!r}.")

    @property
    def concept_ids(self) -> tuple[str, ...]:
        """The concept columns the estimator reads."""
        if self.estimator is None:
            return tuple(self.additive.concept_ids.tolist())
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
    if model.estimator is None:  # scoring-only load: the exact additive form of the estimator
        d = model.additive
        return d.proba(d.matrix(list(evidence))) if len(evidence) else np.zeros((0, len(model.roles)))
    from rolefit.ml._estimator import estimator_proba  # lazy: scikit-learn, only for a full model

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
