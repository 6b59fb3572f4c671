"""The extractor's vocabulary stays bounded over a long batch, and the mentions do not depend on it."""

from __future__ import annotations

from rolefit.nlp import Extractor, get_extractor


def _texts(n: int) -> list[str]:
    """Short CVs, each with words no other text has (e-mail, reference numbers), as real CVs do."""
    return [
        f"Experience\nBuilt CI/CD with GitLab CI and Kubernetes for team{i}. Contact: user{i}@mail{i}.example, "
        f"ref {i * 7919}-{i * 104729}x, no experience with Rust. Managed stakeholders and a budget of {i}k."
        for i in range(n)
    ]


def test_vocabulary_is_rebuilt_when_it_outgrows_its_bound_and_mentions_do_not_change():
    """Regression: every new word of a batch stayed in spaCy's vocabulary (about 480 bytes each)."""
    texts = _texts(60)
    expected = get_extractor().extract_many(texts)
    bounded = Extractor()
    bounded.max_lexemes = len(bounded.nlp.vocab) + 120
    got = bounded.extract_many(texts, batch_size=8)
    assert got == expected
    assert bounded.n_rebuilds >= 2
    assert len(bounded.nlp.vocab) <= bounded.max_lexemes + 8 * 40  # at most one batch's new words over
    assert [bounded.extract(t) for t in texts[:10]] == expected[:10]


def test_extract_many_still_raises_for_a_bad_text_in_a_later_batch():
    import pytest

    from rolefit.errors import InputTypeError

    with pytest.raises(InputTypeError):
        get_extractor().extract_many([*_texts(5), b"bytes"], batch_size=2)  # type: ignore[list-item]
