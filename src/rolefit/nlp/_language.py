"""Is a text mostly English? An offline check built on spaCy's stop-word lists.

rolefit's taxonomy and model are English-only: a CV mostly in another language gets
``label="review"`` with a reason instead of a misleading low probability. The check needs
no model download: it compares how many words are English stop words with how many are
stop words of other common languages (spaCy's ``spacy.lang.*.stop_words``), and how much of
the text is in Latin script.

The stop-word lists are read from spaCy's ``spacy/lang/<code>/stop_words.py`` files without
importing the ``spacy.lang.<code>`` packages: importing ``spacy.lang.fr`` compiles its
tokenizer-exception regexes, which alone took 2.5 s of a cold start (see
``benchmarks/cold_start.py``). The lists are the same objects spaCy defines, so the check
follows the installed spaCy version with no copy to keep in sync.
"""

from __future__ import annotations

import re
import sys
import types
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module, machinery, util
from pathlib import Path

__all__ = ["LanguageCheck", "check_english"]

#: Other languages compared against English (ISO 639-1 codes of spaCy language modules).
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "uk", "ru", "cs", "sv", "ro")
_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "uk": "Ukrainian", "ru": "Russian", "cs": "Czech", "sv": "Swedish", "ro": "Romanian",
}
#: Fewer letters than this: too short to judge.
MIN_LETTERS = 40
#: With at least this many all-lower-case words (2+ letters) outside skill mentions, fewer than
#: ``MIN_ENGLISH_SHARE`` of them being English stop words means "not English" (English prose has
#: 30-50 %). Skill names are not prose: "kubernetes docker terraform ..." is a keyword list.
MIN_PROSE_WORDS = 15
MIN_ENGLISH_SHARE = 0.08
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: The same words in ASCII text, where ``[^\W\d_]`` is exactly ``[A-Za-z]`` (a faster scan).
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_NON_ASCII_WORD_CHAR_RE = re.compile(r"[^\W\x00-\x7f]")


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """Outcome of :func:`check_english`.

    Attributes
    ----------
    is_english : bool
        False only when the text is long enough to judge and mostly another language.
    latin_share : float
        Share of letters in Latin script, in [0, 1].
    english_hits : int
        Words that are English stop words.
    best_other : str or None
        The other language with most stop-word hits, if any.
    other_hits : int
        Its hit count.
    """

    is_english: bool
    latin_share: float
    english_hits: int
    best_other: str | None
    other_hits: int

    @property
    def reason(self) -> str | None:
        """Human-readable reason when the text is not English, else None."""
        if self.is_english:
            return None
        if self.latin_share < 0.5:
            return (
                f"the text is mostly not in Latin script ({self.latin_share:.0%} Latin letters); "
                "rolefit's taxonomy is English-only, so a recruiter should read this CV"
            )
        if self.best_other is None:
            return (
                f"the text does not read as English (only {self.english_hits} English function words); "
                "rolefit's taxonomy is English-only, so a recruiter should read this CV"
            )
        name = _NAMES.get(self.best_other, self.best_other)
        return (
            f"the text looks mostly {name} ({self.other_hits} {name} vs {self.english_hits} English "
            "function words); rolefit's taxonomy is English-only, so a recruiter should read this CV"
        )


def _stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words of language ``code`` (``spacy.lang.<code>.stop_words.STOP_WORDS``).

    Executes that one file in a private module instead of importing the language package
    (see the module docstring); falls back to the ordinary import if the file is not a plain
    module on disk (a zipped or frozen spaCy) or does not define ``STOP_WORDS``.
    """
    name = f"spacy.lang.{code}.stop_words"
    if name not in sys.modules:
        try:
            spec = util.find_spec(f"spacy.lang.{code}")  # imports spacy.lang, not spacy.lang.<code>
            folder = Path(next(iter(spec.submodule_search_locations or ())))  # type: ignore[union-attr]
            loader = machinery.SourceFileLoader(f"_rolefit_stop_words_{code}", str(folder / "stop_words.py"))
            module = types.ModuleType(loader.name)
            module.__file__ = loader.path
            loader.exec_module(module)
            return frozenset(module.STOP_WORDS)
        except (ImportError, OSError, StopIteration, AttributeError):
            pass
    return frozenset(import_module(name).STOP_WORDS)


@lru_cache(maxsize=1)
def _stop_word_table() -> dict[str, tuple[str, ...]]:
    """Word -> the languages (``"en"`` or codes of :data:`OTHER_LANGUAGES`) it is a stop word of.

    Words that are English stop words count for English only: shared words say nothing.
    """
    english = _stop_words("en")
    table: dict[str, list[str]] = {w: ["en"] for w in english}
    for code in OTHER_LANGUAGES:
        for w in _stop_words(code):
            if w not in english:
                table.setdefault(w, []).append(code)
    return {w: tuple(codes) for w, codes in table.items()}


#: At most this many distinct words are remembered (about spaCy's vocabulary bound); a word
#: met after that is classified again each time, with the same result.
WORD_CACHE_MAX = 100_000

#: What the check counts for a word: (all lower case with two or more letters, that and an
#: English stop word, the languages whose stop word its lower-cased form is).
_Kind = tuple[bool, bool, tuple[str, ...]]


@lru_cache(maxsize=1)
def _kinds() -> tuple[list[_Kind], dict[_Kind, int]]:
    """Every kind a word can have (see :data:`_Kind`), and each kind's index in that list.

    All of them are known from the stop-word table, so the index never grows while texts are
    checked (no state shared between threads changes but the word cache's entries).
    """
    kinds: list[_Kind] = []
    for codes in sorted(set(_stop_word_table().values()) | {()}):
        for lower_long in (False, True):
            kinds.append((lower_long, lower_long and "en" in codes, codes))
    return kinds, {kind: i for i, kind in enumerate(kinds)}


class _WordKinds(dict):
    """Word (as written) -> index of its kind in ``_kinds()[0]``: what the check counts for it.

    The counts of a text are then one ``Counter`` over the indices of its words (in C) and a
    loop over its few distinct kinds, instead of a pass over the words per count. A kind is
    the rule's own test of one word, so the sums are those of a loop word by word: the word's
    lower-cased form looked up in :func:`_stop_word_table` (unless the word is written in
    capitals: an acronym or a heading counts for no language), and whether it is all lower case
    with two or more letters (an English stop word among those counts towards ``en_lower``).
    """

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        lower_long = len(word) > 1 and word.islower()
        # a word in capitals is an acronym or a heading ("AI", "EU", "CI/CD", "IT"), no
        # function word of any language: "ai", "eu" and "ci" are French, Italian, Romanian...
        # stop words, and a terse English AI-governance CV read as Romanian
        caps = len(word) > 1 and word.isupper()
        codes = () if caps else _stop_word_table().get(word.lower(), ())
        kind = _kinds()[1][(lower_long, lower_long and "en" in codes, codes)]
        if len(self) < WORD_CACHE_MAX:
            self[word] = kind
        return kind


@lru_cache(maxsize=1)
def _word_kinds() -> _WordKinds:
    """The process's word -> kind cache (see :class:`_WordKinds`)."""
    return _WordKinds()


# ASCII bytes that are not letters or the apostrophe -> space (for :func:`_ascii_words`)
_ASCII_LETTERS = bytes(b if (chr(b).isascii() and chr(b).isalpha()) or b == 0x27 else 0x20 for b in range(256))


def _ascii_words(text: str) -> list[str]:
    """``_WORD_RE.findall(text)`` for ``text`` without word characters outside ASCII, faster.

    There the words are ``_ASCII_WORD_RE``'s (the non-ASCII characters separate words like
    ASCII punctuation). ``bytes.translate`` turns every character but the ASCII letters and
    the apostrophe into a space (non-ASCII ones first become ``?``) and ``split`` cuts the
    runs: no word crosses a space, so the words are the runs' words, in order. A run without
    an apostrophe is one word (most CVs have none at all); a run with one is scanned by
    ``_ASCII_WORD_RE`` ("it's" is one word, "rock'n'roll" two, a lone "'" none).
    """
    runs = text.encode("ascii", "replace").translate(_ASCII_LETTERS).decode("ascii").split()
    if "'" not in text:
        return runs
    words: list[str] = []
    for run in runs:
        if "'" in run:
            words += _ASCII_WORD_RE.findall(run)
        else:
            words.append(run)
    return words


#: Runs of letters outside Latin script (Basic Latin to Latin Extended-B, Latin Extended Additional).
_NON_LATIN_RUN_RE = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]+")


def _skill_words(text: str, spans: Iterable[tuple[int, int]]) -> int:
    """How many of the words the prose rule counts (``n_lower`` of :func:`check_english`) lie in
    ``spans`` and are not English stop words.

    An English stop word in a skill name ("of" in "theory of computation") stays a prose word
    and an English one: it is English evidence, and leaving it counted means the spans only
    ever take words that are not English away, so a text with spans is never less English
    than without. Overlapping spans are merged; a span is widened to whole words (a mention's
    edge inside a letter run, as in "PyTorch's", takes the word), so each word counts once.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kinds, word_kinds = _kinds()[0], _word_kinds()
    n = 0
    for start, end in merged:
        for word in _WORD_RE.findall(text, start, end):
            lower_long, english_lower, _ = kinds[word_kinds[word]]
            n += lower_long and not english_lower
    return n


def check_english(text: str, skill_spans: Iterable[tuple[int, int]] = ()) -> LanguageCheck:
    """Judge whether ``text`` is mostly English.

    Parameters
    ----------
    text : str
    skill_spans : iterable of (int, int), optional
        Character offsets ``(start, end)`` of the recognised skill mentions in ``text`` (the
        extractor's ``SkillMention.start_char`` / ``end_char``), in any order, overlapping or
        not. Their words, English stop words apart, are not prose for the third rule below.
        Read only when that rule would otherwise flag the text (rarely), so a generator costs
        nothing on English CVs.

    Returns
    -------
    LanguageCheck
        ``is_english`` is False when the text has at least 40 letters and either fewer than
        half of them are Latin script, or another language's stop words outnumber English
        ones two to one (with at least 5 such hits), or it has at least 15 all-lower-case
        words (2+ letters) of which fewer than 8 % are English stop words, not counting the
        words of skill spans that are not English stop words (languages without a stop-word
        list here: Hungarian, Finnish, Turkish, transliterated text). Skill names are not
        prose: a CV that is a lower-case keyword list ("kubernetes docker terraform mlflow
        ...", "skills: python, pytorch, ...") has no function words because it has no
        sentences, not because it is another language; and with its mentions passed, a skill
        name counts the same written "kubernetes" or "Kubernetes" (a capitalised word never
        counted as prose). Foreign prose around English tool names is still judged by its
        own words. Words in capitals (acronyms such as AI, EU, CI, IT; headings) count for
        no language. The first two rules count every word, skill names included.
    """
    # every letter ([^\W\d_]) lies in exactly one word match (a word is a maximal letter run,
    # optionally joined to the next by one apostrophe), so one scan gives both the words and
    # the letter count
    # no word character outside ASCII (ASCII text, or ASCII plus punctuation such as ’ – •):
    # the words are ASCII letters only and every letter is Latin
    is_ascii = text.isascii() or _NON_ASCII_WORD_CHAR_RE.search(text) is None
    words = _ascii_words(text) if is_ascii else _WORD_RE.findall(text)
    joined = " ".join(words)  # words hold no space; one space between two words
    n_letters = len(joined) - max(len(words) - 1, 0) - joined.count("'")  # a word holds at most one apostrophe
    if n_letters < MIN_LETTERS:
        return LanguageCheck(True, 1.0, 0, None, 0)
    latin_share = 1.0 if is_ascii else 1.0 - sum(map(len, _NON_LATIN_RUN_RE.findall(text))) / n_letters
    # each distinct kind of word once (see _WordKinds): how many words of each kind
    n_lower = en_lower = 0
    counts: dict[str, int] = {}
    kinds = _kinds()[0]
    for kind, n in Counter(map(_word_kinds().__getitem__, words)).items():
        lower_long, english_lower, codes = kinds[kind]
        if lower_long:
            n_lower += n
            en_lower += english_lower * n
        for code in codes:
            counts[code] = counts.get(code, 0) + n
    en = counts.pop("en", 0)
    best, best_hits = None, 0
    for code in OTHER_LANGUAGES:  # fixed order: ties go to the first language listed
        if counts.get(code, 0) > best_hits:
            best, best_hits = code, counts[code]
    other_language = best_hits >= 5 and best_hits > 2 * en
    # a language with no stop-word list here (Hungarian, Finnish, Turkish...): plenty of prose
    # words, hardly any of them English function words
    unknown_language = n_lower >= MIN_PROSE_WORDS and en_lower < MIN_ENGLISH_SHARE * n_lower
    if unknown_language:  # skill names are no prose: count the words outside the mentions
        n_lower -= _skill_words(text, skill_spans)  # only lowers n_lower: needed only here
        unknown_language = n_lower >= MIN_PROSE_WORDS and en_lower < MIN_ENGLISH_SHARE * n_lower
    if unknown_language and not other_language:
        best, best_hits = None, 0
    is_english = latin_share >= 0.5 and not other_language and not unknown_language
    return LanguageCheck(is_english, latin_share, en, best, best_hits)
