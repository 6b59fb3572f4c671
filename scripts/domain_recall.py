"""Recall of skill mentions on a hand-checked set of real CVs from the two roles' domains.

Data: Djinni CV excerpts in ``../shared/data/djinni_cv_excerpts_2400`` (MIT; see SOURCE.md).
A seeded draw of CVs whose primary keyword is DevOps or Data Science (the MLOps domain) or
Project / Product Manager (the AI-operations domain). For each, a person listed every skill
the CV claims to practise that belongs to the roles' domains (tools, platforms, languages,
certifications, methods, governance and management skills), as concept ids of the bundled
taxonomy, in ``benchmarks/domain_recall_gold.csv`` (``cv_id, concept_id, as_written``; ids of
CVs, no CV text). Skills the taxonomy has no concept for are listed with ``concept_id`` empty
and count as misses of the lexicon.

    python scripts/domain_recall.py --show          # print the drawn CVs (for the annotator)
    python scripts/domain_recall.py                 # recall of the gold list
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ROLEFIT_SHARED_DATA", REPO.parent / "shared" / "data"))
GOLD = REPO / "benchmarks" / "domain_recall_gold.csv"
DRAW = {"DevOps": 6, "Data Science": 4, "Project Manager": 4, "Product Manager": 2}
SEED = 7


def drawn() -> list[dict[str, str]]:
    with (SHARED / "djinni_cv_excerpts_2400" / "candidates_dev.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rng = random.Random(SEED)
    out = []
    for keyword, n in DRAW.items():
        pool = [r for r in rows if r["primary_keyword"] == keyword]
        out += rng.sample(pool, n)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show", action="store_true")
    args = p.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    cvs = drawn()
    if args.show:
        for r in cvs:
            print(f"=== {r['id']} ({r['primary_keyword']})\n{r['cv_excerpt']}\n")
        return 0
    from rolefit.nlp import extract_skills_many

    found = {
        r["id"]: {m.concept_id for m in ms if not m.negated}
        for r, ms in zip(cvs, extract_skills_many([r["cv_excerpt"] for r in cvs]))
    }
    with GOLD.open(encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    mapped = [g for g in gold if g["concept_id"]]
    hits = [g for g in mapped if g["concept_id"] in found[g["cv_id"]]]
    print(f"{len(cvs)} CVs, {len(gold)} hand-listed domain skills, {len(mapped)} with a taxonomy concept")
    print(f"recall of concepts the taxonomy has: {len(hits)}/{len(mapped)} = {len(hits) / len(mapped):.1%}")
    print(f"recall of all hand-listed skills:    {len(hits)}/{len(gold)} = {len(hits) / len(gold):.1%}")
    for g in gold:
        if g not in hits:
            print(f"  miss: {g['cv_id'][:8]} {g['concept_id'] or '(no concept)'}: {g['as_written']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
