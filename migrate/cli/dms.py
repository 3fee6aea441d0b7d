"""`aurora-migrate dms ...`: thin commands over migrate.dms. Every command takes --project, --profile,
--region, --endpoint-url and --dry-run (print the exact API calls and JSON, send nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from migrate.cli.common import exits
from migrate.cli.dms_common import F, api_for, dms_options
from migrate.cli.dms_watch import assess_command, destroy_command, logs_command, status_command, wait_command
from migrate.cli.render.console import print_calls, print_wrote, say, spinner
from migrate.cli.render.dms import (
    print_changes,
    print_connection_tests,
    print_plan_findings,
    print_run_answer,
    print_would_change,
)
from migrate.config import Settings
from migrate.dms.settings import MIGRATION_TYPES
from migrate.errors import ConfigError
from migrate.model import Inventory
from migrate.tasks.dms import plan_dms, write_dms_plan
from migrate.tasks.project import project_inputs


def inputs_options(func: F) -> F:
    func = click.option("--conversion", "conversion_path", type=click.Path(dir_okay=False, path_type=Path),
                        help="conversion.json (default: <project>/converted/conversion.json if present).")(func)  # fmt: skip
    return click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False, path_type=Path),
                        help="inventory.json (default: <project>/assessment/inventory.json).")(func)  # fmt: skip


@click.group("dms")
def dms() -> None:
    """Drive AWS DMS: plan, apply, test-connections, assess, start, status, logs, wait, stop, reload, destroy."""


@dms.command("plan")
@dms_options
@inputs_options
@click.option("--type", "kind", type=click.Choice(MIGRATION_TYPES), default=None, help="Override dms.migration_type.")
def plan_command(settings: Settings, dry_run: bool, inventory_path: Path | None, conversion_path: Path | None,
                 kind: str | None) -> None:  # fmt: skip
    """Offline: write <project>/dms/table-mappings.json, task-settings.json and plan.md."""
    plan = plan_dms(settings, inventory_path, conversion_path, kind)
    if dry_run:
        print_calls(list(plan.calls))
        return
    print_wrote(*write_dms_plan(settings, plan))
    print_plan_findings(plan.findings)


@dms.command("apply")
@dms_options
@inputs_options
def apply_command(settings: Settings, dry_run: bool, inventory_path: Path | None, conversion_path: Path | None) -> None:
    """Create or update the endpoints, replication instance or Serverless config, and task.

    --dry-run reads what exists and prints the exact Create/Modify calls; it changes nothing."""
    from migrate.dms.apply import apply_plan, check_ready_to_apply

    plan = plan_dms(settings, inventory_path, conversion_path)
    api = api_for(settings)
    check_ready_to_apply(settings, api, plan)  # read-only too: settings, and the secrets' keys
    if dry_run:  # read-only: describes run, so the printed calls are exactly what this account needs
        calls: list[Any] = []
        changes = apply_plan(api, plan, record=calls)
        print_calls(calls)
        print_would_change(changes)
        return
    write_dms_plan(settings, plan)
    with spinner("applying...") as update:
        changes = apply_plan(api, plan, progress=update)
    print_changes(settings.name, changes)


@dms.command("test-connections")
@dms_options
@exits
def test_connections_command(settings: Settings, dry_run: bool) -> int:
    """Test both endpoints from the replication instance."""
    from migrate.dms.control import test_connections
    from migrate.dms.plan import ApiCall
    from migrate.dms.replication import names

    if dry_run:
        n = names(settings)
        print_calls([ApiCall("TestConnection", {"ReplicationInstanceArn": f"${{{n.instance}.Arn}}",
                                                 "EndpointArn": f"${{{name}.Arn}}"}) for name in (n.source, n.target)])  # fmt: skip
        return 0
    results = test_connections(api_for(settings), settings)
    print_connection_tests(results)
    return 0 if all(r.status == "successful" for r in results) else 1


@dms.command("start")
@dms_options
@inputs_options
@click.option("--type", "kind", type=click.Choice(MIGRATION_TYPES), default=None,
              help="Switch the task to this migration type first (its settings preset comes along).")  # fmt: skip
@click.option("--cdc-start-position", default=None, help="Native position (SCN, LSN) or checkpoint to start CDC at.")
@click.option("--reload", is_flag=True, help="Reload every table from the source (reload-target).")
def start_command(settings: Settings, dry_run: bool, inventory_path: Path | None, conversion_path: Path | None,
                  kind: str | None, cdc_start_position: str | None, reload: bool) -> None:  # fmt: skip
    """Start the task (first run), resume it, or reload it."""
    from migrate.dms.control import RUN_ARN, modify_type_call, start, start_calls
    from migrate.dms.monitor import flavor

    plan = plan_dms(settings, inventory_path, conversion_path, kind) if kind else None
    if dry_run:
        calls = [modify_type_call(flavor(settings), RUN_ARN, plan)] if plan else []
        print_calls(calls + start_calls(flavor(settings), RUN_ARN, True, reload, cdc_start_position))
        return
    for answer in start(api_for(settings), settings, plan, reload, cdc_start_position):
        print_run_answer(answer, "requested")


@dms.command("stop")
@dms_options
def stop_command(settings: Settings, dry_run: bool) -> None:
    """Stop the task (CDC position is kept; 'dms start' resumes)."""
    from migrate.dms.control import RUN_ARN, stop
    from migrate.dms.monitor import flavor
    from migrate.dms.plan import ApiCall

    if dry_run:
        kind = flavor(settings)
        print_calls([ApiCall(kind.stop, {kind.arn_key: RUN_ARN})])
        return
    print_run_answer(stop(api_for(settings), settings))


@dms.command("reload")
@dms_options
@inputs_options
@click.argument("tables", nargs=-1, required=True)
def reload_command(settings: Settings, dry_run: bool, inventory_path: Path | None, conversion_path: Path | None,
                   tables: tuple[str, ...]) -> None:  # fmt: skip
    """Reload TABLES (SCHEMA.TABLE as the source spells them) from the source."""
    from migrate.dms.control import RUN_ARN, reload_call, reload_tables
    from migrate.dms.monitor import flavor

    inventory, _conversion = project_inputs(settings, inventory_path, conversion_path)
    pairs = [_known_table(inventory, name) for name in tables]
    if dry_run:
        print_calls([reload_call(flavor(settings), RUN_ARN, pairs)])
        return
    reload_tables(api_for(settings), settings, pairs)
    say(f"reload requested for {len(pairs)} table(s)")


def _known_table(inventory: Inventory, name: str) -> tuple[str, str]:
    schema, _, table = name.rpartition(".")
    found = inventory.find_table(schema, table) if schema else None
    if found is None:
        raise ConfigError(f"table '{name}' is not in the inventory", "name it SCHEMA.TABLE as the source spells it")
    return found.schema, found.name


dms.add_command(status_command)
dms.add_command(wait_command)
dms.add_command(destroy_command)
dms.add_command(assess_command)
dms.add_command(logs_command)
