"""The consoles and the plain printouts: results on stdout, notes, warnings and errors on stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console

from migrate.errors import mask_data, mask_secrets

# Piped output (CI logs, files) gets room for the tables instead of rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 140
console = Console(highlight=False, width=_WIDTH)
err_console = Console(stderr=True, highlight=False, width=_WIDTH)


def say(text: str) -> None:
    """One result line on stdout (rich markup: [green]...[/])."""
    console.print(text)


def note(text: str) -> None:
    """One line about the run on stderr, printed as it is (no markup)."""
    err_console.print(text, markup=False)


def verbatim(lines: Iterable[str]) -> None:
    """Lines printed exactly as given (no markup, no highlighting), e.g. log lines and reports."""
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def print_plain(lines: Iterable[str]) -> None:
    """Plain lines on stdout, unwrapped, for other tools and shells to read (a URL, a dry-run plan)."""
    for line in lines:
        click.echo(line)


def progress_line(line: str) -> None:
    """A progress line for a log (stderr is not a terminal): written at once, unstyled."""
    print(line, file=sys.stderr, flush=True)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(mask_data(data), indent=2, default=str))


def print_calls(calls: Iterable[Any]) -> None:
    """--dry-run: the exact API calls, as JSON."""
    click.echo(json.dumps([c.as_json() for c in calls], indent=2))


def print_wrote(*paths: Any) -> None:
    for path in paths:
        console.print(f"wrote {path}")


def print_files(files: Iterable[Any]) -> None:
    """The report files a run wrote, on stderr (stdout holds the report itself)."""
    files = list(files)
    if files:
        err_console.print("wrote " + ", ".join(str(f) for f in files))


def print_error(message: str, hint: str = "") -> None:
    err_console.print(f"[bold red]error:[/] {mask_secrets(message)}", soft_wrap=True)
    if hint:
        err_console.print(f"  [yellow]fix:[/] {mask_secrets(hint)}", soft_wrap=True)


def print_internal_error(exc: Exception) -> None:
    """A bug of ours: say so, without a secret, and how to see more."""
    err_console.print(
        f"[bold red]internal error:[/] {type(exc).__name__}: {mask_secrets(str(exc))}\n"
        "  run again with --traceback and report it",
        soft_wrap=True,
    )


def print_traceback(text: str) -> None:
    err_console.print(mask_secrets(text), soft_wrap=True, markup=False, highlight=False)


def print_interrupted(detail: str = "") -> None:
    err_console.print(f"interrupted{detail}")


@contextmanager
def spinner(text: str) -> Iterator[Callable[[str], None]]:
    """A spinner with `text` while something runs; yields update(message)."""
    with console.status(text) as status:
        yield lambda message: status.update(message)
