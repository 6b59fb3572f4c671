"""Context rules as data: load ``context_rules.json`` and compile it once.

Everything the context component and the posting cues need -- bullet glyphs, list
separators, sentence ends, contrast words, section headings with weights, negation and
non-practice cues -- comes from one file (bundled: ``rolefit/data/context_rules.json``).
Each fact lives there once; the regular expressions and the cheap pre-filters are DERIVED
from it here, never written by hand:

- a cue is a sequence of slots (alternatives, optional alternatives, a run of any words);
  its regex joins the slots with ``\\s+`` (any whitespace, so "no\\texperience" matches) and
  its pre-filter is, for every required slot, the set of the longest literal word of each
  alternative -- every text the regex matches contains one of them, by construction;
- the normaliser's separator set, the heading-line prefix, the negation scope ends and the
  posting clause boundaries are unions of the same glyph sets.

(Over 400 lines: the cue compiler and the compiled rule set are one unit, the only place
the data file's formats are interpreted.)

The raw data is read by :func:`rolefit.taxonomy.load_context_data` (which the features use\nfor the section weights without importing spaCy); this module compiles it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from rolefit.errors import Errors, TaxonomyError
from rolefit.taxonomy import load_context_data, section_weights

__all__ = [
    "CUE_KINDS", "ContextRules", "CueRule", "default_rules", "load_rules", "lowered_is_exact", "prefilter_words", "rules_from_data",
    "start_heads", "start_words_regex", "trie_regex",
]

_SLOT_KEYS = ("optional", "any_words")


def _alternative_regex(alt: str) -> str:
    return r"\s+".join(re.escape(w) for w in alt.split())


def _group(alts: Sequence[str]) -> str:
    """A non-capturing group of alternatives; a shared leading ``\\b`` is hoisted out so that
    the regex engine can scan for the first letters.

    When every alternative starts with a word character, the group opens with
    :data:`_WORD_START_TEST`: ``\\b`` and a look-ahead for the alternatives' first characters.
    The look-ahead changes no match (every match of an alternative starts with its first
    character, and a class and a literal of that character agree with and without
    ``re.IGNORECASE``), but a search that tries the group at every position (a near cue in its
    window) rejects a word's end, or a word no alternative starts like, in one test instead of
    one per alternative.
    """
    if all(re.match(r"\w", a) for a in alts):
        ends = "|".join(_alternative_regex(a) + (r"\b" if re.search(r"\w$", a) else "") for a in alts)
        firsts = "".join(sorted({a[0] for a in alts}))  # word characters: literal in a class
        return rf"\b(?=[{firsts}])(?:{ends})"
    return f"(?:{'|'.join(_bounded(a) for a in alts)})"


#: How :func:`_group` opens a group of word alternatives (``\\b(?=[...])``; the class holds
#: word characters only, so no "]").
_WORD_START_TEST = re.compile(r"\\b\(\?=\[[^\]]*\]\)")


def _at_cue_start(body: str, assertions: str) -> str:
    """The cue regex ``body`` with the zero-width ``assertions`` at its start.

    They go after the word-start test a first slot of word alternatives opens with
    (:data:`_WORD_START_TEST`), else in front: zero-width tests at one position hold in any
    order, so the matches are the same, but a search then tries them (a long row of
    ``not_preceded_by`` look-behinds) only where an alternative may start.
    """
    m = _WORD_START_TEST.match(body)
    return assertions + body if m is None else body[: m.end()] + assertions + body[m.end():]


def _phrases(phrases: Sequence[str]) -> str:
    """One group of phrases, each with word boundaries on its word-character ends only: a
    phrase that ends with a colon ("skills:") or opens with a bracket ("(author") matches
    where it stands (``\\b`` after a colon would need a letter right after it)."""
    return f"(?:{'|'.join(_bounded(w) for w in phrases)})"


def _bounded(alt: str) -> str:
    """An alternative's regex, with word boundaries on its word-character ends."""
    body = _alternative_regex(alt)
    return (r"\b" if re.match(r"\w", alt) else "") + body + (r"\b" if re.search(r"\w$", alt) else "")


#: Cue kinds: ``negation`` (not known), ``not_practised`` (known of, not done), ``learning``
#: (being learnt: yields to a practised mention of the same concept in experience/projects).
CUE_KINDS = ("negation", "not_practised", "learning")
_PLACES = ("before", "after")


@dataclass(frozen=True)
class CueRule:
    """One negation or non-practice cue compiled from its data.

    Attributes
    ----------
    id : str
        Rule id from the data file (carried by the mentions it negates).
    kind : str
        One of :data:`CUE_KINDS`.
    where : str
        ``"before"`` the mention (covering the rest of its list item, or its clause after a
        colon) or ``"after"`` it (right after the mention).
    max_gap_words : int or None
        For a ``before`` cue: most words allowed between cue and mention (None: the scope).
    regex : str
        The cue's regular expression (source), matched case-insensitively.
    item_initial : bool
        The cue counts only at the start of a list item or clause ("..., learning Docker").
    only_concepts : frozenset of str or None
        The concepts the cue applies to (None: all).
    unless_paired : bool
        The cue does not apply to the second of a pair of mentions of the same concept
        ("Agile and non-Agile methods": the first is practised, the pair names both kinds).
    veto_regex : str or None
        For a ``before`` cue with ``max_gap_words`` and ``not_in_sentence_with``: the source of
        :attr:`sentence_veto`; None otherwise.
    clause_veto_regex : str or None
        From ``not_after_in_clause``: the source of :attr:`clause_veto`; None otherwise.
    clause_need_regex : str or None
        From ``only_after_in_clause``: the source of :attr:`clause_need`; None otherwise.
    scope_words : int or None
        For a ``before`` cue without ``max_gap_words``: the most words, other than skill
        mentions, its scope spans (the cue's ``max_scope_words``; None: the rules' own). A
        recruiter's "closing positions in the following areas: Frontend Developers (Vue,
        React), Backend Developers (Go, PHP)" names roles, not skills, up to its clause's end.
    yields_to_practice : bool
        The cue does not apply when its paragraph (text between blank lines) also has a
        mention of the same concept (or of a narrower one, ``broader.csv``: UI design work for a
        UI/UX design wish) that no cue marks: "Aspiring DevOps engineer
        ... set up DevOps pipelines" and "no commercial experience with PHP ... improving my
        PHP skills" claim practice.
    paragraph : bool
        A ``before`` cue with ``"scope": "paragraph"``: it counts only where it opens its
        sentence, line or list item, and covers the rest of its paragraph (the text up to a
        blank line, a section heading or a line that opens with a date), at most
        :attr:`scope_words` words, up to the sentence that holds one of its
        ``scope_ends_with`` phrases (:attr:`scope_end`): "During the course I built three
        apps. ... I used Redux" is coursework; "... Then I worked as a developer with Redux"
        is not. The ordinary scope (list item, clause) does not apply to it.
    scope_end_regex : str or None
        From ``scope_ends_with``: the source of :attr:`scope_end`; None otherwise.
    yields_in_text : bool
        Like :attr:`yields_to_practice`, but over the whole text (the cue's
        ``yields_to_practice_in_text``): "expand my knowledge in UI/UX" presupposes some UI/UX,
        so a CV that shows UI/UX work anywhere practises it, while a subject it shows nowhere
        else is still being learnt.
    covers_list : bool
        A ``before`` cue with ``max_gap_words`` (the cue's ``covers_list``): the skill mentions
        that follow the one it marks as the rest of one list (joined by ",", "/", "&", "+",
        "and", "or" alone) are marked too, unless ``only_concepts`` leaves them out or the
        sentence veto applies: "online courses on Docker, Kubernetes and Terraform". Only for
        cues whose list names what the cue is about (courses, a company's services, apps
        designed): after a negation or a wish a comma often starts the candidate's own list
        ("No Java, Python and Go are my languages", "Kafka, not RabbitMQ, Redis for caching").
    ends_line : bool
        A paragraph cue (the cue's ``ends_line``) that counts where it ENDS its line, wherever
        it starts (nothing but spaces and at most one of ``.:;`` after it up to the line break;
        not at the end of the text, not where it only opens its line): a line that ends with a course or school names what the list items under
        it were learnt in ("Graduated from the QA Manual course.\n- Test design; Jira",
        "Project Management | Beetroot Academy\n- Agile principles"). Its scope is that of any
        paragraph cue (the list-item lines that follow, up to its ``scope_ends_with``).
    starts : frozenset of str or None
        Derived: the lower-cased ASCII words a match can begin with (the first words of the
        first slot's alternatives), used by :meth:`finditer`; None when not derivable.
    anchors : tuple of frozenset of str
        The derived pre-filter: the pattern can only match a text whose
        :func:`prefilter_words` contain, for every group, at least one of its words (a group
        with an alternative that has no word characters, such as ":", is left out).

    The regexes are compiled on first use (:attr:`pattern`, :attr:`sentence_veto`,
    :attr:`clause_veto`), not when the
    rules are loaded: the context component tries a cue only on texts that pass its pre-filter,
    so a process that scores a few CVs compiles the few cues they can hold (compiling all 34
    bundled cues was about 20 ms of a cold start, ``benchmarks/cold_start.py``). Same
    patterns, same flags, so the same matches. The one part of a cue's data that could make
    its regex invalid, the ``any_words`` bounds, is checked when the rules are loaded (RF008).
    """

    id: str
    kind: str
    where: str
    max_gap_words: int | None
    regex: str
    anchors: tuple[frozenset[str], ...]
    item_initial: bool = False
    only_concepts: frozenset[str] | None = None
    starts: frozenset[str] | None = None
    unless_paired: bool = False
    yields_to_practice: bool = False
    veto_regex: str | None = None
    clause_veto_regex: str | None = None
    scope_words: int | None = None
    yields_in_text: bool = False
    paragraph: bool = False
    scope_end_regex: str | None = None
    covers_list: bool = False
    clause_need_regex: str | None = None
    ends_line: bool = False

    @cached_property
    def scope_end(self) -> re.Pattern[str] | None:
        """From ``scope_ends_with``: one of those phrases as a whole word (see
        :attr:`paragraph`). None for other cues. Compiled on first use."""
        return None if self.scope_end_regex is None else re.compile(self.scope_end_regex, re.IGNORECASE)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled cue, case-insensitive (compiled on first use). An ``after`` cue is
        matched at the mention end; a ``before`` cue with ``max_gap_words`` is searched in the
        text just before the mention (group ``cue``), the others are found in the whole text."""
        return re.compile(self.regex, re.IGNORECASE)

    @cached_property
    def sentence_veto(self) -> re.Pattern[str] | None:
        """For a ``before`` cue with ``max_gap_words`` and ``not_in_sentence_with``: matched at
        the mention's start, it finds one of those phrases in the rest of the sentence (the
        cue pattern itself is searched only up to the mention, so it cannot look there). None
        for other cues. Compiled on first use."""
        return None if self.veto_regex is None else re.compile(self.veto_regex, re.IGNORECASE)

    @cached_property
    def clause_veto(self) -> re.Pattern[str] | None:
        """From ``not_after_in_clause``: one of those phrases as a whole word, then at most an
        article and two words joined by spaces, right before the cue (a cue before the
        mention) or the mention (a cue after it); not followed by "by" or a reflexive
        ("taught by", "teaching myself"). Then the cue does not apply ("Taught a Kubernetes
        course to 40 engineers", "Created a Udemy course on Terraform": teaching a course is
        practice). None for other cues. Compiled on first use."""
        return None if self.clause_veto_regex is None else re.compile(self.clause_veto_regex, re.IGNORECASE)

    @cached_property
    def clause_need(self) -> re.Pattern[str] | None:
        """From ``only_after_in_clause``: the same form as :attr:`clause_veto` (but no
        preposition among the words between: "looking for bugs in Spark jobs"), and the cue
        applies only where one of those phrases stands there ("looking for a Project Manager
        position" is a sought job; "worked in a Project Manager position" is not). None for
        other cues. Compiled on first use."""
        return None if self.clause_need_regex is None else re.compile(self.clause_need_regex, re.IGNORECASE)

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, trying the pattern only where it can start.

        ``lowered`` is ``text.lower()``. When :attr:`starts` is known, ``lowered`` lines up
        with ``text`` character by character (same length) and ``text`` has none of the few
        non-ASCII letters that case-insensitive matching folds to ASCII (the Kelvin sign, the
        long s, dotted and dotless i: :func:`ascii_folds`), a match can only begin at a
        ``\\w+`` run of ``text`` that is, lower-cased, one of :attr:`starts` (every alternative
        of the first slot starts with a ``\\b`` and that whole ASCII word). Those runs are
        found with a fast case-sensitive scan of ``lowered``; the pattern is matched at each,
        left to right, without overlaps: the same matches as ``finditer``. Otherwise this is
        ``pattern.finditer(text)``.
        """
        if (
            self.starts is None or lowered is None or not lowered_is_exact(text, lowered)
        ):
            yield from self.pattern.finditer(text)
            return
        candidates = [m.start() for m in start_words_regex(self.starts).finditer(lowered)]
        match = self.pattern.match
        done = 0
        for pos in candidates:
            if pos >= done:
                m = match(text, pos)
                if m is not None:
                    done = m.end()
                    yield m


    def may_match(self, words: frozenset[str] | set[str]) -> bool:
        """The pre-filter on ``prefilter_words(text)``: False means :attr:`pattern` cannot match ``text``."""
        for group in self.anchors:
            if group.isdisjoint(words):
                return False
        return True


_WORDS_RE = re.compile(r"\w+")


#: :func:`ascii_folds` of known Pythons, keyed by (major, minor, Unicode database version), so
#: that the first non-ASCII text does not scan all 1.1 million code points (0.1 s of a cold
#: start); other Pythons scan. tests/test_cold_start.py checks the running Python's entry.
_KNOWN_ASCII_FOLDS = {(3, 11, "14.0.0"): "\u0130\u0131\u017f\u212a"}


@lru_cache(maxsize=1)
def ascii_folds() -> str:
    """The non-ASCII characters that a case-insensitive ``re`` pattern matches with an ASCII
    word character ("\u0130\u0131\u017f\u212a" on CPython 3.11)."""
    known = _KNOWN_ASCII_FOLDS.get((*sys.version_info[:2], unicodedata.unidata_version))
    return known if known is not None else scan_ascii_folds()


def lowered_is_exact(text: str, lowered: str) -> bool:
    """Whether a case-sensitive scan of ``lowered`` (``text`` lower-cased) finds the words a
    case-insensitive pattern finds in ``text``: the same length, and no character of
    :func:`ascii_folds` in ``text``."""
    return len(lowered) == len(text) and (text.isascii() or not any(c in text for c in ascii_folds()))


def scan_ascii_folds() -> str:
    """:func:`ascii_folds` computed: every code point tried against ``[a-z0-9_]`` (about 0.1 s)."""
    every = "".join(map(chr, range(0x80, 0x110000)))
    return "".join(sorted(set(re.findall(r"[a-z0-9_]", every, re.IGNORECASE))))


@lru_cache(maxsize=None)
def start_words_regex(words: frozenset[str]) -> re.Pattern[str]:
    """Whole lower-case words, case-sensitive, for :meth:`CueRule.finditer`.

    The alternatives are nested as a trie ("no", "non", "not" -> ``no(?:(?:n|t))?``):
    Python's regex engine tries the alternatives of a flat group one by one at every word
    boundary (the trie scans the cue start words of the Djinni CVs about 20 % faster).
    """
    return re.compile(r"\b(?:" + trie_regex(words) + r")\b")


def trie_regex(phrases: Iterable[str]) -> str:
    """A regex matching exactly the ``phrases``, nested as a character trie; a space in a
    phrase matches ``\\s+`` (as in :func:`_alternative_regex`).

    ("no", "non", "not" -> ``no(?:(?:n|t))?``.) Python's regex engine tries the alternatives
    of a flat group one by one; the trie dispatches on each character instead. At a node
    where a phrase ends and longer ones go on, the longer are tried first (the optional rest
    is greedy), and the engine backtracks into the shorter if the rest of the pattern fails,
    so the trie matches at a position exactly when the flat alternation does.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # a phrase ends here: the rest is optional

    return build(root)


def prefilter_words(text: str) -> frozenset[str]:
    """The lower-cased ``\\w+`` runs of ``text`` (for :meth:`CueRule.may_match`).

    Sound by construction: every alternative of a cue is bounded by ``\\b`` on its word
    ends and its own words are separated by non-word characters, so each word of an
    alternative the regex matches is a whole ``\\w+`` run of the text.
    """
    return frozenset(_WORDS_RE.findall(text.lower()))


#: A character of a word between an ``after`` cue with ``max_gap_words`` and its mention.
_GAP_CHAR = r"[\w'’+#&/-]"


def _compile_cue(source: str, raw: Mapping[str, Any]) -> CueRule:
    rid = str(raw.get("id", "?"))

    def bad(problem: str) -> TaxonomyError:
        return TaxonomyError(Errors.RF008.format(path=source, rule=rid, problem=problem))

    seq = raw.get("sequence")
    if not isinstance(seq, list) or not seq:
        raise bad("'sequence' must be a non-empty list")
    kind, where = raw.get("kind", "negation"), raw.get("where", "before")
    if kind not in CUE_KINDS:
        raise bad(f"kind {kind!r} is not one of {', '.join(CUE_KINDS)}")
    if where not in _PLACES:
        raise bad(f"where {where!r} is not one of {', '.join(_PLACES)}")
    tight = _flag(source, raw, "tight")
    gap = raw.get("max_gap_words")
    if gap is not None and not _whole_number(gap, 0):
        raise bad(f"'max_gap_words' must be a whole number >= 0, not {gap!r}")
    joiner = r"\s*" if tight else r"\s+"
    parts: list[str] = []
    anchors: list[tuple[str, ...]] = []
    starts = _start_words(seq[0]) if where == "before" and gap is None else None
    for i, slot in enumerate(seq):
        sep = "" if i == 0 else joiner
        if isinstance(slot, list):
            if not slot or not all(isinstance(a, str) and a.strip() for a in slot):
                raise bad(f"slot {i} has an empty alternative")
            alts = sorted(slot, key=len, reverse=True)
            parts.append(f"{sep}{_group(alts)}")
            # sound anchor: the longest word of each alternative (see prefilter_words)
            keys = [max(_WORDS_RE.findall(a.lower()), key=len, default=None) for a in slot]
            if all(keys):
                anchors.append(frozenset(keys))
        elif isinstance(slot, dict) and "optional" in slot:
            alts = sorted(slot["optional"], key=len, reverse=True)
            parts.append(f"(?:{sep}{_group(alts)})?")
        elif isinstance(slot, dict) and "any_words" in slot:
            lo, hi = _word_run(slot["any_words"], i, bad)
            # each run item is one whole word (\b): "\w+" cannot split a word into pieces, which a
            # tight cue's optional joiner would otherwise try, exponentially, when the cue fails
            parts.append(f"(?:{sep}\\w+\\b){{{lo},{hi}}}?")
        else:
            raise bad(f"slot {i} must be a list or an object with one of {_SLOT_KEYS}")
    if not any(isinstance(slot, list) for slot in seq):
        raise bad("a cue needs a required slot")
    body = "".join(parts)
    if raw.get("not_preceded_by"):  # fixed-width look-behinds, one per phrase (single spaces)
        body = _at_cue_start(body, "".join(rf"(?<!\b{re.escape(w)} )" for w in raw["not_preceded_by"]))
    if raw.get("not_followed_by"):
        body += rf"(?!\s+(?:{'|'.join(_alternative_regex(w) for w in raw['not_followed_by'])})\b)"
    if raw.get("not_in_sentence_with"):
        # the rest of the cue's sentence (no sentence end or line break; at most 200
        # characters) must not hold one of these phrases: "learning Terraform and
        # implementing it at work" is practice, not a learning cue
        body += rf"(?!{_SENTENCE_CHAR}{{0,200}}?{_phrases(raw['not_in_sentence_with'])})"
    gap_words = raw.get("gap_words")
    if gap_words is not None and (
        where != "after" or gap is None or not isinstance(gap_words, list)
        or not all(isinstance(w, str) and re.fullmatch(f"{_GAP_CHAR}+", w) for w in gap_words)
    ):
        raise bad("'gap_words' must be a list of single words, on an 'after' cue with 'max_gap_words'")
    if where == "after" and gap is not None:
        # at most ``gap`` words of the same line (no bracket, quote or sentence end) between
        # the mention and the cue (group ``cue``): "Python Basics (Coursera)". With
        # ``gap_words``, each is a word of a title: it starts with a capital letter or a digit
        # (case-sensitive, whatever the cue's flags) or is one of them ("the QA Manual course",
        # "Project Management and Agile/Scrum courses"; not "a backend serving online courses")
        word = f"{_GAP_CHAR}++"
        if gap_words is not None:
            capitalised = f"(?-i:[A-Z0-9]){_GAP_CHAR}*+"
            alts = "|".join(re.escape(w) for w in sorted(gap_words, key=len, reverse=True))
            word = f"(?:{capitalised}|(?:{alts})(?!{_GAP_CHAR}))" if alts else capitalised
        body = rf"(?:[ \t]++{word}){{0,{int(gap)}}}?[ \t]*(?P<cue>{body})"
    elif where == "after":
        body = r"[ \t]*" + body
    item_initial = _flag(source, raw, "item_initial")
    within_quotes = _flag(source, raw, "within_quotes")
    if within_quotes and (where != "before" or gap is None):
        raise bad("'within_quotes' needs a 'before' cue with 'max_gap_words'")
    if gap is not None and where == "before":
        # a near cue is tested on the few characters before each mention: the cue, at most
        # ``gap`` words (no clause or item boundary), then the mention; ``within_quotes``: no
        # double quote among them, so a cue that ends with an opening quote covers the quoted
        # title only ('the course "Git Basics" and then used Docker': Docker is no coursework)
        sep = r"[ \t\-'’(]" if within_quotes else r"[ \t\-'’\"(]"
        body = rf"(?P<cue>{body})(?:{sep}+\w+){{0,{int(gap)}}}{sep}*$"
    only = raw.get("only_concepts")
    veto = None
    if gap is not None and where == "before" and raw.get("not_in_sentence_with"):
        veto = rf"{_SENTENCE_CHAR}{{0,200}}?{_phrases(raw['not_in_sentence_with'])}"
    clause_veto = _clause_regex(raw["not_after_in_clause"]) if raw.get("not_after_in_clause") else None
    if raw.get("only_after_in_clause") and where != "after":
        raise bad("'only_after_in_clause' needs an 'after' cue")
    clause_need = _clause_regex(raw["only_after_in_clause"], prepositions=False) if raw.get("only_after_in_clause") else None
    scope = raw.get("max_scope_words")
    if scope is not None and (not _whole_number(scope, 1) or where != "before" or gap is not None):
        raise bad("'max_scope_words' must be an integer >= 1, on a 'before' cue without 'max_gap_words'")
    paragraph = raw.get("scope") is not None
    if paragraph and (raw.get("scope") != "paragraph" or where != "before" or gap is not None):
        raise bad("'scope' must be \"paragraph\", on a 'before' cue without 'max_gap_words'")
    scope_end = None
    if raw.get("scope_ends_with"):
        if not paragraph:
            raise bad("'scope_ends_with' needs \"scope\": \"paragraph\"")
        scope_end = _phrases(raw["scope_ends_with"])
    covers_list = _flag(source, raw, "covers_list")
    ends_line = _flag(source, raw, "ends_line")
    if ends_line and not paragraph:
        raise bad("'ends_line' needs \"scope\": \"paragraph\"")
    if covers_list and (where != "before" or gap is None):
        raise bad("'covers_list' needs a 'before' cue with 'max_gap_words'")
    return CueRule(rid, kind, where, None if gap is None else int(gap), body,
                   tuple(anchors), item_initial, frozenset(only) if only else None, starts,
                   _flag(source, raw, "unless_paired"), _flag(source, raw, "yields_to_practice"), veto,
                   clause_veto, scope, _flag(source, raw, "yields_to_practice_in_text"), paragraph, scope_end,
                   covers_list, clause_need, ends_line)


#: Words a clause phrase of ``only_after_in_clause`` may not reach across: "looking for bugs in
#: Spark jobs" seeks bugs, not a job.
_CLAUSE_PREPOSITIONS = ("in", "on", "of", "with", "from", "into", "within", "across", "inside", "at", "to")


def _clause_regex(phrases: list[str], *, prepositions: bool = True) -> str:
    """``not_after_in_clause`` / ``only_after_in_clause``: one of ``phrases`` as a whole word (not
    "self-taught", "instructor-led"), not "taught by" or "teaching myself", then an optional
    article and at most two words joined by spaces only (any other character ends the clause),
    up to the cue (a cue before the mention) or the mention (a cue after it; an opening quote
    may stand before it: 'taught the "Python Basics" course'); possessive, so a long run of
    hyphens or spaces cannot make it backtrack. ``prepositions=False``: none of those words is
    one of :data:`_CLAUSE_PREPOSITIONS`."""
    alts = "|".join(_alternative_regex(w) for w in phrases)
    word = _CLAUSE_WORD if prepositions else rf"(?!(?:{'|'.join(_CLAUSE_PREPOSITIONS)})\b){_CLAUSE_WORD}"
    return (
        rf"(?<![\w-])(?:{alts})(?![\w-])(?![ \t]+(?:by|me|myself|ourselves|themselves)\b)"
        rf"(?:[ \t]++(?:a|an|the|my|our|this|their)\b)?+(?:[ \t]++{word}){{0,2}}+[ \t]*+(?:[\"“«][ \t]*+)?$")


def _whole_number(value: Any, minimum: int) -> bool:
    """Whether a cue option is an int (not a bool) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _word_run(bounds: Any, slot: int, bad: Any) -> tuple[int, int]:
    """The ``[min, max]`` of an ``any_words`` slot, checked when the rules are loaded (RF008 via
    ``bad``): bounds that are not whole numbers with ``0 <= min <= max`` would make a regex fail
    to compile (or, like a negative ``max_gap_words``, never match), and cue regexes are
    compiled on first use."""
    try:
        lo, hi = (int(b) for b in bounds)
    except (TypeError, ValueError):
        raise bad(f"slot {slot}: 'any_words' must be [min, max], two whole numbers") from None
    if not 0 <= lo <= hi:
        raise bad(f"slot {slot}: 'any_words' must be [min, max] with 0 <= min <= max, not {list(bounds)!r}")
    return lo, hi


def _flag(source: str, raw: Mapping[str, Any], key: str) -> bool:
    """A cue's boolean option (False when absent); RF008 for a value that is not true/false
    (``"false"`` as a string would otherwise switch it on)."""
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise TaxonomyError(Errors.RF008.format(path=source, rule=raw.get("id", "-"),
                                                problem=f"{key!r} must be true or false, not {value!r}"))
    return value


#: A character inside a sentence: anything but a line break or a sentence end, where a dot
#: (or "!", "?") followed by a non-space character ("Node.js", "e.g.") is no sentence end.
_SENTENCE_CHAR = r"(?:[^.!?\n]|[.!?](?=\S))"


def _resolve_phrase_lists(source: str, data: Mapping[str, Any]) -> list[Any]:
    """The cues with each ``"@name"`` value of a phrase option (:data:`_PHRASE_OPTIONS`), or
    ``"@name"`` item of its list, replaced by the list ``phrase_lists[name]`` (one home for a
    list several cues share; ``["@practice_claims", "portfolio"]`` is that list plus a phrase).

    Raises
    ------
    TaxonomyError
        (RF008) for a name ``phrase_lists`` does not define.
    """
    lists = data.get("phrase_lists", {})
    cues = []
    for cue in data["cues"]:
        for key in _PHRASE_OPTIONS:
            ref = cue.get(key) if isinstance(cue, dict) else None
            if ref is None:
                continue
            if isinstance(ref, str):
                ref = [ref] if ref.startswith("@") else ref
            if not isinstance(ref, list) or not all(isinstance(w, str) and w.strip() for w in ref):
                raise TaxonomyError(Errors.RF008.format(
                    path=source, rule=cue.get("id", "-"),
                    problem=f"{key!r} must be a list of non-empty phrases or '@name' of a phrase list"))
            phrases: list[str] = []
            for w in ref:  # a list may name phrase lists among its phrases: ["@practice_claims", "portfolio"]
                if w.startswith("@") and len(w) > 1:
                    if not isinstance(lists.get(w[1:]), list):
                        raise TaxonomyError(Errors.RF008.format(
                            path=source, rule=cue.get("id", "-"),
                            problem=f"{key!r} names {w!r}, which phrase_lists does not define"))
                    phrases += lists[w[1:]]
                else:
                    phrases.append(w)
            cue = {**cue, key: phrases}
        cues.append(cue)
    return cues


#: Cue options that list phrases, or name a list of ``phrase_lists`` as ``"@name"``.
_PHRASE_OPTIONS = ("not_in_sentence_with", "not_after_in_clause", "only_after_in_clause", "scope_ends_with")
#: A word of a clause for ``not_after_in_clause`` and ``only_after_in_clause``: letters, digits, ' ’ + # and inner dots
#: ("Node.js"); hyphens, slashes, brackets, colons, bullets and sentence ends are none.
_CLAUSE_WORD = r"(?:[\w'’+#]|\.(?=\w))++"


def _start_words(slot: Any) -> frozenset[str] | None:
    """The lower-cased first words of a required first slot's alternatives, when every
    alternative starts with an ASCII word (its regex then starts with ``\\b`` and that whole
    word); None otherwise (an optional first slot, or ":" as an alternative)."""
    if not isinstance(slot, list):
        return None
    firsts = set()
    for alt in slot:
        words = _WORDS_RE.findall(alt.lower())
        if not (isinstance(alt, str) and re.match(r"\w", alt) and words and words[0].isascii()):
            return None
        firsts.add(words[0])
    return frozenset(firsts)


def start_heads(slot: Any) -> dict[str, str] | None:
    """For each start word of a required first slot (:func:`_start_words`), the regex of the
    slot's alternatives that begin with that whole word, as the cue's regex has them
    (:func:`_group`; same flags wanted: ``re.IGNORECASE``); None when there are no start words.

    Where a match of the cue begins at a ``\\w+`` run that is, lower-cased, the start word,
    one of those alternatives matches there: a necessary test, and a cheap one (no
    ``not_preceded_by`` look-behinds, only the alternatives of one word, nothing after them).
    """
    if _start_words(slot) is None:
        return None
    by_word: dict[str, list[str]] = {}
    for alt in slot:
        by_word.setdefault(_WORDS_RE.findall(alt.lower())[0], []).append(alt)
    return {w: _group(sorted(alts, key=len, reverse=True)) for w, alts in by_word.items()}


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@dataclass(frozen=True)
class ContextRules:
    """The compiled context rules (see the module docstring).

    Attributes
    ----------
    bullets : str
        Bullet glyphs (list-item markers), one character each.
    list_separators : str
        Characters that separate list items inline (``|``, ``;``).
    marks : str
        Signs glued to names that are not part of them (``™ ® ©``), read as spaces.
    sentence_ends : str
        Characters that end a sentence when followed by whitespace or the end of the text.
    contrast_words : tuple of str
        Words that end a clause ("but", "however"...).
    clause_openers : tuple of str
        Words that, right after a comma, open a new clause ("Not familiar with Jenkins, we
        used GitLab CI"): a negation cue's scope ends at that comma (other cues' scopes do
        not: "I continue my studies, I've started my third course ...").
    headings : Mapping[str, tuple of str]
        Section name -> heading phrases (lower case, single spaces).
    section_weights : Mapping[str, float]
        Section name -> weight in [0, 1] (the data's weight for a mention in that section).
    cues : tuple of CueRule
        Negation and non-practice cues, in file order.
    post_cue : re.Pattern
        A bracket right after a mention that says it is not practised, e.g. "(none)",
        "(basic exposure)"; "(basic)" alone is a proficiency level and does not match.
    inline_item_separators : tuple of str
        Multi-character list-item separators written inline (" - ").
    max_scope_words : int
        Most words, other than skill mentions, a ``before`` cue's scope spans.
    not_skills, title_heads, other_person_before, other_person_counts, other_person_heads_after, other_person_own_before, name_modifiers, lower_case_generic, doc_vetoes, near_vetoes
        Wrong-sense rules (see the ``sense`` block of the data file).
    qualified_titles : Mapping[str, Any]
        The qualified-title rules of the job-title component (the ``qualified_titles``
        block: ``{"rules": [...]}``; empty: none), checked by :func:`check_qualified_titles`.
    source : str
        Where the rules were read from.
    """

    bullets: str
    list_separators: str
    marks: str
    heading_markers: str
    sentence_ends: str
    contrast_words: tuple[str, ...]
    headings: Mapping[str, tuple[str, ...]]
    section_weights: Mapping[str, float]
    cues: tuple[CueRule, ...]
    post_cue: re.Pattern[str]
    not_skills: tuple[str, ...] = ()
    inline_item_separators: tuple[str, ...] = ()
    clause_openers: tuple[str, ...] = ()
    max_scope_words: int = 1_000_000
    title_heads: frozenset[str] = frozenset()
    other_person_before: frozenset[str] = frozenset()
    other_person_counts: bool = False
    other_person_count_not_after: frozenset[str] = frozenset()
    other_person_heads_after: frozenset[str] = frozenset()
    other_person_own_before: frozenset[str] = frozenset()
    name_modifiers: frozenset[str] = frozenset()
    lower_case_generic: frozenset[str] = frozenset()
    #: Single words that, written all in lower case, count only in a skills section: the
    #: common word, not the product ("makes AI programmes safe, compliant": no SAFe).
    lower_case_words: frozenset[str] = frozenset()
    doc_vetoes: tuple[Mapping[str, Any], ...] = ()
    near_vetoes: tuple[Mapping[str, Any], ...] = ()
    qualified_titles: Mapping[str, Any] = field(default_factory=dict)
    source: str = "<memory>"
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ derived sets
    @property
    def item_separators(self) -> str:
        """Bullets and inline list separators: what ends one list item."""
        return self.bullets + self.list_separators

    @property
    def heading_to_section(self) -> dict[str, str]:
        return {h: s for s, hs in self.headings.items() for h in hs}

    def heading_regex(self) -> re.Pattern[str]:
        """A heading line: optional bullets/markdown, the heading, optional colon + inline content."""
        alt = "|".join(sorted((_alternative_regex(h) for h in self.heading_to_section), key=len, reverse=True))
        prefix = _char_class(" \t" + self.heading_markers + self.bullets)
        trail = _char_class(" \t" + self.heading_markers)
        return re.compile(
            rf"^{prefix}*(?P<h>{alt})[ \t]*(?:(?P<colon>[:：])(?P<rest>[^\r\n]*)|{trail}*)\r?$",
            re.IGNORECASE | re.MULTILINE,
        )

    def heading_line_regexes(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The quick check of :meth:`heading_regex`: ``(first, later)``.

        ``first.match(text)`` succeeds when :meth:`heading_regex` matches at position 0;
        ``later.finditer(text)`` yields one match per later line it matches at, starting at the
        line break before that line (so the regex engine scans for line breaks). The headings
        are one trie (:func:`trie_regex`) instead of a flat alternation, about 3x faster on the
        Djinni CVs; :meth:`heading_regex` then gives the match itself (its groups).
        """
        heads = trie_regex(self.heading_to_section)
        prefix = _char_class(" \t" + self.heading_markers + self.bullets)
        trail = _char_class(" \t" + self.heading_markers)
        line = rf"{prefix}*(?:{heads})[ \t]*(?:[:：][^\r\n]*|{trail}*)\r?$"
        flags = re.IGNORECASE | re.MULTILINE
        return re.compile(line, flags), re.compile(r"\n" + line, flags)

    def clause_end_regex(self) -> re.Pattern[str]:
        """Clause boundaries: sentence ends, line breaks and contrast words."""
        words = "|".join(re.escape(w) for w in self.contrast_words)
        return re.compile(rf"{_char_class(self.sentence_ends)}(?=\s|$)|\n|\b(?:{words})\b", re.IGNORECASE)

    def scope_end_regex(self) -> re.Pattern[str]:
        """Where a negation's scope ends: clause boundaries plus list-item separators
        (bullets, ``|``, ``;`` and the inline separators such as " - ")."""
        words = "|".join(re.escape(w) for w in self.contrast_words)
        inline = "".join(f"|{re.escape(sep)}" for sep in self.inline_item_separators)
        return re.compile(
            rf"{_char_class(self.sentence_ends)}(?=\s|$)|\n|{_char_class(self.item_separators)}{inline}|\b(?:{words})\b",
            re.IGNORECASE,
        )

    def clause_opener_regex(self) -> re.Pattern[str] | None:
        """A comma followed by one of :attr:`clause_openers` (None: no openers): where a
        negation's scope ends ("Not familiar with Jenkins, we used GitLab CI")."""
        if not self.clause_openers:
            return None
        words = "|".join(_alternative_regex(w) for w in sorted(self.clause_openers, key=len, reverse=True))
        return re.compile(rf",\s*(?:{words})(?=\s)", re.IGNORECASE)  # not "i.e.", "I/O"

    def to_json(self) -> str:
        """The data this object was compiled from (for ``to_disk``)."""
        return json.dumps(self.raw, ensure_ascii=False, indent=1)


def _compile_post_cue(raw: Mapping[str, Any]) -> re.Pattern[str]:
    def alt(words: Sequence[str]) -> str:
        return "|".join(_alternative_regex(a) for a in sorted(words, key=len, reverse=True))

    negating, nouns = alt(raw["negating"]), alt(raw["negating_nouns"])
    levels, exposure = alt(raw["levels"]), alt(raw["nouns"])
    return re.compile(
        rf"^[ \t]*[(\[][ \t]*(?:(?:{negating})(?:[ \t]+(?:{nouns}))?|(?:{levels})[ \t]+(?:{exposure}))[ \t]*[)\]]",
        re.IGNORECASE,
    )


def _lowered(block: Mapping[str, Any], key: str) -> frozenset[str]:
    """The words of ``block[key]`` (absent: none), lower-cased."""
    return frozenset(w.lower() for w in block.get(key, ()))


def _clause_openers(source: str, words: Any) -> tuple[str, ...]:
    """The ``clause_openers`` of a rules file: a list of words (RF008 otherwise)."""
    if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) and w.strip() for w in words):
        raise TaxonomyError(Errors.RF008.format(
            path=source, rule="clause_openers", problem=f"must be a list of words, not {words!r}"))
    return tuple(" ".join(w.split()) for w in words)


def _lower_case_words(source: str, words: Any) -> frozenset[str]:
    """``sense.lower_case_words``: a list of single lower-case words (RF008 otherwise)."""
    if not isinstance(words, list) or not all(isinstance(w, str) and w.isalpha() and w.islower() for w in words):
        raise TaxonomyError(Errors.RF008.format(
            path=source, rule="sense.lower_case_words", problem="must be a list of single lower-case words"))
    return frozenset(words)


def rules_from_data(data: Mapping[str, Any], source: str = "<memory>") -> ContextRules:
    """Compile context rules from their JSON data (the format of ``context_rules.json``).

    Raises
    ------
    TaxonomyError
        (RF008) naming the rule and the problem, for a malformed rule or a missing key.
    """
    required = ("bullets", "list_separators", "heading_markers", "sentence_ends", "contrast_words", "headings",
                "cues", "post_cues")
    missing = [k for k in required if k not in data]
    if missing:
        raise TaxonomyError(Errors.RF008.format(path=source, rule="-", problem=f"missing key(s) {', '.join(missing)}"))
    headings = {s: tuple(" ".join(h.casefold().split()) for h in spec["headings"]) for s, spec in data["headings"].items()}
    weights = section_weights(data)
    sense = data.get("sense", {})
    other_person = sense.get("other_person", {})
    return ContextRules(
        bullets=data["bullets"],
        marks=data.get("marks", ""),
        list_separators=data["list_separators"],
        heading_markers=data["heading_markers"],
        sentence_ends=data["sentence_ends"],
        contrast_words=tuple(data["contrast_words"]),
        headings=headings,
        section_weights=weights,
        cues=_unique_cues(source, tuple(_compile_cue(source, c) for c in _resolve_phrase_lists(source, data))),
        post_cue=_compile_post_cue(data["post_cues"]),
        not_skills=tuple(sense.get("not_skills", ())),
        inline_item_separators=tuple(data.get("inline_item_separators", ())),
        clause_openers=_clause_openers(source, data.get("clause_openers", ())),
        max_scope_words=int(data.get("max_scope_words", 1_000_000)),
        title_heads=_lowered(other_person, "title_heads"),
        other_person_before=_lowered(other_person, "before"),
        other_person_counts=bool(other_person.get("counts", False)),
        other_person_count_not_after=_lowered(other_person, "count_not_after"),
        other_person_heads_after=_lowered(other_person, "heads_after"),
        other_person_own_before=_lowered(other_person, "own_before"),
        name_modifiers=frozenset(w.lower() for w in sense.get("name_modifiers", ())),
        lower_case_generic=frozenset(" ".join(w.lower().split()) for w in sense.get("lower_case_generic", ())),
        lower_case_words=_lower_case_words(source, sense.get("lower_case_words", [])),
        doc_vetoes=_unique_by_concept(source, "doc_veto", tuple(sense.get("doc_vetoes", ()))),
        near_vetoes=_check_near_vetoes(source, sense.get("near_vetoes", ())),
        qualified_titles=check_qualified_titles(source, data.get("qualified_titles", {})),
        source=source,
        raw=dict(data),
    )


_NEAR_VETO_LISTS = ("if_near", "if_before", "if_after")


def _check_near_vetoes(source: str, vetoes: Any) -> tuple[Mapping[str, Any], ...]:
    """Every near veto checked (:func:`_check_near_veto`), at most one per concept."""
    return _unique_by_concept(source, "near_veto", tuple(_check_near_veto(source, v) for v in vetoes))


def _unique_by_concept(source: str, what: str, vetoes: tuple[Any, ...]) -> tuple[Any, ...]:
    """``vetoes`` (near or doc vetoes), at most one per concept: the extractor keys them by
    concept, so a second one would silently replace the first (:func:`_unique`)."""
    return _unique(
        source, vetoes, lambda v: v.get("concept") if isinstance(v, dict) else None, lambda c: f"{what} {c}",
        f"a second {what.replace('_', ' ')} for this concept; merge its words into the first")


def _unique_cues(source: str, cues: tuple[CueRule, ...]) -> tuple[CueRule, ...]:
    """``cues`` with distinct ids: mentions carry the id, and the extractor looks options up by
    it (``not_after_in_clause``, ``only_after_in_clause``...), so a repeated id would lend one
    cue's options to another (:func:`_unique`)."""
    return _unique(source, cues, lambda c: c.id, str, "a second cue with this id; ids must be unique")


def _unique(source: str, items: tuple[Any, ...], key: Any, rule: Any, problem: str) -> tuple[Any, ...]:
    """``items``, unchanged, unless two share a ``key(item)``: then RF008 naming ``rule(key)``."""
    seen: set[Any] = set()
    for item in items:
        k = key(item)
        if k in seen:
            raise TaxonomyError(Errors.RF008.format(path=source, rule=rule(k), problem=problem))
        seen.add(k)
    return items


def _check_near_veto(source: str, veto: Any) -> Mapping[str, Any]:
    """A near veto: ``concept``, optional ``surface``, ``window_words`` (int >= 1), word lists
    ``if_near`` (either side), ``if_before`` (before the mention), ``if_after`` (after it; at
    least one list non-empty) and ``stop_at`` (characters that end the window)."""
    rid = veto.get("concept", "-") if isinstance(veto, dict) else "-"

    def bad(problem: str) -> TaxonomyError:
        return TaxonomyError(Errors.RF008.format(path=source, rule=f"near_veto {rid}", problem=problem))

    if not isinstance(veto, dict) or not isinstance(veto.get("concept"), str):
        raise bad("a near veto must be an object with a 'concept'")
    n = veto.get("window_words", 3)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise bad("'window_words' must be an integer >= 1")
    for key in _NEAR_VETO_LISTS:
        words = veto.get(key, [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w and w == w.lower() for w in words):
            raise bad(f"'{key}' must be a list of lower-case words")
        for w in words:
            if not re.fullmatch(r"\w+", w):
                raise bad(
                    f"'{key}' word {w!r} can never match: the words around a mention are compared one "
                    "by one (runs of letters, digits and '_'), so list its parts instead ('cross-browser': "
                    "'browser' before the mention, 'cross' after it)"
                )
    if not any(veto.get(key) for key in _NEAR_VETO_LISTS):
        raise bad(f"one of {', '.join(_NEAR_VETO_LISTS)} must list words")
    if not isinstance(veto.get("stop_at", ""), str):
        raise bad("'stop_at' must be a string of characters")
    unknown = set(veto) - {"concept", "surface", "window_words", "stop_at", *_NEAR_VETO_LISTS}
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    return veto


_QUALIFIED_LISTS = ("qualifiers", "heads", "heads_of", "between", "replaces")
_QUALIFIED_BLOCK_LISTS = ("leading", "conjunctions")


def check_qualified_titles(source: str, block: Any) -> Mapping[str, Any]:
    """The ``qualified_titles`` block, checked, without comments and with defaults filled in.

    Returns ``{}`` when the block is absent or lists no rule, else ``{"leading": [...],
    "conjunctions": [...], "rules": [rule, ...]}``; each rule has ``class`` (a title class id),
    the lists ``qualifiers`` (phrases), ``heads``, ``heads_of`` (phrases), ``between`` and
    ``replaces`` (class ids, ``""`` for a lexicon title of mixed class; the lists default to
    empty, but ``qualifiers`` and ``heads`` must list words) and ``max_between`` (int >= 0,
    default 2). Words are lower case and single-spaced.

    Raises
    ------
    TaxonomyError
        (RF008) naming the rule (``qualified_titles`` or ``qualified_titles[i]``) and the problem.
    """

    def bad(rule: str, problem: str) -> TaxonomyError:
        return TaxonomyError(Errors.RF008.format(path=source, rule=rule, problem=problem))

    def words(rule: str, key: str, value: Any, *, classes: bool = False) -> list[str]:
        if not isinstance(value, list) or not all(
            isinstance(w, str) and w == " ".join(w.lower().split()) and (w or classes) for w in value
        ):
            raise bad(rule, f"'{key}' must be a list of non-empty lower-case words or phrases, single-spaced")
        return list(value)

    if not isinstance(block, dict) or not isinstance(block.get("rules", []), list):
        raise bad("qualified_titles", "it must be an object with a list 'rules'")
    unknown = {k for k in block if not k.startswith("_")} - {"rules", *_QUALIFIED_BLOCK_LISTS}
    if unknown:
        raise bad("qualified_titles", f"unknown key(s) {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {k: words("qualified_titles", k, block.get(k, [])) for k in _QUALIFIED_BLOCK_LISTS}
    rules = []
    for i, raw in enumerate(block.get("rules", [])):
        name = f"qualified_titles[{i}]"
        if not isinstance(raw, dict):
            raise bad(name, "a rule must be an object")
        unknown = {k for k in raw if not k.startswith("_")} - {"class", "max_between", *_QUALIFIED_LISTS}
        if unknown:
            raise bad(name, f"unknown key(s) {', '.join(sorted(unknown))}")
        if not isinstance(raw.get("class"), str) or not raw["class"]:
            raise bad(name, "'class' must name a job-title class")
        rule: dict[str, Any] = {"class": raw["class"]}
        for key in _QUALIFIED_LISTS:
            rule[key] = words(name, key, raw.get(key, []), classes=key == "replaces")
        if not rule["qualifiers"] or not rule["heads"]:
            raise bad(name, "'qualifiers' and 'heads' must list words")
        n = raw.get("max_between", 2)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise bad(name, "'max_between' must be an integer >= 0")
        rule["max_between"] = n
        rules.append(rule)
    return {**out, "rules": rules} if rules else {}


def load_rules(path: str | Path | None = None) -> ContextRules:
    """Load context rules from a JSON file (the bundled ``context_rules.json`` by default).

    Raises
    ------
    TaxonomyError
        (RF007/RF008) for a missing file or malformed JSON or rule.
    """
    return rules_from_data(load_context_data(path), str(path) if path is not None else "context_rules.json")


@lru_cache(maxsize=1)
def default_rules() -> ContextRules:
    """The bundled context rules (loaded once per process)."""
    return load_rules()
