"""Fuzz the PL/SQL parser and converter: any text gives a tree or a PlsqlSyntaxError (never another exception),
and any unit converts to objects (manual ones carry a finding) with a ledger that reconciles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters.convert import convert_inventory
from converters.procedural.plsql_parse import PlsqlSyntaxError
from converters.procedural.plsql_units_parse import parse_unit
from migrate.model import Inventory, ObjectStatus, Routine, RoutineKind, Schema, SourceInfo

WORDS = ["BEGIN", "END", "IF", "THEN", "ELSIF", "ELSE", "LOOP", "WHILE", "FOR", "IN", "REVERSE", "..", "EXIT",
         "WHEN", "CASE", "DECLARE", "EXCEPTION", "OTHERS", "RAISE", "RETURN", "NULL", "SELECT", "INTO", "FROM",
         "BULK", "COLLECT", "FORALL", "OPEN", "FETCH", "CLOSE", "CURSOR", "IS", "TYPE", "TABLE", "OF", "x", "y",
         "hr.emp", ":=", ";", "(", ")", ",", "'s'", "q'[a;b]'", "1", "%", "ROWCOUNT", "SQL", "<<", ">>", "--c\n",
         "/* c */", "EXECUTE", "IMMEDIATE", "USING", "PRAGMA", "COMMIT", "DBMS_OUTPUT.PUT_LINE", ":NEW.a", "."]  # fmt: skip
HEAD = "CREATE OR REPLACE PROCEDURE hr.p (a IN NUMBER) IS\n  v NUMBER;\nBEGIN\n"

bodies = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


SIMPLE = ["NULL;", "v := v + 1;", "v := a;", "SELECT COUNT(*) INTO v FROM hr.emp;", "DELETE FROM hr.emp WHERE id = v;",
          "DBMS_OUTPUT.PUT_LINE('x' || v);", "v := SQL%ROWCOUNT;", "RAISE_APPLICATION_ERROR(-20001, 'e');",
          "EXIT WHEN v > 3;", "RETURN;", "COMMIT;", "EXECUTE IMMEDIATE 'DELETE FROM hr.emp WHERE id = :1' USING v;",
          "RAISE;", "hr.p0(v);"]  # fmt: skip
statements = st.recursive(
    st.lists(st.sampled_from(SIMPLE), min_size=1, max_size=3).map(" ".join),
    lambda inner: st.one_of(
        inner.map(lambda b: f"IF v > 1 THEN {b} ELSE NULL; END IF;"),
        inner.map(lambda b: f"LOOP {b} EXIT; END LOOP;"),
        inner.map(lambda b: f"FOR i IN 1..3 LOOP {b} END LOOP;"),
        inner.map(lambda b: f"BEGIN {b} EXCEPTION WHEN NO_DATA_FOUND THEN NULL; WHEN OTHERS THEN RAISE; END;"),
        st.tuples(inner, inner).map(" ".join),
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(bodies.map(lambda b: HEAD + b + "\nEND;"), noise))
def test_parser_never_crashes(text: str) -> None:
    try:
        parse_unit(text)
    except PlsqlSyntaxError as error:
        assert 0 <= error.offset <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(bodies, statements), min_size=1, max_size=3))
def test_converter_never_crashes_and_ledger_reconciles(units: list[str]) -> None:
    routines = tuple(Routine("HR", f"P{n}", RoutineKind.PROCEDURE, HEAD.replace("hr.p", f"hr.p{n}") + b + "\nEND;")
                     for n, b in enumerate(units))  # fmt: skip
    result = convert_inventory(Inventory(SourceInfo("oracle"), (Schema("HR", routines=routines),)), jobs=1)
    assert result.ledger.reconciles
    code = [o for o in result.objects if o.kind == "procedure" and not o.name.endswith("_aurora_try")]  # no twins
    assert len(code) == len(units)
    assert all(o.findings for o in code if o.status is ObjectStatus.MANUAL)
