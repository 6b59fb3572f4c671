"""Shared fixtures.

Real data lives in ``../shared/data`` beside the repository (a copy is placed beside CI's
clone too); tests that need it skip with a reason when it is absent.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ROLEFIT_SHARED_DATA", REPO.parent / "shared" / "data"))

settings.register_profile(
    "rolefit", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("rolefit")


@pytest.fixture(scope="session")
def documentation_text() -> str:
    """README.md followed by every docs/*.md: the user documentation and the detail files
    (evaluation, extraction, performance) its summaries link to, for tests that check a
    figure is quoted somewhere a user can read it."""
    paths = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips the test when it is not there."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def djinni_rows(shared_data: Path) -> list[dict[str, str]]:
    """The MIT-licensed Djinni CV excerpts (see shared/data/djinni_cv_excerpts_2400/SOURCE.md)."""
    path = shared_data / "djinni_cv_excerpts_2400" / "candidates_dev.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def taxonomy():
    from rolefit.taxonomy import default_taxonomy

    return default_taxonomy()


@pytest.fixture(scope="session")
def concept_of(taxonomy):
    """Resolve a surface form to its concept id in the default taxonomy."""
    from rolefit.taxonomy import alias_key

    index = {alias_key(s): c.id for c in taxonomy.concepts for s in c.surface_forms}

    def resolve(surface: str) -> str:
        return index[alias_key(surface)]

    return resolve
