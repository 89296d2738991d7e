// Tests for lib/density.ts and lib/fft.ts.
// Fixtures: tests/fixtures/kdensity-{gretl,r,scipy}.json, regenerated with ONE command:
//     bash scripts/reference/kdensity.sh
// (Gretl 2022c kdensity(), R 4.2 stats bw.nrd0/bw.nrd/fivenum + direct kernel sums, scipy gaussian_kde.)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AUTO_BINNED_ABOVE,
  BINS_PER_BANDWIDTH,
  GRID_BINS_PER_BANDWIDTH,
  MAX_BINS,
  bandwidth,
  countModes,
  findModes,
  kde,
  type BandwidthRule,
  type Kernel,
} from "../lib/density";
import { circularConvolveReal, fft, inverseRealFft, isPowerOfTwo, nextPowerOfTwo, realFft } from "../lib/fft";

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as T;

interface GretlCase {
  data: string;
  n: number;
  scale: number;
  kernel: Kernel;
  x: number[];
  density: number[];
}
const gretl = fixture<{ source: string; data: Record<string, number[]>; cases: GretlCase[] }>("kdensity-gretl.json");
interface RBandwidths {
  n: number;
  mean: number;
  sd: number;
  quartiles7: number[];
  hinges: number[];
  gretl: number;
  nrd0: number;
  nrd: number;
  scott: number;
}
interface RKde {
  data: string;
  kernel: Kernel;
  rule: BandwidthRule;
  scale: number;
  bandwidth: number;
  x: number[];
  density: number[];
}
const R = fixture<{
  bandwidths: Record<string, RBandwidths>;
  special: Record<string, { x: number[]; nrd0: number; nrd: number }>;
  kde: Record<string, RKde>;
}>("kdensity-r.json");
const scipy = fixture<{
  cases: { data: string; bw_method: string; factor: number; bandwidth: number; points: number[]; density: number[] }[];
}>("kdensity-scipy.json");

/** |a − b| ≤ tol·|b| elementwise (exact equality allowed for zeros). */
function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const d = Math.abs(actual[i] - e);
    const rel = d === 0 ? 0 : d / Math.abs(e);
    if (!(rel <= worst)) {
      worst = rel;
      at = i;
    }
  }
  if (!(worst <= tol)) throw new Error(`relative error ${worst} at index ${at}: ${actual[at]} vs ${expected[at]}`);
}

function relErr(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.abs(b);
}

/** Seeded generator (mulberry32) and a three-component normal mixture. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normalMixture(n: number, seed: number): Float64Array {
  const u = rng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const c = u();
    x[i] = c < 0.5 ? z : c < 0.8 ? 4 + 0.5 * z : -3 + 1.5 * z;
  }
  return x;
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
function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
  return s;
}

/* ---------------------------------------------------------------------------------------------------------- */

describe("fft (lib/fft.ts)", () => {
  function naiveDft(re: number[], im: number[], sign: number): [number[], number[]] {
    const n = re.length;
    const R: number[] = [];
    const I: number[] = [];
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (sign * 2 * Math.PI * j * k) / n;
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      R.push(sr);
      I.push(si);
    }
    return [R, I];
  }

  it("transforms [1, 2, 3, 4] by hand: [10, −2+2i, −2, −2−2i]", () => {
    const re = new Float64Array([1, 2, 3, 4]);
    const im = new Float64Array(4);
    fft(re, im);
    [10, -2, -2, -2].forEach((v, k) => expect(re[k]).toBeCloseTo(v, 14));
    [0, 2, 0, -2].forEach((v, k) => expect(im[k]).toBeCloseTo(v, 14));
  });

  it("matches the naive DFT and inverts (sizes 1 … 64)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((p) =>
          fc.tuple(
            fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2 ** p, maxLength: 2 ** p }),
            fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2 ** p, maxLength: 2 ** p }),
          ),
        ),
        ([a, b]) => {
          const re = Float64Array.from(a);
          const im = Float64Array.from(b);
          fft(re, im);
          const [R, I] = naiveDft(a, b, -1);
          const tol = 1e-9 * (1 + a.length * 100);
          expect(maxAbsDiff(re, R)).toBeLessThan(tol);
          expect(maxAbsDiff(im, I)).toBeLessThan(tol);
          fft(re, im, true);
          expect(maxAbsDiff(re, a)).toBeLessThan(1e-10);
          expect(maxAbsDiff(im, b)).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("circularConvolveReal equals the naive circular convolution", () => {
    const a0 = new Float64Array([1, 2, 0, 0]);
    const b0 = new Float64Array([1, 1, 1, 0]);
    circularConvolveReal(a0, b0);
    expect(Array.from(a0).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 3, 3, 2]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((p) =>
          fc.tuple(
            fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2 ** p, maxLength: 2 ** p }),
            fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2 ** p, maxLength: 2 ** p }),
          ),
        ),
        ([a, b]) => {
          const n = a.length;
          const re = Float64Array.from(a);
          const im = Float64Array.from(b);
          circularConvolveReal(re, im);
          let worst = 0;
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a[k] * b[(j - k + n) % n];
            worst = Math.max(worst, Math.abs(re[j] - s));
          }
          expect(worst).toBeLessThan(1e-9 * (1 + n * 100));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("realFft and inverseRealFft: the documented examples, the naive DFT's first half, the inverse, and upTo", () => {
    const ex = realFft(new Float64Array([1, 2, 3, 4]));
    expect(Array.from(ex.re)).toEqual([10, -2, -2]);
    expect(Array.from(ex.im)).toEqual([0, 2, 0]);
    expect(Array.from(inverseRealFft(new Float64Array([10, -2, -2]), new Float64Array([0, 2, 0]), 4))).toEqual([1, 2, 3, 4]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((p) => fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2 ** p, maxLength: 2 ** p })),
        fc.nat(),
        (a, cut) => {
          const n = a.length;
          const { re, im } = realFft(Float64Array.from(a));
          const [R, I] = naiveDft(a, new Array(n).fill(0), -1);
          const tol = 1e-9 * (1 + n * 100);
          expect(maxAbsDiff(re, R.slice(0, n / 2 + 1))).toBeLessThan(tol);
          expect(maxAbsDiff(im, I.slice(0, n / 2 + 1))).toBeLessThan(tol);
          expect(maxAbsDiff(inverseRealFft(re, im, n), a)).toBeLessThan(1e-10);
          const upTo = cut % (n / 2 + 1);
          const part = realFft(Float64Array.from(a), upTo);
          expect(maxAbsDiff(part.re.subarray(0, upTo + 1), re.subarray(0, upTo + 1))).toBe(0);
          expect(part.re.subarray(upTo + 1).every((v) => v === 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    expect(() => realFft(new Float64Array(6))).toThrow(/realFft: the length must be a power of two ≥ 2; got 6/);
    expect(() => realFft(new Float64Array(4), -1)).toThrow(/upTo must be a whole number ≥ 0; got -1/);
    expect(() => inverseRealFft(new Float64Array(2), new Float64Array(2), 8)).toThrow(/N\/2 \+ 1 = 5 values; got 2 and 2/);
  });

  it("refuses lengths that are not a power of two, or differ", () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two.*got 6/);
    expect(() => fft(new Float64Array(4), new Float64Array(8))).toThrow(/im has 8 elements but re has 4/);
    expect(() => circularConvolveReal(new Float64Array(3), new Float64Array(3))).toThrow(/circularConvolveReal: the length must be a power of two/);
    expect(isPowerOfTwo(1024)).toBe(true);
    expect(isPowerOfTwo(12)).toBe(false);
    expect(isPowerOfTwo(0)).toBe(false);
    expect(nextPowerOfTwo(1000)).toBe(1024);
    expect(nextPowerOfTwo(1024)).toBe(1024);
    expect(nextPowerOfTwo(1)).toBe(1);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("bandwidth rules", () => {
  const datasets = Object.keys(R.bandwidths);

  it.each(datasets)("match R on %s (gretl from fivenum hinges, bw.nrd0, bw.nrd, 1.059·sd·n^−1/5)", (name) => {
    const x = gretl.data[name];
    const ref = R.bandwidths[name];
    expect(x.length).toBe(ref.n);
    for (const rule of ["gretl", "nrd0", "nrd", "scott"] as const) {
      expect(relErr(bandwidth(x, rule), ref[rule])).toBeLessThanOrEqual(1e-12);
    }
  });

  it("hits R's special cases of bw.nrd0 and bw.nrd exactly", () => {
    for (const [name, c] of Object.entries(R.special)) {
      expect(relErr(bandwidth(c.x, "nrd0"), c.nrd0), `${name} nrd0`).toBeLessThanOrEqual(1e-12);
      if (c.nrd === 0) expect(bandwidth(c.x, "nrd"), `${name} nrd`).toBe(0);
      else expect(relErr(bandwidth(c.x, "nrd"), c.nrd), `${name} nrd`).toBeLessThanOrEqual(1e-12);
    }
    // The three nrd0 fall-backs, by hand: sd when the IQR is 0; |x[0]| when the sd is 0 too; 1 when x[0] = 0.
    const n5 = (n: number) => 0.9 * Math.pow(n, -0.2);
    expect(bandwidth([3, 3, 3, 3, 3], "nrd0")).toBeCloseTo(3 * n5(5), 15);
    expect(bandwidth([-2.5, -2.5, -2.5], "nrd0")).toBeCloseTo(2.5 * n5(3), 15);
    expect(bandwidth([0, 0, 0, 0], "nrd0")).toBeCloseTo(n5(4), 15);
  });

  it("gretl uses Tukey's hinges (hand-worked, n even and odd)", () => {
    // n = 10: halves 1..5 and 6,7,8,9,40 → hinges 3 and 8; IQR/1.349 = 3.7064 < s = 11.98.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 40];
    expect(bandwidth(x, "gretl")).toBeCloseTo(0.9 * (5 / 1.349) * Math.pow(10, -0.2), 14);
    expect(bandwidth(x, "gretl")).toBe(2.1047502225062042);
    // n = 11 (odd): the median 6 is in both halves: 1..6 → hinge 3.5, 6..11 → hinge 8.5 (type 7 gives 3.5, 8.5 too;
    // so shuffle in a far value to tell them apart): sorted 1..10, 100 → hinges 3.5 and 8.5.
    const y = [100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(bandwidth(y, "gretl")).toBeCloseTo(0.9 * (5 / 1.349) * Math.pow(11, -0.2), 14);
    // R: quantile type 7 of the same data: 3.5 and 8.5 → the two rules differ only by 1.34 vs 1.349 here.
    expect(bandwidth(y, "nrd0")).toBeCloseTo(0.9 * (5 / 1.34) * Math.pow(11, -0.2), 14);
  });

  it("gretl falls back to s when the hinge IQR is 0, and is 0 for constant data (Gretl then refuses)", () => {
    const iqr0 = gretl.data.iqr0;
    expect(R.bandwidths.iqr0.hinges[0]).toBe(R.bandwidths.iqr0.hinges[1]);
    expect(relErr(bandwidth(iqr0, "gretl"), 0.9 * R.bandwidths.iqr0.sd * Math.pow(31, -0.2))).toBeLessThan(1e-14);
    expect(bandwidth([5, 5, 5, 5], "gretl")).toBe(0);
    expect(bandwidth([5, 5, 5, 5], "scott")).toBe(0);
  });

  it("scott is 1.059 times SciPy gaussian_kde's 'scott' bandwidth (s·n^−1/5)", () => {
    const c = scipy.cases.find((k) => k.bw_method === "scott")!;
    expect(relErr(bandwidth(gretl.data[c.data], "scott") / 1.059, c.bandwidth)).toBeLessThan(1e-13);
  });

  it("does not reorder or modify the caller's array", () => {
    const x = [3, 1, 2, 10, 7];
    bandwidth(x, "nrd0");
    expect(x).toEqual([3, 1, 2, 10, 7]);
  });

  it("rejects bad input with a message naming the problem", () => {
    expect(() => bandwidth([], "gretl")).toThrow(/x is empty/);
    expect(() => bandwidth([1], "nrd0")).toThrow(/bandwidth rule 'nrd0' needs at least 2 values in x; got 1/);
    expect(() => bandwidth([1, NaN, 3], "gretl")).toThrow(/x\[1\] is NaN/);
    expect(() => bandwidth([1, 2, Infinity], "gretl")).toThrow(/x\[2\] is Infinity/);
    expect(() => bandwidth([1, 2, 3], "silverman" as BandwidthRule)).toThrow(
      /rule must be one of 'gretl', 'nrd0', 'nrd', 'scott', 'scipy-scott', 'scipy-silverman', 'sj', 'isj'; got 'silverman'/,
    );
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("kde, convention 'gretl' against gretlcli 2022c kdensity()", () => {
  it.each(gretl.cases.map((c) => [`${c.data} n=${c.n} ${c.kernel} scale ${c.scale}`, c] as const))("%s", (_label, c) => {
    const r = kde(gretl.data[c.data], { convention: "gretl", kernel: c.kernel, scale: c.scale });
    expect(r.n).toBe(c.n);
    expect(r.convention).toBe("gretl");
    expect(r.method).toBe("exact");
    expect(r.bandwidthRule).toBe("gretl");
    const kn = c.n >= 1000 ? 1000 : c.n >= 200 ? 200 : c.n >= 100 ? 100 : 50;
    expect(r.x.length).toBe(kn + 1);
    expectRelClose(r.x, c.x, 1e-12);
    expectRelClose(r.density, c.density, 1e-9);
    // The bandwidth behind Gretl's output is the hinge rule (R fivenum), times scale.
    expect(relErr(r.bandwidth, c.scale * R.bandwidths[c.data].gretl)).toBeLessThan(1e-12);
  });

  it("covers n = 61 and n = 62, n ≥ 100, n ≥ 1000, and both kernels", () => {
    const ns = new Set(gretl.cases.map((c) => c.n));
    for (const n of [61, 62, 187, 3218]) expect(ns.has(n)).toBe(true);
    expect(new Set(gretl.cases.map((c) => c.kernel)).size).toBe(2);
  });

  it("starts the grid at x(1) for non-negative data with x̄ − 4s < 0 (population, income)", () => {
    for (const name of ["pop2005", "income"]) {
      const b = R.bandwidths[name];
      expect(b.mean - 4 * b.sd).toBeLessThan(0);
      const r = kde(gretl.data[name], { convention: "gretl" });
      expect(r.x[0]).toBe(Math.min(...gretl.data[name]));
      expect(gretl.cases.find((c) => c.data === name)!.x[0]).toBe(r.x[0]);
    }
    // Otherwise the lower end is x̄ − 4s (life expectancy 1955: 53.9 − 4·9 > 0 but below the minimum).
    const b = R.bandwidths.life1955;
    const r = kde(gretl.data.life1955, { convention: "gretl" });
    expect(r.x[0]).toBeCloseTo(b.mean - 4 * b.sd, 10);
    expect(r.x[r.x.length - 1]).toBeCloseTo(b.mean + 4 * b.sd, 10);
  });

  it("refuses fewer than 30 observations, as Gretl does", () => {
    const x = gretl.data.life2005.slice(0, 29);
    expect(() => kde(x, { convention: "gretl" })).toThrow("Gretl's kdensity needs at least 30 observations; got 29");
    expect(kde(gretl.data.life2005.slice(0, 30), { convention: "gretl" }).n).toBe(30);
  });

  it("refuses constant data (bandwidth 0; Gretl: 'Data error')", () => {
    expect(() => kde(new Array(40).fill(5), { convention: "gretl" })).toThrow(
      /Data error.*bandwidth is 0 because x has zero spread \(all 40 values equal 5\)/,
    );
  });

  it("refuses options that Gretl fixes", () => {
    const x = gretl.data.life2005;
    expect(() => kde(x, { convention: "gretl", grid: 100 })).toThrow(/convention 'gretl' fixes the grid.*do not pass grid/);
    expect(() => kde(x, { convention: "gretl", range: [0, 1] })).toThrow(/do not pass range/);
    expect(() => kde(x, { convention: "gretl", bandwidth: 2 })).toThrow(/fixes the bandwidth \(use scale/);
    expect(() => kde(x, { convention: "gretl", method: "binned" })).toThrow(/always uses the exact sum/);
    expect(() => kde(x, { convention: "stata" as "gretl" })).toThrow(/convention must be 'gretl' or absent; got 'stata'/);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("kde against R direct sums and SciPy gaussian_kde", () => {
  it.each(Object.entries(R.kde))("%s: R's grid (cut = 3, 512 points) and the exact sum", (_name, c) => {
    const r = kde(gretl.data[c.data], { kernel: c.kernel, bandwidth: c.rule, scale: c.scale });
    expect(r.method).toBe("exact");
    expect(r.bandwidthRule).toBe(c.rule);
    expect(relErr(r.bandwidth, c.bandwidth)).toBeLessThan(1e-12);
    expectRelClose(r.x, c.x, 1e-12);
    expectRelClose(r.density, c.density, 1e-9);
  });

  it.each(scipy.cases.map((c) => [c.bw_method, c] as const))("scipy gaussian_kde(bw_method=%s)", (_m, c) => {
    const r = kde(gretl.data[c.data], { bandwidth: c.bandwidth, grid: c.points });
    expect(r.bandwidthRule).toBeNull();
    expectRelClose(r.density, c.density, 1e-9);
  });

  it("binned agrees with R's exact sums within the stated bound", () => {
    for (const c of Object.values(R.kde)) {
      const r = kde(gretl.data[c.data], { kernel: c.kernel, bandwidth: c.rule, scale: c.scale, method: "binned" });
      expect(r.method).toBe("binned");
      expect(r.binWidth).toBeLessThanOrEqual(r.bandwidth / (c.kernel === "gaussian" ? GRID_BINS_PER_BANDWIDTH : BINS_PER_BANDWIDTH));
      const bound = c.kernel === "gaussian" ? 1e-4 : 1e-2;
      expect(maxAbsDiff(r.density, c.density) / peakOf(c.density)).toBeLessThan(bound);
    }
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("kde defaults and hand-worked values", () => {
  const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const ep = (z: number) => (Math.abs(z) < Math.sqrt(5) ? (3 / (4 * Math.sqrt(5))) * (1 - (z * z) / 5) : 0);

  it("sums the kernels by hand: four points, h = 1 and h = 2", () => {
    const x = [-1, 0, 0, 1];
    expect(kde(x, { bandwidth: 1, grid: [0] }).density[0]).toBeCloseTo((2 * phi(0) + 2 * phi(1)) / 4, 15);
    expect(kde(x, { bandwidth: 1, grid: [0] }).density[0]).toBe(0.320456502460288);
    expect(kde(x, { kernel: "epanechnikov", bandwidth: 1, grid: [0] }).density[0]).toBeCloseTo((2 * ep(0) + 2 * ep(1)) / 4, 15);
    const r = kde(x, { bandwidth: 2, grid: [0.5, 3] });
    expect(r.density[0]).toBeCloseTo((phi(0.75) + 2 * phi(0.25) + phi(0.25)) / 8, 15);
    expect(r.density[1]).toBeCloseTo((phi(2) + 2 * phi(1.5) + phi(1)) / 8, 15);
    // Epanechnikov support: exactly 0 at and beyond √5·h from every point.
    const e = kde([0], { kernel: "epanechnikov", bandwidth: 1, grid: [Math.sqrt(5), 2.2, -3] });
    expect(e.density[0]).toBe(0);
    expect(e.density[1]).toBeCloseTo(ep(2.2), 15);
    expect(e.density[2]).toBe(0);
  });

  it("defaults: gaussian, Gretl's rule, 512 points over [min − 3h, max + 3h], exact below 10 001 points", () => {
    const x = gretl.data.life2005;
    const r = kde(x);
    expect(r.kernel).toBe("gaussian");
    expect(r.bandwidthRule).toBe("gretl");
    expect(r.bandwidth).toBe(bandwidth(x, "gretl"));
    expect(r.scale).toBe(1);
    expect(r.convention).toBeNull();
    expect(r.method).toBe("exact");
    expect(r.bins).toBe(0);
    expect(r.x.length).toBe(512);
    expect(r.x[0]).toBe(Math.min(...x) - 3 * r.bandwidth);
    expect(r.x[511]).toBe(Math.max(...x) + 3 * r.bandwidth);
    // scale multiplies the rule's bandwidth; range and grid set the points.
    const s = kde(x, { scale: 0.5, grid: 11, range: [40, 90] });
    expect(s.bandwidth).toBe(0.5 * bandwidth(x, "gretl"));
    expect(Array.from(s.x)).toEqual([40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]);
  });

  it("does not modify the caller's data", () => {
    const x = [5, 3, 9, 1, 7];
    kde(x, { bandwidth: 1 });
    expect(x).toEqual([5, 3, 9, 1, 7]);
  });

  it("'auto' switches to binned above 10 000 observations", () => {
    const x = normalMixture(AUTO_BINNED_ABOVE + 1, 7);
    expect(kde(x.subarray(0, AUTO_BINNED_ABOVE), { grid: 64 }).method).toBe("exact");
    const b = kde(x, { grid: 64 });
    expect(b.method).toBe("binned");
    expect(isPowerOfTwo(b.bins)).toBe(true);
    expect(b.binWidth).toBeLessThanOrEqual(b.bandwidth / GRID_BINS_PER_BANDWIDTH);
  });

  it("kde(x) on a large Float64Array takes range, sd and quartiles from one pass: the rules' values from a sort and a two-pass sd, to 1e-12", () => {
    // The reference, computed here from a full sort and the two-pass standard deviation.
    const reference = (x: Float64Array, rule: "gretl" | "nrd0" | "nrd"): number => {
      const n = x.length;
      const v = Float64Array.from(x).sort();
      let mean = 0;
      for (const t of v) mean += t;
      mean /= n;
      let ss = 0;
      for (const t of v) ss += (t - mean) ** 2;
      const sdev = Math.sqrt(ss / (n - 1));
      const median = (a: number, b: number) => ((b - a) % 2 ? v[(a + b - 1) / 2] : (v[(a + b) / 2 - 1] + v[(a + b) / 2]) / 2);
      const type7 = (p: number) => {
        const i = (n - 1) * p;
        const lo = Math.floor(i);
        return v[lo] + (i - lo) * (v[Math.ceil(i)] - v[lo]);
      };
      const n5 = n ** -0.2;
      if (rule === "gretl") {
        const half = n % 2 ? (n + 1) / 2 : n / 2;
        const r = (median(n - half, n) - median(0, half)) / 1.349;
        return 0.9 * (r > 0 && r < sdev ? r : sdev) * n5;
      }
      const iqr = type7(0.75) - type7(0.25);
      return (rule === "nrd0" ? 0.9 : 1.06) * Math.min(sdev, iqr / 1.34) * n5;
    };
    // Shapes that stress each part: a mean far from 0 (sums about the sample median must not cancel), ties at the
    // quartiles, sorted input, and a heavy tail; n odd and even.
    const shapes: [string, (i: number, u: number) => number][] = [
      ["offset", (_i, u) => 1e6 + u],
      ["ties", (_i, u) => Math.floor(u * 4)],
      ["sorted", (i) => i / 7],
      ["tail", (_i, u) => 1 / (1e-3 + u)],
    ];
    let s = 7;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [40_000, 40_001]) {
      for (const [name, f] of shapes) {
        const x = Float64Array.from({ length: n }, (_, i) => f(i, next()));
        for (const rule of ["gretl", "nrd0", "nrd"] as const) {
          const r = kde(x, { bandwidth: rule, method: "binned", grid: 64 });
          const expected = reference(x, rule);
          expect(Math.abs(r.bandwidth - expected) / expected, `${name}, n = ${n}, ${rule}`).toBeLessThan(1e-12);
          // Every entry point gives the same bits for the same rule: bandwidth(), kde's methods, a plain array.
          expect(bandwidth(x, rule)).toBe(r.bandwidth);
          expect(kde(x, { bandwidth: rule, method: "exact", grid: [0] }).bandwidth).toBe(r.bandwidth);
          expect(kde(Array.from(x), { bandwidth: rule, method: "binned", grid: 64 }).bandwidth).toBe(r.bandwidth);
          expect(kde(x, { bandwidth: rule, method: "binned", grid: 64, weights: new Float64Array(n).fill(2) }).bandwidth).toBe(r.bandwidth); // these rules ignore weights
        }
        const e = kde(x, { bandwidth: "nrd0", method: "binned", grid: 64 });
        expect(e.x[0]).toBe(Math.min(...x) - 3 * e.bandwidth); // the range from the same pass
      }
    }
    const bad = new Float64Array(50_000).map((_, i) => i);
    bad[41_234] = NaN;
    expect(() => kde(bad)).toThrow(/x\[41234\]/); // a value that is not finite is reported with its index, as before
  });

  it("'auto' falls back to the exact sum when a far outlier would need more than 2^20 bins", () => {
    const x = Array.from(normalMixture(AUTO_BINNED_ABOVE + 10, 8));
    x.push(1e7);
    const r = kde(x, { grid: 64 });
    expect(r.method).toBe("exact");
    const forced = kde(x, { grid: 64, method: "binned" });
    expect(forced.method).toBe("binned");
    expect(forced.bins).toBe(MAX_BINS);
    expect(forced.binWidth).toBeGreaterThan(forced.bandwidth / BINS_PER_BANDWIDTH);
  });

  it("constant data: rules 'gretl', 'nrd', 'scott' refuse (bandwidth 0), 'nrd0' uses R's fall-back, a number works", () => {
    const c = new Array(12).fill(5);
    expect(() => kde(c)).toThrow(/bandwidth rule 'gretl' gives 0 .*zero spread \(all 12 values equal 5\); pass a positive numeric bandwidth/);
    expect(() => kde(c, { bandwidth: "nrd" })).toThrow(/bandwidth rule 'nrd' gives 0/);
    expect(() => kde(c, { bandwidth: "scott" })).toThrow(/bandwidth rule 'scott' gives 0/);
    const r = kde(c, { bandwidth: "nrd0", grid: [5] });
    expect(r.bandwidth).toBeCloseTo(0.9 * 5 * Math.pow(12, -0.2), 15);
    expect(r.density[0]).toBeCloseTo(phi(0) / r.bandwidth, 14);
    expect(kde(c, { bandwidth: 0.5, grid: [5] }).density[0]).toBeCloseTo(phi(0) / 0.5, 14);
    // 'nrd' is 0 whenever the type-7 IQR is 0, even with a positive sd (R's bw.nrd has no fall-back).
    expect(() => kde(gretl.data.iqr0, { bandwidth: "nrd" })).toThrow(/gives 0 for these data because the spread measure it uses is 0/);
  });

  it("a single observation needs a numeric bandwidth", () => {
    expect(() => kde([2])).toThrow(/bandwidth rule 'gretl' needs at least 2 values in x; got 1 \(pass a numeric bandwidth\)/);
    expect(kde([2], { bandwidth: 1, grid: [2] }).density[0]).toBeCloseTo(phi(0), 15);
  });

  it("rejects bad input with a message naming the problem", () => {
    const x = [1, 2, 3, 4];
    expect(() => kde([])).toThrow(/x is empty/);
    expect(() => kde([1, 2, NaN])).toThrow(/x\[2\] is NaN/);
    expect(() => kde([1, null as unknown as number])).toThrow(/x\[1\] is null/);
    expect(() => kde(x, { bandwidth: 0 })).toThrow(/bandwidth must be a positive finite number or a rule name; got 0/);
    expect(() => kde(x, { bandwidth: -1 })).toThrow(/bandwidth must be a positive finite number or a rule name; got -1/);
    expect(() => kde(x, { bandwidth: NaN })).toThrow(/bandwidth must be a positive finite number or a rule name; got NaN/);
    expect(() => kde(x, { bandwidth: "silverman" as BandwidthRule })).toThrow(/bandwidth must be one of 'gretl', 'nrd0', 'nrd', 'scott', 'scipy-scott', 'scipy-silverman', 'sj', 'isj'; got 'silverman'/);
    expect(() => kde(x, { kernel: "optcosine" as Kernel })).toThrow(
      /kernel must be one of 'gaussian', 'epanechnikov', 'rectangular', 'triangular', 'biweight', 'cosine'; got 'optcosine'/,
    );
    expect(() => kde(x, { method: "fast" as "exact" })).toThrow(/method must be 'exact', 'binned' or 'auto'; got 'fast'/);
    expect(() => kde(x, { scale: 0 })).toThrow(/scale must be a positive finite number; got 0/);
    expect(() => kde(x, { grid: 1 })).toThrow(/grid must be an integer ≥ 2 .* got 1/);
    expect(() => kde(x, { grid: 2.5 })).toThrow(/grid must be an integer ≥ 2 .* got 2.5/);
    expect(() => kde(x, { grid: [0, NaN] })).toThrow(/grid\[1\] is NaN/);
    expect(() => kde(x, { range: [3, 1] })).toThrow(/range must be \[lo, hi\] with finite lo < hi; got \[3,1\]/);
    expect(() => kde(x, { grid: [0, 1], range: [0, 1] })).toThrow(/range cannot be combined with explicit grid points/);
    expect(() => kde(x, { bandwidth: 5e-324 })).toThrow(/the bandwidth 5e-324 is too small to evaluate the density/);
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("binned estimate: error against the exact sum", () => {
  it.each(["gaussian", "epanechnikov"] as const)(
    "%s, 10^5 normal-mixture points: max |binned − exact| < 10^−4 × peak",
    (kernel) => {
      const x = normalMixture(100_000, 42);
      // 64 points over the default range keep the exact O(n·m) reference cheap; the binned error does not depend on m.
      const binned = kde(x, { kernel, method: "binned", grid: 64 });
      const exact = kde(x, { kernel, method: "exact", grid: 64 });
      expect(binned.method).toBe("binned");
      expect(Array.from(binned.x)).toEqual(Array.from(exact.x));
      const rel = maxAbsDiff(binned.density, exact.density) / peakOf(exact.density);
      expect(rel).toBeLessThan(1e-4);
      expect(rel).toBeGreaterThan(0); // it is an approximation: the comparison is not vacuous
    },
  );

  it("single observations, Gaussian on a regular grid: within (δ/h)²/12 of the peak (the worst case), to O(δ⁴)", () => {
    let worst = 0;
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.constantFrom(33, 100, 257, 512),
        (x0, h, grid) => {
          const opts = { bandwidth: h, grid, range: [x0 - 6 * h, x0 + 6 * h] as [number, number] };
          const b = kde([x0], { ...opts, method: "binned" });
          const e = kde([x0], { ...opts, method: "exact" });
          const d = b.binWidth / h;
          expect(d).toBeLessThanOrEqual(1 / GRID_BINS_PER_BANDWIDTH);
          const err = maxAbsDiff(b.density, e.density) / peakOf(e.density);
          expect(err).toBeLessThanOrEqual((d * d) / 12 + d ** 4 + 1e-13);
          worst = Math.max(worst, err / (d * d));
        },
      ),
      { numRuns: 80 },
    );
    // The bound is tight: an observation midway or on a bin reaches most of it (not vacuous).
    expect(worst).toBeGreaterThan(0.5 / 12);
  });

  it("single observations, Gaussian at explicit points: within (δ/h)²/4 of the peak (binning and interpolation)", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.05, max: 5, noNaN: true }), (x0, h) => {
        const points = Array.from({ length: 200 }, (_, i) => x0 - 6 * h + (12 * h * i) / 199 + 1e-3 * h * Math.sin(i));
        const b = kde([x0], { bandwidth: h, grid: points, method: "binned" });
        const e = kde([x0], { bandwidth: h, grid: points, method: "exact" });
        const d = b.binWidth / h;
        expect(d).toBeLessThanOrEqual(1 / BINS_PER_BANDWIDTH);
        expect(maxAbsDiff(b.density, e.density) / peakOf(e.density)).toBeLessThanOrEqual((d * d) / 4 + 1e-13);
      }),
      { numRuns: 40 },
    );
  });

  it("random samples on regular grids, Gaussian: within Σ of the single-observation bounds, ((δ/h)²/12 + (δ/h)⁴)·φ(0)/h", () => {
    // Grids that cut the data (data left of lo wrap around the circular array; right of hi are dropped beyond 8h),
    // grids much finer than h/16 (r = 1) and coarser (r > 1: the spectrum is folded), weighted and not.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        fc.constantFrom(16, 64, 512),
        fc.double({ min: -25, max: 0, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.boolean(),
        (x, h, grid, lo, width, weighted) => {
          const weights = weighted ? x.map((_, i) => 1 + (i % 3)) : undefined;
          const opts = { bandwidth: h, grid, range: [lo, lo + width] as [number, number], weights };
          const b = kde(x, { ...opts, method: "binned" });
          const e = kde(x, { ...opts, method: "exact" });
          const d = b.binWidth / h;
          expect(d).toBeLessThanOrEqual(1 / GRID_BINS_PER_BANDWIDTH);
          const bound = ((d * d) / 12 + d ** 4) * (0.3989422804014327 / h) + 1e-12 * peakOf(e.density);
          expect(maxAbsDiff(b.density, e.density)).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("random samples: Gaussian within (δ/h)² of the peak, Epanechnikov within δ/h", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        fc.constantFrom<Kernel>("gaussian", "epanechnikov"),
        (x, h, kernel) => {
          const b = kde(x, { kernel, bandwidth: h, grid: 300, method: "binned" });
          const e = kde(x, { kernel, bandwidth: h, grid: 300, method: "exact" });
          const d = b.binWidth / h;
          const bound = kernel === "gaussian" ? d * d : d;
          expect(maxAbsDiff(b.density, e.density) / peakOf(e.density)).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("kde properties", () => {
  const sample = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 });
  const kernelArb = fc.constantFrom<Kernel>("gaussian", "epanechnikov");

  it("is non-negative, exact and binned", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0.05, max: 3, noNaN: true }), kernelArb, fc.constantFrom<"exact" | "binned">("exact", "binned"), (x, h, kernel, method) => {
        const r = kde(x, { kernel, bandwidth: h, grid: 200, method });
        expect(Math.min(...r.density)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it("integrates to 1 on a wide grid (trapezoid, within 10^−3)", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0.2, max: 3, noNaN: true }), kernelArb, fc.constantFrom<"exact" | "binned">("exact", "binned"), (x, h, kernel, method) => {
        const lo = Math.min(...x) - 8 * h;
        const hi = Math.max(...x) + 8 * h;
        const r = kde(x, { kernel, bandwidth: h, grid: 4001, range: [lo, hi], method });
        expect(Math.abs(trapezoid(r.x, r.density) - 1)).toBeLessThan(1e-3);
      }),
      { numRuns: 40 },
    );
  });

  it("is shift-equivariant: kde(x + c) on the shifted grid equals kde(x)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000, max: 10_000 }).map((i) => i / 1000), { minLength: 2, maxLength: 40 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        kernelArb,
        fc.constantFrom<BandwidthRule>("gretl", "nrd0", "nrd", "scott"),
        (x, c, kernel, rule) => {
          fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
          let base;
          try {
            base = kde(x, { kernel, bandwidth: rule, grid: 64 });
          } catch {
            fc.pre(false); // a rule that gives 0 (e.g. 'nrd' with a zero IQR)
            return;
          }
          const shifted = kde(x.map((v) => v + c), { kernel, bandwidth: rule, grid: Array.from(base.x, (t) => t + c) });
          expect(Math.abs(shifted.bandwidth - base.bandwidth)).toBeLessThanOrEqual(1e-9 * base.bandwidth);
          const peak = peakOf(base.density);
          expect(maxAbsDiff(shifted.density, base.density)).toBeLessThanOrEqual(1e-6 * peak);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is scale-equivariant: kde(a·x)(a·t) = kde(x)(t) / a", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0.01, max: 100, noNaN: true }), kernelArb, (x, a, kernel) => {
        const base = kde(x, { kernel, bandwidth: 1, grid: 50 });
        const scaled = kde(x.map((v) => a * v), { kernel, bandwidth: a, grid: Array.from(base.x, (t) => a * t) });
        const peak = peakOf(base.density);
        let worst = 0;
        for (let i = 0; i < 50; i++) worst = Math.max(worst, Math.abs(scaled.density[i] * a - base.density[i]));
        expect(worst).toBeLessThanOrEqual(1e-9 * peak);
      }),
      { numRuns: 40 },
    );
  });
});

/* ---------------------------------------------------------------------------------------------------------- */

describe("findModes / countModes", () => {
  it("counts strict local maxima; a flat top counts once, at its middle", () => {
    const d = [0, 1, 3, 2, 2, 5, 5, 1, 0];
    const m = findModes(d);
    expect(m.count).toBe(2);
    expect(m.indices).toEqual([2, 5]);
    expect(m.heights).toEqual([3, 5]);
    expect(m.x).toBeNull();
    expect(m.rule).toBe(
      "strict local maxima of the density on the grid (a flat top counts once); grid ends not counted; all peaks counted",
    );
    expect(countModes(d)).toBe(2);
    expect(findModes([0, 4, 4, 4, 0]).indices).toEqual([2]);
    expect(findModes([0, 4, 4, 4, 4, 0]).indices).toEqual([2]);
    // A shoulder (flat then rising) is not a peak; a zero plateau never is.
    expect(countModes([0, 2, 2, 3, 1])).toBe(1);
    expect(countModes([0, 0, 0, 0])).toBe(0);
  });

  it("ignores peaks below minRelativeHeight × the highest peak", () => {
    const d = [0, 1, 3, 2, 2, 5, 5, 1, 0];
    expect(countModes(d, { minRelativeHeight: 0.6 })).toBe(2); // 3 ≥ 0.6·5
    expect(countModes(d, { minRelativeHeight: 0.7 })).toBe(1); // 3 < 0.7·5
    expect(findModes(d, { minRelativeHeight: 0.7 }).rule).toMatch(/peaks lower than 0.7 × the highest peak ignored/);
  });

  it("does not count grid ends unless includeEdges", () => {
    const d = [5, 3, 1, 2, 1, 0];
    expect(findModes(d).indices).toEqual([3]);
    expect(findModes(d, { includeEdges: true }).indices).toEqual([0, 3]);
    expect(findModes(d, { includeEdges: true }).rule).toMatch(/grid ends counted/);
    expect(findModes([1, 2, 3], { includeEdges: true }).indices).toEqual([2]);
  });

  it("finds the modes of a kde and reports their positions", () => {
    // Two tight clusters at 0 and 10: bimodal; one wide kernel: unimodal.
    const x = [-0.2, -0.1, 0, 0.1, 0.2, 9.8, 9.9, 10, 10.1, 10.2, 10.05];
    const r = kde(x, { bandwidth: 1 });
    const m = findModes(r);
    expect(m.count).toBe(2);
    expect(m.x![0]).toBeCloseTo(0, 1);
    expect(m.x![1]).toBeCloseTo(10, 1);
    expect(m.heights[1]).toBeGreaterThan(m.heights[0]); // six points at 10, five at 0
    expect(countModes(kde(x, { bandwidth: 8 }))).toBe(1);
    expect(countModes(kde(x, { bandwidth: 1, method: "binned" }))).toBe(2);
  });

  it("counts the peaks of Gretl's own curves like those of ours (same grid, same numbers)", () => {
    for (const c of gretl.cases) {
      const ours = kde(gretl.data[c.data], { convention: "gretl", kernel: c.kernel, scale: c.scale });
      expect(findModes(ours).indices).toEqual(findModes(c.density).indices);
    }
  });

  it("rejects bad input", () => {
    expect(() => findModes([])).toThrow(/density is empty/);
    expect(() => findModes([0, NaN, 1])).toThrow(/density\[1\] is NaN/);
    expect(() => countModes([0, 1, 0], { minRelativeHeight: 1.5 })).toThrow(/minRelativeHeight must be a number in \[0, 1\]; got 1.5/);
    expect(() => countModes([0, 1, 0], { minRelativeHeight: -0.1 })).toThrow(/minRelativeHeight must be a number in \[0, 1\]; got -0.1/);
  });
});
