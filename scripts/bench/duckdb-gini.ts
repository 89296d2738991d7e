/**
 * One side of the bench's "Gini of a 10^8-row Parquet column" workload, in a process of its own so that its peak
 * memory (maxRSS) is its own:
 *
 *   tsx scripts/bench/duckdb-gini.ts make   <file.parquet> <rows>   write the file (deterministic values)
 *   tsx scripts/bench/duckdb-gini.ts file   <file.parquet>          fileGini: DuckDB sorts, the library sums
 *   tsx scripts/bench/duckdb-gini.ts memory <file.parquet>          the column loaded into a Float64Array, gini()
 *
 * Prints one JSON line: { seconds, value, maxRssMiB }.
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
    console.error("usage: duckdb-gini.ts make|file|memory <file.parquet> [rows]");
    process.exit(2);
  }
  const seconds = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ seconds, value, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
