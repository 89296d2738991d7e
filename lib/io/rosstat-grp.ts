/**
 * Rosstat's workbook "Валовой региональный продукт" (GRP by subject of the Russian Federation, updated
 * 09.04.2025; `grp-1998-2023.xlsx`, see /work/shared/data/russia/SOURCES.md) turned into a long-format
 * regional panel (region, year, indicator, value) as `lib/regional-panel.ts` reads it.
 *
 * Layout of the per-capita sheets (named "3": 1998–2015 and "4": 2016–2023, roubles): row 3 holds the years
 * in columns B…, printed with footnote markers glued on ("20111)" = 2011 with footnote 1); from row 4 on,
 * column A holds a name (national total, federal-district subtotals, subjects) and the other columns the
 * values, "…" where there is no figure, empty where the subject did not exist in Russian statistics
 * (Crimea and Sevastopol before 2014).
 *
 * Every row name must appear in the name mapping (`data/rastvortseva-2026/inputs/russia-region-names.csv`:
 * rosstat_name, topology_id, english_name, note), either with a topology id (kept) or with an empty id
 * (dropped, the note says why: totals, subtotals, and Arkhangelsk and Tyumen oblasts *including* their
 * autonomous okrugs, which the map has as separate subjects). A row not in the mapping is an error naming
 * it, so that nothing is dropped silently. "…" and empty cells become missing values in the panel.
 */
import { parseCsv } from "./csv";
import type { CellValue, Workbook } from "./xlsx";

/** One row of the name mapping. */
export interface RegionName {
  rosstatName: string;
  /** The id of the subject in the TopoJSON map, or "" when the row is dropped. */
  topologyId: string;
  englishName: string;
  note: string;
}

/** Read the name mapping CSV (columns rosstat_name, topology_id, english_name, note). */
export function readRegionNames(csvText: string, source = "russia-region-names.csv"): RegionName[] {
  const t = parseCsv(csvText, source);
  for (const c of ["rosstat_name", "topology_id", "english_name", "note"]) {
    if (!t.columns.includes(c)) throw new Error(`${source}: no column ${JSON.stringify(c)} (columns: ${t.columns.join(", ")})`);
  }
  const seen = new Set<string>();
  const ids = new Set<string>();
  return t.rows.map((r, i) => {
    const name = r.rosstat_name.trim();
    const id = r.topology_id.trim();
    if (seen.has(name)) throw new Error(`${source}, line ${i + 2}: ${JSON.stringify(name)} is listed twice`);
    if (id && ids.has(id)) throw new Error(`${source}, line ${i + 2}: topology id ${JSON.stringify(id)} is given to two names`);
    if (!id && !r.note.trim()) throw new Error(`${source}, line ${i + 2}: ${JSON.stringify(name)} is dropped (no topology id) without a note saying why`);
    seen.add(name);
    if (id) ids.add(id);
    return { rosstatName: name, topologyId: id, englishName: r.english_name.trim(), note: r.note.trim() };
  });
}

/** A year heading of the sheet: 2011, or "20111)" (2011 with footnote 1) → 2011. */
export function parseYearHeading(cell: CellValue): number | null {
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 1900 && cell <= 2100) return cell;
  if (typeof cell === "string") {
    const m = /^\s*((?:19|20)\d\d)(?:\d{1,2}\))*\s*$/.exec(cell);
    if (m) return Number(m[1]);
  }
  return null;
}

/** One panel record: the map id, the year and the value (null = no figure). */
export interface GrpRecord {
  region: string;
  year: number;
  value: number | null;
}

/**
 * The per-capita GRP of every mapped subject from the given sheets, for `years` (all years of the sheets
 * when omitted).
 *
 * @throws an Error naming the sheet and row of an unmapped name, a non-numeric cell, a year that appears in
 *   two sheets, or a requested year that no sheet has.
 */
export function grpPerCapitaRecords(book: Workbook, names: readonly RegionName[], options: { sheets?: string[]; years?: number[] } = {}): GrpRecord[] {
  const sheets = options.sheets ?? ["3", "4"];
  const byName = new Map(names.map((n) => [n.rosstatName, n]));
  const out: GrpRecord[] = [];
  const yearsSeen = new Map<number, string>();
  const kept = new Map<string, string>();
  for (const sheetName of sheets) {
    const rows = book.sheet(sheetName);
    const headerRow = rows.findIndex((r) => r.slice(1).some((c) => parseYearHeading(c) !== null));
    if (headerRow < 0) throw new Error(`sheet ${sheetName}: no row of year headings found`);
    const yearCols: { col: number; year: number }[] = [];
    rows[headerRow].forEach((c, j) => {
      if (j === 0) return;
      const y = parseYearHeading(c);
      if (y === null) return;
      if (yearsSeen.has(y)) throw new Error(`year ${y} appears in sheets ${yearsSeen.get(y)} and ${sheetName}`);
      yearsSeen.set(y, sheetName);
      if (!options.years || options.years.includes(y)) yearCols.push({ col: j, year: y });
    });
    for (let i = headerRow + 1; i < rows.length; i++) {
      const row = rows[i];
      const first = row[0];
      if (typeof first !== "string" || first.trim() === "") continue;
      const name = first.trim();
      // footnotes under the table: "1) Данные …", "3)Данные …"
      if (/^\d+\)/.test(name)) continue;
      const entry = byName.get(name);
      if (!entry) throw new Error(`sheet ${sheetName}, row ${i + 1}: ${JSON.stringify(name)} is not in the region-name mapping; add it (with a topology id, or with an empty id and a note saying why it is dropped)`);
      if (!entry.topologyId) continue;
      const prev = kept.get(`${sheetName}\u0000${entry.topologyId}`);
      if (prev) throw new Error(`sheet ${sheetName}, row ${i + 1}: ${entry.topologyId} already came from row ${prev}`);
      kept.set(`${sheetName}\u0000${entry.topologyId}`, String(i + 1));
      for (const { col, year } of yearCols) {
        const c = row[col] ?? null;
        let value: number | null;
        if (c === null || (typeof c === "string" && /^\s*(…|\.\.\.|-|–)?\s*$/.test(c))) value = null;
        else if (typeof c === "number") value = c;
        else throw new Error(`sheet ${sheetName}, row ${i + 1} (${name}), year ${year}: ${JSON.stringify(c)} is not a number`);
        out.push({ region: entry.topologyId, year, value });
      }
    }
  }
  if (options.years) {
    const missing = options.years.filter((y) => !yearsSeen.has(y));
    if (missing.length) throw new Error(`years ${missing.join(", ")} are in none of the sheets ${sheets.join(", ")}`);
  }
  const mapped = names.filter((n) => n.topologyId);
  for (const sheetName of sheets) {
    const absent = mapped.filter((n) => !kept.has(`${sheetName}\u0000${n.topologyId}`));
    if (absent.length) throw new Error(`sheet ${sheetName}: no row for ${absent.map((n) => `${n.rosstatName} (${n.topologyId})`).join(", ")}`);
  }
  return out;
}

/** The records as the long-format panel CSV that `readPanel` (lib/regional-panel.ts) reads. */
export function panelCsv(records: readonly GrpRecord[], indicator = "grp_per_capita"): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ["region,year,indicator,value", ...records.map((r) => `${q(r.region)},${r.year},${indicator},${r.value === null ? "" : String(r.value)}`)].join("\n") + "\n";
}
