/**
 * The spatial decomposition of the Gini index (Rey & Smith 2013), PySAL `inequality.gini.Gini_Spatial`, with its
 * permutation inference. Re-exported by `baltic-repro/inequality`.
 */
import { gini } from "./inequality";
import { normalCdf } from "../../numeric/normal";
import { DEFAULT_SEED, Xoshiro128StarStar, checkSeed, shuffleInPlace } from "../../numeric/random";
import { sparseWeights, type WeightsMatrix } from "../spatial/spatial";
import { InputError, toFloat64 } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

/** The spatial Gini decomposition (fields as PySAL's `Gini_Spatial`). */
export interface SpatialGiniResult {
  /** The Gini index G = Σ_i Σ_j |x_i − x_j| / (2n²x̄). */
  gini: number;
  /** Σ_i Σ_j |x_i − x_j| over all ordered pairs (= G·2n²x̄). */
  total: number;
  /** Σ_i Σ_{j ∈ N(i)} |x_i − x_j|: the part between neighbours (PySAL `wg`). */
  neighbor: number;
  /** total − neighbor: the part between non-neighbours (PySAL `wcg`). */
  nonNeighbor: number;
  /** nonNeighbor / (2n²x̄), the non-neighbour part of G (PySAL `wcg_share`); G = (neighbor + nonNeighbor)/(2n²x̄). */
  nonNeighborShare: number;
  /** (nonNeighbor/neighbor)·(neighbour pairs / non-neighbour pairs): 1 when neighbours differ as much as others. */
  polarization: number;
  /** Folded pseudo p-value of nonNeighbor, (min(M, R − M) + 1)/(R + 1), M = #{nonNeighbor_perm ≥ nonNeighbor}. */
  pPermutation?: number;
  /** Mean, standard deviation (n denominator) and z of the permuted nonNeighbor (PySAL `e_wcg`, `s_wcg`, `z_wcg`). */
  meanPermutation?: number;
  sdPermutation?: number;
  zPermutation?: number;
  /** 1 − Φ(zPermutation) (PySAL `p_z_sim`). */
  pNormal?: number;
  /** (#{polarization_perm ≥ polarization} + 1)/(R + 1), upper tail only (PySAL `polarization_p_sim`). */
  polarizationP?: number;
  permutations: number;
  seed: number;
}

/** Σ_i Σ_{j ∈ N(i)} |x_i − x_j| over the neighbour lists. */
function neighborSum(neighbors: number[][], x: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < neighbors.length; i++) {
    const xi = x[i];
    for (const j of neighbors[i]) acc += Math.abs(xi - x[j]);
  }
  return acc;
}

/**
 * The spatial Gini (Rey & Smith 2013; PySAL `Gini_Spatial(x, w, permutations)`): the Gini's sum of absolute
 * differences split into neighbour and non-neighbour pairs,
 * G = Σ_i Σ_j |x_i − x_j| / (2n²x̄) = [Σ_ij w_ij|x_i − x_j| + Σ_ij (1 − w_ij)|x_i − x_j|] / (2n²x̄), w binary (the
 * neighbour lists; weight values are ignored). Inference (PySAL): the values are permuted over the units R times
 * (seeded xoshiro128**, stream (seed, 0)) and the non-neighbour part compared with its permutation distribution;
 * a small p says that neighbours are more alike than random pairs.
 *
 * @throws InputError for values and weights of different lengths, negative or non-finite values (naming the unit),
 *   a zero total, weights with no neighbour pair or with every pair neighbours.
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0], [3], [2]]);
 * const r = spatialGini([1, 2, 10, 12], w, { permutations: 0 });
 * [r.gini, r.neighbor, r.nonNeighbor, r.polarization] // → [0.41, 6, 76, 6.333333333333333]
 */
export function spatialGini(x: Numbers, w: WeightsMatrix, options: { permutations?: number; seed?: number } = {}): SpatialGiniResult {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
  const s = sparseWeights(w);
  const n = s.n;
  const values = toFloat64(x, { name: "x", labels: w.ids, nonNegative: true, reason: "the Gini index needs non-negative values" });
  if (values.length !== n) throw new InputError(`x has ${values.length} values but the weights have ${n} units; they must match, in the order of the weights' ids`, { argument: "x" });
  const permutations = options.permutations === undefined ? 99 : options.permutations;
  if (typeof permutations !== "number" || !Number.isInteger(permutations) || permutations < 0 || permutations > 1e7) {
    throw new InputError(`permutations must be an integer between 0 and 10^7, got ${String(permutations)}`, { argument: "permutations" });
  }
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const g = gini(values);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  const den = mean * 2 * n * n;
  const total = g * den;
  const neighbors = w.neighbors.map((l) => l.slice());
  const neighbor = neighborSum(neighbors, values);
  const nonNeighbor = total - neighbor;
  const links = s.offsets[n];
  const pairs = (n * (n - 1)) / 2;
  const neighborPairs = links / 2;
  const otherPairs = pairs - neighborPairs;
  if (!(neighborPairs > 0) || !(otherPairs > 0)) {
    throw new InputError(`the spatial Gini needs both neighbour and non-neighbour pairs (${neighborPairs} of ${pairs} pairs are neighbours)`, { argument: "weights" });
  }
  const scale = neighborPairs / otherPairs;
  const polarization = (nonNeighbor / neighbor) * scale;
  const result: SpatialGiniResult = {
    gini: g,
    total,
    neighbor,
    nonNeighbor,
    nonNeighborShare: nonNeighbor / den,
    polarization,
    permutations,
    seed,
  };
  if (permutations > 0) {
    const rng = new Xoshiro128StarStar(seed, 0);
    const p = Float64Array.from(values);
    let atLeast = 0;
    let polarAtLeast = 0;
    let m = 0;
    let sq = 0;
    for (let r = 0; r < permutations; r++) {
      shuffleInPlace(p, rng);
      const wcg = total - neighborSum(neighbors, p);
      if (wcg >= nonNeighbor) atLeast++;
      if ((wcg / (total - wcg)) * scale >= polarization) polarAtLeast++;
      const delta = wcg - m;
      m += delta / (r + 1);
      sq += delta * (wcg - m);
    }
    const sd = Math.sqrt(sq / permutations);
    result.pPermutation = (Math.min(atLeast, permutations - atLeast) + 1) / (permutations + 1);
    result.meanPermutation = m;
    result.sdPermutation = sd;
    result.zPermutation = (nonNeighbor - m) / sd;
    result.pNormal = 1 - normalCdf(result.zPermutation);
    result.polarizationP = (polarAtLeast + 1) / (permutations + 1);
  }
  return result;
}
