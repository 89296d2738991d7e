/**
 * Printed tables, as transcribed in `data/<article>/published/`.
 *
 * Layout of an article's folder:
 *   published/tables.json   the tables: id, label as printed ("Table 1"), title, page, units, file, row key,
 *                           and each column's role
 *   published/<table>.csv   the cells exactly as printed (decimal commas, space thousands separators,
 *                           detached minus signs and "*" kept), one CSV per table
 *
 * Column roles: `label` identifies the row; `input` is a printed value the article computed nothing from
 * (the notebook reads it as an input); `derived` is a value the article computed, which the notebook must
 * recompute (or report as unavailable with the missing input named); `text` is other printed text.
 */
import { join } from "node:path";
import { parseCsv, parseJson, readTextFile } from "../io/csv";
import { compare, parsePrinted, type Comparison, type Computed, type NumberFormat, type PrintedNumber, type RoundingRule } from "./verify";
import { InputError } from "../numeric/validate";

export type ColumnRole = "label" | "input" | "derived" | "text";

export interface PublishedColumn {
  /** The CSV header: a short stable id. */
  readonly id: string;
  /** The column heading exactly as printed. */
  readonly printed: string;
  readonly role: ColumnRole;
  readonly units?: string;
}

export interface PublishedTableMeta {
  /** Stable id used in file names and reports, e.g. "table-1". */
  readonly id: string;
  /** The label as printed in the source, e.g. "Table 1" (or "untitled table, p. 31"). */
  readonly label: string;
  readonly title: string;
  /** Page(s) in the source publication. */
  readonly page: number | string;
  /** Line range in the seed text, e.g. "2101–2190", for whoever checks the transcription. */
  readonly sourceLines?: string;
  readonly units?: string;
  /** CSV file name inside published/. */
  readonly file: string;
  /**
   * How the table writes numbers (decimal and digit-group separators), required when the table has numeric
   * (input or derived) columns: a cell in another format is an error naming the table, row and column.
   */
  readonly numberFormat?: NumberFormat;
  /** The column whose value identifies a row. */
  readonly rowKey: string;
  readonly columns: readonly PublishedColumn[];
  readonly notes?: readonly string[];
  /**
   * How the source rounded its figures, for values exactly half-way (lib/verify.ts `compare`): "half-away-from-zero"
   * (the default: Excel, printed statistics) unless the article's tool is known to round half to even.
   */
  readonly rounding?: RoundingRule;
}

export interface PublishedIndex {
  readonly article: string;
  readonly source?: string;
  readonly tables: readonly PublishedTableMeta[];
}

/** One printed table with its cells. */
export interface PublishedTable {
  readonly meta: PublishedTableMeta;
  /** The rows, cells as printed. */
  readonly rows: readonly Record<string, string>[];
  /** Row ids (values of the row key), in printed order. */
  readonly rowIds: readonly string[];
  /** The printed text of a cell, or null when the cell is empty or a dash. */
  cell(row: string, column: string): string | null;
  /** A printed cell parsed as a number; throws naming the cell when it is not one. */
  number(row: string, column: string): PrintedNumber;
  /** The column values of all rows parsed as numbers (null where empty). */
  numbers(column: string): (PrintedNumber | null)[];
}

const EMPTY = new Set(["", "-", "–", "—", "n/a", "…", "..."]);

/** True when a printed cell holds nothing (empty, a dash, "n/a"). */
export function isEmptyCell(text: string | null | undefined): boolean {
  return text === null || text === undefined || EMPTY.has(text.trim());
}

function checkIndex(index: PublishedIndex, file: string): void {
  if (!index || !Array.isArray(index.tables)) throw new InputError(`${file}: expected { article, tables: [...] }`);
  const ids = new Set<string>();
  for (const t of index.tables) {
    for (const key of ["id", "label", "title", "file", "rowKey", "columns"] as const) {
      if (t[key] === undefined) throw new InputError(`${file}: table ${JSON.stringify(t.id ?? "?")} has no "${key}"`);
    }
    if (ids.has(t.id)) throw new InputError(`${file}: duplicate table id ${JSON.stringify(t.id)}`);
    ids.add(t.id);
    if (t.rounding !== undefined && t.rounding !== "half-away-from-zero" && t.rounding !== "half-even") {
      throw new InputError(`${file}: table ${t.id}: rounding must be "half-away-from-zero" or "half-even", got ${JSON.stringify(t.rounding)}`);
    }
    for (const c of t.columns) {
      if (!["label", "input", "derived", "text"].includes(c.role)) {
        throw new InputError(`${file}: table ${t.id}, column ${JSON.stringify(c.id)}: unknown role ${JSON.stringify(c.role)}`);
      }
    }
    const numeric = t.columns.some((c: PublishedColumn) => c.role === "input" || c.role === "derived");
    if (numeric && t.numberFormat === undefined) {
      throw new InputError(`${file}: table ${JSON.stringify(t.id)} has numeric columns but no "numberFormat" ({ "decimal": "," or ".", "group": " ", ",", "." or "" })`);
    }
    if (t.numberFormat !== undefined) {
      const f = t.numberFormat;
      const ok = f && typeof f === "object" && (f.decimal === "," || f.decimal === ".") && [" ", ",", ".", ""].includes(f.group) && f.group !== f.decimal;
      if (!ok) throw new InputError(`${file}: table ${JSON.stringify(t.id)}: numberFormat must be { "decimal": "," or ".", "group": " ", ",", "." or "" (not the decimal one) }, got ${JSON.stringify(f)}`);
    }
  }
}

/** Read `published/tables.json` of an article folder. */
export function readPublishedIndex(articleDir: string): PublishedIndex {
  const file = join(articleDir, "published", "tables.json");
  let index: PublishedIndex;
  index = parseJson(readTextFile(file), file) as PublishedIndex;
  checkIndex(index, file);
  return index;
}

/** Read one printed table, checking that the CSV's columns and rows agree with tables.json. */
export function readPublishedTable(articleDir: string, meta: PublishedTableMeta): PublishedTable {
  const file = join(articleDir, "published", meta.file);
  const csv = parseCsv(readTextFile(file), file);
  const declared = meta.columns.map((c) => c.id);
  const missing = declared.filter((c) => !csv.columns.includes(c));
  const extra = csv.columns.filter((c) => !declared.includes(c));
  if (missing.length || extra.length) {
    throw new InputError(
      `${file}: columns do not match tables.json (table ${meta.id})` +
        (missing.length ? `; missing ${missing.join(", ")}` : "") +
        (extra.length ? `; not declared ${extra.join(", ")}` : ""),
    );
  }
  if (!csv.columns.includes(meta.rowKey)) throw new InputError(`${file}: row key ${JSON.stringify(meta.rowKey)} is not a column`);
  const byId = new Map<string, Record<string, string>>();
  csv.rows.forEach((r, i) => {
    const id = r[meta.rowKey];
    if (byId.has(id)) throw new InputError(`${file}, line ${i + 2}: duplicate row id ${JSON.stringify(id)} in column ${meta.rowKey}`);
    byId.set(id, r);
  });
  // Every printed number of a numeric column must fit the table's declared format, checked here, once, so that a
  // cell in another format stops the article with its place named instead of being read as another number.
  for (const c of meta.columns) {
    if (c.role !== "input" && c.role !== "derived") continue;
    csv.rows.forEach((r, i) => {
      const t = r[c.id];
      if (isEmptyCell(t) || !/\d/.test(t)) return;
      try {
        parsePrinted(t, meta.numberFormat);
      } catch (e) {
        throw new InputError(`${file}, line ${i + 2}: table ${meta.id}, row ${JSON.stringify(r[meta.rowKey])}, column ${c.id}: ${(e as Error).message}`);
      }
    });
  }
  const columnIds = new Set(declared);
  const cell = (row: string, column: string): string | null => {
    const r = byId.get(row);
    if (!r) throw new InputError(`table ${meta.id}: no row ${JSON.stringify(row)} (${file})`);
    if (!columnIds.has(column)) throw new InputError(`table ${meta.id}: no column ${JSON.stringify(column)} (${file})`);
    const t = r[column];
    return isEmptyCell(t) ? null : t.trim();
  };
  return {
    meta,
    rows: csv.rows,
    rowIds: csv.rows.map((r) => r[meta.rowKey]),
    cell,
    number(row, column) {
      const t = cell(row, column);
      if (t === null) throw new InputError(`table ${meta.id}, row ${JSON.stringify(row)}, column ${column}: the cell is empty (${file})`);
      try {
        return parsePrinted(t, meta.numberFormat);
      } catch (e) {
        throw new InputError(`table ${meta.id}, row ${JSON.stringify(row)}, column ${column}: ${(e as Error).message} (${file})`);
      }
    },
    numbers(column) {
      return csv.rows.map((r) => {
        const id = r[meta.rowKey];
        const t = cell(id, column);
        if (t === null) return null;
        try {
          return parsePrinted(t, meta.numberFormat);
        } catch (e) {
          throw new InputError(`table ${meta.id}, row ${JSON.stringify(id)}, column ${column}: ${(e as Error).message} (${file})`);
        }
      });
    },
  };
}

/** What a notebook reports for one printed cell. */
export interface ReproducedValue {
  readonly row: string;
  readonly column: string;
  /** A number, an interval-carrying value, `{ missing }`, or text for a non-numeric printed cell. */
  readonly value: Computed | string | null;
  readonly note?: string;
}

/** A compared cell: where it is, and the comparison. */
export interface ValueResult extends Comparison {
  readonly table: string;
  readonly row: string;
  readonly column: string;
}

/**
 * Compare a text cell (e.g. "yes"/"no") with computed text: a match when equal after trimming and case
 * folding, else discrepant.
 */
function compareText(published: string | null, computed: string): Comparison {
  const p = (published ?? "").trim();
  const same = p.toLowerCase() === computed.trim().toLowerCase();
  return {
    status: same ? "match" : "discrepant",
    published,
    computed: null,
    note: same ? `printed "${p}"` : `computed "${computed}", printed "${p}"`,
  };
}

/**
 * Compare every derived cell of a printed table with what the notebook reported. Cells the notebook did not
 * report are `unavailable` ("not computed by the notebook"); a reported cell that is not a derived printed
 * cell is an error naming it, so a typo cannot pass silently.
 */
export function compareTable(table: PublishedTable, reproduced: readonly ReproducedValue[]): ValueResult[] {
  const { meta } = table;
  const derived = meta.columns.filter((c) => c.role === "derived").map((c) => c.id);
  const given = new Map<string, ReproducedValue>();
  for (const r of reproduced) {
    if (!table.rowIds.includes(r.row)) throw new InputError(`table ${meta.id}: the notebook reported row ${JSON.stringify(r.row)}, which the printed table does not have`);
    if (!derived.includes(r.column)) {
      throw new InputError(`table ${meta.id}: the notebook reported column ${JSON.stringify(r.column)}, which is not a derived column (derived: ${derived.join(", ") || "none"})`);
    }
    const key = `${r.row}\u0000${r.column}`;
    if (given.has(key)) throw new InputError(`table ${meta.id}: row ${JSON.stringify(r.row)}, column ${r.column} reported twice`);
    given.set(key, r);
  }
  const out: ValueResult[] = [];
  for (const row of table.rowIds) {
    for (const column of derived) {
      const printed = table.cell(row, column);
      if (printed === null) continue; // nothing printed here, nothing to compare
      const r = given.get(`${row}\u0000${column}`);
      let c: Comparison;
      const options = { format: meta.numberFormat, rounding: meta.rounding ?? "half-away-from-zero" } as const;
      try {
        if (!r) c = compare(printed, { missing: "not computed by the notebook" }, options);
        else if (typeof r.value === "string") c = compareText(printed, r.value);
        else c = compare(printed, r.value, options);
      } catch (e) {
        throw new InputError(`table ${meta.id}, row ${JSON.stringify(row)}, column ${column}: ${(e as Error).message} (${join("published", meta.file)})`);
      }
      const note = r?.note ? `${c.note}; ${r.note}` : c.note;
      out.push({ table: meta.id, row, column, ...c, note });
    }
  }
  return out;
}
