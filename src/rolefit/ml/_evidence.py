"""Concept evidence: from skill mentions to plain numbers (no scikit-learn)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rolefit.schema import SkillMention
from rolefit.taxonomy import section_weights

__all__ = ["SECTION_WEIGHTS", "concept_evidence", "evidence_many"]

#: Evidence carried by one non-negated mention, by the CV section it stands in.
#: Professional sections count fully. Education (coursework, a thesis) shows exposure
#: rather than practice and counts 0.6; a languages section mostly lists natural
#: languages, so a programming language found there counts 0.5; interests/hobbies are
#: weak evidence of professional practice ("I tinker with Kubernetes at home") and
#: count 0.2. Text before any heading is in section ``other`` and counts fully, so a
#: CV without headings is not penalised.
SECTION_WEIGHTS: Mapping[str, float] = section_weights()  # one home: rolefit/data/context_rules.json


def concept_evidence(mentions: Iterable[SkillMention]) -> dict[str, float]:
    """Concept evidence of one document.

    Parameters
    ----------
    mentions : iterable of SkillMention
        The skill mentions found in one document.

    Returns
    -------
    dict of str to float
        Concept id -> evidence in [0, 1]: the largest :data:`SECTION_WEIGHTS` value over
        the concept's non-negated mentions. Negated mentions contribute nothing; concepts
        with only negated mentions are absent. So repeating a skill changes nothing, a
        negated mention adds nothing, and moving a skill to the hobbies lowers its value.
        Keys are in sorted order. A section outside :data:`SECTION_WEIGHTS` counts as
        ``other`` (1.0).
    """
    evidence: dict[str, float] = {}
    for m in mentions:
        if m.negated:
            continue
        value = SECTION_WEIGHTS.get(m.section, SECTION_WEIGHTS["other"])
        if value > evidence.get(m.concept_id, 0.0):
            evidence[m.concept_id] = value
    return dict(sorted(evidence.items()))


def evidence_many(mentions_per_doc: Iterable[Iterable[SkillMention]]) -> list[dict[str, float]]:
    """:func:`concept_evidence` of each document, in order."""
    return [concept_evidence(ms) for ms in mentions_per_doc]
