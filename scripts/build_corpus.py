"""Build rolefit's training corpus, corpora/djinni_roles.csv, from two Djinni CV files.

Inputs (MIT-licensed Djinni Recruitment Dataset rows; see corpora/LICENSE-DJINNI.md), found
under <repo>/../shared/data unless --shared-data says otherwise:

- djinni_cv_pm_design_520/djinni_cv_pm_design_520.csv  (full CVs: 260 Project Manager, 260 Design)
- djinni_cv_excerpts_2400/candidates_dev.csv            (600-character excerpts, 10 role families)

Steps, all deterministic (same inputs -> byte-identical outputs):

1. drop the repeated id in the 520 set; keep the 520 set's full CV where an id is in both files;
2. scrub e-mails, URLs, phone numbers and self-introduced names (regexes below);
3. drop rows whose normalised text repeats an earlier row (rolefit.corpus.normalise_text);
4. derive labels from the dataset's own categories with corpora/djinni_mapping.csv;
5. write corpora/djinni_roles.csv, corpora/STATS.json and the generated section of
   corpora/README.md, then re-read the CSV with rolefit.read_corpus as a check.

Usage: python scripts/build_corpus.py [--shared-data DIR] [--output-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

from rolefit._io import sha256_file
from rolefit.corpus import corpus_from_frame, duplicate_report, normalise_text, read_corpus

REPO = Path(__file__).resolve().parents[1]
PM_DESIGN = ("djinni_cv_pm_design_520", "djinni_cv_pm_design_520.csv")
EXCERPTS = ("djinni_cv_excerpts_2400", "candidates_dev.csv")
EXPECTED_SHA256 = {
    "djinni_cv_pm_design_520": "aad1708835741e3af21a7ba865c88af01c7ad3d274d462dca1306e7b8277e002",
    "djinni_cv_excerpts_2400": "5d72812ffb67ac9fb72549d031f0e75b70e206e1d044a2f02e2bcac0e63af594",
}
OUTPUT_COLUMNS = ["id", "text", "labels", "group", "source", "role_family", "primary_keyword"]
BEGIN, END = "<!-- BEGIN GENERATED: build_corpus.py -->", "<!-- END GENERATED -->"

# ----------------------------------------------------------------------------- scrubbing
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TLD = r"(?:com|net|org|ua|io|me|dev|app|ru|co|info|biz|pro|ai|eu|uk|de|pl)"
# profile hosts even without a scheme (github.com/user, t.me/handle) and bare domains with a path
PROFILE_RE = re.compile(
    r"(?<![\w@.-])(?:[\w-]+\.)*(?:github\.(?:com|io)|gitlab\.com|bitbucket\.org|linkedin\.com|"
    r"t\.me|telegram\.me|behance\.net|dribbble\.com|codewars\.com|facebook\.com|instagram\.com)"
    r"(?:/[^\s<>\"']*)?"
    rf"|(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+{_TLD}/[^\s<>\"']*"
)
_TRAILING = ".,;:!?)]}'\"»"
PHONE_RE = re.compile(r"(?<![\w/.])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
_IP_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_NAME = r"[^\W\d_][^\W\d_'’-]*"
MY_NAME_RE = re.compile(
    rf"\b((?:[Mm]y name is|MY NAME IS|[Mm]y name's|call me)\s+)({_NAME})(\s+{_NAME})?")
I_AM_RE = re.compile(rf"\b((?:I'm|I’m|I`m|I am)\s+)({_NAME})(\s+{_NAME})?")
# capitalised words that follow "I'm"/"I am" in these CVs but are not names
NOT_NAMES = frozenset("""
    Junior Middle Senior Lead Trainee Intern Graphic Front Back Full Web Mobile Frontend Backend
    Fullstack Software System Systems Business Marketing Sales Head Chief Team Data Python Java
    React Product Project Delivery Salesforce Authorized Certified Ok Okay Opened Open Ukrainian
    Kiev Kyiv Freelance Freelancer Self English Fluent Interested Looking Seeking Ready Currently
    Now Also Here Based From Glad Happy Excited Passionate Motivated Responsible Experienced
    Skilled Confident Familiar Good Very Highly Really Always Still Not Able Sure Proficient
    Strong Creative Hardworking Eager Keen And With In On At For The A An Designer Developer
    Engineer Manager Analyst Specialist Student Graduate Qualified Professional Certified
""".split())


def _title(word: str) -> bool:
    return word[:1].isupper() and not word[1:].isupper() and word not in NOT_NAMES


def _names(match: re.Match[str], counts: Counter[str]) -> str:
    lead, first, second = match.group(1), match.group(2), match.group(3)
    if not _title(first):
        return match.group(0)
    counts["names"] += 1
    out = lead + "[NAME]"
    if second:
        out += " [NAME]" if _title(second.strip()) else second
    return out


def _phone(match: re.Match[str], counts: Counter[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    runs = re.findall(r"\d+", text)

    def year(run: str) -> bool:
        return len(run) == 4 and run[:2] in ("19", "20")

    def yyyymmdd(run: str) -> bool:
        return (len(run) == 8 and year(run[:4]) and "01" <= run[4:6] <= "12"
                and "01" <= run[6:] <= "31")

    if _IP_RE.match(text.strip()) or not 10 <= len(digits) <= 15:
        return text
    # year ranges and dates ("2016 - 2019 2020", "03/2013 - 06/2019"), dated ids ("20190410-1629")
    if not text.startswith("+") and (
            all(year(r) or len(r) <= 2 for r in runs) or any(yyyymmdd(r) for r in runs)):
        return text
    counts["phones"] += 1
    return "[PHONE]"


def _url(match: re.Match[str], counts: Counter[str]) -> str:
    url = match.group(0)
    kept = url.rstrip(_TRAILING)
    counts["urls"] += 1
    return "[URL]" + url[len(kept):]


def scrub(text: str, counts: Counter[str]) -> str:
    """Replace e-mails, URLs, phone numbers and self-introduced names by placeholders."""
    text = EMAIL_RE.sub(lambda m: (counts.update(["emails"]), "[EMAIL]")[1], text)
    text = URL_RE.sub(lambda m: _url(m, counts), text)
    text = PROFILE_RE.sub(lambda m: _url(m, counts), text)
    text = PHONE_RE.sub(lambda m: _phone(m, counts), text)
    text = MY_NAME_RE.sub(lambda m: _names(m, counts), text)
    return I_AM_RE.sub(lambda m: _names(m, counts), text)


def mostly_non_latin(text: str) -> bool:
    """More than half of the letters are outside the Latin script (e.g. Cyrillic)."""
    letters = [c for c in text if c.isalpha()]
    other = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and other > len(letters) / 2


# ----------------------------------------------------------------------------- build


def load_inputs(shared: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = dict(dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    pm = pd.read_csv(shared.joinpath(*PM_DESIGN), **read)
    ex = pd.read_csv(shared.joinpath(*EXCERPTS), **read)
    a = pd.DataFrame({
        "id": pm["id"], "text": pm["CV"].str.strip(), "source": PM_DESIGN[0],
        "role_family": "", "primary_keyword": pm["Primary Keyword"],
    })
    b = pd.DataFrame({
        "id": ex["id"], "text": ex["cv_excerpt"].str.strip(), "source": EXCERPTS[0],
        "role_family": ex["role_family"], "primary_keyword": ex["primary_keyword"],
    })
    return a, b


def build(shared: Path, out_dir: Path) -> dict:
    mapping = out_dir / "djinni_mapping.csv"
    stats: dict = {"inputs": {}, "dropped": {}, "scrubbed": {}}
    for name, parts in (PM_DESIGN, PM_DESIGN), (EXCERPTS, EXCERPTS):
        path = shared.joinpath(*parts)
        digest = sha256_file(path)
        stats["inputs"][name[0]] = {"file": "/".join(parts), "sha256": digest,
                                    "matches_SOURCE_md": digest == EXPECTED_SHA256[name[0]]}
    a, b = load_inputs(shared)
    stats["inputs"][PM_DESIGN[0]]["rows"] = len(a)
    stats["inputs"][EXCERPTS[0]]["rows"] = len(b)

    repeated = a["id"].duplicated(keep="first")
    raw = pd.concat([a, b], ignore_index=True)["text"].tolist()
    stats["duplicates_in_inputs"] = duplicate_report(raw).as_dict()
    stats["dropped"]["repeated_id_in_520"] = sorted(a.loc[repeated, "id"])
    a = a.loc[~repeated]

    both = sorted(set(a["id"]) & set(b["id"]))
    overlap = []
    for rid in both:
        ra, rb = a.loc[a["id"] == rid].iloc[0], b.loc[b["id"] == rid].iloc[0]
        overlap.append({"id": rid, "kept": PM_DESIGN[0],
                        "primary_keyword_520": ra["primary_keyword"],
                        "role_family_2400": rb["role_family"],
                        "excerpt_is_prefix_of_cv": normalise_text(ra["text"]).startswith(
                            normalise_text(rb["text"]))})
    stats["dropped"]["id_in_both_files_kept_520_full_cv"] = overlap
    b = b.loc[~b["id"].isin(both)]

    frame = pd.concat([a, b], ignore_index=True)
    counts: Counter[str] = Counter()
    frame["text"] = [scrub(t, counts) for t in frame["text"]]
    stats["scrubbed"] = {k: counts[k] for k in ("emails", "urls", "phones", "names")}

    norm = [normalise_text(t) for t in frame["text"]]
    cv_norms = [n for n, s in zip(norm, frame["source"], strict=True) if s == PM_DESIGN[0]]
    first: dict[str, int] = {}
    drop = []
    for i, key in enumerate(norm):
        if key in first:
            j = first[key]
            drop.append({"id": frame.at[i, "id"], "source": frame.at[i, "source"],
                         "same_text_as": frame.at[j, "id"], "its_source": frame.at[j, "source"]})
        else:
            first[key] = i
    stats["dropped"]["exact_duplicate_text"] = drop
    keep = [first[k] == i for i, k in enumerate(norm)]
    stats["excerpts_that_are_a_prefix_of_a_520_cv"] = sum(
        1 for k, n, s in zip(keep, norm, frame["source"], strict=True)
        if k and s == EXCERPTS[0] and any(c.startswith(n) for c in cv_norms))
    frame = frame.loc[keep].reset_index(drop=True)

    corpus = corpus_from_frame(frame, mapping=mapping, path=out_dir / "djinni_roles.csv")
    out = corpus.frame.copy()
    out["labels"] = [";".join(labels) or "none" for labels in out["labels"]]
    out["role_family"] = frame["role_family"].to_numpy()
    out["primary_keyword"] = frame["primary_keyword"].to_numpy()
    csv_path = out_dir / "djinni_roles.csv"
    out[OUTPUT_COLUMNS].to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")

    check = read_corpus(csv_path, mapping=mapping)
    if check.sha256 != corpus.sha256:
        raise SystemExit("re-reading djinni_roles.csv gave a different corpus hash")

    labels = out["labels"]
    per_source = out["source"].value_counts(sort=False)
    stats["rows"] = {"total": len(out), **{s: int(n) for s, n in per_source.items()}}
    stats["label_balance"] = {
        "ai_operations_manager": int(labels.str.contains("ai_operations_manager").sum()),
        "mlops_engineer": int(labels.str.contains("mlops_engineer").sum()),
        "none": int((labels == "none").sum()),
        "both_roles": int(labels.str.contains(";").sum()),
    }
    stats["labels_by_source"] = {
        s: {k: int(v) for k, v in sorted(labels[out["source"] == s].value_counts().items())}
        for s in (PM_DESIGN[0], EXCERPTS[0])
    }
    category = [f"role_family={rf}" if rf else f"primary_keyword={pk}"
                for rf, pk in zip(out["role_family"], out["primary_keyword"], strict=True)]
    stats["labels_by_category"] = {
        c: {k: int(v) for k, v in sorted(Counter(l for cc, l in zip(category, labels, strict=True)
                                                 if cc == c).items())}
        for c in sorted(set(category))
    }
    stats["duplicates"] = corpus.duplicate_report.as_dict()
    stats["mostly_non_latin_rows"] = int(sum(mostly_non_latin(t) for t in out["text"]))
    stats["rows_with_any_cyrillic"] = int(sum(bool(re.search(r"[\u0400-\u04FF]", t))
                                              for t in out["text"]))
    stats["corpus_sha256"] = corpus.sha256
    stats["file_sha256"] = sha256_file(csv_path)
    (out_dir / "STATS.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    write_readme_section(out_dir / "README.md", stats)
    return stats


def write_readme_section(readme: Path, stats: dict) -> None:
    bal, dup = stats["label_balance"], stats["duplicates"]
    rows = stats["rows"]
    lines = [
        BEGIN,
        "",
        "| | rows |",
        "|---|---|",
        f"| total | {rows['total']:,} |",
        *(f"| from `{s}` | {rows[s]:,} |" for s in (PM_DESIGN[0], EXCERPTS[0])),
        f"| `ai_operations_manager` | {bal['ai_operations_manager']:,} |",
        f"| `mlops_engineer` | {bal['mlops_engineer']:,} |",
        f"| `none` | {bal['none']:,} |",
        f"| both roles | {bal['both_roles']:,} |",
        "",
        f"- Dropped: {len(stats['dropped']['repeated_id_in_520'])} repeated id in the 520 set; "
        f"{len(stats['dropped']['id_in_both_files_kept_520_full_cv'])} ids present in both files "
        "(the excerpt dropped, the full CV kept); "
        f"{len(stats['dropped']['exact_duplicate_text'])} further exact duplicate texts.",
        "- Duplicates left in the corpus (grouped, not dropped): "
        f"{dup['n_exact_duplicates']} exact, "
        f"{dup['n_near_duplicates']} near (5-gram Jaccard >= {dup['threshold']}); duplicate rate "
        f"{dup['duplicate_rate']:.2%}; {dup['n_groups']:,} groups.",
        f"- Scrubbed: {stats['scrubbed']['urls']} URLs, {stats['scrubbed']['emails']} e-mails, "
        f"{stats['scrubbed']['phones']} phone numbers, "
        f"{stats['scrubbed']['names']} self-introduced names.",
        "- Rows mostly in non-Latin script (Cyrillic): "
        f"{stats['mostly_non_latin_rows']}; rows with "
        f"any Cyrillic letter: {stats['rows_with_any_cyrillic']}.",
        f"- Corpus hash (`Corpus.sha256`): `{stats['corpus_sha256']}`",
        "",
        END,
    ]
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    readme.write_text(text[:start] + "\n".join(lines) + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder holding the djinni_* data folders (default: %(default)s)")
    parser.add_argument("--output-dir", type=Path, default=REPO / "corpora",
                        help="where djinni_mapping.csv lives and outputs go (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.shared_data.joinpath(*PM_DESIGN).exists():
        print(f"error: {args.shared_data.joinpath(*PM_DESIGN)} not found; pass --shared-data",
              file=sys.stderr)
        return 2
    stats = build(args.shared_data, args.output_dir)
    for name, info in stats["inputs"].items():
        if not info["matches_SOURCE_md"]:
            print(f"warning: {name} sha256 differs from the one in its SOURCE.md", file=sys.stderr)
    print(json.dumps({k: stats[k] for k in ("rows", "label_balance", "duplicates")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
