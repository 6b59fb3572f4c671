"""Job titles as mentions (``rolefit_title_matcher``) and as evidence in scores (issue 13 item 4).

Texts are synthetic and short. The lexicon is the bundled ``rolefit/data/job_titles.csv``
(O*NET 29.3 titles of training occupations) unless a test builds its own matcher.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import rolefit
from rolefit.errors import TaxonomyError
from rolefit.explain import to_html
from rolefit.nlp import TitleMatcher, extract_skills
from rolefit.nlp._titles import title_key
from rolefit.taxonomy import default_taxonomy, load_job_titles

REPO = Path(__file__).resolve().parents[1]
TITLE_IDS = frozenset(c.id for c in default_taxonomy().concepts if c.kind == "job_title")


def _titles(text: str) -> list[tuple[str, str, int, int, str]]:
    return [(m.concept_id, m.text, m.start_char, m.end_char, m.section) for m in extract_skills(text)
            if m.concept_id in TITLE_IDS]


def _matcher(titles: dict[str, str]) -> TitleMatcher:
    tm = TitleMatcher(spacy.blank("en"))
    tm.add_titles(titles)
    return tm


# ----------------------------------------------------------------------------- where titles stand
def test_title_on_the_first_line_is_a_mention_with_offsets_into_the_original():
    text = "Senior DevOps Engineer\n\nSummary\nRuns clusters."
    assert _titles(text) == [("title_it_operations", "DevOps Engineer", 7, 22, "other")]


def test_titles_in_experience_entries_pipe_and_date_range_lines():
    text = (
        "Alex Example\nExperience\n"
        "IT Manager | Fabrikam | 2015 - 2019\n"
        "Head Chef, Le Bistro, Lyon, 2010 - 2015\n"
    )
    found = _titles(text)
    assert [(c, t, s) for c, t, _, _, s in found] == [
        ("title_it_manager", "IT Manager", "experience"),
        ("title_other", "Head Chef", "experience"),
    ]
    for _, surface, start, end, _ in found:
        assert text[start:end] == surface


def test_title_words_in_running_text_or_skills_lines_are_not_titles():
    """Regression (issue 13): "Adobe Acrobat" is no acrobat, "Selenium web driver" no driver,
    "General computer proficiency" no general -- titles are read only where a title stands."""
    text = (
        "Office Coordinator\n"
        "Skills: Adobe Acrobat, Selenium web driver, General computer proficiency\n"
        "I worked with a chef, a nurse and a teacher on a charity project.\n"
    )
    assert [t for _, t, *_ in _titles(text)] == ["Office Coordinator"]


def test_a_long_first_line_gives_only_the_title_it_opens_with():
    text = "DevOps engineer with 5 years of experience in AWS and Kubernetes, ex-chef."
    assert _titles(text) == [("title_it_operations", "DevOps engineer", 0, 15, "other")]


def test_one_word_opening_of_a_long_line_is_not_a_title():
    """Regression: "Former videomaker, ..." was read as the O*NET title "Former" (a metal former)."""
    assert _titles("Former videomaker, currently .NET developer who passed a C# course last spring.") == []


def test_mixed_class_title_gives_no_mention_and_is_not_shortened():
    tm = _matcher({"account manager": "", "manager": "title_manager"})
    assert tm.find("Account Manager\nSales.") == []
    assert tm.find("Manager\nSales.") == [(0, 7, "title_manager")]


def test_trailing_level_word_is_dropped_before_lookup():
    tm = _matcher({"ux designer": "title_software"})
    assert tm.find("UX Designer Junior\n") == [(0, 11, "title_software")]


def test_title_matcher_round_trips_through_disk_and_bytes(tmp_path):
    tm = _matcher({"devops engineer": "title_it_operations", "project manager": ""})
    tm.max_title_words = 5
    tm.to_disk(tmp_path / "titles")
    back = TitleMatcher(spacy.blank("en")).from_disk(tmp_path / "titles")
    assert back.titles == tm.titles and back.max_title_words == 5
    again = TitleMatcher(spacy.blank("en")).from_bytes(tm.to_bytes())
    assert again.titles == tm.titles and again.level_words == tm.level_words


def test_title_class_labels_are_never_matched_as_skills():
    assert _titles("Summary\nI like IT manager (job title) and title_other.") == []
    assert not [m for m in extract_skills("Skills: IT manager (job title)") if m.concept_id in TITLE_IDS]


_LINE = st.sampled_from([
    "Senior DevOps Engineer", "Head Chef, Le Bistro, 2010 - 2015", "IT Manager | Fabrikam | 2015 - 2019",
    "Skills: Kubernetes, Adobe Acrobat", "I worked with a nurse.", "Data Scientist | Contoso", "",
    "Experience", "Machine Learning Engineer at Acme (2019 - present)", "• Account Manager | Acme",
])


@settings(max_examples=40, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
def test_title_mentions_point_into_the_text_and_stand_at_a_line_start_or_entry(lines):
    text = "\n".join(lines)
    first_line = next((i for i, line in enumerate(text.split("\n")) if line.strip()), None)
    for cid, surface, start, end, _ in _titles(text):
        assert text[start:end] == surface and cid in TITLE_IDS
        assert "\n" not in surface
        line_no = text.count("\n", 0, start)
        line = text.split("\n")[line_no]
        # a title position: the first non-empty line, or an experience entry (" | " or a date range)
        assert line_no == first_line or " | " in line or any(y in line for y in ("2010", "2015", "2019"))


# ----------------------------------------------------------------------------- the lexicon
def test_lexicon_holds_no_title_of_a_held_out_occupation_group():
    """Leakage guard: the OOD set holds whole O*NET groups out; their titles are not in the lexicon."""
    with (REPO / "corpora" / "occupations_ood.csv").open(encoding="utf-8", newline="") as fh:
        held = {r["group"][5:] for r in csv.DictReader(fh) if r["group"].startswith("onet:")}
    with (REPO / "src" / "rolefit" / "data" / "job_titles.csv").open(encoding="utf-8", newline="") as fh:
        codes = {c for r in csv.DictReader(fh) for c in r["soc_codes"].split()}
    assert held and codes
    assert not {c for c in codes if c[:7] in held}


def test_lexicon_classes_are_the_job_title_concepts():
    titles = load_job_titles()
    assert {c for c in titles.values() if c} == TITLE_IDS
    assert titles["devops engineer"] == "title_it_operations" and titles["chef"] == "title_other"


def test_lexicon_with_an_unknown_class_names_the_line(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text("title,class,soc_codes\nchef,title_cook,35-1011.00\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"RF001.*line 2.*title_cook"):
        load_job_titles(path)


def test_lexicon_missing_a_column_names_the_titles_columns_not_a_concepts_file(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text("title,soc_codes\nchef,35-1011.00\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"RF002.*missing column\(s\) class") as info:
        load_job_titles(path)
    assert "concepts" not in str(info.value) and "title, class" in str(info.value)


def test_no_requirement_group_names_a_job_title():
    tax = default_taxonomy()
    for role in tax.roles:
        for req in tax.requirements_for(role):
            assert not set(req.concepts) & TITLE_IDS


# ----------------------------------------------------------------------------- titles in scores
@pytest.fixture(scope="module")
def scorer():
    from rolefit.scorer import default_scorer

    return default_scorer()  # the process-wide one: the suite loads the bundled model once


def test_a_title_alone_is_never_a_fit_and_says_no_skill_was_found(scorer):
    """Regression: a CV holding only a title ("IT Manager") was scored by the model as if it had
    skills; it must be review (nothing to judge), never fit or a silent no_fit."""
    for text in ("IT Manager", "Data Scientist\nExperience\nData Scientist | Contoso | 2019 - present"):
        result = scorer.score(text)
        for rs in result.roles.values():
            assert rs.label == "review", (text, rs.label)
            assert "no skill" in rs.reason


def test_title_is_an_exact_contribution_with_its_evidence(scorer):
    text = (
        "DevOps Engineer\n\nExperience\nDevOps Engineer | Contoso | 2019 - present\n"
        "- Ran Kubernetes with Terraform, GitLab CI and Prometheus; served PyTorch models with MLflow.\n"
    )
    rs = scorer.score(text)["mlops_engineer"]
    contributions = dict(rs.contributions)
    assert contributions["title_it_operations"] > 0
    spans = [(m.start_char, m.end_char) for m in rs.evidence if m.concept_id == "title_it_operations"]
    assert spans == [(0, 15), (28, 43)]
    html = to_html(scorer.score(text))
    assert "DevOps Engineer" in html


def test_title_moves_a_role_by_its_class_not_by_having_a_title(scorer):
    """A role-family title raises the role, another occupation's title lowers it: the model reads
    the class, so having a title line is not by itself a sign of ``none``."""
    skills = "Skills: Kubernetes, Docker, Terraform, MLflow, PyTorch, Python, Prometheus"
    base = scorer.score(skills)["mlops_engineer"].probability
    assert scorer.score("DevOps Engineer\n" + skills)["mlops_engineer"].probability > base
    assert scorer.score("Head Chef\n" + skills)["mlops_engineer"].probability < base


def test_a_postings_own_title_never_enters_a_derived_profile():
    """Regression: "MLOps Engineer" heading every posting made the title class a profile concept
    (weight 1.0), which would have let a title raise a role like a required skill."""
    from rolefit.postings import profile_from_postings

    postings = [
        "MLOps Engineer\nRequirements: Kubernetes, Docker and MLflow.",
        "DevOps Engineer | Contoso\nRequirements: Kubernetes and Terraform.",
    ]
    profile = profile_from_postings(postings, role="mlops_engineer")
    assert "kubernetes" in profile.weights
    assert not set(profile.weights) & TITLE_IDS


@pytest.mark.parametrize("name", ["Mary Smith", "John Baker", "Anna Cook", "Tom Carpenter", "Lee Fisher"])
def test_a_surname_that_is_also_a_job_is_not_a_title(name):
    """Regression: the name line "Mary Smith" was read as the title "smith" (title_other), so a
    surname changed the score -- names must never become features."""
    text = f"{name}\nSummary\nDevOps engineer running Kubernetes and Terraform."
    assert _titles(text) == []
    assert [c for c, *_ in _titles("Head Chef\nSummary\nKitchen team lead.")] == ["title_other"]


def test_a_name_on_the_first_line_never_changes_a_probability(scorer):
    """Counterfactual invariance with the title component in the pipeline: the first line is a
    title position, and a surname that is also an O*NET title (Smith, Baker) must not count."""
    body = "\nExperience\nDevOps Engineer | Contoso | 2019 - present\n- Kubernetes, Terraform, MLflow, PyTorch.\n"
    scores = [{r: s.probability for r, s in scorer.score(n + body).roles.items()}
              for n in ("Mary Smith", "Aisha Okonkwo", "John Baker")]
    assert scores[0] == scores[1] == scores[2]


@pytest.mark.parametrize("line", ["Rancher", "Postman", "Puppeteer", "ML models", "generative artificial intelligence"])
def test_a_tool_or_a_phrase_ending_in_a_job_word_on_the_first_line_is_not_a_title(line):
    """Regression: the first lines "Rancher" and "Postman" (tools) and "ML models" were read as
    O*NET titles (a rancher, a postman, a fashion model)."""
    assert _titles(f"{line}\nKubernetes, Docker") == []


def test_a_one_word_title_counts_as_the_head_of_a_longer_title():
    assert [t for _, t, *_ in _titles("accountant\nSummary")] == ["accountant"]
    assert [t for _, t, *_ in _titles("Senior Accountant\nSummary")] == ["Accountant"]
    assert [c for c, *_ in _titles("Experience\nPastry Chef | Le Bistro | 2010 - 2015")] == ["title_other"]


def test_lexicon_keys_are_title_keys_so_the_matcher_takes_them_as_they_are():
    """load_job_titles guarantees normalised keys; add_titles(normalised=True) relies on it."""
    titles = load_job_titles()
    assert all(k == title_key(k.split(" ")) and "  " not in k for k in titles)
    fast, slow = TitleMatcher(spacy.blank("en")), TitleMatcher(spacy.blank("en"))
    fast.add_titles(titles, normalised=True)
    slow.add_titles(titles)
    assert fast.titles == slow.titles and fast._openers == slow._openers


def test_lexicon_rows_are_normalised_and_a_key_listed_twice_names_the_line(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text("title,class,soc_codes\n Head  CHEF. ,title_other,35-1011.00\n", encoding="utf-8")
    assert load_job_titles(path) == {"head chef": "title_other"}
    path.write_text("title,class,soc_codes\nHead Chef,title_other,\nhead chef,title_other,\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"RF001.*line 3.*listed twice"):
        load_job_titles(path)


# ----------------------------------------------------------------------------- EU spellings, IT executives
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ICT Manager\n\nSummary\nRuns the service desk.", ("title_it_manager", "ICT Manager")),
        ("ICT Director\n\nSummary\nRuns the service desk.", ("title_it_manager", "ICT Director")),
        ("ICT Network Engineer\n\nSummary\nRuns the network.", ("title_it_operations", "ICT Network Engineer")),
    ],
)
def test_eu_ict_title_reads_like_its_us_it_title(text, expected):
    """European CVs write "ICT" where O*NET writes "IT"; the title class is the same."""
    assert [(c, t) for c, t, *_ in _titles(text)] == [expected]


@pytest.mark.parametrize("title", ["Chief Information Officer", "Chief Technology Officer", "CIO", "CTO"])
def test_it_executives_are_it_managers_not_managers_outside_it(title):
    """O*NET files CIO/CTO under Chief Executives; the lexicon classes them as IT managers."""
    assert [c for c, *_ in _titles(f"{title}\n\nSummary\nLeads technology.")] == ["title_it_manager"]
    assert load_job_titles()[title.casefold()] == "title_it_manager"


@pytest.mark.parametrize("title", ["Chief Data Officer", "Chief data officer", "Chief Digital Officer", "Chief AI Officer",
                                   "Chief Artificial Intelligence Officer"])
def test_chief_data_digital_and_ai_officers_are_it_managers_not_generic_officers(title):
    """"Chief data officer" was read by its tail, "officer" (an occupation outside IT); the
    executives who lead data, digital and AI are IT managers, like the CIO and CTO."""
    assert [(c, t) for c, t, *_ in _titles(f"{title}\n\nSummary\nLeads the data strategy.")] == [("title_it_manager", title)]


@pytest.mark.parametrize("title", ["Police Officer", "Chief Financial Officer", "Chief Operating Officer"])
def test_other_officers_keep_their_class(title):
    assert [c for c, *_ in _titles(f"{title}\n\nSummary\nLeads the team.")] in (["title_other"], ["title_manager"])


def test_every_lexicon_title_with_the_word_it_has_its_ict_spelling_with_the_same_class():
    titles = load_job_titles()
    for key, cls in titles.items():
        if " it " in f" {key} ":
            eu = f" {key} ".replace(" it ", " ict ").strip()
            assert eu in titles, key
            if not eu.startswith("ict ") or key.startswith("it "):
                assert titles[eu] == cls or titles[eu] == "", (key, eu)


# ----------------------------------------------------------------------------- speed-ups keep the output
def _opening_title_plain(tm: TitleMatcher, text: str, start: int):
    """The opening title as first written: the separator searched on the whole line (the reference)."""
    from rolefit.nlp._titles import _SEGMENT_END_RE, _WORD_RE

    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    cut = _SEGMENT_END_RE.search(text, start, end)
    end = cut.start() if cut else end
    words = []
    for w in _WORD_RE.finditer(text, start, end):
        if w.group().rstrip("."):
            words.append((w.start(), w.group().rstrip(".")))
        if len(words) >= tm.max_title_words:
            break
    for n in range(len(words), 1, -1):
        cls = tm.titles.get(title_key(w for _, w in words[:n]))
        if cls is not None:
            return (start, words[n - 1][0] + len(words[n - 1][1]), cls)
    return None


_OPENING_PIECES = ["devops", "engineer", "senior", "data", "scientist", "at", "Acme", " ", "  ", "\t", ",", ";", "(",
                   " | ", " - ", "–", "—", ":", ": ", ".", "..", "/", "&", "\n", "x", "manager", "project"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_OPENING_PIECES), min_size=1, max_size=30).map(lambda p: "devops " + " ".join(p)))
def test_opening_title_reads_the_same_words_as_the_whole_line_search(text):
    """The opening title searches the separator only up to one character after its eighth word
    (rolefit.nlp._titles.TitleMatcher._opening_title): the same title as searching the line."""
    tm = _OPENING_MATCHER
    assert tm._opening_title(text, 0) == _opening_title_plain(tm, text, 0)


_OPENING_MATCHER = _matcher({"devops engineer": "title_devops", "senior data scientist": "title_ds",
                             "data scientist": "title_ds", "devops engineer at acme": "title_x",
                             "project manager": "title_pm", "devops": "title_d"})


# ----------------------------------------------------------------------------- IT-qualified manager titles
@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("IT Project Manager\n\nSummary\nRuns projects.", "IT Project Manager"),
        ("Senior ICT Product Manager | Contoso | 2020 - present\n", "ICT Product Manager"),
        ("Telecommunications manager\n\nSummary\nRuns the network.", "Telecommunications manager"),
        ("Software Engineering Manager\n", "Software Engineering Manager"),
        ("AI product manager\n", "AI product manager"),
        ("Data Governance Manager, Fabrikam, 2018 - 2021\n", "Data Governance Manager"),
        ("Information and Communication Technology Project Manager\n",
         "Information and Communication Technology Project Manager"),
        ("Head of IT\n\nSummary\nRuns the service desk.", "Head of IT"),
        ("Director of Software Engineering | Contoso | 2019 - 2023\n", "Director of Software Engineering"),
        ("IT project manager with 10 years of experience in banking and retail.", "IT project manager"),
        ("ICT documentation manager with 18 years of experience. Plans the manuals.", "ICT documentation manager"),
        # a multi-word qualifier that shares a word with the lexicon title ("learning manager")
        ("Machine Learning Manager\n", "Machine Learning Manager"),
        ("Cyber Security Manager\n", "Cyber Security Manager"),
        ("Artificial Intelligence Manager\n", "Artificial Intelligence Manager"),
        ("Head of Data Science\n", "Head of Data Science"),
        # long first lines: level words first, and head-first titles, read as on a short line
        ("Head of IT with 15 years of experience in banking.", "Head of IT"),
        ("Senior IT Manager with 10 years of experience in retail.", "IT Manager"),
        ("Director of Software Engineering with 12 years of experience.", "Director of Software Engineering"),
        ("Deputy IT Manager\n", "IT Manager"),
    ],
)
def test_a_managers_title_with_an_it_qualifier_is_an_it_managers_title(text, surface):
    """Regression (OOD misses, 2026-12-07): "IT Project Manager" was read as "project manager", a
    manager outside IT, and "Telecommunications manager" as no title at all."""
    found = _titles(text)
    assert [(c, t) for c, t, *_ in found] == [("title_it_manager", surface)]
    _, _, start, end, _ = found[0]
    assert text[start:end] == surface  # the span opens at the qualifier, not at "Senior"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Food technology manager\n", []),  # the qualifier must open the title
        ("Tech Lead\n", []),  # a lead is no manager's head: a tech lead is a developer
        ("Data analyst and project manager\n", [("title_manager", "project manager")]),  # a conjunction
        ("Digital marketing manager\n", [("title_manager", "Digital marketing manager")]),  # no qualifier
        ("Software manager\n", [("title_it_operations", "Software manager")]),  # the lexicon's own title
        ("Head of Sales\n", []),
        ("Head of IT and HR\n", [("title_it_manager", "Head of IT")]),  # heads IT (and HR)
        ("IT business intelligence project manager\n", [("title_manager", "project manager")]),  # too far
        ("Construction Project Manager\n", [("title_manager", "Construction Project Manager")]),
        # functions an IT manager does not manage keep the lexicon's reading (review, 2026-12-07)
        ("IT Sales Manager\n", [("title_manager", "Sales Manager")]),
        ("Data Entry Manager\n", []),
        ("Cloud Kitchen Manager\n", []),
        ("Tech Store Manager | Fabrikam | 2015 - 2019\n", []),
        ("Head of Computer Science\n", []),
        ("Data-driven Marketing Manager\n", [("title_manager", "Marketing Manager")]),
        ("Data-driven marketing manager with 8 years of experience.", []),
    ],
)
def test_a_title_without_an_it_qualifier_in_front_keeps_its_lexicon_reading(text, expected):
    assert [(c, t) for c, t, *_ in _titles(text)] == expected


def test_the_qualified_titles_rule_round_trips_and_an_empty_rule_does_nothing(tmp_path):
    from rolefit.nlp._rules import default_rules

    tm = TitleMatcher(spacy.blank("en"), qualified_titles=default_rules().qualified_titles)
    tm.add_titles({"project manager": "title_manager"})
    assert tm.find("IT Project Manager") == [(0, 18, "title_it_manager")]
    tm.to_disk(tmp_path / "tm")
    back = TitleMatcher(spacy.blank("en")).from_disk(tmp_path / "tm")
    assert back.find("IT Project Manager") == [(0, 18, "title_it_manager")]
    assert TitleMatcher(spacy.blank("en")).from_bytes(tm.to_bytes()).find("IT Project Manager") == [
        (0, 18, "title_it_manager")]
    plain = _matcher({"project manager": "title_manager"})
    assert plain.find("IT Project Manager") == [(3, 18, "title_manager")]


_RULE = {"class": "title_it_manager", "qualifiers": ["it"], "heads": ["manager"]}


@pytest.mark.parametrize(
    ("block", "rule", "problem"),
    [
        ({"rules": [{**_RULE, "class": ""}]}, "qualified_titles[0]", "'class'"),
        ({"rules": [_RULE, {**_RULE, "qualifiers": ["IT"]}]}, "qualified_titles[1]", "'qualifiers'"),
        ({"rules": [{**_RULE, "heads": []}]}, "qualified_titles[0]", "'heads' must list"),
        ({"rules": [{**_RULE, "max_between": -1}]}, "qualified_titles[0]", "max_between"),
        ({"rules": [{**_RULE, "head": ["x"]}]}, "qualified_titles[0]", "unknown key"),
        ({"rules": [_RULE], "rule": []}, "qualified_titles", "unknown key"),
        ({"rules": _RULE}, "qualified_titles", "list 'rules'"),
        ({"rules": [{**_RULE, "qualifiers": [""]}]}, "qualified_titles[0]", "'qualifiers'"),
        ({"rules": [_RULE], "leading": ["Senior"]}, "qualified_titles", "'leading'"),
    ],
)
def test_a_malformed_qualified_titles_rule_names_the_rule_and_the_problem(block, rule, problem):
    from rolefit.nlp._rules import check_qualified_titles

    with pytest.raises(TaxonomyError, match="RF008") as err:
        check_qualified_titles("rules.json", block)
    assert repr(rule) in str(err.value) and problem in str(err.value)


def test_a_malformed_qualified_titles_setting_of_the_component_is_rf008_not_a_key_error():
    with pytest.raises(TaxonomyError, match="RF008"):
        TitleMatcher(spacy.blank("en"), qualified_titles={"rules": [{"qualifiers": ["it"], "heads": ["manager"]}]})


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Software Developer\n\nSummary\nBuilds services.", "Software Developer"),
        ("Software engineer\n", "Software engineer"),
        ("Senior Python Developer | Acme | 2019 - 2022\n", "Python Developer"),
        ("Lead .NET Developer\n", ".NET Developer"),
        ("C++ programmer, Contoso, 2015 - 2018\n", "C++ programmer"),
        ("iOS developer\n", "iOS developer"),
        ("Software developer with 5 years of experience in fintech.", "Software developer"),
        ("Full Stack Developer\n", "Full Stack Developer"),  # a lexicon title of mixed class
        ("Full-Stack Developer\n", "Full-Stack Developer"),
        ("Java and Python developer\n", "Java and Python developer"),
        ("Python/Django Developer\n", "Python/Django Developer"),
        ("C/C++ Developer\n", "C/C++ Developer"),
        ("Interim Software Engineer\n", "Software Engineer"),
        ("Mobile App Developer\n", "Mobile App Developer"),
    ],
)
def test_a_developers_title_with_a_software_qualifier_is_a_software_developers_title(text, surface):
    """Regression: O*NET's Software Developers are held out of the lexicon, so "Software
    Developer" was read by its tail, "developer", a photographic-processing title."""
    assert [(c, t) for c, t, *_ in _titles(text)] == [("title_software", surface)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare "developer" is recognised without class: O*NET's training occupations know it only
        # as photographic processing, a CV mostly as software, whose occupations are held out
        ("Real estate developer\n", []),
        ("Photo developer\n", []),
        ("Junior Developer with 2 years of experience.", []),
        ("Java and HR developer\n", []),  # "hr" is no qualifier
        ("Data Engineer\n", [("title_data_ml", "Data Engineer")]),  # the lexicon's own title
        ("Mobile Crane Engineer\n", [("title_other", "Crane Engineer")]),
        ("Software Sales Engineer\n", [("title_other", "Sales Engineer")]),
        ("Full Stack Engineer\n", [("title_engineering_science", "Full Stack Engineer")]),  # O*NET's class
    ],
)
def test_a_developer_title_without_a_software_qualifier_keeps_its_lexicon_reading(text, expected):
    assert [(c, t) for c, t, *_ in _titles(text)] == expected


def test_an_it_qualified_project_managers_title_raises_ai_ops_above_the_same_title_outside_it(scorer):
    """A recruiter reads "IT Project Manager" as the managerial IT family the AI-ops labels stand for;
    it must not count as a manager outside IT (which lowers the AI-ops probability)."""
    body = "\n\nSummary\nPlanned releases with Jira and Confluence, ran Scrum ceremonies, managed stakeholders."
    it_pm = scorer.score("IT Project Manager" + body).roles["ai_operations_manager"]
    pm = scorer.score("Construction Project Manager" + body).roles["ai_operations_manager"]
    assert it_pm.probability > pm.probability
    assert dict(it_pm.contributions)["title_it_manager"] > 0


def test_the_bundled_qualified_titles_rules_name_title_classes_of_the_taxonomy():
    """Every ``class`` and ``replaces`` entry of the bundled qualified-title rules is a
    ``job_title`` concept of the bundled taxonomy (``""`` in ``replaces``: a lexicon title of
    mixed class). The pipeline drops a rule whose class its taxonomy lacks (a user's taxonomy
    without title classes), so a typo in the bundled data would silently switch a rule off, and
    one in ``replaces`` would never match."""
    from rolefit.nlp._rules import default_rules
    from rolefit.taxonomy import default_taxonomy

    classes = {c.id for c in default_taxonomy().concepts if c.kind == "job_title"}
    rules = default_rules().qualified_titles["rules"]
    assert rules
    for rule in rules:
        assert rule["class"] in classes, rule["class"]
        assert set(rule["replaces"]) <= classes | {""}, set(rule["replaces"]) - classes - {""}
