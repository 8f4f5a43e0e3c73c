"""Work over many documents on every core: chunks of documents in forked worker processes.

One mechanism for every per-document pass of the package — counting (:func:`analysis.dtm`),
lexicon matching, attributions, numeric claims, agency. The documents are cut into
consecutive chunks; the first is processed here, then worker processes take the others,
two tasks per worker in flight. Results come back with their chunk number, so a caller
that concatenates them in chunk order gets exactly what one process gives: the result
never depends on ``n_jobs``.

On Linux workers are **forked**: they start in milliseconds, inherit whatever the first
chunk warmed up (compiled patterns, tokeniser tables, caches) and read the documents in
place, copy-on-write, instead of receiving them pickled. Elsewhere they are spawned, and
each task is sent its own slice of the data.
"""

from __future__ import annotations

import gc
import itertools
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from analysis.errors import OptionError
from analysis.progress import progress_bar

__all__ = ["PARALLEL_MIN_DOCS", "available_cores", "resolve_n_jobs", "map_chunks", "map_documents"]

R = TypeVar("R")

#: From this many documents on, ``n_jobs=None`` uses every available core; below it,
#: starting worker processes (about 0.1 s) costs more than it saves.
PARALLEL_MIN_DOCS = 2_000


def available_cores() -> int:
    """The cores this process may run on (its affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_n_jobs(n_jobs: int | None, n_docs: int) -> int:
    """Worker processes to use for ``n_docs`` documents (1 = work in this process).

    Raises
    ------
    OptionError
        If ``n_jobs`` is not None, -1 or an integer >= 1.
    """
    if n_jobs is None:
        return available_cores() if n_docs >= PARALLEL_MIN_DOCS else 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or not (n_jobs == -1 or n_jobs >= 1):
        raise OptionError(
            "n_jobs must be None (automatic), -1 (every core) or an integer >= 1; "
            f"received {n_jobs!r}."
        )
    return available_cores() if n_jobs == -1 else n_jobs


def pool_context() -> Any:
    """fork on Linux (workers start in milliseconds and share the parent's pages
    copy-on-write); elsewhere the platform's default (spawn re-imports the package in
    every worker, about 2 s)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def chunk_bounds(
    n_docs: int, n_jobs: int, *, min_size: int, max_size: int, warm_up: int
) -> list[tuple[int, int]]:
    """Document ranges of the tasks: about four per worker, each ``min_size`` to
    ``max_size`` documents; in parallel the first (processed here before forking) is at
    most ``warm_up`` long."""
    size = min(max_size, max(min_size, math.ceil(n_docs / (4 * n_jobs))))
    first = min(size, warm_up) if n_jobs > 1 else size
    bounds = [(0, min(first, n_docs))] if n_docs else []
    bounds += [(a, min(a + size, n_docs)) for a in range(first, n_docs, size)]
    return bounds


# Data the forked workers read in place: {token: data}, set before the pool forks and
# removed when it is shut down.
_SHARED: dict[int, Any] = {}
_SHARE_TOKENS = itertools.count()


def _run_shared(token: int, func: Callable[..., Any], start: int, stop: int, args: tuple) -> Any:
    return func(_SHARED[token], start, stop, *args)


def _run_sent(func: Callable[..., Any], part: Any, n: int, args: tuple) -> Any:
    return func(part, 0, n, *args)


def _slice(data: Any, start: int, stop: int) -> Any:
    return data[start:stop]


def map_chunks(
    func: Callable[..., R],
    data: Any,
    bounds: Sequence[tuple[int, int]],
    n_jobs: int,
    args: tuple = (),
    *,
    take: Callable[[Any, int, int], Any] = _slice,
) -> Iterator[tuple[int, R]]:
    """``(k, func(data, a, b, *args))`` for every chunk ``k = (a, b)`` of ``bounds``, in the
    order they finish.

    ``func`` must be a module-level function (workers receive it by name). The first chunk
    runs here; with ``n_jobs > 1`` and more than one chunk, the others run in
    ``min(n_jobs, chunks - 1)`` worker processes. Forked workers read ``data`` in place;
    spawned ones are sent ``take(data, a, b)`` and run ``func(part, 0, b - a, *args)``.
    """
    if n_jobs == 1 or len(bounds) <= 1:
        for k, (a, b) in enumerate(bounds):
            yield k, func(data, a, b, *args)
        return
    a, b = bounds[0]
    yield 0, func(data, a, b, *args)
    context = pool_context()
    token = next(_SHARE_TOKENS) if context.get_start_method() == "fork" else None
    if token is not None:
        _SHARED[token] = data
    # Objects the workers inherit are moved out of the collector's reach: a collection in a
    # worker would otherwise write to (and so copy) every page holding them.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=min(n_jobs, len(bounds) - 1), mp_context=context)
    try:
        pending: dict[Future[R], int] = {}
        queue = iter(list(enumerate(bounds))[1:])

        def submit_next() -> None:
            for k, (a, b) in queue:
                if token is not None:
                    future = pool.submit(_run_shared, token, func, a, b, args)
                else:
                    future = pool.submit(_run_sent, func, take(data, a, b), b - a, args)
                pending[future] = k
                return

        # two tasks per worker in flight, so that workers never wait; without fork, the
        # parent then holds only those chunks' slices, not the data a second time
        for _ in range(2 * n_jobs):
            submit_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                k = pending.pop(future)
                submit_next()
                yield k, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        if token is not None:
            _SHARED.pop(token, None)


# Chunk sizes of map_documents: per-document passes of the framing features cost about a
# millisecond a document; 50 to 1,000 documents a task balance two workers and keep the
# progress bar moving.
_DOC_CHUNK_MIN = 50
_DOC_CHUNK_MAX = 1_000
_DOC_WARM_UP = 200


def _apply_range(items: Sequence[tuple], start: int, stop: int, func: Callable[..., list]) -> list:
    out: list = []
    for item in items[start:stop]:
        out.extend(func(*item))
    return out


def map_documents(
    func: Callable[..., list[R]],
    items: Sequence[tuple],
    *,
    n_jobs: int,
    progress: bool | None,
    desc: str,
) -> list[R]:
    """``[row for item in items for row in func(*item)]``, computed on ``n_jobs`` processes.

    ``func`` is a module-level function of one document (e.g. ``(doc_id, text, language)``)
    that returns a list of rows; the rows come back in document order whatever ``n_jobs``.
    A progress bar counts the chunks.
    """
    bounds = chunk_bounds(
        len(items), n_jobs, min_size=_DOC_CHUNK_MIN, max_size=_DOC_CHUNK_MAX, warm_up=_DOC_WARM_UP
    )
    parts: list[list[R] | None] = [None] * len(bounds)
    done = map_chunks(_apply_range, items, bounds, n_jobs, (func,))
    for k, rows in progress_bar(done, desc=desc, unit="chunk", total=len(bounds), enabled=progress):
        parts[k] = rows
    return [row for part in parts if part is not None for row in part]
