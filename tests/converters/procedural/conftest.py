"""PL/SQL conversion helpers: scan Oracle text as an export file (tables and code), convert it, and look at
the objects the code became."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.config import ConversionSettings
from migrate.model import ConversionResult

TABLES = """
CREATE TABLE hr.emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2), dept NUMBER(4),
                     hired DATE DEFAULT SYSDATE);
CREATE TABLE hr.emp_copy (id NUMBER(6), name VARCHAR2(30));
CREATE TABLE hr.audit_t (id NUMBER, note VARCHAR2(200), created DATE);
"""

Convert = Callable[..., ConversionResult]


@pytest.fixture
def convert_plsql(tmp_path: Path) -> Convert:
    """convert_plsql(code, **settings): the ConversionResult of TABLES + code (units ending with '/')."""

    def run(code: str, **settings: object) -> ConversionResult:
        path = tmp_path / "code.sql"
        path.write_text(TABLES + "\n" + code.strip() + "\n", encoding="utf-8")
        inventory = scan_files([path], "oracle", lambda *a, **k: None)
        return convert_inventory(inventory, ConversionSettings(**settings), jobs=1)  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="session")
def tables() -> str:
    return TABLES
