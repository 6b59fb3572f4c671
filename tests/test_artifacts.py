"""Model directories: round trip, manifest, versions, pickle and type allow-list."""

from __future__ import annotations

import copy as copy_module
import hashlib
import json
import shutil
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
import skops.io
from sklearn.preprocessing import StandardScaler

from rolefit import artifacts
from rolefit.artifacts import (
    FORMAT_VERSION,
    ModelVersionWarning,
    behavioural_fingerprint,
    default_model_path,
    identity_digest,
    load_model,
    probe_evidence,
    save_model,
    trusted_types,
)
from rolefit.errors import ModelFileError, ModelVersionError, TamperedModelError, UntrustedModelError
from rolefit.ml import TrainedModel
from rolefit.training import train
from rolefit.schema import Concept, RoleProfile
from rolefit.taxonomy import Taxonomy
from synthetic import SyntheticCorpus

# the synthetic set-up of test_model, kept short: real concept ids so the probes hit them
TECH = ("kubernetes", "docker", "gitlab_ci", "mlflow", "python", "cka")
MANAGERIAL = ("risk_management", "stakeholder_management", "eu_ai_act", "jira", "pmp")


def synthetic_taxonomy() -> Taxonomy:
    concepts = tuple(Concept(c, c, "technical", "certification" if c == "cka" else "tool") for c in TECH) + tuple(
        Concept(c, c, "managerial", "certification" if c == "pmp" else "skill") for c in MANAGERIAL
    )
    profiles = {
        "mlops_engineer": RoleProfile(
            "mlops_engineer", "MLOps", {"kubernetes": 0.85, "gitlab_ci": 0.8, "mlflow": 0.75}
        ),
        "ai_operations_manager": RoleProfile("ai_operations_manager", "AI ops", {"risk_management": 0.75, "pmp": 0.5}),
    }
    return Taxonomy(concepts, profiles)


def make_corpus(n: int = 120, seed: int = 0) -> SyntheticCorpus:
    return SyntheticCorpus(TECH, MANAGERIAL, n=n, seed=seed, section="experience", sha256="1" * 64)


@pytest.fixture(scope="module")
def model() -> TrainedModel:
    corpus = make_corpus()
    return train(
        corpus, taxonomy=synthetic_taxonomy(), mentions=corpus.mentions, max_iter=10, n_bootstrap=5, baseline=False
    )


@pytest.fixture(scope="module")
def saved(model, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("models") / "rolefit-test"
    save_model(model, path)
    return path


@pytest.fixture
def copy(saved, tmp_path) -> Path:
    """A private copy of the saved model to damage."""
    return Path(shutil.copytree(saved, tmp_path / "rolefit-copy"))


def rewrite_manifest(path: Path) -> None:
    """Make the manifest agree with the files again (a careful tamperer, or a test)."""
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["files"] = {
        name: hashlib.sha256((path / name).read_bytes()).hexdigest()
        for name in sorted(p.name for p in path.iterdir() if p.name != "manifest.json")
    }
    (path / "manifest.json").write_text(json.dumps(manifest))


def edit_meta(path: Path, **changes) -> None:
    meta = json.loads((path / "meta.json").read_text())
    meta.update(changes)
    (path / "meta.json").write_text(json.dumps(meta))
    rewrite_manifest(path)


@pytest.fixture
def no_deserialising(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the estimator file was deserialised")

    monkeypatch.setattr(skops.io, "load", refuse)
    monkeypatch.setattr(skops.io, "get_untrusted_types", refuse)
    monkeypatch.setattr(joblib, "load", refuse)


# ---------------------------------------------------------------- round trip


def test_artifacts_round_trip_gives_identical_probabilities_and_fingerprint(model, saved):
    loaded = load_model(saved)
    probes = probe_evidence()
    np.testing.assert_array_equal(loaded.predict_proba(probes), model.predict_proba(probes))
    assert behavioural_fingerprint(loaded) == behavioural_fingerprint(model)
    assert loaded.thresholds == model.thresholds
    assert loaded.roles == model.roles
    assert loaded.review_band == model.review_band
    assert loaded.model_id.startswith("rolefit-test-")


def test_artifacts_directory_holds_meta_card_estimator_and_manifest(model, saved):
    names = sorted(p.name for p in saved.iterdir())
    assert names == ["MODEL_CARD.md", "additive.npz", "estimator.skops", "manifest.json", "meta.json"]
    manifest = json.loads((saved / "manifest.json").read_text())
    assert set(manifest["files"]) == {"MODEL_CARD.md", "additive.npz", "estimator.skops", "meta.json"}
    meta = json.loads((saved / "meta.json").read_text())
    assert meta["model_id"] == f"rolefit-test-{identity_digest(model)[:12]}"
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["behavioural_fingerprint"] == behavioural_fingerprint(model)
    assert meta["corpus"]["sha256"] == "1" * 64
    assert {"rolefit", "scikit-learn", "numpy", "spacy"} <= set(meta["versions"])
    for key in ("taxonomy_fingerprint", "seed", "roles", "thresholds", "review_band", "metrics"):
        assert key in meta


def test_artifacts_model_card_states_use_limits_and_metrics(saved):
    card = (saved / "MODEL_CARD.md").read_text()
    for phrase in ("Intended use", "Out of scope", "human", "rolefit knows nothing of this corpus", "Known failure modes",
                   "Non-English", "Seniority", "Held-out split", "roc_auc"):
        assert phrase in card


def test_artifacts_fresh_model_uses_only_trusted_types(saved):
    """If the estimator gains a type, this fails here rather than when the default model loads."""
    assert set(skops.io.get_untrusted_types(file=saved / "estimator.skops")) <= set(trusted_types(load_model(saved).estimator))


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", ["estimator.skops", "meta.json", "MODEL_CARD.md"])
def test_artifacts_tampered_file_is_refused_before_deserialising(copy, name, no_deserialising):
    with (copy / name).open("ab") as fh:
        fh.write(b"\n")
    with pytest.raises(TamperedModelError, match=f"RF303.*file {name} does not match"):
        load_model(copy)


def test_artifacts_missing_listed_file_is_reported(copy, no_deserialising):
    (copy / "MODEL_CARD.md").unlink()
    with pytest.raises(ModelFileError, match="RF301.*MODEL_CARD.md"):
        load_model(copy)


def test_artifacts_manifest_path_outside_the_directory_is_refused(copy, no_deserialising):
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["files"]["../meta.json"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(TamperedModelError, match="not a plain file name"):
        load_model(copy)


def test_artifacts_format_version_mismatch_names_both_versions(copy, no_deserialising):
    edit_meta(copy, format_version=99)
    with pytest.raises(ModelVersionError, match=rf"format version 99 .* reads format {FORMAT_VERSION}"):
        load_model(copy)


def test_artifacts_pickle_is_refused_without_allow_pickle(model, copy, no_deserialising):
    (copy / "estimator.skops").unlink()
    joblib.dump(model.estimator, copy / "estimator.joblib")
    edit_meta(copy, estimator_file="estimator.joblib")
    with pytest.raises(UntrustedModelError, match="RF304.*estimator.joblib"):
        load_model(copy)


def test_artifacts_pickle_loads_with_allow_pickle(model, copy):
    (copy / "estimator.skops").unlink()
    joblib.dump(model.estimator, copy / "estimator.joblib")
    edit_meta(copy, estimator_file="estimator.joblib")
    loaded = load_model(copy, allow_pickle=True)
    np.testing.assert_array_equal(loaded.predict_proba(probe_evidence()), model.predict_proba(probe_evidence()))


CONSTRUCTED: list[str] = []


class Untrusted(StandardScaler):
    """A type outside rolefit's allow-list; records when skops would construct it."""

    def __setstate__(self, state):
        CONSTRUCTED.append("Untrusted")
        super().__setstate__(state)


def test_artifacts_untrusted_type_is_refused_before_construction(copy):
    skops.io.dump(Untrusted().fit(np.eye(2)), copy / "estimator.skops")
    rewrite_manifest(copy)
    CONSTRUCTED.clear()
    with pytest.raises(UntrustedModelError, match=r"RF305.*test_artifacts\.Untrusted"):
        load_model(copy)
    assert CONSTRUCTED == []
    # the probe itself works: trusting the type would construct it
    skops.io.load(copy / "estimator.skops", trusted=skops.io.get_untrusted_types(file=copy / "estimator.skops"))
    assert CONSTRUCTED == ["Untrusted"]


def test_artifacts_missing_directory_raises_model_file_error(tmp_path):
    with pytest.raises(ModelFileError, match="RF301.*directory not found"):
        load_model(tmp_path / "nope")


def test_artifacts_directory_without_manifest_is_not_a_model(tmp_path):
    with pytest.raises(ModelFileError, match="RF301.*manifest.json is missing"):
        load_model(tmp_path)


def test_artifacts_behaviour_change_with_same_versions_is_refused(copy):
    edit_meta(copy, behavioural_fingerprint="0" * 64)
    with pytest.raises(TamperedModelError, match="RF307"):
        load_model(copy)


def test_artifacts_taxonomy_mismatch_is_refused(copy, no_deserialising):
    tax = synthetic_taxonomy()
    other = Taxonomy(tax.concepts[:-1], {"mlops_engineer": tax.profile("mlops_engineer")})
    with pytest.raises(ModelVersionError, match="RF306"):
        load_model(copy, taxonomy=other)


# ---------------------------------------------------------------- versions


def test_artifacts_library_version_drift_warns(copy):
    meta = json.loads((copy / "meta.json").read_text())
    edit_meta(copy, versions={**meta["versions"], "scikit-learn": "0.1.0"})
    with pytest.warns(ModelVersionWarning, match=r"W001.*scikit-learn 0\.1\.0"):
        load_model(copy)


def test_artifacts_patch_level_drift_is_silent_when_behaviour_is_unchanged(copy):
    meta = json.loads((copy / "meta.json").read_text())
    major, minor = meta["versions"]["numpy"].split(".")[:2]
    edit_meta(copy, versions={**meta["versions"], "numpy": f"{major}.{minor}.999"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(copy)


# ---------------------------------------------------------------- saving


def test_artifacts_save_refuses_to_overwrite_without_the_flag(model, copy):
    with pytest.raises(ModelFileError, match="RF308"):
        save_model(model, copy)
    replaced = save_model(model, copy, overwrite=True)
    assert load_model(copy).model_id == replaced.model_id


def test_artifacts_save_never_overwrites_a_directory_that_is_not_a_model(model, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(ModelFileError, match="RF309"):
        save_model(model, tmp_path, overwrite=True)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_artifacts_save_fills_an_empty_directory(model, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    save_model(model, target)
    assert (target / "manifest.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


# ---------------------------------------------------------------- probes and paths


def test_artifacts_probe_set_is_fixed_and_uses_known_concepts(taxonomy):
    probes = probe_evidence()
    assert len(probes) == 20
    assert {} in probes
    unknown = {c for p in probes for c in p if c not in taxonomy}
    assert unknown == {"not_a_concept", "another_unknown"}  # the deliberate unknown-concepts probe
    assert all(0.0 <= v <= 1.0 for p in probes for v in p.values())


def test_artifacts_fingerprint_changes_when_behaviour_changes(model):
    shifted = TrainedModel(
        estimator=model.estimator, roles=model.roles[::-1], thresholds=model.thresholds
    )
    assert behavioural_fingerprint(shifted) != behavioural_fingerprint(model)


@pytest.mark.parametrize("change", [
    {"taxonomy_fingerprint": "0123456789abcdef"},
    {"review_band": 0.2},
    {"thresholds": "raised"},
])
def test_the_model_id_changes_with_the_extraction_rules_thresholds_and_review_band(model, change):
    """Regression: the id was the behavioural fingerprint alone, so a model retrained after a
    change of context rules that left the estimator as it was kept its id, and a decision log
    could not tell the two extractions apart."""
    import dataclasses

    if change.get("thresholds") == "raised":
        change = {"thresholds": {r: min(0.99, float(t) + 0.05) for r, t in model.thresholds.items()}}
    other = dataclasses.replace(model, **change)
    assert behavioural_fingerprint(other) == behavioural_fingerprint(model)
    assert identity_digest(other) != identity_digest(model)


def test_artifacts_default_model_path_is_rolefit_default():
    path = default_model_path()
    assert path.name == "rolefit-default"
    assert path.parent.is_dir()
    assert artifacts.ESTIMATOR_FILE == "estimator.skops"


def test_artifacts_meta_without_monotonic_loads_with_the_estimator_default(copy):
    """Regression: the loader fell back to ``monotonic="all"`` while the estimator's default
    is ``"profiles"``, so an older meta.json described the model with the wrong guarantees."""
    from rolefit.ml import DEFAULT_MONOTONIC

    meta = json.loads((copy / "meta.json").read_text())
    del meta["monotonic"]
    (copy / "meta.json").write_text(json.dumps(meta))
    rewrite_manifest(copy)
    assert load_model(copy).monotonic == DEFAULT_MONOTONIC == "profiles"


def test_artifacts_trusted_types_follow_the_classifier_actually_built(model):
    """Swapping the classifier changes the types the model file needs, with no list to edit."""
    from rolefit.ml import default_classifier, evidence_many, fit_estimator, make_estimator

    corpus = make_corpus()
    tax = synthetic_taxonomy()
    est = make_estimator(tax, classifier=default_classifier(tax, kind="trees", max_iter=5), calibration="isotonic")
    fit_estimator(est, evidence_many(corpus.mentions), corpus.Y, corpus.groups())
    linear = trusted_types(model.estimator)
    trees = trusted_types(est)
    assert "rolefit.ml._linear.MonotoneLogisticRegression" in linear
    assert any("TreePredictor" in t for t in trees)
    assert not any("TreePredictor" in t for t in linear)


def test_artifacts_trusted_types_refuse_a_foreign_class(model):
    est = copy_module.deepcopy(model.estimator)
    est.steps.append(("extra", Untrusted()))
    with pytest.raises(UntrustedModelError, match="RF305.*Untrusted"):
        trusted_types(est)


def test_artifacts_scoring_load_reads_the_additive_form_without_scikit_learn(model, saved):
    """A linear model is saved with its exact additive form; loading it for scoring gives the
    same probabilities without deserialising the estimator or importing scikit-learn."""
    import subprocess
    import sys

    light = load_model(saved, estimator=False)
    assert light.estimator is None and light.additive is not None
    probes = probe_evidence()
    np.testing.assert_allclose(light.predict_proba(probes), model.predict_proba(probes), atol=1e-12)
    code = (
        "import sys\n"
        "from rolefit.artifacts import load_model\n"
        f"m = load_model({str(saved)!r}, estimator=False)\n"
        "assert m.estimator is None\n"
        "assert not [k for k in sys.modules if k.split('.')[0] in ('sklearn', 'scipy', 'skops')], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_artifacts_unreadable_additive_form_is_a_model_file_error(copy):
    (copy / "additive.npz").write_bytes(b"not a zip")
    rewrite_manifest(copy)
    with pytest.raises(ModelFileError, match="RF301.*additive.npz"):
        load_model(copy, estimator=False)


def test_model_card_of_a_users_corpus_describes_that_corpus_not_the_bundled_one():
    """New-user trial (2026-12-08): the card of `rolefit train small.csv --output "my model"` said
    "The bundled model's corpus (`corpora/djinni_roles.csv`)...", "IT candidates from one job
    board", and its reproduce command was `rolefit train corpora/small.csv ...`, a path that does
    not exist. The card now names the corpus as given and says rolefit knows nothing else of it."""
    from rolefit.artifacts import model_card

    meta = {"model_id": "m", "roles": ["mlops_engineer"], "seed": 3,
            "corpus": {"file": "small.csv", "paths": ["my data/small.csv"], "mapping": "map.csv",
                       "n_rows": 60, "sha256": "ab"}}
    card = model_card(meta)
    assert "Djinni" not in card and "job board" not in card and "corpora/" not in card
    assert "Corpus `my data/small.csv`" in card and "60 rows" in card
    assert "rolefit knows nothing of this corpus" in card
    assert "rolefit train 'my data/small.csv' --mapping map.csv --output DIR --seed 3" in card
    bundled = {**meta, "corpus": {"file": "djinni_roles.csv", "n_rows": 5}}  # saved before paths were kept
    card = model_card(bundled)
    assert "Djinni Recruitment Dataset" in card and "rolefit train corpora/djinni_roles.csv " in card
    assert "rolefit knows nothing" not in card
