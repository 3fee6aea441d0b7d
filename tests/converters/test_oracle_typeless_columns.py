"""A column declared without a type in a foreign key, on the real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.converters.conftest import convert_and_deploy

TYPELESS = """
CREATE TABLE shop.customers (id NUMBER(9) PRIMARY KEY, code VARCHAR2(10) UNIQUE);
CREATE TABLE shop.orders (
    id NUMBER(9) PRIMARY KEY,
    customer_id,
    customer_code REFERENCES shop.customers (code),
    CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
);
"""


def test_a_column_without_a_type_takes_its_referenced_keys(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle lets a foreign-key column omit its type and gives it the referenced key's (CREATE TABLE,
    column_definition): customer_id is a NUMBER(9), customer_code a VARCHAR2(10)."""
    convert_and_deploy(cli, tmp_path, TYPELESS, "oracle", pg_url)
    assert pg.rows(
        "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns"
        " WHERE table_schema = 'shop' AND table_name = 'orders' ORDER BY ordinal_position"
    ) == [("id", "integer", None), ("customer_id", "integer", None), ("customer_code", "character varying", 10)]
