/**
 * One side of the bench's "Gini of a 10^8-row Parquet column" workload, in a process of its own so that its peak
 * memory (maxRSS) is its own:
 *
 *   tsx scripts/bench/duckdb-gini.ts make   <file.parquet> <rows>   write the file (deterministic values)
 *   tsx scripts/bench/duckdb-gini.ts file   <file.parquet>          fileGini: DuckDB sorts, the library sums
 *   tsx scripts/bench/duckdb-gini.ts memory <file.parquet>          the column loaded into a Float64Array, gini()
 *   tsx scripts/bench/duckdb-gini.ts make-grouped <file> <rows>     the same with a column of 20 region labels
 *   tsx scripts/bench/duckdb-gini.ts file-grouped <file>            fileGini(…, { group: "region" })
 *   tsx scripts/bench/duckdb-gini.ts memory-grouped <file>          the columns loaded, split by label, gini() of each
 *
 * Prints one JSON line: { seconds, value, maxRssMiB } (value: the sum of the groups' Gini indices when grouped).
 */
import { performance } from "node:perf_hooks";
import { fileGini } from "../../lib/duckdb";
import { gini } from "../../lib/inequality";

async function main(): Promise<void> {
  const [mode, path, rows] = process.argv.slice(2);
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const t = performance.now();
  let value = 0;
  if (mode === "make") {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    // A log-uniform income over three orders of magnitude, 1e-6 resolution: nearly every value distinct.
    await c.run(`COPY (SELECT round(exp((hash(i) % 1000000007) / 1000000007.0 * 7), 6) AS income FROM range(${Number(rows)}) t(i))
                 TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
    c.closeSync();
    db.closeSync();
  } else if (mode === "make-grouped") {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    // Labels interleaved along the file (hash of the row), so that every chunk holds every group.
    await c.run(`COPY (SELECT round(exp((hash(i) % 1000000007) / 1000000007.0 * 7), 6) AS income, 'r' || (hash(i + 1) % 20) AS region FROM range(${Number(rows)}) t(i))
                 TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
    c.closeSync();
    db.closeSync();
  } else if (mode === "file-grouped") {
    value = (await fileGini(path, { column: "income", group: "region" })).reduce((acc, g) => acc + g.result, 0);
  } else if (mode === "memory-grouped") {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const result = await c.stream(`SELECT income, region FROM read_parquet('${path}')`);
    const groups = new Map<string, number[]>();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const v = chunk.getColumnVector(0);
      const g = chunk.getColumnVector(1);
      for (let i = 0; i < chunk.rowCount; i++) {
        const label = g.getItem(i) as string;
        let xs = groups.get(label);
        if (!xs) groups.set(label, (xs = []));
        xs.push(v.getItem(i) as number);
      }
    }
    c.closeSync();
    db.closeSync();
    for (const xs of groups.values()) value += gini(Float64Array.from(xs));
  } else if (mode === "file") {
    value = await fileGini(path, { column: "income" });
  } else if (mode === "memory") {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const n = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${path}')`)).getRowObjectsJS()[0].n);
    const x = new Float64Array(n);
    const result = await c.stream(`SELECT income FROM read_parquet('${path}')`);
    let at = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const v = chunk.getColumnVector(0);
      for (let i = 0; i < chunk.rowCount; i++) x[at++] = v.getItem(i) as number;
    }
    c.closeSync();
    db.closeSync();
    value = gini(x);
  } else {
    console.error("usage: duckdb-gini.ts make|file|memory|make-grouped|file-grouped|memory-grouped <file.parquet> [rows]");
    process.exit(2);
  }
  const seconds = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ seconds, value, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
