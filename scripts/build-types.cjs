#!/usr/bin/env node
// Declarations of the library for the notebook kernel: lib/types/*.d.ts, written by tslab's own TypeScript
// (5.0, Node10 resolution, lib ES2022), and found by the kernel through `typesVersions` in lib/package.json.
//
// Why: without them tslab parses and binds the library's .ts sources in every kernel, which costs about 1.2 s per
// notebook; declarations are a fraction of that. The kernel still runs the .ts sources (through tsx), so the
// declarations only have to describe them: they are rebuilt whenever the sources change (a hash of lib/**/*.ts,
// each file named by its path under lib/, is kept in lib/types/.sources), by `npm ci` (the prepare script), by the
// runner before it starts kernels, and by the kernel launcher itself, so a notebook never sees stale types.
//
//   node scripts/build-types.cjs           build if stale
//   node scripts/build-types.cjs --force   build
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const LIB = path.resolve(__dirname, "..", "lib");
const OUT = path.join(LIB, "types");
const STAMP = ".sources";

/** The library's .ts sources in every folder of lib/ (but not lib/types or node_modules), sorted by their path. */
function sources() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== OUT && !entry.name.startsWith(".") && entry.name !== "node_modules" && !entry.name.startsWith("types.")) walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  walk(LIB);
  return out.sort((a, b) => (path.relative(LIB, a) < path.relative(LIB, b) ? -1 : 1));
}

/**
 * The import specifier of a source file: `baltic-repro` for lib/index.ts, `baltic-repro/<name>` for a public entry
 * lib/<name>/index.ts, `baltic-repro/<folder>/<file>` for the others.
 */
function moduleName(file) {
  const rel = path.relative(LIB, file).split(path.sep).join("/").replace(/\.ts$/, "");
  if (rel === "index") return "baltic-repro";
  return `baltic-repro/${rel.replace(/\/index$/, "")}`;
}

function sourcesHash(files) {
  const h = createHash("sha256");
  // the path relative to lib/, so that moving a file into a folder makes the declarations stale
  for (const f of files) h.update(path.relative(LIB, f).split(path.sep).join("/")).update("\0").update(fs.readFileSync(f)).update("\0");
  return h.digest("hex");
}

/** True when lib/types exists and was built from the current sources. */
function isFresh(files = sources()) {
  try {
    return fs.readFileSync(path.join(OUT, STAMP), "utf8") === sourcesHash(files);
  } catch {
    return false;
  }
}

/**
 * Build lib/types if stale (or always with force). Writes into a temporary folder and swaps it in, so that a
 * kernel starting at the same moment sees either the old or the new declarations, never half of them.
 * Returns a list of compiler messages (empty when clean).
 */
function ensureTypes(options = {}) {
  const files = sources();
  const hash = sourcesHash(files);
  if (!options.force && isFresh(files)) return [];
  const ts = require("@tslab/typescript-for-tslab");
  const tmp = `${OUT}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    emitDeclarationOnly: true,
    outDir: tmp,
    rootDir: LIB,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    types: ["node"],
  });
  const result = program.emit();
  const messages = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].map((d) => {
    const where = d.file ? `${path.relative(LIB, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start || 0).line + 1}: ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, STAMP), hash);
  const old = `${OUT}.old-${process.pid}`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(tmp, OUT);
  fs.rmSync(old, { recursive: true, force: true });
  return messages;
}

module.exports = { ensureTypes, isFresh, moduleName, sources };

if (require.main === module) {
  const started = Date.now();
  const force = process.argv.includes("--force");
  const fresh = !force && isFresh();
  const messages = ensureTypes({ force });
  for (const m of messages) console.error(`build-types: ${m}`);
  console.log(fresh ? "lib/types is up to date" : `wrote lib/types (${Date.now() - started} ms)`);
}
