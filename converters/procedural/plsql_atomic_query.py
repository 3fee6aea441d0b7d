"""A query FOR loop whose query cannot fail: its body protected like a plain loop's (plsql_atomic).

When a query fails mid-way (a conversion at row 50) the error surfaces at a fetch, and how many rows the loop has
processed by then depends on the fetch size: Oracle's cursor FOR loop fetches 100 rows at a time (at
PLSQL_OPTIMIZE_LEVEL 2 and above, one at a time below), PL/pgSQL's 10 then 50. The rows kept before the handler
would differ; and the FOR cannot run in a sub-block (that would undo its body's changes). So only a query that
cannot fail on any data runs in the FOR as written, outside the sub-blocks: no parenthesis (no call, no subquery),
only columns of tables of the run (not views, not virtual columns: their expressions run at fetch time), joined with
a comma or [INNER | LEFT | RIGHT | FULL [OUTER] | CROSS] JOIN ... ON, its conditions (and the ON ones) comparing a
column with a column, literal, variable or literal package constant of the same kind (number with number, string
with string: nothing to convert), ordered by columns; no FOR UPDATE (PostgreSQL locks the rows as it fetches them,
Oracle at OPEN). Any other query FOR loop that changes rows stays AM-PLSQL-027.
"""

from __future__ import annotations

from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_quiet import is_state
from converters.procedural.plsql_scope import Scope
from migrate.model.inventory import Table, TypeFamily
from migrate.sqltext.lexer import Token

NUMBERS = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})
STRINGS = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING})
COMPARE = frozenset({"=", "<>", "!=", "^=", "<", ">", "<=", ">=", "LIKE"})
CLAUSES = ("SELECT", "FROM", "WHERE", "ORDER")


def steady_query(scope: Scope, stmt: Stmt) -> bool:
    """FOR r IN (query) LOOP whose query cannot fail on any data (see the module)."""
    if stmt.kind != "for_query":
        return False
    first, end = stmt.spans["query"]
    tokens = scope.src.tokens
    while first < end and tokens[first].text == "(" and tokens[end - 1].text == ")":
        first, end = first + 1, end - 1
    words = tokens[first:end]
    if any(t.text in ("(", ")") for t in words) or not words or words[0].upper != "SELECT":
        return False
    parts = _clauses(words)
    if parts is None or "FROM" not in parts:
        return False
    joined = _joins(parts["FROM"])
    tables = _tables(scope, joined[0]) if joined is not None else None
    if joined is None or tables is None:
        return False
    kinds = _Kinds(scope, tables)
    return (
        _items(kinds, parts["SELECT"])
        and all(_conditions(kinds, on) for on in joined[1])
        and _conditions(kinds, parts.get("WHERE", []))
        and _order(kinds, parts.get("ORDER", []))
    )


# the words before JOIN that say which join it is (every one keeps or extends the rows of a comparison that cannot
# fail)
JOIN_WORDS = frozenset({"INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS"})


def _joins(words: list[Token]) -> tuple[list[list[Token]], list[list[Token]]] | None:
    """FROM t1 [a], t2 [b] [INNER | LEFT [OUTER] | ... ] JOIN t3 [c] ON <condition> ...: the table items and the ON
    conditions (None for JOIN ... USING or a JOIN without ON but CROSS)."""
    chunks: list[list[Token]] = [[]]
    for token in words:
        if token.upper == "JOIN":
            chunks.append([])
        else:
            chunks[-1].append(token)
    items: list[list[Token]] = []
    conditions: list[list[Token]] = []
    for at, chunk in enumerate(chunks):
        kind = []
        while chunk and chunk[-1].upper in JOIN_WORDS and at + 1 < len(chunks):  # the next JOIN's kind
            kind.append(chunk.pop().upper)
        if at + 1 < len(chunks) and "ON" not in {t.upper for t in chunks[at + 1]} and kind != ["CROSS"]:
            return None
        if at == 0:
            items = _split(chunk, ",")
            continue
        on = next((n for n, t in enumerate(chunk) if t.upper == "ON"), len(chunk))
        items.append(chunk[:on])
        if on < len(chunk):
            conditions.append(chunk[on + 1 :])
    return items, conditions


def _clauses(words: list[Token]) -> dict[str, list[Token]] | None:
    """The query's SELECT / FROM / WHERE / ORDER BY parts, in that order (None for anything else)."""
    parts: dict[str, list[Token]] = {}
    key = ""
    for token in words:
        if token.upper in CLAUSES:
            if token.upper in parts or (parts and CLAUSES.index(token.upper) < CLAUSES.index(key)):
                return None
            key = token.upper
            parts[key] = []
        elif token.upper in ("GROUP", "HAVING", "CONNECT", "START", "UNION", "INTERSECT", "MINUS", "FOR"):
            return None
        else:
            parts[key].append(token)
    return parts


def _tables(scope: Scope, items: list[list[Token]]) -> dict[str, Table] | None:
    """t [a], s.u [b]: the tables of the run by the names the query uses for them."""
    found: dict[str, Table] = {}
    for item in items:
        names = [t.upper for t in item if t.text != "."]
        dotted = len(item) >= 3 and item[1].text == "."
        name, alias = (names[:2], names[2:]) if dotted else (names[:1], names[1:])
        if any(t.kind != "word" for t in item if t.text != ".") or len(alias) > 1 or not name:
            return None
        table = scope.ctx.tables.get((name[0], name[1]) if dotted else (scope.owner.upper(), name[0]))
        if table is None:
            return None
        found[alias[0] if alias else name[-1]] = table
    return found


class _Kinds:
    """What a name of the query is: a column of its tables or a variable of the unit ('number' / 'string')."""

    def __init__(self, scope: Scope, tables: dict[str, Table]) -> None:
        self.scope, self.tables = scope, tables

    def column(self, item: list[Token]) -> str | None:
        """'number', 'string' or 'other' for a column ([alias.]name), None when it is no column of the tables."""
        names = [t.upper for t in item if t.text != "."]
        if any(t.kind != "word" for t in item if t.text != ".") or not 1 <= len(names) <= 2:
            return None
        tables = [self.tables[names[0]]] if len(names) == 2 and names[0] in self.tables else []
        tables = tables if len(names) == 2 else list(self.tables.values())
        columns = [c for t in tables for c in t.columns if c.name.upper() == names[-1]]
        if any(c.generated for c in columns):  # a virtual column's expression runs at fetch time
            return None
        found = {_family(c.type.family) for c in columns}
        return found.pop() if len(found) == 1 else ("other" if found else None)

    def operand(self, item: list[Token]) -> str | None:
        """A column, a literal or a variable of the unit: its kind ('other' when it could need a conversion)."""
        if len(item) == 1 and item[0].kind in ("number", "string"):
            return "number" if item[0].kind == "number" else "string"
        if len(item) == 1 and item[0].upper == "NULL":
            return "null"
        kind = self.column(item)
        if kind is not None or len(item) != 1:
            return kind
        name = item[0].text.lower()
        if name in self.scope.numbers:
            return "number"
        if name in self.scope.texts:
            return "string"
        return self.constant(item[0].upper)

    def constant(self, name: str) -> str | None:
        """A constant of the package set to a number or string literal, in a package without an initialisation
        section: its accessor returns that literal (plsql_quiet.is_state)."""
        package = self.scope.package
        variable = package.variables.get(name) if package is not None and name not in self.scope.locals else None
        if package is None or variable is None or is_state(variable, package.init):
            return None
        if variable.default.strip().startswith("'"):
            return "string" if variable.type.startswith(("varchar", "text", "char")) else None
        return "number" if variable.type.startswith(("numeric", "integer", "bigint", "smallint")) else None


def _family(family: TypeFamily) -> str:
    return "number" if family in NUMBERS else "string" if family in STRINGS else "other"


def _items(kinds: _Kinds, words: list[Token]) -> bool:
    """Columns, t.* or *, each with an alias or not."""
    if words and words[0].upper in ("DISTINCT", "UNIQUE", "ALL"):
        words = words[1:]
    for item in _split(words, ","):
        if [t.text for t in item] == ["*"] or (len(item) == 3 and item[1].text == "." and item[2].text == "*"):
            tables = kinds.tables.values() if len(item) == 1 else [kinds.tables.get(item[0].upper)]
            if any(t is None or any(c.generated for c in t.columns) for t in tables):  # virtual: computed
                return False
            continue
        if len(item) >= 2 and item[-1].kind == "word" and item[-2].text != ".":  # [AS] alias
            item = item[:-2] if item[-2].upper == "AS" else item[:-1]
        if kinds.column(item) is None:
            return False
    return True


def _conditions(kinds: _Kinds, words: list[Token]) -> bool:
    """Comparisons of operands of one kind and IS [NOT] NULL tests, joined by AND / OR / NOT."""
    for pred in _split(words, "AND", "OR"):
        pred = pred[1:] if pred and pred[0].upper == "NOT" else pred
        if len(pred) >= 3 and pred[-1].upper == "NULL" and pred[-2].upper in ("IS", "NOT"):
            if kinds.column(pred[: -3 if pred[-2].upper == "NOT" else -2]) is None:
                return False
            continue
        at = next((i for i, t in enumerate(pred) if (t.upper or t.text) in COMPARE), None)
        if at is None:
            return False
        left, right = kinds.operand(pred[:at]), kinds.operand(pred[at + 1 :])
        if left not in ("number", "string") or (left != right and right != "null"):
            return False
        if pred[at].upper == "LIKE" and left != "string":
            return False
    return True


def _order(kinds: _Kinds, words: list[Token]) -> bool:
    if not words:
        return True
    if words[0].upper != "BY":
        return False
    for item in _split(words[1:], ","):
        while item and item[-1].upper in ("ASC", "DESC", "FIRST", "LAST", "NULLS"):
            item = item[:-1]
        if kinds.column(item) is None and not (len(item) == 1 and item[0].kind == "number"):
            return False
    return True


def _split(words: list[Token], *separators: str) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for token in words:
        if (token.upper or token.text) in separators:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts
