"""CV sections from heading lines, and the person's-name line at the top of a CV.

Heading phrases, their sections and weights, and the bullet glyphs allowed before a heading
all come from the context rules (:mod:`rolefit.nlp._rules`).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from rolefit.nlp._rules import ContextRules, default_rules

__all__ = ["SectionFinder", "find_sections", "name_line", "section_at"]


class SectionFinder:
    """Find section starts from heading lines, per :class:`ContextRules`."""

    def __init__(self, rules: ContextRules) -> None:
        self._regex = rules.heading_regex()
        self._first, self._later = rules.heading_line_regexes()
        self._to_section = rules.heading_to_section
        # the same table with the dotless i as "i" (see _section_of)
        self._loose = {k.replace("ı", "i"): v for k, v in self._to_section.items()}

    def __call__(self, text: str) -> list[tuple[int, str]]:
        # the heading regex matches at line starts only, so its matches are its match at each
        # line start where the quick check matches -- taken as ``finditer`` takes them: a match
        # consumes its span, and a heading whose words run over a line break ("Project\n
        # Experience") hides a heading match on its second line
        starts = [0] if self._first.match(text) else []
        starts.extend(m.start() + 1 for m in self._later.finditer(text))
        out: list[tuple[int, str]] = []
        match = self._regex.match
        consumed = 0
        for start in starts:
            if start < consumed:
                continue
            m = match(text, start)
            if m is None:
                continue
            consumed = m.end()
            if m.group("colon") is None and m.group(0).strip() == "":
                continue
            out.append((start, self._section_of(m.group("h"))))
        return out

    def _section_of(self, heading: str) -> str:
        key = " ".join(heading.casefold().split())
        section = self._to_section.get(key)
        if section is None:
            # the regex matched case-insensitively where casefold() differs ("SKİLLS" -> "ski̇lls",
            # "skılls"): compare the letters that carry the heading, ignoring the dot and the
            # dotless i; a heading the rules still cannot name counts as "other"
            section = self._loose.get(key.replace("\u0307", "").replace("ı", "i"), "other")
        return section


@lru_cache(maxsize=1)
def _default_finder() -> SectionFinder:
    return SectionFinder(default_rules())


def find_sections(text: str) -> list[tuple[int, str]]:
    """Section starts in ``text`` from its heading lines (bundled context rules).

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
    return _default_finder()(text)


def section_at(starts: list[int], names: list[str], pos: int) -> str:
    """The section containing character ``pos``, given sorted section starts."""
    i = bisect.bisect_right(starts, pos) - 1
    return names[i] if i >= 0 else "other"


_FIRST_LINE_RE = re.compile(r"[ \t\r\n\ufeff]*([^\r\n,|;]*)")
_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’.-]*")
_TITLE_WORDS = frozenset(
    """engineer developer manager specialist consultant architect lead analyst scientist designer
    officer director administrator cv resume résumé curriculum vitae head owner expert intern
    programmer tester devops mlops sre""".split()
)
#: Words no person's name is made of: the job-title words, and function words ("Not Docker,
#: Kubernetes or Helm" opens with a negation, not a name: its words would be dropped as a name's)
_NOT_NAME_WORDS = _TITLE_WORDS | frozenset(
    """not no never zero without with and or the a an my our we i of in on for to at by from
    skills experience""".split()
)


def name_line(text: str) -> tuple[int, int]:
    """``[start, end)`` of a leading line that looks like a person's name, else ``(0, 0)``.

    A name line is the start of the first non-empty line, up to a line break, ``,`` ``|``
    or ``;``: 2 to 4 capitalised words and nothing else, none of them a job-title word or a
    function word ("Not", "No", "With"...).
    Skill matches there are dropped (surnames such as Jenkins or Kafka are also tool names)
    unless every word of the line is a skill (see :class:`rolefit.nlp.ContextComponent`).
    """
    m = _FIRST_LINE_RE.match(text)
    start, end = m.span(1)
    words = text[start:end].split(maxsplit=4)  # a fifth piece: more than 4 words (a long first line)
    if not 2 <= len(words) <= 4:
        return (0, 0)
    for w in words:
        if not (_NAME_WORD_RE.fullmatch(w) and w[0].isupper()) or w.lower() in _NOT_NAME_WORDS:
            return (0, 0)
    return (start, end)
