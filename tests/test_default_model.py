"""The shipped default model: present, loadable, and reproducible from the committed corpora."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The corpora `make model` trains on (Makefile, target `model`): Djinni CVs + O*NET documents.


@pytest.fixture(scope="module")
def shipped():
    from rolefit.artifacts import default_model_path, load_model

    path = default_model_path()
    if not (path / "meta.json").is_file():
        pytest.fail("the bundled default model is missing: run `make model`")
    return path, load_model(path), json.loads((path / "meta.json").read_text(encoding="utf-8"))


def committed_corpus(meta):
    """The corpus the shipped model says it was trained on (one file, or several joined)."""
    from rolefit.corpus import read_corpora

    files = [f["file"] for f in meta["corpus"].get("files", [])] or [meta["corpus"]["file"]]
    return read_corpora([REPO / "corpora" / f for f in files])


def test_default_model_was_trained_on_the_committed_corpus(shipped):
    _path, model, meta = shipped
    corpus = committed_corpus(meta)
    assert meta["corpus"]["sha256"] == corpus.sha256
    assert meta["taxonomy_fingerprint"] == model.taxonomy_fingerprint
    assert set(meta["roles"]) == {"ai_operations_manager", "mlops_engineer"}


def test_default_model_is_pinned_so_loading_skips_the_probe_rescoring(shipped, monkeypatch, tmp_path):
    """The bundled model's manifest hash is pinned in the package: loading it verifies every
    file's hash but does not re-score the probe set (most of the cold start); a copy elsewhere
    is verified in full."""
    import shutil

    from rolefit.artifacts import _store, load_model

    path, _model, _meta = shipped
    calls = []
    real = _store.behavioural_fingerprint
    monkeypatch.setattr(_store, "behavioural_fingerprint", lambda m: calls.append(1) or real(m))
    load_model(path)
    assert calls == []
    load_model(Path(shutil.copytree(path, tmp_path / "rolefit-copy")))
    assert calls == [1]


def test_default_model_card_states_intended_use_and_limits(shipped):
    path, _model, _meta = shipped
    card = (path / "MODEL_CARD.md").read_text(encoding="utf-8").lower()
    for phrase in ("human", "automatic rejection", "djinni", "not"):
        assert phrase in card


@pytest.mark.slow
def test_default_model_retrains_to_the_same_behavioural_fingerprint(shipped):
    """Refit the final estimator on the committed corpus with the shipped seed: same behaviour.

    (Only the final fit of ``rolefit train`` is repeated; the evaluation stages do not change
    the estimator.)
    """
    from rolefit.artifacts import behavioural_fingerprint
    from rolefit.ml import evidence_many, fit_estimator, make_estimator
    from rolefit.nlp import extract_skills_many
    from rolefit.taxonomy import default_taxonomy
    from rolefit.training import corpus_weights

    _path, model, meta = shipped
    corpus = committed_corpus(meta)
    evidence = evidence_many(extract_skills_many(corpus.texts))
    estimator = make_estimator(default_taxonomy(), seed=meta["seed"], monotonic=model.monotonic)
    weights, info = corpus_weights(corpus, meta["corpus"]["weights"]["scheme"])
    assert info == meta["corpus"]["weights"]  # the weights the model card states
    refit = fit_estimator(estimator, evidence, corpus.label_matrix(), corpus.groups(), seed=meta["seed"],
                          sample_weight=weights)
    retrained = dataclasses.replace(model, estimator=refit)
    assert behavioural_fingerprint(retrained) == meta["behavioural_fingerprint"]
