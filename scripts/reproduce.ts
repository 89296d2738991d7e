/**
 * npm run reproduce — execute every notebook through the real tslab kernel, compare what each reproduces
 * with the printed tables, and write reports/.
 *
 *   npm run reproduce                       all notebooks in notebooks/
 *   npm run reproduce -- --only belov-2026  just these (file names without .ipynb)
 *   npm run reproduce -- --jobs 1           notebooks at once (default: the number of cores)
 *   npm run reproduce -- --cell-timeout 60  seconds a cell may take before the notebook is stopped (default 300,
 *                                           at most 2147483: Node's timers hold 2^31 − 1 ms)
 *   npm run reproduce -- --update-expected  record this run's statuses in data/<article>/expected.json
 *   npm run reproduce -- --no-kernel-snapshot  start every kernel from scratch (see scripts/kernel-snapshot.cjs)
 *   npm run reproduce -- --shard 2/3        run the 2nd of 3 shards into reports/shard-2-of-3/ (scripts/runner/shard.ts)
 *   npm run reproduce -- --merge DIR…       combine shard folders into reports/, as one run would have written it
 *   npm run reproduce -- --update-timings   record this run's times in notebooks/timings.json (balances shards)
 *
 * Exit status: 0 when every notebook ran and every status equals the recorded one (and every recorded
 * discrepancy is explained); 1 otherwise, with a summary of what changed; 2 for a usage error or a report
 * folder that cannot be written (checked before anything runs); 128 + the signal's number when stopped by
 * SIGINT, SIGTERM or SIGHUP, and 129 when the npm/tsx process that started it ended — no report is written
 * then, and reports/ keeps the previous run (see environment.md, "The runner under signals and bad files").
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { evaluate, readExpected, updatedExpected, type ArticleResult } from "./runner/evaluate";
import { executeNotebook, type ExecutedNotebook } from "./runner/execute";
import { blobDamage, ensureKernelSnapshot, PROJECT_ROOT } from "./runner/kernel";
import { buildReport, writeReport } from "./runner/report";
import { writeHtmlReport } from "./runner/html";
import { stopOnSignalsAndLauncherExit } from "./runner/lifecycle";
import { displayFile } from "./runner/json-file";
import { OutputError, prepareOutput, type StagedOutput } from "./runner/output";
import { runScope, withScope, type RunScope } from "./runner/scope";
import { assignShards, codeIdentity, MergeError, parseShard, readShards, readShardTimings, shardFolderName, timingsFileText, writeShardManifest, type ShardSpec } from "./runner/shard";

const { ensureTypes } = createRequire(import.meta.url)("./build-types.cjs") as { ensureTypes: () => string[] };

export interface ReproduceOptions {
  notebooksDir: string;
  dataDir: string;
  outDir: string;
  only: string[];
  jobs: number;
  cellTimeoutSec: number;
  updateExpected: boolean;
  html: boolean;
  /** Start kernels from the shared compiler snapshot (default true; false with --no-kernel-snapshot). */
  kernelSnapshot?: boolean;
  /** Run only this shard of the suite (--shard K/N), into <outDir>/shard-K-of-N. */
  shard?: ShardSpec;
  /** Combine these shard folders into outDir instead of running anything (--merge DIR…). */
  merge?: string[];
  /** Write this (complete) run's times to <notebooksDir>/timings.json (--update-timings). */
  updateTimings?: boolean;
}

const USAGE = `usage: npm run reproduce -- [--only <id>…] [--jobs N] [--cell-timeout S] [--update-expected]
                                [--notebooks DIR] [--data DIR] [--out DIR] [--no-html] [--no-kernel-snapshot]
                                [--shard K/N] [--merge DIR…] [--update-timings]`;

export function parseArgs(argv: string[]): ReproduceOptions {
  const o: ReproduceOptions = {
    notebooksDir: join(PROJECT_ROOT, "notebooks"),
    dataDir: join(PROJECT_ROOT, "data"),
    outDir: join(PROJECT_ROOT, "reports"),
    only: [],
    jobs: availableParallelism(),
    cellTimeoutSec: 300,
    updateExpected: false,
    html: true,
    kernelSnapshot: true,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--only":
        while (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) o.only.push(...argv[++i].split(",").filter(Boolean).map((s) => s.replace(/\.ipynb$/, "")));
        if (!o.only.length) throw new UsageError("--only needs at least one notebook id");
        break;
      case "--jobs": {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a whole number ≥ 1, got ${argv[i]}`);
        o.jobs = n;
        break;
      }
      case "--cell-timeout": {
        const n = Number(value(i++, a));
        if (!(n > 0)) throw new UsageError(`--cell-timeout must be a positive number of seconds, got ${argv[i]}`);
        // Node's timers hold at most 2^31 − 1 ms; a longer delay fires at once, and every cell would "time out".
        if (n > MAX_CELL_TIMEOUT_SEC) throw new UsageError(`--cell-timeout must be at most ${MAX_CELL_TIMEOUT_SEC} s (24.8 days, the longest timer Node has), got ${argv[i]}`);
        o.cellTimeoutSec = n;
        break;
      }
      case "--update-expected":
        o.updateExpected = true;
        break;
      case "--no-html":
        o.html = false;
        break;
      case "--no-kernel-snapshot":
        o.kernelSnapshot = false;
        break;
      case "--shard": {
        const spec = parseShard(value(i++, a));
        if (!spec) throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N (e.g. 2/3), got ${argv[i]}`);
        o.shard = spec;
        break;
      }
      case "--merge":
        o.merge = [];
        while (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) o.merge.push(resolve(argv[++i]));
        if (!o.merge.length) throw new UsageError("--merge needs the shard folders to combine");
        break;
      case "--update-timings":
        o.updateTimings = true;
        break;
      case "--notebooks":
        o.notebooksDir = resolve(value(i++, a));
        break;
      case "--data":
        o.dataDir = resolve(value(i++, a));
        break;
      case "--out":
        o.outDir = resolve(value(i++, a));
        break;
      case "-h":
      case "--help":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  if (o.shard && o.only.length) throw new UsageError("--shard and --only cannot be combined: a shard is chosen from the whole suite");
  if (o.merge && (o.shard || o.only.length || o.updateExpected || o.updateTimings)) throw new UsageError("--merge runs nothing: it cannot be combined with --shard, --only, --update-expected or --update-timings");
  if (o.updateTimings && (o.shard || o.only.length)) throw new UsageError("--update-timings needs a run of the whole suite (no --only or --shard)");
  return o;
}

export class UsageError extends Error {}

/** The longest --cell-timeout: Node's timers take at most 2^31 − 1 ms. */
export const MAX_CELL_TIMEOUT_SEC = Math.floor((2 ** 31 - 1) / 1000);

/** Notebooks to run: every .ipynb in the folder, or those named by --only (unknown names are an error). */
export function selectNotebooks(dir: string, only: readonly string[]): string[] {
  if (!existsSync(dir)) throw new UsageError(`no notebooks folder: ${dir}`);
  const all = readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .map((f) => f.replace(/\.ipynb$/, ""))
    .sort();
  if (!only.length) return all.map((id) => join(dir, `${id}.ipynb`));
  const unknown = only.filter((id) => !all.includes(id));
  if (unknown.length) throw new UsageError(`no such notebook: ${unknown.join(", ")} (in ${dir}: ${all.join(", ")})`);
  return [...new Set(only)].sort().map((id) => join(dir, `${id}.ipynb`));
}

/** Run tasks with at most `jobs` at once, keeping results in input order. */
export async function pool<T, R>(items: readonly T[], jobs: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return out;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The notebooks ordered longest first: by the previous run's total time when known (else by the committed
 * times of `committedTimings`, notebooks/timings.json, as on a fresh clone), else by file size.
 */
export function longestFirst(paths: readonly string[], timingsFile: string, committedTimings?: string): string[] {
  let previous = new Map<string, number>();
  try {
    for (const t of JSON.parse(readFileSync(timingsFile, "utf8")) as { notebook: string; totalMs: number }[]) previous.set(t.notebook, t.totalMs);
  } catch {
    // no previous run
  }
  if (!previous.size && committedTimings) {
    try {
      previous = readShardTimings(committedTimings);
    } catch {
      // a bad timings file only costs the order; --shard reports it
    }
  }
  const cost = (p: string) => previous.get(basename(p, ".ipynb")) ?? statSync(p).size;
  const known = paths.every((p) => previous.has(basename(p, ".ipynb")));
  return [...paths].sort((a, b) => (known ? cost(b) - cost(a) : statSync(b).size - statSync(a).size) || a.localeCompare(b));
}

type RunOutcome = { exitCode: number; results: ArticleResult[]; executed: ExecutedNotebook[] };

const idOf = (path: string) => basename(path, ".ipynb");

export async function reproduce(o: ReproduceOptions): Promise<RunOutcome> {
  if (o.merge) return merge(o, o.merge);
  const suite = selectNotebooks(o.notebooksDir, []);
  let paths = selectNotebooks(o.notebooksDir, o.only);
  let outDir = o.outDir;
  let selectedBy = "--only";
  if (o.shard) {
    const { k, n } = o.shard;
    let timings: Map<string, number>;
    try {
      timings = readShardTimings(join(o.notebooksDir, "timings.json"));
    } catch (e) {
      throw new UsageError(`cannot choose the shards: ${(e as Error).message}`);
    }
    const shards = assignShards(suite.map(idOf), timings, n);
    paths = shards[k - 1].map((id) => join(o.notebooksDir, `${id}.ipynb`));
    outDir = join(o.outDir, shardFolderName(o.shard));
    selectedBy = `--shard ${k}/${n}`;
    log(`reproduce: shard ${k} of ${n}: ${shards[k - 1].join(", ") || "no notebooks"}`);
  }
  // Before anything runs: the report folder must be writable. The run writes beside it and swaps it in whole
  // at the end (scripts/runner/output.ts), so reports/ never mixes runs and a stopped run changes nothing.
  const output = openOutput(outDir);
  try {
    const scope = runScope(paths.map(idOf), suite.map(idOf), selectedBy);
    return await runAndReport(o, paths, output, scope, suite.map(idOf));
  } finally {
    output.discard(); // a no-op once committed
  }
}

/** The staged report folder; the project's own reports/ may hold other files, which are named, then replaced. */
function openOutput(outDir: string): StagedOutput {
  const output = prepareOutput(outDir, { owned: outDir === join(PROJECT_ROOT, "reports") || dirname(outDir) === join(PROJECT_ROOT, "reports") });
  if (output.dropped.length) log(`  ${displayFile(outDir)} holds files no run writes (${output.dropped.slice(0, 8).join(", ")}${output.dropped.length > 8 ? `, … ${output.dropped.length - 8} more` : ""}): they go when this run's report replaces it`);
  return output;
}

/** --merge: the shards' results, written as one run of the whole suite would have written them. */
async function merge(o: ReproduceOptions, dirs: string[]): Promise<RunOutcome> {
  const started = Date.now();
  let shards: ReturnType<typeof readShards>;
  try {
    shards = readShards(dirs, codeIdentity(PROJECT_ROOT));
  } catch (e) {
    throw e instanceof MergeError ? new UsageError(`cannot merge: ${e.message}`) : e;
  }
  log(`reproduce: merging ${dirs.length} shard(s) of ${shards.shards.n}: ${shards.executed.length} notebook(s)`);
  const output = openOutput(o.outDir);
  try {
    const scope = runScope(shards.executed.map((e) => e.id), shards.suite, "--merge");
    return finish(o, output, scope, shards.results, shards.executed, started);
  } finally {
    output.discard();
  }
}

async function runAndReport(o: ReproduceOptions, paths: string[], output: StagedOutput, scope: RunScope, suite: string[]): Promise<RunOutcome> {
  const started = Date.now();
  log(`reproduce: ${paths.length} notebook(s), ${Math.min(o.jobs, paths.length)} at a time, cell timeout ${o.cellTimeoutSec} s`);
  // Build the library's declarations once here, so that kernels started in parallel find them fresh.
  for (const m of ensureTypes()) log(`  types: ${m}`);
  // Once per run, shared by every kernel: tslab's compiler with the declaration files already parsed and bound.
  let kernelSnapshot: string | undefined;
  if (o.kernelSnapshot !== false) {
    const snap = ensureKernelSnapshot();
    if (snap.blob === null) log(`  kernel snapshot unavailable, kernels start from scratch: ${snap.reason}`);
    else {
      kernelSnapshot = snap.blob;
      if (snap.damaged) log(`  kernel snapshot in the cache was damaged (${snap.damaged}): rebuilt in ${(snap.ms / 1000).toFixed(1)} s`);
      else if (snap.built) log(`  kernel snapshot built in ${(snap.ms / 1000).toFixed(1)} s (${relative(process.cwd(), snap.blob)}; reused by later runs)`);
    }
  }
  // A snapshot that passed its check and still does not start a kernel is not tried again in this run; if its
  // checksum no longer matches (changed on disk during the run), the next run rebuilds it.
  const onSnapshotFailure = (why: string) => {
    if (kernelSnapshot === undefined) return;
    const damage = blobDamage(kernelSnapshot);
    kernelSnapshot = undefined;
    log(`  kernel snapshot: a kernel did not start from it (${why})${damage ? `; it is damaged (${damage}), and the next run rebuilds it` : ""}; the kernels still to start in this run start from scratch`);
  };
  const env = {
    BALTIC_REPRO_DATA_DIR: o.dataDir,
  };
  let done = 0;
  // Longest first (by the last run's timings, else by file size), so that no worker is left with a long
  // notebook at the end while the other idles; results are put back in name order.
  const order = longestFirst(paths, join(output.outDir, "timings.json"), join(o.notebooksDir, "timings.json"));
  const inOrder: ExecutedNotebook[] = await pool(order, o.jobs, async (path) => {
    const id = basename(path, ".ipynb");
    log(`  start  ${id}`);
    const e = await executeNotebook(path, { cellTimeoutMs: o.cellTimeoutSec * 1000, env, kernelSnapshot, onSnapshotFailure, progress: (l) => log(`         ${l}`) });
    done++;
    const cells = e.timings.length;
    const what = e.status === "ok" ? `ok, ${cells} cells` : `FAILED (${e.failure!.kind})${e.failure!.cell ? ` in cell ${e.failure!.cell}: ${e.failure!.firstLine}` : ""}`;
    log(`  [${done}/${paths.length}] ${id}: ${what} (${(e.totalMs / 1000).toFixed(1)} s)`);
    if (e.failure) log(e.failure.diagnostic.split("\n").slice(0, 12).map((l) => `         | ${l}`).join("\n"));
    return e;
  });
  const executed = paths.map((p) => inOrder[order.indexOf(p)]);
  const results = executed.map((e) => evaluate(e, o.dataDir, relative(PROJECT_ROOT, e.path)));
  if (o.updateExpected) {
    for (const r of results) {
      if (r.outcome === "failed") {
        log(`  not updating data/${r.id}/expected.json: ${r.failure?.kind === "input" ? `a file it needs cannot be used (${r.failure.diagnostic.split("\n")[0]})` : "the notebook failed"}`);
        continue;
      }
      const file = join(o.dataDir, r.id, "expected.json");
      if (!existsSync(join(o.dataDir, r.id))) {
        log(`  not updating ${file}: no data folder for ${r.id}`);
        continue;
      }
      writeFileSync(file, JSON.stringify(updatedExpected(r, readExpected(o.dataDir, r.id)), null, 2) + "\n");
      log(`  wrote ${relative(process.cwd(), file)}`);
    }
    // Re-evaluate so that the report reflects the new expectations.
    results.splice(0, results.length, ...executed.map((e) => evaluate(e, o.dataDir, relative(PROJECT_ROOT, e.path))));
  }
  if (o.updateTimings) {
    const file = join(o.notebooksDir, "timings.json");
    writeFileSync(file, timingsFileText(executed.map((e) => ({ notebook: e.id, totalMs: e.totalMs }))));
    log(`  wrote ${relative(process.cwd(), file)} (the times that balance --shard)`);
  }
  const shard = o.shard;
  const manifest = shard
    ? (dir: string) => {
        const executedMeta = executed.map(({ notebook: _notebook, ...rest }) => rest);
        writeShardManifest(dir, { tool: "baltic-repro reproduce shard", shard, code: codeIdentity(PROJECT_ROOT), suite, notebooks: executed.map((e) => e.id), results, executed: executedMeta });
      }
    : undefined;
  return finish(o, output, scope, results, executed, started, manifest);
}

/** Write the report of these results into the staged folder, swap it in, summarise, and give the exit status. */
function finish(o: ReproduceOptions, output: StagedOutput, scope: RunScope, results: ArticleResult[], executed: ExecutedNotebook[], started: number, extra?: (dir: string) => void): RunOutcome {
  const report = withScope(buildReport(results), scope);
  writeReport(output.dir, report, executed, results);
  if (o.html) writeHtmlReport(output.dir, report, executed, results, { dataDir: o.dataDir });
  extra?.(output.dir);
  output.commit();
  const s = report.summary;
  const partial = scope.complete ? "" : `PARTIAL RUN (${scope.notebooksInFolder - scope.notRun!.length} of ${scope.notebooksInFolder} notebooks, ${scope.selectedBy}): `;
  log(`reproduce: ${partial}${s.notebooks - s.failed - s.changed} reproduced as recorded, ${s.changed} changed, ${s.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  log(`  printed values: ${Object.entries(s.values).map(([k, v]) => `${v} ${k}`).join(", ") || "none"}; claims: ${Object.entries(s.claims).map(([k, v]) => `${v} ${k}`).join(", ") || "none"}`);
  for (const d of report.differences.slice(0, 30)) log(`  changed: ${d.article} ${d.kind} ${d.key}: expected ${d.expected ?? "(nothing)"}, now ${d.actual ?? "(nothing)"}`);
  if (report.differences.length > 30) log(`  … and ${report.differences.length - 30} more changes (reports/report.md)`);
  for (const a of report.articles) for (const p of a.problems.slice(0, 10)) log(`  problem: ${a.id}: ${p}`);
  log(`  report: ${relative(process.cwd(), join(output.outDir, "report.md"))}${o.html ? `, ${relative(process.cwd(), join(output.outDir, "index.html"))}` : ""}`);
  const ok = s.failed === 0 && s.changed === 0;
  return { exitCode: ok ? 0 : 1, results, executed };
}

async function main(): Promise<void> {
  let options: ReproduceOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) console.error(`reproduce: ${e.message}`);
      console.error(USAGE);
      process.exit(e.message ? 2 : 0);
    }
    throw e;
  }
  // Stop promptly, write nothing, and leave no kernel behind on a signal or when npm/tsx above us has ended.
  stopOnSignalsAndLauncherExit((reason, code) => {
    log(`reproduce: ${reason}; stopping the kernels. No report written: ${displayFile(options.outDir)} keeps the previous run.`);
    process.exit(code); // the exit hooks end every kernel's process group and remove the staged report
  });
  try {
    const { exitCode } = await reproduce(options);
    process.exit(exitCode);
  } catch (e) {
    if (e instanceof UsageError || e instanceof OutputError) {
      console.error(`reproduce: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  }
}

if (process.argv[1] && /reproduce\.ts$/.test(process.argv[1])) void main();
