"""Finding the negation and non-practice cues of a text for the ``rolefit_context`` component.

Split from :mod:`rolefit.nlp._context` (which applies them to the mentions) to keep both
modules short. Everything here is an exact stand-in for plainer regex work, measured in
``benchmarks/extract_throughput.py`` and guarded by ``scripts/extraction_snapshot.py`` and the
property tests in ``tests/test_nlp.py``:

- the pre-filter words of every cue come from one ``findall`` of the lower-cased text,
  intersected with the cue words (:meth:`CueFinder.scan`);
- several ``before`` cues share one scan for their start words (:meth:`CueFinder.spans`);
- a near cue ("not X", "non-X") is searched in the window before a mention only where a key
  word of it occurs in the window, found once per text (:meth:`CueFinder.near_word_starts`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Any

from rolefit.nlp._rules import ContextRules, CueRule, ascii_folds, start_words_regex

__all__ = ["NEAR_WINDOW", "Cue", "CueFinder", "any_in", "key_words", "matches_at", "word_runs"]

Cue = tuple[int, int, str, str, str]  # (end, start, rule id, kind, where)
#: Characters before a mention in which a near cue (``max_gap_words``) is searched.
NEAR_WINDOW = 48
_WORD_RE = re.compile(r"\w+")
# a cue heading a list: "No experience with: Rust; Go" (a few words, then a colon)
_COLON_AFTER_CUE = re.compile(r"[\w \t-]{0,25}[:：]")


# ASCII bytes that are not word characters -> space (the bytes of non-ASCII characters are kept)
_NON_WORD_BYTES = bytes(b if chr(b).isalnum() or b == 0x5F or b >= 0x80 else 0x20 for b in range(256))


def word_runs(lowered: str) -> list[str] | list[bytes]:
    """The ``\\w+`` runs of ``lowered`` (``re.findall(r"\\w+", lowered)``), as ``bytes`` (ASCII)
    when ``lowered`` is ASCII, else as ``str``.

    In UTF-8 every ASCII character is one byte and the bytes of other characters are >= 0x80,
    so replacing the ASCII bytes that are not word characters by spaces and splitting gives
    pieces that are runs of ASCII word characters or hold some non-ASCII character; only the
    latter go through the regex. ``bytes.translate`` and ``split`` run in C and make no match
    objects: 2-3x faster than ``findall`` on the Djinni CVs.
    """
    pieces = lowered.encode("utf-8", "surrogatepass").translate(_NON_WORD_BYTES).split()
    if lowered.isascii():
        return pieces
    out: list[str] = []
    for piece in pieces:
        if piece.isascii():
            out.append(piece.decode("ascii"))
        else:
            out.extend(_WORD_RE.findall(piece.decode("utf-8", "surrogatepass")))
    return out


# very common words a key word is not chosen from when the alternative has another
_COMMON = frozenset("a an and as at be but for had has have in is of on or other the to with did do does".split())


def key_words(raw: Any) -> frozenset[str] | None:
    """One lower-case ASCII word of each alternative of a cue's first required slot (the
    longest that is not a very common word), or None when not derivable."""
    slots = raw.get("sequence") if isinstance(raw, dict) else None
    slot = next((s for s in slots or () if isinstance(s, list)), None)
    if not slot:
        return None
    keys = set()
    for alt in slot:
        words = _WORD_RE.findall(str(alt).lower())
        if not words or not all(w.isascii() for w in words):
            return None
        rare = [w for w in words if w not in _COMMON] or words
        keys.add(max(rare, key=len))
    return frozenset(keys)


def matches_at(pattern: re.Pattern[str], text: str, candidates: list[int]) -> Iterator[re.Match[str]]:
    """``pattern`` matched at the sorted ``candidates``, left to right, without overlaps."""
    done = 0
    for pos in candidates:
        if pos >= done:
            m = pattern.match(text, pos)
            if m is not None:
                done = m.end()
                yield m


def any_in(sorted_offsets: list[int], lo: int, hi: int) -> bool:
    """Whether some offset ``o`` has ``lo <= o < hi``."""
    i = bisect.bisect_left(sorted_offsets, lo)
    return i < len(sorted_offsets) and sorted_offsets[i] < hi


class CueFinder:
    """The cues of :class:`~rolefit.nlp.ContextRules`, found in texts.

    Parameters
    ----------
    rules : ContextRules

    Attributes
    ----------
    before, near, after : tuple of CueRule
        The ``before`` cues that cover a scope, the ``before`` cues with ``max_gap_words``
        and the ``after`` cues, in file order.
    """

    def __init__(self, rules: ContextRules) -> None:
        self.before = tuple(c for c in rules.cues if c.where == "before" and c.max_gap_words is None)
        self.near = tuple(c for c in rules.cues if c.where == "before" and c.max_gap_words is not None)
        self.after = tuple(c for c in rules.cues if c.where == "after")
        raw_cues = {str(c.get("id")): c for c in rules.raw.get("cues", ())}
        self._near_keys = {c.id: key_words(raw_cues.get(c.id)) for c in self.near}
        self._only = {c.id: c.only_concepts for c in rules.cues if c.only_concepts is not None}
        self._item_starts = frozenset(rules.item_separators + ",:(\n") | {""}
        self._item_end = rules.scope_end_regex()
        self._clause_end = rules.clause_end_regex()
        self.max_scope_words = rules.max_scope_words
        # the pre-filter words of all cues: ``prefilter_words(text)`` matters only on them
        self._cue_words = frozenset(w for cue in rules.cues for group in cue.anchors for w in group)
        self._cue_bytes = frozenset(w.encode("utf-8") for w in self._cue_words if w.isascii())

    def near_word_starts(self, text: str, lowered: str, rules: Sequence[CueRule], *, cid_free: bool) -> list[int] | None:
        """Sorted offsets in ``lowered`` where a key word (:func:`key_words`) of one of the
        near ``rules`` (those without ``only_concepts``, when ``cid_free``) occurs as a
        substring; None when the offsets cannot rule a window out (see below).

        A near cue matches the window before a mention only if one alternative of its first
        required slot does, so that alternative's key word occurs, case-insensitively, in the
        window. When ``lowered`` lines up with ``text`` character by character (the lengths
        agree) and ``text`` has none of the letters that case-insensitive matching folds to
        ASCII (:func:`rolefit.nlp._rules.ascii_folds`), it then occurs in ``lowered`` inside the
        window: a window without any of these offsets matches none of the rules.
        """
        if cid_free:
            rules = [r for r in rules if not r.only_concepts]
        keys = [self._near_keys.get(r.id) for r in rules]
        if (
            len(lowered) != len(text) or any(k is None for k in keys)
            or (not text.isascii() and any(c in text for c in ascii_folds()))
        ):
            return None
        firsts = frozenset().union(*keys)
        at: list[int] = []
        for w in firsts:
            i = lowered.find(w)
            while i >= 0:
                at.append(i)
                i = lowered.find(w, i + 1)
        at.sort()
        return at

    def scan(self, text: str) -> tuple[str, frozenset[str]]:
        """``(text.lower(), words)``: ``words`` equals ``prefilter_words(text)`` on every cue
        word, all that :meth:`CueRule.may_match` looks at (a smaller set is faster to build)."""
        lowered = text.lower()
        runs = word_runs(lowered)
        if lowered.isascii():
            return lowered, frozenset(w.decode("ascii") for w in self._cue_bytes.intersection(runs))
        return lowered, self._cue_words.intersection(runs)

    def cue_spans(self, text: str) -> list[Cue]:
        """``(end, start, rule id, kind, where)`` of every ``before`` cue in ``text``, sorted by end."""
        return self.spans(text, *self.scan(text))

    def spans(self, text: str, lowered: str, words: frozenset[str]) -> list[Cue]:
        """The cues of :meth:`cue_spans`; ``lowered`` and ``words`` from :meth:`scan`."""
        spans: list[Cue] = []
        item_starts = self._item_starts
        rules = [r for r in self.before if r.may_match(words)]
        # several cues to look for: find their start words in one scan and try each cue at
        # its own (the scan of CueRule.finditer, shared; same matches)
        shared: list[tuple[int, str]] | None = None
        if (
            len(rules) > 1 and all(r.starts is not None for r in rules) and len(lowered) == len(text)
            and (text.isascii() or not any(c in text for c in ascii_folds()))
        ):
            union = frozenset().union(*(r.starts for r in rules))
            shared = [(m.start(), m.group()) for m in start_words_regex(union).finditer(lowered)]
        for rule in rules:
            found = rule.finditer(text, lowered) if shared is None else matches_at(
                rule.pattern, text, [p for p, w in shared if w in rule.starts]
            )
            for m in found:
                # an item-initial cue: only separators or spaces before it on its item
                if rule.item_initial and text[max(0, m.start() - 3):m.start()].rstrip(" \t")[-1:] not in item_starts:
                    continue
                spans.append((m.end(), m.start(), rule.id, rule.kind, "before"))
        spans.sort()
        return spans

    def negating_cue(
        self, text: str, cues: list[Cue], start: int, cid: str, spans: list[tuple[int, int]]
    ) -> Cue | None:
        """The cue whose scope covers a mention starting at ``start``, if any.

        A cue covers the mention when no list-item boundary (clause boundary, if the cue is
        followed by a colon: "No experience with: Rust; Go") lies between the cue's end and
        the mention. Boundaries inside the cue itself ("not yet familiar") do not count. The
        scope also ends after ``max_scope_words`` words that are not other skill mentions
        (CV text often lacks the full stop that would end it).
        """
        i = bisect.bisect_right(cues, (start, start, "\uffff")) - 1
        while i >= 0:
            cue = cues[i]
            cue_end = cue[0]
            if self._clause_end.search(text, cue_end, start) is not None:
                return None
            only = self._only.get(cue[2])
            if only is not None and cid not in only:
                i -= 1
                continue
            words = len(_WORD_RE.findall(text, cue_end, start))
            if words > self.max_scope_words:
                j = bisect.bisect_left(spans, (cue_end, cue_end))
                while j < len(spans) and spans[j][1] <= start:
                    words -= len(_WORD_RE.findall(text, spans[j][0], spans[j][1]))
                    j += 1
                if words > self.max_scope_words:
                    return None
            if _COLON_AFTER_CUE.match(text, cue_end, start) is not None:
                return cue
            if self._item_end.search(text, cue_end, start) is None:
                return cue
            i -= 1
        return None
