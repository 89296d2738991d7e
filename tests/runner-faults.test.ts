/**
 * The runner under faults (issue #10): bad input files fail their own article, named with the line and
 * column, while every other article's results are written; reports/ is checked before anything runs and
 * always holds exactly one run, a partial one marked as such; signals to `npm run reproduce` and a killed
 * runner leave no kernel and no report behind; a kernel that does not start leaves no connection file; a
 * damaged kernel snapshot is rebuilt, once; a cell timeout beyond Node's timers is refused.
 *
 * Kernels are slow to start on small machines: only the fixture-ok run and the three signal cases start one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESULT_MIME } from "../lib/display";
import type { ResultRecord } from "../lib/notebook";
import { parseArgs, reproduce, UsageError } from "../scripts/reproduce";
import { evaluate, readExpected } from "../scripts/runner/evaluate";
import type { ExecutedNotebook } from "../scripts/runner/execute";
import { jsonErrorOffset, lineAndColumn, parseJsonText, readJsonFile } from "../scripts/runner/json-file";
import { blobDamage, ensureKernelSnapshot, KernelClient, KernelError } from "../scripts/runner/kernel";
import { OutputError } from "../scripts/runner/output";

const root = join(__dirname, "..");
const fixtures = join(root, "tests", "fixtures");

/** A notebook whose JSON lacks a comma after line 2's member (line 3, column 2 is where it goes wrong). */
const BROKEN_NOTEBOOK = '{\n "nbformat": 4\n "nbformat_minor": 5,\n "metadata": {},\n "cells": []\n}\n';

const alive = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8")); // a zombie has ended
  } catch {
    return false;
  }
};

/**
 * A project-like tree: notebooks/ and data/ with fixture-ok and a broken notebook, and an old reports/. Inside
 * the project (.work/ is ignored by git), so that the notebook's kernel finds node_modules/baltic-repro.
 */
function tree(): { dir: string; notebooks: string; data: string; out: string } {
  mkdirSync(join(root, ".work"), { recursive: true });
  const dir = mkdtempSync(join(root, ".work", "repro-faults-"));
  const notebooks = join(dir, "notebooks");
  const data = join(dir, "data");
  const out = join(dir, "reports");
  mkdirSync(notebooks);
  copyFileSync(join(fixtures, "notebooks", "fixture-ok.ipynb"), join(notebooks, "fixture-ok.ipynb"));
  writeFileSync(join(notebooks, "broken.ipynb"), BROKEN_NOTEBOOK);
  cpSync(join(fixtures, "data", "fixture-ok"), join(data, "fixture-ok"), { recursive: true });
  // What an earlier run left: a report, a page and the executed notebook of a notebook since deleted.
  mkdirSync(join(out, "notebooks"), { recursive: true });
  writeFileSync(join(out, "report.json"), '{"earlier": true}\n');
  writeFileSync(join(out, "index.html"), "<p>an earlier run</p>\n");
  writeFileSync(join(out, "gone.ipynb"), "{}\n");
  writeFileSync(join(out, "notebooks", "gone.html"), "<p>gone</p>\n");
  return { dir, notebooks, data, out };
}

const args = (t: { notebooks: string; data: string; out: string }, ...more: string[]) =>
  parseArgs(["--notebooks", t.notebooks, "--data", t.data, "--out", t.out, "--cell-timeout", "20", "--jobs", "2", ...more]);

describe("reading the runner's JSON files", () => {
  it("names the line and column of a syntax error", () => {
    expect(() => parseJsonText(BROKEN_NOTEBOOK, "/x/broken.ipynb", "a notebook")).toThrow(/broken\.ipynb, line 3, column 2: not valid JSON \(Expected ',' or '}' after property value\)/);
    // V8 gives no position for some errors: the scan finds it.
    expect(() => parseJsonText('{\n  "a": tru\n}', "/x/e.json")).toThrow(/e\.json, line 2, column 11: not valid JSON/);
    expect(() => parseJsonText("", "/x/e.json")).toThrow(/e\.json: the file is empty/);
    expect(() => parseJsonText('{"a": [1, 2', "/x/e.json")).toThrow(/line 1, column 12: not valid JSON/);
  });
  it("finds where text stops being JSON, and is silent on JSON", () => {
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonErrorOffset('[1, -]')).toBe(4);
    expect(jsonErrorOffset('{"a": [1, 2.5e-3, "é\\u00e9", true, false, null, {}]}')).toBeUndefined();
    expect(lineAndColumn("ab\r\ncd\ref", 8)).toEqual({ line: 3, column: 2 });
  });
  it("says a file is not UTF-8, with the place of the first bad byte", () => {
    const dir = mkdtempSync(join(tmpdir(), "json-file-"));
    const file = join(dir, "latin1.json");
    writeFileSync(file, Buffer.concat([Buffer.from('{\n "label": "Gda'), Buffer.from([0xf1]), Buffer.from('sk"\n}')]));
    expect(() => readJsonFile(file)).toThrow(/latin1\.json, line 2, column 15: not UTF-8 \(byte 0xf1\)/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("a bad expected.json or tables.json fails its own article, named, with the line", () => {
  const head: ResultRecord = { kind: "article", article: "fixture-ok", title: "Fixture", reference: "" };
  const values: ResultRecord = { kind: "values", article: "fixture-ok", table: "table-1", values: [{ row: "a", column: "double", value: 3 }] };
  const nb: ExecutedNotebook = {
    id: "fixture-ok",
    path: "notebooks/fixture-ok.ipynb",
    status: "ok",
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", source: "", metadata: {}, outputs: [head, values].map((r) => ({ output_type: "display_data" as const, data: { [RESULT_MIME]: r }, metadata: {} })) }] },
    timings: [],
    kernelStartMs: 0,
    totalMs: 0,
  };
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const data = (file: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "eval-bad-"));
    made.push(dir);
    cpSync(join(fixtures, "data", "fixture-ok"), join(dir, "fixture-ok"), { recursive: true });
    writeFileSync(join(dir, "fixture-ok", file), text);
    return dir;
  };

  it("expected.json that is not JSON", () => {
    const r = evaluate(nb, data("expected.json", '{\n  "article": "fixture-ok",\n  "values": { "table-1": }\n}\n'), "notebooks/fixture-ok.ipynb");
    expect(r.outcome).toBe("failed");
    expect(r.failure).toMatchObject({ kind: "input", cell: 0 });
    expect(r.failure!.diagnostic).toMatch(/fixture-ok\/expected\.json, line 3, column 26: not valid JSON/);
    // What the notebook computed is still reported.
    expect(r.values.find((v) => v.row === "a")).toMatchObject({ status: "match" });
  });

  it("expected.json of the wrong shape", () => {
    const dir = data("expected.json", '{ "article": "fixture-ok", "values": { "table-1": { "a": { "double": "match" } } }, "claims": {} }');
    expect(() => readExpected(dir, "fixture-ok")).toThrow(/expected\.json: value table-1 \/ a \/ double has no "status" string/);
    expect(evaluate(nb, dir, "notebooks/fixture-ok.ipynb").failure).toMatchObject({ kind: "input" });
  });

  it("published/tables.json that is not JSON", () => {
    const r = evaluate(nb, data("published/tables.json", '{ "article": "fixture-ok",\n  "tables": [ { "id": "table-1", } ] }\n'), "notebooks/fixture-ok.ipynb");
    expect(r.outcome).toBe("failed");
    expect(r.failure!.diagnostic).toMatch(/published\/tables\.json, line 2, column 34: not valid JSON/);
  });
});

describe("reproduce: bad files, stale and partial reports", () => {
  let t: ReturnType<typeof tree>;
  let run: Awaited<ReturnType<typeof reproduce>>;
  beforeAll(async () => {
    t = tree();
    run = await reproduce({ ...args(t, "--no-html") });
  }, 120_000);
  afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

  it("fails the broken notebook alone, naming the file, line and column, and reports every other article", () => {
    expect(run.exitCode).toBe(1);
    const byId = new Map(run.results.map((r) => [r.id, r]));
    expect(byId.get("broken")).toMatchObject({ outcome: "failed", failure: { kind: "input", cell: 0 } });
    expect(byId.get("broken")!.failure!.diagnostic).toMatch(/broken\.ipynb, line 3, column 2: not valid JSON/);
    expect(byId.get("fixture-ok")).toMatchObject({ outcome: "reproduced" });
    const report = JSON.parse(readFileSync(join(t.out, "report.json"), "utf8"));
    expect(report.articles.map((a: { id: string; outcome: string }) => [a.id, a.outcome])).toEqual([
      ["broken", "failed"],
      ["fixture-ok", "reproduced"],
    ]);
    expect(report.scope).toEqual({ complete: true, notebooksInFolder: 2 });
    expect(readFileSync(join(t.out, "report.md"), "utf8")).toMatch(/\*\*broken\*\* \(.*broken\.ipynb\), a file it needs cannot be used/);
  });

  it("replaces reports/ whole: no page of an earlier run beside it (--no-html), no notebook since deleted", () => {
    expect(readdirSync(t.out).sort()).toEqual(["broken.ipynb", "figures.json", "fixture-ok.ipynb", "report.json", "report.md", "timings.json"]);
    // and no staging folder is left beside it
    expect(readdirSync(t.dir).sort()).toEqual(["data", "notebooks", "reports"]);
  });

  it("marks a partial run (--only) as partial in report.json, report.md and on the page", async () => {
    const partial = await reproduce({ ...args(t, "--only", "broken") }); // a broken notebook starts no kernel
    expect(partial.exitCode).toBe(1);
    const report = JSON.parse(readFileSync(join(t.out, "report.json"), "utf8"));
    expect(Object.keys(report).slice(0, 2)).toEqual(["tool", "scope"]);
    expect(report.scope).toEqual({ complete: false, notebooksInFolder: 2, selectedBy: "--only", notRun: ["fixture-ok"] });
    expect(readFileSync(join(t.out, "report.md"), "utf8")).toContain("> **Partial run (--only): 1 of 2 notebooks; not run: fixture-ok.");
    expect(readFileSync(join(t.out, "index.html"), "utf8")).toMatch(/<p class="failure" id="partial-run" role="note"><strong>Partial run \(--only\): 1 of 2 notebooks; not run: fixture-ok/);
    // The full run's executed notebook is not left beside a report that does not list it.
    expect(existsSync(join(t.out, "fixture-ok.ipynb"))).toBe(false);
  });

  it("two runs at once into one folder: each stages apart, the last to finish is what reports/ holds, whole", async () => {
    const runs = await Promise.all([reproduce({ ...args(t, "--only", "broken") }), reproduce({ ...args(t, "--only", "broken", "--no-html") })]);
    expect(runs.map((r) => r.exitCode)).toEqual([1, 1]);
    const files = readdirSync(t.out).sort();
    // One run's files, not a mixture: with the page, all of it; without, none of it.
    expect([
      ["broken.ipynb", "figures.json", "index.html", "notebooks", "plotly.min.js", "report.json", "report.md", "timings.json"],
      ["broken.ipynb", "figures.json", "report.json", "report.md", "timings.json"],
    ]).toContainEqual(files);
    expect(readdirSync(t.dir).sort()).toEqual(["data", "notebooks", "reports"]);
  });

  it("removes the staging folder a killed run left", async () => {
    const left = join(t.dir, ".reports.new-999999999-1"); // no such process
    mkdirSync(left);
    writeFileSync(join(left, "report.json"), "{}");
    await reproduce({ ...args(t, "--only", "broken", "--no-html") });
    expect(existsSync(left)).toBe(false);
  });

  it("checks the report folder before running anything, with a clear message", async () => {
    const file = join(t.dir, "a-file");
    writeFileSync(file, "");
    const started = Date.now();
    await expect(reproduce({ ...args({ ...t, out: file }) })).rejects.toThrow(OutputError);
    await expect(reproduce({ ...args({ ...t, out: file }) })).rejects.toThrow(/a-file is a file, not a folder; nothing was run/);
    await expect(reproduce({ ...args({ ...t, out: join(file, "reports") }) })).rejects.toThrow(/cannot write the report: cannot create .*a-file \(E[A-Z]+\); nothing was run/);
    // A folder that is not a report is never replaced (--out . by mistake).
    await expect(reproduce({ ...args({ ...t, out: t.notebooks }) })).rejects.toThrow(/notebooks is not a report folder/);
    expect(Date.now() - started).toBeLessThan(5000); // no kernel was started
    expect(existsSync(join(t.notebooks, "fixture-ok.ipynb"))).toBe(true);
  });
});

describe("--cell-timeout beyond Node's timers", () => {
  it("is refused with the largest value allowed", () => {
    expect(() => parseArgs(["--cell-timeout", "2147484"])).toThrow(UsageError);
    expect(() => parseArgs(["--cell-timeout", "2147484"])).toThrow(/at most 2147483 s/);
    expect(() => parseArgs(["--cell-timeout", "Infinity"])).toThrow(/at most 2147483 s/);
    expect(() => parseArgs(["--cell-timeout", "1e400"])).toThrow(/at most/);
    expect(parseArgs(["--cell-timeout", "2147483"]).cellTimeoutSec).toBe(2147483);
  });
});

describe("kernel connection files", () => {
  it("are private (0600 in a 0700 folder) and removed when the kernel does not start", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "repro-conn-"));
    const probe = join(tmp, "probe.cjs");
    // Runs in the kernel process before the launcher: prints the connection file's and folder's modes, fails.
    writeFileSync(probe, `const f = process.argv[process.argv.indexOf("--config-path") + 1]; const fs = require("fs"), path = require("path");
console.error("modes " + (fs.statSync(f).mode & 0o777).toString(8) + " " + (fs.statSync(path.dirname(f)).mode & 0o777).toString(8)); process.exit(7);\n`);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const started = KernelClient.start({ cwd: fixtures, env: { NODE_OPTIONS: `--require ${probe}` }, startTimeout: 20_000 });
      await expect(started).rejects.toThrow(KernelError);
      await expect(started).rejects.toThrow(/exited while starting \(code 7[\s\S]*modes 600 700/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(tmp)).toEqual(["probe.cjs"]);
    rmSync(tmp, { recursive: true, force: true });
  });
});

describe("the kernel snapshot", () => {
  it("is found damaged, rebuilt once, and that is said", () => {
    const real = ensureKernelSnapshot();
    if (real.blob === null) throw new Error(`no kernel snapshot: ${real.reason}`);
    const cache = mkdtempSync(join(tmpdir(), "snapshot-cache-"));
    const blob = join(cache, real.blob.split("/").pop()!);
    copyFileSync(real.blob, blob);
    copyFileSync(`${real.blob}.sum`, `${blob}.sum`);
    expect(ensureKernelSnapshot({ cacheDir: cache })).toMatchObject({ blob, built: false });
    // Damage it in the middle, as a disk error would.
    const bytes = readFileSync(blob);
    bytes.fill(0, bytes.length >> 1, (bytes.length >> 1) + 64);
    writeFileSync(blob, bytes);
    expect(blobDamage(blob)).toMatch(/checksum does not match/);
    const rebuilt = ensureKernelSnapshot({ cacheDir: cache });
    expect(rebuilt).toMatchObject({ blob, built: true, damaged: expect.stringMatching(/checksum does not match/) });
    expect(blobDamage(blob)).toBeNull();
    expect(ensureKernelSnapshot({ cacheDir: cache })).toMatchObject({ blob, built: false });
    expect(ensureKernelSnapshot({ cacheDir: cache })).not.toHaveProperty("damaged");
    // Cut short: said in bytes; and a build lock left by a builder killed with SIGKILL does not hold it up.
    writeFileSync(blob, bytes.subarray(0, 1000));
    expect(blobDamage(blob)).toMatch(/has 1000 bytes, not the \d+ it was built with/);
    writeFileSync(`${blob}.lock`, "999999999"); // no such process
    const started = Date.now();
    expect(ensureKernelSnapshot({ cacheDir: cache })).toMatchObject({ blob, built: true, damaged: expect.stringMatching(/has 1000 bytes/) });
    expect(Date.now() - started).toBeLessThan(100_000); // not the two minutes a lock of a live builder is given
    expect(readdirSync(cache).sort()).toEqual([basename(blob), `${basename(blob)}.sum`]);
    rmSync(cache, { recursive: true, force: true });
  }, 240_000);
});

describe("signals to npm run reproduce, and a killed runner", () => {
  /** The pids of processes whose command line mentions `text` (here: a private TMPDIR, in the kernel's argv). */
  const pidsWith = (text: string): number[] =>
    readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(text);
        } catch {
          return false;
        }
      })
      .map(Number);
  const waitFor = async (what: string, ok: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** `npm run reproduce` of the never-ending fixture, until its kernel runs the endless cell. */
  async function startRun(): Promise<{ npm: ChildProcess; stderr: () => string; kernel: number; runner: number; tmp: string; out: string }> {
    const tmp = mkdtempSync(join(tmpdir(), "repro-signal-"));
    const out = join(tmp, "reports");
    const npm = spawn("npm", ["run", "reproduce", "--", "--only", "fixture-hang", "--notebooks", join(fixtures, "notebooks"), "--data", join(fixtures, "data"), "--out", out, "--cell-timeout", "120", "--no-html"], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp },
      detached: true, // a process group of its own, as a terminal's job
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    npm.stderr!.on("data", (d) => (err += d));
    let kernel = 0;
    await waitFor("the kernel", () => (kernel = pidsWith(join(tmp, "baltic-repro-kernel-")).find((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").includes("kernel.cjs")) ?? 0) > 0, 60_000);
    const runner = Number(readFileSync(`/proc/${kernel}/stat`, "utf8").split(") ")[1].split(" ")[1]);
    await new Promise((r) => setTimeout(r, 1500)); // the kernel is up and in the endless cell (or nearly)
    return { npm, stderr: () => err, kernel, runner, tmp, out };
  }

  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    it(`${signal} to npm stops the runner and its kernel at once, and writes no report`, async () => {
      const r = await startRun();
      process.kill(r.npm.pid!, signal);
      await waitFor("the runner and the kernel to end", () => !alive(r.runner) && !alive(r.kernel), 5000);
      await new Promise((ok) => (r.npm.exitCode !== null || r.npm.signalCode !== null ? ok(null) : r.npm.once("exit", ok)));
      expect(r.stderr()).toMatch(/(has ended|stopped by SIG[A-Z]+); stopping the kernels\. No report written/);
      // No reports/, no staging folder, no connection file (tsx keeps its compile cache there: tsx-<uid>).
      expect(readdirSync(r.tmp).filter((f) => !f.startsWith("tsx-"))).toEqual([]);
      rmSync(r.tmp, { recursive: true, force: true });
    }, 90_000);
  }

  it("SIGKILL of the runner: the kernel ends by itself and removes its connection file", async () => {
    const r = await startRun();
    process.kill(r.runner, "SIGKILL");
    await waitFor("the kernel to end", () => !alive(r.kernel), 5000);
    await waitFor("npm to end", () => r.npm.exitCode !== null || r.npm.signalCode !== null, 10_000);
    // Only the killed runner's staging folder is left (the next run removes it); no connection file.
    expect(readdirSync(r.tmp).filter((f) => !/^\.reports\.new-\d+-\d+$/.test(f) && !f.startsWith("tsx-"))).toEqual([]);
    rmSync(r.tmp, { recursive: true, force: true });
  }, 90_000);
});
