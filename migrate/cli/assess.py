"""`aurora-migrate assess`: inventory a source (live or export files) and publish the assessment report."""

from __future__ import annotations

import os
from pathlib import Path

import click

from migrate.cli.common import default_schema_option, exits, progress, project_option, settings_from
from migrate.cli.convert import profile_data_options
from migrate.cli.render.tasks import print_assess_run, print_rules
from migrate.config import TARGET_PROFILES
from migrate.model.engines import ENGINES
from migrate.tasks import AssessRequest, assess_project

DIALECTS = tuple(ENGINES)  # one vocabulary: the engine descriptors


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", "source_url", default=None, help="Source database URL (live catalog scan).")
@click.option("--dialect", type=click.Choice(DIALECTS), default=None, help="Dialect of the export files given.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("assessment"),
              show_default=True, help="Folder the report files are written to.")  # fmt: skip
@click.option("--schemas", default=None, help="Comma-separated schemas to scan (live; default: from the project).")
@click.option("--target-profile", type=click.Choice(TARGET_PROFILES), default=None,
              help="Target service to check fit and sizing against (default: target.profile, else aurora-postgresql).")  # fmt: skip
@click.option("--list-rules", is_flag=True, help="Print every rule (id, severity, what it detects) and exit.")
@profile_data_options
@default_schema_option
@project_option
@exits
def assess(
    paths: tuple[Path, ...],
    source_url: str | None,
    dialect: str | None,
    out_dir: Path,
    schemas: str | None,
    target_profile: str | None,
    list_rules: bool,
    profile_data: bool,
    profile_sample: int | None,
    default_schema: str | None,
    project: Path | None,
) -> int:
    """Inventory a source and write the assessment: HTML, JSON, CSV, Markdown, SARIF and inventory.json.

    \b
    Live:    aurora-migrate assess --source oracle://scott@db:1521/?service_name=ORCL --out report
    Offline: aurora-migrate assess --dialect oracle exports/ --out report

    Exit code 0 even with findings; 2 when the scan could not complete (the report then says so).
    """
    if list_rules:
        print_rules(dialect)
        return 0
    settings = settings_from(project, {"source.url": source_url, "source.default_schema": default_schema})
    wanted = [s.strip() for s in schemas.split(",") if s.strip()] if schemas else None
    request = AssessRequest(
        out_dir, paths, bool(source_url), dialect, wanted, target_profile, profile_data, profile_sample
    )
    run = assess_project(settings, request, os.environ, progress)
    print_assess_run(run)
    return run.exit_code
