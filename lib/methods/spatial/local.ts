/**
 * Local statistics beside the local Moran: Getis–Ord Gi and Gi*, the local Geary, the bivariate local Moran, the
 * analytical moments of the local Moran (spdep's E.Ii, Var.Ii, Z.Ii) and the multiple-testing choices GeoDa
 * offers for every local statistic's clusters (Bonferroni, false discovery rate). Re-exported by
 * `baltic-repro/spatial`.
 *
 * Inference is GeoDa's conditional permutation on the engine of `localMoran`: unit i's value is held fixed and
 * its k_i neighbours' values are drawn without replacement from the other n − 1 units, R times, each unit from
 * its own xoshiro128** stream (seed, i) — so with the same seed every local statistic sees the same draws as
 * `localMoran`, and the pseudo p-value is the folded (min(M_i, R − M_i) + 1)/(R + 1) with
 * M_i = #{statistic_perm ≥ statistic_i}. The statistics and analytical moments are those of R spdep 1.2-7
 * (`localG`, `localC`, `localmoran`, `localmoran_bv`).
 */

import { DEFAULT_SEED, Xoshiro128StarStar, checkSeed } from "../../numeric/random";
import {
  checkPermutations,
  checkTransformation,
  checkValues,
  lagSparse,
  normalTwoSidedP,
  quadrantOf,
  rowStandardizeSparse,
  sparseWeights,
  standardize,
  zeroRows,
  drawsByRejection,
  type Quadrant,
  type SparseWeights,
  type Transformation,
  type WeightsMatrix,
} from "./spatial";
import { InputError, sum } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

// ---------------------------------------------------------------------------------------------------------
// Multiple testing
// ---------------------------------------------------------------------------------------------------------

/** How the significance level is adjusted for testing every unit: none, Bonferroni, or false discovery rate. */
export type MultipleTesting = "none" | "bonferroni" | "fdr";

/**
 * The p-value cutoff for "significant" when m local tests are made at level α (GeoDa's significance filter):
 * - "none": α;
 * - "bonferroni": α/m (GeoDa's "Bonferroni bound");
 * - "fdr": the Benjamini–Hochberg cutoff, the largest p_(k) with p_(k) ≤ k·α/m among the sorted p-values
 *   (GeoDa's "False Discovery Rate"); 0 when there is none, so that nothing is significant.
 * m counts the p-values that are numbers (islands carry no test, NaN).
 *
 * @throws InputError for alpha outside (0, 1) or an unknown method.
 * @example
 * significanceCutoff([0.001, 0.01, 0.02, 0.04, 0.3], 0.05, "bonferroni") // → 0.01
 * significanceCutoff([0.001, 0.01, 0.02, 0.04, 0.3], 0.05, "fdr")        // → 0.04 (0.04 ≤ 4·0.05/5)
 */
export function significanceCutoff(p: ArrayLike<number>, alpha: number, method: MultipleTesting = "none"): number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be a number between 0 and 1, got ${String(alpha)}`, { argument: "alpha" });
  if (method !== "none" && method !== "bonferroni" && method !== "fdr") {
    throw new InputError(`multipleTesting must be "none", "bonferroni" or "fdr", got ${JSON.stringify(method)}`, { argument: "multipleTesting" });
  }
  if (method === "none") return alpha;
  const finite: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) finite.push(p[i]);
  const m = finite.length;
  if (m === 0) return alpha;
  if (method === "bonferroni") return alpha / m;
  finite.sort((a, b) => a - b);
  let cutoff = 0;
  for (let k = 0; k < m; k++) if (finite[k] <= ((k + 1) * alpha) / m) cutoff = finite[k];
  return cutoff;
}

// ---------------------------------------------------------------------------------------------------------
// Local Moran's analytical moments
// ---------------------------------------------------------------------------------------------------------

/** Analytical moments of the local Moran, on the scale of GeoDa's I_i. */
export interface LocalMoranMoments {
  expected: Float64Array;
  variance: Float64Array;
  z: Float64Array;
  /** Two-sided normal p-value of z (spdep's `Pr(z != E(Ii))`). */
  pNormal: Float64Array;
}

/**
 * @internal The moments of the local Moran under randomisation, as spdep's `localmoran` (mlvar = TRUE) gives
 * E.Ii, Var.Ii and Z.Ii for Ii = n·z_i·lag_i/Σz², rescaled to GeoDa's I_i = Ii·(n − 1)/n (z unchanged).
 * With m2 = Σz²/n, W_i = Σ_j w_ij, W_i(2) = Σ_j w_ij²:
 * conditional (Sokal et al. 1998, spdep's default): E = −z_i²W_i/((n − 1)m2),
 *   Var = (z_i/m2)²·n/(n − 2)·(W_i(2) − W_i²/(n − 1))·(m2 − z_i²/(n − 1));
 * total (Anselin 1995): E = −W_i/(n − 1), Var = W_i(2)(n − b2)/(n − 1) + (W_i² − W_i(2))(2b2 − n)/((n − 1)(n − 2)) − E²,
 *   b2 = m4/m2².
 */
export function localMoranMoments(zValues: Float64Array, s: SparseWeights, I: Float64Array, conditional: boolean): LocalMoranMoments {
  const n = s.n;
  const mean = sum(zValues) / n;
  const z = new Float64Array(n);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    z[i] = zValues[i] - mean;
    m2 += z[i] * z[i];
    m4 += z[i] * z[i] * z[i] * z[i];
  }
  m2 /= n;
  m4 /= n;
  const b2 = m4 / (m2 * m2);
  const scale = (n - 1) / n;
  const expected = new Float64Array(n);
  const variance = new Float64Array(n);
  const zOut = new Float64Array(n);
  const pNormal = new Float64Array(n);
  // I on spdep's scale: Ii = n z_i lag_i / Σz² = I_i · n/(n − 1)
  for (let i = 0; i < n; i++) {
    let Wi = 0;
    let Wi2 = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      Wi += s.values[k];
      Wi2 += s.values[k] * s.values[k];
    }
    let E: number;
    let V: number;
    if (conditional) {
      E = -(z[i] * z[i] * Wi) / ((n - 1) * m2);
      V = (z[i] / m2) * (z[i] / m2) * (n / (n - 2)) * (Wi2 - (Wi * Wi) / (n - 1)) * (m2 - (z[i] * z[i]) / (n - 1));
    } else {
      E = -Wi / (n - 1);
      V = (Wi2 * (n - b2)) / (n - 1) + ((Wi * Wi - Wi2) * (2 * b2 - n)) / ((n - 1) * (n - 2)) - E * E;
    }
    const Ii = I[i] / scale;
    const zi = (Ii - E) / Math.sqrt(V);
    expected[i] = E * scale;
    variance[i] = V * scale * scale;
    zOut[i] = zi;
    pNormal[i] = normalTwoSidedP(zi);
  }
  return { expected, variance, z: zOut, pNormal };
}

// ---------------------------------------------------------------------------------------------------------
// The conditional permutation engine
// ---------------------------------------------------------------------------------------------------------

/**
 * How a unit's statistic is recomputed from its neighbours' drawn values v_j (weights w_m):
 * "lag": a_i·Σ_m w_m v_j + c_i (local Moran, bivariate Moran, Gi, Gi*); "geary": Σ_m w_m (v_i − v_j)².
 */
type Kernel = "lag" | "geary";

/**
 * @internal Conditional-permutation counts M_i = #{r: statistic_i^(r) ≥ observed_i} for every unit with
 * neighbours (NaN for islands). The draws are those of `localMoran` (same stream per unit, same schemes: a partial
 * Fisher–Yates shuffle of the same pool, or rejection on large maps — see `drawsByRejection` in ./spatial), whatever
 * the statistic. `self` marks Gi*: unit i's own entry of row i is not drawn (it is folded into c_i).
 */
export function conditionalPermutationCounts(
  s: SparseWeights,
  island: Uint8Array,
  kernel: Kernel,
  v: Float64Array,
  a: Float64Array,
  c: Float64Array,
  observed: Float64Array,
  permutations: number,
  seed: number,
  self?: Int32Array,
): Float64Array {
  const n = s.n;
  const { offsets, values, indices } = s;
  const out = new Float64Array(n);
  // The shuffle's pool holds unit indices; it is put back to the identity after each unit that shuffled it.
  let pool: Int32Array | null = null;
  // The rejection scheme's marks: mark[j] = the stamp of the last permutation that drew unit j (a new stamp per
  // permutation clears every mark at once; a double counts to 2^53 without wrapping).
  let mark: Float64Array | null = null;
  let stamp = 0;
  const last = n - 1;
  const w = new Float64Array(n);
  const drawn = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // the weights drawn for: row i without unit i's own entry (Gi*)
    let k = 0;
    for (let m = offsets[i]; m < offsets[i + 1]; m++) if (self === undefined || indices[m] !== i) w[k++] = values[m];
    if (k === 0 || island[i]) {
      out[i] = NaN;
      continue;
    }
    const rng = new Xoshiro128StarStar(seed, i);
    const vi = v[i];
    const ai = a[i];
    const ci = c[i];
    const obs = observed[i];
    let atLeast = 0;
    const rejection = drawsByRejection(n, k, permutations);
    if (rejection) mark ??= new Float64Array(n);
    else {
      pool ??= Int32Array.from({ length: n }, (_, j) => j);
      pool[i] = last;
      pool[last] = i;
    }
    for (let r = 0; r < permutations; r++) {
      // the k units drawn for this permutation, into drawn[0..k−1]
      if (rejection) {
        const taken = mark!;
        taken[i] = ++stamp; // unit i is never its own neighbour
        for (let m = 0; m < k; m++) {
          let j = rng.nextBelow(n);
          while (taken[j] === stamp) j = rng.nextBelow(n);
          taken[j] = stamp;
          drawn[m] = j;
        }
      } else {
        const p = pool!;
        for (let m = 0; m < k; m++) {
          const pick = m + rng.nextBelow(last - m);
          const t = p[pick];
          p[pick] = p[m];
          p[m] = t;
          drawn[m] = t;
        }
      }
      let acc = 0;
      if (kernel === "lag") for (let m = 0; m < k; m++) acc += w[m] * v[drawn[m]];
      else {
        for (let m = 0; m < k; m++) {
          const d = vi - v[drawn[m]];
          acc += w[m] * d * d;
        }
      }
      const stat = kernel === "lag" ? ai * acc + ci : acc;
      if (stat >= obs) atLeast++;
    }
    out[i] = atLeast;
    if (!rejection) {
      const p = pool!;
      for (let j = 0; j < n; j++) p[j] = j;
    }
  }
  return out;
}

/** Folded pseudo p-values from counts (NaN stays NaN). */
function foldedP(counts: Float64Array, permutations: number): Float64Array {
  const out = new Float64Array(counts.length).fill(NaN);
  for (let i = 0; i < counts.length; i++) {
    const M = counts[i];
    if (!Number.isNaN(M)) out[i] = (Math.min(M, permutations - M) + 1) / (permutations + 1);
  }
  return out;
}

/** Options shared by the local statistics. */
export interface LocalOptions {
  /** Conditional permutations per unit (default 999, GeoDa's; 0 = no pseudo p-values). */
  permutations?: number;
  /** Seed (default {@link DEFAULT_SEED}, GeoDa's 123456789). */
  seed?: number;
  /** Significance level for the clusters (default 0.05). */
  alpha?: number;
  /** Adjust alpha for the number of units tested (default "none"; see {@link significanceCutoff}). */
  multipleTesting?: MultipleTesting;
  /** "row" (default, GeoDa): row-standardise the weights first; "none": use them as given. */
  transformation?: Transformation;
}

interface Prepared {
  s: SparseWeights;
  islands: Uint8Array;
  permutations: number;
  seed: number;
  alpha: number;
  multipleTesting: MultipleTesting;
  transformation: Transformation;
}

function prepare(w: WeightsMatrix, options: LocalOptions): Prepared {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
  const transformation = checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const alpha = options.alpha === undefined ? 0.05 : options.alpha;
  const multipleTesting = options.multipleTesting === undefined ? "none" : options.multipleTesting;
  significanceCutoff([], alpha, multipleTesting); // checks both
  const s = sparseWeights(w);
  const islands = zeroRows(s);
  return { s, islands, permutations, seed, alpha, multipleTesting, transformation };
}

// ---------------------------------------------------------------------------------------------------------
// Getis–Ord Gi and Gi*
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link localG}. */
export interface LocalGOptions extends LocalOptions {
  /** Gi* (true): the unit itself counts among its neighbours, with weight 1 before the transformation; Gi (false, default): it does not. */
  star?: boolean;
}

/** Getis–Ord local statistics, one entry per unit. */
export interface LocalGResult {
  ids: string[];
  star: boolean;
  /** G_i = Σ_j w_ij x_j / Σ_{j≠i} x_j (Gi) or G*_i = Σ_j w_ij x_j / Σ_j x_j (Gi*, j = i included). */
  G: Float64Array;
  /** E[G_i] and Var[G_i] under randomisation (Getis & Ord 1992; spdep `localG`'s internals). */
  expected: Float64Array;
  variance: Float64Array;
  /** z_i = (G_i − E[G_i])/√Var[G_i] (the value spdep's `localG` returns); NaN for islands of Gi. */
  z: Float64Array;
  /** Two-sided normal p-value of z. */
  pNormal: Float64Array;
  /** Folded conditional-permutation pseudo p-value; NaN for islands. */
  pPermutation: Float64Array;
  /** "High" (hot spot: z > 0) or "Low" (cold spot) when pPermutation ≤ the cutoff, else "ns"; "island" without neighbours. */
  cluster: ("High" | "Low" | "ns" | "island")[];
  /** The p-value cutoff used for the clusters (alpha, adjusted by multipleTesting). */
  cutoff: number;
  permutations: number;
  seed: number;
  alpha: number;
  multipleTesting: MultipleTesting;
  transformation: Transformation;
}

/** Sparse weights with each unit added to its own row with weight `value` (kept sorted). */
function withSelf(s: SparseWeights, value: number): SparseWeights {
  const n = s.n;
  const offsets = new Int32Array(n + 1);
  const indices = new Int32Array(s.indices.length + n);
  const values = new Float64Array(s.values.length + n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = k;
    let placed = false;
    for (let m = s.offsets[i]; m < s.offsets[i + 1]; m++) {
      if (!placed && s.indices[m] > i) {
        indices[k] = i;
        values[k++] = value;
        placed = true;
      }
      indices[k] = s.indices[m];
      values[k++] = s.values[m];
    }
    if (!placed) {
      indices[k] = i;
      values[k++] = value;
    }
  }
  offsets[n] = k;
  return { n, offsets, indices, values };
}

/**
 * Getis–Ord local statistics Gi and Gi* (Getis & Ord 1992; Ord & Getis 1995), the hot-spot analysis of GeoDa, esda
 * `G_Local` and R spdep `localG`:
 * G_i = Σ_{j≠i} w_ij x_j / Σ_{j≠i} x_j; with `star`, G*_i = Σ_j w_ij x_j / Σ_j x_j where unit i is its own neighbour
 * (weight 1 before row-standardisation, as spdep's `include.self` and esda's `star = True`).
 * Moments (spdep): Gi: x̄_i = (Σx − x_i)/(n − 1), s_i² = (Σx² − x_i²)/(n − 1) − x̄_i²,
 * E = W_i·x̄_i, Var = s_i²·((n − 1)W_i(2) − W_i²)/(n − 2); Gi*: x̄ = mean, s² = Σ(x − x̄)²/n,
 * E = W_i·x̄, Var = s²·(nW_i(2) − W_i²)/(n − 1); both divided by the denominator of G_i (its square for Var);
 * W_i = Σ_j w_ij, W_i(2) = Σ_j w_ij². z = (G − E)/√Var is what spdep's `localG` returns.
 * Conditional permutation as `localMoran` (the unit's own weight in Gi* stays with its own value); cluster
 * "High" (hot spot) when z > 0 and p ≤ cutoff, "Low" (cold spot) when z ≤ 0 and p ≤ cutoff (GeoDa). Weights
 * row-standardised by default (GeoDa, esda). Getis and Ord meant positive values; other values are accepted as
 * long as no denominator Σ_{j≠i} x_j is 0.
 *
 * @throws InputError as `localMoran`; and when Σ_{j≠i} x_j = 0 for some unit (naming it).
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const g = localG([1, 2, 3, 4], w, { permutations: 0 });
 * Array.from(g.G)                       // → [0.2222222222222222, 0.25, 0.42857142857142855, 0.5]
 * Array.from(g.z, (v) => +v.toFixed(6)) // → [-1.224745, -1.069045, 1.069045, 1.224745]
 */
export function localG(values: Numbers, w: WeightsMatrix, options: LocalGOptions = {}): LocalGResult {
  const p = prepare(w, options);
  const star = options.star === true;
  const n = p.s.n;
  const x = checkValues(values, w, n);
  if (n < 3) throw new InputError(`the local G needs at least 3 units, got ${n}`, { argument: "values" });
  const s = star ? withSelf(p.s, 1) : p.s;
  if (p.transformation === "row") rowStandardizeSparse(s);
  const total = sum(x);
  let total2 = 0;
  for (let i = 0; i < n; i++) total2 += x[i] * x[i];
  const mean = total / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  const lag = lagSparse(s, x);
  const G = new Float64Array(n);
  const expected = new Float64Array(n);
  const variance = new Float64Array(n);
  const z = new Float64Array(n);
  const pNormal = new Float64Array(n);
  const island = new Uint8Array(n);
  const a = new Float64Array(n);
  const c = new Float64Array(n);
  const selfIndex = new Int32Array(n);
  const signedLag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let Wi = 0;
    let Wi2 = 0;
    let selfWeight = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      Wi += s.values[k];
      Wi2 += s.values[k] * s.values[k];
      if (s.indices[k] === i) selfWeight = s.values[k];
    }
    island[i] = p.islands[i];
    const denominator = star ? total : total - x[i];
    if (denominator === 0) throw new InputError(`the sum of the other units' values is 0 for unit ${w.ids[i]}: G_i is undefined`, { argument: "values", index: i, label: String(w.ids[i]) });
    let E: number;
    let V: number;
    if (star) {
      E = Wi * mean;
      V = (ss / n) * ((n * Wi2 - Wi * Wi) / (n - 1));
    } else {
      const xi = (total - x[i]) / (n - 1);
      const si2 = (total2 - x[i] * x[i]) / (n - 1) - xi * xi;
      E = Wi * xi;
      V = si2 * (((n - 1) * Wi2 - Wi * Wi) / (n - 2));
    }
    G[i] = lag[i] / denominator;
    expected[i] = E / denominator;
    variance[i] = V / (denominator * denominator);
    z[i] = island[i] && !star ? NaN : (lag[i] - E) / Math.sqrt(V);
    pNormal[i] = normalTwoSidedP(z[i]);
    // G_perm ≥ G_i ⟺ sign·lag_perm ≥ sign·lag_i: compare lags, so that a draw equal to the observed neighbours ties exactly
    a[i] = denominator > 0 ? 1 : -1;
    c[i] = a[i] * selfWeight * x[i];
    signedLag[i] = a[i] * lag[i];
    selfIndex[i] = i;
  }
  const pPermutation =
    p.permutations > 0
      ? foldedP(conditionalPermutationCounts(s, island, "lag", x, a, c, signedLag, p.permutations, p.seed, star ? selfIndex : undefined), p.permutations)
      : new Float64Array(n).fill(NaN);
  const cutoff = significanceCutoff(pPermutation, p.alpha, p.multipleTesting);
  const cluster = Array.from(pPermutation, (pi, i): "High" | "Low" | "ns" | "island" => (island[i] ? "island" : pi <= cutoff ? (z[i] > 0 ? "High" : "Low") : "ns"));
  return {
    ids: w.ids.slice(),
    star,
    G,
    expected,
    variance,
    z,
    pNormal,
    pPermutation,
    cluster,
    cutoff,
    permutations: p.permutations,
    seed: p.seed,
    alpha: p.alpha,
    multipleTesting: p.multipleTesting,
    transformation: p.transformation,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Local Geary
// ---------------------------------------------------------------------------------------------------------

/** Local Geary cluster labels (GeoDa): high-high, low-low, other positive association, negative association. */
export type GearyCluster = "HH" | "LL" | "otherPositive" | "negative" | "ns" | "island";

/** Local Geary statistics, one entry per unit. */
export interface LocalGearyResult {
  ids: string[];
  /** c_i = Σ_j w_ij (z_i − z_j)², z standardised with the n − 1 standard deviation. */
  C: Float64Array;
  /** z_i, the standardised values. */
  standardized: Float64Array;
  /** Σ_j w_ij z_j. */
  lag: Float64Array;
  pPermutation: Float64Array;
  /**
   * For pPermutation ≤ cutoff: "negative" when c_i is above the mean of the c's (neighbours unlike the unit),
   * else "HH" (z_i > 0 and lag > 0), "LL" (both < 0) or "otherPositive"; "ns" otherwise; "island".
   */
  cluster: GearyCluster[];
  cutoff: number;
  permutations: number;
  seed: number;
  alpha: number;
  multipleTesting: MultipleTesting;
  transformation: Transformation;
}

/**
 * Local Geary (Anselin 2019; GeoDa's Local Geary, esda `Geary_Local`, spdep `localC`):
 * c_i = Σ_j w_ij (z_i − z_j)², z = (x − x̄)/s with the n − 1 standard deviation (spdep's `scale`, GeoDa).
 * Small c_i: the unit resembles its neighbours (positive association); large: it differs (negative).
 * Conditional permutation as `localMoran`; clusters as GeoDa and esda label them (see `cluster`). Weights
 * row-standardised by default.
 *
 * @throws InputError as `localMoran`.
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * Array.from(localGeary([1, 2, 3, 4], w, { permutations: 0 }).C, (v) => +v.toFixed(6)) // → [0.6, 0.6, 0.6, 0.6]
 */
export function localGeary(values: Numbers, w: WeightsMatrix, options: LocalOptions = {}): LocalGearyResult {
  const p = prepare(w, options);
  const n = p.s.n;
  const s = p.s;
  if (p.transformation === "row") rowStandardizeSparse(s);
  const z = standardize(checkValues(values, w, n), "the local Geary");
  const lag = lagSparse(s, z);
  const C = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      const d = z[i] - z[s.indices[k]];
      acc += s.values[k] * d * d;
    }
    C[i] = acc;
  }
  const none = new Float64Array(n);
  const pPermutation = p.permutations > 0 ? foldedP(conditionalPermutationCounts(s, p.islands, "geary", z, none, none, C, p.permutations, p.seed), p.permutations) : new Float64Array(n).fill(NaN);
  const cutoff = significanceCutoff(pPermutation, p.alpha, p.multipleTesting);
  let meanC = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    if (p.islands[i]) continue;
    meanC += C[i];
    counted++;
  }
  meanC /= counted;
  const cluster = Array.from(pPermutation, (pi, i): GearyCluster => {
    if (p.islands[i]) return "island";
    if (!(pi <= cutoff)) return "ns";
    if (C[i] > meanC) return "negative";
    if (z[i] > 0 && lag[i] > 0) return "HH";
    if (z[i] < 0 && lag[i] < 0) return "LL";
    return "otherPositive";
  });
  return {
    ids: w.ids.slice(),
    C,
    standardized: z,
    lag,
    pPermutation,
    cluster,
    cutoff,
    permutations: p.permutations,
    seed: p.seed,
    alpha: p.alpha,
    multipleTesting: p.multipleTesting,
    transformation: p.transformation,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Bivariate local Moran
// ---------------------------------------------------------------------------------------------------------

/** Bivariate local Moran statistics, one entry per unit. */
export interface LocalBivariateMoranResult {
  ids: string[];
  /** I_i = z_x,i · Σ_j w_ij z_y,j. */
  I: Float64Array;
  /** Standardised x and the spatial lag of standardised y. */
  standardizedX: Float64Array;
  lagY: Float64Array;
  quadrant: (Quadrant | "island")[];
  pPermutation: Float64Array;
  cluster: (Quadrant | "ns" | "island")[];
  cutoff: number;
  permutations: number;
  seed: number;
  alpha: number;
  multipleTesting: MultipleTesting;
  transformation: Transformation;
}

/**
 * Bivariate local Moran (Anselin, Syabri & Smirnov 2002; GeoDa's bivariate LISA, esda `Moran_Local_BV`, spdep
 * `localmoran_bv`): I_i = z_x,i·Σ_j w_ij z_y,j, with x and y standardised by their n − 1 standard deviations
 * (spdep's `scale`, GeoDa) — spdep's `Ibvi`. Quadrants from the signs of z_x,i and the lag of z_y; conditional
 * permutation draws the neighbours' y values (x_i fixed) with `localMoran`'s engine: with y = x the p-values are
 * exactly `localMoran`'s.
 *
 * @throws InputError as `localMoran`, and when x and y differ in length.
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * Array.from(localBivariateMoran([1, 2, 3, 4], [4, 3, 2, 1], w, { permutations: 0 }).I, (v) => +v.toFixed(4)) // → [-0.45, -0.15, -0.15, -0.45]
 */
export function localBivariateMoran(x: Numbers, y: Numbers, w: WeightsMatrix, options: LocalOptions = {}): LocalBivariateMoranResult {
  const p = prepare(w, options);
  const n = p.s.n;
  const s = p.s;
  if (p.transformation === "row") rowStandardizeSparse(s);
  const zx = standardize(checkValues(x, w, n), "the bivariate local Moran (x)");
  const zy = standardize(checkValues(y, w, n), "the bivariate local Moran (y)");
  const lagY = lagSparse(s, zy);
  const I = new Float64Array(n);
  const quadrant: (Quadrant | "island")[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const island = p.islands[i] === 1;
    I[i] = island ? 0 : zx[i] * lagY[i];
    quadrant[i] = island ? "island" : quadrantOf(zx[i], lagY[i]);
  }
  const none = new Float64Array(n);
  const pPermutation = p.permutations > 0 ? foldedP(conditionalPermutationCounts(s, p.islands, "lag", zy, zx, none, I, p.permutations, p.seed), p.permutations) : new Float64Array(n).fill(NaN);
  const cutoff = significanceCutoff(pPermutation, p.alpha, p.multipleTesting);
  const cluster = quadrant.map((q, i) => (q === "island" ? "island" : pPermutation[i] <= cutoff ? q : "ns"));
  return {
    ids: w.ids.slice(),
    I,
    standardizedX: zx,
    lagY,
    quadrant,
    pPermutation,
    cluster,
    cutoff,
    permutations: p.permutations,
    seed: p.seed,
    alpha: p.alpha,
    multipleTesting: p.multipleTesting,
    transformation: p.transformation,
  };
}
