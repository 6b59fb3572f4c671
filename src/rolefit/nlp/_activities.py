"""The ``rolefit_activity_matcher`` component: skills written as activities.

"Negotiated vendor contracts", "owned a EUR 2M budget", "chaired stakeholder steering
committees": managerial and governance skills are mostly written as what someone did. The
patterns are data (``rolefit/data/activity_patterns.json``, read by
:func:`rolefit.taxonomy.load_activity_patterns`); this component compiles them into spaCy
``Matcher`` patterns.

Lemmas come from spaCy's English lookup lemmatizer table (``spacy-lookups-data``, offline).
Instead of lemmatising every token at run time, each lemma of a pattern is expanded once,
when the pipeline is built, into every word form the lookup table maps to it
(:func:`rolefit.nlp._lemmas.lemma_forms`), and matched on ``LOWER``: the same matches as ``LEMMA`` on lower-cased tokens. The ``Matcher`` runs
only on windows where a pattern's first and last word both occur, no further apart than the
pattern allows (benchmarks/extract_throughput.py: the whole-doc ``Matcher`` cost 5x the rest
of the extraction); those words are found by a ``PhraseMatcher`` of one-token phrases.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.util import ensure_path

from rolefit.nlp._batching import BatchedPipe
from rolefit.nlp._context import NOT_A_SKILL
from rolefit.nlp._matcher import MATCHES_KEY, longest_first
from rolefit.nlp._lemmas import lemma_forms
from rolefit.nlp._normalise import NORMALISED_KEY
from rolefit.nlp._rules import default_rules

__all__ = ["ActivityMatcher", "lemma_forms", "make_activity_matcher"]

_START = operator.itemgetter(1)
#: The match key of every anchor word (see ActivityMatcher.clear).
_ANCHOR = "rolefit.activity.anchor"
#: The word that, right after an activity's first word, makes it passive: "mentored by
#: senior engineers", "coached by the team lead" name what the candidate received.
_PASSIVE = "by"


def _gap_words(slot: str) -> int:
    """The most words a gap slot (``*N`` or ``*N!word|word``) allows."""
    return int(slot[1:].partition("!")[0])


def _token_spec(slot: str, *, noun: bool = False) -> dict[str, Any]:
    """The ``Matcher`` token spec of one slot: a gap (``*N``) or the inflected forms of its
    words. A ``noun`` slot (every slot after a pattern's first: the objects of its verb) takes
    no verb forms in -ed or -ing of its nouns, only what a slot lists as written: "built data
    engineering structures" is no team built of engineers, "projected revenue" no project."""
    if slot.startswith("*"):
        stops = slot.partition("!")[2]
        spec: dict[str, Any] = {"IS_PUNCT": False, "OP": f"{{0,{_gap_words(slot)}}}"}
        if stops:  # "*3!for": none of these words in the gap ("ran Docker builds for our team")
            spec["LOWER"] = {"NOT_IN": sorted(set(stops.lower().split("|")))}
        return spec
    words = slot.split("|")
    forms = {f for lemma in words for f in lemma_forms(lemma)}
    if noun:
        forms = {f for f in forms if f in words or not f.endswith(("ed", "ing"))}
    return {"LOWER": {"IN": sorted(forms)}}


@Language.factory("rolefit_activity_matcher", default_config={"patterns": []})
def make_activity_matcher(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> ActivityMatcher:
    """Factory for :class:`ActivityMatcher` (registered with spaCy as ``rolefit_activity_matcher``)."""
    matcher = ActivityMatcher(nlp, name)
    matcher.add_patterns(patterns)
    return matcher


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ``[start, end)`` windows with the overlapping and touching ones merged."""
    if not windows:
        return []
    merged = [windows[0]]
    for a, b in windows[1:]:
        if a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


class ActivityMatcher(BatchedPipe):
    """Add activity-phrase matches to ``doc.user_data["rolefit_matches"]``.

    Runs after ``rolefit_skill_matcher``. An activity match is dropped when a skill-name
    match reaches out of it (partial overlap), when it runs across a line break, or stands
    right before a job-title word ("the Project Manager"), or when its last word is part of a
    ``not_skills`` phrase ("created stored procedures": a database object). Overlapping
    activity matches keep the longest; a skill name inside an activity phrase stays a mention
    of its own concept (the matches of a doc may then nest).

    Parameters
    ----------
    nlp : Language
    name : str, default "rolefit_activity_matcher"
    """

    def __init__(self, nlp: Language, name: str = "rolefit_activity_matcher") -> None:
        self.nlp = nlp
        self.name = name
        #: a match right before one of these words is part of a job title, not an activity
        self.stop_before = default_rules().title_heads
        self.clear()

    def clear(self) -> None:
        """Remove all patterns."""
        self._shared: Matcher | None = None  # built on first use: see :attr:`matcher`
        self._specs: list[tuple[int, list[dict[str, Any]]]] = []  # (match key, token specs) per pattern
        # the same patterns, one Matcher per match key: each window is matched only with the
        # patterns it can hold (see __call__)
        self._matchers: dict[int, Matcher] = {}
        self._key_of: list[int] = []  # pattern n -> its match key
        self._patterns: list[dict[str, Any]] = []
        self._concept_of: dict[int, str] = {}
        self._firsts: dict[int, list[int]] = {}  # LOWER hash -> patterns it can start
        self._lasts: dict[int, list[int]] = {}  # LOWER hash -> patterns it can end
        self._spans: list[int] = []  # longest match of each pattern, in tokens
        self._keys: frozenset[int] = frozenset()
        # LOWER hash -> bit mask of the patterns it can start / end (bit n: pattern n)
        self._first_mask: dict[int, int] = {}
        self._last_mask: dict[int, int] = {}
        # every first and last word as a one-token phrase, all under one match key (a key per
        # word would make spaCy create a lexeme for each, 700 at a load): the tokens that may
        # start or end a match, found in C instead of a loop over all tokens; a hit's word is
        # its token's LOWER hash
        self._anchors = PhraseMatcher(self.nlp.vocab, attr="LOWER")

    @property
    def matcher(self) -> Matcher:
        """One ``Matcher`` with every pattern, for the rare doc where two match keys find the
        same span (see :meth:`_find`); built the first time it is needed, not with the
        patterns (about half of the matcher's build time at a cold start)."""
        if self._shared is None:
            shared = Matcher(self.nlp.vocab)
            for key, specs in self._specs:
                shared.add(key, [specs], greedy="LONGEST")
            self._shared = shared
        return self._shared

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The patterns as given: ``{"id", "concept", "pattern"}`` dicts."""
        return [dict(p) for p in self._patterns]

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add ``{"id": str, "concept": concept_id, "pattern": [slot, ...]}`` patterns."""
        for p in patterns:
            key = self.nlp.vocab.strings.add(f"rolefit.activity.{p['id']}")
            self._concept_of[key] = p["concept"]
            specs = [_token_spec(s, noun=i > 0) for i, s in enumerate(p["pattern"])]
            self._specs.append((key, specs))
            self._shared = None  # rebuilt with this pattern when needed
            if key not in self._matchers:
                self._matchers[key] = Matcher(self.nlp.vocab)
            self._matchers[key].add(key, [specs], greedy="LONGEST")
            self._key_of.append(key)
            n = len(self._spans)
            strings = self.nlp.vocab.strings
            for form in specs[0]["LOWER"]["IN"]:
                h = strings.add(form)
                self._firsts.setdefault(h, []).append(n)
                self._first_mask[h] = self._first_mask.get(h, 0) | 1 << n
            for form in specs[-1]["LOWER"]["IN"]:
                h = strings.add(form)
                self._lasts.setdefault(h, []).append(n)
                self._last_mask[h] = self._last_mask.get(h, 0) | 1 << n
            lower = self.nlp.vocab.lex_attr_getters.get(LOWER, str.lower)
            new = [form for form in {*specs[0]["LOWER"]["IN"], *specs[-1]["LOWER"]["IN"]} if strings[form] not in self._keys]
            if new:
                # each phrase as its token's LOWER value, what PhraseMatcher keeps of a one-word
                # Doc of ``form`` (the forms are lower case: that value is the form's hash)
                self._anchors.add(_ANCHOR, [(strings.add(lower(form)),) for form in sorted(new)])
            self._keys = frozenset(self._firsts) | frozenset(self._lasts)
            self._spans.append(sum(_gap_words(s) if s.startswith("*") else 1 for s in p["pattern"]))
            self._patterns.append({"id": p["id"], "concept": p["concept"], "pattern": list(p["pattern"])})

    def _windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Merged ``[start, end)`` token windows that may hold a match."""
        return _merged(sorted((a, b) for _p, a, b in self._pattern_windows(doc)))

    def _pattern_windows(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(pattern n, start, end)``: every token window from a first word to a last word of
        pattern n, no longer than its longest match: each match of n lies inside one."""
        firsts, lasts, spans = self._firsts, self._lasts, self._spans
        hits = [(doc[i].lower, i, e) for _anchor, i, e in self._anchors(doc)]  # (LOWER hash, i, i + 1)
        present = {h for h, _i, _e in hits}
        if not present:
            return []
        # a window needs a first and a last word of the SAME pattern (most docs have none)
        first_mask, last_mask = self._first_mask, self._last_mask
        can_start = can_end = 0
        for h in present:
            can_start |= first_mask.get(h, 0)
            can_end |= last_mask.get(h, 0)
        live = can_start & can_end
        if not live:
            return []
        # only the words that start or end a pattern that may match, in token order
        present = {h for h in present if (first_mask.get(h, 0) | last_mask.get(h, 0)) & live}
        hits = sorted(hits, key=_START)
        starts: dict[int, list[int]] = {}
        windows: list[tuple[int, int, int]] = []
        for h, i, _e in hits:
            if h not in present:
                continue
            for p in lasts.get(h, ()):
                for f in starts.get(p, ()):
                    if i - f < spans[p]:
                        windows.append((p, f, i + 1))
            for p in firsts.get(h, ()):
                starts.setdefault(p, []).append(i)
        return windows

    def _find(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match key, start, end)`` of the patterns' matches in ``doc``, as ``self.matcher``
        gives them on the merged windows of :meth:`_windows`.

        Each key's own ``Matcher`` runs on that key's merged windows only (most windows can
        hold one pattern of some 30: the predicates of the others cost 5x more). The matches
        of a key are the same: each lies inside one of the key's windows, and the greedy
        longest-match filter of a key never relates matches in disjoint windows. Only their
        order across keys may differ, which nothing below depends on unless two keys match
        the very same span (the first one wins it): then the shared ``Matcher`` decides.
        """
        by_key: dict[int, list[tuple[int, int]]] = {}
        key_of = self._key_of
        for p, a, b in self._pattern_windows(doc):
            by_key.setdefault(key_of[p], []).append((a, b))
        found: list[tuple[int, int, int]] = []
        for key, windows in by_key.items():
            matcher = self._matchers[key]
            for a, b in _merged(sorted(windows)):
                found.extend((k, a + s, a + e) for k, s, e in matcher(doc[a:b]))
        if len(by_key) > 1 and len({(s, e) for _k, s, e in found}) < len(found):
            found = [(k, a + s, a + e) for a, b in self._windows(doc) for k, s, e in self.matcher(doc[a:b])]
        return found

    def __call__(self, doc: Doc) -> Doc:
        found = self._find(doc) if self._patterns else []
        if found:
            concept_of = self._concept_of
            skills = list(doc.user_data.get(MATCHES_KEY, []))
            norm = doc.user_data.get(NORMALISED_KEY)
            original = norm.original if norm is not None else doc.text
            activities = []
            for k, s, e in found:
                if any(ss < e and s < se and not (s <= ss and se <= e) for _c, ss, se in skills):
                    continue  # a skill name reaching out of the phrase wins
                if any(c == NOT_A_SKILL and ss < e <= se for c, ss, se in skills):
                    continue  # its last word is in a phrase that is no skill: "created stored procedures"
                if e < len(doc) and doc[e].lower_ in self.stop_before:
                    continue  # "coordinate with the Project Manager": someone's title
                if s + 1 < e and doc[s + 1].lower_ == _PASSIVE:
                    continue  # "Mentored by senior engineers": done to the candidate, not by them
                if norm is not None:
                    a, b = norm.to_original(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
                    if "\n" in original[a:b]:
                        continue  # never across a line break
                activities.append((concept_of[k], s, e))
            activities = longest_first(activities)
            # a name inside the phrase stays a mention of its own concept ("led EU AI Act
            # compliance": EU AI Act and compliance management), unless it is the same concept
            inside = {(c, s, e) for c, s, e in skills for ca, sa, ea in activities if c == ca and sa <= s and e <= ea}
            doc.user_data[MATCHES_KEY] = sorted(
                [m for m in skills if m not in inside] + activities, key=lambda m: (m[1], -m[2])
            )
        return doc

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """The patterns as UTF-8 JSON."""
        return json.dumps(self._patterns, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> ActivityMatcher:
        """Replace the patterns with those in ``data`` (from :meth:`to_bytes`)."""
        self.clear()
        self.add_patterns(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write ``patterns.json`` into the directory ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "patterns.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> ActivityMatcher:
        """Load what :meth:`to_disk` wrote."""
        return self.from_bytes((ensure_path(path) / "patterns.json").read_bytes())

    def __repr__(self) -> str:
        return f"ActivityMatcher(name={self.name!r}, patterns={len(self._patterns)})"
