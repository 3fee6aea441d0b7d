"""Plan the project's AWS DMS replication offline: table mappings, task settings and every API call, checked
against the DMS API model before anything is sent; written to <project>/dms with the reasons (plan.md)."""

from __future__ import annotations

from pathlib import Path

from migrate.config import Settings
from migrate.dms.client import validate
from migrate.dms.markdown import render_plan
from migrate.dms.plan import DmsPlan, build_plan, write_plan
from migrate.tasks.project import project_inputs

DMS_FOLDER = "dms"  # relative to the project folder


def plan_dms(
    settings: Settings,
    inventory_path: Path | None = None,
    conversion_path: Path | None = None,
    migration_type: str | None = None,
) -> DmsPlan:
    """The plan from the project's inventory and conversion (or the files named); `migration_type` overrides
    dms.migration_type. An unknown member or a wrong type in any call fails here, offline."""
    plan = build_plan(
        settings, *project_inputs(settings, inventory_path, conversion_path), migration_type=migration_type
    )
    for call in plan.calls:
        validate(call.operation, call.params)
    return plan


def write_dms_plan(settings: Settings, plan: DmsPlan) -> list[Path]:
    """<project>/dms/table-mappings.json, task-settings.json and plan.md."""
    return write_plan(plan, settings.project_dir / DMS_FOLDER, render_plan(plan))
