// The regional-panel pipeline (lib/regional-panel.ts) end to end on a real panel: Rosstat's GRP per capita
// of the 85 Russian regions, 2011–2023, read from the workbook with lib/xlsx.ts +
// lib/rosstat-grp.ts, on the 85-region TopoJSON map (Kaliningrad and Sakhalin are islands; Crimea
// and Sevastopol have no data before 2014 and are left out by the article's rule).
//
// Fixtures, regenerated with ONE command:  bash scripts/reference/rastvortseva-grp.sh
//   tests/fixtures/rastvortseva-grp-panel.csv      the workbook read independently (Python zipfile + ElementTree)
//   tests/fixtures/rastvortseva-grp-reference.json R spdep 1.2.7 (sf/GDAL TopoJSON + poly2nb queen neighbours,
//       moran.test normal/randomisation, localmoran), the Gini index written out in R, Gretl 2022c gini() and
//       kdensity(), for every year.
// The real data live in ../shared/data/russia (or BALTIC_REPRO_RUSSIA_DATA); without them the real-data
// tests are skipped with a message. The input-error tests always run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kde } from "../lib/density";
import { gini } from "../lib/inequality";
import { externalDataDir } from "../lib/notebook";
import { analyzePanel, availableFrom, readPanel, summarizePanelAnalysis, type PanelAnalysis, type RegionalPanel } from "../lib/regional-panel";
import { contiguity, localMoran, moran, rowStandardize } from "../lib/spatial";
import { topojsonFeatures } from "../lib/topojson";
import { grpPerCapitaRecords, panelCsv, parseYearHeading, readRegionNames } from "../lib/rosstat-grp";
import { cellIndex, readXlsx, readZip, type Workbook } from "../lib/xlsx";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const dataDir = externalDataDir("russia");
const workbookPath = join(dataDir, "grp-1998-2023.xlsx");
const topoPath = join(dataDir, "regions-topo.json");
const haveData = existsSync(workbookPath) && existsSync(topoPath);
if (!haveData) {
  console.warn(`Russian regional data not found in ${dataDir} (set BALTIC_REPRO_RUSSIA_DATA): skipping the real-data tests of the regional-panel pipeline`);
}

const YEARS = Array.from({ length: 13 }, (_, i) => 2011 + i);
const ARTICLE_RULE = availableFrom({ Crimea: 2014, "Sevastopol'": 2014 });
const namesCsv = readFileSync(here("../data/rastvortseva-2026/inputs/russia-region-names.csv"), "utf8");

interface SpdepYear {
  ids: string[];
  giniR: number;
  giniGretl: number;
  nGretl: number;
  spdep: Record<"I" | "expected" | "varianceNormal" | "zNormal" | "pNormal" | "varianceRandomization" | "zRandomization" | "pRandomization", number>;
  spdepLocalI: number[];
  kdeGretl: { x: number[]; density: number[] };
}
interface Reference {
  neighbours: Record<string, Record<string, string[]>>;
  years: Record<string, SpdepYear>;
}

const close = (a: number, b: number, rel = 1e-9): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
};

describe.skipIf(!haveData)("Rosstat's GRP workbook → panel (lib/xlsx.ts, lib/rosstat-grp.ts)", () => {
  const book = haveData ? readXlsx(readFileSync(workbookPath), "grp-1998-2023.xlsx") : (null as unknown as Workbook);

  it("resolves sheet names through the workbook relationships (the sheet named '3' is sheet4.xml)", () => {
    expect(book.sheetNames.slice(0, 5)).toEqual(["Содержание", "1", "2", "3", "4"]);
    const s3 = book.sheet("3");
    expect(String(s3[1][0])).toMatch(/^Валовой региональный продукт на душу населения по субъектам Российской Федерации в 1998-2015/);
    expect(s3[2].slice(1, 3)).toEqual([1998, 1999]);
    expect(s3[2][14]).toBe("20111)"); // 2011 with footnote 1
  });

  it("reads every value exactly as Python's zipfile + ElementTree read it (1105 records, 6 missing)", () => {
    const ours = panelCsv(grpPerCapitaRecords(book, readRegionNames(namesCsv), { years: YEARS }));
    const theirs = readPanel(readFileSync(here("fixtures/rastvortseva-grp-panel.csv"), "utf8"), "python");
    const mine = readPanel(ours, "xlsx.ts");
    expect(mine.records.length).toBe(85 * 13);
    expect(theirs.records.length).toBe(85 * 13);
    for (const r of theirs.records) {
      const m = mine.record(r.indicator, r.year, r.region);
      expect(m, `${r.region} ${r.year}`).toBeDefined();
      expect(m!.value).toBe(r.value);
    }
    const missing = mine.records.filter((r) => r.value === null).map((r) => `${r.region} ${r.year}`);
    expect(missing.sort()).toEqual(["Crimea 2011", "Crimea 2012", "Crimea 2013", "Sevastopol' 2011", "Sevastopol' 2012", "Sevastopol' 2013"]);
  });

  it("keeps the oblasts without their autonomous okrugs, and the okrugs themselves", () => {
    const p = readPanel(panelCsv(grpPerCapitaRecords(book, readRegionNames(namesCsv), { years: [2023] })));
    // sheet "4", 2023: Arkhangelsk without Nenets AO 793259.7, Nenets AO 11995394.3; Tyumen without the AOs 1202433.7
    expect(p.record("grp_per_capita", 2023, "Arkhangel'sk")!.value).toBe(793259.7);
    expect(p.record("grp_per_capita", 2023, "Nenets")!.value).toBe(11995394.3);
    expect(p.record("grp_per_capita", 2023, "Tyumen'")!.value).toBe(1202433.7);
    expect(p.record("grp_per_capita", 2023, "Moscow City")!.value).toBe(2463550.4);
  });

  it("names an unmapped row, and a year that no sheet has", () => {
    const names = readRegionNames(namesCsv).filter((n) => n.rosstatName !== "Калужская область");
    expect(() => grpPerCapitaRecords(book, names)).toThrow(/sheet 3, row 11: "Калужская область" is not in the region-name mapping/);
    expect(() => grpPerCapitaRecords(book, readRegionNames(namesCsv), { years: [2024] })).toThrow(/years 2024 are in none of the sheets 3, 4/);
    expect(() => book.sheet("16")).toThrow(/no sheet named "16"/);
  });
});

describe("xlsx reader and name mapping: input errors", () => {
  it("refuses bytes that are not a ZIP archive", () => {
    expect(() => readZip(new TextEncoder().encode("region,year\n"), "panel.csv")).toThrow(/panel.csv: not a ZIP archive/);
    expect(() => readXlsx(new Uint8Array(0), "empty.xlsx")).toThrow(/empty.xlsx: not a ZIP archive/);
  });

  it("parses A1 references and footnoted year headings", () => {
    expect(cellIndex("A1")).toEqual([0, 0]);
    expect(cellIndex("AB12")).toEqual([11, 27]);
    expect(() => cellIndex("12A")).toThrow(/not a cell reference/);
    expect(parseYearHeading("20111)")).toBe(2011);
    expect(parseYearHeading("20232)")).toBe(2023);
    expect(parseYearHeading(2016)).toBe(2016);
    expect(parseYearHeading("Итого")).toBeNull();
  });

  it("maps all 85 regions to distinct map ids and says why every other row is dropped", () => {
    const names = readRegionNames(namesCsv);
    const kept = names.filter((n) => n.topologyId);
    expect(kept.length).toBe(85);
    expect(new Set(kept.map((n) => n.topologyId)).size).toBe(85);
    for (const n of names.filter((x) => !x.topologyId)) expect(n.note).toMatch(/^dropped: /);
    const mapIds = new Set(topojsonFeatures(JSON.parse(readFileSync(here("../data/rastvortseva-2026/inputs/regions-topo.json"), "utf8")), "geo").features.map((f) => f.id));
    expect(kept.filter((n) => !mapIds.has(n.topologyId))).toEqual([]);
  });

  it("rejects a mapping with a name twice, an id twice, or a drop without a note", () => {
    const head = "rosstat_name,topology_id,english_name,note\n";
    expect(() => readRegionNames(head + "А,a,A,\nА,b,B,\n", "m.csv")).toThrow(/m.csv, line 3: "А" is listed twice/);
    expect(() => readRegionNames(head + "А,a,A,\nБ,a,B,\n", "m.csv")).toThrow(/topology id "a" is given to two names/);
    expect(() => readRegionNames(head + "А,,A,\n", "m.csv")).toThrow(/"А" is dropped \(no topology id\) without a note/);
  });
});

// A 2 × 3 grid of unit squares, a b c / d e f, plus an island g: small enough to check by hand.
const GRID = {
  type: "Topology",
  objects: {
    o: {
      type: "GeometryCollection",
      geometries: ["a", "b", "c", "d", "e", "f"].map((id, k) => ({ type: "Polygon", id, arcs: [[k]] })).concat([{ type: "Polygon", id: "g", arcs: [[6]] }]),
    },
  },
  arcs: [
    [[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]],
    [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]],
    [[2, 1], [3, 1], [3, 2], [2, 2], [2, 1]],
    [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
    [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]],
    [[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]],
    [[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]],
  ],
};
const gridCsv = (rows: string[]): string => "region,year,indicator,value\n" + rows.join("\n") + "\n";
const GRID_ROWS = ["a,2020,x,1", "b,2020,x,2", "c,2020,x,3", "d,2020,x,4", "e,2020,x,5", "f,2020,x,6", "g,2020,x,7"];

describe("readPanel and analyzePanel: hand-worked cases and input errors", () => {
  it("computes the statistics of a small map by hand: Gini, queen weights, Moran's I, islands", () => {
    const a = analyzePanel(readPanel(gridCsv(GRID_ROWS)), { topology: GRID, objectName: "o", permutations: 0 });
    const s = a.get("x", 2020);
    expect(s.ids).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    // Gini of 1..7: 2·Σ i·i /(7·28) − 8/7 = 2·140/196 − 8/7 = 2/7
    close(s.gini, 2 / 7, 1e-15);
    // queen: a–b, a–d, a–e, b–c, b–d, b–e, b–f, c–e, c–f, d–e, e–f; g is an island
    expect(s.weights.neighbors).toEqual([[1, 3, 4], [0, 2, 3, 4, 5], [1, 4, 5], [0, 1, 4], [0, 1, 2, 3, 5], [1, 2, 4], []]);
    expect(s.islands).toEqual(["g"]);
    expect(s.lisa!.cluster[6]).toBe("island");
    // I = (n/S0)·z'Wz/z'z with row-standardised W (S0 = 6: g's row is zero), z = x − 4
    const z = [-3, -2, -1, 0, 1, 2, 3];
    const lag = s.weights.neighbors.map((nb) => (nb.length ? nb.reduce((acc, j) => acc + z[j], 0) / nb.length : 0));
    const I = (7 / 6) * z.reduce((acc, zi, i) => acc + zi * lag[i], 0) / z.reduce((acc, zi) => acc + zi * zi, 0);
    close(s.moran.I, I, 1e-14);
    expect(s.kde).toBeNull();
    expect(s.kdeSkipped).toBe("7 regions: Gretl's kdensity refuses fewer than 30 observations");
    expect(s.lorenz.population[0]).toBe(0);
    expect(s.lorenz.share[7]).toBeCloseTo(1, 15);
  });

  it("reports a region without a figure, or without a row, by name, and leaves it out of that year only", () => {
    const rows = GRID_ROWS.slice();
    rows[1] = "b,2020,x,NA";
    rows.splice(2, 1); // no row for c
    rows.push("a,2021,x,1", "b,2021,x,2", "c,2021,x,3", "d,2021,x,4", "e,2021,x,5", "f,2021,x,6", "g,2021,x,7");
    const a = analyzePanel(readPanel(gridCsv(rows), "p.csv"), { topology: GRID, objectName: "o", permutations: 0 });
    expect(a.get("x", 2020).missing).toEqual([
      { region: "b", reason: "no figure (line 3)" },
      { region: "c", reason: "no row in the panel" },
    ]);
    expect(a.get("x", 2020).ids).toEqual(["a", "d", "e", "f", "g"]);
    expect(a.get("x", 2021).missing).toEqual([]);
    expect(summarizePanelAnalysis(a)[0].missing).toBe("b (no figure (line 3)), c (no row in the panel)");
  });

  it("applies a sample rule and reports the excluded regions with the reason", () => {
    const a = analyzePanel(readPanel(gridCsv(GRID_ROWS)), { topology: GRID, objectName: "o", permutations: 0, sample: availableFrom({ f: 2021, g: 2020 }) });
    expect(a.get("x", 2020).excluded).toEqual([{ region: "f", reason: "f is in the sample only from 2021" }]);
    expect(a.get("x", 2020).n).toBe(6);
    expect(availableFrom({ Crimea: 2014 })("Crimea", 2013, "x")).toBe("Crimea is in the sample only from 2014");
    expect(availableFrom({ Crimea: 2014 })("Crimea", 2014, "x")).toBe(true);
    expect(() => availableFrom({ Crimea: 2014.5 })).toThrow(/first year of Crimea must be a whole number/);
  });

  it("names panel regions that are not on the map, with their lines", () => {
    const rows = GRID_ROWS.concat(["Moscow,2020,x,8", "Moscow,2021,x,9", "h,2020,x,1"]);
    expect(() => analyzePanel(readPanel(gridCsv(rows), "p.csv"), { topology: GRID, objectName: "o" })).toThrow(
      /p.csv: 2 regions are not in the map object "o": "Moscow" \(lines 9, 10\), "h" \(line 11\)\. Use the map's ids: "a", "b"/,
    );
  });

  it("names every malformed cell of the CSV", () => {
    expect(() => readPanel("region,year,value\na,2020,1\n", "p.csv")).toThrow(/p.csv: the panel needs the columns region, year, indicator, value; missing indicator/);
    expect(() => readPanel(gridCsv(["a,2020,x,1,5"]), "p.csv")).toThrow(/p.csv, line 2: 5 fields, but the header has 4/);
    expect(() => readPanel(gridCsv(['a,2020,x,"1,5"']), "p.csv")).toThrow(/line 2 \(a, 2020, x\): value "1,5" is not a number \(write the decimal separator as a point\)/);
    expect(() => readPanel(gridCsv(['a,2020,x,"46 176"']), "p.csv")).toThrow(/value "46 176" is not a number \(remove the thousands separators\)/);
    expect(() => readPanel(gridCsv(["a,2020.5,x,1"]), "p.csv")).toThrow(/line 2: year "2020.5" is not a whole number/);
    expect(() => readPanel(gridCsv(["a,2020,x,1", "a,2020,x,2"]), "p.csv")).toThrow(/line 3: a, 2020, x is given twice \(also on line 2\)/);
    expect(() => readPanel(gridCsv([",2020,x,1"]), "p.csv")).toThrow(/line 2: the region is empty/);
    expect(() => readPanel("region,year,indicator,value\n", "p.csv")).toThrow(/p.csv: the panel has a header but no rows/);
  });

  it("names an unknown indicator or year, a negative value and a too small sample", () => {
    const p = readPanel(gridCsv(GRID_ROWS), "p.csv");
    expect(() => analyzePanel(p, { topology: GRID, objectName: "o", indicators: ["y"] })).toThrow(/p.csv: the panel has no indicator "y" \(it has x\)/);
    expect(() => analyzePanel(p, { topology: GRID, objectName: "o", years: [2019] })).toThrow(/indicator "x" has no rows for 2019 \(it has 2020\)/);
    const neg = readPanel(gridCsv(GRID_ROWS.map((r) => r.replace("c,2020,x,3", "c,2020,x,-3"))));
    expect(() => analyzePanel(neg, { topology: GRID, objectName: "o", permutations: 0 })).toThrow(/x, 2020: Gini index: .*c.*-3/);
    const two = readPanel(gridCsv(["a,2020,x,1", "b,2020,x,2"]));
    expect(() => analyzePanel(two, { topology: GRID, objectName: "o" })).toThrow(/x, 2020: only 2 regions with a value; too few/);
    expect(() => analyzePanel(p, { topology: GRID, objectName: "geo" })).toThrow(/the topology has no object "geo"; its objects are "o"/);
  });

  it("gives the same results whatever the order of the panel's rows (property)", () => {
    const base = summarizePanelAnalysis(analyzePanel(readPanel(gridCsv(GRID_ROWS)), { topology: GRID, objectName: "o", permutations: 19, seed: 7 }));
    fc.assert(
      fc.property(fc.shuffledSubarray(GRID_ROWS, { minLength: GRID_ROWS.length, maxLength: GRID_ROWS.length }), (rows) => {
        const s = summarizePanelAnalysis(analyzePanel(readPanel(gridCsv(rows)), { topology: GRID, objectName: "o", permutations: 19, seed: 7 }));
        expect(s).toEqual(base);
      }),
      { numRuns: 25 },
    );
  });
});

describe.skipIf(!haveData)("the pipeline on 85 Russian regions, GRP per capita 2011–2023", () => {
  let panel: RegionalPanel;
  let topo: unknown;
  let a: PanelAnalysis;
  let ref: Reference;
  if (haveData) {
    const book = readXlsx(readFileSync(workbookPath), "grp-1998-2023.xlsx");
    panel = readPanel(panelCsv(grpPerCapitaRecords(book, readRegionNames(namesCsv), { years: YEARS })), "grp-1998-2023.xlsx");
    topo = JSON.parse(readFileSync(topoPath, "utf8"));
    a = analyzePanel(panel, { topology: topo, objectName: "geo", sample: ARTICLE_RULE, permutations: 999, seed: 20260101 });
    ref = JSON.parse(readFileSync(here("fixtures/rastvortseva-grp-reference.json"), "utf8")) as Reference;
  }

  it("the map shipped with the notebook is the shared map", () => {
    expect(readFileSync(here("../data/rastvortseva-2026/inputs/regions-topo.json"), "utf8")).toBe(readFileSync(topoPath, "utf8"));
  });

  it("has 83 regions in 2011–2013 (Crimea and Sevastopol excluded by the rule) and 85 from 2014, nothing missing", () => {
    for (const y of YEARS) {
      const s = a.get("grp_per_capita", y);
      expect(s.n).toBe(y < 2014 ? 83 : 85);
      expect(s.excluded.map((e) => e.region).sort()).toEqual(y < 2014 ? ["Crimea", "Sevastopol'"] : []);
      expect(s.missing).toEqual([]);
    }
  });

  it("without the rule, Crimea and Sevastopol are reported as missing before 2014, by name and line", () => {
    const b = analyzePanel(panel, { topology: topo, objectName: "geo", years: [2013], permutations: 0, lisa: false });
    const m = b.get("grp_per_capita", 2013).missing;
    expect(m.map((x) => x.region).sort()).toEqual(["Crimea", "Sevastopol'"]);
    for (const x of m) expect(x.reason).toMatch(/^no figure \(line \d+\)$/);
  });

  it("reports Kaliningrad and Sakhalin as islands every year, and Crimea–Sevastopol as a pair from 2014", () => {
    for (const y of YEARS) {
      const s = a.get("grp_per_capita", y);
      expect(s.islands.slice().sort()).toEqual(["Kaliningrad", "Sakhalin"]);
      expect(s.lisa!.cluster[s.ids.indexOf("Kaliningrad")]).toBe("island");
      if (y >= 2014) expect(s.weights.neighbors[s.ids.indexOf("Crimea")].map((j) => s.ids[j])).toEqual(["Sevastopol'"]);
    }
  });

  it("uses the same queen neighbours as spdep::poly2nb on the map read by GDAL (189 pairs for 85 regions, 188 for 83)", () => {
    for (const y of [2013, 2023]) {
      const s = a.get("grp_per_capita", y);
      const theirs = ref.neighbours[String(s.n)];
      expect(Object.keys(theirs).length).toBe(s.n);
      let links = 0;
      s.ids.forEach((id, i) => {
        const mine = s.weights.neighbors[i].map((j) => s.ids[j]).sort();
        expect(mine, id).toEqual(theirs[id].slice().sort());
        links += mine.length;
      });
      expect(links / 2).toBe(s.n === 85 ? 189 : 188);
    }
  });

  it("Gini: in (0, 1), equal to a direct gini() call, to R and to Gretl's gini()", () => {
    for (const y of YEARS) {
      const s = a.get("grp_per_capita", y);
      const r = ref.years[String(y)];
      expect(s.gini).toBeGreaterThan(0);
      expect(s.gini).toBeLessThan(1);
      expect(s.gini).toBe(gini(s.values));
      expect(r.nGretl).toBe(s.n);
      close(s.gini, r.giniR, 1e-12);
      close(s.gini, r.giniGretl, 1e-12);
    }
  });

  it("Moran's I: equal to a direct moran() call and to spdep's moran.test (normality and randomisation)", () => {
    for (const y of YEARS) {
      const s = a.get("grp_per_capita", y);
      const r = ref.years[String(y)];
      expect(s.ids).toEqual(r.ids);
      const w = rowStandardize(contiguity(topo, "geo", { rule: "queen", ids: s.ids }));
      const direct = moran(s.values, w, { permutations: 999, seed: 20260101 });
      expect(s.moran).toEqual(direct);
      close(s.moran.I, r.spdep.I);
      close(s.moran.expected, r.spdep.expected);
      close(s.moran.varianceNormal, r.spdep.varianceNormal);
      close(s.moran.varianceRandomization, r.spdep.varianceRandomization);
      close(s.moran.zNormal, r.spdep.zNormal);
      close(s.moran.zRandomization, r.spdep.zRandomization);
      close(s.moran.pNormal, r.spdep.pNormal, 1e-6);
      close(s.moran.pRandomization, r.spdep.pRandomization, 1e-6);
      expect(s.moran.n).toBe(s.n);
      expect(s.moran.islands).toBe(2);
    }
  });

  it("LISA: I_i equal to spdep's localmoran × (n − 1)/n, a direct localMoran() call, and reproducible with the seed", () => {
    for (const y of [2011, 2023]) {
      const s = a.get("grp_per_capita", y);
      const r = ref.years[String(y)];
      s.lisa!.I.forEach((v, i) => close(v, (r.spdepLocalI[i] * (s.n - 1)) / s.n, 1e-9));
      const direct = localMoran(s.values, s.weights, { permutations: 999, seed: 20260101, alpha: 0.05, transformation: "none" });
      expect(Array.from(s.lisa!.pPermutation)).toEqual(Array.from(direct.pPermutation));
      expect(s.lisa!.cluster).toEqual(direct.cluster);
    }
    const again = analyzePanel(panel, { topology: topo, objectName: "geo", sample: ARTICLE_RULE, years: [2023], seed: 20260101 });
    expect(again.get("grp_per_capita", 2023).lisa!.cluster).toEqual(a.get("grp_per_capita", 2023).lisa!.cluster);
    // Moscow City's neighbour (Moscow Oblast) is rich too: Moscow City is never in an LL or LH cluster
    const s = a.get("grp_per_capita", 2023);
    expect(["HH", "HL", "ns"]).toContain(s.lisa!.cluster[s.ids.indexOf("Moscow City")]);
  });

  it("KDE: Gretl's kdensity grid and values (51 points for n < 100), modes counted on that grid with the rule stated", () => {
    for (const y of YEARS) {
      const s = a.get("grp_per_capita", y);
      const r = ref.years[String(y)].kdeGretl;
      expect(s.kde!.convention).toBe("gretl");
      expect(s.kde!.x.length).toBe(51);
      expect(r.x.length).toBe(51);
      s.kde!.x.forEach((v, i) => close(v, r.x[i], 1e-12));
      s.kde!.density.forEach((v, i) => expect(Math.abs(v - r.density[i])).toBeLessThanOrEqual(1e-9 * Math.max(...r.density)));
      // the lower end is the minimum (all values are positive and mean − 4 s < 0), as Gretl does
      expect(s.kde!.x[0]).toBe(Math.min(...Array.from(s.values)));
      expect(s.kde).toEqual(kde(s.values, { convention: "gretl" }));
      expect(s.modes!.count).toBeGreaterThanOrEqual(1);
      expect(s.modes!.rule).toMatch(/strict local maxima/);
    }
  });

  it("Lorenz curves run from (0, 0) to (1, 1) with n + 1 points and lie under the diagonal", () => {
    for (const y of [2011, 2023]) {
      const s = a.get("grp_per_capita", y);
      const { population, share } = s.lorenz;
      expect(population.length).toBe(s.n + 1);
      expect([population[0], share[0]]).toEqual([0, 0]);
      close(population[s.n], 1, 1e-15);
      close(share[s.n], 1, 1e-12);
      for (let k = 0; k <= s.n; k++) expect(share[k]).toBeLessThanOrEqual(population[k] + 1e-12);
    }
  });
});
