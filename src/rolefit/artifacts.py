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
drift), and the estimator file's types against :data:`TRUSTED_TYPES`. After loading it
recomputes the behavioural fingerprint on the fixed probe set.

The manifest detects accidental or naive modification; it is not a signature (whoever can
rewrite the files can rewrite the manifest). Protection against a hostile estimator file
comes from skops and the explicit type allow-list.
"""

from __future__ import annotations

import dataclasses
import hashlib
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
from rolefit.errors import (
    Errors,
    ModelFileError,
    ModelVersionError,
    RolefitWarning,
    TamperedModelError,
    UntrustedModelError,
    Warnings,
)
from rolefit.model import TrainedModel, library_versions

__all__ = [
    "FORMAT_VERSION",
    "TRUSTED_TYPES",
    "ModelVersionWarning",
    "save_model",
    "load_model",
    "probe_evidence",
    "behavioural_fingerprint",
    "default_model_path",
    "model_card",
]

#: Version of the model directory layout; bump when meta.json or the estimator changes shape.
FORMAT_VERSION = 1

ESTIMATOR_FILE = "estimator.skops"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
MANIFEST_FILE = "manifest.json"
PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")

#: Types rolefit allows in an estimator file besides those skops trusts by default
#: (numpy arrays, builtins, and scikit-learn estimators skops knows). Found with
#: ``skops.io.get_untrusted_types`` on a freshly trained model, then reviewed: rolefit's
#: own transformers and two internal scikit-learn classes that hold fitted state.
TRUSTED_TYPES: tuple[str, ...] = (
    "rolefit.features.ConceptVectorizer",
    "rolefit.features.GroupCounts",
    "rolefit.features.ProfileSimilarity",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
)

#: Libraries whose version is compared on load (major.minor drift warns).
_CHECKED_LIBS = ("rolefit", "scikit-learn", "numpy", "skops", "spacy")


class ModelVersionWarning(RolefitWarning):
    """A model was saved with other library versions than the running ones (W001)."""


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
        Evidence mappings as :func:`rolefit.features.concept_evidence` builds them,
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


# --------------------------------------------------------------------------------------
# save
# --------------------------------------------------------------------------------------


def _model_name(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-") or "model"
    return slug if slug.startswith("rolefit") else f"rolefit-{slug}"


def save_model(model: TrainedModel, path: str | os.PathLike[str], *, overwrite: bool = False) -> TrainedModel:
    """Write ``model`` as a model directory.

    Files are written to a temporary sibling directory first and moved into place at the
    end, so a failed save leaves no half-written model.

    Parameters
    ----------
    model : TrainedModel
        From :func:`rolefit.model.train`.
    path : path
        The directory to create. Its name gives the model id: ``models/rolefit-default``
        -> ``rolefit-default-<first 12 hex of the estimator file's SHA-256>``.
    overwrite : bool, default False
        Replace an existing model directory (one with a ``manifest.json``) or fill an
        empty directory.

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
    if target.exists():
        is_empty_dir = target.is_dir() and not any(target.iterdir())
        if not is_empty_dir:
            if not target.is_dir() or not (target / MANIFEST_FILE).is_file():
                raise ModelFileError(Errors.RF309.format(path=target))
            if not overwrite:
                raise ModelFileError(Errors.RF308.format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        skops.io.dump(
            model.estimator, tmp / ESTIMATOR_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9
        )
        # named by behaviour, not by file bytes: skops archives differ between saves, while a
        # retrain with the same seed, data and libraries predicts identically
        model_id = f"{_model_name(target)}-{behavioural_fingerprint(model)[:12]}"
        model = dataclasses.replace(model, model_id=model_id)
        meta = _meta(model)
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
    path: str | os.PathLike[str], *, allow_pickle: bool = False, taxonomy: Any = None
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
        :data:`TRUSTED_TYPES`.

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
    from rolefit import __version__

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

    estimator = _load_estimator(root, name, allow_pickle=allow_pickle)
    try:
        model = TrainedModel(
            estimator=estimator,
            roles=tuple(meta["roles"]),
            thresholds=meta["thresholds"],
            review_band=float(meta["review_band"]),
            taxonomy_fingerprint=str(meta.get("taxonomy_fingerprint", "")),
            corpus=meta.get("corpus", {}),
            seed=int(meta.get("seed", 0)),
            metrics=meta.get("metrics", {}),
            versions=saved_versions,
            model_id=meta.get("model_id"),
            monotonic=str(meta.get("monotonic", "all")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(Errors.RF301.format(path=root, problem=f"{META_FILE} is incomplete: {exc!r}")) from None
    n_outputs = len(getattr(estimator.named_steps.get("classifier"), "estimators_", []))
    if n_outputs != len(model.roles):
        raise ModelFileError(
            Errors.RF301.format(
                path=root, problem=f"the estimator has {n_outputs} outputs for {len(model.roles)} roles"
            )
        )
    expected = meta.get("behavioural_fingerprint")
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


def _load_estimator(root: Path, name: str, *, allow_pickle: bool) -> Any:
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
        return skops.io.load(file, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException:
        outside = sorted(set(skops.io.get_untrusted_types(file=file)) - set(TRUSTED_TYPES))
        raise UntrustedModelError(Errors.RF305.format(path=root, types=", ".join(outside))) from None
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise ModelFileError(
            Errors.RF301.format(path=root, problem=f"{name} is not a readable skops file ({exc})")
        ) from None


def default_model_path() -> Path:
    """Where the bundled default model lives.

    ``rolefit/models/rolefit-default`` inside the installed package (the wheel ships the
    repository's ``models/`` folder as ``rolefit.models``); in a source checkout without
    that package, ``<repo>/models/rolefit-default``.
    """
    try:
        return Path(str(resources.files("rolefit.models") / "rolefit-default"))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models" / "rolefit-default"


# --------------------------------------------------------------------------------------
# model card
# --------------------------------------------------------------------------------------


def _fmt(metric: Mapping[str, Any] | None) -> str:
    if not metric or metric.get("value") is None:
        return "n/a"
    lo, hi = (metric.get("ci95") or [None, None])[:2]
    ci = f" ({lo:.3f}-{hi:.3f})" if lo is not None and hi is not None else ""
    return f"{metric['value']:.3f}{ci}"


def _metrics_table(block: Mapping[str, Any]) -> list[str]:
    names = ("roc_auc", "average_precision", "precision", "recall", "f1", "brier", "ece")
    lines = [
        "| role | estimator | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for who, key in (("skills model", "roles"), ("TF-IDF baseline", "baseline")):
        for role, m in (block.get(key) or {}).items():
            lines.append(f"| {role} | {who} | " + " | ".join(_fmt(m.get(n)) for n in names) + " |")
    return lines


def _monotonic_text(mode: str) -> list[str]:
    if mode == "all":
        return [
            "Monotonicity (`all`): every probability is non-decreasing in the evidence of every",
            "concept. More evidence never lowers a probability; a negated or repeated mention",
            "changes nothing; moving a skill to the hobbies never raises a probability.",
        ]
    return [
        "Monotonicity (`profiles`): every probability is non-decreasing in the evidence of every",
        "concept weighted in a role profile, so adding or strengthening a profile skill never",
        "lowers any role's probability. Unambiguous concepts outside every profile (Figma,",
        "Java, Photoshop...) count by presence only and may LOWER a probability (negative",
        "evidence: a front-end developer who also lists Docker is less likely an MLOps",
        "engineer). A negated or repeated mention changes nothing; moving a skill to the",
        "hobbies never raises a probability while the skill is still recognised there",
        "(ambiguous names such as React or Go, which the extractor may not recognise in a",
        "hobbies line, are kept non-decreasing for that reason).",
    ]


def model_card(meta: Mapping[str, Any]) -> str:
    """The ``MODEL_CARD.md`` text for a model's ``meta.json`` contents."""
    corpus = meta.get("corpus", {})
    metrics = meta.get("metrics", {})
    holdout, cv = metrics.get("holdout", {}), metrics.get("cv", {})
    versions = meta.get("versions", {})
    lines = [
        f"# Model card: {meta.get('model_id')}",
        "",
        "## Intended use",
        "",
        "Decision support for a human recruiter: for each role (AI operations manager, MLOps",
        "engineer) a calibrated probability that the CV matches it, the skill mentions behind it",
        "(with character offsets) and a label `fit` / `review` / `no_fit`. Every label is a",
        "suggestion for a person to check.",
        "",
        "## Out of scope",
        "",
        "- Automatic rejection, or ranking candidates without human review. Screening CVs is a",
        "  high-risk use under the EU AI Act (Annex III): a person must make the decision.",
        "- Judging seniority, salary level, soft skills or anything not named as a skill.",
        "- Roles other than those listed under *Roles*, and non-English CVs.",
        "",
        "## How it works",
        "",
        "Skill mentions found by rolefit's spaCy pipeline are turned into concept evidence",
        "(1.0 in professional sections, 0.6 education, 0.5 languages, 0.2 interests; negated",
        "mentions count 0). Features: the evidence per concept, the similarity to each role",
        "profile, and evidence summed per concept group and kind. A gradient-boosted tree",
        "model per role, with monotonic constraints, is calibrated with isotonic regression on",
        "grouped out-of-fold predictions.",
        "",
        *_monotonic_text(str(meta.get("monotonic", "all"))),
        "",
        "Names, ages, addresses and other words that are not skill mentions cannot influence",
        "the output.",
        "",
        "## Roles, thresholds, labels",
        "",
        f"Review band: +/- {meta.get('review_band')}. Label rule: `fit` if p >= threshold + band,",
        "`no_fit` if p < threshold - band, otherwise `review` (bounds clipped to [0, 1]).",
        "Thresholds maximise F1 on grouped out-of-fold predictions of the development split.",
        "",
        "| role | threshold | positives in corpus | share |",
        "|---|---|---|---|",
    ]
    balance = corpus.get("label_balance", {})
    for role in meta.get("roles", []):
        b = balance.get(role, {})
        lines.append(
            f"| {role} | {meta.get('thresholds', {}).get(role, float('nan')):.3f} | "
            f"{b.get('positives', 'n/a')} | {b.get('share', 'n/a')} |"
        )
    lines += [
        "",
        "## Training data and its limits",
        "",
        f"- Corpus `{corpus.get('file') or 'n/a'}`, SHA-256 `{corpus.get('sha256', 'n/a')}`: "
        f"{corpus.get('n_rows', 'n/a')} rows in {corpus.get('n_groups', 'n/a')} groups (near-duplicates "
        f"share a group); development split {corpus.get('n_dev_rows', 'n/a')} rows, held-out test "
        f"split {corpus.get('n_test_rows', 'n/a')} rows.",
        "- The bundled model's corpus (`corpora/djinni_roles.csv`) holds anonymised CVs from the",
        "  Djinni Recruitment Dataset (djinni.co, an IT job platform in Ukraine, 2020-2023; MIT",
        "  licence). Its labels are **proxies, not ground truth**: DevOps/cloud and machine-learning",
        "  engineers stand in for MLOps engineers; product and project managers (mostly junior IT",
        "  project managers) for AI-operations managers; every other IT role is `none`. Few of",
        "  these CVs mention AI governance, the EU AI Act or model registries. A high probability",
        "  means \"reads like a Djinni DevOps/ML (or project-manager) CV\"; probabilities are",
        "  calibrated to these proxy labels, not to recruiters' decisions.",
        "- IT candidates from one job board, in English; other markets, industries, seniority",
        "  levels and writing styles are under-represented.",
        f"- Taxonomy fingerprint `{meta.get('taxonomy_fingerprint')}`; seed {meta.get('seed')}.",
        "",
        "## Metrics",
        "",
        f"Bootstrap 95 % intervals in brackets (documents resampled {holdout.get('n_bootstrap', 'n/a')} "
        "times, fixed seed;",
        "percentile intervals). ECE's interval tends to lie above the point value: resampling",
        "with replacement adds binning noise, and ECE only grows with noise. Splits are grouped (no near-duplicate on",
        "both sides) and stratified on the role-label combination. The TF-IDF +",
        "logistic-regression baseline reads every word of the CV and is shown only to make the",
        "cost or gain of skills-only features visible; it is not shipped.",
        "",
        f"### Held-out split ({holdout.get('n_rows', 'n/a')} rows, thresholds from the development split)",
        "",
        *_metrics_table(holdout),
        "",
    ]
    targets = holdout.get("targets") or {}
    if targets:
        lines.append(
            f"Targets: ROC-AUC >= {targets.get('roc_auc_min')} and ECE <= {targets.get('ece_max')} per role."
        )
        for role, met in (targets.get("met") or {}).items():
            lines.append(
                f"- {role}: ROC-AUC target {'met' if met.get('roc_auc') else 'NOT met'}, "
                f"ECE target {'met' if met.get('ece') else 'NOT met'}."
            )
        lines.append("")
    lines += [
        f"### Grouped {cv.get('n_splits', 'n/a')}-fold cross-validation on the development split "
        f"({cv.get('n_rows', 'n/a')} rows)",
        "",
        "Precision, recall and F1 here use thresholds chosen on these same predictions and are",
        "optimistic; the threshold-free metrics are not.",
        "",
        *_metrics_table(cv),
        "",
        "## Known failure modes",
        "",
        "- Non-English CVs: the extractor only knows English surface forms; such CVs are",
        "  flagged `review`, never scored low silently.",
        "- Skills named in a way the taxonomy has no alias for (new tools, internal names,",
        "  misspellings) are invisible.",
        "- CVs that describe work without naming tools or practices (\"kept the model platform",
        "  running\") get little evidence and low probabilities.",
        "- Seniority, duration and depth of experience are not modelled: one mention of a",
        "  skill counts as much as ten years of it.",
        "- Negation and section detection are rule-based and miss unusual phrasings and",
        "  layouts (tables, two-column PDFs).",
        "- Proxy labels (above): the probability is that of resembling the proxy group.",
        "",
        "## Reproduce and verify",
        "",
        "```",
        f"rolefit train {('corpora/' + corpus['file']) if corpus.get('file') else 'CORPUS'} "
        f"--output DIR --seed {meta.get('seed')}",
        "```",
        "",
        f"Behavioural fingerprint (SHA-256 of probabilities on the fixed probe set): "
        f"`{meta.get('behavioural_fingerprint')}`. Versions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        + ".",
        "",
    ]
    return "\n".join(lines)
