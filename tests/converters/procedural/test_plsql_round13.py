"""Round 13 general rules, each run on the real PostgreSQL against Oracle's documented behaviour."""

from __future__ import annotations

from decimal import Decimal

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, clean_rows, deployed

IMPLICIT_TEXT = """
CREATE OR REPLACE TYPE app.num_list IS TABLE OF NUMBER;
/
CREATE OR REPLACE TYPE app.day_list IS TABLE OF DATE;
/
CREATE TABLE app.said (n NUMBER, what VARCHAR2(100));
CREATE OR REPLACE PROCEDURE app.say(p_n IN NUMBER, p_what IN VARCHAR2 DEFAULT NULL) IS
BEGIN
  INSERT INTO said VALUES (p_n, p_what);
END;
/
CREATE OR REPLACE PROCEDURE app.speak(p_nums IN num_list, p_days IN day_list, p_flag IN NUMBER) IS
  TYPE amounts_t IS TABLE OF NUMBER(10, 2) INDEX BY PLS_INTEGER;
  l_amounts amounts_t;
  v VARCHAR2(100);
BEGIN
  l_amounts(1) := 2.50;
  v := p_nums(1);
  say(1, v);
  v := p_days(1);
  say(2, v);
  say(3, p_what => p_nums(2));
  say(4, p_what => CASE WHEN p_nums.COUNT >= 2 THEN p_nums(2) END);
  say(5, CASE WHEN p_flag = 1 THEN p_days(1) ELSE NULL END);
  v := CASE WHEN p_flag = 1 THEN l_amounts(1) ELSE 0.25 END;
  say(6, v);
  say(7, TO_CHAR(l_amounts(1)));
END;
/
"""


def test_collection_elements_and_case_values_become_oracles_text(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Where PL/SQL wants a VARCHAR2 (a variable assigned, a VARCHAR2 parameter) and gets a NUMBER or a DATE, it
    converts implicitly: TO_CHAR's number text ('.5', '2.5') and NLS_DATE_FORMAT (DD-MON-RR by default). An
    element of a collection and a CASE of such values convert the same way; PostgreSQL would print numeric's and
    timestamp's own text ('0.50', '2024-03-05 00:00:00') or find no procedure for the argument."""
    with deployed(pg_server, tmp_path, IMPLICIT_TEXT, "") as (_result, report, url):
        assert_clean(report, {"say", "speak"})
        with connect(url) as conn:
            conn.execute(
                "CALL app.speak(CAST(ARRAY[0.50, 12.0] AS app.num_list), "
                "CAST(ARRAY[TIMESTAMP '2024-03-05 10:00:00'] AS app.day_list), 1)"
            )
            rows = conn.rows("SELECT n, what FROM app.said ORDER BY n")
    assert rows == [(1, ".5"), (2, "05-MAR-24"), (3, "12"), (4, "12"), (5, "05-MAR-24"), (6, "2.5"), (7, "2.5")]


COMMIT_AND_RERAISE = """
CREATE TABLE app.suppliers (id NUMBER PRIMARY KEY, name VARCHAR2(30));
CREATE TABLE app.checks (who NUMBER);
CREATE OR REPLACE PROCEDURE app.check_admin(p_who IN NUMBER) IS
BEGIN
  INSERT INTO checks VALUES (p_who);
  IF p_who < 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'not an administrator');
  END IF;
END;
/
CREATE OR REPLACE PROCEDURE app.add_supplier(p_id IN NUMBER, p_name IN VARCHAR2, p_who IN NUMBER) IS
BEGIN
  check_admin(p_who);
  INSERT INTO suppliers VALUES (p_id, p_name);
  COMMIT;
EXCEPTION
  WHEN DUP_VAL_ON_INDEX THEN
    RAISE_APPLICATION_ERROR(-20006, 'supplier ' || p_id || ' exists');
END;
/
"""


def test_a_block_that_commits_and_whose_handler_always_raises(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A block ending with COMMIT whose only handler raises again on every path: the call fails as a whole in
    Oracle and here alike, so it converts as written with the COMMIT run after the block (it used to be kept manual,
    AM-PLSQL-027)."""
    with deployed(pg_server, tmp_path, COMMIT_AND_RERAISE, "") as (result, report, url):
        assert_clean(report, {"check_admin", "add_supplier"})
        with connect(url) as conn:
            conn.execute("CALL app.add_supplier(1, 'Acme', 7)")
            failed = ""
            try:
                conn.execute("CALL app.add_supplier(1, 'Acme again', 7)")
            except Exception as error:
                failed = str(error)
            rows = conn.rows("SELECT id, name FROM app.suppliers")
    assert "supplier 1 exists" in failed
    assert rows == [(1, "Acme")]
    assert not [f for o in result.objects for f in o.findings if f.rule_id == "AM-PLSQL-027"]


CONSTANTS_AND_DEFAULTS = """
CREATE OR REPLACE PACKAGE app.dates_util IS
  c_date CONSTANT VARCHAR2(11) := 'DD-MON-YYYY';
  c_space CONSTANT VARCHAR2(1) := ' ';
  c_time CONSTANT VARCHAR2(10) := 'HH24:MI:SS';
  c_stamp CONSTANT VARCHAR2(22) := c_date || c_space || c_time;
  FUNCTION show(p_day IN DATE) RETURN VARCHAR2;
  FUNCTION year_of(p_year IN PLS_INTEGER := TO_CHAR(SYSDATE, 'YYYY')) RETURN PLS_INTEGER;
  FUNCTION split(p_text IN VARCHAR2) RETURN DBMS_SQL.VARCHAR2S;
  FUNCTION first_part(p_text IN VARCHAR2) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY app.dates_util IS
  FUNCTION show(p_day IN DATE) RETURN VARCHAR2 IS
  BEGIN
    RETURN TO_CHAR(p_day, c_stamp);
  END;
  FUNCTION year_of(p_year IN PLS_INTEGER := TO_CHAR(SYSDATE, 'YYYY')) RETURN PLS_INTEGER IS
  BEGIN
    RETURN p_year;
  END;
  FUNCTION split(p_text IN VARCHAR2) RETURN DBMS_SQL.VARCHAR2S IS
    l_parts DBMS_SQL.VARCHAR2S;
  BEGIN
    l_parts(1) := SUBSTR(p_text, 1, INSTR(p_text || ',', ',') - 1);
    RETURN l_parts;
  EXCEPTION
    WHEN OTHERS THEN
      RETURN l_parts;
  END;
  FUNCTION first_part(p_text IN VARCHAR2) RETURN VARCHAR2 IS
    l_parts DBMS_SQL.VARCHAR2S;
  BEGIN
    l_parts := split(p_text);
    RETURN l_parts(1);
  EXCEPTION
    WHEN OTHERS THEN
      RETURN NULL;
  END;
END;
/
"""


def test_folded_constants_text_defaults_and_supplied_types(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A text constant joined from literal constants is that literal (a format model reading it is known when
    converting); a parameter's character DEFAULT for a PLS_INTEGER is read as a number, as Oracle converts it; and
    naming DBMS_SQL.VARCHAR2S (a type) calls nothing, so a function returning one changes nothing a handler's
    rollback would undo and its caller converts as written."""
    with deployed(pg_server, tmp_path, CONSTANTS_AND_DEFAULTS, "") as (result, report, url):
        assert_clean(report, {"show", "year_of", "split", "first_part"})
        with connect(url) as conn:
            assert conn.rows("SELECT dates_util.show(TIMESTAMP '2024-03-05 14:07:09')") == [("05-MAR-2024 14:07:09",)]
            assert conn.rows("SELECT dates_util.year_of() = extract(year FROM now())::int") == [(True,)]
            assert conn.rows("SELECT dates_util.first_part('ab,cd')") == [("ab",)]
    package = next(o for o in result.objects if o.kind == "package" and o.name == "dates_util")
    assert (
        "c_stamp() RETURNS varchar(22)\nLANGUAGE sql IMMUTABLE AS $$ SELECT ('DD-MON-YYYY HH24:MI:SS')" in package.sql
    )


ENGLISH_NAMES = """
CREATE OR REPLACE FUNCTION app.day_name(p_day DATE) RETURN VARCHAR2 IS
BEGIN
  RETURN TRIM(TO_CHAR(p_day, 'DAY', 'NLS_DATE_LANGUAGE=ENGLISH')) || ' ' || TO_CHAR(p_day, 'MON', 'NLS_DATE_LANGUAGE=ENGLISH');
END;
/
"""


def test_english_day_names_are_the_american_ones(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NLS_DATE_LANGUAGE=ENGLISH spells day and month names as AMERICAN (the project's language) does: the
    parameter changes nothing and the call converts (it was CONV-ORA-FUNC-001)."""
    assert clean_rows(
        pg_server, tmp_path, ENGLISH_NAMES, {"day_name"}, "SELECT app.day_name(TIMESTAMP '2024-03-05 00:00:00')"
    ) == [("TUESDAY MAR",)]


AUTONOMOUS_FUNCTION = """
CREATE TABLE app.audit_log (audit_id VARCHAR2(20), what VARCHAR2(30) NOT NULL);
CREATE SEQUENCE app.seq_audit;
CREATE OR REPLACE FUNCTION app.log_audit(p_what IN VARCHAR2) RETURN VARCHAR2 AS
  PRAGMA AUTONOMOUS_TRANSACTION;
  v_id VARCHAR2(20);
BEGIN
  v_id := 'AUD' || LPAD(seq_audit.NEXTVAL, 5, '0');
  INSERT INTO audit_log (audit_id, what) VALUES (v_id, p_what);
  COMMIT;
  RETURN v_id;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    RETURN NULL;
END;
/
"""


def test_an_autonomous_function_that_commits_then_returns_and_rolls_back_in_its_handler(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`COMMIT; RETURN v;` of a VARCHAR2(20) variable in a VARCHAR2 function is the autonomous transaction's end,
    and `ROLLBACK` opening the top block's handler is done already in the dblink session (the block's changes are
    undone when the handler catches): the function converts, its row stays when the caller rolls back, and a
    failing insert returns NULL with nothing kept (it was AM-PLSQL-004)."""
    with deployed(pg_server, tmp_path, AUTONOMOUS_FUNCTION, "") as (_result, report, url):
        assert_clean(report, {"log_audit"})
        with connect(url) as conn:
            conn.execute("BEGIN")
            assert conn.rows("SELECT app.log_audit('kept')") == [("AUD00001",)]
            assert conn.rows("SELECT app.log_audit(NULL)") == [(None,)]
            conn.execute("ROLLBACK")
            assert conn.rows("SELECT audit_id, what FROM app.audit_log") == [("AUD00001", "kept")]


VARIABLE_ANCHOR = """
CREATE OR REPLACE FUNCTION app.padded(p_text IN VARCHAR2) RETURN VARCHAR2 IS
  l_line VARCHAR2(20);
  lc_pad CONSTANT l_line%TYPE := '..';
  lc_padded CONSTANT l_line%TYPE := lc_pad || TRIM(p_text);
BEGIN
  l_line := lc_padded;
  RETURN l_line;
END;
/
"""


def test_a_constant_anchored_on_a_variable_converts(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`c CONSTANT v%TYPE := ...` anchors on a variable, not a column: the converter used to fail on the whole unit
    (AM-PLSQL-029, an IndexError reading it as table.column)."""
    with deployed(pg_server, tmp_path, VARIABLE_ANCHOR, "") as (result, report, url):
        assert_clean(report, {"padded"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.padded('  ab ')") == [("..ab",)]
    assert not [f for o in result.objects for f in o.findings if f.rule_id == "AM-PLSQL-029"]


COLLECTION_METHODS = """
CREATE TABLE app.books (id NUMBER, title VARCHAR2(40), copies NUMBER);
CREATE OR REPLACE PACKAGE app.shelf IS
  TYPE book_table IS TABLE OF books%ROWTYPE;
  FUNCTION available RETURN book_table;
END;
/
CREATE OR REPLACE PACKAGE BODY app.shelf IS
  FUNCTION available RETURN book_table IS
    v_books book_table := book_table();
    v_n NUMBER := 1;
  BEGIN
    FOR r IN (SELECT * FROM books WHERE copies > 0 ORDER BY title) LOOP
      v_books.EXTEND;
      v_books(v_n) := r;
      v_n := v_n + 1;
    END LOOP;
    RETURN v_books;
  EXCEPTION
    WHEN OTHERS THEN
      RETURN book_table();
  END;
END;
/
"""


def test_a_collection_method_is_no_change_a_handler_would_undo(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`v.EXTEND` of a local collection changes a variable, which neither Oracle nor PostgreSQL rolls back when a
    handler catches an error: the block converts as written (it was AM-PLSQL-027, as if EXTEND were a procedure
    call that writes rows)."""
    assert clean_rows(
        pg_server,
        tmp_path,
        COLLECTION_METHODS,
        {"available"},
        "SELECT b.title FROM unnest(shelf.available()) b",
        "INSERT INTO app.books VALUES (1, 'B', 2), (2, 'A', 1), (3, 'C', 0);",
    ) == [("A",), ("B",)]


SAME_NAME = """
CREATE OR REPLACE PACKAGE app.quoting IS
  PROCEDURE enquote(p_text IN OUT VARCHAR2, p_null IN BOOLEAN := FALSE);
  FUNCTION enquote(p_text IN VARCHAR2, p_null IN BOOLEAN := FALSE) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY app.quoting IS
  PROCEDURE enquote(p_text IN OUT VARCHAR2, p_null IN BOOLEAN := FALSE) IS
  BEGIN
    IF p_text IS NULL AND p_null THEN
      p_text := 'NULL';
    ELSE
      p_text := '''' || REPLACE(p_text, '''', '''''') || '''';
    END IF;
  END;
  FUNCTION enquote(p_text IN VARCHAR2, p_null IN BOOLEAN := FALSE) RETURN VARCHAR2 IS
    s VARCHAR2(4000) := p_text;
  BEGIN
    enquote(s, p_null);
    RETURN s;
  END;
END;
/
CREATE OR REPLACE FUNCTION app.both(p_text IN VARCHAR2) RETURN VARCHAR2 IS
  v VARCHAR2(100) := p_text;
BEGIN
  quoting.enquote(v);
  RETURN v || ' ' || quoting.enquote(p_text, TRUE);
END;
/
"""


def test_a_procedure_and_a_function_sharing_name_and_types(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL keeps procedures and functions in one namespace, so `PROCEDURE enquote(s IN OUT VARCHAR2, ...)`
    and `FUNCTION enquote(s VARCHAR2, ...)` cannot both be created: the procedure becomes enquote_proc, every CALL
    of the run names it (inside the package and from another unit), and AM-PLSQL-162 says so (both were manual,
    AM-PLSQL-040)."""
    with deployed(pg_server, tmp_path, SAME_NAME, "") as (result, report, url):
        assert_clean(report, {"enquote_proc", "enquote", "both"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.both('it''s')") == [("'it''s' 'it''s'",)]
            assert conn.rows("SELECT quoting.enquote(NULL, TRUE)") == [("NULL",)]
    procedure = next(o for o in result.objects if o.name == "enquote_proc")
    assert [f.rule_id for f in procedure.findings if f.rule_id.startswith("AM-PLSQL-1")] == ["AM-PLSQL-162"]


CASE_IN_CONDITIONS = """
CREATE OR REPLACE FUNCTION app.every(p_n IN INTEGER, p_per IN INTEGER) RETURN VARCHAR2 IS
  l_out VARCHAR2(100);
BEGIN
  FOR i IN 1 .. p_n LOOP
    IF MOD(i - 1, p_per) = 0 THEN
      l_out := l_out || '|';
    ELSIF CASE WHEN i > 3 THEN 1 ELSE 0 END = 1 THEN
      l_out := l_out || '+';
    END IF;
    CASE
      WHEN CASE WHEN i = p_n THEN 'y' END = 'y' THEN l_out := l_out || '.';
      ELSE NULL;
    END CASE;
  END LOOP;
  RETURN l_out;
END;
/
"""


def test_a_case_expression_in_an_if_condition(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PL/pgSQL reads an IF / ELSIF / WHEN condition up to the first THEN outside parentheses, a CASE expression's
    own included: a condition holding one (written so, or MOD(a, b) converted to its CASE) is parenthesised (the
    routine was refused with 'syntax error at end of input')."""
    assert clean_rows(pg_server, tmp_path, CASE_IN_CONDITIONS, {"every"}, "SELECT app.every(5, 2)") == [("||+|.",)]


UNMAPPED_STATE = """
CREATE OR REPLACE PACKAGE BODY app.sqlutil IS
  TYPE desc_tabs IS TABLE OF sys.dbms_sql.desc_tab INDEX BY BINARY_INTEGER;
  g_descs desc_tabs;
  g_language VARCHAR2(3) := 'ENG';
  PROCEDURE set_language(p_language IN VARCHAR2) IS
  BEGIN
    g_language := p_language;
  END;
  FUNCTION language RETURN VARCHAR2 IS
  BEGIN
    RETURN g_language;
  END;
  FUNCTION described RETURN INTEGER IS
  BEGIN
    RETURN g_descs.COUNT;
  END;
END;
/
"""


def test_an_unmappable_package_type_holds_up_only_the_routines_using_it(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A package variable of a type with no PostgreSQL form (a table of DBMS_SQL.DESC_TAB) used to make the whole
    body manual, and every routine wait for it: now the variable is left out (AM-PLSQL-163, low), the routine that
    reads it stays manual (AM-PLSQL-164), and the others convert with their package state."""
    with deployed(pg_server, tmp_path, UNMAPPED_STATE, "") as (result, report, url):
        assert_clean(report, {"set_language", "language"})
        with connect(url) as conn:
            conn.execute("CALL sqlutil.set_language('FRA')")
            assert conn.rows("SELECT sqlutil.language()") == [("FRA",)]
    by_name = {o.name: o for o in result.objects}
    assert by_name["described"].status.value == "manual"
    assert "AM-PLSQL-164" in [f.rule_id for f in by_name["described"].findings]
    assert "AM-PLSQL-163" in [f.rule_id for f in by_name["sqlutil_body"].findings]


NO_VALUE = """
CREATE OR REPLACE FUNCTION app.stub(p_name IN VARCHAR2) RETURN INTEGER IS
BEGIN
  NULL;
END;
/
CREATE OR REPLACE FUNCTION app.guarded(p_n IN NUMBER) RETURN NUMBER IS
BEGIN
  IF p_n > 0 THEN
    RETURN 1 / p_n;
  END IF;
EXCEPTION
  WHEN ZERO_DIVIDE THEN
    NULL;
END;
/
CREATE OR REPLACE FUNCTION app.code_of(p_n IN NUMBER) RETURN NUMBER IS
  v NUMBER;
BEGIN
  v := guarded(p_n);
  RETURN v;
EXCEPTION
  WHEN OTHERS THEN
    RETURN SQLCODE;
END;
/
"""


def test_a_function_that_ends_without_return_raises_ora_06503(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A function whose body (or a handler) can end without RETURN raises ORA-06503 in Oracle when it does; its
    converted body raises the same error itself after the block (SQLSTATE 2F005, SQLCODE -6503), where
    plpgsql_check refused the routine ('control reached end of function without RETURN')."""
    assert clean_rows(
        pg_server, tmp_path, NO_VALUE, {"stub", "guarded", "code_of"}, "SELECT app.code_of(4), app.code_of(-1)"
    ) == [(Decimal("0.25"), -6503)]


LOOP_RECORD = """
CREATE TABLE app.waiters (waiter_id NUMBER, w_name VARCHAR2(20), restaurant_id NUMBER);
CREATE OR REPLACE FUNCTION app.list_waiters(p_rid IN NUMBER) RETURN VARCHAR2 AS
  waiter waiters%ROWTYPE;
  v VARCHAR2(200);
BEGIN
  waiter.w_name := 'outer';
  FOR waiter IN (SELECT * FROM waiters WHERE restaurant_id = p_rid ORDER BY waiter_id) LOOP
    v := v || waiter.w_name || ',';
  END LOOP;
  RETURN v || waiter.w_name;
END;
/
"""


def test_a_query_loop_record_named_like_a_declared_variable(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`FOR waiter IN (query)` where `waiter` is also a declared variable: the loop's record is its own, local to the
    loop, and the variable keeps its value (PL/pgSQL refused the second declaration of the name)."""
    assert clean_rows(
        pg_server,
        tmp_path,
        LOOP_RECORD,
        {"list_waiters"},
        "SELECT app.list_waiters(7)",
        "INSERT INTO app.waiters VALUES (1, 'Ann', 7), (2, 'Bob', 7), (3, 'Cy', 8);",
    ) == [("Ann,Bob,outer",)]


GOTO_LOOP_LABEL = """
CREATE OR REPLACE FUNCTION app.first_digit(p_string IN VARCHAR2) RETURN NUMBER IS
  p NUMBER := 1;
  v_char VARCHAR2(1);
  n NUMBER;
BEGIN
  <<CONTINUE>>
  WHILE p <= LENGTH(p_string) LOOP
    BEGIN
      v_char := SUBSTR(p_string, p, 1);
      IF v_char IN ('-', '.', ' ') THEN
        p := p + 1;
        GOTO CONTINUE;
      END IF;
      n := TO_NUMBER(v_char);
      EXIT;
    EXCEPTION
      WHEN OTHERS THEN
        p := p + 1;
    END;
  END LOOP;
  RETURN n;
END;
/
"""


def test_goto_the_label_of_an_enclosing_while_loop_continues_it(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`<<l>> WHILE c LOOP ... GOTO l; ... END LOOP`: the GOTO starts the loop again, its condition read anew, which
    is `CONTINUE l` (it was AM-PLSQL-003)."""
    assert clean_rows(
        pg_server, tmp_path, GOTO_LOOP_LABEL, {"first_digit"}, "SELECT app.first_digit('- .x7'), app.first_digit('-.')"
    ) == [(7, None)]


FREE_IF_TEMPORARY = """
CREATE OR REPLACE FUNCTION app.clob_len(p_n IN NUMBER) RETURN NUMBER IS
  l_out CLOB;
  n NUMBER;
BEGIN
  DBMS_LOB.CREATETEMPORARY(l_out, TRUE);
  DBMS_LOB.APPEND(l_out, 'abc');
  n := DBMS_LOB.GETLENGTH(l_out) + p_n;
  IF DBMS_LOB.ISTEMPORARY(l_out) = 1 THEN
    DBMS_LOB.FREETEMPORARY(l_out);
  END IF;
  RETURN n;
END;
/
"""


def test_freeing_a_temporary_lob_only_if_it_is_one(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`IF DBMS_LOB.ISTEMPORARY(v) = 1 THEN DBMS_LOB.FREETEMPORARY(v); END IF;` of a local LOB not read again: the
    test reads nothing else and the free only invalidates the locator, so the whole IF is a comment, as a lone
    FREETEMPORARY is (it was AM-PLSQL-009 for ISTEMPORARY)."""
    assert clean_rows(pg_server, tmp_path, FREE_IF_TEMPORARY, {"clob_len"}, "SELECT app.clob_len(2)") == [(5,)]
