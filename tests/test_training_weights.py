"""Fit weights of ``rolefit train --weights`` (:func:`rolefit.training.corpus_weights`)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.corpus import read_corpora, read_corpus
from rolefit.errors import CorpusError
from rolefit.ml import estimator_proba, evidence_many, fit_estimator, make_estimator

from rolefit.training import WEIGHTS, corpus_weights

from test_model import synthetic_corpus, synthetic_taxonomy

SKILLS = ("Kubernetes and Terraform", "EU AI Act compliance and vendor budgets", "sourdough and croissants")
LABELS = ("mlops_engineer", "ai_operations_manager", "none")


def _corpus_file(path, n: int, offset: int = 0):
    lines = ["id,text,labels"]
    for i in range(n):
        k = (i + offset) % 3
        lines.append(f"r{i},CV number {i + offset}: {SKILLS[k]} in year {2000 + i + offset},{LABELS[k]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(min_value=3, max_value=40), min_size=2, max_size=4))
def test_files_weights_give_every_file_the_same_total_and_mean_one(tmp_path_factory, sizes):
    root = tmp_path_factory.mktemp("weights")
    paths, start = [], 0
    for j, n in enumerate(sizes):
        paths.append(_corpus_file(root / f"part{j}.csv", n, offset=start))
        start += n
    corpus = read_corpora(paths)
    w, info = corpus_weights(corpus, "files")
    assert w.shape == (sum(sizes),) and np.all(w > 0)
    assert w.mean() == pytest.approx(1.0)
    totals = [w[sum(sizes[:j]):sum(sizes[:j + 1])].sum() for j in range(len(sizes))]
    assert totals == pytest.approx([totals[0]] * len(sizes))
    assert {k: v["rows"] for k, v in info["per_file"].items()} == {f"part{j}": n for j, n in enumerate(sizes)}


def test_files_weights_of_one_file_are_all_one(tmp_path):
    corpus = read_corpus(_corpus_file(tmp_path / "only.csv", 9))
    w, _ = corpus_weights(corpus, "files")
    assert np.array_equal(w, np.ones(9))


def test_rows_weights_are_none_and_unknown_scheme_is_a_coded_error(tmp_path):
    corpus = read_corpus(_corpus_file(tmp_path / "only.csv", 6))
    assert corpus_weights(corpus, "rows") == (None, {"scheme": "rows"})
    assert WEIGHTS[0] == "rows"
    with pytest.raises(CorpusError, match="RF208"):
        corpus_weights(corpus, "documents")


def test_fit_with_unit_weights_equals_unweighted_fit_and_weights_move_it():
    tax, corpus = synthetic_taxonomy(), synthetic_corpus()

    evidence = evidence_many(corpus.mentions)
    Y, groups = corpus.Y, corpus.group_ids
    plain = estimator_proba(fit_estimator(make_estimator(tax), evidence, Y, groups), evidence)
    ones = estimator_proba(
        fit_estimator(make_estimator(tax), evidence, Y, groups, sample_weight=np.ones(len(Y))), evidence
    )
    np.testing.assert_allclose(ones, plain, rtol=0, atol=1e-9)
    # weighing the positives of the first role up raises that role's mean probability
    up = np.where(Y[:, 0] == 1, 4.0, 1.0)
    heavier = estimator_proba(fit_estimator(make_estimator(tax), evidence, Y, groups, sample_weight=up), evidence)
    assert heavier[:, 0].mean() > plain[:, 0].mean() + 0.01


def test_cli_train_unknown_weights_is_a_clear_error(tmp_path):
    corpus = _corpus_file(tmp_path / "c.csv", 6)
    res = CliRunner().invoke(app, ["train", str(corpus), "--output", str(tmp_path / "m"), "--weights", "documents"])
    assert res.exit_code == 1
    assert "RF208" in res.stderr and "'documents'" in res.stderr and "files" in res.stderr
    assert not (tmp_path / "m").exists()


def test_train_weights_help_derives_from_the_weight_schemes():
    """Regression: `rolefit train --weights` listed 'rows' and 'files' and what they do by hand;
    its help (and default) derive from rolefit.corpus.WEIGHT_SCHEMES, so a new scheme shows up."""
    import subprocess
    import sys

    code = (
        "import types, typing, rolefit.corpus._weights as w\n"
        "w.WEIGHT_SCHEMES = types.MappingProxyType({**w.WEIGHT_SCHEMES, 'sources': 'each source the same total weight'})\n"
        "w.WEIGHTS = tuple(w.WEIGHT_SCHEMES)\n"
        "import rolefit.cli as c\n"
        "hint = typing.get_type_hints(c.train_cmd, include_extras=True)['weights'].__metadata__[0]\n"
        "print(hint.help)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.startswith("How rows weigh in the fit: 'rows' (each row 1), 'files' (each corpus file")
    assert proc.stdout.rstrip().endswith("or 'sources' (each source the same total weight).")


def test_train_weights_have_one_home_with_what_each_does():
    import inspect

    import rolefit.corpus
    import rolefit.training
    from rolefit.cli import train_cmd

    assert rolefit.training.WEIGHTS is rolefit.corpus.WEIGHTS == tuple(rolefit.corpus.WEIGHT_SCHEMES)
    assert inspect.signature(train_cmd).parameters["weights"].default == WEIGHTS[0]


def test_train_unknown_weights_message_says_what_every_scheme_does(tmp_path):
    """RF208 names every scheme with its explanation from WEIGHT_SCHEMES (it had its own copy)."""
    from rolefit.corpus import WEIGHT_SCHEMES

    corpus = read_corpus(_corpus_file(tmp_path / "only.csv", 6))
    with pytest.raises(CorpusError, match="RF208") as info:
        corpus_weights(corpus, "documents")
    message = str(info.value)
    assert all(f"{name!r} ({what})" in message for name, what in WEIGHT_SCHEMES.items())


def test_readme_train_weights_lists_the_weight_schemes():
    """The README's `rolefit train` usage line names exactly rolefit.training.WEIGHTS, in order."""
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    assert f"[--weights {'|'.join(WEIGHTS)}]" in readme
