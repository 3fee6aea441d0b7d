"""Round 10 general rules, each run on the real PostgreSQL: Oracle names holding '#' (`r#wid`, `p#`) in PL/SQL
code, which PostgreSQL reads as an operator unless they are quoted."""

from __future__ import annotations

import pytest

from converters.names import quote_hash_names
from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle, deployed

HASH_NAMES = """
CREATE TABLE hr.t#1 (id NUMBER, r#wid VARCHAR2(10));
CREATE OR REPLACE PACKAGE hr.p# AS
  TYPE RecID IS RECORD (r#wid VARCHAR2(20), id NUMBER);
  PROCEDURE go(p#x IN NUMBER);
  FUNCTION got(p#x IN NUMBER) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.p# AS
  PROCEDURE go(p#x IN NUMBER) IS
    l#r RecID;
    v#n NUMBER := 1;
  BEGIN
    l#r.r#wid := 'a' || p#x;
    v#n := v#n + p#x;
    INSERT INTO t#1 (id, r#wid) VALUES (v#n, l#r.R#WID);
  END;
  FUNCTION got(p#x IN NUMBER) RETURN VARCHAR2 IS
    l#r RecID;
  BEGIN
    SELECT max(r#wid) INTO l#r.r#wid FROM t#1 WHERE id = p#x + 1;
    RETURN l#r.r#wid;
  END;
END;
/
"""


@pytest.fixture(scope="module")
def hash_names(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round10"), HASH_NAMES)
    yield report, url
    _dropper.names.put(url.database)


def test_names_with_a_hash_are_quoted_and_run(hash_names) -> None:  # type: ignore[no-untyped-def]
    report, url = hash_names
    assert_clean(report, {"go", "got"})
    with connect(url) as conn:
        conn.execute('CALL "p#".go(4)')
        assert conn.rows('SELECT id, "r#wid" FROM hr."t#1"') == [(5, "a4")]
        assert conn.rows('SELECT "p#".got(4)') == [("a4",)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('x := r#wid + "a#b"; -- c#d', 'x := "r#wid" + "a#b"; -- c#d'),
        (
            "AS $b$\n#variable_conflict use_column\nBEGIN L#R.x := t#1.c; END $b$",
            'AS $b$\n#variable_conflict use_column\nBEGIN "l#r".x := "t#1".c; END $b$',
        ),
        ("SELECT j #>> '{a}', j#>>'{a}', a # b, 'p#x'", "SELECT j #>> '{a}', j#>>'{a}', a # b, 'p#x'"),
        ("CALL p#(1); SELECT x# FROM y", 'CALL "p#"(1); SELECT "x#" FROM y'),
    ],
)
def test_only_names_are_quoted(text: str, quoted: str) -> None:
    """Operators, strings, comments, quoted names and PL/pgSQL's `#variable_conflict` keep their text."""
    assert quote_hash_names(text) == quoted


INIT_HANDLERS = """
ALTER SESSION SET plsql_optimize_level = 3 plsql_code_type = native;
CREATE OR REPLACE PACKAGE hr.cfg AS
  FUNCTION level_of RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.cfg AS
  g_level NUMBER;
  FUNCTION level_of RETURN NUMBER IS
  BEGIN
    RETURN g_level;
  END;
BEGIN
  $if $$plsql_optimize_level < 3 $then
    $error $$plsql_unit || ' must be compiled with PLSQL_OPTIMIZE_LEVEL=3' $end
  $end
  g_level := 10 / 0;
EXCEPTION WHEN ZERO_DIVIDE THEN
  g_level := $$plsql_optimize_level;
END cfg;
/
"""


def test_package_initialisation_with_handlers_and_the_scripts_compiler_level(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The initialisation section of a package body may have an EXCEPTION section; `$$PLSQL_OPTIMIZE_LEVEL` is what
    the script's ALTER SESSION set when the unit was compiled (3 here: the $ERROR branch is not compiled)."""
    with deployed(pg_server, tmp_path, INIT_HANDLERS) as (_result, report, url):
        assert_clean(report, {"level_of"})
        with connect(url) as conn:
            assert conn.rows("SELECT cfg.level_of()") == [(3,)]


def test_a_compiler_level_set_to_two_values_is_not_known(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """Two ALTER SESSIONs setting different levels: which units compiled with which is not known, so the $IF on
    it keeps the unit manual (AM-PLSQL-080), its message saying where the value can be set."""
    code = "ALTER SESSION SET plsql_optimize_level = 2;\n" + INIT_HANDLERS
    body = next(o for o in convert_plsql(code).objects if o.kind == "package_body")
    findings = [f for f in body.findings if f.rule_id == "AM-PLSQL-080"]
    assert findings and "PLSQL_OPTIMIZE_LEVEL:2" in findings[0].message


INDEX_BY_WALKS = """
CREATE TABLE hr.walked (n NUMBER, v VARCHAR2(10));
CREATE OR REPLACE PACKAGE hr.walk AS
  TYPE RecData IS RECORD (id NUMBER, v VARCHAR2(10));
  TYPE ArrData IS TABLE OF RecData INDEX BY PLS_INTEGER;
  PROCEDURE forward(ft_data IN ArrData);
  PROCEDURE backward(ft_data IN ArrData);
  PROCEDURE edges;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.walk AS
  PROCEDURE forward(ft_data IN ArrData) IS
    i PLS_INTEGER;
  BEGIN
    i := ft_data.FIRST;
    WHILE i IS NOT NULL LOOP
      INSERT INTO hr.walked VALUES (i, ft_data(i).v);
      i := ft_data.NEXT(i);
    END LOOP;
  END;
  PROCEDURE backward(ft_data IN ArrData) IS
    i PLS_INTEGER;
  BEGIN
    i := ft_data.LAST;
    WHILE i IS NOT NULL LOOP
      INSERT INTO hr.walked VALUES (-i, ft_data(i).v);
      i := ft_data.PRIOR(i);
    END LOOP;
  END;
  PROCEDURE edges IS
    l ArrData;
    e ArrData;
    n NUMBER;
  BEGIN
    l(1).v := 'a';
    l(2).v := 'b';
    n := -5;
    INSERT INTO hr.walked VALUES (100, TO_CHAR(l.NEXT(n)));
    n := 2;
    INSERT INTO hr.walked VALUES (101, NVL(TO_CHAR(l.NEXT(n)), 'null'));
    n := 9;
    INSERT INTO hr.walked VALUES (102, TO_CHAR(l.PRIOR(n)));
    n := NULL;
    INSERT INTO hr.walked VALUES (103, NVL(TO_CHAR(l.NEXT(n)), 'null'));
    n := 0;
    INSERT INTO hr.walked VALUES (104, NVL(TO_CHAR(e.NEXT(n)), 'null'));
    forward(l);
  END;
END;
/
"""


def test_next_and_prior_walk_an_index_by_table(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NEXT / PRIOR on an INDEX BY PLS_INTEGER table (an array whose writes leave no gap): Oracle's documented
    results, for indexes below, inside and past the table, NULL and an empty table, and for a table a caller passes
    that does not start at 1."""
    with deployed(pg_server, tmp_path, INDEX_BY_WALKS) as (_result, report, url):
        assert_clean(report, {"forward", "backward", "edges"})
        with connect(url) as conn:
            conn.execute("CALL walk.edges()")
            conn.execute("""CALL walk.forward('[0:2]={"(1,x)","(2,y)","(3,z)"}'::walk.recdata[])""")
            conn.execute("CALL walk.backward(ARRAY[ROW(1, 'p'), ROW(2, 'q')]::walk.recdata[])")
            assert conn.rows("SELECT n, v FROM hr.walked ORDER BY n") == [
                (-2, "q"), (-1, "p"), (0, "x"), (1, "a"), (1, "y"), (2, "b"), (2, "z"),
                (100, "1"), (101, "null"), (102, "2"), (103, "null"), (104, "null"),
            ]  # fmt: skip


STATIC_SIZES = """
CREATE OR REPLACE PACKAGE hr.sizes AS
  c_size CONSTANT PLS_INTEGER := 5;
  FUNCTION fit(p VARCHAR2) RETURN VARCHAR2;
  FUNCTION day_after(p DATE) RETURN DATE;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.sizes AS
  FUNCTION fit(p VARCHAR2) RETURN VARCHAR2 IS
    c_base CONSTANT PLS_INTEGER := 3;
    v VARCHAR2(c_base);
    w VARCHAR2(c_size CHAR);
    n NUMBER(c_size, 2);
  BEGIN
    w := p;
    n := LENGTH(p) / 3;
    v := SUBSTR(w, 1, 3);
    RETURN v || ':' || w || ':' || TO_CHAR(n);
  EXCEPTION WHEN VALUE_ERROR THEN
    RETURN 'too long';
  END;
  FUNCTION day_after(p DATE) RETURN DATE IS
  BEGIN
    RETURN TO_DATE(p + 1);
  END;
END;
/
"""


def test_sizes_given_by_constants_and_to_date_of_a_date(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """VARCHAR2(c_base), NUMBER(c_size, 2): a size may be a constant of the unit or its package (Oracle 12.2);
    a value past it raises VALUE_ERROR. TO_DATE(p + 1) re-reads the DATE's NLS text (DD-MON-RR): the time goes."""
    with deployed(pg_server, tmp_path, STATIC_SIZES) as (_result, report, url):
        assert_clean(report, {"fit", "day_after"})
        with connect(url) as conn:
            assert conn.rows("SELECT sizes.fit('abcd'), sizes.fit('abcdef')") == [("abc:abcd:1.33", "too long")]
            assert conn.rows("SELECT sizes.day_after(timestamp '2024-02-28 17:30:00')::text") == [
                ("2024-02-29 00:00:00",)
            ]


LOB_COMPARE = """
CREATE TABLE hr.docs (id NUMBER PRIMARY KEY, body CLOB, raw BLOB);
CREATE OR REPLACE FUNCTION hr.same(a NUMBER, b NUMBER, n NUMBER DEFAULT NULL) RETURN NUMBER IS
  l CLOB;
  r CLOB;
BEGIN
  SELECT body INTO l FROM hr.docs WHERE id = a;
  SELECT body INTO r FROM hr.docs WHERE id = b;
  IF n IS NULL THEN
    RETURN DBMS_LOB.COMPARE(l, r);
  END IF;
  RETURN DBMS_LOB.COMPARE(lob_1 => l, lob_2 => r, amount => n);
END;
/
CREATE OR REPLACE FUNCTION hr.same_bytes(a NUMBER, b NUMBER) RETURN NUMBER IS
  l BLOB;
  r BLOB;
BEGIN
  SELECT raw INTO l FROM hr.docs WHERE id = a;
  SELECT raw INTO r FROM hr.docs WHERE id = b;
  RETURN DBMS_LOB.COMPARE(l, r, DBMS_LOB.LOBMAXSIZE, 1, 1);
END;
/
"""


def test_dbms_lob_compare(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """DBMS_LOB.COMPARE: 0 for the same content, nonzero when it differs, NULL for a NULL LOB or an amount below 1;
    `amount` compares only the first characters (CLOB) or bytes (BLOB)."""
    rows = "INSERT INTO hr.docs VALUES (1, 'abcdef', '\\x0102'), (2, 'abcxyz', '\\x0102'), (3, NULL, '\\x0103')"
    with deployed(pg_server, tmp_path, LOB_COMPARE, rows) as (_result, report, url):
        assert_clean(report, {"same", "same_bytes"})
        with connect(url) as conn:
            assert conn.rows(
                "SELECT hr.same(1, 1), hr.same(1, 2), hr.same(1, 3), hr.same(1, 2, 3), hr.same(1, 2, 0)"
            ) == [(0, 1, None, 0, None)]
            assert conn.rows("SELECT hr.same_bytes(1, 2), hr.same_bytes(1, 3)") == [(0, 1)]


UNREACHED = """
CREATE TABLE hr.bk (id NUMBER PRIMARY KEY, pay NUMBER);
CREATE TABLE hr.pay (id NUMBER PRIMARY KEY);
CREATE TABLE hr.note (txt VARCHAR2(100));
CREATE TABLE hr.watched (id NUMBER);
CREATE OR REPLACE PROCEDURE hr.cancel(p_id NUMBER) IS
  v_pay NUMBER;
BEGIN
  BEGIN
    SELECT pay INTO v_pay FROM hr.bk WHERE id = p_id;
    DELETE FROM hr.bk WHERE id = p_id;
    DELETE FROM hr.pay WHERE id = v_pay;
    DBMS_OUTPUT.PUT_LINE('cancelled ' || p_id);
  EXCEPTION WHEN NO_DATA_FOUND THEN
    INSERT INTO hr.note VALUES ('not found ' || p_id);
  END;
END;
/
CREATE OR REPLACE PROCEDURE hr.cancel_commit(p_id NUMBER) IS
  v_pay NUMBER;
  v_n NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_n FROM hr.bk WHERE id = p_id;
  BEGIN
    IF v_n = 0 THEN
      INSERT INTO hr.note VALUES ('none ' || p_id);
      RETURN;
    ELSE
      SELECT pay INTO v_pay FROM hr.bk WHERE id = p_id;
      DELETE FROM hr.bk WHERE id = p_id;
      COMMIT;
      DBMS_OUTPUT.PUT_LINE('Booking ' || p_id || ' cancelled at ' || v_n);
    END IF;
  EXCEPTION WHEN NO_DATA_FOUND THEN
    DBMS_OUTPUT.PUT_LINE('not found');
  END;
END;
/
CREATE OR REPLACE PROCEDURE hr.reads_after(p_id NUMBER) IS
  v_pay NUMBER;
BEGIN
  DELETE FROM hr.bk WHERE id = p_id;
  SELECT id INTO v_pay FROM hr.pay WHERE id = p_id;
EXCEPTION WHEN NO_DATA_FOUND THEN
  INSERT INTO hr.note VALUES ('kept the delete');
END;
/
CREATE OR REPLACE PROCEDURE hr.fires(p_id NUMBER) IS
  v_pay NUMBER;
BEGIN
  SELECT pay INTO v_pay FROM hr.bk WHERE id = p_id;
  DELETE FROM hr.bk WHERE id = p_id;
  DELETE FROM hr.watched WHERE id = p_id;
EXCEPTION WHEN NO_DATA_FOUND THEN
  INSERT INTO hr.note VALUES ('missing');
END;
/
CREATE OR REPLACE TRIGGER hr.watched_del BEFORE DELETE ON hr.watched FOR EACH ROW
DECLARE
  v NUMBER;
BEGIN
  SELECT id INTO v FROM hr.pay WHERE id = -1;
END;
/
"""


@pytest.fixture(scope="module")
def unreached_db(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    rows = "INSERT INTO hr.bk VALUES (1, 10), (2, 20); INSERT INTO hr.pay VALUES (10), (20); INSERT INTO hr.watched VALUES (2)"
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("unreached"), UNREACHED, rows)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_a_handler_no_statement_after_a_change_can_reach_converts_as_written(unreached_db) -> None:  # type: ignore[no-untyped-def]
    """NO_DATA_FOUND comes only from the SELECT INTO, before the DELETEs: when the handler runs nothing changed, so
    the block is exact as written (no statement-level form); a COMMIT ending the last IF's branch runs after it."""
    objects, report, url = unreached_db
    assert_clean(report, {"cancel", "cancel_commit"})
    for name in ("cancel", "cancel_commit"):
        assert "aurora_state" not in objects[name].sql
        assert not [f for f in objects[name].findings if f.rule_id in ("AM-PLSQL-027", "AM-PLSQL-005")]
    with connect(url) as conn:
        conn.execute("CALL hr.cancel(1)")
        conn.execute("CALL hr.cancel(7)")
        conn.execute("CALL hr.cancel_commit(8)")
        assert conn.rows("SELECT id FROM hr.bk ORDER BY id") == [(2,)]
        assert conn.rows("SELECT id FROM hr.pay ORDER BY id") == [(20,)]
        assert conn.rows("SELECT txt FROM hr.note ORDER BY txt") == [("none 8",), ("not found 7",)]
        conn.execute("CALL hr.cancel_commit(2)")
        assert conn.rows("SELECT count(*) FROM hr.bk") == [(0,)]


def test_a_handler_reachable_after_a_change_keeps_oracles_rollback(unreached_db) -> None:  # type: ignore[no-untyped-def]
    """A SELECT INTO after the DELETE, or a second DELETE firing a trigger that may raise NO_DATA_FOUND (a first
    one would be undone alone, with nothing changed before it): the handler can run after a change, so the block keeps Oracle's statement-level form (or stays manual), never the plain one."""
    objects, _report, _url = unreached_db
    for name in ("reads_after", "fires"):
        plain = "aurora_state" not in objects[name].sql and objects[name].status.value != "manual"
        assert not plain, name


PACKAGE_ROWS = """
CREATE TABLE hr.header (id NUMBER, note VARCHAR2(20));
CREATE OR REPLACE PACKAGE hr.buffered AS
  PROCEDURE add(p_id NUMBER, p_note VARCHAR2);
  PROCEDURE flush;
  PROCEDURE make_table;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.buffered AS
  TYPE t_rows IS TABLE OF header%ROWTYPE INDEX BY PLS_INTEGER;
  l_rows t_rows;
  l_last header%ROWTYPE;
  e_exists EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists, -955);
  PROCEDURE add(p_id NUMBER, p_note VARCHAR2) IS
    r header%ROWTYPE;
  BEGIN
    r.id := p_id;
    r.note := p_note;
    l_rows(l_rows.COUNT + 1) := r;
    l_last := r;
  END;
  PROCEDURE flush IS
  BEGIN
    FORALL i IN 1 .. l_rows.COUNT
      INSERT INTO header VALUES l_rows(i);
    INSERT INTO header VALUES l_last;
    l_rows.DELETE;
  END;
  PROCEDURE make_table IS
  BEGIN
    EXECUTE IMMEDIATE 'CREATE TABLE made (id NUMBER)';
  EXCEPTION WHEN e_exists THEN
    NULL;
  END;
END;
/
"""


def test_package_records_inserted_whole_and_an_existing_name_caught(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """INSERT ... VALUES l_rows(i) / VALUES l_last of the package's own variables (read through its state); a
    handler of EXCEPTION_INIT(-955) catches CREATE TABLE of a name that exists (PostgreSQL's 42P07)."""
    with deployed(pg_server, tmp_path, PACKAGE_ROWS) as (_result, report, url):
        assert_clean(report, {"add", "flush", "make_table"})
        with connect(url) as conn:
            conn.execute("CALL buffered.add(1, 'one'); CALL buffered.add(2, 'two'); CALL buffered.flush()")
            assert conn.rows("SELECT id, note FROM hr.header ORDER BY id, note") == [(1, "one"), (2, "two"), (2, "two")]
            conn.execute("CALL buffered.make_table(); CALL buffered.make_table()")


I18N = """
CREATE OR REPLACE FUNCTION hr.hash_password(p_password VARCHAR2) RETURN RAW DETERMINISTIC IS
BEGIN
  RETURN DBMS_CRYPTO.HASH(UTL_I18N.STRING_TO_RAW(p_password, 'AL32UTF8'), DBMS_CRYPTO.HASH_SH1);
END;
/
CREATE OR REPLACE FUNCTION hr.round_trip(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
  RETURN UTL_I18N.RAW_TO_CHAR(UTL_I18N.STRING_TO_RAW(p), 'AL32UTF8');
END;
/
"""


def test_utl_i18n_bytes_in_utf8(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """UTL_I18N.STRING_TO_RAW / RAW_TO_CHAR in AL32UTF8 (named, or the database's): the text's UTF-8 bytes, as
    DBMS_CRYPTO.HASH then reads them (SHA-1 of 'abc' is a9993e36...)."""
    with deployed(pg_server, tmp_path, I18N) as (_result, report, url):
        assert_clean(report, {"hash_password", "round_trip"})
        with connect(url) as conn:
            assert conn.rows("SELECT encode(hr.hash_password('abc'), 'hex'), hr.round_trip('çé€')") == [
                ("a9993e364706816aba3e25717850c26c9cd0d89d", "çé€")
            ]


COMMITTING_FUNCTIONS = """
CREATE TABLE hr.acct (id NUMBER PRIMARY KEY, bal NUMBER);
CREATE TABLE hr.opened (r NUMBER, msg VARCHAR2(20), ok VARCHAR2(5));
CREATE OR REPLACE PACKAGE hr.bank2 AS
  FUNCTION open_acct(p_id NUMBER, p_msg OUT VARCHAR2) RETURN NUMBER;
  FUNCTION bump(p_id NUMBER) RETURN BOOLEAN;
  PROCEDURE run(p_id NUMBER);
END;
/
CREATE OR REPLACE PACKAGE BODY hr.bank2 AS
  FUNCTION open_acct(p_id NUMBER, p_msg OUT VARCHAR2) RETURN NUMBER IS
  BEGIN
    INSERT INTO hr.acct VALUES (p_id, 0);
    COMMIT;
    p_msg := NULL;
    RETURN p_id;
  EXCEPTION WHEN DUP_VAL_ON_INDEX THEN
    ROLLBACK;
    p_msg := 'exists';
    RETURN -1;
  END;
  FUNCTION bump(p_id NUMBER) RETURN BOOLEAN IS
    n NUMBER;
  BEGIN
    UPDATE hr.acct SET bal = bal + 1 WHERE id = p_id;
    n := SQL%ROWCOUNT;
    COMMIT;
    IF n > 0 THEN
      RETURN TRUE;
    ELSE
      RETURN FALSE;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    ROLLBACK;
    RETURN NULL;
  END;
  PROCEDURE run(p_id NUMBER) IS
    r NUMBER;
    m VARCHAR2(20);
    b BOOLEAN;
  BEGIN
    r := open_acct(p_id, m);
    b := bump(p_id);
    INSERT INTO hr.opened VALUES (r, m, CASE WHEN b THEN 'yes' ELSE 'no' END);
    COMMIT;
  END;
END;
/
"""


def test_functions_that_commit_become_procedures(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A function that COMMITs / ROLLBACKs is a procedure here (AM-PLSQL-062): its RETURN value is its OUT parameter
    `result`; `r := open_acct(p_id, m)` becomes a CALL; a COMMIT followed by RETURNs that cannot raise runs them
    after the block with handlers, as the handlers could not have caught anything of them."""
    with deployed(pg_server, tmp_path, COMMITTING_FUNCTIONS) as (result, report, url):
        assert_clean(report, {"open_acct", "bump", "run"})
        objects = {o.name: o for o in result.objects}
        assert objects["open_acct"].kind == "procedure"
        assert "AM-PLSQL-062" in {f.rule_id for f in objects["open_acct"].findings}
        with connect(url) as conn:
            conn.execute("CALL bank2.run(1)")
            conn.execute("CALL bank2.run(1)")
            assert conn.rows("SELECT r, msg, ok FROM hr.opened ORDER BY r") == [(-1, "exists", "yes"), (1, None, "yes")]
            assert conn.rows("SELECT bal FROM hr.acct") == [(2,)]
            assert conn.rows("CALL bank2.bump(7, NULL)") == [(False,)]


COLUMNS_FIRST = """
CREATE TABLE hr.sess_log (session_id NUMBER, note VARCHAR2(20));
CREATE OR REPLACE PACKAGE hr.sess AS
  PROCEDURE log_it(p_note VARCHAR2);
  FUNCTION matching RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.sess AS
  session_id NUMBER := 42;
  PROCEDURE log_it(p_note VARCHAR2) IS
  BEGIN
    INSERT INTO sess_log (session_id, note) VALUES (session_id, p_note);
    UPDATE sess_log SET note = note || '!' WHERE session_id = 42;
  END;
  FUNCTION matching RETURN NUMBER IS
    n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO n FROM sess_log WHERE session_id = session_id;
    RETURN n;
  END;
END;
/
"""


def test_in_sql_a_column_comes_before_a_package_variable(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Oracle reads a name in SQL as a column of a table the statement reads before a PL/SQL variable: an INSERT's
    column list names columns; its VALUES read the package variable (the target's columns are not readable there);
    `WHERE session_id = session_id` compares the column with itself."""
    rows = "INSERT INTO hr.sess_log VALUES (7, 'old')"
    with deployed(pg_server, tmp_path, COLUMNS_FIRST, rows) as (_result, report, url):
        assert_clean(report, {"log_it", "matching"})
        with connect(url) as conn:
            conn.execute("CALL sess.log_it('new')")
            assert conn.rows("SELECT session_id, note FROM hr.sess_log ORDER BY 1") == [(7, "old"), (42, "new!")]
            assert conn.rows("SELECT sess.matching()") == [(2,)]


APP_INFO = """
CREATE OR REPLACE PROCEDURE hr.tag(p_info VARCHAR2) IS
BEGIN
  DBMS_APPLICATION_INFO.SET_MODULE(module_name => 'billing', action_name => 'start');
  DBMS_APPLICATION_INFO.SET_ACTION('step 2');
  DBMS_APPLICATION_INFO.SET_CLIENT_INFO(p_info);
END;
/
CREATE OR REPLACE FUNCTION hr.tag_read RETURN VARCHAR2 IS
BEGIN
  RETURN SYS_CONTEXT('USERENV', 'ACTION');
END;
/
"""


def test_dbms_application_info_sets_what_monitoring_shows(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SET_MODULE / SET_ACTION / SET_CLIENT_INFO: the module as application_name (pg_stat_activity shows it), the
    action and client information as session settings. Reading them back stays a finding: PostgreSQL undoes a
    setting with the block or transaction that made it, Oracle does not."""
    with deployed(pg_server, tmp_path, APP_INFO) as (result, report, url):
        assert_clean(report, {"tag"})
        objects = {o.name: o for o in result.objects}
        assert objects["tag_read"].status.value == "manual"
        with connect(url) as conn:
            conn.execute("CALL hr.tag('batch 7')")
            got = conn.rows(
                "SELECT current_setting('application_name'), current_setting('aurora.action'), "
                "current_setting('aurora.client_info'), application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
            )
            assert got == [("billing", "step 2", "batch 7", "billing")]


PACKAGE_STATE_KINDS = """
CREATE TABLE hr.plog (trace_level VARCHAR2(20 CHAR));
CREATE OR REPLACE PACKAGE hr.lg AS
  c_level_debug CONSTANT NUMBER(2,0) := 1;
  c_ratio CONSTANT NUMBER := 1.50;
  PROCEDURE set_level(p NUMBER);
  FUNCTION is_debug RETURN BOOLEAN;
  FUNCTION label RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.lg AS
  g_level plog.trace_level%TYPE := '5';
  PROCEDURE set_level(p NUMBER) IS
  BEGIN
    g_level := p;
  END;
  FUNCTION is_debug RETURN BOOLEAN IS
  BEGIN
    RETURN g_level <= c_level_debug;
  END;
  FUNCTION label RETURN VARCHAR2 IS
  BEGIN
    RETURN 'level ' || g_level || ' ratio ' || c_ratio;
  END;
END;
/
"""


def test_package_state_in_oracles_implicit_conversions(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Package state read through its accessor takes its type's conversions: a NUMBER assigned to a VARCHAR2
    variable is its Oracle text ('0.5' is '.5'), a VARCHAR2 compared with a NUMBER is read as a number, a NUMBER
    concatenated prints as TO_CHAR does (1.50 is '1.5')."""
    with deployed(pg_server, tmp_path, PACKAGE_STATE_KINDS) as (_result, report, url):
        assert_clean(report, {"set_level", "is_debug", "label"})
        with connect(url) as conn:
            assert conn.rows("SELECT lg.is_debug(), lg.label()") == [(False, "level 5 ratio 1.5")]
            conn.execute("CALL lg.set_level(0.5)")
            assert conn.rows("SELECT lg.is_debug(), lg.label()") == [(True, "level .5 ratio 1.5")]


STATIC_CONSTANTS = """
CREATE OR REPLACE PACKAGE hr.conf AS
  debug_on CONSTANT BOOLEAN := FALSE;
  level_no CONSTANT PLS_INTEGER := 2;
END;
/
CREATE OR REPLACE FUNCTION hr.mode_name RETURN VARCHAR2 IS
BEGIN
  $IF conf.debug_on $THEN
    RETURN 'debug';
  $ELSIF hr.conf.level_no > 1 $THEN
    RETURN 'level ' || conf.level_no;
  $ELSE
    RETURN 'quiet';
  $END
END;
/
"""


def test_conditional_compilation_on_a_packages_static_constants(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`$IF pkg.c $THEN` reads a BOOLEAN or PLS_INTEGER constant a package specification sets to a literal (a static
    expression, as Oracle documents): the branch Oracle compiles is kept."""
    with deployed(pg_server, tmp_path, STATIC_CONSTANTS) as (_result, report, url):
        assert_clean(report, {"mode_name"})
        with connect(url) as conn:
            assert conn.rows("SELECT hr.mode_name()") == [("level 2",)]


def test_a_commit_after_a_statement_ends_the_function_too(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """`INSERT ...; COMMIT; RETURN id;` in a package function: a procedure (AM-PLSQL-062), as a COMMIT first in
    its block is (the statement before it ends with `;`)."""
    code = """
CREATE TABLE hr.batch (id NUMBER, name VARCHAR2(30));
CREATE OR REPLACE PACKAGE hr.etl AS
  FUNCTION start_batch(p_name VARCHAR2) RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.etl AS
  FUNCTION start_batch(p_name VARCHAR2) RETURN NUMBER IS
  BEGIN
    insert into hr.batch (id, name) values (1, p_name);
    commit;
    return 1;
  END;
END;
/
"""
    made = next(o for o in convert_plsql(code).objects if o.name == "start_batch")
    assert made.kind == "procedure" and "AM-PLSQL-062" in {f.rule_id for f in made.findings}, made.findings


FORALL_INDEX_BY = """
CREATE TABLE hr.loaded (id NUMBER, v VARCHAR2(10));
CREATE OR REPLACE PACKAGE hr.loader AS
  TYPE RecData IS RECORD (id NUMBER, v VARCHAR2(10));
  TYPE ArrData IS TABLE OF RecData INDEX BY PLS_INTEGER;
  PROCEDURE insert_all(ft_data IN ArrData);
  PROCEDURE insert_some(ft_data IN ArrData);
END;
/
CREATE OR REPLACE PACKAGE BODY hr.loader AS
  PROCEDURE insert_all(ft_data IN ArrData) IS
  BEGIN
    FORALL i IN INDICES OF ft_data
      INSERT INTO hr.loaded VALUES (ft_data(i).id, ft_data(i).v);
  END;
  PROCEDURE insert_some(ft_data IN ArrData) IS
  BEGIN
    FORALL i IN INDICES OF ft_data BETWEEN 1 AND 1
      INSERT INTO hr.loaded VALUES (ft_data(i).id, ft_data(i).v);
  END;
END;
/
"""


def test_forall_indices_of_an_index_by_table(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """FORALL ... INDICES OF an INDEX BY PLS_INTEGER table runs over its indices (its array has no gaps), from a
    caller's array starting at 0, none for an empty one; BETWEEN keeps the indices in range."""
    with deployed(pg_server, tmp_path, FORALL_INDEX_BY) as (_result, report, url):
        assert_clean(report, {"insert_all", "insert_some"})
        with connect(url) as conn:
            conn.execute("""CALL loader.insert_all('[0:1]={"(1,a)","(2,b)"}'::loader.recdata[])""")
            conn.execute("CALL loader.insert_all('{}'::loader.recdata[])")
            conn.execute("""CALL loader.insert_some('[0:2]={"(3,c)","(4,d)","(5,e)"}'::loader.recdata[])""")
            assert conn.rows("SELECT id, v FROM hr.loaded ORDER BY id") == [(1, "a"), (2, "b"), (4, "d")]


USER_CONSTRUCTOR = """
CREATE OR REPLACE TYPE hr.tag_t AS OBJECT (
  id NUMBER(10),
  label VARCHAR2(20),
  CONSTRUCTOR FUNCTION tag_t RETURN SELF AS RESULT,
  CONSTRUCTOR FUNCTION tag_t (id_i NUMBER, label_i VARCHAR2) RETURN SELF AS RESULT
)
NOT FINAL;
/
CREATE OR REPLACE TYPE BODY hr.tag_t AS
  CONSTRUCTOR FUNCTION tag_t RETURN SELF AS RESULT IS
  BEGIN
    SELF.id := 0;
    SELF.label := 'none';
    RETURN;
  END;
  CONSTRUCTOR FUNCTION tag_t (id_i NUMBER, label_i VARCHAR2) RETURN SELF AS RESULT IS
  BEGIN
    SELF.id := id_i;
    SELF.label := UPPER(label_i);
    RETURN;
  END;
END;
/
CREATE OR REPLACE FUNCTION hr.make_tag(p_id NUMBER, p_label VARCHAR2) RETURN VARCHAR2 IS
  t hr.tag_t;
BEGIN
  t := hr.tag_t(p_id, p_label);
  RETURN t.id || ':' || t.label;
END;
/
"""


def test_a_user_constructor_with_the_attributes_types_replaces_the_default(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A CONSTRUCTOR FUNCTION taking the attributes' types replaces the attribute-value constructor (Oracle calls
    the user-defined one): only it is created, so `tag_t(1, 'x')` runs its body (PostgreSQL refused to replace a
    function whose parameters were renamed, and the type body failed at deploy)."""
    with deployed(pg_server, tmp_path, USER_CONSTRUCTOR) as (_result, report, url):
        assert_clean(report, {"make_tag"})
        with connect(url) as conn:
            assert conn.rows("SELECT hr.make_tag(7, 'abc')") == [("7:ABC",)]


DICTIONARY_ANCHORS = """
CREATE OR REPLACE PACKAGE hr.names_api AS
  TYPE t_owners IS TABLE OF all_objects.owner%TYPE;
  FUNCTION describe(p_owner IN all_objects.owner%TYPE, p_len IN all_tab_columns.data_length%TYPE) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.names_api AS
  FUNCTION describe(p_owner IN all_objects.owner%TYPE, p_len IN all_tab_columns.data_length%TYPE) RETURN VARCHAR2 IS
    l_owners t_owners := t_owners(p_owner);
    l_name sys.all_objects.object_name%TYPE;
  BEGIN
    l_name := RPAD('x', p_len, 'x');
    RETURN l_owners(1) || ':' || LENGTH(l_name);
  EXCEPTION WHEN VALUE_ERROR THEN
    RETURN 'too long';
  END;
END;
/
"""


def test_types_anchored_on_data_dictionary_columns(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`all_objects.owner%TYPE` and friends are the dictionary's documented types (identifiers VARCHAR2(128) from
    Oracle 12.2, lengths NUMBER): declarations anchored on them convert, and a value past 128 raises VALUE_ERROR."""
    with deployed(pg_server, tmp_path, DICTIONARY_ANCHORS) as (_result, report, url):
        assert_clean(report, {"describe"})
        with connect(url) as conn:
            assert conn.rows("SELECT names_api.describe('APP', 128), names_api.describe('APP', 129)") == [
                ("APP:128", "too long")
            ]


COMMIT_BETWEEN = """
CREATE TABLE hr.steps (id NUMBER PRIMARY KEY);
CREATE TABLE hr.step_log (note VARCHAR2(40));
CREATE OR REPLACE PROCEDURE hr.two_steps(p_first NUMBER, p_second NUMBER) IS
BEGIN
  INSERT INTO hr.steps VALUES (p_first);
  COMMIT;
  INSERT INTO hr.steps VALUES (p_second);
  INSERT INTO hr.step_log VALUES ('done ' || p_second);
EXCEPTION WHEN OTHERS THEN
  ROLLBACK;
  INSERT INTO hr.step_log VALUES ('failed at ' || p_second);
  COMMIT;
END;
/
"""


def test_a_commit_between_statements_of_a_block_with_handlers(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`INSERT; COMMIT; INSERT; EXCEPTION WHEN OTHERS THEN ROLLBACK; log; COMMIT`: PostgreSQL refuses the COMMIT inside
    a block with handlers; the statement-level form runs it between its sub-blocks, reached only when what came before
    succeeded. A failure after it keeps the committed row, as Oracle does."""
    with deployed(pg_server, tmp_path, COMMIT_BETWEEN) as (_result, report, url):
        assert_clean(report, {"two_steps"})
        with connect(url) as conn:
            conn.execute("CALL hr.two_steps(1, 2)")
            conn.execute("CALL hr.two_steps(3, 2)")  # 3 is committed, 2 exists: the handler runs
            conn.execute("CALL hr.two_steps(1, 9)")  # 1 exists: nothing committed, the handler runs
            assert conn.rows("SELECT id FROM hr.steps ORDER BY id") == [(1,), (2,), (3,)]
            assert conn.rows("SELECT note FROM hr.step_log ORDER BY note") == [
                ("done 2",),
                ("failed at 2",),
                ("failed at 9",),
            ]


TEXT_ARITHMETIC = """
CREATE OR REPLACE FUNCTION hr.tally(p_a NUMBER, p_b NUMBER) RETURN VARCHAR2 IS
  total VARCHAR2(15) := 0;
BEGIN
  total := total + p_a;
  total := total + p_b;
  RETURN total;
END;
/
"""


def test_text_used_in_arithmetic_is_a_number_and_its_result_oracles_text(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`total := total + p_a` with total a VARCHAR2: Oracle reads total as a NUMBER and assigns the sum back as its
    text (0.5 + 1.50 is '2', not '2.00'); a total that is not a number raises INVALID_NUMBER (22P02 here)."""
    with deployed(pg_server, tmp_path, TEXT_ARITHMETIC) as (_result, report, url):
        assert_clean(report, {"tally"})
        with connect(url) as conn:
            assert conn.rows("SELECT hr.tally(0.5, 1.50), hr.tally(0.25, 0)") == [("2", ".25")]
