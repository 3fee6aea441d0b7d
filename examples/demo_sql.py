"""Small stand-ins the demo needs and aurora-migrate does not do itself.

python examples/demo_sql.py run URL "SQL" | --file FILE...   run SQL (creating the demo's databases, data)
python examples/demo_sql.py copy SOURCE_URL TARGET_URL TABLE...   copy rows (what AWS DMS's full load does)
python examples/demo_sql.py with-database URL NAME                print URL with another database name
"""

from __future__ import annotations

import sys
from pathlib import Path

from migrate.engines import connect
from migrate.engines.url import parse_url


def run(url: str, args: list[str]) -> None:
    with connect(url) as conn:
        if args[0] == "--file":
            for name in args[1:]:
                conn.execute(Path(name).read_text(encoding="utf-8"))
        else:
            for statement in args:
                conn.execute(statement)


def copy(source: str, target: str, tables: list[str]) -> None:
    with connect(source, read_only=True) as src, connect(target) as tgt:
        tgt.execute("SET session_replication_role = replica")  # as DMS does: no triggers/FK checks during load
        for table in tables:
            with (
                src.raw.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as out,
                tgt.raw.cursor().copy(f"COPY {table} FROM STDIN (FORMAT binary)") as into,
            ):
                for chunk in out:
                    into.write(chunk)
            print(f"  copied {table}: {tgt.scalar(f'SELECT count(*) FROM {table}')} rows")


def with_database(url: str, name: str) -> None:
    from dataclasses import replace

    print(replace(parse_url(url), database=name).masked)


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "run":
        run(rest[0], rest[1:])
    elif command == "copy":
        copy(rest[0], rest[1], rest[2:])
    elif command == "with-database":
        with_database(rest[0], rest[1])
    else:
        sys.exit(__doc__)
