"""Training and evaluation from a corpus: the one module that joins corpus, nlp, ml and artifacts.

:func:`train` extracts skill mentions (spaCy, via :mod:`rolefit.nlp`) unless they are
given, builds concept evidence, and runs the scikit-learn half (:mod:`rolefit.ml`):
grouped cross-validation on a development split, a held-out evaluation, thresholds and the
final fit. :func:`train_and_save` and :func:`evaluate_to_report` add reading the corpus
(:mod:`rolefit.corpus`) and the model directory (:mod:`rolefit.artifacts`) for the CLI.

Length: about 540 lines, most of it numpydoc of the public entry points (train,
train_and_save, evaluate, evaluate_holdout, evaluate_to_report), which share the corpus
helpers here; the array-level engine lives in :mod:`rolefit.ml`.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from rolefit.artifacts import (
    check_model_target,
    default_model_path,
    library_versions,
    load_model,
    pin_default_model,
    save_model,
)
# WEIGHTS (how rows weigh in a fit, default first) is rolefit.training.WEIGHTS too; it is defined
# with what each scheme does in rolefit.corpus.WEIGHT_SCHEMES, which the CLI reads without sklearn
from rolefit.corpus import WEIGHTS, read_corpora, read_corpus, weights_wording
from rolefit.errors import CorpusError, CorpusTooSmallError, Errors
from rolefit.ml import (
    DEFAULT_CALIBRATION,
    DEFAULT_MAX_ITER,
    DEFAULT_MONOTONIC,
    DEFAULT_N_SPLITS,
    DEFAULT_REVIEW_BAND,
    Outcome,
    TrainedModel,
    calibration_folds,
    class_counts,
    evidence_many,
    fit_estimator,
    grouped_splits,
    make_estimator,
    metrics_block,
    run_evaluation,
    summarize,
    targets_met,
    write_report,
)
from rolefit.ml._estimator import _label_balance
from rolefit.ml._model import Progress
from rolefit.ood import evaluate_ood
from rolefit.schema import Interaction, SkillMention
from rolefit.taxonomy import default_taxonomy, parse_interactions

__all__ = ["train", "train_and_save", "evaluate", "evaluate_holdout", "evaluate_to_report"]


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


def rows_needed(held_out: Sequence[int], calibration: int = DEFAULT_N_SPLITS) -> int:
    """About how many positive and negative rows per role a corpus needs for grouped folds.

    Each level in ``held_out`` sets one fold of ``k`` aside (``train``: a held-out test fold
    of ``n_splits``, then the validation fold of each ``n_splits``-fold cross-validation on
    the rest), taking up to ``ceil(n / k)`` of a role's ``n`` rows, and the innermost fit's
    calibration needs ``calibration`` of each. Groups of near-duplicates can raise it.

    >>> rows_needed([5, 5], 5)   # rolefit train
    9
    >>> rows_needed([5], 5)      # rolefit evaluate
    7
    """
    need = int(calibration)
    for k in reversed(list(held_out)):
        n = need
        while n - math.ceil(n / k) < need:
            n += 1
        need = n
    return need


class _CorpusSizeHint:
    """Context manager (reusable) turning a fold-level RF209/RF210 into one that also says
    what the whole corpus needs."""

    def __init__(self, Y: np.ndarray, roles: Sequence[str], need: int, what: str) -> None:
        self.Y, self.roles, self.need, self.what = Y, list(roles), need, what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if not isinstance(exc, CorpusTooSmallError):
            return None
        need, what = self.need, self.what
        if exc.code == "RF209":
            role = exc.fields["role"]
            has = ""
            if role in self.roles:
                pos = int(self.Y[:, self.roles.index(role)].sum())
                has = f" (this one has {pos} and {len(self.Y) - pos} for it)"
            fix = (f"Add labelled rows of that role: {what} needs at least about {need} positive and "
                   f"{need} negative rows of each role in the corpus{has}, more when near-duplicates "
                   "or shared groups keep rows together.")
        else:
            fix = f"Add labelled documents: {what} needs at least about {need} distinct ones."
        raise exc.with_fix(fix) from None


def corpus_weights(corpus: Any, how: str = "rows") -> tuple[np.ndarray | None, dict[str, Any]]:
    """Per-row fit weights of a corpus, and their record for the model's metadata.

    Parameters
    ----------
    corpus : Corpus
        From :func:`rolefit.corpus.read_corpus` or :func:`rolefit.corpus.read_corpora`
        (:meth:`~rolefit.corpus.Corpus.files` says each row's file; a corpus-like object without
        it is one file).
    how : str, default "rows"
        One of :data:`WEIGHTS`. ``"rows"``: every row weighs 1 (returns None). ``"files"``: each
        corpus file weighs the same in total, ``n_rows / (n_files * rows_in_file)`` per row (mean weight 1), so a
        small file of out-of-IT occupations counts as much as a large file of IT CVs. One
        file gives weight 1 everywhere.

    Returns
    -------
    weights : ndarray of float64, shape (n_rows,), or None
    info : dict
        ``{"scheme": how, "per_file": {stem: {"rows": n, "weight": w}}}`` (``per_file``
        only for ``"files"``).

    Raises
    ------
    CorpusError
        If ``how`` is not one of :data:`WEIGHTS` (RF208).
    """
    if how not in WEIGHTS:
        raise CorpusError(Errors.RF208.format(value=how, known=weights_wording()))
    if how == "rows":
        return None, {"scheme": how}
    n = len(corpus.texts)
    files = corpus.files().astype(str) if hasattr(corpus, "files") else np.full(n, "")
    stems, counts = np.unique(files, return_counts=True)
    per = {str(s): n / (len(stems) * int(c)) for s, c in zip(stems, counts)}
    w = np.asarray([per[str(f)] for f in files], dtype=np.float64)
    info = {"scheme": how, "per_file": {s: {"rows": int(c), "weight": round(per[str(s)], 6)}
                                        for s, c in zip(stems, counts)}}
    return w, info


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
    classifier: Any = None,
    calibration: str = DEFAULT_CALIBRATION,
    interactions: Sequence[Interaction] = (),
    weights: str = "rows",
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
    same splits (see :func:`rolefit.ml.build_baseline`).

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
        (:func:`rolefit.ml.write_report`: ``metrics.json``, plots, predictions).
    monotonic : {"all", "profiles"}, default :data:`DEFAULT_MONOTONIC`
        See :func:`rolefit.ml.monotonic_constraints`.
    classifier : scikit-learn classifier, optional
        The per-role classifier (cloned); default :func:`rolefit.ml.default_classifier`.
        See :func:`rolefit.ml.make_estimator`.
    calibration : str, default :data:`rolefit.ml.DEFAULT_CALIBRATION`
        ``CalibratedClassifierCV`` method.
    interactions : sequence of rolefit.ml.Interaction, default ()
        Interaction terms of the features (see :func:`rolefit.ml.make_estimator`); the
        bundled model uses none.
    weights : {"rows", "files"}, default "rows"
        How rows weigh in every fit and calibration (:func:`corpus_weights`): ``"rows"``
        each row 1; ``"files"`` each corpus file of :func:`rolefit.corpus.read_corpora` the
        same total weight. Metrics and thresholds are never weighted.

    Returns
    -------
    TrainedModel

    Raises
    ------
    CorpusTooSmallError
        If the corpus is too small to split into ``n_splits`` grouped folds with positives
        and negatives for every role at every step (RF209, RF210; about
        ``rows_needed([n_splits, n_splits], n_splits)`` of each per role, 9 for 5 folds).
    CorpusError
        If ``weights`` is not one of :data:`WEIGHTS`.
    ValueError
        If an interaction names a concept the taxonomy does not have.
    """
    if taxonomy is None:
        taxonomy = default_taxonomy()
    sample_weight, weight_info = corpus_weights(corpus, weights)
    total = 5

    def report(stage: str, step: int) -> None:
        if progress is not None:
            progress(stage, step, total)

    texts, Y, groups, roles = _corpus_arrays(corpus)
    hint = _CorpusSizeHint(Y, roles, rows_needed([n_splits, n_splits], n_splits), "training")
    everything = f"the corpus (all {len(Y)} rows)"
    with hint:  # before extraction: a corpus too small to split fails at once
        dev, test = grouped_splits(Y, groups, n_splits=n_splits, seed=seed, roles=roles, where=everything)[0]
    report("extracting skill mentions", 1)
    mentions = _mentions_or_extract(mentions, texts, taxonomy)
    evidence = evidence_many(mentions)

    def make() -> Pipeline:
        return make_estimator(
            taxonomy, classifier=None if classifier is None else clone(classifier), seed=seed,
            max_iter=max_iter, n_splits=n_splits, monotonic=monotonic, calibration=calibration,
            interactions=tuple(interactions),
        )

    common = dict(texts=texts if baseline else None, n_splits=n_splits, seed=seed, n_bootstrap=n_bootstrap,
                  sample_weight=sample_weight)
    report("cross-validation on the development split", 2)
    development = (f"the development split ({len(dev)} of {len(Y)} rows; the held-out test split "
                   f"took {len(test)})")
    with hint:
        cv = run_evaluation("cv", make, evidence, Y, groups, roles, rows=dev, thresholds=None,
                            where=development, **common)
    thresholds = dict(cv.metrics["thresholds"])
    report("held-out evaluation", 3)
    with hint:
        holdout = run_evaluation(
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
    with hint:
        estimator = fit_estimator(make(), evidence, Y, groups, seed=seed, sample_weight=sample_weight,
                                  roles=roles, where=everything)
    report("done", 5)
    corpus_info = {
        "sha256": str(getattr(corpus, "sha256", "")),
        "file": Path(str(corpus.path)).name if getattr(corpus, "path", None) else "",
        "n_rows": len(texts),
        "n_groups": int(np.unique(groups).size),
        "n_dev_rows": int(len(dev)),
        "n_test_rows": int(len(test)),
        "label_balance": _label_balance(Y, roles),
        "weights": weight_info,
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
    corpus_path: str | Path | Sequence[str | Path],
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
    selection: str | Path | None = None,
    ood: str | Path | None = None,
    interactions: str | Path | None = None,
    weights: str = "rows",
) -> TrainedModel:
    """Read a corpus, train on it with the bundled taxonomy, save the model directory.

    For ``rolefit train CORPUS --output DIR [--mapping FILE] [--seed N] [--force]
    [--report DIR]``.

    Parameters
    ----------
    corpus_path : path or sequence of paths
        A corpus :func:`rolefit.corpus.read_corpus` accepts, or several, joined with
        :func:`rolefit.corpus.read_corpora` (e.g. CVs plus out-of-IT negatives).
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
        Boosting iterations of a tree classifier (unused by the default linear one).
    selection : path, optional
        JSON written by ``benchmarks/model_families.py --json``: the comparison of model
        families and calibrators behind the default estimator, stored in ``meta.json`` as
        ``model_selection`` and shown in the model card.
    ood : path, optional
        An out-of-domain evaluation file (:func:`rolefit.ood.read_ood`): before saving, the
        trained model scores it as users would and the result is stored as
        ``metrics["ood"]`` (so the model card shows it) and written to ``report_dir/ood.json``.
    interactions : path, optional
        An interactions file (:func:`rolefit.taxonomy.parse_interactions`): interaction terms
        added to the features (``train(..., interactions=...)``). Default: none.
    weights : {"rows", "files"}, default "rows"
        How rows weigh in the fit (:func:`corpus_weights`); ``make model`` uses ``"files"``.

    Returns
    -------
    TrainedModel
        As saved, with ``model_id`` set.

    Raises
    ------
    CorpusError, ModelFileError
        From reading the corpus and saving the model.
    """
    check_model_target(output_dir, overwrite=overwrite)  # before training, not after it
    paths = [corpus_path] if isinstance(corpus_path, (str, os.PathLike)) else list(corpus_path)
    terms = parse_interactions(interactions, default_taxonomy()) if interactions is not None else ()
    corpus = read_corpora(paths, mapping=mapping)
    model = train(
        corpus,
        seed=seed,
        progress=progress,
        n_bootstrap=n_bootstrap,
        report_dir=report_dir,
        monotonic=monotonic,
        max_iter=max_iter,
        interactions=terms,
        weights=weights,
    )
    info = dict(model.corpus)
    if len(paths) > 1:
        files = [{"file": name, "sha256": sha} for name, sha in corpus.parts]  # hashed when read
        info.update({"file": " + ".join(f["file"] for f in files), "files": files})
    # the inputs as given, for the model card's "Reproduce and verify" command
    info["paths"] = [os.fspath(p) for p in paths]
    info.update({key: os.fspath(value) for key, value in (("mapping", mapping), ("interactions", interactions))
                 if value is not None})
    model = dataclasses.replace(model, corpus=info)
    if ood is not None:
        block = ood_report(model, corpus, ood, report_dir=report_dir, seed=seed)
        model = dataclasses.replace(model, metrics={**model.metrics, "ood": block})
    extra = None
    if selection is not None:
        try:
            extra = {"model_selection": json.loads(Path(selection).read_text(encoding="utf-8"))}
        except (OSError, ValueError) as exc:
            raise CorpusError(f"{selection}: cannot read the model-selection JSON ({exc}); pass the file "
                              "benchmarks/model_families.py --json wrote, or leave --selection out.") from None
    model = save_model(model, output_dir, overwrite=overwrite, extra_meta=extra)
    if Path(output_dir).resolve() == default_model_path().resolve():
        pin_default_model(output_dir)  # the bundled model: its manifest hash goes into the package
    return model


def ood_report(
    model: Any,
    corpus: Any,
    ood: str | Path,
    *,
    report_dir: str | Path | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Score an out-of-domain file with ``model``, next to a TF-IDF baseline fitted on ``corpus``.

    For ``rolefit train ... --ood FILE`` and ``rolefit evaluate MODEL CORPUS --ood FILE``.

    Parameters
    ----------
    model : TrainedModel or path
        A trained model or a model directory.
    corpus : Corpus or path or sequence of paths
        The training corpus (for the baseline); paths are read with
        :func:`rolefit.corpus.read_corpora`.
    ood : path
        See :func:`rolefit.ood.evaluate_ood`.
    report_dir : path, optional
        Also write ``ood.json`` there.
    seed : int, default 0

    Returns
    -------
    dict
        :func:`rolefit.ood.evaluate_ood`'s result.
    """
    from rolefit.scorer import Scorer  # the scorer sits above training in the layout

    if not hasattr(corpus, "label_matrix"):
        paths = [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
        corpus = read_corpora(paths)
    scorer = Scorer(model)
    same_roles = list(corpus.roles) == list(scorer.roles)
    block = evaluate_ood(
        scorer,
        ood,
        train_texts=list(corpus.texts) if same_roles else None,
        train_Y=corpus.label_matrix() if same_roles else None,
        seed=seed,
    )
    if report_dir is not None:
        out = Path(report_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "ood.json").write_text(json.dumps(block, indent=2) + "\n", encoding="utf-8")
    return block


def _resolve(
    model_or_builder: Any, taxonomy: Any, seed: int
) -> tuple[Callable[[], Pipeline], dict | None, tuple | None]:
    """(make, thresholds, roles) from a TrainedModel, an estimator, a callable or None."""
    if model_or_builder is None:
        if taxonomy is None:
            taxonomy = default_taxonomy()
        return (lambda: make_estimator(taxonomy, seed=seed)), None, None
    if isinstance(model_or_builder, TrainedModel):
        est = model_or_builder.estimator
        return (lambda: clone(est)), dict(model_or_builder.thresholds), model_or_builder.roles
    if hasattr(model_or_builder, "fit") and hasattr(model_or_builder, "get_params"):
        return (lambda: clone(model_or_builder)), None, None
    if callable(model_or_builder):
        return model_or_builder, None, None
    raise TypeError(
        "model_or_builder must be a TrainedModel, an unfitted estimator from "
        f"rolefit.ml.make_estimator, a callable returning one, or None; got {type(model_or_builder).__name__}."
    )


def _weights_for(model_or_builder: Any, corpus: Any, weights: str | None) -> tuple[np.ndarray | None, str]:
    """Refit weights for an evaluation: ``weights``, else a TrainedModel's own scheme (the one it
    was trained with, ``corpus["weights"]``), else every row 1."""
    if weights is None:
        info = (model_or_builder.corpus or {}).get("weights") if isinstance(model_or_builder, TrainedModel) else None
        weights = str((info or {}).get("scheme", WEIGHTS[0]))
    return corpus_weights(corpus, weights)[0], weights


def _corpus_inputs(corpus: Any, roles: Sequence[str] | None, mentions: Any, taxonomy: Any):
    if taxonomy is None and mentions is None:
        taxonomy = default_taxonomy()
    texts, Y, groups, corpus_roles = _corpus_arrays(corpus)
    if roles is not None:
        missing = [r for r in roles if r not in corpus_roles]
        if missing:
            raise CorpusError(
                f"The corpus has no labels for role(s) {missing} (it has {list(corpus_roles)}); "
                "evaluate with a corpus labelled for the model's roles."
            )
        Y = Y[:, [corpus_roles.index(r) for r in roles]]
    else:
        roles = corpus_roles
    evidence = evidence_many(_mentions_or_extract(mentions, texts, taxonomy))
    return texts, Y, groups, tuple(roles), evidence


def evaluate(
    model_or_builder: Any,
    corpus: Any,
    *,
    n_splits: int = DEFAULT_N_SPLITS,
    seed: int = 0,
    n_bootstrap: int = 1000,
    report_dir: str | Path | None = None,
    mentions: Any = None,
    taxonomy: Any = None,
    thresholds: Mapping[str, float] | None = None,
    baseline: bool = True,
    weights: str | None = None,
) -> dict[str, Any]:
    """Grouped, stratified cross-validation of the role estimator and the text baseline.

    Parameters
    ----------
    model_or_builder : TrainedModel, estimator, callable or None
        What to refit on each training fold: a :class:`~rolefit.ml.TrainedModel` (its
        estimator is cloned; its thresholds and roles are used), an unfitted estimator from
        :func:`~rolefit.ml.make_estimator`, a callable returning one, or None for
        ``make_estimator(taxonomy, seed=seed)``.
    corpus : Corpus
        See :func:`rolefit.corpus.read_corpus`.
    n_splits : int, default 5
    seed : int, default 0
    n_bootstrap : int, default 1000
    report_dir : path, optional
        Write ``metrics.json`` and PNG plots there (see :func:`write_report`).
    mentions : sequence of sequence of SkillMention, optional
        Precomputed mentions per corpus row (skips spaCy).
    taxonomy : Taxonomy, optional
        For extraction and for the default builder.
    thresholds : mapping, optional
        Role -> threshold; default the model's, else max-F1 on the out-of-fold predictions.
    baseline : bool, default True
    weights : {"rows", "files"} or None, default None
        Fit weights of every refit (:func:`corpus_weights`); None: a TrainedModel's own scheme
        (what it was trained with), else ``"rows"``. Metrics are never weighted.

    Returns
    -------
    dict
        The :func:`rolefit.ml.run_evaluation` metrics plus ``corpus`` (``sha256``, ``n_rows``),
        ``weights`` (the scheme of the refits) and ``files`` (written paths, when
        ``report_dir`` is given).
    """
    make, model_thresholds, roles = _resolve(model_or_builder, taxonomy, seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, mentions, taxonomy)
    sample_weight, scheme = _weights_for(model_or_builder, corpus, weights)
    with _CorpusSizeHint(Y, roles, rows_needed([n_splits], calibration_folds(make())), "cross-validation"):
        outcome = run_evaluation(
            "cv",
            make,
            evidence,
            Y,
            groups,
            roles,
            rows=None,
            texts=texts if baseline else None,
            n_splits=n_splits,
            seed=seed,
            n_bootstrap=n_bootstrap,
            thresholds=thresholds if thresholds is not None else model_thresholds,
            sample_weight=sample_weight,
        )
    outcome.metrics["corpus"] = {"sha256": str(getattr(corpus, "sha256", "")), "n_rows": len(texts)}
    outcome.metrics["weights"] = scheme
    if report_dir is not None:
        outcome.metrics["files"] = write_report(report_dir, [outcome])
    return outcome.metrics


def evaluate_holdout(
    model_or_builder: Any,
    corpus: Any,
    *,
    test_size: float = 0.2,
    seed: int = 0,
    n_bootstrap: int = 1000,
    report_dir: str | Path | None = None,
    mentions: Any = None,
    taxonomy: Any = None,
    thresholds: Mapping[str, float] | None = None,
    baseline: bool = True,
    weights: str | None = None,
) -> dict[str, Any]:
    """One grouped, stratified held-out split: the numbers for the model card.

    The test split is one fold of ``round(1 / test_size)`` grouped folds. Unless
    ``thresholds`` (or a TrainedModel's) are given, thresholds are chosen by max-F1 on
    grouped out-of-fold predictions of the training split, so nothing about the test
    split is used before scoring it. ``targets`` says whether ROC-AUC >= 0.95 and
    ECE <= 0.05 are met per role (:data:`rolefit.ml._metrics.TARGETS`). ``weights``: as
    :func:`evaluate` (the refits' fit weights; default a TrainedModel's own scheme).

    Returns
    -------
    dict
        As :func:`evaluate` with ``kind == "holdout"``.
    """
    if not 0.05 <= test_size <= 0.5:
        raise ValueError(f"test_size must be in [0.05, 0.5], got {test_size!r}.")
    n_splits = round(1 / test_size)
    make, model_thresholds, roles = _resolve(model_or_builder, taxonomy, seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, mentions, taxonomy)
    sample_weight, scheme = _weights_for(model_or_builder, corpus, weights)
    hint = _CorpusSizeHint(Y, roles, rows_needed([n_splits, DEFAULT_N_SPLITS], calibration_folds(make())),
                             "a held-out evaluation")
    with hint:
        train_rows, test_rows = grouped_splits(Y, groups, n_splits=n_splits, seed=seed, roles=roles,
                                               where=f"the corpus (all {len(Y)} rows)")[0]
    thresholds = thresholds if thresholds is not None else model_thresholds
    baseline_thresholds = None
    if thresholds is None or baseline:
        with hint:
            inner = run_evaluation(
                "dev", make, evidence, Y, groups, roles, rows=train_rows, texts=texts if baseline else None,
                n_splits=DEFAULT_N_SPLITS, seed=seed, n_bootstrap=0, thresholds=thresholds,
                sample_weight=sample_weight,
                where=(f"the training split ({len(train_rows)} of {len(Y)} rows; the held-out test split "
                       f"took {len(test_rows)})"),
            )
        thresholds = inner.metrics["thresholds"]
        baseline_thresholds = inner.metrics.get("baseline_thresholds")
    with hint:
        outcome = run_evaluation(
            "holdout", make, evidence, Y, groups, roles, rows=None, texts=texts if baseline else None,
            n_splits=n_splits, seed=seed, n_bootstrap=n_bootstrap, thresholds=thresholds,
            baseline_thresholds=baseline_thresholds, holdout=(train_rows, test_rows),
            sample_weight=sample_weight,
        )
    outcome.metrics["corpus"] = {"sha256": str(getattr(corpus, "sha256", "")), "n_rows": len(texts)}
    outcome.metrics["weights"] = scheme
    if report_dir is not None:
        outcome.metrics["files"] = write_report(report_dir, [outcome])
    return outcome.metrics


# --------------------------------------------------------------------------------------


def evaluate_to_report(
    model_path: str | Path,
    corpus_path: str | Path,
    report_dir: str | Path | None = None,
    *,
    mapping: str | Path | None = None,
    n_bootstrap: int = 1000,
    allow_pickle: bool = False,
) -> dict[str, Any]:
    """Evaluate a saved model on a labelled corpus and write a report.

    For ``rolefit evaluate MODEL CORPUS --report DIR``. Two evaluations:

    ``cv``
        Grouped cross-validation refitting the model's estimator configuration (same
        seed, thresholds) on folds of the corpus, with the baseline on the same folds.
    ``as_is``
        The saved model applied unchanged to every row, at its thresholds. Skipped when the
        corpus is the one the model was trained on (same SHA-256): that would be in-sample.

    Returns
    -------
    dict
        ``{"cv": ..., "as_is": ... or None, "summary": ..., "files": [...], "model_id": ...}``;
        ``summary`` is :func:`summarize` of the two.

    Raises
    ------
    ModelFileError
        From :func:`rolefit.artifacts.load_model`, including RF306 when the model was
        trained with another taxonomy than the bundled one.
    CorpusError
        From :func:`rolefit.corpus.read_corpus`, or when the corpus lacks the model's roles.
    """
    taxonomy = default_taxonomy()
    model = load_model(model_path, allow_pickle=allow_pickle, taxonomy=taxonomy)
    corpus = read_corpus(corpus_path, mapping=mapping)
    make, thresholds, roles = _resolve(model, taxonomy, model.seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, None, taxonomy)
    with _CorpusSizeHint(Y, roles, rows_needed([DEFAULT_N_SPLITS], calibration_folds(make())),
                           "`rolefit evaluate` (grouped cross-validation)"):
        outcomes = [
            run_evaluation("cv", make, evidence, Y, groups, roles, rows=None, texts=texts, n_splits=DEFAULT_N_SPLITS,
                 seed=model.seed, n_bootstrap=n_bootstrap, thresholds=thresholds)
        ]
    same = str(getattr(corpus, "sha256", "")) == str(model.corpus.get("sha256", ""))
    if not same:
        P = model.predict_proba(evidence)
        rows = np.arange(len(Y))
        metrics = {
            "kind": "as_is",
            "n_rows": int(len(Y)),
            "thresholds": {r: round(float(thresholds[r]), 6) for r in roles},
            "threshold_source": "the saved model's",
            "roles": metrics_block(Y, P, roles, thresholds, n_bootstrap, model.seed),
            "class_counts": class_counts(Y, roles),
        }
        metrics["targets"] = targets_met(metrics["roles"])
        outcomes.append(Outcome("as_is", metrics, roles, rows, Y, P, None))
    ids = [str(i) for i in corpus.frame["id"]] if hasattr(corpus, "frame") and "id" in corpus.frame else None
    files = write_report(report_dir, outcomes, ids=ids) if report_dir is not None else []
    result: dict[str, Any] = {o.name: o.metrics for o in outcomes}
    result.setdefault("as_is", None)
    result["summary"] = summarize(result)
    result["files"] = files
    result["model_id"] = model.model_id
    return result
