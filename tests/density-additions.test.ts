// Tests for the density additions of issue #14 in lib/density.ts: R's rectangular / triangular / biweight /
// cosine kernels, weighted kde, and the bandwidth rules scipy-scott, scipy-silverman, sj (R bw.SJ), isj (KDEpy).
// Fixture: tests/fixtures/kdensity-additions.json, regenerated with ONE command:
//     bash scripts/reference/kdensity-additions.sh
// (R 4.2 stats bw.SJ, direct sums with density.default's kernels, density(); scipy gaussian_kde with weights;
// KDEpy's improved_sheather_jones transcribed into numpy/scipy.) The data (Gapminder, US county unemployment) are
// those of tests/fixtures/kdensity-gretl.json.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BINS_PER_BANDWIDTH, GRID_BINS_PER_BANDWIDTH, KERNELS, bandwidth, kde, type BandwidthRule, type Kernel } from "../lib/density";

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as T;

const data = fixture<{ data: Record<string, number[]> }>("kdensity-gretl.json").data;
interface KdeCase {
  data: string;
  weights: string;
  kernel: Kernel;
  rule: "nrd0" | "sj";
  bandwidth: number;
  x: number[];
  density: number[];
}
const ref = fixture<{
  weights: Record<string, number[]>;
  sj: Record<string, { n: number; bw: number }>;
  sjspecial: Record<string, { x: number[]; bw: number; widened: number }>;
  kde: Record<string, KdeCase>;
  rdensity: Record<string, { density: number[] }>;
  scipy: { name: string; data: string; weights: string; bw_method: string; neff: number; factor: number; bandwidth: number; points: number[]; density: number[] }[];
  isj: { name: string; data: string; weights: string; distinct: number; t: number; isj: number; isj_longdouble: number }[];
}>("kdensity-additions.json");

const weightsOf = (name: string): number[] | undefined =>
  name === "none" ? undefined : (ref.weights[name] ?? data[name]);

function relErr(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.abs(b);
}
function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const rel = relErr(actual[i], expected[i]);
    if (!(rel <= worst)) {
      worst = rel;
      at = i;
    }
  }
  if (!(worst <= tol)) throw new Error(`relative error ${worst} at index ${at}: ${actual[at]} vs ${expected[at]}`);
}
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
function peakOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]);
  return m;
}
/** ∫|a − b| by the trapezoid rule on the points x. */
function l1Diff(x: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (Math.abs(a[i] - b[i]) + Math.abs(a[i - 1] - b[i - 1]));
  return s;
}

/** The stated single-observation bound of the binned estimate (lib/density.ts, kde, "Methods"), max norm. */
function binnedBound(kernel: Kernel, d: number): number {
  return kernel === "triangular" || kernel === "epanechnikov" ? d : d * d;
}

/* ---------------------------------------------------------------------------------------------------------- */

describe("the @examples of the additions (lib/density.ts) hold", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 40];
  it("bandwidth", () => {
    // Reference values in the comments of the examples: scipy 1.10 gaussian_kde, R 4.2 bw.SJ, KDEpy's algorithm.
    expect(bandwidth(x, "scipy-scott")).toBe(7.170925755890476);
    expect(bandwidth(x, "scipy-silverman")).toBe(7.595615523030168);
    expect(bandwidth([1, 2, 3, 4], "scipy-scott", { weights: [1, 1, 1, 5] })).toBe(1.2315474724072264);
    expect(bandwidth(x, "sj")).toBe(2.366641963508379);
    expect(bandwidth(x, "isj")).toBe(1.927748098416706);
    expect(relErr(bandwidth(x, "sj"), 2.3666419635083793)).toBeLessThan(1e-15);
    expect(relErr(bandwidth(x, "isj"), 1.9277480984167057)).toBeLessThan(1e-15);
    expect(relErr(bandwidth(x, "scipy-scott"), 7.170925755890477)).toBeLessThan(1e-15);
  });
  it("kde", () => {
    expect(kde([0, 1], { weights: [3, 1], bandwidth: 1, grid: [0] }).density[0]).toBe(0.3596993914308604);
    expect(kde([0], { kernel: "rectangular", bandwidth: 1, grid: [0] }).density[0]).toBe(0.2886751345948129);
    expect(kde([0], { kernel: "triangular", bandwidth: 1, grid: [1] }).density[0]).toBe(0.24158162379719633);
    expect(kde([0], { kernel: "biweight", bandwidth: 1, grid: [0] }).density[0]).toBe(0.3543416934461505);
    expect(kde([0], { kernel: "cosine", bandwidth: 1, grid: [0] }).density[0]).toBe(0.361512055191328);
  });
  it("extreme magnitudes: the scale-equivariant rules rescale exactly, also with weights", () => {
    const y = [1e300, 2e300, 3e300, 5e300];
    const w = [1, 2, 1, 1];
    expect(relErr(bandwidth(y, "scipy-scott", { weights: w }), 1e300 * bandwidth([1, 2, 3, 5], "scipy-scott", { weights: w }))).toBeLessThan(1e-14);
    expect(relErr(bandwidth(y, "scipy-silverman"), 1e300 * bandwidth([1, 2, 3, 5], "scipy-silverman"))).toBeLessThan(1e-14);
    // kde with weights on data beyond ±2^1000 (computed on rescaled data): f(t) = (φ(0) + 3φ(1))/4/h.
    const r = kde([1e305, 2e305], { weights: [1, 3], bandwidth: 1e305, grid: [1e305] });
    expect(relErr(r.density[0] * 1e305, (1 + 3 * Math.exp(-0.5)) / 4 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-14);
    expect(r.weighted).toBe(true);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("rule 'sj' against R's bw.SJ", () => {
  it.each(Object.entries(ref.sj))("%s", (name, c) => {
    const x = data[name];
    expect(x.length).toBe(c.n);
    expect(relErr(bandwidth(x, "sj"), c.bw)).toBeLessThanOrEqual(1e-12);
    expect(relErr(kde(x, { bandwidth: "sj", grid: 2 }).bandwidth, c.bw)).toBeLessThanOrEqual(1e-12);
  });

  it.each(Object.entries(ref.sjspecial))("%s (hand-made: R's interval widening, values on both sides of 0)", (_name, c) => {
    expect(relErr(bandwidth(c.x, "sj"), c.bw)).toBeLessThanOrEqual(1e-12);
  });

  it("the hand-made cases reach R's widening of the search interval and both pair-count paths", () => {
    expect(Math.max(...Object.values(ref.sjspecial).map((c) => c.widened))).toBeGreaterThan(0);
    expect(Object.values(ref.sjspecial).some((c) => c.x.length > 500 && Math.min(...c.x) < 0)).toBe(true);
  });

  it("covers R's pairwise counts (n ≤ 500) and its binned counts (n > 500), and negative data", () => {
    const ns = Object.values(ref.sj).map((c) => c.n);
    expect(Math.min(...ns)).toBeLessThanOrEqual(500);
    expect(Math.max(...ns)).toBeGreaterThan(500);
    // bw.SJ is scale- and shift-equivariant only up to R's bins trunc(x/d), which move with x: the reflection
    // −x puts every value in a bin toward zero again, so bw.SJ(−x) = bw.SJ(x) exactly in exact arithmetic.
    const x = data.life2005;
    expect(relErr(bandwidth(x.map((v) => -v), "sj"), ref.sj.life2005.bw)).toBeLessThan(1e-12);
  });

  it("refuses data whose spread measure min(sd, IQR/1.349) is 0, and a single value", () => {
    expect(() => bandwidth([5, 5, 5, 5, 5, 5, 1, 9], "sj")).toThrow(/rule 'sj' \(R's bw.SJ\) needs a positive spread: min\(sd, IQR\/1.349\) is 0/);
    expect(() => bandwidth([1], "sj")).toThrow(/rule 'sj' needs at least 2 values in x; got 1/);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("R's kernels and weighted sums against direct sums in R", () => {
  it.each(Object.entries(ref.kde))("%s: exact sum on R's grid", (_name, c) => {
    const r = kde(data[c.data], { kernel: c.kernel, bandwidth: c.rule, weights: weightsOf(c.weights), method: "exact" });
    expect(r.kernel).toBe(c.kernel);
    expect(r.method).toBe("exact");
    expect(r.weighted).toBe(c.weights !== "none");
    expect(r.bandwidthWeighted).toBe(false); // R's rules see x alone, as in R's density(weights =)
    expect(relErr(r.bandwidth, c.bandwidth)).toBeLessThanOrEqual(1e-12);
    expectRelClose(r.x, c.x, 1e-12);
    expectRelClose(r.density, c.density, 1e-9);
  });

  it.each(Object.entries(ref.kde))("%s: binned within the stated bound of the exact sum", (_name, c) => {
    const r = kde(data[c.data], { kernel: c.kernel, bandwidth: c.rule, weights: weightsOf(c.weights), method: "binned" });
    expect(r.method).toBe("binned");
    const d = r.binWidth / r.bandwidth;
    // The Gaussian on a regular grid takes the spectral path (δ ≤ h/16); the other kernels δ ≤ h/64.
    expect(d).toBeLessThanOrEqual(1 / (c.kernel === "gaussian" ? GRID_BINS_PER_BANDWIDTH : BINS_PER_BANDWIDTH));
    const peak = peakOf(c.density);
    if (c.kernel === "rectangular") {
      // Jumps: the integrated error is bounded, the pointwise one is not (see the doc).
      expect(l1Diff(c.x, r.density, c.density)).toBeLessThanOrEqual((4 / Math.sqrt(3)) * d);
    } else {
      expect(maxAbsDiff(r.density, c.density) / peak).toBeLessThanOrEqual(binnedBound(c.kernel, d));
    }
    expect(maxAbsDiff(r.density, c.density)).toBeGreaterThan(0); // an approximation: not vacuous
  });

  it.each(Object.entries(ref.rdensity))("%s: R's own density() (binned on its 512-point grid) is near our exact sum", (name, c) => {
    // R's density() bins onto 512 points over [min − 7h, max + 7h] (δ_R ≈ (range + 14h)/511): its error is
    // bounded like ours with δ_R in place of δ. This also checks that R's weights = w/sum(w) is our convention.
    const k = ref.kde[name];
    const ours = kde(data[k.data], { kernel: k.kernel, bandwidth: k.rule, weights: weightsOf(k.weights), method: "exact" });
    const x = data[k.data];
    const dR = (Math.max(...x) - Math.min(...x) + 14 * k.bandwidth) / 511 / k.bandwidth;
    if (k.kernel === "rectangular") {
      expect(l1Diff(k.x, c.density, ours.density)).toBeLessThanOrEqual((4 / Math.sqrt(3)) * dR);
    } else {
      expect(maxAbsDiff(c.density, ours.density) / peakOf(ours.density)).toBeLessThanOrEqual(binnedBound(k.kernel, dR));
    }
  });

  it("covers every added kernel, with and without weights, and zero weights", () => {
    const cases = Object.values(ref.kde);
    for (const k of ["rectangular", "triangular", "biweight", "cosine"]) {
      expect(cases.some((c) => c.kernel === k && c.weights === "none")).toBe(true);
      expect(cases.some((c) => c.kernel === k && c.weights !== "none")).toBe(true);
    }
    expect(ref.weights.pop2005_zeros.filter((w) => w === 0).length).toBe(5);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("rules 'scipy-scott' and 'scipy-silverman' against scipy gaussian_kde", () => {
  it.each(ref.scipy.map((c) => [`${c.name} ${c.bw_method}`, c] as const))("%s", (_label, c) => {
    const rule = `scipy-${c.bw_method}` as BandwidthRule;
    const weights = weightsOf(c.weights);
    expect(relErr(bandwidth(data[c.data], rule, { weights }), c.bandwidth)).toBeLessThanOrEqual(1e-12);
    // The whole estimate: scipy's bandwidth and its exact Gaussian sum (with weights, normalised by their sum).
    const r = kde(data[c.data], { bandwidth: rule, weights, grid: c.points });
    expect(r.bandwidthRule).toBe(rule);
    expect(r.bandwidthWeighted).toBe(weights !== undefined);
    expect(relErr(r.effectiveN, c.neff)).toBeLessThanOrEqual(1e-12);
    expectRelClose(r.density, c.density, 1e-9);
  });

  it("without weights: n^(−1/5)·s and (3n/4)^(−1/5)·s (hand-worked)", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 40];
    const m = x.reduce((a, b) => a + b) / 10;
    const s = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / 9);
    expect(bandwidth(x, "scipy-scott")).toBeCloseTo(s * 10 ** -0.2, 13);
    expect(bandwidth(x, "scipy-silverman")).toBeCloseTo(s * 7.5 ** -0.2, 13);
    expect(bandwidth(x, "scott") / bandwidth(x, "scipy-scott")).toBeCloseTo(1.059, 13);
  });

  it("with weights: Kish's n_eff and the reliability-weighted variance (hand-worked)", () => {
    // ŵ = [1, 1, 1, 5]/8: n_eff = 64/28, x̄ = 26/8, Σŵ(x − x̄)² = 9.5/8, variance = that/(1 − 28/64).
    const h = bandwidth([1, 2, 3, 4], "scipy-scott", { weights: [1, 1, 1, 5] });
    expect(h).toBeCloseTo(Math.sqrt(9.5 / 8 / (1 - 28 / 64)) * (64 / 28) ** -0.2, 14);
    expect(h).toBe(1.2315474724072264); // the @example; scipy gives the same
    // Equal weights are no weights (n_eff = n, the sd with ddof 1).
    const y = data.life2005;
    expect(relErr(bandwidth(y, "scipy-silverman", { weights: y.map(() => 7) }), bandwidth(y, "scipy-silverman"))).toBeLessThan(1e-13);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("rule 'isj' against KDEpy's improved Sheather–Jones", () => {
  it.each(ref.isj.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const weights = weightsOf(c.weights);
    const h = bandwidth(data[c.data], "isj", { weights });
    expect(relErr(h, c.isj)).toBeLessThanOrEqual(1e-10);
    // KDEpy's long-double variant (older scipy) is as close: the algorithm is well conditioned on these data.
    expect(relErr(h, c.isj_longdouble)).toBeLessThanOrEqual(1e-9);
    const r = kde(data[c.data], { bandwidth: "isj", weights, grid: 2 });
    expect(r.bandwidth).toBe(h);
    expect(r.bandwidthWeighted).toBe(weights !== undefined);
  });

  it("drops observations of weight 0 (as KDEpy does) and takes weights normalised by their sum", () => {
    const x = data.life2005;
    const w = ref.weights.pop2005_zeros;
    const kept = x.filter((_, i) => w[i] > 0);
    expect(bandwidth(x, "isj", { weights: w })).toBe(bandwidth(kept, "isj", { weights: w.filter((v) => v > 0) }));
    expect(relErr(bandwidth(x, "isj", { weights: w.map((v) => v * 1e-6) }), bandwidth(x, "isj", { weights: w }))).toBeLessThan(1e-9);
  });

  it("is not scale-equivariant (KDEpy's absolute grid margin of 6), as documented", () => {
    const x = data.life2005;
    expect(relErr(bandwidth(x.map((v) => v / 100), "isj") * 100, bandwidth(x, "isj"))).toBeGreaterThan(1e-3);
    // Shift-equivariant, though (up to the rounding of the shifted data).
    expect(relErr(bandwidth(x.map((v) => v + 1000), "isj"), bandwidth(x, "isj"))).toBeLessThan(1e-6);
  });

  it("fails where KDEpy fails (too few points: its root search gives up once tol ≥ 1)", () => {
    // KDEpy's improved_sheather_jones([5, 3, 9, 1, 7], weights = [1, 2, 0, 4, 5]) raises
    // "Root finding did not converge. Need more data." (checked with the transcription in scripts/reference/).
    expect(() => bandwidth([5, 3, 9, 1, 7], "isj", { weights: [1, 2, 0, 4, 5] })).toThrow(
      /bandwidth rule 'isj': root finding did not converge \(KDEpy: "Need more data"\); n = 4, 4 distinct values/,
    );
  });

  it("refuses data with one distinct value", () => {
    expect(() => bandwidth([2, 2, 2], "isj")).toThrow(/rule 'isj' needs at least two distinct values; these data have one \(2\)/);
    expect(() => bandwidth([2, 3, 4], "isj", { weights: [1, 0, 0] })).toThrow(/two distinct values with positive weight/);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("kernels: definitions and the binned estimate", () => {
  const added: Kernel[] = ["rectangular", "triangular", "biweight", "cosine"];
  const c = 1 / Math.sqrt(1 / 3 - 2 / Math.PI ** 2);

  it("hand-worked values at 0, inside and at the edge of the support (the @examples)", () => {
    const at = (kernel: Kernel, z: number[]) => Array.from(kde([0], { kernel, bandwidth: 1, grid: z }).density);
    expect(at("rectangular", [0, 1.7, Math.sqrt(3), 2])).toEqual([0.2886751345948129, 1 / (2 * Math.sqrt(3)), 0, 0]);
    expect(at("triangular", [1])[0]).toBe(0.24158162379719633);
    expect(at("triangular", [0, -1, Math.sqrt(6)])).toEqual([1 / Math.sqrt(6), (1 - 1 / Math.sqrt(6)) / Math.sqrt(6), 0]);
    expect(at("biweight", [0])[0]).toBe(0.3543416934461505);
    expect(at("biweight", [1])[0]).toBeCloseTo(((15 / 16) * (1 - 1 / 7) ** 2) / Math.sqrt(7), 15);
    expect(at("cosine", [0])[0]).toBe(0.361512055191328);
    expect(at("cosine", [1])[0]).toBeCloseTo((1 + Math.cos(Math.PI / c)) / (2 * c), 15);
    expect(at("cosine", [c, 3])).toEqual([0, 0]);
    // h scales: f(t) = k(t/h)/h.
    expect(kde([0], { kernel: "biweight", bandwidth: 2, grid: [2] }).density[0]).toBeCloseTo(at("biweight", [1])[0] / 2, 15);
  });

  it.each(added)("%s integrates to 1 and has variance h² (h is the kernel's sd, as in R)", (kernel) => {
    const h = 1.7;
    const r = kde([0], { kernel, bandwidth: h, grid: 200001, range: [-3 * h, 3 * h], method: "exact" });
    let mass = 0;
    let second = 0;
    for (let i = 1; i < r.x.length; i++) {
      const dx = r.x[i] - r.x[i - 1];
      mass += 0.5 * dx * (r.density[i] + r.density[i - 1]);
      second += 0.5 * dx * (r.x[i] ** 2 * r.density[i] + r.x[i - 1] ** 2 * r.density[i - 1]);
    }
    // The trapezoid rule errs by ~dx·height at the rectangular kernel's jumps (dx = 6h/200000).
    expect(Math.abs(mass - 1)).toBeLessThan(1e-4);
    expect(Math.abs(second / (h * h) - 1)).toBeLessThan(1e-4);
  });

  it("binned, random samples: biweight and cosine within (δ/h)², triangular within δ/h of the peak", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        fc.constantFrom<Kernel>("triangular", "biweight", "cosine"),
        fc.boolean(),
        (x, h, kernel, weighted) => {
          const weights = weighted ? x.map((_, i) => 1 + (i % 3)) : undefined;
          const b = kde(x, { kernel, bandwidth: h, grid: 300, method: "binned", weights });
          const e = kde(x, { kernel, bandwidth: h, grid: 300, method: "exact", weights });
          const d = b.binWidth / h;
          expect(maxAbsDiff(b.density, e.density) / peakOf(e.density)).toBeLessThanOrEqual(binnedBound(kernel, d));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("binned rectangular: exact (to rounding) farther than 2δ from every jump, integrated error ≤ 2.31·δ/h", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (x, h) => {
          const o = { kernel: "rectangular" as const, bandwidth: h, grid: 2001, range: [Math.min(...x) - 3 * h, Math.max(...x) + 3 * h] as [number, number] };
          const b = kde(x, { ...o, method: "binned" });
          const e = kde(x, { ...o, method: "exact" });
          const delta = b.binWidth;
          const a = Math.sqrt(3) * h;
          const peak = peakOf(e.density);
          let far = 0;
          for (let i = 0; i < b.x.length; i++) {
            const t = b.x[i];
            if (x.some((xi) => Math.abs(Math.abs(t - xi) - a) <= 2 * delta * (1 + 1e-9))) continue;
            far = Math.max(far, Math.abs(b.density[i] - e.density[i]));
          }
          expect(far / peak).toBeLessThan(1e-9);
          expect(l1Diff(b.x, b.density, e.density)).toBeLessThanOrEqual((4 / Math.sqrt(3)) * (delta / h) + 1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("KERNELS lists R's six kernels this module has", () => {
    expect([...KERNELS]).toEqual(["gaussian", "epanechnikov", "rectangular", "triangular", "biweight", "cosine"]);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("weighted kde: properties", () => {
  const sample = fc.array(fc.integer({ min: -4000, max: 4000 }).map((i) => i / 400), { minLength: 1, maxLength: 25 });
  const kernelArb = fc.constantFrom<Kernel>(...KERNELS);

  it("hand-worked: (3φ(0) + φ(1))/4 (the @example)", () => {
    const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const r = kde([0, 1], { weights: [3, 1], bandwidth: 1, grid: [0] });
    expect(r.density[0]).toBe(0.3596993914308604);
    expect(r.density[0]).toBeCloseTo((3 * phi(0) + phi(1)) / 4, 15);
    expect(r.effectiveN).toBeCloseTo(16 / 10, 15);
  });

  it("integer weights equal repeated observations (exact and binned)", () => {
    fc.assert(
      fc.property(sample, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 25, maxLength: 25 }), fc.double({ min: 0.05, max: 3, noNaN: true }), kernelArb, fc.constantFrom<"exact" | "binned">("exact", "binned"), (x, counts, h, kernel, method) => {
          // Binned: weights ≥ 1, so that both estimates bin over the same data extent (the same grid).
          const w = x.map((_, i) => (method === "binned" ? Math.max(1, counts[i]) : counts[i]));
          fc.pre(w.some((v) => v > 0));
          const repeated = x.flatMap((v, i) => new Array<number>(w[i]).fill(v));
          const grid = Array.from({ length: 41 }, (_, j) => -12 + (24 * j) / 40);
          const a = kde(x, { weights: w, kernel, bandwidth: h, grid, method });
          const b = kde(repeated, { kernel, bandwidth: h, grid, method });
          expect(a.binWidth).toBe(b.binWidth);
          expect(maxAbsDiff(a.density, b.density)).toBeLessThanOrEqual(1e-12 * peakOf(b.density));
          expect(a.effectiveN).toBeCloseTo(w.reduce((p, q) => p + q) ** 2 / w.reduce((p, q) => p + q * q, 0), 9);
        }),
      { numRuns: 60 },
    );
  });

  it("is unchanged when all weights are multiplied by a constant, and equal weights are no weights", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), kernelArb, (x, cst, kernel) => {
        const w = x.map((_, i) => 1 + (i % 4));
        const grid = Array.from({ length: 33 }, (_, j) => -12 + (24 * j) / 32);
        const a = kde(x, { weights: w, kernel, bandwidth: 1, grid });
        const b = kde(x, { weights: w.map((v) => v * cst), kernel, bandwidth: 1, grid });
        expect(maxAbsDiff(a.density, b.density)).toBeLessThanOrEqual(1e-12 * peakOf(a.density));
        const eq = kde(x, { weights: x.map(() => cst), kernel, bandwidth: 1, grid });
        const un = kde(x, { kernel, bandwidth: 1, grid });
        expect(maxAbsDiff(eq.density, un.density)).toBeLessThanOrEqual(1e-12 * peakOf(un.density));
        expect(eq.effectiveN).toBeCloseTo(x.length, 9);
      }),
      { numRuns: 40 },
    );
  });

  it("R's rules ignore the weights in kde (as R's density does) and say so; bandwidth() refuses them", () => {
    const x = data.life2005;
    const w = data.pop2005;
    for (const rule of ["gretl", "nrd0", "nrd", "scott", "sj"] as const) {
      const r = kde(x, { weights: w, bandwidth: rule, grid: 8 });
      expect(r.bandwidth).toBe(bandwidth(x, rule));
      expect(r.bandwidthWeighted).toBe(false);
      expect(r.weighted).toBe(true);
      expect(() => bandwidth(x, rule, { weights: w })).toThrow(new RegExp(`bandwidth rule '${rule}' does not use weights`));
    }
    expect(kde(x, { weights: w, bandwidth: 2, grid: 8 }).bandwidthWeighted).toBe(false);
    expect(kde(x, { bandwidth: "isj", grid: 8 }).bandwidthWeighted).toBe(false);
  });

  it("rejects bad weights with a message naming the element", () => {
    const x = [1, 2, 3, 4];
    expect(() => kde(x, { weights: [1, 1, -2, 1], bandwidth: 1 })).toThrow(/weights\[2\] is -2; weights must be non-negative/);
    expect(() => kde(x, { weights: [1, NaN, 1, 1], bandwidth: 1 })).toThrow(/weights\[1\] is NaN/);
    expect(() => kde(x, { weights: [1, 1, 1, Infinity], bandwidth: 1 })).toThrow(/weights\[3\] is Infinity/);
    expect(() => kde(x, { weights: [1, 1, 1], bandwidth: 1 })).toThrow(/weights has 3 elements but x has 4; give one weight per value/);
    expect(() => kde(x, { weights: [0, 0, 0, 0], bandwidth: 1 })).toThrow(/the weights sum to 0; at least one weight must be positive/);
    expect(() => kde(x, { weights: [1e308, 1e308, 1, 1], bandwidth: 1 })).toThrow(/the weights sum to Infinity/);
    expect(() => kde(x, { weights: [1, null as unknown as number, 1, 1], bandwidth: 1 })).toThrow(/weights\[1\] is null/);
    expect(() => bandwidth(x, "scipy-scott", { weights: [1, -1, 1, 1] })).toThrow(/weights\[1\] is -1/);
    expect(() => bandwidth(x, "isj", { weights: [1, 1] })).toThrow(/weights has 2 elements but x has 4/);
    expect(() => bandwidth(x, "isj", null as unknown as {})).toThrow(/options must be an object such as \{ weights \}; got null/);
    expect(() => kde(data.life2005, { convention: "gretl", weights: data.pop2005 })).toThrow(/convention 'gretl' has no weights/);
    expect(() => kde(x, { weights: [0, 0, 3, 0], bandwidth: "scipy-scott" })).toThrow(
      /bandwidth rule 'scipy-scott': the weights put all their mass on one observation \(n_eff = 1\)/,
    );
    expect(kde(x, { weights: [0, 0, 3, 0], bandwidth: 1, grid: [3] }).density[0]).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it("does not modify the caller's data or weights", () => {
    const x = [5, 3, 9, 1, 7];
    const w = [1, 2, 0, 4, 5];
    kde(x, { weights: w, bandwidth: "scipy-silverman" });
    kde(x, { weights: w, bandwidth: 1, method: "binned", kernel: "cosine" });
    expect(x).toEqual([5, 3, 9, 1, 7]);
    expect(w).toEqual([1, 2, 0, 4, 5]);
  });
});
