// Local statistics (lib/methods/spatial/local.ts and localMoran's moments) against R spdep 1.2-7 (tests/fixtures/spdep-toolkit.json,
// written by scripts/reference/spdep-toolkit.R) on the Columbus crime data and the US counties.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  localBivariateMoran,
  localG,
  localGeary,
  localMoran,
  readGal,
  significanceCutoff,
  transformWeights,
  weightsFromGeoJSON,
  weightsFromNeighbors,
  type WeightsMatrix,
} from "../lib/spatial";
import { topojsonFeatures } from "../lib/topojson";
import { Xoshiro128StarStar } from "../lib/random";

const root = resolve(__dirname, "..");
const fixtureText = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const ref = JSON.parse(fixtureText("spdep-toolkit.json"));
const col = ref.columbus;
const colGal = readGal(fixtureText("columbus.gal"));
const n = col.crime.length;

function expectRel(actual: number, expected: number, tol = 1e-9, what = "") {
  if (expected === 0) expect(Math.abs(actual), what).toBeLessThanOrEqual(tol);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
function expectAllRel(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, what = "") {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i], expected[i], tol, `${what}[${i}]`);
}

describe("local Moran's analytical moments (spdep localmoran E.Ii, Var.Ii, Z.Ii)", () => {
  it("conditional randomisation (spdep's default), on GeoDa's scale I_i = Ii·(n − 1)/n", () => {
    const r = localMoran(col.crime, colGal, { permutations: 0 });
    const f = (n - 1) / n;
    expectAllRel(r.I, col.localmoranConditional.Ii.map((v: number) => v * f), 1e-12, "I");
    expectAllRel(r.expected, col.localmoranConditional.E.map((v: number) => v * f), 1e-9, "E");
    expectAllRel(r.variance, col.localmoranConditional.Var.map((v: number) => v * f * f), 1e-9, "Var");
    expectAllRel(r.z, col.localmoranConditional.Z, 1e-9, "Z");
    expect(r.moments).toBe("conditional");
  });

  it("total randomisation (conditional = FALSE)", () => {
    const r = localMoran(col.crime, colGal, { permutations: 0, moments: "total" });
    const f = (n - 1) / n;
    expectAllRel(r.expected, col.localmoranTotal.E.map((v: number) => v * f), 1e-12, "E");
    expectAllRel(r.variance, col.localmoranTotal.Var.map((v: number) => v * f * f), 1e-9, "Var");
    expectAllRel(r.z, col.localmoranTotal.Z, 1e-9, "Z");
  });
});

describe("Getis–Ord Gi and Gi* (spdep localG)", () => {
  it("Gi with row-standardised weights: G, E, Var and z", () => {
    const r = localG(col.crime, colGal, { permutations: 0 });
    expectAllRel(r.G, col.localGiW.G, 1e-12, "G");
    expectAllRel(r.expected, col.localGiW.EG, 1e-12, "E");
    expectAllRel(r.variance, col.localGiW.VG, 1e-9, "Var");
    expectAllRel(r.z, col.localGiW.z, 1e-9, "z");
  });

  it("Gi* (include.self, style W)", () => {
    const r = localG(col.crime, colGal, { permutations: 0, star: true });
    expectAllRel(r.G, col.localGiStarW.G, 1e-12, "G*");
    expectAllRel(r.expected, col.localGiStarW.EG, 1e-12, "E");
    expectAllRel(r.variance, col.localGiStarW.VG, 1e-9, "Var");
    expectAllRel(r.z, col.localGiStarW.z, 1e-9, "z*");
  });

  it("Gi with binary weights (transformWeights B, used as given)", () => {
    const r = localG(col.crime, transformWeights(colGal, "B"), { permutations: 0 });
    expectAllRel(r.G, col.localGiB.G, 1e-12, "G");
    expectAllRel(r.z, col.localGiB.z, 1e-9, "z");
  });

  it("Gi* of the US county unemployment rates (queen, row-standardised)", () => {
    const us = JSON.parse(readFileSync(join(root, "node_modules/vega-datasets/data/us-10m.json"), "utf8"));
    const rate = new Map(
      readFileSync(join(root, "node_modules/vega-datasets/data/unemployment.tsv"), "utf8").trim().split("\n").slice(1)
        .map((l) => l.split("\t")).map(([id, r]) => [id, Number(r)] as [string, number]),
    );
    const units: string[] = ref.counties.units;
    const w = subset(weightsFromGeoJSON(topojsonFeatures(us, "counties"), { rule: "queen" }), units);
    const r = localG(units.map((id) => rate.get(id)!), w, { star: true, permutations: 99 });
    expectAllRel(r.z, ref.counties.localGiStarW, 1e-9, "z*");
    // hot spots are significant units with z > 0
    r.cluster.forEach((c, i) => {
      if (c === "High") expect(r.z[i]).toBeGreaterThan(0);
      if (c === "Low") expect(r.z[i]).toBeLessThanOrEqual(0);
    });
    expect(r.cluster.filter((c) => c === "High").length).toBeGreaterThan(100);
  });
});

describe("local Geary and bivariate local Moran (spdep localC, localmoran_bv)", () => {
  it("local Geary c_i", () => {
    expectAllRel(localGeary(col.crime, colGal, { permutations: 0 }).C, col.localC, 1e-12, "c_i");
  });

  it("bivariate local Moran Ibvi of crime (x) and income (y)", () => {
    expectAllRel(localBivariateMoran(col.crime, col.inc, colGal, { permutations: 0 }).I, col.localmoranBv, 1e-12, "Ibvi");
  });
});

/**
 * An independent replay of the conditional permutations' draws of unit i (k neighbours, N units, R permutations):
 * its own stream (seed, i); a partial Fisher–Yates of a pool of the other units when N ≤ 8·k·R, else rejection
 * (uniform over all N units, drawn again when it is i or already drawn in this permutation). One array per permutation.
 */
function replayDraws(N: number, i: number, k: number, R: number, seed: number): number[][] {
  const rng = new Xoshiro128StarStar(seed, i);
  const pool = Array.from({ length: N }, (_, j) => j);
  pool[i] = N - 1;
  pool[N - 1] = i;
  const byRejection = N > 8 * k * R;
  const out: number[][] = [];
  for (let r = 0; r < R; r++) {
    const drawn: number[] = [];
    for (let m = 0; m < k; m++) {
      if (byRejection) {
        let j = rng.nextBelow(N);
        while (j === i || drawn.includes(j)) j = rng.nextBelow(N);
        drawn.push(j);
      } else {
        const pick = m + rng.nextBelow(N - 1 - m);
        [pool[m], pool[pick]] = [pool[pick], pool[m]];
        drawn.push(pool[m]);
      }
    }
    out.push(drawn);
  }
  return out;
}

describe("one conditional-permutation engine for every local statistic", () => {
  it("bivariate with y = x gives localMoran's pseudo p-values exactly", () => {
    const a = localMoran(col.crime, colGal, { permutations: 199, seed: 7 });
    const b = localBivariateMoran(col.crime, col.crime, colGal, { permutations: 199, seed: 7 });
    expect(Array.from(b.pPermutation)).toEqual(Array.from(a.pPermutation));
    expect(b.cluster).toEqual(a.cluster);
  });

  it("the draws are localMoran's: an independent replay of the per-unit streams gives both statistics' counts", () => {
    // replay: unit i's stream (seed, i), k_i picks per permutation (R = 2 draws by rejection for units with k ≤ 3).
    for (const R of [199, 2]) {
    const seed = 9;
    const x = col.crime.map((v: number) => Math.round(v)); // integers: sums of drawn values are exact in any order
    const w = transformWeights(colGal, "B");
    const g = localG(x, w, { permutations: R, seed });
    const lisa = localMoran(col.crime, colGal, { permutations: R, seed });
    for (let i = 0; i < n; i++) {
      const nb = w.neighbors[i];
      const k = nb.length;
      const lagX = nb.reduce((acc, j) => acc + x[j], 0);
      const zi = lisa.standardized[i];
      let atLeastG = 0;
      let atLeastI = 0;
      for (const drawn of replayDraws(n, i, k, R, seed)) {
        const sx = drawn.reduce((acc, j) => acc + x[j], 0);
        const sz = drawn.reduce((acc, j) => acc + (1 / k) * lisa.standardized[j], 0);
        if (sx >= lagX) atLeastG++;
        if (zi * sz >= lisa.I[i]) atLeastI++;
      }
      const fold = (M: number) => (Math.min(M, R - M) + 1) / (R + 1);
      expect(g.pPermutation[i], `Gi unit ${i}`).toBe(fold(atLeastG));
      expect(lisa.pPermutation[i], `local Moran unit ${i}`).toBe(fold(atLeastI));
    }
    }
  });

  it("on a larger map (n > 8·k·R) both engines draw by rejection, unit by unit: the replay of both schemes gives their counts, for any threads", () => {
    // A 30×30 rook lattice (k ≤ 4) with R = 20: 8·4·20 = 640 < 900 units, so its units draw by rejection; unit 0 is
    // also linked to 10 more units (8·12·20 = 1920 > 900): it keeps the shuffle, and the units after it must still
    // find the pool as it was.
    const side = 30;
    const N = side * side;
    const ids = Array.from({ length: N }, (_, i) => `u${i}`);
    const nbs = ids.map((_, i) => {
      const r = Math.floor(i / side);
      const c = i % side;
      return [r > 0 ? i - side : -1, c > 0 ? i - 1 : -1, c < side - 1 ? i + 1 : -1, r < side - 1 ? i + side : -1].filter((j) => j >= 0);
    });
    const hub = [100, 200, 300, 400, 500, 600, 700, 800, 850, 899];
    nbs[0].push(...hub);
    for (const j of hub) nbs[j].push(0);
    const wl = weightsFromNeighbors(ids, nbs);
    const x = Array.from({ length: N }, (_, i) => ((i * 2654435761) % 97) + Math.floor(i / side)); // integers
    const R = 20;
    const seed = 5;
    const g = localG(x, transformWeights(wl, "B"), { permutations: R, seed });
    let rejected = 0;
    for (let i = 0; i < N; i++) {
      const nb = wl.neighbors[i];
      if (N > 8 * nb.length * R) rejected++;
      const lag = nb.reduce((acc, j) => acc + x[j], 0);
      let atLeast = 0;
      for (const drawn of replayDraws(N, i, nb.length, R, seed)) if (drawn.reduce((acc, j) => acc + x[j], 0) >= lag) atLeast++;
      expect(g.pPermutation[i], `Gi unit ${i}`).toBe((Math.min(atLeast, R - atLeast) + 1) / (R + 1));
    }
    expect(rejected).toBe(N - 1);
    // localMoran's engine (./spatial) draws the same units, on one thread and on two.
    const xs = Float64Array.from(x);
    const one = Array.from(localMoran(xs, wl, { permutations: R, seed }).pPermutation);
    expect(Array.from(localBivariateMoran(xs, xs, wl, { permutations: R, seed }).pPermutation)).toEqual(one);
    expect(Array.from(localMoran(xs, wl, { permutations: R, seed, threads: 2 }).pPermutation)).toEqual(one);
  });

  it("seeded: the same seed gives the same result, another seed other draws", () => {
    const a = localGeary(col.crime, colGal, { permutations: 99, seed: 1 });
    expect(localGeary(col.crime, colGal, { permutations: 99, seed: 1 })).toEqual(a);
    expect(Array.from(localGeary(col.crime, colGal, { permutations: 99, seed: 2 }).pPermutation)).not.toEqual(Array.from(a.pPermutation));
  });
});

describe("multiple testing (GeoDa's Bonferroni bound and false discovery rate)", () => {
  it("hand-worked cutoffs", () => {
    const p = [0.001, 0.01, 0.02, 0.04, 0.3];
    expect(significanceCutoff(p, 0.05)).toBe(0.05);
    expect(significanceCutoff(p, 0.05, "bonferroni")).toBe(0.01);
    expect(significanceCutoff(p, 0.05, "fdr")).toBe(0.04);
    expect(significanceCutoff([0.2, 0.3, NaN], 0.05, "fdr")).toBe(0);
    expect(significanceCutoff([0.01, NaN], 0.05, "bonferroni")).toBe(0.05); // islands carry no test
    expect(() => significanceCutoff(p, 0.05, "holm" as never)).toThrow(/multipleTesting must be "none", "bonferroni" or "fdr"/);
  });

  it("every local statistic's clusters shrink from none to FDR to Bonferroni", () => {
    const sig = (c: string[]) => c.filter((v) => v !== "ns" && v !== "island").length;
    const runs = [
      (m: "none" | "fdr" | "bonferroni") => localMoran(col.crime, colGal, { permutations: 999, multipleTesting: m }),
      (m: "none" | "fdr" | "bonferroni") => localG(col.crime, colGal, { permutations: 999, star: true, multipleTesting: m }),
      (m: "none" | "fdr" | "bonferroni") => localGeary(col.crime, colGal, { permutations: 999, multipleTesting: m }),
      (m: "none" | "fdr" | "bonferroni") => localBivariateMoran(col.crime, col.inc, colGal, { permutations: 999, multipleTesting: m }),
    ];
    for (const run of runs) {
      const none = run("none");
      const fdr = run("fdr");
      const bon = run("bonferroni");
      expect(bon.cutoff).toBe(0.05 / n);
      expect(sig(none.cluster as string[])).toBeGreaterThanOrEqual(sig(fdr.cluster as string[]));
      expect(sig(fdr.cluster as string[])).toBeGreaterThanOrEqual(sig(bon.cluster as string[]));
      expect(sig(none.cluster as string[])).toBeGreaterThan(0);
      none.cluster.forEach((c, i) => {
        if (c !== "ns" && c !== "island") expect(none.pPermutation[i]).toBeLessThanOrEqual(0.05);
      });
    }
  });
});

describe("documented examples of local.ts", () => {
  const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
  it("localG, localGeary, localBivariateMoran", () => {
    const g = localG([1, 2, 3, 4], w, { permutations: 0 });
    expect(Array.from(g.G)).toEqual([0.2222222222222222, 0.25, 0.42857142857142855, 0.5]);
    expect(Array.from(g.z, (v) => +v.toFixed(6))).toEqual([-1.224745, -1.069045, 1.069045, 1.224745]);
    expect(Array.from(localGeary([1, 2, 3, 4], w, { permutations: 0 }).C, (v) => +v.toFixed(6))).toEqual([0.6, 0.6, 0.6, 0.6]);
    expect(Array.from(localBivariateMoran([1, 2, 3, 4], [4, 3, 2, 1], w, { permutations: 0 }).I, (v) => +v.toFixed(4))).toEqual([-0.45, -0.15, -0.15, -0.45]);
  });
});

function subset(w: WeightsMatrix, ids: string[]): WeightsMatrix {
  const pos = new Map(w.ids.map((id, i) => [id, i] as [string, number]));
  const newPos = new Map(ids.map((id, i) => [pos.get(id)!, i] as [number, number]));
  return weightsFromNeighbors(ids, ids.map((id) => w.neighbors[pos.get(id)!].filter((j) => newPos.has(j)).map((j) => newPos.get(j)!)));
}
