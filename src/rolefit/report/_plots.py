"""The report's two plots, drawn with matplotlib and inlined as SVG markup.

No pyplot (no global figure state, no GUI backend): each plot is a
:class:`matplotlib.figure.Figure` saved to SVG text. The SVG is made fit to sit inside an
HTML page: no XML prolog or DTD, no namespace URLs, no metadata, element ids prefixed per
plot (several plots share one page), deterministic output (fixed hash salt, no date).

matplotlib is imported when a plot is drawn (deliberately lazy: ``rolefit batch`` imports
this package for its terminal summary, and importing matplotlib cost every batch about
0.3 s of start-up for a report it was not asked for).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rolefit.report._data import Candidate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Colours of the decision labels (shared with the page's CSS).
LABEL_COLORS: Mapping[str, str] = {"fit": "#1a7f37", "review": "#bf8700", "no_fit": "#8c959f"}
#: Candidates (rows) and requirements (columns, the first ones: heaviest profile skills) in the coverage grid.
GRID_CANDIDATES = 15
GRID_REQUIREMENTS = 16

_RC = {"svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans", "axes.titlesize": 10}


def _plain(text: str, limit: int = 40) -> str:
    """A file name safe for matplotlib text (no mathtext), cut to ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return text.replace("$", r"\$")


def _svg(fig: Figure, prefix: str, title: str) -> str:
    import matplotlib  # lazy: see the module docstring

    buf = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": prefix}):
        fig.savefig(buf, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-").replace('href="#', f'href="#{prefix}-')
    head, rest = svg.split(">", 1)
    return f'{head} role="img"><title>{html.escape(title)}</title>{rest}'



def distribution_svg(
    candidates: Sequence[Candidate], *, threshold: float | None, band: float | None, title: str, prefix: str
) -> str:
    """Histogram of one role's probabilities, stacked by label, with threshold and review band.

    Parameters
    ----------
    candidates : sequence of Candidate
        Rows with ``probability=None`` (none for ok rows) are left out.
    threshold, band : float or None
        The role's threshold and the half-width of its review band (both in [0, 1]).
    title : str
    prefix : str
        Id prefix, unique in the page.

    Returns
    -------
    str
        ``<svg>...</svg>`` markup.
    """
    import matplotlib  # lazy: see the module docstring
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.2, 2.3))
        ax = fig.add_subplot()
        if threshold is not None and band is not None:
            ax.axvspan(max(threshold - band, 0.0), min(threshold + band, 1.0), color=LABEL_COLORS["review"],
                       alpha=0.15, lw=0, label="review band")
        if threshold is not None:
            ax.axvline(threshold, color="#24292f", lw=1.2, ls="--", label=f"threshold {threshold:.2f}")
        labels = [lab for lab in LABEL_COLORS if any(c.label == lab for c in candidates)]
        data = [[c.probability for c in candidates if c.label == lab and c.probability is not None] for lab in labels]
        if labels:
            ax.hist(data, bins=20, range=(0.0, 1.0), stacked=True, color=[LABEL_COLORS[lab] for lab in labels],
                    label=[lab.replace("_", " ") for lab in labels], edgecolor="white", linewidth=0.5)
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel("probability")
        ax.set_ylabel("CVs")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return _svg(fig, prefix, title)


def coverage_svg(
    candidates: Sequence[Candidate], *, title: str, prefix: str, n: int = GRID_CANDIDATES
) -> str | None:
    """Grid of the top ``n`` candidates (rows, in report order) by required skills (columns).

    A filled cell means the candidate's CV evidences that requirement (a practised, not
    negated, mention). Returns None when there is nothing to draw.
    """
    top = [c for c in candidates if c.requirements][:n]
    if not top:
        return None
    names = [r.name for r in top[0].requirements][:GRID_REQUIREMENTS]
    cells = [[1.0 if r.met else 0.0 for r in c.requirements[: len(names)]] for c in top]
    import matplotlib.colors  # lazy: see the module docstring
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(max(4.0, 0.42 * len(names) + 2.8), 0.28 * len(top) + 1.9))
        ax = fig.add_subplot()
        ax.pcolormesh(cells, cmap=matplotlib.colors.ListedColormap(["#eaeef2", LABEL_COLORS["fit"]]), vmin=0, vmax=1,
                      edgecolors="white", linewidth=1.5)  # vector cells, no embedded raster
        ax.set_xticks([x + 0.5 for x in range(len(names))], [_plain(s, 28) for s in names], rotation=45,
                      ha="left", rotation_mode="anchor")
        ax.set_yticks([y + 0.5 for y in range(len(top))], [f"{i + 1}. {_plain(c.path, 34)}" for i, c in enumerate(top)])
        ax.invert_yaxis()
        ax.spines[:].set_visible(False)
        ax.tick_params(which="both", length=0)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        return _svg(fig, prefix, title)
