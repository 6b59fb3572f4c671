"""Record the skill mentions (every field) of a fixed set of texts, or check them against a record.

A guard for work that must not change extraction output (speed-ups, refactors): record
before the change, check after each step.

Texts: the real Djinni CVs in ``../shared/data`` (as in ``benchmarks/extract_throughput.py``)
plus every text the extraction tests feed to the pipeline (``tests/test_nlp_context.py``,
``tests/test_nlp.py`` and ``tests/test_titles.py``, collected by running them with the tokenizer
instrumented). The
mentions are computed with ``extract_skills_many`` (batch size 256) and, for the test texts,
with ``extract_skills`` one by one as well.

The record holds CV text, so write it outside the repository (it is not committed).

Run::

    .venv/bin/python scripts/extraction_snapshot.py record ../extraction_snapshot.json
    .venv/bin/python scripts/extraction_snapshot.py check ../extraction_snapshot.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from extract_throughput import load_cvs  # noqa: E402


#: The test modules whose texts are recorded.
_TEST_FILES = ("test_nlp_context.py", "test_nlp.py", "test_titles.py")


def _test_texts() -> list[str]:
    """Every text the extraction tests tokenize (in first-seen order, deduplicated)."""
    import pytest

    from rolefit.nlp import NormalisingTokenizer

    seen: dict[str, None] = {}
    original = NormalisingTokenizer.__call__

    def recording(self, text):  # noqa: ANN001, ANN202
        seen.setdefault(text, None)
        return original(self, text)

    NormalisingTokenizer.__call__ = recording
    try:
        code = pytest.main(["-q", "-p", "no:cacheprovider",
                            *(str(REPO / "tests" / name) for name in _TEST_FILES)])
    finally:
        NormalisingTokenizer.__call__ = original
    if code != 0:  # the texts are still recorded: the record is about output, not correctness
        print(f"note: the extraction tests exit {code}; recording the current output anyway", file=sys.stderr)
    return list(seen)


def _rows(mentions) -> list[list]:  # noqa: ANN001
    from dataclasses import fields

    return [[getattr(m, f.name) for f in fields(m)] for m in mentions]


def snapshot(tests: list[str]) -> dict:
    from rolefit import extract_skills, extract_skills_many

    cvs = load_cvs()
    texts = cvs + tests
    many = extract_skills_many(texts, batch_size=256)
    one = [extract_skills(t) for t in tests]
    return {
        "texts": texts,
        "many": [_rows(ms) for ms in many],
        "one": [_rows(ms) for ms in one],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "record":
        data = snapshot(_test_texts())
        args.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        n_m = sum(map(len, data["many"]))
        print(f"recorded {len(data['texts']):,} texts, {n_m:,} mentions -> {args.path}")
        return 0
    old = json.loads(args.path.read_text(encoding="utf-8"))
    n_cvs = len(old["texts"]) - len(old["one"])
    new = snapshot(old["texts"][n_cvs:])
    if new["texts"] != old["texts"]:
        print("the texts differ from the record (data changed?)", file=sys.stderr)
        return 2
    bad = 0
    for key in ("many", "one"):
        offset = 0 if key == "many" else n_cvs
        for i, (a, b) in enumerate(zip(old[key], new[key])):
            if a != b:
                bad += 1
                if bad <= 10:
                    text = old["texts"][offset + i]
                    print(f"{key}[{offset + i}] differs: {text[:80]!r}\n  was {a}\n  now {b}", file=sys.stderr)
    n_m = sum(map(len, new["many"]))
    if bad:
        print(f"{bad} texts differ", file=sys.stderr)
        return 1
    print(f"identical: {len(new['texts']):,} texts, {n_m:,} mentions (batch) + {len(new['one']):,} one by one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
