"""Round 12 general rules, each run on the real PostgreSQL against Oracle's documented behaviour."""

from __future__ import annotations

from converters.rewrite import convert_query
from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, clean_rows, deployed

RAW_WIDTH = """
CREATE TABLE app.tokens (id NUMBER, tok RAW(32), note VARCHAR2(40));
CREATE OR REPLACE PROCEDURE app.keep_token(p_id IN NUMBER, p_hex IN VARCHAR2) IS
  l_tok RAW(4);
BEGIN
  l_tok := HEXTORAW(p_hex);
  INSERT INTO tokens VALUES (p_id, l_tok, 'kept');
EXCEPTION
  WHEN VALUE_ERROR THEN
    INSERT INTO tokens VALUES (p_id, NULL, 'too long ' || SQLCODE);
END;
/
CREATE OR REPLACE FUNCTION app.guid_len RETURN NUMBER IS
  l_guid RAW(16) := SYS_GUID();
BEGIN
  RETURN UTL_RAW.LENGTH(l_guid);
END;
/
"""


def test_a_raw_variable_keeps_its_length_limit(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Assigning a value longer than n bytes to a RAW(n) variable raises VALUE_ERROR (ORA-06502, SQLCODE -6502) in
    Oracle; bytea has no length, so the variable's type is a domain whose CHECK raises the same error."""
    with deployed(pg_server, tmp_path, RAW_WIDTH, "") as (_result, report, url):
        assert_clean(report, {"keep_token", "guid_len"})
        with connect(url) as conn:
            conn.execute("CALL app.keep_token(1, 'A1B2C3D4')")
            conn.execute("CALL app.keep_token(2, 'A1B2C3D4E5')")
            assert conn.rows("SELECT id, encode(tok, 'hex'), note FROM app.tokens ORDER BY id") == [
                (1, "a1b2c3d4", "kept"),
                (2, None, "too long -6502"),
            ]
            assert conn.rows("SELECT app.guid_len()") == [(16,)]


GUIDS = """
CREATE TABLE app.ids (id RAW(16), code VARCHAR2(40), n NUMBER);
CREATE OR REPLACE PROCEDURE app.new_ids IS
  l_raw RAW(16) := SYS_GUID();
  l_txt VARCHAR2(40) := SYS_GUID();
BEGIN
  INSERT INTO ids (id, code, n) VALUES (SYS_GUID(), SYS_GUID(), 1);
  INSERT INTO ids (id, code, n) VALUES (l_raw, TO_CHAR(SYS_GUID()), 2);
  l_txt := SYS_GUID;
  INSERT INTO ids (id, code, n) VALUES (HEXTORAW('0A0B'), l_txt, 3);
  l_txt := l_raw;
  INSERT INTO ids (id, code, n) VALUES (l_raw, l_txt, 4);
END;
/
"""


def test_sys_guid_is_a_raw_and_its_text_is_rawtohex(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SYS_GUID returns a RAW(16): stored in a RAW column it is 16 bytes; where Oracle wants text (a VARCHAR2
    column or variable, TO_CHAR) it converts it implicitly as RAWTOHEX does: 32 upper-case hex digits. PostgreSQL's
    uuid or bytea text ('3f2a...-...', '\\x3f2a...') would be stored instead."""
    with deployed(pg_server, tmp_path, GUIDS, "") as (_result, report, url):
        assert_clean(report, {"new_ids"})
        with connect(url) as conn:
            conn.execute("CALL app.new_ids()")
            rows = conn.rows("SELECT n, octet_length(id), code, upper(encode(id, 'hex')) FROM app.ids ORDER BY n")
    assert [(n, size) for n, size, _code, _hex in rows] == [(1, 16), (2, 16), (3, 2), (4, 16)]
    assert all(len(code) == 32 and code == code.upper() and "-" not in code for _n, _s, code, _h in rows)
    assert rows[3][2] == rows[3][3]  # the RAW variable's text is its RAWTOHEX


POSITIONAL = """
CREATE TABLE app.notes (id NUMBER(6), note VARCHAR2(100), made DATE, amount NUMBER);
CREATE OR REPLACE PROCEDURE app.add_notes(p_id NUMBER, p_amount VARCHAR2) IS
  v NUMBER := 2.50;
BEGIN
  INSERT INTO notes VALUES (p_id, v * 3, DATE '2024-05-21', p_amount);
  INSERT INTO app.notes VALUES (p_id + 1, TRUNC(TO_DATE('2024-05-21 13:45', 'YYYY-MM-DD HH24:MI')), NULL, 7)
    RETURNING id INTO v;
  UPDATE notes SET amount = p_amount WHERE id = v;
END;
/
"""


def test_an_insert_without_a_column_list_stores_oracles_texts(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """INSERT INTO t VALUES (...) without a column list stores each value in the table's columns in order; a NUMBER
    or a DATE (TRUNC of a DATE is one) in a VARCHAR2 column is Oracle's text of it (7.5, 21-MAY-24), and a VARCHAR2
    in a NUMBER column is read as a number, as with a written column list (PostgreSQL would store '7.50' and
    '2024-05-21 00:00:00', and refuse the VARCHAR2)."""
    with deployed(pg_server, tmp_path, POSITIONAL, "") as (_result, report, url):
        assert_clean(report, {"add_notes"})
        with connect(url) as conn:
            conn.execute("CALL app.add_notes(1, ' 12.50')")
            rows = conn.rows("SELECT id, note, made::text, amount::text FROM app.notes ORDER BY id")
    assert rows == [(1, "7.5", "2024-05-21 00:00:00", "12.50"), (2, "21-MAY-24", None, "12.50")]


HEX = """
CREATE TABLE app.hex_log (txt VARCHAR2(20), val NUMBER);
CREATE OR REPLACE PACKAGE app.bits IS
  full_bits CONSTANT NUMBER := TO_NUMBER('FFFFFFFF', 'xxxxxxxx');
  FUNCTION read_hex(p_text VARCHAR2) RETURN NUMBER;
  FUNCTION full RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY app.bits IS
  FUNCTION read_hex(p_text VARCHAR2) RETURN NUMBER IS
  BEGIN
    RETURN TO_NUMBER(p_text, '0XXXX');
  EXCEPTION
    WHEN VALUE_ERROR OR INVALID_NUMBER THEN
      RETURN -1;
  END;
  FUNCTION full RETURN NUMBER IS
  BEGIN
    RETURN full_bits;
  END;
END;
/
"""


def test_hexadecimal_number_models_read_as_oracle_reads_them(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TO_NUMBER(text, 'XXXX'): a literal is read when converting; other text at run time, where anything but one to
    five hexadecimal digits (either case) raises, as Oracle raises ORA-01722, and NULL stays NULL."""
    with deployed(pg_server, tmp_path, HEX, "") as (_result, report, url):
        assert_clean(report, {"read_hex", "full"})
        with connect(url) as conn:
            values = ["ff", "0Ab", "FFFFF", "FFFFFF", "-1", " 1", "1 ", "g", None]
            got = [conn.rows("SELECT bits.read_hex(%s::varchar)", (v,))[0][0] for v in values]
            assert conn.rows("SELECT bits.full()") == [(4294967295,)]
    assert got == [255, 171, 1048575, -1, -1, -1, -1, -1, None]


FIELDS_AND_COUNTS = """
CREATE TABLE app.goals (player VARCHAR2(20), goals NUMBER);
CREATE TYPE app.node AS OBJECT (nam VARCHAR2(20), sub NUMBER);
/
CREATE TYPE app.nodes AS TABLE OF app.node;
/
CREATE OR REPLACE PACKAGE app.src IS
  TYPE json_src IS RECORD (len NUMBER, offset NUMBER);
  FUNCTION window_start(p_index NUMBER) RETURN NUMBER;
  FUNCTION first_sub(p_nodes nodes) RETURN NUMBER;
  FUNCTION twice(p_id BINARY_INTEGER) RETURN NUMBER;
  PROCEDURE top(p_length VARCHAR2);
END;
/
CREATE OR REPLACE PACKAGE BODY app.src IS
  FUNCTION window_start(p_index NUMBER) RETURN NUMBER IS
    s json_src;
  BEGIN
    s.offset := p_index - (p_index MOD 4000);
    s.len := -7 MOD 3;
    RETURN s.offset * 10 + s.len;
  END;
  FUNCTION twice(p_id BINARY_INTEGER) RETURN NUMBER IS
  BEGIN
    RETURN p_id * 2;
  END;
  FUNCTION first_sub(p_nodes nodes) RETURN NUMBER IS
  BEGIN
    RETURN twice(p_nodes(1).sub);
  END;
  PROCEDURE top(p_length VARCHAR2) IS
    CURSOR c IS SELECT player FROM goals ORDER BY goals DESC;
    v c%ROWTYPE;
  BEGIN
    OPEN c;
    LOOP
      FETCH c INTO v;
      EXIT WHEN c%NOTFOUND OR c%ROWCOUNT > p_length;
      DBMS_OUTPUT.PUT_LINE(c%ROWCOUNT || ' ' || v.player);
    END LOOP;
    CLOSE c;
  END;
END;
/
"""


def test_reserved_fields_infix_mod_integer_arguments_and_rowcount(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A record field named offset; PL/SQL's infix MOD (the dividend's sign, as MOD); a collection element's field
    passed to a BINARY_INTEGER parameter (rounded, as Oracle converts it); c%ROWCOUNT compared with a VARCHAR2
    (read as a number)."""
    rows = "INSERT INTO app.goals VALUES ('a', 5), ('b', 3), ('c', 1)"
    with deployed(pg_server, tmp_path, FIELDS_AND_COUNTS, rows) as (_result, report, url):
        assert_clean(report, {"window_start", "first_sub", "twice", "top"})
        with connect(url) as conn:
            assert conn.rows("SELECT src.window_start(9001)") == [(79999,)]  # offset 8000, len -1
            assert conn.rows("SELECT src.first_sub(ARRAY[ROW('x', 2.5)::app.node])") == [(6,)]
            notices: list[str] = []
            conn.raw.add_notice_handler(lambda d: notices.append(d.message_primary))
            conn.execute("CALL src.top('2')")
    assert notices == ["1 a", "2 b"]


PACKAGE_COLLECTION = """
CREATE OR REPLACE TYPE app.pair AS OBJECT (lim NUMBER, fee NUMBER);
/
CREATE OR REPLACE PACKAGE app.se_types IS
  TYPE pairs IS TABLE OF pair;
END;
/
CREATE OR REPLACE FUNCTION app.fee(p NUMBER) RETURN NUMBER IS
  t se_types.pairs;
BEGIN
  t := se_types.pairs(pair(1000, 0.2), pair(0, 0.25));
  FOR i IN 1 .. t.COUNT LOOP
    IF p >= t(i).lim THEN
      RETURN t(i).fee;
    END IF;
  END LOOP;
  RETURN NULL;
END;
/
"""


def test_a_collection_type_of_another_package_is_constructed(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """pkg.t(a, b) of a collection type another package declares builds the collection, as t(a, b) does in the
    package itself (PostgreSQL looked for a function pkg.t)."""
    assert clean_rows(
        pg_server, tmp_path, PACKAGE_COLLECTION, {"fee"}, "SELECT app.fee(5000)::text, app.fee(10)::text"
    ) == [("0.2", "0.25")]


HEX_TEXT = """
CREATE OR REPLACE FUNCTION app.escaped(p_char VARCHAR2) RETURN VARCHAR2 IS
BEGIN
  RETURN '\\u' || REPLACE(SUBSTR(TO_CHAR(ASCII(p_char), 'XXXX'), 2, 4), ' ', '0');
END;
/
CREATE OR REPLACE FUNCTION app.hex_of(p_n NUMBER) RETURN VARCHAR2 IS
BEGIN
  RETURN '[' || TO_CHAR(p_n, 'XX') || '|' || TO_CHAR(p_n, 'FM0xxx') || ']';
END;
/
"""


def test_hexadecimal_text_and_ascii_codes(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TO_CHAR(n, 'XX'): the rounded number's hexadecimal digits right-aligned, led by a blank (' FF', Oracle's
    documented example), '#' over the width plus one when they do not fit, zeros for a 0 model without the blank
    under FM; ASCII of a character outside the ASCII range is its UTF-8 bytes as a number (AL32UTF8)."""
    with deployed(pg_server, tmp_path, HEX_TEXT, "") as (_result, report, url):
        assert_clean(report, {"escaped", "hex_of"})
        with connect(url) as conn:
            got = conn.rows("SELECT app.hex_of(255), app.hex_of(10.5), app.hex_of(256), app.hex_of(NULL)")
            codes = conn.rows("SELECT app.escaped('A'), app.escaped('é')")
    assert got == [("[ FF|00ff]", "[  B|000b]", "[###|0100]", "[|]")]
    assert codes == [("\\u0041", "\\uC3A9")]


DYNAMIC_BULK = """
CREATE TABLE app.emp (id NUMBER, name VARCHAR2(20));
CREATE OR REPLACE FUNCTION app.names_over(p_id NUMBER) RETURN VARCHAR2 IS
  TYPE t_names IS TABLE OF VARCHAR2(20);
  TYPE t_ids IS TABLE OF NUMBER;
  TYPE t_rows IS TABLE OF emp%ROWTYPE;
  l_names t_names;
  l_ids t_ids;
  l_rows t_rows;
  l_count NUMBER;
BEGIN
  EXECUTE IMMEDIATE 'SELECT id, name FROM emp WHERE id > :1 ORDER BY id' BULK COLLECT INTO l_ids, l_names USING p_id;
  l_count := SQL%ROWCOUNT;
  EXECUTE IMMEDIATE 'SELECT * FROM emp WHERE id > 100 ORDER BY id DESC' BULK COLLECT INTO l_rows;
  RETURN l_count || ':' || l_names(1) || ':' || l_ids(l_ids.LAST) || ':' || l_rows.COUNT || ':' || SQL%ROWCOUNT;
END;
/
"""


def test_execute_immediate_bulk_collect_fills_the_collections(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """EXECUTE IMMEDIATE q BULK COLLECT INTO x, y [USING ...]: the query's rows in its order, one collection per
    column (or one of rows), empty (not NULL) when there is none; SQL%ROWCOUNT is the number of rows."""
    assert clean_rows(
        pg_server,
        tmp_path,
        DYNAMIC_BULK,
        {"names_over"},
        "SELECT app.names_over(1)",
        "INSERT INTO app.emp VALUES (3, 'c'), (1, 'a'), (2, 'b')",
    ) == [("2:b:3:0:0",)]


OUT_RECORD = """
CREATE OR REPLACE PACKAGE app.lx IS
  TYPE src IS RECORD (len NUMBER, pos NUMBER);
  FUNCTION nxt(s IN OUT src) RETURN VARCHAR2;
  FUNCTION run RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY app.lx IS
  FUNCTION nxt(s IN OUT src) RETURN VARCHAR2 IS
  BEGIN
    s.pos := s.pos + 1;
    RETURN 'c' || s.pos;
  END;
  FUNCTION run RETURN VARCHAR2 IS
    s src;
    c VARCHAR2(10);
    d VARCHAR2(10);
  BEGIN
    s.len := 5;
    s.pos := 0;
    c := nxt(s);
    d := nxt(s);
    RETURN c || d || s.pos;
  END;
END;
/
"""


def test_a_record_passed_in_out_to_a_function_comes_back(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """v := f(rec) with rec IN OUT: Oracle assigns the record and then the result. PL/pgSQL takes a record variable
    only as the one INTO target, so the row is read into a record and its fields assigned in that order."""
    assert clean_rows(pg_server, tmp_path, OUT_RECORD, {"nxt", "run"}, "SELECT lx.run()") == [("c1c22",)]


FF9 = """
CREATE OR REPLACE FUNCTION app.stamp_text(p_ts TIMESTAMP) RETURN VARCHAR2 IS
BEGIN
  RETURN TO_CHAR(p_ts, 'YYYY-MM-DD HH24:MI:SS.FF9') || '|' || TO_CHAR(p_ts, 'SS.FF7');
END;
/
"""


def test_nine_fraction_digits_print_microseconds_and_zeros(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TO_CHAR(ts, '...FF9'): Oracle prints nine fraction digits; a value PostgreSQL holds has microseconds, so the
    last three are zeros (FF7, FF8 alike)."""
    with deployed(pg_server, tmp_path, FF9, "") as (_result, report, url):
        assert_clean(report, {"stamp_text"})
        with connect(url) as conn:
            got = conn.rows("SELECT app.stamp_text('2024-05-21 10:00:01.123456')")
    assert got == [("2024-05-21 10:00:01.123456000|01.1234560",)]


SAME_NAMES = """
CREATE TABLE app.timetable (eventid NUMBER, eventtype VARCHAR2(20), eventdate DATE);
CREATE OR REPLACE PROCEDURE app.add_event(eventid NUMBER, eventtype VARCHAR2, eventdate VARCHAR2) IS
BEGIN
  INSERT INTO timetable (eventid, eventtype, eventdate) VALUES (eventid, eventtype, TO_DATE(eventdate, 'DD/MM/YYYY'));
END;
/
"""


def test_a_parameter_named_as_a_date_column_is_the_parameter_in_values(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """INSERT ... VALUES has no table in scope: `eventdate` there is the VARCHAR2 parameter, not the DATE column of
    that name, so TO_DATE reads its text (it was printed as a DATE first, which PostgreSQL refused)."""
    with deployed(pg_server, tmp_path, SAME_NAMES, "") as (_result, report, url):
        assert_clean(report, {"add_event"})
        with connect(url) as conn:
            conn.execute("CALL app.add_event(1, 'show', '21/05/2024')")
            assert conn.rows("SELECT eventdate::text FROM app.timetable") == [("2024-05-21 00:00:00",)]


def test_oracle_only_view_prefixes_are_dictionary_findings() -> None:
    """V$ / GV$ / V_$ views, AWR history (DBA_HIST_) and container views (CDB_) are Oracle's own: a query reading
    one is CONV-ORA-DICT-001 (it failed at deploy with "relation does not exist"); a user table named like
    USER_ACCOUNTS is not one."""
    found = convert_query("SELECT sql_id FROM dba_hist_sqlstat JOIN v$sql_plan USING (sql_id)", "oracle").findings
    assert sorted(f.snippet.upper() for f in found if f.rule_id == "CONV-ORA-DICT-001") == [
        "DBA_HIST_SQLSTAT",
        "V$SQL_PLAN",
    ]
    assert not convert_query("SELECT a FROM user_accounts", "oracle").findings


OUT_IN_EXPRESSIONS = """
CREATE OR REPLACE PACKAGE app.jp IS
  TYPE src IS RECORD (pos NUMBER, txt VARCHAR2(100));
  FUNCTION next_char(indx NUMBER, s IN OUT NOCOPY src) RETURN VARCHAR2;
  FUNCTION test(p VARCHAR2) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY app.jp IS
  FUNCTION next_char(indx NUMBER, s IN OUT NOCOPY src) RETURN VARCHAR2 IS
  BEGIN
    s.pos := indx;
    RETURN substr(s.txt, indx, 1);
  END;
  FUNCTION test(p VARCHAR2) RETURN VARCHAR2 IS
    s src;
    buf VARCHAR2(100);
  BEGIN
    s.txt := p;
    IF (next_char(1, s) != 't') THEN
      RETURN 'no';
    END IF;
    buf := next_char(2, s);
    FOR i IN 3 .. 4 LOOP
      buf := buf || next_char(i, s);
    END LOOP;
    RETURN buf || s.pos;
  END;
END;
/
"""


def test_a_function_with_out_parameters_in_a_parenthesised_condition_and_a_concatenation(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`IF (f(i, s) != 't')` and `buf := buf || f(i, s)`: nothing around the call can skip it or read what it
    assigns, so it runs first into a helper and the condition or concatenation reads the helper."""
    assert clean_rows(
        pg_server, tmp_path, OUT_IN_EXPRESSIONS, {"next_char", "test"}, "SELECT jp.test('true'), jp.test('false')"
    ) == [("rue4", "no")]


def test_asciistr_is_a_finding_not_a_missing_function() -> None:
    """ASCIISTR has no PostgreSQL function: the call is CONV-ORA-FUNC-001 with the reason, not a deploy error."""
    found = convert_query("SELECT ASCIISTR(name) FROM emp", "oracle").findings
    assert [f.rule_id for f in found] == ["CONV-ORA-FUNC-001"] and "ASCIISTR" in found[0].message


LOB_READ = """
CREATE OR REPLACE FUNCTION app.decode64(p_clob CLOB) RETURN BLOB IS
  l_blob   BLOB;
  l_raw    RAW(32767);
  l_amt    NUMBER := 8;
  l_offset NUMBER := 1;
  l_temp   VARCHAR2(32767);
BEGIN
  BEGIN
    DBMS_LOB.CREATETEMPORARY(l_blob, FALSE, DBMS_LOB.CALL);
    LOOP
      DBMS_LOB.READ(p_clob, l_amt, l_offset, l_temp);
      l_offset := l_offset + l_amt;
      l_raw := UTL_ENCODE.BASE64_DECODE(UTL_RAW.CAST_TO_RAW(l_temp));
      DBMS_LOB.APPEND(l_blob, TO_BLOB(l_raw));
    END LOOP;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      NULL;
  END;
  RETURN l_blob;
END;
/
CREATE OR REPLACE FUNCTION app.read_bad(p_clob CLOB, p_amount NUMBER) RETURN VARCHAR2 IS
  l_amt  NUMBER := p_amount;
  l_temp VARCHAR2(100);
BEGIN
  DBMS_LOB.READ(p_clob, l_amt, 1, l_temp);
  RETURN l_temp || ':' || l_amt;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RETURN 'no data:' || l_amt;
  WHEN OTHERS THEN
    RETURN 'error:' || l_amt;
END;
/
"""


def test_dbms_lob_read_reads_chunks_until_no_data_found(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """DBMS_LOB.READ(lob, amount, offset, buffer): `amount` characters from `offset`, amount set to the number read;
    past the end NO_DATA_FOUND with amount 0; VALUE_ERROR for a NULL, INVALID_ARGVAL for an amount below 1 (Oracle's
    documented exceptions). A loop of reads over a temporary LOB changes no row, so its handler converts as is."""
    with deployed(pg_server, tmp_path, LOB_READ, "") as (_result, report, url):
        assert_clean(report, {"decode64", "read_bad"})
        with connect(url) as conn:
            assert conn.rows("SELECT convert_from(app.decode64('SGVsbG8sIHdvcmxkIQ=='), 'UTF8')") == [
                ("Hello, world!",)
            ]
            got = conn.rows("SELECT app.read_bad('abcdef', 4), app.read_bad('', 4), app.read_bad('abc', 0)")
    assert got == [("abcd:4", "no data:0", "error:0")]


NLS_PARAMETERS = """
CREATE OR REPLACE FUNCTION app.number_to_json(p_number NUMBER) RETURN VARCHAR2 IS
BEGIN
  RETURN TO_CHAR(p_number, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''') || '|'
      || TO_CHAR(TO_DATE('21-MAY-2024', 'DD-MON-YYYY', 'NLS_DATE_LANGUAGE = AMERICAN'), 'YYYY-MM-DD')
      || '|' || TO_NUMBER('1,234.5', '9G999D9', 'NLS_NUMERIC_CHARACTERS = ''.,''')
      || '|' || TO_CHAR(1234.5, '9G999D99');
END;
/
CREATE OR REPLACE FUNCTION app.french_month(p_day DATE) RETURN VARCHAR2 IS
BEGIN
  RETURN TO_CHAR(p_day, 'MONTH', 'NLS_DATE_LANGUAGE=FRENCH');
END;
/
"""


def test_an_nls_parameter_is_dropped_only_where_it_changes_nothing(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TO_CHAR / TO_DATE / TO_NUMBER's NLS parameter: the project's own language, or numeric characters '.,' where
    the model prints them so, change nothing and the call converts; another language would print other month
    names, so that call is a finding (it was dropped without one). D and G are the territory's '.' and ',' written
    out (PostgreSQL's D and G would print the server's lc_numeric)."""
    with deployed(pg_server, tmp_path, NLS_PARAMETERS, "") as (result, report, url):
        assert_clean(report, {"number_to_json"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.number_to_json(0.50)") == [(".5|2024-05-21|1234.5| 1,234.50",)]
    routine = next(o for o in result.objects if o.name == "number_to_json")
    assert "9G999" not in routine.sql and "'9,999.99'" in routine.sql  # not the server's lc_numeric
    french = next(o for o in result.objects if o.name == "french_month")
    assert [f.rule_id for f in french.findings if "NLS_DATE_LANGUAGE=FRENCH" in f.message] == ["CONV-ORA-FUNC-001"]


SCHEMA_COLLECTIONS = """
CREATE OR REPLACE TYPE app.json_keys AS TABLE OF VARCHAR2(2000);
/
CREATE OR REPLACE FUNCTION app.nkeys(p_extra VARCHAR2) RETURN VARCHAR2 IS
  k json_keys := json_keys();
  s json_keys := app.json_keys('a', p_extra);
BEGIN
  k.EXTEND;
  k(1) := 'x';
  RETURN k.COUNT || ':' || s.COUNT || ':' || s(2);
END;
/
"""


def test_a_schema_collection_constructor_named_like_a_sql_function(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """json_keys() of a schema-level TABLE OF type: an empty collection (not NULL), built in place, so the SQL
    parser never reads the name as its own JSON_KEYS function (the routine did not parse)."""
    assert clean_rows(pg_server, tmp_path, SCHEMA_COLLECTIONS, {"nkeys"}, "SELECT app.nkeys('b')") == [("1:2:b",)]
