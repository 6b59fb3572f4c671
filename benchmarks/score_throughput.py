"""Throughput, cold start and peak memory of ``rolefit.score_many``.

Data: the real, MIT-licensed Djinni CVs in ``../shared/data`` (see extract_throughput.py).
Baseline in the same run: bare ``spacy.blank("en")`` tokenizer + ``PhraseMatcher`` over the
same surface forms. Prints docs/s for both and the ratio (target >= 0.6), the cold start
(``import rolefit`` + first ``score``, in a fresh process; target <= 1 s) and the peak RSS of
that process after scoring every CV (target <= 300 MB).

Run: ``.venv/bin/python benchmarks/score_throughput.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1

    import spacy
    from spacy.matcher import PhraseMatcher

    import rolefit
    from rolefit.taxonomy import default_taxonomy

    texts = load_cvs()
    scorer = rolefit.load()
    bare = spacy.blank("en")
    matcher = PhraseMatcher(bare.vocab, attr="LOWER")
    for concept in default_taxonomy().concepts:
        matcher.add(concept.id, list(bare.tokenizer.pipe(concept.surface_forms)))

    def run_bare() -> None:
        for doc in bare.pipe(texts, batch_size=256):
            matcher(doc)

    def run_rolefit() -> None:
        scorer.score_many(texts, batch_size=args.batch_size)

    run_bare(), run_rolefit()
    t_bare, t_rf = best_of(run_bare, args.repeat), best_of(run_rolefit, args.repeat)
    n = len(texts)
    print(f"documents: {n:,} real Djinni CVs; model {scorer.model_id}")
    print(f"bare spaCy tokenizer + PhraseMatcher: {n / t_bare:8,.0f} docs/s")
    print(f"rolefit score_many (batch {args.batch_size}):    {n / t_rf:8,.0f} docs/s")
    print(f"ratio rolefit / bare: {t_bare / t_rf:.2f}  (target >= 0.60)")
    bench = str(Path(__file__).resolve().parent)
    out = subprocess.run([sys.executable, "-c", COLD.format(bench=bench)], capture_output=True, text=True, check=True)
    cold, rss = map(float, out.stdout.split())
    print(f"cold start (import rolefit + first score, fresh process): {cold:.2f} s  (target <= 1 s)")
    print(f"peak RSS after scoring all {n:,} CVs in that process: {rss:.0f} MB  (target <= 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
