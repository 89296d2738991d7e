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
