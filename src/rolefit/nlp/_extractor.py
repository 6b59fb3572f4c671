"""The extractor: ONE place where the spaCy pipeline is assembled, plus the public functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rolefit._gc import collector_paused
from rolefit._limits import DEFAULT_MAX_CHARS, DEFAULT_MAX_LEXEMES
from rolefit.errors import Errors, InputTooLargeError, InputTypeError
from rolefit.nlp._context import MENTIONS_KEY, NOT_A_SKILL
from rolefit.nlp._normalise import NORMALISED_KEY
from rolefit.nlp._prebuilt import job_titles
from rolefit.nlp._rules import default_rules
from rolefit.nlp._titles import TitleMatcher
from rolefit.schema import SkillMention, make_skill_mention
from rolefit.taxonomy import Taxonomy, default_broader, default_taxonomy, load_activity_patterns

__all__ = ["PIPELINE", "Extractor", "extract_skills", "extract_skills_many", "get_extractor"]

#: The pipeline after the normalising tokenizer, in order: (factory name, config from the
#: taxonomy, set-up on the built component). A new component is one line here.
PIPELINE: tuple[tuple[str, Callable[[Taxonomy], dict[str, Any]], Callable[[Any, Taxonomy], None] | None], ...] = (
    ("rolefit_skill_matcher", lambda tax: {}, lambda pipe, tax: _add_skill_patterns(pipe, tax)),
    ("rolefit_activity_matcher", lambda tax: {}, lambda pipe, tax: pipe.add_patterns(_activity_patterns(tax))),
    ("rolefit_context", lambda tax: {
        "strict_ids": [c.id for c in tax.concepts if c.ambiguous],
        "generic_ids": [c.id for c in tax.concepts if c.kind in GENERIC_KINDS and c.group != "technical"],
        "label_ids": [c.id for c in tax.concepts if c.kind == "methodology"],
        "broader": _broader(tax),
    }, None),
    ("rolefit_title_matcher", lambda tax: {"qualified_titles": _qualified_titles(tax)},
     lambda pipe, tax: _add_titles(pipe, tax)),
)

#: Concept kinds that name a general skill or method rather than a product or credential
#: (with a non-technical group: the ones whose names also occur inside longer proper names).
GENERIC_KINDS = ("skill", "methodology")
#: The concept kind of title classes, found by ``rolefit_title_matcher`` only.
TITLE_KIND = "job_title"


def _add_titles(matcher: TitleMatcher, taxonomy: Taxonomy) -> None:
    """The bundled job titles whose class ``taxonomy`` has (none for a taxonomy without title classes)."""
    classes = [c.id for c in taxonomy.concepts if c.kind == TITLE_KIND]
    if classes:
        # load_job_titles raises for a class outside ``classes`` and returns normalised keys
        # (job_titles: its result, from the prebuilt cache when fresh)
        matcher.add_titles(job_titles(classes), normalised=True)


def _qualified_titles(taxonomy: Taxonomy) -> dict[str, Any]:
    """The bundled qualified-title rules whose title class ``taxonomy`` has (``{}``: none)."""
    block = default_rules().qualified_titles
    rules = [r for r in block.get("rules", ()) if r["class"] in taxonomy]
    return {**block, "rules": rules} if rules else {}


def _add_skill_patterns(matcher: Any, taxonomy: Taxonomy) -> None:
    matcher.add_concepts(c for c in taxonomy.concepts if c.kind != TITLE_KIND)  # titles: title positions only
    matcher.add_patterns({"id": NOT_A_SKILL, "pattern": p} for p in default_rules().not_skills)


def _broader(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The bundled broader-concept relation (``broader.csv``) restricted to ``taxonomy``."""
    return {
        b: sorted(n for n in ns if n in taxonomy)
        for b, ns in sorted(default_broader().items()) if b in taxonomy
    }


def _activity_patterns(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The bundled activity patterns whose concept ``taxonomy`` has."""
    return [p for p in load_activity_patterns(concept_ids=default_taxonomy().concept_ids) if p["concept"] in taxonomy]


_TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "rolefit.NormalisingTokenizer.v1"}}}


def build_pipeline(taxonomy: Taxonomy, *, max_chars: int = DEFAULT_MAX_CHARS) -> Language:
    """``spacy.blank("en")`` with the normalising tokenizer and the :data:`PIPELINE` components.

    The cyclic garbage collector is paused while the pipeline is built (and restored as it
    was): building allocates some 100,000 long-lived objects (lexemes, patterns, 40,000
    titles), which trigger repeated full collections that find nothing to free, about 0.05 s
    of a cold start (``benchmarks/cold_start.py``). Nothing built depends on it.
    """
    with collector_paused():
        nlp = spacy.blank("en", config=_TOKENIZER_CONFIG)
        nlp.max_length = max(int(max_chars) + 1, nlp.max_length)
        for factory, config, setup in PIPELINE:
            pipe = nlp.add_pipe(factory, config=config(taxonomy))
            if setup is not None:
                setup(pipe, taxonomy)
    return nlp


class Extractor:
    """A spaCy pipeline built from a taxonomy, turning texts into skill mentions.

    ``extractor.nlp(text)`` runs the whole extraction (normalisation included): its
    ``doc.user_data["rolefit_mentions"]`` are exactly the mentions :meth:`extract` returns.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.
    max_chars : int, default rolefit._limits.DEFAULT_MAX_CHARS (200,000)
        Longest text accepted, in characters.
    max_lexemes : int, default rolefit._limits.DEFAULT_MAX_LEXEMES (100,000)
        When the pipeline's vocabulary holds more lexemes than this after a text or a batch,
        the pipeline is rebuilt (a fresh vocabulary), so that a long batch does not grow
        memory without bound. Mentions do not depend on it: a lexeme's attributes are a
        function of its text alone.

    Attributes
    ----------
    nlp : spacy.language.Language
        ``spacy.blank("en")`` with the normalising tokenizer + ``rolefit_skill_matcher`` +
        ``rolefit_activity_matcher`` + ``rolefit_context`` + ``rolefit_title_matcher`` (see
        :data:`PIPELINE`). Replaced by a new pipeline when the vocabulary outgrows
        ``max_lexemes``.
    n_rebuilds : int
        How many times the pipeline was rebuilt for that reason.
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        max_chars: int = DEFAULT_MAX_CHARS,
        max_lexemes: int = DEFAULT_MAX_LEXEMES,
    ) -> None:
        self.taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
        self.max_chars = int(max_chars)
        self.max_lexemes = int(max_lexemes)
        self.n_rebuilds = 0
        self.nlp = build_pipeline(self.taxonomy, max_chars=self.max_chars)
        self._labels = {c.id: c.label for c in self.taxonomy.concepts}

    def _bound_vocabulary(self) -> None:
        """Rebuild the pipeline if its vocabulary outgrew ``max_lexemes`` (called between texts)."""
        if len(self.nlp.vocab) > self.max_lexemes:
            self.nlp = build_pipeline(self.taxonomy, max_chars=self.max_chars)
            self.n_rebuilds += 1

    def _check(self, text: Any) -> str:
        if not isinstance(text, str):
            raise InputTypeError(Errors.RF102.format(type_name=type(text).__name__))
        if len(text) > self.max_chars:
            raise InputTooLargeError(Errors.RF101.format(length=len(text), max_chars=self.max_chars))
        return text

    def mentions(self, doc: Doc) -> tuple[SkillMention, ...]:
        """The :class:`SkillMention` tuple of a doc made by :attr:`nlp`."""
        original = doc.user_data[NORMALISED_KEY].original
        label = self._labels
        make = make_skill_mention  # SkillMention(...), faster (rolefit.schema)
        return tuple([
            make(start, end, cid, label[cid], original[start:end], section, negated, cue[1], cue[0])
            if cue else make(start, end, cid, label[cid], original[start:end], section, negated, None, None)
            for start, end, cid, section, negated, cue in doc.user_data[MENTIONS_KEY]
        ])

    def extract(self, text: str) -> tuple[SkillMention, ...]:
        """Skill mentions in one text; see :func:`extract_skills`."""
        mentions = self.mentions(self.nlp(self._check(text)))
        self._bound_vocabulary()
        return mentions

    def extract_many(self, texts: Iterable[str], *, batch_size: int = 256) -> list[tuple[SkillMention, ...]]:
        """Skill mentions in many texts; see :func:`extract_skills_many`.

        The cyclic garbage collector is paused while a batch is processed, and what the batch
        made (its mentions, which outlive the call) is then moved to the oldest generation
        (:func:`rolefit._gc.collector_paused` with ``promote``): extraction leaves no cyclic
        garbage, so the collections the batch's survivors triggered (young ones after each batch
        and now and then a full one, 0.1-0.17 s) traversed them and freed nothing: about 10 % of
        the CPU of ``extract_skills_many`` over the 2,181 Djinni CVs.
        """
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise InputTypeError(Errors.RF103.format(value=batch_size))
        out: list[tuple[SkillMention, ...]] = []
        pending = iter(texts)
        # one batch at a time, so the vocabulary can be bounded between batches
        while batch := [self._check(t) for t in islice(pending, batch_size)]:
            with collector_paused(promote=True):
                out.extend(self.mentions(d) for d in self.nlp.pipe(batch, batch_size=batch_size))
            self._bound_vocabulary()
        return out


_EXTRACTORS: dict[tuple[int, int], tuple[Taxonomy | None, Extractor]] = {}


def get_extractor(taxonomy: Taxonomy | None = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Extractor:
    """A cached :class:`Extractor` for ``taxonomy`` (the bundled one by default).

    Up to 8 extractors are kept, keyed by the taxonomy object and ``max_chars``.
    """
    key = (id(taxonomy) if taxonomy is not None else 0, int(max_chars))
    hit = _EXTRACTORS.get(key)
    if hit is None or hit[0] is not taxonomy:
        if len(_EXTRACTORS) >= 8:
            _EXTRACTORS.pop(next(iter(_EXTRACTORS)))
        hit = (taxonomy, Extractor(taxonomy, max_chars=max_chars))
        _EXTRACTORS[key] = hit
    return hit[1]


def extract_skills(
    text: str, *, taxonomy: Taxonomy | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[SkillMention, ...]:
    """Extract skill mentions from a CV or a job posting.

    Parameters
    ----------
    text : str
        The document text, as read (e.g. by :func:`rolefit.read_text`).
    taxonomy : Taxonomy, optional
        Concepts to look for; the bundled taxonomy by default.
    max_chars : int, default rolefit._limits.DEFAULT_MAX_CHARS (200,000)
        rolefit's cap on the text length, in characters.

    Returns
    -------
    tuple of SkillMention
        Sorted by ``start_char``; offsets index ``text`` (end exclusive), so
        ``text[m.start_char:m.end_char] == m.text``. Negated / not-practised mentions are
        included with ``negated=True``.

    Raises
    ------
    InputTooLargeError
        If ``len(text) > max_chars`` (raised before spaCy's own E088 limit).
    InputTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> [m.concept_id for m in extract_skills("Skills: K8s, GitLab CI, no experience with Rust")]
    ['kubernetes', 'gitlab_ci', 'rust']
    """
    return get_extractor(taxonomy, max_chars=max_chars).extract(text)


def extract_skills_many(
    texts: Iterable[str],
    *,
    batch_size: int = 256,
    taxonomy: Taxonomy | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[tuple[SkillMention, ...]]:
    """Extract skill mentions from many texts with ``nlp.pipe``.

    Returns exactly ``[extract_skills(t) for t in texts]`` for any ``batch_size``.

    Parameters
    ----------
    texts : iterable of str
    batch_size : int, default 256
        Texts per spaCy batch (must be >= 1).
    taxonomy : Taxonomy, optional
    max_chars : int, default rolefit._limits.DEFAULT_MAX_CHARS (200,000)

    Returns
    -------
    list of tuple of SkillMention
        One tuple per input text, in input order.

    Raises
    ------
    InputTooLargeError
        If any text is longer than ``max_chars``.
    InputTypeError
        For a non-``str`` text or an invalid ``batch_size``.
    """
    return get_extractor(taxonomy, max_chars=max_chars).extract_many(texts, batch_size=batch_size)
