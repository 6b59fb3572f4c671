"""Context rules as data: load ``context_rules.json`` and compile it once.

Everything the context component and the posting cues need -- bullet glyphs, list
separators, sentence ends, contrast words, section headings with weights, negation and
non-practice cues -- comes from one file (bundled: ``rolefit/data/context_rules.json``).
Each fact lives there once; the regular expressions and the cheap pre-filters are DERIVED
from it here, never written by hand:

- a cue is a sequence of slots (alternatives, optional alternatives, a run of any words);
  its regex joins the slots with ``\\s+`` (any whitespace, so "no\\texperience" matches) and
  its pre-filter is, for every required slot, the set of the longest literal word of each
  alternative -- every text the regex matches contains one of them, by construction;
- the normaliser's separator set, the heading-line prefix, the negation scope ends and the
  posting clause boundaries are unions of the same glyph sets.

The raw data is read by :func:`rolefit.taxonomy.load_context_data` (which the features use\nfor the section weights without importing spaCy); this module compiles it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rolefit.errors import Errors, TaxonomyError
from rolefit.taxonomy import load_context_data, section_weights

__all__ = ["ContextRules", "CueRule", "default_rules", "load_rules", "prefilter_text", "rules_from_data"]

_SLOT_KEYS = ("optional", "any_words")


def _alternative_regex(alt: str) -> str:
    return r"\s+".join(re.escape(w) for w in alt.split())


@dataclass(frozen=True)
class CueRule:
    """One negation or non-practice cue compiled from its data.

    Attributes
    ----------
    id : str
        Rule id from the data file (shown as evidence of a negation).
    kind : str
        ``"negation"`` or ``"not_practised"``.
    pattern : re.Pattern
        The compiled cue, case-insensitive.
    anchors : tuple of tuple of str
        The derived pre-filter: the pattern can only match a text whose
        :func:`prefilter_text` contains, for every group, at least one of its strings.
    """

    id: str
    kind: str
    pattern: re.Pattern[str]
    anchors: tuple[tuple[str, ...], ...]

    def may_match(self, prepared: str) -> bool:
        """The pre-filter on ``prefilter_text(text)``: False means :attr:`pattern` cannot match ``text``."""
        return all(any(a in prepared for a in group) for group in self.anchors)


def prefilter_text(text: str) -> str:
    """``text`` lower-cased with every whitespace run collapsed to one space (for :meth:`CueRule.may_match`).

    Python's ``str.split()`` and the regex class ``\\s`` agree on what whitespace is, so a cue
    that matches ``text`` with ``\\s+`` between words leaves its words, single-spaced, here.
    """
    return " ".join(text.lower().split())


def _compile_cue(source: str, raw: Mapping[str, Any]) -> CueRule:
    rid = raw.get("id", "?")
    seq = raw.get("sequence")
    if not isinstance(seq, list) or not seq:
        raise TaxonomyError(Errors.RF008.format(path=source, rule=rid, problem="'sequence' must be a non-empty list"))
    parts: list[str] = []
    anchors: list[tuple[str, ...]] = []
    for i, slot in enumerate(seq):
        sep = "" if i == 0 else r"\s+"
        if isinstance(slot, list):
            if not slot or not all(isinstance(a, str) and a.strip() for a in slot):
                raise TaxonomyError(Errors.RF008.format(path=source, rule=rid, problem=f"slot {i} has an empty alternative"))
            alts = sorted(slot, key=len, reverse=True)
            parts.append(f"{sep}(?:{'|'.join(_alternative_regex(a) for a in alts)})")
            # sound anchor: the whole alternative, in the whitespace-collapsed lower-cased
            # text, with the single space a neighbouring required "\s+" guarantees
            # (every required slot after the first is preceded by "\s+"; one before a later
            # required slot is followed by one)
            before = " " if i > 0 else ""
            after = " " if any(isinstance(later, list) for later in seq[i + 1:]) else ""
            anchors.append(tuple(sorted({before + " ".join(a.lower().split()) + after for a in slot})))
        elif isinstance(slot, dict) and "optional" in slot:
            alts = sorted(slot["optional"], key=len, reverse=True)
            parts.append(f"(?:{sep}(?:{'|'.join(_alternative_regex(a) for a in alts)}))?")
        elif isinstance(slot, dict) and "any_words" in slot:
            lo, hi = slot["any_words"]
            parts.append(f"(?:{sep}\\w+){{{int(lo)},{int(hi)}}}?")
        else:
            raise TaxonomyError(Errors.RF008.format(
                path=source, rule=rid, problem=f"slot {i} must be a list or an object with one of {_SLOT_KEYS}"))
    if not anchors:
        raise TaxonomyError(Errors.RF008.format(path=source, rule=rid, problem="a cue needs a required slot"))
    pattern = re.compile(r"\b" + "".join(parts) + r"\b", re.IGNORECASE)
    return CueRule(str(rid), str(raw.get("kind", "negation")), pattern, tuple(anchors))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@dataclass(frozen=True)
class ContextRules:
    """The compiled context rules (see the module docstring).

    Attributes
    ----------
    bullets : str
        Bullet glyphs (list-item markers), one character each.
    list_separators : str
        Characters that separate list items inline (``|``, ``;``).
    sentence_ends : str
        Characters that end a sentence when followed by whitespace or the end of the text.
    contrast_words : tuple of str
        Words that end a clause ("but", "however"...).
    headings : Mapping[str, tuple of str]
        Section name -> heading phrases (lower case, single spaces).
    section_weights : Mapping[str, float]
        Section name -> weight in [0, 1] (the data's weight for a mention in that section).
    cues : tuple of CueRule
        Negation and non-practice cues, in file order.
    post_cue : re.Pattern
        A bracketed level right after a mention, e.g. "(basic exposure)".
    source : str
        Where the rules were read from.
    """

    bullets: str
    list_separators: str
    heading_markers: str
    sentence_ends: str
    contrast_words: tuple[str, ...]
    headings: Mapping[str, tuple[str, ...]]
    section_weights: Mapping[str, float]
    cues: tuple[CueRule, ...]
    post_cue: re.Pattern[str]
    source: str = "<memory>"
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ derived sets
    @property
    def item_separators(self) -> str:
        """Bullets and inline list separators: what ends one list item."""
        return self.bullets + self.list_separators

    @property
    def heading_to_section(self) -> dict[str, str]:
        return {h: s for s, hs in self.headings.items() for h in hs}

    def heading_regex(self) -> re.Pattern[str]:
        """A heading line: optional bullets/markdown, the heading, optional colon + inline content."""
        alt = "|".join(sorted((_alternative_regex(h) for h in self.heading_to_section), key=len, reverse=True))
        prefix = _char_class(" \t" + self.heading_markers + self.bullets)
        trail = _char_class(" \t" + self.heading_markers)
        return re.compile(
            rf"^{prefix}*(?P<h>{alt})[ \t]*(?:(?P<colon>[:：])(?P<rest>[^\r\n]*)|{trail}*)\r?$",
            re.IGNORECASE | re.MULTILINE,
        )

    def clause_end_regex(self) -> re.Pattern[str]:
        """Clause boundaries: sentence ends, line breaks and contrast words."""
        words = "|".join(re.escape(w) for w in self.contrast_words)
        return re.compile(rf"{_char_class(self.sentence_ends)}(?=\s|$)|\n|\b(?:{words})\b", re.IGNORECASE)

    def scope_end_regex(self) -> re.Pattern[str]:
        """Where a negation's scope ends: clause boundaries plus list-item separators."""
        words = "|".join(re.escape(w) for w in self.contrast_words)
        return re.compile(
            rf"{_char_class(self.sentence_ends)}(?=\s|$)|\n|{_char_class(self.item_separators)}|\b(?:{words})\b",
            re.IGNORECASE,
        )

    def to_json(self) -> str:
        """The data this object was compiled from (for ``to_disk``)."""
        return json.dumps(self.raw, ensure_ascii=False, indent=1)


def _compile_post_cue(raw: Mapping[str, Any]) -> re.Pattern[str]:
    levels = "|".join(_alternative_regex(a).replace(r"\-", "[- ]") for a in sorted(raw["levels"], key=len, reverse=True))
    nouns = "|".join(_alternative_regex(a) for a in sorted(raw["nouns"], key=len, reverse=True))
    return re.compile(rf"^[ \t]*[(\[][ \t]*(?:{levels})(?:[ \t]+(?:{nouns}))?[ \t]*[)\]]", re.IGNORECASE)


def rules_from_data(data: Mapping[str, Any], source: str = "<memory>") -> ContextRules:
    """Compile context rules from their JSON data (the format of ``context_rules.json``).

    Raises
    ------
    TaxonomyError
        (RF008) naming the rule and the problem, for a malformed rule or a missing key.
    """
    required = ("bullets", "list_separators", "heading_markers", "sentence_ends", "contrast_words", "headings",
                "cues", "post_cues")
    missing = [k for k in required if k not in data]
    if missing:
        raise TaxonomyError(Errors.RF008.format(path=source, rule="-", problem=f"missing key(s) {', '.join(missing)}"))
    headings = {s: tuple(" ".join(h.casefold().split()) for h in spec["headings"]) for s, spec in data["headings"].items()}
    weights = section_weights(data)
    return ContextRules(
        bullets=data["bullets"],
        list_separators=data["list_separators"],
        heading_markers=data["heading_markers"],
        sentence_ends=data["sentence_ends"],
        contrast_words=tuple(data["contrast_words"]),
        headings=headings,
        section_weights=weights,
        cues=tuple(_compile_cue(source, c) for c in data["cues"]),
        post_cue=_compile_post_cue(data["post_cues"]),
        source=source,
        raw=dict(data),
    )


def load_rules(path: str | Path | None = None) -> ContextRules:
    """Load context rules from a JSON file (the bundled ``context_rules.json`` by default).

    Raises
    ------
    TaxonomyError
        (RF007/RF008) for a missing file or malformed JSON or rule.
    """
    return rules_from_data(load_context_data(path), str(path) if path is not None else "context_rules.json")


@lru_cache(maxsize=1)
def default_rules() -> ContextRules:
    """The bundled context rules (loaded once per process)."""
    return load_rules()
