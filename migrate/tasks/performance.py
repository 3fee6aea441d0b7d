"""Performance validation: replay a workload on source and target and flag what got slower (or returns other
rows); build a workload from the source's own statement statistics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from converters.rewrite import convert_query
from migrate.config import Settings
from migrate.engines import connect, endpoint_url
from migrate.errors import ConfigError
from migrate.model import Severity
from migrate.model.engines import ENGINES
from migrate.tasks.progress import NO_PROGRESS, Progress
from validators.performance.capture import capture
from validators.performance.report import write_reports
from validators.performance.result import PerformanceReport
from validators.performance.runner import Conversion, Converter, RunOptions, run_workload
from validators.performance.workload import read_workload, write_workload

# conversion findings at or above this severity mean the converted text cannot be trusted to mean the same thing:
# the query is reported, not timed (a timing of a different query would be a silent wrong answer)
BLOCKING = Severity.HIGH


def converter_for(source_engine: str) -> Converter:
    """The project's converter, for one source engine, as the runner takes it."""

    def convert(sql: str) -> Conversion:
        converted = convert_query(sql, source_engine)
        notes = tuple(f"{f.rule_id}: {f.message}" for f in converted.findings)
        blocking = "; ".join(f"{f.rule_id}: {f.message}" for f in converted.findings if f.severity >= BLOCKING)
        return Conversion(converted.sql, notes, blocking)

    return convert


@dataclass(frozen=True)
class PerformanceRun:
    report: PerformanceReport
    files: tuple[Path, ...]  # reports written under `out`

    @property
    def exit_code(self) -> int:
        """0 nothing flagged, 1 slower or different rows, 2 could not run."""
        return self.report.exit_code


def replay_workload(
    settings: Settings,
    workload: Path,
    options: RunOptions,
    env: Mapping[str, str],
    out: Path | None = None,
    formats: tuple[str, ...] = ("text",),
    progress: Progress = NO_PROGRESS,
) -> PerformanceRun:
    """Run `workload` (in the source's dialect; converted for the target) on both sides; reports under `out`."""
    source = endpoint_url(settings.source, settings.aws, env, "source")
    target = endpoint_url(settings.target, settings.aws, env, "target")
    if not ENGINES[target.engine].is_target:
        raise ConfigError(f"the target must be PostgreSQL, not {target.engine}", "pass --target postgresql://...")
    loaded = read_workload(workload)
    with progress("running the workload") as update:
        report = run_workload(source, target, loaded, converter_for(source.engine), options, update)
    if out is None:
        return PerformanceRun(report, ())
    return PerformanceRun(report, tuple(write_reports(report, out, (*(f for f in formats if f != "text"), "text"))))


def capture_source_workload(settings: Settings, env: Mapping[str, str], top: int, out: Path) -> tuple[int, int]:
    """The `top` statements of the source's statistics written to `out` as a workload: (statements, how many
    need their bind values given). Nothing is written when the statistics hold none."""
    source = endpoint_url(settings.source, settings.aws, env, "source")
    with connect(source, read_only=True) as conn:
        queries = capture(conn, source.engine, top)
    if queries:
        write_workload(queries, out)
    return len(queries), sum(1 for q in queries if q.todo)
