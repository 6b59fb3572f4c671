"""Lemma -> word forms for the activity matcher, from spaCy's English lookup lemmatizer table.

The activity patterns (:mod:`rolefit.nlp._activities`) are written with lemmas ("negotiate");
each is expanded into every word form that spaCy's English ``lemma_lookup`` table
(``spacy-lookups-data``, offline) maps to it, so that the matcher compares lower-cased tokens
instead of lemmatising every token. Reading and inverting the table takes 0.05-0.1 s, so the
forms of the bundled patterns' lemmas are cached in ``rolefit/data/prebuilt_lemma_forms.json``
(:func:`rolefit.nlp._prebuilt.cached_lemma_forms`), keyed by the table file, the library
versions and the source of this module: the code that inverts the table lives here, apart from
the component, so that editing the component does not make the cache stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from spacy.util import load_language_data, registry

from rolefit.nlp._prebuilt import cached_lemma_forms

__all__ = ["forms_by_lemma", "lemma_forms"]


@lru_cache(maxsize=1)
def forms_by_lemma() -> dict[str, frozenset[str]]:
    """Lemma -> word forms (both lower case), inverted from spaCy's English ``lemma_lookup`` table."""
    tables = registry.lookups.get("en")
    lookup: Mapping[str, str] = load_language_data(tables["lemma_lookup"])
    out: dict[str, set[str]] = {}
    for word, lemma in lookup.items():
        out.setdefault(lemma.lower(), set()).add(word.lower())
    return {k: frozenset(v) for k, v in out.items()}


def lemma_forms(lemma: str) -> list[str]:
    """Every lower-case word form whose lookup lemma is ``lemma`` (``lemma`` included), sorted.

    From the bundled prebuilt cache when it is fresh and holds ``lemma``
    (:func:`rolefit.nlp._prebuilt.cached_lemma_forms`), else from the lookup table itself.
    """
    lemma = lemma.lower()
    cached = cached_lemma_forms(lemma)
    forms = frozenset(cached) if cached is not None else forms_by_lemma().get(lemma, frozenset())
    return sorted(forms | {lemma})
