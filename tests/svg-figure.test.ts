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

describe("static SVG fallback: large figures and log axes", () => {
  it("draws a figure of 300,000 points (Math.min(...array) would overflow the stack)", () => {
    const n = 300_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    const svg = figureSvg({ data: [{ type: "scatter", mode: "lines", x, y }] })!;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(count(svg, /<path /g)).toBe(1);
  });

  it("places points on a log axis by log10 and labels whole powers of ten", () => {
    const lin = figureSvg({ data: [{ type: "scatter", mode: "markers", x: [1, 10, 100, 1000], y: [1, 2, 3, 4] }] })!;
    const log = figureSvg({ data: [{ type: "scatter", mode: "markers", x: [1, 10, 100, 1000], y: [1, 2, 3, 4] }], layout: { xaxis: { type: "log" } } })!;
    const cx = (s: string) => Array.from(s.matchAll(/<circle cx="([\d.]+)"/g), (m) => Number(m[1]));
    const gaps = (v: number[]) => v.slice(1).map((c, i) => c - v[i]);
    const [a, b, c] = gaps(cx(log));
    expect(Math.abs(a - b)).toBeLessThan(0.2); // equal steps for equal ratios
    expect(Math.abs(b - c)).toBeLessThan(0.2);
    const [la, , lc] = gaps(cx(lin));
    expect(lc / la).toBeGreaterThan(50); // the linear axis is not
    for (const label of [">1<", ">10<", ">100<", ">1000<"]) expect(log).toContain(label);
    // a value ≤ 0 cannot be placed on a log axis: it leaves a gap
    const withZero = figureSvg({ data: [{ type: "scatter", mode: "markers", x: [0, 1, 10], y: [1, 2, 3] }], layout: { xaxis: { type: "log" } } })!;
    expect(count(withZero, /<circle /g)).toBe(2);
  });
});
