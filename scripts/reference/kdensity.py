#!/usr/bin/python3
"""Data extraction and fixture assembly for the kernel-density references (lib/density.ts).

Not run on its own: scripts/reference/kdensity.sh calls it twice.

  kdensity.py data DIR            write the data sets as one-column CSV files (header "v") into DIR
  kdensity.py json DIR FIXTURES   read Gretl's and R's outputs from DIR, add scipy's gaussian_kde values,
                                  write FIXTURES/kdensity-gretl.json, kdensity-r.json, kdensity-scipy.json

Data (public, from the vega-datasets npm package in node_modules/vega-datasets/data/):
  life1955, life1980, life2005   Gapminder life expectancy by country (gapminder.json), n = 62 each
  life2005_first61               the same for 2005 without the last country in file order, n = 61
  pop2005                        Gapminder population 2005, n = 62 (non-negative and skewed: mean - 4 sd < 0)
  income                         gapminder-health-income.csv income per person, n = 187 (non-negative, skewed)
  unemployment                   US county unemployment rates 2009 (unemployment.tsv), n = 3218
  iqr0                           synthetic, n = 31: 25 times 5 plus 1 2 3 8 9 12 (Tukey hinges equal, so the
                                 IQR is 0 and Gretl's rule falls back to the sd)
"""
import csv
import json
import os
import sys

import numpy as np
from scipy.stats import gaussian_kde

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "node_modules", "vega-datasets", "data")


def datasets():
    with open(os.path.join(DATA, "gapminder.json")) as f:
        gap = json.load(f)
    out = {}
    for year in (1955, 1980, 2005):
        out[f"life{year}"] = [r["life_expect"] for r in gap if r["year"] == year]
    out["life2005_first61"] = out["life2005"][:61]
    out["pop2005"] = [r["pop"] for r in gap if r["year"] == 2005]
    with open(os.path.join(DATA, "gapminder-health-income.csv")) as f:
        out["income"] = [float(r["income"]) for r in csv.DictReader(f)]
    with open(os.path.join(DATA, "unemployment.tsv")) as f:
        out["unemployment"] = [float(r["rate"]) for r in csv.DictReader(f, delimiter="\t")]
    out["iqr0"] = [5.0] * 25 + [1.0, 2.0, 3.0, 8.0, 9.0, 12.0]
    for name, v in out.items():
        if any(x is None for x in v):
            raise SystemExit(f"{name} has missing values")
        out[name] = [float(x) for x in v]
    return out


def write_data(d):
    os.makedirs(d, exist_ok=True)
    for name, v in datasets().items():
        with open(os.path.join(d, f"{name}.csv"), "w") as f:
            f.write("v\n")
            for x in v:
                f.write(repr(x) + "\n")


def parse_gretl(path):
    cases = []
    cur = None
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "CASE":
                cur = {"data": p[1], "n": int(p[2]), "scale": float(p[3]),
                       "kernel": "epanechnikov" if p[4] == "1" else "gaussian", "x": [], "density": []}
            elif p[0] == "END":
                cases.append(cur)
                cur = None
            elif cur is not None:
                cur["x"].append(float(p[0]))
                cur["density"].append(float(p[1]))
    return cases


def parse_r(path):
    out = {}
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "VEC":
                out[p[1]] = [float(v) for v in p[2:]]
            elif p[0] == "NUM":
                out[p[1]] = float(p[2])
            elif p[0] == "STR":
                out[p[1]] = " ".join(p[2:])
    return out


def write_json(d, fixtures):
    data = datasets()
    version = open(os.path.join(d, "gretl-version.txt")).read().strip()
    rversion = open(os.path.join(d, "r-version.txt")).read().strip()
    gretl = {
        "source": f"{version}: kdensity(x, scale, control), control 1 = Epanechnikov; "
                  "regenerate with scripts/reference/kdensity.sh",
        "data": data,
        "cases": parse_gretl(os.path.join(d, "gretl.txt")),
    }
    for c in gretl["cases"]:
        if c["n"] != len(data[c["data"]]) or len(c["x"]) != len(c["density"]):
            raise SystemExit(f"bad Gretl case {c['data']}")

    r = parse_r(os.path.join(d, "r.txt"))
    # Group R's flat keys "<set>.<field>" into objects.
    bw = {}
    special = {}
    kde = {}
    for key, val in r.items():
        group, name, field = key.split(".", 2)
        target = {"bw": bw, "special": special, "kde": kde}[group]
        target.setdefault(name, {})[field] = val
    rjson = {
        "source": f"{rversion}: stats::bw.nrd0, bw.nrd, quantile type 7, sd, fivenum (Tukey hinges), and "
                  "direct kernel sums (dnorm; Epanechnikov 3/(4 sqrt 5)(1 - z^2/5)) on seq(min - 3h, max + 3h, "
                  "length.out = 512); regenerate with scripts/reference/kdensity.sh",
        "bandwidths": bw,
        "special": special,
        "kde": kde,
    }

    x = np.array(data["life2005"])
    pts = np.linspace(x.min() - 10, x.max() + 10, 101)
    scipy_cases = []
    for method in ("scott", "silverman"):
        k = gaussian_kde(x, bw_method=method)
        scipy_cases.append({
            "data": "life2005",
            "bw_method": method,
            "factor": float(k.factor),
            "bandwidth": float(np.sqrt(k.covariance[0, 0])),
            "points": pts.tolist(),
            "density": k(pts).tolist(),
        })
    import scipy
    sjson = {
        "source": f"scipy {scipy.__version__} stats.gaussian_kde (exact Gaussian sum; bandwidth = "
                  "sqrt(covariance) = factor * sd with ddof=1); regenerate with scripts/reference/kdensity.sh",
        "cases": scipy_cases,
    }

    os.makedirs(fixtures, exist_ok=True)
    for name, obj in (("kdensity-gretl.json", gretl), ("kdensity-r.json", rjson), ("kdensity-scipy.json", sjson)):
        with open(os.path.join(fixtures, name), "w") as f:
            json.dump(obj, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "data":
        write_data(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "json":
        write_json(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
