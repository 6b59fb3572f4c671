"""Skill-mention extraction: the only module that imports spaCy.

The pipeline is ``spacy.blank("en")`` plus two components:

``span_ruler``
    spaCy's built-in span ruler with one phrase pattern per taxonomy surface form,
    matched case-insensitively on the ``LOWER`` token attribute; the concept id rides on
    ``span.id_``; overlapping candidates keep the longest (``Google Cloud Platform`` beats
    ``Google Cloud``).
``rolefit_context``
    our component for context rules: CV sections from headings, negation and non-practice
    cues ("no experience with X", "want to learn X", "X (basic exposure)", "worked with
    teams that used X"), and the skills-context check for ambiguous short names (``Go``,
    ``R``, ``Spark``...).

Before tokenisation the text is normalised for matching -- ligatures and other
compatibility characters (NFKC), words hyphenated across a line break, soft hyphens and
zero-width characters, bullets and single line breaks -- while an offset map keeps every
:class:`~rolefit.schema.SkillMention` pointing into the ORIGINAL text
(``text[m.start_char:m.end_char] == m.text``, end exclusive).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from rolefit.errors import Errors, InputTooLargeError, InputTypeError
from rolefit.schema import Concept, SkillMention
from rolefit.taxonomy import Taxonomy, default_taxonomy

__all__ = [
    "DEFAULT_MAX_CHARS",
    "Extractor",
    "get_extractor",
    "extract_skills",
    "extract_skills_many",
    "normalise",
    "Normalised",
    "find_sections",
]

#: rolefit's own cap on the length of one text, in characters (spaCy's own limit, E088, is
#: 1,000,000). A CV is rarely above 30,000 characters; pass ``max_chars`` to change it.
DEFAULT_MAX_CHARS = 200_000

_USER_DATA_KEY = "rolefit_normalised"

# --------------------------------------------------------------------------------------
# Normalisation with an offset map
# --------------------------------------------------------------------------------------

#: Characters that separate list items; mapped to "," for matching.
_SEPARATORS = "•●▪◦‣|;■□►▶➢➤✓✔○◆◇★☆⁃∙·"
_ONE_TO_ONE = str.maketrans({**{c: "," for c in _SEPARATORS}, "\t": " ", "\r": " ", "\f": " ", "\v": " "})
# length-changing spots: hyphenation across a line break, invisible characters, non-ASCII
_SLOW_RE = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])|[\u00ad\u200b-\u200f\u2060\ufeff]|[^\x00-\x7f]")
_ASCII_ONE_TO_ONE = (("|", ","), (";", ","), ("\n", " "), ("\t", " "), ("\r", " "), ("\f", " "), ("\v", " "))
# quick checks (patterns starting with a literal or a class scan fast); the exact rule is _SLOW_RE
_HYPHEN_BREAK_RE = re.compile(r"-[ \t]*\r?\n")
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff\ud800-\udfff]")


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":  # lone surrogate: cannot be encoded, keep the length
        return "\ufffd"
    out = unicodedata.normalize("NFKC", ch)
    # keep separators that NFKC would turn into something else, and never produce "\n"
    return out if out and "\n" not in out else " "


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text prepared for matching, with the way back to the original.

    Attributes
    ----------
    original : str
        The input text.
    text : str
        The text the tokenizer sees.
    offsets : tuple of int or None
        ``offsets[i]`` is the index in ``original`` of ``text[i]``; ``offsets[len(text)]``
        is ``len(original)``. None when the two texts have the same length and alignment.
    """

    original: str
    text: str
    offsets: tuple[int, ...] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the original text."""
        if self.offsets is None:
            return start, end
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def normalise(text: str) -> Normalised:
    """Prepare ``text`` for matching; see the module docstring.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    Normalised
    """
    hyphen_break = "-" in text and _HYPHEN_BREAK_RE.search(text) is not None
    if text.isascii() and not hyphen_break:
        flat = text
        for ch, repl in _ASCII_ONE_TO_ONE:
            if ch in flat:
                flat = flat.replace(ch, repl)
        return Normalised(text, flat, None)
    if not hyphen_break and unicodedata.is_normalized("NFKC", text) and _INVISIBLE_RE.search(text) is None:
        return Normalised(text, text.translate(_ONE_TO_ONE).replace("\n", " "), None)
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SLOW_RE.finditer(text):
        start = m.start()
        if start > pos:
            pieces.append(text[pos:start])
            offsets.extend(range(pos, start))
        frag = m.group()
        if len(frag) == 1 and frag not in "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff-":
            repl = frag if frag in _SEPARATORS else _nfkc_char(frag)
            pieces.append(repl)
            offsets.extend([start] * len(repl))
        # else: hyphenation or invisible character: dropped
        pos = m.end()
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    flat = "".join(pieces).translate(_ONE_TO_ONE).replace("\n", " ")
    return Normalised(text, flat, tuple(offsets))


# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------

_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "personal profile",
        "about", "about me", "objective", "career objective", "overview", "career summary",
        "introduction",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "experience highlights", "career", "professional background",
    ),
    "skills": (
        "skills", "technical skills", "key skills", "core skills", "hard skills", "soft skills",
        "skill set", "skillset", "competencies", "core competencies", "key competencies",
        "technologies", "tech stack", "technology stack", "tools", "tools and technologies",
        "tools & technologies", "skills and tools", "skills & tools", "technical expertise",
        "expertise", "areas of expertise", "stack", "it skills", "skills & expertise",
    ),
    "projects": ("projects", "personal projects", "key projects", "selected projects", "side projects", "project experience"),
    "education": (
        "education", "academic background", "education and training", "education & training",
        "studies", "academic qualifications", "qualifications",
    ),
    "certifications": (
        "certifications", "certification", "certificates", "licenses & certifications",
        "licenses and certifications", "courses", "courses & certifications", "courses and certifications",
        "training", "trainings",
    ),
    "languages": ("languages", "language skills", "spoken languages", "language"),
    "interests": (
        "interests", "hobbies", "hobbies and interests", "hobbies & interests", "interests and hobbies",
        "interests & hobbies", "personal interests", "leisure", "free time", "outside work",
    ),
    "other": (
        "other", "additional information", "references", "awards", "publications", "misc",
        "miscellaneous", "achievements", "volunteering", "volunteer experience", "contact",
    ),
}
_HEADING_TO_SECTION = {h: s for s, hs in _HEADINGS.items() for h in hs}
_HEADING_ALT = "|".join(sorted((re.escape(h) for h in _HEADING_TO_SECTION), key=len, reverse=True))
# a heading line: optional bullets/markdown, the heading, optional colon, then either the end of
# the line or (after a colon) inline content such as "Skills: Python, Docker"
_HEADING_RE = re.compile(
    rf"^[ \t#*=_>\-•●▪◦‣■►▶➢➤]*(?P<h>{_HEADING_ALT})[ \t]*(?:(?P<colon>[:：])(?P<rest>[^\r\n]*)|[ \t#*=_\-]*)\r?$",
    re.IGNORECASE | re.MULTILINE,
)


def find_sections(text: str) -> list[tuple[int, str]]:
    """Section starts in ``text`` from its heading lines.

    Recognises headings on their own line or followed by a colon and content
    ("Skills: Python"), in any case, after bullets or markdown markers.

    Parameters
    ----------
    text : str
        The original text.

    Returns
    -------
    list of (int, str)
        ``(start_char, section)`` pairs in order; text before the first heading is ``other``.
    """
    out: list[tuple[int, str]] = []
    for m in _HEADING_RE.finditer(text):
        if m.group("colon") is None and m.group(0).strip() == "":
            continue
        section = _HEADING_TO_SECTION[" ".join(m.group("h").casefold().split())]
        out.append((m.start(), section))
    return out


_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’.-]*")
_TITLE_WORDS = frozenset(
    """engineer developer manager specialist consultant architect lead analyst scientist designer
    officer director administrator cv resume résumé curriculum vitae head owner expert intern
    programmer tester devops mlops sre""".split()
)


def _name_line(text: str) -> tuple[int, int]:
    """``[start, end)`` of a leading line that looks like a person's name, else ``(0, 0)``.

    A name line is the start of the first non-empty line, up to a line break, ``,`` or ``|``:
    2 to 4 capitalised words and nothing else, none of them a job-title word. Skill matches
    there are dropped (surnames such as Jenkins or Kafka are also tool names) unless every
    word of the line is a skill (a one-line headline such as "Jira Confluence Scrum"): see
    :meth:`ContextComponent.__call__`.
    """
    stripped = text.lstrip(" \t\r\n\ufeff")
    start = len(text) - len(stripped)
    end = start
    while end < len(text) and text[end] not in "\r\n,|;":
        end += 1
    words = text[start:end].split()
    if not 2 <= len(words) <= 4:
        return (0, 0)
    for w in words:
        if not (_NAME_WORD_RE.fullmatch(w) and w[0].isupper()) or w.lower() in _TITLE_WORDS:
            return (0, 0)
    return (start, end)


def _section_at(starts: list[int], names: list[str], pos: int) -> str:
    i = bisect.bisect_right(starts, pos) - 1
    return names[i] if i >= 0 else "other"


# --------------------------------------------------------------------------------------
# Negation and non-practice
# --------------------------------------------------------------------------------------

# Each cue is (anchor groups, pattern): the pattern only runs on texts whose lower-cased form
# contains an anchor of every group, which keeps the common case (no cue at all) cheap.
_PRE_CUE_RULES: tuple[tuple[tuple[tuple[str, ...], ...], re.Pattern[str]], ...] = tuple(
    (tuple(tuple(sorted(group)) for group in anchors), re.compile(pattern, re.IGNORECASE | re.VERBOSE))
    for anchors, pattern in (
        (({"no "}, {"experience", "knowledge", "exposure", "background", "expertise"}), r"""\bno\s+(?:prior\s+|previous\s+|professional\s+|hands[- ]on\s+|practical\s+|real\s+
            |commercial\s+|production\s+)?(?:experience|knowledge|exposure|background|expertise)\b"""),
        (({"not", "n't", "n’t"}, {"familiar", "experienced", "proficient", "skilled", "used", "worked", "touched", "tried"}), r"""\b(?:not|n['’]t)\s+(?:yet\s+|very\s+|really\s+)?(?:familiar|experienced|proficient|skilled
            |used|worked\s+with|touched|tried)\b"""),
        (({"unfamiliar", "inexperienced"},), r"\b(?:unfamiliar|inexperienced)\s+with\b"),
        (({"never"},), r"\bnever\s+(?:\w+\s+)?(?:used|worked|touched|tried|had)\b"),
        (({"learn", "study", "explor", "master", " try", "get into"},
          {"want", "like", "plan", "hop", "eager", "keen", "aim", "willing", "motivated", "looking", "interested",
           "dream"}), r"""\b(?:want|wants|wanted|would\s+like
            |['’]d\s+like|plan(?:ning)?|hop(?:e|ing)|eager|keen|aim(?:ing)?|willing|motivated|looking\s+forward
            |interested\s+in|dream(?:ing)?\s+of)\s+(?:to\s+)?(?:learn|learning|study|studying|explore|exploring|master
            |try|get\s+into)\b"""),
        (({"learning", "studying", "exploring"}, {"currently", "now", "still", "start", "am ", "i'm", "i’m", "began"}), r"""\b(?:currently|now|still|started|starting|am|i['’]m|began)\s+
            (?:learning|studying|exploring)\b"""),
        (({"lack"},), r"\black(?:ing|s)?\s+(?:of\s+)?(?:experience|knowledge|exposure)\b"),
        (({"that ", "who ", "which "}, {" use", "worked", "relied"},
          {"team", "colleague", "engineer", "developer", "people", "department", "vendor", "client", "customer",
           "compan", "specialist"}), r"""\b(?:worked|working|work|collaborated|collaborating|cooperated|liaised|partnered)
            \s+with\s+(?:\w+\s+){0,3}?(?:teams?|colleagues|engineers|developers|people|departments?|vendors?|clients?
            |customers?|companies|specialists)\s+(?:that|who|which)\s+(?:\w+\s+)?(?:used|use|uses|using|were\s+using
            |worked\s+with|relied\s+on)\b"""),
    )
)


def _cue_spans(text: str) -> list[tuple[int, int]]:
    """``(end, start)`` of every negation / non-practice cue in ``text``, sorted by end."""
    contains = text.lower().__contains__
    spans: list[tuple[int, int]] = []
    for anchors, pattern in _PRE_CUE_RULES:
        if all(any(map(contains, group)) for group in anchors):
            spans.extend((m.end(), m.start()) for m in pattern.finditer(text))
    spans.sort()
    return spans


_POST_CUE = re.compile(
    r"""^[ \t]*[(\[][ \t]*
    (?:basic|basics|beginner|some|limited|minimal|little|theoretical|academic|entry[- ]level|currently|in\s+progress|learning|studying|planned|familiar|familiarity)
    (?:[ \t]+(?:exposure|knowledge|familiarity|understanding|awareness|level|learning|only))?[ \t]*[)\]]""",
    re.IGNORECASE | re.VERBOSE,
)
# where a negation's scope ends: sentence ends, line breaks, list separators, contrast words
_SCOPE_END = re.compile(
    r"[.!?](?=\s|$)|\n|[;|•●▪◦‣■►▶➢➤✓✔]|\b(?:but|however|although|though|whereas|while|yet)\b",
    re.IGNORECASE,
)


def _negated_by_cue(text: str, cues: list[tuple[int, int]], boundaries: list[int], start: int) -> bool:
    """True when the last cue ending before ``start`` begins inside the mention's scope."""
    i = bisect.bisect_right(cues, (start, start)) - 1
    if i < 0:
        return False
    cue_end, cue_start = cues[i]
    j = bisect.bisect_right(boundaries, start) - 1
    scope = boundaries[j] if j >= 0 else 0
    return cue_start >= scope and cue_end <= start


# --------------------------------------------------------------------------------------
# Ambiguous short names
# --------------------------------------------------------------------------------------

_LIST_SEPARATORS = frozenset(",;/|()[]&+:" + _SEPARATORS)
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


def _prev_token(doc: Doc, i: int):
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _next_token(doc: Doc, i: int):
    j = i
    while j < len(doc) and doc[j].is_space:
        j += 1
    return doc[j] if j < len(doc) else None


def _ambiguous_ok(
    doc: Doc, start: int, end: int, section: str, other_near: bool, line_start: bool, coordinated: bool
) -> bool:
    if section == "skills":
        return True
    prev = _prev_token(doc, start)
    nxt = _next_token(doc, end)
    sep_prev = prev is not None and prev.text in _LIST_SEPARATORS
    sep_next = nxt is not None and nxt.text in _LIST_SEPARATORS
    if (sep_prev or sep_next or line_start) and other_near and (sep_prev or sep_next):
        return True
    capitalised = doc[start].text[:1].isupper()
    if not capitalised:
        return False
    if coordinated:  # "C and C++", "Go or Rust": joined to another skill mention
        return True
    sentence_start = line_start or prev is None or prev.text in {".", "!", "?", ":", "\"", "“"}
    if prev is not None and prev.lower_ in _CUE_BEFORE and not sentence_start:
        return True
    if nxt is not None and nxt.lower_ in _CUE_AFTER:
        return True
    return False


# --------------------------------------------------------------------------------------
# The components
# --------------------------------------------------------------------------------------

#: Key of ``doc.user_data`` holding the matches, ``(concept_id, start_token, end_token)``.
MATCHES_KEY = "rolefit_matches"
#: Key of ``doc.user_data`` holding the mentions that count, ``(start_char, end_char,
#: concept_id, section, negated)`` in ORIGINAL-text offsets.
MENTIONS_KEY = "rolefit_mentions"


@Language.factory("rolefit_skill_matcher", default_config={"attr": "LOWER"})
def make_skill_matcher(nlp: Language, name: str, attr: str) -> SkillMatcher:
    """Factory for :class:`SkillMatcher` (registered with spaCy as ``rolefit_skill_matcher``)."""
    return SkillMatcher(nlp, attr=attr)


class SkillMatcher:
    """Find taxonomy surface forms with spaCy's ``PhraseMatcher``; keep the longest.

    Like spaCy's ``span_ruler`` with ``first_longest_spans_filter``, but stores plain
    ``(concept_id, start, end)`` token triples in ``doc.user_data["rolefit_matches"]``
    instead of ``Span`` objects: the benchmark showed span creation cost a third of the
    extraction time.
    """

    def __init__(self, nlp: Language, attr: str = "LOWER") -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self._concept_of: dict[int, str] = {}

    def add_concepts(self, concepts: Iterable[Concept]) -> None:
        """Add one pattern per surface form of each concept."""
        for concept in concepts:
            key = self.nlp.vocab.strings.add(concept.id)
            self._concept_of[key] = concept.id
            self.matcher.add(concept.id, list(self.nlp.tokenizer.pipe(concept.surface_forms)))

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        if len(matches) > 1 and any(matches[i][1] < matches[i - 1][2] for i in range(1, len(matches))):
            # longest first, then leftmost; greedily keep non-overlapping
            matches = sorted(matches, key=lambda m: (m[1] - m[2], m[1]))
            taken: list[tuple[int, int, int]] = []
            used: set[int] = set()
            for key, start, end in matches:
                if used.isdisjoint(range(start, end)):
                    taken.append((key, start, end))
                    used.update(range(start, end))
            matches = sorted(taken, key=lambda m: m[1])
        concept_of = self._concept_of
        doc.user_data[MATCHES_KEY] = [(concept_of[k], s, e) for k, s, e in matches]
        return doc


@Language.factory("rolefit_context", default_config={"strict_ids": []})
def make_context_component(nlp: Language, name: str, strict_ids: list[str]) -> ContextComponent:
    """Factory for :class:`ContextComponent` (registered with spaCy as ``rolefit_context``)."""
    return ContextComponent(strict_ids=strict_ids)


class ContextComponent:
    """Apply section, negation and ambiguity rules to the skill matches of a doc.

    Reads ``doc.user_data["rolefit_matches"]`` and writes the mentions that count
    (ambiguous short names only in a skills context) to ``doc.user_data["rolefit_mentions"]``
    as ``(start_char, end_char, concept_id, section, negated)`` tuples in offsets of the
    ORIGINAL text (see :func:`normalise`).
    """

    def __init__(self, strict_ids: Iterable[str] = ()) -> None:
        self.strict_ids = frozenset(strict_ids)

    def __call__(self, doc: Doc) -> Doc:
        matches = doc.user_data.get(MATCHES_KEY, [])
        if not matches:
            doc.user_data[MENTIONS_KEY] = []
            return doc
        norm: Normalised = doc.user_data.get(_USER_DATA_KEY) or Normalised(doc.text, doc.text, None)
        original = norm.original
        name_start, name_end = _name_line(original)
        positions = []
        for cid, s, e in matches:
            last = doc[e - 1]
            positions.append(norm.to_original(doc[s].idx, last.idx + len(last.text)))
        if name_end:
            # a name has at least one word that is no skill: "Mary Jenkins" yes, "Jira Scrum" no
            covered = sum(min(e, name_end) - max(b, name_start) for b, e in positions if b < name_end and e > name_start)
            line_letters = len(original[name_start:name_end].replace(" ", ""))
            if covered >= line_letters:
                name_start = name_end = 0
        sections = find_sections(original)
        sec_starts = [s for s, _ in sections]
        sec_names = [n for _, n in sections]
        cues = _cue_spans(original)
        boundaries = [m.end() for m in _SCOPE_END.finditer(original)] if cues else []
        line_starts: list[int] | None = None
        results: list[tuple[int, int, str, str, bool]] = []
        for k, ((cid, s, e), (start, end)) in enumerate(zip(matches, positions)):
            if name_start <= start < name_end:
                continue  # "Mary Jenkins", "Julia Kafka": a person's name, not tools
            section = _section_at(sec_starts, sec_names, start)
            if cid in self.strict_ids and e - s == 1 and _is_strict(doc[s].text):
                if line_starts is None:
                    line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(original)]
                line_i = bisect.bisect_right(line_starts, start) - 1
                line_start = original[line_starts[line_i]:start].strip(" \t" + _SEPARATORS + "-*") == ""
                near = range(max(0, k - 3), min(len(matches), k + 4))
                other_near = any(abs(positions[j][0] - start) < 60 and matches[j][0] != cid for j in near)
                coordinated = any(
                    matches[j][0] != cid
                    and (0 <= matches[j][1] - e <= 1 or 0 <= s - matches[j][2] <= 1)
                    and all(t.lower_ in _COORDINATORS for t in doc[min(e, matches[j][2]):max(s, matches[j][1])])
                    for j in near if j != k
                )
                if not _ambiguous_ok(doc, s, e, section, other_near, line_start, coordinated):
                    continue
            negated = bool(cues) and _negated_by_cue(original, cues, boundaries, start)
            if not negated:
                after = original[end:end + 3].lstrip(" \t")
                if after[:1] in ("(", "["):
                    negated = _POST_CUE.match(original[end:end + 60]) is not None
            results.append((start, end, cid, section, negated))
        doc.user_data[MENTIONS_KEY] = results
        return doc


# --------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------


class Extractor:
    """A spaCy pipeline built from a taxonomy, turning texts into skill mentions.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.
    max_chars : int, default DEFAULT_MAX_CHARS
        Longest text accepted, in characters.

    Attributes
    ----------
    nlp : spacy.language.Language
        ``spacy.blank("en")`` + ``rolefit_skill_matcher`` + ``rolefit_context``.
    """

    def __init__(self, taxonomy: Taxonomy | None = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
        self.max_chars = int(max_chars)
        self.nlp = self._build()

    def _build(self) -> Language:
        nlp = spacy.blank("en")
        nlp.max_length = max(self.max_chars + 1, nlp.max_length)
        matcher = nlp.add_pipe("rolefit_skill_matcher")
        matcher.add_concepts(self.taxonomy.concepts)
        strict = [c.id for c in self.taxonomy.concepts if c.ambiguous]
        nlp.add_pipe("rolefit_context", config={"strict_ids": strict})
        return nlp

    def _make_doc(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise InputTypeError(Errors.RF102.format(type_name=type(text).__name__))
        if len(text) > self.max_chars:
            raise InputTooLargeError(Errors.RF101.format(length=len(text), max_chars=self.max_chars))
        norm = normalise(text)
        doc = self.nlp.make_doc(norm.text)
        doc.user_data[_USER_DATA_KEY] = norm
        return doc

    def _mentions(self, doc: Doc) -> tuple[SkillMention, ...]:
        original = doc.user_data[_USER_DATA_KEY].original
        concept = self.taxonomy.__getitem__
        return tuple(
            SkillMention(start, end, cid, concept(cid).label, original[start:end], section, negated)
            for start, end, cid, section, negated in doc.user_data[MENTIONS_KEY]
        )

    def extract(self, text: str) -> tuple[SkillMention, ...]:
        """Skill mentions in one text; see :func:`extract_skills`."""
        return self._mentions(self.nlp(self._make_doc(text)))

    def extract_many(self, texts: Iterable[str], *, batch_size: int = 256) -> list[tuple[SkillMention, ...]]:
        """Skill mentions in many texts; see :func:`extract_skills_many`."""
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise InputTypeError(Errors.RF103.format(value=batch_size))
        docs = (self._make_doc(t) for t in texts)
        return [self._mentions(d) for d in self.nlp.pipe(docs, batch_size=batch_size)]


_EXTRACTORS: dict[tuple[int, int], tuple[Taxonomy | None, Extractor]] = {}


def get_extractor(taxonomy: Taxonomy | None = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Extractor:
    """A cached :class:`Extractor` for ``taxonomy`` (the bundled one by default).

    Up to 8 extractors are kept, keyed by the taxonomy object and ``max_chars``.
    """
    key = (id(taxonomy) if taxonomy is not None else 0, int(max_chars))
    hit = _EXTRACTORS.get(key)
    if hit is None or hit[0] is not taxonomy:
        if len(_EXTRACTORS) >= 8:
            _EXTRACTORS.pop(next(iter(_EXTRACTORS)))
        hit = (taxonomy, Extractor(taxonomy, max_chars=max_chars))
        _EXTRACTORS[key] = hit
    return hit[1]


def extract_skills(
    text: str, *, taxonomy: Taxonomy | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[SkillMention, ...]:
    """Extract skill mentions from a CV or a job posting.

    Parameters
    ----------
    text : str
        The document text, as read (e.g. by :func:`rolefit.read_text`).
    taxonomy : Taxonomy, optional
        Concepts to look for; the bundled taxonomy by default.
    max_chars : int, default 200,000
        rolefit's cap on the text length, in characters.

    Returns
    -------
    tuple of SkillMention
        Sorted by ``start_char``; offsets index ``text`` (end exclusive), so
        ``text[m.start_char:m.end_char] == m.text``. Negated / not-practised mentions are
        included with ``negated=True``.

    Raises
    ------
    InputTooLargeError
        If ``len(text) > max_chars`` (raised before spaCy's own E088 limit).
    InputTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> [m.concept_id for m in extract_skills("Skills: K8s, GitLab CI, no experience with Rust")]
    ['kubernetes', 'gitlab_ci', 'rust']
    """
    return get_extractor(taxonomy, max_chars=max_chars).extract(text)


def extract_skills_many(
    texts: Iterable[str],
    *,
    batch_size: int = 256,
    taxonomy: Taxonomy | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[tuple[SkillMention, ...]]:
    """Extract skill mentions from many texts with ``nlp.pipe``.

    Returns exactly ``[extract_skills(t) for t in texts]`` for any ``batch_size``.

    Parameters
    ----------
    texts : iterable of str
    batch_size : int, default 256
        Texts per spaCy batch (must be >= 1).
    taxonomy : Taxonomy, optional
    max_chars : int, default 200,000

    Returns
    -------
    list of tuple of SkillMention
        One tuple per input text, in input order.

    Raises
    ------
    InputTooLargeError
        If any text is longer than ``max_chars``.
    InputTypeError
        For a non-``str`` text or an invalid ``batch_size``.
    """
    return get_extractor(taxonomy, max_chars=max_chars).extract_many(texts, batch_size=batch_size)
