"""Plain, frozen data types shared by the spaCy half and the scikit-learn half.

Offsets convention: every ``start_char``/``end_char`` pair indexes the
ORIGINAL input string in Python ``str`` code points, end exclusive, so
``text[m.start_char:m.end_char] == m.text`` always holds.

Length: about 470 lines, most of it the numpydoc of each value type (shapes, units, ranges,
offsets); the module holds declarations only, no logic beyond ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any
import re

__all__ = [
    "GROUPS",
    "KINDS",
    "SECTIONS",
    "LABELS",
    "NOT_FOUND_LABEL",
    "Concept",
    "SkillMention",
    "RoleProfile",
    "Requirement",
    "RequirementCheck",
    "Interaction",
    "RoleScore",
    "ScoreResult",
    "MatchResult",
    "ReadWarning",
    "FrozenMapping",
    "EU_SPELLINGS",
    "eu_spellings",
]

#: Concept groups: which role family a concept belongs to.
GROUPS = ("technical", "managerial", "general")
#: Concept kinds. ``job_title`` concepts are title classes (``rolefit/data/job_titles.csv``), found only in
#: title positions by the ``rolefit_title_matcher`` component, never by their label.
KINDS = ("skill", "tool", "certification", "regulation", "framework", "methodology", "job_title")
#: CV sections recognised from headings; ``other`` is also the section of text before any heading.
SECTIONS = (
    "summary",
    "experience",
    "skills",
    "projects",
    "education",
    "certifications",
    "languages",
    "interests",
    "volunteering",
    "publications",
    "references",
    "other",
)
#: Decision labels, in order of increasing fit.
LABELS = ("no_fit", "review", "fit")
#: EU spellings of US terms, as (word pattern, replacement). European CVs, ESCO and EU
#: postings write "ICT" (information and communication technology) where O*NET and US CVs
#: write "IT" ("ICT project manager", "ICT governance"). Every surface form of a concept
#: (:attr:`Concept.surface_forms`) and every job title of ``rolefit/data/job_titles.csv``
#: (``scripts/build_title_lexicon.py``) also matches in its EU spelling.
EU_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("IT", "ICT"),
    ("information technology", "information and communication technology"),
)
_EU_SPELLING_RES = tuple(
    (re.compile(rf"\b{re.escape(us)}\b", re.IGNORECASE), eu) for us, eu in EU_SPELLINGS
)
#: each rule's US term lower-cased, for the quick check in :func:`eu_spellings` (None: not
#: ASCII, no quick check)
_EU_US_LOWER = tuple(us.lower() if us.isascii() else None for us, _eu in EU_SPELLINGS)


def eu_spellings(form: str) -> tuple[str, ...]:
    """The EU spellings of a surface form or job title, each rule of :data:`EU_SPELLINGS` applied alone.

    Parameters
    ----------
    form : str
        A surface form (``"IT governance"``) or a lower-case title key (``"it manager"``).

    Returns
    -------
    tuple of str
        The forms that differ from ``form``, in rule order; the replacement is upper case where
        the matched word was (``"IT governance"`` -> ``"ICT governance"``, ``"it manager"`` ->
        ``"ict manager"``). Empty when no rule applies.
    """
    out: list[str] = []
    # an ASCII form that does not hold a rule's ASCII US term in any case cannot match it (the
    # pattern is that term, case-insensitive): most forms skip the regex (the taxonomy's
    # 3,500 forms are spelt out twice at a cold start). A non-ASCII form always runs it:
    # case-insensitive matching also takes a few non-ASCII letters for ASCII ones ("İ" for "i").
    lowered = form.lower() if form.isascii() else None
    for (pattern, eu), us in zip(_EU_SPELLING_RES, _EU_US_LOWER):
        if lowered is not None and us is not None and us not in lowered:
            continue
        variant = pattern.sub(lambda m: eu.upper() if m.group(0).isupper() else eu.lower(), form)
        if variant != form and variant not in out:
            out.append(variant)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Concept:
    """One taxonomy entry.

    Attributes
    ----------
    id : str
        Stable snake_case identifier, e.g. ``"kubernetes"``.
    label : str
        Preferred label, e.g. ``"Kubernetes"``.
    group : str
        One of :data:`GROUPS`.
    kind : str
        One of :data:`KINDS`.
    aliases : tuple of str
        Surface forms besides ``label`` (``"k8s"``...).
    esco : str or None
        ESCO concept URI or preferred label this concept corresponds to, if any.
    onet : str or None
        O*NET 29.2 Technology Skills example name, if any.
    ambiguous : bool
        True for short names that are also everyday words (``Go``, ``Spark``): they
        count only in a skills context.
    """

    id: str
    label: str
    group: str
    kind: str
    aliases: tuple[str, ...] = ()
    esco: str | None = None
    onet: str | None = None
    ambiguous: bool = False

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The preferred label, the aliases, then their EU spellings (:func:`eu_spellings`)."""
        forms = (self.label, *self.aliases)
        seen = set(forms)
        extra = [v for f in forms for v in eu_spellings(f) if not (v in seen or seen.add(v))]
        return (*forms, *extra)


@dataclass(frozen=True, slots=True, order=True)
class SkillMention:
    """One occurrence of a concept in a text.

    Attributes
    ----------
    start_char, end_char : int
        Offsets into the original input, end exclusive (``0 <= start_char < end_char <= len(text)``).
    concept_id : str
        The :class:`Concept` id.
    label : str
        The concept's preferred label.
    text : str
        The surface form exactly as in the input (``text[start_char:end_char]``).
    section : str
        The CV section the mention stands in, one of :data:`SECTIONS`.
    negated : bool
        True when the context says the skill is not practised ("no experience with X",
        "want to learn X", "X (basic exposure)").
    cue : str or None
        For a negated mention, the words that negated it, as written ("no experience with",
        ": none", "(basic exposure)"); None otherwise.
    cue_rule : str or None
        The id of the context rule that matched ``cue`` (see ``rolefit/data/context_rules.json``).
    """

    start_char: int
    end_char: int
    concept_id: str
    label: str
    text: str
    section: str = "other"
    negated: bool = False
    cue: str | None = None
    cue_rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of all fields."""
        return {
            "concept_id": self.concept_id,
            "label": self.label,
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "section": self.section,
            "negated": self.negated,
            "cue": self.cue,
            "cue_rule": self.cue_rule,
        }


def _skill_mention_maker() -> Callable[[int, int, str, str, str, str, bool, str | None, str | None], SkillMention]:
    """A constructor of :class:`SkillMention` from all nine fields, positionally, for the
    extractor (some 20,000 mentions per 2,000 CVs).

    It builds the same object as ``SkillMention(...)``: the class has no ``__post_init__``,
    so its ``__init__`` only stores the fields; here each is stored through its slot's own
    descriptor instead of ``object.__setattr__`` with the field's name (about a fifth faster,
    measured in ``benchmarks/extract_throughput.py --stages``, "mention tuples"). Type,
    equality, order, hashing, immutability and pickling are the class's own.
    """
    names = [f.name for f in fields(SkillMention)]
    if "__post_init__" in vars(SkillMention) or tuple(names) != SkillMention.__slots__:
        return SkillMention  # the shortcut would not be the same: use the class itself
    new = object.__new__
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = (getattr(SkillMention, name).__set__ for name in names)

    def make(start_char, end_char, concept_id, label, text, section, negated, cue, cue_rule):  # noqa: ANN001, ANN202
        m = new(SkillMention)
        s0(m, start_char)
        s1(m, end_char)
        s2(m, concept_id)
        s3(m, label)
        s4(m, text)
        s5(m, section)
        s6(m, negated)
        s7(m, cue)
        s8(m, cue_rule)
        return m

    return make


#: ``make_skill_mention(start_char, end_char, concept_id, label, text, section, negated, cue,
#: cue_rule)``: the same as ``SkillMention(...)`` with all nine fields given positionally,
#: faster (internal: for the extractor; see :func:`_skill_mention_maker`).
make_skill_mention = _skill_mention_maker()


class FrozenMapping(Mapping[str, Any]):
    """A read-only, picklable mapping (results cross process boundaries in batch jobs)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._data.items())))

    def __reduce__(self):
        return (FrozenMapping, (self._data,))


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return value if isinstance(value, FrozenMapping) else FrozenMapping(value)


@dataclass(frozen=True)
class RoleProfile:
    """Weights over concepts for one role.

    Attributes
    ----------
    role : str
        Role id, e.g. ``"mlops_engineer"``.
    label : str
        Human-readable role name.
    weights : Mapping[str, float]
        Concept id -> weight in (0, 1]; by convention the share of job postings for the
        role that mention the concept.
    sources : Mapping[str, str]
        Concept id -> where the weight comes from.
    """

    role: str
    label: str
    weights: Mapping[str, float]
    sources: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _frozen_mapping(self.weights))
        object.__setattr__(self, "sources", _frozen_mapping(self.sources))

    def top(self, n: int | None = None) -> list[tuple[str, float]]:
        """Concepts by decreasing weight (ties by id), at most ``n``."""
        items = sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))
        return items if n is None else items[:n]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One required evidence group of a role (a row of ``requirements.csv``).

    Attributes
    ----------
    role : str
        Role id.
    requirement : str
        Group id, unique per role, e.g. ``"ai_oversight"``.
    label : str
        What the group asks for, in words ("AI or ML evidence (...)").
    concepts : tuple of str
        Concept ids; the group is met by practised mentions of ``min_concepts`` of them.
    min_concepts : int
        At least 1.
    source : str
        Where the group comes from.
    """

    role: str
    requirement: str
    label: str
    concepts: tuple[str, ...]
    min_concepts: int = 1
    source: str = ""


@dataclass(frozen=True, slots=True)
class Interaction:
    """One interaction term of the role estimator: "left AND right" evidence as one feature.

    The feature is ``min(sum of left evidence, cap) * min(sum of right evidence, cap)``, with a
    coefficient constrained >= 0 (see :mod:`rolefit.ml._interactions`).

    Attributes
    ----------
    name : str
        Term id, snake_case (the feature column is ``interactions__<name>``).
    left, right : tuple of str
        Concept ids of each side (a concept may sit on both).
    label : str
        What the term stands for, in words.
    source : str
        Why the term exists.
    """

    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    label: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """Whether one CV meets one requirement, and with which evidence.

    Attributes
    ----------
    requirement : str
        The :class:`Requirement` id.
    label : str
        The requirement's label.
    met : bool
    concept_ids : tuple of str
        The group's concepts the CV practises (not negated, not hobbies), in the group's order.
    """

    requirement: str
    label: str
    met: bool
    concept_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict."""
        return {
            "requirement": self.requirement,
            "label": self.label,
            "met": self.met,
            "concept_ids": list(self.concept_ids),
        }


def _finite_or_none(value: float) -> float | None:
    """``value``, or None when it is NaN (a role that was not scored)."""
    return None if value != value else value


#: How ``RoleScore.missing`` and ``MatchResult.missing`` are named to a reader (terminal,
#: explanation, HTML pages, ``rolefit match``): concepts rolefit did not find in the CV text.
#: The CV may still say them in words rolefit does not recognise ("running model training and
#: serving"), so this is not a gap of the candidate. One home for that wording.
NOT_FOUND_LABEL = "Not found in the CV text by rolefit"
#: The opening of the notice every HTML page of rolefit carries (the shortlist and the single-CV
#: page, each adding what its reader must do): screening CVs is high-risk AI (EU AI Act, Annex III).
DECISION_SUPPORT_NOTICE = (
    "Decision support, a person decides. The labels and probabilities below are suggestions that help a "
    "recruiter choose which CVs to read first; screening CVs is a high-risk use of AI (EU AI Act, Annex III)."
)


@dataclass(frozen=True)
class RoleScore:
    """The outcome for one role.

    Attributes
    ----------
    role : str
        Role id.
    probability : float
        Calibrated probability in [0, 1] that a recruiter would see the CV as this role;
        NaN when the text was not scored (``reason`` says why; ``to_dict`` gives None).
    label : str
        ``"fit"``, ``"review"`` or ``"no_fit"``: from the model's threshold with a review
        band around it, or ``"review"`` whenever the input cannot be judged (see ``reason``).
    similarity : float
        Weighted share of the role profile the CV covers, in [0, 1] (``sum of weight x
        evidence`` over the profile's concepts, divided by the sum of its weights): the
        scorer's profile, i.e. the one from ``profiles=`` / ``--profiles`` when that names the
        role, else the bundled one. Not a log-odds term, and not the ``similarity`` entry of
        ``group_contributions``: that is the model's learned weights times its own similarity
        features, the CV's share of each role profile the model was trained with (with the
        bundled profiles, the feature of this role's profile is this share; a replaced profile
        changes this share only, never the probability).
    evidence : tuple of SkillMention
        Mentions that raised this role, strongest first.
    missing : tuple of str
        High-weight profile concept ids rolefit did not find in the CV text (not proof the
        candidate lacks them: see :data:`NOT_FOUND_LABEL`), by decreasing weight; a concept
        covered by a narrower one the CV shows (GitLab CI covers CI/CD, PMP covers project
        management: ``rolefit/data/broader.csv``) is not listed.
    reason : str or None
        Why the label is ``review`` regardless of the probability (empty text, a document
        the reader flagged as partly unreadable, not English, no skills, a job posting, a
        required evidence group unmet, too little evidence), else None.
    contributions : tuple of (str, float)
        ``(concept_id, value)`` for each concept found with a non-zero term, largest first.
        With ``contribution_unit == "log-odds"`` (a linear model with sigmoid calibration,
        the default): the concept's exact additive term in the role's calibrated log-odds
        (natural log), so ``baseline + sum(values) == logit(probability)`` up to float
        rounding. With ``"probability"`` (other models): how much the probability drops when
        that concept is left out (leave-one-out, in [-1, 1]); these do not add up. Negative
        when the concept lowered the role; the default model is monotone in profile
        concepts, so theirs are never negative.
    group_contributions : tuple of (str, float)
        With ``"log-odds"``: the same log-odds split by feature group (``concepts``,
        ``similarity``, ``groups``, ``kinds``; see :data:`rolefit.ml.GROUP_TERMS`; plus
        ``interactions`` for a model with interaction terms), also summing with ``baseline``
        to ``logit(probability)``; empty otherwise. ``similarity`` here is the model's own
        feature group: the CV's similarity to each role profile the model was trained with,
        times the learned weights, in log-odds; replaced profiles (``profiles=``,
        ``--profiles``) change ``similarity`` above, never this term.
    baseline : float
        Log-odds of a CV with no evidence (the intercept term); NaN when not available.
    contribution_unit : str
        ``"log-odds"`` or ``"probability"`` (see ``contributions``).
    requirements : tuple of RequirementCheck
        For each required evidence group of the role (``requirements.csv``), whether the CV
        meets it and with which practised concepts (their mentions are in ``evidence`` of
        :attr:`ScoreResult.mentions`). ``fit`` needs all of them met.
    """

    role: str
    probability: float
    label: str
    similarity: float
    evidence: tuple[SkillMention, ...] = ()
    missing: tuple[str, ...] = ()
    reason: str | None = None
    contributions: tuple[tuple[str, float], ...] = ()
    group_contributions: tuple[tuple[str, float], ...] = ()
    baseline: float = float("nan")
    contribution_unit: str = "probability"
    requirements: tuple[RequirementCheck, ...] = ()

    @property
    def requirements_met(self) -> bool:
        """True when every requirement of the role is met (also when it has none)."""
        return all(c.met for c in self.requirements)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict."""
        return {
            "role": self.role,
            "probability": _finite_or_none(self.probability),
            "label": self.label,
            "similarity": _finite_or_none(self.similarity),
            "evidence": [m.to_dict() for m in self.evidence],
            "missing": list(self.missing),
            "reason": self.reason,
            "contributions": [[c, d] for c, d in self.contributions],
            "group_contributions": [[g, d] for g, d in self.group_contributions],
            "baseline": _finite_or_none(self.baseline),
            "contribution_unit": self.contribution_unit,
            "requirements": [c.to_dict() for c in self.requirements],
            "requirements_met": self.requirements_met,
        }


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """A coded problem met while reading a document that did not stop it.

    Attributes
    ----------
    code : str
        One of :data:`rolefit.errors.READ_WARNING_CODES`, e.g. ``"PAGES_WITHOUT_TEXT"``.
    count : int
        How many (characters, pages...; what each code counts is in
        :data:`rolefit.errors.READ_WARNING_CODES`), >= 1.
    message : str
        One sentence: what was met and how to fix it.
    review : bool
        True when the reader judged that the text read cannot support a decision (too
        much of the document is missing or unreadable); the scorer then labels every
        role ``review`` with this message as the reason.
    """

    code: str
    count: int
    message: str
    review: bool = False

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of all fields."""
        return {"code": self.code, "count": self.count, "message": self.message, "review": self.review}


@dataclass(frozen=True)
class ScoreResult:
    """Scores of one CV against every role, with the evidence behind them.

    Attributes
    ----------
    roles : Mapping[str, RoleScore]
        Role id -> :class:`RoleScore`; ``result["mlops_engineer"]`` works too.
    mentions : tuple of SkillMention
        Every mention found, negated ones included, sorted by ``start_char``.
    model_id : str
        Identifier of the model that produced the probabilities.
    text_sha256 : str
        SHA-256 (hex) of the UTF-8 encoded text that was scored.
    text : str
        The input text (kept for explanations and HTML rendering; never logged).
    warnings : tuple of ReadWarning
        What the reader met in the document the text came from (empty for a text
        scored directly); a warning with ``review=True`` made every label ``review``.
    input_sha256 : str or None
        SHA-256 (hex) of the file's bytes when the text came from a read document
        (:class:`~rolefit.readers.ReadResult`), the same hash as a batch row's
        ``input_sha256``; ``None`` for a text scored directly.
    """

    roles: Mapping[str, RoleScore]
    mentions: tuple[SkillMention, ...]
    model_id: str
    text_sha256: str
    text: str = field(default="", repr=False, compare=True)
    warnings: tuple[ReadWarning, ...] = ()
    input_sha256: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", _frozen_mapping(self.roles))

    def __getitem__(self, role: str) -> RoleScore:
        return self.roles[role]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (the input text is not included; offsets refer to it)."""
        return {
            "model_id": self.model_id,
            "text_sha256": self.text_sha256,
            "input_sha256": self.input_sha256,
            "roles": {k: v.to_dict() for k, v in self.roles.items()},
            "mentions": [m.to_dict() for m in self.mentions],
            "warnings": [w.to_dict() for w in self.warnings],
        }


@dataclass(frozen=True)
class MatchResult:
    """How well a CV covers one job posting.

    Attributes
    ----------
    similarity : float
        Share of the posting's concepts (weighted by kind) that the CV practises, in [0, 1].
    matched : tuple of tuple(str, SkillMention, SkillMention)
        ``(concept_id, cv_mention, posting_mention)`` for each shared concept.
    missing : tuple of str
        Posting concept ids rolefit did not find in the CV text (see :data:`NOT_FOUND_LABEL`),
        most important first.
    cv_mentions, posting_mentions : tuple of SkillMention
        All mentions on each side.
    """

    similarity: float
    matched: tuple[tuple[str, SkillMention, SkillMention], ...]
    missing: tuple[str, ...]
    cv_mentions: tuple[SkillMention, ...] = ()
    posting_mentions: tuple[SkillMention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict."""
        return {
            "similarity": self.similarity,
            "matched": [
                {"concept_id": c, "cv": a.to_dict(), "posting": b.to_dict()}
                for c, a, b in self.matched
            ],
            "missing": list(self.missing),
        }
