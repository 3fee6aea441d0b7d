"""Rows as python-oracledb returns them from the Oracle 19c data dictionary for a small HR schema.

Column names are the views' own (lower-cased by Connection.dicts); values have the driver's types:
VARCHAR2 -> str, NUMBER with scale 0 -> int, unconstrained NUMBER via TO_CHAR -> str, LONG -> str,
NULL -> None. Each table is (columns, rows) as a catalog view would print them.
"""

from __future__ import annotations

from typing import Any


def table(columns: str, *rows: tuple[Any, ...]) -> list[dict[str, Any]]:
    names = columns.split()
    return [dict(zip(names, row, strict=True)) for row in rows]


USERS = table("username", ("HR",))

TABLES = table(
    "owner table_name iot_type temporary duration partitioned num_rows avg_row_len blocks comments",
    ("HR", "EMPLOYEES", None, "N", None, "NO", 107, 69, 5, "employees table"),
    ("HR", "COUNTRIES", "IOT", "N", None, "NO", 25, 16, None, None),
    ("HR", "PAYROLL_STAGE", None, "Y", "SYS$TRANSACTION", "NO", None, None, None, None),
    ("HR", "ORDERS", None, "N", None, "YES", 2_000_000, 48, 9000, None),
    ("HR", "EXT_RATES", None, "N", None, "NO", None, None, None, None),
)

EXTERNAL_TABLES = table(
    "owner table_name type_name default_directory_name", ("HR", "EXT_RATES", "ORACLE_LOADER", "DATA_DIR")
)

SEGMENTS = table(
    "owner segment_name segment_type bytes",
    ("HR", "EMPLOYEES", "TABLE", 65536),
    ("HR", "ORDERS", "TABLE PARTITION", 104857600),
    ("HR", "EMP_NAME_IX", "INDEX", 65536),
)

_COLS = (
    "owner table_name column_name column_id data_type data_type_owner data_length data_precision data_scale "
    "char_length char_used nullable data_default virtual_column identity_column avg_col_len comments "
    "generation_type identity_options"
)
COLUMNS = table(
    _COLS,
    ("HR", "EMPLOYEES", "EMPLOYEE_ID", 1, "NUMBER", None, 22, 6, 0, 0, None, "N", '"HR"."ISEQ$$_73599".nextval', "NO", "YES", 4, None,
     "BY DEFAULT", "START WITH: 300, INCREMENT BY: 1, MAX_VALUE: 9999999999999999999999999999, MIN_VALUE: 1, CYCLE_FLAG: N, CACHE_SIZE: 20, ORDER_FLAG: N"),
    ("HR", "EMPLOYEES", "LAST_NAME", 2, "VARCHAR2", None, 100, None, None, 25, "C", "N", None, "NO", "NO", 8, "surname", None, None),
    ("HR", "EMPLOYEES", "EMAIL", 3, "VARCHAR2", None, 25, None, None, 25, "B", "N", None, "NO", "NO", 9, None, None, None),
    ("HR", "EMPLOYEES", "HIRE_DATE", 4, "DATE", None, 7, None, None, 0, None, "N", "SYSDATE ", "NO", "NO", 8, None, None, None),
    ("HR", "EMPLOYEES", "SALARY", 5, "NUMBER", None, 22, 8, 2, 0, None, "Y", None, "NO", "NO", 4, None, None, None),
    ("HR", "EMPLOYEES", "BONUS", 6, "NUMBER", None, 22, None, None, 0, None, "Y", None, "NO", "NO", 2, None, None, None),
    ("HR", "EMPLOYEES", "HEADCOUNT", 7, "NUMBER", None, 22, None, 0, 0, None, "Y", None, "NO", "NO", 2, None, None, None),
    ("HR", "EMPLOYEES", "ANNUAL_PAY", 8, "NUMBER", None, 22, 10, 2, 0, None, "Y", '"SALARY"*12', "YES", "NO", 5, None, None, None),
    ("HR", "EMPLOYEES", "UPDATED_AT", 9, "TIMESTAMP(6) WITH LOCAL TIME ZONE", None, 11, None, 6, 0, None, "Y", None, "NO", "NO", 11, None, None, None),
    ("HR", "EMPLOYEES", "TENURE", 10, "INTERVAL YEAR(2) TO MONTH", None, 5, 2, 0, 0, None, "Y", None, "NO", "NO", 5, None, None, None),
    ("HR", "EMPLOYEES", "PHOTO", 11, "BLOB", None, 4000, None, None, 0, None, "Y", None, "NO", "NO", 86, None, None, None),
    ("HR", "EMPLOYEES", "PROFILE", 12, "XMLTYPE", "SYS", 2000, None, None, 0, None, "Y", None, "NO", "NO", 120, None, None, None),
    ("HR", "EMPLOYEES", "KEY_RAW", 13, "RAW", None, 16, None, None, 0, None, "Y", None, "NO", "NO", 17, None, None, None),
    ("HR", "EMPLOYEES", "NAME_LOCAL", 14, "NVARCHAR2", None, 200, None, None, 100, "C", "Y", None, "NO", "NO", 20, None, None, None),
    ("HR", "EMPLOYEES", "RATE", 15, "FLOAT", None, 22, 126, None, 0, None, "Y", None, "NO", "NO", 4, None, None, None),
    ("HR", "EMPLOYEES", "SCORE", 16, "BINARY_DOUBLE", None, 8, None, None, 0, None, "Y", None, "NO", "NO", 9, None, None, None),
    ("HR", "COUNTRIES", "COUNTRY_ID", 1, "CHAR", None, 2, None, None, 2, "B", "N", None, "NO", "NO", 3, None, None, None),
    ("HR", "ORDERS", "ORDER_ID", 1, "NUMBER", None, 22, 12, 0, 0, None, "N", None, "NO", "NO", 6, None, None, None),
    ("HR", "ORDERS", "ORDER_DATE", 2, "DATE", None, 7, None, None, 0, None, "N", None, "NO", "NO", 8, None, None, None),
)  # fmt: skip

_CONS = (
    "owner constraint_name constraint_type table_name search_condition r_owner r_table_name r_constraint_name "
    "delete_rule status deferrable deferred validated generated"
)
CONSTRAINTS = table(
    _CONS,
    ("HR", "EMP_EMP_ID_PK", "P", "EMPLOYEES", None, None, None, None, None, "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "VALIDATED", "USER NAME"),
    ("HR", "SYS_C007961", "C", "EMPLOYEES", '"LAST_NAME" IS NOT NULL', None, None, None, None, "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "VALIDATED", "GENERATED NAME"),
    ("HR", "EMP_SALARY_MIN", "C", "EMPLOYEES", "salary > 0", None, None, None, None, "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "NOT VALIDATED", "USER NAME"),
    ("HR", "EMP_EMAIL_UK", "U", "EMPLOYEES", None, None, None, None, None, "DISABLED", "DEFERRABLE", "DEFERRED", "NOT VALIDATED", "USER NAME"),
    ("HR", "EMP_MANAGER_FK", "R", "EMPLOYEES", None, "HR", "EMPLOYEES", "EMP_EMP_ID_PK", "SET NULL", "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "VALIDATED", "USER NAME"),
    ("HR", "EMP_REGION_FK", "R", "EMPLOYEES", None, "REF", "REGIONS", "REG_ID_PK", "NO ACTION", "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "VALIDATED", "USER NAME"),
    ("HR", "SYS_C008001", "O", "EMP_V", None, None, None, None, None, "ENABLED", "NOT DEFERRABLE", "IMMEDIATE", "NOT VALIDATED", "GENERATED NAME"),
)  # fmt: skip

CONSTRAINT_COLUMNS = table(
    "owner constraint_name table_name column_name position",
    ("HR", "EMP_EMP_ID_PK", "EMPLOYEES", "EMPLOYEE_ID", 1),
    ("HR", "EMP_EMAIL_UK", "EMPLOYEES", "EMAIL", 1),
    ("HR", "EMP_MANAGER_FK", "EMPLOYEES", "MANAGER_ID", 1),
    ("HR", "EMP_REGION_FK", "EMPLOYEES", "REGION_ID", 1),
    ("HR", "EMP_SALARY_MIN", "EMPLOYEES", "SALARY", None),
    ("REF", "REG_ID_PK", "REGIONS", "REGION_ID", 1),
)

INDEXES = table(
    "owner index_name index_type table_owner table_name uniqueness tablespace_name partitioned",
    ("HR", "EMP_NAME_IX", "NORMAL", "HR", "EMPLOYEES", "NONUNIQUE", "USERS", "NO"),
    ("HR", "EMP_UPPER_EMAIL_IX", "FUNCTION-BASED NORMAL", "HR", "EMPLOYEES", "UNIQUE", "USERS", "NO"),
    ("HR", "EMP_HIRE_DESC_IX", "FUNCTION-BASED NORMAL", "HR", "EMPLOYEES", "NONUNIQUE", "USERS", "NO"),
    ("HR", "EMP_SALARY_BIX", "BITMAP", "HR", "EMPLOYEES", "NONUNIQUE", "USERS", "NO"),
    ("HR", "ORD_ID_RIX", "NORMAL/REV", "HR", "ORDERS", "NONUNIQUE", None, "YES"),
)

INDEX_COLUMNS = table(
    "index_owner index_name column_name column_position descend column_expression",
    ("HR", "EMP_NAME_IX", "LAST_NAME", 1, "ASC", None),
    ("HR", "EMP_NAME_IX", "EMAIL", 2, "ASC", None),
    ("HR", "EMP_UPPER_EMAIL_IX", "SYS_NC00017$", 1, "ASC", 'UPPER("EMAIL")'),
    ("HR", "EMP_HIRE_DESC_IX", "SYS_NC00018$", 1, "DESC", '"HIRE_DATE"'),
    ("HR", "EMP_SALARY_BIX", "SALARY", 1, "ASC", None),
    ("HR", "ORD_ID_RIX", "ORDER_ID", 1, "ASC", None),
)

PART_TABLES = table(
    "owner table_name partitioning_type subpartitioning_type partition_count interval key_columns subkey_columns",
    ("HR", "ORDERS", "RANGE", "NONE", 3, "NUMTOYMINTERVAL(1,'MONTH')", "ORDER_DATE", None),
)

PARTITIONS = table(
    "table_owner table_name partition_name partition_position high_value num_rows",
    (
        "HR",
        "ORDERS",
        "P_2023",
        1,
        "TO_DATE(' 2024-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        1_000_000,
    ),
    (
        "HR",
        "ORDERS",
        "SYS_P1201",
        2,
        "TO_DATE(' 2024-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        10,
    ),
)

LOBS = table("owner table_name column_name securefile in_row chunk", ("HR", "EMPLOYEES", "PHOTO", "YES", "YES", 8192))

VIEWS = table(
    "owner view_name text comments",
    (
        "HR",
        "EMP_V",
        "SELECT e.employee_id, e.last_name FROM hr.employees e, hr.departments d WHERE e.department_id = d.department_id (+)",
        "read-only view",
    ),
)

MVIEWS = table(
    "owner mview_name query refresh_mode refresh_method build_mode comments",
    (
        "HR",
        "SAL_MV",
        "SELECT department_id, SUM(salary) s FROM hr.employees GROUP BY department_id",
        "DEMAND",
        "COMPLETE",
        "IMMEDIATE",
        None,
    ),
)

SEQUENCES = table(
    "sequence_owner sequence_name min_value max_value increment_by cycle_flag order_flag cache_size last_number",
    ("HR", "AUDIT_SEQ", "1", "9999999999999999999999999999", "1", "N", "N", 20, "1041"),
    ("HR", "TICKET_SEQ", "1", "999", "1", "Y", "Y", 0, "7"),
)

OBJECTS = table(
    "owner object_name object_type status",
    ("HR", "PAYROLL_PKG", "PACKAGE", "VALID"),
    ("HR", "PAYROLL_PKG", "PACKAGE BODY", "INVALID"),
    ("HR", "ADD_JOB_HISTORY", "PROCEDURE", "VALID"),
    ("HR", "EMP_AUDIT_TRG", "TRIGGER", "VALID"),
    ("HR", "LOADER", "JAVA SOURCE", "VALID"),
)

SOURCE = table(
    "owner name type line text",
    ("HR", "PAYROLL_PKG", "PACKAGE", 1, "PACKAGE payroll_pkg AS\n"),
    ("HR", "PAYROLL_PKG", "PACKAGE", 2, "  g_run_id NUMBER := 0;\n"),
    ("HR", "PAYROLL_PKG", "PACKAGE", 3, "END payroll_pkg;"),
    ("HR", "PAYROLL_PKG", "PACKAGE BODY", 1, "PACKAGE BODY payroll_pkg AS\n"),
    ("HR", "PAYROLL_PKG", "PACKAGE BODY", 2, "END payroll_pkg;"),
    ("HR", "ADD_JOB_HISTORY", "PROCEDURE", 1, "PROCEDURE add_job_history (p_id NUMBER) IS\n"),
    ("HR", "ADD_JOB_HISTORY", "PROCEDURE", 2, "BEGIN COMMIT; END;"),
    ("HR", "EMP_AUDIT_TRG", "TRIGGER", 1, "TRIGGER emp_audit_trg\n"),
    ("HR", "EMP_AUDIT_TRG", "TRIGGER", 2, "AFTER INSERT OR UPDATE ON hr.employees FOR EACH ROW\nBEGIN NULL; END;"),
)

TRIGGERS = table(
    "owner trigger_name trigger_type triggering_event table_owner base_object_type table_name when_clause status",
    (
        "HR",
        "EMP_AUDIT_TRG",
        "AFTER EACH ROW",
        "INSERT OR UPDATE",
        "HR",
        "TABLE",
        "EMPLOYEES",
        "new.salary > 0",
        "ENABLED",
    ),
)

SYNONYMS = table(
    "owner synonym_name table_owner table_name db_link",
    ("PUBLIC", "EMPLOYEES", "HR", "EMPLOYEES", None),
    ("HR", "RATES", "FIN", "FX_RATES", "FIN_LINK.EXAMPLE.COM"),
)

DB_LINKS = table(
    "owner db_link username host",
    ("HR", "FIN_LINK.EXAMPLE.COM", "FIN_READER", "finprd"),
    ("SCOTT", "OTHER_LINK", "X", "y"),
)

SCHEDULER_JOBS = table(
    "owner job_name job_type job_action program_name repeat_interval schedule_name enabled state",
    ("HR", "PURGE_JOB", "PLSQL_BLOCK", "BEGIN hr.purge; END;", None, "FREQ=DAILY;BYHOUR=2", None, "TRUE", "SCHEDULED"),
)

DBMS_JOBS = table("job schema_user what repeat_interval broken", (21, "HR", "hr.nightly;", "TRUNC(SYSDATE)+1", "N"))

GRANTS_DBA = table(
    "grantee owner table_name privilege grantable",
    ("REPORTING", "HR", "EMPLOYEES", "SELECT", "NO"),
    ("APP", "HR", "PAYROLL_PKG", "EXECUTE", "YES"),
)

SOURCE_INFO = table(
    "db_name version charset ncharset nls_comp nls_sort",
    ("ORCL", "19.0.0.0.0", "AL32UTF8", "AL16UTF16", "BINARY", "BINARY"),
)

PROBE = table("n", (1,))

INSTANCE = table("sessions cpu_count sga_target processes", (143, "16", "8589934592", "600"))

DIRECTORIES = table("directory_name directory_path", ("EXPORT_DIR", "/u01/app/export"))
QUEUES = table("owner name queue_table queue_type", ("HR", "HR_EVENTS_Q", "HR_EVENTS_QT", "NORMAL_QUEUE"))

VIEW_COLUMNS = table(
    "owner table_name column_name column_id", ("HR", "EMP_V", "EMPLOYEE_ID", 1), ("HR", "EMP_V", "LAST_NAME", 2)
)
