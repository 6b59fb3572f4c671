"""Where ``score_many`` (or ``extract_skills_many``) spends its CPU, by sampling.

cProfile times every call, which doubles the run and inflates the small Python functions
against the C code they call (spaCy's tokenizer, regexes), so its shares mislead here. This
samples instead: a ``SIGPROF`` timer (CPU time) interrupts the process every ``--interval``
milliseconds and counts the innermost frame that is rolefit's own code, by function and by
line; time in spaCy, numpy or a regex counts for the rolefit line that called it (the
tokenizer, for instance, is one line of ``NormalisingTokenizer.__call__``). A few per cent
of overhead; Unix only.

Data: the 2,181 Djinni CVs of ``extract_throughput.py`` (``--docs short``) or the 146 long
documents of ``score_throughput.py`` (``--docs long``), scored once to warm the caches, then
``--passes`` times while sampled.

Run: ``.venv/bin/python benchmarks/sample_profile.py [--what score|extract] [--docs short|long] [--passes 6]``
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections import Counter
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_throughput import SHARED, load_cvs  # noqa: E402
from score_throughput import long_cvs  # noqa: E402


def _own_frame(frame: FrameType | None) -> FrameType | None:
    """The innermost frame of ``frame``'s stack that runs rolefit's code, or None."""
    while frame is not None and "rolefit" not in Path(frame.f_code.co_filename).parts:
        frame = frame.f_back
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=["score", "extract"], default="score")
    parser.add_argument("--docs", choices=["short", "long"], default="short")
    parser.add_argument("--passes", type=int, default=6, help="sampled passes over the documents")
    parser.add_argument("--interval", type=float, default=0.5, help="milliseconds of CPU between samples")
    parser.add_argument("--top", type=int, default=30, help="rows per table")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1

    import rolefit

    texts = load_cvs() if args.docs == "short" else long_cvs()
    if args.what == "score":
        scorer = rolefit.load()

        def run() -> None:
            scorer.score_many(texts, batch_size=args.batch_size)
    else:

        def run() -> None:
            rolefit.extract_skills_many(texts, batch_size=args.batch_size)

    run()  # warm-up: models, caches
    by_function: Counter[tuple[str, str]] = Counter()
    by_line: Counter[tuple[str, int, str]] = Counter()
    outside = 0

    def sample(_signum: int, frame: FrameType | None) -> None:
        nonlocal outside
        own = _own_frame(frame)
        if own is None:
            outside += 1
            return
        name = Path(own.f_code.co_filename).name
        by_function[(name, own.f_code.co_name)] += 1
        by_line[(name, own.f_lineno, own.f_code.co_name)] += 1

    previous = signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, args.interval / 1000, args.interval / 1000)
    try:
        for _ in range(args.passes):
            run()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = sum(by_function.values()) + outside
    print(f"{args.what} over {len(texts):,} {args.docs} documents, {args.passes} passes: {total:,} samples "
          f"({outside:,} outside rolefit's code)")
    print("\nshare  innermost rolefit function")
    for (name, func), n in by_function.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {name}:{func}")
    print("\nshare  innermost rolefit line")
    for (name, line, func), n in by_line.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {name}:{line} ({func})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
