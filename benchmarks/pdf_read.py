"""CPU cost of rolefit's PDF reader per file against bare pypdf, on the real sample CVs, in one process.

The 4 sample CV PDFs in ``../shared/data/sample_cv_files`` (OpenResume and Resume-Matcher
templates, one with two columns; read from there, never committed) are each read
``--rounds`` times, alternating bare pypdf text extraction (``PdfReader`` + ``extract_text``
of every page, as in ``batch_throughput.py``) and ``rolefit.read_text`` (pypdf under
rolefit's limits, column gutter detection, pdfminer.six layout analysis on pages with a
gutter, integrity warnings). Figures are CPU seconds of this process (``time.process_time``)
after one warm-up read of each file, so imports and first-use caches are left out and the
machine's other load matters less than in wall time. ``gutter`` is :func:`find_gutter` alone
on pypdf's fragments of the same pages; ``columns`` is pdfminer.six's reading of the pages
with a gutter (what the rest of rolefit's cost above bare pypdf mostly is).

Run: ``.venv/bin/python benchmarks/pdf_read.py [--rounds 10]`` (about 30 s on an idle core).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from extract_throughput import SHARED  # noqa: E402


def bare(data: bytes) -> str:
    import pypdf

    return "\n\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def gutter_and_columns(data: bytes) -> tuple[float, float]:
    """CPU seconds of find_gutter and of the column reading, on every page of ``data``."""
    import pypdf

    from rolefit.readers import _columns

    gutter = columns = 0.0
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        fragments: list[_columns.Fragment] = []
        page.extract_text(visitor_text=_columns.collect(fragments))
        width = float(page.mediabox.width)
        t0 = time.process_time()
        found = _columns.find_gutter(fragments, width)
        t1 = time.process_time()
        if found is not None:
            _columns.column_text(data, index, width)
        gutter, columns = gutter + t1 - t0, columns + time.process_time() - t1
    return gutter, columns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="reads of each file per method")
    args = parser.parse_args()
    import rolefit

    # pdfminer.six's font-descriptor notes (rolefit's reader collects them; the bare timing here does not)
    logging.getLogger("pdfminer").addHandler(logging.NullHandler())

    samples = sorted((SHARED / "sample_cv_files").glob("*.pdf"))
    if not samples:
        sys.exit(f"no sample CV PDFs in {SHARED / 'sample_cv_files'}")
    print(f"rolefit {rolefit.__version__} from {Path(rolefit.__file__).parent}; {args.rounds} rounds; CPU ms per file")
    print(f"{'file':40} {'bare pypdf':>10} {'rolefit':>8} {'ratio':>6} {'gutter':>7} {'columns':>8}")
    totals = [0.0, 0.0]
    for sample in samples:
        data = sample.read_bytes()
        assert rolefit.read_text(sample) and bare(data)  # warm-up: imports, caches
        cpu = [0.0, 0.0]
        for _ in range(args.rounds):
            for k, read in enumerate((bare, lambda d, s=sample: rolefit.read_text(s))):
                t0 = time.process_time()
                read(data)
                cpu[k] += time.process_time() - t0
        gutter, columns = gutter_and_columns(data)
        totals = [t + c for t, c in zip(totals, cpu)]
        b, r = (1000 * c / args.rounds for c in cpu)
        print(f"{sample.name:40} {b:10.1f} {r:8.1f} {b / r:5.2f}x {1000 * gutter:7.1f} {1000 * columns:8.1f}")
    b, r = (1000 * c / args.rounds / len(samples) for c in totals)
    print(f"{'all 4 (mean per file)':40} {b:10.1f} {r:8.1f} {b / r:5.2f}x")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
