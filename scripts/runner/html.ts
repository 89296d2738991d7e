/**
 * The reproduction report as static web pages, opened from disk (no server, nothing fetched from the network):
 *
 *   reports/index.html            the report: a summary of all articles (counts by status, failures, changes
 *                                 against the recorded expectations), how the statuses are defined, and a
 *                                 section per article (`<section id="<article>">`) with each printed table
 *                                 cell by cell beside the recomputed values, the claims with their verdicts,
 *                                 and the figures drawn with plotly.js, which is inlined in the page once
 *   reports/notebooks/<id>.html   each executed notebook, rendered (see notebook-html.ts)
 *   reports/plotly.min.js         plotly.js for the notebook pages (<script src="../plotly.min.js">)
 *
 * The pages depend only on their inputs (no timestamps, no absolute paths): the same run gives the same bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { escapeHtml, type PlotlyFigure } from "../../lib/display";
import { partialRunHtml } from "./scope";
import { isEmptyCell, readPublishedIndex, readPublishedTable, type PublishedIndex, type PublishedTable, type PublishedTableMeta } from "../../lib/published";
import type { ArticleResult, ClaimRow, Difference, EditorialRow, ValueRow } from "./evaluate";
import type { ExecutedNotebook } from "./execute";
import { BASE_CSS, CONTENT_SECURITY_POLICY, DRAW_FIGURES_SCRIPT, figureDiv, htmlId, inlineScript, PLOTLY_FILE, readPlotlyJs, renderNotebookHtml } from "./notebook-html";
import type { Report } from "./report";

export interface HtmlOptions {
  /** The data folder (data/), for the printed tables shown beside the recomputed ones. */
  dataDir: string;
  /** plotly.js source to bundle (default: node_modules/plotly.js-dist-min/plotly.min.js). */
  plotlyJs?: string;
}

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const VALUE_STATUSES = ["match", "consistent", "discrepant", "unavailable"] as const;
export const CLAIM_STATUSES = ["true", "false", "loose", "unverifiable"] as const;
const SYMBOL: Record<string, string> = { match: "✓", consistent: "≈", discrepant: "✗", unavailable: "–" };

/**
 * Write reports/index.html, reports/notebooks/<id>.html for every executed notebook, and
 * reports/plotly.min.js (used by the notebook pages) into `dir`.
 */
export function writeHtmlReport(dir: string, report: Report, executed: readonly ExecutedNotebook[], results: readonly ArticleResult[], options: HtmlOptions): void {
  const plotlyJs = options.plotlyJs ?? readPlotlyJs();
  mkdirSync(join(dir, "notebooks"), { recursive: true });
  writeFileSync(join(dir, PLOTLY_FILE), plotlyJs);
  for (const e of executed) {
    const article = report.articles.find((a) => notebookIdOf(a.notebook) === e.id);
    const links: [string, string][] = [["← the report", article ? `../index.html#${article.id}` : "../index.html"], ["executed notebook (.ipynb)", `../${e.id}.ipynb`]];
    const page = renderNotebookHtml(e.notebook, { title: e.id, plotlySrc: `../${PLOTLY_FILE}`, links, failure: e.failure });
    writeFileSync(join(dir, "notebooks", `${e.id}.html`), page);
  }
  writeFileSync(join(dir, "index.html"), renderIndexHtml(report, executed, results, { ...options, plotlyJs }));
}

/** The notebook's id (its file name without .ipynb) from its path. */
const notebookIdOf = (path: string): string => basename(path).replace(/\.ipynb$/, "");

/** A path for display: relative to the project when inside it, with forward slashes. */
function displayPath(path: string): string {
  const r = relative(PROJECT_ROOT, path);
  return (r.startsWith("..") ? path : r).split(sep).join("/");
}

/**
 * A computed number for display, with enough digits to compare it with a printed one: integers as they are,
 * otherwise 6 significant digits, or 3 decimals when that keeps more (up to 15 digits); exponent notation
 * below 1e-4 and from 1e15.
 *
 * @example formatNumber(12.3456789) // → "12.3457"; formatNumber(46176.48321) → "46176.483"; formatNumber(4) → "4"
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e15) return v.toExponential(5);
  const digits = Math.min(15, Math.max(6, Math.floor(Math.log10(a)) + 4));
  return String(+v.toPrecision(digits));
}

const formatAny = (v: unknown): string => (typeof v === "number" ? formatNumber(v) : typeof v === "string" ? v : JSON.stringify(v));

function badges(counts: Record<string, number>, statuses: readonly string[]): string {
  const extra = Object.keys(counts).filter((k) => !statuses.includes(k));
  return [...statuses, ...extra].map((s) => `<span class="badge s-${escapeHtml(s)}${counts[s] ? "" : " zero"}">${counts[s] ?? 0} ${escapeHtml(s)}</span>`).join("");
}

const statusBadge = (s: string | null): string => (s === null ? `<span class="muted">—</span>` : `<span class="badge s-${escapeHtml(s)}">${escapeHtml(s)}</span>`);

const INDEX_CSS = `
.layout{display:grid;grid-template-columns:15rem minmax(0,1fr);min-height:100vh}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:1rem .9rem;background:#f7f8fa;border-right:1px solid #e3e5e8;font-size:.92em}
nav.toc ul{list-style:none;margin:0;padding:0}
nav.toc li{margin:.15em 0}
nav.toc ul ul{padding-left:.8em}
nav.toc .dot{display:inline-block;width:.65em;height:.65em;border-radius:50%;margin-right:.35em;border:1px solid rgba(0,0,0,.2)}
main{padding:1rem 2rem 4rem;max-width:84rem}
section{margin-bottom:2.5rem}
section.article{border-top:3px solid #e3e5e8;padding-top:.5rem}
.ref{color:#444;font-size:.95em}
.scroll{overflow-x:auto;max-width:100%}
table.printed td.derived{min-width:5.5em}
table.printed td.num,table.printed td.derived{text-align:right;font-variant-numeric:tabular-nums}
table.printed td .p{display:block}
table.printed td .c{display:block;font-size:.82em;color:#333}
table.printed td .sym{font-size:.8em;margin-right:.2em;opacity:.75}
table.printed th small{font-weight:normal;color:#555}
table.printed td.text{max-width:36em}
table.printed td.empty{color:#999}
.legend{font-size:.88em;color:#444}
.failure{border:1px solid #f0a0a0;background:#fff4f4;border-radius:4px;padding:.4em .8em;margin:.6em 0}
.failure pre{max-height:22em;background:#fff}
details{margin:.4em 0}
summary{cursor:pointer;color:#333}
dl.defs dt{font-weight:600;margin-top:.4em}
dl.defs dd{margin-left:1.2em}
table.claims{width:100%}
table.claims td.verdict{white-space:nowrap}
table.claims td.claim{min-width:16em;max-width:30em}
table.claims td.numbers{font-size:.85em;min-width:16em;max-width:32em;overflow-wrap:anywhere}
table.claims td.note{min-width:14em;max-width:30em}
.figure-title{margin:.8em 0 0;font-weight:600}
@media (max-width:60rem){.layout{display:block}nav.toc{position:static;max-height:none;border-right:0;border-bottom:1px solid #e3e5e8}main{padding:1rem}}
`;

const OUTCOME_COLOURS: Record<string, string> = { reproduced: "#3c9d3c", changed: "#e0b000", failed: "#d03030" };

interface ArticleContext {
  article: Report["articles"][number];
  result?: ArticleResult;
  notebookId?: string;
  values: ValueRow[];
  claims: ClaimRow[];
  editorial: EditorialRow[];
  differences: Difference[];
}

/** The report page (index.html) as a string. */
export function renderIndexHtml(report: Report, executed: readonly ExecutedNotebook[], results: readonly ArticleResult[], options: HtmlOptions): string {
  const executedIds = new Set(executed.map((e) => e.id));
  const contexts: ArticleContext[] = report.articles.map((a) => {
    const nbId = notebookIdOf(a.notebook);
    return {
      article: a,
      result: results.find((r) => r.id === a.id && r.notebook === a.notebook) ?? results.find((r) => r.id === a.id),
      notebookId: executedIds.has(nbId) ? nbId : executedIds.has(a.id) ? a.id : undefined,
      values: report.values.filter((v) => v.article === a.id),
      claims: report.claims.filter((c) => c.article === a.id),
      editorial: (report.editorial ?? []).filter((f) => f.article === a.id),
      differences: report.differences.filter((d) => d.article === a.id),
    };
  });
  const figureCount = contexts.reduce((n, c) => n + (c.result?.figures.length ?? 0), 0);
  const s = report.summary;
  const failed = contexts.filter((c) => c.article.failure);

  const toc =
    `<nav class="toc"><strong>Contents</strong><ul>` +
    `<li><a href="#summary">Summary</a><ul>` +
    (failed.length ? `<li><a href="#failures">Failures (${failed.length})</a></li>` : "") +
    (report.differences.length ? `<li><a href="#differences">Changes (${report.differences.length})</a></li>` : "") +
    (report.articles.some((a) => a.problems.length) ? `<li><a href="#problems">Problems</a></li>` : "") +
    `</ul></li><li><a href="#statuses">How statuses are defined</a></li>` +
    `<li><strong>Articles</strong><ul>` +
    contexts
      .map((c) => `<li><a href="#${escapeHtml(c.article.id)}" title="${escapeHtml(`${c.article.title} — ${c.article.outcome}`)}"><span class="dot" style="background:${OUTCOME_COLOURS[c.article.outcome] ?? "#999"}"></span>${escapeHtml(c.article.id)}</a></li>`)
      .join("") +
    `</ul></li></ul></nav>`;

  const body = [renderSummary(report, contexts), renderDefinitions(), ...contexts.map((c) => renderArticle(c, options.dataDir))].join("\n");
  const plotly = figureCount ? `<script>${inlineScript(options.plotlyJs ?? readPlotlyJs())}</script>\n${DRAW_FIGURES_SCRIPT}\n` : "";
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>Reproduction report — ${s.notebooks} notebooks, ${s.failed} failed, ${s.changed} changed</title>\n` +
    `<style>${BASE_CSS}${INDEX_CSS}</style>\n</head>\n<body>\n<div class="layout">\n${toc}\n<main>\n` +
    `<h1>Reproduction report</h1>\n${partialRunHtml(report.scope, escapeHtml)}${body}\n</main>\n</div>\n${plotly}</body>\n</html>\n`
  );
}

function renderSummary(report: Report, contexts: ArticleContext[]): string {
  const s = report.summary;
  const out: string[] = [`<section id="summary">`, `<h2>Summary</h2>`];
  out.push(
    `<p>${s.notebooks} notebook${s.notebooks === 1 ? "" : "s"}: <span class="badge b-reproduced">${s.notebooks - s.failed - s.changed} reproduced as recorded</span>` +
      `<span class="badge b-changed${s.changed ? "" : " zero"}">${s.changed} changed</span><span class="badge b-failed${s.failed ? "" : " zero"}">${s.failed} failed</span></p>`,
    `<p>Printed values: ${badges(s.values, VALUE_STATUSES)}<br>Claims: ${badges(s.claims, CLAIM_STATUSES)}<br>Editorial findings (not counted among the claims): <span class="badge s-editorial${s.editorial ? "" : " zero"}">${s.editorial ?? 0} editorial</span></p>`,
  );
  out.push(
    `<div class="scroll"><table class="articles"><thead><tr><th>Article</th><th>Outcome</th><th>Printed values</th><th>Claims</th><th>Editorial</th><th>Figures</th><th>Notebook</th></tr></thead><tbody>`,
    ...contexts.map((c) => {
      const a = c.article;
      return (
        `<tr><td><a href="#${escapeHtml(a.id)}">${escapeHtml(a.id)}</a><br><small>${escapeHtml(a.title)}</small></td>` +
        `<td><span class="badge b-${escapeHtml(a.outcome)}">${escapeHtml(a.outcome)}</span>${a.failure ? `<br><small>${escapeHtml(a.failure.kind)} in cell ${a.failure.cell}</small>` : ""}</td>` +
        `<td>${badges(a.counts.values, VALUE_STATUSES)}</td><td>${badges(a.counts.claims, CLAIM_STATUSES)}</td><td>${a.counts.editorial ?? 0}</td><td>${a.figures.length}</td>` +
        `<td>${c.notebookId ? `<a href="notebooks/${escapeHtml(c.notebookId)}.html">${escapeHtml(c.notebookId)}</a>` : escapeHtml(a.notebook)}</td></tr>`
      );
    }),
    `</tbody></table></div>`,
  );
  const failed = contexts.filter((c) => c.article.failure);
  if (failed.length) {
    out.push(`<h3 id="failures">Failures</h3>`);
    for (const c of failed) out.push(renderFailure(c, true));
  }
  if (report.differences.length) {
    out.push(
      `<h3 id="differences">Changes against the recorded expectations</h3>`,
      `<p class="legend">Each status is compared with the one recorded in <code>data/&lt;article&gt;/expected.json</code>; these differ.</p>`,
      renderDifferences(report.differences, true),
    );
  }
  const problems = report.articles.filter((a) => a.problems.length);
  if (problems.length) {
    out.push(
      `<h3 id="problems">Problems</h3><ul>`,
      ...problems.flatMap((a) => a.problems.map((p) => `<li><a href="#${escapeHtml(a.id)}">${escapeHtml(a.id)}</a>: ${escapeHtml(p)}</li>`)),
      `</ul>`,
    );
  }
  out.push(`</section>`);
  return out.join("\n");
}

function renderFailure(c: ArticleContext, withArticle: boolean): string {
  const f = c.article.failure!;
  const cell = f.cell > 0 ? (c.notebookId ? `<a href="notebooks/${escapeHtml(c.notebookId)}.html#cell-${f.cell}">cell ${f.cell}</a>` : `cell ${f.cell}`) : "";
  const what = f.kind === "kernel-start" ? "the kernel did not start" : f.kind === "timeout" ? "timed out" : f.kind === "died" ? "the kernel died" : f.kind === "output-lost" ? "output was lost" : f.kind === "input" ? "a file it needs cannot be used" : "error";
  return (
    `<div class="failure">${withArticle ? `<a href="#${escapeHtml(c.article.id)}"><b>${escapeHtml(c.article.id)}</b></a>: ` : ""}` +
    `<b>${escapeHtml(what)}</b>${cell ? ` in ${cell}` : ""}${f.firstLine ? `: <code>${escapeHtml(f.firstLine)}</code>` : ""}` +
    `<pre>${escapeHtml(f.diagnostic)}</pre></div>`
  );
}

function renderDifferences(ds: readonly Difference[], withArticle: boolean): string {
  return (
    `<div class="scroll"><table class="differences"><thead><tr>${withArticle ? "<th>Article</th>" : ""}<th>Kind</th><th>What</th><th>Recorded</th><th>Now</th></tr></thead><tbody>\n` +
    ds
      .map(
        (d) =>
          `<tr>${withArticle ? `<td><a href="#${escapeHtml(d.article)}">${escapeHtml(d.article)}</a></td>` : ""}<td>${escapeHtml(d.kind)}</td><td>${escapeHtml(d.key)}</td>` +
          `<td>${d.kind === "expectations" ? escapeHtml(d.expected ?? "—") : statusBadge(d.expected)}</td><td>${d.kind === "expectations" ? escapeHtml(d.actual ?? "—") : statusBadge(d.actual)}</td></tr>`,
      )
      .join("\n") +
    `\n</tbody></table></div>`
  );
}

function renderDefinitions(): string {
  return `<section id="statuses">
<h2>How statuses are defined</h2>
<p>Every number an article printed and computed (a <em>derived</em> cell of a printed table) is recomputed by the article's notebook and compared with the printed figure. A figure printed with <i>d</i> decimals stands for the interval [<i>v</i> − ½·10<sup>−<i>d</i></sup>, <i>v</i> + ½·10<sup>−<i>d</i></sup>].</p>
<dl class="defs">
<dt><span class="badge s-match">match</span></dt><dd>The recomputed value lies in the printed figure's interval: it rounds to what was printed.</dd>
<dt><span class="badge s-consistent">consistent</span></dt><dd>The value could only be recomputed from other printed (rounded) figures; the interval of the formula over those figures' intervals meets the printed interval. Also a value exactly on the edge of the printed interval (decided in exact decimals) that the rounding rule — half away from zero unless the table says half to even — rounds to the neighbouring figure.</dd>
<dt><span class="badge s-discrepant">discrepant</span></dt><dd>Neither: the recomputed value (or interval) misses the printed interval; the note gives the gap.</dd>
<dt><span class="badge s-unavailable">unavailable</span></dt><dd>Not reproducible here: an input is not available (the note names it). Never counted as a match.</dd>
</dl>
<p>Claims made in the text ("nearly double", "the seventh largest") are checked against the numbers they rest on:</p>
<dl class="defs">
<dt><span class="badge s-true">true</span></dt><dd>The numbers support the claim as stated.</dd>
<dt><span class="badge s-false">false</span></dt><dd>The numbers contradict it.</dd>
<dt><span class="badge s-loose">loose</span></dt><dd>Roughly right, but not as stated.</dd>
<dt><span class="badge s-unverifiable">unverifiable</span></dt><dd>The numbers do not decide it; the missing evidence is named. Not counted as true or false.</dd>
</dl>
<p>Each claim is decided by a rule of its kind (ratio, comparison, rank, change, share, count, value, range, quantifier, or a free-form rule) from its numbers, under one tolerance policy for "about", "nearly", "slightly", "significantly" (<code>lib/claims.ts</code>); no verdict is written by hand. <span class="badge s-editorial">editorial</span> findings — a table cited by the wrong number, a wrong caption, print precision, a reference-list mismatch — are listed apart and not counted as false claims.</p>
<p>An article is <span class="badge b-reproduced">reproduced</span> when every status equals the one recorded in <code>data/&lt;article&gt;/expected.json</code> (and every recorded discrepancy is explained there), <span class="badge b-changed">changed</span> when a status differs from the recorded one or something is wrong with the records, and <span class="badge b-failed">failed</span> when its notebook stopped before the end.</p>
<p class="legend">In the tables, each derived cell shows the printed figure above the recomputed value, coloured by its status; hover over a cell for the reason. Label and input cells are shown as printed.</p>
</section>`;
}

function renderArticle(c: ArticleContext, dataDir: string): string {
  const a = c.article;
  const out: string[] = [`<section id="${escapeHtml(a.id)}" class="article">`];
  out.push(`<h2>${escapeHtml(a.id)}: ${escapeHtml(a.title)} <span class="badge b-${escapeHtml(a.outcome)}">${escapeHtml(a.outcome)}</span></h2>`);
  if (a.reference) out.push(`<p class="ref">${escapeHtml(a.reference)}</p>`);
  const links = [
    c.notebookId ? `<a href="notebooks/${escapeHtml(c.notebookId)}.html">the executed notebook</a> (<a href="${escapeHtml(c.notebookId)}.ipynb">.ipynb</a>)` : "",
    `source <code>${escapeHtml(a.notebook)}</code>`,
  ].filter(Boolean);
  out.push(`<p>Notebook: ${links.join(" · ")}</p>`);
  out.push(`<p>Printed values: ${badges(a.counts.values, VALUE_STATUSES)}<br>Claims: ${badges(a.counts.claims, CLAIM_STATUSES)}<br>Editorial findings: ${a.counts.editorial ?? 0}<br>Figures: ${a.figures.length}</p>`);
  if (a.failure) out.push(renderFailure(c, false));
  if (a.problems.length) out.push(`<p><b>Problems</b></p><ul>${a.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>`);
  if (c.differences.length) out.push(`<p><b>Changes against the recorded expectations</b></p>`, renderDifferences(c.differences, false));

  out.push(renderTables(c, join(dataDir, a.id)));
  out.push(renderClaims(c.claims));
  out.push(renderEditorial(c.editorial));
  out.push(renderFigures(a.id, c.result?.figures ?? []));
  out.push(`</section>`);
  return out.join("\n");
}

const valueKey = (table: string, row: string, column: string) => `${table}\u0000${row}\u0000${column}`;

function renderTables(c: ArticleContext, articleDir: string): string {
  const out: string[] = [`<h3 id="${escapeHtml(c.article.id)}-tables">Printed tables</h3>`];
  const byKey = new Map(c.values.map((v) => [valueKey(v.table, v.row, v.column), v]));
  const shown = new Set<ValueRow>();
  let index: PublishedIndex | null = null;
  try {
    index = readPublishedIndex(articleDir);
  } catch (e) {
    if (c.values.length) out.push(`<p class="muted">The printed tables could not be read: ${escapeHtml((e as Error).message)}</p>`);
    else out.push(`<p class="muted">No printed tables are transcribed for this article.</p>`);
  }
  for (const meta of index?.tables ?? []) {
    let table: PublishedTable;
    try {
      table = readPublishedTable(articleDir, meta);
    } catch (e) {
      out.push(`<h4>${escapeHtml(meta.label)}: ${escapeHtml(meta.title)}</h4><p class="muted">Could not read the printed table: ${escapeHtml((e as Error).message)}</p>`);
      continue;
    }
    out.push(renderPublishedTable(c.article.id, table, byKey, shown, displayPath(join(articleDir, "published", meta.file))));
  }
  const rest = c.values.filter((v) => !shown.has(v));
  if (rest.length) {
    out.push(
      `<h4>Values not placed in a printed table</h4><div class="scroll"><table><thead><tr><th>Table</th><th>Row</th><th>Column</th><th>Printed</th><th>Computed</th><th>Status</th><th>Note</th></tr></thead><tbody>`,
      ...rest.map(
        (v) =>
          `<tr><td>${escapeHtml(v.table)}</td><td>${escapeHtml(v.row)}</td><td>${escapeHtml(v.column)}</td><td>${escapeHtml(v.published ?? "")}</td>` +
          `<td>${v.computed === null ? "" : escapeHtml(formatNumber(v.computed))}</td><td class="s-${escapeHtml(v.status)}">${escapeHtml(v.status)}</td><td>${escapeHtml(v.note)}</td></tr>`,
      ),
      `</tbody></table></div>`,
    );
  }
  return out.join("\n");
}

function cellTitle(v: ValueRow): string {
  const parts = [`${v.status}: ${v.note}`];
  if (v.computedInterval) parts.push(`computed interval [${formatNumber(v.computedInterval[0])}, ${formatNumber(v.computedInterval[1])}]`);
  return parts.join("\n");
}

const computedText = (v: ValueRow): string => (v.computed !== null ? formatNumber(v.computed) : v.status === "unavailable" ? "n/a" : "—");

function renderPublishedTable(article: string, table: PublishedTable, byKey: Map<string, ValueRow>, shown: Set<ValueRow>, file: string): string {
  const meta: PublishedTableMeta = table.meta;
  const id = `${htmlId(article)}-${htmlId(meta.id)}`;
  const columns = meta.columns;
  const info = [
    meta.page !== undefined && meta.page !== "" ? `page ${escapeHtml(String(meta.page))}` : "",
    meta.units ? `units: ${escapeHtml(meta.units)}` : "",
    meta.sourceLines ? `seed lines ${escapeHtml(meta.sourceLines)}` : "",
    `transcribed in <code>${escapeHtml(file)}</code>`,
  ].filter(Boolean);
  const head = columns
    .map((col) => `<th class="${col.role}">${escapeHtml(col.printed)}${col.role === "derived" ? `<br><small>printed / computed</small>` : ""}</th>`)
    .join("");
  const notMatching: ValueRow[] = [];
  const rows = table.rows.map((r) => {
    const rowId = r[meta.rowKey];
    const cells = columns.map((col) => {
      const text = r[col.id] ?? "";
      if (col.role === "derived") {
        const v = byKey.get(valueKey(meta.id, rowId, col.id));
        if (v) {
          shown.add(v);
          if (v.status !== "match") notMatching.push(v);
          return (
            `<td class="derived s-${escapeHtml(v.status)}" data-status="${escapeHtml(v.status)}" title="${escapeHtml(cellTitle(v))}">` +
            `<span class="p">${escapeHtml(text)}</span><span class="c"><span class="sym">${SYMBOL[v.status] ?? ""}</span>${escapeHtml(computedText(v))}</span></td>`
          );
        }
        return isEmptyCell(text) ? `<td class="derived empty">${escapeHtml(text)}</td>` : `<td class="derived" title="not compared">${escapeHtml(text)}</td>`;
      }
      const numeric = col.role === "input" && /^[\s\-−–—+]*[\d\s\u00a0\u2009\u202f]+([.,]\d+)?\s*[*%]?$/u.test(text);
      return `<td class="${col.role}${numeric ? " num" : ""}">${escapeHtml(text)}</td>`;
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  const out = [
    `<h4 id="${escapeHtml(id)}">${escapeHtml(meta.label)}: ${escapeHtml(meta.title)}</h4>`,
    `<p class="legend">${info.join(" · ")}</p>`,
    `<div class="scroll"><table class="printed" id="${escapeHtml(id)}-cells"><thead><tr>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`,
  ];
  if (notMatching.length) {
    const heading = (col: string) => columns.find((c) => c.id === col)?.printed ?? col;
    out.push(
      `<details${notMatching.length <= 12 ? " open" : ""}><summary>${notMatching.length} cell${notMatching.length === 1 ? " is" : "s are"} not a match: why</summary><ul>`,
      ...notMatching.map(
        (v) =>
          `<li>${statusBadge(v.status)} ${escapeHtml(v.row)} / ${escapeHtml(heading(v.column))}: printed ${escapeHtml(v.published ?? "—")}, computed ${escapeHtml(computedText(v))} — ${escapeHtml(v.note)}</li>`,
      ),
      `</ul></details>`,
    );
  }
  if (meta.notes?.length) out.push(`<details><summary>Notes on the transcription</summary><ul>${meta.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul></details>`);
  return out.join("\n");
}

function renderClaims(claims: readonly ClaimRow[]): string {
  if (!claims.length) return `<h3>Claims</h3>\n<p class="muted">No claims checked.</p>`;
  const numbers = (n: Record<string, unknown>) =>
    Object.entries(n)
      .map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(formatAny(v))}`)
      .join("<br>");
  return (
    `<h3>Claims</h3>\n<div class="scroll"><table class="claims"><thead><tr><th>Verdict</th><th>Claim</th><th>Rule</th><th>Numbers</th><th>Note</th><th>Where</th></tr></thead><tbody>\n` +
    claims
      .map(
        (c) =>
          `<tr id="${escapeHtml(htmlId(`${c.article}-claim-${c.id}`))}"><td class="verdict s-${escapeHtml(c.status)}" data-status="${escapeHtml(c.status)}">${escapeHtml(c.status)}</td>` +
          `<td class="claim">${escapeHtml(c.text)}<br><small class="muted">${escapeHtml(c.id)}</small></td><td>${escapeHtml(c.rule)}</td><td class="numbers">${numbers(c.numbers)}</td>` +
          `<td class="note">${escapeHtml(c.reason)}${c.missing ? `<br><b>missing:</b> ${escapeHtml(c.missing)}` : ""}${c.note ? `<br>${escapeHtml(c.note)}` : ""}</td><td>${escapeHtml(c.where ?? "")}</td></tr>`,
      )
      .join("\n") +
    `\n</tbody></table></div>`
  );
}

function renderEditorial(findings: readonly EditorialRow[]): string {
  if (!findings.length) return "";
  return (
    `<h3>Editorial findings</h3>\n<p class="legend">Slips of the text, not claims about its subject: not counted among the false claims.</p>\n` +
    `<div class="scroll"><table class="claims editorial"><thead><tr><th>Type</th><th>Finding</th><th>Note</th><th>Where</th></tr></thead><tbody>\n` +
    findings
      .map(
        (f) =>
          `<tr id="${escapeHtml(htmlId(`${f.article}-editorial-${f.id}`))}"><td class="s-editorial">${escapeHtml(f.type)}</td><td class="claim">${escapeHtml(f.text)}<br><small class="muted">${escapeHtml(f.id)}</small></td>` +
          `<td class="note">${escapeHtml(f.note)}</td><td>${escapeHtml(f.where ?? "")}</td></tr>`,
      )
      .join("\n") +
    `\n</tbody></table></div>`
  );
}

function renderFigures(article: string, figures: readonly { id: string; title: string; figure: PlotlyFigure }[]): string {
  if (!figures.length) return "";
  const used = new Set<string>();
  const out = [`<h3>Figures</h3>`];
  for (const f of figures) {
    let id = htmlId(`fig-${article}-${f.id}`);
    for (let k = 2; used.has(id); k++) id = htmlId(`fig-${article}-${f.id}-${k}`);
    used.add(id);
    out.push(`<p class="figure-title">${escapeHtml(f.title)} <small class="muted">(${escapeHtml(f.id)})</small></p>`, figureDiv(id, f.figure));
  }
  return out.join("\n");
}
