"""The shortlist page: one self-contained HTML document (inline CSS, SVG plots, a tiny script).

Everything that comes from a CV or a file name passes through :func:`_e` (``html.escape``
with quotes), so a CV containing markup renders as text. The page references nothing
outside itself (no link, font, image or script from the network) and reads fully with
scripts disabled: the script only adds a filter box and label toggles above each ranking.
The only CV text on the page is the evidence snippets; no other column of a row is shown
besides the file name, which identifies the candidate.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rolefit._io import REPORT_MARKER
from rolefit.explain import adds_nothing, format_contribution, format_probability
from rolefit.report._data import Candidate, ModelFacts, Quote, Skill, error_message
from rolefit.report._plots import GRID_CANDIDATES, GRID_REQUIREMENTS, LABEL_COLORS, coverage_svg, distribution_svg
from rolefit.report._style import CSS, SCRIPT
from rolefit.schema import DECISION_SUPPORT_NOTICE, NOT_FOUND_LABEL

#: The notice every page carries (EU AI Act Annex III: screening CVs is high-risk AI).
NOTICE = DECISION_SUPPORT_NOTICE + (
    " Nobody may be rejected because of this page: read the CVs, and check every CV in the review queue and "
    "every file that could not be read."
)
#: Model-card sections summarised on the page (the full card follows, folded).
CARD_SECTIONS = ("Intended use", "Out of scope", "Training data and its limits")
#: Requirements named per candidate (met, and missing) before "+N more"; the rest fold away.
REQ_SHOWN = 6

def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower())


def _label(label: str) -> str:
    return f'<span class="lab {_e(label)}">{_e(label.replace("_", " "))}</span>'


def _bar(p: float | None, threshold: float | None, band: float | None, ece: float | None) -> str:
    if p is None:
        return ""
    parts = []
    if threshold is not None and band is not None:
        lo, hi = max(threshold - band, 0.0), min(threshold + band, 1.0)
        parts.append(f'<span class="band" style="left:{lo:.1%};width:{hi - lo:.1%}"></span>')
    parts.append(f'<span class="fill" style="width:{p:.1%}"></span>')
    if ece is not None:
        lo, hi = max(p - ece, 0.0), min(p + ece, 1.0)
        parts.append(f'<span class="ci" style="left:{lo:.1%};width:{hi - lo:.1%}"></span>')
    if threshold is not None:
        parts.append(f'<span class="thr" style="left:{threshold:.1%}"></span>')
    return f'<div class="bar" aria-hidden="true">{"".join(parts)}</div>'


def _quote(q: Quote) -> str:
    """The snippet as a ``<q>`` with the mention marked; its text content is exactly the snippet."""
    a, b = q.start_char - q.snippet_start, q.end_char - q.snippet_start
    if not (0 <= a <= b <= len(q.snippet)):
        a = b = 0
    body = f"{_e(q.snippet[:a])}<mark>{_e(q.snippet[a:b])}</mark>{_e(q.snippet[b:])}" if b > a else _e(q.snippet)
    return (
        f'<q class="snippet" data-start="{q.snippet_start}" data-mention-start="{q.start_char}" '
        f'data-mention-end="{q.end_char}" title="{_e(q.section)} section">{body}</q>'
    )


def _p_relation(shown: str) -> str:
    """``"= 0.420"``, or ``"> 0.999"`` for a probability shown as a bound (it read "p = >0.999")."""
    return f"{shown[0]} {shown[1:]}" if shown.startswith(("<", ">")) else f"= {shown}"


def _skill(s: Skill, unit: str | None) -> str:
    where = f"in {unit}" if unit else "as the row records it"
    if s.contribution is None:
        contrib = ""
    else:  # one rule and one precision with the explanation (rolefit.explain.adds_nothing)
        shown = "adds nothing" if adds_nothing(s.contribution) else format_contribution(s.contribution)
        contrib = (f' <span class="muted" title="contribution to the role\'s score, {_e(where)}">'
                   f"{_e(shown)}</span>")
    quote = f" {_quote(s.quote)}" if s.quote is not None else ""
    return f"<li><strong>{_e(s.label)}</strong>{contrib}{quote}</li>"


def _names(reqs: Sequence[Any], limit: int) -> str:
    """``name (met by), ...`` for at most ``limit`` requirements, then ``+N more``."""

    def one(r: Any) -> str:
        by = f" ({', '.join(r.met_by)})" if r.met_by and r.met_by != r.concepts else ""
        return r.name + by

    shown = ", ".join(one(r) for r in reqs[:limit])
    return _e(shown) + (f" <span class=\"muted\">+{len(reqs) - limit} more</span>" if len(reqs) > limit else "")


def _requirements(c: Candidate) -> str:
    if not c.requirements:
        return '<span class="muted">not recorded in this row</span>'
    met = [r for r in c.requirements if r.met]
    miss = [r for r in c.requirements if not r.met]
    head = f"{len(met)} of {len(c.requirements)} met"
    if c.meets_requirements is not None:
        head = ("meets the role's requirements: " if c.meets_requirements else "does not meet the requirements: ") + head
    parts = [f"<div>{_e(head)}</div>"]
    if met:
        parts.append(f'<div class="met">\u2713 {_names(met, REQ_SHOWN)}</div>')
    if miss:
        parts.append(f'<div class="miss">\u2717 {_e(NOT_FOUND_LABEL)}: {_names(miss, REQ_SHOWN)}</div>')
    if len(met) > REQ_SHOWN or len(miss) > REQ_SHOWN:
        parts.append(
            f'<details><summary>all</summary><div class="met">\u2713 {_names(met, len(met))}</div>'
            f'<div class="miss">\u2717 {_e(NOT_FOUND_LABEL)}: {_names(miss, len(miss))}</div></details>'
        )
    return "".join(parts)


def review_reason(c: Candidate, threshold: float | None, band: float | None) -> str:
    """Why ``c`` is labelled review: the row's reason, else the review-band rule."""
    if c.reason:
        return c.reason
    if c.probability is not None and threshold is not None and band is not None:
        return (
            f"the probability {c.probability:.2f} is within \u00b1{band:.2f} of the threshold {threshold:.2f}: "
            "too close to call, a person should read the CV"
        )
    return "labelled review by the scorer; a person should read the CV"


def _ranking(role: str, cands: Sequence[Candidate], facts: ModelFacts | None) -> str:
    t = facts.thresholds.get(role) if facts else None
    band = facts.review_band if facts else None
    ece = facts.holdout(role, "ece")[0] if facts else None
    grouped = any(c.meets_requirements is not None for c in cands)
    rows = []
    for i, c in enumerate(cands, start=1):
        notes = []
        if c.label == "review":
            notes.append(f'<div class="reason">review: {_e(review_reason(c, t, band))}</div>')
        elif c.reason:
            notes.append(f'<div class="reason">{_e(c.reason)}</div>')
        notes += [f'<div class="warn">\u26a0 {_e(w)}</div>' for w in c.warnings]
        skills = (
            f'<ul class="skills">{"".join(_skill(s, c.contribution_unit) for s in c.skills)}</ul>' if c.skills
            else '<span class="muted">no skill raised this role</span>'
        )
        if not c.has_detail:
            skills += '<div class="muted">no quotes: this row was written by an older rolefit</div>'
        p = "" if c.probability is None else repr(float(c.probability))  # exact sort key for the script (.3f tied 0.9996 and 0.9999 at "1.000")
        shown = "" if c.probability is None else _e(format_probability(c.probability, 3))
        rows.append(
            f'<tr data-path="{_e(c.path)}" data-role="{_e(role)}" data-label="{_e(c.label)}" '
            f'data-probability="{p}" data-meets="{"" if c.meets_requirements is None else int(c.meets_requirements)}">'
            f'<td class="num">{i}</td><td class="file">{_e(c.path)}{"".join(notes)}</td>'
            f'<td>{_label(c.label)}</td><td class="num">{shown}{_bar(c.probability, t, band, ece)}</td>'
            f"<td>{skills}</td><td>{_requirements(c)}</td></tr>"
        )
    return (
        f'<table class="ranking" id="ranking-{_slug(role)}"><thead><tr><th>#</th><th>CV file</th><th>label</th>'
        "<th>probability</th><th>top contributing skills, quoted from the CV</th>"
        f"<th>{'required skill groups' if grouped else 'key profile skills'}</th></tr>"
        f'</thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _unit_text(cands: Sequence[Candidate]) -> str:
    """How the rows' contributions are measured, e.g. " (in log-odds: the terms add up ...)"."""
    units = sorted({c.contribution_unit for c in cands if c.contribution_unit})
    if units == ["log-odds"]:
        return " in log-odds (exact additive terms: with the model's baseline they sum to the role's log-odds)"
    if units == ["probability"]:
        return " in probability: how much it drops when the skill is left out (these do not add up)"
    return f" ({', '.join(units)})" if units else ", as the scorer recorded it"


def _role_section(
    role: str, role_label: str, cands: Sequence[Candidate], facts: ModelFacts | None, requirements_basis: str
) -> str:
    t = facts.thresholds.get(role) if facts else None
    band = facts.review_band if facts else None
    ece = facts.holdout(role, "ece") if facts else (None, None)
    grouped = any(c.meets_requirements is not None for c in cands)
    order = (
        "Candidates who meet the role's required skills come first, then the rest; within each group by "
        "decreasing probability (ties by file name)."
        if grouped else "Ranked by decreasing probability (ties by file name)."
    ) + (
        " Skills are listed strongest first; the signed number after a skill is its contribution to the "
        f"role's score{_unit_text(cands)} (omitted when zero)."
    )
    rule = ""
    if t is not None and band is not None:
        rule = (
            f" Threshold {t:.2f}; review band \u00b1{band:.2f} (shaded): fit at p \u2265 {min(t + band, 1):.2f}, "
            f"no fit below {max(t - band, 0):.2f}, review in between."
        )
    calib = ""
    if ece[0] is not None:
        calib = (
            f" The faint line around each probability spans \u00b1{ece[0]:.3f}, this model's expected calibration "
            "error for the role on held-out CVs (an average, not an interval for one CV)."
        )
    dist = distribution_svg(cands, threshold=t, band=band, title=f"{role_label}: distribution of probabilities",
                            prefix=f"dist-{_slug(role)}")
    grid = coverage_svg(cands, title=f"{role_label}: required skills of the top candidates",
                        prefix=f"grid-{_slug(role)}")
    grid_html = (
        f"<figure>{grid}<figcaption>Top {min(len(cands), GRID_CANDIDATES)} candidates (in ranking order) by "
        f"{_e(requirements_basis)} (at most {GRID_REQUIREMENTS}, in profile order); a filled cell means the CV "
        "shows practised evidence of it.</figcaption></figure>"
        if grid else ""
    )
    counts = ", ".join(f"{sum(c.label == lab for c in cands)} {lab.replace('_', ' ')}" for lab in LABEL_COLORS)
    return (
        f'<section class="role" id="role-{_slug(role)}"><h2>{_e(role_label)}</h2><p>{_e(counts)}.</p>'
        f'<p class="muted">{_e(order + rule + calib)}</p>'
        f"<figure>{dist}<figcaption>Probabilities of the {len(cands)} scored CVs, stacked by label; dashed line: "
        "threshold; shaded: review band.</figcaption></figure>"
        f"{_ranking(role, cands, facts) if cands else '<p>No CV could be scored: see the files below.</p>'}"
        f"{grid_html}</section>"
    )


def _review_queue(queue: Sequence[tuple[str, list[tuple[str, Candidate]]]], role_labels: Mapping[str, str],
                  facts: ModelFacts | None) -> str:
    if not queue:
        body = '<p class="muted">No scored CV is labelled review.</p>'
    else:
        rows = []
        for path, items in queue:
            cells = []
            for role, c in items:
                t = facts.thresholds.get(role) if facts else None
                band = facts.review_band if facts else None
                p = "" if c.probability is None else f" (p {_e(_p_relation(format_probability(c.probability, 3)))})"
                cells.append(f"<li><strong>{_e(role_labels.get(role, role))}</strong>{p}: "
                             f"{_e(review_reason(c, t, band))}</li>")
            rows.append(f'<tr data-path="{_e(path)}"><td class="file">{_e(path)}</td><td><ul class="req">'
                        f'{"".join(cells)}</ul></td></tr>')
        body = (f'<table class="queue"><thead><tr><th>CV file</th><th>roles to review, and why</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')
    return (f'<section id="review"><h2>Review queue ({len(queue)})</h2><p class="muted">Every scored CV with a '
            f'<em>review</em> label for any role. A person reads these; none is a rejection. Files that could '
            f'not be read are labelled review too and are listed in the next table.</p>{body}</section>')


def _errors(errors: Sequence[Mapping[str, Any]]) -> str:
    if not errors:
        body = '<p class="muted">Every file could be read.</p>'
    else:
        rows = [
            f'<tr data-path="{_e(r["path"])}"><td class="file">{_e(r["path"])}</td><td><code>{_e(r.get("error_code"))}'
            f'</code></td><td>{_e(error_message(r))}</td></tr>'
            for r in errors
        ]
        body = (f'<table class="errors"><thead><tr><th>file</th><th>code</th><th>what happened and what to do</th>'
                f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return (f'<section id="errors"><h2>Files that could not be read ({len(errors)})</h2><p class="muted">These '
            f"files have no score (never a low one): a person should open each one.</p>{body}</section>")


def _card_summary(card: str) -> str:
    """The :data:`CARD_SECTIONS` of a Markdown model card as escaped paragraphs and lists."""
    out = []
    for block in re.split(r"^## ", card, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        if title.strip() not in CARD_SECTIONS:
            continue
        out.append(f"<h3>{_e(title.strip())}</h3>")
        items, para = [], []
        for line in body.splitlines() + [""]:
            s = line.strip()
            if s.startswith("- "):
                items.append(s[2:])
            elif s and items and line.startswith("  "):
                items[-1] += " " + s
            elif s:
                para.append(s)
            if (not s or s.startswith("- ")) and para:
                out.append(f"<p>{_e(' '.join(para))}</p>")
                para = []
            if not s and items:
                out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
                items = []
    return "".join(out).replace("`", "").replace("**", "")


def _model(facts: ModelFacts | None, roles: Sequence[str], role_labels: Mapping[str, str], model_ids: Sequence[str]) -> str:
    if facts is None:
        ids = ", ".join(model_ids) or "unknown"
        return (f'<section id="model"><h2>Model</h2><p>Model id: <code>{_e(ids)}</code>. The model directory was '
                "not available when this page was made, so its card is not summarised here.</p></section>")
    rows = []
    for role in roles:
        auc, auc_ci = facts.holdout(role, "roc_auc")
        ece, ece_ci = facts.holdout(role, "ece")

        def fmt(v: float | None, ci: tuple[float, float] | None) -> str:
            if v is None:
                return "n/a"
            return f"{v:.3f}" + (f" ({ci[0]:.3f}\u2013{ci[1]:.3f})" if ci else "")

        t = facts.thresholds.get(role)
        rows.append(f"<tr><td>{_e(role_labels.get(role, role))}</td><td class=num>{'' if t is None else f'{t:.3f}'}</td>"
                    f"<td class=num>{fmt(auc, auc_ci)}</td><td class=num>{fmt(ece, ece_ci)}</td></tr>")
    card = ""
    if facts.card_path is not None:
        text = facts.card_path.read_text(encoding="utf-8")
        card = (f"{_card_summary(text)}<details><summary>Full model card</summary>"
                f'<pre class="card">{_e(text)}</pre></details>')
    else:
        card = '<p class="muted">No model card file was found beside the model.</p>'
    return (
        f'<section id="model"><h2>Model</h2><p>Model id: <code>{_e(facts.model_id)}</code>; review band '
        f"\u00b1{facts.review_band:.2f}. A probability is the model's calibrated estimate that the CV matches the "
        "role as its training labels define it (see the model card): a ranking aid, not a measure of a person.</p>"
        '<table class="metrics"><thead><tr><th>role</th><th>threshold</th><th>held-out ROC-AUC (95% CI)</th>'
        f'<th>held-out ECE (95% CI)</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{card}</section>'
    )


def render_page(
    *,
    title: str,
    roles: Sequence[str],
    role_labels: Mapping[str, str],
    ranked: Mapping[str, Sequence[Candidate]],
    queue: Sequence[tuple[str, list[tuple[str, Candidate]]]],
    errors: Sequence[Mapping[str, Any]],
    facts: ModelFacts | None,
    model_ids: Sequence[str],
    n_inputs: int,
    requirements_basis: str,
) -> str:
    """The whole page as a string (see :func:`rolefit.report.write_report`)."""
    n_ok = n_inputs - len(errors)
    nav = "".join(f'<a href="#role-{_slug(r)}">{_e(role_labels.get(r, r))}</a>' for r in roles)
    nav += f'<a href="#review">Review queue ({len(queue)})</a><a href="#errors">Unreadable files ({len(errors)})</a>'
    nav += '<a href="#model">Model</a>'
    sections = "".join(
        _role_section(r, role_labels.get(r, r), ranked[r], facts, requirements_basis) for r in roles
    )
    ids = facts.model_id if facts else (", ".join(model_ids) or "unknown")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{REPORT_MARKER}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="notice" id="notice"><strong>{_e(NOTICE.split(". ", 1)[0])}.</strong> {_e(NOTICE.split(". ", 1)[1])}</p>'
        f"<p>{n_inputs} files: {n_ok} scored, {len(queue)} of them to review for at least one role, "
        f"{len(errors)} could not be read. Model <code>{_e(ids)}</code>. The page shows file names and short quotes "
        "around each skill found; no other CV text.</p>"
        f"<nav>{nav}</nav></header><main>{sections}{_review_queue(queue, role_labels, facts)}{_errors(errors)}"
        f"{_model(facts, roles, role_labels, model_ids)}</main><script>{SCRIPT}</script></body></html>\n"
    )
