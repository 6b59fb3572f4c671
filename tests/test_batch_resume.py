"""Resuming a batch: which rows are kept, that a killed resume loses none, that a resume never
mixes models, profiles or requirements; and that files rolefit wrote in the input folder are
not inputs. Findings of a new-user trial (each test keeps its failing input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolefit.batch import BatchError, BatchOptions, run_batch
from rolefit.batch._journal import encode
from test_batch import AIOPS, DESIGN, MLOPS, _cli, dask_cluster, model_dir, write_normal_cvs  # noqa: F401 (fixtures)

REQUIREMENTS = Path(__file__).resolve().parents[1] / "src" / "rolefit" / "data" / "requirements.csv"


def _requirements(path: Path, drop_operations: bool = True) -> Path:
    """A requirements file: the bundled MLOps groups (without the operations group when asked)."""
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *(x for x in lines[1:] if x.startswith("mlops_engineer,")
                        and not (drop_operations and ",operations," in x))]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _fresh(folder: Path, tmp_path: Path, name: str = "fresh.jsonl", **options) -> bytes:
    out = tmp_path / name
    run_batch(folder, out, BatchOptions(**options))
    return out.read_bytes()


# --------------------------------------------------------------------------- what resume keeps


def test_batch_resume_keeps_every_unchanged_row_when_a_new_file_sorts_first(tmp_path, model_dir):
    """Regression: with 4 files scored, adding `0_new.txt` (sorting first) rescored all 5
    ("0 already done") and truncated the journal first: only the unchanged *leading* rows
    were kept. Now the 4 rows are kept and the journal is still byte-identical to a fresh run."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir))
    (folder / "0_new.txt").write_text(AIOPS, encoding="utf-8")
    for jobs in (1, 2):
        resumed = run_batch(folder, out, BatchOptions(model=model_dir, resume=True, jobs=jobs))
        assert resumed.n_skipped == (4 if jobs == 1 else 5)
        assert out.read_bytes() == _fresh(folder, tmp_path, f"fresh{jobs}.jsonl", model=model_dir)
        assert [r["path"] for r in resumed.rows] == sorted(p.name for p in folder.iterdir() if p.name != "out.jsonl")


def test_batch_resume_rescores_changed_and_moved_files_and_drops_removed_ones(tmp_path, model_dir):
    """The other side: a changed file is rescored, a moved (renamed) file is scored under its
    new path, a removed file's row is dropped; only the unchanged file keeps its row, and the
    journal equals a fresh run's."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir))
    (folder / "a_mlops.txt").write_text(MLOPS + "\nHelm, Kubeflow\n", encoding="utf-8")  # changed
    (folder / "b_aiops.md").rename(folder / "z_aiops.md")  # moved
    (folder / "c_design.docx").unlink()  # removed
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, resume=True))
    assert resumed.n_skipped == 1  # d_mlops.pdf
    assert [r["path"] for r in resumed.rows] == ["a_mlops.txt", "d_mlops.pdf", "z_aiops.md"]
    assert out.read_bytes() == _fresh(folder, tmp_path, model=model_dir)


def test_batch_resume_killed_mid_run_loses_no_row_of_the_journal(tmp_path, model_dir):
    """Regression: a resume first cut the journal down to the rows it kept in order (none, when
    a new file sorts first), so a resumed run that died lost every row scored before. Now the
    journal only grows while rows are scored: a run stopped after two new rows still holds the
    4 earlier rows and the 2 new ones, the next resume keeps all 6, and the journal ends
    byte-identical to an uninterrupted run's."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir))
    before = set(out.read_bytes().splitlines(keepends=True))
    for i in range(4):
        (folder / f"0_new_{i}.txt").write_text([MLOPS, AIOPS, DESIGN][i % 3] + f"\nRef {i}\n", encoding="utf-8")

    class Killed(BaseException):
        pass

    def die(done: int, total: int) -> None:
        if done == 6:  # 4 kept + 2 new
            raise Killed

    with pytest.raises(Killed):
        run_batch(folder, out, BatchOptions(model=model_dir, resume=True, batch_size=1), on_row=die)
    lines = out.read_bytes().splitlines(keepends=True)
    assert before <= set(lines) and len(lines) == 6
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, resume=True))
    assert resumed.n_skipped == 6
    assert out.read_bytes() == _fresh(folder, tmp_path, model=model_dir)


# --------------------------------------------------------------------------- resume never mixes


def _as_if_scored_by(journal: Path, **fields) -> None:
    """Rewrite the journal's rows with other values (as another model or settings wrote them)."""
    rows = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]
    journal.write_text("".join(encode({**r, **fields}) for r in rows), encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_resume_with_another_model_is_refused_before_anything_is_written(tmp_path, model_dir, jobs):
    """Regression: a journal made with `--model "/tmp/x/my model"`, resumed without --model,
    kept its rows and scored the new file with the bundled model (two model ids in one
    output; the report then failed with RF623). Now RF611 at once names both models, and the
    journal (torn last line included) is left as it was."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    bundled = run_batch(folder, out, BatchOptions(model=model_dir)).rows[0]["model_id"]
    _as_if_scored_by(out, model_id="my-model-0123456789ab")
    out.write_bytes(out.read_bytes() + b'{"path": "e_')  # killed mid-row
    journal = out.read_bytes()
    (folder / "e_new.txt").write_text(AIOPS, encoding="utf-8")
    with pytest.raises(BatchError, match=r"\[RF611\]") as info:
        run_batch(folder, out, BatchOptions(model=model_dir, resume=True, jobs=jobs))
    message = str(info.value)
    assert "model my-model-0123456789ab" in message and f"model {bundled}" in message
    assert "resume=True with the model, profiles and requirements" in message and "force=True" in message
    assert out.read_bytes() == journal


def test_batch_resume_with_other_requirements_is_refused_and_the_same_ones_resume(tmp_path, model_dir):
    """Regression: resuming with another --requirements (or none) exited 0 and the shortlist
    ranked rows judged against two requirement sets together. Rows now carry the digest of the
    profiles and requirements in force; a resume that differs is RF611, one with the same
    file keeps every row."""
    from rolefit.batch import criteria_sha256
    from rolefit.scorer import read_requirements

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    mine = _requirements(tmp_path / "requirements.csv")
    other = _requirements(tmp_path / "other.csv", drop_operations=False)
    out = tmp_path / "out.jsonl"
    first = run_batch(folder, out, BatchOptions(model=model_dir, requirements=mine))
    digest = criteria_sha256(read_requirements(mine))
    assert {(r["profiles_sha256"], r["requirements_sha256"]) for r in first.rows} == {(None, digest)}
    journal = out.read_bytes()
    (folder / "0_new.txt").write_text(MLOPS, encoding="utf-8")
    for requirements, this_run in ((None, "the bundled requirements"), (other, "requirements with SHA-256")):
        with pytest.raises(BatchError, match=r"\[RF611\]") as info:
            run_batch(folder, out, BatchOptions(model=model_dir, resume=True, requirements=requirements))
        assert f"requirements with SHA-256 {digest[:12]}" in str(info.value).split("this run")[0]
        assert this_run in str(info.value).split("this run")[1]
        assert out.read_bytes() == journal
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, resume=True, requirements=mine))
    assert resumed.n_skipped == 4
    assert out.read_bytes() == _fresh(folder, tmp_path, model=model_dir, requirements=mine)


def test_batch_resume_of_rows_that_do_not_record_their_criteria_is_refused(tmp_path, model_dir):
    """A journal of an earlier rolefit (rows without `profiles_sha256` / `requirements_sha256`)
    cannot show what it was judged against: RF611 says so and that only force starts over; the
    journal is left as it was (and stays readable by `rolefit report`)."""
    from rolefit.report import read_rows

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir))
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    out.write_text("".join(encode({k: v for k, v in r.items() if not k.endswith("s_sha256")}) for r in rows),
                   encoding="utf-8")
    journal = out.read_bytes()
    with pytest.raises(BatchError, match=r"\[RF611\].*not recorded.*pass force=True to score every file again"):
        run_batch(folder, out, BatchOptions(model=model_dir, resume=True))
    assert out.read_bytes() == journal and len(read_rows(out)) == 4


def test_batch_cli_resume_that_would_mix_names_the_options_and_exits_1(tmp_path, model_dir):
    """The CLI words RF611 with its options (--resume, --model, --requirements, --force)."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "s.jsonl"
    assert _cli("batch", str(folder), "--output", str(out), "--requirements",
                str(_requirements(tmp_path / "r.csv"))).returncode == 0
    res = _cli("batch", str(folder), "--output", str(out), "--resume")
    assert res.returncode == 1, res.stderr
    text = " ".join(res.stderr.split())
    assert "[RF611]" in text and "--resume with the --model, --profiles and --requirements" in text
    assert "--force to score every file again" in text and "Nothing was written" in text


@pytest.mark.slow
def test_batch_resume_on_a_dask_cluster_that_would_mix_models_is_refused(tmp_path, model_dir, dask_cluster):
    """The Dask client does not load the model: the model id a resume is checked against is
    read where the workers load it. A journal of another model is refused (RF611, nothing
    written); the same model resumes and keeps every row."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, BatchOptions(model=model_dir, scheduler=dask_cluster, batch_size=2))
    journal = out.read_bytes()
    (folder / "0_new.txt").write_text(AIOPS, encoding="utf-8")
    resumed = run_batch(folder, out, BatchOptions(model=model_dir, scheduler=dask_cluster, resume=True, batch_size=2))
    assert resumed.n_skipped == 4 and out.read_bytes() == _fresh(folder, tmp_path, model=model_dir)
    out.write_bytes(journal)
    _as_if_scored_by(out, model_id="my-model-0123456789ab")
    journal = out.read_bytes()
    with pytest.raises(BatchError, match=r"\[RF611\].*model my-model-0123456789ab"):
        run_batch(folder, out, BatchOptions(model=model_dir, scheduler=dask_cluster, resume=True))
    assert out.read_bytes() == journal


# --------------------------------------------------------------------------- rolefit's own files


def test_batch_skips_files_rolefit_wrote_in_the_input_folder_and_says_so(tmp_path, model_dir):
    """Regression: with outputs inside the input folder, the next run scored the previous run's
    page.html (its --report), scores.csv (a table) and another output's journal as
    UNSUPPORTED_FORMAT error rows (exit 2), listed on the shortlist as unreadable CVs. They are
    recognised by content and skipped, each named in the summary; files that merely look
    alike by name (a CSV or HTML file of other content) are still inputs with their rows."""
    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    assert _cli("batch", str(folder), "--output", str(folder / "scores.csv"), "--report",
                str(folder / "page.html")).returncode == 0
    run_batch(folder, folder / "other.jsonl", BatchOptions(model=model_dir))
    (folder / "notes.csv").write_text("name,score\nanna,3\n", encoding="utf-8")
    (folder / "cv.html").write_text("<!DOCTYPE html><html><body>Kubernetes</body></html>", encoding="utf-8")
    res = _cli("batch", str(folder), "--output", str(folder / "again.jsonl"))
    assert res.returncode == 2, res.stderr  # the two look-alikes are error rows
    rows = [json.loads(x) for x in (folder / "again.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in rows] == ["a_mlops.txt", "b_aiops.md", "c_design.docx", "cv.html", "d_mlops.pdf",
                                         "notes.csv"]
    text = " ".join(res.stdout.split())
    assert ("4 file(s) rolefit wrote skipped (not CVs): other.jsonl (batch journal), page.html (shortlist page), "
            "scores.csv (batch table), scores.csv.jsonl (batch journal)") in text
    summary = run_batch(folder, tmp_path / "outside.parquet", BatchOptions(model=model_dir))
    assert summary.n_inputs == 6
    assert [kind for _, kind in summary.outputs_skipped] == ["journal", "journal", "report", "table", "journal"]


def test_batch_recognises_rolefit_tables_and_pages_by_content(tmp_path, model_dir):
    """A Parquet table and a page of an earlier rolefit (without the generator marker) are
    rolefit's; the same bytes' look-alikes are not (a Parquet file of other columns, an HTML
    page without the notice)."""
    import pandas as pd

    from rolefit.batch._outputs import REPORT_MARKER, rolefit_output

    folder = tmp_path / "cvs"
    write_normal_cvs(folder)
    run_batch(folder, tmp_path / "t.parquet", BatchOptions(model=model_dir))
    pd.DataFrame({"path": ["a"], "score": [1]}).to_parquet(tmp_path / "x.parquet", index=False)
    from rolefit.report import write_report

    write_report(tmp_path / "t.parquet.jsonl", tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert REPORT_MARKER in page
    (tmp_path / "old.html").write_text(page.replace(REPORT_MARKER, ""), encoding="utf-8")
    (tmp_path / "plain.html").write_text(page.replace(REPORT_MARKER, "").replace('id="notice"', ""), encoding="utf-8")
    found = {name: rolefit_output(tmp_path / name) for name in
             ("t.parquet", "t.parquet.jsonl", "x.parquet", "page.html", "old.html", "plain.html")}
    assert found == {"t.parquet": "table", "t.parquet.jsonl": "journal", "x.parquet": None, "page.html": "report",
                     "old.html": "report", "plain.html": None}


def test_report_of_an_unfinished_resumed_journal_is_rf627(tmp_path):
    """Regression (code review): a resumed run stopped before its final reordering leaves a
    changed file's old row and its new one in the journal; `rolefit report` counted both ("5
    scored" for 4 CVs). It now refuses with RF627, naming the file and how to finish the run."""
    import json

    from rolefit.errors import ReportError
    from rolefit.report import read_rows

    journal = tmp_path / "r.jsonl"
    rows = [{"path": p, "status": "error", "error_code": "X", "model_id": "m"} for p in ("b.txt", "c.txt", "a.txt", "c.txt")]
    journal.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ReportError, match=r"RF627.*line 4.*c\.txt.*line 2.*--resume"):
        read_rows(journal)
    journal.write_text("".join(json.dumps(r) + "\n" for r in rows[:3]), encoding="utf-8")
    assert [r["path"] for r in read_rows(journal)] == ["b.txt", "c.txt", "a.txt"]
