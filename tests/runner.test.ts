/**
 * The headless runner against real tslab kernels: fixture notebooks that pass, throw, fail to compile, never
 * end and kill their kernel. Each must end its notebook with a clear message naming the cell and the real
 * diagnostic, leave no kernel process behind, and never hang; the report must be byte-identical across runs.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs, reproduce, selectNotebooks, UsageError } from "../scripts/reproduce";
import type { ArticleResult } from "../scripts/runner/evaluate";
import type { ExecutedNotebook } from "../scripts/runner/execute";

const root = join(__dirname, "..");
const fixtures = join(root, "tests", "fixtures");
const options = (out: string, only: string[]) => ({
  ...parseArgs(["--notebooks", join(fixtures, "notebooks"), "--data", join(fixtures, "data"), "--out", out, "--cell-timeout", "4", "--jobs", "2", "--no-html"]),
  only,
});

const alive = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("reproduce on fixture notebooks", () => {
  let out: string;
  let exitCode: number;
  let results: ArticleResult[];
  let executed: ExecutedNotebook[];
  let byId: Map<string, ArticleResult>;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "repro-test-"));
    ({ exitCode, results, executed } = await reproduce(options(out, ["fixture-ok", "fixture-error", "fixture-compile", "fixture-hang", "fixture-die"])));
    byId = new Map(results.map((r) => [r.id, r]));
  }, 120_000);

  it("exits non-zero when a notebook fails", () => {
    expect(exitCode).toBe(1);
  });

  it("reproduces the passing notebook as recorded", () => {
    const ok = byId.get("fixture-ok")!;
    expect(ok.outcome).toBe("reproduced");
    expect(ok.values.map((v) => [v.row, v.status])).toEqual([
      ["a", "match"],
      ["b", "discrepant"],
    ]);
    expect(ok.claims).toEqual([expect.objectContaining({ id: "positive", status: "false" })]);
    expect(ok.figures.map((f) => f.id)).toEqual(["bars"]);
  });

  it("names the cell, its first line and the real diagnostic of a throwing cell", () => {
    const f = byId.get("fixture-error")!;
    expect(f.outcome).toBe("failed");
    expect(f.failure).toMatchObject({ kind: "error", cell: 3 });
    expect(f.failure!.firstLine).toContain('throw new Error("deliberate failure');
    expect(f.failure!.diagnostic).toContain("deliberate failure in the second cell");
  });

  it("reports a TypeScript compile error with tslab's diagnostic", () => {
    const f = byId.get("fixture-compile")!;
    expect(f.failure).toMatchObject({ kind: "error", cell: 2 });
    expect(f.failure!.diagnostic).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it("stops a cell that never ends as a timeout", () => {
    const f = byId.get("fixture-hang")!;
    expect(f.failure).toMatchObject({ kind: "timeout", cell: 2 });
    expect(f.failure!.diagnostic).toContain("4 s");
  });

  it("reports a kernel that dies", () => {
    const f = byId.get("fixture-die")!;
    expect(f.failure).toMatchObject({ kind: "died", cell: 2 });
    expect(f.failure!.diagnostic).toContain("exited with code 3");
  });

  it("writes the executed notebooks as nbformat 4 with outputs and the error output", () => {
    const nb = JSON.parse(readFileSync(join(out, "fixture-error.ipynb"), "utf8"));
    expect(nb.nbformat).toBe(4);
    const failed = nb.cells[2];
    expect(failed.outputs.at(-1)).toMatchObject({ output_type: "error" });
    const okNb = JSON.parse(readFileSync(join(out, "fixture-ok.ipynb"), "utf8"));
    // The cell's last expression (1 + 1) is its Out[n], as in Jupyter: an execute_result with its execution count.
    const cell = okNb.cells.find((c: { source: string | string[] }) => /1 \+ 1\s*$/.test([c.source].flat().join("")));
    const result = cell.outputs.find((o: { output_type: string }) => o.output_type === "execute_result");
    expect(result).toMatchObject({ data: { "text/plain": "2" }, execution_count: cell.execution_count });
    // The failing cell's error output is the kernel's own: the error's name and message, and the cell's line.
    const error = failed.outputs.at(-1);
    expect(error.ename).toBe("Error");
    expect(error.evalue).toContain("deliberate failure in the second cell");
    expect(error.traceback.join("\n")).toMatch(/Cell In\[\d+\], line \d+/);
    expect(error.traceback.join("\n")).not.toMatch(/node:vm|tslab|scripts\/kernel/);
  });

  it("writes report.json with articles, values and claims", () => {
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.articles.map((a: { id: string }) => a.id)).toEqual(["fixture-compile", "fixture-die", "fixture-error", "fixture-hang", "fixture-ok"]);
    expect(report.values[0]).toEqual(expect.objectContaining({ article: "fixture-ok", table: "table-1", row: "a", column: "double", published: "3,0", computed: 3, status: "match" }));
    expect(report.claims[0]).toEqual(expect.objectContaining({ article: "fixture-ok", id: "positive", status: "false" }));
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/### fixture-ok: reproduced[\s\S]*\| printed values \| 1 \| 0 \| 1 \| 0 \|/);
  });

  it("leaves no kernel process behind", () => {
    const pids = executed.map((e) => e.kernelPid);
    expect(pids.every((p) => typeof p === "number")).toBe(true);
    expect(pids.filter(alive)).toEqual([]);
  });
});

describe("runner determinism and exit status", () => {
  it("gives a byte-identical report.json on a second run and exits 0 on the recorded expectations", async () => {
    const a = mkdtempSync(join(tmpdir(), "repro-a-"));
    const b = mkdtempSync(join(tmpdir(), "repro-b-"));
    const first = await reproduce(options(a, ["fixture-ok"]));
    const second = await reproduce(options(b, ["fixture-ok"]));
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(a, "report.json"), "utf8")).toBe(readFileSync(join(b, "report.json"), "utf8"));
  }, 60_000);
});

describe("command line", () => {
  it("parses the documented options", () => {
    const o = parseArgs(["--only", "a", "b", "--jobs", "3", "--cell-timeout", "20", "--update-expected"]);
    expect(o).toMatchObject({ only: ["a", "b"], jobs: 3, cellTimeoutSec: 20, updateExpected: true });
  });
  it("rejects bad values with a message", () => {
    expect(() => parseArgs(["--jobs", "0"])).toThrow(/--jobs must be a whole number/);
    expect(() => parseArgs(["--cell-timeout"])).toThrow(/needs a value/);
    expect(() => parseArgs(["--frobnicate"])).toThrow(UsageError);
  });
  it("names an unknown notebook", () => {
    expect(() => selectNotebooks(join(fixtures, "notebooks"), ["nope"])).toThrow(/no such notebook: nope/);
  });
});
