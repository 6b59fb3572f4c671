"""Score CVs against the roles: calibrated probabilities, labels, evidence, gaps.

:class:`Scorer` joins the two halves: :mod:`rolefit.nlp` turns text into skill mentions,
:func:`rolefit.ml.concept_evidence` turns mentions into plain concept evidence, and
the trained estimator (:mod:`rolefit.ml`) turns evidence into one calibrated probability
per role. Everything else here is glue and explanation:

- **label**: ``fit`` / ``review`` / ``no_fit`` from the model's per-role threshold with a
  review band around it; always ``review`` (with a ``reason``) when the text is empty, was
  read from a document the reader flagged (a :class:`~rolefit.readers.ReadResult` with a
  ``review=True`` warning: pages without a text layer, unreadable glyphs; the thresholds
  live in the readers), is mostly not English, or names no skill from the taxonomy -- never
  a silent ``no_fit``. Otherwise :func:`rolefit.labels.decide_label` decides: the model's
  per-role threshold with a review band around it, and ``fit`` only when every required
  evidence group of the role is met by practised mentions, the evidence minimum is reached
  and the text is not a job posting (else ``review`` with a reason naming what is missing).
- **requirements**: per required group, met or not, with the concept ids that meet it. The read warnings are kept on :attr:`ScoreResult.warnings`.
- **contributions**: for the default (linear, sigmoid-calibrated) model, each concept's
  exact term in the role's calibrated log-odds and the same split by feature group,
  computed in the same pass as the probability (``baseline + sum == logit(p)``; see
  :mod:`rolefit.ml._contributions`); for other models, the leave-one-out change in
  probability. Negative when a concept outside the role's profile (say, Figma for MLOps)
  lowered it.
- **evidence**: the non-negated mentions of the concepts that raised the role (positive
  contribution, or a profile concept), strongest first.
- **missing**: high-weight profile concepts not found, for a gap analysis.

Length: about 630 lines: the Scorer class with its two contribution paths (exact additive,
leave-one-out fallback), what the role scores of one CV share (_Document) and the
module-level conveniences that wrap it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from itertools import filterfalse, islice, repeat
from operator import itemgetter, mul
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rolefit._gc import collector_paused
from rolefit._limits import DEFAULT_MAX_CHARS
from rolefit.errors import Errors, InputTooLargeError, InputTypeError, ModelFileError, ParameterValueError
from rolefit.ml import concept_evidence
from rolefit.schema import ReadWarning, Requirement, RoleProfile, RoleScore, ScoreResult, SkillMention
from rolefit.labels import (
    RequirementChecker, check_requirements, decide_label, posting_reason, practised_concepts, skills_list_reason,
)

if TYPE_CHECKING:  # pragma: no cover
    from rolefit.readers import ReadResult

__all__ = [
    "Scorer", "load", "score", "score_many", "default_scorer", "read_profiles", "read_requirements",
    "resolve_profiles", "resolve_requirements", "MISSING_MIN_WEIGHT", "MISSING_MAX",
]

#: Profile concepts with at least this weight are listed as ``missing`` when absent.
MISSING_MIN_WEIGHT = 0.3
#: At most this many missing concepts are listed per role.
MISSING_MAX = 10

_VALUE = itemgetter(1)

REASON_EMPTY = "the text is empty: there is nothing to assess, a recruiter should check the file"
REASON_NO_SKILLS = (
    "no skill from rolefit's taxonomy was found (or only negated ones): the CV may describe its "
    "work without naming tools, so a recruiter should read it"
)
REASON_UNREADABLE = (
    "part of the document could not be read, so a score would rest on the rest only: {details}. "
    "A recruiter should open the original file"
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _read_result_types() -> tuple[type, ...]:
    """``(ReadResult,)`` once :mod:`rolefit.readers` is imported, else ``()``.

    Deliberately lazy: no ``ReadResult`` can exist before the readers are imported, and not
    importing them saves ~20 ms of a cold start that scores plain text
    (``benchmarks/cold_start.py``).
    """
    readers = sys.modules.get("rolefit.readers")
    cls = getattr(readers, "ReadResult", None)
    return (cls,) if isinstance(cls, type) else ()


#: What a ``profiles=`` / ``requirements=`` parameter accepts (Scorer, BatchOptions), for RF520.
PROFILES_ACCEPTED = "a path to a profiles file (str or os.PathLike) or an iterable of RoleProfile"
REQUIREMENTS_ACCEPTED = "a path to a requirements file (str or os.PathLike) or an iterable of Requirement"


def read_profiles(path: str | os.PathLike[str]) -> tuple[RoleProfile, ...]:
    """The role profiles of a profiles file (``rolefit profile --output``), read and checked
    as :func:`rolefit.load_taxonomy` reads ``profiles_path`` (bundled concepts and roles).

    What ``--profiles``, ``Scorer(profiles=path)`` and ``BatchOptions(profiles=path)`` read.

    Raises
    ------
    TaxonomyError
        ``RF007`` for a missing file, ``RF002`` for a missing column, ``RF004``, ``RF005``,
        ``RF009`` or ``RF001`` (with file and line) for a bad row.
    """
    from rolefit.taxonomy import load_taxonomy

    # a Path, never "": load_taxonomy takes an empty profiles_path for "the bundled file"
    return tuple(load_taxonomy(profiles_path=Path(path)).profiles.values())


def read_requirements(path: str | os.PathLike[str]) -> tuple[Requirement, ...]:
    """The requirements of a requirements file (``rolefit profile --requirements``), checked
    against the bundled concepts and the roles with a bundled profile, in file order.

    What ``--requirements``, ``Scorer(requirements=path)`` and
    ``BatchOptions(requirements=path)`` read.

    Raises
    ------
    TaxonomyError
        As :func:`rolefit.taxonomy.parse_requirements`: ``RF007``, ``RF002`` or ``RF020``.
    """
    from rolefit.taxonomy import default_taxonomy, parse_requirements

    tax = default_taxonomy()
    parsed = parse_requirements(path, tax.concept_ids, roles=tuple(tax.profiles))
    return tuple(r for rs in parsed.values() for r in rs)


def _resolve(value: Any, read: Any, kind: type, parameter: str, accepted: str) -> tuple[Any, ...] | None:
    """None stays None, a path (str or os.PathLike) is ``read(path)``, an iterable of ``kind``
    becomes a tuple (:func:`_items_of`): what :func:`resolve_profiles` and
    :func:`resolve_requirements` share."""
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        return read(value)
    return _items_of(value, kind, parameter, accepted)


def _items_of(value: Any, kind: type, parameter: str, accepted: str) -> tuple[Any, ...]:
    """``tuple(value)`` when it is an iterable of ``kind``; RF520 naming ``parameter`` else."""
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise ParameterValueError(parameter, accepted, value)
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise ParameterValueError(f"{parameter}[{i}]", f"a {kind.__name__} ({parameter} accepts {accepted})", item)
    return items


def resolve_profiles(value: Any, parameter: str = "profiles") -> tuple[RoleProfile, ...] | None:
    """A ``profiles=`` argument as role profiles: None stays None, a path (str or os.PathLike)
    is read with :func:`read_profiles`, an iterable of :class:`~rolefit.schema.RoleProfile`
    becomes a tuple.

    Raises
    ------
    TaxonomyError
        For a path, when the file cannot be read (see :func:`read_profiles`).
    ParameterValueError
        RF520 naming ``parameter`` for anything else (a number, bytes, an item that is not a
        RoleProfile).
    """
    return _resolve(value, read_profiles, RoleProfile, parameter, PROFILES_ACCEPTED)


def resolve_requirements(value: Any, parameter: str = "requirements") -> tuple[Requirement, ...] | None:
    """A ``requirements=`` argument as requirements: None stays None, a path (str or
    os.PathLike) is read with :func:`read_requirements`, an iterable of
    :class:`~rolefit.schema.Requirement` becomes a tuple.

    Raises
    ------
    TaxonomyError
        For a path, when the file cannot be read (see :func:`read_requirements`).
    ParameterValueError
        RF520 naming ``parameter`` for anything else (a number, bytes, an item that is not a
        Requirement).
    """
    return _resolve(value, read_requirements, Requirement, parameter, REQUIREMENTS_ACCEPTED)


class Scorer:
    """Scores CV texts with one model, taxonomy and set of profiles.

    Parameters
    ----------
    model : path or TrainedModel, optional
        A model directory (see :func:`rolefit.artifacts.load_model`) or a loaded model;
        defaults to the bundled ``rolefit-default`` model.
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy. It must be the taxonomy the model was trained
        with (its fingerprint is checked).
    profiles : path or iterable of RoleProfile, optional
        Replace the taxonomy's profiles (by role id) for ``similarity``, ``evidence`` order
        and ``missing``: the profiles themselves, or the path (str or os.PathLike) of a
        profiles file such as ``rolefit profile`` writes, read as ``--profiles`` reads it
        (:func:`read_profiles`). The probability still comes from the trained
        model, and so does the log-odds ``similarity`` term of ``group_contributions`` (the
        model's similarity to the profiles it was trained with); retrain to change what it
        learned.
    requirements : path or iterable of Requirement, optional
        Replace the required evidence groups of the roles they name (role by role): the
        requirements themselves, or the path of a requirements file (e.g. from ``rolefit
        profile --requirements``), read as ``--requirements`` reads it
        (:func:`read_requirements`). They change labels, never probabilities.
    log : path, optional
        Append one JSON line per scored document to this decision log
        (see :mod:`rolefit.decision_log`). Off by default.
    max_chars : int, optional
        rolefit's cap on text length (see :data:`rolefit._limits.DEFAULT_MAX_CHARS`).

    Raises
    ------
    ModelFileError
        If the model cannot be loaded or was trained with another taxonomy.
    TaxonomyError
        If a ``profiles`` or ``requirements`` file is missing or malformed (RF007, RF002,
        RF004, RF005, RF009, RF020...), or names a concept this taxonomy does not have.
    ParameterValueError
        (RF520, a TypeError and a ValueError) If ``profiles`` or ``requirements`` is neither a
        path nor an iterable of RoleProfile / Requirement (e.g. a number or bytes).
    """

    # The cyclic garbage collector is paused while a scorer is set up, and what it made is then
    # moved to the oldest generation (rolefit._gc): the first scorer imports spaCy and builds
    # the pipeline, some 400,000 objects that stay alive, and the collections their allocation
    # triggers (about 70 ms of a cold start, most of it while spaCy is imported) free nothing.
    @collector_paused(promote=True)
    def __init__(
        self,
        model: Any = None,
        *,
        taxonomy: Any = None,
        profiles: str | os.PathLike[str] | Iterable[RoleProfile] | None = None,
        requirements: str | os.PathLike[str] | Iterable[Requirement] | None = None,
        log: str | os.PathLike[str] | None = None,
        max_chars: int | None = None,
    ) -> None:
        from rolefit import artifacts
        from rolefit.nlp import get_extractor
        from rolefit.taxonomy import default_broader, default_taxonomy

        # before the model loads: a wrong argument or file is reported at once
        profiles = resolve_profiles(profiles)
        requirements = resolve_requirements(requirements)

        if model is None or isinstance(model, (str, os.PathLike)):
            self.model_path = Path(model) if model is not None else artifacts.default_model_path()
            self.model = artifacts.load_model(self.model_path, estimator=False)
        else:
            self.model_path = None
            self.model = model
        base = taxonomy if taxonomy is not None else default_taxonomy()
        if self.model.taxonomy_fingerprint and self.model.taxonomy_fingerprint != base.fingerprint():
            raise ModelFileError(
                Errors.RF306.format(
                    path=self.model_path or "<model>",
                    found=self.model.taxonomy_fingerprint,
                    expected=base.fingerprint(),
                )
            )
        self._base_taxonomy = taxonomy  # None = bundled (workers load it themselves)
        self.taxonomy = base.with_profiles(profiles) if profiles is not None else base
        if requirements is not None:
            self.taxonomy = self.taxonomy.with_requirements(requirements)
        self._profile_weights = {
            role: (dict(p.weights), float(sum(p.weights.values()))) for role, p in self.taxonomy.profiles.items()
        }
        # profile concepts worth listing as missing, heaviest first (sorted once, not per CV)
        self._gap_candidates = {
            role: tuple(c for c, w in p.top() if w >= MISSING_MIN_WEIGHT) for role, p in self.taxonomy.profiles.items()
        }
        # what `missing` is when the CV rules out none of them
        self._gap_head = {role: cands[:MISSING_MAX] for role, cands in self._gap_candidates.items()}
        # a gap candidate is covered by evidence of a narrower concept (GitLab CI covers CI/CD): broader.csv
        ids = set(self.taxonomy.concept_ids)
        covered_by = {b: n & ids for b, n in default_broader().items() if b in ids and n & ids}
        # the other way round, per concept of a CV: the gap candidates (of any role) its evidence
        # rules out -- itself, and the broader concepts it covers -- so a CV's ruled-out set is
        # built once for all roles from its few concepts (_Document.gaps_ruled_out)
        gaps = {c for cands in self._gap_candidates.values() for c in cands}
        rules_out: dict[str, set[str]] = {c: {c} for c in gaps}
        for broader, narrower in covered_by.items():
            if broader in gaps:
                for c in narrower:
                    rules_out.setdefault(c, set()).add(broader)
        self._gaps_ruled_out = {c: frozenset(out) for c, out in rules_out.items()}
        # per-concept facts the labels need, looked up once here instead of per CV and role
        concepts = self.taxonomy.concepts
        self._skill_ids = frozenset(c.id for c in concepts if c.kind != "job_title")
        self._non_general_ids = frozenset(c.id for c in concepts if c.group != "general")
        self.max_chars = int(max_chars) if max_chars is not None else DEFAULT_MAX_CHARS
        self._extractor = get_extractor(taxonomy, max_chars=self.max_chars)
        self.roles: tuple[str, ...] = tuple(self.model.roles)
        self._requirement_checkers = {role: RequirementChecker(self.taxonomy.requirements_for(role)) for role in self.roles}
        self._role_labels = {
            role: p.label if (p := self.taxonomy.profiles.get(role)) is not None else role for role in self.roles
        }
        # exact additive log-odds terms when the model is linear + sigmoid; else leave-one-out
        self._decomposition = self.model.additive
        if self._decomposition is None and self.model.estimator is not None:
            from rolefit.ml import decomposition_of  # lazy: scikit-learn, for an in-memory model only

            self._decomposition = decomposition_of(self.model.estimator)
        self._baseline = (
            dict(zip(self.roles, self._decomposition.baseline.tolist())) if self._decomposition is not None else {}
        )
        self._concept_list = self._decomposition.concept_ids.tolist() if self._decomposition is not None else []
        self.model_id: str = self.model.model_id or "unsaved-model"
        self.log_path = Path(log) if log is not None else None
        self._log = None
        if self.log_path is not None:
            from rolefit.decision_log import DecisionLog

            self._log = DecisionLog(self.log_path, model_id=self.model_id, model_path=self.model_path)

    # ------------------------------------------------------------------ public API

    def score(self, text: str | ReadResult) -> ScoreResult:
        """Score one CV text, or a document as read (:class:`~rolefit.readers.ReadResult`,
        whose warnings the result keeps); see :func:`rolefit.score`.

        Raises
        ------
        InputTooLargeError
            RF101 if ``len(text) > max_chars`` (:meth:`score_many` gives such a text a
            review result instead, so one long text never costs the others theirs).
        """
        raw = text.text if isinstance(text, _read_result_types()) else text
        if isinstance(raw, str) and len(raw) > self.max_chars:
            raise InputTooLargeError(Errors.RF101.format(length=len(raw), max_chars=self.max_chars))
        return self.score_many([text])[0]

    def score_many(
        self, texts: Iterable[str | ReadResult], *, batch_size: int = 64, n_process: int = 1
    ) -> list[ScoreResult]:
        """Score many CV texts or read documents; see :func:`rolefit.score_many`."""
        texts = list(texts)
        accepted = (str, *_read_result_types())
        for t in texts:
            if isinstance(t, os.PathLike) or (isinstance(t, str) and _names_a_file(t)):
                raise InputTypeError(Errors.RF106.format(path=os.fspath(t)))
            if not isinstance(t, accepted):
                raise InputTypeError(Errors.RF102.format(type_name=type(t).__name__))
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise InputTypeError(Errors.RF103.format(value=batch_size))
        if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
            raise InputTypeError(Errors.RF104.format(value=n_process))
        if n_process > 1 and self.model_path is None:
            raise InputTypeError(Errors.RF105)
        if n_process > 1 and len(texts) > batch_size:
            results = self._score_parallel(texts, batch_size=batch_size, n_process=n_process)
        else:
            results = []
            for i in range(0, len(texts), batch_size):
                results.extend(self._score_batch(texts[i : i + batch_size], batch_size))
        read_result = _read_result_types()
        results = [  # a read document's file hash, as its batch row carries it
            dataclasses.replace(r, input_sha256=item.input_sha256)
            if isinstance(item, read_result) and getattr(item, "input_sha256", None) else r
            for item, r in zip(texts, results)
        ]
        if self._log is not None:
            for r in results:
                self._log.append(r)
        return results

    # ------------------------------------------------------------------ internals

    def _score_parallel(self, texts: list[str | ReadResult], *, batch_size: int, n_process: int) -> list[ScoreResult]:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor  # lazy: only parallel scoring needs it

        chunks = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
        profiles = tuple(self.taxonomy.profiles.values())
        requirements = tuple(r for rs in self.taxonomy.requirements.values() for r in rs)
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=n_process,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(str(self.model_path), self._base_taxonomy, profiles, requirements, self.max_chars),
        ) as pool:
            out: list[ScoreResult] = []
            for part in pool.map(_worker_score, chunks, [batch_size] * len(chunks)):
                out.extend(part)
        return out

    def _score_batch(self, items: Sequence[str | ReadResult], batch_size: int) -> list[ScoreResult]:
        # The collector is paused for the batch (5-10 % of score_many's CPU), and what the batch
        # made is then moved to the oldest generation: it is the results, which outlive the call
        # (scoring leaves no cyclic garbage), so the young-generation collections that followed
        # each batch, and now and then a full one (0.1-0.17 s), traversed them and freed
        # nothing: 5-7 % of a run's CPU.
        with collector_paused(promote=True):
            return self._score_batch_unpaused(items, batch_size)

    def _score_batch_unpaused(self, items: Sequence[str | ReadResult], batch_size: int) -> list[ScoreResult]:
        from rolefit.nlp import check_english

        read_result = _read_result_types()
        texts = [item.text if isinstance(item, read_result) else item for item in items]
        read_warnings = [item.warnings if isinstance(item, read_result) else () for item in items]
        too_long = [i for i, t in enumerate(texts) if len(t) > self.max_chars]
        if too_long:  # score the others; each over-long text gets a review result saying why
            skip = set(too_long)
            kept = [item for i, item in enumerate(items) if i not in skip]
            scored = iter(self._score_batch(kept, batch_size) if kept else [])
            return [self._too_long_result(t) if i in skip else next(scored) for i, t in enumerate(texts)]
        all_mentions = self._extractor.extract_many(texts, batch_size=batch_size)
        evidence = [concept_evidence(ms) for ms in all_mentions]
        if self._decomposition is not None:
            per_doc = self._additive(evidence)
        else:
            per_doc = self._leave_one_out(evidence)
        results = []
        for text, warnings, mentions, ev, (proba, terms, groups) in zip(
            texts, read_warnings, all_mentions, evidence, per_doc
        ):
            if not text.strip():
                reason: str | None = REASON_EMPTY
            elif any(w.review for w in warnings):
                reason = _unreadable_reason(warnings)
            else:
                # skill names are no prose: their words do not count for the "no function words" rule
                lang = check_english(text, ((m.start_char, m.end_char) for m in mentions))
                reason = lang.reason
                if reason is None and self._skill_ids.isdisjoint(ev):
                    reason = REASON_NO_SKILLS  # no skill at all, or a job title alone: not enough to judge
            document = self._document(text, mentions, ev)
            roles = {
                role: self._role_score(role, float(proba[j]), ev, terms[j], groups[j], reason, document)
                for j, role in enumerate(self.roles)
            }
            results.append(
                ScoreResult(
                    roles=roles,
                    mentions=mentions,
                    model_id=self.model_id,
                    text_sha256=_sha256(text),
                    text=text,
                    warnings=warnings,
                )
            )
        return results

    def _additive(self, evidence: list[dict[str, float]]) -> list[tuple[np.ndarray, list, list]]:
        """Probabilities with exact log-odds terms, in one pass (see rolefit.ml._contributions)."""
        d = self._decomposition
        dec = d.decompose(d.matrix(evidence))
        ids = self._concept_list
        n_roles = len(self.roles)
        # Python lists once per batch, sliced per document (no numpy call per document)
        columns, terms, offsets = dec.columns.tolist(), dec.terms.tolist(), dec.offsets.tolist()
        groups = dec.groups.tolist()
        out = []
        for i in range(len(evidence)):
            lo, hi = offsets[i], offsets[i + 1]
            present = list(map(ids.__getitem__, columns[lo:hi]))
            out.append(
                (
                    dec.proba[i],
                    [dict(zip(present, terms[r][lo:hi])) for r in range(n_roles)],
                    [tuple(zip(d.group_names, groups[i][r])) for r in range(n_roles)],
                )
            )
        return out

    def _leave_one_out(self, evidence: list[dict[str, float]]) -> list[tuple[np.ndarray, list, list]]:
        """Probabilities and leave-one-out changes, for a model that is not additive."""
        rows: list[Mapping[str, float]] = []
        spans: list[tuple[int, list[str]]] = []
        for ev in evidence:
            present = sorted(ev)
            spans.append((len(rows), present))
            rows.append(ev)
            rows.extend({k: v for k, v in ev.items() if k != c} for c in present)
        proba = self.model.predict_proba(rows) if rows else np.zeros((0, len(self.roles)))
        out = []
        for row, present in spans:
            full, loo = proba[row], proba[row + 1 : row + 1 + len(present)]
            deltas = [{c: float(full[j] - loo[k, j]) for k, c in enumerate(present)} for j in range(len(self.roles))]
            out.append((full, deltas, [()] * len(self.roles)))
        return out

    def _too_long_result(self, text: str) -> ScoreResult:
        """The review result of a text over ``max_chars``: not scored, never a low score."""
        reason = Errors.RF101.format(length=len(text), max_chars=self.max_chars)
        nan = float("nan")
        roles = {
            role: RoleScore(
                role=role, probability=nan, label="review", similarity=nan, reason=reason,
                requirements=check_requirements(self.taxonomy.requirements_for(role), {}),
            )
            for role in self.roles
        }
        return ScoreResult(roles=roles, mentions=(), model_id=self.model_id, text_sha256=_sha256(text), text=text)

    def _document(self, text: str, mentions: tuple[SkillMention, ...], evidence: Mapping[str, float]) -> _Document:
        """What the role scores of one CV share, computed once for all roles."""
        practised = practised_concepts(mentions)
        rules_out = self._gaps_ruled_out
        ruled_out = [rules_out[c] for c in evidence if c in rules_out]
        return _Document(
            [m for m in mentions if not m.negated],
            practised,
            self._n_evidence(practised),
            _PostingCheck(text),
            frozenset().union(*ruled_out) if ruled_out else frozenset(),
            skills_list_reason(text, mentions),
        )

    def _role_score(
        self,
        role: str,
        probability: float,
        evidence: Mapping[str, float],
        deltas: Mapping[str, float],
        groups: tuple[tuple[str, float], ...],
        reason: str | None,
        document: _Document,
    ) -> RoleScore:
        probability = min(max(probability, 0.0), 1.0)
        weights, total = self._profile_weights.get(role, ({}, 0.0))
        # iterate over the CV's few concepts, not the profile's many weights
        # (the same products summed in the same order as a generator over evidence.items(), in C)
        similarity = sum(map(mul, map(weights.get, evidence, repeat(0.0)), evidence.values())) / total if total > 0 else 0.0
        similarity = min(max(similarity, 0.0), 1.0)
        # evidence: the non-negated mentions of the concepts that raised the role (positive term,
        # or a profile concept), by decreasing term, weight and evidence, then by position
        rank = {
            c: (-deltas.get(c, 0.0), -weights.get(c, 0.0), -v)
            for c, v in evidence.items()
            if c in weights or deltas.get(c, 0.0) > 0.0
        }
        supporting: tuple[SkillMention, ...] = ()
        if rank:
            supporting = tuple(
                sorted(
                    (m for m in document.not_negated if m.concept_id in rank),
                    key=lambda m: (*rank[m.concept_id], m.start_char),
                )
            )
        # the first MISSING_MAX gap candidates the CV does not rule out (see _Document)
        ruled_out = document.gaps_ruled_out
        missing = self._gap_head.get(role, ())
        if not ruled_out.isdisjoint(missing):
            missing = tuple(islice(filterfalse(ruled_out.__contains__, self._gap_candidates[role]), MISSING_MAX))
        # by decreasing value, ties by concept id: sorted by id (ids are distinct), then by value
        # with a stable sort (reverse=True keeps equal values in their order)
        nonzero = sorted([kv for kv in deltas.items() if kv[1] != 0.0])
        nonzero.sort(key=_VALUE, reverse=True)
        contributions = tuple(nonzero)
        practised, n_evidence, posting = document.practised, document.n_evidence, document.posting
        checker = self._requirement_checkers.get(role)
        checks = checker(practised) if checker is not None else check_requirements(self.taxonomy.requirements_for(role), practised)
        if reason is not None:
            label = "review"
        else:
            threshold, band = self.model.thresholds[role], self.model.review_band
            role_label = self._role_labels.get(role, role)
            # a job posting is review for every role, whatever the probability (labels.decide_label);
            # the cue search (prefiltered, cached per text) runs once per text
            decision = decide_label(
                probability, threshold, band, role_label=role_label, checks=checks, n_evidence=n_evidence,
                posting=posting.reason, skills_list=document.skills_list,
            )
            label, reason = decision.label, decision.reason
        return RoleScore(
            role=role,
            probability=probability,
            label=label,
            similarity=float(similarity),
            evidence=supporting,
            missing=missing,
            reason=reason,
            contributions=contributions,
            group_contributions=groups,
            baseline=self._baseline.get(role, float("nan")),
            contribution_unit="log-odds" if self._decomposition is not None else "probability",
            requirements=checks,
        )

    def _n_evidence(self, practised: Mapping[str, Sequence[SkillMention]]) -> int:
        """Distinct practised concepts outside the ``general`` group (see rolefit.labels)."""
        return sum(1 for c in practised if c in self._non_general_ids)


class _Document:
    """What the role scores of one CV share (:meth:`Scorer._document`).

    Attributes
    ----------
    not_negated : list of SkillMention
        The mentions that are not negated, in order (the candidates for ``evidence``).
    practised : dict
        :func:`rolefit.labels.practised_concepts` of the mentions.
    n_evidence : int
        Distinct practised concepts outside the ``general`` group.
    posting : _PostingCheck
        The job-posting check of the text, searched on first use.
    gaps_ruled_out : frozenset of str
        The gap candidates (of any role) the CV's evidence rules out: those it shows, and
        those covered by a narrower concept it shows (``broader.csv``: GitLab CI covers
        CI/CD). ``missing`` lists the role's first candidates outside this set.
    skills_list : str or None
        :func:`rolefit.labels.skills_list_reason` of the text: set when it is a bare list of
        skill names.
    """

    __slots__ = ("not_negated", "practised", "n_evidence", "posting", "gaps_ruled_out", "skills_list")

    def __init__(
        self,
        not_negated: list[SkillMention],
        practised: dict[str, list[SkillMention]],
        n_evidence: int,
        posting: _PostingCheck,
        gaps_ruled_out: frozenset[str],
        skills_list: str | None,
    ) -> None:
        self.not_negated = not_negated
        self.practised = practised
        self.n_evidence = n_evidence
        self.posting = posting
        self.gaps_ruled_out = gaps_ruled_out
        self.skills_list = skills_list


class _PostingCheck:
    """:func:`rolefit.labels.posting_reason` of one text, searched on first use only."""

    __slots__ = ("_reason", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._reason: str | None | bool = False  # False: not searched yet

    @property
    def reason(self) -> str | None:
        if self._reason is False:
            self._reason = posting_reason(self._text) if self._text.strip() else None
        return self._reason  # type: ignore[return-value]


def _unreadable_reason(warnings: Sequence[ReadWarning]) -> str:
    """The ``reason`` of a document whose reader flagged it (warnings with ``review=True``)."""
    details = "; ".join(f"{w.code}: {w.message}" for w in warnings if w.review)
    return REASON_UNREADABLE.format(details=details)


# ---------------------------------------------------------------------- worker processes

_WORKER: Scorer | None = None


def _init_worker(
    model_path: str, taxonomy: Any, profiles: tuple[RoleProfile, ...], requirements: tuple[Requirement, ...], max_chars: int
) -> None:
    global _WORKER
    _WORKER = Scorer(model_path, taxonomy=taxonomy, profiles=profiles, requirements=requirements, max_chars=max_chars)


def _worker_score(texts: list[str | ReadResult], batch_size: int) -> list[ScoreResult]:
    assert _WORKER is not None
    return _WORKER._score_batch(texts, batch_size)


# ---------------------------------------------------------------------- module-level API

_DEFAULT: Scorer | None = None


def default_scorer() -> Scorer:
    """The process-wide scorer on the bundled model (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scorer()
    return _DEFAULT


def load(path: str | os.PathLike[str] | None = None, **kwargs: Any) -> Scorer:
    """Load a model directory into a :class:`Scorer` (the bundled model when ``path`` is None).

    Also makes it the scorer that :func:`score` and :func:`score_many` use.

    Raises
    ------
    ModelFileError
        Missing, tampered, incompatible or untrusted model files.
    """
    global _DEFAULT
    _DEFAULT = Scorer(path, **kwargs)
    return _DEFAULT


def _names_a_file(text: str) -> bool:
    """Whether ``text`` is one line naming an existing file: a path passed where the CV's text
    belongs (``rolefit.score("cv.md")``), which would otherwise be scored as a one-line CV."""
    return 0 < len(text) <= 4096 and "\n" not in text and "\r" not in text and os.path.isfile(text)


def score(cv_text: str | ReadResult) -> ScoreResult:
    """Score one CV against every role.

    Parameters
    ----------
    cv_text : str or ReadResult
        The CV as text, or a document as :func:`rolefit.readers.read_document` read it
        (then ``result.warnings`` carries the read warnings, and one with ``review=True``
        makes every label ``review`` with its message in ``reason``). At most
        :data:`rolefit._limits.DEFAULT_MAX_CHARS` characters. A ``str`` is always text,
        never read as a file: to score a file, pass ``rolefit.read_text(path)`` or
        ``read_document(path)``. A path (``os.PathLike``), or a ``str`` that is a single line
        naming an existing file (``"cvs/cv.md"``), is refused (RF106) rather than scored as
        a one-line CV; any other text, a one-line ``"Kubernetes"`` included, is scored.

    Returns
    -------
    ScoreResult
        ``result.roles[role]`` (or ``result[role]``) is a :class:`RoleScore` with a
        calibrated ``probability`` in [0, 1], a ``label`` in {fit, review, no_fit}, the
        profile ``similarity`` in [0, 1], the ``evidence`` mentions (offsets into
        ``cv_text``, end exclusive), ``missing`` profile concepts and a ``reason`` when
        the label is ``review`` because the text cannot be judged.

    Raises
    ------
    InputTypeError
        RF102 if ``cv_text`` is not a ``str`` or ReadResult (bytes: decode them first);
        RF106 if it is a path, or one line naming an existing file.
    InputTooLargeError
        If it is longer than the character cap.
    ModelFileError
        If the bundled model cannot be loaded (first call only).
    """
    return default_scorer().score(cv_text)


def score_many(texts: Iterable[str | ReadResult], *, batch_size: int = 64, n_process: int = 1) -> list[ScoreResult]:
    """Score many CVs; returns ``[score(t) for t in texts]``, except for over-long texts.

    A text longer than the scorer's ``max_chars`` does not stop the others: it gets a
    result whose every role is labelled ``review`` with ``probability`` and ``similarity``
    NaN (not scored -- never a low score) and ``reason`` the RF101 message (its length,
    the cap, and how to raise it), where :func:`score` would raise InputTooLargeError.

    Parameters
    ----------
    texts : iterable of str or ReadResult
    batch_size : int, default 64
        Texts per batch (spaCy ``nlp.pipe`` batch and one estimator call per batch).
    n_process : int, default 1
        Worker processes; each loads the model itself. Results do not depend on it.

    Returns
    -------
    list of ScoreResult
        In input order.

    Raises
    ------
    InputTypeError
        If a text is not a str or ReadResult (RF102), is a path or one line naming an existing
        file (RF106, see :func:`score`), or ``batch_size``/``n_process`` is not a positive int.
    """
    return default_scorer().score_many(texts, batch_size=batch_size, n_process=n_process)
