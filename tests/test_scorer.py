"""rolefit.score(): probabilities, labels, evidence, review reasons, invariances."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolefit
from rolefit.errors import InputTooLargeError, InputTypeError
from rolefit.schema import LABELS

#: The directional guarantees hold exactly in real arithmetic; summing the same terms in
#: another order can move a probability by an ulp, so comparisons allow this much.
ROUNDING = 1e-12

MLOPS_CV = """Jordan Example
Summary
MLOps engineer, 6 years.
Experience
- Run Kubernetes clusters and Docker images for model serving.
- Built CI/CD in GitLab CI; infrastructure in Terraform.
- MLflow model registry, data drift monitoring with Prometheus and Grafana.
Skills
Python, Go, PyTorch, TensorFlow, Kubeflow, AWS
"""

AIOPS_CV = """Alex Example
Summary
AI operations manager.
Experience
- Led AI governance and EU AI Act / GDPR compliance for a model portfolio.
- Risk management and stakeholder alignment across legal, product and engineering.
- Vendor management and budget management; Agile/Scrum delivery with Jira and Confluence.
- Introduced the NIST AI RMF.
Certifications
PMP, PRINCE2
"""

SKILL_WORDS = [
    "Kubernetes", "Docker", "Terraform", "GitLab CI", "MLflow", "risk management", "Scrum", "Jira",
    "GDPR", "EU AI Act", "stakeholder management", "Python", "Figma", "Excel", "budget management",
]


@pytest.fixture(scope="module")
def scorer():
    from rolefit.artifacts import default_model_path

    if not (default_model_path() / "meta.json").is_file():
        pytest.fail("the bundled default model is missing: run `make model`")
    return rolefit.load()


def probs(result) -> dict[str, float]:
    return {r: s.probability for r, s in result.roles.items()}


# ---------------------------------------------------------------- shape of the result


def test_scorer_result_has_both_roles_and_indexing(scorer):
    result = rolefit.score(MLOPS_CV)
    assert set(result.roles) == {"ai_operations_manager", "mlops_engineer"}
    assert result["mlops_engineer"] is result.roles["mlops_engineer"]
    assert result.model_id == scorer.model_id


def test_scorer_mlops_cv_favours_mlops(scorer):
    result = scorer.score(MLOPS_CV)
    assert result["mlops_engineer"].probability > result["ai_operations_manager"].probability
    assert result["mlops_engineer"].label in ("fit", "review")
    evidence = {m.concept_id for m in result["mlops_engineer"].evidence}
    assert {"kubernetes", "docker"} <= evidence


def test_scorer_aiops_cv_favours_aiops(scorer):
    result = scorer.score(AIOPS_CV)
    assert result["ai_operations_manager"].probability > result["mlops_engineer"].probability


def test_scorer_evidence_offsets_point_into_text(scorer):
    result = scorer.score(MLOPS_CV)
    for rs in result.roles.values():
        for m in rs.evidence:
            assert MLOPS_CV[m.start_char : m.end_char] == m.text
            assert not m.negated


def test_scorer_missing_lists_absent_profile_concepts(scorer):
    result = scorer.score("Experience\nKubernetes and Docker.")
    missing = result["mlops_engineer"].missing
    assert "kubernetes" not in missing
    assert missing, "a sparse CV should have gaps"


@pytest.mark.parametrize(
    "text, role, covered",
    [
        ("Experience\nBuilt GitLab CI pipelines and Terraform modules.", "mlops_engineer", ("ci_cd", "infrastructure_as_code")),
        ("Experience\nTrained models with PyTorch; deployed them with Helm.", "mlops_engineer", ("machine_learning", "kubernetes")),
        ("Experience\nJenkins jobs for the Keras models on Amazon EKS.", "mlops_engineer", ("ci_cd", "machine_learning", "kubernetes", "aws")),
        ("Experience\nPMP certified; ran Scrum teams; NIST AI RMF assessments.", "ai_operations_manager", ("project_management", "agile", "risk_management", "ai_risk_management")),
    ],
)
def test_scorer_missing_skips_concepts_a_narrower_mention_covers(scorer, text, role, covered):
    # regression: a CV showing GitLab CI was told it lacked CI/CD (gap analysis without broader.csv)
    result = scorer.score(text)
    missing = set(result[role].missing)
    assert not missing & set(covered), (missing & set(covered), result[role].missing)


def test_scorer_missing_still_lists_a_broader_concept_nothing_covers(scorer):
    # Docker covers containerisation, not Kubernetes: Kubernetes is still a gap
    result = scorer.score("Experience\nDocker images for the Python services.")
    assert "kubernetes" in result["mlops_engineer"].missing


def test_scorer_to_dict_is_json_safe(scorer):
    d = scorer.score(MLOPS_CV).to_dict()
    assert json.loads(json.dumps(d)) == d


# ---------------------------------------------------------------- review, never a silent no_fit


@pytest.mark.parametrize(
    "text, reason_word",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("I like long walks and good coffee with friends on weekends.", "no skill"),
        (
            "Ich habe fünf Jahre Erfahrung mit Kubernetes und Docker in der Cloud, und ich bin ein "
            "guter Entwickler für die Firma und das Team.",
            "German",
        ),
        ("Я маю досвід роботи з Kubernetes та Docker понад п’ять років у великій компанії та команді", "Latin"),
    ],
)
def test_scorer_unjudgeable_text_is_review_with_reason(scorer, text, reason_word):
    result = scorer.score(text)
    for rs in result.roles.values():
        assert rs.label == "review"
        assert rs.reason and (reason_word.lower() in rs.reason.lower() or reason_word in rs.reason)


# ---------------------------------------------------------------- errors


def test_scorer_rejects_bytes_with_typed_error(scorer):
    with pytest.raises(InputTypeError):
        scorer.score(b"Kubernetes")  # type: ignore[arg-type]


def test_scorer_refuses_a_path_or_a_file_name_instead_of_scoring_it(scorer, tmp_path, monkeypatch):
    """Regression: rolefit.score("examples/cvs/ml_platform_lead.md") scored the path string
    itself (review, "no skill") and score(Path(...)) said "Decode bytes first". Both now raise
    RF106 telling to read the file first; real texts, one-line ones included, still score."""
    from pathlib import Path

    cv = tmp_path / "ml_platform_lead.md"
    cv.write_text("Kubernetes, MLflow, PyTorch\n", encoding="utf-8")
    for source in (cv, str(cv), "ml_platform_lead.md"):
        monkeypatch.chdir(tmp_path)
        for call in (scorer.score, lambda s: scorer.score_many([s])):
            with pytest.raises(InputTypeError, match=r"RF106.*rolefit\.read_text\(path\)"):
                call(source)
    assert "Decode bytes" not in str(pytest.raises(InputTypeError, scorer.score, Path("x.md")).value)
    assert scorer.score(rolefit.read_text(cv)).roles  # the documented way
    assert scorer.score("Kubernetes").roles  # a one-line CV is text
    assert scorer.score(str(tmp_path / "missing.md")).roles  # no such file: text, as before
    assert scorer.score(str(cv) + "\n").roles  # a line break makes a file's name text


def test_scorer_too_large_text_raises(scorer):
    with pytest.raises(InputTooLargeError):
        scorer.score("x" * (scorer.max_chars + 1))


def test_scorer_score_many_gives_an_over_long_text_a_review_result_and_scores_the_others(scorer):
    """Regression: one over-long text made ``score_many([ok, big, ok])`` raise
    InputTooLargeError and return nothing for the two readable CVs."""
    ok = "Skills: Kubernetes, Docker, GitLab CI, MLflow."
    big = "Kubernetes " * (scorer.max_chars // 11 + 1)
    results = scorer.score_many([ok, big, ok])
    assert [r.to_dict() for r in (results[0], results[2])] == [scorer.score(ok).to_dict()] * 2
    for rs in results[1].roles.values():
        assert rs.label == "review" and "RF101" in rs.reason and str(scorer.max_chars) in rs.reason.replace(",", "")
        assert rs.probability != rs.probability  # NaN: not scored, never a low score
        assert rs.to_dict()["probability"] is None
    assert results[1].mentions == ()


# ---------------------------------------------------------------- properties

cv_texts = st.lists(st.sampled_from(SKILL_WORDS + ["no experience with", "Hobbies", "\n", ", ", ". ", "want to learn"]), max_size=25).map(" ".join)


@given(cv_texts)
@settings(max_examples=60)
def test_scorer_probabilities_in_unit_interval_and_labels_follow_thresholds(scorer, text):
    from rolefit.ml import label_for

    result = scorer.score(text)
    for role, rs in result.roles.items():
        assert 0.0 <= rs.probability <= 1.0
        assert 0.0 <= rs.similarity <= 1.0
        assert rs.label in LABELS
        if rs.reason is None:
            assert rs.label == label_for(rs.probability, scorer.model.thresholds[role], scorer.model.review_band)
        else:
            assert rs.label == "review"


@given(cv_texts)
@settings(max_examples=30)
def test_scorer_is_deterministic(scorer, text):
    assert scorer.score(text) == scorer.score(text)


@given(st.lists(cv_texts, max_size=8), st.integers(min_value=1, max_value=5))
@settings(max_examples=25)
def test_scorer_many_equals_single_for_any_batch_size(scorer, texts, batch_size):
    assert scorer.score_many(texts, batch_size=batch_size) == [scorer.score(t) for t in texts]


def test_scorer_many_with_processes_equals_single():
    from rolefit.artifacts import default_model_path

    s = rolefit.Scorer(default_model_path())
    texts = [MLOPS_CV, AIOPS_CV, "", "Docker", "Scrum and Jira"] * 3
    assert s.score_many(texts, batch_size=4, n_process=2) == [s.score(t) for t in texts]


@given(cv_texts)
@settings(max_examples=30)
def test_scorer_to_dict_round_trips_through_json(scorer, text):
    d = scorer.score(text).to_dict()
    assert json.loads(json.dumps(d)) == d


# ---------------------------------------------------------------- counterfactual invariance


@pytest.mark.parametrize(
    "a, b",
    [
        ("Jordan Smith", "Aisha Okonkwo"),
        ("He led the platform team; his team", "She led the platform team; her team"),
        ("Chairman of the engineering guild", "Chairwoman of the engineering guild"),
        ("Member of a men's football club", "Member of a women's football club"),
        ("Age: 52, born 1973", "Age: 24, born 2001"),
        ("Nationality: German", "Nationality: Nigerian"),
        ("Married, two children", "Single"),
    ],
)
def test_scorer_protected_attributes_do_not_change_probabilities(scorer, a, b):
    base = MLOPS_CV + "\nPersonal\n{}\n"
    pa, pb = probs(scorer.score(base.format(a))), probs(scorer.score(base.format(b)))
    assert pa == pb  # exact equality


# ---------------------------------------------------------------- directional


@given(st.sampled_from(SKILL_WORDS), cv_texts)
@settings(max_examples=40)
def test_scorer_adding_negated_mention_never_raises(scorer, skill, text):
    before = probs(scorer.score(text))
    after = probs(scorer.score(text + f"\nNo experience with {skill}.\n"))
    for role in before:
        assert after[role] <= before[role] + ROUNDING


@given(st.sampled_from(SKILL_WORDS))
def test_scorer_moving_skill_to_hobbies_never_raises(scorer, skill):
    body = "Summary\nEngineer.\n"
    in_exp = probs(scorer.score(body + f"Experience\nUsed {skill} daily.\nHobbies\nChess\n"))
    in_hobby = probs(scorer.score(body + f"Experience\nUsed daily.\nHobbies\nChess, {skill}\n"))
    for role in in_exp:
        assert in_hobby[role] <= in_exp[role] + ROUNDING


@given(st.sampled_from(SKILL_WORDS))
def test_scorer_repeating_skill_scores_same_as_once(scorer, skill):
    once = probs(scorer.score(f"Experience\n{skill}.\n"))
    many = probs(scorer.score("Experience\n" + ", ".join([skill] * 50) + ".\n"))
    assert once == many


@given(cv_texts, st.data())
@settings(max_examples=40)
def test_scorer_adding_profile_skill_never_lowers_that_role(scorer, text, data):
    role = data.draw(st.sampled_from(sorted(scorer.roles)))
    profile = scorer.taxonomy.profile(role)
    cid = data.draw(st.sampled_from(sorted(profile.weights)))
    label = scorer.taxonomy[cid].label
    before = scorer.score(text)[role].probability
    after = scorer.score(text + f"\nExperience\n{label}.\n")[role].probability
    assert after >= before - ROUNDING


# ---------------------------------------------------------------- import stays light


def test_scorer_import_rolefit_loads_no_heavy_module():
    code = (
        "import sys, rolefit; heavy = [m for m in ('spacy', 'sklearn', 'pandas', 'numpy', 'skops') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    "text",
    [
        "Öt éves tapasztalatom van a Kubernetes, Docker és Terraform eszközökkel. A csapatommal együtt "
        "felhőalapú rendszereket építettünk és üzemeltettünk nagy vállalatoknak. Szeretem a munkámat és "
        "mindig tanulok valami újat.",
        "Minulla on viiden vuoden kokemus Kubernetes, Docker ja Terraform työkaluista. Rakensimme tiimini "
        "kanssa pilvijärjestelmiä suurille yrityksille ja ylläpidimme niitä. Pidän työstäni ja opin aina "
        "jotain uutta.",
    ],
)
def test_scorer_language_without_stop_word_list_is_review(scorer, text):
    """Regression: Hungarian and Finnish CVs were scored as English (fit / no_fit)."""
    for rs in scorer.score(text).roles.values():
        assert rs.label == "review" and "English" in rs.reason


#: The inputs of the new user's report: keyword-only English CVs read as "not English".
KEYWORD_ONLY_CVS = [
    "kubernetes docker terraform mlflow kubeflow prometheus grafana python pytorch tensorflow gitlab helm "
    "airflow ansible jenkins linux bash aws gcp azure",
    "Skills: kubernetes, docker, terraform, mlflow, kubeflow, prometheus, grafana, python, pytorch, tensorflow, "
    "gitlab, helm, airflow, ansible, jenkins, linux, bash, aws, gcp, azure",
]


@pytest.mark.parametrize("text", KEYWORD_ONLY_CVS)
def test_scorer_keyword_only_english_cv_is_not_called_foreign(scorer, text):
    """Regression (new user, 2026-12): a lower-case keyword list got "the text does not read as
    English (only 0 English function words)" for both roles: skill names counted as prose words
    of an unknown language. It is review for MLOps because it is only a list of skill names."""
    roles = scorer.score(text).roles
    for rs in roles.values():
        assert rs.reason is None or "English" not in rs.reason
        assert rs.label != "fit"
    assert roles["mlops_engineer"].label == "review"
    assert roles["mlops_engineer"].reason.startswith("the text is only a list of skill names")


@pytest.mark.parametrize("text", [
    *KEYWORD_ONLY_CVS,
    "Kubernetes, Docker, Terraform, MLflow, Kubeflow, Prometheus, Grafana, Python, PyTorch, TensorFlow, GitLab CI",
    "Technical skills\n• Kubernetes\n• Docker\n• Terraform\n• MLflow\n• Kubeflow\n• Prometheus\n• PyTorch\n• Helm",
    "EU AI Act; GDPR; AI governance; risk management; stakeholder management; vendor management; Jira; Confluence; "
    "Scrum; NIST AI RMF; ISO 42001; budget management",
])
def test_scorer_a_bare_skills_list_is_never_fit(scorer, text):
    """However many skills a bare list names, it says nothing about the work: review, never fit
    (the label rule's evidence minimum alone let a line of five or more skills be fit)."""
    for rs in scorer.score(text).roles.values():
        assert rs.label != "fit"
        if rs.label == "review" and rs.reason is not None and "list of skill names" in rs.reason:
            assert rs.probability >= scorer.model.thresholds[rs.role] - scorer.model.review_band


@pytest.mark.parametrize("text", [
    # Cyrillic, German, French: the script and stop-word rules, which count every word
    "Я працюю MLOps інженером: kubernetes, docker, terraform, mlflow. Ми будували хмарні системи для клієнтів.",
    "ich habe fünf jahre mit kubernetes, docker und terraform gearbeitet und wir haben die plattform in der cloud "
    "betrieben.",
    "j'ai travaillé cinq ans avec kubernetes, docker et terraform et nous avons construit la plateforme pour les "
    "clients.",
    # no stop-word list here: the prose rule, with lower-case tool names that no longer count as prose
    "Öt éves tapasztalatom van a kubernetes, docker és terraform eszközökkel. A csapatommal együtt felhőalapú "
    "rendszereket építettünk és üzemeltettünk nagy vállalatoknak. Szeretem a munkámat és mindig tanulok valami újat.",
    "Minulla on viiden vuoden kokemus kubernetes, docker ja terraform työkaluista. Rakensimme tiimini kanssa "
    "pilvijärjestelmiä suurille yrityksille ja ylläpidimme niitä. Pidän työstäni ja opin aina jotain uutta.",
    "kubernetes, docker ve terraform araçlarıyla beş yıllık deneyimim var. ekibimle birlikte büyük şirketler için "
    "bulut sistemleri kurduk ve işlettik, izleme panolarını hazırladık.",
    "ya pratsiuvav z kubernetes, docker ta terraform u velykii kompanii. my buduvaly khmarni systemy ta "
    "pidtrymuvaly yikh dlia kliientiv, vprovadzhuvaly mlflow i kubeflow.",
    # a bullet CV: its lines are list items, but its words are Hungarian prose
    "Tapasztalat\n• Kubernetes klaszterek üzemeltetése éles környezetben\n• Docker konténerek építése és "
    "karbantartása\n• Terraform modulok fejlesztése a csapatnak\n• MLflow kísérletek követése és modellek "
    "regisztrálása\n• Prometheus riasztások beállítása",
], ids=["uk", "de", "fr", "hu", "fi", "tr", "uk-latin", "hu-bullets"])
def test_scorer_non_english_cv_with_english_tool_names_is_still_not_english(scorer, text):
    """Counter-examples to the keyword-list fix: tool names inside foreign prose are skill
    mentions, yet the prose around them still makes the CV review as not English."""
    for rs in scorer.score(text).roles.values():
        assert rs.label == "review" and "rolefit's taxonomy is English-only" in rs.reason


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_scorer_bad_batch_size_is_a_typed_error(scorer, bad):
    """Regression: batch_size=-1 returned [] silently; 0 raised a bare ValueError."""
    with pytest.raises(InputTypeError, match="RF103"):
        scorer.score_many(["Docker"], batch_size=bad)


# ---------------------------------------------------------------- additive contributions


@given(cv_texts)
@settings(max_examples=40)
def test_scorer_contributions_add_up_to_the_log_odds(scorer, text):
    """The default model's contributions are exact: baseline + sum == logit(probability)."""
    import math

    for rs in scorer.score(text).roles.values():
        assert rs.contribution_unit == "log-odds"
        assert 0.0 < rs.probability < 1.0  # smooth: never exactly 0 or 1
        logit = math.log(rs.probability) - math.log1p(-rs.probability)
        assert rs.baseline + sum(v for _, v in rs.contributions) == pytest.approx(logit, abs=1e-9)
        assert rs.baseline + sum(v for _, v in rs.group_contributions) == pytest.approx(logit, abs=1e-9)
        assert [g for g, _ in rs.group_contributions] == ["concepts", "similarity", "groups", "kinds"]


def test_scorer_clear_aiops_cv_shows_governance_and_regulation_among_top_contributors(scorer):
    cv = (
        "Experience\nLed AI governance for a bank's model portfolio: EU AI Act readiness, NIST AI RMF "
        "controls, model risk management.\nRan stakeholder management and vendor management; owned the "
        "budget.\nCertifications\nPMP, AIGP.\n"
    )
    rs = scorer.score(cv)["ai_operations_manager"]
    top = [c for c, _ in rs.contributions[:6]]
    assert {"ai_governance", "eu_ai_act"} & set(top), rs.contributions
    assert all(v > 0 for c, v in rs.contributions if c in ("ai_governance", "eu_ai_act", "nist_ai_rmf"))
    text = rolefit.explain_text(scorer.score(cv))
    assert "exact term in the log-odds" in text and "baseline" in text


def test_scorer_contributions_come_from_the_same_pass_as_the_probability(scorer):
    """The scorer reads the model's additive form (no scikit-learn); its probability is the
    saved estimator's probability, to float rounding."""
    from rolefit.artifacts import default_model_path, load_model
    from rolefit.ml import concept_evidence

    assert scorer.model.estimator is None and scorer.model.additive is not None
    result = scorer.score(MLOPS_CV)
    P = load_model(default_model_path()).predict_proba([concept_evidence(result.mentions)])[0]
    for j, role in enumerate(scorer.roles):
        assert result[role].probability == pytest.approx(P[j], abs=1e-12)


# ----------------------------------------------------------------------------- a model that is not additive
@pytest.fixture(scope="module")
def trees_scorer():
    """A user-trained gradient-boosted-trees model (``classifier`` of :func:`rolefit.train`): it has
    no exact additive form, so the Scorer falls back to leave-one-out contributions."""
    import random

    import pandas as pd

    from rolefit.corpus import corpus_from_frame
    from rolefit.ml import default_classifier
    from rolefit.taxonomy import default_taxonomy

    rng = random.Random(0)
    tech = ["Kubernetes", "Docker", "Terraform", "MLflow", "Kubeflow", "Prometheus", "GitLab CI", "PyTorch"]
    mgmt = ["risk management", "stakeholder management", "GDPR", "EU AI Act", "Jira", "budget management", "Scrum"]
    other = ["Figma", "Photoshop", "Excel", "copywriting", "sales", "customer support"]
    rows = []
    for i in range(90):
        kind = i % 3
        pool = (tech, mgmt, other)[kind]
        words = rng.sample(pool, 4) + rng.sample(other, 1)
        rows.append({"id": str(i), "text": f"Experience\n- Worked with {', '.join(words)}.\nCV {i}",
                     "labels": ("mlops_engineer", "ai_operations_manager", "none")[kind], "group": str(i),
                     "source": ""})
    corpus = corpus_from_frame(pd.DataFrame(rows))
    tax = default_taxonomy()
    model = rolefit.train(corpus, classifier=default_classifier(tax, kind="trees", max_iter=5),
                          calibration="isotonic", n_bootstrap=0, baseline=False, seed=0)
    return rolefit.Scorer(model)


@pytest.mark.slow
def test_scorer_without_an_additive_form_scores_and_explains_by_leave_one_out(trees_scorer):
    """Regression guard: the non-additive fallback path was exercised by no test."""
    assert trees_scorer._decomposition is None
    results = trees_scorer.score_many([MLOPS_CV, AIOPS_CV, "Pastry chef.", ""], batch_size=2)
    assert [r.roles["mlops_engineer"].probability for r in results] == [
        trees_scorer.score(t).roles["mlops_engineer"].probability for t in [MLOPS_CV, AIOPS_CV, "Pastry chef.", ""]
    ]
    mlops = results[0].roles["mlops_engineer"]
    assert 0.0 <= mlops.probability <= 1.0 and mlops.label in LABELS
    assert mlops.contribution_unit != "log-odds"
    assert {c for c, _ in mlops.contributions} <= {m.concept_id for m in results[0].mentions}
    assert results[0].roles["mlops_engineer"].probability > results[2].roles["mlops_engineer"].probability
    json.dumps(results[0].to_dict())


def test_scoring_restores_the_garbage_collector_as_it_was(scorer):
    """score_many pauses the cyclic collector for each batch (speed); it must hand it back unchanged,
    also when a text of the batch is too long (the batch is scored without it) and when it raises."""
    import gc

    texts = ["Kubernetes, Docker and MLflow in production.", "x" * (scorer.max_chars + 1)]
    assert gc.isenabled()
    first = scorer.score_many(texts)
    assert gc.isenabled()
    gc.disable()
    try:
        again = scorer.score_many(texts)
        assert again[0] == first[0] and again[1].text_sha256 == first[1].text_sha256  # NaN != NaN
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(InputTooLargeError):
        scorer.score(texts[1])
    assert gc.isenabled()


def _missing_by_the_plain_rule(scorer, role, evidence):
    """``missing`` as the docstring of RoleScore states it: the profile's concepts of weight >=
    MISSING_MIN_WEIGHT, heaviest first, that the CV neither shows nor covers with a narrower
    concept (broader.csv), at most MISSING_MAX."""
    from rolefit.scorer import MISSING_MAX, MISSING_MIN_WEIGHT
    from rolefit.taxonomy import default_broader

    out = []
    for c, w in scorer.taxonomy.profiles[role].top():
        if w < MISSING_MIN_WEIGHT or c in evidence or not default_broader().get(c, frozenset()).isdisjoint(evidence):
            continue
        out.append(c)
    return tuple(out[:MISSING_MAX])


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_scorer_missing_equals_the_plain_rule(scorer, data):
    """The scorer finds ``missing`` from the gap candidates one CV's evidence rules out, built once
    for all roles (Scorer._document); it must list what the plain rule lists, for any evidence:
    profile concepts, their narrower concepts, and others."""
    from rolefit.taxonomy import default_broader

    profile_ids = sorted({c for p in scorer.taxonomy.profiles.values() for c in p.weights})
    narrower = sorted({c for b in profile_ids for c in default_broader().get(b, ())})
    pool = sorted(set(profile_ids) | set(narrower) | set(scorer.taxonomy.concept_ids[:50]))
    evidence = {c: 1.0 for c in data.draw(st.lists(st.sampled_from(pool), max_size=25, unique=True))}
    document = scorer._document("", (), evidence)
    for role in scorer.roles:
        got = scorer._role_score(role, 0.5, evidence, {}, (), "not judged", document).missing
        assert got == _missing_by_the_plain_rule(scorer, role, evidence), (role, sorted(evidence))


# ---------------------------------------------------------------- profiles and requirements files

_PROFILES_CSV = "role,concept_id,weight,source\nmlops_engineer,airflow,0.9,test\n"


def _requirements_csv(tmp_path):
    """The bundled requirements of mlops_engineer without the 'operations' group."""
    import csv
    from pathlib import Path

    src = Path(rolefit.__file__).parent / "data" / "requirements.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if r["role"] == "mlops_engineer" and r["requirement"] != "operations"]
    path = tmp_path / "requirements.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path, [r["requirement"] for r in kept]


@pytest.mark.parametrize("as_str", [True, False], ids=["str", "pathlike"])
def test_scorer_reads_profiles_and_requirements_from_a_path_as_the_cli_does(scorer, tmp_path, as_str):
    """Regression (a new user's walkthrough): Scorer(profiles='prof.csv') and
    Scorer(requirements='req.csv') crashed with AttributeError ('str' object has no attribute
    'weights') inside taxonomy.py, though the README documents them beside --profiles."""
    from rolefit.scorer import read_profiles, read_requirements

    profiles = tmp_path / "profiles.csv"
    profiles.write_text(_PROFILES_CSV, encoding="utf-8")
    requirements, groups = _requirements_csv(tmp_path)
    arg = str if as_str else (lambda p: p)
    custom = rolefit.Scorer(profiles=arg(profiles), requirements=arg(requirements))
    assert dict(custom.taxonomy.profiles["mlops_engineer"].weights) == {"airflow": 0.9}
    assert [r.requirement for r in custom.taxonomy.requirements_for("mlops_engineer")] == groups
    from_objects = rolefit.Scorer(profiles=read_profiles(profiles), requirements=read_requirements(requirements))
    assert custom.taxonomy == from_objects.taxonomy
    result = custom.score(MLOPS_CV)
    assert list(result.roles["mlops_engineer"].missing) == ["airflow"]
    assert result.roles["mlops_engineer"].probability == scorer.score(MLOPS_CV).roles["mlops_engineer"].probability


@pytest.mark.parametrize(("parameter", "value", "named"), [
    ("profiles", 123, "profiles"),
    ("profiles", b"profiles.csv", "profiles"),
    ("profiles", ["profiles.csv"], "profiles[0]"),
    ("requirements", 1.5, "requirements"),
    ("requirements", [object()], "requirements[0]"),
])
def test_scorer_refuses_profiles_or_requirements_of_another_type_with_rf520(parameter, value, named):
    """Regression: anything but RoleProfile / Requirement objects failed with an AttributeError
    or TypeError from deep inside taxonomy.py; now RF520 names the parameter and what it takes."""
    from rolefit.errors import ParameterValueError

    with pytest.raises(ParameterValueError, match=r"^\[RF520\] ") as info:
        rolefit.Scorer(**{parameter: value})
    assert info.value.parameter == named
    assert "a path to a" in str(info.value) and "(str or os.PathLike)" in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)


def test_scorer_reports_a_missing_profiles_file_with_rf007(tmp_path):
    """A path that names no file is the taxonomy file error the CLI prints for --profiles."""
    from rolefit.errors import TaxonomyError

    missing = tmp_path / "nope.csv"
    for parameter in ("profiles", "requirements"):
        with pytest.raises(TaxonomyError, match=r"^\[RF007\] .*nope\.csv: file not found"):
            rolefit.Scorer(**{parameter: str(missing)})
