"""The Oracle catalog scanner: every query parses as Oracle SQL, and rows shaped as the Oracle 19c
data dictionary returns them map into the inventory the way the tables below say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from assessments.oracle import mapping as m
from assessments.oracle import queries as q
from assessments.oracle import queries_code as qc
from assessments.scan import CatalogQuery, scan_files, scan_live
from migrate.errors import QueryError
from migrate.model import Identity, IndexColumn, Inventory
from tests.assessments.rows import oracle_hr as r
from tests.assessments.rows.fake import CatalogFake

ALL_QUERIES = [v for mod in (q, qc) for v in vars(mod).values() if isinstance(v, CatalogQuery)]


@pytest.mark.parametrize("prefix", ["DBA", "ALL"])
@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda query: query.kind)
def test_every_catalog_query_parses_as_oracle(query: CatalogQuery, prefix: str) -> None:
    sql = query.sql.format(v=prefix, owners=":s0, :s1", owner_column=qc.OWNER_COLUMN[prefix])
    assert sqlglot.parse_one(sql, read="oracle") is not None


def col(**over: Any) -> dict[str, Any]:
    base = {
        "data_type": "NUMBER",
        "data_precision": None,
        "data_scale": None,
        "char_length": 0,
        "char_used": None,
        "data_length": 22,
    }
    return {**base, **over}


TYPES = [
    # (ALL_TAB_COLS values, the type as DDL spells it)
    (col(), "NUMBER"),
    (col(data_scale=0), "INTEGER"),
    (col(data_precision=10, data_scale=0), "NUMBER(10)"),
    (col(data_precision=8, data_scale=2), "NUMBER(8,2)"),
    (col(data_precision=5, data_scale=-2), "NUMBER(5,-2)"),
    (col(data_type="FLOAT", data_precision=126), "FLOAT(126)"),
    (col(data_type="VARCHAR2", char_length=30, char_used="C"), "VARCHAR2(30 CHAR)"),
    (col(data_type="VARCHAR2", char_length=30, char_used="B"), "VARCHAR2(30 BYTE)"),
    (col(data_type="NVARCHAR2", char_length=50, char_used="C"), "NVARCHAR2(50)"),
    (col(data_type="RAW", data_length=16), "RAW(16)"),
    (col(data_type="TIMESTAMP(6) WITH TIME ZONE", data_scale=6), "TIMESTAMP(6) WITH TIME ZONE"),
    (col(data_type="INTERVAL DAY(2) TO SECOND(6)"), "INTERVAL DAY(2) TO SECOND(6)"),
]


@pytest.mark.parametrize(("row", "text"), TYPES)
def test_type_text(row: dict[str, Any], text: str) -> None:
    assert m.type_text(row) == text


MAPPINGS = [
    # (mapping, row, expected)
    (
        m.identity,
        {
            "identity_column": "YES",
            "generation_type": "ALWAYS",
            "identity_options": "START WITH: 5, INCREMENT BY: 10, MAX_VALUE: 9999999999999999999999999999",
        },
        Identity(5, 10, True),
    ),
    (m.identity, {"identity_column": "NO", "generation_type": None, "identity_options": None}, None),
    (
        m.index_column,
        {"column_name": "SYS_NC00018$", "descend": "DESC", "column_expression": '"HIRE_DATE"'},
        IndexColumn("HIRE_DATE", True, False),
    ),
    (
        m.index_column,
        {"column_name": "SYS_NC00017$", "descend": "ASC", "column_expression": 'UPPER("EMAIL")'},
        IndexColumn('UPPER("EMAIL")', False, True),
    ),
    (m.index_column, {"column_name": "A", "descend": "ASC", "column_expression": None}, IndexColumn("A")),
    (m.is_not_null_check, {"constraint_type": "C", "search_condition": '"LAST_NAME" IS NOT NULL'}, True),
    (m.is_not_null_check, {"constraint_type": "C", "search_condition": '"A" IS NOT NULL OR "B" IS NOT NULL'}, False),
    (lambda row: m.partition_bound(*row), ("LIST", "'EMEA', 'APAC'"), "VALUES ('EMEA', 'APAC')"),
    (lambda row: m.partition_bound(*row), ("RANGE", "MAXVALUE"), "VALUES LESS THAN (MAXVALUE)"),
    (lambda row: m.partition_bound(*row), ("HASH", None), ""),
    # ALL_TAB_COLS of 23ai: DEFAULT ON NULL FOR INSERT AND UPDATE says YES twice; FOR INSERT ONLY once
    (
        lambda row: m.behaviour_note(row).split(":")[0],
        {"column_name": "STATUS", "identity_column": "NO", "default_on_null": "YES", "default_on_null_upd": "YES"},
        "STATUS DEFAULT ON NULL FOR INSERT AND UPDATE",
    ),
    (
        lambda row: m.behaviour_note(row).split(":")[0],
        {"column_name": "STATUS", "identity_column": "NO", "default_on_null": "YES", "default_on_null_upd": "NO"},
        "STATUS DEFAULT ON NULL",
    ),
    (
        m.behaviour_note,
        {"column_name": "STATUS", "identity_column": "NO", "default_on_null": "NO", "default_on_null_upd": None},
        None,
    ),
]


@pytest.mark.parametrize(("mapping", "row", "expected"), MAPPINGS)
def test_mapping(mapping: Any, row: Any, expected: Any) -> None:
    assert mapping(row) == expected


# catalog view (as the query's first FROM names it) -> the rows it returns
DICTIONARY = {
    "dba_tables": r.PROBE, "dba_users": r.USERS, "dba_tab_cols": r.COLUMNS, "dba_cons_columns": r.CONSTRAINT_COLUMNS,
    "dba_constraints": r.CONSTRAINTS, "dba_indexes": r.INDEXES, "dba_ind_columns": r.INDEX_COLUMNS,
    "dba_part_tables": r.PART_TABLES, "dba_tab_partitions": r.PARTITIONS, "dba_external_tables": r.EXTERNAL_TABLES,
    "dba_segments": r.SEGMENTS, "dba_lobs": r.LOBS, "dba_views": r.VIEWS, "dba_mviews": r.MVIEWS,
    "dba_sequences": r.SEQUENCES, "dba_source": r.SOURCE, "dba_objects": r.OBJECTS, "dba_triggers": r.TRIGGERS,
    "dba_synonyms": r.SYNONYMS, "dba_db_links": r.DB_LINKS, "dba_scheduler_jobs": r.SCHEDULER_JOBS,
    "dba_jobs": r.DBMS_JOBS, "dba_tab_privs": r.GRANTS_DBA, "dual": r.SOURCE_INFO,
    "dba_directories": r.DIRECTORIES, "dba_queues": r.QUEUES, "dba_tab_columns": r.VIEW_COLUMNS,
}  # fmt: skip
TABLES_ROWS = {"dba_tables": r.TABLES}


class HrDictionary(CatalogFake):
    """Oracle 19c. The probe and the tables query both read DBA_TABLES: tell them apart by what they select.
    A column the release's views lack fails as the server says (ORA-00904); `NULL AS x` comes back as None."""

    LACKS: frozenset[str] = frozenset({"default_on_null_upd"})  # 23ai

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[str] = []

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        self.sent.append(sql)
        tree = sqlglot.parse_one(sql, read="oracle")
        lacking = {c.name.lower() for c in tree.find_all(exp.Column)} & self.LACKS
        if lacking:
            raise QueryError(f'ORA-00904: "{sorted(lacking)[0].upper()}": invalid identifier')
        rows = super().dicts(sql, params)
        if "iot_type" in sql:
            return [dict(x) for x in r.TABLES]
        if "v$session" in sql:
            return [dict(x) for x in r.INSTANCE]
        nulls = [e.alias.lower() for e in tree.expressions if isinstance(e, exp.Alias) and isinstance(e.this, exp.Null)]
        return [{**row, **dict.fromkeys(nulls)} for row in rows]


def fake(fail: tuple[str, ...] = (), prefix: str = "dba") -> HrDictionary:
    rows = {k.replace("dba_", f"{prefix}_", 1) if k != "dba_segments" else k: v for k, v in DICTIONARY.items()}
    return HrDictionary("oracle", "oracle://scanner:pw@db:1521/ORCLPDB1", rows, fail)


@pytest.fixture
def inv() -> Inventory:
    return scan_live(fake(), ["hr"])


def emp(i: Inventory) -> Any:
    return i.find_table("HR", "EMPLOYEES")


CHECKS = [
    (lambda i: [t.name for t in i.tables()], ["EMPLOYEES", "COUNTRIES", "PAYROLL_STAGE", "ORDERS", "EXT_RATES"]),
    (lambda i: [(t.name, t.kind, t.temporary_scope) for t in i.tables() if t.kind != "table"], [("COUNTRIES", "iot", None), ("PAYROLL_STAGE", "global_temporary", "transaction"), ("EXT_RATES", "external", None)]),
    (lambda i: (emp(i).row_count, emp(i).size_bytes, emp(i).comment), (107, 65536, "employees table")),
    (lambda i: (emp(i).column("EMPLOYEE_ID").identity, emp(i).column("EMPLOYEE_ID").default), (Identity(300, 1, False), None)),
    (lambda i: [(c.name, c.type.raw, c.type.family.value) for c in emp(i).columns][:8], [("EMPLOYEE_ID", "NUMBER(6)", "integer"), ("LAST_NAME", "VARCHAR2(25 CHAR)", "string"), ("EMAIL", "VARCHAR2(25 BYTE)", "string"), ("HIRE_DATE", "DATE", "datetime"), ("SALARY", "NUMBER(8,2)", "decimal"), ("BONUS", "NUMBER", "decimal"), ("HEADCOUNT", "INTEGER", "integer"), ("ANNUAL_PAY", "NUMBER(10,2)", "decimal")]),
    (lambda i: [(c.name, c.type.family.value) for c in emp(i).columns][8:], [("UPDATED_AT", "datetime_tz"), ("TENURE", "interval"), ("PHOTO", "blob"), ("PROFILE", "xml"), ("KEY_RAW", "binary"), ("NAME_LOCAL", "string"), ("RATE", "float"), ("SCORE", "float")]),
    (lambda i: (emp(i).column("HIRE_DATE").default, emp(i).column("LAST_NAME").nullable, emp(i).column("LAST_NAME").comment), ("SYSDATE", False, "surname")),
    (lambda i: (emp(i).column("ANNUAL_PAY").generated, emp(i).column("ANNUAL_PAY").default), ('"SALARY"*12', None)),
    (lambda i: [(c.name, c.kind.value, c.columns) for c in emp(i).constraints], [("EMP_EMP_ID_PK", "primary_key", ("EMPLOYEE_ID",)), ("EMP_SALARY_MIN", "check", ("SALARY",)), ("EMP_EMAIL_UK", "unique", ("EMAIL",)), ("EMP_MANAGER_FK", "foreign_key", ("MANAGER_ID",)), ("EMP_REGION_FK", "foreign_key", ("REGION_ID",))]),
    (lambda i: [(c.ref_schema, c.ref_table, c.ref_columns, c.on_delete) for c in emp(i).constraints if c.kind.value == "foreign_key"], [("HR", "EMPLOYEES", ("EMPLOYEE_ID",), "SET NULL"), ("REF", "REGIONS", ("REGION_ID",), "NO ACTION")]),
    (lambda i: [(c.name, c.enabled, c.validated, c.deferrable, c.initially_deferred) for c in emp(i).constraints][1:3], [("EMP_SALARY_MIN", True, False, False, False), ("EMP_EMAIL_UK", False, False, True, True)]),
    (lambda i: [(x.name, x.kind, x.unique, x.columns) for x in emp(i).indexes], [("EMP_NAME_IX", "btree", False, (IndexColumn("LAST_NAME"), IndexColumn("EMAIL"))), ("EMP_UPPER_EMAIL_IX", "function", True, (IndexColumn('UPPER("EMAIL")', False, True),)), ("EMP_HIRE_DESC_IX", "function", False, (IndexColumn("HIRE_DATE", True),)), ("EMP_SALARY_BIX", "bitmap", False, (IndexColumn("SALARY"),))]),
    (lambda i: [x.kind for x in i.find_table("HR", "ORDERS").indexes], ["reverse"]),
    (lambda i: (lambda p: (p.method, p.columns, p.interval, [x.name for x in p.partitions], p.partitions[0].bound.startswith("VALUES LESS THAN (TO_DATE(")))(i.find_table("HR", "ORDERS").partitioning), ("interval", ("ORDER_DATE",), "NUMTOYMINTERVAL(1,'MONTH')", ["P_2023", "SYS_P1201"], True)),
    (lambda i: [(v.name, v.materialized, v.read_only, v.refresh) for v in i.schema("HR").views], [("EMP_V", False, True, None), ("SAL_MV", True, False, "COMPLETE ON DEMAND")]),
    (lambda i: [(v.name, v.columns) for v in i.schema("HR").views], [("EMP_V", ("EMPLOYEE_ID", "LAST_NAME")), ("SAL_MV", ("DEPARTMENT_ID", "S"))]),
    (lambda i: [(s.name, s.start, s.max_value, s.cycle, s.cache, s.ordered) for s in i.schema("HR").sequences], [("AUDIT_SEQ", 1041, 9999999999999999999999999999, False, 20, False), ("TICKET_SEQ", 7, 999, True, 1, True)]),
    (lambda i: sorted((x.name, x.kind.value, x.valid, x.line_count) for x in i.schema("HR").routines), [("ADD_JOB_HISTORY", "procedure", True, 2), ("PAYROLL_PKG", "package", True, 3), ("PAYROLL_PKG", "package_body", False, 2)]),
    (lambda i: next(x.source for x in i.schema("HR").routines if x.kind.value == "package"), "PACKAGE payroll_pkg AS\n  g_run_id NUMBER := 0;\nEND payroll_pkg;"),
    (lambda i: [(t.name, t.table, t.timing, t.events, t.level, t.when, t.source.startswith("TRIGGER emp_audit_trg")) for t in i.schema("HR").triggers], [("EMP_AUDIT_TRG", "EMPLOYEES", "AFTER", ("INSERT", "UPDATE"), "row", "new.salary > 0", True)]),
    (lambda i: sorted((s.schema, s.name, s.target_schema, s.db_link) for sc in i.schemas for s in sc.synonyms), [("HR", "RATES", "FIN", "FIN_LINK.EXAMPLE.COM"), ("PUBLIC", "EMPLOYEES", "HR", None)]),
    (lambda i: [(d.owner, d.name, d.username) for d in i.db_links], [("HR", "FIN_LINK.EXAMPLE.COM", "FIN_READER")]),
    (lambda i: [(j.kind, j.owner, j.name, j.schedule, j.enabled) for j in i.jobs], [("scheduler", "HR", "PURGE_JOB", "FREQ=DAILY;BYHOUR=2", True), ("dbms_job", "HR", "job 21", "TRUNC(SYSDATE)+1", True)]),
    (lambda i: [(g.grantee, g.privilege, g.object_name, g.grantable) for g in i.grants], [("REPORTING", "SELECT", "EMPLOYEES", False), ("APP", "EXECUTE", "PAYROLL_PKG", True)]),
    (lambda i: sorted((f.kind, f.name) for f in i.features), [("aq_queue", "HR.HR_EVENTS_Q"), ("directory", "EXPORT_DIR"), ("java_source", "HR.LOADER"), ("lob", "HR.EMPLOYEES.PHOTO")]),
    (lambda i: (i.source.engine, i.source.version, i.source.charset, i.source.properties["catalog_views"], i.source.url), ("oracle", "19.0.0.0.0", "AL32UTF8", "DBA", "oracle://scanner:***@db:1521/ORCLPDB1")),
    (lambda i: (i.source.properties["sessions"], i.source.properties["sga_target"], i.source.size_bytes), ("143", "8589934592", 104923136)),
    (lambda i: [(c.name, c.identity, c.default, c.nullable) for c in i.find_table("HR", "ORDERS").columns if c.name != "ORDER_DATE"], [("ORDER_ID", Identity(1, 1, False), None, False), ("STATUS", None, "'NEW'", False)]),
    # DEFAULT ON NULL (12c+): the same finding as the offline scan of the DDL
    (lambda i: [(f.rule_id, f.object_kind, f.object_name, f.message.split(":")[1].strip()) for f in i.findings], [("SCAN-BEHAVIOUR-001", "table", "HR.ORDERS", "ORDER_ID BY DEFAULT ON NULL AS IDENTITY"), ("SCAN-BEHAVIOUR-001", "table", "HR.ORDERS", "STATUS DEFAULT ON NULL")]),
    (lambda i: i.complete, True),
]  # fmt: skip


def test_oracle_scan(inv: Inventory) -> None:
    assert [(n, look(inv)) for n, (look, _) in enumerate(CHECKS)] == [(n, e) for n, (_, e) in enumerate(CHECKS)]


DEFAULT_ON_NULL_DDL = """CREATE TABLE hr.orders (
  order_id NUMBER(12) GENERATED BY DEFAULT ON NULL AS IDENTITY,
  order_date DATE NOT NULL,
  status VARCHAR2(10 CHAR) DEFAULT ON NULL 'NEW'
);
"""


def test_default_on_null_reads_as_in_the_offline_scan(inv: Inventory, tmp_path: Path) -> None:
    (tmp_path / "orders.sql").write_text(DEFAULT_ON_NULL_DDL)
    offline = scan_files([tmp_path / "orders.sql"], "oracle")

    def said(i: Inventory) -> list[tuple[str, str, str, str]]:
        return [(f.rule_id, f.severity.value, f.object_name, f.message) for f in i.findings]

    assert said(inv) == said(offline) and len(said(inv)) == 2
    assert nullability(inv) == nullability(offline) == [("ORDER_ID", False), ("ORDER_DATE", False), ("STATUS", False)]


def nullability(i: Inventory) -> list[tuple[str, bool]]:
    """Oracle makes DEFAULT ON NULL and identity columns NOT NULL: the dictionary says NULLABLE='N'."""
    return [(c.name, c.nullable) for c in i.find_table("HR", "ORDERS").columns]


class Oracle11gDictionary(HrDictionary):
    """Oracle 11g: ALL_TAB_COLS has no DEFAULT_ON_NULL nor IDENTITY_COLUMN (ORA-00904, as the server says) and
    ALL_TAB_IDENTITY_COLS does not exist; the 11g columns query returns NULL for those."""

    LACKS = frozenset({"default_on_null", "identity_column", "default_on_null_upd"})

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        tree = sqlglot.parse_one(sql, read="oracle")
        if any(t.name.lower().endswith("_tab_identity_cols") for t in tree.find_all(exp.Table)):
            raise QueryError("ORA-00942: table or view does not exist")
        return super().dicts(sql, params)


def test_oracle_11g_columns_are_read_without_the_12c_attributes() -> None:
    conn = Oracle11gDictionary("oracle", "oracle://scanner:pw@db:1521/ORCL", fake().by_view)
    nulls = dict.fromkeys(("identity_column", "generation_type", "identity_options", "default_on_null"))
    conn.by_view["dba_tab_cols"] = [{**row, **nulls} for row in r.COLUMNS]
    conn.by_view["dual"] = [{**row, "version": "11.2.0.4.0"} for row in r.SOURCE_INFO]
    inv = scan_live(conn, ["HR"])
    assert (inv.complete, inv.findings) == (True, ())  # 11g has neither attribute: nothing is missed
    assert [c.name for c in inv.find_table("HR", "ORDERS").columns] == ["ORDER_ID", "ORDER_DATE", "STATUS"]
    assert emp(inv).column("EMPLOYEE_ID").identity is None


def test_a_12c_dictionary_whose_column_attributes_cannot_be_read_says_what_is_missing() -> None:
    """The 12c probe failing on 19c is not an 11g answer: the inventory lacks identities and DEFAULT ON NULL."""
    conn = Oracle11gDictionary("oracle", "oracle://scanner:pw@db:1521/ORCL", fake().by_view)
    nulls = dict.fromkeys(("identity_column", "generation_type", "identity_options", "default_on_null"))
    conn.by_view["dba_tab_cols"] = [{**row, **nulls} for row in r.COLUMNS]
    inv = scan_live(conn, ["HR"])
    [partial] = [f for f in inv.findings if f.rule_id == "SCAN-PARTIAL-001"]
    assert "Oracle 19.0.0.0.0" in partial.message and "DEFAULT ON NULL" in partial.message


DEFAULT_ON_NULL_23AI_DDL = DEFAULT_ON_NULL_DDL.replace(
    "DEFAULT ON NULL 'NEW'", "DEFAULT ON NULL FOR INSERT AND UPDATE 'NEW'"
)


class Oracle23aiDictionary(HrDictionary):
    """Oracle 23ai: ALL_TAB_COLS has DEFAULT_ON_NULL_UPD too."""

    LACKS = frozenset()


def oracle_23ai(dictionary: type[HrDictionary] = Oracle23aiDictionary) -> HrDictionary:
    conn = dictionary("oracle", "oracle://scanner:pw@db:1521/FREEPDB1", fake().by_view)
    conn.by_view["dba_tab_cols"] = r.COLUMNS_23AI
    conn.by_view["dual"] = r.SOURCE_INFO_23AI
    return conn


def test_default_on_null_for_insert_and_update_reads_as_in_the_offline_scan(tmp_path: Path) -> None:
    (tmp_path / "orders.sql").write_text(DEFAULT_ON_NULL_23AI_DDL)
    offline = scan_files([tmp_path / "orders.sql"], "oracle")
    conn = oracle_23ai()
    live = scan_live(conn, ["HR"])

    def said(i: Inventory) -> list[tuple[str, str, str, str]]:
        return [(f.rule_id, f.severity.value, f.object_name, f.message) for f in i.findings]

    assert said(live) == said(offline) and len(said(live)) == 2
    assert "STATUS DEFAULT ON NULL FOR INSERT AND UPDATE: " in said(live)[1][3]
    status = [i.find_table("HR", "ORDERS").column("STATUS").default for i in (live, offline)]
    assert status == ["'NEW'", "'NEW'"]
    assert nullability(live) == nullability(offline) and not any(nullable for _, nullable in nullability(live))
    assert any("c.default_on_null_upd" in sql for sql in conn.sent)


def test_a_19c_dictionary_reads_its_columns_as_before() -> None:
    """19c has no DEFAULT_ON_NULL_UPD: the probe fails (ORA-00904), the columns query reads it as NULL, and the
    version says nothing was missed."""
    conn = fake()
    inv = scan_live(conn, ["HR"])
    [columns] = [sql for sql in conn.sent if "c.data_default" in sql]
    assert "NULL AS default_on_null_upd" in columns and "c.default_on_null_upd" not in columns
    assert [f.message.split(":")[1].strip() for f in inv.findings] == [
        "ORDER_ID BY DEFAULT ON NULL AS IDENTITY",
        "STATUS DEFAULT ON NULL",
    ]
    assert inv.complete


def test_a_23ai_dictionary_whose_default_on_null_upd_cannot_be_read_says_so() -> None:
    """The 23ai probe failing on 23ai is not a 19c answer: FOR INSERT AND UPDATE would pass as the insert-only note."""
    inv = scan_live(oracle_23ai(HrDictionary), ["HR"])  # HrDictionary lacks DEFAULT_ON_NULL_UPD
    [partial] = [f for f in inv.findings if f.rule_id == "SCAN-PARTIAL-001"]
    assert "Oracle 23.0.0.0.0" in partial.message and "DBA_TAB_COLS.DEFAULT_ON_NULL_UPD" in partial.message
    assert [f.message.split(":")[1].strip() for f in inv.findings if f.rule_id == "SCAN-BEHAVIOUR-001"] == [
        "ORDER_ID BY DEFAULT ON NULL AS IDENTITY",
        "STATUS DEFAULT ON NULL",
    ]


def test_the_columns_queries_of_every_release_return_the_same_columns() -> None:
    """One row shape whatever the release: what a release lacks is selected as NULL under the same name."""

    def names(query: CatalogQuery) -> list[str]:
        tree = sqlglot.parse_one(query.sql.format(v="DBA", owners=":s0"), read="oracle")
        return [e.alias_or_name.lower() for e in tree.expressions]

    assert names(q.COLUMNS_11G) == names(q.COLUMNS) == names(q.COLUMNS_23AI)
    assert {q.PROBE_23AI, q.COLUMNS_23AI, q.COLUMNS, q.COLUMNS_11G} <= set(ALL_QUERIES)  # each one parses (above)


def problems(i: Inventory) -> list[Any]:
    """What went wrong in the scan itself: the findings other than the HR rows' DEFAULT ON NULL columns."""
    return [f for f in i.findings if f.rule_id != "SCAN-BEHAVIOUR-001"]


def test_schemas_are_bound_not_spliced() -> None:
    conn = fake()
    scan_live(conn, ["hr", '"MixedCase"'])
    assert ("dba_users", {"s0": "HR", "s1": "MixedCase"}) in conn.calls


def test_without_dba_access_the_all_views_are_used_and_the_report_says_so() -> None:
    conn = fake(fail=("dba_",), prefix="all")
    inv = scan_live(conn, ["HR"])
    assert {view.split("_")[0] for view, _ in conn.calls if view != "dual"} >= {"all"}
    assert [f.rule_id for f in problems(inv)] == ["SCAN-PRIVILEGE-001"]
    assert inv.find_table("HR", "EMPLOYEES").size_bytes is None and len(inv.tables()) == 5
    assert inv.source.properties["catalog_views"] == "ALL" and inv.complete


def test_a_failing_query_costs_its_objects_only() -> None:
    inv = scan_live(fake(fail=("dba_triggers",)), ["HR"])
    assert [(f.rule_id, "triggers" in f.message) for f in problems(inv)] == [("SCAN-QUERY-001", True)]
    assert inv.schema("HR").triggers == () and len(inv.tables()) == 5 and not inv.complete


def test_a_schema_that_does_not_exist_is_a_finding() -> None:
    inv = scan_live(fake(), ["HR", "NOPE"])
    assert [(f.rule_id, "NOPE" in f.message) for f in problems(inv)] == [("SCAN-SCHEMA-002", True)]
    assert not inv.complete


class StreamingDictionary(HrDictionary):
    """Like python-oracledb through Connection.stream: tuples in select order, fetched in batches."""

    def stream(self, sql: str, params: Any = None) -> Any:
        for row in self.dicts(sql, params):
            yield tuple(row[n] for n in qc.SOURCE_COLUMNS)


def test_source_is_streamed_when_the_connection_streams() -> None:
    conn = StreamingDictionary("oracle", "oracle://scanner:pw@db:1521/ORCLPDB1", fake().by_view)
    streamed = scan_live(conn, ["HR"])
    assert {r.name: r.source for r in streamed.schema("HR").routines} == {
        r.name: r.source for r in scan_live(fake(), ["HR"]).schema("HR").routines
    }
