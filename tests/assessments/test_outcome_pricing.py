"""The assessment prices what the converter leaves: an object `convert` handles costs a review, not the rule's
hours; a manual one costs what the rules say; behaviour notes to test stay priced."""

from __future__ import annotations

from pathlib import Path

from assessments.analysis import analyze
from assessments.report.summary import executive_summary
from assessments.scan import scan_files
from converters.convert import convert_inventory
from tests.conftest import EXAMPLES

HIERARCHY = """
CREATE TABLE hr.emp (id NUMBER PRIMARY KEY, mgr NUMBER, name VARCHAR2(30));
CREATE VIEW hr.tree AS SELECT id, LEVEL AS depth FROM hr.emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr;
CREATE VIEW hr.names AS SELECT name || '!' AS shout FROM hr.emp;
CREATE OR REPLACE PROCEDURE hr.p IS BEGIN INSERT INTO hr.emp VALUES (1, NULL, 'x'); COMMIT; END;
/
"""


def _assess(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "s.sql").write_text(text)
    inventory = scan_files([tmp_path / "s.sql"], "oracle", lambda *a, **k: None)
    return analyze(inventory), analyze(inventory, conversion=convert_inventory(inventory, jobs=1))


def test_a_connect_by_view_the_converter_rewrites_is_priced_as_a_review(tmp_path: Path) -> None:
    by_rules, by_outcome = _assess(tmp_path, HIERARCHY)
    rules = {s.name: s for s in by_rules.objects}
    outcome = {s.name: s for s in by_outcome.objects}
    assert rules["HR.TREE"].effort.hours >= 2 and rules["HR.TREE"].complexity != "auto"  # CONNECT BY by rule
    assert outcome["HR.TREE"].complexity == "auto" and outcome["HR.TREE"].effort.hours < 0.5
    assert outcome["HR.TREE"].formula.startswith("converted by aurora-migrate")
    # || with NULL converts exactly, but is a behaviour to test: still priced, never "auto"
    assert outcome["HR.NAMES"].complexity != "auto" and outcome["HR.NAMES"].effort.hours > 0
    # what the converter leaves (the procedure, manual until code conversion lands, or its findings) keeps its price
    assert outcome["HR.P"].effort.hours >= 0.5
    assert by_outcome.database.effort.hours < by_rules.database.effort.hours
    assert "ORA-CONNECTBY-001" not in by_outcome.database.formula or by_outcome.database.learning.hours < (
        by_rules.database.learning.hours
    )


def test_rule_tables_and_summary_count_what_convert_leaves(tmp_path: Path) -> None:
    by_rules, by_outcome = _assess(tmp_path, HIERARCHY)
    before = {r.rule_id: r for r in by_rules.rules}["ORA-CONNECTBY-001"]
    after = {r.rule_id: r for r in by_outcome.rules}["ORA-CONNECTBY-001"]
    assert before.converted == 0 and before.left == 1 and before.effort_hours > 0
    # the converter rewrites the only CONNECT BY: counted as converted, no hours, not a high item left to redesign
    assert after.occurrences == after.converted == 1 and after.left == 0
    assert after.effort_hours == 0 and after.learning_hours == 0
    assert "ORA-CONNECTBY-001" in {r.rule_id for r in by_rules.blockers()}
    assert "ORA-CONNECTBY-001" not in {r.rule_id for r in by_outcome.blockers()}
    assert "hierarchical" not in " ".join(executive_summary(by_outcome))


def test_the_cli_report_prices_from_the_conversion(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("assess", "--dialect", "oracle", str(EXAMPLES / "oracle" / "hr_sales"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "assessment.html").read_text()
    assert "converted by aurora-migrate" in html  # the per-object formulas say where the price comes from
