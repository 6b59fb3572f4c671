"""Role labels: parsing ``labels`` cells and mapping a dataset's own categories to roles."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rolefit.corpus._common import _cell, _listing
from rolefit.errors import CorpusError, Errors
from rolefit.taxonomy import ROLES

#: Label written for a CV that fits none of the roles.
NONE_LABEL = "none"


@dataclass(frozen=True)
class MappingRule:
    """One row of a category -> roles mapping.

    Attributes
    ----------
    column : str
        Corpus column to look at, e.g. ``"role_family"``.
    value : str
        Value to match (case-insensitive, surrounding spaces ignored); ``"*"`` matches any
        non-empty value.
    labels : tuple of str
        Role ids given to matching rows; empty for ``none``.
    """

    column: str
    value: str
    labels: tuple[str, ...]

    def matches(self, cell: str) -> bool:
        """Whether a (stripped) cell value matches this rule."""
        if self.value == "*":
            return cell != ""
        return cell.casefold() == self.value.casefold()


def _check_roles(roles: Sequence[str]) -> tuple[str, ...]:
    ok = isinstance(roles, Sequence) and not isinstance(roles, str) and len(roles) > 0
    ok = ok and all(isinstance(r, str) and r.strip() == r and r for r in roles)
    ok = ok and len(set(roles)) == len(roles) and NONE_LABEL not in roles
    if not ok:
        raise CorpusError(Errors.RF206.format(value=roles))
    return tuple(roles)


def _parse_labels(value: object, roles: tuple[str, ...]) -> tuple[tuple[str, ...] | None, str]:
    """Parse a labels cell: (labels in role order, "") or (None, problem)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [_cell(v) for v in value]
    else:
        items = _cell(value).split(";")
    items = [i.strip().casefold() for i in items if i.strip()]
    valid = ", ".join([*roles, NONE_LABEL])
    if not items:
        return None, f"empty labels; write one or more of {valid} (';'-separated)"
    unknown = [i for i in items if i not in roles and i != NONE_LABEL]
    if unknown:
        names = ", ".join(repr(u) for u in dict.fromkeys(unknown))
        return None, f"unknown role {names} in labels; valid values: {valid}"
    if NONE_LABEL in items and len(set(items)) > 1:
        return None, f"labels {';'.join(items)!r} mix 'none' with roles; use 'none' alone"
    return tuple(r for r in roles if r in items), ""


def load_mapping(
    mapping: str | os.PathLike[str] | Iterable[tuple[str, str, str]] | Iterable[MappingRule],
    *,
    roles: Sequence[str] = ROLES,
) -> tuple[MappingRule, ...]:
    """Load a category -> roles mapping.

    A mapping is a UTF-8 CSV with the columns ``column,value,labels`` (or the same triples
    in memory). Rules are tried in order; the FIRST rule whose ``column`` holds ``value``
    gives the row its labels (``;``-separated role ids, or ``none``). ``value`` ``*`` matches
    any non-empty value, so ``role_family,*,none`` says "every other family is none". A row
    that no rule matches is a corpus problem.

    Raises
    ------
    CorpusError
        RF205 listing every bad mapping row (line numbers count the header as line 1).
    """
    roles = _check_roles(roles)
    problems: list[str] = []
    raw: list[tuple[str, object, object, object]] = []
    where: object = "<memory>"
    if isinstance(mapping, (str, os.PathLike)):
        where = Path(mapping)
        try:
            frame = pd.read_csv(where, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError,
                pd.errors.EmptyDataError) as err:
            raise CorpusError(Errors.RF205.format(path=where, count=1, problems=f"  - {err}"),
                              problems=[str(err)]) from err
        missing = [c for c in ("column", "value", "labels") if c not in frame.columns]
        if missing:
            problem = f"missing column(s) {', '.join(missing)}"
            raise CorpusError(Errors.RF205.format(path=where, count=1, problems=f"  - {problem}"),
                              problems=[problem])
        raw = [(f"line {n}", r.column, r.value, r.labels)
               for n, r in enumerate(frame.itertuples(index=False), start=2)]
    else:
        for n, item in enumerate(mapping, start=1):
            if isinstance(item, MappingRule):
                item = (item.column, item.value, ";".join(item.labels) or NONE_LABEL)
            if not isinstance(item, (tuple, list)) or len(item) != 3:
                problems.append(f"rule {n}: expected (column, value, labels), got {item!r}")
                continue
            raw.append((f"rule {n}", *item))
    rules = []
    for loc, column, value, labels in raw:
        column, value = _cell(column).strip(), _cell(value).strip()
        parsed, problem = _parse_labels(labels, roles)
        if not column or not value:
            problems.append(f"{loc}: empty column or value")
        elif parsed is None:
            problems.append(f"{loc}: {problem}")
        else:
            rules.append(MappingRule(column, value, parsed))
    if not rules and not problems:
        problems.append("no rules")
    if problems:
        raise CorpusError(
            Errors.RF205.format(path=where, count=len(problems), problems=_listing(problems)),
            problems=problems,
        )
    return tuple(rules)


def _row_labels(rec: Mapping[str, Any], rules: tuple[MappingRule, ...] | None,
                roles: tuple[str, ...], columns: set[str], loc: str,
                problems: list[str]) -> tuple[str, ...]:
    given: tuple[str, ...] | None = None
    if "labels" in columns:
        cell = rec["labels"]
        if isinstance(cell, (list, tuple, np.ndarray)):
            empty = len(cell) == 0
        else:
            empty = not _cell(cell).strip()
        if not (rules is not None and empty):
            given, problem = _parse_labels(cell, roles)
            if given is None:
                problems.append(f"{loc}: {problem}")
                return ()
    if rules is None:
        return given or ()
    if any(r.column not in columns for r in rules):
        return given or ()
    for rule in rules:
        if rule.matches(_cell(rec[rule.column]).strip()):
            if given is not None and given != rule.labels:
                problems.append(
                    f"{loc}: labels {';'.join(given) or NONE_LABEL!r} disagree with the mapping "
                    f"rule {rule.column}={rule.value} -> {';'.join(rule.labels) or NONE_LABEL}")
            return rule.labels
    columns_used = dict.fromkeys(r.column for r in rules)
    shown = ", ".join(f"{c}={_cell(rec[c]).strip()!r}" for c in columns_used)
    problems.append(f"{loc}: no mapping rule matches ({shown}); add a rule, e.g. "
                    "'<column>,*,none' for every other value")
    return ()
