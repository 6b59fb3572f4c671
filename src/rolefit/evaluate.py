"""Evaluate role estimators: grouped cross-validation, a held-out split, a text baseline.

Every split is grouped on the corpus's duplicate groups (no group on both sides) and
stratified on the combination of role labels (:func:`rolefit.model.grouped_splits`).

Metrics per role, each with a bootstrap 95 % interval (documents resampled with
replacement, ``n_bootstrap`` times, fixed seed; percentile interval):

``roc_auc``, ``average_precision``
    :func:`sklearn.metrics.roc_auc_score`, :func:`sklearn.metrics.average_precision_score`.
``precision``, ``recall``, ``f1``
    Of the rule ``p >= threshold`` (0 when undefined).
``brier``
    Mean squared difference between probability and 0/1 label.
``ece``
    Expected calibration error, 10 equal-width bins:
    ``sum_b n_b / n * |mean(y_b) - mean(p_b)|`` (:func:`expected_calibration_error`).

Side by side, on the same splits: a TF-IDF + logistic regression baseline on the raw
text (:func:`build_baseline`). It is for comparison only: it sees every word, names and
all, which the shipped estimator by construction cannot.

Model-card targets (held-out split): per role ROC-AUC >= 0.95 and ECE <= 0.03; reports
say whether each is met, whatever the numbers are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.calibration import calibration_curve
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, confusion_matrix, roc_auc_score, roc_curve
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline

from rolefit.features import evidence_many
from rolefit.model import (
    DEFAULT_N_SPLITS,
    TrainedModel,
    build_estimator,
    estimator_proba,
    fit_estimator,
    grouped_splits,
)

__all__ = [
    "TARGETS",
    "METRICS",
    "expected_calibration_error",
    "threshold_max_f1",
    "role_metrics",
    "bootstrap_intervals",
    "build_baseline",
    "evaluate",
    "evaluate_holdout",
    "evaluate_splits",
    "write_report",
    "evaluate_to_report",
    "summarize",
]

#: Model-card targets per role on the held-out split.
TARGETS = {"roc_auc_min": 0.95, "ece_max": 0.03}
#: Metric names, in report order.
METRICS = ("roc_auc", "average_precision", "precision", "recall", "f1", "brier", "ece")


# --------------------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------------------


def expected_calibration_error(y_true: Sequence[int], proba: Sequence[float], n_bins: int = 10) -> float:
    """Expected calibration error with equal-width bins.

    Parameters
    ----------
    y_true : sequence of 0/1, length n
    proba : sequence of float in [0, 1], length n
    n_bins : int, default 10
        Bins ``[0, 0.1), [0.1, 0.2), ..., [0.9, 1.0]``.

    Returns
    -------
    float in [0, 1]
        ``sum_b n_b / n * |mean(y_b) - mean(p_b)|`` over non-empty bins; NaN for n = 0.
    """
    y = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(proba, dtype=np.float64), 0.0, 1.0)
    if y.size == 0:
        return float("nan")
    bins = np.minimum((p * n_bins).astype(np.intp), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    sum_y = np.bincount(bins, weights=y, minlength=n_bins)
    sum_p = np.bincount(bins, weights=p, minlength=n_bins)
    return float(np.abs(sum_y - sum_p).sum() / y.size)


def threshold_max_f1(y_true: Sequence[int], proba: Sequence[float]) -> float:
    """The probability threshold that maximises F1 of the rule ``p >= threshold``.

    Candidates are the distinct probabilities; ties go to the lowest threshold. Returns
    0.5 when ``y_true`` has no positive.
    """
    y = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(proba, dtype=np.float64)
    if y.sum() == 0 or y.size == 0:
        return 0.5
    candidates = np.unique(p)
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp_cum = np.cumsum(ys)
    # for each candidate t: predicted positives are p >= t
    n_pred = np.searchsorted(-ps, -candidates, side="right")
    tp = np.where(n_pred > 0, tp_cum[np.maximum(n_pred - 1, 0)], 0)
    f1 = 2 * tp / (n_pred + y.sum())
    best = np.flatnonzero(f1 == f1.max())
    return float(candidates[best].min())


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & (y == 1)))
    n_pred, n_pos = float(pred.sum()), float(y.sum())
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_pos if n_pos else 0.0
    f1 = 2 * tp / (n_pred + n_pos) if (n_pred + n_pos) else 0.0
    return precision, recall, f1


def role_metrics(y_true: Sequence[int], proba: Sequence[float], threshold: float) -> dict[str, float]:
    """Metrics of one role (see the module docstring); NaN where undefined."""
    y = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(proba, dtype=np.float64)
    both = 0 < y.sum() < y.size
    precision, recall, f1 = _prf(y, p >= threshold)
    return {
        "roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "average_precision": float(average_precision_score(y, p)) if y.sum() else float("nan"),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "brier": float(np.mean((p - y) ** 2)) if y.size else float("nan"),
        "ece": expected_calibration_error(y, p),
    }


def bootstrap_intervals(
    y_true: Sequence[int], proba: Sequence[float], threshold: float, *, n_bootstrap: int = 1000, seed: int = 0
) -> dict[str, list[float]]:
    """Percentile 95 % bootstrap intervals of :func:`role_metrics`.

    Documents are resampled with replacement ``n_bootstrap`` times with
    ``numpy.random.default_rng(seed)``; resamples where a metric is undefined (one class
    only) are skipped for that metric.

    Returns
    -------
    dict of str to [low, high]
        NaNs when ``n_bootstrap`` is 0 or no resample defines the metric.
    """
    y = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(proba, dtype=np.float64)
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {m: [] for m in METRICS}
    for _ in range(int(n_bootstrap)):
        idx = rng.integers(0, y.size, y.size)
        for name, value in role_metrics(y[idx], p[idx], threshold).items():
            draws[name].append(value)
    out: dict[str, list[float]] = {}
    for name, values in draws.items():
        arr = np.asarray(values, dtype=np.float64)
        arr = arr[np.isfinite(arr)]
        out[name] = [float("nan")] * 2 if arr.size == 0 else np.percentile(arr, [2.5, 97.5]).tolist()
    return out


def _metrics_block(
    Y: np.ndarray, P: np.ndarray, roles: Sequence[str], thresholds: Mapping[str, float], n_bootstrap: int, seed: int
) -> dict[str, dict[str, dict[str, Any]]]:
    block: dict[str, dict[str, dict[str, Any]]] = {}
    for r, role in enumerate(roles):
        values = role_metrics(Y[:, r], P[:, r], thresholds[role])
        cis = bootstrap_intervals(Y[:, r], P[:, r], thresholds[role], n_bootstrap=n_bootstrap, seed=seed + r)
        block[role] = {m: {"value": _num(values[m]), "ci95": [_num(v) for v in cis[m]]} for m in METRICS}
    return block


def _num(value: float) -> float | None:
    """JSON-safe number: NaN becomes None; rounded to 6 decimals."""
    return None if not np.isfinite(value) else round(float(value), 6)


# --------------------------------------------------------------------------------------
# baseline and the evaluation loop
# --------------------------------------------------------------------------------------


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
class _Outcome:
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


def _run(
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
) -> _Outcome:
    Y = np.asarray(Y, dtype=np.int64)
    groups = np.asarray(groups)
    evidence = list(evidence)
    if holdout is not None:
        folds = [holdout]
        rows = np.asarray(holdout[1])
    else:
        rows = np.arange(len(Y)) if rows is None else np.asarray(rows)
        local = grouped_splits(Y[rows], groups[rows], n_splits=n_splits, seed=seed, roles=roles)
        folds = [(rows[tr], rows[te]) for tr, te in local]
    P = np.full((len(Y), len(roles)), np.nan)
    PB = np.full((len(Y), len(roles)), np.nan) if texts is not None else None
    for tr, te in folds:
        est = fit_estimator(make(), [evidence[i] for i in tr], Y[tr], groups[tr], seed=seed)
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
        "roles": _metrics_block(Yr, Pr, roles, thresholds, n_bootstrap, seed),
    }
    if PB is not None:
        PBr = PB[rows]
        if baseline_thresholds is None:
            baseline_thresholds = {role: threshold_max_f1(Yr[:, r], PBr[:, r]) for r, role in enumerate(roles)}
        metrics["baseline_thresholds"] = {r: round(float(baseline_thresholds[r]), 6) for r in roles}
        metrics["baseline"] = _metrics_block(Yr, PBr, roles, baseline_thresholds, n_bootstrap, seed)
    if holdout is not None:
        metrics["targets"] = _targets(metrics["roles"])
    return _Outcome(name, metrics, tuple(roles), rows, Yr, Pr, None if PB is None else PB[rows])


def _targets(block: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    met = {}
    for role, m in block.items():
        auc, ece = m["roc_auc"]["value"], m["ece"]["value"]
        met[role] = {
            "roc_auc": auc is not None and auc >= TARGETS["roc_auc_min"],
            "ece": ece is not None and ece <= TARGETS["ece_max"],
        }
    return {**TARGETS, "met": met}


def evaluate_splits(
    make: Callable[[], Pipeline],
    evidence: Sequence[Mapping[str, float]],
    Y: np.ndarray,
    groups: Sequence[Any],
    roles: Sequence[str],
    *,
    rows: np.ndarray | None = None,
    texts: Sequence[str] | None = None,
    n_splits: int = DEFAULT_N_SPLITS,
    seed: int = 0,
    n_bootstrap: int = 1000,
    thresholds: Mapping[str, float] | None = None,
    baseline_thresholds: Mapping[str, float] | None = None,
    holdout: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Array-level evaluation: the engine behind :func:`rolefit.model.train` and :func:`evaluate`.

    Parameters
    ----------
    make : callable
        Returns a new unfitted estimator (:func:`rolefit.model.build_estimator`).
    evidence : sequence of mapping, length n
    Y : ndarray of shape (n, n_roles), 0/1
    groups : sequence of length n
    roles : sequence of str
    rows : int array, optional
        Restrict cross-validation to these rows (default all).
    texts : sequence of str, optional
        Raw texts; when given the TF-IDF baseline runs on the same splits.
    n_splits, seed, n_bootstrap : int
    thresholds : mapping, optional
        Role -> threshold for precision/recall/F1; default: max-F1 on the predictions.
    baseline_thresholds : mapping, optional
        The same for the baseline.
    holdout : (train_index, test_index), optional
        Fit once on ``train_index``, evaluate on ``test_index`` instead of cross-validating.

    Returns
    -------
    dict
        JSON-safe: ``kind``, ``n_rows``, ``thresholds``, ``threshold_source``, ``roles``
        (role -> metric -> ``{"value", "ci95"}``), ``baseline`` (same shape) and ``baseline_thresholds``
        when ``texts`` is given, ``targets`` for a held-out evaluation.
    """
    return _run(
        "cv" if holdout is None else "holdout",
        make,
        evidence,
        Y,
        np.asarray(groups),
        roles,
        rows=rows,
        texts=texts,
        n_splits=n_splits,
        seed=seed,
        n_bootstrap=n_bootstrap,
        thresholds=thresholds,
        baseline_thresholds=baseline_thresholds,
        holdout=holdout,
    ).metrics


def _resolve(
    model_or_builder: Any, taxonomy: Any, seed: int
) -> tuple[Callable[[], Pipeline], dict | None, tuple | None]:
    """(make, thresholds, roles) from a TrainedModel, an estimator, a callable or None."""
    if model_or_builder is None:
        if taxonomy is None:
            from rolefit.taxonomy import default_taxonomy

            taxonomy = default_taxonomy()
        return (lambda: build_estimator(taxonomy, seed=seed)), None, None
    if isinstance(model_or_builder, TrainedModel):
        est = model_or_builder.estimator
        return (lambda: clone(est)), dict(model_or_builder.thresholds), model_or_builder.roles
    if hasattr(model_or_builder, "fit") and hasattr(model_or_builder, "get_params"):
        return (lambda: clone(model_or_builder)), None, None
    if callable(model_or_builder):
        return model_or_builder, None, None
    raise TypeError(
        "model_or_builder must be a TrainedModel, an unfitted estimator from "
        f"rolefit.model.build_estimator, a callable returning one, or None; got {type(model_or_builder).__name__}."
    )


def _corpus_inputs(corpus: Any, roles: Sequence[str] | None, mentions: Any, taxonomy: Any):
    from rolefit.model import _corpus_arrays, _mentions_or_extract

    if taxonomy is None and mentions is None:
        from rolefit.taxonomy import default_taxonomy

        taxonomy = default_taxonomy()
    texts, Y, groups, corpus_roles = _corpus_arrays(corpus)
    if roles is not None:
        missing = [r for r in roles if r not in corpus_roles]
        if missing:
            from rolefit.errors import CorpusError

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
) -> dict[str, Any]:
    """Grouped, stratified cross-validation of the role estimator and the text baseline.

    Parameters
    ----------
    model_or_builder : TrainedModel, estimator, callable or None
        What to refit on each training fold: a :class:`~rolefit.model.TrainedModel` (its
        estimator is cloned; its thresholds and roles are used), an unfitted estimator from
        :func:`~rolefit.model.build_estimator`, a callable returning one, or None for
        ``build_estimator(taxonomy, seed=seed)``.
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

    Returns
    -------
    dict
        The :func:`evaluate_splits` dict plus ``corpus`` (``sha256``, ``n_rows``) and
        ``files`` (written paths, when ``report_dir`` is given).
    """
    make, model_thresholds, roles = _resolve(model_or_builder, taxonomy, seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, mentions, taxonomy)
    outcome = _run(
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
    )
    outcome.metrics["corpus"] = {"sha256": str(getattr(corpus, "sha256", "")), "n_rows": len(texts)}
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
) -> dict[str, Any]:
    """One grouped, stratified held-out split: the numbers for the model card.

    The test split is one fold of ``round(1 / test_size)`` grouped folds. Unless
    ``thresholds`` (or a TrainedModel's) are given, thresholds are chosen by max-F1 on
    grouped out-of-fold predictions of the training split, so nothing about the test
    split is used before scoring it. ``targets`` says whether ROC-AUC >= 0.95 and
    ECE <= 0.03 are met per role.

    Returns
    -------
    dict
        As :func:`evaluate_splits` with ``kind == "holdout"``.
    """
    if not 0.05 <= test_size <= 0.5:
        raise ValueError(f"test_size must be in [0.05, 0.5], got {test_size!r}.")
    n_splits = round(1 / test_size)
    make, model_thresholds, roles = _resolve(model_or_builder, taxonomy, seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, mentions, taxonomy)
    train_rows, test_rows = grouped_splits(Y, groups, n_splits=n_splits, seed=seed, roles=roles)[0]
    thresholds = thresholds if thresholds is not None else model_thresholds
    baseline_thresholds = None
    if thresholds is None or baseline:
        inner = _run(
            "dev", make, evidence, Y, groups, roles, rows=train_rows, texts=texts if baseline else None,
            n_splits=DEFAULT_N_SPLITS, seed=seed, n_bootstrap=0, thresholds=thresholds,
        )
        thresholds = inner.metrics["thresholds"]
        baseline_thresholds = inner.metrics.get("baseline_thresholds")
    outcome = _run(
        "holdout", make, evidence, Y, groups, roles, rows=None, texts=texts if baseline else None,
        n_splits=n_splits, seed=seed, n_bootstrap=n_bootstrap, thresholds=thresholds,
        baseline_thresholds=baseline_thresholds, holdout=(train_rows, test_rows),
    )
    outcome.metrics["corpus"] = {"sha256": str(getattr(corpus, "sha256", "")), "n_rows": len(texts)}
    if report_dir is not None:
        outcome.metrics["files"] = write_report(report_dir, [outcome])
    return outcome.metrics


# --------------------------------------------------------------------------------------
# reports
# --------------------------------------------------------------------------------------


def write_report(report_dir: str | Path, outcomes: Sequence[_Outcome], ids: Sequence[str] | None = None) -> list[str]:
    """Write ``metrics.json``, per-row predictions and PNG plots.

    Files, for each evaluation ``<name>`` (``cv``, ``holdout``...):
    ``<name>_reliability.png`` (reliability diagram, model vs baseline, one panel per role),
    ``<name>_roc.png`` (ROC curves, model vs baseline), ``<name>_confusion_<role>.png``
    (confusion matrix at the threshold) and ``<name>_predictions.csv`` (row index or id,
    labels and probabilities; no text). ``metrics.json`` maps each name to its metrics.

    Returns
    -------
    list of str
        File names written (relative to ``report_dir``).
    """
    out = Path(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for o in outcomes:
        written += _plot_outcome(out, o)
        written.append(_write_predictions(out, o, ids))
    metrics = {o.name: o.metrics for o in outcomes}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return ["metrics.json", *written]


def _write_predictions(out: Path, o: _Outcome, ids: Sequence[str] | None) -> str:
    name = f"{o.name}_predictions.csv"
    with (out / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        header = ["row"] + [f"label_{r}" for r in o.roles] + [f"p_{r}" for r in o.roles]
        if o.P_baseline is not None:
            header += [f"p_baseline_{r}" for r in o.roles]
        w.writerow(header)
        for k, row in enumerate(o.rows):
            rec = [ids[row] if ids is not None else int(row)]
            rec += [int(v) for v in o.Y[k]] + [f"{v:.6f}" for v in o.P[k]]
            if o.P_baseline is not None:
                rec += [f"{v:.6f}" for v in o.P_baseline[k]]
            w.writerow(rec)
    return name


def _plot_outcome(out: Path, o: _Outcome) -> list[str]:
    """Draw with matplotlib's object API (``Figure`` + Agg canvas via ``savefig``).

    No pyplot and no ``matplotlib.use``: the user's backend and global figure state stay
    untouched (e.g. inside a notebook), and it works headless.
    """
    from matplotlib.figure import Figure

    written = []
    n = len(o.roles)
    series = [("model", o.P, "tab:blue")]
    if o.P_baseline is not None:
        series.append(("TF-IDF baseline", o.P_baseline, "tab:orange"))

    fig = Figure(figsize=(4.5 * n, 4.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n))
    for r, (ax, role) in enumerate(zip(axes, o.roles)):
        ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
        y = o.Y[:, r]
        for label, P, color in series:
            if 0 < y.sum() < y.size:
                frac, mean = calibration_curve(y, P[:, r], n_bins=10, strategy="uniform")
                ece = expected_calibration_error(y, P[:, r])
                ax.plot(mean, frac, marker="o", color=color, label=f"{label} (ECE {ece:.3f})")
        ax.set(title=role, xlabel="predicted probability", ylabel="observed frequency", xlim=(0, 1), ylim=(0, 1))
        ax.legend(loc="upper left", fontsize="small")
    fig.suptitle(f"Reliability diagram ({o.name})")
    written.append(_save(fig, out / f"{o.name}_reliability.png"))

    fig = Figure(figsize=(4.5 * n, 4.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n))
    for r, (ax, role) in enumerate(zip(axes, o.roles)):
        ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
        y = o.Y[:, r]
        for label, P, color in series:
            if 0 < y.sum() < y.size:
                fpr, tpr, _ = roc_curve(y, P[:, r])
                ax.plot(fpr, tpr, color=color, label=f"{label} (AUC {roc_auc_score(y, P[:, r]):.3f})")
        ax.set(title=role, xlabel="false positive rate", ylabel="true positive rate", xlim=(0, 1), ylim=(0, 1))
        ax.legend(loc="lower right", fontsize="small")
    fig.suptitle(f"ROC curves ({o.name})")
    written.append(_save(fig, out / f"{o.name}_roc.png"))

    thresholds = o.metrics["thresholds"]
    for r, role in enumerate(o.roles):
        cm = confusion_matrix(o.Y[:, r], (o.P[:, r] >= thresholds[role]).astype(int), labels=[0, 1])
        fig = Figure(figsize=(4.2, 3.8), layout="constrained")
        ax = fig.subplots()
        im = ax.imshow(cm, cmap="Blues")
        for (i, j), v in np.ndenumerate(cm):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > cm.max() / 2 else "black")
        ax.set(
            xticks=[0, 1], yticks=[0, 1], xticklabels=["not " + role, role], yticklabels=["not " + role, role],
            xlabel=f"predicted (p >= {thresholds[role]:.3f})", ylabel="label", title=f"{role} ({o.name})",
        )
        ax.tick_params(axis="x", labelsize="small")
        ax.tick_params(axis="y", labelsize="small", labelrotation=90)
        fig.colorbar(im, ax=ax)
        written.append(_save(fig, out / f"{o.name}_confusion_{role}.png"))
    return written


def _save(fig: Any, path: Path) -> str:
    fig.savefig(path, dpi=110, format="png", metadata={"Software": None})
    return path.name


# --------------------------------------------------------------------------------------
# entry points for the CLI
# --------------------------------------------------------------------------------------


def evaluate_to_report(
    model_path: str | Path,
    corpus_path: str | Path,
    report_dir: str | Path,
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
    from rolefit.artifacts import load_model
    from rolefit.corpus import read_corpus

    from rolefit.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    model = load_model(model_path, allow_pickle=allow_pickle, taxonomy=taxonomy)
    corpus = read_corpus(corpus_path, mapping=mapping)
    make, thresholds, roles = _resolve(model, taxonomy, model.seed)
    texts, Y, groups, roles, evidence = _corpus_inputs(corpus, roles, None, taxonomy)
    outcomes = [
        _run("cv", make, evidence, Y, groups, roles, rows=None, texts=texts, n_splits=DEFAULT_N_SPLITS,
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
            "roles": _metrics_block(Y, P, roles, thresholds, n_bootstrap, model.seed),
        }
        metrics["targets"] = _targets(metrics["roles"])
        outcomes.append(_Outcome("as_is", metrics, roles, rows, Y, P, None))
    ids = [str(i) for i in corpus.frame["id"]] if hasattr(corpus, "frame") and "id" in corpus.frame else None
    files = write_report(report_dir, outcomes, ids=ids)
    result: dict[str, Any] = {o.name: o.metrics for o in outcomes}
    result.setdefault("as_is", None)
    result["summary"] = summarize(result)
    result["files"] = files
    result["model_id"] = model.model_id
    return result


def summarize(blocks: Mapping[str, Any]) -> dict[str, dict[str, dict[str, float | None]]]:
    """Compact view: evaluation name -> role -> ``roc_auc``, ``ece``, ``f1`` (and baseline ones)."""
    out: dict[str, dict[str, dict[str, float | None]]] = {}
    for name, block in blocks.items():
        if not isinstance(block, Mapping) or "roles" not in block:
            continue
        out[name] = {}
        for role, m in block["roles"].items():
            row = {k: m[k]["value"] for k in ("roc_auc", "ece", "f1")}
            base = (block.get("baseline") or {}).get(role)
            if base:
                row.update({f"baseline_{k}": base[k]["value"] for k in ("roc_auc", "ece", "f1")})
            out[name][role] = row
    return out
