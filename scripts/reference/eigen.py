"""Reference eigenvalues for symmetricEigenvalues (lib/numeric/eigen.ts; tests/eigen.test.ts) from SciPy's
scipy.linalg.eigvalsh (LAPACK's symmetric solver, Debian's python3-scipy), ascending.

Cases (seeded, numpy.random.default_rng(20260101)):
  dyadic-<n>     random symmetric matrices of order 1, 2, 3, 4, 5, 8, 13, 30 and 60 whose elements are k/64 with
                 k uniform in -512..512 (exact in binary, so the file holds the very matrix the test uses)
  normal-20      standard normal elements, symmetrised (A + A^T)/2, written with 17 significant digits
  hilbert-8      the Hilbert matrix 1/(i + j + 1): eigenvalues from 1.7 down to 1.1e-10
  wilkinson-21   Wilkinson's W21+ (tridiagonal, |10 - i| on the diagonal, 1 beside it): pairs of eigenvalues
                 agreeing to 14 digits
  clustered-6    Q diag(1, 1, 1, 2, 2, 5) Q^T with Q orthogonal (QR of a normal matrix): repeated eigenvalues
  graded-10      a_ij = r_ij 10^-(i + j)/2 (r symmetric normal): elements over 9 orders of magnitude
  huge-8, tiny-8 dyadic-8-like matrices times 2^600 and 2^-600 (no overflow or underflow of squares allowed)
  zero-row-7     a 0/1 adjacency matrix with an isolated unit (a zero row and column)

Regenerate (from the project root):  /usr/bin/python3 scripts/reference/eigen.py
"""
import json
import os

import numpy as np
import scipy
import scipy.linalg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
rng = np.random.default_rng(20260101)
cases = []


def add(name, a):
    a = np.asarray(a, dtype=float)
    assert np.array_equal(a, a.T), name
    cases.append({"name": name, "n": int(a.shape[0]), "matrix": [[float(v) for v in row] for row in a],
                  "eigenvalues": [float(v) for v in scipy.linalg.eigvalsh(a)]})


def dyadic(n):
    k = rng.integers(-512, 513, size=(n, n))
    k = np.tril(k) + np.tril(k, -1).T
    return k / 64.0


for n in [1, 2, 3, 4, 5, 8, 13, 30, 60]:
    add("dyadic-%d" % n, dyadic(n))
g = rng.standard_normal((20, 20))
add("normal-20", (g + g.T) / 2)
add("hilbert-8", [[1.0 / (i + j + 1) for j in range(8)] for i in range(8)])
w = np.diag([abs(10.0 - i) for i in range(21)]) + np.diag(np.ones(20), 1) + np.diag(np.ones(20), -1)
add("wilkinson-21", w)
q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
c = q @ np.diag([1.0, 1.0, 1.0, 2.0, 2.0, 5.0]) @ q.T
add("clustered-6", (c + c.T) / 2)
r = rng.standard_normal((10, 10))
r = (r + r.T) / 2
add("graded-10", [[r[i, j] * 10.0 ** (-(i + j) / 2) for j in range(10)] for i in range(10)])
d8 = dyadic(8)
add("huge-8", d8 * 2.0 ** 600)
add("tiny-8", d8 * 2.0 ** -600)
adj = np.zeros((7, 7))
for i, j in [(0, 1), (1, 2), (2, 3), (0, 3), (4, 5), (1, 5)]:
    adj[i, j] = adj[j, i] = 1.0
add("zero-row-7", adj)

out = {"source": "scipy %s (scipy.linalg.eigvalsh), numpy %s; scripts/reference/eigen.py" % (scipy.__version__, np.__version__),
       "cases": cases}
path = os.path.join(ROOT, "tests", "fixtures", "eigen.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", path)
