"""An append-only, hash-chained decision log: one JSON line per scored document.

Screening CVs is high-risk AI under the EU AI Act (Annex III, 4(a)); its Article 12 asks
for automatic records of what the system did. :class:`DecisionLog` keeps such a record
without keeping the CV: each line holds the time, the model, a SHA-256 of the scored text
(``text_sha256``) and of the file's bytes when a file was read (``input_sha256``, the hash a
batch row carries; null for a text scored directly), each role's probability, label and
reason, and the evidence as concept ids with character offsets -- never the text, the
surface forms of the skills, or anything else that could identify the person.

Line format (UTF-8, ASCII-only JSON with sorted keys and no spaces, one entry per line,
each line ending in ``"\\n"``)::

    {"evidence":[{"concept_id":"kubernetes","end_char":13,"negated":false,
      "section":"skills","start_char":3}],
     "hash":"<sha256>","input_sha256":"<sha256 or null>","log_format":3,
     "model_id":"rolefit-default","model_sha256":"<sha256 or null>",
     "prev":"<sha256>","roles":{"mlops_engineer":{"baseline":-2.9,
      "contribution_unit":"log-odds","contributions":[["kubernetes",1.2]],
      "group_contributions":[["concepts",0.7],["similarity",0.3],["groups",0.1],
      ["kinds",0.1]],"label":"fit","probability":0.91,"reason":null}},"rolefit_version":"0.1.0",
     "text_sha256":"<sha256>","ts":"2025-01-31T12:00:00.000000Z"}

Formats 1 and 2 (rolefit before ``log_format`` 3) have no ``text_sha256`` and their
``input_sha256`` is the SHA-256 of the *text*, not of the file; :func:`verify_log` checks
lines of every format, so older logs (and logs continued across versions) still verify.

``prev`` is the SHA-256 of the previous line's bytes (without its line break), or 64 zeros
on the first line; ``hash`` is the SHA-256 of the canonical JSON of the entry without
``hash``. So every line verifies itself, and editing, removing, inserting or reordering
lines breaks the chain at a line :func:`verify_log` names. Removing lines *at the end*
cannot be detected from the file alone: keep the entry count (returned by
:func:`verify_log`) or the last line's ``hash`` elsewhere if that matters.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rolefit._io import check_not_text, sha256_file
from rolefit._version import __version__
from rolefit.errors import Errors, InputTypeError, LogIntegrityError, shown_path
from rolefit.schema import ScoreResult

try:  # POSIX advisory locks keep concurrent writers from forking the chain
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DecisionLog", "verify_log", "GENESIS", "LOG_FORMAT"]

#: ``prev`` of the first entry.
GENESIS = "0" * 64
#: Version of the line format written by this module. 3: ``text_sha256`` hashes the text and
#: ``input_sha256`` the file's bytes (null without a file), as in batch rows; 2: roles carry
#: their contributions (log-odds terms), ``input_sha256`` hashed the text; 1 had probability,
#: label, reason.
LOG_FORMAT = 3

_KEYS_V2 = frozenset(
    {"ts", "log_format", "model_id", "model_sha256", "rolefit_version", "input_sha256", "roles", "evidence", "prev", "hash"}
)
#: The keys of an entry, by ``log_format``: each line is checked against its own format's.
_KEYS_BY_FORMAT = {1: _KEYS_V2, 2: _KEYS_V2, 3: _KEYS_V2 | {"text_sha256"}}
_TAIL_CHUNK = 8192


def _finite(value: float) -> float | None:
    """A JSON-safe number: None for NaN (a role that was not scored)."""
    value = float(value)
    return None if value != value else value


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode(
        "ascii"
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _model_sha256(model_path: str | os.PathLike[str] | None) -> str | None:
    """SHA-256 of the model's manifest (directory) or of the file itself; None if unknown."""
    if model_path is None:
        return None
    path = Path(model_path)
    target = path / "manifest.json" if path.is_dir() else path
    if not target.is_file():
        return None
    return sha256_file(target)


def _broken(path: Path, line_no: int, problem: str) -> LogIntegrityError:
    return LogIntegrityError(Errors.RF403.format(path=shown_path(path), line=line_no, problem=problem))


def _parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """``(entry, None)`` when a line verifies itself, else ``(None, problem)``."""
    if not raw:
        return None, "empty line"
    try:
        entry = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None, "the line is not valid JSON"
    if not isinstance(entry, dict):
        return None, "the line is not a JSON object"
    keys = set(entry)
    log_format = entry.get("log_format")
    expected_keys = _KEYS_BY_FORMAT.get(log_format) if isinstance(log_format, int) else None
    if expected_keys is None:
        known = ", ".join(map(str, sorted(_KEYS_BY_FORMAT)))
        return None, f"log_format {log_format!r} is not one this rolefit knows ({known})"
    if keys != expected_keys:
        parts = []
        if expected_keys - keys:
            parts.append("missing " + ", ".join(sorted(expected_keys - keys)))
        if keys - expected_keys:
            parts.append("unexpected " + ", ".join(sorted(keys - expected_keys)))
        return None, "; ".join(parts)
    body = {k: v for k, v in entry.items() if k != "hash"}
    try:
        expected = _sha256(_canonical(body))
        canonical = _canonical(entry)
    except ValueError:  # NaN/Infinity cannot have been written by DecisionLog
        return None, "the line holds a non-finite number"
    if entry["hash"] != expected:
        return None, "the entry's hash does not match its content: the line was edited"
    if canonical != raw:
        return None, "the line is not in canonical form: it was re-formatted or edited"
    return entry, None


def _read_last_line(fh: Any) -> bytes | None:
    """The last line (without its break) of a binary file open for reading; None if empty.

    Raises ``ValueError`` when the file does not end with a line break (an interrupted write).
    Reads backwards in chunks, so the cost does not grow with the length of the log.
    """
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return None
    fh.seek(size - 1)
    if fh.read(1) != b"\n":
        raise ValueError("incomplete last line")
    buf = b""
    pos = size - 1  # the final line break is not part of the line
    while pos > 0:
        step = min(_TAIL_CHUNK, pos)
        pos -= step
        fh.seek(pos)
        buf = fh.read(step) + buf
        cut = buf.rfind(b"\n")
        if cut != -1:
            return buf[cut + 1 :]
    return buf


def _count_lines(fh: Any) -> int:
    """Number of lines, counting an unterminated last line."""
    fh.seek(0)
    count = 0
    last = b""
    for block in iter(lambda: fh.read(1 << 20), b""):
        count += block.count(b"\n")
        last = block[-1:]
    return count + (1 if last not in (b"", b"\n") else 0)


class DecisionLog:
    """Append scoring decisions to a hash-chained JSON-lines file.

    Parameters
    ----------
    path : path
        The log file; created on the first :meth:`append` (its folder must exist). An
        existing log is continued: the first new line chains to its last line.
    model_id : str
        Identifier of the model whose decisions are logged.
    model_path : path, optional
        The model directory (its ``manifest.json`` is hashed into ``model_sha256``) or the
        estimator file itself (hashed directly). None logs ``model_sha256`` as null.

    Raises
    ------
    InputTypeError
        If ``model_id`` is not a non-empty str.
    LogIntegrityError
        If the folder of ``path`` does not exist or ``path`` is a folder.

    Notes
    -----
    Each :meth:`append` takes an exclusive advisory lock (``fcntl.flock``, POSIX only) while
    it reads the last line and writes the new one, then flushes and ``os.fsync``-s, so
    several processes may log to one file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        model_id: str,
        model_path: str | os.PathLike[str] | None = None,
    ) -> None:
        if not isinstance(model_id, str) or not model_id.strip():
            raise InputTypeError(Errors.RF408.format(value=model_id))
        check_not_text(path, "the decision log")
        self.path = Path(path)
        if self.path.is_dir():
            raise LogIntegrityError(Errors.RF407.format(path=shown_path(self.path), problem="it is a folder"))
        if not self.path.parent.is_dir():
            raise LogIntegrityError(
                Errors.RF407.format(path=shown_path(self.path), problem=f"folder {shown_path(self.path.parent)} does not exist")
            )
        self.model_id = model_id
        self.model_path = Path(model_path) if model_path is not None else None
        self.model_sha256 = _model_sha256(model_path)

    def __repr__(self) -> str:
        return f"DecisionLog({str(self.path)!r}, model_id={self.model_id!r})"

    def entry(self, result: ScoreResult, *, prev: str, ts: str | None = None) -> dict[str, Any]:
        """The log entry for ``result`` (with ``hash``), chained to ``prev``.

        Parameters
        ----------
        result : ScoreResult
        prev : str
            SHA-256 hex of the previous line's bytes, or :data:`GENESIS`.
        ts : str, optional
            UTC timestamp, ISO-8601 with ``Z``; now by default.

        Returns
        -------
        dict
            JSON-safe; contains no text from the CV.
        """
        if ts is None:
            ts = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        entry: dict[str, Any] = {
            "ts": ts,
            "log_format": LOG_FORMAT,
            "model_id": self.model_id,
            "model_sha256": self.model_sha256,
            "rolefit_version": __version__,
            "text_sha256": result.text_sha256,
            "input_sha256": getattr(result, "input_sha256", None),
            "roles": {
                role: {
                    "probability": _finite(rs.probability),
                    "label": rs.label,
                    "reason": rs.reason,
                    "baseline": _finite(rs.baseline),
                    "contribution_unit": rs.contribution_unit,
                    "contributions": [[c, round(float(v), 6)] for c, v in rs.contributions],
                    "group_contributions": [[g, round(float(v), 6)] for g, v in rs.group_contributions],
                }
                for role, rs in result.roles.items()
            },
            "evidence": [
                {
                    "concept_id": m.concept_id,
                    "start_char": int(m.start_char),
                    "end_char": int(m.end_char),
                    "negated": bool(m.negated),
                    "section": m.section,
                }
                for m in result.mentions
            ],
            "prev": prev,
        }
        entry["hash"] = _sha256(_canonical(entry))
        return entry

    def append(self, result: ScoreResult) -> dict[str, Any]:
        """Append one line for ``result``; flushed and fsync-ed before returning.

        Parameters
        ----------
        result : ScoreResult
            One scored document.

        Returns
        -------
        dict
            The entry written.

        Raises
        ------
        LogIntegrityError
            If the log's last line is incomplete (an interrupted write) or does not verify;
            nothing is written then. Run :func:`verify_log` to find the first broken line.
            Also if the file cannot be opened.
        """
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - closed below, lock held while open
        except OSError as exc:
            raise LogIntegrityError(Errors.RF407.format(path=shown_path(self.path), problem=exc.strerror or type(exc).__name__)) from exc
        with fh:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                prev = self._tail_hash(fh)
                entry = self.entry(result, prev=prev)
                fh.seek(0, os.SEEK_END)
                fh.write(_canonical(entry) + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                if fcntl is not None:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return entry

    def _tail_hash(self, fh: Any) -> str:
        """``prev`` for the next line: the hash of the last line, after checking that it verifies."""
        try:
            last = _read_last_line(fh)
        except ValueError:
            raise _broken(
                self.path, _count_lines(fh), "the last line has no line break: a write was interrupted"
            ) from None
        if last is None:
            return GENESIS
        _entry, problem = _parse_line(last)
        if problem is not None:
            raise _broken(self.path, _count_lines(fh), f"{problem}; nothing was appended")
        return _sha256(last)


def verify_log(path: str | os.PathLike[str]) -> int:
    """Check a decision log's hash chain line by line.

    Parameters
    ----------
    path : path
        A file written by :class:`DecisionLog`.

    Returns
    -------
    int
        The number of entries (0 for an empty file).

    Raises
    ------
    LogIntegrityError
        At the first line that was edited (its ``hash`` does not match its content, or it is
        not in canonical form), removed, inserted or reordered (its ``prev`` does not match the
        line before), or truncated mid-line; the message names that line and the last good
        one. RF414 when the file cannot be read.

    Notes
    -----
    Removing whole lines from the end leaves a valid, shorter chain; compare the returned
    count (or the last ``hash``) with a copy kept elsewhere to detect that.
    """
    check_not_text(path, "the decision log")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:  # reading: RF407's advice is for a log to write
        raise LogIntegrityError(Errors.RF414.format(path=shown_path(path), problem=exc.strerror or type(exc).__name__)) from exc
    if not data:
        return 0
    lines = data.split(b"\n")
    complete = lines[-1] == b""
    if complete:
        lines.pop()
    prev = GENESIS
    for i, raw in enumerate(lines, start=1):
        if i == len(lines) and not complete:
            raise _broken(path, i, "the last line has no line break: it was truncated or a write was interrupted")
        entry, problem = _parse_line(raw)
        if entry is None:
            raise _broken(path, i, str(problem))
        if entry["prev"] != prev:
            what = "64 zeros, as on the first line" if i == 1 else f"the hash of line {i - 1}"
            raise _broken(path, i, f"prev is not {what}: a line was removed, inserted or reordered")
        prev = _sha256(raw)
    return len(lines)
