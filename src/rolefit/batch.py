"""Batch-score a folder of CVs: one row per input file, success or error, resumable.

Rows are appended to a JSON-lines journal and flushed (``fsync``) as they finish, in sorted
path order; texts wait to be scored in small batches (at most ``batch_size`` of them, never
much longer than a second), so a crash loses only those. ``resume=True`` drops a torn last
line, keeps the rows of inputs that are still there unchanged and in order, and appends the
rest (a file changed or removed since is rescored): the final output equals an
uninterrupted run's. CSV and Parquet outputs are written
atomically at the end from the journal (``<output>.jsonl`` beside them, kept for resuming).

Every file is read in a child process with a memory cap and a timeout
(:func:`rolefit.readers.iter_read_isolated`, limits from one :class:`~rolefit.readers.ReadLimits`); a file that cannot be read becomes an error row with a code
(``UNSUPPORTED_FORMAT``, ``ENCRYPTED``, ``TIMEOUT``...) and ``label="review"`` for every role:
never a low score.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any

from rolefit._io import sha256_file
from rolefit.errors import Errors, InputTooLargeError, ReadError, RolefitError
from rolefit.readers import ReadLimits, formats_wording, is_supported_path, iter_read_isolated

__all__ = ["BatchOptions", "BatchSummary", "BatchError", "run_batch", "discover", "ROW_FIELDS"]

FORMATS = ("jsonl", "csv", "parquet")
#: Columns of every row, before the per-role columns ``<role>_probability``, ``<role>_label``,
#: ``<role>_evidence``, ``<role>_requirements_met``.
ROW_FIELDS = ("path", "input_sha256", "status", "error_code", "error_message", "n_mentions", "reason", "model_id")
#: Evidence items per role in a row.
TOP_EVIDENCE = 3
#: Characters of CV text quoted either side of an evidence mention in a row's ``detail``.
SNIPPET_CONTEXT = 40
#: What bounds a snippet besides line breaks: separators and contact details.
_SNIPPET_STOP = re.compile(
    r"[|\u2022\u00b7\u25cf\u25aa\t]|[^\s@|]+@[^\s@|]+|(?:https?://|www\.)\S+|(?P<phone>\+?\(?\d[\d\s().-]{6,}\d)"
)
#: Read texts wait at most this long (seconds) before they are scored and written.
MAX_PENDING_S = 1.0


class BatchError(RolefitError, ValueError):
    """A batch cannot start: bad folder, format, or an output that would be overwritten."""


@dataclass(frozen=True)
class BatchOptions:
    """Options of :func:`run_batch`.

    Attributes
    ----------
    jobs : int
        Reader processes (each file is read in its own memory-capped child).
    resume : bool
        Continue an interrupted run on the same output.
    force : bool
        Overwrite an existing output.
    fmt : str or None
        ``jsonl``, ``csv`` or ``parquet``; None infers it from the output suffix (default jsonl).
    recursive : bool
        Descend into sub-folders.
    model : path or None
        Model directory (default: the bundled model).
    limits : ReadLimits
        Caps of reading one file (bytes, characters, pages, reader memory, timeout);
        default ``ReadLimits()``.
    timeout_s, memory_mb : float, int, optional
        Shortcuts replacing ``limits.timeout_s`` (wall-clock seconds allowed to read one
        file) and ``limits.memory_mb`` (address-space cap of a reader process, MiB).
    batch_size : int
        Texts scored per estimator call.
    profiles : iterable of RoleProfile or None
        Replace the taxonomy's role profiles (see :class:`rolefit.Scorer`).
    """

    jobs: int = 1
    resume: bool = False
    force: bool = False
    fmt: str | None = None
    recursive: bool = False
    model: Any = None
    batch_size: int = 32
    profiles: Any = None
    limits: ReadLimits = field(default_factory=ReadLimits)
    timeout_s: InitVar[float | None] = None
    memory_mb: InitVar[int | None] = None

    def __post_init__(self, timeout_s: float | None, memory_mb: int | None) -> None:
        overrides = {"timeout_s": timeout_s, "memory_mb": memory_mb}
        given = {name: value for name, value in overrides.items() if value is not None}
        object.__setattr__(self, "limits", ReadLimits.resolve(self.limits, **given))


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
        Every row of the output, in order.
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

    @property
    def files_per_second(self) -> float:
        """Files processed by this run per second (skipped ones excluded)."""
        done = self.n_inputs - self.n_skipped
        return done / self.seconds if self.seconds > 0 else 0.0


def discover(directory: Path, *, recursive: bool = False, exclude: Iterable[Path] = ()) -> list[Path]:
    """Files under ``directory`` in sorted path order.

    Hidden files (``.name``) and the paths in ``exclude`` (the batch's own output and
    journal, when they sit inside the folder) are skipped.
    """
    skip = {p.resolve() for p in exclude}
    pattern = directory.rglob("*") if recursive else directory.glob("*")
    files = [
        p for p in pattern
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
        and p.resolve() not in skip
    ]
    return sorted(files, key=lambda p: p.relative_to(directory).as_posix())


def _journal_path(output: Path, fmt: str) -> Path:
    return output if fmt == "jsonl" else output.with_name(output.name + ".jsonl")


def _infer_format(output: Path, fmt: str | None) -> str:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "jsonl"
    if fmt not in FORMATS:
        raise BatchError(f"[RF601] Unknown output format {fmt!r}. Use one of: {', '.join(FORMATS)}.")
    return fmt


def _read_journal(journal: Path) -> list[dict[str, Any]]:
    """Rows already written; a torn last line (crash mid-write) is cut off the file."""
    if not journal.exists():
        return []
    data = journal.read_bytes()
    rows: list[dict[str, Any]] = []
    good_end = 0
    pos = 0
    for line in data.splitlines(keepends=True):
        pos += len(line)
        if not line.endswith(b"\n"):
            break
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            break
        good_end = pos
    if good_end != len(data):
        with journal.open("r+b") as fh:
            fh.truncate(good_end)
    return rows


def _rewrite_journal(journal: Path, rows: list[dict[str, Any]]) -> None:
    """Atomically replace the journal with ``rows`` (used when resuming drops stale rows)."""
    tmp = journal.with_name(f".{journal.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, journal)


def _error_row(rel: str, sha: str | None, code: str, message: str, roles: tuple[str, ...], model_id: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "path": rel,
        "input_sha256": sha,
        "status": "error",
        "error_code": code,
        "error_message": message,
        "n_mentions": None,
        "reason": "the file could not be read; a recruiter should open it",
        "model_id": model_id,
    }
    for role in roles:
        row[f"{role}_probability"] = None
        row[f"{role}_label"] = "review"
        row[f"{role}_evidence"] = ""
        row[f"{role}_requirements_met"] = None
    return row


def _ok_row(rel: str, sha: str, result: Any, roles: tuple[str, ...]) -> dict[str, Any]:
    reasons = {r.reason for r in result.roles.values() if r.reason}
    row: dict[str, Any] = {
        "path": rel,
        "input_sha256": sha,
        "status": "ok",
        "error_code": None,
        "error_message": None,
        "n_mentions": sum(not m.negated for m in result.mentions),
        "reason": "; ".join(sorted(reasons)) or None,
        "model_id": result.model_id,
    }
    for role in roles:
        rs = result.roles[role]
        top: dict[str, str] = {}  # strongest mention of each of the first concepts
        for m in rs.evidence:
            if len(top) == TOP_EVIDENCE:
                break
            top.setdefault(m.concept_id, f"{m.label}@{m.start_char}-{m.end_char}")
        row[f"{role}_probability"] = round(rs.probability, 6)
        row[f"{role}_label"] = rs.label
        row[f"{role}_evidence"] = "; ".join(top.values())
        row[f"{role}_requirements_met"] = rs.requirements_met
    row["detail"] = {role: _role_detail(result.roles[role], result.text) for role in roles}
    return row


def _role_detail(rs: Any, text: str) -> dict[str, Any]:
    """``RoleScore.to_dict()`` with a snippet of the CV around each evidence mention.

    Each evidence item gains ``snippet`` and ``snippet_start``, with
    ``text[snippet_start:snippet_start + len(snippet)] == snippet``: the mention plus at most
    :data:`SNIPPET_CONTEXT` characters either side, cut at a word boundary and never across
    a line break, a ``|``/bullet/tab separator, an e-mail address, a web address or a phone
    number (so contact details next to a skill are not quoted).
    """
    detail = rs.to_dict()
    for item in detail["evidence"]:
        start, end = item["start_char"], item["end_char"]
        lo = max(text.rfind("\n", 0, start) + 1, start - SNIPPET_CONTEXT)
        hi = text.find("\n", end)
        hi = min(len(text) if hi < 0 else hi, end + SNIPPET_CONTEXT)
        if lo > 0 and text[lo - 1] != "\n" and " " in text[lo:start]:
            lo = text.index(" ", lo) + 1  # do not start inside a word
        if hi < len(text) and text[hi] != "\n" and " " in text[end:hi]:
            hi = text.rindex(" ", end, hi)  # nor end inside one
        for m in _SNIPPET_STOP.finditer(text, lo, hi):
            if m.group("phone") and sum(ch.isdigit() for ch in m.group()) < 9:
                continue  # a date range, not a phone number
            if m.end() <= start:
                lo = m.end()
            elif m.start() >= end:
                hi = m.start()
                break
        while lo < start and text[lo].isspace():
            lo += 1
        while hi > end and text[hi - 1].isspace():
            hi -= 1
        item["snippet"], item["snippet_start"] = text[lo:hi], lo
    return detail


def _write_table(rows: list[dict[str, Any]], output: Path, fmt: str) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows)
    if "n_mentions" in frame:
        frame["n_mentions"] = frame["n_mentions"].astype("Int64")  # stays an integer next to error rows
    if "detail" in frame:  # nested per-role detail: JSON text in a flat table
        frame["detail"] = frame["detail"].map(lambda d: json.dumps(d, ensure_ascii=False) if isinstance(d, dict) else None)
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    if fmt == "csv":
        frame.to_csv(tmp, index=False)
    else:
        frame.to_parquet(tmp, index=False)
    os.replace(tmp, output)


def run_batch(
    directory: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    on_row: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Score every CV file under ``directory`` into ``output``.

    Parameters
    ----------
    directory : path
        Folder of CVs; files with a suffix of a registered format
        (:data:`rolefit.readers.SUPPORTED_SUFFIXES`) are read (format detected from the
        bytes), any other file gets an ``UNSUPPORTED_FORMAT`` row.
    output : path
        Result file; rows have the columns :data:`ROW_FIELDS` plus, per role,
        ``<role>_probability`` (float in [0, 1] or null), ``<role>_label`` and
        ``<role>_evidence`` (top evidence as ``label@start-end``, offsets into the text read),
        ``<role>_requirements_met`` (bool: every required evidence group of the role met, see
        :mod:`rolefit.labels`; null for error rows);
        ok rows also carry ``detail``: role -> ``RoleScore.to_dict()`` whose evidence items
        quote the CV around each mention (``snippet``, ``snippet_start``; JSON text in CSV
        and Parquet). So the output holds short quotes of the CVs, no other CV text.
    options : BatchOptions, optional
    on_row : callable, optional
        Called as ``on_row(done, total)`` after each row (for progress bars).

    Returns
    -------
    BatchSummary

    Raises
    ------
    BatchError
        If ``directory`` is not a folder, the format is unknown, or ``output`` exists and
        neither ``force`` nor ``resume`` is set.
    ModelFileError
        If the model cannot be loaded.
    """
    from rolefit.scorer import Scorer

    opts = options or BatchOptions()
    directory, output = Path(directory), Path(output)
    if not directory.is_dir():
        raise BatchError(f"[RF602] {directory}: not a folder. Pass the folder that holds the CVs.")
    if not isinstance(opts.jobs, int) or opts.jobs < 1:
        raise BatchError(f"[RF603] --jobs must be a positive integer, got {opts.jobs!r}.")
    fmt = _infer_format(output, opts.fmt)
    journal = _journal_path(output, fmt)
    if (output.exists() or journal.exists()) and not (opts.force or opts.resume):
        raise BatchError(
            f"[RF604] {output} already exists. Pass --resume to continue it, or --force to overwrite it."
        )
    scorer = Scorer(opts.model, profiles=opts.profiles)
    started = time.perf_counter()

    try:
        return _run(directory, output, journal, fmt, opts, scorer, started, on_row)
    except OSError as exc:
        raise BatchError(
            f"[RF605] {exc.filename or output}: {exc.strerror or exc}. Check that the output folder "
            "exists or can be created, is writable, and that the output is not a folder."
        ) from exc


def _run(
    directory: Path, output: Path, journal: Path, fmt: str, opts: BatchOptions, scorer: Any,
    started: float, on_row: Callable[[int, int], None] | None,
) -> BatchSummary:
    roles = scorer.roles
    if opts.force and not opts.resume:
        for p in {journal, output}:
            if p.exists():
                p.unlink()
    output.parent.mkdir(parents=True, exist_ok=True)
    files = discover(directory, recursive=opts.recursive, exclude=(output, journal))
    summary = BatchSummary(output=output, n_inputs=len(files))
    current: list[tuple[str, Path, str | None]] = []
    for path in files:
        rel = path.relative_to(directory).as_posix()
        try:
            sha: str | None = sha256_file(path)
        except OSError:
            sha = None
        current.append((rel, path, sha))

    previous = _read_journal(journal) if opts.resume else []
    # keep only rows of inputs that are still there, unchanged, and in input order; anything
    # else (a file changed or removed since) is dropped and rescored
    wanted = [(rel, sha) for rel, _p, sha in current]
    kept: list[dict[str, Any]] = []
    for row in previous:
        if len(kept) < len(wanted) and (row.get("path"), row.get("input_sha256")) == wanted[len(kept)]:
            kept.append(row)
        else:
            break
    if len(kept) != len(previous):
        _rewrite_journal(journal, kept)
    summary.n_skipped = len(kept)
    rows: list[dict[str, Any]] = list(kept)
    todo = current[len(kept):]

    with journal.open("a", encoding="utf-8") as fh:

        def emit(row: dict[str, Any]) -> None:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            rows.append(row)
            if on_row is not None:
                on_row(len(rows), summary.n_inputs)

        readable = [(rel, p, sha) for rel, p, sha in todo if sha is not None and is_supported_path(p)]
        reads = iter_read_isolated([p for _, p, _ in readable], jobs=opts.jobs, limits=opts.limits)
        read_iter: Iterator[tuple[Any, Any]] = iter(reads)
        pending: list[tuple[str, str, str]] = []  # (rel, sha, text) waiting to be scored
        pending_since = 0.0

        def flush_pending() -> None:
            if not pending:
                return
            try:
                results = scorer.score_many([t for _, _, t in pending], batch_size=opts.batch_size)
                out_rows = [_ok_row(rel, sha, res, roles) for (rel, sha, _), res in zip(pending, results)]
            except RolefitError:
                out_rows = []
                for rel, sha, text in pending:  # isolate the failing document
                    try:
                        out_rows.append(_ok_row(rel, sha, scorer.score(text), roles))
                    except RolefitError as exc:
                        code = "TOO_LARGE" if isinstance(exc, InputTooLargeError) else "INTERNAL_ERROR"
                        out_rows.append(_error_row(rel, sha, code, str(exc), roles, scorer.model_id))
            for row in out_rows:
                emit(row)
            pending.clear()

        for rel, path, sha in todo:
            if sha is None:
                flush_pending()
                emit(_error_row(rel, None, "NOT_FOUND", f"{rel}: the file could not be opened.", roles, scorer.model_id))
                continue
            if not is_supported_path(path):
                flush_pending()
                kind = f"a file of type {path.suffix or '(no suffix)'!r}"
                message = Errors.RF508.format(
                    path=rel, kind=kind, formats=formats_wording(), fix="convert the file (e.g. save it as PDF or DOCX)."
                )
                emit(_error_row(rel, sha, "UNSUPPORTED_FORMAT", message, roles, scorer.model_id))
                continue
            _path, outcome = next(read_iter)
            if isinstance(outcome, ReadError):
                flush_pending()
                emit(_error_row(rel, sha, outcome.code, str(outcome), roles, scorer.model_id))
                continue
            if not pending:
                pending_since = time.monotonic()
            pending.append((rel, sha, outcome))
            if len(pending) >= opts.batch_size or time.monotonic() - pending_since > MAX_PENDING_S:
                flush_pending()
        flush_pending()

    if fmt != "jsonl":
        _write_table(rows, output, fmt)
    summary.rows = rows
    summary.seconds = time.perf_counter() - started
    for row in rows:
        if row["status"] == "ok":
            summary.n_ok += 1
        else:
            summary.n_errors += 1
            summary.error_codes[row["error_code"]] += 1
        for role in roles:
            summary.labels.setdefault(role, Counter())[row[f"{role}_label"]] += 1
    return summary
