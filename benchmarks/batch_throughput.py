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
  model), and a first run on 2 workers started with ``--preload rolefit.batch.preload``
  (each loads the model as it starts: that load is in the cluster start, which is not
  timed, so this row is not a cold run). Target >= 1.6x of ``--jobs 1`` for 2 processes / 2
  workers.
- PDFs: 200 PDFs generated from the Djinni CVs with the test-suite's minimal PDF writer
  (``tests/hostile.py``; trivial for pypdf, 5-10 ms each, so scoring dominates), and 200 real
  CV PDFs: 50 copies, under distinct names, of each of the 4 sample CVs in
  ``../shared/data/sample_cv_files`` (OpenResume and Resume-Matcher templates, one with two
  columns; read from there at run time, never committed): bare ``pypdf`` text extraction of
  the same files in one process against ``batch --jobs 1`` (scoring included), and ``--jobs
  2`` (wall time only: the reader processes of forked scoring processes end unwaited for, so
  their CPU is not in the row). Target >= 0.7x.
- warm: the same work in a process that already scored one CV (imports, model load and the
  language check's stop-word tables done), against bare pypdf in a process that already read
  one PDF (import and first-use set-up done): the steady state, start-up excluded on both
  sides (a warm ``run_batch`` still starts its reader processes: they belong to each run).
- start-up: ``batch --jobs 1`` on a folder holding one generated PDF, against bare pypdf on
  the same folder (both a fresh process: interpreter, imports, model load and reader start
  for the batch; interpreter and ``import pypdf`` for the baseline). The start-up-included
  ratio of a folder is about (bare start-up + n x bare per file) / (batch start-up + n x
  batch per file): with ~1 s more start-up, 200 files of 3 ms cannot reach 0.7x whatever
  the steady state; ``--n-pdf-large`` (default 1,000 generated PDFs) shows a longer batch
  next to the 200-file figure.
- parent memory: peak RSS of the batch process (``--jobs 1``, rows not kept) for 1,000 and
  10,000 short text files. Target: flat.

Every row also gives the CPU seconds of all the processes involved (the batch process, its
scoring and reader processes, the Dask workers) and the load average at its end: on a shared
machine wall-clock ratios of parallel runs mean little (a second process gets no free core),
while CPU seconds show what the work costs. ``cpu/wall`` is the number of cores the run kept
busy on average.

Run: ``.venv/bin/python benchmarks/batch_throughput.py`` (about 10 minutes on 2 idle cores),
or ``--quick`` (fewer files, about 3 minutes), or ``--pdf-only`` (only the PDF rows, about 3
minutes), or ``--long-only`` (only the long-CV rows: ``--jobs``, Dask, about 3 minutes). The machine's other load shows in the figures:
run it on an idle machine for the summary table of docs/performance.md and the README's Performance
summary (the script prints the command at the end).
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from importlib.util import find_spec
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
BARE_PYPDF_WARM = """
import resource, sys, time
from pathlib import Path
import pypdf
def extract(files):
    return sum(len("\\n\\n".join(page.extract_text() for page in pypdf.PdfReader(f).pages)) for f in files)
extract(sorted(Path(sys.argv[2]).iterdir()))  # import done and first-use set-up paid, as in WARM
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0, c0 = time.perf_counter(), cpu()
assert extract(sorted(Path(sys.argv[1]).iterdir())) > 0
print(time.perf_counter() - t0, cpu() - c0)
"""
WARM = """
import resource, sys, time
from pathlib import Path
from rolefit.batch import BatchOptions, run_batch
from rolefit.scorer import Scorer
kind, folder, out, one = sys.argv[1:5]
run_batch(one, out, BatchOptions(force=True, keep_rows=False))  # imports, model, language tables
def cpu():  # this process and its waited-for children (run_batch stops its reader processes)
    return sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
t0, c0 = time.perf_counter(), cpu()
if kind == "score_many":
    files = sorted(Path(folder).iterdir())
    Scorer().score_many([f.read_text(encoding="utf-8") for f in files], batch_size=32)
else:
    run_batch(folder, out, BatchOptions(force=True, keep_rows=False))
print(time.perf_counter() - t0, cpu() - c0)
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


def cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system, with their waited-for children) of running processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def timed(args: list[str], watch: list[int] = ()) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command: its own and its children's CPU, plus what the
    processes in ``watch`` (e.g. Dask workers) spent meanwhile."""
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before_watch = cpu_of(list(watch))
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_children.ru_utime - before_children.ru_utime) + (after_children.ru_stime - before_children.ru_stime)
    cpu += cpu_of(list(watch)) - before_watch
    if done.returncode not in (0, 2):  # 2: finished, some rows are errors
        raise RuntimeError(f"{args} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, cpu


def batch(folder: Path, out: Path, *extra: str, watch: list[int] = ()) -> tuple[float, float]:
    return timed([str(BIN / "rolefit"), "batch", str(folder), "--output", str(out), "--force", *extra], watch)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


#: Run in a worker: whether it holds a loaded rolefit scorer (what a preload leaves); a lambda,
#: so that Dask sends it by value (this module is not importable on the workers).
_preloaded = lambda: bool(__import__("rolefit.batch").batch._loaded_scorers())  # noqa: E731


@contextmanager
def dask_cluster(n_workers: int, logs: Path, preload: bool = False):
    """A scheduler and ``n_workers`` worker processes; ``preload``: each worker loads the model
    as it starts (``--preload rolefit.batch.preload``), inside the cluster start reported."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    log = (logs / f"dask-{n_workers}{'-preload' if preload else ''}.log").open("wb")
    try:
        t0 = time.perf_counter()
        procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                       "--no-dashboard"], stdout=log, stderr=log))
        for i in range(n_workers):
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                                           "--no-dashboard", "--host", "127.0.0.1", "--memory-limit", "0",
                                           *(["--preload", "rolefit.batch.preload"] if preload else [])],
                                          stdout=log, stderr=log))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(n_workers, timeout=120)
            if preload:  # Dask only logs a preload that failed and lets the worker join: check
                loaded = client.run(_preloaded)
                if not all(loaded.values()):
                    raise SystemExit(f"a preload failed (workers {loaded}); see {log.name}")
        yield address, time.perf_counter() - t0, [p.pid for p in procs]
    finally:
        for proc in reversed(procs):
            proc.kill()
            proc.wait()
        log.close()



def write_inputs(root: Path, args: argparse.Namespace) -> dict[str, Path]:
    import hostile

    short, full = load_texts()
    dirs = {name: root / name for name in ("short", "long", "pdf", "pdf_large", "pdf_one", "real", "many")}
    for d in dirs.values():
        d.mkdir()
    for i in range(args.n_short):
        (dirs["short"] / f"cv_{i:05d}.txt").write_text(short[i % len(short)], encoding="utf-8")
    for i in range(args.n_long):
        text = "\n\n".join(full[(4 * i + k) % len(full)] for k in range(4))
        (dirs["long"] / f"cv_{i:05d}.txt").write_text(text, encoding="utf-8")
    for i in range(max(args.n_pdf, args.n_pdf_large, 1)):
        # the minimal PDF writer uses a WinAnsi (cp1252) font: replace what it cannot show
        text = full[i % len(full)].encode("cp1252", "replace").decode("cp1252")
        lines = [raw[j : j + 90] for raw in text.splitlines() for j in range(0, max(len(raw), 1), 90)]
        data = hostile.make_text_pdf(lines or ["empty"], lines_per_page=45)
        for name, n in (("pdf", args.n_pdf), ("pdf_large", args.n_pdf_large), ("pdf_one", 1)):
            if i < n:  # the same first files in every set
                (dirs[name] / f"cv_{i:05d}.pdf").write_bytes(data)
    samples = sorted((SHARED / "sample_cv_files").glob("*.pdf"))
    for i in range(args.n_real_pdf):
        sample = samples[i % len(samples)]
        (dirs["real"] / f"{sample.stem}_{i // len(samples):04d}.pdf").write_bytes(sample.read_bytes())
    for i in range(args.n_many):
        (dirs["many"] / f"cv_{i:05d}.txt").write_text(short[i % len(short)] + f"\n{i}\n", encoding="utf-8")
    return dirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-short", type=int, default=1200)
    parser.add_argument("--n-long", type=int, default=1000)
    parser.add_argument("--n-pdf", type=int, default=200)
    parser.add_argument("--n-pdf-large", type=int, default=1000,
                        help="generated PDFs in the longer PDF row (0: no such row)")
    parser.add_argument("--n-real-pdf", type=int, default=200, help="copies of the 4 sample CV PDFs, in all")
    parser.add_argument("--n-many", type=int, default=10_000, help="files for the parent-memory check")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF rows (generated and real CV PDFs)")
    parser.add_argument("--long-only", action="store_true", help="only the long-CV rows (--jobs 1, --jobs 2, Dask)")
    parser.add_argument("--quick", action="store_true", help="fewer files: 300 short, 400 long, 100 + 100 PDFs, "
                        "2,000 for memory")
    args = parser.parse_args(argv)
    if args.quick:
        args.n_short, args.n_long, args.n_pdf, args.n_real_pdf, args.n_many = 300, 400, 100, 100, 2000
        args.n_pdf_large = 0
    if args.pdf_only:
        args.n_short, args.n_long, args.n_many = 0, 1, 0  # one long CV warms the warm-process rows
    if args.long_only:
        args.n_short = args.n_pdf = args.n_pdf_large = args.n_real_pdf = args.n_many = 0
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    print(f"load average at start: {load_average()}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        dirs = write_inputs(root, args)
        out = root / "out.jsonl"
        table: list[str] = []

        def report(label: str, n: int, measured: tuple[float, float], ratio: str = "") -> None:
            seconds, cpu = measured
            line = (f"{label:46s} {n:6d} files {seconds:7.1f} s {n / seconds:7.1f} files/s  cpu {cpu:7.1f} s "
                    f"(cpu/wall {cpu / seconds:4.2f})  load {load_average():14s}  {ratio}")
            print(line, flush=True)
            table.append(f"| {label} | {n} | {seconds:.1f} s ({n / seconds:.1f} files/s) | {cpu:.1f} s | "
                         f"{load_average()} | {ratio} |")

        one = root / "one"
        one.mkdir()
        (one / "cv.txt").write_bytes(sorted(dirs["long"].iterdir())[0].read_bytes())

        def warm(kind: str, folder: Path) -> tuple[float, float]:
            """(wall, CPU) in a process that already scored one CV (steady state, start-up
            excluded); ``kind="pypdf"``: bare pypdf in a process that already read one PDF."""
            if kind == "pypdf":
                command = [sys.executable, "-c", BARE_PYPDF_WARM, str(folder), str(dirs["pdf_one"])]
            else:
                command = [sys.executable, "-c", WARM, kind, str(folder), str(out), str(one)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            wall, cpu = done.stdout.strip().splitlines()[-1].split()
            return float(wall), float(cpu)

        def ratio(base: tuple[float, float], new: tuple[float, float], what: str, target: str = "") -> str:
            text = f"{base[0] / new[0]:.2f}x {what} (CPU: {base[1] / new[1]:.2f}x)"
            return f"{text}; target {target}" if target else text

        n = args.n_short
        if n:
            base = timed([sys.executable, "-c", SCORE_MANY, str(dirs["short"])])
            report("short txt: score_many in one process", n, base)
            jobs1 = batch(dirs["short"], out, "--jobs", "1")
            report("short txt: batch --jobs 1", n, jobs1, ratio(base, jobs1, "score_many", ">= 0.5"))
            warm_base, warm_batch = warm("score_many", dirs["short"]), warm("batch", dirs["short"])
            report("short txt: score_many, warm process", n, warm_base)
            report("short txt: run_batch, warm process", n, warm_batch, ratio(warm_base, warm_batch, "score_many"))

        if not args.long_only:
            bare_one = timed([sys.executable, "-c", BARE_PYPDF, str(dirs["pdf_one"])])
            report("start-up: bare pypdf, 1 generated pdf", 1, bare_one)
            batch_one = batch(dirs["pdf_one"], out, "--jobs", "1")
            report("start-up: batch --jobs 1, 1 generated pdf", 1, batch_one,
                   f"{batch_one[0] - bare_one[0]:.2f} s more wall, {batch_one[1] - bare_one[1]:.2f} s more CPU")
        pdf_sets = [("pdf", "generated pdf", args.n_pdf), ("pdf_large", "generated pdf", args.n_pdf_large),
                    ("real", "real CV pdf", args.n_real_pdf)]
        for kind, label, n in pdf_sets:
            if n == 0:
                continue
            bare = timed([sys.executable, "-c", BARE_PYPDF, str(dirs[kind])])
            report(f"{label}: bare pypdf extraction, one process", n, bare)
            pdf = batch(dirs[kind], out, "--jobs", "1")
            report(f"{label}: batch --jobs 1 (scoring included)", n, pdf, ratio(bare, pdf, "bare pypdf", ">= 0.7"))
            pdf2 = batch(dirs[kind], out, "--jobs", "2")
            # the CPU of this row misses the forked scoring processes' reader processes, which
            # end unwaited for (reparented) when their scoring process exits: compare wall only
            report(f"{label}: batch --jobs 2 (scoring included)", n, pdf2,
                   f"{bare[0] / pdf2[0]:.2f}x bare pypdf (CPU not comparable: reader processes of forked "
                   "workers not counted); target >= 0.7")
            warm_bare = warm("pypdf", dirs[kind])
            report(f"{label}: bare pypdf, warm process", n, warm_bare)
            warm_pdf = warm("batch", dirs[kind])
            report(f"{label}: run_batch, warm process", n, warm_pdf, ratio(warm_bare, warm_pdf, "warm bare pypdf"))

        if not args.pdf_only:
            n = args.n_long
            long1 = batch(dirs["long"], out, "--jobs", "1")
            report("long txt: batch --jobs 1", n, long1)
            long2 = batch(dirs["long"], out, "--jobs", "2")
            report("long txt: batch --jobs 2", n, long2, ratio(long1, long2, "--jobs 1", ">= 1.6"))
            if not args.skip_dask:
                for workers in (1, 2):
                    with dask_cluster(workers, root) as (address, start_s, pids):
                        cold = batch(dirs["long"], out, "--scheduler", address, watch=pids)
                        again = batch(dirs["long"], out, "--scheduler", address, watch=pids)  # workers keep their model
                    report(f"long txt: Dask, {workers} local worker(s)", n, cold,
                           ratio(long1, cold, "--jobs 1", ">= 1.6" if workers == 2 else "")
                           + f"; cluster start {start_s:.1f} s not included")
                    report(f"long txt: Dask, {workers} worker(s), second run", n, again,
                           ratio(long1, again, "--jobs 1") + " (model already loaded on the workers)")
                # workers started with the preload: their model load is part of the cluster
                # start (excluded, like the cluster start above), not of the first run
                if find_spec("rolefit.batch.preload") is None:  # a rolefit from before the preload
                    print("no rolefit.batch.preload in this rolefit: preloaded row skipped", flush=True)
                else:
                    with dask_cluster(2, root, preload=True) as (address, start_s, pids):
                        first = batch(dirs["long"], out, "--scheduler", address, watch=pids)
                    report("long txt: Dask, 2 preloaded workers, first run", n, first,
                           ratio(long1, first, "--jobs 1", ">= 1.6") + f"; cluster start {start_s:.1f} s, "
                           "the workers' model load included, not included in the run")

            for count in (args.n_many // 10, args.n_many) if args.n_many else ():
                folder = dirs["many"] if count == args.n_many else root / "few"
                if folder != dirs["many"]:
                    folder.mkdir()
                    for f in sorted(dirs["many"].iterdir())[:count]:
                        (folder / f.name).write_bytes(f.read_bytes())
                done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(folder), str(out)], capture_output=True,
                                      text=True, check=True)
                print(f"parent peak RSS, {count:6d} short txt files: {done.stdout.strip()} MiB", flush=True)
    print("\n| workload | files | wall | CPU (all processes) | load average after | ratio |")
    print("|---|---|---|---|---|---|")
    print("\n".join(table))
    command = " ".join([".venv/bin/python", "benchmarks/batch_throughput.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"\nload average at end: {load_average()}. Re-measure on an idle machine (load average < 0.5, "
          f"nothing else running) with:\n    {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
