"""A synthetic labelled corpus of skill mentions, shared by the model-file and evaluation tests.

Each document is one of three kinds (MLOps-like, AI-ops-like, neither) and mentions each
technical / managerial concept with a kind-dependent rate; labels follow the kind.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rolefit.schema import SkillMention


class SyntheticCorpus:
    """Duck-types :class:`rolefit.corpus.Corpus` for ``train`` / ``evaluate`` with precomputed mentions.

    Parameters
    ----------
    tech, managerial : sequence of str
        Concept ids of each group.
    n, seed : int
        Documents and random seed.
    section : str
        Section of every mention.
    sha256 : str
        Stand-in corpus hash.
    numbered_texts : bool
        Prefix each text with "candidate i:" (so no two texts are equal).
    group_size : int
        Consecutive documents that share a group.
    """

    roles = ("ai_operations_manager", "mlops_engineer")
    path = None

    def __init__(
        self,
        tech: Sequence[str],
        managerial: Sequence[str],
        *,
        n: int = 120,
        seed: int = 0,
        section: str = "experience",
        sha256: str = "1" * 64,
        numbered_texts: bool = False,
        group_size: int = 1,
    ) -> None:
        self.sha256 = sha256
        self._group_size = group_size
        rng = np.random.default_rng(seed)
        self.mentions, Y = [], []
        for _ in range(n):
            kind = rng.choice(3)
            rate = {"t": (0.1, 0.7, 0.15)[kind], "m": (0.7, 0.1, 0.15)[kind]}
            ms = [
                SkillMention(0, len(c), c, c, c, section)
                for g, ids in (("t", tech), ("m", managerial))
                for c in ids
                if rng.random() < rate[g]
            ]
            self.mentions.append(tuple(ms))
            Y.append([int(kind == 0), int(kind == 1)])
        self.Y = np.asarray(Y)
        texts = [" ".join(m.text for m in ms) or "none" for ms in self.mentions]
        self.texts = [f"candidate {i}: {t}" for i, t in enumerate(texts)] if numbered_texts else texts

    def label_matrix(self) -> np.ndarray:
        return self.Y

    def groups(self) -> np.ndarray:
        return np.arange(len(self.Y)) // self._group_size
