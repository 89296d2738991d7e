/** The public entry `baltic-repro/duckdb`: the module lives in lib/io/duckdb.ts (it loads the optional @duckdb/node-api on demand). */
export * from "../io/duckdb";
