"""Interaction features (management AND IT context): monotone, exactly attributed, saved."""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logit
from sklearn.utils.estimator_checks import parametrize_with_checks
from synthetic import SyntheticCorpus
from test_artifacts import MANAGERIAL, TECH, synthetic_taxonomy

from rolefit.artifacts import load_model, save_model
from rolefit.ml import (
    GROUP_TERMS,
    Interaction,
    InteractionTerms,
    LinearDecomposition,
    decomposition_of,
    estimator_proba,
    evidence_many,
    fit_estimator,
    make_estimator,
    monotonic_constraints,
    n_union_features,
)

#: management x technical context, with one concept (jira) on both sides
TERMS = (
    Interaction("management_x_tech", ("risk_management", "stakeholder_management", "pmp", "jira"), ("kubernetes", "docker", "python", "jira")),
    Interaction("ml_x_ops", ("mlflow", "python"), ("kubernetes", "gitlab_ci")),
)


@parametrize_with_checks([InteractionTerms(), InteractionTerms(cap=np.inf)])
def test_interaction_terms_pass_sklearn_checks(estimator, check):
    check(estimator)


def _fit(monotonic: str = "profiles"):
    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=160, seed=3, section="experience")
    evidence = evidence_many(corpus.mentions)
    est = make_estimator(tax, monotonic=monotonic, interactions=TERMS)
    return fit_estimator(est, evidence, corpus.Y, corpus.groups()), evidence


FITTED = _fit()
FITTED_ALL = _fit("all")


def test_interaction_columns_are_constrained_non_decreasing():
    tax = synthetic_taxonomy()
    cst = monotonic_constraints(tax, "profiles", TERMS)
    assert cst.shape == (n_union_features(tax, TERMS),)
    assert np.all(cst[-len(TERMS) :] == 1)
    est, _ = FITTED
    names = list(est.named_steps["features"].get_feature_names_out())
    assert names[-2:] == ["interactions__management_x_tech", "interactions__ml_x_ops"]
    for calibrated in est.named_steps["classifier"].estimators_:
        coef = calibrated.calibrated_classifiers_[0].estimator.coef_[0]
        assert np.all(coef[-len(TERMS) :] >= 0.0)


@pytest.mark.parametrize("fitted", [FITTED, FITTED_ALL], ids=["profiles", "all"])
def test_contributions_with_interactions_add_up_to_the_calibrated_log_odds(fitted):
    est, evidence = fitted
    d = decomposition_of(est)
    assert d.group_names == (*GROUP_TERMS, "interactions")
    X = d.matrix(evidence)
    P = np.column_stack([p[:, 1] for p in est.predict_proba(evidence)])
    np.testing.assert_allclose(d.proba(X), P, rtol=0, atol=1e-12)
    np.testing.assert_allclose(d.baseline + d.concept_terms(X).sum(axis=-1), logit(P), atol=1e-9)
    np.testing.assert_allclose(d.baseline + d.group_terms(X).sum(axis=-1), logit(P), atol=1e-9)
    # an absent concept contributes nothing, interaction or not
    assert np.all(d.concept_terms(X)[:, :, ~(X > 0).any(axis=0)] == 0.0)


def _decomposition(cap: float, weight: float = 0.8) -> LinearDecomposition:
    """One role, four concepts a, b (left), c, d (right), only the interaction term."""
    left = np.array([[1.0, 1.0, 0.0, 0.0]])
    right = np.array([[0.0, 0.0, 1.0, 1.0]])
    return LinearDecomposition(
        np.array(["a", "b", "c", "d"]), np.array([-1.0]), np.zeros((4, 1, 4)), np.zeros((1, 4)),
        inter_left=left, inter_right=right, inter_weight=np.array([[weight]]), inter_cap=cap,
    )


def _shapley(value, x: np.ndarray) -> np.ndarray:
    """Exact Shapley values of ``value`` (a function of the evidence vector) over x's players."""
    n = x.size
    phi = np.zeros(n)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for k in range(n):
            for S in combinations(others, k):
                with_i = np.zeros(n)
                with_i[list(S)] = x[list(S)]
                without = with_i.copy()
                with_i[i] = x[i]
                phi[i] += factorial(k) * factorial(n - k - 1) / factorial(n) * (value(with_i) - value(without))
    return phi


def test_uncapped_interaction_is_split_as_its_shapley_values():
    d = _decomposition(cap=np.inf)
    x = np.array([0.5, 1.0, 0.2, 0.6])
    terms = d.concept_terms(x[None])[0, 0]
    phi = _shapley(lambda v: 0.8 * v[:2].sum() * v[2:].sum(), x)
    np.testing.assert_allclose(terms, phi, atol=1e-12)
    # the bilinear split: w * a_i * B / 2 and w * b_j * A / 2
    np.testing.assert_allclose(terms, 0.8 * np.array([0.5 * 0.8, 1.0 * 0.8, 0.2 * 1.5, 0.6 * 1.5]) / 2, atol=1e-12)


def test_capped_interaction_is_split_in_proportion_within_each_side():
    d = _decomposition(cap=1.0)
    x = np.array([0.5, 1.0, 0.2, 0.6])  # left sum 1.5 capped at 1.0; right 0.8 not capped
    A, B = 1.0, 0.8
    expected = 0.8 * np.array([A * 0.5 / 1.5 * B, A * 1.0 / 1.5 * B, A * B * 0.2 / 0.8, A * B * 0.6 / 0.8]) / 2
    terms = d.concept_terms(x[None])[0, 0]
    np.testing.assert_allclose(terms, expected, atol=1e-12)
    assert terms.sum() == pytest.approx(0.8 * A * B, abs=1e-12)
    assert d.log_odds(x[None])[0, 0] == pytest.approx(-1.0 + 0.8 * A * B, abs=1e-12)
    # one side empty: no interaction, nothing attributed
    assert np.all(d.concept_terms(np.array([[0.5, 1.0, 0.0, 0.0]])) == 0.0)


def test_a_concept_on_both_sides_gets_both_shares():
    est, _ = FITTED
    d = decomposition_of(est)
    j = d.vocabulary["jira"]
    assert d.inter_left[0, j] == 1.0 and d.inter_right[0, j] == 1.0
    X = d.matrix([{"jira": 1.0}])  # alone: A = B = 1, jira gets the whole term w
    groups = d.group_terms(X)[0]
    np.testing.assert_allclose(groups[:, -1], d.inter_weight[:, 0], atol=1e-12)


def test_interaction_probabilities_do_not_depend_on_the_batch():
    """Same rule as without interactions: a document's bits never depend on its batch
    (the per-row sides are summed row by row, the shares element-wise)."""
    rng = np.random.default_rng(1)
    n_roles, n_concepts, n_terms = 2, 300, 3
    d = LinearDecomposition(
        np.array([f"c{j}" for j in range(n_concepts)]), rng.normal(size=n_roles),
        rng.normal(size=(4, n_roles, n_concepts)), rng.normal(size=(n_roles, n_concepts)),
        inter_left=(rng.random((n_terms, n_concepts)) < 0.2).astype(float),
        inter_right=(rng.random((n_terms, n_concepts)) < 0.2).astype(float),
        inter_weight=rng.random((n_roles, n_terms)), inter_cap=1.5,
    )
    X = np.where(rng.random((120, n_concepts)) < 0.05, rng.random((120, n_concepts)), 0.0)
    whole, groups, terms = d.log_odds(X), d.group_terms(X), d.concept_terms(X)
    for size in (1, 9, 50):
        for start in range(0, 120, size):
            part = X[start : start + size]
            assert np.array_equal(d.log_odds(part), whole[start : start + size])
            assert np.array_equal(d.group_terms(part), groups[start : start + size])
            assert np.array_equal(d.concept_terms(part), terms[start : start + size])


EVIDENCE = st.dictionaries(st.sampled_from(TECH + MANAGERIAL), st.sampled_from([0.2, 0.5, 0.6, 1.0]), max_size=8)


@given(EVIDENCE, st.sampled_from(TECH + MANAGERIAL), st.sampled_from([0.2, 0.5, 1.0]))
@settings(max_examples=80, deadline=None)
def test_more_evidence_never_lowers_a_probability_with_interactions(doc, concept, value):
    """monotonic="all": every feature, interactions included, is non-decreasing in every
    concept's evidence and every coefficient is >= 0, so raising one concept's evidence can
    only raise each role's probability."""
    est, _ = FITTED_ALL
    more = {**doc, concept: max(doc.get(concept, 0.0), value)}
    before, after = estimator_proba(est, [doc, more])
    assert np.all(after >= before - 1e-12)


@given(
    st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
    st.integers(0, 5),
    st.floats(0.0, 1.0),
    st.sampled_from([0.5, 1.0, 2.0, np.inf]),
    st.integers(0, 2**16),
)
@settings(max_examples=150, deadline=None)
def test_interaction_terms_are_non_decreasing_in_every_column(x, j, delta, cap, seed):
    rng = np.random.default_rng(seed)
    left = (rng.random((3, 6)) < 0.5).astype(float)
    right = (rng.random((3, 6)) < 0.5).astype(float)
    left[:, 0] = right[:, 1] = 1.0  # no empty side
    terms = InteractionTerms(left=left, right=right, cap=cap).fit(np.zeros((1, 6)))
    x = np.asarray([x])
    more = x.copy()
    more[0, j] += delta
    assert np.all(terms.transform(more) >= terms.transform(x))
    assert np.all(terms.transform(x) >= 0.0)


def test_interaction_model_saves_loads_and_scores_without_scikit_learn(tmp_path):
    """The additive file carries the interaction arrays; a scoring-only load predicts what the
    estimator predicts, and the group contributions name the interactions."""
    from rolefit.training import train

    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=120, seed=0, section="experience", sha256="1" * 64)
    model = train(
        corpus, taxonomy=tax, mentions=corpus.mentions, n_bootstrap=5, baseline=False, interactions=TERMS
    )
    saved = save_model(model, tmp_path / "rolefit-inter")
    light = load_model(tmp_path / "rolefit-inter", taxonomy=tax, estimator=False)
    full = load_model(tmp_path / "rolefit-inter", taxonomy=tax)
    evidence = evidence_many(corpus.mentions)
    assert light.estimator is None and light.additive.group_names[-1] == "interactions"
    # the model card names the terms and the fifth group (it used to call every model linear
    # with four groups)
    card = (tmp_path / "rolefit-inter" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "interaction terms (" in card and "kinds, interactions)" in card
    np.testing.assert_allclose(light.predict_proba(evidence), full.predict_proba(evidence), atol=1e-12)
    np.testing.assert_allclose(light.predict_proba(evidence), saved.predict_proba(evidence), atol=1e-12)


def test_scorer_reports_interaction_shares_that_add_up(tmp_path):
    """Through the scorer: the per-concept contributions (interaction shares included) and the
    five group terms each sum with the baseline to the role's log-odds."""
    import math

    from rolefit.scorer import Scorer
    from rolefit.training import train

    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=120, seed=0, section="experience", sha256="1" * 64)
    model = train(corpus, taxonomy=tax, mentions=corpus.mentions, n_bootstrap=5, baseline=False, interactions=TERMS)
    scorer = Scorer(model, taxonomy=tax)
    result = scorer.score("Skills: kubernetes, docker, jira, pmp, mlflow, gitlab_ci, python")
    assert any(dict(rs.group_contributions)["interactions"] > 0 for rs in result.roles.values())
    for rs in result.roles.values():
        assert rs.contribution_unit == "log-odds"
        logit_p = math.log(rs.probability) - math.log1p(-rs.probability)
        assert [g for g, _ in rs.group_contributions] == [*GROUP_TERMS, "interactions"]
        assert rs.baseline + sum(v for _, v in rs.contributions) == pytest.approx(logit_p, abs=1e-9)
        assert rs.baseline + sum(v for _, v in rs.group_contributions) == pytest.approx(logit_p, abs=1e-9)


# ---------------------------------------------------------------- the interactions file


def test_parse_interactions_resolves_requirement_groups_concept_groups_and_ids(tmp_path):
    from rolefit.taxonomy import default_taxonomy, parse_interactions

    tax = default_taxonomy()
    path = tmp_path / "interactions.csv"
    path.write_text(
        "name,left,right,label,source\n"
        "management_x_it,requirement:ai_operations_manager/management,group:technical|information_technology|docker,"
        "management in IT,test\n",
        encoding="utf-8",
    )
    (term,) = parse_interactions(path, tax)
    management = next(r for r in tax.requirements_for("ai_operations_manager") if r.requirement == "management")
    assert term.left == management.concepts
    technical = [c.id for c in tax.concepts if c.group == "technical"]
    assert term.right == (*technical, "information_technology")  # docker is technical: listed once
    assert term.label == "management in IT" and term.source == "test"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Bad Name,docker,kubernetes,x,y", "snake_case"),
        ("t,docker,,x,y", "right is empty"),
        ("t,docker|,kubernetes,x,y", "empty item"),
        ("t,no_such_concept,kubernetes,x,y", "'no_such_concept' is not a concept id"),
        ("t,group:nonsense,kubernetes,x,y", "group:nonsense"),
        ("t,requirement:mlops_engineer/nope,kubernetes,x,y", "no requirement 'nope'"),
        ("t,docker,kubernetes,,y", "label and source"),
    ],
)
def test_parse_interactions_bad_row_is_rf021_with_line_and_fix(tmp_path, row, problem):
    from rolefit.errors import TaxonomyError
    from rolefit.taxonomy import default_taxonomy, parse_interactions

    path = tmp_path / "interactions.csv"
    path.write_text("name,left,right,label,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="RF021") as info:
        parse_interactions(path, default_taxonomy())
    assert "line 2" in str(info.value) and problem in str(info.value)


def test_example_interactions_file_names_only_known_groups():
    """examples/interactions.csv (the terms scripts/interaction_ablation.py measures) loads and
    builds a feature union with one column per term."""
    from pathlib import Path

    from rolefit.ml import build_feature_union
    from rolefit.taxonomy import default_taxonomy, parse_interactions

    tax = default_taxonomy()
    terms = parse_interactions(Path(__file__).resolve().parents[1] / "examples" / "interactions.csv", tax)
    assert [t.name for t in terms] == ["management_x_it_context", "management_x_it_context_no_skills", "ml_x_operations"]
    union = build_feature_union(tax, monotonic="profiles", interactions=terms)
    assert n_union_features(tax, terms) == n_union_features(tax) + 3
    assert dict(union.transformer_list)["interactions"].names == ["management_x_it_context", "management_x_it_context_no_skills", "ml_x_operations"]
