"""PL/SQL statements -> PL/pgSQL, one line per case: the statement inside a procedure body, a fragment the
converted body must contain (blanks compared loosely), and the rule ids of the findings it raises (none: the unit is converted)."""

from __future__ import annotations

import pytest

from migrate.model import ObjectStatus

HEAD = """CREATE OR REPLACE PROCEDURE hr.p (p_id IN NUMBER, p_name IN OUT VARCHAR2) IS
    v_n NUMBER; v_s VARCHAR2(100); v_d DATE; v_row hr.emp%ROWTYPE;
    TYPE t_ids IS TABLE OF hr.emp.id%TYPE; v_ids t_ids;
    CURSOR c_emp IS SELECT id, name FROM hr.emp;
BEGIN
"""
TAIL = "\nEND p;\n/\n"

CASES = [
    # (statement(s), fragment of the PL/pgSQL body, rule ids raised)
    ("NULL;", "NULL;", []),
    ("v_n := 1;", "v_n := 1;", []),
    ("v_s := NVL(p_name, 'x') || 'y';", "v_s := concat(coalesce(p_name, 'x'), 'y');", []),
    ("SELECT salary INTO v_n FROM hr.emp WHERE id = p_id;",
     "SELECT salary FROM hr.emp WHERE id = p_id\nINTO STRICT v_n;", []),
    ("SELECT * INTO v_row FROM hr.emp WHERE id = p_id;", "INTO STRICT v_row;", []),
    ("UPDATE hr.emp SET salary = 1 WHERE id = p_id RETURNING salary INTO v_n;",
     "UPDATE hr.emp SET salary = 1 WHERE id = p_id RETURNING salary\nINTO v_n;", []),
    ("IF v_n > 1 THEN v_n := 2; ELSIF v_n IS NULL THEN v_n := 3; ELSE NULL; END IF;",
     "IF v_n > 1 THEN\n        v_n := 2;\n    ELSIF v_n IS NULL THEN\n        v_n := 3;\n    ELSE\n        NULL;\n    END IF;",
     []),
    ("FOR i IN REVERSE 1..10 LOOP v_n := i; END LOOP;", "FOR i IN REVERSE 10..1 LOOP", []),
    # PL/SQL lets SYSDATE and USER take empty parentheses; SQL does not
    ("v_n := CASE WHEN SYSDATE() > SYSDATE - 1 AND USER() IS NOT NULL THEN 1 END;",
     "CASE WHEN CAST(date_trunc('second', statement_timestamp()) AS TIMESTAMP) >", []),
    # a lower bound in parentheses is a range, not a query FOR loop (checkers_pl-sql did not parse)
    ("FOR i IN (v_n + 1) .. 10 LOOP v_n := i; END LOOP;", "FOR i IN (v_n + 1)..10 LOOP", []),
    ("FOR r IN (SELECT id FROM hr.emp) LOOP v_n := r.id; END LOOP;", "FOR r IN SELECT id FROM hr.emp LOOP", []),
    ("FOR r IN c_emp LOOP v_n := r.id; END LOOP;", "FOR r IN c_emp LOOP", []),
    ("<<outer>> LOOP EXIT outer WHEN v_n > 3; v_n := v_n + 1; END LOOP outer;",
     "<<outer>>\n    LOOP\n        EXIT outer WHEN v_n > 3;", []),
    ("WHILE v_n < 3 LOOP v_n := v_n + 1; CONTINUE WHEN v_n = 2; END LOOP;", "CONTINUE WHEN v_n = 2;", []),
    ("CASE v_n WHEN 1 THEN v_s := 'a'; ELSE v_s := 'b'; END CASE;", "CASE v_n\n    WHEN 1 THEN", []),
    # a NUMBER in || is Oracle's number text (TO_CHAR(n): 200.00 -> '200', 0.5 -> '.5'); a bare NUMBER could need
    # more than 38 digits, which Oracle prints in scientific notation: the low finding says so
    ("DBMS_OUTPUT.PUT_LINE('n=' || v_n);",
     "RAISE NOTICE '%', coalesce((concat('n=', regexp_replace(CAST(trim_scale(v_n) AS TEXT), '^(-?)0\\.', "
     "'\\1.')))::text, '');", ["CONV-ORA-NUMTEXT-001"]),
    ("RAISE_APPLICATION_ERROR(-20042, 'bad ' || p_id);",
     "RAISE EXCEPTION USING ERRCODE = 'U0042', MESSAGE = coalesce((concat('bad ', regexp_replace(CAST("
     "trim_scale(p_id) AS TEXT), '^(-?)0\\.', '\\1.')))::text, '');", ["CONV-ORA-NUMTEXT-001"]),
    ("v_n := SQL%ROWCOUNT;", "v_n := aurora_sql_rowcount;", []),
    ("DELETE FROM hr.emp WHERE id = p_id; v_n := SQL%ROWCOUNT;",
     "GET DIAGNOSTICS aurora_sql_rowcount = ROW_COUNT;", []),
    ("EXECUTE IMMEDIATE 'DELETE FROM hr.emp WHERE id = :1' USING p_id;",
     "EXECUTE 'DELETE FROM hr.emp WHERE id = $1' USING p_id;", []),
    ("EXECUTE IMMEDIATE v_s;", "EXECUTE v_s;", ["AM-PLSQL-008"]),
    ("SELECT id BULK COLLECT INTO v_ids FROM hr.emp ORDER BY id;",
     "SELECT coalesce(array_agg(q.c1), '{}')\n    FROM (", []),
    ("FORALL i IN 1..v_ids.COUNT DELETE FROM hr.emp WHERE id = v_ids(i);",
     "FOR i IN 1..coalesce(cardinality(v_ids), 0) LOOP\n        DELETE FROM hr.emp WHERE id = v_ids[i];", []),
    ("v_ids.EXTEND; v_ids(v_ids.COUNT) := 5;",
     "v_ids[coalesce(cardinality(v_ids), 0)] := 5;", []),
    ("v_ids.DELETE;", "v_ids := '{}';", []),
    ("v_ids := t_ids(1, 2);", "v_ids := array[1, 2];", []),
    ("OPEN c_emp; FETCH c_emp INTO v_n, v_s; CLOSE c_emp;", "FETCH c_emp INTO v_n, v_s;", []),
    ("LOOP FETCH c_emp INTO v_n, v_s; EXIT WHEN c_emp%NOTFOUND; END LOOP;",
     "aurora_c_emp_found := FOUND;\n        EXIT WHEN (NOT aurora_c_emp_found);", []),
    ("IF c_emp%ISOPEN THEN CLOSE c_emp; END IF;", "IF aurora_c_emp_isopen THEN", []),
    ("hr.other(p_id, p_name => v_s);", "CALL hr.other(p_id, p_name => v_s);", []),
    ("INSERT INTO hr.emp VALUES v_row;", "INSERT INTO hr.emp VALUES (v_row.*);", []),
    ("OPEN c_emp; FETCH c_emp INTO v_n, v_s; UPDATE hr.emp SET name = 'x' WHERE CURRENT OF c_emp;",
     "UPDATE hr.emp SET name = 'x' WHERE CURRENT OF c_emp;", []),
    ("UPDATE hr.emp SET ROW = v_row WHERE id = p_id;",
     "UPDATE hr.emp SET (id, name, salary, dept, hired) = ROW(v_row.*) WHERE id = p_id;", []),
    ("LOCK TABLE hr.emp, emp_copy IN SHARE UPDATE MODE NOWAIT;",
     "LOCK TABLE hr.emp, hr.emp_copy IN ROW SHARE MODE NOWAIT;", []),
    ("COMMIT;", "COMMIT;", []),
    ("DELETE FROM emp; COMMIT;", "DELETE FROM hr.emp; COMMIT;", []),  # the owner's table, qualified: no SET search_path
    # a handler runs after the block's subtransaction: PostgreSQL allows COMMIT there; inside the block it does not
    ("BEGIN v_n := 1; EXCEPTION WHEN OTHERS THEN COMMIT; END;", "WHEN OTHERS THEN COMMIT;", []),
    # a COMMIT among the first statements of a block, none of which can raise, runs before it (plsql_commits)
    ("BEGIN v_n := 1; COMMIT; v_n := 1 / v_n; EXCEPTION WHEN OTHERS THEN RAISE; END;",
     "v_n := 1; COMMIT; -- (the statements above cannot raise what the handlers catch: outside the block, what they "
     "change or end stays when a handler runs, as in Oracle) BEGIN v_n := CAST(1 AS DECIMAL) / v_n;", []),
    # one after a statement that can raise runs between the sub-blocks of the statement-level form (plsql_atomic)
    ("BEGIN v_n := 1 / v_n; COMMIT; v_n := 1 / v_n; EXCEPTION WHEN OTHERS THEN NULL; END;",
     "COMMIT; BEGIN v_n := CAST(1 AS DECIMAL) / v_n;", ["AM-PLSQL-124"]),
    ("BEGIN INSERT INTO hr.emp (id) VALUES (1); EXCEPTION WHEN DUP_VAL_ON_INDEX THEN UPDATE hr.emp SET name = 'x' "
     "WHERE id = 1; END;", "WHEN unique_violation THEN", []),
    ("BEGIN DELETE FROM hr.emp; INSERT INTO hr.emp (id) VALUES (1); EXCEPTION WHEN OTHERS THEN RAISE; END;",
     "WHEN OTHERS THEN RAISE;", []),
    ("BEGIN DELETE FROM hr.emp; INSERT INTO hr.emp (id) VALUES (1); EXCEPTION WHEN OTHERS THEN NULL; END;",
     "WHEN OTHERS THEN NULL;", ["AM-PLSQL-124"]),  # the DELETE stays when the INSERT fails (plsql_atomic)
    ("BEGIN DELETE FROM hr.emp; COMMIT; EXCEPTION WHEN OTHERS THEN ROLLBACK; RAISE; END;",
     "BEGIN -- (the source's EXCEPTION ... ROLLBACK; RAISE: an error ends the transaction the same way here) "
     "DELETE FROM hr.emp; COMMIT; END;", []),
    ("SAVEPOINT a;", "-- SAVEPOINT a;", ["AM-PLSQL-006"]),
    ("GOTO done; <<done>> NULL;", "<<done>> BEGIN EXIT done; END; NULL;", []),  # forward: plsql_goto
    ("<<again>> NULL; GOTO again;", "-- GOTO again;", ["AM-PLSQL-003"]),  # backward: no form
    ("DBMS_MVIEW.REFRESH('HR.EMP_MV,EMP_MV2', 'C');",
     "REFRESH MATERIALIZED VIEW hr.emp_mv; REFRESH MATERIALIZED VIEW hr.emp_mv2;", []),
    ("UTL_FILE.FCLOSE(v_s);", "-- UTL_FILE.FCLOSE(v_s);", ["AM-PLSQL-009"]),
    ("DBMS_OUTPUT.PUT('x');", "PERFORM set_config('aurora_migrate.output_line', coalesce(current_setting("
     "'aurora_migrate.output_line', true), '') || coalesce(('x')::text, ''), false);", []),
    ("BEGIN v_n := 1 / 0; EXCEPTION WHEN ZERO_DIVIDE OR VALUE_ERROR THEN v_n := SQLCODE; END;",
     "WHEN division_by_zero OR numeric_value_out_of_range OR invalid_text_representation", ["AM-PLSQL-018"]),
    ("BEGIN NULL; EXCEPTION WHEN OTHERS THEN v_s := DBMS_UTILITY.FORMAT_ERROR_STACK; END;",
     "v_s := (CASE WHEN SQLSTATE LIKE 'U0___'", ["AM-PLSQL-018"]),
    ("BEGIN NULL; EXCEPTION WHEN my_unknown_error THEN NULL; END;", "WHEN my_unknown_error THEN", ["AM-PLSQL-022"]),
    ("v_d := SYSDATE; -- today\n    v_n := 2;", "-- today", []),
    ("v_d := v_d + 1;", "v_d := v_d + 1 * INTERVAL '1 day';", []),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "fragment", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_statement(convert_plsql, statement: str, fragment: str, expected: list[str]) -> None:
    result = convert_plsql(HEAD + "    " + statement + TAIL)
    obj = next(o for o in result.objects if o.kind == "procedure")
    assert " ".join(fragment.split()) in " ".join(obj.sql.split()), obj.sql
    assert sorted({f.rule_id for f in obj.findings}) == sorted(expected)
    assert (obj.status is ObjectStatus.MANUAL) == any(f.severity.value in ("high", "critical") for f in obj.findings)


def test_body_is_indented_with_comments_kept(convert_plsql) -> None:
    code = HEAD + "    -- first a check\n    IF v_n > 1 THEN\n        v_n := 2; /* two */\n    END IF;" + TAIL
    obj = next(o for o in convert_plsql(code).objects if o.kind == "procedure")
    assert (
        "BEGIN\n    -- first a check\n    IF v_n > 1 THEN\n        v_n := 2;\n        /* two */\n    END IF;\nEND;"
        in obj.sql
    )


def test_unqualified_names_resolve_in_the_owners_schema(convert_plsql) -> None:
    obj = next(o for o in convert_plsql(HEAD + "    DELETE FROM emp;" + TAIL).objects if o.kind == "procedure")
    assert "LANGUAGE plpgsql\nSET search_path = hr, public\nAS $body$" in obj.sql
