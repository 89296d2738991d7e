/**
 * The kernel snapshot (scripts/kernel-snapshot.cjs): kernels started from it give the same notebooks,
 * byte for byte, as kernels started from scratch; a declaration file is reused only with the same text and
 * parse options, and only once per process; a real kernel does reuse the snapshot's files.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs, reproduce } from "../scripts/reproduce";
import { executeNotebook } from "../scripts/runner/execute";
import { ensureKernelSnapshot, KernelClient } from "../scripts/runner/kernel";

const root = join(__dirname, "..");
const fixtures = join(root, "tests", "fixtures");

let blob: string;
beforeAll(() => {
  const r = ensureKernelSnapshot();
  if (r.blob === null) throw new Error(`no kernel snapshot: ${r.reason}`);
  blob = r.blob;
}, 120_000);

describe("kernel snapshot", () => {
  it("is found again, not rebuilt, on a second call", () => {
    const again = ensureKernelSnapshot();
    expect(again).toMatchObject({ blob, built: false });
  });

  it("reuses a declaration file only with the same text and parse options, once per process", () => {
    const r = spawnSync(process.execPath, ["--snapshot-blob", blob, "--", join(fixtures, "snapshot-probe.cjs")], { encoding: "utf8", cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      otherOptions: { es5: false, es2015core: false },
      first: { es5: true, es2015core: false },
      second: { es5: false, es2015core: true },
    });
  });

  it("starts a kernel that takes its declaration files from the snapshot and runs cells", async () => {
    const kernel = await KernelClient.start({ cwd: join(fixtures, "notebooks"), snapshot: blob, env: { BALTIC_REPRO_SNAPSHOT_STATS: "1" } });
    try {
      const r = await kernel.execute('import { gini } from "baltic-repro/inequality";\ngini([1, 2, 3, 4])', 30_000);
      expect(r.status, r.stderr).toBe("ok");
      expect(r.outputs).toEqual([expect.objectContaining({ output_type: "execute_result", data: { "text/plain": "0.25" } })]);
      const line = kernel.processLog.split("\n").find((l) => l.startsWith("baltic-repro kernel snapshot: "));
      expect(line, kernel.processLog).toBeDefined();
      const stats = JSON.parse(line!.slice("baltic-repro kernel snapshot: ".length));
      // lib.es2022 and @types/node alone are well over a hundred files.
      expect(stats.reused).toBeGreaterThan(100);
      // Only the library's own declarations can have changed since the snapshot was built (after an edit of
      // lib/, until package-lock.json or Node changes); everything else must come from the snapshot.
      expect(stats.stale.filter((f: string) => !f.startsWith(join(root, "lib", "types") + "/"))).toEqual([]);
    } finally {
      await kernel.shutdown();
    }
  }, 60_000);

  it("gives byte-identical notebooks and report with and without the snapshot", async () => {
    const a = mkdtempSync(join(tmpdir(), "repro-snap-"));
    const b = mkdtempSync(join(tmpdir(), "repro-nosnap-"));
    const base = ["--notebooks", join(fixtures, "notebooks"), "--data", join(fixtures, "data"), "--cell-timeout", "10", "--jobs", "2", "--no-html", "--only", "fixture-ok", "fixture-error", "fixture-compile"];
    const withSnapshot = await reproduce(parseArgs([...base, "--out", a]));
    const without = await reproduce(parseArgs([...base, "--out", b, "--no-kernel-snapshot"]));
    expect(withSnapshot.exitCode).toBe(without.exitCode);
    const files = readdirSync(a).filter((f) => f.endsWith(".ipynb") || f === "report.json").sort();
    expect(files).toEqual(["fixture-compile.ipynb", "fixture-error.ipynb", "fixture-ok.ipynb", "report.json"]);
    for (const f of files) expect(readFileSync(join(a, f), "utf8"), f).toBe(readFileSync(join(b, f), "utf8"));
  }, 120_000);

  it("starts the kernel from scratch, and says so, when it does not start from the snapshot", async () => {
    const lines: string[] = [];
    const e = await executeNotebook(join(fixtures, "notebooks", "fixture-ok.ipynb"), {
      cellTimeoutMs: 20_000,
      env: { BALTIC_REPRO_DATA_DIR: join(fixtures, "data") },
      kernelSnapshot: join(tmpdir(), "no-such-kernel-snapshot.blob"),
      progress: (l) => lines.push(l),
    });
    expect(e.status).toBe("ok");
    expect(lines).toEqual([expect.stringMatching(/^fixture-ok: the kernel did not start from the snapshot \(.*no-such-kernel-snapshot\.blob.*\); starting it from scratch$/)]);
  }, 60_000);
});
