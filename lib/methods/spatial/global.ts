/**
 * Global spatial statistics beside Moran's I: Geary's C, Getis–Ord's General G, the bivariate Moran's I, Moran's
 * I of empirical-Bayes standardised rates, and spdep's `adjust.n` for Moran's I. Re-exported by
 * `baltic-repro/spatial`.
 *
 * Conventions: the statistics and analytical moments are R spdep 1.2-7's (`geary.test`, `globalG.test`,
 * `moran_bv`, `EBImoran.mc`, `moran.test(adjust.n = TRUE)`); the permutation inference is esda's and GeoDa's
 * (R random permutations of the values, folded pseudo p-value (min(M, R − M) + 1)/(R + 1) with
 * M = #{statistic_perm ≥ statistic}) on the seeded xoshiro128** engine of `moran`: the same seed draws the same
 * permutations for every statistic. Weights are row-standardised first by default (GeoDa, esda), except for the
 * General G, whose default is the weights as given (esda `G` uses binary weights; spdep recommends B, C or U).
 */

import { DEFAULT_SEED, Xoshiro128StarStar, checkSeed, shuffleInPlace } from "../../numeric/random";
import {
  checkPermutations,
  checkTransformation,
  checkValues,
  lagSparse,
  moran,
  normalTwoSidedP,
  quadraticForm,
  rowStandardizeSparse,
  sparseWeights,
  summarizePermutations,
  weightsConstants,
  zeroRows,
  type MoranOptions,
  type PermutationSummary,
  type MoranResult,
  type NormalAndRandomizationInference,
  type PermutationInference,
  type WeightsUsed,
  type SparseWeights,
  type Transformation,
  type WeightsMatrix,
} from "./spatial";
import { InputError, sum, toFloat64 } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

/**
 * @internal Run R permutations of `values` (one seeded xoshiro128** stream (seed, 0), Fisher–Yates in place, each
 * permutation continuing from the last — unlike `moran`, whose permutation r draws from its own stream (seed, r)
 * so that it can be split over threads), evaluate `statistic` on each, and summarise against the observed value.
 */
export function permutationTest(values: Float64Array, observed: number, permutations: number, seed: number, statistic: (permuted: Float64Array) => number): PermutationSummary {
  const rng = new Xoshiro128StarStar(seed, 0);
  const p = Float64Array.from(values);
  const permuted = new Float64Array(permutations);
  for (let r = 0; r < permutations; r++) {
    shuffleInPlace(p, rng);
    permuted[r] = statistic(p);
  }
  return summarizePermutations(permuted, observed);
}

function checkOptionsObject(options: unknown): void {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
}

function prepared(values: Numbers, w: WeightsMatrix, transformation: Transformation): { s: SparseWeights; x: Float64Array; n: number } {
  const s = sparseWeights(w);
  if (transformation === "row") rowStandardizeSparse(s);
  const x = checkValues(values, w, s.n);
  return { s, x, n: s.n };
}

// ---------------------------------------------------------------------------------------------------------
// Moran's I with spdep's adjust.n
// ---------------------------------------------------------------------------------------------------------

/**
 * @internal Moran's I with n reduced to the units that have neighbours (spdep `moran.test(adjust.n = TRUE)`),
 * called by `moran` when `adjustN` is true: with n′ = n − #islands, I = (n′/S0)·z'Wz/z'z, E[I] = −1/(n′ − 1)
 * and the variances of `moran` with n′ (the kurtosis keeps every unit, as spdep). The permutation p-value does
 * not change (I is only rescaled); its mean and standard deviation scale with I.
 */
export function moranAdjustedN(values: Numbers, w: WeightsMatrix, options: MoranOptions): MoranResult {
  const r = moran(values, w, { ...options, adjustN: false });
  const N = r.n;
  const n = N - r.islands;
  if (n < 2) throw new InputError(`Moran's I with adjustN needs at least 2 units with neighbours, got ${n}`, { argument: "weights" });
  const transformation = r.transformation;
  const x = checkValues(values, w, N);
  const mean = sum(x) / N;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < N; i++) {
    const d = x[i] - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  const k = (N * m4) / (m2 * m2);
  const { S0, S1, S2 } = r;
  const S02 = S0 * S0;
  const scale = n / N;
  const I = r.I * scale;
  const EI = -1 / (n - 1);
  const varianceNormal = (n * n * S1 - n * S2 + 3 * S02) / ((n - 1) * (n + 1) * S02) - EI * EI;
  const varianceRandomization =
    n < 4
      ? NaN
      : (n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S02) - k * ((n * n - n) * S1 - 2 * n * S2 + 6 * S02)) / ((n - 1) * (n - 2) * (n - 3) * S02) - EI * EI;
  const zNormal = (I - EI) / Math.sqrt(varianceNormal);
  const zRandomization = (I - EI) / Math.sqrt(varianceRandomization);
  const out: MoranResult = {
    ...r,
    I,
    expected: EI,
    varianceNormal,
    zNormal,
    pNormal: normalTwoSidedP(zNormal),
    varianceRandomization,
    zRandomization,
    pRandomization: normalTwoSidedP(zRandomization),
    n,
    transformation,
  };
  if (r.meanPermutation !== undefined) {
    out.meanPermutation = r.meanPermutation * scale;
    out.sdPermutation = r.sdPermutation! * scale;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Geary's C
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link geary} and {@link getisOrdG}. */
export interface GlobalOptions {
  /** Number of random permutations (default 999; 0 = none). */
  permutations?: number;
  /** Seed of the permutations (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** "row": row-standardise the weights first; "none": use them as given. Default: see each statistic. */
  transformation?: Transformation;
  /** spdep's `adjust.n`: n counts only the units with neighbours (default false: every unit, as GeoDa/esda). */
  adjustN?: boolean;
}

/** Geary's C with its inference (fields as esda's `Geary`). */
export interface GearyResult extends NormalAndRandomizationInference, PermutationInference, WeightsUsed {
  /** C = (n − 1)·Σ_ij w_ij (x_i − x_j)² / (2·S0·Σ_i (x_i − x̄)²); E[C] = 1. zNormal is (C − 1)/√Var (esda's sign: negative for positive autocorrelation; spdep reports (1 − C)/√Var). */
  C: number;
}

function gearySum(s: SparseWeights, x: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < s.n; i++) {
    const xi = x[i];
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      const d = xi - x[s.indices[k]];
      acc += s.values[k] * d * d;
    }
  }
  return acc;
}

/**
 * Geary's C (Geary 1954; Cliff & Ord 1981), as R spdep `geary.test` and esda `Geary`:
 * C = (n − 1)·Σ_i Σ_j w_ij (x_i − x_j)² / (2·S0·Σ_i (x_i − x̄)²), E[C] = 1;
 * Var_N = ((2S1 + S2)(n − 1) − 4S0²) / (2(n + 1)S0²);
 * Var_R = [(n − 1)S1(n² − 3n + 3 − (n − 1)K) − ¼(n − 1)S2(n² + 3n − 6 − (n² − n + 2)K) + S0²(n² − 3 − (n − 1)²K)] /
 * (n(n − 2)(n − 3)S0²), K = n·Σz⁴/(Σz²)², z = x − x̄.
 * z = (C − 1)/√Var (esda; spdep's "standard deviate" is its negative), p two-sided. C < 1 means positive
 * spatial autocorrelation. Permutations as `moran` (folded pseudo p-value). Weights row-standardised by
 * default (esda `transformation = "r"`); `adjustN` follows spdep's `adjust.n = TRUE` exactly (there, n in C, the
 * kurtosis and the variances' n − 1, n − 2, n − 3 and n² terms is the number of units with neighbours, while
 * the "3n", "n + 1" and the leading "n" of the randomisation denominator keep every unit).
 *
 * @throws InputError as `moran`: lengths, NaN values (naming the unit), a constant variable, weights without links.
 * @example
 * const r = geary([1, 2, 3, 4], weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]), { permutations: 0 });
 * r.C              // → 0.3
 * r.varianceNormal // → 0.125
 */
export function geary(values: Numbers, w: WeightsMatrix, options: GlobalOptions = {}): GearyResult {
  checkOptionsObject(options);
  const transformation = checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const { s, x, n: N } = prepared(values, w, transformation);
  const { S0, S1, S2, islands } = weightsConstants(s);
  if (!(S0 > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island", { argument: "weights" });
  const n = options.adjustN === true ? N - islands : N;
  if (n < 4) throw new InputError(`Geary's C needs at least 4 units${options.adjustN ? " with neighbours" : ""}, got ${n}`, { argument: "values" });
  const mean = sum(x) / N;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < N; i++) {
    const d = x[i] - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  if (!(m2 > 0)) throw new InputError(`values are all equal (${x[0]}); Geary's C is undefined for a constant variable`, { argument: "values" });
  const scale = (n - 1) / (2 * S0 * m2);
  const C = scale * gearySum(s, x);
  const K = (n * m4) / (m2 * m2);
  const S02 = S0 * S0;
  const nn = n * n;
  const n1 = n - 1;
  const varianceNormal = ((2 * S1 + S2) * n1 - 4 * S02) / (2 * (N + 1) * S02);
  const varianceRandomization =
    (n1 * S1 * (nn - 3 * N + 3 - K * n1) - 0.25 * (n1 * S2 * (nn + 3 * N - 6 - K * (nn - N + 2))) + S02 * (nn - 3 - K * n1 * n1)) /
    (N * (n - 2) * (n - 3) * S02);
  const zNormal = (C - 1) / Math.sqrt(varianceNormal);
  const zRandomization = (C - 1) / Math.sqrt(varianceRandomization);
  const result: GearyResult = {
    C,
    expected: 1,
    varianceNormal,
    zNormal,
    pNormal: normalTwoSidedP(zNormal),
    varianceRandomization,
    zRandomization,
    pRandomization: normalTwoSidedP(zRandomization),
    permutations,
    seed,
    n,
    S0,
    S1,
    S2,
    islands,
    transformation,
  };
  if (permutations > 0) Object.assign(result, permutationTest(x, C, permutations, seed, (p) => scale * gearySum(s, p)));
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Getis–Ord General G
// ---------------------------------------------------------------------------------------------------------

/** Getis–Ord's General G with its inference (fields as esda's `G`). */
export interface GetisOrdGResult extends PermutationInference, WeightsUsed {
  /** G = Σ_i Σ_j≠i w_ij x_i x_j / Σ_i Σ_j≠i x_i x_j. */
  G: number;
  /** E[G] = S0/(n(n − 1)). */
  expected: number;
  /** Var[G] under randomisation (Getis & Ord 1992, with spdep's corrected B1). */
  variance: number;
  z: number;
  /** Two-sided normal p-value of z. */
  p: number;
}

/**
 * Getis–Ord's General G (Getis & Ord 1992), as R spdep `globalG.test` (B1correct = TRUE) and esda `G`:
 * G = Σ_i Σ_j≠i w_ij x_i x_j / Σ_i Σ_j≠i x_i x_j, E[G] = S0/(n(n − 1)),
 * Var[G] = (B0·m2² + B1·m4 + B2·m1²·m2 + B3·m1·m3 + B4·m1⁴) / ((m1² − m2)²·n(n − 1)(n − 2)(n − 3)) − E[G]²
 * with m_k = Σ x_i^k, B0 = (n² − 3n + 3)S1 − nS2 + 3S0², B1 = −((n² − n)S1 − 2nS2 + 6S0²),
 * B2 = −(2nS1 − (n + 3)S2 + 6S0²), B3 = 4(n − 1)S1 − 2(n + 1)S2 + 8S0², B4 = S1 − S2 + S0².
 * z = (G − E[G])/√Var, p two-sided; a large G means high values cluster. The weights are used as given by
 * default (G is meant for binary or distance-band weights: spdep warns for styles other than B, C, U; esda
 * uses binary); `transformation: "row"` row-standardises them. `adjustN` (spdep's `adjust.n` with its
 * `adjust.x`): n and the sums m_k count only the units with neighbours. Values must be ≥ 0.
 * Permutations as `moran` (folded pseudo p-value).
 *
 * @throws InputError for a negative value (naming the unit), and as `moran`.
 * @example
 * const r = getisOrdG([1, 2, 3, 4], weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]), { permutations: 0 });
 * r.G        // → 0.5714285714285714 (= 2·(2 + 6 + 12)/70)
 * r.expected // → 0.5
 */
export function getisOrdG(values: Numbers, w: WeightsMatrix, options: GlobalOptions = {}): GetisOrdGResult {
  checkOptionsObject(options);
  const transformation = options.transformation === undefined ? "none" : checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const { s, x, n: N } = prepared(values, w, transformation);
  for (let i = 0; i < N; i++) {
    if (x[i] < 0) throw new InputError(`values[${i}] (${w.ids[i]}) is ${x[i]}; the General G needs values ≥ 0`, { argument: "values", index: i, label: String(w.ids[i]) });
  }
  const { S0, S1, S2, islands } = weightsConstants(s);
  if (!(S0 > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island", { argument: "weights" });
  const adjust = options.adjustN === true;
  const zero = zeroRows(s);
  const n = adjust ? N - islands : N;
  if (n < 4) throw new InputError(`the General G needs at least 4 units${adjust ? " with neighbours" : ""}, got ${n}`, { argument: "values" });
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < N; i++) {
    if (adjust && zero[i]) continue;
    const v = x[i];
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += v * v * v * v;
  }
  const denominator = m1 * m1 - m2;
  if (!(denominator > 0)) throw new InputError("the General G needs at least two units with positive values", { argument: "values" });
  const G = quadraticForm(s, x) / denominator;
  const S02 = S0 * S0;
  const nn = n * n;
  const B0 = (nn - 3 * n + 3) * S1 - n * S2 + 3 * S02;
  const B1 = -((nn - n) * S1 - 2 * n * S2 + 6 * S02);
  const B2 = -(2 * n * S1 - (n + 3) * S2 + 6 * S02);
  const B3 = 4 * (n - 1) * S1 - 2 * (n + 1) * S2 + 8 * S02;
  const B4 = S1 - S2 + S02;
  const expected = S0 / (n * (n - 1));
  const variance =
    (B0 * m2 * m2 + B1 * m4 + B2 * m1 * m1 * m2 + B3 * m1 * m3 + B4 * m1 * m1 * m1 * m1) / (denominator * denominator * n * (n - 1) * (n - 2) * (n - 3)) - expected * expected;
  const z = (G - expected) / Math.sqrt(variance);
  const result: GetisOrdGResult = { G, expected, variance, z, p: normalTwoSidedP(z), permutations, seed, n, S0, S1, S2, islands, transformation };
  if (permutations > 0) Object.assign(result, permutationTest(x, G, permutations, seed, (p) => quadraticForm(s, p) / denominator));
  return result;
}

/** x'Wx. */

// ---------------------------------------------------------------------------------------------------------
// Bivariate Moran's I
// ---------------------------------------------------------------------------------------------------------

/** Bivariate Moran's I with its permutation inference (fields as esda's `Moran_BV`). */
export interface BivariateMoranResult extends PermutationInference, Pick<WeightsUsed, "n" | "S0" | "transformation"> {
  /** I_xy = (n/S0)·Σ_i z_x,i (W z_y)_i / Σ_i z_x,i². */
  I: number;
}

/**
 * Bivariate Moran's I (Anselin, Syabri & Smirnov 2002; GeoDa, esda `Moran_BV`, spdep `moran_bv`): the
 * association of x at a unit with y at its neighbours, I_xy = (n/S0)·Σ_i z_x,i·(W z_y)_i / Σ_i z_x,i², z the
 * standardised variables (x − x̄)/s_x. With row-standardised weights and no island this is spdep's
 * `moran_bv(x, y, listw)$t0` (Σ lag(y)·x / Σ x² on scaled variables). Inference by permutation only (as esda,
 * GeoDa and spdep): y is permuted, x held fixed (seeded; folded pseudo p-value as `moran`).
 *
 * @throws InputError when x and y differ in length, either is constant or has a NaN (naming the unit).
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * bivariateMoran([1, 2, 3, 4], [1, 2, 3, 4], w, { permutations: 0 }).I // → 0.4 (= Moran's I of x)
 */
export function bivariateMoran(x: Numbers, y: Numbers, w: WeightsMatrix, options: Omit<GlobalOptions, "adjustN"> = {}): BivariateMoranResult {
  checkOptionsObject(options);
  const transformation = checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const { s, x: xs, n } = prepared(x, w, transformation);
  const ys = checkValues(y, w, n);
  const zx = centred(xs, "x");
  const zy = centred(ys, "y");
  const { S0 } = weightsConstants(s);
  if (!(S0 > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island", { argument: "weights" });
  let xx = 0;
  for (let i = 0; i < n; i++) xx += zx[i] * zx[i];
  // with z_y scaled to the same spread as z_x the ratio is unchanged by the choice of standard deviation
  const sy = Math.sqrt(sumSquares(zy) / sumSquares(zx));
  for (let i = 0; i < n; i++) zy[i] /= sy;
  const stat = (v: Float64Array) => {
    const lag = lagSparse(s, v);
    let acc = 0;
    for (let i = 0; i < n; i++) acc += zx[i] * lag[i];
    return ((n / S0) * acc) / xx;
  };
  const I = stat(zy);
  const result: BivariateMoranResult = { I, permutations, seed, n, S0, transformation };
  if (permutations > 0) Object.assign(result, permutationTest(zy, I, permutations, seed, stat));
  return result;
}

function sumSquares(v: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < v.length; i++) acc += v[i] * v[i];
  return acc;
}

/** x − x̄, checking that x is not constant. */
function centred(x: Float64Array, name: string): Float64Array {
  const n = x.length;
  if (n < 2) throw new InputError(`${name} needs at least 2 units, got ${n}`, { argument: name });
  const mean = sum(x) / n;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = x[i] - mean;
    ss += z[i] * z[i];
  }
  if (!(ss > 0)) throw new InputError(`${name} values are all equal (${x[0]}); the statistic is undefined for a constant variable`, { argument: name });
  return z;
}

// ---------------------------------------------------------------------------------------------------------
// Moran's I for rates
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link moranRate}. */
export interface MoranRateOptions extends MoranOptions {
  /**
   * How a negative variance of the rates' prior is handled: "esda" (default; esda `assuncao_rate`, GeoDa):
   * v_i = a + b/P_i, replaced by b/P_i where negative; "spdep" (`EBest`, `EBImoran.mc`): a is set to 0 when
   * negative, so v_i = a + b/P_i ≥ 0 always. They agree whenever a ≥ 0.
   */
  convention?: "esda" | "spdep";
}

/** Moran's I of empirical-Bayes standardised rates: the `moran` result plus the standardised rates. */
export interface MoranRateResult extends MoranResult {
  /** The Assunção–Reis standardised rates z_i = (r_i − b)/√v_i the statistic is computed on. */
  rates: Float64Array;
  /** b = ΣO/ΣP, the overall rate. */
  b: number;
  /** a = s² − b/(ΣP/n), the moment estimate of the rates' prior variance (before any clipping). */
  a: number;
  convention: "esda" | "spdep";
}

/**
 * Moran's I for rates (Assunção & Reis 1999; esda `Moran_Rate(e, b, w, adjusted = True)`, spdep
 * `EBImoran.mc(n, x, listw)`, GeoDa's "Moran's I with EB rate"): the raw rates r_i = O_i/P_i (events over the
 * population at risk) are standardised as z_i = (r_i − b)/√v_i with b = ΣO/ΣP,
 * s² = Σ P_i (r_i − b)² / ΣP, a = s² − b/(ΣP/n) and v_i = a + b/P_i (see `convention` for a < 0), and
 * Moran's I with all its inference is computed on z (by `moran`, with the same options).
 *
 * @throws InputError when events or population differ in length from the weights, a population is not > 0 or
 *   an event count is negative (naming the unit), and as `moran`.
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const r = moranRate([1, 2, 6, 8], [100, 100, 200, 200], w, { permutations: 0 });
 * [r.b, r.a]                               // → [0.028333333333333332, -0.00007499999999999998]
 * Array.from(r.rates, (v) => +v.toFixed(6)) // → [-1.270171, -0.57735, 0.204124, 1.428869]
 */
export function moranRate(events: Numbers, population: Numbers, w: WeightsMatrix, options: MoranRateOptions = {}): MoranRateResult {
  checkOptionsObject(options);
  const convention = options.convention === undefined ? "esda" : options.convention;
  if (convention !== "esda" && convention !== "spdep") throw new InputError(`convention must be "esda" or "spdep", got ${JSON.stringify(convention)}`, { argument: "convention" });
  const n = sparseWeights(w).n;
  const O = checkValues(events, w, n);
  const P = toFloat64(population, { name: "population", labels: w.ids });
  if (P.length !== n) throw new InputError(`population has ${P.length} elements but the weights have ${n} units; they must match`, { argument: "population" });
  for (let i = 0; i < n; i++) {
    if (!(P[i] > 0)) throw new InputError(`population[${i}] (${w.ids[i]}) is ${P[i]}; populations at risk must be > 0`, { argument: "population", index: i, label: String(w.ids[i]) });
    if (O[i] < 0) throw new InputError(`events[${i}] (${w.ids[i]}) is ${O[i]}; event counts must be ≥ 0`, { argument: "events", index: i, label: String(w.ids[i]) });
  }
  const Osum = sum(O);
  const Psum = sum(P);
  const b = Osum / Psum;
  const r = new Float64Array(n);
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    r[i] = O[i] / P[i];
    s2 += P[i] * (r[i] - b) * (r[i] - b);
  }
  s2 /= Psum;
  const a = s2 - b / (Psum / n);
  const aUsed = convention === "spdep" && a < 0 ? 0 : a;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = aUsed + b / P[i];
    if (v < 0) v = b / P[i];
    z[i] = (r[i] - b) / Math.sqrt(v);
  }
  const { convention: _c, ...moranOptions } = options;
  const m = moran(z, w, moranOptions);
  return { ...m, rates: z, b, a, convention };
}
