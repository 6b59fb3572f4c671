"""Features: concept evidence, the evidence vectorizer, and the numeric transformers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from rolefit.ml import (
    SECTION_WEIGHTS,
    ConceptVectorizer,
    GroupCounts,
    ProfileSimilarity,
    build_feature_union,
    concept_evidence,
    monotonic_constraints,
    n_union_features,
)
from rolefit.schema import SECTIONS, Concept, RoleProfile, SkillMention
from rolefit.taxonomy import Taxonomy

CONCEPTS = ("kubernetes", "docker", "mlflow", "risk_management", "pmp")


def mention(concept: str, section: str = "experience", negated: bool = False, start: int = 0) -> SkillMention:
    return SkillMention(start, start + len(concept), concept, concept, concept, section, negated)


mentions_st = st.lists(
    st.builds(
        mention,
        st.sampled_from(CONCEPTS),
        st.sampled_from(SECTIONS),
        st.booleans(),
        st.integers(0, 1000),
    ),
    max_size=12,
)


def small_taxonomy() -> Taxonomy:
    concepts = (
        Concept("kubernetes", "Kubernetes", "technical", "tool"),
        Concept("docker", "Docker", "technical", "tool"),
        Concept("mlflow", "MLflow", "technical", "tool"),
        Concept("risk_management", "Risk management", "managerial", "skill"),
        Concept("pmp", "PMP", "managerial", "certification"),
        Concept("excel", "Excel", "general", "tool"),
    )
    profiles = {
        "mlops_engineer": RoleProfile("mlops_engineer", "MLOps", {"kubernetes": 0.85, "mlflow": 0.75}),
        "ai_operations_manager": RoleProfile("ai_operations_manager", "AI ops", {"risk_management": 0.75, "pmp": 0.5}),
    }
    return Taxonomy(concepts, profiles)


# ---------------------------------------------------------------- concept evidence


def test_features_section_weights_cover_every_section():
    assert set(SECTION_WEIGHTS) == set(SECTIONS)
    assert all(0.0 < w <= 1.0 for w in SECTION_WEIGHTS.values())
    assert SECTION_WEIGHTS["interests"] < SECTION_WEIGHTS["education"] < SECTION_WEIGHTS["experience"]


@given(mentions_st, st.integers(2, 4))
def test_features_concept_evidence_repeat_invariant(mentions, times):
    assert concept_evidence(mentions * times) == concept_evidence(mentions)


@given(mentions_st, st.sampled_from(CONCEPTS), st.sampled_from(SECTIONS))
def test_features_concept_evidence_negated_mention_adds_nothing(mentions, concept, section):
    assert concept_evidence([*mentions, mention(concept, section, negated=True)]) == concept_evidence(mentions)


@given(mentions_st)
def test_features_concept_evidence_values_in_unit_interval(mentions):
    ev = concept_evidence(mentions)
    assert all(0.0 < v <= 1.0 for v in ev.values())
    assert set(ev) == {m.concept_id for m in mentions if not m.negated}


def test_features_concept_evidence_hobbies_count_less_than_experience():
    assert concept_evidence([mention("kubernetes", "experience")]) == {"kubernetes": 1.0}
    assert concept_evidence([mention("kubernetes", "interests")]) == {"kubernetes": 0.2}


def test_features_concept_evidence_takes_the_strongest_section():
    ev = concept_evidence(
        [mention("docker", "interests"), mention("docker", "education"), mention("mlflow", "languages")]
    )
    assert ev == {"docker": 0.6, "mlflow": 0.5}


def test_features_concept_evidence_only_negated_is_absent():
    assert concept_evidence([mention("pmp", "certifications", negated=True)]) == {}


# ---------------------------------------------------------------- ConceptVectorizer


def test_features_concept_vectorizer_columns_follow_concept_ids():
    vec = ConceptVectorizer(concept_ids=["mlflow", "docker", "kubernetes"]).fit([])
    X = vec.transform([{"docker": 1.0, "kubernetes": 0.2}, {}])
    assert X.dtype == np.float64
    np.testing.assert_array_equal(X, [[0.0, 1.0, 0.2], [0.0, 0.0, 0.0]])
    assert vec.get_feature_names_out().tolist() == ["mlflow", "docker", "kubernetes"]


def test_features_concept_vectorizer_learns_sorted_columns_when_none_given():
    vec = ConceptVectorizer().fit([{"mlflow": 1.0}, {"docker": 0.6, "airflow": 1.0}])
    assert vec.get_feature_names_out().tolist() == ["airflow", "docker", "mlflow"]


def test_features_concept_vectorizer_ignores_unknown_concepts():
    vec = ConceptVectorizer(concept_ids=["docker"]).fit([])
    np.testing.assert_array_equal(vec.transform([{"docker": 0.5, "cobol": 1.0}]), [[0.5]])


def test_features_concept_vectorizer_rejects_non_mapping_documents():
    vec = ConceptVectorizer(concept_ids=["docker"]).fit([])
    with pytest.raises(TypeError, match="evidence mapping"):
        vec.transform(["docker kubernetes"])
    with pytest.raises(TypeError, match="list of evidence mappings"):
        vec.transform("docker")


def test_features_concept_vectorizer_rejects_repeated_ids():
    with pytest.raises(ValueError, match="repeats"):
        ConceptVectorizer(concept_ids=["docker", "docker"]).fit([])


def test_features_concept_vectorizer_without_columns_raises():
    with pytest.raises(ValueError, match="no columns"):
        ConceptVectorizer().fit([{}, {}])


def test_features_concept_vectorizer_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        ConceptVectorizer(concept_ids=["docker"]).transform([{}])


# ---------------------------------------------------------------- numeric transformers


@parametrize_with_checks([ProfileSimilarity(), GroupCounts()])
def test_features_transformers_pass_sklearn_checks(estimator, check):
    check(estimator)


def test_features_profile_similarity_is_the_weighted_share():
    sim = ProfileSimilarity(weights=[[0.8, 0.2, 0.0], [0.0, 1.0, 1.0]], role_names=["a", "b"])
    out = sim.fit_transform(np.array([[1.0, 0.0, 0.0], [0.5, 1.0, 2.0], [-1.0, 0.2, 0.0]]))
    np.testing.assert_allclose(out, [[0.8, 0.0], [0.6, 1.0], [0.04, 0.1]])
    assert sim.get_feature_names_out().tolist() == ["similarity_a", "similarity_b"]


@given(
    st.lists(st.floats(-2, 3, allow_nan=False), min_size=4, max_size=4),
    st.integers(0, 3),
    st.floats(0, 2, allow_nan=False),
)
def test_features_profile_similarity_in_unit_interval_and_non_decreasing(x, j, bump):
    sim = ProfileSimilarity(weights=[[0.85, 0.8, 0.0, 0.1], [0.0, 0.3, 0.7, 0.2]]).fit(np.zeros((1, 4)))
    before = sim.transform(np.array([x]))
    raised = list(x)
    raised[j] += bump
    after = sim.transform(np.array([raised]))
    assert np.all((before >= 0) & (before <= 1))
    assert np.all(after >= before)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([[1.0, -0.1]], "non-negative"),
        ([[1.0, 0.5, 0.1]], "shape"),
        ([[0.0, 0.0], [1.0, 0.0]], "sum to 0"),
        ([[1.0, float("nan")]], "finite"),
    ],
)
def test_features_profile_similarity_rejects_bad_weights(weights, message):
    with pytest.raises(ValueError, match=message):
        ProfileSimilarity(weights=weights).fit(np.zeros((2, 2)))


def test_features_profile_similarity_rejects_wrong_number_of_role_names():
    with pytest.raises(ValueError, match="role_names"):
        ProfileSimilarity(weights=[[1.0, 0.0]], role_names=["a", "b"]).fit(np.zeros((2, 2)))


def test_features_group_counts_sums_per_group():
    gc = GroupCounts(groups=["tool", "skill", "tool", "certification"])
    out = gc.fit_transform(np.array([[1.0, 0.5, 0.2, 1.0], [0.0, 0.0, 0.0, 0.0]]))
    assert gc.get_feature_names_out().tolist() == ["count_certification", "count_skill", "count_tool"]
    np.testing.assert_allclose(out, [[1.0, 0.5, 1.2], [0.0, 0.0, 0.0]])


def test_features_group_counts_rejects_wrong_number_of_labels():
    with pytest.raises(ValueError, match="one group label per feature"):
        GroupCounts(groups=["a", "b"]).fit(np.zeros((2, 3)))


# ---------------------------------------------------------------- feature union


def test_features_union_has_concepts_similarity_groups_and_kinds():
    tax = small_taxonomy()
    vec = ConceptVectorizer(concept_ids=tax.concept_ids).fit([])
    union = build_feature_union(tax)
    X = union.fit_transform(vec.transform([{"kubernetes": 1.0, "pmp": 1.0, "risk_management": 0.2}]))
    names = union.get_feature_names_out(vec.get_feature_names_out()).tolist()
    assert X.shape == (1, n_union_features(tax)) == (1, len(names))
    row = dict(zip(names, X[0]))
    assert row["concepts__kubernetes"] == 1.0
    assert row["similarity__similarity_mlops_engineer"] == pytest.approx(0.85 / 1.6)
    assert row["similarity__similarity_ai_operations_manager"] == pytest.approx((0.75 * 0.2 + 0.5) / 1.25)
    assert row["groups__count_managerial"] == pytest.approx(1.2)
    assert row["kinds__count_certification"] == 1.0


def test_features_union_refuses_taxonomy_without_profiles():
    tax = Taxonomy(small_taxonomy().concepts, {})
    with pytest.raises(ValueError, match="no role profiles"):
        build_feature_union(tax)


def test_features_profiles_mode_turns_non_profile_concepts_into_presence():
    tax = small_taxonomy()
    vec = ConceptVectorizer(concept_ids=tax.concept_ids).fit([])
    union = build_feature_union(tax, monotonic="profiles")
    X = union.fit_transform(vec.transform([{"kubernetes": 0.2, "docker": 0.2, "excel": 0.5}]))
    row = dict(zip(union.get_feature_names_out(vec.get_feature_names_out()).tolist(), X[0]))
    assert row["concepts__graded__kubernetes"] == 0.2  # in a profile: graded evidence
    assert row["concepts__presence__docker"] == 1.0  # in no profile: presence only
    assert row["concepts__presence__excel"] == 1.0
    assert row["groups__count_technical"] == pytest.approx(0.4)  # counts stay graded


@pytest.mark.parametrize("mode", ["all", "profiles"])
def test_features_monotonic_constraints_free_only_non_profile_presence(mode):
    tax = small_taxonomy()
    vec = ConceptVectorizer(concept_ids=tax.concept_ids).fit([])
    names = build_feature_union(tax, monotonic=mode).fit(vec.transform([{}])).get_feature_names_out(
        vec.get_feature_names_out()
    )
    cst = monotonic_constraints(tax, mode)
    assert len(cst) == len(names) == n_union_features(tax)
    free = sorted(str(n) for n, c in zip(names, cst) if c == 0)
    expected = [] if mode == "all" else ["concepts__presence__docker", "concepts__presence__excel"]
    assert free == expected
    assert set(cst.tolist()) <= {0, 1}


def test_features_unknown_monotonic_mode_is_refused():
    with pytest.raises(ValueError, match="monotonic must be one of"):
        build_feature_union(small_taxonomy(), monotonic="some")


def test_features_profiles_mode_keeps_ambiguous_concepts_graded():
    """Regression: React (ambiguous, in no profile) as presence let a hobby move raise a probability.

    The extractor drops an ambiguous name outside a skills context, so "Hobbies: Chess, React"
    removed React entirely; with an unconstrained presence column that raised MLOps/AI-ops
    probabilities of the trained default model (0.015 -> 0.071).
    """
    base = small_taxonomy()
    tax = Taxonomy((*base.concepts, Concept("react", "React", "general", "tool", ambiguous=True)), base.profiles)
    vec = ConceptVectorizer(concept_ids=tax.concept_ids).fit([])
    union = build_feature_union(tax, monotonic="profiles").fit(vec.transform([{}]))
    names = union.get_feature_names_out(vec.get_feature_names_out()).tolist()
    cst = dict(zip(names, monotonic_constraints(tax, "profiles")))
    assert cst["concepts__graded__react"] == 1
    assert cst["concepts__presence__excel"] == 0
