"""Job postings: role profiles from posting collections, and CV-to-posting match.

A profile weight is the share of a role's job postings that mention a concept: "Kubernetes
appears in 85% of MLOps postings" is weight 0.85. :func:`profile_from_postings` computes
exactly that from posting texts; :func:`save_profiles` writes the ``profiles.csv`` format
that :func:`rolefit.load_taxonomy` reads. :func:`match` compares one CV with one posting.

Which mentions count in a posting
---------------------------------
A posting *requires* (mentions) a concept when it has at least one mention of it that is
neither negated by rolefit's extractor ("no experience with Kubernetes needed") nor marked
as not required by the posting cues below. A *learning* cue of the extractor does not take a
concept out of a posting (:func:`negated_in_posting`): "willing to learn Git, Puppet or
Ansible" and "you want to learn more in Java EE" name what the job involves; in a CV the same
words say the skill is not practised yet. Hedged wording still counts: "Kubernetes is a
plus" names Kubernetes as part of the job. Clause boundaries and list-item separators are
the extractor's own (:func:`rolefit.nlp.default_rules`: sentence ends, line breaks, contrast
words such as *but/however*; items end at bullets, ``;`` and ``|``). Posting cues:

- within the mention's list item, right after the mention: "X is not required", "X
  experience isn't needed", "X: not necessary";
- within the item, around it: "no [prior] X [experience] needed / required";
- within the item, right before it: "no need for [experience with] X";
- a list header earlier in the CLAUSE, which covers every item of its list: "Not
  required: X; Y; Z" (a later "Required:" header in the same clause takes over, and an item
  that states its own requirement, "Kubernetes is essential", counts).

Length: about 470 lines, half of it numpydoc; reading postings, profiles from postings,
requirement groups from postings and matching share the "is this concept required here"
rules above, which is why they stay in one module.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rolefit._io import check_output_file, write_csv_atomically
from rolefit.errors import Errors, InputTypeError, ProfileError
from rolefit.nlp import default_rules, extract_skills_many
from rolefit.readers import SUPPORTED_SUFFIXES, read_text, suffixes_wording
from rolefit.schema import MatchResult, RoleProfile, SkillMention
from rolefit.taxonomy import default_broader, default_taxonomy

__all__ = [
    "profile_from_postings",
    "save_profiles",
    "read_postings",
    "match",
    "posting_concepts",
    "negated_in_posting",
    "importance",
    "GROUP_IMPORTANCE",
    "POSTING_SUFFIXES",
]

#: Importance of a posting concept in :func:`match`, by concept group. Transferable
#: ``general`` skills (communication, teamwork...) weigh half as much as the technical and
#: managerial skills, tools, certifications, regulations and methods the roles are about.
GROUP_IMPORTANCE: Mapping[str, float] = {"technical": 1.0, "managerial": 1.0, "general": 0.5}
#: File suffixes :func:`read_postings` reads from a folder.
POSTING_SUFFIXES = SUPPORTED_SUFFIXES  # the format registry's, one home

_ROLE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# one set of clause boundaries and item separators: the extractor's context rules
_CLAUSE_END = default_rules().clause_end_regex()
_ITEM_END = default_rules().scope_end_regex()
_REQ = r"(?:required|needed|necessary|mandatory|expected|a\s+must|a\s+requirement|essential)"
# right after the mention: "Kubernetes is not required", "Kubernetes experience isn't needed"
_NOT_REQUIRED_AFTER = re.compile(
    rf"""^[ \t(:]*(?:experience|knowledge|skills?|expertise|background|certification)?[ \t:]*
    (?:is|are|will[ \t]+be|would[ \t]+be)?[ \t]*(?:not|n't|never)[ \t]+(?:be[ \t]+)?{_REQ}\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "no [prior] X [experience] needed"
_NO_BEFORE = re.compile(r"\bno[ \t]+(?:prior[ \t]+|previous[ \t]+)?$", re.IGNORECASE)
_REQ_AFTER = re.compile(
    rf"^[ \t]*(?:experience|knowledge|skills?|expertise|background)?[ \t]*(?:is[ \t]+|are[ \t]+)?{_REQ}\b",
    re.IGNORECASE,
)
# right before: "no need for [experience with] Kubernetes"
_NO_NEED_BEFORE = re.compile(
    r"""\bno[ \t]+need[ \t]+(?:for|of|to[ \t]+know)[ \t]+(?:(?:any|prior|previous)[ \t]+)?
    (?:(?:experience|knowledge|expertise)[ \t]+(?:with|in|of)[ \t]+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# a list header earlier in the clause: "Not required: Kubernetes, Docker"; the last header wins
_REQUIRED_HEADER = re.compile(rf"\b(?P<not>not[ \t]+)?{_REQ}[ \t]*:", re.IGNORECASE)


# ---------------------------------------------------------------------- posting concepts

#: Cue rules whose negation does not hold in a posting: the ``learning`` cues of the context
#: rules ("willing to learn X" asks for X; it does not disclaim it).
_POSTING_KEEPS = frozenset(c.id for c in default_rules().cues if c.kind == "learning")


def negated_in_posting(mention: SkillMention) -> bool:
    """Whether a mention extracted from a job posting is negated there.

    The extractor reads every text as a CV; in a posting its ``learning`` cues ("willing to
    learn", "want to learn", "currently learning") describe what the candidate will do, so a
    mention negated only by one of them counts as named by the posting.

    Parameters
    ----------
    mention : SkillMention
        A mention from :func:`rolefit.extract_skills` on the posting text.

    Returns
    -------
    bool
        ``mention.negated``, except False for a cue rule of kind ``learning``.
    """
    return mention.negated and mention.cue_rule not in _POSTING_KEEPS


_Bounds = tuple[list[int], list[int]]


def _boundaries(regex: re.Pattern[str], text: str) -> _Bounds:
    spans = [(m.start(), m.end()) for m in regex.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _not_required(text: str, m: SkillMention, items: _Bounds, clauses: _Bounds) -> bool:
    starts, ends = items
    i = bisect.bisect_right(ends, m.start_char) - 1
    lo = ends[i] if i >= 0 else 0
    j = bisect.bisect_left(starts, m.end_char)
    hi = starts[j] if j < len(starts) else len(text)
    before, after = text[lo : m.start_char], text[m.end_char : max(hi, m.end_char)]
    if _NOT_REQUIRED_AFTER.match(after):
        return True
    if _NO_BEFORE.search(before) and _REQ_AFTER.match(after):
        return True
    if _NO_NEED_BEFORE.search(before):
        return True
    c_ends = clauses[1]
    k = bisect.bisect_right(c_ends, m.start_char) - 1
    clause_before = text[c_ends[k] if k >= 0 else 0 : m.start_char]
    header = None
    for header in _REQUIRED_HEADER.finditer(clause_before):
        pass
    # an item that states its own requirement ("Not required: a degree; Kubernetes is essential")
    return header is not None and header.group("not") is not None and not _REQ_AFTER.match(after)


def posting_concepts(text: str, mentions: Sequence[SkillMention]) -> dict[str, SkillMention]:
    """The concepts a posting asks for, each with its first counting mention.

    Parameters
    ----------
    text : str
        The posting text the mentions were extracted from.
    mentions : sequence of SkillMention
        Its mentions (offsets into ``text``).

    Returns
    -------
    dict of str to SkillMention
        Concept id -> first mention (by ``start_char``) that is neither negated in the
        posting (:func:`negated_in_posting`) nor marked as not required (see the module
        docstring), in order of first position. Job titles (``job_title`` concepts: the
        posting's own title, "MLOps Engineer") are not asked-for skills and are left out, so
        they never enter a derived profile.
    """
    out: dict[str, SkillMention] = {}
    items, clauses = _boundaries(_ITEM_END, text), _boundaries(_CLAUSE_END, text)
    tax = default_taxonomy()
    for m in sorted(mentions):
        if negated_in_posting(m) or m.concept_id in out or (m.concept_id in tax and tax[m.concept_id].kind == "job_title"):
            continue
        if _not_required(text, m, items, clauses):
            continue
        out[m.concept_id] = m
    return out


# ---------------------------------------------------------------------- profiles


#: Characters of a wrongly passed single text quoted in RF410.
_PREVIEW_CHARS = 40


def _check_role(role: Any) -> str:
    if not isinstance(role, str) or not _ROLE_RE.match(role):
        raise ProfileError(Errors.RF404.format(value=role))
    return role


def profile_from_postings(
    texts: Iterable[str],
    *,
    role: str,
    label: str | None = None,
    min_share: float = 0.1,
    taxonomy: Any = None,
    batch_size: int = 64,
) -> RoleProfile:
    """Build a role profile from job postings: weight = share of postings naming the concept.

    Parameters
    ----------
    texts : iterable of str
        One text per job posting for the role.
    role : str
        Role id (lower-case letters, digits, ``_``), e.g. ``"mlops_engineer"``.
    label : str, optional
        Display name; defaults to the taxonomy's label for ``role`` if it has one, else the
        role id with spaces.
    min_share : float, default 0.1
        Keep concepts named by at least this share of postings, in [0, 1].
    taxonomy : Taxonomy, optional
        Concepts to look for; the bundled taxonomy by default.
    batch_size : int, default 64
        Postings per spaCy batch.

    Returns
    -------
    RoleProfile
        ``weights[c] = n_c / n`` in (0, 1], where ``n`` is the number of postings and ``n_c``
        the number that name concept ``c`` at least once (see :func:`posting_concepts`; a
        posting counts a concept once however often it repeats it). Concepts are ordered by
        decreasing weight, then id. ``sources[c]`` reads e.g. ``"17/20 postings (85%)"``.

    Raises
    ------
    ProfileError
        ``min_share`` outside [0, 1] (RF401), no postings (RF402), a bad role id (RF404).
    InputTypeError
        ``texts`` is a single str, bytes or path instead of a list of texts (RF410: pass
        ``[text]``, or read postings from a folder or file with :func:`read_postings`).
    InputTypeError, InputTooLargeError
        For a non-str or over-long posting, or a bad ``batch_size`` (from the extractor).

    Examples
    --------
    >>> p = profile_from_postings(["Kubernetes, Docker", "Kubernetes"], role="mlops_engineer")
    >>> dict(p.weights)  # doctest: +SKIP
    {'kubernetes': 1.0, 'docker': 0.5}
    """
    if isinstance(texts, (str, bytes, bytearray, os.PathLike)):
        # a str is iterable: each character would count as a posting, and the profile be empty
        shown = os.fspath(texts) if isinstance(texts, os.PathLike) else texts
        preview = repr(shown[:_PREVIEW_CHARS]) + ("..." if len(shown) > _PREVIEW_CHARS else "")
        raise InputTypeError(Errors.RF410.format(type_name=type(texts).__name__, preview=preview))
    _check_role(role)
    if isinstance(min_share, bool) or not isinstance(min_share, (int, float)) or not 0.0 <= min_share <= 1.0:
        raise ProfileError(Errors.RF401.format(name="min_share", value=min_share))
    texts = list(texts)
    if not texts:
        raise ProfileError(Errors.RF402.format(role=role))
    tax = taxonomy if taxonomy is not None else default_taxonomy()
    per_posting = extract_skills_many(texts, batch_size=batch_size, taxonomy=taxonomy)
    counts: dict[str, int] = {}
    for text, mentions in zip(texts, per_posting):
        for cid in posting_concepts(text, mentions):
            counts[cid] = counts.get(cid, 0) + 1
    n = len(texts)
    kept = sorted(
        ((cid, k / n, k) for cid, k in counts.items() if k / n >= min_share),
        key=lambda item: (-item[1], item[0]),
    )
    if label is None:
        existing = tax.profiles.get(role)
        label = existing.label if existing is not None else role.replace("_", " ")
    return RoleProfile(
        role=role,
        label=label,
        weights={cid: share for cid, share, _k in kept},
        sources={cid: f"{k}/{n} postings ({share:.0%})" for cid, share, k in kept},
    )


def save_profiles(
    profiles: RoleProfile | Iterable[RoleProfile] | Mapping[str, RoleProfile],
    path: str | os.PathLike[str],
    *,
    roles_path: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write profiles in the ``profiles.csv`` format (``role,concept_id,weight,source``).

    Load them back with ``rolefit.load_taxonomy(profiles_path=path, roles_path=roles_path)``,
    or pass the profiles themselves to ``rolefit.Scorer(profiles=...)``.

    Parameters
    ----------
    profiles : RoleProfile, iterable of RoleProfile, or mapping of role id to RoleProfile
    path : path
        The CSV file to write (UTF-8, header line, rows by role in the given order, then by
        decreasing weight and concept id).
    roles_path : path, optional
        Also write ``roles.csv`` (``id,label,description``) so the display names survive
        the round trip; without it :func:`rolefit.load_taxonomy` takes names from the
        bundled ``roles.csv`` or the role id.
    overwrite : bool, default False
        Replace ``path`` (and ``roles_path``) if it exists, atomically; without it an
        existing file is refused.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ProfileError
        A role id that is not lower-case letters, digits and ``_`` (RF404), a role given
        twice, or a weight outside (0, 1] (RF406). Nothing is written then.
    OutputExistsError
        ``path`` or ``roles_path`` exists and ``overwrite`` is False (RF412). Nothing is
        written then.
    """
    if isinstance(profiles, RoleProfile):
        items: list[RoleProfile] = [profiles]
    elif isinstance(profiles, Mapping):
        items = list(profiles.values())
    else:
        items = list(profiles)
    path = Path(path)
    rows: list[list[str]] = []
    seen: set[str] = set()
    for p in items:
        _check_role(p.role)
        if p.role in seen:
            raise ProfileError(Errors.RF406.format(role=p.role, path=path, problem="the role is given twice"))
        seen.add(p.role)
        for cid, weight in p.top():
            w = float(weight)
            if not 0.0 < w <= 1.0:
                raise ProfileError(
                    Errors.RF406.format(role=p.role, path=path, problem=f"weight {weight!r} of {cid!r} is not in (0, 1]")
                )
            rows.append([p.role, cid, repr(w), str(p.sources.get(cid, ""))])
    for target in (path, roles_path):
        if target is not None:
            check_output_file(target, overwrite=overwrite)
    write_csv_atomically(path, ["role", "concept_id", "weight", "source"], rows)
    if roles_path is not None:
        write_csv_atomically(roles_path, ["id", "label", "description"], [[p.role, p.label, ""] for p in items])
    return path




def read_postings(path: str | os.PathLike[str]) -> list[str]:
    """Read job posting texts from a folder, a CSV file or one text file.

    Parameters
    ----------
    path : path
        - a folder: every file directly in it with a suffix in :data:`POSTING_SUFFIXES`
          (the format registry's, :data:`rolefit.readers.SUPPORTED_SUFFIXES`), one posting
          per file, in file-name order; hidden files are skipped, and so are files with
          other suffixes;
        - a ``.csv`` file with a ``text`` column: one posting per row, in row order;
        - one file with a suffix in :data:`POSTING_SUFFIXES`: one posting.

    Returns
    -------
    list of str

    Raises
    ------
    ProfileError
        The path does not exist, has an unsupported suffix, a folder holds no posting file,
        or the CSV has no ``text`` column or an empty text (the message names the rows) (RF405).
    ReadError
        A posting file cannot be read (see :func:`rolefit.read_text`).
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(
            f for f in path.iterdir() if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in POSTING_SUFFIXES
        )
        if not files:
            raise ProfileError(
                Errors.RF405.format(path=path, problem=f"the folder holds no {suffixes_wording()} file", formats=suffixes_wording())
            )
        return [read_text(f) for f in files]
    if not path.is_file():
        raise ProfileError(Errors.RF405.format(path=path, problem="no such file or folder", formats=suffixes_wording()))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_postings(path)
    if suffix in POSTING_SUFFIXES:
        return [read_text(path)]
    problem = f"unsupported suffix {suffix or '(none)'!r}"
    raise ProfileError(Errors.RF405.format(path=path, problem=problem, formats=suffixes_wording()))


def _read_csv_postings(path: Path) -> list[str]:
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ProfileError(Errors.RF405.format(path=path, problem=f"{type(exc).__name__}: {exc}", formats=suffixes_wording())) from exc
    if "text" not in frame.columns:
        raise ProfileError(
            Errors.RF405.format(path=path, problem=f"no 'text' column; columns are {list(frame.columns)}", formats=suffixes_wording())
        )
    texts = frame["text"].tolist()
    empty = [i + 2 for i, t in enumerate(texts) if not t.strip()]  # +2: header is line 1
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        raise ProfileError(
            Errors.RF405.format(path=path, problem=f"empty text on line(s) {shown}; remove or fill those rows", formats=suffixes_wording())
        )
    return texts


# ---------------------------------------------------------------------- match


def importance(concept_id: str, taxonomy: Any) -> float:
    """Importance of a posting concept in :func:`match`: :data:`GROUP_IMPORTANCE` of its group."""
    group = taxonomy[concept_id].group if concept_id in taxonomy else "general"
    return GROUP_IMPORTANCE.get(group, 1.0)


def match(cv_text: str, posting_text: str, *, taxonomy: Any = None) -> MatchResult:
    """How well a CV covers one job posting's concepts.

    Parameters
    ----------
    cv_text : str
        The CV.
    posting_text : str
        The job posting.
    taxonomy : Taxonomy, optional
        Concepts to look for; the bundled taxonomy by default.

    Returns
    -------
    MatchResult
        - ``similarity``: ``sum(w_c for matched c) / sum(w_c for posting concepts c)`` in
          [0, 1], where ``w_c`` is :func:`importance` (1.0; 0.5 for ``general`` concepts).
          0.0 when the posting names no concept (nothing to match is not a match).
        - ``matched``: ``(concept_id, cv_mention, posting_mention)`` for each posting concept
          the CV practises (a non-negated mention anywhere in the CV; its section does not
          matter here), ordered like ``missing``; ``cv_mention`` is the CV's strongest
          mention (by :data:`rolefit.ml.SECTION_WEIGHTS`, then position) and
          ``posting_mention`` the posting's first counting mention. A posting concept is
          also matched by a narrower concept the CV practises (the posting asks for CI/CD,
          the CV shows GitLab CI: ``rolefit/data/broader.csv``); ``cv_mention`` is then that
          narrower mention. Not the other way round.
        - ``missing``: posting concepts the CV does not practise, by decreasing importance,
          then first position in the posting.
        - ``cv_mentions``, ``posting_mentions``: every mention, negated ones included.
        Posting concepts are those of :func:`posting_concepts`.

    Raises
    ------
    InputTypeError, InputTooLargeError
        For a non-str or over-long text (from the extractor).
    """
    from rolefit.ml import SECTION_WEIGHTS

    tax = taxonomy if taxonomy is not None else default_taxonomy()
    cv_mentions, posting_mentions = extract_skills_many([cv_text, posting_text], taxonomy=taxonomy)
    wanted = posting_concepts(posting_text, posting_mentions)
    best_cv: dict[str, SkillMention] = {}
    other = SECTION_WEIGHTS["other"]
    for m in cv_mentions:
        if m.negated:
            continue
        cur = best_cv.get(m.concept_id)
        if cur is None or SECTION_WEIGHTS.get(m.section, other) > SECTION_WEIGHTS.get(cur.section, other):
            best_cv[m.concept_id] = m
    covers = default_broader()
    for cid in wanted:  # a narrower practised concept covers a posting concept the CV does not name
        if cid not in best_cv and cid in covers:
            narrower = sorted(
                (best_cv[n] for n in covers[cid] if n in best_cv),
                key=lambda m: (-SECTION_WEIGHTS.get(m.section, other), m.start_char),
            )
            if narrower:
                best_cv[cid] = narrower[0]
    weights = {cid: importance(cid, tax) for cid in wanted}
    order = sorted(wanted, key=lambda cid: (-weights[cid], wanted[cid].start_char, cid))
    total = sum(weights.values())
    got = sum(weights[cid] for cid in order if cid in best_cv)
    similarity = min(max(got / total, 0.0), 1.0) if total > 0 else 0.0
    return MatchResult(
        similarity=float(similarity),
        matched=tuple((cid, best_cv[cid], wanted[cid]) for cid in order if cid in best_cv),
        missing=tuple(cid for cid in order if cid not in best_cv),
        cv_mentions=tuple(cv_mentions),
        posting_mentions=tuple(posting_mentions),
    )
