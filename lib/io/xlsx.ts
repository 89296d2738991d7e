/**
 * A minimal reader for Office Open XML workbooks (.xlsx): enough to read the cell values of Rosstat's
 * published workbooks, with no dependency beyond `node:zlib`.
 *
 * An .xlsx file is a ZIP archive. This reader
 *   1. finds the ZIP "end of central directory" record (signature 0x06054b50) at the end of the file, walks
 *      the central directory (0x02014b50 entries: name, compression method, sizes, local header offset) and
 *      reads each member's data after its local header (0x04034b50), inflating method 8 (deflate) with
 *      `zlib.inflateRawSync` and copying method 0 (stored);
 *   2. maps sheet names to member files through `xl/workbook.xml` (`<sheet name r:id>`) and
 *      `xl/_rels/workbook.xml.rels` (`<Relationship Id Target>`) — sheet *names* and `sheetN.xml` numbers
 *      differ in general (in Rosstat's GRP workbook the sheet named "3" is `sheet4.xml`);
 *   3. reads `xl/sharedStrings.xml` (`<si>` items; rich-text runs are concatenated) and a sheet's
 *      `<c r="B7" t="…"><v>…</v></c>` cells: `t="s"` shared string, `t="str"` formula string,
 *      `t="inlineStr"` inline text, `t="b"` boolean, `t="e"` error (kept as its text), otherwise a number.
 *
 * Not supported (a clear error says so): ZIP64 archives, encrypted members, compression other than
 * stored/deflate. Dates are returned as their serial numbers (no styles are read). Formulas are ignored:
 * the cached value `<v>` is what is returned, as Excel last computed it.
 *
 * Usage:
 *   const book = readXlsx(readFileSync("grp-1998-2023.xlsx"));
 *   book.sheetNames;            // ["Содержание", "1", "2", …]
 *   const rows = book.sheet("3"); // (string | number | boolean | null)[][], row-major, A1 at [0][0]
 */
import { inflateRawSync } from "node:zlib";

export type CellValue = string | number | boolean | null;

export interface Workbook {
  /** Sheet names in workbook order. */
  readonly sheetNames: readonly string[];
  /** A sheet's cells as a dense row-major array (empty cells are null); throws naming unknown sheets. */
  sheet(name: string): CellValue[][];
}

/** The members of a ZIP archive, by name, inflated. */
export function readZip(buf: Uint8Array, source = "<zip>"): Map<string, Buffer> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${source}: not a ZIP archive (no end-of-central-directory record); is it really an .xlsx file?`);
  const count = b.readUInt16LE(eocd + 10);
  const cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(`${source}: ZIP64 archives are not supported`);
  const out = new Map<string, Buffer>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw new Error(`${source}: central directory entry ${k} is damaged (offset ${p})`);
    const flags = b.readUInt16LE(p + 8);
    const method = b.readUInt16LE(p + 10);
    const compSize = b.readUInt32LE(p + 20);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new Error(`${source}: member ${name} is encrypted`);
    if (b.readUInt32LE(local) !== 0x04034b50) throw new Error(`${source}: member ${name}: bad local header at offset ${local}`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + compSize);
    if (method === 0) out.set(name, Buffer.from(data));
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`${source}: member ${name} uses compression method ${method}; only stored (0) and deflate (8) are supported`);
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode XML character references and the five predefined entities. */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1]) : undefined;
};

/** Text of all `<t>` runs inside an element (rich text runs concatenated; phonetic runs `<rPh>` skipped). */
const textRuns = (xml: string): string =>
  decodeXml(
    xml
      .replace(/<rPh\b[\s\S]*?<\/rPh>/g, "")
      .match(/<t\b[^>]*>[\s\S]*?<\/t>|<t\b[^>]*\/>/g)
      ?.map((t) => t.replace(/^<t\b[^>]*>|<\/t>$|^<t\b[^>]*\/>$/g, ""))
      .join("") ?? "",
  );

/** Zero-based [row, column] of an A1 reference ("B7" → [6, 1]). */
export function cellIndex(ref: string): [number, number] {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a cell reference: ${JSON.stringify(ref)}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, col - 1];
}

/** Open a workbook from the bytes of an .xlsx file. */
export function readXlsx(buf: Uint8Array, source = "<xlsx>"): Workbook {
  const zip = readZip(buf, source);
  const member = (name: string): string => {
    const m = zip.get(name);
    if (!m) throw new Error(`${source}: member ${name} is missing; is it really an .xlsx workbook?`);
    // XML 1.0 §2.11: a parser passes CR LF and a lone CR on as LF (line breaks typed in a cell arrive as "\n"); a
    // character reference &#13; is decoded later and stays a CR, as the standard wants
    return m.toString("utf8").replace(/\r\n?/g, "\n");
  };
  const rels = new Map<string, string>();
  for (const tag of member("xl/_rels/workbook.xml.rels").match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attr(tag, "Id");
    const target = attr(tag, "Target");
    if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const sheets = new Map<string, string>();
  for (const tag of member("xl/workbook.xml").match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attr(tag, "name");
    const rid = attr(tag, "r:id");
    const file = rid ? rels.get(rid) : undefined;
    if (name === undefined || !file) throw new Error(`${source}: workbook.xml has a sheet without a resolvable relationship: ${tag}`);
    sheets.set(name, file);
  }
  const shared: string[] = zip.has("xl/sharedStrings.xml")
    ? (member("xl/sharedStrings.xml").match(/<si\b[^>]*>[\s\S]*?<\/si>|<si\b[^>]*\/>/g) ?? []).map(textRuns)
    : [];
  return {
    sheetNames: [...sheets.keys()],
    sheet(name: string): CellValue[][] {
      const file = sheets.get(name);
      if (!file) throw new Error(`${source}: no sheet named ${JSON.stringify(name)} (sheets: ${[...sheets.keys()].join(", ")})`);
      const rows: CellValue[][] = [];
      const xml = member(file);
      for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const tag = `<c${m[1]}>`;
        const ref = attr(tag, "r");
        if (!ref) throw new Error(`${source}, sheet ${name}: a cell without a reference (r="…") is not supported`);
        const [r, c] = cellIndex(ref);
        const body = m[2] ?? "";
        const type = attr(tag, "t") ?? "n";
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let value: CellValue = null;
        if (type === "inlineStr") value = textRuns(body);
        else if (v === undefined) value = null;
        else if (type === "s") {
          const k = Number(v);
          if (!(k >= 0 && k < shared.length)) throw new Error(`${source}, sheet ${name}, cell ${ref}: shared string ${v} does not exist (${shared.length} strings)`);
          value = shared[k];
        } else if (type === "str" || type === "e") value = decodeXml(v);
        else if (type === "b") value = v === "1";
        else {
          value = Number(v);
          if (!Number.isFinite(value)) throw new Error(`${source}, sheet ${name}, cell ${ref}: ${JSON.stringify(v)} is not a number`);
        }
        while (rows.length <= r) rows.push([]);
        const row = rows[r];
        while (row.length <= c) row.push(null);
        row[c] = value;
      }
      return rows;
    },
  };
}
