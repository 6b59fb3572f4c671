"""Where a Dask batch run's time goes: a timeline of its tasks on the workers.

Starts a local scheduler and 2 worker processes (``--preload``: started with
``--preload rolefit.batch.preload``, so they load the model before they join), runs ``rolefit
batch --scheduler`` twice on the same folder of long CVs (the second run finds the workers'
model loaded), and prints for each run: wall time, how long each worker's ``_prepare_engine``
task (model load and warm-up at connect) took, when the first chunk started (seconds after the
command started: interpreter, imports, ``import distributed``, connecting), when the last one
ended, and the chunks' compute time in all. Taken from Dask's task stream, so it shows worker
time only; the client's own time is the rest of the wall time.

Run: ``.venv/bin/python benchmarks/dask_timeline.py [--preload] [--n-long 300]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
import batch_throughput as bt  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preload", action="store_true", help="workers started with --preload rolefit.batch.preload")
    parser.add_argument("--n-long", type=int, default=300)
    args = parser.parse_args(argv)
    from distributed import Client, get_task_stream

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = argparse.Namespace(n_short=0, n_long=args.n_long, n_pdf=0, n_pdf_large=0, n_real_pdf=0, n_many=0)
        folder = bt.write_inputs(root, inputs)["long"]
        out = root / "out.jsonl"
        with bt.dask_cluster(2, root, preload=args.preload) as (address, start_s, _pids):
            print(f"cluster start {start_s:.2f} s (preload: {args.preload}); load {bt.load_average()}")
            with Client(address, timeout=60) as client:
                for run in (1, 2):
                    with get_task_stream(client=client) as stream:
                        time.sleep(0.5)
                        t0 = time.time()
                        command = [str(bt.BIN / "rolefit"), "batch", str(folder), "--output", str(out), "--force",
                                   "--scheduler", address]
                        subprocess.run(command, capture_output=True, check=True)
                        wall = time.time() - t0
                    computed = [(task["key"], step) for task in stream.data for step in task["startstops"]
                                if step["action"] == "compute"]
                    prepare = [step["stop"] - step["start"] for key, step in computed if key.startswith("_prepare")]
                    chunks = [(step["start"] - t0, step["stop"] - t0) for key, step in computed
                              if key.startswith("_process")]
                    print(f"run {run}: wall {wall:.2f} s; prepare {', '.join(f'{p:.2f}' for p in prepare)} s; first "
                          f"chunk at {min(a for a, _ in chunks):.2f} s, last done at {max(b for _, b in chunks):.2f} s; "
                          f"{len(chunks)} chunks, {sum(b - a for a, b in chunks):.2f} s of compute; "
                          f"load {bt.load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
