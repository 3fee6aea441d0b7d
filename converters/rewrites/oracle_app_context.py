"""SYS_CONTEXT('ns', attribute[, length]) of an Oracle application context: its values are the session's own, kept
here in one custom setting (SETTING) as a jsonb document {NAMESPACE: {ATTRIBUTE: value}} that the converted
DBMS_SESSION.SET_CONTEXT / CLEAR_CONTEXT / CLEAR_ALL_CONTEXT write (converters/procedural/plsql_appcontext.py).

    SYS_CONTEXT('app_ctx', 'user_id')  ->  (SELECT convert_from(<aurora_b's first 256 bytes, whole characters>)
                                           FROM (SELECT convert_to(jsonb_extract_path_text(<document>, 'APP_CTX',
                                                 'USER_ID'), 'UTF8') AS aurora_b) AS aurora_ctx)

As Oracle documents them (SQL Language Reference, SYS_CONTEXT; PL/SQL Packages and Types Reference,
DBMS_SESSION): the namespace and the attribute are case-insensitive (SET_CONTEXT stores them upper case); an
attribute never set, or cleared, reads NULL; the value is a VARCHAR2 of at most `length` bytes, 256 when length is
left out, 1 to 4000 accepted (any other length is ignored: the default). In a SQL statement Oracle evaluates a
call with literal arguments once per execution: the scalar subquery here is one (an InitPlan), in PL/SQL each
evaluation reads the current value, in both. Only a context ACCESSED LOCALLY (CREATE CONTEXT's default) is one
session's own; one whose CREATE CONTEXT is not in the run is read as such, with a finding.
"""

from __future__ import annotations

import functools

from sqlglot import exp, parse_one

from converters.rewrites.calls import call
from converters.rewrites.common import IMMUTABLE_ENFORCED, NO_SUBQUERY_KINDS, Context, read_once
from converters.rewrites.oracle_numbers import VARCHAR2
from migrate.model import CONTEXT_ACCESS

SETTING = "aurora_migrate.app_context"  # the session's application context values (set_config, not SET LOCAL)
LOCAL = CONTEXT_ACCESS[0]  # ACCESSED LOCALLY: the one kind whose values are the session's own
# the namespaces Oracle itself provides (SQL Language Reference, SYS_CONTEXT): no CREATE CONTEXT makes them
BUILTIN_NAMESPACES = frozenset({"USERENV", "SYS_SESSION_ROLES"})
DEFAULT_LENGTH, MAX_LENGTH = 256, 4000  # bytes SYS_CONTEXT returns at most; the largest length it accepts
# database character sets of one byte per character: SYS_CONTEXT's byte limit counts characters there
SINGLE_BYTE_CHARSETS = frozenset(
    {"US7ASCII", "WE8ISO8859P1", "WE8ISO8859P15", "WE8MSWIN1252", "WE8DEC", "WE8PC850", "EE8ISO8859P2",
     "EE8MSWIN1250", "CL8ISO8859P5", "CL8MSWIN1251", "EL8ISO8859P7", "EL8MSWIN1253", "TR8MSWIN1254",
     "BLT8MSWIN1257", "IW8ISO8859P8", "AR8MSWIN1256"}
)  # fmt: skip
# the session's document: NULL before the first write in the session, '' once a rollback undid that first write
SESSION_DOCUMENT = f"nullif(current_setting('{SETTING}', true), '')::jsonb"

# the longest prefix of whole UTF-8 characters within {n} bytes: the byte after the cut (get_byte counts from 0)
# starts a character, else the cut goes back to the start of the character it falls in (at most 4 bytes long);
# CASE tries its arms in order, so get_byte never reads past the end
_UTF8_CUT = (
    "convert_from(substring(aurora_ctx.aurora_b FROM 1 FOR CASE WHEN octet_length(aurora_ctx.aurora_b) <= {n} "
    "THEN {n} WHEN get_byte(aurora_ctx.aurora_b, {n}) & 192 <> 128 THEN {n} "
    "WHEN get_byte(aurora_ctx.aurora_b, {n1}) >= 192 THEN {n1} "
    "WHEN get_byte(aurora_ctx.aurora_b, {n2}) >= 192 THEN {n2} ELSE {n3} END), 'UTF8')"
)


def namespace_access(namespace: str, contexts: tuple[tuple[str, str], ...]) -> str:
    """How the run's CREATE CONTEXT of `namespace` (upper case) keeps its values (RewriteOptions.app_contexts); ''
    when it is not in the run."""
    return next((access for name, access in contexts if name == namespace), "")


def app_context_read(node: exp.Expression, namespace: str, args: list[exp.Expression], ctx: Context) -> exp.Expression:
    """SYS_CONTEXT of a user namespace (a literal, upper case), or the call itself with its finding."""
    access = namespace_access(namespace, ctx.options.app_contexts)
    limit = _length(args[2] if len(args) > 2 else None)
    if access not in ("", LOCAL) or limit is None:
        why = f"{namespace} is {access}" if access not in ("", LOCAL) else "a length that is not an integer literal"
        ctx.flag("CONV-ORA-CONTEXT-001", node, f"SYS_CONTEXT('{namespace}', ...): {why}")
        return node
    value = call("jsonb_extract_path_text", _document(), exp.Literal.string(namespace), _attribute(args[1]))
    read = _at_most(value, limit, ctx)
    if read is None:
        ctx.flag("CONV-ORA-CONTEXT-001", node, f"SYS_CONTEXT('{namespace}', ...): the {limit}-byte limit in the "
                 f"{ctx.options.nls_characterset} character set")  # fmt: skip
        return node
    if not access:
        ctx.flag("CONV-ORA-CONTEXT-002", node, f"SYS_CONTEXT('{namespace}', ...)")
    if ctx.options.object_kind in IMMUTABLE_ENFORCED:  # current_setting() is STABLE: PostgreSQL refuses it there
        ctx.flag("CONV-IMMUTABLE-001", node, "current_setting()")
    read.meta[VARCHAR2] = True  # compared with a number or a date, Oracle converts it (oracle_numbers)
    return read


def _length(arg: exp.Expression | None) -> int | None:
    """The bytes SYS_CONTEXT returns at most: the length given when it is 1 to 4000, else 256; None when it is not
    an integer literal (Oracle does not document how it reads a fraction)."""
    if arg is None or (isinstance(arg, exp.Neg) and isinstance(arg.this, exp.Literal) and arg.this.is_number):
        return DEFAULT_LENGTH  # left out, or below 1
    if not (isinstance(arg, exp.Literal) and arg.is_number and arg.name.isdigit()):
        return None
    return int(arg.name) if 1 <= int(arg.name) <= MAX_LENGTH else DEFAULT_LENGTH


def _attribute(arg: exp.Expression) -> exp.Expression:
    """The attribute's name upper case: a literal's now, another expression's when the statement runs."""
    if isinstance(arg, exp.Literal) and arg.is_string:
        return exp.Literal.string(arg.name.upper())
    return call("upper", arg)


def _at_most(value: exp.Expression, limit: int, ctx: Context) -> exp.Expression | None:
    """`value` cut to `limit` bytes of the database character set: characters in a single-byte one, whole UTF-8
    characters in AL32UTF8 (Oracle does not say how it ends a cut inside a multibyte character: never with a part
    of one here); None in another character set. Read once in a scalar subquery where SQL allows one."""
    charset = ctx.options.nls_characterset.upper()
    if charset in SINGLE_BYTE_CHARSETS:
        return exp.Left(this=value, expression=exp.Literal.number(limit))
    if charset != "AL32UTF8":
        return None
    body = _template(_UTF8_CUT.format(n=limit, n1=limit - 1, n2=limit - 2, n3=limit - 3))
    values = {"aurora_b": call("convert_to", value, exp.Literal.string("UTF8"))}  # NULL stays NULL throughout
    if ctx.options.object_kind in NO_SUBQUERY_KINDS:  # a DEFAULT: each use of a value written in place
        return body.transform(lambda n: values[n.name].copy() if _placeholder(n) else n)
    return read_once(values, "aurora_ctx", body)


def _placeholder(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and node.table == "aurora_ctx"


@functools.cache
def _parsed(sql: str) -> exp.Expression:
    return parse_one(sql, dialect="postgres")


def _template(sql: str) -> exp.Expression:
    return _parsed(sql).copy()


def _document() -> exp.Expression:
    return _template(SESSION_DOCUMENT)
