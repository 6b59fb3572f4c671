"""Labels that follow the role definition (rolefit.labels): requirements, evidence minimum,
job-posting heuristic.

Measured rates of the job-posting heuristic (``posting_reason``), re-checked below:
- Djinni CVs in ``corpora/djinni_roles.csv`` read as postings: 3 of 2,176 (0.14 %); the
  test allows at most 0.5 %.
- SkillSpan job postings (``../shared/data/skillspan``, train + dev, 198 postings, each
  posting's sentences joined by line breaks) recognised: 185 of 198 (93 %; 175 before the
  inline headings and the cues that stand alone); the test asks for at least 90 % (skipped
  when the shared data is absent).
- The 13 short synthetic postings below (common ad layouts) recognised: all 13 (3 before).
- O*NET/ESCO composed documents read as postings: 0 of 3,227.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.labels import (
    MIN_EVIDENCE,
    SKILLS_LIST_MAX_OTHER_WORDS,
    check_requirements,
    decide_label,
    posting_cues,
    posting_reason,
    practised_concepts,
    skills_list_reason,
)
from rolefit.schema import Requirement, RequirementCheck, SkillMention

REPO = Path(__file__).resolve().parents[1]
SKILLSPAN = REPO.parent / "shared" / "data" / "skillspan"
PERSONAS = json.loads((Path(__file__).parent / "data" / "personas.json").read_text(encoding="utf-8"))["personas"]

MET = RequirementCheck("a", "A evidence", True, ("x",))
UNMET = RequirementCheck("b", "B evidence (b things)", False, ())


def _m(cid: str, section: str = "experience", negated: bool = False, start: int = 0) -> SkillMention:
    return SkillMention(start, start + 1, cid, cid, "x", section, negated)


@pytest.mark.parametrize(
    ("p", "checks", "n", "posting", "label", "reason_part"),
    [
        (0.95, (MET, MET), MIN_EVIDENCE, None, "fit", None),
        (0.95, (MET, UNMET), 20, None, "review", "no B evidence (b things)"),
        (0.95, (UNMET, UNMET), 20, None, "review", "no B evidence (b things)"),
        (0.95, (MET, MET), MIN_EVIDENCE - 1, None, "review", "too little evidence"),
        (0.95, (MET, MET), 20, "reads like a job posting", "review", "job posting"),
        (0.10, (MET, MET), 20, None, "no_fit", None),
        (0.10, (UNMET,), 0, "reads like a job posting", "review", "job posting"),  # not a CV: never no_fit
        (0.52, (MET, MET), 20, None, "review", None),  # inside the review band
    ],
)
def test_decide_label_follows_the_definition(p, checks, n, posting, label, reason_part):
    d = decide_label(p, 0.5, 0.1, role_label="R", checks=checks, n_evidence=n, posting=posting)
    assert d.label == label
    if reason_part is None:
        assert d.reason is None
    else:
        assert reason_part in d.reason


def test_missing_group_reason_names_the_role_family_and_what_is_missing():
    d = decide_label(0.9, 0.5, 0.1, role_label="AI operations manager", checks=(UNMET,), n_evidence=9)
    assert d.reason.startswith("no B evidence (b things)")
    assert "AI operations manager role family" in d.reason


def test_job_posting_is_review_for_every_role_whatever_the_probability():
    """Regression: an MLOps posting was `review` for MLOps but `no_fit` for AI operations; a posting
    is not a CV, so no label may reject the candidate whose CV was not uploaded."""
    for p in (0.0, 0.05, 0.45, 0.99):
        d = decide_label(p, 0.5, 0.1, role_label="R", checks=(UNMET,), n_evidence=0, posting="reads like a job posting")
        assert (d.label, d.reason) == ("review", "reads like a job posting")


def test_missing_group_reason_in_the_review_band_does_not_claim_the_cv_reads_like_the_role():
    """Regression: p = 0.27 with threshold 0.297 (inside the band) got "the CV reads like the MLOps
    engineer role family" although the probability was below the threshold."""
    d = decide_label(0.45, 0.5, 0.1, role_label="MLOps engineer", checks=(UNMET,), n_evidence=9)
    assert d.label == "review" and d.reason.startswith("no B evidence (b things)")
    assert "reads like" not in d.reason and "close to its threshold" in d.reason
    high = decide_label(0.9, 0.5, 0.1, role_label="MLOps engineer", checks=(UNMET,), n_evidence=9)
    assert "reads like the MLOps engineer role family" in high.reason


def test_decide_label_never_fits_without_every_requirement():
    for p in (0.0, 0.3, 0.61, 0.99, 1.0):
        for n in (0, MIN_EVIDENCE, 50):
            d = decide_label(p, 0.5, 0.1, role_label="R", checks=(MET, UNMET), n_evidence=n)
            assert d.label != "fit"


def test_decide_label_rejects_bad_threshold():
    with pytest.raises(ValueError):
        decide_label(0.5, 1.5, 0.1, role_label="R", checks=(), n_evidence=9)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.integers(0, 60), st.booleans())
def test_a_bare_skills_list_is_never_fit(p, n, met):
    """A text that only lists skill names is review wherever the probability would say fit or
    lies in the band, however many skills it names; below the band it keeps its no_fit."""
    d = decide_label(p, 0.5, 0.1, role_label="R", checks=(MET,) if met else (UNMET,), n_evidence=n,
                     skills_list="only a list of skill names")
    assert d.label != "fit"
    assert d.label == ("no_fit" if p < 0.4 else "review")


def _mentions_of(text: str, *names: str) -> list[SkillMention]:
    out = []
    for name in names:
        start = text.index(name)
        out.append(SkillMention(start, start + len(name), name.lower(), name, name, "skills"))
    return out


@pytest.mark.parametrize(("text", "n_other"), [
    ("kubernetes docker terraform mlflow helm bash", 2),
    ("Skills: kubernetes, docker, terraform, mlflow, helm, bash", 3),
    ("• Kubernetes\n• Docker\n• Terraform\n• MLflow\n2019 - 2024", 0),
])
def test_skills_list_reason_counts_the_words_beside_the_skill_names(text, n_other):
    """Bullets, commas and numbers are no words; a heading and unrecognised names are."""
    mentions = _mentions_of(text, "kubernetes" if "kubernetes" in text else "Kubernetes",
                            "docker" if "docker" in text else "Docker",
                            "terraform" if "terraform" in text else "Terraform",
                            "mlflow" if "mlflow" in text else "MLflow")
    reason = skills_list_reason(text, mentions)
    assert reason is not None and f"({n_other} other word(s) beside them)" in reason


def test_a_cv_with_sentences_is_no_skills_list():
    text = "Kubernetes, Docker, Terraform, MLflow. I run the model platform of a bank and its on-call rota."
    assert skills_list_reason(text, _mentions_of(text, "Kubernetes", "Docker", "Terraform", "MLflow")) is None
    head = " ".join(["word"] * SKILLS_LIST_MAX_OTHER_WORDS)
    assert skills_list_reason(head + " Docker", _mentions_of(head + " Docker", "Docker")) is not None
    assert skills_list_reason(head + " more Docker", _mentions_of(head + " more Docker", "Docker")) is None


def test_negated_and_hobby_mentions_are_not_practised_evidence():
    practised = practised_concepts(
        [_m("kubernetes"), _m("docker", negated=True), _m("mlflow", section="interests"), _m("kubernetes", start=5)]
    )
    assert set(practised) == {"kubernetes"} and len(practised["kubernetes"]) == 2
    req = Requirement("mlops_engineer", "ops", "ops", ("docker", "kubernetes", "helm"), 1, "s")
    (check,) = check_requirements([req], practised)
    assert check.met and check.concept_ids == ("kubernetes",)
    req2 = Requirement("mlops_engineer", "ml", "ml", ("mlflow",), 1, "s")
    (check2,) = check_requirements([req2], practised)
    assert not check2.met and check2.concept_ids == ()


def test_min_concepts_counts_distinct_concepts():
    practised = practised_concepts([_m("docker"), _m("docker", start=3)])
    req = Requirement("mlops_engineer", "ops", "ops", ("docker", "kubernetes"), 2, "s")
    assert not check_requirements([req], practised)[0].met


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p["id"].startswith("job_posting")], ids=lambda p: p["id"])
def test_job_postings_read_as_postings(persona):
    assert posting_reason(persona["text"]) is not None


@pytest.mark.parametrize("persona", [p for p in PERSONAS if not p["id"].startswith("job_posting")], ids=lambda p: p["id"])
def test_cvs_do_not_read_as_postings(persona):
    assert posting_reason(persona["text"]) is None, posting_cues(persona["text"])


def test_a_cv_that_mentions_requirements_and_offers_is_not_a_posting():
    """Regression: CV prose with one posting-like phrase must stay a CV."""
    text = (
        "Project Manager, 2019 - present\nI managed requirements gathering and we offer clients "
        "fixed-price delivery.\nBusiness Analyst, 2015 - 2019"
    )
    assert posting_reason(text) is None


def test_djinni_cvs_rarely_read_as_postings():
    frame = pd.read_csv(REPO / "corpora" / "djinni_roles.csv", dtype=str, keep_default_na=False)
    flagged = sum(posting_reason(t) is not None for t in frame["text"])
    assert flagged / len(frame) <= 0.005, flagged


#: Short synthetic job ads in common layouts (a new-user trial pasted such ads as CVs and got
#: MLOps `fit`): inline "Requirements: ..." / "Must have: ...", "What you'll do" headings, a
#: one-line ad, "Hiring: ...", German-style "Your tasks / Your profile / We offer".
SHORT_POSTINGS = [
    "MLOps Engineer - Berlin\n\nWe are looking for an MLOps Engineer to run our machine learning platform. You will deploy models with Kubernetes and Docker, build CI/CD pipelines in GitHub Actions, manage infrastructure with Terraform on AWS, and track experiments in MLflow.\n\nRequirements: Python, PyTorch or TensorFlow, Kubernetes, Terraform, MLflow. Nice to have: Kubeflow, Airflow.",
    "# Senior MLOps Engineer (Amsterdam, hybrid)\n\nResponsibilities\n- Own the model serving stack (KServe on Kubernetes) and the feature store.\n- Automate training pipelines with Kubeflow Pipelines.\n- Infrastructure as code with Terraform; CI/CD with GitLab CI.\n\nMust have: Python, Docker, Kubernetes, MLflow or a model registry, PyTorch.",
    "Looking for an MLOps engineer: Kubernetes, Docker, Terraform, MLflow, Kubeflow, Python, PyTorch, GitLab CI, Prometheus, Grafana.",
    "AI Operations Manager\nAcme Insurance is hiring an AI Operations Manager to oversee our AI systems.\nWhat you'll do:\n- Run AI governance and EU AI Act compliance\n- Maintain the model risk register and align stakeholders\nWhat we're looking for:\n- 5+ years in risk management, vendor management and budget ownership\n- PMP or an AI ethics certification",
    "About us\nWe build fraud detection for European banks.\n\nThe role\nAs our ML Platform Engineer you'll own Kubernetes clusters, Terraform modules and our MLflow model registry.\n\nYou bring\n- Python or Go\n- Docker, Kubernetes, Helm\n- Prometheus and Grafana\n\nBenefits\n- 30 days of holiday\n- Hybrid work",
    "Your tasks\n- Operate our ML platform on Kubernetes\n- Automate model deployment with GitLab CI and Terraform\n\nYour profile\n- Degree in computer science\n- Experience with Docker, MLflow and Prometheus\n\nWe offer\n- Flexible hours",
    "We're hiring! Senior MLOps Engineer, remote (EU). Stack: Kubernetes, Terraform, MLflow, Kubeflow, PyTorch. Send your CV to jobs@example.com.",
    "Responsibilities:\n* Design and run CI/CD for machine learning models\n* Manage Kubernetes and Docker infrastructure\nQualifications:\n* Experience with TensorFlow or PyTorch\n* Knowledge of Terraform and AWS\nBonus points:\n* Kubeflow, Seldon",
    "AI Governance Lead (m/f/d)\nKey responsibilities: define the AI risk framework, EU AI Act readiness, NIST AI RMF mapping, stakeholder alignment.\nRequired skills: AI governance, risk management, GDPR, vendor management, Jira, Confluence.\nSalary: EUR 90-110k.",
    "Hiring: MLOps Engineer (Kubernetes, Docker, MLflow, Terraform, Python). Apply via our careers page.",
    "Position: AI Operations Manager\nThe ideal candidate has led AI programmes, owns budgets, manages vendors and knows the EU AI Act and GDPR.\nRequirements: PMP, Agile/Scrum, Jira, stakeholder management.",
    "What you will do\nBuild and run model training and serving on Kubernetes; CI/CD with GitHub Actions; monitoring with Prometheus.\nWho you are\nA Python engineer with Docker, Terraform and MLflow experience.",
    "Requirements:\n- Kubernetes\n- Docker\n- Terraform\n- MLflow\n- PyTorch\nNice to have:\n- Kubeflow\n- Go",
]


@pytest.mark.parametrize("text", SHORT_POSTINGS, ids=lambda t: t.split("\n")[0][:40])
def test_short_job_ads_in_common_layouts_read_as_postings(text):
    """Regression (new-user trial): 11 of these 14 ads were not read as postings (one cue each at
    most: inline "Requirements:" and "Must have:" were not cues, a one-line ad had none) and
    scored MLOps `fit` 0.995+ as if they were CVs."""
    assert posting_reason(text) is not None, posting_cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "Product designer. If you are looking for a passionate designer for your project, write to me.",
        "A software tester with manual testing skills is looking for a job. I can write test plans.",
        "Working with me, you will receive high-quality design work on time.",
        "It would be good to have friendly colleagues. Nice to have: remote work.",
        "Job Title: Project Coordinator\nTasks:\nMy tasks were planning and reporting.",
        "Looking for a Project Manager position. Skills: Jira, Scrum, stakeholder management.",
        "Salary expectations: 3000 USD\nRequirements: remote work, flexible hours.",
        "Looking for an opportunity to grow. Kubernetes, Docker, Terraform.",
        "QA engineer, 2019 - present. We are looking for ways to cut test time; I led the automation.",
        # a code review's cases: weak ad phrases that stood alone in a CV without a CV cue
        "Data engineer\nJob description: built ML pipelines on Spark and Airflow.",
        "Built an employee perks platform in Django.",
        "Recruiter. Helped clients find the right candidate for IT roles.",
    ],
)
def test_cv_phrases_that_resemble_ad_phrases_stay_cvs(text):
    """The other side of the ad cues: a CV's pitch ("if you are looking for a designer"), its own
    job search, "you will receive", its wishes, a "Job Title:" line of an experience entry and
    salary expectations are not an employer's words."""
    assert posting_reason(text) is None, posting_cues(text)


def test_a_one_line_ad_is_a_posting_only_without_cv_cues():
    """A cue that stands alone ("Looking for an MLOps engineer:") marks a text without any CV cue;
    the same words in a text with a dated job or an "I ..." sentence need a second posting cue."""
    ad = "Looking for an MLOps engineer: Kubernetes, Docker, Terraform, MLflow, Python."
    assert posting_reason(ad) is not None
    assert posting_reason(ad + "\nI worked as a DevOps engineer, 2019 - 2023.") is None


@pytest.mark.skipif(not SKILLSPAN.is_dir(), reason="needs ../shared/data/skillspan")
def test_skillspan_postings_are_recognised():
    docs: dict[tuple[str, int], list[str]] = defaultdict(list)
    for split in ("train", "dev"):
        for line in (SKILLSPAN / f"{split}.json").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs[(split, row["source"], row["idx"])].append(" ".join(row["tokens"]))
    texts = ["\n".join(v) for v in docs.values()]
    recognised = sum(posting_reason(t) is not None for t in texts)
    assert recognised / len(texts) >= 0.90, (recognised, len(texts))


@settings(max_examples=200, deadline=None)
@given(
    groups=st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=6), min_size=0, max_size=3),
    minimum=st.integers(0, 3),
    practised=st.lists(st.sampled_from("abcdefghxyz"), max_size=8),
)
def test_requirement_checker_follows_the_plain_rule(groups, minimum, practised):
    """RequirementChecker (the scorer's prepared check: a group's concept order indexed once, the
    CV's practised concepts looked up) gives what scanning each group in order gives, also for a
    group that names a concept twice."""
    from rolefit.labels import RequirementChecker

    reqs = [Requirement("r", f"g{i}", f"group {i}", tuple(g), minimum) for i, g in enumerate(groups)]
    found = dict.fromkeys(practised, [])
    plain = tuple(
        RequirementCheck(r.requirement, r.label, len(f) >= r.min_concepts, f)
        for r in reqs
        for f in [tuple(c for c in r.concepts if c in found)]
    )
    assert RequirementChecker(reqs)(found) == plain == check_requirements(reqs, found)
