"""Typed errors and the coded message catalogue.

Every error rolefit raises derives from :class:`RolefitError` and, where it
fits, from the matching builtin (``ValueError``, ``FileNotFoundError``...), so
callers can catch either. Messages come from :class:`Errors`, a catalogue of
coded templates in the manner of ``spacy/errors.py``: each says what happened
(with the offending value), where (file, line, row, role) and how to fix it.

The library raises; only :mod:`rolefit.cli` prints and sets exit codes.
"""

from __future__ import annotations

__all__ = [
    "Errors",
    "Warnings",
    "RolefitError",
    "TaxonomyError",
    "InputTooLargeError",
    "CorpusError",
    "ModelFileError",
    "ModelVersionError",
    "TamperedModelError",
    "UntrustedModelError",
    "ReadError",
    "ProfileError",
    "LogIntegrityError",
    "RolefitWarning",
]


class Errors:
    """Coded message templates; format with ``str.format``."""

    # taxonomy and profiles (RF0xx)
    RF001 = ("[RF001] {path}, line {line}: {problem}. Fix the row in the taxonomy file, or pass "
             "another file to rolefit.load_taxonomy(concepts_path=...).")
    RF002 = ("[RF002] {path}: missing column(s) {missing}; a concepts file needs the columns "
             "{required}.")
    RF003 = ("[RF003] {path}, line {line}: alias {alias!r} is claimed by concept {first!r} "
             "(line {first_line}) and by {second!r}. Keep it on one concept only.")
    RF004 = ("[RF004] {path}, line {line}: profile {role!r} refers to unknown concept "
             "{concept!r}. Add the concept to the taxonomy or remove the row.")
    RF005 = ("[RF005] {path}, line {line}: weight {weight!r} for {role!r}/{concept!r} is not a "
             "number in (0, 1]. Use a share such as 0.85.")
    RF006 = ("[RF006] Unknown role {role!r}. Known roles: {known}.")
    RF007 = ("[RF007] {path}: file not found. Pass an existing taxonomy/profile file.")

    # extraction (RF1xx)
    RF101 = ("[RF101] Text of {length:,} characters is longer than rolefit's cap of "
             "{max_chars:,} characters. Split the document, or raise the cap with "
             "max_chars=... (memory grows about 1 kB per 1,000 characters).")
    RF102 = ("[RF102] Expected text as str, got {type_name}. Decode bytes first, e.g. with "
             "rolefit.read_text(data).")
    RF103 = ("[RF103] batch_size must be a positive integer, got {value!r}.")

    # corpora (RF2xx)
    RF201 = ("[RF201] Corpus {path} has {count} problem(s):\n{problems}")
    RF202 = ("[RF202] Corpus {path} contains protected-attribute column(s) {columns}. Training "
             "on them is refused; drop the column(s) before training.")
    RF203 = ("[RF203] {path}: unsupported corpus format {suffix!r}. Use .csv, .jsonl, "
             ".parquet, or a folder with one sub-folder per label.")

    # model files (RF3xx)
    RF301 = ("[RF301] {path}: not a rolefit model directory ({problem}). Train one with "
             "`rolefit train CORPUS --output DIR`.")
    RF302 = ("[RF302] {path}: model format version {found} cannot be read by rolefit {ours}, "
             "which reads format {expected}. Retrain with `rolefit train`, or install the "
             "rolefit version that wrote it ({writer}).")
    RF303 = ("[RF303] {path}: file {name} does not match the manifest (sha256 {found}, expected "
             "{expected}). The model was modified after it was saved; refusing to load it. "
             "Restore the original files or retrain.")
    RF304 = ("[RF304] {path}: {name} is a pickle/joblib file, which can run arbitrary code "
             "when loaded. Pass allow_pickle=True only if you trust its source.")
    RF305 = ("[RF305] {path}: the estimator file contains types that are not on rolefit's "
             "trusted list: {types}. Refusing to load it.")
    RF306 = ("[RF306] {path}: the model was trained with taxonomy {found}, but the current "
             "taxonomy is {expected}. Retrain the model with the current taxonomy.")

    # scoring, profiles, matching (RF4xx)
    RF401 = ("[RF401] min_share must be in [0, 1], got {value!r}.")
    RF402 = ("[RF402] No postings given for role {role!r}; pass at least one posting text.")
    RF403 = ("[RF403] {path}, line {line}: decision log entry does not chain to the previous "
             "one ({problem}). The log was edited or truncated after line {last_good}.")

    # readers (RF5xx) -- codes double as batch `error_code`s
    RF501 = "[RF501] {path}: {detail}"


class Warnings:
    """Coded warning templates."""

    W001 = ("[W001] {path}: model was saved with {lib} {saved}, running {lib} {running}. "
            "Predictions may drift slightly; retrain to silence this warning.")


class RolefitError(Exception):
    """Root of every error rolefit raises."""


class RolefitWarning(UserWarning):
    """Root of every warning rolefit issues."""


class TaxonomyError(RolefitError, ValueError):
    """A taxonomy or profile file is malformed or inconsistent."""


class ProfileError(RolefitError, ValueError):
    """A role profile request is invalid (unknown role, empty postings...)."""


class InputTooLargeError(RolefitError, ValueError):
    """A text is longer than rolefit's documented character cap."""


class CorpusError(RolefitError, ValueError):
    """A labelled corpus is malformed; ``problems`` lists every problem found.

    Parameters
    ----------
    message : str
        The full message.
    problems : list of str, optional
        One human-readable line per problem, each naming its row.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class ModelFileError(RolefitError, OSError):
    """A model directory is missing, incomplete or unreadable."""


class ModelVersionError(ModelFileError):
    """A model directory was written in an incompatible format version."""


class TamperedModelError(ModelFileError):
    """A model file does not match the manifest written when it was saved."""


class UntrustedModelError(ModelFileError):
    """A model file would need untrusted deserialisation (pickle, unknown types)."""


class LogIntegrityError(RolefitError, ValueError):
    """A decision log's hash chain is broken."""


class ReadError(RolefitError, ValueError):
    """A document could not be turned into text.

    Parameters
    ----------
    code : str
        Stable machine-readable reason, one of :data:`READ_ERROR_CODES`.
    message : str
        Human-readable explanation: what, where and how to fix.
    path : str, optional
        The file concerned, when there is one.
    """

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        if code not in READ_ERROR_CODES:
            raise ValueError(f"unknown read error code {code!r}")
        super().__init__(message)
        self.code = code
        self.path = path


#: Codes a :class:`ReadError` (and a batch error row) can carry.
READ_ERROR_CODES = frozenset(
    {
        "UNSUPPORTED_FORMAT",
        "ENCODING",
        "ENCRYPTED",
        "NO_TEXT_LAYER",
        "GARBLED_TEXT",
        "PARSE_ERROR",
        "RESOURCE_LIMIT",
        "TIMEOUT",
        "TOO_LARGE",
        "EMPTY",
        "NOT_FOUND",
    }
)
