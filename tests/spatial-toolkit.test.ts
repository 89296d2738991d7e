// The weights, global and local statistics added for PySAL/spdep users, against R spdep 1.2-7
// (tests/fixtures/spdep-toolkit.json, written by scripts/reference/spdep-toolkit.R) on spdep's and spData's own
// example data (Columbus, Baltimore, North Carolina SIDS) and the US counties the project ships.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bivariateMoran,
  distanceBandWeights,
  geary,
  geoJSONCentroids,
  getisOrdG,
  higherOrderWeights,
  knnWeights,
  moran,
  moranRate,
  readGal,
  readGwt,
  transformWeights,
  weightsFromGeoJSON,
  weightsFromNeighbors,
  writeGal,
  contiguity,
  type WeightsMatrix,
} from "../lib/spatial";
import { topojsonFeatures } from "../lib/topojson";

const root = resolve(__dirname, "..");
const fixtureText = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const ref = JSON.parse(fixtureText("spdep-toolkit.json"));
const spdepWeights = JSON.parse(fixtureText("spdep-weights.json"));
const us = JSON.parse(readFileSync(join(root, "node_modules/vega-datasets/data/us-10m.json"), "utf8"));
const rate = new Map(
  readFileSync(join(root, "node_modules/vega-datasets/data/unemployment.tsv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .map(([id, r]) => [id, Number(r)] as [string, number]),
);

/** |a − b| ≤ tol·|b| (|a| ≤ tol when b = 0). */
function expectRel(actual: number, expected: number, tol = 1e-9, what = "") {
  if (expected === 0) expect(Math.abs(actual), what).toBeLessThanOrEqual(tol);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
function expectAllRel(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, what = "") {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i], expected[i], tol, `${what}[${i}]`);
}
function expectWeightsRel(w: WeightsMatrix, expected: number[][], tol = 1e-9, what = "") {
  expect(w.weights.length).toBe(expected.length);
  w.weights.forEach((row, i) => expectAllRel(row, expected[i], tol, `${what} row ${i}`));
}

const col = ref.columbus;
const colXY: [number, number][] = col.x.map((x: number, i: number) => [x, col.y[i]]);
const colGal = readGal(fixtureText("columbus.gal"));

// -------------------------------------------------------------------------------------------------------
describe("GAL and GWT files (spdep read.gal / write.nb.gal / read.gwt2nb on spdep's example files)", () => {
  it("reads columbus.gal as spdep does", () => {
    expect(colGal.ids).toEqual(col.ids);
    expect(colGal.neighbors).toEqual(col.gal);
    expect(colGal.weights.every((r) => r.every((v) => v === 1))).toBe(true);
  });

  it("writes the text spdep's write.nb.gal(oldstyle = FALSE) writes, and reads it back", () => {
    expect(writeGal(colGal, { shapefile: "columbus", idVariable: "POLYID" })).toBe(col.galText);
    const back = readGal(col.galText);
    expect(back.neighbors).toEqual(colGal.neighbors);
    expect([back.shapefile, back.idVariable]).toEqual(["columbus", "POLYID"]);
  });

  it("reads ncCC89.gal matched to the shapefile's ids, islands included", () => {
    const w = readGal(fixtureText("ncCC89.gal"), { ids: ref.sids.ids });
    expect(w.neighbors).toEqual(ref.sids.gal);
    expect(w.islands.length).toBe(ref.sids.gal.filter((l: number[]) => l.length === 0).length);
    expect(w.islands.length).toBeGreaterThan(0);
    // a round trip through writeGal keeps islands (an empty line)
    expect(readGal(writeGal(w)).neighbors).toEqual(w.neighbors);
  });

  it("reads baltk4.GWT: neighbours and the distances GeoDa wrote", () => {
    const w = readGwt(fixtureText("baltk4.GWT"));
    expect(w.ids).toEqual(ref.baltimore.ids);
    expect(w.neighbors).toEqual(ref.baltimore.gwt);
    expectWeightsRel(w, ref.baltimore.gwtValues, 0, "GWT values");
    expect([w.shapefile, w.idVariable]).toEqual(["BALTIM", "STATION"]);
  });

  it("names the line and the unit in bad files", () => {
    expect(() => readGal("2\n1 2\n2\n2 1\n1\n")).toThrow(/GAL line 3: unit 1 announces 2 neighbours on line 2 but 1 are listed/);
    expect(() => readGal("2\n1 1\n3\n2 1\n1\n")).toThrow(/GAL line 3: unit 1 lists neighbour 3, which is not a unit of the file/);
    expect(() => readGal("2\n1 1\n1\n2 0\n\n")).toThrow(/unit 1 lists itself/);
    expect(() => readGal("3\n1 1\n2\n2 1\n1\n")).toThrow(/announces 3 units but the file ends after 2/);
    expect(() => readGal("1 2\n")).toThrow(/GAL line 1 must be "n" or "0 n shapefile idVariable"/);
    expect(() => readGwt("0 2 x ID\n1 3 1.5\n")).toThrow(/GWT line 2: unit 3 is not one of the default ids "1".."2"; pass the file's ids/);
    expect(() => readGwt("0 2 x ID\n1 2 abc\n")).toThrow(/GWT line 2: the value "abc" is not a finite number/);
    expect(() => readGwt("0 2 x ID\n1 2 1\n1 2 1\n")).toThrow(/GWT line 3: the pair 1 → 2 is listed twice/);
    expect(() => writeGal(weightsFromNeighbors(["a b", "c"], [[1], [0]]))).toThrow(/GAL ids cannot be empty or contain spaces/);
  });
});

// -------------------------------------------------------------------------------------------------------
describe("k nearest neighbours and distance bands (spdep knearneigh, dnearneigh, nbdists)", () => {
  it("Columbus: knearneigh(k = 4) and dnearneigh(0, 6) with nbdists", () => {
    expect(knnWeights(colXY, { k: 4, ids: col.ids }).neighbors).toEqual(col.knn4);
    const band = distanceBandWeights(colXY, { threshold: 6, ids: col.ids });
    expect(band.neighbors).toEqual(col.band6);
    band.distances.forEach((d, i) => expectAllRel(d, col.band6Distances[i], 1e-12, `distances ${i}`));
    expectRel(band.minimumThreshold, col.maxNearest, 1e-12, "largest nearest-neighbour distance");
  });

  it("a band that leaves units without neighbours reports them", () => {
    const band = distanceBandWeights(colXY, { threshold: 2.5, ids: col.ids });
    expect(band.neighbors).toEqual(col.band25);
    expect(band.islands).toEqual(col.adjustN.islands);
    expect(band.minimumThreshold).toBeGreaterThan(2.5);
  });

  it("Baltimore: knearneigh(k = 4) gives the lists of GeoDa's baltk4.GWT, with GeoDa's distances to 5 digits", () => {
    const pts: [number, number][] = ref.baltimore.x.map((x: number, i: number) => [x, ref.baltimore.y[i]]);
    const w = knnWeights(pts, { k: 4, ids: ref.baltimore.ids });
    expect(w.neighbors).toEqual(ref.baltimore.knn4);
    // GeoDa resolved two ties the other way; they are exactly the ties knnWeights reports
    const differ = w.ids.filter((_, i) => JSON.stringify(w.neighbors[i]) !== JSON.stringify(ref.baltimore.gwt[i]));
    expect(differ.length).toBe(2);
    for (const id of differ) expect(w.ties.map((t) => t.id)).toContain(id);
    w.distances.forEach((d, i) => {
      if (!differ.includes(w.ids[i])) expectAllRel(d, ref.baltimore.gwtValues[i], 5e-6, `distance ${i}`);
    });
  });

  it("US counties: centroids as GEOS computes them, then knearneigh(k = 5) and dnearneigh(0, 0.5)", () => {
    const c = geoJSONCentroids(topojsonFeatures(us, "counties"));
    expect([...c.ids].sort()).toEqual([...ref.counties.ids].sort());
    const at = new Map(c.ids.map((id, i) => [id, c.coordinates[i]] as [string, [number, number]]));
    ref.counties.ids.forEach((id: string, i: number) => expectAllRel(at.get(id)!, ref.counties.centroids[i], 1e-9, `centroid of ${id}`));
    const pts = ref.counties.centroids as [number, number][];
    expect(knnWeights(pts, { k: 5, ids: ref.counties.ids }).neighbors).toEqual(ref.counties.knn5);
    expect(distanceBandWeights(pts, { threshold: 0.5, ids: ref.counties.ids }).neighbors).toEqual(ref.counties.band05);
  });

  it("ties are resolved as spdep does (earlier unit first) and reported; identical points are listed", () => {
    // the four corners of a unit square around a centre point, and a copy of the centre
    const pts = [[0, 0], [1, 1], [-1, 1], [-1, -1], [1, -1], [0, 0]];
    const w = knnWeights(pts, { k: 2 });
    expect(w.neighbors[0]).toEqual([1, 5]); // the copy (distance 0), then the earliest corner
    expect(w.duplicates).toEqual([["1", "6"]]);
    expect(w.ties.find((t) => t.id === "1")).toEqual({ id: "1", distance: Math.SQRT2, kept: ["2"], dropped: ["3", "4", "5"] });
    // corner 2 at (1, 1): both centres at √2, the next corners at 2 — no tie
    expect(w.ties.find((t) => t.id === "2")).toBeUndefined();
  });

  it("bad input names the unit", () => {
    expect(() => knnWeights([[0, 0], [1, NaN]], { k: 1, ids: ["a", "b"] })).toThrow(/coordinates\[1\] \(unit b\) is \[0?1,null\]|coordinates\[1\] \(unit b\)/);
    expect(() => knnWeights([[0, 0], [1, 1]], { k: 2 })).toThrow(/k must be an integer between 1 and n − 1 = 1/);
    expect(() => distanceBandWeights([[0, 0], [0, 0], [1, 1]], { threshold: 2, power: 1, ids: ["a", "b", "c"] })).toThrow(/units a and b have the same coordinates/);
    expect(() => distanceBandWeights([[0, 0]], { threshold: -1 })).toThrow(/threshold must be a finite number ≥ lower/);
  });
});

// -------------------------------------------------------------------------------------------------------
describe("weights from GeoJSON (spdep poly2nb)", () => {
  it("queen lists of the US counties equal poly2nb's; rook equals the TopoJSON rook rule", () => {
    const fc = topojsonFeatures(us, "counties");
    const queen = weightsFromGeoJSON(fc, { rule: "queen" });
    expect(byId(queen.ids, queen.neighbors)).toEqual(byId(spdepWeights.counties.ids, spdepWeights.counties.queen));
    const rook = weightsFromGeoJSON(fc, { rule: "rook" });
    const topoRook = contiguity(us, "counties", { rule: "rook" });
    expect(byId(rook.ids, rook.neighbors)).toEqual(byId(topoRook.ids, topoRook.neighbors));
  });

  it("names features without an id and unsupported geometries", () => {
    expect(() => weightsFromGeoJSON({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: null }] }, { rule: "queen" })).toThrow(/features\[0\] has no id/);
    expect(() =>
      weightsFromGeoJSON({ type: "FeatureCollection", features: [{ type: "Feature", id: "x", properties: {}, geometry: { type: "LineString", coordinates: [[0, 0], [1, 1]] } }] }, { rule: "queen" }),
    ).toThrow(/features\[0\] \(unit x\): geometry type "LineString" is not supported/);
    expect(() => weightsFromGeoJSON({ type: "Topology" }, { rule: "queen" })).toThrow(/needs a GeoJSON FeatureCollection/);
  });
});

// -------------------------------------------------------------------------------------------------------
describe("weight styles and higher orders (spdep nb2listw, nblag, nblag_cumul)", () => {
  it("styles W, C, U, S of the Columbus contiguity", () => {
    for (const style of ["W", "C", "U", "S"] as const) expectWeightsRel(transformWeights(colGal, style), col.styles[style], 1e-12, style);
    expect(transformWeights(transformWeights(colGal, "W"), "B").weights).toEqual(colGal.weights);
  });

  it("styles of inverse-squared-distance weights (general weights)", () => {
    const inv = distanceBandWeights(colXY, { threshold: 6, power: 2, ids: col.ids });
    for (const style of ["W", "C", "U", "S"] as const) expectWeightsRel(transformWeights(inv, style), col.inverseSquareStyles[style], 1e-12, style);
  });

  it("orders 2 and 3 and the cumulative order 3", () => {
    expect(higherOrderWeights(colGal, 2).neighbors).toEqual(col.lag2);
    expect(higherOrderWeights(colGal, 3).neighbors).toEqual(col.lag3);
    expect(higherOrderWeights(colGal, 3, { cumulative: true }).neighbors).toEqual(col.lagCumul3);
    expect(higherOrderWeights(colGal, 1).neighbors).toEqual(colGal.neighbors);
  });

  it("styled weights are used as they are by the statistics", () => {
    const c = transformWeights(colGal, "C");
    expect(moran(col.crime, c, { permutations: 0 }).S0).toBeCloseTo(49, 12);
    expect(moran(col.crime, c, { permutations: 0, transformation: "row" }).S0).toBeCloseTo(49, 12);
    expect(() => transformWeights(colGal, "X" as never)).toThrow(/style must be one of "B", "W", "C", "U", "S"/);
  });
});

// -------------------------------------------------------------------------------------------------------
describe("global statistics (spdep geary.test, globalG.test, moran_bv, EBImoran.mc, moran.test(adjust.n))", () => {
  const [C, EC, VCr] = col.gearyRandomisation.estimate;

  it("Geary's C on Columbus crime (row-standardised): statistic, variances, z, p", () => {
    const r = geary(col.crime, colGal, { permutations: 0 });
    expectRel(r.C, C, 1e-12, "C");
    expect(r.expected).toBe(EC);
    expectRel(r.varianceRandomization, VCr, 1e-9, "Var randomisation");
    expectRel(r.varianceNormal, col.gearyNormality.estimate[2], 1e-9, "Var normality");
    expectRel(-r.zRandomization, col.gearyRandomisation.statistic, 1e-9, "z randomisation");
    expectRel(-r.zNormal, col.gearyNormality.statistic, 1e-9, "z normality");
    expectRel(r.pRandomization, col.gearyRandomisation.p, 1e-9, "p randomisation");
    expectRel(r.pNormal, col.gearyNormality.p, 1e-9, "p normality");
  });

  it("Geary's C on the US county unemployment rates (queen, row-standardised, islands kept)", () => {
    const units: string[] = ref.counties.units;
    const w = weightsFromGeoJSON(topojsonFeatures(us, "counties"), { rule: "queen" });
    const sub = subset(w, units);
    const x = units.map((id) => rate.get(id)!);
    const r = geary(x, sub, { permutations: 0 });
    expectRel(r.C, ref.counties.gearyRandomisation.estimate[0], 1e-9, "C");
    expectRel(r.varianceRandomization, ref.counties.gearyRandomisation.estimate[2], 1e-9, "Var R");
    expectRel(r.varianceNormal, ref.counties.gearyNormality.estimate[2], 1e-9, "Var N");
    expectRel(-r.zRandomization, ref.counties.gearyRandomisation.statistic, 1e-9, "z R");
    const g = getisOrdG(x, sub, { permutations: 0 });
    const [G, EG, VG] = ref.counties.globalGB.estimate;
    expectRel(g.G, G, 1e-9, "G");
    expectRel(g.expected, EG, 1e-12, "E[G]");
    expectRel(g.variance, VG, 1e-9, "Var G");
    expectRel(g.z, ref.counties.globalGB.statistic, 1e-9, "z G");
    expectRel(g.p, ref.counties.globalGB.p, 1e-9, "p G");
  });

  it("General G on Columbus crime (binary weights)", () => {
    const g = getisOrdG(col.crime, colGal, { permutations: 0 });
    const [G, EG, VG] = col.globalGB.estimate;
    expectRel(g.G, G, 1e-12, "G");
    expectRel(g.expected, EG, 1e-12, "E[G]");
    expectRel(g.variance, VG, 1e-9, "Var");
    expectRel(g.z, col.globalGB.statistic, 1e-9, "z");
    expectRel(g.p, col.globalGB.p, 1e-9, "p");
    expect(() => getisOrdG([1, -2, 3], weightsFromNeighbors(["a", "b", "c"], [[1], [0, 2], [1]]))).toThrow(/values\[1\] \(b\) is -2; the General G needs values ≥ 0/);
  });

  it("adjustN: Moran's I, Geary's C and G with islands, as spdep's adjust.n = TRUE", () => {
    const band = distanceBandWeights(colXY, { threshold: 2.5, ids: col.ids });
    const a = col.adjustN;
    const m = moran(col.crime, band, { permutations: 0, adjustN: true });
    expectAllRel([m.I, m.expected, m.varianceNormal], a.moranNormal.estimate, 1e-9, "Moran normality");
    expectRel(m.varianceRandomization, a.moranRandomisation.estimate[2], 1e-9, "Moran Var R");
    expectRel(m.zNormal, a.moranNormal.statistic, 1e-9, "z N");
    expectRel(m.zRandomization, a.moranRandomisation.statistic, 1e-9, "z R");
    expect(m.n).toBe(49 - a.islands.length);
    const c = geary(col.crime, band, { permutations: 0, adjustN: true });
    expectAllRel([c.C, c.expected, c.varianceRandomization], a.gearyRandomisation.estimate, 1e-9, "Geary R");
    expectRel(c.varianceNormal, a.gearyNormality.estimate[2], 1e-9, "Geary N");
    expectRel(-c.zRandomization, a.gearyRandomisation.statistic, 1e-9, "Geary z");
    const g = getisOrdG(col.crime, band, { permutations: 0, adjustN: true });
    expectAllRel([g.G, g.expected, g.variance], a.globalGB.estimate, 1e-9, "G");
    expectRel(g.z, a.globalGB.statistic, 1e-9, "G z");
    // without adjustN the islands stay in n, and the permutation p-value does not depend on the choice
    const m0 = moran(col.crime, band, { permutations: 99, seed: 5 });
    const m1 = moran(col.crime, band, { permutations: 99, seed: 5, adjustN: true });
    expect(m1.pPermutation).toBe(m0.pPermutation);
    expectRel(m1.I / m0.I, m1.n / m0.n, 1e-12, "I scales with n");
  });

  it("bivariate Moran's I of crime and income (spdep moran_bv)", () => {
    const r = bivariateMoran(col.crime, col.inc, colGal, { permutations: 99 });
    expectRel(r.I, col.moranBv, 1e-12, "I_xy");
    expect(r.pPermutation).toBeGreaterThan(0);
    // with y = x it is Moran's I, and its permutations are moran's (same engine, same seed)
    const same = bivariateMoran(col.crime, col.crime, colGal, { permutations: 99, seed: 3 });
    const m = moran(col.crime, colGal, { permutations: 99, seed: 3 });
    expectRel(same.I, m.I, 1e-12, "I_xx = I");
    expect(same.pPermutation).toBe(m.pPermutation);
  });

  it("Moran's I of SIDS rates (spdep EBest and EBImoran.mc)", () => {
    const w = readGal(fixtureText("ncCC89.gal"), { ids: ref.sids.ids });
    const r = moranRate(ref.sids.sid74, ref.sids.bir74, w, { permutations: 0, convention: "spdep" });
    expectRel(r.a, ref.sids.a, 1e-9, "a");
    expectRel(r.b, ref.sids.b, 1e-12, "b");
    expectAllRel(r.rates, ref.sids.z, 1e-9, "z");
    expectRel(r.I, ref.sids.EBImoran, 1e-9, "EBI");
    // a ≥ 0 here, so esda's convention gives the same numbers
    expect(ref.sids.a).toBeGreaterThan(0);
    expectRel(moranRate(ref.sids.sid74, ref.sids.bir74, w, { permutations: 0 }).I, ref.sids.EBImoran, 1e-9, "esda");
    expect(() => moranRate([1, 2], [1, 0], weightsFromNeighbors(["a", "b"], [[1], [0]]))).toThrow(/population\[1\] \(b\) is 0/);
  });

  it("permutation inference: seeded and reproducible, folded p in [1/(R+1), 1/2]", () => {
    const a = geary(col.crime, colGal, { permutations: 199, seed: 11 });
    const b = geary(col.crime, colGal, { permutations: 199, seed: 11 });
    expect(a).toEqual(b);
    expect(a.pPermutation).toBe(1 / 200); // C = 0.55 is far below every permuted C
    expect(a.permutationsAtLeast).toBe(199);
    const g = getisOrdG(col.crime, colGal, { permutations: 199, seed: 11 });
    expect(g.pPermutation).toBeLessThanOrEqual(0.5);
  });
});

/** Neighbour lists as a map id → sorted neighbour ids. */
function byId(ids: string[], lists: number[][]): Map<string, string[]> {
  return new Map(ids.map((id, i) => [id, lists[i].map((j) => ids[j]).sort()]));
}

/** Weights restricted to `ids` (in that order), as spdep's subset.nb. */
function subset(w: WeightsMatrix, ids: string[]): WeightsMatrix {
  const pos = new Map(w.ids.map((id, i) => [id, i] as [string, number]));
  const newPos = new Map(ids.map((id, i) => [pos.get(id)!, i] as [number, number]));
  return weightsFromNeighbors(
    ids,
    ids.map((id) => w.neighbors[pos.get(id)!].filter((j) => newPos.has(j)).map((j) => newPos.get(j)!)),
  );
}

// -------------------------------------------------------------------------------------------------------
describe("the documented examples of weights.ts and global.ts", () => {
  const path = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);

  it("knnWeights, distanceBandWeights", () => {
    const w = knnWeights([[0, 0], [1, 0], [3, 0], [0, 1]], { k: 1, ids: ["a", "b", "c", "d"] });
    expect(w.neighbors).toEqual([[1], [0], [1], [0]]);
    expect(w.ties).toEqual([{ id: "a", distance: 1, kept: ["b"], dropped: ["d"] }]);
    const b = distanceBandWeights([[0, 0], [1, 0], [3, 0]], { threshold: 1.5, ids: ["a", "b", "c"] });
    expect([b.neighbors, b.islands, b.minimumThreshold]).toEqual([[[1], [0], []], ["c"], 2]);
    expect(distanceBandWeights([[0, 0], [1, 0], [3, 0]], { threshold: 2, power: 1 }).weights).toEqual([[1], [1, 0.5], [0.5]]);
  });

  it("weightsFromGeoJSON, geoJSONCentroids", () => {
    const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
    const fc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", id: "a", properties: {}, geometry: { type: "Polygon", coordinates: square(0, 0) } },
        { type: "Feature", id: "b", properties: {}, geometry: { type: "Polygon", coordinates: square(1, 0) } },
        { type: "Feature", id: "c", properties: {}, geometry: { type: "Polygon", coordinates: square(2, 1) } },
      ],
    };
    expect(weightsFromGeoJSON(fc, { rule: "queen" }).neighbors).toEqual([[1], [0, 2], [1]]);
    expect(weightsFromGeoJSON(fc, { rule: "rook" }).neighbors).toEqual([[1], [0], []]);
    const L = { type: "FeatureCollection", features: [{ type: "Feature", id: "L", properties: {}, geometry: { type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] } }] };
    expect(geoJSONCentroids(L).coordinates).toEqual([[0.8333333333333334, 0.8333333333333334]]);
  });

  it("readGal, writeGal, readGwt", () => {
    expect(readGal("0 3 shapes ID\na 2\nb c\nb 1\na\nc 1\na\n")).toEqual({
      ids: ["a", "b", "c"], neighbors: [[1, 2], [0], [0]], weights: [[1, 1], [1], [1]], islands: [], skipped: [], shapefile: "shapes", idVariable: "ID",
    });
    expect(writeGal(readGal("3\n1 1\n2\n2 2\n1 3\n3 1\n2\n"), { shapefile: "x", idVariable: "ID" })).toBe("0 3 x ID\n1 1\n2\n2 2\n1 3\n3 1\n2\n");
    expect(readGwt("0 3 pts ID\n1 2 1.5\n2 1 1.5\n2 3 2\n3 2 2\n").weights).toEqual([[1.5], [1.5, 2], [2]]);
  });

  it("transformWeights, higherOrderWeights", () => {
    const w = weightsFromNeighbors(["a", "b", "c"], [[1, 2], [0], [0]]);
    expect(transformWeights(w, "W").weights).toEqual([[0.5, 0.5], [1], [1]]);
    expect(transformWeights(w, "C").weights).toEqual([[0.75, 0.75], [0.75], [0.75]]);
    expect(transformWeights(w, "U").weights).toEqual([[0.25, 0.25], [0.25], [0.25]]);
    expect(higherOrderWeights(path, 2).neighbors).toEqual([[2], [3], [0], [1]]);
    expect(higherOrderWeights(path, 2, { cumulative: true }).neighbors).toEqual([[1, 2], [0, 2, 3], [0, 1, 3], [1, 2]]);
  });

  it("geary, getisOrdG, bivariateMoran, moranRate", () => {
    const c = geary([1, 2, 3, 4], path, { permutations: 0 });
    expect([c.C, c.varianceNormal]).toEqual([0.3, 0.125]);
    const g = getisOrdG([1, 2, 3, 4], path, { permutations: 0 });
    expect([g.G, g.expected]).toEqual([0.5714285714285714, 0.5]);
    expect(bivariateMoran([1, 2, 3, 4], [1, 2, 3, 4], path, { permutations: 0 }).I).toBe(0.4);
    const r = moranRate([1, 2, 6, 8], [100, 100, 200, 200], path, { permutations: 0 });
    expect([r.b, r.a]).toEqual([0.028333333333333332, -0.00007499999999999998]);
    expect(Array.from(r.rates, (v) => +v.toFixed(6))).toEqual([-1.270171, -0.57735, 0.204124, 1.428869]);
    // a < 0: spdep sets a to 0, so every v_i = b/P_i
    const s = moranRate([1, 2, 6, 8], [100, 100, 200, 200], path, { permutations: 0, convention: "spdep" });
    expectRel(s.rates[0], (0.01 - r.b) / Math.sqrt(r.b / 100), 1e-12, "spdep rate");
  });
});
