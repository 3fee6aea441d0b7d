"""What a CALL must pass that the T-SQL EXEC did not: PL/pgSQL binds every INOUT parameter of the procedure it
calls to a variable, where SQL Server lets a caller leave an OUTPUT parameter (and the return code) out. The
callee's header and body are read once per run (its OUTPUT parameters, whether it returns a status, how many
result sets it opens); its result sets are handed on through the caller's own result-set parameters, so the
client still receives them, in order, as SQL Server sends nested result sets to the client."""

from __future__ import annotations

from dataclasses import dataclass

from converters.procedural.tsql_header import read_header
from converters.procedural.tsql_parse import Node, Parser, lex, walk
from converters.procedural.tsql_scope import Scope, fold_name
from converters.procedural.tsql_tokens import main_word, top_level
from converters.types import map_type
from migrate.model import Routine, parse_column_type


@dataclass(frozen=True)
class Callee:
    params: tuple[tuple[str, str, bool], ...]  # (target name, PostgreSQL type, OUTPUT)
    result_sets: int
    returns_status: bool


def callee(routine: Routine, scope: Scope) -> Callee:
    cache: dict[str, Callee] = scope.ctx.__dict__.setdefault("_tsql_callees", {})
    key = routine.qualified_name
    if key not in cache:
        cache[key] = _read(routine, scope)
    return cache[key]


def _read(routine: Routine, scope: Scope) -> Callee:
    lexed = lex(routine.source)
    header = read_header(routine.source, lexed.tokens)
    params = []
    for param in header.params:
        text = routine.source[param.type_tokens[0].start : param.type_tokens[-1].end] if param.type_tokens else ""
        pg_type = map_type(parse_column_type(text or "int", "sqlserver"), "sqlserver", scope.ctx.target_version).sql
        params.append(("p_" + fold_name(param.name.lstrip("@")), pg_type or "text", param.output))
    nodes = Parser(lexed, header.body).parse_block() if not header.problem else []
    walked = walk(nodes)
    sets = sum(1 for n in walked if _result_set(n))
    status = any(n.kind == "return" and len(n.tokens) > 1 for n in walked)
    return Callee(tuple(params), sets, status)


def _result_set(node: Node) -> bool:
    """The converter's own test (tsql_data._select): a SELECT that neither assigns variables nor makes a table."""
    tokens = node.tokens
    if node.kind == "with":
        return main_word(tokens) == "SELECT"
    if node.kind in ("insert", "update", "delete") and not node.problem:  # OUTPUT without INTO (tsql_output.py)
        output = top_level(tokens, "OUTPUT")
        return output is not None and top_level(tokens[output:], "INTO") is None
    if node.kind != "select" or len(tokens) < 2:
        return False
    at = 1
    while at < len(tokens) and tokens[at].upper in ("DISTINCT", "ALL", "TOP"):
        at += 1
    assigns = at + 1 < len(tokens) and tokens[at].upper.startswith("@") and tokens[at + 1].text in "=+-*/"
    return not assigns and top_level(tokens, "INTO") is None


def extra_arguments(
    found: Callee, bound: set[str], positional: int, status: bool, scope: Scope, line: int
) -> list[str]:
    """`name => variable` for each INOUT of the callee the EXEC left out."""
    extra = []
    for at, (name, pg_type, output) in enumerate(found.params):
        if output and at >= positional and name not in bound:
            extra.append(f"{name} => {scope.internal('v_unused_' + name[2:], pg_type)}")
    for number in range(1, found.result_sets + 1):
        if scope.kind == "procedure":
            mine = f"result_set_{len(scope.result_sets) + 1}"
            scope.result_sets.append(mine)
            extra.append(f"result_set_{number} => {mine}")
        else:
            scope.flag("PROC-TSQL-RESULTSET-002", line, "the called procedure's result set")
    if found.returns_status and not status:
        extra.append(f"return_status => {scope.internal('v_unused_status', 'integer')}")
    return extra
