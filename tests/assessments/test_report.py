"""The published files: one self-contained HTML, versioned JSON, CSV, Markdown, SARIF 2.1.0, inventory.json."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from assessments.analysis import Assessment, analyze
from assessments.report import FILES, write_reports
from assessments.report.summary import (
    RECOMMENDATIONS,
    complexity_meaning,
    executive_summary,
    recommendation,
    version_note,
)
from migrate.model import (
    Column,
    Finding,
    Inventory,
    Location,
    Routine,
    RoutineKind,
    Schema,
    Severity,
    SourceInfo,
    Table,
    View,
    load_inventory,
    parse_column_type,
)

CODE = """CREATE OR REPLACE PROCEDURE hr.close_month IS
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  UPDATE hr.payroll SET closed = 'Y' WHERE period = '';
  COMMIT;
EXCEPTION WHEN OTHERS THEN NULL;
END;"""


def sample(complete: bool = True) -> Inventory:
    table = Table(
        "HR",
        "PAYROLL",
        columns=(
            Column("PERIOD", parse_column_type("DATE", "oracle")),
            Column("DOC", parse_column_type("XMLTYPE", "oracle")),
        ),
        location=Location("exports/01_tables.sql", 3),
        size_bytes=2 * 1024**3,
        row_count=1_000_000,
    )
    view = View(
        "HR",
        "TREE",
        "SELECT id FROM emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr",
        location=Location("exports/04_views.sql", 8),
    )
    routine = Routine("HR", "CLOSE_MONTH", RoutineKind.PROCEDURE, CODE, "plsql", Location("exports/05_code.sql", 20))
    lost = Finding(
        "SCAN-FILE-001",
        Severity.HIGH,
        "cannot read exports/06.sql",
        "file",
        "exports/06.sql",
        Location("exports/06.sql"),
    )
    return Inventory(
        SourceInfo("oracle", "19c", database="HRPROD"),
        schemas=(Schema("HR", tables=(table,), views=(view,), routines=(routine,)),),
        findings=() if complete else (lost,),
        complete=complete,
    )  # fmt: skip


@pytest.fixture
def written(tmp_path: Path) -> tuple[Inventory, Assessment, dict[str, Path]]:
    inventory = sample()
    assessment = analyze(inventory)
    return inventory, assessment, write_reports(inventory, assessment, tmp_path / "out")


def test_every_file_is_written(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, _, paths = written
    assert {p.name for p in paths.values()} == set(FILES.values())
    assert all(p.stat().st_size > 0 for p in paths.values())


def test_inventory_json_round_trips(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    inventory, _, paths = written
    assert load_inventory(paths["inventory"]) == inventory


def test_assessment_json_is_versioned_and_complete(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, assessment, paths = written
    doc = json.loads(paths["json"].read_text())
    assert (doc["format"], doc["version"]) == ("aurora-migrate/assessment", 1)
    data = doc["data"]
    assert len(data["findings"]) == len(assessment.findings)
    assert data["database"]["effort"]["hours"] == pytest.approx(assessment.database.effort.hours)
    assert data["complete"] is True and data["profile"] == "aurora-postgresql"
    assert data["code_lines"] == CODE.count("\n") + 1
    assert set(data["top_blockers"]) <= {r["rule_id"] for r in data["rules"]}
    assert {"ORA-AUTONOMOUS-001", "ORA-CONNECTBY-001", "ORA-XMLTYPE-001"} <= {f["rule_id"] for f in data["findings"]}


def test_html_is_one_self_contained_file(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, _, paths = written
    html = paths["html"].read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing fetched from a network
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    assert html.count("<svg") >= 4  # charts drawn inline
    order = [html.index(f'id="{s}"') for s in ("summary", "findings", "objects", "dependencies", "fit", "sizing")]
    assert order == sorted(order)  # executive summary first
    assert "ORA-AUTONOMOUS-001" in html and "05_code.sql:21" in html and 'title="exports/05_code.sql"' in html
    assert "INCOMPLETE SCAN" not in html
    assert html.index("Behaviour changes to test") < html.index('id="findings"')  # ORA-EMPTYSTR-001, ORA-COMMIT-001


def test_csv_has_one_row_per_finding_with_file_and_line(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, assessment, paths = written
    rows = list(csv.DictReader(paths["csv"].open(encoding="utf-8")))
    assert len(rows) == len(assessment.findings)
    commit = next(r for r in rows if r["rule_id"] == "ORA-COMMIT-001")
    assert (commit["file"], commit["line"], commit["snippet"]) == ("exports/05_code.sql", "24", "COMMIT;")


def test_sarif_is_2_1_0_with_rules_and_locations(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, assessment, paths = written
    doc = json.loads(paths["sarif"].read_text())
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert len(run["results"]) == len(assessment.findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
    located = next(r for r in run["results"] if r["ruleId"] == "ORA-AUTONOMOUS-001")
    physical = located["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "exports/05_code.sql" and physical["region"]["startLine"] == 21


def test_markdown_leads_with_the_summary(written: tuple[Inventory, Assessment, dict[str, Path]]) -> None:
    _, assessment, paths = written
    text = paths["markdown"].read_text()
    assert text.index("## Executive summary") < text.index("## Findings by rule")
    assert f"{assessment.database.effort.hours:,.0f} h" in text


def test_the_summary_says_in_words_what_moves_what_needs_work_and_what_to_do(
    written: tuple[Inventory, Assessment, dict[str, Path]],
) -> None:
    _, assessment, paths = written
    outlook = assessment.outlook
    words = " ".join(executive_summary(assessment))
    assert f"{outlook.get('auto', 0)} move as they are" in words
    assert f"{assessment.database.effort.hours:,.0f} engineer-hours" in words
    assert recommendation(assessment) == RECOMMENDATIONS[assessment.database.complexity]
    html = paths["html"].read_text()
    assert "Recommendation." in html and complexity_meaning(assessment.database.complexity) in html
    assert "Top blockers" not in html and "Highest-severity items (blocker and high)" in html
    assert "Recommendation." in paths["markdown"].read_text()


def test_zero_counts_are_grey_badges_not_red(tmp_path: Path) -> None:
    assessment = analyze(sample())
    assert not any(f.severity is Severity.BLOCKER for f in assessment.findings)
    html = write_reports(sample(), assessment, tmp_path)["html"].read_text()
    assert '<span class="sev sev-zero">0 blocker</span>' in html


@pytest.mark.parametrize(
    ("source_version", "target_version", "downgrade"),
    [("18.1", 16, True), ("16.4", 16, False), ("15.2", 17, False), ("", 16, False)],
)
def test_a_newer_postgresql_source_than_the_target_is_called_a_downgrade(
    source_version: str, target_version: int, downgrade: bool
) -> None:
    inventory = replace(sample(), source=SourceInfo("postgresql", source_version))
    note = version_note(analyze(inventory, target_version=target_version))
    assert bool(note) is downgrade
    if downgrade:
        assert f"PostgreSQL {source_version.split('.')[0]}" in note and str(target_version) in note


def test_incomplete_scan_is_said_everywhere(tmp_path: Path) -> None:
    inventory = sample(complete=False)
    assessment = analyze(inventory)
    paths = write_reports(inventory, assessment, tmp_path)
    assert assessment.complete is False
    assert "INCOMPLETE SCAN" in paths["html"].read_text() and "exports/06.sql" in paths["html"].read_text()
    assert "INCOMPLETE SCAN" in paths["markdown"].read_text()
    assert json.loads(paths["json"].read_text())["data"]["complete"] is False
    assert json.loads(paths["sarif"].read_text())["runs"][0]["properties"]["complete"] is False


def test_scanner_findings_are_carried_into_the_assessment() -> None:
    inventory = sample(complete=False)
    assert "SCAN-FILE-001" in {f.rule_id for f in analyze(inventory).findings}


def test_html_escapes_source_text(tmp_path: Path) -> None:
    inventory = sample()
    hostile = replace(
        inventory.schemas[0].routines[0], source=CODE.replace("NULL;\nEND", "NULL; -- <script>alert(1)</script>\nEND")
    )
    inventory = replace(inventory, schemas=(replace(inventory.schemas[0], routines=(hostile,)),))
    html = write_reports(inventory, analyze(inventory), tmp_path)["html"].read_text()
    assert "<script>alert(1)</script>" not in html
