"""Bad input: encodings, binary files, garbage, missing paths. The scan goes on; each problem is a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from migrate.errors import InputError
from migrate.sqltext.decode import decode

DECODE = [
    # (bytes, text, encoding used)
    ("CREATE TABLE café (a INT);".encode(), "CREATE TABLE café (a INT);", "utf-8"),
    ("\ufeffSELECT 1".encode(), "SELECT 1", "utf-8-sig"),
    ("SELECT 'é'".encode("utf-16"), "SELECT 'é'", "utf-16"),
    ("SELECT '€ é'".encode("cp1252"), "SELECT '€ é'", "cp1252"),
    (
        "-- NLS_LANG=AMERICAN_AMERICA.EE8MSWIN1250\nSELECT 'ł'".encode("cp1250"),
        "-- NLS_LANG=AMERICAN_AMERICA.EE8MSWIN1250\nSELECT 'ł'",
        "cp1250",
    ),
    ("CREATE TABLE t (a INT);".encode("utf-16-le"), "CREATE TABLE t (a INT);", "utf-16-le"),
    (b"\x00\x01\x02\xff binary", None, "binary"),
]


@pytest.mark.parametrize(("data", "text", "encoding"), DECODE)
def test_decode(data: bytes, text: str | None, encoding: str) -> None:
    assert decode(data) == (text, encoding)


def test_non_utf8_file_is_read_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "latin.sql"
    path.write_bytes("COMMENT ON TABLE s.t IS 'Café';\nCREATE TABLE s.t (a NUMBER);".encode("cp1252"))
    inv = scan_files([path], "oracle")
    assert [f.rule_id for f in inv.findings] == ["SCAN-ENCODING-001", "SCAN-ORPHAN-001"]
    assert inv.findings[0].location.file == str(path) and inv.tables()[0].name == "T"


def test_binary_file_is_a_finding_and_the_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_bytes(b"\x00\x00garbage\xff")
    (tmp_path / "b.sql").write_text("CREATE TABLE s.t (a NUMBER);")
    inv = scan_files([tmp_path], "oracle")
    assert [f.rule_id for f in inv.findings] == ["SCAN-ENCODING-002"]
    assert [t.name for t in inv.tables()] == ["T"] and not inv.complete


def test_unterminated_block_is_a_finding_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.pkb"
    path.write_text(
        "CREATE TABLE s.t (a NUMBER);\n\nCREATE OR REPLACE PROCEDURE s.p IS\nBEGIN\n  UPDATE t SET a = 1;\n"
    )
    inv = scan_files([tmp_path], "oracle")
    assert [(f.rule_id, f.location.line) for f in inv.findings] == [("SCAN-UNTERMINATED-001", 3)]
    assert inv.schemas[0].routines[0].name == "P"


def test_garbage_is_kept_unparsed_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.sql"
    path.write_text("CREATE TABLE s.t (a NUMBER);\n%%% !!! ;\nCREATE TABLE s.u (b NUMBER);")
    inv = scan_files([path], "oracle")
    assert [(f.rule_id, f.location.line) for f in inv.findings] == [("SCAN-UNPARSED-001", 2)]
    assert [r.disposition for r in inv.statements] == ["object", "unparsed", "object"]
    assert [t.name for t in inv.tables()] == ["T", "U"]


def test_unqualified_names_without_a_schema_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "u.sql"
    path.write_text("CREATE TABLE t (a NUMBER);")
    inv = scan_files([path], "oracle")
    assert inv.tables()[0].schema == "DEFAULT" and [f.rule_id for f in inv.findings] == ["SCAN-SCHEMA-001"]
    assert scan_files([path], "oracle", default_schema="APP").tables()[0].schema == "APP"


def test_directories_are_walked_in_sorted_order_for_script_endings(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.pks").write_text("CREATE TABLE s.b (a NUMBER);")
    (tmp_path / "a.sql").write_text("CREATE TABLE s.a (a NUMBER);")
    (tmp_path / "notes.txt").write_text("not a script")
    inv = scan_files([tmp_path], "oracle")
    assert [t.name for t in inv.tables()] == ["A", "B"] and len(inv.source.files) == 2


def test_package_header_and_body_endings_of_oracle_tools_are_read(tmp_path: Path) -> None:
    """.plh / .pkh (package headers), .spc / .bdy and .pck / .pkg: the endings PL/SQL editors give package files."""
    for n, ending in enumerate((".plh", ".pkh", ".spc", ".bdy", ".pck", ".pkg")):
        (tmp_path / f"{n}{ending}").write_text(f"CREATE TABLE s.t{n} (a NUMBER);")
    inv = scan_files([tmp_path], "oracle")
    assert [t.name for t in inv.tables()] == [f"T{n}" for n in range(6)]


BAD_CALLS = [
    # (paths relative to tmp, dialect, words in the error)
    (["missing.sql"], "oracle", "no such file"),
    ([""], "db2", "unknown source dialect"),
    (["empty"], "oracle", "no script files"),
]


@pytest.mark.parametrize(("names", "dialect", "words"), BAD_CALLS)
def test_bad_calls_are_clear_errors(tmp_path: Path, names: list[str], dialect: str, words: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=words):
        scan_files([tmp_path / n for n in names], dialect)


SECRETS = [
    # (dialect, script holding a password that must not be kept anywhere)
    ("oracle", "ALTER USER app IDENTIFIED BY Sup3rSecret;"),
    ("oracle", "ALTER USER app IDENTIFIED BY VALUES 'S:Sup3rSecret';"),
    ("oracle", "CREATE DATABASE LINK l CONNECT TO u IDENTIFIED BY \"Sup3rSecret\" USING 'x' GARBAGE((;"),
    ("sqlserver", "ALTER LOGIN app WITH PASSWORD = 'Sup3rSecret'\nGO"),
    ("postgresql", "ALTER ROLE app PASSWORD 'Sup3rSecret';"),
    ("postgresql", "ALTER ROLE app WITH LOGIN PASSWORD 'Sup3rSecret' VALID UNTIL 'infinity';"),
]


@pytest.mark.parametrize(("dialect", "script"), SECRETS)
def test_passwords_never_reach_the_inventory(tmp_path: Path, dialect: str, script: str) -> None:
    from migrate.model import dumps

    path = tmp_path / "s.sql"
    path.write_text(script)
    inv = scan_files([path], dialect)
    assert inv.statements and "Sup3rSecret" not in dumps(inv, "inventory")
