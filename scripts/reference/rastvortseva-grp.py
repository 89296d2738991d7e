#!/usr/bin/python3
"""Independent reading of Rosstat's GRP workbook for tests/rastvortseva-pipeline.test.ts.

Reads the per-capita GRP sheets (named "3" and "4") of grp-1998-2023.xlsx with Python's standard library
only (zipfile + xml.etree), applies the region-name mapping data/rastvortseva-2026/inputs/
russia-region-names.csv, and writes the long-format panel (region, year, indicator, value) for 2011–2023.
This is a second implementation of scripts/lib/xlsx.ts + scripts/lib/rosstat-grp.ts, used to check them.

Regenerate every fixture of the rastvortseva pipeline test with one command (from the project root):
    sh scripts/reference/rastvortseva-grp.sh
This script alone:
    /usr/bin/python3 scripts/reference/rastvortseva-grp-panel.py ../shared/data/russia/grp-1998-2023.xlsx \
        data/rastvortseva-2026/inputs/russia-region-names.csv > tests/fixtures/rastvortseva-grp-panel.csv
"""
import csv
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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: rastvortseva-grp-panel.py <grp-1998-2023.xlsx> <russia-region-names.csv>")
    main(sys.argv[1], sys.argv[2])
