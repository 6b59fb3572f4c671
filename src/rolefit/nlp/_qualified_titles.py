"""Qualified job titles: a title read by the qualifier written in front of its head.

"IT Project Manager" is an IT manager's title although the lexicon, which lists O*NET's
titles as O*NET writes them, knows only its tail ("project manager", a manager outside IT);
"Software Developer" is a software developer's title although the lexicon knows only
"developer" (a photographic-processing title). A :class:`QualifiedRule` reads such titles;
the rules are data, the ``qualified_titles`` block of ``rolefit/data/context_rules.json``
(checked by :func:`rolefit.nlp._rules.check_qualified_titles`, which also fills the
defaults), and the job-title component (:mod:`rolefit.nlp._titles`) applies them, in order,
where the lexicon's own reading of a title position does not settle it.

A rule reads the case-folded words of a title segment (``folded``). It matches when the last
word is one of its ``heads``, the first word after the leading words (the block's ``leading``
plus the component's level words: "Senior", "Chief") opens a run of its ``qualifiers`` --
phrases, joined by the block's ``conjunctions`` ("Java and Python") or by "/" inside one word
("python/django") -- and between that run and the head stand at most ``max_between`` words,
each one of the rule's ``between`` words or of its one-word qualifiers ("IT Project
Manager"; not "IT Sales Manager"). Or, head first: one of ``heads_of``, qualifiers, then at
most ``max_between`` such words ("Head of IT Operations").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["QualifiedRule"]


class QualifiedRule:
    """One qualified-title rule, compiled (see the ``qualified_titles`` block of ``context_rules.json``).

    ``qualifiers`` are phrases (tuples of words); ``allowed`` the words that may stand between
    a qualifier and the head (the rule's ``between`` words and its one-word qualifiers);
    ``leading`` the block's leading words plus the component's level words.
    """

    __slots__ = ("cls", "phrases", "single", "heads", "heads_of", "allowed", "leading", "conjunctions",
                 "replaces", "max_between", "openers")

    def __init__(self, rule: Mapping[str, Any], leading: frozenset[str], conjunctions: frozenset[str]) -> None:
        self.cls = str(rule["class"])
        self.phrases = tuple(tuple(q.split()) for q in rule["qualifiers"])
        self.single = frozenset(p[0] for p in self.phrases if len(p) == 1)
        self.heads = frozenset(rule["heads"])
        self.heads_of = tuple(tuple(h.split()) for h in rule["heads_of"])
        self.allowed = frozenset(rule["between"]) | self.single
        self.leading = leading
        self.conjunctions = conjunctions
        self.replaces = frozenset(rule["replaces"])
        self.max_between = int(rule["max_between"])
        self.openers = frozenset(p[0] for p in self.phrases) | leading

    def _qualifier_end(self, folded: Sequence[str], j: int) -> int | None:
        """End of the qualifier run at ``folded[j]``: a qualifier, or a word of one-word
        qualifiers joined by "/" ("python/django"), repeated across conjunctions ("Java and
        Python"); None when no qualifier starts there."""
        k = self._one(folded, j)
        while k is not None and k + 1 < len(folded) and folded[k] in self.conjunctions:
            nxt = self._one(folded, k + 1)
            if nxt is None:
                break
            k = nxt
        return k

    def _one(self, folded: Sequence[str], j: int) -> int | None:
        for phrase in self.phrases:
            if tuple(folded[j:j + len(phrase)]) == phrase:
                return j + len(phrase)
        if j < len(folded) and "/" in folded[j]:
            parts = [p for p in folded[j].split("/") if p]
            if parts and all(p in self.single for p in parts):
                return j + 1
        return None

    def _fits(self, between: Sequence[str]) -> bool:
        return len(between) <= self.max_between and all(w in self.allowed for w in between)

    def qualifier(self, folded: Sequence[str], head_start: int, mixed: bool = False) -> int | None:
        """Index of the qualifier that opens a qualified title in ``folded``, or None.

        ``folded`` are a segment's case-folded words; ``folded[head_start:]`` is the segment's
        longest lexicon title of a class the rule replaces (or, with none, its last word). The
        qualifier opens the segment after leading words and starts before that title (a title
        of mixed class, ``mixed``, may start with it: "Full Stack Developer"); it may share words
        with it ("Machine Learning Manager", whose lexicon title is "learning manager").
        """
        last = len(folded) - 1
        if folded[last] not in self.heads:
            return None
        j = 0
        while j < last and folded[j] in self.leading:
            j += 1
        if j > head_start or (j == head_start and not mixed):
            return None
        k = self._qualifier_end(folded, j)
        return j if k is not None and k <= last and self._fits(folded[k:last]) else None

    def head_first(self, folded: Sequence[str]) -> int | None:
        """Index where ``folded`` is a head-first title of a qualifier ("Head of IT Operations",
        "Director of Software Engineering"), after leading words; or None."""
        j = 0
        while j < len(folded) and folded[j] in self.leading and folded[j:j + 2] != ["head", "of"]:
            j += 1
        for head in self.heads_of:
            k = j + len(head)
            if tuple(folded[j:k]) == head:
                m = self._qualifier_end(folded, k)
                if m is not None and self._fits(folded[m:]):
                    return j
        return None
