"""Protected attributes (EU non-discrimination grounds and proxies) refused as corpus columns."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rolefit.errors import CorpusError, Errors

#: Protected attributes (EU non-discrimination grounds and proxies) refused as columns.
PROTECTED_ATTRIBUTES = (
    "gender", "sex", "age", "birth date", "date of birth", "dob", "nationality",
    "ethnicity", "race", "religion", "marital status", "photo", "disability",
    "sexual orientation", "pregnancy",
)
_PROTECTED_TOKENS = frozenset({
    "gender", "sex", "age", "dob", "birthdate", "birthday", "nationality", "ethnicity",
    "ethnic", "race", "religion", "religious", "marital", "photo", "photograph", "headshot",
    "picture", "disability", "disabled", "pregnancy", "pregnant",
})
_PROTECTED_COMPACT = frozenset({
    *_PROTECTED_TOKENS, "birthdate", "dateofbirth", "maritalstatus", "sexualorientation",
    "placeofbirth",
})
_PROTECTED_PHRASES = (("date", "of", "birth"), ("birth", "date"), ("sexual", "orientation"),
                      ("place", "of", "birth"))


def _column_tokens(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    return [t for t in re.split(r"[\W_]+", spaced.casefold()) if t]


def check_no_protected_columns(columns: Iterable[object], *, path: object = "<frame>") -> None:
    """Refuse column names that hold protected attributes.

    Names are compared case-insensitively with separators (spaces, ``_``, ``-``, ``.``,
    camelCase) normalised, against :data:`PROTECTED_ATTRIBUTES` and close variants
    (``Gender``, ``date_of_birth``, ``DOB``, ``Marital Status``, ``photo_url``...).

    Raises
    ------
    CorpusError
        RF202, naming every protected column, with ``problems`` listing them.
    """
    found = []
    for column in columns:
        tokens = _column_tokens(str(column))
        compact = "".join(tokens)
        hit = compact in _PROTECTED_COMPACT or any(t in _PROTECTED_TOKENS for t in tokens)
        hit = hit or any(
            tuple(tokens[i : i + len(p)]) == p
            for p in _PROTECTED_PHRASES
            for i in range(len(tokens))
        )
        if hit:
            found.append(str(column))
    if found:
        raise CorpusError(
            Errors.RF202.format(path=path, columns=", ".join(repr(c) for c in found)),
            problems=[f"column {c!r} is a protected attribute" for c in found],
        )
