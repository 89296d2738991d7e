/**
 * fast-check's global settings for every property test (vitest `setupFiles`).
 *
 * Why: fast-check shrinks a counterexample synchronously, and vitest's test timeout cannot interrupt
 * synchronous code, so a failing property on doubles could shrink for many minutes and hang the suite.
 * - `interruptAfterTimeLimit` bounds each `fc.assert` (generation and shrinking together); an interrupted
 *   property is a failure (`markInterruptAsFailure`), never a silent pass.
 * - The seed is fixed, so `npm test` explores the same cases on every run; a failure prints the seed and the
 *   counterexample path, and `FC_SEED=<n>` replays it. `FC_SEED=random` draws a seed (printed), and
 *   `FC_NUM_RUNS=<n>` changes the default number of runs (a test that sets its own `numRuns` keeps it).
 *   `npm run test:properties` (scripts/property-soak.ts) runs every property test under many seeds.
 */
import fc from "fast-check";

export const DEFAULT_SEED = 20260101;
export const TIME_LIMIT_MS = Number(process.env.FC_TIME_LIMIT_MS ?? 20_000);

function seedFromEnv(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  if (raw === "random") {
    const seed = (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
    console.error(`fast-check: FC_SEED=random drew seed ${seed} (replay with FC_SEED=${seed})`);
    return seed;
  }
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${raw}"`);
  return seed;
}

const numRuns = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : undefined;
if (numRuns !== undefined && !(Number.isInteger(numRuns) && numRuns > 0)) throw new Error(`FC_NUM_RUNS must be a positive integer, got "${process.env.FC_NUM_RUNS}"`);

fc.configureGlobal({
  seed: seedFromEnv(),
  interruptAfterTimeLimit: TIME_LIMIT_MS,
  markInterruptAsFailure: true,
  ...(numRuns !== undefined ? { numRuns } : {}),
});
