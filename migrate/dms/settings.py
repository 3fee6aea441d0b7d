"""DMS task-settings presets for full-load, full-load-and-cdc and cdc, each value with its reason.

A preset is a table of (setting path, value, reason) rows merged as {**BASE, **PRESET}; the values
that depend on the tables (LOB mode, parallel sub-tasks, batch apply) are added from the MappingPlan.
plan.md prints every row with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from migrate.config import DmsSettings
from migrate.dms.mappings import MappingPlan
from migrate.dms.table_settings import FULL_LOB_CHUNK_KB
from migrate.errors import ConfigError

Row = tuple[Any, str]  # (value, reason)

MIGRATION_TYPES = ("full-load", "full-load-and-cdc", "cdc")
CONTROL_SCHEMA = "aurora_migrate_dms"

BASE: dict[str, Row] = {
    "TargetMetadata.TargetSchema": ("", "schema names come from the table mappings' transformation rules"),
    "FullLoadSettings.TargetTablePrepMode": (
        "DO_NOTHING",
        "the converter already created the tables, constraints and types; DMS must not drop or recreate them",
    ),
    "FullLoadSettings.CreatePkAfterFullLoad": (False, "keys exist before the load (DO_NOTHING keeps the schema)"),
    "FullLoadSettings.CommitRate": (10000, "DMS's default rows per commit; larger batches gain little on PostgreSQL"),
    "Logging.EnableLogging": (
        True,
        "CloudWatch logs are the only place DMS explains a failed table (needs the dms-cloudwatch-logs-role IAM role)",
    ),
    "Logging.LogComponents": (
        [
            {"Id": component, "Severity": "LOGGER_SEVERITY_DEFAULT"}
            for component in ("SOURCE_UNLOAD", "SOURCE_CAPTURE", "TARGET_LOAD", "TARGET_APPLY", "TASK_MANAGER")
        ],
        "default severity for the five components that explain load and apply errors, without debug volume",
    ),
    "ControlTablesSettings.ControlSchema": (
        CONTROL_SCHEMA,
        "keeps DMS's awsdms_* control tables out of the application's schemas",
    ),
    "ControlTablesSettings.HistoryTimeslotInMinutes": (5, "history rows every 5 minutes for post-mortems"),
    "ControlTablesSettings.HistoryTableEnabled": (True, "per-timeslot throughput history on the target"),
    "ControlTablesSettings.SuspendedTablesTableEnabled": (True, "lists suspended tables and why, on the target"),
    "ControlTablesSettings.StatusTableEnabled": (True, "task status readable from the target during cutover"),
    "ErrorBehavior.DataErrorPolicy": (
        "SUSPEND_TABLE",
        "a row DMS cannot convert suspends its table (reported by 'dms status') instead of being skipped silently",
    ),
    "ErrorBehavior.DataTruncationErrorPolicy": (
        "SUSPEND_TABLE",
        "a truncated value is data loss: stop that table and report it rather than load it short",
    ),
    "ErrorBehavior.TableErrorPolicy": ("SUSPEND_TABLE", "one failing table does not stop the others"),
    "ErrorBehavior.TableErrorEscalationPolicy": ("STOP_TASK", "many failing tables mean a systemic problem"),
    "ErrorBehavior.TableErrorEscalationCount": (10, "ten suspended tables stop the task"),
    "ErrorBehavior.RecoverableErrorCount": (-1, "retry connection losses forever (DMS backs off by itself)"),
    "ErrorBehavior.FailOnNoTablesCaptured": (True, "a task whose mappings match no table is a mistake, not a success"),
    "ValidationSettings.ValidationMode": ("ROW_LEVEL", "compare each row by key"),
    "ValidationSettings.ThreadCount": (5, "DMS's default validation threads"),
    "ValidationSettings.FailureMaxCount": (10000, "stop validating a table after 10,000 mismatches"),
    "ValidationSettings.HandleCollationDiff": (
        True,
        "source and PostgreSQL sort strings differently; without this DMS reports phantom mismatches",
    ),
}

# Change processing matters only when a task captures changes.
CDC: dict[str, Row] = {
    "ErrorBehavior.ApplyErrorInsertPolicy": (
        "LOG_ERROR",
        "a duplicate key while changes cached during full load are applied is expected; log it to awsdms_apply_exceptions",
    ),
    "ErrorBehavior.ApplyErrorUpdatePolicy": ("LOG_ERROR", "an update of a missing row is logged for review"),
    "ErrorBehavior.ApplyErrorDeletePolicy": ("IGNORE_RECORD", "deleting a row that is already gone changes nothing"),
    "ErrorBehavior.FullLoadIgnoreConflicts": (True, "rows changed during full load arrive again through CDC"),
    "ChangeProcessingDdlHandlingPolicy.HandleSourceTableDropped": (
        False,
        "the converter owns the target schema: a source DDL must not drop target tables",
    ),
    "ChangeProcessingDdlHandlingPolicy.HandleSourceTableTruncated": (True, "a truncate is data: replay it"),
    "ChangeProcessingDdlHandlingPolicy.HandleSourceTableAltered": (
        False,
        "schema changes go through the converter, not DMS's DDL translation",
    ),
    "ChangeProcessingTuning.BatchApplyTimeoutMin": (1, "apply batches at least every second"),
    "ChangeProcessingTuning.BatchApplyTimeoutMax": (30, "never hold changes more than 30 seconds"),
    "ChangeProcessingTuning.BatchApplyMemoryLimit": (500, "MB of changes per batch: DMS's default"),
    "ChangeProcessingTuning.MemoryLimitTotal": (1024, "MB of in-memory transactions before spilling to disk"),
    "ChangeProcessingTuning.CommitTimeout": (1, "commit at least every second so latency stays low"),
}

PRESETS: dict[str, dict[str, Row]] = {
    "full-load": {
        **BASE,
        "FullLoadSettings.StopTaskCachedChangesApplied": (False, "a full-load task caches no changes"),
    },
    "full-load-and-cdc": {
        **BASE,
        **CDC,
        "FullLoadSettings.StopTaskCachedChangesNotApplied": (False, "go straight from full load into CDC"),
        "FullLoadSettings.StopTaskCachedChangesApplied": (False, "keep replicating after cached changes apply"),
    },
    "cdc": {**BASE, **CDC},
}


@dataclass(frozen=True)
class TaskSettings:
    migration_type: str
    rows: tuple[tuple[str, Any, str], ...]  # (path, value, reason), in document order

    @property
    def document(self) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for path, value, _reason in self.rows:
            section, _, key = path.partition(".")
            answer.setdefault(section, {})[key] = value
        return answer


def build_task_settings(migration_type: str, dms: DmsSettings, mapping: MappingPlan) -> TaskSettings:
    preset = PRESETS.get(migration_type)
    if preset is None:
        raise ConfigError(
            f"DMS migration type '{migration_type}' is not known", f"use one of: {', '.join(MIGRATION_TYPES)}"
        )
    rows = {**preset, **_lob_rows(mapping), **_load_rows(mapping), **_validation_rows(dms)}
    if migration_type != "full-load":
        rows |= _batch_apply_rows(mapping)
    return TaskSettings(migration_type, tuple((path, value, reason) for path, (value, reason) in rows.items()))


def _lob_rows(mapping: MappingPlan) -> dict[str, Row]:
    if not mapping.lob:
        return {"TargetMetadata.SupportLobs": (False, "no selected table has a LOB column")}
    limited = [d.size_kb for d in mapping.lob if d.mode == "limited"]
    full = [d.table for d in mapping.lob if d.mode == "unlimited"]
    largest = max(limited, default=32)
    bound_why = f"largest per-table limited LOB bound ({largest} KB)" if limited else "DMS's default; no table uses it"
    return {
        "TargetMetadata.SupportLobs": (True, f"{len(mapping.lob)} table(s) have LOB columns"),
        "TargetMetadata.FullLobMode": (False, "per-table lob-settings rules choose full mode where needed"),
        "TargetMetadata.LimitedSizeLobMode": (True, "the task default; tables with unknown sizes override it"),
        "TargetMetadata.LobMaxSize": (largest, bound_why),
        "TargetMetadata.LobChunkSize": (FULL_LOB_CHUNK_KB, f"chunk size for the {len(full)} full-LOB table(s)"),
        "TargetMetadata.InlineLobMaxSize": (0, "no inline LOBs: the per-table bound decides"),
    }


def _load_rows(mapping: MappingPlan) -> dict[str, Row]:
    if not mapping.parallel_tables:
        return {"FullLoadSettings.MaxFullLoadSubTasks": (8, "DMS's default: eight tables load at once")}
    return {
        "FullLoadSettings.MaxFullLoadSubTasks": (
            16,
            f"{len(mapping.parallel_tables)} table(s) load in parallel segments; 16 sub-tasks let segments run together",
        )
    }


def _validation_rows(dms: DmsSettings) -> dict[str, Row]:
    if dms.validation:
        return {"ValidationSettings.EnableValidation": (True, "dms.validation = true in migration.toml")}
    return {
        "ValidationSettings.EnableValidation": (
            False,
            "dms.validation = false: 'aurora-migrate validate' checks the data independently of DMS",
        )
    }


def _batch_apply_rows(mapping: MappingPlan) -> dict[str, Row]:
    if mapping.tables_without_key:
        count = len(mapping.tables_without_key)
        reason = f"{count} table(s) have no primary key; batch apply needs one to apply updates and deletes"
        return {"TargetMetadata.BatchApplyEnabled": (False, reason)}
    return {
        "TargetMetadata.BatchApplyEnabled": (True, "every table has a primary key: apply changes in batches"),
        "ChangeProcessingTuning.BatchApplyPreserveTransaction": (True, "keep source transactions whole"),
    }
