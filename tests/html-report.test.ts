/**
 * The HTML report (scripts/runner/html.ts) and the notebook pages (scripts/runner/notebook-html.ts), from a
 * synthetic executed notebook evaluated by the real evaluate() against the fixture data folder
 * tests/fixtures/data/fixture-ok (Table 1: a → 2x printed "3,0", b → "4,1"; the notebook computes 3 and 4).
 * The browser-side checks (Plotly draws, no network, no console errors) are in tests/e2e-report.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME, RESULT_MIME, type PlotlyFigure } from "../lib/display";
import type { ResultRecord } from "../lib/notebook";
import { evaluate } from "../scripts/runner/evaluate";
import type { ExecutedNotebook, NotebookDoc } from "../scripts/runner/execute";
import { formatNumber, renderIndexHtml, writeHtmlReport } from "../scripts/runner/html";
import type { Output } from "../scripts/runner/kernel";
import { markdownInline, markdownToHtml, readPlotlyJs, renderMimeBundle, renderNotebookHtml } from "../scripts/runner/notebook-html";
import { buildReport, type Report } from "../scripts/runner/report";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA = join(ROOT, "tests", "fixtures", "data");

const record = (r: ResultRecord, extra: Record<string, unknown> = {}): Output => ({ output_type: "display_data", data: { ...extra, [RESULT_MIME]: r }, metadata: {} });

const BARS: PlotlyFigure = { data: [{ type: "bar", x: ["a", "b", "c"], y: [1.5, 2, -3] }], layout: { title: "x by item" } };
const LINE: PlotlyFigure = { data: [{ type: "scatter", mode: "lines", x: [1, 2, 3], y: [3, 1, 2], name: "</script><b>line</b>" }], layout: { title: { text: "a line" } } };

const okNotebook = (): NotebookDoc => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", metadata: {}, source: ["# A *fixture* notebook\n", "\n", "Doubles of **x**:\n", "\n", "- item one\n", "- item `two`\n", "\n", "| a | b |\n", "|---|--:|\n", "| 1 | 2 |\n"] },
    {
      cell_type: "code",
      metadata: {},
      execution_count: 1,
      source: 'const nb = article("fixture-ok");\nif (1 < 2) console.log("hello <world>");',
      outputs: [
        record({ kind: "article", article: "fixture-ok", title: "Fixture <with markup>", reference: "Author A. & Author B. (2026)" }, { "text/html": "<h3>Fixture</h3>", "text/plain": "Fixture" }),
        { output_type: "stream", name: "stdout", text: "hello <world>\n" },
      ],
    },
    {
      cell_type: "code",
      metadata: {},
      execution_count: 2,
      source: 'nb.reproduce("table-1", …)',
      outputs: [
        record(
          { kind: "values", article: "fixture-ok", table: "table-1", values: [{ row: "a", column: "double", value: 3 }, { row: "b", column: "double", value: 4 }] },
          { "text/html": '<table class="values-shown"><tr><td>3,0</td></tr></table>', "text/plain": "values" },
        ),
      ],
    },
    {
      cell_type: "code",
      metadata: {},
      execution_count: 3,
      source: "nb.claim(…); nb.figure(…)",
      outputs: [
        record({ kind: "claim", article: "fixture-ok", id: "positive", text: "All x are positive", rule: "quantifier", verdict: "false", numbers: { n: 3, min: -3 }, reason: "1 exception(s) of 3", note: "checked" }, { "text/plain": "[false] All x are positive" }),
        record({ kind: "figure", article: "fixture-ok", id: "bars", title: "x by item" }, { [PLOTLY_MIME]: BARS, "text/html": '<div id="br-fig-old"></div>', "text/plain": "[Plotly figure]" }),
        record({ kind: "figure", article: "fixture-ok", id: "line", title: "a line" }, { [PLOTLY_MIME]: LINE }),
        { output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 3 },
        { output_type: "display_data", data: { "image/png": "iVBORw0KGgo=\n", "text/plain": "<image>" }, metadata: {} },
      ],
    },
  ],
});

const failedNotebook = (): NotebookDoc => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", metadata: {}, source: "Fails in its second code cell." },
    { cell_type: "code", metadata: {}, execution_count: 1, source: "const values = [1, 2, 3];", outputs: [] },
    {
      cell_type: "code",
      metadata: {},
      execution_count: 2,
      source: '\nthrow new Error("deliberate failure");',
      outputs: [{ output_type: "error", ename: "Error", evalue: "deliberate failure", traceback: ["\u001b[31mError: deliberate failure\u001b[0m", "    at evalmachine.<anonymous>:1:7"] }],
    },
    { cell_type: "code", metadata: {}, execution_count: null, source: 'console.log("never reached");', outputs: [] },
  ],
});

function fixtures(): { report: Report; executed: ExecutedNotebook[]; results: ReturnType<typeof evaluate>[] } {
  const ok: ExecutedNotebook = { id: "fixture-ok", path: join(ROOT, "tests/fixtures/notebooks/fixture-ok.ipynb"), notebook: okNotebook(), status: "ok", timings: [], kernelStartMs: 0, totalMs: 0 };
  const failed: ExecutedNotebook = {
    id: "fixture-error",
    path: join(ROOT, "tests/fixtures/notebooks/fixture-error.ipynb"),
    notebook: failedNotebook(),
    status: "failed",
    failure: { cell: 3, firstLine: 'throw new Error("deliberate failure");', kind: "error", diagnostic: "Error: deliberate failure\n    at evalmachine.<anonymous>:1:7" },
    timings: [],
    kernelStartMs: 0,
    totalMs: 0,
  };
  const executed = [ok, failed];
  const results = executed.map((e) => evaluate(e, DATA, `tests/fixtures/notebooks/${e.id}.ipynb`));
  return { report: buildReport(results), executed, results };
}

const STUB_PLOTLY = "/* plotly stub */ window.Plotly = { newPlot: function () {} }; var tag = '</script>';";

/** The <tr> of a printed table whose label cell is `label`, as its <td> elements. */
function rowCells(html: string, label: string): string[] {
  const table = /<table class="printed"[\s\S]*?<\/table>/.exec(html)![0];
  const row = table.split("<tr>").find((r) => r.startsWith(`<td class="label">${label}</td>`));
  expect(row, `row ${label}`).toBeDefined();
  return row!.match(/<td[\s\S]*?<\/td>/g)!;
}

/** The background colour of a CSS class in the page, as [r, g, b]. */
function classColour(html: string, cls: string): [number, number, number] {
  const m = new RegExp(`\\.${cls}\\{background:#([0-9a-f]{6})\\}`).exec(html);
  expect(m, `colour of .${cls}`).not.toBeNull();
  const hex = m![1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

describe("report page (index.html)", () => {
  const { report, executed, results } = fixtures();
  const html = renderIndexHtml(report, executed, results, { dataDir: DATA, plotlyJs: STUB_PLOTLY });

  it("the fixture evaluates as expected (the inputs of the page)", () => {
    expect(report.articles.map((a) => [a.id, a.outcome])).toEqual([
      ["fixture-error", "failed"],
      ["fixture-ok", "reproduced"],
    ]);
    expect(report.values.map((v) => [v.row, v.status])).toEqual([
      ["a", "match"],
      ["b", "discrepant"],
    ]);
  });

  it("has one section per article, anchored by its id, and a table of contents linking to each", () => {
    const sections = [...html.matchAll(/<section id="([^"]+)" class="article">/g)].map((m) => m[1]);
    expect(sections).toEqual(["fixture-error", "fixture-ok"]);
    const toc = /<nav class="toc">[\s\S]*?<\/nav>/.exec(html)![0];
    for (const id of sections) expect(toc).toContain(`href="#${id}"`);
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('<section id="statuses">');
  });

  it("shows each derived cell with printed and computed values, coloured by status, the reason on hover", () => {
    const a = rowCells(html, "a");
    expect(a[1]).toBe('<td class="input num">1,5</td>');
    expect(a[2]).toContain('class="derived s-match" data-status="match" title="match: 3 rounds to the printed 3,0"');
    expect(a[2]).toContain('<span class="p">3,0</span>');
    expect(a[2]).toMatch(/<span class="c"><span class="sym">✓<\/span>3<\/span>/);
    const b = rowCells(html, "b");
    expect(b[2]).toContain('class="derived s-discrepant" data-status="discrepant" title="discrepant: 4 is 0.05 outside [4.05, 4.15]"');
    expect(b[2]).toContain('<span class="p">4,1</span>');
    // Row c prints nothing in the derived column: nothing compared, nothing coloured.
    const c = rowCells(html, "c");
    expect(c[1]).toBe('<td class="input num">- 3</td>');
    expect(c[2]).toBe('<td class="derived empty"></td>');
    // The reason is also written under the table.
    expect(html).toMatch(/<li><span class="badge s-discrepant">discrepant<\/span> b \/ 2x: printed 4,1, computed 4 — 4 is 0.05 outside \[4.05, 4.15\]<\/li>/);
  });

  it("colours statuses: match green, consistent blue, discrepant red, unavailable grey; claims true green, false red", () => {
    const dominant = ([r, g, b]: [number, number, number]) => (r === g && g === b ? "grey" : g > r && g > b ? "green" : b > r && b > g ? "blue" : r > g && r > b ? "red" : "mixed");
    expect(dominant(classColour(html, "s-match"))).toBe("green");
    expect(dominant(classColour(html, "s-consistent"))).toBe("blue");
    expect(dominant(classColour(html, "s-discrepant"))).toBe("red");
    expect(dominant(classColour(html, "s-unavailable"))).toBe("grey");
    expect(dominant(classColour(html, "s-true"))).toBe("green");
    expect(dominant(classColour(html, "s-false"))).toBe("red");
  });

  it("counts statuses per article and overall", () => {
    const ok = html.slice(html.indexOf('<section id="fixture-ok"'));
    expect(ok).toMatch(/Printed values: <span class="badge s-match">1 match<\/span><span class="badge s-consistent zero">0 consistent<\/span><span class="badge s-discrepant">1 discrepant<\/span><span class="badge s-unavailable zero">0 unavailable<\/span>/);
    expect(ok).toMatch(/Claims: <span class="badge s-true zero">0 true<\/span><span class="badge s-false">1 false<\/span><span class="badge s-loose zero">0 loose<\/span><span class="badge s-unverifiable zero">0 unverifiable<\/span>/);
    expect(html).toContain('<span class="badge b-failed">1 failed</span>');
  });

  it("lists the claims with their verdicts and numbers", () => {
    expect(html).toMatch(
      /<tr id="fixture-ok-claim-positive"><td class="verdict s-false" data-status="false">false<\/td><td class="claim">All x are positive<br><small class="muted">positive<\/small><\/td><td>quantifier<\/td><td class="numbers">n = 3<br>min = -3<\/td><td class="note">1 exception\(s\) of 3<br>checked<\/td>/,
    );
  });

  it("has a figure div per figure, each with its figure as JSON, and plotly.js inlined once with </script escaped", () => {
    const divs = [...html.matchAll(/<div class="figure plotly-figure" id="([^"]+)"><\/div><script type="application\/json" id="\1-json">([^<]*)<\/script>/g)];
    expect(divs.map((m) => m[1])).toEqual(["fig-fixture-ok-bars", "fig-fixture-ok-line"]);
    expect(JSON.parse(divs[0][2])).toEqual(BARS);
    expect(JSON.parse(divs[1][2])).toEqual(LINE);
    expect(html.split("/* plotly stub */").length).toBe(2);
    expect(html).toContain("var tag = '<\\/script>';");
    expect(html).not.toContain("'</script>'");
  });

  it("loads nothing from the network", () => {
    expect(html).not.toMatch(/<(script|link|img|iframe|source|embed|object|video|audio)\b[^>]*\b(src|href|data)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it("summarises failures (cell, first line, diagnostic) and the changes against expectations", () => {
    const failures = html.slice(html.indexOf('<h3 id="failures">'), html.indexOf('<h3 id="differences">'));
    expect(failures).toContain('<b>error</b> in <a href="notebooks/fixture-error.html#cell-3">cell 3</a>: <code>throw new Error(&quot;deliberate failure&quot;);</code>');
    expect(failures).toContain("<pre>Error: deliberate failure\n    at evalmachine.&lt;anonymous&gt;:1:7</pre>");
    const differences = html.slice(html.indexOf('<h3 id="differences">'));
    expect(differences).toContain("<td>data/fixture-error/expected.json</td>");
  });

  it("links each article to its executed notebook page and escapes text from the data", () => {
    expect(html).toContain('<a href="notebooks/fixture-ok.html">the executed notebook</a>');
    expect(html).toContain('<a href="notebooks/fixture-error.html">the executed notebook</a>');
    expect(html).toContain("fixture-ok: Fixture &lt;with markup&gt;");
    expect(html).toContain("Author A. &amp; Author B. (2026)");
    expect(html).not.toContain("<with markup>");
  });

  it("lists values that no printed table holds instead of dropping them", () => {
    const extra: Report = {
      ...report,
      values: [...report.values, { article: "fixture-ok", table: "table-9", row: "z", column: "q", published: "1,0", computed: null, status: "unavailable", note: "missing input: q" }],
    };
    const page = renderIndexHtml(extra, executed, results, { dataDir: DATA, plotlyJs: STUB_PLOTLY });
    expect(page).toContain('<h4>Values not placed in a printed table</h4>');
    expect(page).toContain('<td>table-9</td><td>z</td><td>q</td><td>1,0</td><td></td><td class="s-unavailable">unavailable</td><td>missing input: q</td>');
  });
});

describe("notebook pages", () => {
  const { report, executed } = fixtures();
  const page = renderNotebookHtml(executed[0].notebook, { title: "fixture-ok", plotlySrc: "../plotly.min.js", links: [["← the report", "../index.html#fixture-ok"]] });

  it("renders markdown cells", () => {
    expect(page).toContain("<h1>A <em>fixture</em> notebook</h1>\n<p>Doubles of <strong>x</strong>:</p>\n<ul>\n<li>item one</li>\n<li>item <code>two</code></li>\n</ul>");
    expect(page).toContain('<thead><tr><th>a</th><th style="text-align:right">b</th></tr></thead>');
  });

  it("shows code escaped, stream text, execute results, images, and the richest form of each bundle", () => {
    expect(page).toContain('<pre class="source"><code>const nb = article(&quot;fixture-ok&quot;);\nif (1 &lt; 2) console.log(&quot;hello &lt;world&gt;&quot;);</code></pre>');
    expect(page).toContain('<pre class="out-stream stdout">hello &lt;world&gt;\n</pre>');
    expect(page).toContain('<pre class="out-text">2</pre>');
    expect(page).toContain('<img alt="image/png output" src="data:image/png;base64,iVBORw0KGgo=">');
    expect(page).toContain('<div class="out-html"><table class="values-shown">');
    // The figure is drawn from its Plotly JSON, not from the bundle's HTML fallback.
    expect(page).not.toContain("br-fig-old");
    expect([...page.matchAll(/class="figure plotly-figure"/g)].length).toBe(2); // bars and line: each declared figure carries its Plotly JSON
  });

  it("never shows the runner's machine-readable records", () => {
    expect(page).not.toContain(RESULT_MIME);
    expect(page).not.toContain('"kind":"values"');
    expect(page).not.toContain('"kind":"figure"');
    // A bundle holding only a record renders as nothing.
    expect(renderMimeBundle({ [RESULT_MIME]: { kind: "claim" } }, "x")).toBe("");
  });

  it("references the shared plotly.js once, relative to the page", () => {
    expect(page.split('<script src="../plotly.min.js"></script>').length).toBe(2);
    expect(page).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it("marks the failure: a banner linking to the cell, the error without terminal colours, later cells not run", () => {
    const failed = renderNotebookHtml(executed[1].notebook, { title: "fixture-error", plotlySrc: "../plotly.min.js", failure: executed[1].failure });
    expect(failed).toContain('in <a href="#cell-3">cell 3</a>');
    expect(failed).toMatch(/<div class="cell code failed" id="cell-3">/);
    expect(failed).toContain('<pre class="out-error">Error: deliberate failure\n    at evalmachine.&lt;anonymous&gt;:1:7</pre>');
    expect(failed).not.toContain("\u001b");
    expect(failed).toMatch(/<div class="cell code not-run" id="cell-4"><div class="prompt">In \[ \]:<\/div>/);
    // No figures: no plotly.js.
    expect(failed).not.toContain("plotly.min.js");
    expect(report.articles[0].failure?.cell).toBe(3);
  });

  it("chooses representations in order: Plotly, HTML, SVG, PNG, Markdown, plain text", () => {
    const fig: PlotlyFigure = { data: [] };
    expect(renderMimeBundle({ [PLOTLY_MIME]: fig, "text/html": "<b>h</b>", "text/plain": "p" }, "f1")).toMatch(/^<div class="figure plotly-figure" id="f1">/);
    expect(renderMimeBundle({ "text/html": ["<b>", "h</b>"], "image/png": "AAAA", "text/plain": "p" }, "f")).toBe('<div class="out-html"><b>h</b></div>');
    expect(renderMimeBundle({ "image/svg+xml": "<svg/>", "image/png": "AAAA", "text/plain": "p" }, "f")).toBe(
      `<div class="out-image"><img alt="SVG output" src="data:image/svg+xml;base64,${Buffer.from("<svg/>").toString("base64")}"></div>`,
    );
    expect(renderMimeBundle({ "image/png": "AA\nAA", "text/markdown": "*m*" }, "f")).toBe('<div class="out-image"><img alt="image/png output" src="data:image/png;base64,AAAA"></div>');
    expect(renderMimeBundle({ "text/markdown": "*m*", "text/plain": "p" }, "f")).toBe('<div class="out-markdown"><p><em>m</em></p></div>');
    expect(renderMimeBundle({ "text/plain": "a < b\u001b[0m" }, "f")).toBe('<pre class="out-text">a &lt; b</pre>');
    expect(renderMimeBundle({ [PLOTLY_MIME]: "{not json", "text/plain": "fallback" }, "f")).toBe('<pre class="out-text">fallback</pre>');
    expect(renderMimeBundle({ "application/x-unknown": 1 }, "f")).toBe('<p class="muted">(output as application/x-unknown, not shown here)</p>');
  });
});

describe("markdownToHtml", () => {
  it("headings, paragraphs, emphasis, code", () => {
    expect(markdownToHtml("# Title\n\nSome *text*.")).toBe("<h1>Title</h1>\n<p>Some <em>text</em>.</p>");
    expect(markdownToHtml("### Three ###")).toBe("<h3>Three</h3>");
    expect(markdownToHtml("Title\n=====\nSub\n---")).toBe("<h1>Title</h1>\n<h2>Sub</h2>");
    expect(markdownInline("**bold** and __also__, *em* and _em_, ~~gone~~")).toBe("<strong>bold</strong> and <strong>also</strong>, <em>em</em> and <em>em</em>, <del>gone</del>");
    expect(markdownInline("`a*b*c < d` stays literal")).toBe("<code>a*b*c &lt; d</code> stays literal");
    expect(markdownInline("snake_case_name and 2*3*4")).toBe("snake_case_name and 2*3*4");
    expect(markdownInline("$x_i + y_i$")).toBe('<span class="math">$x_i + y_i$</span>');
    expect(markdownToHtml("line one  \nline two")).toBe("<p>line one<br>\nline two</p>");
    expect(markdownToHtml("```ts\nconst a = 1 < 2;\n\nlet b;\n```")).toBe('<pre><code class="language-ts">const a = 1 &lt; 2;\n\nlet b;</code></pre>');
    expect(markdownToHtml("    indented\n    code")).toBe("<pre><code>indented\ncode</code></pre>");
  });

  it("lists: bullets, ordered with a start, nested, tight and loose", () => {
    expect(markdownToHtml("- a\n- b\n  - c\n  - d\n- e")).toBe("<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n<li>d</li>\n</ul></li>\n<li>e</li>\n</ul>");
    expect(markdownToHtml("3. three\n4. four")).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
    expect(markdownToHtml("1. one\n\n2. two")).toBe("<ol>\n<li><p>one</p></li>\n<li><p>two</p></li>\n</ol>");
    expect(markdownToHtml("Text\n- right after")).toBe("<p>Text</p>\n<ul>\n<li>right after</li>\n</ul>");
    expect(markdownToHtml("- a\n\nAfter.")).toBe("<ul>\n<li>a</li>\n</ul>\n<p>After.</p>");
  });

  it("links, block quotes, rules, tables", () => {
    expect(markdownInline('[ok](https://example.org/a_b?x=1&y=2 "T")')).toBe('<a href="https://example.org/a_b?x=1&amp;y=2" title="T">ok</a>');
    expect(markdownInline("[rel](other.html#x) <https://e.org>")).toBe('<a href="other.html#x">rel</a> <a href="https://e.org">https://e.org</a>');
    expect(markdownToHtml("> quoted\n> *text*\n\n---")).toBe("<blockquote>\n<p>quoted\n<em>text</em></p>\n</blockquote>\n<hr>");
    expect(markdownToHtml("| a | b |\n|:-:|--:|\n| 1 | x \\| y |")).toBe(
      '<table>\n<thead><tr><th style="text-align:center">a</th><th style="text-align:right">b</th></tr></thead>\n<tbody>\n<tr><td style="text-align:center">1</td><td style="text-align:right">x | y</td></tr>\n</tbody></table>',
    );
  });

  it("escapes HTML except a few inline tags, refuses script URLs, and never loads remote images", () => {
    expect(markdownToHtml("<script>alert(1)</script> H<sub>2</sub>O<br>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; H<sub>2</sub>O<br></p>");
    expect(markdownInline("[x](javascript:alert(1))")).not.toContain("<a");
    expect(markdownInline("![map](https://tiles.example.org/1.png)")).toBe('<a href="https://tiles.example.org/1.png">[image: map]</a>');
    expect(markdownInline("![dot](data:image/png;base64,AAAA)")).toBe('<img src="data:image/png;base64,AAAA" alt="dot">');
  });
});

describe("formatNumber", () => {
  it("keeps enough digits to compare with a printed figure", () => {
    expect(formatNumber(4)).toBe("4");
    expect(formatNumber(-2.5)).toBe("-2.5");
    expect(formatNumber(12.3456789)).toBe("12.3457");
    expect(formatNumber(46176.48321)).toBe("46176.483");
    expect(formatNumber(0.0123456789)).toBe("0.0123457");
    expect(formatNumber(0.00001234)).toBe("1.23400e-5");
  });
});

describe("writeHtmlReport", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("writes index.html (with the real plotly.js inlined), one page per notebook and plotly.min.js — the same bytes twice", () => {
    const write = () => {
      const { report, executed, results } = fixtures();
      const dir = mkdtempSync(join(tmpdir(), "baltic-html-"));
      dirs.push(dir);
      writeHtmlReport(dir, report, executed, results, { dataDir: DATA });
      return dir;
    };
    const [one, two] = [write(), write()];
    const files = (d: string) => ["index.html", "plotly.min.js", ...readdirSync(join(d, "notebooks")).map((f) => `notebooks/${f}`)];
    expect(files(one)).toEqual(["index.html", "plotly.min.js", "notebooks/fixture-error.html", "notebooks/fixture-ok.html"]);
    for (const f of files(one)) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
    const plotly = readPlotlyJs();
    expect(readFileSync(join(one, "plotly.min.js"), "utf8")).toBe(plotly);
    const index = readFileSync(join(one, "index.html"), "utf8");
    const at = index.indexOf(plotly);
    expect(at).toBeGreaterThan(0);
    expect(index.indexOf(plotly, at + 1)).toBe(-1);
    expect(existsSync(join(one, "notebooks", "fixture-ok.html"))).toBe(true);
    expect(readFileSync(join(one, "notebooks", "fixture-ok.html"), "utf8")).toContain('<a href="../index.html#fixture-ok">← the report</a>');
  });
});

describe("report page: unverifiable claims and editorial findings", () => {
  it("shows an unverifiable claim with its missing evidence, and editorial findings in their own section, counted apart", () => {
    const nb = okNotebook();
    nb.cells.push({
      cell_type: "code",
      metadata: {},
      execution_count: 4,
      source: "nb.claim(…); nb.editorial(…)",
      outputs: [
        record({ kind: "claim", article: "fixture-ok", id: "always", text: "x is always doubled", rule: "quantifier", verdict: "unverifiable", numbers: { cases: 0 }, reason: "the numbers do not decide it: missing every x", missing: "every x <unprinted>", note: "" }),
        record({ kind: "editorial", article: "fixture-ok", id: "caption", text: "The caption says Table 1", type: "caption", note: "it is Table 2", numbers: {}, where: "p. 3" }),
      ],
    });
    const ok: ExecutedNotebook = { id: "fixture-ok", path: join(ROOT, "tests/fixtures/notebooks/fixture-ok.ipynb"), notebook: nb, status: "ok", timings: [], kernelStartMs: 0, totalMs: 0 };
    const results = [evaluate(ok, DATA, "tests/fixtures/notebooks/fixture-ok.ipynb")];
    const report = buildReport(results);
    const html = renderIndexHtml(report, [ok], results, { dataDir: DATA, plotlyJs: STUB_PLOTLY });
    expect(html).toContain('<span class="badge s-unverifiable">1 unverifiable</span>');
    expect(html).toContain("<b>missing:</b> every x &lt;unprinted&gt;");
    expect(html).toMatch(/<td class="verdict s-unverifiable" data-status="unverifiable">unverifiable<\/td><td class="claim">x is always doubled/);
    expect(html).toContain('<span class="badge s-editorial">1 editorial</span>');
    const section = html.slice(html.indexOf("<h3>Editorial findings</h3>"));
    expect(section).toMatch(/<tr id="fixture-ok-editorial-caption"><td class="s-editorial">caption<\/td><td class="claim">The caption says Table 1/);
    expect(html.slice(html.indexOf("<h3>Claims</h3>"), html.indexOf("<h3>Editorial findings</h3>"))).not.toContain("The caption says Table 1");
  });
});
