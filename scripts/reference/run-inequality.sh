#!/usr/bin/env bash
# Regenerate tests/fixtures/inequality.json, the reference values for lib/inequality.ts:
#   bash scripts/reference/run-inequality.sh        (from anywhere; needs gretlcli and /usr/bin/python3 + numpy)
# Gretl (scripts/reference/inequality.inp) gives Gini, population-estimate Gini, Lorenz ordinates and the n-1 CV;
# numpy (scripts/reference/inequality.py) the rest from closed-form definitions, and writes the fixture.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# gretlcli 2022c refuses the .tsv suffix; the same bytes as .txt are read as tab-separated.
cp "$root/node_modules/vega-datasets/data/unemployment.tsv" "$tmp/unemployment.txt"
REPO_ROOT="$root" UNEMPLOYMENT_TXT="$tmp/unemployment.txt" \
  gretlcli -b "$root/scripts/reference/inequality.inp" > "$tmp/gretl.out" 2>&1 || { cat "$tmp/gretl.out"; exit 1; }
if grep -q "^Error\|Terminated on error" "$tmp/gretl.out"; then cat "$tmp/gretl.out"; exit 1; fi
/usr/bin/python3 "$root/scripts/reference/inequality.py" "$tmp/gretl.out"
