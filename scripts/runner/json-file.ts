/**
 * Reading the runner's JSON input files (notebooks, expected.json, published/tables.json) so that a bad file
 * is an error that names the file and the place in it — "data/x/expected.json, line 3, column 5: not valid
 * JSON (Expected ',' or '}' after property value)" — instead of a bare SyntaxError that ends the run.
 *
 * Why a module of its own: JSON.parse reports a character offset ("at position 45") on Node 20 and a line
 * and column only on newer V8s; people edit these files by hand and need the line.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** A runner input file that cannot be used: `file` and, when known, the 1-based `line` and `column`. */
export class BadFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${displayFile(file)}${line !== undefined ? `, line ${line}, column ${column}` : ""}: ${problem}`);
    this.name = "BadFileError";
  }
}

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * A path for messages: relative to the project when inside it (so that a message in report.json is the same
 * whichever folder the run was started from, and on every CI machine), else absolute.
 */
export function displayFile(file: string): string {
  const r = relative(PROJECT_ROOT, resolve(file));
  return (r && !r.startsWith("..") && !isAbsolute(r) ? r : resolve(file)).split(sep).join("/");
}

/**
 * The 1-based line and column of the character at `offset` (UTF-16 code units, as JSON.parse counts), lines
 * ending at \n, \r\n or \r.
 *
 * @example lineAndColumn('{\n  "a": 1\n  "b"', 13) // → { line: 3, column: 3 }
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/** Where JSON.parse's message says the error is: a character offset, or a line and column (newer V8). */
function errorPlace(message: string, text: string): { line: number; column: number } | undefined {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineAndColumn(text, Number(pos[1]));
  // "Unexpected end of JSON input": the place is the end of the text.
  if (/end of (JSON|data)/i.test(message)) return lineAndColumn(text, text.length);
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineAndColumn(text, offset);
}

/**
 * The offset of the first character where `text` stops being JSON (RFC 8259), by a scan that checks the
 * grammar only; used when V8's message carries no position ("Unexpected token 'u', "tru" is not valid JSON").
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const bad = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) (i--, bad());
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) bad();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch < " ") bad();
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) ((i += k), bad());
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? "x")) i++;
        else bad();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || !m[0] || m[0] === "-") bad();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') bad();
        string();
        ws();
        if (text[i] !== ":") bad();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else bad();
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else bad();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch >= "0" && ch <= "9")) number();
    else bad();
  };
  try {
    value();
    ws();
    if (i < text.length) bad();
    return undefined;
  } catch (at) {
    if (typeof at === "number") return at;
    throw at;
  }
}

/**
 * Parse JSON `text` read from `file`; a syntax error becomes a BadFileError with the line and column.
 * `what` names what the file should be ("a notebook", "the recorded expectations").
 */
export function parseJsonText(text: string, file: string, what = "JSON"): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark, as editors on Windows write
  if (text.trim() === "") throw new BadFileError(file, `the file is empty (expected ${what})`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/,? ?(in JSON )?at position \d+/, "").replace(/, ".*" is not valid JSON$/s, "").trim();
    const at = errorPlace((e as Error).message, text);
    return fail(file, `not valid JSON (${message}); expected ${what}`, at);
  }
}

function fail(file: string, problem: string, at?: { line: number; column: number }): never {
  throw new BadFileError(file, problem, at?.line, at?.column);
}

/** Read and parse a UTF-8 JSON file; a file that is not UTF-8, is empty or is not JSON is a BadFileError. */
export function readJsonFile(file: string, what = "JSON"): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new BadFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Name the first byte that is not UTF-8, so that the place can be found in an editor.
    const good = firstInvalidUtf8(bytes);
    const at = lineAndColumn(bytes.subarray(0, good).toString("utf8"), Number.MAX_SAFE_INTEGER);
    return fail(file, `not UTF-8 (byte 0x${bytes[good].toString(16).padStart(2, "0")}); save it as UTF-8`, at);
  }
  return parseJsonText(text, file, what);
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection; streaming, so that a prefix cut inside a sequence is not invalid.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The bad sequence starts at the last character boundary at or before that point.
  for (let i = lo; i > Math.max(0, lo - 4); i--) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, i));
      return Math.min(i, bytes.length - 1);
    } catch {
      // inside a sequence
    }
  }
  return Math.min(lo, bytes.length - 1);
}
