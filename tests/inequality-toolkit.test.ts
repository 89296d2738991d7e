// Inequality additions against base R / boot (tests/fixtures/inequality-toolkit.json, scripts/reference/
// inequality-toolkit.R, Gapminder incomes) and numpy on PySAL's Mexico example (tests/fixtures/spatial-gini.json,
// scripts/reference/spatial-gini.py), plus hand-worked cases and the documented examples.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bootstrapInterval,
  fgt,
  gini,
  giniConfidenceInterval,
  jackknifeGini,
  palma,
  quantileShares,
  spatialGini,
  theilDecomposition,
  watts,
} from "../lib/inequality";
import { normalCdf, normalQuantile } from "../lib/numeric/normal";
import { weightsFromNeighbors } from "../lib/spatial";

const root = resolve(__dirname, "..");
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"));
const ref = fixture("inequality-toolkit.json");
const mex = fixture("spatial-gini.json");
const rows = readFileSync(join(root, "node_modules/vega-datasets/data/gapminder-health-income.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
// country names may hold quoted commas: the four numeric/region fields are read from the end of the line
const income = rows.map((r) => Number(r[r.length - 4]));
const population = rows.map((r) => Number(r[r.length - 2]));

function expectRel(actual: number, expected: number, tol = 1e-9, what = "") {
  if (expected === 0) expect(Math.abs(actual), what).toBeLessThanOrEqual(tol);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
function expectAllRel(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, what = "") {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i], expected[i], tol, `${what}[${i}]`);
}

describe("poverty: FGT and Watts (base R on Gapminder incomes, line 3000)", () => {
  it("unweighted and population-weighted", () => {
    for (const a of [0, 1, 2]) {
      expectRel(fgt(income, ref.z, a), ref.fgt.unweighted[a], 1e-12, `FGT${a}`);
      expectRel(fgt(income, ref.z, a, { weights: population }), ref.fgt.weighted[a], 1e-9, `FGT${a} weighted`);
    }
    expectRel(watts(income, ref.z), ref.watts.unweighted, 1e-12, "Watts");
    expectRel(watts(income, ref.z, { weights: population }), ref.watts.weighted, 1e-9, "Watts weighted");
  });

  it("bad input names the problem", () => {
    expect(() => fgt([1, 2], 0, 1)).toThrow(/poverty line z must be a finite number > 0/);
    expect(() => fgt([1, 2], 3, -1)).toThrow(/alpha must be a finite number ≥ 0/);
    expect(() => watts([1, 0, 5], 3, { labels: ["a", "b", "c"] })).toThrow(/x\[1\] \(b\) is 0 and below the poverty line/);
    expect(() => fgt([1, -2], 3, 1, { labels: ["a", "b"] })).toThrow(/x\[1\] \(b\)/);
  });
});

describe("quantile shares and the Palma ratio (base R approx on the Lorenz curve)", () => {
  it("quintiles, deciles, Palma, unweighted and weighted", () => {
    expectAllRel(quantileShares(income, 5).shares, ref.quintiles.unweighted, 1e-9, "quintiles");
    expectAllRel(quantileShares(income, 5, { weights: population }).shares, ref.quintiles.weighted, 1e-9, "quintiles weighted");
    expectAllRel(quantileShares(income, 10).shares, ref.deciles.unweighted, 1e-9, "deciles");
    expectAllRel(quantileShares(income, 10, { weights: population }).shares, ref.deciles.weighted, 1e-9, "deciles weighted");
    expectRel(palma(income), ref.palma.unweighted, 1e-9, "Palma");
    expectRel(palma(income, { weights: population }), ref.palma.weighted, 1e-9, "Palma weighted");
    const custom = quantileShares(income, [0.4, 0.9]);
    expectRel(custom.shares[2] / custom.shares[0], ref.palma.unweighted, 1e-9, "Palma from shares");
  });

  it("rejects bad boundaries", () => {
    expect(() => quantileShares([1, 2, 3], [0.5, 0.4])).toThrow(/groups\[1\] is 0.4; boundaries must be increasing/);
    expect(() => quantileShares([1, 2, 3], 0)).toThrow(/groups must be an integer ≥ 1/);
    expect(() => palma([0, 0, 0, 0, 1])).toThrow(/poorest 40 % have no income/);
  });
});

describe("bootstrap intervals for the Gini (boot::boot.ci on R's own replicates)", () => {
  const b = ref.boot;

  it("the jackknife influence values are boot's empinf(type = 'jack')", () => {
    expectRel(gini(income), b.t0, 1e-12, "t0");
    expectAllRel(jackknifeGini(income).influence, b.jackknifeInfluence, 1e-8, "L");
  });

  it("percentile and BCa, 95 % and 90 %, from R's replicates", () => {
    const L = jackknifeGini(income).influence;
    for (const [level, key] of [[0.95, "95"], [0.9, "90"]] as const) {
      const p = bootstrapInterval(b.t0, b.t, { level, method: "percentile" });
      expectAllRel([p.lower, p.upper], b[`percentile${key}`], 1e-12, `percentile ${key}`);
      const bca = bootstrapInterval(b.t0, b.t, { level, method: "bca", influence: L });
      expectAllRel([bca.lower, bca.upper], b[`bca${key}`], 1e-9, `BCa ${key}`);
    }
  });

  it("giniConfidenceInterval: seeded, reproducible, around the point value", () => {
    const a = giniConfidenceInterval(income, { replicates: 499, seed: 3 });
    expect(giniConfidenceInterval(income, { replicates: 499, seed: 3 })).toEqual(a);
    expect(a.gini).toBe(gini(income));
    expect(a.lower).toBeLessThan(a.gini);
    expect(a.upper).toBeGreaterThan(a.gini);
    // R's interval from its own 1999 replicates, to Monte-Carlo error
    expect(Math.abs(a.lower - b.bca95[0])).toBeLessThan(0.02);
    expect(Math.abs(a.upper - b.bca95[1])).toBeLessThan(0.02);
    const p = giniConfidenceInterval(income, { replicates: 499, seed: 3, method: "percentile", level: 0.9 });
    expect(p.upper - p.lower).toBeLessThan(a.upper - a.lower);
    expect(() => giniConfidenceInterval([1, 2], {})).toThrow(/at least 3/);
    expect(() => giniConfidenceInterval(income, { level: 95 })).toThrow(/level must be between 0 and 1/);
  });

  it("normal quantile and distribution function agree with R's qnorm/pnorm", () => {
    expectRel(normalQuantile(0.975), 1.9599639845400536, 1e-14);
    expectRel(normalQuantile(1e-300), -37.047096299361201, 1e-14);
    expectRel(normalCdf(-1.959963984540054), 0.025000000000000012, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    // the documented examples
    expect(normalQuantile(0.975)).toBe(1.9599639845400554);
    expect(normalCdf(-1.959963984540054)).toBe(0.025000000000000078);
  });
});

describe("spatial Gini and the Theil permutation test (PySAL's Mexico example)", () => {
  const w = weightsFromNeighbors(mex.regimes.map((_: number, i: number) => String(i)), mex.neighbors);

  it("Gini_Spatial's decomposition for every decade", () => {
    mex.years.forEach((year: number, k: number) => {
      const r = spatialGini(mex.y[k], w, { permutations: 0 });
      const e = mex.gini[k];
      expectRel(r.gini, e.g, 1e-12, `G ${year}`);
      expectRel(r.neighbor, e.wg, 1e-12, `wg ${year}`);
      expectRel(r.nonNeighbor, e.wcg, 1e-9, `wcg ${year}`);
      expectRel(r.nonNeighborShare, e.wcgShare, 1e-9, `share ${year}`);
      expectRel(r.polarization, e.polarization, 1e-9, `polarization ${year}`);
    });
    expect(spatialGini(mex.y[0], w, { permutations: 0 }).nonNeighbor).toBe(4353856); // PySAL's docstring
  });

  it("permutation inference: seeded, folded p, PySAL's fields", () => {
    const r = spatialGini(mex.y[0], w, { permutations: 999, seed: 12345 });
    expect(spatialGini(mex.y[0], w, { permutations: 999, seed: 12345 })).toEqual(r);
    expect(r.pPermutation).toBeLessThan(0.1); // PySAL's docstring: p_sim 0.04 with its own 99 draws
    expect(r.meanPermutation).toBeGreaterThan(4e6);
    expectRel(r.pNormal!, 1 - normalCdf(r.zPermutation!), 1e-15);
  });

  it("TheilD's between part for every decade, and TheilDSim's p-value", () => {
    const labels = mex.regimes;
    mex.years.forEach((year: number, k: number) => {
      const d = theilDecomposition(mex.y[k], labels);
      expectRel(d.between, mex.theil.bg[k], 1e-9, `bg ${year}`);
      expectRel(d.within, mex.theil.wg[k], 1e-9, `wg ${year}`);
    });
    // PySAL's docstring (999 permutations, its own draws): p = 0.4 for 1940, 0.001 for 1960
    const p1940 = theilDecomposition(mex.y[0], labels, { permutations: 999, seed: 10 }).pPermutation!;
    const p1960 = theilDecomposition(mex.y[2], labels, { permutations: 999, seed: 10 }).pPermutation!;
    expect(p1940).toBeGreaterThan(0.2);
    expect(p1960).toBeLessThanOrEqual(0.005);
    expect(theilDecomposition(mex.y[0], labels)).not.toHaveProperty("pPermutation");
  });
});

describe("documented examples of the inequality additions", () => {
  it("fgt, watts, quantileShares, palma", () => {
    expect([fgt([1, 2, 3, 4, 10], 3, 0), fgt([1, 2, 3, 4, 10], 3, 1), fgt([1, 2, 3, 4, 10], 3, 2)]).toEqual([0.4, 0.2, 0.11111111111111112]);
    expect(watts([1, 2, 3, 4, 10], 3)).toBe(0.30081547935525477);
    expect(quantileShares([1, 2, 3, 4, 10], 5).shares).toEqual([0.05, 0.09999999999999999, 0.15, 0.2, 0.5]);
    expect(quantileShares([1, 2, 3, 4, 10], [0.5]).shares).toEqual([0.22499999999999998, 0.775]);
    expect(palma([1, 2, 3, 4, 10])).toBe(1.6666666666666667);
  });

  it("bootstrapInterval, jackknifeGini, giniConfidenceInterval, spatialGini", () => {
    expect(bootstrapInterval(0.5, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], { level: 0.8, method: "percentile" })).toEqual({ lower: 0.1, upper: 0.9, level: 0.8, method: "percentile" });
    expect(Array.from(jackknifeGini([1, 2, 3, 4, 10]).leaveOneOut, (v) => +v.toFixed(6))).toEqual([0.328947, 0.388889, 0.426471, 0.4375, 0.25]);
    const ci = giniConfidenceInterval([1, 2, 3, 4, 10, 12, 15, 3, 2, 8], { replicates: 999, seed: 1 });
    expect(ci.gini).toBe(0.42);
    expect([ci.lower < ci.gini, ci.gini < ci.upper]).toEqual([true, true]);
    const r = spatialGini([1, 2, 10, 12], weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0], [3], [2]]), { permutations: 0 });
    expect([r.gini, r.neighbor, r.nonNeighbor, r.polarization]).toEqual([0.41, 6, 76, 6.333333333333333]);
  });
});
