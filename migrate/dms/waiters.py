"""Waiters boto3 lacks: full load complete, and CDC drained.

CDC is drained when the last K CloudWatch samples of CDCLatencySource and CDCLatencyTarget are all
under the bound (K consecutive one-minute datapoints) and the per-table change counters did not move
between two reads: nothing is in flight and nothing new arrived. The loops take `sleep` and `clock`
so tests run them without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from migrate.errors import AwsError

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], None]


def wait_for(
    read: Callable[[], T],
    done: Callable[[T], bool],
    *,
    timeout: float,
    interval: float,
    what: str,
    sleep: Sleep | None = None,
    clock: Clock = time.monotonic,
    describe: Callable[[T], str] = lambda _state: "",
) -> T:
    """Read until `done` says so (it may raise to stop early); AwsError after `timeout` seconds."""
    deadline = clock() + timeout
    while True:
        state = read()
        if done(state):
            return state
        if clock() + interval > deadline:
            last = describe(state)
            raise AwsError(
                f"gave up waiting for {what} after {timeout:g} s" + (f": {last}" if last else ""),
                "run the command again with a longer --timeout, or check 'aurora-migrate dms status'",
            )
        (sleep or time.sleep)(interval)  # looked up per call so tests can replace time.sleep


@dataclass(frozen=True)
class DrainSample:
    latency_source: tuple[float, ...]  # the last K datapoints, oldest first (seconds)
    latency_target: tuple[float, ...]
    counters: dict[str, tuple[int, ...]] | None  # table -> (inserts, updates, deletes, ddls, full-load rows)

    def latency_ok(self, bound: float, samples: int) -> bool:
        series = (self.latency_source, self.latency_target)
        return all(len(s) >= samples and max(s[-samples:]) <= bound for s in series)

    def explain(self, bound: float, samples: int) -> str:
        def show(values: tuple[float, ...]) -> str:
            return ", ".join(f"{v:g}" for v in values[-samples:]) or "no datapoints"

        return (
            f"CDCLatencySource [{show(self.latency_source)}] s, CDCLatencyTarget [{show(self.latency_target)}] s "
            f"(need {samples} samples <= {bound:g} s)"
        )


def cdc_drained(
    read: Callable[[bool], DrainSample],
    *,
    max_latency: float,
    samples: int,
    timeout: float,
    interval: float,
    sleep: Sleep | None = None,
    clock: Clock = time.monotonic,
    progress: Callable[[str], None] = lambda _m: None,
) -> DrainSample:
    """`read(with_counters)` returns the latest latency series, and table counters when asked."""
    previous: list[dict[str, tuple[int, ...]] | None] = [None]

    def done(sample: DrainSample) -> bool:
        progress(sample.explain(max_latency, samples))
        if not sample.latency_ok(max_latency, samples):
            previous[0] = None
            return False
        if previous[0] is None or sample.counters is None:
            previous[0] = sample.counters
            return False
        stable = sample.counters == previous[0]
        previous[0] = sample.counters
        return stable

    def take() -> DrainSample:
        first = read(False)
        return read(True) if first.latency_ok(max_latency, samples) else first

    return wait_for(
        take,
        done,
        timeout=timeout,
        interval=interval,
        what="CDC to drain",
        sleep=sleep,
        clock=clock,
        describe=lambda s: (
            s.explain(max_latency, samples) + ("" if s.counters is None else "; table changes still arriving")
        ),
    )


FINISHED_STOP_REASONS = ("FULL_LOAD_ONLY_FINISHED", "Stop Reason FULL_LOAD_ONLY_FINISHED")


def full_load_done(state: dict[str, Any]) -> bool:
    """True once every table is loaded; raises when the task failed or stopped for another reason."""
    status = state.get("status", "")
    stats = state.get("stats") or {}
    failure = state.get("failure", "")
    if status == "failed" or int(stats.get("TablesErrored") or 0) > 0:
        raise AwsError(
            f"DMS {state.get('name', 'task')} {status}: {failure or str(stats.get('TablesErrored')) + ' table(s) errored'}",
            "'aurora-migrate dms status' lists the failing tables; fix the cause (CloudWatch logs of the task), "
            "then 'dms reload TABLES' or 'dms start'",
        )
    loading = int(stats.get("TablesLoading") or 0) + int(stats.get("TablesQueued") or 0)
    finished = int(stats.get("FullLoadProgressPercent") or 0) >= 100 and loading == 0
    if status == "stopped":
        reason = state.get("stop_reason", "")
        if any(r in reason for r in FINISHED_STOP_REASONS):
            return True
        raise AwsError(
            f"DMS {state.get('name', 'task')} stopped before the full load finished: {reason or 'no stop reason'}"
            + (f" ({failure})" if failure else ""),
            "start it again with 'aurora-migrate dms start' (it resumes), after fixing the cause above",
        )
    return finished and bool(stats.get("FullLoadFinishDate"))
