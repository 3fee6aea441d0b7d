"""The PostgreSQL live scanner, end to end against the real server: build a schema with every
kind of object, scan it, and check what the inventory says about each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessments.scan import scan_files, scan_live
from migrate.engines import connect
from migrate.engines.url import DatabaseUrl
from migrate.model import Identity, IndexColumn, Inventory

SCHEMA_SQL = """
CREATE SCHEMA shop;
CREATE TABLE shop.customer (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE,
    name text COLLATE "C",
    balance numeric(12,2) DEFAULT 0 CHECK (balance >= 0),
    tags integer[],
    created_at timestamptz NOT NULL DEFAULT now(),
    name_upper text GENERATED ALWAYS AS (upper(name)) STORED
);
COMMENT ON TABLE shop.customer IS 'people who buy';
COMMENT ON COLUMN shop.customer.email IS 'login';
CREATE TABLE shop.orders (
    id serial,
    customer_id bigint REFERENCES shop.customer (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ordered_on date NOT NULL,
    total numeric(14,2),
    PRIMARY KEY (id, ordered_on)
) PARTITION BY RANGE (ordered_on);
CREATE TABLE shop.orders_2024 PARTITION OF shop.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE shop.orders_2025 PARTITION OF shop.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX orders_customer_ix ON shop.orders (customer_id, ordered_on DESC);
CREATE INDEX customer_lower_email_ix ON shop.customer (lower(email)) INCLUDE (name) WHERE balance > 0;
CREATE SEQUENCE shop.ticket_seq START 7 INCREMENT 2 MAXVALUE 1000 CYCLE CACHE 5;
CREATE VIEW shop.big_customers AS SELECT id, email FROM shop.customer WHERE balance > 1000;
CREATE MATERIALIZED VIEW shop.daily_totals AS SELECT ordered_on, sum(total) AS total FROM shop.orders GROUP BY 1;
CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.total := coalesce(NEW.total, 0); RETURN NEW; END $$;
CREATE PROCEDURE shop.reset_balance(p_id bigint) LANGUAGE sql AS $$ UPDATE shop.customer SET balance = 0 WHERE id = p_id $$;
CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch();
CREATE ROLE am_test_reader_{suffix};
GRANT SELECT ON shop.customer TO am_test_reader_{suffix};
CREATE TEMP TABLE scratch (a int);
CREATE TYPE shop.mood AS ENUM ('happy', 'it''s fine');
CREATE DOMAIN shop.positive AS numeric(10,2) DEFAULT 1 NOT NULL CHECK (VALUE > 0);
CREATE TYPE shop.pair AS (a int, "B" text);
CREATE TABLE shop.booking (room int, during tsrange, EXCLUDE USING gist (during WITH &&));
"""


@pytest.fixture
def inventory(pg_url: DatabaseUrl) -> Inventory:
    suffix = pg_url.database[-8:]
    with connect(pg_url) as conn:
        conn.execute(SCHEMA_SQL.replace("{suffix}", suffix))
        conn.execute("ANALYZE")
        try:
            return scan_live(conn, ["shop"])
        finally:
            conn.execute("DROP OWNED BY am_test_reader_" + suffix)
            conn.execute("DROP ROLE am_test_reader_" + suffix)


def customer(inv: Inventory) -> Any:
    return inv.find_table("shop", "customer")


CHECKS = [
    # (what is looked at, expected)
    (lambda i: [t.name for t in i.tables()], ["booking", "customer", "orders"]),
    (
        lambda i: sorted(r.source for r in i.schema("shop").routines if r.kind.value == "type"),
        [
            "CREATE DOMAIN shop.positive AS numeric(10,2) DEFAULT 1 NOT NULL CHECK (VALUE > 0::numeric);",
            "CREATE TYPE shop.mood AS ENUM ('happy', 'it''s fine');",
            'CREATE TYPE shop.pair AS (a integer, "B" text);',
        ],
    ),
    (
        lambda i: [(f.name, f.detail) for f in i.features if f.kind == "exclusion_constraint"],
        [("shop.booking.booking_during_excl", "EXCLUDE USING gist (during WITH &&)")],
    ),
    (lambda i: customer(i).column("id").identity, Identity(100, 5, True)),
    (
        lambda i: (customer(i).column("email").type.raw, customer(i).column("email").type.length),
        ("character varying(120)", 120),
    ),
    (lambda i: (customer(i).column("email").nullable, customer(i).column("email").comment), (False, "login")),
    (lambda i: customer(i).column("balance").default, "0"),
    (lambda i: customer(i).column("name").collation, "C"),
    (
        lambda i: (customer(i).column("tags").type.name, customer(i).column("tags").type.family.value),
        ("INTEGER[]", "other"),
    ),
    (
        lambda i: (customer(i).column("name_upper").generated, customer(i).column("name_upper").generated_stored),
        ("upper(name)", True),
    ),
    (lambda i: customer(i).column("created_at").type.family.value, "datetime_tz"),
    (lambda i: customer(i).comment, "people who buy"),
    (
        lambda i: sorted((c.kind.value, c.columns) for c in customer(i).constraints),
        [("check", ("balance",)), ("primary_key", ("id",)), ("unique", ("email",))],
    ),
    (
        lambda i: next(c.check_expression for c in customer(i).constraints if c.kind.value == "check"),
        "balance >= 0::numeric",
    ),
    (
        lambda i: [(x.name, x.columns, x.include, x.where, x.kind) for x in customer(i).indexes],
        [
            (
                "customer_lower_email_ix",
                (IndexColumn("lower(email::text)", False, True),),
                ("name",),
                "balance > 0::numeric",
                "function",
            )
        ],
    ),
    (
        lambda i: [(x.columns, x.kind) for x in i.find_table("shop", "orders").indexes],
        [((IndexColumn("customer_id"), IndexColumn("ordered_on", True)), "btree")],
    ),
    (
        lambda i: (
            lambda fk: (fk.ref_schema, fk.ref_table, fk.ref_columns, fk.on_delete, fk.deferrable, fk.initially_deferred)
        )(next(c for c in i.find_table("shop", "orders").constraints if c.kind.value == "foreign_key")),
        ("shop", "customer", ("id",), "CASCADE", True, True),
    ),
    (
        lambda i: (lambda p: (p.method, p.columns, [x.name for x in p.partitions]))(
            i.find_table("shop", "orders").partitioning
        ),
        ("range", ("ordered_on",), ["orders_2024", "orders_2025"]),
    ),
    (
        lambda i: i.find_table("shop", "orders").partitioning.partitions[0].bound,
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    ),
    (
        lambda i: sorted(
            (s.name, s.start, s.increment, s.max_value, s.cycle, s.cache) for s in i.schema("shop").sequences
        ),
        [("orders_id_seq", 1, 1, 2147483647, False, 1), ("ticket_seq", 7, 2, 1000, True, 5)],
    ),
    (
        lambda i: sorted((v.name, v.materialized, v.columns) for v in i.schema("shop").views),
        [("big_customers", False, ("id", "email")), ("daily_totals", True, ("ordered_on", "total"))],
    ),
    (
        lambda i: (
            "balance > 1000"  # PostgreSQL 18's pg_get_viewdef no longer qualifies a one-table view's columns
            in next(v.query for v in i.schema("shop").views if v.name == "big_customers")
        ),
        True,
    ),
    (
        lambda i: sorted(
            (r.name, r.kind.value, r.language, r.arguments) for r in i.schema("shop").routines if r.kind.value != "type"
        ),
        [("reset_balance", "procedure", "sql", "IN p_id bigint"), ("touch", "function", "plpgsql", "")],
    ),
    (lambda i: "NEW.total := coalesce" in next(r.source for r in i.schema("shop").routines if r.name == "touch"), True),
    (
        lambda i: [(t.name, t.table, t.timing, t.events, t.level) for t in i.schema("shop").triggers],
        [("orders_touch", "orders", "BEFORE", ("INSERT", "UPDATE"), "row")],
    ),
    (
        lambda i: [(g.privilege, g.object_name) for g in i.grants if g.grantee.startswith("am_test_reader")],
        [("SELECT", "customer")],
    ),
    (lambda i: "plpgsql" in {f.name for f in i.features if f.kind == "extension"}, True),
    (lambda i: (i.source.engine, i.source.mode, i.complete, i.findings), ("postgresql", "live", True, ())),
    (lambda i: customer(i).size_bytes > 0 and i.source.size_bytes > 0, True),
]


def test_postgres_scan(inventory: Inventory) -> None:
    # one scan, every check: the database is built once (each check only reads the inventory)
    assert [(n, look(inventory)) for n, (look, _) in enumerate(CHECKS)] == [(n, e) for n, (_, e) in enumerate(CHECKS)]


def test_missing_schema_is_a_finding_and_the_scan_goes_on(pg_url: DatabaseUrl) -> None:
    with connect(pg_url) as conn:
        conn.execute("CREATE SCHEMA real_one; CREATE TABLE real_one.t (a int)")
        inv = scan_live(conn, ["real_one", "no_such_schema"])
    assert [t.qualified_name for t in inv.tables()] == ["real_one.t"]
    assert [(f.rule_id, "no_such_schema" in f.message) for f in inv.findings] == [("SCAN-SCHEMA-002", True)]
    assert not inv.complete


def test_a_failing_catalog_query_is_a_finding_and_the_scan_goes_on(pg_url: DatabaseUrl) -> None:
    with connect(pg_url) as conn:
        conn.execute("CREATE SCHEMA s; CREATE TABLE s.t (a int); CREATE VIEW s.v AS SELECT a FROM s.t")
        conn.execute("CREATE ROLE am_nosee_" + pg_url.database[-8:])
        try:
            conn.execute("REVOKE SELECT ON pg_catalog.pg_trigger FROM PUBLIC")
            conn.execute("SET ROLE am_nosee_" + pg_url.database[-8:])
            inv = scan_live(conn, ["s"])
            conn.execute("RESET ROLE")
        finally:
            conn.execute("RESET ROLE")
            conn.execute("GRANT SELECT ON pg_catalog.pg_trigger TO PUBLIC")
            conn.execute("DROP ROLE am_nosee_" + pg_url.database[-8:])
    assert [t.name for t in inv.tables()] == ["t"] and [v.name for v in inv.schema("s").views] == ["v"]
    assert [f.rule_id for f in inv.findings] == ["SCAN-QUERY-001"] and "triggers" in inv.findings[0].message
    assert not inv.complete


def shape(inv: Inventory, schema: str) -> dict[str, Any]:
    """What the offline and live scans must agree on (names and structure, not spellings)."""
    found = inv.schema(schema)
    assert found is not None
    return {
        "tables": {
            t.name: (
                [c.name for c in t.columns],
                sorted((c.kind.value, c.columns) for c in t.constraints),
                sorted(i.name for i in t.indexes),
                [p.name for p in t.partitioning.partitions] if t.partitioning else [],
            )
            for t in found.tables
        },
        "views": sorted((v.name, v.materialized) for v in found.views),
        "routines": sorted((r.name, r.kind.value) for r in found.routines),
        "triggers": sorted((t.name, t.table, t.events) for t in found.triggers),
    }


def test_offline_and_live_scans_agree(pg_url: DatabaseUrl, tmp_path: Path) -> None:
    script = tmp_path / "shop.sql"
    script.write_text(SCHEMA_SQL.replace("{suffix}", "x").replace("CREATE TEMP TABLE scratch (a int);", ""))
    offline = scan_files([script], "postgresql")
    with connect(pg_url) as conn:
        conn.execute(SCHEMA_SQL.replace("{suffix}", pg_url.database[-8:]))
        try:
            live = scan_live(conn, ["shop"])
        finally:
            conn.execute("DROP OWNED BY am_test_reader_" + pg_url.database[-8:])
            conn.execute("DROP ROLE am_test_reader_" + pg_url.database[-8:])
    assert shape(offline, "shop") == shape(live, "shop")
    assert {s.name for s in offline.schema("shop").sequences} <= {s.name for s in live.schema("shop").sequences}


def test_a_check_added_not_valid_keeps_only_its_expression(pg_url: DatabaseUrl) -> None:
    # pg_get_constraintdef ends such a check with NOT VALID (and NO INHERIT): that is state, not expression
    with connect(pg_url) as conn:
        conn.execute(
            "CREATE SCHEMA s; CREATE TABLE s.t (a int, b real);"
            "ALTER TABLE s.t ADD CONSTRAINT t_a CHECK (a > 0) NOT VALID;"
            "ALTER TABLE s.t ADD CONSTRAINT t_b CHECK (b <= 5) NO INHERIT NOT VALID;"
        )
        inv = scan_live(conn, ["s"])
    checks = inv.find_table("s", "t").constraints
    assert sorted((c.name, c.check_expression, c.validated) for c in checks) == [
        ("t_a", "a > 0", False),
        ("t_b", "b <= 5::double precision", False),
    ]


NULLS_SQL = """
CREATE SCHEMA n;
CREATE TABLE n.t (a int, b int, c int, d int,
                  CONSTRAINT t_ab UNIQUE NULLS NOT DISTINCT (a, b), CONSTRAINT t_c UNIQUE (c));
CREATE UNIQUE INDEX t_d_uix ON n.t (d) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX t_cd_uix ON n.t (c, d);
"""


def nulls_shape(inv: Inventory) -> list[tuple[str, bool]]:
    t = inv.find_table("n", "t")
    return sorted((x.name, x.nulls_not_distinct) for x in (*t.constraints, *t.indexes))


def test_unique_nulls_not_distinct_is_read_from_pg_index(pg_url: DatabaseUrl) -> None:
    # PostgreSQL 15+: pg_index.indnullsnotdistinct, for a UNIQUE constraint (through its index) and a unique index
    with connect(pg_url) as conn:
        assert conn.major_version() >= 15, "NULLS NOT DISTINCT needs a PostgreSQL 15+ test server (CI's is 15)"
        conn.execute(NULLS_SQL)
        inv = scan_live(conn, ["n"])
    assert (nulls_shape(inv), inv.findings, inv.complete) == (
        [("t_ab", True), ("t_c", False), ("t_cd_uix", False), ("t_d_uix", True)],
        (),
        True,
    )


def test_before_postgresql_15_nulls_not_distinct_is_not_asked_for(pg_url: DatabaseUrl, monkeypatch: Any) -> None:
    # pg_index has no indnullsnotdistinct before 15: the probe fails there (as here, made to read a column no
    # server has), the queries read a constant false instead, and the scan is complete without a finding
    from assessments.postgres import queries as q
    from assessments.scan import CatalogQuery

    monkeypatch.setattr(
        q, "PROBE_NULLS_NOT_DISTINCT", CatalogQuery("probe", "SELECT x.indnosuchcolumn FROM pg_index x", "", False)
    )
    with connect(pg_url) as conn:
        conn.execute(NULLS_SQL.replace(" NULLS NOT DISTINCT", ""))
        inv = scan_live(conn, ["n"])
    assert (nulls_shape(inv), inv.findings, inv.complete) == (
        [("t_ab", False), ("t_c", False), ("t_cd_uix", False), ("t_d_uix", False)],
        (),
        True,
    )
