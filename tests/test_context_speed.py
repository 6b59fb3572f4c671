"""Shortcuts of the cue search (rolefit.nlp._context_cues) against the plain searches they stand in for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

# start words of the paragraph and item-initial cues, words that continue them, what
# decides whether a match opens its sentence, line or item, and letters that case-insensitive
# matching folds to ASCII (the plain regex search then)
_WORDS = ["i", "I", "my", "My", "in", "In", "at", "on", "as", "a", "part", "of", "during", "During", "while", "these",
          "were", "this", "is", "have", "done", "did", "the", "our", "course", "courses", "training", "we", "learned",
          "mastered", "study", "university", "projects", "project", "student", "studies", "expectations", "from",
          "what", "expect", "learning", "currently", "want", "to", "learn", "Kubernetes", "Figma", "built"]
_GLUE = [" ", "  ", "   ", "\t", "\n", "\n\n", ". ", ", ", ": ", "; ", "- ", "\n- ", " (", "•", "1. ", "\u0130", "\u212a"]

_texts = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=50).map("".join)


@settings(max_examples=400, deadline=None)
@given(_texts, st.sampled_from([frozenset({"", "\n", ".", "-"}), frozenset({"", ":", ";"}), frozenset({"\n"})]),
       st.sampled_from([r"\b(?:i|my|during|in)\b(?:\s+\w+){0,3}", r"\b(?:i|my)\b\s+\w+", r"\b(?:in|at|on)\b(?:\s+\S+)*"]))
def test_kept_matches_are_the_kept_plain_matches(text, keep, pattern):
    """:func:`kept_matches_at` matches a candidate whose start is not kept only when a kept
    match follows it; its matches are those of :func:`matches_at` that are kept, also where a
    match that is not kept overlaps (blocks) a later candidate."""
    from rolefit.nlp._context_cues import kept_matches_at, matches_at

    regex = re.compile(pattern, re.IGNORECASE)
    candidates = [m.start() for m in re.finditer(r"\b(?:i|my|during|in|at|on)\b", text.lower())]
    plain = [m.span() for m in matches_at(regex, text, candidates)
             if text[max(0, m.start() - 3):m.start()].rstrip(" \t")[-1:] in keep]
    assert [m.span() for m in kept_matches_at(regex, text, candidates, keep)] == plain


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_cues_before_a_stop_are_the_first_cues(text, data):
    """``CueFinder.spans(..., stop=)`` finds exactly the cues of the plain search that start
    before ``stop`` (the context component passes its last mention's start), and the cues
    are those of each cue's own regex (with the item-initial, paragraph and ends-line checks)."""
    from rolefit.nlp import default_rules
    from rolefit.nlp._context_cues import CueFinder

    # a stop at a word's start (where a cue may start) or anywhere
    stop = data.draw(st.one_of(st.sampled_from([m.start() for m in re.finditer(r"\w+", text)] or [0]),
                               st.integers(min_value=0, max_value=len(text) + 1)))
    cues = CueFinder(default_rules())
    lowered, words, flat = cues.scan_words(text, decode=False)
    before = cues.selection(words)[0]
    every = cues.spans(text, lowered, words, flat, before)
    assert cues.spans(text, lowered, words, flat, before, stop=stop) == [c for c in every if c[1] < stop]
    expected = []
    for rule in cues.before:
        for m in rule.pattern.finditer(text):
            prev = text[max(0, m.start() - 3):m.start()].rstrip(" \t")[-1:]
            if rule.item_initial and prev not in cues._item_starts:
                continue
            if rule.ends_line:  # a paragraph cue that ends its line, wherever it starts
                if re.match(r"[ \t]*[.:;：]?[ \t\r]*\n", text[m.end():]) is None:
                    continue
            elif rule.paragraph and prev not in cues._opens:
                continue
            expected.append((m.end(), m.start(), rule.id, rule.kind, "before"))
    assert every == sorted(expected)


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_shared_word_index_changes_no_cue_or_key_word(text, data):
    """The context component finds the start words (``CueFinder.spans``) and the near cues' key
    words (``CueFinder.near_words``) before its last mention's start into one shared index:
    the cues are those found without it, and the key-word offsets those found over the whole
    text that lie before the stop (a window before a mention that starts at or before the
    stop looks at no other)."""
    from rolefit.nlp import default_rules
    from rolefit.nlp._context_cues import CueFinder

    stop = data.draw(st.integers(min_value=0, max_value=len(text) + 1))
    cues = CueFinder(default_rules())
    lowered, words, flat = cues.scan_words(text, decode=False)
    before, _after, near, _only = cues.selection(words)
    index: dict = {}
    assert cues.spans(text, lowered, words, flat, before, stop=stop, index=index) == cues.spans(
        text, lowered, words, flat, before, stop=stop)
    shared = cues.near_words(text, lowered, near, flat=flat, stop=stop, index=index)
    for got, every in zip(shared, cues.near_words(text, lowered, near, flat=flat)):
        if every is None:
            assert got is None
        else:
            assert got == ([i for i in every[0] if i < stop], every[1], every[2])


def test_head_regex_of_a_start_word_matches_each_of_its_alternatives():
    """``CueFinder.spans`` matches a cue only at the start words where one of the first slot's
    alternatives that begin with that word matches (rolefit.nlp._rules.start_heads): every
    alternative of every bundled cue is in the regex of its own first word, as written and
    in other case and spacing, and the start words are the cue's own."""
    from rolefit.nlp import default_rules
    from rolefit.nlp._context_cues import CueFinder
    from rolefit.nlp._rules import start_heads

    rules = default_rules()
    cues = CueFinder(rules)
    raw = {c["id"]: c for c in rules.raw["cues"]}
    checked = 0
    for rule in cues.before:
        if rule.starts is None:
            continue
        slot = raw[rule.id]["sequence"][0]
        heads = start_heads(slot)
        assert heads is not None and frozenset(heads) == rule.starts
        for alt in slot:
            word = re.findall(r"\w+", alt.lower())[0]
            head = cues._head(rule, word.encode("ascii"))
            if head is None:
                # no test: every alternative that begins with the word is the word alone, so
                # the head would match at every candidate (a whole run of the word)
                assert all(re.findall(r"\w+", a.lower())[0] != word or a.lower() == word for a in slot), (rule.id, word)
                continue
            for variant in (alt, alt.upper(), alt.title(), "  \n".join(alt.split())):
                assert head(variant + " x", 0) is not None, (rule.id, variant)
            checked += 1
    assert checked > 100


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_after_cues_by_the_letter_that_follows_hide_no_match(data):
    """The context component tries an "after" cue after a mention that a letter follows only
    when the cue's first slot begins with that letter (``ContextComponent._after_letters``):
    wherever such a cue matches, the first character after the spaces and tabs is one of them
    (any case), or not an ASCII letter."""
    from rolefit.nlp import ContextComponent

    component = ContextComponent()
    rules = {r.id: r for r in component.rules.cues}
    raw = {c["id"]: c for c in component.rules.raw["cues"]}
    assert component._after_letters
    cid = data.draw(st.sampled_from(sorted(component._after_letters)))
    slot = raw[cid]["sequence"][0]
    words = [w for alt in slot for w in (alt, alt.upper(), alt.title())] + ["course", "Coursera", "design", "by", "x"]
    text = data.draw(st.lists(st.one_of(st.sampled_from(words), st.sampled_from([" ", "\t", "  ", "\n", "-", "K", "ſ"])),
                              max_size=8).map("".join))
    m = rules[cid].pattern.match(text)
    first = text.lstrip(" \t")[:1]
    if m is not None and first.isascii() and first.isalpha():
        assert first.lower() in component._after_letters[cid]
    # and every alternative is found after a letter it begins with
    for alt in slot:
        if alt[:1].isalpha():
            assert alt[0].lower() in component._after_letters[cid]


def _plain_near_vetoed(original: str, start: int, end: int, surface: str, veto: dict) -> bool:
    """``ContextComponent._near_vetoed`` without its pre-check: the words around the mention."""
    if surface.lower() != veto.get("surface", surface.lower()):
        return False
    n = int(veto.get("window_words", 3))
    stops = veto.get("stop_at", ";:()[]")
    lo, hi = max(0, start - 12 * n), min(len(original), end + 12 * n)
    while 0 < lo and re.match(r"\w", original[lo - 1]) and re.match(r"\w", original[lo]):
        lo -= 1  # whole words at the window's edges
    while hi < len(original) and re.match(r"\w", original[hi]) and re.match(r"\w", original[hi - 1]):
        hi += 1
    before = original[lo:start]
    after = original[end:hi]
    if before.rstrip()[-1:] == "(" and after.lstrip()[:1] == ")":
        before, after = before.rstrip()[:-1], after.lstrip()[1:]
    before = before[max((before.rfind(c) for c in stops), default=-1) + 1:]
    cuts = [i for i in (after.find(c) for c in stops) if i >= 0]
    after = after[:min(cuts)] if cuts else after
    words_before = re.findall(r"\w+", before.lower())[-n:]
    words_after = re.findall(r"\w+", after.lower())[:n]
    return (
        not set(words_before + words_after).isdisjoint(veto.get("if_near", ()))
        or not set(words_before).isdisjoint(veto.get("if_before", ()))
        or not set(words_after).isdisjoint(veto.get("if_after", ()))
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_near_veto_precheck_hides_no_veto(data):
    """``ContextComponent._near_vetoed`` first looks for one of the veto's words in the text
    around the mention lower-cased as a whole; the answer is that of the plain word windows."""
    from rolefit.nlp import ContextComponent

    component = ContextComponent()
    veto = data.draw(st.sampled_from(list(component._near_vetoes.values())))
    words = sorted({*veto.get("if_near", ()), *veto.get("if_before", ()), *veto.get("if_after", ())})
    surface = veto.get("surface", "Thing")
    piece = st.one_of(st.sampled_from(words + [w.upper() for w in words] + ["x", "The", "ΣΑΣ", "\u0130", "\u212a"]),
                      st.sampled_from([" ", "  ", "; ", ": ", "(", ")", "\n", "-", ", "]))
    left = data.draw(st.lists(piece, max_size=10).map("".join))
    right = data.draw(st.lists(piece, max_size=10).map("".join))
    mention = data.draw(st.sampled_from([surface, surface.upper(), surface.title()]))
    text = left + mention + right
    start, end = len(left), len(left) + len(mention)
    assert component._near_vetoed(text, start, end, mention, veto) == _plain_near_vetoed(text, start, end, mention, veto)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_doc_veto_words_found_as_whole_runs(data):
    """``ContextComponent._vetoed`` looks for a doc veto's words as whole runs of the flat copy
    of the text (``whole_words``) instead of collecting all its words: the same vetoes."""
    import spacy

    from rolefit.nlp import ContextComponent
    from rolefit.nlp._context_cues import CueFinder

    component = ContextComponent()
    veto = data.draw(st.sampled_from(list(component._vetoes.values())))
    words = [*veto.get("if_doc_has", ()), *veto.get("unless_doc_has", ())]
    surface = veto.get("surface", "thing")
    piece = st.one_of(st.sampled_from(words + [w.upper() for w in words] + [w + "s" for w in words] + ["é", "ж", "_", "x"]),
                      st.sampled_from([" ", "-", "\n", ", ", "\u00a0"]))
    text = data.draw(st.lists(piece, max_size=12).map("".join)) + " " + surface
    doc = spacy.blank("en")(text)
    matches = [(veto["concept"], len(doc) - len(surface.split()), len(doc))]
    lowered, _words, flat = CueFinder(component.rules).scan_words(text, decode=False)
    assert component._vetoed(text, matches, doc, lowered, flat) == component._vetoed(text, matches, doc)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_gap_after_cues_match_only_with_a_first_token_on_the_line(data):
    """The context component tries an "after" cue with ``max_gap_words`` only where one of
    its first slot's first tokens (``ContextComponent._gap_tokens``) stands, lower-cased, on
    the rest of the mention's line: wherever such a cue matches a text that lines up with its
    lower-cased copy, one does."""
    from rolefit.nlp import ContextComponent
    from rolefit.nlp._rules import lowered_is_exact

    component = ContextComponent()
    rules = {r.id: r for r in component.rules.cues}
    raw = {c["id"]: c for c in component.rules.raw["cues"]}
    assert component._gap_tokens
    cid = data.draw(st.sampled_from(sorted(component._gap_tokens)))
    slot = raw[cid]["sequence"][0]
    words = [w for alt in slot for w in (alt, alt.upper(), alt.title())] + [
        "course", "Course", "Basics", "the", "QA", "team", "(", ")", '"', "by", "x", "Coursera", "ſ", "K"]
    text = data.draw(st.lists(st.one_of(st.sampled_from(words), st.sampled_from([" ", "\t", "  ", "\n", "-", "\r"])),
                              max_size=10).map("".join))
    m = rules[cid].pattern.match(text)
    lowered = text.lower()
    if m is not None and lowered_is_exact(text, lowered):
        nl = text.find("\n")
        rest = lowered[:nl if nl >= 0 else len(text)]
        assert any(t in rest for t in component._gap_tokens[cid]), (cid, text)
