/**
 * Rich output for notebooks: MIME bundles (several representations of one output, the frontend picks the
 * richest it can render), HTML tables and Plotly figures.
 *
 * Inside the project's tslab kernel a bundle goes to Jupyter as one `display_data` message. tslab's public
 * `display` sends one MIME type per message, which cannot carry a Plotly figure together with its fallbacks,
 * so this module hands the bundle to the same writer tslab's `display` uses. Outside a kernel (vitest, tsx
 * scripts) bundles are kept in memory (see `takeDisplayed`) and their text/plain form is printed.
 */
import { createRequire } from "node:module";
import { figureSvg } from "./svg-figure";

export type MimeBundle = Record<string, unknown>;

/** The MIME type that carries machine-readable results from a notebook to the headless runner. */
export const RESULT_MIME = "application/vnd.baltic-repro.v1+json";
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

type Writer = (content: { data: MimeBundle; metadata: Record<string, unknown>; transient?: Record<string, unknown> }, update: boolean) => void;

let kernelWriter: (() => Writer | null) | undefined;
const memory: MimeBundle[] = [];

function tslabWriter(): Writer | null {
  if (kernelWriter === undefined) {
    kernelWriter = () => null;
    if (process.env.BALTIC_REPRO_KERNEL === "tslab") {
      try {
        const req = createRequire(import.meta.url);
        const jupyter = req("tslab/dist/jupyter.js") as { lastWriteDisplayData: Writer | null };
        kernelWriter = () => jupyter.lastWriteDisplayData;
      } catch {
        kernelWriter = () => null;
      }
    }
  }
  return kernelWriter();
}

/** True when running inside the project's tslab kernel. */
export function inKernel(): boolean {
  return tslabWriter() !== null;
}

/** The cell being run, as the project's kernel (scripts/kernel/server.cjs) tells it. */
export interface CellRun {
  /** The client's id of the cell (JupyterLab, Notebook 7, VS Code and the runner send one), or null. */
  readonly cellId: string | null;
  /** A number that grows with every execute request of the kernel session. */
  readonly run: number;
}

/** The cell being run, or null outside the project's kernel. */
export function currentCell(): CellRun | null {
  if (!inKernel()) return null;
  const req = createRequire(import.meta.url);
  return (req("tslab/dist/jupyter.js") as { currentCell?: CellRun | null }).currentCell ?? null;
}

/** Display a MIME bundle. `text/plain` should always be present as the last-resort representation. */
export function displayBundle(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
  const write = tslabWriter();
  if (write) {
    write({ data, metadata }, false);
    return;
  }
  memory.push(data);
  if (process.env.BALTIC_REPRO_QUIET !== "1" && typeof data["text/plain"] === "string") {
    console.log(data["text/plain"]);
  }
}

/** Bundles displayed outside a kernel since the last call (for tests and scripts); empties the buffer. */
export function takeDisplayed(): MimeBundle[] {
  return memory.splice(0, memory.length);
}

export const escapeHtml = (s: unknown): string =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Display HTML (with a plain-text fallback). */
export function html(markup: string, plain = markup.replace(/<[^>]+>/g, "")): void {
  displayBundle({ "text/html": markup, "text/plain": plain });
}

/** Display Markdown. */
export function markdown(text: string): void {
  displayBundle({ "text/markdown": text, "text/plain": text });
}

export interface TableOptions {
  /** Column order and selection; default: keys of the first row. */
  columns?: readonly string[];
  /** A caption above the table. */
  caption?: string;
  /** Per-cell CSS class (e.g. a status colour), given the row and column. */
  cellClass?: (row: Record<string, unknown>, column: string) => string | undefined;
  /** Show at most this many rows (default: all). */
  limit?: number;
}

const formatCell = (v: unknown): string => {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-4 && Math.abs(v) < 1e7 ? String(+v.toPrecision(6)) : v.toExponential(4);
  if (v === null || v === undefined) return "";
  return String(v);
};

/** Render rows (plain objects) as an HTML table string. */
export function tableHtml(rows: readonly Record<string, unknown>[], options: TableOptions = {}): string {
  const columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const shown = options.limit !== undefined ? rows.slice(0, options.limit) : rows;
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = shown
    .map((r) => {
      const cells = columns.map((c) => {
        const cls = options.cellClass?.(r, c);
        const v = r[c];
        const align = typeof v === "number" ? ' style="text-align:right"' : "";
        return `<td${cls ? ` class="${escapeHtml(cls)}"` : ""}${align}>${escapeHtml(formatCell(v))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const more = shown.length < rows.length ? `<p>… ${rows.length - shown.length} more rows</p>` : "";
  const caption = options.caption ? `<caption style="caption-side:top;text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>` : "";
  return `<table class="baltic-repro">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${more}`;
}

/** Render rows as fixed-width text. */
export function tableText(rows: readonly Record<string, unknown>[], options: TableOptions = {}): string {
  const columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const shown = options.limit !== undefined ? rows.slice(0, options.limit) : rows;
  const cells = [columns.map(String), ...shown.map((r) => columns.map((c) => formatCell(r[c])))];
  const widths = columns.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const lines = cells.map((r) => r.map((t, j) => t.padEnd(widths[j])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  if (options.caption) lines.unshift(options.caption);
  if (shown.length < rows.length) lines.push(`… ${rows.length - shown.length} more rows`);
  return lines.join("\n");
}

/** Anything `showTable` can display: rows as objects, or an Arquero-like table with `objects()`. */
export type Tabular = readonly Record<string, unknown>[] | { objects(): object[] };

/** Display a table (HTML in Jupyter, text elsewhere). Accepts rows or an Arquero table. */
export function showTable(table: Tabular, options: TableOptions = {}): void {
  const rows = (Array.isArray(table) ? table : (table as { objects(): object[] }).objects()) as Record<string, unknown>[];
  displayBundle({ "text/html": tableHtml(rows, options), "text/plain": tableText(rows, options) });
}

// ---------------------------------------------------------------------------------------------------------
// Plotly

/** A Plotly figure: traces and layout, as plain JSON. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * The figure with every `title` given as a bare string or number turned into `{ text }`: plotly.js 3 ignores
 * bare-string titles (plotly.js 2 accepted them), and figures are written both ways. Returns a new object.
 */
export function normalizeFigure(figure: PlotlyFigure): PlotlyFigure {
  const fix = (o: unknown, depth: number): unknown => {
    if (Array.isArray(o)) return depth > 6 ? o : o.map((v) => (v && typeof v === "object" ? fix(v, depth + 1) : v));
    if (!o || typeof o !== "object" || depth > 6 || ArrayBuffer.isView(o)) return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === "title" && (typeof v === "string" || typeof v === "number")) out[k] = { text: String(v) };
      else out[k] = v && typeof v === "object" ? fix(v, depth + 1) : v;
    }
    return out;
  };
  return { ...figure, data: figure.data.map((t) => fix(t, 1) as Record<string, unknown>), ...(figure.layout ? { layout: fix(figure.layout, 1) as Record<string, unknown> } : {}) };
}

let figureCounter = 0;

/**
 * Where a page finds plotly.js, relative to the Jupyter server's base URL: files the server itself serves,
 * written by `npm run kernel:install` beside the kernelspec (never a CDN). The classic Notebook serves
 * `nbextensions/`, JupyterLab (and Notebook 7) `lab/extensions/` from the same Jupyter data folders.
 */
export const PLOTLY_SERVED_PATHS: readonly string[] = ["nbextensions/baltic-repro/plotly.min.js", "lab/extensions/baltic-repro/static/plotly.min.js"];

/**
 * The script that loads plotly.js once per page and draws a figure into its element. Tried in order:
 * a Plotly already on the page; the server's copies (PLOTLY_SERVED_PATHS, at the base URL that the classic
 * Notebook puts in `data-base-url` and JupyterLab in `jupyter-config-data`); a `plotly.min.js` beside the
 * notebook (reports/ has one); beside a page opened from disk. One promise on `window` is shared by every
 * figure of the page. The classic Notebook's require.js `define` is hidden while the bundle runs, or
 * Plotly's UMD bundle would register as an AMD module instead of setting window.Plotly. When nothing loads,
 * the static picture stays, with a line saying why.
 */
const FIGURE_LOADER =
  "function(id,f){" +
  "function base(){var b=document.body&&document.body.getAttribute('data-base-url');if(b)return b;" +
  "var c=document.getElementById('jupyter-config-data');if(c){try{return JSON.parse(c.textContent).baseUrl||'/';}catch(e){}}return null;}" +
  "function urls(){var b=base(),u=[];if(b!==null){b=b.replace(/\\/?$/,'/');" +
  PLOTLY_SERVED_PATHS.map((p) => `u.push(b+${JSON.stringify(p)});`).join("") +
  "var m=/\\/(?:notebooks|tree|lab\\/tree|lab\\/workspaces\\/[^\\/]+\\/tree|doc\\/tree)\\/(.*)\\/[^\\/]*$/.exec(location.pathname);if(m)u.push(b+'files/'+m[1]+'/plotly.min.js');}" +
  "else{u.push('plotly.min.js');}return u;}" +
  "function load(){if(window.Plotly)return Promise.resolve(window.Plotly);if(!window.__balticReproPlotly){window.__balticReproPlotly=new Promise(function(ok,fail){var list=urls();" +
  "(function next(i){if(window.Plotly)return ok(window.Plotly);if(i>=list.length)return fail(new Error('plotly.js not found'));" +
  "var s=document.createElement('script'),d=window.define;window.define=undefined;s.src=list[i];" +
  "s.onload=function(){window.define=d;next(i+1);};s.onerror=function(){window.define=d;s.parentNode&&s.parentNode.removeChild(s);next(i+1);};" +
  "document.head.appendChild(s);})(0);});}return window.__balticReproPlotly;}" +
  "function el(){return document.getElementById(id);}" +
  "load().then(function(P){var e=el();if(!e)return;e.innerHTML='';e.style.minHeight='420px';" +
  "P.newPlot(e,f.data,f.layout||{},Object.assign({responsive:true,displaylogo:false},f.config||{}));}," +
  "function(){var e=el();if(e&&!e.getAttribute('data-note')){e.setAttribute('data-note','1');" +
  "e.insertAdjacentHTML('beforeend','<p style=\"font-size:smaller;color:#666\">A static picture: plotly.js is not served to this page (run npm run kernel:install) — the interactive figure needs it.</p>');}});}";

/**
 * The HTML representation of a figure: an element holding the static picture (an SVG image, so that viewers
 * that run no JavaScript — GitHub, nbviewer, an untrusted notebook, nbconvert's HTML opened from disk —
 * show the figure), and a script that replaces it with the interactive Plotly figure once plotly.js is
 * loaded (see FIGURE_LOADER). plotly.js itself is never copied into the notebook.
 */
export function figureHtml(figure: PlotlyFigure, options: { id?: string; svg?: string | null } = {}): string {
  const id = `br-fig-${options.id ?? ++figureCounter}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  const picture = options.svg
    ? `<img alt="${escapeHtml(figureTitle(figure))}" style="max-width:100%" src="data:image/svg+xml;base64,${Buffer.from(options.svg, "utf8").toString("base64")}">`
    : "";
  return (
    `<div id="${id}" class="baltic-repro-figure" style="width:100%">${picture}</div>` +
    `<script>(${FIGURE_LOADER})(${JSON.stringify(id)},${json});</script>`
  );
}

/** A figure's title, given as a string or as `{ text }`, or `fallback` when it has none. */
export function figureTitle(figure: PlotlyFigure, fallback = "figure"): string {
  const t = figure.layout?.title;
  return typeof t === "string" ? t : (t as { text?: string } | undefined)?.text ?? fallback;
}

/** A one-line text description of a figure, the last-resort fallback. */
export function figureText(figure: PlotlyFigure): string {
  const title = figureTitle(figure);
  const traces = figure.data.map((t) => `${t.type ?? "scatter"}${t.name ? ` "${t.name}"` : ""}`).join(", ");
  return `[Plotly figure] ${title}: ${figure.data.length} trace(s) ${traces}`;
}

/**
 * The MIME bundle of a Plotly figure: `application/vnd.plotly.v1+json` (JupyterLab's Plotly renderer), an
 * HTML representation that shows the static picture and draws the interactive figure where plotly.js is served
 * (never copied into the notebook; see figureHtml), the static SVG
 * picture (lib/svg-figure.ts) for viewers without JavaScript, and a text description.
 */
export function figureBundle(input: PlotlyFigure, id?: string): MimeBundle {
  const figure = normalizeFigure(input);
  const svg = figureSvg(figure);
  const picture = svg && svg.length <= MAX_STATIC_SVG ? svg : null;
  return {
    [PLOTLY_MIME]: figure,
    "text/html": figureHtml(figure, { id, svg: picture }),
    // The static fallback, for viewers that run no JavaScript; left out when it would be larger than the figure
    // deserves in a notebook file (a detailed map).
    ...(picture ? { "image/svg+xml": picture } : {}),
    "text/plain": figureText(figure),
  };
}

/** Largest static SVG fallback kept in a notebook (characters). */
export const MAX_STATIC_SVG = 400_000;

/** Display a Plotly figure inline (see {@link figureBundle}). */
export function plot(figure: PlotlyFigure): void {
  displayBundle(figureBundle(figure));
}

/**
 * Clear the cell's output (Jupyter's `clear_output`); with `wait`, only when the next output arrives, which
 * avoids flicker in progress displays. Does nothing outside the project's kernel.
 */
export function clearOutput(wait = false): void {
  if (!inKernel()) return;
  const req = createRequire(import.meta.url);
  const jupyter = req("tslab/dist/jupyter.js") as { lastClearOutput?: ((wait: boolean) => void) | null };
  jupyter.lastClearOutput?.(wait);
}
