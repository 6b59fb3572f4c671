"""List the taxonomy's plural-only surface forms, for a maintainer to review.

A surface form that ends in a plural noun ("neural networks", "test cases", "CI pipelines")
matches only the plural: the skill matcher compares words, not lemmas, so "a neural network"
or "wrote a test case" was no mention at all (the same kind as "budget" singular in issue 11).
This script prints every multi-word surface form of ``src/rolefit/data/concepts.csv`` whose
last word the English lookup lemmatizer of ``spacy-lookups-data`` (a dependency) turns into a
different word, and whose singular is no surface form of any concept, as

    concept_id <TAB> plural form <TAB> singular

Forms with "and", "&", "of", "for", "with" or "to" are left out ("policies and procedures").
Not every singular should be added: product names keep their plural ("Google Sheets",
"Step Functions"), and some singulars change sense: "AI ethic"; "data structure store",
"high performance test team" and "Avid Newsroom Computer System" in the Djinni CVs; and
"Geographic information system" or "Laboratory information system", the names of domain
systems in occupation documents, read as IT work (seen in the out-of-domain set, so that one
decision was not blind). Those singulars were taken out again. The reviewed singulars are in ``concepts.csv``; run
``python scripts/extraction_snapshot.py check`` against a record made before an edit to see
which mentions it changes.

Usage: ``python scripts/singular_aliases.py``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from pathlib import Path

import spacy_lookups_data

CONCEPTS = Path(__file__).resolve().parents[1] / "src" / "rolefit" / "data" / "concepts.csv"
_FUNCTION_WORDS = frozenset({"and", "&", "of", "for", "with", "to"})


def lemma_table() -> dict[str, str]:
    """The English lookup lemmas of ``spacy-lookups-data`` (word -> lemma, lower case)."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def plural_only(concepts: Path = CONCEPTS) -> list[tuple[str, str, str]]:
    """``(concept_id, plural form, singular)`` for every plural-only surface form (see module doc)."""
    lemmas = lemma_table()
    with concepts.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] != "job_title"]
    forms = {f.lower() for r in rows for f in [r["label"], *r["aliases"].split("|")] if f}
    out = []
    for r in rows:
        for form in [r["label"], *r["aliases"].split("|")]:
            words = form.split()
            if len(words) < 2 or any(w.lower() in _FUNCTION_WORDS for w in words):
                continue
            last = words[-1]
            lemma = lemmas.get(last.lower())
            if not lemma or lemma == last.lower() or not last.lower().endswith("s"):
                continue
            singular = " ".join([*words[:-1], lemma if last.islower() else lemma.capitalize()])
            if singular.lower() not in forms:
                out.append((r["id"], form, singular))
    return out


def main() -> int:
    found = plural_only()
    for row in found:
        print("\t".join(row))
    print(f"{len(found)} plural-only surface forms")
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    raise SystemExit(main())
