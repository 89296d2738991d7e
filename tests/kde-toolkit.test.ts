// Kernel density additions (lib/methods/density/kde-extended.ts through baltic-repro/density's kde and bandwidth) against R's bw.SJ
// and density() kernels and SciPy's gaussian_kde (tests/fixtures/kde-toolkit.json, scripts/reference/kde-toolkit.R/.py).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bandwidth, kde, type Kernel } from "../lib/density";

const root = resolve(__dirname, "..");
const ref = JSON.parse(readFileSync(join(__dirname, "fixtures", "kde-toolkit.json"), "utf8"));
const rows = readFileSync(join(root, "node_modules/vega-datasets/data/gapminder-health-income.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const life = rows.map((r) => Number(r[r.length - 3]));
const income = rows.map((r) => Number(r[r.length - 4]));
const pop = rows.map((r) => Number(r[r.length - 2]));
const unemployment = readFileSync(join(root, "node_modules/vega-datasets/data/unemployment.tsv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split("\t")[1]));

function expectRel(actual: number, expected: number, tol = 1e-9, what = "") {
  if (expected === 0) expect(Math.abs(actual), what).toBeLessThanOrEqual(1e-300);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe("bandwidth rules 'sj' (R bw.SJ), 'scipy-scott', 'scipy-silverman'", () => {
  it("bw.SJ on life expectancy, log income (pair counts) and 3,218 county rates (R's binned counts)", () => {
    expect(unemployment.length).toBe(ref.sj.unemploymentN);
    expectRel(bandwidth(life, "sj"), ref.sj.life, 1e-12, "life");
    expectRel(bandwidth(income.map(Math.log), "sj"), ref.sj.logIncome, 1e-12, "log income");
    expectRel(bandwidth(unemployment, "sj"), ref.sj.unemployment, 1e-12, "unemployment");
  });

  it("'isj': KDEpy's improved Sheather–Jones (its algorithm on SciPy's DCT and brentq)", () => {
    expectRel(bandwidth(life, "isj"), ref.isj.life, 1e-9, "life");
    expectRel(bandwidth(life, "isj", { weights: pop }), ref.isj.lifeWeighted, 1e-9, "life weighted");
    expectRel(bandwidth(income.map(Math.log), "isj"), ref.isj.logIncome, 1e-9, "log income");
    expectRel(bandwidth(unemployment, "isj"), ref.isj.unemployment, 1e-9, "unemployment");
    const r = kde(life, { bandwidth: "isj", grid: 16 });
    expect(r.bandwidthRule).toBe("isj");
    expectRel(r.bandwidth, ref.isj.life, 1e-9, "kde's bandwidth");
  });

  it("SciPy's Scott and Silverman factors, unweighted and weighted", () => {
    for (const rule of ["scott", "silverman"] as const) {
      expectRel(bandwidth(life, `scipy-${rule}`), ref.scipy[`${rule}-unweighted`].bandwidth, 1e-12, rule);
      expectRel(bandwidth(life, `scipy-${rule}`, { weights: pop }), ref.scipy[`${rule}-weighted`].bandwidth, 1e-12, `${rule} weighted`);
    }
    expect(() => bandwidth(life, "sj", { weights: pop })).toThrow(/the 'sj' rule is unweighted/);
    expect(() => bandwidth(life, "nrd0", { weights: pop })).toThrow(/bandwidth rule 'nrd0' is unweighted/);
  });
});

describe("weighted KDE and R's kernels", () => {
  const kernels: Kernel[] = ["rectangular", "triangular", "epanechnikov", "biweight", "cosine", "optcosine", "gaussian"];

  it("direct sums of every kernel, unweighted and weighted, equal R's kernel expressions", () => {
    for (const kernel of kernels) {
      for (const [name, weights] of [["unweighted", undefined], ["weighted", pop]] as const) {
        if (weights === undefined && (kernel === "gaussian" || kernel === "epanechnikov")) continue; // the existing path: Gretl's constants
        const r = kde(life, { kernel, bandwidth: ref.bw, grid: ref.grid, weights });
        const e: number[] = ref.direct[kernel][name];
        const peak = Math.max(...e);
        r.density.forEach((v, i) => expect(Math.abs(v - e[i]) / peak, `${kernel} ${name} at ${i}`).toBeLessThanOrEqual(1e-12));
      }
    }
  });

  it("R's density(weights =) (binned FFT) agrees to its binning error", () => {
    for (const kernel of kernels) {
      const r = kde(life, { kernel, bandwidth: ref.bw, grid: ref.grid, weights: pop });
      const e: number[] = ref.rDensityWeighted[kernel];
      const peak = Math.max(...e);
      r.density.forEach((v, i) => expect(Math.abs(v - e[i]) / peak, `${kernel} at ${i}`).toBeLessThan(0.02));
    }
  });

  it("SciPy's gaussian_kde with weights, evaluated at the same points", () => {
    for (const rule of ["scott", "silverman"] as const) {
      for (const [name, weights] of [["unweighted", undefined], ["weighted", pop]] as const) {
        const r = kde(life, { bandwidth: `scipy-${rule}`, grid: ref.grid, weights, method: "exact" });
        const e: number[] = ref.scipy[`${rule}-${name}`].density;
        const peak = Math.max(...e);
        r.density.forEach((v, i) => expect(Math.abs(v - e[i]) / peak, `${rule} ${name} at ${i}`).toBeLessThanOrEqual(1e-12));
      }
    }
  });

  it("equal weights give the unweighted estimate; bad weights are named", () => {
    const a = kde(life, { kernel: "biweight", bandwidth: 2, grid: 32 });
    const b = kde(life, { kernel: "biweight", bandwidth: 2, grid: 32, weights: life.map(() => 3) });
    a.density.forEach((v, i) => expect(Math.abs(v - b.density[i])).toBeLessThanOrEqual(1e-15));
    expect(b).toMatchObject({ weighted: true, kernel: "biweight", method: "exact" });
    expect(() => kde([1, 2, 3], { weights: [1, -1, 1], bandwidth: 1 })).toThrow(/weights\[1\] is -1/);
    expect(() => kde([1, 2, 3], { weights: [1, 1], bandwidth: 1 })).toThrow(/weights has 2 elements but x has 3/);
    expect(() => kde([1, 2, 3], { weights: [0, 0, 0], bandwidth: 1 })).toThrow(/the weights sum to 0/);
    expect(() => kde([1, 2, 3], { kernel: "biweight", bandwidth: 1, method: "binned" })).toThrow(/method 'binned' is not available/);
  });
});

describe("documented examples of the density additions", () => {
  it("bandwidth sj / scipy-scott, weighted rectangular kde", () => {
    expect(bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "sj")).toBe(2.366641963508379);
    expect(bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "scipy-scott")).toBe(7.170925755890476);
    expect(kde([0, 1], { kernel: "rectangular", bandwidth: 1, grid: [0.5], weights: [3, 1] }).density[0]).toBe(0.2886751345948129);
  });
});
