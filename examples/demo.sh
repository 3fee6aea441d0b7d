#!/usr/bin/env bash
# The end-to-end demo on the embedded PostgreSQL (no server, no AWS account needed).
# Run it with `make demo` (which installs everything first). Output goes to ./demo-out.
set -euo pipefail
cd "$(dirname "$0")/.."
out=demo-out
rm -rf "$out"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "1. a migration project" aurora-migrate init "$out/project"
step "2. is everything reachable? (no target.url: the embedded PostgreSQL starts)" \
  aurora-migrate doctor --project "$out/project"

echo
echo "demo finished: see $out/"
