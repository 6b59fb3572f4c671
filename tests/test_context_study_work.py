"""Skills named as study work, not practice (stop 27): course lists under a line that names the
course, a school or provider after or before a course title, "(40 hours)" course items, what a
course taught ("I learned such technologies as ..."), study projects, degree subjects. Short
synthetic sentences, both sides: the study mention is not credited, and near-miss sentences
where the skill is practised (a job after the course, a trainer who teaches the course, a job
at a school) stay credited."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from rolefit.errors import TaxonomyError
from rolefit.nlp import extract_skills
from rolefit.nlp._rules import rules_from_data


def marked(text: str, concept: str) -> bool | None:
    """Whether the mentions of ``concept`` in ``text`` are all marked as not practised (None: no mention)."""
    ms = [m for m in extract_skills(text) if m.concept_id == concept]
    return None if not ms else all(m.negated for m in ms)


def _rules_data() -> dict:
    return json.loads(resources.files("rolefit.data").joinpath("context_rules.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ a line naming the course, its list under it
@pytest.mark.parametrize(("text", "concept"), [
    ("Graduated from the Acme QA (Manual) course.\n- Test design; JIRA; Regression testing", "jira"),
    ("Graduated from the Acme QA (Manual) course.\n- Test design; JIRA; Regression testing", "regression_testing"),
    ("Project Management in IT | Beetroot Academy\n- Principles of Agile and Scrum\n- Risk management", "agile"),
    ("ADDITIONAL EDUCATION:\nPM School\n• Creating a Work Breakdown Structure\n• Risk analysis", "risk_assessment"),
    ("Data Science bootcamp\n1. Pandas and NumPy\n2. Machine learning with scikit-learn", "pandas"),
    ("Completed an IT Project Management course that gave me:\n- Knowledge of Jira and Confluence\n- Gantt charts", "jira"),
    ("Project Management at Hillel\nObtained knowledge:\n1. Stakeholder management\n2. PM tools: Trello, Jira", "trello"),
])
def test_list_under_a_course_line_is_study(text: str, concept: str) -> None:
    assert marked(text, concept) is True


@pytest.mark.parametrize(("text", "concept"), [
    # the course line's list ends at a job the candidate held after it
    ("Graduated from the Acme QA course.\n- Test design\nQA Engineer at Initech\n- Tracked bugs in JIRA", "jira"),
    # a line that names a course in the middle, not at its end: no label of the lines under it
    ("After the DevOps course I joined Initech\n- Ran Kubernetes clusters in production", "kubernetes"),
    # a trainer's own course: teaching is practice
    ("Trainer of the Docker course\n- Taught Docker and Kubernetes to 40 engineers", "docker"),
    ("Mentor at GoIT Academy\n- Mentored students in JavaScript and React", "react"),
    # a blank line ends the list
    ("Completed a Python course.\n\n- Built Django services with Python at Acme", "django"),
    # the course word opens the line but does not end it: an employer's name
    ("Acme Academy, Backend Developer\n- Built REST APIs with Django", "django"),
])
def test_list_under_a_course_line_near_misses_stay_practised(text: str, concept: str) -> None:
    assert marked(text, concept) is False


def test_ends_line_needs_a_paragraph_scope() -> None:
    data = _rules_data()
    cue = copy.deepcopy(next(c for c in data["cues"] if c["id"] == "study_course_line"))
    del cue["scope"], cue["scope_ends_with"]
    cue["id"] = "x_ends_line"
    data["cues"].append(cue)
    with pytest.raises(TaxonomyError, match="RF008.*ends_line"):
        rules_from_data(data)


# ------------------------------------------------------------------ course lists and providers
@pytest.mark.parametrize(("text", "concept"), [
    ("Courses (a training centre): - Software testing (50 hours); - Practical SQL (32 hours)", "sql"),
    ("- Performance testing (6 hours)", "performance_testing"),
    ("Agile Project Management | Beetroot Academy", "agile"),
    ("Basics of Web Design from Projector Institute", "web_design"),
    ("Software Testing - QALight; HTML/CSS - QALight", "html"),
    ("It Step Academy Java course, 2021", "java"),
    ("Certificate \"Basics of web design\" from an online school", "web_design"),
    ("Two months ago I began classes through Udemy on Python and MySQL.", "mysql"),
    ("Online courses for Project Manager, graduated in June 2023", "project_management"),
    ("Data Analyst Specialization: • Excel Basics for Data Analysis • Python for Data Science", "python"),
])
def test_course_lists_and_providers_are_study(text: str, concept: str) -> None:
    assert marked(text, concept) is True


@pytest.mark.parametrize(("text", "concept"), [
    # a job at a school, a provider's employee, a trainer
    ("Python Developer at GoIT, built the learning platform with Django", "django"),
    ("Senior Java Engineer | Mate Academy", "java"),
    ("Taught JavaScript at Hillel IT School for two years", "javascript"),
    # hours that are no course: a load test's length
    ("Ran JMeter load tests for 12 hours on the payment API", "apache_jmeter"),
    # a specialization named as the candidate's work area, not a course
    ("Backend developer with 5 years of Python; specialization: payments", "python"),
    # a degree's field label, then a job in the same flattened line
    ("Master, Specialization: Law. Accountant, 2020-2022: kept the documentation of contracts", "documentation"),
])
def test_course_lists_and_providers_near_misses_stay_practised(text: str, concept: str) -> None:
    assert marked(text, concept) is False


# ------------------------------------------------------------------ what a course taught
@pytest.mark.parametrize(("text", "concept"), [
    ("During the course I did two team projects. I learned such technologies as HTML5, CSS3 and React.", "react"),
    ("At the academy I have learned a range of skills including Pandas, NumPy and Tableau.", "tableau"),
    ("- Learned to use such tools as Slack, Notion, Miro and Jira;", "jira"),
    ("In PM courses I get to know about SDLC, risk management, work in Jira and Confluence.", "confluence"),
    ("I got acquainted with the methodologies of software development, in particular: Scrum, Kanban.", "kanban"),
])
def test_what_a_course_taught_is_study(text: str, concept: str) -> None:
    assert marked(text, concept) is True


@pytest.mark.parametrize(("text", "concept"), [
    # learnt on the job, used in production, or taught to others
    ("At Acme I learned tools such as Terraform and deployed them in production.", "terraform"),
    ("I helped the team learn tools such as Docker and Helm.", "helm"),
    ("I learned such technologies as Kafka while working on the billing platform at Acme.", "apache_kafka"),
    ("Learned to work with Kubernetes on a commercial project for a bank.", "kubernetes"),
])
def test_what_a_course_taught_near_misses_stay_practised(text: str, concept: str) -> None:
    assert marked(text, concept) is False


# ------------------------------------------------------------------ study projects and degree subjects
@pytest.mark.parametrize(("text", "concept"), [
    ("Educational team project \"ShopApp\" (HTML, SASS, JavaScript): an online shop.", "sass"),
    ("I have two educational projects (landing page, redesign) made with Figma and Photoshop.", "photoshop"),
    ("Built a hospital database for a course project, using SQL Server and C#.", "csharp"),
    ("Finished my diploma project using Java and the Spring framework.", "spring"),
    ("I graduated from university with a specialty in graphic design.", "graphic_design"),
    ("A fourth-year student majoring in Information Security.", "information_security"),
    ("6 months of training as an IT project manager.", "project_management"),
])
def test_study_projects_and_degree_subjects_are_study(text: str, concept: str) -> None:
    assert marked(text, concept) is True


@pytest.mark.parametrize(("text", "concept"), [
    # supervising students' projects, a project for a client, a project manager role
    ("Supervised course projects in Java and Spring for third-year students.", "spring"),
    ("Training project for a client: a Django portal used by 3,000 employees.", "django"),
    ("Course project manager at an edtech company, ran Scrum ceremonies.", "scrum"),
    # a degree-subject word that is the candidate's own work
    ("My specialization in Kubernetes operators grew out of three years of platform work.", "kubernetes"),
])
def test_study_projects_and_degree_subjects_near_misses_stay_practised(text: str, concept: str) -> None:
    assert marked(text, concept) is False


# ------------------------------------------------------------------ a paragraph opened by a course taken
@pytest.mark.parametrize(("text", "concept"), [
    ("I enrolled in a web development course this year. We made landing pages with React and Redux.", "redux"),
    ("As a recent graduate of Acme Design Academy, I designed a salon app. I learned how to conduct user research.", "user_research"),
    ("During my UI / UX design courses I created several projects in Figma.", "figma"),
    ("I took a course on design tools: Webflow and Tilda.", "content_management_systems"),
])
def test_a_paragraph_opened_by_a_course_taken_is_study(text: str, concept: str) -> None:
    assert marked(text, concept) is True


@pytest.mark.parametrize(("text", "concept"), [
    # the paragraph turns to a job, to work since the course, or to a freelance order
    ("I completed a DevOps course in 2019. Since then I have run Kubernetes clusters at Acme.", "kubernetes"),
    ("I finished a Python course. Then I worked as a developer, writing Django services.", "django"),
    ("I completed a design course. I took freelance orders in Figma for two years.", "figma"),
    # a course the candidate teaches
    ("I joined the academy's DevOps course as a trainer and taught Terraform.", "terraform"),
])
def test_a_paragraph_opened_by_a_course_taken_near_misses_stay_practised(text: str, concept: str) -> None:
    assert marked(text, concept) is False
