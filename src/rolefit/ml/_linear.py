"""A penalised logistic regression whose coefficients keep given signs.

The directional guarantees of the role estimator (a profile skill never lowers a role's
probability; hobbies never raise it) need a classifier that is non-decreasing in the
constrained features. For a linear model that is a sign constraint on the coefficients:
``coef_[j] >= 0`` where ``monotonic_cst[j] == 1`` (``<= 0`` for ``-1``; free for ``0``).
scikit-learn's :class:`~sklearn.linear_model.LogisticRegression` has no bounds, so the
L2-penalised log-loss is minimised here with SciPy's L-BFGS-B, which takes box bounds.
Deterministic: fixed start (zeros), no randomness.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

__all__ = ["MonotoneLogisticRegression"]


class MonotoneLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary L2-penalised logistic regression with sign-constrained coefficients.

    Minimises ``C * sum_i s_i * logloss(y_i, x_i @ w + b) + 0.5 * ||w||^2`` (``s`` the
    sample weights; the intercept is not penalised), the objective of scikit-learn's
    ``LogisticRegression(C=C)``, subject to the sign constraints.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength, > 0.
    monotonic_cst : array-like of int of shape (n_features,), optional
        Per feature: ``1`` non-decreasing (coefficient >= 0), ``-1`` non-increasing
        (coefficient <= 0), ``0`` unconstrained. ``None``: no constraint.
    max_iter : int, default 2000
        L-BFGS-B iterations.
    tol : float, default 1e-7
        L-BFGS-B projected-gradient tolerance (``gtol``).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
    coef_ : ndarray of float64, shape (1, n_features)
    intercept_ : ndarray of float64, shape (1,)
    n_iter_ : ndarray of int, shape (1,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Defined only when ``X`` has string feature names.
    """

    def __init__(self, *, C: float = 1.0, monotonic_cst: object = None, max_iter: int = 2000, tol: float = 1e-7):
        self.C = C
        self.monotonic_cst = monotonic_cst
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: object, y: object, sample_weight: object = None) -> MonotoneLogisticRegression:
        """Fit the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Two classes; the larger (``classes_[1]``) is the positive one.
        sample_weight : array-like of shape (n_samples,), optional

        Returns
        -------
        self

        Raises
        ------
        ValueError
            If ``y`` does not have exactly two classes, ``C`` is not positive, or
            ``monotonic_cst`` does not give one value in {-1, 0, 1} per feature.
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        if y_type != "binary":
            raise ValueError(f"Only binary classification is supported. The type of the target is {y_type}.")
        classes = np.unique(y)
        if classes.size != 2:
            raise ValueError(f"Only binary classification is supported; y has {classes.size} class(es).")
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}.")
        n, d = X.shape
        if self.monotonic_cst is None:
            cst = np.zeros(d, dtype=np.int8)
        else:
            cst = np.asarray(self.monotonic_cst)
            if cst.shape != (d,) or not np.isin(cst, (-1, 0, 1)).all():
                raise ValueError(
                    f"monotonic_cst must hold one value in {{-1, 0, 1}} per feature ({d}), got shape {cst.shape}."
                )
        sw = _check_sample_weight(sample_weight, X, dtype=np.float64)
        t = (y == classes[1]).astype(np.float64)
        C = float(self.C)

        def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = theta[:-1], theta[-1]
            z = X @ w + b
            loss = C * float(sw @ (np.logaddexp(0.0, z) - t * z)) + 0.5 * float(w @ w)
            g = C * sw * (expit(z) - t)
            return loss, np.concatenate([X.T @ g + w, [g.sum()]])

        bounds = [(0.0, None) if c == 1 else (None, 0.0) if c == -1 else (None, None) for c in cst]
        bounds.append((None, None))
        res = minimize(
            objective,
            np.zeros(d + 1),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": int(self.max_iter), "gtol": float(self.tol)},
        )
        self.classes_ = classes
        self.coef_ = res.x[:-1].reshape(1, -1)
        self.intercept_ = res.x[-1:].copy()
        self.n_iter_ = np.asarray([res.nit], dtype=np.int64)
        return self

    def decision_function(self, X: object) -> np.ndarray:
        """Log-odds of the positive class, shape (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X: object) -> np.ndarray:
        """Class probabilities, shape (n_samples, 2), columns in ``classes_`` order."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: object) -> np.ndarray:
        """The more probable class of each row."""
        check_is_fitted(self)
        return self.classes_[(self.decision_function(X) > 0).astype(np.intp)]

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags
