"""Statement readers for indexes, sequences, views, materialized views, synonyms, DB links,
comments and grants."""

from __future__ import annotations

from dataclasses import replace

from assessments.files.builder import Builder
from assessments.files.constraints import nulls_equal, skip_physical
from assessments.files.view_columns import view_columns
from migrate.model import DbLink, Grant, Index, IndexColumn, Sequence, Synonym, View
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.statement import Statement

# Index kinds from the words between CREATE and INDEX, with why each maps as it does.
INDEX_KIND_WORDS = {
    "BITMAP": "bitmap",  # Oracle bitmap: no PostgreSQL equivalent, becomes B-tree (or BRIN) on the target
    "CLUSTERED": "clustered",  # SQL Server: the table's physical order
    "NONCLUSTERED": "btree",
    "COLUMNSTORE": "columnstore",
    "FULLTEXT": "fulltext",
    "SPATIAL": "spatial",
    "XML": "xml",
}


def read_index(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    unique = kind = ""
    while not cur.at("INDEX") and not cur.done:
        word = cur.next().upper  # type: ignore[union-attr]
        unique = unique or ("UNIQUE" if word == "UNIQUE" else "")
        kind = INDEX_KIND_WORDS.get(word, kind)
    cur.accept("INDEX")
    cur.accept("CONCURRENTLY")
    cur.accept("IF", "NOT", "EXISTS")
    index_name = cur.name() if not cur.at("ON") else ()
    cur.accept("ON")
    cur.accept("ONLY")
    schema, table_name = b.qualify(cur.name())
    if cur.accept("USING"):
        kind = cur.next().text.lower()  # type: ignore[union-attr]
    columns = _index_columns(cur)
    unread: list[str] = []
    include, where, reverse, nulls_not_distinct = _index_options(cur, unread)
    if kind in ("", "btree") and any(c.is_expression for c in columns):  # pg_dump writes USING btree
        kind = "function"
    if any(u.startswith("INDEXTYPE") for u in unread):
        kind = "domain"
    if unread:
        b.problem("SCAN-PARTIAL-001", f"index {'.'.join(index_name)}: not understood: {'; '.join(unread)[:200]}", stmt)
    index = Index(
        name=index_name[-1] if index_name else "",
        columns=columns,
        unique=bool(unique),
        kind="reverse" if reverse else (kind or "btree"),
        include=include,
        where=where,
        nulls_not_distinct=nulls_not_distinct or (bool(unique) and nulls_equal(cur)),
    )
    qualified = f"{schema}.{table_name}"
    if b.is_partition(schema, table_name):
        b.record(stmt, "index", qualified, "ignored", "an index of a partition: the parent's index creates it")
        return
    if b.change(
        "views", schema, table_name, lambda v: replace(v, materialized=True, refresh="ON COMMIT (indexed view)")
    ):
        b.record(stmt, "index", f"{schema}.{index.name}")  # SQL Server: an index on a view stores it
        return
    if not b.change("tables", schema, table_name, lambda t: replace(t, indexes=(*t.indexes, index))):
        if b.defer(stmt):
            return  # its table may be in a file read later
        b.problem("SCAN-ORPHAN-001", f"index {index.name} is on {qualified}, which is not in the files", stmt)
        b.record(stmt, "index", qualified, "unsupported", "table not in the scanned files")
        return
    b.record(stmt, "index", f"{schema}.{index.name}")


def _index_columns(cur: Cursor) -> tuple[IndexColumn, ...]:
    span = cur.group()
    if span is None:
        return ()
    columns = []
    for begin, end in split_top_level(cur.text, cur.quoting, *span):
        item = Cursor(cur.text, cur.quoting, begin, end)
        tokens = item.tokens
        descending = bool(tokens) and tokens[-1].upper == "DESC"
        if tokens and tokens[-1].upper in ("ASC", "DESC"):
            tokens = tokens[:-1]
        plain = len(tokens) == 1 and tokens[0].kind in ("word", "qident")
        text = item.fold(tokens[0]) if plain else cur.text[tokens[0].start : tokens[-1].end] if tokens else ""
        columns.append(IndexColumn(text, descending=descending, is_expression=not plain))
    return tuple(columns)


def _index_options(cur: Cursor, unread: list[str]) -> tuple[tuple[str, ...], str | None, bool, bool]:
    """INCLUDE, WHERE, REVERSE and NULLS NOT DISTINCT after the columns; what is not understood goes to `unread`."""
    include: tuple[str, ...] = ()
    where = None
    reverse = nulls_not_distinct = False
    while not cur.done:
        if cur.accept("INCLUDE"):
            span = cur.group()
            include = (
                tuple(
                    ".".join(Cursor(cur.text, cur.quoting, s, e).name())
                    for s, e in split_top_level(cur.text, cur.quoting, *span)
                )
                if span
                else ()
            )
        elif cur.accept("WHERE"):
            begin, end = cur.skip_to(lambda c: c.at("WITH", "(") or c.at("ON") or c.at("TABLESPACE"))
            where = cur.slice(begin, end)
        elif cur.accept("REVERSE"):
            reverse = True
        elif cur.accept("NULLS", "DISTINCT"):
            nulls_not_distinct = False  # PostgreSQL 15: the default, said out loud
        elif cur.accept("NULLS", "NOT", "DISTINCT"):
            nulls_not_distinct = True  # PostgreSQL 15: NULLs count as equal (one NULL key only)
        elif cur.accept("INDEXTYPE", "IS"):
            unread.append(f"INDEXTYPE IS {'.'.join(cur.name())}")  # Oracle Text / Spatial: a domain index
            cur.skip_to(lambda c: False)
        elif cur.accept("PARTITION", "BY") or cur.at("PARTITION", "("):
            cur.skip_to(lambda c: False)  # a partitioned index: PostgreSQL partitions indexes with their table
        elif not skip_physical(cur, unread):
            token = cur.next()
            unread.append(token.text if token else "")
    return include, where, reverse, nulls_not_distinct


# Sequence options: words → (field, how the value is read). Each row says which source writes it.
def _int_after(cur: Cursor) -> int | None:
    sign = -1 if cur.accept("-") else 1
    token = cur.peek()
    if token is not None and token.kind == "number":
        cur.next()
        return sign * int(token.text.split(".")[0])
    return None


def read_sequence(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("SEQUENCE")
    cur.accept("IF", "NOT", "EXISTS")
    schema, name = b.qualify(cur.name())
    fields: dict[str, object] = {}
    unread: list[str] = []
    while not cur.done:
        if cur.accept("OWNED", "BY"):  # PostgreSQL: the column it feeds; goes with that column
            cur.name()
            continue
        if cur.accept("AS"):  # T-SQL / PostgreSQL: the sequence's type
            fields["data_type"] = cur.slice(*cur.skip_to(lambda c: c.word() in SEQUENCE_WORDS))
            continue
        for words, field, value in SEQUENCE_OPTIONS:
            if cur.accept(*words):
                fields[field] = value(cur) if callable(value) else value
                break
        else:
            token = cur.next()
            if token is not None and token.upper not in HARMLESS_SEQUENCE_WORDS:
                unread.append(token.text)
    if unread:
        b.problem("SCAN-PARTIAL-001", f"sequence {schema}.{name}: not understood: {' '.join(unread)[:200]}", stmt)
    sequence = Sequence(schema, name, location=stmt.location, source_text=stmt.text, **fields)  # type: ignore[arg-type]
    b.put("sequences", sequence)
    b.record(stmt, "sequence", f"{schema}.{name}")


SEQUENCE_OPTIONS = (
    (("START", "WITH"), "start", _int_after),  # Oracle, T-SQL, PostgreSQL
    (("START",), "start", _int_after),  # PostgreSQL lets WITH out
    (("INCREMENT", "BY"), "increment", _int_after),
    (("INCREMENT",), "increment", _int_after),
    (("MINVALUE",), "min_value", _int_after),
    (("MAXVALUE",), "max_value", _int_after),
    (("NO", "MINVALUE"), "min_value", None),
    (("NO", "MAXVALUE"), "max_value", None),
    (("NOMINVALUE",), "min_value", None),
    (("NOMAXVALUE",), "max_value", None),
    (("NO", "CYCLE"), "cycle", False),
    (("NOCYCLE",), "cycle", False),
    (("CYCLE",), "cycle", True),
    (("NO", "CACHE"), "cache", 1),
    (("NOCACHE",), "cache", 1),  # Oracle NOCACHE: every NEXTVAL is a dictionary write; PostgreSQL CACHE 1
    (("CACHE",), "cache", _int_after),
    (("NOORDER",), "ordered", False),
    (("ORDER",), "ordered", True),  # Oracle RAC: values in request order across instances
)
# Options with nothing to keep on PostgreSQL. Anything else unknown is reported: Oracle SESSION and
# SCALE/EXTEND sequences give values a plain sequence does not.
HARMLESS_SEQUENCE_WORDS = frozenset(
    {"NOKEEP", "KEEP", "NOSCALE", "NOEXTEND", "GLOBAL", "NOPARTITION", "OWNED", "BY", "NONE", "NOSHARD"}
)
SEQUENCE_WORDS = frozenset(w[0] for w, _f, _v in SEQUENCE_OPTIONS)


def read_view(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept("OR", "ALTER")
    cur.accept("ALTER")
    while not cur.at("VIEW") and not cur.done:
        cur.next()  # FORCE, NOFORCE, EDITIONABLE, EDITIONING, TEMP, RECURSIVE, SQL SECURITY ...
    cur.accept("VIEW")
    schema, name = b.qualify(cur.name())
    columns = _name_list(cur)
    cur.skip_to(lambda c: c.word() == "AS")  # WITH SCHEMABINDING, BEQUEATH, SHARING=...
    cur.accept("AS")
    view = view_query(cur, View(schema, name, "", columns=columns, location=stmt.location, source_text=stmt.text))
    b.put("views", replace(view, columns=view.columns or view_columns(view.query, cur.quoting.name)))
    b.record(stmt, "view", f"{schema}.{name}")


def read_materialized_view(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("MATERIALIZED", "VIEW")
    cur.accept("IF", "NOT", "EXISTS")
    schema, name = b.qualify(cur.name())
    columns = _name_list(cur)
    refresh = None
    while not cur.done and not cur.at("AS"):
        if cur.accept("REFRESH"):
            begin, end = cur.skip_to(lambda c: c.word() in ("AS", "BUILD", "ENABLE", "DISABLE", "TABLESPACE", "USING"))
            refresh = cur.slice(begin, end) or None
        else:
            cur.next()
    cur.accept("AS")
    view = View(
        schema, name, "", columns, materialized=True, refresh=refresh, location=stmt.location, source_text=stmt.text
    )
    view = view_query(cur, view)
    b.put("views", replace(view, columns=view.columns or view_columns(view.query, cur.quoting.name)))
    b.record(stmt, "materialized_view", f"{schema}.{name}")


def _name_list(cur: Cursor) -> tuple[str, ...]:
    span = cur.group()
    if span is None:
        return ()
    return tuple(
        ".".join(Cursor(cur.text, cur.quoting, s, e).name()) for s, e in split_top_level(cur.text, cur.quoting, *span)
    )


def view_query(cur: Cursor, view: View) -> View:
    """The query text, without the trailing `;` and the WITH READ ONLY / CHECK OPTION / [NO] DATA tail."""
    tokens = cur.tokens[cur.pos :]
    while tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    uppers = [t.upper for t in tokens]
    tails = (
        (["WITH", "READ", "ONLY"], "read_only"),
        (["WITH", "CHECK", "OPTION"], "with_check_option"),
        (["WITH", "NO", "DATA"], ""),
        (["WITH", "DATA"], ""),
    )
    flags = {}
    for words, flag in tails:
        for at in range(len(uppers) - len(words), -1, -1):
            if uppers[at : at + len(words)] == words and (
                at + len(words) == len(uppers) or uppers[at + len(words)] == "CONSTRAINT"
            ):
                tokens = tokens[:at]
                uppers = uppers[:at]
                if flag:
                    flags[flag] = True
                break
    query = cur.text[tokens[0].start : tokens[-1].end] if tokens else ""
    return replace(view, query=query, **flags)


def read_synonym(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept_any("EDITIONABLE", "NONEDITIONABLE")
    public = cur.accept("PUBLIC")
    cur.accept("SYNONYM")
    own = cur.name()
    schema, name = ("PUBLIC", own[-1]) if public else b.qualify(own)
    cur.accept("FOR")
    target = cur.name()
    link = None
    if cur.accept("@"):
        link = ".".join(cur.name())
    # an unqualified target is in the schema of the user creating the synonym (Oracle: "the database assumes that
    # the schema object is in your own schema"; SQL Server: the current user's default schema), a PUBLIC one too
    target_schema = b.qualify(target)[0] if target else None
    synonym = Synonym(schema, name, target_schema, target[-1] if target else "", link, stmt.location)
    b.put("synonyms", synonym)
    b.record(stmt, "synonym", f"{schema}.{name}")


def read_db_link(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """Oracle DB link. The password after IDENTIFIED BY is never read into anything."""
    cur.accept("CREATE")
    cur.accept("SHARED")
    public = cur.accept("PUBLIC")
    cur.accept("DATABASE", "LINK")
    name = ".".join(cur.name())
    username = target = None
    while not cur.done:
        if cur.accept("CONNECT", "TO"):
            username = ".".join(cur.name())
        elif cur.accept("IDENTIFIED", "BY"):
            cur.next()
        elif cur.accept("USING"):
            token = cur.next()
            target = token.text[1:-1] if token is not None else None
        else:
            cur.next()
    owner = "PUBLIC" if public else b.owner()
    b.db_links.append(DbLink(owner, name, target or "", username, None, stmt.location))
    b.record(stmt, "db_link", f"{owner}.{name}")


def read_comment(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("COMMENT", "ON")
    target_kind = cur.accept_any("TABLE", "COLUMN", "MATERIALIZED VIEW", "VIEW")
    if not target_kind:
        kind = cur.word().lower()
        if kind == "extension":
            b.record(stmt, "comment", "", "ignored", "an extension's own comment: it comes with the extension")
        else:
            b.problem("SCAN-UNSUPPORTED-001", f"a comment on a {kind}: the inventory keeps comments on tables, "
                      "views and columns only", stmt)  # fmt: skip
            b.record(stmt, "comment", "", "unsupported", f"comment on a {kind}")
        return
    parts = cur.name()
    cur.accept("IS")
    token = cur.next()
    text = token.text[1:-1].replace("''", "'") if token is not None and token.kind == "string" else None
    column = parts[-1] if target_kind == "COLUMN" else None
    owner = b.qualify(parts[:-1] if column else parts)
    done = _apply_comment(b, owner, column, text)
    qualified = f"{owner[0]}.{owner[1]}"
    if not done and b.defer(stmt):
        return  # its table or view may be in a file read later
    if not done:
        b.problem("SCAN-ORPHAN-001", f"COMMENT ON {target_kind or '?'} {qualified}: object not in the files", stmt)
        b.record(stmt, "comment", qualified, "unsupported", "object not in the scanned files")
        return
    b.record(stmt, "comment", qualified + (f".{column}" if column else ""))


def _apply_comment(b: Builder, owner: tuple[str, str], column: str | None, text: str | None) -> bool:
    if column is None:
        return b.change_table(*owner, comment=text) or b.change("views", *owner, lambda v: replace(v, comment=text))

    def on_column(table):  # type: ignore[no-untyped-def]
        columns = tuple(replace(c, comment=text) if c.name.upper() == column.upper() else c for c in table.columns)
        return replace(table, columns=columns)

    def on_view_column(view):  # type: ignore[no-untyped-def]
        kept = tuple((c, t) for c, t in view.column_comments if c.upper() != column.upper())
        return replace(view, column_comments=kept + (((column, text),) if text is not None else ()))

    return b.change("tables", *owner, on_column) or b.change("views", *owner, on_view_column)


def read_grant(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("GRANT")
    begin, end = cur.skip_to(lambda c: c.word() in ("ON", "TO"))
    privileges = [p.strip().upper() for p in cur.text[begin:end].split(",") if p.strip()]
    schema = name = ""
    if cur.accept("ON"):
        directory = cur.accept("DIRECTORY")  # Oracle's server directories (UTL_FILE, external tables): SYS owns them
        cur.accept_any("OBJECT ::", "SCHEMA ::", "TABLE", "SEQUENCE", "FUNCTION", "PROCEDURE")
        schema, name = b.qualify(cur.name())
        schema = "SYS" if directory else schema
        cur.group()  # PostgreSQL function signature
    cur.accept("TO")
    named = [(".".join(Cursor(cur.text, cur.quoting, s, e).name()), cur.text[s:e]) for s, e in _grantee_spans(cur)]
    grantees = [grantee for grantee, _text in named if grantee]
    for _grantee, text in (n for n in named if not n[0]):  # `TO &user`: a SQL*Plus variable with no value
        b.problem("SCAN-PARTIAL-001", f"GRANT ... TO {text.strip()}: the grantee is not a name the scan can "
                  "know (a SQL*Plus variable with no value in the scanned files); the grant is left out", stmt)  # fmt: skip
    grantable = "WITH GRANT OPTION" in " ".join(t.upper for t in cur.tokens)
    for grantee in grantees:
        for privilege in privileges:
            b.grants.append(Grant(grantee, privilege, schema, name, grantable))
    b.record(stmt, "grant", f"{schema}.{name}" if name else ", ".join(privileges))


def _grantee_spans(cur: Cursor) -> list[tuple[int, int]]:
    begin, end = cur.skip_to(lambda c: c.word() == "WITH" or c.at(";"))
    return split_top_level(cur.text, cur.quoting, begin, end)
