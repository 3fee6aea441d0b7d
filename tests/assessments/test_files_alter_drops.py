"""ALTER TABLE drops and renames in scripts: DROP COLUMN / SET UNUSED, DROP CONSTRAINT / PRIMARY KEY / UNIQUE,
RENAME COLUMN / CONSTRAINT / TO. Each is applied to the inventory as its engine applies it, with what goes with
it; what the engine refuses applies nothing and is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output
from migrate.deploy import deploy
from migrate.model import Inventory

ORA = "oracle"
MSS = "sqlserver"
PG = "postgresql"


def scan_text(tmp_path: Path, dialect: str, text: str) -> Inventory:
    path = tmp_path / "x.sql"
    path.write_text(text, encoding="utf-8")
    return scan_files([path], dialect)


def table(inventory: Inventory, name: str) -> Any:
    return next(t for t in inventory.tables() if t.qualified_name.upper() == name.upper())


def shape(inventory: Inventory, name: str) -> tuple[list[str], list[tuple[Any, ...]], list[str]]:
    """A table as (column names, constraints as (kind, name, columns), index names)."""
    found = table(inventory, name)
    constraints = [(c.kind.value, c.name, c.columns) for c in found.constraints]
    return [c.name for c in found.columns], constraints, [i.name for i in found.indexes]


def alter_records(inventory: Inventory) -> list[str]:
    return [r.disposition for r in inventory.statements if r.kind == "alter_table"]


def rules(inventory: Inventory) -> list[str]:
    return [f.rule_id for f in inventory.findings if f.rule_id != "SCAN-SCHEMA-001"]


CINEMA = """CREATE TABLE MOVIES(movieId INTEGER NOT NULL PRIMARY KEY, title VARCHAR2(100));
CREATE TABLE NOW_SHOWING_MOVIES(movieId INTEGER NOT NULL, format NUMBER(1) NOT NULL,
  CONSTRAINT fk_p FOREIGN KEY(movieId) REFERENCES MOVIES(movieId) ON DELETE CASCADE,
  CONSTRAINT pk_NOW_SHOWING_MOVIES PRIMARY KEY(movieId, format));
ALTER TABLE NOW_SHOWING_MOVIES ADD (FORMAT_ CHAR(1));
UPDATE NOW_SHOWING_MOVIES SET FORMAT_ = TO_CHAR(FORMAT);
ALTER TABLE NOW_SHOWING_MOVIES DROP COLUMN FORMAT CASCADE CONSTRAINTS;
ALTER TABLE NOW_SHOWING_MOVIES RENAME COLUMN FORMAT_ TO FORMAT;
ALTER TABLE NOW_SHOWING_MOVIES ADD CONSTRAINT pk_NOW_SHOWING_MOVIES PRIMARY KEY(movieId, format) USING INDEX;
"""


def test_the_cinema_script_scans_to_one_primary_key(tmp_path: Path) -> None:
    inventory = scan_text(tmp_path, ORA, CINEMA)
    showing = table(inventory, "DEFAULT.NOW_SHOWING_MOVIES")
    assert [(c.name, c.type.raw) for c in showing.columns] == [("MOVIEID", "INTEGER"), ("FORMAT", "CHAR(1)")]
    assert [(c.kind.value, c.name, c.columns, c.ref_table) for c in showing.constraints] == [
        ("foreign_key", "FK_P", ("MOVIEID",), "MOVIES"),
        ("primary_key", "PK_NOW_SHOWING_MOVIES", ("MOVIEID", "FORMAT"), None),
    ]
    assert alter_records(inventory) == ["object", "object", "object", "object"]
    assert "SCAN-UNSUPPORTED-001" not in rules(inventory)
    assert "SCAN-ORPHAN-001" not in rules(inventory)


def test_the_cinema_script_deploys_with_one_primary_key(tmp_path: Path, pg) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    write_output(convert_inventory(scan_text(tmp_path, ORA, CINEMA)), out)
    outcomes = {f"{o.kind} {o.name}": o.status.value for o in deploy(out, pg).outcomes}
    # every object deploys; the UPDATE is data, left to DMS (a manual statement)
    assert outcomes == {
        "schema default": "ok",
        "table movies": "ok",
        "table now_showing_movies": "ok",
        "constraint fk_p": "ok",
        "statement statement_4": "skipped_manual",
    }
    keys = pg.rows(
        "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = '\"default\".now_showing_movies'::regclass ORDER BY contype"
    )
    assert [tuple(k) for k in keys] == [
        ("f", 'FOREIGN KEY (movieid) REFERENCES "default".movies(movieid) ON DELETE CASCADE'),
        ("p", "PRIMARY KEY (movieid, format)"),
    ]
    columns = pg.rows(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'default' AND table_name = 'now_showing_movies' ORDER BY ordinal_position"
    )
    assert [tuple(c) for c in columns] == [("movieid", "numeric"), ("format", "character")]


DROP_COLUMNS = [
    # (dialect, script, table, its (columns, constraints, indexes) after the script)
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER CONSTRAINT b_ck CHECK (b > 0), c NUMBER);\n"
          "CREATE INDEX s.t_b ON s.t (b);\nALTER TABLE s.t DROP COLUMN b;",
     "S.T", (["A", "C"], [], [])),
    # constraints on the dropped columns only go with them, without CASCADE CONSTRAINTS
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, c NUMBER, CONSTRAINT u UNIQUE (a, b), CONSTRAINT k CHECK (a < b),\n"
          "  CONSTRAINT c_ck CHECK (c > 0));\nALTER TABLE s.t DROP (a, b);",
     "S.T", (["C"], [("check", "C_CK", ())], [])),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, c NUMBER);\nALTER TABLE s.t SET UNUSED COLUMN b;",
     "S.T", (["A", "C"], [], [])),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, c NUMBER, CONSTRAINT u UNIQUE (b, c));\n"
          "ALTER TABLE s.t SET UNUSED (b, c) CASCADE CONSTRAINTS ONLINE;\nALTER TABLE s.t DROP UNUSED COLUMNS;",
     "S.T", (["A"], [], [])),
    # CASCADE CONSTRAINTS drops the multi-column constraints on the column; indexes on it, expressions too, go
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, c NUMBER, CONSTRAINT pk PRIMARY KEY (a, b), CONSTRAINT k CHECK (b < c));\n"
          "CREATE INDEX s.t_bc ON s.t (c, b);\nCREATE INDEX s.t_up ON s.t (UPPER(b));\nCREATE INDEX s.t_c ON s.t (c);\n"
          "ALTER TABLE s.t DROP COLUMN b CASCADE CONSTRAINTS CHECKPOINT 250;",
     "S.T", (["A", "C"], [], ["T_C"])),
    # PostgreSQL: the word COLUMN is optional; constraints and indexes involving the column go, without CASCADE
    (PG, "CREATE TABLE t (a int, b int, c int, CONSTRAINT u UNIQUE (a, b), CHECK (a < c), CONSTRAINT cc CHECK (c > 0));\n"
         "CREATE INDEX t_e ON t ((a + c));\nCREATE INDEX t_w ON t (c) WHERE a > 0;\nCREATE INDEX t_i ON t (c) INCLUDE (a);\n"
         "CREATE INDEX t_c ON t (c);\nALTER TABLE t DROP a;",
     "public.t", (["b", "c"], [("check", "cc", ())], ["t_c"])),
    (PG, "CREATE TABLE t (a int, b int, c int);\nALTER TABLE ONLY t DROP COLUMN IF EXISTS b RESTRICT, DROP IF EXISTS zz;",
     "public.t", (["a", "c"], [], [])),
    # CASCADE drops the generated columns computed from it, and from those
    (PG, "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int GENERATED ALWAYS AS (b + 1) STORED,\n"
         "  d int);\nALTER TABLE t DROP COLUMN a CASCADE;",
     "public.t", (["d"], [], [])),
    (PG, "CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES t (id), x int);\nALTER TABLE t DROP COLUMN id CASCADE;",
     "public.t", (["parent", "x"], [], [])),
    # SQL Server: DROP COLUMN a, b drops both; an item naming its own kind is that kind, the ones after it too
    (MSS, "CREATE TABLE dbo.t (a int, b int, c int, d int)\nGO\nALTER TABLE dbo.t DROP COLUMN b, c\nGO",
     "dbo.t", (["a", "d"], [], [])),
    (MSS, "CREATE TABLE dbo.t (a int, b int, c int CONSTRAINT ck CHECK (c > 0), d int, CONSTRAINT uq UNIQUE (d))\nGO\n"
          "ALTER TABLE dbo.t DROP COLUMN b, CONSTRAINT ck, uq, COLUMN c, d\nGO",
     "dbo.t", (["a"], [], [])),
    (MSS, "CREATE TABLE dbo.t (a int, b int, c int)\nGO\nCREATE INDEX ix ON dbo.t (a) INCLUDE (c)\nGO\n"
          "ALTER TABLE [dbo].[t] DROP COLUMN IF EXISTS [zz], [c]\nGO",
     "dbo.t", (["a", "b"], [], [])),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "script", "name", "expected"), DROP_COLUMNS)
def test_drop_column(tmp_path: Path, dialect: str, script: str, name: str, expected: tuple[Any, ...]) -> None:
    inventory = scan_text(tmp_path, dialect, script)
    assert shape(inventory, name) == expected
    assert set(alter_records(inventory)) <= {"object", "ignored"}
    assert "object" in alter_records(inventory)
    assert rules(inventory) == []


def test_a_column_passed_over_by_if_exists_is_said_so(tmp_path: Path) -> None:
    inventory = scan_text(tmp_path, PG, "CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN IF EXISTS zz;")
    assert shape(inventory, "public.t")[0] == ["a", "b"]
    [record] = [r for r in inventory.statements if r.kind == "alter_table"]
    assert (record.disposition, record.reason) == ("ignored", "IF EXISTS: column zz is not in the table")


DROP_CONSTRAINTS = [
    (ORA, "CREATE TABLE s.t (a NUMBER CONSTRAINT pk PRIMARY KEY, b NUMBER CONSTRAINT b_ck CHECK (b > 0));\n"
          "ALTER TABLE s.t DROP CONSTRAINT b_ck;",
     "S.T", (["A", "B"], [("primary_key", "PK", ("A",))], [])),
    (ORA, "CREATE TABLE s.t (a NUMBER CONSTRAINT pk PRIMARY KEY, b NUMBER, CONSTRAINT u UNIQUE (b, a));\n"
          "ALTER TABLE s.t DROP PRIMARY KEY KEEP INDEX;",
     "S.T", (["A", "B"], [("unique", "U", ("B", "A"))], [])),
    # DROP UNIQUE names the key by its columns (in any order); Oracle takes drop clauses one after another
    (ORA, "CREATE TABLE s.t (a NUMBER CONSTRAINT pk PRIMARY KEY, b NUMBER, CONSTRAINT u UNIQUE (b, a));\n"
          "ALTER TABLE s.t DROP UNIQUE (a, b) DROP PRIMARY KEY;",
     "S.T", (["A", "B"], [], [])),
    # DROP INDEX drops the index a key used; by default Oracle keeps an index it did not make for the key
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nCREATE UNIQUE INDEX s.t_a ON s.t (a);\nCREATE UNIQUE INDEX s.t_b ON s.t (b);\n"
          "ALTER TABLE s.t ADD CONSTRAINT pa PRIMARY KEY (a) USING INDEX s.t_a;\n"
          "ALTER TABLE s.t ADD CONSTRAINT ub UNIQUE (b) USING INDEX s.t_b;\n"
          "ALTER TABLE s.t DROP PRIMARY KEY DROP INDEX;\nALTER TABLE s.t DROP CONSTRAINT ub;",
     "S.T", (["A", "B"], [], ["T_B"])),
    (PG, "CREATE TABLE t (a int, b int, CONSTRAINT t_pk PRIMARY KEY (a), CONSTRAINT t_ck CHECK (b > 0));\n"
         "ALTER TABLE ONLY t DROP CONSTRAINT t_ck, DROP CONSTRAINT IF EXISTS nope;",
     "public.t", (["a", "b"], [("primary_key", "t_pk", ("a",))], [])),
    # an unnamed constraint is found by the name PostgreSQL gave it, and the one kept keeps that name
    (PG, "CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE, c int CHECK (c > 0), d int, CHECK (c < d), CHECK (c > 1));\n"
         "ALTER TABLE t DROP CONSTRAINT t_pkey, DROP CONSTRAINT t_b_key, DROP CONSTRAINT t_check,\n"
         "  DROP CONSTRAINT t_c_check1;",
     "public.t", (["a", "b", "c", "d"], [("check", "t_c_check", ("c",))], [])),
    (MSS, "CREATE TABLE dbo.t (a int CONSTRAINT pk PRIMARY KEY, b int CONSTRAINT ck CHECK (b > 0), c int,\n"
          "  CONSTRAINT uq UNIQUE (c))\nGO\nALTER TABLE dbo.t DROP CONSTRAINT ck, uq\nGO\nALTER TABLE [dbo].[t] DROP [pk]\nGO",
     "dbo.t", (["a", "b", "c"], [], [])),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "script", "name", "expected"), DROP_CONSTRAINTS)
def test_drop_constraint(tmp_path: Path, dialect: str, script: str, name: str, expected: tuple[Any, ...]) -> None:
    inventory = scan_text(tmp_path, dialect, script)
    assert shape(inventory, name) == expected
    assert set(alter_records(inventory)) == {"object"}
    assert rules(inventory) == []


PARENT = {
    ORA: "CREATE TABLE s.p (id NUMBER CONSTRAINT p_pk PRIMARY KEY, x NUMBER);\n"
    "CREATE TABLE s.c (id NUMBER, pid NUMBER CONSTRAINT c_fk REFERENCES s.p);\n",
    PG: "CREATE TABLE p (id int CONSTRAINT p_pk PRIMARY KEY, x int);\n"
    "CREATE TABLE c (id int, pid int CONSTRAINT c_fk REFERENCES p (id));\n",
}
CASCADES = [
    # (dialect, the drop, the table it alters, the other table's foreign key it drops)
    (ORA, "ALTER TABLE s.p DROP PRIMARY KEY CASCADE;", "S.P", "S.C", "C_FK"),
    (ORA, "ALTER TABLE s.p DROP CONSTRAINT p_pk CASCADE;", "S.P", "S.C", "C_FK"),
    (ORA, "ALTER TABLE s.p DROP COLUMN id CASCADE CONSTRAINTS;", "S.P", "S.C", "C_FK"),
    (PG, "ALTER TABLE p DROP CONSTRAINT p_pk CASCADE;", "public.p", "public.c", "c_fk"),
    (PG, "ALTER TABLE p DROP COLUMN id CASCADE;", "public.p", "public.c", "c_fk"),
]


@pytest.mark.parametrize(("dialect", "drop", "altered", "other", "foreign_key"), CASCADES)
def test_a_cascade_drops_the_foreign_keys_of_other_tables(
    tmp_path: Path, dialect: str, drop: str, altered: str, other: str, foreign_key: str
) -> None:
    inventory = scan_text(tmp_path, dialect, PARENT[dialect] + drop)
    assert table(inventory, altered).primary_key is None
    assert table(inventory, other).constraints == ()
    assert alter_records(inventory) == ["object"]
    [note] = [f for f in inventory.findings if f.rule_id == "SCAN-IMPLICIT-001"]
    assert f"also drops constraint {foreign_key} of {other}" in note.message, note.message


REFUSED = [
    # (dialect, script, the table, what the message says): the engine refuses, the inventory keeps the table as it was
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, CONSTRAINT u UNIQUE (a, b));\nALTER TABLE s.t DROP COLUMN a;",
     "S.T", "constraint U is on column A and on column B, which stays: Oracle drops it only with CASCADE CONSTRAINTS (ORA-12991)"),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, c NUMBER, CONSTRAINT k CHECK (a < c));\nALTER TABLE s.t SET UNUSED (a);",
     "S.T", "constraint K is on column A and on column C, which stays"),
    (ORA, PARENT[ORA] + "ALTER TABLE s.p DROP COLUMN id;",
     "S.P", "constraint C_FK of S.C references column ID: Oracle drops a column a foreign key references only with CASCADE CONSTRAINTS (ORA-12992)"),
    (ORA, PARENT[ORA] + "ALTER TABLE s.p DROP PRIMARY KEY;",
     "S.P", "constraint C_FK of S.C references constraint P_PK: Oracle drops a key foreign keys reference only with CASCADE (ORA-02273)"),
    (ORA, "CREATE TABLE s.t (a NUMBER);\nALTER TABLE s.t DROP COLUMN a;", "S.T", "Oracle refuses to drop every column of a table (ORA-12983)"),
    (ORA, "CREATE TABLE s.t (a NUMBER, v NUMBER AS (a * 2) VIRTUAL, c NUMBER);\nALTER TABLE s.t DROP COLUMN a CASCADE CONSTRAINTS;",
     "S.T", "generated column V is computed from column A: Oracle refuses to drop it"),
    (ORA, "CREATE TABLE s.t (id NUMBER, d DATE) PARTITION BY RANGE (d) (PARTITION p1 VALUES LESS THAN (DATE '2020-01-01'));\n"
          "ALTER TABLE s.t DROP COLUMN d;",
     "S.T", "column D is in the table's partition key or period: Oracle refuses to drop it"),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nALTER TABLE s.t DROP COLUMN zz;", "S.T", "column ZZ is not in the table (DROP COLUMN zz)"),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nALTER TABLE s.t DROP CONSTRAINT zz;", "S.T", "constraint ZZ is not in the table"),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nALTER TABLE s.t DROP PRIMARY KEY;", "S.T", "the table has no primary key"),
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER, CONSTRAINT u UNIQUE (a));\nALTER TABLE s.t DROP UNIQUE (b);",
     "S.T", "the table has no unique key on (B)"),
    (PG, PARENT[PG] + "ALTER TABLE p DROP COLUMN id;",
     "public.p", "constraint c_fk of public.c references column id: PostgreSQL drops a column a foreign key depends on only with CASCADE"),
    (PG, "CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES t (id));\nALTER TABLE t DROP COLUMN id RESTRICT;",
     "public.t", "constraint t_parent_fkey of public.t references column id"),
    (ORA, "CREATE TABLE s.t (id NUMBER PRIMARY KEY, parent NUMBER REFERENCES s.t (id), x NUMBER);\nALTER TABLE s.t DROP COLUMN id;",
     "S.T", "the foreign key (PARENT) of S.T references column ID: Oracle drops a column a foreign key references only with CASCADE CONSTRAINTS (ORA-12992)"),
    (PG, PARENT[PG] + "ALTER TABLE p DROP CONSTRAINT p_pk;",
     "public.p", "constraint c_fk of public.c references constraint p_pk: PostgreSQL drops a key foreign keys depend on only with CASCADE"),
    (PG, "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED);\nALTER TABLE t DROP a;",
     "public.t", "generated column b is computed from column a: PostgreSQL refuses to drop it (PostgreSQL drops it too only with CASCADE)"),
    (PG, "CREATE TABLE t (a int, k date) PARTITION BY RANGE (k);\nALTER TABLE t DROP COLUMN k CASCADE;",
     "public.t", "column k is in the table's partition key or period: PostgreSQL refuses to drop it"),
    (MSS, "CREATE TABLE dbo.t (a int, b int CONSTRAINT ck CHECK (b > 0))\nGO\nALTER TABLE dbo.t DROP COLUMN b\nGO",
     "dbo.t", "constraint ck uses column b: SQL Server drops no column a constraint uses (the script must drop the constraint first)"),
    (MSS, "CREATE TABLE dbo.p (id int CONSTRAINT pk PRIMARY KEY)\nGO\nCREATE TABLE dbo.c (pid int CONSTRAINT fk REFERENCES dbo.p (id))\nGO\n"
          "ALTER TABLE dbo.p DROP CONSTRAINT pk\nGO",
     "dbo.p", "constraint fk of dbo.c references constraint pk: SQL Server drops no key a foreign key references"),
    (MSS, "CREATE TABLE dbo.t (a int)\nGO\nALTER TABLE dbo.t DROP COLUMN a\nGO", "dbo.t", "SQL Server refuses to drop every column of a table"),
    # renames onto a name that is taken, or of what is not there
    (ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nALTER TABLE s.t RENAME COLUMN a TO b;", "S.T", "column B is already in the table"),
    (PG, "CREATE TABLE t (a int);\nALTER TABLE t RENAME a TO a;", "public.t", "column a is already in the table"),
    (PG, "CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN zz TO y;", "public.t", "column zz is not in the table"),
    (ORA, "CREATE TABLE s.t (a NUMBER CONSTRAINT x UNIQUE, b NUMBER CONSTRAINT y UNIQUE);\nALTER TABLE s.t RENAME CONSTRAINT x TO y;",
     "S.T", "constraint Y is already in the table"),
    (PG, "CREATE TABLE t (a int);\nALTER TABLE t RENAME CONSTRAINT zz TO y;", "public.t", "constraint zz is not in the table"),
    (PG, "CREATE TABLE t (a int);\nCREATE TABLE u (a int);\nALTER TABLE t RENAME TO u;", "public.t", "public.u is already in the scanned files"),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "script", "name", "message"), REFUSED)
def test_what_the_engine_refuses_applies_nothing_and_is_reported(
    tmp_path: Path, dialect: str, script: str, name: str, message: str
) -> None:
    before = scan_text(tmp_path, dialect, script.rsplit("ALTER TABLE", 1)[0])
    inventory = scan_text(tmp_path, dialect, script)
    assert table(inventory, name) == table(before, name)
    [orphan] = [f for f in inventory.findings if f.rule_id == "SCAN-ORPHAN-001"]
    assert f"not applied: {message}" in orphan.message, orphan.message
    record = [r for r in inventory.statements if r.kind == "alter_table"][-1]
    assert (record.disposition, bool(record.text)) == ("unsupported", True)
    assert message in record.reason


def test_a_drop_refused_leaves_the_other_tables_alone(tmp_path: Path) -> None:
    # the foreign key of s.c is what makes Oracle refuse: it must still be there, and nothing reported as dropped
    inventory = scan_text(tmp_path, ORA, PARENT[ORA] + "ALTER TABLE s.p DROP COLUMN id;")
    assert [c.name for c in table(inventory, "S.C").constraints] == ["C_FK"]
    assert "SCAN-IMPLICIT-001" not in rules(inventory)


CHECKED = """CREATE TABLE s.p (id NUMBER CONSTRAINT p_pk PRIMARY KEY,
  qty NUMBER CONSTRAINT qty_ck CHECK (qty > 0 AND "QTY" < 100 AND qtyx <> 1 AND note <> 'qty' AND qty(1) = 1),
  qtyx NUMBER, note VARCHAR2(10), twice NUMBER AS (qty * 2),
  CONSTRAINT p_u UNIQUE (qty, id))
  PARTITION BY RANGE (qty) (PARTITION p1 VALUES LESS THAN (10));
CREATE INDEX s.p_q ON s.p (note, qty);
CREATE INDEX s.p_e ON s.p (UPPER(note), qty + 1);
COMMENT ON COLUMN s.p.qty IS 'how many';
CREATE TABLE s.c (pid NUMBER, pq NUMBER, CONSTRAINT c_fk FOREIGN KEY (pid, pq) REFERENCES s.p (id, qty));
CREATE TABLE s.d (pq NUMBER CONSTRAINT d_fk REFERENCES s.p (qty));
ALTER TABLE s.p RENAME COLUMN qty TO quantity;
"""


def test_a_renamed_column_is_renamed_wherever_the_inventory_names_it(tmp_path: Path) -> None:
    inventory = scan_text(tmp_path, ORA, CHECKED)
    parent = table(inventory, "S.P")
    assert [c.name for c in parent.columns] == ["ID", "QUANTITY", "QTYX", "NOTE", "TWICE"]
    assert parent.column("QUANTITY").comment == "how many"
    assert parent.column("TWICE").generated == "quantity * 2"
    by_name = {c.name: c for c in parent.constraints}
    # whole names only: not the string 'qty', not qtyx, not a function called qty; a quoted "QTY" is the column
    assert by_name["QTY_CK"].check_expression == (
        "quantity > 0 AND quantity < 100 AND qtyx <> 1 AND note <> 'qty' AND qty(1) = 1"
    )
    assert by_name["QTY_CK"].columns == ("QUANTITY",)
    assert by_name["P_U"].columns == ("QUANTITY", "ID")
    assert [[(k.expression, k.is_expression) for k in i.columns] for i in parent.indexes] == [
        [("NOTE", False), ("QUANTITY", False)],
        [("UPPER(note)", True), ("quantity + 1", True)],
    ]
    assert parent.partitioning.columns == ("QUANTITY",)
    [c_fk] = table(inventory, "S.C").constraints
    assert (c_fk.columns, c_fk.ref_columns) == (("PID", "PQ"), ("ID", "QUANTITY"))
    [d_fk] = table(inventory, "S.D").constraints
    assert d_fk.ref_columns == ("QUANTITY",)
    assert alter_records(inventory) == ["object"]


def test_postgresql_renames_a_column_in_a_check_with_its_quotes(tmp_path: Path) -> None:
    script = (
        "CREATE TABLE t (a int, b int, CONSTRAINT t_ck CHECK (a > 0 AND b <> a));\n"
        "CREATE INDEX t_e ON t ((a + b)) WHERE a > 0;\n"
        "CREATE TABLE o (x int, CONSTRAINT o_fk FOREIGN KEY (x) REFERENCES t (a));\n"
        "CREATE TABLE self (id int PRIMARY KEY, parent int REFERENCES self (id));\n"
        'ALTER TABLE t RENAME a TO "A b";\n'
        "ALTER TABLE self RENAME COLUMN id TO ident;\n"
    )
    inventory = scan_text(tmp_path, PG, script)
    renamed = table(inventory, "public.t")
    assert [c.name for c in renamed.columns] == ["A b", "b"]
    assert renamed.constraints[0].check_expression == '"A b" > 0 AND b <> "A b"'
    [index] = renamed.indexes
    assert (index.columns[0].expression, index.where) == ('("A b" + b)', '"A b" > 0')
    assert table(inventory, "public.o").constraints[0].ref_columns == ("A b",)
    own = table(inventory, "public.self")
    assert [(c.kind.value, c.columns, c.ref_columns) for c in own.constraints] == [
        ("primary_key", ("ident",), ()),
        ("foreign_key", ("parent",), ("ident",)),
    ]
    assert alter_records(inventory) == ["object", "object"]


RENAMED_CONSTRAINTS = [
    # (dialect, script, table, constraint names after it, index names after it)
    (ORA, "CREATE TABLE s.t (a NUMBER CONSTRAINT t_pk PRIMARY KEY, b NUMBER CONSTRAINT t_ck CHECK (b > 0));\n"
          "ALTER TABLE s.t RENAME CONSTRAINT t_ck TO t_b_ck;", "S.T", ["T_PK", "T_B_CK"], []),
    # Oracle keeps the key's index name; PostgreSQL's key index carries the key's name and is renamed with it
    (ORA, "CREATE TABLE s.t (a NUMBER);\nCREATE INDEX s.t_uq ON s.t (a);\n"
          "ALTER TABLE s.t ADD CONSTRAINT t_uq UNIQUE (a) USING INDEX s.t_uq;\nALTER TABLE s.t RENAME CONSTRAINT t_uq TO t_a_uq;",
     "S.T", ["T_A_UQ"], ["T_UQ"]),
    (PG, "CREATE TABLE t (a int, CONSTRAINT t_uq UNIQUE (a));\nCREATE INDEX t_uq ON t (a) WHERE a > 0;\n"
         "ALTER TABLE t RENAME CONSTRAINT t_uq TO t_a_uq;", "public.t", ["t_a_uq"], ["t_a_uq"]),
    # an unnamed constraint is found by the name PostgreSQL gave it, and takes the new one
    (PG, "CREATE TABLE t (a int PRIMARY KEY, b int);\nALTER TABLE t RENAME CONSTRAINT t_pkey TO t_pk;", "public.t", ["t_pk"], []),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "script", "name", "constraints", "indexes"), RENAMED_CONSTRAINTS)
def test_rename_constraint(
    tmp_path: Path, dialect: str, script: str, name: str, constraints: list[str], indexes: list[str]
) -> None:
    inventory = scan_text(tmp_path, dialect, script)
    found = table(inventory, name)
    assert ([c.name for c in found.constraints], [i.name for i in found.indexes]) == (constraints, indexes)
    assert set(alter_records(inventory)) == {"object"}
    assert rules(inventory) == []


RENAMED_TABLES = [
    (ORA, "CREATE TABLE s.p (id NUMBER CONSTRAINT p_pk PRIMARY KEY, mgr NUMBER CONSTRAINT p_self REFERENCES s.p);\n"
          "COMMENT ON TABLE s.p IS 'parents';\n"
          "CREATE TABLE s.c (pid NUMBER CONSTRAINT c_fk REFERENCES p);\n"
          "CREATE TABLE o.c (pid NUMBER CONSTRAINT o_fk REFERENCES s.p (id));\n"
          "CREATE OR REPLACE TRIGGER s.p_trg BEFORE INSERT ON s.p FOR EACH ROW BEGIN NULL; END;\n/\n"
          "GRANT SELECT ON s.p TO app;\n"
          "ALTER TABLE s.p RENAME TO parent;\nALTER TABLE s.parent ADD (x NUMBER);\n",
     "S", "P", "PARENT"),
    (PG, "CREATE TABLE public.p (id int CONSTRAINT p_pk PRIMARY KEY, mgr int CONSTRAINT p_self REFERENCES p);\n"
         "COMMENT ON TABLE public.p IS 'parents';\n"
         "CREATE TABLE public.c (pid int CONSTRAINT c_fk REFERENCES p (id));\n"
         "CREATE TABLE o.c (pid int CONSTRAINT o_fk REFERENCES public.p (id));\n"
         "CREATE TRIGGER p_trg BEFORE INSERT ON public.p FOR EACH ROW EXECUTE FUNCTION f();\n"
         "GRANT SELECT ON public.p TO app;\n"
         "ALTER TABLE IF EXISTS public.p RENAME TO parent;\nALTER TABLE parent ADD COLUMN x int;\n",
     "public", "p", "parent"),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "script", "schema", "old", "new"), RENAMED_TABLES)
def test_a_renamed_table_is_found_by_its_new_name_and_followed(
    tmp_path: Path, dialect: str, script: str, schema: str, old: str, new: str
) -> None:
    inventory = scan_text(tmp_path, dialect, script)
    names = {t.qualified_name for t in inventory.tables()}
    assert f"{schema}.{old}" not in names
    renamed = table(inventory, f"{schema}.{new}")
    assert (renamed.comment, [c.name.upper() for c in renamed.columns]) == ("parents", ["ID", "MGR", "X"])
    # the foreign keys naming it, its own included, name it by its new name
    for owner in (renamed, *(t for t in inventory.tables() if t.name.upper() == "C")):
        [fk] = [c for c in owner.constraints if c.kind.value == "foreign_key"]
        assert fk.ref_table == new, (owner.qualified_name, fk)
    [trigger] = [t for s in inventory.schemas for t in s.triggers]
    assert trigger.table == new
    assert [(g.object_schema, g.object_name) for g in inventory.grants] == [(schema, new)]
    assert alter_records(inventory) == ["object", "object"]
    assert rules(inventory) == []


def test_the_old_name_of_a_renamed_table_is_gone(tmp_path: Path) -> None:
    script = "CREATE TABLE s.p (id NUMBER);\nALTER TABLE s.p RENAME TO q;\nALTER TABLE s.p ADD (x NUMBER);\n"
    inventory = scan_text(tmp_path, ORA, script)
    assert shape(inventory, "S.Q")[0] == ["ID"]
    assert alter_records(inventory) == ["object", "unsupported"]
    assert "SCAN-ORPHAN-001" in rules(inventory)


def test_oracle_partition_renames_and_sql_server_periods_stay_not_read(tmp_path: Path) -> None:
    # near the actions now read, but not them: still reported, the statement kept for review
    oracle = scan_text(
        tmp_path, ORA, "CREATE TABLE s.t (a NUMBER, b NUMBER);\nALTER TABLE s.t RENAME PARTITION p1 TO p2;"
    )
    server = scan_text(
        tmp_path, MSS, "CREATE TABLE dbo.t (a int, b int)\nGO\nALTER TABLE dbo.t DROP PERIOD FOR SYSTEM_TIME\nGO"
    )
    for inventory in (oracle, server):
        assert len(table(inventory, inventory.tables()[0].qualified_name).columns) == 2
        assert alter_records(inventory) == ["unsupported"]
        assert rules(inventory) == ["SCAN-UNSUPPORTED-001"]


def test_sql_server_drops_a_named_default_by_its_name_and_then_its_column(tmp_path: Path) -> None:
    script = (
        "CREATE TABLE dbo.t (a int, b int CONSTRAINT DF_t_b DEFAULT 0, c int DEFAULT 1, d int)\nGO\n"
        "ALTER TABLE [dbo].[t] ADD CONSTRAINT [DF_t_d] DEFAULT ((5)) FOR [d]\nGO\n"
        "ALTER TABLE dbo.t ADD e int CONSTRAINT DF_t_e DEFAULT 7\nGO\n"
        "ALTER TABLE dbo.t DROP COLUMN b\nGO\n"  # refused: its named default is still bound to it
        "ALTER TABLE dbo.t DROP CONSTRAINT DF_t_b, DF_t_d\nGO\n"
        "ALTER TABLE dbo.t DROP COLUMN b, c\nGO\n"  # c's default is unnamed: dropped with it
    )
    inventory = scan_text(tmp_path, MSS, script)
    assert [(c.name, c.default) for c in table(inventory, "dbo.t").columns] == [
        ("a", None),
        ("d", None),
        ("e", "7"),
    ]
    assert alter_records(inventory) == ["object", "object", "unsupported", "object", "object"]
    [orphan] = [f.message for f in inventory.findings if f.rule_id == "SCAN-ORPHAN-001"]
    assert orphan == (
        "ALTER TABLE dbo.t: not applied: default DF_t_b is bound to column b: SQL Server drops no column a default "
        "is bound to (the script must drop the default first) (DROP COLUMN b)"
    )


def test_a_table_created_again_forgets_the_names_of_its_old_defaults(tmp_path: Path) -> None:
    script = (
        "CREATE TABLE dbo.t (a int, b int CONSTRAINT DF_t_b DEFAULT 0)\nGO\n"
        "CREATE TABLE dbo.t (a int, b int)\nGO\n"
        "ALTER TABLE dbo.t DROP COLUMN b\nGO\n"
        "ALTER TABLE dbo.t DROP CONSTRAINT DF_t_b\nGO\n"
    )
    inventory = scan_text(tmp_path, MSS, script)
    assert shape(inventory, "dbo.t")[0] == ["a"]
    assert alter_records(inventory) == ["object", "unsupported"]


def test_postgresql_names_of_unnamed_constraints_stay_what_they_were_made(tmp_path: Path) -> None:
    # PostgreSQL names a constraint once: renaming its column or its table later does not rename it
    script = (
        "CREATE TABLE pin (a int UNIQUE, b int CHECK (a > 0), c int PRIMARY KEY);\n"
        "ALTER TABLE pin RENAME a TO z;\n"
        "ALTER TABLE pin RENAME TO pin2;\n"
        "ALTER TABLE pin2 DROP CONSTRAINT pin_a_key, DROP CONSTRAINT pin_a_check;\n"
    )
    inventory = scan_text(tmp_path, PG, script)
    assert shape(inventory, "public.pin2") == (["z", "b", "c"], [("primary_key", "pin_pkey", ("c",))], [])
    assert alter_records(inventory) == ["object", "object", "object"]
    assert rules(inventory) == []


def test_a_table_renamed_to_its_name_in_another_case_is_renamed(tmp_path: Path) -> None:
    # PostgreSQL: p and "P" are two names; the scanner compares names case-blind, and finds the table itself
    script = (
        'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES p);\nALTER TABLE p RENAME TO "P";\n'
    )
    inventory = scan_text(tmp_path, PG, script)
    assert sorted(t.name for t in inventory.tables()) == ["P", "c"]
    assert table(inventory, "public.c").constraints[0].ref_table == "P"
    assert alter_records(inventory) == ["object"]


@pytest.mark.parametrize(
    ("dialect", "script"),
    [
        (
            ORA,
            "CREATE TABLE t (a NUMBER, b NUMBER, CONSTRAINT pk_t PRIMARY KEY (a));\nALTER TABLE t ADD CONSTRAINT pk2 PRIMARY KEY (b);\n",
        ),
        (PG, "CREATE TABLE t (a int PRIMARY KEY, b int);\nALTER TABLE t ADD CONSTRAINT pk2 PRIMARY KEY (b);\n"),
        (
            MSS,
            "CREATE TABLE dbo.t (a int CONSTRAINT pk_t PRIMARY KEY, b int)\nGO\nALTER TABLE dbo.t ADD CONSTRAINT pk2 PRIMARY KEY (b)\nGO\n",
        ),
    ],
)
def test_a_second_primary_key_is_refused(tmp_path: Path, dialect: str, script: str) -> None:
    """Every engine refuses a second primary key (ORA-02260, PostgreSQL 42P16, SQL Server 1779): the table keeps its
    first, and the statement is reported, not applied (it used to give the table two keys, which failed at deploy)."""
    inventory = scan_text(tmp_path, dialect, script)
    keys = [
        c.columns
        for c in table(
            inventory, "dbo.t" if dialect == MSS else "default.t" if dialect == ORA else "public.t"
        ).constraints
        if c.kind.value == "primary_key"
    ]
    assert keys == [("A",)] if dialect == ORA else len(keys) == 1
    assert any("has one already" in f.message for f in inventory.findings)


def test_adding_a_column_the_table_has_is_refused(tmp_path: Path) -> None:
    """ORA-01430 (PostgreSQL 42701): ADD of a column the table has fails whole, `ADD (c, a)` adds neither; it used to
    give the table the column twice, which failed at deploy."""
    inventory = scan_text(
        tmp_path,
        ORA,
        "CREATE TABLE t (a NUMBER, b NUMBER);\nALTER TABLE t ADD b VARCHAR2(10);\n"
        "ALTER TABLE t ADD (c NUMBER, a NUMBER);\nALTER TABLE t ADD d NUMBER;\n",
    )
    assert [c.name for c in table(inventory, "default.t").columns] == ["A", "B", "D"]
    assert sum("has one of that name already" in f.message for f in inventory.findings) == 2
