"""What every command shares: options declared once, settings loading, progress bars, errors to exit codes.
Everything shown goes through the one printer, migrate/cli/render."""

from __future__ import annotations

import functools
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from migrate.cli.render.console import (
    err_console,
    print_error,
    print_internal_error,
    print_interrupted,
    print_traceback,
    progress_line,
)
from migrate.config import Settings, load_settings
from migrate.errors import ConfigError, MigrateError

F = TypeVar("F", bound=Callable[..., Any])


def project_option(func: F) -> F:
    return click.option(
        "--project",
        "project",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Migration project folder holding migration.toml (default: the current folder if it has one).",
    )(func)


def default_schema_option(func: F) -> F:
    return click.option(
        "--default-schema",
        default=None,
        help="Schema for unqualified names in export files (default: source.default_schema, else the "
        "script's own CONNECT / ALTER SESSION SET CURRENT_SCHEMA / USE, else DEFAULT with a finding).",
    )(func)


def aws_options(func: F) -> F:
    for option in reversed(
        [
            click.option(
                "--profile", "aws_profile", default=None, help="AWS named profile (default: credential chain)."
            ),
            click.option("--region", "aws_region", default=None, help="AWS region, e.g. eu-west-1."),
            click.option("--endpoint-url", "aws_endpoint_url", default=None, help="AWS endpoint (a local emulator)."),
        ]
    ):
        func = option(func)
    return func


def settings_from(project: Path | None, overrides: dict[str, Any] | None = None) -> Settings:
    """Load migration.toml from `project` (or ./migration.toml when present) with CLI overrides."""
    if project is None and Path("migration.toml").is_file():
        project = Path(".")
    return load_settings(project, os.environ, overrides or {})


def aws_overrides(aws_profile: str | None, aws_region: str | None, aws_endpoint_url: str | None) -> dict[str, Any]:
    return {"aws.profile": aws_profile, "aws.region": aws_region, "aws.endpoint_url": aws_endpoint_url}


def report_formats(value: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """--format a,b,c: the formats chosen, each one of `known`."""
    chosen = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in chosen if f not in known]
    if unknown:
        raise ConfigError(f"unknown report format(s): {', '.join(unknown)}", f"choose from {', '.join(known)}")
    return chosen


@contextmanager
def progress(description: str, enabled: bool = True) -> Iterator[Callable[..., None]]:
    """A progress bar; yields the callback library code reports through: update(done, total, label)."""
    if not enabled:
        yield lambda *args, **kwargs: None
        return
    if not err_console.is_terminal:  # CI, a log file: plain lines, at most one every PLAIN_EVERY seconds
        yield PlainProgress(description, PLAIN_EVERY, progress_line)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[label]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None, label="")

        def update(done: int, total: int | None = None, label: str = "") -> None:
            bar.update(task, completed=done, total=total, label=label[:50])

        yield update


@contextmanager
def table_bars() -> Iterator[Callable[[str, str], None]]:
    """A line per table being validated, saying what it is doing; gone when the table is done."""
    if not err_console.is_terminal:
        yield lambda table, state: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err_console, transient=True) as bars:
        tasks: dict[str, TaskID] = {}

        def on_table(table: str, state: str) -> None:
            if not state:
                if table in tasks:
                    bars.remove_task(tasks.pop(table))
                return
            if table not in tasks:
                tasks[table] = bars.add_task(table)
            bars.update(tasks[table], description=f"{table}: {state}")

        yield on_table


PLAIN_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


class PlainProgress:
    """Progress for a log: `scanning: 120/1000 HR.EMP (12 s)` lines, the first after `every` seconds, then at most
    one per `every` seconds, so a long step shows it is alive without flooding the log."""

    def __init__(self, description: str, every: float, write: Callable[[str], None]) -> None:
        self.description, self.every, self.write = description, every, write
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, done: int, total: int | None = None, label: str = "") -> None:
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        self.write(f"{self.description}: {count} {label[:60]} ({now - self.started:.0f} s)".replace("  ", " "))


class TracebackGroup(click.Group):
    """Turns MigrateError (and any other failure) into one clear line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MigrateError as exc:
            _traceback_if_asked(ctx)
            print_error(exc.message, exc.hint)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            print_interrupted()
            sys.exit(130)
        except Exception as exc:  # a bug of ours: say so, without a secret, and how to see more
            _traceback_if_asked(ctx)
            print_internal_error(exc)
            sys.exit(3)


def _traceback_if_asked(ctx: click.Context) -> None:
    """--traceback adds the traceback (secrets masked) before the usual message; the exit code stays the same."""
    if ctx.params.get("traceback") or os.environ.get("AURORA_MIGRATE_TRACEBACK"):
        print_traceback(traceback.format_exc())


class CommandWithSubcommands(click.Command):
    """A command whose first argument may instead name a subcommand with options of its own:
    `validate counts|checksums|...` keeps its options while `validate performance` has others."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommands: dict[str, click.Command] = {}

    def add_subcommand(self, command: click.Command) -> None:
        assert command.name
        self.subcommands[command.name] = command

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        if args and args[0] in self.subcommands:
            sub = self.subcommands[args[0]]
            return sub.make_context(f"{info_name} {args[0]}", args[1:], parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        with formatter.section("Subcommands with their own options"):
            formatter.write_dl(
                [(f"{ctx.info_name} {name}", sub.get_short_help_str(80)) for name, sub in self.subcommands.items()]
            )


def exits(func: F) -> F:
    """Marks a command whose return value is its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        code = func(*args, **kwargs)
        if code:
            sys.exit(code)

    return wrapper  # type: ignore[return-value]
