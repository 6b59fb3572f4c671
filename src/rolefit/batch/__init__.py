"""Batch-score a folder of CVs: one row per input, success or error, resumable, one writer.

Rows go to a JSON-lines journal in input order (sorted paths). Each row is written and flushed
as soon as it is final, so a killed process loses nothing already written, and ``fsync``-ed at
least once a second and at the end (:mod:`rolefit.batch._journal`). ``resume=True`` keeps the
row of every input whose path and SHA-256 it matches, wherever the input sorts, appends the
rows of the others (new, changed, moved files), and, if rows then stand out of input order or
rows of files gone or changed remain, writes the rows in input order to a temporary file
renamed over the journal: the journal only grows until then (a killed resume loses no row),
and the final output is byte-identical to an uninterrupted run's. Rows record the model id and
the digests of the profiles and requirements in force (:func:`criteria_sha256`); a resume with
others is refused before anything is written (RF611). CSV and Parquet outputs are written atomically at
the end from the journal (``<output>.jsonl`` beside them, kept for resuming). A second run on
the same output while one is running is refused at once (``[RF606]``; an advisory lock the
OS releases when the process ends, however it ends).

Every directory entry that is not a directory is an input (except hidden entries, the run's
own output, journal and lock, and files rolefit wrote, recognised by content:
:mod:`rolefit.batch._outputs`, counted in :attr:`BatchSummary.outputs_skipped`); a file that cannot be read
becomes an error row with a code (``UNSUPPORTED_FORMAT``, ``ENCRYPTED``, ``TIMEOUT``,
``BROKEN_LINK``, ``SPECIAL_FILE``, ``PERMISSION_DENIED``...) and ``label="review"`` for
every role: never a low score. What the reader met in a file it could read is the
``warnings`` column (``CODE:count`` items, e.g. ``PAGES_WITHOUT_TEXT:1; UNMAPPED_GLYPHS:57``;
codes in :data:`rolefit.errors.READ_WARNING_CODES`); a flagged document's roles are
``review`` with the reason.

How the work runs. One *engine* per process holds a :class:`rolefit.Scorer` (the model is
loaded once per process) and a :class:`rolefit.readers.ReaderPool` (containers such as PDF
and DOCX are parsed in long-lived, memory-capped reader processes with a per-file timeout;
plain text is decoded in the engine's process under the byte and character caps). Texts are
scored in batches of ``batch_size`` through ``Scorer.score_many``, never waiting more than
about a second. Inputs are read a little ahead in a thread, so reader processes parse while the
engine scores (:mod:`rolefit.batch._local`). ``jobs=1`` runs the engine in the calling process
and writes row by row; ``jobs=N`` runs N scoring processes on chunks of ``batch_size`` inputs, forked from an
engine the calling process loaded and warmed (one model load for all N; ``spawn`` and one load
each where fork is unsafe); ``scheduler=ADDRESS`` runs the same chunks on a Dask distributed
cluster, each worker loading its engine once, at connect (:mod:`rolefit.batch._cluster`), or
its model already when it starts (:mod:`rolefit.batch.preload`). Rows are
built by one function, :func:`_make_row`, wherever the engine runs, so the journal is the
same byte for byte.

This module is over 400 lines on purpose (about 1,270): the row format, the options, the engine
that builds rows and the run loop that writes them are kept together so that a change to rows
is a change to one file; how processes are started and fed lives in :mod:`._local` and
:mod:`._cluster`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

from threadpoolctl import ThreadpoolController

from rolefit._io import replace_atomically
from rolefit._limits import DEFAULT_BATCH_SIZE
from rolefit.batch import _cluster as cluster
from rolefit.batch import _local
from rolefit.batch import _inputs as inputs
from rolefit.batch import _outputs
from rolefit.batch._inputs import Item, discover
from rolefit.batch._journal import (
    JournalWriter, OutputLockedError, Scan, cut_torn_tail, encode, in_order, lock_output, lock_path_for,
    read_rows, rewrite_in_order, scan,
)
from rolefit.errors import BatchError, BatchParameterError, Errors, InputTooLargeError, ReadError, RolefitError
from rolefit.readers import ReaderPool, ReadLimits, ReadResult

__all__ = ["BatchOptions", "BatchSummary", "BatchError", "run_batch", "discover", "criteria_sha256", "ROW_FIELDS"]

#: Output formats, each written to a file of the same suffix (``.jsonl``, ``.csv``, ``.parquet``).
FORMATS = ("jsonl", "csv", "parquet")
#: The output suffixes that choose the format when ``fmt`` is None; any other suffix needs ``fmt``.
OUTPUT_SUFFIXES = tuple(f".{fmt}" for fmt in FORMATS)
#: Columns of every row, before the per-role columns ``<role>_probability``, ``<role>_label``, ``<role>_reason``,
#: ``<role>_evidence``. ``warnings`` is what the reader met in a file it could read
#: (``CODE:count`` items, see :data:`rolefit.errors.READ_WARNING_CODES`), or null.
#: ``profiles_sha256`` and ``requirements_sha256`` name the role profiles and requirements the
#: row was judged against (SHA-256 of their content, :func:`criteria_sha256`; null: the
#: bundled ones), so that ``resume`` can refuse to mix rows judged against different ones.
ROW_FIELDS = (
    "path", "input_sha256", "status", "error_code", "error_message", "n_mentions", "reason", "warnings", "model_id",
    "profiles_sha256", "requirements_sha256",
)
#: Evidence items per role in a row.
TOP_EVIDENCE = 3
#: Characters of CV text quoted either side of an evidence mention in a row's ``detail``.
SNIPPET_CONTEXT = 40
#: Characters at the start of a CV (of its first line) where commas, semicolons and dashes
#: also bound a snippet (:data:`_HEADER_STOP`): "Anna Example, Senior MLOps Engineer, Berlin"
#: names a person and a town around a title.
SNIPPET_HEADER_CHARS = 200
_HEADER_STOP = re.compile(r"[,;]|(?<!\d)\s[-\u2013\u2014]\s(?!\d)")  # not a date range "2019 - 2024"
#: What bounds a snippet besides line breaks: separators and contact details.
_SNIPPET_STOP = re.compile(
    r"[|\u2022\u00b7\u25cf\u25aa\t]|[^\s@|]+@[^\s@|]+|(?:https?://|www\.)\S+|(?P<phone>\+?\(?\d[\d\s().-]{6,}\d)"
)
#: Read texts wait at most this long (seconds) before they are scored and written.
MAX_PENDING_S = 1.0
#: Most reader processes per engine on this machine (each may use ``ReadLimits.memory_mb``).
MAX_READERS = 4
#: CPU seconds of reading one file from which an engine starts its other reader processes
#: (:meth:`rolefit.readers.ReaderPool.throttle`): a few times what scoring a CV costs here
#: (2-5 ms); a generated one-page PDF costs a reader 2-10 ms, a real CV PDF 30-500 ms.
READ_SLOW_S = 0.025
#: The reader processes may read this many batches more ahead than the ``2 * batch_size`` of
#: the steady state (with a one-page PDF costing a reader 2-4 ms, a few hundred files), while
#: the texts read ahead add up to less than :data:`LOAD_AHEAD_CHARS` characters: the scoring
#: then starts on texts read while the model loaded (about 1 s), the readers can fall behind
#: for a while (a recycled reader's successor, a slow file) without the scoring waiting, and
#: they never wait while the scoring works through what they read ahead (the bound is on what
#: is queued now; a bound that dropped back to ``2 * batch_size`` once the scoring started
#: left the reader idle for as long as scoring 6 batches took).
LOAD_AHEAD = 8
LOAD_AHEAD_CHARS = 4_000_000
#: Batches in a row that must each take longer to arrive than the batch before took to score
#: before an engine starts its other reader processes: one such batch is often jitter on a
#: busy machine (a batch of small PDFs arriving 5 % late), and a reader process costs its
#: start-up (about 0.4-0.5 s of CPU) whether or not it helps.
SLOW_BATCHES = 2


@dataclass(frozen=True)
class BatchOptions:
    """Options of :func:`run_batch`.

    Attributes
    ----------
    jobs : int
        Scoring processes on this machine; 1 scores in the calling process. With more,
        the calling process loads the model once and the workers are forked from it (Linux,
        no other thread running; else each spawned worker loads it). Each engine has up
        to ``cores // jobs`` reader processes for PDF and DOCX files (at least 1, at most
        :data:`MAX_READERS`): one at first, the others once reading proves slower than
        scoring (a file costing :data:`READ_SLOW_S`, or :data:`SLOW_BATCHES` batches in a
        row arriving slower than they are scored) or a reader is killed for overrunning.
    resume : bool
        Continue a run on the same output: every input whose path and SHA-256 already have a
        row keeps it; the others are scored, and rows of inputs gone or changed dropped. The
        model, profiles and requirements must be those of the rows (else RF611).
    force : bool
        Overwrite an existing output.
    fmt : str or None
        ``jsonl``, ``csv`` or ``parquet`` (:data:`FORMATS`); None takes it from the output's
        suffix (:data:`OUTPUT_SUFFIXES`), and any other suffix is refused (RF601).
    recursive : bool
        Descend into sub-folders.
    model : path or None
        Model directory (default: the bundled model). With ``scheduler``, a path every
        worker can read.
    batch_size : int
        Texts scored per estimator call (and inputs per chunk with ``jobs > 1`` or a
        scheduler).
    profiles : path, iterable of RoleProfile or None
        Replace the taxonomy's role profiles (see :class:`rolefit.Scorer`). A path (str or
        os.PathLike) of a profiles file is read when the options are made, as ``--profiles``
        reads it; the attribute then holds the profiles, as a tuple.
    requirements : path, iterable of Requirement or None
        Replace the required evidence groups of the roles they name (see
        :class:`rolefit.Scorer`; e.g. from ``rolefit profile --requirements``). A path is read
        when the options are made, as ``--requirements`` reads it; the attribute then holds a
        tuple.
    limits : ReadLimits
        Caps of reading one file (bytes, characters, pages, reader memory, timeout);
        default ``ReadLimits()``.
    scheduler : str or None
        Address of a Dask distributed scheduler (``tcp://host:8786``): read and score on
        its workers (needs ``pip install 'rolefit[dask]'``). None runs on this machine.
    keep_rows : bool
        Keep every row in :attr:`BatchSummary.rows` (memory grows with the number of
        inputs; the CLI turns it off and reads the journal instead).
    timeout_s, memory_mb : float, int, optional
        Shortcuts replacing ``limits.timeout_s`` (wall-clock seconds allowed to read one
        file) and ``limits.memory_mb`` (address-space cap of a reader process, MiB).

    Raises
    ------
    ParameterValueError
        (RF520, a TypeError and a ValueError) If a limit is invalid, e.g.
        ``timeout_s=float("nan")``, or ``profiles`` / ``requirements`` is neither a path nor
        an iterable of RoleProfile / Requirement.
    TaxonomyError
        If a ``profiles`` or ``requirements`` file is missing or malformed (RF007, RF002,
        RF004, RF005, RF009, RF020...).
    """

    jobs: int = 1
    resume: bool = False
    force: bool = False
    fmt: str | None = None
    recursive: bool = False
    model: Any = None
    batch_size: int = DEFAULT_BATCH_SIZE
    profiles: Any = None
    requirements: Any = None
    limits: ReadLimits = field(default_factory=ReadLimits)
    scheduler: str | None = None
    keep_rows: bool = True
    timeout_s: InitVar[float | None] = None
    memory_mb: InitVar[int | None] = None

    def __post_init__(self, timeout_s: float | None, memory_mb: int | None) -> None:
        overrides = {"timeout_s": timeout_s, "memory_mb": memory_mb}
        given = {name: value for name, value in overrides.items() if value is not None}
        object.__setattr__(self, "limits", ReadLimits.resolve(self.limits, **given))
        if self.profiles is not None or self.requirements is not None:
            # read once here, in the calling process, as Scorer reads them: a bad file or type is
            # refused at once (lazy: rolefit.scorer is only needed then)
            from rolefit.scorer import resolve_profiles, resolve_requirements

            object.__setattr__(self, "profiles", resolve_profiles(self.profiles))
            object.__setattr__(self, "requirements", resolve_requirements(self.requirements))


@dataclass
class BatchSummary:
    """What a batch did.

    Attributes
    ----------
    output : Path
    n_inputs, n_ok, n_errors, n_skipped : int
        ``n_skipped`` counts inputs already in the output when resuming.
    labels : dict
        Role -> label -> count over all rows (errors count as ``review``).
    error_codes : Counter
        Error code -> count.
    seconds : float
        Wall-clock time of this run.
    rows : list of dict
        Every row of the output, in order (empty unless ``keep_rows``).
    journal : Path or None
        The JSON-lines journal holding every row.
    subfolders_skipped : int
        Folders directly under the input folder that a run without ``recursive`` did not
        search (0 with ``recursive``), so that a summary can say so.
    outputs_skipped : list of (str, str)
        Files in the folder that rolefit wrote (another run's journal, CSV or Parquet table,
        shortlist page; recognised by content), which are not inputs: ``(path, kind)``, kind
        ``"journal"``, ``"table"`` or ``"report"``. The run's own output and journal are
        skipped too, and not listed.
    """

    output: Path
    n_inputs: int = 0
    n_ok: int = 0
    n_errors: int = 0
    n_skipped: int = 0
    labels: dict[str, Counter] = field(default_factory=dict)
    error_codes: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    journal: Path | None = None
    subfolders_skipped: int = 0
    outputs_skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def outputs_skipped_text(self) -> str:
        """The files of :attr:`outputs_skipped` in words (the first five), for a summary."""
        return _outputs_named(self.outputs_skipped)

    @property
    def files_per_second(self) -> float:
        """Files processed by this run per second (skipped ones excluded)."""
        done = self.n_inputs - self.n_skipped
        return done / self.seconds if self.seconds > 0 else 0.0

    def load_rows(self) -> list[dict[str, Any]]:
        """Every row of the output, in order, read back from the journal."""
        return read_rows(self.journal) if self.journal is not None else list(self.rows)

    def count(self, row: dict[str, Any]) -> None:
        """Add one row to the counts."""
        self._count(*_tally(row))

    def _count(self, status: str, error_code: str | None, labels: tuple[tuple[str, str], ...]) -> None:
        if status == "ok":
            self.n_ok += 1
        else:
            self.n_errors += 1
            self.error_codes[error_code] += 1
        for role, label in labels:
            self.labels.setdefault(role, Counter())[label] += 1


def _tally(row: dict[str, Any]) -> tuple[str, str | None, tuple[tuple[str, str], ...]]:
    """What :class:`BatchSummary` counts of a row: status, error code, (role, label) pairs."""
    labels = tuple((key[: -len("_label")], value) for key, value in row.items() if key.endswith("_label"))
    return row["status"], row.get("error_code"), labels


class _Encoded(NamedTuple):
    """A row as a scoring process hands it over: its journal line (encoded where the row was
    made, in parallel, not by the one process that writes the journal), what the summary
    counts, and the row itself only when the caller keeps rows."""

    line: str
    tally: tuple[str, str | None, tuple[tuple[str, str], ...]]
    row: dict[str, Any] | None


def _encoded(row: dict[str, Any], keep_row: bool) -> _Encoded:
    return _Encoded(encode(row), _tally(row), row if keep_row else None)


# --------------------------------------------------------------------------- rows


def _make_row(rel: str, sha: str | None, outcome: Any, scorer: Any, criteria: tuple[str | None, str | None]) -> dict[str, Any]:
    """The one place a row is built: ``outcome`` is a ScoreResult (which keeps the read
    warnings), a ReadError or another RolefitError raised while scoring; ``criteria`` the
    digests of the profiles and requirements in force (:func:`criteria_sha256`)."""
    roles, model_id = scorer.roles, scorer.model_id
    if isinstance(outcome, ReadError):
        return _error_row(rel, sha, outcome.code, str(outcome), roles, model_id, criteria)
    if isinstance(outcome, RolefitError):
        code = "TOO_LARGE" if isinstance(outcome, InputTooLargeError) else "INTERNAL_ERROR"
        return _error_row(rel, sha, code, str(outcome), roles, model_id, criteria)
    return _ok_row(rel, sha, outcome, roles, criteria)


def _error_row(
    rel: str, sha: str | None, code: str, message: str, roles: tuple[str, ...], model_id: str,
    criteria: tuple[str | None, str | None],
) -> dict[str, Any]:
    reason = "the file could not be read; a recruiter should open it"
    row: dict[str, Any] = {
        "path": rel,
        "input_sha256": sha,
        "status": "error",
        "error_code": code,
        "error_message": message,
        "n_mentions": None,
        "reason": reason,
        "warnings": None,
        "model_id": model_id,
        "profiles_sha256": criteria[0],
        "requirements_sha256": criteria[1],
    }
    for role in roles:
        row[f"{role}_probability"] = None
        row[f"{role}_label"] = "review"
        row[f"{role}_reason"] = reason
        row[f"{role}_evidence"] = ""
        row[f"{role}_contributions"] = ""
        row[f"{role}_requirements_met"] = None
    return row



#: Decimals a row keeps of a probability.
ROW_DECIMALS = 6


def _row_probability(p: float) -> float | None:
    """``p`` rounded to :data:`ROW_DECIMALS` for a row, None for NaN (a text too long to score).

    A probability strictly inside (0, 1) stays strictly inside: 1 - 2e-9 is written 0.999999,
    not 1.0, so a row never states a certainty the model did not give (regression test).
    """
    if p != p:
        return None
    out = round(p, ROW_DECIMALS)
    floor = 10.0 ** -ROW_DECIMALS
    if out <= 0.0 < p:
        return floor
    if out >= 1.0 > p:
        return round(1.0 - floor, ROW_DECIMALS)
    return out


def _ok_row(rel: str, sha: str, result: Any, roles: tuple[str, ...], criteria: tuple[str | None, str | None]) -> dict[str, Any]:
    reasons = {r.reason for r in result.roles.values() if r.reason}
    row: dict[str, Any] = {
        "path": rel,
        "input_sha256": sha,
        "status": "ok",
        "error_code": None,
        "error_message": None,
        "n_mentions": sum(not m.negated for m in result.mentions),
        "reason": "; ".join(sorted(reasons)) or None,
        "warnings": "; ".join(f"{w.code}:{w.count}" for w in result.warnings) or None,
        "model_id": result.model_id,
        "profiles_sha256": criteria[0],
        "requirements_sha256": criteria[1],
    }
    for role in roles:
        rs = result.roles[role]
        top: dict[str, str] = {}  # strongest mention of each of the first concepts
        for m in rs.evidence:
            if len(top) == TOP_EVIDENCE:
                break
            top.setdefault(m.concept_id, f"{m.label}@{m.start_char}-{m.end_char}")
        row[f"{role}_probability"] = _row_probability(rs.probability)
        row[f"{role}_label"] = rs.label
        row[f"{role}_reason"] = rs.reason
        row[f"{role}_evidence"] = "; ".join(top.values())
        # largest contributions (log-odds terms for the default model; RoleScore.contribution_unit)
        row[f"{role}_contributions"] = "; ".join(f"{c} {v:+.3f}" for c, v in rs.contributions[:TOP_EVIDENCE])
        row[f"{role}_requirements_met"] = rs.requirements_met
    row["detail"] = {role: _role_detail(result.roles[role], result.text) for role in roles}
    return row


def _role_detail(rs: Any, text: str) -> dict[str, Any]:
    """``RoleScore.to_dict()`` with a snippet of the CV around each evidence mention.

    Each evidence item gains ``snippet`` and ``snippet_start``, with
    ``text[snippet_start:snippet_start + len(snippet)] == snippet``: the mention plus at most
    :data:`SNIPPET_CONTEXT` characters either side, cut at a word boundary and never across
    a line break, a ``|``/bullet/tab separator, an e-mail address, a web address or a phone
    number (so contact details next to a skill are not quoted), and in the CV's first line
    (at most :data:`SNIPPET_HEADER_CHARS` characters) a comma, semicolon or spaced dash, where
    a name and a town usually stand beside a title.
    """
    detail = rs.to_dict()
    header = text.find("\n", len(text) - len(text.lstrip()))  # the end of the first non-empty line
    header = min(SNIPPET_HEADER_CHARS, len(text) if header < 0 else header)
    for item in detail["evidence"]:
        start, end = item["start_char"], item["end_char"]
        lo = max(text.rfind("\n", 0, start) + 1, start - SNIPPET_CONTEXT)
        hi = text.find("\n", end)
        hi = min(len(text) if hi < 0 else hi, end + SNIPPET_CONTEXT)
        if lo > 0 and text[lo - 1] != "\n" and " " in text[lo:start]:
            lo = text.index(" ", lo) + 1  # do not start inside a word
        if hi < len(text) and text[hi] != "\n" and " " in text[end:hi]:
            hi = text.rindex(" ", end, hi)  # nor end inside one
        stops = (  # a date range is no phone number
            m for m in _SNIPPET_STOP.finditer(text, lo, hi)
            if not (m.group("phone") and sum(ch.isdigit() for ch in m.group()) < 9)
        )
        lo, hi = _cut_at(stops, lo, hi, start, end)
        if start < header:  # the CV's header line: a name and a town stand beside a title
            lo, hi = _cut_at(_HEADER_STOP.finditer(text, lo, hi), lo, hi, start, end)
        while lo < start and text[lo].isspace():
            lo += 1
        while hi > end and text[hi - 1].isspace():
            hi -= 1
        item["snippet"], item["snippet_start"] = text[lo:hi], lo
    return detail


def _cut_at(stops: Iterable[re.Match[str]], lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``[lo, hi)`` narrowed to the stops (in text order) around the mention ``[start, end)``:
    it starts after the last stop that ends before the mention and ends at the first that
    starts after it."""
    for m in stops:
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _journal_path(output: Path, fmt: str) -> Path:
    return output if fmt == "jsonl" else output.with_name(output.name + ".jsonl")


def _infer_format(output: Path, fmt: str | None) -> str:
    suffix = output.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in FORMATS:
            # e.g. --output scores.xlsx: JSON lines in a file named .xlsx would open as garbage
            named = f"ends in .{suffix}" if suffix else "has no suffix"
            raise BatchParameterError(
                "RF601", {"fmt_parameter": "fmt"},
                {"problem": f"{output} {named}, which is not an output format rolefit writes",
                 "suffixes": f"*{', *'.join(OUTPUT_SUFFIXES)}", "formats": ", ".join(FORMATS)},
                parts={"fix": "Name the output {suffixes}, or pass {fmt_parameter} ({formats}) to write that "
                       "format under this name."},
            )
        fmt = suffix
    if fmt not in FORMATS:
        raise BatchError(Errors.RF601.format(
            problem=f"Unknown output format {fmt!r}", fix=f"Use one of: {', '.join(FORMATS)}."
        ))
    if suffix in FORMATS and suffix != fmt:
        # e.g. --output scores.jsonl --format csv: the CSV would be written over scores.jsonl, which
        # may be an earlier run's journal (with --resume, its rows would be lost)
        raise BatchParameterError(
            "RF601", {"fmt_parameter": "fmt"},
            {"problem": f"{output} ends in .{suffix} but the format asked for is {fmt!r}", "fmt": fmt},
            parts={"fix": "Name the output *.{fmt}, or leave {fmt_parameter} out (the suffix chooses the format)."},
        )
    return fmt


def _write_table(rows: list[dict[str, Any]], output: Path, fmt: str) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows)
    if "n_mentions" in frame:
        frame["n_mentions"] = frame["n_mentions"].astype("Int64")  # stays an integer next to error rows
    if "detail" in frame:  # nested per-role detail: JSON text in a flat table
        frame["detail"] = frame["detail"].map(lambda d: json.dumps(d, ensure_ascii=False) if isinstance(d, dict) else None)
    if fmt == "csv":
        replace_atomically(output, lambda tmp: frame.to_csv(tmp, index=False))
    else:
        replace_atomically(output, lambda tmp: frame.to_parquet(tmp, index=False))


# --------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class _WorkConfig:
    """What an engine needs, wherever it runs (picklable)."""

    model: str | None
    profiles: tuple[Any, ...] | None
    limits: ReadLimits
    batch_size: int
    readers: int = 1  # reader processes per engine (PDF/DOCX parsing)
    requirements: tuple[Any, ...] | None = None


#: Scored once by :meth:`_Engine.warm` so that lazy set-up (the language check's stop-word
#: tables, first-call caches) is done before scoring processes are forked from the engine.
_WARM_TEXT = (
    "Experience\nMLOps engineer: Kubernetes, Docker, GitLab CI, Terraform, MLflow model registry, "
    "Prometheus and Grafana, Python. Led AI governance and GDPR compliance reviews with stakeholders.\n"
)


def _text_size(entry: tuple[str, str | None, Any]) -> int:
    """Characters of a read-ahead entry's text (0 for an error)."""
    outcome = entry[2]
    return len(outcome.text) if isinstance(outcome, ReadResult) else 0


class _Engine:
    """One process's scorer and reader pool; turns inputs into rows, in input order.

    ``load=False`` defers loading the model to :meth:`load` (or the first use of
    :attr:`scorer`), so that the caller can start reading (:meth:`read_ahead`) meanwhile.
    ``kept=True`` (engines of worker processes, :func:`_engine_for`) takes the process's kept
    scorer (:func:`_scorer_for`: loaded once per process, or already by a worker preload);
    a run in the caller's own process loads its own, so a model retrained in place between
    two calls is never served stale.
    """

    def __init__(self, config: _WorkConfig, *, load: bool = True, kept: bool = False) -> None:
        self.config = config
        self.pid = os.getpid()  # the process that loaded the model (forked workers inherit it)
        self.pool = ReaderPool(workers=config.readers, limits=config.limits)
        # one reader process until reading proves the slow side (a file costing a reader more
        # than READ_SLOW_S, or rows() finding SLOW_BATCHES batches in a row slower to arrive
        # than to score): the others' start-up is wasted on
        # small PDFs, which one reader parses faster than this process scores them
        self.pool.throttle(1, slow_s=READ_SLOW_S)
        # Dask runs tasks in threads: one chunk at a time per scorer (engines that differ only
        # in read limits or batch size share this process's scorer, and so its lock)
        self.kept = kept
        self.lock = _scorer_lock(config) if kept else threading.RLock()
        # one BLAS/OpenMP thread per engine: engines are the unit of parallelism (--jobs, Dask
        # workers), and OpenMP threads spin-waiting for a contended core made --jobs 2 three
        # times slower than --jobs 1 on 2 cores (benchmarks/batch_throughput.py)
        self.threads = ThreadpoolController()
        self.criteria = (criteria_sha256(config.profiles), criteria_sha256(config.requirements))
        self._scorer: Any = None
        if load:
            self.load()

    def load(self) -> _Engine:
        """Load the model (once)."""
        if self._scorer is None:
            config = self.config
            if self.kept:
                self._scorer = _scorer_for(config)
            else:
                self._scorer = _new_scorer(config.model, config.profiles, config.requirements)
        return self

    @property
    def scorer(self) -> Any:
        return self.load()._scorer

    def warm(self) -> _Engine:
        """Score one short text: everything set up on first use is set up now."""
        self.scorer.score_many([_WARM_TEXT])
        return self

    def read_ahead(self, items: Iterable[Item]) -> _local.Prefetch[tuple[str, str | None, Any]]:
        """Start reading ``items`` in a thread, up to ``2 * batch_size`` ahead of :meth:`rows`
        (:data:`LOAD_AHEAD` batches more while the texts are small).

        ``(rel, sha, ReadResult or ReadError)`` per input, in order; the reader processes parse
        while this thread scores (or loads the model). Close it (``rows`` does) to stop it.
        """
        limits, size = self.config.limits, self.config.batch_size
        loaded = ((rel, loc, *inputs.load(loc, limits)) for rel, loc in items)
        outcomes = self.pool.imap(loaded, where=lambda x: x[1], payload=lambda x: x[3])
        slim = ((rel, sha, outcome) for (rel, _loc, sha, _data), outcome in outcomes)  # drop the bytes
        return _local.Prefetch(
            slim, 2 * size, interrupt=self.pool.interrupt, extra=LOAD_AHEAD * size,
            size=_text_size, max_extra_size=LOAD_AHEAD_CHARS,
        )

    def rows(
        self, items: Iterable[Item] = (), *, feed: _local.Prefetch[Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Rows for ``items`` (or for what ``feed``, from :meth:`read_ahead`, reads), in order;
        texts are scored in batches as they accumulate.

        Read texts wait at most :data:`MAX_PENDING_S` seconds for a batch to fill up.
        """
        size = self.config.batch_size
        if feed is None:
            feed = self.read_ahead(items)
        try:
            buffer: list[tuple[str, str | None, ReadResult | ReadError]] = []
            n_texts, since = 0, 0.0
            scoring_s = float("inf")  # what scoring the last batch took
            slow_batches = 0  # batches in a row that took longer to arrive than that
            while True:
                wait = None if n_texts == 0 else max(0.0, since + MAX_PENDING_S - time.monotonic())
                entry = feed.get(wait)
                if entry is _local.END:
                    break
                if entry is not _local.TIMEOUT:
                    buffer.append(entry)
                    if isinstance(entry[2], ReadResult):
                        n_texts += 1
                        since = since or time.monotonic()
                if n_texts == 0 or n_texts >= size or time.monotonic() - since > MAX_PENDING_S:
                    started = time.monotonic()
                    if n_texts:
                        # this batch took longer to arrive than the last one took to score:
                        # reading is the slow side, and once that holds for SLOW_BATCHES
                        # batches in a row, more reader processes are worth starting
                        slow_batches = slow_batches + 1 if started - since > scoring_s else 0
                        if slow_batches >= SLOW_BATCHES:
                            self.pool.unthrottle()
                    rows = self._score(buffer)
                    if n_texts:
                        scoring_s = time.monotonic() - started
                    yield from rows
                    buffer, n_texts, since = [], 0, 0.0
            yield from self._score(buffer)
        finally:
            feed.close()

    def _score(self, buffer: list[tuple[str, str | None, ReadResult | ReadError]]) -> list[dict[str, Any]]:
        scorer = self.scorer
        documents = [o for _, _, o in buffer if isinstance(o, ReadResult)]  # warnings travel along
        try:
            with self.threads.limit(limits=1):
                results: list[Any] = scorer.score_many(documents, batch_size=self.config.batch_size) if documents else []
        except Exception:  # noqa: BLE001 - one file must not stop the batch: find it, give it its row
            results = []
            for document in documents:  # isolate the failing document
                try:
                    results.append(scorer.score(document))
                except RolefitError as exc:
                    results.append(exc)
                except Exception as exc:  # noqa: BLE001 - a bug in rolefit: an INTERNAL_ERROR row, not a lost batch
                    results.append(RolefitError(
                        f"scoring failed with {type(exc).__name__}: {exc}. This is a bug in rolefit: "
                        "please report it with this file; the other files were scored."
                    ))
        scored = iter(results)
        return [
            _make_row(rel, sha, next(scored) if isinstance(outcome, ReadResult) else outcome, scorer, self.criteria)
            for rel, sha, outcome in buffer
        ]

    def close(self) -> None:
        self.pool.close()


#: Per process: engines by configuration, each with the model fingerprint it was built for
#: (:func:`_model_fingerprint`), so a model retrained in place gets a new engine.
_ENGINES: dict[bytes, tuple[bytes, _Engine]] = {}
_ENGINES_LOCK = threading.Lock()
#: Per process: scorers by what they load (model, profiles, requirements), shared by the
#: engines of every read limit and batch size, and kept for later runs (a Dask worker keeps
#: its model; :mod:`rolefit.batch.preload` fills this when the worker starts). The value holds
#: the model fingerprint the scorer was loaded from, the scorer (None until loaded) and its lock.
_SCORERS: dict[bytes, tuple[bytes, Any, threading.RLock]] = {}
_SCORERS_LOCK = threading.Lock()
#: Most scorers (and engines) a process keeps: a long-lived Dask worker serving runs with many
#: different profiles or requirements drops the least recently used beyond this, so its memory
#: stays bounded (each scorer holds a model and a spaCy pipeline, about 100 MB).
MAX_KEPT = 4


def _keep_recent(kept: dict, key: bytes) -> list:
    """Mark ``key`` as just used in ``kept`` (insertion order = use order) and drop the least
    recently used entries beyond :data:`MAX_KEPT`; returns the dropped values (the caller
    holds the dict's lock)."""
    kept[key] = kept.pop(key)
    dropped = []
    while len(kept) > MAX_KEPT:
        dropped.append(kept.pop(next(iter(kept))))
    return dropped


def _model_fingerprint(model: str | None) -> tuple[str, bytes]:
    """The model directory resolved (None is the bundled model) and the SHA-256 of its
    manifest (which lists the SHA-256 of every model file; empty if there is none, and the
    load then fails with the usual coded error). A model retrained or replaced in place, or a
    symlink pointed elsewhere, gets another fingerprint: a kept scorer is never served stale."""
    from rolefit.artifacts import MANIFEST_FILE, default_model_path  # lazy: only engines need it

    where = os.path.realpath(model if model is not None else default_model_path())
    try:
        with open(os.path.join(where, MANIFEST_FILE), "rb") as fh:
            digest = hashlib.sha256(fh.read()).digest()
    except OSError:
        digest = b""
    return where, digest


def _new_scorer(model: str | None, profiles: Any, requirements: Any) -> Any:
    """A freshly loaded scorer (the one place batch builds one)."""
    from rolefit.scorer import Scorer  # lazy: `import rolefit.batch` (the CLI) stays light

    return Scorer(model, profiles=profiles, requirements=requirements)


def _loaded_scorers() -> list[Any]:
    """This process's kept scorers that are loaded (what a worker preload leaves; for tests
    and benchmarks, which ask a worker through ``client.run``)."""
    with _SCORERS_LOCK:
        return [scorer for _, scorer, _ in _SCORERS.values() if scorer is not None]


def _scorer_entry(
    model: str | None, profiles: Any = None, requirements: Any = None, *, load: bool
) -> tuple[Any, threading.RLock]:
    """This process's (scorer, lock) for what a scorer loads: keyed by the model directory
    resolved (``--model`` spelt another way, or naming the bundled model, finds the same
    scorer), profiles and requirements; replaced when the model's fingerprint changed."""
    where, digest = _model_fingerprint(model)
    key = hashlib.sha256(pickle.dumps((where, profiles, requirements))).digest()
    with _SCORERS_LOCK:
        entry = _SCORERS.get(key)
        if entry is None or entry[0] != digest:  # new, or the model changed on disk: drop the old one
            entry = _SCORERS[key] = (digest, None, threading.RLock())
        _keep_recent(_SCORERS, key)  # a dropped scorer is freed once no engine uses it
    _, scorer, lock = entry
    if scorer is None and load:
        with lock:  # one load per process, even with several Dask threads asking at once
            current = _SCORERS.get(key)
            scorer = current[1] if current is not None and current[2] is lock else None
            if scorer is None:
                scorer = _new_scorer(model, profiles, requirements)
                with _SCORERS_LOCK:
                    if _SCORERS.get(key, (None, None, None))[2] is lock:
                        _SCORERS[key] = (digest, scorer, lock)
    return scorer, lock


def _scorer_for(config: _WorkConfig) -> Any:
    """This process's scorer for ``config`` (loaded on first use, then kept)."""
    return _scorer_entry(config.model, config.profiles, config.requirements, load=True)[0]


def _scorer_lock(config: _WorkConfig) -> threading.RLock:
    return _scorer_entry(config.model, config.profiles, config.requirements, load=False)[1]


def preload_scorer(model: str | os.PathLike[str] | None = None) -> Any:
    """Load and warm this process's scorer for ``model`` (None: the bundled model) now, so
    that a later batch run with the same model (and no custom profiles or requirements)
    finds it loaded: what :mod:`rolefit.batch.preload` does when a Dask worker starts.

    Returns
    -------
    rolefit.Scorer
        The process's scorer, kept for the process's life, or until the model directory's
        manifest changes (a model retrained in place is loaded again on its next use).

    Raises
    ------
    ModelFileError
        If the model cannot be loaded.
    """
    model = os.fspath(model) if model is not None else None
    scorer, lock = _scorer_entry(model, load=True)
    with lock:
        scorer.score_many([_WARM_TEXT])
    return scorer


def _config_key(config: _WorkConfig) -> bytes:
    return hashlib.sha256(pickle.dumps(config)).digest()


def _engine_for(config: _WorkConfig) -> _Engine:
    """This process's kept engine for ``config``: built on first use, and built again when the
    model's fingerprint changed (the old engine is closed once its current chunk is done)."""
    key = _config_key(config)
    digest = _model_fingerprint(config.model)[1]
    stale = []
    with _ENGINES_LOCK:
        entry = _ENGINES.get(key)
        if entry is None or entry[0] != digest:
            if entry is not None:
                stale.append(entry[1])
            entry = _ENGINES[key] = (digest, _Engine(config, kept=True))
        stale += [engine for _, engine in _keep_recent(_ENGINES, key)]
    for engine in stale:  # closed once its current chunk is done (its reader processes end)
        with engine.lock:
            engine.close()
    return entry[1]


def _process_chunk(items: list[Item], config: _WorkConfig) -> list[dict[str, Any]]:
    """Rows of one chunk, in an engine process or on a Dask worker (module-level: picklable)."""
    engine = _engine_for(config)
    with engine.lock:
        return list(engine.rows(items))


def _process_chunk_encoded(items: list[Item], config: _WorkConfig, keep_rows: bool) -> list[_Encoded]:
    """:func:`_process_chunk`, each row encoded here (:class:`_Encoded`): the writing process
    then only writes lines, and a line pickles faster than the row's nested dicts."""
    return [_encoded(row, keep_rows) for row in _process_chunk(items, config)]


def _prepare_engine(config: _WorkConfig) -> int:
    """Load and warm this process's engine before its first chunk (Dask: at connect); its pid."""
    engine = _engine_for(config)
    with engine.lock:
        engine.warm()
    return engine.pid


def _iter_local_processes(
    items: list[Item], config: _WorkConfig, jobs: int, parent_engine: _Engine | None, keep_rows: bool
) -> Iterator[_Encoded]:
    """Rows from ``jobs`` scoring processes: forked from ``parent_engine`` (loaded and warmed
    here, so no worker loads the model) when given, else spawned (each loads its own)."""
    if parent_engine is None:
        context = multiprocessing.get_context("spawn")  # nothing of this process is copied
        executor = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    else:
        # what the forked workers find (with the fingerprint of the model it loaded); an engine
        # this process kept for the same configuration is put back afterwards, not dropped
        key = _config_key(config)
        with _ENGINES_LOCK:
            kept = _ENGINES.get(key)
            _ENGINES[key] = (_model_fingerprint(config.model)[1], parent_engine)
        executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
            initializer=_local.init_forked_worker, initargs=(os.getpid(),),
        )
    try:
        with executor:
            if parent_engine is not None:
                _local.fork_workers(executor, jobs)
            submit = lambda c: executor.submit(_process_chunk_encoded, c, config, keep_rows)  # noqa: E731
            try:
                yield from cluster.iter_chunks(items, config.batch_size, submit, 2 * jobs, jobs)
            except concurrent.futures.BrokenExecutor:  # a worker died (BrokenProcessPool)
                raise _broken_pool_error(parent_engine is None) from None
    finally:
        if parent_engine is not None:
            with _ENGINES_LOCK:
                if kept is None:
                    _ENGINES.pop(key, None)
                else:
                    _ENGINES[key] = kept


def _broken_pool_error(spawned: bool) -> BatchParameterError:
    """RF608: a scoring process died; the likely cause depends on how the processes started.
    Names the parameters ``jobs`` and ``resume=True`` (the CLI's ``--jobs``, ``--resume``)."""
    killed = "the process may have been killed, e.g. by the out-of-memory killer: try fewer {jobs}."
    cause = (
        "The processes were started with 'spawn' (threads were running in this process), and a "
        "spawned process first re-imports the script that called run_batch: if that script calls "
        f'run_batch at module level, put the call under `if __name__ == "__main__":`. Otherwise, {killed}'
        if spawned else killed[0].upper() + killed[1:]
    )
    return BatchParameterError(
        "RF608", {"jobs": "jobs", "resume": "resume"}, {}, spelled={"resume": "resume=True"},
        parts={
            "problem": "A scoring process died before it returned its rows ({jobs} > 1)",
            "fix": "The rows already written are kept; rerun with {resume} to continue. " + cause,
        },
    )


def _readers_per_engine(jobs: int, cores: int) -> int:
    """Reader processes of each of ``jobs`` engines on ``cores`` cores: the cores the engines
    leave to share (parsing a real PDF often costs more than scoring it), 1 to :data:`MAX_READERS`."""
    return max(1, min(MAX_READERS, cores // jobs))


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- the run


def run_batch(
    directory: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    on_row: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Score every CV under ``directory`` into ``output``.

    Parameters
    ----------
    directory : path or str
        Folder of CVs, or an fsspec URL (``s3://bucket/cvs``; needs the matching fsspec
        filesystem). Files with a suffix of a registered format
        (:data:`rolefit.readers.SUPPORTED_SUFFIXES`) are read (format detected from the
        bytes); every other entry that is not a folder gets an error row.
    output : path
        Result file; rows have the columns :data:`ROW_FIELDS` plus, per role,
        ``<role>_probability`` (float in [0, 1] or null), ``<role>_label``, ``<role>_reason``
        (why that role is ``review``, or null; the ``reason`` column joins the roles' reasons) and
        ``<role>_evidence`` (top evidence as ``label@start-end``, offsets into the text read),
        ``<role>_contributions`` (the largest contributions as ``concept_id +value``, in
        :attr:`rolefit.schema.RoleScore.contribution_unit` units: log-odds for the default
        model), ``<role>_requirements_met`` (bool: every required evidence group of the role
        met, see :mod:`rolefit.labels`; null for error rows); ok rows also carry ``detail``: role -> ``RoleScore.to_dict()`` whose evidence items
        quote the CV around each mention (``snippet``, ``snippet_start``; JSON text in CSV
        and Parquet). So the output holds short quotes of the CVs, no other CV text.
    options : BatchOptions, optional
        ``options.scheduler`` runs the work on a Dask cluster; the journal is the same.
    on_row : callable, optional
        Called as ``on_row(done, total)`` after each row (for progress bars).

    Returns
    -------
    BatchSummary

    Raises
    ------
    BatchError
        If ``directory`` is not a folder, the format is unknown or disagrees with the
        output's suffix (RF601), ``jobs`` or ``batch_size`` is not a positive integer
        (RF603), ``output`` exists and neither ``force`` nor ``resume`` is set (RF604),
        both ``resume`` and ``force`` are set (RF610; refused before anything is read),
        ``resume`` with another model, profiles or requirements than the journal's rows (or
        rows that do not record them) (RF611; nothing is written),
        another run is writing the same output (RF606), the folder holds no input (RF609;
        nothing is written), the output cannot be written (RF605), the scheduler cannot be
        used (RF607), or a scoring process died (RF608; with the ``spawn`` start method,
        usually a script that calls ``run_batch`` without an ``if __name__ == "__main__":``
        guard). An error whose message names parameters (``fmt``, ``jobs``,
        ``resume=True``, ``recursive=True``...) is a
        :class:`~rolefit.errors.BatchParameterError`, which keeps them apart from the text.
    ModelFileError
        If the model cannot be loaded.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # a spawned scoring process is re-importing the caller's script (what multiprocessing's
        # own "bootstrapping phase" check looks at): say so here rather than fail on the lock
        raise BatchError(Errors.RF608.format(
            problem="run_batch was called inside a scoring process that was starting: a spawned "
            "process re-imports the script that called run_batch, which calls it again",
            fix='Put the call under `if __name__ == "__main__":`.',
        ))
    opts = options or BatchOptions()
    if opts.resume and opts.force:  # they contradict each other: neither wins silently
        raise BatchParameterError(
            "RF610", {"resume": "resume", "force": "force"}, {},
            spelled={"resume": "resume=True", "force": "force=True"},
        )
    output = Path(output)
    if not inputs.is_folder(directory):
        what = "not a folder" if inputs.is_url(directory) or Path(directory).exists() else "no such folder"
        raise BatchError(Errors.RF602.format(directory=directory, what=what))
    for name, value in (("jobs", opts.jobs), ("batch_size", opts.batch_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise BatchParameterError("RF603", {"name": name}, {"value": value})
    fmt = _infer_format(output, opts.fmt)
    journal = _journal_path(output, fmt)
    started = time.perf_counter()
    try:
        with lock_output(output):
            if (output.exists() or journal.exists()) and not (opts.force or opts.resume):
                raise BatchParameterError(
                    "RF604", {"resume": "resume", "force": "force"}, {"output": output},
                    spelled={"resume": "resume=True", "force": "force=True"},
                )
            return _run(directory, output, journal, fmt, opts, started, on_row)
    except RolefitError:
        raise  # ModelFileError is an OSError too: it is not an output problem
    except OutputLockedError as exc:
        raise BatchParameterError(
            "RF606", {"output_parameter": "output"},
            {"output": output, "holder": exc.holder, "lock_path": exc.lock_path},
        ) from None
    except OSError as exc:
        raise BatchError(Errors.RF605.format(path=exc.filename or output, problem=exc.strerror or exc)) from exc


def _run(
    directory: str | os.PathLike[str], output: Path, journal: Path, fmt: str, opts: BatchOptions,
    started: float, on_row: Callable[[int, int], None] | None,
) -> BatchSummary:
    model = os.fspath(opts.model) if opts.model is not None else None
    profiles = tuple(opts.profiles) if opts.profiles is not None else None
    requirements = tuple(opts.requirements) if opts.requirements is not None else None
    local = opts.scheduler is None
    readers = _readers_per_engine(opts.jobs, _cpu_count()) if local else 1  # Dask: one per worker (= core)
    config = _WorkConfig(
        model=model, profiles=profiles, limits=opts.limits, batch_size=opts.batch_size, readers=readers,
        requirements=requirements,
    )
    if local:
        return _run_with(directory, output, journal, fmt, opts, started, on_row, config, None)
    # connected first: the workers load their model while the inputs are listed here
    try:
        session = cluster.Session(opts.scheduler, config, _prepare_engine)
    except cluster.SchedulerUnavailable as exc:
        raise BatchError(Errors.RF607.format(problem=exc)) from None
    with session:
        return _run_with(directory, output, journal, fmt, opts, started, on_row, config, session)


def _run_with(
    directory: str | os.PathLike[str], output: Path, journal: Path, fmt: str, opts: BatchOptions,
    started: float, on_row: Callable[[int, int], None] | None, config: _WorkConfig, session: Any,
) -> BatchSummary:
    local = session is None
    found = inputs.find_inputs(directory, recursive=opts.recursive, exclude=(output, journal, lock_path_for(output)))
    items = found.items
    if not items:  # before anything is written: an earlier output stays as it was
        raise _no_input_error(directory, opts.recursive, found.outputs)
    summary = BatchSummary(output=output, n_inputs=len(items), journal=journal,
                           subfolders_skipped=0 if opts.recursive else inputs.count_subfolders(directory),
                           outputs_skipped=found.outputs)

    # every input whose (path, SHA-256) already has a row keeps it, wherever it sorts; a file
    # changed, moved or removed since has no such row and is scored (its old row is dropped)
    previous = scan(journal) if opts.resume else Scan([], 0, 0)
    if previous.rows:  # refused before anything is written or loaded
        _check_same_scoring(journal, [row for row, _, _ in previous.rows], config, session)
    by_key = {(row.get("path"), row.get("input_sha256")): (row, a, b) for row, a, b in previous.rows}
    with_rows = {key[0] for key in by_key}
    del previous.rows[:]
    kept: dict[int, tuple[dict[str, Any], int, int]] = {}
    for i, (rel, loc) in enumerate(items):
        if rel in with_rows and (hit := by_key.get((rel, inputs.input_sha256(loc, opts.limits)))) is not None:
            kept[i] = hit
    del by_key
    todo_at = [i for i in range(len(items)) if i not in kept]
    todo = [items[i] for i in todo_at]

    local_engine = None
    feed = None
    spans: list[tuple[int, int]] = [(0, 0)] * len(items)  # each input's line in the journal
    rows_in_order: list[Any] = [None] * len(items) if opts.keep_rows else []
    try:
        if local and (opts.jobs == 1 or _local.start_method() == "fork"):
            local_engine = _Engine(config, load=False)
            if opts.jobs == 1:
                # reading starts now, in reader processes started at once (when there are
                # containers to read), while this thread loads the model
                containers = inputs.count_containers(todo)
                local_engine.pool.expect(containers)  # lets a recycled reader's successor start early
                local_engine.pool.start(containers)
                feed = local_engine.read_ahead(todo)
            # the model is loaded before the output is touched; with jobs > 1 the scoring
            # processes are forked from this engine, warmed first, so none loads the model again
            local_engine.load()
            if opts.jobs > 1:
                local_engine.warm()
        if opts.force and not opts.resume:
            for p in {journal, output}:
                if p.exists():
                    p.unlink()
        output.parent.mkdir(parents=True, exist_ok=True)
        cut_torn_tail(journal, previous)  # new rows are appended after the complete ones
        summary.n_skipped = len(kept)
        for i, (row, a, b) in kept.items():
            spans[i] = (a, b)
            summary.count(row)
            if opts.keep_rows:
                rows_in_order[i] = row
        kept.clear()
        done = summary.n_skipped

        # closing: on an error here the reading thread and the worker processes stop before
        # the engine's reader processes are closed below
        rows_iter = _iter_rows(todo, config, opts, local_engine, feed, session)
        with contextlib.closing(rows_iter) as rows, JournalWriter(journal) as writer:
            for i, entry in zip(todo_at, rows):
                if not isinstance(entry, _Encoded):
                    entry = _encoded(entry, opts.keep_rows)
                [spans[i]] = writer.write_lines([entry.line])
                summary._count(*entry.tally)
                if opts.keep_rows:
                    rows_in_order[i] = entry.row
                done += 1
                if on_row is not None:
                    on_row(done, summary.n_inputs)
            size = writer.size
    finally:
        if feed is not None:
            feed.close()
        if local_engine is not None:
            local_engine.close()

    if not in_order(spans, size):  # rows kept after new ones, or rows of files gone or changed
        rewrite_in_order(journal, spans)
    summary.rows = rows_in_order
    if fmt != "jsonl":
        _write_table(read_rows(journal), output, fmt)
    summary.seconds = time.perf_counter() - started
    return summary


def _check_same_scoring(journal: Path, rows: list[dict[str, Any]], config: _WorkConfig, session: Any) -> None:
    """RF611 unless this run scores as the journal's rows were scored: the same model id, and
    the same profiles and requirements (their digests, :func:`criteria_sha256`; rows of an
    earlier rolefit that did not record them cannot be resumed). The model id is read from
    the model's ``meta.json`` where the model is loaded (on the workers with a scheduler); not
    compared when it cannot be read there (loading the model then fails with its own error)."""
    this_model = _model_ids(config.model, session)
    this = {"profiles_sha256": criteria_sha256(config.profiles),
            "requirements_sha256": criteria_sha256(config.requirements)}
    made = {key: {row.get(key, _UNRECORDED) for row in rows} for key in ("model_id", *this)}
    model_differs = this_model is not None and made["model_id"] != this_model
    differs = [key for key, value in this.items() if made[key] != {value}]
    if not (model_differs or differs):
        return
    unrecorded = any(_UNRECORDED in made[key] for key in this)

    def described(key: str, values: set[Any]) -> str:
        name = key.split("_")[0]
        words = sorted(
            f"{name} not recorded (rows of an earlier rolefit)" if v is _UNRECORDED
            else f"the bundled {name}" if v is None else f"{name} with SHA-256 {str(v)[:12]}"
            for v in values
        )
        return " and ".join(words)

    made_with = ", ".join([f"model {' and '.join(sorted(map(str, made['model_id'])))}",
                           *(described(key, made[key]) for key in this)])
    this_run = ", ".join([f"model {' and '.join(sorted(this_model))}" if this_model is not None else "its model",
                          *(described(key, {value}) for key, value in this.items())])
    if unrecorded:
        fix = "These rows cannot be checked: pass {force} to score every file again."
    else:
        fix = ("Pass {resume} with the {model}, {profiles} and {requirements} that run used (the ones "
               "whose digests the rows carry, or none for the bundled ones), or {force} to score every "
               "file again.")
    raise BatchParameterError(
        "RF611",
        {"resume": "resume", "force": "force", "model": "model", "profiles": "profiles", "requirements": "requirements"},
        {"journal": journal, "made_with": made_with, "this_run": this_run},
        spelled={"resume": "resume=True", "force": "force=True"},
        parts={"fix": fix},
    )


#: A row that has no such field (written by an earlier rolefit).
_UNRECORDED: Final = object()


def criteria_sha256(items: Iterable[Any] | None) -> str | None:
    """SHA-256 of role profiles or requirements, as a batch row records them.

    Parameters
    ----------
    items : iterable of RoleProfile or Requirement, or None
        What ``BatchOptions.profiles`` or ``requirements`` holds (e.g. from
        :func:`rolefit.read_requirements`).

    Returns
    -------
    str or None
        Hex SHA-256 over every field of each item, in the order given, as canonical JSON
        (so a file read again gives the same digest, and any change to a weight, concept,
        label or source another); None for None (the bundled ones).
    """
    if items is None:
        return None

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value):
            return [type(value).__name__, {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}]
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in sorted(value.items())}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    payload = json.dumps([plain(x) for x in items], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _model_id_at(model: str | None) -> str | None:
    """The ``model_id`` a scorer of ``model`` (None: the bundled model) writes in its rows,
    read from the model's ``meta.json`` (no model is loaded); None when it cannot be read."""
    from rolefit.artifacts import default_model_path
    from rolefit.artifacts._store import META_FILE

    where = Path(model) if model is not None else default_model_path()
    try:
        meta = json.loads((where / META_FILE).read_text(encoding="utf-8"))
        return str(meta.get("model_id") or "unsaved-model")
    except (OSError, ValueError, AttributeError):
        return None


def _model_ids(model: str | None, session: Any) -> set[str] | None:
    """The model ids this run's engines will write: read here, or on every worker of a
    scheduler (the workers load the model; the client may not see its path). None if unknown."""
    if session is None:
        ids = {_model_id_at(model)}
    else:
        ids = set(session.client.run(_model_id_at, model).values())
    return None if None in ids or not ids else ids


def _no_input_error(
    directory: str | os.PathLike[str], recursive: bool, outputs: list[tuple[str, str]] = ()
) -> BatchError:
    """RF609: the folder holds no input; names the sub-folders a non-recursive run skipped, and
    the parameter that searches them (``recursive=True``; the CLI's ``--recursive``), and the
    files rolefit wrote that it skipped."""
    subfolders = 0 if recursive else inputs.count_subfolders(directory)
    skipped = f" ({len(outputs)} file(s) rolefit wrote, not CVs, were skipped: {_outputs_named(outputs)})" if outputs else ""
    if subfolders:
        return BatchParameterError(
            "RF609", {"recursive": "recursive"},
            {"directory": directory, "where": "this folder", "subfolders": subfolders, "skipped": skipped},
            spelled={"recursive": "recursive=True"},
            parts={"detail": "{skipped}, and {subfolders} sub-folder(s) were not searched; pass {recursive} to score "
                   "the CVs in sub-folders"},
        )
    where = "this folder or its sub-folders" if recursive else "this folder"
    detail = f"{skipped} (hidden entries, names starting with '.', are skipped). Pass the folder that holds the CVs"
    return BatchError(Errors.RF609.format(directory=directory, where=where, detail=detail))


def _outputs_named(outputs: Iterable[tuple[str, str]], most: int = 5) -> str:
    """``page.html (shortlist page), old.jsonl (batch journal)``, the first ``most`` of them."""
    outputs = list(outputs)
    named = ", ".join(f"{rel} ({_outputs.KINDS[kind]})" for rel, kind in outputs[:most])
    return named + (f" and {len(outputs) - most} more" if len(outputs) > most else "")


def _iter_rows(
    todo: list[Item], config: _WorkConfig, opts: BatchOptions, local_engine: _Engine | None,
    feed: _local.Prefetch[Any] | None = None, session: Any = None,
) -> Iterator[dict[str, Any] | _Encoded]:
    if session is not None:
        yield from session.iter_rows(todo, _process_chunk_encoded, opts.keep_rows)
    elif opts.jobs == 1 and local_engine is not None:
        yield from local_engine.rows(todo, feed=feed)
    else:
        yield from _iter_local_processes(todo, config, opts.jobs, local_engine, opts.keep_rows)
