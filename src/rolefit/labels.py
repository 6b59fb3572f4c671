"""Labels that follow the role definition: requirements, evidence minimum, job-posting check.

The trained model gives each role a probability: how much a CV reads like the role *family*
its training labels support (see ``corpora/README.md``). A label says more than that, so
:func:`decide_label` combines the probability with the role's definition:

``fit``
    the probability clears the role's threshold plus the review band
    (:func:`rolefit.ml.label_for`), **and** every requirement of the role
    (``rolefit/data/requirements.csv``) is met by practised mentions, **and** the CV shows at
    least :data:`MIN_EVIDENCE` distinct practised concepts outside the ``general`` group,
    **and** the text does not read like a job posting.
``review``
    the probability alone would say ``fit`` (or is within the review band) but a requirement
    is unmet (the reason names what is missing: "no AI or ML evidence (...)"), the evidence
    is too thin, or the text reads like a job posting -- a recruiter must look; also every
    case the scorer cannot judge (empty text, no skills, not English).
``no_fit``
    the probability is below the threshold minus the band.

A mention is *practised* evidence when it is not negated ("no experience with X", "want to
learn X") and does not stand in the interests/hobbies section (:data:`UNPRACTISED_SECTIONS`).

The job-posting check (:func:`posting_reason`) is a documented heuristic over cue phrases kept
as data in ``rolefit/data/posting_cues.csv``: a text is read as a posting when it has at least
:data:`POSTING_MIN_CUES` distinct posting cues ("we are looking for", "requirements:", "what
we offer", "apply now"...) and at most :data:`POSTING_MAX_CV_CUES` CV cues (employment date
ranges such as "2016 - present", first-person statements). Its measured false-positive and
recall rates are in ``tests/test_labels.py``' docstrings.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rolefit.ml import label_for
from rolefit.schema import LABELS, Requirement, RequirementCheck, SkillMention

__all__ = [
    "MIN_EVIDENCE",
    "UNPRACTISED_SECTIONS",
    "POSTING_MIN_CUES",
    "POSTING_MAX_CV_CUES",
    "practised_concepts",
    "check_requirements",
    "posting_reason",
    "decide_label",
    "Decision",
]

#: Distinct practised concepts outside the ``general`` group a CV needs before it can be
#: labelled ``fit`` (a one-word text or a bare skills line is never enough). Chosen as the
#: smallest number at which a bare skills line of four tools ("Skills: Kubernetes, Docker,
#: MLflow, PyTorch") is not enough while real CVs of the role (which name many more) are
#: present; rolefit maintainers' choice, documented in ``rolefit/data/README.md``.
MIN_EVIDENCE = 5
#: Sections whose mentions are not practised evidence (hobbies and interests).
UNPRACTISED_SECTIONS = frozenset({"interests"})
#: A text with at least this many distinct posting cues reads like a job posting...
POSTING_MIN_CUES = 2
#: ...unless it also has more than this many CV cues (dated employment entries, "I ...").
POSTING_MAX_CV_CUES = 1

REASON_POSTING = (
    "the text reads like a job posting, not a CV ({cues}): a recruiter should check what was "
    "uploaded"
)
REASON_THIN = (
    "too little evidence to call this a fit: {n} distinct practised skill(s) outside general "
    "skills, at least {k} needed"
)
REASON_MISSING = (
    "no {what}: the CV reads like the {role} role family, but the role requires this evidence, "
    "so a recruiter should judge"
)


@dataclass(frozen=True)
class Decision:
    """A label with the reason for it (``None`` when the label needs none)."""

    label: str
    reason: str | None = None


def practised_concepts(mentions: Iterable[SkillMention]) -> dict[str, list[SkillMention]]:
    """Concept id -> its practised mentions (not negated, not in a hobbies section), in order."""
    out: dict[str, list[SkillMention]] = {}
    for m in mentions:
        if not m.negated and m.section not in UNPRACTISED_SECTIONS:
            out.setdefault(m.concept_id, []).append(m)
    return out


def check_requirements(
    requirements: Sequence[Requirement], practised: Mapping[str, Sequence[SkillMention]]
) -> tuple[RequirementCheck, ...]:
    """Which requirements the practised concepts meet, with the concept ids that meet them.

    Parameters
    ----------
    requirements : sequence of Requirement
        One role's requirements (``taxonomy.requirements[role]``).
    practised : mapping of concept id -> mentions
        From :func:`practised_concepts`.

    Returns
    -------
    tuple of RequirementCheck
        In ``requirements`` order; ``concept_ids`` lists the group's concepts found, in the
        group's order (empty when unmet).
    """
    checks = []
    for req in requirements:
        found = tuple(c for c in req.concepts if c in practised)
        checks.append(
            RequirementCheck(
                requirement=req.requirement,
                label=req.label,
                met=len(found) >= req.min_concepts,
                concept_ids=found,
            )
        )
    return tuple(checks)


@dataclass(frozen=True)
class _Cue:
    kind: str
    pattern: re.Pattern[str]
    name: str
    #: The same pattern with re.ASCII, for texts where that flag changes nothing (see posting_cues).
    ascii_pattern: re.Pattern[str]


_CUE_FLAGS = re.IGNORECASE | re.MULTILINE
#: ASCII characters that Unicode ``\s`` matches and ASCII ``\s`` does not (information separators).
_UNICODE_ONLY_SPACE_RE = re.compile(r"[\x1c-\x1f]")


@lru_cache(maxsize=4096)
def _same_in_ascii_mode(ch: str) -> bool:
    """True if every cue pattern treats ``ch`` alike with and without re.ASCII.

    An ASCII character other than the information separators, or a character that is not a
    word character, not a space and has no case (a typographic apostrophe, a dash, a bullet):
    both modes see it as ``\\W``, no ``\\s``/``\\d``, and it equals no letter case-insensitively.
    """
    if ch.isascii():
        return not "\x1c" <= ch <= "\x1f"
    return not ch.isalnum() and not ch.isspace() and ch.lower() == ch == ch.upper()


def _ascii_mode_is_exact(text: str) -> bool:
    """True if the re.ASCII cue patterns find exactly what the Unicode ones find in ``text``."""
    if text.isascii():
        return _UNICODE_ONLY_SPACE_RE.search(text) is None
    return all(map(_same_in_ascii_mode, set(text)))


@lru_cache(maxsize=4)
def _cues(path: str | None = None) -> tuple[_Cue, ...]:
    file = Path(path) if path else Path(str(resources.files("rolefit") / "data" / "posting_cues.csv"))
    cues = []
    with file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            source = row["pattern"]
            pattern = re.compile(source, _CUE_FLAGS)
            ascii_pattern = re.compile(source, _CUE_FLAGS | re.ASCII) if _ascii_safe(source) else pattern
            cues.append(_Cue(row["kind"], pattern, row["name"], ascii_pattern))
    return tuple(cues)


def _ascii_safe(source: str) -> bool:
    """True if the pattern ``source`` matches alike with and without re.ASCII on any text whose
    characters :func:`_same_in_ascii_mode` accepts.

    Non-ASCII characters in the pattern must be uncased (a dash: yes; the Kelvin sign, which
    matches "k" case-insensitively: no), and no escape may spell one.
    """
    if any(e in source for e in ("\\u", "\\U", "\\N", "\\x", "\\0")):
        return False
    return all(c.isascii() or c.lower() == c == c.upper() for c in source)


def posting_cues(text: str) -> tuple[list[str], list[str]]:
    """Names of the posting cues and CV cues found in ``text`` (each cue counted once).

    When every character of ``text`` is one that re.ASCII does not change (ASCII text without
    information separators, plus typographic punctuation: see :func:`_same_in_ascii_mode`; 95 %
    of the Djinni CVs) the cues are searched with ``re.ASCII``, which there matches exactly what
    the Unicode patterns match (``\\w``, ``\\b``, ``\\d``, ``\\s`` and case-insensitive letters
    agree) and lets the regex engine skip ahead about twice as fast.
    """
    ascii_text = _ascii_mode_is_exact(text)
    posting, cv = [], []
    for cue in _cues():
        if (cue.ascii_pattern if ascii_text else cue.pattern).search(text):
            (posting if cue.kind == "posting" else cv).append(cue.name)
    return posting, cv


def posting_reason(text: str) -> str | None:
    """The review reason when ``text`` reads like a job posting, else None.

    Rule: at least :data:`POSTING_MIN_CUES` distinct posting cues and at most
    :data:`POSTING_MAX_CV_CUES` CV cues (cues in ``rolefit/data/posting_cues.csv``).
    """
    posting, cv = posting_cues(text)
    if len(posting) >= POSTING_MIN_CUES and len(cv) <= POSTING_MAX_CV_CUES:
        return REASON_POSTING.format(cues=", ".join(f'"{c}"' for c in posting[:3]))
    return None


def decide_label(
    probability: float,
    threshold: float,
    band: float,
    *,
    role_label: str,
    checks: Sequence[RequirementCheck],
    n_evidence: int,
    posting: str | None = None,
    min_evidence: int = MIN_EVIDENCE,
) -> Decision:
    """The label of one role for one CV, following the role definition (module docstring).

    Parameters
    ----------
    probability, threshold : float in [0, 1]
    band : float in [0, 0.5]
        The review band of the model.
    role_label : str
        Human-readable role name, for reasons.
    checks : sequence of RequirementCheck
        From :func:`check_requirements`.
    n_evidence : int
        Distinct practised concepts outside the ``general`` group.
    posting : str or None
        From :func:`posting_reason`.
    min_evidence : int, default :data:`MIN_EVIDENCE`

    Returns
    -------
    Decision
        ``label`` in :data:`rolefit.schema.LABELS`; ``reason`` set for every ``review``
        caused by the definition (requirements, evidence, posting).
    """
    base = label_for(probability, threshold, band)  # the probability's own label (band rule)
    if base == LABELS[0]:
        return Decision(base)
    if posting is not None:
        return Decision(LABELS[1], posting)
    unmet = [c for c in checks if not c.met]
    if unmet:
        what = " and no ".join(c.label for c in unmet)
        return Decision(LABELS[1], REASON_MISSING.format(what=what, role=role_label))
    if n_evidence < min_evidence:
        return Decision(LABELS[1], REASON_THIN.format(n=n_evidence, k=min_evidence))
    return Decision(base)
