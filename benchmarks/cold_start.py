"""Cold start of ``rolefit.score``: ``import rolefit`` + the first ``score()`` in fresh processes.

Each of ``--runs`` fresh Python processes imports rolefit and scores one real CV (the bundled
example ``examples/cvs/djinni_devops_cloud_1.txt``, 640 characters: long enough for the
language check, which a one-line text skips), timing the phases inside the process with
``time.perf_counter`` (wall) and ``time.process_time`` (CPU of the process, interpreter
start-up included). The figure that the target (<= 1 s) applies to is "import + first score".
Medians (and min-max) over the runs are printed, next to two floors measured the same way:

- ``python``: an interpreter that imports nothing (``-c pass``), wall time seen from outside;
- ``spaCy``: ``import spacy`` + ``spacy.blank("en")``, the part of the start-up rolefit cannot
  avoid while it runs on spaCy.

The children import from bytecode, as an installed package does (pip compiles it when it
installs a wheel): they run with a private bytecode cache (``PYTHONPYCACHEPREFIX``, a temporary
folder filled by one untimed warm-up process of each kind; ``PYTHONDONTWRITEBYTECODE`` unset),
so a shell that disables bytecode writing does not make every run compile rolefit's ~30 modules
from source (about 50 ms of CPU on this machine; spaCy's own modules have their bytecode from
``pip install``, so that cost fell on rolefit alone). ``--source`` runs them with the
environment as it is instead. rolefit and the floors are run alternately, so that load from
other processes hits both alike.

``--importtime N`` also runs one process under ``python -X importtime`` and lists the N
imports with the largest cumulative time (self-inclusive, microseconds), to see what is
imported that ``score()`` does not need.

Run: ``.venv/bin/python benchmarks/cold_start.py [--runs 7] [--importtime 25]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
CV = REPO / "examples" / "cvs" / "djinni_devops_cloud_1.txt"

CHILD = """
import json, sys, time
w0, c0 = time.perf_counter(), time.process_time()
marks = {{}}
def mark(name):
    marks[name] = (time.perf_counter() - w0, time.process_time())
import rolefit
mark("import rolefit")
scorer = rolefit.load()
mark("load scorer (model + pipeline)")
result = rolefit.score(open({cv!r}, encoding="utf-8").read())
mark("first score")
marks["cpu_at_start"] = (0.0, c0)
print(json.dumps(marks))
"""

FLOOR_SPACY = """
import json, time
w0 = time.perf_counter()
import spacy
spacy.blank("en")
print(json.dumps({"wall": time.perf_counter() - w0, "cpu": time.process_time()}))
"""


#: The children's environment (see the module docstring); set by :func:`main`.
_ENV: dict[str, str] | None = None


def bytecode_env(cache: str) -> dict[str, str]:
    """This process's environment with bytecode written to and read from ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO, env=_ENV)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fmt(values: list[float]) -> str:
    return f"{median(values):6.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def importtime(top: int) -> list[tuple[int, str]]:
    """The ``top`` imports by cumulative time (microseconds) in a fresh process."""
    code = CHILD.format(cv=str(CV))
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, cwd=REPO, env=_ENV
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        fields = [p.strip() for p in line[len("import time:"):].split("|")]
        if len(fields) == 3 and fields[1].isdigit():
            rows.append((int(fields[1]), fields[2]))
    rows.sort(reverse=True)
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per measurement")
    parser.add_argument("--importtime", type=int, default=0, metavar="N", help="also list the N slowest imports")
    parser.add_argument("--source", action="store_true",
                        help="no private bytecode cache: the environment as it is (see the module docstring)")
    args = parser.parse_args(argv)
    global _ENV
    with tempfile.TemporaryDirectory(prefix="rolefit-pycache-") as cache:
        _ENV = None if args.source else bytecode_env(cache)
        if not args.source:  # fill the cache: one untimed process of each kind
            _run(CHILD.format(cv=str(CV)))
            _run(FLOOR_SPACY)
        return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    phases: dict[str, list[float]] = {}
    cpu_total: list[float] = []
    python_floor, spacy_wall, spacy_cpu = [], [], []
    for _ in range(args.runs):  # alternately: rolefit, bare Python, spaCy
        marks = _run(CHILD.format(cv=str(CV)))
        previous = 0.0
        for name in ("import rolefit", "load scorer (model + pipeline)", "first score"):
            wall = marks[name][0]
            phases.setdefault(name, []).append(wall - previous)
            previous = wall
        phases.setdefault("import + first score", []).append(marks["first score"][0])
        cpu_total.append(marks["first score"][1])
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=_ENV)
        python_floor.append(time.perf_counter() - t0)
        floor = _run(FLOOR_SPACY)
        spacy_wall.append(floor["wall"])
        spacy_cpu.append(floor["cpu"])

    load = os.getloadavg()
    print(f"cold start, {args.runs} fresh processes, median (min, max); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("bytecode: " + ("as the environment has it (--source)" if _ENV is None else "private cache, warmed up"))
    for name, values in phases.items():
        print(f"  {name:<34} {_fmt(values)}")
    print(f"  {'CPU of the process (incl. Python)':<34} {_fmt(cpu_total)}")
    print("floors:")
    print(f"  {'python -c pass (wall, outside)':<34} {_fmt(python_floor)}")
    print(f"  {'import spacy + spacy.blank(en)':<34} {_fmt(spacy_wall)}   CPU {_fmt(spacy_cpu)}")
    print("target: import + first score <= 1 s")
    if args.importtime:
        print("\nslowest imports (cumulative microseconds, python -X importtime, one process):")
        for cum, name in importtime(args.importtime):
            print(f"  {cum:>9,}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
