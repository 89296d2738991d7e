/**
 * The two Internet indicators of the digital-inequality article (rastvortseva-2026), extracted from Rosstat's
 * appendix to «Регионы России. Социально-экономические показатели» into the regional panel schema
 * (`region,year,indicator,value`, lib/regional-panel.ts), with the Rosstat label, the row's footnotes and the
 * text of every cell that holds no number.
 *
 *   npx tsx scripts/data/extract-broadband.ts [russia-data-dir]
 *
 * reads `ror-2023-section-17-ict.xlsx` (sheets `17.9.1.` fixed, `17.9.2.` mobile broadband subscribers per 100
 * inhabitants, 2011–2022) from the Russian data folder (argument, else BALTIC_REPRO_RUSSIA_DATA, else
 * ../shared/data/russia) and writes
 *
 *   data/rastvortseva-2026/inputs/broadband-2011-2022.csv          one row per (map region, year, indicator)
 *   data/rastvortseva-2026/inputs/broadband-2011-2022-dropped.csv  every sheet row not mapped, with the reason
 *
 * Every row of a sheet between the year heading and the footnotes is either mapped to exactly one region of
 * the 85-region map by `inputs/rosstat-broadband-labels.csv` or listed as dropped with the reason given there
 * (national total, federal-district subtotal, composite oblast, heading); a label the table does not know is
 * an error naming the sheet, row and label. Values are written as the workbook stores them (the 2022 column
 * is stored unrounded; the yearbook prints it to one decimal). Deterministic: the same workbook gives the
 * same bytes (tests/broadband-extract.test.ts checks the committed files against a fresh extraction).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../../lib/csv";
import { readXlsx, type CellValue, type Workbook } from "../../lib/xlsx";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ARTICLE_DIR = join(ROOT, "data", "rastvortseva-2026");
export const OUTPUT = join(ARTICLE_DIR, "inputs", "broadband-2011-2022.csv");
export const DROPPED_OUTPUT = join(ARTICLE_DIR, "inputs", "broadband-2011-2022-dropped.csv");
export const LABELS = join(ARTICLE_DIR, "inputs", "rosstat-broadband-labels.csv");

/** The workbooks and sheets: the 2023 edition is extracted, the 2022 edition is the cross-check. */
export const EDITIONS = {
  "2023": { file: "ror-2023-section-17-ict.xlsx", sheets: { fixed: "17.9.1.", mobile: "17.9.2." } },
  "2022": { file: "ror-2022-section-17-ict.xlsx", sheets: { fixed: "17.11.1.", mobile: "17.11.2." } },
} as const;
export type Indicator = "fixed" | "mobile";
/** Output order of the indicators (the article's column order). */
export const INDICATORS: readonly Indicator[] = ["mobile", "fixed"];

/** The Russian data folder: an explicit path, else BALTIC_REPRO_RUSSIA_DATA, else ../shared/data/russia. */
export function russiaDataDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const env = process.env.BALTIC_REPRO_RUSSIA_DATA;
  return env ? resolve(env) : resolve(ROOT, "..", "shared", "data", "russia");
}

/** One line of the label table: a Rosstat label (normalised) → a map region, or dropped with a reason. */
export interface LabelEntry {
  label: string;
  region: string;
  englishName: string;
  dropped: string;
}

/** A Rosstat label without footnote marks and with single spaces: "г. Москва3)" → "г. Москва". */
export function normalizeLabel(raw: string): { label: string; marks: number[] } {
  let label = raw.replace(/\s+/g, " ").trim();
  const marks: number[] = [];
  for (;;) {
    const m = /\s*(\d)\);?$/.exec(label);
    if (!m) break;
    marks.unshift(Number(m[1]));
    label = label.slice(0, m.index).trim();
  }
  return { label, marks };
}

/** Read `rosstat-broadband-labels.csv`; a label listed twice, a region given twice, or a row neither mapped nor dropped is an error. */
export function readLabels(text: string, source = "rosstat-broadband-labels.csv"): Map<string, LabelEntry> {
  const t = parseCsv(text, source);
  const out = new Map<string, LabelEntry>();
  const regions = new Map<string, number>();
  t.rows.forEach((r, k) => {
    const line = k + 2;
    const e: LabelEntry = { label: r.rosstat_label.trim(), region: r.region.trim(), englishName: r.english_name.trim(), dropped: r.dropped.trim() };
    if (out.has(e.label)) throw new Error(`${source}, line ${line}: ${JSON.stringify(e.label)} is listed twice`);
    if (!e.region === !e.dropped) throw new Error(`${source}, line ${line}: ${JSON.stringify(e.label)} needs either a region or a reason it is dropped (not both, not neither)`);
    if (e.region && regions.has(e.region)) throw new Error(`${source}, line ${line}: region ${JSON.stringify(e.region)} is also given to line ${regions.get(e.region)}`);
    if (e.region) regions.set(e.region, line);
    out.set(e.label, e);
  });
  return out;
}

/** One extracted value. */
export interface BroadbandRecord {
  region: string;
  year: number;
  indicator: Indicator;
  /** null when the cell holds no number (see `cell`). */
  value: number | null;
  /** The label as printed (spaces collapsed, footnote marks kept). */
  rosstatLabel: string;
  /** The footnotes attached to the row's label, and the folding note of a region published inside another. */
  footnote: string;
  /** The cell's text when it holds no number: "…" or "..." (not published), "" (empty cell). */
  cell: string;
  sheet: string;
  /** 1-based row of the sheet. */
  row: number;
}

/** A sheet row not mapped to a region. */
export interface DroppedRow {
  sheet: string;
  row: number;
  rosstatLabel: string;
  reason: string;
}

/** One sheet read: the records, the dropped rows and the footnotes under the table. */
export interface SheetExtract {
  records: BroadbandRecord[];
  dropped: DroppedRow[];
  /** Footnote number → text, as printed under the table. */
  footnotes: Map<number, string>;
  years: number[];
  /** Regions whose figures the sheet publishes inside another region's row: folded → into. */
  folded: Map<string, string>;
}

const GENITIVE_OBLAST = /включая данные по (\S+)ой области/;

/**
 * Extract one sheet. Rows: the year heading (the first row whose cells from column B are years), then one row
 * per label up to the footnotes ("1) …") or the separator line ("____", "¾¾¾").
 *
 * @throws Error naming the sheet, row and label: an unknown label, a region met twice, a cell that is neither
 *   a number nor a "not published" mark.
 */
export function extractSheet(book: Workbook, sheet: string, indicator: Indicator, labels: Map<string, LabelEntry>, source = "<xlsx>"): SheetExtract {
  const rows = book.sheet(sheet);
  const where = (i: number) => `${source}, sheet ${sheet}, row ${i + 1}`;
  const head = rows.findIndex((r) => r.length > 2 && r.slice(1).filter((c) => c !== null).length > 0 && r.slice(1).every((c) => c === null || (typeof c === "number" && Number.isInteger(c) && c >= 2000 && c <= 2100)));
  if (head < 0) throw new Error(`${source}, sheet ${sheet}: no row of year headings`);
  const yearCols: { col: number; year: number }[] = [];
  rows[head].forEach((c, j) => {
    if (j > 0 && typeof c === "number") yearCols.push({ col: j, year: c });
  });
  let end = rows.length;
  const footnotes = new Map<number, string>();
  for (let i = head + 1; i < rows.length; i++) {
    const first = rows[i][0];
    const text = typeof first === "string" ? first.trim() : "";
    if (end === rows.length && (/^[_¾]{3,}$/.test(text) || /^\d\)/.test(text))) end = i;
    const fn = /^(\d)\)\s*(.*)$/.exec(text);
    if (i >= end && fn) footnotes.set(Number(fn[1]), `${fn[1]}) ${fn[2].trim()}`);
  }
  const records: BroadbandRecord[] = [];
  const dropped: DroppedRow[] = [];
  const seen = new Map<string, number>();
  const marksOf = new Map<string, number[]>();
  for (let i = head + 1; i < end; i++) {
    const first = rows[i][0];
    if (first === null || (typeof first === "string" && first.trim() === "")) {
      if (rows[i].some((c) => c !== null && String(c).trim() !== "")) throw new Error(`${where(i)}: a row with values but no label`);
      continue;
    }
    const printed = String(first).replace(/\s+/g, " ").trim();
    const { label, marks } = normalizeLabel(String(first));
    const entry = labels.get(label);
    if (!entry) throw new Error(`${where(i)}: the label ${JSON.stringify(printed)} is not in ${LABELS.replace(ROOT + "/", "")}; add it with the map region it is, or with the reason it is dropped`);
    if (entry.dropped) {
      dropped.push({ sheet, row: i + 1, rosstatLabel: printed, reason: entry.dropped });
      continue;
    }
    if (seen.has(entry.region)) throw new Error(`${where(i)}: ${JSON.stringify(printed)} is region ${entry.region}, already given by row ${seen.get(entry.region)}`);
    seen.set(entry.region, i + 1);
    marksOf.set(entry.region, marks);
    for (const { col, year } of yearCols) {
      const c: CellValue = rows[i][col] ?? null;
      let value: number | null = null;
      let cell = "";
      if (typeof c === "number") value = c;
      else if (c === null || (typeof c === "string" && /^\s*$/.test(c))) cell = "";
      else if (typeof c === "string" && /^\s*(…|\.\.\.)\s*$/.test(c)) cell = c.trim();
      else throw new Error(`${where(i)} (${printed}), year ${year}: ${JSON.stringify(c)} is neither a number nor "…"`);
      records.push({ region: entry.region, year, indicator, value, rosstatLabel: printed, footnote: "", cell, sheet, row: i + 1 });
    }
  }
  const missingRegions = Array.from(new Set(Array.from(labels.values()).filter((e) => e.region).map((e) => e.region))).filter((r) => !seen.has(r));
  if (missingRegions.length) throw new Error(`${source}, sheet ${sheet}: no row for ${missingRegions.join(", ")}`);
  // Footnotes of the rows; "включая данные по Московской области" on a row whose named region has no figure
  // at all means the region is published inside that row (folded).
  const folded = new Map<string, string>();
  const byLabel = new Map(Array.from(labels.values()).map((e) => [e.label, e]));
  for (const [region, marks] of marksOf) {
    for (const m of marks) {
      const text = footnotes.get(m);
      if (!text) throw new Error(`${source}, sheet ${sheet}: region ${region} carries footnote mark ${m}) but the sheet has no footnote ${m}`);
      const g = GENITIVE_OBLAST.exec(text);
      if (!g) continue;
      const inner = byLabel.get(`${g[1]}ая область`);
      if (!inner || !inner.region) throw new Error(`${source}, sheet ${sheet}: footnote ${JSON.stringify(text)} names a region not in the label table`);
      const innerHasFigures = records.some((r) => r.region === inner.region && r.value !== null);
      if (!innerHasFigures) folded.set(inner.region, region);
    }
  }
  for (const r of records) {
    const notes = (marksOf.get(r.region) ?? []).map((m) => footnotes.get(m)!);
    const into = folded.get(r.region);
    if (into) notes.push(`not published separately: included in ${into} (${(marksOf.get(into) ?? []).map((m) => footnotes.get(m)).filter((t) => t && GENITIVE_OBLAST.test(t)).join("; ")})`);
    const contradicted = (marksOf.get(r.region) ?? []).map((m) => footnotes.get(m)!).filter((t) => GENITIVE_OBLAST.test(t) && !Array.from(folded.values()).includes(r.region));
    if (contradicted.length) notes.push("(the oblast named has figures of its own in this sheet, so this row is read as the city alone)");
    r.footnote = notes.join(" ");
  }
  return { records, dropped, footnotes, years: yearCols.map((y) => y.year), folded };
}

/** Everything extracted from one edition's two sheets. */
export interface BroadbandExtract {
  file: string;
  records: BroadbandRecord[];
  dropped: DroppedRow[];
  sheets: Record<Indicator, SheetExtract>;
}

/** Extract both sheets of an edition from the Russian data folder. */
export function extractEdition(edition: keyof typeof EDITIONS, dir = russiaDataDir(), labelsText = readFileSync(LABELS, "utf8")): BroadbandExtract {
  const { file, sheets } = EDITIONS[edition];
  const path = join(dir, file);
  const book = readXlsx(readFileSync(path), file);
  const labels = readLabels(labelsText);
  const out = { mobile: extractSheet(book, sheets.mobile, "mobile", labels, file), fixed: extractSheet(book, sheets.fixed, "fixed", labels, file) };
  const records = INDICATORS.flatMap((ind) => out[ind].records);
  return { file, records, dropped: [...out.mobile.dropped, ...out.fixed.dropped], sheets: out };
}

const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The panel CSV: region,year,indicator,value,rosstat_label,footnote,cell,sheet,row — sorted by indicator, region in sheet order, year. */
export function broadbandCsv(records: readonly BroadbandRecord[]): string {
  const lines = ["region,year,indicator,value,rosstat_label,footnote,cell,sheet,row"];
  for (const r of records) {
    lines.push([r.region, String(r.year), r.indicator, r.value === null ? "" : String(r.value), r.rosstatLabel, r.footnote, r.cell, r.sheet, String(r.row)].map(quote).join(","));
  }
  return lines.join("\n") + "\n";
}

/** The dropped rows: sheet,row,rosstat_label,reason. */
export function droppedCsv(dropped: readonly DroppedRow[]): string {
  return ["sheet,row,rosstat_label,reason", ...dropped.map((d) => [d.sheet, String(d.row), d.rosstatLabel, d.reason].map(quote).join(","))].join("\n") + "\n";
}

function main(): void {
  const dir = russiaDataDir(process.argv[2]);
  const x = extractEdition("2023", dir);
  writeFileSync(OUTPUT, broadbandCsv(x.records));
  writeFileSync(DROPPED_OUTPUT, droppedCsv(x.dropped));
  const missing = x.records.filter((r) => r.value === null).length;
  console.log(`${x.file}: ${x.records.length} values (${missing} without a figure) for ${new Set(x.records.map((r) => r.region)).size} regions → ${OUTPUT}`);
  console.log(`${x.dropped.length} rows dropped → ${DROPPED_OUTPUT}`);
  for (const ind of INDICATORS) for (const [a, b] of x.sheets[ind].folded) console.log(`${ind}: ${a} is published inside ${b}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
