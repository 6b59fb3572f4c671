"""Throughput, cold start and peak memory of ``rolefit.score_many``.

Data: the real, MIT-licensed Djinni CVs in ``../shared/data`` (see extract_throughput.py):
the 2,181 CVs as they are (median 600 characters: "short"), and "long" documents of
5,000+ characters made by joining consecutive full CVs of the 520 set (no real CV there is
that long; joining keeps the text real). Baseline in the same run: bare ``spacy.blank("en")``
tokenizer + ``PhraseMatcher`` over the same surface forms. Prints docs/s for both and the
ratio (targets: >= 0.6 short, >= 0.8 long), the cold start (``import rolefit`` + first
``score``, in a fresh process; target <= 1 s) and the peak RSS of that process after scoring
every CV (target <= 300 MB), and a Markdown table for the README (``--markdown``).

Run: ``.venv/bin/python benchmarks/score_throughput.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_throughput import SHARED, best_of, load_cvs  # noqa: E402

COLD = """
import resource, sys, time
t0 = time.perf_counter()
import rolefit
rolefit.score("Skills: Kubernetes, Docker, Terraform")
cold = time.perf_counter() - t0
sys.path.insert(0, {bench!r})
from extract_throughput import load_cvs
rolefit.score_many(load_cvs())
print(cold, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def long_cvs(min_chars: int = 5000) -> list[str]:
    """Consecutive full Djinni CVs joined until each document has ``min_chars`` characters."""
    import csv

    from extract_throughput import SHARED as shared

    with (shared / "djinni_cv_pm_design_520" / "djinni_cv_pm_design_520.csv").open(encoding="utf-8", newline="") as fh:
        full = [r["CV"] for r in csv.DictReader(fh)]
    docs, cur = [], []
    for t in full:
        cur.append(t)
        if sum(map(len, cur)) + 2 * len(cur) >= min_chars:
            docs.append("\n\n".join(cur))
            cur = []
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1

    import spacy
    from spacy.matcher import PhraseMatcher

    import rolefit
    from rolefit.taxonomy import default_taxonomy

    scorer = rolefit.load()
    bare = spacy.blank("en")
    matcher = PhraseMatcher(bare.vocab, attr="LOWER")
    for concept in default_taxonomy().concepts:
        matcher.add(concept.id, list(bare.tokenizer.pipe(concept.surface_forms)))
    rows = []
    for name, texts in (("short (Djinni CVs, median 600 chars)", load_cvs()), ("long (5,000+ chars)", long_cvs())):

        def run_bare() -> None:
            for doc in bare.pipe(texts, batch_size=256):
                matcher(doc)

        def run_rolefit() -> None:
            scorer.score_many(texts, batch_size=args.batch_size)

        run_bare(), run_rolefit()
        t_bare, t_rf = best_of(run_bare, args.repeat), best_of(run_rolefit, args.repeat)
        n = len(texts)
        rows.append((name, n, n / t_bare, n / t_rf, t_bare / t_rf))
        print(f"{name}: {n:,} documents; model {scorer.model_id}")
        print(f"  bare spaCy tokenizer + PhraseMatcher: {n / t_bare:8,.0f} docs/s")
        print(f"  rolefit score_many (batch {args.batch_size}):    {n / t_rf:8,.0f} docs/s")
        print(f"  ratio rolefit / bare: {t_bare / t_rf:.2f}")
    bench = str(Path(__file__).resolve().parent)
    out = subprocess.run([sys.executable, "-c", COLD.format(bench=bench)], capture_output=True, text=True, check=True)
    cold, rss = map(float, out.stdout.split())
    print(f"cold start (import rolefit + first score, fresh process): {cold:.2f} s  (target <= 1 s)")
    print(f"peak RSS after scoring all 2,181 CVs in that process: {rss:.0f} MB  (target <= 300 MB)")
    if args.markdown:
        print()
        print("| documents | n | bare spaCy + PhraseMatcher (docs/s) | rolefit score_many (docs/s) | ratio | target |")
        print("|---|---|---|---|---|---|")
        for (name, n, bare_rate, rf_rate, ratio), target in zip(rows, ("0.6", "0.8")):
            print(f"| {name} | {n:,} | {bare_rate:,.0f} | {rf_rate:,.0f} | {ratio:.2f} | >= {target} |")
        print(f"| cold start: import + first score (s) | | | {cold:.2f} | | <= 1 |")
        print(f"| peak RSS after 2,181 CVs (MB) | | | {rss:.0f} | | <= 300 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
