"""What every `aurora-migrate dms ...` command shares: the options declared once, the API and durations (their
printouts are in migrate/cli/render/dms.py). The command modules (dms.py, dms_watch.py) import it; neither imports
the other."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from migrate.cli.common import aws_options, aws_overrides, project_option, settings_from
from migrate.config import Settings

F = TypeVar("F", bound=Callable[..., Any])
_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


class Duration(click.ParamType):
    """5s, 10m, 2h or plain seconds."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        match = _DURATION.match(str(value))
        if not match:
            self.fail(f"'{value}' is not a duration: write 30s, 10m, 2h or a number of seconds", param, ctx)
        return float(match["n"]) * _UNIT_SECONDS[match["unit"]]


def dms_options(func: F) -> F:
    """Options every dms command shares, declared once."""

    @project_option
    @aws_options
    @click.option("--dry-run", is_flag=True, help="Print the exact API calls and JSON; send nothing.")
    @functools.wraps(func)
    def wrapper(project: Path | None, aws_profile: str | None, aws_region: str | None,
                aws_endpoint_url: str | None, dry_run: bool, **kwargs: Any) -> Any:  # fmt: skip
        settings = settings_from(project, aws_overrides(aws_profile, aws_region, aws_endpoint_url))
        return func(settings=settings, dry_run=dry_run, **kwargs)

    return wrapper  # type: ignore[return-value]


def api_for(settings: Settings) -> Any:
    from migrate.dms.client import Api

    return Api(settings.aws)
