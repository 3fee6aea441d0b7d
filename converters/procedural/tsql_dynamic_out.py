"""sp_executesql with OUTPUT parameters, when the statement is a literal that only assigns them:

    EXEC sp_executesql N'SELECT @n = COUNT(*), @m = MAX(id) FROM dbo.t WHERE k = @k',
         N'@k int, @n int OUTPUT, @m int OUTPUT', @k = @key, @n = @count OUTPUT, @m = @top OUTPUT;
    ->
    FOR v_count, v_top IN EXECUTE 'SELECT count(*), max(id) FROM dbo.t WHERE k = $1' USING v_key, v_count, v_top
    LOOP END LOOP;

A FOR loop, not EXECUTE ... INTO: SQL Server's assignment SELECT leaves the variables unchanged when no row comes
back and keeps the last row's values when several do, and so does the loop. `SET @n = expr` is `SELECT expr`.
Anything else (a statement built at run time, other statements, assigning an input parameter, an OUTPUT parameter
not bound to a variable with OUTPUT, a SELECT with FROM that reads what it assigns: SQL Server accumulates it row
by row) stays PROC-TSQL-EXEC-001."""

from __future__ import annotations

from dataclasses import dataclass

from converters.procedural.tsql_parse import lex
from migrate.sqltext.lexer import Token


@dataclass(frozen=True)
class Declared:
    name: str  # '@n' lower case
    output: bool


def declared_parameters(tokens: list[Token]) -> list[Declared] | None:
    """N'@a int, @b nvarchar(9) OUTPUT' -> [Declared('@a', False), Declared('@b', True)]; None: not a literal."""
    if not tokens:
        return []
    if len(tokens) != 1 or tokens[0].kind != "string":
        return None
    inner = tokens[0].text[tokens[0].text.index("'") + 1 : -1]
    found: list[Declared] = []
    for item in _split(lex(inner).tokens):
        if not item or not item[0].text.startswith("@"):
            return None
        found.append(Declared(item[0].text.lower(), item[-1].upper in ("OUTPUT", "OUT")))
    return found


def assignment_query(literal: str, declared: list[Declared]) -> tuple[str, list[str]] | None:
    """`SELECT @n = COUNT(*) FROM t` -> ('SELECT COUNT(*) FROM t', ['@n']): the query and the OUTPUT parameters its
    columns go to, in order; None when the literal is not one statement assigning OUTPUT parameters only."""
    tokens = lex(literal).tokens
    if tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    if len(tokens) < 4 or tokens[0].upper not in ("SELECT", "SET") or any(t.text == ";" for t in tokens):
        return None
    outputs = {d.name for d in declared if d.output}
    end = _list_end(tokens) if tokens[0].upper == "SELECT" else len(tokens)
    items = _split(tokens[1:end])
    if tokens[0].upper == "SET" and len(items) != 1:
        return None
    columns, targets = [], []
    for item in items:
        if len(item) < 3 or item[0].text.lower() not in outputs or item[1].text != "=":
            return None
        targets.append(item[0].text.lower())
        columns.append(literal[item[2].start : item[-1].end])
    reads = {t.text.lower() for item in items for t in item[2:]} | {t.text.lower() for t in tokens[end:]}
    if end < len(tokens) and reads & set(targets):  # SELECT @n = @n + x FROM t: accumulates row by row
        return None
    rest = literal[tokens[end].start : tokens[-1].end] if end < len(tokens) else ""
    return f"SELECT {', '.join(columns)} {rest}".strip(), targets


def _list_end(tokens: list[Token]) -> int:
    """Where the select list ends: the first top-level FROM / WHERE / GROUP / ... (or the end)."""
    depth = 0
    for at, token in enumerate(tokens):
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0
        if depth == 0 and at and token.upper in ("FROM", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "OPTION"):
            return at
    return len(tokens)


def _split(tokens: list[Token]) -> list[list[Token]]:
    items: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0
        if depth == 0 and token.text == ",":
            items.append([])
        else:
            items[-1].append(token)
    return [item for item in items if item]
