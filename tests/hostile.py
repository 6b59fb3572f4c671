"""Generators of normal and hostile document fixtures (bytes), importable by any test.

Everything is built from code at test time, deterministically: no binary
fixtures are stored. The text is synthetic. Expensive bombs are cached, so
several tests can share one without rebuilding it.

Also holds module-level test readers (``hanging_reader``...) for
:mod:`rolefit.readers`: a child process imports them by name.
"""

from __future__ import annotations

import functools
import io
import os
import signal
import struct
import time
import zipfile
import zlib
from collections.abc import Sequence

import docx
from docx.oxml import parse_xml
from pypdf import PdfReader, PdfWriter

__all__ = [
    "SYNTHETIC_CV",
    "make_text_pdf",
    "make_bomb_pdf",
    "make_encrypted_pdf",
    "make_image_only_pdf",
    "make_garbled_pdf",
    "make_docx",
    "make_doctype_docx",
    "make_zip_bomb_docx",
    "make_ratio_bomb_docx",
    "make_many_members_docx",
    "make_corrupt_deflate_docx",
    "make_ole_doc",
    "normalise_zip",
    "hanging_reader",
    "hang_on_name_reader",
    "memory_hog_reader",
    "crashing_reader",
    "self_killing_reader",
]

#: A short synthetic CV (ASCII, so the same text fits txt, docx and a Helvetica PDF).
SYNTHETIC_CV: tuple[str, ...] = (
    "Alex Example - MLOps Engineer",
    "Summary",
    "Five years building ML platforms with Kubernetes, Docker and Terraform.",
    "Experience",
    "Platform engineer at Example GmbH, 2020 - 2024: GitLab CI pipelines, MLflow model registry,",
    "Prometheus and Grafana monitoring for data drift.",
    "Skills",
    "Python, Go, PyTorch, AWS, Kubeflow",
)

_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- PDF


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) with (, ), \\ and non-ASCII escaped."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _assemble_pdf(objects: Sequence[bytes]) -> bytes:
    """Objects 1..n (1 must be the catalog) -> a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pages_pdf(contents: Sequence[bytes], resources: bytes, extra_objects: Sequence[bytes] = ()) -> bytes:
    """Pages with the given content streams; ``extra_objects`` are numbered from 3."""
    n_extra = len(extra_objects)
    first_page = 3 + n_extra
    page_refs = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(contents)))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (page_refs, len(contents)),
        *extra_objects,
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
            % (resources, first_page + 2 * i + 1)
        )
        objects.append(content)
    return _assemble_pdf(objects)


def _text_content(lines: Sequence[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 56 790 Td"]
    for line in lines:
        ops.append(_pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def make_text_pdf(lines: Sequence[str], *, lines_per_page: int = 50, font_extra: bytes = b"") -> bytes:
    """A PDF with a real text layer: ``lines`` in Helvetica (WinAnsi), top to bottom.

    Parameters
    ----------
    lines : sequence of str
        One PDF text line each; characters must exist in cp1252.
    lines_per_page : int
        Lines per page; more lines make more pages.
    font_extra : bytes
        Extra entries for the font dictionary (e.g. a ``/ToUnicode`` reference).
    """
    chunks = [lines[i : i + lines_per_page] for i in range(0, max(len(lines), 1), lines_per_page)] or [[]]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding %s >>" % font_extra
    contents = [_stream(_text_content(chunk)) for chunk in chunks]
    return _pages_pdf(contents, b"<< /Font << /F1 3 0 R >> >>", [font])


@functools.lru_cache(maxsize=2)
def make_bomb_pdf(inflated_bytes: int = 300_000_000) -> bytes:
    """A one-page PDF whose FlateDecode content stream (one line of text, then
    ``inflated_bytes`` spaces) inflates to hundreds of MB.

    The file is about 0.1% of that size (300 MB -> ~300 kB).
    """
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(_text_content(["Alex Example - MLOps Engineer"]) + b"\n")]
    parts += [compressor.compress(chunk) for _ in range(inflated_bytes // len(chunk))]
    parts.append(compressor.flush())
    content = _stream(b"".join(parts), b"/Filter /FlateDecode")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    return _pages_pdf([content], b"<< /Font << /F1 3 0 R >> >>", [font])


def make_multi_stream_bomb_pdf(n_streams: int = 4, inflated_bytes: int = 15_000_000) -> bytes:
    """A one-page PDF whose content is an array of ``n_streams`` FlateDecode streams, each
    inflating to ``inflated_bytes`` spaces (the first starts with one line of text): each
    stays under pypdf's per-stream limit (16 MB in rolefit), and together (60 MB) they exceed
    both the smallest memory cap a reader accepts and pypdf's limit on a page's streams
    (32 MB), whichever comes first. The file is about 60 kB.

    Unlike :func:`make_bomb_pdf` (one 16 MB stream, which fits under the smallest cap now
    and then), the memory cap always stops it first.
    """
    chunk = b" " * (1 << 20)
    streams = []
    for k in range(n_streams):
        compressor = zlib.compressobj(9)
        parts = [compressor.compress(_text_content(["Alex Example - MLOps Engineer"]) + b"\n")] if k == 0 else []
        parts += [compressor.compress(chunk) for _ in range(inflated_bytes // len(chunk))]
        parts.append(compressor.flush())
        streams.append(_stream(b"".join(parts), b"/Filter /FlateDecode"))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(n_streams))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents [%s] >>" % refs)
    return _assemble_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font, page, *streams]
    )


def make_encrypted_pdf(lines: Sequence[str] = SYNTHETIC_CV, *, user_password: str = "secret") -> bytes:
    """A text PDF encrypted with RC4-128 (no extra dependency); ``user_password=""``
    gives a PDF that opens without a password (owner password only)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_text_pdf(lines))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_image_only_pdf(n_pages: int = 1) -> bytes:
    """A 'scanned' PDF: each page draws a small grey image and has no text."""
    image = _stream(
        bytes([0x40, 0xC0, 0xC0, 0x40]),
        b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    content = _stream(b"q 400 0 0 400 96 300 cm /Im1 Do Q")
    return _pages_pdf([content] * n_pages, b"<< /XObject << /Im1 3 0 R >> >>", [image])


def make_garbled_pdf(lines: Sequence[str] = SYNTHETIC_CV) -> bytes:
    """A text PDF whose font's ToUnicode CMap maps every code to the private-use area,
    as broken PDF generators do: the glyphs show, the text layer is unreadable."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Garbled def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <00> <FF> <E000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>"
    contents = [_stream(_text_content(lines))]
    return _pages_pdf(contents, b"<< /Font << /F1 3 0 R >> >>", [font, _stream(cmap)])


# --------------------------------------------------------------------------- DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXTBOX_XML = """
<w:p xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <w:r><w:t xml:space="preserve">Anchor paragraph</w:t></w:r>
  <w:r>
    <mc:AlternateContent>
      <mc:Choice Requires="wps">
        <w:drawing>
          <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
                     behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
            <wp:simplePos x="0" y="0"/>
            <wp:positionH relativeFrom="page"><wp:posOffset>4572000</wp:posOffset></wp:positionH>
            <wp:positionV relativeFrom="page"><wp:posOffset>914400</wp:posOffset></wp:positionV>
            <wp:extent cx="2286000" cy="914400"/>
            <wp:wrapSquare wrapText="bothSides"/>
            <wp:docPr id="1" name="Text Box 1"/>
            <a:graphic>
              <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
                <wps:wsp>
                  <wps:cNvSpPr txBox="1"/>
                  <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="914400"/></a:xfrm>
                    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
                  <wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>
                  <wps:bodyPr/>
                </wps:wsp>
              </a:graphicData>
            </a:graphic>
          </wp:anchor>
        </w:drawing>
      </mc:Choice>
      <mc:Fallback>
        <w:pict><v:shape style="width:180pt;height:72pt"><v:textbox>
          <w:txbxContent>{paragraphs}</w:txbxContent>
        </v:textbox></v:shape></w:pict>
      </mc:Fallback>
    </mc:AlternateContent>
  </w:r>
</w:p>
"""


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def normalise_zip(data: bytes, *, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a ZIP with fixed timestamps (byte-identical reruns), optionally replacing members."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def make_docx(
    paragraphs: Sequence[str],
    table_rows: Sequence[Sequence[str]] | None = None,
    header: str | None = None,
    textbox: Sequence[str] | str | None = None,
    footer: str | None = None,
    nested_table: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A deterministic DOCX built with python-docx.

    Parameters
    ----------
    paragraphs : sequence of str
        Body paragraphs, in order.
    table_rows : sequence of sequence of str, optional
        A table added after the paragraphs (one inner sequence per row).
    header, footer : str, optional
        Text of the default page header / footer.
    textbox : str or sequence of str, optional
        Paragraph(s) of a floating text box (DrawingML with a VML fallback copy,
        as Word writes it), anchored in a paragraph "Anchor paragraph" at the end.
    nested_table : sequence of sequence of str, optional
        A table nested in the first cell of ``table_rows``'s table.
    """
    document = docx.Document()
    core = document.core_properties
    core.author, core.title, core.comments = "rolefit tests", "synthetic CV", ""
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=max(len(row) for row in table_rows))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        if nested_table:
            cell = table.cell(0, 0)
            inner = cell.add_table(rows=len(nested_table), cols=max(len(row) for row in nested_table))
            for r, row in enumerate(nested_table):
                for c, value in enumerate(row):
                    inner.cell(r, c).text = value
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    if textbox is not None:
        box_lines = [textbox] if isinstance(textbox, str) else list(textbox)
        inner_xml = "".join(f"<w:p><w:r><w:t>{_xml_escape(line)}</w:t></w:r></w:p>" for line in box_lines)
        paragraph = parse_xml(_TEXTBOX_XML.format(w=_W, paragraphs=inner_xml))
        document.element.body.sectPr.addprevious(paragraph)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def make_doctype_docx() -> bytes:
    """A DOCX whose word/document.xml declares a DOCTYPE with nested entities
    (a small "billion laughs"), used in a body paragraph."""
    data = make_docx(["ENTITY_HERE"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    entities = '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
    declaration_end = xml.index("?>") + 2
    xml = xml[:declaration_end] + f"<!DOCTYPE w:document [{entities}]>" + xml[declaration_end:]
    xml = xml.replace("ENTITY_HERE", "&c;")
    return normalise_zip(data, replace={"word/document.xml": xml.encode("utf-8")})


def _add_members(data: bytes, members: dict[str, int]) -> bytes:
    """Append members of the given sizes (zeros, deflated in 1 MB chunks) to a ZIP."""
    out = io.BytesIO(data)
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        for name, size in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=size > 2**31) as handle:
                for start in range(0, size, len(chunk)):
                    handle.write(chunk[: min(len(chunk), size - start)])
    return out.getvalue()


@functools.lru_cache(maxsize=2)
def make_zip_bomb_docx(inflated_bytes: int = 300_000_000) -> bytes:
    """A valid DOCX plus one media member of ``inflated_bytes`` zeros (~1000:1)."""
    return _add_members(make_docx(list(SYNTHETIC_CV)), {"word/media/image1.png": inflated_bytes})


def make_ratio_bomb_docx(inflated_bytes: int = 20_000_000) -> bytes:
    """A DOCX under the total-size cap with one member that inflates ~1000:1."""
    return _add_members(make_docx(list(SYNTHETIC_CV)), {"word/media/image1.png": inflated_bytes})


def make_many_members_docx(n_members: int = 1_001) -> bytes:
    """A valid DOCX padded with ``n_members`` tiny extra members."""
    return _add_members(make_docx(list(SYNTHETIC_CV)), {f"customXml/pad{i}.xml": 1 for i in range(n_members)})


def make_corrupt_deflate_docx() -> bytes:
    """A DOCX whose word/document.xml deflate data is damaged (zipfile raises zlib.error)."""
    data = bytearray(make_docx(list(SYNTHETIC_CV)))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + 20, start + info.compress_size - 20, 7):
        data[i] ^= 0x55
    return bytes(data)


def make_ole_doc() -> bytes:
    """The first bytes of a legacy Word 97-2003 (OLE2 compound file) document, then junk."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff" + bytes(range(256)) * 8


# --------------------------------------------------------------------------- test readers
# Module-level so that rolefit.readers's child process can import them by name.


def hanging_reader(path: str | os.PathLike[str]) -> object:
    """Never returns (a parser stuck in a loop)."""
    while True:
        time.sleep(1)


def hang_on_name_reader(path: str | os.PathLike[str]) -> object:
    """Hangs on files whose name starts with "hang", reads the others normally."""
    from rolefit.readers import read_document

    if os.path.basename(os.fspath(path)).startswith("hang"):
        hanging_reader(path)
    return read_document(path)


def die_on_name_reader(path: str | os.PathLike[str]) -> object:
    """Dies (SIGKILL, as the OOM killer does) on files whose name starts with "die", reads the others."""
    from rolefit.readers import read_document

    if os.path.basename(os.fspath(path)).startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_document(path)


def memory_hog_reader(path: str | os.PathLike[str]) -> object:
    """Tries to allocate 8 GB, as an inflating parser would."""
    hog = [bytearray(1 << 28) for _ in range(32)]
    return len(hog)


def crashing_reader(path: str | os.PathLike[str]) -> object:
    """Fails with an exception that is not a ReadError (a reader bug)."""
    raise RuntimeError(f"reader bug while reading {os.fspath(path)}")


def self_killing_reader(path: str | os.PathLike[str]) -> object:
    """Dies the way the kernel's OOM killer kills a process."""
    os.kill(os.getpid(), signal.SIGKILL)
    return None
