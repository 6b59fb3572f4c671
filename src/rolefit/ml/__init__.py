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
``_interactions``
    :class:`Interaction` (a "management AND IT context" term) and its transformer
    :class:`InteractionTerms`; exact attribution of the product to its concepts.
``_estimator``, ``_linear``, ``_contributions``
    :func:`make_estimator` (pluggable ``classifier``; default
    :class:`MonotoneLogisticRegression` + sigmoid calibration), :func:`fit_estimator`,
    :func:`decomposition_of` (exact per-concept log-odds terms),
    :func:`grouped_splits`, :class:`TrainedModel`, :func:`label_for`.
``_metrics``
    :func:`expected_calibration_error`, :func:`threshold_max_f1`, :func:`role_metrics`,
    :func:`bootstrap_intervals`.
``_evaluation``, ``_plots``
    :func:`run_evaluation` (cross-validation over precomputed evidence),
    :func:`build_baseline`, :func:`write_report`.
"""

from __future__ import annotations

from rolefit._lazy import lazy_names

# public name -> private module. Resolved lazily (PEP 562) so that scoring, which needs only
# the light modules (_evidence, _model, _additive), never imports scikit-learn or SciPy.
_LAZY = {
    "DEFAULT_C": "_model",
    "DEFAULT_CALIBRATION": "_model",
    "GROUP_TERMS": "_additive",
    "INTERACTION_TERM": "_additive",
    "Decomposed": "_additive",
    "LinearDecomposition": "_additive",
    "MonotoneLogisticRegression": "_linear",
    "decomposition_of": "_contributions",
    "DEFAULT_MAX_ITER": "_model",
    "DEFAULT_MONOTONIC": "_model",
    "DEFAULT_N_SPLITS": "_model",
    "DEFAULT_REVIEW_BAND": "_model",
    "METRICS": "_metrics",
    "MONOTONIC_MODES": "_features",
    "SECTION_WEIGHTS": "_evidence",
    "TARGETS": "_metrics",
    "ConceptVectorizer": "_features",
    "GroupCounts": "_features",
    "Interaction": "_interactions",
    "InteractionTerms": "_interactions",
    "Outcome": "_evaluation",
    "ProfileSimilarity": "_features",
    "TrainedModel": "_model",
    "bootstrap_intervals": "_metrics",
    "build_baseline": "_evaluation",
    "build_feature_union": "_features",
    "calibration_folds": "_estimator",
    "concept_evidence": "_evidence",
    "default_classifier": "_estimator",
    "estimator_proba": "_estimator",
    "evidence_many": "_evidence",
    "expected_calibration_error": "_metrics",
    "fit_estimator": "_estimator",
    "grouped_splits": "_estimator",
    "label_for": "_model",
    "make_estimator": "_estimator",
    "class_counts": "_metrics",
    "metrics_block": "_metrics",
    "monotonic_constraints": "_features",
    "n_union_features": "_features",
    "predict_proba": "_model",
    "profile_concepts": "_features",
    "profile_weight_matrix": "_features",
    "role_metrics": "_metrics",
    "run_evaluation": "_evaluation",
    "stratify_codes": "_estimator",
    "summarize": "_metrics",
    "targets_met": "_metrics",
    "threshold_max_f1": "_metrics",
    "write_report": "_plots",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(globals(), _LAZY, __all__)
