"""Arguments and constants of Oracle-supplied package calls (PL/SQL Packages and Types Reference):

    DBMS_LOB.SUBSTR(lob_loc => v, offset => 5)   -> the positional template with (v, 32767, 5)... only when the
                                                    names fill the leading positions: a gap stays a finding
    DBMS_CRYPTO.HASH_SH1                         -> 3 (the package's documented constant)
    DBMS_CRYPTO.HASH(r, DBMS_CRYPTO.HASH_SH256)  -> public.digest(r, 'sha256') (pgcrypto, created before the routine)

A supplied call's template is positional (plsql_facts); named notation maps each name to its position from the
member's documented parameter names first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from converters.procedural.plsql_assert import ASSERT_MEMBERS, assert_form

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

# the packages' documented constants (PLS_INTEGER / INTEGER values)
SUPPLIED_CONSTANTS: dict[tuple[str, str], str] = {
    ("DBMS_LOB", "DEFAULT_CSID"): "0",
    ("DBMS_LOB", "DEFAULT_LANG_CTX"): "0",
    ("DBMS_LOB", "NO_WARNING"): "0",
    ("DBMS_LOB", "WARN_INCONVERTIBLE_CHAR"): "1",
    ("DBMS_LOB", "LOBMAXSIZE"): "18446744073709551615",
    ("DBMS_LOB", "LOB_READONLY"): "0",
    ("DBMS_LOB", "LOB_READWRITE"): "1",
    ("DBMS_LOB", "SESSION"): "10",
    ("DBMS_LOB", "CALL"): "12",
    ("UTL_RAW", "BIG_ENDIAN"): "1",
    ("UTL_RAW", "LITTLE_ENDIAN"): "2",
    ("UTL_RAW", "MACHINE_ENDIAN"): "3",
    ("DBMS_CRYPTO", "HASH_MD4"): "1",
    ("DBMS_CRYPTO", "HASH_MD5"): "2",
    ("DBMS_CRYPTO", "HASH_SH1"): "3",
    ("DBMS_CRYPTO", "HASH_SH256"): "4",
    ("DBMS_CRYPTO", "HASH_SH384"): "5",
    ("DBMS_CRYPTO", "HASH_SH512"): "6",
    ("DBMS_CRYPTO", "HMAC_MD5"): "1",
    ("DBMS_CRYPTO", "HMAC_SH1"): "2",
    ("DBMS_CRYPTO", "HMAC_SH256"): "3",
    ("DBMS_CRYPTO", "HMAC_SH384"): "4",
    ("DBMS_CRYPTO", "HMAC_SH512"): "5",
}

# each member's parameter names, in order (named notation maps onto the positional templates)
PARAMETER_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("DBMS_LOB", "SUBSTR"): ("LOB_LOC", "AMOUNT", "OFFSET"),
    ("DBMS_LOB", "GETLENGTH"): ("LOB_LOC",),
    ("DBMS_LOB", "COMPARE"): ("LOB_1", "LOB_2", "AMOUNT", "OFFSET_1", "OFFSET_2"),
    ("DBMS_LOB", "INSTR"): ("LOB_LOC", "PATTERN", "OFFSET", "NTH"),
    ("DBMS_LOB", "CREATETEMPORARY"): ("LOB_LOC", "CACHE", "DUR"),
    ("DBMS_LOB", "APPEND"): ("DEST_LOB", "SRC_LOB"),
    ("DBMS_LOB", "WRITEAPPEND"): ("LOB_LOC", "AMOUNT", "BUFFER"),
    ("DBMS_LOB", "FREETEMPORARY"): ("LOB_LOC",),
    ("DBMS_LOB", "CONVERTTOBLOB"): (
        "DEST_LOB",
        "SRC_CLOB",
        "AMOUNT",
        "DEST_OFFSET",
        "SRC_OFFSET",
        "BLOB_CSID",
        "LANG_CONTEXT",
        "WARNING",
    ),
    ("UTL_RAW", "LENGTH"): ("R",),
    ("UTL_RAW", "CAST_TO_RAW"): ("C",),
    ("UTL_RAW", "CAST_TO_VARCHAR2"): ("R",),
    ("UTL_I18N", "STRING_TO_RAW"): ("DATA", "DST_CHARSET"),
    ("DBMS_APPLICATION_INFO", "SET_MODULE"): ("MODULE_NAME", "ACTION_NAME"),
    ("DBMS_APPLICATION_INFO", "SET_ACTION"): ("ACTION_NAME",),
    ("DBMS_APPLICATION_INFO", "SET_CLIENT_INFO"): ("CLIENT_INFO",),
    ("UTL_I18N", "RAW_TO_CHAR"): ("DATA", "SRC_CHARSET"),
    ("UTL_RAW", "CAST_FROM_BINARY_INTEGER"): ("N", "ENDIANESS"),
    ("UTL_RAW", "CAST_TO_BINARY_INTEGER"): ("R", "ENDIANESS"),
    ("UTL_ENCODE", "BASE64_ENCODE"): ("R",),
    ("UTL_ENCODE", "BASE64_DECODE"): ("R",),
    ("DBMS_CRYPTO", "HASH"): ("SRC", "TYP"),
    ("DBMS_CRYPTO", "MAC"): ("SRC", "TYP", "KEY"),
    ("DBMS_OUTPUT", "PUT_LINE"): ("ITEM",),
    ("DBMS_LOCK", "SLEEP"): ("SECONDS",),
    ("DBMS_SESSION", "SLEEP"): ("SECONDS",),
    ("DBMS_RANDOM", "VALUE"): ("LOW", "HIGH"),
    **{("DBMS_ASSERT", m): ("STR", "CAPITALIZE") if m == "ENQUOTE_NAME" else ("STR",) for m in ASSERT_MEMBERS},
}

# DBMS_CRYPTO's algorithm numbers -> pgcrypto's names (HASH_MD4 has none: it stays a finding)
_HASHES = {"2": "md5", "3": "sha1", "4": "sha256", "5": "sha384", "6": "sha512"}
_MACS = {"1": "md5", "2": "sha1", "3": "sha256", "4": "sha384", "5": "sha512"}
_PLACEHOLDER = re.compile(r"aurora_ph_(\d+)", re.I)  # plsql_expr.PLACEHOLDER
PGCRYPTO = "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;\n"
# what a converted argument starting so is: a bytea (RAW / BLOB) value
_BINARY_FORMS = ("convert_to(", "public.digest(", "public.hmac(", "decode(", "int4send(", "'\\x")


def ordered_args(w: Walk, key: tuple[str, str], first: int, end: int) -> list[str] | None:
    """The arguments between first and end in positional order, each rewritten (Walk.inner); named ones
    (`name => value`) placed by the member's parameter names. None when a name is unknown, repeated, or leaves a
    position before it unfilled (its default is not known here)."""
    spans, depth, start = [], 0, first
    for j in range(first, end):
        text = w.tokens[j].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if text == "," and depth == 0:
            spans.append((start, j))
            start = j + 1
    if end > first:
        spans.append((start, end))
    names = PARAMETER_NAMES.get(key, ())
    placed: dict[int, str] = {}
    named = False
    for n, (a, b) in enumerate(spans):
        if b - a > 2 and w.text(a + 1) == "=>":
            name, named = w.tokens[a].upper.strip('"'), True
            if name not in names or names.index(name) in placed:
                return None
            placed[names.index(name)] = w.inner(a + 2, b)
        elif named:
            return None  # a positional argument after a named one: PL/SQL refuses it too
        else:
            placed[n] = w.inner(a, b)
    if sorted(placed) != list(range(len(placed))):
        return None
    return [placed[n] for n in range(len(placed))]


def crypto_form(w: Walk, member: str, args: list[str]) -> str | None:
    """DBMS_CRYPTO.HASH(src, typ) / MAC(src, typ, key) with typ a documented constant and src (and key) a RAW or
    BLOB: pgcrypto's digest / hmac of the same bytes (a RAW result is a bytea). A VARCHAR2 or CLOB src goes
    through the CLOB overload, whose character set conversion Oracle does not document: a finding."""
    table, count = (_HASHES, 2) if member == "HASH" else (_MACS, 3)
    if len(args) != count or args[1].strip() not in table:
        return None
    values = [_value(w, a.strip()) for a in args]
    binary = [v.lower() in w.scope.binaries or v.startswith(_BINARY_FORMS) or _hextoraw(v) for v in values]
    if not binary[0] or (count == 3 and not binary[2]):
        return None
    if PGCRYPTO not in w.scope.prelude:
        w.scope.prelude.append(PGCRYPTO)
    algorithm = table[args[1].strip()]
    if member == "HASH":
        return f"public.digest({{0}}, '{algorithm}')"
    return f"public.hmac({{0}}, {{2}}, '{algorithm}')"


def _hextoraw(text: str) -> bool:
    """HEXTORAW(x) as the whole argument (a RAW; `HEXTORAW(a) || b` would be text)."""
    if not text.upper().startswith("HEXTORAW("):
        return False
    depth = 0
    for n, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char == ")":
            return n == len(text) - 1
    return False


def _value(w: Walk, text: str) -> str:
    """A rewritten argument that is one placeholder (a supplied call's form): its value, else the text."""
    found = _PLACEHOLDER.fullmatch(text)
    return w.values[int(found.group(1))] if found else text


def binary_integer_form(w: Walk, member: str, args: list[str]) -> str | None:
    """UTL_RAW.CAST_FROM_BINARY_INTEGER(n[, endianess]): the 4-byte two's complement of n, BIG_ENDIAN (1, the
    default) as int4send writes it, LITTLE_ENDIAN (2) its bytes reversed. A NUMBER n becomes a BINARY_INTEGER as
    Oracle converts it (rounded; out of range an overflow error in both). MACHINE_ENDIAN (3) depends on the
    Oracle server's processor, and a non-constant endianess is known only at run time: findings."""
    order = args[1].strip() if len(args) == 2 else "1"
    if order == "1":
        return "int4send(({0})::integer)"
    if order != "2":
        return None
    reversed_ = " || ".join(f"substring(aurora_b FROM {k} FOR 1)" for k in (4, 3, 2, 1))
    return f"(SELECT {reversed_} FROM (SELECT int4send(({{0}})::integer) AS aurora_b) aurora_n)"


def charset_form(w: Walk, member: str, args: list[str]) -> str | None:
    """UTL_RAW.CAST_TO_RAW / CAST_TO_VARCHAR2 recast the text's bytes in the database character set: UTF-8 when
    that is AL32UTF8 (conversion.nls_characterset); another character set (Oracle's UTF8 is CESU-8) writes other
    bytes: a finding."""
    if len(args) != 1 or w.scope.options().nls_characterset.upper() != "AL32UTF8":
        return None
    return "convert_to({0}, 'UTF8')" if member == "CAST_TO_RAW" else "convert_from({0}, 'UTF8')"


def i18n_form(w: Walk, member: str, args: list[str]) -> str | None:
    """UTL_I18N.STRING_TO_RAW(text, charset) / RAW_TO_CHAR(raw, charset): the text's bytes in a character set, and
    back. AL32UTF8 (or no character set, NULL: the database's, when that is AL32UTF8) is UTF-8, in which every
    character has bytes; another character set replaces the characters it lacks in Oracle where PostgreSQL
    raises: a finding."""
    charset = args[1].strip().upper() if len(args) == 2 else "NULL"
    if charset == "NULL":
        charset = f"'{w.scope.options().nls_characterset.upper()}'"
    if len(args) not in (1, 2) or charset != "'AL32UTF8'":
        return None
    return "convert_to({0}, 'UTF8')" if member == "STRING_TO_RAW" else "convert_from({0}, 'UTF8')"


SPECIAL_FORMS: dict[tuple[str, str], Callable[[Walk, str, list[str]], str | None]] = {
    ("UTL_I18N", "STRING_TO_RAW"): i18n_form,
    ("UTL_I18N", "RAW_TO_CHAR"): i18n_form,
    ("DBMS_CRYPTO", "HASH"): crypto_form,
    ("DBMS_CRYPTO", "MAC"): crypto_form,
    ("UTL_RAW", "CAST_FROM_BINARY_INTEGER"): binary_integer_form,
    ("UTL_RAW", "CAST_TO_RAW"): charset_form,
    ("UTL_RAW", "CAST_TO_VARCHAR2"): charset_form,
    **{("DBMS_ASSERT", m): assert_form for m in ASSERT_MEMBERS},
}
