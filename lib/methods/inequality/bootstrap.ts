/**
 * Bootstrap confidence intervals for the Gini index (percentile and BCa), seeded and reproducible, with the
 * interval arithmetic of R's `boot::boot.ci` (which `DescTools::Gini(x, conf.level = …)` calls). Re-exported by
 * `baltic-repro/inequality`.
 */
import { gini } from "./inequality";
import { normalCdf, normalQuantile } from "../../numeric/normal";
import { DEFAULT_SEED, Xoshiro128StarStar, checkSeed } from "../../numeric/random";
import { sortedFloat64 } from "../../numeric/sort";
import { InputError, sameLength, toFloat64 } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

/** A bootstrap confidence interval. */
export interface BootstrapInterval {
  lower: number;
  upper: number;
  level: number;
  method: "percentile" | "bca";
  /** BCa's bias correction z0 = Φ⁻¹(#{t* < t0}/R) and acceleration a = ΣL³/(6(ΣL²)^1.5) (absent for percentile). */
  bias?: number;
  acceleration?: number;
}

/**
 * `boot`'s `norm.inter`: the α-quantile of the R replicates as the order statistic t*_(k) when k = (R + 1)α is
 * whole, else interpolated between t*_(k) and t*_(k+1) on the normal quantile scale; the extremes when k < 1 or
 * k ≥ R (boot warns then).
 */
function normInter(sorted: Float64Array, alpha: number): number {
  const R = sorted.length;
  const rk = (R + 1) * alpha;
  const k = Math.trunc(rk);
  if (k === rk && k >= 1 && k <= R) return sorted[k - 1];
  if (k <= 0) return sorted[0];
  if (k >= R) return sorted[R - 1];
  const t1 = normalQuantile(alpha);
  const t2 = normalQuantile(k / (R + 1));
  const t3 = normalQuantile((k + 1) / (R + 1));
  const tk = sorted[k - 1];
  const tk1 = sorted[k];
  return tk + ((t1 - t2) / (t3 - t2)) * (tk1 - tk);
}

/**
 * The percentile or BCa interval from bootstrap replicates, as R `boot.ci(…, type = "perc" | "bca")` computes it
 * (Davison & Hinkley 1997, §5.3): percentile: the α/2 and 1 − α/2 quantiles of the replicates (`norm.inter`);
 * BCa: the quantiles at Φ(z0 + (z0 + z_α)/(1 − a(z0 + z_α))) with z0 = Φ⁻¹(#{t* < t0}/R) and the acceleration
 * a = Σ L_i³ / (6 (Σ L_i²)^{3/2}) from empirical influence values L (here the jackknife's,
 * L_i = (n − 1)(θ̂ − θ_(−i)), `boot::empinf(type = "jack")`).
 *
 * @throws InputError for a level outside (0, 1), no replicates, a non-finite replicate, BCa without influence
 *   values, or an infinite bias (every replicate on one side of t0).
 * @example bootstrapInterval(0.5, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], { level: 0.8, method: "percentile" })
 * // → { lower: 0.1, upper: 0.9, level: 0.8, method: "percentile" }  ((R + 1)·0.1 = 1: the smallest, the largest)
 */
export function bootstrapInterval(
  t0: number,
  replicates: Numbers,
  options: { level?: number; method?: "percentile" | "bca"; influence?: Numbers } = {},
): BootstrapInterval {
  const level = options.level === undefined ? 0.95 : options.level;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new InputError(`level must be between 0 and 1 (0.95 for a 95 % interval), got ${String(level)}`, { argument: "level" });
  const method = options.method === undefined ? "bca" : options.method;
  if (method !== "percentile" && method !== "bca") throw new InputError(`method must be "percentile" or "bca", got ${JSON.stringify(method)}`, { argument: "method" });
  const t = sortedFloat64(toFloat64(replicates, { name: "replicates" }));
  const alphas = [(1 - level) / 2, (1 + level) / 2];
  if (method === "percentile") {
    return { lower: normInter(t, alphas[0]), upper: normInter(t, alphas[1]), level, method };
  }
  if (options.influence === undefined) throw new InputError("the BCa interval needs the influence values (options.influence, e.g. the jackknife's)", { argument: "influence" });
  const L = toFloat64(options.influence, { name: "influence" });
  let below = 0;
  for (let i = 0; i < t.length; i++) if (t[i] < t0) below++;
  const bias = normalQuantile(below / t.length);
  if (!Number.isFinite(bias)) throw new InputError(`every bootstrap replicate is ${below === 0 ? "≥" : "<"} the estimate: the BCa bias correction is infinite`, { argument: "replicates" });
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < L.length; i++) {
    s2 += L[i] * L[i];
    s3 += L[i] * L[i] * L[i];
  }
  const acceleration = s3 / (6 * Math.pow(s2, 1.5));
  if (!Number.isFinite(acceleration)) throw new InputError("the influence values are all 0: the BCa acceleration is undefined", { argument: "influence" });
  const [lower, upper] = alphas.map((a) => {
    const za = normalQuantile(a);
    return normInter(t, normalCdf(bias + (bias + za) / (1 - acceleration * (bias + za))));
  });
  return { lower, upper, level, method, bias, acceleration };
}

/**
 * Leave-one-out (jackknife) Gini indices θ_(−i) and the influence values L_i = (n − 1)(θ̂ − θ_(−i)), θ̂ the Gini of
 * all n units (R `boot`'s `usual.jack`, what `empinf(type = "jack")` returns). Unweighted: one sort, then each θ_(−i) from prefix sums in O(1); weighted: directly.
 *
 * @example Array.from(jackknifeGini([1, 2, 3, 4, 10]).leaveOneOut, (v) => +v.toFixed(6)) // → [0.328947, 0.388889, 0.426471, 0.4375, 0.25]
 */
export function jackknifeGini(x: Numbers, options: { weights?: Numbers } = {}): { leaveOneOut: Float64Array; influence: Float64Array } {
  const values = toFloat64(x, { name: "x", nonNegative: true, minLength: 3, reason: "the Gini index needs non-negative values" });
  const n = values.length;
  const out = new Float64Array(n);
  if (options.weights !== undefined) {
    const w = toFloat64(options.weights, { name: "weights", nonNegative: true });
    sameLength(values, w, "x", "weights");
    for (let i = 0; i < n; i++) {
      const xs = new Float64Array(n - 1);
      const ws = new Float64Array(n - 1);
      for (let j = 0, k = 0; j < n; j++) if (j !== i) { xs[k] = values[j]; ws[k++] = w[j]; }
      out[i] = gini(xs, { weights: ws });
    }
  } else {
    // Σ_k (2k − m − 1) y_k / (m S) over the m = n − 1 remaining sorted values; removing y_r shifts later ranks by one
    const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
    const y = Float64Array.from(order, (j) => values[j]);
    const m = n - 1;
    const prefixY = new Float64Array(n + 1);
    const prefixKY = new Float64Array(n + 1); // Σ k·y_k, k 1-based
    for (let k = 0; k < n; k++) {
      prefixY[k + 1] = prefixY[k] + y[k];
      prefixKY[k + 1] = prefixKY[k] + (k + 1) * y[k];
    }
    const S = prefixY[n];
    for (let r = 0; r < n; r++) {
      const before = 2 * prefixKY[r] - (m + 1) * prefixY[r];
      const afterY = S - prefixY[r + 1];
      const afterKY = prefixKY[n] - prefixKY[r + 1];
      const after = 2 * (afterKY - afterY) - (m + 1) * afterY;
      const Sr = S - y[r];
      if (!(Sr > 0)) throw new InputError("leaving one unit out leaves a zero total: the jackknife Gini is undefined", { argument: "x" });
      out[order[r]] = (before + after) / (m * Sr);
    }
  }
  const full = gini(values, options.weights !== undefined ? { weights: options.weights } : {});
  return { leaveOneOut: out, influence: Float64Array.from(out, (v) => (n - 1) * (full - v)) };
}

/** Options of {@link giniConfidenceInterval}. */
export interface GiniIntervalOptions {
  /** Confidence level (default 0.95). */
  level?: number;
  /** "bca" (default, DescTools' default type) or "percentile". */
  method?: "percentile" | "bca";
  /** Number of bootstrap replicates (default 1000, DescTools' default R). */
  replicates?: number;
  /** Seed of the resampling (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** Population weights, resampled with their units. */
  weights?: Numbers;
}

/** The Gini index with its bootstrap interval. */
export interface GiniInterval extends BootstrapInterval {
  /** The Gini index of the data (the point estimate, `gini(x)`). */
  gini: number;
  replicates: number;
  seed: number;
}

/**
 * A bootstrap confidence interval for the Gini index, as R `DescTools::Gini(x, conf.level = level, R, type)`
 * gives it: R resamples of the n units drawn with replacement (seeded xoshiro128**, stream (seed, 0)), the Gini of
 * each, and the percentile or BCa interval of `boot::boot.ci` ({@link bootstrapInterval}). BCa's acceleration
 * comes from the jackknife ({@link jackknifeGini}; `boot.ci(…, L = empinf(…, type = "jack"))`) — DescTools leaves
 * boot's default, a regression on the resamples' frequencies, which differs by Monte-Carlo error. The replicates
 * come from a different generator than R's, so the interval agrees with DescTools' within Monte-Carlo error; the
 * interval arithmetic itself is boot's exactly (tested on R's own replicates).
 *
 * @throws InputError as `gini`, for fewer than 3 values, replicates not an integer in 2..10^7, bad level or method.
 * @example
 * const ci = giniConfidenceInterval([1, 2, 3, 4, 10, 12, 15, 3, 2, 8], { replicates: 999, seed: 1 });
 * ci.gini                                 // → 0.42 (gini of the data)
 * [ci.lower < ci.gini, ci.gini < ci.upper] // → [true, true]
 */
export function giniConfidenceInterval(x: Numbers, options: GiniIntervalOptions = {}): GiniInterval {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
  const R = options.replicates === undefined ? 1000 : options.replicates;
  if (typeof R !== "number" || !Number.isInteger(R) || R < 2 || R > 1e7) throw new InputError(`replicates must be an integer between 2 and 10^7, got ${String(R)}`, { argument: "replicates" });
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const values = toFloat64(x, { name: "x", nonNegative: true, minLength: 3, reason: "the Gini index needs non-negative values" });
  const n = values.length;
  const w = options.weights === undefined ? undefined : toFloat64(options.weights, { name: "weights", nonNegative: true });
  if (w) sameLength(values, w, "x", "weights");
  const t0 = gini(values, w ? { weights: w } : {});
  const rng = new Xoshiro128StarStar(seed, 0);
  const t = new Float64Array(R);
  const xs = new Float64Array(n);
  const ws = w ? new Float64Array(n) : undefined;
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < n; k++) {
      const j = rng.nextBelow(n);
      xs[k] = values[j];
      if (ws) ws[k] = w![j];
    }
    t[r] = gini(xs, ws ? { weights: ws } : {});
  }
  const method = options.method === undefined ? "bca" : options.method;
  const influence = method === "bca" ? jackknifeGini(values, w ? { weights: w } : {}).influence : undefined;
  return { ...bootstrapInterval(t0, t, { level: options.level, method, influence }), gini: t0, replicates: R, seed };
}
