"""Throughput of ``rolefit batch`` against in-process ``score_many`` and bare pypdf, in one run.

Every figure is wall-clock time of a fresh process on the same files, start-up included
(interpreter, imports, model load), so the ratios compare what a user waits for:

- short text CVs: 1,200 real Djinni CV excerpts (~540 characters, ``../shared/data``, never
  committed) as ``.txt`` files: ``Scorer.score_many`` over their texts in one process (the
  texts read with plain ``open``), against ``rolefit batch --jobs 1``. Target >= 0.5x.
- long text CVs: 1,000 files of four full Djinni CVs each (~6,700 characters): ``batch --jobs
  1``, ``--jobs 2``, and the Dask path with 1 and 2 local workers (``dask scheduler`` +
  ``dask worker`` processes started here; cluster start-up reported apart, the workers'
  model load included; a second run on the same cluster shows the workers keeping their
  model). Target >= 1.6x of ``--jobs 1`` for 2 processes / 2 workers.
- PDFs: 200 PDFs generated from the Djinni CVs with the test-suite's minimal PDF writer
  (``tests/hostile.py``): bare ``pypdf`` text extraction of the same files in one process
  against ``batch --jobs 1`` (scoring included). Target >= 0.7x.
- warm: the same work in a process that already scored one CV (imports, model load and the
  language check's stop-word tables done), to show the steady state next to the
  start-up-included figures.
- parent memory: peak RSS of the batch process (``--jobs 1``, rows not kept) for 1,000 and
  10,000 short text files. Target: flat.

Run: ``.venv/bin/python benchmarks/batch_throughput.py`` (about 5-10 minutes on 2 cores).
The machine's other load shows in the figures: run it on an idle machine for the README.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from extract_throughput import SHARED  # noqa: E402

BIN = Path(sys.executable).parent
SCORE_MANY = """
import sys, time
from pathlib import Path
from rolefit.scorer import Scorer
files = sorted(Path(sys.argv[1]).iterdir())
texts = [f.read_text(encoding="utf-8") for f in files]
results = Scorer().score_many(texts, batch_size=32)
assert len(results) == len(files)
"""
BARE_PYPDF = """
import sys
from pathlib import Path
import pypdf
n = 0
for f in sorted(Path(sys.argv[1]).iterdir()):
    reader = pypdf.PdfReader(f)
    n += len("\\n\\n".join(page.extract_text() for page in reader.pages))
assert n > 0
"""
WARM = """
import sys, time
from pathlib import Path
from rolefit.batch import BatchOptions, run_batch
from rolefit.scorer import Scorer
kind, folder, out, one = sys.argv[1:5]
run_batch(one, out, BatchOptions(force=True, keep_rows=False))  # imports, model, language tables
t0 = time.perf_counter()
if kind == "score_many":
    files = sorted(Path(folder).iterdir())
    Scorer().score_many([f.read_text(encoding="utf-8") for f in files], batch_size=32)
else:
    run_batch(folder, out, BatchOptions(force=True, keep_rows=False))
print(time.perf_counter() - t0)
"""
PEAK_RSS = """
import resource, sys
from rolefit.batch import BatchOptions, run_batch
s = run_batch(sys.argv[1], sys.argv[2], BatchOptions(force=True, keep_rows=False))
assert s.n_inputs == s.n_ok + s.n_errors
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def load_texts() -> tuple[list[str], list[str]]:
    import csv

    with (SHARED / "djinni_cv_excerpts_2400" / "candidates_dev.csv").open(encoding="utf-8", newline="") as fh:
        short = [r["cv_excerpt"] for r in csv.DictReader(fh)]
    with (SHARED / "djinni_cv_pm_design_520" / "djinni_cv_pm_design_520.csv").open(encoding="utf-8", newline="") as fh:
        full = [r["CV"] for r in csv.DictReader(fh)]
    return short, full


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 2):  # 2: finished, some rows are errors
        raise RuntimeError(f"{args} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def batch(folder: Path, out: Path, *extra: str) -> float:
    return timed([str(BIN / "rolefit"), "batch", str(folder), "--output", str(out), "--force", *extra])


@contextmanager
def dask_cluster(n_workers: int, logs: Path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    log = (logs / f"dask-{n_workers}.log").open("wb")
    try:
        t0 = time.perf_counter()
        procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                       "--no-dashboard"], stdout=log, stderr=log))
        for i in range(n_workers):
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                                           "--no-dashboard", "--host", "127.0.0.1", "--memory-limit", "0"],
                                          stdout=log, stderr=log))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(n_workers, timeout=120)
        yield address, time.perf_counter() - t0
    finally:
        for proc in reversed(procs):
            proc.kill()
            proc.wait()
        log.close()


def write_inputs(root: Path, args: argparse.Namespace) -> dict[str, Path]:
    import hostile

    short, full = load_texts()
    dirs = {name: root / name for name in ("short", "long", "pdf", "many")}
    for d in dirs.values():
        d.mkdir()
    for i in range(args.n_short):
        (dirs["short"] / f"cv_{i:05d}.txt").write_text(short[i % len(short)], encoding="utf-8")
    for i in range(args.n_long):
        text = "\n\n".join(full[(4 * i + k) % len(full)] for k in range(4))
        (dirs["long"] / f"cv_{i:05d}.txt").write_text(text, encoding="utf-8")
    for i in range(args.n_pdf):
        # the minimal PDF writer uses a WinAnsi (cp1252) font: replace what it cannot show
        text = full[i % len(full)].encode("cp1252", "replace").decode("cp1252")
        lines = [raw[j : j + 90] for raw in text.splitlines() for j in range(0, max(len(raw), 1), 90)]
        (dirs["pdf"] / f"cv_{i:05d}.pdf").write_bytes(hostile.make_text_pdf(lines or ["empty"], lines_per_page=45))
    for i in range(args.n_many):
        (dirs["many"] / f"cv_{i:05d}.txt").write_text(short[i % len(short)] + f"\n{i}\n", encoding="utf-8")
    return dirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-short", type=int, default=1200)
    parser.add_argument("--n-long", type=int, default=1000)
    parser.add_argument("--n-pdf", type=int, default=200)
    parser.add_argument("--n-many", type=int, default=10_000, help="files for the parent-memory check")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        dirs = write_inputs(root, args)
        out = root / "out.jsonl"
        rows: list[tuple[str, int, float, str]] = []

        def report(label: str, n: int, seconds: float, ratio: str = "") -> None:
            rows.append((label, n, seconds, ratio))
            print(f"{label:44s} {n:6d} files {seconds:7.1f} s {n / seconds:8.1f} files/s  {ratio}", flush=True)

        one = root / "one"
        one.mkdir()
        (one / "cv.txt").write_bytes(sorted(dirs["long"].iterdir())[0].read_bytes())

        def warm(kind: str, folder: Path) -> float:
            """Seconds in a process that already scored one CV (steady state, start-up excluded)."""
            done = subprocess.run([sys.executable, "-c", WARM, kind, str(folder), str(out), str(one)],
                                  capture_output=True, text=True, check=True)
            return float(done.stdout.strip().splitlines()[-1])

        n = args.n_short
        base = timed([sys.executable, "-c", SCORE_MANY, str(dirs["short"])])
        report("short txt: score_many in one process", n, base)
        jobs1 = batch(dirs["short"], out, "--jobs", "1")
        report("short txt: batch --jobs 1", n, jobs1, f"{base / jobs1:.2f}x score_many (target >= 0.5)")
        warm_base, warm_batch = warm("score_many", dirs["short"]), warm("batch", dirs["short"])
        report("short txt: score_many, warm process", n, warm_base)
        report("short txt: run_batch, warm process", n, warm_batch, f"{warm_base / warm_batch:.2f}x score_many")

        n = args.n_pdf
        bare = timed([sys.executable, "-c", BARE_PYPDF, str(dirs["pdf"])])
        report("pdf: bare pypdf extraction, one process", n, bare)
        pdf = batch(dirs["pdf"], out, "--jobs", "1")
        report("pdf: batch --jobs 1 (scoring included)", n, pdf, f"{bare / pdf:.2f}x bare pypdf (target >= 0.7)")
        warm_pdf = warm("batch", dirs["pdf"])
        report("pdf: run_batch, warm process", n, warm_pdf, f"{bare / warm_pdf:.2f}x bare pypdf")

        n = args.n_long
        long1 = batch(dirs["long"], out, "--jobs", "1")
        report("long txt: batch --jobs 1", n, long1)
        long2 = batch(dirs["long"], out, "--jobs", "2")
        report("long txt: batch --jobs 2", n, long2,
               f"{long1 / long2:.2f}x --jobs 1 (target >= 1.6)")
        if not args.skip_dask:
            for workers in (1, 2):
                with dask_cluster(workers, root) as (address, start_s):
                    seconds = batch(dirs["long"], out, "--scheduler", address)
                    warm = batch(dirs["long"], out, "--scheduler", address)  # workers keep their model
                report(f"long txt: Dask, {workers} local worker(s)", n, seconds,
                       f"{long1 / seconds:.2f}x --jobs 1; cluster start {start_s:.1f} s not included")
                report(f"long txt: Dask, {workers} worker(s), second run", n, warm,
                       f"{long1 / warm:.2f}x --jobs 1 (model already loaded on the workers)")

        for count in (args.n_many // 10, args.n_many):
            folder = dirs["many"] if count == args.n_many else root / "few"
            if folder != dirs["many"]:
                folder.mkdir()
                for f in sorted(dirs["many"].iterdir())[:count]:
                    (folder / f.name).write_bytes(f.read_bytes())
            done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(folder), str(out)], capture_output=True,
                                  text=True, check=True)
            print(f"parent peak RSS, {count:6d} short txt files: {done.stdout.strip()} MiB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
