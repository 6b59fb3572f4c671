"""Typed errors and the coded message catalogue.

Every error rolefit raises derives from :class:`RolefitError` and, where it
fits, from the matching builtin (``ValueError``, ``FileNotFoundError``...), so
callers can catch either. Messages come from :class:`Errors`, a catalogue of
coded templates in the manner of ``spacy/errors.py``: each says what happened
(with the offending value), where (file, line, row, role) and how to fix it.

The library raises; only :mod:`rolefit.cli` prints and sets exit codes.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from typing import Any

__all__ = [
    "Errors",
    "Warnings",
    "shown_path",
    "RolefitError",
    "TaxonomyError",
    "InputTooLargeError",
    "InputTypeError",
    "ParameterValueError",
    "BatchError",
    "BatchParameterError",
    "CorpusError",
    "CorpusTooSmallError",
    "ModelFileError",
    "ModelVersionError",
    "TamperedModelError",
    "UntrustedModelError",
    "ReadError",
    "ProfileError",
    "LogIntegrityError",
    "ReportError",
    "OutputExistsError",
    "RolefitWarning",
    "ModelVersionWarning",
]


#: Characters of a path that a message shows (:func:`shown_path`): enough for any real file
#: name and folder, short enough that a wrong argument (a whole CV passed as a path) is never
#: echoed.
SHOWN_PATH_CHARS = 160


def shown_path(path: object) -> str:
    """``path`` as a message shows it: whole up to :data:`SHOWN_PATH_CHARS` characters, else
    its start and its end (the file name) around a note of how much was cut.

    Examples
    --------
    >>> shown_path("cvs/anna.pdf")
    'cvs/anna.pdf'
    >>> len(shown_path("x" * 10_000)) <= SHOWN_PATH_CHARS
    True
    """
    text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    if len(text) <= SHOWN_PATH_CHARS:
        return text
    note = f"...[{len(text):,} characters, cut]..."
    head = (SHOWN_PATH_CHARS - len(note)) // 3
    tail = SHOWN_PATH_CHARS - len(note) - head
    return f"{text[:head]}{note}{text[-tail:]}"


class Errors:
    """Coded message templates; format with ``str.format``."""

    # taxonomy and profiles (RF0xx)
    RF001 = ("[RF001] {path}, line {line}: {problem}. Fix that row of the taxonomy file (for "
             "concepts.csv you may also pass another file to rolefit.load_taxonomy(concepts_path=...)).")
    RF002 = ("[RF002] {path}: missing column(s) {missing}; this file needs the columns "
             "{required}.")
    RF003 = ("[RF003] {path}, line {line}: alias {alias!r} is claimed by concept {first!r} "
             "(line {first_line}) and by {second!r}. Keep it on one concept only.")
    RF004 = ("[RF004] {path}, line {line}: profile {role!r} refers to unknown concept "
             "{concept!r}. Add the concept to the taxonomy or remove the row.")
    RF005 = ("[RF005] {path}, line {line}: weight {weight!r} for {role!r}/{concept!r} is not a "
             "number in (0, 1]. Use a share such as 0.85.")
    RF006 = ("[RF006] Unknown role {role!r}. Known roles: {known}.")
    RF007 = ("[RF007] {path}: file not found. Pass an existing taxonomy, profile, roles or "
             "context-rules file (the bundled ones live in rolefit/data/).")
    RF008 = ("[RF008] {path}: context rule {rule!r}: {problem}. Fix the rule in the context-rules "
             "JSON file (format: rolefit/data/context_rules.json).")
    RF009 = ("[RF009] {path}, line {line}: role {role!r} is not defined in {roles_path} (known: "
             "{known}). Add a row for it to the roles file, or fix the role id.")
    # role requirements (RF02x)
    RF020 = ("[RF020] {path}, line {line}: requirement {role!r}/{requirement!r}: {problem}. Fix the "
             "row (columns role, requirement, label, concepts, min_concepts, source; concepts "
             "'|'-separated ids of concepts.csv), or pass another file to "
             "rolefit.load_taxonomy(requirements_path=...).")
    RF021 = ("[RF021] {path}, line {line}: interaction {name!r}: {problem}. Fix the row (columns "
             "name, left, right, label, source; each side '|'-separated items: a concept id of "
             "concepts.csv, requirement:<role>/<requirement> of requirements.csv, or group:<group> "
             "for every concept of a concept group).")

    # extraction (RF1xx)
    RF101 = ("[RF101] Text of {length:,} characters is longer than rolefit's cap of "
             "{max_chars:,} characters. Split the document, or raise the cap with "
             "max_chars=... (memory grows about 1 kB per 1,000 characters).")
    RF102 = ("[RF102] Expected text as str, got {type_name}. Decode bytes first, e.g. with "
             "rolefit.read_text(data).")
    RF106 = ("[RF106] {path!r} is a file path, not CV text: rolefit.score scores the text it "
             "is given. Read the file first: rolefit.score(rolefit.read_text(path)), or "
             "rolefit.score(rolefit.readers.read_document(path)) to keep the read warnings. (A "
             "one-line CV text that is also a file's name scores once it ends with a line break.)")
    RF103 = ("[RF103] batch_size must be a positive integer, got {value!r}.")
    RF104 = ("[RF104] n_process must be a positive integer, got {value!r}.")
    RF105 = ("[RF105] n_process > 1 needs a Scorer built from a model directory (each worker "
             "process loads it itself); pass the directory to rolefit.load(path) or Scorer(path).")

    # corpora (RF2xx)
    RF201 = ("[RF201] Corpus {path} has {count} problem(s):\n{problems}")
    RF202 = ("[RF202] Corpus {path} contains protected-attribute column(s) {columns}. Training "
             "on them is refused; drop the column(s) before training.")
    RF203 = ("[RF203] {path}: unsupported corpus format {suffix!r}. Use a {suffixes} file, or a "
             "folder with one sub-folder per label.")
    RF204 = ("[RF204] {path}: {what} not found. Pass the path of {expected}.")
    RF205 = ("[RF205] Label mapping {path} has {count} problem(s):\n{problems}\nA mapping "
             "has the columns column,value,labels; see rolefit.corpus.load_mapping.")
    RF206 = ("[RF206] roles must be a non-empty sequence of distinct role ids (not 'none'), "
             "got {value!r}.")
    RF207 = ("[RF207] Duplicate threshold must be a number in [0.5, 1], got {value!r}. 0.8 "
             "(character 5-gram Jaccard) is the default.")
    RF208 = ("[RF208] Training weights {value!r} are not known. Use {known}.")
    RF209 = ("[RF209] Role {role!r} has {positives} positive and {negatives} negative row(s) in "
             "{where}; grouped {n_splits}-fold calibration needs at least {n_splits} of each. {fix}")
    RF210 = ("[RF210] {where} holds {n_groups} distinct document group(s) (near-duplicates and "
             "rows sharing a group count as one), fewer than the {n_splits} grouped folds of "
             "cross-validation and calibration. {fix}")

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
    RF307 = ("[RF307] {path}: the loaded model behaves differently from when it was saved "
             "(behavioural fingerprint {found}, expected {expected}) although the library "
             "versions match. Refusing to use it; restore the original files or retrain.")
    RF308 = ("[RF308] {path}: already exists. Pass {option} to replace it, or choose another "
             "output directory.")
    RF309 = ("[RF309] {path}: refusing to overwrite a non-empty directory that is not a "
             "rolefit model directory (no manifest.json). Choose another output directory.")
    RF310 = ("[RF310] {path}: {name} is not valid JSON ({problem}). The model directory is "
             "damaged; retrain or restore it.")

    # scoring, profiles, matching (RF4xx)
    RF401 = ("[RF401] {name} must be in [0, 1], got {value!r}.")
    RF402 = ("[RF402] No postings given for role {role!r}; pass at least one posting text.")
    RF403 = ("[RF403] {path}, line {line}: decision log entry does not chain to the previous "
             "one ({problem}). This entry or the one before it was edited, or entries were removed "
             "before it; the entries before line {line} chain correctly. Restore the log from a "
             "copy; do not trust its entries from line {line} on.")
    RF404 = ("[RF404] role must be a role id of lower-case letters, digits and '_' (e.g. "
             "'mlops_engineer'), got {value!r}.")
    RF405 = ("[RF405] {path}: cannot read job postings ({problem}). Pass a folder of {formats} "
             "files (one posting per file), a .csv file with a 'text' column (one posting per "
             "row), or a single such file (one posting).")
    RF406 = ("[RF406] Profile {role!r} cannot be saved to {path}: {problem}. save_profiles writes "
             "what rolefit.load_taxonomy(profiles_path=...) reads: one profile per role, concept "
             "weights in (0, 1].")
    RF407 = ("[RF407] {path}: cannot use the decision log ({problem}). Pass a file path in an "
             "existing, writable folder.")
    RF408 = ("[RF408] model_id must be a non-empty str naming the model in the decision log, got "
             "{value!r}.")
    RF409 = ("[RF409] Mention {surface!r} at [{start}, {end}) does not match the result's text there "
             "({found!r}). to_html renders ScoreResult.text: pass the result returned by "
             "rolefit.score (which keeps the text), not one rebuilt without it.")
    RF410 = ("[RF410] profile_from_postings needs the postings as a list of texts, one str per "
             "posting, got a single {type_name} ({preview}). Pass [text] for one posting, or read a folder, a CSV with a 'text' column or "
             "one file of postings with rolefit.read_postings(path), as `rolefit profile POSTINGS` "
             "does: profile_from_postings(rolefit.read_postings(path), role=...).")
    RF411 = ("[RF411] {path}: cannot write the HTML report ({problem}). Check that the folder "
             "{folder} can be created and written to, or choose another {option} path.")
    RF412 = ("[RF412] {path} already exists. Pass {option} to overwrite it, or choose another "
             "path. Nothing was written.")
    RF413 = ("[RF413] {path}: cannot write it ({problem}). Check that the folder {folder} can "
             "be created and written to, or choose another {option} path.")
    RF414 = ("[RF414] {path}: cannot read the decision log ({problem}). Pass the path of a log "
             "that rolefit.Scorer(log=...) wrote.")

    # readers (RF5xx) -- codes double as batch `error_code`s
    RF502 = ("[RF502] {path}: file not found. Pass the path of an existing file; a relative path "
             "is read from the current folder.")
    RF503 = ("[RF503] {path}: the file could not be opened ({problem}). Check that it exists, "
             "is a regular file and is readable by this user.")
    RF504 = ("[RF504] {path}: {size:,} bytes is more than the cap of {max_bytes:,} bytes. "
             "Shorten or re-export the document, or raise the cap with max_bytes=...")
    RF505 = ("[RF505] {path}: the text has {length} characters, more than the cap of "
             "{max_chars:,} characters. Split the document, or raise the cap with "
             "max_chars=...")
    RF506 = ("[RF506] {path}: the document is empty ({detail}). Check that the right file was "
             "exported; a CV needs some text.")
    RF507 = ("[RF507] {path}: {kind}, which rolefit cannot read. Open it in Word or LibreOffice "
             "and save it as .docx or PDF.")
    RF508 = ("[RF508] {path}: {kind}, not a document rolefit can read. rolefit reads "
             "{formats}; {fix}")
    RF509 = ("[RF509] {path}: the text could not be decoded reliably ({detail}). Re-save the "
             "file as UTF-8 (in most editors: Save as > Encoding > UTF-8).")
    RF510 = ("[RF510] {path}: {kind} is protected with a password. Remove the password (open "
             "it and save or print an unprotected copy) and read that copy.")
    RF511 = ("[RF511] {path}: the PDF's {n_pages} page(s) have no text layer (a scan or "
             "images only). Run OCR on it (e.g. ocrmypdf), or export the CV again from its "
             "source document.")
    RF512 = ("[RF512] {path}: the PDF's text layer is unreadable: {share:.0%} of its "
             "characters are unmapped glyphs ({detail}). Its fonts lack a Unicode mapping; "
             "export the PDF again with standard fonts, or run OCR on it.")
    RF513 = ("[RF513] {path}: the {fmt} file could not be parsed ({exc_type}: {problem}). It "
             "may be damaged or truncated; open and re-save it, or export it again.")
    RF514 = ("[RF514] {path}: {detail}, beyond the safety limit of {limit}. The file may be "
             "a decompression bomb; if it is a genuine CV, re-export it (e.g. print to PDF).")
    RF515 = ("[RF515] {path}: document part {part!r} contains a DOCTYPE declaration. Office "
             "suites never write one (the Open Packaging Conventions forbid DTDs) and it can "
             "declare entity expansions (\"billion laughs\"), so the file is refused unparsed. "
             "Re-save the document in Word or LibreOffice.")
    RF516 = ("[RF516] {path}: the PDF has {n_pages:,} pages, more than the cap of "
             "{max_pages:,}. Split the document, or raise the cap with max_pages=...")
    RF517 = ("[RF517] {path}: reading took longer than {timeout_s:g} s and the reader process "
             "was stopped. The file may be malformed or hostile; re-export it, or raise the "
             "limit with timeout_s=...")
    RF518 = ("[RF518] {path}: the reader process ran out of memory under the cap of "
             "{memory_mb:,} MB ({detail}). The cap is too low "
             "for this file: raise it (--memory-mb on the command line, memory_mb=... in "
             "Python). A file that still fails under the default cap may be a decompression "
             "bomb; re-export it.")
    RF519 = ("[RF519] {path}: the reader failed unexpectedly ({exc_type}: {problem}). Please "
             "report this with the file if you can share it.")
    RF520 = ("[RF520] {name} must be {expected}, got {value!r}.")
    RF521 = ("[RF521] {path}: a symbolic link whose target does not exist ({target!r}). Restore "
             "the target or remove the link.")
    RF522 = ("[RF522] {path}: a symbolic link loop (the link resolves to itself). Remove or fix "
             "the link.")
    RF523 = ("[RF523] {path}: {kind}, not a regular file; rolefit does not open it (reading it "
             "could block or never end). Copy the CV into a regular file.")
    RF524 = ("[RF524] {path}: permission denied ({problem}). Make the file readable by the user "
             "running rolefit (e.g. chmod o+r), or run as a user who can read it.")
    RF525 = ("[RF525] A text was passed where a file path was expected ({what}): the str given "
             "({length:,} characters, {why}) cannot be a path, and is not shown here (it may hold "
             "personal data). Pass the file's path (on the command line, the file's name){fix}.")

    # batch (RF60x-RF611): rolefit.batch.run_batch, raised as BatchError. RF603, RF604, RF606,
    # RF610 and RF611 name parameters of run_batch: a BatchParameterError fills their slots {name},
    # {resume}, {force} and {output_parameter} (``jobs``, ``resume=True``; the CLI's ``--jobs``,
    # ``--resume``). RF601's fix, RF608's problem and fix, RF609's detail and RF611's fix differ
    # between the code's variants and come from the raise site; where they name a parameter
    # (RF601: ``fmt``, RF608: ``jobs`` and ``resume=True``, RF609: ``recursive=True``, RF611:
    # ``model``, ``profiles``, ``requirements``) they are a BatchParameterError's parts, with
    # slots filled the same way
    RF601 = ("[RF601] {problem}. {fix}")
    RF602 = ("[RF602] {directory}: {what}. Pass the folder that holds the CVs.")
    RF603 = ("[RF603] {name} must be a positive integer, got {value!r}.")
    RF604 = ("[RF604] {output} already exists. Pass {resume} to continue it, or {force} to "
             "overwrite it.")
    RF605 = ("[RF605] {path}: {problem}. Check that the output folder exists or can be created, "
             "is writable, and that the output is not a folder.")
    RF606 = ("[RF606] {output}: another rolefit batch ({holder}) is writing this output. Wait for "
             "it to finish, or choose another {output_parameter}; the lock ({lock_path}) is "
             "released when that run ends.")
    RF607 = ("[RF607] {problem}")
    RF608 = ("[RF608] {problem}. {fix}")
    RF609 = ("[RF609] {directory}: no file to score in {where}{detail}. Nothing was written.")
    RF610 = ("[RF610] {resume} and {force} cannot be combined: {resume} continues the existing "
             "output and {force} overwrites it. Pass {resume} to continue the run, or {force} to "
             "start it again from scratch. Nothing was written.")
    RF611 = ("[RF611] {journal}: its rows were scored with {made_with}; this run would score with "
             "{this_run}, and resuming would mix the two in one output. {fix} Nothing was written.")

    # shortlist report (RF62x)
    RF621 = ("[RF621] {path}: {problem}. Pass the JSON-lines journal a `rolefit batch` run wrote "
             "(for a CSV or Parquet output it is the `.jsonl` file beside it).")
    RF622 = ("[RF622] {path}, line {line}: not a batch row ({problem}). The journal may be "
             "damaged; run `rolefit batch ... --resume` to repair it, or score the folder again.")
    RF623 = ("[RF623] The rows were scored by model(s) {found}, but the report was asked to "
             "describe model {expected}. Pass --model with the model directory the batch used.")
    RF624 = ("[RF624] {path}: the report could not be written ({problem}). Check that its "
             "folder can be created and written to, or choose another path.")
    RF625 = ("[RF625] {path} already exists; pass --force to overwrite it, or choose another "
             "{option} path. Nothing was written.")
    RF626 = ("[RF626] {path}: the journal holds no batch rows ({problem}), so there is nothing to "
             "report. Pass the journal of a `rolefit batch` run that scored some files (with "
             "--recursive when the CVs are in sub-folders).")
    RF627 = ("[RF627] {path}, line {line}: {file} has a row already (line {first}): the journal is "
             "from a `rolefit batch --resume` run that did not finish (it puts its rows in input "
             "order at the end). Run the same batch with --resume to finish it, then report.")


class Warnings:
    """Coded warning templates."""

    W001 = ("[W001] {path}: model was saved with {lib} {saved}, running {lib} {running}. "
            "Predictions may drift slightly; retrain to silence this warning.")

    # document integrity (W5xx): ReadWarning messages, see READ_WARNING_CODES
    W501 = ("[W501] {count:,} character(s) of text Word does not show were left out ({detail}); "
            "the CV is scored on the visible text only.")
    W502 = ("[W502] page(s) {pages} of {n_pages} have no text layer (scanned?); their text is "
            "missing. Run OCR on the PDF, or read those pages yourself.")
    W503 = ("[W503] {count:,} of {visible:,} characters ({share:.1%}) come from fonts without a "
            "Unicode map and could not be read ({detail}).")
    W504 = ("[W504] {count:,} U+FFFD replacement character(s) in the text ({share:.1%} of its "
            "characters): something could not be decoded.")
    W505 = ("[W505] {count:,} NUL character(s) were removed from the text.")
    W506 = ("[W506] the text is not UTF-8; it was decoded as {encoding} ({how}). Save the file as "
            "UTF-8 to be sure.")
    W507 = ("[W507] pypdf repaired the PDF while reading it: {detail}")
    W508 = ("[W508] {count} of {n_pages} page(s) have columns and were read column by column "
            "(the sidebar after the main column).")


class RolefitError(Exception):
    """Root of every error rolefit raises."""


class RolefitWarning(UserWarning):
    """Root of every warning rolefit issues."""


class ModelVersionWarning(RolefitWarning):
    """A model was saved with other library versions than the running ones (W001)."""


class TaxonomyError(RolefitError, ValueError):
    """A taxonomy or profile file is malformed or inconsistent."""


class ProfileError(RolefitError, ValueError):
    """A role profile request is invalid (unknown role, empty postings...)."""


class InputTypeError(RolefitError, TypeError):
    """An argument has the wrong type or value (a non-str text, a bad batch size)."""


class _Repr:
    """A picklable stand-in for a value that cannot be pickled: its ``repr`` and ``str`` are the
    value's, so a message formatted from it reads the same (see :func:`_picklable`)."""

    def __init__(self, text: str, str_text: str | None = None) -> None:
        self.text = text
        self.str_text = text if str_text is None else str_text

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.str_text

    def __format__(self, spec: str) -> str:
        return format(self.str_text, spec)


def _picklable(value: object) -> object:
    """``value`` if it pickles, else a :class:`_Repr` of it.

    Errors cross process boundaries (reader workers, batch scoring processes, Dask workers);
    an error whose fields keep a value that cannot be pickled (a lambda, an open file, a lock)
    would fail there, or reach the caller as a pickling error instead of itself. Each error
    class with fields passes them through this in its ``__reduce__``, so the message rebuilt
    on the other side is the same and the code is kept.
    """
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 - any failure to pickle
        return _Repr(repr(value), str(value))
    return value


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> BaseException:
    """``cls(*args, **kwargs)``: unpickles an error whose ``__init__`` takes keyword arguments."""
    return cls(*args, **kwargs)


class ParameterValueError(InputTypeError, ValueError):
    """RF520: the value of one parameter is invalid.

    Both a ``TypeError`` (it is an :class:`InputTypeError`) and a ``ValueError``: an invalid
    value such as ``timeout_s=0`` is caught by ``except ValueError`` like the other invalid
    values rolefit refuses (RF603's ``jobs=0``), and ``except TypeError`` still catches it.

    The parameter's name is kept apart from the message, so a caller that exposes the
    parameter under another name (the CLI's ``--timeout`` for ``timeout_s``) rewords the
    message with :meth:`renamed` instead of editing its text.

    Parameters
    ----------
    parameter : str
        The parameter's name, e.g. ``"timeout_s"``.
    expected : str
        What a valid value is, e.g. ``"a positive integer"``.
    value : object
        The value given.
    """

    def __init__(self, parameter: str, expected: str, value: object) -> None:
        self.parameter = parameter
        self.expected = expected
        self.value = value
        super().__init__(Errors.RF520.format(name=parameter, expected=expected, value=value))

    def __reduce__(self) -> tuple[type[ParameterValueError], tuple[str, str, object]]:
        # a value that cannot be pickled travels as a stand-in: the message is unchanged
        return type(self), (self.parameter, self.expected, _picklable(self.value))

    def renamed(self, parameter: str) -> ParameterValueError:
        """The same error naming the parameter ``parameter`` (e.g. ``"--timeout"``)."""
        return type(self)(parameter, self.expected, self.value)


class BatchError(RolefitError, ValueError):
    """A batch (:func:`rolefit.batch.run_batch`) cannot start or did not finish (RF601-RF611):
    bad folder or format, an output that would be overwritten or is being written, both
    ``resume`` and ``force``, a resume that would mix models or criteria, a scoring process
    that died. Also importable as ``rolefit.batch.BatchError``."""


class BatchParameterError(BatchError):
    """RF601, RF603, RF604, RF606, RF608-RF611: a batch error whose message names parameters
    of :func:`rolefit.batch.run_batch` or :class:`rolefit.batch.BatchOptions` (``jobs``,
    ``batch_size``, ``resume``, ``force``, ``output``, ``fmt``, ``recursive``, ``model``,
    ``profiles``, ``requirements``).

    As with :class:`ParameterValueError`, the parameters are kept apart from the message: each
    template slot that names one is filled with how Python spells it (``jobs``,
    ``resume=True``), and a caller that exposes the parameters under other names (the CLI's
    ``--jobs``, ``--resume``) rewords the message with :meth:`renamed` instead of editing its
    text.

    Parameters
    ----------
    code : {"RF601", "RF603", "RF604", "RF606", "RF608", "RF609", "RF610", "RF611"}
    parameters : mapping of str to str
        Template slot -> the parameter it names, e.g. ``{"name": "batch_size"}``.
    fields : mapping of str to object
        The template's other fields (``value``, ``output``, ``holder``...).
    spelled : mapping of str to str, optional
        Template slot -> how the message writes its parameter; by default the parameter's
        name. A flag is written as it is passed: ``{"resume": "resume=True"}``.
    parts : mapping of str to str, optional
        Template slot -> the raise site's wording of a slot that differs between the code's
        variants (RF601's ``fix``, RF608's ``problem`` and ``fix``, RF609's ``detail``, RF611's
        ``fix``). A part
        is itself a template: its slots are parameter slots and fields, filled as the code's
        are, e.g. ``{"detail": ", ...; pass {recursive} to score the CVs in sub-folders"}``.
    """

    def __init__(
        self, code: str, parameters: Mapping[str, str], fields: Mapping[str, object],
        spelled: Mapping[str, str] | None = None, parts: Mapping[str, str] | None = None,
    ) -> None:
        self.code = code
        self.parameters = dict(parameters)
        self.fields = dict(fields)
        self.spelled = {slot: (spelled or {}).get(slot, name) for slot, name in self.parameters.items()}
        self.parts = dict(parts or {})
        values = {**self.fields, **self.spelled}
        values.update({slot: part.format(**values) for slot, part in self.parts.items()})
        super().__init__(getattr(Errors, code).format(**values))

    def __reduce__(self) -> tuple[type[BatchParameterError], tuple[Any, ...]]:
        fields = {name: _picklable(value) for name, value in self.fields.items()}
        return type(self), (self.code, self.parameters, fields, self.spelled, self.parts)

    def renamed(self, names: Mapping[str, str]) -> BatchParameterError:
        """The same error writing each parameter that ``names`` maps by its new name, e.g.
        ``{"resume": "--resume", "force": "--force"}``; the others as before."""
        spelled = {slot: names.get(name, self.spelled[slot]) for slot, name in self.parameters.items()}
        return type(self)(self.code, self.parameters, self.fields, spelled, self.parts)


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

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (str(self), [_picklable(p) for p in self.problems])


class CorpusTooSmallError(CorpusError):
    """Too few rows (RF209: of a role's positives or negatives; RF210: document groups) to
    split a corpus into grouped folds.

    Parameters
    ----------
    code : {"RF209", "RF210"}
    fix : str
        How to fix it; :meth:`with_fix` replaces it with a corpus-wide one.
    **fields
        The other fields of the template (``where``, ``n_splits``, ``role``, ``positives``,
        ``negatives`` or ``n_groups``), kept as attributes of :attr:`fields`.
    """

    def __init__(self, code: str, *, fix: str, **fields: object) -> None:
        self.code = code
        self.fix = fix
        self.fields = dict(fields)
        super().__init__(getattr(Errors, code).format(fix=fix, **fields))

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: _picklable(value) for name, value in self.fields.items()}
        return _rebuild, (type(self), (self.code,), {"fix": self.fix, **fields})

    def with_fix(self, fix: str) -> CorpusTooSmallError:
        """The same error with another ``fix`` sentence."""
        return CorpusTooSmallError(self.code, fix=fix, **self.fields)


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


class ReportError(RolefitError, ValueError):
    """A shortlist report cannot be built: unreadable journal, wrong model, unwritable output."""


class OutputExistsError(RolefitError, FileExistsError):
    """RF412: a writer was asked to write a file that already exists without ``overwrite=True``
    (:func:`rolefit.postings.save_profiles`; ``rolefit profile`` without ``--force``)."""


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

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.code, str(self), _picklable(self.path))


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
        "BROKEN_LINK",
        "SYMLINK_LOOP",
        "SPECIAL_FILE",
        "PERMISSION_DENIED",
    }
)


#: Codes a :class:`rolefit.schema.ReadWarning` can carry (``ReadResult.warnings``, the batch
#: ``warnings`` column, ``ScoreResult.warnings``): code -> (message template, what its
#: ``count`` counts). The readers decide which warnings put a document under review.
READ_WARNING_CODES: dict[str, tuple[str, str]] = {
    "HIDDEN_TEXT_EXCLUDED": (Warnings.W501, "characters of DOCX text Word does not show (hidden, "
                             "white on a white or automatic background, font size <= 2 pt), left out"),
    "PAGES_WITHOUT_TEXT": (Warnings.W502, "PDF pages that draw something but have no text layer"),
    "UNMAPPED_GLYPHS": (Warnings.W503, "characters of PDF text from fonts without a Unicode map: "
                        "glyph names (/g74), (cid:N), shifted glyph runs, private-use or control characters"),
    "REPLACEMENT_CHARS": (Warnings.W504, "U+FFFD replacement characters in the text"),
    "NUL_REMOVED": (Warnings.W505, "NUL characters removed from plain text"),
    "ENCODING_GUESSED": (Warnings.W506, "1 when plain text was decoded by a guess (no UTF-8, no byte-order mark)"),
    "PDF_REPAIRED": (Warnings.W507, "repairs pypdf reported while reading a damaged PDF"),
    "COLUMNS_READ": (Warnings.W508, "PDF pages with a column gutter, read column by column"),
}
