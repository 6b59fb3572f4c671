"""The normalising tokenizer's cache settings leave the tokens exactly as spaCy makes them.

rolefit builds spaCy's English tokenizer with a larger chunk cache and without the
whitespace special cases that stop spaCy from caching the rest of a doc
(``rolefit.nlp._normalise.create_normalising_tokenizer``); these tests compare it with the
tokenizer of ``spacy.blank("en")``, cold and with a warm cache.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.nlp import get_extractor
from rolefit.nlp._normalise import _uncached_specials


@lru_cache(maxsize=1)
def _spacy_tokenizer():  # noqa: ANN202 - spaCy's default English tokenizer, built once
    return spacy.blank("en").tokenizer


@pytest.fixture(scope="module")
def spacy_tokenizer():
    return _spacy_tokenizer()


def _tokens(doc):  # noqa: ANN001, ANN202
    return [(t.text, t.whitespace_, t.idx, t.norm_, t.lower_, t.is_space) for t in doc]


def test_tokenizer_drops_only_plain_whitespace_rules(spacy_tokenizer):
    """The dropped rules are whitespace made one token with no attribute but its text, which
    no prefix, suffix, infix or URL pattern splits, so they are one token without the rule."""
    rules = spacy.blank("en").Defaults.tokenizer_exceptions
    dropped = _uncached_specials(rules)
    assert " " in dropped  # a blank line once normalised: two spaces in a row
    assert "\u00a0" not in dropped  # it sets a NORM: kept
    ours = get_extractor().nlp.tokenizer.tokenizer
    for key in dropped:
        assert key not in ours.rules
        assert not spacy_tokenizer.find_prefix(key) and not spacy_tokenizer.find_suffix(key)
        assert not spacy_tokenizer.find_infix(key) and not spacy_tokenizer.url_match(key)
    assert set(ours.rules) == set(rules) - dropped


_PIECES = [" ", "  ", "   ", "\n", "\n\n", "\t", "\u00a0", "C++", "don't", "e.g.", "etc.", ":)", "(", ")", ",", ".",
           "Kubernetes", "k8s", "CI/CD", "a.m.", "U.S.", "I'm", "can't", "—", "-", "é", "https://x.eu/a", "'s", "Mr."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_tokenizer_tokens_equal_spacy_default_cold_and_cached(text):
    ours = get_extractor().nlp.tokenizer.tokenizer
    expected = _tokens(_spacy_tokenizer()(text))
    assert _tokens(ours(text)) == expected
    assert _tokens(ours(text)) == expected  # now from the cache


def test_tokenizer_tokens_equal_spacy_default_on_real_cvs(djinni_rows, spacy_tokenizer):
    """300 real Djinni CVs, normalised as the pipeline does (blank lines become runs of spaces)."""
    nlp = get_extractor().nlp
    texts = [nlp.tokenizer.normaliser(r["cv_excerpt"]).text for r in djinni_rows[:300]]
    ours = nlp.tokenizer.tokenizer
    for _ in range(2):  # cold, then cached
        for text in texts:
            assert _tokens(ours(text)) == _tokens(spacy_tokenizer(text))
