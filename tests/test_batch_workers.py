"""Batch scoring processes and reading ahead: forked workers share the parent's loaded model,
give the rows of ``--jobs 1``, and die with their parent without holding its output lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

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


_ORIGINAL_CHUNK = __import__("rolefit.batch").batch._process_chunk


def _chunk_with_pids(items, config):
    """``_process_chunk`` adding (pid that built the engine, pid of this worker) to each row."""
    import rolefit.batch as batch

    rows = _ORIGINAL_CHUNK(items, config)
    engine = batch._engine_for(config)
    return [dict(row, _pids=(engine.pid, os.getpid())) for row in rows]


@pytest.mark.slow
def test_batch_forked_workers_reuse_the_parents_model_and_give_the_rows_of_one_job(tmp_path, model_dir, monkeypatch):
    """Regression (issue 9): every ``--jobs N`` process loaded the model and built the pipeline
    again (about 4 s of CPU each), so ``--jobs 2`` was slower than ``--jobs 1`` on 2 busy cores.
    The workers are now forked from the parent's warmed engine: the engine that scores in a
    worker was built by the parent, and the journal is byte-identical to ``--jobs 1``."""
    if _local.start_method() != "fork":
        pytest.skip("fork is not safe here (not Linux, or another thread is running in this process)")
    import rolefit.batch as batch

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    _texts(folder, 30)
    monkeypatch.setattr(batch, "_process_chunk", _chunk_with_pids)
    two = run_batch(folder, tmp_path / "two.jsonl", BatchOptions(model=model_dir, jobs=2, batch_size=4))
    engine_pids = {tuple(r.pop("_pids")) for r in two.rows}
    monkeypatch.undo()
    one = run_batch(folder, tmp_path / "one.jsonl", BatchOptions(model=model_dir, jobs=1, batch_size=4))
    assert {loaded_in for loaded_in, _ in engine_pids} == {os.getpid()}, "a worker loaded its own model"
    assert len({worker for _, worker in engine_pids} - {os.getpid()}) == 2, "two worker processes scored"
    assert one.rows == two.rows
    assert batch._ENGINES == {}, "the parent keeps no engine after the run"


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
