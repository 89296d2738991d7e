"""Peers for `npm run bench` (run with /usr/bin/python3: Debian's python3-scipy and python3-numpy).

  peers.py kde  DATA.f64 GRID.f64 BANDWIDTH REPS   scipy.stats.gaussian_kde evaluated on the grid
  peers.py gini DATA.f64 REPS                      NumPy's sort-based Gini formula

DATA.f64 and GRID.f64 are little-endian float64 arrays. Only the computation is timed (not start-up or
reading), so the ratio compares methods, not interpreters. Prints one JSON object: median seconds, all
runs, and the result (for a correctness cross-check by the caller).
"""
import json
import sys
import time

import numpy as np


def timed(fn, reps):
    fn()  # warm-up
    runs = []
    out = None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return float(np.median(runs)), runs, out


def main(argv):
    task = argv[1]
    if task == "kde":
        from scipy.stats import gaussian_kde

        x = np.fromfile(argv[2], dtype="<f8")
        grid = np.fromfile(argv[3], dtype="<f8")
        h = float(argv[4])
        reps = int(argv[5])
        # scipy's bandwidth is a factor times the sample sd: factor = h / sd gives the same Gaussian kernel.
        factor = h / np.std(x, ddof=1)
        med, runs, out = timed(lambda: gaussian_kde(x, bw_method=factor)(grid), reps)
        print(json.dumps({"peer": "scipy.stats.gaussian_kde", "version": __import__("scipy").__version__, "median_s": med, "runs": runs, "peak": float(out.max())}))
    elif task == "gini":
        x = np.fromfile(argv[2], dtype="<f8")
        reps = int(argv[3])

        def gini():
            s = np.sort(x)
            n = s.size
            i = np.arange(1, n + 1)
            return 2.0 * np.dot(i, s) / (n * s.sum()) - (n + 1.0) / n

        med, runs, out = timed(gini, reps)
        print(json.dumps({"peer": "numpy sort-based Gini", "version": np.__version__, "median_s": med, "runs": runs, "value": float(out)}))
    else:
        raise SystemExit(f"unknown task {task}")


if __name__ == "__main__":
    main(sys.argv)
