"""Dask worker preload: a worker loads rolefit's model when it starts, not in the first batch.

Start each worker with it::

    dask worker tcp://SCHEDULER-HOST:8786 --nthreads 1 --preload rolefit.batch.preload
    dask worker tcp://SCHEDULER-HOST:8786 --nthreads 1 --preload rolefit.batch.preload \\
        --rolefit-model /shared/models/my_model      # the model the batches will name with --model

Dask imports this module in the worker process and calls :func:`dask_setup` before the worker
joins the scheduler: it loads the model, builds the spaCy pipeline and scores one short text
(:func:`rolefit.batch.preload_scorer`), so the worker joins warm. A later ``rolefit batch
--scheduler ADDRESS`` run whose ``--model`` is the same directory (the bundled model when both
are left out) and that sets no custom profiles or requirements finds that scorer: its run pays
no model load on that worker (the worker's reader process for PDF and DOCX files still starts
with the run's first such file). Any other model is loaded on first use and kept, as without a
preload. If the model cannot be loaded, Dask logs the error (``Failed to start preload``, with
rolefit's coded message) and the worker joins without it; a run naming that model then fails
with the same error when the worker tries again.

Needs ``pip install 'rolefit[dask]'`` (Dask imports this module only in a worker).
"""

from __future__ import annotations

from typing import Any

import click  # a dependency of Dask's command line, which is what imports this module

__all__ = ["dask_setup"]


@click.command()
@click.option(
    "--rolefit-model", default=None, metavar="PATH",
    help="Model directory to load (default: rolefit's bundled model); batches must name the same one with --model.",
)
def dask_setup(worker: Any, rolefit_model: str | None) -> None:
    """Load and warm the model in this worker process (called by Dask at worker start)."""
    from rolefit.batch import preload_scorer  # lazy: the CLI option above parses without the model stack

    preload_scorer(rolefit_model)
