"""The ``rolefit_context`` component: sections, negation / non-practice, ambiguous names.

(A little over 400 lines: the per-mention loop and the sense checks it calls stay together;
the cue search itself lives in :mod:`rolefit.nlp._context_cues`.)

Reads the matches of ``rolefit_skill_matcher`` and the :class:`~rolefit.nlp.Normalised`
record the tokenizer left on the doc, and writes the mentions that count to
``doc.user_data["rolefit_mentions"]``. All word lists that are context RULES (headings,
cues, scope ends, bullets) come from the context-rules data (:mod:`rolefit.nlp._rules`).
"""

from __future__ import annotations

from bisect import bisect_right
import json
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from rolefit.nlp._batching import BatchedPipe
from rolefit.nlp._context_cues import (
    NEAR_WINDOW, Cue, CueFinder, NearWords, WordIndex, any_in, joined, list_start, near_window, near_windows, paired, per_list, whole_words,
    word_end, word_start,
)
from rolefit.nlp._matcher import MATCHES_KEY
from rolefit.nlp._normalise import NORMALISED_KEY, Normalised
from rolefit.nlp._rules import ContextRules, CueRule, default_rules, lowered_is_exact, rules_from_data
from rolefit.nlp._sections import SectionFinder, name_line

__all__ = ["MENTIONS_KEY", "NOT_A_SKILL", "ContextComponent", "make_context_component"]

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
_FIRST = operator.itemgetter(0)
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


#: Pattern id under which the skill matcher adds the ``not_skills`` phrases of the rules:
#: they win the longest match over the skill names inside them and are then dropped.
NOT_A_SKILL = "rolefit.not_a_skill"
_WORD_RE = re.compile(r"\w+")
#: Characters per word of a near veto's window (``window_words``) on each side of a mention,
#: before the window is widened to whole words (:func:`~rolefit.nlp._context_cues.word_start`,
#: :func:`~rolefit.nlp._context_cues.word_end`).
NEAR_CHARS_PER_WORD = 12
# the first character after a mention where an "after" cue may start (besides a letter:
# "Project Management course"; a bar: "Agile Project Management | Beetroot Academy")
_AFTER_CUE_STARTS = frozenset(":-–—|")
# ... and where an "after" cue with ``max_gap_words`` may start, besides a letter
# ('"Web Design Basics" course', "Python (Coursera)")
_GAP_AFTER_STARTS = frozenset("(\"”»")
# a blank line: where a paragraph ends (a wish yields only to practice in its own paragraph)
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r]*\n")
_PREV_WORD_RE = re.compile(r"([^\W\d_][\w'’]*)[ \t]+$")
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_][\w'’]*)")
# a count right before a title: "mentored 3 project managers" (not a year: at most 3 digits)
# after a plain word ("mentored 3", "Hired 2"; "SAFe 5 Product Owner" names a version, not a count)
# ("Band 7 Project Manager" is a grade: a count after one of ``other_person.count_not_after``
# with a singular head is no count; a plural head always counts)
_PREV_COUNT_RE = re.compile(r"\b([A-Za-z][a-z]+)[ \t]+\d{1,3}\+?[ \t]+$")
# clause punctuation ends a near-veto's word window ("Sales manager, Kyiv: ... KPI"); not a
# comma by default: "from KPI, majoring in", "KPI, Faculty of Informatics" (Djinni CVs)
_NEAR_STOP_DEFAULT = ";:()[]"


def _offsets_of(lowered: str, tokens: Sequence[str]) -> list[int]:
    """The sorted offsets in ``lowered`` where one of ``tokens`` starts."""
    out: list[int] = []
    for t in tokens:
        i = lowered.find(t)
        while i >= 0:
            out.append(i)
            i = lowered.find(t, i + 1)
    out.sort()
    return out


def _never_a_letter(ch: str) -> bool:
    """Whether ``ch`` is no letter or digit and has no case: a case-insensitive regex matches
    it with itself only (for :attr:`ContextComponent._after_letters`)."""
    return not ch.isalnum() and ch.lower() == ch == ch.upper()


def _clause_has(memo: dict[tuple[re.Pattern[str], int], bool], pattern: re.Pattern[str], text: str, at: int) -> bool:
    """Whether a cue's clause veto or need ``pattern`` (:attr:`CueRule.clause_veto`,
    :attr:`CueRule.clause_need`) finds its phrase in the 200 characters of ``text`` before
    ``at``, kept in ``memo`` (one per text) by pattern and ``at``: the mentions of one list
    share ``at`` (the list's start, or the cue before them), and the first and second pass
    make the same test of a clause need. The same search on the same text and bounds."""
    key = (pattern, at)
    found = memo.get(key)
    if found is None:
        found = memo[key] = pattern.search(text, max(0, at - 200), at) is not None
    return found


_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


class _AfterByLetter(dict):
    """For :meth:`ContextComponent._after_cues`: a lower-case ASCII letter -> the word cues
    that may match when it follows a mention (those without an entry in ``letters``, the
    cue id -> its first letters, always), in the order of ``word``; made on first look-up.
    Any other key gives ``word`` itself (not stored)."""

    def __init__(self, word: list[CueRule], letters: Mapping[str, frozenset[str]]) -> None:
        super().__init__()
        self._word = word
        self._letters = letters

    def __missing__(self, c: str) -> list[CueRule]:
        if c not in _ASCII_LOWER:
            return self._word
        letters = self._letters
        found = self[c] = [r for r in self._word if r.id not in letters or c in letters[r.id]]
        return found


@Language.factory(
    "rolefit_context",
    default_config={"strict_ids": [], "generic_ids": [], "label_ids": [], "broader": {}, "rules": None},
)
def make_context_component(
    nlp: Language,
    name: str,
    strict_ids: list[str],
    generic_ids: list[str],
    label_ids: list[str],
    broader: dict[str, list[str]],
    rules: dict[str, Any] | None,
) -> ContextComponent:
    """Factory for :class:`ContextComponent` (registered with spaCy as ``rolefit_context``)."""
    return ContextComponent(
        nlp, name, strict_ids=strict_ids, generic_ids=generic_ids, label_ids=label_ids, broader=broader, rules=rules
    )


class ContextComponent(BatchedPipe):
    """Apply section, negation, sense and ambiguity rules to the skill matches of a doc.

    Reads ``doc.user_data["rolefit_matches"]`` and writes the mentions that count to
    ``doc.user_data["rolefit_mentions"]`` as ``(start_char, end_char, concept_id, section,
    negated, cue)`` tuples in offsets of the ORIGINAL text; ``cue`` is None or ``(rule id,
    cue text as written)``.

    Parameters
    ----------
    nlp : Language
    name : str, default "rolefit_context"
    strict_ids : iterable of str
        Ambiguous concepts whose single short word needs a skills context (keyword-only).
    generic_ids : iterable of str
        Concepts that are general skills or methods (not products): part of a longer
        Title-Case name ("Accreditation Team Building Co-Chairperson") is not a mention of
        them (keyword-only).
    label_ids : iterable of str
        Concepts that also serve as category labels: "MLOps: Kubeflow, MLflow" heading a
        list on its line is not a mention of MLOps (keyword-only).
    broader : mapping of str to iterable of str, optional
        Broader concept id -> the narrower concept ids whose evidence covers it (the taxonomy's
        ``broader.csv``): a wish cue with ``yields_to_practice`` on a broader concept yields to
        an unmarked narrower mention in its paragraph (keyword-only).
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
        generic_ids: Iterable[str] = (),
        label_ids: Iterable[str] = (),
        broader: Mapping[str, Iterable[str]] | None = None,
        rules: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.strict_ids = frozenset(strict_ids)
        self.generic_ids = frozenset(generic_ids)
        self.label_ids = frozenset(label_ids)
        self.broader = {b: frozenset(n) for b, n in (broader or {}).items()}
        self.set_rules(default_rules() if rules is None else rules_from_data(rules))

    def set_rules(self, rules: ContextRules) -> None:
        """Use ``rules`` from now on (compiles the derived regexes)."""
        self.rules = rules
        self._sections = SectionFinder(rules)
        self._cues = CueFinder(rules)
        self._separators = rules.item_separators
        # a word or phrase of ``other_person.own_before`` (spaces: any run of spaces or tabs)
        # ending right before the determiner of a title: "as the", "promoted to the"
        own = sorted(rules.other_person_own_before, key=len, reverse=True)
        self._own_before = re.compile(
            r"(?<![\w'’])(?:" + "|".join(r"[ \t]+".join(map(re.escape, p.split())) for p in own) + r")[ \t]+$"
            if own else r"(?!)",
            re.IGNORECASE,
        )
        self._list_separators = frozenset(",/()[]&+:" + rules.item_separators)
        # the first word of each lower_case_generic phrase (a cheap test before joining a mention's tokens)
        self._generic_firsts = frozenset(p.split(" ", 1)[0] for p in rules.lower_case_generic)
        self._vetoes = {v["concept"]: v for v in rules.doc_vetoes}
        # the doc vetoes whose words are all ASCII word characters (one \w+ run each): see _vetoed
        self._plain_vetoes = frozenset(
            v["concept"] for v in rules.doc_vetoes
            if all(w.isascii() and _WORD_RE.fullmatch(w) for w in (*v.get("if_doc_has", ()), *v.get("unless_doc_has", ())))
        )
        self._near_vetoes = {v["concept"]: v for v in rules.near_vetoes}
        # concept -> the words of its near veto as one regex of substrings, when all are ASCII (see _near_vetoed)
        self._near_veto_words = {}
        for v in rules.near_vetoes:
            words = {*v.get("if_near", ()), *v.get("if_before", ()), *v.get("if_after", ())}
            if all(w.isascii() for w in words):
                self._near_veto_words[v["concept"]] = re.compile("|".join(map(re.escape, sorted(words))) or "(?!)")
        self._yielding = frozenset(r.id for r in rules.cues if r.yields_to_practice)
        self._yielding_in_text = frozenset(r.id for r in rules.cues if r.yields_in_text)
        self._learning_cues = frozenset(r.id for r in rules.cues if r.kind == "learning")
        # the near cues that cover the list their mention opens (``covers_list``), by id
        self._list_cues = {r.id: r for r in rules.cues if r.covers_list}
        # the cues with a clause veto, by id (their veto regex compiles on first use)
        self._clause_vetoes = {r.id: r for r in rules.cues if r.clause_veto_regex is not None}
        # the cues that need a phrase before them in their clause (``only_after_in_clause``), by id
        self._clause_needs = {r.id: r for r in rules.cues if r.clause_need_regex is not None}
        # the cues whose mentions the second pass looks at again (it may unmark them)
        self._rechecked = (self._yielding | self._yielding_in_text | frozenset(self._clause_vetoes)
                           | frozenset(self._clause_needs))
        # the "after" cues that start with a word ("Project Management course"): tried when a
        # letter follows a mention; the others only after ":-–—"
        self._word_after = frozenset(
            c.get("id") for c in rules.raw.get("cues", ())
            if c.get("where") == "after" and isinstance(c["sequence"][0], list)
            and (any(a[:1].isalnum() for a in c["sequence"][0]) or c.get("max_gap_words") is not None)
        )
        # of those without a gap, whose alternatives all begin with an ASCII character: the
        # lower-cased letters they begin with. The cue's regex is ``[ \t]*`` and then its first
        # slot, so it matches after a mention only where one of them (in either case, as
        # ``re.IGNORECASE`` matches an ASCII letter) is the first non-blank character. An
        # alternative may also begin with a non-ASCII character that is neither a letter nor a
        # digit and has no case ("–", "—" of course_platform_after): it matches only itself, never
        # a letter, so it adds no letter (that cue was tried after every letter; now after "b",
        # "f", "o", "v", "i", "a": 4,899 -> ~500 tries on the Djinni CVs)
        self._after_letters = {
            c.get("id"): frozenset(a[0].lower() for a in c["sequence"][0] if a[:1].isalpha())
            for c in rules.raw.get("cues", ())
            if c.get("id") in self._word_after and c.get("max_gap_words") is None
            and all(a[:1] and (a[:1].isascii() or _never_a_letter(a[0])) for a in c["sequence"][0])
        }
        # the "after" cues with max_gap_words whose first slot's words can be read off their
        # data: id -> the first whitespace-separated token of each alternative, lower-cased.
        # Such a cue's regex is ``(?:[ \t]++<gap word>){0,n}?[ \t]*(?P<cue>...)`` (rolefit.nlp._rules):
        # neither the gap words nor the blanks cross a line break, and the cue opens with one of
        # its alternatives, words joined by ``\s+``. So it matches after a mention only if the
        # first token of an alternative stands on the rest of the mention's line, as a substring
        # of the lower-cased text there when that lines up with the text and has no letter that
        # case-insensitive matching folds to ASCII (lowered_is_exact; a token is ASCII or
        # caseless). Tried only there (see __call__): most of these cues' tries were after
        # every letter ("others_team_with" 5,101 tries for 132 matches, the bracket cues 5,300
        # for 8)
        self._gap_tokens: dict[str, tuple[str, ...]] = {}
        for c in rules.raw.get("cues", ()):
            if c.get("where") == "after" and c.get("max_gap_words") is not None and isinstance(c["sequence"][0], list):
                tokens = tuple(sorted({a.split()[0].lower() for a in c["sequence"][0]}))
                if all(ch.isascii() or ch.lower() == ch == ch.upper() for t in tokens for ch in t):
                    self._gap_tokens[c["id"]] = tokens
        # id of a list of after cues -> (the list, (its word cues, its gap cues, its word cues by
        # the ASCII letter that follows a mention)); see _after_cues
        self._after_lists: dict[int, tuple[list[CueRule], Any]] = {}

    # ------------------------------------------------------------------ negation
    def cue_spans(self, text: str) -> list[Cue]:
        """``(end, start, rule id, kind, where)`` of every ``before`` cue in ``text``, sorted by end."""
        return self._cues.cue_spans(text)

    def _after_cues(
        self, after_rules: list[CueRule]
    ) -> tuple[list[CueRule], list[CueRule], dict[str, list[CueRule]]]:
        """The word and gap cues among ``after_rules`` and, for each lower-case ASCII letter,
        the word cues that may match when it follows a mention (in order; a cue without
        :attr:`_after_letters` always), kept per list (:func:`~rolefit.nlp._context_cues.per_list`).

        The letters' lists are made on first look-up (:class:`_AfterByLetter`): the list of
        ``after_rules`` is nearly always new (the Djinni CVs have almost one cue selection
        each), and a text has mentions followed by a few letters, not 26 (making all 26 lists
        for every text was about a fifth of the stage). Any other key (a non-ASCII letter,
        "i̇" of "İ".lower()) gives the word cues, as ``.get(key, word)`` did."""
        if not after_rules:
            return after_rules, after_rules, {}

        def derive() -> tuple[list[CueRule], list[CueRule], dict[str, list[CueRule]]]:
            word = [r for r in after_rules if r.id in self._word_after]
            return word, [r for r in word if r.max_gap_words is not None], _AfterByLetter(word, self._after_letters)

        return per_list(self._after_lists, after_rules, derive)

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

    # ------------------------------------------------------------------ wrong sense
    def _other_persons_title(self, original: str, start: int, head: str = "") -> bool:
        """Someone else's title: "coordinate with the Project Manager", "mentored 3 project
        managers" (the mention ends in a title head ``head``); "Band 7 Project Manager" is a grade."""
        prev = _PREV_WORD_RE.search(original, max(0, start - 30), start)
        if prev is not None:
            if prev.group(1).lower() not in self.rules.other_person_before:
                return False
            # "as the Product Owner", "was the QA Manager", "promoted to the Project Manager
            # role": one's own title after all (a word or phrase of ``own_before`` right before)
            return self._own_before.search(original, max(0, prev.start() - 40), prev.start()) is None
        if not self.rules.other_person_counts:
            return False
        m = _PREV_COUNT_RE.search(original, max(0, start - 30), start)
        if m is None:
            return False
        plural = head.endswith("s") and head[:-1] in self.rules.title_heads
        return plural or m.group(1).lower() not in self.rules.other_person_count_not_after

    def _near_vetoed(self, original: str, start: int, end: int, surface: str, veto: dict[str, Any]) -> bool:
        """An acronym read from the words around it: "NTUU KPI", "graduated from KPI" (a
        university) is no mention of key performance indicators."""
        if surface.lower() != veto.get("surface", surface.lower()):
            return False
        n = int(veto.get("window_words", 3))
        # NEAR_CHARS_PER_WORD characters per word on each side, widened to whole words: a veto
        # word at the window's edge is read whole ("verification" 12 characters after "UI")
        lo = word_start(original, max(0, start - NEAR_CHARS_PER_WORD * n))
        hi = word_end(original, end + NEAR_CHARS_PER_WORD * n)
        # the words looked at are words of the lower-cased text around the mention, so an ASCII
        # one is a substring of that text lower-cased as a whole (lower-casing is per character
        # but for the final sigma, which gives no ASCII): without one of the veto's words, no veto
        words = self._near_veto_words.get(veto.get("concept"))
        if words is not None and words.search(original[lo:hi].lower()) is None:
            return False
        stops = veto.get("stop_at", _NEAR_STOP_DEFAULT)
        before = original[lo:start]
        after = original[end:hi]
        if before.rstrip()[-1:] == "(" and after.lstrip()[:1] == ")":  # "Institute (KPI)": the brackets of the mention
            before, after = before.rstrip()[:-1], after.lstrip()[1:]
        cut = max((before.rfind(c) for c in stops), default=-1)
        before = before[cut + 1:]
        cuts = [i for i in (after.find(c) for c in stops) if i >= 0]
        after = after[:min(cuts)] if cuts else after
        words_before = _WORD_RE.findall(before.lower())[-n:]
        words_after = _WORD_RE.findall(after.lower())[:n]
        near = veto.get("if_near", ())
        return (
            not set(words_before + words_after).isdisjoint(near)
            or not set(words_before).isdisjoint(veto.get("if_before", ()))
            or not set(words_after).isdisjoint(veto.get("if_after", ()))
        )

    def _inside_name(self, original: str, start: int, end: int, ends: set[int], starts: set[int]) -> bool:
        """Part of a longer Title-Case name: "Accreditation Team Building Co-Chairperson"."""
        prev = _PREV_WORD_RE.search(original, max(0, start - 30), start)
        nxt = _NEXT_WORD_RE.match(original, end)
        return (
            prev is not None and nxt is not None
            and prev.group(1)[:1].isupper() and nxt.group(1)[:1].isupper()
            and prev.end(1) not in ends and nxt.start(1) not in starts
            and prev.group(1).lower() not in self.rules.name_modifiers
        )

    def _vetoed(
        self, original: str, matches: list[tuple[str, int, int]], doc: Doc,
        lowered: str | None = None, flat: tuple[bytes, frozenset[bytes], bool] | None = None,
    ) -> set[str]:
        """The concepts whose doc veto holds (``lowered``, ``flat``: from ``CueFinder.scan_words``).

        A veto word is one of the text's words (``\\w+`` runs, lower-cased) if it is a whole
        run of the lower-cased text: with ``flat``, each ASCII one-run word is looked for as
        such (:func:`~rolefit.nlp._context_cues.whole_words`: a few ``bytes.find``) instead of
        collecting all the text's words.
        """
        out: set[str] = set()
        checked: set[str] = set()  # each concept's veto is decided once per document
        words: set[str] | None = None
        for cid, s, e in matches:
            veto = self._vetoes.get(cid)
            if veto is None or cid in checked or doc[s:e].text.lower() != veto.get("surface", doc[s:e].text.lower()):
                continue
            checked.add(cid)
            if flat is not None and lowered is not None and cid in self._plain_vetoes:
                padded, _pieces, mixed = flat
                if any(whole_words(lowered, padded, w.encode("ascii"), mixed, first=True) for w in veto.get("if_doc_has", ())) and not any(
                    whole_words(lowered, padded, w.encode("ascii"), mixed, first=True) for w in veto.get("unless_doc_has", ())
                ):
                    out.add(cid)
                continue
            if words is None:
                words = set(_WORD_RE.findall(original.lower() if lowered is None else lowered))
            if words.intersection(veto.get("if_doc_has", ())) and not words.intersection(veto.get("unless_doc_has", ())):
                out.add(cid)
        return out

    def _category_label(self, original: str, end: int, line_start: bool, next_start: int | None) -> bool:
        """"MLOps: Kubeflow, MLflow": a label heading a list on its line, not a skill."""
        rest = original[end:end + 3].lstrip(" \t")
        if not line_start or rest[:1] not in (":", "："):
            return False
        nl = original.find("\n", end)
        return next_start is not None and (nl < 0 or next_start < nl)

    def _special_ids(self) -> frozenset[str]:
        """The concepts with a veto or in ``strict_ids`` or ``label_ids`` (cached while those
        stay the same objects): a one-token mention of another concept needs no check of them."""
        key = (id(self.strict_ids), id(self.label_ids), id(self._vetoes), id(self._near_vetoes))
        if getattr(self, "_special_key", None) != key:
            self._special = frozenset(self._vetoes) | frozenset(self._near_vetoes) | self.strict_ids | self.label_ids
            self._special_key = key
        return self._special

    def _kept_by_context(
        self, doc: Doc, original: str, matches: list[tuple[str, int, int]], positions: list[tuple[int, int]],
        k: int, section: str, after: str, strict: bool, label: bool,
    ) -> bool:
        """False for match ``k`` when it is a category label heading a list ("MLOps: Kubeflow")
        or an ambiguous short name ("Go", "R") without a skills context."""
        cid, s, e = matches[k]
        start, end = positions[k]
        line_start = original.rfind("\n", 0, start) + 1
        line_start = original[line_start:start].strip(" \t" + self._separators + "-*#") == ""
        if label and self._category_label(
            original, end, line_start, positions[k + 1][0] if k + 1 < len(positions) else None
        ):
            return False
        if strict:
            near = range(max(0, k - 3), min(len(matches), k + 4))
            other_near = any(abs(positions[j][0] - start) < 60 and matches[j][0] != cid for j in near)
            coordinated = any(
                matches[j][0] != cid
                and (0 <= matches[j][1] - e <= 1 or 0 <= s - matches[j][2] <= 1)
                and all(t.lower_ in _COORDINATORS for t in doc[min(e, matches[j][2]):max(s, matches[j][1])])
                for j in near if j != k
            )
            if not self._ambiguous_ok(doc, s, e, section, other_near, line_start, coordinated):
                return False
        return True

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        matches = doc.user_data.get(MATCHES_KEY, [])
        if matches and NOT_A_SKILL in map(_FIRST, matches):
            matches = [m for m in matches if m[0] != NOT_A_SKILL]
        if not matches:
            doc.user_data[MENTIONS_KEY] = []
            return doc
        norm: Normalised = doc.user_data.get(NORMALISED_KEY) or Normalised(doc.text, doc.text, None)
        original = norm.original
        name_start, name_end = name_line(original)
        positions: list[tuple[int, int]] = []
        to_original = norm.to_original
        same_offsets = norm.offsets is None  # to_original is the identity
        lasts = []  # the last token of each match
        # the text of the tokens (the tokenizer makes the doc of norm.text; without the record,
        # doc.text itself) and each match's offsets in it: ``text[ts:te]`` is ``doc[s:e].text``
        # and ``text[ts:ts + 1]`` is ``doc[s].text[:1]``, without a Span or Token
        text = norm.text
        in_text: list[tuple[int, int]] = []
        for _cid, s, e in matches:
            first = doc[s]
            last = first if e - s == 1 else doc[e - 1]
            lasts.append(last)
            ts, te = first.idx, last.idx + len(last)
            in_text.append((ts, te))
            positions.append((ts, te) if same_offsets else to_original(ts, te))
        if name_end:
            # a name has at least one word that is no skill: "Mary Jenkins" yes, "Jira Scrum" no
            covered = sum(min(e, name_end) - max(b, name_start) for b, e in positions if b < name_end and e > name_start)
            if covered >= len(original[name_start:name_end].replace(" ", "")):
                name_start = name_end = 0
        sections = self._sections(original)
        sec_starts = [s for s, _ in sections]
        sec_names = [n for _, n in sections]
        lowered, words, flat = self._cues.scan_words(original, decode=False)
        before_rules, after_rules, near_rules, near_only = self._cues.selection(words)
        # a cue covers only mentions that start after it ends: none starting at or after the last mention's start
        last_start = max(b for b, _ in positions)
        # the whole-word offsets both searches need, found once (windows end at most at last_start too)
        index: WordIndex = self._cues.word_index(original, lowered, flat, before_rules, near_rules, stop=last_start)
        cues = self._cues.spans(original, lowered, words, flat, before_rules, stop=last_start, index=index) if before_rules else []
        near_at, near_every = self._cues.near_words(
            original, lowered, near_rules, flat=flat, stop=last_start, index=index
        ) if near_rules else (None, None)
        # near_only: the concepts a near cue with ``only_concepts`` applies to (their window is
        # searched where a key word of any near cue stands: near_all; True when that cannot rule it out)
        near_all: NearWords | bool = True if near_every is None else near_every
        # near cues: None (none in the text), True (every window is searched) or the offsets of
        # their key words (a window is searched when one stands in it: near_window)
        near_check: list[bool] | bool | None = None  # list: whether the window of match k is searched
        if near_rules:
            near_check = True if near_at is None else near_windows(near_at, lowered, [b for b, _ in positions], NEAR_WINDOW)
        first_cue_end = cues[0][0] if cues else len(original) + 1
        paragraph_cues = self._cues.has_paragraph_cues
        paragraph_memo: dict[Any, Any] = {}  # for paragraph_cue: its searches for this text
        clause_memo: dict[tuple[re.Pattern[str], int], bool] = {}  # for _clause_has (this text)
        # the gap cues' first tokens (set_rules): where they stand in this text, by cue id (found
        # when first needed), when ``lowered`` lines up with the text
        gap_tokens = self._gap_tokens
        gap_offsets: dict[str, list[int]] = {}
        exact = lowered_is_exact(original, lowered)
        match_starts: set[int] | None = None  # computed when first needed (few mentions need them)
        match_ends: set[int] = set()
        vetoes = self._vetoes
        near_vetoes = self._near_vetoes
        vetoed: set[str] | None = None  # computed when a mention of a vetoed concept comes
        post_cue = self.rules.post_cue
        # the "after" cues tried when a letter follows a mention (the others only after ":-–—"),
        # those with max_gap_words (also tried when a bracket or quote follows a mention), and
        # the former by the ASCII letter that follows
        after_word_rules, after_gap_rules, after_by_letter = self._after_cues(after_rules)
        title_heads = self.rules.title_heads
        lower_generic = self.rules.lower_case_generic
        lower_words = self.rules.lower_case_words
        generic_firsts = self._generic_firsts
        heads_after = self.rules.other_person_heads_after
        generic_ids, strict_ids, label_ids = self.generic_ids, self.strict_ids, self.label_ids
        list_cues = self._list_cues
        special = self._special_ids()  # a one-token mention of another concept needs none of the checks below
        near_any = near_check is not None or bool(near_only)  # a window may be searched
        results: list[tuple[int, int, str, str, bool, tuple[str, str] | None]] = []
        learning: list[int] = []  # indices in results of mentions negated by a "learning" cue
        for k, ((cid, s, e), (start, end), (ts, te)) in enumerate(zip(matches, positions, in_text)):
            if name_start <= start < name_end:
                continue  # "Mary Jenkins", "Julia Kafka": a person's name, not tools
            i = bisect_right(sec_starts, start) - 1  # the section (rolefit.nlp._sections.section_at)
            section = sec_names[i] if i >= 0 else "other"
            after = original[end:end + 1]  # the first non-blank character after it (within 3)
            blank_after = after == " " or after == "\t"
            if blank_after:
                after = original[end:end + 3].lstrip(" \t")[:1]
            if e - s >= 2 or cid in special:
                if cid in vetoes:
                    if vetoed is None:
                        vetoed = self._vetoed(original, matches, doc, lowered, flat)
                    if cid in vetoed and text[ts:te].lower() == self._vetoes[cid].get("surface", text[ts:te].lower()):
                        continue  # only the veto's own wording: "user interface design" stays
                if cid in near_vetoes and self._near_vetoed(original, start, end, text[ts:te], near_vetoes[cid]):
                    continue
                if e - s >= 2:  # wrong sense: someone else's title, part of a longer name
                    last = lasts[k]
                    if last.lower_ in title_heads and self._other_persons_title(original, start, last.lower_):
                        continue
                    if heads_after and blank_after:  # a skill name heading someone's title: "the Business Development Manager"
                        nxt = _NEXT_WORD_RE.match(original, end)  # (it begins with a space or tab)
                        if nxt is not None and nxt.group(1).lower() in heads_after and self._other_persons_title(
                            original, start, nxt.group(1).lower()
                        ):
                            continue
                    if cid in generic_ids and text[ts:ts + 1].isupper() and last.text[:1].isupper():
                        if match_starts is None:
                            match_starts = {b for b, _ in positions}
                            match_ends = {e for _, e in positions}
                        if self._inside_name(original, start, end, match_ends, match_starts):
                            continue
                strict = cid in strict_ids and e - s == 1 and _is_strict(text[ts:te])
                if not strict and e - s >= 2 and lower_generic and not text[ts:ts + 1].isupper() and (
                    # a phrase of lower_case_generic begins with the first word of the joined
                    # tokens: that of the first token unless it is a space
                    doc[s].is_space or doc[s].lower_.split(" ", 1)[0] in generic_firsts
                ):
                    # "cloud SQL and NoSQL databases": a product's name in lower case is the
                    # generic phrase, except in a skills context ("gcp, cloud sql, bigquery")
                    strict = " ".join(t.lower_ for t in doc[s:e] if not t.is_space) in lower_generic
                if section != "skills" and lower_words and text[ts:te] in lower_words:
                    continue  # "makes AI programmes safe, compliant": the word, not SAFe
                label = cid in label_ids and (after == ":" or after == "：")
                if (strict or label) and not self._kept_by_context(
                    doc, original, matches, positions, k, section, after, strict, label
                ):
                    continue
            cue: tuple[str, str] | None = None
            kind = ""
            if near_any and (
                near_check is True or (near_check and near_check[k])
                or (cid in near_only and (
                    near_all is True or near_window(near_all, lowered, max(0, start - NEAR_WINDOW), start)
                ))
            ):
                lo = max(0, start - NEAR_WINDOW)
                window = original[lo:start]
                window_words = set(_WORD_RE.findall(window.lower()))
                for rule in near_rules:
                    if not rule.may_match(window_words) or (rule.only_concepts and cid not in rule.only_concepts):
                        continue
                    # searched in the whole text: the cue must end the window (``$`` at
                    # ``start``) but a ``not_preceded_by`` look-behind sees before ``lo``
                    m = rule.pattern.search(original, lo, start)
                    if m is not None and rule.unless_paired and paired(
                        original, cid, end, m.start("cue"),
                        results, positions, matches, k,
                    ):
                        continue
                    if m is not None and rule.sentence_veto is not None and rule.sentence_veto.match(original, start):
                        continue  # "courses in UI/UX design and practical experience in it"
                    if m is not None:
                        cue, kind = (rule.id, m.group("cue")), rule.kind
                        break
            if cue is None and results and results[-1][5] is not None and results[-1][5][0] in list_cues:
                # a near cue covers the rest of the list its mention opens: "online courses on
                # Docker, Kubernetes and Terraform", "never used Docker, Kubernetes or Helm"
                prev_end, prev_cue = results[-1][1], results[-1][5]
                rule = list_cues[prev_cue[0]]
                if (
                    not rule.unless_paired and prev_end <= start and joined(original, prev_end, start)
                    and (not rule.only_concepts or cid in rule.only_concepts)
                    and (rule.sentence_veto is None or not rule.sentence_veto.match(original, start))
                ):
                    cue, kind = prev_cue, rule.kind
            if cue is None and first_cue_end <= start:
                hit = self._cues.negating_cue(original, cues, start, cid, positions)
                if hit is None and paragraph_cues:  # "During my studies I built ... Redux"
                    hit = self._cues.paragraph_cue(original, cues, start, cid, sec_starts[i] if i >= 0 else 0, paragraph_memo)
                if hit is not None:
                    cue, kind = (hit[2], original[hit[1]:hit[0]]), hit[3]
            if cue is None and after_rules and (
                after in _AFTER_CUE_STARTS or (after.isalpha() and after_word_rules)
                or (after in _GAP_AFTER_STARTS and after_gap_rules)
            ):
                line_end = -1  # where the mention's line ends (found when a gap cue needs it)
                for rule in (
                    after_rules if after in _AFTER_CUE_STARTS
                    else after_by_letter[after.lower()] if after.isalpha()
                    else after_gap_rules
                ):
                    if rule.only_concepts and cid not in rule.only_concepts:
                        continue  # "Android app design" marks the platform, "CSS Design Awards" nothing
                    tokens = gap_tokens.get(rule.id)
                    if tokens is not None and exact:
                        # a gap cue: one of its first tokens must stand on the rest of the line (set_rules)
                        offsets = gap_offsets.get(rule.id)
                        if offsets is None:
                            offsets = gap_offsets[rule.id] = _offsets_of(lowered, tokens)
                        if line_end < 0:
                            line_end = original.find("\n", end)
                            if line_end < 0:
                                line_end = len(original)
                        if not any_in(offsets, end, line_end):
                            continue
                    m = rule.pattern.match(original, end)
                    if m is not None and rule.clause_need is not None and not _clause_has(
                        clause_memo, rule.clause_need, original, list_start(original, [*results, (start, end)], len(results))
                    ):
                        # its phrase is missing ("Worked with QA engineers" needs "with"): the
                        # cues after it may still apply ("the QA Engineer course"); the second
                        # pass below makes the same test
                        continue
                    if m is not None:
                        cue, kind = (rule.id, (m.group("cue") if rule.max_gap_words is not None else m.group()).strip()), rule.kind
                        break
            if cue is None and after in ("(", "["):
                m = post_cue.match(original[end:end + 60])
                if m is not None:
                    cue, kind = ("bracket_level", m.group().strip()), "not_practised"
            if kind == "learning" or (cue is not None and cue[0] in self._rechecked):
                learning.append(len(results))
            results.append((start, end, cid, section, cue is not None, cue))
        if learning:
            # a skill being learnt that the CV also shows in practice is practised; a wish
            # (a cue that yields to practice) yields to a practised mention in its paragraph
            practised = {r[2] for r in results if not r[4] and r[3] in ("experience", "projects")}
            shown: set[tuple[int, str]] | None = None  # (paragraph, concept) of the unmarked mentions
            unmarked: set[str] | None = None  # the concepts of the unmarked mentions
            breaks: list[int] = []
            through = self.broader
            for j in learning:
                st, en, cid, sec, _neg, cue = results[j]
                vetoed = self._clause_vetoes.get(cue[0]) if cue is not None else None
                if vetoed is not None:
                    # the phrase must stand right before the cue ("Created a Udemy course on
                    # Terraform") or, for a cue after the mention, before the mention or the list
                    # it closes ("Taught a Kubernetes course", "Taught MLOps, Kubernetes and
                    # Terraform courses")
                    at = list_start(original, results, j) if vetoed.where == "after" else original.rfind(
                        cue[1], max(0, st - 200), st)
                    if at >= 0 and _clause_has(clause_memo, vetoed.clause_veto, original, at):
                        results[j] = (st, en, cid, sec, False, None)
                        continue
                needed = self._clause_needs.get(cue[0]) if cue is not None else None
                if needed is not None:
                    # the converse: the cue applies only after one of its phrases, found as the
                    # veto's phrases are ("looking for a Project Manager position"; "worked in a
                    # Project Manager position" is a job held)
                    at = list_start(original, results, j)  # an after cue: rules checks the option's place
                    if not _clause_has(clause_memo, needed.clause_need, original, at):
                        results[j] = (st, en, cid, sec, False, None)
                        continue
                if cue is not None and cue[0] in self._yielding_in_text:
                    # "expand my knowledge in UI/UX" presupposes some: UI/UX shown anywhere unmarked
                    if unmarked is None:
                        unmarked = {r[2] for r in results if not r[4]}
                    if cid in unmarked or not unmarked.isdisjoint(through.get(cid, ())):
                        results[j] = (st, en, cid, sec, False, None)
                        continue
                if cue is not None and cue[0] in self._yielding:
                    if shown is None:
                        breaks = [m.start() for m in _PARAGRAPH_BREAK_RE.finditer(original)]
                        shown = {(bisect_right(breaks, r[0]), r[2]) for r in results if not r[4]}
                    para = bisect_right(breaks, st)
                    if (para, cid) in shown or any((para, c) in shown for c in through.get(cid, ())):
                        results[j] = (st, en, cid, sec, False, None)
                        continue
                # a learning cue (yielding or not) also yields to practice in experience/projects
                if cid in practised and cue is not None and cue[0] in self._learning_cues:
                    results[j] = (st, en, cid, sec, False, None)
        doc.user_data[MENTIONS_KEY] = results
        return doc

    # ------------------------------------------------------------------ serialisation
    def _broader_lists(self) -> dict[str, list[str]]:
        return {b: sorted(n) for b, n in sorted(self.broader.items())}

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """Settings and rules data as UTF-8 JSON."""
        payload = {"strict_ids": sorted(self.strict_ids), "generic_ids": sorted(self.generic_ids), "label_ids": sorted(self.label_ids),
                   "broader": self._broader_lists(), "rules": self.rules.raw}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> ContextComponent:
        """Load what :meth:`to_bytes` wrote."""
        payload = json.loads(data.decode("utf-8"))
        self.strict_ids = frozenset(payload["strict_ids"])
        self.generic_ids = frozenset(payload.get("generic_ids", ()))
        self.label_ids = frozenset(payload.get("label_ids", ()))
        self.broader = {b: frozenset(n) for b, n in payload.get("broader", {}).items()}
        self.set_rules(rules_from_data(payload["rules"], "<bytes>"))
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write ``cfg`` (strict ids) and ``context_rules.json`` into the directory ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        cfg = {"strict_ids": sorted(self.strict_ids), "generic_ids": sorted(self.generic_ids),
               "label_ids": sorted(self.label_ids), "broader": self._broader_lists()}
        (path / "cfg").write_text(json.dumps(cfg), encoding="utf-8")
        (path / "context_rules.json").write_text(self.rules.to_json(), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> ContextComponent:
        """Load what :meth:`to_disk` wrote."""
        path = ensure_path(path)
        cfg = json.loads((path / "cfg").read_text(encoding="utf-8"))
        self.strict_ids = frozenset(cfg["strict_ids"])
        self.generic_ids = frozenset(cfg.get("generic_ids", ()))
        self.label_ids = frozenset(cfg.get("label_ids", ()))
        self.broader = {b: frozenset(n) for b, n in cfg.get("broader", {}).items()}
        rules_path = path / "context_rules.json"
        self.set_rules(rules_from_data(json.loads(rules_path.read_text(encoding="utf-8")), str(rules_path)))
        return self
