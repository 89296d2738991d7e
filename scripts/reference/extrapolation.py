"""Reference values for lib/extrapolation.ts (linearTrend, exponentialTrend), written to
tests/fixtures/extrapolation.json.

Regenerate (one command, from the repository root):
    /usr/bin/python3 scripts/reference/extrapolation.py

Data: vega-datasets gapminder.json (life expectancy, population and fertility by country, 1955-2005 every
five years), from node_modules/vega-datasets/data/.

Fits, each by two independent routines (numpy 1.24, scipy 1.10 from Debian):
  - linear trend of life expectancy on year for a few countries, and of life expectancy on fertility over all
    682 country-years: slope and intercept from numpy.polyfit(x, y, 1); r2 = linregress(x, y).rvalue ** 2,
    slope and intercept standard errors from scipy.stats.linregress (stderr, intercept_stderr); residual
    standard error sqrt(sum(residuals ** 2) / (n - 2)) from numpy.polyval residuals; the prediction at 2030
    (or at fertility 2.1) from numpy.polyval;
  - exponential trend of population on year: numpy.polyfit(x, numpy.log(y), 1) for the log slope and log
    intercept, linregress on (x, log y) for r2 and the log slope's standard error, and the prediction
    exp(polyval) at 2030.
"""

import json
import os

import numpy as np
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "node_modules", "vega-datasets", "data", "gapminder.json")
OUT = os.path.join(ROOT, "tests", "fixtures", "extrapolation.json")

COUNTRIES = ["Finland", "Poland", "Georgia", "Nigeria", "Rwanda", "China", "Japan"]


def linear(x, y, at):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    lr = stats.linregress(x, y)
    resid = y - np.polyval([slope, intercept], x)
    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "n": int(len(x)),
        "slope": float(slope),
        "intercept": float(intercept),
        "r2": float(lr.rvalue ** 2),
        "residualStdError": float(np.sqrt(np.sum(resid ** 2) / (len(x) - 2))),
        "slopeStdError": float(lr.stderr),
        "interceptStdError": float(lr.intercept_stderr),
        "at": float(at),
        "prediction": float(np.polyval([slope, intercept], at)),
    }


def exponential(x, y, at):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    b, a = np.polyfit(x, np.log(y), 1)
    lr = stats.linregress(x, np.log(y))
    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "n": int(len(x)),
        "logSlope": float(b),
        "logIntercept": float(a),
        "ratePercent": float(np.expm1(b) * 100),
        "r2": float(lr.rvalue ** 2),
        "logSlopeStdError": float(lr.stderr),
        "at": float(at),
        "prediction": float(np.exp(np.polyval([b, a], at))),
    }


def main():
    with open(DATA) as f:
        rows = json.load(f)
    out = {"source": "vega-datasets gapminder.json", "linear": {}, "exponential": {}}
    for c in COUNTRIES:
        rs = sorted((r for r in rows if r["country"] == c), key=lambda r: r["year"])
        years = [r["year"] for r in rs]
        out["linear"][f"life_expect~year:{c}"] = linear(years, [r["life_expect"] for r in rs], 2030)
        out["exponential"][f"pop~year:{c}"] = exponential(years, [r["pop"] for r in rs], 2030)
    ok = [r for r in rows if r["fertility"] is not None and r["life_expect"] is not None]
    out["linear"]["life_expect~fertility:all"] = linear([r["fertility"] for r in ok], [r["life_expect"] for r in ok], 2.1)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
