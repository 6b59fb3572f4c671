"""Generators of document-integrity fixtures (bytes): text rolefit must not read, pages it
cannot read, fonts without a Unicode map, AES encryption, two-column layouts.

Built from code at test time (no binary fixtures, no real CVs); the text is synthetic.
PDFs reuse the minimal writer of :mod:`hostile`; DOCX files are written with python-docx.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from pypdf import PdfReader, PdfWriter

from hostile import SYNTHETIC_CV, _pages_pdf, _pdf_string, _stream, _text_content, make_text_pdf, normalise_zip

__all__ = [
    "PLAIN_CV",
    "SKILLS_DUMP",
    "HIDDEN_KINDS",
    "make_hidden_text_docx",
    "make_partly_scanned_pdf",
    "make_glyph_name_pdf",
    "make_shifted_glyph_pdf",
    "make_aes_pdf",
    "make_two_column_pdf",
    "TWO_COLUMN_MAIN",
    "TWO_COLUMN_SIDEBAR",
    "make_visible_white_on_dark_docx",
    "make_pdf_with_blank_page",
    "make_hidden_style_docx",
    "make_hidden_table_cell_docx",
    "make_white_text_where_background_is_not_resolved_docx",
    "make_mixed_visibility_docx",
]

#: A CV naming no tool of the MLOps profile (it gets ``review``: no skills found).
PLAIN_CV: tuple[str, ...] = (
    "Sam Example",
    "Summary",
    "Friendly colleague who enjoys long walks and writing clear reports.",
    "Experience",
    "Office assistant at Example Ltd, 2019 - 2024: answered calls and kept the calendar.",
)
#: The invisible keyword dump a gamed CV hides.
SKILLS_DUMP = (
    "Skills: Kubernetes, Docker, Terraform, MLflow, Kubeflow, GitLab CI, Prometheus, Grafana, "
    "model registry, data drift, PyTorch, Python"
)
#: Ways Word hides a run: ``vanish`` (Hidden font), ``white`` (white on automatic background),
#: ``tiny`` (1 pt), ``shaded`` (dark blue text on a dark blue shaded paragraph).
HIDDEN_KINDS = ("vanish", "white", "tiny", "shaded")


def make_hidden_text_docx(kind: str | None, lines: Sequence[str] = PLAIN_CV, hidden: str = SKILLS_DUMP) -> bytes:
    """``lines`` as visible paragraphs plus ``hidden`` in a paragraph Word does not show.

    Parameters
    ----------
    kind : str or None
        One of :data:`HIDDEN_KINDS`; None writes ``hidden`` as ordinary visible text.
    """
    document = docx.Document()
    core = document.core_properties
    core.author, core.title, core.comments = "rolefit tests", "synthetic CV", ""
    for text in lines:
        document.add_paragraph(text)
    paragraph = document.add_paragraph()
    run = paragraph.add_run(hidden)
    if kind == "vanish":
        run.font.hidden = True
    elif kind == "white":
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif kind == "tiny":
        run.font.size = Pt(1)
    elif kind == "shaded":
        run.font.color.rgb = RGBColor(0x00, 0x00, 0x80)
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:shd xmlns:w="{w}" w:val="clear" w:fill="000080"/>'))
    elif kind is not None:
        raise ValueError(kind)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def make_visible_white_on_dark_docx(lines: Sequence[str] = PLAIN_CV, text: str = SKILLS_DUMP) -> bytes:
    """``text`` in white on a black highlight: visible, must be kept."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    run = document.add_paragraph().add_run(text)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run.font.highlight_color = WD_COLOR_INDEX.BLACK
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


_IMAGE = _stream(
    bytes([0x40, 0xC0, 0xC0, 0x40]),
    b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
)
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def make_partly_scanned_pdf(text_lines: Sequence[str] = SYNTHETIC_CV[:5], scanned_pages: int = 1) -> bytes:
    """Page 1 has a text layer; the next ``scanned_pages`` pages only draw an image (a scan)."""
    contents = [_stream(_text_content(text_lines))]
    contents += [_stream(b"q 400 0 0 400 96 300 cm /Im1 Do Q")] * scanned_pages
    resources = b"<< /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >>"
    return _pages_pdf(contents, resources, [_HELVETICA, _IMAGE])


def _two_font_pdf(lines: Sequence[tuple[int, bytes]], font2: bytes, extra: Sequence[bytes] = ()) -> bytes:
    """One page; each line is (font number 1 or 2, shown string operand)."""
    ops = [b"BT 14 TL 56 790 Td"]
    for font, operand in lines:
        ops.append(b"/F%d 11 Tf %s Tj T*" % (font, operand))
    ops.append(b"ET")
    return _pages_pdf([_stream(b"\n".join(ops))], b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>", [_HELVETICA, font2, *extra])


def make_glyph_name_pdf(readable: Sequence[str], unmapped: Sequence[str]) -> bytes:
    """``readable`` lines in Helvetica, then ``unmapped`` lines in a subset font whose
    encoding names every glyph ``/gNN`` with no ToUnicode map (pypdf gives ``/g45/g68``...)."""
    diffs = b"[32 " + b" ".join(b"/g%d" % (code - 29) for code in range(32, 127)) + b"]"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Calibri /Encoding << /Type /Encoding /Differences %s >> >>" % diffs
    lines = [(1, _pdf_string(t)) for t in readable] + [(2, _pdf_string(t)) for t in unmapped]
    return _two_font_pdf(lines, font)


def make_shifted_glyph_pdf(readable: Sequence[str], unmapped: Sequence[str]) -> bytes:
    """``readable`` lines in Helvetica, then ``unmapped`` lines in an Identity-H subset font
    without ToUnicode whose glyph ids are the character codes minus 29, as Word's subset
    fonts are: pypdf gives ``-DQH\\x03'RH`` for "Jane Doe"."""
    desc = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    )
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H /DescendantFonts [5 0 R] >>"
    shifted = [b"<" + b"".join((b - 29).to_bytes(2, "big") for b in t.encode("ascii")).hex().encode() + b">" for t in unmapped]
    lines = [(1, _pdf_string(t)) for t in readable] + [(2, s) for s in shifted]
    return _two_font_pdf(lines, font, [desc])


def make_aes_pdf(lines: Sequence[str] = SYNTHETIC_CV, *, user_password: str = "", algorithm: str = "AES-256") -> bytes:
    """A text PDF encrypted with AES (needs ``cryptography``); ``user_password=""`` is the
    permissions-only encryption export tools write (opens without a password)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_text_pdf(lines))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


#: Main column of the two-column fixture (experience), and its sidebar (skills).
TWO_COLUMN_MAIN: tuple[str, ...] = (
    "Alex Example",
    "Experience",
    "Operations analyst at Example Bank, 2018 - 2024:",
    "prepared monthly reports for the finance team",
    "and answered customer questions by phone.",
    "Shift lead at Example Foods, 2015 - 2018:",
    "planned rotas for twelve people.",
    "Education",
    "BSc Economics, Example University, 2015",
)
TWO_COLUMN_SIDEBAR: tuple[str, ...] = (
    "Skills",
    "Go",
    "Helm",
    "Kubernetes",
    "Terraform",
    "MLflow",
    "Prometheus",
    "Grafana",
)


def make_two_column_pdf(
    main: Sequence[str] = TWO_COLUMN_MAIN, sidebar: Sequence[str] = TWO_COLUMN_SIDEBAR, *, interleaved: bool = True
) -> bytes:
    """A one-page CV with a wide main column (x = 56) and a sidebar (x = 400).

    ``interleaved=True`` writes the content stream row by row, left line then right line
    at the same height, as table-based templates and many exporters do (text extraction
    in stream order mixes the columns); ``False`` writes the main column, then the sidebar.
    """
    def show(x: int, y: int, text: str) -> bytes:
        return b"BT /F1 10 Tf 1 0 0 1 %d %d Tm %s Tj ET" % (x, y, _pdf_string(text))

    left = [(56, 790 - 16 * i, t) for i, t in enumerate(main)]
    right = [(400, 790 - 16 * i, t) for i, t in enumerate(sidebar)]
    if interleaved:
        ops = []
        for i in range(max(len(left), len(right))):
            ops += [show(*left[i])] if i < len(left) else []
            ops += [show(*right[i])] if i < len(right) else []
    else:
        ops = [show(*item) for item in left + right]
    return _pages_pdf([_stream(b"\n".join(ops))], b"<< /Font << /F1 3 0 R >> >>", [_HELVETICA])


def make_pdf_with_blank_page(text_lines: Sequence[str] = SYNTHETIC_CV) -> bytes:
    """Page 1 has text; page 2 draws nothing at all (an empty content stream): not a scan."""
    contents = [_stream(_text_content(text_lines)), _stream(b"")]
    return _pages_pdf(contents, b"<< /Font << /F1 3 0 R >> >>", [_HELVETICA])


def make_hidden_style_docx(lines: Sequence[str] = PLAIN_CV, hidden: str = SKILLS_DUMP) -> bytes:
    """``hidden`` in a run whose character style (not its direct formatting) is Hidden."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    style.font.hidden = True
    for text in lines:
        document.add_paragraph(text)
    document.add_paragraph().add_run(hidden, style="Secret")
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def make_hidden_table_cell_docx(lines: Sequence[str] = PLAIN_CV, hidden: str = SKILLS_DUMP) -> bytes:
    """``hidden`` in white text inside a table cell with no shading (white page)."""
    document = docx.Document()
    for text in lines:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Languages: English"
    run = table.cell(0, 1).paragraphs[0].add_run(hidden)
    run.font.color.rgb = RGBColor(0xFE, 0xFE, 0xFE)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def make_white_text_where_background_is_not_resolved_docx(where: str, text: str = SKILLS_DUMP) -> bytes:
    """White ``text`` on a fill rolefit does not resolve, so it must be kept: ``"textbox"``
    (a text box, often a dark sidebar), ``"table_style"`` (a table whose style shades cells),
    ``"paragraph_style"`` (a paragraph style with dark shading)."""
    from docx.enum.style import WD_STYLE_TYPE

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    white = f'<w:r xmlns:w="{w}"><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{text}</w:t></w:r>'
    if where == "textbox":
        from hostile import _TEXTBOX_XML, _W

        run = f'<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{text}</w:t></w:r>'
        data = _TEXTBOX_XML.format(w=_W, paragraphs=f"<w:p>{run}</w:p>")
        document = docx.Document()
        document.add_paragraph("Sam Example")
        document.element.body.sectPr.addprevious(parse_xml(data))
    else:
        document = docx.Document()
        document.add_paragraph("Sam Example")
        if where == "table_style":
            style = document.styles.add_style("Dark Table", WD_STYLE_TYPE.TABLE)
            style.element.append(parse_xml(f'<w:tcPr xmlns:w="{w}"><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr>'))
            table = document.add_table(rows=1, cols=1)
            table.style = style
            table.cell(0, 0).paragraphs[0]._p.append(parse_xml(white))
        elif where == "paragraph_style":
            style = document.styles.add_style("Banner", WD_STYLE_TYPE.PARAGRAPH)
            style.element.get_or_add_pPr().append(parse_xml(f'<w:shd xmlns:w="{w}" w:val="clear" w:fill="1F3864"/>'))
            paragraph = document.add_paragraph(style=style)
            paragraph._p.append(parse_xml(white))
        else:
            raise ValueError(where)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def make_mixed_visibility_docx(paragraphs: Sequence[tuple[str, str | None]]) -> bytes:
    """One paragraph per ``(text, kind)``: ``kind`` None is visible, else one of
    :data:`HIDDEN_KINDS` (the whole paragraph hidden that way)."""
    document = docx.Document()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for text, kind in paragraphs:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if kind == "vanish":
            run.font.hidden = True
        elif kind == "white":
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        elif kind == "tiny":
            run.font.size = Pt(2)
        elif kind == "shaded":
            run.font.color.rgb = RGBColor(0x00, 0x00, 0x80)
            paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:shd xmlns:w="{w}" w:val="clear" w:fill="000080"/>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
