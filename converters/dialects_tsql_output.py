"""The T-SQL OUTPUT clause as SQL Server writes it, which sqlglot's reader only half reads: `OUTPUT ... INTO
schema.table (col, ...)` (sqlglot reads one name part and no column list) and `DELETE FROM t OUTPUT ... WHERE`
(sqlglot expects OUTPUT before FROM). Methods of converters.dialects.SqlServerSource's parser."""

from __future__ import annotations

from sqlglot import exp, parser
from sqlglot.tokens import TokenType


def parse_output(self: parser.Parser) -> exp.Returning | None:
    """OUTPUT expr, ... [INTO @t | schema.table [(col, ...)]]: `into` is a Parameter, a Table or a Schema (a table
    with its column list)."""
    if not self._match(TokenType.RETURNING):
        return None
    expressions = self._parse_csv(self._parse_expression)
    into: exp.Expression | None = None
    if self._match(TokenType.INTO):
        parts = [self._parse_table_part(schema=True)]  # schema=True: `log (a, b)` is a name, not LOG(a, b)
        while self._match(TokenType.DOT):
            parts.append(self._parse_table_part(schema=True))
        if len(parts) == 1 and not isinstance(parts[0], exp.Identifier):
            into = parts[0]  # @t
        else:
            names = dict(zip(("this", "db", "catalog"), reversed(parts), strict=False))
            into = exp.Table(**names)
        if self._match(TokenType.L_PAREN, advance=False):
            into = self._parse_schema(this=into)
    return self.expression(exp.Returning(expressions=expressions, into=into))


def parse_delete(self: parser.Parser) -> exp.Delete:
    """DELETE [FROM] t [OUTPUT ...] [FROM t JOIN u ...] [WHERE ...] [OPTION (...)]."""
    hint = self._parse_hint()
    tables = None
    if not self._match(TokenType.FROM, advance=False):
        tables = self._parse_csv(self._parse_table) or None
    returning = self._parse_returning()
    this = self._match(TokenType.FROM) and self._parse_table(joins=True)
    returning = returning or self._parse_returning()
    if this and tables is None and self._match(TokenType.FROM):  # DELETE FROM t OUTPUT ... FROM t JOIN u
        tables, this = [this], self._parse_table(joins=True)
    if tables and len(tables) == 1 and not this:  # DELETE t OUTPUT ... WHERE: t is the target
        tables, this = None, tables[0]
    return self.expression(
        exp.Delete(
            hint=hint,
            tables=tables,
            this=this,
            using=self._match(TokenType.USING) and self._parse_csv(lambda: self._parse_table(joins=True)),
            where=self._parse_where(),
            returning=returning or self._parse_returning(),
            order=self._parse_order(),
            limit=self._parse_limit(),
        )
    )
