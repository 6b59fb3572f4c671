"""Prebuilt phrase-matcher patterns: the skill matcher's token keys, computed once and shipped.

Building the skill matcher tokenizes every taxonomy surface form (about 3,500) with the
pipeline's normalising tokenizer: 0.2-0.3 s, most of it spaCy creating a lexeme for each new
word, a quarter of a cold start (``benchmarks/cold_start.py``). A ``PhraseMatcher`` needs only
the sequence of token attribute values of each pattern (the hashes of the tokens' ``LOWER``
strings) and accepts such sequences in place of ``Doc`` objects (spaCy's own unpickling path
adds them that way), so the bundled file ``rolefit/data/prebuilt_patterns.npz`` keeps those
sequences, keyed by everything that decides them:

- the patterns, in order (concept id, surface form), and the matched attribute;
- spaCy's version (its tokenizer rules and the ``LOWER`` attribute);
- the tokenizer: its class, the normaliser's separators and marks (all it takes from the
  context rules), and the SHA-256 of the source files of the tokenizer's and the normaliser's
  classes (``_normalise.py``).

The file is a cache, never a second source of truth: a set of patterns whose key is not in it
(a custom taxonomy, or an edited taxonomy, normaliser or spaCy before ``make prebuilt``) is
tokenized as before, and a key that is found is also spot-checked (:data:`SPOT_CHECKS`
patterns spread over the list are tokenized and compared; any difference discards the file's
keys). Matches are identical either way (``tests/test_prebuilt.py``).

Regenerate with ``make prebuilt`` (part of ``make model``); a test fails while the bundled
file is stale.

The activity matcher's lemma -> word-forms table (inverted from spaCy's English
``lemma_lookup`` table of ``spacy-lookups-data``, about 0.05-0.1 s to read and invert at
every start) is cached the same way in ``rolefit/data/prebuilt_lemma_forms.json``: the forms
of the lemmas of the bundled activity patterns, keyed by the SHA-256 of the lookup table's
file, the spaCy and spacy-lookups-data versions and the source of the code that inverts it
(``_lemmas.py``, apart from the component, whose edits do not touch the table). A stale key, or a lemma the file does not hold, means the table is read
and inverted as before (:func:`cached_lemma_forms` returns None).

The job-title lexicon (40,000 rows of ``rolefit/data/job_titles.csv`` read and validated by
:func:`rolefit.taxonomy.load_job_titles`) is cached as the dict that function returns, in
``rolefit/data/prebuilt_job_titles.json``, keyed by the SHA-256 of the CSV file, the title
classes asked for and the source of ``taxonomy.py``; any other key reads the CSV
(:func:`job_titles`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rolefit._io import installed_version, replace_atomically, sha256_of_bundled

__all__ = [
    "FILE_NAME", "FORMS_FILE_NAME", "SPOT_CHECKS", "TITLES_FILE_NAME", "cached_lemma_forms", "job_titles",
    "job_titles_key", "lemma_forms_key", "pattern_keywords", "patterns_key", "write_prebuilt",
]

#: Version of the file layout and of the key; bump when either changes.
FORMAT = 1
FILE_NAME = "prebuilt_patterns.npz"
#: Patterns re-tokenized to check a prebuilt entry whose key matched.
SPOT_CHECKS = 32

Keyword = tuple[int, ...]

#: While :func:`write_prebuilt` runs: key -> token keys of every pattern set tokenized.
_RECORDING: dict[str, list[Keyword]] | None = None


#: The activity matcher's lemma -> word forms cache (JSON).
FORMS_FILE_NAME = "prebuilt_lemma_forms.json"


#: The job-title lexicon cache (JSON).
TITLES_FILE_NAME = "prebuilt_job_titles.json"


@lru_cache(maxsize=8)
def _bundled_file(name: str = FILE_NAME) -> Path:
    # cached: the activity matcher asks for the lemma-forms file once per lemma (430 at a
    # load), and ``resources.files`` costs about 0.03 ms a call (15 ms of a cold start)
    return Path(str(resources.files("rolefit") / "data" / name))


def _sha256_of(path: str) -> str:
    try:
        return sha256_of_bundled(path)
    except OSError:
        return "unreadable"




@lru_cache(maxsize=4)
def _read_json_cache(path: str, field: str) -> tuple[str, dict[str, Any]]:
    """``(key, data[field])`` of a JSON cache file; ``("", {})`` if unreadable, of another format
    or without a dict ``field`` (the caller then reads the source data)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        found = data[field]
        if data.get("format") != FORMAT or not isinstance(found, dict):
            return "", {}
        return str(data["key"]), found
    except (OSError, KeyError, ValueError, TypeError):
        return "", {}


def _write_json_cache(target: Path, key: str, field: str, value: dict[str, Any], *, sort_keys: bool) -> None:
    payload = {"format": FORMAT, "key": key, field: value}
    text = json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=sort_keys) + "\n"
    replace_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    _read_json_cache.cache_clear()


def _tokenizer_sources(tokenizer: Any) -> list[str]:
    """SHA-256 of the source files of the tokenizer's class and of its normaliser's class.

    The normaliser's settings (separators, marks: all it takes from the context rules) are
    part of the key themselves, so editing other context rules does not make the file stale.
    """
    classes = [type(tokenizer), type(getattr(tokenizer, "normaliser", None))]
    files = dict.fromkeys(getattr(sys.modules.get(c.__module__), "__file__", None) or "" for c in classes)
    return [_sha256_of(f) for f in files]


def patterns_key(nlp: Any, attr: str, patterns: Sequence[tuple[str, str]]) -> str:
    """SHA-256 (hex) of everything that decides the token keys of ``patterns`` in ``nlp``.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline whose tokenizer reads the surface forms.
    attr : str
        The token attribute matched on (``"LOWER"``).
    patterns : sequence of (str, str)
        ``(match id, surface form)`` pairs, in the order they are added.
    """
    import spacy

    tokenizer = nlp.tokenizer
    normaliser = getattr(tokenizer, "normaliser", None)
    cls = type(tokenizer)
    payload = {
        "format": FORMAT,
        "spacy": spacy.__version__,
        "lang": nlp.lang,
        "attr": str(attr).upper(),
        "tokenizer": f"{cls.__module__}.{cls.__qualname__}",
        "separators": getattr(normaliser, "separators", None),
        "marks": getattr(normaliser, "marks", None),
        "sources": _tokenizer_sources(tokenizer),
        "patterns": [list(p) for p in patterns],
    }
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def _load(path: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Key -> (pattern lengths, concatenated token keys) from a prebuilt file; {} if unreadable."""
    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("format") != FORMAT:
                return {}
            return {key: (arrays[f"lengths_{i}"], arrays[f"keys_{i}"]) for i, key in enumerate(meta["keys"])}
    except (OSError, KeyError, ValueError, TypeError):
        return {}


def _lookup(key: str, n: int) -> list[Keyword] | None:
    entry = _load(str(_bundled_file())).get(key)
    if entry is None or len(entry[0]) != n:
        return None
    lengths, flat = entry
    values = flat.tolist()
    out: list[Keyword] = []
    pos = 0
    for length in lengths.tolist():
        out.append(tuple(values[pos : pos + length]))
        pos += length
    return out if pos == len(values) else None


def _keyword(doc: Any, attr: str) -> Keyword:
    """What ``PhraseMatcher.add`` keeps of a pattern ``Doc``: its tokens' ``attr`` values."""
    return tuple(doc.to_array(attr).tolist()) if len(doc) else ()


def _tokenize(nlp: Any, attr: str, surfaces: Sequence[str]) -> list[Keyword]:
    return [_keyword(doc, attr) for doc in nlp.tokenizer.pipe(surfaces)]


def pattern_keywords(nlp: Any, attr: str, patterns: Sequence[tuple[str, str]]) -> tuple[list[Keyword], bool]:
    """The token keys of each ``(match id, surface form)`` pattern, as ``PhraseMatcher.add`` takes them.

    Returns
    -------
    (list of tuple of int, bool)
        One tuple of ``attr`` hashes per pattern (the tokens of the surface form read by
        ``nlp.tokenizer``), and True when they came from the bundled prebuilt file (its key
        matched and the spot check passed), False when the surface forms were tokenized.
    """
    key = patterns_key(nlp, attr, patterns)
    if _RECORDING is None:
        found = _lookup(key, len(patterns))
        if found is not None:
            step = max(1, len(patterns) // SPOT_CHECKS)
            sample = list(range(0, len(patterns), step))[:SPOT_CHECKS] + [len(patterns) - 1]
            checked = _tokenize(nlp, attr, [patterns[i][1] for i in sample])
            if all(found[i] == kw for i, kw in zip(sample, checked)):
                return found, True
    computed = _tokenize(nlp, attr, [surface for _, surface in patterns])
    if _RECORDING is not None:
        _RECORDING[key] = computed
    return computed, False


def _lookup_table_file() -> str:
    """The file spaCy reads English ``lemma_lookup`` from (as ``spacy.util.load_language_data`` picks it)."""
    from spacy.util import registry  # lazy: only when the lemma-forms cache is checked or written

    path = Path(str(registry.lookups.get("en")["lemma_lookup"]))
    return str(path if path.exists() else path.with_suffix(path.suffix + ".gz"))


@lru_cache(maxsize=1)
def lemma_forms_key() -> str:
    """SHA-256 (hex) of everything that decides the lemma -> forms table (see the module docstring)."""
    import spacy

    from rolefit.nlp import _lemmas  # lazy: _lemmas imports this module

    lookups_version = installed_version("spacy-lookups-data")
    payload = {
        "format": FORMAT,
        "spacy": spacy.__version__,
        "spacy_lookups_data": lookups_version,
        "table": _sha256_of(_lookup_table_file()),
        "code": _sha256_of(str(_lemmas.__file__)),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def cached_lemma_forms(lemma: str) -> list[str] | None:
    """The cached word forms whose lookup lemma is ``lemma`` (lower case), or None.

    None when the bundled file is stale (its key differs from :func:`lemma_forms_key`),
    unreadable, or does not hold ``lemma``: the caller then inverts the lookup table itself.
    """
    key, forms = _read_json_cache(str(_bundled_file(FORMS_FILE_NAME)), "forms")
    found = forms.get(lemma)
    if found is None or key != lemma_forms_key():
        return None
    return list(found)


def _write_lemma_forms(target: Path) -> None:
    """Write the forms of every lemma of the bundled activity patterns (from the lookup table itself)."""
    from rolefit.nlp._lemmas import forms_by_lemma  # lazy: _lemmas imports this module
    from rolefit.taxonomy import load_activity_patterns

    table = forms_by_lemma()
    lemmas = sorted({
        lemma.lower() for p in load_activity_patterns() for slot in p["pattern"] if not slot.startswith("*")
        for lemma in slot.split("|")
    })
    forms = {lemma: sorted(table.get(lemma, frozenset())) for lemma in lemmas}
    _write_json_cache(target, lemma_forms_key(), "forms", forms, sort_keys=True)


def job_titles_key(concept_ids: Sequence[str]) -> str:
    """SHA-256 (hex) of what decides ``load_job_titles(concept_ids=concept_ids)`` on the bundled lexicon."""
    from rolefit import taxonomy  # lazy, as in lemma_forms_key

    payload = {
        "format": FORMAT,
        "source": _sha256_of(str(_bundled_file("job_titles.csv"))),
        "concept_ids": sorted(concept_ids),
        "code": _sha256_of(str(taxonomy.__file__)),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def job_titles(concept_ids: Sequence[str]) -> dict[str, str]:
    """``rolefit.taxonomy.load_job_titles(concept_ids=concept_ids)`` of the bundled lexicon, from the cache when fresh.

    Raises
    ------
    TaxonomyError
        As :func:`rolefit.taxonomy.load_job_titles`, when the CSV is read.
    """
    from rolefit.taxonomy import load_job_titles

    key, titles = _read_json_cache(str(_bundled_file(TITLES_FILE_NAME)), "titles")
    if key and key == job_titles_key(concept_ids):
        return dict(titles)  # a copy: the read is cached
    return load_job_titles(concept_ids=concept_ids)


def _write_job_titles(target: Path) -> None:
    from rolefit.taxonomy import default_taxonomy, load_job_titles

    classes = [c.id for c in default_taxonomy().concepts if c.kind == "job_title"]
    # not key-sorted: the titles keep the CSV's order, as load_job_titles returns them
    _write_json_cache(target, job_titles_key(classes), "titles", load_job_titles(concept_ids=classes), sort_keys=False)


def write_prebuilt(path: str | os.PathLike[str] | None = None) -> Path:
    """Build the bundled taxonomy's pipeline and write the token keys of its pattern sets.

    Parameters
    ----------
    path : path, optional
        Where to write; the package's ``rolefit/data/prebuilt_patterns.npz`` by default.

    Returns
    -------
    Path
        The file written (replaced atomically); the lemma-forms and job-title caches
        (:data:`FORMS_FILE_NAME`, :data:`TITLES_FILE_NAME`) are written next to it.
    """
    global _RECORDING
    from rolefit.nlp._extractor import Extractor  # lazy: the extractor imports this module

    _RECORDING = {}
    try:
        Extractor()  # every pattern set the bundled pipeline adds is tokenized and recorded
        entries = dict(_RECORDING)
    finally:
        _RECORDING = None
    target = Path(path) if path is not None else _bundled_file()
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps({"format": FORMAT, "keys": list(entries)}))}
    for i, keywords in enumerate(entries.values()):
        arrays[f"lengths_{i}"] = np.array([len(k) for k in keywords], dtype=np.int32)
        arrays[f"keys_{i}"] = np.array([t for k in keywords for t in k], dtype=np.uint64)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, allow_pickle=False, **arrays)

    replace_atomically(target, write)
    _load.cache_clear()
    _write_lemma_forms(target.with_name(FORMS_FILE_NAME))
    _write_job_titles(target.with_name(TITLES_FILE_NAME))
    return target
