"""Validate a project after the load: source and target hold the same data (counts, checksums, aggregates,
schema parity), with the comparison policy from the project's [validation] settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.config import Settings
from migrate.engines import endpoint_url
from migrate.errors import ConfigError, InputError
from migrate.model import ModelFormatError, load_conversion, load_inventory
from migrate.model.comparison import Policy
from validators.recheck import recheck_report
from validators.report import write_reports
from validators.result import ValidationReport
from validators.run import ValidationOptions, validate


@dataclass(frozen=True)
class ValidateRequest:
    checks: tuple[str, ...]  # schema, counts, checksums, aggregates
    patterns: tuple[str, ...] = ()  # only tables matching these (schema.table or table; * ?)
    where: str = ""  # only rows matching this filter (PostgreSQL syntax, translated per side)
    threads: int | None = None  # else validation.threads
    out: Path | None = None  # reports and the resume checkpoint
    resume: bool = False
    estimate: bool = False
    group_by: str = ""
    segment_rows: int | None = None  # else validation.segment_rows
    md5_only: bool = False  # the cross-engine md5 path even when both sides are PostgreSQL
    inventory: Path | None = None
    conversion: Path | None = None
    formats: tuple[str, ...] = ("text",)  # reports written under `out` (text always)
    recheck_after: float | None = None  # checksums on a replicating pair: re-read differing keys after this lag


@dataclass(frozen=True)
class ValidateRun:
    report: ValidationReport
    files: tuple[Path, ...]  # reports written under request.out

    @property
    def exit_code(self) -> int:
        """0 all match, 1 differences found, 2 could not run."""
        return self.report.exit_code


def validate_project(
    settings: Settings,
    request: ValidateRequest,
    env: Mapping[str, str],
    progress: Callable[..., None] = lambda *a, **k: None,
    on_table: Callable[[str, str], None] = lambda table, state: None,
) -> ValidateRun:
    """`progress(done, total, label)` per table finished; `on_table(table, state)` says what a table is doing."""
    if request.resume and request.out is None:
        raise ConfigError("--resume needs --out: the checkpoint lives in the --out folder", "add --out DIR")
    source = endpoint_url(settings.source, settings.aws, env, "source")
    target = endpoint_url(settings.target, settings.aws, env, "target") if settings.target.url else None
    if target is None:
        raise ConfigError("no target URL is configured", "pass --target postgresql://... or set target.url")
    v = settings.validation
    options = ValidationOptions(
        checks=request.checks,
        patterns=request.patterns,
        where=request.where,
        threads=request.threads or v.threads,
        out=request.out,
        resume=request.resume,
        estimate=request.estimate,
        group_by=request.group_by,
        segment_rows=request.segment_rows or v.segment_rows,
        fast=not request.md5_only,
        policy=Policy.of(v),
        inventory=_load(request.inventory, load_inventory, "inventory"),
        conversion=_load(request.conversion, load_conversion, "conversion"),
        schema_map=dict(settings.conversion.schema_map),
    )
    report = validate(source, target, options, progress, on_table)
    if request.recheck_after is not None:  # rows in flight settle; only keys that still differ are reported
        recheck_report(report, source, target, options, request.recheck_after)
    if request.out is None:
        return ValidateRun(report, ())
    formats = (*tuple(f for f in request.formats if f != "text"), "text")
    return ValidateRun(report, tuple(write_reports(report, request.out, formats)))


def _load(path: Path | None, loader: Callable[[Path], Any], what: str) -> Any:
    if path is None:
        return None
    try:
        return loader(path)
    except (ModelFormatError, OSError, ValueError) as exc:
        raise InputError(
            f"cannot read {what} {path}: {exc}", f"point --{what} at the file the earlier step wrote"
        ) from None
