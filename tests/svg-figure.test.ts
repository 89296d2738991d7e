import { describe, expect, it } from "vitest";
import { categoryMap } from "../lib/map";
import { figureSvg } from "../lib/svg-figure";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe("static SVG fallback of a figure", () => {
  it("draws bars on a categorical axis, with the title and axis titles", () => {
    const svg = figureSvg({ data: [{ type: "bar", name: "x", x: ["a", "b", "c"], y: [1.5, 2, -3] }], layout: { title: { text: "Bars & <more>" }, xaxis: { title: "item" } } })!;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(count(svg, /<rect x=/g)).toBeGreaterThanOrEqual(3 + 1);
    expect(svg).toContain("Bars &amp; &lt;more&gt;");
    expect(svg).toContain(">item<");
    expect(svg).toContain(">c<");
  });
  it("breaks a line at null and closes filled polygons", () => {
    const line = figureSvg({ data: [{ type: "scatter", mode: "lines", x: [0, 1, null, 2, 3], y: [0, 1, null, 1, 0] }] })!;
    expect(count(line, /M/g)).toBe(2);
    const poly = figureSvg({ data: [{ type: "scatter", fill: "toself", fillcolor: "#e31a1c", x: [0, 1, 1, 0, null, 2, 3, 3], y: [0, 0, 1, 1, null, 0, 0, 1] }] })!;
    expect(poly).toMatch(/d="M[^"]*ZM[^"]*Z"/);
    expect(poly).toContain('fill="#e31a1c"');
  });
  it("draws the offline maps of lib/map.ts", () => {
    const sq = (id: string, x: number) => ({ type: "Feature" as const, id, properties: {}, geometry: { type: "Polygon" as const, coordinates: [[[x, 50], [x + 1, 50], [x + 1, 51], [x, 51], [x, 50]] as [number, number][]] } });
    const map = categoryMap({ type: "FeatureCollection", features: [sq("a", 0), sq("b", 1)] }, { a: "HH", b: "LL" }, { HH: "#e31a1c", LL: "#1f78b4" });
    const svg = figureSvg(map)!;
    expect(count(svg, /<path /g)).toBe(2);
    expect(svg).toContain("HH (1)");
  });
  it("says which traces it cannot draw, and gives null when it can draw none", () => {
    expect(figureSvg({ data: [{ type: "scatter", y: [1, 2] }, { type: "heatmap", z: [[1]] }] })).toContain("1 trace(s) of other types are not drawn");
    expect(figureSvg({ data: [{ type: "heatmap", z: [[1]] }] })).toBeNull();
    expect(figureSvg({ data: [{ type: "scatter", x: [], y: [] }] })).toBeNull();
  });
});
