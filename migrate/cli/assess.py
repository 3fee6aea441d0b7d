"""`aurora-migrate assess`: inventory a source (live or export files) and publish the assessment report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from migrate.cli.common import (
    console,
    default_schema_option,
    err_console,
    exits,
    progress,
    project_option,
    settings_from,
)
from migrate.cli.convert import profile_data_options, profile_source
from migrate.errors import ConfigError, InputError
from migrate.model.engines import ENGINES

DIALECTS = tuple(ENGINES)  # one vocabulary: the engine descriptors
PROFILES = ("aurora-postgresql", "rds-postgresql", "aurora-dsql")
SEVERITY_STYLE = {"blocker": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", "source_url", default=None, help="Source database URL (live catalog scan).")
@click.option("--dialect", type=click.Choice(DIALECTS), default=None, help="Dialect of the export files given.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("assessment"),
              show_default=True, help="Folder the report files are written to.")  # fmt: skip
@click.option("--schemas", default=None, help="Comma-separated schemas to scan (live; default: from the project).")
@click.option("--target-profile", type=click.Choice(PROFILES), default=None,
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
    from assessments.analysis import analyze
    from assessments.report import write_reports

    if list_rules:
        _print_rules(dialect)
        return 0
    settings = settings_from(project, {"source.url": source_url, "source.default_schema": default_schema})
    profile = target_profile or (
        settings.target.profile if settings.target.profile in PROFILES else "aurora-postgresql"
    )
    with progress("scanning") as update:
        inventory = _scan(paths, source_url, dialect, schemas, settings, update)
    if profile_data:  # inventory.json then carries the profiles for convert
        inventory = profile_source(inventory, settings, profile_sample)
    with progress("analysing") as update:
        assessment = analyze(inventory, profile, update)
    written = write_reports(inventory, assessment, out_dir)
    _summary(assessment, written)
    return 0 if assessment.complete else 2


def _scan(
    paths: tuple[Path, ...],
    source_url: str | None,
    dialect: str | None,
    schemas: str | None,
    settings: Any,
    update: Any,
) -> Any:
    from assessments.scan import scan_files, scan_live

    if paths and source_url:
        raise ConfigError("give either export files or --source, not both", "run assess once per source")
    # files named in migration.toml are relative to the project folder; on the command line, to the shell's
    files = list(paths) or [settings.project_dir / f for f in settings.source.files]
    if files and not source_url:
        chosen = dialect or settings.source.dialect
        if not chosen:
            raise ConfigError("export files need --dialect", f"add --dialect {'|'.join(DIALECTS)}")
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise InputError(
                f"no such file or folder: {', '.join(missing)}", "check the path (relative to the current folder)"
            )
        return scan_files(files, chosen, update, default_schema=settings.source.default_schema or None)
    if not settings.source.url:
        raise ConfigError(
            "nothing to assess: give export files or --source",
            "aurora-migrate assess --dialect oracle FILES... --out DIR, or --source URL",
        )
    from migrate.engines import connect, endpoint_url

    url = endpoint_url(settings.source, settings.aws, os.environ, "source")
    wanted = [s.strip() for s in schemas.split(",") if s.strip()] if schemas else list(settings.source.schemas)
    with connect(url, read_only=True) as conn:
        return scan_live(conn, wanted, update)


def _print_rules(dialect: str | None) -> None:
    from assessments.profiles import PROFILES
    from assessments.rules import RULESETS

    table = Table(title="assessment rules", title_justify="left")
    for column in ("rule", "severity", "category", "what it detects", "h/occurrence", "learning h"):
        table.add_column(column, overflow="fold")
    for engine, ruleset in RULESETS.items():
        if dialect and engine != dialect:
            continue
        for r in ruleset.rules:
            style = SEVERITY_STYLE.get(r.severity.value, "")
            table.add_row(
                r.id, f"[{style}]{r.severity.value}[/]", r.category, r.title, f"{r.effort:g}", f"{r.learning:g}"
            )
    for profile in PROFILES.values():
        for c in profile.checks:
            style = SEVERITY_STYLE.get(c.severity.value, "")
            table.add_row(
                c.id, f"[{style}]{c.severity.value}[/]", f"target: {profile.name}", c.title, f"{c.effort:g}", "0"
            )
    console.print(table)


def _summary(assessment: Any, written: dict[str, Path]) -> None:
    a, db = assessment, assessment.database
    if not a.complete:
        err_console.print("[bold red]INCOMPLETE SCAN[/]: the report is marked incomplete; what could not be read:")
        for item in a.not_scanned:
            err_console.print(f"  - {item}", soft_wrap=True)
    from assessments.report.document import title as report_title

    title = f"{report_title(a)} ({a.source.engine}, {a.source.mode}) -> {a.profile_title}"
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("objects", ", ".join(f"{k} {v}" for k, v in sorted(a.counts.items())) or "none")
    table.add_row(
        "effort",
        ("at least " if not a.complete else "")
        + f"{db.effort.hours:,.0f} h (range {db.effort.low:,.0f}-{db.effort.high:,.0f} h), {db.complexity}",
    )
    table.add_row("outlook", ", ".join(f"{k} {a.outlook.get(k, 0)}" for k in ("auto", "simple", "medium", "complex")))
    table.add_row("findings", f"{len(a.findings)} across {len(a.rules)} rules")
    fit = {(f.object_kind, f.object_name) for f in a.fit}
    table.add_row("target fit", "fits" if not fit else f"{len(fit)} object(s) do not fit as-is")
    console.print(table)
    blockers = a.blockers(10)
    if blockers:
        top = Table(title="top blockers", title_justify="left")
        for column in ("rule", "severity", "what", "occurrences", "hours"):
            top.add_column(column, overflow="fold")
        for r in blockers:
            style = SEVERITY_STYLE.get(r.severity.value, "")
            hours = f"{r.effort_hours + r.learning_hours:g}"
            top.add_row(r.rule_id, f"[{style}]{r.severity.value}[/]", r.title, str(r.occurrences), hours)
        console.print(top)
    for key, path in written.items():
        console.print(f"  {key:<10} {path}", soft_wrap=True)
