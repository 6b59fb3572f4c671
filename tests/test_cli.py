"""The command line: thin commands, clear errors, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.schema import NOT_FOUND_LABEL

runner = CliRunner()

CV = "Experience\nKubernetes, Docker, GitLab CI, Terraform, MLflow model registry, Python.\n"
POSTING = "MLOps engineer. Requirements: Kubernetes, Terraform, Prometheus, Grafana. Nice to have: Kubeflow.\n"


@pytest.fixture(scope="module")
def has_model():
    from rolefit.artifacts import default_model_path

    if not (default_model_path() / "meta.json").is_file():
        pytest.fail("the bundled default model is missing: run `make model`")


def test_cli_score_prints_explanation_and_writes_html(tmp_path, has_model):
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    html = tmp_path / "cv.html"
    res = runner.invoke(app, ["score", str(cv), "--html", str(html)])
    assert res.exit_code == 0, res.output
    assert "Kubernetes" in res.stdout
    assert "<html" in html.read_text(encoding="utf-8").lower()


def test_cli_score_json_is_valid(tmp_path, has_model):
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    res = runner.invoke(app, ["score", str(cv), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data["roles"]) == {"ai_operations_manager", "mlops_engineer"}


def test_cli_score_unreadable_file_exits_1_with_code(tmp_path, has_model):
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    res = runner.invoke(app, ["score", str(bad)])
    assert res.exit_code == 1
    assert "RF5" in res.stderr


def test_cli_match_lists_matched_and_missing(tmp_path):
    cv, posting = tmp_path / "cv.txt", tmp_path / "posting.txt"
    cv.write_text(CV, encoding="utf-8")
    posting.write_text(POSTING, encoding="utf-8")
    res = runner.invoke(app, ["match", str(cv), str(posting)])
    assert res.exit_code == 0, res.output
    assert "similarity" in res.stdout and NOT_FOUND_LABEL in res.stdout
    assert "missing:" not in res.stdout  # a recruiter read "missing" as a gap of the candidate


def test_cli_profile_writes_loadable_profiles(tmp_path):
    from rolefit.taxonomy import load_taxonomy

    folder = tmp_path / "postings"
    folder.mkdir()
    for i, extra in enumerate(["Helm", "Kubeflow", "Grafana", "Airflow"]):
        (folder / f"p{i}.txt").write_text(f"We need Kubernetes and {extra}.", encoding="utf-8")
    out = tmp_path / "profiles.csv"
    res = runner.invoke(app, ["profile", str(folder), "--role", "mlops_engineer", "--output", str(out), "--min-share", "0.5"])
    assert res.exit_code == 0, res.output
    tax = load_taxonomy(profiles_path=out)
    assert tax.profile("mlops_engineer").weights == {"kubernetes": 1.0}


def test_cli_profile_creates_its_output_folders(tmp_path):
    """New-user trial (stop 26): `rolefit profile ... --output prof/profiles.csv` into a folder
    that did not exist printed a raw FileNotFoundError traceback and wrote nothing; `batch`
    creates its output folders, and so does `profile` now."""
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "p0.txt").write_text("We need Kubernetes and Helm.", encoding="utf-8")
    out, req = tmp_path / "prof" / "profiles.csv", tmp_path / "req" / "deep" / "requirements.csv"
    res = runner.invoke(app, ["profile", str(folder), "--role", "mlops_engineer", "--output", str(out),
                              "--requirements", str(req)])
    assert res.exit_code == 0, res.output
    assert out.is_file() and req.is_file()


def test_cli_profile_unwritable_output_is_a_coded_error(tmp_path):
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "p0.txt").write_text("We need Kubernetes and Helm.", encoding="utf-8")
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    res = runner.invoke(app, ["profile", str(folder), "--role", "mlops_engineer", "--output", str(blocker / "profiles.csv")])
    assert res.exit_code == 1
    assert "RF413" in res.output and "--output" in res.output and "Traceback" not in res.output


def test_cli_log_verify_detects_edit(tmp_path, has_model):
    import rolefit

    log = tmp_path / "decisions.jsonl"
    scorer = rolefit.Scorer(log=log)
    scorer.score_many([CV, "Scrum and Jira"])
    assert runner.invoke(app, ["log", "verify", str(log)]).exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"label":"', '"label":"x', 1)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["log", "verify", str(log)])
    assert res.exit_code == 1 and "RF403" in res.stderr


def test_cli_train_bad_corpus_lists_every_problem(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text("text,labels\n,mlops_engineer\nKubernetes,astronaut\nDocker,none\n", encoding="utf-8")
    res = runner.invoke(app, ["train", str(corpus), "--output", str(tmp_path / "m")])
    assert res.exit_code == 1
    assert "RF201" in res.stderr and "astronaut" in res.stderr and "empty" in res.stderr.lower()


def test_cli_train_on_too_few_rows_of_a_role_is_a_coded_error_before_extraction(tmp_path):
    """12 distinct CVs, 3 MLOps engineers, 6 AI operations managers: RF209 names the role and the
    corpus-wide need, and nothing is written."""
    skills = ("Kubernetes", "Terraform", "Helm", "sourdough", "croissants", "espresso", "bagels",
              "pastry", "pizza", "noodles", "salads", "soups")
    rows = [f"r{i},{i * 7} years of {s} at shop {chr(97 + i) * 5},{'mlops_engineer' if i < 3 else 'ai_operations_manager' if i < 9 else 'none'}"
            for i, s in enumerate(skills)]
    corpus = tmp_path / "c.csv"
    corpus.write_text("id,text,labels\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["train", str(corpus), "--output", str(tmp_path / "m")])
    assert res.exit_code == 1, res.output
    err = " ".join(res.stderr.split())
    assert "[RF209] Role 'mlops_engineer' has 3 positive and 9 negative row(s) in the corpus (all 12 rows)" in err
    assert "at least about 9 positive and 9 negative rows" in err
    assert not (tmp_path / "m").exists()


def test_cli_train_refuses_an_existing_model_directory_before_training_and_names_force(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    corpus = tmp_path / "missing.csv"  # never read: the output is checked first
    res = runner.invoke(app, ["train", str(corpus), "--output", str(out)])
    err = " ".join(res.stderr.split())
    assert res.exit_code == 1 and "[RF308]" in err and "Pass --force to replace it" in err
    assert "overwrite=True" not in err
    from rolefit.errors import ModelFileError
    from rolefit.training import train_and_save

    with pytest.raises(ModelFileError, match=r"RF308.*Pass overwrite=True"):
        train_and_save(corpus, out)


def test_cli_train_bad_interactions_file_is_a_clear_error(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text("text,labels\nKubernetes,mlops_engineer\n", encoding="utf-8")
    terms = tmp_path / "interactions.csv"
    terms.write_text("name,left,right,label,source\nt,docker,kubernetess,x,y\n", encoding="utf-8")
    res = runner.invoke(app, ["train", str(corpus), "--output", str(tmp_path / "m"), "--interactions", str(terms)])
    assert res.exit_code == 1
    assert "RF021" in res.stderr and "kubernetess" in res.stderr and "line 2" in res.stderr


def test_cli_version_prints_the_version_and_the_bundled_model_id():
    from rolefit._version import __version__
    from rolefit.artifacts import default_model_path

    res = runner.invoke(app, ["version"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == __version__
    meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
    assert lines[1] == f"bundled model: {meta['model_id']}"


def test_cli_batch_timeout_zero_names_the_cli_option(tmp_path):
    """Regression: `--timeout 0` said "timeout_s must be ...", the library's keyword."""
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    for option, value in (("--timeout", "0"), ("--memory-mb", "0")):
        res = runner.invoke(app, ["batch", str(tmp_path / "cvs"), "-o", str(tmp_path / "o.jsonl"), option, value])
        assert res.exit_code == 1 and f"[RF520] {option} must" in res.stderr, res.output
        assert "timeout_s" not in res.stderr and "memory_mb" not in res.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_batch_option_names_map_batch_parameters_to_batch_options():
    """The one table the CLI rewords RF520 with: each key a BatchOptions parameter, each value
    an option of `rolefit batch`."""
    import inspect

    import typer.main

    from rolefit.batch import BatchOptions
    from rolefit.cli import _BATCH_OPTION_NAMES

    options = {opt for param in typer.main.get_command(app).commands["batch"].params for opt in param.opts}
    assert set(_BATCH_OPTION_NAMES) <= set(inspect.signature(BatchOptions).parameters)
    assert set(_BATCH_OPTION_NAMES.values()) <= options


def test_cli_batch_keeps_a_parameter_error_it_has_no_option_for():
    """RF520 about a parameter the table does not map reaches the user as the library wrote it."""
    from rolefit.cli import _batch_options
    from rolefit.errors import ParameterValueError

    def options_type(**kwargs):
        raise ParameterValueError("limit keyword", "one of the ReadLimits fields", "max_pagez")

    with pytest.raises(ParameterValueError) as info:
        _batch_options(options_type, timeout_s=1.0)
    assert info.value.parameter == "limit keyword"
    assert str(info.value).startswith("[RF520] limit keyword must be one of the ReadLimits fields")


def test_cli_batch_errors_from_run_batch_name_the_cli_options(tmp_path):
    """RF603, RF604 and RF606 come from run_batch naming its parameters (jobs, resume=True,
    output); `rolefit batch` words them with its options, from the options it declares."""
    from rolefit.batch._journal import lock_output

    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    batch = ["batch", str(tmp_path / "cvs"), "-o", str(out)]
    res = runner.invoke(app, [*batch, "--jobs", "0"])
    assert res.exit_code == 1 and "[RF603] --jobs must be a positive integer, got 0." in res.stderr, res.output
    out.write_text("keep me\n", encoding="utf-8")
    res = runner.invoke(app, batch)
    flat = " ".join(res.stderr.split())
    assert res.exit_code == 1 and "already exists. Pass --resume to continue it, or --force to overwrite it." in flat, res.output
    with lock_output(out):
        res = runner.invoke(app, [*batch, "--force"])
    flat = " ".join(res.stderr.split())
    assert res.exit_code == 1 and "[RF606]" in flat and "or choose another --output; the lock" in flat, res.output
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_cli_batch_option_names_cover_the_parameters_batch_errors_name():
    """Every parameter a BatchParameterError or RF520 of `rolefit batch` names has an option."""
    from rolefit.cli import _batch_option_names

    names = _batch_option_names()
    expected = {"jobs": "--jobs", "batch_size": "--batch-size", "resume": "--resume", "force": "--force",
                "output": "--output", "timeout_s": "--timeout", "memory_mb": "--memory-mb"}
    assert {name: names.get(name) for name in expected} == expected


def test_cli_batch_rf601_rf608_rf609_messages_name_the_cli_options_as_before(tmp_path, monkeypatch):
    """RF601 (fmt), RF608 (jobs, resume=True) and RF609 (recursive=True) name run_batch's
    parameters from Python; `rolefit batch` still prints its options, word for word as before."""
    import rolefit.batch
    from rolefit.cli import _in_batch_options

    cvs = tmp_path / "cvs"
    (cvs / "2024").mkdir(parents=True)
    (cvs / "2024" / "a.txt").write_text(CV, encoding="utf-8")

    def stderr_of(*args: str) -> str:
        res = runner.invoke(app, ["batch", *args])
        assert res.exit_code == 1, res.output
        return " ".join(res.stderr.split())

    assert stderr_of(str(cvs), "-o", str(tmp_path / "y.xlsx")) == (
        f"error: [RF601] {tmp_path / 'y.xlsx'} ends in .xlsx, which is not an output format rolefit writes. "
        "Name the output *.jsonl, *.csv, *.parquet, or pass --format (jsonl, csv, parquet) to write that "
        "format under this name."
    )
    assert stderr_of(str(cvs), "-o", str(tmp_path / "y.jsonl"), "--format", "csv") == (
        f"error: [RF601] {tmp_path / 'y.jsonl'} ends in .jsonl but the format asked for is 'csv'. Name the "
        "output *.csv, or leave --format out (the suffix chooses the format)."
    )
    assert stderr_of(str(cvs), "-o", str(tmp_path / "o.jsonl")) == (
        f"error: [RF609] {cvs}: no file to score in this folder, and 1 sub-folder(s) were not searched; "
        "pass --recursive to score the CVs in sub-folders. Nothing was written."
    )

    def died(*args, **kwargs):
        raise rolefit.batch._broken_pool_error(False)

    monkeypatch.setattr(rolefit.batch, "_run", died)
    assert stderr_of(str(cvs), "-o", str(tmp_path / "o.jsonl"), "--jobs", "2") == (
        "error: [RF608] A scoring process died before it returned its rows (--jobs > 1). The rows already "
        "written are kept; rerun with --resume to continue. The process may have been killed, e.g. by the "
        "out-of-memory killer: try fewer --jobs."
    )
    spawned = str(_in_batch_options(rolefit.batch._broken_pool_error(True)))
    assert spawned.startswith("[RF608] A scoring process died before it returned its rows (--jobs > 1). ")
    assert "rerun with --resume to continue." in spawned and spawned.endswith("try fewer --jobs.")


def test_cli_batch_option_names_cover_every_parameter_run_batch_errors_name():
    """Every parameter a BatchParameterError raised in rolefit.batch names (fmt, recursive,
    resume...) is an option of `rolefit batch`, so the CLI never prints a Python spelling."""
    import ast
    import inspect

    import rolefit.batch
    from rolefit.cli import _batch_option_names

    named = set()
    for node in ast.walk(ast.parse(inspect.getsource(rolefit.batch))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "BatchParameterError":
            parameters = node.args[1]
            assert isinstance(parameters, ast.Dict), ast.unparse(node)
            named |= {v.value for v in parameters.values if isinstance(v, ast.Constant)}
    assert {"fmt", "recursive", "jobs", "resume", "force", "output"} <= named
    options = _batch_option_names()
    assert sorted(named - options.keys()) == []
    assert (options["fmt"], options["recursive"]) == ("--format", "--recursive")


def test_cli_batch_format_help_follows_the_output_formats_batch_writes():
    """Regression: `rolefit batch --format` listed "jsonl, csv or parquet" and their suffixes by
    hand; it derives them from rolefit.batch.FORMATS, so adding an output format updates it."""
    import subprocess
    import sys

    code = (
        "import typing, rolefit.batch as b\n"
        "b.FORMATS = (*b.FORMATS, 'feather'); b.OUTPUT_SUFFIXES = (*b.OUTPUT_SUFFIXES, '.feather')\n"
        "import rolefit.cli as c\n"
        "print(typing.get_type_hints(c.batch_cmd, include_extras=True)['fmt'].__metadata__[0].help)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.startswith("jsonl, csv, parquet or feather (")
    assert ".jsonl, .csv, .parquet or .feather;" in proc.stdout


def _readme() -> str:
    """README.md with its whitespace runs folded to one space (lines wrap anywhere)."""
    from pathlib import Path

    return " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())


def test_readme_batch_format_lists_the_output_formats_batch_writes():
    """The README's `rolefit batch` usage line and its --format sentence name exactly
    rolefit.batch.FORMATS and OUTPUT_SUFFIXES, in order."""
    from rolefit.batch import FORMATS, OUTPUT_SUFFIXES

    readme = _readme()
    assert f"[--format {'|'.join(FORMATS)}]" in readme
    suffixes = ", ".join(f"`{suffix}`" for suffix in OUTPUT_SUFFIXES)
    assert f"`rolefit batch --format` defaults to the output's suffix ({suffixes});" in readme


def test_readme_profile_postings_lists_the_registry_suffixes():
    """`rolefit profile` reads the postings of a folder by the format registry's suffixes
    (rolefit.postings.POSTING_SUFFIXES is SUPPORTED_SUFFIXES); the README names them from it."""
    from rolefit.readers import suffixes_wording

    assert f"POSTINGS is a folder (each {suffixes_wording()} file directly in it is one posting;" in _readme()


def test_cli_train_help_names_every_corpus_suffix():
    """Regression: `rolefit train --help` said "CSV, JSONL, Parquet" while the corpus reader also
    took .ndjson and .pq; the help derives from rolefit.corpus.CORPUS_FORMATS."""
    import typing

    import rolefit.cli as cli
    from rolefit.corpus import corpus_suffixes_wording

    help_text = typing.get_type_hints(cli.train_cmd, include_extras=True)["corpus"].__metadata__[0].help
    assert f"a {corpus_suffixes_wording()} file or a folder per label" in help_text


def test_cli_import_loads_no_pandas_for_the_corpus_help():
    """The train help reads the corpus formats from a module without pandas: `rolefit --help`
    and `rolefit version` stay quick."""
    import subprocess
    import sys

    code = "import sys, rolefit.cli; print(sorted(m for m in ('pandas', 'sklearn', 'rolefit.corpus._files') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.strip() == "[]"


def test_readme_train_corpus_lists_the_corpus_suffixes():
    """The README's "Training on your own corpus" names exactly rolefit.corpus.CORPUS_SUFFIXES."""
    from rolefit.corpus import CORPUS_SUFFIXES

    *head, last = (f"`{suffix}`" for suffix in CORPUS_SUFFIXES)
    assert f"reads a corpus file ({', '.join(head)} or {last}:" in _readme()


@pytest.mark.parametrize("size", ["0", "-5"])
def test_cli_batch_size_must_be_positive(tmp_path, size):
    """Regression: `--batch-size 0` / `-5` were accepted silently; refused like `--jobs 0`."""
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    res = runner.invoke(app, ["batch", str(tmp_path / "cvs"), "-o", str(tmp_path / "o.jsonl"), "--batch-size", size])
    assert res.exit_code == 1 and "[RF603] --batch-size must be a positive integer" in res.stderr, res.output
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_batch_help_shows_the_batch_size_default():
    from rolefit.batch import BatchOptions

    res = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    line = next(x for x in res.stdout.splitlines() if "--batch-size" in x)
    assert f"[default: {BatchOptions().batch_size}]" in line


def test_cli_batch_report_refuses_an_existing_file_before_scoring(tmp_path):
    """Regression: `batch --report out/shortlist.html` overwrote an existing shortlist without --force
    (exit 2, file rewritten), while `report` and `score --html` refused with RF625."""
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    shortlist = tmp_path / "out" / "shortlist.html"
    shortlist.parent.mkdir()
    shortlist.write_text("keep me", encoding="utf-8")
    output = tmp_path / "out" / "scores.jsonl"
    res = runner.invoke(app, ["batch", str(tmp_path / "cvs"), "-o", str(output), "--report", str(shortlist)])
    assert res.exit_code == 1 and "RF625" in res.stderr and "--report" in res.stderr, res.output
    assert shortlist.read_text(encoding="utf-8") == "keep me"
    assert not output.exists()  # checked before scoring: no work lost


def test_cli_batch_refuses_an_unknown_output_suffix(tmp_path):
    """Regression: `--output y.xlsx` silently wrote JSON lines into y.xlsx."""
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    for name in ("y.xlsx", "y"):
        res = runner.invoke(app, ["batch", str(tmp_path / "cvs"), "-o", str(tmp_path / name)])
        assert res.exit_code == 1 and "RF601" in res.stderr, res.output
        flat = " ".join(res.stderr.split())
        assert "*.jsonl, *.csv, *.parquet" in flat and "--format" in flat
        assert not (tmp_path / name).exists()


def test_cli_score_with_user_profiles_changes_gap_analysis(tmp_path, has_model):
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("role,concept_id,weight,source\nmlops_engineer,kubeflow,0.9,test\n", encoding="utf-8")
    res = runner.invoke(app, ["score", str(cv), "--json", "--profiles", str(profiles)])
    assert res.exit_code == 0, res.output
    mlops = json.loads(res.stdout)["roles"]["mlops_engineer"]
    assert mlops["missing"] == ["kubeflow"]
    assert mlops["similarity"] == 0.0


def test_cli_score_with_profiles_says_which_similarity_is_which(tmp_path, has_model):
    """Regression (new user, 2026-12): `rolefit score CV --profiles P` showed "profile similarity
    1.00" and "+0.06 similarity" without saying that the first is the share of P's profile the CV
    covers and the second the model's log-odds term against its trained profiles, which P does
    not change (nor the probability)."""
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("role,concept_id,weight,source\nmlops_engineer,kubernetes,0.9,test\n", encoding="utf-8")
    page = tmp_path / "cv.html"
    res = runner.invoke(app, ["score", str(cv), "--profiles", str(profiles), "--html", str(page)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    mlops = next(line for line in out.splitlines() if line.startswith("MLOps engineer"))
    assert f"profile similarity 1.00 (weighted share of the profile from --profiles {profiles} the CV covers, 0-1)" in mlops
    ai_ops = next(line for line in out.splitlines() if line.startswith("AI operations manager"))
    assert "(weighted share of the role profile the CV covers, 0-1)" in ai_ops  # not in the file: bundled
    assert "similarity (model feature, trained profiles)" in out
    assert out.count(f"not the profile from --profiles {profiles}") == 1
    assert "never that term or the probability" in out
    assert f"--profiles {profiles}" in page.read_text(encoding="utf-8")
    plain = runner.invoke(app, ["score", str(cv)])
    assert "--profiles" not in plain.stdout and "(weighted share of the role profile the CV covers, 0-1)" in plain.stdout


def test_cli_score_and_batch_apply_a_requirements_file(tmp_path):
    """Regression (a new user's walkthrough): `rolefit profile --requirements` wrote a requirements.csv
    that nothing could apply; `score` and `batch` now take `--requirements`."""
    import csv
    import json

    from typer.testing import CliRunner

    from rolefit.cli import app

    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "rolefit" / "data" / "requirements.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # ask MLOps for one group only: machine learning (drop operations)
    kept = [r for r in rows if r["role"] == "mlops_engineer" and r["requirement"] != "operations"]
    assert kept and len(kept) < sum(r["role"] == "mlops_engineer" for r in rows)
    req = tmp_path / "requirements.csv"
    with req.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(kept)
    cv = tmp_path / "ds.txt"
    cv.write_text("Data scientist.\nExperience\n- Trained PyTorch and scikit-learn models; feature engineering in Python "
                  "and pandas; MLflow experiment tracking.\n", encoding="utf-8")
    runner = CliRunner()
    default = json.loads(runner.invoke(app, ["score", str(cv), "--json"]).stdout)
    custom = json.loads(runner.invoke(app, ["score", str(cv), "--json", "--requirements", str(req)]).stdout)

    def groups(result):
        return [c["requirement"] for c in result["roles"]["mlops_engineer"]["requirements"]]

    assert "operations" in groups(default) and groups(custom) == [r["requirement"] for r in kept]
    assert custom["roles"]["mlops_engineer"]["probability"] == default["roles"]["mlops_engineer"]["probability"]
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "ds.txt").write_text(cv.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["batch", str(folder), "--output", str(out), "--requirements", str(req)])
    assert res.exit_code == 0, res.output
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [c["requirement"] for c in row["detail"]["mlops_engineer"]["requirements"]] == groups(custom)


def test_cli_error_keeps_square_brackets_of_file_names(tmp_path, has_model):
    """Rich read "[page1]" in an error message as markup and dropped it: the recruiter was
    pointed at "scan.pdf", a file that does not exist."""
    bad = tmp_path / "scan[page1].pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    res = runner.invoke(app, ["score", str(bad)])
    assert res.exit_code == 1
    assert "scan[page1].pdf" in res.stderr


def test_cli_batch_table_keeps_square_brackets_of_file_names(tmp_path, has_model):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "john[cv].md").write_text(CV, encoding="utf-8")
    (folder / "[bold]x.txt").write_text(CV, encoding="utf-8")
    res = runner.invoke(app, ["batch", str(folder), "--output", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 0, res.output
    assert "john[cv].md" in res.stdout and "[bold]x.txt" in res.stdout


def test_cli_batch_help_names_the_dask_extra():
    res = runner.invoke(app, ["batch", "--help"], terminal_width=400)
    assert "rolefit[dask]" in " ".join(res.stdout.split())


def test_cli_score_html_refuses_to_overwrite_without_force(tmp_path, has_model):
    """Like batch and report, score --html never overwrites a file silently (new-user trial)."""
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    html = tmp_path / "out.html"
    html.write_text("keep me", encoding="utf-8")
    res = runner.invoke(app, ["score", str(cv), "--html", str(html)])
    assert res.exit_code == 1 and "RF625" in res.stderr and "--force" in res.stderr
    assert html.read_text(encoding="utf-8") == "keep me"
    res = runner.invoke(app, ["score", str(cv), "--html", str(html), "--force"])
    assert res.exit_code == 0 and "<html" in html.read_text(encoding="utf-8").lower()


def test_cli_batch_refuses_resume_with_force_with_rf610_naming_the_options(tmp_path):
    """Regression: `rolefit batch ... --resume --force` silently resumed; it now stops at once
    (exit 1, nothing written) naming the two options."""
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "a.txt").write_text(CV, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    res = runner.invoke(app, ["batch", str(tmp_path / "cvs"), "-o", str(out), "--resume", "--force"])
    flat = " ".join(res.stderr.split())
    assert res.exit_code == 1, res.output
    assert flat == (
        "error: [RF610] --resume and --force cannot be combined: --resume continues the existing output and "
        "--force overwrites it. Pass --resume to continue the run, or --force to start it again from scratch. "
        "Nothing was written."
    )
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_cli_every_html_output_option_makes_its_missing_folders(tmp_path, has_model):
    """New-user trial (2026-12-08): a missing output folder was handled three ways: `score
    --html nodir/g.html` gave RF411, `report --output nodir/x/rep.html` RF624 ("Pick a writable
    path whose folder exists"), `batch --report` made it. Every output option now makes its
    folders, as batch and profile do."""
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    html = tmp_path / "nodir" / "g.html"
    res = runner.invoke(app, ["score", str(cv), "--html", str(html)])
    assert res.exit_code == 0, res.output
    assert html.is_file()
    journal = tmp_path / "rows.jsonl"
    assert runner.invoke(app, ["batch", str(tmp_path), "-o", str(journal)]).exit_code in (0, 2)
    page = tmp_path / "nodir2" / "x" / "rep.html"
    res = runner.invoke(app, ["report", str(journal), "--output", str(page)])
    assert res.exit_code == 0, res.output
    assert page.is_file()


def test_cli_output_folder_that_cannot_be_made_is_coded_rf413_before_scoring(tmp_path, has_model):
    """A folder that cannot be made (a file stands in its way) is the one coded error, RF413,
    naming the option, before any scoring (nothing on stdout)."""
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    html = tmp_path / "afile" / "g.html"
    res = runner.invoke(app, ["score", str(cv), "--html", str(html)])
    flat = " ".join(res.stderr.split())
    assert res.exit_code == 1, res.output
    assert flat.startswith(f"error: [RF413] {html}: cannot write it (") and "another --html path." in flat
    assert res.stdout == ""


def test_cli_score_profiles_and_requirements_are_read_as_the_library_reads_a_path(tmp_path, has_model):
    """One code path: `rolefit score --profiles P --requirements Q` gives what
    rolefit.Scorer(profiles=P, requirements=Q) gives from Python (which crashed on a path)."""
    import rolefit

    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("role,concept_id,weight,source\nmlops_engineer,kubeflow,0.9,test\n", encoding="utf-8")
    requirements = tmp_path / "requirements.csv"
    requirements.write_text(
        "role,requirement,label,concepts,min_concepts,source\n"
        "mlops_engineer,orchestration,container orchestration,kubernetes,1,test\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["score", str(cv), "--json", "--profiles", str(profiles), "--requirements", str(requirements)])
    assert res.exit_code == 0, res.output
    from_cli = json.loads(res.stdout)
    from_python = rolefit.Scorer(profiles=str(profiles), requirements=str(requirements)).score(CV).to_dict()
    assert from_cli["roles"] == from_python["roles"]
    assert [r["requirement"] for r in from_cli["roles"]["mlops_engineer"]["requirements"]] == ["orchestration"]


def test_cli_batch_summary_says_which_sub_folders_were_not_searched(tmp_path):
    """Walkthrough (2026-12-07): CVs in a sub-folder were skipped without a word when the folder
    itself held files; the summary now says so and names the option."""
    folder = tmp_path / "cvs"
    (folder / "2024").mkdir(parents=True)
    (folder / "a.txt").write_text(CV, encoding="utf-8")
    (folder / "2024" / "b.txt").write_text(CV, encoding="utf-8")
    res = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.output
    assert "1 sub-folder(s) not searched; pass --recursive" in res.output
    res = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "r.jsonl"), "--recursive"])
    assert res.exit_code == 0 and "not searched" not in res.output


def test_cli_batch_report_makes_its_folder_as_the_output_does(tmp_path, has_model):
    """New-user trial (2026-12-07): `batch --report nodir/r.html` scored every file, wrote the
    output (whose missing folder batch makes), then exited 1 with RF624; the report's folder
    is now made before the scoring too (`make run` writes both into a fresh out/)."""
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "a.txt").write_text(CV, encoding="utf-8")
    out = tmp_path / "new" / "scores.jsonl"
    report = tmp_path / "nodir" / "r.html"
    res = runner.invoke(app, ["batch", str(cvs), "-o", str(out), "--report", str(report)])
    assert res.exit_code == 0, res.output
    assert out.is_file() and report.is_file()


def test_cli_batch_report_folder_that_cannot_be_made_is_refused_before_scoring(tmp_path, has_model):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "a.txt").write_text(CV, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    res = runner.invoke(app, ["batch", str(cvs), "-o", str(out), "--report", str(tmp_path / "afile" / "r.html")])
    assert res.exit_code == 1 and "[RF411]" in res.stderr and "--report" in res.stderr, res.output
    assert not out.exists()


def test_cli_score_leaves_an_unreadable_cv_to_rolefits_own_coded_error(tmp_path, has_model, monkeypatch):
    """New-user trial (2026-12-07): Click's own readability check answered first, with an
    uncoded usage error; the CV argument no longer asks Click to check it (os.access says no
    here, yet the file is read as usual: Click did not stop the command)."""
    import os as _os

    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    real = _os.access
    monkeypatch.setattr(_os, "access", lambda p, mode, *a, **k: False if str(p) == str(cv) else real(p, mode, *a, **k))
    res = runner.invoke(app, ["score", str(cv), "--json"])
    assert res.exit_code == 0, res.output


def test_python_dash_m_rolefit_runs_the_command_line():
    """``python -m rolefit`` is the console script (a new user's first try when the script is
    not on PATH)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "rolefit", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "batch" in out.stdout and "score" in out.stdout


_PASTED_CV = "Anna Muster anna.muster@example.com Kubernetes Docker MLflow " * 80


@pytest.mark.parametrize(
    "args",
    [
        ["score", _PASTED_CV],
        ["score", "{cv}", "--html", _PASTED_CV],
        ["report", _PASTED_CV, "--output", "{tmp}/r.html"],
        ["report", "{tmp}/rows.jsonl", "--output", _PASTED_CV],
        ["log", "verify", _PASTED_CV],
        ["match", _PASTED_CV, "{cv}"],
    ],
    ids=["score", "score-html", "report-journal", "report-output", "log-verify", "match"],
)
def test_cli_a_cv_text_pasted_as_a_path_is_rf525_without_echoing_it(tmp_path, has_model, args):
    """New-user trial (2026-12-08): a CV text given where a path was expected gave RF503 "File name
    too long" with the whole text in the message, or a traceback (`report`, `score --html`:
    Path.exists raised ENAMETOOLONG). Every path argument is now checked first: RF525, exit 1,
    the text never shown."""
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    args = [a.format(cv=cv, tmp=tmp_path) if a is not _PASTED_CV else a for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    assert "[RF525]" in res.stderr and "Traceback" not in res.output
    assert "Anna" not in res.output and "example.com" not in res.output


def test_cli_score_names_the_text_hash_and_the_file_hash_as_batch_rows_do(tmp_path, has_model):
    """New-user trial (2026-12-08): the `rolefit score` header said "input sha256" for the hash of
    the extracted text, while a batch row's input_sha256 hashes the file's bytes. The header and
    --json now give text_sha256 (text) and input_sha256 (file bytes, equal to the batch row's)."""
    import hashlib

    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    file_hash = hashlib.sha256(cv.read_bytes()).hexdigest()
    res = runner.invoke(app, ["score", str(cv)])
    assert res.exit_code == 0, res.output
    assert f"input_sha256 {file_hash} (the file's bytes)" in res.stdout and "text_sha256 " in res.stdout
    res = runner.invoke(app, ["score", str(cv), "--json"])
    data = json.loads(res.stdout)
    assert data["input_sha256"] == file_hash and data["text_sha256"] == hashlib.sha256(CV.encode()).hexdigest()
    batch_out = tmp_path / "rows.jsonl"
    runner.invoke(app, ["batch", str(tmp_path), "-o", str(batch_out)])
    (row,) = [json.loads(line) for line in batch_out.read_text().splitlines() if '"cv.txt"' in line]
    assert row["input_sha256"] == file_hash


def test_cli_report_takes_no_profiles_option_it_would_ignore(tmp_path):
    """New-user trial (2026-12-08): `rolefit report --profiles P` was accepted and changed nothing
    (rows carry what the batch's profiles and requirements did), and --requirements did not exist.
    The option is gone; --help says why."""
    res = runner.invoke(app, ["report", "--help"])
    flat = " ".join(res.output.split())
    assert "neither option" in flat and "--profiles PATH" not in flat and "│ --profiles" not in flat
    res = runner.invoke(app, ["report", str(tmp_path / "j.jsonl"), "-o", str(tmp_path / "r.html"),
                              "--profiles", str(tmp_path / "p.csv")])
    assert res.exit_code != 0 and "No such option" in res.output


def test_cli_match_names_skills_by_label_as_score_does(tmp_path):
    """New-user trial (2026-12-08): `rolefit match POSTING CV` listed what it did not find by
    concept id (`model_serving`) where `rolefit score` writes labels ("Model serving")."""
    from rolefit.taxonomy import default_taxonomy

    cv, posting = tmp_path / "cv.txt", tmp_path / "posting.txt"
    cv.write_text("Experience\nKubernetes and Docker.\n", encoding="utf-8")
    posting.write_text("We need Kubernetes, model serving and MLflow.\n", encoding="utf-8")
    res = runner.invoke(app, ["match", str(cv), str(posting)])
    assert res.exit_code == 0, res.output
    line = next(line for line in res.stdout.splitlines() if NOT_FOUND_LABEL in line)
    assert default_taxonomy()["model_serving"].label in line and "model_serving" not in line
    assert "matched Kubernetes:" in res.stdout


def test_cli_profile_table_says_how_many_concepts_it_leaves_out(tmp_path):
    """New-user trial (2026-12-08): the `rolefit profile` table stopped at 25 rows without a word
    while the CSV held 27 concepts."""
    skills = ["Kubernetes", "Docker", "Helm", "Kubeflow", "Grafana", "Airflow", "Terraform", "MLflow",
              "Prometheus", "Ansible", "Jenkins", "PyTorch", "TensorFlow", "Spark", "Kafka", "Redis",
              "PostgreSQL", "MongoDB", "Python", "Go", "Bash", "Linux", "AWS", "Azure", "GCP", "Git",
              "Jira", "Scrum", "Argo CD", "Ray"]
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "p.txt").write_text("We need " + ", ".join(skills) + ".", encoding="utf-8")
    out = tmp_path / "profiles.csv"
    res = runner.invoke(app, ["profile", str(folder), "--role", "mlops_engineer", "-o", str(out)])
    assert res.exit_code == 0, res.output
    n_rows = len(out.read_text(encoding="utf-8").splitlines()) - 1
    assert n_rows > 25
    assert f"... {n_rows - 25} more concept(s) in {out}" in " ".join(res.stdout.split())


def test_cli_profile_min_share_error_names_the_option(tmp_path):
    """New-user trial (2026-12-08): `rolefit profile ... --min-share 2` said "min_share must be in
    [0, 1]", the library's parameter, not the option the user typed."""
    res = runner.invoke(app, ["profile", str(tmp_path), "--role", "mlops_engineer", "-o", str(tmp_path / "p.csv"),
                              "--min-share", "2"])
    assert res.exit_code == 1 and "[RF401] --min-share must be in [0, 1], got 2.0." in res.stderr


def test_cli_score_json_on_an_unreadable_file_prints_a_json_error(tmp_path):
    """New-user trial (2026-12-08): `rolefit score missing.txt --json` printed nothing on stdout,
    so a script parsing it failed on empty input. It prints {"error": {...}} and still exits 1."""
    res = runner.invoke(app, ["score", str(tmp_path / "missing.txt"), "--json"])
    assert res.exit_code == 1
    error = json.loads(res.stdout)["error"]
    assert error["rf"] == "RF502" and error["code"] == "NOT_FOUND" and "file not found" in error["message"]
    assert "[RF502]" in res.stderr


def test_cli_file_not_found_gives_no_python_advice(tmp_path):
    """New-user trial (2026-12-08): the CLI's RF502 said "from Python, a str is always taken as a
    path..."; the message now suits both."""
    res = runner.invoke(app, ["score", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1 and "[RF502]" in res.stderr and "Python" not in res.stderr
