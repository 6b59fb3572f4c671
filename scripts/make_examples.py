"""Build the sample CV folder examples/cvs/ (what `make run` batch-scores).

Run from anywhere: ``python scripts/make_examples.py``. Reruns are byte-identical
(fixed DOCX timestamps and metadata, sorted choices); the script checks this by
building everything twice in memory before writing.

What it writes (licences and sources: examples/NOTICE.md, also written here):

- two Apache-2.0 Resume-Matcher PDFs copied from ../shared/data/sample_cv_files
  (the AGPL OpenResume PDFs are skipped);
- three DOCX CVs and one Markdown CV from short synthetic text written for rolefit
  (fictional people and companies): an MLOps engineer, an AI operations manager,
  a UX designer (neither role) and an ML platform lead (both);
- six real Djinni CV excerpts (MIT) as .txt, chosen deterministically (first rows by
  id in their role family with a matching Djinni keyword, no URL and no "my name is"),
  with URLs, e-mails, phone numbers, handles and self-introduced names replaced by
  placeholders;
- portfolio.png, a 1x1 PNG, so the batch shows an UNSUPPORTED_FORMAT row.

The notices live in examples/, not examples/cvs/, so the batch does not score them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
EXAMPLES = REPO / "examples"
CVS = EXAMPLES / "cvs"
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

RESUME_MATCHER = ("resumematcher_single-column.pdf", "resumematcher_modern-two-column.pdf")
# role family -> (how many, Djinni primary keywords that fit the family)
DJINNI_PICKS = {
    "devops_cloud": (2, {"DevOps", "Sysadmin"}),
    "machine_learning": (2, {"Data Science", "Python"}),
    "product_project": (1, {"Project Manager", "Product Manager"}),
    "design_ux": (1, {"Design"}),
}

# --------------------------------------------------------------------------- synthetic CVs
# Each CV: title, subtitle, header line, [(heading, [paragraph | ("bullets", [...]) |
# ("table", [[...]]) ])], optional text box lines (a sidebar, as CV templates draw them).

MLOPS = {
    "file": "mlops_engineer.docx",
    "title": "Jordan Lee",
    "subtitle": "MLOps Engineer, Berlin",
    "header": "Jordan Lee | MLOps Engineer | jordan.lee@example.com",
    "sections": [
        ("Summary", [
            "MLOps engineer with six years of experience taking machine-learning models from "
            "notebooks to production. I build and run ML platforms on Kubernetes and keep them "
            "observable, reproducible and affordable.",
        ]),
        ("Experience", [
            "Senior MLOps Engineer, Northwind Analytics GmbH (2021 - present)",
            ("bullets", [
                "Run 40+ models on Kubernetes (Amazon EKS) as Docker images built, scanned and "
                "tested in GitLab CI pipelines.",
                "Introduced MLflow experiment tracking and the MLflow model registry: every "
                "production model is versioned, reviewed and reproducible.",
                "Provisioned the AWS infrastructure with Terraform modules and Helm charts.",
                "Built Prometheus alerts and Grafana dashboards for latency, errors and data drift.",
            ]),
            "Machine Learning Engineer, Contoso Retail (2018 - 2021)",
            ("bullets", [
                "Trained demand-forecasting models in Python with PyTorch and scikit-learn.",
                "Orchestrated training pipelines with Kubeflow Pipelines and Airflow.",
            ]),
        ]),
        ("Skills", [
            ("table", [
                ["Containers and orchestration", "Kubernetes, Docker, Helm"],
                ["CI/CD and infrastructure as code", "GitLab CI, GitHub Actions, Terraform"],
                ["ML lifecycle", "MLflow, model registry, Kubeflow, data drift monitoring"],
                ["Observability", "Prometheus, Grafana"],
                ["Languages", "Python, Go, Bash"],
            ]),
        ]),
        ("Certifications", [
            ("bullets", ["Certified Kubernetes Administrator (CKA)", "AWS Certified Machine Learning - Specialty"]),
        ]),
    ],
    "textbox": None,
}

AI_OPS = {
    "file": "ai_operations_manager.docx",
    "title": "Maria Rossi",
    "subtitle": "AI Operations Manager, Milan",
    "header": "Maria Rossi | AI Operations Manager | maria.rossi@example.com",
    "sections": [
        ("Summary", [
            "AI operations manager who makes AI programmes safe, compliant and delivered on time. "
            "Eight years in IT delivery, the last four running AI governance for a European insurer.",
        ]),
        ("Experience", [
            "AI Operations Manager, Fabrikam Insurance (2020 - present)",
            ("bullets", [
                "Set up the AI governance framework and the model risk register, aligned with the "
                "NIST AI RMF and ISO/IEC 42001.",
                "Led EU AI Act readiness: classified 35 AI systems, ran conformity assessments for "
                "the high-risk ones and coordinated GDPR data protection impact assessments with the DPO.",
                "Owned risk management for AI vendors: due diligence, contracts and a EUR 2.4M annual budget.",
                "Drove stakeholder alignment between legal, compliance, data science and the business "
                "through a monthly AI steering committee.",
            ]),
            "IT Project Manager, Tailspin Consulting (2016 - 2020)",
            ("bullets", [
                "Delivered ERP and analytics projects with Scrum teams of up to 12 people; tracked "
                "delivery in Jira and documentation in Confluence.",
                "Managed vendors and budgets of up to EUR 800k per project.",
            ]),
        ]),
        ("Skills", [
            "AI governance, EU AI Act, GDPR, risk management, stakeholder alignment, vendor "
            "management, budget management, Agile and Scrum, Jira, Confluence.",
        ]),
    ],
    "textbox": [
        "Certifications",
        "PMP (Project Management Professional)",
        "Certified ScrumMaster (CSM)",
        "IAPP CIPP/E",
        "Certified AI Ethics and Governance Professional",
    ],
}

UX = {
    "file": "ux_designer.docx",
    "title": "Sam Novak",
    "subtitle": "Product (UX/UI) Designer, Prague",
    "header": "Sam Novak | Product Designer | sam.novak@example.com",
    "sections": [
        ("Summary", [
            "Product designer with five years of experience in user research, interaction design "
            "and design systems for fintech and e-commerce apps.",
        ]),
        ("Experience", [
            "Senior Product Designer, Litware Bank (2021 - present)",
            ("bullets", [
                "Redesigned the mobile onboarding flow; completion rate up 18%.",
                "Run 30+ usability tests and customer interviews a year.",
                "Built and maintain the Figma design system (200+ components).",
            ]),
            "UI Designer, Adatum Studio (2019 - 2021)",
            ("bullets", ["Designed responsive websites and landing pages; handed off to developers with Zeplin."]),
        ]),
        ("Skills", [
            ("table", [
                ["Research", "user interviews, usability testing, journey mapping"],
                ["Design", "Figma, Sketch, prototyping, design systems, accessibility (WCAG 2.1)"],
                ["Collaboration", "workshops, Miro, Jira"],
            ]),
        ]),
    ],
    "textbox": None,
}

ML_PLATFORM_LEAD_MD = """\
# Alex Kim - Head of ML Platform

Munich | alex.kim@example.com

## Summary

Engineering leader with ten years in data and ML infrastructure. I run the ML platform team
and represent it to risk, legal and the business.

## Experience

### Head of ML Platform, Woodgrove Bank (2021 - present)

- Lead a team of nine engineers running model training and serving on Kubernetes with Docker,
  Terraform and GitLab CI.
- Own the MLflow model registry and the monitoring of data drift with Prometheus and Grafana.
- Set the platform roadmap and a EUR 1.5M budget; manage cloud and tooling vendors.
- Prepared the bank's ML platform for the EU AI Act together with compliance: model
  documentation, risk management and human oversight for credit-scoring models.
- Align stakeholders across risk, data science and product in quarterly planning.

### Senior Data Engineer, Proseware (2015 - 2021)

- Built batch and streaming pipelines in Python and Go on AWS.

## Skills

Kubernetes, Docker, Terraform, GitLab CI, MLflow, Prometheus, Grafana, Python, Go,
stakeholder management, budgeting, EU AI Act, GDPR, risk management, Scrum, Jira.
"""

# --------------------------------------------------------------------------- Djinni scrubbing

_URL = re.compile(r"(?i:https?://|www\.)[^\s,;)]+")
# bare lower-case domains such as github.com/user or t.me/user (".NET", "Node.js" are kept)
_DOMAIN = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|io|me|ua|dev|app|co)\b(?:/\S*)?")
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w{3,}")
_PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
_NAME = re.compile(r"\b(my name is)\s+[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ']+", re.I)


def scrub(text: str) -> str:
    """Replace e-mails, URLs, handles, phone numbers and self-introduced names."""
    text = _EMAIL.sub("[EMAIL]", text)
    text = _URL.sub("[URL]", text)
    text = _DOMAIN.sub("[URL]", text)
    text = _HANDLE.sub("[HANDLE]", text)
    text = _PHONE.sub(lambda m: "[PHONE]" if 10 <= sum(c.isdigit() for c in m.group()) <= 15 else m.group(), text)
    return _NAME.sub(lambda m: f"{m.group(1)} [NAME]", text)


def pick_djinni_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda row: row["id"])
    picked = []
    for family, (count, keywords) in DJINNI_PICKS.items():
        fitting = [
            row for row in rows
            if row["role_family"] == family
            and row["primary_keyword"] in keywords
            and not re.search(r"https?://|www\.", row["cv_excerpt"], re.I)
            and not re.search(r"my name is", row["cv_excerpt"], re.I)
        ]
        picked.extend(fitting[:count])
    return picked


# --------------------------------------------------------------------------- builders

_TEXTBOX = """<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300"
 simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>5029200</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>1371600</wp:posOffset></wp:positionV>
<wp:extent cx="2057400" cy="1371600"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Sidebar"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2057400" cy="1371600"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape style="position:absolute;margin-left:396pt;margin-top:108pt;width:162pt;height:108pt">
<v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r></w:p>"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(cv: dict) -> bytes:
    document = docx.Document()
    core = document.core_properties
    core.author = core.last_modified_by = "rolefit examples (synthetic)"
    core.title = f"{cv['title']} - CV (synthetic)"
    core.comments = "Synthetic CV written for rolefit; fictional person and companies."
    core.created = core.modified = core.last_printed = FIXED_TIME
    core.revision = 1
    document.styles["Normal"].font.size = Pt(10.5)
    document.sections[0].header.paragraphs[0].text = cv["header"]
    document.sections[0].footer.paragraphs[0].text = "Synthetic example CV - rolefit"
    document.add_heading(cv["title"], level=0)
    document.add_paragraph(cv["subtitle"])
    if cv["textbox"]:
        inner = "".join(f"<w:p><w:r><w:t>{_escape(line)}</w:t></w:r></w:p>" for line in cv["textbox"])
        document.element.body.sectPr.addprevious(parse_xml(_TEXTBOX.format(paragraphs=inner)))
    for heading, blocks in cv["sections"]:
        document.add_heading(heading, level=1)
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
            elif block[0] == "bullets":
                for item in block[1]:
                    document.add_paragraph(item, style="List Bullet")
            else:
                table = document.add_table(rows=0, cols=len(block[1][0]))
                table.style = "Table Grid"
                for row in block[1]:
                    cells = table.add_row().cells
                    for cell, value in zip(cells, row):
                        cell.text = value
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def tiny_png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")


def djinni_text(row: dict[str, str]) -> str:
    return f"Position: {scrub(row['position'])}\n\n{scrub(row['cv_excerpt']).strip()}\n"


def build_all() -> dict[str, bytes]:
    """Every file of examples/ (relative path -> bytes)."""
    files: dict[str, bytes] = {}
    for name in RESUME_MATCHER:
        files[f"cvs/{name}"] = (SHARED / "sample_cv_files" / name).read_bytes()
    for cv in (MLOPS, AI_OPS, UX):
        files[f"cvs/{cv['file']}"] = build_docx(cv)
    files["cvs/ml_platform_lead.md"] = ML_PLATFORM_LEAD_MD.encode("utf-8")
    rows = pick_djinni_rows(SHARED / "djinni_cv_excerpts_2400" / "candidates_dev.csv")
    counters: dict[str, int] = {}
    picked = []
    for row in rows:
        family = row["role_family"]
        counters[family] = counters.get(family, 0) + 1
        name = f"djinni_{family}_{counters[family]}.txt"
        files[f"cvs/{name}"] = djinni_text(row).encode("utf-8")
        picked.append((name, row))
    files["cvs/portfolio.png"] = tiny_png()
    files["NOTICE.md"] = notice(picked).encode("utf-8")
    files["README.md"] = readme(picked).encode("utf-8")
    return files


# --------------------------------------------------------------------------- notices


def notice(picked: list[tuple[str, dict[str, str]]]) -> str:
    djinni_rows = "\n".join(
        f"| `cvs/{name}` | `{row['id']}` | {row['role_family']} | {row['primary_keyword']} |" for name, row in picked
    )
    return f"""\
# Notices for the sample CVs in examples/cvs

Generated by `scripts/make_examples.py`; do not edit by hand.

## Resume-Matcher PDFs (Apache License 2.0)

| file | source |
|---|---|
| `cvs/resumematcher_single-column.pdf` | `srbhr/Resume-Matcher` @ `82b758b589ab34b0f7722cd9acfc6ad41c42d4b7`, `assets/pdf-templates/single-column.pdf` |
| `cvs/resumematcher_modern-two-column.pdf` | same repository and commit, `assets/pdf-templates/modern-two-column.pdf` |

A fictional "John Doe, Senior Software Engineer" rendered by Resume-Matcher's templates
(github.com/srbhr/Resume-Matcher), copied unmodified. Copyright the Resume-Matcher
contributors. Licensed under the Apache License, Version 2.0 (the "License"); you may not use
these files except in compliance with the License. A copy of the License is in
`LICENSE-Apache-2.0.txt` next to this file and at https://www.apache.org/licenses/LICENSE-2.0.
Unless required by applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
either express or implied. See the License for the specific language governing permissions
and limitations under the License.

(The OpenResume sample PDFs in the same shared data folder are AGPL-3.0 and are not included.)

## Djinni CV excerpts (MIT)

| file | Djinni id | role family (thesis label) | Djinni keyword |
|---|---|---|---|
{djinni_rows}

Source: the **Djinni Recruitment Dataset** (`lang-uk/recruitment-dataset-candidate-profiles-english`
on Hugging Face, declared `license: mit`), in the 600-character excerpts selected by
github.com/jyrihkl/thesis-prototype @ `2dfc2c9f478454d1e3319de3344ad26c624a1ee9`,
`data/processed/participants/candidates_2400.csv` (that repository has no LICENSE file; the
rows are Djinni records cut and labelled by it). Each file holds the `position` and
`cv_excerpt` of one row. Rows were chosen deterministically (first by id in their role
family with a fitting Djinni keyword, no URL and no "my name is"); URLs, e-mail addresses,
phone numbers, @handles and self-introduced names were replaced by `[URL]`, `[EMAIL]`,
`[PHONE]`, `[HANDLE]` and `[NAME]`. Excerpts are cut at 600 characters, often mid-word.

Citation: Nazarii Drushchak and Mariana Romanyshyn, "Introducing the Djinni Recruitment
Dataset: A Corpus of Anonymized CVs and Job Postings", Proceedings of the Third Ukrainian
Natural Language Processing Workshop (UNLP) @ LREC-COLING 2024, pp. 8-13.
https://aclanthology.org/2024.unlp-1.2

The dataset card names no copyright holder; the holder line below is inferred from the
dataset authors.

```
MIT License

Copyright (c) 2024 Nazarii Drushchak, Mariana Romanyshyn (Djinni Recruitment Dataset, lang-uk)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
```

## Synthetic CVs (rolefit, Apache License 2.0)

`cvs/mlops_engineer.docx`, `cvs/ai_operations_manager.docx`, `cvs/ux_designer.docx`,
`cvs/ml_platform_lead.md` and `cvs/portfolio.png` were written or generated for rolefit by
`scripts/make_examples.py`. The people, e-mail addresses (example.com) and companies are
fictional; they are released under rolefit's licence.
"""


def readme(picked: list[tuple[str, dict[str, str]]]) -> str:
    djinni = "\n".join(f"| `{name}` | real Djinni excerpt, {row['role_family']} ({row['primary_keyword']}) |"
                       for name, row in picked)
    return f"""\
# Sample CVs

`make run` batch-scores the folder `cvs/` (`rolefit batch examples/cvs ...`). Rebuild it with
`python scripts/make_examples.py` (deterministic). Licences and sources: `NOTICE.md`.

| file | what it shows |
|---|---|
| `mlops_engineer.docx` | synthetic, clearly an MLOps engineer; header, footer, bullets, a skills table |
| `ai_operations_manager.docx` | synthetic, clearly an AI operations manager; certifications in a floating text box |
| `ux_designer.docx` | synthetic, neither role (product designer) |
| `ml_platform_lead.md` | synthetic Markdown, a lead with both technical and managerial skills |
| `resumematcher_single-column.pdf` | a software engineer's PDF CV (Apache-2.0 template) |
| `resumematcher_modern-two-column.pdf` | the same CV in two columns (column reading order) |
{djinni}
| `portfolio.png` | not a CV document: the batch reports an `UNSUPPORTED_FORMAT` row, never a score |

## Interaction terms

`interactions.csv` defines the interaction terms measured in `scripts/interaction_ablation.py`
("management AND IT context" for the AI operations manager, "machine learning AND operations"
for the MLOps engineer). Each side names groups defined elsewhere (`requirement:<role>/<id>` of
`requirements.csv`, `group:<group>` of `concepts.csv`) or concept ids. Train with them with
`rolefit train CORPUS --output DIR --interactions examples/interactions.csv`; the bundled model
uses none, because on the bundled corpora the terms get no weight for their own role (see the
script's output).
"""


def main() -> int:
    if not (SHARED / "sample_cv_files").is_dir():
        raise SystemExit(f"shared data not found at {SHARED}; it must sit beside the repository")
    first, second = build_all(), build_all()
    if first != second:
        raise SystemExit("make_examples is not deterministic: two builds differ")
    CVS.mkdir(parents=True, exist_ok=True)
    for relative, data in sorted(first.items()):
        target = EXAMPLES / relative
        target.write_bytes(data)
        print(f"{hashlib.sha256(data).hexdigest()[:16]}  {target.relative_to(REPO)}")
    stale = sorted(set(p.name for p in CVS.iterdir()) - {Path(r).name for r in first if r.startswith("cvs/")})
    for name in stale:
        print(f"note: {CVS.relative_to(REPO) / name} is not generated by this script", file=sys.stderr)
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    sys.exit(main())
