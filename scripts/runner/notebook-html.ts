/**
 * HTML for the reproduction report's pages: a small Markdown converter, the rendering of an executed
 * notebook (reports/notebooks/<id>.html), and the pieces both pages share (style sheet, Plotly figures,
 * plotly.js from node_modules — never from a CDN).
 *
 * Everything here is a pure function of its input: the same notebook gives the same bytes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { escapeHtml, PLOTLY_MIME, RESULT_MIME, type PlotlyFigure } from "../../lib/display";
import type { Failure, NotebookCell, NotebookDoc } from "./execute";
import type { Output } from "./kernel";

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

/**
 * The pages may load nothing from the network: scripts and styles are inline (or, for notebook pages, the
 * sibling file ../plotly.min.js), images are data: URIs. Anything else a notebook output asks for is blocked
 * by the browser rather than fetched.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self' 'unsafe-inline' 'unsafe-eval' file:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:";

/** The file name of plotly.js copied next to the pages (reports/plotly.min.js). */
export const PLOTLY_FILE = "plotly.min.js";

/** plotly.js as installed (node_modules/plotly.js-dist-min/plotly.min.js). */
export function readPlotlyJs(): string {
  const req = createRequire(import.meta.url);
  return readFileSync(req.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
}

/** A script's text made safe to place inside `<script>…</script>`. */
export function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
}

/** JSON that can sit inside a `<script type="application/json">` element (no `<` can end it). */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** A string usable as an HTML id (letters, digits, `-`, `_`). */
export const htmlId = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, "-");

/** Status colours: printed values (match/consistent/discrepant/unavailable) and claims (true/false/loose). */
export const STATUS_CSS = `
.s-match{background:#d4f0d4}.s-consistent{background:#d6e6ff}.s-discrepant{background:#ffd2d2}.s-unavailable{background:#e4e4e4}
.s-true{background:#d4f0d4}.s-false{background:#ffd2d2}.s-loose{background:#fff0c2}.s-unverifiable{background:#e9e2f5}.s-editorial{background:#e8eef5}
.badge{display:inline-block;padding:0 .45em;margin:0 .25em .2em 0;border-radius:.7em;font-size:.85em;white-space:nowrap;border:1px solid rgba(0,0,0,.12)}
.badge.zero{opacity:.45}
.b-reproduced{background:#d4f0d4}.b-changed{background:#fff0c2}.b-failed{background:#ffd2d2}
`;

/** The style sheet common to the report and the notebook pages. */
export const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d1d1f;background:#fff}
a{color:#0b57d0}
h1,h2,h3,h4{line-height:1.25}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}
pre{background:#f6f7f9;border:1px solid #e3e5e8;border-radius:4px;padding:.5em .7em;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #d5d8dc;padding:.2em .5em;vertical-align:top;text-align:left}
th{background:#f1f3f5}
.muted{color:#666}
.figure{width:100%;min-height:420px;margin:.5em 0 1.2em}
.figure-error{color:#a00}
${STATUS_CSS}`;

/** A figure: an empty div, and its JSON beside it for {@link DRAW_FIGURES_SCRIPT}. */
export function figureDiv(id: string, figure: PlotlyFigure): string {
  return `<div class="figure plotly-figure" id="${escapeHtml(id)}"></div><script type="application/json" id="${escapeHtml(id)}-json">${scriptJson(figure)}</script>`;
}

/**
 * Draws every `div.plotly-figure` of the page with window.Plotly (placed after the figures). Titles given as
 * bare strings, which plotly.js 3 ignores, are also turned into `{ text }` here, for notebooks executed before
 * lib/display.ts normalised figures.
 */
export const DRAW_FIGURES_SCRIPT = `<script>
(function () {
  function titles(o, depth) {
    if (!o || typeof o !== "object" || depth > 6) return;
    if (Array.isArray(o)) {
      for (var j = 0; j < o.length && typeof o[j] === "object"; j++) titles(o[j], depth + 1);
      return;
    }
    for (var k in o) {
      if (k === "title" && (typeof o[k] === "string" || typeof o[k] === "number")) o[k] = { text: String(o[k]) };
      else if (o[k] && typeof o[k] === "object") titles(o[k], depth + 1);
    }
  }
  var divs = document.querySelectorAll("div.plotly-figure");
  for (var i = 0; i < divs.length; i++) {
    var div = divs[i];
    try {
      if (!window.Plotly) throw new Error("plotly.js did not load");
      var f = JSON.parse(document.getElementById(div.id + "-json").textContent);
      titles(f.layout, 0);
      titles(f.data, 0);
      var config = Object.assign({ responsive: true, displaylogo: false }, f.config || {});
      window.Plotly.newPlot(div, f.data || [], f.layout || {}, config);
    } catch (e) {
      div.className += " figure-error";
      div.style.minHeight = "0";
      div.textContent = "This figure could not be drawn: " + (e && e.message ? e.message : e);
    }
  }
})();
</script>`;

// ---------------------------------------------------------------------------------------------------------
// Markdown

const SAFE_URL = /^(https?:|mailto:|#|\.{0,2}\/|[^:]*$)/i;
const SAFE_TAGS = /&lt;(\/?)(br|sub|sup|b|i|em|strong|small|u|s|del|kbd)\s*\/?&gt;/gi;

/**
 * Inline Markdown: code spans, math spans (kept literally), links, autolinks, images (drawn only when
 * embedded as data: URIs — a remote image would be a network request, so it becomes a link), **strong**,
 * *emphasis*, ~~strike~~, line breaks, and a few harmless tags (<br>, <sub>, <sup>, …). Other HTML is escaped.
 */
export function markdownInline(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `\u0000${held.push(html) - 1}\u0000`;
  let s = text.replace(/\u0000/g, "");
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _t: string, code: string) => hold(`<code>${escapeHtml(code.trim())}</code>`));
  // Backslash escapes (CommonMark): `\$5` is a dollar amount, not the start of a math span.
  s = s.replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, (_m, c: string) => hold(escapeHtml(c)));
  s = s.replace(/\$\$([\s\S]+?)\$\$|\$(?=\S)([^$\n]*?\S)\$/g, (m) => hold(`<span class="math">${escapeHtml(m)}</span>`));
  s = s.replace(/<((?:https?|mailto):[^\s<>]+)>/gi, (_m, url: string) => hold(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`));
  s = escapeHtml(s);
  const url = (u: string): string | null => {
    const raw = u.replace(/&amp;/g, "&");
    return SAFE_URL.test(raw) ? escapeHtml(raw) : null;
  };
  s = s.replace(/!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+&quot;[^)]*?&quot;)?\s*\)/g, (m, alt: string, src: string) => {
    const raw = src.replace(/&amp;/g, "&");
    if (/^data:image\/(png|jpeg|gif|webp|svg\+xml);/i.test(raw)) return hold(`<img src="${escapeHtml(raw)}" alt="${alt}">`);
    const href = url(src);
    return href ? hold(`<a href="${href}">[image: ${alt || raw}]</a>`) : m;
  });
  s = s.replace(/\[([^\]]+)\]\(\s*([^)\s]+)(?:\s+&quot;([^)]*?)&quot;)?\s*\)/g, (m, label: string, target: string, title?: string) => {
    const href = url(target);
    return href ? hold(`<a href="${href}"${title ? ` title="${title}"` : ""}>${emphasis(label)}</a>`) : m;
  });
  s = emphasis(s);
  s = s.replace(/(?: {2,}|\\)\n/g, "<br>\n");
  while (/\u0000\d+\u0000/.test(s)) s = s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => held[Number(i)]);
  return s;
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, "$1<strong>$2</strong>")
    .replace(/(^|[^*\w\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?!\*)/g, "$1<em>$2</em>")
    .replace(/(^|[^*\w\\])\*([^\s*])\*(?!\*)/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, "$1<em>$2</em>")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "<del>$1</del>")
    .replace(SAFE_TAGS, (_m, close: string, tag: string) => `<${close}${tag.toLowerCase()}>`);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(\s+|$)(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const splitRow = (line: string): string[] => {
  let t = line.trim();
  if (t.startsWith("|")) t = t.slice(1);
  if (t.endsWith("|") && !t.endsWith("\\|")) t = t.slice(0, -1);
  const cells: string[] = [];
  let cur = "";
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "\\" && t[i + 1] === "|") {
      cur += "|";
      i++;
    } else if (t[i] === "|") {
      cells.push(cur.trim());
      cur = "";
    } else cur += t[i];
  }
  cells.push(cur.trim());
  return cells;
};

const expandTabs = (line: string): string => line.replace(/^\t+/, (t) => "    ".repeat(t.length));

/**
 * Markdown (the CommonMark core that notebooks use, plus GitHub tables) to HTML: ATX headings, paragraphs,
 * emphasis, code spans, fenced and indented code, ordered and bullet lists (nested by indentation), block
 * quotes, rules, links and pipe tables. Raw HTML is escaped except a few inline tags (see markdownInline).
 *
 * @example markdownToHtml("# Title\n\nSome *text*.") // → "<h1>Title</h1>\n<p>Some <em>text</em>.</p>"
 */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n").map(expandTabs);
  const out: string[] = [];
  let i = 0;
  const blank = (l: string | undefined) => l === undefined || l.trim() === "";
  const startsBlock = (l: string, next: string | undefined): boolean =>
    FENCE.test(l) || HEADING.test(l) || RULE.test(l) || /^ {0,3}>/.test(l) || LIST_ITEM.test(l) || (l.includes("|") && next !== undefined && TABLE_SEPARATOR.test(next) && next.includes("-"));
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i].trim().startsWith(marker[0].repeat(marker.length)) && lines[i].trim().replace(new RegExp(`^\\${marker[0]}+`), "").trim() === "")) body.push(lines[i++]);
      i++;
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : "";
      out.push(`<pre><code${lang}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    if (/^ {4}/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^ {4}/.test(lines[i]) || (blank(lines[i]) && /^ {4}/.test(lines[i + 1] ?? "")))) body.push(lines[i++].slice(4));
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const n = heading[1].length;
      out.push(`<h${n}>${markdownInline(heading[2] ?? "")}</h${n}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push("<hr>");
      i++;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && !blank(lines[i]) && (/^ {0,3}>/.test(lines[i]) || !startsBlock(lines[i], lines[i + 1]))) body.push(lines[i++].replace(/^ {0,3}> ?/, ""));
      out.push(`<blockquote>\n${markdownToHtml(body.join("\n"))}\n</blockquote>`);
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1]) && lines[i + 1].includes("-")) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]).map((c) => (c.startsWith(":") && c.endsWith(":") ? "center" : c.endsWith(":") ? "right" : c.startsWith(":") ? "left" : ""));
      const style = (j: number) => (align[j] ? ` style="text-align:${align[j]}"` : "");
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && !blank(lines[i]) && lines[i].includes("|")) rows.push(splitRow(lines[i++]));
      out.push(
        `<table>\n<thead><tr>${head.map((c, j) => `<th${style(j)}>${markdownInline(c)}</th>`).join("")}</tr></thead>\n<tbody>\n` +
          rows.map((r) => `<tr>${head.map((_c, j) => `<td${style(j)}>${markdownInline(r[j] ?? "")}</td>`).join("")}</tr>`).join("\n") +
          `\n</tbody></table>`,
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const { html, next } = parseList(lines, i);
      out.push(html);
      i = next;
      continue;
    }
    const para: string[] = [];
    let setext = 0;
    while (i < lines.length && !blank(lines[i])) {
      if (para.length && /^ {0,3}(=+|-+)\s*$/.test(lines[i])) {
        setext = lines[i++].trim().startsWith("=") ? 1 : 2;
        break;
      }
      if (para.length && startsBlock(lines[i], lines[i + 1])) break;
      para.push(lines[i++]);
    }
    const text = para.map((l) => l.replace(/^ +/, "")).join("\n");
    out.push(setext ? `<h${setext}>${markdownInline(text.trim())}</h${setext}>` : `<p>${markdownInline(text)}</p>`);
  }
  return out.join("\n");
}

/** A list starting at lines[start]: items at the first item's indentation; deeper lines belong to an item. */
function parseList(lines: string[], start: number): { html: string; next: number } {
  const first = LIST_ITEM.exec(lines[start])!;
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const items: string[][] = [];
  let loose = false;
  let i = start;
  let content = indent + first[2].length + Math.max(1, Math.min(first[3].length, 4));
  while (i < lines.length) {
    const l = lines[i];
    const m = LIST_ITEM.exec(l);
    if (m && m[1].length >= indent && m[1].length < content && /\d/.test(m[2]) === ordered) {
      items.push([m[4]]);
      content = m[1].length + m[2].length + Math.max(1, Math.min(m[3].length, 4));
      i++;
      continue;
    }
    if (l.trim() === "") {
      // A blank line continues the list only when more of it follows (an indented line or another item).
      let j = i;
      while (j < lines.length && lines[j].trim() === "") j++;
      const nxt = lines[j];
      const more = nxt !== undefined && ((nxt.length - nxt.trimStart().length >= content) || (LIST_ITEM.exec(nxt)?.[1].length ?? -1) >= indent);
      if (!more) break;
      const sameList = LIST_ITEM.exec(nxt);
      if (sameList && sameList[1].length < content && /\d/.test(sameList[2]) !== ordered) break;
      loose = true;
      for (; i < j; i++) items[items.length - 1].push("");
      continue;
    }
    const lead = l.length - l.trimStart().length;
    if (lead >= content) {
      items[items.length - 1].push(l.slice(content));
      i++;
      continue;
    }
    // A lazy continuation line of the item's paragraph, unless it starts another block.
    if (m || FENCE.test(l) || HEADING.test(l) || RULE.test(l) || /^ {0,3}>/.test(l)) break;
    items[items.length - 1].push(l.trimStart());
    i++;
  }
  const start1 = ordered ? Number(/\d+/.exec(first[2])![0]) : 1;
  const tag = ordered ? "ol" : "ul";
  const body = items
    .map((item) => {
      let html = markdownToHtml(item.join("\n"));
      if (!loose) html = html.replace(/^<p>([\s\S]*?)<\/p>(?=\n|$)/, "$1");
      return `<li>${html}</li>`;
    })
    .join("\n");
  return { html: `<${tag}${ordered && start1 !== 1 ? ` start="${start1}"` : ""}>\n${body}\n</${tag}>`, next: i };
}

// ---------------------------------------------------------------------------------------------------------
// Notebook pages

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const stripAnsi = (s: string): string => s.replace(ANSI, "");
const joinText = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v, null, 2));
const sourceOf = (c: NotebookCell): string => (Array.isArray(c.source) ? c.source.join("") : c.source ?? "");

/** True when an output would be drawn with plotly.js. */
function usesPlotly(o: Output): boolean {
  if (o.output_type !== "display_data" && o.output_type !== "execute_result") return false;
  return o.data[PLOTLY_MIME] !== undefined || (typeof o.data["text/html"] === "string" && /\bPlotly\./.test(o.data["text/html"]));
}

/**
 * One representation of a MIME bundle, the richest the page can show: a Plotly figure, HTML (as is), SVG,
 * PNG/JPEG/GIF, Markdown, LaTeX (as text), JSON, plain text. The runner's own records (RESULT_MIME) are
 * machine data and are never shown; a bundle holding nothing else renders as nothing.
 */
export function renderMimeBundle(data: Record<string, unknown>, figureId: string): string {
  const plotly = data[PLOTLY_MIME];
  if (plotly !== undefined) {
    let figure: PlotlyFigure | null = null;
    try {
      figure = (typeof plotly === "string" ? JSON.parse(plotly) : plotly) as PlotlyFigure;
    } catch {
      figure = null; // not JSON: fall back to the other representations
    }
    if (figure && typeof figure === "object") return figureDiv(figureId, figure);
  }
  if (data["text/html"] !== undefined) return `<div class="out-html">${joinText(data["text/html"])}</div>`;
  if (data["image/svg+xml"] !== undefined) {
    return `<div class="out-image"><img alt="SVG output" src="data:image/svg+xml;base64,${Buffer.from(joinText(data["image/svg+xml"]), "utf8").toString("base64")}"></div>`;
  }
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    if (data[mime] !== undefined) return `<div class="out-image"><img alt="${mime} output" src="data:${mime};base64,${joinText(data[mime]).replace(/\s+/g, "")}"></div>`;
  }
  if (data["text/markdown"] !== undefined) return `<div class="out-markdown">${markdownToHtml(joinText(data["text/markdown"]))}</div>`;
  if (data["text/latex"] !== undefined) return `<pre class="out-text">${escapeHtml(joinText(data["text/latex"]))}</pre>`;
  if (data["application/json"] !== undefined) return `<pre class="out-text">${escapeHtml(JSON.stringify(data["application/json"], null, 2))}</pre>`;
  if (data["text/plain"] !== undefined) return `<pre class="out-text">${escapeHtml(stripAnsi(joinText(data["text/plain"])))}</pre>`;
  const others = Object.keys(data).filter((k) => k !== RESULT_MIME);
  return others.length ? `<p class="muted">(output as ${escapeHtml(others.join(", "))}, not shown here)</p>` : "";
}

/** One nbformat output as HTML. */
export function renderOutput(o: Output, figureId: string): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="out-stream ${o.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(stripAnsi(joinText(o.text)))}</pre>`;
    case "error": {
      const tb = (o.traceback ?? []).map(stripAnsi).join("\n").trim();
      return `<pre class="out-error">${escapeHtml(tb || `${o.ename}: ${o.evalue}`)}</pre>`;
    }
    case "display_data":
    case "execute_result":
      return renderMimeBundle(o.data ?? {}, figureId);
    default:
      return "";
  }
}

export interface NotebookPageOptions {
  /** The page title (the notebook's id). */
  title: string;
  /** Where plotly.js is, relative to the page (e.g. "../plotly.min.js"). */
  plotlySrc: string;
  /** Links shown under the title: [text, href]. */
  links?: [string, string][];
  /** The notebook's failure, shown at the top with a link to the cell. */
  failure?: Failure;
}

const NOTEBOOK_CSS = `
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 4rem}
.top{border-bottom:1px solid #ddd;margin-bottom:1rem}
.cell{display:grid;grid-template-columns:5.5rem minmax(0,1fr);gap:0 .6rem;margin:.8rem 0}
.prompt{font:12px/1.6 ui-monospace,"DejaVu Sans Mono",monospace;color:#666;text-align:right;padding-top:.45em}
.cell.markdown .prompt{visibility:hidden}
.cell pre.source{margin:0;background:#f5f7fb;border-color:#dde3ec}
.outputs>*{margin:.35em 0}
.outputs pre{background:#fff;border-color:#eee}
pre.out-stream.stderr{background:#fff6e5}
pre.out-error{background:#fdecec;border-color:#f3b6b6;color:#7a0000}
.out-html{overflow-x:auto}
.out-html table{font-size:.9em}
.out-image img{max-width:100%}
.cell.not-run{opacity:.55}
.cell.failed pre.source{border-color:#e08080}
.banner{padding:.6em .9em;border-radius:4px;margin:1em 0}
.banner.failed{background:#ffe1e1;border:1px solid #f0a0a0}
`;

/** The code cells' numbering that failures use: the 1-based position among all cells. */
const cellAnchor = (index: number): string => `cell-${index + 1}`;

/**
 * An executed notebook as a static page: Markdown cells rendered, code cells with their source and outputs
 * (see {@link renderMimeBundle}), Plotly figures drawn with plotly.js from `options.plotlySrc`.
 */
export function renderNotebookHtml(nb: NotebookDoc, options: NotebookPageOptions): string {
  const figurePrefix = `nbfig-${htmlId(options.title)}`;
  let plotly = false;
  const failedAt = options.failure && options.failure.cell > 0 ? options.failure.cell - 1 : -1;
  const cells = nb.cells.map((c, index) => {
    const src = sourceOf(c);
    const anchor = cellAnchor(index);
    if (c.cell_type === "markdown") {
      return `<div class="cell markdown" id="${anchor}"><div class="prompt"></div><div class="md">${markdownToHtml(src)}</div></div>`;
    }
    if (c.cell_type === "raw") {
      return `<div class="cell raw" id="${anchor}"><div class="prompt"></div><pre class="source">${escapeHtml(src)}</pre></div>`;
    }
    const outputs = (c.outputs ?? [])
      .map((o, k) => {
        if (usesPlotly(o)) plotly = true;
        return renderOutput(o, `${figurePrefix}-${index + 1}-${k + 1}`);
      })
      .filter((h) => h !== "");
    const notRun = (c.execution_count === null || c.execution_count === undefined) && !(c.outputs ?? []).length && src.trim() !== "";
    const cls = ["cell", "code", notRun ? "not-run" : "", index === failedAt ? "failed" : ""].filter(Boolean).join(" ");
    const prompt = notRun ? "In [ ]:" : `In [${c.execution_count ?? " "}]:`;
    return (
      `<div class="${cls}" id="${anchor}"><div class="prompt">${escapeHtml(prompt)}</div><div>` +
      `<pre class="source"><code>${escapeHtml(src)}</code></pre>` +
      (outputs.length ? `<div class="outputs">\n${outputs.join("\n")}\n</div>` : "") +
      `</div></div>`
    );
  });
  const f = options.failure;
  const banner = f
    ? `<div class="banner failed"><b>This notebook failed</b> (${escapeHtml(f.kind)})${f.cell > 0 ? ` in <a href="#${cellAnchor(f.cell - 1)}">cell ${f.cell}</a>` : ""}${f.firstLine ? `: <code>${escapeHtml(f.firstLine)}</code>` : ""}.<pre>${escapeHtml(stripAnsi(f.diagnostic))}</pre></div>`
    : "";
  const links = (options.links ?? []).map(([text, href]) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`).join(" · ");
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(options.title)} — executed notebook</title>\n` +
    `<style>${BASE_CSS}${NOTEBOOK_CSS}</style>\n` +
    (plotly ? `<script src="${escapeHtml(options.plotlySrc)}"></script>\n` : "") +
    `</head>\n<body>\n<main>\n<div class="top"><h1>${escapeHtml(options.title)}</h1>${links ? `<p>${links}</p>` : ""}</div>\n${banner}\n` +
    cells.join("\n") +
    `\n</main>\n` +
    (plotly ? `${DRAW_FIGURES_SCRIPT}\n` : "") +
    `</body>\n</html>\n`
  );
}
