"""Run a dialect's rule table over an Inventory: every occurrence becomes a Finding with file:line.

Code is scanned object by object. Text that is plain SQL (a view's query, a CHECK, a DEFAULT, an
index expression) is parsed with sqlglot and matched on the AST; procedural bodies (PL/SQL, T-SQL)
are matched on tokenizer words. Text that does not parse is a finding of its own and is still
matched by tokens, so nothing in it goes unlooked-at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlglot import exp
from sqlglot.dialects import Dialect
from sqlglot.errors import ParseError, TokenError

from assessments.rules.base import Rule, TokenIndex, Word, node_line, words, words_from
from assessments.rules.sets import ruleset
from migrate.model import Finding, Inventory, Location


@dataclass(frozen=True)
class Dependency:
    """`source` refers to `target` (both "kind:SCHEMA.NAME"), through `via` (code, foreign key...)."""

    source: str
    target: str
    via: str


@dataclass(frozen=True)
class CodeText:
    """One piece of source text to scan, and where it sits."""

    object_kind: str
    object_name: str
    text: str
    location: Location | None
    procedural: bool  # True: PL/SQL / T-SQL body, tokens only; False: SQL, parse first


def code_texts(inventory: Inventory) -> Iterator[CodeText]:
    for schema in inventory.schemas:
        for routine in schema.routines:
            yield CodeText(routine.kind.value, routine.qualified_name, routine.source, routine.location, True)
        for trigger in schema.triggers:
            yield CodeText("trigger", trigger.qualified_name, trigger.source, trigger.location, True)
        for view in schema.views:
            kind = "materialized_view" if view.materialized else "view"
            yield CodeText(
                kind, view.qualified_name, view.query, _inner(view.location, view.source_text, view.query), False
            )
        for table in schema.tables:
            yield from _table_texts(table)
    for job in inventory.jobs:
        yield CodeText("job", f"{job.owner}.{job.name}", job.action, job.location, True)


def _table_texts(table) -> Iterator[CodeText]:
    name, location = table.qualified_name, table.location
    for constraint in table.constraints:
        if constraint.check_expression:
            yield CodeText("table", name, constraint.check_expression, location, False)
    for column in table.columns:
        for text in (column.default, column.generated):
            if text:
                yield CodeText("table", name, text, location, False)
    for index in table.indexes:
        for column in index.columns:
            if column.is_expression:
                yield CodeText("index", f"{table.schema}.{index.name}", column.expression, location, False)
        if index.where:
            yield CodeText("index", f"{table.schema}.{index.name}", index.where, location, False)


def _inner(location: Location | None, outer: str, inner: str) -> Location | None:
    """Where `inner` starts when it is part of `outer` (a view's query inside its CREATE VIEW)."""
    if location is None or not outer or inner not in outer:
        return location
    return location.shifted(outer[: outer.index(inner)].count("\n"))


@lru_cache(maxsize=512)
def _lines(text: str) -> list[str]:
    return text.splitlines()


def _line_text(text: str, line: int) -> str:
    lines = _lines(text)
    return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""


def _finding(rule: Rule, code: CodeText, line: int, snippet: str = "", detail: str = "") -> Finding:
    location = code.location.shifted(line - 1) if code.location else Location(None, line)
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        message=rule.title + (f": {detail}" if detail else ""),
        object_kind=code.object_kind,
        object_name=code.object_name,
        location=location,
        remedy=rule.remedy,
        effort_hours=rule.effort,
        snippet=snippet or _line_text(code.text, line),
        category=rule.category,
    )


class CodeHit(NamedTuple):
    """One occurrence in a text, before it is attached to an object (texts repeat: cached)."""

    rule: Rule
    line: int
    snippet: str = ""
    detail: str = ""


CACHE_TEXTS_UNDER = 2000  # characters
# why a text that may be valid was not parsed: the rules that need the tree did not run on it
DEEP = (
    "nested deeper than the parser can follow, so only word matching was applied to it (rules that need the "
    "parsed statement did not run)"
)


class CodeScan:
    """The code rules of one dialect, ready to run over many texts.

    Each distinct text is tokenized once (SQL texts are parsed from those same tokens) and its hits
    are cached: exports repeat the same DEFAULT SYSDATE or UPPER(name) index expression many times."""

    def __init__(self, rules: tuple[Rule, ...], dialect: str, prefix: str) -> None:
        self.dialect = dialect
        self.sqlglot_dialect = Dialect.get_or_raise(dialect)
        self.index = TokenIndex(rules)
        self.node_rules = [r for r in rules if r.node is not None]
        self.custom_rules = [r for r in rules if r.custom is not None]
        by_id = {r.id: r for r in rules}
        self.parse_rule = by_id[f"{prefix}-PARSE-001"]
        self.token_rule = by_id[f"{prefix}-TOKEN-001"]
        self.hits = lru_cache(maxsize=8192)(self._hits)

    def scan(self, code: CodeText) -> tuple[list[Finding], tuple[Word, ...]]:
        if not code.text.strip():
            return [], ()
        # short texts repeat (DEFAULT SYSDATE, UPPER(name)); long ones are unique and would only fill memory
        scan = self.hits if len(code.text) < CACHE_TEXTS_UNDER else self._hits
        hits, found = scan(code.text, code.procedural)
        return [_finding(h.rule, code, h.line, h.snippet, h.detail) for h in hits], found

    def _hits(self, text: str, procedural: bool) -> tuple[tuple[CodeHit, ...], tuple[Word, ...]]:
        try:
            found = words(text, self.dialect) if procedural else None
            tree, found, why = (None, found, "") if procedural else self._parse(text)
        except TokenError as exc:
            return (CodeHit(self.token_rule, 1, detail=str(exc)[:200]),), ()
        assert found is not None
        hits: list[CodeHit] = []
        only: Callable[[Rule], bool] | None = None
        if not procedural and tree is None:
            hits.append(CodeHit(self.parse_rule, 1, snippet=text.strip()[:200], detail=why))
        if tree is not None:
            hits += self._ast(tree)
            only = lambda rule: rule.node is None  # noqa: E731 - rules the AST did not already cover
        hits += [CodeHit(rule, word.line) for rule, word in self.index.scan(list(found), only)]
        for rule in self.custom_rules:
            hits += [CodeHit(rule, word.line) for word in rule.custom(list(found))]  # type: ignore[misc]
        return tuple(hits), found

    def _parse(self, text: str) -> tuple[exp.Expression | None, tuple[Word, ...], str]:
        """SQL text: one tokenization feeds both the word matcher and the parser. The tree is None
        when sqlglot cannot read the text, or reads it only as an opaque Command; then why, when it is not
        the text's fault."""
        tokens = self.sqlglot_dialect.tokenize(text)
        found = tuple(words_from(tokens))
        try:
            trees = self.sqlglot_dialect.parser().parse(tokens, text)
        except (ParseError, ValueError):
            return None, found, ""
        except RecursionError:
            return None, found, DEEP
        tree = trees[0] if len(trees) == 1 else None
        return (None if tree is None or isinstance(tree, exp.Command) else tree), found, ""

    def _ast(self, tree: exp.Expression) -> list[CodeHit]:
        out = []
        for node in tree.walk():
            for rule in self.node_rules:
                if rule.node(node):  # type: ignore[misc]
                    out.append(CodeHit(rule, node_line(node) or 1, detail=_sql(node, self.dialect)))
        return out


def _sql(node: exp.Expression, dialect: str) -> str:
    """The node as the source spells it, for the message; a node sqlglot cannot print stays unnamed."""
    try:
        return node.sql(dialect)[:80]
    except Exception:  # the finding matters more than its detail text
        return ""


def _model_findings(rules: tuple[Rule, ...], inventory: Inventory) -> Iterator[Finding]:
    for rule in rules:
        if rule.model is None:
            continue
        for hit in rule.model(inventory):
            yield hit.finding(rule.id, rule.severity, rule.title, rule.remedy, rule.effort, rule.category)


def _object_names(inventory: Inventory) -> dict[str, str]:
    """Bare upper-case name -> "kind:SCHEMA.NAME", for the objects code can refer to."""
    names: dict[str, str] = {}
    for schema in inventory.schemas:
        for kind, objects in (
            ("table", schema.tables),
            ("view", schema.views),
            ("sequence", schema.sequences),
            ("routine", schema.routines),
            ("synonym", schema.synonyms),
        ):
            for obj in objects:
                names.setdefault(obj.name.upper(), f"{kind}:{obj.qualified_name}")
    return names


# A name counts as a reference to an object only where SQL puts object names: after these words, or
# before "(" (a call) or "." (schema.object, package.member), or as a bare call statement. Elsewhere
# it is a variable or column that happens to share the name.
_REFERENCE_AFTER = frozenset(
    {"FROM", "JOIN", "UPDATE", "TABLE", ",", ".", "EXEC", "EXECUTE", "CALL", "REFERENCES", "USING"}
)
_REFERENCE_BEFORE = frozenset({"(", ".", "@"})
_STATEMENT_START = frozenset({";", "BEGIN", "THEN", "ELSE", "LOOP"})
_INSERTS = frozenset({"INSERT", "MERGE"})  # INTO after these names a table; after SELECT, variables


def _is_reference(found: tuple[Word, ...], i: int) -> bool:
    before = found[i - 1].text if i else ""
    after = found[i + 1].text if i + 1 < len(found) else ""
    if after == ":=":
        return False
    if before == "INTO":
        return i >= 2 and found[i - 2].text in _INSERTS
    if before in _STATEMENT_START:
        return after in (";", "(", ".")
    return before in _REFERENCE_AFTER or after in _REFERENCE_BEFORE


def _code_dependencies(code: CodeText, found: tuple[Word, ...], names: dict[str, str]) -> set[Dependency]:
    me = code.object_name.upper()
    deps = set()
    for i, word in enumerate(found):
        target = names.get(word.text.strip('"'))
        if target and target.split(":", 1)[1].upper() != me and _is_reference(found, i):
            deps.add(Dependency(f"{code.object_kind}:{code.object_name}", target, "code"))
    return deps


def _foreign_keys(inventory: Inventory) -> Iterator[Dependency]:
    for table in inventory.tables():
        for constraint in table.constraints:
            if constraint.ref_table:
                target = f"table:{constraint.ref_schema or table.schema}.{constraint.ref_table}"
                yield Dependency(f"table:{table.qualified_name}", target, f"foreign key {constraint.name}")


def detect(
    inventory: Inventory, progress: Callable[..., None] | None = None
) -> tuple[tuple[Finding, ...], tuple[Dependency, ...]]:
    """Every rule of the inventory's source dialect, over its model and its code."""
    rules = ruleset(inventory.source.engine)
    scan = CodeScan(rules.rules, rules.dialect, rules.prefix)
    names = _object_names(inventory)
    findings: list[Finding] = list(dict.fromkeys(_model_findings(rules.rules, inventory)))
    deps: set[Dependency] = set(_foreign_keys(inventory))
    texts = list(code_texts(inventory))
    for done, code in enumerate(texts, 1):
        found_findings, found = scan.scan(code)
        findings += found_findings
        deps |= _code_dependencies(code, found, names)
        if progress is not None and (done % 50 == 0 or done == len(texts)):
            progress(done, len(texts), code.object_name)
    return tuple(findings), tuple(sorted(deps, key=lambda d: (d.source, d.target)))
