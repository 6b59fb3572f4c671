"""Readings a new-user trial found wrong in the bundled sample CVs (stop 27), as regression
tests with synthetic variants: the adjective "safe" read as SAFe, a team that benefits from
the work read as a team led."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rolefit import extract_skills


def _practised(text: str) -> set[str]:
    return {m.concept_id for m in extract_skills("Hello.\n" + text) if not m.negated}


@pytest.mark.parametrize(
    "text",
    [
        "AI operations manager who makes AI programmes safe, compliant and delivered on time.",
        "Kept the platform safe, stable and cheap to run.",
        "Ensured data stays safe and auditable.",
    ],
)
def test_the_adjective_safe_is_no_scaled_agile_framework(text):
    assert "safe" not in _practised(text)


@pytest.mark.parametrize(
    "text",
    [
        "Skills\nsafe, scrum, kanban",
        "Scaled delivery with SAFe and Scrum across five teams.",
        "Ran PI planning as part of SAFe.",
    ],
)
def test_safe_written_as_the_framework_or_in_a_skills_section_stays(text):
    assert "safe" in _practised(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Ran Docker builds for our team.", "team_leadership"),
        ("Managed releases for the QA team.", "team_leadership"),
        ("Developed business plans for various projects.", "project_management"),
        ("Prepared estimates for the project.", "project_management"),
    ],
)
def test_work_done_for_a_team_or_project_is_not_leading_it(text, concept):
    assert concept not in _practised(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Led a team of 5 engineers.", "team_leadership"),
        ("Built and grew our data science team.", "team_leadership"),
        ("Managed three client projects at once.", "project_management"),
        ("Managed budgets for projects of up to EUR 2M.", "budget_management"),
    ],
)
def test_leading_a_team_or_managing_projects_stays_credited(text, concept):
    assert concept in _practised(text)


@pytest.mark.parametrize("value", ["safe", ["Safe"], ["two words"], [3]])
def test_malformed_lower_case_words_is_rf008(value):
    from rolefit.errors import TaxonomyError
    from rolefit.nlp._rules import rules_from_data

    data = json.loads(resources.files("rolefit.data").joinpath("context_rules.json").read_text(encoding="utf-8"))
    data["sense"]["lower_case_words"] = value
    with pytest.raises(TaxonomyError, match="RF008.*lower_case_words"):
        rules_from_data(data, "rules.json")


@pytest.mark.parametrize("slot", ["*x", "*3!", "*3!for|", "*3!f0r", "*!for"])
def test_malformed_gap_slot_is_rf008(tmp_path, slot):
    from rolefit.errors import TaxonomyError
    from rolefit.taxonomy import load_activity_patterns

    path = tmp_path / "patterns.json"
    path.write_text(json.dumps({"patterns": [{"id": "p", "concept": "team_leadership",
                                              "pattern": ["lead", slot, "team"]}]}), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="RF008"):
        load_activity_patterns(path)


@pytest.mark.parametrize(
    "text",
    [
        "Head of ML Platform: I run the ML platform and ML infrastructure of the bank.",
        "Applied ML algorithms to tabular data.",
        "Building production-ready ML systems from scratch.",
    ],
)
def test_ml_platforms_systems_and_algorithms_are_machine_learning(text):
    """Regression: the sample ML platform lead's explanation listed Machine learning as "not
    found" though the CV names its ML platform and ML infrastructure (bare "ML" stays out:
    too many other senses)."""
    assert "machine_learning" in _practised(text)


def test_bare_ml_is_still_no_mention():
    assert "machine_learning" not in _practised("Dosage 5 ml twice a day; ML is my initials.")


@pytest.mark.parametrize(
    "text",
    [
        "I managed an AI chatbot project for a bank.",
        "Led the roll-out of AI-powered claims triage.",
        "Ran the AI programmes of the insurance group.",
    ],
)
def test_ai_written_with_its_object_is_artificial_intelligence(text):
    """Regression (new-user trial): "I managed an AI chatbot project" gave the AI-operations
    reason "no AI or ML evidence"; AI with its object (chatbot, project, platform, AI-powered)
    is AI evidence, while bare "AI" stays out (Adobe Illustrator in designers' CVs)."""
    assert "artificial_intelligence" in _practised(text)

def test_java_script_written_apart_is_javascript_not_java():
    """Regression (seed-179 reading): "Java Script" was read as Java."""
    found = _practised("Tools: HTML, CSS, Java Script, React.")
    assert "javascript" in found and "java" not in found


def test_prometheus_the_course_platform_is_no_monitoring_tool():
    """Regression (seed-179 reading, three rows): Prometheus, a Ukrainian course platform, read as
    the monitoring tool in course lists; a document about courses without any monitoring word
    drops it (a doc veto)."""
    text = "Courses:\n- Basics of project management (Prometheus)\n- Agile for managers (Prometheus)"
    assert "prometheus" not in _practised(text)


def test_prometheus_the_monitoring_tool_stays_in_a_cv_that_names_courses():
    text = "Completed AWS training courses.\nRun Prometheus and Grafana for 40 Kubernetes services."
    assert "prometheus" in _practised(text)
