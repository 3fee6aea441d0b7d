"""DBMS_DB_VERSION read as a value in code: `RETURN dbms_db_version.version;`, `IF dbms_db_version.ver_le_12 THEN`.

VERSION, RELEASE and VER_LE_n[_m] are constants of the Oracle release the code is compiled on (the package holds
nothing else), so they become literals of the source's release, the setting `conversion.oracle_version` that
conditional compilation reads too (plsql_cc). When it is not set the value is not known: AM-PLSQL-100, and the
routine stays manual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_cc import UNKNOWN, Compilation, db_version_value

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def db_version(w: Walk, i: int) -> tuple[str, int] | None:
    """[SYS.]DBMS_DB_VERSION.member -> its value on the source's release (19, 0, TRUE, FALSE)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    at = i + 2 if w.word(i) == "SYS" and w.text(i + 1) == "." else i
    if w.word(at) != "DBMS_DB_VERSION" or w.text(at + 1) != "." or not w.word(at + 2):
        return None
    member = w.word(at + 2)
    settings = w.scope.ctx.settings
    value = db_version_value(Compilation.of("", settings.oracle_version), member)
    if value is UNKNOWN:
        w.scope.flag("AM-PLSQL-100", i, f"DBMS_DB_VERSION.{member}")
        return None
    text = str(value).upper() if isinstance(value, bool) else str(value)
    return w.placeholder(text), at + 3
