"""A view's column names from its query, read with sqlglot where the query parses.

The inventory's views keep their query as the source wrote it; their column names (needed to
create the view on the target and to trace dependencies) come from the parsed SELECT list. A
query sqlglot cannot parse, or one with `*`, keeps no column list here: the rule tables report
queries that do not parse, so nothing is lost by leaving the names out.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from migrate.model.engines import ENGINES, engine
from migrate.sqltext.cursor import folder
from migrate.sqltext.lexer import QUOTING, Token, tokenize


def view_columns(query: str, dialect: str) -> tuple[str, ...]:
    listed = select_list(query, dialect)
    quick = plain_names(listed, dialect)
    return quick if quick is not None else parsed_names(listed, dialect)


def parsed_names(listed: str, dialect: str) -> tuple[str, ...]:
    """The names of a `SELECT <list>` as sqlglot reads them; () when it does not parse or has `*`."""
    try:
        tree = sqlglot.parse_one(listed, read=engine(dialect).sqlglot)
    except (SqlglotError, ValueError, RecursionError):
        return ()
    while isinstance(tree, exp.SetOperation):
        tree = tree.left  # a UNION / MINUS takes its column names from its first branch
    if not isinstance(tree, exp.Select):
        return ()
    names = [_name(projection, dialect) for projection in tree.expressions]
    return tuple(names) if all(names) else ()


def select_list(query: str, dialect: str) -> str:
    """`SELECT <list>` of the query's first top-level SELECT: only the list names the columns, and
    parsing it alone is much cheaper than parsing joins and predicates (views can be long).

    The list ends at a clause word at its own level; GROUP and ORDER only as `GROUP BY` / `ORDER BY`, since an
    ordered-set aggregate's `WITHIN GROUP (...)` sits at the list's level too."""
    tokens = tokenize(query, QUOTING[dialect])
    depth, start = 0, None
    for n, token in enumerate(tokens):
        if token.kind == "op" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif depth == 0 and start is None and token.upper == "SELECT":
            start = token.start
        elif depth == 0 and start is not None and token.kind == "word" and token.upper in LIST_ENDS:
            if token.upper in NEEDS_BY and (n + 1 >= len(tokens) or tokens[n + 1].upper != "BY"):
                continue
            return query[start : token.start]
    return query[start:] if start is not None else query


# Words that end a SELECT list at its own level.
LIST_ENDS = frozenset({"FROM", "INTO", "UNION", "MINUS", "EXCEPT", "INTERSECT", "WHERE", "ORDER", "GROUP"})
# ... only when the next word is BY (WITHIN GROUP (ORDER BY ...) is part of a select item)
NEEDS_BY = frozenset({"ORDER", "GROUP"})


def plain_names(listed: str, dialect: str) -> tuple[str, ...] | None:
    """The names of a select list made only of column references (`t.id`) and `<anything> AS name` items,
    read from the tokens without sqlglot (most views' lists, and a parse costs far more); None for any
    other list, which sqlglot reads. A test holds both ways to the same answer."""
    quoting = QUOTING[dialect]
    tokens = tokenize(listed, quoting)
    if not tokens or tokens[0].upper != "SELECT":
        return None
    items: list[list[Token]] = [[]]
    depth = 0
    for token in tokens[1:]:
        if token.kind == "op" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if depth == 0 and token.text == ",":
            items.append([])
        else:
            items[-1].append(token)
    names = []
    keywords = _KEYWORDS[dialect]
    for item in items:
        if len(item) >= 3 and item[-2].upper == "AS" and item[-1].kind in ("word", "qident"):
            words = item[-1:]  # `expr AS name`: an AS before a final name is at the item's own level
        elif len(item) % 2 == 1 and all(
            t.kind in ("word", "qident") if i % 2 == 0 else t.text == "." for i, t in enumerate(item)
        ):
            words = item[::2]  # name, t.name, s.t.name
        else:
            return None
        if any(t.upper in keywords or not _closed(t) for t in words):
            return None  # NULL, SYSDATE, LEVEL, DATE...: sqlglot decides what they are
        names.append(_token_name(words[-1], dialect))
    return tuple(names)


def _closed(token: Token) -> bool:
    """A plain name, or a quoted one with its closing quote (not a T-SQL @variable or #temp)."""
    if token.kind == "word":
        return token.text[0] not in "@#"
    return len(token.text) > 1 and token.text[-1] == {"[": "]"}.get(token.text[0], '"')


def _token_name(token: Token, dialect: str) -> str:
    return folder(QUOTING[dialect])(token)


def _keywords(dialect: str) -> frozenset[str]:
    """Words sqlglot's tokenizer or parser may read as something other than a name (keywords, CURRENT_DATE,
    SYSDATE, ROWNUM...), in upper case."""
    found = sqlglot.Dialect.get_or_raise(engine(dialect).sqlglot)
    parser = found.parser_class
    words = set(found.tokenizer_class.KEYWORDS) | set(parser.NO_PAREN_FUNCTIONS) | set(parser.NO_PAREN_FUNCTION_PARSERS)
    return frozenset(str(w).upper() for w in words if isinstance(w, str)) | PSEUDO_COLUMNS


PSEUDO_COLUMNS = frozenset({"SYSDATE", "SYSTIMESTAMP", "ROWNUM", "ROWID", "LEVEL", "USER", "UID", "ORA_ROWSCN"})
_KEYWORDS = {dialect: _keywords(dialect) for dialect in ENGINES}


def _name(projection: exp.Expression, dialect: str) -> str:
    identifier = projection.args.get("alias") if isinstance(projection, exp.Alias) else None
    if identifier is None and isinstance(projection, exp.Column) and not isinstance(projection.this, exp.Star):
        identifier = projection.this
    if not isinstance(identifier, exp.Identifier):
        return ""
    return identifier.name if identifier.quoted else engine(dialect).stored_name(identifier.name)
