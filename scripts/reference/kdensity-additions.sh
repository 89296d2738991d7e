#!/usr/bin/env bash
# Regenerate tests/fixtures/kdensity-additions.json (issue #14's density additions: bw.SJ, R's extra kernels,
# weighted sums, scipy's gaussian_kde rules with weights, KDEpy's ISJ). Run from anywhere:
#     bash scripts/reference/kdensity-additions.sh
# Needs Rscript (R stats) and /usr/bin/python3 with numpy + scipy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 "$here/kdensity-additions.py" data "$tmp"
Rscript -e 'cat(R.version.string)' > "$tmp/r-version.txt"
Rscript "$here/kdensity-additions.R" "$tmp" > "$tmp/r.txt"
/usr/bin/python3 "$here/kdensity-additions.py" json "$tmp" "$root/tests/fixtures"
ls -l "$root/tests/fixtures/kdensity-additions.json"
