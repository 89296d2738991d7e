// symmetricEigenvalues (lib/numeric/eigen.ts) against SciPy's eigvalsh (tests/fixtures/eigen.json, written by
// scripts/reference/eigen.py), hand-worked cases with closed-form spectra, properties (trace, Frobenius norm,
// shifts, scaling, permutation similarity) and bad input.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "../lib/eigen";
import { InputError } from "../lib/validate";

const ref = JSON.parse(readFileSync(join(__dirname, "fixtures", "eigen.json"), "utf8")) as {
  source: string;
  cases: { name: string; n: number; matrix: number[][]; eigenvalues: number[] }[];
};

/** max |λ| of a list: the spectral norm of a symmetric matrix. */
const norm2 = (values: ArrayLike<number>) => Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Backward stability: every eigenvalue within c·n·ε·‖A‖₂ of the reference (c = 16). */
function expectEigenvalues(got: Float64Array, want: ArrayLike<number>, scale = norm2(want)) {
  expect(got.length).toBe(want.length);
  const tol = 16 * Math.max(got.length, 1) * Number.EPSILON * scale;
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      throw new Error(`eigenvalue ${i}: got ${got[i]}, want ${want[i]} (|difference| ${Math.abs(got[i] - want[i])} > ${tol})`);
    }
  }
}

describe(`symmetricEigenvalues against ${ref.source}`, () => {
  it("has the reference cases", () => expect(ref.cases.length).toBeGreaterThanOrEqual(15));
  for (const c of ref.cases) {
    it(`${c.name} (n = ${c.n}), from rows and from a flat row-major array`, () => {
      expectEigenvalues(symmetricEigenvalues(c.matrix), c.eigenvalues);
      expectEigenvalues(symmetricEigenvalues(Float64Array.from(c.matrix.flat()), c.n), c.eigenvalues);
    });
  }
  it("the Hilbert matrix's smallest eigenvalue to 10⁻¹⁵ absolutely (it is 1.1e-10: the error is ε·‖A‖, not ε·λ)", () => {
    const h = ref.cases.find((c) => c.name === "hilbert-8")!;
    const got = symmetricEigenvalues(h.matrix);
    expect(Math.abs(got[0] - h.eigenvalues[0])).toBeLessThan(1e-15);
    expect(got[0]).toBeGreaterThan(0);
  });
  it("Wilkinson's W21+: the two largest eigenvalues, equal to 14 digits, are both found", () => {
    const w = ref.cases.find((c) => c.name === "wilkinson-21")!;
    const got = symmetricEigenvalues(w.matrix);
    expect(got[20] - got[19]).toBeGreaterThan(0);
    expect(Math.abs(got[20] - w.eigenvalues[20])).toBeLessThan(1e-13);
    expect(Math.abs(got[19] - w.eigenvalues[19])).toBeLessThan(1e-13);
  });
});

describe("hand-worked spectra", () => {
  it("the documented examples", () => {
    expect(Array.from(symmetricEigenvalues([[2, 1], [1, 2]]), (v) => +v.toFixed(12))).toEqual([1, 3]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(2, 0, 0, 0, -1, 0, 0, 0, 5), 3))).toEqual([-1, 2, 5]);
  });
  it("2×2: (a + c)/2 ± √(((a − c)/2)² + b²)", () => {
    for (const [a, b, c] of [[1, 0, 1], [3, -2, -1], [0, 1, 0], [1e-3, 7, 5e3], [-4, 0.5, -4]]) {
      const mid = (a + c) / 2;
      const rad = Math.hypot((a - c) / 2, b);
      expectEigenvalues(symmetricEigenvalues([[a, b], [b, c]]), [mid - rad, mid + rad]);
    }
  });
  it("a diagonal matrix: its diagonal, sorted, exactly", () => {
    const diag = [3, -7.5, 0, 1e-300, 2, 2, -1e300, 42];
    const n = diag.length;
    const m = new Float64Array(n * n);
    diag.forEach((v, i) => (m[i * n + i] = v));
    expect(Array.from(symmetricEigenvalues(m, n))).toEqual(diag.slice().sort((x, y) => x - y));
  });
  it("the 1×1 and 0×0 matrices", () => {
    expect(Array.from(symmetricEigenvalues([[-2.5]]))).toEqual([-2.5]);
    expect(Array.from(symmetricEigenvalues([]))).toEqual([]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(0), 0))).toEqual([]);
  });
  it("repeated eigenvalues: J_n (all ones) has 0 n − 1 times and n once; J_n + I: 1 and n + 1", () => {
    for (const n of [2, 3, 10, 50]) {
      const ones = Array.from({ length: n }, () => new Array<number>(n).fill(1));
      expectEigenvalues(symmetricEigenvalues(ones), [...new Array<number>(n - 1).fill(0), n]);
      const shifted = ones.map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
      expectEigenvalues(symmetricEigenvalues(shifted), [...new Array<number>(n - 1).fill(1), n + 1]);
    }
  });
  it("the identity and the zero matrix", () => {
    const n = 7;
    const id = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    expect(Array.from(symmetricEigenvalues(id))).toEqual(new Array(n).fill(1));
    expect(Array.from(symmetricEigenvalues(new Float64Array(n * n), n))).toEqual(new Array(n).fill(0));
  });
  it("a path graph's adjacency: 2cos(kπ/(n + 1)); a cycle's: 2cos(2πk/n), in pairs", () => {
    for (const n of [2, 5, 17, 64]) {
      const path = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (Math.abs(i - j) === 1 ? 1 : 0)));
      const want = Array.from({ length: n }, (_, k) => 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
      expectEigenvalues(symmetricEigenvalues(path), want, 2);
    }
    for (const n of [3, 6, 25]) {
      const cycle = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i - j + n) % n === 1 || (j - i + n) % n === 1 ? 1 : 0)));
      const want = Array.from({ length: n }, (_, k) => 2 * Math.cos((2 * Math.PI * k) / n)).sort((x, y) => x - y);
      expectEigenvalues(symmetricEigenvalues(cycle), want, 2);
    }
  });
  it("a 24×20 torus (480 units): the grid of cycles' spectrum 2cos(2πa/24) + 2cos(2πb/20), with eigenvalues repeated up to 8 times", () => {
    const [r, c] = [24, 20];
    const n = r * c;
    const m = new Float64Array(n * n);
    for (let x = 0; x < r; x++) {
      for (let y = 0; y < c; y++) {
        const i = x * c + y;
        for (const j of [((x + 1) % r) * c + y, ((x + r - 1) % r) * c + y, x * c + ((y + 1) % c), x * c + ((y + c - 1) % c)]) m[i * n + j] = 1;
      }
    }
    const want: number[] = [];
    for (let a = 0; a < r; a++) for (let b = 0; b < c; b++) want.push(2 * Math.cos((2 * Math.PI * a) / r) + 2 * Math.cos((2 * Math.PI * b) / c));
    want.sort((x, y) => x - y);
    expectEigenvalues(symmetricEigenvalues(m, n), want, 4);
  });
  it("does not modify its input", () => {
    const rows = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    const flat = Float64Array.from(rows.flat());
    symmetricEigenvalues(rows);
    symmetricEigenvalues(flat, 3);
    expect(rows).toEqual([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
    expect(Array.from(flat)).toEqual(rows.flat());
  });
});

/** A symmetric matrix of order 1…12 (rows), elements from a range that exercises cancellation. */
const symmetricMatrix = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 }).map((lower) => {
    const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i][j] = m[j][i] = lower[k++];
    return m;
  }),
);
/** The largest |a_ij|: the scale of every tolerance below (a Frobenius norm of tiny elements would underflow). */
const maxAbs = (m: number[][]) => m.reduce((x, row) => row.reduce((y, v) => Math.max(y, Math.abs(v)), x), 0);
/**
 * The error allowed in an eigenvalue of an n×n matrix whose largest element is s: backward stability gives
 * O(n·ε·‖A‖₂) with ‖A‖₂ ≤ n·s; below the normal range each operation can also lose a subnormal's absolute 2⁻¹⁰⁷⁴.
 */
const tolerance = (n: number, s: number) => 64 * n * n * Number.EPSILON * s + 64 * n * Number.MIN_VALUE;

describe("properties", () => {
  it("ascending; Σλ = trace, Σλ² = ‖A‖_F² (to rounding, in units of the largest element) and |λ| ≤ ‖A‖_∞", () => {
    fc.assert(
      fc.property(symmetricMatrix, (m) => {
        const n = m.length;
        const ev = symmetricEigenvalues(m);
        for (let i = 1; i < n; i++) expect(ev[i]).toBeGreaterThanOrEqual(ev[i - 1]);
        const s = maxAbs(m);
        const tol = tolerance(n, s);
        const trace = m.reduce((acc, row, i) => acc + row[i], 0);
        expect(Math.abs(ev.reduce((acc, v) => acc + v, 0) - trace)).toBeLessThanOrEqual(n * tol);
        if (s > 0) {
          // in units of s, so that the squares neither underflow nor overflow
          const f2 = m.reduce((acc, row) => acc + row.reduce((t, v) => t + (v / s) * (v / s), 0), 0);
          const l2 = ev.reduce((acc, v) => acc + (v / s) * (v / s), 0);
          const rel = tol / s;
          expect(Math.abs(l2 - f2)).toBeLessThanOrEqual(2 * n * rel * (Math.sqrt(f2) + rel) + 64 * n * Number.EPSILON * f2);
        } else {
          expect(Array.from(ev).every((v) => v === 0)).toBe(true); // (−0 for a −0 element, as LAPACK)
        }
        // Gershgorin: every eigenvalue within the largest absolute row sum
        const inf = Math.max(...m.map((row) => row.reduce((acc, v) => acc + Math.abs(v), 0)));
        expect(Math.max(Math.abs(ev[0]), Math.abs(ev[n - 1]))).toBeLessThanOrEqual(inf + tol);
      }),
    );
  });
  it("λ(A + cI) = λ(A) + c, λ(αA) = αλ(A) (order reversed for α < 0), λ(PAPᵀ) = λ(A)", () => {
    fc.assert(
      fc.property(symmetricMatrix, fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(-3, 0.5, 2, 1024), fc.integer({ min: 0, max: 1e6 }), (m, c, alpha, seed) => {
        const n = m.length;
        const ev = symmetricEigenvalues(m);
        const s = maxAbs(m);
        const shifted = symmetricEigenvalues(m.map((row, i) => row.map((v, j) => (i === j ? v + c : v))));
        shifted.forEach((v, i) => expect(Math.abs(v - (ev[i] + c))).toBeLessThanOrEqual(2 * tolerance(n, s + Math.abs(c))));
        const scaled = symmetricEigenvalues(m.map((row) => row.map((v) => alpha * v)));
        const want = Array.from(ev, (v) => alpha * v).sort((x, y) => x - y);
        scaled.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(2 * Math.abs(alpha) * tolerance(n, s)));
        // a permutation from the seed (a simple LCG; any permutation will do)
        const perm = Array.from({ length: n }, (_, i) => i);
        let r = seed;
        for (let i = n - 1; i > 0; i--) {
          r = (r * 1103515245 + 12345) % 2147483648;
          const j = r % (i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const permuted = symmetricEigenvalues(perm.map((pi) => perm.map((pj) => m[pi][pj])));
        permuted.forEach((v, i) => expect(Math.abs(v - ev[i])).toBeLessThanOrEqual(2 * tolerance(n, s)));
      }),
    );
  });
});

describe("bad input", () => {
  const bad = (f: () => unknown, pattern: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(pattern);
  };
  it("names the problem and the cell", () => {
    bad(() => symmetricEigenvalues([[1, 2], [2.5, 1]]), /not symmetric: element \(1, 0\) is 2.5 but \(0, 1\) is 2/);
    bad(() => symmetricEigenvalues([[1, NaN], [NaN, 1]]), /element \(0, 1\) is NaN/);
    bad(() => symmetricEigenvalues([[1, 2], [2, Infinity]]), /element \(1, 1\) is Infinity/);
    bad(() => symmetricEigenvalues([[1, 2], [2]]), /row 1 has 1 elements; .* needs 2/);
    bad(() => symmetricEigenvalues([1, 2, 3]), /flat matrix of 3 numbers is not square/);
    bad(() => symmetricEigenvalues(Float64Array.of(1, 2, 3, 4, 5), 2), /has 5 numbers; a 2×2 matrix in row-major order needs 4/);
    bad(() => symmetricEigenvalues([[1]], 2), /1 rows but n is 2/);
    bad(() => symmetricEigenvalues(null as never), /matrix must be an array/);
    bad(() => symmetricEigenvalues([[1, "2"], ["2", 1]] as never), /element \(0, 1\) is "2"/);
  });
  it("accepts asymmetry at the rounding level (10⁻¹² of the largest element)", () => {
    expectEigenvalues(symmetricEigenvalues([[1, 2], [2 + 1e-15, 1]]), [-1, 3]);
  });
});
