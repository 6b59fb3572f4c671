"""Batch scoring processes and reading ahead: forked workers share the parent's loaded model,
give the rows of ``--jobs 1``, and die with their parent without holding its output lock."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hostile
from rolefit.batch import BatchOptions, _local, run_batch
from test_batch import AIOPS, DESIGN, MLOPS, write_normal_cvs


@pytest.fixture(scope="module")
def model_dir():
    from rolefit.artifacts import default_model_path

    return default_model_path()


def _texts(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"cv_{i:03d}.txt").write_text([MLOPS, AIOPS, DESIGN][i % 3] + f"\nReference {i}\n", encoding="utf-8")


_FORK_CHECK = """
import json, os, sys
import rolefit.batch as batch
from rolefit.batch import BatchOptions, _local, run_batch

original = batch._process_chunk


def chunk_with_pids(items, config):  # runs in a forked worker: the patch is inherited
    rows = original(items, config)
    engine = batch._engine_for(config)
    return [dict(row, _pids=(engine.pid, os.getpid())) for row in rows]


folder, out, model = sys.argv[1:4]
method = _local.start_method()
batch._process_chunk = chunk_with_pids
two = run_batch(folder, out + ".two.jsonl", BatchOptions(model=model, jobs=2, batch_size=4))
pids = sorted({tuple(row.pop("_pids")) for row in two.rows})
batch._process_chunk = original
one = run_batch(folder, out + ".one.jsonl", BatchOptions(model=model, jobs=1, batch_size=4))
print(json.dumps({"method": method, "parent": os.getpid(), "pids": pids, "same_rows": one.rows == two.rows,
                  "engines_left": len(batch._ENGINES)}))
"""


@pytest.mark.slow
def test_batch_forked_workers_reuse_the_parents_model_and_give_the_rows_of_one_job(tmp_path, model_dir):
    """Regression (issue 9): every ``--jobs N`` process loaded the model and built the pipeline
    again (about 4 s of CPU each), so ``--jobs 2`` was slower than ``--jobs 1`` on 2 busy cores.
    The workers are now forked from the parent's warmed engine: the engine that scores in a
    worker was built by the parent, and the rows are those of ``--jobs 1``. (Run in a fresh
    interpreter: this test process may have threads left by other tests, and then batch
    rightly falls back to spawn.)"""
    if not sys.platform.startswith("linux"):
        pytest.skip("batch forks its scoring processes on Linux only")
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    _texts(folder, 30)
    done = subprocess.run([sys.executable, "-c", _FORK_CHECK, str(folder), str(tmp_path / "out"), str(model_dir)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["method"] == "fork"
    assert {loaded_in for loaded_in, _ in result["pids"]} == {result["parent"]}, "a worker loaded its own model"
    assert len({worker for _, worker in result["pids"]} - {result["parent"]}) == 2, "two worker processes scored"
    assert result["same_rows"]
    assert result["engines_left"] == 0, "the parent keeps no engine after the run"


_KEPT_CHECK = """
import json, sys
import rolefit.batch as batch
from rolefit.batch import BatchOptions, _local, run_batch

folder, out, model = sys.argv[1:4]
keys = []
real_key = batch._config_key
batch._config_key = lambda config: keys.append(real_key(config)) or real_key(config)
run_batch(folder, out + ".a.jsonl", BatchOptions(model=model, jobs=2, batch_size=4))
key = keys[0]
kept = (b"fingerprint", object())  # an engine this process kept for the same configuration
batch._ENGINES[key] = kept
run_batch(folder, out + ".b.jsonl", BatchOptions(model=model, jobs=2, batch_size=4))
print(json.dumps({"method": _local.start_method(), "one_key": len(set(keys)) == 1,
                  "kept": batch._ENGINES.get(key) is kept, "engines": len(batch._ENGINES)}))
"""


@pytest.mark.slow
def test_batch_forked_run_puts_back_the_engine_the_process_kept_for_its_configuration(tmp_path, model_dir):
    """Regression: a ``--jobs 2`` run lends its parent's engine to the forked workers under the
    configuration's key and removed that key afterwards, dropping (unclosed) an engine the
    process had kept for the same configuration; the kept engine is now put back."""
    if not sys.platform.startswith("linux"):
        pytest.skip("batch forks its scoring processes on Linux only")
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    done = subprocess.run([sys.executable, "-c", _KEPT_CHECK, str(folder), str(tmp_path / "out"), str(model_dir)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["method"] == "fork" and result["one_key"]
    assert result["kept"] and result["engines"] == 1


@pytest.mark.slow
def test_batch_jobs_2_killed_parent_frees_the_lock_at_once_and_resume_is_byte_identical(tmp_path, model_dir):
    """Forked workers inherit the parent's descriptors, the output lock's included: if they kept
    it, a ``kill -9`` of the parent would leave the output locked while they lived (and they
    would wait forever for work). They close it on start and exit with their parent."""
    folder = tmp_path / "cvs"
    _texts(folder, 60)
    full = tmp_path / "full.jsonl"
    run_batch(folder, full, BatchOptions(model=model_dir, jobs=1, batch_size=4))
    out, started = tmp_path / "part.jsonl", tmp_path / "started"
    code = (
        "import pathlib, time\n"
        "from rolefit.batch import BatchOptions, run_batch\n"
        "def on_row(done, total):\n"
        "    if done == 8:\n"
        f"        pathlib.Path({str(started)!r}).touch()\n"
        "        time.sleep(600)\n"
        f"run_batch({str(folder)!r}, {str(out)!r}, BatchOptions(model={str(model_dir)!r}, jobs=2, batch_size=4), on_row=on_row)\n"
    )
    log = tmp_path / "stderr.txt"
    with log.open("wb") as err:  # not a pipe: the workers inherit it, and reading it would wait for them
        parent = subprocess.Popen([sys.executable, "-c", code], stderr=err)
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert started.exists(), log.read_text() if parent.poll() is not None else "no row in 120 s"
        children = Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()
        workers = [int(pid) for pid in children]
        assert len(workers) >= 2, workers
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    from rolefit.batch._journal import lock_output

    with lock_output(out):  # at once: no worker holds the lock
        pass
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        assert time.monotonic() < deadline, "the workers outlived their parent"
        time.sleep(0.1)
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, jobs=2, batch_size=4, resume=True))
    assert 8 <= resumed.n_skipped < 60
    assert out.read_bytes() == full.read_bytes()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_prefetch_hands_on_the_sources_error_and_stops_when_closed_early():
    def failing():
        yield 1
        raise ValueError("broken source")

    feed = _local.Prefetch(failing(), 4)
    assert feed.get() == 1
    with pytest.raises(ValueError, match="broken source"):
        feed.get()
    feed.close()

    produced: list[int] = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    woken = threading.Event()
    feed = _local.Prefetch(endless(), 3, interrupt=woken.set)
    assert feed.get() == 0
    feed.close()
    assert woken.is_set() and len(produced) <= 3 + 3  # bounded read-ahead, then stopped
    n = len(produced)
    time.sleep(0.3)
    assert len(produced) == n  # the thread is gone


def test_prefetch_reads_extra_items_ahead_while_they_are_small_for_the_whole_run():
    """The queue holds ``depth`` items, and ``extra`` more while the items queued add up to
    less than ``max_extra_size``: a bound on what is queued now, so reading goes on as soon as
    the consumer takes an item (it never waits for the queue to drain back to ``depth``, as it
    did when the allowance ended once the consumer started), and items come out in order."""

    def settled_count(produced: list[int]) -> int:
        n = -1
        while n != len(produced):  # wait until the thread blocks
            n = len(produced)
            time.sleep(0.2)
        return n

    def counting(produced: list[int]):
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    produced: list[int] = []
    feed = _local.Prefetch(counting(produced), 2, extra=10)
    assert 12 <= settled_count(produced) <= 2 + 10 + 1  # read ahead while the consumer is not consuming
    got = [feed.get() for _ in range(12)]
    assert got == list(range(12))
    n = settled_count(produced)
    assert 24 <= n <= 24 + 1  # refilled to depth + extra at once, not held back at depth
    assert [feed.get() for _ in range(20)] == list(range(12, 32))
    feed.close()

    produced = []
    feed = _local.Prefetch(counting(produced), 2, extra=10, size=lambda item: 1, max_extra_size=5)
    assert settled_count(produced) <= 5 + 1  # the size bounds the extra items: 5 queued
    assert [feed.get() for _ in range(5)] == list(range(5))
    assert settled_count(produced) <= 10 + 1  # and again 5 queued, no more
    feed.close()

    # sizes of items taken are given back: a queue of large items holds ``depth`` of them
    produced = []
    feed = _local.Prefetch(counting(produced), 3, extra=10, size=lambda item: 100, max_extra_size=150)
    assert settled_count(produced) <= 3 + 1
    assert [feed.get() for _ in range(30)] == list(range(30))
    assert settled_count(produced) <= 33 + 1
    feed.close()


def test_prefetch_end_and_error_are_kept_for_every_later_get():
    feed = _local.Prefetch(iter([1, 2]), 1)
    assert [feed.get(), feed.get(), feed.get(), feed.get()] == [1, 2, _local.END, _local.END]
    feed.close()
    assert feed.get(timeout=0.01) is _local.END

    def failing():
        yield 1
        raise ValueError("broken")

    feed = _local.Prefetch(failing(), 1)
    assert feed.get() == 1
    with pytest.raises(ValueError):
        feed.get()
    assert feed.get() is _local.END
    assert feed.get(timeout=0.01) is _local.END
    feed.close()

    slow = _local.Prefetch(iter(()), 1)
    assert slow.get() is _local.END
    blocked = _local.Prefetch((time.sleep(0.5) or i for i in range(1)), 1)
    assert blocked.get(timeout=0.01) is _local.TIMEOUT
    blocked.close()


def test_batch_a_slow_pdf_does_not_hold_back_texts_already_read(tmp_path, model_dir):
    """With reading ahead, texts read before a PDF that is slow to parse are scored and written
    within about a second, while the PDF is still being read (MAX_PENDING_S)."""
    folder = tmp_path / "cvs"
    _texts(folder, 3)
    (folder / "z_slow.pdf").write_bytes(hostile.make_text_pdf(["Kubernetes"]))
    out = tmp_path / "out.jsonl"
    seen: list[tuple[int, float]] = []
    t0 = time.monotonic()

    def slow_reader_imap(self, sources, **kw):  # a PDF that takes 4 s to read
        for source, outcome in original(self, sources, **kw):
            if str(source[0]).endswith(".pdf"):
                time.sleep(4)
            yield source, outcome

    from rolefit.readers import ReaderPool

    original = ReaderPool.imap
    mp = pytest.MonkeyPatch()
    mp.setattr(ReaderPool, "imap", slow_reader_imap)
    try:
        run_batch(folder, out, BatchOptions(model=model_dir, batch_size=32),
                  on_row=lambda done, total: seen.append((done, time.monotonic() - t0)))
    finally:
        mp.undo()
    written_at = dict(seen)
    assert written_at[3] + 1.5 < written_at[4], written_at  # the texts did not wait for the PDF


def test_batch_cli_progress_bar_starts_no_thread_so_jobs_can_fork(tmp_path, monkeypatch):
    """Regression: on a terminal, `rolefit batch` showed a rich progress bar whose refresh
    thread was running when the batch started, so `--jobs 2` fell back to spawn and every
    scoring process loaded the model again. The batch bar is redrawn from the rows instead."""
    import io

    from rich.console import Console
    from typer.testing import CliRunner

    import rolefit.batch
    import rolefit.cli as cli

    monkeypatch.setattr(cli, "err", Console(file=io.StringIO(), force_terminal=True))
    seen: dict[str, int] = {}

    def fake_run_batch(directory, output, options, on_row=None):
        seen["threads"] = threading.active_count()
        for done in range(1, 4):
            on_row(done, 3)
        return rolefit.batch.BatchSummary(output=Path(output))

    monkeypatch.setattr(rolefit.batch, "run_batch", fake_run_batch)
    before = threading.active_count()
    folder = tmp_path / "cvs"
    folder.mkdir()
    result = CliRunner().invoke(cli.app, ["batch", str(folder), "--output", str(tmp_path / "o.jsonl"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "scoring" in cli.err.file.getvalue()  # the bar was shown
    assert seen["threads"] == before


@pytest.mark.parametrize(("jobs", "cores", "readers"), [(1, 1, 1), (1, 2, 2), (2, 2, 1), (3, 2, 1), (1, 64, 4), (4, 16, 4)])
def test_batch_reader_processes_share_the_cores_the_engines_leave(jobs, cores, readers):
    from rolefit.batch import _readers_per_engine

    assert _readers_per_engine(jobs, cores) == readers


_UNGUARDED_SCRIPT = """
import threading, time
from rolefit.batch import BatchOptions, run_batch
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()  # a thread: 'spawn', not 'fork'
run_batch({folder!r}, {out!r}, BatchOptions(jobs=2, batch_size=2))
"""


def test_batch_from_a_script_without_main_guard_under_spawn_says_how_to_fix_it(tmp_path):
    """Regression: a script calling run_batch(jobs=2) at module level while a thread ran got an
    opaque BrokenProcessPool (each spawned process re-ran the script and hit the output lock)."""
    _texts(tmp_path / "cvs", 4)
    script = tmp_path / "unguarded.py"
    script.write_text(_UNGUARDED_SCRIPT.format(folder=str(tmp_path / "cvs"), out=str(tmp_path / "out.csv")))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("rolefit.errors.BatchParameterError: [RF608]"), proc.stderr[-2000:]  # a BatchError
    assert 'if __name__ == "__main__":' in last and "resume=True" in last and "--resume" not in last
    assert "BrokenProcessPool" not in last and "RF606" not in proc.stderr


def test_batch_reads_containers_while_the_model_loads(tmp_path, model_dir, monkeypatch):
    """``--jobs 1`` starts its reader processes and reads ahead before it loads the model, so
    parsing PDFs overlaps the load; the output is still untouched until the model has loaded."""
    from rolefit import scorer
    from rolefit.readers import ReaderPool

    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(3):
        (folder / f"cv_{i}.pdf").write_bytes(hostile.make_text_pdf([MLOPS.splitlines()[0], f"Reference {i}"]))
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier output\n", encoding="utf-8")
    events: list[tuple[str, int, bool]] = []
    original_start, original_init = ReaderPool.start, scorer.Scorer.__init__

    def start(self, n=None):
        original_start(self, n)
        events.append(("readers", len(self.pids), out.exists()))

    def init(self, *args, **kwargs):
        time.sleep(0.5)  # a model that takes a while to load
        events.append(("model", 0, out.exists()))
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(ReaderPool, "start", start)
    monkeypatch.setattr(scorer.Scorer, "__init__", init)
    summary = run_batch(folder, out, BatchOptions(model=model_dir, force=True))
    assert [e[0] for e in events] == ["readers", "model"]
    from rolefit.batch import _cpu_count, _readers_per_engine

    assert events[0][1] == 1  # started before the model; the others only if reading proves slow
    assert _readers_per_engine(1, _cpu_count()) >= 1
    assert events[1][2]  # the earlier output was still there while the model loaded
    assert summary.n_ok == 3 and len(out.read_text(encoding="utf-8").splitlines()) == 3


@given(n=st.integers(0, 3000), size=st.integers(1, 256), workers=st.integers(1, 16))
def test_chunk_sizes_cover_every_input_once_and_shrink_only_near_the_end(n, size, workers):
    from rolefit.batch._cluster import MIN_CHUNK_SHARE, chunk_sizes

    sizes = list(chunk_sizes(n, size, workers))
    assert sum(sizes) == n and all(0 < s <= size for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # full chunks first, then shrinking
    smallest = max(1, int(size * MIN_CHUNK_SHARE))
    assert all(s >= smallest for s in sizes[:-1])
    left = n
    for s in sizes:  # a chunk is short of batch_size only when little work is left for the workers
        assert s == size or left < 2 * workers * size
        left -= s


def test_chunks_end_together_on_two_workers():
    """Regression: 1,000 inputs in chunks of 32 ended with one worker scoring a full chunk
    while the other had nothing left (about a chunk's time lost at the end of every run)."""
    from rolefit.batch._cluster import chunk_sizes

    sizes = list(chunk_sizes(1000, 32, 2))
    assert sizes[:20] == [32] * 20 and sizes[-1] <= 4 and sum(sizes) == 1000


@pytest.mark.parametrize(("gap_s", "unthrottled"), [(0.0, False), (0.6, True)])
def test_batch_engine_starts_more_readers_when_texts_arrive_slower_than_they_are_scored(
    model_dir, monkeypatch, gap_s, unthrottled
):
    """An engine runs one reader process while reading keeps up with scoring (small PDFs: the
    others' start-up was wasted) and lets the pool start the rest once SLOW_BATCHES batches of
    texts in a row each took longer to arrive than the batch before took to score (here the
    second and third: one late batch is often jitter)."""
    from rolefit.batch import _Engine, _WorkConfig
    from rolefit.readers import ReadLimits, ReadResult

    engine = _Engine(_WorkConfig(model=str(model_dir), profiles=None, limits=ReadLimits(), batch_size=2, readers=2))
    assert engine.pool.active == 1
    score = engine._score

    def slow_score(buffer):  # scoring a batch takes 0.2 s: far above any thread-switch jitter
        time.sleep(0.2)
        return score(buffer)

    monkeypatch.setattr(engine, "_score", slow_score)

    def entries():
        for i in range(6):
            if i >= 2:  # after the first batch, as a slow reader would deliver them
                time.sleep(gap_s)
            yield f"cv_{i}.pdf", None, ReadResult(text=MLOPS + f"\nReference {i}\n", format="pdf")

    try:
        rows = list(engine.rows(feed=_local.Prefetch(entries(), 4)))
    finally:
        engine.close()
    assert [r["status"] for r in rows] == ["ok"] * 6
    assert (engine.pool.active == 2) is unthrottled


def test_batch_engine_keeps_reading_ahead_while_it_scores_what_was_read_during_the_load(model_dir, monkeypatch):
    """Regression: once the scoring started, the read-ahead dropped back to ``2 * batch_size``
    and the readers waited until the scoring had worked through everything read while the
    model loaded (1,000 small PDFs: the reader process idle for about a second). The rows
    still come in input order, one per input."""
    from rolefit.batch import _Engine, _WorkConfig
    from rolefit.readers import ReadLimits, ReadResult

    engine = _Engine(_WorkConfig(model=str(model_dir), profiles=None, limits=ReadLimits(), batch_size=2, readers=1))
    score = engine._score
    produced: list[int] = []
    seen: list[int] = []

    def slow_score(buffer):
        seen.append(len(produced))
        time.sleep(0.2)
        return score(buffer)

    monkeypatch.setattr(engine, "_score", slow_score)

    def entries():
        for i in range(30):
            produced.append(i)
            yield f"cv_{i:02d}.pdf", None, ReadResult(text=MLOPS + f"\nReference {i}\n", format="pdf")

    feed = _local.Prefetch(entries(), 4, extra=20)  # as read_ahead: depth 2 * batch_size, extra while small
    deadline = time.monotonic() + 10
    while len(produced) < 25 and time.monotonic() < deadline:  # "the model loads": 24 queued
        time.sleep(0.05)
    try:
        rows = list(engine.rows(feed=feed))
    finally:
        engine.close()
    assert [r["path"] for r in rows] == [f"cv_{i:02d}.pdf" for i in range(30)]
    # by the third batch (4 rows taken), the queue was full again (24) and one more read: a read-ahead
    # dropped back to depth would have held the reading at 25 until the queue fell below 4
    assert seen[2] >= 4 + 24
