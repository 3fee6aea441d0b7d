"""How the project commands' results are shown: init, doctor, the embedded server, workload capture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from migrate.cli.render.console import console, emit_json, err_console

STATUS_STYLE = {"ok": "green", "warn": "yellow", "error": "bold red", "info": "cyan"}


def print_initialised(path: Path, folder: Path) -> None:
    console.print(f"wrote {path}")
    console.print(f"next: edit it, then run [bold]aurora-migrate doctor --project {folder}[/]")


def print_doctor(project: str, report: Any, as_json: bool = False) -> None:
    if as_json:
        from dataclasses import asdict

        emit_json({"ok": report.ok, "checks": [asdict(c) for c in report.checks],
                   "target_extensions": report.target_extensions})  # fmt: skip
        return
    table = Table(title=f"aurora-migrate doctor: {project}", show_lines=False)
    for column in ("area", "check", "status", "detail"):
        table.add_column(column, overflow="fold")
    for check in report.checks:
        if check.name.startswith("extension "):
            continue
        detail = check.detail + (f"\n[yellow]fix:[/] {check.fix}" if check.fix and check.status != "ok" else "")
        table.add_row(check.area, check.name, f"[{STATUS_STYLE[check.status]}]{check.status}[/]", detail)
    if report.target_extensions:
        have = [name for name, present in report.target_extensions.items() if present]
        lack = [name for name, present in report.target_extensions.items() if not present]
        table.add_row(
            "target",
            "extensions",
            "[green]ok[/]" if not lack else "[yellow]warn[/]",
            f"available: {', '.join(have) or 'none'}\n[yellow]not available here:[/] {', '.join(lack) or 'none'}"
            "\n(--json says what each is for; Aurora PostgreSQL offers every one of these)",
        )
    console.print(table)
    console.print("[green]ready[/]" if report.ok else "[bold red]not ready: fix the errors above[/]")


def print_workload_captured(count: int, todo: int, out: Path) -> None:
    if not count:
        err_console.print("[yellow]the source's statistics hold no statement to replay[/]: nothing written")
        return
    console.print(f"wrote {count} queries to {out}")
    if todo:
        console.print(
            f"{todo} of them take bind parameters: give their values on the -- params: line (see each -- todo:)"
        )
