import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessTarget,
  assessTargetInterval,
  cagr,
  exponentialTrend,
  growthRate,
  growthRateInterval,
  halvingTarget,
  linearTrend,
  reductionTarget,
  repeatGrowth,
  repeatGrowthInterval,
  requiredGrowthRate,
} from "../lib/extrapolation";
import { roundHalfAway, roundingInterval } from "../lib/verify";
import { InputError } from "../lib/validate";

/** |a − b| ≤ rel·max(1, |b|). */
function close(a: number, b: number, rel = 1e-9): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true, noDefaultInfinity: true });
const ratio = fc.double({ min: 0.05, max: 3, noNaN: true, noDefaultInfinity: true });
const times = fc.double({ min: 0, max: 5, noNaN: true, noDefaultInfinity: true });

describe("growth rate, forecast and targets: hand-worked cases", () => {
  it("computes exact small cases", () => {
    expect(growthRate(200, 150)).toBe(-25);
    expect(growthRate(80, 100)).toBe(25);
    expect(growthRate(5, 0)).toBe(-100);
    expect(repeatGrowth(200, 150)).toBe(112.5); // 150 · 0.75
    expect(repeatGrowth(200, 150, 2)).toBeCloseTo(84.375, 12); // 150 · 0.75²
    expect(repeatGrowth(200, 150, 0)).toBe(150);
    expect(halvingTarget(0.4741)).toBe(0.23705);
    close(reductionTarget(2172.1, 10), 1954.89, 1e-15);
    expect(reductionTarget(100, -10)).toBeCloseTo(110, 12);
    close(requiredGrowthRate(0.25), -50, 1e-15); // √0.25 − 1
    close(requiredGrowthRate(0.5), (Math.SQRT1_2 - 1) * 100, 1e-15); // −29.29 %
    close(requiredGrowthRate(0.9), (Math.sqrt(0.9) - 1) * 100, 1e-15); // −5.13 %
    close(requiredGrowthRate(0.125, 2), -50, 1e-15); // ∛0.125 − 1
    expect(requiredGrowthRate(0.5, 0)).toBeCloseTo(-50, 12);
    close(cagr(100, 121, 2), 10, 1e-14);
    close(cagr(1, 0.5, 14), (0.5 ** (1 / 14) - 1) * 100, 1e-15);
    expect(cagr(7, 7, 3)).toBe(0);
  });

  it("reproduces rows of Belov (2026) from their printed inputs", () => {
    // Table 1, Trans-Baikal Territory: 0,4741 → 0,2348; printed −50,47, target 0,2370, forecast 0,1163.
    expect(roundHalfAway(growthRate(0.4741, 0.2348), 2)).toBe(-50.47);
    expect(roundHalfAway(repeatGrowth(0.4741, 0.2348), 4)).toBe(0.1163);
    // Table 2, Vladimir region: 2172,1 → 2121,4; printed −2,33, target 1954,89, forecast 2071,88.
    expect(roundHalfAway(growthRate(2172.1, 2121.4), 2)).toBe(-2.33);
    expect(roundHalfAway(reductionTarget(2172.1, 10), 2)).toBe(1954.89);
    expect(roundHalfAway(repeatGrowth(2172.1, 2121.4), 2)).toBe(2071.88);
    // Table 3, Karachay-Cherkess Republic: 0,1500 → 0,1049; −30,06 %, target 0,0750, forecast 0,0734: meets.
    const kc = assessTarget({ base: 0.15, current: 0.1049, target: halvingTarget(0.15) });
    expect(roundHalfAway(kc.growthRate, 2)).toBe(-30.07); // the printed −30,06 needs the unrounded inputs
    expect(roundHalfAway(kc.forecast, 4)).toBe(0.0734);
    expect(kc.meets).toBe(true);
    // Table 1, Republic of North Ossetia: −28,79 %, target 0,1504 < forecast 0,1525: does not meet.
    const no = assessTarget({ base: 0.3008, current: 0.2142, target: halvingTarget(0.3008) });
    expect(no.meets).toBe(false);
    expect(no.excess).toBeGreaterThan(0);
    expect(roundHalfAway(no.forecast, 4)).toBe(0.1525);
    close(no.requiredGrowthRate, requiredGrowthRate(0.5), 1e-15);
  });

  it("assessTarget returns every field", () => {
    const a = assessTarget({ base: 100, current: 50, target: 50 });
    expect(a).toEqual({
      base: 100,
      current: 50,
      target: 50,
      times: 1,
      growthRate: -50,
      forecast: 25,
      targetRatio: 0.5,
      requiredGrowthRate: requiredGrowthRate(0.5),
      excess: -25,
      meets: true,
    });
    const b = assessTarget({ base: 100, current: 80, target: 50, times: 2 });
    close(b.forecast, 51.2, 1e-15); // 80 · 0.8²
    expect(b.meets).toBe(false);
    close(b.requiredGrowthRate, (0.5 ** (1 / 3) - 1) * 100, 1e-15);
  });
});

describe("interval variants", () => {
  it("gives the exact range for the article's printed inputs", () => {
    const base = roundingInterval(0.4741, 4);
    const current = roundingInterval(0.2348, 4);
    const g = growthRateInterval(base, current);
    close(g.lo, (0.23475 / 0.47415 - 1) * 100, 1e-15);
    close(g.hi, (0.23485 / 0.47405 - 1) * 100, 1e-15);
    const f = repeatGrowthInterval(base, current);
    close(f.lo, (0.23475 * 0.23475) / 0.47415, 1e-15);
    close(f.hi, (0.23485 * 0.23485) / 0.47405, 1e-15);
  });

  it("decides meets only when the rounding cannot change the verdict", () => {
    // North Ossetia (−28.79 %) never meets; Trans-Baikal (−50.47 %) always does.
    const no = assessTargetInterval({ base: roundingInterval(0.3008, 4), current: roundingInterval(0.2142, 4), targetRatio: 0.5 });
    expect(no.meets).toBe(false);
    const tb = assessTargetInterval({ base: roundingInterval(0.4741, 4), current: roundingInterval(0.2348, 4), targetRatio: 0.5 });
    expect(tb.meets).toBe(true);
    close(tb.target.lo, 0.47405 / 2, 1e-15);
    // On the boundary: current/base = 1/√2 exactly at the printed values, rounding makes it undecided.
    const b = 1;
    const c = Math.SQRT1_2;
    const edge = assessTargetInterval({ base: roundingInterval(b, 4), current: roundingInterval(c, 4), targetRatio: 0.5 });
    expect(edge.meets).toBeNull();
  });

  it("contains the point value for any point inside the intervals (property)", () => {
    fc.assert(
      fc.property(positive, ratio, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), times, (b, r, u, v, t) => {
        const c = b * r;
        const bi = { lo: b * 0.99, hi: b * 1.01 };
        const ci = { lo: c * 0.98, hi: c * 1.02 };
        const bp = bi.lo + u * (bi.hi - bi.lo);
        const cp = ci.lo + v * (ci.hi - ci.lo);
        const tol = 1e-12;
        const g = growthRateInterval(bi, ci);
        const gp = growthRate(bp, cp);
        expect(gp).toBeGreaterThanOrEqual(g.lo - tol * Math.max(1, Math.abs(gp)));
        expect(gp).toBeLessThanOrEqual(g.hi + tol * Math.max(1, Math.abs(gp)));
        const f = repeatGrowthInterval(bi, ci, t);
        const fp = repeatGrowth(bp, cp, t);
        expect(fp).toBeGreaterThanOrEqual(f.lo * (1 - tol));
        expect(fp).toBeLessThanOrEqual(f.hi * (1 + tol));
        const a = assessTargetInterval({ base: bi, current: ci, targetRatio: 0.5, times: t });
        if (a.meets !== null) expect(assessTarget({ base: bp, current: cp, target: 0.5 * bp, times: t }).meets).toBe(a.meets);
      }),
      { numRuns: 300 },
    );
  });
});

describe("properties", () => {
  it("times = 0 gives current; times = 1 gives current²/base; the forecast repeats the growth rate", () => {
    fc.assert(
      fc.property(positive, ratio, (b, r) => {
        const c = b * r;
        expect(repeatGrowth(b, c, 0)).toBe(c);
        close(repeatGrowth(b, c, 1), (c * c) / b, 1e-12);
        close(growthRate(c, repeatGrowth(b, c)), growthRate(b, c), 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("meets ⇔ growthRate ≤ requiredGrowthRate (away from the boundary)", () => {
    fc.assert(
      fc.property(positive, ratio, fc.double({ min: 0.05, max: 2, noNaN: true }), times, (b, r, share, t) => {
        const a = assessTarget({ base: b, current: b * r, target: share * b, times: t });
        fc.pre(Math.abs(a.growthRate - a.requiredGrowthRate) > 1e-9 * Math.max(1, Math.abs(a.requiredGrowthRate)));
        expect(a.meets).toBe(a.growthRate <= a.requiredGrowthRate);
        expect(a.meets).toBe(a.excess <= 0);
      }),
      { numRuns: 300 },
    );
  });

  it("growing at exactly the required rate lands on the target", () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 0.05, max: 2, noNaN: true }), times, (b, share, t) => {
        const g = requiredGrowthRate(share, t);
        const c = b * (1 + g / 100);
        close(repeatGrowth(b, c, t), share * b, 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("cagr compounds back to the end value", () => {
    fc.assert(
      fc.property(positive, ratio, fc.double({ min: 0.5, max: 50, noNaN: true }), (s, r, y) => {
        const e = s * r;
        close(s * (1 + cagr(s, e, y) / 100) ** y, e, 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("linearTrend recovers an exact line", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 3000 }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        (xs, b, a) => {
          const ys = xs.map((x) => a + b * x);
          const t = linearTrend(xs, ys);
          const scale = Math.max(1, Math.abs(a), Math.abs(b) * 3000);
          expect(Math.abs(t.slope - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)) + 1e-9 * scale / 1000);
          expect(Math.abs(t.intercept - a)).toBeLessThanOrEqual(1e-8 * scale);
          expect(Math.abs(t.predict(xs[0]) - ys[0])).toBeLessThanOrEqual(1e-8 * scale);
          if (xs.length > 2) expect(t.residualStdError).toBeLessThanOrEqual(1e-8 * scale);
          if (Math.abs(b) > 1e-3) expect(t.r2).toBeGreaterThan(1 - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("exponentialTrend recovers an exact exponential", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 20 }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0.1, max: 1e6, noNaN: true }),
        (xs, ratePercent, scale) => {
          const ys = xs.map((x) => scale * (1 + ratePercent / 100) ** x);
          const t = exponentialTrend(xs, ys);
          expect(Math.abs(t.ratePercent - ratePercent)).toBeLessThanOrEqual(1e-9);
          close(t.scale, scale, 1e-9);
          close(t.predict(xs[0]), ys[0], 1e-9);
          close(t.growthFactor, 1 + ratePercent / 100, 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("hand-worked trend with residuals", () => {
    // x = 0, 1, 2, 3; y = 1, 3, 2, 4: x̄ = 1.5, ȳ = 2.5, Sxx = 5, Sxy = 4 → slope 0.8, intercept 1.3;
    // residuals −0.3, 0.9, −0.9, 0.3 → SSE = 1.8, SST = 5 → R² = 0.64, s = √0.9.
    const t = linearTrend([0, 1, 2, 3], [1, 3, 2, 4]);
    close(t.slope, 0.8, 1e-15);
    close(t.intercept, 1.3, 1e-15);
    close(t.r2, 0.64, 1e-14);
    close(t.residualStdError, Math.sqrt(0.9), 1e-14);
    close(t.slopeStdError, Math.sqrt(0.9 / 5), 1e-14);
    close(t.interceptStdError, Math.sqrt(0.9 * (1 / 4 + 2.25 / 5)), 1e-14);
    close(t.predict(10), 9.3, 1e-14);
    const two = linearTrend([2016, 2022], [1, 4]);
    close(two.slope, 0.5, 1e-15);
    expect(two.r2).toBe(1);
    expect(Number.isNaN(two.residualStdError)).toBe(true);
    expect(Number.isNaN(linearTrend([1, 2, 3], [5, 5, 5]).r2)).toBe(true);
  });
});

describe("against numpy.polyfit / scipy.stats.linregress (tests/fixtures/extrapolation.json)", () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "extrapolation.json"), "utf8")) as {
    linear: Record<string, { x: number[]; y: number[]; n: number; slope: number; intercept: number; r2: number; residualStdError: number; slopeStdError: number; interceptStdError: number; at: number; prediction: number }>;
    exponential: Record<string, { x: number[]; y: number[]; n: number; logSlope: number; logIntercept: number; ratePercent: number; r2: number; logSlopeStdError: number; at: number; prediction: number }>;
  };

  it("has cases", () => {
    expect(Object.keys(fixture.linear).length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(fixture.exponential).length).toBeGreaterThanOrEqual(7);
  });

  for (const [name, ref] of Object.entries(fixture.linear)) {
    it(`linearTrend ${name}`, () => {
      const t = linearTrend(ref.x, ref.y);
      expect(t.n).toBe(ref.n);
      close(t.slope, ref.slope);
      close(t.intercept, ref.intercept);
      close(t.r2, ref.r2);
      close(t.residualStdError, ref.residualStdError);
      close(t.slopeStdError, ref.slopeStdError);
      close(t.interceptStdError, ref.interceptStdError);
      close(t.predict(ref.at), ref.prediction);
    });
  }

  for (const [name, ref] of Object.entries(fixture.exponential)) {
    it(`exponentialTrend ${name}`, () => {
      const t = exponentialTrend(ref.x, ref.y);
      close(t.logSlope, ref.logSlope);
      close(t.logIntercept, ref.logIntercept);
      close(t.ratePercent, ref.ratePercent);
      close(t.r2, ref.r2);
      close(t.logSlopeStdError, ref.logSlopeStdError);
      close(t.predict(ref.at), ref.prediction);
    });
  }
});

describe("bad input", () => {
  const err = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(message);
  };

  it("rejects bad bases, currents, targets and times", () => {
    err(() => growthRate(0, 1), /base is 0; it must be positive/);
    err(() => growthRate(-2, 1), /base is -2; it must be positive/);
    err(() => growthRate(NaN, 1), /base is NaN/);
    err(() => growthRate(1, -0.5), /current is -0.5; it must be non-negative/);
    err(() => growthRate(1, Infinity), /current is Infinity/);
    err(() => growthRate("1" as unknown as number, 1), /base must be a number, got "1"/);
    err(() => repeatGrowth(1, 1, -1), /times is -1; it must be non-negative/);
    err(() => repeatGrowth(0, 1), /base is 0/);
    err(() => halvingTarget(0), /base is 0/);
    err(() => reductionTarget(10, 100), /percent is 100; a reduction must be below 100/);
    err(() => reductionTarget(10, NaN), /percent is NaN/);
    err(() => requiredGrowthRate(0), /targetRatio is 0; it must be positive/);
    err(() => requiredGrowthRate(0.5, NaN), /times is NaN/);
    err(() => assessTarget({ base: 1, current: 1, target: 0 }), /target is 0; it must be positive/);
    err(() => assessTarget({ base: 1, current: NaN, target: 1 }), /current is NaN/);
    err(() => assessTarget(null as unknown as { base: number; current: number; target: number }), /assessTarget needs/);
    err(() => cagr(0, 1, 1), /start is 0/);
    err(() => cagr(1, 1, 0), /years is 0; it must be positive/);
  });

  it("rejects malformed intervals", () => {
    err(() => growthRateInterval({ lo: 2, hi: 1 }, { lo: 1, hi: 1 }), /base is \[2, 1\]: lo must not exceed hi/);
    err(() => growthRateInterval({ lo: -0.1, hi: 1 }, { lo: 1, hi: 1 }), /base.lo is -0.1; it must be positive/);
    err(() => repeatGrowthInterval({ lo: 1, hi: 1 }, { lo: NaN, hi: 1 }), /current.lo is NaN/);
    err(() => growthRateInterval(3 as unknown as { lo: number; hi: number }, { lo: 1, hi: 1 }), /base must be an interval/);
    err(() => assessTargetInterval({ base: { lo: 1, hi: 1 }, current: { lo: 1, hi: 1 }, targetRatio: -1 }), /targetRatio is -1/);
  });

  it("rejects bad trend data, naming the problem", () => {
    err(() => linearTrend([1, 2, 3], [1, 2]), /ys has 2 elements but xs has 3; they must match/);
    err(() => linearTrend([1], [1]), /xs has 1 values; at least 2 are needed/);
    err(() => linearTrend([], []), /xs is empty/);
    err(() => linearTrend([1, NaN, 3], [1, 2, 3]), /xs\[1\] is NaN/);
    err(() => linearTrend([2, 2, 2], [1, 2, 3]), /xs are all equal \(2\): the slope of a trend is undefined/);
    err(() => exponentialTrend([1, 2, 3], [1, 0, 3]), /ys\[1\] is 0; values must be positive: an exponential trend fits ln y/);
  });
});
