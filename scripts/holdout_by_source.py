"""Held-out metrics per training source, from a training report's ``holdout_predictions.csv``.

The held-out split of ``make model`` mixes Djinni CVs and O*NET occupation documents; the
O*NET negatives are easy, so the mixed figures flatter the model. This prints ROC-AUC and
ECE (10 equal-width bins) per source -- Djinni rows are those whose id does not contain
``onet-`` -- for the model and the TF-IDF baseline.

Usage: python scripts/holdout_by_source.py [REPORT_DIR]   (default reports/rolefit-default)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import roc_auc_score

from rolefit.ml import expected_calibration_error

ROLES = ("ai_operations_manager", "mlops_engineer")


def main(argv: list[str]) -> int:
    report = Path(argv[0]) if argv else Path("reports/rolefit-default")
    frame = pd.read_csv(report / "holdout_predictions.csv", dtype={"row": str})
    onet = frame["row"].str.contains("onet-", regex=False)
    print("| rows | role | n | positives | ROC-AUC | ECE | TF-IDF ROC-AUC | TF-IDF ECE |")
    print("|---|---|---|---|---|---|---|---|")
    for name, sub in (("all", frame), ("Djinni only", frame[~onet]), ("O*NET only", frame[onet])):
        for role in ROLES:
            y, p, b = sub[f"label_{role}"], sub[f"p_{role}"], sub[f"p_baseline_{role}"]
            if y.nunique() < 2:
                print(f"| {name} | {role} | {len(sub)} | {int(y.sum())} | - | - | - | - |")
                continue
            print(
                f"| {name} | {role} | {len(sub)} | {int(y.sum())} | {roc_auc_score(y, p):.3f} | "
                f"{expected_calibration_error(y, p):.3f} | {roc_auc_score(y, b):.3f} | "
                f"{expected_calibration_error(y, b):.3f} |"
            )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", default="reports/rolefit-default", help="the report folder `make model` wrote")
    raise SystemExit(main([parser.parse_args().report]))
