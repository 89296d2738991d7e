/**
 * Choropleth maps as plain Plotly figures that render offline.
 *
 * Plotly's own `choropleth` trace fetches a world outline from cdn.plot.ly before drawing, even when the trace
 * brings its own GeoJSON (plotly.js issue #6767), so it fails in an offline report or a locked-down notebook.
 * These maps draw each unit's polygons as filled `scatter` paths on ordinary axes instead: one trace per class
 * (a LISA cluster, or a value class), rings separated by `null`, equal scaling on both axes. No network.
 */
import type { PlotlyFigure } from "./display";
import type { GeoFeature, GeoFeatureCollection, Position } from "./topojson";
import { InputError } from "./validate";

export interface MapOptions {
  title?: string;
  /**
   * "lonlat" (default): longitude/latitude, x scaled by cos(mean latitude) so that shapes are not stretched,
   * and longitudes east of 180° kept continuous (Chukotka does not jump to −180°). "planar": coordinates used
   * as they are (e.g. vega's us-10m.json, already projected); `flipY` for screen coordinates growing downward.
   */
  coordinates?: "lonlat" | "planar";
  flipY?: boolean;
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

function projector(collection: GeoFeatureCollection, options: MapOptions): (p: Position) => [number, number] {
  if ((options.coordinates ?? "lonlat") === "planar") return options.flipY ? ([x, y]) => [x, -y] : ([x, y]) => [x, y];
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
  const k = Math.cos(((count ? latSum / count : 0) * Math.PI) / 180);
  // When the map reaches the antimeridian from the east (Russia), move the far-west longitudes past 180°.
  return ([lon, lat]) => [(wraps && lon < -100 ? lon + 360 : lon) * k, lat];
}

/**
 * A map with one colour per class: `classOf` gives each unit's class (e.g. its LISA cluster); units without a
 * class are drawn in grey as "no data". Classes appear in the legend in the order of `colors`.
 *
 * @throws InputError naming ids of `classOf` that are not in the map.
 * @example categoryMap(features, { a: "HH", b: "ns" }, LISA_COLORS, { title: "LISA clusters" }).data.length // → 2
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
  const byClass = new Map<string, { x: (number | null)[]; y: (number | null)[]; text: (string | null)[]; units: number }>();
  for (const f of collection.features) {
    const cls = classOf[f.id] ?? "no data";
    let trace = byClass.get(cls);
    if (!trace) byClass.set(cls, (trace = { x: [], y: [], text: [], units: 0 }));
    trace.units++;
    for (const ring of rings(f)) {
      for (const p of ring) {
        const [x, y] = project(p);
        trace.x.push(x);
        trace.y.push(y);
        trace.text.push(`${f.id}: ${cls}`);
      }
      trace.x.push(null);
      trace.y.push(null);
      trace.text.push(null);
    }
  }
  const classes = [...order.filter((c) => byClass.has(c)), ...(byClass.has("no data") ? ["no data"] : [])];
  const data = classes.map((cls) => {
    const t = byClass.get(cls)!;
    return {
      type: "scatter",
      mode: "lines",
      name: `${cls} (${t.units})`,
      x: t.x,
      y: t.y,
      text: t.text,
      hoverinfo: "text",
      fill: "toself",
      fillcolor: colors[cls] ?? "#ffffff",
      line: { color: options.line?.color ?? "#666666", width: options.line?.width ?? 0.4 },
    };
  });
  return {
    data,
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { visible: false },
      yaxis: { visible: false, scaleanchor: "x", scaleratio: 1 },
      height: options.height ?? 520,
      legend: { orientation: "h" },
      margin: { l: 10, r: 10, t: options.title ? 50 : 10, b: 10 },
      plot_bgcolor: "white",
    },
  };
}

/**
 * A map of a numeric variable in `k` classes of equal counts (quantiles), with a sequential palette; the legend
 * gives each class's range. Units without a value are "no data".
 *
 * @example quantileMap(features, { a: 1, b: 2, c: 3 }, { k: 3 }).data.length // → 3
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
