"""The language check: the same verdicts as a plain reading of its rule, without the cold-start cost."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache
from importlib import import_module

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.nlp import check_english
from rolefit.nlp._language import MIN_ENGLISH_SHARE, MIN_LETTERS, MIN_PROSE_WORDS, OTHER_LANGUAGES, _stop_words

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1)
def _lists() -> tuple[set[str], dict[str, set[str]]]:
    english = set(import_module("spacy.lang.en.stop_words").STOP_WORDS)
    return english, {c: set(import_module(f"spacy.lang.{c}.stop_words").STOP_WORDS) - english for c in OTHER_LANGUAGES}


def _reference(text: str, spans: tuple[tuple[int, int], ...] = ()) -> tuple:
    """check_english as its docstring states it, one letter and one word at a time (``spans``:
    skill mentions whose words are not prose; the texts below put them on whole words)."""
    n_letters = len(_LETTER.findall(text))
    if n_letters < MIN_LETTERS:
        return (True, 1.0, 0, None, 0)
    latin = 1.0 - len(_NON_LATIN.findall(text)) / n_letters
    english, other = _lists()
    counts = dict.fromkeys(OTHER_LANGUAGES, 0)
    en = n_lower = en_lower = 0
    for match in _WORD.finditer(text):
        w = match.group()
        low = w.lower()
        if len(w) > 1 and w.isupper():
            continue  # an acronym or a heading ("AI", "EU", "CI"): no language's function word
        en += low in english
        in_skill = any(s < match.end() and match.start() < e for s, e in spans)
        if len(w) > 1 and w.islower() and not (in_skill and low not in english):
            n_lower += 1
            en_lower += low in english
        for c in OTHER_LANGUAGES:
            counts[c] += low in other[c]
    best, hits = None, 0
    for c in OTHER_LANGUAGES:
        if counts[c] > hits:
            best, hits = c, counts[c]
    other_language = hits >= 5 and hits > 2 * en
    unknown = n_lower >= MIN_PROSE_WORDS and en_lower < MIN_ENGLISH_SHARE * n_lower
    if unknown and not other_language:
        best, hits = None, 0
    return (latin >= 0.5 and not other_language and not unknown, latin, en, best, hits)


def _as_tuple(check) -> tuple:
    return (check.is_english, check.latin_share, check.english_hits, check.best_other, check.other_hits)


def test_stop_words_read_from_files_are_spacys_lists():
    """The lists read file by file are exactly the STOP_WORDS spaCy's modules define."""
    for code in ("en", *OTHER_LANGUAGES):
        assert _stop_words(code) == frozenset(import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS), code


def test_language_check_does_not_import_spacy_language_packages():
    """Regression: the first long CV imported spacy.lang.fr & co. (2.5 s of tokenizer-exception regexes)."""
    code = (
        "import sys; from rolefit.nlp import check_english; "
        "r = check_english('Ich habe fünf Jahre Erfahrung mit Kubernetes und Docker in der Cloud und im Team.'); "
        "print(r.best_other, sorted(m for m in sys.modules if m.startswith('spacy.lang.') and m.count('.') == 2 "
        "and m.split('.')[2] in ('en',) + __import__('rolefit.nlp._language', fromlist=['x']).OTHER_LANGUAGES))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["de", "[]"]


_PIECES = st.sampled_from(
    ["the", "and", "of", "with", "und", "der", "die", "le", "les", "et", "de", "la", "и", "в", "не", "że",
     "się", "och", "att", "în", "și", "een", "het", "Kubernetes", "Docker", "MLOps", "don't", "l'équipe",
     "I'm", "O'Neil", "työkaluista", "működés", "Ölçek", "x", "A", "DE", "2024", "C++", "½", "²", "_a_",
     "日本語", "データ", "ΑΒΓ", "İstanbul", "ﬁle", "Straße"]
)
_SEPARATORS = st.sampled_from([" ", ", ", "\n", "'", " - ", "_", "3", "/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=120))
def test_language_check_matches_its_plain_rule(parts):
    """The counting shortcuts (one scan, distinct words weighted) change no verdict and no count."""
    text = "".join(p + s for p, s in parts)
    assert _as_tuple(check_english(text)) == _reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_language_check_matches_its_plain_rule_on_any_text(text):
    assert _as_tuple(check_english(text)) == _reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), min_size=30, max_size=400))
def test_language_check_on_ascii_text_matches_its_plain_rule(text):
    """ASCII text is scanned with [A-Za-z]: the same words as [^\\W\\d_] there."""
    assert _as_tuple(check_english(text)) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, _SEPARATORS, st.sampled_from(["’", "–", "•", "©", " — ", "\u00a0", "½", "²", "é"])),
                min_size=10, max_size=150).map("".join))
def test_language_check_on_ascii_words_with_other_punctuation_matches_its_plain_rule(text):
    """Text whose only non-ASCII characters are not word characters (’ – • ©) is counted like
    ASCII text (letter runs from ``bytes.translate`` + ``split``, the sums over distinct words
    done in C); a non-ASCII word character (é, ½, ²) sends it down the general path."""
    assert _as_tuple(check_english(text)) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab Z'’-.\n"), max_size=200))
def test_ascii_word_split_matches_the_word_regex_around_apostrophes(text):
    """_ascii_words cuts letter-and-apostrophe runs with bytes.translate and scans only the runs
    holding an apostrophe with the regex: the same words as the regex over the whole text
    ("it's" one word, "rock'n'roll" two, a lone or doubled apostrophe none)."""
    from rolefit.nlp._language import _WORD_RE, _ascii_words

    assert _ascii_words(text) == _WORD_RE.findall(text)


_SKILLS = st.sampled_from(["kubernetes", "docker", "mlflow", "pytorch", "helm", "the", "und", "ci", "it's",
                           "gitlab ci", "apache airflow", "scikit-learn", "työkalu", "grafana"])


@st.composite
def _texts_with_skill_spans(draw) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Words and skill names (any words, stop words included) with the skill names' offsets."""
    text, spans = "", []
    for piece, sep, is_skill in draw(st.lists(st.tuples(st.one_of(_PIECES, _SKILLS), _SEPARATORS, st.booleans()),
                                              max_size=80)):
        if is_skill and sep not in ("'", "_", "3"):  # a span on whole words, as the extractor's are
            spans.append((len(text), len(text) + len(piece)))
        text += piece + sep
    return text, tuple(draw(st.permutations(spans)))


@settings(max_examples=300, deadline=None)
@given(_texts_with_skill_spans())
def test_language_check_with_skill_spans_matches_its_plain_rule(case):
    """The words of skill mentions, English stop words apart, are not prose words for the "no
    function words" rule; spans in any order, overlapping or not; the other rules count every word."""
    text, spans = case
    assert _as_tuple(check_english(text, spans)) == _reference(text, spans)
    assert _as_tuple(check_english(text, iter(spans + spans[:1]))) == _reference(text, spans)  # a generator, a repeat


@settings(max_examples=200, deadline=None)
@given(_texts_with_skill_spans())
def test_language_check_gives_lower_case_and_capitalised_skill_names_one_verdict(case):
    """The kind of the keyword-list bug: "kubernetes docker ..." read as an unknown language
    while "Kubernetes Docker ..." read as English. With the mentions passed, how a skill name is
    written no longer changes the verdict."""
    text, spans = case
    capitalised = list(text)
    for start, end in spans:
        capitalised[start] = capitalised[start].upper()
    capitalised = "".join(capitalised)
    lower = list(text)
    for start, end in spans:
        lower[start:end] = text[start:end].lower()
    lower = "".join(lower)
    assert check_english(lower, spans).is_english == check_english(capitalised, spans).is_english


@settings(max_examples=200, deadline=None)
@given(_texts_with_skill_spans())
def test_skill_spans_never_make_a_text_less_english(case):
    text, spans = case
    assert check_english(text, spans).is_english or not check_english(text).is_english


def test_keyword_list_reads_as_english_once_its_skill_names_are_known():
    """Regression (new user, 2026-12): twenty lower-case tool names, 0 English function words,
    were "not English". The check alone (no mentions) still says so; with the mentions it may not."""
    text = ("kubernetes docker terraform mlflow kubeflow prometheus grafana python pytorch tensorflow gitlab "
            "helm airflow ansible jenkins linux bash aws gcp azure")
    assert not check_english(text).is_english
    spans = [(m.start(), m.end()) for m in re.finditer(r"[a-z]+", text) if m.group() not in ("helm", "bash")]
    check = check_english(text, spans)
    assert check.is_english and check.reason is None


@pytest.mark.parametrize("text", [
    "Öt éves tapasztalatom van a kubernetes, docker és terraform eszközökkel. A csapatommal együtt felhőalapú "
    "rendszereket építettünk és üzemeltettünk nagy vállalatoknak. Szeretem a munkámat és mindig tanulok valami újat.",
    "ya pratsiuvav z kubernetes, docker ta terraform u velykii kompanii. my buduvaly khmarni systemy ta "
    "pidtrymuvaly yikh dlia kliientiv, vprovadzhuvaly mlflow i kubeflow.",
    "kubernetes, docker ve terraform araçlarıyla beş yıllık deneyimim var. ekibimle birlikte büyük şirketler için "
    "bulut sistemleri kurduk ve işlettik, izleme panolarını hazırladık.",
])
def test_foreign_prose_around_lower_case_skill_names_is_still_not_english(text):
    """Counter-examples: with every tool name passed as a skill span, the prose around the names
    (Hungarian, transliterated Ukrainian, Turkish: no stop-word list here) is still judged."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"kubernetes|docker|terraform|mlflow|kubeflow", text)]
    check = check_english(text, spans)
    assert not check.is_english and "does not read as English" in check.reason


def test_language_check_is_the_same_with_the_word_cache_full(monkeypatch):
    """Past ``WORD_CACHE_MAX`` distinct words a word is classified again each time: the same
    verdicts and counts as from the cache (texts in English, German, Polish and a skills list)."""
    from rolefit.nlp import _language

    texts = [
        "I am the one who has built all of the pipelines, and we have been running them for years " * 3,
        "Ich habe die Daten mit Python und Spark verarbeitet, und wir haben das Modell nicht selbst gebaut " * 3,
        "Jestem inżynierem danych i pracowałem nad tym projektem przez dwa lata, ale nie jako lider " * 3,
        "Skills: Kubernetes, Docker, Terraform, MLflow, PyTorch, Airflow, Grafana, Prometheus, GitLab CI",
    ]
    cached = [_as_tuple(check_english(t)) for t in texts]
    monkeypatch.setattr(_language, "WORD_CACHE_MAX", 0)
    _language._word_kinds.cache_clear()
    try:
        assert [_as_tuple(check_english(t)) for t in texts] == cached == [_reference(t) for t in texts]
        assert len(_language._word_kinds()) == 0
    finally:
        _language._word_kinds.cache_clear()


@pytest.mark.parametrize("text", [
    "AI governance lead. EU AI Act, NIST AI RMF, ISO 42001. AI risk register, AI inventory. "
    "CI/CD for ML. AI literacy. EU GDPR. AI audit. AI ethics board. AI vendor due diligence.",
    "Skills: AI, ML, CI/CD, IT, EU AI Act, AI risk, AI governance, AI audit, AI policy, AI inventory",
])
def test_acronyms_ai_eu_ci_do_not_make_an_english_cv_foreign(text):
    """Walkthrough (2026-12-07): "ai", "eu" and "ci" are French, Italian and Romanian stop
    words, and a terse English AI-governance CV was labelled review as "mostly Romanian"."""
    assert check_english(text).is_english


def test_a_foreign_cv_with_english_acronyms_is_still_foreign():
    text = ("Ich habe die KI-Governance im Unternehmen aufgebaut und die Risiken nach dem EU AI Act "
            "bewertet, und wir haben das Modell nicht selbst gebaut, aber es wurde von uns geprüft.")
    check = check_english(text)
    assert not check.is_english and check.best_other == "de"
