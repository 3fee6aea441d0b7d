"""Converting a schema's view queries on every core while the main process converts the tables.

Parsing, rewriting and generating a view's query is most of a conversion's time (about 80% on a schema with
one view per ten statements), and each query converts on its own: the result depends only on the query text,
the source engine and the run's options, never on what was converted before it. So the queries go to worker
processes as soon as the run starts, and `DdlContext.query` takes each result when the view's turn comes.
The output is the same, object for object and finding for finding, as a one-process run (a test holds that).

Workers are forked (they inherit the loaded modules and the run's context, nothing is imported or pickled on
the way in); where fork is not available, or the schema is small, everything stays in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from converters.rewrite import Rewritten
from migrate.model import Location

if TYPE_CHECKING:
    from converters.ddl_context import DdlContext

# a query to convert: its text, object kind, object name and location (DdlContext.query's arguments)
QueryKey = tuple[str, str, str, "Location | None"]

# Fewer queries than this convert faster in one process than the workers take to start and return.
MIN_QUERIES = 64
CHUNK = 16  # queries per task: small enough to share the work evenly, big enough to keep the overhead low

_context: DdlContext | None = None  # the run's context, set before the fork: the workers' copy is what they use


def default_jobs() -> int:
    """Worker processes when the user does not say: one per core this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


class QueryPool:
    """Queries converting in worker processes; `take` returns one result (waiting for it if needed), or None
    when the workers could not deliver it (a worker died): the caller then converts the query itself."""

    def __init__(self, ctx: DdlContext, keys: list[QueryKey], jobs: int) -> None:
        global _context
        _context = ctx  # before the first submit: each worker is forked from this state
        chunks = [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork")
        )
        self._futures: list[tuple[list[QueryKey], Future[list[Rewritten]]]] = [
            (chunk, self._executor.submit(_convert_chunk, chunk)) for chunk in chunks
        ]
        self._results: dict[QueryKey, list[Rewritten]] = {}

    def take(self, key: QueryKey) -> Rewritten | None:
        while not self._results.get(key) and self._futures:
            chunk, future = self._futures.pop(0)
            try:
                results = future.result()
            except Exception:  # a worker died or failed: this chunk is converted in the main process instead
                continue
            for each, result in zip(chunk, results, strict=True):
                self._results.setdefault(each, []).append(result)
            if not self._futures:
                self.close()
        found = self._results.get(key)
        return found.pop(0) if found else None

    def close(self) -> None:
        global _context
        for _chunk, future in self._futures:
            future.cancel()
        self._futures = []
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        _context = None


def start(ctx: DdlContext, keys: Iterable[QueryKey], jobs: int | None) -> QueryPool | None:
    """Workers converting `keys`, or None when one process is the better choice."""
    wanted = list(keys)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 2 or len(wanted) < MIN_QUERIES or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return QueryPool(ctx, wanted, jobs)


def _convert_chunk(keys: list[QueryKey]) -> list[Rewritten]:
    assert _context is not None, "worker started without a conversion context"
    return [_context.convert(*key) for key in keys]
