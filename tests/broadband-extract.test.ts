// The broadband extract of the digital-inequality article (scripts/data/extract-broadband.ts): the committed
// CSV is what the script makes from Rosstat's workbook, byte for byte; the previous edition of the yearbook
// agrees on every overlapping value; every sheet row is mapped to one map region or dropped with a reason;
// bad sheets give errors naming the row.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPanel } from "../lib/regional-panel";
import { topologyIds } from "../lib/spatial";
import type { CellValue, Workbook } from "../lib/xlsx";
import { DROPPED_OUTPUT, EDITIONS, LABELS, OUTPUT, broadbandCsv, droppedCsv, extractEdition, extractSheet, normalizeLabel, readLabels, russiaDataDir } from "../scripts/data/extract-broadband";

const dir = russiaDataDir();
const haveShared = existsSync(join(dir, EDITIONS["2023"].file)) && existsSync(join(dir, EDITIONS["2022"].file));
if (!haveShared) {
  console.warn(`tests/broadband-extract.test.ts: the Rosstat workbooks are not in ${dir} (set BALTIC_REPRO_RUSSIA_DATA): the re-extraction and the edition cross-check are skipped; the committed CSV is still checked.`);
}

const topo = JSON.parse(readFileSync(join(__dirname, "../data/rastvortseva-2026/inputs/regions-topo.json"), "utf8"));
const MAP_IDS = topologyIds(topo, "geo").ids;

function fakeBook(sheets: Record<string, CellValue[][]>): Workbook {
  return { sheetNames: Object.keys(sheets), sheet: (n) => { if (!sheets[n]) throw new Error(`no sheet ${n}`); return sheets[n]; } };
}
const LABEL_CSV = "rosstat_label,region,english_name,dropped\nРоссийская Федерация,,Russia,national total\nг. Москва,Moscow City,Moscow,\nМосковская область,Moskva,Moscow Oblast,\n";

describe("the committed broadband extract (no ../shared needed)", () => {
  const text = readFileSync(OUTPUT, "utf8");
  const panel = readPanel(text, OUTPUT);

  it("is a panel of the 85 map regions × 2011–2022 × mobile and fixed, one row each", () => {
    expect(panel.indicators).toEqual(["mobile", "fixed"]);
    expect(panel.years).toEqual([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(panel.regions.slice().sort()).toEqual(MAP_IDS.slice().sort());
    expect(panel.records.length).toBe(85 * 12 * 2);
    expect(panel.ignoredColumns).toEqual(["rosstat_label", "footnote", "cell", "sheet", "row"]);
  });

  it("has no figure exactly where the sheets say so, and names the folding of Moscow and Leningrad oblasts in the mobile table", () => {
    const none = panel.records.filter((r) => r.value === null).map((r) => `${r.indicator} ${r.region} ${r.year}`);
    const expected = [
      ...[2011, 2012, 2013, 2014].map((y) => `mobile Crimea ${y}`),
      ...[2011, 2012, 2013, 2014, 2015].map((y) => `mobile Sevastopol' ${y}`),
      ...["Moskva", "Leningrad", "Nenets"].flatMap((r) => Array.from({ length: 12 }, (_, k) => `mobile ${r} ${2011 + k}`)),
      ...[2011, 2012, 2013].flatMap((y) => [`fixed Crimea ${y}`, `fixed Sevastopol' ${y}`]),
      ...[2011, 2012, 2013, 2014, 2015].map((y) => `fixed Nenets ${y}`),
    ];
    expect(none.sort()).toEqual(expected.sort());
    const rows = text.split("\n");
    expect(rows.find((l) => l.startsWith("Moskva,2011,mobile,"))).toMatch(/not published separately: included in Moscow City/);
    expect(rows.find((l) => l.startsWith("Leningrad,2011,mobile,"))).toMatch(/included in City of St. Petersburg/);
    expect(rows.find((l) => l.startsWith("Moskva,2011,fixed,"))).toBe("Moskva,2011,fixed,7.3,Московская область,,,17.9.1.,19");
  });

  it("lists every dropped sheet row with a reason, and the label table maps each map region exactly once", () => {
    const dropped = readFileSync(DROPPED_OUTPUT, "utf8").trim().split("\n").slice(1);
    expect(dropped.length).toBe(26);
    for (const l of dropped) expect(l).toMatch(/,(national total|federal district subtotal|"composite: .*"|heading of the okrugs listed under an oblast \(no values\))$/);
    const labels = readLabels(readFileSync(LABELS, "utf8"));
    const mapped = Array.from(labels.values()).filter((e) => e.region).map((e) => e.region);
    expect(mapped.slice().sort()).toEqual(MAP_IDS.slice().sort());
  });
});

describe("extraction rules (a made-up sheet)", () => {
  const labels = readLabels(LABEL_CSV);
  const sheet = (rows: CellValue[][]): CellValue[][] => [["title"], [null, 2011, 2012], ...rows, ["________"], ["3) С 2011 г. - включая данные по Московской области."]];

  it("strips footnote marks and spaces from labels", () => {
    expect(normalizeLabel("г. Санкт-Петербург 3)")).toEqual({ label: "г. Санкт-Петербург", marks: [3] });
    expect(normalizeLabel("  Центральный    федеральный округ")).toEqual({ label: "Центральный федеральный округ", marks: [] });
    expect(normalizeLabel("населения1);2)")).toEqual({ label: "населения", marks: [1, 2] });
  });

  it("maps, drops, reads … as no figure and detects a region published inside another", () => {
    const x = extractSheet(fakeBook({ s: sheet([["Российская Федерация", 1, 2], ["г. Москва3)", 5, 6], ["Московская область", "…", null]]) }), "s", "mobile", labels, "t.xlsx");
    expect(x.dropped).toEqual([{ sheet: "s", row: 3, rosstatLabel: "Российская Федерация", reason: "national total" }]);
    expect(x.folded).toEqual(new Map([["Moskva", "Moscow City"]]));
    expect(x.records.map((r) => [r.region, r.year, r.value, r.cell])).toEqual([
      ["Moscow City", 2011, 5, ""], ["Moscow City", 2012, 6, ""], ["Moskva", 2011, null, "…"], ["Moskva", 2012, null, ""],
    ]);
    expect(x.records[2].footnote).toMatch(/^not published separately: included in Moscow City \(3\) С 2011 г/);
    expect(x.records[0].footnote).toBe("3) С 2011 г. - включая данные по Московской области.");
  });

  it("does not fold a region that has figures of its own", () => {
    const x = extractSheet(fakeBook({ s: sheet([["г. Москва3)", 5, 6], ["Московская область", 1, 2]]) }), "s", "fixed", labels, "t.xlsx");
    expect(x.folded.size).toBe(0);
    expect(x.records[0].footnote).toMatch(/has figures of its own/);
  });

  it("names the sheet, row and label of an unknown label, a bad cell and a region met twice", () => {
    expect(() => extractSheet(fakeBook({ s: sheet([["г. Москва", 1, 2], ["Марс", 1, 2]]) }), "s", "fixed", labels, "t.xlsx")).toThrow(/t.xlsx, sheet s, row 4: the label "Марс" is not in/);
    expect(() => extractSheet(fakeBook({ s: sheet([["г. Москва", 1, "n/a"], ["Московская область", 1, 2]]) }), "s", "fixed", labels, "t.xlsx")).toThrow(/row 3 \(г. Москва\), year 2012: "n\/a" is neither a number nor "…"/);
    expect(() => extractSheet(fakeBook({ s: sheet([["г. Москва", 1, 2], ["г. Москва ", 1, 2], ["Московская область", 1, 2]]) }), "s", "fixed", labels, "t.xlsx")).toThrow(/row 4: "г. Москва" is region Moscow City, already given by row 3/);
    expect(() => extractSheet(fakeBook({ s: sheet([["г. Москва", 1, 2]]) }), "s", "fixed", labels, "t.xlsx")).toThrow(/sheet s: no row for Moskva/);
  });

  it("rejects a label table with a row neither mapped nor dropped, or a region twice", () => {
    expect(() => readLabels("rosstat_label,region,english_name,dropped\nX,,x,\n", "l.csv")).toThrow(/l.csv, line 2: "X" needs either a region or a reason/);
    expect(() => readLabels("rosstat_label,region,english_name,dropped\nX,A,x,\nY,A,y,\n", "l.csv")).toThrow(/line 3: region "A" is also given to line 2/);
  });
});

describe.skipIf(!haveShared)("the extract against Rosstat's workbooks in ../shared", () => {
  it("re-extracting the 2023 edition gives the committed CSV and dropped list byte for byte", () => {
    const x = extractEdition("2023", dir);
    expect(broadbandCsv(x.records)).toBe(readFileSync(OUTPUT, "utf8"));
    expect(droppedCsv(x.dropped)).toBe(readFileSync(DROPPED_OUTPUT, "utf8"));
  });

  it("the 2022 edition (sheets 17.11.1, 17.11.2) has the same value for every overlapping region and year", () => {
    const a = extractEdition("2023", dir);
    const b = extractEdition("2022", dir);
    const key = (r: { region: string; year: number; indicator: string }) => `${r.indicator} ${r.region} ${r.year}`;
    const newer = new Map(a.records.map((r) => [key(r), r.value]));
    const overlap = b.records.filter((r) => newer.has(key(r)));
    expect(new Set(overlap.map((r) => r.year)).size).toBe(11); // 2011–2021
    expect(overlap.length).toBe(85 * 11 * 2);
    const differ = overlap.filter((r) => newer.get(key(r)) !== r.value).map((r) => `${key(r)}: ${r.value} vs ${newer.get(key(r))}`);
    expect(differ).toEqual([]);
    expect(b.sheets.mobile.folded).toEqual(a.sheets.mobile.folded);
  });
});
