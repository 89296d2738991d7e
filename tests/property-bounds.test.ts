// The guarantee that keeps `npm test` from hanging: every property test is seeded and its shrinking is
// bounded in time (tests/support/fast-check.ts, loaded by vitest.config.ts for every test file).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED, TIME_LIMIT_MS } from "./support/fast-check";

describe("property tests are bounded and reproducible", () => {
  it("every fc.assert runs with a seed and a time limit that counts as failure", () => {
    const g = fc.readConfigureGlobal();
    expect(g.interruptAfterTimeLimit).toBe(TIME_LIMIT_MS);
    expect(g.markInterruptAsFailure).toBe(true);
    expect(Number.isInteger(g.seed)).toBe(true);
    if (!process.env.FC_SEED) expect(g.seed).toBe(DEFAULT_SEED);
  });

  it("a failing property whose shrinking would take minutes ends at the time limit, failed, with its seed", () => {
    // Each run costs 2 ms and each of the 300 integers shrinks towards ±1 in ~20 steps: unbounded, about
    // 6,000 shrinks and 14 s on these machines (more with bigger arrays); bounded, 0.3 s.
    const started = Date.now();
    const out = fc.check(
      fc.property(fc.array(fc.integer(), { minLength: 300, maxLength: 300 }), (xs) => {
        const until = Date.now() + 2;
        while (Date.now() < until);
        return xs.some((x) => x === 0);
      }),
      { interruptAfterTimeLimit: 300 },
    );
    const elapsed = Date.now() - started;
    expect(out.failed).toBe(true);
    expect(out.interrupted).toBe(true);
    expect(typeof out.seed).toBe("number");
    expect(elapsed).toBeLessThan(5_000);
  });

  it("the same seed gives the same cases", () => {
    const sample = (seed: number) => fc.sample(fc.double(), { seed, numRuns: 5 });
    expect(sample(7)).toEqual(sample(7));
    expect(sample(7)).not.toEqual(sample(8));
  });
});
