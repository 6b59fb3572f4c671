"""The shortlist report, checked by parsing the HTML built from a real batch over examples/cvs.

One batch run (the bundled model, the sample CVs plus a CV and a file name carrying markup)
is shared by the module; the page is parsed with the standard library's HTML parser.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from rolefit.batch import SNIPPET_CONTEXT, BatchOptions, _role_detail, run_batch
from rolefit.errors import ReportError
from rolefit.readers import read_text
from rolefit.report import ModelFacts, render_summary, write_report

REPO = Path(__file__).resolve().parents[1]
HOSTILE_TEXT = (
    "Experience\n"
    'MLOps engineer <script>alert("cv")</script> running Kubernetes and Docker "><img src=x onerror=alert(1)> '
    "with Terraform & MLflow.\n"
)
HOSTILE_NAME = 'z_"><img src=x onerror=alert(2)>.txt'


class Page(HTMLParser):
    """Collects what the tests look at: rows by table, snippets, marks, attributes, elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, str]] = []  # (class, id) of the open table
        self.rows: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.row: dict[str, str] | None = None
        self.snippets: list[dict[str, object]] = []
        self.open_q: dict[str, object] | None = None
        self.in_mark = False
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "table":
            self.tables.append((a.get("class", ""), a.get("id", "")))
        elif tag == "tr" and "data-path" in a and self.tables:
            self.row = a
            self.rows.setdefault(self.tables[-1], []).append(a)
        elif tag == "q" and "snippet" in a.get("class", ""):
            self.open_q = {"attrs": a, "text": "", "mark": "", "path": (self.row or {}).get("data-path")}
        elif tag == "mark" and self.open_q is not None:
            self.in_mark = True

    def handle_endtag(self, tag):
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag == "tr":
            self.row = None
        elif tag == "q" and self.open_q is not None:
            self.snippets.append(self.open_q)
            self.open_q = None
        elif tag == "mark":
            self.in_mark = False

    def handle_data(self, data):
        self.text.append(data)
        if self.open_q is not None:
            self.open_q["text"] += data
            if self.in_mark:
                self.open_q["mark"] += data

    def table(self, cls: str, id_: str | None = None) -> list[list[dict[str, str]]]:
        return [rows for (c, i), rows in self.rows.items() if c == cls and (id_ is None or i == id_)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A batch over examples/cvs plus two hostile inputs, its report, and the texts read."""
    root = tmp_path_factory.mktemp("report")
    cvs = root / "cvs"
    shutil.copytree(REPO / "examples" / "cvs", cvs)
    (cvs / "hostile_markup.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (cvs / HOSTILE_NAME).write_text(HOSTILE_TEXT.replace("Docker", "Ansible"), encoding="utf-8")
    summary = run_batch(cvs, root / "scores.jsonl", BatchOptions(jobs=2))
    html_path = write_report(root / "scores.jsonl", root / "shortlist.html")
    page = Page()
    page.feed(html_path.read_text(encoding="utf-8"))
    texts = {r["path"]: read_text(cvs / r["path"]) for r in summary.rows if r["status"] == "ok"}
    return {"summary": summary, "html": html_path.read_text(encoding="utf-8"), "page": page, "texts": texts,
            "root": root}


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_every_input_appears_once_per_role_as_ranked_or_error(built):
    """Each input is exactly once in each role's ranking or in the error table; reviews are queued."""
    rows, page = built["summary"].rows, built["page"]
    inputs = sorted(r["path"] for r in rows)
    assert HOSTILE_NAME in inputs and any(r["status"] == "error" for r in rows)
    errors = [r["data-path"] for t in page.table("errors") for r in t]
    rankings = page.table("ranking")
    assert len(rankings) == 2  # one per role
    for ranking in rankings:
        assert sorted([r["data-path"] for r in ranking] + errors) == inputs
    queued = sorted(r["data-path"] for t in page.table("queue") for r in t)
    expected = sorted(
        r["path"] for r in rows if r["status"] == "ok" and any(r[k] == "review" for k in r if k.endswith("_label"))
    )
    assert queued == expected


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_ranking_order_is_probability_order(built):
    """Within each role, rows follow decreasing probability (requirement-met rows first when known)."""
    by_path = {r["path"]: r for r in built["summary"].rows}
    for ranking in built["page"].table("ranking"):
        role = ranking[0]["data-role"]
        keys = [(0 if r["data-meets"] == "1" else 1, -float(r["data-probability"])) for r in ranking]
        assert keys == sorted(keys)
        for r in ranking:
            assert float(r["data-probability"]) == pytest.approx(by_path[r["data-path"]][f"{role}_probability"], abs=5e-4)
            assert r["data-label"] == by_path[r["data-path"]][f"{role}_label"]


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_every_snippet_is_the_cv_text_at_its_offsets(built):
    """Quotes are never paraphrased: snippet == text[start:start+len], mark == text[start_char:end_char]."""
    texts, snippets = built["texts"], built["page"].snippets
    assert len(snippets) > 20
    for s in snippets:
        text, a = texts[s["path"]], s["attrs"]
        start = int(a["data-start"])
        assert text[start : start + len(s["text"])] == s["text"]
        assert text[int(a["data-mention-start"]) : int(a["data-mention-end"])] == s["mark"] != ""


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_journal_detail_snippets_match_the_cv(built):
    """Each ok row's detail quotes the CV exactly, around each evidence mention."""
    texts = built["texts"]
    for row in built["summary"].rows:
        if row["status"] != "ok":
            assert "detail" not in row
            continue
        for detail in row["detail"].values():
            for m in detail["evidence"]:
                text = texts[row["path"]]
                lo = m["snippet_start"]
                assert text[lo : lo + len(m["snippet"])] == m["snippet"]
                assert lo <= m["start_char"] < m["end_char"] <= lo + len(m["snippet"])
                before, after = m["snippet"][: m["start_char"] - lo], m["snippet"][m["end_char"] - lo :]
                assert "\n" not in before + after  # context never crosses a line break
                assert len(before) <= SNIPPET_CONTEXT and len(after) <= SNIPPET_CONTEXT


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_markup_from_cvs_and_file_names_renders_as_text(built):
    """A CV with <script> and "><img onerror=...> (and such a file name) is escaped, never markup."""
    page, html = built["page"], built["html"]
    assert [t for t, _ in page.elements if t in ("img", "iframe", "object", "embed")] == []
    assert [t for t, _ in page.elements].count("script") == 1  # the page's own filter script
    assert not any(k.startswith("on") for _, attrs in page.elements for k in attrs)
    hostile = [s["text"] for s in page.snippets if s["path"] == "hostile_markup.txt"]
    assert any('<script>alert("cv")</script>' in t for t in hostile)
    assert any('"><img src=x onerror=alert(1)>' in t for t in hostile)
    assert HOSTILE_NAME in "".join(page.text)
    assert "<img" not in html and '<script>alert' not in html


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_no_external_url_is_referenced(built):
    """The page opens offline: no src attribute, only in-page links, no url() or @import to elsewhere."""
    page, html = built["page"], built["html"]
    for tag, attrs in page.elements:
        assert "src" not in attrs and "srcset" not in attrs, tag
        for key in ("href", "xlink:href", "action", "data"):
            assert attrs.get(key, "#").startswith("#"), (tag, key, attrs.get(key))
    assert "@import" not in html
    assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", html))
    assert not re.search(r"(?i)\b(?:https?|ftp):", html.replace(HOSTILE_TEXT, ""))


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_page_carries_the_notice_and_the_model(built):
    """The decision-support notice, the model id and a model-card summary are on the page."""
    html = built["html"]
    model_id = built["summary"].rows[0]["model_id"]
    assert "Decision support, a person decides." in html
    assert model_id in html and "Intended use" in html and "Out of scope" in html
    assert html.count("<svg") == 4  # per role: distribution + coverage grid


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_terminal_summary_fits_80_columns_and_names_skills(built):
    """The batch table reads in 80 columns: skill names (no offsets), lists cut with a count."""
    console = Console(width=80, record=True, color_system=None)
    render_summary(built["summary"], console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not re.search(r"@\d+-\d+", text)
    assert "Kubernetes" in text and re.search(r" \+\d+", text)
    assert "UNSUPPORTED_FORMAT" in text
    # probabilities lie strictly inside (0, 1): never printed as a certainty ("no fit 0.00")
    assert not re.search(r"\b[01]\.00\b", text)


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_terminal_summary_counts_labels_as_the_shortlist_page_does(built):
    """Regression (new-user trial): the terminal's count table put the unreadable file among the
    `review` CVs (AI operations: review 2) while the shortlist page said "1 review" and listed
    the file apart; the table now counts scored CVs by label and the unreadable files in a row
    of their own."""
    summary = built["summary"]
    assert summary.n_errors >= 1, "the examples hold an unreadable file"
    console = Console(width=80, record=True, color_system=None)
    render_summary(summary, console)
    lines = console.export_text().splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.strip() == "summary"):]
    for label, word in (("fit", "fit"), ("review", "review"), ("no_fit", "no fit")):
        scored = [sum(r["status"] == "ok" and r[f"{role}_label"] == label for r in summary.rows)
                  for role in ("ai_operations_manager", "mlops_engineer")]
        row = next(line for line in table if line.split()[: len(word.split())] == word.split()
                   and line.split()[len(word.split())].isdigit())
        assert [int(n) for n in row.split()[-2:]] == scored, (row, scored)
    unread = next(line for line in table if line.strip().startswith("not read (review)"))
    assert unread.split()[-2:] == [str(summary.n_errors)] * 2


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_rows_without_detail_still_render_every_input(built, tmp_path):
    """A journal from before rows carried ``detail`` renders, says quotes are missing, loses no row."""
    rows = [{k: v for k, v in r.items() if k != "detail"} for r in built["summary"].rows]
    page = Page()
    page.feed(write_report(rows, tmp_path / "old.html").read_text(encoding="utf-8"))
    assert page.snippets == []
    for ranking in page.table("ranking"):
        assert len(ranking) == sum(r["status"] == "ok" for r in rows)
    assert "written by an older rolefit" in "".join(page.text)


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_requirements_and_warnings_in_rows_group_the_ranking(built, tmp_path):
    """Rows that carry requirement groups rank CVs meeting them first; row warnings are shown."""
    rows = copy.deepcopy(built["summary"].rows)
    role = "mlops_engineer"
    ok = [r for r in rows if r["status"] == "ok"]
    lowest = min(ok, key=lambda r: r[f"{role}_probability"])
    for r in ok:
        met = r is lowest
        r["detail"][role]["requirements"] = {
            "met": met,
            "groups": [{"name": "machine learning", "concepts": ["pytorch", "mlflow"], "met": met,
                        "met_by": ["mlflow"] if met else []}],
        }
    lowest["warnings"] = ["page 2 has no text layer; it was not read"]
    page = Page()
    page.feed(write_report(rows, tmp_path / "req.html").read_text(encoding="utf-8"))
    ranking = page.table("ranking", f"ranking-{role}")[0]
    assert ranking[0]["data-path"] == lowest["path"] and ranking[0]["data-meets"] == "1"
    assert "page 2 has no text layer" in "".join(page.text)


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_report_refuses_rows_of_another_model(built, tmp_path):
    """Thresholds of one model must not be drawn over another model's probabilities (RF623)."""
    other = ModelFacts(model_id="someone-elses-model", thresholds={}, review_band=0.1)
    with pytest.raises(ReportError, match="RF623"):
        write_report(built["summary"].rows, tmp_path / "x.html", model=other)


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_cli_report_writes_and_refuses_to_overwrite(built, tmp_path):
    """`rolefit report JOURNAL --output` writes the page; a second run needs --force."""
    from rolefit.cli import app

    out = tmp_path / "shortlist.html"
    journal = str(built["root"] / "scores.jsonl")
    first = CliRunner().invoke(app, ["report", journal, "--output", str(out)])
    assert first.exit_code == 0, first.output
    assert out.is_file() and str(out) in first.output
    again = CliRunner().invoke(app, ["report", journal, "--output", str(out)])
    assert again.exit_code == 1 and "--force" in again.output


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_report_of_a_torn_or_damaged_journal(built, tmp_path):
    """A torn last line is skipped (as --resume would); a damaged line is RF622."""
    lines = (built["root"] / "scores.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    torn = tmp_path / "torn.jsonl"
    torn.write_text("".join(lines) + lines[0][:30], encoding="utf-8")
    page = Page()
    page.feed(write_report(torn, tmp_path / "t.html").read_text(encoding="utf-8"))
    assert len(page.table("ranking")[0]) == sum(json.loads(x)["status"] == "ok" for x in lines)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(lines[0] + "{not json\n", encoding="utf-8")
    with pytest.raises(ReportError, match="RF622"):
        write_report(damaged, tmp_path / "d.html")


@settings(max_examples=200)
@given(
    st.text(alphabet=st.sampled_from(list("ab |\n\t@.+0123456789-()·")), max_size=120),
    st.integers(0, 119),
    st.integers(1, 12),
)
def test_snippet_is_a_slice_holding_the_mention(text, start, length):
    """Property: a row's snippet is ``text[snippet_start:...]``, holds the mention, stays on its line."""
    from rolefit.schema import RoleScore, SkillMention

    start = min(start, max(len(text) - 1, 0))
    end = min(start + length, len(text))
    if not text or end <= start:
        return
    m = SkillMention(start, end, "docker", "Docker", text[start:end])
    item = _role_detail(RoleScore("mlops_engineer", 0.5, "review", 0.0, evidence=(m,)), text)["evidence"][0]
    lo, snippet = item["snippet_start"], item["snippet"]
    assert text[lo : lo + len(snippet)] == snippet
    assert lo <= start and end <= lo + len(snippet)
    assert "\n" not in snippet[: start - lo] + snippet[end - lo :]


def _snippet_of(text: str, surface: str, concept: str = "mlops") -> str:
    """The snippet a batch row quotes for one evidence mention: the first ``surface`` in ``text``."""
    from rolefit.schema import RoleScore, SkillMention

    start = text.index(surface)
    m = SkillMention(start, start + len(surface), concept, surface, surface)
    return _role_detail(RoleScore("mlops_engineer", 0.5, "review", 0.0, evidence=(m,)), text)["evidence"][0]["snippet"]


def test_snippet_does_not_quote_contact_details_next_to_a_skill():
    """Regression: a header line "Name | MLOps Engineer | name@example.com" was quoted whole."""
    text = "Jordan Lee | MLOps Engineer | jordan.lee@example.com | +49 170 1234567\nExperience"
    assert _snippet_of(text, "MLOps") == "MLOps Engineer"
    text = "Phone +49 170 1234567, e-mail a@b.eu, Kubernetes since 2019 - 2024 at www.example.com today"
    # a date range is not a phone number
    assert _snippet_of(text, "Kubernetes", "kubernetes") == "Kubernetes since 2019 - 2024 at"


@pytest.mark.parametrize(("text", "surface", "snippet"), [
    ("Anna Example, Senior MLOps Engineer, Berlin, +49 30 1234567\nSkills", "MLOps", "Senior MLOps Engineer"),
    ("Anna Example - Senior MLOps Engineer - Berlin\nSkills", "MLOps", "Senior MLOps Engineer"),
    ("AI Operations Manager; Sample AG; Munich (2019 - 2025)\nSkills", "AI Operations Manager", "AI Operations Manager"),
])
def test_snippet_does_not_quote_the_name_or_town_beside_a_title_in_the_header_line(text, surface, snippet):
    """New-user trial (2026-12-07): commas did not bound a snippet, so the shortlist quoted
    "Anna Example, Senior MLOps Engineer, Berlin,": in the CV's first line they now do."""
    assert _snippet_of(text, surface) == snippet


def test_snippet_keeps_commas_after_the_header_line():
    assert _snippet_of("Anna Example\nSkills: Kubernetes, Docker, MLflow", "Docker", "docker") == (
        "Skills: Kubernetes, Docker, MLflow"
    )


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_report_of_a_csv_output_reads_the_journal_beside_it(built, tmp_path):
    """`rolefit report scores.csv` reads `scores.csv.jsonl`, the journal a CSV batch keeps."""
    shutil.copyfile(built["root"] / "scores.jsonl", tmp_path / "scores.csv.jsonl")
    page = Page()
    page.feed(write_report(tmp_path / "scores.csv", tmp_path / "c.html").read_text(encoding="utf-8"))
    assert len(page.table("ranking")[0]) == built["summary"].n_ok
    with pytest.raises(ReportError, match="RF621"):
        write_report(tmp_path / "nothing.jsonl", tmp_path / "n.html")


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_same_rows_give_the_same_page(built, tmp_path):
    """The page is reproducible: no timestamp, fixed SVG ids and hash salt."""
    rows = built["summary"].rows
    a = write_report(rows, tmp_path / "a.html").read_text(encoding="utf-8")
    b = write_report(rows, tmp_path / "b.html").read_text(encoding="utf-8")
    assert a == b


def test_a_pool_of_unreadable_files_without_a_model_directory(tmp_path):
    """Only error rows and no model at hand: every file is in the error table, nothing is ranked."""
    rows = [
        {"path": f"cv{i}.pdf", "status": "error", "error_code": "NO_TEXT_LAYER", "model_id": "m-1",
         "error_message": f"[RF511] cv{i}.pdf: no text layer. Run OCR on it.", "mlops_engineer_label": "review",
         "mlops_engineer_probability": None}
        for i in range(3)
    ]
    page = Page()
    page.feed(write_report(rows, tmp_path / "e.html", model=False).read_text(encoding="utf-8"))
    assert [r["data-path"] for t in page.table("errors") for r in t] == ["cv0.pdf", "cv1.pdf", "cv2.pdf"]
    assert page.table("ranking") == [] and "No CV could be scored" in "".join(page.text)
    assert "m-1" in "".join(page.text) and "Run OCR" in "".join(page.text)
    assert write_report(rows, tmp_path / "no" / "such" / "folder.html", model=False).is_file()  # folders made
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(ReportError, match="RF624"):
        write_report(rows, tmp_path / "afile" / "folder.html", model=False)
    with pytest.raises(ReportError, match="RF622"):
        write_report([{"status": "ok"}], tmp_path / "x.html", model=False)


@settings(max_examples=300)
@given(st.text(max_size=60), st.text(min_size=1, max_size=12), st.text(max_size=60))
def test_any_quoted_text_renders_as_exactly_that_text(before, mention, after):
    """Property: whatever a CV holds, its quote parses back to the same text and makes no element."""
    from rolefit.report._data import Quote
    from rolefit.report._html import _quote

    snippet = before + mention + after
    q = Quote(mention, 100 + len(before), 100 + len(before) + len(mention), snippet, 100)
    page = Page()
    page.feed(f"<table><tr data-path='x'><td>{_quote(q)}</td></tr></table>")
    page.close()
    assert [t for t, _ in page.elements] == ["table", "tr", "td", "q", "mark"]
    assert page.snippets[0]["text"] == snippet
    assert page.snippets[0]["mark"] == mention


@pytest.mark.slow  # starts a headless browser
@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no Chromium installed (Debian: apt-get install chromium)")
def test_render_script_screenshots_a_page(built, tmp_path):
    """scripts/render_report_png.py turns the page into a PNG a person can look at."""
    import subprocess
    import sys

    html = tmp_path / "page.html"
    html.write_text(built["html"], encoding="utf-8")
    png = tmp_path / "page.png"
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "render_report_png.py"), str(html), str(png), "--height", "600"],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_terminal_summary_says_why_each_review_is_review(built):
    """Regression (new-user trial): the batch table showed `review` with no reason, so the reader
    had to open the output file; every ok row's review now has a 'why review' line naming its role."""
    console = Console(width=80, record=True, color_system=None)
    render_summary(built["summary"], console)
    text = " ".join(console.export_text().split())
    reviews = [(r, role) for r in built["summary"].rows if r["status"] == "ok"
               for role in ("ai_operations_manager", "mlops_engineer") if r[f"{role}_label"] == "review"]
    assert reviews, "the examples hold review labels"
    assert "why review (a person decides):" in text
    assert text.count(" -- ") >= len(reviews)


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_terminal_why_review_gives_each_role_its_own_reason(built):
    """Regression: a role `review` in the band (its own reason null) was shown the other role's
    reason through the joined `reason` column; it now gets the in-band explanation. Rows
    written before `<role>_reason` existed still fall back to the joined reason."""
    from rolefit.report._data import role_reason
    from rolefit.report._terminal import REASON_IN_BAND

    row = copy.deepcopy(next(r for r in built["summary"].rows if r["status"] == "ok"))
    row.update({
        "ai_operations_manager_label": "review", "ai_operations_manager_reason": None,
        "mlops_engineer_label": "review", "mlops_engineer_reason": "no operations evidence (containers)",
        "reason": "no operations evidence (containers)",
    })
    assert role_reason(row, "ai_operations_manager") is None
    old = {k: v for k, v in row.items() if not k.endswith("_reason") or k == "reason"}
    assert role_reason(old, "ai_operations_manager") == "no operations evidence (containers)"
    summary = copy.copy(built["summary"])
    summary.rows = [row]
    console = Console(width=200, record=True, color_system=None)
    render_summary(summary, console)
    lines = [line for line in console.export_text().splitlines() if " -- " in line]
    assert any("AI operations manager" in line and REASON_IN_BAND in line for line in lines), lines
    assert not any("AI operations manager" in line and "containers" in line for line in lines), lines


def test_report_of_a_file_that_is_not_a_journal_says_so(tmp_path):
    """Regression: `rolefit report cv.md` said RF622 "The journal may be damaged; run rolefit batch
    ... --resume to repair it". A first line that is no batch row is RF621 "not a rolefit batch
    journal"; RF622 stays for a damaged journal."""
    cases = {
        "cv.md": "# Jane Doe\nHead of ML Platform\nRunning model training and serving.\n",
        "one_line.txt": "Jane Doe, ML engineer",  # no newline: not mistaken for a torn row
        "other.jsonl": '{"id": 1, "text": "a corpus row"}\n',
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(ReportError, match=r"\[RF621\].*not a rolefit batch journal.*rolefit batch") as info:
            write_report(tmp_path / name, tmp_path / "x.html", model=False)
        assert "RF622" not in str(info.value) and "--resume" not in str(info.value)
    row = json.dumps({"path": "a.txt", "status": "error", "model_id": "m"})
    (tmp_path / "damaged.jsonl").write_text(row + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"\[RF622\].*line 2"):
        write_report(tmp_path / "damaged.jsonl", tmp_path / "d.html", model=False)
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("text", ["", "\n\n", '{"path": "a.txt", "sta'])
def test_report_of_a_journal_without_rows_is_refused(tmp_path, text):
    """Regression: an empty journal gave a "0 files" shortlist, exit 0, no warning."""
    from rolefit.cli import app

    journal = tmp_path / "scores.jsonl"
    journal.write_text(text, encoding="utf-8")
    with pytest.raises(ReportError, match=r"\[RF626\].*no batch rows"):
        write_report(journal, tmp_path / "x.html", model=False)
    res = CliRunner().invoke(app, ["report", str(journal), "--output", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "RF626" in res.stderr
    assert not (tmp_path / "x.html").exists()


def test_requirements_not_met_are_worded_as_not_found_by_rolefit():
    """A requirement not met is what rolefit did not find in the CV text, not a gap of the candidate
    (examples/cvs/ml_platform_lead.md says "running model training and serving")."""
    from rolefit.report._data import Candidate, Requirement
    from rolefit.report._html import _requirements
    from rolefit.schema import NOT_FOUND_LABEL

    c = Candidate("cv.md", 0.9, "fit", None, (), (Requirement("Model serving", False),), False)
    html = _requirements(c)
    assert f"{NOT_FOUND_LABEL}: Model serving" in html and "missing" not in html.lower()


@pytest.mark.slow  # shares one real batch over examples/cvs
@pytest.mark.parametrize("width", [80, 200])
def test_terminal_summary_never_shows_two_file_names_alike(built, width):
    """New-user trial (2026-12-08): the table cut names to 24 characters in the middle, so
    cv_mueller_anna_2026_final.txt and cv_mueller_hans_2026_final.txt both showed as
    `cv_mueller_…26_final.txt` (table and "why review" list), even with COLUMNS=200. Names
    that differ now never look the same, and a wide terminal shows them whole."""
    from rolefit.report._terminal import distinct_cuts

    names = ["cv_mueller_anna_2026_final.txt", "cv_mueller_hans_2026_final.txt"]
    shown = distinct_cuts(names, 24)
    assert len(set(shown.values())) == 2 and all(len(v) <= 24 for v in shown.values())
    ok = next(r for r in built["summary"].rows if r["status"] == "ok")
    rows = []
    for name in names:
        row = copy.deepcopy(ok)
        row.update({"path": f"applicants/2026/{name}", "mlops_engineer_label": "review",
                    "mlops_engineer_reason": "no operations evidence (containers)"})
        rows.append(row)
    summary = copy.copy(built["summary"])
    summary.rows = rows
    console = Console(width=width, record=True, color_system=None)
    render_summary(summary, console)
    text = console.export_text()
    lines = text.splitlines()
    firsts = [line.split()[0] for line in lines if line.strip() and line.split()[0].startswith("applica")]
    assert all(len(line) <= width for line in lines if line.strip().startswith("applica"))
    assert len(firsts) == 4 and len(set(firsts)) == 2, text  # 2 table rows + 2 "why review" lines, 2 names
    if width == 200:
        assert all(f"applicants/2026/{name}" in text for name in names)


def test_a_skill_adding_nothing_is_worded_alike_in_the_explanation_shortlist_and_terminal():
    """New-user trial (2026-12-08): `rolefit score mlops_engineer.docx` said "Also found, adding
    nothing to this role: Machine learning, MLOps" while the shortlist showed `machine_learning
    +0.002` as a contributing skill. One rule (rolefit.explain.adds_nothing) and one precision
    (CONTRIBUTION_DIGITS) now decide it everywhere; the review queue no longer writes
    "p = >0.999"."""
    from rolefit.explain import adds_nothing, format_contribution
    from rolefit.report._data import Skill
    from rolefit.report._html import _p_relation, _skill

    assert adds_nothing(0.002) and adds_nothing(0.0) and not adds_nothing(0.006) and not adds_nothing(None)
    assert format_contribution(0.4242) == "+0.42"
    tiny, strong = Skill("machine_learning", "Machine learning", 0.002, None), Skill("kubernetes", "Kubernetes", 1.234, None)
    assert "adds nothing" in _skill(tiny, "log-odds") and "+0.002" not in _skill(tiny, "log-odds")
    assert "+1.23" in _skill(strong, "log-odds")
    assert _p_relation(">0.999") == "> 0.999" and _p_relation("0.420") == "= 0.420"


@pytest.mark.slow  # shares one real batch over examples/cvs
def test_terminal_skills_cell_leaves_out_skills_adding_nothing(built):
    """The terminal names only skills that add something (rolefit.explain.adds_nothing), as the
    explanation does; the others count in "+N"."""
    from rolefit.report._terminal import _skills_cell

    row = copy.deepcopy(next(r for r in built["summary"].rows if r["status"] == "ok" and r.get("detail")))
    roles = ["ai_operations_manager", "mlops_engineer"]
    best = max(roles, key=lambda r: row.get(f"{r}_probability") or 0.0)
    detail = row["detail"][best]
    first = next(m["concept_id"] for m in detail["evidence"] if not m.get("negated"))
    detail["contributions"] = [[cid, 0.002 if cid == first else v] for cid, v in
                               ([c if isinstance(c, list) else [c["concept_id"], c.get("contribution", 0)]
                                 for c in detail["contributions"]])]
    if first not in {c[0] for c in detail["contributions"]}:
        detail["contributions"].append([first, 0.002])
    from rolefit.taxonomy import default_taxonomy

    label = default_taxonomy()[first].label if first in default_taxonomy() else first
    assert label not in _skills_cell(row, roles, default_taxonomy()).split(" +")[0].split(", ")


def test_error_table_shows_file_names_not_the_readers_absolute_paths(tmp_path):
    """New-user trial (2026-12-08): the page says it lists file names, but the error table's
    message began "[RF508] /home/.../cvs/portfolio.png: ...", the absolute path the reader opened."""
    rows = [{"path": "portfolio.png", "status": "error", "error_code": "UNSUPPORTED_FORMAT", "model_id": "m-1",
             "error_message": "[RF508] /home/recruiter/private/cvs/portfolio.png: a PNG image, not a document."}]
    html = write_report(rows, tmp_path / "e.html", model=False).read_text(encoding="utf-8")
    assert "/home/recruiter" not in html and "[RF508] a PNG image, not a document." in html
