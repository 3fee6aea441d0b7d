"""An INSERT's column list may qualify its columns with the table, its schema or its alias
(`INSERT INTO rental (date_from, rental.price)`): Oracle inserts into the column the last name gives. PostgreSQL
would read `rental.price` as a field of a composite column `rental`, so only the column's name is kept. Run on the
real PostgreSQL."""

from __future__ import annotations

import pytest

from converters.rewrite import convert_query

FORMS = [
    "INSERT INTO rental (date_from, rental.price) VALUES (DATE '2026-01-02', 5)",
    "INSERT INTO public.rental r (r.date_from, price) VALUES (DATE '2026-01-02', 5)",
    "INSERT INTO rental (public.rental.date_from, rental.price) SELECT DATE '2026-01-02', 5 FROM dual",
]


@pytest.mark.parametrize("sql", FORMS)
def test_qualified_insert_columns_insert_into_the_named_column(pg, sql: str) -> None:  # type: ignore[no-untyped-def]
    converted = convert_query(sql, "oracle")
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE rental (id serial, date_from date, price numeric)")
    pg.execute(converted.sql.replace("public.rental", "rental"))
    assert pg.rows("SELECT date_from::text, price FROM rental") == [("2026-01-02", 5)]


def test_words_oracle_lacks_are_names_not_postgresql_values(pg) -> None:  # type: ignore[no-untyped-def]
    """SESSION_USER, CURRENT_USER, CURRENT_SCHEMA are no Oracle functions: in Oracle text they are columns (USER is
    one); read as PostgreSQL's session user, `WHERE session_user = 'APP'` would compare the login instead."""
    converted = convert_query(
        "SELECT id FROM audit_rows WHERE session_user = 'APP' AND current_user = 'X' AND user IS NOT NULL", "oracle"
    )
    assert not converted.findings, converted.findings
    pg.execute('CREATE TEMP TABLE audit_rows (id int, "session_user" text, "current_user" text)')
    pg.execute("INSERT INTO audit_rows VALUES (1, 'APP', 'X'), (2, 'OTHER', 'X')")
    assert pg.rows(converted.sql) == [(1,)]
