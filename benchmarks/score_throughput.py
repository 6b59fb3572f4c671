"""Throughput, cold start and peak memory of ``rolefit.score_many``.

Data: the real, MIT-licensed Djinni CVs in ``../shared/data`` (see extract_throughput.py):
the 2,181 CVs as they are (median 600 characters: "short"), and "long" documents of
5,000+ characters made by joining consecutive full CVs of the 520 set (no real CV there is
that long; joining keeps the text real). Baseline in the same run: bare ``spacy.blank("en")``
tokenizer + ``PhraseMatcher`` over the same surface forms. Prints docs/s for both and the
ratio (targets: >= 0.6 short, >= 0.8 long), the cold start (``import rolefit`` + first
``score`` of a real CV, in a fresh process; target <= 1 s; ``cold_start.py`` has the
breakdown over several processes) and the peak RSS of that process after scoring every CV
(target <= 300 MB), and a Markdown table for docs/performance.md (``--markdown``).

The two are run alternately ``--repeat`` times; the ratio is the median of CPU time
(``time.process_time``), which the other processes on a shared machine disturb far less than
wall time; wall-clock rates are printed too, with the load average.

Run: ``.venv/bin/python benchmarks/score_throughput.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_start import CV  # noqa: E402
from extract_throughput import SHARED, load_cvs, timed  # noqa: E402

COLD = """
import resource, sys, time
t0 = time.perf_counter()
import rolefit
rolefit.score(open({cv!r}, encoding="utf-8").read())
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
    parser.add_argument("--markdown", action="store_true", help="also print the docs/performance.md table")
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

        run_bare(), run_rolefit()  # warm-up
        bare_runs, rf_runs = [], []
        for _ in range(args.repeat):  # alternately, so that load from other processes hits both alike
            bare_runs.append(timed(run_bare))
            rf_runs.append(timed(run_rolefit))
        t_bare, t_rf = median(c for _, c in bare_runs), median(c for _, c in rf_runs)
        w_bare, w_rf = median(w for w, _ in bare_runs), median(w for w, _ in rf_runs)
        ratios = sorted(b[1] / r[1] for b, r in zip(bare_runs, rf_runs))
        n = len(texts)
        rows.append((name, n, n / t_bare, n / t_rf, t_bare / t_rf))
        print(f"{name}: {n:,} documents; model {scorer.model_id}")
        print(f"  bare spaCy tokenizer + PhraseMatcher: {n / t_bare:8,.0f} docs/s per CPU second ({n / w_bare:,.0f} wall)")
        print(f"  rolefit score_many (batch {args.batch_size}):    {n / t_rf:8,.0f} docs/s per CPU second ({n / w_rf:,.0f} wall)")
        print(f"  ratio rolefit / bare (CPU time, median of {args.repeat}): {t_bare / t_rf:.2f}"
              f"  per-run {ratios[0]:.2f}-{ratios[-1]:.2f}  (wall: {w_bare / w_rf:.2f})")
    bench = str(Path(__file__).resolve().parent)
    code = COLD.format(bench=bench, cv=str(CV))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    cold, rss = map(float, out.stdout.split())
    print(f"cold start (import rolefit + first score, fresh process): {cold:.2f} s  (target <= 1 s)")
    print(f"peak RSS after scoring all 2,181 CVs in that process: {rss:.0f} MB  (target <= 300 MB)")
    load = os.getloadavg()
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.markdown:
        print()
        print("| documents | n | bare spaCy + PhraseMatcher (docs/s per CPU s) | rolefit score_many (docs/s per CPU s) | ratio (CPU) | target |")
        print("|---|---|---|---|---|---|")
        for (name, n, bare_rate, rf_rate, ratio), target in zip(rows, ("0.6", "0.8")):
            print(f"| {name} | {n:,} | {bare_rate:,.0f} | {rf_rate:,.0f} | {ratio:.2f} | >= {target} |")
        print(f"| cold start: import + first score (s) | | | {cold:.2f} | | <= 1 |")
        print(f"| peak RSS after 2,181 CVs (MB) | | | {rss:.0f} | | <= 300 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
