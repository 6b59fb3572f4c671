"""Throughput of ``rolefit.extract_skills_many`` against bare spaCy, in the same run.

Data: the real, MIT-licensed Djinni CVs in ``../shared/data`` (1,661 excerpts of <= 600
characters plus 520 full CVs of ~1,500 characters).

Baseline: ``spacy.blank("en")`` tokenizer + a ``PhraseMatcher`` (attr LOWER) over the same
surface forms, no normalisation, no context rules. Prints docs/s for both, the ratio
(rolefit / bare; target >= 0.6) and characters/s. One process, one core. The two are run
alternately ``--repeat`` times; the figures are medians of CPU time (``time.process_time``),
which other processes on a shared machine disturb far less than wall time.

``--stages`` also prints the CPU time of each stage of rolefit's pipeline on the same
documents (normaliser, spaCy's tokenizer, each component, building the mention tuples;
best of ``--repeat``), run one stage at a time on docs made by the stages before it.

Run: ``.venv/bin/python benchmarks/extract_throughput.py [--repeat 5] [--stages]``
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from statistics import median
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
    """The shortest wall time of ``repeat`` calls (used by score_throughput.py)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (alternating); medians are reported")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--stages", action="store_true", help="also time each stage of the pipeline")
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
    # alternate the two so that load from other processes hits both alike; CPU time is the
    # figure that matters on a shared machine (wall time is printed too)
    bare_runs, rf_runs = [], []
    for _ in range(args.repeat):
        bare_runs.append(timed(run_bare))
        rf_runs.append(timed(run_rolefit))
    wall_bare, t_bare = median(w for w, _ in bare_runs), median(c for _, c in bare_runs)
    wall_rf, t_rf = median(w for w, _ in rf_runs), median(c for _, c in rf_runs)
    ratios = sorted(b[1] / r[1] for b, r in zip(bare_runs, rf_runs))
    n = len(texts)
    print(f"documents: {n:,} real Djinni CVs, {n_chars:,} characters ({n_chars / n:,.0f} per CV)")
    print(f"taxonomy: {len(taxonomy)} concepts, {sum(len(c.surface_forms) for c in taxonomy.concepts)} surface forms")
    print(f"repeats: {args.repeat} (medians; docs/s per CPU second)")
    print(f"bare spaCy tokenizer + PhraseMatcher: {n / t_bare:8,.0f} docs/s  {n_chars / t_bare / 1e6:6.2f} M chars/s"
          f"  (CPU {t_bare:.3f} s, wall {wall_bare:.3f} s)")
    print(f"rolefit extract_skills_many:          {n / t_rf:8,.0f} docs/s  {n_chars / t_rf / 1e6:6.2f} M chars/s"
          f"  (CPU {t_rf:.3f} s, wall {wall_rf:.3f} s)")
    print(f"ratio rolefit / bare (CPU time): {t_bare / t_rf:.2f}  per-run range {ratios[0]:.2f}-{ratios[-1]:.2f}"
          f"  (wall: {wall_bare / wall_rf:.2f}; target >= 0.60; target >= 1,000 docs/s)")
    if args.stages:
        print_stages(extractor, texts, args.repeat)
    return 0


def print_stages(extractor, texts: list[str], repeat: int) -> None:  # noqa: ANN001
    """CPU seconds of each stage of the pipeline over ``texts`` (best of ``repeat``)."""
    def best(fn) -> float:  # noqa: ANN001
        return min(timed(fn)[1] for _ in range(max(1, repeat)))

    nlp = extractor.nlp
    normaliser, tokenizer = nlp.tokenizer.normaliser, nlp.tokenizer.tokenizer
    normalised = [normaliser(t).text for t in texts]
    print("stages (CPU s, best of repeats, for all documents):")
    print(f"  normaliser                 {best(lambda: [normaliser(t) for t in texts]):.3f}")
    print(f"  spaCy tokenizer            {best(lambda: [tokenizer(t) for t in normalised]):.3f}")
    docs = [nlp.tokenizer(t) for t in texts]
    for name, pipe in nlp.pipeline:
        def run(pipe=pipe) -> None:  # noqa: ANN001
            for doc in docs:
                pipe(doc)
        # a component may rewrite what the next one reads: run each on the output of the
        # ones before it (the docs keep their state between repeats, as in one pass)
        states = [dict(d.user_data) for d in docs]

        def reset_and_run(pipe=pipe, states=states) -> None:  # noqa: ANN001
            for doc, state in zip(docs, states):
                doc.user_data.clear()
                doc.user_data.update(state)
            run(pipe)
        print(f"  {name:<26} {best(reset_and_run):.3f}")
    print(f"  mention tuples             {best(lambda: [extractor.mentions(d) for d in docs]):.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
