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
    proba = np.array([[r.roles[k].probability for k in scorer.roles] for r in scorer.score_many(texts)])
    full = slice(len(texts) - n_full, len(texts))  # load_cvs puts the 520 full CVs last
    print(f"model {scorer.model_id}")
    for j, role in enumerate(scorer.roles):
        print(f"{role}: top-50 distinct {top50_distinct(proba[:, j])} of all {len(texts)} CVs, "
              f"{top50_distinct(proba[full, j])} of the {n_full} full CVs")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
