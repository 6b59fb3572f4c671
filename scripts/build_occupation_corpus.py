"""Build the occupation corpora: CV-like documents composed from O*NET 29.3 and ESCO v1.0.

Two files that share no source occupation or occupation group:

``corpora/occupations_train.csv`` -- **training** documents from O*NET 29.3 (USDOL/ETA, CC BY 4.0):
    one or more per O*NET-SOC occupation with at least four task statements. Each document
    is a short CV: a title line (an O*NET alternate title), a summary (the O*NET occupation
    description), two or three experience entries whose bullets are the occupation's task
    statements, and a skills line drawn from the occupation's O*NET 29.2 Technology Skills
    examples (hot technologies first). They add what the Djinni IT corpus lacks: the rest
    of the world of work as negatives (hard negatives -- non-IT managers, supervisors, project
    specialists, compliance managers -- get several documents each) and IT managers and
    systems/ML occupations as positives.
``corpora/occupations_ood.csv`` -- the **out-of-domain evaluation** set: the O*NET documents
    of the held-out O*NET occupation groups (:data:`ONET_OOD_ONE_IN`), never in the training
    file, and documents from ESCO v1.0 (European Commission): one document per ESCO occupation (several for the positive
    occupations and for managers; half of the other non-IT occupations, chosen by a hash
    of the ESCO id), composed from the ESCO preferred and alternative labels
    and the ESCO description. Never used for training.

Labels follow ``corpora/occupation_labels.csv`` (one row per rule; O*NET rules name an
O*NET-SOC code, ESCO rules an ISCO unit group ``isco:NNNN`` or an ESCO preferred label);
every other occupation is ``none``. ``group`` is the source occupation (all documents of one
occupation share it, so they never straddle a grouped split); ``domain`` is ``it`` for
ICT occupations (O*NET 15-1xxx, 15-2051, 11-3021; ISCO 133x, 25xx, 35xx) and ``non_it``
otherwise -- the false-fit rate is measured on ``non_it`` rows.

Composed documents describe occupations, not people: they stand in for "someone who does
this job". Titles that name one of rolefit's roles (DevOps, machine learning, AI, data
science) are never used for a ``none`` occupation, so a document's title never contradicts
its label.

Titles are singular: both sources list plural titles (O*NET occupation names, some ESCO
alternative labels), and a CV never heads itself with a plural; :func:`singular_titles`
replaces them (corpora/README.md, "Titles are singular"). About 500 lines in one file: a
script run by hand, kept whole so that it can be read top to bottom.

Deterministic: same inputs and ``--seed`` -> byte-identical outputs (every random choice
comes from ``random.Random`` seeded with the seed, source and occupation code).

Usage: python scripts/build_occupation_corpus.py [--shared-data DIR] [--output-dir DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ONET = "onet_29_3_tasks_titles"
ONET_TECH = "onet_29_2_technology_skills"
ESCO = "esco_v1_0_subset"
COLUMNS = ["id", "text", "labels", "group", "source", "occupation_code", "occupation", "domain"]
BEGIN, END = "<!-- BEGIN GENERATED: build_occupation_corpus.py -->", "<!-- END GENERATED -->"

#: Occupations whose documents are hard negatives (managers and supervisors outside IT,
#: project and compliance specialists): they look like IT managers on skills and titles.
ONET_HARD_PREFIXES = ("11-", "13-1082", "13-1111", "13-1041", "41-1", "43-1", "47-1011", "53-1")
DOCS_PER_POSITIVE = 12
#: O*NET occupation groups (SOC broad occupation, the first 7 characters of the O*NET-SOC
#: code) held out for the out-of-domain set: every group whose SHA-256 (of the group name)
#: is 0 modulo this number, plus :data:`ONET_OOD_FORCED` (which holds one positive occupation
#: per role: 15-1299.09 IT Project Managers, 15-1299.08 Computer Systems Engineers/Architects).
ONET_OOD_ONE_IN = 4
ONET_OOD_FORCED = ("onet:15-1299",)
DOCS_PER_HARD_NEGATIVE = 3
ESCO_DOCS_PER_POSITIVE = 4
ESCO_DOCS_PER_MANAGER = 2
#: Other ESCO occupations (neither IT nor managers) are kept one in this many (by a hash of
#: the ESCO concept id), to keep the file small; about 1,100 remain.
ESCO_KEEP_ONE_IN = 2
#: Titles that name one of the two roles; never used as the title of a ``none`` document.
ROLE_TITLE_RE = re.compile(
    r"devops|dev ops|\bmlops\b|machine learning|\bAI\b|artificial intelligence|data scien|"
    r"site reliability|cloud engineer|platform engineer",
    re.IGNORECASE,
)
EMPLOYERS = (
    "Northwind Group", "Contoso Ltd", "Fabrikam Inc", "Tailspin Partners", "Wide World Services",
    "Alpine Holdings", "Blue Yonder Co", "Coho Associates", "Litware Group", "Proseware Ltd",
    "Adventure Works", "Lucerne Partners", "Margie's Services", "Trey Holdings", "Woodgrove Co",
)
CITIES = ("Lyon", "Porto", "Gdansk", "Ghent", "Tampere", "Graz", "Brno", "Cork", "Leipzig", "Turin")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def read_rules(path: Path) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rules[row["source"]][row["code"]] = row["labels"]
    return rules


def clean_title(title: str) -> str:
    """Drop O*NET's parenthesised expansions: 'AI Engineer (Artificial ...)' -> 'AI Engineer'."""
    return re.sub(r"\s*\([^)]*\)", "", title).strip(" ,;")


#: Words after which a title's head noun has been read: "heads of IT", "manager in flowers".
_HEAD_STOP = frozenset({"of", "for", "in", "at", "to", "with", "on", "from", "including", "except"})


#: Endings of singular and plural agent nouns ("manager", "officers", "analyst", "trainee").
_AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ee", "ees")


@lru_cache(maxsize=1)
def _lemma_lookup() -> dict[str, str]:
    """spaCy's English lookup lemmatizer table (``spacy-lookups-data``, offline)."""
    # lazy: only the title pass needs spaCy
    from spacy.util import load_language_data, registry

    return load_language_data(registry.lookups.get("en")["lemma_lookup"])


def _is_person_plural(word: str, person_nouns: frozenset[str]) -> str | None:
    """The singular of ``word`` if it is a plural person noun ("officers" -> "officer"), else None.

    Plural: spaCy's lookup lemma differs from the word. Person noun: the lemma is the last word
    of an ESCO preferred label (``person_nouns``) or ends like an agent noun (-er, -or, -ist,
    -ian, -ary, -ee). So "Operations", "goods" or "products" are never read as a plural title.
    """
    low = word.lower()
    lemma = _lemma_lookup().get(low, low).lower()
    if lemma != low and (lemma in person_nouns or lemma.endswith(("er", "or", "ist", "ian", "ary", "ee"))):
        return lemma[0].upper() + lemma[1:] if word[:1].isupper() else lemma
    return None


def singular_title(title: str, person_nouns: frozenset[str]) -> str:
    """``title`` with its head nouns singular: "Chief technology officers" -> "Chief technology officer".

    The head clause is the title up to its first preposition ("Heads | of IT", "Cooks, Fast Food
    | ", "Managers, | Except Gambling"). Its head is its last word when that is a person noun,
    else the word before its first comma (O*NET's "Cooks, Fast Food"); when the head is plural,
    the words listed with it (before "and" or a comma) are heads too ("Technologists and
    Technicians"), as are both sides of a slash ("Engineers/Architects"). Only plural person noun heads change; spacing is kept.
    """
    tokens = re.split(r"(\s+)", title)
    words = [i for i in range(0, len(tokens), 2) if tokens[i]]
    stop = next((k for k, i in enumerate(words) if k > 0 and tokens[i].lower().rstrip(",") in _HEAD_STOP), len(words))
    clause = words[:stop]
    if not clause:
        return title

    def bare(i: int) -> str:
        return tokens[i].rstrip(",")

    def is_person(i: int) -> bool:
        # an agent noun or a plural person noun; not ESCO heads such as "school" ("... teacher
        # secondary school"), so O*NET's "Teachers, Middle School" reads its head before the comma
        return all(_is_person_plural(p, person_nouns) or p.lower().endswith(_AGENT_ENDINGS)
                   for p in bare(i).split("/") if p)

    heads = [clause[-1]]
    if not is_person(clause[-1]):
        comma = next((i for i in clause if tokens[i].endswith(",")), None)
        heads = [comma] if comma is not None else heads
    if _is_person_plural(bare(heads[0]).split("/")[-1], person_nouns):
        # a plural title: the person nouns listed with its head are plural too
        # ("Technologists and Technicians", "Slaughterers and Meat Packers", "Physicians, Pathologists")
        k = clause.index(heads[0])
        heads += [i for n, i in enumerate(clause[:k]) if tokens[i].endswith(",")
                  or tokens[clause[n + 1]].lower() in ("and", "&")]
    for i in heads:
        parts = re.split(r"(/)", bare(i))
        parts = [_is_person_plural(p, person_nouns) or p for p in parts]
        tokens[i] = "".join(parts) + tokens[i][len(bare(i)):]
    return "".join(tokens)


def singular_titles(titles: list[str], person_nouns: frozenset[str]) -> dict[str, str]:
    """Plural titles of one occupation -> the singular title that replaces them.

    A CV heads itself with a person's title, never with a plural ("Chief technology officers
    with 14 years of experience"), but both sources list plurals: every O*NET occupation name
    ("Computer and Information Systems Managers") and some ESCO alternative labels. A plural
    title is replaced by its singular (:func:`singular_title`), spelled as the occupation's
    own label when it has that label ("ICT project managers" -> "ICT project manager").
    Titles are drawn from the full list first and replaced afterwards, so the random stream
    (employers, years, bullets) of every document is unchanged and only documents that drew
    a plural differ.
    """
    listed = {t.lower(): t for t in titles}
    out = {}
    for t in titles:
        s = singular_title(t, person_nouns)
        if s != t:
            out[t] = listed.get(s.lower(), s)
    return out


def years(rng: random.Random, n_entries: int) -> list[str]:
    end = 2025
    spans = []
    for i in range(n_entries):
        length = rng.randint(2, 6)
        start = end - length
        spans.append(f"{start} – {'present' if i == 0 else end}")
        end = start - rng.randint(0, 1)
    return spans


def compose(
    rng: random.Random,
    titles: list[str],
    summary: str,
    bullets: list[str],
    skills: list[str],
    max_chars: int = 2000,
) -> str:
    """One CV-like document: title, summary, experience entries with bullets, skills line."""
    title = titles[0]
    n_entries = 3 if len(bullets) >= 9 else 2 if len(bullets) >= 4 else 1
    spans = years(rng, n_entries)
    per = max(1, min(5, len(bullets) // n_entries))
    lines = [title, "", "Summary", summary, "", "Experience"]
    for i in range(n_entries):
        entry_title = titles[i % len(titles)]
        lines.append(f"{entry_title} | {rng.choice(EMPLOYERS)}, {rng.choice(CITIES)} | {spans[i]}")
        lines.extend(f"• {b}" for b in bullets[i * per:(i + 1) * per])
        lines.append("")
    if skills:
        lines += ["Skills", ", ".join(skills)]
    text = "\n".join(lines).strip() + "\n"
    while len(text) > max_chars and any(line.startswith("• ") for line in lines):
        # drop the last bullet until the document fits
        last = max(i for i, line in enumerate(lines) if line.startswith("• "))
        del lines[last]
        text = "\n".join(lines).strip() + "\n"
    return text


# ----------------------------------------------------------------------------- O*NET


def onet_domain(code: str) -> str:
    return "it" if code.startswith(("15-1", "15-2051", "11-3021")) else "non_it"


def onet_is_ood(group: str) -> bool:
    """Whether an O*NET group goes to the out-of-domain set (see :data:`ONET_OOD_ONE_IN`)."""
    return group in ONET_OOD_FORCED or int(sha256_bytes(group.encode())[:8], 16) % ONET_OOD_ONE_IN == 0


def onet_alternate_titles(shared: Path) -> dict[str, list[str]]:
    """O*NET-SOC code -> its short and alternate titles (parentheses dropped, 3 to 60 characters)."""
    alt: dict[str, list[str]] = defaultdict(list)
    for a in read_tsv(shared / ONET / "Alternate Titles.txt"):
        for cand in (a["Short Title"], a["Alternate Title"]):
            title = clean_title(cand or "")
            if 3 <= len(title) <= 60 and title not in alt[a["O*NET-SOC Code"]]:
                alt[a["O*NET-SOC Code"]].append(title)
    return alt


def read_esco(shared: Path) -> list[dict[str, str]]:
    with (shared / ESCO / "occupations_en.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def person_nouns(shared: Path) -> frozenset[str]:
    """Head nouns of the ESCO preferred labels, which are singular ("manager", "officer", "cook").

    The head is the last word before the first preposition ("head of school" -> "head").
    """
    out = set()
    for occ in read_esco(shared):
        words = occ["preferredLabel"].lower().split()
        stop = next((i for i, w in enumerate(words) if i > 0 and w.rstrip(",") in _HEAD_STOP), len(words))
        if stop:
            out.add(words[stop - 1].rstrip(","))
    return frozenset(out)


def build_onet(shared: Path, rules: dict[str, str], seed: int, nouns: frozenset[str]) -> list[dict[str, str]]:
    occupations = read_tsv(shared / ONET / "Occupation Data.txt")
    tasks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in read_tsv(shared / ONET / "Task Statements.txt"):
        tasks[t["O*NET-SOC Code"]].append((t["Task Type"], t["Task"].strip()))
    alt = onet_alternate_titles(shared)
    tech: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for t in read_tsv(shared / ONET_TECH / "Technology Skills.txt"):
        tech[t["O*NET-SOC Code"]].append((0 if t["Hot Technology"] == "Y" else 1, t["Example"].strip()))
    rows = []
    for occ in occupations:
        code, name = occ["O*NET-SOC Code"], occ["Title"]
        if len(tasks[code]) < 4:
            continue
        labels = rules.get(code, "none")
        titles_all = [name] + alt[code]
        if labels == "none":
            titles_all = [t for t in titles_all if not ROLE_TITLE_RE.search(t)] or [name]
        singular = singular_titles(titles_all, nouns)
        n_docs = (
            DOCS_PER_POSITIVE if labels != "none"
            else DOCS_PER_HARD_NEGATIVE if code.startswith(ONET_HARD_PREFIXES)
            else 1
        )
        core = [t for kind, t in tasks[code] if kind == "Core"] or [t for _, t in tasks[code]]
        other = [t for kind, t in tasks[code] if kind != "Core"]
        for k in range(n_docs):
            rng = random.Random(f"{seed}:onet:{code}:{k}")
            titles = [singular.get(t, t) for t in rng.sample(titles_all, min(3, len(titles_all)))]
            bullets = rng.sample(core, len(core)) + rng.sample(other, len(other))
            bullets = bullets[: rng.randint(6, 13)]
            hot = sorted(tech[code])
            pool = [e for _, e in hot[:25]]
            skills = rng.sample(pool, min(len(pool), rng.randint(4, 9))) if pool else []
            summary = f"{rng.choice(['Experienced', 'Dependable', 'Results-driven', 'Seasoned'])} " \
                      f"{titles[0].lower() if titles[0].isupper() is False else titles[0]} " \
                      f"with {rng.randint(3, 18)} years in the field. {occ['Description'].strip()}"
            rows.append({
                "id": f"onet-{code}-{k}",
                "text": compose(rng, titles, summary, bullets, skills),
                "labels": labels,
                "group": f"onet:{code[:7]}",
                "source": "onet_29_3",
                "occupation_code": code,
                "occupation": name,
                "domain": onet_domain(code),
            })
    return rows


# ----------------------------------------------------------------------------- ESCO


def esco_domain(isco: str) -> str:
    return "it" if isco.startswith(("133", "25", "35")) else "non_it"


def _esco_bullets(description: str, label: str) -> list[str]:
    """Description sentences as activity bullets, with the occupation subject dropped."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;])\s+", description) if s.strip()]
    bullets = []
    n_words = len(label.split())
    for s in sentences:
        words = s.split()
        if words and words[0].lower() == "they":
            words = words[1:]
            if words and words[0].lower() in ("also", "may", "can"):
                words = words[1:] if words[0].lower() == "also" else words
        elif words and words[0].lower() == label.split()[0].lower() and len(words) > n_words + 2:
            words = words[n_words:]
        if not words:
            continue
        bullet = " ".join(words).rstrip(".;")
        bullets.append(bullet[0].upper() + bullet[1:])
    return bullets


def build_esco(shared: Path, rules: dict[str, str], seed: int, nouns: frozenset[str]) -> list[dict[str, str]]:
    occupations = read_esco(shared)
    rows = []
    for occ in occupations:
        label, isco = occ["preferredLabel"].strip(), occ["iscoGroup"].strip()
        description = (occ["description"] or "").strip()
        if not description:
            continue
        labels = rules.get(label) or rules.get(f"isco:{isco}") or "none"
        alts = [a.strip() for a in (occ["altLabels"] or "").split("\n") if 3 <= len(a.strip()) <= 60]
        titles_all = [label] + alts
        if labels == "none":
            titles_all = [t for t in titles_all if not ROLE_TITLE_RE.search(t)] or [label]
        singular = singular_titles(titles_all, nouns)
        key = occ["conceptUri"].rsplit("/", 1)[-1]
        n_docs = (
            ESCO_DOCS_PER_POSITIVE if labels != "none"
            else ESCO_DOCS_PER_MANAGER if isco.startswith("1")
            else 1 if esco_domain(isco) == "it" or int(sha256_bytes(key.encode())[:8], 16) % ESCO_KEEP_ONE_IN == 0
            else 0
        )
        bullets_all = _esco_bullets(description, label)
        for k in range(n_docs):
            rng = random.Random(f"{seed}:esco:{key}:{k}")
            titles = [singular.get(t, t) for t in rng.sample(titles_all, min(2, len(titles_all)))]
            titles = [t[0].upper() + t[1:] for t in titles]
            summary = (
                f"{titles[0]} with {rng.randint(3, 18)} years of experience. "
                f"{bullets_all[0] if bullets_all else description}."
            )
            bullets = bullets_all[1:] or bullets_all
            rows.append({
                "id": f"esco-{key}-{k}",
                "text": compose(rng, titles, summary, bullets, []),
                "labels": labels,
                "group": f"esco:{key}",
                "source": "esco_v1_0",
                "occupation_code": f"isco:{isco}",
                "occupation": label,
                "domain": esco_domain(isco),
            })
    return rows


# ----------------------------------------------------------------------------- output


def write_csv(rows: list[dict[str, str]], path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return sha256_bytes(path.read_bytes())


def stats(rows: list[dict[str, str]]) -> dict[str, object]:
    lengths = sorted(len(r["text"]) for r in rows)
    return {
        "sources": dict(sorted(Counter(r["source"] for r in rows).items())),
        "rows": len(rows),
        "groups": len({r["group"] for r in rows}),
        "labels": dict(sorted(Counter(r["labels"] for r in rows).items())),
        "domain": dict(sorted(Counter(r["domain"] for r in rows).items())),
        "chars": {"min": lengths[0], "median": lengths[len(lengths) // 2], "max": lengths[-1]},
    }


def generated_section(report: dict[str, object]) -> str:
    lines = [BEGIN, "", "| file | rows | groups | ai_operations_manager | mlops_engineer | none | non-IT rows | chars (min / median / max) |",
             "|---|---|---|---|---|---|---|---|"]
    for name in ("occupations_train.csv", "occupations_ood.csv"):
        s = report[name]
        lab, dom, ch = s["labels"], s["domain"], s["chars"]
        lines.append(
            f"| `{name}` | {s['rows']:,} | {s['groups']:,} | {lab.get('ai_operations_manager', 0)} | "
            f"{lab.get('mlops_engineer', 0)} | {lab.get('none', 0):,} | {dom.get('non_it', 0):,} | "
            f"{ch['min']} / {ch['median']} / {ch['max']} |"
        )
    src = report["occupations_ood.csv"]["sources"]
    lines += ["", f"- `occupations_ood.csv` sources: {', '.join(f'{k} {v:,}' for k, v in src.items())}.",
              f"- Seed {report['seed']}; groups shared by the two files: {report['shared_groups']}.",
              f"- sha256 `occupations_train.csv` `{report['sha256']['occupations_train.csv']}`",
              f"- sha256 `occupations_ood.csv` `{report['sha256']['occupations_ood.csv']}`", "", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared-data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--output-dir", type=Path, default=REPO / "corpora")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    shared, out = args.shared_data, args.output_dir
    for folder in (ONET, ONET_TECH, ESCO):
        if not (shared / folder).is_dir():
            print(f"error: {shared / folder} not found; pass --shared-data DIR", file=sys.stderr)
            return 1
    rules = read_rules(REPO / "corpora" / "occupation_labels.csv")
    nouns = person_nouns(shared)
    onet = build_onet(shared, rules["onet_29_3"], args.seed, nouns)
    train = [r for r in onet if not onet_is_ood(r["group"])]
    ood = [r for r in onet if onet_is_ood(r["group"])] + build_esco(shared, rules["esco_v1_0"], args.seed, nouns)
    shared_groups = sorted({r["group"] for r in train} & {r["group"] for r in ood})
    if shared_groups:  # impossible by construction (split by group; ESCO groups differ); kept as a check
        print(f"error: groups in both files: {shared_groups[:5]}", file=sys.stderr)
        return 1
    report: dict[str, object] = {"seed": args.seed, "shared_groups": len(shared_groups), "sha256": {}}
    for name, rows in (("occupations_train.csv", train), ("occupations_ood.csv", ood)):
        report["sha256"][name] = write_csv(rows, out / name)
        report[name] = stats(rows)
    report["inputs"] = {
        f"{folder}/{f}": sha256_bytes((shared / folder / f).read_bytes())
        for folder, f in (
            (ONET, "Task Statements.txt"), (ONET, "Alternate Titles.txt"), (ONET, "Occupation Data.txt"),
            (ONET_TECH, "Technology Skills.txt"), (ESCO, "occupations_en.csv"),
        )
    }
    (out / "OCCUPATIONS_STATS.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    readme = out / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + generated_section(report) + rest.split(END, 1)[1]
            readme.write_text(text, encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("occupations_train.csv", "occupations_ood.csv")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
