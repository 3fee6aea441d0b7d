"""`aurora-migrate cutover plan | run | status | resume | rollback | skip`: thin commands over migrate.runbook."""

from __future__ import annotations

import functools
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from migrate.cli.common import aws_options, aws_overrides, project_option, settings_from
from migrate.cli.render.console import note, print_plain, print_wrote, say
from migrate.cli.render.cutover import print_cutover_status, print_outcome, print_rolled_back
from migrate.config import Settings
from migrate.errors import ConfigError, CutoverStopped

F = TypeVar("F", bound=Callable[..., Any])


def cutover_options(func: F) -> F:
    """--project and the AWS options, declared once; the command gets `settings`."""

    @project_option
    @aws_options
    @functools.wraps(func)
    def wrapper(project: Path | None, aws_profile: str | None, aws_region: str | None,
                aws_endpoint_url: str | None, **kwargs: Any) -> Any:  # fmt: skip
        return func(settings=settings_from(project, aws_overrides(aws_profile, aws_region, aws_endpoint_url)), **kwargs)

    return wrapper  # type: ignore[return-value]


def run_options(func: F) -> F:
    for option in reversed([
        click.option("--yes", is_flag=True, help="Confirm manual steps (you are recorded as confirming)."),
        click.option("--operator", default=None, help="Who runs the cutover, for the audit log (default: $USER)."),
        click.option("--accept-unknown", "accept_unknown", multiple=True, metavar="CHECK",
                     help="Go on although CHECK cannot tell (e.g. dms.tables); recorded in the audit log."),
        click.option("--waive", multiple=True, metavar="CHECK=REASON",
                     help="Go on although CHECK failed, for REASON; recorded in the audit log."),
    ]):  # fmt: skip
        func = option(func)
    return func


def _operator(name: str | None) -> str:
    if name:
        return name
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _overrides(accept_unknown: tuple[str, ...], waive: tuple[str, ...]) -> Any:
    from migrate.runbook import Overrides

    reasons = {}
    for item in waive:
        check, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise ConfigError(f"--waive {item!r} has no reason", 'write --waive CHECK="why it is safe to go on"')
        reasons[check.strip()] = reason.strip()
    return Overrides(frozenset(accept_unknown), reasons)


def _confirm(yes: bool, operator: str) -> Callable[[str], str | None]:
    def ask(question: str) -> str | None:
        if yes:
            return operator
        if sys.stdin.isatty() and click.confirm(question, default=False):
            return operator
        return None

    return ask


def _parts(settings: Settings) -> Any:
    from migrate.runbook.parts import LiveParts

    return LiveParts(settings, os.environ)


@click.group("cutover")
def cutover() -> None:
    """The cutover as ordered, resumable steps with gates, an audit log and a rollback path."""


@cutover.command("plan")
@cutover_options
def plan_command(settings: Settings) -> None:
    """Write runbook.md: every step, its precondition, action, gate, evidence, rollback and owner."""
    from migrate.runbook import write_runbook

    print_wrote(write_runbook(settings))


def _go(settings: Settings, new: bool, until: str | None, yes: bool, operator: str | None,
        accept_unknown: tuple[str, ...], waive: tuple[str, ...]) -> None:  # fmt: skip
    from migrate.runbook import files_of, opened
    from migrate.runbook.report import REPORT_HTML
    from migrate.runbook.steps import step_by_id

    if until is not None:
        step_by_id(until)  # an unknown step is refused before anything is written
    who = _operator(operator)
    with opened(settings, _parts(settings), who, new=new, overrides=_overrides(accept_unknown, waive),
                confirm=_confirm(yes, who), progress=note) as runner:  # fmt: skip
        outcome = runner.run(until)
    _print_status(settings)
    print_outcome(outcome, until, files_of(settings).folder / REPORT_HTML)


@cutover.command("run")
@cutover_options
@run_options
@click.option("--dry-run", is_flag=True, help="Print every step's SQL and AWS calls; connect to and change nothing.")
@click.option("--until", default=None, metavar="STEP", help="Stop after this step (e.g. validate for a rehearsal).")
def run_command(settings: Settings, dry_run: bool, until: str | None, yes: bool, operator: str | None,
                accept_unknown: tuple[str, ...], waive: tuple[str, ...]) -> None:  # fmt: skip
    """Start the cutover (state, audit log and evidence in <project>/cutover)."""
    if dry_run:
        from migrate.runbook import dry_run as plan_lines

        print_plain(plan_lines(settings, _parts(settings), _operator(operator)))
        return
    _go(settings, True, until, yes, operator, accept_unknown, waive)


@cutover.command("resume")
@cutover_options
@run_options
@click.option("--until", default=None, metavar="STEP", help="Stop after this step.")
def resume_command(settings: Settings, until: str | None, yes: bool, operator: str | None,
                   accept_unknown: tuple[str, ...], waive: tuple[str, ...]) -> None:  # fmt: skip
    """Go on from where the last run stopped (a crash, a kill, a gate, a confirmation)."""
    _go(settings, False, until, yes, operator, accept_unknown, waive)


@cutover.command("rollback")
@cutover_options
@run_options
def rollback_command(settings: Settings, yes: bool, operator: str | None, accept_unknown: tuple[str, ...],
                     waive: tuple[str, ...]) -> None:  # fmt: skip
    """Switch back, stop writes on the target, drain the reverse task, reset sequences and resume the source."""
    from migrate.runbook import opened, rollback

    who = _operator(operator)
    if not yes and not (sys.stdin.isatty() and click.confirm("roll the cutover back?", default=False)):
        raise CutoverStopped("rollback not confirmed: nothing was changed", "run 'cutover rollback --yes'", exit_code=3)
    with opened(settings, _parts(settings), who, new=False, overrides=_overrides(accept_unknown, waive)) as runner:
        done = rollback(runner)
    print_rolled_back(done)


@cutover.command("skip")
@cutover_options
@click.argument("step")
@click.option("--reason", required=True, help="Why this step is not needed (kept in the audit log).")
@click.option("--operator", default=None, help="Who decided (default: $USER).")
def skip_command(settings: Settings, step: str, reason: str, operator: str | None) -> None:
    """Mark STEP skipped, with a reason; resume then goes on after it."""
    from migrate.runbook import opened

    with opened(settings, _parts(settings), _operator(operator), new=False) as runner:
        runner.skip(step, reason)
    say(f"skipped {step}: {reason}")


@cutover.command("status")
@cutover_options
def status_command(settings: Settings) -> None:
    """Where the cutover stands: each step's status, result and evidence."""
    _print_status(settings)


def _print_status(settings: Settings) -> None:
    from migrate.runbook import STEPS, load_status

    state, files = load_status(settings)
    print_cutover_status(state, files.folder, STEPS)
