"""Explanations of a :class:`~rolefit.schema.ScoreResult`: plain text and a standalone HTML page.

Every statement points at evidence in the CV: a quoted surface form exactly as it stands in
the text, its character offsets ``[start, end)`` (Python ``str`` indices into the CV text,
end exclusive) and the CV section it stands in. Nothing here recomputes a score; both
renderings read only what the scorer put into the result, so they are deterministic: the
same result always gives the same text and the same HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rolefit.schema import DECISION_SUPPORT_NOTICE, NOT_FOUND_LABEL, RoleScore, ScoreResult, SkillMention

__all__ = [
    "explain_text", "to_html", "format_probability", "GROUP_COLORS", "NEGATED_COLOR", "NEGATED_SUFFIX",
    "SIMILARITY_MEANING", "GROUP_TERM_NAMES", "REPLACED_PROFILES_NOTE",
]


def format_probability(p: float, digits: int = 2) -> str:
    """``p`` with ``digits`` decimals, never shown as a certainty it is not.

    rolefit's probabilities lie strictly between 0 and 1 (sigmoid calibration), but 0.002
    printed with two decimals reads "0.00", which a recruiter or auditor takes for "certainly
    not". Such values are shown as ``<0.01`` / ``>0.99`` (for ``digits=2``); exact 0 and 1 (and
    anything else) print as they are.

    Parameters
    ----------
    p : float
        A probability in [0, 1].
    digits : int, default 2
        Decimals shown.

    Returns
    -------
    str
        E.g. ``"0.42"``, ``"<0.01"``, ``">0.99"``.
    """
    text = f"{p:.{digits}f}"
    step = 10.0 ** -digits
    if 0.0 < p and float(text) == 0.0:
        return f"<{step:.{digits}f}"
    if p < 1.0 and float(text) == 1.0:
        return f">{1.0 - step:.{digits}f}"
    return text

#: Highlight colour of a mention, by the group of its concept.
GROUP_COLORS: Mapping[str, str] = {
    "technical": "#7aecec",
    "managerial": "#feca74",
    "general": "#bfeeb7",
}
#: Highlight colour of a negated / not-practised mention.
NEGATED_COLOR = "#d0d0d0"
#: Appended to the label of a negated mention.
NEGATED_SUFFIX = " (negated)"
#: What a role's ``similarity`` (:attr:`RoleScore.similarity`) is, said next to the number: the
#: weighted share of the role's profile in use that the CV covers (``{profile}``: "role profile",
#: or "profile from --profiles FILE" when one replaces the trained one). Not a log-odds term, and
#: not the model's ``similarity`` group term (see :data:`GROUP_TERM_NAMES`).
SIMILARITY_MEANING = "weighted share of the {profile} the CV covers, 0-1"
#: How the log-odds group terms (:attr:`RoleScore.group_contributions`) are named in explanations.
#: ``similarity`` is the model's own feature group: the CV's similarity to each role profile the
#: model was trained with, times its learned weights -- not the profile similarity shown above it,
#: and never changed by ``--profiles``. Groups not listed keep their names.
GROUP_TERM_NAMES: Mapping[str, str] = {"similarity": "similarity (model feature, trained profiles)"}
#: Said for a role whose profile in use replaces the one the model was trained with
#: (``{source}``: where it comes from, e.g. ``--profiles profiles.csv``).
REPLACED_PROFILES_NOTE = (
    'The log-odds "similarity" term is the model\'s own feature, measured against the profiles it '
    "was trained with, not the profile from {source}: {source} changes the profile similarity, "
    "evidence order and not-found list, never that term or the probability."
)
#: Spans listed per concept before "and N more".
_SPANS_PER_CONCEPT = 3


#: Decimals a skill's contribution is shown with, everywhere (explanation, HTML page,
#: shortlist, terminal). A log-odds term under 0.005 moves a probability by at most 0.13
#: percentage points (the sigmoid's slope is at most 1/4), which no label can hinge on.
CONTRIBUTION_DIGITS = 2


def format_contribution(value: float) -> str:
    """A skill's contribution as every output shows it: sign and :data:`CONTRIBUTION_DIGITS`
    decimals (``"+0.42"``, ``"-0.10"``)."""
    return f"{value:+.{CONTRIBUTION_DIGITS}f}"


def adds_nothing(value: float | None) -> bool:
    """Whether a found skill's contribution counts as nothing: it does not round to a positive
    number at :data:`CONTRIBUTION_DIGITS` decimals (``+0.002`` does not; ``None``, unknown, is
    not nothing). The one rule behind "Also found, adding nothing to this role" in the
    explanation and the shortlist's and terminal's skill lists."""
    return value is not None and round(value, CONTRIBUTION_DIGITS) <= 0.0


def _similarity(rs: RoleScore, replaced: Mapping[str, str]) -> str:
    """The profile similarity of ``rs`` with what it is (:data:`SIMILARITY_MEANING`)."""
    source = replaced.get(rs.role)
    profile = "role profile" if source is None else f"profile from {source}"
    return f"{rs.similarity:.2f} ({SIMILARITY_MEANING.format(profile=profile)})"


# ---------------------------------------------------------------------- shared helpers


def hashes_wording(result: ScoreResult) -> str:
    """The result's hashes under the names the JSON, batch rows and decision log give them:
    ``text_sha256`` (the scored text) and, when a file was read, ``input_sha256`` (its bytes)."""
    words = f"text_sha256 {result.text_sha256}"
    file_hash = getattr(result, "input_sha256", None)
    return words + (f", input_sha256 {file_hash} (the file's bytes)" if file_hash else "")


def _resolve_taxonomy(taxonomy: Any) -> Any:
    if taxonomy is not None:
        return taxonomy
    from rolefit.taxonomy import default_taxonomy

    return default_taxonomy()


def _concept_label(taxonomy: Any, concept_id: str, fallback: str | None = None) -> str:
    if concept_id in taxonomy:
        return taxonomy[concept_id].label
    return fallback or concept_id


def _concept_group(taxonomy: Any, concept_id: str) -> str:
    return taxonomy[concept_id].group if concept_id in taxonomy else "general"


def _role_label(taxonomy: Any, role: str) -> str:
    profile = taxonomy.profiles.get(role)
    return profile.label if profile is not None else role.replace("_", " ")


def _profile_weight(taxonomy: Any, role: str, concept_id: str) -> float | None:
    profile = taxonomy.profiles.get(role)
    if profile is None:
        return None
    return profile.weights.get(concept_id)


def _quote(surface: str) -> str:
    """The surface form in double quotes, with only quotes, backslashes and control characters escaped."""
    return json.dumps(surface, ensure_ascii=False)


def _span(m: SkillMention) -> str:
    return f"{_quote(m.text)} at [{m.start_char}, {m.end_char}) in {m.section}"


def _contributors(rs: RoleScore, result: ScoreResult) -> list[tuple[str, float | None, list[SkillMention]]]:
    """Concepts that raised the role, strongest first, each with its non-negated mentions.

    Order: concepts with a positive contribution (largest first, as in
    ``rs.contributions``), then the other concepts of ``rs.evidence`` in evidence order.
    Each concept's mentions are all its non-negated mentions (from ``rs.evidence`` and
    ``result.mentions``) by position. A concept without such a mention is left out: no
    claim without a span.
    """
    deltas = dict(rs.contributions)
    order = [c for c, d in rs.contributions if d > 0.0]
    order += [m.concept_id for m in rs.evidence]
    wanted = set(order)
    spans: dict[str, set[SkillMention]] = {}
    for m in (*rs.evidence, *result.mentions):
        if not m.negated and m.concept_id in wanted:
            spans.setdefault(m.concept_id, set()).add(m)
    return [
        (c, deltas.get(c), sorted(spans[c], key=lambda m: (m.start_char, m.end_char)))
        for c in dict.fromkeys(order)
        if c in spans
    ]


# ---------------------------------------------------------------------- plain text


def explain_text(
    result: ScoreResult, *, taxonomy: Any = None, top: int = 5, replaced_profiles: Mapping[str, str] | None = None
) -> str:
    """A plain-text explanation of a score, every claim tied to a span of the CV.

    Parameters
    ----------
    result : ScoreResult
        As returned by :func:`rolefit.score`.
    taxonomy : Taxonomy, optional
        For concept labels, role names and profile weights; the bundled taxonomy by default.
        Concepts it does not know keep the label stored in the mention (or their id).
    top : int, default 5
        At most this many contributing concepts and missing concepts per role.
    replaced_profiles : mapping of str to str, optional
        Role id -> where its profile comes from, for the roles whose profile in ``taxonomy``
        replaces the one the model was trained with (``Scorer(profiles=...)``; the CLI maps
        each role of its ``--profiles`` file to ``"--profiles FILE"``). For those roles the
        explanation names that profile next to the profile similarity and says that the
        log-odds ``similarity`` term is not measured against it (:data:`REPLACED_PROFILES_NOTE`).

    Returns
    -------
    str
        Per role (sorted by role id): the display name, probability (two decimals), label,
        profile similarity with what it is (:data:`SIMILARITY_MEANING`) and the reason when
        the label is ``review``; each required evidence group of the role, met or not, with
        the concepts that meet it; for an additive model the log-odds split into baseline and
        group terms (named as in :data:`GROUP_TERM_NAMES`); the concepts that contributed most,
        each with its contribution (its exact log-odds term, or for other models the
        leave-one-out change in probability) and its mentions as ``"surface" at [start, end)
        in section``; the concepts that lowered it; the most important missing profile
        concepts with their profile weight.
        Then the negated / not-practised mentions that were ignored, with their spans.
        Offsets are ``str`` indices into ``result.text``, end exclusive.

    Examples
    --------
    >>> print(rolefit.explain_text(rolefit.score(cv)))  # doctest: +SKIP
    MLOps engineer (mlops_engineer): probability 0.87, label fit, profile similarity 0.62 (weighted ...)
      Log-odds +1.90 = baseline -3.10 (no evidence) +2.40 concepts +1.50 similarity (model feature, ...
      Contributed most (each skill's exact term in the log-odds; all terms add up):
        - Kubernetes (+1.12): "K8s" at [8, 11) in skills
    """
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        from rolefit.errors import ParameterValueError

        raise ParameterValueError("top", "a non-negative int", top)
    taxonomy = _resolve_taxonomy(taxonomy)
    lines = [
        f"rolefit explanation -- model {result.model_id}, {hashes_wording(result)}",
        "Offsets are character positions [start, end) in the CV text, end exclusive.",
    ]
    replaced = replaced_profiles or {}
    for role in sorted(result.roles):
        rs = result.roles[role]
        lines.append("")
        lines.append(
            f"{_role_label(taxonomy, role)} ({role}): probability {format_probability(rs.probability)}, "
            f"label {rs.label}, profile similarity {_similarity(rs, replaced)}"
        )
        if rs.reason:
            lines.append(f"  Reason for review: {rs.reason}")
        if rs.requirements:
            lines.append("  Requirements (fit needs all of them, from practised mentions):")
            for check in rs.requirements:
                found = ", ".join(_concept_label(taxonomy, c) for c in check.concept_ids)
                lines.append(f"    - {'met' if check.met else 'NOT met'}: {check.label}" + (f" -- {found}" if found else ""))
        contributors = _contributors(rs, result)
        # a concept whose term rounds to +0.00 did not contribute: named apart, not "most"
        idle = [c for c in contributors if adds_nothing(c[1])]
        contributors = [c for c in contributors if c not in idle][:top]
        additive = rs.contribution_unit == "log-odds"
        if additive and rs.group_contributions:
            total = rs.baseline + sum(v for _, v in rs.contributions)
            parts = " ".join(f"{v:+.2f} {GROUP_TERM_NAMES.get(g, g)}" for g, v in rs.group_contributions)
            lines.append(
                f"  Log-odds {total:+.2f} = baseline {rs.baseline:+.2f} (no evidence) {parts}; "
                f"probability = 1 / (1 + exp({-total:+.2f}))"
            )
            if role in replaced:
                lines.append("  " + REPLACED_PROFILES_NOTE.format(source=replaced[role]))
        if contributors:
            lines.append(
                "  Contributed most (each skill's exact term in the log-odds; all terms add up):"
                if additive
                else "  Contributed most (leave-one-out change in probability):"
            )
            for cid, delta, spans in contributors:
                fallback = spans[0].label
                change = f" ({format_contribution(delta)})" if delta is not None else ""
                shown = "; ".join(_span(m) for m in spans[:_SPANS_PER_CONCEPT])
                more = len(spans) - _SPANS_PER_CONCEPT
                if more > 0:
                    shown += f"; and {more} more"
                lines.append(f"    - {_concept_label(taxonomy, cid, fallback)}{change}: {shown}")
        else:
            lines.append("  Contributed most: no skill mention raised this role.")
        if idle:
            names = ", ".join(_concept_label(taxonomy, cid, spans[0].label) for cid, _, spans in idle[:top])
            lines.append(f"  Also found, adding nothing to this role: {names}.")
        lowered = [(c, d) for c, d in rs.contributions if d < 0.0][-top:][::-1]
        if lowered:
            lines.append("  Lowered it (skills that point to another kind of role):")
            for cid, delta in lowered:
                spans = [m for m in result.mentions if m.concept_id == cid and not m.negated]
                if not spans:
                    continue
                shown = "; ".join(_span(m) for m in spans[:_SPANS_PER_CONCEPT])
                lines.append(f"    - {_concept_label(taxonomy, cid, spans[0].label)} ({format_contribution(delta)}): {shown}")
        missing = list(rs.missing)[:top]
        if missing:
            lines.append(f"  {NOT_FOUND_LABEL} (profile weight):")
            for cid in missing:
                w = _profile_weight(taxonomy, role, cid)
                weight = f"{w:.2f}" if w is not None else "weight unknown"
                lines.append(f"    - {_concept_label(taxonomy, cid)} ({weight})")
    negated = [m for m in result.mentions if m.negated]
    lines.append("")
    if negated:
        lines.append("Ignored mentions (negated/not practised; they count for no role):")
        for m in negated:
            lines.append(f"  - {_concept_label(taxonomy, m.concept_id, m.label)}: {_span(m)}")
    else:
        lines.append("Ignored mentions (negated/not practised): none.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- HTML

_WS_RE = re.compile(r"\s+")
_BREAK = "\ue000"  # private-use character standing for a line break in displaCy tokens


def _tokens(text: str, mentions: Sequence[SkillMention]) -> tuple[list[str], list[dict[str, Any]]]:
    """displaCy tokens covering ``text`` and the token spans of ``mentions``.

    Each mention becomes exactly one token (so its surface form is rendered contiguously);
    text between mentions is split at whitespace, and every run of whitespace containing
    line breaks becomes one :data:`_BREAK` token per break. Overlapping mentions (not
    produced by rolefit's extractor) keep the first, longest one.
    """
    chosen: list[SkillMention] = []
    end = 0
    for m in sorted(mentions, key=lambda m: (m.start_char, -m.end_char, m.concept_id)):
        if m.start_char >= end and 0 <= m.start_char < m.end_char <= len(text):
            chosen.append(m)
            end = m.end_char
    tokens: list[str] = []
    spans: list[dict[str, Any]] = []

    def plain(segment: str) -> None:
        pos = 0
        for ws in _WS_RE.finditer(segment):
            if ws.start() > pos:
                tokens.append(segment[pos : ws.start()].replace(_BREAK, "\ufffd"))
            tokens.extend([_BREAK] * ws.group().count("\n"))
            pos = ws.end()
        if pos < len(segment):
            tokens.append(segment[pos:].replace(_BREAK, "\ufffd"))

    pos = 0
    for m in chosen:
        plain(text[pos : m.start_char])
        spans.append({"start_token": len(tokens), "end_token": len(tokens) + 1, "mention": m})
        tokens.append(text[m.start_char : m.end_char].replace(_BREAK, "\ufffd"))
        pos = m.end_char
    plain(text[pos:])
    return tokens, spans


def _mention_label(taxonomy: Any, m: SkillMention) -> str:
    label = _concept_label(taxonomy, m.concept_id, m.label)
    return label + NEGATED_SUFFIX if m.negated else label


#: The notice on the single-CV page (the shortlist's says what to check in a batch).
_NOTICE = DECISION_SUPPORT_NOTICE + " Nobody may be rejected because of this page: read the CV."

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}
table.roles {{ border-collapse: collapse; margin-bottom: 1.5em; }}
table.roles th, table.roles td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; font-size: 0.9em; }}
table.roles th {{ background: #f3f3f3; }}
.legend span {{ display: inline-block; padding: 0 0.5em; margin-right: 0.5em; border-radius: 3px; }}
.meta {{ color: #666; font-size: 0.8em; }}
.cv {{ border-top: 1px solid #ddd; margin-top: 1em; }}
.notice {{ background: #fff4d6; border: 1px solid #e0c060; padding: 0.5em 0.8em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="notice"><strong>{notice_head}.</strong> {notice_rest}</p>
<p class="meta">Model {model_id}; {sha}. Offsets are character positions [start, end) in the CV text.</p>
{table}
<p class="legend">{legend}</p>
<div class="cv">
{body}
</div>
</body>
</html>
"""


def _role_table(result: ScoreResult, taxonomy: Any, replaced: Mapping[str, str]) -> str:
    e = html.escape
    head = (
        "<tr><th>Role</th><th>Probability</th><th>Label</th><th>Profile similarity</th><th>Reason</th>"
        f"<th>Top evidence (contribution)</th><th>Log-odds terms</th><th>{e(NOT_FOUND_LABEL)}</th></tr>"
    )
    rows = [head]
    for role in sorted(result.roles):
        rs = result.roles[role]
        unit = "log-odds" if rs.contribution_unit == "log-odds" else "change in probability"
        contributors = _contributors(rs, result)
        idle = [c for c in contributors if adds_nothing(c[1])]
        evidence = "<br>".join(
            f"{e(_concept_label(taxonomy, cid, spans[0].label))}: {e(_quote(spans[0].text))} "
            f"[{spans[0].start_char}, {spans[0].end_char})"
            + (f" ({format_contribution(delta)} {unit})" if delta is not None else "")
            for cid, delta, spans in [c for c in contributors if c not in idle][:5]
        )
        if idle:  # as the text explanation words it
            names = ", ".join(_concept_label(taxonomy, cid, spans[0].label) for cid, _, spans in idle[:5])
            evidence += ("<br>" if evidence else "") + e(f"Also found, adding nothing to this role: {names}.")
        terms = ""
        if rs.group_contributions:
            terms = f"baseline {rs.baseline:+.2f}<br>" + "<br>".join(
                f"{e(GROUP_TERM_NAMES.get(g, g))} {v:+.2f}" for g, v in rs.group_contributions
            )
            if role in replaced:
                terms += "<br>" + e(REPLACED_PROFILES_NOTE.format(source=replaced[role]))
        missing = "<br>".join(
            e(_concept_label(taxonomy, cid))
            + (f" ({w:.2f})" if (w := _profile_weight(taxonomy, role, cid)) is not None else "")
            for cid in list(rs.missing)[:5]
        )
        rows.append(
            "<tr>"
            f"<td>{e(_role_label(taxonomy, role))}</td>"
            f"<td>{e(format_probability(rs.probability))}</td>"
            f"<td>{e(rs.label)}</td>"
            f"<td>{e(_similarity(rs, replaced))}</td>"
            f"<td>{e(rs.reason or '')}</td>"
            f"<td>{evidence}</td>"
            f"<td>{terms}</td>"
            f"<td>{missing}</td>"
            "</tr>"
        )
    return '<table class="roles">\n' + "\n".join(rows) + "\n</table>"


def to_html(result: ScoreResult, *, taxonomy: Any = None, replaced_profiles: Mapping[str, str] | None = None) -> str:
    """A standalone HTML page: the CV text with skill mentions highlighted, and the role scores.

    Mentions are rendered with spaCy's displaCy ``span`` style (manual mode), labelled with the
    concept label, ``" (negated)"`` appended for negated / not-practised mentions, and coloured
    by concept group (:data:`GROUP_COLORS`; negated ones :data:`NEGATED_COLOR`). A table gives
    each role's probability, label, profile similarity (headed with what it is:
    :data:`SIMILARITY_MEANING`), reason, top evidence (surface form, offsets and contribution),
    the log-odds split into baseline and group terms (named as in :data:`GROUP_TERM_NAMES`), and
    missing concepts (with profile weight).

    Parameters
    ----------
    result : ScoreResult
        As returned by :func:`rolefit.score`; ``result.text`` is rendered.
    taxonomy : Taxonomy, optional
        For labels, groups and weights; the bundled taxonomy by default.
    replaced_profiles : mapping of str to str, optional
        As for :func:`explain_text`: the similarity cell of such a role names its profile, and
        its log-odds cell says the ``similarity`` term is not measured against it.

    Returns
    -------
    str
        A complete UTF-8 HTML document. All text from the CV and the taxonomy is escaped, so a
        CV containing markup (``<script>``...) cannot inject it. Line breaks of the CV are kept
        as ``<br>``; other whitespace runs are shown as one space. Deterministic.

    Raises
    ------
    InputTypeError
        If a mention does not index ``result.text`` (RF409), e.g. for a result rebuilt
        without its text.
    """
    from spacy import displacy

    text = result.text
    for m in result.mentions:
        if text[m.start_char : m.end_char] != m.text or not 0 <= m.start_char < m.end_char:
            from rolefit.errors import Errors, InputTypeError

            raise InputTypeError(
                Errors.RF409.format(
                    surface=m.text, start=m.start_char, end=m.end_char, found=text[m.start_char : m.end_char]
                )
            )
    taxonomy = _resolve_taxonomy(taxonomy)
    tokens, spans = _tokens(text, result.mentions)
    colors: dict[str, str] = {}
    manual_spans = []
    for s in spans:
        m: SkillMention = s["mention"]
        label = html.escape(_mention_label(taxonomy, m))  # displaCy inserts labels unescaped
        colors[label] = NEGATED_COLOR if m.negated else GROUP_COLORS.get(_concept_group(taxonomy, m.concept_id), "#ddd")
        manual_spans.append({"start_token": s["start_token"], "end_token": s["end_token"], "label": label})
    doc = {"text": text, "tokens": tokens, "spans": manual_spans}
    body = displacy.render(doc, style="span", manual=True, page=False, jupyter=False, options={"colors": colors})
    body = body.replace(_BREAK + " ", "<br>\n").replace(_BREAK, "<br>\n")
    legend = "".join(
        f'<span style="background: {c}">{html.escape(g)}</span>' for g, c in GROUP_COLORS.items()
    ) + f'<span style="background: {NEGATED_COLOR}">negated / not practised</span>'
    return _PAGE.format(
        title="rolefit: CV skill mentions and role scores",
        notice_head=html.escape(_NOTICE.split(". ", 1)[0]),
        notice_rest=html.escape(_NOTICE.split(". ", 1)[1]),
        model_id=html.escape(result.model_id),
        sha=html.escape(hashes_wording(result)),
        table=_role_table(result, taxonomy, replaced_profiles or {}),
        legend=legend,
        body=body,
    )
