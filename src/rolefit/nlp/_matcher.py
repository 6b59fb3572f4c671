"""The ``rolefit_skill_matcher`` component: taxonomy surface forms via ``PhraseMatcher``."""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import ensure_path

from rolefit.nlp._batching import BatchedPipe
from rolefit.nlp._prebuilt import pattern_keywords
from rolefit.schema import Concept

__all__ = ["MATCHES_KEY", "SkillMatcher", "longest_first", "make_skill_matcher"]

#: Key of ``doc.user_data`` holding the matches, ``(concept_id, start_token, end_token)``.
MATCHES_KEY = "rolefit_matches"


_START = operator.itemgetter(1)


def longest_first(matches: list[tuple[Any, int, int]]) -> list[tuple[Any, int, int]]:
    """Non-overlapping ``(key, start, end)`` matches: longest first, then leftmost (then first
    given); sorted by start.

    The matches fall into groups of overlapping ones (sorted by start, a group goes on while a
    match starts before the furthest end so far); a match never overlaps one of another group,
    so the longest-first choice is made in each group of two or more alone (most are single).
    """
    matches = sorted(matches, key=_START)
    if len(matches) < 2:
        return matches
    out: list[tuple[Any, int, int]] = []
    group = [matches[0]]
    end = matches[0][2]
    for m in matches[1:]:
        if m[1] < end:
            group.append(m)
            if m[2] > end:
                end = m[2]
            continue
        if len(group) == 1:
            out.append(group[0])
        else:
            out.extend(_longest_of(group))
        group = [m]
        end = m[2]
    if len(group) == 1:
        out.append(group[0])
    else:
        out.extend(_longest_of(group))
    return out


def _longest_of(matches: list[tuple[Any, int, int]]) -> list[tuple[Any, int, int]]:
    taken: list[tuple[Any, int, int]] = []
    used: set[int] = set()
    for m in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if used.isdisjoint(range(m[1], m[2])):
            taken.append(m)
            used.update(range(m[1], m[2]))
    return sorted(taken, key=_START)


@Language.factory("rolefit_skill_matcher", default_config={"attr": "LOWER"})
def make_skill_matcher(nlp: Language, name: str, attr: str) -> SkillMatcher:
    """Factory for :class:`SkillMatcher` (registered with spaCy as ``rolefit_skill_matcher``)."""
    return SkillMatcher(nlp, name, attr=attr)


class SkillMatcher(BatchedPipe):
    """Find taxonomy surface forms with spaCy's ``PhraseMatcher``; keep the longest.

    Like spaCy's ``span_ruler`` with ``first_longest_spans_filter``, but stores plain
    ``(concept_id, start, end)`` token triples in ``doc.user_data["rolefit_matches"]``
    instead of ``Span`` objects: the benchmark showed span creation cost a third of the
    extraction time.

    Parameters
    ----------
    nlp : Language
    name : str, default "rolefit_skill_matcher"
    attr : str, default "LOWER"
        Token attribute the phrases are matched on (keyword-only).

    Attributes
    ----------
    n_prebuilt : int
        Patterns whose token keys came from the bundled prebuilt file instead of the
        tokenizer (:mod:`rolefit.nlp._prebuilt`); equal to ``len(patterns)`` for the bundled
        taxonomy when the file is fresh.
    """

    def __init__(self, nlp: Language, name: str = "rolefit_skill_matcher", *, attr: str = "LOWER") -> None:
        self.nlp = nlp
        self.name = name
        self.attr = attr
        self.clear()

    def clear(self) -> None:
        """Remove all patterns."""
        self.matcher = PhraseMatcher(self.nlp.vocab, attr=self.attr)
        self._concept_of: dict[int, str] = {}
        self._patterns: list[dict[str, str]] = []
        self.n_prebuilt = 0

    @property
    def patterns(self) -> list[dict[str, str]]:
        """All patterns, as ``{"id": concept_id, "pattern": surface_form}`` dicts."""
        return list(self._patterns)

    def add_patterns(self, patterns: Iterable[dict[str, str]]) -> None:
        """Add ``{"id": concept_id, "pattern": surface_form}`` patterns.

        Surface forms are read by the pipeline's own (normalising) tokenizer, like the text;
        for the bundled taxonomy the resulting token keys come from the prebuilt file
        (:mod:`rolefit.nlp._prebuilt`), which gives the same matcher without tokenizing.
        """
        pairs = [(str(p["id"]), str(p["pattern"])) for p in patterns]
        keywords, prebuilt = pattern_keywords(self.nlp, self.attr, pairs)
        by_id: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for (cid, surface), keyword in zip(pairs, keywords):
            by_id.setdefault(cid, []).append((surface, keyword))
        for cid, group in by_id.items():
            key = self.nlp.vocab.strings.add(cid)
            self._concept_of[key] = cid
            self.matcher.add(cid, [keyword for _, keyword in group])
            self._patterns.extend({"id": cid, "pattern": surface} for surface, _ in group)
        self.n_prebuilt += len(pairs) if prebuilt else 0

    def add_concepts(self, concepts: Iterable[Concept]) -> None:
        """Add one pattern per surface form of each concept."""
        self.add_patterns({"id": c.id, "pattern": s} for c in concepts for s in c.surface_forms)

    def __call__(self, doc: Doc) -> Doc:
        concept_of = self._concept_of
        doc.user_data[MATCHES_KEY] = longest_first([(concept_of[k], s, e) for k, s, e in self.matcher(doc)])
        return doc

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """The patterns and settings as UTF-8 JSON."""
        return json.dumps({"attr": self.attr, "patterns": self._patterns}, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> SkillMatcher:
        """Replace patterns and settings with those in ``data`` (from :meth:`to_bytes`)."""
        payload = json.loads(data.decode("utf-8"))
        self.attr = payload["attr"]
        self.clear()
        self.add_patterns(payload["patterns"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write ``patterns.jsonl`` and ``cfg`` into the directory ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg").write_text(json.dumps({"attr": self.attr}), encoding="utf-8")
        with (path / "patterns.jsonl").open("w", encoding="utf-8") as fh:
            for p in self._patterns:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> SkillMatcher:
        """Load what :meth:`to_disk` wrote."""
        path = ensure_path(path)
        self.attr = json.loads((path / "cfg").read_text(encoding="utf-8"))["attr"]
        self.clear()
        with (path / "patterns.jsonl").open(encoding="utf-8") as fh:
            self.add_patterns(json.loads(line) for line in fh if line.strip())
        return self

    def __repr__(self) -> str:
        return f"SkillMatcher(name={self.name!r}, attr={self.attr!r}, patterns={len(self._patterns)})"
