"""Adds SciPy's values to R's output of scripts/reference/kde-toolkit.R and writes tests/fixtures/kde-toolkit.json:
gaussian_kde(x, bw_method = "scott" | "silverman", weights = None | population) on Gapminder life expectancy: the
bandwidth sqrt(covariance) and the density at R's 64 grid points.

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
out["source"] = "R stats (bw.SJ, density kernels) and SciPy %s gaussian_kde; scripts/reference/kde-toolkit.R and .py" % scipy.__version__
with open(os.path.join(ROOT, "tests", "fixtures", "kde-toolkit.json"), "w") as fh:
    json.dump(out, fh)
print("wrote tests/fixtures/kde-toolkit.json")
