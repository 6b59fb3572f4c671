"""Persona regression tests: short synthetic CVs labelled as a recruiter would label them.

The personas (``tests/data/personas.json``) come from the labelling problem of rolefit 0.1,
whose default model called a construction project manager, a chef and an HR manager fit
for AI operations manager, a one-word text ("Kubernetes") and an MLOps job posting fit for
MLOps engineer, and a data scientist with no deployment work fit for MLOps. Each keeps the
input that broke. ``fit``: rolefit must say fit; ``not_fit``: anything but fit;
``review``: exactly review (with ``reason`` containing the given words when listed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rolefit
from rolefit.taxonomy import default_taxonomy

PERSONAS = json.loads((Path(__file__).parent / "data" / "personas.json").read_text(encoding="utf-8"))["personas"]


@pytest.fixture(scope="module")
def results():
    return dict(zip((p["id"] for p in PERSONAS), rolefit.score_many([p["text"] for p in PERSONAS])))


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p["id"])
def test_persona_is_labelled_as_a_recruiter_would(persona, results):
    result = results[persona["id"]]
    for role, expected in persona["expect"].items():
        rs = result[role]
        got = (rs.label, round(rs.probability, 3), rs.reason)
        if expected == "fit":
            assert rs.label == "fit", got
            assert rs.requirements_met
        elif expected == "not_fit":
            assert rs.label != "fit", got
        else:
            assert rs.label == expected, got
        part = persona.get("reason", {}).get(role)
        if part is not None:
            assert rs.reason is not None and part in rs.reason, got


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p["id"])
def test_every_role_score_says_which_requirements_were_met(persona, results):
    result = results[persona["id"]]
    for role, rs in result.roles.items():
        names = [c.requirement for c in rs.requirements]
        assert names == [r.requirement for r in default_taxonomy().requirements_for(role)]
        practised = {m.concept_id for m in result.mentions if not m.negated and m.section != "interests"}
        for check in rs.requirements:
            assert check.met == bool(check.concept_ids)
            assert set(check.concept_ids) <= practised
        d = rs.to_dict()
        assert [g["requirement"] for g in d["requirements"]] == names
        assert d["requirements_met"] == rs.requirements_met


def test_it_project_manager_without_ai_is_review_naming_the_missing_ai_evidence(results):
    rs = results["it_pm_no_ai"]["ai_operations_manager"]
    assert rs.label in ("review", "no_fit")
    checks = {c.requirement: c for c in rs.requirements}
    assert checks["management"].met and not checks["ai_oversight"].met
    if rs.label == "review":
        assert "AI or ML evidence" in rs.reason


def test_explanation_lists_each_requirement_with_its_evidence(results):
    from rolefit.explain import explain_text

    text = explain_text(results["it_pm_no_ai"])
    assert "NOT met: AI or ML evidence" in text
    assert "met: management evidence" in text and "Risk management" in text
