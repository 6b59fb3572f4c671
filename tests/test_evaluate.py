"""Evaluation: metric definitions, thresholds, bootstrap, reports with plots."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score

from rolefit.evaluate import (
    METRICS,
    bootstrap_intervals,
    evaluate,
    evaluate_holdout,
    expected_calibration_error,
    role_metrics,
    threshold_max_f1,
)
from rolefit.model import build_estimator
from rolefit.schema import Concept, RoleProfile, SkillMention
from rolefit.taxonomy import Taxonomy

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TECH = ("kubernetes", "docker", "gitlab_ci", "mlflow", "cka")
MANAGERIAL = ("risk_management", "stakeholder_management", "eu_ai_act", "pmp")


def synthetic_taxonomy() -> Taxonomy:
    concepts = tuple(Concept(c, c, "technical", "tool") for c in TECH) + tuple(
        Concept(c, c, "managerial", "skill") for c in MANAGERIAL
    )
    profiles = {
        "mlops_engineer": RoleProfile("mlops_engineer", "MLOps", {"kubernetes": 0.85, "mlflow": 0.75}),
        "ai_operations_manager": RoleProfile("ai_operations_manager", "AI ops", {"risk_management": 0.75}),
    }
    return Taxonomy(concepts, profiles)


class _Corpus:
    roles = ("ai_operations_manager", "mlops_engineer")
    sha256 = "2" * 64
    path = None

    def __init__(self, n: int = 120, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.mentions, Y = [], []
        for _ in range(n):
            kind = rng.choice(3)
            rate = {"t": (0.1, 0.7, 0.15)[kind], "m": (0.7, 0.1, 0.15)[kind]}
            ms = [
                SkillMention(0, len(c), c, c, c, "skills")
                for g, ids in (("t", TECH), ("m", MANAGERIAL))
                for c in ids
                if rng.random() < rate[g]
            ]
            self.mentions.append(tuple(ms))
            Y.append([int(kind == 0), int(kind == 1)])
        self.Y = np.asarray(Y)
        self.texts = [f"candidate {i}: " + (" ".join(m.text for m in ms) or "none") for i, ms in enumerate(self.mentions)]

    def label_matrix(self) -> np.ndarray:
        return self.Y

    def groups(self) -> np.ndarray:
        return np.arange(len(self.Y)) // 2


@pytest.fixture(scope="module")
def corpus() -> _Corpus:
    return _Corpus()


def builder():
    return build_estimator(synthetic_taxonomy(), max_iter=10)


# ---------------------------------------------------------------- metric definitions


def test_evaluate_ece_of_known_cases():
    assert expected_calibration_error([0, 1], [0.0, 1.0]) == 0.0
    assert expected_calibration_error([0, 0], [1.0, 1.0]) == 1.0
    # bin [0.2, 0.3): mean p 0.25, frequency 0.5 -> |0.25| * 2/4; bin [0.9, 1]: 0.95 vs 1 -> 0.05 * 2/4
    assert expected_calibration_error([0, 1, 1, 1], [0.2, 0.3 - 1e-9, 0.9, 1.0]) == pytest.approx(0.125 + 0.025)


@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=40))
def test_evaluate_threshold_max_f1_is_the_best_candidate(pairs):
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    t = threshold_max_f1(y, p)
    if y.sum() == 0:
        assert t == 0.5
        return

    def f1(th):
        return f1_score(y, (p >= th).astype(int), zero_division=0)

    best = max(f1(c) for c in np.unique(p))
    assert f1(t) == pytest.approx(best)
    assert t == min(c for c in np.unique(p) if f1(c) == pytest.approx(best))


@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=2, max_size=40), st.floats(0, 1))
def test_evaluate_role_metrics_agree_with_sklearn(pairs, threshold):
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    m = role_metrics(y, p, threshold)
    pred = (p >= threshold).astype(int)
    assert m["precision"] == pytest.approx(precision_score(y, pred, zero_division=0))
    assert m["recall"] == pytest.approx(recall_score(y, pred, zero_division=0))
    assert m["f1"] == pytest.approx(f1_score(y, pred, zero_division=0))
    if 0 < y.sum() < y.size:
        assert m["brier"] == pytest.approx(brier_score_loss(y, p))
    else:
        assert np.isnan(m["roc_auc"])


def test_evaluate_bootstrap_is_seeded_and_brackets_plausibly():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p = np.clip(y * 0.6 + rng.random(200) * 0.4, 0, 1)
    a = bootstrap_intervals(y, p, 0.5, n_bootstrap=200, seed=7)
    b = bootstrap_intervals(y, p, 0.5, n_bootstrap=200, seed=7)
    assert a == b
    assert set(a) == set(METRICS)
    point = role_metrics(y, p, 0.5)
    for name in ("roc_auc", "f1", "brier"):
        lo, hi = a[name]
        assert lo <= point[name] <= hi


# ---------------------------------------------------------------- evaluation runs


def test_evaluate_writes_metrics_json_and_png_plots(corpus, tmp_path):
    result = evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=20, report_dir=tmp_path)
    roles = corpus.roles
    expected = {"metrics.json", "cv_reliability.png", "cv_roc.png", "cv_predictions.csv"}
    expected |= {f"cv_confusion_{r}.png" for r in roles}
    assert expected <= {p.name for p in tmp_path.iterdir()}
    assert set(result["files"]) == expected
    for png in tmp_path.glob("*.png"):
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 1000
    metrics = json.loads((tmp_path / "metrics.json").read_text())["cv"]
    assert set(metrics["roles"]) == set(roles) == set(metrics["baseline"])
    for role in roles:
        assert set(metrics["roles"][role]) == set(METRICS)
        auc = metrics["roles"][role]["roc_auc"]
        assert 0.5 < auc["value"] <= 1.0 and auc["ci95"][0] <= auc["ci95"][1]
    assert metrics["n_rows"] == len(corpus.texts)


def test_evaluate_holdout_reports_targets_honestly(corpus):
    result = evaluate_holdout(builder, corpus, mentions=corpus.mentions, n_bootstrap=0, baseline=False)
    assert result["kind"] == "holdout"
    assert 0 < result["n_rows"] < len(corpus.texts)
    for role, met in result["targets"]["met"].items():
        m = result["roles"][role]
        assert met["roc_auc"] == (m["roc_auc"]["value"] >= 0.95)
        assert met["ece"] == (m["ece"]["value"] <= 0.03)


def test_evaluate_is_deterministic_for_a_seed(corpus):
    a = evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=10, seed=3, baseline=False)
    b = evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=10, seed=3, baseline=False)
    assert a == b


def test_evaluate_rejects_a_model_argument_of_the_wrong_type(corpus):
    with pytest.raises(TypeError, match="model_or_builder"):
        evaluate(42, corpus, mentions=corpus.mentions)
