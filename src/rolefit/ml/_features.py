"""Features: from skill mentions to numbers.

This is the scikit-learn half's entry point. It never imports spaCy: its input is
plain data, either :class:`~rolefit.schema.SkillMention` values or the *concept
evidence* mappings built from them (concept id -> evidence in [0, 1]).

Features come from mentions only (skills, and job titles read in title positions as
``job_title`` concepts: title classes such as ``title_it_manager``), never from raw words, so
names, pronouns, ages, addresses and other personal details in a CV cannot become features.
A title class is an ordinary concept column here: outside every profile it enters as
presence, unconstrained, so a title of another occupation may lower a role.

Every feature defined here is non-decreasing in every concept's evidence. The
estimator in :func:`rolefit.ml.make_estimator` relies on this to guarantee its directional
properties (more evidence never lowers a probability).

Length: about 500 lines, most of it numpydoc; the three transformers, the feature union and
the monotonic constraints stay together because the constraints must match the union's
columns one for one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import Binarizer
from sklearn.utils.validation import check_is_fitted, validate_data

from rolefit.ml._additive import evidence_matrix
from rolefit.ml._evidence import SECTION_WEIGHTS, concept_evidence, evidence_many
from rolefit.ml._interactions import Interaction, InteractionTerms, interaction_masks
from rolefit.ml._interactions import check_input_features as _check_input_features

__all__ = [
    "SECTION_WEIGHTS",
    "concept_evidence",
    "evidence_many",
    "ConceptVectorizer",
    "ProfileSimilarity",
    "GroupCounts",
    "build_feature_union",
    "profile_weight_matrix",
    "n_union_features",
    "monotonic_constraints",
    "profile_concepts",
    "MONOTONIC_MODES",
    "Interaction",
    "InteractionTerms",
]

class ConceptVectorizer(TransformerMixin, BaseEstimator):
    """Turn concept evidence mappings into a dense matrix.

    Parameters
    ----------
    concept_ids : sequence of str, optional
        The column order. ``None`` learns the sorted set of concept ids seen in ``fit``.

    Attributes
    ----------
    concept_ids_ : ndarray of str, shape (n_concepts,)
        The columns, in order.
    vocabulary_ : dict of str to int
        Concept id -> column index.

    Notes
    -----
    Input is a list of mappings (concept id -> evidence in [0, 1], see
    :func:`concept_evidence`), not a numeric array, so this step is tested by hand
    rather than with scikit-learn's common estimator checks. Concepts not in
    ``concept_ids_`` are ignored.
    """

    def __init__(self, concept_ids: Sequence[str] | None = None) -> None:
        self.concept_ids = concept_ids

    def fit(self, X: Sequence[Mapping[str, float]], y: object = None) -> ConceptVectorizer:
        """Learn the columns.

        Parameters
        ----------
        X : sequence of mapping of str to float
            One evidence mapping per document.
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        TypeError
            If ``X`` is not a sequence of mappings.
        ValueError
            If ``concept_ids`` repeats an id or is empty.
        """
        docs = self._check_docs(X)
        if self.concept_ids is None:
            ids = sorted({cid for doc in docs for cid in doc})
        else:
            ids = [str(c) for c in self.concept_ids]
            if len(set(ids)) != len(ids):
                dupes = sorted({c for c in ids if ids.count(c) > 1})
                raise ValueError(f"concept_ids repeats {dupes}; give each concept once.")
        if not ids:
            raise ValueError(
                "ConceptVectorizer has no columns: concept_ids is empty and no document has "
                "any evidence. Pass concept_ids=taxonomy.concept_ids."
            )
        self.concept_ids_ = np.asarray(ids, dtype=str)
        self.vocabulary_ = {cid: i for i, cid in enumerate(ids)}
        return self

    def transform(self, X: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Dense evidence matrix.

        Parameters
        ----------
        X : sequence of mapping of str to float
            One evidence mapping per document.

        Returns
        -------
        ndarray of float64, shape (n_docs, n_concepts)
            ``out[i, j]`` is document ``i``'s evidence for ``concept_ids_[j]`` (0 if absent).
        """
        check_is_fitted(self, "vocabulary_")
        docs = self._check_docs(X)
        out = evidence_matrix(docs, self.vocabulary_)
        if not np.all(np.isfinite(out)):
            raise ValueError("Evidence values must be finite numbers in [0, 1].")
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Concept ids, as an object array of shape (n_concepts,)."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.concept_ids_, dtype=object)

    @staticmethod
    def _check_docs(X: object) -> list[Mapping[str, float]]:
        if isinstance(X, (str, bytes, Mapping)) or not isinstance(X, Iterable):
            raise TypeError(
                "ConceptVectorizer expects a list of evidence mappings (one dict per "
                f"document), got {type(X).__name__}. Build them with "
                "rolefit.ml.concept_evidence(mentions)."
            )
        docs = list(X)
        for i, doc in enumerate(docs):
            if not isinstance(doc, Mapping):
                raise TypeError(
                    f"Document {i}: expected an evidence mapping (concept id -> float), "
                    f"got {type(doc).__name__}."
                )
        return docs

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.dict = True
        return tags


class ProfileSimilarity(TransformerMixin, BaseEstimator):
    """Weighted share of each role profile that a document covers.

    For role ``r`` with non-negative weights ``w_r`` over the features::

        similarity_r = sum_j w_rj * min(max(x_j, 0), 1) / sum_j w_rj

    which lies in [0, 1] and is non-decreasing in every ``x_j``.

    Parameters
    ----------
    weights : array-like of shape (n_roles, n_features), optional
        Non-negative profile weights; each row must have a positive sum. ``None`` means
        one uniform profile over all features (the mean of the clipped features).
    role_names : sequence of str, optional
        One name per row of ``weights``, used in :meth:`get_feature_names_out`;
        defaults to ``profile0, profile1, ...``.

    Attributes
    ----------
    weights_ : ndarray of float64, shape (n_roles, n_features_in_)
        Row-normalised weights (each row sums to 1).
    role_names_ : ndarray of str, shape (n_roles,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Defined only when ``X`` has string feature names.
    """

    def __init__(self, weights: object = None, role_names: Sequence[str] | None = None) -> None:
        self.weights = weights
        self.role_names = role_names

    def fit(self, X: object, y: object = None) -> ProfileSimilarity:
        """Validate ``X`` and the weights.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        ValueError
            If ``X`` is not a finite 2-D numeric array, or ``weights`` does not have
            ``n_features`` columns, has a negative or non-finite entry, or a row summing to 0,
            or ``role_names`` does not have one name per row.
        """
        X = validate_data(self, X, dtype=np.float64)
        n_features = X.shape[1]
        if self.weights is None:
            w = np.ones((1, n_features), dtype=np.float64)
        else:
            w = np.asarray(self.weights, dtype=np.float64)
            if w.ndim == 1:
                w = w.reshape(1, -1)
            if w.ndim != 2 or w.shape[1] != n_features:
                raise ValueError(
                    f"weights has shape {w.shape}, but X has {n_features} features; "
                    "pass one row of n_features weights per role."
                )
            if not np.all(np.isfinite(w)) or np.any(w < 0):
                raise ValueError("weights must be finite and non-negative.")
            sums = w.sum(axis=1)
            if np.any(sums <= 0):
                rows = np.flatnonzero(sums <= 0).tolist()
                raise ValueError(f"weights rows {rows} sum to 0; every profile needs a positive weight.")
        if self.role_names is None:
            names = [f"profile{i}" for i in range(w.shape[0])]
        else:
            names = [str(n) for n in self.role_names]
            if len(names) != w.shape[0]:
                raise ValueError(
                    f"role_names has {len(names)} names for {w.shape[0]} weight rows."
                )
        self.weights_ = w / w.sum(axis=1, keepdims=True)
        self.role_names_ = np.asarray(names, dtype=str)
        return self

    def transform(self, X: object) -> np.ndarray:
        """Similarity per role.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)

        Returns
        -------
        ndarray of float64, shape (n_samples, n_roles), values in [0, 1]
        """
        check_is_fitted(self, "weights_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        out = np.clip(X, 0.0, 1.0) @ self.weights_.T
        return np.clip(out, 0.0, 1.0)

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """``similarity_<role>`` per role, as an object array."""
        check_is_fitted(self, "weights_")
        _check_input_features(self, input_features)
        return np.asarray([f"similarity_{n}" for n in self.role_names_], dtype=object)


class GroupCounts(TransformerMixin, BaseEstimator):
    """Sum the features within each group of features.

    Used twice in the role estimator: with concept groups (technical / managerial /
    general) and with concept kinds (how many certifications, tools, regulations...).
    Sums of evidence are non-decreasing in every feature.

    Parameters
    ----------
    groups : array-like of shape (n_features,), optional
        The group label of each feature. ``None`` puts every feature in one group
        named ``all``.

    Attributes
    ----------
    group_names_ : ndarray of str, shape (n_groups,)
        Sorted distinct group labels (the output columns).
    group_index_ : ndarray of int, shape (n_features_in_,)
        Column of ``group_names_`` each feature adds to.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Defined only when ``X`` has string feature names.
    """

    def __init__(self, groups: object = None) -> None:
        self.groups = groups

    def fit(self, X: object, y: object = None) -> GroupCounts:
        """Validate ``X`` and the group labels.

        Raises
        ------
        ValueError
            If ``X`` is not a finite 2-D numeric array or ``groups`` does not have one
            label per feature.
        """
        X = validate_data(self, X, dtype=np.float64)
        if self.groups is None:
            labels = np.asarray(["all"] * X.shape[1], dtype=str)
        else:
            labels = np.asarray([str(g) for g in self.groups], dtype=str)
            if labels.shape != (X.shape[1],):
                raise ValueError(
                    f"groups has {labels.size} labels, but X has {X.shape[1]} features; "
                    "pass one group label per feature."
                )
        names, index = np.unique(labels, return_inverse=True)
        self.group_names_ = names
        self.group_index_ = index.astype(np.intp)
        return self

    def transform(self, X: object) -> np.ndarray:
        """Per-group sums.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_groups)
        """
        check_is_fitted(self, "group_index_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        onehot = np.zeros((X.shape[1], self.group_names_.size), dtype=np.float64)
        onehot[np.arange(X.shape[1]), self.group_index_] = 1.0
        return X @ onehot

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """``count_<group>`` per group, as an object array."""
        check_is_fitted(self, "group_index_")
        _check_input_features(self, input_features)
        return np.asarray([f"count_{g}" for g in self.group_names_], dtype=object)


def profile_weight_matrix(taxonomy: object, roles: Sequence[str] | None = None) -> np.ndarray:
    """Profile weights as a matrix.

    Parameters
    ----------
    taxonomy : Taxonomy
    roles : sequence of str, optional
        Row order; defaults to ``taxonomy.roles``.

    Returns
    -------
    ndarray of float64, shape (n_roles, n_concepts)
        ``out[r, j]`` is role ``r``'s weight for ``taxonomy.concept_ids[j]`` (0 if unweighted).
    """
    roles = tuple(taxonomy.roles if roles is None else roles)
    index = {cid: j for j, cid in enumerate(taxonomy.concept_ids)}
    w = np.zeros((len(roles), len(index)), dtype=np.float64)
    for r, role in enumerate(roles):
        for cid, weight in taxonomy.profile(role).weights.items():
            w[r, index[cid]] = float(weight)
    return w


#: Monotonicity modes of the role estimator (see :func:`monotonic_constraints`).
MONOTONIC_MODES = ("all", "profiles")


def profile_concepts(taxonomy: object) -> frozenset[str]:
    """Concept ids weighted in at least one role profile of ``taxonomy``."""
    return frozenset(c for role in taxonomy.roles for c in taxonomy.profile(role).weights)


def _concept_split(taxonomy: object, monotonic: str) -> tuple[list[int], list[int]]:
    """(graded, presence) column indices of the concept block."""
    if monotonic not in MONOTONIC_MODES:
        raise ValueError(f"monotonic must be one of {MONOTONIC_MODES}, got {monotonic!r}.")
    ids = list(taxonomy.concept_ids)
    if monotonic == "all":
        return list(range(len(ids))), []
    weighted = profile_concepts(taxonomy)
    ambiguous = {c.id for c in taxonomy.concepts if getattr(c, "ambiguous", False)}
    keep_graded = weighted | ambiguous
    graded = [j for j, c in enumerate(ids) if c in keep_graded]
    presence = [j for j, c in enumerate(ids) if c not in keep_graded]
    return graded, presence


def build_feature_union(
    taxonomy: object, *, monotonic: str = "all", interactions: Sequence[Interaction] = ()
) -> FeatureUnion:
    """The numeric features computed from the concept evidence matrix.

    Parameters
    ----------
    taxonomy : Taxonomy
        Supplies the concept order, the role profiles, and each concept's group and kind.
    monotonic : {"all", "profiles"}, default "all"
        How concept columns enter (see :func:`monotonic_constraints` for the matching
        constraints). ``"all"``: every concept's evidence as is. ``"profiles"``: concepts
        weighted in some role profile, and ambiguous concepts (``Concept.ambiguous``), as
        graded evidence; every other concept as presence (1 if it has any evidence, else
        0 -- :class:`~sklearn.preprocessing.Binarizer`), so that moving such a skill
        between CV sections does not change its column.

    Returns
    -------
    FeatureUnion
        Input: the output of ``ConceptVectorizer(taxonomy.concept_ids)``, shape
        (n, n_concepts). Output columns, in order: the concept block (``concepts__*``; with
        ``"profiles"``, graded columns first, then presence columns), the profile
        similarity per role (``similarity__*``), the evidence summed per concept group
        (``groups__*``) and per concept kind (``kinds__*``, e.g. how many certifications),
        then, only when ``interactions`` is not empty, one column per interaction term
        (``interactions__*``). Every column is non-decreasing in every input column.

    Raises
    ------
    ValueError
        If the taxonomy has no role profiles, ``monotonic`` is not a known mode, or an
        interaction names an unknown concept or has an empty side.
    """
    if not taxonomy.roles:
        raise ValueError("The taxonomy has no role profiles; profile similarity needs at least one.")
    graded, presence = _concept_split(taxonomy, monotonic)
    if presence:
        concepts: object = ColumnTransformer(
            [("graded", "passthrough", graded), ("presence", Binarizer(threshold=0.0), presence)],
            remainder="drop",
        )
    else:
        concepts = "passthrough"
    blocks: list[tuple[str, object]] = [
        ("concepts", concepts),
        (
            "similarity",
            ProfileSimilarity(weights=profile_weight_matrix(taxonomy), role_names=np.asarray(taxonomy.roles, dtype=str)),
        ),
        ("groups", GroupCounts(groups=np.asarray([c.group for c in taxonomy.concepts], dtype=str))),
        ("kinds", GroupCounts(groups=np.asarray([c.kind for c in taxonomy.concepts], dtype=str))),
    ]
    if interactions:
        left, right, names = interaction_masks(interactions, taxonomy.concept_ids)
        blocks.append(("interactions", InteractionTerms(left=left, right=right, names=names)))
    return FeatureUnion(blocks)


def n_union_features(taxonomy: object, interactions: Sequence[Interaction] = ()) -> int:
    """Number of columns :func:`build_feature_union` produces for ``taxonomy`` (either mode)."""
    return (
        len(taxonomy.concepts)
        + len(taxonomy.roles)
        + len({c.group for c in taxonomy.concepts})
        + len({c.kind for c in taxonomy.concepts})
        + len(interactions)
    )


def monotonic_constraints(
    taxonomy: object, monotonic: str = "all", interactions: Sequence[Interaction] = ()
) -> np.ndarray:
    """Monotonic constraints for the columns of :func:`build_feature_union`.

    Returns
    -------
    ndarray of int8, shape (n_union_features(taxonomy, interactions),)
        ``1`` (non-decreasing) for every column, except, with ``"profiles"``, ``0``
        (unconstrained) for the presence columns of the unambiguous concepts outside every
        profile. Interaction columns are always ``1``: a coefficient >= 0 on a product of
        non-decreasing sides keeps every guarantee below.

    Notes
    -----
    What each mode guarantees for every role's probability, given that all features are
    non-decreasing in the evidence:

    ``"all"``
        Non-decreasing in every concept's evidence: more evidence of anything never lowers
        a probability; moving any skill to the hobbies never raises one.
    ``"profiles"``
        Non-decreasing in the evidence of every profile concept (adding or strengthening
        a profile skill never lowers any role's probability). An unambiguous concept
        outside every profile (Figma, Java...) may lower probabilities -- negative
        evidence, e.g. a front-end developer who also lists Docker -- but only through
        its presence, so moving it between sections changes nothing except the group/kind
        counts, which are constrained non-decreasing: moving a skill to the hobbies never
        raises a probability as long as the skill is still recognised there. Ambiguous
        names (``React``, ``Spring``, ``Go``) count only in a skills context, so the
        extractor may drop them from a hobbies line; they are therefore kept graded and
        non-decreasing, and dropping them can only lower probabilities. Negated and
        repeated mentions change nothing in either mode.
    """
    graded, presence = _concept_split(taxonomy, monotonic)
    cst = np.ones(n_union_features(taxonomy, interactions), dtype=np.int8)
    cst[len(graded) : len(graded) + len(presence)] = 0
    return cst
