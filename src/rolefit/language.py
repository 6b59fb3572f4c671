"""Is a text mostly English? An offline check built on spaCy's stop-word lists.

rolefit's taxonomy and model are English-only: a CV mostly in another language gets
``label="review"`` with a reason instead of a misleading low probability. The check needs
no model download: it compares how many words are English stop words with how many are
stop words of other common languages (spaCy's ``spacy.lang.*.stop_words``), and how much of
the text is in Latin script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

__all__ = ["LanguageCheck", "check_english"]

#: Other languages compared against English (ISO 639-1 codes of spaCy language modules).
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "uk", "ru", "cs", "sv", "ro")
_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "uk": "Ukrainian", "ru": "Russian", "cs": "Czech", "sv": "Swedish", "ro": "Romanian",
}
#: Fewer letters than this: too short to judge.
MIN_LETTERS = 40
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


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
        name = _NAMES.get(self.best_other or "", str(self.best_other))
        return (
            f"the text looks mostly {name} ({self.other_hits} {name} vs {self.english_hits} English "
            "function words); rolefit's taxonomy is English-only, so a recruiter should read this CV"
        )


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    out = {"en": frozenset(import_module("spacy.lang.en.stop_words").STOP_WORDS)}
    for code in OTHER_LANGUAGES:
        words = frozenset(import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
        out[code] = words - out["en"]  # words shared with English say nothing
    return out


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def check_english(text: str) -> LanguageCheck:
    """Judge whether ``text`` is mostly English.

    Parameters
    ----------
    text : str

    Returns
    -------
    LanguageCheck
        ``is_english`` is False when the text has at least 40 letters and either fewer than
        half of them are Latin script, or another language's stop words outnumber English
        ones two to one (with at least 5 such hits). Skill lists with few function words
        count as English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return LanguageCheck(True, 1.0, 0, None, 0)
    latin_share = sum(map(_is_latin, letters)) / len(letters)
    words = [w.lower() for w in _WORD_RE.findall(text)]
    lists = _stop_words()
    en = sum(w in lists["en"] for w in words)
    best, best_hits = None, 0
    for code in OTHER_LANGUAGES:
        hits = sum(w in lists[code] for w in words)
        if hits > best_hits:
            best, best_hits = code, hits
    is_english = latin_share >= 0.5 and not (best_hits >= 5 and best_hits > 2 * en)
    return LanguageCheck(is_english, latin_share, en, best, best_hits)
