/**
 * A small RFC 4180 CSV reader that keeps every cell as text and reports malformed input with its place
 * (file, line, column). Cells are never coerced: printed tables keep "0,4741" and "46 176" as printed, and
 * numbers are parsed later by `parsePrinted` (lib/verify.ts) or by the caller.
 */
import { InputError } from "../numeric/validate";

export interface CsvTable {
  /** Header names, in order. */
  readonly columns: string[];
  /** One record per data row, keyed by header. */
  readonly rows: Record<string, string>[];
  /** Where the text came from, for messages. */
  readonly source: string;
}

/**
 * Parse CSV text with a header row. Quoted fields may contain commas, quotes ("") and newlines.
 * Every row must have as many fields as the header; blank lines at the end are ignored.
 *
 * @throws InputError naming the source, line and column of the problem.
 * @example parseCsv('a,b\n1,"x, y"\n').rows // → [{ a: "1", b: "x, y" }]
 */
export function parseCsv(text: string, source = "<csv>"): CsvTable {
  const records = splitRecords(text, source);
  while (records.length > 0 && records[records.length - 1].fields.every((f) => f === "") && records[records.length - 1].fields.length <= 1) {
    records.pop();
  }
  if (records.length === 0) throw new InputError(`${source}: empty CSV (no header row)`);
  const header = records[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === "") throw new InputError(`${source}, line 1, column ${j + 1}: empty column name`);
    if (seen.has(h)) throw new InputError(`${source}, line 1: duplicate column name ${JSON.stringify(h)}`);
    seen.add(h);
  });
  const rows: Record<string, string>[] = [];
  for (const rec of records.slice(1)) {
    if (rec.fields.length === 1 && rec.fields[0] === "") continue; // blank line
    if (rec.fields.length !== header.length) {
      throw new InputError(`${source}, line ${rec.line}: ${rec.fields.length} fields, but the header has ${header.length}`);
    }
    const row: Record<string, string> = {};
    header.forEach((h, j) => (row[h] = rec.fields[j]));
    rows.push(row);
  }
  return { columns: header, rows, source };
}

function splitRecords(text: string, source: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && field === "") {
      const startLine = line;
      i++;
      let closed = false;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (s[i] === "\n") line++;
        field += s[i++];
      }
      if (!closed) throw new InputError(`${source}, line ${startLine}, column ${fields.length + 1}: unterminated quoted field`);
      if (i < s.length && s[i] !== "," && s[i] !== "\n" && s[i] !== "\r") {
        throw new InputError(`${source}, line ${line}, column ${fields.length + 1}: text after a closing quote`);
      }
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      fields.push(field);
      out.push({ line: recordLine, fields });
      fields = [];
      field = "";
      if (c === "\r" && s[i + 1] === "\n") i++;
      i++;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    out.push({ line: recordLine, fields });
  }
  return out;
}

/**
 * Write rows as CSV text (header from `columns`), quoting fields that need it.
 * @example formatCsv(["a", "b"], [{ a: "1", b: "x, y" }]) // → 'a,b\n1,"x, y"\n'
 */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const q = (v: unknown): string => {
    const t = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [columns.map(q).join(","), ...rows.map((r) => columns.map((c) => q(r[c])).join(","))].join("\n") + "\n";
}
