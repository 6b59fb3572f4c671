"""Throughput of ``rolefit.extract_skills_many`` against bare spaCy, in the same run.

Data: the real, MIT-licensed Djinni CVs in ``../shared/data`` (1,661 excerpts of <= 600
characters plus 520 full CVs of ~1,500 characters).

Baseline: ``spacy.blank("en")`` tokenizer + a ``PhraseMatcher`` (attr LOWER) over the same
surface forms, no normalisation, no context rules. Prints docs/s for both, the ratio
(rolefit / bare; target >= 0.6) and characters/s. One process, one core.

Run: ``.venv/bin/python benchmarks/extract_throughput.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ROLEFIT_SHARED_DATA", REPO.parent / "shared" / "data"))


def load_cvs() -> list[str]:
    """The real Djinni CV texts (both files)."""
    texts: list[str] = []
    with (SHARED / "djinni_cv_excerpts_2400" / "candidates_dev.csv").open(encoding="utf-8", newline="") as fh:
        texts += [r["cv_excerpt"] for r in csv.DictReader(fh)]
    with (SHARED / "djinni_cv_pm_design_520" / "djinni_cv_pm_design_520.csv").open(encoding="utf-8", newline="") as fh:
        texts += [r["CV"] for r in csv.DictReader(fh)]
    return texts


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions; the best is reported")
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1

    import spacy
    from spacy.matcher import PhraseMatcher

    from rolefit.nlp import get_extractor
    from rolefit.taxonomy import default_taxonomy

    texts = load_cvs()
    n_chars = sum(map(len, texts))
    taxonomy = default_taxonomy()
    extractor = get_extractor()

    bare = spacy.blank("en")
    matcher = PhraseMatcher(bare.vocab, attr="LOWER")
    for concept in taxonomy.concepts:
        matcher.add(concept.id, list(bare.tokenizer.pipe(concept.surface_forms)))

    def run_bare() -> None:
        for doc in bare.pipe(texts, batch_size=args.batch_size):
            matcher(doc)

    def run_rolefit() -> None:
        extractor.extract_many(texts, batch_size=args.batch_size)

    run_bare(), run_rolefit()  # warm-up
    t_bare = best_of(run_bare, args.repeat)
    t_rf = best_of(run_rolefit, args.repeat)
    n = len(texts)
    print(f"documents: {n:,} real Djinni CVs, {n_chars:,} characters ({n_chars / n:,.0f} per CV)")
    print(f"taxonomy: {len(taxonomy)} concepts, {sum(len(c.surface_forms) for c in taxonomy.concepts)} surface forms")
    print(f"bare spaCy tokenizer + PhraseMatcher: {n / t_bare:8,.0f} docs/s  {n_chars / t_bare / 1e6:6.2f} M chars/s")
    print(f"rolefit extract_skills_many:          {n / t_rf:8,.0f} docs/s  {n_chars / t_rf / 1e6:6.2f} M chars/s")
    print(f"ratio rolefit / bare: {t_bare / t_rf:.2f}  (target >= 0.60; target >= 1,000 docs/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
