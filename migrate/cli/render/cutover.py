"""How the `cutover` commands' results are shown: where the run stands, step by step, and what it did."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.table import Table

from migrate.cli.render.console import console

STATUS_STYLE = {"done": "green", "failed": "bold red", "skipped": "yellow", "waiting": "cyan", "started": "cyan",
                "acted": "cyan", "pending": "white"}  # fmt: skip


def print_cutover_status(state: Any, folder: Path, steps: Iterable[Any]) -> None:
    """Each step's status, result and who confirmed it; `state` None: no run yet in `folder`."""
    if state is None:
        console.print(f"no cutover has run in {folder}: 'aurora-migrate cutover plan', then 'cutover run'")
        return
    table = Table(title=f"cutover {state.project} (run {state.run_id}): {state.phase}")
    for column in ("#", "step", "status", "result"):
        table.add_column(column, overflow="fold")
    for number, step in enumerate(steps, 1):
        st = state.steps[step.id]
        who = f" (confirmed by {st.confirmed_by})" if st.confirmed_by else ""
        table.add_row(
            str(number), step.id, f"[{STATUS_STYLE.get(st.status, 'white')}]{st.status}[/]", st.detail[:300] + who
        )
    console.print(table)
    if state.rollback:
        console.print("rollback: " + ", ".join(state.rollback))


def print_outcome(outcome: str, until: str | None, report: Path) -> None:
    done = "stopped after " + str(until) if outcome == "until" else "cutover complete"
    console.print(f"[green]{done}[/]; report: {report}")


def print_rolled_back(done: Iterable[str]) -> None:
    for line in done:
        console.print(line)
    console.print("[yellow]rolled back[/]: the source is the primary again; 'aurora-migrate dms start' resumes the "
                  "forward task when you try again")  # fmt: skip
