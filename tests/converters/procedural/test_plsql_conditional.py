"""PL/SQL conditional compilation ($IF / $ELSIF / $ELSE / $END, $ERROR, $$name) resolved as Oracle's preprocessor
does, from the settings conversion.plsql_ccflags and conversion.oracle_version; what cannot be decided stays manual
(AM-PLSQL-080). The kept code runs on the real PostgreSQL with Oracle's results."""

from __future__ import annotations

import pytest

from converters.procedural.plsql_cc import Compilation, Undecided, resolve
from migrate.engines import connect
from migrate.model import ObjectStatus

BODY = """function f return varchar2 as
  $if dbms_db_version.version >= 12 $then
    pragma udf;
  $end
begin
  $if $$debug $then
    return 'debug';
  $elsif dbms_db_version.ver_le_11_2 $then
    return 'old';
  $else
    return 'new';
  $end
end;"""


def _code(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("flags", "version", "expected"),
    [
        ("", "19", "return 'new';"),  # $$debug not in PLSQL_CCFLAGS: NULL, the $IF is skipped
        ("debug:true", "19", "return 'debug';"),
        ("debug:false", "11.2", "return 'old';"),
        ("debug:false", "12.1", "return 'new';"),
    ],
)
def test_the_branch_oracle_compiles_is_kept(flags: str, version: str, expected: str) -> None:
    out = resolve(BODY, Compilation.of(flags, version), "F")
    assert _code(out) == _code(f"function f return varchar2 as {'pragma udf;' if version >= '12' else ''} "
                               f"begin {expected} end;")  # fmt: skip
    assert out.count("\n") == BODY.count("\n")  # every line keeps its number


def test_a_version_condition_is_decided_without_the_version_only_when_the_branches_are_the_same_code() -> None:
    text = "function f return number as\n  $if dbms_db_version.version >= 12 $then pragma udf; $end\nbegin null; end;"
    # the first branch is kept: a compiler hint PostgreSQL drops (the PRAGMA UDF is converted to nothing)
    assert _code(resolve(text, Compilation(), "F")) == "function f return number as pragma udf; begin null; end;"
    with pytest.raises(Undecided, match="cannot be evaluated"):
        resolve(BODY, Compilation.of("debug:false", ""), "F")
    with pytest.raises(Undecided, match="cannot be evaluated"):
        resolve(text.replace("pragma udf;", "x := 1;"), Compilation(), "F")


def test_three_valued_conditions_and_package_constants() -> None:
    def branch(condition: str, flags: str = "", version: str = "19") -> str:
        text = f"begin $if {condition} $then a; $else b; $end end;"
        return _code(resolve(text, Compilation.of(flags, version)))

    assert branch("$$x is null") == "begin a; end;"
    assert branch("not $$x") == "begin b; end;"  # NOT NULL is NULL: skipped
    assert branch("$$x or dbms_db_version.version > 18") == "begin a; end;"
    assert branch("$$lvl >= 2 and dbms_db_version.ver_le_19", "lvl:3") == "begin a; end;"
    assert branch("false and pkg.c_debug") == "begin b; end;"  # FALSE AND anything is FALSE
    with pytest.raises(Undecided):
        branch("pkg.c_debug")


def test_inquiry_directives_and_error() -> None:
    text = "begin\n  log($$plsql_unit, $$plsql_line, $$level);\nend;"
    assert _code(resolve(text, Compilation.of("level:2", ""), "MY_PKG")) == "begin log('MY_PKG', 2, 2); end;"
    error = "begin $if $$x is null $then $error 'set x' $end $end null; end;"
    with pytest.raises(Undecided, match=r"\$ERROR 'set x' is reached"):
        resolve(error, Compilation())
    assert _code(resolve(error, Compilation.of("x:1", ""))) == "begin null; end;"


CODE = """
CREATE OR REPLACE PACKAGE cc_pkg AS
    FUNCTION mode_name RETURN VARCHAR2;
    FUNCTION where_am_i RETURN VARCHAR2;
END cc_pkg;
/
CREATE OR REPLACE PACKAGE BODY cc_pkg AS
    FUNCTION mode_name RETURN VARCHAR2 IS
        $IF DBMS_DB_VERSION.VERSION >= 12 $THEN
            PRAGMA UDF;
        $END
    BEGIN
        $IF $$trace $THEN
            RETURN 'trace';
        $ELSE
            RETURN 'plain';
        $END
    END mode_name;
    FUNCTION where_am_i RETURN VARCHAR2 IS
    BEGIN
        RETURN $$PLSQL_UNIT || ':' || $$PLSQL_LINE;
    END where_am_i;
END cc_pkg;
/
CREATE OR REPLACE FUNCTION by_version RETURN VARCHAR2 IS
BEGIN
    $IF DBMS_DB_VERSION.VER_LE_12 $THEN
        RETURN 'old';
    $ELSE
        RETURN 'new';
    $END
END;
/
"""


def test_units_with_conditional_compilation_convert_and_run(convert_plsql, pg_url) -> None:
    objects = {o.name: o for o in convert_plsql(CODE).objects}
    assert objects["mode_name"].status is not ObjectStatus.MANUAL
    assert objects["by_version"].status is ObjectStatus.MANUAL  # the Oracle version is not set
    assert [f.rule_id for f in objects["by_version"].findings] == ["AM-PLSQL-080"]
    set_up = {o.name: o for o in convert_plsql(CODE, plsql_ccflags="trace:true", oracle_version="19").objects}
    with connect(pg_url) as conn:
        conn.execute('CREATE SCHEMA IF NOT EXISTS "default"')
        for name in ("cc_pkg", "mode_name", "where_am_i"):
            conn.execute(objects[name].sql)
        conn.execute(set_up["by_version"].sql)
        assert conn.scalar("SELECT cc_pkg.mode_name()") == "plain"
        assert conn.scalar("SELECT cc_pkg.where_am_i()") == "CC_PKG:15"  # $$PLSQL_LINE: the line in the body
        assert conn.scalar('SELECT "default".by_version()') == "new"
        conn.execute(set_up["mode_name"].sql)
        assert conn.scalar("SELECT cc_pkg.mode_name()") == "trace"
