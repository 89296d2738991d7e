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
  it("scales longitude by cos(latitude) and keeps equal axis scaling", () => {
    const f = categoryMap(fc, { a: "HH" }, LISA_COLORS);
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
    expect(Math.min(...xs)).toBeGreaterThan(0); // Kaliningrad ≈ 20°E, Chukotka past 180°
  });
});
