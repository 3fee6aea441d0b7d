"""The `aurora-migrate` command: thin click commands over the library. The only place that prints or exits."""

from __future__ import annotations

import os
from pathlib import Path

import click

from migrate import __version__
from migrate.cli.common import TracebackGroup, exits, project_option, settings_from
from migrate.cli.render.console import spinner
from migrate.cli.render.project import print_doctor, print_initialised
from migrate.config import PROJECT_FILE, render_template
from migrate.errors import ConfigError


@click.group(cls=TracebackGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="aurora-migrate")
@click.option("--traceback", is_flag=True, help="Show the full traceback when something fails.")
def cli(traceback: bool) -> None:
    """Move Oracle, SQL Server and self-managed PostgreSQL onto Amazon Aurora PostgreSQL.

    \b
    The three jobs:
      assess    inventory a source (live or export files) and publish the assessment report
      convert   convert schemas to PostgreSQL; deploy them with a compile gate
      dms       drive AWS DMS through full load + CDC
      validate  prove source and target hold the same data after the load
                (validate performance: replay a workload, flag slower queries)
      cutover   run the cutover as resumable steps with gates, an audit log and a rollback path
    """


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing migration.toml.")
def init(folder: Path, force: bool) -> None:
    """Create FOLDER/migration.toml, commented, with every setting explained."""
    path = folder / PROJECT_FILE
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists", "edit it, or pass --force to overwrite it with the template")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(render_template(folder.resolve().name), encoding="utf-8")
    print_initialised(path, folder)


@cli.command()
@project_option
@click.option("--source", "source_url", default=None, help="Source database URL (overrides source.url).")
@click.option("--target", "target_url", default=None, help="Target PostgreSQL URL (overrides target.url).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@exits
def doctor(project: Path | None, source_url: str | None, target_url: str | None, as_json: bool) -> int:
    """Connect to every configured endpoint and report what is ready and what to fix."""
    from migrate.doctor import run_doctor

    settings = settings_from(project, {"source.url": source_url, "target.url": target_url})
    with spinner("checking...") as update:
        report = run_doctor(settings, os.environ, step=lambda s: update(f"checking {s}..."))
    print_doctor(settings.name, report, as_json)
    return 0 if report.ok else 2


def _register() -> None:
    """Command groups that live in their own modules."""
    import importlib

    for module_name, attr in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        cli.add_command(getattr(module, attr))


# (module, click command) pairs, in --help order
COMMAND_MODULES: list[tuple[str, str]] = [
    ("migrate.cli.assess", "assess"),
    ("migrate.cli.convert", "convert"),
    ("migrate.cli.convert", "deploy"),
    ("migrate.cli.validate", "validate_command"),
    ("migrate.cli.performance", "capture_workload"),
    ("migrate.cli.dms", "dms"),
    ("migrate.cli.cutover", "cutover"),
    ("migrate.cli.embedded", "embedded_group"),
]

_register()


def main() -> None:
    cli(prog_name="aurora-migrate")
