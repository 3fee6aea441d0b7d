"""DBMS_OUTPUT's partial lines: PUT(text) adds to the current line, PUT_LINE(text) ends it with text, NEW_LINE ends
it (Oracle Database PL/SQL Packages and Types Reference, DBMS_OUTPUT). A line becomes a notice when it ends.

The line being built is session state, shared by every routine the session runs: it lives in one session setting
(`aurora_migrate.output_line`). PUT adds to it; when the run writes partial lines anywhere (note_partial_lines,
read from every routine and trigger before any converts), PUT_LINE and NEW_LINE start their notice with it and
empty it. A run without PUT keeps the plain `RAISE NOTICE '%', text` form. Like the package variables, the setting
is transactional: a ROLLBACK between PUT and the line's end takes the partial text back (AM-PLSQL-012's caveat).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from converters.ddl_context import DdlContext
from converters.procedural.plsql_scope import run_state
from migrate.model import Routine, Trigger

SETTING = "aurora_migrate.output_line"
_PUT = re.compile(r"\bDBMS_OUTPUT\s*\.\s*PUT\s*\(", re.IGNORECASE)
_PENDING = f"coalesce(current_setting('{SETTING}', true), '')"


def note_partial_lines(items: Sequence[Routine | Trigger], ctx: DdlContext) -> None:
    """Whether any routine or trigger of the run calls DBMS_OUTPUT.PUT."""
    run_state(ctx, "plsql_partial_lines", list[bool]).append(any(_PUT.search(i.source or "") for i in items))


def partial_lines(ctx: DdlContext) -> bool:
    return any(run_state(ctx, "plsql_partial_lines", list[bool]))


def put(text: str) -> str:
    """DBMS_OUTPUT.PUT(text): added to the line (a NULL adds nothing)."""
    return f"PERFORM set_config('{SETTING}', {_PENDING} || coalesce(({text})::text, ''), false);"


def line_end(ctx: DdlContext, text: str) -> str:
    """PUT_LINE(text) (text '' for NEW_LINE): the notice of the line, started by what PUT added before."""
    if not partial_lines(ctx):
        return f"RAISE NOTICE '%', {text};"
    return f"RAISE NOTICE '%', {_PENDING} || {text};\nPERFORM set_config('{SETTING}', '', false);"
