"""The library entry point: `validate(source, target, options)` -> ValidationReport (+ .dataframe()).

Opens both sides read-only, pairs the tables, then runs the asked checks table by table on
`threads` workers (each with one connection per side, both sides queried at once). A problem with
one table becomes that table's result; only a problem that stops everything (a database that cannot
be reached, a filter that does not parse) is a run-level problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot.errors import ParseError

from migrate.engines import DatabaseUrl
from migrate.errors import MigrateError
from migrate.model import ConversionResult, Inventory
from validators.aggregates import aggregate_table
from validators.checkpoint import Checkpoint
from validators.checksum import checksum_table
from validators.counts import count_table, estimate_table, estimates
from validators.normalize import Policy, normalisers_for
from validators.normalize.base import CANONICAL_FORM
from validators.result import CheckResult, ValidationReport
from validators.side import Side, SidePair
from validators.tables import Catalog, Pairing, TablePair, catalog_from_inventory, pair_tables, read_catalog

CHECKS = ("counts", "checksums", "aggregates", "schema")
Progress = Callable[..., None]  # (tables done, tables, label)
TableProgress = Callable[[str, str], None]  # (table, what it is doing now; "" when finished)


@dataclass(frozen=True)
class ValidationOptions:
    checks: tuple[str, ...] = ("counts", "checksums")
    patterns: tuple[str, ...] = ()
    where: str = ""  # a filter in PostgreSQL syntax, translated for each side
    threads: int = 4
    out: Path | None = None
    resume: bool = False
    estimate: bool = False
    group_by: str = ""
    policy: Policy = field(default_factory=Policy)
    segment_rows: int = 1_000  # rows per top-level segment: all are hashed in one scan, so small is cheap
    leaf_rows: int = 10_000
    fast: bool = True  # the same-engine fast path when both sides are PostgreSQL
    inventory: Inventory | None = None
    conversion: ConversionResult | None = None
    schema_map: dict[str, str] = field(default_factory=dict)


def translate_filter(where: str, dialects: tuple[str, str]) -> tuple[str, str]:
    """The filter for each side's dialect; a filter that does not parse stops the run."""
    if not where.strip():
        return "", ""
    try:
        expression = sqlglot.parse_one(where, read="postgres")
    except ParseError as exc:
        first = str(exc).splitlines()[0]
        raise ValueError(f"--where {where!r} does not parse: {first}") from None
    return expression.sql(dialect=dialects[0]), expression.sql(dialect=dialects[1])


def validate(
    source_url: DatabaseUrl,
    target_url: DatabaseUrl,
    options: ValidationOptions,
    progress: Progress = lambda *a, **k: None,
    on_table: TableProgress = lambda table, state: None,
) -> ValidationReport:
    started = time.monotonic()
    report = ValidationReport(source_url.masked, target_url.masked, started=dt.datetime.now(dt.UTC).isoformat())
    engines = (source_url.engine, target_url.engine)
    policy = options.policy.resolved(engines)
    norms = normalisers_for(*engines, fast=options.fast, float_digits=policy.float_digits or 15)
    try:
        where = translate_filter(options.where, (norms[0].dialect, norms[1].dialect))
        sides = SidePair(Side("source", source_url, norms[0]), Side("target", target_url, norms[1]))
        try:
            source_catalog, target_catalog = _catalogs(sides, options.inventory)
            found_estimates = estimates(sides) if options.estimate and "counts" in options.checks else None
            schema_results = _schema(sides, source_catalog, target_catalog, options)
        finally:
            report.retries += sides.take_retries()  # reading the catalogs and comparing the schemas
            sides.close()
    except (MigrateError, ValueError) as exc:
        report.problems.append(str(exc))
        report.elapsed = time.monotonic() - started
        return report
    pairing = Pairing(options.patterns, options.schema_map, options.conversion)
    pairs = pair_tables(source_catalog, target_catalog, pairing, engines, norms[0])
    if not pairs:
        report.problems.append("no tables to compare: check --tables and the schemas on both sides")
    # what the checkpoint's checksums depend on: a resume with other sides, filter, hashing or policies starts afresh
    hashing = f"{CANONICAL_FORM}|{type(norms[0]).__name__}|{type(norms[1]).__name__}|{policy!r}"
    fingerprint = hashlib.sha256(f"{source_url.masked}|{target_url.masked}|{where}|{hashing}".encode()).hexdigest()[:16]
    checkpoint = Checkpoint(options.out, options.resume, fingerprint)
    report.checks += schema_results
    work = _TableWork(source_url, target_url, options, policy, where, checkpoint, found_estimates, on_table)
    pool = ThreadPoolExecutor(max_workers=max(1, options.threads), thread_name_prefix="table")
    futures = [pool.submit(work.run, pair) for pair in pairs]
    try:
        for done, future in enumerate(as_completed(futures), 1):
            results = future.result()
            report.checks += results
            progress(done, len(pairs), results[0].table if results else "")
    except KeyboardInterrupt:
        # Ctrl-C: tables not started are dropped, running queries are cancelled on the servers, and the tables
        # in progress end at once; their finished steps are in the checkpoint for --resume
        work.stop_now()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    order = {c: i for i, c in enumerate(CHECKS)}
    report.checks.sort(key=lambda c: (order.get(c.check, 9), c.table))
    report.elapsed = time.monotonic() - started
    return report


def _catalogs(sides: SidePair, inventory: Inventory | None) -> tuple[Catalog, Catalog]:
    if inventory is not None:
        return catalog_from_inventory(inventory), read_catalog(sides.target.connection(), sides.target.normaliser)
    return sides.each(lambda side: read_catalog(side.connection(), side.normaliser))


def _schema(sides: SidePair, source: Catalog, target: Catalog, options: ValidationOptions) -> list[CheckResult]:
    if "schema" not in options.checks:
        return []
    from validators.schema import compare_schema

    return compare_schema(sides, source, target, options)


@dataclass
class _TableWork:
    source_url: DatabaseUrl
    target_url: DatabaseUrl
    options: ValidationOptions
    policy: Policy
    where: tuple[str, str]
    checkpoint: Checkpoint
    estimates: Any
    on_table: TableProgress
    stop: threading.Event = field(default_factory=threading.Event)
    _running: set[SidePair] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def stop_now(self) -> None:
        self.stop.set()
        with self._lock:
            running = list(self._running)
        for sides in running:
            sides.cancel()

    def run(self, pair: TablePair) -> list[CheckResult]:
        checks = [c for c in self.options.checks if c != "schema"]
        if pair.problems:
            status = "differ" if all(p.startswith("missing") for p in pair.problems) else "error"
            return [
                CheckResult(c, pair.name, status, summary="; ".join(pair.problems), problems=list(pair.problems))
                for c in checks
            ]
        results: list[CheckResult] = []
        todo = []
        for check in checks:
            done = self.checkpoint.finished(check, pair.name)
            if done:
                done.notes.append("from the checkpoint (--resume)")
                results.append(done)
            else:
                todo.append(check)
        if not todo:
            return results
        norms = normalisers_for(
            self.source_url.engine, self.target_url.engine, self.options.fast, self.policy.float_digits or 15
        )
        sides = SidePair(
            Side("source", self.source_url, norms[0], self.stop), Side("target", self.target_url, norms[1], self.stop)
        )
        with self._lock:
            self._running.add(sides)
        try:
            for check in todo:
                if self.stop.is_set():
                    break
                self.on_table(pair.name, check)
                result = self._one(check, pair, sides)
                self.checkpoint.save(result)
                results.append(result)
        finally:
            with self._lock:
                self._running.discard(sides)
            sides.close()
            self.on_table(pair.name, "")
        return results

    def _one(self, check: str, pair: TablePair, sides: SidePair) -> CheckResult:
        result = self._checked(check, pair, sides)
        result.retries += sides.take_retries()  # a recovered dropped link is told, even on a match
        return result

    def _checked(self, check: str, pair: TablePair, sides: SidePair) -> CheckResult:
        started = time.monotonic()
        sides.take_retries()  # what an earlier check of this table retried is on that check's result
        try:
            sides.each(lambda side: side.prepare(check))
            return CHECK_RUNNERS[check](self, pair, sides)
        except MigrateError as exc:
            message = exc.message.splitlines()[0] if exc.message else type(exc).__name__
            failed = CheckResult(check, pair.name, "error", summary=message, problems=[exc.message])
        except Exception as exc:  # a bug of ours must not stop the other tables
            failed = CheckResult(check, pair.name, "error", summary=f"internal error: {type(exc).__name__}: {exc}")
        failed.elapsed = time.monotonic() - started
        return failed


def _counts(work: _TableWork, pair: TablePair, sides: SidePair) -> CheckResult:
    if work.estimates is not None:
        return estimate_table(pair, work.estimates)
    return count_table(pair, sides, work.where)


def _checksums(work: _TableWork, pair: TablePair, sides: SidePair) -> CheckResult:
    o = work.options
    return checksum_table(
        pair,
        sides,
        work.policy,
        work.where,
        o.segment_rows,
        o.leaf_rows,
        work.checkpoint,
        lambda state: work.on_table(pair.name, f"checksums: {state}"),
    )


def _aggregates(work: _TableWork, pair: TablePair, sides: SidePair) -> CheckResult:
    return aggregate_table(pair, sides, work.policy, work.where, work.options.group_by)


# check -> what runs it for one table
CHECK_RUNNERS: dict[str, Callable[[_TableWork, TablePair, SidePair], CheckResult]] = {
    "counts": _counts,  # exact COUNT(*) on both sides at once, or the catalog's estimate
    "checksums": _checksums,  # segment hashes, bisected down to the differing keys
    "aggregates": _aggregates,  # per-column count/nulls/min/max/sum
}
