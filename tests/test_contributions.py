"""The default estimator's exact additive contributions, and its classifier."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logit
from sklearn.utils.estimator_checks import parametrize_with_checks

from rolefit.ml import (
    GROUP_TERMS,
    MonotoneLogisticRegression,
    decomposition_of,
    default_classifier,
    evidence_many,
    fit_estimator,
    make_estimator,
)
from synthetic import SyntheticCorpus
from test_artifacts import MANAGERIAL, TECH, synthetic_taxonomy


@parametrize_with_checks([MonotoneLogisticRegression()])
def test_contributions_monotone_logistic_regression_passes_sklearn_checks(estimator, check):
    check(estimator)


def test_contributions_monotone_logistic_regression_keeps_the_signs():
    rng = np.random.default_rng(0)
    X = rng.random((300, 4))
    y = (X[:, 0] - X[:, 1] - X[:, 2] + 0.1 * rng.standard_normal(300) > -0.5).astype(int)
    free = MonotoneLogisticRegression(C=10.0).fit(X, y)
    assert free.coef_[0, 1] < 0 and free.coef_[0, 2] < 0
    held = MonotoneLogisticRegression(C=10.0, monotonic_cst=[1, 1, -1, 0]).fit(X, y)
    assert held.coef_[0, 0] > 0 and held.coef_[0, 1] == 0.0 and held.coef_[0, 2] < 0


@pytest.fixture(scope="module", params=["all", "profiles"])
def fitted(request):
    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=160, seed=3, section="experience")
    est = make_estimator(tax, monotonic=request.param)
    evidence = evidence_many(corpus.mentions)
    return fit_estimator(est, evidence, corpus.Y, corpus.groups()), evidence


def test_contributions_add_up_to_the_calibrated_log_odds(fitted):
    est, evidence = fitted
    d = decomposition_of(est)
    X = d.matrix(evidence)
    P = np.column_stack([p[:, 1] for p in est.predict_proba(evidence)])
    np.testing.assert_allclose(d.proba(X), P, rtol=0, atol=1e-12)
    concept_sum = d.baseline + d.concept_terms(X).sum(axis=-1)
    group_sum = d.baseline + d.group_terms(X).sum(axis=-1)
    np.testing.assert_allclose(concept_sum, logit(P), atol=1e-9)
    np.testing.assert_allclose(group_sum, logit(P), atol=1e-9)
    assert d.group_terms(X).shape[-1] == len(GROUP_TERMS)
    # an absent concept contributes nothing
    assert np.all(d.concept_terms(X)[:, :, ~(X > 0).any(axis=0)] == 0.0)


@given(st.dictionaries(st.sampled_from(TECH + MANAGERIAL), st.sampled_from([0.2, 0.5, 0.6, 1.0]), max_size=8))
@settings(max_examples=60, deadline=None)
def test_contributions_of_profile_concepts_are_never_negative(doc):
    est, _ = FITTED_PROFILES
    d = decomposition_of(est)
    tax = synthetic_taxonomy()
    profile = {c for r in tax.roles for c in tax.profile(r).weights}
    terms = d.concept_terms(d.matrix([doc]))[0]
    for j, cid in enumerate(d.concept_ids):
        if cid in profile:
            assert np.all(terms[:, j] >= 0.0)


def _fit_profiles():
    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=160, seed=3, section="experience")
    evidence = evidence_many(corpus.mentions)
    return fit_estimator(make_estimator(tax), evidence, corpus.Y, corpus.groups()), evidence


FITTED_PROFILES = _fit_profiles()


def test_contributions_need_a_linear_sigmoid_model():
    tax = synthetic_taxonomy()
    corpus = SyntheticCorpus(TECH, MANAGERIAL, n=120, seed=1)
    evidence = evidence_many(corpus.mentions)
    trees = make_estimator(tax, classifier=default_classifier(tax, kind="trees", max_iter=5), calibration="isotonic")
    assert decomposition_of(fit_estimator(trees, evidence, corpus.Y, corpus.groups())) is None
    iso = make_estimator(tax, calibration="isotonic")
    assert decomposition_of(fit_estimator(iso, evidence, corpus.Y, corpus.groups())) is None


def test_additive_probabilities_do_not_depend_on_the_batch():
    """Regression: log-odds came from one BLAS matrix product per batch, whose blocking and
    threading depend on the batch size, so a CV scored in a batch of 150 and again in a
    resumed batch differed in the last bits (0.7978608742945755 vs ...759) and ``rolefit
    batch --resume`` was not byte-identical to an uninterrupted run."""
    import numpy as np

    from rolefit.ml import LinearDecomposition

    rng = np.random.default_rng(0)
    n_roles, n_concepts = 2, 800
    d = LinearDecomposition(
        concept_ids=np.array([f"c{j}" for j in range(n_concepts)]),
        baseline=rng.normal(size=n_roles),
        slope=rng.normal(size=(4, n_roles, n_concepts)),
        presence=rng.normal(size=(n_roles, n_concepts)),
    )
    X = np.where(rng.random((150, n_concepts)) < 0.02, rng.random((150, n_concepts)), 0.0)
    whole = d.log_odds(X)
    groups = d.group_terms(X)
    for size in (1, 7, 64):
        for start in range(0, 150, size):
            part = X[start : start + size]
            assert np.array_equal(d.log_odds(part), whole[start : start + size])
            assert np.array_equal(d.group_terms(part), groups[start : start + size])


def _row_by_row(d, X):
    """The per-document loop that LinearDecomposition.decompose replaced (the reference)."""
    log_odds = np.empty((X.shape[0], d.baseline.size))
    groups = np.zeros((X.shape[0], d.baseline.size, d.slope.shape[0]))
    for i, row in enumerate(X):
        present = np.flatnonzero(row)
        log_odds[i] = d.baseline + (row[present] * d.total_slope[:, present] + d.presence[:, present]).sum(axis=1)
        groups[i] = (row[present] * d.slope[:, :, present]).sum(axis=2).T
        groups[i, :, 0] += d.presence[:, present].sum(axis=1)
    return log_odds, groups


@pytest.mark.parametrize("n_roles", [1, 2, 3])
def test_decompose_sums_each_document_exactly_as_the_row_by_row_loop(n_roles):
    """decompose sums the documents with the same number of concepts together (the scorer's
    speed-up): every value must equal, bit for bit, the per-document loop it replaced, for
    documents with no concept, a few (numpy sums fewer than 8 one by one) and hundreds (pairwise
    summation in blocks of 128), or probabilities would change and `--resume` would differ."""
    from rolefit.ml import LinearDecomposition

    rng = np.random.default_rng(n_roles)
    n_concepts = 700
    d = LinearDecomposition(
        concept_ids=np.array([f"c{j}" for j in range(n_concepts)]),
        baseline=rng.normal(size=n_roles),
        slope=rng.normal(size=(4, n_roles, n_concepts)),
        presence=rng.normal(size=(n_roles, n_concepts)),
    )
    density = np.repeat([0.0, 0.003, 0.01, 0.05, 0.3, 1.0], 20)[:, None]
    X = np.where(rng.random((density.size, n_concepts)) < density, rng.random((density.size, n_concepts)), 0.0)
    dec = d.decompose(X)
    log_odds, groups = _row_by_row(d, X)
    assert np.array_equal(dec.log_odds, log_odds) and np.array_equal(dec.groups, groups)
    assert np.array_equal(d.log_odds(X), log_odds) and np.array_equal(d.group_terms(X), groups)
    assert np.array_equal(dec.proba, d.proba(X))
    for i, row in enumerate(X):
        present = np.flatnonzero(row)
        entries = slice(dec.offsets[i], dec.offsets[i + 1])
        assert np.array_equal(dec.columns[entries], present)
        assert np.array_equal(dec.terms[:, entries], row[present] * d.total_slope[:, present] + d.presence[:, present])
    empty = d.decompose(np.zeros((0, n_concepts)))
    assert empty.log_odds.shape == (0, n_roles) and empty.groups.shape == (0, n_roles, 4)
