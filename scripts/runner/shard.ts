/**
 * The suite split across machines: `--shard K/N` runs the K-th of N shards and writes its results to
 * reports/shard-K-of-N/; `--merge DIR…` combines the shard folders into one report — the same report.json,
 * byte for byte, report.md, index.html and exit status as one run of the whole suite. The CI system's own
 * matrix runs the shards (.github/workflows/reproduce.yml).
 *
 * Choosing the shards (deterministic, balanced): notebooks with a recorded time (the committed
 * `notebooks/timings.json`, written by `--update-timings`) go longest first, ties by name, each to the shard
 * with the least time so far (ties to the lowest K) — Graham's LPT rule, within 4/3 of the best split; notebooks
 * without a time are then dealt round-robin in name order, the first to shard 1.
 *
 * Each shard folder holds, besides its report, `shard.json`: the shard's place (K of N), the notebooks of the
 * whole suite, the commit, the uncommitted changes' hash and package-lock.json's hash (merging shards of other
 * code is an error), and each article's evaluated result, so that merging needs no kernel and no re-evaluation.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArticleResult } from "./evaluate";
import type { ExecutedNotebook, NotebookDoc } from "./execute";
import { BadFileError, displayFile, readJsonFile } from "./json-file";

export interface ShardSpec {
  k: number;
  n: number;
}

/** "K/N" → { k, n }, or null when it is not of that form with 1 ≤ K ≤ N. */
export function parseShard(text: string): ShardSpec | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const k = Number(m[1]);
  const n = Number(m[2]);
  return n >= 1 && k >= 1 && k <= n && n <= 10_000 ? { k, n } : null;
}

export const shardFolderName = (s: ShardSpec): string => `shard-${s.k}-of-${s.n}`;

/** The committed timings: notebook id → milliseconds. A missing file is an empty map. */
export function readShardTimings(file: string): Map<string, number> {
  if (!existsSync(file)) return new Map();
  const t = readJsonFile(file, 'recorded timings { "<notebook>": milliseconds }');
  if (typeof t !== "object" || t === null || Array.isArray(t)) throw new BadFileError(file, 'expected an object { "<notebook>": milliseconds }');
  const out = new Map<string, number>();
  for (const [id, ms] of Object.entries(t)) {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new BadFileError(file, `the time of ${JSON.stringify(id)} is not a number of milliseconds ≥ 0`);
    out.set(id, ms);
  }
  return out;
}

/** The timings file of a run, as committed: ids in name order, times rounded to 100 ms (they vary by more). */
export function timingsFileText(totals: readonly { notebook: string; totalMs: number }[]): string {
  const sorted = [...totals].sort((a, b) => (a.notebook < b.notebook ? -1 : a.notebook > b.notebook ? 1 : 0));
  return JSON.stringify(Object.fromEntries(sorted.map((t) => [t.notebook, Math.max(100, Math.round(t.totalMs / 100) * 100)])), null, 2) + "\n";
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Split notebook ids into `n` shards (arrays of ids in name order): timed ones longest first to the least
 * loaded shard, untimed ones round-robin.
 *
 * @example assignShards(["a", "b", "c", "d"], new Map([["a", 5], ["b", 3], ["c", 3]]), 2) // → [["a", "d"], ["b", "c"]]
 */
export function assignShards(ids: readonly string[], timings: ReadonlyMap<string, number>, n: number): string[][] {
  const shards: string[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const timed = ids.filter((id) => timings.has(id)).sort((a, b) => timings.get(b)! - timings.get(a)! || byName(a, b));
  for (const id of timed) {
    let best = 0;
    for (let s = 1; s < n; s++) if (load[s] < load[best]) best = s;
    shards[best].push(id);
    load[best] += timings.get(id)!;
  }
  const untimed = ids.filter((id) => !timings.has(id)).sort(byName);
  untimed.forEach((id, i) => shards[i % n].push(id));
  return shards.map((s) => s.sort(byName));
}

/** What code a shard ran: the commit, a hash of uncommitted changes to tracked files, the lock file's hash. */
export interface CodeIdentity {
  commit: string;
  uncommittedChanges: string | null;
  lockFile: string;
}

export function codeIdentity(root: string): CodeIdentity {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "buffer", maxBuffer: 256 << 20 });
  const head = git("rev-parse", "HEAD");
  const commit = head.status === 0 ? head.stdout.toString().trim() : "unknown (not a git checkout)";
  const diff = head.status === 0 ? git("diff", "HEAD", "--binary") : null;
  const uncommittedChanges = diff && diff.status === 0 && diff.stdout.length ? createHash("sha256").update(diff.stdout).digest("hex").slice(0, 16) : null;
  const lock = join(root, "package-lock.json");
  const lockFile = existsSync(lock) ? createHash("sha256").update(readFileSync(lock)).digest("hex").slice(0, 16) : "none";
  return { commit, uncommittedChanges, lockFile };
}

/** shard.json: everything --merge needs besides the executed notebooks (which are the shard's .ipynb files). */
export interface ShardManifest {
  tool: "baltic-repro reproduce shard";
  shard: ShardSpec;
  code: CodeIdentity;
  /** Every notebook of the suite when the shards were chosen, and this shard's. */
  suite: string[];
  notebooks: string[];
  results: ArticleResult[];
  executed: Omit<ExecutedNotebook, "notebook">[];
}

export const SHARD_FILE = "shard.json";

export function writeShardManifest(dir: string, m: ShardManifest): void {
  writeFileSync(join(dir, SHARD_FILE), JSON.stringify(m) + "\n");
}

/** A shard set that cannot be merged: the message names the folder and what is wrong. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MergeError";
  }
}

/** Read shard folders and check that they are the N shards of one suite, run by the same code. */
export function readShards(dirs: readonly string[], expectedCode: CodeIdentity): { suite: string[]; results: ArticleResult[]; executed: ExecutedNotebook[]; shards: ShardSpec } {
  if (!dirs.length) throw new MergeError("--merge needs at least one shard folder");
  const manifests = dirs.map((dir) => {
    const file = join(dir, SHARD_FILE);
    if (!existsSync(file)) throw new MergeError(`${displayFile(dir)} is not a shard folder (no ${SHARD_FILE}; a shard is written by --shard K/N)`);
    const m = readJsonFile(file, "a shard manifest") as ShardManifest;
    if (m?.tool !== "baltic-repro reproduce shard" || !m.shard || !Array.isArray(m.results)) throw new MergeError(`${displayFile(file)} is not a shard manifest`);
    return { dir, m };
  });
  const first = manifests[0];
  const n = first.m.shard.n;
  const same = (a: CodeIdentity, b: CodeIdentity) => a.commit === b.commit && a.uncommittedChanges === b.uncommittedChanges && a.lockFile === b.lockFile;
  const describe = (c: CodeIdentity) => `commit ${c.commit.slice(0, 12)}${c.uncommittedChanges ? ` with uncommitted changes ${c.uncommittedChanges}` : ""}, package-lock.json ${c.lockFile}`;
  const seenK = new Map<number, string>();
  for (const { dir, m } of manifests) {
    if (m.shard.n !== n) throw new MergeError(`${displayFile(dir)} is shard ${m.shard.k} of ${m.shard.n}, but ${displayFile(first.dir)} is of ${n}`);
    if (seenK.has(m.shard.k)) throw new MergeError(`shard ${m.shard.k} of ${n} is given twice: ${displayFile(seenK.get(m.shard.k)!)} and ${displayFile(dir)}`);
    seenK.set(m.shard.k, dir);
    if (!same(m.code, first.m.code)) throw new MergeError(`the shards ran different code: ${displayFile(dir)} ${describe(m.code)}; ${displayFile(first.dir)} ${describe(first.m.code)}`);
    if (JSON.stringify(m.suite) !== JSON.stringify(first.m.suite)) throw new MergeError(`the shards were chosen from different notebooks: ${displayFile(dir)} and ${displayFile(first.dir)}`);
  }
  if (!same(first.m.code, expectedCode)) throw new MergeError(`the shards ran other code than this checkout: shards ${describe(first.m.code)}; here ${describe(expectedCode)}`);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seenK.has(k));
  if (missing.length) throw new MergeError(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${n} missing (given: ${[...seenK.keys()].sort((a, b) => a - b).join(", ")})`);
  const owner = new Map<string, string>();
  for (const { dir, m } of manifests) {
    for (const id of m.notebooks) {
      if (owner.has(id)) throw new MergeError(`notebook ${id} is in two shards: ${displayFile(owner.get(id)!)} and ${displayFile(dir)}`);
      owner.set(id, dir);
    }
  }
  const notRun = first.m.suite.filter((id) => !owner.has(id));
  if (notRun.length) throw new MergeError(`no shard ran ${notRun.join(", ")}`);
  const results: ArticleResult[] = [];
  const executed: ExecutedNotebook[] = [];
  for (const { dir, m } of manifests) {
    results.push(...m.results);
    for (const e of m.executed) {
      const notebook = readJsonFile(join(dir, `${e.id}.ipynb`), "an executed notebook") as NotebookDoc;
      executed.push({ ...e, notebook });
    }
  }
  // In the order one run has them: by notebook file name.
  const order = (id: string) => first.m.suite.indexOf(id);
  executed.sort((a, b) => order(a.id) - order(b.id));
  const resultOrder = new Map(executed.map((e, i) => [e.id, i]));
  const notebookOf = (r: ArticleResult) => r.notebook.replace(/^.*[\\/]/, "").replace(/\.ipynb$/, "");
  results.sort((a, b) => (resultOrder.get(notebookOf(a)) ?? 0) - (resultOrder.get(notebookOf(b)) ?? 0));
  return { suite: first.m.suite, results, executed, shards: { k: 0, n } };
}
