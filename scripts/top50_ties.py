"""Ties at the top of a ranking: distinct probabilities among the 50 highest, per role.

Issue 12's target: at least 45 distinct probabilities among the top 50 per role on a pool of
400+ real CVs. Scores, with the shipped model as users would (``rolefit.load().score_many``),
all 2,181 real Djinni CVs in ``../shared/data`` and, separately, the 520 full CVs
(``djinni_cv_pm_design_520``: project/product managers and designers). Probabilities are
compared after rounding to 12 decimals, as in ``benchmarks/model_families.py``.

Usage: python scripts/top50_ties.py   (about a minute on 2 cores)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from model_families import pool_texts, top50_distinct  # noqa: E402

import rolefit  # noqa: E402


def main() -> None:
    texts, n_full = pool_texts()
    if not texts:
        raise SystemExit("../shared/data with the Djinni CVs is needed")
    scorer = rolefit.load()
    results = scorer.score_many(texts)
    proba = np.array([[r.roles[k].probability for k in scorer.roles] for r in results])
    full = slice(len(texts) - n_full, len(texts))  # load_cvs puts the 520 full CVs last
    print(f"model {scorer.model_id}")
    for j, role in enumerate(scorer.roles):
        top_all = top50_evidence(results, proba[:, j], role)
        top_full = top50_evidence(results[full], proba[full, j], role)
        print(f"{role}: top-50 distinct {top50_distinct(proba[:, j])} of all {len(texts)} CVs "
              f"({top_all} distinct sets of evidence terms), {top50_distinct(proba[full, j])} of the "
              f"{n_full} full CVs ({top_full} distinct sets of evidence terms)")


def top50_evidence(results: list, p: np.ndarray, role: str) -> int:
    """Distinct sets of evidence terms among the 50 highest probabilities: each CV's non-zero
    contributions to ``role`` (concept and log-odds term, to 9 decimals). CVs with the same set
    get the same probability by construction, so this bounds the distinct probabilities."""
    top = np.argsort(p, kind="stable")[-50:]
    return len({
        tuple(sorted((concept, round(value, 9)) for concept, value in results[i].roles[role].contributions
                     if abs(value) > 1e-12))
        for i in top
    })


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
