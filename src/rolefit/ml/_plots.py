"""Evaluation reports on disk: ``metrics.json``, per-row predictions and PNG plots."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import confusion_matrix, roc_auc_score, roc_curve

from rolefit.ml._evaluation import Outcome
from rolefit.ml._metrics import expected_calibration_error


def write_report(report_dir: str | Path, outcomes: Sequence[Outcome], ids: Sequence[str] | None = None) -> list[str]:
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


def _write_predictions(out: Path, o: Outcome, ids: Sequence[str] | None) -> str:
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


def _plot_outcome(out: Path, o: Outcome) -> list[str]:
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
