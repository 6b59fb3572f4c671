"""Do interaction features ("management AND IT context") lift out-of-domain ranking?

A purely additive model cannot express a conjunction: a sales manager has management evidence,
a network engineer has IT evidence, only an IT manager has both. ``rolefit.ml.Interaction``
adds such a term (``w * A * B``, capped sides, ``w >= 0``, split exactly among its concepts);
this script measures whether the training labels give it any weight and whether it lifts the
out-of-domain (OOD) ranking. Variants, each the default estimator plus:

``none``                nothing, every row weighing 1 (the shipped estimator before
                        ``--weights files``);
one per row of ``examples/interactions.csv`` (its sides name the groups of
                        ``requirements.csv`` and ``concepts.csv``, their one home):
    ``management_x_it_context``            AI operations manager: its ``management`` group x
                                           IT/AI context (its ``ai_oversight`` group, every
                                           ``technical`` concept, ``information_technology``,
                                           the IT title classes);
    ``management_x_it_context_no_skills``  the same without the technical skills;
    ``ml_x_operations``                    MLOps engineer: ``machine_learning`` x ``operations``;
``balanced``            no interaction, but each corpus file weighing the same in the fit
                        (``rolefit train --weights files``, which ``make model`` uses since
                        this comparison: the O*NET occupation documents weigh as much as the
                        Djinni CVs). ``none`` and the interaction variants weigh every row 1.

Selection data (what a choice may rest on): grouped 5-fold cross-validation over the
training corpora ``djinni_roles.csv`` + ``occupations_train.csv`` -- ROC-AUC and ECE of the
out-of-fold probabilities, and ROC-AUC on the O*NET training occupations alone. Reported,
never used to choose: ROC-AUC, ECE and out-of-IT false fit ("probability only": p at or above
the max-F1 threshold of the out-of-fold probabilities plus the 0.1 review band; labels also
need the requirements, which only lowers it) on ``occupations_ood.csv``, per source, next to
the TF-IDF baseline. Then the fitted interaction weights (calibrated log-odds per unit of
``A * B``) and each term's support in the training data (share of rows with both sides
non-zero), which says why a weight stays 0.

Usage: python scripts/interaction_ablation.py [--json PATH]   (about 2 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from rolefit.corpus import read_corpora
from rolefit.ml import (
    Interaction,
    build_baseline,
    decomposition_of,
    estimator_proba,
    evidence_many,
    expected_calibration_error,
    fit_estimator,
    grouped_splits,
    make_estimator,
    threshold_max_f1,
)
from rolefit.nlp import extract_skills_many
from rolefit.ood import read_ood
from rolefit.taxonomy import default_taxonomy, parse_interactions
from rolefit.training import corpus_weights

ROOT = Path(__file__).resolve().parents[1]
TRAIN = [ROOT / "corpora" / "djinni_roles.csv", ROOT / "corpora" / "occupations_train.csv"]
OOD = ROOT / "corpora" / "occupations_ood.csv"
TERMS = ROOT / "examples" / "interactions.csv"
BAND = 0.1


def variants(tax) -> dict[str, tuple[tuple[Interaction, ...], bool]]:
    """``none``, one variant per row of ``examples/interactions.csv``, and ``balanced``."""
    out: dict[str, tuple[tuple[Interaction, ...], bool]] = {"none": ((), False)}
    for term in parse_interactions(TERMS, tax):
        out[term.name] = ((term,), False)
    out["balanced"] = ((), True)
    return out


def fit(tax, interactions, evidence, Y, groups, weights):
    return fit_estimator(make_estimator(tax, interactions=interactions), evidence, Y, groups, seed=0,
                         sample_weight=weights)


def auc(y, p) -> float:
    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def failure_kinds(tax, ood, evidence, p: np.ndarray) -> None:
    """What the ESCO ICT managers (AI-ops positives) lack, next to the ESCO non-IT managers."""
    management = set(next(r for r in tax.requirements_for("ai_operations_manager") if r.requirement == "management").concepts)
    titles = {c.id for c in tax.concepts if c.kind == "job_title"}
    esco = (ood.source == "esco_v1_0").to_numpy()
    y = ood["y_ai_operations_manager"].to_numpy(dtype=int)
    managers = ood.occupation_code.str.startswith("isco:1").to_numpy() & (ood.domain == "non_it").to_numpy()
    print("\nESCO documents, AI operations manager (shipped estimator): what the evidence holds")
    print("| documents | n | no evidence | no management-group evidence | no title mention | "
          "plural heading, no title mention | information_technology | mean p |")
    print("|---|---|---|---|---|---|---|---|")
    for label, m in [("ICT service managers (positives)", esco & (y == 1)), ("non-IT managers (ISCO 1)", esco & managers),
                     ("all negatives", esco & (y == 0))]:
        idx = np.flatnonzero(m)
        ev = [evidence[i] for i in idx]
        plural = [ood.text.iloc[i].split("\n", 1)[0].strip().endswith("s") for i in idx]
        cells = [len(idx), sum(not e for e in ev), sum(not set(e) & management for e in ev),
                 sum(not set(e) & titles for e in ev), sum(q and not set(e) & titles for q, e in zip(plural, ev)),
                 sum("information_technology" in e for e in ev)]
        print(f"| {label} | " + " | ".join(str(c) for c in cells) + f" | {p[idx].mean():.3f} |")
    order = np.flatnonzero(esco)[np.argsort(-p[esco], kind="stable")]
    print("\nHighest-ranked ESCO negatives (p, occupation, evidence):")
    for i in [i for i in order if y[i] == 0][:10]:
        print(f"  {p[i]:.3f} {ood.occupation.iloc[i]} {sorted(evidence[i])}")
    print("Lowest-ranked ESCO positives:")
    for i in [i for i in order if y[i] == 1][-10:]:
        print(f"  {p[i]:.3f} {ood.occupation.iloc[i]} {sorted(evidence[i])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    tax = default_taxonomy()
    corpus = read_corpora(TRAIN)
    roles = tuple(corpus.roles)
    texts = list(corpus.texts)
    evidence = evidence_many(extract_skills_many(texts))
    Y = np.asarray(corpus.label_matrix(), dtype=np.int64)
    groups = np.asarray(corpus.groups())
    source = corpus.frame["source"].to_numpy()
    onet = source == "onet_29_3"
    ood = read_ood(OOD, roles)
    ood_evidence = evidence_many(extract_skills_many(list(ood.text)))
    ood_sources = ["all", *sorted(set(ood.source))]
    non_it = (ood.domain == "non_it").to_numpy()
    folds = grouped_splits(Y, groups, n_splits=5, seed=0)
    balance, _ = corpus_weights(corpus, "files")

    baseline = build_baseline(seed=0).fit(texts, Y)
    P_base = np.column_stack([p[:, 1] for p in baseline.predict_proba(list(ood.text))])
    out: dict[str, object] = {"variants": {}}
    rows = []
    for name, (interactions, balanced) in variants(tax).items():
        P = np.zeros(Y.shape)
        for tr, te in folds:
            w = balance[tr] if balanced else None
            est = fit(tax, interactions, [evidence[i] for i in tr], Y[tr], groups[tr], w)
            P[te] = estimator_proba(est, [evidence[i] for i in te])
        est = fit(tax, interactions, evidence, Y, groups, balance if balanced else None)
        PO = estimator_proba(est, ood_evidence)
        if name == "balanced":
            shipped = PO
        d = decomposition_of(est)
        block: dict[str, object] = {"weights": {}, "roles": {}}
        for j, role in enumerate(roles):
            threshold = threshold_max_f1(Y[:, j], P[:, j])
            y = ood[f"y_{role}"].to_numpy(dtype=int)
            r = {
                "cv_roc_auc": auc(Y[:, j], P[:, j]),
                "cv_ece": float(expected_calibration_error(Y[:, j], P[:, j])),
                "cv_roc_auc_onet_train": auc(Y[onet, j], P[onet, j]),
            }
            for s in ood_sources:
                m = np.ones(len(ood), bool) if s == "all" else (ood.source == s).to_numpy()
                r[f"ood_roc_auc_{s}"] = auc(y[m], PO[m, j])
            r["ood_ece"] = float(expected_calibration_error(y, PO[:, j]))
            r["ood_false_fit_probability_only"] = float((PO[non_it, j] >= min(threshold + BAND, 1.0)).mean())
            block["roles"][role] = r
            rows.append((name, role, r))
            if d is not None and d.inter_weight.shape[1]:
                block["weights"][role] = dict(zip([t.name for t in interactions], d.inter_weight[j].round(4).tolist()))
        out["variants"][name] = block

    print("Grouped 5-fold CV on the training corpora (selection) and OOD (reported only)\n")
    cols = ["cv_roc_auc", "cv_ece", "cv_roc_auc_onet_train", *[f"ood_roc_auc_{s}" for s in ood_sources],
            "ood_ece", "ood_false_fit_probability_only"]
    print("| variant | role | " + " | ".join(c.replace("_", " ") for c in cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for name, role, r in rows:
        print(f"| {name} | {role} | " + " | ".join(f"{r[c]:.3f}" for c in cols) + " |")
    for j, role in enumerate(roles):
        y = ood[f"y_{role}"].to_numpy(dtype=int)
        cells = [auc(y[m], P_base[m, j]) for m in
                 [np.ones(len(ood), bool), *[(ood.source == s).to_numpy() for s in ood_sources[1:]]]]
        print(f"| TF-IDF baseline | {role} | | | | " + " | ".join(f"{c:.3f}" for c in cells) + " | | |")
    print("\nFitted interaction weights (calibrated log-odds per unit of A*B; constrained >= 0):")
    for name, block in out["variants"].items():
        if block["weights"]:
            print(f"  {name}: {block['weights']}")

    print("\nSupport in the training data: share of rows with both sides of the term non-zero")
    X = np.array([[e.get(c, 0.0) for c in tax.concept_ids] for e in evidence])
    index = {c: k for k, c in enumerate(tax.concept_ids)}
    for name, (interactions, _) in variants(tax).items():
        for term in interactions:
            A = X[:, [index[c] for c in term.left]].sum(axis=1) > 0
            B = X[:, [index[c] for c in term.right]].sum(axis=1) > 0
            role = "ai_operations_manager" if name.startswith("management") else "mlops_engineer"
            y = Y[:, roles.index(role)]
            cells = []
            for label, m in [("Djinni positives", ~onet & (y == 1)), ("Djinni negatives", ~onet & (y == 0)),
                             ("O*NET positives", onet & (y == 1)), ("O*NET negatives", onet & (y == 0))]:
                cells.append(f"{label} {A[m].mean():.2f} / {B[m].mean():.2f} / {(A & B)[m].mean():.2f} (n={m.sum()})")
            print(f"  {term.name} for {role} -- left / right / both:\n    " + "\n    ".join(cells))
    failure_kinds(tax, ood, ood_evidence, shipped[:, roles.index("ai_operations_manager")])
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
