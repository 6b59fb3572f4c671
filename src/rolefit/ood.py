"""Out-of-domain evaluation: a saved model on documents from another source, as users see it.

The in-distribution figures of ``rolefit train``/``rolefit evaluate`` come from grouped splits
of the training corpus. This module scores a separate labelled set -- by default
``corpora/occupations_ood.csv``, CV-like documents composed from ESCO occupations and from
held-out O*NET occupation groups, none sharing an occupation or group with the training
documents (see ``corpora/README.md``) -- with
the full :class:`rolefit.scorer.Scorer` (extraction, model, labels that follow the role
requirements) and reports, per role:

``roc_auc``, ``ece``
    ranking and calibration of the model's probability against the OOD labels (the role
    *family*, see ``corpora/README.md``); ECE with 10 equal-width bins.
``false_fit_rate``
    share of the ``non_it`` documents labelled ``fit``. Every such document is a false fit
    (no out-of-IT occupation is labelled with either role), so this is the rate at which
    rolefit would put, say, a chef or a sales director on a shortlist.
``false_fit_rate_probability_only``
    the same with the label taken from the probability alone (``p >= threshold + band``), as
    rolefit 0.1 did: what the requirements add.
``positives_fit_rate``, ``positives_review_rate``
    how the positive documents are labelled.
``baseline``
    a TF-IDF + logistic-regression text baseline (:func:`rolefit.ml.build_baseline`) fitted
    on the given training corpus and scored on the same documents: ``roc_auc``, ``ece`` and
    ``false_fit_rate`` at probability 0.5.

Columns of the OOD file: ``id``, ``text``, ``labels`` (``;``-separated role ids or ``none``),
``group`` and ``domain`` (``it`` or ``non_it``); an optional ``source`` column gives a breakdown per source
(``by_source``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from rolefit.errors import CorpusError, Errors
from rolefit.ml import build_baseline, expected_calibration_error

__all__ = ["OOD_COLUMNS", "read_ood", "evaluate_ood"]

#: Columns an OOD evaluation file must have.
OOD_COLUMNS = ("id", "text", "labels", "group", "domain")


def read_ood(path: str | Path, roles: Sequence[str]) -> pd.DataFrame:
    """Read and check an OOD evaluation file (CSV).

    Returns
    -------
    pandas.DataFrame
        The file's rows, with an extra boolean column per role (``y_<role>``).

    Raises
    ------
    CorpusError
        ``RF204`` when the file is missing; ``RF201`` listing the problems when a column is
        missing, a label is not a role or ``none``, or ``domain`` is not ``it``/``non_it``.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(Errors.RF204.format(
            path=path, what="out-of-domain evaluation file",
            expected=f"a .csv file with the columns {', '.join(OOD_COLUMNS)}",
        ))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = [f"missing column {c!r}" for c in OOD_COLUMNS if c not in frame.columns]
    if not problems:
        allowed = set(roles) | {"none"}
        for i, (labels, domain) in enumerate(zip(frame["labels"], frame["domain"]), start=1):
            bad = [x for x in labels.split(";") if x.strip() not in allowed]
            if bad:
                problems.append(f"data row {i}: unknown label(s) {bad} (known: {', '.join(sorted(allowed))})")
            if domain not in ("it", "non_it"):
                problems.append(f"data row {i}: domain {domain!r} is not 'it' or 'non_it'")
            if len(problems) >= 20:
                break
    if problems:
        raise CorpusError(Errors.RF201.format(path=path, count=len(problems), problems="\n".join(problems)))
    for role in roles:
        frame[f"y_{role}"] = [role in {x.strip() for x in s.split(";")} for s in frame["labels"]]
    return frame


def _num(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 6)


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def evaluate_ood(
    scorer: Any,
    ood_path: str | Path,
    *,
    train_texts: Sequence[str] | None = None,
    train_Y: np.ndarray | None = None,
    seed: int = 0,
    batch_size: int = 64,
) -> dict[str, Any]:
    """Score an OOD file with ``scorer`` and compute the metrics of the module docstring.

    Parameters
    ----------
    scorer : rolefit.scorer.Scorer
        The model under test (its labels include the requirements check).
    ood_path : path
        CSV with :data:`OOD_COLUMNS`.
    train_texts, train_Y : optional
        The training corpus texts and label matrix (shape (n, n_roles), columns in
        ``scorer.roles`` order) for the TF-IDF baseline; without them no baseline is run.
    seed : int, default 0
        Seed of the baseline.
    batch_size : int, default 64

    Returns
    -------
    dict
        ``{"file", "n_docs", "n_non_it", "roles": {role: {...}}}``; numbers rounded to 6
        decimals, ``None`` where undefined.
    """
    roles = tuple(scorer.roles)
    frame = read_ood(ood_path, roles)
    texts = list(frame["text"])
    results = scorer.score_many(texts, batch_size=batch_size)
    non_it = (frame["domain"] == "non_it").to_numpy()
    P_base = None
    if train_texts is not None and train_Y is not None:
        est = build_baseline(seed=seed).fit(list(train_texts), np.asarray(train_Y))
        P_base = np.column_stack([p[:, 1] for p in est.predict_proba(texts)])
    out: dict[str, Any] = {
        "file": Path(ood_path).name,
        "n_docs": len(texts),
        "n_non_it": int(non_it.sum()),
        "roles": {},
    }
    thresholds = scorer.model.thresholds
    band = scorer.model.review_band
    P = np.array([[r[role].probability for role in roles] for r in results], dtype=float).reshape(len(texts), len(roles))
    L = np.array([[r[role].label for role in roles] for r in results]).reshape(len(texts), len(roles))
    sources = frame["source"].to_numpy() if "source" in frame.columns else None

    def block_for(mask: np.ndarray, j: int, role: str) -> dict[str, Any]:
        y = frame[f"y_{role}"].to_numpy(dtype=int)[mask]
        p, labels, nit = P[mask, j], L[mask, j], non_it[mask]
        prob_fit = p >= min(thresholds[role] + band, 1.0)
        pos = y == 1

        def rate(values: np.ndarray, where: np.ndarray) -> float | None:
            return _num(float(values[where].mean())) if where.any() else None

        b: dict[str, Any] = {
            "n_docs": int(mask.sum()),
            "n_positive": int(pos.sum()),
            "n_non_it": int(nit.sum()),
            "roc_auc": _num(_auc(y, p)),
            "ece": _num(expected_calibration_error(y, p)) if len(y) else None,
            "false_fit_rate": rate(labels == "fit", nit),
            "false_fit_rate_probability_only": rate(prob_fit, nit),
            "non_it_review_rate": rate(labels == "review", nit),
            "positives_fit_rate": rate(labels == "fit", pos),
            "positives_review_rate": rate(labels == "review", pos),
        }
        if P_base is not None:
            pb = P_base[mask, j]
            b["baseline"] = {
                "roc_auc": _num(_auc(y, pb)),
                "ece": _num(expected_calibration_error(y, pb)) if len(y) else None,
                "false_fit_rate": rate(pb >= 0.5, nit),
            }
        return b

    everything = np.ones(len(texts), dtype=bool)
    for j, role in enumerate(roles):
        out["roles"][role] = block_for(everything, j, role)
        if sources is not None:
            out["roles"][role]["by_source"] = {
                str(src): block_for(sources == src, j, role) for src in sorted(set(sources))
            }
    return out

