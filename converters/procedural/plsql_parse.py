"""PL/SQL source -> a small statement tree (recursive descent over the lexer's tokens).

    unit = parse_unit(routine.source)      # raises PlsqlSyntaxError(message, offset) on bad input

The tree keeps token spans, not text: every expression and embedded SQL statement is cut out of the source by its
span when it is converted, so what the rewrite pipeline sees is exactly what the source said. Comments are kept
beside the tokens (by offset) so the emitter can put them back above the statement they precede.

Grammar followed: Oracle Database PL/SQL Language Reference, "PL/SQL Language Elements" (block, IF, CASE, LOOP,
WHILE, FOR, FORALL, cursor declarations, exception handlers, subprogram and package declarations).
"""

from __future__ import annotations

from converters.procedural.plsql_tree import (
    Decl,
    Param,
    PlsqlSyntaxError,
    Routine,
    Source,
    Span,
    Stmt,
    Unit,
    lex,
)

__all__ = [
    "Decl",
    "Param",
    "PlsqlSyntaxError",
    "Routine",
    "Source",
    "Span",
    "Stmt",
    "Unit",
    "lex",
]  # fmt: skip

END_WORDS = frozenset({"END", "ELSIF", "ELSE", "WHEN", "EXCEPTION"})
ROUTINE_ATTRIBUTES = frozenset({"DETERMINISTIC", "PIPELINED", "PARALLEL_ENABLE", "RESULT_CACHE", "AUTHID",
                                "ACCESSIBLE", "AGGREGATE", "SQL_MACRO", "DEFAULT", "RELIES_ON"})  # fmt: skip


class Parser:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.tokens = source.tokens
        self.pos = 0

    # -- looking and moving ---------------------------------------------------------------------------
    def word(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at].upper or self.tokens[at].text if at < len(self.tokens) else ""

    def at(self, *words: str) -> bool:
        return all(self.word(i) == w for i, w in enumerate(words))

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.pos += len(words)
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            self.fail(f"expected {' '.join(words)}")

    def fail(self, message: str) -> None:
        at = self.tokens[min(self.pos, len(self.tokens) - 1)] if self.tokens else None
        found = at.text if at is not None and self.pos < len(self.tokens) else "end of text"
        raise PlsqlSyntaxError(f"{message}, found {found!r}", at.start if at else 0)

    @property
    def done(self) -> bool:
        return self.pos >= len(self.tokens)

    def name(self) -> str:
        token = self.tokens[self.pos] if not self.done else None
        if token is None or token.kind not in ("word", "qident"):
            self.fail("expected a name")
        self.pos += 1
        return token.text  # type: ignore[union-attr]

    def dotted(self) -> tuple[str, ...]:
        parts = [self.name()]
        while self.at(".") and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1].kind in ("word", "qident"):
            self.pos += 1
            parts.append(self.name())
        return tuple(parts)

    def span_until(self, *stops: str) -> Span:
        """Tokens up to (not including) the first of `stops` at depth 0 (parentheses and CASE ... END)."""
        first, depth = self.pos, 0
        while not self.done:
            token = self.tokens[self.pos]
            key = token.upper or token.text
            if depth == 0 and key in stops:
                return first, self.pos
            if key in ("(", "CASE"):
                depth += 1
            elif key in (")", "END") and depth > 0:
                depth -= 1
            elif key == ";" and depth > 0 and ";" in stops:
                self.fail("unbalanced parentheses before ';'")
            self.pos += 1
        self.fail(f"expected {' or '.join(stops)}")
        raise AssertionError  # unreachable

    def group(self) -> Span:
        """The inside of a parenthesised group (the parentheses consumed)."""
        self.expect("(")
        inside = self.span_until(")")
        self.pos += 1
        return inside

    # -- statements -----------------------------------------------------------------------------------
    def statements(self) -> list[Stmt]:
        out = []
        while not self.done and self.word() not in END_WORDS:
            out.append(self.statement())
        return out

    def statement(self) -> Stmt:
        label = ""
        while self.at("<", "<"):
            self.pos += 2
            label = self.name()
            self.expect(">", ">")
        first = self.pos
        handler = COMPOUND.get(self.word())
        stmt = handler(self) if handler is not None and not self.at("CASE", ":=") else self.simple()
        stmt.first, stmt.label = first, label
        return stmt

    def simple(self) -> Stmt:
        first = self.pos
        span = self.span_until(";")
        self.pos += 1
        words = [t.upper or t.text for t in self.tokens[first : first + 2]]
        kind = SIMPLE.get(" ".join(words), SIMPLE.get(words[0] if words else "", ""))
        if not kind:
            kind = "assign" if any(t.text == ":=" for t in self.tokens[span[0] : span[1]]) else "call"
        return Stmt(kind, first, self.pos, {"all": span})

    def block(self) -> Stmt:
        first = self.pos
        declared = self.accept("DECLARE")
        decls = self.declarations(("BEGIN",)) if declared else []
        self.expect("BEGIN")
        body = self.statements()
        handlers = self.handlers()
        self.expect("END")
        if not self.at(";"):
            self.name()
        self.expect(";")
        return Stmt("block", first, self.pos, arms=[(None, body)], decls=decls, handlers=handlers, flag=declared)

    def handlers(self) -> list[tuple[Span, list[Stmt]]]:
        """An optional EXCEPTION section: each WHEN names ... THEN statements."""
        found: list[tuple[Span, list[Stmt]]] = []
        if self.accept("EXCEPTION"):
            while self.accept("WHEN"):
                names = self.span_until("THEN")
                self.pos += 1
                found.append((names, self.statements()))
        return found

    def if_(self) -> Stmt:
        first = self.pos
        arms: list[tuple[Span | None, list[Stmt]]] = []
        self.expect("IF")
        while True:
            cond = self.span_until("THEN")
            self.pos += 1
            arms.append((cond, self.statements()))
            if not self.accept("ELSIF"):
                break
        if self.accept("ELSE"):
            arms.append((None, self.statements()))
        self.expect("END", "IF")
        self.expect(";")
        return Stmt("if", first, self.pos, arms=arms)

    def case(self) -> Stmt:
        first = self.pos
        self.expect("CASE")
        selector = self.span_until("WHEN")
        arms: list[tuple[Span | None, list[Stmt]]] = []
        while self.accept("WHEN"):
            cond = self.span_until("THEN")
            self.pos += 1
            arms.append((cond, self.statements()))
        if self.accept("ELSE"):
            arms.append((None, self.statements()))
        self.expect("END", "CASE")
        if not self.at(";"):
            self.name()
        self.expect(";")
        spans = {"selector": selector} if selector[1] > selector[0] else {}
        return Stmt("case", first, self.pos, spans, arms=arms)

    def loop_body(self, stmt: Stmt) -> Stmt:
        self.expect("LOOP")
        stmt.arms = [(None, self.statements())]
        self.expect("END", "LOOP")
        if not self.at(";"):
            self.name()
        self.expect(";")
        stmt.end = self.pos
        return stmt

    def loop(self) -> Stmt:
        return self.loop_body(Stmt("loop", self.pos, self.pos))

    def while_(self) -> Stmt:
        first = self.pos
        self.expect("WHILE")
        return self.loop_body(Stmt("while", first, first, {"cond": self.span_until("LOOP")}))

    def for_(self) -> Stmt:
        first = self.pos
        self.expect("FOR")
        var = self.name()
        self.expect("IN")
        reverse = self.accept("REVERSE")
        if self.at("(") and self._query_follows():  # FOR r IN (SELECT ...), not FOR i IN (k + 1) .. n
            return self.loop_body(Stmt("for_query", first, first, {"query": self.group()}, name=var))
        header = self.span_until("LOOP")
        dots = [i for i in range(*header) if self.tokens[i].text == ".."]
        if dots:
            spans = {"low": (header[0], dots[0]), "high": (dots[0] + 1, header[1])}
            return self.loop_body(Stmt("for_range", first, first, spans, name=var, flag=reverse))
        return self.loop_body(Stmt("for_cursor", first, first, {"cursor": header}, name=var))

    def _query_follows(self) -> bool:
        at = self.pos
        while at < len(self.tokens) and self.tokens[at].text == "(":
            at += 1
        return at < len(self.tokens) and self.tokens[at].upper in ("SELECT", "WITH")

    def forall(self) -> Stmt:
        first = self.pos
        self.expect("FORALL")
        var = self.name()
        self.expect("IN")
        header = self.span_until("INSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE", "SAVE")
        save = self.accept("SAVE", "EXCEPTIONS")
        dots = [i for i in range(*header) if self.tokens[i].text == ".."]
        spans = {"low": (header[0], dots[0]), "high": (dots[0] + 1, header[1])} if dots else {"bounds": header}
        dml = self.simple()
        return Stmt("forall", first, self.pos, spans, arms=[(None, [dml])], name=var, flag=save)

    # -- declarations ---------------------------------------------------------------------------------
    def declarations(self, stops: tuple[str, ...]) -> list[Decl]:
        out = []
        while not self.done and self.word() not in stops:
            out.append(self.declaration())
        return out

    def declaration(self) -> Decl:
        first = self.pos
        if self.at("PROCEDURE") or self.at("FUNCTION"):
            routine = self.routine()
            return Decl("routine", routine.name, first, self.pos, routine=routine)
        if self.accept("PRAGMA"):
            name = self.name().upper()
            spans = {"args": self.group()} if self.at("(") else {}
            self.expect(";")
            return Decl("pragma", name, first, self.pos, spans)
        if self.accept("CURSOR"):
            name = self.name()
            params = self.params() if self.at("(") else []
            spans = {}
            if self.accept("RETURN"):
                spans["return"] = self.span_until("IS", ";")
            if self.accept("IS"):
                spans["query"] = self.span_until(";")
            self.expect(";")
            return Decl("cursor", name, first, self.pos, spans, params)
        if self.at("TYPE") or self.at("SUBTYPE"):
            kind = self.name().lower()
            name = self.name()
            self.expect("IS")
            spans = {"type": self.span_until(";")}
            self.expect(";")
            return Decl(kind, name, first, self.pos, spans)
        name = self.name()
        if self.accept("EXCEPTION"):
            self.expect(";")
            return Decl("exception", name, first, self.pos)
        kind = "const" if self.accept("CONSTANT") else "var"
        type_span = self.span_until(":=", "DEFAULT", "NOT", ";")
        not_null = self.accept("NOT", "NULL")
        spans = {"type": type_span}
        if self.accept(":=") or self.accept("DEFAULT"):
            spans["default"] = self.span_until(";")
        self.expect(";")
        return Decl(kind, name, first, self.pos, spans, not_null=not_null)

    def params(self) -> list[Param]:
        self.expect("(")
        out = []
        while True:
            name = self.name()
            mode = "IN"
            if self.accept("IN", "OUT"):
                mode = "IN OUT"
            elif self.accept("OUT"):
                mode = "OUT"
            else:
                self.accept("IN")
            self.accept("NOCOPY")
            type_span = self.span_until(":=", "DEFAULT", ",", ")")
            default = None
            if self.accept(":=") or self.accept("DEFAULT"):
                default = self.span_until(",", ")")
            out.append(Param(name, mode, type_span, default))
            if not self.accept(","):
                break
        self.expect(")")
        return out

    def routine(self) -> Routine:
        first = self.pos
        kind = self.name().upper()
        name = self.dotted()[-1]
        if self.at("WRAPPED"):
            self.fail("wrapped (obfuscated) PL/SQL")
        params = self.params() if self.at("(") else []
        returns = None
        if self.accept("RETURN"):
            at = self.pos  # a constructor's RETURN SELF AS RESULT: its AS is no body
            self.pos += 3 if self.at("SELF", "AS", "RESULT") else 0
            returns = (at, self.pos) if self.pos > at else self.span_until(*ROUTINE_ATTRIBUTES, "IS", "AS", ";")
        attributes = []
        while self.word() in ROUTINE_ATTRIBUTES:
            attributes.append(self.word())
            self.pos += 1
            if self.at("("):
                self.group()
            elif attributes[-1] in ("AUTHID", "AGGREGATE", "DEFAULT", "ACCESSIBLE"):
                self.span_until(*ROUTINE_ATTRIBUTES, "IS", "AS", ";")
        routine = Routine(kind, name, first, first, params, returns, tuple(attributes))
        if self.accept(";"):
            routine.end = self.pos
            return routine
        if not (self.accept("IS") or self.accept("AS")):
            self.fail("expected IS or AS")
        if self.at("LANGUAGE") or self.at("EXTERNAL"):
            self.span_until(";")
            self.pos += 1
            routine.external, routine.end = True, self.pos
            return routine
        routine.decls = self.declarations(("BEGIN",))
        routine.body = self.block()
        routine.end = self.pos
        return routine


# first word(s) -> kind of a statement that ends at its `;`
SIMPLE: dict[str, str] = {
    "SELECT": "select", "WITH": "select", "(": "select",
    "INSERT": "dml", "UPDATE": "dml", "DELETE": "dml", "MERGE": "dml",
    "COMMIT": "commit", "ROLLBACK": "rollback", "SAVEPOINT": "savepoint", "SET TRANSACTION": "set_transaction",
    "LOCK TABLE": "lock", "NULL": "null", "RAISE": "raise", "RETURN": "return", "EXIT": "exit",
    "CONTINUE": "continue", "GOTO": "goto", "OPEN": "open", "FETCH": "fetch", "CLOSE": "close",
    "EXECUTE IMMEDIATE": "execute", "PIPE ROW": "pipe", "PRAGMA": "pragma",
}  # fmt: skip

COMPOUND = {
    "DECLARE": Parser.block,
    "BEGIN": Parser.block,
    "IF": Parser.if_,
    "CASE": Parser.case,
    "LOOP": Parser.loop,
    "WHILE": Parser.while_,
    "FOR": Parser.for_,
    "FORALL": Parser.forall,
}
