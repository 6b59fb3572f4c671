"""Save and load model directories, safely.

A model directory holds:

``estimator.skops``
    The fitted scikit-learn pipeline, written with :func:`skops.io.dump` (no pickle).
``meta.json``
    ``format_version``, library versions, taxonomy fingerprint, corpus SHA-256, row counts
    and label balance, seed, roles, thresholds, review band, metrics, ``model_id`` and the
    behavioural fingerprint.
``MODEL_CARD.md``
    Intended use, out-of-scope uses, training data and its limits, metrics with intervals,
    known failure modes.
``manifest.json``
    SHA-256 of every other file.

:func:`load_model` checks, in this order and before deserialising the estimator: the
manifest (every file's SHA-256), the format version, the library versions (a warning on
drift), and the estimator file's types against the types listed in ``meta.json`` (``trusted_types``, derived from the estimator when it
was saved) that are classes under :data:`TRUSTED_MODULES`. After loading it
recomputes the behavioural fingerprint on the fixed probe set.

The manifest detects accidental or naive modification; it is not a signature (whoever can
rewrite the files can rewrite the manifest). Protection against a hostile estimator file
comes from skops and the explicit type allow-list.

Length: about 460 lines: save and load are one protocol (what save writes, load checks in
the same order), kept in one module so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import warnings
import zipfile
from collections.abc import Mapping
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rolefit._io import sha256_file
from rolefit._version import __version__
from rolefit.artifacts._card import model_card
from rolefit.artifacts._fingerprint import (
    _CHECKED_LIBS,
    _is_trusted_class,
    _probe_sha256,
    behavioural_fingerprint,
    describe_estimator,
    identity_digest,
    library_versions,
    trusted_types,
)
from rolefit.errors import (
    Errors,
    ModelFileError,
    ModelVersionError,
    ModelVersionWarning,
    TamperedModelError,
    UntrustedModelError,
    Warnings,
)
from rolefit.ml import DEFAULT_MONOTONIC, TrainedModel

#: Version of the model directory layout; bump when meta.json or the estimator changes shape.
FORMAT_VERSION = 1

ESTIMATOR_FILE = "estimator.skops"
#: The estimator's exact additive form (numpy arrays, no pickle), when it has one: scoring
#: reads it instead of the estimator, so it needs neither scikit-learn nor skops.
ADDITIVE_FILE = "additive.npz"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
MANIFEST_FILE = "manifest.json"
PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")


def _model_name(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-") or "model"
    return slug if slug.startswith("rolefit") else f"rolefit-{slug}"


def check_model_target(path: str | os.PathLike[str], *, overwrite: bool = False,
                       option: str = "overwrite=True") -> None:
    """Raise unless :func:`save_model` may write a model directory at ``path``.

    ``option`` names what replaces an existing model directory in the RF308 message
    (``"--force"`` for the CLI, which checks before training).

    Raises
    ------
    ModelFileError
        RF308 if ``path`` is a model directory and ``overwrite`` is False; RF309 if it is a
        file or a non-empty directory that is not a model directory.
    """
    target = Path(path)
    if target.exists():
        is_empty_dir = target.is_dir() and not any(target.iterdir())
        if not is_empty_dir:
            if not target.is_dir() or not (target / MANIFEST_FILE).is_file():
                raise ModelFileError(Errors.RF309.format(path=target))
            if not overwrite:
                raise ModelFileError(Errors.RF308.format(path=target, option=option))


def save_model(
    model: TrainedModel,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    extra_meta: Mapping[str, Any] | None = None,
) -> TrainedModel:
    """Write ``model`` as a model directory.

    Files are written to a temporary sibling directory first and moved into place at the
    end, so a failed save leaves no half-written model.

    Parameters
    ----------
    model : TrainedModel
        From :func:`rolefit.training.train`.
    path : path
        The directory to create. Its name gives the model id: ``models/rolefit-default``
        -> ``rolefit-default-<first 12 hex of identity_digest(model)>``.
    overwrite : bool, default False
        Replace an existing model directory (one with a ``manifest.json``) or fill an
        empty directory.
    extra_meta : mapping, optional
        JSON-safe entries added to ``meta.json`` (e.g. ``model_selection``, the comparison
        of model families shown in the model card); they cannot replace the standard keys.

    Returns
    -------
    TrainedModel
        ``model`` with ``model_id`` set.

    Raises
    ------
    ModelFileError
        If ``path`` exists and ``overwrite`` is False (RF308), or is a non-empty directory
        that is not a model directory (RF309).
    """
    import skops.io

    target = Path(path)
    check_model_target(target, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        model_types = trusted_types(model.estimator)
        skops.io.dump(
            model.estimator, tmp / ESTIMATOR_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9
        )
        from rolefit.ml import decomposition_of  # lazy: scikit-learn, needed to save only

        additive = decomposition_of(model.estimator)
        if additive is not None:
            with open(tmp / ADDITIVE_FILE, "wb") as fh:
                np.savez(fh, allow_pickle=False, **additive.to_arrays())
        model_id = f"{_model_name(target)}-{identity_digest(model)[:12]}"
        model = dataclasses.replace(model, model_id=model_id)
        meta = _meta(model)
        meta = {**_jsonable(dict(extra_meta or {})), **meta}
        meta["trusted_types"] = model_types
        meta["estimator"] = describe_estimator(model.estimator)
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(model_card(meta), encoding="utf-8")
        files = sorted(p.name for p in tmp.iterdir() if p.is_file())
        manifest = {
            "format_version": FORMAT_VERSION,
            "algorithm": "sha256",
            "files": {name: sha256_file(tmp / name) for name in files},
        }
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return model


def _meta(model: TrainedModel) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "model_id": model.model_id,
        "created_utc": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "estimator_file": ESTIMATOR_FILE,
        "versions": dict(model.versions) or library_versions(),
        "taxonomy_fingerprint": model.taxonomy_fingerprint,
        "corpus": _jsonable(model.corpus),
        "seed": int(model.seed),
        "roles": list(model.roles),
        "thresholds": {r: float(model.thresholds[r]) for r in model.roles},
        "review_band": float(model.review_band),
        "monotonic": model.monotonic,
        "metrics": _jsonable(model.metrics),
        "behavioural_fingerprint": behavioural_fingerprint(model),
        "probe_set_sha256": _probe_sha256(),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------------------------
# load
# --------------------------------------------------------------------------------------


def _read_json(root: Path, name: str) -> Any:
    try:
        return json.loads((root / name).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(Errors.RF310.format(path=root, name=name, problem=exc)) from None


def _verify_manifest(root: Path) -> dict[str, str]:
    if not (root / MANIFEST_FILE).is_file():
        raise ModelFileError(Errors.RF301.format(path=root, problem=f"{MANIFEST_FILE} is missing"))
    manifest = _read_json(root, MANIFEST_FILE)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or META_FILE not in files:
        raise ModelFileError(
            Errors.RF301.format(path=root, problem=f"{MANIFEST_FILE} does not list {META_FILE}")
        )
    for name, expected in sorted(files.items()):
        if Path(name).name != name or name in (".", ".."):
            raise TamperedModelError(
                Errors.RF303.format(path=root, name=name, found="(not a plain file name)", expected=expected)
            )
        file = root / name
        if not file.is_file():
            raise ModelFileError(Errors.RF301.format(path=root, problem=f"{name}, listed in the manifest, is missing"))
        found = sha256_file(file)
        if found != expected:
            raise TamperedModelError(Errors.RF303.format(path=root, name=name, found=found, expected=expected))
    return files


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _drift(root: Path, saved: Mapping[str, str], *, minor_only: bool) -> list[str]:
    running = library_versions()
    messages = []
    for lib in _CHECKED_LIBS:
        s, r = saved.get(lib), running.get(lib)
        if s is None or r is None or s == r:
            continue
        if minor_only and _major_minor(s) == _major_minor(r):
            continue
        messages.append(Warnings.W001.format(path=root, lib=lib, saved=s, running=r))
    return messages


def load_model(
    path: str | os.PathLike[str], *, allow_pickle: bool = False, taxonomy: Any = None, estimator: bool = True
) -> TrainedModel:
    """Load a model directory written by :func:`save_model`.

    Parameters
    ----------
    path : path
        The model directory.
    allow_pickle : bool, default False
        Allow an estimator stored as ``.pkl``/``.pickle``/``.joblib``. Unpickling runs
        arbitrary code: pass True only for files from a source you trust.
    taxonomy : Taxonomy, optional
        When given, its fingerprint must equal the one the model was trained with.
    estimator : bool, default True
        False: for scoring only. When the directory holds the estimator's additive form
        (``additive.npz``), load that instead of the estimator (``TrainedModel.estimator``
        is None; probabilities are identical), which needs neither scikit-learn nor skops.

    Returns
    -------
    TrainedModel
        With ``model_id`` set.

    Raises
    ------
    ModelFileError
        RF301 for a missing directory, manifest or listed file; RF310 for unreadable JSON.
    TamperedModelError
        RF303, naming the file whose SHA-256 differs from the manifest (checked before
        anything is deserialised); RF307 if the loaded estimator's behavioural fingerprint
        differs although the library versions are identical.
    ModelVersionError
        RF302 naming both format versions; RF306 for a taxonomy mismatch.
    UntrustedModelError
        RF304 for a pickle file without ``allow_pickle``; RF305 listing the types outside
        ``meta.json``'s ``trusted_types`` restricted to classes under :data:`TRUSTED_MODULES`.

    Warns
    -----
    ModelVersionWarning
        W001 when a library's major.minor version differs from the saved one, or any
        version differs and the probabilities on the probe set changed.
    """
    root = Path(path)
    if not root.is_dir():
        problem = "not a directory" if root.exists() else "directory not found"
        raise ModelFileError(Errors.RF301.format(path=root, problem=problem))
    files = _verify_manifest(root)
    meta = _read_json(root, META_FILE)
    if not isinstance(meta, dict):
        raise ModelFileError(Errors.RF310.format(path=root, name=META_FILE, problem="not a JSON object"))
    saved_versions = meta.get("versions") or {}
    found = meta.get("format_version")
    if found != FORMAT_VERSION:
        raise ModelVersionError(
            Errors.RF302.format(
                path=root,
                found=found,
                ours=__version__,
                expected=FORMAT_VERSION,
                writer=saved_versions.get("rolefit", "unknown"),
            )
        )
    if taxonomy is not None and meta.get("taxonomy_fingerprint") != taxonomy.fingerprint():
        raise ModelVersionError(
            Errors.RF306.format(path=root, found=meta.get("taxonomy_fingerprint"), expected=taxonomy.fingerprint())
        )
    name = str(meta.get("estimator_file", ESTIMATOR_FILE))
    if name not in files:
        raise ModelFileError(Errors.RF301.format(path=root, problem=f"estimator file {name} is not in the manifest"))
    for message in _drift(root, saved_versions, minor_only=True):
        warnings.warn(message, ModelVersionWarning, stacklevel=2)

    additive = _load_additive(root) if ADDITIVE_FILE in files else None
    if estimator or additive is None:
        allowed = [t for t in meta.get("trusted_types") or [] if isinstance(t, str) and _is_trusted_class(t)]
        fitted = _load_estimator(root, name, allow_pickle=allow_pickle, trusted=allowed)
        n_outputs = len(getattr(fitted.named_steps.get("classifier"), "estimators_", []))
    else:
        fitted, n_outputs = None, int(additive.baseline.size)
    try:
        model = TrainedModel(
            estimator=fitted,
            additive=additive,
            roles=tuple(meta["roles"]),
            thresholds=meta["thresholds"],
            review_band=float(meta["review_band"]),
            taxonomy_fingerprint=str(meta.get("taxonomy_fingerprint", "")),
            corpus=meta.get("corpus", {}),
            seed=int(meta.get("seed", 0)),
            metrics=meta.get("metrics", {}),
            versions=saved_versions,
            model_id=meta.get("model_id"),
            monotonic=str(meta.get("monotonic", DEFAULT_MONOTONIC)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(Errors.RF301.format(path=root, problem=f"{META_FILE} is incomplete: {exc!r}")) from None
    if n_outputs != len(model.roles):
        raise ModelFileError(
            Errors.RF301.format(
                path=root, problem=f"the estimator has {n_outputs} outputs for {len(model.roles)} roles"
            )
        )
    expected = meta.get("behavioural_fingerprint")
    if _is_pinned_default(root):
        expected = None  # the bundled model, byte for byte: verified when it was pinned
    if expected and meta.get("probe_set_sha256") == _probe_sha256():
        actual = behavioural_fingerprint(model)
        if actual != expected:
            drift = _drift(root, saved_versions, minor_only=False)
            if not drift:
                raise TamperedModelError(Errors.RF307.format(path=root, found=actual, expected=expected))
            already = set(_drift(root, saved_versions, minor_only=True))
            for message in drift:
                if message not in already:  # patch-level drift that did change behaviour
                    warnings.warn(message, ModelVersionWarning, stacklevel=2)
    return model


def _load_additive(root: Path) -> Any:
    from rolefit.ml import LinearDecomposition

    try:
        with np.load(root / ADDITIVE_FILE, allow_pickle=False) as arrays:
            return LinearDecomposition.from_arrays(arrays)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelFileError(
            Errors.RF301.format(path=root, problem=f"{ADDITIVE_FILE} is not readable ({exc})")
        ) from None


def _load_estimator(root: Path, name: str, *, allow_pickle: bool, trusted: list[str]) -> Any:
    file = root / name
    if file.suffix.lower() in PICKLE_SUFFIXES:
        if not allow_pickle:
            raise UntrustedModelError(Errors.RF304.format(path=root, name=name))
        import joblib

        return joblib.load(file)
    import skops.io
    from skops.io.exceptions import UntrustedTypesFoundException

    # skops audits every type in the file against the allow-list before constructing
    # anything; only when that audit fails do we list the offending types.
    try:
        return skops.io.load(file, trusted=trusted)
    except UntrustedTypesFoundException:
        outside = sorted(set(skops.io.get_untrusted_types(file=file)) - set(trusted))
        raise UntrustedModelError(Errors.RF305.format(path=root, types=", ".join(outside))) from None
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise ModelFileError(
            Errors.RF301.format(path=root, problem=f"{name} is not a readable skops file ({exc})")
        ) from None


#: Package file holding the SHA-256 of the bundled model's ``manifest.json``.
PIN_FILE = "default_model_sha256.txt"


def _pin_resource() -> Any:
    return resources.files("rolefit") / "data" / PIN_FILE


def _is_pinned_default(root: Path) -> bool:
    """True if ``root`` is the bundled model and its manifest is the pinned one.

    The manifest has already been checked against every file's SHA-256, so a matching
    manifest hash means the directory is byte-identical to the model that was verified
    when it was pinned; re-scoring the probe set on every load (most of the load time) is
    then skipped. Any other directory, or a modified bundled one, is verified in full.
    """
    try:
        if root.resolve() != default_model_path().resolve():
            return False
        pinned = _pin_resource().read_text(encoding="ascii").strip()
    except (OSError, FileNotFoundError):
        return False
    return bool(pinned) and sha256_file(root / MANIFEST_FILE) == pinned


def pin_default_model(path: str | os.PathLike[str]) -> str:
    """Verify the model at ``path`` in full and pin its manifest hash in the package.

    For ``make model`` (called by :func:`rolefit.training.train_and_save` when it writes
    the bundled model). Returns the pinned SHA-256.
    """
    root = Path(path)
    load_model(root)  # full verification, behavioural fingerprint included
    digest = sha256_file(root / MANIFEST_FILE)
    Path(str(_pin_resource())).write_text(digest + "\n", encoding="ascii")
    return digest


def default_model_path() -> Path:
    """Where the bundled default model lives.

    ``rolefit/models/rolefit-default`` inside the installed package (the wheel ships the
    repository's ``models/`` folder as ``rolefit.models``); in a source checkout without
    that package, ``<repo>/models/rolefit-default``.
    """
    try:
        return Path(str(resources.files("rolefit.models") / "rolefit-default"))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "models" / "rolefit-default"
