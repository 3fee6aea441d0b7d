"""Grants: each source grantee becomes a NOLOGIN role (created only if missing), each object privilege a GRANT.
A grant on an object that is not deployed (manual, or not in scope) is kept as a manual object, so deploy
never fails on a grant whose object is missing."""

from __future__ import annotations

from converters.ddl_context import DdlContext, finding, make_object, qname
from converters.names import qualified, quote
from migrate.model import ConvertedObject, Grant, ObjectStatus, Severity

# source privilege -> PostgreSQL privilege with the same effect on a table or view
TABLE_PRIVILEGES: dict[str, str] = {
    "SELECT": "SELECT",
    "READ": "SELECT",  # Oracle READ: SELECT without SELECT ... FOR UPDATE
    "INSERT": "INSERT",
    "UPDATE": "UPDATE",
    "DELETE": "DELETE",
    "REFERENCES": "REFERENCES",
    "TRIGGER": "TRIGGER",
}
# kind of the converted object -> the word GRANT uses for it
GRANT_TARGETS: dict[str, str] = {
    "table": "TABLE",
    "view": "TABLE",
    "materialized_view": "TABLE",
    "synonym": "TABLE",
    "sequence": "SEQUENCE",
}
SEQUENCE_PRIVILEGES: dict[str, str] = {"SELECT": "USAGE", "USAGE": "USAGE"}


def grant_objects(grants: tuple[Grant, ...], objects: list[ConvertedObject], ctx: DdlContext) -> list[ConvertedObject]:
    by_source = {o.source_name.upper(): o for o in objects if o.kind in (*GRANT_TARGETS, "procedure", "function",
                                                                          "package")}  # fmt: skip
    roles = {g.grantee.upper(): _role(g.grantee, ctx) for g in grants if g.grantee.upper() != "PUBLIC"}
    out = list(roles.values())
    for grant in _merged(grants):
        out.append(_grant(grant, by_source.get(f"{grant.object_schema}.{grant.object_name}".upper()), roles, ctx))
    return out


def _merged(grants: tuple[Grant, ...]) -> list[Grant]:
    """One grant per (grantee, privilege, object); WITH GRANT OPTION if any of the repeats had it."""
    merged: dict[tuple[str, ...], Grant] = {}
    for g in grants:
        key = (g.grantee.upper(), g.privilege.upper(), g.object_schema.upper(), g.object_name.upper())
        seen = merged.get(key)
        merged[key] = g if seen is None or g.grantable else seen
    return list(merged.values())


def _role(grantee: str, ctx: DdlContext) -> ConvertedObject:
    name = ctx.names.name(grantee)
    sql = f"DO $$ BEGIN CREATE ROLE {quote(name)} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
    note = finding("grant_role", Severity.LOW, f"role {name} is created NOLOGIN to receive {grantee}'s grants",
                   "give it LOGIN and a password, or make the application's login role a member of it")  # fmt: skip
    return make_object("role", "", name, sql, source_name=grantee, location=None, findings=[note])


def _grant(grant: Grant, target: ConvertedObject | None, roles: dict, ctx: DdlContext) -> ConvertedObject:
    privilege = grant.privilege.upper()
    grantee = "PUBLIC" if grant.grantee.upper() == "PUBLIC" else quote(ctx.names.name(grant.grantee))
    schema, name = ctx.target(grant.object_schema, grant.object_name)
    label = f"{name}_{privilege.lower().replace(' ', '_')}_{grant.grantee.lower()}"
    findings, manual, sql = [], False, ""
    word = GRANT_TARGETS.get(target.kind) if target is not None else None
    privileges = SEQUENCE_PRIVILEGES if word == "SEQUENCE" else TABLE_PRIVILEGES
    if target is None or target.status is ObjectStatus.MANUAL or word is None:
        manual = True
        why = "is not converted (a routine or package is finished by hand first)" if target else "is not in scope"
        findings.append(finding("grant_object", Severity.MEDIUM, f"{privilege} on {grant.object_schema}."
                                f"{grant.object_name} to {grant.grantee}: the object {why}",
                                "grant it by hand once the object exists"))  # fmt: skip
        sql = f"GRANT {privilege} ON {qualified(schema, name)} TO {grantee};\n"
    elif privilege not in privileges:
        manual = True
        findings.append(finding("grant_privilege", Severity.MEDIUM, f"privilege {privilege} has no PostgreSQL "
                                f"equivalent on a {target.kind}", "choose the nearest privilege by hand"))  # fmt: skip
    else:
        option = " WITH GRANT OPTION" if grant.grantable else ""
        sql = f"GRANT {privileges[privilege]} ON {word} {qualified(schema, name)} TO {grantee}{option};\n"
    role = roles.get(grant.grantee.upper())
    deps = [qname(schema, name), role.qualified_name if role else ""]
    return make_object("grant", schema, ctx.names.name(label), sql, source_name=f"{grant.object_schema}.{grant.object_name}",
                       location=None, findings=findings, depends_on=deps, manual=manual)  # fmt: skip
