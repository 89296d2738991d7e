/**
 * The library must compile under the kernel's own compiler: tslab's TypeScript 5.0 with Node10 resolution
 * and the ES2022 lib (see environment.md). `tsc --noEmit` checks with the project's newer TypeScript; this
 * checks with the one notebooks actually use, so an API or syntax too new for the kernel fails here.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
const lib = join(__dirname, "..", "lib");

describe("the library under tslab's TypeScript", () => {
  it(`uses TypeScript 5.0`, () => {
    expect(ts.version).toMatch(/^5\.0\./);
  });
  it("compiles every lib/ module with Node10 resolution and the ES2022 lib", () => {
    const files = readdirSync(lib, { recursive: true } as { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
      .map((f) => join(lib, f));
    expect(files.length).toBeGreaterThan(5);
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ["lib.es2022.d.ts"],
      strict: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(lib, "lib")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

describe("the library's declarations for the kernel (scripts/build-types.cjs)", () => {
  const { ensureTypes, isFresh } = require("../scripts/build-types.cjs") as { ensureTypes: () => string[]; isFresh: () => boolean };
  it("are built from the current sources without compiler messages", () => {
    expect(ensureTypes()).toEqual([]);
    expect(isFresh()).toBe(true);
  }, 60_000);
  it("are what tslab's resolution finds for the documented import form, from notebooks/", () => {
    const notebooks = join(__dirname, "..", "notebooks");
    const r = ts.resolveModuleName("baltic-repro/inequality", join(notebooks, "__tslab__.ts"), { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys);
    expect(r.resolvedModule?.resolvedFileName).toBe(join(lib, "types", "inequality", "index.d.ts"));
  });
});
