"""Files/s of ``rolefit batch`` for 2,000 text CVs and for PDFs, ``--jobs 1`` vs ``--jobs 2``.

Inputs are written to a temporary folder: 2,000 real Djinni CV texts as ``.txt`` (from
``../shared/data``, never committed) and 100 PDFs generated from the same texts with the
test-suite's minimal PDF writer (``tests/hostile.py``). Each file is read in its own
memory-capped child process, as in production.

Run: ``.venv/bin/python benchmarks/batch_throughput.py``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from extract_throughput import SHARED, load_cvs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-text", type=int, default=2000)
    parser.add_argument("--n-pdf", type=int, default=100)
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    import hostile

    from rolefit.batch import BatchOptions, run_batch

    texts = load_cvs()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        txt_dir, pdf_dir = root / "txt", root / "pdf"
        txt_dir.mkdir(), pdf_dir.mkdir()
        for i in range(args.n_text):
            (txt_dir / f"cv_{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        for i in range(args.n_pdf):
            # the minimal PDF writer uses a WinAnsi (cp1252) font: replace what it cannot show
            text = texts[i].encode("cp1252", "replace").decode("cp1252")
            lines = [raw[j : j + 90] for raw in text.splitlines() for j in range(0, max(len(raw), 1), 90)]
            (pdf_dir / f"cv_{i:05d}.pdf").write_bytes(hostile.make_text_pdf(lines or ["empty"]))
        for label, folder, n in (("text", txt_dir, args.n_text), ("pdf", pdf_dir, args.n_pdf)):
            for jobs in (1, 2):
                out = root / f"{label}-{jobs}.jsonl"
                t0 = time.perf_counter()
                summary = run_batch(folder, out, BatchOptions(jobs=jobs, force=True))
                dt = time.perf_counter() - t0
                print(f"{label:4s} x{n:5d}  --jobs {jobs}: {n / dt:7.1f} files/s  ({dt:.1f} s, {summary.n_errors} errors)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
