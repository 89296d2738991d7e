// A failing cell as Jupyter's `error` message: ename, evalue, and a traceback that points at the cell and its
// line, with the kernel's own frames (tslab, node:vm, Node's internals, this launcher) removed.
//
// Why the line has to be found: tslab compiles the cell to JavaScript without a source map (blank lines and
// type-only lines are dropped, `x` becomes `exports.x`), so a stack frame's line is a line of that JavaScript.
// It is mapped back by aligning the two texts in order: each compiled line goes to the first cell line, at or
// after the previous match, that shares the most of its words (identifiers, numbers, strings).
"use strict";
const util = require("node:util");

const CELL_FRAME = /\bCell In\[(\d+)\]:(\d+):(\d+)/;
/** Frames that are the kernel's, not the user's. */
const KERNEL_FRAME = /\((node:|internal\/)|at (node:|internal\/)|node_modules[\\/](tslab|tsx|@tslab|zeromq)[\\/]|scripts[\\/]kernel(\.cjs|[\\/])|\bevalmachine\.|^\s*at new Promise \(<anonymous>\)$|^\s*at (Script\.|Object\.runInThisContext|sigintHandlersWrap)/;

const words = (line) =>
  (line.replace(/\bexports\./g, "").replace(/\btsLastExpr\b/g, "").replace(/\b[A-Za-z_$][\w$]*_\d+\./g, "").match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?/g) ?? [])
    .map((w) => w.replace(/^'|'$/g, '"'));

/** Words the compiler adds or moves, which say nothing about which line a compiled line came from. */
const GLUE = new Set(["const", "let", "var", "void", "Object", "defineProperty", "__esModule", "value", "true", "0", "require"]);

/** Lines the compiler adds: the module header, and `exports.x = x;` after each declaration. */
const COMPILER_LINE = /^\s*(Object\.defineProperty\(exports, "__esModule"|exports\.[\w$]+ = (exports\.[\w$]+ = )*void 0;$|exports\.([\w$]+) = \3;$)/;

/** Map each line of the compiled output (1-based) to a line of the cell source (1-based), or 0. */
function lineMap(output, src) {
  const out = output.split("\n");
  const srcWords = src.split("\n").map((l) => new Set(words(l)));
  const map = new Array(out.length + 1).fill(0);
  let from = 0;
  for (let i = 0; i < out.length; i++) {
    if (COMPILER_LINE.test(out[i])) continue;
    const w = words(out[i]).filter((x) => !GLUE.has(x));
    if (w.length === 0) continue;
    // The best line shares the most words relative to both lines' words (so that `gini(x)` goes to the
    // line calling gini, not to the line importing it); at least half the compiled line's words must match.
    let best = -1;
    let bestScore = 0;
    let bestShared = 0;
    for (let j = from; j < srcWords.length; j++) {
      let shared = 0;
      for (const x of new Set(w)) if (srcWords[j].has(x)) shared++;
      const score = shared / (new Set(w).size + srcWords[j].size - shared);
      if (score > bestScore) {
        bestScore = score;
        bestShared = shared;
        best = j;
      }
    }
    if (best >= 0 && bestShared / new Set(w).size >= 0.5) {
      map[i + 1] = best + 1;
      from = best;
    }
  }
  return map;
}

/** The name and message of anything thrown. */
function describeThrown(error) {
  // Node's breakOnSigint: a busy cell stopped by Jupyter's interrupt (SIGINT), named as IPython names it.
  if (error && error.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") return { ename: "KeyboardInterrupt", evalue: "the cell was interrupted (SIGINT)" };
  if (error instanceof Error || (error && typeof error === "object" && typeof error.message === "string" && typeof error.stack === "string")) {
    return { ename: String(error.name || error.constructor?.name || "Error"), evalue: String(error.message) };
  }
  return { ename: "Uncaught", evalue: util.inspect(error, { depth: 2, breakLength: Infinity }) };
}

/**
 * The error message of a cell that threw.
 * @param {unknown} error what the cell threw
 * @param {number} count the execution count (the cell's name is `Cell In[count]`)
 * @param {string} src the cell's source
 * @param {string} output the cell's compiled JavaScript
 */
function runtimeError(error, count, src, output) {
  const { ename, evalue } = describeThrown(error);
  const stack = error && typeof error === "object" && typeof error.stack === "string" ? error.stack : "";
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const map = lineMap(output, src);
  const srcLines = src.split("\n");
  const traceback = [`${ename}: ${evalue}`];
  let cellLine = 0;
  for (const frame of frames) {
    const m = CELL_FRAME.exec(frame);
    if (m) {
      // The frame of the call that runs the wrapped cell (its last line) is the kernel's.
      if (Number(m[1]) === count && Number(m[2]) >= map.length) continue;
      const line = Number(m[1]) === count ? map[Number(m[2])] ?? 0 : 0;
      const where = line ? `Cell In[${m[1]}], line ${line}` : `Cell In[${m[1]}]`;
      traceback.push(frame.replace(/Cell In\[\d+\]:\d+:\d+/, where));
      if (line && !cellLine) cellLine = line;
      continue;
    }
    if (KERNEL_FRAME.test(frame)) continue;
    traceback.push(frame);
  }
  if (cellLine) traceback.push(`In cell line ${cellLine}: ${srcLines[cellLine - 1].trim()}`);
  return { ename, evalue, traceback };
}

/** The error message of a cell TypeScript rejected, each diagnostic at its line and column with the line shown. */
function compileError(diagnostics, count, src) {
  const lines = src.split("\n");
  const traceback = [];
  for (const d of diagnostics) {
    const line = d.start.line + 1;
    const col = d.start.character + 1;
    const where = d.fileName ? `${d.fileName}:${line}:${col}` : `Cell In[${count}], line ${line}, column ${col}`;
    traceback.push(`${where} - error TS${d.code}: ${d.messageText}`);
    if (!d.fileName && lines[d.start.line] !== undefined) {
      traceback.push(`    ${lines[d.start.line]}`);
      traceback.push(`    ${" ".repeat(d.start.character)}^`);
    }
  }
  const first = diagnostics[0];
  return { ename: "TypeScriptError", evalue: `${first.start.line + 1}:${first.start.character + 1} - ${first.messageText}`, traceback };
}

module.exports = { runtimeError, compileError, lineMap, describeThrown };
