"""``MODEL_CARD.md``: generated from a model's ``meta.json`` contents (roles, estimator,
corpus, metrics); no figure is written by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rolefit.ml import DEFAULT_MONOTONIC, GROUP_TERMS, INTERACTION_TERM


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


def _contribution_text(est: Mapping[str, Any]) -> list[str]:
    if est.get("classifier") == "MonotoneLogisticRegression" and est.get("calibration") == "sigmoid":
        groups, why = GROUP_TERMS, ["the classifier is linear and Platt scaling is affine in its log-odds, so"]
        if est.get("interactions"):
            groups = (*GROUP_TERMS, INTERACTION_TERM)
            why = [
                f"the classifier is linear in its features, which include interaction terms ({est['interactions']}),",
                "each a product of two capped evidence sums with a weight >= 0 whose value is split among",
                "its concepts (rolefit.ml._interactions), and Platt scaling is affine in its log-odds, so",
            ]
        return [
            "Contributions are exact: " + why[0],
            *why[1:],
            "each role's calibrated log-odds are a baseline (no evidence) plus one term per concept",
            f"found (and, equivalently, one term per feature group: {', '.join(groups)}).",
            "Explanations, batch rows and the decision log show these terms, in log-odds; they add up",
            "to the probability's log-odds. Probabilities are smooth in the evidence and never exactly",
            "0 or 1.",
            "",
        ]
    return [
        "Contributions are leave-one-out changes in probability (the classifier is not",
        "additive); they do not add up to the probability.",
        "",
    ]


def _selection_section(sel: Mapping[str, Any] | None) -> list[str]:
    """The model-family and calibrator comparison (``benchmarks/model_families.py``), if given."""
    if not sel:
        return []
    fam, cal = sel.get("families") or {}, sel.get("calibrators") or {}
    roles = sorted({r for row in fam.values() for r in row if r != "fit_seconds"})

    def v(m: Mapping[str, Any], k: str, digits: int = 3) -> str:
        x = m.get(k)
        return "n/a" if x is None else (str(int(x)) if digits == 0 else f"{x:.{digits}f}")

    lines = [
        "## Model choice",
        "",
        f"Measured by `benchmarks/model_families.py` on {sel.get('n_rows', 'n/a')} training rows "
        f"({', '.join(sel.get('corpora', []))}); in distribution: grouped 5-fold out-of-fold "
        f"predictions; out of domain: `{sel.get('ood') or 'n/a'}` (never trained on); ties: distinct "
        f"probabilities among the 50 highest of {sel.get('n_pool', 'n/a')} real Djinni CVs (and of its "
        f"{sel.get('n_pool_full_cvs', 'n/a')} full CVs, project/product managers and designers); fit: seconds "
        "for the final estimator (both roles). "
        + (f"Fit weights: {sel['weights']}." if sel.get("weights") else
           "Every row weighs 1 in this comparison (it predates fit weights); the weights this model was "
           "fitted with are under *Training data and its limits*."),
        "",
        "| model | role | ROC-AUC in | ECE in | ROC-AUC OOD | ECE OOD | top-50 distinct (all / full CVs) "
        "| exact 0/1 | fit s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in fam.items():
        for role in roles:
            m = row.get(role, {})
            lines.append(
                f"| {name} | {role} | {v(m, 'auc_in')} | {v(m, 'ece_in')} | {v(m, 'auc_ood')} | "
                f"{v(m, 'ece_ood')} | {v(m, 'top50_distinct', 0)} / {v(m, 'top50_distinct_full_cvs', 0)} | "
                f"{v(m, 'exact_0_or_1', 0)} | "
                f"{row.get('fit_seconds', 'n/a')} |"
            )
    if cal:
        lines += [
            "",
            "| calibrator (on the logistic regression) | role | ROC-AUC in | ECE in | top-50 distinct (all / full CVs) "
            "| exact 0/1 |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in cal.items():
            for role in roles:
                m = row.get(role, {})
                lines.append(
                    f"| {name} | {role} | {v(m, 'auc_in')} | {v(m, 'ece_in')} | "
                    f"{v(m, 'top50_distinct', 0)} / {v(m, 'top50_distinct_full_cvs', 0)} | {v(m, 'exact_0_or_1', 0)} |"
                )
    if sel.get("choice"):
        lines += ["", str(sel["choice"])]
    return lines + [""]


def model_card(meta: Mapping[str, Any]) -> str:
    """The ``MODEL_CARD.md`` text for a model's ``meta.json`` contents."""
    corpus = meta.get("corpus", {})
    metrics = meta.get("metrics", {})
    holdout, cv = metrics.get("holdout", {}), metrics.get("cv", {})
    versions = meta.get("versions", {})
    est = meta.get("estimator", {})
    lines = [
        f"# Model card: {meta.get('model_id')}",
        "",
        "## Intended use",
        "",
        "Decision support for a human recruiter: for each role ("
        + ", ".join(f"`{r}`" for r in meta.get("roles", []))
        + ") a calibrated probability that the CV matches it, the skill mentions behind it",
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
        "mentions count 0). Job titles read in title positions (the first line, experience",
        "entries) are mentions too, of a title class (`job_title` concepts, from O*NET 29.3",
        "titles of training occupations only); they count by presence and may raise or lower a",
        "role, and no requirement counts them. Features: the evidence per concept, the",
        "similarity to each role profile, and evidence summed per concept group and kind. Per role, a "
        f"`{est.get('classifier', 'n/a')}` is calibrated with `{est.get('calibration', 'n/a')}`",
        "calibration on grouped out-of-fold predictions.",
        "",
        *_contribution_text(est),
        *_monotonic_text(str(meta.get("monotonic", DEFAULT_MONOTONIC))),
        "",
        "Names, ages, addresses and other words that are neither skill nor job-title mentions",
        "cannot influence the output.",
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
        f"- Corpus `{' + '.join(corpus.get('paths') or []) or corpus.get('file') or 'n/a'}`, SHA-256 `{corpus.get('sha256', 'n/a')}`: "
        f"{corpus.get('n_rows', 'n/a')} rows in {corpus.get('n_groups', 'n/a')} groups (near-duplicates "
        f"share a group); development split {corpus.get('n_dev_rows', 'n/a')} rows, held-out test "
        f"split {corpus.get('n_test_rows', 'n/a')} rows.",
        *_weights_lines(corpus.get("weights") or {}),
        *_corpus_lines(corpus),
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
        *_selection_section(meta.get("model_selection")),
        *([ood_card_section(metrics["ood"])] if metrics.get("ood") else []),
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
        "  layouts (tables; PDF pages with more than two columns or text boxes out of reading order).",
        *(["- Proxy labels (above): the probability is that of resembling the proxy group."]
          if "djinni_roles.csv" in _corpus_names(corpus) else []),
        "",
        "## Reproduce and verify",
        "",
        "```",
        _train_command(corpus, meta.get("seed")),
        "```",
        "",
        f"Behavioural fingerprint (SHA-256 of probabilities on the fixed probe set): "
        f"`{meta.get('behavioural_fingerprint')}`. Versions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        + ".",
        "",
    ]
    return "\n".join(lines)


def ood_table(block: Mapping[str, Any]) -> list[list[str]]:
    """Rows ``[role, AUC, ECE, false-fit, false-fit (p only), baseline AUC, baseline ECE]``, then one
    row per source under each role."""

    def f(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}"

    def row(name: str, m: Mapping[str, Any]) -> list[str]:
        b = m.get("baseline", {})
        return [
            name, f(m["roc_auc"]), f(m["ece"]), f(m["false_fit_rate"]), f(m["false_fit_rate_probability_only"]),
            f(b.get("roc_auc")), f(b.get("ece")),
        ]

    rows = []
    for role, m in block["roles"].items():
        rows.append(row(role, m))
        for src, sm in m.get("by_source", {}).items():
            rows.append(row(f"  {role}, {src} only ({sm['n_docs']} docs, {sm['n_positive']} positive)", sm))
    return rows


def ood_card_section(block: Mapping[str, Any]) -> str:
    """Markdown for the model card: the OOD table and what it measures (from :func:`rolefit.ood.evaluate_ood`)."""
    lines = [
        "## Out of domain",
        "",
        f"Scored with this model as users would (labels include the role requirements) on "
        f"`{block['file']}`: {block['n_docs']:,} CV-like documents composed from ESCO v1.0 occupations "
        "and from held-out O*NET occupation groups, none sharing an occupation or group with the "
        f"training documents (corpora/README.md); {block['n_non_it']:,} of them are out of IT. "
        "Labels by occupation (corpora/occupation_labels.csv). False fit = share of out-of-IT documents "
        "labelled `fit` (every one is wrong); \"probability only\" is the same share if the label followed "
        "the probability alone. The TF-IDF baseline is fitted on the same training corpus "
        "(false fit at p >= 0.5).",
        "",
        "| role | ROC-AUC | ECE | false fit (out of IT) | false fit, probability only | "
        "TF-IDF ROC-AUC | TF-IDF ECE |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in ood_table(block)]
    lines += ["", "Targets: ROC-AUC >= 0.85 and ahead of TF-IDF, ECE <= 0.10, false fit <= 3 % per role. "
              "The checks below compare numbers only: they cannot tell whether this set was read while "
              "the taxonomy, rules or training weights were written (for the bundled model it was; "
              "its README says which figures are not blind)."]
    for role, m in block["roles"].items():
        auc, ece, ff = m.get("roc_auc"), m.get("ece"), m.get("false_fit_rate")
        base = (m.get("baseline") or {}).get("roc_auc")
        checks = [
            ("ROC-AUC >= 0.85", auc is not None and auc >= 0.85),
            ("ahead of TF-IDF", auc is not None and base is not None and auc > base),
            ("ECE <= 0.10", ece is not None and ece <= 0.10),
            ("false fit <= 3 %", ff is not None and ff <= 0.03),
        ]
        lines.append(f"- {role}: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in checks) + ".")
    lines.append("")
    return "\n".join(lines)


#: What the card says about a corpus file rolefit ships, by file name (``corpora/README.md``
#: documents them); any other corpus gets :data:`_OWN_CORPUS`.
KNOWN_CORPORA: dict[str, list[str]] = {
    "djinni_roles.csv": [
        "- `djinni_roles.csv` (rolefit's `corpora/`, the bundled model's corpus) holds anonymised CVs",
        "  from the Djinni Recruitment Dataset (djinni.co, an IT job platform in Ukraine, 2020-2023;",
        "  MIT licence). Its labels are **proxies, not ground truth**: DevOps/cloud and machine-learning",
        "  engineers stand in for MLOps engineers; product and project managers (mostly junior IT",
        "  project managers) for AI-operations managers; every other IT role is `none`. Few of",
        "  these CVs mention AI governance, the EU AI Act or model registries. A high probability",
        "  means \"reads like a Djinni DevOps/ML (or project-manager) CV\"; probabilities are",
        "  calibrated to these proxy labels, not to recruiters' decisions. They are IT candidates",
        "  from one job board, in English; other markets, industries, seniority levels and writing",
        "  styles are under-represented.",
    ],
    "occupations_train.csv": [
        "- `occupations_train.csv` (rolefit's `corpora/`) holds CV-like documents composed from O*NET",
        "  29.3 occupations (task statements, alternate titles, technology skills; CC BY 4.0), labelled",
        "  by occupation: \"someone who does this US-classified occupation\", not real CVs.",
    ],
}

#: The card's words on a corpus rolefit does not know (:data:`KNOWN_CORPORA`).
_OWN_CORPUS = [
    "- rolefit knows nothing of this corpus beyond the figures above: not where its CVs come from,",
    "  how its labels were set or whom it under-represents. Whoever trained the model should say",
    "  so next to it (data governance, EU AI Act Art. 10) before anyone relies on its scores.",
]


def _corpus_lines(corpus: Mapping[str, Any]) -> list[str]:
    """What the card says about the training corpus: each file rolefit ships described
    (:data:`KNOWN_CORPORA`), and a note for files it does not know."""
    names = _corpus_names(corpus)
    lines = [line for name in names for line in KNOWN_CORPORA.get(name, [])]
    unknown = [name for name in names if name not in KNOWN_CORPORA]
    if unknown or not names:
        lines += _OWN_CORPUS
    return lines


def _corpus_names(corpus: Mapping[str, Any]) -> list[str]:
    """The file names of the training corpus (one per file joined)."""
    return [f["file"] for f in corpus.get("files", [])] or ([corpus["file"]] if corpus.get("file") else [])


def _train_command(corpus: Mapping[str, Any], seed: Any) -> str:
    """The ``rolefit train`` command that trained the model: the corpus paths, mapping and
    interactions file as they were given (``corpus["paths"]``...; models saved before rolefit
    recorded them name the files under ``corpora/``), seed and weights."""
    paths = corpus.get("paths") or (
        ["corpora/" + f["file"] for f in corpus.get("files", [])]
        or (["corpora/" + corpus["file"]] if corpus.get("file") else ["CORPUS"])
    )
    words = ["rolefit train", *(_shell_word(p) for p in paths)]
    for option in ("mapping", "interactions"):
        if corpus.get(option):
            words += [f"--{option}", _shell_word(corpus[option])]
    words += ["--output DIR", f"--seed {seed}"]
    scheme = (corpus.get("weights") or {}).get("scheme", "rows")
    if scheme != "rows":
        words.append(f"--weights {scheme}")
    return " ".join(words)


def _shell_word(text: str) -> str:
    """``text`` quoted for a POSIX shell when it needs it (``my corpus.csv`` -> ``'my corpus.csv'``)."""
    import shlex

    return shlex.quote(str(text))


def _weights_lines(weights: dict) -> list[str]:
    """The card's line on fit weights (``corpus["weights"]``, see rolefit.training.corpus_weights)."""
    per_file = weights.get("per_file") or {}
    if weights.get("scheme") != "files" or not per_file:
        return ["- Fit weights: every row weighs 1."]
    parts = ", ".join(f"`{stem}` {v['rows']} rows x {v['weight']:.3f}" for stem, v in sorted(per_file.items()))
    return [f"- Fit weights: each corpus file weighs the same in the fit and its calibration ({parts});",
            "  the metrics below weigh every row 1."]
