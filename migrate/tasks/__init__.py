"""The library layer: "assess / convert / deploy / validate this project" as plain functions.

Each task takes the project's `Settings` (plus what the caller chose for this run), returns a result, reports
progress through a callback and never prints or exits: the CLI (migrate/cli) parses options, calls one task and
renders its result; the cutover runbook calls the same functions.

    from migrate.tasks import ConvertRequest, convert_project
    run = convert_project(settings, ConvertRequest(inventory_path=Path("assessment/inventory.json"), out=Path("out")))
    run.strict_failures  # findings of severity high or above, when conversion.strict is set
"""

from migrate.tasks.assess import AssessRequest, AssessRun, assess_project
from migrate.tasks.convert import ConvertRequest, ConvertRun, convert_project
from migrate.tasks.deploy import deploy_post_load, deploy_project
from migrate.tasks.dms import plan_dms, write_dms_plan
from migrate.tasks.progress import NO_PROGRESS, Progress
from migrate.tasks.project import conversion_file, converted_folder, project_inputs
from migrate.tasks.sources import Profiled, load_or_scan, profile_source, scan_source
from migrate.tasks.validate import ValidateRequest, ValidateRun, validate_project

__all__ = [
    "NO_PROGRESS",
    "AssessRequest",
    "AssessRun",
    "ConvertRequest",
    "ConvertRun",
    "Profiled",
    "Progress",
    "ValidateRequest",
    "ValidateRun",
    "assess_project",
    "conversion_file",
    "convert_project",
    "converted_folder",
    "deploy_post_load",
    "deploy_project",
    "load_or_scan",
    "plan_dms",
    "profile_source",
    "project_inputs",
    "scan_source",
    "validate_project",
    "write_dms_plan",
]
