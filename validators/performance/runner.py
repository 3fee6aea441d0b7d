"""The library entry point: `run_workload(source, target, workload, convert, options)` -> PerformanceReport.

Each query is bound to its parameter values, converted to PostgreSQL (by the `convert` the caller hands in: the
project's converter), then run on both sides: warm-up runs, then N timed runs (alternating source and target, so
a burst of load on this machine hits both alike; with --concurrency, N runs spread over that many sessions per
side), one EXPLAIN ANALYZE on each PostgreSQL side, and a hash of the rows. A query that cannot be bound,
converted, or run, or that times out, is reported as such and the rest of the workload runs.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from migrate.engines import DatabaseUrl
from migrate.errors import MigrateError
from validators.performance import plans
from validators.performance.result import PerformanceReport, QueryResult, SideRun
from validators.performance.sessions import EXPLAIN_JSON, SAMPLE_ROWS, SideSessions, Timeout, result_hash, sample
from validators.performance.workload import Workload, WorkloadQuery, bind

# statement kinds that change data or take row locks: refused unless --allow-writes (then rolled back)
WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Into, exp.Lock, exp.Create, exp.Drop, exp.Alter)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Conversion:
    """The converter's answer for one query: the PostgreSQL text, its notes, and why it cannot run ("" = it can)."""

    sql: str
    notes: tuple[str, ...] = ()
    blocking: str = ""


Converter = Callable[[str], Conversion]


@dataclass(frozen=True)
class RunOptions:
    iterations: int = 10
    warmup: int = 2
    concurrency: int = 1
    threshold: float = 1.5  # target p50 / source p50 beyond which a query is a regression
    min_difference_ms: float = 1.0  # ... and slower by at least this much (below it, timing noise dominates)
    timeout_s: float = 30.0  # per execution, each side
    allow_writes: bool = False
    explain: bool = True


def run_workload(
    source_url: DatabaseUrl,
    target_url: DatabaseUrl,
    workload: Workload,
    convert: Converter,
    options: RunOptions,
    progress: Progress = lambda done, total, label: None,
) -> PerformanceReport:
    started = time.monotonic()
    report = PerformanceReport(
        source_url.masked,
        target_url.masked,
        settings=asdict(options),
        started=dt.datetime.now(dt.UTC).isoformat(),
        problems=list(workload.problems),
    )
    if not workload.queries:
        if not report.problems:
            report.problems.append("the workload holds no query")
        return report
    sides: list[SideSessions] = []
    try:
        for role, url in (("source", source_url), ("target", target_url)):  # read-only unless writes are allowed
            sides.append(SideSessions(role, url, options.concurrency, options.timeout_s, options.allow_writes))
    except MigrateError as exc:
        report.problems.append(exc.message)
        for side in sides:
            side.close()
        report.elapsed = time.monotonic() - started
        return report
    try:
        for done, query in enumerate(workload.queries, 1):
            progress(done - 1, len(workload.queries), query.name)
            prepared = _prepare(query, sides[0].dialect, convert, options)
            if not prepared.result.problems:
                _measure(prepared, sides[0], sides[1], options)
            _judge(prepared.result, options)
            report.queries.append(prepared.result)
        progress(len(workload.queries), len(workload.queries), "")
    except KeyboardInterrupt:
        for side in sides:  # stop what runs on the servers now, not at its statement timeout
            side.cancel()
        raise
    finally:
        for side in sides:
            side.close()
    report.elapsed = time.monotonic() - started
    return report


@dataclass
class _Prepared:
    result: QueryResult
    writes: bool = False


def _prepare(query: WorkloadQuery, dialect: str, convert: Converter, options: RunOptions) -> _Prepared:
    result = QueryResult(query.name, query.sql, where=query.where, note=query.note)
    prepared = _Prepared(result)
    if query.problem:
        result.problems.append(query.problem)
        return prepared
    try:
        result.source_run_sql = bind(query.sql, query.params, dialect)
    except ValueError as exc:
        result.problems.append(str(exc) + (f" ({query.todo})" if query.todo else ""))
        return prepared
    prepared.writes = is_write(result.source_run_sql, dialect)
    if prepared.writes and not options.allow_writes:
        result.problems.append(
            "changes data or locks rows: not run (pass --allow-writes to run it inside a transaction that is "
            "rolled back)"
        )
        return prepared
    try:
        conversion = convert(result.source_run_sql)
    except Exception as exc:  # the converter never raises by contract; a bug must cost one query, not the run
        conversion = Conversion(result.source_run_sql, blocking=f"converter failed: {type(exc).__name__}: {exc}")
    result.target_sql = conversion.sql
    result.conversion_notes = list(conversion.notes)
    if conversion.blocking:
        result.problems.append(f"did not convert with certainty: {conversion.blocking}")
    ordered = has_order_by(conversion.sql)
    result.source.ordered = result.target.ordered = ordered
    return prepared


def is_write(sql: str, dialect: str) -> bool:
    """Whether a statement changes data or takes locks (a data-modifying CTE and SELECT ... FOR UPDATE count).
    Text that does not parse counts as a write unless it starts with SELECT or WITH."""
    try:
        trees = sqlglot.parse(sql, read=dialect)
    except SqlglotError:
        return sql.lstrip("( \n\t").split(None, 1)[0].lower() not in ("select", "with") if sql.strip() else False
    return any(tree is not None and (tree.find(*WRITES) is not None or isinstance(tree, exp.Command)) for tree in trees)


def has_order_by(sql: str) -> bool:
    """Whether the statement's outermost query orders its rows (then row order is part of the result)."""
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except SqlglotError:
        return False
    return isinstance(tree, exp.Query) and tree.args.get("order") is not None


def _measure(query: _Prepared, source: SideSessions, target: SideSessions, options: RunOptions) -> None:
    result = query.result
    texts = {"source": result.source_run_sql, "target": result.target_sql}
    runs = {"source": result.source, "target": result.target}
    _round(query, (source, target), texts, runs, options, options.warmup)
    if not result.source.error and not result.target.error and slower(result.source, result.target, options):
        # seen slower once: measure again before saying so, so one burst of load on either side is not a verdict
        _round(query, (source, target), texts, runs, options, 0)
        result.confirmed = True
    for side in (source, target):
        run = runs[side.role]
        if run.error:
            continue
        _plan(side, texts[side.role], run, query.writes, options)


def _round(
    query: _Prepared,
    sides: tuple[SideSessions, SideSessions],
    texts: dict[str, str],
    runs: dict[str, SideRun],
    options: RunOptions,
    warmup: int,
) -> None:
    if options.concurrency == 1:
        for i in range(warmup + options.iterations):
            for side in sides:
                _once(side, texts[side.role], runs[side.role], 0, query.writes, timed=i >= warmup)
    else:
        for side in sides:
            _concurrently(side, texts[side.role], runs[side.role], query.writes, options, warmup)


def slower(source: SideRun, target: SideRun, options: RunOptions) -> bool:
    """Slower beyond the threshold by three measures that load on this machine moves differently: the medians, the
    fastest runs (load only ever adds time), and the median of the paired runs (source and target run back to
    back, so a slow spell slows both) -- and by at least min_difference_ms."""
    s50, t50 = source.p50, target.p50
    if not s50 or not t50 or t50 - s50 < options.min_difference_ms:
        return False
    ratios = [t50 / s50, min(target.latencies_ms) / max(min(source.latencies_ms), 1e-6)]
    if options.concurrency == 1 and len(source.latencies_ms) == len(target.latencies_ms):
        ratios.append(statistics.median(t / max(s, 1e-6) for s, t in zip(source.latencies_ms, target.latencies_ms)))
    return all(r > options.threshold for r in ratios)


def _once(side: SideSessions, sql: str, run: SideRun, session: int, write: bool, timed: bool) -> None:
    if run.error:
        return  # a side that failed once is not run again for this query
    try:
        elapsed, rows = side.run(sql, session, write)
    except MigrateError as exc:
        run.error = exc.message.splitlines()[0]
        run.timed_out = isinstance(exc, Timeout)
        return
    except Exception as exc:  # a driver error outside the engine's wrapping, or a bug: one query, not the run
        run.error = f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return
    if run.rows is None:  # the first execution's rows are the result compared
        run.rows = len(rows)
        run.result_hash, run.set_hash = result_hash(rows, run.ordered)
        run.sample = sample(rows)
    if timed:
        run.latencies_ms.append(elapsed)


def _concurrently(side: SideSessions, sql: str, run: SideRun, write: bool, options: RunOptions, warmup: int) -> None:
    for _ in range(warmup):
        _once(side, sql, run, 0, write, timed=False)
    workers = options.concurrency

    def worker(session: int) -> None:  # each worker owns one session: a session never runs two statements at once
        for _ in range(session, options.iterations, workers):
            _once(side, sql, run, session, write, timed=True)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"{side.role}-session") as pool:
        list(pool.map(worker, range(workers)))


def _plan(side: SideSessions, sql: str, run: SideRun, write: bool, options: RunOptions) -> None:
    if side.engine not in EXPLAIN_JSON or not options.explain:
        run.plan_text = side.plan_text(sql)
        return
    try:
        document = side.explain(sql, write)
    except MigrateError as exc:
        run.plan_text = f"EXPLAIN failed: {exc.message.splitlines()[0]}"
        return
    if document is None:
        return
    run.plan = plans.summarise(document)
    relations = sorted({n["relation"] for n in run.plan["nodes"] if n["node"] == "Seq Scan" and n["relation"]})
    try:
        indexed = side.indexed_columns(relations)
    except MigrateError:
        indexed = {}
    run.observations = plans.observe(run.plan, indexed)


def _judge(result: QueryResult, options: RunOptions) -> None:
    source, target = result.source, result.target
    if result.problems:
        result.status, result.summary = "error", result.problems[0]
        return
    failed = [f"{role}: {run.error}" for role, run in (("source", source), ("target", target)) if run.error]
    if failed:  # shown with each side's measurements; the summary names both
        result.status, result.summary = "error", "; ".join(failed)
        return
    s50, t50 = source.p50 or 0.0, target.p50 or 0.0
    result.ratio = round(t50 / s50, 3) if s50 > 0 else None
    is_slower = slower(source, target, options)
    if source.rows != target.rows or source.result_hash != target.result_hash:
        result.status = "mismatch"
        result.summary = _mismatch(source, target)
        result.differences = differing_rows(source, target)
    elif is_slower:
        result.status = "regression"
        result.summary = f"{result.ratio:.1f}x slower: p50 {s50:.2f} ms -> {t50:.2f} ms (seen in 2 rounds)"
    else:
        result.status = "ok"
        result.summary = f"p50 {s50:.2f} ms -> {t50:.2f} ms" + (f" ({result.ratio:.2f}x)" if result.ratio else "")
    if is_slower:
        result.causes = plans.regression_causes(source.plan, target.plan, target.observations, source.observations) or [
            plans.cause("PERF-SLOWER-001", detail=_plans_compared(source, target))
        ]


def _mismatch(source: SideRun, target: SideRun) -> str:
    if source.rows != target.rows:
        return f"different results: {source.rows} rows on the source, {target.rows} on the target"
    if source.set_hash == target.set_hash:
        return (
            "same rows in a different order: the ORDER BY leaves ties (add a unique key to it) or the sides "
            "sort text by different collations"
        )
    return f"different results: {source.rows} rows on each side, but their values differ"


def differing_rows(source: SideRun, target: SideRun, limit: int = 10) -> list[str]:
    """Up to `limit` rows one side returned and the other did not, from the first SAMPLE_ROWS rows of each."""
    if max(source.rows or 0, target.rows or 0) > SAMPLE_ROWS:
        return []  # a sample of a larger result would name rows that are only beyond the other side's sample
    only_source, only_target = Counter(source.sample), Counter(target.sample)
    only_source.subtract(target.sample)
    only_target.subtract(source.sample)
    lines = [
        f"only in {side}: ({', '.join(_shown(v) for v in row)})"
        for side, rows in (("source", only_source), ("target", only_target))
        for row, n in rows.items()
        for _ in range(max(0, n))
    ]
    return lines[:limit]


def _shown(value: str) -> str:
    return "NULL" if value == "\x00" else repr(value)


def _plans_compared(source: SideRun, target: SideRun) -> str:
    if source.plan is None or target.plan is None:
        return "the source plan is not comparable node by node"
    shape = [n["node"] for n in source.plan["nodes"]] == [n["node"] for n in target.plan["nodes"]]
    return "same plan shape on both sides" if shape else "the plans differ in shape"
