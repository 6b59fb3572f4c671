"""Run a batch's chunks in other processes: on a Dask distributed cluster, and the
in-order chunk scheduling shared with local engine processes.

The client (the process running :func:`rolefit.batch.run_batch`) discovers the inputs,
submits chunks of ``batch_size`` inputs with a bounded number outstanding, and writes the
rows of each chunk in input order as soon as every earlier chunk is written: the journal is
the same, byte for byte, as a local run's, and ``--resume`` works the same. Each worker
process builds one engine per configuration (the model loaded once, a reader pool for PDF
and DOCX) and keeps it for every later chunk (a per-process cache in :mod:`rolefit.batch`);
the client asks every worker to build and warm it at connect, so the workers load in parallel
and the first chunks do not wait for it; it connects before the inputs are listed
(:class:`Session`), so listing them (and hashing what a resumed run keeps) overlaps the
workers' model load. A worker started with ``--preload rolefit.batch.preload``
(:mod:`rolefit.batch.preload`) loaded its model before it joined: its engine takes that scorer
and the warm-up at connect costs it one short text. Chunks shrink near the end (:func:`chunk_sizes`) so that the workers
finish together.
Workers load inputs from their locators: a local folder must be mounted at the same path on
every worker, or the folder given as an fsspec URL.

Needs the optional dependency ``distributed`` (``pip install 'rolefit[dask]'``), imported
when a scheduler is used.
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Final

#: Seconds to wait for the scheduler to answer when connecting.
CONNECT_TIMEOUT_S: Final = 30


#: Seconds the pre-check of a tcp:// address waits for the host to resolve and for a TCP
#: connection (see _refuses_at_once).
PROBE_TIMEOUT_S: Final = 2.0


def _resolve(host: str, port: int) -> list[tuple[Any, ...]] | None:
    """``socket.getaddrinfo(host, port)`` for TCP, called once and waited for at most
    :data:`PROBE_TIMEOUT_S` (in a daemon thread, as getaddrinfo takes no timeout); None when
    the resolver has not answered by then. Raises ``socket.gaierror`` when it answered that the
    host cannot be resolved."""
    answer: list[Any] = []

    def run() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            answer.append(exc)

    thread = threading.Thread(target=run, name="rolefit-scheduler-resolve", daemon=True)
    thread.start()
    thread.join(PROBE_TIMEOUT_S)
    if not answer:
        return None  # a slow resolver: left to the client and its connect timeout
    if isinstance(answer[0], OSError):
        raise answer[0]
    return answer[0]


def _refuses_at_once(address: str) -> None:
    """Raise OSError when a ``tcp://host:port`` (or ``host:port``) address fails at once: its
    host does not resolve (``socket.gaierror``, e.g. ``no-such-host.invalid``) or it refuses a
    TCP connection (ConnectionRefusedError). Dask's client retries both until its connect
    timeout (:data:`CONNECT_TIMEOUT_S`), so a mistyped host or port cost half a minute before
    RF607. Anything else (another protocol, a resolver or host slower than
    :data:`PROBE_TIMEOUT_S`, an open port) is left to the client."""
    scheme, sep, rest = address.rpartition("://")
    if (sep and scheme != "tcp") or not rest:
        return
    host, _, port = rest.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        return
    last: OSError | None = None  # as socket.create_connection: each address in turn, the last error
    for family, kind, proto, _name, sockaddr in _resolve(host, int(port)) or ():
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(PROBE_TIMEOUT_S)
                sock.connect(sockaddr)
            return  # open: the client takes it from here
        except OSError as exc:
            last = exc
    if isinstance(last, ConnectionRefusedError):
        raise last


class SchedulerUnavailable(Exception):
    """The scheduler cannot be used (not installed, not reachable, no workers)."""


class Session:
    """A connection to the cluster at ``address``, opened before the inputs are listed.

    Connecting submits ``prepare(config)`` to every worker known at that moment (pinned to
    it), so each loads and warms its engine at once, in parallel, while this process lists
    the inputs and checks what a resumed run can keep. :meth:`iter_rows` then runs the chunks.
    Use as a context manager (leaving it closes the connection).
    """

    def __init__(self, address: str, config: Any, prepare: Callable[[Any], Any] | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SchedulerUnavailable(
                "--scheduler needs Dask distributed: pip install 'rolefit[dask]'."
            ) from None
        try:
            _refuses_at_once(address)  # an unknown host or closed port answers at once: no 30 s wait for Dask's retries
            self.client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnavailable(
                f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}). Start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS --preload rolefit.batch.preload`, or check the address."
            ) from None
        try:
            workers = list(self.client.scheduler_info().get("workers", {}))
            self.n_workers = max(len(workers), 1)
            self.config = self.client.scatter(config, broadcast=True)
            self.batch_size = config.batch_size
            # submitted first, so each worker runs its own before any chunk; a failure (e.g. a
            # model the worker cannot read) surfaces again in the chunks, with the chunk's
            # context; kept referenced until the end, so the scheduler does not cancel them
            self._warmed = [
                self.client.submit(prepare, self.config, workers=[w], allow_other_workers=False, pure=False)
                for w in (workers if prepare is not None else ())
            ]
        except BaseException:
            self.client.close()
            raise

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._warmed = []
        self.client.close()

    def iter_rows(
        self, items: list[tuple[str, str]], process_chunk: Callable[..., list[Any]], *args: Any
    ) -> Iterator[Any]:
        """Rows of ``items``, ``process_chunk(chunk, config, *args)`` on the workers, in input order."""

        def submit(chunk: list[tuple[str, str]]) -> Any:
            return self.client.submit(process_chunk, chunk, self.config, *args, pure=False)

        yield from iter_chunks(items, self.batch_size, submit, 2 * self.n_workers + 1, self.n_workers)


#: Chunks near the end of a batch shrink to this share of ``batch_size`` at least.
MIN_CHUNK_SHARE: Final = 1 / 8


def chunk_sizes(n_items: int, size: int, workers: int) -> Iterator[int]:
    """Sizes of the chunks ``n_items`` are cut into: ``size`` while there is plenty left, then
    shrinking (guided self-scheduling: the rest divided by twice the number of workers, at
    least ``size * MIN_CHUNK_SHARE``), so the last chunks end close together on every worker
    instead of one worker finishing a full chunk alone."""
    smallest = max(1, int(size * MIN_CHUNK_SHARE))
    left = n_items
    while left > 0:
        step = min(left, size, max(smallest, -(-left // (2 * workers))))
        yield step
        left -= step


def iter_chunks(
    items: list[tuple[str, str]], size: int, submit: Callable[[list[tuple[str, str]]], Any], in_flight: int,
    workers: int = 1,
) -> Iterator[Any]:
    """Submit chunks (:func:`chunk_sizes`), at most ``in_flight`` outstanding; yield their rows
    in input order (``submit(chunk)`` returns a future whose ``result()`` is the chunk's rows)."""
    futures: deque[Any] = deque()
    start = 0
    for step in chunk_sizes(len(items), size, workers):
        futures.append(submit(items[start : start + step]))
        start += step
        if len(futures) >= in_flight:
            yield from futures.popleft().result()
    while futures:
        yield from futures.popleft().result()
