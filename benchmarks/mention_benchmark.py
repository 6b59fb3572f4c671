"""Mention-level benchmark on annotated job-posting text: SkillSpan and Green et al. 2022.

Data (``../shared/data``, see each folder's SOURCE.md): SkillSpan train + dev (MIT; skill
and knowledge spans in English job postings, Zhang et al. 2022) and the Green, Maynard & Lin
2022 gold test set (CC BY 4.0; Skill / Qualification / Experience / Domain / Occupation
spans). Each sentence is scored on its own (tokens joined by spaces; no CV sections).

Measures, per data set:

- span precision: share of rolefit's non-negated mentions that overlap a gold span of any
  type (is it a skill or knowledge item in the annotators' view?);
- concept recall: a gold span *maps to* concept ``c`` when a taxonomy name of ``c`` occurs in
  it (spaCy ``PhraseMatcher`` on the span alone, longest match); it is found when rolefit
  gives a non-negated mention of ``c`` overlapping the span. This measures what the context
  rules (ambiguity, sense, negation) lose, not the coverage of the taxonomy, which is
  reported separately as the share of gold spans that map to any concept;
- negation: the gold sets carry no negation labels, so the negated mentions are counted and
  printed for inspection (postings seldom disclaim skills). The texts are postings, so a
  mention counts as negated as ``rolefit.postings`` reads it (:func:`negated_in_posting`: a
  learning cue such as "willing to learn Git" names what the job involves); the extractor's
  CV reading is counted too ("negated as a CV").

Run: ``.venv/bin/python benchmarks/mention_benchmark.py [--show-negated] [--show-misses N]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ROLEFIT_SHARED_DATA", REPO.parent / "shared" / "data"))


def spans_from_bio(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start_token, end_token, type)`` spans of a BIO tag sequence (end exclusive)."""
    out, start, kind = [], None, None
    tags = [t + "-X" if t in ("B", "I") else t for t in tags]  # SkillSpan tags carry no type
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and kind != tag[2:]):
            if start is not None:
                out.append((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (None, None)
    return out


def skillspan() -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    out = []
    for split in ("train", "dev"):
        with (SHARED / "skillspan" / f"{split}.json").open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                spans = [(s, e, "Skill") for s, e, _ in spans_from_bio(r["tags_skill"])]
                spans += [(s, e, "Knowledge") for s, e, _ in spans_from_bio(r["tags_knowledge"])]
                out.append((r["tokens"], spans))
    return out


def green() -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    out, tokens, tags = [], [], []
    for line in (SHARED / "green2022_job_desc_ner" / "testset.txt").read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        if not parts:
            if tokens:
                out.append((tokens, spans_from_bio(tags)))
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
    return out


def evaluate(name: str, data, show_negated: bool, show_misses: int) -> dict[str, float]:
    import spacy
    from spacy.matcher import PhraseMatcher

    from rolefit.nlp import extract_skills_many
    from rolefit.postings import negated_in_posting
    from rolefit.taxonomy import default_taxonomy

    tax = default_taxonomy()
    bare = spacy.blank("en")
    matcher = PhraseMatcher(bare.vocab, attr="LOWER")
    for c in tax.concepts:
        matcher.add(c.id, list(bare.tokenizer.pipe(c.surface_forms)))
    texts, offsets = [], []
    for tokens, _ in data:
        pos, offs = 0, []
        for t in tokens:
            offs.append((pos, pos + len(t)))
            pos += len(t) + 1
        texts.append(" ".join(tokens))
        offsets.append(offs)
    system = extract_skills_many(texts)
    n_sys = n_supported = n_gold_spans = n_mapped_spans = n_gold_c = n_found = n_neg = n_neg_cv = 0
    misses = []
    for (tokens, spans), offs, text, mentions in zip(data, offsets, texts, system):
        gold_chars = [(offs[s][0], offs[e - 1][1], k) for s, e, k in spans]
        n_gold_spans += len(gold_chars)
        for m in mentions:
            n_neg_cv += m.negated
            if negated_in_posting(m):
                n_neg += 1
                if show_negated:
                    print(f"  NEG [{m.cue_rule}] {m.concept_id}: {text[max(0, m.start_char - 60):m.end_char + 30]}")
                continue
            n_sys += 1
            n_supported += any(a < m.end_char and m.start_char < b for a, b, _ in gold_chars)
        for a, b, _kind in gold_chars:
            doc = bare(text[a:b])
            found = sorted(matcher(doc), key=lambda x: (x[1] - x[2], x[1]))
            taken, concepts = set(), set()
            for key, s, e in found:
                if taken.isdisjoint(range(s, e)):
                    taken.update(range(s, e))
                    concepts.add(bare.vocab.strings[key])
            n_mapped_spans += bool(concepts)
            for c in concepts:
                n_gold_c += 1
                hit = any(
                    m.concept_id == c and not negated_in_posting(m) and m.start_char < b and a < m.end_char
                    for m in mentions
                )
                n_found += hit
                if not hit:
                    misses.append((c, text[a:b], text))
    res = {
        "sentences": len(data),
        "system mentions": n_sys,
        "span precision": n_supported / n_sys if n_sys else float("nan"),
        "gold spans": n_gold_spans,
        "gold spans mapping to a concept": n_mapped_spans / n_gold_spans if n_gold_spans else float("nan"),
        "gold concept mentions": n_gold_c,
        "concept recall": n_found / n_gold_c if n_gold_c else float("nan"),
        "negated mentions": n_neg,
        "negated as a CV": n_neg_cv,
    }
    print(f"{name}: " + ", ".join(f"{k} {v:.1%}" if isinstance(v, float) else f"{k} {v:,}" for k, v in res.items()))
    for c, span, text in misses[:show_misses]:
        print(f"  MISS {c}: [{span}] in: {text[:160]}")
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show-negated", action="store_true")
    p.add_argument("--show-misses", type=int, default=0)
    args = p.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 1
    evaluate("SkillSpan train+dev", skillspan(), args.show_negated, args.show_misses)
    evaluate("Green 2022 test", green(), args.show_negated, args.show_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
