"""What one T-SQL unit's conversion knows while it runs: its variables, temp tables and cursors, its findings, and
the one way embedded text reaches the query rewriter (names substituted at the token level, where strings and
comments are known; then converters.rewrite for every expression and statement).

Naming (one rule, documented in docs/tsql-procedural.md): parameter @Name -> p_name, variable @Name -> v_name,
table variable @T -> temporary table tv_t, #temp / ##temp -> temporary table tmp_temp, all folded to lower case.
The prefixes keep PL/pgSQL from confusing a variable with a column of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from converters.collation import variables_collation
from converters.ddl_booleans import fix_boolean_comparisons
from converters.ddl_context import DdlContext
from converters.procedural.tsql_rules import tsql_finding
from converters.rewrite import Rewritten, convert_expression, convert_query
from converters.types import map_type
from migrate.model import Finding, Location, Severity, TypeFamily, parse_column_type
from migrate.sqltext.lexer import TSQL, Token, tokenize

# ERROR_xxx() inside CATCH -> the variable the handler fills (GET STACKED DIAGNOSTICS), with its type
ERROR_FUNCTIONS = {
    "ERROR_MESSAGE": ("v_error_message", "text"),
    "ERROR_NUMBER": ("v_error_number", "integer"),
    "ERROR_SEVERITY": ("v_error_severity", "integer"),
    "ERROR_STATE": ("v_error_state", "integer"),
    "ERROR_LINE": ("v_error_line", "integer"),
    "ERROR_PROCEDURE": ("v_error_procedure", "text"),
}
PUBLISHED = "aurora_migrate."  # the settings a CATCH block publishes ERROR_xxx() in, for the procedures it calls
# @@globals the procedural converter owns (the rest go to the shared rewrites: @@SPID, @@VERSION...)
GLOBALS = {
    "@@ROWCOUNT": ("v_rowcount", "bigint"),
    "@@FETCH_STATUS": ("v_fetch_status", "integer"),
}
_TRIVIAL = re.compile(r"\d{1,18}|'[A-Za-z0-9 _.,:;!?%()-]*'")
STRING_FAMILIES = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING, TypeFamily.TEXT})
DATE_FAMILIES = frozenset({TypeFamily.DATE, TypeFamily.DATETIME, TypeFamily.DATETIME_TZ})


@dataclass
class Var:
    target: str
    pg_type: str
    family: TypeFamily = TypeFamily.OTHER
    source_type: str = ""  # the T-SQL type name (upper case) it was declared with


@dataclass
class Scope:
    ctx: DdlContext
    unit: str  # kind and qualified name, for findings
    location: Location | None
    kind: str  # procedure | function | trigger
    vars: dict[str, Var] = field(default_factory=dict)  # '@name' upper -> variable
    declared: list[str] = field(default_factory=list)  # target names in DECLARE order
    temps: dict[str, str] = field(default_factory=dict)  # '#T' / '@T' upper -> temporary table name
    temp_columns: dict[str, str] = field(default_factory=dict)  # temporary table name -> its converted CREATE TABLE
    table_variables: dict[str, str] = field(default_factory=dict)  # temporary table of a table type -> the type
    rows_expected: bool = False  # converting the EXEC of INSERT ... EXEC: dynamic SQL there returns rows
    before_call: list[str] = field(default_factory=list)  # lines the next CALL needs first (table arguments)
    table_params: list[tuple[str, str, str]] = field(default_factory=list)  # (temp table, parameter, T-SQL columns)
    cursors: dict[str, list[Token]] = field(default_factory=dict)  # cursor name upper -> its query tokens
    scrollable: set[str] = field(default_factory=set)  # cursor names (upper) declared SCROLL / STATIC / INSENSITIVE
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    tables: dict[str, str] = field(default_factory=dict)  # word upper -> replacement (trigger transition tables)
    result_sets: list[str] = field(default_factory=list)  # refcursor parameters opened for result sets
    in_try: int = 0
    in_catch: int = 0
    schema: str = "dbo"  # the unit's SQL Server schema: unqualified names resolve there
    rowcount: bool = False  # @@ROWCOUNT is read: every DML statement keeps its count in v_rowcount
    row_limit: bool = False  # SET ROWCOUNT in an exact shape: queries end with LIMIT (tsql_rowlimit.py)
    publishing: int = 0  # inside CATCH blocks that publish ERROR_xxx() for the procedures they call
    committed: bool = False  # a top-level COMMIT / ROLLBACK was emitted: result sets after it are lost
    savepoints: bool = False  # SAVE TRANSACTION is used: ROLLBACK may go to a savepoint
    identity: bool = False
    error_node: object = None  # the statement whose @@ERROR reads v_error (tsql_errors.py)
    error_ready: bool = False  # emitting that statement now
    zero_error_node: object = None  # the first statement of an IF branch whose condition cannot fail
    error_zero: bool = False  # emitting that statement now: @@ERROR is 0
    labels: dict[int, str] = field(default_factory=dict)  # id() of a label / GOTO node -> its PL/pgSQL block label
    rollback_past: set[int] = field(default_factory=set)  # id() of CATCH ROLLBACKs that also undo work before TRY
    absorbed: set[int] = field(default_factory=set)  # id() of SAVE / ROLLBACK TRAN nodes an exact shape absorbs
    params: set[str] = field(default_factory=set)  # target names that are parameters (not DECLAREd)
    reads: set[str] = field(default_factory=set)  # tables and views the unit's statements read
    printed: set[int] = field(default_factory=set)  # id() of findings already printed as action items
    result: str = "NULL"  # what a trigger function returns
    updated: dict[str, str] = field(default_factory=dict)  # trigger: column -> what UPDATE(column) reads
    updated_flags: dict[str, str] = field(default_factory=dict)  # trigger on UPDATE: column -> its flag setting
    guard: str = ""  # a trigger that writes its own table: the setting that stops it firing itself
    returns_columns: list[Token] = field(
        default_factory=list
    )  # RETURNS @t TABLE (...) column tokens  # SCOPE_IDENTITY() is read: INSERTs keep the new key in v_scope_identity

    # -- findings ------------------------------------------------------------------------------------------------
    def flag(self, rule_id: str, line: int | None, detail: str = "", snippet: str = "") -> Finding:
        location = self._at(line)
        found = tsql_finding(rule_id, detail, location, snippet)
        self.findings.append(found)
        return found

    def _at(self, line: int | None) -> Location | None:
        base = self.location
        if base is None or line is None:
            return base
        if base.line is None:
            return Location(base.file, line)
        return Location(base.file, base.line + line - 1)

    @property
    def blocked(self) -> bool:
        return any(f.severity >= Severity.HIGH for f in self.findings)

    # -- variables -----------------------------------------------------------------------------------------------
    def declare(self, name: str, type_text: str, prefix: str = "v_", line: int | None = None) -> Var:
        target = prefix + _fold(name.lstrip("@"))
        column_type = parse_column_type(type_text, "sqlserver")
        # an alias type by name, bracketed or schema-qualified ([dbo].[Flag], dbo.Flag, Flag)
        mapped = self.ctx.aliases.get(re.sub(r"[\[\]\s]", "", type_text).upper())
        choice = map_type(mapped or column_type, "sqlserver", self.ctx.target_version)
        pg = choice.sql
        if pg is None:
            self.flag("PROC-TSQL-PARSE-001", line, f"type {type_text} of {name} has no PostgreSQL mapping")
            pg = "text"
        source = mapped or column_type
        var = Var(target, pg, source.family, source.name.upper())
        self.vars[name.upper()] = var
        if target not in self.declared:
            self.declared.append(target)
        return var

    def internal(self, target: str, pg_type: str) -> str:
        """A variable the conversion itself needs (v_rowcount, v_error_message...): declared once."""
        key = "$" + target
        if key not in self.vars:
            self.vars[key] = Var(target, pg_type)
            self.declared.append(target)
        return target

    def temp(self, name: str) -> str:
        key = name.upper()
        if key not in self.temps:
            self.temps[key] = ("tv_" if name.startswith("@") else "tmp_") + _fold(name.lstrip("@#"))
        return self.temps[key]

    # -- text ----------------------------------------------------------------------------------------------------
    def substitute(self, tokens: list[Token], line: int | None = None) -> str:
        """The source text of `tokens` with @variables, #temps, @@globals and ERROR_xxx() replaced."""
        if not tokens:
            return ""
        out: list[str] = []
        pos = tokens[0].start
        skip_until = -1
        for at, token in enumerate(tokens):
            if at <= skip_until:
                continue
            gap = self.text[pos : token.start]
            out.append(gap if not gap.strip() or not tokenize(gap, TSQL) else " ")  # tokens left out: one blank
            pos = token.end
            replacement, skip = self._replacement(tokens, at, line)
            out.append(token.text if replacement is None else replacement)
            if skip:
                skip_until = at + skip
                pos = tokens[skip_until].end
        return "".join(out)

    def _replacement(self, tokens: list[Token], at: int, line: int | None) -> tuple[str | None, int]:
        token = tokens[at]
        if token.kind != "word":
            return None, 0
        upper = token.upper
        if upper in GLOBALS:
            target, pg_type = GLOBALS[upper]
            return self.internal(target, pg_type), 0
        if upper == "@@ERROR":
            if self.error_ready:  # right after a data statement run for it (tsql_errors.py)
                return self.internal("v_error", "integer"), 0
            if self.error_zero:  # right after an IF condition, which succeeded (tsql_errors.py)
                return "0", 0
            self.flag("PROC-TSQL-ERROR-001", line)
            return None, 0
        if upper == "XACT_STATE" and (doomed := _doomed_test(tokens, at)):
            return "false", doomed  # PL/pgSQL never runs in an uncommittable transaction (docs/tsql-procedural.md)
        if upper in ("@@TRANCOUNT",) or (upper == "XACT_STATE" and _called(tokens, at)):
            self.flag("PROC-TSQL-TRANCOUNT-001", line)
            return None, 0
        if upper.startswith("@@"):
            return None, 0
        if upper.startswith("@"):
            if upper in self.vars:
                return self.vars[upper].target, 0
            if upper in self.temps:
                return self.temps[upper], 0
            self.flag("PROC-TSQL-PARSE-001", line, f"{token.text} is not declared")
            return None, 0
        if upper.startswith("#"):
            return self.temp(token.text), 0
        if upper in ERROR_FUNCTIONS and _called(tokens, at):
            target, pg_type = ERROR_FUNCTIONS[upper]
            if not self.in_catch:  # outside CATCH: the error a calling CATCH block is handling, if any
                read = f"NULLIF(current_setting('{PUBLISHED}{upper.lower()}', true), '')"
                return (f"CAST({read} AS {pg_type})" if pg_type != "text" else read), 2
            return self.internal(target, pg_type), 2
        if upper == "SCOPE_IDENTITY" and _called(tokens, at):
            return self.internal("v_scope_identity", "bigint"), 2
        if upper == "UPDATE" and self.updated and at + 3 < len(tokens) and tokens[at + 1].text == "(":
            column = _fold(tokens[at + 2].text)
            if column in self.updated and tokens[at + 3].text == ")":
                value = self.updated[column]
                if value.startswith("v_"):
                    self.internal(value, "boolean")
                return value, 3
        if upper in self.tables and _is_table_position(tokens, at):
            return self.tables[upper] + _alias_needed(tokens, at), 0
        return None, 0

    # -- the query rewriter --------------------------------------------------------------------------------------
    def expression(self, tokens: list[Token], line: int | None) -> str:
        return self.rewritten(self.substitute(tokens, line), line, statement=False)

    def statement(self, tokens: list[Token], line: int | None) -> str:
        return self.rewritten(self.substitute(tokens, line), line, statement=True)

    def rewritten(self, text: str, line: int | None, statement: bool) -> str:
        if not text.strip():
            return text
        if not statement and self._trivial(text.strip()):
            return text.strip()
        strings, dates = self._names(STRING_FAMILIES), self._names(DATE_FAMILIES)
        booleans = self._names(frozenset({TypeFamily.BOOLEAN}))
        fractions = frozenset(v.target for v in self.vars.values() if _truncated_to_integer(v))
        money = frozenset(v.target for v in self.vars.values() if v.source_type in ("MONEY", "SMALLMONEY"))
        floats = self._names(frozenset({TypeFamily.FLOAT}))
        # the same text with the same variable types converts the same way in every unit of the run: converted
        # once (ERROR_MESSAGE(), @i + 1, audit INSERTs repeat across a code base); findings are placed here
        cache: dict[tuple[object, ...], tuple[str, tuple[Finding, ...], tuple[str, ...]]]
        cache = self.ctx.__dict__.setdefault("_tsql_rewrites", {})
        key = (text, statement, strings, dates, booleans, fractions, money, floats, self.schema)
        if key not in cache:
            options = replace(
                self.ctx.options("routine", self.unit, None),
                procedural=True,
                string_columns=self.ctx.string_columns | strings,
                date_columns=self.ctx.date_columns | dates,
                fraction_columns=self.ctx.fraction_columns | fractions,
                money_columns=self.ctx.money_columns | money,
                float_columns=self.ctx.float_columns | floats,
            )
            options = variables_collation(options, self.ctx, self.ctx.names.schema(self.schema), strings)
            convert = convert_query if statement else convert_expression
            result: Rewritten = convert(text, "sqlserver", options)
            sql = fix_boolean_comparisons(result.sql, self.ctx.booleans | booleans)
            cache[key] = (sql, tuple(f for f in result.findings if not _ours(f)), result.tables)
        sql, findings, tables = cache[key]
        where = self._at(line)
        self.findings.extend(replace(f, location=where, object_kind="", object_name="") for f in findings)
        self.reads.update(tables)
        return sql

    def trigger_return(self) -> list[str]:
        """The lines that leave a trigger function (clearing its recursion flag first)."""
        clear = [f"PERFORM set_config('{self.guard}', 'off', true);"] if self.guard else []
        return [*clear, f"RETURN {self.result};"]

    def _trivial(self, text: str) -> bool:
        """An integer, a plain string, or one of the unit's variables: the rewrites return these unchanged
        (tests/converters/procedural/test_tsql_parse.py proves it), so they skip the parser."""
        if _TRIVIAL.fullmatch(text):
            return True
        return text in self._targets()

    def _targets(self) -> set[str]:
        return {v.target for v in self.vars.values()}

    def _names(self, families: frozenset[TypeFamily]) -> frozenset[str]:
        return frozenset(v.target for v in self.vars.values() if v.family in families)


def _truncated_to_integer(var: Var) -> bool:
    """CAST(@v AS int) truncates a decimal or float (money rounds, as PostgreSQL's cast does)."""
    return var.family in (TypeFamily.DECIMAL, TypeFamily.FLOAT) and var.source_type not in ("MONEY", "SMALLMONEY")


def _ours(found: Finding) -> bool:
    """Findings of the shared rewrites that the procedural conversion answers itself."""
    return found.rule_id == "CONV-TSQL-VAR-001" or (found.rule_id == "CONV-FUNC-001" and "error_" in found.message)


def _doomed_test(tokens: list[Token], at: int) -> int:
    """`XACT_STATE() = -1`: the tokens after XACT_STATE it spans (0: another use)."""
    words = [t.text for t in tokens[at + 1 : at + 6]]
    if words[:4] == ["(", ")", "=", "-1"]:
        return 4
    return 5 if words[:5] == ["(", ")", "=", "-", "1"] else 0


def _called(tokens: list[Token], at: int) -> bool:
    return at + 2 < len(tokens) and tokens[at + 1].text == "(" and tokens[at + 2].text == ")"


TABLE_POSITION = frozenset({"FROM", "JOIN", "USING", "INTO", "UPDATE", "EXISTS"})


def _is_table_position(tokens: list[Token], at: int) -> bool:
    before = tokens[at - 1] if at else None
    return (
        before is not None
        and before.upper in TABLE_POSITION
        and not (at + 1 < len(tokens) and tokens[at + 1].text == ".")
    )


# words that can follow a table reference and are not its alias
NOT_ALIAS = frozenset({"WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "ON", "GROUP", "ORDER",
                       "HAVING", "UNION", "EXCEPT", "INTERSECT", "WITH", "OPTION", "FOR", "SET", "OUTPUT", "WHEN",
                       "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "IF", "ELSE", "END", "BEGIN", "RETURN",
                       "DECLARE", "EXEC", "EXECUTE", "PRINT", "THROW", "RAISERROR", "WHILE", "VALUES"})  # fmt: skip


def _alias_needed(tokens: list[Token], at: int) -> str:
    """A subquery in FROM needs an alias: the transition table's own name, unless the source gave one."""
    following = tokens[at + 1] if at + 1 < len(tokens) else None
    if following is not None and (
        following.upper == "AS" or (following.kind in ("word", "qident") and following.upper not in NOT_ALIAS)
    ):
        return ""
    return f" AS {tokens[at].text.lower()}"


def _fold(name: str) -> str:
    text = name.strip('[]"').lower()
    return "".join(c if c.isalnum() or c == "_" else "_" for c in text)


def fold_name(name: str) -> str:
    return _fold(name)
