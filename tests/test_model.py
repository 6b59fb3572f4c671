"""The role estimator: directional guarantees, determinism, thresholds, grouped folds.

The corpus here is synthetic: skill mentions drawn from role-dependent rates, with noisy
labels, so training takes a few seconds. The default taxonomy is not needed.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolefit.errors import CorpusError, CorpusTooSmallError
from rolefit.ml import (
    TrainedModel,
    concept_evidence,
    evidence_many,
    fit_estimator,
    grouped_splits,
    label_for,
    make_estimator,
    predict_proba,
    stratify_codes,
)
from rolefit.training import rows_needed, train
from rolefit.schema import SECTIONS, Concept, RoleProfile, SkillMention
from rolefit.taxonomy import Taxonomy

#: The directional guarantees hold exactly in real arithmetic; summing the same terms in
#: another order can move a probability by an ulp, so comparisons allow this much.
ROUNDING = 1e-12

TECH = ("kubernetes", "docker", "gitlab_ci", "mlflow", "python", "terraform", "cka")
MANAGERIAL = ("risk_management", "stakeholder_management", "eu_ai_act", "budget_management", "jira", "pmp")
GENERAL = ("excel", "communication")
ROLES = ("ai_operations_manager", "mlops_engineer")


def synthetic_taxonomy() -> Taxonomy:
    kinds = {"cka": "certification", "pmp": "certification", "eu_ai_act": "regulation", "python": "skill"}
    concepts = tuple(
        Concept(c, c.replace("_", " "), group, kinds.get(c, "tool" if group == "technical" else "skill"))
        for group, ids in (("technical", TECH), ("managerial", MANAGERIAL), ("general", GENERAL))
        for c in ids
    )
    profiles = {
        "mlops_engineer": RoleProfile(
            "mlops_engineer",
            "MLOps engineer",
            {"kubernetes": 0.85, "gitlab_ci": 0.8, "mlflow": 0.75, "docker": 0.7, "cka": 0.3},
        ),
        "ai_operations_manager": RoleProfile(
            "ai_operations_manager", "AI operations manager",
            {"risk_management": 0.75, "stakeholder_management": 0.7, "eu_ai_act": 0.6, "pmp": 0.5},
        ),
    }
    return Taxonomy(concepts, profiles)


@dataclass
class SyntheticCorpus:
    """Duck-types rolefit.corpus.Corpus for what train/evaluate read."""

    texts: list
    roles: tuple
    Y: np.ndarray
    group_ids: np.ndarray
    mentions: list
    sha256: str = "0" * 64
    path: object = None

    def label_matrix(self) -> np.ndarray:
        return self.Y

    def groups(self) -> np.ndarray:
        return self.group_ids


def synthetic_corpus(n: int = 160, seed: int = 0) -> SyntheticCorpus:
    rng = np.random.default_rng(seed)
    texts, Y, groups, mentions = [], [], [], []
    for i in range(n):
        kind = rng.choice(3, p=[0.3, 0.3, 0.4])  # 0 AI ops, 1 MLOps, 2 neither
        rates = {"technical": (0.1, 0.65, 0.15)[kind], "managerial": (0.65, 0.1, 0.15)[kind], "general": 0.3}
        ms, pos = [], 0
        for group, ids in (("technical", TECH), ("managerial", MANAGERIAL), ("general", GENERAL)):
            for c in ids:
                if rng.random() < rates[group]:
                    section = str(rng.choice(SECTIONS))
                    ms.append(SkillMention(pos, pos + len(c), c, c, c, section, bool(rng.random() < 0.1)))
                    pos += len(c) + 1
        texts.append(" ".join(m.text for m in ms) or "no skills")
        flip = rng.random(2) < 0.07
        Y.append([int((kind == 0) != flip[0]), int((kind == 1) != flip[1])])
        groups.append(f"g{i // 2}" if i % 5 == 0 else f"g{i}")  # some pairs share a group
        mentions.append(tuple(ms))
    return SyntheticCorpus(texts, ROLES, np.asarray(Y), np.asarray(groups, dtype=object), mentions)


FAST = {"max_iter": 15, "n_bootstrap": 0, "baseline": False}


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return synthetic_taxonomy()


@pytest.fixture(scope="module")
def corpus() -> SyntheticCorpus:
    return synthetic_corpus()


@pytest.fixture(scope="module")
def model(tax, corpus) -> TrainedModel:
    """The default mode, ``monotonic="profiles"``."""
    return train(corpus, taxonomy=tax, mentions=corpus.mentions, seed=0, **FAST)


@pytest.fixture(scope="module")
def all_model(tax, corpus) -> TrainedModel:
    return train(corpus, taxonomy=tax, mentions=corpus.mentions, seed=0, monotonic="all", **FAST)


@pytest.fixture(scope="module", params=["model", "all_model"])
def any_model(request) -> TrainedModel:
    return request.getfixturevalue(request.param)


ALL = TECH + MANAGERIAL + GENERAL
PROFILE = tuple(sorted({c for r in ROLES for c in synthetic_taxonomy().profile(r).weights}))
evidence_st = st.dictionaries(st.sampled_from(ALL), st.sampled_from([0.2, 0.5, 0.6, 1.0]) | st.floats(0, 1))
mentions_st = st.lists(
    st.builds(
        lambda c, s, n, p: SkillMention(p, p + len(c), c, c, c, s, n),
        st.sampled_from(ALL), st.sampled_from(SECTIONS), st.booleans(), st.integers(0, 500),
    ),
    max_size=10,
)


# ---------------------------------------------------------------- properties


@given(st.lists(evidence_st, min_size=1, max_size=5))
def test_model_probabilities_in_unit_interval(any_model, evidence):
    P = predict_proba(any_model, evidence)
    assert P.shape == (len(evidence), len(ROLES))
    assert np.all((P >= 0.0) & (P <= 1.0))


@given(evidence_st, st.sampled_from(ALL), st.floats(0, 1))
def test_model_all_mode_more_evidence_never_lowers_any_probability(all_model, evidence, concept, value):
    raised = dict(evidence)
    raised[concept] = max(evidence.get(concept, 0.0), value)
    before, after = predict_proba(all_model, [evidence, raised])
    assert np.all(after >= before - ROUNDING)


@given(evidence_st, st.sampled_from(PROFILE), st.floats(0, 1))
def test_model_more_profile_evidence_never_lowers_any_probability(any_model, evidence, concept, value):
    raised = dict(evidence)
    raised[concept] = max(evidence.get(concept, 0.0), value)
    before, after = predict_proba(any_model, [evidence, raised])
    assert np.all(after >= before - ROUNDING)


@given(evidence_st, st.sampled_from(ALL), st.floats(0, 1))
def test_model_weaker_evidence_of_a_present_skill_never_raises_any_probability(any_model, evidence, concept, share):
    """Moving a skill that stays detected to a weaker section (hobbies) never helps, in both modes."""
    if evidence.get(concept, 0.0) <= 0.0:
        return
    # still detected (> 0) and never stronger than before (evidence below 1e-6 stays as is)
    weaker = {**evidence, concept: min(evidence[concept], max(evidence[concept] * share, 1e-6))}
    before, after = predict_proba(any_model, [evidence, weaker])
    assert np.all(after <= before + ROUNDING)


@given(mentions_st, st.sampled_from(ALL), st.sampled_from(SECTIONS))
def test_model_negated_mention_never_raises_a_probability(any_model, mentions, concept, section):
    negated = SkillMention(900, 900 + len(concept), concept, concept, concept, section, True)
    before, after = predict_proba(any_model, evidence_many([mentions, [*mentions, negated]]))
    assert np.all(after <= before + ROUNDING)


@given(mentions_st)
def test_model_repeating_mentions_changes_nothing(any_model, mentions):
    before, after = predict_proba(any_model, evidence_many([mentions, mentions * 3]))
    np.testing.assert_array_equal(before, after)


@given(mentions_st, st.integers(0, 9))
def test_model_moving_a_skill_to_hobbies_never_raises_a_probability(any_model, mentions, k):
    if not mentions:
        return
    k %= len(mentions)
    moved = [replace(m, section="interests") if i == k else m for i, m in enumerate(mentions)]
    before, after = predict_proba(any_model, evidence_many([mentions, moved]))
    assert np.all(after <= before + ROUNDING)


@given(evidence_st)
def test_model_adding_a_profile_skill_never_lowers_that_role(any_model, evidence):
    tax = synthetic_taxonomy()
    pairs = [(r, c) for r, role in enumerate(ROLES) for c in tax.profile(role).weights]
    P = predict_proba(any_model, [evidence] + [{**evidence, c: 1.0} for _, c in pairs])
    for k, (r, _) in enumerate(pairs, start=1):
        assert P[k, r] >= P[0, r] - ROUNDING


# ---------------------------------------------------------------- training


def test_model_training_twice_with_the_same_seed_gives_identical_predictions(model, tax, corpus):
    again = train(corpus, taxonomy=tax, mentions=corpus.mentions, seed=0, **FAST)
    ev = evidence_many(corpus.mentions)
    np.testing.assert_array_equal(predict_proba(model, ev), predict_proba(again, ev))
    assert again.thresholds == model.thresholds


def test_model_learns_the_synthetic_roles(model, corpus):
    ev = evidence_many(corpus.mentions)
    P = predict_proba(model, ev)
    from sklearn.metrics import roc_auc_score

    for r in range(len(ROLES)):
        assert roc_auc_score(corpus.Y[:, r], P[:, r]) > 0.85


def test_model_records_thresholds_metrics_and_provenance(model, tax, corpus):
    assert model.roles == ROLES
    assert all(0.0 <= t <= 1.0 for t in model.thresholds.values())
    assert set(model.metrics) == {"holdout", "cv"}
    assert model.metrics["holdout"]["kind"] == "holdout"
    assert model.metrics["cv"]["thresholds"] == {r: round(t, 6) for r, t in model.thresholds.items()}
    assert model.taxonomy_fingerprint == tax.fingerprint()
    assert model.corpus["n_rows"] == len(corpus.texts)
    assert model.corpus["n_dev_rows"] + model.corpus["n_test_rows"] == len(corpus.texts)
    assert model.corpus["label_balance"]["mlops_engineer"]["positives"] == int(corpus.Y[:, 1].sum())
    assert {"rolefit", "scikit-learn", "numpy", "spacy"} <= set(model.versions)


def test_model_train_reports_progress(tax, corpus):
    steps = []
    small = synthetic_corpus(120, seed=3)
    train(small, taxonomy=tax, mentions=small.mentions, progress=lambda s, i, n: steps.append((i, n)), **FAST)
    assert steps == [(i, 5) for i in range(1, 6)]


def test_model_train_rejects_mentions_of_the_wrong_length(tax, corpus):
    with pytest.raises(ValueError, match="one tuple of SkillMention per row"):
        train(corpus, taxonomy=tax, mentions=corpus.mentions[:-1], **FAST)


@pytest.mark.parametrize("mode", ["all", "profiles"])
def test_model_estimator_has_one_monotonic_constraint_per_feature(tax, corpus, mode):
    est = make_estimator(tax, max_iter=5, monotonic=mode)
    cst = np.asarray(est.named_steps["classifier"].estimator.estimator.monotonic_cst)
    ev = evidence_many(corpus.mentions[:3])
    names = est[:-1].fit(ev).get_feature_names_out()
    assert len(cst) == len(names) == est[:-1].transform(ev).shape[1]
    free = {str(n).rsplit("__", 1)[-1] for n, c in zip(names, cst) if c == 0}
    if mode == "all":
        assert free == set()
    else:  # exactly the concepts outside every profile, as presence columns
        assert free == set(ALL) - set(PROFILE)
        assert all(str(n).startswith("concepts__presence__") for n, c in zip(names, cst) if c == 0)


# ---------------------------------------------------------------- splits and calibration folds


def test_model_grouped_splits_never_split_a_group(corpus):
    groups = corpus.groups()
    splits = grouped_splits(corpus.Y, groups, n_splits=5, seed=0)
    assert len(splits) == 5
    seen = np.concatenate([te for _, te in splits])
    assert sorted(seen.tolist()) == list(range(len(groups)))
    for tr, te in splits:
        assert not set(groups[tr]) & set(groups[te])


def test_model_calibration_folds_are_grouped(tax, corpus, monkeypatch):
    from sklearn.calibration import CalibratedClassifierCV

    seen = []
    original = CalibratedClassifierCV.fit

    def spy(self, X, y, **kw):
        seen.append(self.cv)
        return original(self, X, y, **kw)

    monkeypatch.setattr(CalibratedClassifierCV, "fit", spy)
    ev = evidence_many(corpus.mentions)
    fit_estimator(make_estimator(tax, max_iter=5), ev, corpus.Y, corpus.groups(), seed=1)
    groups = corpus.groups()
    assert len(seen) == 2  # one calibrated classifier per role
    for folds in seen:
        assert len(folds) == 5
        for tr, te in folds:
            assert not set(groups[tr]) & set(groups[te])


def test_model_fitted_estimator_clones_and_refits_on_other_data(tax, corpus):
    """Regression: the grouped calibration folds were saved in the calibrator's ``cv``
    hyper-parameter, so ``clone(fitted).fit(other_X, other_Y)`` indexed past the end of
    the new data and raised. The folds now belong to one fit only."""
    from sklearn.base import clone

    ev = evidence_many(corpus.mentions)
    est = fit_estimator(make_estimator(tax, max_iter=5), ev, corpus.Y, corpus.groups(), seed=1)
    assert est.get_params()["classifier__estimator__cv"] == 5
    other = [ev[i] for i in range(0, len(ev), 2)]
    other_Y = corpus.Y[::2]
    refit = clone(est).fit(other, other_Y)
    assert refit.predict_proba(other)[0].shape == (len(other), 2)


def test_model_grouped_splits_refuse_a_corpus_with_too_few_groups():
    Y = np.array([[1, 0], [0, 1], [1, 0], [0, 1]] * 3)
    with pytest.raises(CorpusTooSmallError, match=r"RF210.* 4 distinct document group.*fewer than the 5 grouped folds"):
        grouped_splits(Y, ["a", "b", "c", "d"] * 3, n_splits=5)


def test_model_grouped_splits_refuse_a_role_without_enough_positives():
    Y = np.zeros((20, 2), dtype=int)
    Y[:3, 0] = 1
    Y[:10, 1] = 1
    with pytest.raises(CorpusTooSmallError, match=r"RF209\] Role 'ai_operations_manager' has 3 positive"):
        grouped_splits(Y, np.arange(20), n_splits=5, roles=ROLES)


def test_train_on_a_corpus_too_small_for_its_nested_folds_names_the_role_the_split_and_the_need():
    """The failing input of a new user's `rolefit train`: 30 rows, 8 AI operations managers,
    7 MLOps engineers, 15 neither. The held-out split and a cross-validation fold leave 19 rows
    with 4 positives to calibrate on; the message says so, names the role, and says what the
    corpus needs (about 9 of each with 5 folds)."""
    kinds = [0] * 8 + [1] * 7 + [2] * 15
    Y = np.array([[int(k == 0), int(k == 1)] for k in kinds])
    corpus = SyntheticCorpus([f"cv {i}" for i in range(30)], ROLES, Y, np.array([f"g{i}" for i in range(30)], dtype=object),
                             [()] * 30)
    with pytest.raises(CorpusTooSmallError) as info:
        train(corpus, taxonomy=synthetic_taxonomy(), mentions=corpus.mentions, **FAST)
    message = str(info.value)
    assert isinstance(info.value, CorpusError) and info.value.code == "RF209"
    role, pos = info.value.fields["role"], info.value.fields["positives"]
    assert role in ROLES and pos < 5
    assert message.startswith(f"[RF209] Role {role!r} has {pos} positive and {19 - pos} negative row(s) in the "
                              "training part of cross-validation fold")
    assert "of 5 (19 rows; its validation part took 5) of the development split (24 of 30 rows; the held-out " \
           "test split took 6); grouped 5-fold calibration needs at least 5 of each" in message
    has = int(Y[:, ROLES.index(role)].sum())
    assert f"at least about {rows_needed([5, 5], 5)} positive" in message and f"this one has {has} and {30 - has}" in message


def test_rows_needed_is_the_smallest_count_every_nested_fold_leaves_enough_of():
    assert rows_needed([5, 5], 5) == 9  # train: held-out fold, then cross-validation
    assert rows_needed([5], 5) == 7  # evaluate: cross-validation
    for P in range(5, 9):  # with 8 positives a role can fail (seed 0); with 9 it never does
        Y = np.array([[1]] * P + [[0]] * 40)
        g = np.arange(len(Y))
        dev, _ = grouped_splits(Y, g, n_splits=5, seed=0)[0]
        with pytest.raises(CorpusTooSmallError):
            for tr, _ in grouped_splits(Y[dev], g[dev], n_splits=5, seed=0):
                grouped_splits(Y[dev][tr], g[dev][tr], n_splits=5, seed=0)
    Y = np.array([[1]] * 9 + [[0]] * 40)
    g = np.arange(len(Y))
    dev, _ = grouped_splits(Y, g, n_splits=5, seed=0)[0]
    for tr, _ in grouped_splits(Y[dev], g[dev], n_splits=5, seed=0):
        grouped_splits(Y[dev][tr], g[dev][tr], n_splits=5, seed=0)


def test_model_stratify_codes_merge_rare_label_combinations():
    Y = np.array([[0, 0]] * 10 + [[1, 0]] * 6 + [[1, 1]] * 2)
    codes = stratify_codes(Y, 5)
    assert len(set(codes[-2:]) & set(codes[:10])) == 1
    assert len(set(codes.tolist())) == 2


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("p", "t", "band", "label"),
    [
        (0.80, 0.5, 0.1, "fit"),
        (0.60, 0.5, 0.1, "fit"),
        (0.59, 0.5, 0.1, "review"),
        (0.41, 0.5, 0.1, "review"),
        (0.40, 0.5, 0.1, "review"),
        (0.39, 0.5, 0.1, "no_fit"),
        (1.00, 0.95, 0.1, "fit"),
        (0.99, 0.95, 0.1, "review"),
        (0.00, 0.05, 0.1, "review"),
        (0.50, 0.5, 0.0, "fit"),
        (0.49, 0.5, 0.0, "no_fit"),
    ],
)
def test_model_label_for_applies_the_review_band(p, t, band, label):
    assert label_for(p, t, band) == label


def test_model_label_for_rejects_a_band_wider_than_half():
    with pytest.raises(ValueError, match="band"):
        label_for(0.5, 0.5, 0.6)


def test_model_labels_per_row_use_each_roles_threshold(model):
    P = np.array([[0.0, 1.0], [0.3, 0.7]])
    expected = [
        {r: label_for(p[i], model.thresholds[r], model.review_band) for i, r in enumerate(model.roles)} for p in P
    ]
    assert model.labels(P) == expected
    assert model.labels(P)[0]["mlops_engineer"] == "fit"


# ---------------------------------------------------------------- seam


def test_model_scikit_learn_side_never_imports_spacy():
    code = (
        "import sys\n"
        "import rolefit.ml, rolefit.training, rolefit.artifacts\n"
        "assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if m.startswith('spacy'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_model_evidence_from_mentions_only_sees_concepts():
    """Two CVs with the same skills but different names, ages and towns give one row."""
    a = [SkillMention(10, 20, "kubernetes", "kubernetes", "Kubernetes", "skills")]
    b = [SkillMention(55, 65, "kubernetes", "kubernetes", "Kubernetes", "skills")]
    assert concept_evidence(a) == concept_evidence(b)
