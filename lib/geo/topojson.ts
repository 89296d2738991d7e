/**
 * TopoJSON → GeoJSON features, for drawing maps (e.g. a Plotly choropleth: `geojson`, `locations`,
 * `featureidkey: "id"`). The conversion is the one `topojson-client`'s `feature()` performs
 * (https://github.com/topojson/topojson-specification): arcs are decoded (with a `transform`, positions are
 * quantized and delta-encoded: each position after the first is the difference from the previous one, and
 * the real coordinate is position·scale + translate), an arc index ~i (= −i − 1) means arc i reversed,
 * and the arcs of a ring are concatenated, dropping the first position of every arc after the first (it
 * repeats the last position of the previous arc). Geometries with the same id become one feature (a
 * MultiPolygon); null geometries give a feature with a null geometry. Validation of the topology is
 * `checkTopology` from `./topology`. No I/O.
 *
 * Degenerate rings: quantization can collapse a tiny island or lake to a ring of 2 or 3 positions, which
 * encloses no area and is not a valid GeoJSON ring (RFC 7946 §3.1.6 asks for at least 4). Such rings are left
 * out — a polygon whose outer ring is degenerate is left out whole — as GDAL's TopoJSON driver does; the
 * number left out is reported in `properties.degenerateRings` when it is not 0. (topojson-client keeps them.)
 */
import { checkTopology, type TopoGeometry, type Topology } from "./topology";
import { InputError } from "../numeric/validate";

export type Position = [number, number];

/** A GeoJSON Polygon or MultiPolygon geometry. */
export type PolygonGeometry = { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };

export interface GeoFeature {
  type: "Feature";
  id: string;
  properties: Record<string, unknown>;
  geometry: PolygonGeometry | null;
}

export interface GeoFeatureCollection {
  type: "FeatureCollection";
  features: GeoFeature[];
}

/** Options of {@link topojsonFeatures}. */
export interface FeatureOptions {
  /** Take the id from `properties[idProperty]` instead of `geometry.id`. */
  idProperty?: string;
}

/**
 * The geometries of a TopoJSON object as a GeoJSON FeatureCollection: one feature per id (polygons of
 * geometries sharing an id are merged into one MultiPolygon), `feature.id` = `properties.id` = the id as a
 * string, plus the geometry's own properties.
 *
 * @throws InputError for a malformed topology (see `checkTopology`), an arc index out of range, a geometry
 *   type other than Polygon, MultiPolygon, GeometryCollection or null, or a geometry without an id.
 * @example
 * topojsonFeatures({ type: "Topology", transform: { scale: [0.5, 0.5], translate: [10, 20] },
 *   arcs: [[[0, 0], [2, 0], [0, 2], [-2, -2]]],
 *   objects: { o: { type: "GeometryCollection", geometries: [{ type: "Polygon", id: "a", arcs: [[0]] }] } } }, "o")
 * // → { type: "FeatureCollection", features: [{ type: "Feature", id: "a", properties: { id: "a" },
 * //     geometry: { type: "Polygon", coordinates: [[[10, 20], [11, 20], [11, 21], [10, 20]]] } }] }
 */
export function topojsonFeatures(topology: unknown, objectName: string, options: FeatureOptions = {}): GeoFeatureCollection {
  const object = checkTopology(topology, objectName);
  const topo = topology as Topology;
  const decoded: Position[][] = topo.arcs.map((arc, k) => decodeArc(arc, k, topo.transform));
  const arcPositions = (index: unknown, where: string): Position[] => {
    if (typeof index !== "number" || !Number.isInteger(index)) throw new InputError(`${where} holds ${JSON.stringify(index)}, not an arc index`, { argument: "topology" });
    const k = index < 0 ? ~index : index;
    if (k >= decoded.length) throw new InputError(`${where} refers to arc ${index}, but the topology has ${decoded.length} arcs`, { argument: "topology" });
    const a = decoded[k];
    return index < 0 ? a.slice().reverse() : a;
  };
  const ring = (arcs: unknown, where: string): Position[] => {
    if (!Array.isArray(arcs)) throw new InputError(`${where} must be an array of arc indices`, { argument: "topology" });
    const out: Position[] = [];
    arcs.forEach((a, m) => {
      const pts = arcPositions(a, where);
      for (let p = m === 0 ? 0 : 1; p < pts.length; p++) out.push(pts[p]);
    });
    return out;
  };
  const degenerate = new Map<string, number>();
  /** The polygon's rings without degenerate ones; null when its outer ring is degenerate. */
  const polygon = (rings: unknown, where: string, id: string): Position[][] | null => {
    if (!Array.isArray(rings)) throw new InputError(`${where}.arcs must be an array of rings`, { argument: "topology" });
    const all = rings.map((r, k) => ring(r, `${where}.arcs[${k}]`));
    const kept = all.filter((r) => r.length >= 4);
    const dropped = all[0] && all[0].length < 4 ? all.length : all.length - kept.length;
    if (dropped) degenerate.set(id, (degenerate.get(id) ?? 0) + dropped);
    return all.length === 0 || all[0].length < 4 ? null : kept;
  };

  const order: string[] = [];
  const polys = new Map<string, Position[][][]>();
  const props = new Map<string, Record<string, unknown>>();
  const visit = (g: TopoGeometry | null, id: string, where: string): void => {
    if (g === null || typeof g !== "object" || g.type === null || g.type === undefined) return;
    const list = polys.get(id)!;
    const add = (p: Position[][] | null): void => {
      if (p) list.push(p);
    };
    if (g.type === "Polygon") add(polygon(g.arcs, where, id));
    else if (g.type === "MultiPolygon") {
      if (!Array.isArray(g.arcs)) throw new InputError(`${where}.arcs must be an array of polygons`, { argument: "topology" });
      (g.arcs as unknown[]).forEach((p, k) => add(polygon(p, `${where}.arcs[${k}]`, id)));
    } else if (g.type === "GeometryCollection") {
      (g.geometries ?? []).forEach((m, k) => visit(m, id, `${where}.geometries[${k}]`));
    } else {
      throw new InputError(`${where} is a ${g.type}; only polygons can be drawn as regions`, { argument: "topology" });
    }
  };
  const members = object.type === "GeometryCollection" ? object.geometries ?? [] : [object];
  members.forEach((g, k) => {
    const where = `topology.objects[${JSON.stringify(objectName)}]` + (object.type === "GeometryCollection" ? `.geometries[${k}]` : "");
    const raw = options.idProperty === undefined ? g?.id : (g?.properties as Record<string, unknown> | null | undefined)?.[options.idProperty];
    if (raw === undefined || raw === null || raw === "") throw new InputError(`${where} has no id${options.idProperty ? ` (properties[${JSON.stringify(options.idProperty)}])` : ""}`, { argument: "topology" });
    const id = String(raw);
    if (!polys.has(id)) {
      order.push(id);
      polys.set(id, []);
      props.set(id, { ...(g.properties ?? {}), id });
    }
    visit(g, id, where);
  });
  return {
    type: "FeatureCollection",
    features: order.map((id) => {
      const p = polys.get(id)!;
      const geometry: PolygonGeometry | null = p.length === 0 ? null : p.length === 1 ? { type: "Polygon", coordinates: p[0] } : { type: "MultiPolygon", coordinates: p };
      const properties = degenerate.has(id) ? { ...props.get(id)!, degenerateRings: degenerate.get(id)! } : props.get(id)!;
      return { type: "Feature", id, properties, geometry };
    }),
  };
}

function decodeArc(arc: unknown, k: number, transform: Topology["transform"]): Position[] {
  if (!Array.isArray(arc)) throw new InputError(`topology.arcs[${k}] must be an array of positions`, { argument: "topology" });
  let x = 0;
  let y = 0;
  return arc.map((p: unknown, m) => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== "number" || typeof p[1] !== "number" || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new InputError(`topology.arcs[${k}][${m}] is not a position [x, y]`, { argument: "topology" });
    }
    if (!transform) return [p[0], p[1]] as Position;
    x += p[0];
    y += p[1];
    return [x * transform.scale[0] + transform.translate[0], y * transform.scale[1] + transform.translate[1]] as Position;
  });
}
