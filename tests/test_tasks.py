"""The library layer the CLI and the runbook call: each task runs from settings alone and returns its result."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import pytest

from migrate.config import load_settings
from migrate.errors import ConfigError
from migrate.model import Severity, load_inventory
from migrate.tasks import AssessRequest, ConvertRequest, assess_project, convert_project, deploy_project

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_assess_then_convert_then_dry_run_deploy_as_library_calls(tmp_path: Path) -> None:
    settings = load_settings(None, {}, {})
    phases: list[str] = []

    def progress(phase: str) -> nullcontext[Callable[..., None]]:
        phases.append(phase)
        return nullcontext(lambda *a, **k: None)

    assessed = assess_project(
        settings, AssessRequest(tmp_path / "a", [EXAMPLES / "sqlserver" / "inventory_app"], dialect="sqlserver"), {},
        progress,
    )  # fmt: skip
    assert assessed.exit_code == 0 and assessed.inventory.source.engine == "sqlserver"
    assert load_inventory(assessed.written["inventory"]) == assessed.inventory
    strict = load_settings(None, {}, {"conversion.strict": True})
    run = convert_project(
        strict, ConvertRequest(tmp_path / "c", inventory_path=assessed.written["inventory"], jobs=1), {}, progress
    )
    assert run.files["deploy"].is_file() and run.result.source_dialect == "sqlserver"
    assert run.strict_failures and all(f.severity >= Severity.HIGH for f in run.strict_failures)
    assert run.exit_code == 1
    report = deploy_project(None, tmp_path / "c", {}, dry_run=True)
    assert report.dry_run and (tmp_path / "c" / "deploy.schema.plan.sql").is_file()
    assert phases == ["scanning", "converting", "analysing", "converting"]  # assess prices from a conversion


def test_a_task_refuses_what_the_cli_would(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nothing to convert"):
        convert_project(load_settings(None, {}, {}), ConvertRequest(tmp_path), {})
