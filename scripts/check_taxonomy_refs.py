"""Check the bundled taxonomy's references against the source data it cites.

Usage::

    python scripts/check_taxonomy_refs.py [--data ../shared/data] [--concepts FILE] [--profiles FILE]

Checks, and exits 1 listing every problem:

* each non-empty ``esco`` value of ``concepts.csv`` is the preferred label of an ESCO v1.0
  occupation, transversal skill, ICT skill or skill group, or an ESCO v1.1 skill preferred
  label (files under ``esco_v1_0_subset/``);
* each non-empty ``onet`` value is exactly an ``Example`` of O*NET 29.2
  ``Technology Skills.txt``;
* the taxonomy loads (rolefit.load_taxonomy) and every concept id used by
  ``rolefit/data/probes.json`` exists.

The data folder defaults to ``../shared/data`` beside the repository. This is a maintainer
script: it is not part of the installed package and not run by the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DATA = REPO / "src" / "rolefit" / "data"


def esco_labels(data: Path) -> set[str]:
    """Preferred labels from the ESCO subset (v1.0 CSVs plus the v1.1 skill label list)."""
    base = data / "esco_v1_0_subset"
    labels: set[str] = set()
    for name in (
        "occupations_en.csv",
        "transversalSkillsCollection_en.csv",
        "ictSkillsCollection_en.csv",
        "skillGroups_en.csv",
    ):
        with (base / name).open(encoding="utf-8", newline="") as fh:
            labels.update(row["preferredLabel"].strip() for row in csv.DictReader(fh))
    v11 = base / "esco_v1_1_skill_preferred_labels.txt"
    labels.update(line.strip() for line in v11.read_text(encoding="utf-8").splitlines() if line.strip())
    return labels


def onet_examples(data: Path) -> set[str]:
    """The ``Example`` column (product names) of O*NET 29.2 Technology Skills."""
    path = data / "onet_29_2_technology_skills" / "Technology Skills.txt"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)
        return {row[1] for row in reader if len(row) > 1}


def check(concepts: Path, data: Path, profiles: Path | None = None) -> list[str]:
    """Problems found, one message each (empty when all references check out)."""
    problems: list[str] = []
    esco, onet = esco_labels(data), onet_examples(data)
    with concepts.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["esco"] and row["esco"] not in esco:
                problems.append(f"{row['id']}: esco {row['esco']!r} is not an ESCO preferred label")
            if row["onet"] and row["onet"] not in onet:
                problems.append(f"{row['id']}: onet {row['onet']!r} is not an O*NET 29.2 Example")

    from rolefit.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(concepts, profiles)
    probes = json.loads((PACKAGE_DATA / "probes.json").read_text(encoding="utf-8"))
    for probe in probes["probes"]:
        for cid in probe["evidence"]:
            if cid not in taxonomy and probe["id"] != "unknown_concepts":
                problems.append(f"probes.json {probe['id']!r}: unknown concept {cid!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--concepts", type=Path, default=PACKAGE_DATA / "concepts.csv")
    parser.add_argument("--profiles", type=Path, default=PACKAGE_DATA / "profiles.csv")
    args = parser.parse_args(argv)
    problems = check(args.concepts, args.data, args.profiles)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
