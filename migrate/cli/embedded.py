"""`aurora-migrate embedded`: the project's own PostgreSQL server, kept running across commands."""

from __future__ import annotations

from pathlib import Path

import click

from migrate.cli.common import project_option, settings_from
from migrate.cli.render.console import print_plain, say
from migrate.engines import embedded


@click.group("embedded")
def embedded_group() -> None:
    """Start, stop or locate the embedded PostgreSQL (the default target when target.url is empty).

    Commands start it for themselves and stop it when they finish; `embedded start` keeps it
    running so several commands (and other tools) can share it: pass the URL it prints as --target
    or --source.
    """


@embedded_group.command("start")
@project_option
def start(project: Path | None) -> None:
    """Start the embedded PostgreSQL and keep it running; prints its URL."""
    settings = settings_from(project)
    print_plain([embedded.start(settings.embedded_data_dir, keep_running=True).masked])


@embedded_group.command("url")
@project_option
def url(project: Path | None) -> None:
    """Print the URL of the running embedded PostgreSQL (starting it if needed, and keeping it running)."""
    settings = settings_from(project)
    print_plain([embedded.start(settings.embedded_data_dir, keep_running=True).masked])


@embedded_group.command("stop")
@project_option
def stop(project: Path | None) -> None:
    """Stop the embedded PostgreSQL of this project."""
    settings = settings_from(project)
    stopped = embedded.shut_down(settings.embedded_data_dir)
    say("stopped" if stopped else "it was not running")
