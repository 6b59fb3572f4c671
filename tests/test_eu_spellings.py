"""EU spellings: "ICT" where US text writes "IT" (rolefit.schema.EU_SPELLINGS, one home)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolefit.nlp import extract_skills
from rolefit.schema import Concept, eu_spellings
from rolefit.taxonomy import default_taxonomy


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("IT governance", ("ICT governance",)),
        ("it manager", ("ict manager",)),
        ("Information technology", ("information and communication technology",)),
        ("ITIL", ()),
        ("Kubernetes", ()),
        ("audit", ()),
        ("IT/OT security", ("ICT/OT security",)),
    ],
)
def test_eu_spellings_replace_whole_words_only(form, expected):
    assert eu_spellings(form) == expected


@given(st.text(alphabet="abcdefgIiTtCc /-", max_size=30))
def test_eu_spellings_differ_from_the_form_and_are_unique(form):
    out = eu_spellings(form)
    assert form not in out and len(set(out)) == len(out)


def test_surface_forms_add_eu_spellings_after_label_and_aliases_without_duplicates():
    c = Concept("x", "IT audit", "managerial", "skill", aliases=("ICT audit", "IT auditing"))
    assert c.surface_forms == ("IT audit", "ICT audit", "IT auditing", "ICT auditing")


def test_no_eu_spelling_is_a_surface_form_of_another_concept():
    """A derived form must not silently move a phrase from one concept to another."""
    owner: dict[str, str] = {}
    for c in default_taxonomy().concepts:
        for form in (c.label, *c.aliases):
            owner.setdefault(form.casefold(), c.id)
    for c in default_taxonomy().concepts:
        for form in c.surface_forms[len(c.aliases) + 1:]:
            assert owner.get(form.casefold(), c.id) == c.id, (form, c.id, owner[form.casefold()])


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Set up ICT governance for the group.", "governance_risk_and_compliance"),
        ("Led ICT project management for three ministries.", "project_management"),
        ("Ran the ICT infrastructure of a 2,000-seat agency.", "information_technology"),
        ("Ten years in information and communication technology.", "information_technology"),
        ("Managed IT systems and the IT department budget.", "information_technology"),
    ],
)
def test_eu_and_us_it_terms_are_found(text, concept):
    assert concept in {m.concept_id for m in extract_skills(text)}


@pytest.mark.parametrize("text", ["I fixed it quickly.", "Made it work, then shipped it.", "It is done."])
def test_the_pronoun_it_is_not_information_technology(text):
    assert "information_technology" not in {m.concept_id for m in extract_skills(text)}
