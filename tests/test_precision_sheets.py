"""The hand-checked precision sheets in benchmarks/ and the script that scores them.

The sheets hold judgements of real CVs but must hold no CV text or personal data: only the
columns the script writes, ids of concepts that exist, a judgement from the rubric and a short
note for every row that is not correct. The precision figures in docs/extraction.md (and the
README's summary of them) are computed from them.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHEETS = sorted((REPO / "benchmarks").glob("precision_sheet*.csv"))


def _script():
    spec = importlib.util.spec_from_file_location("precision_sample", REPO / "scripts" / "precision_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ps = _script()


def test_sheets_are_there():
    names = {p.name for p in SHEETS}
    assert {"precision_sheet.csv", "precision_sheet_seed23.csv", "precision_sheet_judge2.csv",
            "precision_sheet_seed31.csv"} <= names


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_sheet_holds_only_ids_offsets_and_judgements(sheet, taxonomy):
    rows = ps.read_sheet(sheet)  # exact columns, judgement vocabulary
    concepts = {c.id for c in taxonomy.concepts}
    assert rows
    for r in rows:
        assert r["file"] in ps.SOURCES
        assert int(r["row"]) >= 0 and 0 <= int(r["start_char"]) < int(r["end_char"])
        assert r["concept_id"] in concepts
        assert r["negated"] in ("True", "False")
        assert r["judgement"] in ps.JUDGEMENTS, f"sample {r['sample_id']} is not judged"
        assert (r["judgement"] == "correct") == (r["note"] == ""), f"sample {r['sample_id']}: a note is for errors only"
        note = r["note"]
        assert len(note) <= 160
        assert not re.search(r"@|https?://|www\.|\+?\d[\d ()-]{6,}\d", note), f"sample {r['sample_id']}: {note!r}"


def test_second_judgement_covers_the_same_mentions():
    first = ps.read_sheet(REPO / "benchmarks" / "precision_sheet.csv")
    second = ps.read_sheet(REPO / "benchmarks" / "precision_sheet_judge2.csv")
    assert [ps.key(r) for r in first] == [ps.key(r) for r in second]


def test_fresh_sample_leaves_out_the_first_random_sample():
    first = {ps.key(r) for r in ps.read_sheet(REPO / "benchmarks" / "precision_sheet.csv") if r["negated"] == "False"}
    fresh = [ps.key(r) for r in ps.read_sheet(REPO / "benchmarks" / "precision_sheet_seed23.csv") if r["negated"] == "False"]
    assert len(fresh) == len(set(fresh)) == 200
    assert not first & set(fresh)


def test_seed31_sample_leaves_out_both_earlier_random_samples():
    earlier = {ps.key(r) for name in ("precision_sheet.csv", "precision_sheet_seed23.csv")
               for r in ps.read_sheet(REPO / "benchmarks" / name) if r["negated"] == "False"}
    fresh = [ps.key(r) for r in ps.read_sheet(REPO / "benchmarks" / "precision_sheet_seed31.csv") if r["negated"] == "False"]
    assert len(fresh) == len(set(fresh)) == 200
    assert not earlier & set(fresh)


#: The fresh random samples, in the order they were drawn (each left out every earlier one).
FRESH = ["precision_sheet.csv"] + sorted(
    (p.name for p in SHEETS if re.fullmatch(r"precision_sheet_seed\d+\.csv", p.name)),
    key=lambda name: int(re.search(r"\d+", name).group()),
)


@pytest.mark.parametrize("i", range(1, len(FRESH)), ids=lambda i: FRESH[i])
def test_each_fresh_sample_leaves_out_every_earlier_random_sample(i):
    earlier = {ps.key(r) for name in FRESH[:i] for r in ps.read_sheet(REPO / "benchmarks" / name) if r["negated"] == "False"}
    fresh = [ps.key(r) for r in ps.read_sheet(REPO / "benchmarks" / FRESH[i]) if r["negated"] == "False"]
    assert len(fresh) == len(set(fresh)) == 200
    assert not earlier & set(fresh)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_readme_quotes_the_figures_of_every_sheet(sheet, documentation_text):
    # The full table lives in docs/extraction.md, the README keeps the newest rows.
    for part, f in ps.figures(sheet).items():
        quoted = f"{f['k']}/{f['n']} = **{100 * f['k'] / f['n']:.1f} %**"
        assert quoted in documentation_text, f"{sheet.name} {part}: README and docs/*.md lack {quoted}"


def test_sheet_offsets_fall_inside_their_cv(shared_data):
    texts = {(rel, i): t for rel, i, t in ps.load()}
    for sheet in SHEETS:
        for r in ps.read_sheet(sheet):
            text = texts[(r["file"], int(r["row"]))]
            assert text[int(r["start_char"]):int(r["end_char"])].strip(), f"{sheet.name} sample {r['sample_id']}"


def _sheet(path: Path, judgements: list[str], negated: bool = False) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ps.FIELDS)
        w.writeheader()
        for i, j in enumerate(judgements):
            w.writerow({"sample_id": i, "file": next(iter(ps.SOURCES)), "row": i, "start_char": 0, "end_char": 3,
                        "concept_id": "python", "negated": negated, "cue_rule": "", "judgement": j,
                        "note": "" if j == "correct" else "synthetic"})
    return path


def test_compare_counts_agreement_on_correct_versus_not(tmp_path):
    """Two different error kinds on one row are agreement; kappa 0.5 for 3/4 agreement at these margins."""
    a = _sheet(tmp_path / "a.csv", ["correct", "correct", "wrong_sense", "not_practised"])
    b = _sheet(tmp_path / "b.csv", ["correct", "wrong_concept", "not_practised", "wrong_sense"])
    parts, diff = ps.compare(a, b)
    assert (parts["all"]["agree"], parts["all"]["n"]) == (3, 4)
    assert parts["all"]["kappa"] == pytest.approx(0.5)
    assert (parts["all"]["both_flag"], parts["all"]["first_only"], parts["all"]["second_only"]) == (2, 0, 1)
    assert [x["sample_id"] for x, _ in diff] == ["1"]
    assert parts["negation"]["n"] == 0


def test_figures_give_wilson_intervals(tmp_path):
    sheet = _sheet(tmp_path / "s.csv", ["correct"] * 190 + ["wrong_sense"] * 10)
    f = ps.figures(sheet)["mention"]
    assert (f["k"], f["n"]) == (190, 200)
    assert f["ci"] == pytest.approx((0.9102, 0.9725), abs=5e-4)
    assert f["errors"] == {"wrong_sense": 10}


def test_unknown_judgement_and_overwrite_are_refused(tmp_path):
    bad = _sheet(tmp_path / "bad.csv", ["right"])
    with pytest.raises(ValueError, match="judgement 'right'"):
        ps.read_sheet(bad)
    with pytest.raises(FileExistsError, match="--force"):
        ps.write([], bad, force=False)
