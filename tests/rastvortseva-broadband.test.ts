// The numbers behind Tables 2–3 of the digital-inequality notebook, on the committed broadband panel, against
// R spdep and Gretl (tests/fixtures/rastvortseva-broadband-reference.csv, made by
// scripts/reference/rastvortseva-broadband.sh from the committed files only): the stated method through
// analyzePanel (as the notebook computes it), and the conventions the notebook's grid tries — regions without a
// figure as 0 (all of them, or all but Crimea and Sevastopol before 2014), Moscow and Leningrad oblasts given their cities' folded values, rook weights, islands dropped,
// Gini with n/(n−1) — through the library calls the notebook makes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../lib/csv";
import { gini } from "../lib/inequality";
import { analyzePanel, availableFrom, readPanel } from "../lib/regional-panel";
import { contiguity, moran, rowStandardize, topologyIds } from "../lib/spatial";

const inputs = join(__dirname, "../data/rastvortseva-2026/inputs");
const panel = readPanel(readFileSync(join(inputs, "broadband-2011-2022.csv"), "utf8"), "broadband-2011-2022.csv");
const topo = JSON.parse(readFileSync(join(inputs, "regions-topo.json"), "utf8"));
const MAP_IDS = topologyIds(topo, "geo").ids;
const ref = parseCsv(readFileSync(join(__dirname, "fixtures/rastvortseva-broadband-reference.csv"), "utf8")).rows;
const num = (s: string) => Number(s);
const close = (a: number, b: number, tol = 1e-10) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

function sample(ind: string, year: number, convention: string): { ids: string[]; values: number[] } {
  const ids: string[] = [];
  const values: number[] = [];
  for (const id of MAP_IDS) {
    let v = panel.record(ind, year, id)?.value ?? null;
    if (convention === "split" && v === null) {
      if (id === "Moskva") v = panel.record(ind, year, "Moscow City")!.value;
      if (id === "Leningrad") v = panel.record(ind, year, "City of St. Petersburg")!.value;
    }
    if (convention === "statedzero" && year < 2014 && (id === "Crimea" || id === "Sevastopol'")) continue;
    if (v === null && (convention === "zero" || convention === "statedzero")) v = 0;
    if (v === null) continue;
    ids.push(id);
    values.push(v);
  }
  return { ids, values };
}

describe("broadband panel: Gini and Moran's I against R spdep and Gretl", () => {
  const stated = analyzePanel(panel, { topology: topo, objectName: "geo", sample: availableFrom({ Crimea: 2014, "Sevastopol'": 2014 }), permutations: 0, lisa: false });

  it("covers both indicators, 2011–2022, and every convention of the fixture", () => {
    expect(ref.length).toBe(12 * (6 + 5));
    expect(new Set(ref.map((r) => r.convention))).toEqual(new Set(["stated", "rook", "noislands", "zero", "statedzero", "split"]));
  });

  it("the stated method (analyzePanel, as the notebook): Gretl's gini(), n, and spdep's moran.test", () => {
    for (const r of ref.filter((x) => x.convention === "stated")) {
      const s = stated.get(r.indicator, num(r.year));
      expect(s.n).toBe(num(r.n));
      expect(s.n).toBe(num(r.n_gretl));
      close(s.gini, num(r.gini_gretl), 1e-12);
      close(s.gini, num(r.gini), 1e-12);
      expect(s.weights.neighbors.reduce((a, l) => a + l.length, 0) / 2).toBe(num(r.links));
      close(s.moran.I, num(r.I));
      close(s.moran.expected, num(r.expected));
      close(s.moran.varianceNormal, num(r.var_normal));
      close(s.moran.zNormal, num(r.z_normal));
      close(s.moran.varianceRandomization, num(r.var_randomisation));
      close(s.moran.zRandomization, num(r.z_randomisation));
      close(s.moran.pNormal, num(r.p_normal), 1e-6);
      close(s.moran.pRandomization, num(r.p_randomisation), 1e-6);
    }
  });

  it("the other conventions: zeros, split units, rook, islands dropped, n/(n−1)", () => {
    for (const r of ref.filter((x) => x.convention !== "stated")) {
      const year = num(r.year);
      const base = sample(r.indicator, year, ["zero", "statedzero", "split"].includes(r.convention) ? r.convention : "stated");
      let { ids, values } = base;
      const rule = r.convention === "rook" ? "rook" : "queen";
      let w = contiguity(topo, "geo", { rule, ids });
      if (r.convention === "noislands") {
        const keep = ids.map((id) => !w.islands.includes(id));
        values = values.filter((_, i) => keep[i]);
        ids = ids.filter((_, i) => keep[i]);
        w = contiguity(topo, "geo", { rule, ids });
      }
      const where = `${r.indicator} ${year} ${r.convention}`;
      expect(ids.length, where).toBe(num(r.n));
      expect(w.neighbors.reduce((a, l) => a + l.length, 0) / 2, where).toBe(num(r.links));
      close(gini(values), num(r.gini), 1e-12);
      close(gini(values, { correction: true }), num(r.gini_corrected), 1e-12);
      const m = moran(values, rowStandardize(w), { permutations: 0 });
      close(m.I, num(r.I));
      close(m.zNormal, num(r.z_normal));
      close(m.zRandomization, num(r.z_randomisation));
    }
  });

  it("permutation inference is seeded: the same seed gives the same p-value, 999 permutations give a p in [1/1000, 1]", () => {
    const s = stated.get("fixed", 2015);
    const a = moran(s.values, s.weights, { permutations: 999, seed: 123456789 });
    const b = moran(s.values, s.weights, { permutations: 999, seed: 123456789 });
    expect(a.pPermutation).toBe(b.pPermutation);
    expect(a.pPermutation!).toBeGreaterThanOrEqual(1 / 1000);
    // a strongly clustered year: no permutation reaches I, so p is the smallest possible
    expect(a.permutationsAtLeast).toBe(0);
    expect(a.pPermutation).toBe(1 / 1000);
  });
});
