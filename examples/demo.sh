#!/usr/bin/env bash
# The end-to-end demo on the embedded PostgreSQL: no database server and no AWS account needed.
# Run it with `make demo` (which installs everything first). Everything it writes goes to ./demo-out.
set -euo pipefail
cd "$(dirname "$0")/.."
out=demo-out
rm -rf "$out"
mkdir -p "$out"
sqlhelp() { python examples/demo_sql.py "$@"; }

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }
# a step whose non-zero exit is the point (validation finding differences exits 1)
step_expect() { local want=$1; shift; printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; set +e; "${@:2}"; local got=$?; set -e
  [ "$got" = "$want" ] || { echo "expected exit $want, got $got" >&2; exit 1; }; echo "(exit $got, as expected)"; }

project="$out/project"
step "1. a migration project" aurora-migrate init "$project"
step "2. what is reachable? (no target.url: the embedded PostgreSQL starts and stops)" \
  aurora-migrate doctor --project "$project"

# --- job 1: assessment, offline from export files --------------------------------------------------
step "3. assess an Oracle export (SQL Developer / DBMS_METADATA scripts)" \
  aurora-migrate assess --dialect oracle examples/oracle/hr_sales --out "$out/oracle/assessment"
step "4. assess a SQL Server export (SSMS Generate Scripts)" \
  aurora-migrate assess --dialect sqlserver examples/sqlserver/inventory_app --out "$out/sqlserver/assessment"

# --- job 2: convert and deploy with a compile gate ------------------------------------------------
# The embedded PostgreSQL is major version 18, so the demo converts for 18; for Aurora give its major version
# (deploy warns when the target's version differs from the one the SQL was converted for).
url=$(aurora-migrate embedded start --project "$project")
trap 'aurora-migrate embedded stop --project "$project" >/dev/null 2>&1 || true' EXIT
echo "embedded PostgreSQL kept running for the next steps: $url"
for db in oracle_target sqlserver_target legacy aurora; do
  sqlhelp run "$url" "DROP DATABASE IF EXISTS $db" "CREATE DATABASE $db"
done
step "5. convert the Oracle schema (every statement accounted for in the ledger)" \
  aurora-migrate convert --inventory "$out/oracle/assessment/inventory.json" --target-version 18 --out "$out/oracle/converted"
step "6. deploy it, one transaction per object, in dependency order" \
  aurora-migrate deploy "$out/oracle/converted" --target "$(sqlhelp with-database "$url" oracle_target)"
# SQL Server compares text ignoring case; Aurora keeps that with ICU collations (the default), but the embedded
# PostgreSQL wheel is built without ICU, so the demo's project converts case-insensitive columns to citext
sed -i 's/^case_insensitive = "icu"/case_insensitive = "citext"/' "$project/migration.toml"
step "7. convert the SQL Server schema (the project's migration.toml: case_insensitive = \"citext\")" \
  aurora-migrate convert --inventory "$out/sqlserver/assessment/inventory.json" --target-version 18 --project "$project" --out "$out/sqlserver/converted"
step "8. deploy it" \
  aurora-migrate deploy "$out/sqlserver/converted" --target "$(sqlhelp with-database "$url" sqlserver_target)"

# --- a live source: self-managed PostgreSQL -> Aurora, end to end --------------------------------
legacy=$(sqlhelp with-database "$url" legacy)
aurora=$(sqlhelp with-database "$url" aurora)
sqlhelp run "$legacy" --file examples/postgres/legacy_shop/schema.sql examples/postgres/legacy_shop/data.sql
step "9. assess a live PostgreSQL source" aurora-migrate assess --source "$legacy" --out "$project/assessment"
step "10. convert from the live inventory" \
  aurora-migrate convert --inventory "$project/assessment/inventory.json" --target-version 18 --out "$project/converted"
step "11. deploy the schema to the target" aurora-migrate deploy "$project/converted" --target "$aurora"
step "12. plan the AWS DMS task offline (table mappings, task settings, reasons)" \
  aurora-migrate dms plan --project "$project"
printf '\n\033[1m== 13. the full load (AWS DMS does this in a real migration; here a COPY stands in)\033[0m\n'
sqlhelp copy "$legacy" "$aurora" shop.customers shop.products shop.orders shop.order_lines
step "14. post-load objects (identity sequences moved past the loaded rows)" \
  aurora-migrate deploy "$project/converted" --target "$aurora" --post-load

# --- job 3: validation after the load --------------------------------------------------------------
step "15. validate: counts, checksums, aggregates, schema parity" \
  aurora-migrate validate all --source "$legacy" --target "$aurora" --format text,html,json,junit --out "$project/validation"
printf '\n\033[1m== 16. break a few rows on the target (a lost row, +1 microsecond, '"''"' vs NULL, a cent)\033[0m\n'
sqlhelp run "$aurora" \
  "DELETE FROM shop.order_lines WHERE order_id = 77 AND line_no = 2" \
  "UPDATE shop.orders SET ordered_at = ordered_at + interval '1 microsecond' WHERE order_id = 4242" \
  "UPDATE shop.orders SET note = NULL WHERE order_id = 5" \
  "UPDATE shop.products SET unit_price = unit_price + 0.01 WHERE sku = 'SKU-00042'"
step_expect 1 "17. validate again: every difference pinpointed by key and column, exit 1" \
  aurora-migrate validate checksums --source "$legacy" --target "$aurora" --format text,html --out "$project/validation-after"
step_expect 1 "18. the same run with --resume: finished tables come from the checkpoint (a run stopped by Ctrl-C goes on mid-table)" \
  aurora-migrate validate checksums --source "$legacy" --target "$aurora" --format text,html --out "$project/validation-after" --resume

# --- AWS DMS, driven against a local AWS emulator (moto, installed by `make`): the same API calls real AWS gets
printf '\n\033[1m== 19. AWS DMS against a local AWS emulator (moto on 127.0.0.1; real AWS takes --profile/--region)\033[0m\n'
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
port=$(python -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
moto_server -H 127.0.0.1 -p "$port" > "$out/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; aurora-migrate embedded stop --project "$project" >/dev/null 2>&1 || true' EXIT
aws="http://127.0.0.1:$port"
python -c "import time, urllib.request
for _ in range(50):
    try: urllib.request.urlopen('$aws/moto-api/'); break
    except Exception: time.sleep(0.2)"
sqlhelp aws-project "$project" "$aws"
step "20. create the endpoints, replication instance and task (secrets from Secrets Manager)" \
  aurora-migrate dms apply --project "$project" --endpoint-url "$aws"
step "21. apply again: nothing changes" aurora-migrate dms apply --project "$project" --endpoint-url "$aws"
step "22. test both endpoints from the replication instance" \
  aurora-migrate dms test-connections --project "$project" --endpoint-url "$aws"
step "23. start the full load + CDC task, then stop it" aurora-migrate dms start --project "$project" --endpoint-url "$aws"
aurora-migrate dms stop --project "$project" --endpoint-url "$aws"
step "24. the cutover runbook: every step with its gate, rollback and owner (runbook.md)" \
  aurora-migrate cutover plan --project "$project"
step "25. rehearse the cutover: every SQL statement and AWS call it would make; connects to and changes nothing" \
  aurora-migrate cutover run --dry-run --project "$project"
step "26. remove everything this project created (and only that)" \
  aurora-migrate dms destroy --yes --project "$project" --endpoint-url "$aws"

cat <<DONE

demo finished. Open these:
  $out/oracle/assessment/assessment.html       the Oracle assessment report
  $out/sqlserver/assessment/assessment.html    the SQL Server assessment report
  $out/oracle/converted/deploy.sql             converted Oracle schema ($out/oracle/converted/deploy.json: deploy outcome)
  $project/dms/plan.md                         the DMS plan with a reason for every setting
  $project/runbook.md                          the cutover runbook (docs/cutover.md: run, resume, rollback)
  $project/validation-after/validation.html    the validation report with the differing rows
DONE
