"""`aurora-migrate dms status | wait | destroy`: watching a replication, and removing what the project made."""

from __future__ import annotations

import time

import click

from migrate.cli.common import exits
from migrate.cli.dms_common import Duration, api_for, dms_options
from migrate.cli.render.console import print_calls, say, spinner
from migrate.cli.render.dms import live_status, print_assessment_run, print_left_alone, print_log_lines, print_status
from migrate.config import Settings


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
        say(f"read-only: {kind.describe}, {kind.table_stats}, cloudwatch GetMetricStatistics (AWS/DMS)")
        return 0
    api = api_for(settings)
    status = read_status(api, settings)
    if as_json or not watch:
        print_status(status, as_json)
    else:
        with live_status(status) as update:
            while True:
                time.sleep(interval)
                status = read_status(api, settings)
                update(status)
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
        say(f"read-only: polls {flavor(settings).describe} every {interval:g} s for up to {timeout:g} s")
        return
    api = api_for(settings)
    if condition == "ready":
        from migrate.dms.control import wait_ready

        run = wait_ready(api, settings, timeout, interval)
        say(f"[green]{run.get('Status')}[/]: 'aurora-migrate dms start' can run")
        return
    if condition == "full-load":
        wait_for(lambda: read_status(api, settings, with_tables=False, with_latency=False).as_state(),
                 full_load_done, timeout=timeout, interval=interval, what="the full load to complete")  # fmt: skip
        say("[green]full load complete[/]")
        return
    with spinner("waiting for CDC to drain...") as update:
        cdc_drained(drain_reader(api, settings, samples), max_latency=max_latency, samples=samples, timeout=timeout,
                    interval=interval, progress=update)  # fmt: skip
    say(f"[green]CDC drained[/]: {samples} samples under {max_latency:g} s and no table changes in flight")


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
        say(f"nothing tagged with project '{settings.name}'")
        return
    print_left_alone(calls)
    if dry_run:
        print_calls([c for c in calls if c.operation])
        return
    if not yes:
        click.confirm(
            f"delete {sum(1 for c in calls if c.operation)} DMS resource(s) of '{settings.name}'?", abort=True
        )
    if stop_first and stop_if_running(api, settings):
        say("stopped the running task")
    with spinner("deleting...") as update:
        deleted = destroy(api, calls, progress=update)
    for arn in deleted:
        say(f"deleted {arn}")


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
    print_assessment_run(run)
    if run is None:
        return 0
    stats = run.get("ResultStatistic") or {}
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
        say(f"read-only: logs FilterLogEvents filterPattern={LEVELS[level]!r}")
        return
    print_log_lines(recent_lines(api_for(settings), settings, level, lines, since), level)
