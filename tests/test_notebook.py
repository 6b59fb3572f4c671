"""The walkthrough notebook runs top to bottom (so it never goes stale)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_notebook_walkthrough_executes(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    (tmp_path / "examples").symlink_to(NOTEBOOK.parents[1] / "examples")
    (tmp_path / "corpora").symlink_to(NOTEBOOK.parents[1] / "corpora")
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert list((workdir / "walkthrough-report").rglob("*.png")), "the notebook should write the plots"
