/**
 * The project's kernel (scripts/kernel.cjs → scripts/kernel/) as Jupyter's protocol and its users expect:
 *   - the official conformance suite, jupyter_kernel_test (Debian's python3-jupyter-kernel-test), in full on
 *     the project's kernelspec, with a temporary JUPYTER_PATH;
 *   - through the project's ZeroMQ client: Out[n] (execute_result) by the value's kind, the error message
 *     (ename, evalue, a traceback at the cell's line without the kernel's frames), TypeScript diagnostics,
 *     no output lost from a cell printing 5,000 lines;
 *   - through Jupyter itself (nbconvert --execute --allow-errors): every cell after a failing one still runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernel } from "../scripts/kernel-install";
import { findJupyter } from "../scripts/notebook";
import { lostOutput } from "../scripts/runner/execute";
import { KernelClient, type Output } from "../scripts/runner/kernel";

const requireCjs = createRequire(import.meta.url);
const { isComplete } = requireCjs("../scripts/kernel/is-complete.cjs") as { isComplete: (code: string) => { status: string; indent?: string } };
const { History } = requireCjs("../scripts/kernel/history.cjs") as {
  History: new () => { add(line: number, input: string, output: string | null): void; query(request: Record<string, unknown>): unknown[] };
};

const root = join(__dirname, "..");
const PYTHON = "/usr/bin/python3";
const hasKernelTest = spawnSync(PYTHON, ["-c", "import jupyter_kernel_test, jupyter_client"], { encoding: "utf8" }).status === 0;
if (!hasKernelTest) {
  console.warn("jupyter_kernel_test is not installed for /usr/bin/python3: skipping the kernel conformance suite (apt-get install python3-jupyter-kernel-test python3-jupyter-client)");
}

/** A temporary Jupyter data path holding only the project's kernelspec. */
function jupyterPath(): string {
  const prefix = mkdtempSync(join(tmpdir(), "kernel-prefix-"));
  installKernel({ prefix });
  return join(prefix, "share", "jupyter");
}

describe.skipIf(!hasKernelTest)("jupyter_kernel_test, the official conformance suite", () => {
  it("passes every test it has samples for (all but the pager), and an interrupt test", () => {
    const r = spawnSync(PYTHON, [join(root, "tests", "kernel", "conformance.py"), "-v"], {
      cwd: join(root, "notebooks"),
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: jupyterPath(), JUPYTER_DATA_DIR: mkdtempSync(join(tmpdir(), "jupyter-data-")) },
      timeout: 240_000,
    });
    const log = r.stdout + r.stderr;
    expect(r.status, log).toBe(0);
    expect(log).toMatch(/^OK \(skipped=1\)$/m);
    expect(log).toMatch(/test_pager .* skipped/);
    for (const name of ["kernel_info", "execute_stdout", "execute_stderr", "execute_result", "error", "display_data", "history", "is_complete", "completion", "inspect", "clear_output", "interrupt"]) {
      expect(log).toMatch(new RegExp(`test_${name} .* ok$`, "m"));
    }
  }, 300_000);
});

describe("the kernel through the project's ZeroMQ client", () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await KernelClient.start({ cwd: join(root, "notebooks") });
  }, 60_000);
  afterAll(async () => {
    await kernel?.shutdown();
  });
  const run = (code: string) => kernel.execute(code, 60_000);
  const resultOf = (outputs: Output[]) => outputs.find((o) => o.output_type === "execute_result") as Extract<Output, { output_type: "execute_result" }> | undefined;
  const errorOf = (outputs: Output[]) => outputs.find((o) => o.output_type === "error") as Extract<Output, { output_type: "error" }> | undefined;

  it("gives a cell's last expression as Out[n], printed as Node's REPL prints it", async () => {
    const r = await run("1 + 2");
    expect(r.status).toBe("ok");
    expect(resultOf(r.outputs)).toMatchObject({ data: { "text/plain": "3" }, execution_count: r.executionCount });
    expect(r.outputs.filter((o) => o.output_type === "stream")).toEqual([]);
    expect(resultOf((await run("new Map([['a', 1]])")).outputs)!.data["text/plain"]).toBe("Map(1) { 'a' => 1 }");
    expect(resultOf((await run('"text"')).outputs)!.data["text/plain"]).toBe("'text'");
    // A cell ending in a statement, or in an expression that is undefined, has no Out[n].
    expect(resultOf((await run("const unused = 1;")).outputs)).toBeUndefined();
    expect(resultOf((await run("console.log('x')")).outputs)).toBeUndefined();
  });

  it("numbers executions: the reply's count is the count of the execute_result", async () => {
    const a = await run("10");
    const b = await run("20");
    expect(b.executionCount).toBe(a.executionCount! + 1);
  });

  it("shows an Arquero table and an array of rows as an HTML table with a text fallback, not their internals", async () => {
    const r = await run('import * as aq from "arquero";\naq.table({ region: ["A", "B", "C"], value: [1.5, 2, 3] })');
    const out = resultOf(r.outputs)!;
    expect(out.data["text/html"]).toMatch(/<table[\s\S]*<th>region<\/th><th>value<\/th>[\s\S]*<td>A<\/td>/);
    expect(out.data["text/plain"]).toMatch(/region\s+value/);
    expect(JSON.stringify(out.data)).not.toMatch(/_names|_data/);
    const rows = resultOf((await run('[{ region: "A", value: 1 }, { region: "B", value: 2 }]')).outputs)!;
    expect(rows.data["text/html"]).toMatch(/<td>B<\/td><td style="text-align:right">2<\/td>/);
    // A large table shows its first rows and says how many there are.
    const big = resultOf((await run("aq.table({ i: Array.from({ length: 500 }, (_, k) => k) })")).outputs)!;
    expect(big.data["text/plain"]).toMatch(/500 rows \(first 50 shown\)/);
  });

  it("shows a Plotly figure object as a figure", async () => {
    const r = await run('({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: "t" } })');
    const out = resultOf(r.outputs)!;
    expect(out.data).toHaveProperty("application/vnd.plotly.v1+json");
    expect(out.data).toHaveProperty("image/svg+xml");
    expect(out.data["text/plain"]).toMatch(/^\[Plotly figure\] t/);
  });

  it("sends a runtime error as an error message: name, message, and a traceback at the cell's line without kernel frames", async () => {
    const code = ['const base = 1;', '', '// a helper that fails', 'function fail(x: number): number {', '  throw new RangeError("too big: " + x);', '}', 'fail(base);'].join("\n");
    const r = await run(code);
    expect(r.status).toBe("error");
    const e = errorOf(r.outputs)!;
    expect(e).toMatchObject({ ename: "RangeError", evalue: "too big: 1" });
    const tb = e.traceback.join("\n");
    expect(tb).toContain(`at fail (Cell In[${r.executionCount}], line 5)`);
    expect(tb).toContain(`at Cell In[${r.executionCount}], line 7`);
    expect(tb).not.toMatch(/node:vm|node:internal|tslab|scripts\/kernel|evalmachine/);
    // Errors from the library keep the library's frames (they say where in lib/ it failed).
    const lib = await run('import { gini } from "baltic-repro/inequality";\ngini([1, -2, 3]);');
    const libTrace = errorOf(lib.outputs)!.traceback.join("\n");
    expect(libTrace).toMatch(/lib\/(methods\/inequality\/inequality|numeric\/validate)\.ts/);
    // The call's line, not the import's (the compiled line names the import's alias, inequality_1.gini).
    expect(libTrace).toContain(`at Cell In[${lib.executionCount}], line 2`);
    // Type-only lines and a callback: the lines still count as in the cell.
    const cb = await run('interface Row {\n  a: number;\n}\nconst rows: Row[] = [{ a: 1 }, { a: 2 }];\nrows.map((r) => {\n  if (r.a > 1) throw new Error("bad " + r.a);\n  return r.a;\n});');
    const cbTrace = errorOf(cb.outputs)!.traceback;
    expect(cbTrace.filter((l) => l.includes("Cell In["))).toEqual([`    at Cell In[${cb.executionCount}], line 6`, `    at Cell In[${cb.executionCount}], line 5`]);
  });

  it("sends a TypeScript diagnostic as an error message with the cell's line and column", async () => {
    const r = await run('const n: number = "text";');
    const e = errorOf(r.outputs)!;
    expect(e.ename).toBe("TypeScriptError");
    expect(e.evalue).toBe("1:7 - Type 'string' is not assignable to type 'number'.");
    expect(e.traceback[0]).toBe(`Cell In[${r.executionCount}], line 1, column 7 - error TS2322: Type 'string' is not assignable to type 'number'.`);
  });

  it("runs the next cell right after a failure (no requests aborted for 200 ms)", async () => {
    await run('throw new Error("x")');
    const r = await run("40 + 2");
    expect(r.status).toBe("ok");
    expect(resultOf(r.outputs)!.data["text/plain"]).toBe("42");
  });

  it("loses none of 5,000 console.log lines, and says how many output messages it sent", async () => {
    const r = await run('for (let i = 0; i < 5000; i++) console.log(`line ${i}`);\nconsole.log("done");');
    expect(r.status).toBe("ok");
    const text = r.outputs.filter((o) => o.output_type === "stream").map((o) => (o as { text: string }).text).join("");
    const lines = text.split("\n").filter((l) => l !== "");
    expect(lines.length).toBe(5001);
    expect(lines[4999]).toBe("line 4999");
    expect(r.outputMessages.sent).toBe(r.outputMessages.received);
  });

  it("lets the runner tell a cell whose output did not all arrive from one that is ok", async () => {
    // Drop every second stream message on the client's side, as a full socket queue would.
    const handlers = (kernel as unknown as { iopubHandlers: Map<string, (m: { header: { msg_type: string } }) => void> }).iopubHandlers;
    const set = handlers.set.bind(handlers);
    let streams = 0;
    handlers.set = (id, handle) => set(id, (m) => (m.header.msg_type === "stream" && ++streams % 2 === 0 ? undefined : handle(m)));
    try {
      const r = await run('for (let i = 0; i < 4; i++) { console.log(i); await new Promise((ok) => setTimeout(ok, 80)); }');
      expect(r.status).toBe("ok");
      expect(r.outputMessages.received).toBeLessThan(r.outputMessages.sent!);
      expect(lostOutput(r)).toMatch(/^output was lost: the kernel published 4 output messages for the cell, 2 arrived$/);
    } finally {
      handlers.set = set;
    }
    expect(lostOutput(await run('console.log("whole")'))).toBeNull();
  });

  it("keeps output and a later display in order across async work", async () => {
    const r = await run('import { markdown } from "baltic-repro/display";\nconsole.log("before");\nawait new Promise((ok) => setTimeout(ok, 120));\nmarkdown("after");\nconsole.log("end");');
    expect(r.outputs.map((o) => o.output_type)).toEqual(["stream", "display_data", "stream"]);
  });
});

describe("is_complete", () => {
  it.each([
    ["1 + 2", "complete"],
    ["function f() {", "incomplete"],
    ["`a template ${1}", "incomplete"],
    ["/* a comment", "incomplete"],
    ["const xs = [1,\n  2,", "incomplete"],
    [")", "invalid"],
    ['const s = "open', "invalid"],
    ["foo(1 2", "invalid"],
    ["function f() {\n\n\n", "complete"],
  ])("%j is %s", (code, status) => {
    expect(isComplete(code).status).toBe(status);
  });
  it("indents the next line after an opening brace", () => {
    expect(isComplete("if (x) {")).toEqual({ status: "incomplete", indent: "  " });
  });
});

describe("history", () => {
  const h = new History();
  h.add(1, "1 + 2", "3");
  h.add(2, "const a = 1;", null);
  h.add(3, "1 + 2", "3");
  it("gives the tail, a range and a search, as (session, line, input)", () => {
    expect(h.query({ hist_access_type: "tail", n: 2 })).toEqual([[1, 2, "const a = 1;"], [1, 3, "1 + 2"]]);
    expect(h.query({ hist_access_type: "range", session: 0, start: 1, stop: 3, output: true })).toEqual([[1, 1, ["1 + 2", "3"]], [1, 2, ["const a = 1;", null]]]);
    expect(h.query({ hist_access_type: "search", pattern: "1*" })).toHaveLength(2);
    expect(h.query({ hist_access_type: "search", pattern: "1*", unique: true })).toEqual([[1, 3, "1 + 2"]]);
    expect(h.query({ hist_access_type: "range", session: 7, start: 1, stop: 3 })).toEqual([]);
  });
});

const jupyter = findJupyter();
const nbconvert = jupyter ? spawnSync(jupyter, ["nbconvert", "--version"], { encoding: "utf8" }).status === 0 : false;

describe.skipIf(!nbconvert)("nbconvert --execute --allow-errors", () => {
  it("runs every cell after an error, with execution counts and the error's name and message", () => {
    const dir = mkdtempSync(join(tmpdir(), "allow-errors-"));
    const cell = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
    const input = join(dir, "in.ipynb");
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "baltic-repro", display_name: "TypeScript (baltic-repro)", language: "typescript" } },
      cells: [cell("const a = 1;"), cell('throw new Error("first failure");'), cell("a + 1"), cell("const n: number = 'x';"), cell('console.log("last");')],
    };
    writeFileSync(input, JSON.stringify(nb));
    const out = join(dir, "out.ipynb");
    const r = spawnSync(jupyter!, ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", input, "--output", out], {
      encoding: "utf8",
      cwd: join(root, "notebooks"),
      env: { ...process.env, JUPYTER_PATH: jupyterPath(), JUPYTER_DATA_DIR: mkdtempSync(join(tmpdir(), "jupyter-data-")) },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const text = (v: string | string[]) => [v].flat().join("");
    const cells = JSON.parse(readFileSync(out, "utf8")).cells.map((c: { outputs: Record<string, any>[] }) => ({
      ...c,
      outputs: c.outputs.map((o) => ({ ...o, ...(o.text ? { text: text(o.text) } : {}), ...(o.data ? { data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, text(v as string[])])) } : {}) })),
    }));
    expect(cells.map((c: { execution_count: number }) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
    expect(cells[1].outputs[0]).toMatchObject({ output_type: "error", ename: "Error", evalue: "first failure" });
    expect(cells[2].outputs[0]).toMatchObject({ output_type: "execute_result", data: { "text/plain": "2" } });
    expect(cells[3].outputs[0]).toMatchObject({ output_type: "error", ename: "TypeScriptError" });
    expect(cells[4].outputs[0]).toMatchObject({ output_type: "stream", text: "last\n" });
  }, 150_000);
});
