"""`aurora-migrate validate counts|checksums|aggregates|schema|all`: prove source and target hold the same data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from migrate.cli.common import (
    CommandWithSubcommands,
    exits,
    progress,
    project_option,
    report_formats,
    settings_from,
    table_bars,
)
from migrate.cli.performance import performance_command
from migrate.cli.render.console import print_interrupted
from migrate.cli.render.tasks import print_validation
from migrate.engines import parse_url
from migrate.tasks import ValidateRequest, validate_project
from validators.report import FORMATS
from validators.run import CHECKS

WHAT = {**{c: (c,) for c in CHECKS}, "all": ("schema", "counts", "checksums", "aggregates")}


def _formats(value: str) -> tuple[str, ...]:
    return report_formats(value, FORMATS)


@click.command("validate", cls=CommandWithSubcommands)
@click.argument("what", type=click.Choice(list(WHAT)))
@project_option
@click.option("--source", "source_url", default=None, help="Source database URL (overrides source.url).")
@click.option("--target", "target_url", default=None, help="Target PostgreSQL URL (overrides target.url).")
@click.option("--inventory", type=click.Path(dir_okay=False, path_type=Path), help="inventory.json of the source.")
@click.option(
    "--conversion",
    type=click.Path(dir_okay=False, path_type=Path),
    help="conversion.json (column mappings, expected types).",
)
@click.option(
    "--tables", "patterns", multiple=True, help="Only tables matching these patterns (schema.table or table; * ?)."
)
@click.option(
    "--where", default="", help="Compare only rows matching this filter (PostgreSQL syntax, translated per side)."
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Tables validated at once (default: validation.threads).",
)
@click.option("--format", "formats", default="text", show_default=True, help="Reports to write: text,json,html,junit.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for reports and the resume checkpoint.",
)
@click.option("--resume", is_flag=True, help="Skip tables and segments a previous run under --out finished.")
@click.option("--estimate", is_flag=True, help="counts: catalog statistics instead of COUNT(*), labelled as estimates.")
@click.option("--group-by", default="", help="aggregates: compare per value of this column.")
@click.option(
    "--segment-rows",
    type=click.IntRange(100),
    default=None,
    help="checksums: rows per top-level segment, all hashed in one scan; differing ones are bisected "
    "(default: validation.segment_rows, 1000).",
)
@click.option(
    "--md5", "md5_only", is_flag=True, help="Use the cross-engine md5 path even when both sides are PostgreSQL."
)
@click.option(
    "--recheck-after",
    type=click.FloatRange(0),
    default=None,
    help="checksums on a replicating pair: wait SECONDS (the CDC latency plus a margin), read each differing "
    "key again on both sides and report only keys that still differ.",
)
@exits
def validate_command(
    what: str,
    project: Path | None,
    source_url: str | None,
    target_url: str | None,
    inventory: Path | None,
    conversion: Path | None,
    patterns: tuple[str, ...],
    where: str,
    threads: int | None,
    formats: str,
    out: Path | None,
    resume: bool,
    estimate: bool,
    group_by: str,
    segment_rows: int | None,
    md5_only: bool,
    recheck_after: float | None,
) -> int:
    """Compare source and target after the load; exit 0 all match, 1 differences found, 2 could not run."""
    chosen = _formats(formats)
    settings = settings_from(project, {"source.url": source_url, "target.url": target_url})
    request = ValidateRequest(
        WHAT[what], patterns, where, threads, out, resume, estimate, group_by, segment_rows, md5_only, inventory,
        conversion, chosen, recheck_after,
    )  # fmt: skip
    try:
        with progress("validating tables") as update, table_bars() as on_table:
            run = validate_project(settings, request, os.environ, update, on_table)
    except KeyboardInterrupt:
        kept = f": what finished is kept in {out}; run the same command with --resume to go on" if out else ""
        print_interrupted(kept)
        sys.exit(130)
    print_validation(run.report, run.files)
    return run.exit_code


validate_command.add_subcommand(performance_command)  # type: ignore[attr-defined]


__all__ = ["parse_url", "validate_command"]
