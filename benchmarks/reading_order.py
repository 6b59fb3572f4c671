"""Which PDF text extraction keeps the columns of a two-column CV apart?

Compares, on the same files: pypdf's default (content-stream) mode, pypdf's
``extraction_mode="layout"``, pdfminer.six's layout analysis (``extract_text`` with default
``LAParams``), pypdfium2's ``get_text_range``, and rolefit's reader (pypdf fragments with
positions, ordered column by column; :mod:`rolefit.readers._columns`). pdfminer.six and
pypdfium2 are not rolefit dependencies: install them next to it to include them
(``pip install pdfminer.six pypdfium2``); missing ones are reported as skipped.

Documents:

- ``resumematcher_modern-two-column.pdf`` against its one-column twin
  ``resumematcher_single-column.pdf`` (``../shared/data/sample_cv_files``, Apache-2.0);
- a generated two-column CV (``tests/documents.py``) whose content stream is written row by
  row, left line then sidebar line, as table-based templates do, against the same text in
  one column.

Per method and document: ``intact`` = share of the source lines (synthetic CV) found whole on
one output line; ``concepts`` = taxonomy concepts found; ``lost`` = concepts the one-column
twin has and this extraction does not (e.g. Go, Helm); ``skills_section`` = sidebar concepts
whose mention stands in the ``skills`` section (not ``experience``); ``misplaced`` = concepts
in the ``skills`` section that the twin has only elsewhere (main-column text read as skills).

Run: ``.venv/bin/python benchmarks/reading_order.py``
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
SAMPLES = HERE.parent.parent / "shared" / "data" / "sample_cv_files"


def _pypdf(mode: str) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n\n".join(page.extract_text(extraction_mode=mode) for page in reader.pages)

    return run


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _pdfium(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _rolefit(data: bytes) -> str:
    from rolefit.readers import read_document

    return read_document(data).text


METHODS: dict[str, Callable[[bytes], str]] = {
    "pypdf default": _pypdf("plain"),
    "pypdf layout": _pypdf("layout"),
    "pdfminer.six": _pdfminer,
    "pypdfium2": _pdfium,
    "rolefit reader": _rolefit,
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def main() -> int:
    from documents import TWO_COLUMN_MAIN, TWO_COLUMN_SIDEBAR, make_two_column_pdf
    from rolefit import extract_skills

    docs: list[tuple[str, bytes, str, tuple[str, ...], set[str]]] = []
    twin_text = "\n".join(TWO_COLUMN_MAIN + TWO_COLUMN_SIDEBAR)
    sidebar = {m.concept_id for m in extract_skills("\n".join(TWO_COLUMN_SIDEBAR))}
    docs.append(("synthetic interleaved", make_two_column_pdf(), twin_text, TWO_COLUMN_MAIN + TWO_COLUMN_SIDEBAR, sidebar))
    two, one = SAMPLES / "resumematcher_modern-two-column.pdf", SAMPLES / "resumematcher_single-column.pdf"
    if two.is_file() and one.is_file():
        twin = _pypdf("plain")(one.read_bytes())
        real_sidebar = {m.concept_id for m in extract_skills(twin) if m.section == "skills"}
        docs.append(("resumematcher two-column", two.read_bytes(), twin, (), real_sidebar))
    else:
        print(f"skipped the Resume-Matcher samples: {SAMPLES} not found")
    print("| method | document | intact lines | concepts | lost vs one-column | sidebar concepts in skills | misplaced into skills | ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, method in METHODS.items():
        for doc_name, data, reference, lines, side in docs:
            try:
                start = time.perf_counter()
                text = method(data)
                ms = (time.perf_counter() - start) * 1000
            except ImportError as exc:
                print(f"| {name} | {doc_name} | skipped ({exc.name} not installed) | | | | | |")
                break
            out_lines = {_norm(line) for line in text.splitlines()}
            intact = f"{sum(_norm(line) in out_lines for line in lines)}/{len(lines)}" if lines else "n/a"
            ref = {m.concept_id for m in extract_skills(reference)}
            mentions = extract_skills(text)
            found = {m.concept_id for m in mentions}
            lost = sorted(ref - found)
            skills = {m.concept_id for m in mentions if m.section == "skills"}
            in_skills = skills & side
            misplaced = sorted(skills - side)
            print(
                f"| {name} | {doc_name} | {intact} | {len(found)} | {len(lost)} {', '.join(lost)} "
                f"| {len(in_skills)}/{len(side)} | {len(misplaced)} {', '.join(misplaced)} | {ms:.0f} |"
            )
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    raise SystemExit(main())
