"""Build ``src/rolefit/data/job_titles.csv``: job titles -> title classes, from O*NET 29.3.

Each O*NET 29.3 occupation title, alternate title, short title and sample reported title
becomes a lexicon entry whose class comes from the occupation's SOC code
(:data:`CLASS_RULES`, first matching prefix wins). Titles the extractor reads in title
positions (a CV's first line, experience entries) become ``job_title`` mentions of the
class concept (``title_*`` rows of ``concepts.csv``).

Leakage guard: the out-of-domain set ``corpora/occupations_ood.csv`` holds whole O*NET
occupation groups (SOC broad occupations) out of training, and its labels are defined by
occupation codes. Titles of those held-out groups are never read here: the held-out groups
are taken from the OOD file itself (its ``onet:`` groups), so the lexicon only knows titles
of occupations the model is trained on. ESCO (the other OOD part) is not read at all.

A title listed under occupations of different classes (``Project Manager``: construction,
IT...) is kept with an empty class: it is recognised but gives no mention, and stops a
shorter title inside it from being read instead ("Project Manager" never falls back to
"Manager").

EU spelling: European CVs and ESCO write "ICT" (information and communication technology)
where O*NET writes "IT". Every title also gets its EU spellings (``rolefit.schema.eu_spellings``,
the one home of the rule, which the taxonomy's surface forms use too), with the same class,
unless that form is already an O*NET title.

Usage: python scripts/build_title_lexicon.py [--shared-data DIR]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

from rolefit.schema import eu_spellings

ROOT = Path(__file__).resolve().parents[1]
FOLDER = "onet_29_3_tasks_titles"
OUT = ROOT / "src" / "rolefit" / "data" / "job_titles.csv"

#: (SOC code prefix, class concept id): first match wins; every other code is ``title_other``.
CLASS_RULES = (
    ("11-3021", "title_it_manager"),
    ("11-", "title_manager"),
    ("13-", "title_business"),
    ("15-1221", "title_data_ml"),
    ("15-2", "title_data_ml"),
    ("15-125", "title_software"),
    ("15-1", "title_it_operations"),
    ("17-", "title_engineering_science"),
    ("19-", "title_engineering_science"),
)
OTHER = "title_other"

#: rolefit's own titles for the two roles (issue 13: "plus your own for the two roles"),
#: written with soc_codes ``rolefit``, and two one-word titles whose O*NET class misleads on a
#: CV, kept without class. Three of them are also ESCO labels of OOD occupations (chief
#: information, technology and data officer, ISCO 1330): those OOD documents' title lines match them.
OWN_TITLES = (
    ("mlops engineer", "title_it_operations"),
    ("ml ops engineer", "title_it_operations"),
    ("devops engineer", "title_it_operations"),
    ("site reliability engineer", "title_it_operations"),
    ("sre", "title_it_operations"),
    ("platform engineer", "title_it_operations"),
    ("ml platform engineer", "title_it_operations"),
    ("ml engineer", "title_data_ml"),
    ("ai engineer", "title_data_ml"),
    ("ai operations manager", "title_it_manager"),
    ("ai ops manager", "title_it_manager"),
    ("ai governance lead", "title_it_manager"),
    ("ai governance manager", "title_it_manager"),
    ("head of ai", "title_it_manager"),
    ("ml platform lead", "title_it_manager"),
    # O*NET files the IT executives under Chief Executives (11-1011: no SOC code of their
    # own), so its lexicon would call them managers outside IT; they lead IT.
    ("chief information officer", "title_it_manager"),
    ("chief technology officer", "title_it_manager"),
    ("cio", "title_it_manager"),
    ("cto", "title_it_manager"),
    # their peers who lead data, digital and AI (O*NET lists none of them; the lexicon read
    # "Chief Data Officer" by its tail, "officer", as an occupation outside IT)
    ("chief data officer", "title_it_manager"),
    ("chief digital officer", "title_it_manager"),
    ("chief ai officer", "title_it_manager"),
    ("chief artificial intelligence officer", "title_it_manager"),
    # Recognised, no mention (class ""). O*NET's training occupations list these one-word
    # titles only as photographic processing ("developer", 51-9151) and CNC tool programming
    # ("programmer", 51-9162); on a CV they almost always mean a software developer, whose
    # occupations (15-1251..15-1254) are held out, so no class can be given without leaking.
    # The qualified-title rules still read "Python Developer" or "C++ programmer".
    ("developer", ""),
    ("programmer", ""),
)


def title_class(code: str) -> str:
    for prefix, cls in CLASS_RULES:
        if code.startswith(prefix):
            return cls
    return OTHER


def title_key(title: str) -> str:
    """Lower case, parenthesised parts and punctuation other than ``/ & + # .`` dropped."""
    title = re.sub(r"\([^)]*\)", " ", title)
    return " ".join(re.findall(r"[\w/&+#.]+", title.casefold())).strip(" .")


def held_out_groups(ood: Path) -> set[str]:
    with ood.open(encoding="utf-8", newline="") as fh:
        return {r["group"][5:] for r in csv.DictReader(fh) if r["group"].startswith("onet:")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared-data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    src = args.shared_data / FOLDER
    held = held_out_groups(ROOT / "corpora" / "occupations_ood.csv")
    classes: dict[str, set[str]] = defaultdict(set)
    codes: dict[str, set[str]] = defaultdict(set)

    def add(code: str, title: str) -> None:
        if code[:7] in held or not title.strip():
            return
        key = title_key(title)
        if not key or len(key) < 2:
            return
        classes[key].add(title_class(code))
        codes[key].add(code)

    for name, cols in (
        ("Occupation Data.txt", ("Title",)),
        ("Alternate Titles.txt", ("Alternate Title", "Short Title")),
        ("Sample of Reported Titles.txt", ("Reported Job Title",)),
    ):
        with (src / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                for col in cols:
                    add(row["O*NET-SOC Code"], row[col] or "")
    for key, cls in OWN_TITLES:
        classes[key] = {cls}
        codes[key] = {"rolefit"}
    for key in sorted(classes):
        for variant in eu_spellings(key):
            if variant not in classes:
                classes[variant] = set(classes[key])
                codes[variant] = set(codes[key])
    rows = []
    for key in sorted(classes):
        cls = next(iter(classes[key])) if len(classes[key]) == 1 else ""
        rows.append({"title": key, "class": cls, "soc_codes": " ".join(sorted(codes[key]))})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["title", "class", "soc_codes"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n_mixed = sum(1 for r in rows if not r["class"])
    print(f"{len(rows)} titles ({n_mixed} listed under several classes, kept without class); "
          f"{len(held)} held-out O*NET groups skipped -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
