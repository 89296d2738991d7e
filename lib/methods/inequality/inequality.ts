/**
 * Inequality measures: Gini, Lorenz curve, generalised entropy (Theil T, mean log deviation), Atkinson,
 * coefficient of variation, and the Theil decomposition by groups.
 *
 * Conventions (see `shared/METHODS.md`, "Inequality"):
 * - Gini: the sorted-rank estimator that Gretl's `gini()`, PySAL `inequality.gini` and R `ineq::Gini` return;
 *   Gretl's "population estimate" (× n/(n−1)) on request.
 * - Lorenz curve: points starting at (0, 0), as R `ineq::Lc` returns them (Gretl omits (0, 0)).
 * - Theil T = GE(1) (R `ineq::Theil(x, 0)`), mean log deviation = GE(0), Atkinson A(ε).
 *
 * Every function takes optional population `weights` (one non-negative weight per unit, positive total); with
 * weights, the mean is μ = Σ w·x / W (W = Σ w) and every average over units (1/n)·Σ becomes Σ (w/W)·. Equal
 * weights give the unweighted value (to rounding). Values must be finite and non-negative with a positive
 * total; the measures built on logarithms or negative powers also refuse zeros where they are undefined
 * (whatever the unit's weight). Nothing is skipped silently: a bad element is an `InputError` naming it. (Gretl
 * skips missing values and returns NA for negative values or a zero sum.)
 *
 * Speed: the Gini index of 10^7 values is one typed-array sort and one pass; the weighted versions sort an
 * index array with an LSD radix sort on the values' bits (O(n), no per-element allocation).
 */
import { checkOptions, CompensatedSum, InputError, Numbers, sameLength, scaledByPowerOfTwo, toFloat64 } from "../../numeric/validate";
import { sortedFloat64, sortedPairs, sortWithIndex } from "../../numeric/sort";
import { DEFAULT_SEED, checkSeed } from "../../numeric/random";
import { theilBetweenPermutation } from "./theil-permutation";

// The measures added for PySAL/R users live in their own modules.
export * from "./poverty";
export * from "./shares";
export * from "./bootstrap";
export * from "./spatial-gini";

/** Options shared by the inequality measures. */
export interface InequalityOptions {
  /** Population weights, one per value (non-negative, positive total). Omitted: every unit counts once. */
  weights?: Numbers;
  /** Labels of the units (region names, ids), used in error messages. */
  labels?: ArrayLike<string | number>;
}

/** Options of {@link gini}. */
export interface GiniOptions extends InequalityOptions {
  /** Multiply by n/(n−1): Gretl's "population estimate" (unweighted only). Default false. */
  correction?: boolean;
}

/** Options of {@link coefficientOfVariation}. */
export interface CoefficientOfVariationOptions extends InequalityOptions {
  /** Delta degrees of freedom of the standard deviation: 0 divides by n (W), 1 by n − 1 (W − 1). Default 1. */
  ddof?: 0 | 1;
}

/** A Lorenz curve: n + 1 points (population share, income share) from (0, 0) to (1, 1). */
export interface LorenzCurve {
  /** Cumulative population share p_k (0 first, 1 last). */
  population: Float64Array;
  /** Cumulative income share L_k (0 first, 1 last). */
  share: Float64Array;
}

/** One group of a {@link TheilDecomposition}. */
export interface TheilGroup {
  /** The group's label as given. */
  group: string | number;
  /** Number of units in the group. */
  n: number;
  /** The group's income share s_g = Σ_g w·x / Σ w·x. */
  share: number;
  /** The group's population share W_g / W (n_g / n unweighted). */
  populationShare: number;
  /** The group's (weighted) mean μ_g. */
  mean: number;
  /** Theil T within the group (0 when the group's income is all zero: everyone in it is equal). */
  theil: number;
}

/** The Theil T index split into within-group and between-group parts. */
export interface TheilDecomposition {
  /** Theil T of all units, computed directly (equals within + between up to rounding). */
  total: number;
  /** Σ_g s_g·T_g. */
  within: number;
  /** Σ_g s_g·ln(μ_g/μ). */
  between: number;
  /** The groups, in order of first appearance. */
  groups: TheilGroup[];
  /** With `permutations`: (#{between_perm ≥ between} + 1)/(R + 1) (PySAL `TheilDSim.bg_pvalue`), and the permuted between parts' mean. */
  pPermutation?: number;
  meanPermutation?: number;
  permutations?: number;
  seed?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

/** Which values a measure accepts: zeros allowed ("nonNegative") or not ("positive"). */
type ValueRule = "nonNegative" | "positive";

/**
 * Check the values (finite, non-negative or positive, at least one) and return them as a Float64Array: a copy,
 * or — with `readOnly` — the caller's own Float64Array, for a caller that will not modify it.
 */
function checkedValues(x: Numbers, opts: InequalityOptions, rule: ValueRule, reason: string, readOnly = false): Float64Array {
  return toFloat64(x, {
    name: "x",
    labels: opts.labels,
    nonNegative: rule === "nonNegative",
    positive: rule === "positive",
    reason,
    copy: !readOnly,
  });
}

/** Check and copy the weights (same length as x, finite, non-negative, positive total); undefined if none. */
function checkedWeights(n: number, opts: InequalityOptions): Float64Array | undefined {
  if (opts.weights === undefined) return undefined;
  const w = toFloat64(opts.weights, {
    name: "weights",
    labels: opts.labels,
    nonNegative: true,
    reason: "population weights must be non-negative",
    copy: false, // only read (a caller's Float64Array is checked in place)
  });
  sameLength({ length: n }, w, "x", "weights");
  const total = new CompensatedSum();
  for (let i = 0; i < n; i++) total.add(w[i]);
  if (!(total.value() > 0)) throw new InputError("weights sum to zero; at least one unit needs a positive weight", { argument: "weights" });
  if (!Number.isFinite(total.value())) throw new InputError("weights sum to more than the largest double (1.8e308); divide them by a common factor", { argument: "weights" });
  return w;
}

/** Values and weights checked together, with the (weighted) total weight W, total income Y and mean μ = Y/W. */
interface Distribution {
  x: Float64Array;
  w: Float64Array | undefined;
  totalWeight: number;
  totalIncome: number;
  /** The mean of the (rescaled) values; the mean in the caller's units is mean·factor. */
  mean: number;
  /** The values were multiplied by 1/factor (a power of two; 1 for values in the ordinary range). */
  factor: number;
}

/** Check x and the weights of `opts` and compute W, Y = Σ w·x and μ; a zero income total is refused. */
function distribution(x: Numbers, options: InequalityOptions | undefined, rule: ValueRule, measure: string): Distribution {
  const opts = checkOptions(options, measure);
  const why = rule === "positive" ? `${measure} is undefined for zero or negative values` : `${measure} needs non-negative values`;
  // Every measure here is scale-invariant: values near the ends of the double range (1e200, subnormals) are
  // rescaled by a power of two (exact), so that sums and squares neither overflow nor lose the subnormals' bits.
  const { values, factor } = scaledByPowerOfTwo(checkedValues(x, opts, rule, why));
  const w = checkedWeights(values.length, opts);
  const weight = new CompensatedSum();
  const income = new CompensatedSum();
  for (let i = 0; i < values.length; i++) {
    const wi = w ? w[i] : 1;
    weight.add(wi);
    income.add(wi * values[i]);
  }
  const totalIncome = income.value();
  if (!(totalIncome > 0)) {
    throw new InputError(`x ${w ? "has a zero weighted total (Σ w·x = 0)" : "sums to zero"}; ${measure} is undefined when total income is zero`, { argument: "x" });
  }
  const totalWeight = weight.value();
  return { x: values, w, totalWeight, totalIncome, mean: totalIncome / totalWeight, factor };
}

/** Weighted average Σ (w/W)·f(x_i) of a function of the value (w = 1 when unweighted), compensated. */
function weightedAverage(d: Distribution, f: (v: number) => number): number {
  const acc = new CompensatedSum();
  const { x, w } = d;
  for (let i = 0; i < x.length; i++) acc.add((w ? w[i] : 1) * f(x[i]));
  return acc.value() / d.totalWeight;
}

/** ln(a/b) for positive a, b, also when a/b under- or overflows (subnormal values): then ln a − ln b. */
function logRatio(a: number, b: number): number {
  const r = a / b;
  return r > 0 && r < Infinity ? Math.log(r) : Math.log(a) - Math.log(b);
}

/** Refuse a parameter (α, ε) that is not a finite number. */
function checkParameter(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(`${name} must be a finite number, got ${String(value)}`, { argument: name });
  }
}

/** True on little-endian machines (the low 32-bit word of a float64 comes first in memory). */

// ---------------------------------------------------------------------------------------------------------------
// Gini and Lorenz
// ---------------------------------------------------------------------------------------------------------------

/**
 * Gini index.
 *
 * Unweighted (default): with x sorted ascending, x(1) ≤ … ≤ x(n),
 *   G = 2·Σ i·x(i) / (n·Σx) − (n+1)/n,
 * the "sample" value of Gretl's `gini()` (also PySAL `inequality.gini.Gini`, R `ineq::Gini`); its maximum is
 * (n−1)/n. It is computed as Σ (2i − n − 1)·x(i) / (n·Σx), the same number without the cancellation.
 * `correction: true` multiplies by n/(n−1): the "population estimate" Gretl's Gini dialog prints beside it.
 *
 * Weighted (`weights` w, W = Σw): one minus twice the area under the Lorenz curve,
 *   G = 1 − Σ_k (w_k/W)·(L_k + L_{k−1}),  L_k = S_k/S_n, S_k = Σ_{j≤k} w_j·x_j (units sorted by x),
 * computed as Σ_k w_k·x_k·(2P_k − w_k − W) / (W·S_n) with P_k = Σ_{j≤k} w_j, which is algebraically identical
 * and term by term the unweighted formula when every w = 1. Equal weights give the unweighted value.
 *
 * Gretl returns NA for negative values or a zero sum; here they are errors (as are NaN, ±Infinity and
 * missing values, which Gretl would skip).
 *
 * @throws InputError for an empty x, a non-finite or negative value, a zero sum, bad weights, or a correction
 *   with fewer than 2 values or with weights.
 * @example gini([1, 2, 3, 4, 10]) // → 0.4 (Gretl 2022c: 0.40000000000000013)
 * @example gini([1, 2, 3, 4, 10], { correction: true }) // → 0.5
 * @example gini([1, 2, 3], { weights: [1, 1, 2] }) // → 0.19444444444444445 (= gini([1, 2, 3, 3]) = 7/36)
 */
export function gini(x: Numbers, options?: GiniOptions): number {
  options = checkOptions(options, "gini");
  // The values are only read: the sorts work on copies. Scale-invariant: extreme magnitudes are rescaled.
  const values = scaledByPowerOfTwo(checkedValues(x, options, "nonNegative", "the Gini index needs non-negative values", true)).values;
  const w = checkedWeights(values.length, options);
  if (options.correction && w) {
    throw new InputError("correction (the n/(n−1) population estimate) applies to the unweighted Gini only; omit weights or correction", { argument: "correction" });
  }
  if (options.correction && values.length < 2) {
    throw new InputError("correction (n/(n−1)) needs at least 2 values", { argument: "correction" });
  }
  const g = w ? weightedGini(values, w) : sortedGini(sortedFloat64(values));
  return options.correction ? (g * values.length) / (values.length - 1) : g;
}

/** Σ (2i − n − 1)·x(i) / (n·Σx) over values already sorted ascending (the Gretl sample Gini). */
function sortedGini(sorted: Float64Array): number {
  const n = sorted.length;
  const ranked = new CompensatedSum();
  const total = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    ranked.add((2 * i + 1 - n) * v); // 2(i+1) − n − 1 with a 0-based i
    total.add(v);
  }
  const s = total.value();
  if (!(s > 0)) throw new InputError("x sums to zero; the Gini index is undefined when total income is zero", { argument: "x" });
  return ranked.value() / (n * s);
}

/** Σ_k w_k·x_k·(2P_k − w_k − W) / (W·S) over units sorted by x: the Lorenz-area weighted Gini. */
function weightedGini(x: Float64Array, w: Float64Array): number {
  // The weights travel with the values through the sort, interleaved (no gather through an index: a random read
  // per unit): pairs[2k] is the k-th smallest value, pairs[2k + 1] its weight.
  const pairs = sortedPairs(x, w);
  const state = new Float64Array(WEIGHTED_GINI_STATE);
  weightedGiniPass(state, pairs.subarray(1), pairs, 1, x.length, 2);
  const g = weightedGiniOf(state);
  if (g === null) throw new InputError("x has a zero weighted total (Σ w·x = 0); the Gini index is undefined when total income is zero", { argument: "x" });
  return g;
}

/** @internal The length of {@link weightedGiniPass}' state: Neumaier sums (s, c) of P = Σw, A and S. */
export const WEIGHTED_GINI_STATE = 6;

/**
 * @internal The weighted Gini's one pass over units in ascending order of x, resumable chunk by chunk: in memory
 * over the sorted arrays, and in `baltic-repro/duckdb`'s fileGini over a file's sorted rows (values times `scale`,
 * the power-of-two rescaling) — the same loop, so the same arithmetic.
 *
 * G = Σ_k w_k·x_k·(2P_k − w_k − W) / (W·S), P_k the cumulative weight, W = Σw, S = Σw·x. W is known only at the
 * end, so the pass sums A = Σ w_k·x_k·(2P_k − w_k) and S, each with Neumaier's compensation (as CompensatedSum,
 * written out here: three objects' method calls per unit cost a sixth of a 10^7-value weighted Gini), and
 * {@link weightedGiniOf} subtracts W·S, split exactly into a double and its rounding error (Dekker's product):
 * one pass instead of a pass for W and S and another for the area, at the cost of the final rounding only.
 * Reads units k = 0 … count − 1 at w[k·stride] and x[k·stride] (stride 2: gini's interleaved pairs).
 */
export function weightedGiniPass(state: Float64Array, w: ArrayLike<number>, x: ArrayLike<number>, scale: number, count = w.length, stride = 1): void {
  let ps = state[0];
  let pc = state[1];
  let as = state[2];
  let ac = state[3];
  let is = state[4];
  let ic = state[5];
  for (let k = 0; k < count * stride; k += stride) {
    const wk = w[k];
    const wx = wk * (x[k] * scale);
    let t = ps + wk;
    pc += Math.abs(ps) >= Math.abs(wk) ? ps - t + wk : wk - t + ps;
    ps = t;
    t = is + wx;
    ic += Math.abs(is) >= Math.abs(wx) ? is - t + wx : wx - t + is;
    is = t;
    const term = wx * (2 * (ps + pc) - wk);
    t = as + term;
    ac += Math.abs(as) >= Math.abs(term) ? as - t + term : term - t + as;
    as = t;
  }
  state[0] = ps;
  state[1] = pc;
  state[2] = as;
  state[3] = ac;
  state[4] = is;
  state[5] = ic;
}

/** @internal Σw of a {@link weightedGiniPass} state. */
export function weightedGiniWeight(state: Float64Array): number {
  return state[0] + state[1];
}

/** @internal The Gini index from a {@link weightedGiniPass} state, or null when Σw·x is 0 (undefined). */
export function weightedGiniOf(state: Float64Array): number | null {
  const W = state[0] + state[1];
  const S = state[4] + state[5];
  if (!(S > 0)) return null;
  const [p, e] = twoProduct(W, S);
  const area = new CompensatedSum();
  area.add(state[2]);
  area.add(state[3]);
  area.add(-p);
  area.add(-e);
  return area.value() / (W * S);
}

/** a·b = p + e exactly (Dekker 1971, with Veltkamp's split; no fused multiply-add in JavaScript). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const SPLIT = 134217729; // 2^27 + 1
  // Beyond about 2^996 the split overflows: the error term is then dropped (relative error one rounding of p).
  if (!Number.isFinite(SPLIT * a) || !Number.isFinite(SPLIT * b) || !Number.isFinite(p)) return [p, 0];
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, al * bl - (((p - ah * bh) - al * bh) - ah * bl)];
}

/**
 * Lorenz curve: the units sorted by x ascending, the points
 *   (p_k, L_k) = (P_k / W, S_k / S_n),  k = 0 … n,  P_k = Σ_{j≤k} w_j, S_k = Σ_{j≤k} w_j·x_j,
 * starting at (0, 0) and ending at (1, 1) — the R `ineq::Lc(x, n = weights)` convention (Gretl's plot omits
 * (0, 0)). Unweighted, p_k = k/n. Tied values keep their input order (a stable sort); with ties the curve is the
 * same whatever the order, only the intermediate points along the tie's straight segment differ.
 *
 * @throws InputError for an empty x, a non-finite or negative value, a zero total, or bad weights.
 * @example lorenz([3, 1, 2]) // → population [0, 1/3, 2/3, 1], share [0, 1/6, 1/2, 1]
 */
export function lorenz(x: Numbers, options?: InequalityOptions): LorenzCurve {
  options = checkOptions(options, "lorenz");
  const values = scaledByPowerOfTwo(checkedValues(x, options, "nonNegative", "the Lorenz curve needs non-negative values")).values;
  const w = checkedWeights(values.length, options);
  const n = values.length;
  const byValue = w ? sortWithIndex(values) : undefined;
  const order = byValue?.index;
  const sorted = byValue ? byValue.sorted : sortedFloat64(values);
  const population = new Float64Array(n + 1);
  const share = new Float64Array(n + 1);
  const weight = new CompensatedSum();
  const income = new CompensatedSum();
  for (let k = 0; k < n; k++) {
    const wj = w ? w[order![k]] : 1;
    weight.add(wj);
    income.add(wj * sorted[k]);
    population[k + 1] = weight.value();
    share[k + 1] = income.value();
  }
  const W = population[n];
  const S = share[n];
  if (!(S > 0)) throw new InputError(`x ${w ? "has a zero weighted total (Σ w·x = 0)" : "sums to zero"}; the Lorenz curve is undefined when total income is zero`, { argument: "x" });
  for (let k = 1; k <= n; k++) {
    population[k] = w ? population[k] / W : k / n;
    share[k] /= S;
  }
  return { population, share };
}

/**
 * A Lorenz curve evaluated at chosen population shares p ∈ [0, 1]: between two of its points the curve is a
 * straight line (the income of one unit spread evenly over its population share), so
 *   L(p) = L_{k−1} + (p − p_{k−1})·(L_k − L_{k−1})/(p_k − p_{k−1})  for p_{k−1} ≤ p ≤ p_k,
 * and a point of the curve is returned exactly. This is how "the bottom 40 % hold 12 %" is read off a curve.
 *
 * @throws InputError for a point outside [0, 1] or a curve that is not one.
 * @example lorenzAt(lorenz([1, 2, 3, 4]), [0.5, 0.25, 0.125]).share // → [0.3, 0.1, 0.05]
 */
export function lorenzAt(curve: LorenzCurve, points: ArrayLike<number>): LorenzCurve {
  const { population: P, share: L } = curve ?? ({} as LorenzCurve);
  if (!P || !L || P.length !== L.length || P.length < 2) throw new InputError("curve must be a Lorenz curve { population, share } with at least 2 points", { argument: "curve" });
  if (!points || typeof points.length !== "number") throw new InputError("points must be an array of population shares in [0, 1]", { argument: "points" });
  const out = new Float64Array(points.length);
  for (let j = 0; j < points.length; j++) {
    const p = points[j];
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new InputError(`points[${j}] is ${String(p)}; population shares lie in [0, 1]`, { argument: "points", index: j });
    // first k with P[k] ≥ p
    let lo = 0;
    let hi = P.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (P[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    if (P[lo] === p || lo === 0) out[j] = L[lo];
    else out[j] = L[lo - 1] + ((p - P[lo - 1]) * (L[lo] - L[lo - 1])) / (P[lo] - P[lo - 1]);
  }
  return { population: Float64Array.from(points), share: out };
}

// ---------------------------------------------------------------------------------------------------------------
// Generalised entropy family, Atkinson, coefficient of variation
// ---------------------------------------------------------------------------------------------------------------

/** Theil T of a checked distribution: Σ (w/W)·(x/μ)·ln(x/μ), with 0·ln 0 = 0. */
function theilOf(d: Distribution): number {
  const mu = d.mean;
  return weightedAverage(d, (v) => (v === 0 ? 0 : (v / mu) * logRatio(v, mu)));
}

/** Mean log deviation of a checked (positive) distribution: Σ (w/W)·ln(μ/x). */
function meanLogDeviationOf(d: Distribution): number {
  const mu = d.mean;
  return weightedAverage(d, (v) => logRatio(mu, v));
}

/**
 * Theil T index, GE(1):
 *   T = (1/n)·Σ (x_i/μ)·ln(x_i/μ)      (weighted: Σ (w_i/W)·(x_i/μ)·ln(x_i/μ), μ the weighted mean),
 * with 0·ln 0 = 0 so zero values are allowed — the convention of R `ineq::Theil(x, parameter = 0)`.
 * It lies in [0, ln n] (unweighted).
 *
 * @throws InputError for an empty x, a non-finite or negative value, a zero total, or bad weights.
 * @example theil([1, 2, 3, 4, 10]) // → 0.27636361895732137
 * @example theil([0, 1]) // → 0.6931471805599453 (ln 2)
 */
export function theil(x: Numbers, options: InequalityOptions = {}): number {
  return theilOf(distribution(x, options, "nonNegative", "the Theil index"));
}

/**
 * Mean log deviation (Theil L), GE(0):
 *   MLD = (1/n)·Σ ln(μ/x_i)      (weighted: Σ (w_i/W)·ln(μ/x_i)).
 * Undefined for a zero value (ln 0): a zero is an error naming the element, never dropped. Equals
 * −ln(1 − A(1)), A the Atkinson index.
 *
 * @throws InputError for an empty x, a non-finite, negative or zero value, or bad weights.
 * @example meanLogDeviation([1, 2, 3, 4, 10]) // → 0.29016657645149235
 */
export function meanLogDeviation(x: Numbers, options: InequalityOptions = {}): number {
  return meanLogDeviationOf(distribution(x, options, "positive", "the mean log deviation GE(0)"));
}

/**
 * Generalised entropy index GE(α):
 *   GE(α) = 1/(α(α−1)) · (1/n)·Σ [(x_i/μ)^α − 1]      (weighted: Σ (w_i/W)·[…], μ the weighted mean),
 * with the limits GE(1) = Theil T ({@link theil}) and GE(0) = mean log deviation ({@link meanLogDeviation}).
 * GE(2) is half the squared coefficient of variation with the n denominator. Zeros are allowed for α > 0 and
 * refused for α ≤ 0, where (x/μ)^α or ln x is undefined. R `ineq::entropy(x, parameter = α)` uses the same
 * definition.
 *
 * @throws InputError for a non-finite α, an empty x, a non-finite or negative value, a zero with α ≤ 0, a zero
 *   total, or bad weights.
 * @example generalizedEntropy([1, 2, 3, 4, 10], 2) // → 0.3125 (= CV²/2 with the n denominator)
 */
export function generalizedEntropy(x: Numbers, alpha: number, options: InequalityOptions = {}): number {
  checkParameter(alpha, "alpha");
  if (alpha === 1) return theil(x, options);
  if (alpha === 0) return meanLogDeviation(x, options);
  const rule: ValueRule = alpha < 0 ? "positive" : "nonNegative";
  const d = distribution(x, options, rule, `GE(${alpha})`);
  const mu = d.mean;
  const meanPower = weightedAverage(d, (v) => Math.pow(v / mu, alpha));
  const direct = (meanPower - 1) / (alpha * (alpha - 1));
  if (Number.isFinite(direct) && meanPower > 0 && Number.isFinite(meanPower)) return direct;
  // Large |α|: (x/μ)^α overflows (or α(α−1) does). In logs: ln M = ln Σ (w/W)·exp(α·ln(x/μ)), taken about its
  // largest term, and GE = (M − 1)/(α(α−1)) = exp(ln M − ln|α| − ln|α − 1|) − 1/(α(α−1)) (α(α−1) > 0 here,
  // since for 0 < α < 1 the mean power is at most 1 and cannot overflow).
  const terms: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < d.x.length; i++) {
    const wi = d.w ? d.w[i] : 1;
    if (wi === 0 || d.x[i] === 0) continue; // (0/μ)^α = 0 for α > 0: no contribution
    terms.push(alpha * logRatio(d.x[i], mu));
    weights.push(wi / d.totalWeight);
  }
  let top = -Infinity;
  for (const t of terms) if (t > top) top = t;
  const acc = new CompensatedSum();
  for (let i = 0; i < terms.length; i++) acc.add(weights[i] * Math.exp(terms[i] - top));
  const logM = top + Math.log(acc.value());
  const logScale = Math.log(Math.abs(alpha)) + Math.log(Math.abs(alpha - 1));
  const value = Math.exp(logM - logScale) - Math.exp(-logScale);
  if (!Number.isFinite(value)) {
    const log10 = (logM - logScale) / Math.LN10;
    throw new InputError(
      `GE(${alpha}) of these values is about 10^${Number.isFinite(log10) ? Math.floor(log10) : "∞"}, beyond the largest double (1.8e308); use a smaller |alpha|`,
      { argument: "alpha" },
    );
  }
  return value;
}

/**
 * Atkinson index with inequality aversion ε ≥ 0:
 *   A(ε) = 1 − [ (1/n)·Σ (x_i/μ)^(1−ε) ]^(1/(1−ε))   for ε ≠ 1,
 *   A(1) = 1 − exp((1/n)·Σ ln x_i) / μ                 (geometric over arithmetic mean),
 * weighted: the averages become Σ (w_i/W)·… and μ the weighted mean. The convention of R
 * `ineq::Atkinson(x, parameter = ε)`. A(0) = 0; A lies in [0, 1). For ε ≥ 1 a zero value makes the index
 * degenerate (A = 1) and is refused as an error naming it.
 *
 * @throws InputError for a negative or non-finite ε, an empty x, a non-finite or negative value, a zero value
 *   with ε ≥ 1, a zero total, or bad weights.
 * @example atkinson([1, 2, 3, 4, 10], 1) // → 0.2518610651305776
 * @example atkinson([1, 2, 3, 4, 10], 0.5) // → 0.13351045273669038
 */
export function atkinson(x: Numbers, epsilon: number, options: InequalityOptions = {}): number {
  checkParameter(epsilon, "epsilon");
  if (epsilon < 0) throw new InputError(`epsilon must be ≥ 0 (inequality aversion), got ${epsilon}`, { argument: "epsilon" });
  const rule: ValueRule = epsilon >= 1 ? "positive" : "nonNegative";
  const d = distribution(x, options, rule, `the Atkinson index with epsilon = ${epsilon}`);
  if (epsilon === 1) return 1 - Math.exp(-meanLogDeviationOf(d));
  const mu = d.mean;
  const power = 1 - epsilon;
  const meanPower = weightedAverage(d, (v) => Math.pow(v / mu, power));
  const direct = 1 - Math.pow(meanPower, 1 / power);
  if (epsilon < 1 || (meanPower > 0 && Number.isFinite(meanPower) && Number.isFinite(direct))) return direct;
  // Large ε: (x/μ)^(1−ε) overflows for x < μ. Taken about the smallest value m, every term (x/m)^(1−ε) lies in
  // (0, 1], and A = 1 − (m/μ)·[Σ (w/W)·(x/m)^(1−ε)]^(1/(1−ε)), which tends to 1 − m/μ (Rawls) as ε → ∞.
  let m = Infinity;
  for (let i = 0; i < d.x.length; i++) if ((d.w ? d.w[i] : 1) > 0 && d.x[i] < m) m = d.x[i];
  const acc = new CompensatedSum();
  for (let i = 0; i < d.x.length; i++) {
    const wi = d.w ? d.w[i] : 1;
    if (wi > 0) acc.add((wi / d.totalWeight) * Math.exp(power * logRatio(d.x[i], m)));
  }
  return 1 - (m / mu) * Math.exp(Math.log(acc.value()) / power);
}

/**
 * Coefficient of variation: standard deviation over mean,
 *   CV = sqrt( Σ (x_i − μ)² / (n − ddof) ) / μ      (weighted: Σ w_i (x_i − μ)² / (W − ddof), μ weighted).
 * Default `ddof: 1` (n − 1 denominator): the standard deviation of Gretl's `sd()` and R's `sd()`, the tools
 * behind the reproduced articles. `ddof: 0` (n denominator) is the inequality-literature form, with
 * CV² / 2 = GE(2). With weights, the denominator W − ddof treats them as frequency weights (as numpy's
 * `cov(x, fweights=w, ddof=…)` does); use ddof 0 for weights that are not counts.
 *
 * @throws InputError for ddof other than 0 or 1, too few values (ddof 1 needs n ≥ 2, weighted W > 1), a non-finite or
 *   negative value, a zero total, or bad weights.
 * @example coefficientOfVariation([1, 2, 3, 4, 10]) // → 0.8838834764831844 (sd √12.5 / mean 4)
 * @example coefficientOfVariation([1, 2, 3, 4, 10], { ddof: 0 }) // → 0.7905694150420949
 */
export function coefficientOfVariation(x: Numbers, options: CoefficientOfVariationOptions = {}): number {
  const ddof = options.ddof ?? 1;
  if (ddof !== 0 && ddof !== 1) throw new InputError(`ddof must be 0 (n denominator) or 1 (n − 1), got ${String(ddof)}`, { argument: "ddof" });
  const d = distribution(x, options, "nonNegative", "the coefficient of variation");
  const denominator = d.totalWeight - ddof;
  if (!(denominator > 0)) {
    throw d.w
      ? new InputError(`weights sum to ${d.totalWeight}; with ddof 1 the denominator W − 1 must be positive (use ddof 0)`, { argument: "weights" })
      : new InputError("x has 1 value; the n − 1 standard deviation (ddof 1) needs at least 2", { argument: "x" });
  }
  const mu = d.mean;
  const squares = weightedAverage(d, (v) => (v - mu) * (v - mu)) * d.totalWeight;
  return Math.sqrt(squares / denominator) / mu;
}

// ---------------------------------------------------------------------------------------------------------------
// Theil decomposition
// ---------------------------------------------------------------------------------------------------------------

/** Each unit's group as a dense index 0 … G−1 (in order of first appearance), with the distinct labels. */
function groupIndex(groups: ArrayLike<string | number>, n: number): { index: Uint32Array; labels: (string | number)[] } {
  if (groups == null || typeof groups.length !== "number") {
    throw new InputError("groups must be an array of group labels (strings or numbers)", { argument: "groups" });
  }
  sameLength({ length: n }, groups, "x", "groups");
  const index = new Uint32Array(n);
  const labels: (string | number)[] = [];
  const seen = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i] as unknown;
    if (typeof g !== "string" && !(typeof g === "number" && Number.isFinite(g))) {
      throw new InputError(`groups[${i}] is ${g === undefined ? "missing" : g === null ? "null" : `not a group label (${String(g)})`}; labels must be strings or finite numbers`, {
        argument: "groups",
        index: i,
      });
    }
    let k = seen.get(g);
    if (k === undefined) {
      k = labels.length;
      seen.set(g, k);
      labels.push(g);
    }
    index[i] = k;
  }
  return { index, labels };
}

/**
 * Theil T decomposition into within-group and between-group inequality:
 *   T = Σ_g s_g·T_g + Σ_g s_g·ln(μ_g/μ),
 * s_g = Σ_{i∈g} w_i x_i / Σ_i w_i x_i the group's income share, μ_g its (weighted) mean and T_g its Theil T
 * (see {@link theil}; unweighted: every w = 1). `total` is computed directly as {@link theil} of all units, so
 * `total − (within + between)` is only rounding. A group whose income is all zero has s_g = 0 and contributes
 * nothing (0·ln 0 = 0); its T_g is reported as 0 (everyone in it is equal).
 *
 * With `permutations` R > 0 (PySAL `TheilDSim`): the values (with their weights) are shuffled over the units R
 * times (seeded xoshiro128**, stream (seed, 0), default seed {@link DEFAULT_SEED}) and
 * pPermutation = (#{between_perm ≥ between} + 1)/(R + 1), one-sided, as TheilDSim's `bg_pvalue`.
 *
 * @param groups one label per unit (string or number); groups are listed in order of first appearance.
 * @throws InputError for bad x or weights (as {@link theil}), groups of the wrong length, or a missing label.
 * @example theilDecomposition([1, 2, 3, 4, 10], ["a", "a", "b", "b", "b"])
 *   // → total 0.27636361895732137, within 0.12742731678109684, between 0.1489363021762245,
 *   //   groups [{ group: "a", n: 2, share: 0.15, populationShare: 0.4, mean: 1.5, theil: 0.05663301226513242 },
 *   //           { group: "b", n: 3, share: 0.85, populationShare: 0.6, mean: 5.666666666666667, theil: 0.13992042934273763 }]
 */
export function theilDecomposition(
  x: Numbers,
  groups: ArrayLike<string | number>,
  options: InequalityOptions & { permutations?: number; seed?: number } = {},
): TheilDecomposition {
  const d = distribution(x, options, "nonNegative", "the Theil index");
  const n = d.x.length;
  const { index, labels } = groupIndex(groups, n);
  const G = labels.length;
  const count = new Uint32Array(G);
  const weight = Array.from({ length: G }, () => new CompensatedSum());
  const income = Array.from({ length: G }, () => new CompensatedSum());
  for (let i = 0; i < n; i++) {
    const g = index[i];
    const wi = d.w ? d.w[i] : 1;
    count[g]++;
    weight[g].add(wi);
    income[g].add(wi * d.x[i]);
  }
  const means = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const Wg = weight[g].value();
    means[g] = Wg > 0 ? income[g].value() / Wg : 0;
  }
  // Σ_{i∈g} w_i·x_i·ln(x_i/μ_g), so that T_g = that / Y_g.
  const entropy = Array.from({ length: G }, () => new CompensatedSum());
  for (let i = 0; i < n; i++) {
    const v = d.x[i];
    const wi = d.w ? d.w[i] : 1;
    if (v === 0 || wi === 0) continue; // 0·ln 0 = 0; a unit of weight 0 does not count
    const g = index[i];
    entropy[g].add(wi * v * logRatio(v, means[g]));
  }
  const within = new CompensatedSum();
  const between = new CompensatedSum();
  const result: TheilGroup[] = [];
  for (let g = 0; g < G; g++) {
    const Yg = income[g].value();
    const share = Yg / d.totalIncome;
    const theilG = Yg > 0 ? entropy[g].value() / Yg : 0;
    if (Yg > 0) {
      within.add(share * theilG);
      between.add(share * logRatio(means[g], d.mean));
    }
    result.push({ group: labels[g], n: count[g], share, populationShare: weight[g].value() / d.totalWeight, mean: means[g] * d.factor, theil: theilG });
  }
  const out: TheilDecomposition = { total: theilOf(d), within: within.value(), between: between.value(), groups: result };
  if (options.permutations !== undefined && options.permutations !== 0) {
    // PySAL TheilDSim: is the between-group part larger than when the units are shuffled across the groups?
    const permutations = options.permutations;
    if (typeof permutations !== "number" || !Number.isInteger(permutations) || permutations < 0 || permutations > 1e6) {
      throw new InputError(`permutations must be an integer between 0 and 10^6, got ${String(permutations)}`, { argument: "permutations" });
    }
    const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
    Object.assign(out, theilBetweenPermutation(d.x, groups, { weights: d.w }, out.between, permutations, seed), { permutations, seed });
  }
  return out;
}
