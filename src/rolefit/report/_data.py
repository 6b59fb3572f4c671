"""What the shortlist shows, computed from batch rows: rankings, skills, requirements, model facts.

Nothing here scores or re-reads a CV: every figure comes from the rows a batch wrote
(:mod:`rolefit.batch`), the model's saved metadata and the taxonomy. Rows written before
rows carried ``detail``, or before ``RoleScore`` carried ``requirements``, still render:
the missing parts are said to be missing, never invented.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rolefit.batch import FORMATS as OUTPUT_FORMATS
from rolefit.errors import Errors, ReportError, shown_path
from rolefit.scorer import MISSING_MIN_WEIGHT

#: Contributing skills shown per candidate and role.
TOP_SKILLS = 5


@dataclass(frozen=True)
class Quote:
    """One evidence mention with the CV text around it.

    ``snippet`` is ``cv_text[snippet_start:snippet_start + len(snippet)]``; the mention is
    ``cv_text[start_char:end_char]`` (end exclusive) and lies inside the snippet.
    """

    text: str
    start_char: int
    end_char: int
    snippet: str
    snippet_start: int
    section: str = "other"


@dataclass(frozen=True)
class Skill:
    """A concept that raised a role's probability, strongest first."""

    concept_id: str
    label: str
    contribution: float | None
    quote: Quote | None


@dataclass(frozen=True)
class Requirement:
    """One required skill (or required any-of group) of a role and whether a CV meets it."""

    name: str
    met: bool
    concepts: tuple[str, ...] = ()
    met_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One input's outcome for one role, as the report shows it."""

    path: str
    probability: float | None
    label: str
    reason: str | None
    skills: tuple[Skill, ...]
    requirements: tuple[Requirement, ...]
    meets_requirements: bool | None  # None: the row says nothing about requirements
    warnings: tuple[str, ...] = ()
    has_detail: bool = True
    contribution_unit: str | None = None  # "log-odds", "probability" or None when the row does not say


@dataclass(frozen=True)
class ModelFacts:
    """What the report says about the model that scored the rows.

    Attributes
    ----------
    model_id : str
    thresholds : Mapping[str, float]
        Role -> probability threshold in [0, 1].
    review_band : float
        Half-width of the band around each threshold labelled ``review``.
    metrics : Mapping[str, Any]
        The model's saved ``holdout``/``cv`` metric blocks (see :meth:`holdout`).
    corpus : Mapping[str, Any]
        The training corpus's summary.
    card_path : Path or None
        ``MODEL_CARD.md`` beside the model, when there is one.
    """

    model_id: str
    thresholds: Mapping[str, float]
    review_band: float
    metrics: Mapping[str, Any] = field(default_factory=dict)
    corpus: Mapping[str, Any] = field(default_factory=dict)
    card_path: Path | None = None

    def holdout(self, role: str, metric: str) -> tuple[float | None, tuple[float, float] | None]:
        """``(value, ci95)`` of a held-out metric for ``role``; Nones when not recorded."""
        block = (self.metrics.get("holdout") or {}).get("roles", {}).get(role, {}).get(metric)
        if not isinstance(block, Mapping):
            return (float(block) if isinstance(block, (int, float)) else None), None
        ci = block.get("ci95")
        return block.get("value"), (tuple(ci[:2]) if ci and len(ci) >= 2 else None)

    @classmethod
    def from_model(cls, model: Any, path: str | os.PathLike[str] | None = None) -> ModelFacts:
        """From a :class:`~rolefit.model.TrainedModel` (and the directory it was loaded from)."""
        card = Path(path) / "MODEL_CARD.md" if path is not None else None
        return cls(
            model_id=model.model_id or "unsaved-model",
            thresholds=dict(model.thresholds),
            review_band=float(model.review_band),
            metrics=dict(model.metrics or {}),
            corpus=dict(model.corpus or {}),
            card_path=card if card is not None and card.is_file() else None,
        )


# ---------------------------------------------------------------------- reading rows


def read_rows(journal: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The rows of a batch journal (JSON lines), in file order.

    A CSV or Parquet output is accepted when its journal (``<output>.jsonl``) lies beside
    it. A torn last line (a batch interrupted mid-write) is skipped, as ``--resume`` would.

    Raises
    ------
    ReportError
        RF621 if the file is missing or not a journal (its first line is no batch row, e.g. a
        CV); RF622 for a later line that is not a row (a damaged journal); RF626 when it
        holds no row (an empty file); RF627 when a file has two rows (a resumed batch that did
        not finish: a changed file's old row and its new one).
    """
    path = Path(journal)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in OUTPUT_FORMATS and suffix != "jsonl":  # a CSV or Parquet output: its journal beside it
        path = path.with_name(path.name + ".jsonl")
    if not path.is_file():
        raise ReportError(Errors.RF621.format(path=shown_path(path), problem="no such file"))
    try:
        data = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(Errors.RF621.format(path=shown_path(path), problem=f"cannot be read ({exc.strerror or type(exc).__name__})")) from None
    lines = data.split("\n")
    torn = lines.pop() if lines else ""  # a torn last line: no newline yet ("" when the file ends in one)
    rows = []
    seen: dict[Any, int] = {}  # row path -> its line
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            if not rows:  # the first line is no row at all: another kind of file, not a damaged journal
                raise ReportError(Errors.RF621.format(path=shown_path(path), problem=_not_a_journal(i, "not JSON"))) from None
            raise ReportError(Errors.RF622.format(path=shown_path(path), line=i, problem=exc.msg)) from None
        if not rows and not _is_row(row):
            raise ReportError(Errors.RF621.format(path=shown_path(path), problem=_not_a_journal(i, "no path or status"))) from None
        row = check_row(row, path, i)
        first = seen.setdefault(row.get("path"), i)
        if first != i:  # an unfinished resumed run: a changed file's old and new rows both stand
            raise ReportError(Errors.RF627.format(path=shown_path(path), line=i, file=shown_path(str(row.get("path"))), first=first))
        rows.append(row)
    if not rows:
        if torn.strip() and not torn.lstrip().startswith("{"):  # e.g. a one-line text file without a newline
            raise ReportError(Errors.RF621.format(path=shown_path(path), problem=_not_a_journal(len(lines) + 1, "not JSON")))
        problem = "an empty file" if not data.strip() else "only a row cut off mid-write"
        raise ReportError(Errors.RF626.format(path=shown_path(path), problem=problem))
    return rows


def _not_a_journal(line: int, problem: str) -> str:
    return f"not a rolefit batch journal (line {line} is not a batch row: {problem})"


def _is_row(row: Any) -> bool:
    return isinstance(row, Mapping) and "path" in row and "status" in row


def check_row(row: Any, path: Any, line: int) -> dict[str, Any]:
    """``row`` as a dict; RF622 unless it is a mapping with ``path`` and ``status``."""
    if not _is_row(row):
        raise ReportError(Errors.RF622.format(path=shown_path(path), line=line, problem="no path or status"))
    return dict(row)


def roles_of(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """Role ids present in the rows (``<role>_label`` columns), in column order."""
    roles: dict[str, None] = {}
    for row in rows:
        for key in row:
            if key.endswith("_label"):
                roles.setdefault(key[: -len("_label")], None)
    return tuple(roles)


# ---------------------------------------------------------------------- one row, one role


def _contribution_map(items: Any) -> dict[str, float]:
    """Concept -> contribution from ``[[id, delta], ...]`` or ``[{"concept_id": ..., ...}]``."""
    out: dict[str, float] = {}
    for item in items or ():
        if isinstance(item, (list, tuple)) and len(item) >= 2 and isinstance(item[1], (int, float)):
            out.setdefault(str(item[0]), float(item[1]))
        elif isinstance(item, Mapping) and "concept_id" in item:
            for key in ("contribution", "delta", "term", "value", "log_odds"):
                if isinstance(item.get(key), (int, float)):
                    out.setdefault(str(item["concept_id"]), float(item[key]))
                    break
    return out


def _quote(item: Mapping[str, Any]) -> Quote | None:
    snippet, start = item.get("snippet"), item.get("snippet_start")
    if not isinstance(snippet, str) or not isinstance(start, int):
        return None
    return Quote(
        text=str(item.get("text", "")),
        start_char=int(item["start_char"]),
        end_char=int(item["end_char"]),
        snippet=snippet,
        snippet_start=start,
        section=str(item.get("section", "other")),
    )


def _concept_label(taxonomy: Any, concept_id: str, fallback: str | None = None) -> str:
    if concept_id in taxonomy:
        return taxonomy[concept_id].label
    return fallback or concept_id.replace("_", " ")


def _skills(detail: Mapping[str, Any], taxonomy: Any) -> tuple[Skill, ...]:
    """Distinct concepts of the evidence (the scorer orders it strongest first), first quote each."""
    contrib = _contribution_map(detail.get("contributions"))
    seen: dict[str, Skill] = {}
    for item in detail.get("evidence") or ():
        cid = str(item.get("concept_id"))
        if cid in seen or item.get("negated"):
            continue
        seen[cid] = Skill(cid, _concept_label(taxonomy, cid, item.get("label")), contrib.get(cid), _quote(item))
        if len(seen) == TOP_SKILLS:
            break
    return tuple(seen.values())


def _flat_skills(row: Mapping[str, Any], role: str, taxonomy: Any) -> tuple[Skill, ...]:
    """Skills from the flat ``<role>_evidence`` column (``label@start-end; ...``), no quotes."""
    out = []
    for part in str(row.get(f"{role}_evidence") or "").split(";"):
        label = part.strip().rsplit("@", 1)[0].strip()
        if label:
            out.append(Skill(label, label, None, None))
    return tuple(out[:TOP_SKILLS])


def key_skills(taxonomy: Any, role: str) -> tuple[str, ...]:
    """The role's key profile concepts (weight >= ``MISSING_MIN_WEIGHT``), heaviest first.

    Stand-in for required skills when rows carry no ``requirements``: the same concepts the
    scorer lists as ``missing`` when a CV lacks them.
    """
    profile = taxonomy.profiles.get(role)
    return tuple(c for c, w in profile.top() if w >= MISSING_MIN_WEIGHT) if profile is not None else ()


def _requirement_groups(raw: Any, taxonomy: Any) -> tuple[tuple[Requirement, ...], bool | None]:
    """Parse a row's ``requirements`` (issue-13 shape, read tolerantly); ``((), None)`` if absent."""
    if raw is None:
        return (), None
    overall = raw.get("met") if isinstance(raw, Mapping) else None
    groups = raw.get("groups", raw.get("requirements", ())) if isinstance(raw, Mapping) else raw
    if isinstance(groups, Mapping):
        groups = [{"name": k, **(v if isinstance(v, Mapping) else {"met": bool(v)})} for k, v in groups.items()]
    out = []
    for i, g in enumerate(groups or ()):
        if not isinstance(g, Mapping):
            continue
        concepts = tuple(str(c) for c in g.get("concepts", g.get("concept_ids", ())) or ())
        met_by_raw = g.get("met_by", g.get("matched", g.get("evidence", ()))) or ()
        met_by = tuple(
            str(m.get("concept_id")) if isinstance(m, Mapping) else str(m) for m in met_by_raw
        )
        met = bool(g.get("met", bool(met_by)))
        name = str(g.get("label", g.get("name", g.get("id", f"group {i + 1}"))))
        out.append(Requirement(name, met, concepts, tuple(dict.fromkeys(met_by))))
    if overall is None:
        overall = all(r.met for r in out) if out else None
    return tuple(out), (bool(overall) if overall is not None else None)


def role_reason(row: Mapping[str, Any], role: str) -> str | None:
    """Why ``role`` is ``review`` in a batch row: its ``<role>_reason`` (None when the label
    needs none), or, in rows written before that column, the row's joined ``reason``."""
    key = f"{role}_reason"
    return row[key] if key in row else row.get("reason")


def candidate(row: Mapping[str, Any], role: str, taxonomy: Any) -> Candidate:
    """The report's view of one ok row for one role."""
    detail = (row.get("detail") or {}).get(role) if isinstance(row.get("detail"), Mapping) else None
    raw_warnings = row.get("warnings") or ()
    if isinstance(raw_warnings, str):  # the batch column: "CODE:count; CODE:count"
        raw_warnings = [w for w in raw_warnings.split("; ") if w]
    warnings = tuple(str(w.get("message", w)) if isinstance(w, Mapping) else str(w) for w in raw_warnings)
    probability = row.get(f"{role}_probability")
    label = str(row.get(f"{role}_label") or "review")
    if detail is None:
        return Candidate(
            path=str(row["path"]), probability=probability, label=label,
            reason=role_reason(row, role),
            skills=_flat_skills(row, role, taxonomy), requirements=(), meets_requirements=None,
            warnings=warnings, has_detail=False,
        )
    requirements, meets = _requirement_groups(detail.get("requirements"), taxonomy)
    if not requirements:
        present = {str(m.get("concept_id")) for m in detail.get("evidence") or () if not m.get("negated")}
        requirements = tuple(
            Requirement(_concept_label(taxonomy, c), c in present, (c,), (c,) if c in present else ())
            for c in key_skills(taxonomy, role)
        )
    return Candidate(
        path=str(row["path"]),
        probability=probability,
        label=str(detail.get("label", label)),
        reason=detail.get("reason") or None,
        skills=_skills(detail, taxonomy),
        requirements=requirements,
        meets_requirements=meets,
        warnings=warnings,
        contribution_unit=detail.get("contribution_unit") or None,
    )


# ---------------------------------------------------------------------- rankings


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates in report order.

    Those whose rows say they meet every required group of the role come first (only when
    rows carry requirements), then the rest; within each group by decreasing probability,
    ties by file path. A missing probability sorts last.
    """

    def key(c: Candidate) -> tuple[int, float, str]:
        group = 0 if c.meets_requirements else 1
        return (group, -(c.probability if c.probability is not None else -1.0), c.path)

    return sorted(candidates, key=key)


def check_model(rows: Sequence[Mapping[str, Any]], facts: ModelFacts) -> None:
    """Raise RF623 unless every row was scored by ``facts.model_id``."""
    found = sorted({str(r.get("model_id")) for r in rows if r.get("model_id")})
    if found and found != [facts.model_id]:
        raise ReportError(Errors.RF623.format(found=", ".join(found), expected=facts.model_id))


def error_message(row: Mapping[str, Any]) -> str:
    """An error row's message without the file's path after its code: ``"[RF508] a PNG image,
    ..."`` for ``"[RF508] /abs/cvs/portfolio.png: a PNG image, ..."``. The reader names the file
    as it opened it (an absolute path, which may name the recruiter's folders); the report and
    the terminal show the row's own ``path`` beside it."""
    msg = str(row.get("error_message") or "")
    path = str(row.get("path") or "")
    match = re.match(r"(\[RF\d+\]\s*)(.*?)(: )", msg, re.S)
    if path and match and (match.group(2) == path or match.group(2).endswith(("/" + path, "\\" + path))
                           or match.group(2).endswith(path.rsplit("/", 1)[-1])):
        return match.group(1) + msg[match.end():]
    return msg

