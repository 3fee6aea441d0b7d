"""DBMS_SESSION.SET_CONTEXT / CLEAR_CONTEXT / CLEAR_ALL_CONTEXT of a local application context -> a write of the
session setting SYS_CONTEXT reads (converters/rewrites/oracle_app_context.py), a jsonb {NAMESPACE: {ATTRIBUTE:
value}}:

    DBMS_SESSION.SET_CONTEXT('app_ctx', 'user_id', p_id)
        -> PERFORM set_config('aurora_migrate.app_context', (<document> || jsonb_build_object('APP_CTX',
               coalesce(<document> -> 'APP_CTX', '{}') || jsonb_build_object('USER_ID', (<p_id's text>)::text)))::text,
               false);
    DBMS_SESSION.CLEAR_CONTEXT('app_ctx', NULL, 'user_id')  -> (<document> #- ARRAY['APP_CTX', 'USER_ID'])
    DBMS_SESSION.CLEAR_CONTEXT('app_ctx'), CLEAR_ALL_CONTEXT('app_ctx')  -> (<document> - 'APP_CTX')

As Oracle documents them (PL/SQL Packages and Types Reference, DBMS_SESSION): namespace and attribute are
case-insensitive; the value is a VARCHAR2 (a NUMBER passed is its TO_CHAR text), visible at once to SYS_CONTEXT in
the session and kept for the session's life; CLEAR_CONTEXT with the attribute left out or NULL clears every
attribute of the namespace, as CLEAR_ALL_CONTEXT does. set_config(..., false) keeps the value for the session too,
but a transaction that rolls back undoes it where Oracle keeps it: a low finding (AM-PLSQL-127). What has no
session form stays AM-PLSQL-009: a namespace known only at run time, a context ACCESSED GLOBALLY or INITIALIZED
EXTERNALLY / GLOBALLY (CREATE CONTEXT in the run), and a username or client identifier (values Oracle keeps per
client of a global context).
"""

from __future__ import annotations

from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_textvalue import closes, text_value
from converters.procedural.plsql_tree import comma_spans
from converters.rewrites.oracle_app_context import (
    BUILTIN_NAMESPACES,
    LOCAL,
    SESSION_DOCUMENT,
    SETTING,
    namespace_access,
)
from migrate.sqltext.lexer import Token, string_value

# each member's documented parameters in order (named notation places the arguments by them), and how many of the
# first ones have no default
CONTEXT_MEMBERS: dict[str, tuple[tuple[str, ...], int]] = {
    "SET_CONTEXT": (("NAMESPACE", "ATTRIBUTE", "VALUE", "USERNAME", "CLIENT_ID"), 3),
    "CLEAR_CONTEXT": (("NAMESPACE", "CLIENT_IDENTIFIER", "ATTRIBUTE"), 1),
    "CLEAR_ALL_CONTEXT": (("NAMESPACE",), 1),
}
# the arguments that name a client of a global context: only NULL (or left out) has a local meaning
CLIENT_ARGUMENTS = ("USERNAME", "CLIENT_ID", "CLIENT_IDENTIFIER")
DOCUMENT = f"coalesce({SESSION_DOCUMENT}, '{{}}')"  # the session's document, {} before the first write

Spans = dict[str, tuple[int, int]]


def context_call(scope: Scope, first: int, end: int, member: str) -> tuple[str, str]:
    """(the PL/pgSQL statement, '') for `DBMS_SESSION.member(...)` at first..end, or ('', why it has no form)."""
    names, required = CONTEXT_MEMBERS[member]
    args = _arguments(scope, first + 4, end - 1, names) if _text(scope, first + 3) == "(" else None
    if args is None or any(name not in args for name in names[:required]):
        return "", "arguments not in their documented positions or names"
    namespace = _literal(scope, args["NAMESPACE"])
    access = namespace_access(namespace or "", scope.ctx.app_contexts)
    if not namespace or namespace in BUILTIN_NAMESPACES:
        return "", "a namespace known only at run time, or one Oracle provides"
    if access not in ("", LOCAL):
        return "", f"{namespace} is {access}: its values are not one session's own"
    if any(not _null(scope, args[name]) for name in CLIENT_ARGUMENTS if name in args):
        return "", "a username or client identifier (only a context ACCESSED GLOBALLY keeps one)"
    scope.flag("AM-PLSQL-127", first, f"DBMS_SESSION.{member}('{namespace}', ...)")
    if not access:
        scope.flag("AM-PLSQL-128", first, f"DBMS_SESSION.{member}('{namespace}', ...)")
    return f"PERFORM set_config('{SETTING}', ({_written(scope, member, _quoted(namespace), args)})::text, false);", ""


def _written(scope: Scope, member: str, namespace: str, args: Spans) -> str:
    """The session's document after the call."""
    if member == "SET_CONTEXT":
        value = text_value(scope, *args["VALUE"])  # a VARCHAR2 parameter: a NUMBER is its TO_CHAR text
        entry = f"jsonb_build_object({_attribute(scope, args['ATTRIBUTE'])}, ({value})::text)"
        return f"{DOCUMENT} || jsonb_build_object({namespace}, coalesce({DOCUMENT} -> {namespace}, '{{}}') || {entry})"
    attribute = args.get("ATTRIBUTE")
    if attribute is None or _null(scope, attribute):
        return f"{DOCUMENT} - {namespace}"  # every attribute of the namespace
    if _literal(scope, attribute) is not None:
        return f"{DOCUMENT} #- ARRAY[{namespace}, {_attribute(scope, attribute)}]"
    # known at run time: NULL clears the namespace; evaluated once, as Oracle evaluates an argument
    return (f"(SELECT CASE WHEN aurora_a IS NULL THEN aurora_d - {namespace} ELSE aurora_d #- ARRAY[{namespace}, "
            f"aurora_a] END FROM (SELECT {_attribute(scope, attribute)} AS aurora_a, {DOCUMENT} AS aurora_d) "
            "aurora_clear)")  # fmt: skip


def number_value(scope: Scope, first: int, end: int) -> str:
    """The expression at first..end where PL/SQL wants a NUMBER (a NUMBER variable assigned, a NUMBER function's
    RETURN): a SYS_CONTEXT call alone is a VARCHAR2 Oracle converts to a number, written out as a cast (PL/pgSQL
    would convert its text the same way, unannounced)."""
    tokens = scope.src.tokens
    alone = tokens[first].upper == "SYS_CONTEXT" and _text(scope, first + 1) == "(" and closes(tokens, first + 1, end)
    value = convert_span(scope, (first, end))
    return f"CAST({value} AS numeric)" if alone else value


def _attribute(scope: Scope, span: tuple[int, int]) -> str:
    """The attribute's name upper case: a literal's now, an expression's when the call runs."""
    literal = _literal(scope, span)
    return _quoted(literal) if literal is not None else f"upper(({convert_span(scope, span)})::text)"


def _arguments(scope: Scope, first: int, end: int, names: tuple[str, ...]) -> Spans | None:
    """Each argument's token span by its parameter's name: by position, or `name => value`; None when a name is
    unknown or repeated, or a positional argument follows a named one (PL/SQL refuses that too)."""
    tokens = scope.src.tokens
    spans = comma_spans(tokens, first, end)
    placed: Spans = {}
    for n, (a, b) in enumerate(spans):
        named = b - a > 2 and tokens[a + 1].text == "=>"
        name = tokens[a].upper if named else names[n] if n < len(names) and len(placed) == n else ""
        if name not in names or name in placed or (placed and not named and _was_named(tokens, spans[n - 1])):
            return None
        placed[name] = (a + 2, b) if named else (a, b)
    return placed


def _was_named(tokens: list[Token], span: tuple[int, int]) -> bool:
    return span[1] - span[0] > 2 and tokens[span[0] + 1].text == "=>"


def _literal(scope: Scope, span: tuple[int, int]) -> str | None:
    """A one-token string literal's value upper case (Oracle's '' is NULL: None), or the value of a CONSTANT the
    unit or its package declares with a string literal (`co_namespace CONSTANT ... := 'PLSCOPE'`), else None."""
    first, end = span
    token = scope.src.tokens[first]
    if end != first + 1:
        return None
    value = string_value(token.text) if token.kind == "string" else None
    if token.kind == "word" and token.upper not in scope.locals:
        package = scope.package.variables.get(token.upper) if scope.package is not None else None
        value = package.literal if package is not None else None
    elif token.kind == "word":
        value = scope.constants.get(token.text.lower())
    return value.upper() if value else None


def _null(scope: Scope, span: tuple[int, int]) -> bool:
    first, end = span
    token = scope.src.tokens[first]
    return end == first + 1 and (token.upper == "NULL" or (token.kind == "string" and string_value(token.text) == ""))


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(scope: Scope, at: int) -> str:
    tokens = scope.src.tokens
    return tokens[at].text if at < len(tokens) else ""
