"""A statement-level tree of a T-SQL module body, read by recursive descent over the sqltext lexer's tokens.

T-SQL statements need no `;`: a statement ends where the next one starts, and statements start with keywords
(IF, SET, SELECT, INSERT...). What a keyword means depends on the statement it appears in (SET inside UPDATE,
SELECT after INSERT or UNION, FETCH after OFFSET n ROWS), and `_starts_new` holds those exceptions as one table
of reasons. Expressions and embedded SQL are not parsed here: a node keeps its tokens, and the converter hands
their text to the query rewriter (sqlglot). Comments are kept with the statement that follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.sqltext.lexer import TSQL, Token

# Words that begin a statement (at parenthesis and CASE depth 0).
STARTERS = frozenset(
    [
        "IF",
        "WHILE",
        "BEGIN",
        "DECLARE",
        "SET",
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "WITH",
        "RETURN",
        "BREAK",
        "CONTINUE",
        "GOTO",
        "EXEC",
        "EXECUTE",
        "RAISERROR",
        "THROW",
        "PRINT",
        "OPEN",
        "FETCH",
        "CLOSE",
        "DEALLOCATE",
        "COMMIT",
        "ROLLBACK",
        "SAVE",
        "TRUNCATE",
        "DROP",
        "CREATE",
        "ALTER",
        "WAITFOR",
        "END",
        "ELSE",
        "USE",
        "GRANT",
        "DENY",
        "REVOKE",
    ]
)
SINGLE_WORD = frozenset({"BREAK", "CONTINUE"})
TRAN_WORDS = frozenset({"TRAN", "TRANSACTION", "DISTRIBUTED"})
SET_OPERATORS = frozenset({"UNION", "ALL", "EXCEPT", "INTERSECT"})


@dataclass
class Node:
    """One statement. `kind` is its first keyword (lower case) or a structure: block, if, while, try, label.
    `tokens` are the statement's own tokens (for simple statements and the IF/WHILE condition)."""

    kind: str
    tokens: list[Token]
    line: int
    comments: list[str] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)  # block / while body / IF then-part / TRY part
    orelse: list[Node] = field(default_factory=list)  # ELSE part / CATCH part
    problem: str = ""  # why the parser could not read it (the converter raises a finding)
    trailing: list[str] = field(default_factory=list)  # `-- comment` on the statement's last line, after it


@dataclass
class Lexed:
    """The code tokens of a text and its comments (start offset, text), with a way to tell lines."""

    text: str
    tokens: list[Token]
    comments: list[tuple[int, str]]

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def lex(text: str) -> Lexed:
    tokens, comments = [], []
    for match in TSQL.token.finditer(text):
        kind = match.lastgroup or "op"
        value = match.group(0)
        if kind == "ws":
            continue
        if kind == "comment":
            comments.append((match.start(), value))
            continue
        tokens.append(Token(kind, value, match.start(), match.end(), value.upper() if kind == "word" else ""))
    return Lexed(text, tokens, comments)


class Parser:
    """Statements of tokens[pos:end]; `parse_block` until END (or the end), `statement` one at a time."""

    def __init__(self, lexed: Lexed, pos: int = 0, end: int | None = None, line_offset: int = 0) -> None:
        self.lexed = lexed
        self.tokens = lexed.tokens
        self.pos = pos
        self.end = len(self.tokens) if end is None else end
        self.comment_at = 0
        self.line_offset = line_offset

    # -- looking -------------------------------------------------------------------------------------------------
    def word(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at].upper if at < self.end else ""

    def text(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at].text if at < self.end else ""

    @property
    def done(self) -> bool:
        return self.pos >= self.end

    def _comments_before(self, offset: int) -> list[str]:
        found = []
        comments = self.lexed.comments
        while self.comment_at < len(comments) and comments[self.comment_at][0] < offset:
            found.append(comments[self.comment_at][1])
            self.comment_at += 1
        return found

    def _node(self, kind: str, tokens: list[Token], first: Token, comments: list[str], **parts: object) -> Node:
        line = self.lexed.line_of(first.start) + self.line_offset
        return Node(kind, tokens, line, comments, **parts)  # type: ignore[arg-type]

    # -- statements ----------------------------------------------------------------------------------------------
    def parse_block(self, stop: tuple[str, ...] = ()) -> list[Node]:
        """Statements until one of `stop` (first words, not consumed) or the end."""
        nodes: list[Node] = []
        while True:
            while not self.done and self.text() == ";":
                self.pos += 1
            if self.done or (stop and self.word() in stop):
                return nodes
            before = self.pos
            node = self.statement()
            if self.pos == before:  # never loop on a token nothing consumes
                self.pos += 1
            node.trailing = self._same_line_comments(self.tokens[self.pos - 1].end)
            nodes.append(node)

    def _same_line_comments(self, end: int) -> list[str]:
        text, comments = self.lexed.text, self.lexed.comments
        limit = self.tokens[self.pos].start if self.pos < len(self.tokens) else len(text)
        found = []
        while self.comment_at < len(comments):
            at, comment = comments[self.comment_at]
            if at < end or at > limit or "\n" in text[end:at]:
                break
            found.append(comment)
            self.comment_at += 1
        return found

    def trailing_comments(self) -> list[str]:
        return self._comments_before(len(self.lexed.text) + 1)

    def statement(self) -> Node:
        first = self.tokens[self.pos]
        comments = self._comments_before(first.start)
        word = first.upper
        if first.kind == "word" and self.text(1) == ":" and not word.startswith("@"):
            self.pos += 2
            return self._node("label", [first], first, comments)
        if word == "BEGIN" and self.word(1) == "TRY":
            return self._try(first, comments)
        if word == "BEGIN" and self.word(1) not in TRAN_WORDS and self.word(1) != "CATCH":
            self.pos += 1
            body = self.parse_block(("END",))
            problem = "" if self.word() == "END" else "BEGIN without END"
            self.pos += 1 if not self.done else 0
            return self._node("block", [first], first, comments, body=body, problem=problem)
        if word in ("IF", "WHILE"):
            return self._conditional(first, comments)
        if word in SINGLE_WORD:
            self.pos += 1
            return self._node(word.lower(), [first], first, comments)
        if word == "END" or word == "ELSE":  # stray: a block closed twice, or ELSE without IF
            self.pos += 1
            return self._node("unknown", [first], first, comments, problem=f"unexpected {word}")
        tokens = self._simple()
        kind = word.lower() if word in STARTERS else "unknown"
        if word == "BEGIN":
            kind = "tran"
        return self._node(kind, tokens, first, comments, problem="" if kind != "unknown" else "unknown statement")

    def _try(self, first: Token, comments: list[str]) -> Node:
        self.pos += 2
        body = self.parse_block(("END",))
        problem = ""
        if self.word() == "END" and self.word(1) == "TRY":
            self.pos += 2
        else:
            problem = "BEGIN TRY without END TRY"
        while not self.done and self.text() == ";":
            self.pos += 1
        catch: list[Node] = []
        if self.word() == "BEGIN" and self.word(1) == "CATCH":
            self.pos += 2
            catch = self.parse_block(("END",))
            if self.word() == "END" and self.word(1) == "CATCH":
                self.pos += 2
            else:
                problem = problem or "BEGIN CATCH without END CATCH"
        else:
            problem = problem or "END TRY not followed by BEGIN CATCH"
        return self._node("try", [first], first, comments, body=body, orelse=catch, problem=problem)

    def _conditional(self, first: Token, comments: list[str]) -> Node:
        self.pos += 1
        condition = self._condition()
        while not self.done and self.text() == ";":
            self.pos += 1
        if self.done or self.word() in ("END", "ELSE"):
            return self._node(first.upper.lower(), condition, first, comments, problem="no statement after condition")
        body = [self.statement()]
        orelse: list[Node] = []
        if first.upper == "IF":
            save = self.pos
            while not self.done and self.text() == ";":
                self.pos += 1
            if self.word() == "ELSE":
                self.pos += 1
                orelse = [self.statement()] if not self.done else []
            else:
                self.pos = save
        return self._node(first.upper.lower(), condition, first, comments, body=body, orelse=orelse)

    def _condition(self) -> list[Token]:
        """An IF / WHILE condition: up to the first statement keyword outside parentheses and CASE."""
        start, depth, case = self.pos, 0, 0
        while not self.done:
            token = self.tokens[self.pos]
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
            elif depth == 0:
                if token.upper == "CASE":
                    case += 1
                elif token.upper == "END" and case:
                    case -= 1
                elif case == 0 and self._ends_condition(token, start):
                    break
            self.pos += 1
        return self.tokens[start : self.pos]

    def _ends_condition(self, token: Token, start: int) -> bool:
        """A statement keyword (or `;`) ends the condition; UPDATE(col) is the trigger test, not a statement."""
        starts = token.upper in STARTERS or token.text == ";"
        return starts and self.pos > start and not (token.upper == "UPDATE" and self.text(1) == "(")

    def _simple(self) -> list[Token]:
        """A statement that holds no other statement: its tokens up to `;` or the next statement's start."""
        tokens = self.tokens
        start = self.pos
        head = tokens[start].upper
        self.pos += 1
        depth, case = 0, 0
        state = {"set": False, "body": False}
        while not self.done:
            token = tokens[self.pos]
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0:
                if token.text == ";":
                    self.pos += 1
                    return tokens[start : self.pos - 1]
                word = token.upper
                if word == "CASE":
                    case += 1
                elif word == "END" and case:
                    case -= 1
                elif word == "VALUES":
                    state["body"] = True  # INSERT ... VALUES: a SELECT after it is the next statement
                elif self._ends_here(head, word, case, state):
                    break
            self.pos += 1
        return tokens[start : self.pos]

    def _ends_here(self, head: str, word: str, case: int, state: dict[str, bool]) -> bool:
        """The next statement starts at this token: a statement keyword, or a label (`RETURN 0` / `Cleanup:`)."""
        if case == 0 and word in STARTERS and self._starts_new(head, word, self.tokens[self.pos - 1], state):
            return True
        return self._label_here()

    def _label_here(self) -> bool:
        """`name:` at the start of a line (not `::`, not a @variable)."""
        token = self.tokens[self.pos]
        after = self.tokens[self.pos + 1] if self.pos + 1 < self.end else None
        if token.kind != "word" or token.text.startswith("@") or after is None or after.text != ":":
            return False
        follow = self.tokens[self.pos + 2] if self.pos + 2 < self.end else None
        line_start = self.lexed.text.rfind("\n", 0, token.start)
        return (follow is None or follow.text != ":") and not self.lexed.text[line_start + 1 : token.start].strip()

    def _starts_new(self, head: str, word: str, prev: Token, state: dict[str, bool]) -> bool:
        """Whether `word` (a statement keyword at depth 0) starts a new statement inside a `head` statement."""
        before = prev.upper
        if word in ("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "EXEC", "EXECUTE", "WITH"):
            if word == "WITH":
                # WITH (NOLOCK), WITH TIES, WITH ROLLUP, RAISERROR ... WITH NOWAIT: a CTE is `WITH name [(...)] AS`
                ahead = self.tokens[self.pos + 1 : min(self.pos + 3, self.end)]
                if len(ahead) < 2:
                    return False
                return ahead[0].kind in ("word", "qident") and (ahead[1].upper == "AS" or ahead[1].text == "(")
            if before in SET_OPERATORS or prev.text == "(":
                return False  # UNION SELECT, (SELECT ...)
            if before in ("THEN", "FOR"):
                return False  # MERGE ... THEN UPDATE/INSERT/DELETE; CURSOR FOR SELECT; FOR UPDATE
            if head in ("INSERT", "WITH", "DECLARE") and not state["body"]:
                state["body"] = True  # INSERT ... SELECT / EXEC; WITH cte AS (...) <dml>; DECLARE c CURSOR FOR
                return head == "DECLARE" and before != "FOR"
            return True
        if word == "SET":
            if head == "UPDATE" and not state["set"]:
                state["set"] = True
                return False
            return before != "UPDATE"  # MERGE ... THEN UPDATE SET
        if word == "FETCH":
            return before not in ("ROWS", "ROW", "NEXT", "FIRST")  # OFFSET n ROWS FETCH NEXT m ROWS ONLY
        if word == "IF":
            return head != "DROP"  # DROP TABLE IF EXISTS
        return True


def walk(nodes: list[Node]) -> list[Node]:
    """Every node of a statement list, depth first, the branches of each (body, then ELSE / CATCH) included."""
    found = []
    for node in nodes:
        found.append(node)
        found.extend(walk(node.body))
        found.extend(walk(node.orelse))
    return found
