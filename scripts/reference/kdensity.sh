#!/usr/bin/env bash
# Regenerate the kernel-density fixtures for tests/density.test.ts. Run from anywhere:
#     bash scripts/reference/kdensity.sh
# Needs gretlcli (Gretl 2022c), Rscript (R stats) and /usr/bin/python3 with numpy + scipy.
# Writes tests/fixtures/kdensity-gretl.json, tests/fixtures/kdensity-r.json, tests/fixtures/kdensity-scipy.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 "$here/kdensity.py" data "$tmp"
gretlcli --version | head -n 1 > "$tmp/gretl-version.txt"
KDENSITY_DATA="$tmp" gretlcli -b "$here/kdensity.inp" > "$tmp/gretl.txt"
Rscript -e 'cat(R.version.string)' > "$tmp/r-version.txt"
Rscript "$here/kdensity.R" "$tmp" > "$tmp/r.txt"
/usr/bin/python3 "$here/kdensity.py" json "$tmp" "$root/tests/fixtures"
ls -l "$root"/tests/fixtures/kdensity-*.json
