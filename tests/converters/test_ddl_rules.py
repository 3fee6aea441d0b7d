"""The DDL builders' rule table (converters/ddl_rules.py): every row well formed, every call site's severity one
its row allows, and every row raised by a test line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.ddl_objects import INDEX_KINDS
from converters.ddl_rules import DDL_RULES
from converters.ddl_table import TABLE_KIND_NOTES
from migrate.config import ConversionSettings
from migrate.model import Grant, Inventory, Schema, Severity, SourceInfo, Table, View, parse_column_type
from migrate.model.inventory import Column

ROOT = Path(__file__).parent.parent.parent
CALL = re.compile(r'finding\(\s*"(\w+)",\s*Severity\.(\w+)')


def test_rows_are_well_formed() -> None:
    ids = [r.id for r in DDL_RULES.values()]
    assert len(ids) == len(set(ids))
    for key, rule in DDL_RULES.items():
        assert re.fullmatch(r"AM-DDL-\d{3}", rule.id), key
        assert rule.title and rule.remedy and rule.severities and rule.effort_hours >= 0, key


def test_every_call_site_names_a_row_and_a_severity_it_allows() -> None:
    used = []
    for path in (ROOT / "converters").rglob("*.py"):
        used += CALL.findall(path.read_text())
    assert used
    for key, severity in used:
        assert key in DDL_RULES and Severity[severity] in DDL_RULES[key].severities, (key, severity)
    for severity in {s for _, s, _ in INDEX_KINDS.values() if s is not None} | {Severity.HIGH}:
        assert severity in DDL_RULES["index_kind"].severities or severity in DDL_RULES["bitmap"].severities
    assert {s for s, _ in TABLE_KIND_NOTES.values()} <= set(DDL_RULES["table_kind"].severities)


def _convert_example(dialect: str, folder: str) -> set[str]:
    inventory = scan_files([ROOT / "examples" / dialect / folder], dialect)
    result = convert_inventory(inventory, ConversionSettings(), jobs=1)
    return {f.rule_id for o in result.objects for f in o.findings} | {f.rule_id for f in result.findings}


@pytest.fixture(scope="module")
def examples() -> dict[str, set[str]]:
    return {
        "oracle": _convert_example("oracle", "hr_sales"),
        "sqlserver": _convert_example("sqlserver", "inventory_app"),
    }


# (rule id, example, what in it raises the rule)
BY_EXAMPLE = [
    ("AM-DDL-004", "sqlserver", "a clustered non-primary-key index"),
    ("AM-DDL-014", "oracle", "a materialized view (its refresh is not automatic)"),
    ("AM-DDL-015", "oracle", "a view WITH READ ONLY"),
    ("AM-DDL-016", "oracle", "an index-organized table"),
    ("AM-DDL-021", "oracle", "a synonym over a database link"),
    ("AM-DDL-023", "sqlserver", "IDENTITY columns kept BY DEFAULT"),
    ("AM-DDL-024", "oracle", "grants to a user the target lacks"),
]


@pytest.mark.parametrize(("rule_id", "example", "what"), BY_EXAMPLE, ids=[c[0] for c in BY_EXAMPLE])
def test_raised_by_the_examples(rule_id: str, example: str, what: str, examples: dict[str, set[str]]) -> None:
    assert rule_id in examples[example], what


def _small(tables: tuple[Table, ...] = (), views: tuple[View, ...] = (), grants: tuple[Grant, ...] = ()) -> set[str]:
    inventory = Inventory(SourceInfo("oracle"), (Schema("HR", tables, views),), grants=grants)
    result = convert_inventory(inventory, ConversionSettings(), jobs=1)
    return {f.rule_id for o in result.objects for f in o.findings}


T = Table("HR", "T", (Column("ID", parse_column_type("NUMBER(9)", "oracle")),))


def test_a_view_reading_a_table_out_of_scope() -> None:
    assert "AM-DDL-017" in _small(views=(View("HR", "V", "SELECT id FROM hr.gone"),))


def test_a_privilege_postgresql_lacks() -> None:
    assert "AM-DDL-026" in _small((T,), grants=(Grant("APP", "FLASHBACK", "HR", "T"),))


def test_every_ddl_rule_has_a_test_line() -> None:
    text = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("*.py"))
    untested = {r.id for r in DDL_RULES.values() if not r.retired and r.id not in text}
    assert untested == set()
