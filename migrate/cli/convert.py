"""`aurora-migrate convert` and `aurora-migrate deploy`: thin commands over converters.convert and migrate.deploy."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.table import Table

from migrate.cli.common import console, default_schema_option, exits, progress, project_option, settings_from
from migrate.errors import ConfigError, InputError
from migrate.model import (
    ConversionResult,
    DeployReport,
    DeployStatus,
    Inventory,
    LedgerStatus,
    ModelFormatError,
    Severity,
    load_inventory,
)

DIALECTS = ("oracle", "sqlserver", "postgresql")
STATUS_STYLE = {
    "converted": "green",
    "converted_with_findings": "yellow",
    "manual": "magenta",
    "failed": "bold red",
    "ok": "green",
    "error": "bold red",
    "skipped_dependency": "yellow",
    "skipped_manual": "magenta",
}

F = TypeVar("F", bound=Callable[..., Any])


def profile_data_options(func: F) -> F:
    """--profile-data, --profile-sample (shared by convert and assess)."""
    func = click.option(
        "--profile-sample",
        type=click.IntRange(1),
        default=None,
        metavar="ROWS",
        help="Profile only the first ROWS rows of each table (faster; may miss a value, and the findings say so). "
        "Default: every row.",
    )(func)
    return click.option(
        "--profile-data",
        is_flag=True,
        help="Read the live source's data to narrow types: bare NUMBER holding only whole numbers becomes an "
        "integer type, Oracle DATE with no time of day becomes date; each with a finding saying why.",
    )(func)


def profile_source(inventory: Inventory, settings: Any, sample: int | None) -> Inventory:
    """The inventory with column profiles read from the live source (source.url / --source)."""
    if not settings.source.url:
        raise ConfigError(
            "--profile-data reads the data of a live source, and no source is given (export files hold no data)",
            "pass --source URL (or set source.url in migration.toml)",
        )
    from assessments.profile import profile_inventory
    from migrate.engines import connect, endpoint_url

    url = endpoint_url(settings.source, settings.aws, os.environ, "source")
    if url.engine != inventory.source.engine:
        raise ConfigError(
            f"--profile-data: the inventory was scanned from {inventory.source.engine}, --source is {url.engine}",
            "pass the URL of the database the inventory was scanned from",
        )
    with connect(url, read_only=True) as conn, progress("profiling") as update:
        profiled = profile_inventory(conn, inventory, sample, update)
    columns = [c for t in profiled.tables() for c in t.columns if c.profile is not None]
    tables = {t.qualified_name for t in profiled.tables() if any(c.profile is not None for c in t.columns)}
    how = f"first {sample} rows of each table" if sample else "full scan"
    console.print(f"profiled {len(columns)} column(s) in {len(tables)} table(s) ({how})")
    return profiled


@click.command("convert")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="inventory.json written by 'aurora-migrate assess'.")  # fmt: skip
@click.option("--dialect", type=click.Choice(DIALECTS), default=None, help="Dialect of the export files in PATHS.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--strict", is_flag=True, help="Exit 1 when any finding is of severity high or above.")
@click.option("--target-version", type=click.IntRange(12, 18), default=None, help="Target PostgreSQL major version.")
@click.option(
    "--source", "source_url", default=None, help="Live source URL read by --profile-data (default: source.url)."
)
@click.option("--jobs", type=click.IntRange(1), default=None, metavar="N",
              help="Processes converting view queries (default: one per core; 1 keeps everything in one process).")  # fmt: skip
@profile_data_options
@default_schema_option
@project_option
@exits
def convert(
    paths: tuple[Path, ...],
    inventory_path: Path | None,
    dialect: str | None,
    out: Path,
    strict: bool,
    target_version: int | None,
    source_url: str | None,
    profile_data: bool,
    profile_sample: int | None,
    jobs: int | None,
    default_schema: str | None,
    project: Path | None,
) -> int:
    """Convert schemas to PostgreSQL: OUT/objects/<kind>/*.sql, OUT/deploy.sql, OUT/conversion.json.

    \b
    aurora-migrate convert --inventory DIR/inventory.json --out OUT
    aurora-migrate convert --dialect oracle export/*.sql --out OUT
    aurora-migrate convert --inventory DIR/inventory.json --out OUT --profile-data --source URL
    """
    from converters.convert import convert_inventory
    from converters.output import write_output

    settings = settings_from(
        project,
        {
            "conversion.strict": True if strict else None,
            "target.version": target_version,
            "source.default_schema": default_schema,
            "source.url": source_url,
        },
    )
    if not paths and inventory_path is None and settings.source.files:  # the project's export files
        paths = tuple(settings.project_dir / f for f in settings.source.files)
    inventory = _inventory(paths, inventory_path, dialect or settings.source.dialect, settings.source.default_schema)
    if profile_data:
        inventory = profile_source(inventory, settings, profile_sample)
    with progress("converting") as update:
        result = convert_inventory(inventory, settings.conversion, settings.target.version, update, jobs)
    files = write_output(result, out)
    _print_conversion(result)
    console.print(f"wrote {files['deploy']}, {files['conversion']}, {files['summary']} and {out / 'objects'}/")
    every = [*result.findings, *(f for o in result.objects for f in o.findings)]
    worst = [f for f in every if f.severity >= Severity.HIGH]
    if settings.conversion.strict and worst:
        console.print(f"[bold red]--strict: {len(worst)} finding(s) of severity high or above[/]")
        return 1
    return 0


def _inventory(paths: tuple[Path, ...], inventory_path: Path | None, dialect: str, default_schema: str) -> Inventory:
    if inventory_path is not None and paths:
        raise ConfigError("give either --inventory or export files, not both")
    if inventory_path is not None:
        try:
            return load_inventory(inventory_path)
        except (ModelFormatError, ValueError) as exc:
            raise InputError(f"{inventory_path}: not a usable inventory ({exc})",
                             "write it again with 'aurora-migrate assess'") from None  # fmt: skip
    if not paths:
        raise ConfigError(
            "nothing to convert",
            "pass --inventory DIR/inventory.json, or export files with --dialect (or set source.files in migration.toml)",
        )
    if not dialect:
        raise ConfigError("export files need a dialect", "pass --dialect oracle|sqlserver|postgresql")
    from assessments.scan import scan_files

    with progress("reading") as update:
        return scan_files(list(paths), dialect, update, default_schema=default_schema or None)


def _print_conversion(result: ConversionResult) -> None:
    counts = Counter((o.kind, o.status.value) for o in result.objects)
    statuses = ["converted", "converted_with_findings", "manual", "failed"]
    table = Table(title=f"convert: {result.source_dialect} -> PostgreSQL {result.target_version}")
    table.add_column("kind")
    for status in statuses:
        table.add_column(status, justify="right", style=STATUS_STYLE[status])
    for kind in sorted({k for k, _ in counts}):
        table.add_row(kind, *(str(counts.get((kind, s), "")) for s in statuses))
    console.print(table)
    severities = Counter(f.severity.value for o in result.objects for f in o.findings)
    severities.update(f.severity.value for f in result.findings)
    console.print("findings: " + (", ".join(f"{s.value} {severities[s.value]}" for s in reversed(Severity)
                                            if severities[s.value]) or "none"))  # fmt: skip
    ledger = result.ledger
    console.print(
        f"ledger: {ledger.statements_in} in = {ledger.count(LedgerStatus.CONVERTED)} converted + "
        f"{ledger.count(LedgerStatus.FLAGGED)} flagged + {ledger.count(LedgerStatus.IGNORED)} ignored (reconciles)"
    )


@click.command("deploy")
@click.argument("result_dir", metavar="OUT", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--target", "target_url", default=None, help="Target PostgreSQL URL (default: target.url, or embedded).")
@click.option("--dry-run", is_flag=True, help="Write the SQL it would run (OUT/deploy.schema.plan.sql); touch nothing.")
@click.option("--post-load", is_flag=True, help="Apply the post-load objects (FKs with fk_after_load) instead.")
@project_option
@exits
def deploy(result_dir: Path, target_url: str | None, dry_run: bool, post_load: bool, project: Path | None) -> int:
    """Apply a conversion to the target in dependency order, one transaction per object; writes OUT/deploy.json."""
    from migrate.deploy import deploy as run_deploy

    if dry_run:
        report = run_deploy(result_dir, None, dry_run=True, post_load=post_load)
        _print_deploy(report)
        console.print(f"wrote {result_dir / ('deploy.post_load.plan.sql' if post_load else 'deploy.schema.plan.sql')}")
        return 0
    from migrate.engines import connect, target

    settings = settings_from(project, {"target.url": target_url})
    with target(settings, os.environ) as (url, _embedded), connect(url) as conn, progress("deploying") as update:
        report = run_deploy(result_dir, conn, progress=update, post_load=post_load)
    _print_deploy(report)
    console.print(f"wrote {result_dir / ('deploy_post_load.json' if post_load else 'deploy.json')}")
    return 1 if report.count(DeployStatus.ERROR) else 0


def _print_deploy(report: DeployReport) -> None:
    table = Table(title=f"deploy to {report.target} {report.server_version}".strip())
    for column in ("kind", "object", "status", "error"):
        table.add_column(column, overflow="fold")
    for o in report.outcomes:
        if o.status in (DeployStatus.ERROR, DeployStatus.SKIPPED_DEPENDENCY):  # manual ones are in conversion.md
            error = f"{o.error} ({o.sqlstate})" if o.sqlstate else o.error
            table.add_row(o.kind, f"{o.schema}.{o.name}", f"[{STATUS_STYLE[o.status.value]}]{o.status.value}[/]", error)
    if table.row_count:
        console.print(table)
    console.print(
        ", ".join(f"{s.value} {report.count(s)}" for s in DeployStatus) + (" (dry run)" if report.dry_run else "")
    )
    if report.routine_check:
        console.print(f"routine bodies: {report.routine_check}")
