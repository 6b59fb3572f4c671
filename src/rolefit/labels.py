"""Labels that follow the role definition: requirements, evidence minimum, job-posting check.

The trained model gives each role a probability: how much a CV reads like the role *family*
its training labels support (see ``corpora/README.md``). A label says more than that, so
:func:`decide_label` combines the probability with the role's definition:

``fit``
    the probability clears the role's threshold plus the review band
    (:func:`rolefit.ml.label_for`), **and** every requirement of the role
    (``rolefit/data/requirements.csv``) is met by practised mentions, **and** the CV shows at
    least :data:`MIN_EVIDENCE` distinct practised concepts outside the ``general`` group,
    **and** the text is more than a bare list of skill names (:func:`skills_list_reason`),
    **and** the text does not read like a job posting.
``review``
    the text reads like a job posting (whatever the probability: it is not a CV); or the
    probability alone would say ``fit`` (or is within the review band) but a requirement
    is unmet (the reason names what is missing: "no AI or ML evidence (...)") or the evidence
    is too thin or the text is only a list of skill names -- a recruiter must look; also every case the scorer cannot judge (empty
    text, no skills, not English, unreadable).
``no_fit``
    the probability is below the threshold minus the band (and the text is not a job posting).

A mention is *practised* evidence when it is not negated ("no experience with X", "want to
learn X") and does not stand in the interests/hobbies section (:data:`UNPRACTISED_SECTIONS`).

The job-posting check (:func:`posting_reason`) is a documented heuristic over cue phrases kept
as data in ``rolefit/data/posting_cues.csv``: a text is read as a posting when it has at least
:data:`POSTING_MIN_CUES` distinct posting cues ("we are looking for", "requirements:", "what
we offer", "apply now"...) and at most :data:`POSTING_MAX_CV_CUES` CV cues (employment date
ranges such as "2016 - present", first-person statements), or one cue that stands alone (an
employer's own words: "we are looking for", "Hiring:", "(m/f/d)") and no CV cue at all. A cue
may have several rows (one pattern each) and counts once. Its measured false-positive and
recall rates are in ``tests/test_labels.py``' docstrings.

Length: about 450 lines: the label rule (requirements, evidence minimum, posting check) and
the posting-cue search with its two exact speed-ups (re.ASCII patterns where that flag
changes nothing, a literal prefilter derived from each cue pattern), which belong with the
cues they read; about 60 lines of speed-up are measured by ``benchmarks/score_throughput.py``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from operator import attrgetter
from pathlib import Path

from rolefit.ml import label_for
from rolefit.schema import LABELS, Requirement, RequirementCheck, SkillMention

__all__ = [
    "MIN_EVIDENCE",
    "UNPRACTISED_SECTIONS",
    "POSTING_MIN_CUES",
    "POSTING_MAX_CV_CUES",
    "SKILLS_LIST_MAX_OTHER_WORDS",
    "skills_list_reason",
    "practised_concepts",
    "check_requirements",
    "RequirementChecker",
    "posting_reason",
    "decide_label",
    "Decision",
]

#: Distinct practised concepts outside the ``general`` group a CV needs before it can be
#: labelled ``fit`` (a one-word text or a bare skills line is never enough). Chosen as the
#: smallest number at which a bare skills line of four tools ("Skills: Kubernetes, Docker,
#: MLflow, PyTorch") is not enough while real CVs of the role (which name many more) are
#: present; rolefit maintainers' choice, documented in ``rolefit/data/README.md``.
MIN_EVIDENCE = 5
#: A text with at most this many words outside its skill mentions is a bare list of skill names
#: ("Skills: kubernetes, docker, ..." with a heading and a few unrecognised names), never ``fit``
#: however many skills it names. rolefit maintainers' choice: the fewest such words in a text of
#: ``corpora/djinni_roles.csv`` and a 2,000-text sample of ``corpora/occupations_ood.csv`` (CV
#: excerpts included) is 9, and in a text labelled ``fit`` 49.
SKILLS_LIST_MAX_OTHER_WORDS = 5
_START = attrgetter("start_char")
_SPAN = attrgetter("start_char", "end_char")
_CHUNK = re.compile(r"\S+")
#: Sections whose mentions are not practised evidence (hobbies and interests).
UNPRACTISED_SECTIONS = frozenset({"interests"})
#: A text with at least this many distinct posting cues reads like a job posting...
POSTING_MIN_CUES = 2
#: ...unless it also has more than this many CV cues (dated employment entries, "I ...").
POSTING_MAX_CV_CUES = 1

REASON_POSTING = (
    "the text reads like a job posting, not a CV ({cues}): a recruiter should check what was "
    "uploaded"
)
REASON_THIN = (
    "too little evidence to call this a fit: {n} distinct practised skill(s) outside general "
    "skills, at least {k} needed"
)
REASON_SKILLS_LIST = (
    "the text is only a list of skill names ({n} other word(s) beside them): a list says nothing "
    "about what the candidate did with the skills, so a recruiter should read the CV"
)
REASON_MISSING = (
    "no {what}: the CV reads like the {role} role family, but the role requires this evidence, "
    "so a recruiter should judge"
)
#: Where the explanation of :data:`REASON_MISSING` starts (": the CV reads like the "): what
#: comes before it names the missing evidence (:func:`reason_headline`).
_MISSING_EXPLAINED = REASON_MISSING[REASON_MISSING.index("}") + 1:REASON_MISSING.index("{role}")]


def reason_headline(reason: str) -> str:
    """A review reason without the explanation :data:`REASON_MISSING` adds after what is missing
    ("no machine-learning evidence (...)"), for one-line displays; other reasons unchanged."""
    return reason.split(_MISSING_EXPLAINED, 1)[0]


#: The same when the probability only lies within the review band: it does not say the CV reads
#: like the role family.
REASON_MISSING_IN_BAND = (
    "no {what}: the {role} probability is close to its threshold, and the role requires this "
    "evidence, so a recruiter should judge"
)


@dataclass(frozen=True)
class Decision:
    """A label with the reason for it (``None`` when the label needs none)."""

    label: str
    reason: str | None = None


def practised_concepts(mentions: Iterable[SkillMention]) -> dict[str, list[SkillMention]]:
    """Concept id -> its practised mentions (not negated, not in a hobbies section), in order."""
    out: dict[str, list[SkillMention]] = {}
    for m in mentions:
        if not m.negated and m.section not in UNPRACTISED_SECTIONS:
            out.setdefault(m.concept_id, []).append(m)
    return out


def check_requirements(
    requirements: Sequence[Requirement], practised: Mapping[str, Sequence[SkillMention]]
) -> tuple[RequirementCheck, ...]:
    """Which requirements the practised concepts meet, with the concept ids that meet them.

    Parameters
    ----------
    requirements : sequence of Requirement
        One role's requirements (``taxonomy.requirements[role]``).
    practised : mapping of concept id -> mentions
        From :func:`practised_concepts`.

    Returns
    -------
    tuple of RequirementCheck
        In ``requirements`` order; ``concept_ids`` lists the group's concepts found, in the
        group's order (empty when unmet).
    """
    return RequirementChecker(requirements)(practised)


class RequirementChecker:
    """:func:`check_requirements` for one fixed sequence of requirements, prepared once.

    For scoring many CVs against one role: each group's concept order is indexed once, so a
    check looks up the CV's few practised concepts instead of scanning the group's (36-66
    in the bundled taxonomy), and the check of a group none of whose concepts is practised
    is built once and shared (results are frozen values).

    Parameters
    ----------
    requirements : sequence of Requirement
    """

    __slots__ = ("_groups",)

    def __init__(self, requirements: Sequence[Requirement]) -> None:
        groups = []
        for req in requirements:
            # a group that names a concept twice keeps the plain scan (it lists it twice)
            order = {c: i for i, c in enumerate(req.concepts)} if len(set(req.concepts)) == len(req.concepts) else None
            none_found = RequirementCheck(
                requirement=req.requirement, label=req.label, met=0 >= req.min_concepts, concept_ids=()
            )
            groups.append((req, order, none_found))
        self._groups = tuple(groups)

    def __call__(self, practised: Mapping[str, Sequence[SkillMention]]) -> tuple[RequirementCheck, ...]:
        """The checks of ``practised`` (see :func:`check_requirements`)."""
        checks = []
        for req, order, none_found in self._groups:
            if order is None or len(practised) > len(order):
                found = tuple(c for c in req.concepts if c in practised)
            else:
                found = tuple(sorted([c for c in practised if c in order], key=order.__getitem__))
            if not found:
                checks.append(none_found)
            else:
                checks.append(
                    RequirementCheck(
                        requirement=req.requirement,
                        label=req.label,
                        met=len(found) >= req.min_concepts,
                        concept_ids=found,
                    )
                )
        return tuple(checks)


@dataclass(frozen=True)
class _Cue:
    """One row of ``posting_cues.csv``. Its patterns are compiled on first use: most texts never
    reach the regexes (the literal prefilter rules them out), and compiling every cue twice
    cost about 15 ms of a cold start (``benchmarks/cold_start.py``)."""

    kind: str
    source: str
    name: str
    #: True when the pattern matches alike with and without re.ASCII on text that
    #: :func:`_ascii_mode_is_exact` accepts (see :func:`_ascii_safe`).
    ascii_safe: bool
    #: Lower-case strings one of which every match of ``ascii_pattern`` contains (lower-cased);
    #: None when none can be derived or the pattern has no re.ASCII variant (see _literal_factors).
    factors: tuple[str, ...] | None = None
    #: True for a posting cue that marks a posting on its own in a text without any CV cue
    #: (column ``alone`` = ``yes``: an employer's own words, "we are looking for", "(m/f/d)").
    alone: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The cue's pattern (Unicode)."""
        return re.compile(self.source, _CUE_FLAGS)

    @cached_property
    def ascii_pattern(self) -> re.Pattern[str]:
        """The same pattern with re.ASCII, for texts where that flag changes nothing (see posting_cues)."""
        return re.compile(self.source, _CUE_FLAGS | re.ASCII) if self.ascii_safe else self.pattern

    @cached_property
    def factor_search(self) -> re.Pattern[str] | None:
        """The literal alternation of :attr:`factors` when there are several and they share a
        first character, else None.

        ``factor_search.search(lowered) is not None`` exactly when one of the factors stands in
        ``lowered`` (escaped literals, no flags). The regex engine looks for the shared prefix
        with its fast literal search and tries the factors only there, where a separate
        ``in`` per factor scans the text once each: about 3x faster for "we are" / "we're ",
        the gender markers "(m/f/d)"..., "you are " / "you have"... (no gain without a shared
        prefix: then the ``in`` tests are kept).
        """
        factors = self.factors
        if factors is None or len(factors) < 2 or len({f[:1] for f in factors}) != 1 or not factors[0]:
            return None
        return re.compile("|".join(map(re.escape, factors)))


_CUE_FLAGS = re.IGNORECASE | re.MULTILINE
#: ASCII characters that Unicode ``\s`` matches and ASCII ``\s`` does not (information separators).
_UNICODE_ONLY_SPACES = frozenset("\x1c\x1d\x1e\x1f")
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")


def _non_ascii_chars(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``: ``set(text)`` less the ASCII ones, without
    hashing every character (a regex scan skips the ASCII runs; most texts hold a few non-ASCII
    characters: dashes, quotes, bullets)."""
    return set("".join(_NON_ASCII_RUN_RE.findall(text)))


@lru_cache(maxsize=4096)
def _same_in_ascii_mode(ch: str) -> bool:
    """True if every cue pattern treats ``ch`` alike with and without re.ASCII.

    An ASCII character other than the information separators, or a character that is not a
    word character, not a space and has no case (a typographic apostrophe, a dash, a bullet):
    both modes see it as ``\\W``, no ``\\s``/``\\d``, and it equals no letter case-insensitively.
    """
    if ch.isascii():
        return not "\x1c" <= ch <= "\x1f"
    return not ch.isalnum() and not ch.isspace() and ch.lower() == ch == ch.upper()


def _ascii_mode_is_exact(text: str) -> bool:
    """True if the re.ASCII cue patterns find exactly what the Unicode ones find in ``text``."""
    if any(map(text.__contains__, _UNICODE_ONLY_SPACES)):  # four scans for one character (memchr)
        return False
    # every other ASCII character is the same in both modes: only the non-ASCII ones are looked up
    return text.isascii() or all(map(_same_in_ascii_mode, _non_ascii_chars(text)))


@lru_cache(maxsize=4)
def _cues(path: str | None = None) -> tuple[_Cue, ...]:
    file = Path(path) if path else Path(str(resources.files("rolefit") / "data" / "posting_cues.csv"))
    cues = []
    with file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            source = row["pattern"]
            safe = _ascii_safe(source)
            cues.append(_Cue(row["kind"], source, row["name"], safe, _literal_factors(source) if safe else None,
                             alone=(row.get("alone") or "").strip() == "yes"))
    return tuple(cues)


#: At most this many strings are enumerated for one run of pattern items (see _literal_factors).
_MAX_FACTORS = 64
#: Factors shorter than this are a weak filter; a longer set is preferred even with more strings.
_MIN_FACTOR_LEN = 6


def _literal_factors(source: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of the cue pattern ``source`` contains.

    A match of ``source`` (an ASCII-safe pattern, with the cue flags, with or without re.ASCII)
    contains, lower-cased (:func:`_folded` when the text is not one that
    :func:`_ascii_mode_is_exact` accepts), one of these strings: the
    strings one contiguous run of the pattern's items can match (literals, classes of
    literals, alternatives of those, ``x?``, zero-width anchors; enumerated from the stdlib's
    own parse of the pattern), or their prefixes. So a text whose lower-cased form contains
    none of them has no match, which ``str.__contains__`` tells several times faster than the
    regex engine: a pattern that starts with ``\b`` or ``^`` and ignores case gives the engine
    nothing to skip ahead by. Of the runs, the fewest strings of at least
    :data:`_MIN_FACTOR_LEN` characters are chosen. None when no run gives a non-empty string,
    or the pattern holds anything unexpected: then the cue is always searched.
    """
    try:
        from re import _parser  # the stdlib's parser of the pattern syntax (private: anything odd -> None)

        items = list(_parser.parse(source, _CUE_FLAGS | re.ASCII))
        strings = [_item_strings(_parser, item) for item in items]
        candidates = []
        for i in range(len(items)):  # from each item, the longest run with a small set of strings
            run: set[str] = {""}
            for j in range(i, len(items)):
                longer = None if strings[j] is None else {a + b for a in run for b in strings[j]}  # type: ignore[union-attr]
                if longer is None or len(longer) > _MAX_FACTORS:
                    break
                run = longer
            if min(map(len, run)) > 0:  # its prefixes are candidates too: _prefixes cuts them
                candidates.append(_prefixes(run))
    except Exception:  # noqa: BLE001 - a pattern this cannot read is simply always searched
        return None
    if not candidates:
        return None

    def cost(factors: frozenset[str]) -> tuple[int, int, int]:
        shortest = min(map(len, factors))
        if shortest >= _MIN_FACTOR_LEN:
            return (0, len(factors), -shortest)
        return (1, -shortest, len(factors))

    return tuple(sorted(min(candidates, key=cost)))


def _prefixes(strings: set[str]) -> frozenset[str]:
    """The strings cut to as few distinct prefixes as any cut leaves (one per distinct
    :data:`_MIN_FACTOR_LEN`-character start; a shorter string is kept whole), each as long as
    the strings it stands for allow: their longest common prefix.

    Every prefix of a factor is a factor too, so each string contains its own. A cut per start,
    not one length for all, keeps a rare string whole where common ones share a start: the
    apply cue's "application deadline" was cut to "applicatio" (the length at which "send your
    cv" and "send your resume" still made one prefix), which most CVs contain ("web
    applications"): the cue passed the prefilter in about a fifth of the Djinni CVs.
    """
    by_start: dict[str, list[str]] = {}
    for s in strings:
        by_start.setdefault(s[:_MIN_FACTOR_LEN], []).append(s)
    return frozenset(map(_common_prefix, by_start.values()))


def _common_prefix(strings: list[str]) -> str:
    """The longest prefix of all ``strings`` (non-empty list)."""
    first, last = min(strings), max(strings)  # the sorted extremes share what all of them share
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    return first[:n]


def _item_strings(parser, item) -> set[str] | None:  # noqa: ANN001 - re._parser's own types
    """Every string (lower-cased) one parsed pattern item matches, or None if not a small finite set."""
    c = parser
    op, av = item
    if op is c.LITERAL:
        return {chr(av).lower()}
    if op is c.AT:
        return {""}
    if op is c.IN:
        if all(o is c.LITERAL for o, _ in av):
            return {chr(v).lower() for _, v in av}
        return None
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            strings = _seq_strings(parser, alternative)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _MAX_FACTORS else None
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return None if add_flags or del_flags else _seq_strings(parser, body)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        lo, hi, body = av
        if hi is c.MAXREPEAT or hi > 2:
            return None
        once = _seq_strings(parser, body)
        if once is None:
            return None
        out, power = set(), {""}
        for k in range(hi + 1):
            if k >= lo:
                out |= power
            power = {a + b for a in power for b in once}
        return out if len(out) <= _MAX_FACTORS else None
    return None


def _seq_strings(parser, items) -> set[str] | None:  # noqa: ANN001
    """Every string (lower-cased) a sequence of parsed items matches, or None."""
    run: set[str] = {""}
    for item in items:
        strings = _item_strings(parser, item)
        if strings is None:
            return None
        run = {a + b for a in run for b in strings}
        if len(run) > _MAX_FACTORS:
            return None
    return run


#: Every character the Unicode cue patterns match to an ASCII letter, ignoring case.
_ASCII_LETTER_RE = re.compile("[a-z]", re.IGNORECASE)


@lru_cache(maxsize=256)
def _ascii_letter(ch: str) -> str | None:
    """The ASCII letter that the non-ASCII ``ch`` equals case-insensitively in Unicode patterns
    (the regex engine's own answer: "İ", "ı" -> "i", "ſ" -> "s", the Kelvin sign -> "k"), else None."""
    if not _ASCII_LETTER_RE.fullmatch(ch):
        return None
    return next(x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(x, ch, re.IGNORECASE))


def _folded(text: str) -> str:
    """``text`` lower-cased for the literal prefilter of the Unicode cue patterns.

    A match of an ASCII-safe cue (:func:`_ascii_safe`) consists of characters that equal one of
    the pattern's ASCII characters or uncased non-ASCII ones case-insensitively; here each of
    them becomes the pattern's character lower-cased, one for one (a non-ASCII character that
    equals an ASCII letter becomes that letter first: ``"İ".lower()`` would be two characters),
    so the lower-cased factors of a match stand in the result. Other characters may change
    freely: no match contains them.
    """
    for ch in _non_ascii_chars(text):
        letter = _ascii_letter(ch)
        if letter is not None:
            text = text.replace(ch, letter)
    return text.lower()


def _ascii_safe(source: str) -> bool:
    """True if the pattern ``source`` matches alike with and without re.ASCII on any text whose
    characters :func:`_same_in_ascii_mode` accepts.

    Non-ASCII characters in the pattern must be uncased (a dash: yes; the Kelvin sign, which
    matches "k" case-insensitively: no), and no escape may spell one.
    """
    if any(e in source for e in ("\\u", "\\U", "\\N", "\\x", "\\0")):
        return False
    return all(c.isascii() or c.lower() == c == c.upper() for c in source)


def posting_cues(text: str) -> tuple[list[str], list[str]]:
    """Names of the posting cues and CV cues found in ``text`` (each cue counted once).

    When every character of ``text`` is one that re.ASCII does not change (ASCII text without
    information separators, plus typographic punctuation: see :func:`_same_in_ascii_mode`; 95 %
    of the Djinni CVs) the cues are searched with ``re.ASCII``, which there matches exactly what
    the Unicode patterns match (``\\w``, ``\\b``, ``\\d``, ``\\s`` and case-insensitive letters
    agree) and lets the regex engine skip ahead about twice as fast. A cue none of whose literal
    factors (:func:`_literal_factors`) stands in the lower-cased text is not searched at all.
    """
    search = _CueSearch(text)
    return search.found("posting"), search.found("cv")


class _CueSearch:
    """The cue search of one text (see :func:`posting_cues`), one cue at a time."""

    __slots__ = ("_ascii", "_lowered", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ascii = _ascii_mode_is_exact(text)
        self._lowered = text.lower() if self._ascii else _folded(text)

    def candidates(self, kind: str) -> list[_Cue]:
        """The cues of ``kind`` the text may have, in file order: those without literal factors
        and those with one of them in the lower-cased text (see _literal_factors, _folded)."""
        lowered = self._lowered
        has = lowered.__contains__  # any(map(...)): the same test as any(f in lowered ...), without a generator
        return [
            cue for cue in _cues()
            if cue.kind == kind and (
                cue.factors is None
                or (any(map(has, cue.factors)) if cue.factor_search is None else cue.factor_search.search(lowered) is not None)
            )
        ]

    def hit(self, cue: _Cue) -> bool:
        """True if the text has ``cue``."""
        return self.match(cue) is not None

    def match(self, cue: _Cue) -> re.Match[str] | None:
        """The first match of ``cue`` in the text, or None."""
        return (cue.ascii_pattern if self._ascii else cue.pattern).search(self._text)

    def count(self, cues: Iterable[_Cue], stop: int) -> int:
        """How many of ``cues`` the text has, counting no further than ``stop``."""
        names: set[str] = set()  # a cue with several rows counts once
        for cue in cues:
            if cue.name not in names and self.hit(cue):
                names.add(cue.name)
                if len(names) >= stop:
                    break
        return len(names)

    def found(self, kind: str) -> list[str]:
        """Names of the cues of ``kind`` found, in file order, each once (a cue may have several
        rows, one pattern each)."""
        return list(dict.fromkeys(cue.name for cue in self.candidates(kind) if self.hit(cue)))


#: Posting cues named in the reason (the first ones found, in file order).
POSTING_CUES_SHOWN = 3


def posting_reason(text: str) -> str | None:
    """The review reason when ``text`` reads like a job posting, else None.

    Rule: at least :data:`POSTING_MIN_CUES` distinct posting cues and at most
    :data:`POSTING_MAX_CV_CUES` CV cues, or one posting cue that stands alone (column ``alone``
    of ``rolefit/data/posting_cues.csv``: an employer's own words such as "we are looking for",
    "Hiring:", "(m/f/d)") and no CV cue at all (a one-line ad: "Looking for an
    MLOps engineer: Kubernetes, ..."). The reason quotes the document's words for the first
    :data:`POSTING_CUES_SHOWN` posting cues found, in file order (:func:`_quote`), so every word
    it quotes is in the text. No regex is searched when no posting cue passes the literal
    prefilter, or fewer than the minimum and none that stands alone (most CVs); otherwise the CV
    cues are searched first when enough of them pass the prefilter to rule a posting out, and
    only as far as the rule needs. CV cues, like posting cues, count by name (a cue's rows once).
    """
    search = _CueSearch(text)
    posting = search.candidates("posting")
    names = {cue.name for cue in posting}
    if len(names) < POSTING_MIN_CUES and not any(cue.alone for cue in posting):
        return None
    cv = search.candidates("cv")
    cv_hits: int | None = None  # not counted yet
    if len({cue.name for cue in cv}) > (POSTING_MAX_CV_CUES if len(names) >= POSTING_MIN_CUES else 0):
        # first, as they often settle it: a CV with dated jobs and "I ..." sentences
        cv_hits = search.count(cv, POSTING_MAX_CV_CUES + 1)
        if cv_hits > POSTING_MAX_CV_CUES or (cv_hits and len(names) < POSTING_MIN_CUES):
            return None
    found: dict[str, tuple[_Cue, re.Match[str]]] = {}  # cue name -> its first row that matched
    for cue in posting:
        if cue.name not in found:
            m = search.match(cue)
            if m is not None:
                found[cue.name] = (cue, m)
    hits = list(found.values())
    if len(hits) < POSTING_MIN_CUES:
        # one cue that stands alone, in a text without any CV cue
        if not (hits and hits[0][0].alone):
            return None
        if cv_hits is None:
            cv_hits = search.count(cv, 1)
        if cv_hits:
            return None
    # else: at most POSTING_MAX_CV_CUES CV cues (counted above, or no more could be present)
    quotes = [_quote(m.group(0)) for _, m in hits[:POSTING_CUES_SHOWN]]
    return REASON_POSTING.format(cues=", ".join(f'"{q}"' for q in quotes))


#: Most characters of the document quoted per posting cue in the reason.
POSTING_QUOTE_CHARS = 40


def _quote(found: str) -> str:
    """The words a posting cue matched, as the reason quotes them: whitespace runs as one space,
    leading and trailing punctuation dropped (a heading's bullet or colon), at most
    :data:`POSTING_QUOTE_CHARS` characters (cut at a word, with "...")."""
    words = " ".join(found.split()).strip(" -*•:;,.").strip()
    if len(words) > POSTING_QUOTE_CHARS:
        words = words[:POSTING_QUOTE_CHARS].rsplit(" ", 1)[0] + "..."
    return words


def skills_list_reason(text: str, mentions: Iterable[SkillMention]) -> str | None:
    """:data:`REASON_SKILLS_LIST` when ``text`` is a bare list of skill names, else None.

    A bare list has at most :data:`SKILLS_LIST_MAX_OTHER_WORDS` words outside its skill
    mentions (a word: a run of non-space characters holding a letter, so bullets, commas and
    numbers are not words). The count stops past that bound, so a CV with sentences costs a
    few words' work.

    Parameters
    ----------
    text : str
    mentions : iterable of SkillMention
        The text's mentions (negated ones included: their words name skills too).

    Returns
    -------
    str or None
    """
    n = pos = 0
    for start, end in [*map(_SPAN, sorted(mentions, key=_START)), (len(text), len(text))]:
        for chunk in _CHUNK.finditer(text, pos, start):  # lazily: stops at the first word too many
            if any(map(str.isalpha, chunk.group())):
                n += 1
                if n > SKILLS_LIST_MAX_OTHER_WORDS:
                    return None
        pos = max(pos, end)
    return REASON_SKILLS_LIST.format(n=n)


def decide_label(
    probability: float,
    threshold: float,
    band: float,
    *,
    role_label: str,
    checks: Sequence[RequirementCheck],
    n_evidence: int,
    posting: str | None = None,
    min_evidence: int = MIN_EVIDENCE,
    skills_list: str | None = None,
) -> Decision:
    """The label of one role for one CV, following the role definition (module docstring).

    Parameters
    ----------
    probability, threshold : float in [0, 1]
    band : float in [0, 0.5]
        The review band of the model.
    role_label : str
        Human-readable role name, for reasons.
    checks : sequence of RequirementCheck
        From :func:`check_requirements`.
    n_evidence : int
        Distinct practised concepts outside the ``general`` group.
    posting : str or None
        From :func:`posting_reason`.
    min_evidence : int, default :data:`MIN_EVIDENCE`
    skills_list : str or None
        From :func:`skills_list_reason`: a bare list of skill names is ``review`` where the
        probability would say ``fit`` or lies in the band (like thin evidence), never ``fit``.

    Returns
    -------
    Decision
        ``label`` in :data:`rolefit.schema.LABELS`; ``reason`` set for every ``review``
        caused by the definition (requirements, evidence, a bare skills list, posting).
    """
    if posting is not None:
        # not a CV: no label about a candidate, whatever the probability (a recruiter uploaded the
        # wrong document; a no_fit here would silently reject the person whose CV is missing)
        return Decision(LABELS[1], posting)
    base = label_for(probability, threshold, band)  # the probability's own label (band rule)
    if base == LABELS[0]:
        return Decision(base)
    unmet = [c for c in checks if not c.met]
    if unmet:
        what = " and no ".join(c.label for c in unmet)
        template = REASON_MISSING if base == LABELS[2] else REASON_MISSING_IN_BAND
        return Decision(LABELS[1], template.format(what=what, role=role_label))
    if n_evidence < min_evidence:
        return Decision(LABELS[1], REASON_THIN.format(n=n_evidence, k=min_evidence))
    if skills_list is not None:
        return Decision(LABELS[1], skills_list)
    return Decision(base)
