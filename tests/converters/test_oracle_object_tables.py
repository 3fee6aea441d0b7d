"""Oracle object tables (CREATE TABLE t OF type) converted: a table of the type's attributes, each attribute's type
mapped as a column of that type would be, created on the real PostgreSQL with its keys and options and read by the
PL/SQL converter as any table. Left for a person, with a finding naming the table, the attribute and why, when the
columns cannot be its rows: a REF attribute (AM-DDL-057), an attribute of a type itself left for a person (AM-DDL-058),
a type not in the scan or a substitutable table of a type with subtypes (AM-DDL-056)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.engines import connect
from migrate.engines.url import DatabaseUrl
from migrate.errors import QueryError
from migrate.model import ConvertedObject, DeployStatus, ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deployed

# the shape of /work/corpus airlines_db's create_db.sql: types, object tables, keys added by ALTER TABLE
AIRLINES = """
CREATE OR REPLACE TYPE TravelClass AS OBJECT (
    Id            INT,
    Class_Name    VARCHAR2(100),
    Description   VARCHAR2(255)
);
/
CREATE TABLE TravelClass_Table OF TravelClass;
/
ALTER TABLE TravelClass_Table ADD CONSTRAINT PK_TravelClass PRIMARY KEY (Id);
/
CREATE OR REPLACE TYPE Role AS OBJECT (Id INT, Role_name VARCHAR2(100));
/
CREATE TABLE Role_Table OF Role (Role_name NOT NULL, CONSTRAINT Role_Name_UQ UNIQUE (Role_name))
    OBJECT IDENTIFIER IS SYSTEM GENERATED PCTFREE 10;
/
ALTER TABLE Role_Table ADD CONSTRAINT PK_Role PRIMARY KEY (Id);
/
CREATE OR REPLACE TYPE PlaneSeat AS OBJECT (
    Id INT, SeatRow INT, SeatColumn INT, TravelClassRef REF TravelClass, Price FLOAT
);
/
CREATE TABLE PlaneSeat_Table OF PlaneSeat;
/
CREATE OR REPLACE TYPE RoleList AS TABLE OF REF Role;
/
CREATE OR REPLACE TYPE Plane AS OBJECT (Id INT, Required_role_list RoleList);
/
CREATE TABLE Plane_Table OF Plane NESTED TABLE Required_role_list STORE AS Plane_Role_List_Table;
/
CREATE OR REPLACE TYPE Seating AS OBJECT (Id INT, Seat PlaneSeat);
/
CREATE TABLE Seating_Table OF Seating (PRIMARY KEY (Id));
/
CREATE OR REPLACE TYPE Tag AS OBJECT (Label VARCHAR2(20));
/
CREATE TABLE Tag_Table OF Tag;
/
CREATE OR REPLACE PROCEDURE add_classes(p_id INT, p_name VARCHAR2) IS
    v_class TravelClass := TravelClass(p_id + 1, p_name || ' plus', NULL);
BEGIN
    INSERT INTO TravelClass_Table VALUES (TravelClass(p_id, p_name, 'added'));
    INSERT INTO TravelClass_Table t VALUES (v_class);
    INSERT INTO Tag_Table VALUES (Tag(p_name));
    INSERT INTO Tag_Table VALUES ('plain ' || p_name);
END;
/
CREATE OR REPLACE PROCEDURE rename_class(p_id INT, p_name VARCHAR2) IS
    v_old TravelClass_Table.Class_Name%TYPE;
BEGIN
    SELECT Class_Name INTO v_old FROM TravelClass_Table WHERE Id = p_id;
    UPDATE TravelClass_Table SET Class_Name = p_name, Description = 'was ' || v_old WHERE Id = p_id;
END;
/
"""


def convert(tmp_path: Path, text: str) -> dict[str, ConvertedObject]:
    (tmp_path / "schema.sql").write_text(text, encoding="utf-8")
    result = convert_inventory(scan_files([tmp_path / "schema.sql"], "oracle", lambda *a, **k: None), jobs=1)
    return {o.name: o for o in result.objects}


def rule_messages(obj: ConvertedObject, rule_id: str) -> list[str]:
    return [f.message for f in obj.findings if f.rule_id == rule_id]


def test_scalar_object_tables_become_tables_of_their_attributes(tmp_path: Path) -> None:
    objects = convert(tmp_path, AIRLINES)
    travel = objects["travelclass_table"]
    assert travel.status is ObjectStatus.CONVERTED_WITH_FINDINGS
    assert [f.rule_id for f in travel.findings] == ["AM-DDL-055"]  # INFO: its rows are no longer objects
    assert travel.sql == (
        'CREATE TABLE IF NOT EXISTS "default".travelclass_table (\n'
        "    id numeric(38,0),\n"  # INT as a CREATE TABLE column of INT
        "    class_name varchar(100),\n"
        "    description varchar(255),\n"
        "    CONSTRAINT pk_travelclass PRIMARY KEY (id)\n"
        ");\n"
    )
    assert [(m.source_name, m.target_type) for m in travel.columns] == [
        ("ID", "numeric(38,0)"), ("CLASS_NAME", "varchar(100)"), ("DESCRIPTION", "varchar(255)")
    ]  # fmt: skip
    assert "role_name varchar(100) NOT NULL" in objects["role_table"].sql
    assert "CONSTRAINT role_name_uq UNIQUE (role_name)" in objects["role_table"].sql
    assert objects["rename_class"].status is ObjectStatus.CONVERTED


def test_inserting_an_object_into_an_object_table_stores_its_attributes(tmp_path: Path) -> None:
    """Oracle's INSERT INTO t VALUES (obj) stores the object's attributes as the row: the table's columns are those
    attributes in order, so PostgreSQL takes them as SELECT (obj).*. One value into a table of one attribute is the
    object only when it is the type's constructor."""
    sql = convert(tmp_path, AIRLINES)["add_classes"].sql
    assert (
        "INSERT INTO travelclass_table SELECT (CAST(row(p_id, p_name, 'added') AS \"default\".travelclass)).*;" in sql
    )
    assert "INSERT INTO travelclass_table AS t SELECT (v_class).*;" in sql
    assert 'INSERT INTO tag_table SELECT (CAST(row(p_name) AS "default".tag)).*;' in sql
    assert "INSERT INTO tag_table VALUES (concat('plain ', p_name));" in sql  # the attribute's value


def test_a_ref_attribute_leaves_the_table_for_a_person(tmp_path: Path) -> None:
    seats = convert(tmp_path, AIRLINES)["planeseat_table"]
    assert seats.status is ObjectStatus.MANUAL
    assert rule_messages(seats, "AM-DDL-057") == [
        "attribute TRAVELCLASSREF of DEFAULT.PLANESEAT_TABLE is REF TravelClass: an Oracle REF points at a row "
        "object (it holds the object identifier DEREF follows); PostgreSQL rows have no such identity, so no column "
        "type holds it and the table is left for a person"
    ]
    assert "AURORA-MIGRATE ACTION ITEM [AM-DDL-057]" in seats.sql and "CREATE TABLE PlaneSeat_Table OF" in seats.sql
    # a relational table's REF column says so too (it was "no type rule", AM-TYPE-001)
    plain = convert(tmp_path, AIRLINES + "CREATE TABLE bookings (id INT, class REF TravelClass);")["bookings"]
    assert plain.status is ObjectStatus.MANUAL
    assert rule_messages(plain, "AM-DDL-057")[0].startswith("column CLASS of DEFAULT.BOOKINGS is REF TravelClass")


def test_an_attribute_of_a_type_left_for_a_person_leaves_the_table_too(tmp_path: Path) -> None:
    objects = convert(tmp_path, AIRLINES)
    assert objects["rolelist"].status is ObjectStatus.MANUAL  # a nested table of REFs has no PostgreSQL type
    plane = objects["plane_table"]
    assert plane.status is ObjectStatus.MANUAL
    assert rule_messages(plane, "AM-DDL-058") == [
        "attribute REQUIRED_ROLE_LIST of DEFAULT.PLANE_TABLE is of type RoleList, which is left for a person "
        "(AM-PLSQL-020: A PL/SQL type with no PostgreSQL mapping: REF Role (neither an Oracle type nor a type of this "
        "run)): the table cannot be created before its type"
    ]
    seating = objects["seating_table"]  # an object attribute whose own type has a REF attribute
    assert seating.status is ObjectStatus.MANUAL
    assert rule_messages(seating, "AM-DDL-058")[0].startswith("attribute SEAT of DEFAULT.SEATING_TABLE is of type "
                                                              "PlaneSeat, which is left for a person (AM-PLSQL-020")  # fmt: skip


def test_rows_that_are_not_the_columns_leave_the_table_for_a_person(tmp_path: Path) -> None:
    objects = convert(
        tmp_path,
        """
CREATE TYPE person_t AS OBJECT (id NUMBER(6), name VARCHAR2(30)) NOT FINAL;
/
CREATE TYPE student_t UNDER person_t (school VARCHAR2(40));
/
CREATE TABLE people OF person_t;
CREATE TABLE only_people OF person_t NOT SUBSTITUTABLE AT ALL LEVELS (PRIMARY KEY (id));
CREATE TABLE students OF student_t (PRIMARY KEY (id));
CREATE TABLE ghosts OF ghost_t;
""",
    )
    assert rule_messages(objects["people"], "AM-DDL-056") == [
        "object table DEFAULT.PEOPLE (OF DEFAULT.PERSON_T): its rows may also be objects of DEFAULT.STUDENT_T (the "
        "type is NOT FINAL and the table is not NOT SUBSTITUTABLE AT ALL LEVELS); Oracle keeps their own attributes "
        "in hidden columns, which a table of the type's attributes does not have"
    ]
    assert rule_messages(objects["ghosts"], "AM-DDL-056") == [
        "object table DEFAULT.GHOSTS (OF DEFAULT.GHOST_T): the type is not an object type of the scanned files, so "
        "the table's columns (the type's attributes) are not known"
    ]
    assert {n: objects[n].status for n in ("people", "ghosts", "only_people", "students")} == {
        "people": ObjectStatus.MANUAL, "ghosts": ObjectStatus.MANUAL,
        "only_people": ObjectStatus.CONVERTED_WITH_FINDINGS, "students": ObjectStatus.CONVERTED_WITH_FINDINGS,
    }  # fmt: skip
    assert "school varchar(40)" in objects["students"].sql  # the subtype's table: supertype attributes first
    assert objects["students"].sql.index("name varchar(30)") < objects["students"].sql.index("school")


ROWS = """
INSERT INTO "default".travelclass_table VALUES (1, 'Economy', 'basic'), (2, 'Business', NULL);
INSERT INTO "default".role_table (id, role_name) VALUES (1, 'Pilot');
"""


@pytest.fixture(scope="module")
def airlines(pg_server: DatabaseUrl, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with deployed(pg_server, tmp_path_factory.mktemp("objtab"), AIRLINES, ROWS) as done:
        yield done


def test_deployed_object_tables_take_rows_and_keep_their_keys(airlines) -> None:  # type: ignore[no-untyped-def]
    _result, report, url = airlines
    statuses = {o.name: o.status for o in report.outcomes if o.kind == "table"}
    assert statuses["travelclass_table"] is DeployStatus.OK and statuses["role_table"] is DeployStatus.OK
    assert statuses["planeseat_table"] is DeployStatus.SKIPPED_MANUAL
    assert_clean(report, {"rename_class", "add_classes"})
    with connect(url) as conn:
        conn.execute("CALL \"default\".add_classes(10, 'Premium')")
        assert conn.rows('SELECT id, class_name, description FROM "default".travelclass_table WHERE id >= 10 '
                         "ORDER BY id") == [(10, "Premium", "added"), (11, "Premium plus", None)]  # fmt: skip
        assert conn.rows('SELECT label FROM "default".tag_table ORDER BY 1') == [("Premium",), ("plain Premium",)]
        assert conn.rows('SELECT id, class_name FROM "default".travelclass_table WHERE id < 10 ORDER BY id') == [
            (1, "Economy"), (2, "Business")
        ]  # fmt: skip
        conn.execute("CALL \"default\".rename_class(2, 'First')")
        assert conn.scalar('SELECT description FROM "default".travelclass_table WHERE id = 2') == "was Business"
    for refused, why in (  # the primary key ALTER TABLE added, the OF list's NOT NULL and UNIQUE
        ("INSERT INTO \"default\".travelclass_table VALUES (1, 'Again', NULL)", 'unique constraint "pk_travelclass"'),
        ('INSERT INTO "default".role_table (id) VALUES (2)', 'column "role_name" .* violates not-null'),
        ("INSERT INTO \"default\".role_table VALUES (3, 'Pilot')", 'unique constraint "role_name_uq"'),
    ):
        with connect(url) as conn, pytest.raises(QueryError, match=why):
            conn.execute(refused)
