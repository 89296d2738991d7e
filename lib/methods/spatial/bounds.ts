/**
 * The range Moran's I can take on given weights (de Jong, Sprenger & van Veen 1984; adespatial's
 * `moran.bounds`).
 */

import { symmetricEigenvaluesInPlace } from "../../numeric/eigen";
import { InputError } from "../../numeric/validate";
import { checkTransformation, rowStandardizeSparse, sparseWeights, zeroRows, type Transformation, type WeightsMatrix } from "./spatial";

/** The most units {@link moranBounds} accepts by default: the computation is dense, n² doubles and O(n³) time. */
export const MORAN_BOUNDS_MAX_UNITS = 2000;

/** Options of {@link moranBounds}. */
export interface MoranBoundsOptions {
  /**
   * "row" (default, as {@link moran}): the bounds of I on the row-standardised weights; "none": on the weights as
   * given (adespatial and spdep use a `listw` as it is). Weights given a style by `transformWeights` are used as
   * given unless told otherwise, as in `moran`.
   */
  transformation?: Transformation;
  /**
   * spdep's `adjust.n`, as in `moran`: when true, n is the number of units with neighbours, so the bounds are
   * those of I computed with `moran(…, { adjustN: true })` — the bounds with every unit in n times (n − islands)/n.
   */
  adjustN?: boolean;
  /**
   * The most units accepted (default {@link MORAN_BOUNDS_MAX_UNITS} = 2000). The computation holds the dense n×n
   * matrix (8n² bytes: 32 MB at n = 2000) and takes O(n³) time (about 10 s at 2000); raise it knowingly.
   */
  maxUnits?: number;
}

/** The extreme values of Moran's I on given weights (fields as adespatial's `Imin`, `Imax`). */
export interface MoranBoundsResult {
  /** The smallest value of I: (n/S0)·λ_min of the double-centred symmetrised weights (adespatial's `Imin`). */
  min: number;
  /** The largest value of I: (n/S0)·λ_max (adespatial's `Imax`). */
  max: number;
  /** The n of I: every unit, or with `adjustN` the units with neighbours. */
  n: number;
  /** S0 = Σ_i Σ_j w_ij of the weights used (after the transformation). */
  S0: number;
  /** Number of units whose weights sum to 0 (no neighbour): kept in the matrix, and in n unless `adjustN`. */
  islands: number;
  transformation: Transformation;
}

/**
 * The range of Moran's I on given weights, whatever the values: de Jong, Sprenger & van Veen (1984), as
 * adespatial's `moran.bounds` computes it.
 *
 * Moran's I = (n/S0)·z'Wz/z'z over centred z (z'1 = 0), and z'Wz = z'W_s z with W_s = (W + Wᵀ)/2. With the
 * centring projector P = I − 11ᵀ/n, the double-centred C = P·W_s·P has the constant vector as an eigenvector
 * (eigenvalue 0) and the others orthogonal to it, so the Rayleigh quotient z'Cz/z'z gives
 *
 *   I_min = (n/S0)·λ_min(C),   I_max = (n/S0)·λ_max(C),
 *
 * attained by the eigenvectors. As in adespatial (`n/sum(W)·range(eigen(bicenter.wt((W + t(W))/2)))`), the
 * range is over all n eigenvalues of C, the constant vector's 0 included: in the rare case where every
 * eigenvalue on the centred vectors has the same sign (n = 2, complete graphs) one bound is 0 and is not
 * attained by any non-constant variable. I is commonly said to lie in [−1, 1]; on most weights the range is
 * narrower at the bottom and can exceed 1 at the top (−1.02 to 1.06 on the Russian regions' queen weights).
 *
 * Weights are row-standardised first by default, as `moran` does (`transformation: "none"` uses them as given,
 * as adespatial does with a `listw`). Islands (units with no neighbour, or only zero weights) keep a zero row
 * and column and stay in n, as in `moran` and spdep's `listw2mat` with `zero.policy = TRUE`; with
 * `adjustN: true` n counts only the units with neighbours, as `moran(…, { adjustN: true })`. The eigenvalues
 * are those of the dense matrix (Householder tridiagonalisation and implicit QL, `symmetricEigenvalues` in
 * `baltic-repro/eigen`), so n is limited (`maxUnits`, default 2000).
 *
 * Reference: de Jong, P., Sprenger, C. & van Veen, F. (1984). On extreme values of Moran's I and Geary's C.
 * *Geographical Analysis*, 16(1), 17–24. Dray, S. et al., R package adespatial, `moran.bounds`.
 *
 * @throws InputError when the weights are malformed (naming the unit), have no link (S0 = 0), have more units
 *   than `maxUnits` (naming both), or with `adjustN` fewer than 2 units with neighbours; or an option is invalid.
 * @example
 * // a ring of six units (each the neighbour of the next, row-standardised): I lies in [−1, 0.5]
 * const ring = weightsFromNeighbors(["a", "b", "c", "d", "e", "f"], [[1, 5], [0, 2], [1, 3], [2, 4], [3, 5], [0, 4]]);
 * const b = moranBounds(ring);
 * [b.min, b.max].map((v) => +v.toFixed(12)) // → [-1, 0.5]
 * [b.n, b.S0, b.islands]                    // → [6, 6, 0]
 */
export function moranBounds(w: WeightsMatrix, options: MoranBoundsOptions = {}): MoranBoundsResult {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
  const transformation = checkTransformation(options.transformation, w);
  const maxUnits = options.maxUnits ?? MORAN_BOUNDS_MAX_UNITS;
  if (typeof maxUnits !== "number" || !Number.isInteger(maxUnits) || maxUnits < 1) {
    throw new InputError(`maxUnits must be a positive integer, got ${String(maxUnits)}`, { argument: "maxUnits" });
  }
  if (options.adjustN !== undefined && typeof options.adjustN !== "boolean") {
    throw new InputError(`adjustN must be true or false, got ${String(options.adjustN)}`, { argument: "adjustN" });
  }
  const s = sparseWeights(w);
  const n = s.n;
  if (n > maxUnits) {
    throw new InputError(
      `moranBounds: the weights have ${n} units, more than the limit of ${maxUnits}: the bounds need the eigenvalues of a dense ` +
        `${n}×${n} matrix (${Math.ceil((8 * n * n) / 2 ** 20)} MB, time growing as n³); pass { maxUnits: ${n} } to compute them anyway`,
      { argument: "weights" },
    );
  }
  if (transformation === "row") rowStandardizeSparse(s);
  let S0 = 0;
  for (let k = 0; k < s.values.length; k++) S0 += s.values[k];
  if (!(S0 > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island, and Moran's I is undefined", { argument: "weights" });
  const islands = zeroRows(s).reduce((acc, v) => acc + v, 0);
  const nUsed = options.adjustN === true ? n - islands : n;
  if (nUsed < 2) throw new InputError(`Moran's I with adjustN needs at least 2 units with neighbours, got ${nUsed}`, { argument: "weights" });

  // W_s = (W + Wᵀ)/2, dense
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      const j = s.indices[k];
      const half = s.values[k] / 2;
      a[i * n + j] += half;
      a[j * n + i] += half;
    }
  }
  // C = P·W_s·P: c_ij = w_ij − (r_i + r_j) + g, with r the row (= column) means and g the grand mean; written as
  // (r_i + r_j) so that C is exactly symmetric. Only the lower triangle is used by the eigenvalue routine.
  const r = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) rowSum += a[i * n + j];
    r[i] = rowSum / n;
    grand += r[i];
  }
  grand /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[i * n + j] - (r[i] + r[j]) + grand;
  const lambda = symmetricEigenvaluesInPlace(a, n);
  const scale = nUsed / S0;
  return { min: scale * lambda[0], max: scale * lambda[n - 1], n: nUsed, S0, islands, transformation };
}
