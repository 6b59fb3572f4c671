"""Work deferred from loading to first use gives the same results as doing it at load.

Loading the pipeline leaves out what a first score may not need (benchmarks/cold_start.py):
the context cues' regexes are compiled when a text passes their pre-filter, the activity
matcher's shared ``Matcher`` is built when a doc needs it, its anchor words are token keys
under one match key instead of one-word docs each under its own, and the EU spellings of a surface form skip the regex
when the form cannot hold the US term. Each test compares the lazy or quick path with the
eager or full one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from rolefit.errors import TaxonomyError
from rolefit.nlp._context import MENTIONS_KEY
from rolefit.nlp._extractor import build_pipeline
from rolefit.nlp._rules import rules_from_data
from rolefit.schema import EU_SPELLINGS, eu_spellings
from rolefit.taxonomy import default_taxonomy, load_context_data

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples" / "cvs").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(default_taxonomy())


def _cue_texts() -> list[str]:
    """One short text per bundled cue, spelling its required and optional slots' first alternatives
    around a skill ("no experience with Rust"), plus the example CVs."""
    texts = []
    for cue in load_context_data()["cues"]:
        words = []
        for slot in cue["sequence"]:
            if isinstance(slot, list):
                words.append(slot[0])
            elif "optional" in slot:
                words.append(slot["optional"][0])
        phrase = " ".join(words)
        texts.append(f"Skills: {phrase} Kubernetes" if cue.get("where") == "after" else f"{phrase} Kubernetes, Docker")
        texts.append(f"Docker {phrase}" if cue.get("where") == "after" else f"Python, {phrase} Terraform.")
    return texts + [p.read_text(encoding="utf-8") for p in EXAMPLES]


def _compiled(rules) -> set[str]:
    return {c.id for c in rules.cues if {"pattern", "sentence_veto", "clause_veto"} & vars(c).keys()}


def test_cue_regexes_are_compiled_on_first_use_with_the_same_mentions(nlp):
    """Context cues compile when a text passes their pre-filter; the mentions equal those of
    rules whose every regex was compiled before the first text."""
    context = nlp.get_pipe("rolefit_context")
    texts = _cue_texts()
    lazy = rules_from_data(load_context_data())
    eager = rules_from_data(load_context_data())
    assert _compiled(lazy) == set()  # nothing compiled at load
    for cue in eager.cues:
        assert cue.pattern.pattern == cue.regex and cue.pattern.flags & re.IGNORECASE
        assert cue.sentence_veto is None or cue.sentence_veto.pattern == cue.veto_regex
        assert cue.clause_veto is None or (cue.clause_veto.pattern == cue.clause_veto_regex
                                           and cue.clause_veto.flags & re.IGNORECASE)
    try:
        context.set_rules(lazy)
        found_lazy = [nlp(t).user_data[MENTIONS_KEY] for t in texts]
        compiled = _compiled(lazy)
        context.set_rules(eager)
        found_eager = [nlp(t).user_data[MENTIONS_KEY] for t in texts]
    finally:
        context.set_rules(rules_from_data(load_context_data()))
    assert found_lazy == found_eager
    assert any(negated for mentions in found_lazy for *_, negated, _cue in mentions)  # the cues were exercised
    assert compiled and compiled <= {c.id for c in lazy.cues}


def test_first_example_cv_compiles_few_cues():
    """A CV passes the pre-filter of a few cues only: the point of compiling on first use."""
    rules = rules_from_data(load_context_data())
    nlp = build_pipeline(default_taxonomy())
    nlp.get_pipe("rolefit_context").set_rules(rules)
    nlp(EXAMPLES[0].read_text(encoding="utf-8"))
    assert len(_compiled(rules)) < len(rules.cues) // 2


@pytest.mark.parametrize("bounds", [[3, 1], [-1, 2], ["a", 2], [1], None])
def test_malformed_any_words_bounds_are_a_coded_error_at_load(bounds):
    """The one cue datum that could make a regex fail to compile is refused when the rules load
    (the regexes themselves compile later), with RF008 naming the rule."""
    data = load_context_data()
    data["cues"] = [{"id": "broken_gap", "sequence": [["no"], {"any_words": bounds}, ["experience"]]}]
    with pytest.raises(TaxonomyError, match=r"RF008.*broken_gap.*any_words"):
        rules_from_data(data)


def test_activity_anchors_under_one_key_find_what_one_word_docs_find(nlp):
    """The activity matcher's anchor words are token keys under one match key (no lexeme per
    word): each hit, read as its token's LOWER hash, is what a matcher keyed by each word's hash
    with one-word docs finds, in any letter case."""
    pipe = nlp.get_pipe("rolefit_activity_matcher")
    forms = sorted({nlp.vocab.strings[k] for k in pipe._keys})
    assert forms and all(f == f.lower() for f in forms)
    by_docs = PhraseMatcher(nlp.vocab, attr="LOWER")
    for form in forms:
        by_docs.add(form, [Doc(nlp.vocab, words=[form])])
    words = [w for f in forms for w in (f, f.upper(), f.title())] + ["unrelated", "words"]
    doc = Doc(nlp.vocab, words=words)
    assert sorted((doc[i].lower, i, e) for _key, i, e in pipe._anchors(doc)) == sorted(by_docs(doc))
    assert len(by_docs(doc)) == len(words) - 2


def test_shared_activity_matcher_is_built_on_first_use_with_every_pattern(nlp):
    """The activity matcher's shared ``Matcher`` (needed only when two keys match one span) is
    built on first use and equals one built with the patterns, in their order."""
    pipe = build_pipeline(default_taxonomy()).get_pipe("rolefit_activity_matcher")
    assert pipe._shared is None
    eager = Matcher(pipe.nlp.vocab)
    for key, specs in pipe._specs:
        eager.add(key, [specs], greedy="LONGEST")
    doc = pipe.nlp.make_doc(
        "Negotiated vendor contracts and owned a EUR 2M budget. Chaired stakeholder steering committees, "
        "managed budgets, led audits and coordinated vendors."
    )
    assert pipe.matcher(doc) == eager(doc) and eager(doc)
    assert len(pipe.matcher) == len(eager) and pipe._shared is pipe.matcher


_EU_RES = tuple((re.compile(rf"\b{re.escape(us)}\b", re.IGNORECASE), eu) for us, eu in EU_SPELLINGS)


def _eu_spellings_by_regex(form: str) -> tuple[str, ...]:
    """:func:`eu_spellings` without its quick check: every rule's regex on every form."""
    out: list[str] = []
    for pattern, eu in _EU_RES:
        variant = pattern.sub(lambda m: eu.upper() if m.group(0).isupper() else eu.lower(), form)
        if variant != form and variant not in out:
            out.append(variant)
    return tuple(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="itIT İıKKnformaiotechlgy/-.", max_size=40))
def test_eu_spellings_quick_check_changes_nothing(form):
    """The quick check (an ASCII form without the US term in any case skips the regex) gives what
    the regex gives, also for non-ASCII letters that case-insensitive matching takes for ASCII."""
    assert eu_spellings(form) == _eu_spellings_by_regex(form)


def test_eu_spellings_of_every_surface_form_are_the_regex_ones():
    for concept in default_taxonomy().concepts:
        for form in (concept.label, *concept.aliases):
            assert eu_spellings(form) == _eu_spellings_by_regex(form), form


def test_installed_version_is_importlib_metadata_version_for_every_installed_distribution():
    """The quick read of the ``Version`` field gives importlib.metadata's value (checked on every
    distribution of this environment) and None for a distribution that is not installed."""
    from importlib import metadata

    from rolefit._io import installed_version

    names = sorted({d.metadata["Name"] for d in metadata.distributions()})
    assert len(names) > 10
    assert {n: installed_version(n) for n in names} == {n: metadata.version(n) for n in names}
    assert installed_version("rolefit-no-such-distribution") is None


@pytest.mark.parametrize(
    "header, name",
    [("Version: 1.2.3\n", "rolefit-test-plain"),
     ("Version:   2.0rc1  \n", "rolefit-test-spaced"),
     ("version: 3.1\n", "rolefit-test-lower"),
     ("Version: 4.0\n  .post1\n", "rolefit-test-folded")],
)
def test_installed_version_reads_the_header_as_the_email_parser_does(tmp_path, monkeypatch, header, name):
    """Odd but valid headers: other spacing and case, a folded value (parsed the slow way); a
    ``Version:`` line in the description body is not a header."""
    from importlib import metadata

    from rolefit._io import installed_version

    info = tmp_path / f"{name.replace('-', '_')}-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\n{header}Summary: test\n\nVersion: 9.9 in the body\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    installed_version.cache_clear()
    try:
        assert installed_version(name) == metadata.version(name) != "9.9 in the body"
    finally:
        installed_version.cache_clear()


@pytest.mark.parametrize("tight", [False, True])
def test_a_cue_word_run_counts_whole_words_only(tight):
    """``{"any_words": [2, 3]}`` needs two whole words: in a tight cue (optional joiner) the run
    used to split one long word into pieces ("abcdefgh" as "abcd" + "efgh"), which both
    matched one word as two and made a failing cue backtrack through every split."""
    data = load_context_data()
    data["cues"] = [{"id": "gap_words", "sequence": [["ready"], {"any_words": [2, 3]}, ["like"]], "tight": tight}]
    cue = next(c for c in rules_from_data(data).cues if c.id == "gap_words")
    assert cue.pattern.search("ready abcdefgh like") is None
    assert cue.pattern.search("ready to study like") is not None
    assert cue.pattern.search("ready to study new things like") is None  # four words: more than 3
