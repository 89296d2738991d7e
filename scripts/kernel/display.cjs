// A cell's last-expression value as a MIME bundle, by its kind — what a user of IPython or Node's REPL expects
// to see as `Out[n]`:
//   - an Arquero table, or an array of plain row objects: an HTML table with a fixed-width text fallback
//     (the first ROW_LIMIT rows, and how many more there are), never the table's internals;
//   - a Plotly figure object ({ data: [traces…], layout?, config?, frames? }): the same bundle as
//     `plot(figure)` — Plotly JSON, HTML, static SVG, text;
//   - anything else: text/plain as Node's REPL prints it (util.inspect, without colours, so that an executed
//     notebook is the same bytes every time).
// Tables and figures are rendered by the library's own display module (lib/display.ts), loaded only when a
// value needs it.
"use strict";
const util = require("node:util");

const ROW_LIMIT = 50;

const isPlainObject = (v) => v !== null && typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** An Arquero table (duck-typed: a second copy of Arquero, or a derived table class, is still a table). */
const isArqueroTable = (v) =>
  v !== null && typeof v === "object" && typeof v.objects === "function" && typeof v.columnNames === "function" && typeof v.numRows === "function";

/** An array of rows: every element a plain object whose values are not themselves objects (other than dates). */
const isRowArray = (v) =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((r) => isPlainObject(r) && Object.values(r).every((x) => x === null || typeof x !== "object" || x instanceof Date));

/** A Plotly figure: a plain object with a `data` array of plain trace objects and only Plotly's top-level keys. */
const isPlotlyFigure = (v) =>
  isPlainObject(v) &&
  Array.isArray(v.data) &&
  v.data.every(isPlainObject) &&
  Object.keys(v).every((k) => ["data", "layout", "config", "frames"].includes(k)) &&
  (v.layout === undefined || isPlainObject(v.layout));

let displayModule;
const libDisplay = () => (displayModule ??= require("baltic-repro/display"));

/** Node REPL's rendering of a value. */
const inspect = (value) => util.inspect(value, { colors: false, depth: 2, maxArrayLength: 100, breakLength: 100 });

function tableBundle(rows, total, kind) {
  const { tableHtml, tableText } = libDisplay();
  const more = total > rows.length ? ` (first ${rows.length} shown)` : "";
  const caption = `${kind}: ${total} row${total === 1 ? "" : "s"}${more}`;
  const columns = rows.length ? undefined : [];
  const html = tableHtml(rows, { caption, columns });
  const text = tableText(rows, { caption, columns });
  return { "text/html": html, "text/plain": text };
}

/** The MIME bundle of a cell's value. */
function valueBundle(value) {
  try {
    if (isArqueroTable(value)) {
      const total = value.numRows();
      const columns = value.columnNames();
      const rows = value.objects({ limit: ROW_LIMIT });
      const b = tableBundle(rows, total, `table, ${columns.length} column${columns.length === 1 ? "" : "s"}`);
      if (rows.length === 0) b["text/plain"] = `table: 0 rows; columns: ${columns.join(", ")}`;
      return b;
    }
    if (isRowArray(value)) return tableBundle(value.slice(0, ROW_LIMIT), value.length, "rows");
    if (isPlotlyFigure(value)) return libDisplay().figureBundle(value);
  } catch (e) {
    // A value that looks like a table or figure but cannot be shown as one is shown as the REPL would.
    return { "text/plain": `${inspect(value)}\n(could not be displayed as a ${isArqueroTable(value) ? "table" : "figure"}: ${e && e.message})` };
  }
  return { "text/plain": inspect(value) };
}

module.exports = { valueBundle, isArqueroTable, isRowArray, isPlotlyFigure, ROW_LIMIT };
