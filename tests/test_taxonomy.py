"""The bundled taxonomy and role profiles, and the validation of taxonomy files."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

import pytest

from rolefit.errors import RolefitError, TaxonomyError
from rolefit.schema import GROUPS, KINDS
from rolefit.taxonomy import ROLES, alias_key, default_taxonomy, load_broader, load_taxonomy

DATA = Path(str(resources.files("rolefit") / "data"))

# ---------------------------------------------------------------------- bundled taxonomy


def test_taxonomy_default_loads_with_at_least_400_concepts(taxonomy):
    assert len(taxonomy) >= 400
    assert set(taxonomy.roles) == set(ROLES)


def test_taxonomy_default_groups_and_kinds_are_valid(taxonomy):
    assert {c.group for c in taxonomy.concepts} == set(GROUPS)
    assert {c.kind for c in taxonomy.concepts} == set(KINDS)


# surface form -> a surface form of the concept it must resolve to
REQUIRED_SURFACES = {
    "k8s": "Kubernetes",
    "K8s": "Kubernetes",
    "Kubernetes": "Kubernetes",
    "CI/CD": "CI/CD",
    "CI-CD": "CI/CD",
    "continuous integration": "CI/CD",
    "MLOps": "MLOps",
    "ML Ops": "MLOps",
    "ML-Ops": "MLOps",
    "LLMOps": "LLMOps",
    "EU AI Act": "EU AI Act",
    "AI Act": "EU AI Act",
    "Regulation (EU) 2024/1689": "EU AI Act",
    "NIST AI RMF": "NIST AI RMF",
    "ISO/IEC 42001": "ISO/IEC 42001",
    "PMP": "PMP",
    "PRINCE2": "PRINCE2",
    "CKA": "Certified Kubernetes Administrator",
    "AWS Certified Machine Learning – Specialty": "AWS Certified Machine Learning – Specialty",
    "AWS Certified Machine Learning - Specialty": "AWS Certified Machine Learning – Specialty",
    "AWS Certified Machine Learning Specialty": "AWS Certified Machine Learning – Specialty",
    "GitLab CI": "GitLab CI",
    "Google Cloud Platform": "Google Cloud Platform",
    "Google Cloud": "Google Cloud Platform",
    "scikit-learn": "scikit-learn",
    "Node.js": "Node.js",
    ".NET": ".NET",
    "C++": "C++",
    "C#": "C#",
    "Spark": "Apache Spark",
    "PySpark": "Apache Spark",
    "Golang": "Go",
    "Helm charts": "Helm",
    "stakeholder alignment": "Stakeholder management",
}

# concept ids the rest of rolefit relies on (profiles, probes, tests)
REQUIRED_IDS = {
    "Kubernetes": "kubernetes",
    "CI/CD": "ci_cd",
    "MLOps": "mlops",
    "LLMOps": "llmops",
    "model registry": "model_registry",
    "risk management": "risk_management",
    "stakeholder management": "stakeholder_management",
    "AI ethics certification": "ai_ethics_certification",
    "AWS Certified Machine Learning – Specialty": "aws_ml_specialty",
    "EU AI Act": "eu_ai_act",
}

# surface forms that must exist (each its own concept unless listed above)
REQUIRED_PRESENT = (
    "Docker Terraform AWS Ansible Helm Go Rust Python R SQL Spark Chef Puppet Swift C TypeScript "
    "Airflow Redux Figma Excel MLflow Kubeflow PyTorch TensorFlow Prometheus Grafana Scrum Agile "
    "Jira Confluence GDPR PMP PRINCE2 CKA Kubernetes LLMOps React JavaScript Java"
).split() + [
    "model registry", "data drift", "risk management", "stakeholder management",
    "stakeholder alignment", "budget management", "vendor management", "AI governance",
    "AI ethics", "NIST AI RMF", "AI ethics certification",
]

MUST_BE_AMBIGUOUS = ["Go", "R", "C", "Swift", "Rust", "Spark", "Chef", "Puppet", "Helm"]


@pytest.mark.parametrize(("surface", "canonical"), sorted(REQUIRED_SURFACES.items()))
def test_taxonomy_required_surface_resolves_to_concept(surface, canonical, concept_of):
    assert concept_of(surface) == concept_of(canonical)


@pytest.mark.parametrize(("surface", "cid"), sorted(REQUIRED_IDS.items()))
def test_taxonomy_required_concept_has_stable_id(surface, cid, concept_of):
    assert concept_of(surface) == cid


@pytest.mark.parametrize("surface", REQUIRED_PRESENT)
def test_taxonomy_required_surface_exists(surface, concept_of):
    concept_of(surface)  # KeyError if missing


def test_taxonomy_distinct_products_are_distinct_concepts(concept_of):
    pairs = [
        ("JavaScript", "Java"), ("LLMOps", "MLOps"), ("React", "Redux"), ("C", "C++"),
        ("C#", "C"), ("GitLab CI", "GitLab"), ("GitLab CI", "CI/CD"), ("ServiceNow", "Jira Service Management"),
        ("AIGP", "AI ethics certification"), ("Istio", "Linkerd"), ("MySQL", "MariaDB"),
        ("Terraform", "OpenTofu"), ("XGBoost", "LightGBM"), ("Presto", "Trino"),
    ]
    for a, b in pairs:
        assert concept_of(a) != concept_of(b), (a, b)


@pytest.mark.parametrize("surface", MUST_BE_AMBIGUOUS)
def test_taxonomy_everyday_word_names_are_ambiguous(surface, taxonomy, concept_of):
    assert taxonomy[concept_of(surface)].ambiguous


def test_taxonomy_machine_learning_is_not_ambiguous(taxonomy, concept_of):
    assert not taxonomy[concept_of("Machine learning")].ambiguous


@pytest.mark.parametrize(
    "surface",
    [
        # regression: common words or abbreviations that matched ordinary CV prose
        "presenting", "collaboration", "collaborative", "embedded", "hashing", "scripting", "Lucid",
        "Rally", "Remedy", "Primavera", "MSP", "Linear", "Hive", "ML", "RL", "Make", "AIMS", "LeSS",
        "Envoy", "Sonar", "Torch", "Arrow", "Iceberg", "LIME", "Annoy", "Dash", "Evidently",
        "Mocha", "Karma", "Composer", "Bootstrap", "SOLID", "MoSCoW", "Maya", "Premiere", "PS",
        "Adobe AI", "Ray", "Packer", "shell", "privacy", "prioritisation", "networking",
    ],
)
def test_taxonomy_risky_word_is_not_a_surface_form(surface, taxonomy):
    forms = {alias_key(s) for c in taxonomy.concepts for s in c.surface_forms}
    assert alias_key(surface) not in forms


def test_taxonomy_ids_are_not_placeholders(taxonomy):
    assert not [c.id for c in taxonomy.concepts if "placeholder" in c.id]
    # regression: ids that named another concept than their label
    for cid, label in [("cryptography", "Cryptography"), ("game_design", "Game design"),
                       ("translation", "Translation"), ("teamwork_com", "Teamwork.com")]:
        assert taxonomy[cid].label == label


def test_taxonomy_concepts_have_labels_and_no_duplicate_surface_forms(taxonomy):
    for c in taxonomy.concepts:
        keys = [alias_key(s) for s in c.surface_forms]
        assert c.label.strip() and all(keys)
        assert len(keys) == len(set(keys)), c.id


def test_taxonomy_references_exist_in_source_data(taxonomy, shared_data):
    """Every ``esco``/``onet`` reference names a real ESCO label / O*NET 29.2 example."""
    base = shared_data / "esco_v1_0_subset"
    esco: set[str] = set()
    for name in ("occupations_en.csv", "transversalSkillsCollection_en.csv",
                 "ictSkillsCollection_en.csv", "skillGroups_en.csv"):
        with (base / name).open(encoding="utf-8", newline="") as fh:
            esco.update(row["preferredLabel"].strip() for row in csv.DictReader(fh))
    v11 = (base / "esco_v1_1_skill_preferred_labels.txt").read_text(encoding="utf-8")
    esco.update(line.strip() for line in v11.splitlines() if line.strip())
    tech = shared_data / "onet_29_2_technology_skills" / "Technology Skills.txt"
    with tech.open(encoding="utf-8", newline="") as fh:
        onet = {row[1] for row in list(csv.reader(fh, delimiter="\t"))[1:]}
    assert [c.id for c in taxonomy.concepts if c.esco and c.esco not in esco] == []
    assert [c.id for c in taxonomy.concepts if c.onet and c.onet not in onet] == []


# ---------------------------------------------------------------------- profiles

BRIEF_WEIGHTS = {
    "mlops_engineer": {"kubernetes": 0.85, "ci_cd": 0.80, "model_registry": 0.75},
    "ai_operations_manager": {
        "risk_management": 0.75,
        "stakeholder_management": 0.70,
        "ai_ethics_certification": 0.50,
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_taxonomy_profile_has_brief_weights_exactly(role, taxonomy):
    profile = taxonomy.profile(role)
    for cid, weight in BRIEF_WEIGHTS[role].items():
        assert profile.weights[cid] == weight
        assert profile.sources[cid].startswith("DEVELOPERS brief: 2024 EU job-posting prevalence")


@pytest.mark.parametrize("role", ROLES)
def test_taxonomy_profile_estimates_are_sourced_and_in_range(role, taxonomy):
    profile = taxonomy.profile(role)
    assert 25 <= len(profile.weights) <= 45
    for cid, weight in profile.weights.items():
        assert profile.sources[cid].strip(), cid
        if cid not in BRIEF_WEIGHTS[role]:
            assert 0.2 <= weight <= 0.7, cid
            assert "estimate" in profile.sources[cid]


def test_taxonomy_profiles_cover_the_briefs_concepts(taxonomy, concept_of):
    mlops = taxonomy.profile("mlops_engineer").weights
    aiops = taxonomy.profile("ai_operations_manager").weights
    for s in ["Docker", "GitLab CI", "Terraform", "MLflow", "Kubeflow", "data drift", "Prometheus",
              "Grafana", "Python", "Go", "TensorFlow", "PyTorch", "CKA",
              "AWS Certified Machine Learning – Specialty"]:
        assert concept_of(s) in mlops, s
    for s in ["AI governance", "EU AI Act", "GDPR", "vendor management", "budget management", "Agile",
              "Scrum", "Jira", "Confluence", "NIST AI RMF", "PMP"]:
        assert concept_of(s) in aiops, s


def test_taxonomy_profile_labels_come_from_roles_file(taxonomy):
    assert taxonomy.profile("mlops_engineer").label == "MLOps engineer"
    assert taxonomy.profile("ai_operations_manager").label == "AI operations manager"


# ---------------------------------------------------------------------- fingerprint


def _copy_default(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name in ("concepts", "profiles", "roles"):
        paths[name] = tmp_path / f"{name}.csv"
        shutil.copyfile(DATA / f"{name}.csv", paths[name])
    return paths


def test_taxonomy_fingerprint_is_stable_across_loads(tmp_path):
    p = _copy_default(tmp_path)
    copy = load_taxonomy(p["concepts"], p["profiles"], p["roles"])
    assert copy.fingerprint() == default_taxonomy().fingerprint() == load_taxonomy().fingerprint()
    assert len(copy.fingerprint()) == 16


def test_taxonomy_fingerprint_changes_when_a_weight_changes(tmp_path):
    p = _copy_default(tmp_path)
    text = p["profiles"].read_text(encoding="utf-8")
    assert "mlops_engineer,kubernetes,0.85," in text
    p["profiles"].write_text(text.replace("mlops_engineer,kubernetes,0.85,", "mlops_engineer,kubernetes,0.84,"),
                             encoding="utf-8")
    changed = load_taxonomy(p["concepts"], p["profiles"], p["roles"])
    assert changed.profile("mlops_engineer").weights["kubernetes"] == 0.84
    assert changed.fingerprint() != default_taxonomy().fingerprint()


@pytest.mark.parametrize("name", ["context_rules.json", "activity_patterns.json", "job_titles.csv"])
def test_taxonomy_fingerprint_changes_when_an_extraction_rule_file_changes(name, monkeypatch):
    """Regression: editing context rules, activity phrases or titles left old models loading."""
    import hashlib

    from rolefit import taxonomy as tx

    assert name in tx.EXTRACTION_RULE_FILES
    before = default_taxonomy().fingerprint()
    real = tx._data_file(name).read_bytes()
    edited = tuple(
        (n, hashlib.sha256(real + b"\n" if n == name else tx._data_file(n).read_bytes()).hexdigest())
        for n in tx.EXTRACTION_RULE_FILES
    )
    monkeypatch.setattr(tx, "_extraction_rules_digest", lambda: edited)
    assert default_taxonomy().fingerprint() != before


def test_taxonomy_fingerprint_covers_derived_eu_spellings(monkeypatch):
    from rolefit import schema

    before = default_taxonomy().fingerprint()
    monkeypatch.setattr(schema, "_EU_SPELLING_RES", ())
    assert default_taxonomy().fingerprint() != before


# ---------------------------------------------------------------------- validation errors

HEADER = "id,label,group,kind,aliases,esco,onet,ambiguous\n"
GOOD_CONCEPTS = HEADER + "docker,Docker,technical,tool,Docker Compose,,,false\nkubernetes,Kubernetes,technical,tool,k8s,,,false\n"
GOOD_PROFILES = "role,concept_id,weight,source\nmlops_engineer,docker,0.5,test\n"
GOOD_ROLES = "id,label,description\nmlops_engineer,MLOps engineer,test role\n"


def _load(tmp_path: Path, concepts: str = GOOD_CONCEPTS, profiles: str = GOOD_PROFILES, roles: str = GOOD_ROLES):
    cpath, ppath, rpath = tmp_path / "concepts.csv", tmp_path / "profiles.csv", tmp_path / "roles.csv"
    cpath.write_text(concepts, encoding="utf-8")
    ppath.write_text(profiles, encoding="utf-8")
    rpath.write_text(roles, encoding="utf-8")
    return load_taxonomy(cpath, ppath, rpath)


def _error(tmp_path: Path, code: str, **files) -> str:
    with pytest.raises(TaxonomyError) as info:
        _load(tmp_path, **files)
    assert isinstance(info.value, ValueError) and isinstance(info.value, RolefitError)
    message = str(info.value)
    assert message.startswith(f"[{code}]")
    return message


def test_taxonomy_synthetic_files_load(tmp_path):
    tax = _load(tmp_path)
    assert tax.concept_ids == ("docker", "kubernetes")
    assert tax.profile("mlops_engineer").weights == {"docker": 0.5}
    assert tax.profile("mlops_engineer").label == "MLOps engineer"  # from the roles file


def test_taxonomy_rejects_duplicate_id(tmp_path):
    msg = _error(tmp_path, "RF001", concepts=GOOD_CONCEPTS + "docker,Docker Engine,technical,tool,,,,false\n")
    assert str(tmp_path / "concepts.csv") in msg and "line 4" in msg and "'docker'" in msg


def test_taxonomy_rejects_alias_claimed_by_two_concepts(tmp_path):
    concepts = GOOD_CONCEPTS + "dvc,DVC,technical,tool,Data  Version CONTROL,,,false\n"
    concepts = concepts.replace("k8s,", "k8s|data version control,")
    msg = _error(tmp_path, "RF003", concepts=concepts)
    assert str(tmp_path / "concepts.csv") in msg
    assert "'kubernetes' (line 3)" in msg and "'dvc'" in msg and "line 4" in msg


def test_taxonomy_rejects_empty_label(tmp_path):
    msg = _error(tmp_path, "RF001", concepts=HEADER + "docker,,technical,tool,,,,false\n")
    assert str(tmp_path / "concepts.csv") in msg and "empty label" in msg


def test_taxonomy_rejects_empty_alias(tmp_path):
    msg = _error(tmp_path, "RF001", concepts=HEADER + "docker,Docker,technical,tool,Compose||Swarm,,,false\n")
    assert "empty alias" in msg


def test_taxonomy_rejects_bad_group(tmp_path):
    msg = _error(tmp_path, "RF001", concepts=GOOD_CONCEPTS.replace("docker,Docker,technical", "docker,Docker,tech"))
    assert str(tmp_path / "concepts.csv") in msg and "'tech'" in msg and "technical" in msg


def test_taxonomy_rejects_id_that_is_not_snake_case(tmp_path):
    msg = _error(tmp_path, "RF001", concepts=GOOD_CONCEPTS.replace("docker,Docker,", "Docker-CE,Docker,"))
    assert "snake_case" in msg


def test_taxonomy_rejects_unknown_profile_concept(tmp_path):
    msg = _error(tmp_path, "RF004", profiles=GOOD_PROFILES + "mlops_engineer,widgetry,0.5,test\n")
    assert str(tmp_path / "profiles.csv") in msg and "'widgetry'" in msg and "line 3" in msg


@pytest.mark.parametrize("weight", ["0", "1.5", "-0.2", "lots", "nan"])
def test_taxonomy_rejects_weight_out_of_range(tmp_path, weight):
    msg = _error(tmp_path, "RF005", profiles=GOOD_PROFILES.replace("0.5", weight))
    assert str(tmp_path / "profiles.csv") in msg and repr(weight) in msg


def test_taxonomy_rejects_missing_column(tmp_path):
    concepts = "id,label,kind\ndocker,Docker,tool\n"
    msg = _error(tmp_path, "RF002", concepts=concepts)
    assert str(tmp_path / "concepts.csv") in msg and "group" in msg


def test_taxonomy_rejects_missing_file(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(TaxonomyError, match=r"^\[RF007\]") as info:
        load_taxonomy(missing)
    assert str(missing) in str(info.value)
    assert isinstance(info.value, ValueError)


# ---------------------------------------------------------------------- roles defined once (issue 8 #5)


def test_taxonomy_missing_roles_file_is_an_error_not_ignored(tmp_path):
    """Issue 8 #5: a missing roles file was silently ignored (labels fell back to the id)."""
    cpath, ppath = tmp_path / "concepts.csv", tmp_path / "profiles.csv"
    cpath.write_text(GOOD_CONCEPTS, encoding="utf-8")
    ppath.write_text(GOOD_PROFILES, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"^\[RF007\]") as info:
        load_taxonomy(cpath, ppath, tmp_path / "no_roles.csv")
    assert str(tmp_path / "no_roles.csv") in str(info.value)


@pytest.mark.parametrize(
    "profiles, line",
    [
        ("role,concept_id,weight,source\nmlops_enginer,docker,0.5,typo\n", 2),
        ("role,concept_id,weight,source\nmlops_engineer,docker,0.5,ok\nai_ops,kubernetes,0.5,unknown\n", 3),
    ],
)
def test_taxonomy_profile_role_not_in_roles_file_is_rejected_with_line(tmp_path, profiles, line):
    """Issue 8 #5: role ids in profiles.csv were never validated against roles.csv."""
    msg = _error(tmp_path, "RF009", profiles=profiles)
    assert f"{tmp_path / 'profiles.csv'}, line {line}" in msg
    assert str(tmp_path / "roles.csv") in msg and "mlops_engineer" in msg and "Add a row" in msg


@pytest.mark.parametrize(
    "roles, problem",
    [
        ("id,label,description\nMLOps,MLOps engineer,x\n", "snake_case"),
        ("id,label,description\nmlops_engineer,MLOps,x\nmlops_engineer,Again,y\n", "already used on line 2"),
        ("id,label,description\nmlops_engineer,,x\n", "empty label"),
    ],
)
def test_taxonomy_bad_roles_row_is_rejected_with_line(tmp_path, roles, problem):
    msg = _error(tmp_path, "RF001", roles=roles)
    assert str(tmp_path / "roles.csv") in msg and problem in msg


def test_taxonomy_roles_constant_and_cli_help_derive_from_roles_file():
    """One home for the roles: ROLES, the CLI help and model-card text come from roles.csv."""
    import csv as _csv
    from importlib import resources

    from rolefit.cli import app
    from rolefit.taxonomy import default_roles, roles_summary

    with (resources.files("rolefit") / "data" / "roles.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(_csv.DictReader(fh))
    assert ROLES == tuple(r["id"] for r in rows) == tuple(r.id for r in default_roles())
    assert roles_summary() == ", ".join(r["label"] for r in rows)
    assert roles_summary() in app.info.help
    assert set(default_taxonomy().roles) == set(ROLES)


def test_taxonomy_section_weights_come_from_context_rules():
    """One home for section weights: the features read the context-rules file."""
    from rolefit.ml import SECTION_WEIGHTS
    from rolefit.schema import SECTIONS
    from rolefit.taxonomy import load_context_data, section_weights

    data = load_context_data()
    assert dict(SECTION_WEIGHTS) == section_weights(data) == {s: d["weight"] for s, d in data["headings"].items()}
    assert set(SECTION_WEIGHTS) == set(SECTIONS)


def test_broader_bundled_relation_loads_and_is_transitive():
    covers = load_broader()
    assert "gitlab_ci" in covers["ci_cd"]
    assert "nist_ai_rmf" in covers["ai_risk_management"]
    assert "nist_ai_rmf" in covers["risk_management"]  # via AI risk management
    assert all(b not in n for b, n in covers.items())


@pytest.mark.parametrize(
    "rows, problem",
    [
        ("gitlab_ci,no_such_concept,x\n", "not a concept"),
        ("gitlab_ci,gitlab_ci,x\n", "broader than itself"),
        ("gitlab_ci,ci_cd,x\ngitlab_ci,ci_cd,y\n", "listed twice"),
    ],
)
def test_broader_bad_row_raises_with_its_line(tmp_path, rows, problem):
    p = tmp_path / "broader.csv"
    p.write_text("concept_id,broader_id,why\n" + rows, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=problem) as err:
        load_broader(p)
    assert "RF001" in str(err.value) and "line" in str(err.value)


def test_broader_cycle_is_refused_with_its_line(tmp_path):
    p = tmp_path / "broader.csv"
    p.write_text("concept_id,broader_id,why\ngitlab_ci,ci_cd,x\nscrum,agile,x\nagile,scrum,y\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="cycle") as err:
        load_broader(p)
    assert "line 3" in str(err.value)


def test_broader_missing_file_and_column_are_coded(tmp_path):
    with pytest.raises(TaxonomyError, match="RF007"):
        load_broader(tmp_path / "nope.csv")
    p = tmp_path / "broader.csv"
    p.write_text("concept_id,why\ngitlab_ci,x\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="RF002"):
        load_broader(p)
