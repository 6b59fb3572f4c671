"""Reading order of multi-column PDF pages: find the gutter, then read column by column.

pypdf's default mode follows the content stream. That keeps the columns of most exported
CVs apart (the Resume-Matcher two-column sample is written column by column), but
table-based templates write each row across the page, left cell then sidebar cell, and
then a sidebar "Skills" list is read line by line into the middle of the experience. What
rolefit does (measured in ``benchmarks/reading_order.py``, figures in the README):

1. :func:`find_gutter` looks at the text fragments pypdf reports for a page (position and
   font size; their width estimated at half an em per character) for a vertical band no
   fragment crosses, with text on both sides on at least :data:`MIN_SHARED_ROWS` rows and
   crossed by at most :data:`MAX_CROSSING_SHARE` of the rows (full-width headers).
2. Only on such pages, pdfminer.six's layout analysis groups characters into text boxes
   (it gets spaces and line breaks right from glyph positions), and the boxes are read left
   column first, each column top to bottom (:func:`column_text`). Other pages keep pypdf's
   text unchanged.

pdfminer.six is imported only for multi-column pages, numpy by the first :func:`find_gutter` call
that has candidate gutters to test (deliberately lazy; :func:`rolefit.readers._base.parser_module`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Final

from rolefit.readers._base import parser_module

#: A gutter needs text on both of its sides on at least this many rows...
MIN_SHARED_ROWS: Final = 3
#: ...and may be crossed by at most this share of the page's text rows (full-width lines).
MAX_CROSSING_SHARE: Final = 0.15
#: Gutters are looked for between these shares of the page width.
GUTTER_RANGE: Final = (0.25, 0.8)
#: Estimated glyph width, in ems (text width is not in pypdf's fragments).
EM_PER_CHAR: Final = 0.5

Fragment = tuple[float, float, float]  # (x_start, x_end, y) in page units


def fragment(text: str, cm: Sequence[float], tm: Sequence[float], font_size: float) -> Fragment | None:
    """Page-space extent of one pypdf text fragment (None for whitespace-only ones)."""
    if not text.strip():
        return None
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = (tm[0] * cm[0]) or 1.0
    width = len(text.rstrip()) * font_size * abs(scale) * EM_PER_CHAR
    return (x, x + width, y)


def find_gutter(fragments: Sequence[Fragment], page_width: float) -> float | None:
    """The x position of a column gutter on a page, or None for a one-column page.

    Parameters
    ----------
    fragments : sequence of (x_start, x_end, y)
        The page's text fragments (:func:`fragment`), in page units (points).
    page_width : float
        Width of the page, in points.

    Returns
    -------
    float or None
        A candidate gutter is 1 pt left of a fragment's left edge (rounded to whole points)
        within :data:`GUTTER_RANGE` of the width. Rows are fragments with the same rounded y.
        A row crosses a candidate when one of its fragments spans it, shares it when it has
        text ending at or left of it and text starting at or right of it. The first candidate
        (left to right) with the most sharing rows, at least :data:`MIN_SHARED_ROWS`, and at
        most :data:`MAX_CROSSING_SHARE` of the rows crossing, is returned.

    All candidates are tested at once with numpy (one pass over the fragments per block of
    candidates instead of one per candidate and row): 2-3 ms CPU instead of 30-55 ms on the
    sample CV pages of ~2,000 fragments (``benchmarks/pdf_read.py``, figures in docs/performance.md).
    """
    rows: dict[int, list[int]] = {}
    for i, (_, _, y) in enumerate(fragments):
        rows.setdefault(round(y), []).append(i)
    if len(rows) < MIN_SHARED_ROWS:
        return None
    lo, hi = (share * page_width for share in GUTTER_RANGE)
    starts = sorted({round(x0) for x0, _, _ in fragments if lo <= x0 <= hi})
    if not starts:
        return None  # no text starts in the middle of the page: one column, without numpy
    # numpy is imported here, not at module level (deliberately lazy): `import rolefit.readers`
    # stays free of it for callers that never read a PDF, and a reader process of one-column
    # PDFs never imports it
    np = parser_module("numpy")
    order = [i for members in rows.values() for i in members]  # fragments grouped by row
    bounds = np.cumsum([0] + [len(members) for members in rows.values()])[:-1]
    x0 = np.array([fragments[i][0] for i in order], dtype=np.float64)
    x1 = np.array([fragments[i][1] for i in order], dtype=np.float64)
    # per row: the leftmost fragment end and the rightmost fragment start (NaN extents never
    # compare true, as in plain Python: fmin/fmax skip them)
    left_end = np.fmin.reduceat(x1, bounds)
    right_start = np.fmax.reduceat(x0, bounds)
    gutters = np.array(starts, dtype=np.float64) - 1.0  # just left of a left edge
    block = max(1, _MAX_CELLS // len(x0))
    shared = np.empty(len(gutters), dtype=np.int64)
    crossing = np.empty(len(gutters), dtype=np.int64)
    for b in range(0, len(gutters), block):
        g = gutters[b : b + block]
        spans = (x0[:, None] < g) & (g < x1[:, None])  # (fragments, candidates)
        crossed = np.logical_or.reduceat(spans, bounds, axis=0)  # (rows, candidates)
        sharing = ~crossed & (left_end[:, None] <= g) & (right_start[:, None] >= g)
        crossing[b : b + block] = crossed.sum(axis=0)
        shared[b : b + block] = sharing.sum(axis=0)
    valid = (shared >= MIN_SHARED_ROWS) & (crossing <= MAX_CROSSING_SHARE * len(rows))
    if not valid.any():
        return None
    best = int(np.argmax(np.where(valid, shared, -1)))  # the first of equals, left to right
    return float(gutters[best])


#: Most (fragment, candidate) pairs tested at once by :func:`find_gutter` (bytes of memory).
_MAX_CELLS: Final = 2_000_000


def column_text(data: bytes, page_index: int, page_width: float, password: str = "") -> str:
    """Text of one page read column by column, from pdfminer.six's text boxes.

    The split is placed at the left edge of a box (between :data:`GUTTER_RANGE` of the page
    width) that the fewest boxes cross; boxes crossing it (full-width headers) and those left
    of it are the first column. Each column is read top to bottom, boxes on the same line
    left to right.
    """
    parser_module("pdfminer.high_level")  # first use: see parser_module
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    boxes: list[tuple[float, float, float, str]] = []
    for page in extract_pages(io.BytesIO(data), password=password, page_numbers=[page_index], laparams=LAParams()):
        boxes.extend(
            (element.x0, element.x1, element.y1, element.get_text())
            for element in page
            if isinstance(element, LTTextContainer)
        )
    lo, hi = (share * page_width for share in GUTTER_RANGE)
    candidates = sorted({x0 for x0, _, _, _ in boxes if lo <= x0 <= hi})
    split = min(candidates, key=lambda c: sum(x0 < c - 0.5 < x1 for x0, x1, _, _ in boxes), default=None)
    ordered = sorted(
        boxes, key=lambda b: (split is not None and b[0] >= split - 0.5, -round(b[2]), b[0])
    )
    return "".join(text if text.endswith("\n") else text + "\n" for _, _, _, text in ordered)


def collect(fragments: list[Fragment]) -> Any:
    """A pypdf ``visitor_text`` callback appending each fragment's extent to ``fragments``."""

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, font_size: float) -> None:
        extent = fragment(text, cm, tm, font_size)
        if extent is not None:
            fragments.append(extent)

    return visit
