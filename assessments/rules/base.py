"""What a rule is, and the three ways it finds its occurrences.

A rule is one row of a dialect's table: a stable id, what it detects, how bad it is, how to fix it,
what it costs, and its detector:

- `tokens`: a word pattern matched over sqlglot's tokenizer output. Used on procedural source
  (PL/SQL, T-SQL bodies) that sqlglot cannot parse, and on any text that did not parse. The
  tokenizer already knows strings and comments, so a pattern never fires inside a literal or a
  comment (``-- EXECUTE IMMEDIATE`` is not a hit).
- `node`: a predicate over sqlglot AST nodes, used where the text parses (views, defaults, checks,
  index expressions, job queries).
- `model`: a function over the Inventory itself (types, GTTs, partitioning, DB links...).

A `custom` detector gets the word list and returns the words that hit, for shapes a pattern
cannot say (a SELECT that returns a result set, a four-part name).

Pattern words: an upper-case word matches that word; ``A|B`` matches either; ``*`` matches any one
token; ``'*'`` matches any string literal and ``''`` the empty string literal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlglot import exp
from sqlglot.dialects import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from migrate.model import Finding, Inventory, Location, Severity


class Hit(NamedTuple):
    """One occurrence a model detector found."""

    object_kind: str
    object_name: str
    location: Location | None
    snippet: str

    def finding(
        self,
        rule_id: str,
        severity: Severity,
        title: str,
        remedy: str,
        effort: float,
        category: str,
        snippet_chars: int | None = 200,
    ) -> Finding:
        """This occurrence as a Finding of the rule (or target check) that found it."""
        return Finding(
            rule_id=rule_id,
            severity=severity,
            message=title,
            object_kind=self.object_kind,
            object_name=self.object_name,
            location=self.location,
            remedy=remedy,
            effort_hours=effort,
            snippet=self.snippet[:snippet_chars],
            category=category,
        )


ModelDetector = Callable[[Inventory], Iterable[Hit]]
NodeDetector = Callable[[exp.Expression], bool]
WordDetector = Callable[[list["Word"]], Iterable["Word"]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what it detects, in the user's words
    severity: Severity
    category: str  # sql | procedural | schema | type | transaction | package | security | operations | target
    remedy: str
    effort: float  # hours per occurrence
    learning: float  # hours once per rule: the first occurrence teaches the team the fix
    tokens: str = ""
    unless: str = ""  # the pattern does not count when these words follow it
    node: NodeDetector | None = None
    model: ModelDetector | None = None
    custom: WordDetector | None = None  # for shapes a word pattern cannot say (returns the words that hit)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.tokens.split())


class Word(NamedTuple):
    text: str  # upper case; string literals keep their quotes: "'abc'", "''"
    line: int  # 1-based, inside the text that was tokenized


class _Tokenizers:
    """The dialects' tokenizers with COMMANDS emptied: sqlglot otherwise swallows the rest of a
    statement after e.g. EXECUTE into one string, hiding ``EXECUTE IMMEDIATE`` and what follows."""

    @staticmethod
    @cache
    def get(dialect: str) -> type:
        base = Dialect.get_or_raise(dialect).tokenizer_class
        return type(f"{base.__name__}ForRules", (base,), {"COMMANDS": set()})


def words(text: str, dialect: str) -> list[Word]:
    """The text as matchable words. Raises TokenError on text the tokenizer cannot read
    (an unterminated string or comment): the caller records that as a finding."""
    return words_from(_Tokenizers.get(dialect)().tokenize(text))


def words_from(tokens: Iterable[Token]) -> list[Word]:
    out: list[Word] = []
    for token in tokens:
        if token.token_type in (TokenType.STRING, TokenType.NATIONAL_STRING):
            out.append(Word(f"'{token.text.upper()}'", token.line))
            continue
        if token.token_type is TokenType.IDENTIFIER:  # "Quoted" / [bracketed]: one name, never a keyword
            out.append(Word(f'"{token.text.upper()}"', token.line))
            continue
        out.extend(Word(part, token.line) for part in token.text.upper().split())
    return out


def alternatives(element: str) -> list[str]:
    """``A|B`` -> [A, B]; the concatenation operator ``||`` is a word of its own, not a separator."""
    return [element] if "||" in element else element.split("|")


def _element_matches(element: str, word: str) -> bool:
    if element == "*":
        return True
    if element == "'*'":
        return word.startswith("'")
    return word in alternatives(element)


def matches_at(pattern: tuple[str, ...], found: list[Word], i: int) -> bool:
    if i + len(pattern) > len(found):
        return False
    return all(_element_matches(e, found[i + k].text) for k, e in enumerate(pattern))


class TokenIndex:
    """Rules keyed by the first word of their pattern, so one pass over the words finds them all."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.by_first: dict[str, list[Rule]] = {}
        self.any_string: list[Rule] = []
        for rule in rules:
            if not rule.tokens:
                continue
            first = rule.words[0]
            if first == "'*'":
                self.any_string.append(rule)
                continue
            for alternative in alternatives(first):
                self.by_first.setdefault(alternative, []).append(rule)

    def scan(self, found: list[Word], only: Callable[[Rule], bool] | None = None) -> Iterator[tuple[Rule, Word]]:
        for i, word in enumerate(found):
            candidates = self.by_first.get(word.text, ())
            if word.text.startswith("'"):
                candidates = [*candidates, *self.any_string]
            for rule in candidates:
                if only is not None and not only(rule):
                    continue
                if not matches_at(rule.words, found, i):
                    continue
                if rule.unless and matches_at(tuple(rule.unless.split()), found, i + len(rule.words)):
                    continue
                yield rule, word


def node_line(node: exp.Expression) -> int | None:
    """The 1-based line of a node, from the first token position sqlglot kept under it."""
    for sub in node.walk():
        line = sub.meta.get("line") if sub.meta else None
        if line:
            return int(line)
    return None


def is_(*kinds: type[exp.Expression], when: NodeDetector | None = None) -> NodeDetector:
    """A node detector: the node is one of `kinds` (and `when` holds)."""

    def detect(node: exp.Expression) -> bool:
        return isinstance(node, kinds) and (when is None or when(node))

    return detect


def function_named(*names: str) -> NodeDetector:
    """A call sqlglot did not model (exp.Anonymous) with one of these names."""
    wanted = {n.upper() for n in names}
    return is_(exp.Anonymous, when=lambda n: str(n.name).upper() in wanted)


def column_named(*names: str) -> NodeDetector:
    wanted = {n.upper() for n in names}
    return is_(exp.Column, when=lambda n: not n.table and n.name.upper() in wanted)


__all__ = [
    "Hit",
    "Rule",
    "TokenError",
    "TokenIndex",
    "Word",
    "column_named",
    "function_named",
    "is_",
    "matches_at",
    "node_line",
    "words",
]
