"""Helpers shared by the corpus modules: cell text, problem listings, reading a CV file."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from rolefit.errors import ReadError

#: At most this many problems are listed in one error message.
_MAX_LISTED = 200


def _cell(value: object) -> str:
    """A cell as a string: missing values become ""."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (np.integer, np.floating)):
        return _cell(value.item())
    return str(value)


def _listing(problems: Sequence[str], note: str = "") -> str:
    lines = [f"  - {p}" for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(f"  ... and {len(problems) - _MAX_LISTED} more (see CorpusError.problems)")
    if note:
        lines.append(note)
    return "\n".join(lines)


def _read_file(file: Path, loc: str, problems: list[str]) -> str | None:
    from rolefit.readers import read_text  # lazy: readers pulls in pypdf/docx

    try:
        return read_text(file)
    except ReadError as err:
        problems.append(f"{loc}: cannot read {file} ({err.code}): {err}")
    except OSError as err:
        problems.append(f"{loc}: cannot read {file} (NOT_FOUND): {err}")
    return None
