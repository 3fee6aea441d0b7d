"""`convert --profile-data` / `assess --profile-data` through the real CLI, a real PostgreSQL source and target."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.engines import connect


def _source(pg_url) -> str:
    with connect(pg_url) as conn:
        conn.execute("CREATE SCHEMA shop")
        conn.execute("CREATE TABLE shop.orders (id integer PRIMARY KEY, qty numeric, price numeric, placed timestamp)")
        conn.execute(
            "INSERT INTO shop.orders VALUES (1, 12, 2.50, '2024-01-01'), (2, 34567, 3, '2024-01-02'), (3, NULL, 4, NULL)"
        )
    return str(pg_url)


def _target_types(url) -> dict[str, str]:
    with connect(url) as conn:
        rows = conn.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'shop' AND table_name = 'orders'"
        )
    return dict(rows)


def _reasons(out: Path) -> dict[str, str]:
    doc = json.loads((out / "conversion.json").read_text())
    table = next(o for o in doc["data"]["objects"] if o["kind"] == "table")
    return {c["source_name"]: c["reason"] for c in table["columns"]}


def test_convert_profile_data_narrows_and_deploys(tmp_path: Path, cli, pg_url, make_database) -> None:
    source = _source(pg_url)
    assert cli("assess", "--source", source, "--schemas", "shop", "--out", str(tmp_path / "a")).exit_code == 0
    out = tmp_path / "out"
    result = cli("convert", "--inventory", str(tmp_path / "a" / "inventory.json"), "--out", str(out),
                 "--profile-data", "--source", source)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "profiled 3 column(s) in 1 table(s) (full scan)" in result.output
    target = make_database()
    assert cli("deploy", str(out), "--target", str(target)).exit_code == 0
    types = _target_types(target)
    assert types == {"id": "integer", "qty": "integer", "price": "numeric", "placed": "timestamp without time zone"}
    reasons = _reasons(out)
    assert reasons["qty"] == (
        "profiled 3 rows (full scan), 2 not null: only whole numbers of at most 5 digits; "
        "integer holds them with 2 digits of headroom"
    )
    assert "no time of day seen" in reasons["placed"]


def test_assess_profile_data_writes_profiles_and_sample(tmp_path: Path, cli, pg_url) -> None:
    source = _source(pg_url)
    result = cli("assess", "--source", source, "--schemas", "shop", "--out", str(tmp_path / "a"), "--profile-data",
                 "--profile-sample", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        cli("convert", "--inventory", str(tmp_path / "a" / "inventory.json"), "--out", str(tmp_path / "o")).exit_code
        == 0
    )
    assert "a sample of the first 2 rows" in _reasons(tmp_path / "o")["qty"]


def test_profile_data_without_a_source_is_a_clear_error(tmp_path: Path, cli) -> None:
    script = tmp_path / "t.sql"
    script.write_text("CREATE TABLE hr.t (n NUMBER);\n")
    result = cli("convert", "--dialect", "oracle", str(script), "--out", str(tmp_path / "o"), "--profile-data")
    assert result.exit_code == 2
    assert "--profile-data reads the data of a live source" in result.output


def test_profile_data_source_of_another_engine_is_refused(tmp_path: Path, cli, pg_url) -> None:
    script = tmp_path / "t.sql"
    script.write_text("CREATE TABLE hr.t (n NUMBER);\n")
    result = cli("convert", "--dialect", "oracle", str(script), "--out", str(tmp_path / "o"), "--profile-data",
                 "--source", str(pg_url))  # fmt: skip
    assert result.exit_code == 2
    assert "the inventory was scanned from oracle, --source is postgresql" in result.output
