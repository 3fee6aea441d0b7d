"""NLS_SESSION_PARAMETERS read for one parameter the settings know: the session's NLS values, as project settings.

Oracle's view has a row (PARAMETER, VALUE) per NLS parameter of the session. The conversion settings say what the
applications' sessions use (oracle_nls.py), so a query that pins `parameter = '<name>'` to a parameter they
determine reads a VALUES list of those rows instead: the same row Oracle returns, unless a role, a database or a
session sets the custom parameter `oracle_userenv.<name>` (the ALTER SESSION of the target). Any other query of the
view (all rows, a parameter the settings do not determine) stays flagged by oracle_dictionary.
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import Context, RewriteOptions
from converters.rewrites.oracle_nls import LANGUAGE_ABBREVIATIONS, NLS_PARAMETERS

# NLS_TERRITORY -> its default NLS_NUMERIC_CHARACTERS (decimal character, group separator): Oracle Database
# Globalization Support Guide, "Territories" (the territories whose defaults are certain here; others stay flagged)
NUMERIC_CHARACTERS: dict[str, str] = {
    "AMERICA": ".,", "UNITED KINGDOM": ".,", "JAPAN": ".,", "CHINA": ".,", "GERMANY": ",.", "ITALY": ",.",
    "SPAIN": ",.", "NETHERLANDS": ",.", "BRAZIL": ",.",
}  # fmt: skip


def _session_values(o: RewriteOptions) -> dict[str, str | None]:
    """NLS_SESSION_PARAMETERS rows the settings determine (None: the setting is not one Oracle would accept)."""
    known = o.nls_language.upper() in LANGUAGE_ABBREVIATIONS
    return {
        "NLS_LANGUAGE": o.nls_language.upper() if known else None,
        "NLS_TERRITORY": NLS_PARAMETERS["NLS_TERRITORY"](o),
        "NLS_DATE_LANGUAGE": NLS_PARAMETERS["NLS_DATE_LANGUAGE"](o),
        "NLS_DATE_FORMAT": NLS_PARAMETERS["NLS_DATE_FORMAT"](o),
        "NLS_CALENDAR": NLS_PARAMETERS["NLS_CALENDAR"](o),
        "NLS_NUMERIC_CHARACTERS": NUMERIC_CHARACTERS.get(o.nls_territory.upper()),
    }


def _pinned(select: exp.Select, alias: str) -> str | None:
    """The parameter a top-level `parameter = 'NAME'` of the WHERE clause names (upper case), if any."""
    where = select.args.get("where")
    conjuncts = list(where.this.flatten()) if where is not None and isinstance(where.this, exp.And) else []
    for condition in conjuncts or ([where.this] if where is not None else []):
        if not isinstance(condition, exp.EQ):
            continue
        for column, literal in ((condition.this, condition.expression), (condition.expression, condition.this)):
            named = isinstance(column, exp.Column) and column.name.upper() == "PARAMETER"
            if named and column.table.lower() in ("", alias) and isinstance(literal, exp.Literal) and literal.is_string:
                return literal.name.upper()
    return None


def session_parameters(node: exp.Expression, ctx: Context) -> exp.Expression:
    """FROM nls_session_parameters WHERE parameter = 'NLS_NUMERIC_CHARACTERS' -> FROM (VALUES ...) AS
    nls_session_parameters(parameter, value), each value COALESCE(current_setting('oracle_userenv.<name>', true),
    '<the settings' value>')."""
    if not (isinstance(node, exp.Table) and node.name.upper() == "NLS_SESSION_PARAMETERS"):
        return node
    select = node.parent.parent if isinstance(node.parent, exp.From) else None
    if node.db.upper() not in ("", "SYS", "PUBLIC") or not isinstance(select, exp.Select):
        return node
    alias = (node.alias or node.name).lower()
    values = {k: v for k, v in _session_values(ctx.options).items() if v is not None}
    if _pinned(select, alias) not in values:
        return node  # oracle_dictionary flags it
    rows = [exp.Tuple(expressions=[exp.Literal.string(name), _setting(name, value)]) for name, value in values.items()]
    columns = [exp.to_identifier("parameter"), exp.to_identifier("value")]
    return exp.Values(expressions=rows, alias=exp.TableAlias(this=exp.to_identifier(alias), columns=columns))


def _setting(name: str, value: str) -> exp.Expression:
    setting = call("current_setting", exp.Literal.string(f"oracle_userenv.{name.lower()}"), exp.true())
    return exp.Coalesce(this=setting, expressions=[exp.Literal.string(value)])
