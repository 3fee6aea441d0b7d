"""Shapes of real export scripts, each written small: files scanned, converted and deployed to the
real PostgreSQL, every object deployed (or manual with its reason) and the result queried."""

from __future__ import annotations

from pathlib import Path

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output
from migrate.deploy import deploy
from migrate.errors import QueryError
from tests.conftest import need_part


def deployed(tmp_path: Path, pg, dialect: str, files: dict[str, str]) -> dict[str, str]:
    """Write the files into a folder, scan it as a directory, convert, deploy: {"kind schema.name": status}."""
    src = tmp_path / "src"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    write_output(convert_inventory(scan_files([src], dialect)), out)
    return {f"{o.kind} {o.schema}.{o.name}": o.status.value for o in deploy(out, pg).outcomes}


def test_changes_in_a_file_read_before_the_tables_file_apply(tmp_path: Path, pg) -> None:
    # a_keys.sql sorts before b_tables.sql: its ALTER, INDEX and COMMENT are read once every file is read
    files = {
        "a_keys.sql": "alter table t add constraint t_pk primary key (id);\n"
        "alter table c add constraint c_t_fk foreign key (t_id) references t (id);\n"
        "create index c_t_i on c (t_id);\ncomment on table t is 'parents';\n",
        "b_tables.sql": "create table t (id number(9));\ncreate table c (id number(9), t_id number(9));\n",
    }
    assert set(deployed(tmp_path, pg, "oracle", files).values()) == {"ok"}
    assert pg.scalar("SELECT count(*) FROM pg_constraint WHERE conname IN ('t_pk', 'c_t_fk')") == 2
    assert pg.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'c_t_i'") == 1
    assert pg.scalar("SELECT obj_description('\"default\".t'::regclass)") == "parents"


def test_a_change_to_a_table_in_no_file_is_reported_once(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sql").write_text("alter table gone add constraint g_pk primary key (id);\n")
    (src / "b.sql").write_text("create table t (id int);\n")
    inventory = scan_files([src], "oracle")
    assert [f.rule_id for f in inventory.findings if f.rule_id == "SCAN-ORPHAN-001"] == ["SCAN-ORPHAN-001"]
    [record] = [r for r in inventory.statements if r.kind == "alter_table"]
    assert (record.disposition, record.reason) == ("unsupported", "table not in the scanned files")


def test_an_existence_guard_around_a_drop_is_ignored_like_the_drop(tmp_path: Path, pg) -> None:
    files = {
        "a.sql": "if exists (select * from sysobjects where id = object_id('dbo.T') and sysstat & 0xf = 3)\n"
        '\tdrop table "dbo"."T"\nGO\nIF OBJECT_ID(\'dbo.V\') IS NOT NULL DROP VIEW dbo.V\nGO\n'
        'CREATE TABLE "T" ("id" "int" NOT NULL)\nGO\n'
    }
    assert deployed(tmp_path, pg, "sqlserver", files) == {"schema .dbo": "ok", "table dbo.t": "ok"}
    inventory = scan_files([tmp_path / "src"], "sqlserver")
    drops = [r for r in inventory.statements if r.kind == "drop"]
    assert [(r.disposition, r.location.line) for r in drops] == [("ignored", 2), ("ignored", 4)]


def test_sp_addtype_with_a_bare_type_name_makes_a_domain_the_tables_use(tmp_path: Path, pg) -> None:
    # T-SQL takes a bare word as a string argument; the RAISERROR after the calls is the next statement
    files = {
        "a.sql": "execute sp_addtype code ,'varchar(6)' ,'NOT NULL'\nexecute sp_addtype [note], 'char(2)'\n"
        "raiserror('types made',0,1)\nGO\nCREATE TABLE item (c code PRIMARY KEY, n note NULL, d code)\nGO\n"
    }
    statuses = deployed(tmp_path, pg, "sqlserver", files)
    assert statuses == {"schema .dbo": "ok", "domain dbo.code": "ok", "domain dbo.note": "ok", "table dbo.item": "ok"}
    assert pg.scalar("SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'code'") == (
        "character varying(6)"
    )
    # the columns get the base type; the alias's NOT NULL holds where the column does not state its own
    assert pg.scalar("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull, ', ' "
                     "ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'dbo.item'::regclass AND attnum > 0") == (
        "c character varying(6) true, n character(2) false, d character varying(6) true"
    )  # fmt: skip


def test_install_script_messages_and_maintenance_are_ignored_with_a_reason(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sql").write_text(
        "raiserror('Now at the tables ....',0,1)\nGO\nCHECKPOINT\nGO\nRAISERROR('stop here', 16, 1)\nGO\n"
        "CREATE DATABASE shop\nGO\n"
    )
    inventory = scan_files([src], "sqlserver")
    assert [(r.kind, r.disposition) for r in inventory.statements if r.kind != "client"] == [
        ("print", "ignored"), ("checkpoint", "ignored"), ("raiserror", "unsupported"), ("database", "object"),
    ]  # fmt: skip
    assert [(f.kind, f.name) for f in inventory.features] == [("database", "shop")]
    out = tmp_path / "out"
    result = convert_inventory(inventory)
    write_output(result, out)
    assert [o.kind for o in result.objects if o.status.value == "manual"] == ["statement"]  # the RAISERROR 16
    [database] = [f for f in result.findings if "database statement for shop" in f.message]
    assert "collation" in database.remedy


def test_computed_columns_without_parentheses_and_hierarchyid_levels(tmp_path: Path, pg) -> None:
    # T-SQL needs no parentheses around a computed column's expression; GetLevel() of a hierarchyid (kept as its
    # ToString() path) counts the levels below the root, which is level 0 (hierarchyid documentation)
    files = {
        "a.sql": "CREATE TABLE [dbo].[Node](\n  [Path] [hierarchyid] NULL,\n  [Depth] AS Path.GetLevel(),\n"
        "  [Label] AS ISNULL('N' + Path.ToString(), '') PERSISTED,\n"
        "  [Kind] AS CASE WHEN Path IS NOT NULL THEN 1 ELSE 0 END PERSISTED NOT NULL,\n"
        "  [Up] AS Path.GetAncestor(1)\n) ON [PRIMARY];\nGO\n"
    }
    assert deployed(tmp_path, pg, "sqlserver", files) == {"schema .dbo": "ok", "table dbo.node": "ok"}
    pg.execute("INSERT INTO dbo.node (path) VALUES ('/'), ('/1/'), ('/1/3/'), ('/10/2/7/'), (NULL)")
    rows = pg.rows("SELECT path, depth, label, kind, up FROM dbo.node ORDER BY path NULLS LAST")
    assert [tuple(r) for r in rows] == [
        ("/", 0, "N/", 1, None), ("/1/", 1, "N/1/", 1, "/"), ("/1/3/", 2, "N/1/3/", 1, "/1/"),
        ("/10/2/7/", 3, "N/10/2/7/", 1, "/10/2/"), (None, None, "", 0, None),
    ]  # fmt: skip


def test_other_clr_type_methods_are_manual_not_called_as_functions(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sql").write_text(
        "CREATE TABLE dbo.N ([P] [hierarchyid] NULL, [Down] AS P.GetDescendant(NULL, NULL))\nGO\n"
        "CREATE VIEW dbo.V AS SELECT Doc.value('sum(/a/b)', 'int') AS a, Doc.exist('/a') AS e FROM dbo.D\nGO\n"
        "CREATE TABLE dbo.D (Doc xml)\nGO\n"
    )
    result = convert_inventory(scan_files([src], "sqlserver"))
    manual = {o.name: [f.rule_id for f in o.findings] for o in result.objects if o.status.value == "manual"}
    assert "CONV-TSQL-METHOD-001" in manual["v"]
    assert "n" in manual  # GetDescendant: no exact form, the table is left for a person


def test_translate_using_nchar_cs_is_the_text_itself(tmp_path: Path, pg) -> None:
    # TRANSLATE(x USING NCHAR_CS) only moves text to the national (Unicode) character set; the 3-argument
    # TRANSLATE still replaces characters; USING CHAR_CS may replace characters and stays for a person
    files = {
        "a.sql": "CREATE TABLE p (id NUMBER(4), name VARCHAR2(20), nname NVARCHAR2(20));\n"
        "CREATE VIEW pv AS SELECT id, TRANSLATE(name USING NCHAR_CS) AS n, TRANSLATE(name, 'ab', 'xy') AS t FROM p;\n"
        "CREATE VIEW pc AS SELECT TRANSLATE(nname USING CHAR_CS) AS c FROM p;\n"
    }
    statuses = deployed(tmp_path, pg, "oracle", files)
    assert (statuses["view default.pv"], statuses["view default.pc"]) == ("ok", "skipped_manual")
    pg.execute("""INSERT INTO "default".p VALUES (1, 'abcé€', NULL)""")
    assert tuple(pg.rows('SELECT n, t FROM "default".pv')[0]) == ("abcé€", "xycé€")


def test_a_tsql_cte_that_reads_itself_becomes_with_recursive(tmp_path: Path, pg) -> None:
    # T-SQL has no RECURSIVE keyword; the view must return the whole tree, as on SQL Server
    files = {
        "a.sql": "CREATE TABLE dbo.Cat (Id int NOT NULL PRIMARY KEY, ParentId int NULL, Name nvarchar(20) NOT NULL)\nGO\n"
        "CREATE VIEW dbo.vTree AS\nWITH T(ParentId, Id, Name) AS (\n"
        "  SELECT ParentId, Id, Name FROM dbo.Cat WHERE ParentId IS NULL\n  UNION ALL\n"
        "  SELECT C.ParentId, C.Id, C.Name FROM dbo.Cat AS C INNER JOIN T AS B ON B.Id = C.ParentId)\n"
        "SELECT P.Name AS ParentName, T.Name, T.Id FROM T JOIN dbo.Cat AS P ON P.Id = T.ParentId\nGO\n"
    }
    assert deployed(tmp_path, pg, "sqlserver", files)["view dbo.vtree"] == "ok"
    pg.execute("INSERT INTO dbo.cat VALUES (1, NULL, 'Bikes'), (2, 1, 'Road'), (3, 2, 'Racing'), (4, NULL, 'Parts')")
    assert [tuple(r) for r in pg.rows("SELECT parentname, name, id FROM dbo.vtree ORDER BY id")] == [
        ("Bikes", "Road", 2), ("Road", "Racing", 3),
    ]  # fmt: skip


def test_xml_value_of_one_node_is_a_scalar_xmltable(tmp_path: Path, pg) -> None:
    # xml.value('(path)[1]', type): the node's string value cast to the type, NULL when the path finds nothing
    try:
        pg.scalar("SELECT xmlparse(document '<a/>') IS NOT NULL")
        libxml = True
    except QueryError:  # the embedded server is built without libxml
        libxml = False
    need_part("libxml", libxml)
    ns = 'declare namespace p="urn:a"; '
    files = {
        "a.sql": "CREATE TABLE dbo.M (Id int NOT NULL, Doc xml NULL)\nGO\n"
        f"CREATE VIEW dbo.V AS SELECT Id, Doc.value(N'{ns}(/p:m/p:name)[1]', 'nvarchar(max)') AS Name,\n"
        f"  [Doc].value('{ns}(/p:m/p:size)[1]', 'int') AS Size FROM dbo.M\nGO\n"
    }
    assert deployed(tmp_path, pg, "sqlserver", files)["view dbo.v"] == "ok"
    pg.execute(
        """INSERT INTO dbo.m VALUES (1, '<m xmlns="urn:a"><name>Fish &amp; <b>Chips</b></name><size>12</size></m>'),"""
        """ (2, '<m xmlns="urn:a"><size>3</size></m>'), (3, NULL)"""
    )
    assert [tuple(r) for r in pg.rows("SELECT id, name, size FROM dbo.v ORDER BY id")] == [
        (1, "Fish & Chips", 12), (2, None, 3), (3, None, None),
    ]  # fmt: skip


def test_a_generated_column_calling_a_user_routine_is_manual_with_the_reason(tmp_path: Path) -> None:
    # the table keeps a plain column; the generation is a manual object of its own (as for any mutable call)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sql").write_text("CREATE TABLE dbo.C (Id int NOT NULL, Code AS ISNULL('AW' + dbo.fmt(Id), ''))\nGO\n")
    objects = {o.kind: o for o in convert_inventory(scan_files([src], "sqlserver")).objects}
    assert objects["table"].status.value != "manual" and "GENERATED" not in objects["table"].sql
    assert objects["generated_column"].status.value == "manual"
    assert [f.rule_id for f in objects["generated_column"].findings] == ["CONV-IMMUTABLE-002"]
