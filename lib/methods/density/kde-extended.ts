/**
 * Kernel density additions for users of R and SciPy: population weights (R `density(weights =)`, SciPy
 * `gaussian_kde(weights =)`, KDEpy), R's other kernels (rectangular, triangular, biweight, cosine, optcosine) and the
 * bandwidth rules "scipy-scott", "scipy-silverman" (SciPy's factors, no R constants), "sj" (R `bw.SJ`, the
 * Sheather–Jones solve-the-equation rule) and "isj" (KDEpy's improved Sheather–Jones, Botev et al. 2010). `kde` and `bandwidth` of `baltic-repro/density` hand these cases here.
 *
 * Every kernel has unit variance, so that the bandwidth h is the kernel's standard deviation, as in R's `density`:
 * with a = the half-width of the support in units of h,
 *   rectangular  a = √3:  k(z) = 1/(2a)                       for |z| < a
 *   triangular   a = √6:  k(z) = (1 − |z|/a)/a
 *   epanechnikov a = √5:  k(z) = ¾(1 − (z/a)²)/a
 *   biweight     a = √7:  k(z) = (15/16)(1 − (z/a)²)²/a
 *   cosine       a = 1/√(1/3 − 2/π²):  k(z) = (1 + cos(πz/a))/(2a)
 *   optcosine    a = 1/√(1 − 8/π²):    k(z) = (π/4)·cos(πz/(2a))/a
 * and f(t) = Σ_i w_i·k((t − x_i)/h)/h / Σ_i w_i (w_i = 1 unweighted).
 */
import { bandwidth as ruleBandwidth, type BandwidthRule, type KdeResult } from "./density";
import { InputError, sameLength, toFloat64, type Numbers } from "../../numeric/validate";

/** The kernels R's `density` offers besides "gaussian" and "epanechnikov". */
export type ExtraKernel = "rectangular" | "triangular" | "biweight" | "cosine" | "optcosine";
/** The bandwidth rules of this module. */
export type ExtraBandwidthRule = "scipy-scott" | "scipy-silverman" | "sj" | "isj";

export const EXTRA_KERNELS: readonly ExtraKernel[] = ["rectangular", "triangular", "biweight", "cosine", "optcosine"];
export const EXTRA_BANDWIDTH_RULES: readonly ExtraBandwidthRule[] = ["scipy-scott", "scipy-silverman", "sj", "isj"];

/** @internal True for the rules this module computes. */
export function isExtraRule(rule: unknown): rule is ExtraBandwidthRule {
  return typeof rule === "string" && (EXTRA_BANDWIDTH_RULES as readonly string[]).includes(rule);
}

/** @internal True for the kernels this module evaluates. */
export function isExtraKernel(kernel: unknown): kernel is ExtraKernel {
  return typeof kernel === "string" && (EXTRA_KERNELS as readonly string[]).includes(kernel);
}

type AnyKernel = "gaussian" | "epanechnikov" | ExtraKernel;

/** The kernel K_h(u) = k(u/h)/h as R's `density` writes it (in terms of u and the half-width a·h). */
function kernelFunction(kernel: AnyKernel, h: number): { f: (u: number) => number; support: number } {
  switch (kernel) {
    case "gaussian": {
      const c = 1 / (h * Math.sqrt(2 * Math.PI));
      return { f: (u) => c * Math.exp(-0.5 * (u / h) * (u / h)), support: 40 * h };
    }
    case "rectangular": {
      const a = h * Math.sqrt(3);
      return { f: (u) => (Math.abs(u) < a ? 0.5 / a : 0), support: a };
    }
    case "triangular": {
      const a = h * Math.sqrt(6);
      return { f: (u) => (Math.abs(u) < a ? (1 - Math.abs(u) / a) / a : 0), support: a };
    }
    case "epanechnikov": {
      const a = h * Math.sqrt(5);
      return { f: (u) => (Math.abs(u) < a ? (0.75 * (1 - (u / a) * (u / a))) / a : 0), support: a };
    }
    case "biweight": {
      const a = h * Math.sqrt(7);
      return {
        f: (u) => {
          if (!(Math.abs(u) < a)) return 0;
          const v = 1 - (u / a) * (u / a);
          return ((15 / 16) * v * v) / a;
        },
        support: a,
      };
    }
    case "cosine": {
      const a = h / Math.sqrt(1 / 3 - 2 / (Math.PI * Math.PI));
      return { f: (u) => (Math.abs(u) < a ? (1 + Math.cos((Math.PI * u) / a)) / (2 * a) : 0), support: a };
    }
    case "optcosine": {
      const a = h / Math.sqrt(1 - 8 / (Math.PI * Math.PI));
      return { f: (u) => (Math.abs(u) < a ? ((Math.PI / 4) * Math.cos((Math.PI * u) / (2 * a))) / a : 0), support: a };
    }
  }
}

function checkWeights(weights: Numbers | undefined, n: number): Float64Array | undefined {
  if (weights === undefined) return undefined;
  const w = toFloat64(weights, { name: "weights", nonNegative: true, reason: "weights must be non-negative" });
  if (w.length !== n) throw new InputError(`weights has ${w.length} elements but x has ${n}; they must match`, { argument: "weights" });
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  if (!(total > 0)) throw new InputError("the weights sum to 0; at least one observation must count", { argument: "weights" });
  return w;
}

// ---------------------------------------------------------------------------------------------------------
// Bandwidth rules
// ---------------------------------------------------------------------------------------------------------

/** SciPy's weighted covariance (`np.cov(x, aweights = w)`, ddof 1) and effective sample size (Σw)²/Σw². */
function scipyMoments(x: Float64Array, w: Float64Array | undefined): { variance: number; neff: number } {
  const n = x.length;
  let W = 0;
  let W2 = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    W += wi;
    W2 += wi * wi;
    mean += wi * x[i];
  }
  mean /= W;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (w ? w[i] : 1) * (x[i] - mean) * (x[i] - mean);
  return { variance: ss / (W - W2 / W), neff: (W * W) / W2 };
}

/** R's `IQR(x)` (type-7 quartiles) of sorted values. */
function iqr7(sorted: Float64Array): number {
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  return q(0.75) - q(0.25);
}

/** Pair counts of binned distances, R's `bw_pair_cnts(x, nb, binned = n > nb/2)`: bin width d and counts per lag. */
function pairCounts(x: Float64Array, nb: number): { d: number; cnt: Float64Array } {
  const n = x.length;
  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < xmin) xmin = x[i];
    if (x[i] > xmax) xmax = x[i];
  }
  const cnt = new Float64Array(nb);
  if (n > nb / 2) {
    // binned: xx = trunc(|x|/d)·sign(x), shifted to start at 1, tabulated into nb bins (values beyond nb dropped)
    const d = ((xmax - xmin) * 1.01) / nb;
    const xx = new Float64Array(n);
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      xx[i] = Math.trunc(Math.abs(x[i]) / d) * Math.sign(x[i]);
      if (xx[i] < min) min = xx[i];
    }
    const tab = new Float64Array(nb);
    for (let i = 0; i < n; i++) {
      const k = xx[i] - min + 1;
      if (k >= 1 && k <= nb) tab[k - 1]++;
    }
    for (let ii = 0; ii < nb; ii++) {
      const wv = tab[ii];
      cnt[0] += wv * (wv - 1);
      for (let jj = 0; jj < ii; jj++) cnt[ii - jj] += wv * tab[jj];
    }
    cnt[0] *= 0.5;
    return { d, cnt };
  }
  const d = ((xmax - xmin) * 1.01) / nb;
  for (let i = 1; i < n; i++) {
    const ii = Math.trunc(x[i] / d);
    for (let j = 0; j < i; j++) {
      const jj = Math.trunc(x[j] / d);
      cnt[Math.abs(ii - jj)] += 1;
    }
  }
  return { d, cnt };
}

const M_1_SQRT_2PI = 0.398942280401432677939946059934;

function phi4(n: number, d: number, cnt: Float64Array, h: number): number {
  let sum = 0;
  for (let i = 0; i < cnt.length; i++) {
    let delta = (i * d) / h;
    delta *= delta;
    if (delta >= 1000) break;
    sum += Math.exp(-delta / 2) * (delta * delta - 6 * delta + 3) * cnt[i];
  }
  sum = 2 * sum + n * 3;
  return (sum / (n * (n - 1) * Math.pow(h, 5))) * M_1_SQRT_2PI;
}

function phi6(n: number, d: number, cnt: Float64Array, h: number): number {
  let sum = 0;
  for (let i = 0; i < cnt.length; i++) {
    let delta = (i * d) / h;
    delta *= delta;
    if (delta >= 1000) break;
    sum += Math.exp(-delta / 2) * (delta * delta * delta - 15 * delta * delta + 45 * delta - 15) * cnt[i];
  }
  sum = 2 * sum - 15 * n;
  return (sum / (n * (n - 1) * Math.pow(h, 7))) * M_1_SQRT_2PI;
}

/** R's `uniroot` (Brent's zeroin, `R_zeroin2`, maxiter 1000) on [ax, bx] with f(ax), f(bx) given. */
function zeroin(f: (x: number) => number, ax: number, bx: number, fa: number, fb: number, tol: number): number {
  const EPS = 2.220446049250313e-16;
  let a = ax;
  let b = bx;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  for (let iter = 0; iter <= 1000; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        q = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1));
        q = (q - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

/** R `bw.SJ(x)` (method "ste", nb = 1000, its default search interval and tolerance). */
function sheatherJones(x: Float64Array): number {
  const n = x.length;
  const { d, cnt } = pairCounts(x, 1000);
  const sorted = Float64Array.from(x).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  const scale = Math.min(Math.sqrt(ss / (n - 1)), iqr7(sorted) / 1.349);
  const a = 1.24 * scale * Math.pow(n, -1 / 7);
  const b = 1.23 * scale * Math.pow(n, -1 / 9);
  const c1 = 1 / (2 * Math.sqrt(Math.PI) * n);
  const TD = -phi6(n, d, cnt, b);
  if (!Number.isFinite(TD) || TD <= 0) throw new InputError("the sample is too sparse for the Sheather–Jones rule (R: \"sample is too sparse to find TD\")", { argument: "x" });
  const hmax = 1.144 * scale * Math.pow(n, -1 / 5);
  let lower = 0.1 * hmax;
  let upper = hmax;
  const tol = 0.1 * lower;
  const alph2 = 1.357 * Math.pow(phi4(n, d, cnt, a) / TD, 1 / 7);
  if (!Number.isFinite(alph2)) throw new InputError("the sample is too sparse for the Sheather–Jones rule (R: \"sample is too sparse to find alph2\")", { argument: "x" });
  const fSD = (h: number) => Math.pow(c1 / phi4(n, d, cnt, alph2 * Math.pow(h, 5 / 7)), 1 / 5) - h;
  let itry = 1;
  while (fSD(lower) * fSD(upper) > 0) {
    if (itry > 99) throw new InputError("the Sheather–Jones rule found no solution in its search interval", { argument: "x" });
    if (itry % 2) upper *= 1.2;
    else lower /= 1.2;
    itry++;
  }
  return zeroin(fSD, lower, upper, fSD(lower), fSD(upper), tol);
}

/** SciPy's `brentq` (scipy/optimize/Zeros/brentq.c) with its defaults xtol = 2e-12, rtol = 4ε, maxiter = 100; null when f(a), f(b) share a sign or it does not converge. */
function brentq(f: (x: number) => number, xa: number, xb: number): number | null {
  const xtol = 2e-12;
  const rtol = 4 * 2.220446049250313e-16;
  let xpre = xa;
  let xcur = xb;
  let xblk = 0;
  let fblk = 0;
  let spre = 0;
  let scur = 0;
  let fpre = f(xpre);
  let fcur = f(xcur);
  if (fpre * fcur > 0) return null;
  if (fpre === 0) return xpre;
  if (fcur === 0) return xcur;
  for (let i = 0; i < 100; i++) {
    if (fpre * fcur < 0) {
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    if (Math.abs(fblk) < Math.abs(fcur)) {
      xpre = xcur;
      xcur = xblk;
      xblk = xpre;
      fpre = fcur;
      fcur = fblk;
      fblk = fpre;
    }
    const delta = (xtol + rtol * Math.abs(xcur)) / 2;
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return xcur;
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) stry = (-fcur * (xcur - xpre)) / (fcur - fpre);
      else {
        const dpre = (fpre - fcur) / (xpre - xcur);
        const dblk = (fblk - fcur) / (xblk - xcur);
        stry = (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre));
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        spre = scur;
        scur = stry;
      } else {
        spre = sbis;
        scur = sbis;
      }
    } else {
      spre = sbis;
      scur = sbis;
    }
    xpre = xcur;
    fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
  }
  return null;
}

/**
 * KDEpy's improved Sheather–Jones bandwidth (Botev, Grotowski & Kroese 2010; KDEpy `bw_selection.improved_sheather_jones`):
 * the data (weights normalised; units of weight 0 dropped) are linearly binned on 1024 points spanning
 * [min − b, max + b], b = max(0.5·(max − min), 6); a = DCT-II of the bins, a2_k = a_k², k ≥ 1; t* the root of
 * KDEpy's fixed-point function ξγ^[7](t) − t (ℓ = 7) found by SciPy's brentq on [0, tol], tol doubled until it
 * brackets, tol₀ = 1e-11 + 0.01(N′ − 50)/1000, N′ = N clamped to [50, 1050], N the number of distinct values;
 * h = √t*·(max − min).
 */
function improvedSheatherJones(x: Float64Array, weights: Float64Array | undefined): number {
  let data = x;
  let w = weights;
  if (w) {
    const keep: number[] = [];
    for (let i = 0; i < x.length; i++) if (w[i] > 0) keep.push(i);
    data = Float64Array.from(keep, (i) => x[i]);
    w = Float64Array.from(keep, (i) => weights![i]);
  }
  const m = 1024;
  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < xmin) xmin = data[i];
    if (data[i] > xmax) xmax = data[i];
  }
  const range = xmax - xmin;
  const outside = Math.max(0.5 * range, 6);
  const start = xmin - outside;
  const stop = xmax + outside;
  // the grid is numpy's linspace(start, stop, 1024); KDEpy's binning spacing is (max − min of the grid)/(m − 1)
  const dx = (stop - start) / (m - 1);
  let W = 0;
  for (let i = 0; i < data.length; i++) W += w ? w[i] : 1;
  const bins = new Float64Array(m + 1);
  for (let i = 0; i < data.length; i++) {
    const t = (data[i] - start) / dx;
    const k = Math.trunc(t);
    const frac = t - k;
    const wi = w ? w[i] / W : 1;
    bins[k] += wi * (1 - frac);
    bins[k + 1] += wi * frac;
  }
  if (!w) for (let k = 0; k <= m; k++) bins[k] /= data.length;
  // DCT-II (scipy.fftpack.dct, type 2, no normalisation): a_k = 2 Σ_j x_j cos(πk(2j + 1)/(2m))
  const a2 = new Float64Array(m - 1);
  for (let k = 1; k < m; k++) {
    let acc = 0;
    for (let j = 0; j < m; j++) acc += bins[j] * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * m));
    a2[k - 1] = 4 * acc * acc;
  }
  const distinct = new Set(Array.from(data)).size;
  const Iq = Float64Array.from({ length: m - 1 }, (_, k) => (k + 1) * (k + 1));
  const functional = (s: number, time: number) => {
    let acc = 0;
    for (let k = 0; k < Iq.length; k++) acc += Math.pow(Iq[k], s) * a2[k] * Math.exp(-Iq[k] * Math.PI * Math.PI * time);
    return 0.5 * Math.pow(Math.PI, 2 * s) * acc;
  };
  const N = distinct;
  const fixedPoint = (t: number) => {
    const ell = 7;
    let f = functional(ell, t);
    if (f <= 0) return -1;
    for (let s = ell - 1; s >= 2; s--) {
      let odd = 1;
      for (let q = 1; q <= 2 * s - 1; q += 2) odd *= q;
      const K0 = odd / Math.sqrt(2 * Math.PI);
      const c = (1 + Math.pow(0.5, s + 0.5)) / 3;
      const time = Math.pow((2 * c * K0) / (N * f), 2 / (3 + 2 * s));
      f = functional(s, time);
    }
    const tOpt = Math.pow(2 * N * Math.sqrt(Math.PI) * f, -2 / 5);
    return t - tOpt;
  };
  const Nc = Math.max(Math.min(1050, N), 50);
  let tol = 10e-12 + (0.01 * (Nc - 50)) / 1000;
  for (;;) {
    const root = brentq(fixedPoint, 0, tol);
    if (root !== null && root > 0) return Math.sqrt(root) * range;
    tol *= 2;
    if (tol >= 1) throw new InputError("the improved Sheather–Jones rule did not converge (KDEpy: \"Root finding did not converge. Need more data.\")", { argument: "x" });
  }
}

/**
 * @internal The bandwidths of this module's rules:
 * - "scipy-scott": SciPy `gaussian_kde(bw_method = "scott")`: h = σ̂·n_eff^(−1/5) (no 1.06 or 1.059 constant);
 * - "scipy-silverman": SciPy's `"silverman"`: h = σ̂·(3n_eff/4)^(−1/5);
 *   σ̂² SciPy's covariance (`np.cov(x, aweights = w)`: Σw(x − x̄)²/(W − Σw²/W)), n_eff = (Σw)²/Σw² (= n unweighted);
 * - "sj": R `bw.SJ(x)` (Sheather & Jones 1991, "solve the equation"), with R's binned pair counts (1000 bins),
 *   its pilot bandwidths and R's `uniroot` (Brent) to the same tolerance (0.1·lower), so the same number. Unweighted
 *   (R computes bandwidths without the weights); weights given with it are an error;
 * - "isj": KDEpy's improved Sheather–Jones (see `improvedSheatherJones`), weighted as KDEpy.
 */
export function extraBandwidth(x: Numbers, rule: ExtraBandwidthRule, weights?: Numbers): number {
  const v = toFloat64(x, { name: "x", minLength: 2 });
  const w = checkWeights(weights, v.length);
  if (rule === "sj") {
    if (w) throw new InputError("the 'sj' rule is unweighted (as R's bw.SJ); omit weights or choose 'scipy-scott' / 'scipy-silverman' / 'isj'", { argument: "weights" });
    return sheatherJones(v);
  }
  if (rule === "isj") return improvedSheatherJones(v, w);
  const { variance, neff } = scipyMoments(v, w);
  const factor = rule === "scipy-scott" ? Math.pow(neff, -1 / 5) : Math.pow((neff * 3) / 4, -1 / 5);
  return Math.sqrt(variance) * factor;
}

// ---------------------------------------------------------------------------------------------------------
// The extended estimate
// ---------------------------------------------------------------------------------------------------------

/** Options of the extended estimate (the `kde` options plus weights). */
export interface ExtendedKdeOptions {
  kernel?: AnyKernel;
  bandwidth?: number | BandwidthRule;
  scale?: number;
  grid?: number | Numbers;
  range?: readonly [number, number];
  method?: "exact" | "binned" | "auto";
  convention?: "gretl";
  weights?: Numbers;
}

/**
 * @internal `kde` with weights, R's other kernels or this module's rules: the exact sum
 * f(t) = Σ_i w_i·K_h(t − x_i)/Σ_i w_i on the grid of `kde` (512 points over [min − 3h, max + 3h] by default).
 */
export function kdeExtended(x: Numbers, options: ExtendedKdeOptions): KdeResult & { weighted: boolean } {
  if (options.convention !== undefined) throw new InputError("convention 'gretl' has neither weights nor these kernels and rules", { argument: "convention" });
  if (options.method === "binned") throw new InputError("method 'binned' is not available with weights, these kernels or rules; use 'exact' (or 'auto')", { argument: "method" });
  if (options.method !== undefined && options.method !== "exact" && options.method !== "auto") {
    throw new InputError(`method must be 'exact', 'binned' or 'auto'; got ${JSON.stringify(options.method)}`, { argument: "method" });
  }
  const kernel = options.kernel ?? "gaussian";
  if (kernel !== "gaussian" && kernel !== "epanechnikov" && !isExtraKernel(kernel)) {
    throw new InputError(`kernel must be one of gaussian, epanechnikov, ${EXTRA_KERNELS.join(", ")}; got ${JSON.stringify(kernel)}`, { argument: "kernel" });
  }
  const scale = options.scale ?? 1;
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) throw new InputError(`scale must be a positive finite number; got ${String(scale)}`, { argument: "scale" });
  const data = toFloat64(x, { name: "x" });
  const n = data.length;
  const w = checkWeights(options.weights, n);
  if (w) sameLength(data, w, "x", "weights");
  const bw = options.bandwidth ?? "gretl";
  let h: number;
  let rule: BandwidthRule | null = null;
  if (typeof bw === "number") {
    if (!Number.isFinite(bw) || bw <= 0) throw new InputError(`bandwidth must be a positive finite number or a rule name; got ${bw}`, { argument: "bandwidth" });
    h = scale * bw;
  } else {
    rule = bw;
    // R's rules ignore the weights (as R's density does); SciPy's use them
    h = scale * (isExtraRule(bw) ? extraBandwidth(data, bw, bw === "sj" ? undefined : w) : ruleBandwidth(data, bw));
    if (!(h > 0) || !Number.isFinite(h)) throw new InputError(`bandwidth rule '${bw}' gives ${h} for these data; pass a positive numeric bandwidth`, { argument: "bandwidth" });
  }
  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (data[i] < xmin) xmin = data[i];
    if (data[i] > xmax) xmax = data[i];
  }
  let points: Float64Array;
  const grid = options.grid ?? 512;
  if (typeof grid === "number") {
    if (!Number.isInteger(grid) || grid < 2) throw new InputError(`grid must be an integer ≥ 2 (the number of points) or an array of points; got ${grid}`, { argument: "grid" });
    let lo = xmin - 3 * h;
    let hi = xmax + 3 * h;
    if (options.range !== undefined) {
      const r = options.range as unknown;
      if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number" && Number.isFinite(v)) || !(r[0] < r[1])) {
        throw new InputError(`range must be [lo, hi] with finite lo < hi; got ${JSON.stringify(r)}`, { argument: "range" });
      }
      lo = r[0];
      hi = r[1];
    }
    points = new Float64Array(grid);
    const by = (hi - lo) / (grid - 1);
    for (let i = 0; i < grid - 1; i++) points[i] = lo + i * by;
    points[grid - 1] = hi;
  } else {
    if (options.range !== undefined) throw new InputError("range cannot be combined with explicit grid points", { argument: "range" });
    points = toFloat64(grid, { name: "grid" });
  }
  const K = kernelFunction(kernel, h);
  let W = 0;
  for (let i = 0; i < n; i++) W += w ? w[i] : 1;
  const density = new Float64Array(points.length);
  for (let p = 0; p < points.length; p++) {
    const t = points[p];
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const u = t - data[i];
      if (Math.abs(u) >= K.support && kernel !== "gaussian") continue;
      acc += (w ? w[i] : 1) * K.f(u);
    }
    density[p] = acc / W;
  }
  return {
    x: points,
    density,
    bandwidth: h,
    bandwidthRule: rule,
    scale,
    kernel,
    method: "exact",
    n,
    convention: null,
    bins: 0,
    binWidth: 0,
    weighted: w !== undefined,
  };
}
