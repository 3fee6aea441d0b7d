"""Every finding the DDL builders raise: one row per rule, as converters/rewrites/rules.py has for the query rewrites.

The builders name a row by its key; the row gives the stable id (ids never change meaning once released), what
the rule means, the severities it takes (the first is the usual one; a second when the case decides, e.g. a
sequence bound clamped: MAXVALUE is low, MINVALUE high), a generic remedy and the per-occurrence effort a person
needs to finish the job, so the assessment can price what the converter leaves. The message of each occurrence
(which object, which value) is written where it is found.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrate.model import Severity

H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO


@dataclass(frozen=True)
class DdlRule:
    id: str
    title: str
    severities: tuple[Severity, ...]
    remedy: str
    effort_hours: float
    retired: bool = False  # no longer raised; the id stays reserved


DDL_RULES: dict[str, DdlRule] = {
    "temporary": DdlRule("AM-DDL-001", "temporary table emulated by an unlogged table", (M,),
                         "empty the table per session/transaction as the source did, or use a session temp table", 1.0),
    "generated_not_immutable": DdlRule("AM-DDL-002", "generated column calls a function PostgreSQL does not mark immutable",
                                       (M,), "compute it in a trigger or a view", 1.0),
    "bitmap": DdlRule("AM-DDL-003", "bitmap index created as btree", (L,), "none usually; check the plans", 0.1),
    "index_kind": DdlRule("AM-DDL-004", "index kind with no direct PostgreSQL equivalent", (H, M, L, INFO),
                          "choose a GIN/GiST index or full-text search by hand", 1.0),
    "sequence_clamped": DdlRule("AM-DDL-005", "sequence bound beyond bigint, clamped", (L, H),
                                "check no value beyond bigint is needed", 0.25),
    "interval_partition": DdlRule("AM-DDL-006", "interval partitioning: new partitions are not created by themselves",
                                  (M,), "create future partitions ahead (pg_partman or a scheduled job)", 1.0),
    "partition_unsupported": DdlRule("AM-DDL-007", "partitioning kept only in part", (M, L),
                                     "finish the partitioning by hand", 1.0),
    "synonym": DdlRule("AM-DDL-008", "synonym emulated by a view, or reached through search_path", (L, M, INFO),
                       "check callers; a synonym of a routine under another name needs a wrapper", 0.25),
    "manual_code": DdlRule("AM-DDL-009", "stored code converted by hand", (H,), "convert it by hand to PL/pgSQL", 4.0),
    "dangling_fk": DdlRule("AM-DDL-010", "foreign key references a table not in the converted scope", (H,),
                           "convert the referenced table too, or drop the key", 0.5),
    "unique_partition_key": DdlRule("AM-DDL-011", "unique key of a partitioned table lacks the partition key", (H, M),
                                    "add the partition key to the unique key, or enforce it by trigger", 2.0,
                                    retired=True),  # such a table is now created unpartitioned: AM-DDL-052
    "disabled_constraint": DdlRule("AM-DDL-012", "constraint disabled on the source", (M, H),
                                   "decide whether to enable it after cleaning the data", 0.5),
    "identity_type": DdlRule("AM-DDL-013", "identity on a non-integer type", (H,), "change the column to an integer type", 0.5),
    "identity_always": DdlRule("AM-DDL-023", "identity kept BY DEFAULT so the load can write the source's values", (INFO,),
                               "switch to GENERATED ALWAYS after the load if wanted", 0.0),
    "materialized_refresh": DdlRule("AM-DDL-014", "materialized view refresh is not automatic", (M,),
                                    "schedule REFRESH MATERIALIZED VIEW", 0.5),
    "view_read_only": DdlRule("AM-DDL-015", "WITH READ ONLY has no PostgreSQL clause", (L,),
                              "grant only SELECT on the view", 0.1),
    "table_kind": DdlRule("AM-DDL-016", "table kind created as a regular table", (INFO, L, H),
                          "check the table's role on the target", 0.5),
    "dangling_view": DdlRule("AM-DDL-017", "view reads a relation not in the converted scope", (M,),
                             "make sure it exists on the target before deploying", 0.5),
    "virtual_stored": DdlRule("AM-DDL-018", "virtual column stored", (INFO,), "none; it takes space", 0.0),
    "expression_failed": DdlRule("AM-DDL-019", "expression did not convert", (H,), "convert it by hand", 0.5,
                                 retired=True),
    "unparsed_statement": DdlRule("AM-DDL-020", "statement not converted", (H,), "convert it by hand", 1.0),
    "synonym_link": DdlRule("AM-DDL-021", "synonym over a database link", (H,),
                            "use postgres_fdw or move the remote table", 2.0),
    "no_object": DdlRule("AM-DDL-022", "statement produced no PostgreSQL object", (M,),
                         "check nothing it did is needed on the target", 0.25),
    "grant_role": DdlRule("AM-DDL-024", "role created NOLOGIN to receive grants", (L,),
                          "map the source's users and roles to the target's", 0.25),
    "grant_object": DdlRule("AM-DDL-025", "grant on an object not converted automatically", (M,),
                            "grant it once the object exists", 0.1),
    "grant_privilege": DdlRule("AM-DDL-026", "privilege with no PostgreSQL equivalent", (M,),
                               "choose the nearest privilege by hand", 0.25),
    "index_covered": DdlRule("AM-DDL-027", "index already made by a key constraint", (INFO,), "none", 0.0),
    "view_calls_routine": DdlRule("AM-DDL-028", "view or default calls a routine converted by hand", (M,),
                                  "convert the routine, then deploy again", 0.5),
    "json_check": DdlRule("AM-DDL-029", "IS JSON check", (INFO, M), "check the column holds JSON", 0.25),
    "unvalidated_check": DdlRule("AM-DDL-030", "check the source does not validate, added NOT VALID after the load",
                                 (L,), "validate it once the old rows are fixed", 0.25),
    "nulls_not_distinct": DdlRule("AM-DDL-031", "unique key whose NULL rule PostgreSQL cannot keep below 15", (M,),
                                  "target PostgreSQL 15+, or enforce one NULL by a partial unique index", 0.5),
    "too_deep": DdlRule("AM-DDL-032", "object nested deeper than the converter can follow", (H,),
                        "simplify the nesting (a CTE, a helper function) or convert this object by hand", 2.0),
    "too_many_columns": DdlRule("AM-DDL-033", "more columns than PostgreSQL's limit of 1,600", (H,),
                                "split the table vertically (1:1 tables joined on the key)", 8.0),
    "too_many_index_columns": DdlRule("AM-DDL-034", "more key and INCLUDE columns than PostgreSQL's limit of 32",
                                      (H,), "index fewer columns, or an expression over a row value", 1.0),
    "too_many_arguments": DdlRule("AM-DDL-035", "more arguments than PostgreSQL's limit of 100", (H,),
                                  "pass a composite type or a json argument instead", 2.0),
    "temporal": DdlRule("AM-DDL-050", "system-versioned table: period defaults and a history trigger", (INFO,),
                        "let DMS change capture write the history table itself: disable the versioning trigger "
                        "(session_replication_role = replica) while it replicates", 0.25),
    "masked": DdlRule("AM-DDL-051", "dynamic data masking not enforced", (M,),
                      "give the roles without UNMASK a view that masks the column (or use the "
                      "postgresql_anonymizer extension) and revoke their SELECT on the table", 1.0),
    "partition_for_key": DdlRule("AM-DDL-052", "table created unpartitioned to keep a key without the partition column",
                                 (M,), "if the table's size needs partitions, add the partition column to the key "
                                 "(uniqueness then holds per partition value) and partition it by hand", 1.0),
    "temporal_hidden": DdlRule("AM-DDL-053", "HIDDEN period columns: SELECT * would show them", (H,),
                               "name the columns in the queries that read SELECT * from the table (or give them a "
                               "view without the period columns), then deploy the table", 1.0),
    "app_context": DdlRule("AM-DDL-054", "Oracle application context: a session setting, or no PostgreSQL form",
                           (L, H), "for a context ACCESSED GLOBALLY keep the values in a table (keyed by the client "
                           "identifier where it is used) and rewrite its reads and writes; for one INITIALIZED "
                           "EXTERNALLY / GLOBALLY set them at connection time from the application", 0.1),
    "dms_user_type": DdlRule("AM-DDL-040", "column of an object or collection type: AWS DMS does not load it", (M,),
                             "move the column's data yourself: read it on the source through a view that flattens "
                             "it (attributes as columns, collections as one row per element), then UPDATE the "
                             "target rows with ROW(...)::type / ARRAY[...]::type", 1.0),
    "object_table": DdlRule("AM-DDL-055", "Oracle object table created as a table of its type's attributes", (INFO,),
                            "none for the table; code that reads its rows as objects (REF(t), DEREF, VALUE(t), "
                            "OBJECT_VALUE) is flagged where it is, or refused at deploy", 0.0),
    "object_table_rows": DdlRule("AM-DDL-056", "Oracle object table whose rows have no columns here: its type is "
                                 "not in the scan, or its rows may be objects of the type's subtypes", (H,),
                                 "scan the type's CREATE TYPE too; for subtypes, give the table a column per subtype "
                                 "attribute (NULL for other rows) and a column naming each row's type, or one table "
                                 "per subtype, and move the rows by hand", 4.0),
    "ref_column": DdlRule("AM-DDL-057", "column of an Oracle REF type (a pointer to a row object)", (H,),
                          "hold the referenced row's key instead (a column of the key's type with a foreign key to "
                          "that table, filled from DEREF(ref).key on the source) and rewrite DEREF / REF() over it "
                          "as joins", 2.0),
    "manual_user_type": DdlRule("AM-DDL-058", "column of an object or collection type that is itself left for a "
                                "person", (H,), "finish the type (its own action item), then create the table", 0.5),
    "collation_key": DdlRule("AM-DDL-036", "a key on a case-insensitive source column now compares case-sensitively "
                             "(conversion.case_insensitive = case_sensitive)", (M,),
                             "accept case variants as distinct keys, or convert the column with icu or citext", 0.5),
    "collation_column": DdlRule("AM-DDL-037", "case-insensitive source column kept case-sensitive "
                                "(conversion.case_insensitive = case_sensitive)", (L,),
                                "the comparisons on it in views and routines are findings of their own", 0.0),
}  # fmt: skip
