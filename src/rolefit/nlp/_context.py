"""The ``rolefit_context`` component: sections, negation / non-practice, ambiguous names.

Reads the matches of ``rolefit_skill_matcher`` and the :class:`~rolefit.nlp.Normalised`
record the tokenizer left on the doc, and writes the mentions that count to
``doc.user_data["rolefit_mentions"]``. All word lists that are context RULES (headings,
cues, scope ends, bullets) come from the context-rules data (:mod:`rolefit.nlp._rules`).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from rolefit.nlp._matcher import MATCHES_KEY
from rolefit.nlp._normalise import NORMALISED_KEY, Normalised
from rolefit.nlp._rules import ContextRules, default_rules, prefilter_text, rules_from_data
from rolefit.nlp._sections import SectionFinder, name_line, section_at

__all__ = ["MENTIONS_KEY", "ContextComponent", "make_context_component"]

#: Key of ``doc.user_data`` holding the mentions that count, ``(start_char, end_char,
#: concept_id, section, negated)`` in ORIGINAL-text offsets.
MENTIONS_KEY = "rolefit_mentions"

# ------------------------------------------------------------------ ambiguous short names
# (token-level evidence that a short word such as "Go" or "R" is the tool; not context rules)
_CUE_BEFORE = frozenset(
    """in with using use used uses programming program coding coded code written wrote write
    writing develop developed developing language languages knowledge proficient proficiency
    experience experienced expert skilled familiar via through and or on deployed deploy
    deploying managed built build building automated configured""".split()
)
_CUE_AFTER = frozenset(
    """developer developers engineer engineers programming programmer language lang code
    services service microservices apps applications app scripts script charts chart
    cookbooks cookbook manifests modules cluster clusters jobs streaming sql dataframes
    backend stack framework library libraries packages package""".split()
)
_NEWLINE_RE = re.compile("\n")
_COORDINATORS = frozenset({"and", "or", "&", ",", "/", "+"})
_AMBIGUOUS_MAX_LEN = 6


def _is_strict(surface: str) -> bool:
    """Single short alphabetic word of an ambiguous concept: needs a skills context."""
    return surface.isalpha() and len(surface) <= _AMBIGUOUS_MAX_LEN


def _prev_token(doc: Doc, i: int):  # noqa: ANN202
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _next_token(doc: Doc, i: int):  # noqa: ANN202
    j = i
    while j < len(doc) and doc[j].is_space:
        j += 1
    return doc[j] if j < len(doc) else None


@Language.factory("rolefit_context", default_config={"strict_ids": [], "rules": None})
def make_context_component(
    nlp: Language, name: str, strict_ids: list[str], rules: dict[str, Any] | None
) -> ContextComponent:
    """Factory for :class:`ContextComponent` (registered with spaCy as ``rolefit_context``)."""
    return ContextComponent(nlp, name, strict_ids=strict_ids, rules=rules)


class ContextComponent:
    """Apply section, negation and ambiguity rules to the skill matches of a doc.

    Reads ``doc.user_data["rolefit_matches"]`` and writes the mentions that count
    (ambiguous short names only in a skills context) to ``doc.user_data["rolefit_mentions"]``
    as ``(start_char, end_char, concept_id, section, negated)`` tuples in offsets of the
    ORIGINAL text.

    Parameters
    ----------
    nlp : Language
    name : str, default "rolefit_context"
    strict_ids : iterable of str
        Ambiguous concepts whose single short word needs a skills context (keyword-only).
    rules : dict, optional
        Context-rules data in the format of ``context_rules.json``; the bundled rules by
        default (keyword-only).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "rolefit_context",
        *,
        strict_ids: Iterable[str] = (),
        rules: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.strict_ids = frozenset(strict_ids)
        self.set_rules(default_rules() if rules is None else rules_from_data(rules))

    def set_rules(self, rules: ContextRules) -> None:
        """Use ``rules`` from now on (compiles the derived regexes)."""
        self.rules = rules
        self._sections = SectionFinder(rules)
        self._scope_end = rules.scope_end_regex()
        self._separators = rules.item_separators
        self._list_separators = frozenset(",/()[]&+:" + rules.item_separators)

    # ------------------------------------------------------------------ negation
    def cue_spans(self, text: str) -> list[tuple[int, int]]:
        """``(end, start)`` of every negation / non-practice cue in ``text``, sorted by end."""
        prepared = prefilter_text(text)
        spans: list[tuple[int, int]] = []
        for rule in self.rules.cues:
            if rule.may_match(prepared):
                spans.extend((m.end(), m.start()) for m in rule.pattern.finditer(text))
        spans.sort()
        return spans

    @staticmethod
    def _negated_by_cue(cues: list[tuple[int, int]], boundaries: list[int], start: int) -> bool:
        """True when the last cue ending before ``start`` begins inside the mention's scope."""
        i = bisect.bisect_right(cues, (start, start)) - 1
        if i < 0:
            return False
        cue_end, cue_start = cues[i]
        j = bisect.bisect_right(boundaries, start) - 1
        scope = boundaries[j] if j >= 0 else 0
        return cue_start >= scope and cue_end <= start

    # ------------------------------------------------------------------ ambiguity
    def _ambiguous_ok(
        self, doc: Doc, start: int, end: int, section: str, other_near: bool, line_start: bool, coordinated: bool
    ) -> bool:
        if section == "skills":
            return True
        prev = _prev_token(doc, start)
        nxt = _next_token(doc, end)
        sep_prev = prev is not None and prev.text in self._list_separators
        sep_next = nxt is not None and nxt.text in self._list_separators
        if (sep_prev or sep_next or line_start) and other_near and (sep_prev or sep_next):
            return True
        if not doc[start].text[:1].isupper():
            return False
        if coordinated:  # "C and C++", "Go or Rust": joined to another skill mention
            return True
        sentence_start = line_start or prev is None or prev.text in {".", "!", "?", ":", "\"", "“"}
        if prev is not None and prev.lower_ in _CUE_BEFORE and not sentence_start:
            return True
        return nxt is not None and nxt.lower_ in _CUE_AFTER

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        matches = doc.user_data.get(MATCHES_KEY, [])
        if not matches:
            doc.user_data[MENTIONS_KEY] = []
            return doc
        norm: Normalised = doc.user_data.get(NORMALISED_KEY) or Normalised(doc.text, doc.text, None)
        original = norm.original
        name_start, name_end = name_line(original)
        positions = []
        for _cid, s, e in matches:
            last = doc[e - 1]
            positions.append(norm.to_original(doc[s].idx, last.idx + len(last.text)))
        if name_end:
            # a name has at least one word that is no skill: "Mary Jenkins" yes, "Jira Scrum" no
            covered = sum(min(e, name_end) - max(b, name_start) for b, e in positions if b < name_end and e > name_start)
            if covered >= len(original[name_start:name_end].replace(" ", "")):
                name_start = name_end = 0
        sections = self._sections(original)
        sec_starts = [s for s, _ in sections]
        sec_names = [n for _, n in sections]
        cues = self.cue_spans(original)
        boundaries = [m.end() for m in self._scope_end.finditer(original)] if cues else []
        post_cue = self.rules.post_cue
        line_starts: list[int] | None = None
        results: list[tuple[int, int, str, str, bool]] = []
        for k, ((cid, s, e), (start, end)) in enumerate(zip(matches, positions)):
            if name_start <= start < name_end:
                continue  # "Mary Jenkins", "Julia Kafka": a person's name, not tools
            section = section_at(sec_starts, sec_names, start)
            if cid in self.strict_ids and e - s == 1 and _is_strict(doc[s].text):
                if line_starts is None:
                    line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(original)]
                line_i = bisect.bisect_right(line_starts, start) - 1
                line_start = original[line_starts[line_i]:start].strip(" \t" + self._separators + "-*") == ""
                near = range(max(0, k - 3), min(len(matches), k + 4))
                other_near = any(abs(positions[j][0] - start) < 60 and matches[j][0] != cid for j in near)
                coordinated = any(
                    matches[j][0] != cid
                    and (0 <= matches[j][1] - e <= 1 or 0 <= s - matches[j][2] <= 1)
                    and all(t.lower_ in _COORDINATORS for t in doc[min(e, matches[j][2]):max(s, matches[j][1])])
                    for j in near if j != k
                )
                if not self._ambiguous_ok(doc, s, e, section, other_near, line_start, coordinated):
                    continue
            negated = bool(cues) and self._negated_by_cue(cues, boundaries, start)
            if not negated:
                after = original[end:end + 3].lstrip(" \t")
                if after[:1] in ("(", "["):
                    negated = post_cue.match(original[end:end + 60]) is not None
            results.append((start, end, cid, section, negated))
        doc.user_data[MENTIONS_KEY] = results
        return doc

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """Settings and rules data as UTF-8 JSON."""
        payload = {"strict_ids": sorted(self.strict_ids), "rules": self.rules.raw}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> ContextComponent:
        """Load what :meth:`to_bytes` wrote."""
        payload = json.loads(data.decode("utf-8"))
        self.strict_ids = frozenset(payload["strict_ids"])
        self.set_rules(rules_from_data(payload["rules"], "<bytes>"))
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write ``cfg`` (strict ids) and ``context_rules.json`` into the directory ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg").write_text(json.dumps({"strict_ids": sorted(self.strict_ids)}), encoding="utf-8")
        (path / "context_rules.json").write_text(self.rules.to_json(), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> ContextComponent:
        """Load what :meth:`to_disk` wrote."""
        path = ensure_path(path)
        self.strict_ids = frozenset(json.loads((path / "cfg").read_text(encoding="utf-8"))["strict_ids"])
        rules_path = path / "context_rules.json"
        self.set_rules(rules_from_data(json.loads(rules_path.read_text(encoding="utf-8")), str(rules_path)))
        return self
