"""The batch's terminal summary, readable in an 80-column terminal.

Skills are named, never given as offsets; long lists are cut with a count
("Kubernetes, Docker, Terraform +4"); error rows show their code and what to do.
"""

from __future__ import annotations

import re
from typing import Any

from rolefit.explain import adds_nothing, format_probability
from rolefit.labels import reason_headline
from rolefit.report._data import candidate, error_message, role_reason

#: Skill names shown per file before "+N".
TERMINAL_SKILLS = 3

#: Fewest characters of a file name the table shows; wider terminals show more (:func:`_file_width`).
FILE_WIDTH = 24
#: Columns the table needs beside the file names: a 12-column cell per role, the skills
#: column's narrowest useful width and the gaps between columns.
_ROLE_CELL, _SKILLS_MIN, _GAPS = 12, 24, 6

_CODE_PREFIX = re.compile(r"^\[RF\d+\]\s*")


def _cut(text: str, head: int, width: int) -> str:
    """``text`` in ``width`` characters: its first ``head`` and its last characters around "…"."""
    if len(text) <= width:
        return text
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]


def distinct_cuts(names: list[str], width: int) -> dict[str, str]:
    """Each name as shown in ``width`` characters, names that differ never shown alike.

    A name that fits is shown whole; longer ones are cut once, keeping a start and an end
    around "…". The cut starts in the middle and moves (the same for every name) until the cut
    names are distinct: ``cv_mueller_anna_2026_final.txt`` and ``cv_mueller_hans_2026_final.txt``
    become ``cv_mueller_a…6_final.txt`` and ``cv_mueller_h…6_final.txt`` rather than one
    ``cv_mueller_…26_final.txt`` twice. When no cut of ``width`` keeps them apart, the width grows
    until one does (at most to the longest name, which shows every name whole).

    Examples
    --------
    >>> sorted(distinct_cuts(["cv_mueller_anna_2026_final.txt", "cv_mueller_hans_2026_final.txt"], 24).values())
    ['cv_mueller_a…6_final.txt', 'cv_mueller_h…6_final.txt']
    """
    unique = list(dict.fromkeys(names))
    longest = max(map(len, unique), default=0)
    for w in range(max(width, 3), longest + 1):
        middle = (w - 1) // 2
        # heads tried from the middle outwards: the first that keeps every name apart
        for head in sorted(range(1, w - 1), key=lambda h: (abs(h - middle), h)):
            shown = {name: _cut(name, head, w) for name in unique}
            if len(set(shown.values())) == len(unique):
                return shown
    return {name: name for name in unique}


def _file_width(console: Any, n_roles: int) -> int:
    """The file column's width: what the terminal leaves beside the other columns, at least
    :data:`FILE_WIDTH`."""
    width = getattr(console, "width", 80) or 80
    return max(FILE_WIDTH, width - n_roles * (_ROLE_CELL + 1) - _SKILLS_MIN - _GAPS)


def _skills_cell(row: dict[str, Any], roles: list[str], taxonomy: Any) -> str:
    """The best role's skills (highest probability): the first few names and a count of the rest."""
    best = max(roles, key=lambda r: row.get(f"{r}_probability") or 0.0)
    c = candidate(row, best, taxonomy)
    detail = (row.get("detail") or {}).get(best) or {}
    # skills that add nothing to the role (rolefit.explain.adds_nothing) are counted, not named
    names = [s.label for s in c.skills if not adds_nothing(s.contribution)]
    total = len({m.get("concept_id") for m in detail.get("evidence") or () if not m.get("negated")}) or len(names)
    if not names and c.skills:  # found, but none moves the role: said as the explanation says it
        return "adding nothing: " + ", ".join(s.label for s in c.skills[:TERMINAL_SKILLS])
    if not names:
        return row.get("reason") or "no skill of either role found"
    shown = ", ".join(names[:TERMINAL_SKILLS])
    more = total - min(len(names), TERMINAL_SKILLS)
    return shown + (f" +{more}" if more > 0 else "")


def _error_cell(row: dict[str, Any]) -> str:
    """The error message without its ``[RFnnn] path:`` prefix (the file column names the path)."""
    return _CODE_PREFIX.sub("", error_message(row))


#: What a ``review`` without a reason means (rolefit.labels: the probability lies in the review band).
REASON_IN_BAND = "the probability lies within the review band around the role's threshold"


def render_summary(summary: Any, console: Any, *, max_rows: int = 50, taxonomy: Any = None) -> None:
    """Print a batch's per-file table (up to ``max_rows`` files) and its totals with rich.

    Parameters
    ----------
    summary : BatchSummary
    console : rich.console.Console
    max_rows : int, default 50
        Larger batches print the totals only (the report and the output file hold the rows).
    taxonomy : Taxonomy, optional
        For skill labels (default: the bundled taxonomy).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text  # cells and titles as plain Text: file names and messages are no markup ("cv[1].md")

    from rolefit.taxonomy import default_taxonomy

    taxonomy = taxonomy or default_taxonomy()
    roles = list(summary.labels)
    short = {r: (taxonomy.profiles[r].label if r in taxonomy.profiles else r.replace("_", " ")) for r in roles}
    if summary.rows and len(summary.rows) <= max_rows:
        table = Table(title=Text(f"rolefit batch: {summary.output}"), box=box.SIMPLE_HEAD, pad_edge=False,
                      title_justify="left")
        paths = [str(row["path"]) for row in summary.rows]
        file_width = _file_width(console, len(roles))
        shown = distinct_cuts(paths, file_width)
        table.add_column("file", no_wrap=True, max_width=max(map(len, shown.values()), default=FILE_WIDTH))
        for role in roles:  # "no fit <0.01" fits; a long role name wraps in the header
            table.add_column(short[role], justify="right", width=12)
        table.add_column("top skills of the best role, or error", overflow="fold", ratio=1)
        for row in summary.rows:
            cells = [shown[str(row["path"])]]
            for role in roles:
                p = row.get(f"{role}_probability")
                label = str(row.get(f"{role}_label") or "").replace("_", " ")
                cells.append(label + (f" {format_probability(p)}" if p is not None else ""))
            if row["status"] == "ok":
                warned = f" [read warnings: {row['warnings']}]" if row.get("warnings") else ""
                cells.append(_skills_cell(row, roles, taxonomy) + warned)
            else:
                cells.append(f"{row.get('error_code')}: {_error_cell(row)}")
            table.add_row(*map(Text, cells))
        console.print(table)
        why = [
            (str(row["path"]), short[role], role_reason(row, role) or REASON_IN_BAND)
            for row in summary.rows if row["status"] == "ok"
            for role in roles if row.get(f"{role}_label") == "review"
        ]
        if why:  # a review label without its reason sends the recruiter to the output file
            console.print(Text("why review (a person decides):"))
            for path, role, reason in why:  # the missing evidence; the output file has the rest
                console.print(Text(f"  {shown[path]} -- {role}: {reason_headline(reason)}"))
    counts = Table(title="summary", box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    counts.add_column("")
    for role in roles:
        counts.add_column(short[role], justify="right")
    # counted as the shortlist page counts them: scored CVs by label, then the files that could
    # not be read (their rows say review for every role, so a person opens them)
    for label in ("fit", "review", "no_fit"):
        unread = summary.n_errors if label == "review" else 0
        counts.add_row(label.replace("_", " "),
                       *[str(summary.labels.get(r, {}).get(label, 0) - unread) for r in roles])
    if summary.n_errors:
        counts.add_row("not read (review)", *[str(summary.n_errors)] * len(roles))
    console.print(counts)
    errs = ", ".join(f"{code} {n}" for code, n in sorted(summary.error_codes.items())) or "none"
    console.print(
        f"{summary.n_inputs} files: {summary.n_ok} ok, {summary.n_errors} error(s) ({errs}), "
        f"{summary.n_skipped} already done; {summary.files_per_second:.1f} files/s; output {summary.output}",
        markup=False,
        highlight=False,
    )
    skipped = getattr(summary, "subfolders_skipped", 0)
    if skipped:  # files there are inputs too: a recruiter must not think the folder was read whole
        console.print(f"{skipped} sub-folder(s) not searched; pass --recursive to score the CVs in them",
                      markup=False, highlight=False)
    outputs = getattr(summary, "outputs_skipped", [])
    if outputs:  # not CVs, so no row: said here, so that no file of the folder goes unmentioned
        console.print(f"{len(outputs)} file(s) rolefit wrote skipped (not CVs): {summary.outputs_skipped_text}",
                      markup=False, highlight=False)
