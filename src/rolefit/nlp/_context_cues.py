"""Finding the negation and non-practice cues of a text for the ``rolefit_context`` component.

Split from :mod:`rolefit.nlp._context` (which applies them to the mentions) to keep both
modules short. (Over 400 lines all the same: each exact shortcut below stays next to the
search it stands in for, so that the two are read, and kept equal, together.) Everything
here is an exact stand-in for plainer regex work, measured in
``benchmarks/extract_throughput.py`` and guarded by ``scripts/extraction_snapshot.py`` and the
property tests in ``tests/test_nlp.py``:

- the pre-filter words of every cue come from a flat copy of the lower-cased text (every byte
  that is not an ASCII word character a space: ``bytes.translate`` + ``split``), intersected
  with the cue words; next to a non-ASCII word character a piece is checked to be a whole run
  (:meth:`CueFinder.scan_words`, :func:`whole_words`);
- the pre-filters of all cues are one bit mask per text, and the cues it selects are looked up
  per mask after the first text that has it (:meth:`CueFinder.selection`);
- the ``before`` cues are tried only at their start words, found as ``b" word "`` in that copy
  with ``bytes.find`` (or, without it, in one regex scan shared by the cues: :meth:`CueFinder.spans`),
  only before the last mention's start, and an item-initial or paragraph cue is matched where
  it would be discarded only when that can block a kept match (:func:`kept_matches_at`);
- with ``bytes.find``, a cue is matched only at the start words where one of its first slot's
  alternatives that begin with that word matches: a small regex without the cue's look-behinds
  and the rest of its slots (:func:`rolefit.nlp._rules.start_heads`, :meth:`CueFinder._head`),
  which drops about three candidates in four ("I" before "I'd like to") on the Djinni CVs;
- a near cue ("not X", "non-X") is searched in the window before a mention only where a key
  word of it stands in the window as a whole word, found once per text with the start words
  (:meth:`CueFinder.near_word_starts`), or at one of the window's two edges (:func:`near_window`);
- the whole-word offsets of the start words and key words are found once per text, before the
  last mention's start, into one :data:`WordIndex` that :meth:`CueFinder.spans` and
  :meth:`CueFinder.near_words` share (a word both look for, such as "no" or "want", is searched
  once; a text with many of them, a long CV, has them all found in one regex scan:
  :meth:`CueFinder.word_index`), and what they derive from a selection of cues (start words,
  key words) is kept per selection.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

from rolefit.nlp._rules import ContextRules, CueRule, lowered_is_exact, start_heads, start_words_regex, trie_regex

__all__ = ["INDEX_SCAN_WORDS", "NEAR_WINDOW", "Cue", "CueFinder", "NearWords", "Selection", "WordIndex", "any_in", "joined", "key_words", "kept_matches_at", "list_start", "matches_at", "per_list",
           "near_window", "near_windows", "paired", "whole_words", "whole_words_of", "word_end", "word_start"]

Cue = tuple[int, int, str, str, str]  # (end, start, rule id, kind, where)
#: Characters before a mention in which a near cue (``max_gap_words``) is searched.
NEAR_WINDOW = 48
_WORD_RE = re.compile(r"\w+")
# a cue heading a list: "No experience with: Rust; Go" (a few words, then a colon)
_COLON_AFTER_CUE = re.compile(r"[\w \t-]{0,25}[:：]")
# what joins the two mentions of a pair: "Agile and non-Agile", "non-Agile / Agile"
_PAIR_JOIN_RE = re.compile(r"[ \t]*(?:,|/|&|\+|and|or|and/or|as well as|vs\.?|versus)?[ \t]*", re.IGNORECASE)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# ASCII bytes that are not word characters -> space
_NON_WORD_BYTES = bytes(b if b < 0x80 and (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))


def whole_words(
    lowered: str, padded: bytes, word: bytes, mixed: bool, *, first: bool = False, stop: int | None = None
) -> list[int]:
    """Offsets in ``lowered`` where ``word`` (ASCII word characters) is a whole ``\\w+`` run.

    ``padded`` is ``b" " + flat + b" "`` where ``flat`` is ``lowered`` encoded as ASCII with
    every other character replaced by "?" and every byte that is not a word character by a
    space (one byte per character, so offsets agree): a whole run ``word`` is an occurrence of
    ``b" " + word + b" "``. Such an occurrence is a run of ``lowered`` unless a neighbour is a
    non-ASCII word character ("?" in ``flat``), checked when ``mixed`` (``lowered`` is not ASCII).
    With ``first``, only the first such offset (if any); with ``stop``, only those before it.
    """
    needle = b" " + word + b" "
    out: list[int] = []
    n = len(word)
    # an occurrence at i (< stop) ends at i + n + 2 in ``padded``
    hi = len(padded) if stop is None else max(0, stop + n + 1)
    i = padded.find(needle, 0, hi)
    while i >= 0:  # the word starts at i in ``lowered`` (one byte of padding)
        if not mixed or not (
            (i > 0 and _is_word_char(lowered[i - 1])) or (i + n < len(lowered) and _is_word_char(lowered[i + n]))
        ):
            out.append(i)
            if first:
                break
        i = padded.find(needle, i + n + 1, hi)
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def word_start(text: str, i: int) -> int:
    """``i`` moved back to the start of the word it falls inside (``i`` itself between words);
    at most 256 characters back (a longer run of letters is no word a near veto lists). A
    word character is one ``\\w`` matches (:func:`_is_word_char`, the ``re`` module's own rule),
    tested with string methods and scanned backwards: a regex search for ``\\w+$`` tries every
    start before ``i``, and this runs for every mention a near veto may drop."""
    if 0 < i < len(text) and _is_word_char(text[i]) and _is_word_char(text[i - 1]):
        stop = max(0, i - 256)
        i -= 1
        while i > stop and _is_word_char(text[i - 1]):
            i -= 1
    return i


def word_end(text: str, i: int) -> int:
    """``i`` moved forward to the end of the word it falls inside (``i`` itself between words),
    at most the end of ``text``."""
    if 0 < i < len(text) and _is_word_char(text[i]) and _is_word_char(text[i - 1]):
        return _WORD_RE.match(text, i).end()
    return min(i, len(text))


def whole_words_of(
    lowered: str, padded: bytes, words: frozenset[bytes], mixed: bool, pattern: re.Pattern[bytes],
    *, stop: int | None = None,
) -> WordIndex:
    """:func:`whole_words` of each of ``words`` (with ``stop``), in one scan of ``padded``.

    ``pattern`` is the one :meth:`CueFinder.word_index` compiles: ``b" "`` and then a word of
    a set that holds ``words``, followed by a space. At each space it matches only the run that
    follows when that whole run is a word of the set, and a match ends before the next space,
    so its matches are the whole runs of the set's words, left to right: those of ``words``
    are the occurrences that :func:`whole_words` finds one word at a time, at the same offsets
    (a match starts at the padding space before the word, which is the word's offset in
    ``lowered``) and with the same test of the neighbours when ``mixed``. One scan instead of
    a ``bytes.find`` loop per word: about twice as fast for a text with a few dozen such words
    (a long CV), slower for a few.
    """
    found: WordIndex = {w: [] for w in words}
    end = len(lowered)
    for m in pattern.finditer(padded):
        i = m.start()
        if stop is not None and i >= stop:
            break
        word = m.group(1)
        offsets = found.get(word)
        if offsets is None:
            continue
        if mixed and ((i > 0 and _is_word_char(lowered[i - 1])) or (i + len(word) < end and _is_word_char(lowered[i + len(word)]))):
            continue  # a piece of a longer run (a non-ASCII word character next to it): no whole run
        offsets.append(i)
    return found


def flat_words(lowered: str) -> bytes:
    """``lowered`` as ASCII bytes, other characters as "?" and non-word bytes as spaces
    (see :func:`whole_words`); ``split()`` gives its runs of ASCII word characters."""
    return lowered.encode("ascii", "replace").translate(_NON_WORD_BYTES)


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


def paired(
    text: str, cid: str, end: int, cue_start: int, results: Sequence[tuple], positions: Sequence[tuple[int, int]],
    matches: Sequence[tuple[str, int, int]], k: int,
) -> bool:
    """Whether mention ``k`` of ``cid`` (ending at ``end``, its near cue starting at
    ``cue_start``) is one of a pair with another mention of ``cid``: one already in
    ``results`` (``(start, end, cid, ...)``) right before the cue, or one of the next
    ``matches`` (at ``positions``) right after it, joined by "and", "or", "/", "," ...
    ("Agile and non-Agile methods", "non-Agile or Agile teams")."""
    for r in reversed(results):
        if r[1] <= cue_start - 40:
            break
        if r[2] == cid and r[1] <= cue_start and _PAIR_JOIN_RE.fullmatch(text, r[1], cue_start):
            return True
    for j in range(k + 1, min(k + 4, len(matches))):
        if matches[j][0] == cid and positions[j][0] >= end and _PAIR_JOIN_RE.fullmatch(text, end, positions[j][0]):
            return True
    return False


def joined(text: str, end: int, start: int) -> bool:
    """Whether the text between a mention ending at ``end`` and the next starting at ``start``
    makes them two items of one list: ",", "/", "&", "+", "and", "or" alone (or nothing but
    spaces)."""
    return _PAIR_JOIN_RE.fullmatch(text, end, start) is not None


def list_start(text: str, results: Sequence[tuple], j: int) -> int:
    """Where the list that mention ``j`` of ``results`` (``(start, end, ...)`` in text order)
    closes starts: the start of the first of the mentions before it joined to the next one by
    ",", "/", "&", "+", "and" or "or" alone ("Taught MLOps, Kubernetes and Terraform courses":
    for Terraform, the start of MLOps); its own start when none is."""
    at = results[j][0]
    k = j - 1
    while k >= 0 and results[k][1] <= at and joined(text, results[k][1], at):
        at = results[k][0]
        k -= 1
    return at


def matches_at(pattern: re.Pattern[str], text: str, candidates: list[int]) -> Iterator[re.Match[str]]:
    """``pattern`` matched at the sorted ``candidates``, left to right, without overlaps."""
    done = 0
    for pos in candidates:
        if pos >= done:
            m = pattern.match(text, pos)
            if m is not None:
                done = m.end()
                yield m


def kept_matches_at(
    pattern: re.Pattern[str], text: str, candidates: list[int], keep: frozenset[str]
) -> Iterator[re.Match[str]]:
    """The matches of :func:`matches_at` that start where ``keep`` holds (the last character
    before the start, within 3 and not a space or tab, or "" if none, is one of ``keep``),
    without matching at most candidates where it does not.

    A match that is not kept still blocks the candidates it overlaps, so those where ``keep``
    fails are put aside and matched (in order, as :func:`matches_at` would) only when a kept
    candidate matches after them: only then can they block it. A kept candidate that does not
    match changes nothing, nor does one inside a match already found.
    """
    done = 0
    pending: list[int] = []
    match = pattern.match
    for pos in candidates:
        if pos < done:
            continue
        if text[pos - 3 if pos > 3 else 0:pos].rstrip(" \t")[-1:] not in keep:
            pending.append(pos)
            continue
        m = match(text, pos)
        if m is None:
            continue
        for p in pending:
            if p >= done:
                skipped = match(text, p)
                if skipped is not None:
                    done = skipped.end()
        pending.clear()
        if pos >= done:
            done = m.end()
            yield m


def any_in(sorted_offsets: list[int], lo: int, hi: int) -> bool:
    """Whether some offset ``o`` has ``lo <= o < hi``."""
    i = bisect.bisect_left(sorted_offsets, lo)
    return i < len(sorted_offsets) and sorted_offsets[i] < hi


#: The near cues' key words in a text (see :meth:`CueFinder.near_words`): their sorted
#: offsets, the key words, and the padded flat copy of the text (:func:`whole_words`) when
#: the offsets are those of whole words only (None: of every occurrence).
NearWords = tuple[list[int], tuple[str, ...], bytes | None]

#: What :meth:`CueFinder.selection` returns: the ``before``, ``after`` and near cues that may
#: match a text, and the union of the near cues' ``only_concepts``.
Selection = tuple[list[CueRule], list[CueRule], list[CueRule], frozenset[str]]
#: Where words (ASCII bytes) are whole runs of one text (:func:`whole_words`), before one
#: ``stop``: filled as :meth:`CueFinder.spans` and :meth:`CueFinder.near_words` need them, so
#: that a word both look for is found once.
WordIndex = dict[bytes, list[int]]
#: From this many words to look up in a text on, :meth:`CueFinder.word_index` finds them in one
#: scan (:func:`whole_words_of`) rather than one ``bytes.find`` loop each: a CV of 5,000+
#: characters has some 50, a median Djinni CV about 8.
INDEX_SCAN_WORDS = 24
#: Selections kept by one :class:`CueFinder` (the cache is emptied when full).
_MAX_SELECTIONS = 4096


def per_list(cache: dict[int, tuple[Any, Any]], items: Sequence[Any], derive: Any) -> Any:
    """``derive()`` for the list ``items``, kept in ``cache`` by the list itself: the lists of
    :meth:`CueFinder.selection` are shared, and the entry holds the list, so its id is not
    reused while the entry stands (the cache is emptied when it holds ``_MAX_SELECTIONS``).
    Used by :class:`CueFinder` and by the context component for its after cues."""
    hit = cache.get(id(items))
    if hit is not None and hit[0] is items:
        return hit[1]
    derived = derive()
    if len(cache) >= _MAX_SELECTIONS:
        cache.clear()
    cache[id(items)] = (items, derived)
    return derived


def _selected_words(pieces: frozenset[bytes], every: frozenset[bytes], bits: dict[bytes, int], selected: int) -> list[bytes]:
    """The words of ``pieces`` that are words of a selected cue: among ``every`` (the words of
    all cues) and with a bit of ``bits[word]`` (the cues it is a word of) in ``selected``.
    The union of the selected cues' words intersected with ``pieces``, without the union."""
    return [w for w in every.intersection(pieces) if bits[w] & selected]


def near_window(near: NearWords, lowered: str, lo: int, hi: int) -> bool:
    """Whether the window ``lowered[lo:hi]`` may hold a near cue (:func:`near_windows` of one
    window)."""
    return near_windows(near, lowered, [hi], hi - lo)[0]


def near_windows(near: NearWords, lowered: str, ends: Sequence[int], width: int) -> list[bool]:
    """For each window ``lowered[max(0, end - width):end]``, whether it may hold a near cue:
    one of the offsets lies in it, or (with whole-word offsets) it starts with a key word
    where it cuts a word (a word character before its start), or ends with one where the
    mention is glued to the word before it ("nonKubernetes").

    A key word that is a whole run of the window but not of the text has a word character as
    a neighbour outside the window, so it starts at the window's start or ends at its end.
    The edges are tried only where the flat copy (``padded[j]`` is character ``j - 1``; a
    space where that is an ASCII non-word character) shows a word character before them.
    """
    at, keys, padded = near
    n = len(at)
    if not n and padded is None:
        return [False] * len(ends)
    out: list[bool] = []
    left = bisect.bisect_left
    ends_with, starts_with = lowered.endswith, lowered.startswith
    for hi in ends:
        lo = hi - width if hi > width else 0
        if n:
            i = left(at, lo)
            if i < n and at[i] < hi:
                out.append(True)
                continue
        out.append(padded is not None and (
            (padded[hi] != 32 and ends_with(keys, lo, hi))
            or (lo > 0 and padded[lo] != 32 and padded[lo + 1] != 32 and starts_with(keys, lo, hi))
        ))
    return out


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
        # The key words of the near cues a text selects, without a union per text: the Djinni
        # CVs have almost one selection each, so a cache per selection rarely hit, and the
        # union of a selection's words (a hundred or more) was a tenth of the stage. Instead
        # each near cue with key words has a bit (none: it has no key words), each key word
        # (ASCII bytes) the bits of the cues it is a key word of, and a text's key words are
        # those of its pieces whose bits meet the selection's (:meth:`_keys_of_rules`,
        # :func:`_selected_words`). For the edges of a window (:func:`near_windows`) the key
        # words of every near cue (of every one without ``only_concepts``) stand in for those
        # of the selection: a superset, so a window is searched where it was and perhaps a
        # few more (a search finds the cues themselves, the key words only rule windows out).
        self._near_bit = {id(c): 1 << j for j, c in enumerate(self.near) if self._near_keys.get(c.id) is not None}
        self._key_bits: dict[bytes, int] = {}
        for c in self.near:
            for w in self._near_keys.get(c.id) or ():
                b = w.encode("ascii")
                self._key_bits[b] = self._key_bits.get(b, 0) | self._near_bit[id(c)]
        self._key_bytes = frozenset(self._key_bits)
        self._every_key = tuple(sorted(frozenset().union(*(k for k in self._near_keys.values() if k is not None))))
        self._free_keys = tuple(sorted(frozenset().union(
            *(self._near_keys[c.id] for c in self.near if not c.only_concepts and self._near_keys.get(c.id) is not None)
        )))
        # id of a list of near rules -> (the list, what _keys_of_rules derives from it)
        self._keys_by_list: dict[int, tuple[Sequence[CueRule], Any]] = {}
        self._only = {c.id: c.only_concepts for c in rules.cues if c.only_concepts is not None}
        self._item_starts = frozenset(rules.item_separators + ",:(\n") | {""}
        # what may stand right before a paragraph cue: an item start (no comma or bracket),
        # a sentence end or a dash
        self._opens = frozenset(rules.item_separators + rules.sentence_ends + ":\n-–—") | {""}
        self._item_end = rules.scope_end_regex()
        self._clause_end = rules.clause_end_regex()
        self._opener = rules.clause_opener_regex()  # ends a negation's scope only
        self.max_scope_words = rules.max_scope_words
        # what may stand before a kept match of an item-initial or paragraph cue (see spans)
        self._keep = {
            c.id: (self._item_starts if c.item_initial else self._opens) & (self._opens if c.paragraph else self._item_starts)
            for c in self.before if c.item_initial or c.paragraph
        }
        # the paragraph cues (CueRule.paragraph), by id: the ordinary scope skips them
        self._paragraph = {c.id: c for c in self.before if c.paragraph}
        # a line that is a list item: a bullet, a dash or a number ("1.", "2)") first
        self._list_item = re.compile(rf"[ \t]*(?:[-–—*{re.escape(rules.bullets)}]|\d{{1,2}}[.)])")
        self._sentence_end = re.compile(rf"[{re.escape(rules.sentence_ends)}](?=\s|$)|\n")
        # rule id -> its own scope length (a cue's ``max_scope_words``), where it has one
        self._scope_words = {
            c.id: c.scope_words for c in rules.cues if c.scope_words is not None and not c.paragraph
        }
        self._widest_scope = max([self.max_scope_words, *self._scope_words.values()])
        # the pre-filter words of all cues: ``prefilter_words(text)`` matters only on them
        self._cue_words = frozenset(w for cue in rules.cues for group in cue.anchors for w in group)
        self._cue_ascii = all(w.isascii() for w in self._cue_words)
        self._cue_bytes = frozenset(w.encode("ascii") for w in self._cue_words if w.isascii())
        starts = [w for c in self.before if c.starts is not None for w in c.starts]
        # start words are ASCII; near key words are ASCII by construction (key_words)
        near_keys = frozenset().union(*(k for k in self._near_keys.values() if k is not None))
        self._scan_bytes = (
            self._cue_bytes | frozenset(w.encode("ascii") for w in starts) | frozenset(w.encode("ascii") for w in near_keys)
        )
        # the words spans() and near_words() look up with whole_words (see word_index), and
        # their whole_words_of pattern (compiled on first use: most texts never need it)
        self._indexed = frozenset(w.encode("ascii") for w in (*starts, *near_keys))
        self._word_pattern: re.Pattern[bytes] | None = None
        # CueRule.may_match of every cue at once: one bit per anchor group, set by its words
        self._word_bits: dict[str, int] = {}
        needs: list[int] = []
        n = 0
        for rule in (*self.before, *self.after, *self.near):
            need = 0
            for group in rule.anchors:
                need |= 1 << n
                for w in group:
                    self._word_bits[w] = self._word_bits.get(w, 0) | 1 << n
                    if w.isascii():  # the same word as bytes (words from scan_words(decode=False))
                        self._word_bits[w.encode("ascii")] = self._word_bits[w]
                n += 1
            needs.append(need)
        nb, na = len(self.before), len(self.after)
        self._needs = (tuple(needs[:nb]), tuple(needs[nb:nb + na]), tuple(needs[nb + na:]))
        self._selections: dict[int, Selection] = {}  # bit mask -> selection (see :meth:`selection`)
        # the start words of each ``before`` cue as ASCII bytes (for :meth:`spans`)
        self._before_starts = {
            id(r): frozenset(w.encode("ascii") for w in r.starts) if r.starts is not None else frozenset() for r in self.before
        }
        # the regex of each ``before`` cue's first-slot alternatives, by start word
        # (rolefit.nlp._rules.start_heads), where its data gives the cue's own start words
        self._head_sources: dict[int, dict[str, str]] = {}
        for r in self.before:
            seq = raw_cues[r.id].get("sequence") if r.starts is not None and r.id in raw_cues else None
            heads = start_heads(seq[0]) if isinstance(seq, list) and seq else None
            if heads is not None and frozenset(heads) == r.starts:
                self._head_sources[id(r)] = heads
        # the same for the start words of the ``before`` cues (:meth:`_starts_of`): a bit per
        # cue, and each start word (ASCII bytes) the bits of the cues it starts
        self._before_bit = {id(c): 1 << j for j, c in enumerate(self.before)}
        self._start_bits: dict[bytes, int] = {}
        for c in self.before:
            for b in self._before_starts[id(c)]:
                self._start_bits[b] = self._start_bits.get(b, 0) | self._before_bit[id(c)]
        self._start_bytes = frozenset(self._start_bits)
        self._last_start_words: tuple[frozenset[bytes], list[CueRule], list[bytes]] | None = None
        # id of a list of before rules -> (the list, what _starts_of derives from it)
        self._starts_by_list: dict[int, tuple[list[CueRule], Any]] = {}
        # id of a cue -> start word as bytes -> the ``match`` of its head regex (:meth:`_head`), compiled on first use
        self._heads: dict[int, dict[bytes, Any]] = {}

    def near_word_starts(
        self, text: str, lowered: str, rules: Sequence[CueRule], *, cid_free: bool,
        flat: tuple[bytes, frozenset[bytes], bool] | None = None,
    ) -> NearWords | None:
        """Where a key word (:func:`key_words`) of one of the near ``rules`` (those without
        ``only_concepts``, when ``cid_free``) occurs in ``lowered``, for :func:`near_window`;
        None when such offsets cannot rule a window out (see below).

        A near cue matches the window before a mention only if one alternative of its first
        required slot does, and that alternative's key word is then a whole ``\\w+`` run of the
        window (every alternative is bounded by ``\\b`` and its words are separated by non-word
        characters), case-insensitively. When ``lowered`` lines up with ``text`` character by
        character (the lengths agree) and ``text`` has none of the letters that
        case-insensitive matching folds to ASCII (:func:`rolefit.nlp._rules.ascii_folds`), that
        run is the key word in ``lowered`` at the same offsets.

        With ``flat`` (from :meth:`scan_words`) the offsets are those where a key word is a
        whole run of ``text`` (:func:`whole_words`; the key words are among its pieces): a run
        of the window that is no whole run of the text is cut by an edge of the window, and
        :func:`near_window` checks those two edges. Without it, every occurrence of a key word
        as a substring (a superset).
        """
        free, every = self.near_words(text, lowered, rules, flat=flat)
        return free if cid_free else every

    def _starts_of(self, before: list[CueRule]) -> tuple[
        list[tuple[CueRule, frozenset[bytes], dict[bytes, Any]]], frozenset[bytes], bool
    ]:
        """For :meth:`spans`: each of the ``before`` cues with its start words as bytes and
        its head tests by start word (:meth:`_head`, filled as they are compiled), the bits of
        the cues (:attr:`_before_bit`: a text's start words are :meth:`start_words_in` it), and
        whether every cue has start words; kept per list (:func:`per_list`)."""
        def derive() -> tuple[Any, ...]:
            rules = [(r, self._before_starts[id(r)], self._heads.setdefault(id(r), {})) for r in before]
            bits = 0
            for r in before:
                bits |= self._before_bit[id(r)]
            return rules, bits, all(r.starts is not None for r in before)

        return per_list(self._starts_by_list, before, derive)

    def start_words_in(self, pieces: frozenset[bytes], before: list[CueRule]) -> list[bytes]:
        """The start words of the ``before`` cues (bytes) among ``pieces`` (:meth:`scan_words`):
        ``pieces`` & the union of the cues' start words.

        The last answer is kept with the two objects it is for (:meth:`word_index` and then
        :meth:`spans` ask it of one text's ``pieces`` and selection): read it only."""
        last = self._last_start_words
        if last is not None and last[0] is pieces and last[1] is before:
            return last[2]
        words = _selected_words(pieces, self._start_bytes, self._start_bits, self._starts_of(before)[1])
        self._last_start_words = (pieces, before, words)
        return words

    def key_words_in(self, pieces: frozenset[bytes], rules: Sequence[CueRule]) -> list[bytes] | None:
        """The key words of the near ``rules`` (bytes) among ``pieces`` (:meth:`scan_words`), or
        None when one of the rules has none."""
        bits = self._keys_of_rules(rules)[0]
        return None if bits is None else _selected_words(pieces, self._key_bytes, self._key_bits, bits)

    def _keys_of_rules(self, rules: Sequence[CueRule]) -> tuple[int | None, int | None, bool]:
        """The bits (:attr:`_near_bit`) of the near ``rules`` and of those of them without
        ``only_concepts`` (each None when one of its cues has no key words: then no window can
        be ruled out), and whether the two are the same cues; kept per list (:func:`per_list`)."""
        def derive() -> tuple[int | None, int | None, bool]:
            near_bit = self._near_bit
            bits_all: int | None = 0
            bits_free: int | None = 0
            for r in rules:
                bit = near_bit.get(id(r))
                if bit is None:  # a cue without key words
                    bits_all = None
                    if not r.only_concepts:
                        bits_free = None
                else:
                    if bits_all is not None:
                        bits_all |= bit
                    if bits_free is not None and not r.only_concepts:
                        bits_free |= bit
            return bits_all, bits_free, not any(r.only_concepts for r in rules)

        return per_list(self._keys_by_list, rules, derive)

    def word_index(
        self, text: str, lowered: str, flat: tuple[bytes, frozenset[bytes], bool] | None,
        before: list[CueRule], near: Sequence[CueRule], *, stop: int | None = None,
    ) -> WordIndex:
        """A :data:`WordIndex` of ``text`` for ``stop``, to pass to :meth:`spans` and
        :meth:`near_words` (``lowered`` and ``flat`` from :meth:`scan_words`; ``before`` and
        ``near`` the cues they search).

        When the text holds at least :data:`INDEX_SCAN_WORDS` of the words they may look up
        (the start words of the ``before`` cues and the key words of the ``near`` cues among
        its pieces), all of them, found in one scan (:func:`whole_words_of`: the same offsets
        as :func:`whole_words`); otherwise empty, and each is looked up as it is needed.
        """
        if flat is None or not lowered_is_exact(text, lowered):
            return {}  # neither search reads an index
        padded, pieces, mixed = flat
        words = set(self.start_words_in(pieces, before)) if before else set()
        keys = self.key_words_in(pieces, near) if near else None
        if keys is not None:
            words.update(keys)
        if len(words) < INDEX_SCAN_WORDS:
            return {}
        if self._word_pattern is None:
            trie = trie_regex(sorted(w.decode("ascii") for w in self._indexed)).encode("ascii")
            self._word_pattern = re.compile(b" (" + trie + b")(?= )")
        return whole_words_of(lowered, padded, words, mixed, self._word_pattern, stop=stop)

    def near_words(
        self, text: str, lowered: str, rules: Sequence[CueRule], *,
        flat: tuple[bytes, frozenset[bytes], bool] | None = None, stop: int | None = None,
        index: WordIndex | None = None,
    ) -> tuple[NearWords | None, NearWords | None]:
        """:meth:`near_word_starts` of the near ``rules`` without ``only_concepts`` and of all
        of them, in one pass (the second is the first when no rule has ``only_concepts``).

        With ``stop``, only the offsets before it (enough for the windows of mentions that
        start at or before it); ``index``: a :data:`WordIndex` of the text for this ``stop``,
        shared with :meth:`spans` (filled with the key words it lacks).
        """
        bits_all, bits_free, same = self._keys_of_rules(rules)
        if bits_free is None or not lowered_is_exact(text, lowered):
            return None, None
        if bits_all is None:  # only a rule limited to concepts has no key words
            free, _ = self.near_words(text, lowered, [r for r in rules if not r.only_concepts], flat=flat, stop=stop)
            return free, None
        at_all: list[int] = []
        at_free: list[int] = []
        padded: bytes | None = None
        if flat is not None:
            padded, pieces, mixed = flat
            # the key words of every near cue (of every one without ``only_concepts``): a
            # superset of the rules' own, read only at a window's edges (see __init__)
            words_all, words_free = self._every_key, self._free_keys
            # the offsets of spans (whole_words on ``lowered``): here ``lowered`` lines up with
            # ``text`` and lower-casing keeps every character a word character or not (CPython
            # 3.11: but for the ASCII folds, ruled out above), so a run of one is a run of the other
            at = {} if index is None else index
            key_bits = self._key_bits
            for w in _selected_words(pieces, self._key_bytes, key_bits, bits_all):
                found = at.get(w)
                if found is None:
                    found = at[w] = whole_words(lowered, padded, w, mixed, stop=stop)
                at_all += found
                if key_bits[w] & bits_free:
                    at_free += found
        else:
            # the rules' own key words (each occurrence is searched for: no superset here)
            words_all = tuple(frozenset().union(*(self._near_keys[r.id] for r in rules)))
            words_free = tuple(frozenset().union(*(self._near_keys[r.id] for r in rules if not r.only_concepts)))
            for w in words_all:
                i = lowered.find(w)
                found = []
                while i >= 0:
                    found.append(i)
                    i = lowered.find(w, i + 1)
                at_all += found
                if w in words_free:
                    at_free += found
        at_all.sort()
        if same:
            every = (at_all, words_all, padded)
            return every, every
        at_free.sort()
        return (at_free, words_free, padded), (at_all, words_all, padded)

    def select(
        self, words: frozenset[str] | set[str] | frozenset[bytes]
    ) -> tuple[list[CueRule], list[CueRule], list[CueRule]]:
        """The ``before``, ``after`` and near cues whose :meth:`CueRule.may_match` passes on
        ``words`` (``str``, or ASCII ``bytes`` from :meth:`scan_words`)."""
        return self.selection(words)[:3]

    def selection(self, words: frozenset[str] | set[str] | frozenset[bytes]) -> Selection:
        """:meth:`select` and what the context component derives from it (a :data:`Selection`),
        computed once per set of anchor groups present (one bit mask) and then looked up: the
        Djinni CVs have a few hundred distinct masks. The lists are shared: read them only."""
        bits = self._word_bits
        mask = 0
        for w in words:
            mask |= bits.get(w, 0)
        hit = self._selections.get(mask)
        if hit is None:
            before_needs, after_needs, near_needs = self._needs
            before = [r for r, need in zip(self.before, before_needs) if mask & need == need]
            after = [r for r, need in zip(self.after, after_needs) if mask & need == need]
            near = [r for r, need in zip(self.near, near_needs) if mask & need == need]
            near_only = frozenset().union(*(r.only_concepts for r in near if r.only_concepts))
            if len(self._selections) >= _MAX_SELECTIONS:
                self._selections.clear()
            hit = self._selections[mask] = (before, after, near, near_only)
        return hit

    def scan(self, text: str) -> tuple[str, frozenset[str]]:
        """``(text.lower(), words)``: ``words`` equals ``prefilter_words(text)`` on every cue
        word, all that :meth:`CueRule.may_match` looks at (a smaller set is faster to build)."""
        lowered, words, _flat = self.scan_words(text)
        return lowered, words

    def scan_words(
        self, text: str, *, decode: bool = True
    ) -> tuple[str, frozenset[str] | frozenset[bytes], tuple[bytes, frozenset[bytes], bool] | None]:
        """:meth:`scan` and, when every cue word is ASCII, ``(padded, pieces, mixed)`` for
        :meth:`spans` (else None): ``padded`` is ``b" " + flat_words(text.lower()) + b" "``,
        ``pieces`` its runs of ASCII word characters that are cue words or start words of a
        ``before`` cue, ``mixed`` whether the text has a non-ASCII word character.

        Those runs (C ``split``, no match objects) are the ASCII ``\\w+`` runs of the text, but
        for pieces of runs that also hold non-ASCII word characters: a word among those counts
        only where it is a whole run (:func:`whole_words`). 2-3x faster than ``findall`` on the
        Djinni CVs. With ``decode`` False, the words are ASCII ``bytes`` when the third item is
        not None (:meth:`select` takes either).
        """
        lowered = text.lower()
        if not self._cue_ascii:
            return lowered, self._cue_words.intersection(_WORD_RE.findall(lowered)), None
        padded = b" " + flat_words(lowered) + b" "
        pieces = self._scan_bytes.intersection(padded.split())
        found = self._cue_bytes.intersection(pieces)
        # a piece can be part of a longer run only next to a non-ASCII word character
        mixed = not lowered.isascii() and any(c.isalnum() or c == "_" for c in set(_NON_ASCII_RE.findall(lowered)))
        if found and mixed:
            found = frozenset(w for w in found if whole_words(lowered, padded, w, True, first=True))
        if not decode:
            return lowered, found, (padded, pieces, mixed)
        return lowered, frozenset(w.decode("ascii") for w in found), (padded, pieces, mixed)

    def cue_spans(self, text: str) -> list[Cue]:
        """``(end, start, rule id, kind, where)`` of every ``before`` cue in ``text``, sorted by end."""
        return self.spans(text, *self.scan_words(text))

    def spans(
        self, text: str, lowered: str, words: frozenset[str], flat: tuple[bytes, frozenset[bytes], bool] | None = None,
        before: list[CueRule] | None = None, stop: int | None = None, index: WordIndex | None = None,
    ) -> list[Cue]:
        """The cues of :meth:`cue_spans`; ``lowered``, ``words`` and ``flat`` from :meth:`scan_words`.
        With ``stop``, only those that start before it (a cue that starts at or after a
        mention's start cannot cover it: the context component passes the last mention's start).

        A cue is matched only where one of its start words stands (:meth:`CueRule.finditer`).
        With ``flat`` those are found with ``bytes.find`` (:func:`whole_words`); otherwise the
        start words of all cues are found in one regex scan. An item-initial or paragraph cue
        is matched first where it would be kept (:func:`kept_matches_at`). ``before``: the
        ``before`` cues that pass the pre-filter on ``words`` (from :meth:`select`), when known.
        ``index``: a :data:`WordIndex` of the text for this ``stop``, shared with
        :meth:`near_words` (filled with the start words it lacks).
        """
        spans: list[Cue] = []
        item_starts = self._item_starts
        if before is None:
            before = self.select(words)[0]
        rules, _bits, all_start = self._starts_of(before)
        if not rules:
            return spans
        # several cues to look for: find their start words in one scan and try each cue at
        # its own (the scan of CueRule.finditer, shared; same matches)
        shared: list[tuple[int, bytes | str]] | None = None
        at: WordIndex | None = None  # with ``flat``: the offsets of each start word
        if all_start and lowered_is_exact(text, lowered):
            if flat is not None:
                padded, pieces, mixed = flat
                at = {} if index is None else index
                present = []
                for w in self.start_words_in(pieces, before):
                    found = at.get(w)
                    if found is None:
                        found = at[w] = whole_words(lowered, padded, w, mixed, stop=stop)
                    if found:
                        present.append(w)
                # the start words that stand in the text (before ``stop``), as a set: each cue
                # intersects its own start words with it, a set operation over the smaller of
                # the two (intersecting with the index itself, a dict that may hold the near
                # cues' key words too, walked the whole dict once per cue); a word without
                # offsets was skipped below anyway
                in_text = frozenset(present)
            elif len(rules) > 1:
                union = frozenset().union(*(r.starts for r, _, _ in rules))
                shared = [(m.start(), m.group()) for m in start_words_regex(union).finditer(lowered)]
        for rule, starts, heads in rules:
            if at is not None:
                # the offsets of the rule's own start words where one of the alternatives that
                # begin with that word matches (:meth:`_head`: the cue cannot match elsewhere,
                # and a candidate where it does not match changes nothing in matches_at or
                # kept_matches_at), merged (a whole run at an offset is one word: no offset
                # twice); none: the rule cannot match
                hits = []
                for w in starts & in_text:
                    offsets = at[w]
                    head = heads.get(w, False)
                    if head is False:
                        head = heads[w] = self._head(rule, w)
                    if head is not None:
                        offsets = [p for p in offsets if head(text, p) is not None]
                    if offsets:
                        hits.append(offsets)
                if not hits:
                    continue
                candidates = hits[0] if len(hits) == 1 else sorted(chain.from_iterable(hits))
            elif shared is not None:
                candidates = [p for p, w in shared if w in rule.starts]
            if at is None and shared is None:
                found = rule.finditer(text, lowered)
            else:
                if rule.item_initial or (rule.paragraph and not rule.ends_line):
                    found = kept_matches_at(rule.pattern, text, candidates, self._keep[rule.id])
                else:
                    found = matches_at(rule.pattern, text, candidates)
            for m in found:
                if stop is not None and m.start() >= stop:
                    break
                # an item-initial cue: only separators or spaces before it on its item
                if rule.item_initial and text[max(0, m.start() - 3):m.start()].rstrip(" \t")[-1:] not in item_starts:
                    continue
                # a paragraph cue opens its sentence, line or list item ("- During my studies"),
                # or (``ends_line``) ends its line ("Graduated from the QA course.\n- Jira")
                if rule.ends_line:
                    if _LINE_REST.match(text, m.end()) is None:
                        continue
                elif rule.paragraph and text[max(0, m.start() - 3):m.start()].rstrip(" \t")[-1:] not in self._opens:
                    continue
                spans.append((m.end(), m.start(), rule.id, rule.kind, "before"))
        spans.sort()
        return spans

    def _head(self, rule: CueRule, word: bytes) -> Any:
        """The ``match`` of the regex of ``rule``'s first-slot alternatives that begin with the
        start ``word`` (:func:`rolefit.nlp._rules.start_heads`), with the flags of
        ``rule.pattern``: where the cue matches at a whole run ``word`` (the start words' guard
        of :meth:`spans` holding), so does this. None when not known (no test)."""
        heads = self._head_sources.get(id(rule))
        w = word.decode("ascii")
        source = heads.get(w) if heads else None
        # None (not derivable): no test, every candidate is matched
        if source is None:
            return None
        # the word alone (the cue's alternatives that begin with it are that word: "i" of
        # not_have_experience, "course"): the head matches at every candidate, a whole run of
        # that word (spans' guard), so it is not tried: None, as for a head not known. 3,955
        # of the 23,434 head tests at an "i" on the Djinni CVs were this one
        if source == rf"\b(?=[{re.escape(w[0])}])(?:{re.escape(w)}\b)":
            return None
        return re.compile(source, rule.pattern.flags).match

    def negating_cue(
        self, text: str, cues: list[Cue], start: int, cid: str, spans: list[tuple[int, int]]
    ) -> Cue | None:
        """The cue whose scope covers a mention starting at ``start``, if any.

        A cue covers the mention when no list-item boundary (clause boundary, if the cue ends
        with or is followed by a colon: "No experience with: Rust; Go") lies between the cue's end and
        the mention. Boundaries inside the cue itself ("not yet familiar") do not count. The
        scope also ends after ``max_scope_words`` words that are not other skill mentions
        (CV text often lacks the full stop that would end it; a cue may set its own). A
        negation's scope also ends at a comma before a clause opener (the rules'
        ``clause_openers``: "No experience with Kafka, only RabbitMQ").
        """
        i = bisect.bisect_right(cues, (start, start, "\uffff")) - 1
        paragraph = self._paragraph
        while i >= 0:
            cue = cues[i]
            if cue[2] in paragraph:  # see paragraph_cue
                i -= 1
                continue
            cue_end = cue[0]
            if self._clause_end.search(text, cue_end, start) is not None:
                return None
            only = self._only.get(cue[2])
            if only is not None and cid not in only:
                i -= 1
                continue
            if cue[3] == "negation" and self._opener is not None and self._opener.search(text, cue_end, start):
                i -= 1  # "No experience with Kafka, only RabbitMQ": an earlier learning cue may still cover it
                continue
            limit = self._scope_words.get(cue[2], self.max_scope_words) if self._scope_words else self.max_scope_words
            words = len(_WORD_RE.findall(text, cue_end, start))
            if words > limit:
                j = bisect.bisect_left(spans, (cue_end, cue_end))
                while j < len(spans) and spans[j][1] <= start:
                    words -= len(_WORD_RE.findall(text, spans[j][0], spans[j][1]))
                    j += 1
                if words > limit:
                    if limit >= self._widest_scope:
                        return None
                    i -= 1  # an earlier cue with a wider scope may still cover it
                    continue
            if text[cue_end - 1] in ":：" or _COLON_AFTER_CUE.match(text, cue_end, start) is not None:
                return cue  # a cue heading a list ("learning modules: A; B") covers its clause
            if self._item_end.search(text, cue_end, start) is None:
                return cue
            i -= 1
        return None

    @property
    def has_paragraph_cues(self) -> bool:
        """Whether some cue has ``"scope": "paragraph"`` (:meth:`paragraph_cue`)."""
        return bool(self._paragraph)

    def paragraph_cue(
        self, text: str, cues: list[Cue], start: int, cid: str, lowest: int = 0, memo: dict[Any, Any] | None = None
    ) -> Cue | None:
        """The paragraph cue (:attr:`CueRule.paragraph`) whose scope covers a mention starting
        at ``start``, if any; ``lowest``: where the mention's section starts (a heading ends
        the scope).

        The nearest paragraph cue before the mention covers it unless a blank line, the
        section's start, a line that opens with a date ("Sep 2019 - ...", "2021 Acme") or a line
        break before a line that is no list item (bullet, dash, "1.") and does not follow a
        colon lies between them, more than the cue's ``max_scope_words`` words (all words) do, or one of
        its ``scope_ends_with`` phrases stands between the cue and the end of the mention's
        sentence: the scope then ends where the sentence holding that phrase starts.

        ``memo``: a dict kept for one text (the context component passes one per document),
        which keeps the search for a cue's ``scope_ends_with`` phrases by the cue's end and the
        end of the mention's sentence. The mentions of one list ("We learned: Docker,
        Kubernetes, Helm") share both, so the search (a long row of phrases over the cue's
        whole scope) is made once for them: the same search, on the same text and bounds.
        """
        i = bisect.bisect_right(cues, (start, start, "\uffff")) - 1
        while i >= 0:
            cue = cues[i]
            rule = self._paragraph.get(cue[2])
            if rule is None or cue[0] > start:
                i -= 1
                continue
            if rule.only_concepts is not None and cid not in rule.only_concepts:
                i -= 1
                continue
            cue_end = cue[0]
            if cue[1] < lowest or _PARAGRAPH_END.search(text, cue_end, start) is not None:
                return None
            # a line break ends the scope, unless the next line is a list item or the line
            # before it ends with a colon (the cue's list: "During the course I learned:\n- A")
            nl = text.find("\n", cue_end, start)
            while nl >= 0:
                if self._list_item.match(text, nl + 1) is None and text[max(cue_end, nl - 3):nl].rstrip(" \t\r")[-1:] not in (":", "："):
                    return None
                nl = text.find("\n", nl + 1, start)
            if rule.scope_words is not None and len(_WORD_RE.findall(text, cue_end, start)) > rule.scope_words:
                return None
            if rule.scope_end is not None:
                end = self._sentence_end.search(text, start)
                stop = end.start() if end is not None else len(text)
                if memo is None:
                    hit = rule.scope_end.search(text, cue_end, stop)
                else:
                    key = (rule.id, cue_end, stop)
                    hit = memo.get(key, False)
                    if hit is False:
                        hit = memo[key] = rule.scope_end.search(text, cue_end, stop)
                if hit is not None:
                    # the sentence holding the phrase, and what follows it, is out of scope
                    before = [m.end() for m in self._sentence_end.finditer(text, cue_end, hit.start())]
                    if start >= (before[-1] if before else cue_end):
                        return None
            return cue
        return None


# what may follow an ``ends_line`` paragraph cue up to its line's end (CueRule.ends_line)
_LINE_REST = re.compile(r"[ \t]*[.:;：]?[ \t\r]*\n")

# a blank line, or a line that opens with a date (a new dated entry: "Sep 2019 - Mar 2020",
# "2021 Acme"): where a paragraph cue's scope ends
_PARAGRAPH_END = re.compile(
    r"\n[ \t\r]*\n|\n[^\w\n]{0,3}(?:[A-Za-z]{3,9}\.?[ \t]+)?(?:19|20)\d\d\b|\n[^\w\n]{0,3}\d{1,2}[./]\d{2,4}\b"
)
