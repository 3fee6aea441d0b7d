"""Every finding the converter emits is priced by a row (issue 13): type notes, DDL rows, name and profile rules,
query and procedural rewrite rules all carry the per-occurrence effort the assessment adds up."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.procedural.plsql_rules import RULES as PLSQL_RULES
from converters.procedural.tsql_rules import TSQL_RULES
from converters.types import Note
from migrate.config import ConversionSettings
from migrate.model import Severity

ROOT = Path(__file__).parent.parent.parent
# rows that say on purpose that nothing is left to do (a behaviour note above INFO)
FREE = {rule_id for table in (PLSQL_RULES, TSQL_RULES) for rule_id, row in table.items() if row.effort_hours == 0}


@pytest.mark.parametrize("module", ["oracle", "sqlserver", "postgres"])
def test_every_type_note_above_info_names_its_effort(module: str) -> None:
    notes = [v for v in vars(importlib.import_module(f"converters.types.{module}")).values() if isinstance(v, Note)]
    assert notes
    for note in notes:
        assert (note.effort_hours > 0) == (note.severity > Severity.INFO), note.rule_id


@pytest.mark.parametrize(
    ("dialect", "folder"),
    [("oracle", "oracle/hr_sales"), ("sqlserver", "sqlserver/inventory_app"), ("postgresql", "postgres/legacy_shop")],
)
def test_every_finding_on_the_examples_is_priced(dialect: str, folder: str) -> None:
    result = convert_inventory(scan_files([ROOT / "examples" / folder], dialect), ConversionSettings(), jobs=1)
    findings = [f for o in result.objects for f in o.findings if f.severity > Severity.INFO]
    assert findings
    unpriced = {f.rule_id for f in findings if f.effort_hours <= 0 and f.rule_id not in FREE}
    assert not unpriced
