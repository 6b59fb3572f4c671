"""The posting-cue search with re.ASCII patterns (on text where that flag changes nothing) finds
exactly what the Unicode patterns find."""

from __future__ import annotations

import re

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.labels import _ascii_mode_is_exact, _ascii_safe, _cues, posting_cues

_PIECES = st.sampled_from(
    ["We are looking for", "join our team", "Responsibilities:", "REQUIREMENTS", "what we offer", "apply now",
     "you will build", "about the role", "(m/f/d)", "5+ years of experience with", "competitive salary",
     "equal opportunity employer", "2019 - 2023", "2020 to present", "I am", "I led", "Job type:",
     "the ideal candidate", "you have", "you are passionate", "Kubernetes", "KUBERNETES", "k8s", "_", "x1",
     "we're hiring", "I", "i", "a", "-", ".", "we’re hiring", "2019 – 2021", "2018—now", "•",
     "“quoted”", "…", "€", "José", "ÉQUIPE", "Скилл",
     "Kubernetes", "ſalary", "ı", "İ", "µ", "٣ years of experience with",
     "İ am", "ı led", "competitive ſalary", "Key responsibilities:", "JOİN OUR TEAM"]
)
_SEPARATORS = st.sampled_from(
    [" ", "\n", "\t", ". ", "! ", "\x1c", "\x1d", "\x1f", "\x0b", "\x0c", "\r\n", "", "_", "9", "\xa0", "\u2028",
     "\u2019", "\u2013", "\u0301"]
)


def _unicode_only(text: str) -> tuple[list[str], list[str]]:
    posting, cv = [], []
    for cue in _cues():
        if cue.pattern.search(text):
            (posting if cue.kind == "posting" else cv).append(cue.name)
    return list(dict.fromkeys(posting)), list(dict.fromkeys(cv))  # a cue with several rows counts once


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=40))
def test_posting_cues_on_ascii_text_match_the_unicode_patterns(parts):
    text = "".join(p + s for p, s in parts)
    assert posting_cues(text) == _unicode_only(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_posting_cues_on_any_ascii_text_match_the_unicode_patterns(text):
    assert posting_cues(text) == _unicode_only(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.characters(max_codepoint=0x2FFF)), max_size=60))
def test_posting_cues_on_any_text_match_the_unicode_patterns(parts):
    text = " ".join(parts)
    assert posting_cues(text) == _unicode_only(text)


def test_typographic_punctuation_keeps_the_ascii_patterns_and_letters_do_not():
    assert _ascii_mode_is_exact("We\u2019re looking for \u2013 apply now \u2022 \u201cMLOps\u201d")
    assert not _ascii_mode_is_exact("Jos\u00e9")  # a letter: \\w in Unicode mode only
    assert not _ascii_mode_is_exact("a\xa0b")  # a space in Unicode mode only
    assert not _ascii_mode_is_exact("\u212aubernetes")  # equals "k" case-insensitively in Unicode mode


def test_information_separators_keep_the_unicode_patterns():
    """Unicode \\s matches \\x1c-\\x1f, ASCII \\s does not: such text is searched with the Unicode patterns."""
    text = "Responsibilities:\x1c\nWe are looking for\x1fa lead. Apply now."
    assert posting_cues(text) == _unicode_only(text)
    assert re.search(r"\s", "\x1c") and not re.search(r"\s", "\x1c", re.ASCII)


def test_cased_non_ascii_pattern_gets_no_ascii_variant():
    assert _ascii_safe(r"\b(?:19|20)\d\d\s*(?:[-–—]|to)")
    assert not _ascii_safe("\u212aubernetes")  # the Kelvin sign matches "k" case-insensitively
    assert not _ascii_safe(r"\u212aubernetes")


@settings(max_examples=300, deadline=None)
@given(
    probability=st.floats(0, 1),
    threshold=st.floats(0.05, 0.95),
    band=st.floats(0, 0.5),
    met=st.lists(st.booleans(), max_size=3),
    n_evidence=st.integers(0, 6),
    posting=st.sampled_from([None, "reads like a job posting"]),
)
def test_a_posting_reason_makes_every_label_review_with_that_reason(probability, threshold, band, met, n_evidence, posting):
    """A text that reads like a job posting is not a CV: review with the posting reason for every role,
    whatever the probability (was: no_fit kept when the probability was low)."""
    from rolefit.labels import decide_label
    from rolefit.schema import RequirementCheck

    checks = [RequirementCheck(requirement=f"r{i}", label=f"group {i}", met=m, concept_ids=()) for i, m in enumerate(met)]
    d = decide_label(probability, threshold, band, role_label="MLOps engineer", checks=checks,
                     n_evidence=n_evidence, posting=posting)
    if posting is not None:
        assert (d.label, d.reason) == ("review", posting)
    else:
        assert d.reason is None or "job posting" not in d.reason


def test_scorer_labels_a_strong_job_posting_review_and_a_weak_one_no_fit():
    """A posting gets review with the posting reason for every role, including the role it is not
    about (regression: the AI-ops role of an MLOps posting was no_fit)."""
    import rolefit

    posting = (
        "We are looking for an MLOps Engineer to join our team.\nResponsibilities:\n"
        "- Build CI/CD pipelines with GitLab CI, Docker and Kubernetes\n- Run MLflow, Kubeflow and a model registry\n"
        "- Monitor data drift with Prometheus and Grafana\n- Terraform on AWS, Python and Go\n"
        "Requirements:\n- 3+ years of experience with Kubernetes\nWhat we offer: competitive salary. Apply now."
    )
    scored = rolefit.score(posting)
    for role in ("mlops_engineer", "ai_operations_manager"):
        assert scored[role].label == "review" and "job posting" in scored[role].reason
    weak = rolefit.score("We are looking for a barista to join our team.\nRequirements:\nApply now.")
    assert all(rs.label != "fit" for rs in weak.roles.values())


_CUE_NAMES = [c.name for c in _cues() if c.factors is not None]


@pytest.mark.parametrize("name", _CUE_NAMES)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_match_of_a_cue_contains_one_of_its_literal_factors(name, data):
    """The literal prefilter of the posting cues (labels._literal_factors) is a necessary condition:
    every text the re.ASCII pattern matches contains, lower-cased, one of the cue's factors."""
    cue = next(c for c in _cues() if c.name == name)
    text = data.draw(st.from_regex(cue.ascii_pattern, alphabet=st.characters(max_codepoint=127)))
    if _ascii_mode_is_exact(text) and cue.ascii_pattern.search(text):
        assert any(f in text.lower() for f in cue.factors), (text, cue.factors)


@pytest.mark.parametrize("name", _CUE_NAMES)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_unicode_match_of_a_cue_contains_one_of_its_factors_after_folding(name, data):
    """On text the re.ASCII patterns do not fit, the Unicode pattern is searched and the prefilter
    reads labels._folded(text): every match must still contain a factor there, also when it is
    spelt with the characters that equal ASCII letters case-insensitively (İ, ı, ſ, the Kelvin sign)."""
    from rolefit.labels import _folded

    cue = next(c for c in _cues() if c.name == name)
    alphabet = st.one_of(st.characters(max_codepoint=127), st.sampled_from("İıſKéÉ–’  ß"))
    text = data.draw(st.from_regex(cue.pattern, alphabet=alphabet))
    if cue.pattern.search(text):
        assert any(f in _folded(text) for f in cue.factors), (text, cue.factors)


def test_folding_maps_the_letters_that_equal_ascii_ones_case_insensitively():
    from rolefit.labels import _folded

    assert _folded("İ AM") == "i am"  # "İ".lower() is two characters
    assert _folded("ı led, competitive ſalary, Key") == "i led, competitive salary, key"
    assert _folded("ÉQUIPE – Straße") == "équipe – straße"


@pytest.mark.parametrize(
    ("source", "factors"),
    [
        (r"\bjoin (?:our|the) (?:\w+ )?team\b", ("join our ", "join the ")),  # a run stops at \w+
        (r"\b\d+\+? years? of experience (?:with|in)\b", (" of experience ",)),  # one string beats 8
        # one factor per distinct start, each its strings' longest common prefix: a rare string
        # stays whole ("applicatio" would pass every CV with "web applications")
        (
            r"\b(?:to apply|application deadline|send (?:us )?your (?:cv|resume))\b",
            ("application deadline", "send us your ", "send your ", "to apply"),
        ),
        (r"^\W*(?:key )?(?:duties|tasks)\s*:?\s*$", ("duties", "tasks")),  # an optional part may be absent
        (r"\bAbout\b", ("about",)),  # lower-cased: the patterns ignore case
        (r"(?-i:Ab)c", ("c",)),  # a group with its own flags is left out
        (r"x{3}", None),  # repeats beyond x? are not enumerated
        (r"\w+\s+\d", None),  # no literal at all: always searched
    ],
)
def test_literal_factors_of_small_patterns(source, factors):
    from rolefit.labels import _literal_factors

    assert _literal_factors(source) == factors


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=40))
def test_posting_reason_follows_the_rule_on_all_cues(parts):
    """posting_reason searches the CV cues only where the posting cues can settle it: the same
    rule as every cue searched (the minimum of posting cues and at most the CV cues allowed, or
    one posting cue that stands alone and no CV cue)."""
    from rolefit.labels import POSTING_MAX_CV_CUES, POSTING_MIN_CUES, posting_reason

    text = "".join(p + s for p, s in parts)
    posting, cv = _unicode_only(text)
    alone = {cue.name for cue in _cues() if cue.alone}
    expected = (len(posting) >= POSTING_MIN_CUES and len(cv) <= POSTING_MAX_CV_CUES) or (
        len(posting) == 1 and posting[0] in alone and not cv
    )
    reason = posting_reason(text)
    assert (reason is not None) == expected
    if expected:
        # the reason quotes the document's own words, one quote per cue shown
        import re as _re

        quotes = _re.findall(r'"([^"]*)"', reason.split("CV (", 1)[1].rsplit("):", 1)[0])
        assert len(quotes) == min(3, len(posting))
        flat = " ".join(text.split())
        assert all(q.rstrip(".") in flat for q in quotes)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["we are", "we're ", "Apply now", "perks", "duties", "I led", "2019", " candidate",
                                 "you have", "İ am", "x", "\n", ", ", "requirements", "é", "(M/F/D)", "(m/w/", "(all genders)",
                                 "You are ", "you brin", "yo", "join the ", "join our ", "we", "("]), max_size=30).map("".join))
def test_cue_prefilter_matches_its_plain_rule(text):
    """_CueSearch.candidates tests each factor with any(map(lowered.__contains__, ...)), or with one
    literal alternation of the factors when they share a first character (_Cue.factor_search): the
    same cues as the plain any(f in lowered for f in factors), in file order."""
    from rolefit.labels import _CueSearch

    search = _CueSearch(text)
    for kind in ("posting", "cv"):
        plain = [c for c in _cues() if c.kind == kind and (c.factors is None or any(f in search._lowered for f in c.factors))]
        assert search.candidates(kind) == plain


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127), st.sampled_from("’–•é\xa0İſK\u2028\u0301")), max_size=80))
def test_ascii_mode_check_matches_its_plain_rule(text):
    """_ascii_mode_is_exact looks up only the non-ASCII characters (and the four information
    separators among the ASCII ones): the same answer as asking _same_in_ascii_mode of every
    distinct character."""
    from rolefit.labels import _same_in_ascii_mode

    assert _ascii_mode_is_exact(text) == all(map(_same_in_ascii_mode, set(text)))


def test_factor_alternations_are_used_only_for_shared_first_characters():
    """The cues whose factors share a first character get an alternation (found only where that
    character stands); the others keep one ``in`` per factor."""
    for cue in _cues():
        if cue.factor_search is not None:
            assert len(cue.factors) >= 2 and len({f[0] for f in cue.factors}) == 1
            for f in cue.factors:
                assert cue.factor_search.search("..." + f + "...") is not None
                assert cue.factor_search.search(f[:-1]) is None or any(g in f[:-1] for g in cue.factors)
    assert {c.name for c in _cues() if c.factor_search is not None} >= {"we are looking for", "gender marker", "you have"}


def test_posting_reason_quotes_the_documents_words_not_the_cue_names():
    """Regression: 'We are hiring ...' was explained as ("we are looking for", ...), the cue's
    name, words the document does not contain."""
    from rolefit.labels import posting_reason

    text = "We are hiring an MLOps Engineer to join our team.\nRequirements:\n- Kubernetes\nYou will own MLflow."
    reason = posting_reason(text)
    assert reason is not None
    assert '"We are hiring"' in reason and '"join our team"' in reason and '"Requirements"' in reason
    assert "looking for" not in reason and "heading" not in reason
