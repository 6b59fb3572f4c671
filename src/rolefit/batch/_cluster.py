"""Run a batch's chunks in other processes: on a Dask distributed cluster, and the
in-order chunk scheduling shared with local engine processes.

The client (the process running :func:`rolefit.batch.run_batch`) discovers the inputs,
submits chunks of ``batch_size`` inputs with a bounded number outstanding, and writes the
rows of each chunk in input order as soon as every earlier chunk is written: the journal is
the same, byte for byte, as a local run's, and ``--resume`` works the same. Each worker
process builds one engine per configuration (the model loaded once, a reader pool for PDF
and DOCX) and keeps it for every later chunk (a per-process cache in :mod:`rolefit.batch`);
the client asks every worker to build and warm it at connect, so the workers load in parallel
and the first chunks do not wait for it.
Workers load inputs from their locators: a local folder must be mounted at the same path on
every worker, or the folder given as an fsspec URL.

Needs the optional dependency ``distributed`` (``pip install 'rolefit[dask]'``), imported
when a scheduler is used.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Final

#: Seconds to wait for the scheduler to answer when connecting.
CONNECT_TIMEOUT_S: Final = 30


class SchedulerUnavailable(Exception):
    """The scheduler cannot be used (not installed, not reachable, no workers)."""


def iter_rows(
    items: list[tuple[str, str]],
    config: Any,
    address: str,
    process_chunk: Callable[..., list[dict[str, Any]]],
    *,
    prepare: Callable[[Any], Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Rows of ``items`` computed on the cluster at ``address``, in input order.

    ``prepare(config)``, if given, runs first on every worker known at connect (pinned to
    it): each loads and warms its engine at once, in parallel, before its first chunk.
    """
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnavailable(
            "--scheduler needs Dask distributed: pip install 'rolefit[dask]'."
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnavailable(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}). Start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or check the address."
        ) from None
    with client:
        workers = list(client.scheduler_info().get("workers", {}))
        n_workers = max(len(workers), 1)
        scattered = client.scatter(config, broadcast=True)
        # submitted first, so each worker runs its own before any chunk; a failure (e.g. a
        # model the worker cannot read) surfaces again in the chunks, with the chunk's context
        warmed = [
            client.submit(prepare, scattered, workers=[w], allow_other_workers=False, pure=False)
            for w in (workers if prepare is not None else ())
        ]

        def submit(chunk: list[tuple[str, str]]) -> Any:
            return client.submit(process_chunk, chunk, scattered, pure=False)

        yield from iter_chunks(items, config.batch_size, submit, 2 * n_workers + 1)
        del warmed  # kept referenced until the end, so the scheduler does not cancel them


def iter_chunks(
    items: list[tuple[str, str]], size: int, submit: Callable[[list[tuple[str, str]]], Any], in_flight: int
) -> Iterator[dict[str, Any]]:
    """Submit chunks of ``size`` items, at most ``in_flight`` outstanding; yield their rows in
    input order (``submit(chunk)`` returns a future whose ``result()`` is the chunk's rows)."""
    chunks = (items[i : i + size] for i in range(0, len(items), size))
    futures: deque[Any] = deque()
    for chunk in chunks:
        futures.append(submit(chunk))
        if len(futures) >= in_flight:
            yield from futures.popleft().result()
    while futures:
        yield from futures.popleft().result()
