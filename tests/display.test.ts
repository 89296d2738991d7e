import { afterEach, describe, expect, it } from "vitest";
import { figureBundle, normalizeFigure, PLOTLY_MIME, showTable, tableHtml, takeDisplayed } from "../lib/display";

process.env.BALTIC_REPRO_QUIET = "1";
afterEach(() => void takeDisplayed());

describe("figures", () => {
  it("turns bare-string titles into { text } at every level (plotly.js 3 ignores bare strings)", () => {
    const f = normalizeFigure({ data: [{ type: "bar", marker: { colorbar: { title: "n" } } }], layout: { title: "Growth", xaxis: { title: "year" }, yaxis: { title: { text: "kept" } } } });
    expect(f.layout).toEqual({ title: { text: "Growth" }, xaxis: { title: { text: "year" } }, yaxis: { title: { text: "kept" } } });
    expect(f.data[0]).toEqual({ type: "bar", marker: { colorbar: { title: { text: "n" } } } });
  });
  it("keeps typed arrays and data untouched", () => {
    const y = Float64Array.of(1, 2);
    const f = normalizeFigure({ data: [{ y, name: "title" }] });
    expect(f.data[0].y).toBe(y);
  });
  it("bundles the Plotly JSON with an HTML, a static SVG and a text fallback, without inlining plotly.js outside a kernel", () => {
    const b = figureBundle({ data: [{ type: "scatter", x: [1], y: [2] }], layout: { title: "T" } }, "t");
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "image/svg+xml", "text/html", "text/plain"].sort());
    expect(String(b["text/html"]).length).toBeLessThan(5000);
    expect(b["text/plain"]).toBe('[Plotly figure] T: 1 trace(s) scatter');
  });
  it("puts the static picture inside the figure's HTML (for viewers without JavaScript) and never plotly.js or a CDN", () => {
    const b = figureBundle({ data: [{ type: "bar", x: ["a"], y: [2] }], layout: { title: "T" } }, "pic");
    const html = String(b["text/html"]);
    const svg = String(b["image/svg+xml"]);
    expect(html).toContain(`<img alt="T" style="max-width:100%" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.length).toBeLessThan(svg.length * 1.4 + 5000); // the picture, the figure's JSON and a small loader
    expect(html).toContain("nbextensions/baltic-repro/plotly.min.js");
  });
});

describe("tables", () => {
  it("escapes cells and captions", () => {
    const html = tableHtml([{ region: "<b>A&B</b>", value: 0.123456789 }], { caption: "x < y" });
    expect(html).toContain("&lt;b&gt;A&amp;B&lt;/b&gt;");
    expect(html).toContain("0.123457");
    expect(html).toContain("x &lt; y");
  });
  it("displays rows and Arquero-like tables as HTML with a text fallback", () => {
    showTable({ objects: () => [{ a: 1 }] });
    const [bundle] = takeDisplayed();
    expect(bundle["text/html"]).toContain("<td style=\"text-align:right\">1</td>");
    expect(bundle["text/plain"]).toBe("a\n-\n1");
  });
});
