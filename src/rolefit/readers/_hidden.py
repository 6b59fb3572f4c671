"""Which DOCX runs Word does not show, so their text can be left out and counted.

A run (``w:r``) is invisible when its effective character formatting (document defaults,
then the paragraph style chain, then the character style chain, then direct formatting,
as Word resolves it) says one of:

- ``hidden``: ``<w:vanish/>`` (Format > Font > Hidden);
- ``invisible colour``: a text colour whose WCAG contrast ratio against the run's
  background is below :data:`MIN_CONTRAST` (white text on a white or automatic
  background, or any colour on a shading of nearly the same colour). The background is
  the run's shading or highlight, else the paragraph's shading, else the table cell's,
  else the page colour (``w:background``), else white. ``auto`` text never counts: Word
  draws it black or white, whichever shows. Where the background is not known from the
  text's own markup -- text boxes and shapes (often dark sidebars with white text), tables
  whose table style shades cells -- colour is not judged (:data:`UNKNOWN`), only the two
  other tests apply;
- ``tiny``: a font size at or below :data:`TINY_MAX_HALF_POINTS` half-points (2 pt).

What Word does show in some views only (``w:webHidden``) is kept.
"""

from __future__ import annotations

from typing import Any, Final

#: Text at or below this size (in half-points, as ``w:sz`` stores it: 4 = 2 pt) is invisible.
TINY_MAX_HALF_POINTS: Final = 4
#: Text whose WCAG 2 contrast ratio against its background is below this is invisible
#: (1.0 = same colour, 21 = black on white; WCAG asks at least 4.5 for body text).
MIN_CONTRAST: Final = 1.25
#: Background of text whose fill rolefit does not resolve (text boxes, table-style shading).
UNKNOWN: Final = "unknown"
#: Reasons a run is invisible, in the order messages list them.
REASONS: Final = ("hidden", "invisible colour", "tiny")

_PROPS: Final = ("vanish", "color", "sz", "shd", "highlight")
_HIGHLIGHT_RGB: Final = {  # w:highlight names (ECMA-376 ST_HighlightColor)
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF",
    "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}


class Visibility:
    """Judge runs of one document; built once per document from its styles part."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.VAL, self.FILL = qn("w:val"), qn("w:fill")
        self.RPR, self.PPR = qn("w:rPr"), qn("w:pPr")
        self.styles: dict[str, tuple[str | None, dict[str, str]]] = {}  # id -> (basedOn, props)
        self.shading_styles: set[str] = set()  # styles with a cell/paragraph fill somewhere
        self.defaults: dict[str, str] = {}
        self.default_paragraph_style: str | None = None
        root = None
        try:
            root = document.styles.element
        except Exception:  # a document without a styles part: direct formatting only
            root = None
        if root is not None:
            for rpr in root.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{self.RPR}"):
                self.defaults = self._props(rpr)
            for style in root.iterfind(qn("w:style")):
                style_id = style.get(qn("w:styleId"))
                if style_id is None:
                    continue
                based = style.find(qn("w:basedOn"))
                rpr = style.find(self.RPR)
                self.styles[style_id] = (
                    based.get(self.VAL) if based is not None else None,
                    self._props(rpr) if rpr is not None else {},
                )
                if any(_rgb(shd.get(self.FILL)) not in (None, "FFFFFF") for shd in style.iter(qn("w:shd"))):
                    self.shading_styles.add(style_id)
                if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true"):
                    self.default_paragraph_style = style_id
        self.page = "FFFFFF"
        background = document.element.find(qn("w:background"))
        if background is not None:
            self.page = _rgb(background.get(qn("w:color"))) or "FFFFFF"

    def paragraph_context(self, paragraph: Any, cell_fill: str | None) -> tuple[dict[str, str], str]:
        """(character properties from the paragraph style, background colour) of a ``w:p``."""
        ppr = paragraph.find(self.PPR)
        style_id = self.default_paragraph_style
        fill = None
        if ppr is not None:
            pstyle = ppr.find(self.qn("w:pStyle"))
            if pstyle is not None:
                style_id = pstyle.get(self.VAL)
            shd = ppr.find(self.qn("w:shd"))
            if shd is not None:
                fill = _rgb(shd.get(self.FILL))
        props = dict(self.defaults)
        props.update(self._chain(style_id))
        if fill is None and self._shaded(style_id):
            fill = UNKNOWN  # the paragraph style shades it: colour is not judged
        return props, fill or cell_fill or self.page

    def _shaded(self, style_id: str | None) -> bool:
        seen: set[str] = set()
        while style_id is not None and style_id in self.styles and style_id not in seen:
            if style_id in self.shading_styles:
                return True
            seen.add(style_id)
            style_id = self.styles[style_id][0]
        return False

    def table_fill(self, table: Any, outer: str | None) -> str | None:
        """:data:`UNKNOWN` for a table whose style (or its ancestors) shades cells, else ``outer``."""
        tblpr = table.find(self.qn("w:tblPr"))
        style = tblpr.find(self.qn("w:tblStyle")) if tblpr is not None else None
        return UNKNOWN if style is not None and self._shaded(style.get(self.VAL)) else outer

    def cell_fill(self, cell: Any, outer: str | None) -> str | None:
        """The shading colour of a ``w:tc`` (else the enclosing cell's)."""
        tcpr = cell.find(self.qn("w:tcPr"))
        shd = tcpr.find(self.qn("w:shd")) if tcpr is not None else None
        return (_rgb(shd.get(self.FILL)) if shd is not None else None) or outer

    def run_reason(self, run: Any, context: tuple[dict[str, str], str]) -> str | None:
        """Why ``run`` (a ``w:r``) is invisible, one of :data:`REASONS`, or None."""
        base, background = context
        props = dict(base)
        rpr = run.find(self.RPR)
        if rpr is not None:
            direct = self._props(rpr)
            if "rStyle" in direct:
                props.update(self._chain(direct.pop("rStyle")))
            props.update(direct)
        if props.get("vanish", "0") not in ("0", "false", "off"):
            return "hidden"
        color = _rgb(props.get("color"))
        if color is not None:
            under = _rgb(props.get("highlight")) or _rgb(props.get("shd")) or background
            if under != UNKNOWN and _contrast(color, under) < MIN_CONTRAST:
                return "invisible colour"
        size = props.get("sz")
        if size is not None and size.isdigit() and int(size) <= TINY_MAX_HALF_POINTS:
            return "tiny"
        return None

    def _chain(self, style_id: str | None) -> dict[str, str]:
        """Properties of a style with those of its ``basedOn`` ancestors under them."""
        chain: list[dict[str, str]] = []
        seen: set[str] = set()
        while style_id is not None and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style_id, props = self.styles[style_id][0], self.styles[style_id][1]
            chain.append(props)
        merged: dict[str, str] = {}
        for props in reversed(chain):
            merged.update(props)
        return merged

    def _props(self, rpr: Any) -> dict[str, str]:
        props: dict[str, str] = {}
        for name in (*_PROPS, "rStyle"):
            element = rpr.find(self.qn(f"w:{name}"))
            if element is None:
                continue
            if name == "shd":
                props[name] = element.get(self.FILL) or "auto"
            elif name == "highlight":
                value = element.get(self.VAL) or "none"
                props[name] = _HIGHLIGHT_RGB.get(value, "auto")
            else:
                props[name] = element.get(self.VAL) or ("1" if name == "vanish" else "auto")
        return props


def _rgb(value: str | None) -> str | None:
    """``RRGGBB`` upper case, or None for ``auto``, missing or malformed values."""
    if value is None or len(value) != 6:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return value.upper()


def _luminance(rgb: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(rgb[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``RRGGBB`` colours, in [1, 21]."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
