// baltic-repro/duckdb: the file functions give the in-memory functions' results (to 1e-12 relative) on the same
// data, deterministically, and refuse bad rows with their number. Issue #15, part 2.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fileGini, fileKde, fileLorenz, fileQuantileShares, fileTheil } from "../lib/duckdb";
import { kde } from "../lib/density";
import { gini, lorenz, lorenzAt, quantileShares, theil, theilDecomposition } from "../lib/inequality";

const N = Number(process.env.BALTIC_REPRO_DUCKDB_TEST_ROWS ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), "duckdb-test-"));
const parquet = join(dir, "incomes.parquet");
let income: Float64Array;
let weight: Float64Array;
let region: string[];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

beforeAll(async () => {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  // A skewed (log-uniform) income with ties, integer-valued weights and seven groups; deterministic (hash of i).
  await c.run(`COPY (SELECT round(exp((hash(i) % 1000000) / 1000000.0 * 6), 2) AS income,
                            ((hash(i * 7 + 1) % 50) + 1)::DOUBLE AS w,
                            'r' || (hash(i * 13 + 5) % 7)::VARCHAR AS region
                     FROM range(${N}) t(i)) TO '${parquet}' (FORMAT parquet)`);
  // The same columns in memory, read chunk by chunk into typed arrays (the group as a small integer code).
  income = new Float64Array(N);
  weight = new Float64Array(N);
  const code = new Uint8Array(N);
  const result = await c.stream(`SELECT income, w, CAST(substr(region, 2) AS UTINYINT) FROM read_parquet('${parquet}')`);
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const [a, b, g] = [0, 1, 2].map((k) => chunk.getColumnVector(k));
    for (let i = 0; i < chunk.rowCount; i++, at++) {
      income[at] = a.getItem(i) as number;
      weight[at] = b.getItem(i) as number;
      code[at] = g.getItem(i) as number;
    }
  }
  expect(at).toBe(N);
  const labels = Array.from({ length: 7 }, (_, k) => `r${k}`);
  region = Array.from(code, (k) => labels[k]);
  c.closeSync();
  db.closeSync();
}, 240_000);

describe(`file functions equal the in-memory ones on ${N.toLocaleString("en")} rows of a Parquet file`, () => {
  it("Gini, unweighted and weighted, with and without correction", async () => {
    expect(rel(await fileGini(parquet, { column: "income" }), gini(income))).toBeLessThan(1e-12);
    expect(rel(await fileGini(parquet, { column: "income", correction: true }), gini(income, { correction: true }))).toBeLessThan(1e-12);
    expect(rel(await fileGini(parquet, { column: "income", weight: "w" }), gini(income, { weights: weight }))).toBeLessThan(1e-12);
  }, 120_000);
  it("Lorenz curve at chosen points and quantile shares", async () => {
    const points = [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1];
    const file = await fileLorenz(parquet, { column: "income", points });
    const mem = lorenzAt(lorenz(income), points);
    file.share.forEach((v, i) => expect(Math.abs(v - mem.share[i])).toBeLessThan(1e-12));
    const fileW = await fileLorenz(parquet, { column: "income", weight: "w", points });
    const memW = lorenzAt(lorenz(income, { weights: weight }), points);
    fileW.share.forEach((v, i) => expect(Math.abs(v - memW.share[i])).toBeLessThan(1e-12));
    const q = await fileQuantileShares(parquet, { column: "income", groups: 5 });
    const qm = quantileShares(income, 5);
    expect(q.bounds).toEqual(qm.bounds);
    q.shares.forEach((v, i) => expect(Math.abs(v - qm.shares[i])).toBeLessThan(1e-12));
    const qw = await fileQuantileShares(parquet, { column: "income", weight: "w", groups: [0.4, 0.9] });
    const qwm = quantileShares(income, [0.4, 0.9], { weights: weight });
    qw.shares.forEach((v, i) => expect(Math.abs(v - qwm.shares[i])).toBeLessThan(1e-12));
  }, 120_000);
  it("Theil and its group decomposition", async () => {
    expect(rel(await fileTheil(parquet, { column: "income" }), theil(income))).toBeLessThan(1e-12);
    const d = await fileTheil(parquet, { column: "income", weight: "w", group: "region" });
    const m = theilDecomposition(income, region, { weights: weight });
    expect(rel(d.total, m.total)).toBeLessThan(1e-12);
    expect(rel(d.within, m.within)).toBeLessThan(1e-12);
    expect(rel(d.between, m.between)).toBeLessThan(1e-12);
    expect(d.groups.map((g) => g.group)).toEqual(m.groups.map((g) => g.group));
    d.groups.forEach((g, i) => {
      expect(g.n).toBe(m.groups[i].n);
      expect(rel(g.theil, m.groups[i].theil)).toBeLessThan(1e-12);
      expect(rel(g.mean, m.groups[i].mean)).toBeLessThan(1e-12);
    });
  }, 120_000);
  it("kernel density: the same bits as kde(x, { method: 'binned' }) — default rule, every rule, weights, a range", async () => {
    const same = (file: Awaited<ReturnType<typeof fileKde>>, mem: ReturnType<typeof kde>) => {
      expect(file.bandwidth).toBe(mem.bandwidth);
      expect(file.bins).toBe(mem.bins);
      expect(Array.from(file.x)).toEqual(Array.from(mem.x));
      expect(Array.from(file.density)).toEqual(Array.from(mem.density));
      expect(file.effectiveN).toBe(mem.effectiveN);
    };
    same(await fileKde(parquet, { column: "income" }), kde(income, { method: "binned" }));
    // 'scott' takes the two-pass standard deviation (the quartile rules, above, the one about the sampled median);
    // 'nrd0' and 'nrd' differ from 'gretl' only in the formula, shared with kde (ruleOfThumb; the CSV test below).
    same(await fileKde(parquet, { column: "income", bandwidth: "scott", grid: 200 }), kde(income, { method: "binned", bandwidth: "scott", grid: 200 }));
    same(await fileKde(parquet, { column: "income", weight: "w", scale: 0.5 }), kde(income, { method: "binned", weights: weight, scale: 0.5 }));
    same(await fileKde(parquet, { column: "income", bandwidth: 2, range: [50, 300], grid: 100 }), kde(income, { method: "binned", bandwidth: 2, range: [50, 300], grid: 100 }));
  }, 240_000);

  it("is deterministic: the same bits on every run, whatever the number of threads", async () => {
    const a = await fileGini(parquet, { column: "income", weight: "w" });
    const b = await fileGini(parquet, { column: "income", weight: "w" });
    expect(b).toBe(a);
    const t1 = await fileTheil(parquet, { column: "income", group: "region" });
    const t2 = await fileTheil(parquet, { column: "income", group: "region", threads: 1 });
    expect(t2).toEqual(t1);
  }, 120_000);
});

describe("bad files and bad rows are errors that say where", () => {
  const csv = join(dir, "bad.csv");
  it("a missing column names the columns there are; a missing file says so", async () => {
    writeFileSync(csv, "region,income\na,1\nb,2\n");
    await expect(fileGini(csv, { column: "incme" })).rejects.toThrow(/has no column "incme" \(the column\); its columns: region, income/);
    await expect(fileGini(join(dir, "none.parquet"), { column: "x" })).rejects.toThrow(/no such file/);
    await expect(fileGini(join(dir, "x.xlsx"), { column: "x" })).rejects.toThrow(/cannot tell the format/);
  });
  it("empty, non-numeric and negative values are counted and the first row named, never skipped", async () => {
    writeFileSync(csv, "region,income\na,1\nb,\nc,3\nd,\n");
    await expect(fileGini(csv, { column: "income" })).rejects.toThrow(/2 row\(s\) where the value is empty \(NULL\), the first at data row 2/);
    writeFileSync(csv, "region,income\na,1\nb,-2\nc,3\n");
    await expect(fileGini(csv, { column: "income" })).rejects.toThrow(/1 row\(s\) where the value is negative, the first at data row 2/);
    writeFileSync(csv, "region,income,w\na,1,1\nb,2,x\n");
    await expect(fileGini(csv, { column: "income", weight: "w" })).rejects.toThrow(/weight that is not a number, the first at data row 2/);
  });
  it("fileKde: a small CSV (negative values allowed) gives kde's bits; bad rows, rules and ranges are errors", async () => {
    const values = Array.from({ length: 3000 }, (_, i) => Math.round(Math.sin(i * 1.3) * 1000) / 100 - (i % 7));
    writeFileSync(csv, "income\n" + values.join("\n") + "\n");
    for (const bandwidth of ["gretl", "nrd0", "nrd", "scott", 0.7] as const) {
      const file = await fileKde(csv, { column: "income", bandwidth });
      const mem = kde(values, { method: "binned", bandwidth });
      expect(file.bandwidth).toBe(mem.bandwidth);
      expect(Array.from(file.density)).toEqual(Array.from(mem.density));
    }
    writeFileSync(csv, "income\n1\nnan\n3\n");
    await expect(fileKde(csv, { column: "income" })).rejects.toThrow(/1 row\(s\) where the value is not finite, the first at data row 2; a kernel density needs finite values/);
    await expect(fileKde(csv, { column: "income", bandwidth: "sj" as never })).rejects.toThrow(/bandwidth must be a positive number or one of gretl, nrd0, nrd, scott; got "sj" \(for other rules load the column and call kde\)/);
    await expect(fileKde(csv, { column: "income", range: [3, 1] })).rejects.toThrow(/range must be \[lo, hi\] with finite lo < hi/);
  });
  it("a CSV gives the same Gini as the same values in memory", async () => {
    writeFileSync(csv, "region,income\na,1\nb,2\nc,3\nd,4\ne,10\n");
    expect(await fileGini(csv, { column: "income" })).toBeCloseTo(0.4, 15);
  });
});

describe("grouped: one result per group (order of first appearance), each the in-memory function on that group's rows", () => {
  // 60,000 rows, labels interleaved at random after a fixed start, so that first appearance (south, 007, 10,
  // O'Neil, say "hi", tiny) is neither the alphabetical nor the size order; "007" and "10" look like numbers,
  // O'Neil and say "hi" carry quotes (SQL's and CSV's). "10" has > 32768 rows (kde's sampled-shift path) of
  // uniform values (so that the Gretl rule takes the standard deviation); tiny has 3. Ties; some zero weights.
  const rows = 60_000;
  const order = ["south", "007", "10", "O'Neil", 'say "hi"', "tiny"];
  const csv = join(dir, "grouped.csv");
  const pq = join(dir, "grouped.parquet");
  const label: string[] = [];
  const value: number[] = [];
  const wt: number[] = [];
  const byGroup = new Map<string, { x: number[]; w: number[] }>();
  beforeAll(async () => {
    let state = 12345;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < rows; i++) {
      const u = next();
      const g = i < 5 ? order[i] : i === 100 || i === 30_000 || i === 59_998 ? "tiny" : order[u < 0.6 ? 2 : u < 0.75 ? 0 : u < 0.87 ? 1 : u < 0.95 ? 3 : 4];
      label.push(g);
      // group "10" uniform (its standard deviation, not its IQR, sets the Gretl bandwidth), the others log-uniform
      value.push(g === "10" ? Math.round(next() * 100_000) / 100 : Math.round(Math.exp(next() * 6) * 100) / 100);
      wt.push(next() < 0.02 ? 0 : 1 + Math.floor(next() * 50));
    }
    const quote = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    writeFileSync(csv, "region,income,w\n" + label.map((g, i) => `${quote(g)},${value[i]},${wt[i]}`).join("\n") + "\n");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, types = {'region': 'VARCHAR'})) TO '${pq}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    label.forEach((g, i) => {
      if (!byGroup.has(g)) byGroup.set(g, { x: [], w: [] });
      byGroup.get(g)!.x.push(value[i]);
      byGroup.get(g)!.w.push(wt[i]);
    });
    expect(Array.from(byGroup.keys())).toEqual(order);
    expect(byGroup.get("10")!.x.length).toBeGreaterThan(32768);
  }, 60_000);

  const labelsAndCounts = (r: { group: string; n: number }[]) => {
    expect(r.map((g) => g.group)).toEqual(order);
    expect(r.map((g) => g.n)).toEqual(order.map((g) => byGroup.get(g)!.x.length));
  };

  for (const format of ["parquet", "csv"] as const) {
    const file = () => (format === "parquet" ? pq : csv);
    it(`${format}: Gini per group, unweighted, with correction and weighted`, async () => {
      const plain = await fileGini(file(), { column: "income", group: "region" });
      labelsAndCounts(plain);
      plain.forEach(({ group, result }) => expect(rel(result, gini(byGroup.get(group)!.x))).toBeLessThan(1e-12));
      const corrected = await fileGini(file(), { column: "income", group: "region", correction: true });
      corrected.forEach(({ group, result }) => expect(rel(result, gini(byGroup.get(group)!.x, { correction: true }))).toBeLessThan(1e-12));
      const weighted = await fileGini(file(), { column: "income", weight: "w", group: "region" });
      labelsAndCounts(weighted);
      weighted.forEach(({ group, result }) => expect(rel(result, gini(byGroup.get(group)!.x, { weights: byGroup.get(group)!.w }))).toBeLessThan(1e-12));
    }, 30_000);
    it(`${format}: Lorenz curve and quantile shares per group, unweighted and weighted`, async () => {
      const points = [0, 0.1, 0.5, 0.9, 1];
      for (const weighted of [false, true]) {
        const opts = (g: { w: number[] }) => (weighted ? { weights: g.w } : {});
        const curves = await fileLorenz(file(), { column: "income", group: "region", points, ...(weighted ? { weight: "w" } : {}) });
        labelsAndCounts(curves);
        curves.forEach(({ group, result }) => {
          const mem = lorenzAt(lorenz(byGroup.get(group)!.x, opts(byGroup.get(group)!)), points);
          result.share.forEach((v, i) => expect(Math.abs(v - mem.share[i])).toBeLessThan(1e-12));
        });
        const shares = await fileQuantileShares(file(), { column: "income", group: "region", groups: 4, ...(weighted ? { weight: "w" } : {}) });
        labelsAndCounts(shares);
        shares.forEach(({ group, result }) => {
          const mem = quantileShares(byGroup.get(group)!.x, 4, opts(byGroup.get(group)!));
          expect(result.bounds).toEqual(mem.bounds);
          result.shares.forEach((v, i) => expect(Math.abs(v - mem.shares[i])).toBeLessThan(1e-12));
        });
      }
    }, 30_000);
  }

  it("kernel density per group: kde(xs, { method: 'binned' })'s bits, each group with its own bandwidth and range", async () => {
    const same = (file: Awaited<ReturnType<typeof fileKde>>, mem: ReturnType<typeof kde>) => {
      expect(file.n).toBe(mem.n);
      expect(file.bandwidth).toBe(mem.bandwidth);
      expect(file.bins).toBe(mem.bins);
      expect(Array.from(file.x)).toEqual(Array.from(mem.x));
      expect(Array.from(file.density)).toEqual(Array.from(mem.density));
      expect(file.effectiveN).toBe(mem.effectiveN);
    };
    const byRule = await fileKde(pq, { column: "income", group: "region", grid: 128 });
    labelsAndCounts(byRule);
    byRule.forEach(({ group, result }) => same(result, kde(byGroup.get(group)!.x, { method: "binned", grid: 128 })));
    expect(new Set(byRule.map((g) => g.result.bandwidth)).size).toBe(order.length); // each group's own
    const weighted = await fileKde(csv, { column: "income", weight: "w", group: "region", bandwidth: "scott", grid: 64 });
    weighted.forEach(({ group, result }) => same(result, kde(byGroup.get(group)!.x, { method: "binned", bandwidth: "scott", grid: 64, weights: byGroup.get(group)!.w })));
    const fixed = await fileKde(pq, { column: "income", group: "region", bandwidth: 3, range: [0, 400], grid: 50 });
    fixed.forEach(({ group, result }) => same(result, kde(byGroup.get(group)!.x, { method: "binned", bandwidth: 3, range: [0, 400], grid: 50 })));
  }, 30_000);

  it("a group's result is the ungrouped function's, to the bit, on a file of that group's rows alone; fileTheil orders the groups alike", async () => {
    const only = join(dir, "only.csv");
    const rowsOf = (g: string) => byGroup.get(g)!.x.map((v, i) => `${v},${byGroup.get(g)!.w[i]}`).join("\n");
    writeFileSync(only, "income,w\n" + rowsOf("O'Neil") + "\n");
    const grouped = await fileGini(csv, { column: "income", weight: "w", group: "region" });
    expect(grouped[3].result).toBe(await fileGini(only, { column: "income", weight: "w" }));
    const kdes = await fileKde(csv, { column: "income", group: "region" });
    expect(Array.from(kdes[3].result.density)).toEqual(Array.from((await fileKde(only, { column: "income" })).density));
    const theils = await fileTheil(csv, { column: "income", group: "region" });
    expect(theils.groups.map((g) => g.group)).toEqual(order);
    // deterministic: the same bits again, with one thread
    expect(await fileGini(csv, { column: "income", weight: "w", group: "region", threads: 1 })).toEqual(grouped);
  }, 30_000);

  it("the documented examples (rows b,2 a,1 b,4 a,3)", async () => {
    const small = join(dir, "regions.csv");
    writeFileSync(small, "region,income\nb,2\na,1\nb,4\na,3\n");
    const g = await fileGini(small, { column: "income", group: "region" });
    expect(g.map((r) => [r.group, r.n])).toEqual([["b", 2], ["a", 2]]);
    expect(g[0].result).toBeCloseTo(1 / 6, 15);
    expect(g[1].result).toBeCloseTo(0.25, 15);
    const l = await fileLorenz(small, { column: "income", group: "region", points: [0.5] });
    expect(l.map((r) => Array.from(r.result.share))).toEqual([[1 / 3], [0.25]]);
    const q = await fileQuantileShares(small, { column: "income", group: "region", groups: 2 });
    expect(q[0].result.bounds).toEqual([0, 0.5, 1]);
    expect(q.map((r) => r.result.shares.map((s) => Math.round(s * 1e12) / 1e12))).toEqual([[0.333333333333, 0.666666666667], [0.25, 0.75]]);
    // labels that are all numbers are read as written in a CSV (DuckDB's sniffer alone reads this column as
    // DOUBLE: "1.50" and "10" would become "1.5" and "10.0")
    writeFileSync(small, "region,income\n1.50,2\n10,1\n1.50,4\n10,3\n");
    expect((await fileGini(small, { column: "income", group: "region" })).map((r) => r.group)).toEqual(["1.50", "10"]);
    expect((await fileTheil(small, { column: "income", group: "region" })).groups.map((r) => r.group)).toEqual(["1.50", "10"]);
  });

  it("errors name the group: a missing label (with its row), zero weights, one row for a rule or a correction, no spread, a zero total", async () => {
    const bad = join(dir, "bad-groups.csv");
    writeFileSync(bad, "region,income,w\na,1,1\nb,2,0\n,3,1\na,4,1\n,5,1\n");
    await expect(fileGini(bad, { column: "income", group: "region" })).rejects.toThrow(/2 row\(s\) where the value has no group label \(NULL\), the first at data row 3/);
    await expect(fileGini(bad, { column: "income", group: "regio" })).rejects.toThrow(/has no column "regio" \(the group\)/);
    await expect(fileGini(bad, { column: "income", group: "" })).rejects.toThrow(/options.group must name a column/);
    writeFileSync(bad, "region,income,w\na,1,1\nb,2,0\na,4,1\nb,5,0\n");
    // gini(xs, { weights: [0, 0] }) throws "weights sum to zero"; so does the file, naming the group
    expect(() => gini([2, 5], { weights: [0, 0] })).toThrow(/weights sum to zero/);
    await expect(fileGini(bad, { column: "income", weight: "w", group: "region" })).rejects.toThrow(/bad-groups\.csv: group "b" of column "region": the weights sum to zero/);
    await expect(fileLorenz(bad, { column: "income", weight: "w", group: "region", points: [0.5] })).rejects.toThrow(/group "b" of column "region": the weights sum to zero/);
    expect(() => kde([2, 5], { method: "binned", weights: [0, 0] })).toThrow(/weights sum to 0/);
    await expect(fileKde(bad, { column: "income", weight: "w", group: "region", bandwidth: 1 })).rejects.toThrow(/group "b" of column "region": the weights sum to 0/);
    writeFileSync(bad, "region,income\na,1\n'q,2\na,4\n");
    expect(() => gini([2], { correction: true })).toThrow(/needs at least 2 values/);
    await expect(fileGini(bad, { column: "income", group: "region", correction: true })).rejects.toThrow(/group "'q" of column "region": correction \(n\/\(n−1\)\) needs at least 2 values; the group has 1/);
    expect(() => kde([2], { method: "binned" })).toThrow(/bandwidth rule 'gretl' needs at least 2 values/);
    await expect(fileKde(bad, { column: "income", group: "region" })).rejects.toThrow(/group "'q" of column "region": bandwidth rule 'gretl' needs at least 2 values; got 1/);
    const one = await fileKde(bad, { column: "income", group: "region", bandwidth: 0.5, grid: 16 }); // a numeric bandwidth takes one value
    expect(one[1].result.density).toEqual(kde([2], { method: "binned", bandwidth: 0.5, grid: 16 }).density);
    writeFileSync(bad, "region,income\na,1\nb,2\na,4\nb,2\n");
    expect(() => kde([2, 2], { method: "binned" })).toThrow(/gives 0/);
    await expect(fileKde(bad, { column: "income", group: "region" })).rejects.toThrow(/group "b" of column "region": bandwidth rule 'gretl' gives 0 for these values \(no spread\)/);
    // R's nrd0 falls back to the group's first value |x[0]| there, as kde does
    const nrd0 = await fileKde(bad, { column: "income", group: "region", bandwidth: "nrd0", grid: 16 });
    nrd0.forEach(({ result }, k) => expect(Array.from(result.density)).toEqual(Array.from(kde([[1, 4], [2, 2]][k], { method: "binned", bandwidth: "nrd0", grid: 16 }).density)));
    expect(nrd0[1].result.bandwidth).toBe(0.9 * 2 * 2 ** -0.2);
    writeFileSync(bad, "region,income\na,1\nb,0\na,4\nb,0\n");
    expect(() => gini([0, 0])).toThrow(/sums to zero/);
    await expect(fileGini(bad, { column: "income", group: "region" })).rejects.toThrow(/group "b" of column "region": column "income" sums to zero/);
    await expect(fileQuantileShares(bad, { column: "income", group: "region" })).rejects.toThrow(/group "b" of column "region": column "income" sums to zero/);
  });
});
