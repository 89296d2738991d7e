// lib/conventions.ts: the grid of conventions, their evaluation and the check against a printed value —
// hand-worked cases (Gini of 1, 2, 3, 4, 10 with and without n/(n−1)), the rounding rule of lib/verify.ts,
// properties, and bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkConventions, computeConventions, conventionGrid, conventionId, type ConventionResult } from "../lib/conventions";
import { gini } from "../lib/inequality";
import { compare } from "../lib/verify";

describe("conventionGrid", () => {
  it("is the cartesian product, first axis slowest, with ids and labels", () => {
    const g = conventionGrid({ missing: ["drop", "zero"], rule: ["queen", "rook"] }, { missing: "regions without a figure", "missing=zero": "counted as 0" });
    expect(g.map((c) => c.id)).toEqual(["missing=drop;rule=queen", "missing=drop;rule=rook", "missing=zero;rule=queen", "missing=zero;rule=rook"]);
    expect(g[2].label).toBe("regions without a figure: counted as 0 · rule: queen");
    expect(g[3].settings).toEqual({ missing: "zero", rule: "rook" });
    expect(g[2].settingLabels).toEqual({ missing: "regions without a figure: counted as 0", rule: "rule: queen" });
    expect(conventionId({ rule: "rook", missing: "zero" }, ["missing", "rule"])).toBe("missing=zero;rule=rook");
  });

  it("rejects an empty grid, an axis without options, a repeated option and reserved characters", () => {
    expect(() => conventionGrid({})).toThrow(/at least one axis/);
    expect(() => conventionGrid({ a: [] })).toThrow(/axis "a" has no options/);
    expect(() => conventionGrid({ a: ["x", "x"] })).toThrow(/option "x" is given twice on axis "a"/);
    expect(() => conventionGrid({ "a=b": ["x"] })).toThrow(/axis name "a=b" may not contain/);
    expect(() => conventionGrid({ a: ["x;y"] })).toThrow(/option "x;y" of axis "a" may not contain/);
  });

  it("has the product of the option counts, all ids distinct (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (sizes) => {
        const axes = Object.fromEntries(sizes.map((k, i) => [`ax${i}`, Array.from({ length: k }, (_, j) => `o${j}`)]));
        const g = conventionGrid(axes);
        expect(g.length).toBe(sizes.reduce((a, b) => a * b, 1));
        expect(new Set(g.map((c) => c.id)).size).toBe(g.length);
      }),
    );
  });
});

describe("computeConventions and checkConventions", () => {
  // Gretl's gini(1, 2, 3, 4, 10) = 0.4; with n/(n−1) 0.5 (README, tests/inequality.test.ts)
  const x = [1, 2, 3, 4, 10];
  const grid = conventionGrid({ correction: ["none", "n/(n-1)"] });
  const results = computeConventions(grid, (c) => gini(x, { correction: c.settings.correction === "n/(n-1)" }));

  it("finds the convention behind a printed value, and says when the stated one is not it", () => {
    expect(results.map((r) => r.value)).toEqual([0.4, 0.5]);
    const a = checkConventions("0.500", results, { stated: "correction=none" });
    expect(a.reproducing).toEqual(["correction=n/(n-1)"]);
    expect(a.statedReproduces).toBe(false);
    expect(a.finding).toBe("another convention");
    expect(a.stated!.gap).toBeCloseTo(0.0995, 12);
    expect(a.summary).toBe("the stated convention (correction: none) gives 0.4, 0.0995 below the printed 0.500 [0.4995, 0.5005]; reproduced by: correction: n/(n-1) (0.5)");
    const b = checkConventions("0.4", results, { stated: "correction=none" });
    expect(b.finding).toBe("stated method");
    expect(b.summary).toBe("the stated convention (correction: none) reproduces it (0.4)");
    const c = checkConventions("0.45", results, { stated: "correction=none" });
    expect(c.finding).toBe("none");
    expect(c.nearest!.id).toBe("correction=none"); // ties go to the first in grid order
    expect(c.summary).toBe("the stated convention (correction: none) gives 0.4, 0.045 below the printed 0.45 [0.445, 0.455]; none of the 2 conventions tried lands in it; the stated one is the nearest");
    expect(checkConventions("0.52", results, { stated: "correction=none" }).summary).toBe("the stated convention (correction: none) gives 0.4, 0.115 below the printed 0.52 [0.515, 0.525]; none of the 2 conventions tried lands in it; the nearest, correction: n/(n-1), gives 0.5, 0.015 below");
    expect(checkConventions("0.52", results).summary).toBe("none of the 2 conventions tried lands in the printed 0.52 [0.515, 0.525]; the nearest, correction: n/(n-1), gives 0.5, 0.015 below");
  });

  it("keeps a convention that cannot be computed, with its reason", () => {
    const r = computeConventions(conventionGrid({ n: ["5", "0"] }), (c) => {
      if (c.settings.n === "0") throw new Error("no regions");
      return 1;
    });
    expect(r[1]).toMatchObject({ id: "n=0", value: null, reason: "no regions" });
    const k = checkConventions("2", r, { stated: "n=0" });
    expect(k.statedReproduces).toBeNull();
    expect(k.summary).toMatch(/^the stated convention \(n: 0\) cannot be computed \(no regions\); none of the 2 conventions tried lands in the printed 2 \[1.5, 2.5\]; the nearest, n: 5, gives 1, 0.5 below$/);
    expect(computeConventions(conventionGrid({ a: ["x"] }), () => null)[0].reason).toBe("not computable under this convention");
  });

  it("summarises many reproducing conventions by the settings they share", () => {
    const g = conventionGrid({ missing: ["drop", "zero"], rule: ["queen", "rook"], islands: ["kept", "dropped"] }, { missing: "without a figure" });
    const r = computeConventions(g, (c) => (c.settings.missing === "zero" ? 0.3 : 0.2));
    const k = checkConventions("0.30", r, { stated: "missing=drop;rule=queen;islands=kept" });
    expect(k.reproducing.length).toBe(4);
    expect(k.sharedSettings).toEqual({ missing: "zero" });
    expect(k.summary).toMatch(/reproduced by 4 of 8 conventions, all sharing "without a figure: zero"$/);
  });

  it("agrees with compare() of lib/verify.ts on every value (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 10, noNaN: true }), (digits, d, v) => {
        const printed = (digits / 10 ** d).toFixed(d);
        const r: ConventionResult[] = [{ id: "a", label: "A", settings: {}, value: v }];
        const k = checkConventions(printed, r, { stated: "a" });
        expect(k.statedReproduces).toBe(compare(printed, v).status === "match");
        if (!k.statedReproduces) expect(k.stated!.gap).toBeCloseTo(compare(printed, v).gap!, 12);
      }),
    );
  });

  it("rejects a printed text that is not a number and an unknown stated convention", () => {
    expect(() => checkConventions("n/a", results)).toThrow(/n\/a/);
    expect(() => checkConventions("0.5", results, { stated: "correction=maybe" })).toThrow(/the stated convention "correction=maybe" is not among the results \(correction=none, correction=n\/\(n-1\)\)/);
  });
});
