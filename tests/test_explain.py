"""Explanations: plain text and HTML, every claim tied to a span; escaping; determinism."""

from __future__ import annotations

import hashlib
import html
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import escape_html

from rolefit.errors import InputTypeError
from rolefit.explain import (
    GROUP_COLORS,
    GROUP_TERM_NAMES,
    NEGATED_COLOR,
    REPLACED_PROFILES_NOTE,
    SIMILARITY_MEANING,
    explain_text,
    to_html,
)
from rolefit.schema import NOT_FOUND_LABEL, Concept, RoleProfile, RoleScore, ScoreResult, SkillMention
from rolefit.taxonomy import Taxonomy

CV = (
    "Jane Example\n"
    "Skills: K8s, Docker, <script>alert('x')</script>\n"
    "Experience: led risk management & Scrum ceremonies.\n"
    "No experience with Terraform."
)


def small_taxonomy(**labels: str) -> Taxonomy:
    def label(cid: str, default: str) -> str:
        return labels.get(cid, default)

    concepts = (
        Concept("kubernetes", label("kubernetes", "Kubernetes"), "technical", "tool", ("k8s",)),
        Concept("docker", label("docker", "Docker"), "technical", "tool"),
        Concept("terraform", label("terraform", "Terraform"), "technical", "tool"),
        Concept("mlflow", label("mlflow", "MLflow"), "technical", "tool"),
        Concept("risk_management", label("risk_management", "Risk management"), "managerial", "skill"),
        Concept("scrum", label("scrum", "Scrum"), "managerial", "methodology"),
        Concept("pmp", label("pmp", "PMP"), "managerial", "certification"),
    )
    profiles = {
        "mlops_engineer": RoleProfile(
            "mlops_engineer",
            labels.get("mlops_role", "MLOps engineer"),
            {"kubernetes": 0.85, "docker": 0.7, "terraform": 0.5, "mlflow": 0.4},
        ),
        "ai_operations_manager": RoleProfile(
            "ai_operations_manager",
            "AI operations manager",
            {"risk_management": 0.75, "scrum": 0.5, "pmp": 0.45},
        ),
    }
    return Taxonomy(concepts, profiles)


TAX = small_taxonomy()


def mention(text: str, surface: str, cid: str, section: str, negated: bool = False, label: str | None = None):
    start = text.index(surface)
    return SkillMention(start, start + len(surface), cid, label or surface, surface, section, negated)


def make_result(text: str = CV, reason: str | None = None) -> ScoreResult:
    k8s = mention(text, "K8s", "kubernetes", "skills", label="Kubernetes")
    docker = mention(text, "Docker", "docker", "skills")
    risk = mention(text, "risk management", "risk_management", "experience", label="Risk management")
    scrum = mention(text, "Scrum", "scrum", "experience")
    terraform = mention(text, "Terraform", "terraform", "experience", negated=True)
    roles = {
        "mlops_engineer": RoleScore(
            "mlops_engineer", 0.87, "review" if reason else "fit", 0.55, (k8s, docker),
            ("terraform", "mlflow"), reason, (("kubernetes", 0.124), ("docker", 0.051), ("scrum", 0.0)),
        ),
        "ai_operations_manager": RoleScore(
            "ai_operations_manager", 0.31, "review" if reason else "no_fit", 0.4, (risk, scrum),
            ("pmp",), reason, (("risk_management", 0.2), ("scrum", 0.1)),
        ),
    }
    return ScoreResult(
        roles=roles,
        mentions=tuple(sorted((k8s, docker, risk, scrum, terraform))),
        model_id="test-model",
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
    )


# ---------------------------------------------------------------------- plain text


def test_explain_names_roles_probabilities_and_labels():
    out = explain_text(make_result(), taxonomy=TAX)
    assert "MLOps engineer (mlops_engineer): probability 0.87, label fit, profile similarity 0.55" in out
    assert "AI operations manager (ai_operations_manager): probability 0.31, label no_fit" in out


def _additive_result() -> ScoreResult:
    """make_result with exact log-odds terms: a ``similarity`` group term of +0.06 beside a
    profile similarity of 1.00 (the two numbers the new user could not tell apart)."""
    r = make_result()
    rs = r.roles["mlops_engineer"]
    additive = RoleScore(
        rs.role, rs.probability, rs.label, 1.0, rs.evidence, rs.missing, None, rs.contributions,
        (("concepts", 0.175), ("similarity", 0.06), ("groups", 0.0), ("kinds", 0.0)), -0.2, "log-odds",
    )
    return ScoreResult({**r.roles, "mlops_engineer": additive}, r.mentions, r.model_id, r.text_sha256, r.text)


def test_explain_says_what_the_profile_similarity_and_the_similarity_term_are():
    """Regression (new user, 2026-12): "profile similarity 1.00" in the role line and "+0.06
    similarity" in the log-odds line read as one number shown twice. The first is the weighted
    share of the role profile the CV covers (0-1), the second the model's own feature term in
    log-odds, against the profiles the model was trained with."""
    out = explain_text(_additive_result(), taxonomy=TAX)
    meaning = SIMILARITY_MEANING.format(profile="role profile")
    assert f"label fit, profile similarity 1.00 ({meaning})" in out
    assert "weighted share of the role profile the CV covers, 0-1" in out
    assert f"+0.06 {GROUP_TERM_NAMES['similarity']} " in out
    assert "+0.06 similarity (model feature, trained profiles) +0.00 groups" in out
    assert "+0.06 similarity +0.00" not in out  # the old, bare wording
    assert "--profiles" not in out  # no replaced profile: no note


def test_explain_names_a_replaced_profile_and_says_the_similarity_term_ignores_it():
    """With a --profiles profile for one role, that role's similarity names the file and the
    log-odds line says the model's similarity term is not measured against it; the other role
    keeps the bundled profile and gets no note."""
    source = "--profiles prof.csv"
    out = explain_text(_additive_result(), taxonomy=TAX, replaced_profiles={"mlops_engineer": source})
    assert "profile similarity 1.00 (weighted share of the profile from --profiles prof.csv the CV covers, 0-1)" in out
    note = REPLACED_PROFILES_NOTE.format(source=source)
    assert out.count(note) == 1
    assert "measured against the profiles it was trained with, not the profile from --profiles prof.csv" in note
    lines = out.splitlines()
    assert lines[lines.index("  " + note) - 1].startswith("  Log-odds ")
    ai_ops = next(line for line in lines if line.startswith("AI operations manager"))
    assert "(weighted share of the role profile the CV covers, 0-1)" in ai_ops


def test_explain_html_says_what_the_profile_similarity_and_the_similarity_term_are():
    source = "--profiles prof.csv"
    page = to_html(_additive_result(), taxonomy=TAX, replaced_profiles={"mlops_engineer": source})
    assert "<th>Profile similarity</th>" in page and "<th>Similarity</th>" not in page
    assert escape_html("1.00 (weighted share of the profile from --profiles prof.csv the CV covers, 0-1)") in page
    assert escape_html("0.40 (weighted share of the role profile the CV covers, 0-1)") in page
    assert escape_html("similarity (model feature, trained profiles) +0.06") in page
    assert page.count(html.escape(REPLACED_PROFILES_NOTE.format(source=source))) == 1
    assert "--profiles" not in to_html(_additive_result(), taxonomy=TAX)


def test_explain_quotes_evidence_with_offsets_and_section():
    result = make_result()
    out = explain_text(result, taxonomy=TAX)
    for rs in result.roles.values():
        for m in rs.evidence:
            assert f'"{m.text}" at [{m.start_char}, {m.end_char}) in {m.section}' in out
            assert CV[m.start_char : m.end_char] == m.text
    assert '- Kubernetes (+0.12): "K8s" at [' in out


def test_explain_lists_negated_mention_with_offsets():
    result = make_result()
    (neg,) = [m for m in result.mentions if m.negated]
    out = explain_text(result, taxonomy=TAX)
    assert "negated/not practised" in out
    assert f'Terraform: "Terraform" at [{neg.start_char}, {neg.end_char}) in experience' in out
    contributed = out.split("Ignored mentions")[0]
    assert f"[{neg.start_char}, {neg.end_char})" not in contributed


def test_explain_lists_missing_concepts_with_profile_weight():
    out = explain_text(make_result(), taxonomy=TAX)
    # worded as what rolefit did not find, not as a gap of the candidate ("Missing from the CV")
    assert f"  {NOT_FOUND_LABEL} (profile weight):" in out and "Missing from the CV" not in out
    assert f"<th>{NOT_FOUND_LABEL}</th>" in to_html(make_result(), taxonomy=TAX)
    assert "    - Terraform (0.50)" in out
    assert "    - MLflow (0.40)" in out
    assert "    - PMP (0.45)" in out


def test_explain_orders_contributors_by_contribution():
    out = explain_text(make_result(), taxonomy=TAX)
    mlops = out.split("MLOps engineer (")[1]
    assert mlops.index("Kubernetes (+0.12)") < mlops.index("Docker (+0.05)")


def test_explain_top_limits_concepts_per_role():
    out = explain_text(make_result(), taxonomy=TAX, top=1)
    mlops = out.split("MLOps engineer (")[1].split("Ignored")[0]
    assert "Kubernetes" in mlops and "Docker" not in mlops
    assert "Terraform (0.50)" in mlops and "MLflow" not in mlops


def test_explain_shows_reason_for_review():
    out = explain_text(make_result(reason="the text is mostly not English"), taxonomy=TAX)
    assert out.count("Reason for review: the text is mostly not English") == 2


def test_explain_unknown_concept_falls_back_to_mention_label():
    tiny = Taxonomy((Concept("docker", "Docker", "technical", "tool"),), {})
    out = explain_text(make_result(), taxonomy=tiny)
    assert '- Kubernetes (+0.12): "K8s"' in out  # label stored in the mention
    assert "mlops engineer (mlops_engineer)" in out  # no profile: role id with spaces
    assert "    - terraform (weight unknown)" in out


def test_explain_contribution_without_evidence_mention_is_not_claimed():
    result = make_result()
    rs = result.roles["mlops_engineer"]
    ghost = RoleScore(rs.role, rs.probability, rs.label, rs.similarity, rs.evidence, rs.missing, None,
                      (("mlflow", 0.3), *rs.contributions))
    out = explain_text(ScoreResult({"mlops_engineer": ghost}, result.mentions, "m", result.text_sha256, CV), taxonomy=TAX)
    assert "MLflow (+0.30)" not in out


@pytest.mark.parametrize("top", [-1, 1.5, True, "3"])
def test_explain_rejects_bad_top(top):
    with pytest.raises(InputTypeError):
        explain_text(make_result(), taxonomy=TAX, top=top)


def test_explain_is_deterministic_for_equal_results():
    a = make_result()
    b = pickle.loads(pickle.dumps(make_result()))
    assert explain_text(a, taxonomy=TAX) == explain_text(b, taxonomy=TAX)
    assert to_html(a, taxonomy=TAX) == to_html(b, taxonomy=TAX)


@pytest.mark.slow
def test_explain_is_deterministic_across_hash_seeds():
    """Output must not depend on set/dict hashing: run under two PYTHONHASHSEED values."""
    script = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]);"
        "from test_explain import make_result, TAX;"
        "from rolefit.explain import explain_text, to_html;"
        "r = make_result();"
        "print(hashlib.sha256((explain_text(r, taxonomy=TAX) + to_html(r, taxonomy=TAX)).encode()).hexdigest())"
    )
    tests_dir = str(Path(__file__).resolve().parent)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script, tests_dir], env=env, capture_output=True, text=True, check=True
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1


# ---------------------------------------------------------------------- HTML


def test_explain_html_is_standalone_page_with_both_roles():
    page = to_html(make_result(), taxonomy=TAX)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "MLOps engineer" in page and "AI operations manager" in page
    assert "<table" in page and "0.87" in page and "0.31" in page


def test_explain_html_says_it_is_decision_support_and_a_person_decides():
    """New-user trial (2026-12-07): only the shortlist page carried the notice; the single-CV
    page (`rolefit score --html`) shows labels a recruiter could act on alone."""
    from rolefit.report import NOTICE
    from rolefit.schema import DECISION_SUPPORT_NOTICE

    page = to_html(make_result(), taxonomy=TAX)
    assert "<strong>Decision support, a person decides.</strong>" in page
    assert escape_html(DECISION_SUPPORT_NOTICE.split(". ", 1)[1]) in page and "read the CV." in page
    assert NOTICE.startswith(DECISION_SUPPORT_NOTICE)  # one home for the wording


def test_explain_html_contains_each_mention_text():
    result = make_result()
    page = to_html(result, taxonomy=TAX)
    for m in result.mentions:
        assert escape_html(m.text) in page
    assert "risk management" in page  # a multi-word mention stays contiguous


def test_explain_html_escapes_script_in_cv():
    page = to_html(make_result(), taxonomy=TAX)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page


def test_explain_html_escapes_taxonomy_labels():
    evil = small_taxonomy(kubernetes="<img src=x onerror=alert(1)>", mlops_role="<b>MLOps</b>")
    page = to_html(make_result(), taxonomy=evil)
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_explain_html_labels_and_colours_negated_mentions():
    page = to_html(make_result(), taxonomy=TAX)
    assert "Terraform (negated)" in page
    assert f"background: {NEGATED_COLOR}; top:" in page
    assert f"background: {GROUP_COLORS['technical']}; top:" in page
    assert f"background: {GROUP_COLORS['managerial']}; top:" in page


def test_explain_html_keeps_line_breaks():
    page = to_html(make_result(), taxonomy=TAX)
    body = page.split('<div class="cv">')[1]
    assert body.count("<br>") == CV.count("\n")


_ALPHABET = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ue000")


@settings(max_examples=60)
@given(
    text=st.text(alphabet=st.one_of(st.sampled_from("<>&\"' \n/script"), _ALPHABET), max_size=80),
    cuts=st.lists(st.integers(0, 80), max_size=6),
    negated=st.booleans(),
)
def test_explain_html_escapes_any_text_and_shows_every_mention(text, cuts, negated):
    points = sorted({c for c in cuts if c <= len(text)})
    mentions = tuple(
        SkillMention(a, b, "docker", "Docker", text[a:b], "other", negated)
        for a, b in zip(points[::2], points[1::2])
        if a < b
    )
    result = ScoreResult({}, mentions, "m", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), text)
    page = to_html(result, taxonomy=TAX)
    assert "<script" not in page.split('<div class="cv">')[1].lower()
    for m in mentions:
        assert escape_html(m.text) in page


def test_explain_html_refuses_result_without_its_text():
    result = make_result()
    rebuilt = ScoreResult(result.roles, result.mentions, result.model_id, result.text_sha256)  # no text
    with pytest.raises(InputTypeError, match="RF409"):
        to_html(rebuilt, taxonomy=TAX)


def test_explain_public_functions_use_bundled_taxonomy(concept_of):
    """rolefit.explain_text(result)/rolefit.to_html(result) default to the bundled taxonomy;
    the value types carry no rendering (schema imports nothing of rolefit)."""
    import rolefit
    from rolefit.nlp import extract_skills

    text = "Skills: K8s, Docker, risk management.\nNo experience with Terraform."
    mentions = extract_skills(text)
    evidence = tuple(m for m in mentions if not m.negated and m.concept_id != concept_of("risk management"))
    rs = RoleScore("mlops_engineer", 0.8, "fit", 0.5, evidence, (concept_of("MLflow"),), None,
                   ((concept_of("Kubernetes"), 0.2),))
    result = ScoreResult({"mlops_engineer": rs}, mentions, "m", hashlib.sha256(text.encode()).hexdigest(), text)
    assert not hasattr(result, "explain") and not hasattr(result, "to_html")
    out = rolefit.explain_text(result)
    assert out == explain_text(result)
    k8s = text.index("K8s")
    assert f'- Kubernetes (+0.20): "K8s" at [{k8s}, {k8s + 3}) in skills' in out
    assert f'Terraform: "Terraform" at [{text.index("Terraform")}, {text.index("Terraform") + 9})' in out
    assert "MLflow (" in out
    page = rolefit.to_html(result)
    assert "Terraform (negated)" in page and "K8s" in page


def test_explain_log_odds_formula_has_no_double_minus():
    """Regression: a negative log-odds total printed as ``exp(--4.87)``."""
    import rolefit

    out = rolefit.explain_text(rolefit.score("Experience\nChef at a restaurant. Skills: Python, Docker."))
    assert "exp(--" not in out and "exp(-+" not in out
    assert "probability = 1 / (1 + exp(" in out


@given(st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True))
def test_format_probability_never_shows_a_certainty_inside_0_1(p):
    from rolefit.explain import format_probability

    text = format_probability(p)
    assert text not in ("0.00", "1.00")
    if text[0] in "<>":
        assert (p < 0.005) if text[0] == "<" else (p >= 0.995)
    else:
        assert abs(float(text) - p) <= 0.005 + 1e-12


def test_format_probability_of_a_no_fit_cv_is_below_a_hundredth_not_zero():
    """Regression: ``make run`` printed "no fit 0.00" for a UX designer CV with p = 0.0021."""
    from rolefit.explain import format_probability

    assert format_probability(0.002117) == "<0.01"
    assert format_probability(0.99871) == ">0.99"
    assert format_probability(0.4249) == "0.42"
    assert format_probability(0.002117, digits=3) == "0.002"
    assert format_probability(0.999999, digits=3) == ">0.999"  # the shortlist page's 3 decimals


def test_to_html_escapes_a_probability_shown_as_below_a_hundredth():
    """A probability printed ``<0.01`` is text in the HTML table, not the start of a tag."""
    import rolefit

    cv = rolefit.read_text(Path(__file__).resolve().parents[1] / "examples" / "cvs" / "ux_designer.docx")
    result = rolefit.score(cv)
    assert min(rs.probability for rs in result.roles.values()) < 0.005  # shown as <0.01
    html_text = rolefit.to_html(result)
    assert "<td>&lt;0.01</td>" in html_text and "<td><0.01" not in html_text


@pytest.mark.parametrize("cv", [
    "Experience\nML engineer: machine learning with PyTorch and TensorFlow, MLflow, MLOps, Kubernetes, Docker.",
    "Experience\nProject manager: SAFe, Scrum, Jira, risk management, stakeholder management, budgets.",
])
def test_contributed_most_never_lists_a_skill_that_added_nothing(cv):
    """Regression: "Machine learning (+0.00)" was listed under "Contributed most" for AI operations;
    a concept whose term rounds to zero is named on an "Also found" line instead."""
    import rolefit
    from rolefit.explain import explain_text

    text = explain_text(rolefit.score(cv))
    assert "(+0.00)" not in text
    assert "(-0.00)" not in text.split("Lowered it")[0]
