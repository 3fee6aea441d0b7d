"""One error hierarchy. Library code raises these; only the CLI turns them into a message and exit code.

Every message names what is wrong and, in `hint`, how to fix it. Messages never carry a password:
`mask_secrets` is applied to anything built from a URL or a driver's text.
"""

from __future__ import annotations

import re
from typing import Any


class MigrateError(Exception):
    """Base of every error the tool reports to a user. `exit_code` 2 = could not run."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(mask_secrets(message))
        self.message = mask_secrets(message)
        self.hint = mask_secrets(hint)

    def __str__(self) -> str:
        return f"{self.message}\n  fix: {self.hint}" if self.hint else self.message


class ConfigError(MigrateError):
    """migration.toml or a command-line option is wrong."""


class InputError(MigrateError):
    """A file given to the tool cannot be used (name, line and object in the message)."""


class DriverMissingError(MigrateError):
    """A database driver or its native part (ODBC) is not installed."""


class ConnectError(MigrateError):
    """A database could not be reached or refused the login."""


class QueryError(MigrateError):
    """The database answered a query with an error. `sqlstate` is the server's code when it gives one."""

    sqlstate: str = ""


class ScanError(MigrateError):
    """The assessment scan could not complete."""


class ConversionError(MigrateError):
    """Conversion could not complete, or its ledger does not reconcile."""


class DeployError(MigrateError):
    """Deployment could not run at all (per-object failures are findings, not errors)."""


class ValidationError(MigrateError):
    """Validation could not run (differences found are a result, not an error)."""


class AwsError(MigrateError):
    """An AWS call failed: credentials, region, a DMS fault, a throttled request."""


class EmbeddedPostgresError(MigrateError):
    """The embedded PostgreSQL server could not be started or stopped."""


# Masking runs over driver messages, reports and whole statements (a 1 MB INSERT batch of binary literals), so
# it must cost time linear in the text: anchors are found with str.find and one literal-led regex, and every
# character is looked at a bounded number of times. A regex that can start anywhere and backtrack (the former
# `[a-z][a-z0-9+.-]*://...`) took minutes on long hex literals.
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_SCHEME_LONGEST = 40  # schemes are short (postgresql+psycopg); look no further back than this
# password=... / PWD=... / "password": "..." / SecretString: ... in driver, ODBC, libpq, JSON and TOML text
_KEY = re.compile(
    r"(?:password|passwd|pwd|client_secret|aws_secret_access_key|SecretAccessKey|SecretString)\b['\"]?[ \t]*[=:][ \t]*",
    re.IGNORECASE,
)
# A quoted value: backslash escapes (libpq, JSON) and doubled quotes (SQL) stay inside. Every alternative
# starts with a different character, so a failed match gives up in one pass.
_QUOTED = {q: re.compile(rf"{q}(?:[^{q}\\\n]|\\.|{q}{q})*{q}") for q in ("'", '"')}
# a bare value runs to the next blank: a libpq password may hold ';', so ODBC's PWD=x;UID=y is masked to the blank
_BARE_VALUE = re.compile(r"\S+")
_USER = re.compile(r"[^:/\s]*")
_PORT = re.compile(r"\d*(?:[/?#\s]|$)")


class _LineEnds:
    """Where the line holding a position ends, found once per line however many anchors it holds (a 4 MB line
    with thousands of URLs must not be searched again for each one)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = -1

    def after(self, pos: int) -> int:
        if pos > self.end:
            found = self.text.find("\n", pos)
            self.end = len(self.text) if found < 0 else found
        return self.end


_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret value so it is masked wherever it shows up in a message."""
    if value and len(value) >= 3:
        _registered.add(value)


def mask_secrets(text: str) -> str:
    """`text` with every password it holds replaced by ***: URL userinfo, key=value pairs, registered secrets."""
    if not text:
        return text
    text = _mask_key_values(text)  # first: a URL masked to the last '@' of its line could swallow a key
    text = _mask_url_passwords(text)
    for secret in sorted(_registered, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class CutoverStopped(MigrateError):
    """The cutover stopped safely: a gate failed (exit 1) or could not tell, or a step waits for a person (exit 3).
    The state file says where it stopped; nothing after it ran, and `cutover resume` goes on from there."""

    def __init__(self, message: str, hint: str = "", exit_code: int = 1) -> None:
        super().__init__(message, hint)
        self.exit_code = exit_code


def _mask_url_passwords(text: str) -> str:
    """scheme://user:password@host: everything between the first ':' of the userinfo and the LAST '@' before the
    host is the password, which may hold '@', ':', '/', '?', '#', '://' or blanks when it was not percent-encoded.
    The URL is taken to run to the end of its line; masking too much is safe, too little is not."""
    out: list[str] = []
    done = 0
    lines = _LineEnds(text)
    at = text.find("://")
    while at >= 0:
        if at >= done and _has_scheme(text, at):
            colon, last_at = _userinfo_password(text, at + 3, lines.after(at))
            if last_at > colon >= 0:
                out.append(text[done : colon + 1])
                out.append("***")
                done = last_at
        at = text.find("://", max(at + 3, done))
    out.append(text[done:])
    return "".join(out)


def _has_scheme(text: str, at: int) -> bool:
    start = at
    while start > 0 and at - start < _SCHEME_LONGEST and text[start - 1] in _SCHEME_CHARS:
        start -= 1
    return start < at and text[start].isalpha()


def _userinfo_password(text: str, start: int, end: int) -> tuple[int, int]:
    """(position of the ':' before the password, position of the '@' after it), or (-1, -1)."""
    user = _USER.match(text, start, end)
    pos = user.end() if user else start
    if pos >= end or text[pos] != ":":
        return -1, -1
    if text.find("@", start, pos) >= 0 and _PORT.match(text, pos + 1, end):
        return -1, -1  # user@host:5432/db: what follows ':' is a port, there is no password
    return pos, text.rfind("@", pos + 1, end)


def _mask_key_values(text: str) -> str:
    out: list[str] = []
    done = 0
    lines = _LineEnds(text)
    for key in _KEY.finditer(text):
        if key.start() < done:
            continue  # inside a value already masked
        start, stop = _value_span(text, key.end(), lines.after(key.end()))
        if stop <= start:
            continue
        out.append(text[done:start])
        out.append("***")
        done = stop
    out.append(text[done:])
    return "".join(out)


def _value_span(text: str, pos: int, line_end: int) -> tuple[int, int]:
    """Where the value after `key=` starts and stops, without its quotes or braces: '...' and "..." (escapes
    kept inside), {...} (ODBC, `}}` inside), else up to a blank. An unclosed one runs to the line end."""
    opener = text[pos : pos + 1]
    if opener in _QUOTED:
        found = _QUOTED[opener].match(text, pos, line_end)
        return pos + 1, found.end() - 1 if found else line_end
    if opener == "{":
        close = pos + 1
        while True:
            close = text.find("}", close, line_end)
            if close < 0:
                return pos + 1, line_end
            if text[close + 1 : close + 2] != "}":
                return pos + 1, close
            close += 2
    found = _BARE_VALUE.match(text, pos)
    return pos, found.end() if found else pos


def mask_data(value: Any) -> Any:
    """`value` (JSON-like data: dicts, lists, strings) with every string masked, keys included. Mask data before
    serialising it, never the serialised text: a bare `password=x` runs to the next blank, which in JSON text
    would swallow the closing quote and break the document."""
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, dict):
        return {mask_data(k) if isinstance(k, str) else k: mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(v) for v in value]
    return value
