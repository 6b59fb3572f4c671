"""The ``rolefit`` command line: thin wrappers over library functions.

Parse arguments, call one library function, render the result. Library errors
(:class:`rolefit.errors.RolefitError`) are printed as one clear message and mapped to exit
codes: 0 success, 1 set-up failure (bad arguments, unreadable model or corpus), 2 when a
batch finished but some rows are errors.

Length: a little over 400 lines: one typer command per public entry point (score, batch,
report, train, evaluate, profile, match, log verify), each only parsing options, calling one
library function and rendering; splitting the commands over modules would scatter the one
place a user reads to learn the CLI.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from rolefit._io import make_folders, remove_empty_folders
from rolefit._limits import DEFAULT_BATCH_SIZE, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from rolefit.batch import FORMATS as OUTPUT_FORMATS
from rolefit.batch import OUTPUT_SUFFIXES
from rolefit.corpus import WEIGHTS, corpus_suffixes_wording, weights_wording
from rolefit.errors import BatchParameterError, Errors, ParameterValueError, RolefitError, shown_path
from rolefit.readers import suffixes_wording
from rolefit.taxonomy import ROLES, roles_summary

#: "(.txt, .md, .pdf or .docx)": the format registry's suffixes, for help texts
_SUFFIXES = f"({suffixes_wording(conjunction='or')})"


def _or(items: tuple[str, ...]) -> str:
    """``"a, b or c"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


#: `batch --format` help: the output formats rolefit.batch writes, and the suffixes that choose one
_FORMAT_HELP = (
    f"{_or(OUTPUT_FORMATS)} (default: from the output's suffix {_or(OUTPUT_SUFFIXES)}; "
    "needed for any other suffix)."
)
_APP_HELP = f"Explainable, calibrated CV-to-role scoring ({roles_summary()})."

app = typer.Typer(
    name="rolefit",
    help=_APP_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log_app = typer.Typer(help="Decision logs.", no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        from rolefit._version import __version__

        print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version)
    ] = False,
) -> None:
    return None  # help text: _APP_HELP, derived from roles.csv


app.add_typer(log_app, name="log")

out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_SETUP, EXIT_ROW_ERRORS = 0, 1, 2
#: `rolefit batch` prints a per-file table for at most this many files.
SUMMARY_TABLE_ROWS = 50
#: `rolefit profile` prints the heaviest concepts up to this many (the file holds all).
PROFILE_TABLE_ROWS = 25


def _fail(exc: BaseException | str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_SETUP)


@contextmanager
def _writing(path: Path, option: str) -> Iterator[None]:
    """An OSError while writing ``path`` (or making its folder) becomes RF413 (exit 1)."""
    try:
        yield
    except OSError as exc:
        raise _fail(Errors.RF413.format(path=shown_path(path), problem=exc.strerror or type(exc).__name__,
                                        folder=path.parent, option=option)) from None


def _error_object(exc: RolefitError) -> dict:
    """An error as ``score --json`` prints it on stdout: ``{"rf": "RF502", "code": "NOT_FOUND",
    "message": ...}`` (``code``: a read error's code, as in batch rows; null for others)."""
    import re

    found = re.match(r"\[(RF\d+)\]", str(exc))
    return {"rf": found.group(1) if found else None, "code": getattr(exc, "code", None), "message": str(exc)}


def _output_folder(path: Path | None, option: str) -> None:
    """Before any work, the checks of an output path option and its folder: a text pasted in
    place of the path is RF525; an existing file needs --force (RF625, checked by the caller);
    missing folders are created, as for every output option of the CLI (a failure is RF413,
    exit 1), so that the command does not score and then fail."""
    if path is None:
        return
    from rolefit._io import check_not_text

    try:
        check_not_text(path, f"{option} (the file to write)")
    except RolefitError as exc:
        raise _fail(exc) from None
    with _writing(path, option):
        path.parent.mkdir(parents=True, exist_ok=True)


def _load_taxonomy(profiles=None, requirements=None):
    """The bundled taxonomy, with its profiles and requirements replaced when given: paths
    (``--profiles``, ``--requirements``) or what BatchOptions read from them, resolved as
    :class:`rolefit.Scorer` resolves its ``profiles`` and ``requirements``."""
    from rolefit.scorer import resolve_profiles, resolve_requirements
    from rolefit.taxonomy import default_taxonomy

    tax = default_taxonomy()
    loaded = resolve_profiles(profiles)
    if loaded is not None:
        tax = tax.with_profiles(loaded)
    required = resolve_requirements(requirements)
    return tax.with_requirements(required) if required is not None else tax


def _progress(enabled: bool, *, auto_refresh: bool = True):
    """A rich progress bar on a terminal; None when piped.

    ``auto_refresh=False`` starts no refresh thread (the caller refreshes): `batch` forks its
    scoring processes only from a process with no other thread running.
    """
    if not enabled or not err.is_terminal:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return Progress(*columns, console=err, auto_refresh=auto_refresh)


@app.command("score")
def score_cmd(
    cv: Annotated[Path, typer.Argument(help=f"A CV file {_SUFFIXES}.", readable=False)],
    model: Annotated[Optional[Path], typer.Option(help="Model directory (default: bundled).")] = None,
    html: Annotated[Optional[Path], typer.Option(help="Also write a highlighted HTML report here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of the explanation (on failure, {\"error\": {rf, code, message}}; exit 1).")] = False,
    profiles: Annotated[Optional[Path], typer.Option(help="profiles.csv (e.g. from `rolefit profile`) replacing the default role profiles.")] = None,
    requirements: Annotated[Optional[Path], typer.Option(help="requirements.csv (e.g. from `rolefit profile --requirements`) replacing the required evidence groups of the roles it names.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing --html file.")] = False,
) -> None:
    """Score one CV and explain the result (read warnings go to stderr)."""
    from rolefit.explain import explain_text, to_html
    from rolefit.readers import read_document
    from rolefit.scorer import Scorer, read_profiles

    _output_folder(html, "--html")
    if html is not None and html.exists() and not force:  # like batch and report: nothing is overwritten silently
        raise _fail(Errors.RF625.format(path=shown_path(html), option="--html"))
    try:
        scorer = Scorer(model, profiles=profiles, requirements=requirements)
        result = scorer.score(read_document(cv))
    except RolefitError as exc:
        if as_json:  # a script reading stdout gets an object it can parse, not nothing
            out.print_json(json.dumps({"error": _error_object(exc)}))
        raise _fail(exc) from None
    # the profile similarity of these roles is measured against --profiles, the model's similarity term is not
    replaced = {p.role: f"--profiles {profiles}" for p in read_profiles(profiles)} if profiles is not None else None
    for warning in result.warnings:
        flag = " (labels set to review)" if warning.review else ""
        err.print(f"warning: {warning.code}{flag}: {warning.message}", markup=False, highlight=False, soft_wrap=True)
    if as_json:
        out.print_json(json.dumps(result.to_dict()))
    else:
        # soft_wrap: long lines (hashes, offsets) stay whole when piped, for grep and copy-paste
        explained = explain_text(result, taxonomy=scorer.taxonomy, replaced_profiles=replaced)
        out.print(explained, markup=False, highlight=False, soft_wrap=True)
    if html is not None:
        try:
            html.write_text(to_html(result, taxonomy=scorer.taxonomy, replaced_profiles=replaced), encoding="utf-8")
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
            raise _fail(Errors.RF411.format(path=shown_path(html), problem=problem, folder=shown_path(html.parent), option="--html")) from None
        err.print(f"wrote {html}", markup=False, highlight=False)


#: `batch` options whose library parameter (of BatchOptions) is named differently: parameter -> option.
_BATCH_OPTION_NAMES = {"timeout_s": "--timeout", "memory_mb": "--memory-mb"}


def _batch_option_names() -> dict[str, str]:
    """Library parameter -> `rolefit batch` option: a parameter of run_batch or BatchOptions
    named like one of the command's own parameters (``jobs``, ``batch_size``, ``output``,
    ``fmt``, ``recursive``) is that option (``--jobs``, ``--batch-size``, ``--output``,
    ``--format``, ``--recursive``), as the command declares it; the others are in
    :data:`_BATCH_OPTION_NAMES`."""
    import typer.main

    command = typer.main.get_command(app).commands["batch"]
    declared = {
        param.name: next(opt for opt in param.opts if opt.startswith("--"))
        for param in command.params
        if param.param_type_name == "option"
    }
    return {**declared, **_BATCH_OPTION_NAMES}


def _in_batch_options(exc: RolefitError) -> RolefitError:
    """``exc`` naming `rolefit batch`'s options where the library names its parameters: an
    invalid limit (RF520: ``timeout_s`` -> ``--timeout``), RF601 (``fmt`` -> ``--format``), RF603
    (``jobs`` -> ``--jobs``), RF604 (``resume=True`` -> ``--resume``), RF606 (``output`` ->
    ``--output``), RF608 (``jobs``, ``resume=True``), RF609 (``recursive=True`` ->
    ``--recursive``), RF610 (``resume=True``, ``force=True`` -> ``--resume``, ``--force``) and RF611
    (also ``model``, ``profiles``, ``requirements`` -> ``--model``, ``--profiles``, ``--requirements``).
    Any other error, or one about a parameter the command has no option for, is returned as it
    is."""
    if isinstance(exc, ParameterValueError):
        option = _batch_option_names().get(exc.parameter)
        return exc if option is None else exc.renamed(option)
    if isinstance(exc, BatchParameterError):
        return exc.renamed(_batch_option_names())
    return exc


def _batch_options(options_type, **kwargs):
    """``options_type(**kwargs)``; an invalid limit's message (RF520) names the CLI option
    (``--timeout``), not the library's parameter (``timeout_s``)."""
    try:
        return options_type(**kwargs)
    except ParameterValueError as exc:
        worded = _in_batch_options(exc)
        if worded is exc:
            raise
        raise worded from None


@app.command("batch")
def batch_cmd(
    directory: Annotated[str, typer.Argument(help=f"Folder of CVs {_SUFFIXES}, or an fsspec URL (s3://...); every other entry gets an error row.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Result file (one row per input).")],
    jobs: Annotated[int, typer.Option(help="Scoring processes on this machine (forked after the model is loaded once; PDF/DOCX are parsed in capped reader processes).")] = 1,
    resume: Annotated[bool, typer.Option(help="Continue an existing output: every input whose path and SHA-256 already have a row keeps it; new, changed and moved files are scored, rows of removed ones dropped. Needs the same --model, --profiles and --requirements (RF611).")] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output (and --report file).")] = False,
    fmt: Annotated[Optional[str], typer.Option("--format", help=_FORMAT_HELP)] = None,
    recursive: Annotated[bool, typer.Option(help="Descend into sub-folders.")] = False,
    model: Annotated[Optional[Path], typer.Option(help="Model directory (default: bundled).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed to read one file (positive, finite).")] = DEFAULT_TIMEOUT_S,
    memory_mb: Annotated[int, typer.Option(help="Memory cap of a reader process, MiB.")] = DEFAULT_MEMORY_MB,
    profiles: Annotated[Optional[Path], typer.Option(help="profiles.csv (e.g. from `rolefit profile`) replacing the default role profiles.")] = None,
    requirements: Annotated[Optional[Path], typer.Option(help="requirements.csv (e.g. from `rolefit profile --requirements`) replacing the required evidence groups of the roles it names.")] = None,
    batch_size: Annotated[int, typer.Option(help="Texts scored per estimator call (and inputs per chunk with --jobs > 1 or --scheduler); a positive integer.")] = DEFAULT_BATCH_SIZE,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (tcp://host:8786): read and score on its workers (pip install 'rolefit\\[dask]').")] = None,
    report: Annotated[Optional[Path], typer.Option(help="Also write the shortlist HTML report here (an existing file needs --force).")] = None,
) -> None:
    """Score every CV in a folder; one row per file, success or error."""
    from rolefit.batch import BatchOptions, run_batch

    if report is not None and report.exists() and not force:  # refused before any scoring: no work lost
        raise _fail(Errors.RF625.format(path=shown_path(report), option="--report"))
    made: list[Path] = []  # folders made for the report, removed again if the run fails before writing it
    if report is not None:  # its folder is made now, as the output's is: no failure after the scoring
        try:
            made = make_folders(report.parent)
        except OSError as exc:
            raise _fail(Errors.RF411.format(path=shown_path(report), problem=exc.strerror or type(exc).__name__,
                                            folder=report.parent, option="--report")) from None
    progress = _progress(True, auto_refresh=False)
    try:
        options = _batch_options(
            BatchOptions,
            jobs=jobs, resume=resume, force=force, fmt=fmt, recursive=recursive, model=model,
            timeout_s=timeout, memory_mb=memory_mb, profiles=profiles, requirements=requirements,
            scheduler=scheduler, keep_rows=False, batch_size=batch_size,
        )
        if progress is None:
            summary = run_batch(directory, output, options)
        else:
            with progress:
                task = progress.add_task("scoring", total=None)

                shown = [0.0]

                def on_row(done: int, total: int) -> None:
                    now = time.monotonic()
                    refresh = done == total or now - shown[0] >= 0.1  # at most 10 redraws a second
                    if refresh:
                        shown[0] = now
                    progress.update(task, completed=done, total=total, refresh=refresh)

                summary = run_batch(directory, output, options, on_row=on_row)
        # imported after the run: its import (the scorer's modules, about 0.13 s) would otherwise
        # come before run_batch starts its reader processes, which parse while the model loads
        from rolefit.report import render_summary, write_report

        taxonomy = _load_taxonomy(options.profiles, options.requirements)  # as read by BatchOptions
        if summary.n_inputs <= SUMMARY_TABLE_ROWS:  # rows are not kept in memory: read the few back
            summary.rows = summary.load_rows()
        render_summary(summary, out, max_rows=SUMMARY_TABLE_ROWS, taxonomy=taxonomy)
        if report is not None:
            write_report(summary.journal, report, model=model, taxonomy=taxonomy)
            out.print(f"shortlist: {report}", markup=False, highlight=False)
    except RolefitError as exc:
        remove_empty_folders(made)
        raise _fail(_in_batch_options(exc)) from None
    raise typer.Exit(EXIT_ROW_ERRORS if summary.n_errors else EXIT_OK)


@app.command("report")
def report_cmd(
    journal: Annotated[Path, typer.Argument(help="A batch journal (.jsonl; for CSV/Parquet outputs the .jsonl beside them).", readable=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    model: Annotated[Optional[Path], typer.Option(help="Model directory the batch used (default: bundled).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output.")] = False,
) -> None:
    """Write a recruiter's shortlist (one self-contained HTML page) from a batch journal.

    The page reads what the batch's --profiles and --requirements did from the rows (their
    probabilities, contributions and requirement checks), so it takes neither option.
    """
    from rolefit.report import write_report

    _output_folder(output, "--output")
    if output.exists() and not force:
        raise _fail(Errors.RF625.format(path=shown_path(output), option="--output"))
    try:
        write_report(journal, output, model=model)
    except RolefitError as exc:
        raise _fail(exc) from None
    out.print(f"shortlist: {output}", markup=False, highlight=False)


@app.command("train")
def train_cmd(
    corpus: Annotated[
        list[Path],
        typer.Argument(help=f"Labelled corpus: a {corpus_suffixes_wording()} file or a folder per label; several are joined."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    mapping: Annotated[Optional[Path], typer.Option(help="Category -> roles mapping file.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is reproducible).")] = 0,
    force: Annotated[bool, typer.Option(help="Overwrite an existing model directory.")] = False,
    report: Annotated[Optional[Path], typer.Option(help="Also write metrics.json and plots here.")] = None,
    selection: Annotated[
        Optional[Path], typer.Option(help="Model-family comparison JSON (benchmarks/model_families.py) for the card.")
    ] = None,
    ood: Annotated[
        Optional[Path],
        typer.Option(help="Before saving, score this out-of-domain set with the trained model as users would "
                     "(see `evaluate --ood`); the result goes into the model card and REPORT/ood.json."),
    ] = None,
    interactions: Annotated[
        Optional[Path],
        typer.Option(help="Interaction terms to add to the features (CSV: name, left, right, label, source; "
                     "e.g. examples/interactions.csv). Default: none."),
    ] = None,
    weights: Annotated[str, typer.Option(help=f"How rows weigh in the fit: {weights_wording()}.")] = WEIGHTS[0],
) -> None:
    """Train a model on a labelled corpus and save it."""
    from rolefit.artifacts import check_model_target
    from rolefit.training import train_and_save

    progress = _progress(True)
    try:
        check_model_target(output, overwrite=force, option="--force")
        if progress is None:
            model = train_and_save(
                corpus, output, mapping=mapping, seed=seed, overwrite=force, report_dir=report, selection=selection, ood=ood,
                interactions=interactions, weights=weights,
            )
        else:
            with progress:
                task = progress.add_task("training", total=None)

                def on_step(stage: str, step: int, total: int) -> None:
                    progress.update(task, description=stage, completed=step, total=total)

                model = train_and_save(
                    corpus, output, mapping=mapping, seed=seed, overwrite=force, report_dir=report,
                    progress=on_step, selection=selection, ood=ood, interactions=interactions,
                    weights=weights,
                )
    except RolefitError as exc:
        raise _fail(exc) from None
    out.print(f"saved {model.model_id} to {output}", markup=False, highlight=False)
    _print_metrics(model.metrics.get("holdout", {}))
    if "ood" in model.metrics:
        _print_ood(model.metrics["ood"])


#: Fewest positive and negative rows per role for metrics worth reading: Collins, Ogundimu and
#: Altman (2016), "Sample size considerations for the external validation of a multivariable
#: prognostic model: a resampling study", Statistics in Medicine 35(2):214-226, found that
#: validation needs at least 100 events and 100 non-events; with fewer, ROC-AUC and
#: calibration vary too much between samples to judge a model by.
MIN_CLASS_ROWS = 100


def _cell(metric: dict | None, digits: int = 3) -> str:
    """A metric with its bootstrap 95 % interval on a second line (fits 80 columns)."""
    if not isinstance(metric, dict) or metric.get("value") is None:
        return "-" if not isinstance(metric, (int, float)) else f"{metric:.{digits}f}"
    lo, hi = (metric.get("ci95") or [None, None])[:2]
    ci = f"\n{lo:.{digits}f}-{hi:.{digits}f}" if lo is not None and hi is not None else ""
    return f"{metric['value']:.{digits}f}{ci}"


def _print_block(title: str, block: dict) -> None:
    """One evaluation block (held-out split, cross-validation, a corpus as is): per role the
    model's ROC-AUC, ECE and F1 with 95 % intervals, the TF-IDF baseline's ROC-AUC, and a
    warning for a role with fewer than :data:`MIN_CLASS_ROWS` positive or negative rows."""
    from rich import box
    from rich.table import Table

    per_role = block.get("roles") if isinstance(block, dict) else None
    if not per_role:
        return
    n_boot = block.get("n_bootstrap")
    table = Table(box=box.SIMPLE_HEAD, title=f"{title} ({block.get('n_rows', '?')} rows)", title_justify="left",
                  caption="second line: bootstrap 95 % interval" + (f" ({n_boot} resamples)" if n_boot else ""),
                  caption_justify="left")
    for col in ("role", "ROC-AUC", "ECE", "F1", "TF-IDF\nROC-AUC"):  # Brier, AP...: metrics.json
        table.add_column(col, justify="left" if col == "role" else "right", no_wrap=True,
                         min_width=len("ai_operations_manager") if col == "role" else len("0.000-0.000"))
    baseline = block.get("baseline") or {}
    for role, m in per_role.items():
        table.add_row(role, _cell(m.get("roc_auc")), _cell(m.get("ece")), _cell(m.get("f1")),
                      _cell((baseline.get(role) or {}).get("roc_auc")))
    out.print(table)
    for role, n in (block.get("class_counts") or {}).items():
        if min(n["positives"], n["negatives"]) < MIN_CLASS_ROWS:
            err.print(
                f"warning: {role}: {title} has {n['positives']} positive and {n['negatives']} negative "
                f"row(s); with fewer than {MIN_CLASS_ROWS} of either these figures say little (read the "
                "intervals; Collins, Ogundimu & Altman 2016, Stat Med 35:214-226: at least 100 events and "
                "100 non-events to validate a model). Evaluate on a larger corpus before relying on them.",
                markup=False, highlight=False, soft_wrap=True,
            )


def _print_ood(result: dict) -> None:
    """The out-of-domain table in 80 columns: short headers, a legend below, one row per role
    and per source under it."""
    from rich import box
    from rich.table import Table

    def f(v) -> str:
        return "-" if v is None else f"{v:.3f}"

    table = Table(box=box.SIMPLE_HEAD, title=f"out of domain: {result['file']} ({result['n_docs']} documents, {result['n_non_it']} out of IT)",
                  title_justify="left", caption_justify="left",
                  caption="false fit: share of out-of-IT documents labelled fit; p only: the same share if the "
                          "label followed the probability alone; TF-IDF: the baseline trained on the corpus")
    for col in ("role / source", "ROC-AUC", "ECE", "false\nfit", "false fit\np only", "TF-IDF\nROC-AUC", "TF-IDF\nECE"):
        table.add_column(col, justify="left" if col == "role / source" else "right",
                         min_width=len("ai_operations_manager") if col == "role / source" else None)
    for role, m in result["roles"].items():
        rows = [(role, m)] + [(f"  {src}\n  {sm['n_docs']} docs, {sm['n_positive']} pos.", sm)
                              for src, sm in m.get("by_source", {}).items()]
        for name, x in rows:
            b = x.get("baseline") or {}
            table.add_row(name, f(x.get("roc_auc")), f(x.get("ece")), f(x.get("false_fit_rate")),
                          f(x.get("false_fit_rate_probability_only")), f(b.get("roc_auc")), f(b.get("ece")))
    out.print(table)


def _print_metrics(block: dict) -> None:
    _print_block("held-out grouped split", block)


@app.command("evaluate")
def evaluate_cmd(
    model: Annotated[Path, typer.Argument(help="Model directory.")],
    corpus: Annotated[Path, typer.Argument(help="Labelled corpus.")],
    report: Annotated[Optional[Path], typer.Option(help="Write metrics.json and PNG plots here.")] = None,
    mapping: Annotated[Optional[Path], typer.Option(help="Category -> roles mapping file.")] = None,
    ood: Annotated[
        Optional[Path],
        typer.Option(help="Also score this out-of-domain set (CSV with id,text,labels,group,domain) as users "
                     "would: AUC, ECE and false-fit rate on out-of-IT documents, next to a TF-IDF baseline "
                     "trained on CORPUS (and --train-corpus files)."),
    ] = None,
    train_corpus: Annotated[
        Optional[list[Path]],
        typer.Option(help="More training corpus files for the --ood baseline (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON instead of tables.")] = False,
) -> None:
    """Grouped cross-validation with confidence intervals, next to a TF-IDF baseline.

    Prints one table per evaluation (cross-validation on CORPUS; the saved model applied to
    CORPUS as it is, when CORPUS is not its training corpus), each metric with its bootstrap
    95 % interval, and warns when a role has fewer than 100 positive or negative rows.
    """
    from rolefit.training import evaluate_to_report, ood_report

    try:
        metrics = evaluate_to_report(model, corpus, report, mapping=mapping)
        if ood is not None:
            block = ood_report(model, [corpus, *(train_corpus or [])], ood, report_dir=report)
            metrics.setdefault("summary", {})["ood"] = block
    except RolefitError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps(metrics.get("summary", metrics), default=str))
        return
    titles = {"cv": "grouped cross-validation on the corpus", "as_is": "the saved model on the corpus, as is"}
    for name, title in titles.items():
        if isinstance(metrics.get(name), dict):
            _print_block(title, metrics[name])
    if ood is not None:
        _print_ood(metrics["summary"]["ood"])


@app.command("profile")
def profile_cmd(
    postings: Annotated[Path, typer.Argument(help="Folder of postings, a CSV with a text column, or one file.", readable=False)],
    role: Annotated[str, typer.Option(help=f"Role id for the profile: one of {', '.join(ROLES)}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="profiles.csv to write.")],
    min_share: Annotated[float, typer.Option(help="Keep concepts in at least this share of postings.")] = 0.1,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
    requirements: Annotated[
        Optional[Path],
        typer.Option(help="Also write the role's requirement groups narrowed to these postings (requirements.csv)."),
    ] = None,
) -> None:
    """Build a role profile from job postings (concept weight = share of postings)."""
    from rolefit._io import check_output_file
    from rolefit.postings import profile_from_postings, read_postings, save_profiles
    from rolefit.taxonomy import default_taxonomy, derive_requirements, save_requirements

    if not 0.0 <= min_share <= 1.0:  # named as the command spells it (the library says min_share)
        raise _fail(Errors.RF401.format(name="--min-share", value=min_share))
    try:
        default_taxonomy().profile(role)  # the model scores these roles only: refuse a typo early
        # both before reading postings, so that neither file is written when the other exists
        for path in (output, requirements):
            if path is not None:
                check_output_file(path, overwrite=force, option="--force")
        prof = profile_from_postings(read_postings(postings), role=role, min_share=min_share)
        # both folders first, as `rolefit batch` creates its output's: nothing is written if one fails
        for path, option in ((output, "--output"), (requirements, "--requirements")):
            if path is not None:
                with _writing(path, option):
                    path.parent.mkdir(parents=True, exist_ok=True)
        with _writing(output, "--output"):
            save_profiles([prof], output, overwrite=force)
        if requirements is not None:
            with _writing(requirements, "--requirements"):
                save_requirements(derive_requirements(prof, default_taxonomy(), min_share=min_share), requirements,
                                  overwrite=force)
    except RolefitError as exc:
        raise _fail(exc) from None
    from rich.table import Table

    table = Table(title=f"profile {role} from {postings}")
    table.add_column("concept")
    table.add_column("weight", justify="right")
    table.add_column("source")
    shown = prof.top(PROFILE_TABLE_ROWS)
    for cid, w in shown:
        table.add_row(cid, f"{w:.2f}", prof.sources.get(cid, ""))
    out.print(table)
    more = len(prof.weights) - len(shown)
    if more > 0:  # the file holds them all: say so, as batch's table does
        out.print(f"... {more} more concept(s) in {output}", markup=False, highlight=False)
    out.print(f"wrote {output}" + (f" and {requirements}" if requirements is not None else ""), markup=False, highlight=False)


@app.command("match")
def match_cmd(
    cv: Annotated[Path, typer.Argument(help="CV file.", readable=False)],
    posting: Annotated[Path, typer.Argument(help="Job posting file.", readable=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How well a CV covers one job posting, with evidence on both sides."""
    from rolefit.postings import match
    from rolefit.readers import read_text
    from rolefit.schema import NOT_FOUND_LABEL
    from rolefit.taxonomy import default_taxonomy

    try:
        result = match(read_text(cv), read_text(posting))
    except RolefitError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps(result.to_dict()))
        return
    out.print(f"similarity: {result.similarity:.2f}")
    tax = default_taxonomy()

    def label(cid: str) -> str:  # skills named as `rolefit score` names them
        return tax[cid].label if cid in tax else cid

    for cid, cv_m, post_m in result.matched:
        out.print(
            f"  matched {label(cid)}: CV {cv_m.text!r} [{cv_m.start_char}, {cv_m.end_char}) ~ posting "
            f"{post_m.text!r} [{post_m.start_char}, {post_m.end_char})",
            markup=False,
            highlight=False,
        )
    if result.missing:
        out.print(f"  {NOT_FOUND_LABEL}: " + ", ".join(map(label, result.missing)), markup=False, highlight=False)


@log_app.command("verify")
def log_verify_cmd(path: Annotated[Path, typer.Argument(help="Decision log (JSON lines).")]) -> None:
    """Check a decision log's hash chain; exit 1 if it was edited."""
    from rolefit.decision_log import verify_log

    try:
        n = verify_log(path)
    except RolefitError as exc:
        raise _fail(exc) from None
    out.print(f"ok: {n} entries, hash chain intact")


@app.command("version")
def version_cmd() -> None:
    """Print the rolefit version, and on a second line the bundled model's id."""
    from rolefit._version import __version__

    out.print(__version__, markup=False, highlight=False)
    out.print(f"bundled model: {_bundled_model_id()}", markup=False, highlight=False)


def _bundled_model_id() -> str:
    """The bundled model's ``model_id``, read from its meta.json (no model is loaded)."""
    from rolefit.artifacts import default_model_path

    meta = default_model_path() / "meta.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8"))["model_id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"not readable ({meta}: {type(exc).__name__})"


def main() -> None:  # pragma: no cover - console-script entry point
    """Console-script entry point: usage errors exit 1 (set-up failure), like bad files.

    Whatever the command did, the objects alive at its end are frozen (``gc.freeze()``) as
    the process exits: the interpreter's exit otherwise runs full garbage collections over
    everything still alive, which after a model load (some 10^6 objects of spaCy and the
    model) cost about 0.3 s of every command's wall time. Nothing else changes: every file
    is closed and flushed before, ``atexit`` handlers and module teardown run as usual
    (objects are still freed by reference counting), only cyclic garbage left at exit is not
    searched for, which Python does not promise to finalise at exit anyway.
    """
    try:
        _main()
    finally:
        gc.freeze()


def _main() -> None:
    from typer.exceptions import TyperException

    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        err.print("aborted")
        sys.exit(EXIT_SETUP)
    except TyperException as exc:  # usage errors: missing option, bad value...
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        sys.exit(EXIT_SETUP)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
