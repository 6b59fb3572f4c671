"""DOCX: the ZIP is checked first (:mod:`rolefit.readers._zip`), then python-docx parses it
and the text is collected in document order from headers, body paragraphs, tables (nested
too), content controls and text boxes, and footers.

Text Word does not show is left out and counted (``_hidden.py``: ``<w:vanish/>``, text whose
colour does not contrast with its background, e.g. white on white, and font sizes <= 2 pt):
one HIDDEN_TEXT_EXCLUDED warning gives the number of characters and why. It does not put
the document under review: the visible text is what a recruiter reads, and it is scored.
Any U+FFFD in the text is a REPLACEMENT_CHARS warning.

python-docx is imported when the first DOCX is read (deliberately lazy: ``import
rolefit.readers`` stays light).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from rolefit.errors import Errors, ReadError
from rolefit.readers._base import (
    Format, ReadLimits, ReadResult, check_text, fail, normalise, parse_error, parser_module, replacement_warning,
    resource_error, too_long, warning,
)
from rolefit.readers._hidden import REASONS, UNKNOWN, Visibility
from rolefit.readers._zip import check_zip, is_zip, open_zip, zip_read

if TYPE_CHECKING:
    import docx.document

_WORD_MAIN: Final = b"wordprocessingml.document.main+xml"


def detect_docx(data: bytes, where: str) -> bool:
    """A ZIP whose content types declare a Word main part (or that has ``word/document.xml``).

    Raises
    ------
    ReadError
        UNSUPPORTED_FORMAT for a macro-enabled Word document or template; PARSE_ERROR
        for a ZIP that cannot be opened.
    """
    with open_zip(data, where) as zf:
        names = set(zf.namelist())
        content_types = b""
        if "[Content_Types].xml" in names and zf.getinfo("[Content_Types].xml").file_size <= 1_000_000:
            content_types = zip_read(zf, "[Content_Types].xml", where)
    if _WORD_MAIN in content_types:
        return True
    if b"ms-word.document.macroEnabled" in content_types or b"ml.template" in content_types:
        kind = "a macro-enabled Word document or Word template"
        raise fail("UNSUPPORTED_FORMAT", Errors.RF507, where, kind=kind)
    return "word/document.xml" in names


def read_docx(data: bytes, where: str, limits: ReadLimits) -> ReadResult:
    """Check the ZIP, then collect the text with python-docx; see the module docstring."""
    max_chars = limits.max_chars
    with open_zip(data, where) as zf:
        check_zip(zf, where)
    docx = parser_module("docx")  # first use: see parser_module

    try:
        document = docx.Document(io.BytesIO(data))
        collector = _DocxText(max_chars, where, Visibility(document))
        text = collector.document(document)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise resource_error(where, exc) from exc  # the cause tells a capped reader process why
    except ImportError:  # a parser's own import failed: the installation or a memory cap, not the file
        raise
    except Exception as exc:  # parser boundary: any other python-docx/lxml failure
        raise parse_error(where, "DOCX", exc) from None
    text = normalise(text)
    hidden = collector.hidden
    detail = ", ".join(f"{hidden[reason]:,} {reason}" for reason in REASONS if hidden.get(reason))
    empty = "no text in the body, tables, text boxes, headers, footers"
    if hidden:
        empty += f"; {sum(hidden.values()):,} characters of hidden text ({detail}) were left out"
    check_text(text, where, max_chars, empty)
    warnings = []
    if hidden:
        warnings.append(warning("HIDDEN_TEXT_EXCLUDED", sum(hidden.values()), detail=detail))
    replaced = replacement_warning(text)
    if replaced is not None:
        warnings.append(replaced)
    return ReadResult(text=text, format="docx", warnings=tuple(warnings))


class _DocxText:
    """Collect DOCX text in document order: headers, body, footers.

    Walks the WordprocessingML tree: paragraphs (``w:p``), tables (``w:tbl``,
    nested ones inside cells), content controls and text boxes
    (``w:txbxContent``, emitted as their own lines after the paragraph that
    anchors them; of ``mc:AlternateContent`` only the first choice is read so
    a text box's VML fallback copy is not read twice). Deleted revisions and
    field codes are skipped. Table cells are joined with tabs, rows with
    newlines. Footnotes, endnotes and comments are not read.
    """

    def __init__(self, max_chars: int, where: str, visibility: Visibility) -> None:
        from docx.oxml.ns import qn

        self.max_chars, self.where, self.length = max_chars, where, 0
        self.visibility = visibility
        self.hidden: dict[str, int] = {}  # reason -> characters left out
        self.R = qn("w:r")
        mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
        self.P, self.TBL, self.TR, self.TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
        self.T, self.TXBX = qn("w:t"), qn("w:txbxContent")
        self.TABS = {qn("w:tab"), qn("w:ptab")}
        self.BREAKS = {qn("w:br"), qn("w:cr")}
        self.HYPHEN = qn("w:noBreakHyphen")
        skipped = ("w:del", "w:moveFrom", "w:delText", "w:instrText", "w:rPr", "w:pPr", "w:sectPr")
        self.SKIP = {qn(tag) for tag in skipped}
        self.WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
        self.ALT, self.CHOICE = mc + "AlternateContent", mc + "Choice"
        self.FALLBACK = mc + "Fallback"
        self.HEADER_REF, self.FOOTER_REF = qn("w:headerReference"), qn("w:footerReference")
        self.RID, self.SECTPR = qn("r:id"), qn("w:sectPr")

    def document(self, document: docx.document.Document) -> str:
        body = document.element.body
        related = document.part.related_parts
        headers: dict[str, Any] = {}  # part name -> root element, in order of first reference
        footers: dict[str, Any] = {}
        for sect_pr in body.iter(self.SECTPR):
            for ref in sect_pr:
                rid = ref.get(self.RID)
                if ref.tag not in (self.HEADER_REF, self.FOOTER_REF) or rid not in related:
                    continue
                target = headers if ref.tag == self.HEADER_REF else footers
                target.setdefault(str(related[rid].partname), related[rid].element)
        sections = [self.blocks(el) for el in headers.values()]
        sections.append(self.blocks(body))
        sections.extend(self.blocks(el) for el in footers.values())
        return "\n\n".join("\n".join(lines) for lines in sections if lines)

    def blocks(self, container: Any, cell_fill: str | None = None) -> list[str]:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == self.P:
                parts: list[str] = []
                boxes: list[list[str]] = []
                self.inline(child, parts, boxes, self.visibility.paragraph_context(child, cell_fill))
                lines.append("".join(parts))
                for box in boxes:
                    lines.extend(box)
            elif tag == self.TBL:
                table_fill = self.visibility.table_fill(child, cell_fill)
                for row in self.children(child, self.TR):
                    cells = [
                        "\n".join(self.blocks(tc, self.visibility.cell_fill(tc, table_fill)))
                        for tc in self.children(row, self.TC)
                    ]
                    lines.append("\t".join(cells))
            elif tag == self.ALT:
                lines.extend(self.blocks(self.choice(child), cell_fill))
            elif tag not in self.SKIP and isinstance(tag, str):
                lines.extend(self.blocks(child, cell_fill))
        return lines

    def inline(self, element: Any, parts: list[str], boxes: list[list[str]], context: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == self.R:
                reason = self.visibility.run_reason(child, context)
                if reason is not None:
                    count = sum(len(t.text or "") for t in child.iter(self.T))
                    if count:
                        self.hidden[reason] = self.hidden.get(reason, 0) + count
                    continue
            if tag == self.T:
                text = child.text or ""
                self.length += len(text)
                if self.length > self.max_chars:  # stop early; the exact cap is checked later
                    raise too_long(self.where, self.max_chars)
                parts.append(text)
            elif tag in self.TABS:
                parts.append("\t")
            elif tag in self.BREAKS:
                parts.append("\n")
            elif tag == self.HYPHEN:
                parts.append("-")
            elif tag == self.TXBX:  # a text box's fill is not resolved: colour is not judged in it
                boxes.append(self.blocks(child, UNKNOWN))
            elif tag == self.ALT:
                self.inline(self.choice(child), parts, boxes, context)
            elif tag not in self.SKIP and isinstance(tag, str):  # runs, hyperlinks, drawings...
                self.inline(child, parts, boxes, context)

    def choice(self, alternate: Any) -> list[Any]:
        for child in alternate:
            if child.tag in (self.CHOICE, self.FALLBACK):
                return [child]
        return []

    def children(self, element: Any, tag: str) -> Iterator[Any]:
        """Direct children with ``tag``, looking through content-control wrappers."""
        for child in element:
            if child.tag == tag:
                yield child
            elif child.tag in self.WRAPPERS:
                yield from self.children(child, tag)


#: Registry entry.
DOCX: Final = Format(name="docx", suffixes=(".docx",), wording=".docx", read=read_docx, magic=is_zip, detect=detect_docx)
