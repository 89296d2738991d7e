/**
 * Kernel density estimation with the conventions of Gretl (`kdensity`) and R (`density`, `bw.nrd0`, `bw.nrd`),
 * a binned FFT fast path for large samples, and mode ("peak") counting.
 *
 * Definitions: /work/shared/METHODS.md, "Kernel density"; Gretl 2022c `plugin/kernel.c` and
 * `lib/src/nonparam.c` (kernel_bandwidth); R `stats::bw.nrd0`, `stats::bw.nrd`, `stats::density`.
 *
 * The estimate at a point t is f(t) = (1/(n·h)) · Σ_i k((t − x_i)/h) with either kernel, both with unit variance
 * so that h is the kernel's standard deviation (as in Gretl and in R's `density`):
 *   - gaussian:      k(z) = exp(−z²/2)/√(2π)
 *   - epanechnikov:  k(z) = 3/(4√5)·(1 − z²/5) for |z| < √5, else 0 (Gretl's "alternative" kernel, which is
 *                    also R's `density(kernel = "epanechnikov")`; not the textbook ¾(1 − u²) on |u| < 1).
 *
 * Defaults without a convention, and why:
 *   - kernel "gaussian" (the default of Gretl and R alike);
 *   - bandwidth rule "gretl" (Silverman's rule of thumb as Gretl computes it), because the articles this
 *     project reproduces estimated their densities in Gretl; R's default is available as `bandwidth: "nrd0"`.
 *     The two differ only in the quartiles (Tukey's hinges vs type 7), the constant 1.349 vs 1.34 and the
 *     fall-backs for a zero IQR;
 *   - 512 points from min(x) − 3h to max(x) + 3h (R `density`'s n = 512 and cut = 3);
 *   - method "auto": the exact sum up to 10 000 observations, the binned FFT estimate above.
 * `convention: "gretl"` reproduces Gretl's `kdensity()` output exactly (grid, bandwidth, kernel constants).
 */

import { InputError, toFloat64, type Numbers, toFloat64WithExtent } from "../../numeric/validate";
import { sortedFloat64 } from "../../numeric/sort";
import { circularConvolveReal, nextPowerOfTwo } from "../../numeric/fft";
import { EXTRA_BANDWIDTH_RULES, EXTRA_KERNELS, extraBandwidth, isExtraKernel, isExtraRule, kdeExtended, type ExtraBandwidthRule, type ExtraKernel } from "./kde-extended";

// weights, R's other kernels and the SciPy / Sheather–Jones rules live in ./kde-extended
export { EXTRA_BANDWIDTH_RULES, EXTRA_KERNELS, type ExtraBandwidthRule, type ExtraKernel };

/** A rule-of-thumb bandwidth: see {@link bandwidth}. */
export type BandwidthRule = "gretl" | "nrd0" | "nrd" | "scott" | ExtraBandwidthRule;
/** A kernel with unit variance: see the module comment. */
export type Kernel = "gaussian" | "epanechnikov" | ExtraKernel;
/** How the kernel sums are computed: see {@link kde}. */
export type KdeMethod = "exact" | "binned" | "auto";

export const BANDWIDTH_RULES: readonly BandwidthRule[] = ["gretl", "nrd0", "nrd", "scott"];
export const KERNELS: readonly Kernel[] = ["gaussian", "epanechnikov"];
export const KDE_METHODS: readonly KdeMethod[] = ["exact", "binned", "auto"];

/** Gretl's kdensity refuses fewer observations than this (plugin/kernel.c, MINOBS). */
export const GRETL_MIN_OBS = 30;
/** method "auto" uses the binned estimate when n is larger than this. */
export const AUTO_BINNED_ABOVE = 10_000;
/** Grid spacing of the binned estimate: at most h / BINS_PER_BANDWIDTH. */
export const BINS_PER_BANDWIDTH = 64;
/** Largest FFT length the binned estimate uses (2^20). */
export const MAX_BINS = 2 ** 20;
/** The binned Gaussian kernel is truncated at ±GAUSSIAN_CUTOFF·h (φ(8)/φ(0) = e^−32 ≈ 1.3·10^−14). */
export const GAUSSIAN_CUTOFF = 8;

// Gretl's literal constants (plugin/kernel.c). ROOT5 is exactly Math.sqrt(5); EPMULT is 1 ulp above 3/(4√5).
const ROOT5 = 2.23606797749979;
const EPMULT = 0.3354101966249685;
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
// Beyond |z| = 40, exp(−z²/2) underflows to exactly 0, so skipping those terms leaves the exact sum unchanged.
const GAUSSIAN_EXACT_WINDOW = 40;
// Binned values below this share of the maximum are FFT rounding noise and are set to 0.
const BINNED_NOISE_FLOOR = 1e-12;

/* ------------------------------------------------------------------------------------------------------------ */
/* Small statistics on sorted data                                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

const sortedCopy = sortedFloat64;

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const m = s / x.length;
  // One correction pass (as R and Gretl do) so that constant data give their value exactly.
  let c = 0;
  for (let i = 0; i < x.length; i++) c += x[i] - m;
  return m + c / x.length;
}

/** Sample standard deviation with the n − 1 denominator (two-pass). */
function sd(x: Float64Array): number {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (x.length - 1));
}

/** Median of sorted[from .. from+len−1]. */
function medianOf(sorted: Float64Array, from: number, len: number): number {
  const h = len >> 1;
  return len % 2 ? sorted[from + h] : 0.5 * (sorted[from + h - 1] + sorted[from + h]);
}

/**
 * Tukey's hinges of sorted data, as Gretl's kdensity computes its quartiles: the medians of the lower and the
 * upper half, the middle value belonging to both halves when n is odd (R's `fivenum(x)[c(2, 4)]`).
 */
function tukeyHinges(sorted: Float64Array): [number, number] {
  const n = sorted.length;
  const n2 = n >> 1;
  if (n % 2) return [medianOf(sorted, 0, n2 + 1), medianOf(sorted, n2, n2 + 1)];
  return [medianOf(sorted, 0, n2), medianOf(sorted, n2, n2)];
}

/** R's type-7 quantile of sorted data (the default of `quantile`), with R's interpolation formula. */
function quantile7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const index = (n - 1) * p; // 0-based
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo];
  const h = index - lo;
  if (index > lo && sorted[hi] !== qs) return (1 - h) * qs + h * sorted[hi];
  return qs;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Bandwidth rules                                                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

function checkRule(rule: unknown, argument: string): BandwidthRule {
  if (typeof rule !== "string" || !(BANDWIDTH_RULES as readonly string[]).includes(rule)) {
    throw new InputError(
      `${argument} must be one of ${[...BANDWIDTH_RULES, ...EXTRA_BANDWIDTH_RULES].map((r) => `'${r}'`).join(", ")}; got ${describe(rule)}`,
      { argument },
    );
  }
  return rule as BandwidthRule;
}

function describe(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : v === undefined ? "undefined" : typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

/** The rule's value for validated data (n ≥ 2); `original` is x in the caller's order (R's nrd0 uses x[1]). */
function ruleBandwidth(original: Float64Array, getSorted: () => Float64Array, rule: BandwidthRule): number {
  const n = original.length;
  const s = sd(original);
  const n5 = Math.pow(n, -0.2);
  switch (rule) {
    case "gretl": {
      const [q1, q3] = tukeyHinges(getSorted());
      const r = (q3 - q1) / 1.349;
      const A = r > 0 && r < s ? r : s;
      return 0.9 * A * n5;
    }
    case "nrd0": {
      const sorted = getSorted();
      const iqr = quantile7(sorted, 0.75) - quantile7(sorted, 0.25);
      let lo = Math.min(s, iqr / 1.34);
      if (!lo) lo = s || Math.abs(original[0]) || 1;
      return 0.9 * lo * n5;
    }
    case "nrd": {
      const sorted = getSorted();
      const iqr = quantile7(sorted, 0.75) - quantile7(sorted, 0.25);
      return 1.06 * Math.min(s, iqr / 1.34) * n5;
    }
    case "scott":
      return 1.059 * s * n5;
    default:
      return extraBandwidth(original, rule);
  }
}

/**
 * A rule-of-thumb kernel bandwidth h (the kernel's standard deviation). With s the sample standard deviation
 * (n − 1 denominator) and n^(−1/5):
 *
 * - `'gretl'` — Gretl 2022c `kdensity` (Silverman 1986, p. 48): h = 0.9·A·n^(−1/5), A = IQR/1.349 when
 *   0 < IQR/1.349 < s, else A = s. The IQR is Tukey's hinges (median of the lower half minus median of the upper
 *   half, the middle value in both halves when n is odd; R's `fivenum`), *not* Gretl's `quantile()` (type 6).
 *   Constant data give h = 0 (Gretl then refuses with "Data error").
 * - `'nrd0'` — R `bw.nrd0`: 0.9·min(s, IQR/1.34)·n^(−1/5) with type-7 quartiles (R's `quantile` default). R's
 *   special cases when that minimum is 0: use s; if s is also 0, use |x[0]| (the first value in the caller's
 *   order); if that is 0 too, use 1.
 * - `'nrd'` — R `bw.nrd`: 1.06·min(s, IQR/1.34)·n^(−1/5), type-7 quartiles, no special cases (it is 0 when the
 *   IQR is 0 even if s > 0).
 * - `'scott'` — Scott's (1992) normal-reference rule h = (4/3)^(1/5)·s·n^(−1/5) with the constant rounded to
 *   1.059: h = 1.059·s·n^(−1/5), always s (no IQR). For comparison: statsmodels' `bw_scott` is
 *   1.059·min(s, IQR/1.349)·n^(−1/5); R's `bw.nrd` is 1.06·min(s, IQR/1.34)·n^(−1/5); SciPy's
 *   `gaussian_kde(bw_method="scott")` uses h = s·n^(−1/5) (its "factor" n^(−1/5) times the sd: constant 1, not
 *   1.059).
 *
 * A zero result is returned as computed (the tools do the same); {@link kde} refuses a zero bandwidth.
 *
 * @param x at least 2 finite numbers (any order).
 * @throws InputError for fewer than 2 values, a non-finite value (naming its index), or an unknown rule.
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "gretl") // → 2.1047502225062042 (hinges 3 and 8: 0.9·(5/1.349)·10^(−1/5))
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "nrd0") // → 1.9069979441378975 (R bw.nrd0: quartiles 3.25 and 7.75)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "nrd") // → 2.2460198008735235 (R bw.nrd)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "scott") // → 7.594010375488014 (1.059·s·10^(−1/5), s = 11.98)
 * @example bandwidth([3, 3, 3, 3, 3], "nrd0") // → 1.9569050919297781 (R's fall-back 0.9·|x[0]|·5^(−1/5))
 *
 * Also (see ./kde-extended): `'scipy-scott'` σ̂·n^(−1/5) and `'scipy-silverman'` σ̂·(3n/4)^(−1/5) (SciPy's
 * `gaussian_kde` factors; with `options.weights`, SciPy's weighted σ̂ and n_eff = (Σw)²/Σw²), and `'sj'`, R's
 * `bw.SJ` (Sheather–Jones "solve the equation", R's binned pair counts and root finder: the same number), and
 * `'isj'`, KDEpy's improved Sheather–Jones (Botev et al. 2010; weighted with `options.weights`).
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "sj") // → 2.366641963508379 (R bw.SJ: 2.3666419635083793)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "scipy-scott") // → 7.170925755890476 (SciPy: 7.170925755890477)
 */
export function bandwidth(x: Numbers, rule: BandwidthRule, options: { weights?: Numbers } = {}): number {
  if (isExtraRule(rule) || options.weights !== undefined) return extendedRule(x, rule, options.weights);
  const r = checkRule(rule, "rule");
  const v = toFloat64(x, { name: "x" });
  if (v.length < 2) {
    throw new InputError(`bandwidth rule '${r}' needs at least 2 values in x; got ${v.length}`, { argument: "x" });
  }
  return ruleBandwidth(v, () => sortedCopy(v), r);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Kernel sums                                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

/** First index i with sorted[i] ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > v. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The exact kernel sums f(t) = (1/(n·h))·Σ k((t − x_i)/h) at every point, summing over sorted x in ascending
 * order as Gretl does. Terms that are exactly 0 in double precision (|z| ≥ √5 for Epanechnikov, |z| > 40 for the
 * Gaussian, where exp(−z²/2) underflows) are skipped by a binary search, which changes nothing in the result.
 */
function exactSums(sorted: Float64Array, h: number, kernel: Kernel, points: Float64Array): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(points.length);
  const half = (kernel === "gaussian" ? GAUSSIAN_EXACT_WINDOW : ROOT5) * h;
  const nh = h * n;
  for (let j = 0; j < points.length; j++) {
    const t = points[j];
    const from = lowerBound(sorted, t - half);
    const to = upperBound(sorted, t + half);
    let den = 0;
    if (kernel === "gaussian") {
      for (let i = from; i < to; i++) {
        const z = (t - sorted[i]) / h;
        den += Math.exp(-0.5 * z * z);
      }
      den *= INV_SQRT_2PI;
    } else {
      for (let i = from; i < to; i++) {
        const z = (t - sorted[i]) / h;
        if (Math.abs(z) < ROOT5) den += EPMULT * (1 - (z * z) / 5);
      }
    }
    out[j] = den / nh;
  }
  return out;
}

interface Binned {
  density: Float64Array;
  bins: number;
  binWidth: number;
}

/**
 * Linear binning + FFT convolution (see {@link kde}, method "binned"). Returns null when the grid would need
 * more than MAX_BINS points and `force` is false.
 */
function binnedSums(
  data: Float64Array,
  xmin: number,
  xmax: number,
  h: number,
  kernel: Kernel,
  points: Float64Array,
  force: boolean,
): Binned | null {
  const n = data.length;
  const m = points.length;
  const tau = kernel === "gaussian" ? GAUSSIAN_CUTOFF : ROOT5;
  const reach = tau * h;
  let outMin = Infinity;
  let outMax = -Infinity;
  for (let j = 0; j < m; j++) {
    if (points[j] < outMin) outMin = points[j];
    if (points[j] > outMax) outMax = points[j];
  }
  // Only data within reach of some output point contribute; they still count in n.
  const dmin = Math.max(xmin, outMin - reach);
  const dmax = Math.min(xmax, outMax + reach);
  const density = new Float64Array(m);
  if (!(dmin <= dmax)) return { density, bins: 0, binWidth: 0 };
  const span = dmax - dmin + 2 * reach;
  const needed = Math.max(1024, Math.ceil((span * BINS_PER_BANDWIDTH) / h) + 5);
  if (needed > MAX_BINS && !force) return null;
  const N = needed > MAX_BINS ? MAX_BINS : nextPowerOfTwo(needed);
  // Grid g_j = dmin + (j − P)·δ, j = 0 … G−1, with G = M + 2P ≤ N − 1 (so the circular convolution of length N
  // equals the linear one).
  const delta = span / (N - 5);
  const P = Math.ceil(reach / delta);
  const M = Math.ceil((dmax - dmin) / delta) + 1;
  const G = M + 2 * P;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const invDelta = 1 / delta;
  // u ≤ (dmax − dmin)/δ ≤ M − 1, so k + 1 ≤ M and P + k + 1 < G ≤ N: both writes are in range, no branch needed.
  const base = P - dmin * invDelta;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (!(v >= dmin && v <= dmax)) continue;
    const u = v * invDelta + base;
    const k = u | 0; // P ≤ u < 2^20
    const t = u - k;
    re[k] += 1 - t;
    re[k + 1] += t;
  }
  for (let l = 0; l <= P; l++) {
    const z = (l * delta) / h;
    let w: number;
    if (kernel === "gaussian") w = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    else w = z < ROOT5 ? EPMULT * (1 - (z * z) / 5) : 0;
    im[l] = w;
    if (l > 0) im[N - l] = w;
  }
  circularConvolveReal(re, im);
  const nh = n * h;
  let peak = 0;
  for (let j = 0; j < G; j++) {
    const v = re[j] / nh;
    re[j] = v;
    if (v > peak) peak = v;
  }
  const floor = peak * BINNED_NOISE_FLOOR;
  for (let j = 0; j < G; j++) if (re[j] < floor) re[j] = 0;
  const g0 = dmin - P * delta;
  for (let j = 0; j < m; j++) {
    const pos = (points[j] - g0) / delta;
    if (!(pos >= 0 && pos <= G - 1)) continue;
    const k = Math.floor(pos);
    const f = pos - k;
    density[j] = k >= G - 1 ? re[G - 1] : (1 - f) * re[k] + f * re[k + 1];
  }
  return { density, bins: N, binWidth: delta };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* kde                                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

export interface KdeOptions {
  /** "gaussian" (default) or "epanechnikov" (unit variance, support ±√5·h). */
  kernel?: Kernel;
  /** A positive number, or a rule name (see {@link bandwidth}); default "gretl". Not with convention "gretl". */
  bandwidth?: number | BandwidthRule;
  /** Multiplies the bandwidth (Gretl's "bandwidth adjustment factor"); default 1. */
  scale?: number;
  /** Number of evaluation points (≥ 2, default 512), or the points themselves. Not with convention "gretl". */
  grid?: number | Numbers;
  /** [lo, hi] of an evenly spaced grid; default [min − 3h, max + 3h]. Not with convention "gretl" or grid points. */
  range?: readonly [number, number];
  /** "exact", "binned" or "auto" (default): see {@link kde}. Convention "gretl" accepts only "exact" / "auto". */
  method?: KdeMethod;
  /** "gretl": reproduce Gretl's kdensity() exactly (see {@link kde}). */
  convention?: "gretl";
  /**
   * Weights of the observations (R `density(weights =)` normalised, SciPy `gaussian_kde(weights =)`, KDEpy):
   * f(t) = Σ w_i·K_h(t − x_i)/Σ w_i; exact sums. R's rules ignore them (as R does), SciPy's rules use them.
   */
  weights?: Numbers;
}

export interface KdeResult {
  /** Evaluation points. */
  x: Float64Array;
  /** Estimated density at each point. */
  density: Float64Array;
  /** The bandwidth used, h (scale included): the kernel's standard deviation. */
  bandwidth: number;
  /** The rule behind the bandwidth, or null when a number was given. */
  bandwidthRule: BandwidthRule | null;
  /** The scale factor applied to the rule's (or the given) bandwidth. */
  scale: number;
  kernel: Kernel;
  /** How the sums were computed ("auto" resolved). */
  method: "exact" | "binned";
  /** Number of observations. */
  n: number;
  /** "gretl" when Gretl's kdensity() was reproduced, else null. */
  convention: "gretl" | null;
  /** FFT length of the binned estimate (0 for the exact sum). */
  bins: number;
  /** Grid spacing δ of the binned estimate (0 for the exact sum); the error bound holds when δ ≤ h/64. */
  binWidth: number;
}

function checkKernel(kernel: unknown): Kernel {
  if (typeof kernel !== "string" || !(KERNELS as readonly string[]).includes(kernel)) {
    throw new InputError(`kernel must be one of ${[...KERNELS, ...EXTRA_KERNELS].map((k) => `'${k}'`).join(", ")}; got ${describe(kernel)}`, { argument: "kernel" });
  }
  return kernel as Kernel;
}

function checkMethod(method: unknown): KdeMethod {
  if (typeof method !== "string" || !(KDE_METHODS as readonly string[]).includes(method)) {
    throw new InputError(`method must be 'exact', 'binned' or 'auto'; got ${describe(method)}`, { argument: "method" });
  }
  return method as KdeMethod;
}

function checkScale(scale: unknown): number {
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
    throw new InputError(`scale must be a positive finite number; got ${describe(scale)}`, { argument: "scale" });
  }
  return scale;
}

function spreadText(n: number, xmin: number, xmax: number): string {
  return xmin === xmax ? `x has zero spread (all ${n} values equal ${xmin})` : "the spread measure it uses is 0";
}

/** Gretl's kdensity(): plugin/kernel.c, kernel_density_matrix. */
function gretlKde(sorted: Float64Array, kernel: Kernel, scale: number): KdeResult {
  const n = sorted.length;
  if (n < GRETL_MIN_OBS) {
    throw new InputError(`Gretl's kdensity needs at least ${GRETL_MIN_OBS} observations; got ${n}`, { argument: "x" });
  }
  const h = scale * ruleBandwidth(sorted, () => sorted, "gretl");
  if (!(h > 0)) {
    throw new InputError(
      `Gretl's kdensity refuses these data ("Data error"): the bandwidth is ${h} because ${spreadText(n, sorted[0], sorted[n - 1])}`,
      { argument: "x" },
    );
  }
  const kn = n >= 1000 ? 1000 : n >= 200 ? 200 : n >= 100 ? 100 : 50;
  const xbar = mean(sorted);
  const s = sd(sorted);
  const xm4 = xbar - 4 * s;
  const xp4 = xbar + 4 * s;
  const xmax = xp4 > sorted[n - 1] ? xp4 : sorted[n - 1];
  let xmin = xm4 < sorted[0] ? xm4 : sorted[0];
  if (xmin < 0 && sorted[0] >= 0) xmin = sorted[0]; // non-negative data: no negative lower end
  const xstep = (xmax - xmin) / kn;
  const points = new Float64Array(kn + 1);
  let xt = xmin;
  for (let t = 0; t <= kn; t++) {
    points[t] = xt; // Gretl accumulates xt += xstep; so do we, to get its grid to the last bit
    xt += xstep;
  }
  return {
    x: points,
    density: exactSums(sorted, h, kernel, points),
    bandwidth: h,
    bandwidthRule: "gretl",
    scale,
    kernel,
    method: "exact",
    n,
    convention: "gretl",
    bins: 0,
    binWidth: 0,
  };
}

/**
 * Kernel density estimate f(t) = (1/(n·h))·Σ_i k((t − x_i)/h) on a grid of points.
 *
 * **Convention "gretl"** (`{ convention: "gretl", kernel?, scale? }`) reproduces Gretl 2022c
 * `kdensity(x, scale, control)` to the last digits: bandwidth h = scale·0.9·A·n^(−1/5) (rule "gretl" of
 * {@link bandwidth}); Gretl's unit-variance Epanechnikov for kernel "epanechnikov" (control = 1); kn + 1 points
 * with kn = 1000 if n ≥ 1000, 200 if n ≥ 200, 100 if n ≥ 100, else 50, from
 * lo = min(x(1), x̄ − 4s) to hi = max(x(n), x̄ + 4s), lo replaced by x(1) when all data are ≥ 0 and lo < 0,
 * the points accumulated as Gretl does (t_0 = lo, t_(k+1) = t_k + (hi − lo)/kn); always the exact sum. It refuses
 * n < 30 ("Gretl's kdensity needs at least 30 observations; got n") and data with a zero bandwidth (all values
 * equal), as Gretl does. Gretl skips missing values; here x must not contain any (filter them first).
 *
 * **Otherwise**: kernel (default "gaussian"), bandwidth (a number, or a rule name; default rule "gretl", the
 * articles' tool), times `scale`; grid = `grid` points (default 512) evenly spaced over `range`
 * (default [min(x) − 3h, max(x) + 3h], R `density`'s cut = 3, the last point set to hi exactly as R's `seq`
 * does), or the explicit points in `grid`.
 *
 * **Methods.** "exact": the direct sum, O(n·m) (terms that are exactly 0 in double precision are skipped).
 * "binned": the data are linearly binned onto a regular grid of spacing δ ≤ h/64 (an FFT length N = 2^k ≥ 1024,
 * at most 2^20), convolved with the kernel sampled on that grid by one real-pair FFT (see ./fft), and the result
 * is linearly interpolated onto the requested points: O(n + N log N) (the rules "gretl", "nrd0" and "nrd" also
 * sort x for their quartiles, O(n log n); a numeric bandwidth or "scott" does not). The Gaussian kernel is
 * truncated at ±8h (the neglected tail is below 1.3·10^−14 of the peak); values below 10^−12 of the maximum (FFT
 * rounding noise) are set to 0. Error against the exact sum (linear binning + linear interpolation, both O(δ²)):
 * for the Gaussian kernel at most (δ/h)²/4 ≤ 6.1·10^−5 of the peak for a single observation (each step errs by at
 * most (δ/h)²/8·max|φ''|/φ(0)); the tests check ≤ (δ/h)² on random small samples, and real samples do far
 * better: measured max |binned − exact| / peak = 2.1·10^−6 on 10^5 and 3.8·10^−6 on 10^6 draws from a
 * three-component normal mixture (512 points, default rule; the tests assert < 10^−4 on 10^5), 7.7·10^−6 for
 * single points. The Epanechnikov kernel has a kink at ±√5h, where linear binning and interpolation are only
 * first-order accurate: up to ≈ 2·0.22·δ/h ≈ 7·10^−3 of the peak for an isolated observation (measured
 * 9.6·10^−4; the tests check ≤ δ/h on random small samples), but on large samples the kinks average out
 * (measured 3.2·10^−6 on 10^5 and 7.1·10^−6 on 10^6 mixture points).
 * "auto" (default): "binned" when n > 10 000, else "exact"; it also falls back to "exact" when the data's range
 * would need more than 2^20 bins at δ ≤ h/64 (far outliers). With "binned" forced, N is capped at 2^20 and the
 * result's `binWidth` shows the δ actually used.
 *
 * **Weights and R's other kernels** (`weights`, kernel "rectangular" | "triangular" | "biweight" | "cosine" |
 * "optcosine", rules "scipy-scott" | "scipy-silverman" | "sj" | "isj"): the exact sum f(t) = Σ w_i·K_h(t − x_i)/Σ w_i with
 * R `density`'s unit-variance kernels, computed by ./kde-extended (R's `density(weights = w/Σw)` bins; SciPy's
 * `gaussian_kde(weights = w)` is this sum for the Gaussian kernel).
 *
 * @param x finite numbers (any order; NaN, ±Infinity, null are rejected with their index).
 * @throws InputError for bad data, an unknown kernel / rule / method, a non-positive bandwidth or scale (a rule that
 *   gives 0 — constant data — is reported as such), a bad grid or range, or Gretl's refusals.
 * @example
 * kde([-1, 0, 0, 1], { bandwidth: 1, grid: [0] }).density[0] // → 0.320456502460288 (= (2φ(0) + 2φ(1))/4)
 * @example
 * kde([0, 1], { kernel: "rectangular", bandwidth: 1, grid: [0.5], weights: [3, 1] }).density[0]
 * // → 0.2886751345948129 (= 1/(2√3): both points within √3 of 0.5)
 * @example
 * kde([-1, 0, 0, 1], { kernel: "epanechnikov", bandwidth: 1, grid: [0] }).density[0]
 * // → 0.3018691769624717 (= (2·3/(4√5) + 2·3/(4√5)·(1 − 1/5))/4)
 * @example
 * const g = kde(Array.from({ length: 40 }, (_, i) => i * i), { convention: "gretl" }); // 0, 1, 4, …, 1521
 * g.x.length // → 51 (kn = 50); g.x[0] // → 0 (data ≥ 0, x̄ − 4s < 0); g.x[50] // → 2399.920243035293
 * g.bandwidth // → 202.9593054466498; g.density[0] // → 0.00077918314649944 (gretlcli 2022c: 0.0007791831464994401,
 * 1 ulp away: the sum order is Gretl's, the constant 1/√(2π) is applied once instead of per term)
 */
export function kde(x: Numbers, options: KdeOptions = {}): KdeResult {
  if (options === null || typeof options !== "object") {
    throw new InputError(`options must be an object; got ${describe(options)}`, { argument: "options" });
  }
  if (options.weights !== undefined || isExtraKernel(options.kernel) || isExtraRule(options.bandwidth)) return kdeExtended(x, options);
  const kernel = checkKernel(options.kernel ?? "gaussian");
  const scale = checkScale(options.scale ?? 1);
  const method = checkMethod(options.method ?? "auto");
  if (options.convention !== undefined && options.convention !== "gretl") {
    throw new InputError(`convention must be 'gretl' or absent; got ${describe(options.convention)}`, { argument: "convention" });
  }
  // Read-only from here on: a Float64Array is checked in place rather than copied.
  const { values: data, min: xmin, max: xmax } = toFloat64WithExtent(x, { name: "x", copy: false });
  const n = data.length;

  if (options.convention === "gretl") {
    for (const key of ["bandwidth", "grid", "range"] as const) {
      if (options[key] !== undefined) {
        throw new InputError(
          `convention 'gretl' fixes the ${key === "bandwidth" ? "bandwidth (use scale to adjust it)" : "grid and its range"}; do not pass ${key}`,
          { argument: key },
        );
      }
    }
    if (method === "binned") {
      throw new InputError(`convention 'gretl' always uses the exact sum; method 'binned' is not available with it`, {
        argument: "method",
      });
    }
    return gretlKde(sortedCopy(data), kernel, scale);
  }

  let sortedCache: Float64Array | null = null;
  const getSorted = (): Float64Array => (sortedCache ??= sortedCopy(data));
  let h: number;
  let rule: BandwidthRule | null;
  const bw = options.bandwidth ?? "gretl";
  if (typeof bw === "number") {
    if (!Number.isFinite(bw) || bw <= 0) {
      throw new InputError(`bandwidth must be a positive finite number or a rule name; got ${bw}`, { argument: "bandwidth" });
    }
    rule = null;
    h = scale * bw;
  } else {
    rule = checkRule(bw, "bandwidth");
    if (n < 2) {
      throw new InputError(`bandwidth rule '${rule}' needs at least 2 values in x; got ${n} (pass a numeric bandwidth)`, {
        argument: "x",
      });
    }
    h = scale * ruleBandwidth(data, getSorted, rule);
    if (!(h > 0)) {
      throw new InputError(
        `bandwidth rule '${rule}' gives ${h} for these data because ${spreadText(n, xmin, xmax)}; pass a positive numeric bandwidth`,
        { argument: "bandwidth" },
      );
    }
  }
  if (!(h > 0) || !Number.isFinite(h)) {
    throw new InputError(`the bandwidth times scale is ${h}; it must be positive and finite`, { argument: "scale" });
  }
  if (!Number.isFinite(1 / (n * h))) {
    throw new InputError(`the bandwidth ${h} is too small to evaluate the density (1/(n·h) overflows)`, { argument: "bandwidth" });
  }

  let points: Float64Array;
  const grid = options.grid ?? 512;
  if (typeof grid === "number") {
    if (!Number.isInteger(grid) || grid < 2) {
      throw new InputError(`grid must be an integer ≥ 2 (the number of points) or an array of points; got ${grid}`, {
        argument: "grid",
      });
    }
    let lo = xmin - 3 * h;
    let hi = xmax + 3 * h;
    if (options.range !== undefined) {
      const r = options.range as unknown;
      if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number" && Number.isFinite(v)) || !(r[0] < r[1])) {
        throw new InputError(`range must be [lo, hi] with finite lo < hi; got ${describe(r)}`, { argument: "range" });
      }
      lo = r[0];
      hi = r[1];
    }
    points = new Float64Array(grid);
    const by = (hi - lo) / (grid - 1);
    for (let i = 0; i < grid - 1; i++) points[i] = lo + i * by;
    points[grid - 1] = hi;
  } else {
    if (options.range !== undefined) {
      throw new InputError(`range cannot be combined with explicit grid points`, { argument: "range" });
    }
    points = toFloat64(grid, { name: "grid" });
  }

  let used: "exact" | "binned" = "exact";
  let density: Float64Array | null = null;
  let bins = 0;
  let binWidth = 0;
  if (method === "binned" || (method === "auto" && n > AUTO_BINNED_ABOVE)) {
    const b = binnedSums(data, xmin, xmax, h, kernel, points, method === "binned");
    if (b) {
      used = "binned";
      density = b.density;
      bins = b.bins;
      binWidth = b.binWidth;
    }
  }
  if (!density) density = exactSums(getSorted(), h, kernel, points);
  return { x: points, density, bandwidth: h, bandwidthRule: rule, scale, kernel, method: used, n, convention: null, bins, binWidth };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Modes                                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

export interface ModeOptions {
  /** Ignore peaks lower than this share of the highest peak, in [0, 1]; default 0 (count all). */
  minRelativeHeight?: number;
  /**
   * Count a maximum at the first or last grid point (a missing neighbour counts as lower); default false,
   * because a density still rising at the end of the grid has its peak outside the grid.
   */
  includeEdges?: boolean;
}

export interface ModesResult {
  /** Number of modes (peaks) counted. */
  count: number;
  /** Grid index of each mode (the middle index of a flat top, the lower one of two middles). */
  indices: number[];
  /** Position of each mode on the x axis, when x was known (a KdeResult was given), else null. */
  x: number[] | null;
  /** Density at each mode. */
  heights: number[];
  /** The rule, in words, to be reported with the count. */
  rule: string;
}

/**
 * The modes ("peaks") of a density evaluated on a grid: the strict local maxima, a flat top (a run of equal
 * values) counting once when both of its neighbours are lower, reported at the run's middle index. Runs of
 * height 0 are never peaks. Grid ends are not counted unless `includeEdges`. Peaks lower than
 * `minRelativeHeight` × the highest peak are ignored (default 0: all count). Values are compared exactly, so
 * evaluate the density finely enough (a kde result's 512 points, or Gretl's grid) before counting.
 * The article counted "peaks" per year in Gretl's plots; this is the rule written out (METHODS.md, "Modes").
 *
 * @param input a {@link KdeResult} (positions are then reported in `x`) or the density values alone.
 * @throws InputError for an empty or non-finite density or a minRelativeHeight outside [0, 1].
 * @example
 * findModes([0, 1, 3, 2, 2, 5, 5, 1, 0])
 * // → { count: 2, indices: [2, 5], x: null, heights: [3, 5],
 * //     rule: "strict local maxima of the density on the grid (a flat top counts once); grid ends not counted; all peaks counted" }
 */
export function findModes(input: KdeResult | Numbers, options: ModeOptions = {}): ModesResult {
  const isResult = input !== null && typeof input === "object" && "density" in (input as object) && !ArrayBuffer.isView(input);
  const d = toFloat64(isResult ? (input as KdeResult).density : (input as Numbers), { name: "density" });
  const xs = isResult ? (input as KdeResult).x : null;
  const minRel = options.minRelativeHeight ?? 0;
  if (typeof minRel !== "number" || !(minRel >= 0 && minRel <= 1)) {
    throw new InputError(`minRelativeHeight must be a number in [0, 1]; got ${describe(minRel)}`, { argument: "minRelativeHeight" });
  }
  const edges = options.includeEdges ?? false;
  const m = d.length;
  const cand: number[] = [];
  let i = 0;
  while (i < m) {
    let j = i;
    while (j + 1 < m && d[j + 1] === d[i]) j++;
    const v = d[i];
    const leftLower = i > 0 ? d[i - 1] < v : edges;
    const rightLower = j < m - 1 ? d[j + 1] < v : edges;
    if (v > 0 && leftLower && rightLower) cand.push((i + j) >> 1);
    i = j + 1;
  }
  let highest = 0;
  for (const k of cand) if (d[k] > highest) highest = d[k];
  const kept = cand.filter((k) => d[k] >= minRel * highest);
  const rule =
    "strict local maxima of the density on the grid (a flat top counts once); " +
    (edges ? "grid ends counted when their one neighbour is lower; " : "grid ends not counted; ") +
    (minRel > 0 ? `peaks lower than ${minRel} × the highest peak ignored` : "all peaks counted");
  return {
    count: kept.length,
    indices: kept,
    x: xs ? kept.map((k) => xs[k]) : null,
    heights: kept.map((k) => d[k]),
    rule,
  };
}

/**
 * The number of modes of a density on its grid: `findModes(input, options).count` (see {@link findModes} for the
 * rule: strict local maxima, flat tops once, grid ends excluded, peaks below `minRelativeHeight` × the highest
 * ignored).
 *
 * @example countModes([0, 1, 3, 2, 2, 5, 5, 1, 0]) // → 2
 * @example countModes([0, 1, 3, 2, 2, 5, 5, 1, 0], { minRelativeHeight: 0.7 }) // → 1 (3 < 0.7 × 5)
 */
export function countModes(input: KdeResult | Numbers, options: ModeOptions = {}): number {
  return findModes(input, options).count;
}

/** A rule of ./kde-extended; weights with a Gretl/R rule are an error (those rules are unweighted). */
function extendedRule(x: Numbers, rule: BandwidthRule, weights: Numbers | undefined): number {
  if (isExtraRule(rule)) return extraBandwidth(x, rule, weights);
  throw new InputError(`bandwidth rule '${String(rule)}' is unweighted (as Gretl's and R's); for weights use 'scipy-scott', 'scipy-silverman' or 'isj' (kde's weights with an R rule use R's unweighted bandwidth, as R's density does)`, {
    argument: "weights",
  });
}
