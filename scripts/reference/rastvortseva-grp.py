#!/usr/bin/python3
"""Reference values for tests/rastvortseva-pipeline.test.ts (the regional-panel pipeline on real data).

Regenerate every fixture of that test with ONE command from the project root:
    bash scripts/reference/rastvortseva-grp.sh
which runs this script's three modes:
    panel <grp-1998-2023.xlsx> <russia-region-names.csv>   -> the panel CSV on stdout
    split <panel.csv> <dir>                                   -> <dir>/<year>.csv (one column v) for Gretl
    json  <dir> <fixtures dir>                                -> tests/fixtures/rastvortseva-grp-reference.json

Mode "panel" reads the per-capita GRP sheets (named "3" and "4") of grp-1998-2023.xlsx with Python's standard library
only (zipfile + xml.etree), applies the region-name mapping data/rastvortseva-2026/inputs/
russia-region-names.csv, and writes the long-format panel (region, year, indicator, value) for 2011–2023.
This is a second implementation of lib/xlsx.ts + lib/rosstat-grp.ts, used to check them.

"""
import csv
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
YEARS = range(2011, 2024)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def main(xlsx_path, names_path):
    z = zipfile.ZipFile(xlsx_path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
    sheet_file = {s.get("name"): "xl/" + target[s.get("{%s}id" % NS["r"])] for s in wb.find("m:sheets", NS)}
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]

    names = {}
    with open(names_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["rosstat_name"].strip()] = row["topology_id"].strip()

    values = {}
    for sheet in ("3", "4"):
        root = ET.fromstring(z.read(sheet_file[sheet]))
        cells = {}
        for c in root.iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            if v is None:
                continue
            col, row = col_index(c.get("r"))
            cells[(row, col)] = shared[int(v.text)] if c.get("t") == "s" else v.text
        nrows = max(r for r, _ in cells) + 1
        ncols = max(c for _, c in cells) + 1
        header = 2  # the row of year headings (third row)
        years = {}
        for col in range(1, ncols):
            h = cells.get((header, col))
            if h is not None:
                years[col] = int(str(h).strip()[:4])
        for row in range(header + 1, nrows):
            name = cells.get((row, 0))
            if name is None or re.match(r"^\d+\)", name.strip()):
                continue
            rid = names[name.strip()]  # KeyError = an unmapped row: fail loudly
            if not rid:
                continue
            for col, year in years.items():
                if year in YEARS:
                    v = cells.get((row, col))
                    values[(rid, year)] = "" if v is None or v.strip() in ("…", "...") else repr(float(v))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["region", "year", "indicator", "value"])
    for (rid, year), v in sorted(values.items()):
        w.writerow([rid, year, "grp_per_capita", v])


def split(panel_csv, out_dir):
    """One CSV per year (column v, regions in the panel's order, missing values left out) for gretlcli."""
    by_year = {}
    with open(panel_csv, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["value"] != "":
                by_year.setdefault(row["year"], []).append(row["value"])
    for year, vals in by_year.items():
        with open(os.path.join(out_dir, year + ".csv"), "w") as fh:
            fh.write("v\n" + "\n".join(vals) + "\n")


def blocks(path):
    """Parse 'BEGIN <key...>' ... 'END' blocks of whitespace-separated fields."""
    out = []
    cur = None
    with open(path) as fh:
        for line in fh:
            f = line.split()
            if not f:
                continue
            if f[0] == "BEGIN":
                cur = (f[1:], [])
            elif f[0] == "END":
                out.append(cur)
                cur = None
            elif cur is not None:
                cur[1].append(f)
    return out


def to_json(tmp, fixtures):
    years = {}
    neighbours = {}
    bbox = {}
    for key, rows in blocks(os.path.join(tmp, "r.txt")):
        kind, year = key[0], key[1]
        if kind == "BBOX":
            bbox = {r[0].replace("_", " "): {"bbox": [float(v) for v in r[1:5]], "vertices": int(r[5])} for r in rows}
            continue
        y = years.setdefault(year, {})
        if kind == "IDS":
            y["ids"] = [r[0].replace("_", " ") for r in rows]  # R printed spaces as "_" (no id has "_")
        elif kind == "NB":
            neighbours[year] = {r[0].replace("_", " "): [v.replace("_", " ") for v in r[1:]] for r in rows}
        elif kind == "GINI":
            y["giniR"] = float(rows[0][0])
        elif kind == "MORAN":
            names = ["I", "expected", "varianceNormal", "zNormal", "pNormal", "varianceRandomization", "zRandomization", "pRandomization"]
            y["spdep"] = {k: float(v) for k, v in zip(names, rows[0])}
        elif kind == "LOCAL":
            y["spdepLocalI"] = [float(r[0]) for r in rows]
    for key, rows in blocks(os.path.join(tmp, "gretl.txt")):
        year = key[1]
        y = years[year]
        if key[0] == "GINI":
            y["giniGretl"] = float(rows[0][0])
            y["nGretl"] = int(rows[0][1])
        elif key[0] == "KDE":
            y["kdeGretl"] = {"x": [float(r[0]) for r in rows], "density": [float(r[1]) for r in rows]}
    # the neighbour lists of the 85-region and 83-region samples (same for every year of each)
    nb = {}
    for year, lists in neighbours.items():
        nb.setdefault(str(len(lists)), lists)
    with open(os.path.join(tmp, "r-version.txt")) as fh:
        r_version = fh.read().strip()
    with open(os.path.join(tmp, "gretl-version.txt")) as fh:
        gretl_version = fh.read().strip()
    doc = {
        "generatedBy": "bash scripts/reference/rastvortseva-grp.sh",
        "tools": {"R": r_version, "spdep": open(os.path.join(tmp, "spdep-version.txt")).read().strip(), "gretl": gretl_version},
        "panel": "tests/fixtures/rastvortseva-grp-panel.csv (read from the workbook by Python's zipfile + ElementTree)",
        "neighbours": nb,
        "map": bbox,
        "years": years,
    }
    with open(os.path.join(fixtures, "rastvortseva-grp-reference.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "panel" and len(sys.argv) == 4:
        main(sys.argv[2], sys.argv[3])
    elif mode == "split" and len(sys.argv) == 4:
        split(sys.argv[2], sys.argv[3])
    elif mode == "json" and len(sys.argv) == 4:
        to_json(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: rastvortseva-grp.py panel <xlsx> <names.csv> | split <panel.csv> <dir> | json <dir> <fixtures dir>")
