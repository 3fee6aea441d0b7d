"""Oracle object- and collection-typed columns on the real PostgreSQL: the OE `customers` shape (an object column,
a VARRAY column) and the PM `print_media` shape (a nested table of objects, NESTED TABLE ... STORE AS) deploy,
and constructors, attribute access and TABLE() read the rows Oracle returns for the same data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_query
from converters.rewrites.common import UserType
from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TYPE oe.cust_address_typ AS OBJECT
    ( street_address VARCHAR2(40), postal_code VARCHAR2(10), city VARCHAR2(30), state_province VARCHAR2(10)
    , country_id CHAR(2) );
/
CREATE TYPE oe.phone_list_typ AS VARRAY(5) OF VARCHAR2(25);
/
CREATE TYPE oe.textdoc_typ AS OBJECT (document_typ VARCHAR2(32), formatted_doc BLOB);
/
CREATE TYPE oe.textdoc_tab AS TABLE OF textdoc_typ;
/
CREATE TABLE oe.customers
    ( customer_id NUMBER(6) PRIMARY KEY
    , cust_address cust_address_typ DEFAULT cust_address_typ(NULL, NULL, 'Kokomo', 'IN', 'US')
    , phone_numbers phone_list_typ DEFAULT phone_list_typ()
    , docs textdoc_tab
    , CONSTRAINT us_or_ca CHECK (cust_address.country_id IN ('US', 'CA'))
    ) NESTED TABLE docs STORE AS customer_docs_nt;
CREATE VIEW oe.customer_phones AS
    SELECT c.customer_id, c.cust_address.city AS city, p.column_value AS phone
    FROM oe.customers c, TABLE(c.phone_numbers) p;
CREATE VIEW oe.customer_docs AS
    SELECT c.customer_id, d.document_typ FROM oe.customers c, TABLE(c.docs) d;
CREATE VIEW oe.constructed AS
    SELECT cust_address_typ('2 Main St', '1000', 'Lausanne', NULL, 'CH') AS addr,
           (SELECT COUNT(*) FROM TABLE(phone_list_typ('1', '2', '3'))) AS phones
    FROM dual;
"""

ROWS = """
INSERT INTO oe.customers (customer_id) VALUES (100);
INSERT INTO oe.customers VALUES (101, ROW('514 W Superior St', '46901', 'Kokomo', 'IN', 'US'),
    ARRAY['+1 317 123 4104', '+1 317 123 4111'], ARRAY[ROW('pdf', NULL)::oe.textdoc_typ]);
INSERT INTO oe.customers VALUES (102, ROW('2515 Bloyd Ave', '46218', 'Indianapolis', 'IN', 'US'), NULL, NULL);
"""


@pytest.fixture
def deployed(cli, tmp_path: Path, pg_url, pg):  # type: ignore[no-untyped-def]
    out = convert_and_deploy(cli, tmp_path, SCRIPT, "oracle", pg_url)
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    for statement in ROWS.strip().split(";\n"):
        pg.execute(statement)
    return {o["name"]: o for o in objects}, pg


def test_the_tables_views_and_types_deploy(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, pg = deployed
    assert {n: objects[n]["status"] for n in ("customers", "customer_phones", "customer_docs", "constructed")} == {
        "customers": "converted_with_findings", "customer_phones": "converted", "customer_docs": "converted",
        "constructed": "converted",
    }  # fmt: skip
    rules = sorted(f["rule_id"] for f in objects["customers"]["findings"])
    assert rules == ["AM-DDL-040"] * 3  # DMS does not load the three user-typed columns
    assert pg.scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     "WHERE attrelid = 'oe.customers'::regclass AND attname = 'cust_address'") == "oe.cust_address_typ"  # fmt: skip


def test_constructor_defaults_and_attribute_checks(deployed) -> None:  # type: ignore[no-untyped-def]
    _, pg = deployed
    # DEFAULT cust_address_typ(NULL, NULL, 'Kokomo', 'IN', 'US'), phone_list_typ(): the city, an empty VARRAY
    assert pg.scalar("SELECT (cust_address).city FROM oe.customers WHERE customer_id = 100") == "Kokomo"
    assert pg.scalar("SELECT cardinality(phone_numbers) FROM oe.customers WHERE customer_id = 100") == 0
    with pytest.raises(Exception, match="us_or_ca"):  # CHECK (cust_address.country_id IN ('US', 'CA'))
        pg.execute(
            "INSERT INTO oe.customers (customer_id, cust_address) VALUES (103, ROW(NULL, NULL, 'x', NULL, 'FR'))"
        )
    with pytest.raises(Exception, match="check"):  # VARRAY(5): a sixth element is ORA-22909 in Oracle
        pg.execute("INSERT INTO oe.customers (customer_id, phone_numbers) VALUES (104, ARRAY['1','2','3','4','5','6'])")


def test_table_collection_and_attribute_access_in_views(deployed) -> None:  # type: ignore[no-untyped-def]
    _, pg = deployed
    # Oracle: one row per element, COLUMN_VALUE the element; an empty or NULL collection gives no row
    assert pg.rows("SELECT customer_id, city, phone FROM oe.customer_phones ORDER BY 1, 3") == [
        (101, "Kokomo", "+1 317 123 4104"), (101, "Kokomo", "+1 317 123 4111"),
    ]  # fmt: skip
    assert pg.rows("SELECT customer_id, document_typ FROM oe.customer_docs") == [(101, "pdf")]
    assert pg.rows("SELECT (addr).city, phones FROM oe.constructed") == [("Lausanne", 3)]


TYPES = (
    UserType("CUST_ADDRESS_TYP", "oe.cust_address_typ", False),
    UserType("PHONE_LIST_TYP", "oe.phone_list_typ", True, "", 5),
)
TYPED = (("cust_address", "CUST_ADDRESS_TYP"), ("phone_numbers", "PHONE_LIST_TYP"))

CASES = [
    ("SELECT cust_address_typ('a', 'b') FROM t", "SELECT CAST(row('a', 'b') AS oe.cust_address_typ) FROM t"),
    ("SELECT oe.cust_address_typ(1, 2) FROM t", "SELECT CAST(row(1, 2) AS oe.cust_address_typ) FROM t"),
    ("SELECT phone_list_typ() FROM t", "SELECT CAST('{}' AS oe.phone_list_typ) FROM t"),
    ("SELECT phone_list_typ('1', '2') FROM t", "SELECT CAST(array['1', '2'] AS oe.phone_list_typ) FROM t"),
    ("SELECT c.cust_address.city FROM customers c", "SELECT (c.cust_address).city FROM customers AS c"),
    (
        "SELECT p.column_value FROM customers c, TABLE(c.phone_numbers) p",
        "SELECT p.column_value FROM customers AS c, unnest(c.phone_numbers) AS p(column_value)",
    ),
    (
        "SELECT column_value FROM TABLE(phone_list_typ('1'))",
        "SELECT column_value FROM unnest(CAST(array['1'] AS oe.phone_list_typ)) AS column_value(column_value)",
    ),
    ("SELECT hr.emp.id FROM hr.emp", "SELECT hr.emp.id FROM hr.emp"),  # schema.table.column stays
]


@pytest.mark.parametrize(("oracle", "postgres"), CASES, ids=[c[0] for c in CASES])
def test_rewrite_lines(oracle: str, postgres: str) -> None:
    rewritten = convert_query(oracle, "oracle", RewriteOptions(user_types=TYPES, typed_columns=TYPED))
    assert (rewritten.sql, [f.rule_id for f in rewritten.findings]) == (postgres, [])


NESTED = """
CREATE TYPE oe.point_typ AS OBJECT (x NUMBER, y NUMBER);
/
CREATE TYPE oe.addr_typ AS OBJECT (city VARCHAR2(30), loc point_typ);
/
CREATE TABLE oe.sites (id NUMBER PRIMARY KEY, addr addr_typ DEFAULT addr_typ('Bern', point_typ(1, 2)));
CREATE INDEX oe.sites_city_ix ON oe.sites (addr.city);
CREATE VIEW oe.site_points AS SELECT s.id, s.addr.city city, s.addr.loc.x x FROM oe.sites s;
"""


def test_nested_objects_constructors_and_an_index_on_an_attribute(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    convert_and_deploy(cli, tmp_path, NESTED, "oracle", pg_url)
    pg.execute("INSERT INTO oe.sites (id) VALUES (1)")
    pg.execute("INSERT INTO oe.sites VALUES (2, ROW('Genf', ROW(5, 6)))")
    assert pg.rows("SELECT id, city, x FROM oe.site_points ORDER BY id") == [(1, "Bern", 1), (2, "Genf", 5)]
    assert pg.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'sites_city_ix'").endswith("((addr).city))")


MULTISET = """
CREATE TYPE oe.phone_list_typ AS VARRAY(5) OF VARCHAR2(25);
/
CREATE TYPE oe.note_typ AS OBJECT (kind VARCHAR2(10), body VARCHAR2(100));
/
CREATE TYPE oe.note_tab AS TABLE OF note_typ;
/
CREATE TABLE oe.cust (id NUMBER(6) PRIMARY KEY);
CREATE TABLE oe.phones (cust_id NUMBER(6), phone VARCHAR2(25));
CREATE TABLE oe.notes (cust_id NUMBER(6), kind VARCHAR2(10), body VARCHAR2(100));
CREATE VIEW oe.cust_collections AS
SELECT c.id,
       CAST(MULTISET(SELECT p.phone FROM oe.phones p WHERE p.cust_id = c.id ORDER BY p.phone) AS phone_list_typ) phones,
       CAST(MULTISET(SELECT n.kind, n.body FROM oe.notes n WHERE n.cust_id = c.id) AS note_tab) notes
FROM oe.cust c;
"""


def test_cast_multiset_builds_collections(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """CAST(MULTISET(subquery) AS type): the subquery's rows as a collection; no row gives an empty collection
    (not NULL), as in Oracle; a collection of objects gets one object per row."""
    (tmp_path / "m.sql").write_text(MULTISET)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "m.sql"), "--out", str(out))
    assert converted.exit_code == 0 and "0 flagged" in converted.output, converted.output
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    pg.execute("INSERT INTO oe.cust VALUES (1), (2)")
    pg.execute("INSERT INTO oe.phones VALUES (1, '555-2'), (1, '555-1')")
    pg.execute("INSERT INTO oe.notes VALUES (1, 'vip', 'pays early')")
    rows = pg.rows("SELECT id, phones::text, cardinality(notes), (notes[1]).body FROM oe.cust_collections ORDER BY id")
    assert rows == [(1, "{555-1,555-2}", 1, "pays early"), (2, "{}", 0, None)]
