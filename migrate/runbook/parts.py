"""What the runbook drives, behind one small interface: the replication, the validators, the deploy, the two
databases and AWS. `LiveParts` calls the library layer the CLI calls (migrate.tasks: the project's inputs, validate,
the post-load deploy; migrate.dms for the replication), never the CLI; tests can pass another `Parts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from migrate.config import Settings
from migrate.dms.client import Api
from migrate.dms.monitor import Status
from migrate.engines import DatabaseUrl, connect, endpoint_url
from migrate.engines.base import Connection
from migrate.model import ConversionResult, DeployReport, Inventory
from migrate.tasks import ValidateRequest, conversion_file, deploy_post_load, project_inputs, validate_project
from validators.result import ValidationReport


class Parts(Protocol):
    settings: Settings

    def api(self) -> Api: ...
    def source_url(self) -> DatabaseUrl: ...
    def target_url(self) -> DatabaseUrl: ...
    def connect(self, role: str) -> Connection: ...
    def inventory(self) -> tuple[Inventory, ConversionResult | None]: ...
    def replication_status(self, with_tables: bool = True) -> Status: ...
    def latency_series(self, minutes: int) -> tuple[tuple[float, ...], tuple[float, ...]]: ...
    def stop_replication(self, timeout: float) -> bool: ...
    def validate(self, checks: tuple[str, ...], out: Path, recheck_after: float | None) -> ValidationReport: ...
    def deploy_post_load(self, conn: Connection) -> DeployReport | None: ...


@dataclass
class LiveParts:
    """The real thing: migrate.dms on AWS (or an emulator at aws.endpoint_url), validators, migrate.deploy."""

    settings: Settings
    env: Mapping[str, str]
    progress: Callable[[str], None] = lambda _m: None
    _api: Api | None = field(default=None, repr=False)
    _tables_missing: str = ""

    def api(self) -> Api:
        if self._api is None:
            self._api = Api(self.settings.aws)
        return self._api

    def source_url(self) -> DatabaseUrl:
        return endpoint_url(self.settings.source, self.settings.aws, self.env, "source")

    def target_url(self) -> DatabaseUrl:
        return endpoint_url(self.settings.target, self.settings.aws, self.env, "target")

    def connect(self, role: str) -> Connection:
        return connect(self.source_url() if role == "source" else self.target_url())

    def inventory(self) -> tuple[Inventory, ConversionResult | None]:
        return project_inputs(self.settings)

    def replication_status(self, with_tables: bool = True) -> Status:
        """The task's status; per-table statistics that failed once are not asked for again in this process (an
        emulator without DescribeTableStatistics answers 500 after every retry), and stay named as missing."""
        from dataclasses import replace

        from migrate.dms.monitor import read_status

        ask = with_tables and not self._tables_missing
        status = read_status(self.api(), self.settings, with_tables=ask)
        failed = [m for m in status.missing if m.startswith("per-table")]
        if failed:
            self._tables_missing = failed[0]
        elif with_tables and self._tables_missing:
            status = replace(status, missing=(*status.missing, self._tables_missing))
        return status

    def latency_series(self, minutes: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
        from migrate.dms.monitor import cdc_latency_series, find_run, flavor

        run = find_run(self.api(), self.settings)
        source, target = cdc_latency_series(self.api(), self.settings, run[flavor(self.settings).arn_key], minutes)
        return source, target

    def stop_replication(self, timeout: float) -> bool:
        from migrate.dms.control import stop_if_running

        return stop_if_running(self.api(), self.settings, timeout=timeout)

    def validate(self, checks: tuple[str, ...], out: Path, recheck_after: float | None) -> ValidationReport:
        inventory, _conversion = self.inventory()
        # only the migrated tables: the target may hold others (aurora_migrate's probe, the application's new ones)
        patterns = tuple(t.qualified_name for t in inventory.tables())
        request = ValidateRequest(checks, patterns, out=out, formats=("json", "html"), recheck_after=recheck_after,
                                  conversion=conversion_file(self.settings))  # fmt: skip
        return validate_project(self.settings, request, self.env).report

    def deploy_post_load(self, conn: Connection) -> DeployReport | None:
        return deploy_post_load(self.settings, conn)
