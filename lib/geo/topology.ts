/**
 * Reading units and shared boundaries out of a TopoJSON topology (already parsed JSON; no I/O).
 *
 * TopoJSON (https://github.com/topojson/topojson-specification) stores every boundary line once, as an
 * *arc*; polygons refer to arcs by index (a negative index ~i = −i − 1 means arc i reversed). With a
 * `transform`, arc positions are quantized integers, delta-encoded (each position after the first is the
 * difference from the previous one). Shared points are therefore exact: two units touch at a point when
 * both boundaries contain the same (integer) position, and share an edge when both contain the same
 * segment between two consecutive positions. No tolerance or snapping is involved.
 *
 * Used by `contiguity` in `./spatial`, which turns the neighbour lists into weights.
 */

import { InputError } from "../numeric/validate";

/** A geometry of a TopoJSON object, as far as this module reads it. */
export interface TopoGeometry {
  type: string | null;
  id?: string | number;
  properties?: Record<string, unknown> | null;
  arcs?: unknown;
  geometries?: TopoGeometry[];
}

/** A TopoJSON topology, as far as this module reads it. */
export interface Topology {
  type: "Topology";
  objects: Record<string, TopoGeometry>;
  arcs: number[][][];
  transform?: { scale: [number, number]; translate: [number, number] };
}

/** A map unit left out of the weights, and why (e.g. `{ id: "51840", reason: "null geometry" }`). */
export interface SkippedUnit {
  id: string;
  reason: string;
}

/** Options naming where the id of each geometry is found. */
export interface UnitIdOptions {
  /** Take the id from `geometry.properties[idProperty]` instead of `geometry.id`. */
  idProperty?: string;
}

/** The units of a topology object: one per id, in the order of first appearance. */
export interface TopologyUnits {
  /** Ids of the units that have at least one polygon (order of first appearance in the object). */
  ids: string[];
  /** Arc indices (non-negative, deduplicated) that bound each unit, parallel to `ids`. */
  arcs: number[][];
  /** Ids with no polygon at all (null, empty or non-polygon geometries only), and geometries without an id. */
  skipped: SkippedUnit[];
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "string" ? `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x)}` : typeof x;
}

/**
 * Check that `topology` is a TopoJSON topology holding an object `objectName`, and return that object.
 *
 * @throws InputError naming what is wrong: `topology.type is "FeatureCollection", not "Topology": this is
 *   not TopoJSON`, `the topology has no object "geo"; its objects are "counties", "states", "land"`, …
 * @example checkTopology({ type: "Topology", arcs: [], objects: { a: { type: "GeometryCollection", geometries: [] } } }, "a").type
 * // → "GeometryCollection"
 */
export function checkTopology(topology: unknown, objectName: string): TopoGeometry {
  if (topology === null || typeof topology !== "object" || Array.isArray(topology)) {
    throw new InputError(`the topology must be a parsed TopoJSON object, got ${describe(topology)}`, { argument: "topology" });
  }
  const t = topology as Record<string, unknown>;
  if (t.type !== "Topology") {
    throw new InputError(
      `topology.type is ${JSON.stringify(t.type)}, not "Topology": this is not TopoJSON` +
        (t.type === "FeatureCollection" ? " (GeoJSON must first be converted, e.g. with topojson-server)" : ""),
      { argument: "topology" },
    );
  }
  if (!Array.isArray(t.arcs)) throw new InputError(`topology.arcs must be an array of arcs, got ${describe(t.arcs)}`, { argument: "topology" });
  if (t.objects === null || typeof t.objects !== "object" || Array.isArray(t.objects)) {
    throw new InputError(`topology.objects must be an object, got ${describe(t.objects)}`, { argument: "topology" });
  }
  if (t.transform !== undefined) {
    const tr = t.transform as Record<string, unknown> | null;
    const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((c) => typeof c === "number" && Number.isFinite(c));
    if (tr === null || typeof tr !== "object" || !pair(tr.scale) || !pair(tr.translate)) {
      throw new InputError("topology.transform must have scale and translate, each two finite numbers", { argument: "topology" });
    }
  }
  if (typeof objectName !== "string") throw new InputError(`objectName must be a string, got ${describe(objectName)}`, { argument: "objectName" });
  const objects = t.objects as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(objects, objectName)) {
    const names = Object.keys(objects).map((k) => JSON.stringify(k)).join(", ");
    throw new InputError(`the topology has no object ${JSON.stringify(objectName)}; its objects are ${names || "(none)"}`, {
      argument: "objectName",
    });
  }
  const obj = objects[objectName];
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new InputError(`topology.objects[${JSON.stringify(objectName)}] is ${describe(obj)}, not a geometry`, { argument: "objectName" });
  }
  return obj as TopoGeometry;
}

function geometryId(g: TopoGeometry, idProperty: string | undefined, where: string): string | undefined {
  let raw: unknown;
  if (idProperty === undefined) raw = g.id;
  else raw = g.properties && typeof g.properties === "object" ? (g.properties as Record<string, unknown>)[idProperty] : undefined;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  throw new InputError(`${where} has id ${JSON.stringify(raw)}; an id must be a string or a number`, { argument: "topology" });
}

/** Push the arc indices of a Polygon (depth 2) or MultiPolygon (depth 3) into `out`. */
function collectArcs(arcs: unknown, depth: number, nArcs: number, where: string, out: number[]): void {
  if (!Array.isArray(arcs)) throw new InputError(`${where}.arcs must be nested arrays of arc indices, got ${describe(arcs)}`, { argument: "topology" });
  if (depth === 0) {
    throw new InputError(`${where}.arcs is nested too deeply for its type`, { argument: "topology" });
  }
  for (const a of arcs) {
    if (depth === 1) {
      if (typeof a !== "number" || !Number.isInteger(a)) {
        throw new InputError(`${where}.arcs holds ${JSON.stringify(a)}, not an arc index`, { argument: "topology" });
      }
      const k = a < 0 ? ~a : a;
      if (k >= nArcs) throw new InputError(`${where} refers to arc ${a}, but the topology has ${nArcs} arcs`, { argument: "topology" });
      out.push(k);
    } else {
      collectArcs(a, depth - 1, nArcs, where, out);
    }
  }
}

/**
 * The units of a topology object: one unit per id (several geometries under one id — a multi-part
 * region, or a region split into several entries — are one unit); geometries that are null, empty
 * (no arcs) or not polygons contribute nothing, and an id with nothing else is reported in `skipped`.
 * The id is `geometry.id`, or `geometry.properties[idProperty]` when `idProperty` is given; numbers become
 * strings (`1001` → `"1001"`).
 *
 * @throws InputError when the topology or object is missing or malformed, when no geometry has an id.
 * @example
 * topologyUnits(
 *   { type: "Topology", arcs: [[[0, 0], [1, 0], [1, 1], [0, 0]]],
 *     objects: { o: { type: "GeometryCollection", geometries: [
 *       { type: "Polygon", id: "a", arcs: [[0]] }, { type: null, id: "b" }] } } },
 *   "o")
 * // → { ids: ["a"], arcs: [[0]], skipped: [{ id: "b", reason: "null geometry" }] }
 */
export function topologyUnits(topology: unknown, objectName: string, options: UnitIdOptions = {}): TopologyUnits {
  const object = checkTopology(topology, objectName);
  const nArcs = (topology as Topology).arcs.length;
  const idProperty = options.idProperty;
  if (idProperty !== undefined && typeof idProperty !== "string") {
    throw new InputError(`idProperty must be a string, got ${describe(idProperty)}`, { argument: "idProperty" });
  }
  const order: string[] = [];
  const arcsOf = new Map<string, number[]>();
  const problems = new Map<string, string[]>();
  const noId: SkippedUnit[] = [];
  let withId = 0;
  const members: TopoGeometry[] =
    object.type === "GeometryCollection" ? (Array.isArray(object.geometries) ? object.geometries : []) : [object];
  if (object.type === "GeometryCollection" && !Array.isArray(object.geometries)) {
    throw new InputError(`topology.objects[${JSON.stringify(objectName)}].geometries must be an array`, { argument: "topology" });
  }

  const visit = (g: TopoGeometry, id: string, where: string) => {
    if (g === null || typeof g !== "object") {
      problems.get(id)!.push("null geometry");
      return;
    }
    const out = arcsOf.get(id)!;
    switch (g.type) {
      case null:
      case undefined:
        problems.get(id)!.push("null geometry");
        return;
      case "Polygon":
      case "MultiPolygon": {
        const before = out.length;
        collectArcs(g.arcs ?? [], g.type === "Polygon" ? 2 : 3, nArcs, where, out);
        if (out.length === before) problems.get(id)!.push(`empty ${g.type} (no arcs)`);
        return;
      }
      case "GeometryCollection":
        if (!Array.isArray(g.geometries)) throw new InputError(`${where}.geometries must be an array`, { argument: "topology" });
        g.geometries.forEach((m, k) => visit(m, id, `${where}.geometries[${k}]`));
        return;
      default:
        problems.get(id)!.push(`not a polygon (${String(g.type)})`);
    }
  };

  members.forEach((g, k) => {
    const where = `topology.objects[${JSON.stringify(objectName)}]` + (object.type === "GeometryCollection" ? `.geometries[${k}]` : "");
    const id = g && typeof g === "object" ? geometryId(g, idProperty, where) : undefined;
    if (id === undefined) {
      noId.push({ id: "", reason: `${where} has no id${idProperty !== undefined ? ` (properties[${JSON.stringify(idProperty)}])` : ""}` });
      return;
    }
    withId++;
    if (!arcsOf.has(id)) {
      order.push(id);
      arcsOf.set(id, []);
      problems.set(id, []);
    }
    visit(g, id, where);
  });
  if (withId === 0 && members.length > 0) {
    throw new InputError(
      `no geometry of the object ${JSON.stringify(objectName)} has an id` +
        (idProperty === undefined ? "; if the ids are in the properties, pass idProperty" : ` in properties[${JSON.stringify(idProperty)}]`),
      { argument: idProperty === undefined ? "topology" : "idProperty" },
    );
  }

  const ids: string[] = [];
  const arcs: number[][] = [];
  const skipped: SkippedUnit[] = [];
  for (const id of order) {
    const list = arcsOf.get(id)!;
    if (list.length === 0) {
      const counts = new Map<string, number>();
      for (const p of problems.get(id)!) counts.set(p, (counts.get(p) ?? 0) + 1);
      const reason = Array.from(counts, ([p, c]) => (c > 1 ? `${p} ×${c}` : p)).join("; ");
      skipped.push({ id, reason });
      continue;
    }
    ids.push(id);
    arcs.push(Array.from(new Set(list)).sort((a, b) => a - b));
  }
  return { ids, arcs, skipped: skipped.concat(noId) };
}

/** Shared-boundary rule: queen = at least one common boundary point; rook = at least one common edge. */
export type ContiguityRule = "queen" | "rook";

/** Neighbour lists of the chosen units (indices into `ids`, sorted), with the units left out. */
export interface ContiguityLists {
  ids: string[];
  neighbors: number[][];
  skipped: SkippedUnit[];
}

/**
 * Neighbour lists from shared boundaries in a TopoJSON object.
 *
 * Queen: units i ≠ j are neighbours when their boundaries have at least one position in common — any
 * position of any arc, arc end points and interior points alike (so units meeting at a single corner, or
 * where one unit's corner lies on the other's boundary line as a vertex of it, are neighbours). Rook: units
 * are neighbours when their boundaries have at least one segment (two consecutive positions of an arc, in
 * either direction, of non-zero length) in common; units referring to the same arc therefore are rook
 * neighbours. Positions are compared exactly: the quantized integers when the topology has a `transform`,
 * otherwise the coordinates as stored. (A segment that one unit splits with an extra vertex and the other
 * does not is not recognised as shared; topologies built by topojson-server never have this.)
 *
 * `ids` selects and orders the units; every id given must be a unit with a polygon in the object.
 *
 * @throws InputError `region id "Crimea" is not in the map object "geo"`, duplicated ids, malformed topology.
 * @example
 * // two unit squares side by side and a third touching the second at one corner
 * const topo = { type: "Topology", objects: { o: { type: "GeometryCollection", geometries: [
 *   { type: "Polygon", id: "a", arcs: [[0, 1]] }, { type: "Polygon", id: "b", arcs: [[~0, 2]] },
 *   { type: "Polygon", id: "c", arcs: [[3]] }] } },
 *   arcs: [[[1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0], [1, 0]], [[1, 0], [2, 0], [2, 1], [1, 1]],
 *          [[2, 1], [3, 1], [3, 2], [2, 2], [2, 1]]] };
 * contiguityLists(topo, "o", "queen").neighbors // → [[1], [0, 2], [1]]
 * contiguityLists(topo, "o", "rook").neighbors  // → [[1], [0], []]
 */
export function contiguityLists(
  topology: unknown,
  objectName: string,
  rule: ContiguityRule,
  options: UnitIdOptions & { ids?: ReadonlyArray<string | number> } = {},
): ContiguityLists {
  if (rule !== "queen" && rule !== "rook") {
    throw new InputError(`rule must be "queen" or "rook", got ${JSON.stringify(rule)}`, { argument: "rule" });
  }
  const all = topologyUnits(topology, objectName, options);
  let ids = all.ids;
  let unitArcs = all.arcs;
  let skipped = all.skipped;
  if (options.ids !== undefined) {
    if (!Array.isArray(options.ids)) throw new InputError(`ids must be an array of region ids, got ${describe(options.ids)}`, { argument: "ids" });
    const position = new Map<string, number>();
    all.ids.forEach((id, k) => position.set(id, k));
    const skippedById = new Map(all.skipped.map((s) => [s.id, s.reason]));
    const seen = new Set<string>();
    ids = [];
    unitArcs = [];
    options.ids.forEach((raw, k) => {
      if (typeof raw !== "string" && !(typeof raw === "number" && Number.isFinite(raw))) {
        throw new InputError(`ids[${k}] is ${describe(raw)}; region ids must be strings or numbers`, { argument: "ids", index: k });
      }
      const id = String(raw);
      if (seen.has(id)) throw new InputError(`ids lists region id ${JSON.stringify(id)} twice (ids[${k}])`, { argument: "ids", index: k, label: id });
      seen.add(id);
      const p = position.get(id);
      if (p === undefined) {
        const why = skippedById.get(id);
        throw new InputError(
          why !== undefined
            ? `region id ${JSON.stringify(id)} has no polygon in the map object ${JSON.stringify(objectName)} (${why})`
            : `region id ${JSON.stringify(id)} is not in the map object ${JSON.stringify(objectName)}`,
          { argument: "ids", index: k, label: id },
        );
      }
      ids.push(id);
      unitArcs.push(all.arcs[p]);
    });
    skipped = [];
  }
  const neighbors = sharedBoundaryNeighbors(topology as Topology, unitArcs, rule);
  return { ids, neighbors, skipped };
}

/** Decoded positions of the arcs that are used, as vertex numbers (equal positions get equal numbers). */
function vertexNumbers(topology: Topology, used: Uint8Array): { arcVertices: (Int32Array | null)[]; count: number } {
  const quantized = topology.transform !== undefined;
  const arcVertices: (Int32Array | null)[] = new Array(topology.arcs.length).fill(null);
  const numeric = new Map<number, number>();
  const textual = new Map<string, number>();
  let count = 0;
  const LIMIT = 1048576; // 2^20: integer keys (x + 2^20)·2^21 + (y + 2^20) stay below 2^42
  for (let a = 0; a < topology.arcs.length; a++) {
    if (!used[a]) continue;
    const arc = topology.arcs[a] as unknown;
    if (!Array.isArray(arc) || arc.length < 2) {
      throw new InputError(`topology.arcs[${a}] must be an array of at least two positions`, { argument: "topology" });
    }
    const out = new Int32Array(arc.length);
    let x = 0;
    let y = 0;
    for (let p = 0; p < arc.length; p++) {
      const pos = arc[p] as unknown;
      if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== "number" || typeof pos[1] !== "number" || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
        throw new InputError(`topology.arcs[${a}][${p}] is not a position [x, y] of finite numbers`, { argument: "topology" });
      }
      if (quantized) {
        x += pos[0];
        y += pos[1];
      } else {
        x = pos[0];
        y = pos[1];
      }
      let v: number | undefined;
      if (Number.isInteger(x) && Number.isInteger(y) && Math.abs(x) < LIMIT && Math.abs(y) < LIMIT) {
        const key = (x + LIMIT) * 2097152 + (y + LIMIT);
        v = numeric.get(key);
        if (v === undefined) {
          v = count++;
          numeric.set(key, v);
        }
      } else {
        const key = `${x === 0 ? 0 : x} ${y === 0 ? 0 : y}`; // -0 and 0 are the same point
        v = textual.get(key);
        if (v === undefined) {
          v = count++;
          textual.set(key, v);
        }
      }
      out[p] = v;
    }
    arcVertices[a] = out;
  }
  return { arcVertices, count };
}

/** Neighbour lists (sorted indices) of units given by their arcs. */
function sharedBoundaryNeighbors(topology: Topology, unitArcs: number[][], rule: ContiguityRule): number[][] {
  const n = unitArcs.length;
  const nArcs = topology.arcs.length;
  // Units referring to each arc (CSR layout).
  const arcCount = new Int32Array(nArcs + 1);
  for (let u = 0; u < n; u++) for (const a of unitArcs[u]) arcCount[a + 1]++;
  for (let a = 0; a < nArcs; a++) arcCount[a + 1] += arcCount[a];
  const arcUnits = new Int32Array(arcCount[nArcs]);
  const fill = arcCount.slice(0, nArcs);
  for (let u = 0; u < n; u++) for (const a of unitArcs[u]) arcUnits[fill[a]++] = u;
  const used = new Uint8Array(nArcs);
  for (let a = 0; a < nArcs; a++) used[a] = arcCount[a + 1] > arcCount[a] ? 1 : 0;

  const { arcVertices, count: nVertices } = vertexNumbers(topology, used);
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const link = (u: number, v: number) => {
    if (u !== v) {
      sets[u].add(v);
      sets[v].add(u);
    }
  };

  if (rule === "queen") {
    // (vertex, unit) incidences grouped by vertex, then every pair of units at a vertex is linked.
    const perVertex = new Int32Array(nVertices + 1);
    for (let a = 0; a < nArcs; a++) {
      const vs = arcVertices[a];
      if (!vs) continue;
      const k = arcCount[a + 1] - arcCount[a];
      for (let p = 0; p < vs.length; p++) perVertex[vs[p] + 1] += k;
    }
    for (let v = 0; v < nVertices; v++) perVertex[v + 1] += perVertex[v];
    const incidence = new Int32Array(perVertex[nVertices]);
    const at = perVertex.slice(0, nVertices);
    for (let a = 0; a < nArcs; a++) {
      const vs = arcVertices[a];
      if (!vs) continue;
      for (let p = 0; p < vs.length; p++) {
        for (let q = arcCount[a]; q < arcCount[a + 1]; q++) incidence[at[vs[p]]++] = arcUnits[q];
      }
    }
    for (let v = 0; v < nVertices; v++) {
      const start = perVertex[v];
      const end = perVertex[v + 1];
      if (end - start < 2) continue;
      const first = incidence[start];
      let allSame = true;
      for (let q = start + 1; q < end; q++) if (incidence[q] !== first) { allSame = false; break; }
      if (allSame) continue;
      const units = Array.from(new Set(incidence.subarray(start, end)));
      for (let i = 0; i < units.length; i++) for (let j = i + 1; j < units.length; j++) link(units[i], units[j]);
    }
  } else {
    // Units sharing an arc with at least one segment of non-zero length.
    const firstArcOfSegment = new Map<number | string, number>();
    const moreArcsOfSegment = new Map<number | string, number[]>();
    const bigKeys = nVertices >= 67108864; // keys a·count + b exceed 2^53 beyond 2^26 vertices
    const linkArcs = (a: number, b: number) => {
      for (let p = arcCount[a]; p < arcCount[a + 1]; p++) for (let q = arcCount[b]; q < arcCount[b + 1]; q++) link(arcUnits[p], arcUnits[q]);
    };
    for (let a = 0; a < nArcs; a++) {
      const vs = arcVertices[a];
      if (!vs) continue;
      let hasSegment = false;
      const linkedTo = new Set<number>();
      for (let p = 0; p + 1 < vs.length; p++) {
        const v = vs[p];
        const w = vs[p + 1];
        if (v === w) continue;
        hasSegment = true;
        const lo = v < w ? v : w;
        const hi = v < w ? w : v;
        const key = bigKeys ? `${lo} ${hi}` : lo * nVertices + hi;
        const first = firstArcOfSegment.get(key);
        if (first === undefined) {
          firstArcOfSegment.set(key, a);
          continue;
        }
        // The segment is already in other arcs (only in topologies whose shared lines were not merged).
        let others = moreArcsOfSegment.get(key);
        const candidates = others ? [first, ...others] : [first];
        for (const other of candidates) {
          if (other !== a && !linkedTo.has(other)) {
            linkedTo.add(other);
            linkArcs(a, other);
          }
        }
        if (!candidates.includes(a)) {
          if (!others) moreArcsOfSegment.set(key, (others = []));
          others.push(a);
        }
      }
      if (hasSegment) linkArcs(a, a);
    }
  }
  return sets.map((s) => Array.from(s).sort((x, y) => x - y));
}
