"""Fuzz the PL/SQL parser and converter: any text gives a tree or a PlsqlSyntaxError (never another exception),
and any unit converts to objects (manual ones carry a finding) with a ledger that reconciles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters.convert import convert_inventory
from converters.procedural.plsql_parse import PlsqlSyntaxError, parse_unit
from migrate.model import Inventory, ObjectStatus, Routine, RoutineKind, Schema, SourceInfo

WORDS = ["BEGIN", "END", "IF", "THEN", "ELSIF", "ELSE", "LOOP", "WHILE", "FOR", "IN", "REVERSE", "..", "EXIT",
         "WHEN", "CASE", "DECLARE", "EXCEPTION", "OTHERS", "RAISE", "RETURN", "NULL", "SELECT", "INTO", "FROM",
         "BULK", "COLLECT", "FORALL", "OPEN", "FETCH", "CLOSE", "CURSOR", "IS", "TYPE", "TABLE", "OF", "x", "y",
         "hr.emp", ":=", ";", "(", ")", ",", "'s'", "q'[a;b]'", "1", "%", "ROWCOUNT", "SQL", "<<", ">>", "--c\n",
         "/* c */", "EXECUTE", "IMMEDIATE", "USING", "PRAGMA", "COMMIT", "DBMS_OUTPUT.PUT_LINE", ":NEW.a", "."]  # fmt: skip
HEAD = "CREATE OR REPLACE PROCEDURE hr.p (a IN NUMBER) IS\n  v NUMBER;\nBEGIN\n"

bodies = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(bodies.map(lambda b: HEAD + b + "\nEND;"), noise))
def test_parser_never_crashes(text: str) -> None:
    try:
        parse_unit(text)
    except PlsqlSyntaxError as error:
        assert 0 <= error.offset <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(bodies, min_size=1, max_size=3))
def test_converter_never_crashes_and_ledger_reconciles(units: list[str]) -> None:
    routines = tuple(Routine("HR", f"P{n}", RoutineKind.PROCEDURE, HEAD.replace("hr.p", f"hr.p{n}") + b + "\nEND;")
                     for n, b in enumerate(units))  # fmt: skip
    result = convert_inventory(Inventory(SourceInfo("oracle"), (Schema("HR", routines=routines),)), jobs=1)
    assert result.ledger.reconciles
    code = [o for o in result.objects if o.kind == "procedure"]
    assert len(code) == len(units)
    assert all(o.findings for o in code if o.status is ObjectStatus.MANUAL)
