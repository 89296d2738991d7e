/**
 * Runs every property test (the test files that call fc.assert) under several seeds, one vitest run per seed,
 * so that CI explores many more cases than `npm test`'s single fixed seed — still reproducibly, because the
 * seeds are listed here (or given), and still bounded, because every fc.assert has a time limit
 * (tests/support/fast-check.ts).
 *
 *   npm run test:properties                 # the seeds below
 *   npm run test:properties -- --seeds 5,6  # chosen seeds
 *   npm run test:properties -- --random 3   # three random seeds, printed so that a failure can be replayed
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Five seeds: about 19 s each, which keeps `.ci/run` well under its 10 minutes (eight took 2.5 of its 9).
const SEEDS = [1, 2, 3, 4, 5];

function parseArgs(argv: string[]): number[] {
  const i = argv.indexOf("--seeds");
  if (i >= 0) {
    const seeds = (argv[i + 1] ?? "").split(",").map((s) => Number(s.trim()));
    if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) {
      console.error(`--seeds needs a comma-separated list of integers, got "${argv[i + 1] ?? ""}"`);
      process.exit(2);
    }
    return seeds;
  }
  const r = argv.indexOf("--random");
  if (r >= 0) {
    const n = Number(argv[r + 1]);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--random needs a positive count, got "${argv[r + 1] ?? ""}"`);
      process.exit(2);
    }
    return Array.from({ length: n }, () => (Math.random() * 0x7fffffff) | 0);
  }
  return SEEDS;
}

const seeds = parseArgs(process.argv.slice(2));
const files = readdirSync("tests")
  .filter((f) => f.endsWith(".test.ts") && /fc\.assert\(/.test(readFileSync(join("tests", f), "utf8")))
  .sort()
  .map((f) => join("tests", f));
console.log(`property soak: ${files.length} files × ${seeds.length} seeds (${seeds.join(", ")})`);
let failed = 0;
for (const seed of seeds) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=dot", ...files], {
    env: { ...process.env, FC_SEED: String(seed) },
    encoding: "utf8",
  });
  const ok = run.status === 0;
  if (!ok) failed++;
  console.log(`  seed ${seed}: ${ok ? "passed" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) console.log(`${run.stdout}\n${run.stderr}`.trim().split("\n").map((l) => `    | ${l}`).join("\n"));
}
console.log(`${seeds.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
