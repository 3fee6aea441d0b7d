"""PL/SQL conditional compilation, resolved before parsing as Oracle's preprocessor does when it compiles a unit.

    $IF cond $THEN ... [$ELSIF cond $THEN ...] [$ELSE ...] $END      $ERROR 'text' $END      $$NAME

Oracle keeps the text of the branch whose static condition is TRUE (NULL and FALSE skip it) and compiles only that.
A condition reads PLSQL_CCFLAGS values (`$$name`: the setting `conversion.plsql_ccflags`, "name:value, ..."; a
name it does not set is NULL, as in Oracle) and DBMS_DB_VERSION (VERSION, RELEASE, VER_LE_n[_m]: the setting
`conversion.oracle_version`, "19" or "12.2"), the compilation parameters the scripts set (ALTER SESSION SET
PLSQL_OPTIMIZE_LEVEL ...), and BOOLEAN / PLS_INTEGER constants a package specification of the run sets to a literal
(`$IF conf.debug_on $THEN`). `$$PLSQL_UNIT` and `$$PLSQL_LINE` in the code become the unit's name and the line. The branches not kept are blanked out (their line breaks stay, so every line keeps its number).

What cannot be decided with certainty keeps the unit manual (AM-PLSQL-080, raised as a PlsqlSyntaxError with its
rule): a condition on something else (a constant set by an expression, of a package the run lacks), the Oracle version when it is not set -- unless every
branch is the same code once compiler hints (PRAGMA UDF, INLINE ...) are left out, so the choice changes nothing --
and a `$ERROR` Oracle itself would stop at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from converters.procedural.plsql_tree import PlsqlSyntaxError, lex
from migrate.sqltext.lexer import Token

DIRECTIVES = frozenset({"IF", "THEN", "ELSIF", "ELSE", "END", "ERROR"})
# PRAGMAs that change nothing PostgreSQL would do differently (compiler hints)
HARMLESS_PRAGMAS = frozenset({"SERIALLY_REUSABLE", "RESTRICT_REFERENCES", "INLINE", "UDF", "DEPRECATE",
                              "SUPPRESSES_WARNING_6009", "COVERAGE"})  # fmt: skip
UNKNOWN: Any = object()  # a condition the converter cannot evaluate
_PARAMETERS = ("a compilation parameter the units were compiled with is read from the scripts' ALTER SESSION SET, "
               "or set as a flag of conversion.plsql_ccflags: 'PLSQL_OPTIMIZE_LEVEL:2'")  # fmt: skip
_GONE = "\0"  # a token removed with no blank left (the name part of a replaced $$name)


class Undecided(PlsqlSyntaxError):
    rule = "AM-PLSQL-080"


@dataclass(frozen=True)
class Compilation:
    """What Oracle's preprocessor reads: PLSQL_CCFLAGS (upper name -> value text) and the source's version."""

    flags: tuple[tuple[str, str], ...] = ()
    version: tuple[int, int] | None = None
    constants: tuple[tuple[str, str], ...] = ()  # 'PKG.NAME' -> value text of the run's static package constants

    @staticmethod
    def of(ccflags: str, oracle_version: str, compiled_with: tuple[tuple[str, str], ...] = (),
           constants: tuple[tuple[str, str], ...] = ()) -> Compilation:  # fmt: skip
        """`ccflags` and `oracle_version`: the conversion's settings. `compiled_with`: the compilation parameters
        the source's scripts set (PLSQL_OPTIMIZE_LEVEL, PLSQL_CCFLAGS ...): read as inquiry directives of their
        own name, and the flags of their PLSQL_CCFLAGS, where the settings do not name them."""
        flags = dict(_flags(ccflags))
        for name, value in compiled_with:
            for flag, flag_value in _flags(value) if name == "PLSQL_CCFLAGS" else [(name, value)]:
                flags.setdefault(flag, flag_value)
        parts = [p for p in oracle_version.strip().split(".") if p.isdigit()]
        version = (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0) if parts else None
        return Compilation(tuple(flags.items()), version, constants)


def _static(value: str) -> Any:
    if value in ("TRUE", "FALSE", "NULL"):
        return {"TRUE": True, "FALSE": False, "NULL": None}[value]
    return int(value)


def _flags(ccflags: str) -> list[tuple[str, str]]:
    """PLSQL_CCFLAGS text, "name:value, ...", as (UPPER name, value) pairs."""
    pairs = [p.split(":", 1) for p in ccflags.split(",") if ":" in p]
    return [(k.strip().upper(), v.strip()) for k, v in pairs]


@dataclass
class _If:
    branches: list[tuple[tuple[int, int] | None, list[Any]]]  # (condition token span or None for $ELSE, body)
    marks: list[int]  # token indexes of its $ELSE and $END


def resolve(text: str, compilation: Compilation, unit: str = "") -> str:
    """`text` with its conditional compilation resolved (unchanged when it has none)."""
    if "$" not in text:
        return text
    tokens = lex(text).tokens
    if not any(_directive(tokens, i) or _inquiry(tokens, i) for i in range(len(tokens))):
        return text
    nodes, at = _nodes(tokens, 0, ())
    if at < len(tokens):
        raise PlsqlSyntaxError(f"${tokens[at + 1].text} without $IF", tokens[at].start)
    out: dict[int, str] = {}  # token index -> its replacement ('' blanks it)
    _Emit(tokens, compilation, unit, text, out).nodes(nodes, True)
    return _rewritten(text, tokens, out)


def _directive(tokens: list[Token], i: int) -> str:
    if tokens[i].text != "$" or i + 1 >= len(tokens) or tokens[i].end != tokens[i + 1].start:
        return ""
    word = tokens[i + 1].upper
    return word if word in DIRECTIVES else ""


def _inquiry(tokens: list[Token], i: int) -> str:
    """`$$NAME` at i: NAME (upper), else ''."""
    if i + 2 >= len(tokens) or tokens[i].text != "$" or tokens[i + 1].text != "$":
        return ""
    adjacent = tokens[i].end == tokens[i + 1].start and tokens[i + 1].end == tokens[i + 2].start
    return tokens[i + 2].upper if adjacent and tokens[i + 2].upper else ""


def _nodes(tokens: list[Token], at: int, stops: tuple[str, ...]) -> tuple[list[Any], int]:
    """Token indexes and _If / ('error', first, last) nodes up to a directive in `stops` (its index returned)."""
    nodes: list[Any] = []
    while at < len(tokens):
        word = _directive(tokens, at)
        if word in stops:
            return nodes, at
        if word == "IF":
            node, at = _if(tokens, at)
            nodes.append(node)
        elif word == "ERROR":
            _, end = _nodes(tokens, at + 2, ("END",))
            nodes.append(("error", at, end + 2))
            at = end + 2
        elif word:
            return nodes, at  # a stray $THEN / $ELSE / $END: the caller reports it
        else:
            nodes.append(at)
            at += 1
    return nodes, at


def _if(tokens: list[Token], at: int) -> tuple[_If, int]:
    node = _If([], [])
    word = "IF"
    while word in ("IF", "ELSIF", "ELSE"):
        condition = None
        start = at + 2
        if word != "ELSE":
            then = next((j for j in range(start, len(tokens)) if _directive(tokens, j) == "THEN"), None)
            if then is None:
                raise PlsqlSyntaxError(f"${word} without $THEN", tokens[at].start)
            condition, start = (at + 2, then), then + 2
        body, end = _nodes(tokens, start, ("ELSIF", "ELSE", "END"))
        node.branches.append((condition, body))
        if end >= len(tokens):
            raise PlsqlSyntaxError("$IF without $END", tokens[at].start)
        word, at = _directive(tokens, end), end
        if word in ("ELSE", "END"):
            node.marks.append(at)
    return node, at + 2


class _Emit:
    """Which tokens are kept, blanked or replaced."""

    def __init__(self, tokens: list[Token], comp: Compilation, unit: str, text: str, out: dict[int, str]) -> None:
        self.tokens, self.comp, self.unit, self.text, self.out = tokens, comp, unit, text, out

    def nodes(self, nodes: list[Any], keep: bool) -> None:
        skip = 0
        for node in nodes:
            if isinstance(node, int):
                if skip:
                    skip -= 1
                elif not keep:
                    self.out[node] = ""
                elif _inquiry(self.tokens, node):
                    self.inquiry(node)
                    skip = 2
            elif isinstance(node, _If):
                self.branches(node, keep)
            else:
                _, first, end = node
                if keep:
                    message = " ".join(t.text for t in self.tokens[first + 2 : end - 2])
                    raise Undecided(f"$ERROR {message[:120]} is reached", self.tokens[first].start)
                self.blank(first, end)

    def branches(self, node: _If, keep: bool) -> None:
        chosen = self.choose(node) if keep else None
        for index, (condition, body) in enumerate(node.branches):
            if condition is not None:
                self.blank(condition[0] - 2, condition[1] + 2)
            self.nodes(body, keep and index == chosen)
        for at in node.marks:
            self.blank(at, at + 2)

    def choose(self, node: _If) -> int | None:
        for index, (condition, _) in enumerate(node.branches):
            if condition is None:
                return index
            value = _Condition(self.tokens[condition[0] : condition[1]], self.comp).value()
            if value is UNKNOWN:
                return self.same_code(node, index, condition)
            if value is True:
                return index
        return None

    def same_code(self, node: _If, index: int, where: tuple[int, int]) -> int:
        """An undecidable condition: the first remaining branch, if every remaining one is the same code."""
        rest = [body for _, body in node.branches[index:]]
        if node.branches[-1][0] is not None:
            rest.append([])
        if any(not isinstance(n, int) for body in rest for n in body):
            codes = None
        else:
            codes = {_code(self.tokens, body) for body in rest}
        if codes is None or len(codes) != 1:
            words = " ".join(t.text for t in self.tokens[where[0] : where[1]])[:120]
            raise Undecided(f"conditional compilation on {words!r} cannot be evaluated (set conversion."
                            f"oracle_version / plsql_ccflags, {_PARAMETERS}, or resolve it by hand)",
                            self.tokens[where[0]].start)  # fmt: skip
        return index

    def inquiry(self, at: int) -> None:
        name = _inquiry(self.tokens, at)
        if name == "PLSQL_UNIT" and self.unit:
            value = "'" + self.unit.replace("'", "''") + "'"
        elif name == "PLSQL_LINE":
            value = str(self.text.count("\n", 0, self.tokens[at].start) + 1)
        elif name in dict(self.comp.flags) or not name.startswith("PLSQL_"):
            value = dict(self.comp.flags).get(name, "NULL")
        else:
            raise Undecided(f"$${name} cannot be evaluated at conversion ({_PARAMETERS})", self.tokens[at].start)
        self.out[at], self.out[at + 1], self.out[at + 2] = value, _GONE, _GONE

    def blank(self, first: int, end: int) -> None:
        for j in range(first, min(end, len(self.tokens))):
            self.out[j] = ""


def _code(tokens: list[Token], body: list[int]) -> str:
    """A branch's code without compiler-hint pragmas, for comparison."""
    words = [tokens[i].upper or tokens[i].text for i in body]
    out, at = [], 0
    while at < len(words):
        if words[at] == "PRAGMA" and at + 1 < len(words) and words[at + 1] in HARMLESS_PRAGMAS:
            while at < len(words) and words[at] != ";":
                at += 1
        else:
            out.append(words[at])
        at += 1
    return " ".join(out)


def _rewritten(text: str, tokens: list[Token], out: dict[int, str]) -> str:
    pieces, last = [], 0
    for at in sorted(out):
        token = tokens[at]
        pieces.append(text[last : token.start])
        gone = text[token.start : token.end]
        if out[at] == _GONE:  # the rest of a replaced $$name (no line break in it)
            last = token.end
            continue
        blank = "".join(c if c == "\n" else " " for c in gone)
        pieces.append(out[at] or blank)
        last = token.end
    pieces.append(text[last:])
    return "".join(pieces)


class _Condition:
    """A static boolean expression of PLSQL_CCFLAGS values, DBMS_DB_VERSION constants and literals: TRUE, FALSE,
    None (NULL), an integer, or UNKNOWN. NOT / AND / OR follow SQL's three-valued logic."""

    def __init__(self, tokens: list[Token], comp: Compilation) -> None:
        self.tokens, self.comp, self.at = tokens, comp, 0

    def value(self) -> Any:
        result = self.disjunction()
        return result if self.at == len(self.tokens) else UNKNOWN

    def word(self) -> str:
        return (self.tokens[self.at].upper or self.tokens[self.at].text) if self.at < len(self.tokens) else ""

    def disjunction(self) -> Any:
        left = self.conjunction()
        while self.word() == "OR":
            self.at += 1
            right = self.conjunction()
            left = True if True in (left, right) else UNKNOWN if UNKNOWN in (left, right) else (
                None if None in (left, right) else False)  # fmt: skip
        return left

    def conjunction(self) -> Any:
        left = self.negation()
        while self.word() == "AND":
            self.at += 1
            right = self.negation()
            left = False if False in (left, right) else UNKNOWN if UNKNOWN in (left, right) else (
                None if None in (left, right) else True)  # fmt: skip
        return left

    def negation(self) -> Any:
        if self.word() == "NOT":
            self.at += 1
            inner = self.negation()
            return inner if inner is UNKNOWN or inner is None else not inner
        return self.comparison()

    def comparison(self) -> Any:
        left = self.primary()
        op = self.word()
        if op == "IS":
            self.at += 1
            negate = self.word() == "NOT"
            self.at += 1 + negate
            return UNKNOWN if left is UNKNOWN else (left is None) != negate
        if op not in ("=", "<>", "!=", "^=", "<", ">", "<=", ">="):
            return left
        self.at += 1
        right = self.primary()
        if UNKNOWN in (left, right):
            return UNKNOWN
        if left is None or right is None:
            return None
        pairs = {"=": left == right, "<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}
        return pairs.get(op, left != right)

    def primary(self) -> Any:
        word = self.word()
        self.at += 1
        if word == "(":
            inner = self.disjunction()
            self.at += self.word() == ")"
            return inner
        if word in ("TRUE", "FALSE", "NULL"):
            return {"TRUE": True, "FALSE": False, "NULL": None}[word]
        if word.isdigit():
            return int(word)
        if word == "$" and self.word() == "$":
            self.at += 2
            return self.flag(self.tokens[self.at - 1].upper)
        names = [word]
        while self.word() == "." and self.at + 1 < len(self.tokens):
            names.append(self.tokens[self.at + 1].upper)
            self.at += 2
        return self.version(names)

    def flag(self, name: str) -> Any:
        value = dict(self.comp.flags).get(name)
        if value is None:
            return UNKNOWN if name.startswith("PLSQL_") else None  # an unset flag is NULL
        upper = value.upper()
        if upper in ("TRUE", "FALSE", "NULL"):
            return {"TRUE": True, "FALSE": False, "NULL": None}[upper]
        return int(value) if value.lstrip("-").isdigit() else UNKNOWN

    def version(self, names: list[str]) -> Any:
        """DBMS_DB_VERSION.member, or a static constant of a package of the run (`pkg.c`, `schema.pkg.c`)."""
        constant = dict(self.comp.constants).get(".".join(names[-2:])) if len(names) in (2, 3) else None
        if constant is not None:
            return _static(constant)
        if names[:1] == ["SYS"]:
            names = names[1:]
        if len(names) != 2 or names[0] != "DBMS_DB_VERSION":
            return UNKNOWN
        return db_version_value(self.comp, names[1])


def db_version_value(comp: Compilation, member: str) -> Any:
    """DBMS_DB_VERSION.member (upper case) on the source's release: VERSION and RELEASE are numbers, VER_LE_n and
    VER_LE_n_m booleans (Oracle's package constants); UNKNOWN for another member or when the version is not set."""
    if comp.version is None:
        return UNKNOWN
    major, minor = comp.version
    if member in ("VERSION", "RELEASE"):
        return major if member == "VERSION" else minor
    parts = member.split("_")[2:] if member.startswith("VER_LE_") else []
    if not parts or not all(p.isdigit() for p in parts):
        return UNKNOWN
    if len(parts) == 1:
        return major <= int(parts[0])
    return (major, minor) <= (int(parts[0]), int(parts[1]))
