/**
 * vitest globalSetup: every test run gets a temporary folder of its own as TMPDIR, removed when the run ends.
 *
 * Why: the tests (and the kernels, Jupyter servers and browsers they start) create folders with os.tmpdir()
 * and mkdtemp — notebooks executed, reports written, kernel prefixes — and a test that fails or times out does not
 * reach its own cleanup. Pointing TMPDIR at one folder per run, set here before any worker starts (workers and
 * child processes inherit the environment), makes the cleanup one rmSync that always runs, and leaves /tmp as it
 * was. Set BALTIC_REPRO_KEEP_TEST_TMP=1 to keep the folder for a post-mortem (its path is printed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "baltic-repro-tests-"));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.BALTIC_REPRO_KEEP_TEST_TMP === "1") {
      process.stderr.write(`test run's temporary files kept in ${dir}\n`);
      return;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
