"""How much of the shipped model's out-of-domain ranking rests on job titles, and on which.

Scores ``corpora/occupations_ood.csv`` with the shipped model (``models/rolefit-default``)
four times, changing only which job-title mentions are kept before the features are built:

``all titles``        as users see it;
``no titles``         every ``job_title`` mention dropped (the skills part of the same model);
``no role classes``   the classes whose SOC codes are the label occupations' own families
                      dropped (``title_it_manager``, ``title_it_operations``,
                      ``title_data_ml``): what is left is what the title says about *other*
                      occupations (``title_other``, ``title_manager``...);
``no other classes``  the reverse: only the role-family classes kept.

The role-family classes are where leakage could hide: the lexicon classes 11-3021 as IT
manager, and 11-3021 is also what the training labels call ``ai_operations_manager``; an
ESCO "ICT operations manager" document whose title is an O*NET 11-3021 title is ranked up
by a class that restates the label rule. The lexicon never holds a held-out O*NET group's
titles and reads no ESCO label (``scripts/build_title_lexicon.py``), so for the O*NET part
there is no such path; for the ESCO part the ``no role classes`` row bounds it.

ROC-AUC per role and OOD source. Also prints how many OOD documents have a title mention and
how many of those titles are rolefit's own (``soc_codes`` = ``rolefit``).

Then the "has a title => none" check. Nearly every composed occupation document has a title
line, few Djinni CVs do, so a model could learn that having a title means ``none``. The
features are per title class (a presence column per class; the kind/group counts that a title
adds to are constrained non-decreasing), and this measures it: on the Djinni CVs of each
role, the mean change in that role's probability when one title line is put first.

Usage: python scripts/title_ablation.py  (about 1 minute on 2 cores)
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

import rolefit
from rolefit.ml import concept_evidence
from rolefit.nlp import extract_skills_many
from rolefit.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[1]
ROLE_CLASSES = {"title_it_manager", "title_it_operations", "title_data_ml"}


def main() -> None:
    ood = pd.read_csv(ROOT / "corpora" / "occupations_ood.csv", dtype=str, keep_default_na=False)
    scorer = rolefit.load()
    tax = default_taxonomy()
    titles = {c.id for c in tax.concepts if c.kind == "job_title"}
    with (ROOT / "src" / "rolefit" / "data" / "job_titles.csv").open(encoding="utf-8") as fh:
        own = {r["title"] for r in csv.DictReader(fh) if r["soc_codes"] == "rolefit"}
    mentions = extract_skills_many(list(ood.text))
    n_title = sum(any(m.concept_id in titles for m in ms) for ms in mentions)
    n_own = sum(any(m.concept_id in titles and " ".join(m.text.lower().split()) in own for m in ms) for ms in mentions)
    print(f"OOD documents: {len(ood)}; with a title mention: {n_title}; with one of rolefit's own titles: {n_own}")
    variants = {
        "all titles": lambda c: True,
        "no titles": lambda c: c not in titles,
        "no role classes": lambda c: c not in ROLE_CLASSES,
        "no other classes": lambda c: c not in titles or c in ROLE_CLASSES,
    }
    sources = ["all", *sorted(set(ood.source))]
    print("| variant | role | " + " | ".join(sources) + " |")
    print("|---|---|" + "---|" * len(sources))
    for name, keep in variants.items():
        evidence = [concept_evidence([m for m in ms if keep(m.concept_id)]) for ms in mentions]
        proba = np.vstack([p for p, _, _ in scorer._additive(evidence)])
        for j, role in enumerate(scorer.roles):
            y = np.array([role in lab.split(";") for lab in ood.labels])
            cells = []
            for s in sources:
                m = np.ones(len(ood), bool) if s == "all" else (ood.source == s).to_numpy()
                cells.append(f"{roc_auc_score(y[m], proba[m, j]):.3f}")
            print(f"| {name} | {role} | " + " | ".join(cells) + " |")
    djinni = pd.read_csv(ROOT / "corpora" / "djinni_roles.csv", dtype=str, keep_default_na=False)
    heads = ["", "DevOps Engineer", "Data Scientist", "IT Manager", "Project Manager", "Sales Manager", "Head Chef"]
    print("\nDjinni CVs of each role: mean probability of the role with a title line put first")
    print("| role | CVs | " + " | ".join(h or "no title" for h in heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    for j, role in enumerate(scorer.roles):
        texts = list(djinni.text[djinni.labels == role])
        cells = []
        for h in heads:
            ev = [concept_evidence(ms) for ms in extract_skills_many([(h + "\n" if h else "") + t for t in texts])]
            cells.append(f"{np.mean([p[j] for p, _, _ in scorer._additive(ev)]):.3f}")
        print(f"| {role} | {len(texts)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
