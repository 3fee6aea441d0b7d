"""T-SQL procedures, functions and DML triggers -> PL/pgSQL (registered as CONVERTERS["sqlserver"]).

    objects = convert_tsql(routine, "procedure", ctx)

A unit is read (tsql_header, tsql_parse), its statements converted one by one (tsql_statements, tsql_data, every
embedded expression and query through the shared T-SQL rewrites), and printed as CREATE OR REPLACE ... with the
source's comments. Anything the converter is not sure of is a finding at its line; a HIGH finding keeps the unit
manual with the partial body and the source (never dropped). The choices (names, result sets as refcursors,
errors, transactions) are documented in docs/tsql-procedural.md.
"""

from __future__ import annotations

from converters.ddl_context import DdlContext, make_object, qname
from converters.names import fold, qualified, quote
from converters.procedural.tsql_body import body_text
from converters.procedural.tsql_header import Header, Param, read_header
from converters.procedural.tsql_parse import Lexed, Parser, lex
from converters.procedural.tsql_returns import inline_columns, table_columns
from converters.procedural.tsql_scope import Scope, fold_name
from converters.procedural.tsql_triggers import trigger_sql
from converters.procedural.tsql_types import table_parameter, table_type_object
from migrate.model import ConvertedObject, Routine, Trigger, TypeFamily
from migrate.sqltext.lexer import Token

OPTIONS_DROPPED = frozenset({"SCHEMABINDING", "EXECUTE AS", "RECOMPILE", "NATIVE_COMPILATION", "INLINE", "RETURNS",
                             "CALLED", "NULL", "ON", "INPUT", "OFF", "="})  # fmt: skip
QUOTE = "$tsql$"


def convert_tsql(item: Routine | Trigger, kind: str, ctx: DdlContext) -> list[ConvertedObject] | None:
    if kind == "type" and isinstance(item, Routine):
        return table_type_object(item, ctx)
    if kind not in ("procedure", "function", "trigger") or not item.source.strip():
        return None
    lexed = lex(item.source)
    header = read_header(item.source, lexed.tokens)
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, kind)
    scope = Scope(ctx, f"{kind} {item.qualified_name}", item.location, header.kind or kind, text=item.source,
                  schema=item.schema)  # fmt: skip
    scope.rowcount = "@@ROWCOUNT" in item.source.upper()
    scope.identity = "SCOPE_IDENTITY" in item.source.upper()
    scope.savepoints = any(t.upper == "SAVE" for t in lexed.tokens)
    try:
        sql = _unit_sql(header, lexed, scope, schema, name, item)
    except Exception as error:  # a converter bug costs this unit (kept manual with its source), never the run
        scope.flag("PROC-TSQL-INTERNAL-001", 1, f"{type(error).__name__}: {str(error)[:200]}")
        sql = ""
    reads = sorted({_read_key(t, schema) for t in scope.reads} - {qname(schema, name)})
    return [make_object(kind, schema, name, sql, source_name=item.qualified_name, location=item.location,
                        findings=list(dict.fromkeys(scope.findings)), depends_on=[schema, *reads], manual=scope.blocked,
                        source_text=item.source)]  # fmt: skip


def _unit_sql(header: Header, lexed: Lexed, scope: Scope, schema: str, name: str, item: Routine | Trigger) -> str:
    if header.problem:
        scope.flag("PROC-TSQL-HEADER-001", 1, header.problem)
        return ""
    _options(header, scope)
    if "EXTERNAL" in header.options:
        scope.flag("PROC-TSQL-CLR-001", 1)
        return ""
    if header.kind == "trigger":
        return trigger_sql(header, lexed, scope, schema, name, item)
    params = _parameters(header.params, scope, header.inline)
    target = qualified(schema, name)
    if header.inline:
        return _inline(header, lexed, scope, target, params)
    returns = ""
    if header.kind == "function":
        scope.kind = "tvf" if header.table_var else "function"
        returns = _returns(header, scope)
    body = body_text(lexed, header.body, scope)
    params += [f"INOUT {rs} refcursor DEFAULT NULL" for rs in scope.result_sets]
    if "$return_status" in scope.vars:
        params.append("INOUT return_status integer DEFAULT 0")
    what = "PROCEDURE" if header.kind == "procedure" else "FUNCTION"
    head = f"CREATE OR REPLACE {what} {target}({', '.join(params)})"
    return f"{head}{returns}\nLANGUAGE plpgsql\nAS {QUOTE}\n{body}\n{QUOTE};\n"


def _options(header: Header, scope: Scope) -> None:
    if "ENCRYPTION" in header.options:
        scope.flag("PROC-TSQL-ENCRYPTED-001", 1)
    dropped = header.options & OPTIONS_DROPPED
    if dropped:
        scope.flag("PROC-TSQL-SCHEMABINDING-001", 1, ", ".join(sorted(dropped)))


def _parameters(params: list[Param], scope: Scope, inline: bool = False) -> list[str]:
    last_required = max((i for i, p in enumerate(params) if p.default is None), default=-1)
    out = []
    for at, param in enumerate(params):
        type_text = scope.text[param.type_tokens[0].start : param.type_tokens[-1].end] if param.type_tokens else ""
        if param.readonly:
            target = "p_" + fold_name(param.name.lstrip("@"))
            typed = None if inline else table_parameter(param.name, type_text, target, scope)
            if typed is not None:
                out.append(typed)
                continue
            scope.flag("PROC-TSQL-UNIT-001", 1, f"table-valued parameter {param.name} READONLY")
        var = scope.declare(param.name, type_text or "sql_variant", prefix="p_")
        scope.params.add(var.target)
        text = f"{'INOUT ' if param.output else ''}{var.target} {var.pg_type}"
        if param.default is not None and at > last_required:
            default = scope.expression(param.default, 1)
            if var.family is TypeFamily.BOOLEAN and default.strip("() ") in ("0", "1"):  # @flag bit = 0
                default = "true" if default.strip("() ") == "1" else "false"
            text += f" DEFAULT {default}"
        elif param.default is not None:
            scope.flag("PROC-TSQL-DEFAULTS-001", 1, param.name)
        out.append(text)
    return out


def _returns(header: Header, scope: Scope) -> str:
    if header.table_var:
        columns = table_columns(header.table_columns, scope)
        scope.temps[header.table_var.upper()] = scope.temp(header.table_var)
        scope.temps["$RESULT"] = scope.temps[header.table_var.upper()]
        return f"\nRETURNS TABLE ({columns})"
    type_text = scope.text[header.returns[0].start : header.returns[-1].end] if header.returns else ""
    var = scope.declare("@$returns", type_text or "sql_variant", line=1)
    scope.declared.remove(var.target)
    return f"\nRETURNS {var.pg_type}"


def _inline(header: Header, lexed: Lexed, scope: Scope, target: str, params: list[str]) -> str:
    """RETURNS TABLE AS RETURN (query) -> a SQL function RETURNS TABLE (columns typed from the tables read)."""
    parser = Parser(lexed, header.body)
    if parser.word() != "RETURN":
        scope.flag("PROC-TSQL-HEADER-001", 1, "inline table-valued function without RETURN")
        return ""
    tokens = lexed.tokens[header.body + 1 :]
    while len(tokens) > 1 and tokens[0].text == "(" and _wraps(tokens):
        tokens = tokens[1:-1]
    while tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    query = scope.statement(tokens, scope.text.count("\n", 0, tokens[0].start) + 1 if tokens else 1)
    columns = inline_columns(query, scope)
    return (f"CREATE OR REPLACE FUNCTION {target}({', '.join(params)})\nRETURNS TABLE ({columns})\n"
            f"LANGUAGE sql STABLE\nAS {QUOTE}\n{query};\n{QUOTE};\n")  # fmt: skip


def _wraps(tokens: list[Token]) -> bool:
    depth = 0
    for at, token in enumerate(tokens):
        depth += 1 if token.text == "(" else -1 if token.text == ")" else 0
        if depth == 0:
            return at == len(tokens) - 1
    return False


def _read_key(table: str, default_schema: str) -> str:
    parts = [p.strip('"') for p in table.split(".")]
    return ".".join(parts[-2:]) if len(parts) > 1 else f"{default_schema}.{parts[0]}"


__all__ = ["convert_tsql", "fold", "quote"]
