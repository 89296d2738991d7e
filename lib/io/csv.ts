/**
 * A small RFC 4180 CSV reader that keeps every cell as text and reports malformed input with its place
 * (file, line, column). Cells are never coerced: printed tables keep "0,4741" and "46 176" as printed, and
 * numbers are parsed later by `parsePrinted` (lib/verify.ts) or by the caller.
 */
import { readFileSync } from "node:fs";
import { InputError } from "../numeric/validate";

/** Line and column (1-based, counted in characters) of position `index` of `text`. */
function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: index - start + 1 };
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (structure only), or −1. */
function firstNonUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/**
 * Read a text file that must be UTF-8, refusing any other encoding instead of turning its bytes into "�" (a
 * Latin-1 or Windows-1251 label would otherwise become a different label, silently).
 *
 * @throws InputError naming the file, the first byte that is not UTF-8, and its line and column.
 * @example readTextFile("data/belov-2026/published/table-1.csv").startsWith("region,") // → true
 */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstNonUtf8Byte(bytes);
    if (bad >= 0) {
      let lineStart = 0;
      let line = 1;
      for (let i = 0; i < bad; i++) {
        if (bytes[i] === 10) {
          line++;
          lineStart = i + 1;
        }
      }
      const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, bad)).length + 1;
      throw new InputError(
        `${path} is not UTF-8: byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, "0")} at line ${line}, column ${column} (probably Latin-1 or Windows-1251); save the file as UTF-8`,
      );
    }
    throw new InputError(`${path} is not UTF-8; save the file as UTF-8`);
  }
}

export interface CsvTable {
  /** Header names, in order. */
  readonly columns: string[];
  /** One record per data row, keyed by header. */
  readonly rows: Record<string, string>[];
  /** Where the text came from, for messages. */
  readonly source: string;
}

/**
 * JSON.parse that names the source and the line and column of a syntax error (Node 20's message gives only a
 * character position, and people edit these files by hand).
 *
 * @throws InputError such as `published/tables.json, line 3, column 5: not valid JSON (Expected ',' or '}' …)`.
 * @example parseJson('{"a": 1}', "x.json") // → { a: 1 }
 */
export function parseJson(text: string, source = "<json>"): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const lc = /\(line (\d+) column (\d+)\)/.exec(message);
    const pos = /at position (\d+)/.exec(message);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(text, Number(pos[1])) : text.trim() === "" ? { line: 1, column: 1 } : null;
    const problem = text.trim() === "" ? "the file is empty" : `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, "").replace(/^Unexpected end of JSON input$/, "the text ends too early")})`;
    throw new InputError(`${source}${at ? `, line ${at.line}, column ${at.column}` : ""}: ${problem}`);
  }
}

/**
 * Parse CSV text with a header row. Quoted fields may contain commas, quotes ("") and newlines.
 * Every row must have as many fields as the header; blank lines at the end are ignored.
 *
 * @throws InputError naming the source, line and column of the problem.
 * @example parseCsv('a,b\n1,"x, y"\n').rows // → [{ a: "1", b: "x, y" }]
 */
export function parseCsv(text: string, source = "<csv>"): CsvTable {
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    // U+FFFD is what a UTF-8 decoder puts where a byte was not UTF-8: the text was read from a file in another
    // encoding, and a label here is no longer the label in the file.
    const at = lineColumn(text, bad);
    throw new InputError(
      `${source}, line ${at.line}, column ${at.column}: the replacement character "\uFFFD" — the file is probably not UTF-8 (Latin-1, Windows-1251?); save it as UTF-8 (readTextFile names the byte)`,
    );
  }
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
      const startColumn = fields.length + 1;
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
        throw new InputError(
          line > startLine
            ? `${source}, line ${startLine}, column ${startColumn}: a quoted field opened here runs over ${line - startLine} line break(s) to a quote on line ${line} that is followed by more text — is its closing quote missing on line ${startLine}?`
            : `${source}, line ${line}, column ${fields.length + 1}: text after a closing quote`,
        );
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
