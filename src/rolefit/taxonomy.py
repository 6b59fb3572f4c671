"""The skill taxonomy and the role profiles, loaded from data files.

Files (UTF-8 CSV, header on line 1; bundled defaults live in ``rolefit/data/``):

``concepts.csv``
    ``id, label, group, kind, aliases, esco, onet, ambiguous`` -- ``aliases`` are
    ``|``-separated surface forms; ``group`` is one of :data:`rolefit.schema.GROUPS`,
    ``kind`` one of :data:`rolefit.schema.KINDS`; ``ambiguous`` is ``true``/``false``.
``profiles.csv``
    ``role, concept_id, weight, source`` -- ``weight`` in (0, 1], by convention the share
    of job postings for the role that mention the concept; ``source`` says where it comes from.
``roles.csv``
    ``id, label, description`` -- the ONE definition of the roles rolefit scores: the
    :data:`ROLES` constant, CLI help and model-card text derive from it, and every role of
    ``profiles.csv`` must be defined here.
``broader.csv``
    ``concept_id, broader_id, why`` -- "evidence of ``concept_id`` is evidence of
    ``broader_id``" (GitLab CI is CI/CD, PMP is project management): read by the gap analysis
    (a profile concept is not listed as ``missing`` when a narrower one is evidenced) and by the
    extractor for a cue with ``yields_to_practice`` (none of the bundled cues; such a cue would
    yield to a narrower concept practised in its paragraph: "aspiring UI/UX designer" next to UI
    kits), so it is inside the model fingerprint.
``requirements.csv``
    ``role, requirement, label, concepts, min_concepts, source`` -- the evidence groups a CV
    must show to be labelled ``fit`` for the role: ``concepts`` are ``|``-separated concept
    ids, met by practised mentions of at least ``min_concepts`` (>= 1) of them. See
    ``rolefit/data/README.md`` and :mod:`rolefit.labels`.
interactions file (optional, not bundled; ``rolefit train --interactions FILE``)
    ``name, left, right, label, source`` -- interaction terms of the estimator ("management
    AND IT context", :mod:`rolefit.ml._interactions`); each side is ``|``-separated items,
    each a concept id, ``requirement:<role>/<requirement>`` (that group of the requirements)
    or ``group:<group>`` (every concept of that concept group), so a side reuses the groups
    defined elsewhere instead of listing them again. Read by :func:`parse_interactions`.

Sources: tool names partly from O*NET 29.2 Technology Skills (USDOL/ETA, CC BY 4.0);
managerial concepts partly from ESCO v1.0 (European Commission). See ``NOTICE``.

Length: about 800 lines: the loaders and validators of every data file (concepts, roles,
profiles, requirements, interactions, broader concepts, context rules, activity patterns) with
their coded errors. Each validator is short; they live together so that a data file and its
checks have one home.
A split into a ``taxonomy/`` package (one module per data file) is the next step when it grows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rolefit._io import check_output_file, sha256_of_bundled, write_csv_atomically
from rolefit.errors import Errors, ProfileError, TaxonomyError
from rolefit.schema import GROUPS, KINDS, Concept, FrozenMapping, Interaction, Requirement, RoleProfile

__all__ = ["Role", "Taxonomy", "load_taxonomy", "load_roles", "default_roles", "default_taxonomy", "parse_requirements", "parse_interactions", "derive_requirements", "save_requirements", "alias_key", "roles_summary", "load_context_data", "load_activity_patterns", "load_job_titles", "load_broader", "default_broader", "section_weights", "ROLES"]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_CONCEPT_COLUMNS = ("id", "label", "group", "kind", "aliases", "esco", "onet", "ambiguous")
_PROFILE_COLUMNS = ("role", "concept_id", "weight", "source")
_ROLE_COLUMNS = ("id", "label", "description")
_REQUIREMENT_COLUMNS = ("role", "requirement", "label", "concepts", "min_concepts", "source")
_INTERACTION_COLUMNS = ("name", "left", "right", "label", "source")


@dataclass(frozen=True, slots=True)
class Role:
    """One row of ``roles.csv``.

    Attributes
    ----------
    id : str
        snake_case role id, e.g. ``"mlops_engineer"``.
    label : str
        Display name, e.g. ``"MLOps engineer"``.
    description : str
        One sentence on what the role is about (used in model cards and help text).
    """

    id: str
    label: str
    description: str


def _data_file(name: str) -> Path:
    return Path(str(resources.files("rolefit") / "data" / name))


#: The bundled files besides ``concepts.csv`` that decide which mentions the extractor finds
#: (context rules, activity phrases, the job-title lexicon, the broader concepts, which a cue
#: with ``yields_to_practice`` reads; no bundled cue does): a model's features can change with
#: them, so :meth:`Taxonomy.fingerprint` covers them and a model trained before an edit is
#: refused (RF306) instead of scoring with evidence it never saw.
EXTRACTION_RULE_FILES = ("context_rules.json", "activity_patterns.json", "job_titles.csv", "broader.csv")


def _extraction_rules_digest() -> tuple[tuple[str, str], ...]:
    return tuple((name, sha256_of_bundled(str(_data_file(name)))) for name in EXTRACTION_RULE_FILES)


def load_roles(path: str | Path | None = None) -> tuple[Role, ...]:
    """Read a roles file (the bundled ``roles.csv`` by default).

    Returns
    -------
    tuple of Role
        In file order.

    Raises
    ------
    TaxonomyError
        RF007 if the file does not exist, RF002 for missing columns, RF001 (file, line, fix)
        for a bad or repeated id or an empty label.
    """
    rpath = Path(path) if path is not None else _data_file("roles.csv")
    roles: list[Role] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(rpath, _ROLE_COLUMNS[:2]):
        rid, label = row.get("id", ""), row.get("label", "")
        problem = None
        if not _ID_RE.match(rid):
            problem = f"role id {rid!r} is not snake_case ([a-z0-9_], starting alphanumeric)"
        elif rid in seen:
            problem = f"role id {rid!r} already used on line {seen[rid]}"
        elif not label:
            problem = f"role {rid!r} has an empty label"
        if problem:
            raise TaxonomyError(Errors.RF001.format(path=rpath, line=line, problem=problem))
        seen[rid] = line
        roles.append(Role(rid, label, row.get("description", "")))
    return tuple(roles)


@lru_cache(maxsize=1)
def default_roles() -> tuple[Role, ...]:
    """The bundled roles (``rolefit/data/roles.csv``), loaded once per process."""
    return load_roles()


def alias_key(surface: str) -> str:
    """Normalised key under which an alias must be unique (case-folded, spaces collapsed)."""
    return " ".join(surface.casefold().split())


@dataclass(frozen=True)
class Taxonomy:
    """Concepts plus role profiles.

    Attributes
    ----------
    concepts : tuple of Concept
        In file order.
    profiles : Mapping[str, RoleProfile]
        Role id -> profile.
    source : str
        Where the files were read from (for messages).
    requirements : Mapping[str, tuple of Requirement]
        Role id -> the evidence groups a ``fit`` needs (empty tuple: none).
    """

    concepts: tuple[Concept, ...]
    profiles: Mapping[str, RoleProfile]
    source: str = "<memory>"
    requirements: Mapping[str, tuple[Requirement, ...]] = field(default_factory=dict)
    _by_id: Mapping[str, Concept] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "profiles", FrozenMapping(dict(self.profiles)))
        object.__setattr__(
            self, "requirements", FrozenMapping({r: tuple(v) for r, v in dict(self.requirements).items()})
        )
        object.__setattr__(self, "_by_id", FrozenMapping({c.id: c for c in self.concepts}))

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._by_id

    def __getitem__(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    @property
    def concept_ids(self) -> tuple[str, ...]:
        """Concept ids in file order (the column order of concept features)."""
        return tuple(c.id for c in self.concepts)

    @property
    def roles(self) -> tuple[str, ...]:
        """Role ids in sorted order."""
        return tuple(sorted(self.profiles))

    def profile(self, role: str) -> RoleProfile:
        """The profile of ``role``; raises :class:`ProfileError` for an unknown role."""
        try:
            return self.profiles[role]
        except KeyError:
            raise ProfileError(Errors.RF006.format(role=role, known=", ".join(self.roles))) from None

    def with_profiles(self, profiles: Iterable[RoleProfile]) -> Taxonomy:
        """A copy whose profiles are replaced (by role id) by ``profiles``.

        Raises
        ------
        TaxonomyError
            If a profile weights a concept this taxonomy does not have.
        """
        merged = dict(self.profiles)
        for p in profiles:
            for cid in p.weights:
                if cid not in self._by_id:
                    raise TaxonomyError(
                        Errors.RF004.format(path="<profile>", line="-", role=p.role, concept=cid)
                    )
            merged[p.role] = p
        return Taxonomy(self.concepts, merged, self.source, self.requirements)

    def requirements_for(self, role: str) -> tuple[Requirement, ...]:
        """The requirements of ``role`` (empty tuple when it has none)."""
        return tuple(self.requirements.get(role, ()))

    def with_requirements(self, requirements: Iterable[Requirement]) -> Taxonomy:
        """A copy whose requirements are replaced, role by role, by ``requirements``.

        Raises
        ------
        TaxonomyError
            If a requirement names a concept this taxonomy does not have.
        """
        new: dict[str, list[Requirement]] = {}
        for req in requirements:
            for cid in req.concepts:
                if cid not in self._by_id:
                    raise TaxonomyError(
                        Errors.RF020.format(
                            path="<requirements>", line="-", role=req.role, requirement=req.requirement,
                            problem=f"unknown concept {cid!r}",
                        )
                    )
            new.setdefault(req.role, []).append(req)
        merged = {**dict(self.requirements), **{r: tuple(v) for r, v in new.items()}}
        return Taxonomy(self.concepts, self.profiles, self.source, merged)

    def fingerprint(self) -> str:
        """SHA-256 (hex, first 16 chars) over concepts, profiles and the extraction rules.

        Changes when a concept (its surface forms, EU spellings included), a profile weight or
        one of the bundled :data:`EXTRACTION_RULE_FILES` changes: a model records it when trained
        and is refused (RF306) by a taxonomy or rule set it was not trained with.
        """
        payload = {
            "concepts": [
                [c.id, c.label, c.group, c.kind, list(c.surface_forms), c.ambiguous] for c in self.concepts
            ],
            "extraction_rules": [list(pair) for pair in _extraction_rules_digest()],
            "profiles": {
                r: sorted((k, round(v, 6)) for k, v in p.weights.items())
                for r, p in sorted(self.profiles.items())
            },
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise TaxonomyError(Errors.RF007.format(path=path))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise TaxonomyError(
                Errors.RF002.format(path=path, missing=", ".join(missing), required=", ".join(required))
            )
        rows = []
        for row in reader:
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


def _parse_concepts(path: Path) -> tuple[Concept, ...]:
    concepts: list[Concept] = []
    seen_ids: dict[str, int] = {}
    alias_owner: dict[str, tuple[str, int]] = {}

    def bad(line: int, problem: str) -> TaxonomyError:
        return TaxonomyError(Errors.RF001.format(path=path, line=line, problem=problem))

    for line, row in _read_rows(path, _CONCEPT_COLUMNS[:4]):
        cid, label = row.get("id", ""), row.get("label", "")
        if not _ID_RE.match(cid):
            raise bad(line, f"id {cid!r} is not snake_case ([a-z0-9_], starting alphanumeric)")
        if cid in seen_ids:
            raise bad(line, f"id {cid!r} already used on line {seen_ids[cid]}")
        if not label:
            raise bad(line, f"concept {cid!r} has an empty label")
        group, kind = row.get("group", ""), row.get("kind", "")
        if group not in GROUPS:
            raise bad(line, f"group {group!r} is not one of {', '.join(GROUPS)}")
        if kind not in KINDS:
            raise bad(line, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        amb = row.get("ambiguous", "").lower()
        if amb not in ("", "true", "false"):
            raise bad(line, f"ambiguous must be true or false, got {amb!r}")
        raw_aliases = [a.strip() for a in row.get("aliases", "").split("|")] if row.get("aliases") else []
        if any(not a for a in raw_aliases):
            raise bad(line, f"concept {cid!r} has an empty alias (check for '||' or a trailing '|')")
        for surface in (label, *raw_aliases):
            key = alias_key(surface)
            owner = alias_owner.setdefault(key, (cid, line))
            if owner[0] != cid:
                raise TaxonomyError(
                    Errors.RF003.format(
                        path=path, line=line, alias=surface, first=owner[0], first_line=owner[1], second=cid
                    )
                )
        aliases = tuple(dict.fromkeys(a for a in raw_aliases if a != label))
        seen_ids[cid] = line
        concepts.append(
            Concept(
                id=cid,
                label=label,
                group=group,
                kind=kind,
                aliases=aliases,
                esco=row.get("esco") or None,
                onet=row.get("onet") or None,
                ambiguous=amb == "true",
            )
        )
    return tuple(concepts)


def _parse_profiles(path: Path, roles_path: Path, concept_ids: set[str]) -> dict[str, RoleProfile]:
    labels = {r.id: r.label for r in load_roles(roles_path)}
    weights: dict[str, dict[str, float]] = {}
    sources: dict[str, dict[str, str]] = {}
    for line, row in _read_rows(path, _PROFILE_COLUMNS[:3]):
        role, cid, raw = row["role"], row["concept_id"], row["weight"]
        if role not in labels:
            raise TaxonomyError(
                Errors.RF009.format(path=path, line=line, role=role, roles_path=roles_path, known=", ".join(labels))
            )
        if cid not in concept_ids:
            raise TaxonomyError(Errors.RF004.format(path=path, line=line, role=role, concept=cid))
        try:
            weight = float(raw)
        except ValueError:
            weight = float("nan")
        if not 0.0 < weight <= 1.0:
            raise TaxonomyError(Errors.RF005.format(path=path, line=line, weight=raw, role=role, concept=cid))
        if cid in weights.setdefault(role, {}):
            raise TaxonomyError(
                Errors.RF001.format(path=path, line=line, problem=f"{role!r}/{cid!r} is weighted twice")
            )
        weights[role][cid] = weight
        sources.setdefault(role, {})[cid] = row.get("source", "")
    return {
        role: RoleProfile(role, labels[role], w, sources[role])
        for role, w in weights.items()
    }


def parse_requirements(
    path: str | Path, concept_ids: Iterable[str], roles: Iterable[str] | None = None
) -> dict[str, tuple[Requirement, ...]]:
    """Read and validate a requirements file (format in the module docstring).

    Parameters
    ----------
    path : path
        The CSV file.
    concept_ids : iterable of str
        The taxonomy's concept ids (every listed concept must be one).
    roles : iterable of str, optional
        Known role ids; when given, a row for another role is an error.

    Returns
    -------
    dict
        Role id -> its requirements in file order.

    Raises
    ------
    TaxonomyError
        ``RF007`` for a missing file, ``RF002`` for a missing column, ``RF020`` (with file and
        line) for an unknown role, a bad or repeated requirement id, an empty label or source,
        an empty or unknown concept, a concept listed twice, or a ``min_concepts`` that is not
        an integer in [1, number of concepts].
    """
    path = Path(path)
    known = set(concept_ids)
    known_roles = set(roles) if roles is not None else None
    out: dict[str, list[Requirement]] = {}
    for line, row in _read_rows(path, _REQUIREMENT_COLUMNS):
        role, rid = row["role"], row["requirement"]

        def bad(problem: str) -> TaxonomyError:
            return TaxonomyError(
                Errors.RF020.format(path=path, line=line, role=role, requirement=rid, problem=problem)
            )

        if known_roles is not None and role not in known_roles:
            raise bad(f"unknown role (known: {', '.join(sorted(known_roles))})")
        if not _ID_RE.match(rid):
            raise bad("the requirement id is not snake_case ([a-z0-9_], starting alphanumeric)")
        if any(r.requirement == rid for r in out.get(role, ())):
            raise bad("the requirement id is used twice for this role")
        if not row["label"] or not row["source"]:
            raise bad("label and source must not be empty")
        concepts = [c.strip() for c in row["concepts"].split("|")] if row["concepts"] else []
        if not concepts or any(not c for c in concepts):
            raise bad("concepts is empty or has an empty entry (check for '||' or a trailing '|')")
        unknown = [c for c in concepts if c not in known]
        if unknown:
            raise bad(f"unknown concept id(s) {', '.join(map(repr, unknown))}")
        if len(set(concepts)) != len(concepts):
            raise bad("a concept is listed twice")
        try:
            k = int(row["min_concepts"])
        except ValueError:
            k = 0
        if not 1 <= k <= len(concepts):
            raise bad(f"min_concepts {row['min_concepts']!r} is not an integer in [1, {len(concepts)}]")
        out.setdefault(role, []).append(
            Requirement(role, rid, row["label"], tuple(concepts), k, row["source"])
        )
    return {r: tuple(v) for r, v in out.items()}


def parse_interactions(path: str | Path, taxonomy: Taxonomy) -> tuple[Interaction, ...]:
    """Read and resolve an interactions file (format in the module docstring).

    Parameters
    ----------
    path : path
        The CSV file.
    taxonomy : Taxonomy
        Resolves the items: its concepts, concept groups and requirements.

    Returns
    -------
    tuple of Interaction
        In file order; each side's concept ids in item order, without repeats.

    Raises
    ------
    TaxonomyError
        ``RF007`` for a missing file, ``RF002`` for a missing column, ``RF021`` (with file and
        line) for a bad or repeated name, an empty label or source, an empty side or item, or
        an item naming an unknown concept, concept group or requirement.
    """
    path = Path(path)
    out: list[Interaction] = []
    for line, row in _read_rows(path, _INTERACTION_COLUMNS):
        name = row["name"]

        def bad(problem: str) -> TaxonomyError:
            return TaxonomyError(Errors.RF021.format(path=path, line=line, name=name, problem=problem))

        if not _ID_RE.match(name):
            raise bad("the name is not snake_case ([a-z0-9_], starting alphanumeric)")
        if any(t.name == name for t in out):
            raise bad("the name is used twice")
        if not row["label"] or not row["source"]:
            raise bad("label and source must not be empty")
        sides = []
        for side in ("left", "right"):
            items = [i.strip() for i in row[side].split("|")] if row[side] else []
            if not items or any(not i for i in items):
                raise bad(f"{side} is empty or has an empty item (check for '||' or a trailing '|')")
            ids: dict[str, None] = {}
            for item in items:
                kind, _, value = item.partition(":") if ":" in item else ("concept", "", item)
                if kind == "concept" and value in taxonomy:
                    ids[value] = None
                elif kind == "group" and value in GROUPS:
                    ids.update(dict.fromkeys(c.id for c in taxonomy.concepts if c.group == value))
                elif kind == "requirement" and "/" in value:
                    role, _, rid = value.partition("/")
                    found = [r for r in taxonomy.requirements_for(role) if r.requirement == rid]
                    if not found:
                        raise bad(f"{side}: no requirement {rid!r} for role {role!r} in the requirements")
                    ids.update(dict.fromkeys(found[0].concepts))
                else:
                    raise bad(f"{side}: {item!r} is not a concept id, requirement:<role>/<id> or group:<group>")
            sides.append(tuple(ids))
        out.append(Interaction(name, sides[0], sides[1], row["label"], row["source"]))
    return tuple(out)


#: Concepts a narrowed requirement's label names before "or N more" (:func:`derive_requirements`).
_NARROWED_SHOWN = 5


def derive_requirements(
    profile: RoleProfile, taxonomy: Taxonomy, *, min_share: float = 0.1
) -> tuple[Requirement, ...]:
    """Requirement groups for ``profile.role`` narrowed to what job postings ask for.

    Each of the taxonomy's requirement groups for the role keeps the concepts whose profile
    weight (the share of postings naming them, from
    :func:`rolefit.postings.profile_from_postings`) is at least ``min_share``, in decreasing
    weight. A narrowed group's label names what it still accepts ("machine-learning evidence as
    your job postings name it (MLflow, PyTorch, Kubeflow)"), since a ``review`` reason quotes
    it: the generic wording would tell a recruiter that a TensorFlow CV shows no ML frameworks. A group none of whose concepts reaches ``min_share`` is kept unchanged, with a
    source saying so: postings that never name a role's substance are no reason to drop it.

    Parameters
    ----------
    profile : RoleProfile
        Weights = share of postings per concept, in (0, 1].
    taxonomy : Taxonomy
        Supplies the role's current groups (``requirements_for``).
    min_share : float in [0, 1], default 0.1

    Returns
    -------
    tuple of Requirement
        ``min_concepts`` 1 (any-of) unless the group's own value is smaller than its
        narrowed size.

    Raises
    ------
    ProfileError
        ``RF401`` for ``min_share`` outside [0, 1].
    """
    if isinstance(min_share, bool) or not isinstance(min_share, (int, float)) or not 0.0 <= min_share <= 1.0:
        raise ProfileError(Errors.RF401.format(name="min_share", value=min_share))
    out = []
    labels = {c.id: c.label for c in taxonomy.concepts}
    for req in taxonomy.requirements_for(profile.role):
        kept = sorted(
            (c for c in req.concepts if profile.weights.get(c, 0.0) >= min_share),
            key=lambda c: (-profile.weights[c], c),
        )
        if kept:
            source = (
                f"derived from job postings: the concepts of the {req.requirement!r} group named by "
                f"at least {min_share:.0%} of them (rolefit profile --requirements)"
            )
            label = req.label
            if len(kept) < len(req.concepts):
                # a reason quotes the label ("no machine-learning evidence (ML frameworks...)"):
                # name what the narrowed group still accepts, not the generic list
                names = [labels.get(c, c) for c in kept]
                shown = ", ".join(names[:_NARROWED_SHOWN]) + (f" or {len(names) - _NARROWED_SHOWN} more"
                                                             if len(names) > _NARROWED_SHOWN else "")
                label = f"{req.label.split(' (', 1)[0]} as your job postings name it ({shown})"
            out.append(Requirement(req.role, req.requirement, label, tuple(kept),
                                   min(req.min_concepts, len(kept)), source))
        else:
            out.append(Requirement(req.role, req.requirement, req.label, req.concepts, req.min_concepts,
                                   f"{req.source} (kept: no posting concept of this group reached "
                                   f"{min_share:.0%})"))
    return tuple(out)


def save_requirements(requirements: Iterable[Requirement], path: str | Path, *, overwrite: bool = False) -> None:
    """Write requirements in the format :func:`parse_requirements` reads (UTF-8 CSV).

    Parameters
    ----------
    requirements : iterable of Requirement
    path : path
        The file to write; its folder must exist. Written all at once (a reader sees the old
        file or the new one, never a part).
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    OutputExistsError
        RF412 if ``path`` exists and ``overwrite`` is False; nothing is written.
    """
    check_output_file(path, overwrite=overwrite)
    write_csv_atomically(path, _REQUIREMENT_COLUMNS, (
        [r.role, r.requirement, r.label, "|".join(r.concepts), r.min_concepts, r.source] for r in requirements
    ))


def load_taxonomy(
    concepts_path: str | Path | None = None,
    profiles_path: str | Path | None = None,
    roles_path: str | Path | None = None,
    requirements_path: str | Path | None = None,
) -> Taxonomy:
    """Load and validate a taxonomy and its role profiles.

    Parameters
    ----------
    concepts_path, profiles_path, roles_path : path, optional
        CSV files in the formats described in the module docstring. Each defaults to the
        bundled file.
    requirements_path : path, optional
        The requirements file; defaults to ``requirements.csv`` beside the concepts file
        (the bundled one for the bundled taxonomy). Without either, roles have no
        requirements.

    Returns
    -------
    Taxonomy

    Raises
    ------
    TaxonomyError
        With the file, line and fix, for a missing file or column, a bad id, group or kind, an
        empty label or alias, an alias claimed by two concepts, or a profile weight that is not
        in (0, 1] or names an unknown concept; a missing roles file (RF007); a profile
        role that the roles file does not define (RF009); ``RF020`` for a bad requirements row.
    """
    cpath = Path(concepts_path) if concepts_path else _data_file("concepts.csv")
    ppath = Path(profiles_path) if profiles_path else _data_file("profiles.csv")
    rpath = Path(roles_path) if roles_path else _data_file("roles.csv")
    # requirements: the given file, else the requirements.csv beside the concepts file if any
    qpath = Path(requirements_path) if requirements_path else cpath.with_name("requirements.csv")
    concepts = _parse_concepts(cpath)
    profiles = _parse_profiles(ppath, rpath, {c.id for c in concepts})
    requirements = (
        parse_requirements(qpath, (c.id for c in concepts), roles=(r.id for r in load_roles(rpath)))
        if requirements_path is not None or qpath.is_file()
        else {}
    )
    return Taxonomy(concepts, profiles, source=str(cpath), requirements=requirements)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The bundled taxonomy and profiles (loaded once per process)."""
    return load_taxonomy()


def load_context_data(path: str | Path | None = None) -> dict[str, Any]:
    """The raw context-rules data (the bundled ``context_rules.json`` by default).

    The extractor compiles it (:func:`rolefit.nlp.load_rules`); the features read the section
    weights from it (:func:`section_weights`) without importing spaCy.

    Raises
    ------
    TaxonomyError
        RF007 for a missing file, RF008 for invalid JSON.
    """
    p = Path(path) if path is not None else _data_file("context_rules.json")
    if not p.is_file():
        raise TaxonomyError(Errors.RF007.format(path=p))
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TaxonomyError(Errors.RF008.format(path=p, rule="-", problem=f"invalid JSON ({exc})")) from None
    if not isinstance(data, dict):
        raise TaxonomyError(Errors.RF008.format(path=p, rule="-", problem="the top level must be an object"))
    return data


def section_weights(data: Mapping[str, Any] | None = None) -> dict[str, float]:
    """Section -> weight in [0, 1] of a skill mention found there (from the context rules).

    Raises
    ------
    TaxonomyError
        RF008 if a section has no weight or one outside [0, 1].
    """
    data = load_context_data() if data is None else data
    out: dict[str, float] = {}
    for section, spec in data.get("headings", {}).items():
        try:
            weight = float(spec["weight"])
        except (KeyError, TypeError, ValueError):
            weight = float("nan")
        if not 0.0 <= weight <= 1.0:
            raise TaxonomyError(Errors.RF008.format(
                path="context rules", rule=section, problem=f"weight {spec.get('weight')!r} is not a number in [0, 1]"))
        out[section] = weight
    return out


#: A gap slot of an activity pattern: ``*N`` (up to N words), or ``*N!for|with`` (none of them).
_GAP_SLOT_RE = re.compile(r"\*\d+(?:![^\W\d_]+(?:\|[^\W\d_]+)*)?")


def load_activity_patterns(path: str | Path | None = None, concept_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Activity-phrase patterns (the bundled ``activity_patterns.json`` by default).

    Each pattern is ``{"id", "concept", "pattern", "examples", "counter_examples"}``; see the
    file's ``_comment`` for the slot syntax. ``concept_ids`` (default: the bundled
    taxonomy's) are the concepts a pattern may name.

    Raises
    ------
    TaxonomyError
        RF007 for a missing file; RF008 naming the pattern for invalid JSON, a repeated id,
        an unknown concept or a malformed slot.
    """
    p = Path(path) if path is not None else _data_file("activity_patterns.json")
    data = load_context_data(p)
    known = set(concept_ids) if concept_ids is not None else set(default_taxonomy().concept_ids)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for raw in data.get("patterns", []):
        pid = str(raw.get("id", "?"))

        def bad(problem: str) -> TaxonomyError:
            return TaxonomyError(Errors.RF008.format(path=p, rule=pid, problem=problem))

        if pid in seen:
            raise bad("id used twice")
        seen.add(pid)
        if raw.get("concept") not in known:
            raise bad(f"unknown concept {raw.get('concept')!r}; add it to concepts.csv or fix the id")
        slots = raw.get("pattern")
        if not isinstance(slots, list) or not slots or not all(isinstance(x, str) and x.strip("|") for x in slots):
            raise bad("'pattern' must be a non-empty list of 'lemma|lemma' or '*N' strings")
        if any(x.startswith("*") and not _GAP_SLOT_RE.fullmatch(x) for x in slots) or slots[0].startswith("*"):
            raise bad("a '*N' slot needs a number (optionally '!word|word': words the gap may not hold) and cannot come first")
        out.append(dict(raw))
    return out


def load_job_titles(path: str | Path | None = None, concept_ids: Iterable[str] | None = None) -> dict[str, str]:
    """The job-title lexicon (the bundled ``job_titles.csv`` by default).

    Columns ``title, class, soc_codes``: ``title`` is a lower-cased title (see
    ``scripts/build_title_lexicon.py``, which writes the bundled file from O*NET 29.3 titles
    of training occupations only); ``class`` a ``job_title`` concept id, or empty for a title
    listed under occupations of several classes (recognised, but no mention).

    Returns
    -------
    dict of str to str
        Title key -> class concept id (``""`` for a title of mixed class). Keys are
        guaranteed normalised: case-folded, words joined by single spaces, no leading or
        trailing space or dot (the form of ``rolefit.nlp._titles.title_key``), so the title matcher takes
        them without re-normalising; two rows with the same key are "listed twice".

    Raises
    ------
    TaxonomyError
        RF007 for a missing file; RF001 (with the line) for an empty title, a title listed
        twice or a class that is not a concept of ``concept_ids`` (default: the bundled
        taxonomy's ``job_title`` concepts).
    """
    p = Path(path) if path is not None else _data_file("job_titles.csv")
    if concept_ids is None:
        concept_ids = [c.id for c in default_taxonomy().concepts if c.kind == "job_title"]
    known = set(concept_ids)
    out: dict[str, str] = {}
    if not p.is_file():
        raise TaxonomyError(Errors.RF007.format(path=p))
    with p.open(encoding="utf-8", newline="") as fh:  # csv.reader, not _read_rows: 40,000 rows at start-up
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ("title", "class") if c not in header]
        if missing:
            raise TaxonomyError(Errors.RF002.format(path=p, missing=", ".join(missing), required="title, class"))
        ti, ci = header.index("title"), header.index("class")
        rows = [(reader.line_num, r[ti] if len(r) > ti else "", r[ci].strip() if len(r) > ci else "") for r in reader]
    for line, title, cls in rows:
        title = " ".join(title.casefold().split()).strip(" .")  # the guaranteed key form (see Returns)
        problem = None
        if not title:
            problem = "empty title"
        elif title in out:
            problem = f"title {title!r} listed twice"
        elif cls and cls not in known:
            problem = f"class {cls!r} is not a job_title concept of the taxonomy"
        if problem:
            raise TaxonomyError(Errors.RF001.format(path=p, line=line, problem=problem))
        out[title] = cls
    return out


def load_broader(path: str | Path | None = None, concept_ids: Iterable[str] | None = None) -> dict[str, frozenset[str]]:
    """Which concepts' evidence stands for a broader concept (the bundled ``broader.csv`` by default).

    Used by the extractor (a wish cue yields to a practised narrower concept, see
    ``rolefit.nlp``) and by the gap analysis: a profile concept is not listed as ``missing`` when a
    narrower concept is evidenced ("GitLab CI" covers "CI/CD"). The relation is closed
    transitively (NIST AI RMF -> AI risk management -> risk management).

    Returns
    -------
    dict of str to frozenset of str
        Broader concept id -> every concept id whose evidence covers it (direct or
        transitive; the broader id itself is not included).

    Raises
    ------
    TaxonomyError
        RF007 for a missing file; RF002 for a missing column; RF001 (with the line) for an id
        that is not a concept of ``concept_ids`` (default: the bundled taxonomy), a concept
        broader than itself (directly or through a cycle of rows), or a relation listed twice.
    """
    p = Path(path) if path is not None else _data_file("broader.csv")
    known = set(concept_ids) if concept_ids is not None else set(default_taxonomy().concept_ids)
    direct: dict[str, set[str]] = {}
    first_line: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in _read_rows(p, ("concept_id", "broader_id")):
        narrow, broad = row["concept_id"].strip(), row["broader_id"].strip()
        problem = None
        for cid in (narrow, broad):
            if cid not in known:
                problem = f"{cid!r} is not a concept of the taxonomy"
        if problem is None and narrow == broad:
            problem = f"{narrow!r} is listed as broader than itself"
        if problem is None and (narrow, broad) in seen:
            problem = f"{narrow!r} -> {broad!r} listed twice"
        if problem:
            raise TaxonomyError(Errors.RF001.format(path=p, line=line, problem=problem))
        seen.add((narrow, broad))
        direct.setdefault(narrow, set()).add(broad)
        first_line.setdefault(narrow, line)
    covers: dict[str, set[str]] = {}
    for narrow in direct:  # walk up from each narrow concept; the graph is small
        stack, reached = list(direct[narrow]), set()
        while stack:
            b = stack.pop()
            if b == narrow:
                problem = f"{narrow!r} is broader than itself through a cycle of rows"
                raise TaxonomyError(Errors.RF001.format(path=p, line=first_line[narrow], problem=problem))
            if b in reached:
                continue
            reached.add(b)
            stack.extend(direct.get(b, ()))
        for b in reached:
            covers.setdefault(b, set()).add(narrow)
    return {b: frozenset(n) for b, n in covers.items()}


@lru_cache(maxsize=1)
def default_broader() -> Mapping[str, frozenset[str]]:
    """The bundled ``broader.csv`` relation (:func:`load_broader`), read once per process."""
    return FrozenMapping(load_broader())


#: Ids of the roles rolefit ships profiles for, in ``roles.csv`` order (derived from it).
ROLES: tuple[str, ...] = tuple(r.id for r in default_roles())


def roles_summary(roles: Iterable[Role] | None = None) -> str:
    """``"AI operations manager, MLOps engineer"``: role labels for help and model-card text."""
    return ", ".join(r.label for r in (default_roles() if roles is None else roles))
