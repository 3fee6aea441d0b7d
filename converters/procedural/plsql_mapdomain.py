"""Associative arrays indexed by VARCHAR2 (string-keyed maps) -> jsonb objects, key -> the element as JSON.

`TYPE t IS TABLE OF <scalar> INDEX BY VARCHAR2(n)` becomes a jsonb domain (a name of its own, so the run knows a
variable of it is a map and what its elements are) and a variable starts as '{}' (COUNT 0). Reads and methods call
small helpers created in the unit's schema, so a read of a missing key raises NO_DATA_FOUND (P0002) and a NULL or
too long key VALUE_ERROR, as Oracle does. Oracle orders the keys by NLS_SORT: BINARY for AMERICAN, which for AL32UTF8
is code point order, PostgreSQL's COLLATE "C" on UTF-8; any other language keeps FIRST / LAST / NEXT / PRIOR and
DELETE(lo, hi) manual (AM-PLSQL-011). Elements that are records (a RECORD type of the run, a table's %ROWTYPE) are
JSON objects (to_jsonb of the record, read back with jsonb_populate_record: every field's value as it was); a field
of an element assigned in place (m(k).f := v) stays AM-PLSQL-011, as do elements that are objects or collections."""

from __future__ import annotations

from converters.names import quote
from converters.procedural.plsql_scope import Scope, run_state

# element types a JSON value holds and gives back exactly (text through ->>, the rest through their text form)
_SCALARS = ("text", "character varying", "varchar", "character", "char", "numeric", "integer", "bigint",
            "smallint", "double precision", "real", "timestamp", "date", "boolean")  # fmt: skip

_HELPERS = """CREATE OR REPLACE FUNCTION {s}.aurora_map_key(k text, n integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    IF k IS NULL OR k = '' THEN  -- Oracle: ORA-06502 NULL index table key value (VALUE_ERROR)
        RAISE EXCEPTION 'NULL index table key value' USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    IF char_length(k) > n THEN  -- the key is a VARCHAR2(n): ORA-06502 (VALUE_ERROR)
        RAISE EXCEPTION 'character string buffer too small' USING ERRCODE = 'string_data_right_truncation';
    END IF;
    RETURN k;
END $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_put(m jsonb, k text, n integer, v jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $f$
    SELECT jsonb_set(coalesce(m, '{{}}'), ARRAY[{s}.aurora_map_key(k, n)], coalesce(v, 'null')) $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_count(m jsonb) RETURNS integer LANGUAGE sql IMMUTABLE AS $f$
    SELECT count(*)::integer FROM jsonb_object_keys(coalesce(m, '{{}}')) $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_exists(m jsonb, k text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
    SELECT coalesce(jsonb_exists(m, nullif(k, '')), false) $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_first(m jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT min(key COLLATE "C") FROM jsonb_object_keys(coalesce(m, '{{}}')) AS key $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_last(m jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT max(key COLLATE "C") FROM jsonb_object_keys(coalesce(m, '{{}}')) AS key $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_next(m jsonb, k text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT min(key COLLATE "C") FROM jsonb_object_keys(coalesce(m, '{{}}')) AS key
    WHERE key COLLATE "C" > nullif(k, '') $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_prior(m jsonb, k text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
    SELECT max(key COLLATE "C") FROM jsonb_object_keys(coalesce(m, '{{}}')) AS key
    WHERE key COLLATE "C" < nullif(k, '') $f$;
CREATE OR REPLACE FUNCTION {s}.aurora_map_delete(m jsonb, low text, high text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $f$
    SELECT coalesce(m, '{{}}') - ARRAY(SELECT key FROM jsonb_object_keys(coalesce(m, '{{}}')) AS key
                                     WHERE key COLLATE "C" BETWEEN nullif(low, '') AND nullif(high, '')) $f$;
"""


# m(k) of a map of records: the JSON object read back into the record type (a NULL record: all fields NULL)
_RECORD_GETTER = """CREATE OR REPLACE FUNCTION {s}.aurora_map_get_record(m jsonb, k text, n integer, t anyelement)
RETURNS anyelement LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    k := {s}.aurora_map_key(k, n);
    IF m IS NULL OR NOT jsonb_exists(m, k) THEN  -- Oracle: ORA-01403 (NO_DATA_FOUND)
        RAISE EXCEPTION 'no data found' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN jsonb_populate_record(t, CASE WHEN jsonb_typeof(m -> k) = 'object' THEN m -> k ELSE '{{}}' END);
END $f$;
"""

# m(k): the element, typed by NULL::t; one name per kind of result, so the rewrites know a NUMBER's or a DATE's text
_GETTER = """CREATE OR REPLACE FUNCTION {s}.{name}(m jsonb, k text, n integer, t anyelement) RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    k := {s}.aurora_map_key(k, n);
    IF m IS NULL OR NOT jsonb_exists(m, k) THEN  -- Oracle: ORA-01403 (NO_DATA_FOUND)
        RAISE EXCEPTION 'no data found' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN m ->> k;  -- the element's text form (ISO for timestamps), read back as t's type; JSON null: NULL
END $f$;
"""
_GETTERS = ("aurora_map_get", "aurora_map_get_integer", "aurora_map_get_bounded", "aurora_map_get_unbounded",
            "aurora_map_get_date", "aurora_map_get_timestamp")  # fmt: skip


def map_types(scope: Scope) -> dict[str, tuple[str, int, str]]:
    """The run's map domains: target -> (element type, key length, schema of the helpers)."""
    return run_state(scope.ctx, "plsql_map_types", dict[str, tuple[str, int, str]])


def map_domain(scope: Scope, name: str, key: list[str], element: str) -> tuple[str, str]:
    """TYPE name IS TABLE OF element INDEX BY key (upper words) -> (the jsonb domain, '') or ('', AM-PLSQL-011)."""
    length = key[2] if len(key) >= 4 and key[1] == "(" else ""
    scalar = element.split("(")[0].strip() in _SCALARS or element.startswith("timestamp")
    if key[:1] not in (["VARCHAR2"], ["VARCHAR"], ["STRING"]) or not length.isdigit():
        return "", "AM-PLSQL-011"
    if not scalar and not is_record(scope, element):
        return "", "AM-PLSQL-011"
    home = scope.home or scope.schema
    prefix = f"{scope.routine_name}_" if scope.routine_name else ""
    target = f"{quote(home)}.{quote((prefix + name).lower())}"
    scope.prelude.append(
        _HELPERS.format(s=f'"{home}"')
        + "".join(_GETTER.format(s=f'"{home}"', name=name) for name in _GETTERS)
        + _RECORD_GETTER.format(s=f'"{home}"')
        + f"DO $$ BEGIN\n    CREATE DOMAIN {target} AS jsonb;\n"
        + "EXCEPTION WHEN duplicate_object THEN NULL;  -- created by an earlier run\nEND $$;\n"
    )
    map_types(scope)[target] = (element, int(length), home)
    return target, ""


def record_types(scope: Scope) -> set[str]:
    """The run's composite types made for PL/SQL RECORD types (plsql_types.record_type)."""
    return run_state(scope.ctx, "plsql_record_types", set[str])


def is_record(scope: Scope, element: str) -> bool:
    """A RECORD type of the run (plsql_types.record_type) or a table's row type (%ROWTYPE)."""
    return element in record_types(scope) or element.replace('"', "") in scope.ctx.relations


def is_map(scope: Scope, type_: str) -> bool:
    return type_ in map_types(scope)


def map_of(scope: Scope, name: str) -> tuple[str, int, str] | None:
    """(element, key length, helper schema) of the map variable or parameter `name` (upper) in scope, or None."""
    return map_types(scope).get(scope.collections.get(name, ""))


def binary_order(scope: Scope) -> bool:
    """Does Oracle order the keys in binary (code point) order? NLS_SORT follows NLS_LANGUAGE: BINARY for AMERICAN."""
    return scope.options().nls_language.upper() == "AMERICAN"


def reference(scope: Scope, token: int, name: str) -> str:
    """How a statement reads the map named at `token`: itself, or its package accessor's value."""
    own = scope.package
    if own is not None and name in own.variables and name not in scope.locals:
        return f"({own.schema}.{name.lower()}())"
    return scope.src.tokens[token].text
