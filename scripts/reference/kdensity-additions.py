#!/usr/bin/python3
"""Data extraction and fixture assembly for the density additions of issue #14 (lib/density.ts).

Not run on its own: scripts/reference/kdensity-additions.sh calls it twice.

  kdensity-additions.py data DIR            write the data sets of kdensity.py, plus pop2005_zeros, as CSV into DIR
  kdensity-additions.py json DIR FIXTURES   read R's output from DIR/r.txt, add scipy's gaussian_kde bandwidths and
                                            densities and KDEpy's ISJ bandwidths, write FIXTURES/kdensity-additions.json

Data: the sets of kdensity.py (vega-datasets: Gapminder life expectancy and population by country, US county
unemployment rates 2009), and
  pop2005_zeros   the 2005 populations with the first five countries' weights set to 0 (KDEpy's ISJ drops
                  observations whose weight is not positive)

KDEpy is not installable here (no Debian package), so its ISJ bandwidth is computed by isj_kdepy() below: a
transcription of KDEpy's own code (KDEpy/bw_selection.py improved_sheather_jones, _root, _fixed_point;
KDEpy/utils.py autogrid; KDEpy/binning.py linbin_cython with cutils.pyx iterate_data_1D[_weighted]; read at
github.com/tommyod/KDEpy, commit 5f85ae9f55dfe45f57f89f51e313a425641ff5c9), run with numpy and scipy (fftpack.dct,
optimize.brentq) as KDEpy runs them. KDEpy computes _fixed_point in `FLOAT = scipy.float128`, which recent scipy no
longer exports (KDEpy then falls back to float64); this environment's scipy still has it, so both are recorded:
`isj` (float64, the value recent installs give) and `isj_longdouble` (x87 80-bit long double).
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import fftpack
from scipy.optimize import brentq
from scipy.stats import gaussian_kde

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import kdensity  # noqa: E402  (the data sets and R-output parser of the existing density references)


def datasets():
    d = kdensity.datasets()
    z = list(d["pop2005"])
    for i in range(5):
        z[i] = 0.0
    d["pop2005_zeros"] = z
    return d


def write_data(d):
    os.makedirs(d, exist_ok=True)
    for name, v in datasets().items():
        with open(os.path.join(d, f"{name}.csv"), "w") as f:
            f.write("v\n")
            for x in v:
                f.write(repr(x) + "\n")


# ---- KDEpy's improved Sheather-Jones, transcribed (see the module docstring) ---------------------------------

def _fixed_point(t, N, I_sq, a2, FLOAT):
    I_sq = np.asarray(I_sq, dtype=FLOAT)
    a2 = np.asarray(a2, dtype=FLOAT)
    ell = 7
    f = (0.5) * np.pi ** (2 * ell) * np.sum(np.power(I_sq, ell) * a2 * np.exp(-I_sq * np.pi**2 * t))
    if f <= 0:
        return -1
    for s in reversed(range(2, ell)):
        odd_numbers_prod = np.prod(np.arange(1, 2 * s + 1, 2, dtype=FLOAT))
        K0 = odd_numbers_prod / np.sqrt(2 * np.pi)
        const = (1 + (1 / 2) ** (s + 1 / 2)) / 3
        time = np.power((2 * const * K0 / (N * f)), (2.0 / (3.0 + 2.0 * s)))
        f = (0.5) * np.pi ** (2 * s) * np.sum(np.power(I_sq, s) * a2 * np.exp(-I_sq * np.pi**2 * time))
    t_opt = np.power(2 * N * np.sqrt(np.pi) * f, -2.0 / 5)
    return t - t_opt


def _root(function, N, args):
    N = max(min(1050, N), 50)
    tol = 10e-12 + 0.01 * (N - 50) / 1000
    found = 0
    while found == 0:
        try:
            x, res = brentq(function, 0, tol, args=args, full_output=True, disp=False)
            found = 1 if res.converged else 0
        except ValueError:
            x = 0
            tol *= 2.0
            found = 0
        if x <= 0:
            found = 0
        if tol >= 1:
            raise ValueError("Root finding did not converge. Need more data.")
    if not x > 0:
        raise ValueError("Root finding failed to find positive solution.")
    return x


def _autogrid_1d(data, boundary_abs, num_points, boundary_rel):
    minimum, maximum = data.min(), data.max()
    outside_borders = max(boundary_rel * (maximum - minimum), boundary_abs)
    return np.linspace(minimum - outside_borders, maximum + outside_borders, num=num_points)


def _linbin_cython(data, grid_points, weights=None):
    # linbin_cython with the loops of cutils.pyx iterate_data_1D / iterate_data_1D_weighted, in Python.
    data = np.asarray_chkfinite(data, dtype=float)
    grid_points = np.asarray_chkfinite(grid_points, dtype=float)
    if weights is not None:
        weights = np.asarray_chkfinite(weights, dtype=float)
        weights = weights / np.sum(weights)
    min_grid = np.min(grid_points)
    max_grid = np.max(grid_points)
    num_intervals = len(grid_points) - 1
    dx = (max_grid - min_grid) / num_intervals
    transformed_data = (data - min_grid) / dx
    result = np.zeros(num_intervals + 2, dtype=float)
    if weights is None:
        for data_point in transformed_data:
            integral = int(np.floor(data_point))
            fractional = data_point - integral
            result[integral] += 1 - fractional
            result[integral + 1] += fractional
        return np.asarray(result[:-1], dtype=float) / transformed_data.shape[0]
    for data_point, weight in zip(transformed_data, weights):
        integral = int(np.floor(data_point))
        fractional = data_point - integral
        frac_times_weight = fractional * weight
        result[integral + 1] += frac_times_weight
        result[integral] += weight - frac_times_weight
    return np.asarray(result[:-1], dtype=float)


def isj_kdepy(data, weights=None, FLOAT=np.float64):
    data = np.asarray(data, dtype=float)
    n = 2**10
    if weights is not None:
        # As FFTKDE(bw="ISJ").fit(data, weights) passes them: BaseKDE.fit divides the weights by their sum first.
        weights = np.asarray(weights, dtype=float)
        weights = weights / np.sum(weights)
        data = data[weights > 0]
        weights = weights[weights > 0]
    xmesh = _autogrid_1d(data, boundary_abs=6, num_points=n, boundary_rel=0.5)
    R = np.max(data) - np.min(data)
    N = len(np.unique(data))
    initial_data = _linbin_cython(data, xmesh, weights)
    assert np.allclose(initial_data.sum(), 1)
    a = fftpack.dct(initial_data)
    I_sq = np.power(np.arange(1, n, dtype=FLOAT), 2)
    a2 = a[1:] ** 2
    t_star = _root(lambda t, *args: _fixed_point(t, *args, FLOAT), N, args=(N, I_sq, a2))
    return float(np.sqrt(t_star) * R), float(t_star), int(N)


# ---- fixture ------------------------------------------------------------------------------------------------

def write_json(d, fixtures):
    data = datasets()
    rversion = open(os.path.join(d, "r-version.txt")).read().strip()
    r = kdensity.parse_r(os.path.join(d, "r.txt"))
    sj, sjspecial, kde, rdensity = {}, {}, {}, {}
    for key, val in r.items():
        group, name, field = key.split(".", 2)
        {"sj": sj, "sjspecial": sjspecial, "kde": kde, "rdensity": rdensity}[group].setdefault(name, {})[field] = val

    scipy_cases = []
    for name, xs, ws in (("life2005", "life2005", None), ("life2005_popweighted", "life2005", "pop2005"),
                         ("life2005_popweighted_zeros", "life2005", "pop2005_zeros"),
                         ("unemployment", "unemployment", None), ("income", "income", None)):
        x = np.array(data[xs])
        w = None if ws is None else np.array(data[ws])
        pts = np.linspace(x.min() - 0.1 * np.ptp(x), x.max() + 0.1 * np.ptp(x), 101)
        for method in ("scott", "silverman"):
            k = gaussian_kde(x, bw_method=method, weights=w)
            scipy_cases.append({
                "name": name, "data": xs, "weights": ws or "none", "bw_method": method,
                "neff": float(k.neff), "factor": float(k.factor),
                "bandwidth": float(np.sqrt(k.covariance[0, 0])),
                "points": pts.tolist(), "density": k(pts).tolist(),
            })

    isj_cases = []
    for name, xs, ws in (("life1955", "life1955", None), ("life1980", "life1980", None), ("life2005", "life2005", None),
                         ("life2005_first61", "life2005_first61", None), ("income", "income", None),
                         ("unemployment", "unemployment", None), ("pop2005", "pop2005", None),
                         ("life2005_popweighted", "life2005", "pop2005"),
                         ("life2005_popweighted_zeros", "life2005", "pop2005_zeros")):
        w = None if ws is None else data[ws]
        bw64, t64, N = isj_kdepy(data[xs], w, np.float64)
        bwld, tld, _ = isj_kdepy(data[xs], w, np.longdouble)
        isj_cases.append({"name": name, "data": xs, "weights": ws or "none", "distinct": N,
                          "t": t64, "isj": bw64, "isj_longdouble": bwld})

    out = {
        "source": {
            "r": f"{rversion}: stats::bw.SJ; direct kernel sums with density.default's kernels; density(); "
                 "scripts/reference/kdensity-additions.R",
            "scipy": f"scipy {scipy.__version__} stats.gaussian_kde(bw_method, weights): neff, factor, "
                     "bandwidth = sqrt(covariance[0, 0]), evaluate",
            "kdepy": "KDEpy improved_sheather_jones transcribed in scripts/reference/kdensity-additions.py "
                     f"(KDEpy commit 5f85ae9f, numpy {np.__version__}, scipy {scipy.__version__})",
            "regenerate": "bash scripts/reference/kdensity-additions.sh",
        },
        "weights": {"pop2005_zeros": data["pop2005_zeros"]},
        "sj": sj,
        "sjspecial": sjspecial,
        "kde": kde,
        "rdensity": rdensity,
        "scipy": scipy_cases,
        "isj": isj_cases,
    }
    os.makedirs(fixtures, exist_ok=True)
    with open(os.path.join(fixtures, "kdensity-additions.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "data":
        write_data(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "json":
        write_json(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
