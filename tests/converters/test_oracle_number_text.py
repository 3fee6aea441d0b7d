"""Oracle NUMBER -> text without a format model, on the real PostgreSQL: `'x' || n` and TO_CHAR(n) print Oracle's
number text (significant digits only, no zero before the point: 200.00 -> 200, 0.5 -> .5, -0.5 -> -.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_query
from converters.rewrites.oracle_numbers import oracle_number_literal
from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TABLE shop.prices (id NUMBER(6) PRIMARY KEY, price NUMBER(10,2), qty NUMBER(5));
CREATE VIEW shop.price_labels AS
SELECT id, 'Price: ' || price AS label, TO_CHAR(price) AS price_text, TO_CHAR(price + 1) AS next_text,
       'Qty ' || qty AS qty_label, 'lit ' || 0.50 AS literal
FROM shop.prices;
"""

# (id, price as stored, what Oracle prints for it: TO_CHAR(n) "exactly long enough to hold its significant digits")
VALUES = [
    (1, "200.00", "200"), (2, "0.50", ".5"), (3, "-0.50", "-.5"), (4, "1.50", "1.5"), (5, "0.00", "0"),
    (6, "-1234.56", "-1234.56"), (7, "99999999.99", "99999999.99"), (8, "0.05", ".05"),
]  # fmt: skip


def test_views_print_oracle_number_text(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "shop.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "shop.sql"), "--out", str(out))
    assert converted.exit_code == 0 and "0 flagged" in converted.output, converted.output
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    for id_, price, _ in VALUES:
        pg.execute(f"INSERT INTO shop.prices VALUES ({id_}, {price}, 10)")
    rows = pg.rows("SELECT id, label, price_text, next_text, qty_label, literal FROM shop.price_labels ORDER BY id")
    expected_next = {1: "201", 2: "1.5", 3: ".5", 4: "2.5", 5: "1", 6: "-1233.56", 7: "100000000.99", 8: "1.05"}
    assert rows == [(id_, f"Price: {text}", text, expected_next[id_], "Qty 10", "lit .5") for id_, _, text in VALUES]
    pg.execute("INSERT INTO shop.prices VALUES (9, NULL, NULL)")  # NULL || 'x' is 'x' in Oracle; TO_CHAR(NULL) NULL
    assert pg.rows("SELECT label, price_text, qty_label FROM shop.price_labels WHERE id = 9") == [
        ("Price: ", None, "Qty ")
    ]


LITERALS = [("200.00", "200"), ("0.5", ".5"), ("-0.5", "-.5"), ("1e3", "1000"), ("0", "0"), ("-0.0", "0"),
            ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
            ("1e40", None), ("1e-41", None)]  # fmt: skip


@pytest.mark.parametrize(("literal", "text"), LITERALS, ids=[c[0] for c in LITERALS])
def test_literals(literal: str, text: str | None) -> None:
    assert oracle_number_literal(literal) == text


def test_an_unbounded_number_keeps_the_form_with_a_finding() -> None:
    """A bare NUMBER may hold 10^125: Oracle prints it as 1.0E+125, this form in full; the finding says so."""
    options = RewriteOptions(number_columns=(("n", "unbounded"),))
    rewritten = convert_query("SELECT TO_CHAR(n) FROM t", "oracle", options)
    assert rewritten.sql == r"SELECT regexp_replace(CAST(trim_scale(n) AS TEXT), '^(-?)0\.', '\1.') FROM t"
    assert [f.rule_id for f in rewritten.findings] == ["CONV-ORA-NUMTEXT-001"]


CUSTOMERS = """
CREATE TABLE sakila.customer (customer_id INT PRIMARY KEY, active CHAR(1) DEFAULT 'Y' NOT NULL);
CREATE TABLE sakila.staff (staff_id INT PRIMARY KEY, active SMALLINT DEFAULT 1 NOT NULL);
CREATE VIEW sakila.customer_list AS
SELECT cu.customer_id AS id, decode(cu.active, 1, 'active', '') AS notes FROM sakila.customer cu;
CREATE VIEW sakila.active_staff AS SELECT s.staff_id FROM sakila.staff s WHERE s.active = 1;
"""


def test_character_compared_with_a_number(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """Sakila's customer_list: DECODE(char_col, 1, 'active', '') compares numbers (Oracle converts the CHAR, and
    fails with ORA-01722 on 'Y'), and its '' is NULL. `active` is a SMALLINT in staff: that table's own type."""
    convert_and_deploy(cli, tmp_path, CUSTOMERS, "oracle", pg_url)
    pg.execute("INSERT INTO sakila.customer VALUES (1, '1'), (2, '0')")
    pg.execute("INSERT INTO sakila.staff VALUES (1, 1), (2, 0)")
    assert pg.rows("SELECT id, notes FROM sakila.customer_list ORDER BY id") == [(1, "active"), (2, None)]
    assert pg.rows("SELECT staff_id FROM sakila.active_staff") == [(1,)]
    pg.execute("INSERT INTO sakila.customer VALUES (3, 'Y')")
    with pytest.raises(Exception, match="invalid input syntax"):  # Oracle: ORA-01722 invalid number
        pg.rows("SELECT notes FROM sakila.customer_list")


COMPARED = [
    ("SELECT 1 FROM t WHERE flag IN (0, 1)", "SELECT 1 FROM t WHERE CAST(flag AS DECIMAL) IN (0, 1)"),
    ("SELECT 1 FROM t WHERE 1 < t.flag", "SELECT 1 FROM t WHERE 1 < CAST(t.flag AS DECIMAL)"),
    ("SELECT 1 FROM t WHERE flag = '1'", "SELECT 1 FROM t WHERE flag = '1'"),  # text with text: unchanged
    ("SELECT 1 FROM u WHERE u.flag = 1", "SELECT 1 FROM u WHERE u.flag = 1"),  # u.flag is a NUMBER
]


@pytest.mark.parametrize(("oracle", "postgres"), COMPARED, ids=[c[0] for c in COMPARED])
def test_character_compared_lines(oracle: str, postgres: str) -> None:
    options = RewriteOptions(table_columns=(("t", "flag", "string"), ("u", "flag", "integer")))
    assert convert_query(oracle, "oracle", options).sql == postgres


AGGREGATES = """
CREATE TABLE shop.payment (id NUMBER(6) PRIMARY KEY, store NUMBER(3), amount NUMBER(5,2));
CREATE VIEW shop.store_totals AS
SELECT store, 'Total: ' || SUM(amount) AS total, 'Payments: ' || COUNT(*) AS n, TO_CHAR(MAX(amount)) AS top,
       'Top: ' || ROUND(MAX(amount), 1) AS rounded
FROM shop.payment GROUP BY store;
"""


def test_aggregates_print_oracle_number_text(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """SUM / MAX / ROUND of a NUMBER(5,2) keep its scale in PostgreSQL (12.50, 0.0); Oracle prints 12.5 and 0."""
    (tmp_path / "a.sql").write_text(AGGREGATES)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "a.sql"), "--out", str(out))
    assert converted.exit_code == 0 and "0 flagged" in converted.output, converted.output
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    pg.execute("INSERT INTO shop.payment VALUES (1, 1, 4.99), (2, 1, 7.51), (3, 2, 0.02), (4, 2, 0.01)")
    assert pg.rows("SELECT store, total, n, top, rounded FROM shop.store_totals ORDER BY store") == [
        (1, "Total: 12.5", "Payments: 2", "7.51", "Top: 7.5"), (2, "Total: .03", "Payments: 2", ".02", "Top: 0"),
    ]  # fmt: skip


def test_the_table_the_alias_names_decides_the_kind() -> None:
    """`price` is NUMBER(8,2) in one table and VARCHAR2 in another: the alias says which one a query reads."""
    options = RewriteOptions(table_columns=(("item", "price", "bounded"), ("note", "price", "string")))
    item = convert_query("SELECT 'x' || i.price FROM item i", "oracle", options).sql
    note = convert_query("SELECT 'x' || n.price FROM note n", "oracle", options).sql
    assert "trim_scale(i.price)" in item and note == "SELECT concat('x', n.price) FROM note AS n"


FUNCTIONS = """
CREATE TABLE shop.cards (id NUMBER(6) PRIMARY KEY, card_no NUMBER(8) NOT NULL
    CONSTRAINT card_no_digits CHECK (REGEXP_LIKE(card_no, '^[0-9]{1,8}$')), price NUMBER(10,2));
CREATE VIEW shop.card_texts AS
SELECT id, SUBSTR(card_no, 1, 2) AS head, LENGTH(price) AS width, INSTR(price, '.') AS point,
       REGEXP_SUBSTR(price, '[0-9]+$') AS tail, REPLACE(price, '.', ',') AS comma, UPPER(card_no) AS upper_no
FROM shop.cards;
"""


def test_string_functions_read_a_number_as_its_text(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle converts a NUMBER argument of a string function with TO_CHAR: LENGTH(200.00) is 3, INSTR(0.5, '.')
    is 1 ('.5'), REGEXP_LIKE(card_no, ...) in a CHECK reads the digits. PostgreSQL refuses these calls on numeric."""
    convert_and_deploy(cli, tmp_path, FUNCTIONS, "oracle", pg_url)
    pg.execute("INSERT INTO shop.cards VALUES (1, 12345678, 200.00), (2, 7, 0.50), (3, 42, 1.25)")
    assert pg.rows("SELECT id, head, width, point, tail, comma, upper_no FROM shop.card_texts ORDER BY id") == [
        (1, "12", 3, 0, "200", "200", "12345678"),
        (2, "7", 2, 1, "5", ",5", "7"),
        (3, "42", 4, 2, "25", "1,25", "42"),
    ]
    with pytest.raises(Exception, match="card_no_digits"):
        pg.execute("INSERT INTO shop.cards VALUES (4, -5, 1)")


def test_an_update_set_item_is_an_assignment_not_a_comparison(pg) -> None:  # type: ignore[no-untyped-def]
    """`SET rating = 0` of a character column is an assignment: the column is not read as a number there (it became
    `SET CAST(rating AS DECIMAL) = 0`, a syntax error); `WHERE rating = 1` is a comparison Oracle makes numeric."""
    options = RewriteOptions(string_columns=frozenset({"rating"}))
    converted = convert_query("UPDATE courses SET rating = 0 WHERE rating = 1", "oracle", options)
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE courses (id int, rating varchar(10))")
    pg.execute("INSERT INTO courses VALUES (1, '1.0'), (2, '2')")
    pg.execute(converted.sql)
    assert pg.rows("SELECT id, rating FROM courses ORDER BY id") == [(1, "0"), (2, "2")]


def test_character_operands_of_arithmetic_and_sum_are_read_as_numbers(pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle converts a character operand of + - * / and the values of SUM / AVG over a character column to
    NUMBERs (ORA-01722 on one that is none); PostgreSQL had no varchar + numeric nor sum(varchar)."""
    options = RewriteOptions(string_columns=frozenset({"marks"}))
    converted = convert_query("SELECT SUM(marks), AVG(marks), MAX(marks + 1) FROM exams", "oracle", options)
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE exams (id int, marks varchar(10))")
    pg.execute("INSERT INTO exams VALUES (1, '4'), (2, '6.5')")
    assert pg.rows(converted.sql) == [(10.5, 5.25, 7.5)]
    pg.execute("INSERT INTO exams VALUES (3, 'n/a')")
    with pytest.raises(Exception, match="invalid input syntax"):
        pg.rows(converted.sql)


def test_a_date_or_number_assigned_to_a_character_column_is_oracles_text(pg) -> None:  # type: ignore[no-untyped-def]
    """UPDATE ... SET note = hired / note = amount: Oracle stores the DATE's NLS_DATE_FORMAT text and the NUMBER's
    TO_CHAR text; PostgreSQL's assignment cast stored '2024-05-21 00:00:00' and '1.50'."""
    options = RewriteOptions(
        string_columns=frozenset({"note", "tag"}),
        oracle_date_columns=frozenset({"hired"}),
        date_columns=frozenset({"hired"}),
        number_columns=(("amount", "bounded"),),
    )
    converted = convert_query("UPDATE staff SET note = hired, tag = amount", "oracle", options)
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE staff (hired timestamp(0), amount numeric(6,2), note varchar(30), tag varchar(10))")
    pg.execute("INSERT INTO staff VALUES ('2024-05-21', 1.50, NULL, NULL)")
    pg.execute(converted.sql)
    assert pg.rows("SELECT note, tag FROM staff") == [("21-MAY-24", "1.5")]


def test_a_date_or_number_inserted_into_a_character_column_is_oracles_text(pg) -> None:  # type: ignore[no-untyped-def]
    """INSERT INTO staff (note, tag) VALUES (d, n): the character columns get Oracle's text of the DATE and the
    NUMBER, each row of a multi-row VALUES alike."""
    options = RewriteOptions(
        table_columns=(("staff", "note", "string"), ("staff", "tag", "string")),
        oracle_date_columns=frozenset({"d"}),
        date_columns=frozenset({"d"}),
        number_columns=(("n", "bounded"),),
    )
    values = convert_query("INSERT INTO staff (note, tag) VALUES (DATE '2024-05-21', 2.50)", "oracle", options)
    selected = convert_query("INSERT INTO staff (note, tag) SELECT d, n AS amount FROM src", "oracle", options)
    assert not values.findings and not selected.findings, (values.findings, selected.findings)
    pg.execute("CREATE TEMP TABLE staff (note varchar(30), tag varchar(10))")
    pg.execute("CREATE TEMP TABLE src (d timestamp(0), n numeric(6,2))")
    pg.execute("INSERT INTO src VALUES ('2023-01-02', 7.10)")
    pg.execute(values.sql)
    pg.execute(selected.sql)
    assert pg.rows("SELECT note, tag FROM staff ORDER BY tag") == [("21-MAY-24", "2.5"), ("02-JAN-23", "7.1")]


def test_a_timestamp_stored_into_a_date_column_loses_its_fraction(pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle drops a TIMESTAMP's fractional seconds when it stores it into a DATE column; PostgreSQL's timestamp(0)
    rounded them (12:00:00.7 became 12:00:01)."""
    options = RewriteOptions(
        oracle_date_columns=frozenset({"hired"}),
        date_columns=frozenset({"hired", "ts"}),
        timestamp_columns=frozenset({"ts"}),
    )
    inserted = convert_query("INSERT INTO staff (id, hired) SELECT id, ts FROM src", "oracle", options)
    assert not inserted.findings, inserted.findings
    pg.execute("CREATE TEMP TABLE staff (id int, hired timestamp(0))")
    pg.execute("CREATE TEMP TABLE src (id int, ts timestamp(6))")
    pg.execute("INSERT INTO src VALUES (1, '2024-01-01 12:00:00.7'), (2, '2024-01-01 13:00:00.9')")
    pg.execute(inserted.sql)
    assert pg.rows("SELECT id, hired::text FROM staff ORDER BY id") == [
        (1, "2024-01-01 12:00:00"),
        (2, "2024-01-01 13:00:00"),
    ]


def test_set_operations_store_oracles_text_of_their_rows(pg) -> None:  # type: ignore[no-untyped-def]
    """INSERT ... SELECT ... UNION into a character column: Oracle's UNION compares the DATEs (two times of one day
    are two rows), then stores each one's DD-MON-RR text; a NUMBER union stores Oracle's number text of every
    branch's scale. UNION ALL converts each branch; a MINUS of TIMESTAMPs stored into a DATE column drops their
    fractions after the set operation."""
    options = RewriteOptions(
        oracle_date_columns=frozenset({"hired", "day"}),
        date_columns=frozenset({"hired", "day", "ts"}),
        timestamp_columns=frozenset({"ts"}),
        string_columns=frozenset({"note"}),
        number_columns=(("amount", "bounded"),),
    )
    pg.execute("CREATE TEMP TABLE log (id int, note varchar(40), day timestamp(0))")
    pg.execute("CREATE TEMP TABLE a (id int, hired timestamp(0), amount numeric(8,2), ts timestamp(6))")
    pg.execute("INSERT INTO a VALUES (1, '2024-05-21 08:00', 2.50, '2024-05-21 12:00:00.7'),"
               " (1, '2024-05-21 17:00', 3, '2024-05-22 12:00:00.7')")  # fmt: skip
    for query in (
        "INSERT INTO log (id, note) SELECT id, hired FROM a UNION SELECT id, hired FROM a",
        "INSERT INTO log (id, note) SELECT id, amount FROM a UNION SELECT 2, 0.5 FROM dual",
        "INSERT INTO log (id, note) SELECT id, hired FROM a WHERE amount > 2.6 UNION ALL SELECT 3, hired FROM a",
        "INSERT INTO log (id, day) SELECT 4, ts FROM a MINUS SELECT 4, ts FROM a WHERE amount > 2.6",
    ):
        converted = convert_query(query, "oracle", options)
        assert not converted.findings, (query, converted.findings)
        pg.execute(converted.sql)
    assert sorted(pg.rows("SELECT id, note, day::text FROM log")) == [
        (1, "2.5", None),
        (1, "21-MAY-24", None),
        (1, "21-MAY-24", None),
        (1, "21-MAY-24", None),
        (1, "3", None),
        (2, ".5", None),
        (3, "21-MAY-24", None),
        (3, "21-MAY-24", None),
        (4, None, "2024-05-21 12:00:00"),
    ]


def test_string_functions_read_a_dates_oracle_text(pg) -> None:  # type: ignore[no-untyped-def]
    """REGEXP_LIKE(d, ...), SUBSTR(d, 4, 3), UPPER(d) of a DATE: Oracle reads its NLS_DATE_FORMAT text (21-MAY-24);
    PostgreSQL has no such functions of a timestamp and refused the calls."""
    options = RewriteOptions(oracle_date_columns=frozenset({"hired"}), date_columns=frozenset({"hired"}))
    query = ("SELECT REGEXP_LIKE(hired, '^[0-9]{2}-(MAY|JUN)-[0-9]{2}$'), SUBSTR(hired, 4, 3), LOWER(hired) "
             "FROM staff ORDER BY hired")  # fmt: skip
    converted = convert_query(query, "oracle", options)
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE staff (hired timestamp(0))")
    pg.execute("INSERT INTO staff VALUES ('2024-05-21 10:00'), ('2023-01-02')")
    assert pg.rows(converted.sql) == [(False, "JAN", "02-jan-23"), (True, "MAY", "21-may-24")]


def test_substrb_cuts_a_text_to_a_byte_size(pg) -> None:  # type: ignore[no-untyped-def]
    """SUBSTRB(s, 1, n) on AL32UTF8: whole characters within n bytes, the one the end cuts as one space per byte
    taken of it (Oracle: SUBSTRB('ÏÏÏÏÏÏ', 1, 5) is bytes 195,143,195,143,32), NULL for nothing left. From another
    position a cut character's result is not documented: flagged."""
    query = ("SELECT SUBSTRB('ÏÏÏÏÏÏ', 1, 5), SUBSTRB('abc', 1), SUBSTRB('中华人', 1, 8), SUBSTRB('abcdef', 0, 2), "
             "SUBSTRB('abc', 1, 0), SUBSTRB('abc', 1, 2.7) FROM dual")  # fmt: skip
    converted = convert_query(query, "oracle")
    assert not converted.findings, converted.findings
    assert pg.rows(converted.sql) == [("ÏÏ ", "abc", "中华  ", "ab", None, "ab")]
    assert "CONV-ORA-FUNC-001" in {
        f.rule_id for f in convert_query("SELECT SUBSTRB(a, 3, 2) FROM t", "oracle").findings
    }


def test_a_derived_tables_character_column_compared_with_a_number(pg) -> None:  # type: ignore[no-untyped-def]
    """`FROM (SELECT MAX(SUBSTR(name, 1, 1)) AS k ...) d WHERE d.k = 4`: the derived table's column is character data
    (its select list says so), which Oracle reads as a number next to one; PostgreSQL refused text = numeric."""
    options = RewriteOptions(string_columns=frozenset({"name", "klasa"}))
    query = ("SELECT d.k FROM (SELECT MAX(SUBSTR(name, 1, 1)) AS k, klasa FROM s GROUP BY klasa) d "
             "WHERE d.k = SUBSTR(klasa, 1, 1) - 1 OR k = 4 ORDER BY 1")  # fmt: skip
    converted = convert_query(query, "oracle", options)
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE s (name varchar(10), klasa varchar(5))")
    pg.execute("INSERT INTO s VALUES ('3a', '4b'), ('4x', '1c'), ('1', '9')")
    assert pg.rows(converted.sql) == [("3",), ("4",)]
