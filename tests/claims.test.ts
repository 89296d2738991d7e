import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { approximately, decide, intervalOrder, judgeFigure, nearly, rankOf, ratio, verdictOf, type ClaimRule, type Missing } from "../lib/claims";
import { parsePrinted } from "../lib/verify";

interface RankCase {
  year: number;
  field: string;
  keys: string[];
  values: number[];
  descending: number[];
  ascending: number[];
  ties: number;
}
const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "claims.json"), "utf8")) as { cases: RankCase[] };

describe("verdictOf", () => {
  it("maps (holds, holdsLoosely) to true / loose / false", () => {
    expect(verdictOf(true)).toBe("true");
    expect(verdictOf(true, false)).toBe("true");
    expect(verdictOf(false, true)).toBe("loose");
    expect(verdictOf(false, false)).toBe("false");
    expect(verdictOf(false)).toBe("false");
  });
});

describe("ratio", () => {
  it("divides (hand-worked: Finland's and Sweden's forces, 2014)", () => {
    expect(ratio(32.5, 14.7)).toBeCloseTo(2.2108843537, 9);
    expect(ratio(-3, 4)).toBe(-0.75);
  });
  it("rejects a zero denominator and non-finite values, naming the argument", () => {
    expect(() => ratio(1, 0)).toThrow(/denominator is 0/);
    expect(() => ratio(NaN, 2)).toThrow(/numerator must be a finite number/);
    expect(() => ratio(1, Infinity)).toThrow(/denominator must be a finite number/);
  });
});

describe("approximately", () => {
  it("decimals: accepts exactly the stated figure's rounding interval", () => {
    // "grew only marginally, by approximately 2 %": 181.7 / 178.8 − 1 = 1.62 %
    const a = approximately((181.7 / 178.8 - 1) * 100, 2, { decimals: 0 });
    expect(a.within).toBe(true);
    expect(a.accepted).toEqual({ lo: 1.5, hi: 2.5 });
    expect(a.difference).toBeCloseTo(-0.378076, 5);
    expect(approximately(1.5, 2, { decimals: 0 }).within).toBe(true); // boundary belongs to the interval
    expect(approximately(2.5, 2, { decimals: 0 }).within).toBe(true);
    expect(approximately(1.4999, 2, { decimals: 0 }).within).toBe(false);
    expect(approximately(0.245, 0.24, { decimals: 2 }).within).toBe(true); // 0.245 is not exact in binary
    expect(approximately(0.2451, 0.24, { decimals: 2 }).within).toBe(false);
  });
  it("negative decimals round to tens, hundreds (hand-worked: $880 million as a round figure)", () => {
    expect(approximately(880.5, 880, { decimals: -1 }).accepted).toEqual({ lo: 875, hi: 885 });
    expect(approximately(885, 880, { decimals: -1 }).within).toBe(true);
    expect(approximately(885.01, 880, { decimals: -1 }).within).toBe(false);
    expect(approximately(1449, 1400, { decimals: -2 }).within).toBe(true);
    expect(approximately(1451, 1400, { decimals: -2 }).within).toBe(false);
  });
  it("relative and absolute tolerances (hand-worked: 250 + 25 + 605.5 against 880)", () => {
    const r = approximately(880.5, 880, { relative: 0.01 });
    expect(r.within).toBe(true);
    expect(r.difference).toBe(0.5);
    expect(r.relativeDifference).toBeCloseTo(0.5 / 880, 15);
    expect(r.accepted.lo).toBeCloseTo(871.2, 9);
    expect(r.accepted.hi).toBeCloseTo(888.8, 9);
    expect(approximately(880.5, 880, { absolute: 0.4 }).within).toBe(false);
    expect(approximately(880.5, 880, { absolute: 0.5 }).within).toBe(true);
    expect(approximately(-10.5, -10, { relative: 0.05 }).within).toBe(true); // |stated| for negatives
    expect(approximately(1, 0, { absolute: 2 }).relativeDifference).toBeNaN();
  });
  it("property: within ⇔ |actual − stated| ≤ tolerance (relative), up to the documented 1e-12 relative slack", () => {
    // The contract (approximately's doc comment): accepted = stated ± tol·|stated|, widened at each end by
    // s = 1e-12·max(1, |lo|, |hi|) so that a value on the boundary is accepted whatever the binary rounding.
    // Within the band (bound, bound + 2s] either answer is allowed; outside it the answer is fixed.
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (actual, stated, tol) => {
          const a = approximately(actual, stated, { relative: tol });
          const d = Math.abs(actual - stated);
          const bound = tol * Math.abs(stated);
          const s = 1e-12 * Math.max(1, Math.abs(stated) + bound);
          if (d <= bound) expect(a.within).toBe(true);
          if (d > bound + 2 * s) expect(a.within).toBe(false);
        },
      ),
    );
  });
  it("the boundary slack is relative to the values' magnitude, not absolute (regression: the hanging seed)", () => {
    // fast-check found this case: 1.3e-9 apart at 1e6 is a few ulps, inside the slack (1e-6 there).
    expect(approximately(-999999.9999999998, -999999.9999999985, { relative: 3.66e-156 }).within).toBe(true);
    expect(approximately(1e6 + 1e-7, 1e6, { absolute: 0 }).within).toBe(true);
    expect(approximately(1e6 + 1e-5, 1e6, { absolute: 0 }).within).toBe(false);
    expect(approximately(1 + 1e-13, 1, { absolute: 0 }).within).toBe(true);
    expect(approximately(1 + 1e-11, 1, { absolute: 0 }).within).toBe(false);
  });
  it("property: with decimals, a printed value's own interval is accepted (agrees with parsePrinted)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (k, d, u) => {
        const stated = k / 10 ** d;
        const p = parsePrinted(stated.toFixed(d));
        const x = stated + u * 10 ** -d;
        expect(approximately(x, stated, { decimals: d }).within).toBe(x >= p.interval.lo - 1e-9 && x <= p.interval.hi + 1e-9);
      }),
    );
  });
  it("rejects malformed tolerances and values, naming the problem", () => {
    expect(() => approximately(1, 1, {} as never)).toThrow(/exactly one of relative, absolute, decimals/);
    expect(() => approximately(1, 1, { relative: 0.1, absolute: 1 } as never)).toThrow(/exactly one of/);
    expect(() => approximately(1, 1, { relative: -0.1 })).toThrow(/tolerance.relative must not be negative/);
    expect(() => approximately(1, 1, { decimals: 1.5 })).toThrow(/tolerance.decimals must be a whole number/);
    expect(() => approximately(1, 1, { absolute: NaN })).toThrow(/tolerance.absolute must be a finite number/);
    expect(() => approximately(NaN, 1, { absolute: 1 })).toThrow(/actual must be a finite number/);
    expect(() => approximately(1, Infinity, { absolute: 1 })).toThrow(/stated must be a finite number/);
  });
});

describe("nearly", () => {
  it("hand-worked: FMF FY2022 $426 million against twice the 2015–2021 total of $250 million", () => {
    const n = nearly(426 / 250, 2, 0.2);
    expect(n.shortfall).toBeCloseTo(0.296, 12);
    expect(n.relativeShortfall).toBeCloseTo(0.148, 12);
    expect(n.within).toBe(true);
    expect(n.exceeds).toBe(false);
    expect(nearly(426 / 250, 2, 0.1).within).toBe(false);
  });
  it("a value above the target is not 'nearly' it; the target itself is", () => {
    const above = nearly(2.1, 2, 0.2);
    expect(above.within).toBe(false);
    expect(above.exceeds).toBe(true);
    expect(nearly(2, 2, 0).within).toBe(true);
    expect(nearly(1.6, 2, 0.2).within).toBe(true); // boundary
  });
  it("property: within ⇔ target·(1 − tol) ≤ actual ≤ target", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (actual, target, tol) => {
        const n = nearly(actual, target, tol);
        const lo = target * (1 - tol);
        if (actual > target * (1 + 1e-9)) expect(n.within).toBe(false);
        if (actual < lo * (1 - 1e-9) - 1e-9) expect(n.within).toBe(false);
        if (actual <= target * (1 - 1e-9) && actual >= lo * (1 + 1e-9) + 1e-9) expect(n.within).toBe(true);
      }),
    );
  });
  it("rejects bad targets and tolerances", () => {
    expect(() => nearly(1, 0, 0.1)).toThrow(/target must be positive/);
    expect(() => nearly(1, 2, 1.5)).toThrow(/tolerance must be a share between 0 and 1/);
    expect(() => nearly(1, 2, -0.1)).toThrow(/tolerance must be a share/);
    expect(() => nearly(NaN, 2, 0.1)).toThrow(/actual must be a finite number/);
  });
});

describe("rankOf", () => {
  const nordic = { Denmark: 16.9, Norway: 21.0, Finland: 32.5, Sweden: 14.7 };
  it("hand-worked: Table 2 of Trunov (2026), 2014", () => {
    expect(rankOf("Finland", nordic).rank).toBe(1);
    const s = rankOf("Sweden", nordic);
    expect(s).toMatchObject({ key: "Sweden", value: 14.7, rank: 4, of: 4, tiedWith: [], ahead: ["Finland", "Norway", "Denmark"], order: "descending" });
    expect(rankOf("Sweden", nordic, "ascending").rank).toBe(1);
    expect(rankOf("Norway", new Map(Object.entries(nordic))).rank).toBe(2);
  });
  it("ties share the best rank (1, 2, 2, 4)", () => {
    const v = { a: 9, b: 5, c: 5, d: 1 };
    expect([rankOf("a", v).rank, rankOf("b", v).rank, rankOf("c", v).rank, rankOf("d", v).rank]).toEqual([1, 2, 2, 4]);
    expect(rankOf("b", v).tiedWith).toEqual(["c"]);
  });
  it("matches scipy.stats.rankdata(method='min') on gapminder (tests/fixtures/claims.json)", () => {
    expect(fixture.cases.some((c) => c.ties > 0)).toBe(true);
    for (const c of fixture.cases) {
      const values = new Map<string, number>();
      c.keys.forEach((k, i) => values.set(k, c.values[i]));
      expect(values.size).toBe(c.keys.length);
      c.keys.forEach((k, i) => {
        expect(rankOf(k, values).rank).toBe(c.descending[i]);
        expect(rankOf(k, values, "ascending").rank).toBe(c.ascending[i]);
      });
    }
  });
  it("property: rank − 1 = number ahead, and the descending and ascending ranks of distinct values sum to n + 1", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 20 }), (xs) => {
        const v: Record<string, number> = {};
        xs.forEach((x, i) => (v[`k${i}`] = x));
        xs.forEach((x, i) => {
          const d = rankOf(`k${i}`, v);
          expect(d.rank - 1).toBe(d.ahead.length);
          expect(d.rank + rankOf(`k${i}`, v, "ascending").rank).toBe(xs.length + 1);
        });
      }),
    );
  });
  it("rejects an unknown key, empty or non-finite values and a bad order", () => {
    expect(() => rankOf("Iceland", nordic)).toThrow(/"Iceland" is not among the values/);
    expect(() => rankOf("a", {})).toThrow(/values is empty/);
    expect(() => rankOf("a", { a: 1, b: NaN })).toThrow(/values\["b"\] must be a finite number/);
    expect(() => rankOf("a", { a: 1 }, "up" as never)).toThrow(/order must be "descending" or "ascending"/);
  });
});

describe("intervalOrder", () => {
  it("hand-worked: Sweden 24,9 vs Norway 24,8 (2025, printed to 0.1) cannot be ordered; 24,9 vs 17,3 can", () => {
    const sweden = parsePrinted("24,9").interval;
    expect(intervalOrder(sweden, parsePrinted("24,8").interval)).toBe("overlap");
    expect(intervalOrder(sweden, parsePrinted("17,3").interval)).toBe("above");
    expect(intervalOrder(parsePrinted("17,3").interval, sweden)).toBe("below");
    expect(intervalOrder({ lo: 1, hi: 2 }, { lo: 2, hi: 3 })).toBe("overlap"); // touching
  });
  it("property: antisymmetric", () => {
    const iv = fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })).map(([lo, w]) => ({ lo, hi: lo + w }));
    fc.assert(
      fc.property(iv, iv, (a, b) => {
        const ab = intervalOrder(a, b);
        const ba = intervalOrder(b, a);
        expect(ba).toBe(ab === "above" ? "below" : ab === "below" ? "above" : "overlap");
      }),
    );
  });
  it("rejects malformed intervals", () => {
    expect(() => intervalOrder({ lo: 2, hi: 1 }, { lo: 0, hi: 1 })).toThrow(/a is not an interval: lo 2 > hi 1/);
    expect(() => intervalOrder({ lo: 0, hi: 1 }, { lo: NaN, hi: 1 })).toThrow(/b.lo must be a finite number/);
  });
});

describe("decide: every kind reaches each of its verdicts (hand-worked cases)", () => {
  const v = (rule: ClaimRule) => decide(rule).verdict;
  const gone: Missing = { missing: "the 2025 population" };
  it("ratio: 'about 1.8 times' (Belov: 12.30 / 10.55 = 1.17 is not about 1.8)", () => {
    expect(v({ kind: "ratio", numerator: 12.3, denominator: 10.55, stated: 1.8, wording: "about" })).toBe("false");
    expect(v({ kind: "ratio", numerator: 1.75, denominator: 1, stated: 1.8, wording: "about" })).toBe("true");
    expect(v({ kind: "ratio", numerator: 1.5, denominator: 1, stated: 1.8, wording: "about" })).toBe("loose"); // −16.7 %
    expect(v({ kind: "ratio", numerator: 12.3, denominator: gone, stated: 1.8 })).toBe("unverifiable");
    expect(decide({ kind: "ratio", numerator: 12.3, denominator: gone, stated: 1.8 }).missing).toMatch(/2025 population/);
    // plain "twice": ±5 %, loosely ±15 %; bounds: "more than twice"
    expect(v({ kind: "ratio", numerator: 2.09, denominator: 1, stated: 2 })).toBe("true");
    expect(v({ kind: "ratio", numerator: 2.2, denominator: 1, stated: 2 })).toBe("loose");
    expect(v({ kind: "ratio", numerator: 2.4, denominator: 1, stated: 2 })).toBe("false");
    expect(v({ kind: "ratio", numerator: 32.5, denominator: 14.7, stated: 2, wording: "more-than" })).toBe("true");
    expect(v({ kind: "ratio", numerator: 2, denominator: 1, stated: 2, wording: "more-than" })).toBe("false");
    // "exactly twice": 28 / 14
    expect(v({ kind: "ratio", numerator: 28, denominator: 14, stated: 2, wording: "exactly" })).toBe("true");
    expect(v({ kind: "ratio", numerator: 28.5, denominator: 14, stated: 2, wording: "exactly" })).toBe("loose");
    expect(v({ kind: "ratio", numerator: 30, denominator: 14, stated: 2, wording: "exactly" })).toBe("false");
  });
  it("nearly: at or below by ≤ 10 %; loosely ±25 %", () => {
    expect(v({ kind: "ratio", numerator: 426, denominator: 250, stated: 2, wording: "nearly" })).toBe("loose"); // 1.704: 14.8 % short
    expect(v({ kind: "ratio", numerator: 1.9, denominator: 1, stated: 2, wording: "nearly" })).toBe("true");
    expect(v({ kind: "ratio", numerator: 2.1, denominator: 1, stated: 2, wording: "nearly" })).toBe("loose"); // above is not "nearly"
    expect(v({ kind: "ratio", numerator: 1.4, denominator: 1, stated: 2, wording: "nearly" })).toBe("false");
  });
  it("comparison: plain, slightly, significantly; printed intervals that overlap do not decide it", () => {
    expect(v({ kind: "comparison", a: 6.9, b: 6.5, relation: "greater", wording: "slightly" })).toBe("true");
    expect(v({ kind: "comparison", a: 8, b: 6.5, relation: "greater", wording: "slightly" })).toBe("loose");
    expect(v({ kind: "comparison", a: 9, b: 6.5, relation: "greater", wording: "slightly" })).toBe("false");
    expect(v({ kind: "comparison", a: 6, b: 6.5, relation: "greater", wording: "slightly" })).toBe("false");
    expect(v({ kind: "comparison", a: 81.7, b: 66.5, relation: "greater", wording: "significantly" })).toBe("loose"); // +22.9 %
    expect(v({ kind: "comparison", a: 90, b: 66.5, relation: "greater", wording: "significantly" })).toBe("true");
    expect(v({ kind: "comparison", a: 70, b: 66.5, relation: "greater", wording: "significantly" })).toBe("false");
    expect(v({ kind: "comparison", a: 3, b: 4, relation: "less" })).toBe("true");
    expect(v({ kind: "comparison", a: 4, b: 4, relation: "less" })).toBe("false");
    expect(v({ kind: "comparison", a: parsePrinted("24,9").interval, b: parsePrinted("24,8").interval, relation: "greater" })).toBe("unverifiable");
    expect(v({ kind: "comparison", a: parsePrinted("24,9").interval, b: parsePrinted("17,3").interval, relation: "greater" })).toBe("true");
    expect(v({ kind: "comparison", a: gone, b: 1, relation: "greater" })).toBe("unverifiable");
  });
  it("rank: exact, tied (loose), wrong (false)", () => {
    const t = { a: 9, b: 5, c: 5, d: 1 };
    expect(v({ kind: "rank", key: "a", values: t, stated: 1 })).toBe("true");
    expect(v({ kind: "rank", key: "c", values: t, stated: 3 })).toBe("loose");
    expect(v({ kind: "rank", key: "d", values: t, stated: 3 })).toBe("false");
    expect(v({ kind: "rank", key: "d", values: t, stated: 1, order: "ascending" })).toBe("true");
  });
  it("only: the key alone; another case also; an unknown case", () => {
    expect(v({ kind: "only", key: "a", cases: { a: true, b: false } })).toBe("true");
    expect(v({ kind: "only", key: "a", cases: { a: true, b: true } })).toBe("false");
    expect(v({ kind: "only", key: "a", cases: { a: false, b: false } })).toBe("false");
    expect(v({ kind: "only", key: "a", cases: { a: true, b: gone } })).toBe("unverifiable");
  });
  it("change: 'slightly reduced' 47 → 29 is −38 %: false (Kolosov); direction, stated size, steadily", () => {
    expect(v({ kind: "change", from: 47, to: 29, direction: "decrease", wording: "slightly" })).toBe("false");
    expect(v({ kind: "change", from: 47, to: 44, direction: "decrease", wording: "slightly" })).toBe("true");
    expect(v({ kind: "change", from: 47, to: 38, direction: "decrease", wording: "slightly" })).toBe("loose");
    expect(v({ kind: "change", from: 47, to: 50, direction: "decrease" })).toBe("false");
    expect(v({ kind: "change", from: 1200, to: 550, direction: "decrease", wording: "significantly" })).toBe("true");
    expect(v({ kind: "change", from: 100, to: 85, direction: "decrease", wording: "significantly" })).toBe("loose");
    expect(v({ kind: "change", from: 100, to: 95, direction: "decrease", wording: "significantly" })).toBe("false");
    expect(v({ kind: "change", from: 100, to: 115, direction: "increase", stated: 15 })).toBe("true");
    expect(v({ kind: "change", from: 100, to: 113.5, direction: "increase", stated: 15 })).toBe("loose"); // 13.5 vs 15: −10 %
    expect(v({ kind: "change", from: 100, to: 105, direction: "increase", stated: 15 })).toBe("false");
    expect(v({ kind: "change", from: 10, to: 14, direction: "increase", stated: 4, unit: "points" })).toBe("true");
    expect(v({ kind: "change", from: 0.171, to: 0.1, direction: "decrease", wording: "steadily", series: [0.171, 0.15, 0.12, 0.1] })).toBe("true");
    expect(v({ kind: "change", from: 0.171, to: 0.1, direction: "decrease", wording: "steadily", series: [0.171, 0.18, 0.12, 0.1] })).toBe("loose");
    expect(v({ kind: "change", from: 0.171, to: 0.2, direction: "decrease", wording: "steadily", series: [0.171, 0.15, 0.2] })).toBe("false");
    expect(v({ kind: "change", from: gone, to: 1, direction: "decrease" })).toBe("unverifiable");
  });
  it("share and count", () => {
    expect(v({ kind: "share", part: 78, whole: 85, stated: 91.76, decimals: 2 })).toBe("true");
    expect(v({ kind: "share", part: 75, whole: 85, stated: 91.76, decimals: 2 })).toBe("loose"); // 88.2 %
    expect(v({ kind: "share", part: 60, whole: 85, stated: 91.76, decimals: 2 })).toBe("false");
    expect(v({ kind: "share", part: 47, whole: 85, stated: 50, wording: "more-than" })).toBe("true");
    expect(v({ kind: "share", part: 47, whole: gone, stated: 50, wording: "more-than" })).toBe("unverifiable");
    expect(v({ kind: "count", counted: 7, stated: 7 })).toBe("true");
    expect(v({ kind: "count", counted: 6, stated: 7 })).toBe("false");
    expect(v({ kind: "count", counted: 19, stated: 20, wording: "about" })).toBe("true");
    expect(v({ kind: "count", counted: 16, stated: 20, wording: "about" })).toBe("loose");
    expect(v({ kind: "count", counted: 12, stated: 20, wording: "about" })).toBe("false");
    expect(v({ kind: "count", counted: 39, stated: 40, wording: "exactly" })).toBe("loose"); // within 5 %
    expect(v({ kind: "count", counted: gone, stated: 7 })).toBe("unverifiable");
  });
  it("value: a stated figure with its printed precision", () => {
    expect(v({ kind: "value", actual: 550, stated: 550 })).toBe("true");
    expect(v({ kind: "value", actual: 880.5, stated: 880, decimals: -1 })).toBe("true");
    expect(v({ kind: "value", actual: 900, stated: 880, decimals: -1 })).toBe("loose");
    expect(v({ kind: "value", actual: 1100, stated: 880, decimals: -1 })).toBe("false");
    expect(v({ kind: "value", actual: gone, stated: 880 })).toBe("unverifiable");
  });
  it("range: '1–4 %' read with the bounds' precision; loosely widened by a quarter of the width", () => {
    expect(v({ kind: "range", values: { a: 0.6, b: 4.4 }, lo: 1, hi: 4 })).toBe("true");
    expect(v({ kind: "range", values: { a: 0.6, b: 5 }, lo: 1, hi: 4 })).toBe("loose");
    expect(v({ kind: "range", values: { a: 0.6, b: 6 }, lo: 1, hi: 4 })).toBe("false");
    expect(v({ kind: "range", values: { a: 2, b: gone }, lo: 1, hi: 4 })).toBe("unverifiable");
  });
  it("quantifier: 'always' from an average cannot be decided (Kits: O&M is 55 % on average)", () => {
    const cases = (yes: number, no: number) => Object.fromEntries([...Array(yes).fill(true), ...Array(no).fill(false)].map((b, i) => [`c${i}`, b]));
    expect(v({ kind: "quantifier", quantifier: "all", cases: {}, missing: "the O&M share of each system's lifecycle cost (only the 55 % average is given)" })).toBe("unverifiable");
    expect(v({ kind: "quantifier", quantifier: "all", cases: cases(10, 0) })).toBe("true");
    expect(v({ kind: "quantifier", quantifier: "all", cases: cases(19, 1) })).toBe("loose");
    expect(v({ kind: "quantifier", quantifier: "all", cases: cases(8, 2) })).toBe("false");
    expect(v({ kind: "quantifier", quantifier: "all", cases: { ...cases(3, 0), x: gone } })).toBe("unverifiable");
    expect(v({ kind: "quantifier", quantifier: "none", cases: cases(0, 4) })).toBe("true");
    expect(v({ kind: "quantifier", quantifier: "none", cases: cases(3, 1) })).toBe("false");
    expect(v({ kind: "quantifier", quantifier: "most", cases: cases(3, 2) })).toBe("true");
    expect(v({ kind: "quantifier", quantifier: "most", cases: cases(2, 2) })).toBe("loose");
    expect(v({ kind: "quantifier", quantifier: "most", cases: cases(1, 3) })).toBe("false");
    expect(v({ kind: "quantifier", quantifier: "most", cases: { ...cases(2, 2), x: gone } })).toBe("unverifiable");
    expect(v({ kind: "quantifier", quantifier: "most", cases: { ...cases(3, 1), x: gone } })).toBe("true"); // 3 of 5 whatever x is
    expect(v({ kind: "quantifier", quantifier: "some", cases: cases(1, 3) })).toBe("true");
    expect(v({ kind: "quantifier", quantifier: "some", cases: cases(0, 3) })).toBe("false");
    expect(v({ kind: "quantifier", quantifier: "some", cases: { ...cases(0, 3), x: gone } })).toBe("unverifiable");
    expect(v({ kind: "quantifier", quantifier: "almost-all", cases: cases(19, 1) })).toBe("true");
    expect(v({ kind: "quantifier", quantifier: "almost-all", cases: cases(8, 2) })).toBe("loose");
    expect(v({ kind: "quantifier", quantifier: "almost-all", cases: cases(5, 5) })).toBe("false");
    expect(v({ kind: "quantifier", quantifier: "almost-all", cases: { ...cases(8, 1), x: gone } })).toBe("unverifiable");
  });
  it("rule (free-form): the same verdicts", () => {
    expect(v({ kind: "rule", test: "t", holds: true })).toBe("true");
    expect(v({ kind: "rule", test: "t", holds: false, holdsLoosely: true })).toBe("loose");
    expect(v({ kind: "rule", test: "t", holds: false })).toBe("false");
    expect(v({ kind: "rule", test: "t", holds: gone })).toBe("unverifiable");
  });
  it("property: a verdict is never written by hand, and bad rules are errors naming the problem", () => {
    expect(() => decide({ kind: "ratio", numerator: 1, denominator: 1, stated: 1, verdict: "true" } as never)).toThrow(/the verdict is computed/);
    expect(() => decide({ kind: "guess" } as never)).toThrow(/claim kind must be one of/);
    expect(() => decide({ kind: "ratio", numerator: NaN, denominator: 1, stated: 1 })).toThrow(/numerator must be a finite number/);
    expect(() => decide({ kind: "ratio", numerator: 1, denominator: 1, stated: 1, wording: "maybe" as never })).toThrow(/wording must be one of/);
    expect(() => decide({ kind: "change", from: 1, to: 2, direction: "increase", wording: "steadily" })).toThrow(/needs the series/);
    expect(() => decide({ kind: "rule", test: "", holds: true })).toThrow(/states its test/);
  });
  it("property: the 'about' bands nest — true ⇒ within 10 %, loose ⇒ within 25 %, false ⇒ beyond 25 %", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.double({ min: -0.6, max: 0.6, noNaN: true }), (stated, dev) => {
        const actual = stated * (1 + dev);
        const j = judgeFigure(actual, stated, "about");
        const d = Math.abs(actual - stated) / stated;
        if (j.verdict === "true") expect(d).toBeLessThanOrEqual(0.1 + 1e-9);
        if (j.verdict === "loose") expect(d).toBeLessThanOrEqual(0.25 + 1e-9);
        if (j.verdict === "false") expect(d).toBeGreaterThan(0.25 - 1e-9);
        if (d < 0.1 - 1e-9) expect(j.verdict).toBe("true");
      }),
    );
  });
});

describe("decide: a steady change with a gap in its series", () => {
  it("is unverifiable, naming the missing years", () => {
    const d = decide({ kind: "change", from: 169, to: 225, direction: "increase", wording: "steadily", series: [169, { missing: "FY2022–FY2024" }, 225] });
    expect(d.verdict).toBe("unverifiable");
    expect(d.missing).toMatch(/FY2022–FY2024/);
  });
});

describe("decide: every decision carries numbers", () => {
  it("an unverifiable change or comparison still names what it states", () => {
    const gone = { missing: "x" };
    expect(decide({ kind: "change", from: gone, to: gone, direction: "increase", stated: 6.99 }).numbers).toMatchObject({ direction: "increase", stated: 6.99, from: null, to: null });
    expect(decide({ kind: "comparison", a: gone, b: 2, relation: "greater" }).numbers).toMatchObject({ relation: "greater", a: null, b: 2 });
    const rules: ClaimRule[] = [
      { kind: "ratio", numerator: gone, denominator: 1, stated: 2 },
      { kind: "share", part: gone, whole: 1, stated: 2 },
      { kind: "count", counted: gone, stated: 2 },
      { kind: "value", actual: gone, stated: 2 },
      { kind: "range", values: { a: gone }, lo: 1, hi: 2 },
      { kind: "quantifier", quantifier: "all", cases: {}, missing: "x" },
      { kind: "only", key: "a", cases: { a: true, b: gone } },
      { kind: "rule", test: "t", holds: gone },
    ];
    for (const r of rules) expect(Object.keys(decide(r).numbers).length, r.kind).toBeGreaterThan(0);
  });
});
