"""DBMS_LOB statements that need more than a template (plsql_facts.BUILTIN_STATEMENTS).

DBMS_LOB.FREETEMPORARY(v) of a local variable the routine never names again, outside any loop -> a comment:
Oracle marks the locator invalid (a later read raises), PostgreSQL frees values itself; with no later read there
is nothing to tell apart. A parameter (the caller would get the freed locator), a later mention or a loop (the
next iteration may read it) keep the finding.

DBMS_LOB.CONVERTTOBLOB(dest_lob, src_clob, amount, dest_offset, src_offset, blob_csid, lang_context, warning)
-> PL/pgSQL writing the source's characters as bytes of the database character set, as Oracle documents it:

- `amount` characters from `src_offset` (DBMS_LOB.LOBMAXSIZE: to the end of the source) are converted to the
  database character set (`blob_csid` DBMS_LOB.DEFAULT_CSID, 0) and written over dest_lob from byte
  `dest_offset` (a gap past the end of the BLOB is zero bytes, as for every BLOB write);
- `dest_offset` comes back as the byte after the write, `src_offset` as the character after the read;
  `warning` is NO_WARNING (0): every character has an AL32UTF8 form; `lang_context` keeps its value (it carries
  the shift state of stateful character sets, which AL32UTF8 is not);
- VALUE_ERROR for a NULL argument and INVALID_ARGVAL for an offset or amount below 1 or above LOBMAXSIZE (the
  documented exceptions); an amount (other than LOBMAXSIZE) reaching past the source's end raises too: Oracle
  documents only that it must not exceed the LOB's size, not what it converts past the end.

Only the database character set AL32UTF8 (conversion.nls_characterset) is UTF-8 as PostgreSQL writes it (Oracle's
UTF8 is CESU-8), and the OUT arguments must be variables of the routine: otherwise a finding.
"""

from __future__ import annotations

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import Stmt

LOBMAXSIZE = "18446744073709551615"
_OUT = (0, 3, 4, 6, 7)  # dest_lob, dest_offset, src_offset, lang_context, warning: IN OUT / OUT variables


def convert_to_blob(scope: Scope, first: int, raw: list[str], args: list[str], out: Lines) -> bool:
    """The statements for one call, or False (the caller flags AM-PLSQL-009)."""
    if len(args) != 8 or scope.options().nls_characterset.upper() != "AL32UTF8" or args[5].strip() != "0":
        return False
    if any(raw[n].strip().upper() not in scope.locals for n in _OUT):
        return False
    dest, src, amount, dest_off, src_off, _csid, context, warning = args
    scope.extra["aurora_lob_src"] = "text"
    scope.extra["aurora_lob_amount"] = "numeric"
    scope.extra["aurora_lob_bytes"] = "bytea"
    out.line(f"aurora_lob_src := {src};")  # each argument evaluated once, as Oracle does
    out.line(f"aurora_lob_amount := {amount};")
    nulls = " OR ".join(f"{a} IS NULL" for a in (dest, "aurora_lob_src", "aurora_lob_amount", dest_off, src_off,
                                                 context))  # fmt: skip
    out.line(f"IF {nulls} THEN  -- DBMS_LOB.CONVERTTOBLOB raises VALUE_ERROR")
    out.line("    RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';")
    ranges = " OR ".join(f"{a} < 1 OR {a} > {LOBMAXSIZE}" for a in ("aurora_lob_amount", dest_off, src_off))
    out.line(f"ELSIF {ranges} THEN  -- DBMS_LOB.INVALID_ARGVAL (ORA-21560)")
    out.line(
        "    RAISE EXCEPTION 'argument is null, invalid, or out of range' USING ERRCODE = 'invalid_parameter_value';"
    )
    out.line(
        f"ELSIF aurora_lob_amount <> {LOBMAXSIZE} AND {src_off} + aurora_lob_amount - 1 > length(aurora_lob_src) THEN"
    )
    out.line("    RAISE EXCEPTION 'DBMS_LOB.CONVERTTOBLOB: amount past the end of the source' "
             "USING ERRCODE = 'invalid_parameter_value';")  # fmt: skip
    out.line("END IF;")
    part = f"substr(aurora_lob_src, ({src_off})::integer)"
    count = f"CASE WHEN aurora_lob_amount = {LOBMAXSIZE} THEN length({part}) ELSE aurora_lob_amount::integer END"
    out.line(f"aurora_lob_bytes := convert_to(substr({part}, 1, {count}), 'UTF8');")
    out.line(f"{src_off} := {src_off} + length(convert_from(aurora_lob_bytes, 'UTF8'));")
    out.line(f"{dest} := substring({dest} FROM 1 FOR ({dest_off})::integer - 1) || "
             f"decode(repeat('00', greatest(({dest_off})::integer - 1 - octet_length({dest}), 0)), 'hex') || "
             f"aurora_lob_bytes || substring({dest} FROM ({dest_off})::integer + octet_length(aurora_lob_bytes));")  # fmt: skip
    out.line(f"{dest_off} := {dest_off} + octet_length(aurora_lob_bytes);")
    out.line(f"{warning} := 0;  -- DBMS_LOB.NO_WARNING; {context} keeps its value")
    return True


def free_temporary(scope: Scope, first: int, end: int, raw: list[str], out: Lines) -> bool:
    name = raw[0].strip().upper() if len(raw) == 1 else ""
    if name not in scope.locals or name in scope.params:
        return False
    tokens = scope.src.tokens
    if any(t.upper == name for t in tokens[end:]):
        return False
    depth = 0
    for j in range(first):
        if tokens[j].upper == "LOOP":
            depth += -1 if j and tokens[j - 1].upper == "END" else 1
    if depth:
        return False
    out.line(f"NULL;  -- DBMS_LOB.FREETEMPORARY({raw[0].strip()}): not read again (PostgreSQL frees values itself)")
    return True


# `DBMS_LOB.ISTEMPORARY(v) = 1` (or `<> 0`, `!= 0`, `> 0`): the test that guards a FREETEMPORARY of v
_IS_TEMPORARY = [("=", "1"), ("<>", "0"), ("!=", "0"), (">", "0")]


def freed_if_temporary(scope: Scope, stmt: Stmt, out: Lines) -> bool:
    """`IF DBMS_LOB.ISTEMPORARY(v) = 1 THEN DBMS_LOB.FREETEMPORARY(v); END IF;` of a local variable free_temporary
    takes (not named again, outside a loop): the test reads nothing else, so the whole IF is that comment."""
    if len(stmt.arms) != 1 or stmt.arms[0][0] is None or len(stmt.arms[0][1]) != 1:
        return False
    (first, end), call = stmt.arms[0][0], stmt.arms[0][1][0]
    tokens = scope.src.tokens
    words = [t.upper or t.text for t in tokens[first:end]]
    if len(words) != 8 or words[:4] != ["DBMS_LOB", ".", "ISTEMPORARY", "("] or words[5] != ")":
        return False
    if (words[6], words[7]) not in _IS_TEMPORARY or call.kind != "call":
        return False
    called = [t.upper or t.text for t in tokens[call.first : call.end]]
    if called[:4] != ["DBMS_LOB", ".", "FREETEMPORARY", "("] or called[4:] != [words[4], ")", ";"]:
        return False
    return free_temporary(scope, call.first, call.end, [tokens[first + 4].text], out)


def copy(scope: Scope, raw: list[str], args: list[str], out: Lines) -> bool:
    """DBMS_LOB.COPY(dest_lob, src_lob, amount, dest_offset => 1, src_offset => 1) of a CLOB variable of the
    routine (PL/SQL Packages and Types Reference, DBMS_LOB.COPY): `amount` characters from `src_offset` (fewer when
    the source ends first: "it is not an error to specify an amount that exceeds the length") are written over
    dest from `dest_offset`; a gap past dest's end is filled with spaces; VALUE_ERROR for a NULL argument,
    INVALID_ARGVAL for an offset or amount below 1 or above LOBMAXSIZE. Each argument is evaluated once, before
    dest changes. An offset past the source's end copies nothing (nothing is written). A BLOB keeps the finding."""
    if (
        not 3 <= len(args) <= 5
        or raw[0].strip().lower() not in scope.texts
        or raw[0].strip().upper() not in scope.locals
    ):
        return False
    dest = args[0]
    values = [*args[1:], *["1"] * (5 - len(args))]
    names = ["aurora_lob_src", "aurora_lob_amount", "aurora_lob_dest_at", "aurora_lob_src_at"]
    for name, value in zip(names, values, strict=True):
        scope.extra[name] = "text" if name == "aurora_lob_src" else "numeric"
        out.line(f"{name} := {value};")
    src, amount, dest_at, src_at = names
    nulls = " OR ".join(f"{a} IS NULL" for a in (dest, *names))
    out.line(f"IF {nulls} THEN  -- DBMS_LOB.COPY raises VALUE_ERROR")
    out.line("    RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';")
    for number, value in ((3, amount), (4, dest_at), (5, src_at)):  # DBMS_LOB.INVALID_ARGVAL, Oracle's text
        out.line(f"ELSIF {value} < 1 OR {value} > {LOBMAXSIZE} THEN")
        out.line(f"    RAISE EXCEPTION 'ORA-21560: argument {number} is null, invalid, or out of range' "
                 "USING ERRCODE = 'invalid_parameter_value';")  # fmt: skip
    out.line(f"ELSIF round({src_at}) <= length({src}) THEN  -- amounts and offsets round to INTEGER")
    piece = f"substr({src}, round({src_at})::bigint::integer, least(round({amount}), 2147483647)::integer)"
    padded = f"rpad({dest}, greatest(length({dest}), round({dest_at})::integer - 1), ' ')"
    out.line(f"    {dest} := overlay({padded} PLACING {piece} FROM round({dest_at})::integer FOR length({piece}));")
    out.line("END IF;")
    return True


# DBMS_LOB members that write through their first argument's locator
LOB_WRITERS = frozenset({"APPEND", "WRITEAPPEND", "COPY", "CONVERTTOBLOB", "CONVERTTOCLOB", "WRITE", "TRIM", "ERASE",
                         "LOADFROMFILE", "LOADCLOBFROMFILE", "LOADBLOBFROMFILE", "FRAGMENT_INSERT"})  # fmt: skip


def table_locator(scope: Scope, raw: str) -> bool:
    """May the LOB written be a table's (a persistent LOB)? In Oracle, DBMS_LOB writes through a locator: a
    variable filled by SELECT / FETCH / RETURNING ... INTO (the `SELECT doc INTO l FROM t ... FOR UPDATE;
    DBMS_LOB.WRITEAPPEND(l, ...)` idiom) or given by a caller changes the table's row. PostgreSQL values are copies:
    writing the variable leaves the row as it was. Only a local variable of the routine that is never an INTO
    target nor assigned another LOB by name is known to hold a temporary LOB of its own."""
    name = raw.strip().upper()
    if name not in scope.locals or name in scope.params:
        return True
    tokens = scope.src.tokens
    into = False
    for at, token in enumerate(tokens):
        into = True if token.upper == "INTO" else False if token.upper in ("FROM", "USING", ";", "BULK") else into
        if token.upper != name or (at > 0 and tokens[at - 1].text == "."):
            continue
        if into:
            return True  # an INTO target
        nxt = tokens[at + 1 : at + 4]
        if len(nxt) == 3 and nxt[0].text == ":=" and nxt[1].kind == "word" and nxt[2].text == ";":
            return True  # v := other_lob: the other's locator
    return False
