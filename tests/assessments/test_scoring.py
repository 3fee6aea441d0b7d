"""The effort model: base + occurrences + learning once per rule, with a range and a class."""

from __future__ import annotations

import pytest

from assessments.scoring import BASE_EFFORT, CLASSES, DATABASE_CLASSES, RANGE, classify, score_object, total
from migrate.model import Finding, Severity

S = Severity


def finding(
    rule_id: str = "ORA-X-001", severity: Severity = S.MEDIUM, hours: float = 1.0, name: str = "HR.P"
) -> Finding:
    return Finding(rule_id, severity, "m", "procedure", name, effort_hours=hours)


@pytest.mark.parametrize("kind, units", [("table", 12), ("view", 40), ("procedure", 300), ("package_body", 2000)])
def test_base_effort_follows_the_weight_row(kind: str, units: int) -> None:
    fixed, per_unit, _unit, _why = BASE_EFFORT[kind]
    score = score_object(kind, "HR.X", "HR", units, [])
    assert score.effort.hours == pytest.approx(fixed + per_unit * units)
    assert score.findings == 0 and score.worst is S.INFO


def test_findings_add_their_effort_and_widen_the_range_by_severity() -> None:
    found = [finding(severity=S.HIGH, hours=2.0), finding(severity=S.LOW, hours=0.5)]
    score = score_object("procedure", "HR.P", "HR", 0, found)
    base = BASE_EFFORT["procedure"][0]
    assert score.effort.hours == pytest.approx(base + 2.5)
    low = base + 2.0 * RANGE[S.HIGH][0] + 0.5 * RANGE[S.LOW][0]
    high = base * 1.25 + 2.0 * RANGE[S.HIGH][1] + 0.5 * RANGE[S.LOW][1]
    assert (score.effort.low, score.effort.high) == (pytest.approx(low), pytest.approx(high))
    assert score.worst is S.HIGH and "2.5 h for 2 finding(s)" in score.formula


CLASS_CASES = [
    (0.2, S.INFO, "auto"),
    (0.2, S.LOW, "simple"),
    (1.5, S.MEDIUM, "simple"),
    (0.5, S.HIGH, "medium"),
    (6.0, S.MEDIUM, "medium"),
    (9.0, S.LOW, "complex"),
    (0.5, S.BLOCKER, "complex"),
]


@pytest.mark.parametrize("hours, worst, expected", CLASS_CASES)
def test_object_class(hours: float, worst: Severity, expected: str) -> None:
    assert classify(hours, worst) == expected


def test_class_tables_end_with_a_catch_all() -> None:
    for table in (CLASSES, DATABASE_CLASSES):
        assert table[-1][1] == float("inf") and table[-1][2] is S.BLOCKER


def test_learning_curve_counts_once_per_rule() -> None:
    found = [finding(name=f"HR.P{i}") for i in range(5)] + [finding("ORA-Y-001")]
    scores = [score_object("procedure", f"HR.P{i}", "HR", 0, []) for i in range(5)]
    learning = {"ORA-X-001": 4.0, "ORA-Y-001": 2.0}
    result = total("db", scores, found, learning)
    assert result.learning.hours == pytest.approx(6.0)
    assert result.rules == 2
    assert result.effort.hours == pytest.approx(result.object_effort.hours + 6.0)
    assert "learning curve for 2 distinct rules" in result.formula


def test_every_severity_has_a_range_row_with_a_reason() -> None:
    for severity in Severity:
        low, high, why = RANGE[severity]
        assert 0 < low <= 1 <= high and why
