"""Evaluation: metric definitions, thresholds, bootstrap, reports with plots."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, f1_score, precision_score, recall_score

from rolefit.ml import (
    METRICS,
    bootstrap_intervals,
    expected_calibration_error,
    make_estimator,
    role_metrics,
    threshold_max_f1,
)
from rolefit.training import evaluate, evaluate_holdout
from rolefit.schema import Concept, RoleProfile
from rolefit.taxonomy import Taxonomy
from synthetic import SyntheticCorpus

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


def make_corpus(n: int = 120, seed: int = 0) -> SyntheticCorpus:
    return SyntheticCorpus(TECH, MANAGERIAL, n=n, seed=seed, section="skills", sha256="2" * 64, numbered_texts=True, group_size=2)


@pytest.fixture(scope="module")
def corpus() -> SyntheticCorpus:
    return make_corpus()


def builder():
    return make_estimator(synthetic_taxonomy(), max_iter=10)


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
        assert met["ece"] == (m["ece"]["value"] <= 0.05)


def test_evaluate_is_deterministic_for_a_seed(corpus):
    a = evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=10, seed=3, baseline=False)
    b = evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=10, seed=3, baseline=False)
    assert a == b


def test_evaluate_rejects_a_model_argument_of_the_wrong_type(corpus):
    with pytest.raises(TypeError, match="model_or_builder"):
        evaluate(42, corpus, mentions=corpus.mentions)


# ---------------------------------------------------------------- CLI entry points (spaCy, real corpus reader)

MLOPS_WORDS = ["Kubernetes", "Docker", "GitLab CI", "Terraform", "MLflow", "Kubeflow", "Prometheus", "Grafana",
               "model registry", "Python"]
AIOPS_WORDS = ["risk management", "stakeholder management", "EU AI Act", "GDPR", "vendor management",
               "budget management", "Scrum", "Jira", "Confluence", "PMP"]
OTHER_WORDS = ["React", "JavaScript", "Figma", "Java", "Photoshop", "HTML", "CSS", "Excel"]


def write_cv_corpus(path, n: int, seed: int) -> None:
    import csv

    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "labels"])
        for i in range(n):
            kind = i % 3
            own = (AIOPS_WORDS, MLOPS_WORDS, OTHER_WORDS)[kind]
            words = list(rng.choice(own, size=4, replace=False)) + list(rng.choice(OTHER_WORDS + MLOPS_WORDS, size=2))
            text = (
                f"Candidate {seed}-{i}, reference {rng.integers(1e9):x}.\n"
                f"Experience\nWorked with {', '.join(words)}.\n"
            )
            label = ("ai_operations_manager", "mlops_engineer", "none")[kind]
            if rng.random() < 0.05:
                label = "none"
            w.writerow([f"r{i}", text, label])


@pytest.mark.slow
def test_evaluate_train_and_save_then_evaluate_to_report(tmp_path):
    from rolefit.artifacts import load_model
    from rolefit.training import evaluate_to_report, train_and_save

    write_cv_corpus(tmp_path / "train.csv", 90, seed=1)
    write_cv_corpus(tmp_path / "other.csv", 60, seed=2)
    steps = []
    model = train_and_save(
        tmp_path / "train.csv", tmp_path / "model", seed=0, n_bootstrap=20, report_dir=tmp_path / "train-report",
        progress=lambda *a: steps.append(a), max_iter=10,
    )
    assert model.model_id.startswith("rolefit-model-")
    assert load_model(tmp_path / "model").model_id == model.model_id
    assert (tmp_path / "train-report" / "holdout_roc.png").read_bytes().startswith(PNG_MAGIC)
    assert len(steps) == 5
    # the card's reproduce command names the corpus as given (it said corpora/train.csv)
    card = (tmp_path / "model" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"rolefit train {tmp_path / 'train.csv'} --output DIR --seed 0" in card and "Djinni" not in card

    result = evaluate_to_report(tmp_path / "model", tmp_path / "other.csv", tmp_path / "report", n_bootstrap=20)
    assert result["model_id"] == model.model_id
    assert result["as_is"]["kind"] == "as_is"  # another corpus: the saved model applied unchanged
    assert set(result["summary"]) == {"cv", "as_is"}
    assert {"cv_roc.png", "as_is_roc.png", "metrics.json"} <= set(result["files"])
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text())
    assert metrics["as_is"]["roles"]["mlops_engineer"]["roc_auc"]["value"] > 0.8
    ids = (tmp_path / "report" / "as_is_predictions.csv").read_text().splitlines()[1].split(",")[0]
    assert ids.startswith("r")


@pytest.mark.slow
def test_evaluate_cli_without_report_prints_the_summary(tmp_path):
    """Regression: ``rolefit evaluate MODEL CORPUS`` without ``--report`` ran the whole
    cross-validation and then crashed with a TypeError writing a report to ``None``."""
    from typer.testing import CliRunner

    from rolefit.cli import app
    from rolefit.training import train_and_save

    write_cv_corpus(tmp_path / "train.csv", 90, seed=1)
    write_cv_corpus(tmp_path / "other.csv", 60, seed=2)
    train_and_save(tmp_path / "train.csv", tmp_path / "model", seed=0, n_bootstrap=0, max_iter=5)
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path / "model"), str(tmp_path / "other.csv"), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert set(summary) == {"cv", "as_is"}
    assert not (tmp_path / "None").exists()
    # without --json: tables with intervals in 80 columns, and the small-set warning (60 rows)
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path / "model"), str(tmp_path / "other.csv")],
                             env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert "grouped cross-validation on the corpus (60 rows)" in res.stdout and "bootstrap 95 % interval" in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    assert "fewer than 100 of either" in res.stderr and "Collins" in res.stderr


def test_evaluation_refits_with_the_weights_the_model_was_trained_with(corpus):
    """A TrainedModel trained with ``weights="files"`` is re-evaluated with the same fit weights;
    a builder gets every row 1 unless told otherwise; an unknown scheme is RF208."""
    import dataclasses

    from rolefit.errors import CorpusError
    from rolefit.training import train

    model = train(corpus, taxonomy=synthetic_taxonomy(), mentions=corpus.mentions, seed=0, n_bootstrap=0,
                  baseline=False, weights="files")
    assert model.corpus["weights"]["scheme"] == "files"
    held = evaluate_holdout(model, corpus, mentions=corpus.mentions, n_bootstrap=0, baseline=False)
    assert held["weights"] == "files"
    plain = dataclasses.replace(model, corpus={k: v for k, v in model.corpus.items() if k != "weights"})
    assert evaluate(plain, corpus, mentions=corpus.mentions, n_bootstrap=0, baseline=False)["weights"] == "rows"
    assert evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=0, baseline=False)["weights"] == "rows"
    with pytest.raises(CorpusError, match="RF208"):
        evaluate(builder, corpus, mentions=corpus.mentions, n_bootstrap=0, baseline=False, weights="docs")


def test_cli_metric_tables_show_intervals_fit_80_columns_and_warn_on_small_sets():
    """New-user trial (2026-12-08): `rolefit evaluate ... --ood` printed the in-distribution
    summary as raw JSON without the intervals its --help promises, its out-of-domain table
    wrapped badly at 80 columns, and `rolefit train` on 60 rows printed ROC-AUC 1.000 on 12
    held-out rows with no interval and no warning."""
    from rich.console import Console

    import rolefit.cli as cli

    block = {"n_rows": 12, "n_bootstrap": 20,
             "roles": {"mlops_engineer": {"roc_auc": {"value": 1.0, "ci95": [1.0, 1.0]},
                                          "ece": {"value": 0.1, "ci95": [0.05, 0.3]}}},
             "class_counts": {"mlops_engineer": {"positives": 3, "negatives": 9}}}
    ood = {"file": "occupations_ood.csv", "n_docs": 2352, "n_non_it": 2167,
           "roles": {"ai_operations_manager": {
               "roc_auc": 0.912, "ece": 0.05, "false_fit_rate": 0.01, "false_fit_rate_probability_only": 0.02,
               "baseline": {"roc_auc": 0.89, "ece": 0.07},
               "by_source": {"esco": {"roc_auc": 0.88, "ece": 0.06, "false_fit_rate": 0.0,
                                      "false_fit_rate_probability_only": 0.0, "n_docs": 1500, "n_positive": 12,
                                      "baseline": {}}}}}}
    saved = cli.out, cli.err
    cli.out = Console(width=80, record=True, color_system=None)
    cli.err = Console(width=80, record=True, color_system=None, stderr=True)
    try:
        cli._print_metrics(block)
        cli._print_ood(ood)
        text, warned = cli.out.export_text(), " ".join(cli.err.export_text().split())
    finally:
        cli.out, cli.err = saved
    assert "1.000-1.000" in text and "0.050-0.300" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "ai_operations_manager " in text and "1500 docs, 12 pos." in text
    assert "mlops_engineer: held-out grouped split has 3 positive and 9 negative row(s)" in warned
