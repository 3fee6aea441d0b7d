"""Oracle regular expressions whose pattern or match parameter is known only at run time, inside routines.

A literal pattern gets Oracle's modes written into it at conversion (rewrites.oracle_regexp_guard.literal_form).
A pattern built at run time (`'[^' || p_delim || ']+'`, a variable, a function's result) or a match parameter held
in a variable gets the same treatment at run time: the rewrite calls `<schema>.aurora_oracle_regex(pattern,
match_parameter)` (RewriteOptions.regex_helper), and the routine's prelude creates that function in the routine's
schema. It reads the match parameter as Oracle does (SQL Language Reference, REGEXP_LIKE: 'i' case-insensitive,
'c' case-sensitive, the last of them wins; 'n' lets '.' match a newline; 'm' makes ^ and $ match at every line;
'x' ignores white space; any other character is an error), then writes the pattern for PostgreSQL: without 'n'
each '.' outside a bracket expression becomes `[^\\n]` (PostgreSQL's '.' matches a newline; its newline-sensitive
modes would also keep '[^...]' off newlines, which Oracle's does not), with 'x' each '#' is escaped (PostgreSQL's
expanded mode starts a comment there; Oracle's does not), and the modes go in front as embedded options: (?c) or
(?i), x, and w for 'm' (^ and $ at lines, '.' and brackets as before). A NULL pattern gives NULL, as Oracle's
functions do with one.
"""

from __future__ import annotations

HELPER = "aurora_oracle_regex"
# what the rewrites write for it (one name for every unit, so their cache serves all units); the unit's schema
# replaces the marker's in the converted text (plsql_expr.convert_text)
MARKER = f"aurora_regex_home.{HELPER}"

_BODY = r"""CREATE OR REPLACE FUNCTION {name}(aurora_pattern text, aurora_flags text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $aurora_regex$
DECLARE
    dotall boolean := false;
    multiline boolean := false;
    icase boolean := false;
    expanded boolean := false;
    c text;
    i integer := 1;
    n integer := length(aurora_pattern);
    bracket boolean := false;
    result text := '';
BEGIN
    IF aurora_pattern IS NULL THEN
        RETURN NULL;
    END IF;
    FOR k IN 1 .. coalesce(length(aurora_flags), 0) LOOP
        CASE substr(aurora_flags, k, 1)
            WHEN 'i' THEN icase := true;
            WHEN 'c' THEN icase := false;
            WHEN 'n' THEN dotall := true;
            WHEN 'm' THEN multiline := true;
            WHEN 'x' THEN expanded := true;
            ELSE RAISE EXCEPTION 'illegal argument for function: match parameter %', aurora_flags
                USING ERRCODE = 'invalid_parameter_value';
        END CASE;
    END LOOP;
    WHILE i <= n LOOP
        c := substr(aurora_pattern, i, 1);
        IF c = '\' AND i < n THEN  -- an escape: the two characters as they are
            result := result || substr(aurora_pattern, i, 2);
            i := i + 2;
            CONTINUE;
        END IF;
        IF bracket THEN  -- ']' ends the bracket expression unless it closes [:class:], [=x=] or [.x.]
            IF c = ']' AND NOT (i > 1 AND substr(aurora_pattern, i - 1, 1) IN (':', '=', '.')
                    AND strpos(substr(aurora_pattern, 1, i - 1), '[' || substr(aurora_pattern, i - 1, 1)) > 0) THEN
                bracket := false;
            END IF;
            result := result || c;
        ELSIF c = '[' THEN
            bracket := true;
            result := result || c;
            IF substr(aurora_pattern, i + 1, 1) = '^' THEN
                result := result || '^';
                i := i + 1;
            END IF;
            IF substr(aurora_pattern, i + 1, 1) = ']' THEN  -- a ']' first in the list is a member
                result := result || ']';
                i := i + 1;
            END IF;
        ELSIF c = '.' AND NOT dotall THEN
            result := result || '[^\n]';
        ELSIF c = '#' AND expanded THEN
            result := result || '\#';
        ELSE
            result := result || c;
        END IF;
        i := i + 1;
    END LOOP;
    RETURN '(?' || CASE WHEN icase THEN 'i' ELSE 'c' END || CASE WHEN expanded THEN 'x' ELSE '' END
        || CASE WHEN multiline THEN 'w' ELSE '' END || ')' || result;
END;
$aurora_regex$;
"""


def regex_helper_ddl(name: str) -> str:
    """The helper function `name` (schema-qualified), as the routine's prelude creates it."""
    return _BODY.format(name=name)


def place_helper(sql: str, home: str, prelude: list[str]) -> str:
    """`sql` with the helper the rewrites named by MARKER put in the unit's schema `home` (quoted), created in the
    unit's `prelude` (once)."""
    if MARKER + "(" not in sql:
        return sql
    helper = f"{home}.{HELPER}"
    if regex_helper_ddl(helper) not in prelude:
        prelude.append(regex_helper_ddl(helper))
    return sql.replace(MARKER + "(", helper + "(")
