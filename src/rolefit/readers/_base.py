"""What every reader shares: the result type, the limits value, the format entry and the
error constructors.

Imports nothing of the format modules, so each of them (and the registry) can import this.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import sys
import unicodedata
from collections.abc import Callable
from types import ModuleType
from typing import Any, Final

from rolefit._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, MIN_MEMORY_MB
from rolefit.errors import READ_WARNING_CODES, Errors, ParameterValueError, ReadError, shown_path
from rolefit.schema import ReadWarning

#: How :func:`parser_module` imports a module not imported yet; a memory-capped reader process
#: replaces it with an import that lifts its cap meanwhile (:mod:`rolefit.readers._isolation`).
IMPORT_PARSER_MODULE: list[Callable[[str], ModuleType]] = [importlib.import_module]


def parser_module(name: str) -> ModuleType:
    """A parser's heavy module (numpy, pdfminer.six, python-docx), imported on its first use.

    A reader process imports its common parsers before its memory cap is set (a module first
    imported under the cap can fail to map its shared libraries); these ones, which only some
    files need (a page with columns, a DOCX), are imported when first needed, the cap lifted
    meanwhile and then raised by what they occupy, so a reader of plain one-column PDFs never
    pays for them.
    """
    module = sys.modules.get(name)
    return module if module is not None else IMPORT_PARSER_MODULE[0](name)


#: Default cap on the number of PDF pages (``max_pages``).
DEFAULT_MAX_PAGES: Final = 50


@dataclasses.dataclass(frozen=True)
class ReadResult:
    """The text of one document and how it was read.

    Attributes
    ----------
    text : str
        The document text: line ends normalised to ``"\\n"``, NUL characters
        removed, otherwise as decoded or extracted (no Unicode normalisation).
        Character offsets of later stages index this string.
    format : str
        The detected format, a :attr:`Format.name` of the registry
        (``"txt"``, ``"md"``, ``"pdf"``, ``"docx"``); ``"md"`` only when the
        file name ends in ``.md``.
    n_pages : int or None
        Number of PDF pages; ``None`` for other formats.
    warnings : tuple of ReadWarning
        Problems that did not stop reading, each with a code from
        :data:`rolefit.errors.READ_WARNING_CODES` (pages without a text layer,
        unmapped glyphs, hidden DOCX text left out, a guessed encoding...), a count
        and a message; ``review=True`` on one of them means the text cannot support
        a decision (the scorer labels every role ``review``).
    encoding : str or None
        The text encoding used for txt/md (e.g. ``"utf-8"``, ``"cp1252"``);
        ``None`` for PDF and DOCX.
    input_sha256 : str or None
        SHA-256 (hex) of the document's bytes as read (the file's bytes), as in a batch row's
        ``input_sha256``; :attr:`ScoreResult.text_sha256 <rolefit.schema.ScoreResult>` hashes
        the text instead. ``None`` for a result not built by :func:`~rolefit.readers.read_document`.
    """

    text: str
    format: str
    n_pages: int | None = None
    warnings: tuple[ReadWarning, ...] = ()
    encoding: str | None = None
    input_sha256: str | None = None

    @property
    def needs_review(self) -> bool:
        """Whether a warning says the text cannot support a decision."""
        return any(w.review for w in self.warnings)


@dataclasses.dataclass(frozen=True)
class ReadLimits:
    """Every resource limit of reading one document, in one validated value.

    Defaults come from :mod:`rolefit._limits` (the extractor uses the same
    character cap, so a text that reads is never refused later for its length).

    Attributes
    ----------
    max_bytes : int, default 20,000,000
        Largest input accepted, in bytes (``TOO_LARGE``).
    max_chars : int, default 200,000
        Longest text returned, in characters (code points) (``TOO_LARGE``).
    max_pages : int, default 50
        Most PDF pages accepted (``TOO_LARGE``).
    memory_mb : int, default 1024
        Memory a reader process may allocate beyond its start-up size, in MiB
        (``RESOURCE_LIMIT``); applies to isolated reads only. At least
        :data:`rolefit._limits.MIN_MEMORY_MB` (32): below it ordinary CVs do not fit.
    timeout_s : float, default 30.0
        Wall-clock seconds allowed to read one file (``TIMEOUT``); applies to
        isolated reads only. Must be finite: ``nan`` or ``inf`` would disable it.

    Raises
    ------
    InputTypeError
        (RF520) If a field is not a positive integer (``timeout_s``: a positive,
        finite number; ``memory_mb``: below ``MIN_MEMORY_MB``). Raised at construction,
        before any file is touched.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    max_pages: int = DEFAULT_MAX_PAGES
    memory_mb: int = DEFAULT_MEMORY_MB
    timeout_s: float = DEFAULT_TIMEOUT_S

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_chars", "max_pages", "memory_mb"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ParameterValueError(name, "a positive integer", value)
        if self.memory_mb < MIN_MEMORY_MB:
            expected = (f"at least {MIN_MEMORY_MB} (MiB; a reader process needs about that much to parse an "
                        f"ordinary CV, and {DEFAULT_MEMORY_MB:,} is the default)")
            raise ParameterValueError("memory_mb", expected, self.memory_mb)
        value = self.timeout_s
        if (
            not isinstance(value, (int, float)) or isinstance(value, bool)
            or not math.isfinite(value) or value <= 0
        ):
            expected = "a positive, finite number of seconds"
            raise ParameterValueError("timeout_s", expected, value)
        object.__setattr__(self, "timeout_s", float(value))

    @classmethod
    def resolve(cls, limits: ReadLimits | None = None, **overrides: Any) -> ReadLimits:
        """``limits`` (default: all defaults) with the named fields replaced.

        Raises
        ------
        InputTypeError
            If an override names no field of :class:`ReadLimits`, or a value is invalid.
        """
        base = cls() if limits is None else limits
        if not isinstance(base, ReadLimits):
            raise ParameterValueError("limits", "a ReadLimits", limits)
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            expected = f"one of the ReadLimits fields {sorted(known)}"
            raise ParameterValueError("limit keyword", expected, unknown[0])
        return dataclasses.replace(base, **overrides) if overrides else base


#: ``reader(data, where, limits) -> ReadResult``: turns one document's bytes into text.
FormatReader = Callable[[bytes, str, ReadLimits], ReadResult]
#: ``magic(data) -> bool``: a cheap test of the first bytes, no parsing.
FormatMagic = Callable[[bytes], bool]
#: ``detect(data, where) -> bool``: a closer look once ``magic`` matched (may parse a
#: container's directory; may raise ReadError for a recognised variant that cannot be read,
#: e.g. a macro-enabled Word file).
FormatDetector = Callable[[bytes, str], bool]


@dataclasses.dataclass(frozen=True)
class Format:
    """One entry of the format registry (:data:`rolefit.readers.FORMATS`).

    Attributes
    ----------
    name : str
        ``ReadResult.format`` of documents in this format, e.g. ``"pdf"``.
    suffixes : tuple of str
        Lower-case file suffixes a batch reads as this format (``(".pdf",)``).
    wording : str
        How messages and help name it, e.g. ``".pdf (with a text layer)"``.
    read : callable
        ``read(data, where, limits) -> ReadResult``.
    magic : callable or None
        ``magic(data) -> bool``: the magic-byte test (no parsing). A format with a
        magic test is a container that is parsed in the isolation sandbox. ``None``
        marks a plain-text format: bytes that no magic test claims and that are not
        refused as binary are text (read without a sandbox, under the byte and
        character caps), and the file suffix picks among the plain-text formats
        (``.md`` -> ``"md"``, anything else -> the first one, ``"txt"``).
    detect : callable or None
        ``detect(data, where) -> bool``, a closer look after ``magic`` matched (e.g.
        the content types of a ZIP); ``None`` trusts ``magic``.
    """

    name: str
    suffixes: tuple[str, ...]
    wording: str
    read: FormatReader
    magic: FormatMagic | None = None
    detect: FormatDetector | None = None


def fail(code: str, template: str, where: str, **fields: Any) -> ReadError:
    """A :class:`ReadError` with ``code`` and the coded ``template`` filled in."""
    return ReadError(code, template.format(path=shown_path(where), **fields), where)


def warning(code: str, count: int, *, review: bool = False, **fields: Any) -> ReadWarning:
    """A :class:`ReadWarning` with ``code`` and its catalogue template filled in."""
    template, _ = READ_WARNING_CODES[code]
    return ReadWarning(code=code, count=count, message=template.format(count=count, **fields), review=review)


def replacement_warning(text: str) -> ReadWarning | None:
    """REPLACEMENT_CHARS for U+FFFD characters in ``text`` (None without any)."""
    count = text.count("\ufffd")
    if not count:
        return None
    return warning("REPLACEMENT_CHARS", count, share=count / max(len(text), 1))


def parse_error(where: str, fmt: str, exc: BaseException) -> ReadError:
    """PARSE_ERROR naming the parser exception (a damaged ``fmt`` file)."""
    problem = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "no details"
    message = Errors.RF513.format(path=shown_path(where), fmt=fmt, exc_type=type(exc).__name__, problem=problem)
    return ReadError("PARSE_ERROR", message, where)


def resource_error(where: str, exc: BaseException) -> ReadError:
    """RESOURCE_LIMIT for a MemoryError or RecursionError inside a parser."""
    if isinstance(exc, RecursionError):
        detail, limit = "the document nests objects too deeply", "Python's recursion limit"
    else:
        detail, limit = "reading it needed more memory than is available", "the process memory"
    return fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit)


def normalise(text: str) -> str:
    """Line ends to ``"\\n"``, NULs removed; nothing else (offsets index the result)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def check_text(text: str, where: str, max_chars: int, empty_detail: str) -> None:
    """TOO_LARGE above ``max_chars``; EMPTY without a visible character."""
    if len(text) > max_chars:
        raise fail("TOO_LARGE", Errors.RF505, where, length=f"{len(text):,}", max_chars=max_chars)
    if not has_visible_text(text):
        raise fail("EMPTY", Errors.RF506, where, detail=empty_detail)


def too_long(where: str, max_chars: int) -> ReadError:
    """TOO_LARGE raised while extracting, before the whole text exists."""
    return fail("TOO_LARGE", Errors.RF505, where, length=f"more than {max_chars:,}", max_chars=max_chars)


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character that is neither whitespace nor an invisible
    format character (category Cf: zero-width spaces, U+FEFF...). Texts without
    one are EMPTY."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)
