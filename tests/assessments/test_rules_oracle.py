"""Oracle rule table: one line per rule, the source that must (or must not) fire it."""

from __future__ import annotations

import pytest

from assessments.rules import RULESETS, detect
from assessments.rules.oracle_packages import PACKAGES, _package_id
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    DbLink,
    Feature,
    Index,
    IndexColumn,
    Inventory,
    Job,
    Location,
    Partitioning,
    Routine,
    RoutineKind,
    Schema,
    Sequence,
    Severity,
    SourceInfo,
    Synonym,
    Table,
    Trigger,
    View,
    parse_column_type,
)


def inventory(**schema_parts: object) -> Inventory:
    extra = {k: schema_parts.pop(k) for k in ("db_links", "jobs") if k in schema_parts}
    return Inventory(SourceInfo("oracle"), schemas=(Schema("HR", **schema_parts),), **extra)  # type: ignore[arg-type]


def body(code: str, line: int = 10) -> Inventory:
    source = f"CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  {code}\nEND;"
    return inventory(routines=(Routine("HR", "P", RoutineKind.PROCEDURE, source, "plsql", Location("p.sql", line)),))


def view(query: str) -> Inventory:
    return inventory(views=(View("HR", "V", query, location=Location("v.sql", 5)),))


def table(*columns: tuple[str, str], **fields: object) -> Inventory:
    cols = tuple(Column(name, parse_column_type(raw, "oracle")) for name, raw in columns) or (
        Column("ID", parse_column_type("NUMBER(10)", "oracle")),
    )
    return inventory(tables=(Table("HR", "T", columns=cols, location=Location("t.sql", 1), **fields),))  # type: ignore[arg-type]


def rule_ids(inv: Inventory) -> list[str]:
    return [f.rule_id for f in detect(inv)[0]]


# PL/SQL body lines (matched on tokens): code -> the rule it must fire
CODE = [
    ("PRAGMA AUTONOMOUS_TRANSACTION;", "ORA-AUTONOMOUS-001"),
    ("COMMIT;", "ORA-COMMIT-001"),
    ("ROLLBACK;", "ORA-ROLLBACK-001"),
    ("SAVEPOINT before_load;", "ORA-SAVEPOINT-001"),
    ("EXECUTE IMMEDIATE 'CREATE TABLE tmp_x (id NUMBER)';", "ORA-DDLCOMMIT-001"),
    ("EXECUTE IMMEDIATE 'TRUNCATE TABLE stage';", "ORA-DDLCOMMIT-001"),
    ("EXECUTE IMMEDIATE 'TRUNCATE TABLE stage';", "ORA-TRUNCATE-001"),
    ("NULL; EXCEPTION WHEN OTHERS THEN NULL;", "ORA-WHENOTHERS-001"),
    ("NULL; EXCEPTION WHEN OTHERS THEN log_it; RAISE;", "ORA-WHENOTHERS-002"),
    ("PRAGMA EXCEPTION_INIT(e_busy, -54);", "ORA-EXCEPTIONINIT-001"),
    ("RAISE_APPLICATION_ERROR(-20001, 'no');", "ORA-RAISEAPP-001"),
    ("v := SQLERRM;", "ORA-SQLCODE-001"),
    ("SELECT id BULK COLLECT INTO ids FROM t;", "ORA-BULKCOLLECT-001"),
    ("FORALL i IN 1..ids.COUNT DELETE FROM t WHERE id = ids(i);", "ORA-FORALL-001"),
    ("EXECUTE IMMEDIATE 'TRUNCATE TABLE t';", "ORA-DYNSQL-001"),
    ("OPEN c FOR SELECT 1 FROM dual; r SYS_REFCURSOR;", "ORA-REFCURSOR-001"),
    ("IF c%NOTFOUND THEN NULL; END IF;", "ORA-CURSORATTR-001"),
    ("TYPE t_ids IS TABLE OF NUMBER;", "ORA-COLLECTION-001"),
    ("TYPE t_map IS TABLE OF NUMBER INDEX BY VARCHAR2(30);", "ORA-COLLECTION-002"),
    ("TYPE t_arr IS VARRAY(10) OF NUMBER;", "ORA-COLLECTION-003"),
    ("GOTO done;", "ORA-GOTO-001"),
    ("v := '';", "ORA-EMPTYSTR-001"),
    ("v := a || b;", "ORA-NULLCONCAT-001"),
    ("v := TO_DATE(s);", "ORA-NLS-001"),
    ("v := '01-JAN-2024' + 1;", "ORA-IMPLICIT-001"),
    ("v := SYSDATE;", "ORA-SYSDATE-001"),
    ("MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.x = s.x;", "ORA-MERGE-001"),
    ("INSERT ALL INTO a VALUES (1) INTO b VALUES (2) SELECT * FROM dual;", "ORA-INSERTALL-001"),
    ("SELECT * FROM t PIVOT (SUM(x) FOR y IN (1, 2));", "ORA-PIVOT-001"),
    ("SELECT * FROM t AS OF TIMESTAMP SYSDATE - 1;", "ORA-FLASHBACK-001"),
    ("v := seq.NEXTVAL;", "ORA-SEQREF-001"),
    ("SELECT 1 INTO v FROM DUAL;", "ORA-DUAL-001"),
    ("v := EXTRACTVALUE(doc, '/a/b');", "ORA-XMLFN-001"),
    (
        "SELECT j.id INTO v FROM docs d, JSON_TABLE(d.body, '$.items[*]' COLUMNS (id NUMBER PATH '$.id')) j;",
        "ORA-JSONFN-001",
    ),
    ("v := JSON_VALUE(doc, '$.a' RETURNING NUMBER);", "ORA-JSONFN-001"),
    ("IF SDO_RELATE(a.geom, b.geom, 'mask=ANYINTERACT') = 'TRUE' THEN NULL; END IF;", "ORA-SPATIALFN-001"),
    ("IF REGEXP_LIKE(s, '^a') THEN NULL; END IF;", "ORA-REGEXP-001"),
    ("SELECT x INTO v FROM orders@legacy_link;", "ORA-DBLINKREF-001"),
    ("SELECT a INTO v FROM t WHERE ROWNUM = 1;", "ORA-ROWNUM-001"),
    ("SELECT a INTO v FROM t WHERE ROWID = r;", "ORA-ROWID-001"),
    ("SELECT a INTO v FROM t, u WHERE t.id = u.id(+);", "ORA-OUTERJOIN-001"),
    ("SELECT DECODE(a, NULL, 0, a) INTO v FROM t;", "ORA-DECODE-001"),
    ("SELECT LEVEL INTO v FROM t CONNECT BY PRIOR id = parent;", "ORA-CONNECTBY-001"),
    ("CREATE TRIGGER x FOR UPDATE ON t COMPOUND TRIGGER", "ORA-COMPOUNDTRG-001"),
    ("SELECT * FROM s MODEL DIMENSION BY (m) MEASURES (v) RULES (v[1] = 0);", "ORA-MODEL-001"),
    ("SELECT LISTAGG(name, ',') WITHIN GROUP (ORDER BY name) INTO v FROM t;", "ORA-LISTAGG-001"),
    ("v := SYS_GUID();", "ORA-SYSGUID-001"),
    ("v := SYS_CONTEXT('USERENV', 'SESSION_USER');", "ORA-SYSCONTEXT-001"),
    ("v := NVL2(a, 1, 0);", "ORA-NVL2-001"),
    ("SELECT COUNT(*) INTO v FROM TABLE(ids);", "ORA-TABLEFN-001"),
    ("NULL; END; FUNCTION f RETURN t_rows PIPELINED IS BEGIN PIPE ROW (r);", "ORA-PIPELINED-001"),
    ("NULL; END; FUNCTION f RETURN NUMBER DETERMINISTIC IS BEGIN RETURN 1;", "ORA-RESULTCACHE-001"),
    ("NULL; END; PROCEDURE q AUTHID CURRENT_USER IS BEGIN NULL;", "ORA-AUTHID-001"),
    ("NULL; END; PROCEDURE q ACCESSIBLE BY (p) IS BEGIN NULL;", "ORA-ACCESSIBLE-001"),
    ("NULL; END; PROCEDURE q (a IN OUT NOCOPY NUMBER) IS BEGIN NULL;", "ORA-OUTPARAM-001"),
    ("SELECT a INTO v FROM t FOR UPDATE WAIT 5;", "ORA-FORUPDATE-001"),
]


@pytest.mark.parametrize("code, rule_id", CODE)
def test_code_fires(code: str, rule_id: str) -> None:
    assert rule_id in rule_ids(body(code))


# words inside comments and string literals are not code
QUIET = [
    ("-- EXECUTE IMMEDIATE 'x'; COMMIT;\nNULL;", "ORA-DYNSQL-001"),
    ("/* COMMIT */ NULL;", "ORA-COMMIT-001"),
    ("v := 'PRAGMA AUTONOMOUS_TRANSACTION';", "ORA-AUTONOMOUS-001"),
    ("NULL; EXCEPTION WHEN OTHERS THEN NULL;", "ORA-WHENOTHERS-002"),
    ("ROLLBACK TO before_load;", "ORA-ROLLBACK-001"),
    ("v := 'x';", "ORA-EMPTYSTR-001"),
    ("EXECUTE IMMEDIATE 'SELECT 1 FROM dual' INTO v;", "ORA-DDLCOMMIT-001"),
]


@pytest.mark.parametrize("code, rule_id", QUIET)
def test_code_does_not_fire(code: str, rule_id: str) -> None:
    assert rule_id not in rule_ids(body(code))


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_supplied_package_is_detected(package: str) -> None:
    assert _package_id(package) in rule_ids(body(f"{package}.SOMETHING(1);"))


# views: parsed with sqlglot, matched on the AST
VIEWS = [
    ("SELECT id, LEVEL FROM emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr", "ORA-CONNECTBY-001"),
    ("SELECT * FROM a, b WHERE a.id = b.id(+)", "ORA-OUTERJOIN-001"),
    ("SELECT * FROM a WHERE ROWNUM <= 10", "ORA-ROWNUM-001"),
    ("SELECT DECODE(x, NULL, 'none', x) FROM a", "ORA-DECODE-001"),
    ("SELECT * FROM a WHERE b = ''", "ORA-EMPTYSTR-001"),
    ("SELECT first_name || ' ' || last_name FROM a", "ORA-NULLCONCAT-001"),
    ("SELECT '10' + 1 FROM dual", "ORA-IMPLICIT-001"),
    ("SELECT TO_CHAR(hired) FROM a", "ORA-NLS-001"),
    ("SELECT SYSDATE FROM dual", "ORA-SYSDATE-001"),
    ("SELECT FROM WHERE ((", "ORA-PARSE-001"),
]


@pytest.mark.parametrize("query, rule_id", VIEWS)
def test_view_fires(query: str, rule_id: str) -> None:
    assert rule_id in rule_ids(view(query))


def test_a_view_rule_found_on_the_ast_is_reported_once() -> None:
    assert rule_ids(view("SELECT * FROM a WHERE ROWNUM <= 10")).count("ORA-ROWNUM-001") == 1


def test_finding_points_at_the_line_inside_the_routine() -> None:
    finding = next(f for f in detect(body("NULL;\n  COMMIT;", line=40))[0] if f.rule_id == "ORA-COMMIT-001")
    assert (finding.location.file, finding.location.line) == ("p.sql", 43)  # type: ignore[union-attr]
    assert finding.snippet == "COMMIT;"
    assert finding.object_name == "HR.P" and finding.remedy


def test_text_that_cannot_be_tokenized_is_a_finding() -> None:
    assert "ORA-TOKEN-001" in rule_ids(body("v := 'never closed;"))


MODEL = [
    (table(("HIRED", "DATE")), "ORA-DATE-001"),
    (table(("NOTES", "LONG")), "ORA-LONG-001"),
    (table(("DOC", "XMLTYPE")), "ORA-XMLTYPE-001"),
    (table(("SHAPE", "SDO_GEOMETRY")), "ORA-SPATIAL-001"),
    (table(("SCAN", "BFILE")), "ORA-BFILE-001"),
    (table(("BODY", "CLOB")), "ORA-LOB-001"),
    (table(("R", "UROWID")), "ORA-ROWIDTYPE-001"),
    (table(("AMOUNT", "NUMBER")), "ORA-NUMBER-001"),
    (table(("AT", "TIMESTAMP(6) WITH LOCAL TIME ZONE")), "ORA-TSLTZ-001"),
    (table(("NAME", "VARCHAR2(30 BYTE)")), "ORA-BYTESEM-001"),
    (table(kind="global_temporary", temporary_scope="transaction"), "ORA-GTT-001"),
    (inventory(tables=(Table("HR", "EMP", columns=(Column("CODE", parse_column_type("VARCHAR2(10)", "oracle")),)),), views=(View("HR", "V", "SELECT * FROM emp e WHERE e.code = 42"),)), "ORA-IMPLICIT-002"),
    (Inventory(SourceInfo("oracle", properties={"nls_comp": "LINGUISTIC", "nls_sort": "BINARY_CI"})), "ORA-COLLATION-001"),
    (inventory(tables=(Table("HR", "T", columns=(Column("NAME", parse_column_type("VARCHAR2(30)", "oracle"), collation="BINARY_CI"),)),)), "ORA-COLLATION-001"),
    (table(partitioning=Partitioning("range", ("ID",))), "ORA-PARTITION-001"),
    (table(partitioning=Partitioning("interval", ("ID",), interval="NUMTOYMINTERVAL(1,'MONTH')")), "ORA-PARTITION-002"),
    (table(kind="iot"), "ORA-IOT-001"),
    (table(kind="external"), "ORA-EXTTABLE-001"),
    (table(indexes=(Index("IX", (IndexColumn("STATUS"),), kind="bitmap"),)), "ORA-BITMAP-001"),
    (table(indexes=(Index("IX", (IndexColumn("ID"),), kind="reverse"),)), "ORA-REVERSE-001"),
    (table(indexes=(Index("IX", (IndexColumn("UPPER(NAME)", is_expression=True),)),)), "ORA-FBI-001"),
    (table(constraints=(Constraint("UK", ConstraintKind.UNIQUE, ("ID",), deferrable=True),)), "ORA-DEFERRABLE-001"),
    (table(constraints=(Constraint("CK", ConstraintKind.CHECK, check_expression="ID > 0", validated=False),)), "ORA-NOVALIDATE-001"),
    (table(constraints=(Constraint("CK", ConstraintKind.CHECK, check_expression="NAME <> ''"),)), "ORA-EMPTYSTR-001"),
    (table(("x_lower", "NUMBER(1)")), "ORA-CASE-001"),
    (table(("SELECT", "NUMBER(1)")), "ORA-RESERVED-001"),
    (table(("C" * 64, "NUMBER(1)")), "ORA-NAMELEN-001"),
    (inventory(sequences=(Sequence("HR", "S", max_value=10**27),)), "ORA-SEQ28-001"),
    (inventory(views=(View("HR", "MV", "SELECT 1 FROM dual", materialized=True, refresh="FAST ON COMMIT"),)), "ORA-MVIEW-002"),
    (inventory(views=(View("HR", "MV", "SELECT 1 FROM dual", materialized=True, refresh="COMPLETE ON DEMAND"),)), "ORA-MVIEW-001"),
    (inventory(triggers=(Trigger("HR", "TRG", "T", "BEFORE", ("INSERT",), source="BEGIN NULL; END;"),)), "ORA-TRIGGER-001"),
    (inventory(triggers=(Trigger("HR", "TRG", "HR", "AFTER", ("LOGON",), source="BEGIN NULL; END;"),)), "ORA-SYSTRIGGER-001"),
    (inventory(synonyms=(Synonym("HR", "E", "HR", "EMP"),)), "ORA-SYNONYM-001"),
    (inventory(synonyms=(Synonym("PUBLIC", "E", "HR", "EMP"),)), "ORA-SYNONYM-002"),
    (inventory(synonyms=(Synonym("HR", "R", "X", "EMP", db_link="LEGACY"),)), "ORA-SYNONYM-003"),
    (inventory(db_links=(DbLink("HR", "LEGACY", "legacy.world"),)), "ORA-DBLINK-001"),
    (inventory(jobs=(Job("HR", "NIGHTLY", "scheduler", "FREQ=DAILY", "BEGIN NULL; END;"),)), "ORA-JOB-001"),
    (inventory(routines=(Routine("HR", "PK", RoutineKind.PACKAGE_BODY, "PACKAGE BODY pk AS END;"),)), "ORA-PACKAGE-001"),
    (inventory(routines=(Routine("HR", "PK", RoutineKind.PACKAGE, "PACKAGE pk AS g_count NUMBER := 0; END;"),)), "ORA-PACKAGESTATE-001"),
    (inventory(routines=(Routine("HR", "T", RoutineKind.TYPE, "TYPE t AS OBJECT (a NUMBER);"),)), "ORA-OBJTYPE-001"),
    (inventory(routines=(Routine("HR", "J", RoutineKind.FUNCTION, "x", language="java"),)), "ORA-JAVA-001"),
    (Inventory(SourceInfo("oracle"), features=(Feature("java_source", "HR.Utils"),)), "ORA-JAVA-001"),
    (Inventory(SourceInfo("oracle"), features=(Feature("library", "HR.CRYPTO_LIB"),)), "ORA-LIBRARY-001"),
    (inventory(routines=(Routine("HR", "F", RoutineKind.FUNCTION, "FUNCTION f RETURN NUMBER", valid=False),)), "ORA-INVALID-001"),
]  # fmt: skip


@pytest.mark.parametrize("inv, rule_id", MODEL)
def test_model_fires(inv: Inventory, rule_id: str) -> None:
    assert rule_id in rule_ids(inv)


# code outside routines is scanned too: triggers, job actions, defaults, index expressions
PLACES = [
    (inventory(triggers=(Trigger("HR", "TRG", "T", "AFTER", ("INSERT",), source="BEGIN\n  COMMIT;\nEND;", location=Location("t.sql", 7)),)), "ORA-COMMIT-001", "trigger", "t.sql:8"),
    (inventory(jobs=(Job("HR", "NIGHTLY", "scheduler", "FREQ=DAILY", "BEGIN\n  EXECUTE IMMEDIATE 'TRUNCATE TABLE stage';\nEND;", location=Location("j.sql", 3)),)), "ORA-DDLCOMMIT-001", "job", "j.sql:4"),
    (inventory(tables=(Table("HR", "T", columns=(Column("AT", parse_column_type("DATE", "oracle"), default="SYSDATE"),), location=Location("t.sql", 1)),)), "ORA-SYSDATE-001", "table", "t.sql:1"),
    (table(indexes=(Index("IX", (IndexColumn("DECODE(STATUS, NULL, 0, 1)", is_expression=True),)),)), "ORA-DECODE-001", "index", "t.sql:1"),
]  # fmt: skip


@pytest.mark.parametrize("inv, rule_id, kind, where", PLACES)
def test_code_outside_routines_is_scanned(inv: Inventory, rule_id: str, kind: str, where: str) -> None:
    found = [f for f in detect(inv)[0] if f.rule_id == rule_id]
    assert found and found[0].object_kind == kind and str(found[0].location) == where


def test_number_column_compared_with_a_number_is_fine() -> None:
    emp = Table("HR", "EMP", columns=(Column("CODE", parse_column_type("NUMBER(10)", "oracle")),))
    inv = inventory(tables=(emp,), views=(View("HR", "V", "SELECT * FROM emp WHERE code = 42"),))
    assert "ORA-IMPLICIT-002" not in rule_ids(inv)


def test_package_constants_and_subprograms_are_not_state() -> None:
    spec = "PACKAGE pk AS c_max CONSTANT NUMBER := 1; e_busy EXCEPTION; PROCEDURE run; END;"
    inv = inventory(routines=(Routine("HR", "PK", RoutineKind.PACKAGE, spec),))
    assert "ORA-PACKAGESTATE-001" not in rule_ids(inv)


def test_every_rule_is_a_complete_row() -> None:
    rules = RULESETS["oracle"].rules
    assert len(rules) >= 60
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.id.startswith("ORA-") and rule.title and rule.remedy and rule.category, rule.id
        assert isinstance(rule.severity, Severity) and rule.effort >= 0 and rule.learning >= 0, rule.id
        reading = rule.id.endswith(("PARSE-001", "TOKEN-001"))
        assert reading or rule.tokens or rule.node or rule.model or rule.custom, rule.id


def test_every_oracle_rule_has_a_test_line() -> None:
    tested = {rule_id for _, rule_id in CODE + VIEWS + MODEL} | {_package_id(p) for p in PACKAGES} | {"ORA-TOKEN-001"}
    untested = {r.id for r in RULESETS["oracle"].rules} - tested
    assert untested == set()


DEPENDENCY_CODE = """CREATE PROCEDURE p IS
  emp_count NUMBER;
BEGIN
  SELECT COUNT(*) INTO emp_count FROM hr.emp e, dept d WHERE e.dept_id = d.id;
  INSERT INTO audit_log VALUES (emp_count);
  log_it('done');
  pkg.run;
  purge;
END;"""


def test_dependencies_are_names_used_as_objects_not_variables() -> None:
    tables = tuple(Table("HR", name) for name in ("EMP", "DEPT", "AUDIT_LOG", "EMP_COUNT"))
    routines = tuple(Routine("HR", n, RoutineKind.PROCEDURE, "x") for n in ("LOG_IT", "PKG", "PURGE"))
    p = Routine("HR", "P", RoutineKind.PROCEDURE, DEPENDENCY_CODE)
    _, dependencies = detect(inventory(tables=tables, routines=(p, *routines)))
    targets = {d.target for d in dependencies if d.source == "procedure:HR.P"}
    expected = {
        "table:HR.EMP",
        "table:HR.DEPT",
        "table:HR.AUDIT_LOG",
        "routine:HR.LOG_IT",
        "routine:HR.PKG",
        "routine:HR.PURGE",
    }
    assert targets == expected  # EMP_COUNT is a variable here


def test_foreign_keys_are_dependencies() -> None:
    fk = Constraint("FK", ConstraintKind.FOREIGN_KEY, ("DEPT_ID",), "HR", "DEPT", ("ID",))
    _, dependencies = detect(inventory(tables=(Table("HR", "EMP", constraints=(fk,)), Table("HR", "DEPT"))))
    assert [(d.source, d.target, d.via) for d in dependencies] == [("table:HR.EMP", "table:HR.DEPT", "foreign key FK")]
