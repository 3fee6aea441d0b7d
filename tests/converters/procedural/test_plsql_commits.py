"""A block ending with COMMIT that has an EXCEPTION section, in a procedure (plsql_commits): PostgreSQL refuses
COMMIT inside such a block, so the COMMIT moves after it and each handler that completes leaves it with EXIT;
handlers may COMMIT and ROLLBACK (they run after the block's subtransaction). Behaviour as Oracle documents it, on
the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.notes (id NUMBER PRIMARY KEY, note VARCHAR2(100));
CREATE TABLE hr.errs (id NUMBER, msg VARCHAR2(400));
CREATE OR REPLACE PROCEDURE hr.save_note(p_id NUMBER, p_note VARCHAR2) IS
BEGIN
    INSERT INTO hr.notes (id, note) VALUES (p_id, p_note);
    UPDATE hr.notes SET note = note || '!' WHERE id = p_id;
    COMMIT;
EXCEPTION
    WHEN OTHERS THEN
        ROLLBACK;
        INSERT INTO hr.errs VALUES (p_id, SQLERRM);
        COMMIT;
END;
/
CREATE OR REPLACE PROCEDURE hr.save_or_raise(p_id NUMBER) IS
BEGIN
    INSERT INTO hr.notes (id, note) VALUES (p_id, 'x');
    COMMIT;
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        ROLLBACK;
        RAISE_APPLICATION_ERROR(-20001, 'duplicate ' || p_id);
END;
/
CREATE OR REPLACE PROCEDURE hr.save_all(p_from NUMBER, p_to NUMBER) IS
BEGIN
    FOR i IN p_from .. p_to LOOP
        BEGIN
            INSERT INTO hr.notes (id, note) VALUES (i, 'n' || i);
            COMMIT;
        EXCEPTION
            WHEN DUP_VAL_ON_INDEX THEN
                ROLLBACK;
                INSERT INTO hr.errs VALUES (i, 'dup');
        END;
    END LOOP;
    COMMIT;
END;
/
CREATE OR REPLACE PROCEDURE hr.deposit(p_id NUMBER, p_note VARCHAR2, p_result OUT NUMBER) IS
BEGIN
    INSERT INTO hr.notes (id, note) VALUES (p_id, p_note);
    COMMIT;
    p_result := 1;
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        ROLLBACK;
        p_result := -1;
END;
/
CREATE OR REPLACE PROCEDURE hr.add_note(status OUT VARCHAR2, p_id NUMBER, p_note VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
    v_done VARCHAR2(2);
BEGIN
    INSERT INTO hr.notes (id, note) VALUES (p_id, p_note);
    COMMIT;
    v_done := 'ok';
    status := 'ok';
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        status := 'exists';
    WHEN OTHERS THEN
        status := SQLERRM;
END;
/
CREATE OR REPLACE PROCEDURE hr.tag_note(status OUT VARCHAR2, p_id NUMBER) IS
    v_tag VARCHAR2(2);
BEGIN
    INSERT INTO hr.notes (id, note) VALUES (p_id, 'tag');
    COMMIT;
    v_tag := 'toolong';
EXCEPTION
    WHEN OTHERS THEN
        status := 'failed';
END;
/
CREATE OR REPLACE PROCEDURE hr.fill_notes(p_from NUMBER, p_to NUMBER) IS
BEGIN
    FOR i IN p_from .. p_to LOOP
        INSERT INTO hr.notes (id, note) VALUES (i, 'f' || i);
    END LOOP;
    COMMIT;
EXCEPTION
    WHEN OTHERS THEN
        DBMS_OUTPUT.PUT_LINE('fill failed: ' || SQLERRM);
        ROLLBACK;
        INSERT INTO hr.errs VALUES (p_from, 'fill');
        COMMIT;
END;
/
CREATE OR REPLACE PROCEDURE hr.mark(p_id NUMBER, p_expect VARCHAR2) IS
    v hr.notes.note%TYPE;
BEGIN
    SELECT note INTO v FROM hr.notes WHERE id = p_id;
    IF v = p_expect THEN
        UPDATE hr.notes SET note = note || '*' WHERE id = p_id;
        COMMIT;
        DBMS_OUTPUT.PUT_LINE('marked');
    ELSE
        INSERT INTO hr.errs VALUES (p_id, 'mismatch');
    END IF;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        INSERT INTO hr.errs VALUES (p_id, 'none');
END;
/
"""
ROUTINES = {"save_note", "save_or_raise", "save_all", "deposit", "add_note", "fill_notes", "mark"}


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("commits"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def conn(deployed):  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as c:
        c.execute("DELETE FROM hr.notes; DELETE FROM hr.errs")
        yield c


def test_the_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
        assert "AM-PLSQL-005" not in {f.rule_id for f in objects[name].findings}
    assert_clean(report, ROUTINES)


def test_the_commit_runs_when_no_handler_ran(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.save_note(1, 'a')")
    assert conn.rows("SELECT id, note FROM hr.notes") == [(1, "a!")]
    assert conn.rows("SELECT count(*) FROM hr.errs") == [(0,)]


def test_a_handler_that_rolls_back_and_logs_commits_only_the_log(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: the duplicate INSERT fails, the handler rolls back the transaction, logs and commits the log."""
    conn.execute("CALL hr.save_note(1, 'a')")
    conn.execute("CALL hr.save_note(1, 'b')")
    assert conn.rows("SELECT id, note FROM hr.notes") == [(1, "a!")]
    assert [r[0] for r in conn.rows("SELECT id FROM hr.errs")] == [1]


def test_a_handler_that_raises_skips_the_commit(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.save_or_raise(5)")
    with pytest.raises(Exception, match="duplicate 5"):
        conn.execute("CALL hr.save_or_raise(5)")
    assert conn.rows("SELECT id FROM hr.notes") == [(5,)]


def test_each_turn_commits_and_a_duplicate_is_logged(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: every row before and after the duplicate is committed in its own turn; the duplicate's turn rolls
    back (nothing pending then) and its log row is committed by the final COMMIT."""
    conn.execute("CALL hr.save_note(3, 'x')")
    conn.execute("CALL hr.save_all(1, 4)")
    assert [r[0] for r in conn.rows("SELECT id FROM hr.notes ORDER BY id")] == [1, 2, 3, 4]
    assert conn.rows("SELECT id, msg FROM hr.errs") == [(3, "dup")]


def test_a_commit_followed_by_an_assignment_moves_too(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: the row is committed and p_result is 1; a duplicate rolls back and p_result is -1."""
    assert conn.rows("CALL hr.deposit(7, 'a', NULL)") == [(1,)]
    assert conn.rows("CALL hr.deposit(7, 'b', NULL)") == [(-1,)]
    assert conn.rows("SELECT id, note FROM hr.notes") == [(7, "a")]


def test_a_commit_followed_by_text_literals_that_fit_moves_too(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle (an autonomous procedure, the status idiom): the row is committed and status is 'ok'; a duplicate
    gives 'exists' and leaves the first row."""
    assert conn.rows("CALL hr.add_note(NULL, 8, 'a')") == [("ok",)]
    assert conn.rows("CALL hr.add_note(NULL, 8, 'b')") == [("exists",)]
    assert conn.rows("SELECT id, note FROM hr.notes") == [(8, "a")]


def test_a_literal_longer_than_its_variable_after_the_commit(deployed, conn) -> None:  # type: ignore[no-untyped-def]
    """'toolong' does not fit VARCHAR2(2): the assignment raises VALUE_ERROR after the COMMIT, which Oracle's
    handler catches with the row committed. Moving the COMMIT after the block would lose the row; the statement-level
    form runs it where it is, between its sub-blocks, and the handler runs on the error."""
    objects = deployed[0]
    assert "AM-PLSQL-005" not in {f.rule_id for f in objects["tag_note"].findings}
    assert conn.rows("CALL hr.tag_note(NULL, 9)") == [("failed",)]
    assert conn.rows("SELECT id, note FROM hr.notes WHERE id = 9") == [(9, "tag")]


def test_a_loop_of_changes_then_commit_with_a_rolling_back_handler(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: rows 1 and 2 go in, row 3 fails (only that INSERT is undone), the handler's ROLLBACK undoes 1 and 2,
    logs and commits the log. Without a failure every row is committed."""
    conn.execute("CALL hr.save_note(3, 'x')")
    conn.execute("CALL hr.fill_notes(1, 5)")
    assert conn.rows("SELECT id FROM hr.notes ORDER BY id") == [(3,)]
    assert conn.rows("SELECT id, msg FROM hr.errs") == [(1, "fill")]
    conn.execute("CALL hr.fill_notes(10, 12)")
    assert [r[0] for r in conn.rows("SELECT id FROM hr.notes ORDER BY id")] == [3, 10, 11, 12]


def test_a_commit_ending_a_branch_runs_after_the_block(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: the matching branch updates and commits; the other branch logs (not committed by the procedure);
    no row: the handler logs."""
    conn.execute("CALL hr.save_note(1, 'a')")
    conn.execute("CALL hr.mark(1, 'a!')")
    conn.execute("CALL hr.mark(1, 'zz')")
    conn.execute("CALL hr.mark(9, 'x')")
    assert conn.rows("SELECT id, note FROM hr.notes") == [(1, "a!*")]
    assert conn.rows("SELECT id, msg FROM hr.errs ORDER BY id") == [(1, "mismatch"), (9, "none")]
