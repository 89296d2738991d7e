/**
 * Kernel density estimation with the conventions of Gretl (`kdensity`) and R (`density`, `bw.nrd0`, `bw.nrd`),
 * a binned FFT fast path for large samples, and mode ("peak") counting.
 *
 * Definitions: /work/shared/METHODS.md, "Kernel density"; Gretl 2022c `plugin/kernel.c` and
 * `lib/src/nonparam.c` (kernel_bandwidth); R `stats::bw.nrd0`, `stats::bw.nrd`, `stats::density`.
 *
 * The estimate at a point t is f(t) = (1/(n·h)) · Σ_i k((t − x_i)/h), or with weights (KDEpy; R's
 * `density(weights =)`) f(t) = (1/h) · Σ_i ŵ_i·k((t − x_i)/h), ŵ_i = w_i/Σw. Every kernel has unit variance, so
 * that h is the kernel's standard deviation (as in Gretl and in R's `density`, whose definitions these are):
 *   - gaussian:      k(z) = exp(−z²/2)/√(2π)
 *   - epanechnikov:  k(z) = 3/(4√5)·(1 − z²/5) for |z| < √5, else 0 (Gretl's "alternative" kernel, which is
 *                    also R's `density(kernel = "epanechnikov")`; not the textbook ¾(1 − u²) on |u| < 1).
 *   - rectangular:   k(z) = 1/(2√3) for |z| < √3 (R: a = h√3, K = 1/(2a) on |u| < a)
 *   - triangular:    k(z) = (1 − |z|/√6)/√6 for |z| < √6 (R: a = h√6, K = (1 − |u|/a)/a)
 *   - biweight:      k(z) = 15/16·(1 − z²/7)²/√7 for |z| < √7 (R: a = h√7, K = 15/16·(1 − (u/a)²)²/a)
 *   - cosine:        k(z) = (1 + cos(πz/c))/(2c) for |z| < c = 1/√(1/3 − 2/π²) ≈ 2.766 (R: a = h/√(1/3 − 2/π²),
 *                    K = (1 + cos(πu/a))/(2a)); R's "optcosine" is not provided.
 *
 * Defaults without a convention, and why:
 *   - kernel "gaussian" (the default of Gretl and R alike);
 *   - bandwidth rule "gretl" (Silverman's rule of thumb as Gretl computes it), because the articles this
 *     project reproduces estimated their densities in Gretl; R's default is available as `bandwidth: "nrd0"`.
 *     The two differ only in the quartiles (Tukey's hinges vs type 7), the constant 1.349 vs 1.34 and the
 *     fall-backs for a zero IQR;
 *   - 512 points from min(x) − 3h to max(x) + 3h (R `density`'s n = 512 and cut = 3);
 *   - method "auto": the exact sum up to 10 000 observations, the binned FFT estimate above (see {@link kde}).
 * `convention: "gretl"` reproduces Gretl's `kdensity()` output exactly (grid, bandwidth, kernel constants).
 * Bandwidth rules beyond the rules of thumb: scipy's Scott and Silverman factors (`scipy-scott`,
 * `scipy-silverman`), R's Sheather–Jones `bw.SJ` (`sj`) and KDEpy's improved Sheather–Jones (`isj`); see
 * {@link bandwidth}, which also says which rules use weights.
 */

import { InputError, scaledByPowerOfTwo, sum, toFloat64, type Numbers, toFloat64WithExtent } from "../../numeric/validate";
import { orderStatistics, orderStatisticsWithMoments, sortedFloat64, sortWithPayload } from "../../numeric/sort";
import { circularConvolveReal, inverseRealFft, nextPowerOfTwo, realFft } from "../../numeric/fft";

/** A rule-of-thumb bandwidth: see {@link bandwidth}. */
export type BandwidthRule = "gretl" | "nrd0" | "nrd" | "scott" | "scipy-scott" | "scipy-silverman" | "sj" | "isj";
/** A kernel with unit variance: see the module comment. */
export type Kernel = "gaussian" | "epanechnikov" | "rectangular" | "triangular" | "biweight" | "cosine";
/** How the kernel sums are computed: see {@link kde}. */
export type KdeMethod = "exact" | "binned" | "auto";

export const BANDWIDTH_RULES: readonly BandwidthRule[] = ["gretl", "nrd0", "nrd", "scott", "scipy-scott", "scipy-silverman", "sj", "isj"];
export const KERNELS: readonly Kernel[] = ["gaussian", "epanechnikov", "rectangular", "triangular", "biweight", "cosine"];
export const KDE_METHODS: readonly KdeMethod[] = ["exact", "binned", "auto"];

/** Gretl's kdensity refuses fewer observations than this (plugin/kernel.c, MINOBS). */
export const GRETL_MIN_OBS = 30;
/** method "auto" uses the binned estimate when n is larger than this. */
export const AUTO_BINNED_ABOVE = 10_000;
/** Grid spacing of the binned estimate for kernels other than the Gaussian, or explicit points: at most h / BINS_PER_BANDWIDTH. */
export const BINS_PER_BANDWIDTH = 64;
/**
 * Grid spacing of the Gaussian estimate on a regular grid (the default call): at most h / GRID_BINS_PER_BANDWIDTH,
 * a power-of-two refinement of the output grid (see {@link kde}, "binned").
 */
export const GRID_BINS_PER_BANDWIDTH = 16;
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

/**
 * Sample standard deviation with the n − 1 denominator, in two passes: the mean m = Σx/n, then Σ(x − m) and
 * Σ(x − m)² together. With the corrected mean m' = m + Σ(x − m)/n that R and Gretl use (see {@link mean}),
 * Σ(x − m')² = Σ(x − m)² − (Σ(x − m))²/n exactly, so one pass does the work of two (the correction is of the order
 * of rounding, and so is the change it makes).
 */
function sd(x: Float64Array, knownSum?: number): number {
  const n = x.length;
  let s = 0;
  if (knownSum === undefined) for (let i = 0; i < n; i++) s += x[i];
  else s = knownSum; // the same left-to-right sum, from the caller's validation pass
  const m = s / n;
  let c = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    c += d;
    ss += d * d;
  }
  return Math.sqrt(Math.max(0, ss - (c * c) / n) / (n - 1));
}

/**
 * The data's order statistics: kth(k) is the k-th smallest value (0-based), read from a sorted copy when one
 * exists anyway, else found by selection (no sort: the quartile rules need four order statistics, not n).
 */
interface OrderStatistics {
  readonly n: number;
  kth(k: number): number;
}

function fromSorted(sorted: Float64Array): OrderStatistics {
  return { n: sorted.length, kth: (k) => sorted[k] };
}

/**
 * Order statistics without a sort (see {@link orderStatistics}): on the first query, the ranks both quartile rules
 * use (Tukey's hinges and R's type-7 quartiles) are found in one pass; any other rank costs a pass of its own.
 */
/** @internal The ranks both quartile rules read: Tukey's hinges (Gretl) and R's type-7 quartiles (0-based). */
export function quartileRanks(n: number): number[] {
  const n2 = n >> 1;
  const half = n % 2 ? n2 + 1 : n2;
  const ranks = new Set<number>();
  for (const from of [0, n - half]) {
    const h = half >> 1;
    ranks.add(from + h);
    if (half % 2 === 0) ranks.add(from + h - 1);
  }
  for (const p of [0.25, 0.75]) {
    ranks.add(Math.floor((n - 1) * p));
    ranks.add(Math.ceil((n - 1) * p));
  }
  return [...ranks].filter((k) => k >= 0 && k < n);
}

function bySelection(x: Float64Array, known?: ReadonlyMap<number, number>): OrderStatistics {
  if (!known && x.length < 32768) return fromSorted(sortedCopy(x)); // orderStatistics would sort anyway: sort once
  const n = x.length;
  const found = new Map<number, number>(known ?? []);
  return {
    n,
    kth(k) {
      if (found.size === 0) {
        const ranks = quartileRanks(n);
        orderStatistics(x, ranks).forEach((v, j) => found.set(ranks[j], v));
      }
      let v = found.get(k);
      if (v === undefined) {
        v = orderStatistics(x, [k])[0];
        found.set(k, v);
      }
      return v;
    },
  };
}

/** Median of the order statistics from .. from+len−1. */
function medianOf(o: OrderStatistics, from: number, len: number): number {
  const h = len >> 1;
  return len % 2 ? o.kth(from + h) : 0.5 * (o.kth(from + h - 1) + o.kth(from + h));
}

/**
 * Tukey's hinges, as Gretl's kdensity computes its quartiles: the medians of the lower and the upper half, the
 * middle value belonging to both halves when n is odd (R's `fivenum(x)[c(2, 4)]`).
 */
function tukeyHinges(o: OrderStatistics): [number, number] {
  const n = o.n;
  const n2 = n >> 1;
  if (n % 2) return [medianOf(o, 0, n2 + 1), medianOf(o, n2, n2 + 1)];
  return [medianOf(o, 0, n2), medianOf(o, n2, n2)];
}

/** R's type-7 quantile (the default of `quantile`), with R's interpolation formula. */
function quantile7(o: OrderStatistics, p: number): number {
  const n = o.n;
  const index = (n - 1) * p; // 0-based
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = o.kth(lo);
  const h = index - lo;
  if (index > lo) {
    const next = o.kth(hi);
    if (next !== qs) return (1 - h) * qs + h * next;
  }
  return qs;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Bandwidth rules                                                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

function checkRule(rule: unknown, argument: string): BandwidthRule {
  if (typeof rule !== "string" || !(BANDWIDTH_RULES as readonly string[]).includes(rule)) {
    throw new InputError(
      `${argument} must be one of ${BANDWIDTH_RULES.map((r) => `'${r}'`).join(", ")}; got ${describe(rule)}`,
      { argument },
    );
  }
  return rule as BandwidthRule;
}

function describe(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : v === undefined ? "undefined" : typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

/** The rule's value for validated data (n ≥ 2); `original` is x in the caller's order (R's nrd0 uses x[1]). */
function ruleBandwidth(original: Float64Array, getOrder: () => OrderStatistics, rule: BandwidthRule, knownSum?: number, knownSd?: number): number {
  if (!isGretlOrRRule(rule)) return addedRuleBandwidth(original, null, rule, getOrder);
  const s = knownSd ?? sd(original, knownSum);
  return ruleOfThumb(rule, original.length, s, getOrder, original[0]);
}

/**
 * @internal Gretl's and R's rules of thumb from n, the sample standard deviation s, the order statistics and the
 * first value (R's last fall-back in bw.nrd0); shared with `baltic-repro/duckdb`'s `fileKde`.
 */
export function ruleOfThumb(rule: BandwidthRule, n: number, s: number, getOrder: () => { readonly n: number; kth(k: number): number }, first: number): number {
  const n5 = Math.pow(n, -0.2);
  switch (rule) {
    case "gretl": {
      const [q1, q3] = tukeyHinges(getOrder());
      const r = (q3 - q1) / 1.349;
      const A = r > 0 && r < s ? r : s;
      return 0.9 * A * n5;
    }
    case "nrd0": {
      const order = getOrder();
      const iqr = quantile7(order, 0.75) - quantile7(order, 0.25);
      let lo = Math.min(s, iqr / 1.34);
      if (!lo) lo = s || Math.abs(first) || 1;
      return 0.9 * lo * n5;
    }
    case "nrd": {
      const order = getOrder();
      const iqr = quantile7(order, 0.75) - quantile7(order, 0.25);
      return 1.06 * Math.min(s, iqr / 1.34) * n5;
    }
    case "scott":
      return 1.059 * s * n5;
    default:
      throw new InputError(`ruleOfThumb: ${rule} is not one of Gretl's or R's rules of thumb`, { argument: "rule" });
  }
}

/** Options of {@link bandwidth}. */
export interface BandwidthOptions {
  /**
   * One non-negative weight per value (positive total), for the rules that use weights: 'scipy-scott',
   * 'scipy-silverman' (scipy's n_eff and weighted covariance) and 'isj' (KDEpy's weighted binning). The other rules
   * refuse weights, because their tools (R, Gretl) compute them from x alone.
   */
  weights?: Numbers;
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
 * - `'scipy-scott'`, `'scipy-silverman'` — scipy `gaussian_kde(bw_method="scott" | "silverman")`: h = factor·σ̂,
 *   the square root of its `covariance`, with factor = n_eff^(−1/5) (`scott_factor`) or (n_eff·3/4)^(−1/5)
 *   (`silverman_factor`), no IQR and no constant 1.06/0.9. Without weights n_eff = n and σ̂ = s. With weights
 *   (ŵ = w/Σw) scipy's: n_eff = 1/Σŵ² (Kish) and σ̂² = `np.cov(x, aweights = ŵ)` = Σŵ(x − x̄_ŵ)²/(Σŵ − Σŵ²/Σŵ),
 *   x̄_ŵ = Σŵx/Σŵ (the sums of weights in numpy's pairwise order).
 * - `'sj'` — R `bw.SJ(x)` (Sheather & Jones 1991, "solve-the-equation", R's defaults nb = 1000, method "ste"),
 *   R's algorithm step by step: the pairwise bin distances of R's `bw_pair_cnts` (bins of width d =
 *   1.01·range/1000 indexed by trunc(x/d); the O(n²) pair loop `bw_den` for n ≤ 500, R's binned counts
 *   `bw_den_binned` for n > 500), R's estimates `bw_phi4`, `bw_phi6` of the density functionals (terms cut where
 *   (i·d/h)² ≥ 1000), scale = min(s, IQR/1.349) (type-7 quartiles), a = 1.24·scale·n^(−1/7),
 *   b = 1.23·scale·n^(−1/9), TD = −φ6(b), α₂ = 1.357·(φ4(a)/TD)^(1/7), and the root of
 *   h = (1/(2√π·n·φ4(α₂·h^(5/7))))^(1/5) found by R's `uniroot` (Brent's `R_zeroin2`) on [0.1·hmax, hmax],
 *   hmax = 1.144·scale·n^(−1/5) (widened by R's alternating ×1.2 steps when the signs agree), with R's tolerance
 *   0.1·lower — so the result is R's, an approximation within that tolerance of the exact root, and agrees with
 *   R to ~1e−15. R's errors ("sample is too sparse to find TD", …) become InputErrors; a zero scale (IQR 0) is
 *   refused. R's `(int)(x/d)` overflows for data far from 0 relative to their range (|x|/d > 2^31); here the
 *   truncation is exact, so R and this differ only where R's C code is undefined.
 * - `'isj'` — KDEpy `improved_sheather_jones` (Botev, Grotowski & Kroese 2010, KDEpy's bw_selection.py), its
 *   algorithm as written: the data linearly binned (KDEpy's `linbin_cython`) on 1024 points from
 *   min − b to max + b with b = max(range/2, 6) — an absolute margin of 6 in the data's units, so unlike the other
 *   rules this one is not scale-equivariant (data in [0, 0.3] sit in a few dozen bins); the type-II DCT a_k of the
 *   bins (scipy `fftpack.dct`); N = the number of distinct values; t* the root of t = ξγ^[7](t) (KDEpy's
 *   `_fixed_point`, ℓ = 7, with a_k² for k = 1…1023) by scipy's `brentq` on [0, tol], tol = 1e−11 +
 *   0.01·(clamp(N, 50, 1050) − 50)/1000, doubled until the signs differ (error once tol ≥ 1: "Need more
 *   data"); h = √t*·(max − min), the *data's* range as KDEpy takes it. Arithmetic in float64, numpy's pairwise sums
 *   (KDEpy's `FLOAT = scipy.float128` resolves to float64 on current scipy; with the long double of older scipy
 *   the result differs by ~1e−16 relative on the project's data).
 *
 * **Weights** (`options.weights`, one non-negative finite value per x, positive total): only the rules whose
 * tools use weights accept them — 'scipy-scott', 'scipy-silverman' (scipy's n_eff and weighted covariance) and 'isj'
 * (KDEpy's weighted binning; observations of weight 0 are dropped first, as KDEpy drops them). R's rules and bw.SJ
 * see x alone (R's `density(weights =)` computes `bw.nrd0(x)` without them), so `bandwidth(x, 'nrd0', { weights })`
 * is refused rather than silently unweighted; {@link kde} with weights and such a rule does what R's `density`
 * does (the bandwidth from x alone) and says so in `bandwidthWeighted: false`.
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
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "scipy-scott") // → 7.170925755890476 (scipy: 7.170925755890477)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "scipy-silverman") // → 7.595615523030168 (scipy: the same)
 * @example bandwidth([1, 2, 3, 4], "scipy-scott", { weights: [1, 1, 1, 5] }) // → 1.2315474724072264 (scipy: the same)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "sj") // → 2.366641963508379 (R bw.SJ: 2.3666419635083793)
 * @example bandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 40], "isj") // → 1.927748098416706 (KDEpy's algorithm: 1.9277480984167057)
 */
export function bandwidth(x: Numbers, rule: BandwidthRule, options: BandwidthOptions = {}): number {
  const r = checkRule(rule, "rule");
  const v = toFloat64(x, { name: "x" });
  if (v.length < 2) {
    throw new InputError(`bandwidth rule '${r}' needs at least 2 values in x; got ${v.length}`, { argument: "x" });
  }
  if (options === null || typeof options !== "object") {
    throw new InputError(`options must be an object such as { weights }; got ${describe(options)}`, { argument: "options" });
  }
  if (options.weights !== undefined || r === "isj") {
    let w: Weights | null = null;
    if (options.weights !== undefined) {
      if (!ruleUsesWeights(r)) {
        throw new InputError(
          `bandwidth rule '${r}' does not use weights (${r === "gretl" ? "Gretl's kdensity has none" : "R's rules see x alone, also in density(weights =)"}); call bandwidth(x, '${r}') or use 'scipy-scott', 'scipy-silverman' or 'isj'`,
          { argument: "weights" },
        );
      }
      w = checkWeights(options.weights, v.length);
    }
    // No rescaling for ISJ: it is not scale-equivariant (KDEpy's grid margin is at least 6 in the data's units).
    if (r === "isj") return addedRuleBandwidth(v, w, r, () => bySelection(v));
    const { values, factor } = scaledByPowerOfTwo(v);
    return factor * addedRuleBandwidth(values, w, r, () => bySelection(values));
  }
  // Every rule but 'isj' (handled above) is scale-equivariant (h(c·x) = c·h(x)): values near the ends of the
  // double range (±1e308, whose range and squares overflow) are rescaled by a power of two, exactly, and the
  // bandwidth scaled back.
  const { values, factor } = scaledByPowerOfTwo(v);
  const spread = largeSampleSpread(values, r);
  return factor * ruleBandwidth(values, () => bySelection(values, spread?.quartiles), r, undefined, spread?.sd);
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
  if (kernel !== "gaussian" && kernel !== "epanechnikov") return generalExactSums(sorted, null, sorted.length, h, kernel, points);
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
  weights: Weights | null = null,
): Binned | null {
  const n = data.length;
  const m = points.length;
  const tau = kernel === "gaussian" ? GAUSSIAN_CUTOFF : kernel === "epanechnikov" ? ROOT5 : compactSupport(kernel);
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
  linearBinning(re, data, weights ? weights.values : null, dmin, dmax, invDelta, base, 0);
  for (let l = 0; l <= P; l++) {
    const z = (l * delta) / h;
    let w: number;
    if (kernel === "gaussian") w = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    else if (kernel === "epanechnikov") w = z < ROOT5 ? EPMULT * (1 - (z * z) / 5) : 0;
    else w = compactKernel(kernel, z); // R's other kernels sampled on the grid
    im[l] = w;
    if (l > 0) im[N - l] = w;
  }
  circularConvolveReal(re, im);
  const nh = (weights ? weights.total : n) * h;
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

/**
 * The Gaussian binned estimate on the regular grid lo, lo + Δ, …, hi (m points), by linear binning, one real FFT
 * and the Gaussian's Fourier transform in closed form (see {@link kde}, "binned"). Returns null when the bins
 * would need an FFT longer than MAX_BINS (the caller falls back).
 *
 * Why this is accurate with few bins, and cheap:
 *   - the bin grid refines the output grid by r = 2^k (δ = Δ/r ≤ h/GRID_BINS_PER_BANDWIDTH), so every output
 *     point is a bin and nothing is interpolated afterwards;
 *   - the sampled kernel's DFT is (h/δ)·exp(−½(2πlh/(Nδ))²) up to aliases below e^(−1263) (Poisson summation;
 *     δ ≤ h/16), so no kernel FFT is needed, and the product stops where the factor falls below 10^−18;
 *   - linear binning multiplies the data's spectrum by sinc²(πl/N) on average (a point at offset tδ is spread as
 *     1 − t, t: the second-order term −(ωδ)²·t(1−t)/2 averages −(ωδ)²/12, the start of sinc²'s expansion); dividing
 *     the spectrum by it leaves, per observation, the error (t(1−t) − 1/6)·δ²/2·φ''·/h³: at most (δ/h)²/12 of that
 *     observation's peak (t = 0 or 1, |φ''(0)| = φ(0)), against (δ/h)²/8 for binning without the correction;
 *   - only every r-th value of the inverse transform is wanted: folding the spectrum to length M = N/r (adding
 *     the terms whose frequencies agree mod M) gives exactly those values with an inverse FFT of length M;
 *   - data left of lo wrap to the end of the circular array; N leaves at least 8h between the wrapped data and
 *     the outputs, so the circular convolution equals the linear one to e^(−32).
 * Cost: O(n) binning, one real FFT of length N and one inverse of length M ≥ m.
 */
/** The Gaussian's spectrum is cut where exp(−½(2πlh/(Nδ))²) falls below this (l ≥ 1.47·Nδ/h). */
const SPECTRUM_CUTOFF = 1e-18;

function gaussianGridSums(
  data: Float64Array,
  xmin: number,
  xmax: number,
  h: number,
  lo: number,
  hi: number,
  m: number,
  weights: Weights | null,
): Binned | null {
  const plan = planGaussianGrid(xmin, xmax, h, lo, hi, m);
  if (!plan) return null;
  const counts = new Float64Array(plan.bins);
  binGaussianGrid(plan, counts, data, weights ? weights.values : null);
  return { density: finishGaussianGrid(plan, counts, weights ? weights.total : data.length), bins: plan.bins, binWidth: plan.binWidth };
}

/**
 * @internal The layout of {@link gaussianGridSums}' bins for data in [xmin, xmax], bandwidth h and the output grid
 * lo … hi of m points; null when it would need more than MAX_BINS bins. Shared with `baltic-repro/duckdb`'s
 * `fileKde`, which bins a file chunk by chunk with {@link binGaussianGrid} and finishes with
 * {@link finishGaussianGrid}: the same bins in the same order, so the same bits as {@link kde}.
 */
export interface GaussianGridPlan {
  readonly h: number;
  /** Output points. */
  readonly m: number;
  /** FFT length N (a power of two). */
  readonly bins: number;
  /** δ = Δ/r. */
  readonly binWidth: number;
  /** Output spacing Δ over bin spacing δ (a power of two). */
  readonly refinement: number;
  /** Data below lo within reach: bins −left … −1 wrap to the end. */
  readonly left: number;
  /** Only data in [dmin, dmax] are within 8h of an output point. */
  readonly dmin: number;
  readonly dmax: number;
  /** u = v/δ + base is the value's position in bins, shifted by `left`. */
  readonly base: number;
  readonly empty: boolean;
  /** Every value lies in [dmin, dmax] (the default grid): the binning loop then skips the test. */
  readonly allInside: boolean;
}

/** @internal See {@link GaussianGridPlan}. */
export function planGaussianGrid(xmin: number, xmax: number, h: number, lo: number, hi: number, m: number): GaussianGridPlan | null {
  const reach = GAUSSIAN_CUTOFF * h;
  const dmin = Math.max(xmin, lo - reach);
  const dmax = Math.min(xmax, hi + reach);
  const spacing = (hi - lo) / (m - 1);
  if (!(spacing > 0) || !Number.isFinite(spacing)) return null;
  let r = 1;
  while (spacing / r > h / GRID_BINS_PER_BANDWIDTH) {
    r *= 2;
    if (r > MAX_BINS) return null;
  }
  const delta = spacing / r;
  // Bins −left … right relative to lo (index 0); the outputs are bins 0, r, …, (m − 1)·r.
  const left = dmin < lo ? Math.ceil((lo - dmin) / delta) : 0;
  const right = Math.max((m - 1) * r, dmax > lo ? Math.ceil((dmax - lo) / delta) + 1 : 0);
  const needed = right + left + Math.ceil(reach / delta) + 2;
  if (!(needed <= MAX_BINS)) return null;
  const N = Math.max(nextPowerOfTwo(needed), 2 * r);
  return { h, m, bins: N, binWidth: delta, refinement: r, left, dmin, dmax, base: left - lo / delta, empty: !(dmin <= dmax), allInside: dmin <= xmin && dmax >= xmax };
}

/**
 * @internal Linear binning of values (with weights, when given) into `counts` (length plan.bins), in order: value i
 * at position u splits as (1 − t, t) between bins ⌊u⌋ and ⌊u⌋ + 1 (times w_i). Values beyond 8h of every output
 * point are left out (they add below e^−32 of their peak anywhere on the grid; they still count in n).
 */
export function binGaussianGrid(plan: GaussianGridPlan, counts: Float64Array, data: Float64Array, weights: Float64Array | null): void {
  if (plan.empty) return;
  if (plan.allInside && !weights && plan.left === 0) binAllInside(counts, data, 1 / plan.binWidth, plan.base);
  else linearBinning(counts, data, weights, plan.dmin, plan.dmax, 1 / plan.binWidth, plan.base, plan.left);
}

/**
 * {@link linearBinning} for the default call — no weights, no wrap, every value within reach of the grid (the
 * grid spans [min − 3h, max + 3h]) — without the range test: the loop is then the bare work of linear binning.
 */
function binAllInside(counts: Float64Array, data: Float64Array, inv: number, base: number): void {
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const u = data[i] * inv + base;
    const k = u | 0;
    const t = u - k;
    counts[k] += 1 - t;
    counts[k + 1] += t;
  }
}

/**
 * Linear binning, the one loop of both binned estimates: value v in [dmin, dmax] (others are skipped) at position
 * u = v·inv + base splits as (1 − t, t), times its weight, between bins ⌊u⌋ − left and ⌊u⌋ + 1 − left, taken
 * modulo counts.length (a power of two; with left > 0 the bins below 0 wrap to the end of the circular array).
 * u ≥ 0 is the caller's guarantee, so u | 0 is the floor.
 */
function linearBinning(counts: Float64Array, data: Float64Array, weights: Float64Array | null, dmin: number, dmax: number, inv: number, base: number, left: number): void {
  const n = data.length;
  const mask = counts.length - 1;
  if (weights) {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!(v >= dmin && v <= dmax)) continue;
      const u = v * inv + base;
      const k = u | 0;
      const t = u - k;
      counts[(k - left) & mask] += weights[i] * (1 - t);
      counts[(k + 1 - left) & mask] += weights[i] * t;
    }
  } else if (left === 0) {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!(v >= dmin && v <= dmax)) continue;
      const u = v * inv + base;
      const k = u | 0;
      const t = u - k;
      counts[k] += 1 - t;
      counts[k + 1] += t;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!(v >= dmin && v <= dmax)) continue;
      const u = v * inv + base;
      const k = u | 0;
      const t = u - k;
      counts[(k - left) & mask] += 1 - t;
      counts[(k + 1 - left) & mask] += t;
    }
  }
}

/** @internal The density at the m output points from the binned counts; `total` is n, or Σw with weights. */
export function finishGaussianGrid(plan: GaussianGridPlan, counts: Float64Array, total: number): Float64Array {
  const { m, h } = plan;
  const density = new Float64Array(m);
  if (plan.empty) return density;
  const N = plan.bins;
  const r = plan.refinement;
  const delta = plan.binWidth;
  const M = N / r; // ≥ m, because N > (m − 1)·r and both are powers of two
  const half = N >> 1;
  const a = (2 * Math.PI * h) / (N * delta);
  const X = realFft(counts, Math.min(half, Math.ceil(Math.sqrt(-2 * Math.log(SPECTRUM_CUTOFF)) / a)));
  // Folded spectrum F_j = Σ_{l ≡ j (mod M)} Y_l, Y_l = X_l·K_l/(W·δ), with Y_(N−l) = conj Y_l.
  const fr = new Float64Array(M);
  const fi = new Float64Array(M);
  const scale = 1 / (total * delta * r); // 1/(Wδ) and M/N (inverseRealFft divides by M, the fold needs 1/N)
  const piOverN = Math.PI / N;
  for (let l = 0; l <= half; l++) {
    const g = Math.exp(-0.5 * (a * l) * (a * l));
    if (g < SPECTRUM_CUTOFF) break; // the rest adds below 10^−18·n/(W·δ) to any value
    let s = g * scale;
    if (l > 0) {
      const sinc = Math.sin(piOverN * l) / (piOverN * l);
      s /= sinc * sinc;
    }
    const yr = X.re[l] * s;
    const yi = l === half ? 0 : X.im[l] * s;
    const j = l % M;
    fr[j] += yr;
    fi[j] += yi;
    if (l > 0 && l < half) {
      const j2 = (M - j) % M;
      fr[j2] += yr;
      fi[j2] -= yi;
    }
  }
  const y = inverseRealFft(fr.subarray(0, M / 2 + 1), fi.subarray(0, M / 2 + 1), M);
  let peak = 0;
  for (let j = 0; j < m; j++) if (y[j] > peak) peak = y[j];
  const floor = peak * BINNED_NOISE_FLOOR;
  for (let j = 0; j < m; j++) density[j] = y[j] < floor ? 0 : y[j];
  return density;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* R's compact kernels, weights, and the rules scipy-scott, scipy-silverman, sj, isj                              */
/* ------------------------------------------------------------------------------------------------------------ */

// R `density.default` scales each kernel so that h is its standard deviation: R's K(u) (u = t − x, the 1/a
// included) is k(u/h)/h for the unit-variance k(z) below, whose support |z| < c has c = a/h.
const SQRT3 = Math.sqrt(3);
const SQRT6 = Math.sqrt(6);
const SQRT7 = Math.sqrt(7);
/** R's cosine kernel: a = h/√(1/3 − 2/π²), so c = 1/√(1/3 − 2/π²) ≈ 2.7662. */
const COSINE_C = 1 / Math.sqrt(1 / 3 - 2 / (Math.PI * Math.PI));

/** Half-width of the support in units of h (|z| < c), for the kernels with compact support. */
function compactSupport(kernel: Kernel): number {
  switch (kernel) {
    case "epanechnikov":
      return ROOT5;
    case "rectangular":
      return SQRT3;
    case "triangular":
      return SQRT6;
    case "biweight":
      return SQRT7;
    case "cosine":
      return COSINE_C;
    case "gaussian":
      return GAUSSIAN_CUTOFF;
  }
}

/**
 * k(z) of R's `density` kernels rectangular, triangular, biweight and cosine, with z = (t − x)/h (unit variance):
 *   rectangular  1/(2√3)                        for |z| < √3
 *   triangular   (1 − |z|/√6)/√6                for |z| < √6
 *   biweight     15/16·(1 − (z/√7)²)²/√7        for |z| < √7
 *   cosine       (1 + cos(π·z/c))/(2c)          for |z| < c = 1/√(1/3 − 2/π²)
 * and 0 outside (R: `ifelse(abs(kords) < a, …, 0)` with a = c·h).
 */
function compactKernel(kernel: Kernel, z: number): number {
  const az = Math.abs(z);
  switch (kernel) {
    case "rectangular":
      return az < SQRT3 ? 0.5 / SQRT3 : 0;
    case "triangular":
      return az < SQRT6 ? (1 - az / SQRT6) / SQRT6 : 0;
    case "biweight": {
      if (!(az < SQRT7)) return 0;
      const u = az / SQRT7;
      const v = 1 - u * u;
      return ((15 / 16) * v * v) / SQRT7;
    }
    case "cosine":
      return az < COSINE_C ? (1 + Math.cos((Math.PI * z) / COSINE_C)) / (2 * COSINE_C) : 0;
    case "epanechnikov":
      return az < ROOT5 ? EPMULT * (1 - (z * z) / 5) : 0;
    case "gaussian":
      return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }
}

/**
 * Exact sums f(t) = Σ_i w_i·k((t − x_i)/h) / (W·h) for every kernel, over x sorted ascending with its weights
 * (`weights` null: all 1, W = n). Used for the kernels added to R's pair and for weighted data; the unweighted
 * Gaussian and Epanechnikov sums keep their own loop ({@link exactSums}), whose results stay bit for bit as before.
 */
function generalExactSums(sorted: Float64Array, weights: Float64Array | null, total: number, h: number, kernel: Kernel, points: Float64Array): Float64Array {
  const out = new Float64Array(points.length);
  const half = (kernel === "gaussian" ? GAUSSIAN_EXACT_WINDOW : compactSupport(kernel)) * h;
  const wh = total * h;
  for (let j = 0; j < points.length; j++) {
    const t = points[j];
    const from = lowerBound(sorted, t - half);
    const to = upperBound(sorted, t + half);
    let den = 0;
    if (weights) for (let i = from; i < to; i++) den += weights[i] * compactKernel(kernel, (t - sorted[i]) / h);
    else for (let i = from; i < to; i++) den += compactKernel(kernel, (t - sorted[i]) / h);
    out[j] = den / wh;
  }
  return out;
}

/** Validated weights: finite, ≥ 0, one per value of x, with a positive total. */
interface Weights {
  values: Float64Array;
  total: number;
  /** Kish's effective sample size (Σw)²/Σw² (scipy's `neff` = 1/Σŵ² for ŵ = w/Σw). */
  effectiveN: number;
}

function checkWeights(weights: Numbers, n: number): Weights {
  const w = toFloat64(weights, { name: "weights" });
  if (w.length !== n) {
    throw new InputError(`weights has ${w.length} elements but x has ${n}; give one weight per value`, { argument: "weights" });
  }
  for (let i = 0; i < n; i++) {
    if (w[i] < 0) {
      throw new InputError(`weights[${i}] is ${w[i]}; weights must be non-negative`, { argument: "weights", index: i });
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  if (!Number.isFinite(total)) throw new InputError(`the weights sum to Infinity (beyond the largest double); rescale them`, { argument: "weights" });
  if (!(total > 0)) throw new InputError(`the weights sum to 0; at least one weight must be positive`, { argument: "weights" });
  total = sum(w); // compensated: the normalisation by Σw is then exact to ~1 ulp
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = w[i] / total;
    s2 += u * u;
  }
  return { values: w, total, effectiveN: 1 / s2 };
}

/** numpy's pairwise summation (`np.sum` of a contiguous float64 array: blocks of 128, eight accumulators). */
function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[from + i];
    return s;
  }
  if (n <= 128) {
    const r = [a[from], a[from + 1], a[from + 2], a[from + 3], a[from + 4], a[from + 5], a[from + 6], a[from + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += a[from + i + k];
    let s = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) s += a[from + i];
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

/**
 * scipy `gaussian_kde`'s bandwidth h = factor·σ̂ (the square root of its `covariance` in one dimension), with
 * factor = n_eff^(−1/5) (`scott_factor`) or (n_eff·3/4)^(−1/5) (`silverman_factor`). Unweighted: n_eff = n and
 * σ̂ = the sample sd (ddof 1). Weighted (ŵ = w/Σw): n_eff = 1/Σŵ² and σ̂² = `np.cov(x, aweights=ŵ, ddof=1)` =
 * Σŵ(x − x̄_ŵ)² / (Σŵ − Σŵ²/Σŵ), x̄_ŵ = Σŵx/Σŵ.
 */
function scipyBandwidth(x: Float64Array, weights: Weights | null, rule: "scipy-scott" | "scipy-silverman"): number {
  let neff: number;
  let sigma: number;
  if (!weights) {
    neff = x.length;
    sigma = sd(x);
  } else {
    const n = x.length;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = weights.values[i] / weights.total;
    const wx = new Float64Array(n);
    const w2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      wx[i] = w[i] * x[i];
      w2[i] = w[i] * w[i];
    }
    const wsum = pairwiseSum(w, 0, n);
    const avg = pairwiseSum(wx, 0, n) / wsum;
    const sw2 = pairwiseSum(w2, 0, n);
    neff = 1 / sw2;
    const fact = wsum - sw2 / wsum;
    if (!(fact > 0)) {
      throw new InputError(
        `bandwidth rule '${rule}': the weights put all their mass on one observation (n_eff = ${neff}), where scipy's weighted covariance is undefined; pass a numeric bandwidth`,
        { argument: "weights" },
      );
    }
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - avg;
      ss += d * (d * w[i]); // np.cov: dot(X, (X·w)ᵀ)
    }
    sigma = Math.sqrt(ss / fact);
  }
  const factor = rule === "scipy-scott" ? Math.pow(neff, -1 / 5) : Math.pow((neff * (1 + 2)) / 4, -1 / (1 + 4));
  return factor * sigma;
}

/* R's bw.SJ (method "ste"): stats/R/bandwidths.R, stats/src/bandwidths.c, appl/zeroin.c (R 4.2). */

const SJ_BINS = 1000;
const SJ_DELMAX = 1000;
const M_1_SQRT_2PI = 0.398942280401432677939946059934;

/**
 * R's pair counts `bw_pair_cnts(x, nb, n > nb/2)`: the distances |i − j| between the bins (of width
 * d = 1.01·range/nb, indexed by trunc(x/d), i.e. toward zero) of all pairs of observations. R's C code converts
 * x/d with `(int)`, which overflows beyond 2^31 (data far from 0 relative to their range); here the truncation is
 * exact.
 */
function sjPairCounts(x: Float64Array, xmin: number, xmax: number): { d: number; cnt: Float64Array } {
  const n = x.length;
  const nb = SJ_BINS;
  const cnt = new Float64Array(nb);
  if (n > nb / 2) {
    // bw_pair_cnts(binned = TRUE): xx = trunc(|x|/d)·sign(x) − min + 1, tabulate(xx, nb), then bw_den_binned.
    const d = ((xmax - xmin) * 1.01) / nb;
    const xx = new Float64Array(n);
    let lo = Infinity;
    for (let i = 0; i < n; i++) {
      xx[i] = Math.trunc(Math.abs(x[i]) / d) * Math.sign(x[i]);
      if (xx[i] < lo) lo = xx[i];
    }
    const tab = new Float64Array(nb);
    for (let i = 0; i < n; i++) {
      const b = xx[i] - lo + 1; // R's 1-based bin; tabulate ignores bins beyond nb
      if (b >= 1 && b <= nb) tab[b - 1]++;
    }
    for (let ii = 0; ii < nb; ii++) {
      const w = tab[ii];
      cnt[0] += w * (w - 1);
      for (let jj = 0; jj < ii; jj++) cnt[ii - jj] += w * tab[jj];
    }
    cnt[0] *= 0.5;
    return { d, cnt };
  }
  const rang = (xmax - xmin) * 1.01;
  const d = rang / nb;
  const bin = new Float64Array(n);
  for (let i = 0; i < n; i++) bin[i] = Math.trunc(x[i] / d);
  for (let i = 1; i < n; i++) {
    const ii = bin[i];
    for (let j = 0; j < i; j++) cnt[Math.abs(ii - bin[j])] += 1;
  }
  return { d, cnt };
}

/** R's `bw_phi4`: the estimate of ∫f''² (R's SDh) from the pair counts at bandwidth h. */
function sjPhi4(n: number, d: number, cnt: Float64Array, h: number): number {
  let s = 0;
  for (let i = 0; i < cnt.length; i++) {
    let delta = (i * d) / h;
    delta *= delta;
    if (delta >= SJ_DELMAX) break;
    const term = Math.exp(-delta / 2) * (delta * delta - 6 * delta + 3);
    s += term * cnt[i];
  }
  s = 2 * s + n * 3;
  return (s / (n * (n - 1) * Math.pow(h, 5))) * M_1_SQRT_2PI;
}

/** R's `bw_phi6`: the estimate of −∫f'''² (R's TDh). */
function sjPhi6(n: number, d: number, cnt: Float64Array, h: number): number {
  let s = 0;
  for (let i = 0; i < cnt.length; i++) {
    let delta = (i * d) / h;
    delta *= delta;
    if (delta >= SJ_DELMAX) break;
    const term = Math.exp(-delta / 2) * (delta * delta * delta - 15 * delta * delta + 45 * delta - 15);
    s += term * cnt[i];
  }
  s = 2 * s - 15 * n;
  return (s / (n * (n - 1) * Math.pow(h, 7))) * M_1_SQRT_2PI;
}

/**
 * R's `R_zeroin2` (appl/zeroin.c: Brent's method as in Forsythe, Malcolm & Moler), called by `uniroot` with
 * f(a), f(b) already known. Returns the root estimate b and whether it converged within maxit steps.
 */
function rZeroin2(f: (x: number) => number, ax: number, bx: number, fa0: number, fb0: number, tol: number, maxIter: number): { root: number; converged: boolean } {
  const EPS = Number.EPSILON;
  let a = ax;
  let b = bx;
  let fa = fa0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let maxit = maxIter + 1;
  if (fa === 0) return { root: a, converged: true };
  if (fb === 0) return { root: b, converged: true };
  while (maxit--) {
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
    if (Math.abs(newStep) <= tolAct || fb === 0) return { root: b, converged: true };
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let t1: number;
      let t2: number;
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        q = fa / fc;
        t1 = fb / fc;
        t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
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
  return { root: b, converged: false };
}

/** R's `bw.SJ(x)` (nb = 1000, method "ste", lower = 0.1·hmax, upper = hmax, tol = 0.1·lower). */
function sheatherJones(x: Float64Array, order: OrderStatistics): number {
  const n = x.length;
  let xmin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < xmin) xmin = x[i];
    if (x[i] > xmax) xmax = x[i];
  }
  const { d, cnt } = sjPairCounts(x, xmin, xmax);
  const iqr = quantile7(order, 0.75) - quantile7(order, 0.25);
  const scale = Math.min(sd(x), iqr / 1.349);
  if (!(scale > 0)) {
    throw new InputError(
      `bandwidth rule 'sj' (R's bw.SJ) needs a positive spread: min(sd, IQR/1.349) is ${scale} for these data (R stops with "sample is too sparse to find TD"); pass a numeric bandwidth or another rule`,
      { argument: "bandwidth" },
    );
  }
  const a = 1.24 * scale * Math.pow(n, -1 / 7);
  const b = 1.23 * scale * Math.pow(n, -1 / 9);
  const c1 = 1 / (2 * Math.sqrt(Math.PI) * n);
  const TD = -sjPhi6(n, d, cnt, b);
  if (!Number.isFinite(TD) || TD <= 0) {
    throw new InputError(`bandwidth rule 'sj' (R's bw.SJ): sample is too sparse to find TD`, { argument: "bandwidth" });
  }
  const hmax = 1.144 * scale * Math.pow(n, -1 / 5);
  const alph2 = 1.357 * Math.pow(sjPhi4(n, d, cnt, a) / TD, 1 / 7);
  if (!Number.isFinite(alph2)) {
    throw new InputError(`bandwidth rule 'sj' (R's bw.SJ): sample is too sparse to find alph2`, { argument: "bandwidth" });
  }
  const fSD = (h: number): number => Math.pow(c1 / sjPhi4(n, d, cnt, alph2 * Math.pow(h, 5 / 7)), 1 / 5) - h;
  let lower = 0.1 * hmax;
  let upper = hmax;
  for (let itry = 1; ; itry++) {
    const p = fSD(lower) * fSD(upper);
    if (Number.isNaN(p)) {
      throw new InputError(`bandwidth rule 'sj' (R's bw.SJ): the Sheather–Jones equation is undefined (NaN) on [${lower}, ${upper}] for these data`, { argument: "bandwidth" });
    }
    if (!(p > 0)) break;
    if (itry > 99) throw new InputError(`bandwidth rule 'sj' (R's bw.SJ): no solution in the specified range of bandwidths`, { argument: "bandwidth" });
    if (itry % 2) upper = upper * 1.2;
    else lower = lower / 1.2;
  }
  // uniroot(fSD, c(lower, upper), tol = 0.1 * lower): R evaluates the default tol lazily, with the final lower.
  const r = rZeroin2(fSD, lower, upper, fSD(lower), fSD(upper), 0.1 * lower, 1000);
  return r.root; // R warns when uniroot does not converge in 1000 steps and returns the last estimate
}

/* KDEpy's improved Sheather–Jones (bw_selection.py, Botev, Grotowski & Kroese 2010). */

const ISJ_GRID = 1024;

/** scipy `fftpack.dct(x)` (type II, unnormalised): y_k = 2·Σ_n x_n·cos(π·k·(2n + 1)/(2N)), by direct sums. */
function dct2(x: Float64Array): Float64Array {
  const N = x.length;
  const M = 4 * N;
  const table = new Float64Array(M);
  for (let m = 0; m < M; m++) table[m] = Math.cos((Math.PI * m) / (2 * N));
  const y = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    let s = 0;
    for (let n = 0; n < N; n++) s += x[n] * table[(k * (2 * n + 1)) % M];
    y[k] = 2 * s;
  }
  return y;
}

/** KDEpy `_fixed_point(t, N, I_sq, a2)`: t − ξγ^[ℓ](t) with ℓ = 7 (float64, numpy's pairwise sums). */
function isjFixedPoint(t: number, N: number, iSq: Float64Array, a2: Float64Array, buf: Float64Array): number {
  const PI2 = Math.PI * Math.PI;
  const m = iSq.length;
  const ell = 7;
  for (let i = 0; i < m; i++) buf[i] = Math.pow(iSq[i], ell) * a2[i] * Math.exp(-iSq[i] * PI2 * t);
  let f = 0.5 * Math.pow(Math.PI, 2 * ell) * pairwiseSum(buf, 0, m);
  if (f <= 0) return -1;
  for (let s = ell - 1; s >= 2; s--) {
    let odd = 1;
    for (let k = 1; k < 2 * s + 1; k += 2) odd *= k;
    const K0 = odd / Math.sqrt(2 * Math.PI);
    const cnst = (1 + Math.pow(1 / 2, s + 1 / 2)) / 3;
    const time = Math.pow((2 * cnst * K0) / (N * f), 2.0 / (3.0 + 2.0 * s));
    for (let i = 0; i < m; i++) buf[i] = Math.pow(iSq[i], s) * a2[i] * Math.exp(-iSq[i] * PI2 * time);
    f = 0.5 * Math.pow(Math.PI, 2 * s) * pairwiseSum(buf, 0, m);
  }
  const tOpt = Math.pow(2 * N * Math.sqrt(Math.PI) * f, -2.0 / 5);
  return t - tOpt;
}

/**
 * scipy `optimize.brentq` (Zeros/brentq.c) with its defaults xtol = 2e−12, rtol = 4ε, maxiter = 100. Returns
 * null when f(a) and f(b) have the same sign or f gives NaN (scipy raises ValueError; KDEpy catches it).
 */
function scipyBrentq(f: (x: number) => number, xa: number, xb: number): { root: number; converged: boolean } | null {
  const xtol = 2e-12;
  const rtol = 4 * Number.EPSILON;
  let xpre = xa;
  let xcur = xb;
  let xblk = 0;
  let fblk = 0;
  let spre = 0;
  let scur = 0;
  let fpre = f(xpre);
  if (Number.isNaN(fpre)) return null;
  let fcur = f(xcur);
  if (Number.isNaN(fcur)) return null;
  if (fpre * fcur > 0) return null;
  if (fpre === 0) return { root: xpre, converged: true };
  if (fcur === 0) return { root: xcur, converged: true };
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
    if (fcur === 0 || Math.abs(sbis) < delta) return { root: xcur, converged: true };
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) {
        stry = (-fcur * (xcur - xpre)) / (fcur - fpre);
      } else {
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
    if (Math.abs(scur) > delta) xcur += scur;
    else xcur += sbis > 0 ? delta : -delta;
    fcur = f(xcur);
    if (Number.isNaN(fcur)) return null;
  }
  return { root: xcur, converged: false };
}

/**
 * KDEpy's `improved_sheather_jones(data, weights)` in float64, as `FFTKDE(bw="ISJ").fit(x, weights)` calls it (see
 * {@link bandwidth}, rule 'isj'). Observations with weight 0 are dropped first, as KDEpy drops weights ≤ 0.
 */
function improvedSheatherJones(x: Float64Array, weights: Weights | null): number {
  let data = x;
  let w: Float64Array | null = null;
  if (weights) {
    let kept = 0;
    for (let i = 0; i < x.length; i++) if (weights.values[i] > 0) kept++;
    data = new Float64Array(kept);
    w = new Float64Array(kept);
    for (let i = 0, k = 0; i < x.length; i++) {
      if (weights.values[i] > 0) {
        data[k] = x[i];
        w[k++] = weights.values[i];
      }
    }
  }
  const obs = data.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < obs; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  const range = max - min;
  if (!(range > 0)) {
    throw new InputError(
      `bandwidth rule 'isj' needs at least two distinct values${weights ? " with positive weight" : ""}; these data have one (${min})`,
      { argument: "bandwidth" },
    );
  }
  // autogrid(data, boundary_abs = 6, num_points = 1024, boundary_rel = 0.5): np.linspace(min − b, max + b, 1024),
  // b = max(0.5·range, 6) in the data's units.
  const border = Math.max(0.5 * range, 6);
  const gridMin = min - border;
  const gridMax = max + border;
  // linbin_cython: dx = (max − min of the grid)/1023, floor of (x − min)/dx, the remainder to the right neighbour.
  const dx = (gridMax - gridMin) / (ISJ_GRID - 1);
  const binned = new Float64Array(ISJ_GRID + 1);
  if (w) {
    // KDEpy's fit() divides the weights by their sum before the bandwidth rule sees them, and linbin_cython
    // divides them by their sum again.
    const fitSum = pairwiseSum(weights!.values, 0, weights!.values.length); // over all weights, zeros included
    for (let i = 0; i < obs; i++) w[i] /= fitSum;
    const wsum = pairwiseSum(w, 0, obs);
    for (let i = 0; i < obs; i++) {
      const u = (data[i] - gridMin) / dx;
      const k = Math.floor(u);
      const frac = u - k;
      const wi = w[i] / wsum;
      const fw = frac * wi;
      binned[k + 1] += fw;
      binned[k] += wi - fw;
    }
  } else {
    for (let i = 0; i < obs; i++) {
      const u = (data[i] - gridMin) / dx;
      const k = Math.floor(u);
      const frac = u - k;
      binned[k] += 1 - frac;
      binned[k + 1] += frac;
    }
    for (let i = 0; i < ISJ_GRID; i++) binned[i] /= obs;
  }
  const a = dct2(binned.subarray(0, ISJ_GRID));
  const iSq = new Float64Array(ISJ_GRID - 1);
  const a2 = new Float64Array(ISJ_GRID - 1);
  for (let k = 1; k < ISJ_GRID; k++) {
    iSq[k - 1] = k * k;
    a2[k - 1] = a[k] * a[k];
  }
  // N = the number of distinct values.
  const sorted = sortedCopy(data);
  let N = 1;
  for (let i = 1; i < obs; i++) if (sorted[i] !== sorted[i - 1]) N++;
  const buf = new Float64Array(ISJ_GRID - 1);
  const f = (t: number): number => isjFixedPoint(t, N, iSq, a2, buf);
  // KDEpy's _root: brentq on [0, tol], tol = 10e−12 + 0.01·(N' − 50)/1000 with N' = N clamped to [50, 1050],
  // doubling tol while f(0) and f(tol) have the same sign, giving up once tol ≥ 1.
  const Nc = Math.max(Math.min(1050, N), 50);
  let tol = 10e-12 + (0.01 * (Nc - 50)) / 1000;
  for (;;) {
    const r = scipyBrentq(f, 0, tol);
    if (r === null) tol *= 2.0;
    else if (!r.converged || !(r.root > 0)) {
      // KDEpy would retry the same interval forever here.
      throw new InputError(`bandwidth rule 'isj': the root finder did not find a positive solution on [0, ${tol}] (KDEpy would not return)`, { argument: "bandwidth" });
    } else return Math.sqrt(r.root) * range;
    if (tol >= 1) throw new InputError(`bandwidth rule 'isj': root finding did not converge (KDEpy: "Need more data"); n = ${obs}, ${N} distinct values`, { argument: "bandwidth" });
  }
}

/** The rules of scipy, R's bw.SJ and KDEpy's ISJ (weights: see {@link bandwidth}). */
function addedRuleBandwidth(x: Float64Array, weights: Weights | null, rule: BandwidthRule, getOrder: () => OrderStatistics): number {
  switch (rule) {
    case "scipy-scott":
    case "scipy-silverman":
      return scipyBandwidth(x, weights, rule);
    case "sj":
      return sheatherJones(x, getOrder());
    case "isj":
      return improvedSheatherJones(x, weights);
    default:
      return ruleBandwidth(x, getOrder, rule);
  }
}

function isGretlOrRRule(rule: BandwidthRule): boolean {
  return rule === "gretl" || rule === "nrd0" || rule === "nrd" || rule === "scott";
}

/** Rules that use the weights (scipy's and KDEpy's); R's and Gretl's ignore them, as R's `density` does. */
function ruleUsesWeights(rule: BandwidthRule): boolean {
  return rule === "scipy-scott" || rule === "scipy-silverman" || rule === "isj";
}

/* ------------------------------------------------------------------------------------------------------------ */
/* kde                                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * The standard deviation and quartiles that Gretl's and R's rules ("gretl", "nrd0", "nrd") use, for a sample of at
 * least 32768 values, from one pass (plus a 4096-value sample; see {@link orderStatisticsWithMoments}), with the
 * sample's range; null for other rules, smaller samples, values that are not finite, or when the sampled
 * selection does not apply (each part is then computed on its own). The standard deviation comes from sums about
 * the sample median, s² = (Σd² − (Σd)²/n)/(n − 1), equal to the two-pass value to rounding; every entry point
 * (`bandwidth`, and `kde` with any method) uses it for such samples, so that a rule gives the same bits whichever
 * way it is called. Why: on 10^6 values the range, s and the quartiles would otherwise be three passes over the
 * data besides the binning, each costing about as much as the binning itself.
 */
function largeSampleSpread(values: Float64Array, rule: BandwidthRule | number): { min: number; max: number; sd: number; quartiles: Map<number, number> } | null {
  if (values.length < 32768 || (rule !== "gretl" && rule !== "nrd0" && rule !== "nrd")) return null;
  const n = values.length;
  const ranks = quartileRanks(n);
  const found = orderStatisticsWithMoments(values, ranks);
  if (!found || !found.moments.finite) return null;
  const { min, max, shiftedSum, shiftedSquares } = found.moments;
  const sd = Math.sqrt(Math.max(0, shiftedSquares - (shiftedSum * shiftedSum) / n) / (n - 1));
  return { min, max, sd, quartiles: new Map(ranks.map((k, j) => [k, found.values[j]])) };
}

/**
 * kde's check of x fused with {@link largeSampleSpread} when x is a large Float64Array and the bandwidth is one of
 * its rules (no convention; weights do not matter, these rules ignore them): the check's pass is the spread's pass.
 */
function onePassSpread(x: Numbers, options: KdeOptions): { values: Float64Array; min: number; max: number; sum: undefined; sd: number; quartiles: Map<number, number> } | null {
  if (!(x instanceof Float64Array) || options.convention !== undefined) return null;
  const spread = largeSampleSpread(x, options.bandwidth ?? "gretl");
  return spread && { values: x, sum: undefined, ...spread };
}

export interface KdeOptions {
  /**
   * "gaussian" (default), "epanechnikov" (support ±√5·h), or R's "rectangular" (±√3·h), "triangular" (±√6·h),
   * "biweight" (±√7·h), "cosine" (±2.766·h); all with unit variance (see the module comment).
   */
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
   * One non-negative weight per value of x (positive total), normalised by their sum: f(t) = Σ ŵ_i·k((t − x_i)/h)/h
   * with ŵ_i = w_i/Σw (KDEpy; R's `density(weights = w/sum(w))`). Not with convention "gretl". See {@link kde}.
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
  /** Whether weights were given. */
  weighted: boolean;
  /** Kish's effective sample size (Σw)²/Σw² (scipy's `neff`); n without weights. */
  effectiveN: number;
  /**
   * Whether the bandwidth rule used the weights: true for 'scipy-scott', 'scipy-silverman' and 'isj' with weights;
   * false for a number, for R's and Gretl's rules (which, as in R's `density`, see x alone) and without weights.
   */
  bandwidthWeighted: boolean;
}

function checkKernel(kernel: unknown): Kernel {
  if (typeof kernel !== "string" || !(KERNELS as readonly string[]).includes(kernel)) {
    throw new InputError(`kernel must be one of ${KERNELS.map((k) => `'${k}'`).join(", ")}; got ${describe(kernel)}`, { argument: "kernel" });
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
  const h = scale * ruleBandwidth(sorted, () => fromSorted(sorted), "gretl");
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
    weighted: false,
    effectiveN: n,
    bandwidthWeighted: false,
  };
}

/** The largest grid `kde` evaluates (16 bytes a point for x and density: 160 MB). */
const MAX_GRID_POINTS = 10_000_000;

/**
 * kde of data whose magnitude is near the end of the double range (±1e308: their range and 3h margins overflow):
 * the same estimate computed on x/c for a power of two c, exactly, with
 * the grid and bandwidth multiplied back by c and the density divided by c (f_x(t) = f_{x/c}(t/c)/c).
 */
function rescaledKde(data: Float64Array, options: KdeOptions, c: number): KdeResult {
  const scaled = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) scaled[i] = data[i] / c;
  const o: KdeOptions = { ...options };
  if (typeof options.bandwidth === "number") o.bandwidth = options.bandwidth / c;
  if (options.range !== undefined && Array.isArray(options.range)) o.range = [options.range[0] / c, options.range[1] / c];
  if (options.grid !== undefined && typeof options.grid !== "number") o.grid = Float64Array.from(toFloat64(options.grid, { name: "grid" }), (t) => t / c);
  const r = kde(scaled, o);
  const xs = Float64Array.from(r.x, (t) => t * c);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) {
      throw new InputError(
        `the evaluation grid of these data reaches ${r.x[i] < 0 ? "-" : ""}${Math.abs(r.x[i])}·${c}, beyond the largest double (1.8e308); pass a range (or grid points) inside it`,
        { argument: "range" },
      );
    }
  }
  return { ...r, x: xs, density: Float64Array.from(r.density, (f) => f / c), bandwidth: r.bandwidth * c, binWidth: r.binWidth * c };
}

/**
 * Kernel density estimate f(t) = (1/(n·h))·Σ_i k((t − x_i)/h) on a grid of points; with `weights`,
 * f(t) = (1/h)·Σ_i ŵ_i·k((t − x_i)/h), ŵ_i = w_i/Σw.
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
 * "binned", Gaussian kernel on a regular grid (`grid` a number: the usual call): the data are linearly binned onto
 * a refinement of the output grid by r = 2^k (spacing δ = Δ/r ≤ h/16, Δ the output spacing), one real FFT of
 * length N = 2^j, the product with the Gaussian's transform in closed form divided by the linear-binning factor
 * sinc²(πl/N), and one inverse FFT of length N/r ≥ m that yields exactly the output points (no interpolation);
 * O(n + N log N) with N ≈ (range + 14h)/δ. Error against the exact sum: linear binning errs by
 * t(1−t)·(δ/h)²/2·|φ''| for an observation at offset tδ between two bins, and the sinc² division removes its
 * average (1/6), so each observation errs by at most (δ/h)²/12 of its own peak φ(0)/(nh) to leading order (reached
 * by a lone observation, or by ties that all fall on a bin): ≤ 3.3·10^−4 of a single observation's peak, and in
 * absolute terms ≤ ((δ/h)²/12 + (δ/h)⁴)·φ(0)/h for any sample (the tests check both). On continuous samples the
 * offsets average out: measured max |binned − exact| / peak = 3.6·10^−6 at n = 10^3, 2.5·10^−6 at 10^4 and
 * 6.4·10^−7 at 10^5 (normal mixture, 512 points, nrd0; `npm run bench` prints the error of every run).
 * "binned", other kernels or explicit points: the data are linearly binned onto a regular grid of spacing δ ≤ h/64 (an FFT length N = 2^k ≥ 1024,
 * at most 2^20), convolved with the kernel sampled on that grid by one real-pair FFT (see ./fft), and the result
 * is linearly interpolated onto the requested points: O(n + N log N) (the rules "gretl", "nrd0" and "nrd" also
 * sort x for their quartiles, O(n log n); a numeric bandwidth or "scott" does not; "sj" adds R's pair counts, O(n²)
 * up to 500 values and O(n + 10^6) above, "isj" a sort and a 1024-point DCT). The Gaussian kernel is
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
 * R's other kernels, sampled on the same grid (support ±√3h, ±√6h, ±√7h, ±2.766h): biweight and cosine are
 * continuously differentiable with bounded k'', so the Gaussian argument gives at most (δ/h)²/4·max|k''|/k(0) of a
 * single observation's peak: (δ/h)²·2/7 ≤ 7.0·10^−5 for biweight (max|k''|/k(0) = 8/7) and
 * (δ/h)²·(π²/6 − 1)/4 ≤ 4.0·10^−5 for cosine (measured 3.7·10^−6 and 2.4·10^−6 for single points,
 * 2.7·10^−6 and 2.8·10^−6 on 10^5 mixture points; the tests check ≤ (δ/h)² on random small samples). The
 * triangular kernel is piecewise linear with kinks at 0 (slope jump 1/3) and ±√6h (1/6): first order, at most
 * 2·(√6/12)·δ/h ≈ 0.41·δ/h ≤ 6.4·10^−3 of a single observation's peak (measured 1.9·10^−4; 2.8·10^−6 on 10^5
 * mixture points; the tests check ≤ δ/h). The rectangular kernel jumps at ±√3h: the binned estimate equals the
 * exact one (to rounding) except within 2δ of a jump x_i ± √3h, where that observation's term can be off by up
 * to its full height 1/(2√3·h) (measured 0.49 of a single observation's peak, 2.1·10^−3 of the peak on 10^5
 * mixture points) while the integrated absolute error stays at most (4/√3)·δ/h ≈ 2.31·δ/h per unit mass; use
 * "exact" when the values near the jumps matter (the tests check both statements).
 * With weights, each observation enters the binning with weight w_i (w_i·(1 − t) and w_i·t to its two grid points)
 * and the estimate is divided by Σw instead of n; the bounds above hold per unit of weight.
 * "auto" (default): "binned" when n > 10 000, else "exact" (the exact sum costs at most ~5·10^6 kernel terms
 * there, and small samples are where a lone observation's error would show); it also falls back to "exact" when
 * the data's range would need more than 2^20 bins (far outliers). With "binned" forced, N is capped at 2^20 and the
 * result's `binWidth` shows the δ actually used.
 *
 * **Weights** follow KDEpy (`weights` normalised by their sum) and R's `density(x, weights = w/sum(w))` (R itself
 * expects weights that sum to 1 and warns otherwise; it does not normalise them). The bandwidth rules 'scipy-scott',
 * 'scipy-silverman' and 'isj' use the weights as scipy and KDEpy do; R's and Gretl's rules and 'sj' compute the
 * bandwidth from x alone, as R's `density(weights =)` does (`bandwidthWeighted` in the result says which
 * happened); see {@link bandwidth}. `effectiveN` reports Kish's (Σw)²/Σw². Weights of 0 keep their observation
 * out of the sums (it still counts in `n`). Convention "gretl" takes no weights.
 *
 * @param x finite numbers (any order; NaN, ±Infinity, null are rejected with their index).
 * @throws InputError for bad data, an unknown kernel / rule / method, a non-positive bandwidth or scale (a rule that
 *   gives 0 — constant data — is reported as such), a bad grid or range, or Gretl's refusals; for weights that are
 *   negative, NaN or infinite (naming the element, e.g. "weights[3] is -1"), of the wrong length, or sum to 0.
 * @example
 * kde([-1, 0, 0, 1], { bandwidth: 1, grid: [0] }).density[0] // → 0.320456502460288 (= (2φ(0) + 2φ(1))/4)
 * @example
 * kde([-1, 0, 0, 1], { kernel: "epanechnikov", bandwidth: 1, grid: [0] }).density[0]
 * // → 0.3018691769624717 (= (2·3/(4√5) + 2·3/(4√5)·(1 − 1/5))/4)
 * @example
 * kde([0, 1], { weights: [3, 1], bandwidth: 1, grid: [0] }).density[0] // → 0.3596993914308604 (= (3φ(0) + φ(1))/4)
 * @example
 * kde([0], { kernel: "rectangular", bandwidth: 1, grid: [0] }).density[0] // → 0.2886751345948129 (= 1/(2√3))
 * @example
 * kde([0], { kernel: "triangular", bandwidth: 1, grid: [1] }).density[0] // → 0.24158162379719633 (= (1 − 1/√6)/√6)
 * @example
 * kde([0], { kernel: "biweight", bandwidth: 1, grid: [0] }).density[0] // → 0.3543416934461505 (= 15/(16√7))
 * @example
 * kde([0], { kernel: "cosine", bandwidth: 1, grid: [0] }).density[0] // → 0.361512055191328 (= 1/c = √(1/3 − 2/π²))
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
  const kernel = checkKernel(options.kernel ?? "gaussian");
  const scale = checkScale(options.scale ?? 1);
  const method = checkMethod(options.method ?? "auto");
  if (options.convention !== undefined && options.convention !== "gretl") {
    throw new InputError(`convention must be 'gretl' or absent; got ${describe(options.convention)}`, { argument: "convention" });
  }
  // Read-only from here on: a Float64Array is checked in place rather than copied. A large one estimated binned
  // with a quartile rule is checked in the pass that finds its range, spread and quartiles (see onePassSpread).
  const fused = onePassSpread(x, options);
  const { values: data, min: xmin, max: xmax, sum: xsum } = fused ?? toFloat64WithExtent(x, { name: "x", copy: false, withSum: typeof options.bandwidth !== "number" });
  const n = data.length;
  const weights = options.weights === undefined ? null : checkWeights(options.weights, n);
  if (typeof options.grid === "number" && Number.isInteger(options.grid) && options.grid > MAX_GRID_POINTS) {
    throw new InputError(
      `grid of ${options.grid} points would need ${((options.grid * 16) / 2 ** 30).toFixed(1)} GiB for x and density; at most ${MAX_GRID_POINTS} points (pass the points you need as an array)`,
      { argument: "grid" },
    );
  }
  // Data beyond ±2^1000 (≈1e301): the range and its 3h margins would overflow. Only then is the whole estimate
  // computed on rescaled data (a bandwidth or grid given in the data's units scales with it).
  if (Math.max(Math.abs(xmin), Math.abs(xmax)) > 2 ** 1000) {
    if (options.bandwidth === "isj") {
      throw new InputError(`bandwidth rule 'isj' (KDEpy's absolute grid margin of 6) is not available for data beyond ±2^1000; pass a numeric bandwidth`, { argument: "bandwidth" });
    }
    return rescaledKde(data, options, scaledByPowerOfTwo(Float64Array.of(xmin, xmax)).factor);
  }

  if (options.convention === "gretl") {
    if (weights) {
      throw new InputError(`convention 'gretl' has no weights (Gretl's kdensity does not take any); do not pass weights`, { argument: "weights" });
    }
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
    // The exact sum sorts the data anyway; the binned estimate needs only four order statistics (selection).
    const sortsAnyway = method === "exact" || (method === "auto" && n <= AUTO_BINNED_ABOVE);
    // Gretl's and R's rules see x alone, with or without weights (as R's density(weights =) does).
    const spread = fused ?? largeSampleSpread(data, rule);
    const getOrder = (): OrderStatistics => (sortsAnyway || sortedCache ? fromSorted(getSorted()) : bySelection(data, spread?.quartiles));
    h = scale * (!isGretlOrRRule(rule) ? addedRuleBandwidth(data, weights, rule, getOrder) : ruleBandwidth(data, getOrder, rule, xsum, spread?.sd));
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
  let regular: { lo: number; hi: number } | null = null;
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
    regular = { lo, hi };
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
    const b =
      (kernel === "gaussian" && regular ? gaussianGridSums(data, xmin, xmax, h, regular.lo, regular.hi, points.length, weights) : null) ??
      binnedSums(data, xmin, xmax, h, kernel, points, method === "binned", weights);
    if (b) {
      used = "binned";
      density = b.density;
      bins = b.bins;
      binWidth = b.binWidth;
    }
  }
  if (!density) {
    if (weights) {
      const { sorted, carried } = sortWithPayload(data, weights.values);
      density = generalExactSums(sorted, carried, weights.total, h, kernel, points);
    } else density = exactSums(getSorted(), h, kernel, points);
  }
  return {
    x: points,
    density,
    bandwidth: h,
    bandwidthRule: rule,
    scale,
    kernel,
    method: used,
    n,
    convention: null,
    bins,
    binWidth,
    weighted: weights !== null,
    effectiveN: weights ? weights.effectiveN : n,
    bandwidthWeighted: weights !== null && rule !== null && ruleUsesWeights(rule),
  };
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
