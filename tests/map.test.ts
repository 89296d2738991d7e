import { existsSync, readFileSync } from "node:fs";
import { externalDataDir } from "../lib/notebook";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { categoryMap, LISA_COLORS, quantileMap } from "../lib/map";
import type { PlotlyFigure } from "../lib/display";

/** The filled class traces (the last trace holds the hover points). */
const classTraces = (f: PlotlyFigure) => f.data.filter((t) => t.fill === "toself");
import { topojsonFeatures } from "../lib/topojson";

const square = (id: string, x: number, y: number) => ({
  type: "Feature" as const,
  id,
  properties: {},
  geometry: { type: "Polygon" as const, coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]] as [number, number][]] },
});
const fc = { type: "FeatureCollection" as const, features: [square("a", 0, 50), square("b", 1, 50), square("c", 2, 50)] };

describe("offline choropleth maps", () => {
  it("draws one filled trace per class, rings separated by null, in legend order", () => {
    const f = categoryMap(fc, { a: "HH", b: "ns", c: "HH" }, LISA_COLORS, { title: "clusters" });
    expect(classTraces(f).map((t) => t.name)).toEqual(["HH (2)", "ns (1)"]);
    const hh = f.data[0] as { x: (number | null)[]; fill: string; fillcolor: string };
    expect(hh.x.filter((v) => v === null).length).toBe(2);
    expect(hh.fill).toBe("toself");
    expect(hh.fillcolor).toBe(LISA_COLORS.HH);
    expect(JSON.stringify(f)).not.toMatch(/choropleth|geo"|mapbox/);
  });
  it("with coordinates 'lonlat', scales longitude by cos(latitude) and keeps equal axis scaling", () => {
    const f = categoryMap(fc, { a: "HH" }, LISA_COLORS, { coordinates: "lonlat" });
    const x = (f.data[0] as { x: number[] }).x;
    expect(x[1] - x[0]).toBeCloseTo(Math.cos((50.4 * Math.PI) / 180), 9) // mean latitude of the ring's five vertices;
    expect(f.layout!.yaxis).toMatchObject({ scaleanchor: "x" });
    expect(classTraces(f).map((t) => t.name)).toEqual(["HH (1)", "no data (2)"]);
  });
  it("takes a projection of one's own, hover text at each unit's centre, and hatched classes", () => {
    const f = categoryMap(fc, { a: "HH", b: "no data" }, { HH: "#e31a1c", "no data": "#ffffff" }, {
      project: ([x, y], id) => [id === "a" ? x + 100 : x, -y],
      hover: (id, cls) => `county ${id} is ${cls}`,
      hatch: ["no data"],
      subtitle: "sub",
      title: "t",
    });
    const hh = f.data[0] as { x: (number | null)[]; y: (number | null)[] };
    expect(hh.x[0]).toBe(100);
    expect(hh.y[0]).toBe(-50);
    expect(f.data[1]).toMatchObject({ fillpattern: { shape: "x" } });
    const hover = f.data[f.data.length - 1] as { text: string[]; x: number[]; hoverinfo: string };
    expect(hover.hoverinfo).toBe("text");
    expect(hover.text).toEqual(["county a is HH", "county b is no data", "county c is no data"]);
    expect(hover.x[0]).toBeCloseTo(100.4, 9); // mean of the ring's five positions, the closing one included
    expect(f.layout!.title).toEqual({ text: "t", subtitle: { text: "sub" } });
  });

  it("names ids that are not in the map", () => {
    expect(() => categoryMap(fc, { zz: "HH" }, LISA_COLORS)).toThrow(/1 id\(s\) are not in the map: "zz"/);
  });
  it("classes values by quantiles", () => {
    const f = quantileMap(fc, { a: 1, b: 2, c: 3 }, { k: 3 });
    expect(classTraces(f).map((t) => t.name)).toEqual(["1–1 (1)", "2–2 (1)", "3–3 (1)"]);
    const g = quantileMap(fc, { a: 5, b: 5, c: 9 }, { k: 2 });
    expect(classTraces(g).map((t) => t.name)).toEqual(["5–5 (2)", "9–9 (1)"]);
  });
  const russiaMap = join(externalDataDir("russia"), "regions-topo.json");
  it.skipIf(!existsSync(russiaMap))("keeps Russia continuous across the antimeridian (shared data; skipped when absent)", () => {
    const topo = JSON.parse(readFileSync(russiaMap, "utf8"));
    const f = categoryMap(topojsonFeatures(topo, "geo"), {}, {});
    const xs = (f.data[0] as { x: (number | null)[] }).x.filter((v): v is number => v !== null);
    expect(xs.length).toBeGreaterThan(0);
    // Chukotka's parts on both sides of 180° are drawn together at the east end, Kaliningrad at the west end
    const chukotka = topojsonFeatures(topo, "geo").features.filter((g) => JSON.stringify(g.geometry?.coordinates ?? []).includes("-17"));
    const east = categoryMap({ type: "FeatureCollection", features: topojsonFeatures(topo, "geo").features }, Object.fromEntries(chukotka.map((g) => [g.id, "E"])), { E: "#000" });
    const ex = (east.data[0] as { x: (number | null)[] }).x.filter((v): v is number => v !== null);
    expect(chukotka.length).toBeGreaterThan(0);
    expect(Math.min(...ex)).toBeGreaterThan(0);
  });

  it("draws longitude/latitude in the Albers conic equal-area projection by default: areas in proportion, the north not stretched", () => {
    const cell = (id: string, lon: number, lat: number) => ({
      type: "Feature" as const,
      id,
      properties: {},
      geometry: { type: "Polygon" as const, coordinates: [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]] as [number, number][]] },
    });
    // a map of Russia's extent: Kaliningrad to Chukotka, 42° to 78° N
    const world = { type: "FeatureCollection" as const, features: [cell("sw", 20, 42), cell("ne", 189, 77), cell("a", 100, 50), cell("b", 100, 70)] };
    const f = categoryMap(world, { a: "A", b: "B" }, { A: "#000", B: "#111" });
    const ring = (k: number) => {
      const t = f.data[k] as { x: (number | null)[]; y: (number | null)[] };
      return t.x.map((x, i) => [x, t.y[i]]).filter((p): p is [number, number] => p[0] !== null && p[1] !== null);
    };
    const area = (r: [number, number][]) => Math.abs(r.reduce((acc, p, i) => (i ? acc + (r[i - 1][0] * p[1] - p[0] * r[i - 1][1]) : 0), 0)) / 2;
    const trueRatio = (Math.sin((71 * Math.PI) / 180) - Math.sin((70 * Math.PI) / 180)) / (Math.sin((51 * Math.PI) / 180) - Math.sin((50 * Math.PI) / 180));
    expect(Math.abs(area(ring(1)) / area(ring(0)) / trueRatio - 1)).toBeLessThan(1e-3);
    // a 1° cell at 70° N: east–west over north–south close to cos 70.5° (the cos(mean latitude) scaling gave cos 59.5°)
    const b = ring(1);
    const width = Math.hypot(b[1][0] - b[0][0], b[1][1] - b[0][1]);
    const height = Math.hypot(b[3][0] - b[0][0], b[3][1] - b[0][1]);
    expect(Math.abs(width / height / Math.cos((70.5 * Math.PI) / 180) - 1)).toBeLessThan(0.15);
  });
});
