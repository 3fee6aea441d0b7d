"""`aurora-migrate validate performance` and `aurora-migrate capture-workload`: replay a workload on both sides and
flag what got slower (or returns other rows); build a workload from the source's own statistics."""

from __future__ import annotations

import os
from pathlib import Path

import click

from converters.rewrite import convert_query
from migrate.cli.common import exits, progress, project_option, report_formats, settings_from
from migrate.cli.render.console import print_files, spinner, verbatim
from migrate.cli.render.project import print_workload_captured
from migrate.engines import connect, endpoint_url
from migrate.errors import ConfigError, InputError
from migrate.model import Severity
from validators.performance.capture import capture
from validators.performance.report import FORMATS, to_text, write_reports
from validators.performance.runner import Conversion, Converter, RunOptions, run_workload
from validators.performance.workload import read_workload, write_workload

# conversion findings at or above this severity mean the converted text cannot be trusted to mean the same thing:
# the query is reported, not timed (a timing of a different query would be a silent wrong answer)
BLOCKING = Severity.HIGH


def converter_for(source_engine: str) -> Converter:
    """The project's converter, for one source engine, as the runner takes it."""

    def convert(sql: str) -> Conversion:
        converted = convert_query(sql, source_engine)
        notes = tuple(f"{f.rule_id}: {f.message}" for f in converted.findings)
        blocking = "; ".join(f"{f.rule_id}: {f.message}" for f in converted.findings if f.severity >= BLOCKING)
        return Conversion(converted.sql, notes, blocking)

    return convert


def _formats(value: str) -> tuple[str, ...]:
    return report_formats(value, FORMATS)


@click.command("performance")
@project_option
@click.option("--source", "source_url", default=None, help="Source database URL (overrides source.url).")
@click.option("--target", "target_url", default=None, help="Target PostgreSQL URL (overrides target.url).")
@click.option(
    "--workload",
    type=click.Path(path_type=Path),
    required=True,
    help="Workload file (SQL with -- name: markers) or a folder of them, in the source dialect.",
)
@click.option(
    "--iterations",
    type=click.IntRange(1, 100_000),
    default=10,
    show_default=True,
    help="Timed runs per query and side.",
)
@click.option("--warmup", type=click.IntRange(0, 1000), default=2, show_default=True, help="Untimed runs first.")
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=1, show_default=True, help="Sessions per side running at once."
)
@click.option(
    "--threshold",
    type=click.FloatRange(1.0, min_open=True),
    default=1.5,
    show_default=True,
    help="Flag a query whose target p50 is more than this many times the source's.",
)
@click.option(
    "--min-ms",
    type=click.FloatRange(0.0),
    default=1.0,
    show_default=True,
    help="... and at least this many milliseconds slower (below it timing noise dominates).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.001),
    default=30.0,
    show_default=True,
    help="Seconds per execution before it is stopped.",
)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Also run INSERT/UPDATE/DELETE/MERGE, each inside a transaction that is rolled back.",
)
@click.option(
    "--no-explain", is_flag=True, help="Skip EXPLAIN ANALYZE (it runs each query once more per PostgreSQL side)."
)
@click.option("--format", "formats", default="text", show_default=True, help="Reports to write: text,json,html,junit.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the reports.")
@exits
def performance_command(
    project: Path | None,
    source_url: str | None,
    target_url: str | None,
    workload: Path,
    iterations: int,
    warmup: int,
    concurrency: int,
    threshold: float,
    min_ms: float,
    timeout: float,
    allow_writes: bool,
    no_explain: bool,
    formats: str,
    out: Path | None,
) -> int:
    """Replay a workload on source and target; exit 0 nothing flagged, 1 slower or different rows, 2 could not run."""
    chosen = _formats(formats)
    if any(f != "text" for f in chosen) and out is None:
        raise ConfigError("--format html/json/junit writes files: say where", "add --out DIR")
    settings = settings_from(project, {"source.url": source_url, "target.url": target_url})
    source = endpoint_url(settings.source, settings.aws, os.environ, "source")
    target = endpoint_url(settings.target, settings.aws, os.environ, "target")
    if target.engine != "postgresql":
        raise ConfigError(f"the target must be PostgreSQL, not {target.engine}", "pass --target postgresql://...")
    loaded = read_workload(workload)
    options = RunOptions(
        iterations=iterations,
        warmup=warmup,
        concurrency=concurrency,
        threshold=threshold,
        min_difference_ms=min_ms,
        timeout_s=timeout,
        allow_writes=allow_writes,
        explain=not no_explain,
    )
    with progress("running the workload") as update:
        report = run_workload(source, target, loaded, converter_for(source.engine), options, update)
    verbatim([to_text(report)])
    if out is not None:
        print_files(write_reports(report, out, (*tuple(f for f in chosen if f != "text"), "text")))
    return report.exit_code


@click.command("capture-workload")
@project_option
@click.option("--source", "source_url", default=None, help="Source database URL (overrides source.url).")
@click.option(
    "--top",
    type=click.IntRange(1, 10_000),
    default=20,
    show_default=True,
    help="Statements to keep, most total time first.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Workload file to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing --out file.")
@exits
def capture_workload(project: Path | None, source_url: str | None, top: int, out: Path, force: bool) -> int:
    """Build a workload file from the source's statistics (pg_stat_statements, V$SQL, Query Store / plan cache)."""
    if out.exists() and not force:
        raise InputError(f"{out} already exists", "pass --force to overwrite it, or choose another --out")
    settings = settings_from(project, {"source.url": source_url})
    source = endpoint_url(settings.source, settings.aws, os.environ, "source")
    with connect(source, read_only=True) as conn, spinner("reading the source's statement statistics..."):
        queries = capture(conn, source.engine, top)
    if queries:
        write_workload(queries, out)
    print_workload_captured(len(queries), sum(1 for q in queries if q.todo), out)
    return 0 if queries else 1
