"""`aurora-migrate convert` and `aurora-migrate deploy`: options in, one task (migrate.tasks), the result rendered."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from migrate.cli.common import default_schema_option, exits, progress, project_option, settings_from
from migrate.cli.render.tasks import print_convert_run, print_deploy_run
from migrate.model import DeployStatus
from migrate.model.engines import ENGINES
from migrate.tasks import ConvertRequest, convert_project, deploy_project

DIALECTS = tuple(ENGINES)  # one vocabulary: the engine descriptors

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
    settings = settings_from(
        project,
        {
            "conversion.strict": True if strict else None,
            "target.version": target_version,
            "source.default_schema": default_schema,
            "source.url": source_url,
        },
    )
    request = ConvertRequest(out, paths, inventory_path, dialect, profile_data, profile_sample, jobs)
    run = convert_project(settings, request, os.environ, progress)
    print_convert_run(run, out)
    return run.exit_code


@click.command("deploy")
@click.argument("result_dir", metavar="OUT", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--target", "target_url", default=None, help="Target PostgreSQL URL (default: target.url, or embedded).")
@click.option("--dry-run", is_flag=True, help="Write the SQL it would run (OUT/deploy.schema.plan.sql); touch nothing.")
@click.option("--post-load", is_flag=True, help="Apply the post-load objects (FKs with fk_after_load) instead.")
@project_option
@exits
def deploy(result_dir: Path, target_url: str | None, dry_run: bool, post_load: bool, project: Path | None) -> int:
    """Apply a conversion to the target in dependency order, one transaction per object; writes OUT/deploy.json."""
    settings = None if dry_run else settings_from(project, {"target.url": target_url})
    report = deploy_project(settings, result_dir, os.environ, dry_run, post_load, progress)
    print_deploy_run(report, result_dir, dry_run, post_load)
    return 0 if dry_run else 1 if report.count(DeployStatus.ERROR) else 0
