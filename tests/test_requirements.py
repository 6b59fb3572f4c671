"""Role requirements as data: the bundled file, the loader's coded errors, user edits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rolefit.errors import OutputExistsError, TaxonomyError
from rolefit.schema import Requirement
from rolefit.taxonomy import (
    default_taxonomy,
    derive_requirements,
    load_taxonomy,
    parse_requirements,
    save_requirements,
)

HEADER = "role,requirement,label,concepts,min_concepts,source\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "requirements.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_bundled_requirements_encode_the_role_descriptions():
    tax = default_taxonomy()
    ai = {r.requirement: r for r in tax.requirements_for("ai_operations_manager")}
    ml = {r.requirement: r for r in tax.requirements_for("mlops_engineer")}
    assert set(ai) == {"ai_oversight", "management"}
    assert set(ml) == {"machine_learning", "operations"}
    # the brief's named items sit in the right group
    assert {"eu_ai_act", "nist_ai_rmf", "ai_governance", "model_risk_management", "machine_learning"} <= set(
        ai["ai_oversight"].concepts
    )
    assert {"risk_management", "stakeholder_management", "vendor_management", "budget_management"} <= set(
        ai["management"].concepts
    )
    assert {"mlflow", "kubeflow", "model_registry", "tensorflow", "pytorch"} <= set(ml["machine_learning"].concepts)
    assert {"kubernetes", "docker", "ci_cd", "gitlab_ci", "terraform", "prometheus", "grafana"} <= set(
        ml["operations"].concepts
    )
    # an AI-ops CV needs AI evidence that a generic manager does not have
    assert not set(ai["ai_oversight"].concepts) & set(ai["management"].concepts)
    assert not set(ml["machine_learning"].concepts) & set(ml["operations"].concepts)
    for reqs in tax.requirements.values():
        for r in reqs:
            assert r.source and r.label and r.min_concepts >= 1


def test_requirement_concepts_are_not_general_skills():
    """Evidence of a role's substance is never a generic skill (communication, Excel...)."""
    tax = default_taxonomy()
    for reqs in tax.requirements.values():
        for r in reqs:
            assert all(tax[c].group != "general" for c in r.concepts), r.requirement


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("nobody,x,L,python,1,s\n", "unknown role"),
        ("mlops_engineer,Bad Id,L,python,1,s\n", "snake_case"),
        ("mlops_engineer,x,L,python,1,s\nmlops_engineer,x,L,docker,1,s\n", "used twice"),
        ("mlops_engineer,x,,python,1,s\n", "must not be empty"),
        ("mlops_engineer,x,L,python,1,\n", "must not be empty"),
        ("mlops_engineer,x,L,,1,s\n", "concepts is empty"),
        ("mlops_engineer,x,L,python||docker,1,s\n", "empty entry"),
        ("mlops_engineer,x,L,python|no_such_concept,1,s\n", "no_such_concept"),
        ("mlops_engineer,x,L,python|python,1,s\n", "listed twice"),
        ("mlops_engineer,x,L,python|docker,3,s\n", "min_concepts"),
        ("mlops_engineer,x,L,python,zero,s\n", "min_concepts"),
    ],
)
def test_bad_requirement_rows_raise_rf020_with_file_and_line(tmp_path, body, fragment):
    path = _write(tmp_path, body)
    tax = default_taxonomy()
    with pytest.raises(TaxonomyError) as info:
        parse_requirements(path, tax.concept_ids, roles=tax.roles)
    msg = str(info.value)
    assert "[RF020]" in msg and str(path) in msg and "line" in msg and fragment in msg


def test_missing_requirements_column_and_file_are_typed_errors(tmp_path):
    tax = default_taxonomy()
    path = tmp_path / "requirements.csv"
    path.write_text("role,requirement,label\nmlops_engineer,x,L\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"\[RF002\]"):
        parse_requirements(path, tax.concept_ids)
    with pytest.raises(TaxonomyError, match=r"\[RF007\]"):
        load_taxonomy(requirements_path=tmp_path / "absent.csv")


def test_users_can_edit_requirements(tmp_path):
    path = _write(tmp_path, "mlops_engineer,ops,operations evidence,kubernetes|docker,2,my postings\n")
    tax = load_taxonomy(requirements_path=path)
    (req,) = tax.requirements_for("mlops_engineer")
    assert req == Requirement("mlops_engineer", "ops", "operations evidence", ("kubernetes", "docker"), 2, "my postings")
    assert tax.requirements_for("ai_operations_manager") == ()
    # requirements change labels, not the model: the fingerprint stays
    assert tax.fingerprint() == default_taxonomy().fingerprint()
    edited = default_taxonomy().with_requirements([req])
    assert edited.requirements_for("mlops_engineer") == (req,)
    assert edited.requirements_for("ai_operations_manager") == default_taxonomy().requirements_for(
        "ai_operations_manager"
    )
    with pytest.raises(TaxonomyError, match=r"\[RF020\]"):
        default_taxonomy().with_requirements([Requirement("mlops_engineer", "x", "L", ("nope",))])


def test_custom_concepts_file_without_requirements_beside_it_has_none(tmp_path):
    data = Path(default_taxonomy().source).parent
    for name in ("concepts.csv", "profiles.csv", "roles.csv"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    tax = load_taxonomy(tmp_path / "concepts.csv", tmp_path / "profiles.csv", tmp_path / "roles.csv")
    assert dict(tax.requirements) == {}


def test_requirements_file_is_documented_per_row():
    data = Path(default_taxonomy().source).parent
    with (data / "requirements.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"].startswith("rolefit brief") for r in rows)


def test_requirements_derived_from_postings_keep_what_postings_ask_for(tmp_path):
    from rolefit.schema import RoleProfile

    tax = default_taxonomy()
    prof = RoleProfile("mlops_engineer", "MLOps engineer", {"kubernetes": 0.9, "docker": 0.05, "mlflow": 0.5})
    derived = {r.requirement: r for r in derive_requirements(prof, tax, min_share=0.1)}
    assert derived["operations"].concepts == ("kubernetes",)
    assert derived["machine_learning"].concepts == ("mlflow",)
    assert "derived from job postings" in derived["operations"].source
    # a group no posting names is kept whole, and says so
    prof2 = RoleProfile("mlops_engineer", "MLOps engineer", {"kubernetes": 0.9})
    kept = {r.requirement: r for r in derive_requirements(prof2, tax)}["machine_learning"]
    assert kept.concepts == {r.requirement: r for r in tax.requirements_for("mlops_engineer")}["machine_learning"].concepts
    assert "kept" in kept.source
    path = tmp_path / "requirements.csv"
    save_requirements(derived.values(), path)
    assert parse_requirements(path, tax.concept_ids, roles=tax.roles)["mlops_engineer"] == tuple(derived.values())
    before = path.read_bytes()
    with pytest.raises(OutputExistsError, match=r"\[RF412\]"):
        save_requirements([], path)
    assert path.read_bytes() == before  # refused: nothing written
    save_requirements(derived.values(), path, overwrite=True)
    assert path.read_bytes() == before
    with pytest.raises(Exception, match=r"\[RF401\]"):
        derive_requirements(prof, tax, min_share=2)


def test_cli_profile_writes_requirements_from_postings(tmp_path):
    from typer.testing import CliRunner

    from rolefit.cli import app

    postings = tmp_path / "postings"
    postings.mkdir()
    for i in range(3):
        (postings / f"p{i}.txt").write_text(
            "MLOps Engineer. Requirements: Kubernetes, Docker, MLflow and PyTorch.", encoding="utf-8"
        )
    out, req = tmp_path / "profiles.csv", tmp_path / "requirements.csv"
    res = CliRunner().invoke(
        app, ["profile", str(postings), "--role", "mlops_engineer", "--output", str(out), "--requirements", str(req)]
    )
    assert res.exit_code == 0, res.output
    tax = default_taxonomy()
    groups = {r.requirement: set(r.concepts) for r in parse_requirements(req, tax.concept_ids)["mlops_engineer"]}
    assert groups == {"operations": {"kubernetes", "docker"}, "machine_learning": {"mlops", "mlflow", "pytorch"}}
    again = CliRunner().invoke(
        app, ["profile", str(postings), "--role", "mlops_engineer", "--output", str(tmp_path / "p2.csv"),
              "--requirements", str(req)]
    )
    assert again.exit_code == 1 and "[RF412]" in again.stderr and "Pass --force" in again.stderr, again.output
    assert "overwrite=True" not in again.stderr  # the CLI names its own option
    assert not (tmp_path / "p2.csv").exists()  # both outputs are checked before anything is written
    forced = CliRunner().invoke(
        app, ["profile", str(postings), "--role", "mlops_engineer", "--output", str(out),
              "--requirements", str(req), "--force"]
    )
    assert forced.exit_code == 0, forced.output


def test_a_narrowed_group_names_what_it_still_accepts_in_its_label():
    """New-user trial (2026-12-07): a group narrowed to MLflow, PyTorch... kept the generic
    label, so a TensorFlow CV read "no machine-learning evidence (ML frameworks, ...)"."""
    from rolefit.schema import RoleProfile
    from rolefit.taxonomy import default_taxonomy, derive_requirements

    tax = default_taxonomy()
    prof = RoleProfile("mlops_engineer", "MLOps engineer", {"kubernetes": 0.9, "mlflow": 0.5, "pytorch": 0.4})
    derived = {r.requirement: r for r in derive_requirements(prof, tax)}
    ml = derived["machine_learning"]
    assert ml.concepts == ("mlflow", "pytorch")
    assert ml.label == "machine-learning evidence as your job postings name it (MLflow, PyTorch)"
    generic = {r.requirement: r for r in tax.requirements_for("mlops_engineer")}
    unnamed = derive_requirements(RoleProfile("mlops_engineer", "MLOps engineer", {"kubernetes": 0.9}), tax)
    assert {r.requirement: r for r in unnamed}["machine_learning"].label == generic["machine_learning"].label
