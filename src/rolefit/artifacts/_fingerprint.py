"""What a model directory is checked against: library versions, the probe-set behavioural
fingerprint, and the skops types an estimator needs (derived from the estimator)."""

from __future__ import annotations

import hashlib
import importlib
import json
import platform
from importlib import resources
from typing import Any

import numpy as np

from rolefit._io import installed_version
from rolefit._version import __version__
from rolefit.errors import Errors, UntrustedModelError
from rolefit.ml import TrainedModel

#: Module prefixes whose *classes* may appear in an estimator file besides the types skops
#: trusts by default (numpy arrays, builtins, scikit-learn estimators skops knows):
#: rolefit's own transformers and scikit-learn's internal classes holding fitted state.
TRUSTED_MODULES: tuple[str, ...] = ("rolefit.ml.", "sklearn.")


def _is_trusted_class(name: str) -> bool:
    """True if ``name`` is ``module.Class`` under :data:`TRUSTED_MODULES` and names a class."""
    if not name.startswith(TRUSTED_MODULES):
        return False
    module, _, attr = name.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return False
    return isinstance(obj, type)


def describe_estimator(estimator: Any) -> dict[str, str]:
    """``classifier`` (class name), ``calibration`` (method) and ``interactions`` (the names of
    its interaction terms, comma-separated; empty for none) of a role estimator, for the card."""
    steps = getattr(estimator, "named_steps", {})
    step = steps.get("classifier") if hasattr(estimator, "named_steps") else None
    calibrated = getattr(step, "estimator", None)
    inner = getattr(calibrated, "estimator", calibrated)
    union = steps.get("features") if hasattr(estimator, "named_steps") else None
    terms = dict(getattr(union, "transformer_list", ())).get("interactions")
    names = getattr(terms, "names_", None)
    if names is None:
        names = getattr(terms, "names", None) or ()
    return {
        "classifier": type(inner).__name__ if inner is not None else type(estimator).__name__,
        "calibration": str(getattr(calibrated, "method", "none")),
        "interactions": ", ".join(str(n) for n in names),
    }


def trusted_types(estimator: Any) -> list[str]:
    """The non-default skops types ``estimator`` needs, derived from the estimator itself.

    Serialises ``estimator`` in memory and lists what :func:`skops.io.get_untrusted_types`
    reports, so the list follows the classifier actually built (trees, logistic
    regression...) instead of a hand-kept list.

    Returns
    -------
    list of str
        Sorted ``module.Class`` names.

    Raises
    ------
    UntrustedModelError
        RF305 if the estimator holds a type outside :data:`TRUSTED_MODULES` or one that is
        not a class (such a model could not be loaded safely).
    """
    import skops.io

    found = sorted(skops.io.get_untrusted_types(data=skops.io.dumps(estimator)))
    outside = [t for t in found if not _is_trusted_class(t)]
    if outside:
        raise UntrustedModelError(Errors.RF305.format(path="<estimator>", types=", ".join(outside)))
    return found


#: Libraries whose version is compared on load (major.minor drift warns).
_CHECKED_LIBS = ("rolefit", "scikit-learn", "numpy", "skops", "spacy")


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on (spaCy's read from metadata, not imported)."""

    def version(dist: str) -> str:
        found = installed_version(dist)  # importlib.metadata's value, read faster
        return "not installed" if found is None else found

    return {
        "rolefit": __version__,
        "scikit-learn": version("scikit-learn"),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "skops": version("skops"),
        "spacy": version("spacy"),
        "python": platform.python_version(),
    }


# --------------------------------------------------------------------------------------
# probes and fingerprints
# --------------------------------------------------------------------------------------


def _probe_file() -> Any:
    return resources.files("rolefit") / "data" / "probes.json"


def probe_evidence() -> list[dict[str, float]]:
    """The fixed probe set: 20 concept evidence mappings (``rolefit/data/probes.json``).

    Returns
    -------
    list of dict of str to float
        Evidence mappings as :func:`rolefit.ml.concept_evidence` builds them,
        covering MLOps, AI-operations, neighbouring and unrelated profiles, hobby and
        education evidence, an empty CV and unknown concepts.
    """
    data = json.loads(_probe_file().read_text(encoding="utf-8"))
    return [{str(k): float(v) for k, v in p["evidence"].items()} for p in data["probes"]]


def _probe_sha256() -> str:
    return hashlib.sha256(_probe_file().read_bytes()).hexdigest()


def behavioural_fingerprint(model: TrainedModel) -> str:
    """SHA-256 (hex) of the model's probabilities on the probe set, rounded to 6 decimals.

    Two models with the same fingerprint give the same probabilities (to 6 decimals) on
    every probe, in the same role order.
    """
    P = model.predict_proba(probe_evidence())
    payload = {"roles": list(model.roles), "p": [[f"{v:.6f}" for v in row] for row in np.round(P, 6) + 0.0]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("ascii")).hexdigest()


def identity_digest(model: TrainedModel) -> str:
    """SHA-256 (hex) of what decides a model's output for a text: its behavioural fingerprint,
    the taxonomy fingerprint it was trained with (concepts, profiles and extraction rules), its
    roles, thresholds and review band.

    The model id is named by it (its first 12 hex), not by file bytes: skops archives differ
    between saves, while a retrain with the same seed, data and libraries predicts identically.
    A change of extraction rules, thresholds or review band alone, which leaves the estimator's
    probabilities as they were, still gives a new id, so a decision log's ``model_id`` names
    the extraction and the label rule as well as the estimator.
    """
    payload = {
        "behaviour": behavioural_fingerprint(model),
        "taxonomy": model.taxonomy_fingerprint,
        "roles": list(model.roles),
        "thresholds": {r: f"{float(model.thresholds[r]):.9f}" for r in model.roles},
        "review_band": f"{float(model.review_band):.9f}",
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("ascii")).hexdigest()
