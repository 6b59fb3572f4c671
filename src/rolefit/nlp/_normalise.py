"""Text normalisation with an offset map, run INSIDE the spaCy pipeline.

Before tokenisation the text is normalised for matching -- ligatures and other
compatibility characters (NFKC), words hyphenated across a line break, soft hyphens and
zero-width characters, bullets and list separators (mapped to ``,``), trademark signs and
glue between names ("AWS&GCP", "Python+Go", "Docker/ Kubernetes/"),
a framework's dotted suffix in capitals ("Node.JS" -> "Node.js"), ligatures that PDF
extraction split into their own word ("Kube fl ow"), a stray "Â" before
a space (Windows-1252 read as Latin-1) and line breaks --
while an offset map keeps every mention pointing into the ORIGINAL text.

:class:`NormalisingTokenizer` wraps spaCy's tokenizer: ``nlp(text)`` normalises, tokenises
the normalised text and keeps the :class:`Normalised` record on ``doc.user_data`` (key
:data:`NORMALISED_KEY`), so ``extractor.nlp(text)`` and :func:`rolefit.extract_skills` see
exactly the same thing. Bullet glyphs and list separators come from the context rules
(:mod:`rolefit.nlp._rules`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from rolefit._limits import DEFAULT_MAX_LEXEMES
from rolefit.nlp._rules import default_rules

__all__ = ["NORMALISED_KEY", "Normalised", "Normaliser", "NormalisingTokenizer", "normalise"]

#: Key of ``doc.user_data`` holding the :class:`Normalised` record of the doc's text.
NORMALISED_KEY = "rolefit_normalised"

_DROPPED = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
# quick checks (patterns starting with a literal or a class scan fast); the exact rule is the slow regex
_HYPHEN_BREAK_RE = re.compile(r"-[ \t]*\r?\n")
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff\ud800-\udfff]")
# glue that must not hide a skill, replaced one-for-one: "&" or "+" between letters
# ("AWS&GCP", "Python+Go") becomes a space, a "/" ending a word ("Docker/ Kubernetes/") a
# list separator. Surface forms go through the same normaliser ("P&L" -> "P L"), so they
# still match; "C++" and "CI/CD" are untouched.
# (each pattern starts with its literal so that the regex engine can scan for it)
_GLUE_AMP_RE = re.compile(r"[&+](?<=[^\W\d_][&+])(?=[^\W\d_])")
_GLUE_SLASH_RE = re.compile(r"/(?<=\w/)(?=\s|$)")
# a framework's dotted suffix written in capitals ("Vue.JS", "Node.JS", "Socket.IO") is
# lowercased, one-for-one: spaCy splits a dot between a lowercase and an uppercase letter (a
# sentence end without its space), which read "Express.JS" as "Express", ".", "JS"
# (JavaScript, and the framework lost). Only these suffixes: "clients.AI tools" or "Java.NET"
# may well be a missing space.
_DOTTED_SUFFIX_RE = re.compile(r"\.(?<=[a-z]\.)(?:JS|Js|IO|Io)\b")


def _lower(m: re.Match[str]) -> str:
    return m.group().lower()


def _unglue(text: str) -> str:
    if "&" in text or "+" in text:
        text = _GLUE_AMP_RE.sub(" ", text)
    if "/" in text:
        text = _GLUE_SLASH_RE.sub(",", text)
    if ".J" in text or ".I" in text:
        text = _DOTTED_SUFFIX_RE.sub(_lower, text)
    return text


# PDF extraction that split a ligature into its own word: "Kube fl ow", "ML fl ow", "Air fl ow"
_LIGATURE_SPLIT = r"(?<=[A-Za-z]) (?:ffi|ffl|fi|fl|ff) (?=[a-z]{1,4}\b)"
# the quick check, the same matches as _LIGATURE_SPLIT but led by the literal space (the regex
# engine scans for it instead of trying the lookbehind at every position)
_LIGATURE_SPLIT_RE = re.compile(r" (?<=[A-Za-z] )(?:ffi|ffl|fi|fl|ff) (?=[a-z]{1,4}\b)")
# length-changing spots: hyphenation across a line break, split ligatures, "Â" before a space
# (Windows-1252 text decoded as Latin-1 turns a non-breaking space into "Â\xa0"), invisible
# characters, non-ASCII
_SLOW_RE = re.compile(
    r"(?P<hyphen>(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_]))"
    rf"|(?P<ligature>{_LIGATURE_SPLIT})"
    r"|(?P<mojibake>\u00c2(?=[\s\u00a0]))"
    r"|[\u00ad\u200b-\u200f\u2060\ufeff]|[^\x00-\x7f]"
)
# _SLOW_RE for a text without a hyphenation or ligature spot (Normaliser's quick checks found
# none): then only its last three alternatives can match, each one non-ASCII character, so
# its matches are those of this class (an "Â" before a space being the mojibake, told apart in
# the loop). A class that starts the pattern lets the regex engine skip ahead to the next
# non-ASCII character instead of trying five alternatives at every position.
_NON_ASCII_CHAR_RE = re.compile(r"[^\x00-\x7f]")


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


class Normaliser:
    """The normalisation of the module docstring, for one set of item separators.

    Parameters
    ----------
    separators : str
        Characters that separate list items (bullets, ``|``, ``;``); each becomes ``,``.
    marks : str
        Signs glued to names that are not part of them (``™ ® ©``); each becomes a space
        (NFKC would turn ``™`` into ``TM`` and glue it to the name).
    """

    def __init__(self, separators: str, marks: str = "") -> None:
        self.separators = separators
        self.marks = marks
        self._ascii = tuple((c, ",") for c in separators if c.isascii()) + (
            ("\n", " "), ("\t", " "), ("\r", " "), ("\f", " "), ("\v", " "),
        )
        # every item separator -> ",", line breaks and other whitespace -> " ": one-for-one,
        # as ``str.replace`` calls on the characters present (``str.translate`` with a dict
        # looks up every character of a non-ASCII text in Python, 5-10x slower)
        self._all = tuple((c, ",") for c in separators) + self._ascii[-5:]

    def _flatten(self, text: str) -> str:
        for ch, repl in self._all:
            if ch in text:
                text = text.replace(ch, repl)
        return text

    def __call__(self, text: str) -> Normalised:
        hyphen_break = "-" in text and _HYPHEN_BREAK_RE.search(text) is not None
        # a split ligature is " fi ", " fl ", " ff ", " ffi " or " ffl " (one of three strings,
        # which most texts lack; " f" alone is in almost every text, "for", "from")
        ligature_split = (" fi " in text or " fl " in text or " ff" in text) and _LIGATURE_SPLIT_RE.search(text) is not None
        if text.isascii() and not hyphen_break and not ligature_split:
            flat = _unglue(text)
            for ch, repl in self._ascii:
                if ch in flat:
                    flat = flat.replace(ch, repl)
            return Normalised(text, flat, None)
        if (
            not hyphen_break
            and not ligature_split
            and unicodedata.is_normalized("NFKC", text)
            and _INVISIBLE_RE.search(text) is None
            and "\u00c2" not in text
        ):
            return Normalised(text, self._flatten(_unglue(text)), None)
        separators = self.separators
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        marks = self.marks
        spots = _SLOW_RE if hyphen_break or ligature_split else _NON_ASCII_CHAR_RE
        for m in spots.finditer(text):
            start = m.start()
            if start > pos:
                pieces.append(text[pos:start])
                offsets.extend(range(pos, start))
            frag = m.group()
            if m.lastgroup == "ligature":  # keep the letters, drop the two spaces
                pieces.append(frag[1:-1])
                offsets.extend(range(start + 1, m.end() - 1))
            elif m.lastgroup == "mojibake" or frag in marks or (
                frag == "\u00c2" and text[start + 1:start + 2].isspace()  # the mojibake, found by _NON_ASCII_CHAR_RE
            ):
                pieces.append(" ")
                offsets.append(start)
            elif len(frag) == 1 and frag not in _DROPPED and frag != "-":
                repl = frag if frag in separators else _nfkc_char(frag)
                pieces.append(repl)
                offsets.extend([start] * len(repl))
            # else: hyphenation or invisible character: dropped
            pos = m.end()
        pieces.append(text[pos:])
        offsets.extend(range(pos, len(text)))
        offsets.append(len(text))
        flat = self._flatten(_unglue("".join(pieces)))
        return Normalised(text, flat, tuple(offsets))


@lru_cache(maxsize=1)
def _default_normaliser() -> Normaliser:
    return Normaliser(default_rules().item_separators, default_rules().marks)


def normalise(text: str) -> Normalised:
    """Prepare ``text`` for matching with the bundled rules' separators; see the module docstring.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    Normalised
        ``to_original`` maps spans of the normalised text back to ``text`` (end exclusive).
    """
    return _default_normaliser()(text)


class NormalisingTokenizer:
    """spaCy tokenizer that normalises first and keeps the offset map on the doc.

    ``tokenizer(text).text`` is the normalised text; ``doc.user_data[NORMALISED_KEY]`` is
    the :class:`Normalised` record (original text + offset map). Serialisation delegates to
    the wrapped tokenizer.

    Parameters
    ----------
    tokenizer : spacy.tokenizer.Tokenizer
        The language's own tokenizer.
    separators : str
        Item separators for :class:`Normaliser` (default: the bundled context rules').
    """

    def __init__(self, tokenizer: Any, *, separators: str | None = None, marks: str | None = None) -> None:
        self.tokenizer = tokenizer
        rules = default_rules()
        self.normaliser = Normaliser(
            separators if separators is not None else rules.item_separators,
            marks if marks is not None else rules.marks,
        )

    @property
    def vocab(self):  # noqa: ANN201 - spaCy's Vocab
        return self.tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        norm = self.normaliser(text)
        doc = self.tokenizer(norm.text)
        doc.user_data[NORMALISED_KEY] = norm
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> NormalisingTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> NormalisingTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self


#: Chunks (text between spaces) whose tokens spaCy's tokenizer keeps in its cache, at most.
#: spaCy's default (10,000) is full after a few hundred CVs (the 2,181 Djinni CVs hold some
#: 31,000 distinct chunks); the bound is the vocabulary's (the pipeline, cache included, is
#: rebuilt when the vocabulary outgrows it), a few tens of bytes per entry.
TOKENIZER_CACHE_SIZE = DEFAULT_MAX_LEXEMES


def _uncached_specials(rules: dict[str, Any]) -> frozenset[str]:
    """The special cases that only stop spaCy's tokenizer from caching: whitespace that is
    its own single token with no attribute besides its text (``" "``, ``"\\n"``, ``"\\t"``).

    spaCy stops caching the chunks of a doc after the first special case it meets (all of
    them, "See #1250" in its tokenizer), and two spaces in a row (a blank line, once
    normalised) are one. Without those rules such a chunk is still exactly one token with the
    same lexeme (no prefix, suffix or infix pattern matches whitespace; checked in the tests),
    so the tokens are the same and the rest of the doc is cached.
    """
    return frozenset(
        key for key, subs in rules.items()
        if key.isspace() and len(subs) == 1 and set(subs[0]) == {ORTH} and subs[0][ORTH] == key
    )


@registry.tokenizers("rolefit.NormalisingTokenizer.v1")
def create_normalising_tokenizer():  # noqa: ANN201 - spaCy registry convention
    """spaCy registry entry: the language's default tokenizer wrapped in :class:`NormalisingTokenizer`.

    The same tokens as ``spacy.Tokenizer.v1`` makes, but cached better (per-document speed,
    ``benchmarks/extract_throughput.py``): a cache of :data:`TOKENIZER_CACHE_SIZE` chunks and
    without the whitespace rules of :func:`_uncached_specials`.
    """

    def make(nlp: Any) -> NormalisingTokenizer:
        defaults = nlp.Defaults
        exceptions = defaults.tokenizer_exceptions or {}
        dropped = _uncached_specials(exceptions)
        # spacy.Tokenizer.v1 (spacy.language.create_tokenizer) with those two settings
        tokenizer = Tokenizer(
            nlp.vocab,
            rules={k: v for k, v in exceptions.items() if k not in dropped},
            prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
            max_cache_size=TOKENIZER_CACHE_SIZE,
        )
        return NormalisingTokenizer(tokenizer)

    return make
