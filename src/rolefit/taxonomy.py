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

Sources: tool names partly from O*NET 29.2 Technology Skills (USDOL/ETA, CC BY 4.0);
managerial concepts partly from ESCO v1.0 (European Commission). See ``NOTICE``.
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

from rolefit.errors import Errors, ProfileError, TaxonomyError
from rolefit.schema import GROUPS, KINDS, Concept, FrozenMapping, RoleProfile

__all__ = ["Role", "Taxonomy", "load_taxonomy", "load_roles", "default_roles", "default_taxonomy", "alias_key", "roles_summary", "load_context_data", "load_activity_patterns", "section_weights", "ROLES"]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_CONCEPT_COLUMNS = ("id", "label", "group", "kind", "aliases", "esco", "onet", "ambiguous")
_PROFILE_COLUMNS = ("role", "concept_id", "weight", "source")
_ROLE_COLUMNS = ("id", "label", "description")


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
    """

    concepts: tuple[Concept, ...]
    profiles: Mapping[str, RoleProfile]
    source: str = "<memory>"
    _by_id: Mapping[str, Concept] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "profiles", FrozenMapping(dict(self.profiles)))
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
        return Taxonomy(self.concepts, merged, self.source)

    def fingerprint(self) -> str:
        """SHA-256 (hex, first 16 chars) over concepts and profiles; changes when either does."""
        payload = {
            "concepts": [
                [c.id, c.label, c.group, c.kind, list(c.aliases), c.ambiguous] for c in self.concepts
            ],
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


def load_taxonomy(
    concepts_path: str | Path | None = None,
    profiles_path: str | Path | None = None,
    roles_path: str | Path | None = None,
) -> Taxonomy:
    """Load and validate a taxonomy and its role profiles.

    Parameters
    ----------
    concepts_path, profiles_path, roles_path : path, optional
        CSV files in the formats described in the module docstring. Each defaults to the
        bundled file.

    Returns
    -------
    Taxonomy

    Raises
    ------
    TaxonomyError
        With the file, line and fix, for a missing file or column, a bad id, group or kind, an
        empty label or alias, an alias claimed by two concepts, or a profile weight that is not
        in (0, 1] or names an unknown concept; a missing roles file (RF007); a profile
        role that the roles file does not define (RF009).
    """
    cpath = Path(concepts_path) if concepts_path else _data_file("concepts.csv")
    ppath = Path(profiles_path) if profiles_path else _data_file("profiles.csv")
    rpath = Path(roles_path) if roles_path else _data_file("roles.csv")
    concepts = _parse_concepts(cpath)
    profiles = _parse_profiles(ppath, rpath, {c.id for c in concepts})
    return Taxonomy(concepts, profiles, source=str(cpath))


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
        if any(x.startswith("*") and not x[1:].isdigit() for x in slots) or slots[0].startswith("*"):
            raise bad("a '*N' slot needs a number and cannot come first")
        out.append(dict(raw))
    return out


#: Ids of the roles rolefit ships profiles for, in ``roles.csv`` order (derived from it).
ROLES: tuple[str, ...] = tuple(r.id for r in default_roles())


def roles_summary(roles: Iterable[Role] | None = None) -> str:
    """``"AI operations manager, MLOps engineer"``: role labels for help and model-card text."""
    return ", ".join(r.label for r in (default_roles() if roles is None else roles))
