"""The scikit-learn half of rolefit: features, the role estimator, metrics, evaluation.

Input is plain data (concept evidence mappings built from
:class:`~rolefit.schema.SkillMention` values); this package never imports spaCy,
:mod:`rolefit.nlp`, :mod:`rolefit.corpus` or :mod:`rolefit.artifacts`
(:mod:`rolefit.training` joins them).

Public names, by private module:

``_features``
    :func:`concept_evidence`, :func:`evidence_many`, :data:`SECTION_WEIGHTS`, the
    transformers :class:`ConceptVectorizer`, :class:`ProfileSimilarity`,
    :class:`GroupCounts`, :func:`build_feature_union`, :func:`monotonic_constraints`.
``_estimator``
    :func:`make_estimator` (pluggable ``classifier``), :func:`fit_estimator`,
    :func:`grouped_splits`, :class:`TrainedModel`, :func:`label_for`.
``_metrics``
    :func:`expected_calibration_error`, :func:`threshold_max_f1`, :func:`role_metrics`,
    :func:`bootstrap_intervals`.
``_evaluation``, ``_plots``
    :func:`run_evaluation` (cross-validation over precomputed evidence),
    :func:`build_baseline`, :func:`write_report`.
"""

from rolefit.ml._estimator import (
    DEFAULT_MAX_ITER,
    DEFAULT_MONOTONIC,
    DEFAULT_N_SPLITS,
    DEFAULT_REVIEW_BAND,
    TrainedModel,
    default_classifier,
    estimator_proba,
    fit_estimator,
    grouped_splits,
    label_for,
    make_estimator,
    predict_proba,
    stratify_codes,
)
from rolefit.ml._evaluation import Outcome, build_baseline, run_evaluation
from rolefit.ml._features import (
    MONOTONIC_MODES,
    SECTION_WEIGHTS,
    ConceptVectorizer,
    GroupCounts,
    ProfileSimilarity,
    build_feature_union,
    concept_evidence,
    evidence_many,
    monotonic_constraints,
    n_union_features,
    profile_concepts,
    profile_weight_matrix,
)
from rolefit.ml._metrics import (
    METRICS,
    TARGETS,
    bootstrap_intervals,
    expected_calibration_error,
    metrics_block,
    role_metrics,
    summarize,
    targets_met,
    threshold_max_f1,
)
from rolefit.ml._plots import write_report

__all__ = [
    "DEFAULT_MAX_ITER",
    "DEFAULT_MONOTONIC",
    "DEFAULT_N_SPLITS",
    "DEFAULT_REVIEW_BAND",
    "METRICS",
    "MONOTONIC_MODES",
    "SECTION_WEIGHTS",
    "TARGETS",
    "ConceptVectorizer",
    "GroupCounts",
    "Outcome",
    "ProfileSimilarity",
    "TrainedModel",
    "bootstrap_intervals",
    "build_baseline",
    "build_feature_union",
    "concept_evidence",
    "default_classifier",
    "estimator_proba",
    "evidence_many",
    "expected_calibration_error",
    "fit_estimator",
    "grouped_splits",
    "label_for",
    "make_estimator",
    "metrics_block",
    "monotonic_constraints",
    "n_union_features",
    "predict_proba",
    "profile_concepts",
    "profile_weight_matrix",
    "role_metrics",
    "run_evaluation",
    "stratify_codes",
    "summarize",
    "targets_met",
    "threshold_max_f1",
    "write_report",
]
