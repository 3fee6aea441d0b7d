"""Pathological input costs the statement it is in, never the run: deep nesting becomes that object's finding and
the rest converts; a run that read no SQL says so and exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import converters.convert as convert_module
from converters.convert import convert_inventory
from converters.rewrite import convert_expression, convert_query
from migrate.model import Column, Inventory, Schema, SourceInfo, Table, load_conversion, parse_column_type

PARENS = "(" * 50 + "a" + ")" * 50
CALLS = "REPLACE(NVL(" * 60 + "a" + ", 'x'), 'y')" * 60


@pytest.mark.parametrize(
    ("convert", "text"),
    [
        (convert_query, f"SELECT {PARENS} AS x FROM t"),
        (convert_query, f"SELECT {CALLS} AS x FROM t"),
        (convert_expression, PARENS),
        (convert_expression, CALLS),
    ],
)
def test_deep_nesting_is_the_statements_finding(convert, text: str) -> None:
    result = convert(text, "oracle")
    assert [f.rule_id for f in result.findings] == ["CONV-DEPTH-001"]
    assert result.sql == text  # kept unchanged for the person who finishes it


def _deep_script() -> str:
    return "\n".join([
        "CREATE TABLE t (a VARCHAR2(10), b NUMBER);",
        f"CREATE VIEW v_parens AS SELECT {PARENS} AS x FROM t;",
        f"CREATE VIEW v_calls AS SELECT {CALLS} AS x FROM t;",
        f"CREATE TABLE t_check (a NUMBER CHECK ({PARENS} > 0), b VARCHAR2(10) DEFAULT {CALLS});",
        f"CREATE INDEX ix_deep ON t ({CALLS});",
        "CREATE VIEW v_fine AS SELECT NVL(a, 'x') AS x FROM t;",
    ]) + "\n"  # fmt: skip


def test_convert_survives_deep_nesting_and_converts_the_rest(tmp_path: Path, cli) -> None:
    (tmp_path / "deep.sql").write_text(_deep_script())
    result = cli("convert", "--dialect", "oracle", str(tmp_path / "deep.sql"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    objects = {o.name: o for o in load_conversion(tmp_path / "out" / "conversion.json").objects}
    deep = {o.name: o.status.value for o in objects.values() if "CONV-DEPTH-001" in {f.rule_id for f in o.findings}}
    manual = ("v_parens", "v_calls", "t_check_check1", "t_check_b_default", "ix_deep")  # a CHECK, a DEFAULT split off
    assert deep == dict.fromkeys(manual, "manual")
    assert objects["v_fine"].status.value == "converted" and "coalesce" in objects["v_fine"].sql
    assert objects["t"].status.value == "converted"
    assert "(reconciles)" in result.output


def test_an_object_that_recurses_anywhere_becomes_manual(monkeypatch) -> None:
    """The net under every sqlglot call of a DDL builder, not only the query rewrites."""

    def too_deep(table, ctx):  # type: ignore[no-untyped-def]
        if table.name == "DEEP":
            raise RecursionError("maximum recursion depth exceeded")
        return real(table, ctx)

    real = convert_module.table_objects
    monkeypatch.setattr(convert_module, "table_objects", too_deep)
    column = Column("A", parse_column_type("NUMBER", "oracle"))
    tables = (Table("HR", "DEEP", (column,)), Table("HR", "FINE", (column,)))
    result = convert_inventory(Inventory(SourceInfo("oracle"), (Schema("HR", tables),)), jobs=1)
    by_name = {o.name: o for o in result.objects}
    assert by_name["deep"].status.value == "manual"
    assert [f.rule_id for f in by_name["deep"].findings] == ["AM-DDL-032"]
    assert by_name["fine"].status.value == "converted"
    assert result.ledger.reconciles


def test_assess_says_when_it_fell_back_to_word_matching(tmp_path: Path, cli) -> None:
    (tmp_path / "deep.sql").write_text(f"CREATE VIEW v AS SELECT {PARENS} AS x FROM t;\n")
    result = cli("assess", "--dialect", "oracle", str(tmp_path / "deep.sql"), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    findings = json.loads((tmp_path / "a" / "assessment.json").read_text())["data"]["findings"]
    assert any("only word matching was applied" in f["message"] for f in findings)
