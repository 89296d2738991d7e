#!/usr/bin/env node
// A V8 startup snapshot of the kernel's compiler, shared by every kernel the runner starts.
//
// Why: a tslab kernel spends about 3.5 CPU-seconds starting, and most of it is the same work in every kernel:
// compiling tslab's TypeScript (an 8 MB script), then parsing and binding the same 300-odd declaration files
// (lib.es2022, @types/node, the library's declarations, arquero's). The runner starts one kernel per notebook,
// so it builds this snapshot once — tslab's TypeScript already evaluated, those declaration files already
// parsed and bound — and starts every kernel from it (`node --snapshot-blob <blob> -- scripts/kernel.cjs …`).
// A kernel then starts with about 1.3 CPU-seconds of work. Jupyter and `jupyter nbconvert` start the kernel
// from scratch, as before: the snapshot is an optimisation of the batch runner, not part of the kernel.
//
// Why it is safe: the kernel is the same code (scripts/kernel.cjs, tslab, tsx); only two functions of the
// compiler gain a hook, patched into the snapshot's copy of its source:
// - createSourceFile returns the snapshot's parsed file only for the same path, the same text (compared in
//   full) and the same parse options; anything else is parsed afresh, so a changed file is never stale;
// - createProgram compares the compiler options that parsing and binding depend on with the snapshot's; a
//   program with other options gets nothing from the snapshot.
// A file is handed out once per kernel (TypeScript keeps it from then on, as it does with a file it parsed).
// The launcher runs as the main module, as under `node scripts/kernel.cjs`, and Error.stackTraceLimit is put
// back (building the snapshot leaves it undefined, which would drop every stack trace).
// tests/kernel-snapshot.test.ts checks that notebooks give byte-identical results with and without it.
//
// The blob is kept in node_modules/.cache/baltic-repro/, keyed by the Node binary, tslab's TypeScript, this
// file, the project's path and package-lock.json; it is rebuilt (6–9 s) when any of them changes.
//
//   node scripts/kernel-snapshot.cjs           build if missing or stale, print where it is
//   node scripts/kernel-snapshot.cjs --force   build
"use strict";
const { createHash } = require("node:crypto");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { moduleName, sources } = require("./build-types.cjs");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "baltic-repro");

/** The two places in TypeScript 5.0's typescript.js that get a hook; if either is missing, no snapshot. */
const HOOKS = [
  {
    at: "function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {",
    add: "{ const reused = __snapshotReuse(fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind); if (reused !== void 0) return reused; }",
  },
  {
    at: "function createProgram(rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {",
    add: "__snapshotCheckOptions(Array.isArray(rootNamesOrOptions) ? _options : rootNamesOrOptions.options);",
  },
];

/** The compiler options that parsing and binding read (getSetExternalModuleIndicator, the binder). */
const PARSE_OPTIONS = ["target", "module", "moduleResolution", "moduleDetection", "jsx", "alwaysStrict", "strict", "allowUnreachableCode", "allowUnusedLabels", "noFallthroughCasesInSwitch"];

function typescriptPath() {
  return require.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(require.resolve("tslab/package.json"))] });
}

function snapshotKey(tsPath) {
  const h = createHash("sha256");
  h.update("baltic-repro kernel snapshot 1\0").update(process.version).update("\0").update(process.arch).update("\0").update(process.execPath).update("\0").update(ROOT).update("\0");
  h.update(fs.readFileSync(__filename)).update("\0").update(fs.readFileSync(tsPath)).update("\0");
  // the library's modules by path: the snapshot imports each of them, so moving a file makes a new snapshot
  h.update(sources().map(moduleName).join("\n")).update("\0");
  const lock = path.join(ROOT, "package-lock.json");
  if (fs.existsSync(lock)) h.update(fs.readFileSync(lock));
  return h.digest("hex").slice(0, 16);
}

/**
 * The snapshot's entry script: tslab's TypeScript with the hooks, a program that finds the declaration files a
 * notebook kernel reads (from the notebooks folder, importing every library module, fs, path, arquero and
 * simple-statistics), those files parsed and bound afresh (pristine: no module resolutions, no checker state),
 * and the main function that, in each kernel, registers this TypeScript as tslab's and runs the launcher.
 */
function entrySource(tsPath) {
  let ts = fs.readFileSync(tsPath, "utf8");
  for (const { at, add } of HOOKS) {
    if (ts.split(at).length !== 2) throw new Error(`tslab's TypeScript (${tsPath}) has changed: the hook point "${at.slice(0, 40)}…" is not there once`);
    ts = ts.replace(at, `${at}\n${add}`);
  }
  const modules = sources().map(moduleName);
  const data = { tsPath, notebooks: path.join(ROOT, "notebooks"), imports: ["fs", "path", ...modules, "arquero", "simple-statistics"], parseOptions: PARSE_OPTIONS };
  return `"use strict";
let __snapshotReuse = () => void 0;
let __snapshotCheckOptions = () => undefined;
const __ts = (function (exports, require, module, __filename, __dirname) {
${ts}
return module.exports;
})({}, require, { exports: {} }, ${JSON.stringify(tsPath)}, ${JSON.stringify(path.dirname(tsPath))});
const __data = ${JSON.stringify(data)};
const __path = require("node:path");
const __projection = (o) => JSON.stringify(__data.parseOptions.map((k) => [k, o[k] === undefined ? null : o[k]]));

// The options tslab's converter gives its program (tslab/dist/converter.js, createConverter), for Node >= 18.
const __options = ((ts) => ({
  module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true,
  target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], declaration: true, newLine: ts.NewLineKind.LineFeed,
  noImplicitUseStrict: true, experimentalDecorators: true, resolveJsonModule: true, jsx: ts.JsxEmit.React,
  typeRoots: ts.getDefaultTypeRoots(__data.notebooks, ts.sys) || [], allowJs: true, checkJs: true, skipLibCheck: true,
  rootDir: __data.notebooks, outDir: "outDir",
}))(__ts);

const __parsed = ((ts) => {
  const root = __path.join(__data.notebooks, "__baltic_repro_snapshot__.ts");
  const rootText = "export {};\\n" + __data.imports.map((m, i) => "import * as m" + i + " from " + JSON.stringify(m) + ";").join("\\n");
  const host = ts.createCompilerHost(__options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (f, ...rest) => (f === root ? ts.createSourceFile(f, rootText, ...rest) : getSourceFile(f, ...rest));
  host.getCurrentDirectory = () => __data.notebooks;
  const program = ts.createProgram([root], __options, host);
  const languageVersion = ts.getEmitScriptTarget(__options);
  const setExternalModuleIndicator = ts.getSetExternalModuleIndicator(__options);
  const files = new Map();
  for (const f of program.getSourceFiles()) {
    if (!f.isDeclarationFile) continue;
    const file = ts.createSourceFile(f.fileName, f.text, { languageVersion, impliedNodeFormat: f.impliedNodeFormat, setExternalModuleIndicator });
    ts.bindSourceFile(file, __options);
    files.set(f.fileName, file);
  }
  return { files, languageVersion };
})(__ts);

require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {
  // Building the snapshot, TypeScript saves and restores Error.stackTraceLimit while it is still unset, which
  // leaves it undefined after deserialization: no stack traces at all. Node's default is 10.
  if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = 10;
  const Module = require("node:module");
  const { files, languageVersion } = __parsed;
  const expected = __projection(__options);
  // What the kernel got from the snapshot (printed with BALTIC_REPRO_SNAPSHOT_STATS): files reused; files whose
  // text or parse options differ from the snapshot's (stale); declaration files the snapshot does not hold
  // (absent); programs with other compiler options, which get nothing (otherPrograms).
  const stats = { reused: 0, stale: [], absent: 0, otherPrograms: 0 };
  // Files are parsed inside createProgram, so the options of the program being created decide. Programs with
  // other options are normal: tslab's transpileModule makes one per cell, for its own input only, and the
  // launcher's declaration build (build-types.cjs) one when lib/ has changed.
  let optionsMatch = false;
  __snapshotCheckOptions = (options) => {
    optionsMatch = __projection(options) === expected;
    if (!optionsMatch) stats.otherPrograms++;
  };
  __snapshotReuse = (fileName, text, options, setParentNodes, scriptKind) => {
    const file = files.get(fileName);
    if (file === undefined) {
      if (fileName.endsWith(".d.ts")) stats.absent++;
      return undefined;
    }
    if (!optionsMatch) return undefined;
    const o = typeof options === "object" ? options : { languageVersion: options };
    if (setParentNodes || scriptKind !== undefined || o.languageVersion !== languageVersion || o.impliedNodeFormat !== file.impliedNodeFormat || file.text !== text) {
      stats.stale.push(fileName);
      return undefined;
    }
    files.delete(fileName);
    stats.reused++;
    return file;
  };
  // tslab requires "@tslab/typescript-for-tslab": it gets this instance.
  const m = new Module(__data.tsPath, null);
  m.filename = __data.tsPath;
  m.paths = Module._nodeModulePaths(__path.dirname(__data.tsPath));
  m.exports = __ts;
  m.loaded = true;
  Module._cache[__data.tsPath] = m;
  const launcher = process.argv[1];
  if (!launcher) {
    process.stderr.write("usage: node --snapshot-blob <blob> -- <launcher> [arguments]\\n");
    process.exit(2);
  }
  // As \`node <launcher>\` would run it: as the main module.
  Module.runMain(__path.resolve(launcher));
  if (process.env.BALTIC_REPRO_SNAPSHOT_STATS) {
    process.stderr.write("baltic-repro kernel snapshot: " + JSON.stringify({ ...stats, unused: files.size }) + "\\n");
  }
});
`;
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// A damaged blob (a disk error, a copy cut short, a stray write) makes V8 abort every kernel started from it
// ("Check failed: VerifyChecksum(blob)", or worse, no check at all for some damage), and each kernel would then
// start from scratch at three times the cost, run after run. So a build records the blob's size and CRC-32
// beside it (`<blob>.sum`, written before the blob is moved into place), and every use checks them first:
// about 0.15 s for the 50 MB, read from the page cache that the kernels read it from anyway.
const sumFile = (blob) => `${blob}.sum`;

function blobSum(file) {
  const bytes = fs.readFileSync(file);
  return `${bytes.length} ${require("node:zlib").crc32(bytes).toString(16).padStart(8, "0")}`;
}

/** Why the blob cannot be used as it is (a sentence), or null when it is whole. */
function blobDamage(blob) {
  let recorded;
  try {
    recorded = fs.readFileSync(sumFile(blob), "utf8").trim();
  } catch {
    return "no size and checksum were recorded with it";
  }
  let actual;
  try {
    actual = blobSum(blob);
  } catch (e) {
    return `it cannot be read (${e.code || e.message})`;
  }
  if (actual === recorded) return null;
  const [size] = recorded.split(" ");
  return Number(size) !== Number(actual.split(" ")[0]) ? `it has ${actual.split(" ")[0]} bytes, not the ${size} it was built with` : "its checksum does not match the one recorded when it was built";
}

/**
 * The snapshot blob for this Node, this tslab and this checkout: built if missing or stale (or with force).
 * Returns `{ blob, built, ms }` (with `damaged`, a sentence, when a damaged blob was found and rebuilt), or
 * `{ blob: null, reason }` when it cannot be built (the runner then starts kernels from scratch and says why).
 * Two runners building at once: one builds, the other waits for it. `cacheDir` is for tests.
 */
function ensureKernelSnapshot(options = {}) {
  const cache = options.cacheDir || CACHE;
  const started = Date.now();
  let tsPath;
  let key;
  try {
    tsPath = typescriptPath();
    key = snapshotKey(tsPath);
  } catch (e) {
    return { blob: null, reason: `tslab's TypeScript was not found (${e.message.split("\n")[0]})` };
  }
  const blob = path.join(cache, `kernel-${key}.blob`);
  let damaged;
  if (!options.force && fs.existsSync(blob)) {
    damaged = blobDamage(blob);
    if (damaged === null) return { blob, built: false, ms: Date.now() - started };
    // Rebuilt once, here; the caller says so. Another runner that finds it damaged at the same time waits
    // for this build (the lock below) and then uses it.
    fs.rmSync(blob, { force: true });
  }
  const lock = `${blob}.lock`;
  let fd;
  for (;;) {
    try {
      fs.mkdirSync(cache, { recursive: true });
      fd = fs.openSync(lock, "wx");
      fs.writeSync(fd, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") return { blob: null, reason: `${damaged ? `it is damaged (${damaged}) and ` : ""}cannot write in ${cache} (${e.message})` };
      // Another process is building it. A lock whose builder has died (killed with SIGKILL: no `finally`), or
      // older than two minutes, is removed.
      let age = 0;
      let holder = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
        holder = Number(fs.readFileSync(lock, "utf8"));
      } catch {
        continue; // it has just finished
      }
      if (age > 120_000 || (holder > 0 && !processAlive(holder))) fs.rmSync(lock, { force: true });
      else sleep(200);
      if (!options.force && fs.existsSync(blob) && blobDamage(blob) === null) return { blob, built: false, ms: Date.now() - started };
    }
  }
  const entry = path.join(cache, `kernel-${key}.entry-${process.pid}.cjs`);
  const tmp = `${blob}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(entry, entrySource(tsPath));
    const r = spawnSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", entry], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 << 20 });
    if (r.status !== 0 || !fs.existsSync(tmp)) {
      const why = (r.error ? r.error.message : `${r.stderr}`.trim().split("\n").slice(-5).join("\n")) || `exit status ${r.status}`;
      return { blob: null, reason: `${damaged ? `it was damaged (${damaged}) and ` : ""}building it failed: ${why}` };
    }
    fs.writeFileSync(sumFile(blob), `${blobSum(tmp)}\n`);
    fs.renameSync(tmp, blob);
    // Older snapshots (another Node, another lock file) are 50 MB each: keep only this one.
    for (const f of fs.readdirSync(cache)) {
      if (/^kernel-[0-9a-f]{16}\.blob(\.sum)?$/.test(f) && !f.startsWith(path.basename(blob))) fs.rmSync(path.join(cache, f), { force: true });
    }
    return { blob, built: true, ms: Date.now() - started, ...(damaged ? { damaged } : {}) };
  } catch (e) {
    return { blob: null, reason: `${damaged ? `it was damaged (${damaged}) and ` : ""}building it failed: ${e.message}` };
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(tmp, { force: true });
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

module.exports = { ensureKernelSnapshot, blobDamage };

if (require.main === module) {
  const r = ensureKernelSnapshot({ force: process.argv.includes("--force") });
  if (r.blob === null) {
    console.error(`kernel snapshot: ${r.reason}`);
    process.exit(1);
  }
  if (r.damaged) console.log(`kernel snapshot: the one in the cache was damaged (${r.damaged}); rebuilt`);
  console.log(`kernel snapshot: ${path.relative(process.cwd(), r.blob)} (${r.built ? `built in ${(r.ms / 1000).toFixed(1)} s` : "up to date"})`);
}
