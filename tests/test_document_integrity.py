"""Document integrity (issue 11, "Documents"): text nobody can see, or rolefit could not read,
never decides a label, and the reader's warnings reach ReadResult, the Scorer's result, the
batch row and `rolefit score`.

Every fixture is generated (tests/documents.py, tests/hostile.py): no real CV, no binary file.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import documents
import hostile
from rolefit.errors import READ_WARNING_CODES, Warnings, ReadError
from rolefit.readers import read_document
from rolefit.readers._pdf import GARBLED_MIN_SHARE, UNREADABLE_REVIEW_MIN, UNREADABLE_REVIEW_SHARE, integrity_warnings

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "sample_cv_files"
CV = list(hostile.SYNTHETIC_CV)
SKILLS_LINES = ["Skills: Kubernetes, Terraform, MLflow, Kubeflow, Prometheus, Grafana"]


def _codes(result) -> dict[str, int]:
    return {w.code: w.count for w in result.warnings}


def _code_of(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as info:
        read_document(data, name=name)
    return info.value.code


@pytest.fixture(scope="module")
def scorer():
    from rolefit.artifacts import default_model_path
    from rolefit.scorer import Scorer

    if not (default_model_path() / "meta.json").is_file():
        pytest.fail("the bundled default model is missing: run `make model`")
    return Scorer()


# --------------------------------------------------------------------------- the catalogue


def test_every_read_warning_code_has_a_coded_template():
    for code, (template, counts) in READ_WARNING_CODES.items():
        assert code.isupper() and counts
        assert template.startswith("[W5") and template in vars(Warnings).values()


# --------------------------------------------------------------------------- hidden DOCX text


@pytest.mark.parametrize("kind", documents.HIDDEN_KINDS)
def test_docx_text_word_does_not_show_is_excluded_and_counted(kind):
    """Regression: `<w:vanish/>`, white or 1-pt text was scored (an invisible skills dump
    turned a review CV into MLOps fit 0.915)."""
    result = read_document(documents.make_hidden_text_docx(kind))
    assert "Kubernetes" not in result.text and "Office assistant" in result.text
    assert _codes(result) == {"HIDDEN_TEXT_EXCLUDED": len(documents.SKILLS_DUMP)}
    assert not result.needs_review  # the visible CV is what a recruiter reads, and it is scored


def test_docx_hidden_character_style_is_excluded():
    result = read_document(documents.make_hidden_style_docx())
    assert "Kubernetes" not in result.text and _codes(result) == {"HIDDEN_TEXT_EXCLUDED": len(documents.SKILLS_DUMP)}


def test_docx_near_white_text_in_a_table_cell_is_excluded():
    result = read_document(documents.make_hidden_table_cell_docx())
    assert "Kubernetes" not in result.text and "Languages: English" in result.text
    assert _codes(result) == {"HIDDEN_TEXT_EXCLUDED": len(documents.SKILLS_DUMP)}


def test_docx_white_text_on_a_dark_highlight_is_visible_and_kept():
    result = read_document(documents.make_visible_white_on_dark_docx())
    assert documents.SKILLS_DUMP in result.text and result.warnings == ()


def test_docx_ordinary_text_has_no_warning():
    result = read_document(documents.make_hidden_text_docx(None))
    assert documents.SKILLS_DUMP in result.text and result.warnings == ()


def test_docx_with_only_hidden_text_is_empty_and_says_why():
    data = documents.make_hidden_text_docx("vanish", lines=())
    with pytest.raises(ReadError) as info:
        read_document(data)
    assert info.value.code == "EMPTY" and "hidden text" in str(info.value)


@pytest.mark.slow  # loads the default model (first scorer of the module)
def test_hidden_skills_dump_does_not_change_the_labels(scorer):
    """Regression: the same CV with an invisible skills dump got MLOps fit 0.915."""
    plain = scorer.score(read_document(documents.make_hidden_text_docx(None, hidden="References on request.")))
    visible = scorer.score(read_document(documents.make_hidden_text_docx(None)))
    for kind in documents.HIDDEN_KINDS:
        hidden = scorer.score(read_document(documents.make_hidden_text_docx(kind)))
        assert {r: s.label for r, s in hidden.roles.items()} == {r: s.label for r, s in plain.roles.items()}
        assert hidden["mlops_engineer"].probability == pytest.approx(plain["mlops_engineer"].probability)
        assert [w.code for w in hidden.warnings] == ["HIDDEN_TEXT_EXCLUDED"]
    assert visible["mlops_engineer"].label == "fit"  # the fixture's dump does matter when visible


# --------------------------------------------------------------------------- pages without text


def test_pdf_scanned_second_page_is_flagged_for_review():
    """Regression: a PDF whose second page (the skills) is a scan was scored on page 1
    alone, and the warning reached neither the batch row nor `rolefit score`."""
    result = read_document(documents.make_partly_scanned_pdf())
    (warning,) = result.warnings
    assert (warning.code, warning.count, warning.review) == ("PAGES_WITHOUT_TEXT", 1, True)
    assert "page(s) 2 of 2" in warning.message and result.needs_review


def test_pdf_two_scanned_pages_are_counted():
    result = read_document(documents.make_partly_scanned_pdf(scanned_pages=2))
    assert _codes(result) == {"PAGES_WITHOUT_TEXT": 2} and "2, 3 of 3" in result.warnings[0].message


def test_pdf_blank_page_that_draws_nothing_is_not_a_scan():
    result = read_document(documents.make_pdf_with_blank_page())
    assert result.n_pages == 2 and result.warnings == ()


def test_partly_scanned_pdf_roles_are_review_with_the_reason(scorer):
    result = scorer.score(read_document(documents.make_partly_scanned_pdf()))
    for role in result.roles.values():
        assert role.label == "review" and "PAGES_WITHOUT_TEXT" in role.reason
    assert result.to_dict()["warnings"][0]["code"] == "PAGES_WITHOUT_TEXT"


# --------------------------------------------------------------------------- unmapped glyphs


def test_pdf_glyph_name_lines_are_unmapped_glyphs_and_review():
    """Regression: skills lines in a font without a Unicode map (`/g74/g97`) were scored
    as if absent (MLOps no_fit 0.226, reason null)."""
    result = read_document(documents.make_glyph_name_pdf(CV[:6], SKILLS_LINES))
    assert "/g46/g88/g69" in result.text  # "Kub": the text as pypdf gives it, unrepaired
    (warning,) = result.warnings
    assert warning.code == "UNMAPPED_GLYPHS" and warning.review
    assert warning.count == len(SKILLS_LINES[0])  # one per glyph name, spaces included


def test_pdf_shifted_glyph_lines_are_unmapped_glyphs_and_review():
    """Regression: Identity-H subset fonts without ToUnicode give `-DQH\\x03'RH` for
    "Jane Doe"; such lines were scored as absent, or as "mostly Romanian"."""
    result = read_document(documents.make_shifted_glyph_pdf(CV[:6], ["Jane Doe", *SKILLS_LINES]))
    assert "-DQH\x03'RH" in result.text
    (warning,) = result.warnings
    assert warning.code == "UNMAPPED_GLYPHS" and warning.review
    # every character of both lines (spaces became \x03), except the ":", which became \x1d,
    # a character Python counts as whitespace
    assert warning.count == len("Jane Doe") + len(SKILLS_LINES[0]) - 1


def test_pdf_one_word_shifted_glyph_lines_are_unmapped_glyphs_and_review():
    """Regression: a one-word line in a shifted-glyph font (``-DQH`` for "Jane",
    ``.XEHUQHWHV`` for "Kubernetes") has no space, so no control character; such lines (a
    name, a skills list one per line) were missed by the integrity check."""
    words = ["Jane", "Kubernetes", "Terraform", "MLflow", "Kubeflow", "Prometheus"]
    result = read_document(documents.make_shifted_glyph_pdf(CV[:6], words))
    assert "-DQH\n.XEHUQHWHV\n" in result.text
    (warning,) = result.warnings
    assert warning.code == "UNMAPPED_GLYPHS" and warning.review
    assert warning.count == sum(map(len, words))


def test_one_word_shifted_skills_lines_make_review_not_no_fit(scorer):
    words = ["Kubernetes", "Terraform", "Kubeflow", "Prometheus", "Grafana"]
    result = scorer.score(read_document(documents.make_shifted_glyph_pdf(CV[:6], words)))
    for role in result.roles.values():
        assert role.label == "review" and "UNMAPPED_GLYPHS" in role.reason


def test_pdf_one_shifted_word_counts_next_to_a_shifted_line():
    result = read_document(documents.make_shifted_glyph_pdf(CV[:6], ["Jane Doe", "Kubernetes"]))
    # the space became \x03, one unreadable character too
    assert _codes(result) == {"UNMAPPED_GLYPHS": len("Jane Doe") + len("Kubernetes")}


@pytest.mark.parametrize(
    "text",
    [
        "Skills\n.NET\nSQL\nAWS\n2019\nSKILLS\nK8s\nCI/CD\nC++\n",
        "Experience\n-SQL\nDocker and Kubernetes\n",  # one word of the shape, not corroborated
        "Tools:\n(HTML\nPython\n",
        "SKILLS:\nPython\nTOOLS:\nOVERDOSE.\n",  # real Djinni headings: a trailing ":" is a shifted "W"
    ],
)
def test_plain_one_word_lines_are_not_shifted_glyphs(text):
    assert integrity_warnings(text, "cv.pdf") == []


def test_unmapped_glyph_lines_make_review_not_no_fit_and_no_language_guess(scorer):
    for data in (
        documents.make_glyph_name_pdf(CV[:6], CV[6:]),
        documents.make_shifted_glyph_pdf(CV[:6], CV[6:]),
    ):
        result = scorer.score(read_document(data))
        for role in result.roles.values():
            assert role.label == "review" and "UNMAPPED_GLYPHS" in role.reason
            assert "looks mostly" not in role.reason


def test_one_unmapped_word_is_a_warning_below_the_review_threshold():
    text = "Kubernetes engineer " * 40 + "/g45/g68"
    (warning,) = integrity_warnings(text, "cv.pdf")
    assert warning.code == "UNMAPPED_GLYPHS" and warning.count == 2 and not warning.review
    assert warning.count < UNREADABLE_REVIEW_MIN


def test_lone_private_use_bullets_are_not_unmapped_glyphs():
    text = "\uf0b7 Kubernetes\n\uf0a7 Terraform and Docker\n" * 20
    assert integrity_warnings(text, "cv.pdf") == []


def test_private_use_characters_inside_words_are_unmapped():
    (warning,) = integrity_warnings("Skills: " + "\ue001\ue002\ue003 " * 30 + "Python " * 30, "cv.pdf")
    assert warning.code == "UNMAPPED_GLYPHS" and warning.count == 90 and warning.review


def test_text_full_of_replacement_characters_is_flagged():
    """Regression: text full of U+FFFD was never flagged."""
    text = "Experience with Kubernetes and Terraform. " * 10 + "\ufffd" * 40
    (warning,) = integrity_warnings(text, "cv.pdf")
    assert (warning.code, warning.count, warning.review) == ("REPLACEMENT_CHARS", 40, True)
    assert 40 / len("".join(text.split())) >= UNREADABLE_REVIEW_SHARE


def test_docx_replacement_characters_are_counted():
    data = hostile.make_docx(["Kubernetes \ufffd\ufffd engineer"])
    assert _codes(read_document(data)) == {"REPLACEMENT_CHARS": 2}


def _integrity_warnings_reference(text: str) -> list:
    """The line-by-line pass that ``integrity_warnings`` ran on every text before its fast
    path for plain pages: the specification the fast path must agree with."""
    from rolefit.readers import _pdf
    from rolefit.readers._base import warning

    visible = len(_pdf._SPACE_RE.sub("", text))
    unmapped, examples = 0, []
    lines = text.split("\n")
    shifted_runs = sum(1 for line in lines if _pdf._CONTROL_RE.search(line))
    words = [line for line in lines if _pdf._shifted_word(line)]
    shifted_words = frozenset(words) if shifted_runs or len(words) >= _pdf.SHIFTED_WORDS_MIN else frozenset()
    for line in lines:
        if _pdf._CONTROL_RE.search(line) or line in shifted_words:
            unmapped += len(_pdf._SPACE_RE.sub("", line))
            examples.append(line.strip()[:20])
            continue
        for match in _pdf.UNMAPPED_RE.finditer(line):
            found = match.group()
            glyphs = found.count("/") or found.count("(cid:") or len(found)
            unmapped += glyphs
            visible -= len(found) - glyphs
            examples.append(found[:20])
    replaced = text.count("\ufffd")
    share = (unmapped + replaced) / visible if visible else 0.0
    if share >= GARBLED_MIN_SHARE:
        return ["GARBLED_TEXT"]
    review = share >= UNREADABLE_REVIEW_SHARE and unmapped + replaced >= UNREADABLE_REVIEW_MIN
    detail = f"e.g. {', '.join(repr(e) for e in dict.fromkeys(examples[:20]))}"[:120]
    out = []
    if unmapped:
        out.append(warning("UNMAPPED_GLYPHS", unmapped, review=review, visible=visible, share=unmapped / visible,
                           detail=detail))
    if replaced:
        out.append(warning("REPLACEMENT_CHARS", replaced, review=review, share=replaced / visible))
    return out


_PIECES = ["Python", "Kubernetes", " ", "  ", "\n", "\n\n", "/g74", "/g97/g12", "(cid:12)", "\ue001", "\uf0b7 ",
           "\x03", "-DQH", ".XEHUQHWHV", "SQL", ".NET", "\ufffd", "SKILLS:", "\t", "a/b1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_integrity_warnings_fast_path_agrees_with_the_line_by_line_pass(pieces):
    """Plain pages skip the line-by-line pass: same warnings (or GARBLED_TEXT) on any text."""
    text = "".join(pieces)
    expected = _integrity_warnings_reference(text)
    try:
        got = integrity_warnings(text, "cv.pdf")
    except ReadError as exc:
        assert exc.code == "GARBLED_TEXT" and expected == ["GARBLED_TEXT"]
    else:
        assert got == expected


def test_mostly_unmapped_pdf_is_still_garbled_text():
    with pytest.raises(ReadError) as info:
        integrity_warnings("/g45/g68/g81 " * 50 + "ok", "cv.pdf")
    assert info.value.code == "GARBLED_TEXT" and GARBLED_MIN_SHARE == 0.5


# --------------------------------------------------------------------------- encryption, junk


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "AES-256-R5"])
def test_aes_pdf_with_an_empty_user_password_is_read(algorithm):
    """Regression: permissions-only AES PDFs were refused as ENCRYPTED (no `cryptography`)."""
    result = read_document(documents.make_aes_pdf(algorithm=algorithm))
    assert result.text.rstrip("\n") == "\n".join(CV) and result.warnings == ()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_with_a_real_password_is_encrypted(algorithm):
    assert _code_of(documents.make_aes_pdf(user_password="s3cret", algorithm=algorithm), "cv.pdf") == "ENCRYPTED"


@pytest.mark.parametrize("name", ["cv.pdf", "cv.docx", "CV.PDF"])
@pytest.mark.parametrize("seed", range(12))
def test_random_bytes_named_pdf_or_docx_are_unsupported_format_not_encoding(name, seed):
    """Regression: random bytes named .pdf/.docx reported ENCODING."""
    data = random.Random(seed).randbytes(random.Random(seed).randint(16, 5000))
    assert _code_of(data, name) == "UNSUPPORTED_FORMAT"


def test_truncated_download_named_pdf_is_unsupported_format():
    data = hostile.make_text_pdf(CV)[200:]  # lost its header: not recognised as a PDF
    data = data.replace(b"%PDF", b"%XXX") + bytes(range(128, 256))
    assert _code_of(data, "cv.pdf") == "UNSUPPORTED_FORMAT"


def test_utf8_text_misnamed_pdf_is_still_read_as_text():
    assert read_document(b"Kubernetes engineer", name="cv.pdf").format == "txt"


# --------------------------------------------------------------------------- reading order


def test_two_column_pdf_reads_the_sidebar_after_the_main_column():
    """Regression: two-column PDFs came out interleaved; sidebar skills got
    section=experience and ambiguous names (Go, Helm) were lost against the one-column twin."""
    result = read_document(documents.make_two_column_pdf())
    lines = [line.strip() for line in result.text.splitlines() if line.strip()]
    assert lines == [*documents.TWO_COLUMN_MAIN, *documents.TWO_COLUMN_SIDEBAR]
    assert _codes(result) == {"COLUMNS_READ": 1} and not result.needs_review


def test_two_column_sidebar_skills_are_in_the_skills_section_like_the_one_column_twin():
    from rolefit import extract_skills

    twin = "\n".join(documents.TWO_COLUMN_MAIN + documents.TWO_COLUMN_SIDEBAR)
    expected = {(m.concept_id, m.section) for m in extract_skills(twin)}
    for interleaved in (True, False):
        text = read_document(documents.make_two_column_pdf(interleaved=interleaved)).text
        found = {(m.concept_id, m.section) for m in extract_skills(text)}
        assert found == expected
        assert {"go", "helm"} <= {c for c, section in found if section == "skills"}


def test_one_column_pdfs_keep_pypdf_order():
    for data in (hostile.make_text_pdf(CV), documents.make_partly_scanned_pdf()):
        assert "COLUMNS_READ" not in _codes(read_document(data))


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/data/sample_cv_files not present")
def test_resumematcher_two_column_sidebar_is_not_read_as_experience():
    """The real two-column sample (Apache-2.0) against its one-column twin: every sidebar
    skill of the twin is found, in the skills section; no main-column name lands there."""
    from rolefit import extract_skills

    two = read_document(SAMPLES / "resumematcher_modern-two-column.pdf")
    one = read_document(SAMPLES / "resumematcher_single-column.pdf")
    assert _codes(two) == {"COLUMNS_READ": 1} and "COLUMNS_READ" not in _codes(one)
    twin_skills = {m.concept_id for m in extract_skills(one.text) if m.section == "skills"}
    mentions = extract_skills(two.text)
    skills = {m.concept_id for m in mentions if m.section == "skills"}
    # "AWS\nECS" (one per line in the sidebar) reads as the concept Amazon ECS: AWS is then only
    # in the summary, as it is in the twin
    assert twin_skills - skills <= {"aws"} and "go" in skills
    assert not {"figma", "notion", "sqlite"} & skills  # employers and experience tools stay in experience
    assert {m.concept_id for m in extract_skills(one.text)} <= {m.concept_id for m in mentions}


# --------------------------------------------------------------------------- everywhere


def test_plain_text_scored_directly_has_no_warnings(scorer):
    assert scorer.score("Experience\nKubernetes and Terraform.").warnings == ()


def _fixture_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "hidden.docx").write_bytes(documents.make_hidden_text_docx("vanish"))
    (folder / "scanned.pdf").write_bytes(documents.make_partly_scanned_pdf())
    (folder / "glyphs.pdf").write_bytes(documents.make_glyph_name_pdf(CV[:6], CV[6:]))
    (folder / "shifted.pdf").write_bytes(documents.make_shifted_glyph_pdf(CV[:6], CV[6:]))
    (folder / "aes.pdf").write_bytes(documents.make_aes_pdf())
    (folder / "two_column.pdf").write_bytes(documents.make_two_column_pdf())
    (folder / "random.pdf").write_bytes(random.Random(7).randbytes(4000))


def test_batch_over_generated_fixtures_gives_the_flags(tmp_path, scorer):
    from rolefit.batch import BatchOptions, run_batch

    folder = tmp_path / "cvs"
    _fixture_folder(folder)
    summary = run_batch(folder, tmp_path / "out.jsonl", BatchOptions())
    rows = {row["path"]: row for row in summary.rows}
    assert rows["hidden.docx"]["warnings"] == f"HIDDEN_TEXT_EXCLUDED:{len(documents.SKILLS_DUMP)}"
    assert rows["hidden.docx"]["mlops_engineer_label"] == "review"  # no skills left: review, not fit
    assert rows["scanned.pdf"]["warnings"] == "PAGES_WITHOUT_TEXT:1"
    for name in ("scanned.pdf", "glyphs.pdf", "shifted.pdf"):
        assert rows[name]["status"] == "ok"
        assert {rows[name][f"{role}_label"] for role in scorer.roles} == {"review"}
        assert "could not be read" in rows[name]["reason"]
    assert rows["glyphs.pdf"]["warnings"].startswith("UNMAPPED_GLYPHS:")
    assert rows["shifted.pdf"]["warnings"].startswith("UNMAPPED_GLYPHS:")
    assert rows["aes.pdf"]["status"] == "ok" and rows["aes.pdf"]["warnings"] is None
    assert rows["aes.pdf"]["mlops_engineer_label"] == "fit"
    assert rows["two_column.pdf"]["warnings"] == "COLUMNS_READ:1"
    assert "Go@" in rows["two_column.pdf"]["mlops_engineer_evidence"] or rows["two_column.pdf"]["n_mentions"] >= 7
    assert (rows["random.pdf"]["status"], rows["random.pdf"]["error_code"]) == ("error", "UNSUPPORTED_FORMAT")
    journal = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("warnings" in row for row in journal)


def test_cli_score_prints_read_warnings(tmp_path, scorer):
    from rolefit.cli import app

    path = tmp_path / "scanned.pdf"
    path.write_bytes(documents.make_partly_scanned_pdf())
    res = CliRunner().invoke(app, ["score", str(path)])
    assert res.exit_code == 0, res.output
    assert "warning: PAGES_WITHOUT_TEXT (labels set to review)" in res.stderr
    res = CliRunner().invoke(app, ["score", str(path), "--json"])
    assert json.loads(res.stdout)["warnings"][0]["code"] == "PAGES_WITHOUT_TEXT"


def test_readme_lists_every_read_code_and_the_thresholds():
    from rolefit.errors import READ_ERROR_CODES
    from rolefit.readers._pdf import PAGES_WITHOUT_TEXT_REVIEW_MIN

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Documents rolefit cannot fully read"):]
    section = section[: section.index("\n## ")] if "\n## " in section else section
    for code, (template, counts) in READ_WARNING_CODES.items():
        assert f"| `{code}` | {template[1:5]} | {counts} |" in section
    for code in READ_ERROR_CODES:
        assert f"`{code}`" in section
    assert f"from {UNREADABLE_REVIEW_SHARE:.0%} of the visible characters (and {UNREADABLE_REVIEW_MIN} of them)" in section
    assert f"from {GARBLED_MIN_SHARE:.0%} the file is a `GARBLED_TEXT` error" in section
    assert f"from {PAGES_WITHOUT_TEXT_REVIEW_MIN} page" in section


@pytest.mark.parametrize("where", ["textbox", "table_style", "paragraph_style"])
def test_docx_white_text_on_a_fill_not_resolved_is_kept(where):
    """White text in a dark text box (a sidebar), a table whose style shades cells, or a
    shaded paragraph style is visible: it must not be left out as hidden."""
    result = read_document(documents.make_white_text_where_background_is_not_resolved_docx(where))
    assert documents.SKILLS_DUMP in result.text and result.warnings == ()


_WORDS = st.from_regex(r"[A-Za-z][A-Za-z ]{0,30}[A-Za-z]", fullmatch=True)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.sampled_from((None, *documents.HIDDEN_KINDS))), min_size=1, max_size=6))
def test_property_docx_text_is_exactly_the_visible_paragraphs(paragraphs):
    """Invariant: the text read is the visible paragraphs, in order; the warning counts
    exactly the characters of the hidden ones (and is absent without any)."""
    data = documents.make_mixed_visibility_docx(paragraphs)
    visible = [text for text, kind in paragraphs if kind is None]
    hidden = sum(len(text) for text, kind in paragraphs if kind is not None)
    if not visible:
        with pytest.raises(ReadError):
            read_document(data)
        return
    result = read_document(data)
    assert [line for line in result.text.split("\n") if line] == visible
    assert _codes(result) == ({"HIDDEN_TEXT_EXCLUDED": hidden} if hidden else {})


_PLAIN = st.text(alphabet=st.characters(categories=("L", "N", "Zs"), exclude_characters="/"), max_size=400)


@settings(max_examples=200, deadline=None)
@given(_PLAIN, st.integers(0, 60), st.integers(0, 60))
def test_property_unreadable_counts_and_review_threshold(text, n_names, n_fffd):
    """Invariants: ordinary letters, digits and spaces are never unmapped; each glyph name
    counts once; `review` is set exactly when the documented threshold is reached."""
    garbage = "/g45" * n_names + " " + "\ufffd" * n_fffd
    try:
        warnings = {w.code: w for w in integrity_warnings(text + "\n" + garbage, "cv.pdf")}
    except ReadError as exc:
        assert exc.code == "GARBLED_TEXT"
        return
    assert ("UNMAPPED_GLYPHS" in warnings) == (n_names > 0) and ("REPLACEMENT_CHARS" in warnings) == (n_fffd > 0)
    unreadable = sum(w.count for w in warnings.values())
    assert unreadable == n_names + n_fffd
    visible = len("".join(text.split())) + n_names + n_fffd
    flagged = unreadable >= UNREADABLE_REVIEW_MIN and unreadable / visible >= UNREADABLE_REVIEW_SHARE
    assert all(w.review == flagged for w in warnings.values())


def test_one_column_cv_with_right_aligned_dates_is_not_split_into_columns():
    """Dates at the right margin of full-width lines are not a sidebar."""
    body = [f"Platform engineer {i}: built Kubernetes clusters and Terraform modules for the data team" for i in range(9)]
    data = documents.make_two_column_pdf(body, ["2020 - 2024", "2018 - 2020", "2016 - 2018"])
    result = read_document(data)
    assert "COLUMNS_READ" not in _codes(result)
    assert result.text.splitlines()[0].startswith("Platform engineer 0")


def test_shortlist_shows_each_read_warning_of_a_batch_row_once():
    """The batch column is one string ("CODE:count; CODE:count"); the report must not split
    it into characters."""
    from rolefit.report._data import candidate
    from rolefit.taxonomy import default_taxonomy

    row = {"path": "scanned.pdf", "status": "ok", "reason": "r", "warnings": "PAGES_WITHOUT_TEXT:1; COLUMNS_READ:1",
           "mlops_engineer_probability": 0.5, "mlops_engineer_label": "review", "mlops_engineer_evidence": ""}
    assert candidate(row, "mlops_engineer", default_taxonomy()).warnings == ("PAGES_WITHOUT_TEXT:1", "COLUMNS_READ:1")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["(", "/", "\u00a0", "\u2003", "\x1c", "\x0c", "/cid12", "(cid:x)"]), max_size=40))
def test_integrity_warnings_fast_searches_agree_with_the_plain_regexes(pieces):
    """The look-ahead search finds exactly what UNMAPPED_RE finds, and the visible count is
    ``len(_SPACE_RE.sub("", text))``, on any text (the fast forms the check runs)."""
    from rolefit.readers import _pdf

    text = "".join(pieces)
    spans = [m.span() for m in _pdf.UNMAPPED_RE.finditer(text)]
    assert [m.span() for m in _pdf._UNMAPPED_SEARCH_RE.finditer(text)] == spans
    assert _pdf._visible_count(text) == len(_pdf._SPACE_RE.sub("", text))
