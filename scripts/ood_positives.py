"""Where the out-of-domain ranking loses: each role's out-of-domain positives, lowest first.

Scores ``corpora/occupations_ood.csv`` with the shipped model, as users would
(``rolefit.load().score_many``), and prints, per role, the positive documents' probabilities
grouped by occupation (lowest first) next to the negatives that score highest. A positive that
scores below many negatives is what costs ROC-AUC. The out-of-domain labels are proxies for
the role *family* (``corpora/occupation_labels.csv`` says which occupation stands in for which
role and why), so a low probability for, say, a network administrator is a miss of the proxy
label, not necessarily of the role.

Usage: python scripts/ood_positives.py [--top 10]   (about 10 seconds)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import rolefit

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="highest-scoring negatives to show per role")
    args = parser.parse_args()
    docs = pd.read_csv(REPO / "corpora" / "occupations_ood.csv")
    scorer = rolefit.load()
    results = scorer.score_many(docs["text"].tolist())
    print(f"model {scorer.model_id}; {len(docs)} out-of-domain documents")
    for role in scorer.roles:
        p = pd.Series([r.roles[role].probability for r in results], index=docs.index)
        positive = docs["labels"].str.split("|").apply(lambda labels: role in labels)
        by_occupation = (
            pd.DataFrame({"source": docs["source"], "occupation": docs["occupation"], "p": p})[positive]
            .groupby(["source", "occupation"])["p"].agg(["count", "min", "median", "max"])
            .sort_values("median")
        )
        below = [(p[~positive] > value).mean() for value in by_occupation["median"]]
        by_occupation["negatives above the median"] = [f"{share:.1%}" for share in below]
        print(f"\n{role}: {int(positive.sum())} positives, by occupation (probability)")
        print(by_occupation.round(3).to_string())
        top = docs.loc[p[~positive].sort_values(ascending=False).index[: args.top], ["source", "occupation"]]
        top["p"] = p[top.index].round(3)
        print(f"highest-scoring negatives for {role}:")
        print(top.to_string(index=False))


if __name__ == "__main__":
    main()
