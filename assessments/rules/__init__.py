"""Assessment rules: one table per source dialect, and the scan that turns them into Findings.

from assessments.rules import detect
findings, dependencies = detect(inventory)
"""

from __future__ import annotations

from assessments.rules.base import Rule
from assessments.rules.detect import Dependency, detect
from assessments.rules.sets import RULESETS, RuleSet, all_rules, ruleset

__all__ = ["RULESETS", "Dependency", "Rule", "RuleSet", "all_rules", "detect", "ruleset"]
