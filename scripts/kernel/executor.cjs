// Runs one cell: tslab's compiler (tslab/dist/converter.js, unchanged) turns the cell into JavaScript, and this
// module evaluates it — in place of tslab's own executor (tslab/dist/executor.js), which prints a cell's last
// expression with console.log and its errors with console.error, so that a client gets neither an
// execute_result nor an error message. Here the value and the error come back to the caller as values.
//
// What is kept from tslab's executor, and why: cells share one `exports` object (a Proxy that turns TypeScript's
// defineProperty of named imports into plain assignments, so that a later cell may rebind them), and `require`
// resolves from the kernel's working directory with `require("tslab")` and files of the working directory
// compiled by tslab ("side outputs") hooked. The cell is compiled with a file name, `Cell In[n]`, so that its
// stack frames can be told from the kernel's and mapped back to the cell's lines (traceback.cjs).
"use strict";
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
const { getCodeMetadata } = require("tslab/dist/metadata.js");
const { normalizeJoin } = require("tslab/dist/tspath.js");

/** The name a cell's code is compiled under; traceback.cjs recognises its frames by it. */
const cellFileName = (count) => `Cell In[${count}]`;

function wrapRequire(req, dirname, sideOutputs, sideModules) {
  function requireFromSideOutputs(id) {
    let filename = normalizeJoin(dirname, id);
    if (path.extname(filename) === "") filename += ".js";
    const cached = sideModules.get(filename);
    if (cached) return cached.exports;
    if (!sideOutputs.has(filename)) return null;
    const mod = new Module(filename, module);
    mod.filename = filename;
    mod.paths = Module._nodeModulePaths(path.dirname(filename));
    mod.require = wrapRequire(mod.require, path.dirname(filename), sideOutputs, sideModules);
    mod._compile(sideOutputs.get(filename), filename);
    sideModules.set(filename, mod);
    return mod.exports;
  }
  return new Proxy(req, {
    apply: (_target, thisArg, args) => {
      if (args.length !== 1) return req.apply(thisArg, args);
      if (args[0] === "tslab") return require("tslab");
      return requireFromSideOutputs(args[0]) ?? req.apply(thisArg, args);
    },
  });
}

function createExports() {
  const exports = {};
  return new Proxy(exports, {
    defineProperty: (_target, prop, attrs) => {
      if (prop === "__esModule") return true;
      exports[prop] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

/**
 * @param {string} rootDir the kernel's working directory
 * @param {{ node: import("tslab/dist/converter").Converter, browser: import("tslab/dist/converter").Converter, close(): void }} convs
 */
function createCellExecutor(rootDir, convs) {
  const sideOutputs = new Map();
  const sideModules = new Map();
  const exports = createExports();
  const req = wrapRequire(Module.createRequire(normalizeJoin(rootDir, "src.js")), rootDir, sideOutputs, sideModules);
  vm.runInThisContext("(x) => { globalThis.__tslab__ = x; }")({ exports, require: req });
  let prevDecl = "";
  const interrupted = new Error("the cell was interrupted while it awaited");
  interrupted.name = "KeyboardInterrupt";
  let rejectInterrupt;
  let interruptPromise;
  const resetInterrupt = () => {
    interruptPromise = new Promise((_, reject) => (rejectInterrupt = reject));
    interruptPromise.catch(() => undefined);
  };
  resetInterrupt();

  /**
   * Run a cell. Resolves to
   *   { status: "ok", hasValue, value }                      (hasValue: the cell ends with an expression)
   *   { status: "compile-error", diagnostics }               (TypeScript's, positions within the cell)
   *   { status: "error", error, output }                     (what the cell threw; output: the compiled code)
   */
  async function execute(src, count) {
    const meta = getCodeMetadata(src);
    if (meta.module) {
      const conv = meta.mode === "browser" ? convs.browser : convs.node;
      const diagnostics = conv.addModule(meta.module, src, meta);
      return diagnostics.length ? { status: "compile-error", diagnostics } : { status: "ok", hasValue: false };
    }
    if (meta.mode === "browser") return { status: "ok", hasValue: false };
    const converted = convs.node.convert(prevDecl, src);
    if (converted.sideOutputs) {
      for (const out of converted.sideOutputs) {
        sideModules.delete(out.path);
        sideOutputs.set(out.path, out.data);
      }
    }
    if (converted.diagnostics.length > 0) return { status: "compile-error", diagnostics: converted.diagnostics };
    if (!converted.output) {
      prevDecl = converted.declOutput || "";
      return { status: "ok", hasValue: false };
    }
    // One wrapping function per cell (tslab #11: speed, and let/const may be declared again by a later cell).
    const prefix = converted.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    const wrapped = prefix + converted.output + "\n})(__tslab__.exports, __tslab__.require)";
    try {
      const ret = vm.runInThisContext(wrapped, { filename: cellFileName(count), breakOnSigint: true });
      if (converted.hasToplevelAwait) await Promise.race([ret, interruptPromise]);
    } catch (error) {
      return { status: "error", error, output: converted.output };
    }
    prevDecl = converted.declOutput || "";
    const name = converted.lastExpressionVar;
    if (!name || !Object.prototype.hasOwnProperty.call(exports, name)) return { status: "ok", hasValue: false };
    const value = exports[name];
    delete exports[name];
    return { status: "ok", hasValue: value !== undefined, value };
  }

  return {
    execute,
    inspect: (src, pos) => (getCodeMetadata(src).mode === "browser" ? convs.browser : convs.node).inspect(prevDecl, src, pos),
    complete: (src, pos) => (getCodeMetadata(src).mode === "browser" ? convs.browser : convs.node).complete(prevDecl, src, pos),
    interrupt() {
      rejectInterrupt(interrupted);
      resetInterrupt();
    },
    close: () => convs.close(),
  };
}

module.exports = { createCellExecutor, cellFileName };
