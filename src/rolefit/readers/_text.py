"""Plain text (``.txt``, ``.md``): decoding with a byte-order mark, UTF-8, BOM-less UTF-16 or
a guessed legacy code page; never ``errors="ignore"``.

A byte-order mark decides first (UTF-32 LE/BE before UTF-16 LE/BE, then UTF-8); then
strict UTF-8; then BOM-less UTF-16 recognised by its NUL pattern; then a guess among
:data:`LEGACY_ENCODINGS` with charset-normalizer, where a plausible cp1252 reading wins
ties (short Western texts). Decoded text with more than :data:`BAD_CHARS_MAX_COUNT` (10)
NUL/U+FFFD characters, or more than :data:`BAD_CHARS_MAX_SHARE` (1 %) of them, is
ENCODING; fewer are kept (NULs removed) and reported in :attr:`ReadResult.warnings`.
Plain text needs no parser sandbox: the byte and character caps bound all it allocates.
"""

from __future__ import annotations

import functools
from typing import Any, Final

from rolefit.errors import Errors
from rolefit.readers._base import Format, ReadLimits, ReadResult, check_text, fail, normalise

#: Decoded text with more than this many NUL/U+FFFD characters, or more than this
#: share of them, is an ENCODING error; fewer are reported in ``ReadResult.warnings``.
BAD_CHARS_MAX_COUNT: Final = 10
BAD_CHARS_MAX_SHARE: Final = 0.01
#: Legacy encodings tried (with charset-normalizer) for text that is not UTF-8 and
#: has no byte-order mark. Short, mostly-English texts whose cp1252 reading is
#: plausible (see ``_western_cp1252``) are read as cp1252 unless charset-normalizer
#: recognises another language with confidence.
LEGACY_ENCODINGS: Final = (
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "cp1253",
    "cp1254", "cp1257", "mac_roman", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)
BOMS: Final = (  # UTF-32 before UTF-16: FF FE 00 00 starts with FF FE
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xef\xbb\xbf", "utf-8"),
)
_WESTERN_PUNCTUATION: Final = frozenset("€‚„…†‡‰‘’“”•–—™\u00a0¡£§©«®°±´·»¿")


def has_bom(data: bytes) -> bool:
    """Whether ``data`` starts with a Unicode byte-order mark (then it is text)."""
    return any(data.startswith(bom) for bom, _ in BOMS)


def read_plain(data: bytes, where: str, limits: ReadLimits, *, fmt: str = "txt") -> ReadResult:
    """Decode ``data`` as text; see the module docstring for the order of attempts."""
    max_chars = limits.max_chars
    if len(data) > 4 * max_chars:  # every encoding needs at most 4 bytes per character
        length = f"at least {len(data) // 4:,}"
        raise fail("TOO_LARGE", Errors.RF505, where, length=length, max_chars=max_chars)
    warnings: list[str] = []
    text, encoding = _decode(data, where, warnings)
    bad = text.count("\x00") + text.count("\ufffd")
    if bad > BAD_CHARS_MAX_COUNT or bad > BAD_CHARS_MAX_SHARE * len(text):
        detail = (
            f"{bad:,} NUL or U+FFFD replacement characters in {len(text):,} after decoding as "
            f"{encoding}; at most {BAD_CHARS_MAX_COUNT} and {BAD_CHARS_MAX_SHARE:.0%} are accepted"
        )
        raise fail("ENCODING", Errors.RF509, where, detail=detail)
    if bad:
        warnings.append(f"{bad} NUL or U+FFFD character(s) in the text; the NULs were removed.")
    text = normalise(text)
    check_text(text, where, max_chars, "only whitespace")
    return ReadResult(text=text, format=fmt, warnings=tuple(warnings), encoding=encoding)


def _decode(data: bytes, where: str, warnings: list[str]) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                position = exc.start + len(bom)
                detail = f"the byte-order mark says {codec}, but {exc.reason} at byte {position:,}"
                raise fail("ENCODING", Errors.RF509, where, detail=detail) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        warnings.append(f"No byte-order mark; decoded as {utf16[1]} from the pattern of NUL bytes.")
        return utf16
    western = _western_cp1252(data)
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    best = matches.best()
    unsure = best is None or best.coherence == 0 or _ties_cp1252(best, matches)
    if best is None or (western is not None and unsure):
        if western is None:
            detail = f"not UTF-8, and none of {', '.join(LEGACY_ENCODINGS)} fits"
            raise fail("ENCODING", Errors.RF509, where, detail=detail)
        text, codec = western, "cp1252"
    else:
        text, codec = str(best), best.encoding
    warnings.append(f"Not UTF-8; decoded as {codec} (a guess). Save the file as UTF-8 to be sure.")
    return text, codec


def _western_cp1252(data: bytes) -> str | None:
    """The cp1252 decoding of ``data`` if it reads like Western European text.

    Plausible means: every non-ASCII character is a Latin-1 letter or common
    typographic punctuation (curly quotes, dashes, euro sign...), and no three
    such letters are adjacent (Cyrillic bytes read as cp1252 give runs such as
    "Ïðèâåò"; Polish ones give symbols such as "¿ó³").
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    run = 0  # adjacent non-ASCII letters
    for char in text:
        if char < "\x80" or char in _WESTERN_PUNCTUATION:
            run = 0
        elif "\xc0" <= char <= "\xff" and char not in "\xd7\xf7":
            run += 1
            if run >= 3:
                return None
        else:
            return None
    return text


def _ties_cp1252(best: Any, matches: Any) -> bool:
    """Whether charset-normalizer rates cp1252 as good as its best guess: on short
    texts cp1250/cp1252/cp1257 often tie, and its pick among them is arbitrary."""
    return any(
        m.chaos <= best.chaos + 0.01
        and m.coherence >= best.coherence - 0.02
        and "cp1252" in (m.encoding, *m.could_be_from_charset)
        for m in matches
    )


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 text: mostly-ASCII text has NULs at every other byte."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if max(even, odd) < 0.3 * half or min(even, odd) > 0.05 * half:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


#: Registry entries: plain text is what no detector claims; the suffix picks md over txt.
TXT: Final = Format(name="txt", suffixes=(".txt",), wording=".txt", read=read_plain)
MD: Final = Format(name="md", suffixes=(".md",), wording=".md", read=functools.partial(read_plain, fmt="md"))
