"""Build, fit and train the role estimator.

The estimator is a scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    ConceptVectorizer(taxonomy.concept_ids)       evidence mappings -> (n, n_concepts)
    FeatureUnion(concepts, similarity, groups, kinds)   see rolefit.features
    MultiOutputClassifier(                         one calibrated probability per role
        CalibratedClassifierCV(
            HistGradientBoostingClassifier(monotonic_cst=...),
            method="isotonic", cv=<grouped folds>, ensemble=False))

Directional guarantees. Every feature is non-decreasing in every concept's evidence,
the gradient-boosted trees are constrained to be non-decreasing in (almost) every
feature, and the isotonic calibrator applied to their output is non-decreasing. With
``monotonic="all"`` every role's probability is non-decreasing in every concept's
evidence; with ``monotonic="profiles"`` (the default) in the evidence of every concept
weighted in some role profile, while other concepts act through their presence only and
may lower a probability (see :func:`rolefit.features.monotonic_constraints`). Either
way, with :func:`rolefit.features.concept_evidence`: a negated or repeated mention
changes nothing, moving a skill to the hobbies never raises a probability, and adding a
profile skill never lowers one.

Calibration (``ensemble=False``): per role, one tree model is fitted on all training
rows and an isotonic calibrator on its grouped out-of-fold predictions. The folds are
grouped (:class:`~sklearn.model_selection.StratifiedGroupKFold` on the corpus's
duplicate groups, stratified on the combination of role labels) so that near-duplicate
CVs never sit on both sides of a calibration split; they depend on the training rows, so
:func:`fit_estimator` builds them at fit time. Measured on the Djinni corpus (grouped
5-fold CV, seed 0), ``ensemble=False`` matched the 5-model ensemble's ROC-AUC to 3
decimals with lower ECE (0.011/0.010 vs 0.016/0.018), and stores 2 tree models instead
of 10 (smaller files, faster loading and scoring).

This module never imports spaCy; :func:`train` imports :mod:`rolefit.nlp` lazily, only
when it must extract mentions itself.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
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
from rolefit.features import ConceptVectorizer, build_feature_union, evidence_many, monotonic_constraints
from rolefit.schema import LABELS, SkillMention

__all__ = [
    "DEFAULT_MAX_ITER",
    "DEFAULT_REVIEW_BAND",
    "TrainedModel",
    "build_estimator",
    "fit_estimator",
    "grouped_splits",
    "stratify_codes",
    "estimator_proba",
    "predict_proba",
    "label_for",
    "train",
    "library_versions",
    "train_and_save",
]

#: Boosting iterations of each role's gradient-boosted trees.
DEFAULT_MAX_ITER = 150
#: Half-width of the review band around each role's threshold (see :func:`label_for`).
DEFAULT_REVIEW_BAND = 0.1
#: Monotonicity mode of the estimator (see :func:`rolefit.features.monotonic_constraints`).
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


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on (spaCy's read from metadata, not imported)."""

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    from rolefit import __version__

    return {
        "rolefit": __version__,
        "scikit-learn": version("scikit-learn"),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "skops": version("skops"),
        "spacy": version("spacy"),
        "python": platform.python_version(),
    }


def build_estimator(
    taxonomy: Any,
    *,
    seed: int = 0,
    max_iter: int = DEFAULT_MAX_ITER,
    n_splits: int = DEFAULT_N_SPLITS,
    monotonic: str = DEFAULT_MONOTONIC,
) -> Pipeline:
    """The unfitted role estimator for ``taxonomy``.

    Parameters
    ----------
    taxonomy : Taxonomy
        Fixes the concept columns, the role profiles and the group/kind counts.
    seed : int, default 0
        ``random_state`` of the gradient-boosted trees.
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
        Boosting iterations per role and calibration fold (tests use a few).
    n_splits : int, default 5
        Calibration folds. :func:`fit_estimator` replaces the plain ``cv=n_splits`` by
        grouped folds; calling ``Pipeline.fit`` directly uses ungrouped stratified folds.
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
        Which directional guarantees the trees are constrained to give; see
        :func:`rolefit.features.monotonic_constraints`.

    Returns
    -------
    Pipeline
        Steps ``concepts`` (:class:`~rolefit.features.ConceptVectorizer`), ``features``
        (:func:`~rolefit.features.build_feature_union`) and ``classifier``
        (:class:`~sklearn.multioutput.MultiOutputClassifier` of
        :class:`~sklearn.calibration.CalibratedClassifierCV`). ``fit(evidence, Y)`` takes
        evidence mappings and a 0/1 label matrix of shape (n, n_roles); the probability of
        role ``r`` is ``predict_proba(evidence)[r][:, 1]``.
    """
    trees = HistGradientBoostingClassifier(
        learning_rate=0.1,
        max_iter=int(max_iter),
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        monotonic_cst=monotonic_constraints(taxonomy, monotonic),
        early_stopping=False,
        random_state=seed,
    )
    calibrated = CalibratedClassifierCV(trees, method="isotonic", cv=int(n_splits), ensemble=False)
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
        From :func:`build_estimator`; fitted in place.
    evidence : sequence of mapping
        One evidence mapping per row (:func:`rolefit.features.concept_evidence`).
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
    n_splits = estimator.get_params().get("classifier__estimator__cv", DEFAULT_N_SPLITS)
    if not isinstance(n_splits, int):
        n_splits = DEFAULT_N_SPLITS
    splits = grouped_splits(Y, groups, n_splits=n_splits, seed=seed)
    estimator.set_params(classifier__estimator__cv=splits)
    with _single_threaded():
        estimator.fit(list(evidence), Y)
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
        From :func:`build_estimator`, fitted on the whole corpus.
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
        ``holdout`` and ``cv`` blocks from :mod:`rolefit.evaluate`.
    versions : Mapping[str, str]
        :func:`library_versions` at training time.
    model_id : str or None
        Set when the model is saved (see :func:`rolefit.artifacts.save_model`).
    monotonic : str
        The estimator's monotonicity mode (:func:`rolefit.features.monotonic_constraints`).
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
        One concept evidence mapping per document (:func:`rolefit.features.concept_evidence`);
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


def _corpus_arrays(corpus: Any) -> tuple[list[str], np.ndarray, np.ndarray, tuple[str, ...]]:
    texts = list(corpus.texts)
    Y = np.asarray(corpus.label_matrix(), dtype=np.int64)
    groups = np.asarray(corpus.groups())
    roles = tuple(corpus.roles)
    if Y.shape != (len(texts), len(roles)) or len(groups) != len(texts):
        raise CorpusError(
            f"Corpus shapes disagree: {len(texts)} texts, label matrix {Y.shape} for roles "
            f"{roles}, {len(groups)} group ids."
        )
    return texts, Y, groups, roles


def _mentions_or_extract(
    mentions: Sequence[Sequence[SkillMention]] | None, texts: list[str], taxonomy: Any
) -> list[Sequence[SkillMention]]:
    if mentions is None:
        from rolefit.nlp import extract_skills_many  # lazy: the only spaCy entry point

        return list(extract_skills_many(texts, taxonomy=taxonomy))
    mentions = list(mentions)
    if len(mentions) != len(texts):
        raise ValueError(
            f"mentions has {len(mentions)} entries for {len(texts)} corpus rows; pass one "
            "tuple of SkillMention per row, in corpus order."
        )
    return mentions


def train(
    corpus: Any,
    *,
    taxonomy: Any = None,
    seed: int = 0,
    mentions: Sequence[Sequence[SkillMention]] | None = None,
    progress: Progress | None = None,
    review_band: float = DEFAULT_REVIEW_BAND,
    max_iter: int = DEFAULT_MAX_ITER,
    n_splits: int = DEFAULT_N_SPLITS,
    n_bootstrap: int = 1000,
    baseline: bool = True,
    report_dir: Any = None,
    monotonic: str = DEFAULT_MONOTONIC,
) -> TrainedModel:
    """Train, evaluate and threshold the role estimator on a labelled corpus.

    Steps (all splits grouped on ``corpus.groups()`` and stratified on the label
    combination, shuffled with ``seed``):

    1. Extract skill mentions (unless ``mentions`` is given) and build concept evidence.
    2. Hold out one grouped fold of ``n_splits`` (20 % for 5) as a test split; the rest is
       the development split.
    3. Grouped ``n_splits``-fold cross-validation on the development split gives
       out-of-fold probabilities: the ``cv`` metrics, and per role the threshold that
       maximises F1 on them (ties: the lowest such threshold).
    4. An estimator fitted on the development split is scored on the test split at those
       thresholds: the ``holdout`` metrics (nothing about the test split was used to fit,
       calibrate or threshold it).
    5. The returned estimator is fitted on the whole corpus and keeps the thresholds of
       step 3.

    With ``baseline=True`` a TF-IDF + logistic regression text baseline is evaluated on the
    same splits (see :func:`rolefit.evaluate.build_baseline`).

    Parameters
    ----------
    corpus : Corpus
        From :func:`rolefit.corpus.read_corpus`: ``texts``, ``roles``, ``label_matrix()``,
        ``groups()``, ``sha256``.
    taxonomy : Taxonomy, optional
        Defaults to :func:`rolefit.taxonomy.default_taxonomy`.
    seed : int, default 0
        Seeds every split, the trees and the bootstrap; same seed, same corpus, same
        library versions -> identical predictions.
    mentions : sequence of sequence of SkillMention, optional
        Precomputed mentions, one entry per corpus row (skips spaCy).
    progress : callable, optional
        Called as ``progress(stage, step, total)``.
    review_band : float, default 0.1
        See :func:`label_for`.
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
    n_splits : int, default 5
    n_bootstrap : int, default 1000
        Bootstrap resamples for the 95 % intervals of the metrics.
    baseline : bool, default True
    report_dir : path, optional
        Write the held-out and cross-validation reports there
        (:func:`rolefit.evaluate.write_report`: ``metrics.json``, plots, predictions).
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
        See :func:`rolefit.features.monotonic_constraints`.

    Returns
    -------
    TrainedModel

    Raises
    ------
    CorpusError
        If the corpus is too small to split into ``n_splits`` grouped folds with positives
        and negatives for every role.
    """
    from rolefit.evaluate import _run, write_report  # evaluate imports this module

    if taxonomy is None:
        from rolefit.taxonomy import default_taxonomy

        taxonomy = default_taxonomy()
    total = 5

    def report(stage: str, step: int) -> None:
        if progress is not None:
            progress(stage, step, total)

    texts, Y, groups, roles = _corpus_arrays(corpus)
    report("extracting skill mentions", 1)
    mentions = _mentions_or_extract(mentions, texts, taxonomy)
    evidence = evidence_many(mentions)

    def make() -> Pipeline:
        return build_estimator(taxonomy, seed=seed, max_iter=max_iter, n_splits=n_splits, monotonic=monotonic)

    common = dict(texts=texts if baseline else None, n_splits=n_splits, seed=seed, n_bootstrap=n_bootstrap)
    dev, test = grouped_splits(Y, groups, n_splits=n_splits, seed=seed, roles=roles)[0]
    report("cross-validation on the development split", 2)
    cv = _run("cv", make, evidence, Y, groups, roles, rows=dev, thresholds=None, **common)
    thresholds = dict(cv.metrics["thresholds"])
    report("held-out evaluation", 3)
    holdout = _run(
        "holdout", make, evidence, Y, groups, roles, rows=None, thresholds=thresholds,
        baseline_thresholds=cv.metrics.get("baseline_thresholds"), holdout=(dev, test),
        threshold_source=(
            "max-F1 on grouped out-of-fold predictions of the development split (disjoint from these rows)"
        ),
        **common,
    )
    if report_dir is not None:
        frame = getattr(corpus, "frame", None)
        ids = [str(i) for i in frame["id"]] if frame is not None and "id" in frame else None
        write_report(report_dir, [holdout, cv], ids=ids)
    report("fitting the final estimator", 4)
    estimator = fit_estimator(make(), evidence, Y, groups, seed=seed)
    report("done", 5)
    corpus_info = {
        "sha256": str(getattr(corpus, "sha256", "")),
        "file": Path(str(corpus.path)).name if getattr(corpus, "path", None) else "",
        "n_rows": len(texts),
        "n_groups": int(np.unique(groups).size),
        "n_dev_rows": int(len(dev)),
        "n_test_rows": int(len(test)),
        "label_balance": _label_balance(Y, roles),
    }
    dupes = getattr(corpus, "duplicate_report", None)
    if dupes is not None:
        corpus_info["duplicates"] = dupes.as_dict() if hasattr(dupes, "as_dict") else dict(dupes)
    return TrainedModel(
        estimator=estimator,
        roles=roles,
        thresholds=thresholds,
        review_band=review_band,
        taxonomy_fingerprint=taxonomy.fingerprint(),
        corpus=corpus_info,
        seed=seed,
        metrics={"holdout": holdout.metrics, "cv": cv.metrics},
        versions=library_versions(),
        monotonic=monotonic,
    )


def train_and_save(
    corpus_path: str | Path,
    output_dir: str | Path,
    *,
    mapping: str | Path | None = None,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
    overwrite: bool = False,
    report_dir: str | Path | None = None,
    n_bootstrap: int = 1000,
    monotonic: str = DEFAULT_MONOTONIC,
    max_iter: int = DEFAULT_MAX_ITER,
) -> TrainedModel:
    """Read a corpus, train on it with the bundled taxonomy, save the model directory.

    For ``rolefit train CORPUS --output DIR [--mapping FILE] [--seed N] [--force]
    [--report DIR]``.

    Parameters
    ----------
    corpus_path : path or sequence of paths
        A corpus :func:`rolefit.corpus.read_corpus` accepts, or several joined into one
        (:func:`rolefit.corpus.read_corpora`).
    output_dir : path
        The model directory to write (see :func:`rolefit.artifacts.save_model`).
    mapping : path, optional
        Label mapping passed to ``read_corpus``.
    seed : int, default 0
    progress : callable, optional
        ``progress(stage, step, total)``.
    overwrite : bool, default False
        Replace an existing model directory.
    report_dir : path, optional
        Also write ``metrics.json`` (the held-out and cross-validation metrics) there.
    n_bootstrap : int, default 1000
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
    max_iter : int, default :data:`DEFAULT_MAX_ITER`
        Boosting iterations (lower only for quick trial runs).

    Returns
    -------
    TrainedModel
        As saved, with ``model_id`` set.

    Raises
    ------
    CorpusError, ModelFileError
        From reading the corpus and saving the model.
    """
    from rolefit.artifacts import save_model
    from rolefit.corpus import read_corpora

    corpus = read_corpora(corpus_path, mapping=mapping)
    model = train(
        corpus,
        seed=seed,
        progress=progress,
        n_bootstrap=n_bootstrap,
        report_dir=report_dir,
        monotonic=monotonic,
        max_iter=max_iter,
    )
    return save_model(model, output_dir, overwrite=overwrite)
