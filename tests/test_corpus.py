"""Tests for rolefit.corpus: reading, validation, de-duplication; and the built corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolefit.corpus import (
    Corpus,
    check_no_protected_columns,
    corpus_from_frame,
    duplicate_report,
    find_duplicate_groups,
    load_mapping,
    read_corpus,
)
from rolefit.errors import CorpusError, InputTypeError

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"

ROWS = [
    {"id": "a1", "text": "Kubernetes, Docker and Terraform on AWS; MLflow model registry.",
     "labels": "mlops_engineer", "group": "", "source": "synthetic"},
    {"id": "b2", "text": "Led EU AI Act compliance, vendor budgets and stakeholder alignment.",
     "labels": "ai_operations_manager", "group": "p1", "source": "synthetic"},
    {"id": "c3", "text": "Ran Scrum for an ML platform team and kept the GitLab CI green.",
     "labels": "ai_operations_manager;mlops_engineer", "group": "p1", "source": "synthetic"},
    {"id": "d4", "text": "Pastry chef: croissants, sourdough and laminated doughs.",
     "labels": "none", "group": "", "source": "synthetic"},
]

# a 60-word synthetic CV paragraph for near-duplicate tests
LONG = (
    "Platform engineer with six years of experience building machine learning infrastructure "
    "for retail and logistics companies. Designed Kubernetes clusters on AWS and "
    "GCP, wrote Terraform modules for networking and storage, and ran GitLab CI pipelines that "
    "trained, validated and deployed models. Set up MLflow, a model registry, "
    "Prometheus alerts and Grafana dashboards for data drift, and mentored four junior engineers."
)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    elif path.suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    return path


def _partition(groups) -> set[frozenset[int]]:
    blocks: dict[object, set[int]] = {}
    for i, g in enumerate(groups):
        blocks.setdefault(g, set()).add(i)
    return {frozenset(b) for b in blocks.values()}


def _problems(excinfo) -> str:
    return "\n".join(excinfo.value.problems)


# ----------------------------------------------------------------------------- formats


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_corpus_formats_round_trip_to_same_frame(tmp_path, suffix):
    reference = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "ref.csv"))
    corpus = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / f"c{suffix}"))
    pd.testing.assert_frame_equal(corpus.frame, reference.frame)
    assert corpus.sha256 == reference.sha256
    assert list(corpus.frame.columns) == ["id", "text", "labels", "group", "source"]


#: How a test writes each corpus format of rolefit.corpus.CORPUS_FORMATS.
_WRITERS = {
    "csv": lambda frame, path: frame.to_csv(path, index=False, encoding="utf-8"),
    "jsonl": lambda frame, path: frame.to_json(path, orient="records", lines=True, force_ascii=False),
    "parquet": lambda frame, path: frame.to_parquet(path, index=False),
}


def test_corpus_reads_every_suffix_of_its_formats(tmp_path):
    """Every suffix of CORPUS_FORMATS (the one list RF203, RF204, `rolefit train --help` and the
    README name) is read, to the same corpus as the CSV."""
    from rolefit.corpus import CORPUS_FORMATS
    from rolefit.corpus._files import _READERS

    assert set(_READERS) == set(CORPUS_FORMATS.values()) == set(_WRITERS)
    reference = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "ref.csv"))
    for suffix, fmt in CORPUS_FORMATS.items():
        path = tmp_path / f"c{suffix.upper() if suffix == '.pq' else suffix}"  # suffixes are case-blind
        _WRITERS[fmt](pd.DataFrame(ROWS), path)
        corpus = read_corpus(path)
        pd.testing.assert_frame_equal(corpus.frame, reference.frame)
        assert corpus.sha256 == reference.sha256, suffix


def test_corpus_unsupported_or_missing_file_names_every_accepted_suffix(tmp_path):
    """Regression: RF203 and RF204 said ".csv, .jsonl, .parquet" by hand while read_corpus also
    read .ndjson and .pq."""
    from rolefit.corpus import CORPUS_SUFFIXES, corpus_suffixes_wording

    (tmp_path / "c.xlsx").write_bytes(b"x")
    for path, code in ((tmp_path / "c.xlsx", "RF203"), (tmp_path / "nope.csv", "RF204")):
        with pytest.raises(CorpusError, match=code) as info:
            read_corpus(path)
        message = str(info.value)
        assert f"a {corpus_suffixes_wording()} file" in message and "sub-folder per label" in message
        assert all(suffix in message for suffix in CORPUS_SUFFIXES)


def test_corpus_ood_file_not_found_asks_for_its_csv_not_a_corpus(tmp_path):
    """Regression: a missing out-of-domain file (read_ood, CSV only) got the corpus RF204
    ("corpus file or folder ... a .csv, .jsonl or .parquet file, or ... a folder")."""
    from rolefit.ood import OOD_COLUMNS, read_ood

    with pytest.raises(CorpusError, match="RF204") as info:
        read_ood(tmp_path / "ood.csv", roles=("mlops_engineer",))
    message = str(info.value)
    assert "out-of-domain evaluation file not found" in message
    assert f"a .csv file with the columns {', '.join(OOD_COLUMNS)}" in message
    assert "folder" not in message and ".parquet" not in message and ".jsonl" not in message


def test_corpus_jsonl_accepts_label_lists(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps({**r, "labels": r["labels"].split(";")}) for r in ROWS),
                    encoding="utf-8")
    reference = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "ref.csv"))
    pd.testing.assert_frame_equal(read_corpus(path).frame, reference.frame)


def _folder_corpus(root: Path) -> Path:
    for row in ROWS:
        if ";" in row["labels"]:
            continue
        folder = root / row["labels"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    return root


def test_corpus_folder_round_trips_to_same_frame_as_csv(tmp_path):
    pytest.importorskip("rolefit.readers")
    root = _folder_corpus(tmp_path / "cvs")
    rows = sorted(
        ({"id": f"{r['labels']}/{r['id']}.txt", "text": r["text"], "labels": r["labels"]}
         for r in ROWS if ";" not in r["labels"]),
        key=lambda r: r["id"],
    )
    csv_corpus = read_corpus(_write(pd.DataFrame(rows), tmp_path / "same.csv"))
    folder_corpus = read_corpus(root)
    pd.testing.assert_frame_equal(folder_corpus.frame, csv_corpus.frame)
    assert folder_corpus.sha256 == csv_corpus.sha256


def test_corpus_folder_reports_unreadable_file_with_code(tmp_path):
    pytest.importorskip("rolefit.readers")
    root = _folder_corpus(tmp_path / "cvs")
    (root / "none" / "empty.txt").write_text("   \n", encoding="utf-8")
    (root / "mlops").mkdir()
    (root / "mlops" / "x.txt").write_text("Kubernetes", encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(root)
    text = _problems(excinfo)
    assert "file none/empty.txt: cannot read" in text and "(EMPTY)" in text
    assert "folder mlops/: not a label" in text


def test_corpus_path_column_reads_files_relative_to_corpus(tmp_path):
    pytest.importorskip("rolefit.readers")
    (tmp_path / "cv").mkdir()
    (tmp_path / "cv" / "one.txt").write_text(ROWS[0]["text"], encoding="utf-8")
    frame = pd.DataFrame([{"id": "x", "path": "cv/one.txt", "labels": "mlops_engineer"},
                          {"id": "y", "path": "cv/missing.txt", "labels": "none"}])
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(_write(frame, tmp_path / "c.csv"))
    problems = excinfo.value.problems
    assert len(problems) == 1 and problems[0].startswith("data row 2: cannot read")
    assert "(NOT_FOUND)" in problems[0] and "missing.txt" in problems[0]
    ok = read_corpus(_write(frame.iloc[:1], tmp_path / "ok.csv"))
    assert ok.texts == [ROWS[0]["text"]]


# ----------------------------------------------------------------------------- labels


def test_corpus_labels_split_on_semicolon_and_none_is_empty(tmp_path):
    corpus = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "c.csv"))
    assert corpus.frame["labels"].tolist() == [
        ("mlops_engineer",), ("ai_operations_manager",),
        ("ai_operations_manager", "mlops_engineer"), (),
    ]
    np.testing.assert_array_equal(corpus.label_matrix(), [[0, 1], [1, 0], [1, 1], [0, 0]])
    assert corpus.label_matrix().shape == (len(corpus), len(corpus.roles))


def test_corpus_labels_follow_roles_order_and_case(tmp_path):
    frame = pd.DataFrame([{"text": "x y z", "labels": " MLOps_Engineer ; ai_operations_manager"}])
    corpus = read_corpus(_write(frame, tmp_path / "c.csv"))
    assert corpus.frame["labels"].tolist() == [("ai_operations_manager", "mlops_engineer")]
    assert corpus.frame["id"].tolist() == ["1"]


MAPPING = [
    ("role_family", "devops_cloud", "mlops_engineer"),
    ("role_family", "product_project", "ai_operations_manager"),
    ("role_family", "*", "none"),
    ("primary_keyword", "Project Manager", "ai_operations_manager"),
    ("primary_keyword", "*", "none"),
]
CATEGORY_ROWS = pd.DataFrame({
    "id": ["1", "2", "3", "4", "5"],
    "text": ["Terraform and Helm charts", "Roadmaps and budgets", "React hooks",
             "Risk registers and Jira", "Figma mock-ups"],
    "role_family": ["devops_cloud", "product_project", "frontend", "", ""],
    "primary_keyword": ["DevOps", "Product Manager", "JavaScript", "project manager", "Design"],
})


def test_corpus_mapping_file_turns_categories_into_labels(tmp_path):
    mapping = tmp_path / "map.csv"
    pd.DataFrame(MAPPING, columns=["column", "value", "labels"]).to_csv(mapping, index=False)
    corpus = read_corpus(_write(CATEGORY_ROWS, tmp_path / "c.csv"), mapping=mapping)
    assert corpus.frame["labels"].tolist() == [
        ("mlops_engineer",), ("ai_operations_manager",), (), ("ai_operations_manager",), (),
    ]


def test_corpus_mapping_disagreeing_with_labels_is_a_problem():
    frame = CATEGORY_ROWS.assign(labels=["mlops_engineer", "none", "none",
                                         "ai_operations_manager", "none"])
    with pytest.raises(CorpusError) as excinfo:
        corpus_from_frame(frame, mapping=MAPPING)
    assert len(excinfo.value.problems) == 1
    assert excinfo.value.problems[0].startswith("data row 2: labels 'none' disagree")


def test_corpus_mapping_row_without_rule_is_a_problem():
    with pytest.raises(CorpusError) as excinfo:
        corpus_from_frame(CATEGORY_ROWS, mapping=MAPPING[:2])
    assert [p.split(":")[0] for p in excinfo.value.problems] == [
        "data row 3", "data row 4", "data row 5"]


def test_corpus_mapping_with_unknown_role_is_refused(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,value,labels\nfamily,devops,mlops\nfamily,*,none\n",
                       encoding="utf-8")
    with pytest.raises(CorpusError, match=r"RF205") as excinfo:
        load_mapping(mapping)
    assert excinfo.value.problems == [
        "line 2: unknown role 'mlops' in labels; valid values: "
        "ai_operations_manager, mlops_engineer, none"
    ]


# ----------------------------------------------------------------------------- validation


def test_corpus_reports_every_problem_at_once_with_row_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,text,labels\n"
        "a,Kubernetes and Helm,mlops_engineer\n"
        "b,,none\n"                                   # data row 2: empty text
        "c,Jira and budgets,ai_ops_manager\n"         # data row 3: unknown role
        "a,Docker,none\n",                            # data row 4: repeated id
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"^\[RF201\] Corpus .*bad\.csv has 3 problem") as excinfo:
        read_corpus(path)
    problems = excinfo.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("data row 2: empty text")
    assert problems[1].startswith("data row 3: unknown role 'ai_ops_manager'")
    assert "valid values: ai_operations_manager, mlops_engineer, none" in problems[1]
    assert problems[2].startswith("data row 4: id 'a' repeats data row 1")
    assert "not counting the header" in str(excinfo.value)


def test_corpus_jsonl_problems_name_file_lines(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok text", "labels": "none"}\n\n{"text": "x", "labels": "boss"}\n'
                    "not json\n", encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(path)
    assert [p.split(":")[0] for p in excinfo.value.problems] == ["line 4", "line 3"]


def test_corpus_missing_column_is_reported(tmp_path):
    path = _write(pd.DataFrame({"cv": ["some text"], "labels": ["none"]}), tmp_path / "c.csv")
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(path)
    assert excinfo.value.problems[0].startswith("missing column 'text'")
    path = _write(pd.DataFrame({"text": ["some text"]}), tmp_path / "d.csv")
    with pytest.raises(CorpusError) as excinfo:
        read_corpus(path)
    assert excinfo.value.problems[0].startswith("missing column 'labels'")


def test_corpus_text_column_can_be_renamed(tmp_path):
    path = _write(pd.DataFrame({"cv": ["some text"], "labels": ["none"]}), tmp_path / "c.csv")
    assert read_corpus(path, text_column="cv").texts == ["some text"]


def test_corpus_unsupported_format_and_missing_path(tmp_path):
    (tmp_path / "c.xlsx").write_bytes(b"x")
    with pytest.raises(CorpusError, match=r"RF203"):
        read_corpus(tmp_path / "c.xlsx")
    with pytest.raises(CorpusError, match=r"RF204"):
        read_corpus(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "column",
    ["Gender", "sex", "AGE", "date_of_birth", "DateOfBirth", "birth-date", "DOB", "Marital Status",
     "nationality", "Ethnicity", "race", "religion", "photo_url", "disability_status"],
)
def test_corpus_protected_column_is_refused(tmp_path, column):
    frame = pd.DataFrame(ROWS).assign(**{column: "x"})
    with pytest.raises(CorpusError, match=r"RF202") as excinfo:
        read_corpus(_write(frame, tmp_path / "c.csv"))
    assert excinfo.value.problems == [f"column {column!r} is a protected attribute"]


@pytest.mark.parametrize("column", ["experience_years", "english_level", "page", "stage",
                                    "role_family", "message", "usage", "group"])
def test_corpus_ordinary_column_is_not_protected(column):
    check_no_protected_columns(["id", "text", column])


# ----------------------------------------------------------------------------- duplicates


def test_corpus_exact_duplicates_differing_in_case_space_punctuation_share_group():
    texts = ["Kubernetes, Docker & Terraform!", "  kubernetes docker   TERRAFORM ",
             "Pastry chef with ten years of croissant experience."]
    groups = find_duplicate_groups(texts)
    assert groups[0] == groups[1] != groups[2]
    report = duplicate_report(texts)
    assert (report.n_exact_duplicates, report.n_near_duplicates) == (1, 0)


def test_corpus_near_duplicates_one_word_changed_share_group():
    assert len(LONG.split()) == 60
    changed = LONG.replace("mentored four", "mentored five")
    other = LONG.replace("Platform engineer", "Data scientist").split(".")[0] + " and other things."
    groups = find_duplicate_groups([LONG, changed, other])
    assert groups[0] == groups[1] != groups[2]
    report = duplicate_report([LONG, changed, other])
    assert (report.n_exact_duplicates, report.n_near_duplicates) == (0, 1)
    assert report.duplicate_rate == pytest.approx(1 / 3, abs=1e-6)


def test_corpus_different_texts_get_different_groups():
    texts = [row["text"] for row in ROWS] + [LONG]
    assert len(set(find_duplicate_groups(texts).tolist())) == len(texts)


def test_corpus_duplicates_join_given_groups_without_losing_them(tmp_path):
    rows = [
        {"id": "1", "text": LONG, "labels": "mlops_engineer", "group": "alice"},
        {"id": "2", "text": "Helm charts and Argo CD.", "labels": "mlops_engineer",
         "group": "alice"},
        {"id": "3", "text": LONG.replace("four", "five"), "labels": "mlops_engineer",
         "group": "bob"},
        {"id": "4", "text": "Budget owner for AI vendors.", "labels": "ai_operations_manager",
         "group": "carol"},
        {"id": "5", "text": "Jira, Confluence and risk logs.", "labels": "ai_operations_manager",
         "group": ""},
    ]
    corpus = read_corpus(_write(pd.DataFrame(rows), tmp_path / "c.csv"))
    assert corpus.groups().tolist() == ["alice", "alice", "alice", "carol", "5"]
    assert corpus.duplicate_report.n_groups == 3
    assert corpus.duplicate_report.n_near_duplicates == 1


def test_corpus_sha256_changes_when_a_label_changes(tmp_path):
    before = read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "a.csv"))
    changed = pd.DataFrame(ROWS)
    changed.loc[3, "labels"] = "mlops_engineer"
    after = read_corpus(_write(changed, tmp_path / "b.csv"))
    assert before.sha256 != after.sha256
    assert before.sha256 == read_corpus(_write(pd.DataFrame(ROWS), tmp_path / "a.parquet")).sha256


def test_corpus_duplicate_groups_refuse_non_str_text():
    with pytest.raises(InputTypeError, match=r"RF102"):
        find_duplicate_groups(["a text", b"bytes"])


def test_corpus_csv_with_byte_order_mark_keeps_first_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("id,text,labels\nx1,Helm and Argo CD,mlops_engineer\n".encode("utf-8-sig"))
    assert read_corpus(path).frame["id"].tolist() == ["x1"]


def test_corpus_non_utf8_csv_says_how_to_fix(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,text,labels\nx1,Caf\u00e9 manager,none\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"re-save the file as UTF-8"):
        read_corpus(path)


def test_corpus_threshold_outside_range_is_refused():
    with pytest.raises(CorpusError, match=r"RF207"):
        find_duplicate_groups(["a", "b"], threshold=0.2)


WORDS = ["kubernetes", "docker", "budget", "risk", "scrum", "python", "terraform", "vendor",
         "drift", "grafana", "jira", "audit"]
texts_strategy = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join), min_size=0, max_size=12
).flatmap(lambda base: st.tuples(st.just(base), st.permutations(list(range(len(base))))))


@given(texts_strategy)
def test_corpus_duplicate_groups_are_deterministic_and_order_consistent(case):
    texts, order = case
    groups = find_duplicate_groups(texts)
    assert groups.tolist() == find_duplicate_groups(list(texts)).tolist()
    permuted = find_duplicate_groups([texts[i] for i in order])
    # the partition of the permuted input, mapped back to original indices, is the same
    back = {frozenset(order[i] for i in block) for block in _partition(permuted.tolist())}
    assert back == _partition(groups.tolist())
    # ids are 0, 1, ... in order of first appearance
    first_seen = list(dict.fromkeys(groups.tolist()))
    assert first_seen == list(range(len(first_seen)))


# ----------------------------------------------------------------------------- built corpus


def test_corpus_committed_djinni_corpus_validates_against_its_mapping():
    path = CORPORA / "djinni_roles.csv"
    if not path.exists():
        pytest.skip(f"{path} not built; run scripts/build_corpus.py")
    corpus = read_corpus(path, mapping=CORPORA / "djinni_mapping.csv")
    assert isinstance(corpus, Corpus)
    stats = json.loads((CORPORA / "STATS.json").read_text(encoding="utf-8"))
    assert corpus.sha256 == stats["corpus_sha256"]
    assert len(corpus) == stats["rows"]["total"]
    counts = corpus.label_matrix().sum(axis=0).tolist()
    assert counts == [stats["label_balance"][r] for r in corpus.roles]
    assert corpus.duplicate_report.as_dict() == stats["duplicates"]
    assert not corpus.frame["text"].str.contains(r"https?://|www\.", regex=True).any()


def _script(name):
    """The project script ``scripts/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hi, my name is Oksana Petrenko. I am a PM", "Hi, my name is [NAME] [NAME]. I am a PM"),
        ("Hello, I'm Roza and I design", "Hello, I'm [NAME] and I design"),
        ("I am Junior Project Manager", "I am Junior Project Manager"),
        ("See https://github.com/someone/repo).", "See [URL])."),
        ("Portfolio: www.example.com, code at github.com/x", "Portfolio: [URL], code at [URL]"),
        ("Mail me: a.b@example.org", "Mail me: [EMAIL]"),
        ("Call +380 50 123 45 67 today", "Call [PHONE] today"),
        ("Worked 2016 - 2019 2020 at X", "Worked 2016 - 2019 2020 at X"),
        ("server 192.168.100.100 is up", "server 192.168.100.100 is up"),
        ("Credential ID 20190410-1629", "Credential ID 20190410-1629"),
        ("Realtime with socket.io and Draw.io", "Realtime with socket.io and Draw.io"),
    ],
)
def test_corpus_build_script_scrubs_personal_data(raw, clean):
    from collections import Counter

    assert _script("build_corpus").scrub(raw, Counter()) == clean


def test_corpus_read_corpora_joins_files_with_unique_ids_and_file_local_groups(tmp_path):
    from rolefit.corpus import read_corpora

    a = _write(pd.DataFrame(ROWS[:2]), tmp_path / "cvs.csv")
    other = [dict(r, text=r["text"].replace("Kubernetes", "Helm charts").replace("EU AI Act", "NIST AI RMF"))
             for r in ROWS[:2]]
    b = _write(pd.DataFrame(other), tmp_path / "extra.csv")
    joined = read_corpora([a, b])
    assert joined.frame["id"].tolist() == ["cvs:a1", "cvs:b2", "extra:a1", "extra:b2"]
    groups = joined.groups()
    assert len(set(groups[:2]) & set(groups[2:])) == 0
    assert joined.label_matrix().tolist() == [[0, 1], [1, 0], [0, 1], [1, 0]]
    assert read_corpora([a]).sha256 == read_corpus(a).sha256
    with pytest.raises(CorpusError, match="repeat a file name"):
        read_corpora([a, a])


def test_read_corpora_keeps_each_files_own_sha256_so_training_need_not_read_them_again(tmp_path):
    from rolefit.corpus import read_corpora, read_corpus

    a, b = tmp_path / "cvs.csv", tmp_path / "extra.csv"
    a.write_text("id,text,labels\n1,Kubernetes and Terraform on AWS,mlops_engineer\n2,Figma mockups,none\n",
                 encoding="utf-8")
    b.write_text("id,text,labels\n1,Chef de partie in a busy kitchen,none\n", encoding="utf-8")
    joined = read_corpora([a, b])
    assert joined.parts == (("cvs.csv", read_corpus(a).sha256), ("extra.csv", read_corpus(b).sha256))
    assert read_corpus(a).parts == ()


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("Chief technology officers", "Chief technology officer"),
        ("ICT documentation managers", "ICT documentation manager"),
        ("Computer and Information Systems Managers", "Computer and Information Systems Manager"),
        ("Cooks, Fast Food", "Cook, Fast Food"),
        ("Civil Engineering Technologists and Technicians", "Civil Engineering Technologist and Technician"),
        ("First-Line Supervisors of Non-Retail Sales Workers", "First-Line Supervisor of Non-Retail Sales Workers"),
        ("Computer Systems Engineers/Architects", "Computer Systems Engineer/Architect"),
        # singular titles stay as they are, spacing included
        ("ICT operations manager", "ICT operations manager"),
        ("Head of Operations", "Head of Operations"),
        ("VP Operations", "VP Operations"),
        ("Computers, computer peripheral equipment and software distribution manager",
         "Computers, computer peripheral equipment and software distribution manager"),
        ("Import export manager in  household goods", "Import export manager in  household goods"),
    ],
)
def test_occupation_corpus_titles_are_singular(plural, singular):
    """The composer copied plural O*NET names and ESCO labels as a person's title
    ("Chief technology officers with 14 years of experience"); it now writes the singular."""
    module = _script("build_occupation_corpus")
    nouns = frozenset({"officer", "manager", "cook", "technician", "supervisor", "engineer", "architect"})
    assert module.singular_title(plural, nouns) == singular


def test_occupation_corpus_singular_titles_prefer_the_occupations_own_label():
    module = _script("build_occupation_corpus")
    nouns = frozenset({"surveyor"})
    titles = ["mine surveyor", "Mine surveyors", "surveyors of mines"]
    assert module.singular_titles(titles, nouns) == {"Mine surveyors": "mine surveyor", "surveyors of mines": "surveyor of mines"}


def test_occupation_corpora_have_no_plural_title_lines():
    """Every committed occupation document opens with a singular title (see corpora/README.md)."""
    module = _script("build_occupation_corpus")
    nouns = frozenset({"manager", "officer", "engineer", "technician", "scientist", "developer", "administrator"})
    for name in ("occupations_train.csv", "occupations_ood.csv"):
        frame = pd.read_csv(CORPORA / name, dtype=str, keep_default_na=False)
        firsts = frame["text"].str.split("\n").str[0]
        plural = [t for t in firsts if module.singular_title(t, nouns) != t]
        assert plural == [], (name, plural[:5])


def test_corpus_files_name_each_rows_file(tmp_path):
    """Corpus.files(): the stem read_corpora prefixes to each id, "" for a one-file corpus."""
    from rolefit.corpus import read_corpora

    a = _write(pd.DataFrame(ROWS[:2]), tmp_path / "cvs.csv")
    b = _write(pd.DataFrame(ROWS[2:]), tmp_path / "occupations.csv")
    joined = read_corpora([a, b])
    assert list(joined.files()) == ["cvs", "cvs", "occupations", "occupations"]
    assert list(read_corpus(a).files()) == ["", ""]
