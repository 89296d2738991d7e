import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderStatistics, orderStatisticsWithMoments, SAMPLE_SIZE, samplePositions, sortedFloat64, sortedPairs, sortWithIndex, sortWithPayload } from "../lib/sort";
import { toFloat64 } from "../lib/validate";

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe("sortedFloat64 (radix sort)", () => {
  it("equals the native sort on large arrays of mixed sign, zeros of both signs and infinities", () => {
    fc.assert(
      fc.property(fc.float64Array({ noNaN: true, minLength: 4096, maxLength: 6000 }), (x) => same(sortedFloat64(x), Float64Array.from(x).sort())),
      { numRuns: 25 },
    );
  });
  it("equals the native sort on values sharing most of their bits (ties in the high digits)", () => {
    const x = Float64Array.from({ length: 10_000 }, (_, i) => 1 + ((i * 7919) % 10_000) * 2 ** -52);
    x[17] = -0;
    x[18] = 0;
    x[19] = -1e-300;
    expect(same(sortedFloat64(x), Float64Array.from(x).sort())).toBe(true);
  });
  it("equals the native sort when many values share their high 32 bits, in long runs or short", () => {
    fc.assert(
      fc.property(sharedHighWords, (x) => same(sortedFloat64(x), Float64Array.from(x).sort())),
      { numRuns: 30 },
    );
  });
  it("leaves its input untouched and handles short arrays", () => {
    const x = Float64Array.of(3, -1, 0.5, -0, 2);
    expect(Array.from(sortedFloat64(x))).toEqual([-1, -0, 0.5, 2, 3]);
    expect(Array.from(x)).toEqual([3, -1, 0.5, -0, 2]);
  });
});

/**
 * Values built from their two 32-bit words: high words from a few values (long runs sharing a high word, sorted
 * by the low word's own radix passes) or from a few hundred (short runs, sorted by insertion), including the
 * negative zero's and negative subnormals' high word 0x80000000 and high words of both signs; low words with
 * many ties and on both sides of 2^31 (compared unsigned). No NaN: no high word in 0x7ff00000…0x7fffffff.
 */
const sharedHighWords = fc
  .tuple(
    fc.oneof(
      fc.constant([0x80000000, 0x80000001, 0x3ff00000, 0xbff00000, 0x00000000]),
      fc.constant(Array.from({ length: 300 }, (_, k) => (k % 2 ? 0x3ff00000 + k : 0xc0100000 + k))),
    ),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0x7fffffe0, max: 0x8000001f }), fc.constant(0xffffffff))), { minLength: 4096, maxLength: 6000 }),
  )
  .map(([his, pairs]) => {
    const words = new Uint32Array(2 * pairs.length);
    pairs.forEach(([h, lo], i) => {
      words[2 * i] = lo;
      words[2 * i + 1] = his[h % his.length];
    });
    return new Float64Array(words.buffer);
  });

describe("sortWithIndex (radix argsort)", () => {
  const reference = (x: Float64Array) => Array.from(x.keys()).sort((a, b) => x[a] - x[b] || a - b);
  it("is a stable argsort on large arrays with many ties, zeros of both signs and infinities", () => {
    const tied = fc.float64Array({ noNaN: true, minLength: 4096, maxLength: 6000 }).map((x) => x.map((v, i) => (i % 3 === 0 ? Math.round(v % 5) || (i % 2 ? -0 : 0) : v)));
    fc.assert(
      fc.property(tied, (x) => {
        const { sorted, index } = sortWithIndex(x);
        const ref = reference(x);
        return index.every((v, k) => v === ref[k]) && sorted.every((v, k) => v === x[ref[k]]);
      }),
      { numRuns: 20 },
    );
  });
  it("is a stable argsort when many values share their high 32 bits, in long runs or short", () => {
    fc.assert(
      fc.property(sharedHighWords, (x) => {
        const { sorted, index } = sortWithIndex(x);
        const ref = reference(x);
        return index.every((v, k) => v === ref[k]) && sorted.every((v, k) => Object.is(v, x[ref[k]]) || (v === 0 && x[ref[k]] === 0));
      }),
      { numRuns: 30 },
    );
  });
  it("sorts short arrays the same way", () => {
    const x = Float64Array.of(3, 1, 2, 1, -0, 0);
    const { sorted, index } = sortWithIndex(x);
    expect(Array.from(index)).toEqual([4, 5, 1, 3, 2, 0]);
    expect(Array.from(sorted)).toEqual([-0, 0, 1, 1, 2, 3]);
  });
});

describe("toFloat64 without a copy", () => {
  it("returns the caller's Float64Array when it is valid, a copy otherwise", () => {
    const x = Float64Array.of(1, 2, 3);
    expect(toFloat64(x, { copy: false })).toBe(x);
    expect(toFloat64(x)).not.toBe(x);
    expect(toFloat64([1, 2], { copy: false })).toBeInstanceOf(Float64Array);
  });
  it("still names a bad value", () => {
    expect(() => toFloat64(Float64Array.of(1, NaN), { copy: false })).toThrow("x[1] is NaN");
    expect(() => toFloat64(Float64Array.of(1, -2), { copy: false, nonNegative: true })).toThrow("x[1] is -2; values must be non-negative");
  });
});

describe("sortWithPayload: the weights travel with their values", () => {
  it("property: carried[k] is the payload of the value sorted to k, ties in input order (radix and native paths)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, 2.5, -3)), { minLength: 4097, maxLength: 6000 }), // the radix path
        (values) => {
          const x = Float64Array.from(values);
          const payload = Float64Array.from(values, (_, i) => i + 0.5); // the position, as a double
          const { sorted, carried } = sortWithPayload(x, payload);
          const { sorted: bySort, index } = sortWithIndex(x);
          expect(Array.from(sorted)).toEqual(Array.from(bySort));
          expect(Array.from(carried)).toEqual(Array.from(index, (i) => i + 0.5));
        },
      ),
      { numRuns: 40 },
    );
  });
  it("property: sortedPairs interleaves the same order, also when many values share their high 32 bits (long runs)", () => {
    fc.assert(
      fc.property(sharedHighWords, (x) => {
        const payload = Float64Array.from(x, (_, i) => -i - 0.25); // the position, as a double
        const pairs = sortedPairs(x, payload);
        const { index } = sortWithIndex(x);
        expect(pairs.length).toBe(2 * x.length);
        return index.every((j, k) => (Object.is(pairs[2 * k], x[j]) || (pairs[2 * k] === 0 && x[j] === 0)) && pairs[2 * k + 1] === -j - 0.25);
      }),
      { numRuns: 30 },
    );
    // negative subnormals: their keys are NaN bit patterns, moved as doubles through the passes
    const tiny = Float64Array.from({ length: 5000 }, (_, i) => (i % 2 ? -1 : 1) * ((i * 7919) % 4099) * 5e-324);
    const pairs = sortedPairs(tiny, Float64Array.from(tiny, (_, i) => i));
    const { sorted, index } = sortWithIndex(tiny);
    expect(Array.from({ length: 5000 }, (_, k) => pairs[2 * k])).toEqual(Array.from(sorted));
    expect(Array.from({ length: 5000 }, (_, k) => pairs[2 * k + 1])).toEqual(Array.from(index));
  });
  it("the native path for short arrays", () => {
    expect(sortedPairs(Float64Array.of(3, 1, 2, 1), Float64Array.of(30, 10, 20, 11))).toEqual(Float64Array.of(1, 10, 1, 11, 2, 20, 3, 30));
    expect(sortWithPayload(Float64Array.of(3, 1, 2, 1), Float64Array.of(30, 10, 20, 11))).toEqual({ sorted: Float64Array.of(1, 1, 2, 3), carried: Float64Array.of(10, 11, 20, 30) });
  });
  it("refuses a payload of another length", () => {
    expect(() => sortWithPayload(Float64Array.of(1, 2), Float64Array.of(1))).toThrow(/payload has 1 elements but x has 2/);
  });
});

describe("orderStatistics: order statistics without a sort", () => {
  it("property: equal the sorted array's elements at the ranks, with ties, runs and both paths (sample and sort)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(100), fc.constant(40_000), fc.constant(70_000)),
        fc.constantFrom("uniform", "ties", "sorted", "reversed", "two-values"),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, shape, picks, seed) => {
          let s = seed;
          const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
          const x = Float64Array.from({ length: n }, (_, i) =>
            shape === "uniform" ? next() * 1e3 - 500 : shape === "ties" ? Math.floor(next() * 5) : shape === "sorted" ? i : shape === "reversed" ? n - i : i % 2 ? 1 : -0,
          );
          const ranks = picks.map((p) => p % n);
          const sorted = Float64Array.from(x).sort();
          const got = orderStatistics(x, ranks);
          got.forEach((v, j) => expect(Object.is(v, sorted[ranks[j]]) || v === sorted[ranks[j]]).toBe(true));
        },
      ),
      { numRuns: 60 },
    );
  });
  it("orderStatisticsWithMoments: the same order statistics, and moments about the sample median in index order, whichever path", () => {
    // "uniform" takes the sampled selection; "two-values" overflows its brackets (every value is in one) and takes
    // the sort: the moments must not depend on that.
    for (const shape of ["uniform", "two-values", "ties"] as const) {
      let s = 3;
      const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
      const n = 40_000;
      const x = Float64Array.from({ length: n }, (_, i) => (shape === "uniform" ? next() * 10 - 3 : shape === "ties" ? Math.floor(next() * 5) : i % 2 ? 1 : 2));
      const ranks = [9_999, 10_000, 29_999, 30_000];
      const got = orderStatisticsWithMoments(x, ranks)!;
      const sorted = Float64Array.from(x).sort();
      expect(got.values).toEqual(ranks.map((k) => sorted[k]));
      const sample = Float64Array.from(samplePositions(n), (p) => x[p]).sort();
      const shift = sample[SAMPLE_SIZE / 2];
      let sd = 0;
      let sd2 = 0;
      for (let i = 0; i < n; i++) {
        sd += x[i] - shift;
        sd2 += (x[i] - shift) ** 2;
      }
      expect(got.moments).toEqual({ min: sorted[0], max: sorted[n - 1], finite: true, shift, shiftedSum: sd, shiftedSquares: sd2 });
    }
    const bad = new Float64Array(40_000).fill(1);
    bad[5] = NaN;
    bad[7] = Infinity;
    expect(orderStatisticsWithMoments(bad, [3])!.moments.finite).toBe(false);
    bad[5] = 1;
    expect(orderStatisticsWithMoments(bad, [3])!.moments.finite).toBe(false); // Infinity alone
    bad[7] = 1;
    bad[9] = NaN;
    expect(orderStatisticsWithMoments(bad, [3])!.moments.finite).toBe(false); // NaN alone
    expect(orderStatisticsWithMoments(new Float64Array(100), [3])).toBeNull(); // too few values to sample
    expect(samplePositions(1000).every((p) => p < 1000)).toBe(true);
  });

  it("leaves x alone and checks the ranks", () => {
    const x = Float64Array.of(3, 1, 2);
    expect(orderStatistics(x, [0, 2])).toEqual([1, 3]);
    expect(Array.from(x)).toEqual([3, 1, 2]);
    expect(() => orderStatistics(x, [3])).toThrow(/rank must be an integer in 0 … 2/);
  });
});
