/**
 * Choropleth maps as plain Plotly figures that render offline.
 *
 * Plotly's own `choropleth` trace fetches a world outline from cdn.plot.ly before drawing, even when the trace
 * brings its own GeoJSON (plotly.js issue #6767), so it fails in an offline report or a locked-down notebook.
 * These maps draw each unit's polygons as filled `scatter` paths on ordinary axes instead: one trace per class
 * (a LISA cluster, or a value class), rings separated by `null`, equal scaling on both axes. No network.
 */
import type { PlotlyFigure } from "./display";
import type { GeoFeature, GeoFeatureCollection, Position } from "../geo/topojson";
import { InputError } from "../numeric/validate";

export interface MapOptions {
  title?: string;
  /**
   * "conic" (default): longitude/latitude drawn in the Albers conic equal-area projection (d3-geo's
   * `geoConicEqualArea`, Snyder 1987 §14, on the sphere) with standard parallels at 1/6 and 5/6 of the map's
   * latitude range and the central meridian at the middle of its longitudes, so that northern Russia is neither
   * stretched nor shrunk; longitudes east of 180° kept continuous (Chukotka does not jump to −180°).
   * "lonlat": x scaled by cos(mean latitude) only (fine for a small area; about twice too wide at 75° N on a map
   * of Russia). "planar": coordinates used as they are (e.g. vega's us-10m.json, already projected); `flipY` for
   * screen coordinates growing downward.
   */
  coordinates?: "conic" | "lonlat" | "planar";
  flipY?: boolean;
  /**
   * A projection of your own, given each position and its unit's id (e.g. an Albers USA layout with insets);
   * it replaces `coordinates`.
   */
  project?: (position: Position, id: string) => [number, number];
  /** Hover text of a unit (default "id: class"), shown at the centre of its largest ring. */
  hover?: (id: string, cls: string) => string;
  /** Classes drawn hatched rather than plain (e.g. "no data"). */
  hatch?: readonly string[];
  subtitle?: string;
  /** Line colour and width of unit borders. */
  line?: { color?: string; width?: number };
  height?: number;
}

/** GeoDa's LISA cluster colours. */
export const LISA_COLORS: Record<string, string> = {
  HH: "#e31a1c",
  LL: "#1f78b4",
  LH: "#a6cee3",
  HL: "#fb9a99",
  ns: "#eeeeee",
  island: "#999999",
};

function rings(f: GeoFeature): Position[][] {
  if (!f.geometry) return [];
  return f.geometry.type === "Polygon" ? f.geometry.coordinates : f.geometry.coordinates.flat();
}

function projector(collection: GeoFeatureCollection, options: MapOptions): (p: Position, id: string) => [number, number] {
  if (options.project) return options.project;
  const coordinates = options.coordinates ?? "conic";
  if (coordinates !== "conic" && coordinates !== "lonlat" && coordinates !== "planar") {
    throw new InputError(`coordinates must be "conic", "lonlat" or "planar", got ${JSON.stringify(coordinates)}`, { argument: "coordinates" });
  }
  if (coordinates === "planar") return options.flipY ? ([x, y]) => [x, -y] : ([x, y]) => [x, y];
  let latSum = 0;
  let count = 0;
  let wraps = false;
  for (const f of collection.features) {
    for (const ring of rings(f)) {
      for (const [lon, lat] of ring) {
        latSum += lat;
        count++;
        if (lon > 170) wraps = true;
      }
    }
  }
  // When the map reaches the antimeridian from the east (Russia), move the far-west longitudes past 180°.
  const unwrap = (lon: number) => (wraps && lon < -100 ? lon + 360 : lon);
  if (coordinates === "lonlat") {
    const k = Math.cos(((count ? latSum / count : 0) * Math.PI) / 180);
    return ([lon, lat]) => [unwrap(lon) * k, lat];
  }
  let [lonMin, lonMax, latMin, latMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const f of collection.features) {
    for (const ring of rings(f)) {
      for (const [lon, lat] of ring) {
        const l = unwrap(lon);
        if (l < lonMin) lonMin = l;
        if (l > lonMax) lonMax = l;
        if (lat < latMin) latMin = lat;
        if (lat > latMax) latMax = lat;
      }
    }
  }
  if (!(latMax >= latMin)) return ([lon, lat]) => [unwrap(lon), lat];
  const rad = Math.PI / 180;
  const lon0 = (lonMin + lonMax) / 2;
  const phi1 = (latMin + (latMax - latMin) / 6) * rad;
  const phi2 = (latMax - (latMax - latMin) / 6) * rad;
  const n = (Math.sin(phi1) + Math.sin(phi2)) / 2;
  if (Math.abs(n) < 1e-6) {
    // standard parallels symmetric about the equator: the cone is a cylinder (cylindrical equal-area)
    const c = Math.cos(phi1);
    return ([lon, lat]) => [((unwrap(lon) - lon0) * rad * c) / rad, Math.sin(lat * rad) / c / rad];
  }
  const C = Math.cos(phi1) * Math.cos(phi1) + 2 * n * Math.sin(phi1);
  const rho0 = Math.sqrt(C - 2 * n * Math.sin(((latMin + latMax) / 2) * rad)) / n;
  // in degrees of arc, so that the numbers on hover and in tests stay readable
  return ([lon, lat]) => {
    const rho = Math.sqrt(Math.max(0, C - 2 * n * Math.sin(lat * rad))) / n;
    const theta = n * (unwrap(lon) - lon0) * rad;
    return [(rho * Math.sin(theta)) / rad, (rho0 - rho * Math.cos(theta)) / rad];
  };
}

/**
 * A map with one colour per class: `classOf` gives each unit's class (e.g. its LISA cluster); units without a
 * class are drawn in grey as "no data". Classes appear in the legend in the order of `colors`.
 *
 * @throws InputError naming ids of `classOf` that are not in the map.
 * @example categoryMap(features, { a: "HH", b: "ns" }, LISA_COLORS, { title: "LISA clusters" }).data.length // → 3 (two classes and the hover points)
 */
export function categoryMap(
  collection: GeoFeatureCollection,
  classOf: Readonly<Record<string, string>>,
  colors: Readonly<Record<string, string>>,
  options: MapOptions = {},
): PlotlyFigure {
  const known = new Set(collection.features.map((f) => f.id));
  const absent = Object.keys(classOf).filter((id) => !known.has(id));
  if (absent.length) {
    throw new InputError(`${absent.length} id(s) are not in the map: ${absent.slice(0, 10).map((s) => JSON.stringify(s)).join(", ")}${absent.length > 10 ? ", …" : ""}`, { argument: "classOf" });
  }
  const project = projector(collection, options);
  const order = [...Object.keys(colors), ...new Set(Object.values(classOf).filter((c) => !(c in colors)))];
  const byClass = new Map<string, { x: (number | null)[]; y: (number | null)[]; units: number }>();
  // One invisible point per unit, at the centre of its largest ring, carries the hover text (text on every
  // vertex would repeat it thousands of times).
  const label = { x: [] as number[], y: [] as number[], text: [] as string[] };
  for (const f of collection.features) {
    const cls = classOf[f.id] ?? "no data";
    let trace = byClass.get(cls);
    if (!trace) byClass.set(cls, (trace = { x: [], y: [], units: 0 }));
    trace.units++;
    let largest: [number, number][] = [];
    for (const ring of rings(f)) {
      const points: [number, number][] = [];
      for (const p of ring) {
        const q = project(p, f.id);
        const last = points[points.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) points.push(q);
      }
      for (const [x, y] of points) {
        trace.x.push(x);
        trace.y.push(y);
      }
      trace.x.push(null);
      trace.y.push(null);
      if (points.length > largest.length) largest = points;
    }
    if (largest.length) {
      label.x.push(+(largest.reduce((s, p) => s + p[0], 0) / largest.length).toPrecision(7));
      label.y.push(+(largest.reduce((s, p) => s + p[1], 0) / largest.length).toPrecision(7));
      label.text.push(options.hover ? options.hover(f.id, cls) : `${f.id}: ${cls}`);
    }
  }
  const classes = [...order.filter((c) => byClass.has(c)), ...(byClass.has("no data") && !order.includes("no data") ? ["no data"] : [])];
  const hatched = new Set(options.hatch ?? []);
  const data: Record<string, unknown>[] = classes.map((cls) => {
    const t = byClass.get(cls)!;
    const fillcolor = colors[cls] ?? "#ffffff";
    return {
      type: "scatter",
      mode: "lines",
      name: `${cls} (${t.units})`,
      x: t.x,
      y: t.y,
      hoverinfo: "skip",
      fill: "toself",
      fillcolor,
      ...(hatched.has(cls) ? { fillpattern: { shape: "x", fgcolor: "#9e9e9e", bgcolor: fillcolor, size: 4 } } : {}),
      line: { color: options.line?.color ?? "#666666", width: options.line?.width ?? 0.4 },
    };
  });
  data.push({ type: "scatter", mode: "markers", x: label.x, y: label.y, text: label.text, hoverinfo: "text", marker: { size: 4, color: "rgba(0,0,0,0)" }, showlegend: false });
  const title = options.title ? { title: { text: options.title, ...(options.subtitle ? { subtitle: { text: options.subtitle } } : {}) } } : {};
  return {
    data,
    layout: {
      ...title,
      xaxis: { visible: false },
      yaxis: { visible: false, scaleanchor: "x", scaleratio: 1 },
      height: options.height ?? 520,
      legend: { orientation: "h" },
      margin: { l: 10, r: 10, t: options.title ? (options.subtitle ? 70 : 50) : 10, b: 10 },
      plot_bgcolor: "white",
      hovermode: "closest",
    },
  };
}

/**
 * A map of a numeric variable in `k` classes of equal counts (quantiles), with a sequential palette; the legend
 * gives each class's range. Units without a value are "no data".
 *
 * @example quantileMap(features, { a: 1, b: 2, c: 3 }, { k: 3 }).data.length // → 4 (three classes and the hover points)
 */
export function quantileMap(
  collection: GeoFeatureCollection,
  valueOf: Readonly<Record<string, number>>,
  options: MapOptions & { k?: number; palette?: readonly string[]; format?: (v: number) => string } = {},
): PlotlyFigure {
  const palette = options.palette ?? ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  const k = Math.max(1, Math.min(options.k ?? palette.length, palette.length));
  const entries = Object.entries(valueOf)
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => a[1] - b[1]);
  const n = entries.length;
  const fmt = options.format ?? ((v: number) => String(+v.toPrecision(3)));
  // Class by rank (equal counts); tied values all take the class of the first of them.
  const classIndex: number[] = [];
  entries.forEach(([, v], r) => (classIndex[r] = r > 0 && v === entries[r - 1][1] ? classIndex[r - 1] : Math.floor((r * k) / n)));
  const lo: number[] = [];
  const hi: number[] = [];
  entries.forEach(([, v], r) => {
    const c = classIndex[r];
    if (lo[c] === undefined) lo[c] = v;
    hi[c] = v;
  });
  const labelOf = (c: number) => `${fmt(lo[c])}–${fmt(hi[c])}`;
  const classOf: Record<string, string> = {};
  entries.forEach(([id], r) => (classOf[id] = labelOf(classIndex[r])));
  const colors: Record<string, string> = {};
  for (let c = 0; c < k; c++) if (lo[c] !== undefined) colors[labelOf(c)] = palette[Math.round((c * (palette.length - 1)) / Math.max(1, k - 1))];
  return categoryMap(collection, classOf, colors, options);
}
