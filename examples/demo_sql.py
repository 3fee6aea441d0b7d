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


def aws_project(project: str, endpoint_url: str) -> None:
    """Secrets Manager secrets in the emulator, and the project's [source]/[target]/[dms] settings pointing at them.

    The hosts are illustrative: the emulator accepts any; against real AWS they are hosts DMS can reach."""
    import json

    import boto3

    secrets = boto3.client("secretsmanager", endpoint_url=endpoint_url, region_name="us-east-1")
    arns = {}
    for side, host in (("source", "legacy.db.internal"), ("target", "aurora.cluster.internal")):
        secret = {"username": "dms", "password": "demo-only-password", "host": host, "port": 5432, "dbname": "shop"}
        arns[side] = secrets.create_secret(Name=f"demo/{side}", SecretString=json.dumps(secret))["ARN"]
    path = Path(project) / "migration.toml"
    text = path.read_text(encoding="utf-8")
    settings = [  # (section, template line, new line)
        ("[source]", 'url = ""', 'url = "postgresql://dms@legacy.db.internal:5432/shop"'),
        ("[target]", 'url = ""', 'url = "postgresql://dms@aurora.cluster.internal:5432/shop"'),
        ("[dms]", "enabled = false", "enabled = true"),
        ("[dms]", 'replication = "serverless"', 'replication = "instance"'),
        ("[dms]", 'source_secret_arn = ""', f'source_secret_arn = "{arns["source"]}"'),
        ("[dms]", 'target_secret_arn = ""', f'target_secret_arn = "{arns["target"]}"'),
        (
            "[dms]",
            'secrets_access_role_arn = ""',
            'secrets_access_role_arn = "arn:aws:iam::123456789012:role/dms-secrets"',
        ),
    ]
    for section, old, new in settings:
        at = text.find(old, text.index(section))
        if at < 0:
            sys.exit(f"{path}: no line {old!r} in {section}")
        text = text[:at] + new + text[at + len(old) :]
    path.write_text(text, encoding="utf-8")
    print(f"  secrets: {arns['source']}, {arns['target']}")


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "run":
        run(rest[0], rest[1:])
    elif command == "copy":
        copy(rest[0], rest[1], rest[2:])
    elif command == "with-database":
        with_database(rest[0], rest[1])
    elif command == "aws-project":
        aws_project(rest[0], rest[1])
    else:
        sys.exit(__doc__)
