/**
 * A static SVG picture of a simple Plotly figure: the fallback a notebook carries beside the interactive
 * figure, for viewers that run no JavaScript (GitHub's and nbviewer's notebook pages, a PDF export).
 *
 * Draws what the project's figures use: `scatter` traces (lines, markers, `fill: "toself"` polygons such as the
 * maps of lib/map.ts, `null` breaking a line) and vertical `bar` traces, on numeric or categorical x axes, with
 * the title, axis titles and a legend. Other trace types are left out and listed in a note on the picture; a
 * figure with nothing drawable gives null. No I/O, no DOM.
 */
import type { PlotlyFigure } from "./display";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const W = 720;
const H = 440;
const MARGIN = { l: 70, r: 20, t: 40, b: 50 };
/** Markers are drawn only for traces with at most this many points (the picture stays small). */
const MAX_MARKERS = 2000;

const esc = (s: unknown): string => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function titleText(t: unknown): string {
  if (typeof t === "string" || typeof t === "number") return String(t);
  if (t && typeof t === "object" && "text" in t) return String((t as { text: unknown }).text ?? "");
  return "";
}

type Trace = Record<string, any>;

function asArray(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return [];
}

/** Nice round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** Ticks of a log axis, in log10 units: the whole powers of ten in [lo, hi] (ordinary ticks when there are fewer than two). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(lo - 1e-9); k <= hi + 1e-9; k++) out.push(k);
  return out.length >= 2 ? out : ticks(lo, hi);
}

const fmt = (v: number): string => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(6)));

/**
 * The SVG of a figure, or null when none of its traces can be drawn statically.
 * @example figureSvg({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }] })?.startsWith("<svg") // → true
 */
export function figureSvg(figure: PlotlyFigure): string | null {
  const layout = (figure.layout ?? {}) as Record<string, any>;
  const traces = (figure.data as Trace[]).filter((t) => (t.type ?? "scatter") === "scatter" || t.type === "bar");
  const skipped = (figure.data as Trace[]).length - traces.length;
  if (!traces.length) return null;

  // x may be categorical (strings) on any trace: then all x are placed by category order.
  const categories: string[] = [];
  const isCategorical = traces.some((t) => asArray(t.x).some((v) => typeof v === "string"));
  const xOf = (v: unknown): number | null => {
    if (v === null || v === undefined) return null;
    if (isCategorical) {
      const key = String(v);
      let i = categories.indexOf(key);
      if (i < 0) i = categories.push(key) - 1;
      return i;
    }
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
  // Log axes (Plotly `type: "log"`): positions are log10 of the values; values ≤ 0 cannot be placed (a gap).
  const xLog = !isCategorical && layout.xaxis?.type === "log";
  const yLog = layout.yaxis?.type === "log";
  const onAxis = (v: number, log: boolean): number | null => (log ? (v > 0 ? Math.log10(v) : null) : v);
  const series = traces.map((t) => {
    const ys = asArray(t.y);
    const xs = t.x === undefined ? ys.map((_, i) => i) : asArray(t.x);
    const pts = ys.map((y, i) => {
      const xr = xOf(xs[i]);
      const x = xr === null ? null : onAxis(xr, xLog);
      const yr = y === null || y === undefined ? null : Number(y);
      const yv = yr === null || !Number.isFinite(yr) ? null : onAxis(yr, yLog);
      return x === null || yv === null ? null : ([x, yv] as [number, number]);
    });
    return { t, pts };
  });
  // The extent in one pass: spreading hundreds of thousands of points into Math.min(...) overflows the stack.
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { pts } of series) {
    for (const p of pts) {
      if (p === null) continue;
      if (p[0] < x0) x0 = p[0];
      if (p[0] > x1) x1 = p[0];
      if (p[1] < y0) y0 = p[1];
      if (p[1] > y1) y1 = p[1];
    }
  }
  if (x0 === Infinity) return null;
  const hasBar = traces.some((t) => t.type === "bar");
  if (hasBar) {
    if (!yLog) {
      y0 = Math.min(0, y0);
      y1 = Math.max(0, y1);
    }
    x0 -= 0.5;
    x1 += 0.5;
  }
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.04;
  y0 -= hasBar && y0 === 0 ? 0 : pad;
  y1 += pad;
  const equal = layout.yaxis?.scaleanchor === "x"; // maps: one unit the same length on both axes
  let pw = W - MARGIN.l - MARGIN.r;
  let ph = H - MARGIN.t - MARGIN.b;
  if (equal) {
    const s = Math.min(pw / (x1 - x0), ph / (y1 - y0));
    pw = s * (x1 - x0);
    ph = s * (y1 - y0);
  }
  const X = (x: number) => MARGIN.l + ((x - x0) / (x1 - x0)) * pw;
  const Y = (y: number) => MARGIN.t + ph - ((y - y0) / (y1 - y0)) * ph;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  const axesVisible = !equal && layout.xaxis?.visible !== false;
  if (axesVisible) {
    for (const v of yLog ? logTicks(y0, y1) : ticks(y0, y1)) out.push(`<line x1="${MARGIN.l}" x2="${MARGIN.l + pw}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="#e5e5e5"/><text x="${MARGIN.l - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end">${esc(fmt(yLog ? 10 ** v : v))}</text>`);
    const xt = isCategorical ? categories.map((_, i) => i).filter((i) => i % Math.ceil(categories.length / 12) === 0) : xLog ? logTicks(x0, x1) : ticks(x0, x1);
    for (const v of xt) out.push(`<text x="${X(v).toFixed(1)}" y="${MARGIN.t + ph + 16}" text-anchor="middle">${esc(isCategorical ? categories[v] : fmt(xLog ? 10 ** v : v))}</text>`);
    out.push(`<rect x="${MARGIN.l}" y="${MARGIN.t}" width="${pw.toFixed(1)}" height="${ph.toFixed(1)}" fill="none" stroke="#999"/>`);
    const xTitle = titleText(layout.xaxis?.title);
    const yTitle = titleText(layout.yaxis?.title);
    if (xTitle) out.push(`<text x="${MARGIN.l + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xTitle)}</text>`);
    if (yTitle) out.push(`<text transform="translate(14 ${MARGIN.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yTitle)}</text>`);
  }
  const barTraces = series.filter((s) => s.t.type === "bar");
  const barWidth = (0.8 / Math.max(1, barTraces.length)) * (pw / (x1 - x0));
  const legend: { name: string; colour: string }[] = [];
  series.forEach(({ t, pts }, k) => {
    const colour: string = t.marker?.color && typeof t.marker.color === "string" ? t.marker.color : t.line?.color ?? t.fillcolor ?? PALETTE[k % PALETTE.length];
    if (t.name !== undefined && t.showlegend !== false) legend.push({ name: String(t.name), colour: t.fillcolor ?? colour });
    if (t.type === "bar") {
      const b = barTraces.findIndex((s) => s.t === t);
      for (const p of pts) {
        if (!p) continue;
        const cx = X(p[0]) + (b - (barTraces.length - 1) / 2) * barWidth;
        const top = Math.min(Y(p[1]), Y(0));
        out.push(`<rect x="${(cx - barWidth / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.abs(Y(p[1]) - Y(0)).toFixed(1)}" fill="${esc(colour)}"/>`);
      }
      return;
    }
    const mode: string = t.mode ?? (pts.length > 20 ? "lines" : "lines+markers");
    // Runs of consecutive points, broken at nulls.
    const runs: [number, number][][] = [[]];
    for (const p of pts) {
      if (p) runs[runs.length - 1].push(p);
      else if (runs[runs.length - 1].length) runs.push([]);
    }
    const d = runs
      .filter((r) => r.length)
      .map((r) => `M${r.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join("L")}${t.fill === "toself" ? "Z" : ""}`)
      .join("");
    if (t.fill === "toself") {
      out.push(`<path d="${d}" fill="${esc(t.fillcolor ?? colour)}" fill-rule="evenodd" stroke="${esc(t.line?.color ?? "#666")}" stroke-width="${t.line?.width ?? 0.5}"/>`);
    } else if (mode.includes("lines")) {
      out.push(`<path d="${d}" fill="none" stroke="${esc(colour)}" stroke-width="${t.line?.width ?? 2}"${t.line?.dash && t.line.dash !== "solid" ? ' stroke-dasharray="5,4"' : ""}/>`);
    }
    if (mode.includes("markers") && pts.length <= MAX_MARKERS) {
      for (const p of pts) if (p) out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3" fill="${esc(colour)}"/>`);
    }
  });
  const title = titleText(layout.title);
  if (title) out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  legend.slice(0, 12).forEach((l, i) => {
    const y = MARGIN.t + 8 + 15 * i;
    out.push(`<rect x="${W - MARGIN.r - 150}" y="${y - 8}" width="10" height="10" fill="${esc(l.colour)}"/><text x="${W - MARGIN.r - 136}" y="${y + 1}">${esc(l.name.slice(0, 24))}</text>`);
  });
  if (skipped) out.push(`<text x="${MARGIN.l}" y="${H - 8}" fill="#a00">${skipped} trace(s) of other types are not drawn in this static picture</text>`);
  out.push("</svg>");
  return out.join("\n");
}
