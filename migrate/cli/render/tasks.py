"""How the tasks' results are shown: assess, convert, deploy, validate (migrate.tasks), and the rule list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich.table import Table

from migrate.cli.render.console import console, err_console, print_files, print_wrote, verbatim
from migrate.deploy import plan_file, report_file
from migrate.model import ConversionResult, DeployReport, DeployStatus, LedgerStatus, Severity
from migrate.tasks import AssessRun, ConvertRun, Profiled
from migrate.tasks.performance import PerformanceRun
from validators.performance.report import to_text as performance_text
from validators.report import to_text
from validators.result import ValidationReport

STATUS_STYLE = {
    "converted": "green",
    "converted_with_findings": "yellow",
    "manual": "magenta",
    "failed": "bold red",
    "ok": "green",
    "error": "bold red",
    "skipped_dependency": "yellow",
    "skipped_manual": "magenta",
}


SEVERITY_STYLE = {"blocker": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def print_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        err_console.print(f"[yellow]warning[/]: {warning}", soft_wrap=True)


def print_unread(unread: tuple[str, ...]) -> None:
    """What could not be read: the run is incomplete (exit 2), the same rule for assess and convert."""
    if unread:
        err_console.print("[bold red]INCOMPLETE[/]: the conversion misses what could not be read:")
        for line in unread:
            err_console.print(f"  - {line}", soft_wrap=True)


def print_profiled(profiled: Profiled) -> None:
    how = f"first {profiled.sample} rows of each table" if profiled.sample else "full scan"
    console.print(f"profiled {profiled.columns} column(s) in {profiled.tables} table(s) ({how})")


def print_assess_run(run: AssessRun) -> None:
    print_warnings(run.warnings)
    if run.priced_from_rules:
        print_warnings((f"objects priced from the rules alone: {run.priced_from_rules}",))
    if run.profiled is not None:
        print_profiled(run.profiled)
    print_assessment(run.assessment, run.written)


def print_convert_run(run: ConvertRun, out: Path) -> None:
    print_warnings(run.warnings)
    if run.profiled is not None:
        print_profiled(run.profiled)
    print_conversion(run.result)
    files = run.files
    console.print(f"wrote {files['deploy']}, {files['conversion']}, {files['summary']} and {out / 'objects'}/")
    print_unread(run.unread)
    if run.strict_failures:
        console.print(f"[bold red]--strict: {len(run.strict_failures)} finding(s) of severity high or above[/]")


def print_deploy_run(report: DeployReport, result_dir: Path, dry_run: bool, post_load: bool) -> None:
    print_deploy(report)
    print_wrote(plan_file(result_dir, post_load) if dry_run else report_file(result_dir, post_load))


def print_conversion(result: ConversionResult) -> None:
    counts = Counter((o.kind, o.status.value) for o in result.objects)
    statuses = ["converted", "converted_with_findings", "manual", "failed"]
    table = Table(title=f"convert: {result.source_dialect} -> PostgreSQL {result.target_version}")
    table.add_column("kind")
    for status in statuses:
        table.add_column(status, justify="right", style=STATUS_STYLE[status])
    for kind in sorted({k for k, _ in counts}):
        table.add_row(kind, *(str(counts.get((kind, s), "")) for s in statuses))
    console.print(table)
    severities = Counter(f.severity.value for o in result.objects for f in o.findings)
    severities.update(f.severity.value for f in result.findings)
    console.print("findings: " + (", ".join(f"{s.value} {severities[s.value]}" for s in reversed(Severity)
                                            if severities[s.value]) or "none"))  # fmt: skip
    ledger = result.ledger
    console.print(
        f"ledger: {ledger.statements_in} in = {ledger.count(LedgerStatus.CONVERTED)} converted + "
        f"{ledger.count(LedgerStatus.FLAGGED)} flagged + {ledger.count(LedgerStatus.IGNORED)} ignored (reconciles)"
    )


def print_deploy(report: DeployReport) -> None:
    table = Table(title=f"deploy to {report.target} {report.server_version}".strip())
    for column in ("kind", "object", "status", "error"):
        table.add_column(column, overflow="fold")
    for o in report.outcomes:
        if o.status in (DeployStatus.ERROR, DeployStatus.SKIPPED_DEPENDENCY):  # manual ones are in conversion.md
            error = f"{o.error} ({o.sqlstate})" if o.sqlstate else o.error
            table.add_row(o.kind, f"{o.schema}.{o.name}", f"[{STATUS_STYLE[o.status.value]}]{o.status.value}[/]", error)
    if table.row_count:
        console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
    console.print(
        ", ".join(f"{s.value} {report.count(s)}" for s in DeployStatus) + (" (dry run)" if report.dry_run else "")
    )
    if report.routine_check:
        console.print(f"routine bodies: {report.routine_check}")


def print_rules(dialect: str | None) -> None:
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


def print_assessment(assessment: Any, written: dict[str, Path]) -> None:
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


def print_performance(run: PerformanceRun) -> None:
    verbatim([performance_text(run.report)])
    print_files(run.files)


def print_validation(report: ValidationReport, files: tuple[Path, ...]) -> None:
    verbatim([to_text(report)])
    print_files(files)
