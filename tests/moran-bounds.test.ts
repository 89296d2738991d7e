// moranBounds (lib/methods/spatial/bounds.ts) against adespatial's moran.bounds written in base R over spdep's
// listw2mat (tests/fixtures/moran-bounds.json, written by scripts/reference/moran-bounds.R): Columbus queen
// weights (styles W and B), a rook lattice, asymmetric 4-nearest-neighbour weights, a distance band with islands,
// North Carolina's ncCC89 (islands) and the US states' rook weights (style C). Plus hand-worked bounds, the
// property that every Moran's I lies between them, and bad input.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MORAN_BOUNDS_MAX_UNITS, moran, moranBounds, transformWeights, weightsFromNeighbors, type WeightsMatrix } from "../lib/spatial";
import { InputError } from "../lib/validate";

interface Case {
  name: string;
  style: string;
  n: number;
  S0: number;
  islands: number;
  min: number;
  max: number;
  neighbors: number[][];
  weights: number[][];
}
const ref = JSON.parse(readFileSync(join(__dirname, "fixtures", "moran-bounds.json"), "utf8")) as { source: string; cases: Case[] };

/** The listw of a case as a WeightsMatrix (ids "1"…"n"; islands are the empty lists). */
function weightsOf(c: Case): WeightsMatrix {
  const ids = c.neighbors.map((_, i) => String(i + 1));
  return { ids, neighbors: c.neighbors, weights: c.weights, islands: ids.filter((_, i) => c.neighbors[i].length === 0), skipped: [] };
}

describe(`moranBounds against adespatial's moran.bounds (${ref.source})`, () => {
  it("has the reference cases, among them asymmetric weights and islands", () => {
    expect(ref.cases.map((c) => c.name)).toEqual(["columbus-W", "columbus-B", "rook-7x5-W", "rook-7x5-B", "knn4-W", "band-islands-B", "nc-W", "us48-rook-C"]);
    expect(ref.cases.filter((c) => c.islands > 0).map((c) => c.name)).toEqual(["band-islands-B", "nc-W"]);
  });
  for (const c of ref.cases) {
    it(`${c.name}: n = ${c.n}, S0 = ${c.S0}, [${c.min.toFixed(6)}, ${c.max.toFixed(6)}] to 1e-10`, () => {
      const b = moranBounds(weightsOf(c), { transformation: "none" });
      expect(b.n).toBe(c.n);
      expect(b.S0).toBeCloseTo(c.S0, 10);
      expect(b.islands).toBe(c.islands);
      expect(b.transformation).toBe("none");
      expect(Math.abs(b.min - c.min)).toBeLessThan(1e-10);
      expect(Math.abs(b.max - c.max)).toBeLessThan(1e-10);
    });
  }
  it("binary weights with the default transformation (row) give spdep's style W bounds; transformWeights' style is used as given", () => {
    for (const name of ["columbus", "rook-7x5"]) {
      const B = ref.cases.find((c) => c.name === `${name}-B`)!;
      const W = ref.cases.find((c) => c.name === `${name}-W`)!;
      const binary = weightsOf(B);
      const row = moranBounds(binary);
      expect(row.transformation).toBe("row");
      expect(Math.abs(row.min - W.min)).toBeLessThan(1e-10);
      expect(Math.abs(row.max - W.max)).toBeLessThan(1e-10);
      const styled = moranBounds(transformWeights(binary, "B"));
      expect(styled.transformation).toBe("none");
      expect(Math.abs(styled.min - B.min)).toBeLessThan(1e-10);
      expect(Math.abs(styled.max - B.max)).toBeLessThan(1e-10);
    }
  });
  it("islands stay in n (spdep's zero.policy = TRUE); adjustN scales the bounds by (n − islands)/n, as moran's adjustN scales I", () => {
    const c = ref.cases.find((x) => x.name === "nc-W")!;
    const all = moranBounds(weightsOf(c), { transformation: "none" });
    const adjusted = moranBounds(weightsOf(c), { transformation: "none", adjustN: true });
    expect(all.n).toBe(100);
    expect(adjusted.n).toBe(98);
    expect(adjusted.islands).toBe(2);
    expect(adjusted.min).toBeCloseTo((c.min * 98) / 100, 12);
    expect(adjusted.max).toBeCloseTo((c.max * 98) / 100, 12);
  });
});

describe("hand-worked bounds", () => {
  const ring6 = weightsFromNeighbors(["a", "b", "c", "d", "e", "f"], [[1, 5], [0, 2], [1, 3], [2, 4], [3, 5], [0, 4]]);
  it("the documented example: a ring of six, row-standardised, [−1, 0.5] (the cycle's eigenvalues 2cos(2πk/6)/2 without the constant's)", () => {
    const b = moranBounds(ring6);
    expect([b.min, b.max].map((v) => +v.toFixed(12))).toEqual([-1, 0.5]);
    expect([b.n, b.S0, b.islands]).toEqual([6, 6, 0]);
  });
  it("a path a–b–c–d with binary weights: (n/S0)·[−φ, 1/φ] = [−(1 + √5)/3, (√5 − 1)/3] (its eigenvectors for ±φ, ∓1/φ sum to 0)", () => {
    const path = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
    const b = moranBounds(path, { transformation: "none" });
    expect(b.min).toBeCloseTo(-(1 + Math.sqrt(5)) / 3, 14);
    expect(b.max).toBeCloseTo((Math.sqrt(5) - 1) / 3, 14);
    expect(b.S0).toBe(6);
  });
  it("a 24×15 torus, binary (regular, 4 neighbours): [2cos(2π·7/15) − 2, 2cos(2π/24) + 2]/4, the grid of cycles' spectrum without the constant's 4", () => {
    const [r, c] = [24, 15];
    const ids = Array.from({ length: r * c }, (_, i) => `t${i}`);
    const neighbors = ids.map((_, i) => {
      const [x, y] = [Math.floor(i / c), i % c];
      return [((x + 1) % r) * c + y, ((x + r - 1) % r) * c + y, x * c + ((y + 1) % c), x * c + ((y + c - 1) % c)].sort((p, q) => p - q);
    });
    const b = moranBounds(weightsFromNeighbors(ids, neighbors), { transformation: "none" });
    expect(b.S0).toBe(4 * r * c);
    expect(b.min).toBeCloseTo((2 * Math.cos((2 * Math.PI * 7) / c) - 2) / 4, 13);
    expect(b.max).toBeCloseTo((2 * Math.cos((2 * Math.PI) / r) + 2) / 4, 13);
  });
  it("two units and complete graphs: every centred z gives I = −1/(n − 1); the range is [−1/(n − 1), 0], the constant vector's 0 included as in adespatial", () => {
    for (const n of [2, 3, 7]) {
      const ids = Array.from({ length: n }, (_, i) => `u${i}`);
      const complete = weightsFromNeighbors(ids, ids.map((_, i) => ids.map((_, j) => j).filter((j) => j !== i)));
      const b = moranBounds(complete);
      expect(b.min).toBeCloseTo(-1 / (n - 1), 14);
      expect(Math.abs(b.max)).toBeLessThan(1e-14);
      const I = moran(ids.map((_, i) => i * i), complete, { permutations: 0 }).I;
      expect(I).toBeCloseTo(-1 / (n - 1), 14);
    }
  });
  it("a ring of six and an island: the ring's centred vectors keep their quotients, the island's direction adds 1/7 — [−7/6, 7/12]", () => {
    // z = (y, 0) with y centred on the ring gives I's quotient y'Wy/y'y unchanged; v = (1, …, 1, −6) gives v'Wv/v'v =
    // (1'W1)/42 = 1/7 (row-standardised) and is orthogonal to the others under W (the ring is regular); n/S0 = 7/6.
    const withIsland = weightsFromNeighbors(["a", "b", "c", "d", "e", "f", "g"], [[1, 5], [0, 2], [1, 3], [2, 4], [3, 5], [0, 4], []]);
    const b = moranBounds(withIsland);
    expect([b.n, b.S0, b.islands]).toEqual([7, 6, 1]);
    expect(b.min).toBeCloseTo(-7 / 6, 14);
    expect(b.max).toBeCloseTo(7 / 12, 14);
    const adjusted = moranBounds(withIsland, { adjustN: true });
    expect(adjusted.n).toBe(6);
    expect(adjusted.min).toBeCloseTo(-1, 14);
    expect(adjusted.max).toBeCloseTo(0.5, 14);
  });
});

/** Random weights on 2…12 units: asymmetric neighbour lists, positive weights, islands allowed. */
const randomWeights = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc
    .array(fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0.01, max: 10, noNaN: true })), { maxLength: n }), { minLength: n, maxLength: n })
    .map((rows) => {
      const ids = Array.from({ length: n }, (_, i) => `r${i}`);
      const neighbors: number[][] = [];
      const weights: number[][] = [];
      rows.forEach((row, i) => {
        const byJ = new Map<number, number>();
        for (const [j, v] of row) if (j !== i) byJ.set(j, v);
        const js = [...byJ.keys()].sort((a, b) => a - b);
        neighbors.push(js);
        weights.push(js.map((j) => byJ.get(j)!));
      });
      return { ids, neighbors, weights, islands: ids.filter((_, i) => neighbors[i].length === 0), skipped: [] } as WeightsMatrix;
    })
    .filter((w) => w.neighbors.some((l) => l.length > 0)),
);

describe("properties", () => {
  it("Moran's I of any values lies within the bounds, for either transformation and with adjustN", () => {
    fc.assert(
      fc.property(
        randomWeights.chain((w) => fc.tuple(fc.constant(w), fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: w.ids.length, maxLength: w.ids.length }))),
        fc.constantFrom("row" as const, "none" as const),
        fc.boolean(),
        ([w, x], transformation, adjustN) => {
          const mean = x.reduce((a, b) => a + b, 0) / x.length;
          fc.pre(x.some((v) => Math.abs(v - mean) > 1e-6 * (Math.abs(mean) + 1)));
          if (adjustN && w.ids.length - w.islands.length < 2) {
            // both refuse, with the same words
            expect(() => moran(x, w, { permutations: 0, transformation, adjustN })).toThrow(/adjustN needs at least 2 units with neighbours/);
            expect(() => moranBounds(w, { transformation, adjustN })).toThrow(/adjustN needs at least 2 units with neighbours/);
            return;
          }
          const b = moranBounds(w, { transformation, adjustN });
          const I = moran(x, w, { permutations: 0, transformation, adjustN }).I;
          const slack = 1e-9 * (Math.abs(b.min) + Math.abs(b.max) + 1);
          expect(I).toBeGreaterThanOrEqual(b.min - slack);
          expect(I).toBeLessThanOrEqual(b.max + slack);
          expect(b.min).toBeLessThanOrEqual(b.max);
        },
      ),
    );
  });
  it("does not depend on the order of the units, nor on a common factor of the weights", () => {
    fc.assert(
      fc.property(randomWeights, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (w, factor) => {
        const n = w.ids.length;
        const b = moranBounds(w, { transformation: "none" });
        const reversedIndex = (i: number) => n - 1 - i;
        const reversed: WeightsMatrix = {
          ids: w.ids.slice().reverse(),
          neighbors: w.neighbors.slice().reverse().map((l) => l.map(reversedIndex).reverse()),
          weights: w.weights.slice().reverse().map((l) => l.slice().reverse()),
          islands: w.islands.slice(),
          skipped: [],
        };
        const scaled: WeightsMatrix = { ...w, weights: w.weights.map((l) => l.map((v) => v * factor)) };
        const tol = 1e-10 * (Math.abs(b.min) + Math.abs(b.max) + 1);
        for (const other of [moranBounds(reversed, { transformation: "none" }), moranBounds(scaled, { transformation: "none" })]) {
          expect(Math.abs(other.min - b.min)).toBeLessThanOrEqual(tol);
          expect(Math.abs(other.max - b.max)).toBeLessThanOrEqual(tol);
        }
      }),
    );
  });
});

describe("bad input", () => {
  const bad = (f: () => unknown, pattern: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(pattern);
  };
  const ring = (n: number) => weightsFromNeighbors(
    Array.from({ length: n }, (_, i) => i),
    Array.from({ length: n }, (_, i) => [(i + n - 1) % n, (i + 1) % n].sort((a, b) => a - b)),
  );
  it("more units than the limit: refused before any work, naming the size, the limit and how to raise it", () => {
    expect(MORAN_BOUNDS_MAX_UNITS).toBe(2000);
    bad(() => moranBounds(ring(2001)), /2001 units, more than the limit of 2000: .* dense 2001×2001 matrix .*pass \{ maxUnits: 2001 \}/);
    bad(() => moranBounds(ring(5), { maxUnits: 4 }), /5 units, more than the limit of 4/);
    expect(moranBounds(ring(5), { maxUnits: 5 }).n).toBe(5);
  });
  it("no link, malformed weights and options", () => {
    bad(() => moranBounds(weightsFromNeighbors(["a", "b"], [[], []])), /no link \(S0 = 0\): every unit is an island/);
    bad(() => moranBounds({ ids: ["a", "b"], neighbors: [[1], [0]], weights: [[1], [-2]], islands: [], skipped: [] }), /unit 1 \(b\) has weight -2 for neighbour 0 \(a\)/);
    bad(() => moranBounds({ ids: ["a", "b"], neighbors: [[1], [0]], weights: [[1], [NaN]], islands: [], skipped: [] }), /unit 1 \(b\) has weight NaN/);
    bad(() => moranBounds(null as never), /must be a WeightsMatrix/);
    bad(() => moranBounds(ring(4), { transformation: "W" as never }), /transformation must be "row" or "none"/);
    bad(() => moranBounds(ring(4), { maxUnits: 0 }), /maxUnits must be a positive integer, got 0/);
    bad(() => moranBounds(ring(4), { adjustN: "yes" as never }), /adjustN must be true or false/);
    bad(() => moranBounds(ring(4), null as never), /options must be an object/);
  });
});
