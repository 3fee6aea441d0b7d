"""`aurora-migrate dms status | wait | destroy`: watching a replication, and removing what the project made."""

from __future__ import annotations

import time
from typing import Any

import click
from rich.live import Live
from rich.table import Table

from migrate.cli.common import console, emit_json, exits
from migrate.cli.dms_common import Duration, api_for, dms_options, print_calls
from migrate.config import Settings

STATE_STYLE = {"running": "green", "load complete": "green", "stopped": "yellow", "failed": "bold red",
               "ready": "cyan", "Table completed": "green", "Table error": "bold red"}  # fmt: skip


def render_status(status: Any) -> Table:
    from migrate.dms.monitor import explain_stop

    title = f"{status.name}: [{STATE_STYLE.get(status.status, 'white')}]{status.status}[/] ({status.migration_type})"
    stats = status.stats
    caption = [
        f"full load {stats.get('FullLoadProgressPercent', 0)}%: loaded {stats.get('TablesLoaded', 0)}, "
        f"loading {stats.get('TablesLoading', 0)}, queued {stats.get('TablesQueued', 0)}, errored {stats.get('TablesErrored', 0)}",
        f"CDC latency: source {_seconds(status.latency_source)}, target {_seconds(status.latency_target)}"
        + (f" ({status.latency_note})" if status.latency_note else ""),
    ]
    if status.stop_reason:
        why = explain_stop(status.stop_reason)
        caption.append(f"stop reason: {status.stop_reason}" + (f" - {why}" if why else ""))
    for what in status.missing:
        caption.append(f"[yellow]not available:[/] {what}")
    if status.failure:
        caption.append(f"[bold red]failure:[/] {status.failure}")
        caption.append("the task's own error lines: aurora-migrate dms logs")
    table = Table(title=title, caption="\n".join(caption), caption_justify="left")
    for column in ("table", "state", "rows loaded", "inserts", "updates", "deletes", "validation", "errors"):
        table.add_column(column, justify="right" if column not in ("table", "state", "validation") else "left")
    for t in status.tables:
        style = "bold red" if t.errors else STATE_STYLE.get(t.state, "white")
        table.add_row(f"{t.schema}.{t.table}", f"[{style}]{t.state}[/]", f"{t.full_load_rows:,}", f"{t.inserts:,}",
                      f"{t.updates:,}", f"{t.deletes:,}", t.validation, str(t.errors))  # fmt: skip
    return table


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g} s"


def _as_json(status: Any) -> dict[str, Any]:
    data = dict(status.__dict__)
    data["tables"] = [t.__dict__ for t in status.tables]
    return data


@click.command("status")
@dms_options
@click.option("--watch", is_flag=True, help="Refresh until interrupted.")
@click.option("--interval", type=Duration(), default="30s", show_default=True, help="Refresh interval for --watch.")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@exits
def status_command(settings: Settings, dry_run: bool, watch: bool, interval: float, as_json: bool) -> int:
    """Task state and stop reason, per-table progress, CDC latency from CloudWatch."""
    from migrate.dms.monitor import flavor, read_status

    if dry_run:
        kind = flavor(settings)
        console.print(f"read-only: {kind.describe}, {kind.table_stats}, cloudwatch GetMetricStatistics (AWS/DMS)")
        return 0
    api = api_for(settings)
    status = read_status(api, settings)
    if as_json:
        emit_json(_as_json(status))
    elif not watch:
        console.print(render_status(status))
    else:
        with Live(render_status(status), console=console, refresh_per_second=1) as live:
            while True:
                time.sleep(interval)
                status = read_status(api, settings)
                live.update(render_status(status))
    return 1 if status.status == "failed" or status.failure else 0


@click.command("wait")
@dms_options
@click.argument("condition", type=click.Choice(("ready", "full-load", "cdc-drained")))
@click.option("--max-latency", type=Duration(), default="5s", show_default=True, help="cdc-drained: latency bound.")
@click.option("--samples", type=click.IntRange(1, 60), default=3, show_default=True,
              help="cdc-drained: consecutive one-minute CloudWatch samples that must be under the bound.")  # fmt: skip
@click.option("--timeout", type=Duration(), default="2h", show_default=True, help="Give up after this long (exit 2).")
@click.option("--interval", type=Duration(), default="30s", show_default=True, help="Time between checks.")
def wait_command(settings: Settings, dry_run: bool, condition: str, max_latency: float, samples: int,
                 timeout: float, interval: float) -> None:  # fmt: skip
    """Block until the task is ready to start, the full load is complete, or CDC has drained (for cutover)."""
    from migrate.dms.monitor import drain_reader, flavor, read_status
    from migrate.dms.waiters import cdc_drained, full_load_done, wait_for

    if dry_run:
        console.print(f"read-only: polls {flavor(settings).describe} every {interval:g} s for up to {timeout:g} s")
        return
    api = api_for(settings)
    if condition == "ready":
        from migrate.dms.control import wait_ready

        run = wait_ready(api, settings, timeout, interval)
        console.print(f"[green]{run.get('Status')}[/]: 'aurora-migrate dms start' can run")
        return
    if condition == "full-load":
        wait_for(lambda: read_status(api, settings, with_tables=False, with_latency=False).as_state(),
                 full_load_done, timeout=timeout, interval=interval, what="the full load to complete")  # fmt: skip
        console.print("[green]full load complete[/]")
        return
    with console.status("waiting for CDC to drain...") as spinner:
        cdc_drained(drain_reader(api, settings, samples), max_latency=max_latency, samples=samples, timeout=timeout, interval=interval,
                    progress=lambda m: spinner.update(m))  # fmt: skip
    console.print(f"[green]CDC drained[/]: {samples} samples under {max_latency:g} s and no table changes in flight")


@click.command("destroy")
@dms_options
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--stop", "stop_first", is_flag=True, help="Stop a running task first (DMS refuses to delete it).")
def destroy_command(settings: Settings, dry_run: bool, yes: bool, stop_first: bool) -> None:
    """Delete every DMS resource tagged with this project (and nothing else)."""
    from migrate.dms.control import destroy, destroy_calls, owned_resources, stop_if_running

    api = api_for(settings)
    calls = destroy_calls(owned_resources(api, settings))
    if not calls:
        console.print(f"nothing tagged with project '{settings.name}'")
        return
    for call in calls:
        if not call.operation:
            console.print(f"[yellow]left alone[/] {call.params['arn']}: {call.why}")
    if dry_run:
        print_calls([c for c in calls if c.operation])
        return
    if not yes:
        click.confirm(
            f"delete {sum(1 for c in calls if c.operation)} DMS resource(s) of '{settings.name}'?", abort=True
        )
    if stop_first and stop_if_running(api, settings):
        console.print("stopped the running task")
    with console.status("deleting...") as spinner:
        deleted = destroy(api, calls, progress=lambda m: spinner.update(m))
    for arn in deleted:
        console.print(f"deleted {arn}")


@click.command("assess")
@dms_options
@click.option("--show", is_flag=True, help="Show the latest assessment run instead of starting one.")
@exits
def assess_command(settings: Settings, dry_run: bool, show: bool) -> int:
    """Start a DMS premigration assessment of the task (results in S3), or --show the latest."""
    from migrate.dms.assessment import assessment_call, latest_assessment, start_assessment
    from migrate.dms.control import RUN_ARN

    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    if dry_run:
        print_calls([assessment_call(settings, RUN_ARN, stamp)])
        return 0
    api = api_for(settings)
    run = latest_assessment(api, settings) if show else start_assessment(api, settings, stamp)
    if run is None:
        console.print("no assessment run yet: run 'aurora-migrate dms assess'")
        return 0
    stats = run.get("ResultStatistic") or {}
    console.print(f"{run.get('AssessmentRunName', '')}: {run.get('Status', '')} "
                  f"(passed {stats.get('Passed', 0)}, failed {stats.get('Failed', 0)}, error {stats.get('Error', 0)}, "
                  f"warning {stats.get('Warning', 0)}) -> s3://{run.get('ResultLocationBucket', '')}/"
                  f"{run.get('ResultLocationFolder', '')}")  # fmt: skip
    if run.get("LastFailureMessage"):
        console.print(f"[bold red]failure:[/] {run['LastFailureMessage']}")
    return 1 if int(stats.get("Failed") or 0) or int(stats.get("Error") or 0) else 0


@click.command("logs")
@dms_options
@click.option("--level", type=click.Choice(("errors", "warnings", "all")), default="errors", show_default=True)
@click.option("--lines", type=click.IntRange(1, 10_000), default=20, show_default=True, help="How many lines.")
@click.option("--since", type=Duration(), default="24h", show_default=True, help="How far back to look.")
def logs_command(settings: Settings, dry_run: bool, level: str, lines: int, since: float) -> None:
    """The task's latest log lines from CloudWatch Logs (errors by default): why a table or the task failed."""
    from migrate.dms.logs import LEVELS, recent_lines

    if dry_run:
        console.print(f"read-only: logs FilterLogEvents filterPattern={LEVELS[level]!r}")
        return
    found = recent_lines(api_for(settings), settings, level, lines, since)
    for line in found:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if not found:
        console.print(f"no {level} lines in the task's log")
