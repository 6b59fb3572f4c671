"""Model directories: save, load and verify (``_store``), fingerprints and trusted types
(``_fingerprint``), the generated model card (``_card``)."""

from rolefit.artifacts._card import model_card, ood_table
from rolefit.artifacts._fingerprint import (
    TRUSTED_MODULES,
    behavioural_fingerprint,
    describe_estimator,
    identity_digest,
    library_versions,
    probe_evidence,
    trusted_types,
)
from rolefit.artifacts._store import (
    ADDITIVE_FILE,
    CARD_FILE,
    ESTIMATOR_FILE,
    FORMAT_VERSION,
    MANIFEST_FILE,
    META_FILE,
    check_model_target,
    default_model_path,
    load_model,
    pin_default_model,
    save_model,
)
from rolefit.errors import ModelVersionWarning

__all__ = [
    "ADDITIVE_FILE",
    "CARD_FILE",
    "ESTIMATOR_FILE",
    "FORMAT_VERSION",
    "MANIFEST_FILE",
    "META_FILE",
    "TRUSTED_MODULES",
    "ModelVersionWarning",
    "behavioural_fingerprint",
    "identity_digest",
    "default_model_path",
    "describe_estimator",
    "library_versions",
    "load_model",
    "model_card",
    "pin_default_model",
    "ood_table",
    "probe_evidence",
    "check_model_target",
    "save_model",
    "trusted_types",
]
