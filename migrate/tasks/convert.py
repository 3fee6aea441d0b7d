"""Convert a project's schema: choose the inventory (inventory.json or export files), optionally profile the
data, convert, write the output folder, and say which findings `conversion.strict` fails on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from converters.convert import convert_inventory
from converters.output import write_output
from migrate.config import Settings
from migrate.model import ConversionResult, Finding, Severity
from migrate.tasks.progress import NO_PROGRESS, Progress
from migrate.tasks.sources import Profiled, input_warnings, load_or_scan, profile_source, unread

STRICT_SEVERITY = Severity.HIGH  # conversion.strict / --strict fails on findings of this severity or above


@dataclass(frozen=True)
class ConvertRequest:
    out: Path  # output folder
    paths: Sequence[Path] = ()  # export files (else source.files)
    inventory_path: Path | None = None  # inventory.json written by assess
    dialect: str | None = None  # of the export files (else source.dialect)
    profile_data: bool = False
    profile_sample: int | None = None
    jobs: int | None = None  # processes converting view queries; None = one per core


@dataclass(frozen=True)
class ConvertRun:
    result: ConversionResult
    files: dict[str, Path]  # what write_output wrote
    profiled: Profiled | None
    strict_failures: tuple[Finding, ...]  # conversion.strict: the findings that fail the run; () when not strict
    warnings: tuple[str, ...] = ()  # about the input files (another dialect, nothing in them)
    unread: tuple[str, ...] = ()  # what could not be read: the conversion is incomplete (the same rule as assess)

    @property
    def exit_code(self) -> int:
        return 2 if self.unread else 1 if self.strict_failures else 0


def convert_project(
    settings: Settings, request: ConvertRequest, env: Mapping[str, str], progress: Progress = NO_PROGRESS
) -> ConvertRun:
    inventory = load_or_scan(settings, request.paths, request.inventory_path, request.dialect, progress)
    profiled = None
    if request.profile_data:
        profiled = profile_source(inventory, settings, env, request.profile_sample, progress)
        inventory = profiled.inventory
    with progress("converting") as update:
        result = convert_inventory(inventory, settings.conversion, settings.target.version, update, request.jobs)
    files = write_output(result, request.out)
    every = [*result.findings, *(f for o in result.objects for f in o.findings)]
    worst = tuple(f for f in every if f.severity >= STRICT_SEVERITY) if settings.conversion.strict else ()
    from_files = request.inventory_path is None
    return ConvertRun(
        result,
        files,
        profiled,
        worst,
        input_warnings(inventory) if from_files else (),
        unread(inventory) if from_files else (),
    )
