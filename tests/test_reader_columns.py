"""Column gutter detection (issue 9): the vectorised ``find_gutter`` gives exactly what the
plain per-candidate, per-row loop it replaced gives.

The loop is kept here as the specification (:func:`reference_gutter`); pages are synthetic
fragment lists (one column, two columns, full-width headers, ties, odd extents) plus the
fragments pypdf reports on the real sample CVs in ``../shared/data/sample_cv_files``.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import documents
from rolefit.readers import _columns
from rolefit.readers._columns import GUTTER_RANGE, MAX_CROSSING_SHARE, MIN_SHARED_ROWS, find_gutter

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "sample_cv_files"
WIDTH = 612.0


def reference_gutter(fragments, page_width):
    """``find_gutter`` as first written: one pass over every row for every candidate x."""
    rows: dict[int, list[tuple[float, float]]] = {}
    for x0, x1, y in fragments:
        rows.setdefault(round(y), []).append((x0, x1))
    if len(rows) < MIN_SHARED_ROWS:
        return None
    lo, hi = (share * page_width for share in GUTTER_RANGE)
    starts = sorted({round(x0) for x0, _, _ in fragments if lo <= x0 <= hi})
    best = None
    for start in starts:
        gutter = start - 1.0
        shared = crossing = 0
        for spans in rows.values():
            if any(x0 < gutter < x1 for x0, x1 in spans):
                crossing += 1
            elif any(x1 <= gutter for _, x1 in spans) and any(x0 >= gutter for x0, _ in spans):
                shared += 1
        if shared >= MIN_SHARED_ROWS and crossing <= MAX_CROSSING_SHARE * len(rows):
            if best is None or shared > best[0]:
                best = (shared, gutter)
    return None if best is None else best[1]


def _page_fragments(data: bytes) -> list[tuple[list[_columns.Fragment], float]]:
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        fragments: list[_columns.Fragment] = []
        page.extract_text(visitor_text=_columns.collect(fragments))
        pages.append((fragments, float(page.mediabox.width)))
    return pages


# whole points as well as fractions: a text end exactly on a candidate gutter shares it
coordinate = st.one_of(st.integers(0, int(WIDTH)).map(float), st.floats(min_value=0, max_value=WIDTH))
#: A line of text: its left edge, its length in points, its row (y, on a coarse grid so rows repeat).
line = st.tuples(coordinate, st.one_of(st.integers(0, 400).map(float), st.floats(min_value=0, max_value=400)), st.integers(0, 40).map(lambda r: 700.0 - 12 * r))


@st.composite
def two_column_pages(draw):
    """A main column, a sidebar at a drawn x, some full-width headers and stray lines."""
    gutter = draw(st.integers(int(0.25 * WIDTH) + 2, int(0.8 * WIDTH)))
    n_rows = draw(st.integers(0, 40))
    fragments = []
    for row in range(n_rows):
        y = 700.0 - 12 * row + draw(st.sampled_from([0.0, 0.4, -0.4, 0.5]))
        kind = draw(st.sampled_from(["both", "left", "right", "header"]))
        if kind in ("both", "left"):
            fragments.append((56.0, draw(st.one_of(st.just(gutter - 1.0), st.floats(57, gutter - 1))), y))
        if kind in ("both", "right"):
            x0 = float(gutter) + draw(st.sampled_from([0.0, 0.3, 1.0, 12.5]))
            fragments.append((x0, x0 + draw(st.floats(1, 150)), y))
        if kind == "header":
            fragments.append((56.0, WIDTH - 56, y))
    fragments += draw(st.lists(line.map(lambda t: (t[0], t[0] + t[1], t[2])), max_size=5))
    return draw(st.permutations(fragments))


@given(st.lists(line.map(lambda t: (t[0], t[0] + t[1], t[2])), max_size=80))
def test_find_gutter_equals_the_per_candidate_loop_on_random_lines(fragments):
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH)


@given(two_column_pages())
def test_find_gutter_equals_the_per_candidate_loop_on_two_column_pages(fragments):
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH)


def test_find_gutter_finds_the_sidebar_of_a_clean_two_column_page():
    fragments = [(56.0, 300.0, 700.0 - 12 * r) for r in range(10)] + [(400.0, 500.0, 700.0 - 12 * r) for r in range(10)]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) == 399.0


def test_find_gutter_text_ending_exactly_on_the_gutter_shares_it():
    fragments = [(56.0, 399.0, 700.0 - 12 * r) for r in range(4)] + [(400.0, 500.0, 700.0 - 12 * r) for r in range(4)]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) == 399.0


def test_find_gutter_text_starting_exactly_on_the_gutter_shares_it():
    """The 398 candidate is crossed; at 399 the middle row's sidebar starts exactly on it."""
    fragments = [(56.0, 398.5, 700.0), (400.0, 500.0, 700.0), (56.0, 300.0, 688.0), (399.0, 450.0, 688.0),
                 (56.0, 300.0, 676.0), (400.0, 500.0, 676.0)]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) == 399.0


def test_find_gutter_one_column_page_has_no_gutter():
    fragments = [(56.0, 56.0 + 5 * r, 700.0 - 12 * r) for r in range(40)]
    assert find_gutter(fragments, WIDTH) is None
    assert reference_gutter(fragments, WIDTH) is None


def test_find_gutter_ties_pick_the_leftmost_candidate_like_the_loop():
    """Two gutters shared by the same rows: the first candidate, left to right, wins."""
    fragments = [f for r in range(5) for f in ((56.0, 200.0, 700.0 - 12 * r), (250.0, 300.0, 700.0 - 12 * r),
                                               (400.0, 450.0, 700.0 - 12 * r))]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) == 249.0


def test_find_gutter_nan_extents_count_as_no_text_like_the_loop():
    """Regression guard: numpy's min/max would let one NaN extent hide a row's other text."""
    fragments = [(56.0, 300.0, 700.0 - 12 * r) for r in range(6)] + [(400.0, 500.0, 700.0 - 12 * r) for r in range(6)]
    fragments += [(math.nan, math.nan, 700.0 - 12 * r) for r in range(6)]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) == 399.0


def test_find_gutter_many_fragments_are_tested_in_blocks_like_the_loop(monkeypatch):
    """Candidates are processed in blocks when fragments x candidates is large."""
    monkeypatch.setattr(_columns, "_MAX_CELLS", 50)
    fragments = [(56.0 + 3 * (r % 7), 300.0, 700.0 - 12 * r) for r in range(20)]
    fragments += [(390.0 + (r % 5), 500.0, 700.0 - 12 * r) for r in range(20)]
    assert find_gutter(fragments, WIDTH) == reference_gutter(fragments, WIDTH) is not None


@pytest.mark.parametrize("interleaved", [True, False])
def test_find_gutter_on_the_two_column_fixture_equals_the_loop(interleaved):
    for fragments, width in _page_fragments(documents.make_two_column_pdf(interleaved=interleaved)):
        assert find_gutter(fragments, width) == reference_gutter(fragments, width) is not None


def test_find_gutter_on_the_real_sample_cvs_equals_the_loop():
    samples = sorted(SAMPLES.glob("*.pdf"))
    if not samples:
        pytest.skip(f"no sample CV PDFs in {SAMPLES}")
    found = {}
    for sample in samples:
        for fragments, width in _page_fragments(sample.read_bytes()):
            assert find_gutter(fragments, width) == reference_gutter(fragments, width)
            found[sample.name] = find_gutter(fragments, width)
    assert found.get("resumematcher_modern-two-column.pdf") is not None
    assert found.get("resumematcher_single-column.pdf") is None
