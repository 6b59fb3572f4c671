"""What the first score() of a fresh process loads: only what scoring plain text needs.

The cold start is measured in benchmarks/cold_start.py; these tests keep the cuts from
coming back (each module named here cost tens of milliseconds to seconds of it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CV = Path(__file__).resolve().parents[1] / "examples" / "cvs" / "djinni_devops_cloud_1.txt"

#: Modules the first score of a plain-text CV must not import, with what each cost.
NOT_LOADED = {
    "spacy.lang.fr": "its tokenizer-exception regexes, 2.2-2.5 s (the language check needs stop words only)",
    "spacy.lang.de": "the same for German",
    "sklearn": "scikit-learn: scoring reads the model's additive form with numpy",
    "skops": "the estimator file is not read for scoring",
    "rolefit.readers": "the readers (~20 ms): plain text needs none",
    "concurrent.futures.process": "process pools (~12 ms): only n_process > 1 needs them",
}
#: Functions the first score must not call, with what each cost.
NOT_CALLED = {"scan_ascii_folds": "a scan of all 1.1 million code points, 0.1 s (a table has the result)"}


def test_first_score_of_a_fresh_process_loads_only_what_scoring_needs():
    """Regression: the first long CV imported spacy.lang.* (2.5 s); scoring imported the readers."""
    code = (
        "import sys, rolefit; from rolefit.nlp import _rules; calls = []; "
        "_rules.scan_ascii_folds = lambda: calls.append('scan_ascii_folds') or ''; "
        "r = rolefit.score(open(sys.argv[1], encoding='utf-8').read()); "
        f"print(r.roles['mlops_engineer'].label, *[m for m in {sorted(NOT_LOADED)!r} if m in sys.modules], *calls)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(CV)], capture_output=True, text=True, check=True)
    label, *loaded = out.stdout.split()
    assert label in ("fit", "review", "no_fit")
    assert loaded == [], {m: {**NOT_LOADED, **NOT_CALLED}[m] for m in loaded}



def test_known_ascii_folds_of_this_python_are_what_the_scan_finds():
    """The table that spares the first non-ASCII text a scan of every code point (0.1 s) is right here."""
    import unicodedata

    from rolefit.nlp._rules import _KNOWN_ASCII_FOLDS, ascii_folds, scan_ascii_folds

    assert ascii_folds() == scan_ascii_folds()
    key = (*sys.version_info[:2], unicodedata.unidata_version)
    if key in _KNOWN_ASCII_FOLDS:
        assert _KNOWN_ASCII_FOLDS[key] == scan_ascii_folds()


def test_first_score_compiles_only_the_posting_cue_patterns_it_searches():
    """The posting-cue patterns are compiled on first use (~8 ms for all 17, twice): the first
    score of a CV compiles only those of the cues its literal prefilter let through, here 1 of 17."""
    code = (
        "import sys, rolefit; from rolefit.labels import _cues, _CueSearch; "
        "text = open(sys.argv[1], encoding='utf-8').read(); rolefit.score(text); "
        "compiled = {c.name for c in _cues() if {'pattern', 'ascii_pattern'} & vars(c).keys()}; "
        "passed = {c.name for k in ('posting', 'cv') for c in _CueSearch(text).candidates(k)}; "
        "print(len(compiled), len(_cues()), compiled <= passed)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(CV)], capture_output=True, text=True, check=True)
    n_compiled, n_cues, only_searched = out.stdout.split()
    assert only_searched == "True" and int(n_compiled) < int(n_cues) // 2, out.stdout


def test_cold_start_leaves_the_collector_nothing_to_traverse():
    """Regression: the first score ran ~230 collections (~75 ms, most while spaCy was imported,
    one a full collection) that freed nothing; the set-up now runs with the collector paused and
    what it made goes to the oldest generation, so the first score is not followed by a
    collection that traverses it all."""
    code = (
        "import gc, sys; runs = []; "
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and runs.append(info['generation'])); "
        "import rolefit; rolefit.score(open(sys.argv[1], encoding='utf-8').read()); "
        "young = gc.get_count()[0]; [object() for _ in range(1000)]; gc.collect(0); "
        "print(len(runs), max(runs, default=0), gc.isenabled(), young)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(CV)], capture_output=True, text=True, check=True)
    n_runs, oldest, enabled, young = out.stdout.split()
    assert enabled == "True" and int(oldest) < 2 and int(n_runs) < 20, out.stdout
    assert int(young) < 10_000, out.stdout  # the set-up's objects are not left in the youngest generation


def test_paused_collector_with_promote_moves_the_block_s_objects_to_the_oldest_generation():
    """``collector_paused(promote=True)``: the block's objects end in the oldest generation, the
    collector is enabled again, cyclic garbage is still collected; with the collector disabled
    before, nothing is promoted and it stays disabled."""
    import gc
    import weakref

    from rolefit._gc import collector_paused

    class Node:
        pass

    assert gc.isenabled()
    with collector_paused(promote=True):
        assert not gc.isenabled()
        kept = [Node() for _ in range(10)]
        cycle = Node()
        cycle.self = cycle
        dead = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(n) in oldest for n in kept)
    gc.collect()
    assert dead() is None  # the promoted cycle is garbage like any other
    gc.disable()
    try:
        with collector_paused(promote=True):
            young = [Node() for _ in range(10)]
        assert not gc.isenabled()
        assert not any(id(n) in {id(o) for o in gc.get_objects(generation=2)} for n in young)
    finally:
        gc.enable()


def test_paused_collector_never_releases_objects_someone_else_froze():
    """With objects frozen (a pre-fork server, ``rolefit batch``'s forked workers),
    ``collector_paused(promote=True)`` promotes nothing: ``gc.unfreeze()`` would release the
    frozen objects too, and the collector would then write into the pages they share."""
    import gc

    from rolefit._gc import collector_paused

    frozen = [object() for _ in range(10)]  # noqa: F841 - alive while frozen
    gc.freeze()
    try:
        n_frozen = gc.get_freeze_count()
        with collector_paused(promote=True):
            young = [[] for _ in range(10)]
        assert gc.isenabled()
        assert gc.get_freeze_count() == n_frozen
        assert not any(id(n) in {id(o) for o in gc.get_objects(generation=2)} for n in young)
    finally:
        gc.unfreeze()
