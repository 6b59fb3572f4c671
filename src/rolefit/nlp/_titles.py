"""The ``rolefit_title_matcher`` component: job titles, read only where a title can stand.

A recruiter reads a CV's job titles first. This component finds them as mentions of
``job_title`` concepts (title classes such as ``title_it_manager`` or ``title_other``), with
character offsets into the original text like every other mention, so a title is evidence a
recruiter can see and check.

Where a title can stand (and nowhere else, so "Adobe Acrobat" in a skills list is never a
circus acrobat and "Selenium web driver" never a driver):

- the first non-empty line, when it is short (at most ``max_first_line`` characters); when
  it is longer (a CV flattened to one paragraph: "DevOps Engineer with 5 years of ..."), the
  longest lexicon title its opening words form, up to the first separator;
- an experience-entry line: the part before the first `` | `` of any line ("DevOps Engineer
  | Contoso | 2019 - 2023"), or a line of at most ``max_entry_line`` characters with an
  employment date range ("Senior Data Scientist, Acme, 2018 - present").

A one-word title inside a skill mention stays a skill only: the tools Rancher, Postman,
Puppeteer and Prefect are no rancher or postman, and "machine learning models" (a skill
mention of machine learning) is no fashion model. A first line that looks like a person's
name (:func:`rolefit.nlp._sections.name_line`) gives a title only when the whole line, level
words aside, is one ("Head Chef", "Senior Accountant"), never a title inside it ("Mary Smith"
is no smith), so names cannot become features.

The *segment* is that text up to the first separator (`` | ``, ``,``, `` at ``, a dash
between spaces, ``(``, ``;``), at most ``max_title_words`` words. A title is the longest
run of words in the lexicon that ends the segment (English titles are head-final:
"Senior Cloud DevOps Engineer" -> "devops engineer"), after trailing level words ("Junior")
are dropped. A title whose lexicon class is empty (listed under occupations of several
classes, e.g. "account manager") gives no mention and is not shortened further.

A title written with a qualifier in front of the lexicon's title ("IT Project Manager",
"Software Developer", "Head of IT") is read by the qualified-title rules
(:mod:`rolefit.nlp._qualified_titles`; data: the ``qualified_titles`` block of
``rolefit/data/context_rules.json``, the component's ``qualified_titles`` setting). They run
where the segment's longest lexicon title is of a class a rule replaces, or where there is
none; the first rule that reads the segment gives the class, and the mention spans the
qualifier (or "Head of") to the end. On a long first line, level words before the title
("Senior IT Manager with ...") are skipped as on a short one.

The lexicon is data: ``rolefit/data/job_titles.csv`` (O*NET 29.3 titles of training
occupations, CC BY 4.0; see ``scripts/build_title_lexicon.py``), loaded with
:func:`rolefit.taxonomy.load_job_titles`. Mentions are appended to
``doc.user_data["rolefit_mentions"]`` (never negated), after ``rolefit_context``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from rolefit.nlp._batching import BatchedPipe
from rolefit.nlp._context import MENTIONS_KEY
from rolefit.nlp._normalise import NORMALISED_KEY
from rolefit.nlp._qualified_titles import QualifiedRule
from rolefit.nlp._sections import find_sections, name_line, section_at

__all__ = ["TitleMatcher", "make_title_matcher", "title_key"]

_WORD_RE = re.compile(r"[\w/&+#.]+")
_LINE_RE = re.compile(r"[^\r\n]+")
_ENTRY_SPLIT = " | "
_SEGMENT_END_RE = re.compile(r"\s+\|\s+|\s*[,;(\t•·]|\s+at\s+|\s+[-–—]+\s+|\s*[–—]\s*|:\s")
_LEAD_RE = re.compile(r"^[\s#*>•·▪◦‣⁃\-–—]*")
_DATE_RANGE = r"(?:19|20)\d\d\s*(?:-|–|—|to|until)\s*(?:(?:19|20)\d\d|present|now|current|today)\b"
_DATE_RANGE_RE = re.compile(r"\b" + _DATE_RANGE, re.IGNORECASE)
# the quick check on a whole text: every line _DATE_RANGE_RE matches, this matches in the text
# (it is the same pattern less the leading \b, so the regex engine scans for the digits 1 and 2)
_ANY_DATE_RANGE_RE = re.compile(_DATE_RANGE, re.IGNORECASE)

#: Words after a title that state a level, not the job ("UX Designer Junior").
DEFAULT_LEVEL_WORDS = ("junior", "middle", "senior", "intern", "trainee", "jr", "sr", "jr.", "sr.")


def title_key(words: Iterable[str]) -> str:
    """The lexicon key of a run of words: lower case, single spaces, no trailing dot."""
    return " ".join(w.casefold() for w in words).strip(" .")


@Language.factory(
    "rolefit_title_matcher",
    default_config={"max_first_line": 80, "max_entry_line": 150, "max_title_words": 8,
                    "level_words": list(DEFAULT_LEVEL_WORDS), "qualified_titles": {}},
)
def make_title_matcher(
    nlp: Language, name: str, max_first_line: int, max_entry_line: int, max_title_words: int, level_words: list[str],
    qualified_titles: dict[str, Any],
) -> TitleMatcher:
    """Factory for :class:`TitleMatcher` (registered with spaCy as ``rolefit_title_matcher``)."""
    return TitleMatcher(nlp, name, max_first_line=max_first_line, max_entry_line=max_entry_line,
                        max_title_words=max_title_words, level_words=level_words,
                        qualified_titles=qualified_titles)


class TitleMatcher(BatchedPipe):
    """Job-title mentions from title positions (see the module docstring).

    Parameters
    ----------
    nlp : Language
    name : str, default "rolefit_title_matcher"
    max_first_line : int, default 80
        Longest first line (characters, stripped) read as a heading title.
    max_entry_line : int, default 150
        Longest line read as an experience entry through its date range.
    max_title_words : int, default 8
        Longest segment, in words, that can be a title.
    level_words : list of str
        Words dropped from the end of a segment before lookup.
    qualified_titles : Mapping, optional
        The qualified-title rules: ``{"rules": [...]}``, each rule with keys ``class``,
        ``qualifiers``, ``heads``, ``heads_of``, ``leading``, ``replaces`` and ``max_between``
        (the ``qualified_titles`` block of ``context_rules.json``, checked by
        :func:`rolefit.nlp._rules.check_qualified_titles`); the first rule that reads a
        segment wins. Empty (the default): no such rule.

    Attributes
    ----------
    titles : dict of str to str
        Title key -> class concept id (``""``: recognised, no mention). Fill with
        :meth:`add_titles`.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "rolefit_title_matcher",
        *,
        max_first_line: int = 80,
        max_entry_line: int = 150,
        max_title_words: int = 8,
        level_words: Sequence[str] = DEFAULT_LEVEL_WORDS,
        qualified_titles: Mapping[str, Any] | None = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.max_first_line = int(max_first_line)
        self.max_entry_line = int(max_entry_line)
        self.max_title_words = int(max_title_words)
        self.level_words = frozenset(w.casefold() for w in level_words)
        self.titles: dict[str, str] = {}
        self._openers: frozenset[str] = frozenset()
        self._set_qualified(qualified_titles or {})

    def _set_qualified(self, block: Mapping[str, Any]) -> None:
        # checked here too, so a bad setting gives RF008, not a KeyError (imported here: the
        # rules module is only needed when a component is built or loaded)
        from rolefit.nlp._rules import check_qualified_titles

        block = check_qualified_titles("the qualified_titles setting of rolefit_title_matcher", block)
        self.qualified_titles = json.loads(json.dumps(dict(block)))  # a plain copy, for cfg
        leading = frozenset(block.get("leading", ())) | self.level_words
        conjunctions = frozenset(block.get("conjunctions", ()))
        self._q_rules = tuple(QualifiedRule(r, leading, conjunctions) for r in block.get("rules", ()))
        # the words a qualified title can open with (a long first line opens with one)
        self._q_openers = frozenset(w for r in self._q_rules for w in r.openers)
        # the last words a qualified title can end in, and the first words of head-first forms
        self._q_heads = frozenset(w for r in self._q_rules for w in r.heads)
        self._q_head_of = frozenset(h[0] for r in self._q_rules for h in r.heads_of)

    def add_titles(self, titles: Mapping[str, str], *, normalised: bool = False) -> None:
        """Add ``title key -> class concept id`` entries.

        Keys are normalised like :func:`title_key` (case-folded, single spaces, no surrounding
        spaces or dots) unless ``normalised`` is True: then they must already be in that form,
        as :func:`rolefit.taxonomy.load_job_titles` guarantees, and are taken as they are
        (40,000 bundled titles: re-normalising them was a tenth of a cold start).
        """
        if normalised:
            self.titles.update(titles)
        else:
            self.titles.update((" ".join(t.casefold().split()).strip(" ."), str(c)) for t, c in titles.items())
        # first words of multi-word titles: most long first lines open with none of them
        self._openers = frozenset(t.split(" ", 1)[0] for t in self.titles if " " in t)

    # ------------------------------------------------------------------ finding
    def segments(self, text: str) -> list[tuple[int, int, str]]:
        """The title positions of ``text``, in order, as ``(start_char, end_char, kind)``.

        ``kind`` is ``"first"`` (a short first line, up to its first separator), ``"opening"``
        (a long first line: only a title its opening words form counts) or ``"entry"`` (an
        experience-entry line, up to its first separator).
        """
        out: list[tuple[int, int, str]] = []
        first = True
        # a line after the first is read only for " | " or a date range: most texts have neither
        entries: bool | None = None  # whether the text has either (looked up at its second line)
        for m in _LINE_RE.finditer(text):
            if not first:
                if entries is None:
                    entries = _ENTRY_SPLIT in text or _ANY_DATE_RANGE_RE.search(text) is not None
                if not entries:
                    break
            line = m.group()
            if not line.strip():
                continue
            lead = _LEAD_RE.match(line).end()
            start = m.start() + lead
            body = line[lead:]
            candidate, kind = None, "entry"
            if first and len(line.strip()) <= self.max_first_line:
                candidate, kind = body, "first"
            elif first:
                out.append((start, m.end(), "opening"))
            elif _ENTRY_SPLIT in body:
                candidate = body.split(_ENTRY_SPLIT, 1)[0]
            elif len(line) <= self.max_entry_line and _DATE_RANGE_RE.search(body):
                candidate = body
            first = False
            if candidate is None:
                continue
            cut = _SEGMENT_END_RE.search(candidate)
            seg = (candidate[: cut.start()] if cut else candidate).rstrip()
            if seg:
                out.append((start, start + len(seg), kind))
        return out

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start_char, end_char, class concept id)`` of each title found in ``text``."""
        found: list[tuple[int, int, str]] = []
        name: tuple[int, int] | None = None  # computed when first needed
        for s, e, kind in self.segments(text):
            hit = None if kind == "opening" else self._segment_title(text, s, e)
            if hit is None and kind != "entry":  # "DevOps engineer with 5 years of AWS"
                hit = self._opening_title(text, s)
            if hit is not None and kind == "first" and name is None:
                name = name_line(text)
            if hit is not None and kind == "first" and name[0] <= s < name[1] and not (
                hit[1] == e and all(w.casefold() in self.level_words for w in text[s:hit[0]].split())
            ):
                continue  # "Mary Smith" is a person, not a smith; "Head Chef", "Senior Accountant" are titles
            if hit is not None and hit[2]:
                found.append(hit)
        return found

    def _segment_title(self, text: str, s: int, e: int) -> tuple[int, int, str] | None:
        """The longest lexicon title that ends the segment ``[s, e)`` (class ``""``: mixed), or None."""
        words = [(w.start(), w.group().rstrip(".")) for w in _WORD_RE.finditer(text, s, e)]
        words = [w for w in words if w[1]]
        while words and words[-1][1].casefold() in self.level_words:
            words.pop()
        if not words or len(words) > self.max_title_words:
            return None
        folded = [w.casefold() for _, w in words]  # title_key of each suffix, without re-folding
        end = words[-1][0] + len(words[-1][1])
        i, cls = self._lexicon_suffix(folded)
        # a qualified title ("IT Project Manager", "Telecommunications manager", "Head of IT")
        # before the lexicon's own reading
        q = self._qualified(folded, i, cls)
        if q is not None:
            return (words[q[0]][0], end, q[1])
        return None if cls is None else (words[i][0], end, cls)

    def _lexicon_suffix(self, folded: Sequence[str]) -> tuple[int, str | None]:
        """Start index and class of the longest lexicon title that ends ``folded``;
        ``(len(folded) - 1, None)`` when there is none."""
        titles = self.titles
        for i in range(len(folded)):
            cls = titles.get(" ".join(folded[i:]).strip(" ."))
            if cls is not None:
                return i, cls
        return len(folded) - 1, None

    def _qualified(self, folded: Sequence[str], i: int, cls: str | None) -> tuple[int, str] | None:
        """``(start index, class)`` of the first rule's reading of ``folded`` as a qualified
        title, given its longest lexicon title ``folded[i:]`` of class ``cls`` (None: no lexicon
        title, ``i`` is then the last word); None when no rule reads it."""
        for rule in self._q_rules:
            q = None
            if cls is None or cls in rule.replaces:
                q = rule.qualifier(folded, i, cls == "") if len(folded) > 1 else None
            if q is None and cls is None and len(folded) > 2:
                q = rule.head_first(folded)
            if q is not None:
                return q, rule.cls
        return None

    def _opening_title(self, text: str, start: int) -> tuple[int, int, str] | None:
        """The longest title of two words or more that the words at ``start`` begin, up to a separator.

        One word is not enough here: "Former videomaker, ..." does not name a metal former.
        """
        first = _WORD_RE.match(text, start)
        if first is None:
            return None
        opener = first.group().rstrip(".").casefold()
        if opener not in self._openers and opener not in self._q_openers and opener not in self.level_words:
            return None
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        words: list[tuple[int, str, int]] = []  # (start, word less trailing dots, end)
        for w in _WORD_RE.finditer(text, start, end):
            if w.group().rstrip("."):
                words.append((w.start(), w.group().rstrip("."), w.end()))
            if len(words) >= self.max_title_words:
                break
        if words:
            # the words before the first separator. A separator never starts inside a word, and
            # one that starts before the last word's end ends by one character after it (only
            # " at " holds word characters), so the search need not read the whole line
            cut = _SEGMENT_END_RE.search(text, start, min(end, words[-1][2] + 1))
            if cut is not None:
                words = [w for w in words if w[2] <= cut.start()]
        folded = [w[1].casefold() for w in words]  # title_key of each prefix, without re-folding
        # level words first ("Senior Data Scientist with ..."): the title starts after them
        lead = 0
        while lead < len(folded) - 1 and folded[lead] in self.level_words:
            lead += 1
        titles = self.titles
        for n in range(len(words), max(lead, 1), -1):
            cls = titles.get(" ".join(folded[lead:n]).strip(" ."))
            if cls is not None:
                return (words[lead][0], words[n - 1][0] + len(words[n - 1][1]), cls)
        # a qualified title: the longest run of words that reads as one ("IT project manager
        # with 10 years of ...", "Head of IT with ...")
        if not self._q_rules:
            return None
        # a run can read only if it ends in a head, or the line opens head first ("Head of")
        head_first = not self._q_head_of.isdisjoint(folded)
        for n in range(len(words), 1, -1):
            if not head_first and folded[n - 1] not in self._q_heads:
                continue
            q = self._qualified(folded[:n], *self._lexicon_suffix(folded[:n]))
            if q is not None:
                return (words[q[0]][0], words[n - 1][0] + len(words[n - 1][1]), q[1])
        return None

    def __call__(self, doc: Doc) -> Doc:
        norm = doc.user_data.get(NORMALISED_KEY)
        original = norm.original if norm is not None else doc.text
        found = self.find(original) if self.titles else []
        if found:
            sections = find_sections(original)
            starts = [s for s, _ in sections]
            names = [n for _, n in sections]
            mentions = list(doc.user_data.get(MENTIONS_KEY, []))
            # a tool named like a job (Rancher, Postman) stays a tool: no one-word title inside a
            # skill mention ("Project Manager" is both a skill and a title, and stays both)
            skills = [(m[0], m[1]) for m in mentions]
            mentions.extend(
                (s, e, cid, section_at(starts, names, s), False, None) for s, e, cid in found
                if " " in original[s:e].strip() or not any(a <= s and e <= b for a, b in skills)
            )
            mentions.sort(key=lambda m: (m[0], m[1]))
            doc.user_data[MENTIONS_KEY] = mentions
        return doc

    # ------------------------------------------------------------------ serialisation
    def _cfg(self) -> dict[str, object]:
        return {"max_first_line": self.max_first_line, "max_entry_line": self.max_entry_line,
                "max_title_words": self.max_title_words, "level_words": sorted(self.level_words),
                "qualified_titles": self.qualified_titles}

    def _set_cfg(self, cfg: Mapping[str, object]) -> None:
        self.max_first_line = int(cfg["max_first_line"])
        self.max_entry_line = int(cfg["max_entry_line"])
        self.max_title_words = int(cfg["max_title_words"])
        self.level_words = frozenset(str(w) for w in cfg["level_words"])
        self._set_qualified(cfg.get("qualified_titles", {}))

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """Settings and titles as UTF-8 JSON."""
        return json.dumps({"cfg": self._cfg(), "titles": self.titles}, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> TitleMatcher:
        """Replace settings and titles with those in ``data`` (from :meth:`to_bytes`)."""
        payload = json.loads(data.decode("utf-8"))
        self._set_cfg(payload["cfg"])
        self.titles = {}
        self.add_titles(payload["titles"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write ``cfg`` and ``titles.json`` into the directory ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg").write_text(json.dumps(self._cfg()), encoding="utf-8")
        (path / "titles.json").write_text(json.dumps(self.titles, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> TitleMatcher:
        """Load what :meth:`to_disk` wrote."""
        path = ensure_path(path)
        self._set_cfg(json.loads((path / "cfg").read_text(encoding="utf-8")))
        self.titles = {}
        self.add_titles(json.loads((path / "titles.json").read_text(encoding="utf-8")))
        return self

    def __repr__(self) -> str:
        return f"TitleMatcher(name={self.name!r}, titles={len(self.titles)})"
