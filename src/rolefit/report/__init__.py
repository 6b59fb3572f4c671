"""A recruiter's shortlist: one self-contained HTML page per batch, and the batch's terminal summary.

:func:`write_report` turns the rows of a :func:`rolefit.batch.run_batch` journal into one
HTML file that opens offline (inline CSS and SVG plots, no network): per role the scored
CVs ranked by probability with label, probability bar, the top contributing skills quoted
from the CV, and the role's required skills met and not found; a review queue with the
reason for every ``review``; a table of the files that could not be read, with their
codes and what to do; the model id with a summary of its model card; and the notice that
the page is decision support and a person decides.

:func:`render_summary` prints a batch's summary for an 80-column terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rolefit._io import check_not_text
from rolefit.errors import Errors, ReportError, shown_path
from rolefit.report._data import (
    MISSING_MIN_WEIGHT,
    ModelFacts,
    candidate,
    check_model,
    check_row,
    rank,
    read_rows,
    roles_of,
)
from rolefit.report._html import NOTICE, render_page
from rolefit.report._terminal import render_summary
from rolefit.schema import NOT_FOUND_LABEL

__all__ = ["write_report", "read_rows", "render_summary", "ModelFacts", "NOTICE"]


def write_report(
    rows: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    model: Any = None,
    taxonomy: Any = None,
    title: str = "rolefit shortlist",
) -> Path:
    """Write the shortlist HTML page for a batch.

    Parameters
    ----------
    rows : iterable of dict, or path
        Batch rows (``BatchSummary.rows``) or the batch's JSON-lines journal (for a CSV or
        Parquet output, the ``<output>.jsonl`` beside it is read).
    output : path
        The HTML file to write (UTF-8); missing folders are created.
    model : ModelFacts, TrainedModel, Scorer, path or None
        The model that scored the rows: its thresholds, review band, held-out metrics and
        card go on the page. A path is a model directory; None means the bundled model.
        ``False`` leaves the model section to the model ids found in the rows.
    taxonomy : Taxonomy, optional
        For skill labels and the role profiles (default: the scorer's when ``model`` is a
        :class:`~rolefit.Scorer`, else the bundled taxonomy).
    title : str
        The page title.

    Returns
    -------
    Path
        ``output``.

    Raises
    ------
    ReportError
        RF621 for a missing file or one that is not a journal, RF622 for a damaged journal,
        RF626 for a journal without rows, RF623 when the rows were scored by another
        model than ``model``, RF624 when ``output`` cannot be written.
    ModelFileError
        If the model directory cannot be loaded.

    Notes
    -----
    Every input row appears exactly once per role: ranked when it was scored, in the error
    table when it could not be read. Ranking: rows that say the CV meets every required
    group of the role (``requirements`` in the row's detail) first, then the rest, each by
    decreasing probability, ties by path. Without requirement data, the role's key profile
    skills (weight >= :data:`rolefit.scorer.MISSING_MIN_WEIGHT`) stand in for "required
    skills" and do not change the order.
    """
    from rolefit.taxonomy import default_taxonomy

    check_not_text(output, "the report to write")
    if isinstance(rows, (str, os.PathLike)):
        check_not_text(rows, "the batch journal")
        rows = read_rows(rows)
    else:
        rows = [check_row(r, "<rows>", i) for i, r in enumerate(rows, start=1)]
    facts = _facts(model)
    if taxonomy is None:
        taxonomy = getattr(model, "taxonomy", None) or default_taxonomy()
    if facts is not None:
        check_model([r for r in rows if r.get("status") == "ok"], facts)
    roles = roles_of(rows)
    role_labels = {r: (taxonomy.profiles[r].label if r in taxonomy.profiles else r.replace("_", " ")) for r in roles}
    ok = [r for r in rows if r.get("status") == "ok"]
    errors = [r for r in rows if r.get("status") != "ok"]
    ranked = {role: rank(candidate(r, role, taxonomy) for r in ok) for role in roles}
    by_path: dict[str, list[tuple[str, Any]]] = {}
    for role in roles:
        for c in ranked[role]:
            if c.label == "review":
                by_path.setdefault(c.path, []).append((role, c))
    queue = sorted(by_path.items())
    with_requirements = any(c.meets_requirements is not None for cs in ranked.values() for c in cs)
    page = render_page(
        title=title,
        roles=roles,
        role_labels=role_labels,
        ranked=ranked,
        queue=queue,
        errors=errors,
        facts=facts,
        model_ids=sorted({str(r["model_id"]) for r in rows if r.get("model_id")}),
        n_inputs=len(rows),
        requirements_basis="required skill group" if with_requirements else (
            f"key profile skill (profile weight \u2265 {MISSING_MIN_WEIGHT:g}: the skills rolefit lists as "
            f"\u201c{NOT_FOUND_LABEL}\u201d when it does not find them)"
        ),
    )
    out = Path(output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # as every output of the CLI: its folders are made
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ReportError(Errors.RF624.format(path=shown_path(out), problem=exc.strerror or type(exc).__name__)) from None
    return out


def _facts(model: Any) -> ModelFacts | None:
    """Model facts from whatever the caller has at hand (see :func:`write_report`)."""
    if model is False:
        return None
    if isinstance(model, ModelFacts):
        return model
    if hasattr(model, "model") and hasattr(model, "model_path"):  # a Scorer
        return ModelFacts.from_model(model.model, model.model_path)
    if hasattr(model, "thresholds"):  # a TrainedModel
        return ModelFacts.from_model(model)
    from rolefit.artifacts import default_model_path, load_model

    path = Path(model) if model is not None else default_model_path()
    return ModelFacts.from_model(load_model(path), path)
