/**
 * Re-running cells is safe: through the real kernel, a cell run again replaces what it declared (values of a
 * table, a claim, a figure), so `nb.summary()` after any sequence of re-runs equals a clean Run All; the same
 * id declared by two different cells, or twice in one cell, is still an error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, type Output } from "../scripts/runner/kernel";

const root = join(__dirname, "..");
const NOTEBOOK = "kits-2025";

interface Cell {
  id: string;
  cell_type: string;
  source: string | string[];
}
const cells = (JSON.parse(readFileSync(join(root, "notebooks", `${NOTEBOOK}.ipynb`), "utf8")).cells as Cell[])
  .filter((c) => c.cell_type === "code")
  .map((c) => ({ id: c.id, code: [c.source].flat().join("") }))
  .filter((c) => c.code.trim() !== "");

const texts = (outputs: Output[]) => outputs.map((o) => ("data" in o ? String(o.data["text/plain"] ?? "") : "text" in o ? o.text : `${o.ename}: ${o.evalue}`));

describe(`re-running cells of ${NOTEBOOK} through the kernel`, () => {
  let kernel: KernelClient;
  const run = async (code: string, cellId?: string) => {
    const r = await kernel.execute(code, 120_000, cellId);
    return r;
  };
  const runOk = async (code: string, cellId?: string) => {
    const r = await run(code, cellId);
    expect(r.status, texts(r.outputs).join("\n")).toBe("ok");
    return r;
  };
  const summary = async () => texts((await runOk("nb.summary();", "summary")).outputs).join("\n");
  const declarations = async () => texts((await runOk("[nb.comparisons().length, nb.comparisons().map((v) => v.table + v.row + v.column + v.status).join('|')]", "probe")).outputs).join("\n");

  beforeAll(async () => {
    kernel = await KernelClient.start({ cwd: join(root, "notebooks") });
  }, 60_000);
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("gives the same summary after every cell, the first included, is run again, in any order", async () => {
    for (const c of cells) await runOk(c.code, c.id);
    const clean = await summary();
    const cleanValues = await declarations();
    expect(clean).toMatch(/discrepant/);
    for (const c of cells) await runOk(c.code, c.id); // Run All again in the same kernel
    expect(await summary()).toBe(clean);
    for (const c of [...cells].reverse()) await runOk(c.code, c.id); // every cell again, last first
    await runOk(cells[0].code, cells[0].id); // the cell that opens the article
    for (const c of cells.slice(1, 4)) {
      await runOk(c.code, c.id);
      await runOk(c.code, c.id);
    }
    expect(await summary()).toBe(clean);
    expect(await declarations()).toBe(cleanValues);
  }, 240_000);

  it("still refuses one id declared by two different cells, or twice in one cell", async () => {
    const claim = 'nb.claim("rerun-probe", "probe", { kind: "rule", test: "a probe", holds: true });';
    await runOk(claim, "cell-a");
    await runOk(claim, "cell-a");
    const other = await run(claim, "cell-b");
    expect(other.status).toBe("error");
    expect(texts(other.outputs).join("\n")).toMatch(/claim "rerun-probe" declared twice \(in two different cells\)/);
    const twice = await run('nb.figure("f2", { data: [] });\nnb.figure("f2", { data: [] });', "cell-c");
    expect(texts(twice.outputs).join("\n")).toMatch(/figure "f2" declared twice/);
  }, 60_000);
});
