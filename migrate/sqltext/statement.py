"""A statement cut out of an export file, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from migrate.model import Location


@dataclass(frozen=True)
class Statement:
    """One statement as the splitter cut it.

    `kind` says who would run it: ``sql`` (a SQL statement), ``block`` (PL/SQL, T-SQL module or
    anything ending with `/` or a batch end), ``client`` (a SQL*Plus / sqlcmd / psql command, or a
    `GO`). `problem` is set when the splitter had to guess where the statement ends.
    """

    text: str
    file: str
    line: int
    end_line: int
    kind: str = "sql"
    problem: str = ""

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.end_line)
