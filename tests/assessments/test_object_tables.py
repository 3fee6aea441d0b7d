"""Oracle object tables in export files (assessments/files/object_tables.py): `CREATE TABLE t OF type` is a table whose
columns are the type's attributes, in order and with their declared types, a subtype's inherited ones first; the
constraints and column options of its `OF type (...)` list and of later ALTER TABLEs apply to them; a type declared
further on is waited for; a type not in the files, and the subtypes a substitutable table may hold, are said."""

from __future__ import annotations

from pathlib import Path

from assessments.scan import scan_files
from migrate.model import ConstraintKind, Inventory, Table, TypeFamily

TRAVEL = """
CREATE OR REPLACE TYPE TravelClass AS OBJECT (
    Id            INT,
    Class_Name    VARCHAR2(100),
    Description   VARCHAR2(255)
);
/
"""
TRAVEL_TABLE = """
CREATE TABLE travelclass_table OF TravelClass;
/
ALTER TABLE TravelClass_Table ADD CONSTRAINT PK_TravelClass PRIMARY KEY (Id);
/
"""


def scan(tmp_path: Path, *files: str) -> Inventory:
    """Scan `files` as export files named f0.sql, f1.sql ... (read in that order)."""
    paths = []
    for n, text in enumerate(files):
        paths.append(tmp_path / f"f{n}.sql")
        paths[-1].write_text(text, encoding="utf-8")
    return scan_files(paths, "oracle", lambda *a, **k: None)


def table(inventory: Inventory, name: str) -> Table:
    return next(t for t in inventory.tables() if t.name == name)


def columns(t: Table) -> list[tuple[str, str]]:
    return [(c.name, c.type.raw) for c in t.columns]


def rules(inventory: Inventory) -> list[str]:
    return sorted(f.rule_id for f in inventory.findings if f.rule_id != "SCAN-SCHEMA-001")


def test_the_columns_are_the_types_attributes_in_order_and_the_later_key_names_one(tmp_path: Path) -> None:
    inventory = scan(tmp_path, TRAVEL + TRAVEL_TABLE)
    travel = table(inventory, "TRAVELCLASS_TABLE")
    assert columns(travel) == [("ID", "INT"), ("CLASS_NAME", "VARCHAR2(100)"), ("DESCRIPTION", "VARCHAR2(255)")]
    assert [c.type.family for c in travel.columns] == [TypeFamily.INTEGER, TypeFamily.STRING, TypeFamily.STRING]
    assert travel.column("class_name").type.length == 100  # type: ignore[union-attr]
    assert travel.object_type == "DEFAULT.TRAVELCLASS" and travel.object_subtypes == ()
    assert [(k.name, k.kind, k.columns) for k in travel.constraints] == [
        ("PK_TRAVELCLASS", ConstraintKind.PRIMARY_KEY, ("ID",))
    ]
    assert rules(inventory) == []  # no "OF TravelClass not understood" any more
    assert {s.kind: s.disposition for s in inventory.statements if s.kind != "client"} == {
        "type": "object", "table": "object", "alter_table": "object"
    }  # fmt: skip


def test_the_of_list_options_and_the_physical_clauses_after_it(tmp_path: Path) -> None:
    inventory = scan(tmp_path, """
CREATE TYPE hr.item_t AS OBJECT (
    id NUMBER(6), code VARCHAR2(10 CHAR), qty NUMBER DEFAULT NULL, made TIMESTAMP(3) WITH TIME ZONE,
    MEMBER FUNCTION label RETURN VARCHAR2,
    MAP MEMBER FUNCTION sort_key RETURN NUMBER
) NOT INSTANTIABLE NOT FINAL;
/
CREATE TABLE hr.items OF hr.item_t NOT SUBSTITUTABLE AT ALL LEVELS (
    PRIMARY KEY (id),
    code NOT NULL,
    CONSTRAINT items_code_uq UNIQUE (code),
    qty DEFAULT 1 CONSTRAINT qty_pos CHECK (qty > 0),
    CHECK (made IS NOT NULL) DISABLE
) OBJECT IDENTIFIER IS PRIMARY KEY OIDINDEX items_oid (TABLESPACE users) PCTFREE 10 TABLESPACE users LOGGING;
CREATE INDEX hr.items_made ON hr.items (made);
COMMENT ON COLUMN hr.items.qty IS 'how many';
""")  # fmt: skip
    items = table(inventory, "ITEMS")
    assert columns(items) == [("ID", "NUMBER(6)"), ("CODE", "VARCHAR2(10 CHAR)"), ("QTY", "NUMBER"),
                              ("MADE", "TIMESTAMP(3) WITH TIME ZONE")]  # fmt: skip
    code, qty = items.column("code"), items.column("qty")
    assert code is not None and not code.nullable and qty is not None and qty.default == "1"
    assert qty.comment == "how many" and [i.name for i in items.indexes] == ["ITEMS_MADE"]
    assert [(k.name, k.kind.value, k.columns, k.enabled) for k in items.constraints] == [
        ("", "primary_key", ("ID",), True),
        ("ITEMS_CODE_UQ", "unique", ("CODE",), True),
        ("QTY_POS", "check", ("QTY",), True),
        ("", "check", (), False),
    ]
    assert items.object_type == "HR.ITEM_T" and items.object_subtypes == ()  # NOT SUBSTITUTABLE: its own type only
    assert rules(inventory) == []


def test_an_attribute_the_type_lacks_is_not_read_silently(tmp_path: Path) -> None:
    inventory = scan(tmp_path, TRAVEL + "CREATE TABLE tc OF TravelClass (price NOT NULL, class_name NOT NULL);")
    assert [c.nullable for c in table(inventory, "TC").columns] == [True, False, True]
    found = [f.message for f in inventory.findings if f.rule_id == "SCAN-PARTIAL-001"]
    assert found == ["table DEFAULT.TC: not understood: not an attribute of DEFAULT.TRAVELCLASS: price NOT NULL"]


def test_a_subtype_gets_its_supertypes_attributes_first(tmp_path: Path) -> None:
    inventory = scan(
        tmp_path,
        """
CREATE TYPE person_t AS OBJECT (id NUMBER(6), name VARCHAR2(30)) NOT FINAL;
/
CREATE TYPE student_t UNDER person_t (school VARCHAR2(40)) NOT FINAL;
/
CREATE TYPE grad_t UNDER student_t (thesis VARCHAR2(80));
/
CREATE TABLE grads OF grad_t (PRIMARY KEY (id));
CREATE TABLE people OF person_t;
CREATE TABLE only_people OF person_t NOT SUBSTITUTABLE AT ALL LEVELS;
""",
    )
    assert columns(table(inventory, "GRADS")) == [
        ("ID", "NUMBER(6)"), ("NAME", "VARCHAR2(30)"), ("SCHOOL", "VARCHAR2(40)"), ("THESIS", "VARCHAR2(80)")
    ]  # fmt: skip
    # person_t is NOT FINAL: a substitutable table of it may hold students and graduates, at any depth
    assert table(inventory, "PEOPLE").object_subtypes == ("DEFAULT.STUDENT_T", "DEFAULT.GRAD_T")
    assert table(inventory, "ONLY_PEOPLE").object_subtypes == ()
    assert table(inventory, "GRADS").object_subtypes == ()


def test_a_type_declared_in_a_later_file(tmp_path: Path) -> None:
    later = "CREATE INDEX tc_name ON travelclass_table (class_name);\n"
    inventory = scan(tmp_path, TRAVEL_TABLE + later, TRAVEL)
    travel = table(inventory, "TRAVELCLASS_TABLE")
    assert [c.name for c in travel.columns] == ["ID", "CLASS_NAME", "DESCRIPTION"]
    assert travel.primary_key is not None and [i.name for i in travel.indexes] == ["TC_NAME"]
    assert rules(inventory) == []
    assert {s.disposition for s in inventory.statements if s.kind != "client"} == {"object"}


def test_a_type_declared_further_on_in_the_same_file(tmp_path: Path) -> None:
    """The last file too: the table waits for the end of the scan, and the changes to it that follow wait with it."""
    inventory = scan(tmp_path, TRAVEL_TABLE + "ALTER TABLE travelclass_table MODIFY (description NOT NULL);\n" + TRAVEL)
    travel = table(inventory, "TRAVELCLASS_TABLE")
    assert [(c.name, c.nullable) for c in travel.columns] == [("ID", True), ("CLASS_NAME", True),
                                                              ("DESCRIPTION", False)]  # fmt: skip
    assert travel.primary_key is not None and rules(inventory) == []


def test_a_type_not_in_the_files_is_said_and_the_table_has_no_columns(tmp_path: Path) -> None:
    inventory = scan(tmp_path, "CREATE TABLE hr.ghosts OF hr.ghost_t (PRIMARY KEY (id));\n"
                               "ALTER TABLE hr.ghosts ADD CONSTRAINT ghosts_uq UNIQUE (name);\n")  # fmt: skip
    ghosts = table(inventory, "GHOSTS")
    assert ghosts.columns == () and ghosts.object_type == "HR.GHOST_T"
    assert [f.message for f in inventory.findings] == [
        "object table HR.GHOSTS is OF HR.GHOST_T: its type is not an object type of the scanned files, so its "
        "columns are not known"
    ]
    missing_supertype = scan(tmp_path, "CREATE TYPE sub_t UNDER base_t (x NUMBER);\n/\nCREATE TABLE subs OF sub_t;")
    assert [f.message for f in missing_supertype.findings if f.rule_id == "SCAN-ORPHAN-001"] == [
        "object table DEFAULT.SUBS is OF DEFAULT.SUB_T: its type's supertype DEFAULT.BASE_T is not an object type "
        "of the scanned files, so its columns are not known"
    ]
    collection = scan(tmp_path, "CREATE TYPE nums AS TABLE OF NUMBER;\n/\nCREATE TABLE t OF nums;")
    assert table(collection, "T").columns == ()  # Oracle allows no object table of a collection type


def test_nested_table_and_varray_storage_clauses_are_read(tmp_path: Path) -> None:
    """NESTED TABLE ... STORE AS names where Oracle keeps a nested-table column's elements, VARRAY ... STORE AS LOB
    how it keeps a VARRAY: PostgreSQL keeps an array in the row, so neither has anything to create."""
    inventory = scan(
        tmp_path,
        """
CREATE TYPE tags_t AS TABLE OF VARCHAR2(20);
/
CREATE TYPE phones_t AS VARRAY(3) OF VARCHAR2(25);
/
CREATE TYPE contact_t AS OBJECT (id NUMBER, tags tags_t, phones phones_t);
/
CREATE TABLE contacts OF contact_t (id PRIMARY KEY)
    NESTED TABLE tags STORE AS contact_tags_nt (TABLESPACE users) RETURN AS VALUE
    VARRAY phones STORE AS SECUREFILE LOB contact_phones_lob (CACHE);
CREATE TABLE plain (id NUMBER, tags tags_t) NESTED TABLE tags STORE AS plain_tags_nt;
""",
    )
    assert columns(table(inventory, "CONTACTS")) == [("ID", "NUMBER"), ("TAGS", "tags_t"), ("PHONES", "phones_t")]
    assert columns(table(inventory, "PLAIN")) == [("ID", "NUMBER"), ("TAGS", "tags_t")]
    assert rules(inventory) == []


def test_a_type_changed_by_alter_type_is_said_not_ignored(tmp_path: Path) -> None:
    """ALTER TYPE ... ADD ATTRIBUTE ... CASCADE adds a column to the type's object tables; the scanner does not apply
    type evolution, so it says so (it used to pass such a statement over as a recompilation)."""
    inventory = scan(tmp_path, TRAVEL + TRAVEL_TABLE + """
ALTER TYPE TravelClass COMPILE;
ALTER TYPE TravelClass ADD ATTRIBUTE (Fare NUMBER(8,2)) CASCADE;
""")  # fmt: skip
    assert [(s.disposition, s.reason) for s in inventory.statements if s.text.startswith("ALTER TYPE")] == [
        ("unsupported", "a change of a type (type evolution) is not read")
    ]
    assert [f.message for f in inventory.findings if f.rule_id == "SCAN-UNSUPPORTED-001"] == [
        "ALTER TYPE changes the type (its attributes, methods, limit or FINAL): not read, so the type and the columns "
        "of its object tables are as its CREATE TYPE declares them"
    ]
    compiled = [s for s in inventory.statements if s.kind == "type" and s.disposition == "ignored"]
    assert [s.reason for s in compiled] == ["recompiles stored code; the target compiles on deploy"]


def test_ref_attributes_are_kept_as_declared(tmp_path: Path) -> None:
    """A REF attribute keeps its type as written: the converter leaves the table for a person (AM-DDL-057)."""
    inventory = scan(
        tmp_path,
        TRAVEL
        + """
CREATE TYPE seat_t AS OBJECT (id INT, class_ref REF TravelClass, price FLOAT);
/
CREATE TABLE seats OF seat_t (class_ref SCOPE IS travelclass_table, SCOPE FOR (class_ref) IS travelclass_table);
""",
    )
    assert columns(table(inventory, "SEATS")) == [("ID", "INT"), ("CLASS_REF", "REF TravelClass"), ("PRICE", "FLOAT")]
    assert rules(inventory) == []
