"""Record what ``Scorer.score_many`` returns for a fixed set of texts, or check it against a record.

A guard for work that must not change scoring output (speed-ups, refactors of the scorer,
the additive model, labels, requirements, the posting and language checks): record before
the change, check after each step. Where :mod:`scripts.extraction_snapshot` guards the
mentions, this guards everything built on them: every field of every :class:`RoleScore`
(probabilities, similarity, baseline and contributions bit for bit, as ``float.hex``, and
their Python types), labels, reasons, evidence, missing concepts, requirement checks, the
mentions, warnings and text hashes.

Texts: the real Djinni CVs in ``../shared/data`` (as in ``benchmarks/extract_throughput.py``),
the long documents of ``benchmarks/score_throughput.py``, the synthetic personas of
``tests/data/personas.json`` and a few edge cases (empty, blank, over-long, not English,
a job posting, a title alone, documents as read with and without a review warning). Scored
with the bundled model at batch sizes 64 (the default) and 256, and the first 300 texts
plus the edge cases at batch size 1 and one by one with ``score``: a result must not
depend on its batch. The first 300 are also scored with the leave-one-out contributions the
scorer uses for a model without an exact additive form (the bundled model with that form
switched off: same probabilities, the other contribution path).

The record holds CV text, so write it outside the repository (it is not committed).

Run::

    .venv/bin/python scripts/score_snapshot.py record ../score_snapshot.json
    .venv/bin/python scripts/score_snapshot.py check ../score_snapshot.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from extract_throughput import load_cvs  # noqa: E402
from score_throughput import long_cvs  # noqa: E402

#: Texts scored one by one and at batch size 1 as well (the first ones of the list).
N_SMALL_BATCH = 300


def _edge_cases() -> list[Any]:
    """Short synthetic inputs that take the scorer's other paths (str or ReadResult)."""
    from rolefit.readers import ReadResult
    from rolefit.schema import ReadWarning

    cv = (
        "MLOps Engineer, 2019 - present. Built CI/CD with GitLab CI, Kubernetes, Docker, Terraform; "
        "MLflow model registry, data drift monitoring with Prometheus and Grafana; Python, PyTorch."
    )
    posting = (
        "We are looking for an MLOps engineer. Requirements: Kubernetes, Docker, MLflow, Terraform, "
        "CI/CD, Python. What we offer: remote work, a learning budget. Apply now."
    )
    review = ReadWarning("PAGES_WITHOUT_TEXT", 2, "2 of 3 pages have no text layer; run OCR first.", review=True)
    note = ReadWarning("ENCODING_GUESSED", 1, "the encoding was guessed as cp1252.", review=False)
    return [
        "",
        "   \n\t ",
        "x" * 250_001,  # over the default max_chars: a review result, not an error
        "Kubernetes",
        "Senior DevOps Engineer",
        cv,
        posting,
        "Ich bin ein erfahrener Entwickler und arbeite seit vielen Jahren mit Kubernetes und Docker in der "
        "Cloud, und ich habe auch Erfahrung mit der Automatisierung von Prozessen.",
        "Досвідчений інженер з машинного навчання, працюю з Kubernetes, Docker та MLflow у хмарі багато років.",
        "Hobbies: Kubernetes at home, Terraform for fun. No experience with MLflow.",
        ReadResult(text=cv, format="pdf", n_pages=3, warnings=(review,)),
        ReadResult(text=cv, format="txt", warnings=(note,)),
        ReadResult(text="", format="txt"),
    ]


def _texts() -> list[Any]:
    personas = json.loads((REPO / "tests" / "data" / "personas.json").read_text(encoding="utf-8"))["personas"]
    return _edge_cases() + [p["text"] for p in personas] + load_cvs() + long_cvs()


def _plain(value: Any) -> Any:
    """A JSON value that keeps floats bit for bit (``float.hex``) and names their type."""
    import dataclasses

    if isinstance(value, float):
        return [type(value).__name__, value.hex()]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "items"):
        return {"__map__": [[k, _plain(v)] for k, v in value.items()]}
    if isinstance(value, (tuple, list)):
        return [type(value).__name__, [_plain(v) for v in value]]
    raise TypeError(f"unexpected {type(value).__name__} in a result")


def _row(result: Any) -> dict:
    plain = _plain(result)
    plain.pop("text")  # the text is recorded once, as input; its hash stays in the row
    return plain


def snapshot(texts: list[Any]) -> dict:
    import rolefit

    scorer = rolefit.load()
    small = texts[:N_SMALL_BATCH]
    runs = {
        "batch64": scorer.score_many(texts, batch_size=64),
        "batch256": scorer.score_many(texts, batch_size=256),
        "batch1": scorer.score_many(small, batch_size=1),
        "one": [scorer.score(t) if len(getattr(t, "text", t)) <= scorer.max_chars else None for t in small],
    }
    rows = [_row(r) for r in runs["batch64"]]
    # the leave-one-out contributions of a model without an additive form, on the same probabilities
    loo = rolefit.Scorer(scorer.model_path)
    loo._decomposition, loo._baseline = None, {}
    rows += [_row(r) for r in loo.score_many(small, batch_size=64)]
    out: dict = {"model_id": scorer.model_id, "rows": rows, "digest": hashlib.sha256(
        json.dumps(rows, sort_keys=True).encode()).hexdigest()}
    # the other runs must equal the batch-64 run exactly
    out["agree"] = {}
    for name, results in runs.items():
        if name == "batch64":
            continue
        bad = [i for i, r in enumerate(results) if r is not None and _row(r) != rows[i]]
        out["agree"][name] = bad
    return out


def _input_key(t: Any) -> str:
    return getattr(t, "text", t) if isinstance(getattr(t, "text", t), str) else repr(t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    texts = _texts()
    data = snapshot(texts)
    disagree = {k: v for k, v in data["agree"].items() if v}
    if disagree:
        for name, bad in disagree.items():
            print(f"{name}: {len(bad)} results differ from batch 64 (first: {bad[:5]})", file=sys.stderr)
    if args.mode == "record":
        data["inputs"] = [repr(t) if not isinstance(t, str) else t for t in texts]
        args.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(texts):,} results, digest {data['digest'][:16]} -> {args.path}")
        return 1 if disagree else 0
    old = json.loads(args.path.read_text(encoding="utf-8"))
    if old["inputs"] != [repr(t) if not isinstance(t, str) else t for t in texts]:
        print("the inputs differ from the record (data changed?)", file=sys.stderr)
        return 2
    bad = 0
    if len(old["rows"]) != len(data["rows"]):
        print("the record has another number of results (recorded by an older version of this script?)", file=sys.stderr)
        return 2
    for i, (a, b) in enumerate(zip(old["rows"], data["rows"])):
        if a != b:
            bad += 1
            if bad <= 5:
                name = _input_key(texts[i % len(texts)])[:80] + (" (leave-one-out)" if i >= len(texts) else "")
                print(f"result {i} differs: {name!r}", file=sys.stderr)
                for key in a:
                    if a[key] != b.get(key):
                        print(f"  {key}:\n    was {json.dumps(a[key])[:600]}\n    now {json.dumps(b.get(key))[:600]}",
                              file=sys.stderr)
    if bad or disagree:
        print(f"{bad} of {len(texts):,} results differ from the record", file=sys.stderr)
        return 1
    print(f"identical: {len(texts):,} results (batch 64, 256; first {N_SMALL_BATCH} also batch 1, one by one "
          f"and with leave-one-out contributions), "
          f"digest {data['digest'][:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
