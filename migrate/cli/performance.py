"""`aurora-migrate validate performance` and `aurora-migrate capture-workload`: replay a workload on both sides and
flag what got slower (or returns other rows); build a workload from the source's own statistics."""

from __future__ import annotations

import os
from pathlib import Path

import click

from migrate.cli.common import exits, progress, project_option, report_formats, settings_from
from migrate.cli.render.console import spinner
from migrate.cli.render.project import print_workload_captured
from migrate.cli.render.tasks import print_performance
from migrate.errors import ConfigError, InputError
from migrate.tasks.performance import capture_source_workload, replay_workload
from validators.performance.report import FORMATS
from validators.performance.runner import RunOptions


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
    run = replay_workload(settings, workload, options, os.environ, out, chosen, progress)
    print_performance(run)
    return run.exit_code


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
    with spinner("reading the source's statement statistics..."):
        count, todo = capture_source_workload(settings, os.environ, top, out)
    print_workload_captured(count, todo, out)
    return 0 if count else 1
