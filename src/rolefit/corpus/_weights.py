"""How the rows of a corpus weigh in a fit: the one home of the schemes of
:func:`rolefit.training.corpus_weights` (re-exported as :data:`rolefit.training.WEIGHTS`),
``rolefit train --weights`` and its help, and RF208.

Kept here, beside the corpus formats, rather than in :mod:`rolefit.training`: the schemes are
defined by a corpus's files (:meth:`rolefit.corpus.Corpus.files`), and the CLI builds its help
from them at import, which must not import scikit-learn (``rolefit.training`` does).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["WEIGHTS", "WEIGHT_SCHEMES", "weights_wording"]

#: Weighting scheme -> what it does to the fit. The first is the default.
WEIGHT_SCHEMES: Mapping[str, str] = MappingProxyType({
    "rows": "each row 1",
    "files": "each corpus file the same total weight, e.g. a small file of out-of-IT occupations "
             "as much as a large CV file",
})
#: The schemes' names, default first.
WEIGHTS: tuple[str, ...] = tuple(WEIGHT_SCHEMES)


def weights_wording() -> str:
    """Every scheme with what it does: ``"'rows' (each row 1) or 'files' (...)"``."""
    *head, last = (f"{name!r} ({what})" for name, what in WEIGHT_SCHEMES.items())
    return f"{', '.join(head)} or {last}" if head else last
