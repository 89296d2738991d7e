/**
 * Spatial weights beyond TopoJSON contiguity: k nearest neighbours and distance bands from point coordinates
 * (or polygon centroids), contiguity from GeoJSON, GeoDa's GAL and GWT files, spdep's weight styles and
 * higher-order contiguity. Every function returns a {@link WeightsMatrix} (spdep's `nb` + `listw`, PySAL's
 * `W`), ready for `moran`, `geary`, `localMoran` and the other statistics of `baltic-repro/spatial`, which
 * re-exports this module.
 *
 * Conventions follow R spdep 1.2-7 (`knearneigh`, `dnearneigh`, `nbdists`, `poly2nb`, `read.gal`,
 * `write.nb.gal`, `read.gwt2nb`, `nb2listw`, `nblag`, `nblag_cumul`); the tests compare with spdep's output
 * on its own example files (Columbus GAL, Baltimore GWT) and on the US counties.
 */

import {
  sparseWeights,
  weightsFromNeighbors,
  type WeightStyle,
  type WeightsMatrix,
} from "./spatial";
import type { SkippedUnit } from "../../geo/topology";
import { InputError } from "../../numeric/validate";

/** Point coordinates: one [x, y] pair per unit (planar: projected coordinates, not longitude/latitude). */
export type Coordinates = ReadonlyArray<ArrayLike<number>>;

/** Options shared by the point-based weights. */
export interface PointWeightsOptions {
  /** Region ids, one per point (default "1", "2", …, "n", spdep's default region.id). */
  ids?: ReadonlyArray<string | number>;
}

function checkIds(ids: ReadonlyArray<string | number> | undefined, n: number, what: string): string[] {
  if (ids === undefined) return Array.from({ length: n }, (_, i) => String(i + 1));
  if (!Array.isArray(ids)) throw new InputError(`ids must be an array of region ids, got ${typeof ids}`, { argument: "ids" });
  if (ids.length !== n) throw new InputError(`ids has ${ids.length} elements but there are ${n} ${what}; they must match`, { argument: "ids" });
  const seen = new Map<string, number>();
  return ids.map((id, k) => {
    if (typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) {
      throw new InputError(`ids[${k}] is ${JSON.stringify(id)}; region ids must be strings or numbers`, { argument: "ids", index: k });
    }
    const s = String(id);
    if (seen.has(s)) throw new InputError(`ids lists region id ${JSON.stringify(s)} twice (ids[${seen.get(s)}] and ids[${k}])`, { argument: "ids", index: k, label: s });
    seen.set(s, k);
    return s;
  });
}

/** Checked planar coordinates as two typed arrays. */
function checkCoordinates(coordinates: Coordinates, ids: ReadonlyArray<string | number> | undefined): { x: Float64Array; y: Float64Array; ids: string[] } {
  if (!Array.isArray(coordinates)) throw new InputError(`coordinates must be an array of [x, y] pairs, got ${typeof coordinates}`, { argument: "coordinates" });
  const n = coordinates.length;
  const names = checkIds(ids, n, "points");
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = coordinates[i];
    if (p == null || typeof p.length !== "number" || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new InputError(`coordinates[${i}] (unit ${names[i]}) is ${JSON.stringify(Array.isArray(p) || ArrayBuffer.isView(p) ? Array.from(p as ArrayLike<number>) : p)}; it must be a pair of finite numbers [x, y]`, {
        argument: "coordinates",
        index: i,
        label: names[i],
      });
    }
    x[i] = p[0];
    y[i] = p[1];
  }
  return { x, y, ids: names };
}

/** Euclidean distance, the same expression for (i, j) and (j, i). */
function distance(x: Float64Array, y: Float64Array, i: number, j: number): number {
  const dx = x[i] - x[j];
  const dy = y[i] - y[j];
  return Math.sqrt(dx * dx + dy * dy);
}

/** Groups of units (by id) that share the same coordinates, in order of first unit. */
function duplicatePoints(x: Float64Array, y: Float64Array, ids: string[]): string[][] {
  const at = new Map<string, number[]>();
  for (let i = 0; i < x.length; i++) {
    const key = `${x[i]},${y[i]}`;
    const list = at.get(key);
    if (list) list.push(i);
    else at.set(key, [i]);
  }
  const groups: string[][] = [];
  at.forEach((list) => {
    if (list.length > 1) groups.push(list.map((i) => ids[i]));
  });
  return groups;
}

// ---------------------------------------------------------------------------------------------------------
// k nearest neighbours
// ---------------------------------------------------------------------------------------------------------

/** A unit whose k-th nearest distance is shared by more candidates than fit in k: who was kept, who was not. */
export interface KnnTie {
  id: string;
  /** The tied distance (the k-th nearest). */
  distance: number;
  /** Ids at that distance that are among the k neighbours (the earlier units, as spdep keeps them). */
  kept: string[];
  /** Ids at that distance that are not. */
  dropped: string[];
}

/** k-nearest-neighbour weights, with the distances and the ties that had to be resolved. */
export interface KnnWeights extends WeightsMatrix {
  k: number;
  /** distances[i][m]: distance from unit i to its neighbour neighbors[i][m]. */
  distances: number[][];
  /** Units whose k-th nearest distance is tied with the next candidate (see {@link knnWeights}). */
  ties: KnnTie[];
  /** Groups of ids sharing identical coordinates (spdep warns "identical points found"); empty when none. */
  duplicates: string[][];
}

/**
 * k-nearest-neighbour weights (spdep `knn2nb(knearneigh(x, k))`, PySAL `KNN`): w_ij = 1 when j is one of the k
 * units nearest to i in Euclidean distance d_ij = √((x_i − x_j)² + (y_i − y_j)²), else 0. The relation is not
 * symmetric (j can be among i's nearest without i being among j's).
 *
 * Ties are resolved as spdep's C code (`knearneigh`, after Venables & Ripley's `class::knn`) resolves them: the
 * candidates are taken in order of distance and, at equal distance, in order of unit (the earlier unit wins).
 * Units with the same coordinates are at distance 0 and so are each other's nearest neighbours. Every
 * resolved tie is reported in `ties` (unit, tied distance, ids kept and dropped) and identical points in
 * `duplicates`, so that nothing is decided silently.
 *
 * @throws InputError when k is not an integer in 1..n − 1, a coordinate is not a finite pair (naming the unit),
 *   or ids are duplicated.
 * @example
 * const w = knnWeights([[0, 0], [1, 0], [3, 0], [0, 1]], { k: 1, ids: ["a", "b", "c", "d"] });
 * w.neighbors // → [[1], [0], [1], [0]]
 * w.ties      // → [{ id: "a", distance: 1, kept: ["b"], dropped: ["d"] }]
 */
export function knnWeights(coordinates: Coordinates, options: PointWeightsOptions & { k: number }): KnnWeights {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object such as { k: 4 }, got ${String(options)}`, { argument: "options" });
  const { x, y, ids } = checkCoordinates(coordinates, options.ids);
  const n = ids.length;
  const k = options.k;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > n - 1) {
    throw new InputError(`k must be an integer between 1 and n − 1 = ${n - 1} (there are ${n} points), got ${String(k)}`, { argument: "k" });
  }
  const neighbors: number[][] = new Array(n);
  const distances: number[][] = new Array(n);
  const ties: KnnTie[] = [];
  // a sorted buffer of the k + 1 best (distance, index), filled in order of index: insertion after equal
  // distances keeps the earlier unit first, as spdep's insertion sort does
  const bestD = new Float64Array(k + 1);
  const bestJ = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) {
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distance(x, y, i, j);
      if (filled === k + 1 && !(d < bestD[k])) continue;
      let m = filled === k + 1 ? k : filled++;
      while (m > 0 && bestD[m - 1] > d) {
        bestD[m] = bestD[m - 1];
        bestJ[m] = bestJ[m - 1];
        m--;
      }
      bestD[m] = d;
      bestJ[m] = j;
    }
    const kth = bestD[k - 1];
    const order = Array.from(bestJ.subarray(0, k));
    const ds = Array.from(bestD.subarray(0, k));
    if (filled === k + 1 && bestD[k] === kth) {
      // a tie at the k-th distance: list everyone at that distance (a second pass, rare)
      const kept = order.filter((_, m) => ds[m] === kth);
      const keptSet = new Set(kept);
      const dropped: string[] = [];
      for (let j = 0; j < n; j++) if (j !== i && !keptSet.has(j) && distance(x, y, i, j) === kth) dropped.push(ids[j]);
      ties.push({ id: ids[i], distance: kth, kept: kept.map((j) => ids[j]), dropped });
    }
    const idx = order.map((j, m) => [j, ds[m]] as [number, number]).sort((a, b) => a[0] - b[0]);
    neighbors[i] = idx.map((p) => p[0]);
    distances[i] = idx.map((p) => p[1]);
  }
  const w = weightsFromNeighbors(ids, neighbors);
  return { ...w, k, distances, ties, duplicates: duplicatePoints(x, y, ids) };
}

// ---------------------------------------------------------------------------------------------------------
// Distance bands
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link distanceBandWeights}. */
export interface DistanceBandOptions extends PointWeightsOptions {
  /** Upper bound of the band: j is a neighbour of i when lower ≤ d_ij ≤ threshold (spdep `dnearneigh` d2). */
  threshold: number;
  /** Lower bound (default 0, spdep's d1). */
  lower?: number;
  /**
   * Inverse-distance weights w_ij = d_ij^(−power) (spdep `nb2listw(nb, glist = lapply(nbdists(nb, x),
   * function(d) 1 / d^power))`, PySAL `DistanceBand(binary = False, alpha = −power)`). Default 0: binary weights.
   */
  power?: number;
}

/** Distance-band weights with their distances. */
export interface DistanceBandWeights extends WeightsMatrix {
  threshold: number;
  lower: number;
  power: number;
  /** distances[i][m]: distance from unit i to its neighbour neighbors[i][m]. */
  distances: number[][];
  /**
   * The smallest threshold that leaves no unit without a neighbour: the largest nearest-neighbour distance
   * (GeoDa's default band, spdep's `max(unlist(nbdists(knn2nb(knearneigh(x, 1)), x)))`).
   */
  minimumThreshold: number;
}

/**
 * Distance-band weights (spdep `dnearneigh(x, d1 = lower, d2 = threshold)` with its default bounds "GE", "LE";
 * PySAL `DistanceBand`, GeoDa's distance band): j ≠ i is a neighbour of i when lower ≤ d_ij ≤ threshold, with
 * d_ij the Euclidean distance; w_ij = 1, or d_ij^(−power) with `power` > 0 (inverse distance).
 *
 * Units left without a neighbour are islands: they are kept (a zero row, as spdep's `zero.policy = TRUE`)
 * and reported by id in `islands`, together with `minimumThreshold`, the band that would give every unit
 * a neighbour. Units at the same place (d = 0) are neighbours when lower = 0; with inverse-distance weights
 * that is an error naming both units, as 1/0 has no value.
 *
 * @throws InputError for a threshold that is not a finite number ≥ lower, a negative lower bound or power,
 *   coordinates that are not finite pairs (naming the unit), inverse distance between identical points.
 * @example
 * const w = distanceBandWeights([[0, 0], [1, 0], [3, 0]], { threshold: 1.5, ids: ["a", "b", "c"] });
 * w.neighbors         // → [[1], [0], []]
 * w.islands           // → ["c"]
 * w.minimumThreshold  // → 2
 * distanceBandWeights([[0, 0], [1, 0], [3, 0]], { threshold: 2, power: 1 }).weights // → [[1], [1, 0.5], [0.5]]
 */
export function distanceBandWeights(coordinates: Coordinates, options: DistanceBandOptions): DistanceBandWeights {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object such as { threshold: 100 }, got ${String(options)}`, { argument: "options" });
  const { x, y, ids } = checkCoordinates(coordinates, options.ids);
  const n = ids.length;
  const lower = options.lower === undefined ? 0 : options.lower;
  const power = options.power === undefined ? 0 : options.power;
  const threshold = options.threshold;
  if (typeof lower !== "number" || !Number.isFinite(lower) || lower < 0) throw new InputError(`lower must be a finite number ≥ 0, got ${String(lower)}`, { argument: "lower" });
  if (typeof threshold !== "number" || !Number.isFinite(threshold) || threshold < lower) {
    throw new InputError(`threshold must be a finite number ≥ lower (${lower}), got ${String(threshold)}`, { argument: "threshold" });
  }
  if (typeof power !== "number" || !Number.isFinite(power) || power < 0) throw new InputError(`power must be a finite number ≥ 0, got ${String(power)}`, { argument: "power" });
  const neighbors: number[][] = new Array(n);
  const distances: number[][] = new Array(n);
  const weights: number[][] = new Array(n);
  let minimumThreshold = n > 1 ? 0 : NaN;
  for (let i = 0; i < n; i++) {
    const nb: number[] = [];
    const ds: number[] = [];
    let nearest = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distance(x, y, i, j);
      if (d < nearest) nearest = d;
      if (d >= lower && d <= threshold) {
        if (power > 0 && d === 0) {
          throw new InputError(`units ${ids[i]} and ${ids[j]} have the same coordinates (${x[i]}, ${y[i]}): inverse-distance weights 1/0 are undefined; merge them or set lower > 0`, {
            argument: "coordinates",
            index: i,
            label: ids[i],
          });
        }
        nb.push(j);
        ds.push(d);
      }
    }
    if (nearest > minimumThreshold) minimumThreshold = nearest;
    neighbors[i] = nb;
    distances[i] = ds;
    weights[i] = power > 0 ? ds.map((d) => Math.pow(d, -power)) : ds.map(() => 1);
  }
  return {
    ids,
    neighbors,
    weights,
    islands: ids.filter((_, i) => neighbors[i].length === 0),
    skipped: [],
    threshold,
    lower,
    power,
    distances,
    minimumThreshold,
  };
}

// ---------------------------------------------------------------------------------------------------------
// GeoJSON
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link weightsFromGeoJSON} and {@link geoJSONCentroids}. */
export interface GeoJSONOptions {
  /** Take each feature's id from `properties[idProperty]` (default: `feature.id`). */
  idProperty?: string;
}

type Ring = ReadonlyArray<ArrayLike<number>>;

interface GeoUnits {
  ids: string[];
  /** Polygons of each unit (a polygon is a list of rings, the first the shell); points for point features. */
  polygons: Ring[][][];
  points: number[][][];
  skipped: SkippedUnit[];
}

/** Features of a GeoJSON FeatureCollection grouped by id, with the skipped ones and why. */
function geoUnits(geojson: unknown, options: GeoJSONOptions, what: string): GeoUnits {
  const fc = geojson as { type?: unknown; features?: unknown };
  if (fc === null || typeof fc !== "object" || fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) {
    const t = fc !== null && typeof fc === "object" ? JSON.stringify(fc.type) : typeof geojson;
    throw new InputError(`${what} needs a GeoJSON FeatureCollection (type "FeatureCollection" with a features array), got type ${t}`, { argument: "geojson" });
  }
  const idProperty = options.idProperty;
  const index = new Map<string, number>();
  const out: GeoUnits = { ids: [], polygons: [], points: [], skipped: [] };
  (fc.features as unknown[]).forEach((f, k) => {
    const feature = f as { type?: unknown; id?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
    if (feature === null || typeof feature !== "object" || feature.type !== "Feature") {
      throw new InputError(`features[${k}] is not a GeoJSON Feature`, { argument: "geojson", index: k });
    }
    const rawId = idProperty === undefined ? feature.id : feature.properties?.[idProperty];
    if (typeof rawId !== "string" && !(typeof rawId === "number" && Number.isFinite(rawId))) {
      const where = idProperty === undefined ? "no id (feature.id)" : `no properties.${idProperty}`;
      throw new InputError(`features[${k}] has ${where}; every feature needs one to name its unit`, { argument: "geojson", index: k });
    }
    const id = String(rawId);
    const g = feature.geometry;
    let polygons: Ring[][] = [];
    let points: number[][] = [];
    if (g === null || g === undefined) {
      if (!index.has(id)) out.skipped.push({ id, reason: "null geometry" });
      return;
    }
    const where = `features[${k}] (unit ${id})`;
    const coords = g.coordinates;
    if (!Array.isArray(coords)) throw new InputError(`${where}: geometry has no coordinates array`, { argument: "geojson", index: k, label: id });
    if (g.type === "Polygon") polygons = [coords as Ring[]];
    else if (g.type === "MultiPolygon") polygons = coords as Ring[][];
    else if (g.type === "Point") points = [coords as number[]];
    else if (g.type === "MultiPoint") points = coords as number[][];
    else throw new InputError(`${where}: geometry type ${JSON.stringify(g.type)} is not supported (Polygon, MultiPolygon, Point, MultiPoint)`, { argument: "geojson", index: k, label: id });
    for (const poly of polygons) {
      if (!Array.isArray(poly)) throw new InputError(`${where}: a polygon must be an array of rings`, { argument: "geojson", index: k, label: id });
      for (const ring of poly) {
        if (!Array.isArray(ring)) throw new InputError(`${where}: a ring must be an array of positions`, { argument: "geojson", index: k, label: id });
        for (const p of ring) checkPosition(p, where, k, id);
      }
    }
    for (const p of points) checkPosition(p, where, k, id);
    if (polygons.length === 0 && points.length === 0) {
      if (!index.has(id)) out.skipped.push({ id, reason: "empty geometry" });
      return;
    }
    let u = index.get(id);
    if (u === undefined) {
      u = out.ids.length;
      index.set(id, u);
      out.ids.push(id);
      out.polygons.push([]);
      out.points.push([]);
      const s = out.skipped.findIndex((x) => x.id === id);
      if (s >= 0) out.skipped.splice(s, 1);
    }
    out.polygons[u].push(...polygons);
    out.points[u].push(...points);
  });
  return out;
}

function checkPosition(p: unknown, where: string, k: number, id: string): void {
  const q = p as ArrayLike<number>;
  if (!Array.isArray(q) || q.length < 2 || !Number.isFinite(q[0]) || !Number.isFinite(q[1])) {
    throw new InputError(`${where}: position ${JSON.stringify(p)} is not a pair of finite numbers`, { argument: "geojson", index: k, label: id });
  }
}

/**
 * Contiguity weights from a GeoJSON FeatureCollection of polygons (spdep `poly2nb`, GeoDa's contiguity from a
 * shapefile): w_ij = 1 when units i ≠ j share at least one boundary point (queen) or at least two distinct
 * boundary points (rook, poly2nb's `queen = FALSE`), else 0. Points are shared when their coordinates are
 * identical (poly2nb also treats points closer than its snap distance √ε ≈ 1.5e-8 as shared; polygons
 * digitised with common vertices, as from a topology, give the same lists). Features with the same id form
 * one unit; features with a null or empty geometry are skipped and reported in `skipped`. Units without a
 * neighbour are kept and listed in `islands`.
 *
 * @throws InputError when the input is not a FeatureCollection, a feature has no id (naming it), a geometry is
 *   not a polygon or a position is not a pair of finite numbers (naming the unit).
 * @example
 * const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
 * const fc = { type: "FeatureCollection", features: [
 *   { type: "Feature", id: "a", properties: {}, geometry: { type: "Polygon", coordinates: square(0, 0) } },
 *   { type: "Feature", id: "b", properties: {}, geometry: { type: "Polygon", coordinates: square(1, 0) } },
 *   { type: "Feature", id: "c", properties: {}, geometry: { type: "Polygon", coordinates: square(2, 1) } }] };
 * weightsFromGeoJSON(fc, { rule: "queen" }).neighbors // → [[1], [0, 2], [1]]
 * weightsFromGeoJSON(fc, { rule: "rook" }).neighbors  // → [[1], [0], []]
 */
export function weightsFromGeoJSON(geojson: unknown, options: GeoJSONOptions & { rule: "queen" | "rook" }): WeightsMatrix {
  if (options === null || typeof options !== "object" || (options.rule !== "queen" && options.rule !== "rook")) {
    throw new InputError(`options.rule must be "queen" or "rook", got ${options === null || typeof options !== "object" ? String(options) : JSON.stringify(options.rule)}`, { argument: "rule" });
  }
  const units = geoUnits(geojson, options, "weightsFromGeoJSON");
  const n = units.ids.length;
  // every distinct boundary point → the units that have it
  const owners = new Map<string, number[]>();
  for (let u = 0; u < n; u++) {
    if (units.polygons[u].length === 0) {
      throw new InputError(`unit ${units.ids[u]} has no polygon (point geometries have no boundary: use knnWeights or distanceBandWeights on their coordinates)`, { argument: "geojson", label: units.ids[u] });
    }
    for (const poly of units.polygons[u]) {
      for (const ring of poly) {
        for (let m = 0; m < ring.length; m++) {
          const key = `${ring[m][0]},${ring[m][1]}`;
          const list = owners.get(key);
          if (list === undefined) owners.set(key, [u]);
          else if (list[list.length - 1] !== u && !list.includes(u)) list.push(u);
        }
      }
    }
  }
  // shared-point counts per pair
  const shared: Map<number, number>[] = Array.from({ length: n }, () => new Map<number, number>());
  owners.forEach((list) => {
    if (list.length < 2) return;
    for (let a = 0; a < list.length; a++) {
      for (let b = 0; b < list.length; b++) {
        if (a === b) continue;
        const m = shared[list[a]];
        m.set(list[b], (m.get(list[b]) ?? 0) + 1);
      }
    }
  });
  const need = options.rule === "queen" ? 1 : 2;
  const neighbors = shared.map((m) => {
    const out: number[] = [];
    m.forEach((count, j) => {
      if (count >= need) out.push(j);
    });
    return out;
  });
  const w = weightsFromNeighbors(units.ids, neighbors);
  w.skipped = units.skipped;
  return w;
}

/** Centroids of the units of a GeoJSON FeatureCollection. */
export interface Centroids {
  ids: string[];
  /** [x, y] of each unit's centroid, in the order of `ids`. */
  coordinates: [number, number][];
  skipped: SkippedUnit[];
}

/** Twice the signed area and the area-weighted centroid sums of a ring (shoelace about the ring's first point). */
function ringMoments(ring: Ring): { a2: number; cx: number; cy: number } {
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let m = 1; m + 1 < ring.length; m++) {
    const x1 = ring[m][0] - x0;
    const y1 = ring[m][1] - y0;
    const x2 = ring[m + 1][0] - x0;
    const y2 = ring[m + 1][1] - y0;
    const cross = x1 * y2 - x2 * y1;
    a2 += cross;
    cx += cross * (x1 + x2);
    cy += cross * (y1 + y2);
  }
  // centroid of the ring = (x0, y0) + (cx, cy) / (3·a2)
  return { a2, cx: cx / 3 + a2 * x0, cy: cy / 3 + a2 * y0 };
}

/**
 * Orientation of a closed ring as GEOS's `Orientation::isCCW` decides it (from the highest point's cap; false for
 * a flat or degenerate ring).
 */
function isCounterClockwise(ring: Ring): boolean {
  const nPts = ring.length - 1;
  if (nPts < 3) return false;
  let upHi = 0;
  let upLow = -1;
  let prevY = ring[0][1];
  let hiY = ring[0][1];
  for (let i = 1; i <= nPts; i++) {
    const py = ring[i][1];
    if (py > prevY && py >= hiY) {
      upHi = i;
      hiY = py;
      upLow = i - 1;
    }
    prevY = py;
  }
  if (upHi === 0) return false;
  let downLow = upHi;
  do downLow = (downLow + 1) % nPts;
  while (downLow !== upHi && ring[downLow][1] === hiY);
  const downHi = downLow > 0 ? downLow - 1 : nPts - 1;
  const same = (a: number, b: number) => ring[a][0] === ring[b][0] && ring[a][1] === ring[b][1];
  if (same(upHi, downHi)) {
    if (same(upLow, upHi) || same(downLow, upHi) || same(upLow, downLow)) return false;
    const [ax, ay] = [ring[upLow][0], ring[upLow][1]];
    const cross = (ring[upHi][0] - ax) * (ring[downLow][1] - ay) - (ring[upHi][1] - ay) * (ring[downLow][0] - ax);
    return cross > 0;
  }
  return ring[downHi][0] - ring[upHi][0] < 0;
}

/**
 * Centroids (centres of mass) of polygon features, for k-nearest-neighbour or distance-band weights between
 * areas: c = Σ_r s_r·A_r·c_r / Σ_r s_r·A_r over the rings r of every polygon of the unit, with A_r the ring's
 * area by the shoelace formula (signed by the ring's orientation), c_r its centroid, s_r = +1 for a shell and −1
 * for a hole, each oriented as GEOS orients it — the planar centroid GEOS computes (sf `st_centroid` without s2, GeoDa). Point features give their point (the
 * mean of several points). The coordinates are treated as planar: project longitude/latitude first.
 *
 * @throws InputError as {@link weightsFromGeoJSON}, and for a unit whose polygons have zero area (naming it).
 * @example
 * geoJSONCentroids({ type: "FeatureCollection", features: [{ type: "Feature", id: "L", properties: {},
 *   geometry: { type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] } }] }).coordinates
 * // → [[0.8333333333333334, 0.8333333333333334]]
 */
export function geoJSONCentroids(geojson: unknown, options: GeoJSONOptions = {}): Centroids {
  const units = geoUnits(geojson, options ?? {}, "geoJSONCentroids");
  const coordinates = units.ids.map((id, u): [number, number] => {
    if (units.polygons[u].length === 0) {
      const pts = units.points[u];
      let sx = 0;
      let sy = 0;
      for (const p of pts) {
        sx += p[0];
        sy += p[1];
      }
      return [sx / pts.length, sy / pts.length];
    }
    let area = 0;
    let sx = 0;
    let sy = 0;
    for (const poly of units.polygons[u]) {
      poly.forEach((ring, r) => {
        if (ring.length < 3) return;
        const m = ringMoments(ring);
        // the shell adds, holes subtract, whatever the rings' orientation (decided as GEOS decides it, which
        // matters only for a self-intersecting ring, whose signed area may disagree with its orientation)
        const sign = (r === 0 ? 1 : -1) * (isCounterClockwise(ring) ? 1 : -1);
        area += sign * m.a2;
        sx += sign * m.cx;
        sy += sign * m.cy;
      });
    }
    if (!(area > 0)) throw new InputError(`unit ${id}: its polygons have zero area, so they have no centroid`, { argument: "geojson", label: id });
    return [sx / area, sy / area];
  });
  return { ids: units.ids, coordinates, skipped: units.skipped };
}

// ---------------------------------------------------------------------------------------------------------
// GAL and GWT files (GeoDa)
// ---------------------------------------------------------------------------------------------------------

/** Header fields of a GAL or GWT file (absent in the old one-number header). */
interface WeightsFileHeader {
  n: number;
  shapefile?: string;
  idVariable?: string;
}

function parseHeader(line: string | undefined, what: string): WeightsFileHeader {
  const fields = (line ?? "").trim().split(/\s+/).filter((f) => f.length > 0);
  const count = (s: string) => {
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new InputError(`${what} line 1: the number of units must be a positive integer, got ${JSON.stringify(s)}`, { argument: "text", index: 1 });
    return Number(s);
  };
  if (fields.length === 1) return { n: count(fields[0]) };
  if (fields.length === 4) return { n: count(fields[1]), shapefile: fields[2], idVariable: fields[3] };
  throw new InputError(`${what} line 1 must be "n" or "0 n shapefile idVariable", got ${JSON.stringify(line ?? "")}`, { argument: "text", index: 1 });
}

/** Weights read from a GAL or GWT file, with the file's header fields. */
export interface WeightsFile extends WeightsMatrix {
  /** The shapefile and id variable named in the header ("0 n shapefile idVariable"), absent in old-style files. */
  shapefile?: string;
  idVariable?: string;
}

/**
 * Read a GeoDa GAL file (binary contiguity; spdep `read.gal`, PySAL `libpysal.io.open(…, "r")`). Format: a
 * header "n" (old style) or "0 n shapefile idVariable", then for each unit a line "id k" followed by a line
 * with its k neighbours' ids. The ids are taken as written, in the file's order (or matched to `options.ids`,
 * which then fixes the order). Weights are 1.
 *
 * @throws InputError naming the line: a count that does not match the neighbours listed, an unknown or repeated
 *   neighbour, a unit listing itself, a unit listed twice, fewer or more units than the header says.
 * @example
 * readGal("0 3 shapes ID\na 2\nb c\nb 1\na\nc 1\na\n")
 * // → { ids: ["a", "b", "c"], neighbors: [[1, 2], [0], [0]], weights: [[1, 1], [1], [1]], islands: [],
 * //     skipped: [], shapefile: "shapes", idVariable: "ID" }
 */
export function readGal(text: string, options: { ids?: ReadonlyArray<string | number> } = {}): WeightsFile {
  if (typeof text !== "string") throw new InputError(`readGal needs the file's text (a string), got ${typeof text}`, { argument: "text" });
  const lines = text.split(/\r?\n/);
  const header = parseHeader(lines[0], "GAL");
  const units: { id: string; line: number; list: string[] }[] = [];
  let l = 1;
  while (units.length < header.n) {
    while (l < lines.length && lines[l].trim() === "" && units.length < header.n) l++;
    if (l >= lines.length) throw new InputError(`GAL: the header announces ${header.n} units but the file ends after ${units.length}`, { argument: "text", index: l });
    const f = lines[l].trim().split(/\s+/);
    if (f.length !== 2 || !/^\d+$/.test(f[1])) throw new InputError(`GAL line ${l + 1}: expected "id count", got ${JSON.stringify(lines[l])}`, { argument: "text", index: l + 1 });
    const k = Number(f[1]);
    const nbLine = l + 1 < lines.length ? lines[l + 1].trim() : "";
    const list = nbLine === "" ? [] : nbLine.split(/\s+/);
    if (list.length !== k) {
      throw new InputError(`GAL line ${l + 2}: unit ${f[0]} announces ${k} neighbours on line ${l + 1} but ${list.length} are listed`, { argument: "text", index: l + 2, label: f[0] });
    }
    units.push({ id: f[0], line: l + 1, list });
    l += 2;
  }
  for (; l < lines.length; l++) {
    if (lines[l].trim() !== "") throw new InputError(`GAL line ${l + 1}: the header announces ${header.n} units but more follow`, { argument: "text", index: l + 1 });
  }
  const ids = options.ids === undefined ? units.map((u) => u.id) : checkIds(options.ids, header.n, "units in the GAL header");
  const pos = new Map(ids.map((id, i) => [id, i] as [string, number]));
  const lists: number[][] = new Array(ids.length);
  for (const u of units) {
    const i = pos.get(u.id);
    if (i === undefined) throw new InputError(`GAL line ${u.line}: unit ${u.id} is not one of the ids`, { argument: "text", index: u.line, label: u.id });
    if (lists[i] !== undefined) throw new InputError(`GAL line ${u.line}: unit ${u.id} is listed twice`, { argument: "text", index: u.line, label: u.id });
    lists[i] = u.list.map((v) => {
      const j = pos.get(v);
      if (j === undefined) throw new InputError(`GAL line ${u.line + 1}: unit ${u.id} lists neighbour ${v}, which is not a unit of the file`, { argument: "text", index: u.line + 1, label: u.id });
      if (j === i) throw new InputError(`GAL line ${u.line + 1}: unit ${u.id} lists itself as a neighbour`, { argument: "text", index: u.line + 1, label: u.id });
      return j;
    });
    const sorted = lists[i].slice().sort((a, b) => a - b);
    for (let m = 1; m < sorted.length; m++) {
      if (sorted[m] === sorted[m - 1]) throw new InputError(`GAL line ${u.line + 1}: unit ${u.id} lists neighbour ${ids[sorted[m]]} twice`, { argument: "text", index: u.line + 1, label: u.id });
    }
  }
  const w: WeightsFile = weightsFromNeighbors(ids, lists);
  if (header.shapefile !== undefined) {
    w.shapefile = header.shapefile;
    w.idVariable = header.idVariable;
  }
  return w;
}

/**
 * Write weights as a GeoDa GAL file, exactly as spdep's `write.nb.gal(nb, file, oldstyle = FALSE, shpfile, ind)`
 * writes it: "0 n shapefile idVariable", then per unit "id k" and a line with the neighbours' ids (an empty
 * line for an island), lines ended by "\n". GAL holds neighbours only: the weights' values are not written.
 *
 * @example
 * writeGal(readGal("3\n1 1\n2\n2 2\n1 3\n3 1\n2\n"), { shapefile: "x", idVariable: "ID" })
 * // → "0 3 x ID\n1 1\n2\n2 2\n1 3\n3 1\n2\n"
 */
export function writeGal(w: WeightsMatrix, options: { shapefile?: string; idVariable?: string } = {}): string {
  sparseWeights(w);
  const shapefile = options.shapefile ?? (w as WeightsFile).shapefile ?? "unknown";
  const idVariable = options.idVariable ?? (w as WeightsFile).idVariable ?? "unknown";
  for (const [name, v] of [["shapefile", shapefile], ["idVariable", idVariable]] as const) {
    if (typeof v !== "string" || v === "" || /\s/.test(v)) throw new InputError(`${name} must be a non-empty string without spaces, got ${JSON.stringify(v)}`, { argument: name });
  }
  w.ids.forEach((id, i) => {
    if (/\s/.test(String(id)) || String(id) === "") throw new InputError(`unit ${i} has id ${JSON.stringify(id)}; GAL ids cannot be empty or contain spaces`, { argument: "weights", index: i, label: String(id) });
  });
  const out: string[] = [`0 ${w.ids.length} ${shapefile} ${idVariable}`];
  w.ids.forEach((id, i) => {
    out.push(`${id} ${w.neighbors[i].length}`);
    out.push(w.neighbors[i].map((j) => w.ids[j]).join(" "));
  });
  return out.join("\n") + "\n";
}

/**
 * Read a GeoDa GWT file (weights per pair; spdep `read.gwt2nb`, PySAL's GWT reader): a header "n" or
 * "0 n shapefile idVariable", then one line "origin destination value" per link. w_ij is the value as
 * written — GeoDa writes the distance there for distance-based weights (e.g. spData's `baltk4.GWT`), so
 * transform it (`distanceBandWeights`' inverse distance, or {@link transformWeights}) as the analysis needs.
 * A GWT file lists only units with a neighbour, so the units are `options.ids` when given, else "1".."n"
 * (spdep's default region.id); units that are never an origin are islands.
 *
 * @throws InputError naming the line: an id that is not a unit (say which ids to pass), a value that is not a
 *   finite number ≥ 0, a pair listed twice, a unit linked to itself.
 * @example
 * readGwt("0 3 pts ID\n1 2 1.5\n2 1 1.5\n2 3 2\n3 2 2\n").weights // → [[1.5], [1.5, 2], [2]]
 */
export function readGwt(text: string, options: { ids?: ReadonlyArray<string | number> } = {}): WeightsFile {
  if (typeof text !== "string") throw new InputError(`readGwt needs the file's text (a string), got ${typeof text}`, { argument: "text" });
  const lines = text.split(/\r?\n/);
  const header = parseHeader(lines[0], "GWT");
  const ids = checkIds(options.ids, header.n, "units in the GWT header");
  const pos = new Map(ids.map((id, i) => [id, i] as [string, number]));
  const rows: Map<number, number>[] = Array.from({ length: ids.length }, () => new Map<number, number>());
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l].trim();
    if (line === "") continue;
    const f = line.split(/\s+/);
    const where = `GWT line ${l + 1}`;
    if (f.length !== 3) throw new InputError(`${where}: expected "origin destination value", got ${JSON.stringify(lines[l])}`, { argument: "text", index: l + 1 });
    const i = pos.get(f[0]);
    const j = pos.get(f[1]);
    for (const [id, k] of [[f[0], i], [f[1], j]] as const) {
      if (k === undefined) {
        throw new InputError(`${where}: unit ${id} is not one of the ${options.ids === undefined ? `default ids "1".."${header.n}"; pass the file's ids in options.ids` : "ids given"}`, { argument: "text", index: l + 1, label: id });
      }
    }
    const v = Number(f[2]);
    if (!Number.isFinite(v) || v < 0 || !/^[-+0-9.eE]+$/.test(f[2])) throw new InputError(`${where}: the value ${JSON.stringify(f[2])} is not a finite number ≥ 0`, { argument: "text", index: l + 1, label: f[0] });
    if (i === j) throw new InputError(`${where}: unit ${f[0]} is linked to itself`, { argument: "text", index: l + 1, label: f[0] });
    if (rows[i!].has(j!)) throw new InputError(`${where}: the pair ${f[0]} → ${f[1]} is listed twice`, { argument: "text", index: l + 1, label: f[0] });
    rows[i!].set(j!, v);
  }
  const neighbors = rows.map((m) => Array.from(m.keys()).sort((a, b) => a - b));
  const w: WeightsFile = {
    ids,
    neighbors,
    weights: neighbors.map((nb, i) => nb.map((j) => rows[i].get(j)!)),
    islands: ids.filter((_, i) => neighbors[i].length === 0),
    skipped: [],
  };
  if (header.shapefile !== undefined) {
    w.shapefile = header.shapefile;
    w.idVariable = header.idVariable;
  }
  return w;
}

// ---------------------------------------------------------------------------------------------------------
// Styles and higher orders
// ---------------------------------------------------------------------------------------------------------

/**
 * spdep's weight styles (`nb2listw(nb, glist = weights, style, zero.policy = TRUE)`), applied to the weights as
 * given (the "general weights"; contiguity and KNN weights are binary):
 * - "B": binary, w_ij = 1 for every listed neighbour (spdep's `nb2listw(nb, style = "B")`);
 * - "W": row-standardised, w_ij / Σ_k w_ik (a row summing to 0 stays 0);
 * - "C": globally standardised, w_ij·n′/Σ_kl w_kl, so that the weights sum to n′;
 * - "U": w_ij / Σ_kl w_kl, summing to 1;
 * - "S": variance-stabilising (Tiefelsdorf et al. 1999): w_ij/q_i with q_i = √(Σ_k w_ik²), then scaled by n′/Q,
 *   Q = Σ_ij w_ij/q_i, so that the weights sum to n′;
 * with n′ the number of units with at least one neighbour (spdep's `eff.n` under `zero.policy = TRUE`).
 * The result carries `style`: `moran`, `geary`, `localMoran` and the other statistics use styled weights as
 * they are (no row-standardisation) unless given `transformation`.
 *
 * @throws InputError for an unknown style, malformed weights, or weights that sum to 0 (styles C, U, S).
 * @example
 * const w = weightsFromNeighbors(["a", "b", "c"], [[1, 2], [0], [0]]);
 * transformWeights(w, "W").weights // → [[0.5, 0.5], [1], [1]]
 * transformWeights(w, "C").weights // → [[0.75, 0.75], [0.75], [0.75]]
 * transformWeights(w, "U").weights // → [[0.25, 0.25], [0.25], [0.25]]
 */
export function transformWeights(w: WeightsMatrix, style: WeightStyle): WeightsMatrix {
  if (style !== "B" && style !== "W" && style !== "C" && style !== "U" && style !== "S") {
    throw new InputError(`style must be one of "B", "W", "C", "U", "S" (spdep's nb2listw styles), got ${JSON.stringify(style)}`, { argument: "style" });
  }
  const s = sparseWeights(w);
  const rows: number[][] = w.neighbors.map((_, i) => Array.from(s.values.subarray(s.offsets[i], s.offsets[i + 1])));
  const effN = rows.filter((r) => r.length > 0).length;
  const total = (r: number[][]) => r.reduce((acc, row) => row.reduce((a, v) => a + v, acc), 0);
  let out: number[][];
  if (style === "B") {
    out = rows.map((r) => r.map(() => 1));
  } else if (style === "W") {
    out = rows.map((r) => {
      const d = r.reduce((a, v) => a + v, 0);
      return d > 0 ? r.map((v) => v / d) : r.map(() => 0);
    });
  } else if (style === "C" || style === "U") {
    const D = total(rows);
    if (!(D > 0)) throw new InputError(`the weights sum to ${D}; style ${style} divides by their sum`, { argument: "weights" });
    const f = style === "C" ? effN / D : 1 / D;
    out = rows.map((r) => r.map((v) => f * v));
  } else {
    const scaled = rows.map((r) => {
      const q = Math.sqrt(r.reduce((a, v) => a + v * v, 0));
      return q > 0 ? r.map((v) => v / q) : r.map(() => 0);
    });
    const Q = total(scaled);
    if (!(Q > 0)) throw new InputError(`the weights sum to 0; style S divides by their sum`, { argument: "weights" });
    out = scaled.map((r) => r.map((v) => (effN / Q) * v));
  }
  return {
    ids: w.ids.slice(),
    neighbors: w.neighbors.map((l) => l.slice()),
    weights: out,
    islands: w.ids.filter((_, i) => w.neighbors[i].length === 0),
    skipped: (w.skipped ?? []).map((x) => ({ ...x })),
    style,
  };
}

/**
 * Higher-order contiguity (spdep `nblag(nb, order)[[order]]`, PySAL `higher_order`): j is an order-k neighbour of
 * i when the shortest path from i to j along the neighbour lists has exactly k steps; with `cumulative: true`,
 * at most k steps (spdep `nblag_cumul`, PySAL `higher_order(…, lower_order=True)`). Binary weights.
 *
 * @throws InputError when order is not an integer ≥ 1, or the weights are malformed.
 * @example
 * const path = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * higherOrderWeights(path, 2).neighbors                       // → [[2], [3], [0], [1]]
 * higherOrderWeights(path, 2, { cumulative: true }).neighbors // → [[1, 2], [0, 2, 3], [0, 1, 3], [1, 2]]
 */
export function higherOrderWeights(w: WeightsMatrix, order: number, options: { cumulative?: boolean } = {}): WeightsMatrix {
  if (typeof order !== "number" || !Number.isInteger(order) || order < 1) throw new InputError(`order must be an integer ≥ 1, got ${String(order)}`, { argument: "order" });
  const s = sparseWeights(w);
  const n = s.n;
  const cumulative = options.cumulative === true;
  const depth = new Int32Array(n).fill(-1);
  const neighbors: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    // breadth-first search to depth `order`
    const touched: number[] = [i];
    depth[i] = 0;
    let frontier = [i];
    const found: number[] = [];
    for (let d = 1; d <= order && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const u of frontier) {
        for (let k = s.offsets[u]; k < s.offsets[u + 1]; k++) {
          const v = s.indices[k];
          if (depth[v] !== -1) continue;
          depth[v] = d;
          touched.push(v);
          next.push(v);
          if (cumulative || d === order) found.push(v);
        }
      }
      frontier = next;
    }
    for (const v of touched) depth[v] = -1;
    neighbors[i] = found.sort((a, b) => a - b);
  }
  const out = weightsFromNeighbors(w.ids, neighbors);
  out.skipped = (w.skipped ?? []).map((x) => ({ ...x }));
  return out;
}
