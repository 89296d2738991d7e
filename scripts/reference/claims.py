"""Reference values for lib/claims.ts (rankOf), written to tests/fixtures/claims.json.

Regenerate (one command, from the repository root):
    /usr/bin/python3 scripts/reference/claims.py

Data: vega-datasets gapminder.json (node_modules/vega-datasets/data/): life expectancy and fertility by
country in 2005 and 1955. Ranks by scipy.stats.rankdata (scipy 1.10 from Debian) with method="min"
(competition ranking, ties share the best rank): descending = rankdata(-x), ascending = rankdata(x).
Fertility is printed to 2 decimals in the data, so it has ties; they exercise the tie rule.
"""

import json
import os

import numpy as np
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "node_modules", "vega-datasets", "data", "gapminder.json")
OUT = os.path.join(ROOT, "tests", "fixtures", "claims.json")

rows = json.load(open(DATA))
cases = []
for year in (1955, 2005):
    for field in ("life_expect", "fertility"):
        sel = [r for r in rows if r["year"] == year and r.get(field) is not None]
        keys = [r["country"] for r in sel]
        x = np.array([float(r[field]) for r in sel])
        cases.append({
            "year": year,
            "field": field,
            "keys": keys,
            "values": x.tolist(),
            "descending": [int(v) for v in stats.rankdata(-x, method="min")],
            "ascending": [int(v) for v in stats.rankdata(x, method="min")],
            "ties": int(len(x) - len(np.unique(x))),
        })

with open(OUT, "w") as f:
    json.dump({"source": "scripts/reference/claims.py", "scipy": __import__("scipy").__version__, "cases": cases}, f, indent=1)
print("wrote", OUT, [(c["year"], c["field"], len(c["keys"]), c["ties"]) for c in cases])
