"""Skill-mention extraction: the spaCy half of rolefit (the only package that imports spaCy).

The pipeline (assembled in one place, :data:`PIPELINE`) is ``spacy.blank("en")`` with

- a normalising tokenizer (:class:`NormalisingTokenizer`): ligatures and compatibility
  characters (NFKC), words hyphenated across a line break, soft hyphens and zero-width
  characters, bullets and list separators, line breaks -- with an offset map kept on the
  doc so that every :class:`~rolefit.schema.SkillMention` points into the ORIGINAL text
  (``text[m.start_char:m.end_char] == m.text``, end exclusive);
- ``rolefit_skill_matcher``: one ``PhraseMatcher`` phrase per taxonomy surface form, on
  ``LOWER``, longest match wins;
- ``rolefit_activity_matcher``: skills written as activities ("negotiated vendor
  contracts"), lemma-aware ``Matcher`` patterns from ``rolefit/data/activity_patterns.json``;
- ``rolefit_context``: CV sections from headings, negation and non-practice cues, and the
  skills-context check for ambiguous short names (``Go``, ``R``, ``Spark``...);
- ``rolefit_title_matcher``: job titles as mentions of ``job_title`` concepts (title
  classes), read only in title positions (first line, experience entries), from the lexicon
  ``rolefit/data/job_titles.csv``.

Context rules (headings with weights, cues, scope ends, bullet glyphs) are data:
``rolefit/data/context_rules.json`` (:func:`load_rules`). Both components save and load
with ``to_disk``/``from_disk``.
"""

from rolefit.nlp._activities import ActivityMatcher
from rolefit.nlp._context import MENTIONS_KEY, ContextComponent
from rolefit.nlp._extractor import PIPELINE, Extractor, build_pipeline, extract_skills, extract_skills_many, get_extractor
from rolefit.nlp._language import LanguageCheck, check_english
from rolefit.nlp._matcher import MATCHES_KEY, SkillMatcher
from rolefit.nlp._normalise import NORMALISED_KEY, Normalised, NormalisingTokenizer, normalise
from rolefit.nlp._rules import ContextRules, CueRule, default_rules, load_rules
from rolefit.nlp._sections import find_sections
from rolefit.nlp._titles import TitleMatcher

__all__ = [
    "PIPELINE",
    "ActivityMatcher",
    "ContextComponent",
    "ContextRules",
    "CueRule",
    "Extractor",
    "LanguageCheck",
    "MATCHES_KEY",
    "MENTIONS_KEY",
    "NORMALISED_KEY",
    "Normalised",
    "NormalisingTokenizer",
    "SkillMatcher",
    "TitleMatcher",
    "build_pipeline",
    "check_english",
    "default_rules",
    "extract_skills",
    "extract_skills_many",
    "find_sections",
    "get_extractor",
    "load_rules",
    "normalise",
]
