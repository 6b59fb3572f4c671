"""Batch scoring of a folder: one row per file, error codes, resume after SIGKILL, CLI exit codes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import random
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import hostile
from rolefit.batch import BatchError, BatchOptions, run_batch
from rolefit.readers import ReadLimits

MLOPS = "Experience\nKubernetes, Docker, GitLab CI, Terraform, MLflow model registry, Prometheus, Python.\n"
AIOPS = "Experience\nAI governance, EU AI Act and GDPR compliance, risk management, stakeholder management, Scrum, Jira.\n"
DESIGN = "Experience\nUI/UX design in Figma and Adobe Photoshop; user research and prototyping.\n"


@pytest.fixture(scope="module")
def model_dir():
    from rolefit.artifacts import default_model_path

    path = default_model_path()
    if not (path / "meta.json").is_file():
        pytest.fail("the bundled default model is missing: run `make model`")
    return path


def write_normal_cvs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_mlops.txt").write_text(MLOPS, encoding="utf-8")
    (folder / "b_aiops.md").write_text("# CV\n" + AIOPS, encoding="utf-8")
    (folder / "c_design.docx").write_bytes(hostile.make_docx(DESIGN.splitlines()))
    (folder / "d_mlops.pdf").write_bytes(hostile.make_text_pdf(MLOPS.splitlines()))


HOSTILE = {
    "e_bomb.pdf": (lambda: hostile.make_bomb_pdf(), {"RESOURCE_LIMIT", "NO_TEXT_LAYER", "PARSE_ERROR"}),
    "f_encrypted.pdf": (lambda: hostile.make_encrypted_pdf(), {"ENCRYPTED"}),
    "g_scan.pdf": (lambda: hostile.make_image_only_pdf(), {"NO_TEXT_LAYER"}),
    "h_random.pdf": (lambda: random.Random(0).randbytes(2048), {"UNSUPPORTED_FORMAT", "PARSE_ERROR", "ENCODING"}),
    "i_truncated.pdf": (lambda: hostile.make_text_pdf(["Docker"])[:200], {"PARSE_ERROR", "NO_TEXT_LAYER"}),
    "j_random.docx": (lambda: b"PK\x03\x04" + random.Random(1).randbytes(500), {"PARSE_ERROR", "UNSUPPORTED_FORMAT"}),
    "k_legacy.docx": (hostile.make_ole_doc, {"UNSUPPORTED_FORMAT"}),
    "l_doctype.docx": (hostile.make_doctype_docx, {"PARSE_ERROR", "RESOURCE_LIMIT"}),
    "m_zipbomb.docx": (lambda: hostile.make_zip_bomb_docx(), {"RESOURCE_LIMIT"}),
    "n_empty.txt": (lambda: b"", {"EMPTY"}),
    "o_huge.txt": (lambda: b"Kubernetes " * 1_000_000, {"TOO_LARGE"}),
    "p_picture.png": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, {"UNSUPPORTED_FORMAT"}),
}


def test_batch_hostile_folder_one_row_each_with_codes(tmp_path, model_dir):
    """Every file gets exactly one row; hostile files get their error code and review labels."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    for name, (make, _codes) in HOSTILE.items():
        (folder / name).write_bytes(make())
    (folder / "q_utf16.txt").write_bytes(MLOPS.encode("utf-16"))
    (folder / "r_cp1252.txt").write_bytes(("Café résumé – " + MLOPS).encode("cp1252"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary = run_batch(folder, tmp_path / "out.jsonl", BatchOptions(model=model_dir, jobs=2, memory_mb=768))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    rows = {r["path"]: r for r in summary.rows}
    assert sorted(rows) == sorted(p.name for p in folder.iterdir())
    for name, (_make, codes) in HOSTILE.items():
        row = rows[name]
        assert row["status"] == "error" and row["error_code"] in codes, (name, row["error_code"])
        assert row["ai_operations_manager_label"] == "review" and row["mlops_engineer_label"] == "review"
        assert row["ai_operations_manager_probability"] is None
    for name in ("a_mlops.txt", "b_aiops.md", "c_design.docx", "d_mlops.pdf", "q_utf16.txt", "r_cp1252.txt"):
        assert rows[name]["status"] == "ok", rows[name]
    assert rows["a_mlops.txt"]["mlops_engineer_probability"] > rows["a_mlops.txt"]["ai_operations_manager_probability"]
    assert grown_mb < 300, f"parent grew by {grown_mb:.0f} MB"


def test_batch_output_lines_match_rows_in_sorted_order(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    summary = run_batch(folder, out, BatchOptions(model=model_dir))
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines == summary.rows
    assert [r["path"] for r in lines] == sorted(r["path"] for r in lines)


def test_batch_same_cv_as_txt_docx_pdf_yields_same_skills(tmp_path, model_dir):
    from rolefit.nlp import extract_skills
    from rolefit.readers import read_text

    (tmp_path / "cv.txt").write_text(MLOPS, encoding="utf-8")
    (tmp_path / "cv.docx").write_bytes(hostile.make_docx(MLOPS.splitlines()))
    (tmp_path / "cv.pdf").write_bytes(hostile.make_text_pdf(MLOPS.splitlines()))
    found = [
        sorted({m.concept_id for m in extract_skills(read_text(tmp_path / name))})
        for name in ("cv.txt", "cv.docx", "cv.pdf")
    ]
    assert found[0] == found[1] == found[2]
    assert "kubernetes" in found[0]


def test_batch_jobs_do_not_change_output(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    (folder / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    one = run_batch(folder, tmp_path / "one.jsonl", BatchOptions(model=model_dir, jobs=1))
    two = run_batch(folder, tmp_path / "two.jsonl", BatchOptions(model=model_dir, jobs=2))
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one.rows == two.rows


def test_batch_refuses_to_overwrite_without_force_or_resume(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(BatchError, match="RF604"):
        run_batch(folder, out, BatchOptions(model=model_dir))
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_batch_resume_cuts_torn_last_line_and_completes(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    full = tmp_path / "full.jsonl"
    run_batch(folder, full, BatchOptions(model=model_dir))
    lines = full.read_bytes().splitlines(keepends=True)
    part = tmp_path / "part.jsonl"
    part.write_bytes(b"".join(lines[:2]) + lines[2][:25])  # crash in the middle of row 3
    summary = run_batch(folder, part, BatchOptions(model=model_dir, resume=True))
    assert summary.n_skipped == 2
    assert part.read_bytes() == full.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_batch_tabular_formats_written_from_journal(tmp_path, model_dir, fmt):
    import pandas as pd

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / f"out.{fmt}"
    summary = run_batch(folder, out, BatchOptions(model=model_dir, fmt=fmt))
    frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert list(frame["path"]) == [r["path"] for r in summary.rows]


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rolefit.cli", *args], capture_output=True, text=True, **kw)


def test_batch_cli_exit_codes(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    ok = _cli("batch", str(folder), "--output", str(tmp_path / "ok.jsonl"))
    assert ok.returncode == 0, ok.stderr
    assert "summary" in ok.stdout
    (folder / "z.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    some = _cli("batch", str(folder), "--output", str(tmp_path / "some.jsonl"))
    assert some.returncode == 2
    bad = _cli("batch", str(tmp_path / "missing"), "--output", str(tmp_path / "x.jsonl"))
    assert bad.returncode == 1 and "RF602" in bad.stderr and "no such folder" in bad.stderr
    again = _cli("batch", str(folder), "--output", str(tmp_path / "some.jsonl"))
    assert again.returncode == 1 and "--resume" in again.stderr


def test_batch_sigkill_then_resume_equals_uninterrupted_run(tmp_path, model_dir):
    """SIGKILL mid-run, then --resume: the output equals an uninterrupted run's."""
    folder = tmp_path / "cvs"
    folder.mkdir()
    texts = [MLOPS, AIOPS, DESIGN]
    for i in range(150):
        (folder / f"cv_{i:03d}.txt").write_text(texts[i % 3] + f"\nReference {i}\n", encoding="utf-8")
    full = tmp_path / "full.jsonl"
    assert _cli("batch", str(folder), "--output", str(full)).returncode == 0
    part = tmp_path / "part.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rolefit.cli", "batch", str(folder), "--output", str(part)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if part.exists() and part.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    n_before = part.read_bytes().count(b"\n")
    assert 5 <= n_before < 150, "the kill must land mid-run"
    resumed = _cli("batch", str(folder), "--output", str(part), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert part.read_bytes() == full.read_bytes()


def test_batch_output_inside_input_folder_is_not_an_input(tmp_path, model_dir):
    """Regression: with the output inside DIR, --resume scored the output file itself."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = folder / "scores.jsonl"
    first = run_batch(folder, out, BatchOptions(model=model_dir))
    again = run_batch(folder, out, BatchOptions(model=model_dir, resume=True))
    assert [r["path"] for r in again.rows] == [r["path"] for r in first.rows]
    assert "scores.jsonl" not in {r["path"] for r in again.rows}


def test_batch_resume_rescores_a_changed_file_in_order(tmp_path, model_dir):
    """Regression: a file changed between runs got a second row, out of order."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir))
    (folder / "a_mlops.txt").write_text(MLOPS + "\nHelm, Kubeflow\n", encoding="utf-8")
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, resume=True))
    fresh = run_batch(folder, tmp_path / "fresh.jsonl", BatchOptions(model=model_dir))
    assert out.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert len(resumed.rows) == len(fresh.rows) == 4


def test_batch_unwritable_output_is_a_batch_error(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    with pytest.raises(BatchError, match="RF605"):
        run_batch(folder, folder / "a_mlops.txt" / "out.jsonl", BatchOptions(model=model_dir))


def test_batch_cli_usage_error_exits_1(tmp_path):
    """Regression: a missing --output exited 2, the code for "some rows are errors"."""
    res = _cli("batch", str(tmp_path))
    assert res.returncode == 1 and "--output" in res.stderr


def test_batch_300k_character_cv_is_a_too_large_row_at_read_time(tmp_path, model_dir):
    """Regression (issue 8, defect 7): readers accepted 500,000 characters and the extractor
    200,000, so a 300k-character CV was read and then failed in scoring; now the reader
    refuses it with its own TOO_LARGE error (RF505) and the other files are scored."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    (folder / "long.txt").write_text("Kubernetes " * 27_273, encoding="utf-8")  # 300,003 chars
    summary = run_batch(folder, tmp_path / "out.jsonl", BatchOptions(model=model_dir))
    rows = {r["path"]: r for r in summary.rows}
    assert rows["long.txt"]["error_code"] == "TOO_LARGE" and "[RF505]" in rows["long.txt"]["error_message"]
    assert [r["status"] for name, r in rows.items() if name != "long.txt"] == ["ok"] * 4


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_batch_cli_refuses_a_timeout_that_is_not_positive_and_finite(tmp_path, value):
    """Regression (issue 8, defect 6): `rolefit batch --timeout nan` was accepted and disabled
    the per-file timeout; it must exit 1 with a coded error before reading anything."""
    from typer.testing import CliRunner

    from rolefit.cli import app

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    res = CliRunner().invoke(app, ["batch", str(folder), "--output", str(tmp_path / "o.jsonl"), "--timeout", value])
    assert res.exit_code == 1 and "RF520" in res.stderr and "--timeout must" in res.stderr
    assert not (tmp_path / "o.jsonl").exists()


# --------------------------------------------------------------------------- one row per entry, one writer


def test_batch_every_non_directory_entry_gets_its_own_coded_row(tmp_path, model_dir, monkeypatch):
    """Regression (issue 9): broken symlinks, symlink loops, FIFOs, sockets and unreadable
    files were skipped without a row ("2 files" for a folder of 5 entries)."""
    import socket

    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "a_ok.txt").write_text(MLOPS, encoding="utf-8")
    (folder / "b_broken.txt").symlink_to(folder / "missing.txt")
    (folder / "c_loop.txt").symlink_to(folder / "c_loop2.txt")
    (folder / "c_loop2.txt").symlink_to(folder / "c_loop.txt")
    os.mkfifo(folder / "d_pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "e_socket.txt"))
    secret = folder / "f_secret.txt"
    secret.write_text(AIOPS, encoding="utf-8")
    secret.chmod(0)
    (folder / "g_sub").mkdir()  # a folder is not an input
    if os.geteuid() == 0:  # root reads any file: make the kernel's refusal happen for this one
        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self.name == "f_secret.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    try:
        summary = run_batch(folder, tmp_path / "out.jsonl", BatchOptions(model=model_dir))
    finally:
        server.close()
    codes = {r["path"]: r["error_code"] for r in summary.rows}
    assert codes == {
        "a_ok.txt": None, "b_broken.txt": "BROKEN_LINK", "c_loop.txt": "SYMLINK_LOOP",
        "c_loop2.txt": "SYMLINK_LOOP", "d_pipe.txt": "SPECIAL_FILE", "e_socket.txt": "SPECIAL_FILE",
        "f_secret.txt": "PERMISSION_DENIED",
    }
    assert summary.n_inputs == 7 and summary.n_errors == 6
    messages = {r["path"]: r["error_message"] for r in summary.rows}
    assert "[RF521]" in messages["b_broken.txt"] and "[RF522]" in messages["c_loop.txt"]
    assert "named pipe" in messages["d_pipe.txt"] and "socket" in messages["e_socket.txt"]
    assert "[RF524]" in messages["f_secret.txt"]


@pytest.mark.slow
def test_batch_second_run_on_the_same_output_is_refused_at_once(tmp_path, model_dir):
    """Regression (issue 9): two runs into one output (a double click, a cron overlap) both
    exited 0 and wrote every file twice; the second must refuse with RF606 and exit 1."""
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(12):
        (folder / f"cv_{i:03d}.txt").write_text([MLOPS, AIOPS, DESIGN][i % 3] + f"\nRef {i}\n", encoding="utf-8")
    out, release = tmp_path / "out.jsonl", tmp_path / "release"
    # the first run holds the output, pausing after its first row until the test releases it
    code = (
        "import pathlib, sys, time\n"
        "from rolefit.batch import BatchOptions, run_batch\n"
        f"release = pathlib.Path({str(release)!r})\n"
        "def on_row(done, total):\n"
        "    while not release.exists():\n"
        "        time.sleep(0.02)\n"
        f"run_batch({str(folder)!r}, {str(out)!r}, BatchOptions(model={str(model_dir)!r}, batch_size=1), on_row=on_row)\n"
    )
    first = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (out.exists() and out.read_bytes().count(b"\n") >= 1):
            time.sleep(0.02)
        assert first.poll() is None, "the first run must still be running"
        for extra in ([], ["--resume"], ["--force"]):
            second = _cli("batch", str(folder), "--output", str(out), *extra, timeout=60)
            assert second.returncode == 1 and "RF606" in second.stderr, second.stderr
        assert out.read_bytes().count(b"\n") == 1  # nothing written by the refused runs
    finally:
        release.touch()
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    paths = [json.loads(line)["path"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert paths == sorted(p.name for p in folder.iterdir())  # every file once, in order


def test_batch_lock_is_released_when_the_writer_dies(tmp_path, model_dir):
    """A run killed with SIGKILL leaves no lock behind: --resume works at once."""
    from rolefit.batch._journal import OutputLockedError, lock_output

    out = tmp_path / "out.jsonl"
    code = f"from rolefit.batch._journal import lock_output; import time\nwith lock_output(__import__('pathlib').Path({str(out)!r})):\n    print('locked', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(OutputLockedError):
        with lock_output(out):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    with lock_output(out):
        pass


def test_batch_fsspec_url_input_gives_the_same_rows(tmp_path, model_dir):
    pytest.importorskip("fsspec")
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    local = run_batch(folder, tmp_path / "local.jsonl", BatchOptions(model=model_dir))
    remote = run_batch(f"file://{folder}", tmp_path / "url.jsonl", BatchOptions(model=model_dir))
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "url.jsonl").read_bytes()
    assert [r["status"] for r in remote.rows] == [r["status"] for r in local.rows] == ["ok"] * 4


# --------------------------------------------------------------------------- Dask cluster


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path):
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1, always torn down."""
    with _local_cluster(tmp_path, 2) as address:
        yield address


@contextlib.contextmanager
def _local_cluster(tmp_path: Path, n_workers: int, *worker_args: str) -> Iterator[str]:
    """A real `dask scheduler` and ``n_workers`` `dask worker` processes (no nanny) on
    127.0.0.1, started with ``worker_args`` too; its address; always torn down."""
    pytest.importorskip("distributed")
    dask = Path(sys.executable).with_name("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir(exist_ok=True)
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> None:
        log = (logs / f"{name}.log").open("wb")
        procs.append(subprocess.Popen([str(dask), *args], stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path))
        log.close()

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for i in range(n_workers):
            start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                  "--name", f"w{i}", "--memory-limit", "0", "--no-nanny", *worker_args)
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(n_workers, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):  # workers (no nanny) first, then the scheduler
            proc.kill()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.mark.slow
def test_batch_on_a_dask_cluster_writes_the_same_journal_as_a_local_run(tmp_path, model_dir, dask_cluster):
    """Scheduler + two worker processes: same rows, same order, same bytes; --resume too."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    for i in range(40):
        (folder / f"t_{i:02d}.txt").write_text([MLOPS, AIOPS, DESIGN][i % 3] + f"\nRef {i}\n", encoding="utf-8")
    (folder / "x_scan.pdf").write_bytes(hostile.make_image_only_pdf())
    (folder / "y_picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    local = tmp_path / "local.jsonl"
    run_batch(folder, local, BatchOptions(model=model_dir, batch_size=8))
    remote = tmp_path / "remote.jsonl"
    summary = run_batch(folder, remote, BatchOptions(model=model_dir, batch_size=8, scheduler=dask_cluster))
    assert remote.read_bytes() == local.read_bytes()
    assert summary.n_inputs == 46 and summary.error_codes == {"NO_TEXT_LAYER": 1, "UNSUPPORTED_FORMAT": 1}
    lines = remote.read_bytes().splitlines(keepends=True)
    remote.write_bytes(b"".join(lines[:20]) + lines[20][:30])  # as if killed mid-row
    resumed = run_batch(folder, remote, BatchOptions(model=model_dir, batch_size=8, scheduler=dask_cluster, resume=True))
    assert resumed.n_skipped == 20 and remote.read_bytes() == local.read_bytes()
    # every worker loads (and warms) its engine at connect, not only those that get a chunk:
    # one file, one chunk, yet while that run is connected both workers build an engine for
    # its new configuration (a run that ends first releases the warm-up of an idle worker)
    single = tmp_path / "single"
    write_normal_cvs(single)
    for extra in ("b_aiops.md", "c_design.docx", "d_mlops.pdf"):
        (single / extra).unlink()
    from distributed import Client

    count = lambda: len(__import__("rolefit.batch").batch._ENGINES)  # noqa: E731 (sent by value)
    engines: dict[str, int] = {}

    def on_row(done: int, total: int) -> None:  # the batch's client is still connected here
        with Client(dask_cluster, timeout=30) as client:
            deadline = time.monotonic() + 90  # the worker without a chunk may still be warming
            seen = client.run(count)
            while sorted(seen.values()) != [2, 2] and time.monotonic() < deadline:
                time.sleep(0.2)
                seen = client.run(count)
        engines.update(seen)

    run_batch(single, tmp_path / "single.jsonl", BatchOptions(model=model_dir, batch_size=3, scheduler=dask_cluster),
              on_row=on_row)
    assert sorted(engines.values()) == [2, 2], engines


@pytest.mark.slow
def test_preloaded_dask_worker_loads_the_model_at_start_and_batches_reuse_it(tmp_path, model_dir):
    """`dask worker ... --preload rolefit.batch.preload --rolefit-model DIR` loads (and warms)
    the model before the worker joins; a batch naming that model (spelt another way) scores
    with that very scorer, loads no other, and writes the same journal as a local run."""
    from distributed import Client

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    (folder / "x_scan.pdf").write_bytes(hostile.make_image_only_pdf())
    local = tmp_path / "local.jsonl"
    run_batch(folder, local, BatchOptions(model=model_dir, batch_size=2))
    # (id of each loaded scorer, engines built) in the worker process; sent by value
    loaded = lambda: (  # noqa: E731
        [id(s) for s in __import__("rolefit.batch").batch._loaded_scorers()],
        len(__import__("rolefit.batch").batch._ENGINES),
    )
    preload = ("--preload", "rolefit.batch.preload", "--rolefit-model", f"{model_dir}{os.sep}.")
    with _local_cluster(tmp_path, 1, *preload) as address, Client(address, timeout=30) as client:
        [(scorers, engines)] = client.run(loaded).values()
        assert len(scorers) == 1 and engines == 0  # loaded when the worker started, before any batch
        remote = tmp_path / "remote.jsonl"
        run_batch(folder, remote, BatchOptions(model=model_dir, batch_size=2, scheduler=address))
        assert remote.read_bytes() == local.read_bytes()
        [(after, engines)] = client.run(loaded).values()
        assert after == scorers and engines == 1  # the batch's engine took the preloaded scorer


def test_preload_scorer_is_the_scorer_worker_engines_take(model_dir, monkeypatch):
    """An engine built in a worker process (Dask, spawned --jobs) reuses the preloaded scorer;
    an engine of the caller's own process loads its own (a model retrained in place between
    two runs is never served stale)."""
    from rolefit import batch as batch_mod

    monkeypatch.setattr(batch_mod, "_SCORERS", {})  # this test's scorers only, none left behind
    scorer = batch_mod.preload_scorer(model_dir)
    config = batch_mod._WorkConfig(model=os.fspath(model_dir), profiles=None, limits=ReadLimits(), batch_size=4)
    kept = batch_mod._Engine(config, load=False, kept=True)
    try:
        assert kept.scorer is scorer and batch_mod.preload_scorer(None) is scorer  # None: the bundled model
    finally:
        kept.close()
    own = batch_mod._Engine(config, load=False)
    try:
        assert own.scorer is not scorer
    finally:
        own.close()


def test_kept_scorer_and_engine_are_replaced_when_the_model_changes_in_place(tmp_path, model_dir, monkeypatch):
    """A long-lived worker keeps its scorer and engine per model directory, but a model
    retrained or replaced in place (its manifest changed) is loaded again on the next chunk,
    and the old engine is closed: a kept scorer is never served stale. Regression: the key was
    the path alone, so a Dask worker went on scoring with the old model after a retrain."""
    from rolefit import batch as batch_mod

    monkeypatch.setattr(batch_mod, "_SCORERS", {})
    monkeypatch.setattr(batch_mod, "_ENGINES", {})
    model = tmp_path / "model"
    shutil.copytree(model_dir, model)
    config = batch_mod._WorkConfig(model=os.fspath(model), profiles=None, limits=ReadLimits(), batch_size=4)
    first, engine = batch_mod._scorer_for(config), batch_mod._engine_for(config)
    assert batch_mod._scorer_for(config) is first and batch_mod._engine_for(config) is engine  # kept
    manifest = model / "manifest.json"
    manifest.write_text(json.dumps(json.loads(manifest.read_text(encoding="utf-8")), indent=1), encoding="utf-8")
    second, engine2 = batch_mod._scorer_for(config), batch_mod._engine_for(config)
    try:
        assert second is not first and engine2 is not engine
        assert engine2.scorer is second  # the new engine takes the new scorer
        assert len(batch_mod._SCORERS) == 1 and len(batch_mod._ENGINES) == 1  # the old ones dropped
    finally:
        engine2.close()


def test_batch_unreachable_scheduler_is_a_coded_error(tmp_path, model_dir, monkeypatch):
    pytest.importorskip("distributed")
    from rolefit.batch import _cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(BatchError, match="RF607"):
        run_batch(folder, tmp_path / "o.jsonl", BatchOptions(model=model_dir, scheduler=address))


def test_batch_missing_model_is_a_model_error_not_an_output_error(tmp_path):
    """Regression: ModelFileError is also an OSError, and run_batch reported a missing model
    directory as "[RF605] ... check that the output folder ... is writable"."""
    from rolefit.errors import ModelFileError

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    with pytest.raises(ModelFileError) as info:
        run_batch(folder, tmp_path / "out.jsonl", BatchOptions(model=tmp_path / "no-model"))
    assert "RF605" not in str(info.value)


def test_batch_row_probability_never_rounds_to_a_certainty():
    """Regression: the bundled MLOps sample CV has p = 0.9999999981, written 1.0 in its row."""
    from rolefit.batch import _row_probability

    assert _row_probability(0.9999999981059269) == 0.999999
    assert _row_probability(2e-9) == 0.000001
    assert _row_probability(0.4249999) == 0.425
    assert _row_probability(float("nan")) is None
    assert _row_probability(1.0) == 1.0 and _row_probability(0.0) == 0.0  # only the model's own 0/1 print as such


def test_batch_format_contradicting_the_output_suffix_is_refused_and_the_journal_kept(tmp_path):
    """Regression: `--output scores.jsonl --resume --format csv` re-scored everything and wrote CSV
    over scores.jsonl, the earlier run's journal, losing its rows."""
    from rolefit.batch import BatchError, BatchOptions, run_batch

    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "a.txt").write_text("Skills: Kubernetes, Docker, Terraform", encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    run_batch(cvs, out, BatchOptions())
    before = out.read_bytes()
    for fmt in ("csv", "parquet"):
        with pytest.raises(BatchError, match=r"\[RF601\].*ends in \.jsonl"):
            run_batch(cvs, out, BatchOptions(resume=True, fmt=fmt))
    assert out.read_bytes() == before
    assert not (tmp_path / "scores.jsonl.jsonl").exists()
    run_batch(cvs, tmp_path / "scores.out", BatchOptions(fmt="csv"))  # no known suffix: --format decides
    assert (tmp_path / "scores.out").read_text(encoding="utf-8").startswith("path,")


def test_batch_a_scoring_bug_on_one_file_is_an_internal_error_row_not_a_lost_batch(tmp_path, monkeypatch):
    """Regression: a KeyError while scoring one CV (a heading with a Turkish dotted I) escaped
    run_batch, leaving an empty journal for a folder of otherwise good CVs."""
    import json

    import rolefit.batch as batch
    from rolefit.scorer import Scorer

    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "a_good.txt").write_text("Skills: Kubernetes, Docker, Terraform", encoding="utf-8")
    (cvs / "b_boom.txt").write_text("BOOM Skills: Python", encoding="utf-8")
    (cvs / "c_good.txt").write_text("Skills: Jira, Scrum, risk management", encoding="utf-8")
    real_many, real_one = Scorer.score_many, Scorer.score

    def boom(self, items, *a, **k):
        if any("BOOM" in getattr(i, "text", i) for i in items):
            raise KeyError("ski\u0307lls")
        return real_many(self, items, *a, **k)

    def boom_one(self, item, *a, **k):
        if "BOOM" in getattr(item, "text", item):
            raise KeyError("ski\u0307lls")
        return real_one(self, item, *a, **k)

    monkeypatch.setattr(Scorer, "score_many", boom)
    monkeypatch.setattr(Scorer, "score", boom_one)
    batch._ENGINES.clear()
    out = tmp_path / "out.jsonl"
    summary = run_batch(cvs, out, BatchOptions())
    batch._ENGINES.clear()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in rows] == ["a_good.txt", "b_boom.txt", "c_good.txt"]
    assert [r["status"] for r in rows] == ["ok", "error", "ok"]
    assert rows[1]["error_code"] == "INTERNAL_ERROR" and "KeyError" in rows[1]["error_message"]
    assert summary.n_inputs == 3


def test_batch_row_gives_each_role_its_own_reason(tmp_path, model_dir):
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    (folder / "n_empty.txt").write_bytes(b"")
    (folder / "q_posting.txt").write_text(
        "We are looking for an MLOps Engineer to join our team.\nRequirements:\n" + MLOPS, encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    rows = {r["path"]: r for r in run_batch(folder, out, BatchOptions(model=model_dir)).rows}
    roles = ("ai_operations_manager", "mlops_engineer")
    for row in rows.values():
        for role in roles:
            if row["status"] == "ok":
                # the row's column is the role's own reason, as the detail gives it
                assert row[f"{role}_reason"] == row["detail"][role]["reason"]
                if row[f"{role}_label"] != "review":
                    assert row[f"{role}_reason"] is None
            else:
                assert row[f"{role}_reason"] == row["reason"] and row[f"{role}_label"] == "review"
        own = sorted({row[f"{role}_reason"] for role in roles if row[f"{role}_reason"]})
        assert row["reason"] == ("; ".join(own) or None)
    assert rows["n_empty.txt"]["status"] == "error"
    assert rows["q_posting.txt"]["status"] == "ok" and all(rows["q_posting.txt"][f"{r}_reason"] for r in roles)


def test_a_long_lived_process_keeps_a_bounded_number_of_scorers(monkeypatch, model_dir):
    """A Dask worker serving runs with many different profiles/requirements keeps at most
    MAX_KEPT scorers (each ~100 MB), dropping the least recently used; a reused one stays."""
    import rolefit.batch as batch

    monkeypatch.setattr(batch, "_SCORERS", {})
    first = ("requirements", 0)
    batch._scorer_entry(str(model_dir), None, first, load=False)
    for i in range(1, batch.MAX_KEPT + 3):
        batch._scorer_entry(str(model_dir), None, ("requirements", i), load=False)
        batch._scorer_entry(str(model_dir), None, first, load=False)  # used again and again: kept
    assert len(batch._SCORERS) == batch.MAX_KEPT
    lock = batch._scorer_entry(str(model_dir), None, first, load=False)[1]
    assert batch._scorer_entry(str(model_dir), None, first, load=False)[1] is lock  # the same entry


def test_batch_names_an_unreadable_file_as_a_read_of_it_would(tmp_path, model_dir):
    """Regression (new-user trial): `score` said "a PNG image ... run OCR on it first" where
    `batch` said "a file of type '.png'"; both now word it from the same list."""
    from rolefit.errors import ReadError
    from rolefit.readers import read_document

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    png = folder / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / "notes.xyz").write_bytes(b"plain words")
    rows = {r["path"]: r for r in run_batch(folder, tmp_path / "out.jsonl", BatchOptions(model=model_dir)).rows}
    with pytest.raises(ReadError) as read:
        read_document(png)
    assert rows["scan.png"]["error_code"] == read.value.code == "UNSUPPORTED_FORMAT"
    assert rows["scan.png"]["error_message"].split(": ", 1)[1] == str(read.value).split(": ", 1)[1]
    assert "a file of type '.xyz'" in rows["notes.xyz"]["error_message"]  # unknown bytes: named by suffix


def test_batch_folder_with_cvs_only_in_sub_folders_names_them_and_writes_nothing(tmp_path):
    """Regression: a folder whose CVs are only in sub-folders gave "0 files: 0 ok", exit 0, no hint."""
    folder = tmp_path / "cvs"
    for sub in ("2023", "2024", ".hidden"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "a.txt").write_text(MLOPS, encoding="utf-8")
    out = tmp_path / "out" / "scores.jsonl"
    with pytest.raises(BatchError, match=r"\[RF609\].*2 sub-folder\(s\) were not searched.*recursive=True"):
        run_batch(folder, out, BatchOptions())
    assert not out.exists()
    res = _cli("batch", str(folder), "--output", str(out))
    assert res.returncode == 1 and "RF609" in res.stderr and "--recursive" in res.stderr
    assert "0 files" not in res.stdout and not out.exists()


def test_batch_empty_folder_is_refused_and_an_earlier_output_stays(tmp_path):
    """An empty folder (or one of hidden files only) is RF609, exit 1; even with --force the
    earlier output is left as it was (nothing is written)."""
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    out = tmp_path / "scores.jsonl"
    out.write_text("earlier run\n", encoding="utf-8")
    for recursive in (False, True):
        with pytest.raises(BatchError, match=r"\[RF609\].*no file to score") as info:
            run_batch(folder, out, BatchOptions(force=True, recursive=recursive))
        assert "sub-folder(s) were not searched" not in str(info.value)
    assert out.read_text(encoding="utf-8") == "earlier run\n"


@pytest.mark.parametrize("name", ["y.xlsx", "y.json", "y"])
def test_batch_unknown_output_suffix_needs_an_explicit_format(tmp_path, name):
    """Regression: `--output y.xlsx` silently got JSON lines; now RF601 unless fmt is given."""
    from rolefit.batch import FORMATS, OUTPUT_SUFFIXES, _infer_format

    with pytest.raises(BatchError, match=r"\[RF601\].*or pass fmt \(") as info:
        _infer_format(tmp_path / name, None)
    assert all(f"*{suffix}" in str(info.value) for suffix in OUTPUT_SUFFIXES)
    assert [_infer_format(tmp_path / name, fmt) for fmt in FORMATS] == list(FORMATS)
    assert [_infer_format(tmp_path / f"y{suffix.upper()}", None) for suffix in OUTPUT_SUFFIXES] == list(FORMATS)


def test_batch_set_up_failure_leaves_no_lock_file_or_folder_behind(tmp_path):
    """Regression (new-user trial): a bad --model (RF301) or an empty folder (RF609) left
    `.s.jsonl.lock` (and the output folder made for it) although the message says "Nothing was
    written". The lock file is removed when the run ends, however the run fails; a folder that
    held files before keeps them, and a rerun takes the lock at once."""
    from rolefit.batch._journal import lock_output, lock_path_for
    from rolefit.errors import ModelFileError

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "new" / "deeper" / "out.jsonl"
    with pytest.raises(ModelFileError):
        run_batch(folder, out, BatchOptions(model=tmp_path / "no-model"))
    assert not (tmp_path / "new").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BatchError, match="RF609"):
        run_batch(empty, tmp_path / "s.jsonl", BatchOptions())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cvs", "empty"]
    res = _cli("batch", str(empty), "--output", str(folder / "s.jsonl"), "--report", str(tmp_path / "pages" / "p.html"))
    assert res.returncode == 1 and "RF609" in res.stderr
    assert not (tmp_path / "pages").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["a_mlops.txt", "b_aiops.md", "c_design.docx", "d_mlops.pdf"]
    with lock_output(out):  # a rerun takes the lock (and the lock file holds its pid meanwhile)
        assert lock_path_for(out).read_text(encoding="ascii") == f"pid {os.getpid()}\n"
    assert not lock_path_for(out).exists() and not (tmp_path / "new").exists()


def test_lock_removed_by_an_ending_run_is_never_held_twice(tmp_path, monkeypatch):
    """The lock file is removed by the run that ends while it still holds the lock; a run that
    opened the old file meanwhile and locks it afterwards must notice the file is gone and
    lock the new one, or two runs would write one output."""
    import fcntl

    from rolefit.batch import _journal

    out = tmp_path / "out.jsonl"
    path = _journal.lock_path_for(out)
    real_flock = fcntl.flock
    seen = []

    class Fcntl:  # the first lock attempt happens just after the old file was removed
        LOCK_EX, LOCK_NB = fcntl.LOCK_EX, fcntl.LOCK_NB

        @staticmethod
        def flock(fd, op):
            if not seen:
                seen.append(os.fstat(fd).st_ino)
                path.unlink()  # an ending run removed it after this run opened it
            return real_flock(fd, op)

    fd = _journal._locked_fd(path, Fcntl)
    try:
        assert os.fstat(fd).st_ino == os.stat(path).st_ino  # locked the file at the path
        with pytest.raises(_journal.OutputLockedError):
            _journal._locked_fd(path, fcntl)  # so a third run is refused
    finally:
        os.close(fd)


@pytest.mark.parametrize("spawned", [False, True])
def test_batch_broken_pool_message_is_rf608_in_sentences(spawned):
    """Regression: without the spawn hint, RF608 read "... rerun with --resume to continue. the
    process may have been killed ..." (a sentence opening in lower case)."""
    from rolefit.batch import _broken_pool_error

    message = str(_broken_pool_error(spawned))
    assert message.startswith("[RF608] A scoring process died before it returned its rows (jobs > 1). ")
    assert ". the " not in message and "try fewer jobs." in message
    assert ('if __name__ == "__main__":' in message) is spawned


@pytest.mark.parametrize("parameter", ["jobs", "batch_size"])
def test_batch_rf603_names_the_python_parameter(tmp_path, parameter):
    """Regression: run_batch(..., BatchOptions(jobs=0)) said "[RF603] --jobs must be ...", a CLI
    option the Python caller never passed; it names the parameter, and says so in its fields."""
    from rolefit.errors import BatchParameterError

    write_normal_cvs(tmp_path / "cvs")
    with pytest.raises(BatchParameterError) as info:
        run_batch(tmp_path / "cvs", tmp_path / "out.jsonl", BatchOptions(**{parameter: 0}))
    assert str(info.value) == f"[RF603] {parameter} must be a positive integer, got 0."
    assert info.value.parameters == {"name": parameter}
    assert not (tmp_path / "out.jsonl").exists()


def test_batch_rf604_names_resume_and_force_as_python_passes_them(tmp_path):
    """Regression: RF604 from run_batch said "Pass --resume ..., or --force ..."; from Python
    they are resume=True and force=True."""
    write_normal_cvs(tmp_path / "cvs")
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(BatchError, match="RF604") as info:
        run_batch(tmp_path / "cvs", out, BatchOptions())
    assert str(info.value) == f"[RF604] {out} already exists. Pass resume=True to continue it, or force=True to overwrite it."
    assert set(info.value.parameters.values()) == {"resume", "force"}
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_batch_rf606_names_the_output_parameter(tmp_path):
    """Regression: RF606 from run_batch said "choose another --output"; from Python it is the
    output argument."""
    from rolefit.batch._journal import lock_output

    write_normal_cvs(tmp_path / "cvs")
    out = tmp_path / "out.jsonl"
    with lock_output(out):  # held here, as by another run (flock: per open file, so it conflicts)
        with pytest.raises(BatchError, match="RF606") as info:
            run_batch(tmp_path / "cvs", out, BatchOptions())
    message = str(info.value)
    assert "or choose another output;" in message and "--output" not in message
    assert info.value.parameters == {"output_parameter": "output"}
    assert not out.exists()


@pytest.mark.parametrize(("name", "fmt", "fix"), [
    ("y.xlsx", None, "Name the output *.jsonl, *.csv, *.parquet, or pass fmt (jsonl, csv, parquet) to write that format under this name."),
    ("y.jsonl", "csv", "Name the output *.csv, or leave fmt out (the suffix chooses the format)."),
])
def test_batch_rf601_names_the_fmt_parameter(tmp_path, name, fmt, fix):
    """Regression: RF601 from run_batch said "pass --format (...)" and "leave --format out", a CLI
    option the Python caller never passed; it names BatchOptions' fmt."""
    from rolefit.errors import BatchParameterError

    write_normal_cvs(tmp_path / "cvs")
    with pytest.raises(BatchParameterError, match=r"^\[RF601\] ") as info:
        run_batch(tmp_path / "cvs", tmp_path / name, BatchOptions(fmt=fmt))
    assert str(info.value).endswith(". " + fix) and "--format" not in str(info.value)
    assert info.value.parameters == {"fmt_parameter": "fmt"}
    assert not (tmp_path / name).exists()


def test_batch_rf609_names_recursive_as_python_passes_it(tmp_path):
    """Regression: RF609 from run_batch said "pass --recursive to score the CVs in sub-folders";
    from Python it is recursive=True."""
    from rolefit.errors import BatchParameterError

    folder = tmp_path / "cvs"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "a.txt").write_text(MLOPS, encoding="utf-8")
    with pytest.raises(BatchParameterError) as info:
        run_batch(folder, tmp_path / "out.jsonl", BatchOptions())
    assert str(info.value) == (
        f"[RF609] {folder}: no file to score in this folder, and 1 sub-folder(s) were not searched; "
        "pass recursive=True to score the CVs in sub-folders. Nothing was written."
    )
    assert info.value.parameters == {"recursive": "recursive"}


@pytest.mark.parametrize("spawned", [False, True])
def test_batch_rf608_names_jobs_and_resume_as_python_passes_them(spawned):
    """Regression: RF608 from run_batch said "(--jobs > 1)", "rerun with --resume" and "try fewer
    --jobs"; from Python they are jobs and resume=True."""
    from rolefit.batch import _broken_pool_error
    from rolefit.errors import BatchParameterError

    exc = _broken_pool_error(spawned)
    message = str(exc)
    assert isinstance(exc, BatchParameterError) and "--" not in message
    assert message.startswith(
        "[RF608] A scoring process died before it returned its rows (jobs > 1). The rows already written "
        "are kept; rerun with resume=True to continue. "
    )
    assert message.endswith(": try fewer jobs.")
    assert set(exc.parameters.values()) == {"jobs", "resume"}


def test_batch_options_read_profiles_and_requirements_from_a_path(tmp_path, model_dir):
    """Regression (a new user's walkthrough): BatchOptions(requirements='req.csv') (and
    profiles=) crashed with AttributeError inside taxonomy.py; a path is read when the options
    are made, as `rolefit batch --requirements` reads it."""
    from rolefit.scorer import read_profiles, read_requirements

    profiles = tmp_path / "profiles.csv"
    profiles.write_text("role,concept_id,weight,source\nmlops_engineer,kubeflow,0.9,test\n", encoding="utf-8")
    src = Path(__file__).resolve().parents[1] / "src" / "rolefit" / "data" / "requirements.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *(line for line in lines[1:] if line.startswith("mlops_engineer,") and ",operations," not in line)]
    requirements = tmp_path / "requirements.csv"
    requirements.write_text("\n".join(kept) + "\n", encoding="utf-8")
    opts = BatchOptions(profiles=str(profiles), requirements=requirements)
    assert opts.profiles == read_profiles(profiles) and opts.requirements == read_requirements(requirements)
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(MLOPS, encoding="utf-8")
    summary = run_batch(tmp_path / "cvs", tmp_path / "out.jsonl", opts)
    row = summary.rows[0]
    assert row["status"] == "ok", row
    assert [c["requirement"] for c in row["detail"]["mlops_engineer"]["requirements"]] == [
        r.requirement for r in read_requirements(requirements)
    ]
    assert row["detail"]["mlops_engineer"]["missing"] == ["kubeflow"]


@pytest.mark.parametrize(("parameter", "value"), [("profiles", 42), ("requirements", b"requirements.csv")])
def test_batch_options_refuse_profiles_or_requirements_of_another_type_with_rf520(parameter, value):
    """Regression: a value that is neither a path nor RoleProfile / Requirement objects failed
    in a scoring process with an AttributeError; it is refused when the options are made."""
    from rolefit.errors import ParameterValueError

    with pytest.raises(ParameterValueError, match=rf"^\[RF520\] {parameter} must be a path to a ") as info:
        BatchOptions(**{parameter: value})
    assert info.value.parameter == parameter and info.value.value == value


def test_batch_refuses_resume_with_force_at_once_with_rf610(tmp_path):
    """Regression: resume=True with force=True silently resumed; the two contradict each other,
    so the run is refused before anything is read or written, naming them as Python passes them."""
    write_normal_cvs(tmp_path / "cvs")
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(BatchError, match=r"^\[RF610\] ") as info:
        run_batch(tmp_path / "cvs", out, BatchOptions(resume=True, force=True))
    assert str(info.value) == (
        "[RF610] resume=True and force=True cannot be combined: resume=True continues the existing output "
        "and force=True overwrites it. Pass resume=True to continue the run, or force=True to start it "
        "again from scratch. Nothing was written."
    )
    assert set(info.value.parameters.values()) == {"resume", "force"}
    assert out.read_text(encoding="utf-8") == "keep me\n"
    with pytest.raises(BatchError, match=r"^\[RF610\] "):  # at once: before the folder is looked at
        run_batch(tmp_path / "no such folder", tmp_path / "new.jsonl", BatchOptions(resume=True, force=True))
    assert not (tmp_path / "new.jsonl").exists()


def test_batch_summary_counts_the_sub_folders_a_run_without_recursive_skipped(tmp_path):
    """Walkthrough (2026-12-07): with files in the folder itself, RF609 is not raised, and the
    CVs in a sub-folder went unscored without a word."""
    folder = tmp_path / "cvs"
    (folder / "2024").mkdir(parents=True)
    (folder / "a.txt").write_text(MLOPS, encoding="utf-8")
    (folder / "2024" / "b.txt").write_text(MLOPS, encoding="utf-8")
    flat = run_batch(folder, tmp_path / "flat.jsonl", BatchOptions())
    deep = run_batch(folder, tmp_path / "deep.jsonl", BatchOptions(recursive=True))
    assert (flat.n_inputs, flat.subfolders_skipped) == (1, 1)
    assert (deep.n_inputs, deep.subfolders_skipped) == (2, 0)


def test_batch_refused_scheduler_port_is_rf607_without_waiting_for_the_connect_timeout(tmp_path, model_dir, monkeypatch):
    """Walkthrough (2026-12-07): a refused port waited out Dask's 30 s connect timeout before
    RF607. The pre-check reports the refusal itself; without it the client times out after
    CONNECT_TIMEOUT_S (20 s here) with a TimeoutError, not a ConnectionRefusedError."""
    pytest.importorskip("distributed")
    from rolefit.batch import _cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 20)
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(BatchError, match=r"RF607.*ConnectionRefusedError"):
        run_batch(folder, tmp_path / "o.jsonl", BatchOptions(model=model_dir, scheduler=address))


@pytest.mark.parametrize("address", ["tls://127.0.0.1:1", "inproc://x", "127.0.0.1", "tcp://", "tcp://host:port"])
def test_scheduler_pre_check_leaves_other_addresses_to_the_client(address):
    from rolefit.batch._cluster import _refuses_at_once

    assert _refuses_at_once(address) is None


def _counting_getaddrinfo(monkeypatch, answer):
    """Replace socket.getaddrinfo (for rolefit and for Dask's client alike) with ``answer``,
    recording each call's (host, port)."""
    import socket

    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append((host, port))
        return answer(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_batch_scheduler_host_that_does_not_resolve_is_rf607_without_waiting_for_the_connect_timeout(
        tmp_path, model_dir, monkeypatch):
    """Review (2026-12-07): `--scheduler tcp://no-such-host.invalid:8786` waited out Dask's 30 s
    connect timeout (its client retries a failed name lookup) before RF607. The pre-check asks
    the resolver once and stops at its answer, naming the address. No network is used: the
    lookup answers "unknown host" at once here, as a resolver does for any .invalid name (without
    the pre-check the client would time out after CONNECT_TIMEOUT_S, 20 s here)."""
    pytest.importorskip("distributed")
    import socket

    from rolefit.batch import _cluster as cluster

    def unknown(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    calls = _counting_getaddrinfo(monkeypatch, unknown)
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 20)
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    address = "tcp://no-such-host.invalid:8786"
    started = time.monotonic()
    with pytest.raises(BatchError, match=r"RF607\] cannot reach the Dask scheduler at tcp://no-such-host\.invalid:8786 "
                                         r"\(gaierror: .*\)\..*check the address"):
        run_batch(folder, tmp_path / "o.jsonl", BatchOptions(model=model_dir, scheduler=address))
    assert time.monotonic() - started < 10
    assert calls == [("no-such-host.invalid", 8786)]
    assert not (tmp_path / "o.jsonl").exists()


def test_scheduler_pre_check_asks_the_resolver_once_and_waits_for_it_at_most_the_probe_timeout(monkeypatch):
    """A resolver that does not answer (no network, a dead name server) is waited for at most
    PROBE_TIMEOUT_S; the address is then left to the client and its connect timeout."""
    import threading

    from rolefit.batch import _cluster as cluster

    release = threading.Event()
    calls = _counting_getaddrinfo(monkeypatch, lambda *args, **kwargs: release.wait(5) and [])
    monkeypatch.setattr(cluster, "PROBE_TIMEOUT_S", 0.2)
    started = time.monotonic()
    try:
        assert cluster._refuses_at_once("tcp://slow-resolver.invalid:8786") is None
        assert time.monotonic() - started < 2
        assert calls == [("slow-resolver.invalid", 8786)]
    finally:
        release.set()


def test_scheduler_pre_check_of_an_invalid_host_asks_the_real_resolver_once_within_the_bound(monkeypatch):
    """The real resolver, no mock: a .invalid name never resolves (RFC 6761), so the pre-check
    raises gaierror at once; were the resolver on this machine to hang instead, it returns None
    within PROBE_TIMEOUT_S. Either way getaddrinfo is called once and the check stays bounded."""
    import socket

    from rolefit.batch import _cluster as cluster

    calls = _counting_getaddrinfo(monkeypatch, socket.getaddrinfo)
    started = time.monotonic()
    with contextlib.suppress(socket.gaierror):
        cluster._refuses_at_once("tcp://no-such-host.invalid:8786")
    assert time.monotonic() - started < cluster.PROBE_TIMEOUT_S + 1
    assert calls == [("no-such-host.invalid", 8786)]
