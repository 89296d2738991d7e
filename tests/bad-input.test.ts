// Issue #10, items 6–8 (library): finite input never gives a non-finite result without a word, messages name
// the problem, and limits are stated. Every case here once returned NaN/Infinity, a wrong number, or a
// confusing message.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, parseJson, readTextFile } from "../lib/csv";
import { bandwidth, kde } from "../lib/density";
import { atkinson, coefficientOfVariation, generalizedEntropy, gini, lorenz, meanLogDeviation, theil, theilDecomposition } from "../lib/inequality";
import { localMoran, moran, weightsFromNeighbors } from "../lib/spatial";
import { scaledByPowerOfTwo } from "../lib/validate";

const x = [1, 2, 3, 4, 10];
const path4 = () => weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);

describe("scale-invariant measures at the ends of the double range", () => {
  it("Atkinson with a large aversion tends to 1 − min/mean (Rawls), finite", () => {
    // 1 − 1/4 = 0.75 in the limit; ε = 500 is a hair below it.
    expect(atkinson(x, 1e308)).toBe(0.75);
    expect(atkinson(x, 500)).toBeCloseTo(0.75 - (1 - 0.7491923666400464 / 0.75) * 0.75, 12);
    expect(atkinson(x, 500)).toBeLessThan(0.75);
    expect(atkinson(x, 500)).toBeGreaterThan(atkinson(x, 100));
  });
  it("Atkinson's log-domain form equals the direct form where both are finite", () => {
    // ε = 20: (1/4)^(−19) = 2.7e11 is finite, so the direct form is used; ε = 300 needs the log form. Both
    // are checked against the hand formula 1 − [Σ (x/μ)^(1−ε)/n]^(1/(1−ε)) evaluated in logs here.
    const byHand = (e: number) => {
      const mu = 4;
      const logs = x.map((v) => (1 - e) * Math.log(v / mu));
      const top = Math.max(...logs);
      const lse = top + Math.log(logs.reduce((s, l) => s + Math.exp(l - top), 0) / x.length);
      return 1 - Math.exp(lse / (1 - e));
    };
    for (const e of [2, 20, 300, 1000]) expect(atkinson(x, e)).toBeCloseTo(byHand(e), 13);
  });
  it("GE(α) for large |α|: computed in logs when representable, else an error that says how large it is", () => {
    // GE(−500) = (mean (x/4)^−500 − 1)/(500·501): the x = 1 term dominates, 4^500/5/250500.
    const expected = Math.exp(500 * Math.log(4) - Math.log(5) - Math.log(250500));
    expect(generalizedEntropy(x, -500) / expected).toBeCloseTo(1, 10);
    expect(() => generalizedEntropy(x, 1000)).toThrow(/GE\(1000\) of these values is about 10\^391, beyond the largest double/);
    expect(generalizedEntropy(x, 2)).toBe(0.3125); // unchanged in the ordinary range
  });
  it("the coefficient of variation, Gini, Theil and Lorenz of values near 1e200 or 1e308", () => {
    expect(coefficientOfVariation([1e200, 3e200])).toBe(coefficientOfVariation([1, 3]));
    expect(gini([1e308, 1e308, 1e308])).toBe(0); // was "sums to zero"
    expect(gini([1e308, 3e307])).toBe(gini([10, 3]));
    expect(theil([1e308, 1e307])).toBeCloseTo(theil([10, 1]), 14);
    expect(Array.from(lorenz([1e308, 1e308]).share)).toEqual([0, 0.5, 1]);
    const d = theilDecomposition([1e300, 2e300, 3e300], ["a", "a", "b"]);
    expect(d.groups[0].mean).toBe(1.5e300); // reported in the caller's units
  });
  it("subnormal values: the mean log deviation and Atkinson(2) are those of the same values scaled up", () => {
    expect(meanLogDeviation([5e-324, 1e-323])).toBeCloseTo(meanLogDeviation([1, 2]), 14); // was negative
    expect(meanLogDeviation([5e-324, 1e-323])).toBeGreaterThan(0);
    expect(atkinson([5e-324, 1e-323], 2)).toBeCloseTo(atkinson([1, 2], 2), 14);
  });
  it("property: every measure is unchanged when the values are scaled by a power of two, however extreme", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 30 }), fc.integer({ min: -1000, max: 900 }), (v, e) => {
        const scaled = v.map((t) => t * 2 ** e);
        fc.pre(scaled.every((t) => t > 0 && Number.isFinite(t) && t >= 2 ** -1022));
        expect(gini(scaled)).toBeCloseTo(gini(v), 12);
        expect(theil(scaled)).toBeCloseTo(theil(v), 12);
        expect(meanLogDeviation(scaled)).toBeCloseTo(meanLogDeviation(v), 12);
        expect(atkinson(scaled, 2)).toBeCloseTo(atkinson(v, 2), 12);
        expect(coefficientOfVariation(scaled)).toBeCloseTo(coefficientOfVariation(v), 12);
      }),
    );
  });
  it("scaledByPowerOfTwo leaves ordinary values alone and scales exactly otherwise", () => {
    const ordinary = Float64Array.of(1, 2, 1e30);
    expect(scaledByPowerOfTwo(ordinary).values).toBe(ordinary);
    const s = scaledByPowerOfTwo(Float64Array.of(5e-324, 1e-323));
    expect(Array.from(s.values).map((v) => v * s.factor)).toEqual([5e-324, 1e-323]);
    expect(s.values[1] / s.values[0]).toBe(2);
  });
});

describe("Moran's I and kernel density at the ends of the double range", () => {
  it("Moran's I of values near 1e200 equals that of the same values near 1", () => {
    const big = moran([1e200, 2e200, 3e200, 4e200], path4(), { permutations: 0 });
    const small = moran([1, 2, 3, 4], path4(), { permutations: 0 });
    expect(big.I).toBe(small.I);
    expect(big.varianceRandomization).toBeCloseTo(small.varianceRandomization, 14); // was NaN (m4 overflowed)
    const lisaBig = localMoran([1e200, 2e200, 3e200, 4e200], path4(), { permutations: 0 }).I;
    const lisaSmall = localMoran([1, 2, 3, 4], path4(), { permutations: 0 }).I;
    lisaSmall.forEach((v, i) => expect(lisaBig[i]).toBeCloseTo(v, 14)); // was [0, 0, 0, 0] (the sd overflowed)
  });
  it("bandwidth rules on ±1e308 data are the rules on the scaled data, scaled back", () => {
    const v = Array.from({ length: 50 }, (_, i) => (i % 2 ? 1 : -1) * (i / 50) * 1e308);
    const h = bandwidth(v, "scott");
    expect(Number.isFinite(h)).toBe(true);
    expect(h / (bandwidth(v.map((t) => t / 2 ** 1000), "scott") * 2 ** 1000)).toBeCloseTo(1, 14);
  });
  it("kde over a ±1e308 range is finite and is the scaled estimate; a grid beyond the double range is an error", () => {
    const v = Array.from({ length: 50 }, (_, i) => (i % 2 ? 1 : -1) * (i / 50) * 1e308);
    const r = kde(v, { grid: 9 });
    expect(r.x.every(Number.isFinite) && r.density.every(Number.isFinite)).toBe(true);
    const c = 2 ** 1000;
    const s = kde(v.map((t) => t / c), { grid: 9 });
    expect(Array.from(r.x)).toEqual(Array.from(s.x, (t) => t * c));
    expect(() => kde([-1.7e308, 1.7e308], { bandwidth: 1e307 })).toThrow(/beyond the largest double/);
  });
});

describe("limits and inference that was not made", () => {
  it("kde refuses a grid that would not fit in memory, saying how much it would need", () => {
    expect(() => kde([1, 2, 3], { grid: 1e9 })).toThrow(/grid of 1000000000 points would need 14.9 GiB .* at most 10000000 points/);
  });
  it("localMoran without permutations labels units untested, not 'ns'", () => {
    const r = localMoran([1, 2, 3, 4], path4(), { permutations: 0 });
    expect(r.cluster).toEqual(["untested", "untested", "untested", "untested"]);
    expect(localMoran([1, 2, 3, 4], path4(), { permutations: 9 }).cluster.every((c) => c === "ns")).toBe(true);
  });
  it("localMoran on islands only refuses, as moran does", () => {
    const w = weightsFromNeighbors(["a", "b", "c"], [[], [], []]);
    expect(() => moran([1, 2, 3], w)).toThrow(/every unit is an island/);
    expect(() => localMoran([1, 2, 3], w)).toThrow(/every unit is an island/);
  });
});

describe("messages that name the problem", () => {
  it("null options, BigInt arrays, NaN weights", () => {
    expect(() => gini(x, null as never)).toThrow(/gini: options must be an object such as \{ weights \}, got null/);
    expect(() => theil(x, null as never)).toThrow(/options must be an object/);
    expect(() => gini(new BigInt64Array(3) as never)).toThrow(/x is a BigInt64Array, which holds BigInts, not numbers/);
    expect(() => gini([1, 2n, 3] as never)).toThrow(/x\[1\] is not a number \(the BigInt 2n\)/);
    const w = weightsFromNeighbors(["a", "b"], [[1], [0]]);
    w.weights[0][0] = NaN;
    expect(() => moran([1, 2], w)).toThrow(/unit 0 \(a\) has weight NaN for neighbour 1 \(b\)/);
  });
  it("a JSON syntax error names the line and column", () => {
    expect(() => parseJson('{\n  "a": 1\n  "b": 2\n}', "tables.json")).toThrow(/tables\.json, line 3, column 3: not valid JSON/);
    expect(() => parseJson("  ", "tables.json")).toThrow(/tables\.json, line 1, column 1: the file is empty/);
  });
  it("an unclosed quote is reported where it opened", () => {
    const text = 'a,b\n1,2\n3,"x\n4,"y",5\n';
    expect(() => parseCsv(text, "t.csv")).toThrow(/t\.csv, line 3, column 2: a quoted field opened here .* is its closing quote missing on line 3\?/);
  });
  it("a file that is not UTF-8 is refused with its byte, line and column, never read as '�'", () => {
    const dir = mkdtempSync(join(tmpdir(), "utf8-"));
    const file = join(dir, "labels.csv");
    writeFileSync(file, Buffer.concat([Buffer.from("region,value\nKaliningrad,1\nTamb"), Buffer.from([0xf6]), Buffer.from("v,2\n")]));
    expect(() => readTextFile(file)).toThrow(/labels\.csv is not UTF-8: byte 0xF6 at line 3, column 5/);
    expect(() => parseCsv("region,value\nTamb\uFFFDv,2\n", "labels.csv")).toThrow(/labels\.csv, line 2, column 5: the replacement character/);
    writeFileSync(file, "region,value\nTambov,2\n");
    expect(parseCsv(readTextFile(file), file).rows).toEqual([{ region: "Tambov", value: "2" }]);
  });
});
