"""How the `dms` commands' results are shown: the plan's findings, what apply changed, connection tests, the
task's runs and status, premigration assessments and log lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.live import Live
from rich.table import Table

from migrate.cli.render.console import console, emit_json, err_console, verbatim

STATE_STYLE = {"running": "green", "load complete": "green", "stopped": "yellow", "failed": "bold red",
               "ready": "cyan", "Table completed": "green", "Table error": "bold red"}  # fmt: skip
FINDINGS_SHOWN = 20


def print_plan_findings(findings: Any, shown: int = FINDINGS_SHOWN) -> None:
    ordered = sorted(findings, key=lambda f: -f.severity.rank)
    for f in ordered[:shown]:
        where = f" ({f.location})" if f.location else ""
        console.print(f"[yellow]{f.rule_id}[/] {f.severity.value} {f.object_name}{where}: {f.message}")
    if len(ordered) > shown:
        console.print(f"... and {len(ordered) - shown} more finding(s): see plan.md")


def print_would_change(changes: Iterable[Any]) -> None:
    """apply --dry-run: what each call would do, after the calls themselves."""
    for change in changes:
        err_console.print(f"would be {change.action}: {change.kind} {change.name} {change.detail}".rstrip())


def print_changes(project: str, changes: list[Any]) -> None:
    table = Table(title=f"dms apply: {project}")
    for column in ("action", "resource", "name", "detail"):
        table.add_column(column)
    for change in changes:
        table.add_row(change.action, change.kind, change.name, change.detail)
    console.print(table)
    made = sum(1 for c in changes if c.action != "unchanged")
    console.print("nothing to change" if not made else f"{made} change(s) made")


def print_connection_tests(results: Iterable[Any]) -> None:
    for r in results:
        style = "green" if r.status == "successful" else "bold red"
        console.print(f"{r.endpoint}: [{style}]{r.status}[/] {r.message}")


def print_run_answer(answer: dict[str, Any], default_status: str = "") -> None:
    """One line per StartReplication(Task)/StopReplication(Task) answer: the run's name and status."""
    run = answer.get("ReplicationTask") or answer.get("Replication") or {}
    console.print(
        f"{run.get('ReplicationTaskIdentifier') or run.get('ReplicationConfigIdentifier', '')}: "
        f"{run.get('Status', default_status)}"
    )


def render_status(status: Any) -> Table:
    from migrate.dms.monitor import explain_stop

    title = f"{status.name}: [{STATE_STYLE.get(status.status, 'white')}]{status.status}[/] ({status.migration_type})"
    stats = status.stats
    caption = [
        f"full load {stats.get('FullLoadProgressPercent', 0)}%: loaded {stats.get('TablesLoaded', 0)}, "
        f"loading {stats.get('TablesLoading', 0)}, queued {stats.get('TablesQueued', 0)}, errored {stats.get('TablesErrored', 0)}",
        f"CDC latency: source {_seconds(status.latency_source)}, target {_seconds(status.latency_target)}"
        + (f" ({status.latency_note})" if status.latency_note else ""),
    ]
    if status.stop_reason:
        why = explain_stop(status.stop_reason)
        caption.append(f"stop reason: {status.stop_reason}" + (f" - {why}" if why else ""))
    for what in status.missing:
        caption.append(f"[yellow]not available:[/] {what}")
    if status.failure:
        caption.append(f"[bold red]failure:[/] {status.failure}")
        caption.append("the task's own error lines: aurora-migrate dms logs")
    table = Table(title=title, caption="\n".join(caption), caption_justify="left")
    for column in ("table", "state", "rows loaded", "inserts", "updates", "deletes", "validation", "errors"):
        table.add_column(column, justify="right" if column not in ("table", "state", "validation") else "left")
    for t in status.tables:
        style = "bold red" if t.errors else STATE_STYLE.get(t.state, "white")
        table.add_row(f"{t.schema}.{t.table}", f"[{style}]{t.state}[/]", f"{t.full_load_rows:,}", f"{t.inserts:,}",
                      f"{t.updates:,}", f"{t.deletes:,}", t.validation, str(t.errors))  # fmt: skip
    return table


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g} s"


def print_status(status: Any, as_json: bool = False) -> None:
    if as_json:
        data = dict(status.__dict__)
        data["tables"] = [t.__dict__ for t in status.tables]
        emit_json(data)
    else:
        console.print(render_status(status))


@contextmanager
def live_status(status: Any) -> Iterator[Callable[[Any], None]]:
    """status --watch: the table redrawn in place; yields update(status)."""
    with Live(render_status(status), console=console, refresh_per_second=1) as live:
        yield lambda new: live.update(render_status(new))


def print_left_alone(calls: Iterable[Any]) -> None:
    """destroy: resources tagged with the project that it does not delete, and why."""
    for call in calls:
        if not call.operation:
            console.print(f"[yellow]left alone[/] {call.params['arn']}: {call.why}")


def print_assessment_run(run: dict[str, Any] | None) -> None:
    if run is None:
        console.print("no assessment run yet: run 'aurora-migrate dms assess'")
        return
    stats = run.get("ResultStatistic") or {}
    console.print(f"{run.get('AssessmentRunName', '')}: {run.get('Status', '')} "
                  f"(passed {stats.get('Passed', 0)}, failed {stats.get('Failed', 0)}, error {stats.get('Error', 0)}, "
                  f"warning {stats.get('Warning', 0)}) -> s3://{run.get('ResultLocationBucket', '')}/"
                  f"{run.get('ResultLocationFolder', '')}")  # fmt: skip
    if run.get("LastFailureMessage"):
        console.print(f"[bold red]failure:[/] {run['LastFailureMessage']}")


def print_log_lines(found: list[str], level: str) -> None:
    verbatim(found)
    if not found:
        console.print(f"no {level} lines in the task's log")
