"""Reference values for lib/inequality.ts, written to tests/fixtures/inequality.json.

Regenerate (one command, from the repository root):
    bash scripts/reference/run-inequality.sh

That runs scripts/reference/inequality.inp in gretlcli (Gini, population-estimate Gini, Lorenz ordinates,
n-1 CV) and then this script as
    /usr/bin/python3 scripts/reference/inequality.py <gretl-output-file>
which parses Gretl's "REF <key> <value>" lines and adds values computed independently here with numpy from the
closed-form definitions (shared/METHODS.md, "Inequality"):
  - Gini, unweighted and weighted, as the mean absolute difference over all pairs,
        G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu),
    a different formula from the library's sorted-rank / Lorenz-area one (checked equal here to the trapezoid
    Lorenz area, 1 - sum_k (w_k/W)(L_k + L_{k-1}));
  - Lorenz curve as R ineq::Lc(x, n = w): stable order, cumsum of w and of w*x, with (0, 0) first;
  - Theil T, mean log deviation, GE(2), Atkinson 0.5 / 1 / 2, CV with n and n-1 denominators
    (weighted: W and W-1, frequency-weight convention);
  - Theil decomposition by group: T_g, s_g, mu_g per group, within = sum s_g T_g, between = sum s_g ln(mu_g/mu).
Data: vega-datasets gapminder-health-income.csv (income per person, population weights, region groups) and
unemployment.tsv (US county unemployment rates, grouped by state = floor(FIPS id / 1000)).
"""

import csv
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "node_modules", "vega-datasets", "data")
OUT = os.path.join(ROOT, "tests", "fixtures", "inequality.json")


def load_gapminder():
    with open(os.path.join(DATA, "gapminder-health-income.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    income = np.array([float(r["income"]) for r in rows])
    population = np.array([float(r["population"]) for r in rows])
    region = [r["region"] for r in rows]
    return income, population, region


def load_unemployment():
    with open(os.path.join(DATA, "unemployment.tsv"), newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    rate = np.array([float(r["rate"]) for r in rows])
    state = [int(r["id"]) // 1000 for r in rows]
    return rate, state


def weights_or_ones(x, w):
    return np.ones_like(x) if w is None else np.asarray(w, dtype=float)


def wmean(x, w):
    return np.sum(w * x) / np.sum(w)


def gini_pairs(x, w=None):
    """Mean absolute difference over all ordered pairs / (2 mu), computed in row blocks."""
    w = weights_or_ones(x, w)
    W = w.sum()
    mu = wmean(x, w)
    total = 0.0
    for start in range(0, len(x), 500):
        block = slice(start, start + 500)
        total += np.sum(w[block, None] * w[None, :] * np.abs(x[block, None] - x[None, :]))
    return total / (2 * W * W * mu)


def lorenz_curve(x, w=None):
    w = weights_or_ones(x, w)
    order = np.argsort(x, kind="stable")
    p = np.concatenate([[0.0], np.cumsum(w[order]) / w.sum()])
    L = np.concatenate([[0.0], np.cumsum((w * x)[order]) / np.sum(w * x)])
    return p, L


def gini_lorenz_area(x, w=None):
    w = weights_or_ones(x, w)
    p, L = lorenz_curve(x, w)
    return 1 - np.sum(np.diff(p) * (L[1:] + L[:-1]))


def theil(x, w=None):
    w = weights_or_ones(x, w)
    r = x / wmean(x, w)
    terms = np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)
    return np.sum(w * terms) / w.sum()


def mld(x, w=None):
    w = weights_or_ones(x, w)
    return np.sum(w * np.log(wmean(x, w) / x)) / w.sum()


def ge(x, alpha, w=None):
    w = weights_or_ones(x, w)
    r = x / wmean(x, w)
    return np.sum(w * (r**alpha - 1)) / w.sum() / (alpha * (alpha - 1))


def atkinson(x, eps, w=None):
    w = weights_or_ones(x, w)
    mu = wmean(x, w)
    if eps == 1:
        return 1 - np.exp(np.sum(w * np.log(x)) / w.sum()) / mu
    return 1 - (np.sum(w * (x / mu) ** (1 - eps)) / w.sum()) ** (1 / (1 - eps))


def cv(x, ddof, w=None):
    w = weights_or_ones(x, w)
    mu = wmean(x, w)
    return np.sqrt(np.sum(w * (x - mu) ** 2) / (w.sum() - ddof)) / mu


def decomposition(x, groups, w=None):
    w = weights_or_ones(x, w)
    mu = wmean(x, w)
    Y = np.sum(w * x)
    labels = list(dict.fromkeys(groups))  # order of first appearance
    index = {g: k for k, g in enumerate(labels)}
    g_arr = np.array([index[g] for g in groups])
    out = []
    within = 0.0
    between = 0.0
    for k, label in enumerate(labels):
        m = g_arr == k
        xg, wg = x[m], w[m]
        s_g = np.sum(wg * xg) / Y
        mu_g = wmean(xg, wg)
        t_g = theil(xg, wg)
        within += s_g * t_g
        between += s_g * np.log(mu_g / mu)
        out.append({
            "group": label,
            "n": int(m.sum()),
            "share": float(s_g),
            "populationShare": float(wg.sum() / w.sum()),
            "mean": float(mu_g),
            "theil": float(t_g),
        })
    return {"total": float(theil(x, w)), "within": float(within), "between": float(between), "groups": out}


def measures(x, w=None, groups=None, lorenz_every=1):
    """All measures; the Lorenz curve is kept at every lorenz_every-th point k (and the last), to keep the
    fixture small for thousands of units."""
    g = gini_pairs(x, w)
    area = gini_lorenz_area(x, w)
    assert abs(g - area) < 1e-12, (g, area)  # the two Gini formulas agree
    p, L = lorenz_curve(x, w)
    keep = sorted(set(range(0, len(p), lorenz_every)) | {len(p) - 1})
    out = {
        "gini": float(g),
        "theil": float(theil(x, w)),
        "meanLogDeviation": float(mld(x, w)),
        "ge2": float(ge(x, 2, w)),
        "geHalf": float(ge(x, 0.5, w)),
        "geMinus1": float(ge(x, -1, w)),
        "atkinson0_5": float(atkinson(x, 0.5, w)),
        "atkinson1": float(atkinson(x, 1, w)),
        "atkinson2": float(atkinson(x, 2, w)),
        "cv0": float(cv(x, 0, w)),
        "cv1": float(cv(x, 1, w)),
        "lorenz": {
            "index": keep,
            "population": [float(p[k]) for k in keep],
            "share": [float(L[k]) for k in keep],
        },
    }
    if groups is not None:
        out["theilDecomposition"] = decomposition(x, groups, w)
    return out


def parse_gretl(path):
    """REF <dotted.key> <value> lines -> nested dict; lorenz.<k> entries -> {"index": [...], "share": [...]}."""
    flat = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "REF":
                flat[parts[1]] = float(parts[2])
    out = {}
    for key, value in flat.items():
        head, _, rest = key.partition(".")
        node = out.setdefault(head, {})
        if rest.startswith("lorenz."):
            lor = node.setdefault("lorenz", {"index": [], "share": []})
            lor["index"].append(int(rest.split(".")[1]))
            lor["share"].append(value)
        else:
            node[rest] = int(value) if rest == "n" else value
    return out


def main():
    gretl = parse_gretl(sys.argv[1])
    income, population, region = load_gapminder()
    rate, state = load_unemployment()
    assert gretl["gapminder"]["n"] == len(income) and gretl["unemployment"]["n"] == len(rate)
    fixture = {
        "generatedBy": "bash scripts/reference/run-inequality.sh (gretlcli 2022c + numpy " + np.__version__ + ")",
        "gretl": gretl,
        "numpy": {
            "gapminder": {
                "n": len(income),
                "sum": float(income.sum()),
                "unweighted": measures(income, None, region),
                "populationWeighted": measures(income, population, region),
            },
            "unemployment": {
                "n": len(rate),
                "sum": float(rate.sum()),
                "unweighted": measures(rate, None, state, lorenz_every=50),
            },
        },
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
