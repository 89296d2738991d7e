/**
 * Inequality measures and the kernel density of a column of a Parquet or CSV file too large for memory, with DuckDB
 * as the engine: `fileGini`, `fileLorenz`, `fileQuantileShares`, `fileTheil` (with its group decomposition) and
 * `fileKde` — async, with the options and the results of their in-memory namesakes (`gini`, `lorenz` + `lorenzAt`,
 * `quantileShares`, `theil` / `theilDecomposition` in ./inequality, `kde` with method "binned" in ./density), to
 * 1e-12 relative on the same data. With `group` (a column of labels) `fileGini`, `fileLorenz`, `fileQuantileShares`
 * and `fileKde` give one result per group ({@link FileGroupResult}, in order of first appearance in the file),
 * each the in-memory function's on that group's rows alone.
 *
 * What runs where, and why the results are byte-stable:
 * - DuckDB reads the file (Parquet, CSV), checks the values (counts of NULL, NaN, ±Infinity, negative values and
 *   weights: exact integer aggregates), and sorts (ORDER BY) or groups them (GROUP BY value with integer counts).
 *   Its sorts spill to a temporary folder beyond `memoryLimit`, so memory stays bounded.
 * - Every floating-point sum is done here, in JavaScript, with compensated (Neumaier) summation over the rows in a
 *   fixed order (sorted, or the file's order: DuckDB's default `preserve_insertion_order` keeps it), streamed one
 *   chunk at a time. DuckDB's own parallel `sum()` of doubles depends on how threads split the rows and is not
 *   bit-reproducible across runs, so none is used: the same file gives the same bits on every run.
 * - Values of extreme magnitude are rescaled by a power of two, exactly as the in-memory functions do.
 * - Grouped, the ungrouped call is one group of the same code: DuckDB finds each label's first row, count and range
 *   (exact aggregates), maps the labels to their index (an ENUM) and sorts by (group, value) or keeps the file's
 *   order; the sums switch from one group's to another's as the rows come, so each group's sums see its rows in
 *   the order they would have alone, and memory is one chunk plus one set of sums (fileKde: bins) per group.
 *
 * `@duckdb/node-api` is an optional dependency (`npm install @duckdb/node-api`): the other modules never load it,
 * and this one says so clearly when it is missing. Nothing is skipped silently: a NULL, a non-finite or a negative
 * value is an error with the number of such rows and the first one's row number.
 */
import { CompensatedSum, InputError } from "../numeric/validate";
import { WEIGHTED_GINI_STATE, weightedGiniOf, weightedGiniPass, weightedGiniWeight, type LorenzCurve, type TheilDecomposition, type TheilGroup } from "../methods/inequality/inequality";
import { innerBounds, quantileSharesOfCurve, type QuantileShares } from "../methods/inequality/shares";
import {
  binGaussianGrid,
  finishGaussianGrid,
  planGaussianGrid,
  quartileRanks,
  ruleOfThumb,
  type BandwidthRule,
  type KdeResult,
} from "../methods/density/density";
import { SAMPLE_SIZE, samplePositions } from "../numeric/sort";

/** The npm package this module needs. */
export const DUCKDB_PACKAGE = "@duckdb/node-api";

/** Options shared by the file functions. */
export interface FileColumnOptions {
  /** The column holding the values (incomes, GRP per capita, …). */
  column: string;
  /** A column of non-negative population weights (positive total); omitted: every row counts once. */
  weight?: string;
  /** "parquet" or "csv"; default: from the file name (.parquet / .csv, .tsv, .csv.gz). */
  format?: "parquet" | "csv";
  /** DuckDB's memory limit; sorts spill to a temporary folder beyond it. Default "1GB". */
  memoryLimit?: string;
  /** DuckDB's worker threads; default: DuckDB's (the number of cores). The results do not depend on it. */
  threads?: number;
}

/**
 * Options of the file functions that compute one result per group ({@link fileGini}, {@link fileLorenz},
 * {@link fileQuantileShares}, {@link fileKde}).
 */
export interface FileGroupedOptions extends FileColumnOptions {
  /**
   * A column of group labels (regions, years, …), read as text (a CSV column as written: "1.50" stays "1.50"):
   * then the function returns one {@link FileGroupResult} per group, in order of first appearance in the file
   * (as {@link fileTheil}'s decomposition), each equal to the in-memory function on that group's rows alone.
   * A row without a label (NULL) is an error naming the first such row. Omitted: one result for the whole column.
   */
  group?: string;
}

/**
 * One group's result of a file function called with `group`: the label (as text), its number of rows n, and
 * the function's result on those rows alone (e.g. `gini(xs)` for the group's values xs).
 */
export interface FileGroupResult<T> {
  group: string;
  n: number;
  result: T;
}

/** Options of {@link fileGini}. */
export interface FileGiniOptions extends FileGroupedOptions {
  /** Multiply by n/(n−1) (Gretl's population estimate; unweighted only). */
  correction?: boolean;
}

/** Options of {@link fileLorenz}. */
export interface FileLorenzOptions extends FileGroupedOptions {
  /** Population shares in [0, 1] at which to evaluate the curve. */
  points: ArrayLike<number>;
}

/** Options of {@link fileQuantileShares}. */
export interface FileQuantileSharesOptions extends FileGroupedOptions {
  /**
   * The number of equal population groups (5: quintiles, 10: deciles; default 5), or the inner bounds ([0.4, 0.9]).
   * Not to be confused with `group`, the column of labels whose groups each get their own shares.
   */
  groups?: number | number[];
}

/** Options of {@link fileTheil}. */
export interface FileTheilOptions extends FileColumnOptions {
  /** A column of group labels (read as text, as {@link FileGroupedOptions.group}): then the result is the decomposition, as {@link theilDecomposition}. */
  group?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// DuckDB, loaded on demand
// ---------------------------------------------------------------------------------------------------------------

/** The few parts of @duckdb/node-api used here (typed structurally, so the package stays optional). */
interface Chunk {
  readonly rowCount: number;
  getColumnVector(i: number): { getItem(i: number): unknown };
}
interface StreamResult {
  fetchChunk(): Promise<Chunk | null>;
}
interface Connection {
  run(sql: string): Promise<unknown>;
  stream(sql: string): Promise<StreamResult>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
  closeSync?(): void;
}

async function loadDuckDB(): Promise<{ DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<Connection>; closeSync?(): void }> } }> {
  const name = DUCKDB_PACKAGE; // a variable: the type checker must not require the optional package
  try {
    return (await import(name)) as never;
  } catch (e) {
    throw new Error(`baltic-repro/duckdb needs the optional package ${DUCKDB_PACKAGE}, which is not installed: run \`npm install ${DUCKDB_PACKAGE}\` (${(e as Error).message.split("\n")[0]})`);
  }
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlName = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function formatOf(path: string, options: FileColumnOptions): "parquet" | "csv" {
  if (options.format !== undefined) {
    if (options.format !== "parquet" && options.format !== "csv") throw new InputError(`format must be "parquet" or "csv", got ${JSON.stringify(options.format)}`, { argument: "format" });
    return options.format;
  }
  if (/\.parquet$/i.test(path)) return "parquet";
  if (/\.(csv|tsv|txt)(\.gz)?$/i.test(path)) return "csv";
  throw new InputError(`${path}: cannot tell the format from the file name; pass { format: "parquet" } or { format: "csv" }`, { argument: "format" });
}

/** An open DuckDB connection to one file, with its checked columns. */
interface Source {
  connection: Connection;
  /** SQL of the rows: columns v (DOUBLE), w (DOUBLE, when weighted), g (group, when asked), raw_v, raw_w. */
  relation: string;
  /** The same with r, the data row's number. */
  numbered: string;
  path: string;
  close(): void;
}

async function openSource(path: string, options: FileColumnOptions, fn: string, group?: string): Promise<Source> {
  if (!options || typeof options !== "object") throw new InputError(`${fn}: options must be an object such as { column: "income" }`, { argument: "options" });
  if (typeof options.column !== "string" || options.column === "") throw new InputError(`${fn}: options.column must name the column of values`, { argument: "column" });
  if (options.weight !== undefined && (typeof options.weight !== "string" || options.weight === "")) throw new InputError(`${fn}: options.weight must name a column`, { argument: "weight" });
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) throw new InputError(`${fn}: threads must be a positive integer, got ${options.threads}`, { argument: "threads" });
  const format = formatOf(path, options);
  const { existsSync } = await import("node:fs");
  if (!existsSync(path)) throw new InputError(`${fn}: no such file: ${path}`, { argument: "path" });
  const { tmpdir } = await import("node:os");
  const duck = await loadDuckDB();
  const config: Record<string, string> = {
    memory_limit: options.memoryLimit ?? "1GB",
    temp_directory: `${tmpdir()}/baltic-repro-duckdb`,
    preserve_insertion_order: "true",
  };
  if (options.threads !== undefined) config.threads = String(options.threads);
  const instance = await duck.DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync?.();
    instance.closeSync?.();
  };
  try {
    let reader = format === "parquet" ? `read_parquet(${sqlString(path)})` : `read_csv(${sqlString(path)}, header = true)`;
    const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJS().map((r) => String(r.column_name));
    for (const [what, c] of [["column", options.column], ["weight", options.weight], ["group", group]] as const) {
      if (c !== undefined && !columns.includes(c)) throw new InputError(`${path} has no column ${JSON.stringify(c)} (the ${what}); its columns: ${columns.join(", ")}`, { argument: what });
    }
    // A CSV's group labels as written: the type sniffer would read a column of "1.50", "10" as DOUBLE ("1.5", "10.0").
    if (group !== undefined && format === "csv") reader = `read_csv(${sqlString(path)}, header = true, types = {${sqlString(group)}: 'VARCHAR'})`;
    const parts = [`TRY_CAST(${sqlName(options.column)} AS DOUBLE) AS v`, `${sqlName(options.column)} AS raw_v`];
    if (options.weight !== undefined) parts.push(`TRY_CAST(${sqlName(options.weight)} AS DOUBLE) AS w`, `${sqlName(options.weight)} AS raw_w`);
    if (group !== undefined) parts.push(`CAST(${sqlName(group)} AS VARCHAR) AS g`);
    const relation = `(SELECT ${parts.join(", ")} FROM ${reader})`;
    // Row numbers (1-based data rows, in the file's order) cost a window over every row: only for messages.
    const numbered = `(SELECT ${parts.join(", ")}, row_number() OVER () AS r FROM ${reader})`;
    return { connection, relation, numbered, path, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** Count the rows and refuse what the in-memory functions refuse, naming how many rows and the first one. */
async function checkRows(src: Source, rule: "nonNegative" | "positive" | "finite", measure: string, weighted: boolean, grouped: boolean): Promise<{ n: number; maxAbs: number; min: number; max: number }> {
  const bad: [string, string][] = [
    ["raw_v IS NULL", "is empty (NULL)"],
    ["raw_v IS NOT NULL AND v IS NULL", "is not a number"],
    ["isnan(v) OR isinf(v)", "is not finite"],
  ];
  if (rule !== "finite") bad.push([rule === "positive" ? "v <= 0" : "v < 0", rule === "positive" ? "is zero or negative" : "is negative"]);
  if (weighted) {
    bad.push(["raw_w IS NULL", "has an empty (NULL) weight"], ["raw_w IS NOT NULL AND w IS NULL", "has a weight that is not a number"], ["isnan(w) OR isinf(w)", "has a weight that is not finite"], ["w < 0", "has a negative weight"]);
  }
  if (grouped) bad.push(["g IS NULL", "has no group label (NULL)"]);
  const select = bad.map(([cond], i) => `count(*) FILTER (WHERE ${cond}) AS b${i}`).join(", ");
  // The range comes with the check (exact aggregates, one scan of the file): fileKde's grid needs it.
  const row = (await src.connection.runAndReadAll(`SELECT count(*) AS n, max(abs(v)) FILTER (WHERE isfinite(v)) AS m, min(v) FILTER (WHERE isfinite(v)) AS lo, max(v) FILTER (WHERE isfinite(v)) AS hi, ${select} FROM ${src.relation}`)).getRowObjectsJS()[0];
  const n = Number(row.n);
  if (n === 0) throw new InputError(`${src.path}: no rows; ${measure} needs at least one value`, { argument: "path" });
  for (let i = 0; i < bad.length; i++) {
    const count = Number(row[`b${i}`]);
    if (count > 0) {
      const first = (await src.connection.runAndReadAll(`SELECT min(r) AS f FROM ${src.numbered} WHERE ${bad[i][0]}`)).getRowObjectsJS()[0].f;
      throw new InputError(
        `${src.path}: ${count} row(s) where the value ${bad[i][1]}, the first at data row ${Number(first)}; ${measure} needs ${rule === "positive" ? "positive" : rule === "finite" ? "finite" : "non-negative"} values${weighted ? " and non-negative weights" : ""} in every row — nothing is skipped silently, so filter the file first`,
        { argument: "column" },
      );
    }
  }
  return { n, maxAbs: Number(row.m ?? 0), min: Number(row.lo), max: Number(row.hi) };
}

/** Stream a query's rows in chunks, calling `each` with the chunk's column vectors and its row count. */
async function streamRows(src: Source, sql: string, each: (columns: { getItem(i: number): unknown }[], rows: number) => void, width: number): Promise<void> {
  const result = await src.connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const columns = Array.from({ length: width }, (_, i) => chunk.getColumnVector(i));
    each(columns, chunk.rowCount);
  }
}

/**
 * A DOUBLE column of a chunk as a Float64Array: the vector's own typed array when it exposes one (no copy, no call
 * per value), else read value by value. The rows were checked first (no NULL), so validity needs no look.
 */
function doubles(vector: { getItem(i: number): unknown }, rows: number): Float64Array {
  const items = (vector as { items?: unknown }).items;
  if (items instanceof Float64Array && items.length === rows) return items;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = vector.getItem(i) as number;
  return out;
}

/** The factor 1/2^e that brings the largest magnitude near 1 when it lies outside [2^−128, 2^128] (as ./validate). */
function rescaleFactor(maxAbs: number): number {
  if (maxAbs === 0 || (maxAbs >= 2 ** -128 && maxAbs <= 2 ** 128)) return 1;
  const e = Math.floor(Math.log2(maxAbs));
  return 2 ** -Math.trunc(e / 2) * 2 ** -(e - Math.trunc(e / 2));
}

async function withSource<T>(path: string, options: FileColumnOptions, fn: string, group: string | undefined, body: (src: Source) => Promise<T>): Promise<T> {
  const src = await openSource(path, options, fn, group);
  try {
    return await body(src);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new Error(`${fn}(${path}): ${(e as Error).message}`);
  } finally {
    src.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Groups: one code path, the ungrouped call being one group
// ---------------------------------------------------------------------------------------------------------------

/** The rows of one group (or of the whole column), with the exact aggregates DuckDB found for them. */
interface GroupRows {
  /** The label; null when the call is not grouped. */
  label: string | null;
  n: number;
  maxAbs: number;
  min: number;
  max: number;
  /** Where, for messages: the file, and the group with its column when grouped. */
  where: string;
}

function groupOption(options: FileGroupedOptions, fn: string): string | undefined {
  const group = options && typeof options === "object" ? options.group : undefined;
  if (group !== undefined && (typeof group !== "string" || group === "")) throw new InputError(`${fn}: options.group must name a column of group labels`, { argument: "group" });
  return group;
}

/**
 * The groups of a checked file in order of first appearance — fileTheil's order, the order in which a pass over
 * the rows in the file's order meets the labels — as the least row number r of each label (exact aggregates).
 */
async function groupsOf(src: Source, group: string): Promise<GroupRows[]> {
  const rows = (await src.connection.runAndReadAll(`SELECT g, count(*) AS n, max(abs(v)) AS m, min(v) AS lo, max(v) AS hi, min(r) AS first FROM ${src.numbered} GROUP BY g ORDER BY first`)).getRowObjectsJS();
  const groups = rows.map((row) => {
    const label = String(row.g);
    return { label, n: Number(row.n), maxAbs: Number(row.m), min: Number(row.lo), max: Number(row.hi), where: `${src.path}: group ${JSON.stringify(label)} of column ${JSON.stringify(group)}` };
  });
  // The labels as an ENUM in that order: its code is the group's index k (see grouping).
  await src.connection.run(`CREATE TYPE baltic_group AS ENUM (${groups.map((g) => sqlString(g.label)).join(", ")})`);
  return groups;
}

/**
 * The body of a function that gives one result per group: open and check the file (`rule`, `measure` as
 * checkRows), find the groups (the whole column as one group when `options.group` is absent), let `compute` give
 * each group's result, and return the result (ungrouped) or the {@link FileGroupResult}s.
 */
async function perGroup<T>(path: string, options: FileGroupedOptions, fn: string, rule: "nonNegative" | "finite", measure: string, compute: (src: Source, groups: GroupRows[]) => Promise<T[]>): Promise<T | FileGroupResult<T>[]> {
  const group = groupOption(options, fn);
  return withSource(path, options, fn, group, async (src) => {
    const whole = await checkRows(src, rule, measure, options.weight !== undefined, group !== undefined);
    const groups = group === undefined ? [{ label: null, ...whole, where: path }] : await groupsOf(src, group);
    const results = await compute(src, groups);
    return group === undefined ? results[0] : groups.map((g, k) => ({ group: g.label!, n: g.n, result: results[k] }));
  });
}

/**
 * The rows to query and the group column to put first in a query's column lists, ORDER BY and GROUP BY: grouped,
 * k, the group's index in `groups` (the code of its label in the ENUM baltic_group, a projection of each row, so
 * the file's order is kept; read as a DOUBLE, not a string per row); ungrouped, nothing (the queries stay as
 * they were before groups existed).
 */
function grouping(src: Source, groups: GroupRows[]): { G: string; rows: string } {
  if (groups[0].label === null) return { G: "", rows: src.relation };
  return { G: "k, ", rows: `(SELECT *, enum_code(CAST(g AS baltic_group))::DOUBLE AS k FROM ${src.relation})` };
}

/**
 * Stream a query's rows in chunks and hand each group's rows of a chunk to `each`, once per group present (its
 * index k in `groups`, the value columns as Float64Arrays, the group's rows from…to−1 of them). Grouped, the
 * query's first column is k (see {@link grouping}) and `width` counts the other columns; the chunk's rows are
 * regrouped by a stable counting sort, so that within a group they keep the query's order (its ORDER BY, or the
 * file's) and each group's sums see them in that order. Ungrouped, every chunk is one call for group 0, as it comes.
 */
async function streamGroups(src: Source, groups: GroupRows[], sql: string, width: number, each: (k: number, columns: Float64Array[], from: number, to: number) => void): Promise<void> {
  const grouped = groups[0].label !== null;
  const at = grouped ? 1 : 0;
  const tally = new Int32Array(groups.length); // rows of each group in the chunk (zero between chunks)
  const start = new Int32Array(groups.length);
  let scratch: Float64Array[] = [];
  await streamRows(src, sql, (c, rows) => {
    const columns = Array.from({ length: width }, (_, i) => doubles(c[at + i], rows));
    if (!grouped) return each(0, columns, 0, rows);
    const ks = doubles(c[0], rows);
    const present: number[] = [];
    for (let i = 0; i < rows; i++) if (tally[ks[i]]++ === 0) present.push(ks[i]);
    if (present.length === 1) {
      tally[present[0]] = 0;
      return each(present[0], columns, 0, rows);
    }
    if (!scratch.length || scratch[0].length < rows) scratch = Array.from({ length: width }, () => new Float64Array(rows));
    let offset = 0;
    for (const k of present) {
      start[k] = offset;
      offset += tally[k];
    }
    for (let j = 0; j < width; j++) {
      const from = columns[j];
      const to = scratch[j];
      for (const k of present) tally[k] = start[k];
      for (let i = 0; i < rows; i++) to[tally[ks[i]]++] = from[i];
    }
    for (const k of present) {
      each(k, scratch, start[k], tally[k]);
      tally[k] = 0;
    }
  }, width + at);
}

/** Σ w of each group over its rows in the file's order (a deterministic pass; DuckDB's parallel sum is not). */
async function groupWeights(src: Source, groups: GroupRows[]): Promise<number[]> {
  const acc = groups.map(() => new CompensatedSum());
  const { G, rows } = grouping(src, groups);
  await streamGroups(src, groups, `SELECT ${G}w FROM ${rows}`, 1, (k, [ws], from, to) => {
    const sum = acc[k];
    for (let i = from; i < to; i++) sum.add(ws[i]);
  });
  return acc.map((sum, k) => {
    const W = sum.value();
    if (!(W > 0)) throw new InputError(`${groups[k].where}: the weights sum to zero; at least one row needs a positive weight`, { argument: "weight" });
    if (!Number.isFinite(W)) throw new InputError(`${groups[k].where}: the weights sum to more than the largest double; divide them by a common factor`, { argument: "weight" });
    return W;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Gini and Lorenz
// ---------------------------------------------------------------------------------------------------------------

/**
 * The Gini index of a column of a Parquet or CSV file, as {@link gini} computes it in memory (Gretl's sample
 * Gini; weighted: the Lorenz-area Gini), without loading the column.
 *
 * Unweighted: DuckDB groups the values (`GROUP BY v ORDER BY v`, integer counts c), and the rank sum
 * Σ (2i − n − 1)·x(i) is summed here over the distinct values, the ranks r … r+c−1 of a value v adding
 * v·c·(2r + c − 2 − n). Weighted: the rows sorted by (value, weight), summed as {@link gini} does.
 *
 * With `group` (a column of labels): one {@link FileGroupResult} per group, in order of first appearance in the
 * file, each `gini(xs, { weights, correction })` of that group's rows alone (n its row count). DuckDB sorts by
 * (label, value) — `GROUP BY g, v ORDER BY g, v`, or `ORDER BY g, v, w` — and the sums switch from one group's
 * to the next as the label changes, so memory stays one chunk and one set of sums per group. A group whose
 * values sum to zero, whose weights sum to zero, or of one row with `correction`, is an error naming it.
 *
 * @throws InputError for a bad file, column or row (with the number of such rows and the first one's row
 *   number), a zero total, zero weights, or `correction` with weights or with fewer than 2 rows (in a group).
 * @example await fileGini("incomes.parquet", { column: "income" }) // → the same number as gini(incomes)
 * @example await fileGini("regions.csv", { column: "income", group: "region" }) // with rows (region, income) b,2 a,1 b,4 a,3 → [{ group: "b", n: 2, result: 1/6 }, { group: "a", n: 2, result: 0.25 }]
 */
export async function fileGini(path: string, options: FileGiniOptions & { group: string }): Promise<FileGroupResult<number>[]>;
export async function fileGini(path: string, options: FileGiniOptions): Promise<number>;
export async function fileGini(path: string, options: FileGiniOptions): Promise<number | FileGroupResult<number>[]> {
  return perGroup(path, options, "fileGini", "nonNegative", "the Gini index", async (src, groups) => {
    const weighted = options.weight !== undefined;
    const grouped = groups[0].label !== null;
    const { G, rows } = grouping(src, groups);
    if (options.correction && weighted) throw new InputError("correction (the n/(n−1) population estimate) applies to the unweighted Gini only; omit weight or correction", { argument: "correction" });
    for (const { n, where } of groups) {
      if (options.correction && n < 2) throw new InputError(`${grouped ? `${where}: ` : ""}correction (n/(n−1)) needs at least 2 values${grouped ? `; the group has ${n}` : ""}`, { argument: "correction" });
    }
    const f = groups.map((g) => rescaleFactor(g.maxAbs));
    let values: number[];
    if (!weighted) {
      const ranked = groups.map(() => new CompensatedSum());
      const total = groups.map(() => new CompensatedSum());
      const rank = groups.map(() => 1);
      await streamGroups(src, groups, `SELECT ${G}v, count(*)::DOUBLE AS c FROM ${rows} GROUP BY ${G}v ORDER BY ${G}v`, 2, (k, [vs, cs], from, to) => {
        const { n } = groups[k];
        const fk = f[k];
        let r = rank[k];
        for (let i = from; i < to; i++) {
          const v = vs[i] * fk;
          const c = cs[i];
          ranked[k].add(v * c * (2 * r + c - 2 - n));
          total[k].add(v * c);
          r += c;
        }
        rank[k] = r;
      });
      values = groups.map(({ n, where }, k) => {
        const s = total[k].value();
        if (!(s > 0)) throw new InputError(`${where}: column ${JSON.stringify(options.column)} sums to zero; the Gini index is undefined when total income is zero`, { argument: "column" });
        return ranked[k].value() / (n * s);
      });
    } else {
      // One pass over the sorted rows with gini's own loop (weightedGiniPass): the same arithmetic.
      const states = groups.map(() => new Float64Array(WEIGHTED_GINI_STATE));
      await streamGroups(src, groups, `SELECT ${G}v, w FROM ${rows} ORDER BY ${G}v, w`, 2, (k, [vs, ws], from, to) => {
        weightedGiniPass(states[k], ws.subarray(from, to), vs.subarray(from, to), f[k]);
      });
      values = groups.map(({ where }, k) => {
        const W = weightedGiniWeight(states[k]);
        if (!(W > 0)) throw new InputError(`${where}: the weights sum to zero; at least one row needs a positive weight`, { argument: "weight" });
        if (!Number.isFinite(W)) throw new InputError(`${where}: the weights sum to more than the largest double; divide them by a common factor`, { argument: "weight" });
        const value = weightedGiniOf(states[k]);
        if (value === null) throw new InputError(`${where}: column ${JSON.stringify(options.column)} has a zero weighted total; the Gini index is undefined when total income is zero`, { argument: "column" });
        return value;
      });
    }
    return values.map((g, k) => (options.correction ? (g * groups[k].n) / (groups[k].n - 1) : g));
  });
}

/**
 * The Lorenz curve of a column of a file at chosen population shares p (the curve is linear within each unit,
 * so L(p) is exact there): the same values as `lorenzAt(lorenz(x, { weights }), points)` in memory.
 *
 * With `group`: one {@link FileGroupResult} per group (order of first appearance in the file), each the curve of
 * that group's rows alone at the same points, `lorenzAt(lorenz(xs, { weights }), points)`; DuckDB sorts by
 * (label, value), and each group's total weight is summed over its rows in the file's order.
 *
 * @example await fileLorenz("incomes.parquet", { column: "income", points: [0.2, 0.5, 0.9] }) // → { population: [0.2, 0.5, 0.9], share: [...] }
 * @example await fileLorenz("regions.csv", { column: "income", group: "region", points: [0.5] }) // with rows b,2 a,1 b,4 a,3 → [{ group: "b", n: 2, result: { population: [0.5], share: [1/3] } }, { group: "a", n: 2, result: { population: [0.5], share: [0.25] } }]
 */
export async function fileLorenz(path: string, options: FileLorenzOptions & { group: string }): Promise<FileGroupResult<LorenzCurve>[]>;
export async function fileLorenz(path: string, options: FileLorenzOptions): Promise<LorenzCurve>;
export async function fileLorenz(path: string, options: FileLorenzOptions): Promise<LorenzCurve | FileGroupResult<LorenzCurve>[]> {
  const points = checkPoints(options && options.points);
  return perGroup(path, options, "fileLorenz", "nonNegative", "the Lorenz curve", async (src, groups) => {
    const weighted = options.weight !== undefined;
    const { G, rows } = grouping(src, groups);
    const W = weighted ? await groupWeights(src, groups) : groups.map((g) => g.n);
    // Requested points in ascending order, each filled when the running population passes it.
    const order = Array.from(points.keys()).sort((a, b) => points[a] - points[b]);
    const curves = groups.map((_, k) => lorenzAtPoints(points, order, W[k], weighted));
    const f = groups.map((g) => rescaleFactor(g.maxAbs));
    if (weighted) {
      await streamGroups(src, groups, `SELECT ${G}v, w FROM ${rows} ORDER BY ${G}v, w`, 2, (k, [vs, ws], from, to) => {
        const { visit } = curves[k];
        for (let i = from; i < to; i++) visit(vs[i] * f[k], ws[i]);
      });
    } else {
      await streamGroups(src, groups, `SELECT ${G}v FROM ${rows} ORDER BY ${G}v`, 1, (k, [vs], from, to) => {
        const { visit } = curves[k];
        for (let i = from; i < to; i++) visit(vs[i] * f[k], 1);
      });
    }
    return curves.map((curve, k) => curve.finish(`${groups[k].where}: column ${JSON.stringify(options.column)}`));
  });
}

/**
 * The Lorenz curve at `points` (visited in ascending `order`) of units visited in ascending order of value, each
 * (value, weight): every requested p with p·W ≤ P_k lies on unit k's segment. `finish` names `what` when the
 * total is zero.
 */
function lorenzAtPoints(points: number[], order: number[], W: number, weighted: boolean): { visit(v: number, w: number): void; finish(what: string): LorenzCurve } {
  const atPoint = new Float64Array(points.length); // cumulative income (unnormalised) at each point
  let next = 0;
  const weight = new CompensatedSum();
  const income = new CompensatedSum();
  let k = 0;
  return {
    visit(v: number, w: number): void {
      const before = weight.value();
      const incomeBefore = income.value();
      weight.add(w);
      income.add(w * v);
      k++;
      const after = weighted ? weight.value() : k;
      while (next < order.length && points[order[next]] * W <= after) {
        const p = points[order[next]];
        const P0 = weighted ? before : k - 1;
        atPoint[order[next]] = p === 0 ? 0 : incomeBefore + (p * W - P0) * v;
        next++;
      }
    },
    finish(what: string): LorenzCurve {
      const S = income.value();
      if (!(S > 0)) throw new InputError(`${what} sums to zero; the Lorenz curve is undefined when total income is zero`, { argument: "column" });
      for (; next < order.length; next++) atPoint[order[next]] = S; // p = 1 (up to rounding of W)
      const share = new Float64Array(points.length);
      for (let j = 0; j < points.length; j++) share[j] = points[j] === 1 ? 1 : atPoint[j] / S;
      return { population: Float64Array.from(points), share };
    },
  };
}

function checkPoints(points: ArrayLike<number> | undefined): number[] {
  if (!points || typeof points.length !== "number" || points.length === 0) throw new InputError("points must be a non-empty array of population shares in [0, 1]", { argument: "points" });
  const out = Array.from(points);
  out.forEach((p, i) => {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new InputError(`points[${i}] is ${String(p)}; population shares lie in [0, 1]`, { argument: "points", index: i });
  });
  return out;
}

/**
 * Income shares of population groups (quintiles by default) of a column of a file: the Lorenz curve at the
 * groups' bounds, differenced — the same numbers as `quantileShares(x, groups, { weights })` in memory.
 *
 * With `group`: one {@link FileGroupResult} per group (order of first appearance in the file), each
 * `quantileShares(xs, groups, { weights })` of that group's rows alone (see {@link fileLorenz}).
 *
 * @example await fileQuantileShares("incomes.parquet", { column: "income", groups: 10 }) // → { bounds, shares } (ten shares summing to 1)
 * @example await fileQuantileShares("regions.csv", { column: "income", group: "region", groups: 2 }) // with rows b,2 a,1 b,4 a,3 → [{ group: "b", n: 2, result: { bounds: [0, 0.5, 1], shares: [1/3, 2/3] } }, { group: "a", …, shares: [0.25, 0.75] }]
 */
export async function fileQuantileShares(path: string, options: FileQuantileSharesOptions & { group: string }): Promise<FileGroupResult<QuantileShares>[]>;
export async function fileQuantileShares(path: string, options: FileQuantileSharesOptions): Promise<QuantileShares>;
export async function fileQuantileShares(path: string, options: FileQuantileSharesOptions): Promise<QuantileShares | FileGroupResult<QuantileShares>[]> {
  const inner = innerBounds(options && options.groups !== undefined ? options.groups : 5);
  const curves: LorenzCurve | FileGroupResult<LorenzCurve>[] = await fileLorenz(path, { ...options, points: [0, ...inner, 1] });
  if (!Array.isArray(curves)) return quantileSharesOfCurve(curves, inner);
  return curves.map(({ group, n, result }) => ({ group, n, result: quantileSharesOfCurve(result, inner) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Theil
// ---------------------------------------------------------------------------------------------------------------

/**
 * Theil's T of a column of a file, as {@link theil}; with `group`, its decomposition into within- and
 * between-group parts, as {@link theilDecomposition} (groups in order of first appearance in the file).
 * Two passes over the rows in the file's order: the (group) means, then Σ w·x·ln(x/μ).
 *
 * @example await fileTheil("incomes.parquet", { column: "income", group: "region" }) // → { total, within, between, groups }
 */
export async function fileTheil(path: string, options: FileTheilOptions & { group: string }): Promise<TheilDecomposition>;
export async function fileTheil(path: string, options: FileTheilOptions): Promise<number>;
export async function fileTheil(path: string, options: FileTheilOptions): Promise<number | TheilDecomposition> {
  const group = options ? options.group : undefined;
  if (group !== undefined && (typeof group !== "string" || group === "")) throw new InputError("fileTheil: options.group must name a column", { argument: "group" });
  return withSource(path, options, "fileTheil", group, async (src) => {
    const weighted = options.weight !== undefined;
    const { maxAbs } = await checkRows(src, "nonNegative", "the Theil index", weighted, group !== undefined);
    const f = rescaleFactor(maxAbs);
    const cols = ["v", ...(weighted ? ["w"] : []), ...(group !== undefined ? ["g"] : [])];
    const sql = `SELECT ${cols.join(", ")} FROM ${src.relation}`;
    const wAt = weighted ? 1 : -1;
    const gAt = group !== undefined ? cols.length - 1 : -1;
    // pass 1: totals per group (labels in order of first appearance)
    const index = new Map<string, number>();
    const labels: string[] = [];
    const count: number[] = [];
    const weight: CompensatedSum[] = [];
    const income: CompensatedSum[] = [];
    const W = new CompensatedSum();
    const Y = new CompensatedSum();
    // Each row as (value rescaled, weight, group label) in the file's order.
    const eachRow = (visit: (v: number, w: number, label: string | null) => void) =>
      streamRows(src, sql, (c, rows) => {
        const vs = doubles(c[0], rows);
        const ws = wAt >= 0 ? doubles(c[wAt], rows) : null;
        for (let i = 0; i < rows; i++) visit(vs[i] * f, ws ? ws[i] : 1, gAt >= 0 ? (c[gAt].getItem(i) as string) : null);
      }, cols.length);
    await eachRow((v, w, label) => {
      W.add(w);
      Y.add(w * v);
      if (label !== null) {
        let k = index.get(label);
        if (k === undefined) {
          k = labels.length;
          index.set(label, k);
          labels.push(label);
          count.push(0);
          weight.push(new CompensatedSum());
          income.push(new CompensatedSum());
        }
        count[k]++;
        weight[k].add(w);
        income[k].add(w * v);
      }
    });
    const totalIncome = Y.value();
    const totalWeightValue = W.value();
    if (!(totalWeightValue > 0)) throw new InputError(`${path}: the weights sum to zero; at least one row needs a positive weight`, { argument: "weight" });
    if (!(totalIncome > 0)) throw new InputError(`${path}: column ${JSON.stringify(options.column)} sums to zero; the Theil index is undefined when total income is zero`, { argument: "column" });
    const mu = totalIncome / totalWeightValue;
    const means = weight.map((wg, k) => (wg.value() > 0 ? income[k].value() / wg.value() : 0));
    // pass 2: Σ w·(x/μ)·ln(x/μ) over all rows, and Σ w·x·ln(x/μ_g) per group
    const all = new CompensatedSum();
    const entropy = labels.map(() => new CompensatedSum());
    await eachRow((v, w, label) => {
      if (v !== 0) all.add(w * (v / mu) * logRatio(v, mu));
      if (label !== null && v !== 0 && w !== 0) {
        const k = index.get(label)!;
        entropy[k].add(w * v * logRatio(v, means[k]));
      }
    });
    const total = all.value() / totalWeightValue;
    if (gAt < 0) return total;
    const within = new CompensatedSum();
    const between = new CompensatedSum();
    const groups: TheilGroup[] = labels.map((label, k) => {
      const Yg = income[k].value();
      const share = Yg / totalIncome;
      const theilG = Yg > 0 ? entropy[k].value() / Yg : 0;
      if (Yg > 0) {
        within.add(share * theilG);
        between.add(share * logRatio(means[k], mu));
      }
      return { group: label, n: count[k], share, populationShare: weight[k].value() / totalWeightValue, mean: means[k] / f, theil: theilG };
    });
    return { total, within: within.value(), between: between.value(), groups };
  });
}

/** ln(a/b) for positive a, b, also when a/b under- or overflows (as ./inequality). */
function logRatio(a: number, b: number): number {
  const r = a / b;
  return r > 0 && r < Infinity ? Math.log(r) : Math.log(a) - Math.log(b);
}

// ---------------------------------------------------------------------------------------------------------------
// Kernel density
// ---------------------------------------------------------------------------------------------------------------

/** Options of {@link fileKde}: those of {@link kde} that a binned Gaussian estimate on a regular grid takes. */
export interface FileKdeOptions extends FileGroupedOptions {
  /** A number, or Gretl's or R's rule: "gretl" (default, as kde), "nrd0", "nrd", "scott". */
  bandwidth?: number | "gretl" | "nrd0" | "nrd" | "scott";
  /** Multiplies the bandwidth (default 1). */
  scale?: number;
  /** The number of evaluation points (default 512). */
  grid?: number;
  /** [lo, hi] of the grid (default [min − 3h, max + 3h]). */
  range?: [number, number];
}

const FILE_KDE_RULES: readonly string[] = ["gretl", "nrd0", "nrd", "scott"];

/**
 * The binned Gaussian kernel density of a column of a Parquet or CSV file — the same result, to the bit, as
 * `kde(x, { method: "binned", … })` on the column in memory (same bandwidth, grid, bins and sums), without loading
 * the column: memory is the FFT's bins (at most 2^20 doubles) and one chunk of rows.
 *
 * What runs where: DuckDB checks the rows (NULL, non-numeric, non-finite values and negative weights are errors
 * naming the first row) and, in the same scan, finds n, the minimum and the maximum (exact aggregates); it also
 * finds the rule's quartiles (exact order statistics: `row_number() OVER (ORDER BY v)`, its sort spilling past
 * `memoryLimit`). The 4096 sampled values whose median is the shift of the standard deviation's sums (see
 * `orderStatisticsWithMoments`; n ≥ 32768) are picked here at their positions as the rows stream by. The
 * floating-point sums — Σx, the sums of squares, Σw and the linear binning — run here over the rows streamed in the
 * file's order, in the same order as in memory: DuckDB's parallel sums would differ run to run. Hence the same
 * bits on every run, and the same as in memory (tested on 10^7 rows).
 *
 * With `group`: one {@link FileGroupResult} per group (order of first appearance in the file), each
 * `kde(xs, { method: "binned", … })` of that group's rows alone, to the bit — its own bandwidth (by the rule, from
 * its own spread and quartiles: `row_number() OVER (PARTITION BY g ORDER BY v)`) and its own range [min − 3h,
 * max + 3h], unless `bandwidth` or `range` fix them for every group. The passes over the file serve every group
 * at once; memory is each group's bins (at most 2^20 doubles each) and one chunk. A group of one row with a rule,
 * a group without spread, or a group whose weights sum to 0 is an error naming it.
 *
 * Weights (a column of non-negative numbers): the rules ignore them, as in {@link kde}; the binning uses them.
 * A bandwidth rule other than these four (scipy's, Sheather–Jones) needs the column in memory: call kde.
 *
 * @throws InputError for a bad file, column or row (named), a rule it does not take, or a data range that would
 *   need more than 2^20 bins (far outliers: kde would fall back to the exact sum, which needs the data in memory).
 * @example await fileKde("incomes.parquet", { column: "income" }) // → the same result as kde(incomes, { method: "binned" })
 * @example (await fileKde("households.parquet", { column: "income", group: "region" })).map((r) => r.result.bandwidth) // → each region's kde(xs, { method: "binned" }).bandwidth
 */
export async function fileKde(path: string, options: FileKdeOptions & { group: string }): Promise<FileGroupResult<KdeResult>[]>;
export async function fileKde(path: string, options: FileKdeOptions): Promise<KdeResult>;
export async function fileKde(path: string, options: FileKdeOptions): Promise<KdeResult | FileGroupResult<KdeResult>[]> {
  const bw = options?.bandwidth ?? "gretl";
  if (typeof bw === "number" ? !(Number.isFinite(bw) && bw > 0) : !FILE_KDE_RULES.includes(bw as string)) {
    throw new InputError(`fileKde: bandwidth must be a positive number or one of ${FILE_KDE_RULES.join(", ")}; got ${JSON.stringify(bw)} (for other rules load the column and call kde)`, { argument: "bandwidth" });
  }
  const scale = options?.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new InputError(`fileKde: scale must be a positive number, got ${scale}`, { argument: "scale" });
  const m = options?.grid ?? 512;
  if (!(Number.isInteger(m) && m >= 2 && m <= 10_000_000)) throw new InputError(`fileKde: grid must be a whole number of points from 2 to 10^7, got ${m}`, { argument: "grid" });
  const range = options?.range;
  if (range !== undefined && !(Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] < range[1])) {
    throw new InputError(`fileKde: range must be [lo, hi] with finite lo < hi; got ${JSON.stringify(range)}`, { argument: "range" });
  }
  return perGroup(path, options, "fileKde", "finite", "a kernel density", async (src, groups) => {
    const weighted = options.weight !== undefined;
    const grouped = groups[0].label !== null;
    const { G, rows } = grouping(src, groups);
    const K = groups.length;
    for (const { maxAbs, where } of groups) {
      if (maxAbs > 2 ** 1000) throw new InputError(`${where}: values beyond ±2^1000 (largest magnitude ${maxAbs}); divide the column by a power of two first`, { argument: "column" });
    }
    // Each group's runs of rows, values (and weights), in the file's order.
    const fileOrder = (visit: (k: number, vs: Float64Array, ws: Float64Array | null, from: number, to: number) => void) =>
      streamGroups(src, groups, `SELECT ${G}v${weighted ? ", w" : ""} FROM ${rows}`, weighted ? 2 : 1, (k, c, from, to) => visit(k, c[0], weighted ? c[1] : null, from, to));

    const rule: BandwidthRule | null = typeof bw === "number" ? null : bw;
    if (rule) {
      for (const { n, where } of groups) {
        if (n < 2) throw new InputError(`${where}: bandwidth rule '${rule}' needs at least 2 values; got ${n} (pass a numeric bandwidth)`, { argument: "bandwidth" });
      }
    }
    // As kde on ≥ 32768 values (quartile rules): s from sums about the median of 4096 sampled positions; else
    // (and for 'scott') the two-pass standard deviation, as kde computes it.
    const aboutSample = groups.map(({ n }) => rule !== null && rule !== "scott" && n >= 8 * SAMPLE_SIZE);
    const positions = groups.map(({ n }, k) => (aboutSample[k] ? samplePositions(n) : null));
    const wanted = positions.map((p) => (p ? Array.from(new Set(p)).sort((a, b) => a - b) : []));
    const picked = groups.map(() => new Map<number, number>());
    const nextWanted = new Uint32Array(K);
    const seen = new Float64Array(K); // rows of each group met so far (the position within the group)
    const first = new Float64Array(K); // each group's first value in the file's order (kde's `first`)
    const sum = new Float64Array(K); // Σx for the two-pass standard deviation, in the file's order
    const weightSum = groups.map(() => new CompensatedSum()); // Σw compensated, as kde's weights check
    const weightPlain = new Float64Array(K);
    // Pass 1 over the file: the sampled values, the first value, Σx; Σw.
    if (rule !== null || weighted) {
      await fileOrder((k, vs, ws, from, to) => {
        if (seen[k] === 0) first[k] = vs[from];
        if (aboutSample[k]) {
          const want = wanted[k];
          let next = nextWanted[k];
          for (let i = from, at = seen[k]; i < to && next < want.length; i++, at++) {
            if (at === want[next]) picked[k].set(want[next++], vs[i]);
          }
          nextWanted[k] = next;
        } else if (rule !== null) {
          let total = sum[k];
          for (let i = from; i < to; i++) total += vs[i];
          sum[k] = total;
        }
        if (ws) {
          const W = weightSum[k];
          let plain = weightPlain[k];
          for (let i = from; i < to; i++) {
            W.add(ws[i]);
            plain += ws[i];
          }
          weightPlain[k] = plain;
        }
        seen[k] += to - from;
      });
    }
    const h = new Float64Array(K);
    if (rule === null) h.fill(scale * (bw as number));
    else {
      // Pass 2: the sums of deviations about the shift (the sample's median) or the mean.
      const shift = groups.map(({ n }, k) => {
        if (!aboutSample[k]) return sum[k] / n;
        const sample = Float64Array.from(positions[k]!, (p) => picked[k].get(p)!).sort();
        return sample[SAMPLE_SIZE >> 1];
      });
      const dev = new Float64Array(K);
      const dev2 = new Float64Array(K);
      await fileOrder((k, vs, _ws, from, to) => {
        const c = shift[k];
        let d1 = dev[k];
        let d2 = dev2[k];
        for (let i = from; i < to; i++) {
          const d = vs[i] - c;
          d1 += d;
          d2 += d * d;
        }
        dev[k] = d1;
        dev2[k] = d2;
      });
      const ranks = groups.map(({ n }) => (rule === "scott" ? [] : quartileRanks(n)));
      const kth = await orderStatisticsByGroup(src, groups, ranks);
      groups.forEach(({ n, where }, k) => {
        const s = Math.sqrt(Math.max(0, dev2[k] - (dev[k] * dev[k]) / n) / (n - 1));
        h[k] = scale * ruleOfThumb(rule, n, s, () => ({ n, kth: (r: number) => kth[k].get(r)! }), first[k]);
        if (!(h[k] > 0)) throw new InputError(`${where}: bandwidth rule '${rule}' gives ${h[k]} for these values (no spread); pass a positive numeric bandwidth`, { argument: "bandwidth" });
      });
    }
    const plans = groups.map(({ n, min: xmin, max: xmax, where }, k) => {
      const hk = h[k];
      if (!(hk > 0) || !Number.isFinite(hk) || !Number.isFinite(1 / (n * hk))) throw new InputError(`fileKde: ${grouped ? `${where}: ` : ""}the bandwidth times scale is ${hk}; it must be positive and finite`, { argument: "scale" });
      const lo = range ? range[0] : xmin - 3 * hk;
      const hi = range ? range[1] : xmax + 3 * hk;
      const x = new Float64Array(m);
      const by = (hi - lo) / (m - 1);
      for (let i = 0; i < m - 1; i++) x[i] = lo + i * by;
      x[m - 1] = hi;
      const plan = planGaussianGrid(xmin, xmax, hk, lo, hi, m);
      if (!plan) {
        throw new InputError(`${where}: the data's range [${xmin}, ${xmax}] would need more than 2^20 bins at h/16 with h = ${hk} (far outliers?); kde on the column in memory falls back to the exact sum`, { argument: "column" });
      }
      return { x, plan };
    });
    // Σw and Kish's effective n (Σw)²/Σw², as kde computes them.
    const total = groups.map(({ n, where }, k) => {
      if (!weighted) return n;
      if (!Number.isFinite(weightPlain[k])) throw new InputError(`${where}: the weights sum to Infinity (beyond the largest double); rescale them`, { argument: "weight" });
      const W = weightSum[k].value();
      if (!(W > 0)) throw new InputError(`${where}: the weights sum to 0; at least one weight must be positive`, { argument: "weight" });
      return W;
    });
    // Pass 3: the linear binning, each group into its own bins (memory: the groups' bins and one chunk).
    const counts = plans.map(({ plan }) => new Float64Array(plan.bins));
    const squares = new Float64Array(K);
    await fileOrder((k, vs, ws, from, to) => {
      binGaussianGrid(plans[k].plan, counts[k], from === 0 && to === vs.length ? vs : vs.subarray(from, to), ws ? ws.subarray(from, to) : null);
      if (ws) {
        const W = total[k];
        let s2 = squares[k];
        for (let i = from; i < to; i++) {
          const u = ws[i] / W;
          s2 += u * u;
        }
        squares[k] = s2;
      }
    });
    return groups.map(({ n }, k): KdeResult => ({
      x: plans[k].x,
      density: finishGaussianGrid(plans[k].plan, counts[k], total[k]),
      bandwidth: h[k],
      bandwidthRule: rule,
      scale,
      kernel: "gaussian",
      method: "binned",
      n,
      convention: null,
      bins: plans[k].plan.bins,
      binWidth: plans[k].plan.binWidth,
      weighted,
      effectiveN: weighted ? 1 / squares[k] : n,
      bandwidthWeighted: false,
    }));
  });
}

/**
 * The values at 0-based ranks (in ascending order of value) within each group: exact order statistics from
 * DuckDB's `row_number() OVER ([PARTITION BY g] ORDER BY v)` (its sort spills past `memoryLimit`).
 */
async function orderStatisticsByGroup(src: Source, groups: GroupRows[], ranks: number[][]): Promise<Map<number, number>[]> {
  const kth = groups.map(() => new Map<number, number>());
  if (ranks.every((r) => r.length === 0)) return kth;
  if (groups[0].label === null) {
    for (const row of (await src.connection.runAndReadAll(`SELECT k, v FROM (SELECT v, row_number() OVER (ORDER BY v) - 1 AS k FROM ${src.relation}) WHERE k IN (${ranks[0].join(", ")})`)).getRowObjectsJS()) {
      kth[0].set(Number(row.k), Number(row.v));
    }
    return kth;
  }
  const wanted = groups.flatMap((g, k) => ranks[k].map((r) => `(${sqlString(g.label!)}, ${k}, ${r})`)).join(", ");
  const sql = `SELECT q.i, s.k, s.v FROM (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) - 1 AS k FROM ${src.relation}) s JOIN (VALUES ${wanted}) q(g, i, k) ON s.g = q.g AND s.k = q.k`;
  for (const row of (await src.connection.runAndReadAll(sql)).getRowObjectsJS()) kth[Number(row.i)].set(Number(row.k), Number(row.v));
  return kth;
}
