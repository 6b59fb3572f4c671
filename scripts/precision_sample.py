"""Draw, show and score the hand-checked precision study of skill mentions.

Data: the real Djinni CVs in ``../shared/data`` (MIT; see each folder's SOURCE.md). The
sample is every negated mention (a census: the CVs hold few) plus a seeded random sample of
the others; each row names the file, the row and the character offsets, so a committed sheet
holds no CV text.

    python scripts/precision_sample.py --n 200 --seed 11 --out benchmarks/precision_sheet.csv
    python scripts/precision_sample.py --n 200 --seed 23 --exclude benchmarks/precision_sheet.csv \\
        --out benchmarks/precision_sheet_seed23.csv     # fresh draw, none of the seed-11 random rows
    python scripts/precision_sample.py --n 200 --seed 31 --exclude benchmarks/precision_sheet.csv \\
        --exclude benchmarks/precision_sheet_seed23.csv --out benchmarks/precision_sheet_seed31.csv
    python scripts/precision_sample.py --show benchmarks/precision_sheet.csv   # contexts, for the judge
    python scripts/precision_sample.py --blank benchmarks/precision_sheet.csv --out judge2.csv
    python scripts/precision_sample.py --figures benchmarks/precision_sheet*.csv
    python scripts/precision_sample.py --compare benchmarks/precision_sheet.csv benchmarks/precision_sheet_judge2.csv

``--exclude`` (repeatable) removes the mentions of an existing sheet from the random part only (negated
mentions are always all listed). ``--blank`` copies a sheet with empty judgements, for a
second judge who must not see the first one's. ``--figures`` prints mention precision
(non-negated rows) and negation precision (negated rows) with 95 % Wilson intervals
(``scipy.stats.binomtest``) and the count of each judgement; ``--compare`` prints the
agreement of two judges on correct vs not correct, Cohen's kappa
(``sklearn.metrics.cohen_kappa_score``) and every row they disagree on. Nothing overwrites a
sheet unless ``--force`` is given.

Rubric (column ``judgement``): ``correct`` (the concept is meant and, for a negated mention,
really disclaimed / for a non-negated one not disclaimed), ``wrong_sense`` (the words mean
something else: "vital statistics"), ``wrong_concept`` (a skill is meant, but another
concept), ``not_practised`` (the concept is meant but the CV does not claim practising it
while the mention is not negated) and, for negated mentions, ``wrongly_negated``. Column
``note`` says why, for every row that is not ``correct``, without quoting the CV.

Conventions (what earlier judges did, written down after the seed-97 reading, where one judge
read negations differently): judge a mention by its own sentence and the CV around it, not by
the whole CV -- a course, wish or interest mention is correctly negated even when the same CV
shows the skill in practice elsewhere (that practised mention is a mention of its own, and
counts as evidence); work done inside a course, school or university project is not practice;
a job title that is the candidate's own, where a title stands, is correct for a title concept;
meeting or exceeding targets ("met the KPIs") is not KPI management (setting and tracking
them), which is what the ``met_targets`` rule encodes -- the seed-97 judges were told the
opposite, and their sheet is read with that in mind.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ROLEFIT_SHARED_DATA", REPO.parent / "shared" / "data"))
SOURCES = {
    "djinni_cv_excerpts_2400/candidates_dev.csv": "cv_excerpt",
    "djinni_cv_pm_design_520/djinni_cv_pm_design_520.csv": "CV",
}
FIELDS = ["sample_id", "file", "row", "start_char", "end_char", "concept_id", "negated", "cue_rule", "judgement", "note"]
JUDGEMENTS = ("correct", "wrong_sense", "wrong_concept", "not_practised", "wrongly_negated")
KEY = ("file", "row", "start_char", "end_char", "concept_id")


def load() -> list[tuple[str, int, str]]:
    out = []
    for rel, column in SOURCES.items():
        with (SHARED / rel).open(encoding="utf-8", newline="") as fh:
            out += [(rel, i, r[column]) for i, r in enumerate(csv.DictReader(fh))]
    return out


def read_sheet(path: Path) -> list[dict[str, str]]:
    """Rows of a sheet; raises ValueError naming the file and row for a malformed one."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != FIELDS:
            raise ValueError(f"{path}: columns {reader.fieldnames}, expected {FIELDS}")
        rows = list(reader)
    for r in rows:
        if r["judgement"] not in ("", *JUDGEMENTS):
            raise ValueError(f"{path} sample {r['sample_id']}: judgement {r['judgement']!r}, expected one of {JUDGEMENTS}")
        if r["judgement"] == "wrongly_negated" and r["negated"] != "True":
            raise ValueError(f"{path} sample {r['sample_id']}: wrongly_negated on a mention that is not negated")
    return rows


def key(r: dict[str, object]) -> tuple[str, ...]:
    return tuple(str(r[k]) for k in KEY)


def draw(n: int, seed: int, exclude: set[tuple[str, ...]] = frozenset()) -> list[dict[str, object]]:
    from rolefit.nlp import extract_skills_many  # lazy: --show/--figures need no spaCy

    docs = load()
    rows = []
    for (rel, i, _text), mentions in zip(docs, extract_skills_many([t for _, _, t in docs])):
        rows += [(rel, i, m) for m in mentions]
    negated = [r for r in rows if r[2].negated]
    rest = [r for r in rows if not r[2].negated
            and (r[0], str(r[1]), str(r[2].start_char), str(r[2].end_char), r[2].concept_id) not in exclude]
    picked = sorted(random.Random(seed).sample(range(len(rest)), n))
    out = []
    for k, (rel, i, m) in enumerate(negated + [rest[j] for j in picked]):
        out.append({"sample_id": k, "file": rel, "row": i, "start_char": m.start_char, "end_char": m.end_char,
                    "concept_id": m.concept_id, "negated": m.negated, "cue_rule": m.cue_rule or "",
                    "judgement": "", "note": ""})
    return out


def show(sheet: Path, context: int) -> None:
    texts = {(rel, i): t for rel, i, t in load()}
    for r in read_sheet(sheet):
        t = texts[(r["file"], int(r["row"]))]
        a, b = int(r["start_char"]), int(r["end_char"])
        ctx = (t[max(0, a - context):a] + "[[" + t[a:b] + "]]" + t[b:b + context * 5 // 7]).replace("\n", " / ")
        print(f'{r["sample_id"]}\t{r["concept_id"]}\t{"NEG:" + r["cue_rule"] if r["negated"] == "True" else ""}\t{ctx}')


def wilson(k: int, n: int) -> tuple[float, float]:
    from scipy.stats import binomtest  # lazy: only --figures needs it (scipy comes with scikit-learn)

    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


def figures(sheet: Path) -> dict[str, dict[str, object]]:
    """Per part of a judged sheet (mention = not negated, negation = negated): k, n, CI, counts."""
    rows = read_sheet(sheet)
    if any(not r["judgement"] for r in rows):
        raise ValueError(f"{sheet}: {sum(not r['judgement'] for r in rows)} rows are not judged yet")
    out = {}
    for part, neg in (("mention", "False"), ("negation", "True")):
        js = [r["judgement"] for r in rows if r["negated"] == neg]
        k = js.count("correct")
        out[part] = {"k": k, "n": len(js), "ci": wilson(k, len(js)) if js else (float("nan"),) * 2,
                     "errors": Counter(j for j in js if j != "correct")}
    return out


def compare(first: Path, second: Path) -> tuple[dict[str, dict[str, float]], list[tuple[dict[str, str], dict[str, str]]]]:
    """Agreement of two judges on correct vs not correct, overall and per part, and the rows they disagree on.

    Each part maps to ``agree``, ``n``, ``kappa`` (Cohen's, nan when a judge gives one class only)
    and ``both_flag`` / ``first_only`` / ``second_only`` (rows judged not correct).
    """
    from sklearn.metrics import cohen_kappa_score  # lazy: only --compare needs it

    a, b = read_sheet(first), read_sheet(second)
    if [key(r) for r in a] != [key(r) for r in b]:
        raise ValueError(f"{first} and {second} do not list the same mentions in the same order")
    if any(not r["judgement"] for r in a + b):
        raise ValueError(f"{first} or {second} has rows that are not judged yet")
    parts = {}
    for part, keep in (("all", None), ("mention", "False"), ("negation", "True")):
        pairs = [(x["judgement"] == "correct", y["judgement"] == "correct") for x, y in zip(a, b)
                 if keep is None or x["negated"] == keep]
        ya, yb = [p[0] for p in pairs], [p[1] for p in pairs]
        kappa = float(cohen_kappa_score(ya, yb)) if len(set(ya) | set(yb)) > 1 else float("nan")
        parts[part] = {"agree": sum(x == y for x, y in pairs), "n": len(pairs), "kappa": kappa,
                       "both_flag": sum(not x and not y for x, y in pairs),
                       "first_only": sum(not x and y for x, y in pairs),
                       "second_only": sum(x and not y for x, y in pairs)}
    diff = [(x, y) for x, y in zip(a, b) if (x["judgement"] == "correct") != (y["judgement"] == "correct")]
    return parts, diff


def write(rows: list[dict[str, object]], out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists (it may hold judgements); choose another --out or pass --force")
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "precision_sheet.csv")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--exclude", type=Path, action="append", default=[],
                   help="leave the mentions of this sheet out of the random part (repeatable)")
    p.add_argument("--show", type=Path, help="print each sheet row with its CV context (not saved)")
    p.add_argument("--context", type=int, default=70, help="characters before a mention for --show (5/7 of it after)")
    p.add_argument("--blank", type=Path, help="copy this sheet to --out with the judgements emptied")
    p.add_argument("--figures", type=Path, nargs="+", help="precision figures of judged sheets")
    p.add_argument("--compare", type=Path, nargs=2, metavar=("FIRST", "SECOND"), help="agreement of two judges")
    args = p.parse_args(argv)
    try:
        if args.figures:
            for sheet in args.figures:
                for part, f in figures(sheet).items():
                    errs = ", ".join(f"{c} {j}" for j, c in sorted(f["errors"].items(), key=lambda x: (-x[1], x[0])))
                    pct = 100 * f["k"] / f["n"] if f["n"] else float("nan")
                    print(f"{sheet.name}\t{part} precision {f['k']}/{f['n']} = {pct:.1f} % "
                          f"(95 % Wilson {100 * f['ci'][0]:.1f}-{100 * f['ci'][1]:.1f} %)\t{errs or 'no errors'}")
            return 0
        if args.compare:
            parts, diff = compare(*args.compare)
            for part, c in parts.items():
                print(f"{part}: agreement on correct vs not correct {c['agree']}/{c['n']} = "
                      f"{100 * c['agree'] / c['n']:.1f} %, Cohen's kappa {c['kappa']:.3f}; not correct for "
                      f"both {c['both_flag']}, first only {c['first_only']}, second only {c['second_only']}")
            for x, y in diff:
                print(f"  sample {x['sample_id']} {x['concept_id']} negated={x['negated']}: "
                      f"{x['judgement']} ({x['note']}) | {y['judgement']} ({y['note']})")
            return 0
        if args.blank:
            write([{**r, "judgement": "", "note": ""} for r in read_sheet(args.blank)], args.out, args.force)
            return 0
        if not SHARED.is_dir():
            print(f"shared data not found at {SHARED}", file=sys.stderr)
            return 1
        if args.show:
            show(args.show, args.context)
            return 0
        exclude = {key(r) for sheet in args.exclude for r in read_sheet(sheet)}
        rows = draw(args.n, args.seed, exclude)
        write(rows, args.out, args.force)
    except (ValueError, FileExistsError) as e:
        print(e, file=sys.stderr)
        return 2
    print(f"{len(rows)} rows ({sum(r['negated'] for r in rows)} negated) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
