"""The prebuilt skill-matcher patterns: used when fresh, rebuilt (never used) when stale, same matches."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import spacy

from rolefit.nlp import _lemmas, _prebuilt
from rolefit.nlp._extractor import _TOKENIZER_CONFIG, TITLE_KIND, get_extractor
from rolefit.taxonomy import default_taxonomy, load_activity_patterns, load_job_titles

#: The concepts the bundled pipeline's skill matcher adds (job-title classes are found elsewhere).
CONCEPTS = [c for c in default_taxonomy().concepts if c.kind != TITLE_KIND]
#: Every surface form on its own line: each pattern must match in both matchers alike.
ALL_SURFACES = "\n".join(s for c in CONCEPTS for s in c.surface_forms)


def _matcher(concepts=CONCEPTS):
    nlp = spacy.blank("en", config=_TOKENIZER_CONFIG)
    pipe = nlp.add_pipe("rolefit_skill_matcher")
    pipe.add_concepts(concepts)
    return nlp, pipe


def _matches(nlp, pipe, text):
    return pipe(nlp.make_doc(text)).user_data["rolefit_matches"]


def test_bundled_prebuilt_patterns_are_fresh():
    """The shipped file covers the bundled pipeline; run `make prebuilt` when this fails."""
    pipe = get_extractor().nlp.get_pipe("rolefit_skill_matcher")
    assert pipe.n_prebuilt == len(pipe.patterns), (
        "src/rolefit/data/prebuilt_patterns.npz is stale (taxonomy, normaliser, separators and marks or "
        "spaCy changed): regenerate it with `make prebuilt`"
    )


def test_prebuilt_matcher_matches_like_a_tokenized_one(monkeypatch):
    nlp, prebuilt = _matcher()
    assert prebuilt.n_prebuilt == len(prebuilt.patterns) > 3000
    monkeypatch.setattr(_prebuilt, "_lookup", lambda key, n: None)
    nlp2, tokenized = _matcher()
    assert tokenized.n_prebuilt == 0
    assert _matches(nlp, prebuilt, ALL_SURFACES) == _matches(nlp2, tokenized, ALL_SURFACES)
    assert len(_matches(nlp, prebuilt, ALL_SURFACES)) > 2000


def test_stale_prebuilt_patterns_are_rebuilt_not_used_for_an_edited_taxonomy():
    """A taxonomy with one more alias has another key: its patterns are tokenized, and the alias matches."""
    edited = [
        dataclasses.replace(c, aliases=(*c.aliases, "Kube Orchestrator")) if c.id == "kubernetes" else c
        for c in CONCEPTS
    ]
    nlp, pipe = _matcher(edited)
    assert pipe.n_prebuilt == 0
    assert [m[0] for m in _matches(nlp, pipe, "Skills: Kube Orchestrator, Docker")] == ["kubernetes", "docker"]


def test_stale_prebuilt_patterns_are_rebuilt_not_used_after_a_spacy_upgrade(monkeypatch):
    monkeypatch.setattr(spacy, "__version__", "99.0.0")
    _, pipe = _matcher()
    assert pipe.n_prebuilt == 0


def test_stale_prebuilt_patterns_are_rebuilt_not_used_after_a_normaliser_edit(monkeypatch):
    real = _prebuilt._tokenizer_sources
    monkeypatch.setattr(_prebuilt, "_tokenizer_sources", lambda tok: [*real(tok)[:-1], "edited"])
    _, pipe = _matcher()
    assert pipe.n_prebuilt == 0


def test_prebuilt_entry_that_fails_the_spot_check_is_not_used(monkeypatch):
    """A key that matches but keys that a re-tokenized sample contradicts: the whole entry is discarded."""
    real = _prebuilt._lookup

    def corrupted(key, n):
        found = real(key, n)
        return None if found is None else [tuple(t + 1 for t in kw) for kw in found]

    monkeypatch.setattr(_prebuilt, "_lookup", corrupted)
    nlp, pipe = _matcher()
    assert pipe.n_prebuilt == 0
    assert [m[0] for m in _matches(nlp, pipe, "Skills: Kubernetes, Docker")] == ["kubernetes", "docker"]


def test_write_prebuilt_round_trip(tmp_path, monkeypatch):
    path = _prebuilt.write_prebuilt(tmp_path / "patterns.npz")
    with np.load(path, allow_pickle=False) as arrays:
        assert arrays["keys_0"].dtype == np.uint64 and "meta" in arrays
    monkeypatch.setattr(_prebuilt, "_bundled_file", lambda: path)
    _prebuilt._load.cache_clear()
    try:
        _, pipe = _matcher()
        assert pipe.n_prebuilt == len(pipe.patterns)
    finally:
        _prebuilt._load.cache_clear()


def test_unreadable_prebuilt_file_is_ignored(tmp_path, monkeypatch):
    bad = tmp_path / "patterns.npz"
    bad.write_bytes(b"not a zip file")
    monkeypatch.setattr(_prebuilt, "_bundled_file", lambda: bad)
    _prebuilt._load.cache_clear()
    try:
        nlp, pipe = _matcher()
        assert pipe.n_prebuilt == 0
        assert [m[0] for m in _matches(nlp, pipe, "Skills: Kubernetes")] == ["kubernetes"]
    finally:
        _prebuilt._load.cache_clear()


@pytest.mark.parametrize("method", ["bytes", "disk"])
def test_skill_matcher_serialisation_round_trip_uses_the_same_keys(tmp_path, method):
    nlp, pipe = _matcher()
    nlp2, other = _matcher([])
    if method == "bytes":
        other.from_bytes(pipe.to_bytes())
    else:
        pipe.to_disk(tmp_path / "m")
        other.from_disk(tmp_path / "m")
    assert other.patterns == pipe.patterns
    assert _matches(nlp2, other, ALL_SURFACES) == _matches(nlp, pipe, ALL_SURFACES)



# ----------------------------------------------------------------------------- lemma forms
def test_bundled_lemma_forms_are_fresh():
    """The shipped lemma-forms cache holds every pattern lemma and matches this spaCy / spacy-lookups-data."""
    key, forms = _prebuilt._read_json_cache(str(_prebuilt._bundled_file(_prebuilt.FORMS_FILE_NAME)), "forms")
    assert key == _prebuilt.lemma_forms_key(), (
        "src/rolefit/data/prebuilt_lemma_forms.json is stale (spaCy, spacy-lookups-data or _lemmas.py "
        "changed): regenerate it with `make prebuilt`"
    )
    lemmas = {lemma.lower() for p in load_activity_patterns() for slot in p["pattern"] if not slot.startswith("*")
              for lemma in slot.split("|")}
    assert lemmas and lemmas <= set(forms)
    table = _lemmas.forms_by_lemma()
    for lemma, cached in forms.items():  # a cache, never a second source of truth
        assert cached == sorted(table.get(lemma, frozenset())), lemma


def test_lemma_forms_come_from_the_lookup_table_when_the_cache_is_stale(monkeypatch):
    with_cache = {lemma: _lemmas.lemma_forms(lemma) for lemma in ("manage", "negotiate", "budget", "zzzq")}
    assert _prebuilt.cached_lemma_forms("negotiate") is not None
    monkeypatch.setattr(_prebuilt, "lemma_forms_key", lambda: "stale")
    assert _prebuilt.cached_lemma_forms("negotiate") is None
    assert {lemma: _lemmas.lemma_forms(lemma) for lemma in with_cache} == with_cache
    assert "negotiated" in with_cache["negotiate"] and with_cache["zzzq"] == ["zzzq"]


def test_activity_matches_are_the_same_without_the_lemma_forms_cache(monkeypatch):
    text = "Negotiated vendor contracts and owned a EUR 2M budget.\nChaired stakeholder steering committees."
    patterns = load_activity_patterns()

    def matches():
        nlp = spacy.blank("en", config=_TOKENIZER_CONFIG)
        pipe = nlp.add_pipe("rolefit_activity_matcher")
        pipe.add_patterns(patterns)
        return pipe(nlp.make_doc(text)).user_data.get("rolefit_matches")

    cached = matches()
    monkeypatch.setattr(_lemmas, "cached_lemma_forms", lambda lemma: None)
    computed = matches()
    assert cached and cached == computed


# ----------------------------------------------------------------------------- job titles
TITLE_IDS = [c.id for c in default_taxonomy().concepts if c.kind == TITLE_KIND]


def test_bundled_job_titles_are_fresh():
    """The shipped job-title cache is load_job_titles' result; run `make prebuilt` when this fails."""
    key, titles = _prebuilt._read_json_cache(str(_prebuilt._bundled_file(_prebuilt.TITLES_FILE_NAME)), "titles")
    assert key == _prebuilt.job_titles_key(TITLE_IDS), (
        "src/rolefit/data/prebuilt_job_titles.json is stale (job_titles.csv, the title classes or taxonomy.py "
        "changed): regenerate it with `make prebuilt`"
    )
    assert list(titles.items()) == list(load_job_titles(concept_ids=TITLE_IDS).items())  # same order too


def test_job_titles_are_read_from_the_csv_when_the_cache_is_stale(monkeypatch):
    # another set of title classes is another key: never served from the cache
    assert _prebuilt.job_titles_key(TITLE_IDS[:1]) != _prebuilt.job_titles_key(TITLE_IDS)
    calls = []
    monkeypatch.setattr(_prebuilt, "job_titles_key", lambda ids: "stale")
    monkeypatch.setattr("rolefit.taxonomy.load_job_titles",
                        lambda concept_ids: calls.append(concept_ids) or {"chef": "title_other"})
    assert _prebuilt.job_titles(TITLE_IDS) == {"chef": "title_other"} and calls == [TITLE_IDS]


def test_building_the_pipeline_restores_the_garbage_collector_as_it_was():
    """build_pipeline pauses the cyclic collector for speed; it must hand it back unchanged."""
    import gc

    from rolefit.nlp._extractor import build_pipeline

    tax = default_taxonomy()
    assert gc.isenabled()
    build_pipeline(tax)
    assert gc.isenabled()
    gc.disable()
    try:
        build_pipeline(tax)
        assert not gc.isenabled()
    finally:
        gc.enable()
