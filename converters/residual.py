"""Residual scan: source-dialect syntax still present in the converted PostgreSQL text.

Runs on the OUTPUT with sqlglot's PostgreSQL tokenizer (which already knows strings, quoted identifiers and
comments, so 'ROWNUM' in a literal or -- NVL in a comment never fires). Anything found means a rewrite missed a
spot: PostgreSQL will reject it or, worse, read it differently.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from converters.dialects import AuroraPostgres
from converters.rewrites.common import Context, known_functions
from migrate.model import Finding, Location

ORACLE, SQLSERVER = frozenset({"oracle"}), frozenset({"sqlserver"})
BOTH = ORACLE | SQLSERVER


@dataclass(frozen=True)
class Leftover:
    sources: frozenset[str]  # the source dialects where this word means the source construct
    what: str
    orafce: bool = False  # orafce defines a function of this name with Oracle's semantics: fine when enabled
    after_dot: bool = False  # only source syntax as `x.WORD` (seq.NEXTVAL); nextval('seq') is PostgreSQL
    qualified_too: bool = False  # `t.WORD` too: no column can have the name (Oracle's ROWID)


# Bare words (unquoted, outside strings/comments) that are source syntax, not PostgreSQL.
WORDS: dict[str, Leftover] = {
    "ROWNUM": Leftover(ORACLE, "Oracle ROWNUM pseudo-column"),
    "ROWID": Leftover(ORACLE, "Oracle ROWID pseudo-column (use the primary key or ctid)", qualified_too=True),
    "DBTIMEZONE": Leftover(
        ORACLE, "Oracle DBTIMEZONE (the server's zone: current_setting('TimeZone') is the session's)"
    ),
    "SESSIONTIMEZONE": Leftover(ORACLE, "Oracle SESSIONTIMEZONE"),
    "NVL": Leftover(ORACLE, "Oracle NVL (COALESCE)", orafce=True),
    "NVL2": Leftover(ORACLE, "Oracle NVL2", orafce=True),
    "DECODE": Leftover(ORACLE, "Oracle DECODE (CASE; PostgreSQL decode() is base64/hex decoding)", orafce=True),
    "DUAL": Leftover(ORACLE, "Oracle DUAL table", orafce=True),
    "SYSDATE": Leftover(ORACLE, "Oracle SYSDATE", orafce=True),
    "SYSTIMESTAMP": Leftover(ORACLE, "Oracle SYSTIMESTAMP"),
    "NEXTVAL": Leftover(ORACLE, "Oracle sequence.NEXTVAL (nextval('seq'))", after_dot=True),
    "CURRVAL": Leftover(ORACLE, "Oracle sequence.CURRVAL (currval('seq'))", after_dot=True),
    "PRIOR": Leftover(ORACLE, "Oracle CONNECT BY PRIOR"),
    "CONNECT_BY_ROOT": Leftover(ORACLE, "Oracle CONNECT_BY_ROOT"),
    "SYS_CONNECT_BY_PATH": Leftover(ORACLE, "Oracle SYS_CONNECT_BY_PATH"),
    "CONNECT_BY_ISLEAF": Leftover(ORACLE, "Oracle CONNECT_BY_ISLEAF"),
    "CONNECT_BY_ISCYCLE": Leftover(ORACLE, "Oracle CONNECT_BY_ISCYCLE"),
    "MINUS": Leftover(ORACLE, "Oracle MINUS (EXCEPT)"),
    "SYS_GUID": Leftover(ORACLE, "Oracle SYS_GUID (gen_random_uuid())"),
    "LISTAGG": Leftover(ORACLE, "Oracle LISTAGG (string_agg)"),
    "INSTR": Leftover(ORACLE, "Oracle INSTR", orafce=True),
    "ADD_MONTHS": Leftover(ORACLE, "Oracle ADD_MONTHS", orafce=True),
    "MONTHS_BETWEEN": Leftover(ORACLE, "Oracle MONTHS_BETWEEN", orafce=True),
    "LAST_DAY": Leftover(ORACLE, "Oracle LAST_DAY", orafce=True),
    "TOP": Leftover(SQLSERVER, "T-SQL TOP (LIMIT / FETCH FIRST)"),
    "ISNULL": Leftover(SQLSERVER, "T-SQL ISNULL (COALESCE)"),
    "IIF": Leftover(SQLSERVER, "T-SQL IIF (CASE)"),
    "GETDATE": Leftover(SQLSERVER, "T-SQL GETDATE"),
    "GETUTCDATE": Leftover(SQLSERVER, "T-SQL GETUTCDATE"),
    "SYSDATETIME": Leftover(SQLSERVER, "T-SQL SYSDATETIME"),
    "DATEADD": Leftover(SQLSERVER, "T-SQL DATEADD"),
    "DATEDIFF": Leftover(SQLSERVER, "T-SQL DATEDIFF"),
    "DATEPART": Leftover(SQLSERVER, "T-SQL DATEPART"),
    "DATENAME": Leftover(SQLSERVER, "T-SQL DATENAME"),
    "LEN": Leftover(SQLSERVER, "T-SQL LEN"),
    "DATALENGTH": Leftover(SQLSERVER, "T-SQL DATALENGTH"),
    "CHARINDEX": Leftover(SQLSERVER, "T-SQL CHARINDEX"),
    "NEWID": Leftover(SQLSERVER, "T-SQL NEWID (gen_random_uuid())"),
    "NOLOCK": Leftover(SQLSERVER, "T-SQL table hint"),
    "APPLY": Leftover(SQLSERVER, "T-SQL CROSS/OUTER APPLY (LATERAL)"),
}

# Two-word source constructs: (first, second) -> what.
PAIRS: dict[tuple[str, str], Leftover] = {
    ("CONNECT", "BY"): Leftover(ORACLE, "Oracle CONNECT BY hierarchy (WITH RECURSIVE)"),
    ("START", "WITH"): Leftover(ORACLE, "Oracle START WITH"),
}

_WORD_TOKENS = frozenset({TokenType.VAR}) | frozenset(Postgres.Tokenizer.KEYWORDS.values())
_BEFORE_SUBSCRIPT = frozenset(
    {TokenType.VAR, TokenType.IDENTIFIER, TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.ARRAY}
)


def residual_findings(sql: str, source: str, ctx: Context) -> list[Finding]:
    """One finding per leftover occurrence, located at its line in the output text."""
    try:
        tokens = Postgres().tokenize(sql)
    except TokenError as error:
        return [_finding(ctx, f"the converted text does not tokenize as PostgreSQL ({error})", None)]
    findings = []
    for what, line in scan_tokens(tokens, source, ctx.options.use_orafce):
        findings.append(_finding(ctx, what, line))
    return findings


def scan_tokens(tokens: Sequence[Token], source: str, use_orafce: bool) -> Iterable[tuple[str, int]]:
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i else None
        for what in _leftovers_at(token, before, after, source, use_orafce):
            yield what, token.line
        if _is_join_mark(tokens, i) and source in ORACLE:
            yield "Oracle (+) outer-join marker", token.line
        if _is_bracket_name(tokens, i) and source in SQLSERVER:
            yield f"T-SQL [bracketed] name [{tokens[i + 1].text}]", token.line
        if token.token_type is TokenType.PARAMETER and source in SQLSERVER and after is not None:
            yield f"T-SQL variable @{after.text}", token.line


def _leftovers_at(
    token: Token, before: Token | None, after: Token | None, source: str, use_orafce: bool
) -> Iterable[str]:
    if token.token_type not in _WORD_TOKENS:
        return
    word = token.text.upper()
    leftover = WORDS.get(word)
    if leftover and source in leftover.sources and not (use_orafce and leftover.orafce):
        # `x.len` or `AS top` are names, not calls or keywords: only flag a word that is not a column/alias name.
        named = before is not None and before.token_type in (TokenType.DOT, TokenType.ALIAS)
        dotted = before is not None and before.token_type is TokenType.DOT
        if dotted if leftover.after_dot else not named or (dotted and leftover.qualified_too):
            yield leftover.what
    pair = PAIRS.get((word, after.text.upper())) if after is not None else None
    if pair and source in pair.sources:
        yield pair.what


def _is_join_mark(tokens: Sequence[Token], i: int) -> bool:
    window = tokens[i : i + 3]
    kinds = [t.token_type for t in window]
    return kinds == [TokenType.L_PAREN, TokenType.PLUS, TokenType.R_PAREN]


def _is_bracket_name(tokens: Sequence[Token], i: int) -> bool:
    window = tokens[i : i + 3]
    if [t.token_type for t in window][::2] != [TokenType.L_BRACKET, TokenType.R_BRACKET] or len(window) < 3:
        return False
    return not (i and tokens[i - 1].token_type in _BEFORE_SUBSCRIPT) and window[1].token_type in _WORD_TOKENS


def _finding(ctx: Context, what: str, line: int | None) -> Finding:
    before = len(ctx.findings)
    ctx.flag("CONV-RESIDUAL-001", None, what)
    finding = ctx.findings.pop(before)
    base = ctx.options.location
    if line is not None and base is not None and base.line:
        return finding.at(base.shifted(line - 1))
    return finding if line is None else finding.at(Location(base.file if base else None, line))


# Typed calls the generator writes by their sqlglot name (no PostgreSQL form of its own) are fine when the name is
# SQL syntax PostgreSQL reads, though not in pg_proc.
SQL_SYNTAX_CALLS = frozenset(
    {
        "coalesce",
        "greatest",
        "least",
        "nullif",
        "grouping",
        "current_time",
        "current_role",
        "current_date",
        "current_timestamp",
        "current_user",
        "session_user",
        "localtime",
        "localtimestamp",
        "extract",
        "position",
        "overlay",
        "trim",
        "cast",
        "xmlelement",
    }
)


@functools.cache
def _fallback_name(kind: type) -> str | None:
    """The name the PostgreSQL generator falls back to for a typed call it has no rule for, else None."""
    generator = AuroraPostgres.Generator
    if kind in generator.TRANSFORMS or hasattr(generator, f"{kind.key}_sql"):
        return None
    try:
        return kind.sql_name().lower()
    except Exception:  # classes without a SQL name are never written as calls
        return None


def unrendered_calls(tree: exp.Expression, ctx: Context) -> None:
    """A typed call sqlglot would write under a name PostgreSQL does not have (SYSDATETIMEOFFSET would come out as
    current_timestamp_l_t_z()): flagged before generating, with the source spelling."""
    known = known_functions()
    said = " ".join(f.message for f in ctx.findings).upper()  # a rewrite may have flagged a copy of the node
    for node in tree.find_all(exp.Func):
        if isinstance(node, exp.Anonymous) or id(node) in ctx.flagged:
            continue  # anonymous calls: rewrites.common.unknown_function; flagged ones already say why
        name = _fallback_name(type(node))
        if name is None or name in known["postgresql"] or name in SQL_SYNTAX_CALLS or name.upper() in said:
            continue
        if ctx.options.use_orafce and name in known["orafce"]:
            continue
        ctx.flag("CONV-UNSUPPORTED-002", node, f"{type(node).__name__} would be written as {name}()")
