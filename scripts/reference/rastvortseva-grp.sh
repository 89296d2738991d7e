#!/usr/bin/env bash
# Regenerate the fixtures of tests/rastvortseva-pipeline.test.ts. Run from anywhere:
#     bash scripts/reference/rastvortseva-grp.sh
# Needs /usr/bin/python3 (standard library only), Rscript with sf + spdep, gretlcli (Gretl 2022c), and the
# Russian regional data in ../shared/data/russia (or BALTIC_REPRO_RUSSIA_DATA).
# Writes tests/fixtures/rastvortseva-grp-panel.csv (the workbook read by Python, independently of
# lib/xlsx.ts) and tests/fixtures/rastvortseva-grp-reference.json (spdep neighbours, Moran's I and
# local Moran; Gini in R and in Gretl; Gretl's kdensity grid), for 2011–2023, and per region the bounding box
# and vertex count of the map as GDAL decodes it (for tests/topojson.test.ts).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${BALTIC_REPRO_RUSSIA_DATA:-$root/../shared/data/russia}"
fixtures="$root/tests/fixtures"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 "$here/rastvortseva-grp.py" panel "$data/grp-1998-2023.xlsx" "$root/data/rastvortseva-2026/inputs/russia-region-names.csv" > "$fixtures/rastvortseva-grp-panel.csv"
/usr/bin/python3 "$here/rastvortseva-grp.py" split "$fixtures/rastvortseva-grp-panel.csv" "$tmp"
gretlcli --version | head -n 1 > "$tmp/gretl-version.txt"
GRP_YEARS_DIR="$tmp" gretlcli -b "$here/rastvortseva-grp.inp" > "$tmp/gretl.txt"
Rscript -e 'cat(R.version.string)' > "$tmp/r-version.txt"
Rscript -e 'cat(as.character(packageVersion("spdep")))' > "$tmp/spdep-version.txt"
Rscript "$here/rastvortseva-grp.R" "$fixtures/rastvortseva-grp-panel.csv" "$data/regions-topo.json" > "$tmp/r.txt"
/usr/bin/python3 "$here/rastvortseva-grp.py" json "$tmp" "$fixtures"
ls -l "$fixtures"/rastvortseva-grp-*
