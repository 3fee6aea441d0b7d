"""--profile-data: what the data showed narrows (or, with a reason, keeps) the declared type."""

from __future__ import annotations

import pytest

from converters.types import map_type
from migrate.model import ColumnProfile, Severity, parse_column_type


def ints(digits: int, rows: int = 100, sampled: bool = False) -> ColumnProfile:
    return ColumnProfile(
        rows, sampled, rows, all_integers=True, max_integer_digits=digits, min_value="1", max_value="9"
    )


FRACTIONS = ColumnProfile(100, False, 100, all_integers=False, max_integer_digits=3, min_value="0.5", max_value="12.5")
MIDNIGHTS = ColumnProfile(50, False, 40, has_time_part=False, min_value="2020-01-01 00:00:00")
TIMES = ColumnProfile(50, False, 40, has_time_part=True)
EMPTY = ColumnProfile(0, False, 0)

# (source, declared type, profile, expected PostgreSQL type, expected finding rule id or None)
CASES = [
    ("oracle", "NUMBER", ints(2), "smallint", "AM-PROFILE-001"),  # 2 digits + 2 headroom = 4
    ("oracle", "NUMBER", ints(3), "integer", "AM-PROFILE-001"),  # 5 digits no longer fit smallint
    ("oracle", "NUMBER", ints(7), "integer", "AM-PROFILE-001"),
    ("oracle", "NUMBER", ints(8), "bigint", "AM-PROFILE-001"),
    ("oracle", "NUMBER", ints(16), "bigint", "AM-PROFILE-001"),
    ("oracle", "NUMBER", ints(17), "numeric(19)", "AM-PROFILE-001"),
    ("oracle", "FLOAT", ints(5), "numeric(7)", "AM-PROFILE-001"),  # exact, and still compared as a number
    ("oracle", "FLOAT(126)", ints(20), "numeric(22)", "AM-PROFILE-001"),  # double precision keeps 15 digits
    ("oracle", "INTEGER", ints(5), "integer", "AM-PROFILE-001"),
    ("oracle", "NUMBER", FRACTIONS, "numeric", None),  # a fraction seen: declared rule, no narrowing
    ("oracle", "NUMBER", EMPTY, "numeric", "AM-PROFILE-004"),
    ("oracle", "NUMBER(10)", ints(2), "bigint", None),  # a declared precision is not profiled
    ("oracle", "DATE", MIDNIGHTS, "date", "AM-PROFILE-002"),
    ("oracle", "DATE", TIMES, "timestamp(0)", None),
    ("oracle", "DATE", EMPTY, "timestamp(0)", "AM-PROFILE-004"),
    ("postgresql", "numeric", ints(6), "integer", "AM-PROFILE-001"),
    ("postgresql", "numeric", FRACTIONS, "numeric", None),
    ("postgresql", "timestamp without time zone", MIDNIGHTS, "timestamp without time zone", "AM-PROFILE-003"),
    ("postgresql", "timestamp without time zone", TIMES, "timestamp without time zone", None),
    ("sqlserver", "DATETIME", MIDNIGHTS, "timestamp(3)", "AM-PROFILE-003"),
    ("sqlserver", "DATETIME2", MIDNIGHTS, "timestamp(6)", "AM-PROFILE-003"),
    ("sqlserver", "SMALLDATETIME", TIMES, "timestamp(0)", None),
]


@pytest.mark.parametrize(("source", "raw", "profile", "expected", "rule"), CASES)
def test_profiled_type(source: str, raw: str, profile: ColumnProfile, expected: str, rule: str | None) -> None:
    choice = map_type(parse_column_type(raw, source), source, profile=profile)
    assert choice.sql == expected
    assert (
        (rule in {f.rule_id for f in choice.findings})
        if rule
        else not any(f.rule_id.startswith("AM-PROFILE") for f in choice.findings)
    )


def test_reason_names_the_observation() -> None:
    choice = map_type(parse_column_type("DATE", "oracle"), "oracle", profile=MIDNIGHTS)
    assert choice.reason == "profiled 50 rows (full scan), 40 not null: no time of day, so date"


def test_number_reason_states_headroom() -> None:
    choice = map_type(parse_column_type("NUMBER", "oracle"), "oracle", profile=ints(5))
    assert "at most 5 digits; integer holds them with 2 digits of headroom" in choice.reason
    assert "integer division truncates" in choice.findings[0].message


def test_sample_is_said_and_more_severe() -> None:
    choice = map_type(
        parse_column_type("DATE", "oracle"), "oracle", profile=ColumnProfile(10, True, 10, has_time_part=False)
    )
    assert "a sample of the first 10 rows" in choice.findings[0].message
    assert choice.findings[0].severity is Severity.MEDIUM


def test_override_beats_profile() -> None:
    assert (
        map_type(parse_column_type("NUMBER", "oracle"), "oracle", override="numeric", profile=ints(2)).sql == "numeric"
    )


def test_kept_type_keeps_declared_findings() -> None:
    choice = map_type(parse_column_type("DATETIME2(7)", "sqlserver"), "sqlserver", profile=MIDNIGHTS)
    assert len(choice.findings) == 2  # the 100 ns note and the only-dates note


ORACLE_SCRIPT = """CREATE TABLE hr.emp (
  id NUMBER PRIMARY KEY,
  hired DATE DEFAULT SYSDATE NOT NULL,
  born DATE DEFAULT TRUNC(SYSDATE),
  boss NUMBER REFERENCES hr.emp (id),
  ratio NUMBER
);
CREATE INDEX hr.emp_born_day ON hr.emp (TRUNC(born));
"""
EMP_PROFILES = {"ID": ints(4), "HIRED": MIDNIGHTS, "BORN": MIDNIGHTS, "BOSS": ints(2), "RATIO": FRACTIONS}


def test_profiled_oracle_table_deploys(tmp_path, pg) -> None:
    """Narrowed types deploy with their defaults and keys; a FK takes its key's narrowed type; a column an
    expression index reads keeps its declared type (date_trunc on a date is not IMMUTABLE)."""
    from dataclasses import replace

    from assessments.scan import scan_files
    from converters.convert import convert_inventory
    from converters.output import write_output
    from migrate.deploy import deploy
    from migrate.model import DeployStatus

    (tmp_path / "emp.sql").write_text(ORACLE_SCRIPT)
    inventory = scan_files([tmp_path / "emp.sql"], "oracle")
    emp = inventory.tables()[0]
    profiled = replace(emp, columns=tuple(replace(c, profile=EMP_PROFILES[c.name]) for c in emp.columns))
    inventory = replace(inventory, schemas=(replace(inventory.schemas[0], tables=(profiled,)),))
    result = convert_inventory(inventory)
    table = next(o for o in result.objects if o.kind == "table")
    assert {c.source_name: c.target_type for c in table.columns} == {
        "ID": "integer", "HIRED": "date", "BORN": "timestamp(0)", "BOSS": "integer", "RATIO": "numeric",
    }  # fmt: skip
    assert [f.object_name for f in table.findings if f.rule_id == "AM-PROFILE-001"] == ["HR.EMP.ID"]  # BOSS follows ID
    assert [f.object_name for f in table.findings if f.rule_id == "AM-PROFILE-005"] == ["HR.EMP.BORN"]
    write_output(result, tmp_path / "out")
    report = deploy(tmp_path / "out", pg)
    assert {o.status for o in report.outcomes} == {DeployStatus.OK}
    assert pg.scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attname = 'hired'") == "date"
