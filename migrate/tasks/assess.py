"""Assess a project's source: scan (files or live), optionally profile the data, analyse, write the reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessments.analysis import Assessment, analyze
from assessments.report import write_reports
from converters.convert import SOURCES, convert_inventory
from migrate.config import Settings
from migrate.errors import MigrateError
from migrate.model import Inventory
from migrate.tasks.progress import NO_PROGRESS, Progress
from migrate.tasks.sources import Profiled, input_warnings, profile_source, scan_source


@dataclass(frozen=True)
class AssessRequest:
    out: Path  # folder the report files are written to
    paths: Sequence[Path] = ()  # export files (else source.files, else the live source.url)
    live: bool = False  # a live source was named for this run (export files as well are a mistake)
    dialect: str | None = None  # of the export files (else source.dialect)
    schemas: Sequence[str] | None = None  # live: schemas to scan (None: source.schemas)
    target_profile: str | None = None  # else target.profile, else aurora-postgresql
    profile_data: bool = False
    profile_sample: int | None = None


@dataclass(frozen=True)
class AssessRun:
    inventory: Inventory
    assessment: Assessment
    written: dict[str, Path]  # report kind -> file
    profiled: Profiled | None  # what --profile-data read
    warnings: tuple[str, ...] = ()  # about the input files (another dialect, nothing in them)
    priced_from_rules: str = ""  # why objects are priced from the rules alone (convert could not run), else ""

    @property
    def exit_code(self) -> int:
        """0 even with findings; 2 when the scan could not complete (the report says so)."""
        return 0 if self.assessment.complete else 2


def assess_project(
    settings: Settings, request: AssessRequest, env: Mapping[str, str], progress: Progress = NO_PROGRESS
) -> AssessRun:
    profile = request.target_profile or settings.target.profile  # config.TARGET_PROFILES: each an assessments profile
    inventory = scan_source(
        settings, env, request.paths, request.live, request.dialect, request.schemas, progress=progress
    )
    profiled = None
    if request.profile_data:  # inventory.json then carries the profiles for convert
        profiled = profile_source(inventory, settings, env, request.profile_sample, progress)
        inventory = profiled.inventory
    conversion, why = None, ""
    if inventory.source.engine in SOURCES:  # the report prices what convert leaves (assessments/outcome.py)
        try:
            with progress("converting") as update:
                conversion = convert_inventory(inventory, settings.conversion, settings.target.version, update)
        except MigrateError as error:
            why = f"convert failed: {error.message}"
    with progress("analysing") as update:
        assessment = analyze(inventory, profile, update, settings.target.version, conversion)
    written = write_reports(inventory, assessment, request.out)
    return AssessRun(inventory, assessment, written, profiled, input_warnings(inventory), why)
