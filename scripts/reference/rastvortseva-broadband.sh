#!/usr/bin/env bash
# Regenerate tests/fixtures/rastvortseva-broadband-reference.csv (R spdep + Gretl on the committed broadband
# panel, several conventions; see rastvortseva-broadband.R). Run from anywhere:
#     bash scripts/reference/rastvortseva-broadband.sh
# Needs Rscript with sf + spdep, gretlcli, /usr/bin/python3 (standard library). Reads only committed files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
inputs="$root/data/rastvortseva-2026/inputs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
Rscript "$here/rastvortseva-broadband.R" "$inputs/broadband-2011-2022.csv" "$inputs/regions-topo.json" "$tmp" > "$tmp/r.csv"
BROADBAND_DIR="$tmp" gretlcli -b "$here/rastvortseva-broadband.inp" | grep -E '^(indicator|mobile|fixed),' > "$tmp/gretl.csv"
/usr/bin/python3 - "$tmp/r.csv" "$tmp/gretl.csv" "$root/tests/fixtures/rastvortseva-broadband-reference.csv" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
g = {(x["indicator"], x["year"]): x for x in csv.DictReader(open(sys.argv[2]))}
cols = list(r[0].keys()) + ["gini_gretl", "n_gretl"]
with open(sys.argv[3], "w", newline="") as f:
    w = csv.DictWriter(f, cols, lineterminator="\n")
    w.writeheader()
    for x in r:
        k = (x["indicator"], x["year"])
        stated = x["convention"] == "stated"
        x["gini_gretl"] = g[k]["gini_gretl"] if stated else ""
        x["n_gretl"] = g[k]["n_gretl"] if stated else ""
        w.writerow(x)
PY
wc -l "$root/tests/fixtures/rastvortseva-broadband-reference.csv"
