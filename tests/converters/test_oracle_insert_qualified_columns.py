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
