"""rolefit: explainable, calibrated CV-to-role scoring.

Importing this package is light: no spaCy pipeline and no model is loaded until the
first call that needs one.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from rolefit._gc import collector_paused
from rolefit._version import __version__

# public name -> defining module; resolved lazily so `import rolefit` stays light
_LAZY = {
    "score": "rolefit.scorer",
    "score_many": "rolefit.scorer",
    "load": "rolefit.scorer",
    "Scorer": "rolefit.scorer",
    "read_text": "rolefit.readers",
    "profile_from_postings": "rolefit.postings",
    "match": "rolefit.postings",
    "save_profiles": "rolefit.postings",
    "read_postings": "rolefit.postings",
    "verify_log": "rolefit.decision_log",
    "read_corpus": "rolefit.corpus",
    "train": "rolefit.training",
    "evaluate": "rolefit.training",
    "explain_text": "rolefit.explain",
    "to_html": "rolefit.explain",
    "extract_skills": "rolefit.nlp",
    "extract_skills_many": "rolefit.nlp",
    "load_taxonomy": "rolefit.taxonomy",
    "default_taxonomy": "rolefit.taxonomy",
    "Taxonomy": "rolefit.taxonomy",
    "Concept": "rolefit.schema",
    "SkillMention": "rolefit.schema",
    "RoleProfile": "rolefit.schema",
    "RoleScore": "rolefit.schema",
    "ScoreResult": "rolefit.schema",
    "MatchResult": "rolefit.schema",
    "RolefitError": "rolefit.errors",
    "ReadError": "rolefit.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rolefit' has no attribute {name!r}")
    # the cyclic collector is paused while the module is imported (numpy, spaCy...: objects that
    # stay alive; see rolefit._gc)
    with collector_paused(promote=True):
        value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from rolefit.corpus import read_corpus
    from rolefit.training import evaluate, train
    from rolefit.decision_log import verify_log
    from rolefit.explain import explain_text, to_html
    from rolefit.postings import match, profile_from_postings, read_postings, save_profiles
    from rolefit.readers import read_text
    from rolefit.scorer import Scorer, load, score, score_many
    from rolefit.errors import ReadError, RolefitError
    from rolefit.nlp import extract_skills, extract_skills_many
    from rolefit.schema import Concept, MatchResult, RoleProfile, RoleScore, ScoreResult, SkillMention
    from rolefit.taxonomy import Taxonomy, default_taxonomy, load_taxonomy
