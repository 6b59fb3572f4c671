"""Draw the seeded sample for the hand-checked precision study of skill mentions.

Data: the real Djinni CVs in ``../shared/data`` (MIT; see each folder's SOURCE.md). The
sample is every negated mention plus a seeded random sample of the others; each row names
the file, the row and the character offsets, so the committed sheet holds no CV text.

    python scripts/precision_sample.py --n 200 --seed 11 --out benchmarks/precision_sheet.csv
    python scripts/precision_sample.py --show benchmarks/precision_sheet.csv   # contexts, for the judge

Rubric (column ``judgement``): ``correct`` (the concept is meant and, for a negated mention,
really disclaimed / for a non-negated one not disclaimed), ``wrong_sense`` (the words mean
something else: "vital statistics"), ``wrong_concept`` (a skill is meant, but another
concept), ``not_practised`` (the concept is meant but the CV does not claim practising it
while the mention is not negated) and, for negated mentions, ``wrongly_negated``.
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
SOURCES = {
    "djinni_cv_excerpts_2400/candidates_dev.csv": "cv_excerpt",
    "djinni_cv_pm_design_520/djinni_cv_pm_design_520.csv": "CV",
}
FIELDS = ["sample_id", "file", "row", "start_char", "end_char", "concept_id", "negated", "cue_rule", "judgement", "note"]


def load() -> list[tuple[str, int, str]]:
    out = []
    for rel, column in SOURCES.items():
        with (SHARED / rel).open(encoding="utf-8", newline="") as fh:
            out += [(rel, i, r[column]) for i, r in enumerate(csv.DictReader(fh))]
    return out


def draw(n: int, seed: int) -> list[dict[str, object]]:
    from rolefit.nlp import extract_skills_many

    docs = load()
    rows = []
    for (rel, i, _text), mentions in zip(docs, extract_skills_many([t for _, _, t in docs])):
        rows += [(rel, i, m) for m in mentions]
    negated = [r for r in rows if r[2].negated]
    rest = [r for r in rows if not r[2].negated]
    picked = sorted(random.Random(seed).sample(range(len(rest)), n))
    out = []
    for k, (rel, i, m) in enumerate(negated + [rest[j] for j in picked]):
        out.append({"sample_id": k, "file": rel, "row": i, "start_char": m.start_char, "end_char": m.end_char,
                    "concept_id": m.concept_id, "negated": m.negated, "cue_rule": m.cue_rule or "",
                    "judgement": "", "note": ""})
    return out


def show(sheet: Path) -> None:
    texts = {(rel, i): t for rel, i, t in load()}
    with sheet.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            t = texts[(r["file"], int(r["row"]))]
            a, b = int(r["start_char"]), int(r["end_char"])
            ctx = (t[max(0, a - 70):a] + "[[" + t[a:b] + "]]" + t[b:b + 50]).replace("\n", " / ")
            print(f'{r["sample_id"]}\t{r["concept_id"]}\t{"NEG:" + r["cue_rule"] if r["negated"] == "True" else ""}\t{ctx}')


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "precision_sheet.csv")
    p.add_argument("--show", type=Path, help="print each sheet row with its CV context (not saved)")
    args = p.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    if args.show:
        show(args.show)
        return 0
    rows = draw(args.n, args.seed)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows ({sum(r['negated'] for r in rows)} negated) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
