"""Round 7 general rules, each run on the real PostgreSQL: a TIMESTAMP difference is an INTERVAL (not a number of
days); a procedure's OUT parameter after a defaulted one (INOUT DEFAULT NULL, set to NULL on entry)."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.txn (id NUMBER PRIMARY KEY, created TIMESTAMP, booked DATE, bal NUMBER);
CREATE OR REPLACE FUNCTION hr.recent(p_id NUMBER) RETURN NUMBER IS
    v_ts TIMESTAMP;
    v_d  DATE;
BEGIN
    SELECT created, booked INTO v_ts, v_d FROM hr.txn WHERE id = p_id;
    IF (SYSTIMESTAMP - v_ts) < INTERVAL '24' HOUR AND (v_ts - v_d) > INTERVAL '0' SECOND THEN
        RETURN 1;
    END IF;
    RETURN 0;
END;
/
CREATE OR REPLACE FUNCTION hr.age_hours(p_id NUMBER) RETURN NUMBER IS
    v_gap INTERVAL DAY TO SECOND;
BEGIN
    SELECT created - booked INTO v_gap FROM hr.txn WHERE id = p_id;
    RETURN EXTRACT(HOUR FROM v_gap) + 24 * EXTRACT(DAY FROM v_gap);
END;
/
CREATE OR REPLACE PACKAGE hr.bank IS
    PROCEDURE deposit(p_id IN NUMBER, p_amount IN NUMBER DEFAULT 0, p_new OUT NUMBER, p_ref OUT VARCHAR2);
    PROCEDURE run(p_id IN NUMBER);
END bank;
/
CREATE OR REPLACE PACKAGE BODY hr.bank IS
    PROCEDURE deposit(p_id IN NUMBER, p_amount IN NUMBER DEFAULT 0, p_new OUT NUMBER, p_ref OUT VARCHAR2) IS
    BEGIN
        IF p_ref IS NOT NULL THEN
            RAISE_APPLICATION_ERROR(-20001, 'an OUT parameter starts NULL');
        END IF;
        UPDATE hr.txn SET bal = bal + p_amount WHERE id = p_id RETURNING bal INTO p_new;
        p_ref := 'R' || p_id;
    END deposit;
    PROCEDURE run(p_id IN NUMBER) IS
        v_new NUMBER;
        v_ref VARCHAR2(10) := 'preset';
    BEGIN
        deposit(p_id, 5, v_new, v_ref);
        deposit(p_id => p_id, p_new => v_new, p_ref => v_ref);
        UPDATE hr.txn SET bal = bal * 10 + v_new WHERE id = p_id;
    END run;
END bank;
/
"""

ROWS = """INSERT INTO hr.txn VALUES (1, date_trunc('second', localtimestamp) - interval '90 minutes', date_trunc('second', localtimestamp) - interval '3 hours', 100);
INSERT INTO hr.txn VALUES (2, date_trunc('second', localtimestamp) - interval '3 days', date_trunc('second', localtimestamp) - interval '80 hours', 0)"""


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round7"), CODE, ROWS)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_a_timestamp_difference_is_an_interval(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, report, url = deployed
    assert_clean(report, {"recent", "age_hours"})
    with connect(url) as conn:
        # Oracle: SYSTIMESTAMP - ts and ts - d are INTERVAL DAY TO SECOND values
        assert conn.rows("SELECT hr.recent(1), hr.recent(2), hr.age_hours(1), hr.age_hours(2)") == [(1, 0, 1, 8)]


def test_an_out_parameter_after_a_defaulted_one(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, url = deployed
    assert "INOUT p_new numeric DEFAULT NULL" in objects["deposit"].sql
    assert_clean(report, {"deposit", "run"})
    with connect(url) as conn:
        conn.execute("CALL bank.run(1)")
        # 100 + 5 = 105, + 0 (the default) = 105; then 105 * 10 + 105
        assert conn.rows("SELECT bal FROM hr.txn WHERE id = 1") == [(1155,)]
        # the caller's 'x' does not reach the procedure (run's 'preset' did not either: it would have raised)
        conn.execute("CREATE TEMP TABLE got AS SELECT NULL::varchar AS r, NULL::numeric AS n")
        conn.execute(
            "DO $$ DECLARE n numeric; r varchar := 'x'; BEGIN CALL bank.deposit(1, 1, n, r); "
            "UPDATE got SET r = deposit.r, n = deposit.n FROM (SELECT r, n) deposit; END $$"
        )
        assert conn.rows("SELECT r, n FROM got") == [("R1", 1156)]


DENSE = """
CREATE TABLE hr.items (id NUMBER PRIMARY KEY, name VARCHAR2(20));
CREATE OR REPLACE PACKAGE hr.items_api IS
    SUBTYPE t_rec IS hr.items%ROWTYPE;
    TYPE t_tab IS TABLE OF t_rec;
    TYPE t_map IS TABLE OF t_rec INDEX BY PLS_INTEGER;
    PROCEDURE ins(p_tab IN OUT NOCOPY t_tab);
    PROCEDURE ins_map(p_map IN t_map);
END items_api;
/
CREATE OR REPLACE PACKAGE BODY hr.items_api IS
    PROCEDURE ins(p_tab IN OUT NOCOPY t_tab) IS
        l_i PLS_INTEGER;
    BEGIN
        l_i := p_tab.FIRST;
        WHILE l_i IS NOT NULL LOOP
            p_tab(l_i).name := UPPER(p_tab(l_i).name);
            l_i := p_tab.NEXT(l_i);
        END LOOP;
        FORALL i IN INDICES OF p_tab
            INSERT INTO hr.items VALUES p_tab(i);
    END ins;
    PROCEDURE ins_map(p_map IN t_map) IS
    BEGIN
        FORALL i IN INDICES OF p_map
            INSERT INTO hr.items VALUES p_map(i);
    END ins_map;
END items_api;
/
"""


def test_indices_of_and_next_on_a_package_nested_table_parameter(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """A nested table type of the package spec is dense (an array): INDICES OF and NEXT convert; so does the INDEX
    BY table's INDICES OF, over its array's bounds (its writes are checked to leave no gap: plsql_elements)."""
    result, report, url = deploy_oracle(pg_server, tmp_path, DENSE)
    try:
        _check_dense(result, report, url)
    finally:
        _dropper.names.put(url.database)


def _check_dense(result, report, url) -> None:  # type: ignore[no-untyped-def]
    assert_clean(report, {"ins", "ins_map"})
    with connect(url) as conn:
        conn.execute(
            "DO $$ DECLARE t hr.items[] := ARRAY[ROW(1, 'a')::hr.items, ROW(2, 'b')::hr.items]; "
            "BEGIN CALL items_api.ins(t); END $$"
        )
        conn.execute("CALL items_api.ins_map(ARRAY[ROW(3, 'c')::hr.items])")
        assert conn.rows("SELECT id, name FROM hr.items ORDER BY id") == [(1, "A"), (2, "B"), (3, "c")]


RECORDS = """
CREATE TABLE hr.flags_t (id NUMBER PRIMARY KEY, a CHAR(1), b CHAR(1));
CREATE OR REPLACE TYPE hr.pair_t AS OBJECT (id NUMBER, a CHAR(1));
/
CREATE OR REPLACE TYPE hr.pairs_t AS TABLE OF hr.pair_t;
/
CREATE OR REPLACE PACKAGE hr.flags_api IS
    gc_true CONSTANT CHAR(1) := 'Y';
    gc_false CONSTANT CHAR(1) := 'N';
    TYPE t_ind IS RECORD (a CHAR(1) := gc_false, b CHAR(1) DEFAULT 'Y', note VARCHAR2(10));
    PROCEDURE put(p_id NUMBER);
    FUNCTION pair(p_id NUMBER) RETURN hr.pair_t;
    FUNCTION pairs RETURN hr.pairs_t;
END flags_api;
/
CREATE OR REPLACE PACKAGE BODY hr.flags_api IS
    PROCEDURE put(p_id NUMBER) IS
        l_ind t_ind;
    BEGIN
        INSERT INTO hr.flags_t VALUES (p_id, l_ind.a, NVL(l_ind.b, 'x') || NVL(l_ind.note, ''));
    END put;
    FUNCTION pair(p_id NUMBER) RETURN hr.pair_t IS
        l_pair hr.pair_t;
    BEGIN
        SELECT hr.pair_t(id, a) INTO l_pair FROM hr.flags_t WHERE id = p_id;
        RETURN l_pair;
    END pair;
    FUNCTION pairs RETURN hr.pairs_t IS
    BEGIN
        RETURN hr.pairs_t(pair(1));
    END pairs;
END flags_api;
/
"""


def test_record_field_defaults_and_a_constructor_selected_into_an_object(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """A record variable starts with its type's field defaults (Oracle: a := 'N', b := 'Y', note NULL);
    SELECT t(a, b) INTO v fills the object; a collection type named only in the code deploys before it."""
    _result, report, url = deploy_oracle(pg_server, tmp_path, RECORDS)
    try:
        assert_clean(report, {"put", "pair", "pairs"})
        with connect(url) as conn:
            conn.execute("CALL flags_api.put(1)")
            assert conn.rows("SELECT a, b FROM hr.flags_t") == [("N", "Y")]
            assert conn.rows("SELECT (flags_api.pair(1)).a, cardinality(flags_api.pairs())") == [("N", 1)]
    finally:
        _dropper.names.put(url.database)


IMPLICIT = """
CREATE TABLE hr.msgs (note VARCHAR2(100));
CREATE OR REPLACE PROCEDURE hr.say(p_text IN VARCHAR2) IS
BEGIN
    INSERT INTO hr.msgs VALUES (p_text);
END;
/
CREATE OR REPLACE PROCEDURE hr.say_date(p_day IN DATE) IS
BEGIN
    hr.say(p_text => p_day);
    hr.say(p_day);
END;
/
CREATE OR REPLACE FUNCTION hr.amount(p_low NUMBER, p_high NUMBER) RETURN NUMBER IS
BEGIN
    RETURN ROUND(DBMS_RANDOM.VALUE(p_low, p_high), 2) + ROUND(DBMS_RANDOM.VALUE, 1) * 0;
END;
/
"""


def test_a_date_passed_to_a_text_parameter_and_a_random_number(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """Oracle passes a DATE to a VARCHAR2 parameter as its NLS_DATE_FORMAT text (DD-MON-RR: '05-MAR-24');
    DBMS_RANDOM.VALUE is a NUMBER, so ROUND(v, 2) works."""
    _result, report, url = deploy_oracle(pg_server, tmp_path, IMPLICIT)
    try:
        assert_clean(report, {"say", "say_date", "amount"})
        with connect(url) as conn:
            conn.execute("CALL hr.say_date(timestamp '2024-03-05 10:11:12')")
            assert conn.rows("SELECT note FROM hr.msgs") == [("05-MAR-24",), ("05-MAR-24",)]
            ((value,),) = conn.rows("SELECT hr.amount(10, 20)")
            assert 10 <= value < 20 and value == round(value, 2)
    finally:
        _dropper.names.put(url.database)


LOOP_FIELDS = """
CREATE TABLE hr.orders7 (id NUMBER PRIMARY KEY, order_date DATE, qty NUMBER);
CREATE OR REPLACE FUNCTION hr.order_lines RETURN VARCHAR2 IS
    v_text VARCHAR2(400);
BEGIN
    FOR r IN (SELECT o.id, TO_CHAR(o.order_date, 'YYYY. MM. DD.') AS order_date, o.order_date booked,
                     'n' || o.qty qty
                FROM hr.orders7 o ORDER BY o.id) LOOP
        v_text := v_text || r.id || ' ' || r.order_date || ' ' || r.booked || ' ' || r.qty || ';';
    END LOOP;
    RETURN v_text;
END;
/
"""


def test_a_loop_record_field_computed_under_a_column_name(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """r.order_date is the TO_CHAR text the query computed (not the DATE column of that name); r.booked is the DATE
    (printed in NLS_DATE_FORMAT, DD-MON-RR); r.qty is text."""
    _result, report, url = deploy_oracle(pg_server, tmp_path, LOOP_FIELDS)
    try:
        assert_clean(report, {"order_lines"})
        with connect(url) as conn:
            conn.execute("INSERT INTO hr.orders7 VALUES (1, timestamp '2024-03-05 10:00:00', 2.50)")
            assert conn.rows("SELECT hr.order_lines()") == [("1 2024. 03. 05. 05-MAR-24 n2.5;",)]
    finally:
        _dropper.names.put(url.database)


LATER_PARAMETER = """
CREATE TABLE hr.notes7 (a NUMBER, b VARCHAR2(10), c NUMBER);
CREATE OR REPLACE PROCEDURE hr.note(p_a NUMBER DEFAULT 1, p_b VARCHAR2, p_c NUMBER DEFAULT 3) IS
BEGIN
    INSERT INTO hr.notes7 VALUES (p_a, p_b, p_c);
END;
/
CREATE OR REPLACE PROCEDURE hr.notes IS
BEGIN
    hr.note(p_b => 'x');
    hr.note(5, 'y');
END;
/
"""


def test_a_parameter_without_default_after_a_defaulted_one(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """Oracle compiles calls that pass p_b (by name); PostgreSQL needs a default on it: DEFAULT NULL."""
    result, report, url = deploy_oracle(pg_server, tmp_path, LATER_PARAMETER)
    try:
        note = next(o for o in result.objects if o.name == "note")
        assert "AM-PLSQL-126" in {f.rule_id for f in note.findings}
        assert_clean(report, {"note", "notes"})
        with connect(url) as conn:
            conn.execute("CALL hr.notes()")
            assert conn.rows("SELECT a, b, c FROM hr.notes7 ORDER BY a") == [(1, "x", 3), (5, "y", 3)]
    finally:
        _dropper.names.put(url.database)


CLOSURES = """
CREATE TABLE hr.lines7 (n NUMBER, txt VARCHAR2(200));
CREATE OR REPLACE FUNCTION hr.fill(p_msg IN VARCHAR2, p_a IN VARCHAR2 := NULL, p_b IN VARCHAR2 := NULL)
RETURN VARCHAR2 IS
    v_text VARCHAR2(200);
    FUNCTION put(p_value IN VARCHAR2, p_mark IN VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        RETURN REPLACE(v_text, p_mark, NVL(p_value, '(blank)'));
    END;
BEGIN
    v_text := p_msg;
    v_text := put(p_a, '%1');
    v_text := put(p_b, '%2');
    RETURN v_text;
END;
/
CREATE OR REPLACE PROCEDURE hr.log_lines(p_count NUMBER) IS
    v_n NUMBER := 0;
    PROCEDURE log_one IS
    BEGIN
        INSERT INTO hr.lines7 VALUES (v_n, 'of ' || p_count);
    END;
    PROCEDURE bump IS
    BEGIN
        v_n := v_n + 1;
    END;
BEGIN
    FOR i IN 1 .. p_count LOOP
        v_n := i * 10;
        log_one;
    END LOOP;
    bump;
END;
/
"""


def test_nested_routines_reading_outer_variables(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """A nested function or procedure that only reads the outer routine's variables and parameters is a routine of
    its own taking them first (each call passes their current values, which is what it reads in Oracle); a nested
    procedure that assigns an outer variable takes it INOUT (test_plsql_round11 has more)."""
    result, report, url = deploy_oracle(pg_server, tmp_path, CLOSURES)
    try:
        objects = {o.name: o for o in result.objects}
        assert_clean(report, {"fill", "log_lines"})
        assert "hr.fill_put(v_text, p_a" in objects["fill"].sql
        assert "INOUT v_n numeric" in objects["log_lines"].sql
        with connect(url) as conn:
            assert conn.rows("SELECT hr.fill('a=%1 b=%2', 'x')") == [("a=x b=(blank)",)]
            conn.execute("CALL hr.log_lines(2)")
            assert conn.rows("SELECT n, txt FROM hr.lines7 ORDER BY n") == [(10, "of 2"), (20, "of 2")]
    finally:
        _dropper.names.put(url.database)


def test_a_nested_procedure_reading_the_loop_state(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    code = CLOSURES.replace("    PROCEDURE bump IS\n    BEGIN\n        v_n := v_n + 1;\n    END;\n", "").replace(
        "    bump;\n", ""
    )
    _result, report, url = deploy_oracle(pg_server, tmp_path, code)
    try:
        assert_clean(report, {"log_lines"})
        with connect(url) as conn:
            conn.execute("CALL hr.log_lines(2)")
            assert conn.rows("SELECT n, txt FROM hr.lines7 ORDER BY n") == [(10, "of 2"), (20, "of 2")]
    finally:
        _dropper.names.put(url.database)


def test_a_new_row_number_passed_to_a_text_parameter(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """:NEW.emp_id (a NUMBER column) passed to a VARCHAR2 parameter: Oracle passes its number text."""
    code = """
CREATE TABLE hr.emp7 (emp_id NUMBER(6) PRIMARY KEY, pay NUMBER(8,2), dept NUMBER(4));
CREATE TABLE hr.audit7 (what VARCHAR2(50));
CREATE TABLE hr.hist7 (dept NUMBER(4));
CREATE OR REPLACE PROCEDURE hr.add_hist(p_dept hr.hist7.dept%TYPE) IS
BEGIN
    INSERT INTO hr.hist7 VALUES (p_dept);
END;
/
CREATE OR REPLACE PROCEDURE hr.audit_it(p_what VARCHAR2) IS
BEGIN
    INSERT INTO hr.audit7 VALUES (p_what);
END;
/
CREATE OR REPLACE TRIGGER hr.emp7_trg AFTER INSERT ON hr.emp7 FOR EACH ROW
BEGIN
    hr.audit_it(:NEW.emp_id);
    audit_it(:NEW.pay);
    add_hist(:NEW.dept);
END;
/
"""
    _result, report, url = deploy_oracle(pg_server, tmp_path, code)
    try:
        assert_clean(report, {"emp7_trg"})
        with connect(url) as conn:
            conn.execute("INSERT INTO hr.emp7 VALUES (7, 0.50, 30)")
            assert sorted(conn.rows("SELECT what FROM hr.audit7")) == [(".5",), ("7",)]
            assert conn.rows("SELECT dept FROM hr.hist7") == [(30,)]  # a NUMBER(4) column to its %TYPE as it is
    finally:
        _dropper.names.put(url.database)


GOTO = """
CREATE OR REPLACE FUNCTION hr.count_words(p_text VARCHAR2) RETURN NUMBER IS
    l_pos NUMBER := 1;
    l_count NUMBER := 0;
    l_char VARCHAR2(1);
BEGIN
    WHILE l_pos <= NVL(LENGTH(p_text), 0) LOOP
        l_char := SUBSTR(p_text, l_pos, 1);
        IF l_char = ' ' THEN
            GOTO next_char;
        END IF;
        IF l_pos = 1 OR SUBSTR(p_text, l_pos - 1, 1) = ' ' THEN
            l_count := l_count + 1;
        END IF;
        <<next_char>>
        l_pos := l_pos + 1;
    END LOOP;
    IF l_count = 0 THEN
        GOTO done;
    END IF;
    l_count := l_count * 10;
    <<done>>
    RETURN l_count;
END;
/
CREATE OR REPLACE FUNCTION hr.backwards(p_n NUMBER) RETURN NUMBER IS
    l_n NUMBER := p_n;
BEGIN
    <<again>>
    l_n := l_n - 1;
    IF l_n > 0 THEN
        GOTO again;
    END IF;
    RETURN l_n;
END;
/
"""


def test_goto_forward_to_a_later_label(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """GOTO a label further down (the 9i idiom for CONTINUE, or a jump to the end) runs the same statements as an
    EXIT out of a labelled block; a GOTO back up stays AM-PLSQL-003."""
    result, report, url = deploy_oracle(pg_server, tmp_path, GOTO)
    try:
        objects = {o.name: o for o in result.objects}
        assert "AM-PLSQL-003" in {f.rule_id for f in objects["backwards"].findings}
        assert_clean(report, {"count_words"})
        with connect(url) as conn:
            assert conn.rows("SELECT hr.count_words('two  words'), hr.count_words('   ')") == [(20, 0)]
    finally:
        _dropper.names.put(url.database)


DATE_TEXT = """
CREATE OR REPLACE FUNCTION hr.date_note(p_d DATE) RETURN VARCHAR2 IS
    v_d DATE := p_d + 1;
    v_t TIMESTAMP(0) := CAST(p_d AS TIMESTAMP);
BEGIN
    RETURN 'from ' || p_d || ' to ' || v_d || ' / ' || TO_CHAR(EXTRACT(DAY FROM (v_t - CAST(p_d AS TIMESTAMP))));
END;
/
"""


def test_a_date_variable_in_a_concatenation_prints_in_nls_date_format(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """Oracle converts a DATE variable or parameter to text with NLS_DATE_FORMAT (DD-MON-RR by default), not
    PostgreSQL's timestamp text; a TIMESTAMP(0) variable is a TIMESTAMP (its difference is an INTERVAL)."""
    _result, report, url = deploy_oracle(pg_server, tmp_path, DATE_TEXT)
    try:
        assert_clean(report, {"date_note"})
        with connect(url) as conn:
            got = conn.rows("SELECT hr.date_note(timestamp '2024-03-05 10:00:00')")
            assert got == [("from 05-MAR-24 to 06-MAR-24 / 0",)]
    finally:
        _dropper.names.put(url.database)


TIMESTAMP_TEXT = """
CREATE TABLE hr.events7 (id NUMBER PRIMARY KEY, at_ts TIMESTAMP, at_ms TIMESTAMP(3));
CREATE OR REPLACE FUNCTION hr.event_note(p_id NUMBER) RETURN VARCHAR2 IS
    v_ts TIMESTAMP;
    v_d DATE;
    v_text VARCHAR2(200);
    v_copy VARCHAR2(100);
BEGIN
    SELECT 'ev ' || at_ts || ' / ' || at_ms, at_ts, CAST(at_ts AS DATE) INTO v_text, v_ts, v_d
      FROM hr.events7 WHERE id = p_id;
    v_copy := v_ts;
    RETURN v_text || ' / ' || v_copy || ' / ' || TO_CHAR(v_ts) || ' / ' || v_d;
END;
/
CREATE OR REPLACE FUNCTION hr.ms_text(p_id NUMBER) RETURN VARCHAR2 IS
    v VARCHAR2(40);
BEGIN
    SELECT TO_CHAR(at_ms, 'HH24:MI:SSXFF') INTO v FROM hr.events7 WHERE id = p_id;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.now_note RETURN VARCHAR2 IS
BEGIN
    RETURN 'now ' || SYSTIMESTAMP;
END;
/
"""


def test_a_timestamp_as_text_is_its_nls_timestamp_format_text(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """Oracle's default NLS_TIMESTAMP_FORMAT for AMERICA is 'DD-MON-RR HH.MI.SSXFF AM', FF printing as many digits
    as the type has (6 for TIMESTAMP, 3 for TIMESTAMP(3)); a DATE is DD-MON-RR. SYSTIMESTAMP (WITH TIME ZONE, its
    zone region) stays CONV-ORA-TSTEXT-001."""
    result, report, url = deploy_oracle(pg_server, tmp_path, TIMESTAMP_TEXT)
    try:
        objects = {o.name: o for o in result.objects}
        assert "CONV-ORA-TSTEXT-001" in {f.rule_id for f in objects["now_note"].findings}
        assert_clean(report, {"event_note", "ms_text"})
        with connect(url) as conn:
            conn.execute(
                "INSERT INTO hr.events7 VALUES (1, timestamp '2024-03-05 14:07:09.25', timestamp '2024-03-05 09:01:02.5')"
            )
            ts = "05-MAR-24 02.07.09.250000 PM"
            expected = f"ev {ts} / 05-MAR-24 09.01.02.500 AM / {ts} / {ts} / 05-MAR-24"
            assert conn.rows("SELECT hr.event_note(1)") == [(expected,)]
            assert conn.rows("SELECT hr.ms_text(1)") == [("09:01:02.500",)]  # FF of a TIMESTAMP(3): 3 digits
    finally:
        _dropper.names.put(url.database)


def test_a_nested_routine_passing_an_outer_variable_as_out_takes_it_inout(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A procedure whose parameters are OUT writes its arguments: a nested routine passing the outer variables
    there assigns them, so it takes them INOUT (the VARCHAR2(200) one through a local of its width); PUT_LINE only
    reads it, which a copy does."""
    code = """
CREATE OR REPLACE PROCEDURE hr.next_line(p_line OUT VARCHAR2, p_status OUT INTEGER) IS
BEGIN
    p_line := 'x';
    p_status := 0;
END;
/
CREATE OR REPLACE FUNCTION hr.last_line RETURN VARCHAR2 IS
    v_line VARCHAR2(200);
    v_status INTEGER;
    PROCEDURE fetch_line IS
    BEGIN
        next_line(v_line, v_status);
    END;
    PROCEDURE show_line IS
    BEGIN
        DBMS_OUTPUT.PUT_LINE(v_line);
    END;
BEGIN
    fetch_line;
    show_line;
    RETURN v_line;
END;
/
"""
    routine = next(o for o in convert_plsql(code).objects if o.name == "last_line")
    assert "AM-PLSQL-016" not in {f.rule_id for f in routine.findings}
    assert "INOUT aurora_out_v_line varchar,\n    INOUT aurora_out_v_status numeric" in routine.sql
    assert "CALL hr.last_line_fetch_line(v_line, v_status);" in routine.sql
    assert (
        "SELECT hr.last_line_show_line(v_line)" in routine.sql or "CALL hr.last_line_show_line(v_line)" in routine.sql
    )
