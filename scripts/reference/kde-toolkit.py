"""Adds SciPy's values to R's output of scripts/reference/kde-toolkit.R and writes tests/fixtures/kde-toolkit.json:
gaussian_kde(x, bw_method = "scott" | "silverman", weights = None | population) on Gapminder life expectancy: the
bandwidth sqrt(covariance) and the density at R's 64 grid points; and KDEpy's improved Sheather-Jones bandwidth
(KDEpy 1.1 bw_selection.improved_sheather_jones with its autogrid and linear binning, transcribed below on top of
scipy.fftpack.dct and scipy.optimize.brentq, because KDEpy is not packaged in Debian) on life expectancy (with and
without population weights), log income and the US county unemployment rates.

Regenerate (from the project root):
    Rscript scripts/reference/kde-toolkit.R > /tmp/kde-r.json && /usr/bin/python3 scripts/reference/kde-toolkit.py /tmp/kde-r.json
"""
import csv
import json
import os
import sys

import numpy as np
import scipy
from scipy.stats import gaussian_kde

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = json.load(open(sys.argv[1]))
with open(os.path.join(ROOT, "node_modules/vega-datasets/data/gapminder-health-income.csv")) as fh:
    rows = list(csv.DictReader(fh))
life = np.array([float(r["health"]) for r in rows])
pop = np.array([float(r["population"]) for r in rows])
grid = np.array(out["grid"])
scipy_out = {}
for rule in ["scott", "silverman"]:
    for name, w in [("unweighted", None), ("weighted", pop)]:
        k = gaussian_kde(life, bw_method=rule, weights=w)
        scipy_out["%s-%s" % (rule, name)] = {"bandwidth": float(np.sqrt(k.covariance[0, 0])), "density": k(grid).tolist()}
out["scipy"] = scipy_out


def kdepy_isj(data, weights=None):
    """KDEpy's improved_sheather_jones, step by step (autogrid(boundary_abs=6, boundary_rel=0.5), 1024 points)."""
    from scipy import fftpack
    from scipy.optimize import brentq
    if weights is not None:
        data = data[weights > 0]
        weights = weights[weights > 0]
    n = 2 ** 10
    lo, hi = data.min(), data.max()
    outside = max(0.5 * (hi - lo), 6)
    xmesh = np.linspace(lo - outside, hi + outside, num=n)
    R = hi - lo
    N = len(np.unique(data))
    # linear binning (KDEpy linbin: weights normalised, (1 - frac) to the left grid point, frac to the right)
    dx = (xmesh.max() - xmesh.min()) / (n - 1)
    t = (data - xmesh.min()) / dx
    w = np.ones_like(data) / len(data) if weights is None else weights / weights.sum()
    frac, integral = np.modf(t)
    integral = integral.astype(int)
    binned = np.zeros(n + 1)
    np.add.at(binned, integral, w * (1 - frac))
    np.add.at(binned, integral + 1, w * frac)
    binned = binned[:-1]
    a = fftpack.dct(binned)
    I_sq = np.power(np.arange(1, n, dtype=float), 2)
    a2 = a[1:] ** 2

    def fixed_point(t, N, I_sq, a2):
        ell = 7
        f = 0.5 * np.pi ** (2 * ell) * np.sum(np.power(I_sq, ell) * a2 * np.exp(-I_sq * np.pi ** 2 * t))
        if f <= 0:
            return -1
        for s in reversed(range(2, ell)):
            odd_numbers_prod = np.prod(np.arange(1, 2 * s + 1, 2, dtype=float))
            K0 = odd_numbers_prod / np.sqrt(2 * np.pi)
            const = (1 + (1 / 2) ** (s + 1 / 2)) / 3
            time = np.power((2 * const * K0 / (N * f)), (2.0 / (3.0 + 2.0 * s)))
            f = 0.5 * np.pi ** (2 * s) * np.sum(np.power(I_sq, s) * a2 * np.exp(-I_sq * np.pi ** 2 * time))
        t_opt = np.power(2 * N * np.sqrt(np.pi) * f, -2.0 / 5)
        return t - t_opt

    Nc = max(min(1050, N), 50)
    tol = 10e-12 + 0.01 * (Nc - 50) / 1000
    while True:
        try:
            x, res = brentq(fixed_point, 0, tol, args=(N, I_sq, a2), full_output=True, disp=False)
            if res.converged and x > 0:
                return float(np.sqrt(x) * R)
        except ValueError:
            pass
        tol *= 2.0


income = np.array([float(r["income"]) for r in rows])
with open(os.path.join(ROOT, "node_modules/vega-datasets/data/unemployment.tsv")) as fh:
    unemployment = np.array([float(r["rate"]) for r in csv.DictReader(fh, delimiter="\t")])
out["isj"] = {
    "life": kdepy_isj(life),
    "lifeWeighted": kdepy_isj(life, pop),
    "logIncome": kdepy_isj(np.log(income)),
    "unemployment": kdepy_isj(unemployment),
}
out["source"] = "R stats (bw.SJ, density kernels) and SciPy %s gaussian_kde; scripts/reference/kde-toolkit.R and .py" % scipy.__version__
with open(os.path.join(ROOT, "tests", "fixtures", "kde-toolkit.json"), "w") as fh:
    json.dump(out, fh)
print("wrote tests/fixtures/kde-toolkit.json")
