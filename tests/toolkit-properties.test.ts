// Properties of the PySAL/spdep toolkit that must hold for any input (fast-check, seeded and time-bounded by
// tests/support/fast-check.ts): weight styles, neighbour orders, KNN, GAL round trips, the decompositions and
// the multiple-testing cutoffs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fgt, quantileShares, spatialGini, gini, jackknifeGini, watts } from "../lib/inequality";
import {
  distanceBandWeights,
  geary,
  higherOrderWeights,
  knnWeights,
  localMoran,
  localBivariateMoran,
  moran,
  readGal,
  significanceCutoff,
  transformWeights,
  weightsFromNeighbors,
  writeGal,
  type WeightsMatrix,
} from "../lib/spatial";

/** A random symmetric neighbour structure on n units (each pair linked with probability p). */
const symmetricWeights = fc
  .record({ n: fc.integer({ min: 5, max: 25 }), p: fc.double({ min: 0.15, max: 0.6, noNaN: true }), seed: fc.integer() })
  .map(({ n, p, seed }) => {
    let s = seed >>> 0 || 1;
    const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const lists: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rand() < p) (lists[i].push(j), lists[j].push(i));
    // a path through all units so that no unit is an island
    for (let i = 0; i + 1 < n; i++) if (!lists[i].includes(i + 1)) (lists[i].push(i + 1), lists[i + 1].push(i));
    return weightsFromNeighbors(Array.from({ length: n }, (_, i) => `u${i}`), lists);
  });

const valuesFor = (w: WeightsMatrix) => fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: w.ids.length, maxLength: w.ids.length });

describe("weights", () => {
  it("styles: W rows sum to 1; C and S sum to n′; U sums to 1; B is binary; all keep the neighbour lists", () => {
    fc.assert(
      fc.property(symmetricWeights, (w) => {
        const total = (m: WeightsMatrix) => m.weights.flat().reduce((a, b) => a + b, 0);
        const W = transformWeights(w, "W");
        W.weights.forEach((row) => expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12));
        expect(Math.abs(total(transformWeights(w, "C")) - w.ids.length)).toBeLessThan(1e-9);
        expect(Math.abs(total(transformWeights(w, "S")) - w.ids.length)).toBeLessThan(1e-9);
        expect(Math.abs(total(transformWeights(w, "U")) - 1)).toBeLessThan(1e-12);
        expect(transformWeights(W, "B").weights).toEqual(w.weights);
        for (const st of ["B", "W", "C", "U", "S"] as const) expect(transformWeights(w, st).neighbors).toEqual(w.neighbors);
      }),
      { numRuns: 50 },
    );
  });

  it("higher orders: order k and the lower orders partition the cumulative order k; order 1 is the weights", () => {
    fc.assert(
      fc.property(symmetricWeights, fc.integer({ min: 2, max: 4 }), (w, k) => {
        const cumul = higherOrderWeights(w, k, { cumulative: true }).neighbors;
        const parts = Array.from({ length: k }, (_, j) => higherOrderWeights(w, j + 1).neighbors);
        expect(parts[0]).toEqual(w.neighbors);
        cumul.forEach((list, i) => {
          const union = parts.flatMap((p) => p[i]).sort((a, b) => a - b);
          expect(union).toEqual(list); // disjoint (no repeats) and complete
        });
      }),
      { numRuns: 40 },
    );
  });

  it("KNN: exactly k neighbours, never itself, and no excluded point strictly nearer than an included one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 4, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (pts, k) => {
          const w = knnWeights(pts, { k });
          w.neighbors.forEach((nb, i) => {
            expect(nb.length).toBe(k);
            expect(nb).not.toContain(i);
            const d = (j: number) => Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
            const worstIn = Math.max(...nb.map(d));
            pts.forEach((_, j) => {
              if (j !== i && !nb.includes(j)) expect(d(j)).toBeGreaterThanOrEqual(worstIn - 1e-12);
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a distance band at the minimum threshold leaves no island; just below it leaves one", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { minLength: 3, maxLength: 25, selector: (p) => `${p[0]},${p[1]}` }), (pts) => {
        const t = distanceBandWeights(pts, { threshold: 1 }).minimumThreshold;
        expect(distanceBandWeights(pts, { threshold: t }).islands).toEqual([]);
        expect(distanceBandWeights(pts, { threshold: t * (1 - 1e-9) }).islands.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("GAL: writeGal then readGal gives back the neighbour lists", () => {
    fc.assert(
      fc.property(symmetricWeights, (w) => {
        expect(readGal(writeGal(w)).neighbors).toEqual(w.neighbors);
      }),
      { numRuns: 30 },
    );
  });
});

describe("statistics", () => {
  it("Geary's C and Moran's I do not change when the values are shifted and scaled", () => {
    fc.assert(
      fc.property(symmetricWeights.chain((w) => fc.tuple(fc.constant(w), valuesFor(w))), ([w, x]) => {
        fc.pre(new Set(x).size > 1);
        const y = x.map((v) => 3 * v + 7);
        expect(Math.abs(geary(x, w, { permutations: 0 }).C - geary(y, w, { permutations: 0 }).C)).toBeLessThan(1e-9);
        expect(Math.abs(moran(x, w, { permutations: 0 }).I - moran(y, w, { permutations: 0 }).I)).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it("local Moran: Σ_i I_i = (n − 1)·I·S0/n with row-standardised weights (no islands); its moments are finite", () => {
    fc.assert(
      fc.property(symmetricWeights.chain((w) => fc.tuple(fc.constant(w), valuesFor(w))), ([w, x]) => {
        fc.pre(new Set(x).size > 1);
        const n = x.length;
        const l = localMoran(x, w, { permutations: 0 });
        const m = moran(x, w, { permutations: 0 });
        const sumI = l.I.reduce((a, b) => a + b, 0);
        expect(Math.abs(sumI - ((n - 1) * m.I * m.S0) / n)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sumI)));
        l.variance.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
      }),
      { numRuns: 40 },
    );
  });

  it("the bivariate local Moran of x with itself is the local Moran, p-values included", () => {
    fc.assert(
      fc.property(symmetricWeights.chain((w) => fc.tuple(fc.constant(w), valuesFor(w))), fc.integer({ min: 1, max: 1000 }), ([w, x], seed) => {
        fc.pre(new Set(x).size > 1);
        const a = localMoran(x, w, { permutations: 49, seed });
        const b = localBivariateMoran(x, x, w, { permutations: 49, seed });
        expect(Array.from(b.I)).toEqual(Array.from(a.I));
        expect(Array.from(b.pPermutation)).toEqual(Array.from(a.pPermutation));
      }),
      { numRuns: 25 },
    );
  });

  it("multiple testing: Bonferroni ≤ FDR ≤ alpha, and FDR is one of the p-values or 0", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (p, alpha) => {
        const bon = significanceCutoff(p, alpha, "bonferroni");
        const fdr = significanceCutoff(p, alpha, "fdr");
        expect(bon).toBeLessThanOrEqual(alpha);
        expect(fdr).toBeLessThanOrEqual(alpha);
        expect(fdr === 0 || p.includes(fdr)).toBe(true);
        // every p at or below Bonferroni's cutoff is also significant under FDR
        if (p.some((v) => v <= bon)) expect(fdr).toBeGreaterThanOrEqual(Math.max(...p.filter((v) => v <= bon)));
      }),
    );
  });
});

describe("inequality additions", () => {
  it("spatial Gini: neighbour + non-neighbour parts = the Gini's total; the Gini is gini()", () => {
    fc.assert(
      fc.property(symmetricWeights.chain((w) => fc.tuple(fc.constant(w), valuesFor(w))), ([w, x]) => {
        fc.pre(w.neighbors.some((l) => l.length < x.length - 1));
        const r = spatialGini(x, w, { permutations: 0 });
        expect(Math.abs(r.neighbor + r.nonNeighbor - r.total)).toBeLessThanOrEqual(1e-9 * r.total);
        expect(Math.abs(r.gini - gini(x))).toBeLessThan(1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it("quantile shares sum to 1 and rise from the poorest group to the richest", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 80 }), fc.integer({ min: 1, max: 10 }), (x, k) => {
        fc.pre(x.some((v) => v > 0));
        const s = quantileShares(x, k).shares;
        expect(Math.abs(s.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        for (let j = 1; j < s.length; j++) expect(s[j]).toBeGreaterThanOrEqual(s[j - 1] - 1e-12);
      }),
    );
  });

  it("FGT: headcount ≥ poverty gap ≥ squared gap; Watts ≥ poverty gap", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), (x, z) => {
        const [h, g, s] = [0, 1, 2].map((a) => fgt(x, z, a));
        expect(h).toBeGreaterThanOrEqual(g - 1e-15);
        expect(g).toBeGreaterThanOrEqual(s - 1e-15);
        expect(watts(x, z)).toBeGreaterThanOrEqual(g - 1e-15); // ln(z/x) ≥ 1 − x/z
      }),
    );
  });

  it("the jackknife's leave-one-out Ginis equal gini() of each reduced sample", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 40 }), (x) => {
        fc.pre(x.filter((v) => v > 0).length >= 2);
        const j = jackknifeGini(x).leaveOneOut;
        x.forEach((_, i) => {
          const rest = x.filter((__, k) => k !== i);
          expect(Math.abs(j[i] - gini(rest))).toBeLessThan(1e-12);
        });
      }),
      { numRuns: 60 },
    );
  });
});
