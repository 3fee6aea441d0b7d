"""The rule tables of every source engine, by engine: which rules the scan runs for an inventory."""

from __future__ import annotations

from dataclasses import dataclass

import assessments.rules.oracle as oracle
import assessments.rules.postgres as postgres
import assessments.rules.sqlserver as sqlserver
from assessments.rules.base import Rule
from migrate.errors import ConfigError
from migrate.model import Severity
from migrate.model.engines import ORACLE, POSTGRESQL, SQLSERVER, Engine


@dataclass(frozen=True)
class RuleSet:
    engine: str  # as SourceInfo.engine spells it
    dialect: str  # sqlglot's dialect name
    prefix: str  # rule id prefix
    label: str  # for messages: "Oracle", "T-SQL"
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return _BY_ID.get(self.engine, {}).get(rule_id)


def _reading_rules(engine: Engine) -> tuple[Rule, ...]:
    """What the scan itself could not read: every such text is a finding, never skipped."""
    prefix, label = engine.rule_prefix, engine.sql_title
    return (
        Rule(f"{prefix}-PARSE-001", f"SQL that did not parse as {label}", Severity.MEDIUM, "unparsed",
             "Review by hand: the converter will not rewrite it either; fix the export if it is cut short.", 1, 0),
        Rule(f"{prefix}-TOKEN-001", "text that could not be tokenized (unterminated string, quote or comment)",
             Severity.HIGH, "unparsed", "Check the export is complete and its quoting intact; this object was not scanned.",
             1, 0),
    )  # fmt: skip


def _ruleset(engine: Engine, rules: tuple[Rule, ...]) -> RuleSet:
    return RuleSet(engine.name, engine.sqlglot, engine.rule_prefix, engine.sql_title, rules + _reading_rules(engine))


RULESETS: dict[str, RuleSet] = {
    ORACLE.name: _ruleset(ORACLE, oracle.RULES),
    SQLSERVER.name: _ruleset(SQLSERVER, sqlserver.RULES),
    POSTGRESQL.name: _ruleset(POSTGRESQL, postgres.RULES),
}

_BY_ID: dict[str, dict[str, Rule]] = {engine: {r.id: r for r in rs.rules} for engine, rs in RULESETS.items()}


def ruleset(engine: str) -> RuleSet:
    found = RULESETS.get(engine)
    if found is None:
        raise ConfigError(f"no assessment rules for source engine '{engine}'", f"use one of: {', '.join(RULESETS)}")
    return found


def all_rules() -> dict[str, Rule]:
    """Every rule of every dialect, by id (ids are unique across dialects)."""
    return {rule.id: rule for rs in RULESETS.values() for rule in rs.rules}
