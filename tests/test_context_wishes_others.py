"""Wishes, goals and someone else's work (stop 27): a job title or skill the candidate wants,
seeks, plans or expects is not practised; nor is the skill of another team, a team member the
candidate assigns tasks to, or a candidate a recruiter screens. Short synthetic sentences, both
sides: the kind is not credited, and near misses where the candidate practises the skill stay
credited."""

from __future__ import annotations

import pytest

from rolefit.nlp import extract_skills


def _marked(text: str, concept: str) -> bool:
    """Whether ``text`` has a mention of ``concept`` and every one is marked (not practised)."""
    found = [m for m in extract_skills(text) if m.concept_id == concept]
    assert found, f"{concept} not found in {text!r}"
    return all(m.negated for m in found)


def _practised(text: str, concept: str) -> bool:
    """Whether ``text`` has a practised (unmarked) mention of ``concept``."""
    found = [m for m in extract_skills(text) if m.concept_id == concept]
    assert found, f"{concept} not found in {text!r}"
    return any(not m.negated for m in found)


# ---------------------------------------------------------------- goals and wished-for roles

@pytest.mark.parametrize("text, concept", [
    ("My goal is to become a professional Project Manager in a product company.", "project_management"),
    ("My goals are to craft interfaces with a delightful user experience.", "ux_design"),
    ("My main goal is to grow into Kubernetes administration.", "kubernetes"),
    ("I envision my future career in the UI/UX design field.", "ui_ux_design"),
    ("I aim to become a well-known and successful UI/UX designer.", "ui_ux_design"),
    ("Eager to switch to project management after five years in retail.", "project_management"),
    ("I am willing to develop in project management because I like people.", "project_management"),
    ("Looking for a company where I can grow and develop in UI/UX design.", "ui_ux_design"),
    ("Have a strong desire to enter the UI/UX design field professionally.", "ui_ux_design"),
    ("I want to work like a graphic designer for a fashion brand.", "graphic_design"),
    ("Eager to obtain a position of Junior QA where I can apply my skills.", "quality_assurance"),
    ("I look forward to progressing in my project management career.", "project_management"),
])
def test_goals_and_wished_roles_are_not_practised(text, concept):
    assert _marked(text, concept)


@pytest.mark.parametrize("text, concept", [
    # a goal that names years of practice, a past goal, a goal reached
    ("My goal is to bring my 6 years of Kubernetes work to a bigger team.", "kubernetes"),
    ("I was eager to switch to project management and led 4 projects since then.", "project_management"),
    ("Helped me grow and develop in UI/UX design while I shipped 3 apps.", "ui_ux_design"),
    ("I worked as a Project Manager at a fintech company.", "project_management"),
])
def test_goal_words_beside_practice_keep_the_skill(text, concept):
    assert _practised(text, concept)


def test_start_of_a_career_path_is_a_wish_but_at_the_start_of_a_career_is_not():
    assert _marked("I am just starting my Project Manager career path.", "project_management")
    assert _marked("Hi! I am on a start of my QA career.", "quality_assurance")
    assert _practised("At the start of my QA career I tested banking apps.", "quality_assurance")


# ---------------------------------------------------------------- sought roles and their lists

@pytest.mark.parametrize("text, concept", [
    ("Ready to start as a Project Coordinator or Junior Project Manager.", "project_management"),
    ("I would be best suited for a project coordinator or junior project manager.", "project_management"),
    ("I am looking for such vacancies as Sales manager, Account manager or HR manager.", "sales"),
    ("I'm looking for a job in the position trainee/junior UI/UX designer.", "ui_ux_design"),
    ("Seeking a Project Manager profession with good career opportunities.", "project_management"),
    ("I prefer a role that focuses on planning, budgeting and risk management.", "risk_management"),
])
def test_sought_roles_and_their_lists_are_not_practised(text, concept):
    assert _marked(text, concept)


def test_the_purpose_of_a_sought_position_is_no_practice():
    text = ("I'm looking for a Project Manager position to support projects through planning, "
            "communication, risk management and time management.")
    for concept in ("project_management", "communication", "risk_management", "time_management"):
        assert _marked(text, concept), concept
    assert _marked("Looking for a role where I can use Docker every day.", "docker")
    assert _marked("Seeking positions where the process allows for thorough user research.", "user_research")


@pytest.mark.parametrize("text, concept", [
    ("I was looking for a role where I could use Docker and got it in 2021.", "docker"),
    ("We are looking for a team where Docker is used daily.", "docker"),
    ("I was ready to start as a Project Manager and have led 5 projects since then.", "project_management"),
    ("Looking for a role where I can keep using Docker, which I built our CI on.", "docker"),
])
def test_sought_roles_beside_practice_keep_the_skill(text, concept):
    assert _practised(text, concept)


# ---------------------------------------------------------------- preferences and expectations

@pytest.mark.parametrize("text, concept", [
    ("I would like to be part of a team that deals with UI/UX design.", "ui_ux_design"),
    ("I want to work in a company that uses Kubernetes and Terraform.", "kubernetes"),
    ("Become a member of a team, that runs the company's Kubernetes platform.", "kubernetes"),
    ("I look forward to working in a team of designers.", "teamwork"),
    ("I look forward to working with Kubernetes at your company.", "kubernetes"),
    ("I'd be glad to combine graphic and UX/UI designer duties in my future job.", "ui_ux_design"),
    ("I would like to work with MongoDB in my next project.", "mongodb"),
    ("I prefer not to take projects involving gambling game design.", "game_design"),
    ("I'd rather not work with PHP.", "php"),
    ("Planning to build my own app once I become more familiar with Flutter.", "flutter"),
    ("It would be great if the company had mentoring for juniors.", "mentoring_and_coaching"),
])
def test_preferences_and_expectations_are_not_practised(text, concept):
    assert _marked(text, concept)


@pytest.mark.parametrize("text, concept", [
    ("I look forward to applying my Kubernetes skills at your company.", "kubernetes"),
    ("I want to work in a company that values quality; I built Kubernetes clusters for 4 years.", "kubernetes"),
    ("Used Figma daily for 3 years in product teams.", "figma"),
    ("Mentoring of 3 junior developers in the company.", "mentoring_and_coaching"),
])
def test_preference_words_beside_practice_keep_the_skill(text, concept):
    assert _practised(text, concept)


# ---------------------------------------------------------------- plans for a certificate

def test_a_planned_certificate_is_not_held():
    assert _marked("Recently passed RHCSA. Soon I will get CKA.", "cka")
    assert _marked("Currently preparing for the CKA exam.", "cka")
    assert _practised("Certified Kubernetes Administrator (CKA), 2022.", "cka")


def test_a_plan_for_a_certificate_leaves_the_technology_alone():
    # only certification concepts: "preparing for Kubernetes upgrades" is work
    assert _practised("Preparing for Kubernetes upgrades and running them monthly.", "kubernetes")


# ---------------------------------------------------------------- someone else's team

@pytest.mark.parametrize("text, concept", [
    ("Worked closely with devs and SRE teams to fix outages.", "site_reliability_engineering"),
    ("Communication with the sales and product marketing teams.", "sales"),
    ("Implemented the process in collaboration with the UX team.", "ux_design"),
    ("Collaborated with marketing and sales teams on campaign goals.", "sales"),
    ("Regular sync with the DevOps team about releases.", "devops"),
    ("Worked together with the QA department on release plans.", "quality_assurance"),
])
def test_another_team_named_by_a_skill_is_not_the_candidates_practice(text, concept):
    assert _marked(text, concept)


@pytest.mark.parametrize("text, concept", [
    ("Led the DevOps team of 6 engineers.", "devops"),
    ("Built the QA team from scratch.", "quality_assurance"),
    ("Experience with Agile teams and Scrum ceremonies.", "agile"),
    ("I work with Jira, Trello, Slack and Microsoft Teams daily.", "slack"),
    ("Made a wiki with project documentation for team members.", "documentation"),
    ("Worked with the Agile mindset of team members.", "agile"),
    ("Jira synchronized with Slack for convenience and team communication.", "slack"),
    ("As a member of the DevOps team I built CI/CD pipelines.", "devops"),
])
def test_a_team_the_candidate_leads_or_belongs_to_keeps_the_skill(text, concept):
    assert _practised(text, concept)


def test_tasks_allocated_to_team_members_are_their_skills():
    text = "Allocating tasks for the team (back-end, front-end, iOS, Android, DevOps, QA)."
    for concept in ("ios", "android", "devops"):
        assert _marked(text, concept), concept
    assert _marked("Wrote the TOR for a designer, developers and a copywriter.", "copywriting")
    assert _practised("Wrote iOS features and allocated tasks to two juniors.", "ios")


def test_a_recruiters_screening_interviews_name_the_candidates_roles():
    assert _marked("Sourcing, headhunting, phone interviews (QA, PHP, Frontend, PM).", "php")
    assert _practised("Conducted technical interviews and wrote PHP services.", "php")


# ---------------------------------------------------------------- someone else's role

@pytest.mark.parametrize("text, concept", [
    ("Work with PL/SQL developer on test data.", "sql"),
    ("Working closely with UX designers on the checkout flow.", "ux_design"),
    ("Direct communication with SEO specialists and customers.", "seo"),
    ("Interaction with product owner during grooming.", "product_ownership"),
    ("Gathering change requests and forwarding to project manager.", "project_management"),
    ("Assistance to the Integration Product Manager with reports.", "product_management"),
])
def test_another_persons_role_is_not_the_candidates_practice(text, concept):
    assert _marked(text, concept)


@pytest.mark.parametrize("text, concept", [
    ("Senior PL/SQL developer with 7 years of experience.", "sql"),
    ("I am a UX designer working with product teams.", "ux_design"),
    ("Worked as a Product Owner for a banking app.", "product_ownership"),
    ("Collaborated with designers and built React components.", "react"),
])
def test_a_role_the_candidate_holds_keeps_the_skill(text, concept):
    assert _practised(text, concept)


def test_a_role_word_without_its_phrase_leaves_the_later_after_cues_alone():
    """An after cue whose clause phrase is missing ("QA Engineer" needs "worked with" before it)
    does not keep the after cues that follow it from applying: "the QA Engineer course" is
    still a course."""
    assert _marked("Graduated from the QA Engineer course in 2022.", "quality_assurance")
    assert _marked("Worked with QA engineers on release testing.", "quality_assurance")
