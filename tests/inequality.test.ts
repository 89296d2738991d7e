import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  atkinson,
  coefficientOfVariation,
  generalizedEntropy,
  gini,
  lorenz,
  meanLogDeviation,
  theil,
  theilDecomposition,
  type TheilGroup,
} from "../lib/inequality";
import { InputError } from "../lib/validate";

// ---------------------------------------------------------------------------------------------------------------
// Data and fixtures (regenerate the fixture with `bash scripts/reference/run-inequality.sh`)
// ---------------------------------------------------------------------------------------------------------------

const dataDir = fileURLToPath(new URL("../node_modules/vega-datasets/data/", import.meta.url));

/** gapminder-health-income.csv: country (may be quoted, with commas), income, health, population, region. */
function loadGapminder(): { income: number[]; population: number[]; region: string[] } {
  const lines = readFileSync(dataDir + "gapminder-health-income.csv", "utf8").trim().split("\n").slice(1);
  const income: number[] = [];
  const population: number[] = [];
  const region: string[] = [];
  for (const line of lines) {
    // The last four fields never contain commas; the country name may.
    const m = /^(.*),([^,]*),([^,]*),([^,]*),([^,]*)$/.exec(line);
    if (!m) throw new Error(`unexpected line: ${line}`);
    income.push(Number(m[2]));
    population.push(Number(m[4]));
    region.push(m[5]);
  }
  return { income, population, region };
}

/** unemployment.tsv: county FIPS id, rate; the state is floor(id / 1000). */
function loadUnemployment(): { rate: number[]; state: number[] } {
  const lines = readFileSync(dataDir + "unemployment.tsv", "utf8").trim().split("\n").slice(1);
  const rate: number[] = [];
  const state: number[] = [];
  for (const line of lines) {
    const [id, r] = line.split("\t");
    rate.push(Number(r));
    state.push(Math.floor(Number(id) / 1000));
  }
  return { rate, state };
}

/** A group of the decomposition as the numpy reference writes it: the fields of TheilGroup. */
type GroupFixture = TheilGroup;
interface MeasuresFixture {
  gini: number;
  theil: number;
  meanLogDeviation: number;
  ge2: number;
  geHalf: number;
  geMinus1: number;
  atkinson0_5: number;
  atkinson1: number;
  atkinson2: number;
  cv0: number;
  cv1: number;
  lorenz: { index: number[]; population: number[]; share: number[] };
  theilDecomposition: { total: number; within: number; between: number; groups: GroupFixture[] };
}
interface GretlFixture {
  n: number;
  sum: number;
  gini: number;
  giniPopulation: number;
  cv: number;
  lorenz: { index: number[]; share: number[] };
}
interface Fixture {
  gretl: { hand: { gini: number }; gapminder: GretlFixture; unemployment: GretlFixture };
  numpy: {
    gapminder: { n: number; sum: number; unweighted: MeasuresFixture; populationWeighted: MeasuresFixture };
    unemployment: { n: number; sum: number; unweighted: MeasuresFixture };
  };
}

const fixture: Fixture = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/inequality.json", import.meta.url)), "utf8"));
const gapminder = loadGapminder();
const unemployment = loadUnemployment();

/** |actual − expected| ≤ tol·|expected| (absolute 1e-15 when expected is 0). */
function expectRelative(actual: number, expected: number, tol = 1e-9): void {
  const bound = expected === 0 ? 1e-15 : tol * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= bound)) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}

/** |actual − expected| ≤ tol·max(1, |expected|): relative for large values, absolute near 0. */
function expectClose(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** Expect `f` to throw an InputError whose message matches `pattern`. */
function expectInputError(f: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(pattern);
}

// ---------------------------------------------------------------------------------------------------------------
// Hand-worked cases
// ---------------------------------------------------------------------------------------------------------------

describe("hand-worked cases", () => {
  const x = [1, 2, 3, 4, 10];

  it("gini([1,2,3,4,10]) is 0.4 as in Gretl, 0.5 as the population estimate", () => {
    // Σ(2i − n − 1)·x(i) = −4 − 4 + 0 + 8 + 40 = 40; n·Σx = 100.
    expect(gini(x)).toBeCloseTo(0.4, 15);
    expectRelative(gini(x), fixture.gretl.hand.gini, 1e-14);
    expect(gini(x, { correction: true })).toBeCloseTo(0.5, 15);
    expect(gini([10, 4, 3, 2, 1])).toBeCloseTo(0.4, 15); // input order does not matter
  });

  it("gini: one value is 0; one non-zero among n reaches the maximum (n−1)/n", () => {
    expect(gini([7])).toBe(0);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(0.75, 15);
    expect(gini([0, 0, 0, 5], { correction: true })).toBeCloseTo(1, 15);
  });

  it("weighted gini: integer weights act as repeated units, zero weights drop the unit", () => {
    expect(gini([1, 2, 3], { weights: [1, 1, 2] })).toBeCloseTo(7 / 36, 15);
    expect(gini([1, 2, 3], { weights: [1, 1, 2] })).toBeCloseTo(gini([1, 2, 3, 3]), 15);
    expect(gini([1, 2, 100], { weights: [1, 1, 0] })).toBeCloseTo(gini([1, 2]), 15);
    // −0 sorts with the zeros
    expect(gini([-0, 2, 0, 1], { weights: [1, 1, 1, 1] })).toBeCloseTo(gini([0, 0, 1, 2]), 15);
  });

  it("lorenz starts at (0,0) (R ineq::Lc) and follows the sorted cumulative shares", () => {
    const L = lorenz([3, 1, 2]);
    expect(Array.from(L.population)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(L.share[0]).toBe(0);
    expect(L.share[1]).toBeCloseTo(1 / 6, 15);
    expect(L.share[2]).toBeCloseTo(1 / 2, 15);
    expect(L.share[3]).toBe(1);
    const tied = lorenz([1, 1, 1]);
    expect(tied.share[1]).toBeCloseTo(1 / 3, 15);
    expect(tied.share[2]).toBeCloseTo(2 / 3, 15);
  });

  it("weighted lorenz: population shares are cumulative weights, income shares cumulative w·x", () => {
    // Sorted: x = 1 (w 3), x = 2 (w 1); Σw·x = 5.
    const L = lorenz([2, 1], { weights: [1, 3] });
    expect(Array.from(L.population)).toEqual([0, 0.75, 1]);
    expect(L.share[1]).toBeCloseTo(3 / 5, 15);
    expect(L.share[2]).toBe(1);
  });

  it("theil, mean log deviation, GE, Atkinson, CV of [1,2,3,4,10] (μ = 4)", () => {
    const expectedTheil = (0.25 * Math.log(0.25) + 0.5 * Math.log(0.5) + 0.75 * Math.log(0.75) + 2.5 * Math.log(2.5)) / 5;
    expect(theil(x)).toBeCloseTo(expectedTheil, 15);
    expect(theil([0, 1])).toBeCloseTo(Math.LN2, 15); // 0·ln 0 = 0
    const expectedMld = (Math.log(4) + Math.log(2) + Math.log(4 / 3) + 0 + Math.log(0.4)) / 5;
    expect(meanLogDeviation(x)).toBeCloseTo(expectedMld, 15);
    expect(generalizedEntropy(x, 2)).toBeCloseTo(0.3125, 15); // ((130/5)/16 − 1)/2
    expect(generalizedEntropy(x, 1)).toBe(theil(x));
    expect(generalizedEntropy(x, 0)).toBe(meanLogDeviation(x));
    expect(coefficientOfVariation(x)).toBeCloseTo(Math.sqrt(12.5) / 4, 15); // Σ(x−μ)² = 50, n − 1 = 4
    expect(coefficientOfVariation(x, { ddof: 0 })).toBeCloseTo(Math.sqrt(10) / 4, 15);
    expect(atkinson(x, 0)).toBeCloseTo(0, 15);
    expect(atkinson(x, 1)).toBeCloseTo(1 - Math.pow(240, 1 / 5) / 4, 15); // geometric mean 240^(1/5)
    expect(atkinson(x, 1)).toBeCloseTo(1 - Math.exp(-meanLogDeviation(x)), 15);
    expect(atkinson(x, 2)).toBeCloseTo(1 - 5 / (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 10) / 4, 15); // harmonic / arithmetic
  });

  it("GE and Atkinson approach their limits at α → 0, 1 and ε → 1", () => {
    expect(generalizedEntropy(x, 1 + 1e-7)).toBeCloseTo(theil(x), 6);
    expect(generalizedEntropy(x, 1e-7)).toBeCloseTo(meanLogDeviation(x), 6);
    expect(atkinson(x, 1 + 1e-7)).toBeCloseTo(atkinson(x, 1), 6);
  });

  it("theilDecomposition of [1,2,3,4,10] into a = {1,2}, b = {3,4,10}", () => {
    const d = theilDecomposition(x, ["a", "a", "b", "b", "b"]);
    expect(d.groups.map((g) => [g.group, g.n])).toEqual([["a", 2], ["b", 3]]);
    expect(d.groups[0].share).toBeCloseTo(0.15, 15);
    expect(d.groups[1].share).toBeCloseTo(0.85, 15);
    expect(d.groups[0].populationShare).toBeCloseTo(0.4, 15);
    expect(d.groups[1].mean).toBeCloseTo(17 / 3, 14);
    expect(d.groups[0].theil).toBeCloseTo(theil([1, 2]), 15);
    expect(d.groups[1].theil).toBeCloseTo(theil([3, 4, 10]), 15);
    expect(d.between).toBeCloseTo(0.15 * Math.log(1.5 / 4) + 0.85 * Math.log(17 / 3 / 4), 15);
    expect(d.total).toBe(theil(x));
    expect(d.within + d.between).toBeCloseTo(d.total, 14);
  });

  it("theilDecomposition: a group with zero income contributes nothing and has T_g = 0", () => {
    const d = theilDecomposition([0, 0, 1, 3], [1, 1, 2, 2]);
    expect(d.groups[0]).toMatchObject({ group: 1, n: 2, share: 0, mean: 0, theil: 0, populationShare: 0.5 });
    expect(d.within + d.between).toBeCloseTo(d.total, 14);
    expect(d.total).toBeCloseTo(theil([0, 0, 1, 3]), 15);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real data against Gretl and numpy
// ---------------------------------------------------------------------------------------------------------------

describe("gapminder income per person against Gretl 2022c", () => {
  const ref = fixture.gretl.gapminder;
  it("reads the same data", () => {
    expect(gapminder.income.length).toBe(ref.n);
    expect(gapminder.income.reduce((a, b) => a + b, 0)).toBe(ref.sum);
  });
  it("gini() and the population estimate", () => {
    expectRelative(gini(gapminder.income), ref.gini);
    expectRelative(gini(gapminder.income, { correction: true }), ref.giniPopulation);
  });
  it("CV with the n − 1 sd (Gretl sd()) is the default", () => {
    expectRelative(coefficientOfVariation(gapminder.income), ref.cv);
  });
  it("Lorenz ordinates from Gretl's sort() and cum()", () => {
    const L = lorenz(gapminder.income);
    expect(L.share.length).toBe(ref.n + 1);
    ref.lorenz.index.forEach((k, j) => expectRelative(L.share[k], ref.lorenz.share[j]));
  });
});

describe("US county unemployment rates against Gretl 2022c", () => {
  const ref = fixture.gretl.unemployment;
  it("reads the same data", () => {
    expect(unemployment.rate.length).toBe(ref.n);
    expectRelative(unemployment.rate.reduce((a, b) => a + b, 0), ref.sum, 1e-12);
  });
  it("gini(), population estimate, CV, Lorenz ordinates", () => {
    expectRelative(gini(unemployment.rate), ref.gini);
    expectRelative(gini(unemployment.rate, { correction: true }), ref.giniPopulation);
    expectRelative(coefficientOfVariation(unemployment.rate), ref.cv);
    const L = lorenz(unemployment.rate);
    ref.lorenz.index.forEach((k, j) => expectRelative(L.share[k], ref.lorenz.share[j]));
  });
});

/** Compare every measure with a numpy fixture block. */
function checkAgainstNumpy(x: number[], groups: (string | number)[], weights: number[] | undefined, ref: MeasuresFixture): void {
  const opts = { weights };
  expectRelative(gini(x, opts), ref.gini);
  expectRelative(theil(x, opts), ref.theil);
  expectRelative(meanLogDeviation(x, opts), ref.meanLogDeviation);
  expectRelative(generalizedEntropy(x, 2, opts), ref.ge2);
  expectRelative(generalizedEntropy(x, 0.5, opts), ref.geHalf);
  expectRelative(generalizedEntropy(x, -1, opts), ref.geMinus1);
  expectRelative(atkinson(x, 0.5, opts), ref.atkinson0_5);
  expectRelative(atkinson(x, 1, opts), ref.atkinson1);
  expectRelative(atkinson(x, 2, opts), ref.atkinson2);
  expectRelative(coefficientOfVariation(x, { ...opts, ddof: 0 }), ref.cv0);
  expectRelative(coefficientOfVariation(x, { ...opts, ddof: 1 }), ref.cv1);
  const L = lorenz(x, opts);
  ref.lorenz.index.forEach((k, j) => {
    expectRelative(L.population[k], ref.lorenz.population[j]);
    expectRelative(L.share[k], ref.lorenz.share[j]);
  });
  const d = theilDecomposition(x, groups, opts);
  const r = ref.theilDecomposition;
  expectRelative(d.total, r.total);
  expectRelative(d.within, r.within);
  expectRelative(d.between, r.between);
  expect(d.groups.map((g) => g.group)).toEqual(r.groups.map((g) => g.group));
  d.groups.forEach((g, k) => {
    const e = r.groups[k];
    expect(g.n).toBe(e.n);
    expectRelative(g.share, e.share);
    expectRelative(g.populationShare, e.populationShare);
    expectRelative(g.mean, e.mean);
    expectRelative(g.theil, e.theil);
  });
}

describe("real data against numpy closed forms", () => {
  it("gapminder, unweighted, Theil decomposition by region", () => {
    checkAgainstNumpy(gapminder.income, gapminder.region, undefined, fixture.numpy.gapminder.unweighted);
  });
  it("gapminder, population-weighted, Theil decomposition by region", () => {
    checkAgainstNumpy(gapminder.income, gapminder.region, gapminder.population, fixture.numpy.gapminder.populationWeighted);
  });
  it("US county unemployment, unweighted, Theil decomposition by state", () => {
    checkAgainstNumpy(unemployment.rate, unemployment.state, undefined, fixture.numpy.unemployment.unweighted);
  });
  it("Gretl's Gini equals numpy's pairwise mean-difference Gini (two independent references agree)", () => {
    expectRelative(fixture.gretl.gapminder.gini, fixture.numpy.gapminder.unweighted.gini, 1e-12);
    expectRelative(fixture.gretl.unemployment.gini, fixture.numpy.unemployment.unweighted.gini, 1e-12);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Weights: equal weights = unweighted; integer weights = repetition
// ---------------------------------------------------------------------------------------------------------------

describe("weights", () => {
  const x = gapminder.income;
  const equal = x.map(() => 3.7);
  it("equal weights give the unweighted value of every measure (1e-12)", () => {
    const pairs: [number, number][] = [
      [gini(x, { weights: equal }), gini(x)],
      [theil(x, { weights: equal }), theil(x)],
      [meanLogDeviation(x, { weights: equal }), meanLogDeviation(x)],
      [generalizedEntropy(x, 2, { weights: equal }), generalizedEntropy(x, 2)],
      [atkinson(x, 0.5, { weights: equal }), atkinson(x, 0.5)],
      [atkinson(x, 2, { weights: equal }), atkinson(x, 2)],
      [coefficientOfVariation(x, { weights: equal, ddof: 0 }), coefficientOfVariation(x, { ddof: 0 })],
      [theilDecomposition(x, gapminder.region, { weights: equal }).between, theilDecomposition(x, gapminder.region).between],
      [theilDecomposition(x, gapminder.region, { weights: equal }).within, theilDecomposition(x, gapminder.region).within],
    ];
    for (const [weighted, unweighted] of pairs) expect(Math.abs(weighted - unweighted)).toBeLessThan(1e-12);
    const Lw = lorenz(x, { weights: equal });
    const L = lorenz(x);
    for (let k = 0; k < L.share.length; k++) {
      expect(Math.abs(Lw.share[k] - L.share[k])).toBeLessThan(1e-12);
      expect(Math.abs(Lw.population[k] - L.population[k])).toBeLessThan(1e-12);
    }
  });

  it("unit weights sort by value correctly over many magnitudes, ties and zeros (radix sort)", () => {
    // 20 000 values from 1e-300 to 1e300, with repeats and zeros, in a scrambled order.
    const n = 20000;
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = (i * 7919) % n;
      values.push(k % 97 === 0 ? 0 : Math.pow(10, ((k % 601) - 300) * 0.999) * (1 + (k % 13)));
    }
    const ones = values.map(() => 1);
    expect(Math.abs(gini(values, { weights: ones }) - gini(values))).toBeLessThan(1e-12);
    const Lw = lorenz(values, { weights: ones });
    const L = lorenz(values);
    let largestGap = 0;
    for (let k = 0; k <= n; k++) largestGap = Math.max(largestGap, Math.abs(Lw.share[k] - L.share[k]));
    expect(largestGap).toBeLessThan(1e-12);
  });

  it("integer weights equal repeating each unit (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 30 }),
        (units) => {
          const x = units.map((u) => u[0]);
          const w = units.map((u) => u[1]);
          const repeated = units.flatMap(([v, k]) => Array<number>(k).fill(v));
          fc.pre(repeated.some((v) => v > 0));
          expectClose(gini(x, { weights: w }), gini(repeated));
          expectClose(theil(x, { weights: w }), theil(repeated));
          expectClose(generalizedEntropy(x, 2, { weights: w }), generalizedEntropy(repeated, 2));
          expectClose(coefficientOfVariation(x, { weights: w, ddof: 0 }), coefficientOfVariation(repeated, { ddof: 0 }));
          if (repeated.length >= 2) {
            expectClose(coefficientOfVariation(x, { weights: w, ddof: 1 }), coefficientOfVariation(repeated, { ddof: 1 }));
          }
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

const incomes = fc
  .array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 })
  .filter((x) => x.some((v) => v > 1e-3));
const positiveIncomes = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
const scale = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

/** x reordered by a seed-driven permutation. */
function permuted(x: number[], seed: number): number[] {
  const keyed = x.map((v, i) => ({ v, key: ((i + 1) * 2654435761 + seed) % 4294967296 }));
  return keyed.sort((a, b) => a.key - b.key).map((e) => e.v);
}

describe("properties", () => {
  it("Gini and Theil are invariant to scaling and to order", () => {
    fc.assert(
      fc.property(incomes, scale, fc.nat(), (x, c, seed) => {
        const scaled = x.map((v) => v * c);
        const shuffled = permuted(x, seed);
        expect(gini(scaled)).toBeCloseTo(gini(x), 10);
        expect(gini(shuffled)).toBeCloseTo(gini(x), 12);
        expect(theil(scaled)).toBeCloseTo(theil(x), 10);
        expect(theil(shuffled)).toBeCloseTo(theil(x), 12);
      }),
    );
  });

  it("every measure is 0 for equal values", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 50 }), (v, n) => {
        const x = Array<number>(n).fill(v);
        for (const value of [gini(x), theil(x), meanLogDeviation(x), generalizedEntropy(x, 2), atkinson(x, 0.5), atkinson(x, 2), coefficientOfVariation(x)]) {
          expect(Math.abs(value)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it("Gini lies in [0, (n−1)/n]", () => {
    fc.assert(
      fc.property(incomes, (x) => {
        const g = gini(x);
        expect(g).toBeGreaterThanOrEqual(-1e-12);
        expect(g).toBeLessThanOrEqual((x.length - 1) / x.length + 1e-12);
      }),
    );
  });

  it("Lorenz curve: (0,0) to (1,1), non-decreasing, convex, below the diagonal; weighted too", () => {
    const weighted = fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(weighted, fc.boolean(), (units, useWeights) => {
        const x = units.map((u) => u[0]);
        const w = units.map((u) => u[1]);
        fc.pre(useWeights ? units.some(([v, k]) => v * k > 1e-3 && k > 1e-6) : x.some((v) => v > 1e-3));
        const { population: p, share: L } = lorenz(x, useWeights ? { weights: w } : {});
        expect([p[0], L[0]]).toEqual([0, 0]);
        expect(p[p.length - 1]).toBeCloseTo(1, 14);
        expect(L[L.length - 1]).toBeCloseTo(1, 14);
        let previousSlope = 0;
        for (let k = 1; k < p.length; k++) {
          expect(p[k]).toBeGreaterThanOrEqual(p[k - 1]);
          expect(L[k]).toBeGreaterThanOrEqual(L[k - 1]);
          expect(L[k]).toBeLessThanOrEqual(p[k] + 1e-12);
          const dp = p[k] - p[k - 1];
          if (dp > 1e-9) {
            const slope = (L[k] - L[k - 1]) / dp;
            expect(slope).toBeGreaterThanOrEqual(previousSlope * (1 - 1e-9) - 1e-9);
            previousSlope = slope;
          }
        }
      }),
    );
  });

  it("Theil decomposition: total = within + between, with and without weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 3 }), fc.double({ min: 0.01, max: 10, noNaN: true })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.boolean(),
        (units, useWeights) => {
          const x = units.map((u) => u[0]);
          fc.pre(x.some((v) => v > 1e-3));
          const groups = units.map((u) => `g${u[1]}`);
          const d = theilDecomposition(x, groups, useWeights ? { weights: units.map((u) => u[2]) } : {});
          expect(Math.abs(d.total - (d.within + d.between))).toBeLessThan(1e-12 * Math.max(1, d.total));
          expect(d.within).toBeGreaterThanOrEqual(-1e-12);
          expect(d.between).toBeGreaterThanOrEqual(-1e-12);
          expect(d.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);
          expect(d.groups.reduce((s, g) => s + g.n, 0)).toBe(x.length);
        },
      ),
    );
  });

  it("Atkinson lies in [0, 1) and increases with ε", () => {
    fc.assert(
      fc.property(positiveIncomes, fc.double({ min: 0, max: 5, noNaN: true }), (x, eps) => {
        const a = atkinson(x, eps);
        expect(a).toBeGreaterThanOrEqual(-1e-12);
        expect(a).toBeLessThan(1);
        expect(atkinson(x, eps + 0.5)).toBeGreaterThanOrEqual(a - 1e-12);
      }),
    );
  });

  it("GE(2) = CV²/2 with the n denominator; A(1) = 1 − exp(−MLD)", () => {
    fc.assert(
      fc.property(positiveIncomes, (x) => {
        expectClose(generalizedEntropy(x, 2), coefficientOfVariation(x, { ddof: 0 }) ** 2 / 2, 1e-10);
        expect(Math.abs(1 - atkinson(x, 1) - Math.exp(-meanLogDeviation(x)))).toBeLessThan(1e-12); // A(1) = 1 − e^(−MLD)
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------------------------

describe("bad input is refused with a message naming it", () => {
  it("x: not an array, empty, non-numeric, NaN, Infinity, negative (with its label)", () => {
    expectInputError(() => gini(null as unknown as number[]), /x must be an array of numbers/);
    expectInputError(() => gini([]), /x is empty/);
    expectInputError(() => gini([1, "2"] as unknown as number[]), /x\[1\] is not a number/);
    expectInputError(() => gini([1, NaN]), /x\[1\] is NaN/);
    expectInputError(() => theil([1, Infinity]), /x\[1\] is Infinity/);
    expectInputError(() => gini([1, -2]), /x\[1\] is -2; values must be non-negative: the Gini index/);
    expectInputError(() => gini([1, -2], { labels: ["Riga", "Tartu"] }), /x\[1\] \(Tartu\) is -2/);
    expectInputError(() => lorenz([3, -1]), /x\[1\] is -1.*Lorenz/);
    expectInputError(() => theil([-1, 1]), /x\[0\] is -1.*Theil/);
    expectInputError(() => coefficientOfVariation([2, -1]), /x\[1\] is -1.*coefficient of variation/);
  });

  it("a zero total", () => {
    expectInputError(() => gini([0, 0, 0]), /x sums to zero; the Gini index is undefined/);
    expectInputError(() => lorenz([0, 0]), /x sums to zero; the Lorenz curve/);
    expectInputError(() => theil([0, 0]), /x sums to zero; the Theil index/);
    expectInputError(() => gini([0, 5], { weights: [1, 0] }), /zero weighted total/);
    expectInputError(() => theil([0, 5], { weights: [1, 0] }), /zero weighted total/);
  });

  it("weights: wrong length, negative, NaN, zero total", () => {
    expectInputError(() => gini([1, 2, 3], { weights: [1, 2] }), /weights has 2 elements but x has 3/);
    expectInputError(() => gini([1, 2], { weights: [1, -1] }), /weights\[1\] is -1; values must be non-negative: population weights/);
    expectInputError(() => theil([1, 2], { weights: [NaN, 1] }), /weights\[0\] is NaN/);
    expectInputError(() => atkinson([1, 2], 0.5, { weights: [0, 0] }), /weights sum to zero/);
    expectInputError(() => lorenz([1, 2], { weights: [0, 0] }), /weights sum to zero/);
  });

  it("gini correction: needs 2 values, unweighted only", () => {
    expectInputError(() => gini([5], { correction: true }), /correction \(n\/\(n−1\)\) needs at least 2 values/);
    expectInputError(() => gini([1, 2], { correction: true, weights: [1, 1] }), /correction .* unweighted Gini only/);
  });

  it("zeros where a measure is undefined: GE(0), GE(α < 0), Atkinson ε ≥ 1", () => {
    expectInputError(() => meanLogDeviation([1, 0]), /x\[1\] is 0; values must be positive: the mean log deviation GE\(0\) is undefined for zero/);
    expectInputError(() => generalizedEntropy([1, 0], 0), /GE\(0\) is undefined for zero/);
    expectInputError(() => generalizedEntropy([0, 1], -1), /x\[0\] is 0.*GE\(-1\) is undefined for zero/);
    expectInputError(() => atkinson([1, 0], 1), /x\[1\] is 0.*Atkinson index with epsilon = 1 is undefined for zero/);
    expectInputError(() => atkinson([1, 0], 2), /x\[1\] is 0.*epsilon = 2/);
    // …but zeros are fine where the measure is defined
    expect(generalizedEntropy([0, 1], 2)).toBeCloseTo(0.5, 15);
    expect(atkinson([0, 1], 0.5)).toBeCloseTo(0.5, 15);
  });

  it("parameters: α and ε finite, ε ≥ 0, ddof 0 or 1", () => {
    expectInputError(() => generalizedEntropy([1, 2], NaN), /alpha must be a finite number, got NaN/);
    expectInputError(() => atkinson([1, 2], Infinity), /epsilon must be a finite number/);
    expectInputError(() => atkinson([1, 2], -0.5), /epsilon must be ≥ 0/);
    expectInputError(() => coefficientOfVariation([1, 2], { ddof: 2 as 0 }), /ddof must be 0 \(n denominator\) or 1/);
  });

  it("coefficient of variation: n − 1 needs 2 values and W > 1", () => {
    expectInputError(() => coefficientOfVariation([5]), /x has 1 value; the n − 1 standard deviation/);
    expectInputError(() => coefficientOfVariation([1, 2], { weights: [0.3, 0.2] }), /W − 1 must be positive/);
    expect(coefficientOfVariation([5], { ddof: 0 })).toBe(0);
  });

  it("theilDecomposition: groups of the wrong length or with a missing label", () => {
    expectInputError(() => theilDecomposition([1, 2, 3], ["a", "b"]), /groups has 2 elements but x has 3/);
    expectInputError(() => theilDecomposition([1, 2], ["a", null as unknown as string]), /groups\[1\] is null/);
    expectInputError(() => theilDecomposition([1, 2], ["a", NaN]), /groups\[1\] is not a group label \(NaN\)/);
    expectInputError(() => theilDecomposition([1, 2], undefined as unknown as string[]), /groups must be an array/);
  });
});
