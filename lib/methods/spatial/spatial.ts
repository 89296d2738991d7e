/**
 * Spatial weights and spatial autocorrelation: contiguity weights from TopoJSON, row standardisation,
 * global Moran's I with its normality, randomisation and permutation inference, and the local Moran (LISA)
 * with conditional-permutation pseudo p-values and cluster labels.
 *
 * Conventions (authoritative definitions: `../shared/METHODS.md`, "Spatial autocorrelation"):
 * - **GeoDa / PySAL esda** are the defaults: Moran's I and the LISA use row-standardised weights
 *   (`transformation: "row"`, esda's `transformation="r"`); the LISA is I_i = z_i·Σ_j w_ij z_j with z
 *   standardised by the n − 1 standard deviation (GeoDa); pseudo p-values are folded,
 *   p = (min(M, R − M) + 1)/(R + 1) with M = #{permuted statistic ≥ observed} (esda, GeoDa); significance is
 *   p ≤ α with α = 0.05 (GeoDa).
 * - **R spdep** `moran.test(..., adjust.n = FALSE, zero.policy = TRUE)` gives the same I, E[I] and variances;
 *   spdep's `localmoran` Ii equals n/(n − 1) times GeoDa's.
 * - **Islands** (units with no neighbour) keep a zero row, stay in n, and are reported; nothing is ever
 *   divided by their zero row sum.
 *
 * Permutations are seeded (default seed {@link DEFAULT_SEED}, GeoDa's) and reproducible; they use the
 * xoshiro128** generator of `./random`. A different generator (GeoDa's, esda's, R's) draws different
 * permutations, so pseudo p-values agree with other tools only within Monte-Carlo error.
 *
 * `baltic-repro/spatial` also offers, from their own modules: k-nearest-neighbour, distance-band and GeoJSON
 * weights, GAL/GWT files, spdep's weight styles and higher orders (`./weights`); Geary's C, the General G, the
 * bivariate Moran's I and Moran's I for rates (`./global`); Gi/Gi*, the local Geary, the bivariate LISA, the local
 * Moran's analytical moments and GeoDa's multiple-testing cutoffs (`./local`); the range Moran's I can take on given
 * weights (`./bounds`).
 */

import { DEFAULT_SEED, Xoshiro128StarStar, checkSeed, shuffleInPlace } from "../../numeric/random";
import { contiguityLists, topologyUnits } from "../../geo/topology";
import type { ContiguityRule, SkippedUnit, UnitIdOptions } from "../../geo/topology";
import { InputError, scaledByPowerOfTwo, sum, toFloat64 } from "../../numeric/validate";
import { checkThreads, runRanges, shared, type SharedData } from "../../numeric/parallel";
import { moranAdjustedN } from "./global";
import { normalTwoSidedP } from "../../numeric/normal";
import { localMoranMoments, significanceCutoff, type MultipleTesting } from "./local";
import type { Numbers } from "../../numeric/validate";

export type { ContiguityRule, SkippedUnit } from "../../geo/topology";
export { DEFAULT_SEED } from "../../numeric/random";
// the normal tail lives in ./normal; re-exported here, where notebooks import it from
export { normalTwoSidedP } from "../../numeric/normal";
// The weights, global and local statistics added for PySAL/spdep users live in their own modules.
export * from "./weights";
export * from "./global";
export * from "./local";
// The range of Moran's I on given weights (dense eigenvalues) lives in ./bounds.
export * from "./bounds";

// ---------------------------------------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------------------------------------

/**
 * Spatial weights in list form (spdep's `nb` + `listw`, PySAL's `W`).
 *
 * Unit i is `ids[i]`; `neighbors[i]` are the indices j of its neighbours, sorted ascending, never i itself;
 * `weights[i][k]` is w_ij for j = neighbors[i][k]. Contiguity weights are binary (all 1);
 * {@link rowStandardize} divides each row by its sum. `islands` lists the ids with no neighbour (a zero row);
 * `skipped` lists map units that are not in the weights at all, and why.
 */
export interface WeightsMatrix {
  ids: string[];
  neighbors: number[][];
  weights: number[][];
  islands: string[];
  skipped: SkippedUnit[];
  /**
   * spdep's weights style when the weights come from {@link transformWeights} ("B", "W", "C", "U", "S"):
   * statistics then use them as given unless told otherwise (`transformation`).
   */
  style?: WeightStyle;
}

/** spdep's weights styles (`nb2listw(style = …)`): see {@link transformWeights}. */
export type WeightStyle = "B" | "W" | "C" | "U" | "S";

/** Options of {@link contiguity}. */
export interface ContiguityOptions extends UnitIdOptions {
  /** "queen": units sharing at least one boundary point; "rook": units sharing at least one edge. */
  rule: ContiguityRule;
  /** Select and order the units (each must be in the map with a polygon). Default: every unit, in map order. */
  ids?: ReadonlyArray<string | number>;
}

/**
 * Binary contiguity weights from a TopoJSON topology object (parsed JSON; no I/O).
 *
 * w_ij = 1 when units i ≠ j share a boundary point (queen) or an edge (rook), else 0. One unit per id:
 * several geometries under one id form one unit; null, empty and non-polygon geometries are skipped and
 * reported in `skipped` (only when `ids` is not given: an id asked for in `ids` that has no polygon is an
 * error). Shared points and edges are found exactly from the topology's arcs (quantized integer positions
 * when there is a `transform`), as GeoDa's and spdep's `poly2nb` contiguity do with coordinates: see
 * `contiguityLists` in `./topology` for the precise rule. Checked against spdep `poly2nb` (on the same files
 * read by GDAL): identical queen and rook lists for the 85 Russian regions (queen: 189 neighbour pairs =
 * 378 nonzero w_ij; Kaliningrad and Sakhalin are islands) and identical queen lists for the 3,197 US
 * counties of vega-datasets' us-10m.json. For rook, poly2nb ("more than one shared point", counting a
 * repeated point twice) also links 10 pairs of counties that meet at one point carrying a zero-length arc
 * (a tiny common edge collapsed by quantization); here they are queen but not rook neighbours.
 *
 * @throws InputError `region id "Crimea" is not in the map object "geo"`, `the topology has no object …`,
 *   `topology.type is "FeatureCollection", not "Topology": this is not TopoJSON`, duplicated ids.
 * @example
 * // a row of three unit squares a | b | c, with c also touching d at one corner only
 * const topo = { type: "Topology", objects: { o: { type: "GeometryCollection", geometries: [
 *   { type: "Polygon", id: "a", arcs: [[0, 1]] }, { type: "Polygon", id: "b", arcs: [[~0, 2, 3]] },
 *   { type: "Polygon", id: "c", arcs: [[~2, 4]] }, { type: "Polygon", id: "d", arcs: [[5]] },
 *   { type: null, id: "e" }] } },
 *   arcs: [[[1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0], [1, 0]], [[2, 0], [2, 1]], [[2, 1], [1, 1], [1, 0], [2, 0]],
 *          [[2, 0], [3, 0], [3, 1], [2, 1]], [[3, 1], [4, 1], [4, 2], [3, 2], [3, 1]]] };
 * contiguity(topo, "o", { rule: "queen" })
 * // → { ids: ["a", "b", "c", "d"], neighbors: [[1], [0, 2], [1, 3], [2]], weights: [[1], [1, 1], [1, 1], [1]],
 * //     islands: [], skipped: [{ id: "e", reason: "null geometry" }] }
 * contiguity(topo, "o", { rule: "rook", ids: ["d", "c"] })
 * // → { ids: ["d", "c"], neighbors: [[], []], weights: [[], []], islands: ["d", "c"], skipped: [] }
 */
export function contiguity(topology: unknown, objectName: string, options: ContiguityOptions): WeightsMatrix {
  if (options === null || typeof options !== "object") {
    throw new InputError(`options must be an object such as { rule: "queen" }, got ${String(options)}`, { argument: "options" });
  }
  const lists = contiguityLists(topology, objectName, options.rule, { ids: options.ids, idProperty: options.idProperty });
  const w = weightsFromNeighbors(lists.ids, lists.neighbors);
  w.skipped = lists.skipped;
  return w;
}

/**
 * The region ids of a TopoJSON object that have a polygon (in map order), and the ids left out with the
 * reason (null geometry, empty geometry, not a polygon, no id). Use it to match a data table to the map
 * before calling {@link contiguity} with `ids`.
 *
 * @example
 * topologyIds({ type: "Topology", arcs: [[[0, 0], [1, 0], [0, 1], [0, 0]]], objects: { o: { type: "GeometryCollection",
 *   geometries: [{ type: "Polygon", id: 7, arcs: [[0]] }, { type: null, id: 8 }] } } }, "o")
 * // → { ids: ["7"], skipped: [{ id: "8", reason: "null geometry" }] }
 */
export function topologyIds(topology: unknown, objectName: string, options: UnitIdOptions = {}): { ids: string[]; skipped: SkippedUnit[] } {
  const units = topologyUnits(topology, objectName, options);
  return { ids: units.ids, skipped: units.skipped };
}

/**
 * Binary weights from your own neighbour lists (spdep's `nb2listw(nb, style = "B")`). `neighbors[i]` lists
 * unit i's neighbours either as indices into `ids` (numbers) or as ids (strings); lists are sorted and
 * must not repeat a neighbour or contain the unit itself. The lists are used as given: an asymmetric
 * relation stays asymmetric ({@link weightsSummary} reports `symmetric`).
 *
 * @throws InputError naming the unit: `neighbors[2] (c) lists "x", which is not one of the ids`,
 *   `neighbors[0] (a) lists the unit itself`, `neighbors[1] (b) lists 0 twice`, duplicated ids.
 * @example
 * weightsFromNeighbors(["a", "b", "c"], [["b"], [0], []])
 * // → { ids: ["a", "b", "c"], neighbors: [[1], [0], []], weights: [[1], [1], []], islands: ["c"], skipped: [] }
 */
export function weightsFromNeighbors(ids: ReadonlyArray<string | number>, neighbors: ReadonlyArray<ReadonlyArray<number | string>>): WeightsMatrix {
  if (!Array.isArray(ids)) throw new InputError(`ids must be an array of region ids, got ${typeof ids}`, { argument: "ids" });
  if (!Array.isArray(neighbors)) throw new InputError(`neighbors must be an array of neighbour lists, got ${typeof neighbors}`, { argument: "neighbors" });
  const names = ids.map((id, k) => {
    if (typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) {
      throw new InputError(`ids[${k}] is ${JSON.stringify(id)}; region ids must be strings or numbers`, { argument: "ids", index: k });
    }
    return String(id);
  });
  const index = new Map<string, number>();
  names.forEach((id, k) => {
    if (index.has(id)) throw new InputError(`ids lists region id ${JSON.stringify(id)} twice (ids[${index.get(id)}] and ids[${k}])`, { argument: "ids", index: k, label: id });
    index.set(id, k);
  });
  const n = names.length;
  if (neighbors.length !== n) {
    throw new InputError(`neighbors has ${neighbors.length} lists but there are ${n} ids; they must match`, { argument: "neighbors" });
  }
  const lists = neighbors.map((list, i) => {
    const where = `neighbors[${i}] (${names[i]})`;
    if (!Array.isArray(list)) throw new InputError(`${where} must be an array, got ${typeof list}`, { argument: "neighbors", index: i, label: names[i] });
    const out = list.map((v) => {
      let j: number | undefined;
      if (typeof v === "string") {
        j = index.get(v);
        if (j === undefined) throw new InputError(`${where} lists ${JSON.stringify(v)}, which is not one of the ids`, { argument: "neighbors", index: i, label: names[i] });
      } else if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < n) {
        j = v;
      } else {
        throw new InputError(`${where} lists ${JSON.stringify(v)}, which is neither an id nor an index in 0..${n - 1}`, { argument: "neighbors", index: i, label: names[i] });
      }
      if (j === i) throw new InputError(`${where} lists the unit itself`, { argument: "neighbors", index: i, label: names[i] });
      return j;
    });
    out.sort((a, b) => a - b);
    for (let k = 1; k < out.length; k++) {
      if (out[k] === out[k - 1]) throw new InputError(`${where} lists ${out[k]} (${names[out[k]]}) twice`, { argument: "neighbors", index: i, label: names[i] });
    }
    return out;
  });
  return {
    ids: names,
    neighbors: lists,
    weights: lists.map((l) => l.map(() => 1)),
    islands: names.filter((_, i) => lists[i].length === 0),
    skipped: [],
  };
}

/** Compressed sparse rows of a weights matrix (row i: indices/values from offsets[i] to offsets[i+1]). @internal (shared with weights, global, local) */
export interface SparseWeights {
  n: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Check the shape and values of a WeightsMatrix and return it in compressed sparse row form. @internal (shared with weights, global, local) */
export function sparseWeights(w: WeightsMatrix, name = "weights"): SparseWeights {
  if (w === null || typeof w !== "object" || !Array.isArray(w.ids) || !Array.isArray(w.neighbors) || !Array.isArray(w.weights)) {
    throw new InputError(`${name} must be a WeightsMatrix { ids, neighbors, weights } (from contiguity or weightsFromNeighbors)`, { argument: name });
  }
  const n = w.ids.length;
  if (w.neighbors.length !== n || w.weights.length !== n) {
    throw new InputError(`${name} has ${n} ids but ${w.neighbors.length} neighbour lists and ${w.weights.length} weight lists; they must match`, { argument: name });
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbors[i];
    const wt = w.weights[i];
    if (!Array.isArray(nb) || !Array.isArray(wt) || nb.length !== wt.length) {
      throw new InputError(`${name}: unit ${i} (${w.ids[i]}) must have as many weights as neighbours`, { argument: name, index: i, label: String(w.ids[i]) });
    }
    offsets[i + 1] = offsets[i] + nb.length;
  }
  const indices = new Int32Array(offsets[n]);
  const values = new Float64Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const nb = w.neighbors[i];
    const wt = w.weights[i];
    const where = `${name}: unit ${i} (${w.ids[i]})`;
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k];
      if (typeof j !== "number" || !Number.isInteger(j) || j < 0 || j >= n) {
        throw new InputError(`${where} has neighbour ${JSON.stringify(j)}, not an index in 0..${n - 1}`, { argument: name, index: i, label: String(w.ids[i]) });
      }
      if (j === i) throw new InputError(`${where} is its own neighbour`, { argument: name, index: i, label: String(w.ids[i]) });
      if (k > 0 && j <= nb[k - 1]) {
        throw new InputError(`${where}: neighbour indices must be sorted ascending without repeats`, { argument: name, index: i, label: String(w.ids[i]) });
      }
      const v = wt[k];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        const shown = typeof v === "number" ? String(v) : v === undefined ? "missing" : JSON.stringify(v);
        throw new InputError(`${where} has weight ${shown} for neighbour ${j} (${w.ids[j]}); weights must be finite and non-negative`, { argument: name, index: i, label: String(w.ids[i]) });
      }
      indices[offsets[i] + k] = j;
      values[offsets[i] + k] = v;
    }
  }
  return { n, offsets, indices, values };
}

/** True for each row whose weights sum to 0: no neighbour, or only zero weights (an island for the statistics). @internal (shared with weights, global, local) */
export function zeroRows(s: SparseWeights): Uint8Array {
  const out = new Uint8Array(s.n);
  for (let i = 0; i < s.n; i++) {
    let rowSum = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) rowSum += s.values[k];
    out[i] = rowSum === 0 ? 1 : 0;
  }
  return out;
}

/** Row-standardise sparse weights in place (rows with a zero sum are left as they are). @internal (shared with weights, global, local) */
export function rowStandardizeSparse(s: SparseWeights): SparseWeights {
  for (let i = 0; i < s.n; i++) {
    let rowSum = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) rowSum += s.values[k];
    if (rowSum > 0) for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) s.values[k] /= rowSum;
  }
  return s;
}

/**
 * Row-standardised weights: w*_ij = w_ij / Σ_k w_ik (spdep style "W", esda transformation "r", GeoDa's
 * default). Each row with neighbours sums to 1; an island keeps its empty (zero) row and stays in the
 * matrix — its zero row sum is never divided by. Returns a new WeightsMatrix.
 *
 * @example
 * rowStandardize(weightsFromNeighbors(["a", "b", "c", "d"], [[1, 2], [0], [0], []])).weights
 * // → [[0.5, 0.5], [1], [1], []]
 */
export function rowStandardize(w: WeightsMatrix): WeightsMatrix {
  const s = rowStandardizeSparse(sparseWeights(w));
  return {
    ids: w.ids.slice(),
    neighbors: w.neighbors.map((l) => l.slice()),
    weights: w.neighbors.map((_, i) => Array.from(s.values.subarray(s.offsets[i], s.offsets[i + 1]))),
    islands: w.ids.filter((_, i) => w.neighbors[i].length === 0),
    skipped: (w.skipped ?? []).map((x) => ({ ...x })),
  };
}

/** Summary of a weights matrix (GeoDa's weights properties, spdep's `summary.nb`). */
export interface WeightsSummary {
  /** Number of units. */
  n: number;
  /** Number of nonzero w_ij (ordered pairs; spdep's "number of nonzero links"). */
  links: number;
  /** Number of unordered pairs {i, j} with w_ij ≠ 0 or w_ji ≠ 0 (= links / 2 for symmetric weights). */
  pairs: number;
  /** Number of units with no neighbour. */
  islands: number;
  /** Mean number of neighbours, links / n. */
  meanNeighbors: number;
  minNeighbors: number;
  maxNeighbors: number;
  /** True when j is a neighbour of i exactly when i is a neighbour of j. */
  symmetric: boolean;
}

/**
 * Counts of a weights matrix: links = #{(i, j): w_ij ≠ 0} (spdep's "number of nonzero links", directed),
 * pairs = #{{i, j}: w_ij ≠ 0 or w_ji ≠ 0} (undirected — the "189 links" of the Russian regions' queen
 * contiguity are pairs: 378 nonzero w_ij), islands, and the mean/min/max number of neighbours (neighbours
 * with a zero weight are not counted).
 *
 * @example
 * weightsSummary(weightsFromNeighbors(["a", "b", "c", "d"], [[1, 2], [0], [0], []]))
 * // → { n: 4, links: 4, pairs: 2, islands: 1, meanNeighbors: 1, minNeighbors: 0, maxNeighbors: 2, symmetric: true }
 */
export function weightsSummary(w: WeightsMatrix): WeightsSummary {
  const s = sparseWeights(w);
  const n = s.n;
  let links = 0;
  let min = Infinity;
  let max = 0;
  let islands = 0;
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) if (s.values[k] !== 0) d++;
    degree[i] = d;
    links += d;
    if (d < min) min = d;
    if (d > max) max = d;
    if (d === 0) islands++;
  }
  let oneWay = 0;
  for (let i = 0; i < n; i++) {
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      if (s.values[k] === 0) continue;
      if (weightAt(s, s.indices[k], i) === 0) oneWay++;
    }
  }
  return {
    n,
    links,
    pairs: (links - oneWay) / 2 + oneWay,
    islands,
    meanNeighbors: n > 0 ? links / n : NaN,
    minNeighbors: n > 0 ? min : NaN,
    maxNeighbors: max,
    symmetric: oneWay === 0,
  };
}

/** w_ij from sparse rows (binary search in row i), 0 when absent. @internal (shared with weights, global, local) */
export function weightAt(s: SparseWeights, i: number, j: number): number {
  let lo = s.offsets[i];
  let hi = s.offsets[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = s.indices[mid];
    if (c === j) return s.values[mid];
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Values, lag and the Moran scatter plot
// ---------------------------------------------------------------------------------------------------------

/** How weights are transformed before a statistic: "row" = row-standardised (default), "none" = as given. */
export type Transformation = "row" | "none";

/** @internal shared with the other spatial modules (weights, global, local). */
export function checkTransformation(t: unknown, w?: WeightsMatrix): Transformation {
  // weights given a style by transformWeights are used as they are, unless the caller asks otherwise
  if (t === undefined) return w !== null && typeof w === "object" && typeof w.style === "string" ? "none" : "row";
  if (t !== "row" && t !== "none") throw new InputError(`transformation must be "row" or "none", got ${JSON.stringify(t)}`, { argument: "transformation" });
  return t;
}

/** @internal shared with the other spatial modules (weights, global, local). */
export function checkValues(values: Numbers, w: WeightsMatrix, n: number): Float64Array {
  if (values == null || typeof (values as ArrayLike<number>).length !== "number") {
    throw new InputError(`values must be an array of numbers, got ${values === null ? "null" : typeof values}`, { argument: "values" });
  }
  if (values.length !== n) {
    throw new InputError(`values has ${values.length} elements but the weights have ${n} units (ids); they must match, in the order of the weights' ids`, {
      argument: "values",
    });
  }
  return toFloat64(values, { name: "values", labels: w.ids });
}

/** @internal shared with the other spatial modules (weights, global, local). */
export function lagSparse(s: SparseWeights, x: Float64Array): Float64Array {
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    let acc = 0;
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) acc += s.values[k] * x[s.indices[k]];
    out[i] = acc;
  }
  return out;
}

/**
 * Spatial lag: lag_i = Σ_j w_ij x_j, with the weights as given (spdep `lag.listw`); with row-standardised
 * weights this is the mean of the neighbours' values (GeoDa's spatial lag). An island's lag is 0.
 *
 * @example
 * spatialLag([1, 2, 3, 4], rowStandardize(weightsFromNeighbors(["a", "b", "c", "d"], [[1, 2], [0], [0], []])))
 * // → Float64Array [2.5, 1, 1, 0]
 */
export function spatialLag(values: Numbers, w: WeightsMatrix): Float64Array {
  const s = sparseWeights(w);
  return lagSparse(s, checkValues(values, w, s.n));
}

/** z-scores with the n − 1 standard deviation (GeoDa `GenUtils::StandardizeData`). @internal (shared with weights, global, local) */
export function standardize(values: Float64Array, what: string): Float64Array {
  const n = values.length;
  if (n < 2) throw new InputError(`${what} needs at least 2 units, got ${n}`, { argument: "values" });
  // z-scores do not depend on the values' scale: rescale extreme magnitudes (1e200) so that squares stay finite.
  const x = scaledByPowerOfTwo(values).values;
  const mean = sum(x) / n;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = x[i] - mean;
    ss += z[i] * z[i];
  }
  if (!(ss > 0)) throw new InputError(`values are all equal (${values[0]}); ${what} is undefined for a constant variable`, { argument: "values" });
  const sd = Math.sqrt(ss / (n - 1));
  for (let i = 0; i < n; i++) z[i] /= sd;
  return z;
}

/** The Moran scatter plot: standardised values against their spatial lag. */
export interface MoranScatter {
  ids: string[];
  /** z_i = (x_i − x̄)/s, s the standard deviation with n − 1 denominator (GeoDa). */
  z: Float64Array;
  /** lag_i = Σ_j w_ij z_j (row-standardised weights by default); 0 for islands. */
  lag: Float64Array;
  /** Least-squares slope of lag on z through the origin, Σ z·lag / Σ z² = I·S0/n (= Moran's I when no island). */
  slope: number;
  transformation: Transformation;
}

/**
 * Points of the Moran scatter plot (GeoDa): x-axis z_i = (x_i − x̄)/s with the n − 1 standard deviation,
 * y-axis lag_i = Σ_j w_ij z_j with row-standardised weights (option `transformation: "none"` uses the
 * weights as given). The slope of the regression line through the origin is Σ z·lag / Σ z², which equals
 * Moran's I times S0/n — exactly I when there are no islands.
 *
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const s = moranScatter([1, 2, 3, 4], w);
 * Array.from(s.z).map((v) => +v.toFixed(4))   // → [-1.1619, -0.3873, 0.3873, 1.1619]
 * Array.from(s.lag).map((v) => +v.toFixed(4)) // → [-0.3873, -0.3873, 0.3873, 0.3873]
 * s.slope                                      // → 0.4000000000000001 (= Moran's I, 0.4)
 */
export function moranScatter(values: Numbers, w: WeightsMatrix, options: { transformation?: Transformation } = {}): MoranScatter {
  const transformation = checkTransformation(options.transformation, w);
  const s = sparseWeights(w);
  if (transformation === "row") rowStandardizeSparse(s);
  const z = standardize(checkValues(values, w, s.n), "the Moran scatter plot");
  const lag = lagSparse(s, z);
  let zl = 0;
  let zz = 0;
  for (let i = 0; i < s.n; i++) {
    zl += z[i] * lag[i];
    zz += z[i] * z[i];
  }
  return { ids: w.ids.slice(), z, lag, slope: zl / zz, transformation };
}

// ---------------------------------------------------------------------------------------------------------
// Global Moran's I
// ---------------------------------------------------------------------------------------------------------

/** @internal shared with the other spatial modules (weights, global, local). */
export function checkPermutations(p: unknown, fallback: number): number {
  if (p === undefined) return fallback;
  if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 1e7) {
    throw new InputError(`permutations must be an integer between 0 and 10^7, got ${String(p)}`, { argument: "permutations" });
  }
  return p;
}

/** Options of {@link moran}. */
export interface MoranOptions {
  /** Number of random permutations for the pseudo p-value (default 999, as esda and GeoDa; 0 = none). */
  permutations?: number;
  /** Seed of the permutations (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** "row" (default): row-standardise the weights first (GeoDa, esda); "none": use them as given (spdep). */
  transformation?: Transformation;
  /**
   * spdep's `adjust.n`: when true, n in I, E[I] and the variances is the number of units with neighbours
   * (islands left out of n, spdep's default); false (default) keeps every unit in n, as GeoDa and esda.
   */
  adjustN?: boolean;
  /** Threads for the permutations (default 1; 2 on a 2-core machine); the result is the same for any number. */
  threads?: number;
}

/**
 * The permutation inference every global statistic reports (Moran's I, Geary's C, Getis–Ord's G, bivariate
 * Moran), with the same names as esda; the statistic-specific fields are in each result.
 */
export interface PermutationInference {
  /** Folded pseudo p-value (min(M, R − M) + 1)/(R + 1); absent when permutations = 0. */
  pPermutation?: number;
  /** M = #{permutations with a statistic ≥ the observed one}, before folding; absent when permutations = 0. */
  permutationsAtLeast?: number;
  /** Mean, standard deviation (n denominator, as esda) and z-score of the permuted statistic; absent when permutations = 0. */
  meanPermutation?: number;
  sdPermutation?: number;
  zPermutation?: number;
  permutations: number;
  seed: number;
}

/** The weights a global statistic was computed on: n, the weights' constants, islands and transformation. */
export interface WeightsUsed {
  n: number;
  /** S0 = Σ_i Σ_j w_ij. */
  S0: number;
  /** S1 = ½ Σ_i Σ_j (w_ij + w_ji)². */
  S1: number;
  /** S2 = Σ_i (w_i. + w_.i)². */
  S2: number;
  /** Number of units without neighbours, or whose weights are all zero (kept in n). */
  islands: number;
  transformation: Transformation;
}

/** Inference under normality and under randomisation, as Moran's I and Geary's C report it (esda's names). */
export interface NormalAndRandomizationInference {
  /** The expected value of the statistic under no autocorrelation. */
  expected: number;
  /** Its variance under normality. */
  varianceNormal: number;
  zNormal: number;
  /** Two-sided normal p-value of zNormal. */
  pNormal: number;
  /** Its variance under randomisation (NaN when n < 4). */
  varianceRandomization: number;
  zRandomization: number;
  pRandomization: number;
}

/** Global Moran's I with its inference (fields as in PySAL esda's `Moran`). */
export interface MoranResult extends NormalAndRandomizationInference, PermutationInference, WeightsUsed {
  /** Moran's I = (n/S0)·(z'Wz)/(z'z); E[I] = −1/(n − 1). */
  I: number;
}

/** S0 = ΣΣ w_ij, S1 = ½ΣΣ(w_ij + w_ji)², S2 = Σ(w_i. + w_.i)², and the units whose row sums to 0. */
export interface WeightsConstants {
  S0: number;
  S1: number;
  S2: number;
  /** Number of units whose weights sum to 0 (no neighbour). */
  islands: number;
}

/** @internal S0, S1, S2 of sparse weights (spdep `spweights.constants`); shared by every global statistic. */
export function weightsConstants(s: SparseWeights): WeightsConstants {
  const n = s.n;
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let S1 = 0;
  for (let i = 0; i < n; i++) {
    for (let k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      const j = s.indices[k];
      const wij = s.values[k];
      rowSum[i] += wij;
      colSum[j] += wij;
      const wji = weightAt(s, j, i);
      const t = (wij + wji) * (wij + wji);
      S1 += t;
      if (wji === 0) S1 += t; // the ordered pair (j, i) is not visited from row j
    }
  }
  S1 /= 2;
  let S2 = 0;
  for (let i = 0; i < n; i++) S2 += (rowSum[i] + colSum[i]) * (rowSum[i] + colSum[i]);
  return { S0: sum(s.values), S1, S2, islands: sum(zeroRows(s)) };
}

/** Folded pseudo p-value and the moments of the permuted statistics (esda's fields). */
export interface PermutationSummary {
  pPermutation: number;
  permutationsAtLeast: number;
  meanPermutation: number;
  sdPermutation: number;
  zPermutation: number;
}

/**
 * @internal The permuted values of a statistic against the observed one: M = #(permuted ≥ observed), the folded
 * pseudo p-value (min(M, R − M) + 1)/(R + 1), and the permuted values' mean and sd (n denominator, Welford's
 * running sums, in order r = 0 … R − 1).
 */
export function summarizePermutations(permuted: Float64Array, observed: number): PermutationSummary {
  const R = permuted.length;
  let atLeast = 0;
  let mean = 0;
  let sq = 0;
  for (let r = 0; r < R; r++) {
    const v = permuted[r];
    if (v >= observed) atLeast++;
    const delta = v - mean;
    mean += delta / (r + 1);
    sq += delta * (v - mean);
  }
  const sd = Math.sqrt(sq / R);
  return {
    pPermutation: (Math.min(atLeast, R - atLeast) + 1) / (R + 1),
    permutationsAtLeast: atLeast,
    meanPermutation: mean,
    sdPermutation: sd,
    zPermutation: (observed - mean) / sd,
  };
}

/** @internal z'Wz for sparse W (no allocation: each row's lag is summed and used at once). */
export function quadraticForm(s: SparseWeights, z: Float64Array): number {
  const { n, offsets, indices, values } = s;
  let acc = 0;
  let k = offsets[0];
  for (let i = 0; i < n; i++) {
    const end = offsets[i + 1];
    let lag = 0;
    for (; k < end; k++) lag += values[k] * z[indices[k]];
    acc += z[i] * lag;
  }
  return acc;
}

/**
 * Moran's I of permutations start … end − 1 (a {@link runRanges} task; exported for the worker threads): each
 * shuffles z (Fisher–Yates) with the stream (seed, r) and writes its I into out[r].
 */
export function moranPermutationTask(data: SharedData, start: number, end: number): void {
  const n = data.n as number;
  const s: SparseWeights = { n, offsets: data.offsets as Int32Array, indices: data.indices as Int32Array, values: data.values as Float64Array };
  const z = data.z as Float64Array;
  const out = data.out as Float64Array;
  const zp = new Float64Array(n);
  for (let r = start; r < end; r++) {
    zp.set(z);
    shuffleInPlace(zp, new Xoshiro128StarStar(data.seed as number, r));
    out[r] = (data.scale as number) * quadraticForm(s, zp);
  }
}

/**
 * Global Moran's I (Moran 1950; Cliff & Ord 1981), GeoDa/esda conventions.
 *
 * I = (n/S0)·(z'Wz)/(z'z) with z = x − x̄ and S0 = Σ_ij w_ij; E[I] = −1/(n − 1).
 * Normality: Var = (n²S1 − nS2 + 3S0²)/((n − 1)(n + 1)S0²) − E[I]².
 * Randomisation: Var = [n((n² − 3n + 3)S1 − nS2 + 3S0²) − k((n² − n)S1 − 2nS2 + 6S0²)] /
 * ((n − 1)(n − 2)(n − 3)S0²) − E[I]², k = m4/m2² (n denominators), S1 = ½ΣΣ(w_ij + w_ji)²,
 * S2 = Σ_i(w_i. + w_.i)². z = (I − E[I])/√Var; p two-sided from the normal.
 * Permutation (esda `Moran.p_sim`, GeoDa): R random permutations of x (Fisher–Yates, seeded xoshiro128**;
 * permutation r draws from its own stream (seed, r), so `threads` > 1 splits them over worker threads with the
 * same result), M = #(I_perm ≥ I), folded to min(M, R − M), pseudo p = (M + 1)/(R + 1). (esda: `larger = R − larger` when
 * `R − larger < larger`; GeoDa the same test with ≤ — both are min(M, R − M). spdep `moran.mc` instead
 * reports the one-sided (#(I_perm ≥ I) + 1)/(R + 1) for its default alternative "greater".) By default the weights are
 * row-standardised first (GeoDa; esda `transformation="r"`); `transformation: "none"` uses them as given.
 * Islands keep a zero row and stay in n: identical to R spdep
 * `moran.test(x, listw, randomisation = FALSE/TRUE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")`.
 *
 * @throws InputError when values and weights differ in length (naming both), a value is NaN (naming its id),
 *   the values are constant, or the weights have no link.
 * @example
 * // a path a–b–c–d with values 1, 2, 3, 4
 * const r = moran([1, 2, 3, 4], weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]), { permutations: 0 });
 * r.I               // → 0.4
 * r.expected        // → -0.3333333333333333
 * [r.S0, r.S1, r.S2] // → [4, 5.5, 17] (row-standardised weights)
 * r.varianceNormal  // → 0.17222222222222222
 * r.zNormal         // → 1.7670825235854977
 * r.pNormal         // → 0.07721440887430364
 */
export function moran(values: Numbers, w: WeightsMatrix, options: MoranOptions = {}): MoranResult {
  if (options !== null && typeof options === "object" && options.adjustN === true) return moranAdjustedN(values, w, options);
  const transformation = checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const threads = checkThreads(options.threads);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const s = sparseWeights(w);
  if (transformation === "row") rowStandardizeSparse(s);
  const given = checkValues(values, w, s.n);
  // Moran's I and its moments are scale-invariant: extreme magnitudes are rescaled so that m4 = Σ z⁴ stays finite.
  const x = scaledByPowerOfTwo(given).values;
  const n = s.n;
  if (n < 2) throw new InputError(`Moran's I needs at least 2 units, got ${n}`, { argument: "values" });

  const mean = sum(x) / n;
  const z = new Float64Array(n);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    z[i] = d;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  if (!(m2 > 0)) throw new InputError(`values are all equal (${given[0]}); Moran's I is undefined for a constant variable`, { argument: "values" });

  const { S0, S1, S2, islands } = weightsConstants(s);
  if (!(S0 > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island", { argument: "weights" });

  const I = ((n / S0) * quadraticForm(s, z)) / m2;
  const EI = -1 / (n - 1);
  const S02 = S0 * S0;
  const varianceNormal = (n * n * S1 - n * S2 + 3 * S02) / ((n - 1) * (n + 1) * S02) - EI * EI;
  const k = (n * m4) / (m2 * m2);
  const varianceRandomization =
    n < 4
      ? NaN
      : (n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S02) - k * ((n * n - n) * S1 - 2 * n * S2 + 6 * S02)) /
          ((n - 1) * (n - 2) * (n - 3) * S02) -
        EI * EI;
  const zNormal = (I - EI) / Math.sqrt(varianceNormal);
  const zRandomization = (I - EI) / Math.sqrt(varianceRandomization);

  const result: MoranResult = {
    I,
    expected: EI,
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

  if (permutations > 0) {
    // Permutation r shuffles z with its own stream (seed, r): the permuted values, and so the result, do not
    // depend on how the permutations are split over threads.
    const data: SharedData = {
      n,
      offsets: threads > 1 ? shared(s.offsets) : s.offsets,
      indices: threads > 1 ? shared(s.indices) : s.indices,
      values: threads > 1 ? shared(s.values) : s.values,
      z: threads > 1 ? shared(z) : z,
      out: threads > 1 ? shared(new Float64Array(permutations)) : new Float64Array(permutations),
      seed,
      scale: n / S0 / m2,
    };
    runRanges(permutations, threads, import.meta.url, "moranPermutationTask", data, moranPermutationTask);
    Object.assign(result, summarizePermutations(data.out as Float64Array, I));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Local Moran (LISA)
// ---------------------------------------------------------------------------------------------------------

/** Moran scatter plot quadrant: High/Low value (z_i) followed by High/Low spatial lag. */
export type Quadrant = "HH" | "LL" | "LH" | "HL";

/** Options of {@link localMoran}. */
export interface LocalMoranOptions {
  /** Number of conditional permutations per unit (default 999, GeoDa's default; 0 = no pseudo p-values). */
  permutations?: number;
  /** Seed (default {@link DEFAULT_SEED}, GeoDa's default 123456789). */
  seed?: number;
  /** Significance level for the cluster labels, p ≤ alpha (default 0.05, GeoDa's default). */
  alpha?: number;
  /** "row" (default, GeoDa): row-standardise the weights first; "none": use them as given. */
  transformation?: Transformation;
  /** Adjust alpha for the number of units tested: "none" (default), "bonferroni" or "fdr" (GeoDa; see `significanceCutoff`). */
  multipleTesting?: MultipleTesting;
  /** The analytical moments: "conditional" (default, spdep `localmoran`'s default) or "total" randomisation (`conditional = FALSE`). */
  moments?: "conditional" | "total";
  /** Threads for the permutations (default 1; 2 on a 2-core machine); the result is the same for any number. */
  threads?: number;
}

/** Local Moran statistics (GeoDa's LISA), one entry per unit in the order of the weights' ids. */
export interface LocalMoranResult {
  ids: string[];
  /** I_i = z_i·lag_i (GeoDa); 0 for islands. */
  I: Float64Array;
  /** z_i, standardised with the n − 1 standard deviation. */
  standardized: Float64Array;
  /** lag_i = Σ_j w_ij z_j; 0 for islands. */
  lag: Float64Array;
  /**
   * E[I_i] and Var[I_i] under randomisation (spdep `localmoran`'s E.Ii and Var.Ii times (n − 1)/n and its square,
   * as I_i is GeoDa's, (n − 1)/n times spdep's Ii), and z_i = (I_i − E[I_i])/√Var[I_i] (spdep's Z.Ii); see `moments`.
   */
  expected: Float64Array;
  variance: Float64Array;
  z: Float64Array;
  /** Two-sided normal p-value of z (spdep's Pr(z != E(Ii))). */
  pNormal: Float64Array;
  /** Quadrant of the Moran scatter plot; "island" for units without neighbours. */
  quadrant: (Quadrant | "island")[];
  /** Folded conditional-permutation pseudo p-value; NaN for islands (and for all units when permutations = 0). */
  pPermutation: Float64Array;
  /**
   * The quadrant when pPermutation ≤ cutoff, else "ns"; "island" for units without neighbours; "untested" for every
   * other unit when permutations = 0 (no inference was made).
   */
  cluster: (Quadrant | "ns" | "island" | "untested")[];
  /** The p-value cutoff of the clusters: alpha, adjusted by multipleTesting. */
  cutoff: number;
  permutations: number;
  seed: number;
  alpha: number;
  multipleTesting: MultipleTesting;
  moments: "conditional" | "total";
  transformation: Transformation;
}

/** GeoDa's quadrant rule (LisaCoordinator::Calc): ties (a zero z or lag) fall into "HH". @internal (shared with weights, global, local) */
export function quadrantOf(z: number, lag: number): Quadrant {
  if (z > 0 && lag < 0) return "HL";
  if (z < 0 && lag > 0) return "LH";
  if (z < 0 && lag < 0) return "LL";
  return "HH";
}

/**
 * The conditional permutations draw a unit's k neighbours by rejection, rather than by a partial Fisher–Yates
 * shuffle of a pool of the other units, when n > REJECTION_FACTOR·k·R (a rook lattice with 999 permutations: from
 * about 32 000 units). A shuffle must put its pool back before the next unit: n entries copied per unit, which is
 * O(n²) on a large map, where rejection only marks what it drew and costs about one draw per neighbour (a repeat
 * has probability below k/n < 1/(8R)). The choice depends only on n, k_i and R, never on how units are split into
 * threads; both schemes are uniform over the k-subsets of the other n − 1 units. @internal (shared with ./local)
 */
export const REJECTION_FACTOR = 8;

/**
 * Whether unit i (k neighbours to draw, of n units, R permutations) draws by rejection: see {@link REJECTION_FACTOR}.
 * @internal (shared with ./local)
 */
export function drawsByRejection(n: number, k: number, permutations: number): boolean {
  return n > REJECTION_FACTOR * k * permutations;
}

/**
 * Conditional-permutation counts M_i = #{r: z_i·lag_i^(r) ≥ I_i} for units start..end−1. Unit i draws from
 * its own stream (seed, i), so the counts do not depend on how the units are split into chunks or threads.
 * For each permutation its k_i neighbours' values are a sample without replacement from the other n − 1 units:
 * - on a map with n ≤ REJECTION_FACTOR·k_i·R, a partial Fisher–Yates shuffle of a pool holding every unit but i
 *   (i is swapped to the last place): draw t takes place m + U[0, n − 1 − m) for neighbour m;
 * - on a larger map, by rejection (see {@link REJECTION_FACTOR}): U[0, n), drawn again while it is i or a unit
 *   already drawn in this permutation.
 */
function conditionalPermutationCounts(
  s: SparseWeights,
  island: Uint8Array,
  z: Float64Array,
  I: Float64Array,
  permutations: number,
  seed: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  const n = s.n;
  const { offsets, values } = s;
  // The pool of the shuffle holds the units' z values (pool[j] = z of the unit at position j), so that a draw reads
  // one random place instead of an index and then its z. Each unit starts from the same arrangement (so its draws
  // depend only on its own stream): it is put back to z after each unit that shuffled it. A partial Fisher–Yates
  // shuffle of any arrangement of the pool is a uniform sample without replacement, so nothing is put back between
  // a unit's permutations.
  let pool: Float64Array | null = null;
  // The rejection scheme's state, interleaved so that a draw touches one cache line: marked[2j] = z_j, and
  // marked[2j + 1] = the stamp of the last permutation that drew unit j. A new stamp per permutation clears every
  // mark at once (a double counts to 2^53 draws without wrapping).
  let marked: Float64Array | null = null;
  let stamp = 0;
  const last = n - 1;
  for (let i = start; i < end; i++) {
    const off = offsets[i];
    const k = offsets[i + 1] - off;
    if (k === 0 || island[i]) {
      out[i] = NaN;
      continue;
    }
    const rng = new Xoshiro128StarStar(seed, i);
    const zi = z[i];
    const Ii = I[i];
    let atLeast = 0;
    if (drawsByRejection(n, k, permutations)) {
      if (marked === null) {
        marked = new Float64Array(2 * n);
        for (let j = 0; j < n; j++) marked[2 * j] = z[j];
      }
      for (let r = 0; r < permutations; r++) {
        marked[2 * i + 1] = ++stamp; // unit i is never its own neighbour
        let lag = 0;
        for (let m = 0; m < k; m++) {
          let at = 2 * rng.nextBelow(n);
          while (marked[at + 1] === stamp) at = 2 * rng.nextBelow(n);
          marked[at + 1] = stamp;
          lag += values[off + m] * marked[at];
        }
        if (zi * lag >= Ii) atLeast++;
      }
    } else {
      pool ??= Float64Array.from(z);
      // put i last so that pool[0..n−2] are the other units
      pool[i] = z[last];
      pool[last] = zi;
      for (let r = 0; r < permutations; r++) {
        let lag = 0;
        for (let m = 0; m < k; m++) {
          const pick = m + rng.nextBelow(last - m);
          const drawn = pool[pick];
          pool[pick] = pool[m];
          pool[m] = drawn;
          lag += values[off + m] * drawn;
        }
        if (zi * lag >= Ii) atLeast++;
      }
      pool.set(z);
    }
    out[i] = atLeast;
  }
}

/** The conditional-permutation counts of units start … end − 1 (a {@link runRanges} task, exported for the worker threads). */
export function localMoranPermutationTask(data: SharedData, start: number, end: number): void {
  const s: SparseWeights = { n: data.n as number, offsets: data.offsets as Int32Array, indices: data.indices as Int32Array, values: data.values as Float64Array };
  conditionalPermutationCounts(s, data.island as Uint8Array, data.z as Float64Array, data.I as Float64Array, data.permutations as number, data.seed as number, start, end, data.out as Float64Array);
}

/**
 * Local Moran's I (Anselin 1995, LISA) as GeoDa computes it.
 *
 * z_i = (x_i − x̄)/s with s the n − 1 standard deviation; I_i = z_i·Σ_j w_ij z_j with row-standardised
 * weights (default; `transformation: "none"` uses them as given). esda's (n − 1)·z_i·lag_i/Σ(x − x̄)² is the
 * same number; R spdep's `localmoran` Ii = n·z_i·lag_i/Σ(x − x̄)² is n/(n − 1) times it.
 * Quadrants from the signs of z_i and lag_i (GeoDa's rule: HL if z > 0 > lag, LH if z < 0 < lag, LL if both
 * negative, otherwise HH).
 * Conditional permutation (GeoDa, esda `crand`): x_i is held fixed and its k_i neighbours' values are drawn
 * without replacement from the other n − 1 units, R times (by a partial Fisher–Yates shuffle; on a large map,
 * n > 8·k_i·R, by drawing again on a repeat: both uniform, see {@link REJECTION_FACTOR}); M_i = #(I_i^perm ≥ I_i), folded to
 * min(M_i, R − M_i), pseudo p_i = (M_i + 1)/(R + 1). cluster = quadrant when p_i ≤ alpha, else "ns".
 * Each unit draws from its own xoshiro128** stream seeded with (seed, i): same seed, same result, whatever
 * the order in which units are processed — and whatever the number of `threads` they are split over (worker
 * threads, see ../../parallel; worth it from about 10^4 units: a worker takes ~0.3 s to start).
 * Analytical moments (spdep `localmoran`, mlvar = TRUE): `expected`, `variance` and `z` are spdep's E.Ii, Var.Ii
 * and Z.Ii under conditional randomisation (default; `moments: "total"` for total randomisation), put on the
 * scale of I_i (times (n − 1)/n, its square for the variance; z is the same); see `localMoranMoments`.
 * `multipleTesting: "bonferroni" | "fdr"` lowers the clusters' cutoff as GeoDa does (see `significanceCutoff`).
 * Islands (no neighbour, or only zero weights): I_i = 0, lag 0, p = NaN, quadrant and cluster "island"
 * (GeoDa labels them "Neighborless" and leaves their p-value unset).
 * Differences from GeoDa's own permutation: GeoDa draws the neighbours only among units that have
 * neighbours and from its own random generator, so its pseudo p-values differ within Monte-Carlo error.
 *
 * @throws InputError as {@link moran}, and for alpha outside (0, 1).
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const r = localMoran([1, 2, 3, 4], w, { permutations: 99, seed: 1 });
 * Array.from(r.I).map((v) => +v.toFixed(4)) // → [0.45, 0.15, 0.15, 0.45]
 * r.quadrant                                 // → ["LL", "LL", "HH", "HH"]
 * Array.from(r.pPermutation)                 // → [0.38, 0.31, 0.41, 0.33]
 * r.cluster                                  // → ["ns", "ns", "ns", "ns"] (4 units cannot be significant)
 */
export function localMoran(values: Numbers, w: WeightsMatrix, options: LocalMoranOptions = {}): LocalMoranResult {
  const transformation = checkTransformation(options.transformation, w);
  const permutations = checkPermutations(options.permutations, 999);
  const threads = checkThreads(options.threads);
  const seed = options.seed === undefined ? DEFAULT_SEED : checkSeed(options.seed);
  const alpha = options.alpha === undefined ? 0.05 : options.alpha;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new InputError(`alpha must be a number between 0 and 1, got ${String(alpha)}`, { argument: "alpha" });
  }
  const s = sparseWeights(w);
  const islands = zeroRows(s);
  if (transformation === "row") rowStandardizeSparse(s);
  const n = s.n;
  if (!(sum(s.values) > 0)) throw new InputError("the weights have no link (S0 = 0): every unit is an island, so there is no local Moran to compute", { argument: "weights" });
  const z = standardize(checkValues(values, w, n), "the local Moran");
  const lag = lagSparse(s, z);
  const I = new Float64Array(n);
  const quadrant: (Quadrant | "island")[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const island = islands[i] === 1;
    I[i] = island ? 0 : z[i] * lag[i]; // not −0 for an island with z < 0
    quadrant[i] = island ? "island" : quadrantOf(z[i], lag[i]);
  }
  const pPermutation = new Float64Array(n).fill(NaN);
  if (permutations > 0) {
    const many = threads > 1;
    const data: SharedData = {
      n,
      offsets: many ? shared(s.offsets) : s.offsets,
      indices: many ? shared(s.indices) : s.indices,
      values: many ? shared(s.values) : s.values,
      island: many ? shared(islands) : islands,
      z: many ? shared(z) : z,
      I: many ? shared(I) : I,
      out: many ? shared(new Float64Array(n)) : new Float64Array(n),
      permutations,
      seed,
    };
    runRanges(n, threads, import.meta.url, "localMoranPermutationTask", data, localMoranPermutationTask);
    const counts = data.out as Float64Array;
    for (let i = 0; i < n; i++) {
      const M = counts[i];
      if (Number.isNaN(M)) continue;
      pPermutation[i] = (Math.min(M, permutations - M) + 1) / (permutations + 1);
    }
  }
  const multipleTesting = options.multipleTesting ?? "none";
  const cutoff = significanceCutoff(pPermutation, alpha, multipleTesting);
  // Without permutations no unit was tested: its cluster is "untested", never "ns" (which says "tested, not significant").
  const cluster: (Quadrant | "ns" | "island" | "untested")[] = quadrant.map((q, i) =>
    q === "island" ? "island" : permutations === 0 ? "untested" : pPermutation[i] <= cutoff ? q : "ns",
  );
  const moments = options.moments ?? "conditional";
  if (moments !== "conditional" && moments !== "total") throw new InputError(`moments must be "conditional" or "total", got ${JSON.stringify(moments)}`, { argument: "moments" });
  const m = localMoranMoments(z, s, I, moments === "conditional");
  return {
    ids: w.ids.slice(), I, standardized: z, lag, expected: m.expected, variance: m.variance, z: m.z, pNormal: m.pNormal,
    quadrant, pPermutation, cluster, cutoff, permutations, seed, alpha, multipleTesting, moments, transformation,
  };
}
